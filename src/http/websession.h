/* websession: browser sessions and the cookies and CSRF checks of forms, shared by the
 * beneficiaries' pages (log-in, consent, dashboard) and the developers' and operators'.
 *
 * A session's id is a random token in an HttpOnly, SameSite=Lax cookie (Secure when the
 * public base is https); the database keeps only its SHA-256, with the session's own CSRF
 * token, which every form of the session repeats. Forms before a session (log-in, sign-up)
 * repeat a random token their page set as a cookie (websession_form_token). */
#ifndef BB_HTTP_WEBSESSION_H
#define BB_HTTP_WEBSESSION_H

#include <stdbool.h>

#include "auth/token.h"
#include "http/server.h"
#include "store/store.h"

/* The value of cookie name, or NULL (malloc'd). */
char *websession_cookie(const struct http_request *req, const char *name);
/* Sets cookie name (HttpOnly, SameSite=Lax, Path=/; Secure when secure); max_age < 0: a
 * cookie for the browser's session, 0: deleted. */
void websession_set_cookie(struct http_response *res, bool secure, const char *name,
                           const char *value, long max_age);
/* Whether given equals want (constant time; false when either is NULL or empty). */
bool websession_same(const char *given, const char *want);

/* The live session of cookie `cookie`: 1 (strings in text), 0 when none or ended. */
int websession_get(struct store *s, const struct http_request *req, const char *cookie,
                   struct store_session *x, struct buf *text, char **cause);
/* Starts a session for a beneficiary (username) or an account (account != 0), lasting ttl_ms;
 * sets its cookie. csrf receives the session's CSRF token. */
int websession_start(struct store *s, struct http_response *res, bool secure, const char *cookie,
                     const char *username, int64_t account, int64_t ttl_ms,
                     char csrf[AUTH_TOKEN_LEN + 1], char **cause);
/* Ends the session of cookie `cookie` (and deletes the cookie). */
int websession_end(struct store *s, const struct http_request *req, struct http_response *res,
                   bool secure, const char *cookie, char **cause);

/* next, a path to send the browser to after a log-in, when it is a local one (a '/' not
 * followed by another or a backslash, of letters, digits, "-._~/" and the characters of
 * `extra`); else fallback. */
const char *websession_next(const char *next, const char *extra, const char *fallback);

/* The value of cookie name in a Cookie header (NULL when absent), malloc'd. */
char *websession_cookie_in(const char *header, const char *name);

/* A form's token before any session: a new one, set as cookie "bb_csrf", to put in the form;
 * and whether a posted form's token is the cookie's. */
void websession_form_token(struct http_response *res, bool secure, char token[AUTH_TOKEN_LEN + 1]);
bool websession_form_ok(const struct http_request *req, const char *posted);

#endif
