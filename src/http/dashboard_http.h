/* dashboard_http: a beneficiary's connected apps (/mymedicare/connected-apps; a visitor who
 * is not logged in goes to /mymedicare/login first): each app with its logo, what it may see
 * in plain words, when it was connected, when its access ends and when it last fetched data,
 * and Disconnect, which (once confirmed) deletes the grant and stops its tokens at once. In
 * English or Spanish, as the log-in and consent pages are. */
#ifndef BB_HTTP_DASHBOARD_HTTP_H
#define BB_HTTP_DASHBOARD_HTTP_H

#include <stdbool.h>

#include "http/server.h"
#include "store/store.h"

struct dashboard_http {
	const char *base_url;
	bool trust_proxy;
};

void dashboard_http_handle(const struct dashboard_http *d, struct store *s,
                           const struct http_request *req, struct http_response *res);

#endif
