/* bench/oauth-mint: mints what bench/oauth spends (authorization codes, refresh tokens or
 * access tokens of an app) straight into a database through the store functions the server
 * uses, one new grant (epoch 0) per value (beneficiary `bench-KIND-TIME-i`, patient 1 + i % 10,000,
 * lasting as the app's data access type says), and prints the values, one per line. Codes are bound
 * to redirect URI http://127.0.0.1/cb and to the PKCE challenge of the verifier given, and
 * expire 60 s after minting, as every code does.
 * Usage: build/bench/oauth-mint DB CLIENT_ID code|refresh|access N [VERIFIER] */
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/oauth.h"
#include "auth/token.h"
#include "core/clock.h"
#include "core/fatal.h"
#include "store/store.h"

#define SCOPE                                                                                      \
	"openid profile patient/Patient.read patient/Coverage.read "                               \
	"patient/ExplanationOfBenefit.read"
#define BATCH 10000

/* The S256 challenge of a verifier (base64url without padding). */
static void challenge_of(const char *verifier, char out[44])
{
	unsigned char md[SHA256_DIGEST_LENGTH], b64[48];
	SHA256((const unsigned char *)verifier, strlen(verifier), md);
	EVP_EncodeBlock(b64, md, sizeof md);
	for (int i = 0; i < 43; i++)
		out[i] = b64[i] == '+' ? '-' : b64[i] == '/' ? '_' : (char)b64[i];
	out[43] = '\0';
}

/* Ends the program when a store call failed (cause is read after the call has set it). */
#define CHECK(call)                                                                                \
	do {                                                                                       \
		if ((call) < 0)                                                                    \
			fatal("oauth-mint: %s", cause);                                            \
	} while (0)

int main(int argc, char **argv)
{
	if (argc < 5 || argc > 6) {
		fprintf(stderr,
		        "usage: oauth-mint DB CLIENT_ID code|refresh|access N [VERIFIER]\n");
		return 2;
	}
	const char *kind = argv[3];
	long n = strtol(argv[4], NULL, 10);
	if (strcmp(kind, "code") && strcmp(kind, "refresh") && strcmp(kind, "access"))
		fatal("oauth-mint: unknown kind %s", kind);
	char challenge[44] = "";
	if (strcmp(kind, "code") == 0) {
		if (argc != 6)
			fatal("oauth-mint: codes need a verifier");
		challenge_of(argv[5], challenge);
		if (!oauth_pkce_ok(argv[5], challenge))
			fatal(
			    "oauth-mint: %s is not a PKCE verifier (43-128 unreserved characters)",
			    argv[5]);
	}
	struct store *s;
	char *cause = NULL;
	CHECK(store_open(argv[1], &s, &cause));
	struct store_app app;
	struct buf text = BUF_INIT;
	int found = store_get_app(s, argv[2], &app, &text, &cause);
	CHECK(found);
	if (!found)
		fatal("oauth-mint: no app %s in %s", argv[2], argv[1]);
	int64_t now = clock_wall_ms();
	int64_t tag = now; /* usernames differ between runs */
	int64_t expires = oauth_grant_expiry(app.data_access_type, now);
	for (long i = 0; i < n; i++) {
		if (i % BATCH == 0)
			CHECK(store_begin(s, &cause));
		char user[64], value[AUTH_TOKEN_LEN + 1], hash[65];
		snprintf(user, sizeof user, "bench-%s-%lld-%ld", kind, (long long)tag, i);
		struct store_grant g = {0, argv[2], user, 1 + i % 10000, SCOPE, now, expires, 0};
		CHECK(store_put_grant(s, &g, &g.id, &cause));
		if (strcmp(kind, "code") == 0) {
			auth_token_new(value);
			auth_sha256_hex(value, AUTH_TOKEN_LEN, hash);
			struct store_code c = {hash,      g.id,  "http://127.0.0.1/cb",
			                       challenge, SCOPE, now + OAUTH_CODE_TTL_MS,
			                       0,         0};
			CHECK(store_put_code(s, &c, &cause));
		} else if (strcmp(kind, "refresh") == 0) {
			auth_token_new(value);
			auth_sha256_hex(value, AUTH_TOKEN_LEN, hash);
			struct store_refresh r = {hash, g.id, NULL, SCOPE, now, 0, 0, 0};
			CHECK(store_put_refresh(s, &r, &cause));
		} else {
			struct auth_issue_for w = {argv[2], g.patient, SCOPE, g.id, NULL, 0};
			CHECK(auth_issue(s, &w, now, 86400, value, &cause));
		}
		printf("%s\n", value);
		if (i % BATCH == BATCH - 1 || i == n - 1)
			CHECK(store_commit(s, &cause));
	}
	buf_free(&text);
	store_close(s);
	return fflush(stdout) == 0 ? 0 : 1;
}
