/* Tests of auth/oauth.c: grant lifetimes by data access type, PKCE (RFC 7636's own example),
 * consent → code → tokens, the code's single use (a replay revokes what it gave), expiry,
 * redirect URI and verifier checks, refresh rotation (a reuse revokes the grant's tokens),
 * narrower and wider scopes, ONE_TIME apps, expired and deleted grants, inactive apps, and a
 * new consent replacing the earlier tokens. */
#include "testutil.h"

#include "auth/oauth.h"
#include "core/fatal.h"

/* A verifier and its S256 challenge, computed apart (Python's hashlib and base64). */
#define VERIFIER  "dBjftJeZ4CVP-mJ92K9rl0eFjD5xBWbK5e7LxR6s1b8"
#define CHALLENGE "v28og5xLD8IOD4erYBWk6cHEvQS4I4kdDykyV5r3AUo"
#define NOW       1700000000000

struct fx {
	char *dir;
	struct store *s;
	struct store_app app;
	struct store_user user;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	char *cause = NULL, *path;
	f->dir = tu_tmpdir();
	path = xasprintf("%s/t.db", f->dir);
	assert_int_equal(store_open(path, &f->s, &cause), 0);
	free(path);
	f->app = (struct store_app){.client_id = "client-1",
	                            .secret_hash = "x",
	                            .name = "Tracker",
	                            .redirect_uris = "https://a/cb",
	                            .data_access_type = "THIRTEEN_MONTH",
	                            .require_demographic = true,
	                            .scopes = "openid patient/Patient.read",
	                            .active = true,
	                            .created = 1};
	f->user = (struct store_user){"BBUser00000", "h", -42, NULL, NULL, 1};
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->s);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static void consent(struct fx *f, const char *scope, int64_t now, char code[AUTH_TOKEN_LEN + 1])
{
	char *cause = NULL;
	if (oauth_consent(f->s, &f->app, &f->user, scope, "https://a/cb", CHALLENGE, now, code,
	                  &cause) < 0)
		fail_msg("%s", cause);
}

/* What a data call with the token meets: auth_check's answer and then, for a token it
 * accepts, whether its grant still holds it (revoked with the grant's tokens: AUTH_REVOKED;
 * refused for another reason: AUTH_UNKNOWN). */
static enum auth_status check(struct fx *f, const char *token, int64_t now)
{
	struct store_token t;
	struct buf text = BUF_INIT;
	enum auth_status st;
	char *cause = NULL, words[512];
	int status;
	assert_int_equal(auth_check(f->s, token, now, &t, &text, &st, &cause), 0);
	if (st == AUTH_OK) {
		int usable = oauth_token_usable(f->s, &t, now, &status, words, &cause);
		assert_true(usable >= 0);
		if (usable == 0)
			st = strcmp(words, OAUTH_TOKEN_REVOKED) == 0 && status == 401
			         ? AUTH_REVOKED
			         : AUTH_UNKNOWN;
	}
	buf_free(&text);
	return st;
}

static void test_basics(void **state)
{
	(void)state;
	assert_int_equal(oauth_grant_expiry("RESEARCH_STUDY", NOW), 0);
	assert_int_equal(oauth_grant_expiry("ONE_TIME", NOW), NOW + 3600000);
	/* 2023-11-14T22:13:20.000Z + 13 months = 2024-12-14T22:13:20.000Z */
	assert_int_equal(oauth_grant_expiry("THIRTEEN_MONTH", NOW), 1734214400000);
	assert_true(oauth_pkce_ok(VERIFIER, CHALLENGE));
	assert_true(oauth_pkce_ok(VERIFIER, CHALLENGE "="));
	assert_false(oauth_pkce_ok(VERIFIER "x", CHALLENGE));
	assert_false(oauth_pkce_ok("short", "x"));
	assert_false(oauth_pkce_ok(VERIFIER, "v28og5xLD8IOD4erYBWk6cHEvQS4I4kdDykyV5r3AUp"));
	char bad[] = VERIFIER;
	bad[5] = '+'; /* not an unreserved character */
	assert_false(oauth_pkce_ok(bad, CHALLENGE));
}

static void test_code_flow(void **state)
{
	struct fx *f = *state;
	char code[AUTH_TOKEN_LEN + 1], *cause = NULL;
	struct oauth_tokens t = {.scope = BUF_INIT};
	struct oauth_error err;
	consent(f, "openid patient/Patient.read", NOW, code);
	assert_int_equal(oauth_exchange_code(f->s, &f->app, code, "https://a/cb", VERIFIER,
	                                     NOW + 1000, &t, &err, &cause),
	                 0);
	assert_int_equal(t.expires_in, 3600);
	assert_string_equal(buf_cstr(&t.scope), "openid patient/Patient.read");
	assert_int_equal(t.patient, -42);
	assert_int_equal(t.grant_expires, oauth_grant_expiry("THIRTEEN_MONTH", NOW));
	assert_int_equal(check(f, t.access_token, NOW + 2000), AUTH_OK);
	char first_access[AUTH_TOKEN_LEN + 1];
	memcpy(first_access, t.access_token, sizeof first_access);

	/* The code again: refused, and what it gave is revoked. */
	struct oauth_tokens t2 = {.scope = BUF_INIT};
	assert_int_equal(oauth_exchange_code(f->s, &f->app, code, "https://a/cb", VERIFIER,
	                                     NOW + 3000, &t2, &err, &cause),
	                 1);
	assert_int_equal(err.status, 400);
	assert_string_equal(err.error, "invalid_grant");
	assert_int_equal(check(f, first_access, NOW + 4000), AUTH_REVOKED);
	struct oauth_tokens t3 = {.scope = BUF_INIT};
	assert_int_equal(
	    oauth_refresh(f->s, &f->app, t.refresh_token, NULL, NOW + 5000, &t3, &err, &cause), 1);

	/* Refusals, each using the code up: expired, wrong redirect URI, wrong verifier, another
	 * app, unknown code. */
	struct {
		int64_t at;
		const char *uri, *verifier, *client;
		const char *why;
	} bad[] = {
	    {NOW + 61000, "https://a/cb", VERIFIER, "client-1", "expired"},
	    {NOW + 1000, "https://a/cb2", VERIFIER, "client-1", "redirect_uri"},
	    {NOW + 1000, "https://a/cb", VERIFIER "x", "client-1", "code_verifier"},
	    {NOW + 1000, "https://a/cb", VERIFIER, "client-2", "not valid"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		consent(f, "openid", NOW, code);
		struct store_app other = f->app;
		other.client_id = bad[i].client;
		assert_int_equal(oauth_exchange_code(f->s, &other, code, bad[i].uri,
		                                     bad[i].verifier, bad[i].at, &t2, &err, &cause),
		                 1);
		assert_string_equal(err.error, "invalid_grant");
		if (strstr(err.description, bad[i].why) == NULL)
			fail_msg("case %zu: %s", i, err.description);
		if (strcmp(bad[i].client, "client-1") == 0)
			assert_int_equal(oauth_exchange_code(f->s, &f->app, code, "https://a/cb",
			                                     VERIFIER, NOW + 1000, &t2, &err,
			                                     &cause),
			                 1); /* used up */
	}
	assert_int_equal(oauth_exchange_code(f->s, &f->app, "nope", "https://a/cb", VERIFIER, NOW,
	                                     &t2, &err, &cause),
	                 1);
	buf_free(&t.scope);
	buf_free(&t2.scope);
	buf_free(&t3.scope);
}

static void test_refresh(void **state)
{
	struct fx *f = *state;
	char code[AUTH_TOKEN_LEN + 1], *cause = NULL;
	struct oauth_tokens t = {.scope = BUF_INIT}, r1 = {.scope = BUF_INIT},
	                    r2 = {.scope = BUF_INIT};
	struct oauth_error err;
	consent(f, "openid patient/Patient.read", NOW, code);
	assert_int_equal(oauth_exchange_code(f->s, &f->app, code, "https://a/cb", VERIFIER, NOW, &t,
	                                     &err, &cause),
	                 0);
	/* Rotation; a narrower scope may be asked, a wider one not. */
	assert_int_equal(oauth_refresh(f->s, &f->app, t.refresh_token,
	                               "openid patient/Patient.read "
	                               "profile",
	                               NOW + 1, &r1, &err, &cause),
	                 1);
	assert_string_equal(err.error, "invalid_scope");
	assert_int_equal(
	    oauth_refresh(f->s, &f->app, t.refresh_token, "openid", NOW + 2, &r1, &err, &cause), 0);
	assert_string_equal(buf_cstr(&r1.scope), "openid");
	assert_string_not_equal(r1.refresh_token, t.refresh_token);
	assert_int_equal(check(f, r1.access_token, NOW + 3), AUTH_OK);
	assert_int_equal(check(f, t.access_token, NOW + 3), AUTH_OK); /* still valid until expiry */
	/* The old refresh token again: refused, and every token of the grant is revoked. */
	assert_int_equal(
	    oauth_refresh(f->s, &f->app, t.refresh_token, NULL, NOW + 4, &r2, &err, &cause), 1);
	assert_string_equal(err.error, "invalid_grant");
	assert_int_equal(check(f, r1.access_token, NOW + 5), AUTH_REVOKED);
	assert_int_equal(
	    oauth_refresh(f->s, &f->app, r1.refresh_token, NULL, NOW + 6, &r2, &err, &cause), 1);

	/* A new consent: earlier tokens end. */
	consent(f, "openid", NOW + 10, code);
	assert_int_equal(oauth_exchange_code(f->s, &f->app, code, "https://a/cb", VERIFIER,
	                                     NOW + 11, &t, &err, &cause),
	                 0);
	char before[AUTH_TOKEN_LEN + 1];
	memcpy(before, t.access_token, sizeof before);
	consent(f, "openid", NOW + 20, code);
	assert_int_equal(check(f, before, NOW + 21), AUTH_REVOKED);
	assert_int_equal(oauth_exchange_code(f->s, &f->app, code, "https://a/cb", VERIFIER,
	                                     NOW + 22, &t, &err, &cause),
	                 0);

	/* After 13 months: 401 with Blue Button's words. */
	int64_t late = oauth_grant_expiry("THIRTEEN_MONTH", NOW + 20) + 1;
	assert_int_equal(
	    oauth_refresh(f->s, &f->app, t.refresh_token, NULL, late, &r2, &err, &cause), 1);
	assert_int_equal(err.status, 401);
	assert_string_equal(err.description, OAUTH_ACCESS_EXPIRED);

	/* ONE_TIME apps never refresh; inactive apps do nothing. */
	struct store_app once = f->app;
	once.data_access_type = "ONE_TIME";
	assert_int_equal(
	    oauth_refresh(f->s, &once, t.refresh_token, NULL, NOW + 30, &r2, &err, &cause), 1);
	assert_int_equal(err.status, 403);
	assert_string_equal(err.error, "invalid_client");
	assert_string_equal(err.description, OAUTH_ONE_TIME_REFRESH);
	struct store_app off = f->app;
	off.active = false;
	assert_int_equal(
	    oauth_refresh(f->s, &off, t.refresh_token, NULL, NOW + 30, &r2, &err, &cause), 1);
	assert_int_equal(err.status, 403);
	assert_non_null(
	    strstr(err.description, "This application, Tracker, is temporarily inactive"));

	/* The grant deleted: 403 with Blue Button's words. */
	struct store_token at;
	struct buf text = BUF_INIT;
	enum auth_status st;
	assert_int_equal(auth_check(f->s, t.access_token, NOW + 31, &at, &text, &st, &cause), 0);
	assert_int_equal(store_delete_grant(f->s, at.grant_id, NOW + 31, false, &cause), 1);
	assert_int_equal(
	    oauth_refresh(f->s, &f->app, t.refresh_token, NULL, NOW + 32, &r2, &err, &cause), 1);
	assert_int_equal(err.status, 403);
	assert_string_equal(err.description, OAUTH_ACCESS_NOT_FOUND);
	buf_free(&text);
	buf_free(&t.scope);
	buf_free(&r1.scope);
	buf_free(&r2.scope);
}

/* A consent replaces what an earlier one gave: the earlier code can no longer be exchanged,
 * and presenting an earlier code that was used does not end the new tokens. */
static void test_consent_replaces(void **state)
{
	struct fx *f = *state;
	char *cause = NULL, first[AUTH_TOKEN_LEN + 1], second[AUTH_TOKEN_LEN + 1],
	     third[AUTH_TOKEN_LEN + 1];
	struct oauth_tokens t = {.scope = BUF_INIT}, t2 = {.scope = BUF_INIT};
	struct oauth_error err;
	consent(f, "openid", NOW, first);
	consent(f, "openid", NOW + 1, second);
	assert_int_equal(oauth_exchange_code(f->s, &f->app, first, "https://a/cb", VERIFIER,
	                                     NOW + 2, &t, &err, &cause),
	                 1);
	assert_string_equal(err.error, "invalid_grant");
	assert_string_equal(err.description, "The authorization code is not valid.");
	assert_int_equal(oauth_exchange_code(f->s, &f->app, second, "https://a/cb", VERIFIER,
	                                     NOW + 3, &t, &err, &cause),
	                 0);
	consent(f, "openid", NOW + 4, third);
	assert_int_equal(check(f, t.access_token, NOW + 5), AUTH_REVOKED);
	assert_int_equal(oauth_exchange_code(f->s, &f->app, third, "https://a/cb", VERIFIER,
	                                     NOW + 6, &t2, &err, &cause),
	                 0);
	/* The second code again: refused, and the third's tokens live on. */
	assert_int_equal(oauth_exchange_code(f->s, &f->app, second, "https://a/cb", VERIFIER,
	                                     NOW + 7, &t, &err, &cause),
	                 1);
	assert_string_equal(err.description, "The authorization code was used already.");
	assert_int_equal(check(f, t2.access_token, NOW + 8), AUTH_OK);
	/* The third again: the grant's tokens end. */
	assert_int_equal(oauth_exchange_code(f->s, &f->app, third, "https://a/cb", VERIFIER,
	                                     NOW + 9, &t, &err, &cause),
	                 1);
	assert_int_equal(check(f, t2.access_token, NOW + 10), AUTH_REVOKED);
	buf_free(&t.scope);
	buf_free(&t2.scope);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_basics),
	    cmocka_unit_test_setup_teardown(test_code_flow, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refresh, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_consent_replaces, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
