/* site_http: the landing page (/): what the API is, for beneficiaries, developers, companies
 * and researchers. */
#ifndef BB_HTTP_SITE_HTTP_H
#define BB_HTTP_SITE_HTTP_H

#include "http/server.h"

void site_http_handle(const struct http_request *req, struct http_response *res);

#endif
