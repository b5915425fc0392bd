#include "auth/token.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <string.h>

#include "core/fatal.h"

void auth_token_new(char out[AUTH_TOKEN_LEN + 1])
{
	unsigned char r[32], b64[45];
	if (RAND_bytes(r, sizeof r) != 1)
		fatal("no random bytes");
	EVP_EncodeBlock(b64, r, sizeof r); /* 43 characters and one '=' */
	for (int i = 0; i < AUTH_TOKEN_LEN; i++)
		out[i] = b64[i] == '+' ? '-' : b64[i] == '/' ? '_' : (char)b64[i];
	out[AUTH_TOKEN_LEN] = '\0';
}

void auth_sha256_hex(const char *s, size_t n, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[32];
	if (SHA256((const unsigned char *)s, n, md) == NULL)
		fatal("sha256 failed");
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

static const char *const resource_types[] = {"Patient", "Coverage", "ExplanationOfBenefit"};

/* Whether s[0..n) is a known scope. */
static bool known_scope(const char *s, size_t n)
{
	static const char *const plain[] = {"openid", "profile", "launch/patient"};
	static const char *const ops[] = {"read", "r", "s", "rs"};
	for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
		if (strlen(plain[i]) == n && memcmp(s, plain[i], n) == 0)
			return true;
	if (n < 8 || memcmp(s, "patient/", 8) != 0)
		return false;
	for (size_t t = 0; t < 3; t++) {
		size_t tl = strlen(resource_types[t]);
		if (n < 8 + tl + 2 || memcmp(s + 8, resource_types[t], tl) != 0 || s[8 + tl] != '.')
			continue;
		const char *op = s + 8 + tl + 1;
		size_t ol = n - (8 + tl + 1);
		for (size_t k = 0; k < sizeof ops / sizeof *ops; k++)
			if (strlen(ops[k]) == ol && memcmp(op, ops[k], ol) == 0)
				return true;
	}
	return false;
}

bool auth_scope_valid(const char *scope, char **bad)
{
	for (const char *p = scope; *p;) {
		p += strspn(p, " ");
		size_t n = strcspn(p, " ");
		if (n && !known_scope(p, n)) {
			*bad = xasprintf("%.*s", (int)n, p);
			return false;
		}
		p += n;
	}
	return true;
}

bool auth_scope_allows(const char *scope, const char *type, char op)
{
	size_t tl = strlen(type);
	for (const char *p = scope; *p;) {
		p += strspn(p, " ");
		size_t n = strcspn(p, " ");
		if (n > 8 + tl + 1 && memcmp(p, "patient/", 8) == 0 &&
		    memcmp(p + 8, type, tl) == 0 && p[8 + tl] == '.') {
			const char *o = p + 8 + tl + 1;
			size_t ol = n - (8 + tl + 1);
			if ((ol == 4 && memcmp(o, "read", 4) == 0) ||
			    (ol == 2 && memcmp(o, "rs", 2) == 0) || (ol == 1 && o[0] == op))
				return true;
		}
		p += n;
	}
	return false;
}

int auth_issue(struct store *s, const struct auth_issue_for *w, int64_t now_ms, long ttl,
               char out[AUTH_TOKEN_LEN + 1], char **cause)
{
	char hash[65];
	auth_token_new(out);
	auth_sha256_hex(out, AUTH_TOKEN_LEN, hash);
	struct store_token t = {hash,     w->app_id,   w->patient,   w->scope,
	                        now_ms,   now_ms + ttl * 1000,      0,            w->grant_id,
	                        w->code_hash, w->grant_epoch};
	return store_put_token(s, &t, cause);
}

int auth_check(struct store *s, const char *token, int64_t now_ms, struct store_token *t,
               struct buf *text, enum auth_status *status, char **cause)
{
	char hash[65];
	auth_sha256_hex(token, strlen(token), hash);
	int found = store_get_token(s, hash, t, text, cause);
	if (found < 0)
		return -1;
	*status = !found                 ? AUTH_UNKNOWN
	          : t->revoked           ? AUTH_REVOKED
	          : now_ms >= t->expires ? AUTH_EXPIRED
	                                 : AUTH_OK;
	return 0;
}
