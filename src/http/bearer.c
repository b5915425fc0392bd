#include "http/bearer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth/oauth.h"
#include "auth/token.h"
#include "core/clock.h"

bool http_bearer(struct store *s, const struct http_request *req, struct http_response *res,
                 struct store_token *t, struct buf *text, char hash[65])
{
	const char *auth = http_header(req, "Authorization");
	char *cause = NULL, words[512];
	int status, usable;
	enum auth_status st = AUTH_UNKNOWN;
	if (auth && strncasecmp(auth, "Bearer ", 7) == 0 && auth[7]) {
		const char *token = auth + 7 + strspn(auth + 7, " ");
		if (auth_check(s, token, clock_wall_ms(), t, text, &st, &cause) < 0)
			goto error;
		auth_sha256_hex(token, strlen(token), hash);
	}
	if (st != AUTH_OK) {
		status = 401;
		snprintf(words, sizeof words, "%s", OAUTH_TOKEN_REVOKED);
		usable = 0;
	} else if ((usable = oauth_token_usable(s, t, clock_wall_ms(), &status, words, &cause)) < 0)
		goto error;
	if (usable == 0) {
		http_detail(res, status, words);
		if (status == 401)
			http_set_header(res, "WWW-Authenticate", "Bearer realm=\"api\"");
	}
	return usable > 0;
error:
	fprintf(stderr, "bluebutton serve: %s\n", cause);
	free(cause);
	http_detail(res, 500, "A server error occurred.");
	return false;
}
