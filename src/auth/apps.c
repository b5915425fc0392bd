#include "auth/apps.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "auth/token.h"
#include "core/fatal.h"
#include "http/server.h"

bool apps_redirect_uri_ok(const char *uri, const char **why)
{
	const char *colon = strchr(uri, ':');
	if (colon == NULL || colon == uri) {
		*why = "it has no scheme";
		return false;
	}
	for (const char *p = uri; p < colon; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (p > uri &&
		       ((*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')))) {
			*why = "its scheme is not valid";
			return false;
		}
	for (const char *p = uri; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f) {
			*why = "it has blanks or control characters";
			return false;
		}
	if (strchr(uri, '#')) {
		*why = "it has a fragment";
		return false;
	}
	size_t sl = (size_t)(colon - uri);
	bool http = sl == 4 && strncasecmp(uri, "http", 4) == 0;
	bool https = sl == 5 && strncasecmp(uri, "https", 5) == 0;
	if (http || https) {
		if (strncmp(colon, "://", 3) != 0 || colon[3] == '\0' || colon[3] == '/') {
			*why = "it has no host";
			return false;
		}
		const char *host = colon + 3;
		size_t hl = strcspn(host, "/?");
		const char *port = host[0] == '[' ? memchr(host, ']', hl) : memchr(host, ':', hl);
		size_t name = port && host[0] != '[' ? (size_t)(port - host) : hl;
		if (host[0] == '[' && port)
			name = (size_t)(port - host) + 1;
		bool loopback = (name == 9 && strncmp(host, "127.0.0.1", 9) == 0) ||
		                (name == 5 && strncmp(host, "[::1]", 5) == 0) ||
		                (name == 9 && strncasecmp(host, "localhost", 9) == 0);
		if (http && !loopback) {
			*why = "plain http is for loopback addresses only (127.0.0.1, [::1], "
			       "localhost)";
			return false;
		}
	}
	return true;
}

bool apps_data_access_type_ok(const char *t)
{
	return strcmp(t, "ONE_TIME") == 0 || strcmp(t, "THIRTEEN_MONTH") == 0 ||
	       strcmp(t, "RESEARCH_STUDY") == 0;
}

/* n random letters and digits (rejection sampling: no bias). */
static void random_alnum(char *out, size_t n)
{
	static const char alnum[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	size_t i = 0;
	while (i < n) {
		unsigned char r[64];
		if (RAND_bytes(r, sizeof r) != 1)
			fatal("no random bytes");
		for (size_t k = 0; k < sizeof r && i < n; k++)
			if (r[k] < 248) /* 248 = 4 * 62 */
				out[i++] = alnum[r[k] % 62];
	}
	out[n] = '\0';
}

int apps_create(struct store *s, struct store_app *a, int64_t now_ms,
                char client_id[APPS_CLIENT_ID_LEN + 1], char secret[APPS_SECRET_LEN + 1],
                char **cause)
{
	char hash[65];
	random_alnum(client_id, APPS_CLIENT_ID_LEN);
	secret[0] = '\0';
	if (!a->public_client) {
		auth_token_new(secret); /* 32 random bytes, base64url */
		auth_sha256_hex(secret, strlen(secret), hash);
	}
	a->client_id = client_id;
	a->secret_hash = a->public_client ? NULL : hash;
	a->created = now_ms;
	int rc = store_put_app(s, a, cause);
	a->secret_hash = NULL; /* pointed at this function's stack */
	return rc;
}

int apps_new_secret(struct store *s, struct store_app *a, char secret[APPS_SECRET_LEN + 1],
                    char **cause)
{
	char hash[65];
	auth_token_new(secret);
	auth_sha256_hex(secret, strlen(secret), hash);
	const char *old = a->secret_hash;
	a->secret_hash = hash;
	int rc = store_put_app(s, a, cause);
	a->secret_hash = old; /* hash is this function's */
	return rc;
}

bool apps_secret_ok(const struct store_app *a, const char *secret)
{
	if (a->public_client || a->secret_hash == NULL || secret == NULL)
		return false;
	char hash[65];
	auth_sha256_hex(secret, strlen(secret), hash);
	return strlen(a->secret_hash) == 64 && CRYPTO_memcmp(hash, a->secret_hash, 64) == 0;
}

/* A space-separated list as a JSON array of strings. */
static void json_list(struct buf *b, const char *list)
{
	buf_putc(b, '[');
	bool first = true;
	for (const char *p = list; *p;) {
		p += strspn(p, " ");
		size_t n = strcspn(p, " ");
		if (n) {
			char *item = xasprintf("%.*s", (int)n, p);
			if (!first)
				buf_putc(b, ',');
			json_put_string(b, item);
			free(item);
			first = false;
		}
		p += n;
	}
	buf_putc(b, ']');
}

void apps_json(struct buf *b, const struct store_app *a, const char *secret)
{
	buf_puts(b, "{\"client_id\":");
	json_put_string(b, a->client_id);
	if (secret) {
		buf_puts(b, ",\"client_secret\":");
		if (*secret)
			json_put_string(b, secret);
		else
			buf_puts(b, "null");
	}
	buf_puts(b, ",\"name\":");
	json_put_string(b, a->name);
	buf_puts(b, ",\"redirect_uris\":");
	json_list(b, a->redirect_uris);
	buf_puts(b, ",\"data_access_type\":");
	json_put_string(b, a->data_access_type);
	buf_printf(b, ",\"require_demographic_scopes\":%s,\"scopes\":",
	           a->require_demographic ? "true" : "false");
	json_list(b, a->scopes);
	buf_printf(b,
	           ",\"public\":%s,\"active\":%s,\"created\":", a->public_client ? "true" : "false",
	           a->active ? "true" : "false");
	char when[32];
	time_t t = (time_t)(a->created / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_put_string(b, when);
	buf_puts(b, ",\"status\":");
	json_put_string(b, a->status && *a->status ? a->status : "sandbox");
	buf_puts(b, ",\"status_note\":");
	json_put_string(b, a->status_note ? a->status_note : "");
	buf_printf(b, ",\"token_management\":%s}", a->token_management ? "true" : "false");
}
