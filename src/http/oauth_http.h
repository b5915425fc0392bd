/* oauth_http: the authorization server's HTTP endpoints (Blue Button 2.0's, under /v2/o/ and
 * /v2/connect/) and its discovery documents. */
#ifndef BB_HTTP_OAUTH_HTTP_H
#define BB_HTTP_OAUTH_HTTP_H

#include <stdbool.h>

#include "http/server.h"
#include "store/store.h"

struct oauth_http {
	const char *base_url; /* the public base, or NULL (as struct fhir_http) */
	bool trust_proxy;
	/* The connection the token, revocation and expiry endpoints write through (shared by
	 * the server's threads); NULL: the one each call is given. */
	struct store_shared *writer;
	bool production; /* serve --mode production: no sandbox expiry endpoint */
};

void oauth_http_handle(const struct oauth_http *h, struct store *s, const struct http_request *req,
                       struct http_response *res);

#endif
