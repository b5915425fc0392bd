#include "http/oauth_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "auth/apps.h"
#include "auth/oauth.h"
#include "core/clock.h"
#include "core/fatal.h"
#include "core/json.h"
#include "fhir/api.h"
#include "fhir/query.h"
#include "http/bearer.h"

#include <openssl/evp.h>

enum route {
	NONE,
	OPENID_CONFIGURATION,
	SMART_CONFIGURATION,
	TOKEN,
	REVOKE_TOKEN,
	REVOKE,
	INTROSPECT,
	USERINFO,
	EXPIRE_USER,
	TOKENS
};

#define TOKENS_PREFIX "/v2/o/tokens"

#define EXPIRE_PREFIX "/v2/o/expire_authenticated_user/"

/* The patient of /v2/o/expire_authenticated_user/<patient>/, or false. */
static bool expire_patient(const char *path, int64_t *patient)
{
	if (strncmp(path, EXPIRE_PREFIX, sizeof EXPIRE_PREFIX - 1) != 0)
		return false;
	char id[32];
	const char *p = path + sizeof EXPIRE_PREFIX - 1;
	size_t n = strcspn(p, "/");
	if (n == 0 || n >= sizeof id || (p[n] == '/' && p[n + 1] != '\0'))
		return false;
	memcpy(id, p, n);
	id[n] = '\0';
	return fhir_parse_id(id, patient) == 0;
}

static enum route route_of(const char *path)
{
	int64_t patient;
	if (expire_patient(path, &patient))
		return EXPIRE_USER;
	if (strncmp(path, TOKENS_PREFIX, sizeof TOKENS_PREFIX - 1) == 0 &&
	    (path[sizeof TOKENS_PREFIX - 1] == '\0' || path[sizeof TOKENS_PREFIX - 1] == '/'))
		return TOKENS;
	static const struct {
		const char *path;
		enum route r;
	} routes[] = {
	    {"/.well-known/openid-configuration", OPENID_CONFIGURATION},
	    {"/v2/connect/.well-known/openid-configuration", OPENID_CONFIGURATION},
	    {"/v2/fhir/.well-known/smart-configuration", SMART_CONFIGURATION},
	    {"/v2/o/token", TOKEN},
	    {"/v2/o/revoke_token", REVOKE_TOKEN},
	    {"/v2/o/revoke", REVOKE},
	    {"/v2/o/introspect", INTROSPECT},
	    {"/v2/connect/userinfo", USERINFO},
	};
	size_t n = strlen(path);
	if (n > 1 && path[n - 1] == '/')
		n--;
	for (size_t i = 0; i < sizeof routes / sizeof *routes; i++)
		if (strlen(routes[i].path) == n && strncmp(path, routes[i].path, n) == 0)
			return routes[i].r;
	return NONE;
}

static void key_url(struct json *j, const char *key, const char *base, const char *path)
{
	json_key(j, key);
	json_value_raw(j);
	buf_putc(j->b, '"');
	json_escape(j->b, base, strlen(base));
	buf_puts(j->b, path);
	buf_putc(j->b, '"');
}

static void strings(struct json *j, const char *key, const char *const *v, size_t n)
{
	json_key(j, key);
	json_array(j);
	for (size_t i = 0; i < n; i++)
		json_string(j, v[i]);
	json_end_array(j);
}

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* The endpoints as Blue Button publishes them (authorize and revoke without their final
 * '/', token with it). */
static void endpoints(struct json *j, const char *base)
{
	key_url(j, "authorization_endpoint", base, "/v2/o/authorize");
	key_url(j, "revocation_endpoint", base, "/v2/o/revoke_token");
	key_url(j, "token_endpoint", base, "/v2/o/token/");
}

static void openid_configuration(struct json *j, const char *base)
{
	static const char *const locales[] = {"en-US"};
	static const char *const grants[] = {"refresh_token", "authorization_code"};
	static const char *const responses[] = {"code", "token"};
	json_object(j);
	key_url(j, "issuer", base, "");
	endpoints(j, base);
	key_url(j, "userinfo_endpoint", base, "/v2/connect/userinfo");
	strings(j, "ui_locales_supported", locales, COUNT(locales));
	key_url(j, "service_documentation", base, "/docs");
	key_url(j, "op_tos_uri", base, "/terms");
	strings(j, "grant_types_supported", grants, COUNT(grants));
	strings(j, "response_types_supported", responses, COUNT(responses));
	key_url(j, "fhir_metadata_uri", base, "/v2/fhir/metadata");
	json_end_object(j);
}

static void smart_configuration(struct json *j, const char *base)
{
	static const char *const grants[] = {"authorization_code"};
	static const char *const responses[] = {"code", "token"};
	static const char *const scopes[] = {
	    "openid",
	    "profile",
	    "launch/patient",
	    "patient/Patient.read",
	    "patient/ExplanationOfBenefit.read",
	    "patient/Coverage.read",
	    "patient/Patient.rs",
	    "patient/ExplanationOfBenefit.rs",
	    "patient/Coverage.rs",
	};
	static const char *const challenges[] = {"S256"};
	static const char *const capabilities[] = {
	    "client-confidential-symmetric",
	    "context-standalone-patient",
	    "launch-standalone",
	    "permission-offline",
	    "permission-patient",
	    "permission-v1",
	    "permission-v2",
	    "authorize-post",
	};
	json_object(j);
	endpoints(j, base);
	strings(j, "grant_types_supported", grants, COUNT(grants));
	strings(j, "response_types_supported", responses, COUNT(responses));
	strings(j, "scopes_supported", scopes, COUNT(scopes));
	strings(j, "code_challenge_methods_supported", challenges, COUNT(challenges));
	strings(j, "capabilities", capabilities, COUNT(capabilities));
	json_end_object(j);
}

/* {"error": error, "error_description": text} (RFC 6749 5.2). */
static void token_error(struct http_response *res, int status, const char *error, const char *text)
{
	res->status = status;
	buf_reset(&res->body);
	buf_puts(&res->body, "{\"error\":");
	json_put_string(&res->body, error);
	buf_puts(&res->body, ",\"error_description\":");
	json_put_string(&res->body, text);
	buf_putc(&res->body, '}');
}

/* The client's credentials: HTTP Basic (RFC 6749 2.3.1: each part form-encoded) or the
 * form's client_id and client_secret. Fills id and secret (malloc'd; secret may be NULL);
 * false when Basic is malformed. */
static bool client_credentials(const struct http_request *req, const struct query *form, char **id,
                               char **secret, bool *basic)
{
	const char *auth = http_header(req, "Authorization");
	*id = *secret = NULL;
	*basic = auth && strncasecmp(auth, "Basic ", 6) == 0;
	if (*basic) {
		const char *b64 = auth + 6 + strspn(auth + 6, " ");
		size_t n = strlen(b64);
		if (n == 0 || n > 4096 || n % 4)
			return false;
		unsigned char *raw = xmalloc(n);
		int len = EVP_DecodeBlock(raw, (const unsigned char *)b64, (int)n);
		if (len < 0) {
			free(raw);
			return false;
		}
		/* EVP_DecodeBlock counts padding as bytes: drop them. */
		if (n >= 1 && b64[n - 1] == '=')
			len--;
		if (n >= 2 && b64[n - 2] == '=')
			len--;
		char *text = xasprintf("%.*s", len, (const char *)raw);
		free(raw);
		char *colon = strchr(text, ':');
		if (colon == NULL || strlen(text) != (size_t)len) { /* no NUL inside */
			free(text);
			return false;
		}
		*colon = '\0';
		if (query_decode(text) < 0 || query_decode(colon + 1) < 0) {
			free(text);
			return false;
		}
		*id = xstrdup(text);
		*secret = xstrdup(colon + 1);
		free(text);
		return true;
	}
	const char *fid = query_get(form, "client_id"), *fsecret = query_get(form, "client_secret");
	*id = fid ? xstrdup(fid) : NULL;
	*secret = fsecret ? xstrdup(fsecret) : NULL;
	return true;
}

/* "%Y-%m-%dT%H:%M:%SZ", or "" for never. */
static void expiration_text(int64_t ms, char out[32])
{
	if (ms == 0) {
		out[0] = '\0';
		return;
	}
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* POST /v2/o/token/: authorization_code and refresh_token grants. */
/* A client's request to the token, revocation or introspection endpoint: its form and the
 * app that authenticated. */
struct client_call {
	struct query form;
	char *text;
	struct store_app app;
	struct buf apptext;
};

static void client_call_free(struct client_call *cc)
{
	query_free(&cc->form);
	free(cc->text);
	buf_free(&cc->apptext);
}

/* Parses the form and authenticates the client (RFC 6749 2.3: HTTP Basic or the form's
 * client_id and client_secret; a public client names itself and proves nothing but PKCE).
 * False when answered: 400 for a bad form, 401 invalid_client, 503. */
static bool client_begin(struct store *s, const struct http_request *req, struct http_response *res,
                         struct client_call *cc)
{
	const char *bad;
	char *id = NULL, *secret = NULL, *cause = NULL;
	bool basic = false, ok = false;
	memset(cc, 0, sizeof *cc);
	cc->apptext = (struct buf)BUF_INIT;
	cc->text = xasprintf("%.*s", (int)req->body_len, req->body);
	if (memchr(req->body, '\0', req->body_len) || query_parse(&cc->form, cc->text, &bad) < 0) {
		token_error(res, 400, "invalid_request", "The request body is not a valid form.");
		goto out;
	}
	if (!client_credentials(req, &cc->form, &id, &secret, &basic) || id == NULL) {
		token_error(res, 401, "invalid_client", "Client authentication failed.");
		goto out;
	}
	int found = s ? store_get_app(s, id, &cc->app, &cc->apptext, &cause) : -1;
	if (found < 0) {
		fprintf(stderr, "bluebutton serve: %s\n", cause ? cause : "no database");
		token_error(res, 503, "temporarily_unavailable", "The service cannot be reached.");
		goto out;
	}
	if (!found ||
	    (cc->app.public_client ? secret && *secret : !apps_secret_ok(&cc->app, secret))) {
		token_error(res, 401, "invalid_client", "Client authentication failed.");
		if (basic)
			http_set_header(res, "WWW-Authenticate", "Basic realm=\"oauth\"");
		goto out;
	}
	ok = true;
out:
	free(id);
	free(secret);
	free(cause);
	return ok;
}

/* The connection writes go through: the server's shared one when it has one (then NULL
 * with *cause set when that cannot be opened; else give it back with writer_give), or s. */
static struct store *writer_take(const struct oauth_http *h, struct store *s, char **cause)
{
	return h->writer ? store_shared_take(h->writer, cause) : s;
}

static void writer_give(const struct oauth_http *h, const struct store *w)
{
	if (h->writer && w)
		store_shared_give(h->writer);
}

/* POST /v2/o/token/. The client is authenticated on the calling thread's connection; only
 * the grant's transaction goes through the writer. */
static void token(const struct oauth_http *h, struct store *s, const struct http_request *req,
                  struct http_response *res)
{
	http_set_header(res, "Cache-Control", "no-store");
	http_set_header(res, "Pragma", "no-cache");
	char *cause = NULL;
	struct client_call cc;
	struct oauth_tokens out = {.scope = BUF_INIT};
	struct oauth_error err = {0};
	if (!client_begin(s, req, res, &cc))
		goto out;
	struct query form = cc.form;
	struct store_app app = cc.app;
	const char *grant = query_get(&form, "grant_type");
	int rc;
	int64_t now = clock_wall_ms();
	struct store *w = NULL;
	if (grant == NULL) {
		token_error(res, 400, "invalid_request", "Missing grant_type parameter.");
		goto out;
	} else if (strcmp(grant, "authorization_code") == 0) {
		const char *code = query_get(&form, "code");
		if (code == NULL) {
			token_error(res, 400, "invalid_request", "Missing code parameter.");
			goto out;
		}
		w = writer_take(h, s, &cause);
		rc = w ? oauth_exchange_code(w, &app, code, query_get(&form, "redirect_uri"),
		                             query_get(&form, "code_verifier"), now, &out, &err,
		                             &cause)
		       : -1;
		writer_give(h, w);
	} else if (strcmp(grant, "refresh_token") == 0) {
		const char *refresh = query_get(&form, "refresh_token");
		if (refresh == NULL) {
			token_error(res, 400, "invalid_request",
			            "Missing refresh_token parameter.");
			goto out;
		}
		w = writer_take(h, s, &cause);
		rc = w ? oauth_refresh(w, &app, refresh, query_get(&form, "scope"), now, &out, &err,
		                       &cause)
		       : -1;
		writer_give(h, w);
	} else {
		token_error(res, 400, "unsupported_grant_type", "Unsupported grant type.");
		goto out;
	}
	if (rc < 0) {
		fprintf(stderr, "bluebutton serve: %s\n", cause);
		token_error(res, 503, "temporarily_unavailable", "The service cannot be reached.");
		goto out;
	}
	if (rc > 0) {
		token_error(res, err.status, err.error, err.description);
		buf_printf(&res->log, ",\"oauth\":{\"event\":\"token_refused\",\"client_id\":");
		json_put_string(&res->log, app.client_id);
		buf_puts(&res->log, ",\"grant_type\":");
		json_put_string(&res->log, grant);
		buf_puts(&res->log, ",\"error\":");
		json_put_string(&res->log, err.error);
		buf_putc(&res->log, '}');
		goto out;
	}
	char expiry[32], access_hash[65];
	expiration_text(out.grant_expires, expiry);
	auth_sha256_hex(out.access_token, strlen(out.access_token), access_hash);
	res->status = 200;
	buf_puts(&res->body, "{\"access_token\":");
	json_put_string(&res->body, out.access_token);
	buf_printf(&res->body,
	           ",\"expires_in\":%ld,\"token_type\":\"Bearer\",\"scope\":", out.expires_in);
	json_put_string(&res->body, buf_cstr(&out.scope));
	buf_puts(&res->body, ",\"refresh_token\":");
	json_put_string(&res->body, out.refresh_token);
	buf_printf(&res->body,
	           ",\"patient\":\"%lld\",\"access_grant_expiration\":", (long long)out.patient);
	json_put_string(&res->body, expiry);
	buf_putc(&res->body, '}');
	buf_printf(&res->log, ",\"oauth\":{\"event\":\"%s\",\"client_id\":",
	           strcmp(grant, "refresh_token") == 0 ? "token_refresh" : "token_issue");
	json_put_string(&res->log, app.client_id);
	buf_printf(&res->log, ",\"patient\":\"%lld\",\"token_sha256\":\"%s\"",
	           (long long)out.patient, access_hash);
	const char *code = query_get(&form, "code");
	if (strcmp(grant, "authorization_code") == 0 && code) {
		/* Links the tokens to the consent that made the code (its log line has the hash).
		 */
		char code_hash[65];
		auth_sha256_hex(code, strlen(code), code_hash);
		buf_printf(&res->log, ",\"code_sha256\":\"%s\"", code_hash);
	}
	buf_putc(&res->log, '}');
out:
	free(cause);
	client_call_free(&cc);
	buf_free(&out.scope);
}

/* What a token (access or refresh) is: its grant, app, scope and end. 1 found, 0 not. */
struct token_info {
	bool refresh;
	int64_t grant_id, grant_epoch, expires, patient;
	bool active;
	const char *app_id, *scope; /* into text */
	struct buf text;
	char hash[65];
};

static int token_info(struct store *s, const char *token, int64_t now, struct token_info *ti,
                      char **cause)
{
	auth_sha256_hex(token, strlen(token), ti->hash);
	struct store_token at;
	int found = store_get_token(s, ti->hash, &at, &ti->text, cause);
	if (found != 0) {
		if (found > 0) {
			ti->grant_id = at.grant_id;
			ti->grant_epoch = at.grant_epoch;
			ti->expires = at.expires;
			ti->patient = at.patient;
			ti->app_id = at.app_id;
			ti->scope = at.scope;
			ti->active = !at.revoked && now < at.expires;
		}
		return found;
	}
	struct store_refresh r;
	found = store_get_refresh(s, ti->hash, &r, &ti->text, cause);
	if (found <= 0)
		return found;
	ti->refresh = true;
	ti->grant_id = r.grant_id;
	ti->grant_epoch = r.grant_epoch;
	ti->scope = r.scope;
	ti->active = !r.used && !r.revoked;
	return 1;
}

/* POST /v2/o/revoke_token/ (RFC 7009; delete_grant false) and POST /v2/o/revoke/ (the
 * token's grant goes too: every token of the app and beneficiary ends). */
static void revoke(struct store *s, const struct http_request *req, struct http_response *res,
                   bool delete_grant)
{
	struct client_call cc;
	struct token_info ti = {.text = BUF_INIT};
	struct buf gtext = BUF_INIT;
	char *cause = NULL;
	if (!client_begin(s, req, res, &cc))
		goto out;
	const char *token = query_get(&cc.form, "token");
	if (token == NULL) {
		token_error(res, 400, "invalid_request", "Missing token parameter.");
		goto out;
	}
	if (store_begin(s, &cause) < 0)
		goto fail;
	int found = token_info(s, token, clock_wall_ms(), &ti, &cause);
	if (found < 0)
		goto rollback;
	/* Whose token: its grant's app (operators' tokens have no grant and are no app's to
	 * revoke). An unknown token is answered 200, as RFC 7009 says. */
	struct store_grant g;
	int has_grant =
	    found && ti.grant_id ? store_get_grant(s, ti.grant_id, &g, &gtext, &cause) : 0;
	if (has_grant < 0)
		goto rollback;
	if (found && (!has_grant || strcmp(g.client_id, cc.app.client_id) != 0)) {
		store_rollback(s);
		token_error(res, 403, "access_denied", "The token belongs to another client.");
		goto out;
	}
	int64_t now = clock_wall_ms();
	int rc = 0;
	if (found && delete_grant)
		rc = store_delete_grant(s, ti.grant_id, now, true, &cause);
	else if (found && ti.refresh)
		rc = store_revoke_refresh(s, ti.hash, now, &cause);
	else if (found)
		rc = store_revoke_token(s, ti.hash, now, &cause);
	if (rc < 0 || store_commit(s, &cause) < 0)
		goto rollback;
	res->status = 200;
	if (found) {
		buf_printf(&res->log, ",\"oauth\":{\"event\":\"%s\",\"client_id\":",
		           delete_grant ? "grant_revoke" : "token_revoke");
		json_put_string(&res->log, cc.app.client_id);
		buf_printf(&res->log, ",\"token_sha256\":\"%s\"}", ti.hash);
	}
	goto out;
rollback:
	store_rollback(s);
fail:
	fprintf(stderr, "bluebutton serve: %s\n", cause);
	token_error(res, 503, "temporarily_unavailable", "The service cannot be reached.");
out:
	free(cause);
	client_call_free(&cc);
	buf_free(&ti.text);
	buf_free(&gtext);
}

/* GET|POST /v2/o/introspect/ (RFC 7662): what an app's token is, to that app. */
static void introspect(struct store *s, const struct http_request *req, struct http_response *res)
{
	http_set_header(res, "Cache-Control", "no-store");
	struct client_call cc;
	struct token_info ti = {.text = BUF_INIT};
	struct buf gtext = BUF_INIT;
	char *cause = NULL;
	/* GET carries its parameters in the query string. */
	struct http_request form_req = *req;
	if (strcmp(req->method, "GET") == 0) {
		form_req.body = req->query ? req->query : "";
		form_req.body_len = strlen(form_req.body);
	}
	if (!client_begin(s, &form_req, res, &cc))
		goto out;
	struct oauth_error inactive;
	if (oauth_app_inactive(&cc.app, &inactive)) {
		token_error(res, inactive.status, inactive.error, inactive.description);
		goto out;
	}
	const char *token = query_get(&cc.form, "token");
	if (token == NULL) {
		token_error(res, 400, "invalid_request", "Missing token parameter.");
		goto out;
	}
	int64_t now = clock_wall_ms();
	int begun = store_read_begin(s, &cause);
	int found = begun < 0 ? -1 : token_info(s, token, now, &ti, &cause);
	struct store_grant g;
	int has_grant =
	    found > 0 && ti.grant_id ? store_get_grant(s, ti.grant_id, &g, &gtext, &cause) : 0;
	store_read_end(s, begun);
	if (found < 0 || has_grant < 0) {
		fprintf(stderr, "bluebutton serve: %s\n", cause);
		token_error(res, 503, "temporarily_unavailable", "The service cannot be reached.");
		goto out;
	}
	res->status = 200;
	/* Active: known, this app's, not revoked (alone or with its grant's tokens), used or
	 * expired, and its grant current. */
	bool active = found && has_grant && ti.active && ti.grant_epoch == g.epoch &&
	              strcmp(g.client_id, cc.app.client_id) == 0 &&
	              (g.expires == 0 || now < g.expires);
	if (!active) {
		buf_puts(&res->body, "{\"active\":false}");
		goto out;
	}
	buf_puts(&res->body, "{\"active\":true,\"scope\":");
	json_put_string(&res->body, ti.scope);
	if (!ti.refresh)
		buf_printf(&res->body, ",\"exp\":%lld", (long long)(ti.expires / 1000));
	buf_puts(&res->body, ",\"client_id\":");
	json_put_string(&res->body, g.client_id);
	buf_puts(&res->body, ",\"username\":");
	json_put_string(&res->body, g.username);
	buf_printf(&res->body, ",\"patient\":\"%lld\"}", (long long)g.patient);
out:
	free(cause);
	client_call_free(&cc);
	buf_free(&ti.text);
	buf_free(&gtext);
}

/* POST /v2/o/expire_authenticated_user/<patient>/ (the sandbox's): the app (HTTP Basic)
 * ends its own grant for the patient, as if it had run out; its tokens then open nothing. */
static void expire_user(struct store *s, const struct http_request *req, struct http_response *res)
{
	struct client_call cc;
	char *cause = NULL;
	int64_t patient = 0, id = 0;
	expire_patient(req->path, &patient);
	if (!client_begin(s, req, res, &cc))
		goto out;
	res->content_type = "text/html; charset=utf-8";
	bool exists = false;
	int found = store_find_grant(s, cc.app.client_id, patient, &id, &cause);
	if (found == 0 && store_beneficiary_exists(s, patient, &exists, &cause) < 0)
		found = -1;
	if (found > 0 && store_delete_grant(s, id, clock_wall_ms(), false, &cause) < 0)
		found = -1;
	if (found < 0) {
		fprintf(stderr, "bluebutton serve: %s\n", cause);
		token_error(res, 503, "temporarily_unavailable", "The service cannot be reached.");
		res->content_type = "application/json";
	} else if (found == 0) {
		res->status = 404;
		buf_puts(&res->body, exists
		                         ? "Data Access Grant was Not Found."
		                         : "Patient was Not Found. Please check the id number and "
		                           "try again.");
	} else {
		res->status = 200;
		buf_puts(&res->body, "success");
		buf_printf(&res->log, ",\"oauth\":{\"event\":\"grant_expired\",\"client_id\":");
		json_put_string(&res->log, cc.app.client_id);
		buf_printf(&res->log, ",\"patient\":\"%lld\"}", (long long)patient);
	}
out:
	free(cause);
	client_call_free(&cc);
}

/* GET /v2/connect/userinfo: who the token's beneficiary is (needs the profile scope). */
static void userinfo(struct store *s, const struct http_request *req, struct http_response *res)
{
	http_set_header(res, "Cache-Control", "no-store");
	struct store_token t;
	struct buf ttext = BUF_INIT, gtext = BUF_INIT, utext = BUF_INIT;
	char *cause = NULL, hash[65];
	if (s == NULL) {
		http_detail(res, 503, "The service is unavailable: its database cannot be opened.");
		goto out;
	}
	if (!http_bearer(s, req, res, &t, &ttext, hash))
		goto out;
	bool profile = false;
	for (const char *p = t.scope; *p;) {
		p += strspn(p, " ");
		size_t n = strcspn(p, " ");
		profile |= n == 7 && strncmp(p, "profile", 7) == 0;
		p += n;
	}
	if (!profile) {
		http_detail(res, 403, "You do not have permission to perform this action.");
		goto out;
	}
	/* The account behind the grant (operators' tokens have none: no names). */
	struct store_grant g;
	struct store_user u = {0};
	int found = t.grant_id ? store_get_grant(s, t.grant_id, &g, &gtext, &cause) : 0;
	if (found < 0)
		goto error;
	found = found ? store_get_user(s, g.username, &u, &utext, &cause) : 0;
	if (found < 0)
		goto error;
	const char *name = found && u.name ? u.name : "";
	const char *space = strrchr(name, ' ');
	char given[256], family[256], iat[40] = "";
	snprintf(given, sizeof given, "%.*s", space ? (int)(space - name) : (int)strlen(name),
	         name);
	snprintf(family, sizeof family, "%s", space ? space + 1 : "");
	if (found) {
		time_t when = (time_t)(u.created / 1000);
		struct tm tm;
		gmtime_r(&when, &tm);
		size_t n = strftime(iat, sizeof iat, "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(iat + n, sizeof iat - n, ".%03dZ", (int)(u.created % 1000));
	}
	char patient[24];
	snprintf(patient, sizeof patient, "%lld", (long long)t.patient);
	res->status = 200;
	buf_puts(&res->body, "{\"sub\":");
	json_put_string(&res->body, patient);
	buf_puts(&res->body, ",\"name\":");
	json_put_string(&res->body, name);
	buf_puts(&res->body, ",\"given_name\":");
	json_put_string(&res->body, given);
	buf_puts(&res->body, ",\"family_name\":");
	json_put_string(&res->body, family);
	buf_puts(&res->body, ",\"email\":\"\",\"iat\":");
	if (*iat)
		json_put_string(&res->body, iat);
	else
		buf_puts(&res->body, "null");
	buf_puts(&res->body, ",\"patient\":");
	json_put_string(&res->body, patient);
	buf_putc(&res->body, '}');
	goto out;
error:
	fprintf(stderr, "bluebutton serve: %s\n", cause);
	http_detail(res, 500, "A server error occurred.");
out:
	free(cause);
	buf_free(&ttext);
	buf_free(&gtext);
	buf_free(&utext);
}

/* A grant as the connected-apps API shows it. */
struct grant_list {
	struct store *s;
	struct json *j;
	int64_t only; /* one grant's id, or 0: all */
	int n;
	int failed;
};

static void grant_json(void *arg, const struct store_grant *g)
{
	struct grant_list *l = arg;
	if (l->only && g->id != l->only)
		return;
	struct store_app a;
	struct buf atext = BUF_INIT;
	char *cause = NULL;
	int found = store_get_app(l->s, g->client_id, &a, &atext, &cause);
	if (found < 0)
		l->failed = 1;
	free(cause);
	char created[32], expires[32], pid[32];
	expiration_text(g->created, created);
	expiration_text(g->expires, expires);
	snprintf(pid, sizeof pid, "%lld", (long long)g->patient);
	json_object(l->j);
	json_key(l->j, "id");
	json_int(l->j, g->id);
	json_key(l->j, "user");
	json_string(l->j, pid);
	json_key(l->j, "application");
	json_object(l->j);
	json_key(l->j, "id");
	json_string(l->j, g->client_id);
	json_key(l->j, "name");
	json_string(l->j, found > 0 ? a.name : "");
	json_key(l->j, "logo_uri");
	json_string(l->j, found > 0 && a.logo_uri ? a.logo_uri : "");
	json_end_object(l->j);
	json_key(l->j, "scopes");
	json_array(l->j);
	for (const char *p = g->scope; *p;) {
		p += strspn(p, " ");
		size_t n = strcspn(p, " ");
		if (n) {
			char *one = xasprintf("%.*s", (int)n, p);
			json_string(l->j, one);
			free(one);
		}
		p += n;
	}
	json_end_array(l->j);
	json_key(l->j, "created");
	json_string(l->j, created);
	json_key(l->j, "expires");
	if (*expires)
		json_string(l->j, expires);
	else
		json_raw(l->j, "null", 4);
	json_end_object(l->j);
	l->n++;
	buf_free(&atext);
}

/* GET /v2/o/tokens/ and GET|DELETE /v2/o/tokens/<id>/: the connected-apps API, for apps an
 * operator gave the token_management capability (HTTP Basic client authentication): the
 * grants of the beneficiary the x-authentication header names (a username). */
static void tokens(const struct oauth_http *h, struct store *s, const struct http_request *req,
                   struct http_response *res)
{
	const char *rest = req->path + sizeof TOKENS_PREFIX - 1;
	int64_t id = 0;
	if (*rest == '/' && rest[1]) {
		char digits[24];
		size_t n = strcspn(rest + 1, "/");
		if (n == 0 || n >= sizeof digits || strspn(rest + 1, "0123456789") != n ||
		    (rest[1 + n] == '/' && rest[2 + n] != '\0')) {
			http_detail(res, 404, "Not found.");
			return;
		}
		memcpy(digits, rest + 1, n);
		digits[n] = '\0';
		id = strtoll(digits, NULL, 10);
	}
	bool del = strcmp(req->method, "DELETE") == 0; /* only /v2/o/tokens/<id>/ routes it */
	struct client_call cc;
	char *cause = NULL;
	struct buf text = BUF_INIT;
	if (!client_begin(s, req, res, &cc))
		goto out;
	if (!cc.app.token_management) {
		http_detail(res, 403, "You do not have permission to perform this action.");
		goto out;
	}
	const char *who = http_header(req, "x-authentication");
	struct store_user u;
	int found = who && *who ? store_get_user(s, who, &u, &text, &cause) : 0;
	if (found < 0)
		goto unavailable;
	if (!found) {
		http_detail(res, 404, "Not found.");
		goto out;
	}
	struct json j;
	json_init(&j, &res->body);
	struct grant_list l = {s, &j, id, 0, 0};
	if (!id)
		json_array(&j);
	if (store_each_grant_of(s, u.username, grant_json, &l, &cause) < 0 || l.failed)
		goto unavailable;
	if (!id)
		json_end_array(&j);
	if (id && l.n == 0) {
		http_detail(res, 404, "Not found.");
		goto out;
	}
	res->status = 200;
	if (del) {
		/* The grant goes, and every token of it stops at once. */
		buf_reset(&res->body);
		struct store *w = writer_take(h, s, &cause);
		int done = w ? store_delete_grant(w, id, clock_wall_ms(), true, &cause) : -1;
		writer_give(h, w);
		if (done < 0)
			goto unavailable;
		res->status = 204;
		buf_printf(&res->log, ",\"oauth\":{\"event\":\"grant_deleted\",\"by\":");
		json_put_string(&res->log, cc.app.client_id);
		buf_printf(&res->log, ",\"grant\":%lld}", (long long)id);
	}
	goto out;
unavailable:
	fprintf(stderr, "bluebutton serve: %s\n", cause ? cause : "no database");
	http_detail(res, 503, "The service cannot be reached.");
out:
	free(cause);
	buf_free(&text);
	client_call_free(&cc);
}

void oauth_http_handle(const struct oauth_http *h, struct store *s, const struct http_request *req,
                       struct http_response *res)
{
	enum route r = route_of(req->path);
	res->content_type = "application/json";
	if (r == TOKEN) {
		token(h, s, req, res);
		return;
	}
	if (r == EXPIRE_USER && h->production) {
		http_detail(res, 404, "Not found."); /* a sandbox endpoint */
		return;
	}
	if (r == REVOKE_TOKEN || r == REVOKE || r == EXPIRE_USER) {
		/* Rare: the whole call goes through the writer. */
		char *cause = NULL;
		struct store *w = writer_take(h, s, &cause);
		if (w == NULL) { /* the calls below answer 503 */
			fprintf(stderr, "bluebutton serve: %s\n", cause);
			free(cause);
		}
		if (r == EXPIRE_USER)
			expire_user(w, req, res);
		else
			revoke(w, req, res, r == REVOKE);
		writer_give(h, w);
		return;
	}
	if (r == INTROSPECT) {
		introspect(s, req, res);
		return;
	}
	if (r == TOKENS) {
		tokens(h, s, req, res);
		return;
	}
	if (r == USERINFO) {
		userinfo(s, req, res);
		return;
	}
	struct buf base = BUF_INIT;
	http_public_base(req, h->base_url, h->trust_proxy, &base, res);
	struct json j;
	json_init(&j, &res->body);
	if (r == OPENID_CONFIGURATION)
		openid_configuration(&j, buf_cstr(&base));
	else
		smart_configuration(&j, buf_cstr(&base));
	res->status = 200;
	buf_free(&base);
}
