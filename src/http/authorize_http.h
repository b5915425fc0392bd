/* authorize_http: the beneficiary's side of OAuth — GET|POST /v2/o/authorize(/) checks an
 * app's request as Blue Button does (errors in the request are answered 400 in JSON, never by
 * a redirect), the sandbox login page (/mymedicare/login), and the consent page
 * (/v2/o/authorize/<id>/, valid 600 s) whose Allow and Deny send the browser back to the app. */
#ifndef BB_HTTP_AUTHORIZE_HTTP_H
#define BB_HTTP_AUTHORIZE_HTTP_H

#include <stdbool.h>

#include "http/ratelimit.h"
#include "http/server.h"
#include "store/store.h"

struct authorize_http {
	const char *base_url; /* as struct fhir_http */
	bool trust_proxy;
	/* Failed logins counted per username and per address (NULL: not throttled). */
	struct ratelimit *login_user, *login_addr;
	/* serve --mode production: no sandbox log-in, and only approved apps authorize. */
	bool production;
};

void authorize_http_handle(const struct authorize_http *h, struct store *s,
                           const struct http_request *req, struct http_response *res);

#endif
