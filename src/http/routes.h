/* routes: every path the server answers and the methods each takes, in one table. The server
 * dispatches by it (a path not in it: 404; a method not taken: 405 with Allow), `bluebutton
 * serve --routes` prints it, and the tests hold the OpenAPI document (web/openapi.yaml) to it.
 * Handlers see only the methods their routes take: they do not check them again.
 *
 * A route's path is a template: "{name}" matches one non-empty segment. One final '/' is
 * optional on both sides ("/v2/o/token" is "/v2/o/token/"). HEAD goes wherever GET does. */
#ifndef BB_HTTP_ROUTES_H
#define BB_HTTP_ROUTES_H

#include <stdbool.h>
#include <stddef.h>

/* Who answers. */
enum http_handler {
	H_HEALTH,
	H_STATIC,
	H_SITE,
	H_DOCS,
	H_PORTAL,
	H_DASHBOARD,
	H_AUTHORIZE,
	H_OAUTH,
	H_FHIR,
};

struct http_route {
	const char *methods; /* "GET", "GET,POST", … (the Allow header's list, with ", ") */
	const char *path;
	enum http_handler handler;
};

extern const struct http_route http_routes[];
extern const int http_route_count;

/* The length of path without one final '/' ("/" stays "/"): the part routes compare. */
size_t http_route_path_len(const char *path);
/* The route of path, or NULL. */
const struct http_route *http_route_find(const char *path);
/* Whether the route takes the method. */
bool http_route_allows(const struct http_route *r, const char *method);
/* The route's methods as an Allow header lists them ("GET, HEAD, POST"), into out. */
void http_route_allow(const struct http_route *r, char *out, unsigned size);

#endif
