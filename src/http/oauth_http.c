#include "http/oauth_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "auth/apps.h"
#include "auth/oauth.h"
#include "core/fatal.h"
#include "core/json.h"
#include "fhir/query.h"

#include <openssl/evp.h>

enum route { NONE, OPENID_CONFIGURATION, SMART_CONFIGURATION, TOKEN };

static enum route route_of(const char *path)
{
	static const struct {
		const char *path;
		enum route r;
	} routes[] = {
	    {"/.well-known/openid-configuration", OPENID_CONFIGURATION},
	    {"/v2/connect/.well-known/openid-configuration", OPENID_CONFIGURATION},
	    {"/v2/fhir/.well-known/smart-configuration", SMART_CONFIGURATION},
	    {"/v2/o/token", TOKEN},
	};
	size_t n = strlen(path);
	if (n > 1 && path[n - 1] == '/')
		n--;
	for (size_t i = 0; i < sizeof routes / sizeof *routes; i++)
		if (strlen(routes[i].path) == n && strncmp(path, routes[i].path, n) == 0)
			return routes[i].r;
	return NONE;
}

bool oauth_http_path(const char *path)
{
	return route_of(path) != NONE;
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

static int64_t wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
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

/* Decodes %XX and '+' of an application/x-www-form-urlencoded part, in place. */
static void form_decode(char *s)
{
	char *o = s;
	for (const char *p = s; *p; p++) {
		if (*p == '+') {
			*o++ = ' ';
		} else if (*p == '%' && p[1] && p[2]) {
			char hex[3] = {p[1], p[2], 0};
			char *end;
			long v = strtol(hex, &end, 16);
			if (*end == '\0') {
				*o++ = (char)v;
				p += 2;
			} else {
				*o++ = *p;
			}
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
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
		form_decode(text);
		form_decode(colon + 1);
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
static void token(struct store *s, const struct http_request *req, struct http_response *res)
{
	http_set_header(res, "Cache-Control", "no-store");
	http_set_header(res, "Pragma", "no-cache");
	if (strcmp(req->method, "POST") != 0) {
		http_method_not_allowed(req, res, "POST");
		return;
	}
	char *text = xasprintf("%.*s", (int)req->body_len, req->body);
	struct query form = {0};
	const char *bad;
	char *id = NULL, *secret = NULL, *cause = NULL;
	bool basic = false;
	struct store_app app;
	struct buf apptext = BUF_INIT;
	struct oauth_tokens out = {.scope = BUF_INIT};
	struct oauth_error err = {0};
	if (memchr(req->body, '\0', req->body_len) || query_parse(&form, text, &bad) < 0) {
		token_error(res, 400, "invalid_request", "The request body is not a valid form.");
		goto out;
	}
	if (!client_credentials(req, &form, &id, &secret, &basic) || id == NULL) {
		token_error(res, 401, "invalid_client", "Client authentication failed.");
		goto out;
	}
	int found = s ? store_get_app(s, id, &app, &apptext, &cause) : -1;
	if (found < 0) {
		fprintf(stderr, "bluebutton serve: %s\n", cause ? cause : "no database");
		token_error(res, 503, "temporarily_unavailable", "The service cannot be reached.");
		goto out;
	}
	/* A confidential client proves its secret; a public one has none to give. */
	if (!found || (app.public_client ? secret && *secret : !apps_secret_ok(&app, secret))) {
		token_error(res, 401, "invalid_client", "Client authentication failed.");
		if (basic)
			http_set_header(res, "WWW-Authenticate", "Basic realm=\"oauth\"");
		goto out;
	}
	const char *grant = query_get(&form, "grant_type");
	int rc;
	int64_t now = wall_ms();
	if (grant == NULL) {
		token_error(res, 400, "invalid_request", "Missing grant_type parameter.");
		goto out;
	} else if (strcmp(grant, "authorization_code") == 0) {
		const char *code = query_get(&form, "code");
		if (code == NULL) {
			token_error(res, 400, "invalid_request", "Missing code parameter.");
			goto out;
		}
		rc =
		    oauth_exchange_code(s, &app, code, query_get(&form, "redirect_uri"),
		                        query_get(&form, "code_verifier"), now, &out, &err, &cause);
	} else if (strcmp(grant, "refresh_token") == 0) {
		const char *refresh = query_get(&form, "refresh_token");
		if (refresh == NULL) {
			token_error(res, 400, "invalid_request",
			            "Missing refresh_token parameter.");
			goto out;
		}
		rc = oauth_refresh(s, &app, refresh, query_get(&form, "scope"), now, &out, &err,
		                   &cause);
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
	buf_printf(&res->log, ",\"patient\":\"%lld\",\"token_sha256\":\"%s\"}",
	           (long long)out.patient, access_hash);
out:
	free(cause);
	free(id);
	free(secret);
	free(text);
	query_free(&form);
	buf_free(&apptext);
	buf_free(&out.scope);
}

void oauth_http_handle(const struct oauth_http *h, struct store *s, const struct http_request *req,
                       struct http_response *res)
{
	enum route r = route_of(req->path);
	res->content_type = "application/json";
	if (r == TOKEN) {
		token(s, req, res);
		return;
	}
	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
		http_method_not_allowed(req, res, "GET, HEAD");
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
