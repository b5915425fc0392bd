/* bearer: the access token of a request to a protected endpoint (the FHIR API, userinfo), as
 * Blue Button checks it: `Authorization: Bearer TOKEN`, known, not expired or revoked, and,
 * for an app's token, its app active and its grant current. */
#ifndef BB_HTTP_BEARER_H
#define BB_HTTP_BEARER_H

#include <stdbool.h>

#include "http/server.h"
#include "store/store.h"

/* Fills t (strings in text) and hash (the token's SHA-256) and returns true; otherwise the
 * response is answered — 401 {"detail": …} with WWW-Authenticate, 401/403 in Blue Button's
 * words for the app or grant, 500 on a store error — and it returns false. */
bool http_bearer(struct store *s, const struct http_request *req, struct http_response *res,
                 struct store_token *t, struct buf *text, char hash[65]);

#endif
