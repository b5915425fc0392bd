#include "http/websession.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

char *websession_cookie_in(const char *header, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = header; p && *p;) {
		p += strspn(p, " ;");
		if (strncmp(p, name, n) == 0 && p[n] == '=') {
			const char *v = p + n + 1;
			return strndup(v, strcspn(v, ";"));
		}
		p += strcspn(p, ";");
	}
	return NULL;
}

char *websession_cookie(const struct http_request *req, const char *name)
{
	return websession_cookie_in(http_header(req, "Cookie"), name);
}

const char *websession_next(const char *next, const char *extra, const char *fallback)
{
	static const char safe[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	                           "-._~/";
	if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		return fallback;
	for (const char *p = next; *p; p++)
		if (strchr(safe, *p) == NULL && strchr(extra, *p) == NULL)
			return fallback;
	return next;
}

void websession_set_cookie(struct http_response *res, bool secure, const char *name,
                           const char *value, long max_age)
{
	char c[320], age[32] = "";
	if (max_age >= 0)
		snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
	snprintf(c, sizeof c, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s", name, value, age,
	         secure ? "; Secure" : "");
	http_add_header(res, "Set-Cookie", c);
}

bool websession_same(const char *given, const char *want)
{
	return given && want && *given && strlen(given) == strlen(want) &&
	       CRYPTO_memcmp(given, want, strlen(want)) == 0;
}

int websession_get(struct store *s, const struct http_request *req, const char *cookie,
                   struct store_session *x, struct buf *text, char **cause)
{
	char *id = websession_cookie(req, cookie);
	if (id == NULL)
		return 0;
	char hash[65];
	auth_sha256_hex(id, strlen(id), hash);
	free(id);
	int found = s ? store_get_session(s, hash, x, text, cause) : 0;
	if (found > 0 && clock_wall_ms() >= x->expires)
		found = 0;
	return found;
}

int websession_start(struct store *s, struct http_response *res, bool secure, const char *cookie,
                     const char *username, int64_t account, int64_t ttl_ms,
                     char csrf[AUTH_TOKEN_LEN + 1], char **cause)
{
	char id[AUTH_TOKEN_LEN + 1], hash[65];
	auth_token_new(id);
	auth_token_new(csrf);
	auth_sha256_hex(id, strlen(id), hash);
	int64_t now = clock_wall_ms();
	struct store_session x = {hash, username ? username : "", csrf, now, now + ttl_ms, account};
	if (store_put_session(s, &x, cause) < 0)
		return -1;
	websession_set_cookie(res, secure, cookie, id, -1);
	return 0;
}

int websession_end(struct store *s, const struct http_request *req, struct http_response *res,
                   bool secure, const char *cookie, char **cause)
{
	char *id = websession_cookie(req, cookie);
	websession_set_cookie(res, secure, cookie, "", 0);
	if (id == NULL)
		return 0;
	char hash[65];
	auth_sha256_hex(id, strlen(id), hash);
	free(id);
	return store_delete_session(s, hash, cause) < 0 ? -1 : 0;
}

void websession_form_token(struct http_response *res, bool secure, char token[AUTH_TOKEN_LEN + 1])
{
	auth_token_new(token);
	websession_set_cookie(res, secure, "bb_csrf", token, -1);
}

bool websession_form_ok(const struct http_request *req, const char *posted)
{
	char *cookie = websession_cookie(req, "bb_csrf");
	bool ok = websession_same(posted, cookie);
	free(cookie);
	return ok;
}
