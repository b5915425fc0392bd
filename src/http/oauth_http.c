#include "http/oauth_http.h"

#include <string.h>

#include "auth/apps.h"
#include "core/json.h"

enum route { NONE, OPENID_CONFIGURATION, SMART_CONFIGURATION };

static enum route route_of(const char *path)
{
	static const struct {
		const char *path;
		enum route r;
	} routes[] = {
	    {"/.well-known/openid-configuration", OPENID_CONFIGURATION},
	    {"/v2/connect/.well-known/openid-configuration", OPENID_CONFIGURATION},
	    {"/v2/fhir/.well-known/smart-configuration", SMART_CONFIGURATION},
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

void oauth_http_handle(const struct oauth_http *h, struct store *s, const struct http_request *req,
                       struct http_response *res)
{
	(void)s;
	enum route r = route_of(req->path);
	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
		res->status = 405;
		http_set_header(res, "Allow", "GET, HEAD");
		buf_puts(&res->body, "{\"detail\":\"Method \\\"");
		json_escape(&res->body, req->method, strlen(req->method));
		buf_puts(&res->body, "\\\" not allowed.\"}");
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
	res->content_type = "application/json";
	buf_free(&base);
}
