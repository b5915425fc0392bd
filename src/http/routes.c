#include "http/routes.h"

#include <stdio.h>
#include <string.h>

const struct http_route http_routes[] = {
    {"GET", "/", H_SITE},
    {"GET", "/health", H_HEALTH},
    {"GET", "/static/bluebutton.css", H_STATIC},
    {"GET", "/docs", H_DOCS},
    {"GET", "/docs/openapi.yaml", H_DOCS},
    {"GET", "/docs/{asset}", H_DOCS},
    {"GET", "/developer/", H_PORTAL},
    {"GET,POST", "/developer/signup", H_PORTAL},
    {"GET,POST", "/developer/verify", H_PORTAL},
    {"GET,POST", "/developer/login", H_PORTAL},
    {"POST", "/developer/logout", H_PORTAL},
    {"GET,POST", "/developer/password", H_PORTAL},
    {"GET,POST", "/developer/apps/new", H_PORTAL},
    {"GET,POST", "/developer/apps/{client_id}", H_PORTAL},
    {"POST", "/developer/apps/{client_id}/{action}", H_PORTAL},
    {"GET", "/admin", H_PORTAL},
    {"POST", "/admin/apps/{client_id}/decide", H_PORTAL},
    {"GET,POST", "/mymedicare/login", H_AUTHORIZE},
    {"POST", "/mymedicare/logout", H_DASHBOARD},
    {"GET", "/mymedicare/connected-apps", H_DASHBOARD},
    {"POST", "/mymedicare/connected-apps/{grant}/disconnect", H_DASHBOARD},
    {"GET,POST", "/v2/o/authorize/", H_AUTHORIZE},
    {"GET,POST", "/v2/o/authorize/{request}/", H_AUTHORIZE},
    {"POST", "/v2/o/token/", H_OAUTH},
    {"POST", "/v2/o/revoke_token/", H_OAUTH},
    {"POST", "/v2/o/revoke/", H_OAUTH},
    {"GET,POST", "/v2/o/introspect/", H_OAUTH},
    {"POST", "/v2/o/expire_authenticated_user/{patient}/", H_OAUTH},
    {"GET", "/v2/o/tokens/", H_OAUTH},
    {"GET,DELETE", "/v2/o/tokens/{id}/", H_OAUTH},
    {"GET", "/v2/connect/userinfo", H_OAUTH},
    {"GET", "/.well-known/openid-configuration", H_OAUTH},
    {"GET", "/v2/connect/.well-known/openid-configuration", H_OAUTH},
    {"GET", "/v2/fhir/.well-known/smart-configuration", H_OAUTH},
    {"GET", "/v2/fhir/metadata", H_FHIR},
    {"GET", "/v2/fhir/Patient", H_FHIR},
    {"GET", "/v2/fhir/Patient/{id}", H_FHIR},
    {"GET", "/v2/fhir/Coverage", H_FHIR},
    {"GET", "/v2/fhir/Coverage/{id}", H_FHIR},
    {"GET", "/v2/fhir/ExplanationOfBenefit", H_FHIR},
    {"GET", "/v2/fhir/ExplanationOfBenefit/{id}", H_FHIR},
};
const int http_route_count = (int)(sizeof http_routes / sizeof http_routes[0]);

size_t http_route_path_len(const char *path)
{
	size_t n = strlen(path);
	return n > 1 && path[n - 1] == '/' ? n - 1 : n;
}

static bool matches(const char *tmpl, const char *path)
{
	size_t tn = http_route_path_len(tmpl), pn = http_route_path_len(path);
	size_t t = 0, p = 0;
	while (t < tn && p < pn) {
		if (tmpl[t] == '{') {
			const char *close = memchr(tmpl + t, '}', tn - t);
			if (close == NULL)
				return false;
			size_t seg = 0;
			while (p + seg < pn && path[p + seg] != '/')
				seg++;
			if (seg == 0)
				return false;
			t = (size_t)(close - tmpl) + 1;
			p += seg;
		} else if (tmpl[t] == path[p]) {
			t++;
			p++;
		} else
			return false;
	}
	return t == tn && p == pn;
}

const struct http_route *http_route_find(const char *path)
{
	if (path[0] != '/' || strstr(path, "//")) /* no empty segment */
		return NULL;
	for (int i = 0; i < http_route_count; i++)
		if (matches(http_routes[i].path, path))
			return &http_routes[i];
	return NULL;
}

bool http_route_allows(const struct http_route *r, const char *method)
{
	const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;
	size_t n = strlen(m);
	for (const char *p = r->methods; *p;) {
		size_t k = strcspn(p, ",");
		if (k == n && strncmp(p, m, n) == 0)
			return true;
		p += k + (p[k] == ',');
	}
	return false;
}

void http_route_allow(const struct http_route *r, char *out, unsigned size)
{
	size_t at = 0;
	out[0] = '\0';
	for (const char *p = r->methods; *p;) {
		size_t k = strcspn(p, ",");
		at += (size_t)snprintf(out + at, at < size ? size - at : 0, "%s%.*s",
		                       at ? ", " : "", (int)k, p);
		if (k == 3 && strncmp(p, "GET", 3) == 0)
			at += (size_t)snprintf(out + at, at < size ? size - at : 0, ", HEAD");
		p += k + (p[k] == ',');
	}
}
