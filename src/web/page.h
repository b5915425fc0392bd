/* page: what every page people read shares: one layout, one style sheet, one escaping
 * template helper, the CSRF field of forms, and the language (English or Spanish, from the
 * catalogues in web/text.h).
 *
 * Every value printed into a page goes through web_put's "{}", which escapes it; markup is
 * only what the program writes itself. Pages are sent with a CSP that allows no script or
 * inline style and no framing (frame-ancestors 'none'; the server adds X-Frame-Options: DENY
 * to every answer) and are never cached. */
#ifndef BB_WEB_PAGE_H
#define BB_WEB_PAGE_H

#include <stdarg.h>
#include <stdbool.h>

#include "core/buf.h"
#include "http/server.h"
#include "web/text.h"

/* The style sheet's path. */
#define WEB_STYLESHEET "/static/bluebutton.css"

/* Appends s to b, escaped for HTML (element content and quoted attribute values). */
void web_escape(struct buf *b, const char *s);

/* Appends tmpl to b, replacing each "{}" by the next argument (a const char *, escaped;
 * NULL as nothing), "{n}" by the next (a long) and "{html}" by the next (a const char * of
 * markup this program made, as is). */
void web_put(struct buf *b, const char *tmpl, ...);
void web_vput(struct buf *b, const char *tmpl, va_list ap);

/* Begins an answer with a page: its status, headers, the layout (header with the site's name
 * and links, the language's own lang attribute) up to the page's content, then an <h1> of
 * title (escaped). */
void web_page_begin(struct http_response *res, int status, enum web_lang lang, const char *title);
/* Appends to the page's content, as web_put does. */
void web_page_put(struct http_response *res, const char *tmpl, ...);
/* Ends the page (content, footer). */
void web_page_end(struct http_response *res, enum web_lang lang);

/* A whole page with one paragraph of text: the common answer to an error. */
void web_page_message(struct http_response *res, int status, enum web_lang lang, const char *title,
                      const char *text);

/* The answer when the database fails: cause to standard error, a 503 page to the browser. */
void web_page_unavailable(struct http_response *res, enum web_lang lang, const char *cause);

/* The hidden field that carries a form's CSRF token. */
void web_csrf_field(struct buf *b, const char *csrf);

/* The language of a request: lang=es|en in the query (or form) first, else the first of
 * Accept-Language's that is Spanish or English, else English. */
enum web_lang web_lang_of(const struct http_request *req, const char *lang_param);
/* The same choice from the parameter, the Cookie header and the Accept-Language header
 * (each may be NULL). */
enum web_lang web_lang_pick(const char *param, const char *cookies, const char *accept);

/* Whether path is the style sheet; then answers with it. */
bool web_static(const char *path, struct http_response *res);

#endif
