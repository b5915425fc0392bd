/* portal_http: the developer portal and the operators' page.
 *
 * Developers sign up (email and password, argon2id; the email verified by a link that the
 * sandbox writes to its log in place of sending mail), log in and out, change their
 * password, and register, edit and delete apps (name, description, redirect URIs, logo,
 * website, privacy policy and terms links, data access type, whether demographic scopes are
 * required, agreement to the Terms of Use). An app's secret is shown once, when it is made or
 * made again (only its SHA-256 is kept; a new one stops the old at once); each app shows its
 * connected beneficiaries and its requests of the last 7 days, and can ask for production
 * access. Operators (accounts made with `bluebutton admin add`) approve or reject those
 * requests at /admin. Deleting an app ends every grant it holds. */
#ifndef BB_HTTP_PORTAL_HTTP_H
#define BB_HTTP_PORTAL_HTTP_H

#include <stdbool.h>

#include "http/ratelimit.h"
#include "http/server.h"
#include "store/store.h"

struct portal_http {
	const char *base_url; /* the public base URL, when set */
	bool trust_proxy;
	struct ratelimit *login; /* failed log-ins per email */
};

void portal_http_handle(const struct portal_http *p, struct store *s,
                        const struct http_request *req, struct http_response *res);

#endif
