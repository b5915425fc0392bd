#include "http/authorize_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth/apps.h"
#include "auth/oauth.h"
#include "auth/password.h"
#include "auth/token.h"
#include "core/clock.h"
#include "core/fatal.h"
#include "fhir/query.h"
#include "http/routes.h"
#include "http/websession.h"
#include "web/page.h"

#define REQUEST_TTL_MS (600 * 1000)
#define SESSION_TTL_MS (30 * 60 * 1000)
#define AUTHORIZE      "/v2/o/authorize"
#define LOGIN          "/mymedicare/login"

static bool is(const char *path, const char *want)
{
	return http_route_path_len(path) == strlen(want) && strncmp(path, want, strlen(want)) == 0;
}

/* The <id> of /v2/o/authorize/<id>/, or NULL. */
static const char *consent_id(const char *path, char id[64])
{
	static const char prefix[] = AUTHORIZE "/";
	if (strncmp(path, prefix, sizeof prefix - 1) != 0)
		return NULL;
	const char *p = path + sizeof prefix - 1;
	size_t n = strcspn(p, "/");
	if (n == 0 || n >= 64 || (p[n] == '/' && p[n + 1] != '\0'))
		return NULL;
	memcpy(id, p, n);
	id[n] = '\0';
	return id;
}

/* Adds ,"trace":"…" to a log line: the authorization flow's trace id, the same from the
 * authorize request through login to the consent (32 hex digits of SHA-256 of the pending
 * request's id, which itself is never logged: it opens the consent page). */
static void log_trace(struct buf *log, const char *request_id)
{
	char hash[65];
	char *seed = xasprintf("trace:%s", request_id);
	auth_sha256_hex(seed, strlen(seed), hash);
	free(seed);
	buf_printf(log, ",\"trace\":\"%.32s\"", hash);
}

/* Blue Button's JSON for a bad authorization request: {"status_code": 400, …}. */
static void bad_request(struct http_response *res, const char *error, const char *text)
{
	res->status = 400;
	res->content_type = "application/json";
	buf_reset(&res->body);
	buf_puts(&res->body, "{\"status_code\":400,");
	if (error) {
		buf_puts(&res->body, "\"error\":");
		json_put_string(&res->body, error);
		buf_puts(&res->body, ",\"error_description\":");
	} else {
		buf_puts(&res->body, "\"message\":");
	}
	json_put_string(&res->body, text);
	buf_putc(&res->body, '}');
}

static void redirect(struct http_response *res, const char *location)
{
	res->status = 302;
	http_set_header(res, "Location", location);
	buf_reset(&res->body);
}

/* The beneficiary logged in on this browser: 1, 0 when none. */
static int session_of(struct store *s, const struct http_request *req, struct store_session *x,
                      struct buf *text, char **cause)
{
	int found = websession_get(s, req, "bb_session", x, text, cause);
	return found > 0 && x->username && *x->username ? 1 : found < 0 ? -1 : 0;
}

/* Whether uri is one of the app's (space-separated): exactly, or, for http on a loopback
 * address, with any port. */
static bool redirect_ok(const char *registered, const char *uri)
{
	for (const char *p = registered; *p;) {
		p += strspn(p, " ");
		size_t n = strcspn(p, " ");
		if (n && strlen(uri) == n && strncmp(p, uri, n) == 0)
			return true;
		/* http://127.0.0.1:PORT/path ~ http://127.0.0.1:OTHER/path */
		static const char *const loopbacks[] = {"http://127.0.0.1", "http://localhost",
		                                        "http://[::1]"};
		for (size_t i = 0; n && i < 3; i++) {
			size_t l = strlen(loopbacks[i]);
			if (n < l || strncmp(p, loopbacks[i], l) != 0 ||
			    strncmp(uri, loopbacks[i], l) != 0)
				continue;
			const char *rp = p + l, *up = uri + l;
			if (*rp == ':')
				rp += strspn(rp + 1, "0123456789") + 1;
			if (*up == ':')
				up += strspn(up + 1, "0123456789") + 1;
			size_t rest = n - (size_t)(rp - p);
			if (strlen(up) == rest && strncmp(rp, up, rest) == 0)
				return true;
		}
		p += n;
	}
	return false;
}

static bool in_list(const char *list, const char *item, size_t n)
{
	for (const char *p = list; *p;) {
		p += strspn(p, " ");
		size_t m = strcspn(p, " ");
		if (m == n && strncmp(p, item, n) == 0)
			return true;
		p += m;
	}
	return false;
}

static bool demographic(const char *scope, size_t n)
{
	return (n == 7 && strncmp(scope, "profile", 7) == 0) ||
	       (n > 16 && strncmp(scope, "patient/Patient.", 16) == 0);
}

/* The scopes of want that are in have, without the demographic ones when strip. */
static void intersect(struct buf *out, const char *want, const char *have, bool strip)
{
	buf_reset(out);
	for (const char *p = want; *p;) {
		p += strspn(p, " ");
		size_t n = strcspn(p, " ");
		if (n && in_list(have, p, n) && !in_list(buf_cstr(out), p, n) &&
		    !(strip && demographic(p, n))) {
			if (out->len)
				buf_putc(out, ' ');
			buf_append(out, p, n);
		}
		p += n;
	}
}

/* GET|POST /v2/o/authorize(/): the app's request, checked. */
static void start(struct store *s, const struct http_request *req, struct http_response *res,
                  bool production)
{
	bool post = strcmp(req->method, "POST") == 0;
	char *text = post ? xasprintf("%.*s", (int)req->body_len, req->body)
	                  : xstrdup(req->query ? req->query : "");
	struct query q = {0};
	const char *bad;
	char *cause = NULL;
	struct store_app app;
	struct buf apptext = BUF_INIT, scope = BUF_INIT, stext = BUF_INIT;
	if (query_parse(&q, text, &bad) < 0) {
		bad_request(res, NULL, "The request's parameters are not valid.");
		goto out;
	}
	if (query_get(&q, "client_secret")) {
		bad_request(res, NULL, "Illegal query parameter [client_secret] detected");
		goto out;
	}
	static const char *const required[] = {"response_type",  "client_id",
	                                       "redirect_uri",   "state",
	                                       "code_challenge", "code_challenge_method"};
	struct buf missing = BUF_INIT;
	for (size_t i = 0; i < sizeof required / sizeof *required; i++) {
		const char *v = query_get(&q, required[i]);
		if (v == NULL || *v == '\0') {
			buf_puts(&missing, missing.len ? ", " : "Missing Required Parameter(s): ");
			buf_puts(&missing, required[i]);
		}
	}
	if (missing.len) {
		bad_request(res, NULL, buf_cstr(&missing));
		buf_free(&missing);
		goto out;
	}
	buf_free(&missing);
	if (strcmp(query_get(&q, "response_type"), "code") != 0) {
		bad_request(res, "unsupported_response_type", "response_type must be code");
		goto out;
	}
	if (strcmp(query_get(&q, "code_challenge_method"), "S256") != 0) {
		bad_request(res, "invalid_request", "code_challenge_method must be S256");
		goto out;
	}
	const char *state = query_get(&q, "state");
	if (strlen(state) < 16) {
		bad_request(res, NULL, "State parameter should have a minimum of 16 characters");
		goto out;
	}
	const char *challenge = query_get(&q, "code_challenge");
	if (strlen(challenge) < 43 || strlen(challenge) > 128) {
		bad_request(res, "invalid_request", "code_challenge is not a S256 challenge");
		goto out;
	}
	int found = s ? store_get_app(s, query_get(&q, "client_id"), &app, &apptext, &cause) : -1;
	if (found < 0)
		goto error;
	if (!found) {
		bad_request(res, "invalid_request", "Invalid client_id parameter value.");
		goto out;
	}
	const char *uri = query_get(&q, "redirect_uri");
	if (!redirect_ok(app.redirect_uris, uri)) {
		bad_request(res, "invalid_request", "Mismatching redirect URI.");
		goto out;
	}
	enum web_lang lang = web_lang_of(req, query_get(&q, "lang"));
	/* An inactive app, or (in production) one not approved, starts nothing. */
	int refused = !app.active ? T_APP_INACTIVE
	              : production && strcmp(app.status ? app.status : "", "approved") != 0
	                  ? T_APP_NOT_APPROVED
	                  : -1;
	if (refused >= 0) {
		web_page_begin(res, 403, lang, web_text(lang, T_APP_INACTIVE_TITLE));
		web_page_put(res, "<p>");
		web_page_put(res, web_text(lang, (enum web_msg)refused), app.name);
		web_page_put(res, "</p>");
		web_page_end(res, lang);
		goto out;
	}
	/* Granted = asked ∩ the app's (all of the app's when nothing is asked). */
	const char *asked = query_get(&q, "scope");
	intersect(&scope, asked ? asked : app.scopes, app.scopes, false);
	char id[AUTH_TOKEN_LEN + 1];
	auth_token_new(id);
	int64_t now = clock_wall_ms();
	struct store_auth_request r = {id,    app.client_id, uri, buf_cstr(&scope),
	                               state, challenge,     now, now + REQUEST_TTL_MS};
	if (store_put_auth_request(s, &r, &cause) < 0)
		goto error;
	char consent[128], location[256];
	snprintf(consent, sizeof consent, AUTHORIZE "/%s/", id);
	struct store_session x;
	int logged_in = session_of(s, req, &x, &stext, &cause);
	if (logged_in < 0)
		goto error;
	if (logged_in)
		redirect(res, consent);
	else {
		snprintf(location, sizeof location, LOGIN "?next=%s", consent);
		redirect(res, location);
	}
	/* The language asked for (lang=es|en) holds for the log-in and consent that follow. */
	if (query_get(&q, "lang"))
		websession_set_cookie(res, false, "bb_lang", web_lang_code(lang), -1);
	/* The flow begins: what the app asked, with the state it will get back. */
	buf_puts(&res->log, ",\"oauth\":{\"event\":\"authorize\",\"client_id\":");
	json_put_string(&res->log, app.client_id);
	log_trace(&res->log, id);
	buf_puts(&res->log, ",\"state\":");
	json_put_string(&res->log, state);
	buf_puts(&res->log, ",\"code_challenge_method\":\"S256\",\"scope\":");
	json_put_string(&res->log, buf_cstr(&scope));
	buf_putc(&res->log, '}');
	goto out;
error:
	fprintf(stderr, "bluebutton serve: %s\n", cause ? cause : "no database");
	bad_request(res, "server_error", "The service cannot be reached.");
	res->status = 503;
out:
	free(cause);
	free(text);
	query_free(&q);
	buf_free(&apptext);
	buf_free(&scope);
	buf_free(&stext);
}

/* A relative path to go to after login ("/v2/o/authorize/…"), else "/". */
static const char *safe_next(const char *next)
{
	return websession_next(next, "?=&%", "/");
}

static void login_page(struct http_response *res, int status, enum web_lang lang, const char *next,
                       const char *csrf, const char *error)
{
	web_page_begin(res, status, lang, web_text(lang, T_LOGIN_TITLE));
	if (error)
		web_page_put(res, "<p class=\"error\" role=\"alert\">{}</p>", error);
	web_page_put(res,
	             "<p>{}</p><form method=\"post\" action=\"" LOGIN "\">"
	             "<input type=\"hidden\" name=\"next\" value=\"{}\">",
	             web_text(lang, T_LOGIN_SANDBOX), next);
	web_csrf_field(&res->body, csrf);
	web_page_put(res,
	             "<label for=\"username\">{}</label><input type=\"text\" id=\"username\" "
	             "name=\"username\" autocomplete=\"username\" required>"
	             "<label for=\"password\">{}</label><input type=\"password\" id=\"password\" "
	             "name=\"password\" autocomplete=\"current-password\" required>"
	             "<button type=\"submit\">{}</button></form>",
	             web_text(lang, T_USERNAME), web_text(lang, T_PASSWORD),
	             web_text(lang, T_LOGIN_SUBMIT));
	web_page_end(res, lang);
}

/* /mymedicare/login: the form (GET), and logging in (POST). The login form's CSRF token is a
 * cookie the form repeats (no session exists yet). */
static void login(const struct authorize_http *h, struct store *s, const struct http_request *req,
                  struct http_response *res)
{
	struct buf base = BUF_INIT, utext = BUF_INIT;
	http_public_base(req, h->base_url, h->trust_proxy, &base, res);
	bool secure = strncmp(buf_cstr(&base), "https://", 8) == 0;
	char *text = NULL, *cause = NULL;
	struct query q = {0};
	const char *bad;
	if (strcmp(req->method, "POST") != 0) {
		char *qs = xstrdup(req->query ? req->query : "");
		query_parse(&q, qs, &bad);
		char csrf[AUTH_TOKEN_LEN + 1];
		websession_form_token(res, secure, csrf);
		enum web_lang lang = web_lang_of(req, query_get(&q, "lang"));
		login_page(res, 200, lang, safe_next(query_get(&q, "next")), csrf, NULL);
		free(qs);
		goto out;
	}
	text = xasprintf("%.*s", (int)req->body_len, req->body);
	enum web_lang lang = web_lang_of(req, NULL);
	if (query_parse(&q, text, &bad) < 0) {
		web_page_message(res, 400, lang, web_text(lang, T_BAD_REQUEST),
		                 web_text(lang, T_BAD_REQUEST));
		goto out;
	}
	const char *next = safe_next(query_get(&q, "next"));
	const char *csrf = query_get(&q, "csrf"), *user = query_get(&q, "username"),
	           *password = query_get(&q, "password");
	if (!websession_form_ok(req, csrf)) {
		web_page_message(res, 403, lang, web_text(lang, T_FORBIDDEN),
		                 web_text(lang, T_FORM_EXPIRED));
		goto out;
	}
	/* Throttled: too many failures for the username or from the address. */
	/* The client's address: behind a trusted proxy, the first of X-Forwarded-For. */
	char addr[64];
	const char *xff = h->trust_proxy ? http_header(req, "X-Forwarded-For") : NULL;
	if (xff && *xff)
		snprintf(addr, sizeof addr, "%.*s", (int)strcspn(xff, ", "), xff);
	else
		http_remote_addr(req, addr, sizeof addr);
	uint64_t ukey = ratelimit_key(user ? user : "", false), akey = ratelimit_key(addr, false);
	int64_t now = clock_wall_ms();
	if ((h->login_user &&
	     ratelimit_used(h->login_user, ukey, now) >= ratelimit_limit(h->login_user)) ||
	    (h->login_addr &&
	     ratelimit_used(h->login_addr, akey, now) >= ratelimit_limit(h->login_addr))) {
		web_page_message(res, 429, lang, web_text(lang, T_THROTTLED_TITLE),
		                 web_text(lang, T_THROTTLED));
		http_set_header(res, "Retry-After", "900");
		buf_puts(&res->log, ",\"oauth\":{\"event\":\"login_throttled\"}");
		goto out;
	}
	struct store_user u;
	int found = user && password ? store_get_user(s, user, &u, &utext, &cause) : 0;
	if (found < 0) {
		web_page_unavailable(res, lang, cause);
		goto out;
	}
	if (!password_verify_account(found ? u.password_hash : NULL, password)) {
		long left;
		if (h->login_user)
			ratelimit_take(h->login_user, ukey, now, &left, &left);
		if (h->login_addr)
			ratelimit_take(h->login_addr, akey, now, &left, &left);
		login_page(res, 401, lang, next, csrf, web_text(lang, T_LOGIN_FAILED));
		buf_printf(&res->log, ",\"oauth\":{\"event\":\"login_failed\"}");
		goto out;
	}
	char session_csrf[AUTH_TOKEN_LEN + 1];
	if (websession_start(s, res, secure, "bb_session", u.username, 0, SESSION_TTL_MS,
	                     session_csrf, &cause) < 0) {
		web_page_unavailable(res, lang, cause);
		goto out;
	}
	redirect(res, next);
	buf_puts(&res->log, ",\"oauth\":{\"event\":\"login\",\"username\":");
	json_put_string(&res->log, u.username);
	char request_id[64];
	if (consent_id(next, request_id))
		log_trace(&res->log, request_id);
	buf_putc(&res->log, '}');
out:
	free(text);
	free(cause);
	query_free(&q);
	buf_free(&base);
	buf_free(&utext);
}

static void consent(struct store *s, const struct http_request *req, struct http_response *res,
                    const char *id)
{
	struct buf stext = BUF_INIT, rtext = BUF_INIT, atext = BUF_INIT, utext = BUF_INIT,
	           scope = BUF_INIT, location = BUF_INIT;
	char *cause = NULL, *text = NULL;
	struct query q = {0};
	const char *bad;
	struct store_session x;
	char *qs = xstrdup(req->query ? req->query : "");
	struct query qq = {0};
	query_parse(&qq, qs, &bad);
	enum web_lang lang = web_lang_of(req, query_get(&qq, "lang"));
	query_free(&qq);
	free(qs);
	int logged_in = s ? session_of(s, req, &x, &stext, &cause) : -1;
	if (logged_in < 0)
		goto error;
	if (!logged_in) {
		char next[192];
		snprintf(next, sizeof next, LOGIN "?next=" AUTHORIZE "/%s/", id);
		redirect(res, next);
		goto out;
	}
	struct store_auth_request r;
	int found = store_get_auth_request(s, id, &r, &rtext, &cause);
	if (found < 0)
		goto error;
	struct store_app app;
	int has_app = found ? store_get_app(s, r.client_id, &app, &atext, &cause) : 0;
	if (has_app < 0)
		goto error;
	if (!found || !has_app || clock_wall_ms() >= r.expires) {
		res->status = 404;
		res->content_type = "application/json";
		buf_puts(&res->body, "{\"status_code\":404,\"message\":\"Not found.\"}");
		goto out;
	}
	bool asks_personal = false;
	for (const char *p = r.scope; *p;) {
		p += strspn(p, " ");
		size_t n = strcspn(p, " ");
		asks_personal |= n && demographic(p, n);
		p += n;
	}
	bool choice = app.require_demographic && asks_personal;
	if (strcmp(req->method, "POST") != 0) {
		web_page_begin(res, 200, lang, web_text(lang, T_CONSENT_TITLE));
		web_page_put(res, "<p><strong>{}</strong> {}</p><ul>", app.name,
		             web_text(lang, T_CONSENT_ASKS));
		bool shown[WEB_MSGS] = {false};
		for (const char *p = r.scope; *p;) {
			p += strspn(p, " ");
			size_t n = strcspn(p, " ");
			int w = web_scope_msg(p, n);
			if (w >= 0 && !shown[w] &&
			    (app.require_demographic || !demographic(p, n))) {
				shown[w] = true;
				web_page_put(res, "<li>{}</li>", web_text(lang, (enum web_msg)w));
			}
			p += n;
		}
		web_page_put(res, "</ul><form method=\"post\">");
		web_csrf_field(&res->body, x.csrf);
		if (choice)
			web_page_put(res,
			             "<label class=\"check\"><input type=\"checkbox\" "
			             "name=\"share_personal\" value=\"yes\" checked> {}</label>",
			             web_text(lang, T_SHARE_PERSONAL));
		web_page_put(res,
		             "<button type=\"submit\" name=\"action\" value=\"allow\">{}</button>"
		             "<button type=\"submit\" name=\"action\" value=\"deny\" "
		             "class=\"secondary\">{}</button></form>",
		             web_text(lang, T_ALLOW), web_text(lang, T_DENY));
		web_page_end(res, lang);
		goto out;
	}
	text = xasprintf("%.*s", (int)req->body_len, req->body);
	const char *csrf = query_parse(&q, text, &bad) == 0 ? query_get(&q, "csrf") : NULL;
	if (!websession_same(csrf, x.csrf)) {
		web_page_message(res, 403, lang, web_text(lang, T_FORBIDDEN),
		                 web_text(lang, T_FORM_EXPIRED));
		goto out;
	}
	const char *action = query_get(&q, "action");
	bool allow = action && strcmp(action, "allow") == 0;
	const char *share = query_get(&q, "share_personal");
	/* Demographic scopes only for apps that ask for them, and only when the box is ticked. */
	intersect(&scope, r.scope, r.scope,
	          !app.require_demographic || (choice && !(share && strcmp(share, "yes") == 0)));
	buf_puts(&location, r.redirect_uri);
	buf_putc(&location, strchr(r.redirect_uri, '?') ? '&' : '?');
	if (!allow || scope.len == 0) {
		buf_puts(&location, "error=access_denied&state=");
		query_encode(&location, r.state);
		if (store_delete_auth_request(s, id, &cause) < 0)
			goto error;
		redirect(res, buf_cstr(&location));
		buf_printf(&res->log, ",\"oauth\":{\"event\":\"consent_denied\",\"client_id\":");
		json_put_string(&res->log, app.client_id);
		log_trace(&res->log, id);
		buf_putc(&res->log, '}');
		goto out;
	}
	struct store_user u;
	found = store_get_user(s, x.username, &u, &utext, &cause);
	if (found <= 0)
		goto error;
	char code[AUTH_TOKEN_LEN + 1];
	if (oauth_consent(s, &app, &u, buf_cstr(&scope), r.redirect_uri, r.challenge,
	                  clock_wall_ms(), code, &cause) < 0 ||
	    store_delete_auth_request(s, id, &cause) < 0)
		goto error;
	buf_puts(&location, "code=");
	buf_puts(&location, code);
	buf_puts(&location, "&state=");
	query_encode(&location, r.state);
	redirect(res, buf_cstr(&location));
	char code_hash[65];
	auth_sha256_hex(code, strlen(code), code_hash);
	buf_puts(&res->log, ",\"oauth\":{\"event\":\"consent\",\"client_id\":");
	json_put_string(&res->log, app.client_id);
	log_trace(&res->log, id);
	/* The token request that spends the code logs its hash too. */
	buf_printf(&res->log, ",\"code_sha256\":\"%s\",\"scope\":", code_hash);
	json_put_string(&res->log, buf_cstr(&scope));
	buf_printf(&res->log, ",\"share_personal\":%s}",
	           choice ? (share && strcmp(share, "yes") == 0 ? "true" : "false") : "null");
	goto out;
error:
	web_page_unavailable(res, lang, cause ? cause : "the consent failed");
out:
	free(cause);
	free(text);
	query_free(&q);
	buf_free(&stext);
	buf_free(&rtext);
	buf_free(&atext);
	buf_free(&utext);
	buf_free(&scope);
	buf_free(&location);
}

void authorize_http_handle(const struct authorize_http *h, struct store *s,
                           const struct http_request *req, struct http_response *res)
{
	char id[64];
	if (is(req->path, AUTHORIZE))
		start(s, req, res, h->production);
	else if (is(req->path, LOGIN) && h->production) {
		/* Production beneficiaries log in through Medicare's own accounts, which this
		 * server does not have: the synthetic users' log-in is the sandbox's only. */
		enum web_lang lang = web_lang_of(req, NULL);
		web_page_message(res, 403, lang, web_text(lang, T_FORBIDDEN),
		                 web_text(lang, T_NO_SANDBOX_LOGIN));
	} else if (is(req->path, LOGIN))
		login(h, s, req, res);
	else if (consent_id(req->path, id)) {
		res->log_path = AUTHORIZE "/{id}/"; /* the id opens the page: its trace is logged */
		log_trace(&res->log, id);
		consent(s, req, res, id);
	}
}
