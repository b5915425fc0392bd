/* oauth: the authorization server's rules, apart from HTTP: a consent makes (or renews) the
 * app's grant for the beneficiary and an authorization code; the code is exchanged once, with
 * the PKCE verifier, for an access token and a refresh token; refresh tokens rotate and are
 * single use. Blue Button's data access types decide how long a grant lasts and whether it
 * refreshes. Each operation is one committed transaction: a token is in the database before
 * anyone is told it. */
#ifndef BB_AUTH_OAUTH_H
#define BB_AUTH_OAUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/token.h"
#include "core/buf.h"
#include "store/store.h"

#define OAUTH_CODE_TTL_MS  (60 * 1000)
#define OAUTH_ACCESS_TTL_S 3600
#define OAUTH_VERIFIER_MIN 43
#define OAUTH_VERIFIER_MAX 128

/* Blue Button's words for the refusals apps see. */
#define OAUTH_ONE_TIME_REFRESH                                                                     \
	"Your application is not allowed to refresh tokens. To refresh Medicare data, end user "   \
	"must re-authenticate and consent to share their data. If your application needs to "      \
	"refresh tokens, contact us at BlueButtonAPI@cms.hhs.gov."
#define OAUTH_ACCESS_EXPIRED                                                                       \
	"User access has timed out. To refresh Medicare data, end user must re-authenticate and "  \
	"consent to share their data."
#define OAUTH_ACCESS_NOT_FOUND                                                                     \
	"User access cannot be found. To refresh Medicare data, end user must re-authenticate "    \
	"and consent to share their data."

/* A token revoked (alone, or with its grant's) or expired. */
#define OAUTH_TOKEN_REVOKED "Authentication credentials were not provided."

/* A refusal: HTTP status, RFC 6749 error code, and words. */
struct oauth_error {
	int status;
	const char *error;
	char description[512];
};

/* What a token endpoint answers with. */
struct oauth_tokens {
	char access_token[AUTH_TOKEN_LEN + 1];
	char refresh_token[AUTH_TOKEN_LEN + 1];
	long expires_in;
	struct buf scope;
	int64_t patient;
	int64_t grant_expires; /* ms since 1970; 0: never */
};

/* Whether the app is inactive: then err says so (403 invalid_client, Blue Button's words). */
bool oauth_app_inactive(const struct store_app *app, struct oauth_error *err);
/* When a grant made at now by an app of this data access type ends (0: never). */
int64_t oauth_grant_expiry(const char *data_access_type, int64_t now_ms);
/* Whether verifier is a PKCE verifier (43 to 128 unreserved characters) whose S256 is
 * challenge (a trailing '=' on the challenge is tolerated, as Blue Button does). */
bool oauth_pkce_ok(const char *verifier, const char *challenge);

/* The beneficiary consents: the app's grant for the user is made or renewed with scope (and
 * the grant's earlier tokens revoked: a new consent replaces them), and a code bound to
 * redirect_uri and the PKCE challenge is written into code. */
int oauth_consent(struct store *s, const struct store_app *app, const struct store_user *user,
                  const char *scope, const char *redirect_uri, const char *challenge, int64_t now,
                  char code[AUTH_TOKEN_LEN + 1], char **cause);
/* Exchanges a code. Returns 0 (out filled: the caller frees out->scope), 1 when refused (err
 * says why; a code used a second time revokes what it gave), -1 on a store error. */
int oauth_exchange_code(struct store *s, const struct store_app *app, const char *code,
                        const char *redirect_uri, const char *verifier, int64_t now,
                        struct oauth_tokens *out, struct oauth_error *err, char **cause);
/* Refreshes: the refresh token is used up and a new pair made, with scope (NULL: the same;
 * else a subset of it). Returns as oauth_exchange_code; a refresh token used a second time
 * revokes every token of its grant. */
int oauth_refresh(struct store *s, const struct store_app *app, const char *refresh,
                  const char *scope, int64_t now, struct oauth_tokens *out, struct oauth_error *err,
                  char **cause);

/* Whether an access token that auth_check found valid may be used now: an app's token needs
 * its app active (else 401 with Blue Button's words) and its grant present (else 403) and not
 * expired (else 401, Blue Button's words). Returns 1 (usable), 0 (refused: *status and
 * words set), -1 on a store error. */
int oauth_token_usable(struct store *s, const struct store_token *t, int64_t now, int *status,
                       char words[512], char **cause);

#endif
