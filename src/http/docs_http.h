/* docs_http: the API documentation at /docs: the OpenAPI document (web/openapi.yaml, also
 * raw at /docs/openapi.yaml) in Swagger UI (swagger-ui-dist from npm, installed by
 * scripts/deps into web/node_modules), whose "Authorize" signs in through this server's
 * authorization code flow with PKCE as the public app DOCS_CLIENT_ID, so that "Try it out"
 * fetches real (synthetic) data. */
#ifndef BB_HTTP_DOCS_HTTP_H
#define BB_HTTP_DOCS_HTTP_H

#include "http/server.h"
#include "store/store.h"

#define DOCS_CLIENT_ID "api-console"

struct docs_http {
	const char *web_dir;  /* where openapi.yaml, console.js and node_modules are */
	const char *base_url; /* the public base URL, when set */
};

/* Registers (or updates) the console's public app, allowed to redirect to /docs on the
 * loopback addresses and on base_url (a sandbox does at each start; production does not). */
int docs_http_register_app(struct store *s, const char *base_url, char **cause);
void docs_http_handle(const struct docs_http *d, const struct http_request *req,
                      struct http_response *res);

#endif
