/* site_http: the pages of the site that are not part of an OAuth flow: the landing page (/).
 * (The developer portal, the operators' pages and the beneficiaries' dashboard join it.) */
#ifndef BB_HTTP_SITE_HTTP_H
#define BB_HTTP_SITE_HTTP_H

#include <stdbool.h>

#include "http/server.h"

/* Whether path is one of the site's pages. */
bool site_http_path(const char *path);
void site_http_handle(const struct http_request *req, struct http_response *res);

#endif
