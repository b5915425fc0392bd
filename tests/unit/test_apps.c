/* Tests of auth/apps.c: which redirect URIs may be registered, data access types, creating an
 * app (a 40-character client id, a secret kept only as its SHA-256 and checked in constant
 * time, none for a public client), and the JSON an app is shown as. */
#include "testutil.h"

#include <ctype.h>

#include "auth/apps.h"
#include "auth/token.h"
#include "core/fatal.h"
#include "storeutil.h"

static void test_redirect_uris(void **state)
{
	(void)state;
	const char *why = NULL;
	static const char *const good[] = {
	    "https://example.org/callback", "https://example.org:8443/cb?x=1",
	    "http://127.0.0.1/cb",          "http://127.0.0.1:3000/callback",
	    "http://localhost:8080/cb",     "http://[::1]:9000/cb",
	    "com.example.app:/oauth2",      "myapp://callback",
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		if (!apps_redirect_uri_ok(good[i], &why))
			fail_msg("%s refused: %s", good[i], why);
	static const struct {
		const char *uri, *why;
	} bad[] = {
	    {"example.org/cb", "it has no scheme"},
	    {"://x", "it has no scheme"},
	    {"1http://x", "its scheme is not valid"},
	    {"https://example.org/cb#frag", "it has a fragment"},
	    {"https://exa mple.org/cb", "it has blanks or control characters"},
	    {"https:///cb", "it has no host"},
	    {"https:x", "it has no host"},
	    {"http://example.org/cb", "plain http is for loopback"},
	    {"http://127.0.0.2/cb", "plain http is for loopback"},
	    {"http://localhost.evil.org/cb", "plain http is for loopback"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		why = NULL;
		if (apps_redirect_uri_ok(bad[i].uri, &why))
			fail_msg("%s accepted", bad[i].uri);
		assert_non_null(strstr(why, bad[i].why));
	}
	assert_true(apps_data_access_type_ok("ONE_TIME"));
	assert_true(apps_data_access_type_ok("THIRTEEN_MONTH"));
	assert_true(apps_data_access_type_ok("RESEARCH_STUDY"));
	assert_false(apps_data_access_type_ok("one_time"));
	assert_false(apps_data_access_type_ok(""));
	char *bad_scope = NULL;
	assert_true(auth_scope_valid(APPS_ALL_SCOPES, &bad_scope));
}

static void test_create(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), *path = xasprintf("%s/t.db", dir), *cause = NULL;
	struct store *s;
	assert_int_equal(store_open(path, &s, &cause), 0);
	struct store_app a = {.name = "A \"quoted\" app",
	                      .redirect_uris = "https://a.example/cb http://127.0.0.1/cb",
	                      .data_access_type = "RESEARCH_STUDY",
	                      .require_demographic = false,
	                      .scopes = "openid patient/Coverage.rs",
	                      .active = true};
	char id[APPS_CLIENT_ID_LEN + 1], secret[APPS_SECRET_LEN + 1];
	assert_int_equal(apps_create(s, &a, 1700000000000, id, secret, &cause), 0);
	assert_int_equal(strlen(id), 40);
	for (int i = 0; i < 40; i++)
		assert_true(isalnum((unsigned char)id[i]));
	assert_int_equal(strlen(secret), 43);

	struct store_app got;
	struct buf text = BUF_INIT;
	assert_int_equal(store_get_app(s, id, &got, &text, &cause), 1);
	assert_true(apps_secret_ok(&got, secret));
	assert_false(apps_secret_ok(&got, "wrong"));
	assert_false(apps_secret_ok(&got, NULL));
	char tail[APPS_SECRET_LEN + 1];
	memcpy(tail, secret, sizeof tail);
	tail[0] = tail[0] == 'A' ? 'B' : 'A';
	assert_false(apps_secret_ok(&got, tail));
	/* Only the hash is stored. */
	char *dump = tu_dump(s);
	assert_null(strstr(dump, secret));
	char hash[65];
	auth_sha256_hex(secret, strlen(secret), hash);
	assert_non_null(strstr(dump, hash));
	free(dump);

	struct buf b = BUF_INIT;
	apps_json(&b, &got, NULL);
	char *want = xasprintf(
	    "{\"client_id\":\"%s\",\"name\":\"A \\\"quoted\\\" app\",\"redirect_uris\":"
	    "[\"https://a.example/cb\",\"http://127.0.0.1/cb\"],\"data_access_type\":"
	    "\"RESEARCH_STUDY\",\"require_demographic_scopes\":false,\"scopes\":[\"openid\","
	    "\"patient/Coverage.rs\"],\"public\":false,\"active\":true,"
	    "\"created\":\"2023-11-14T22:13:20Z\",\"status\":\"sandbox\",\"status_note\":\"\",\"token_management\":false}",
	    id);
	assert_string_equal(buf_cstr(&b), want);
	free(want);
	buf_reset(&b);
	apps_json(&b, &got, secret);
	assert_non_null(strstr(buf_cstr(&b), secret));

	/* A public client: no secret at all, and none accepted. */
	struct store_app p = {.name = "Native",
	                      .redirect_uris = "com.example:/cb",
	                      .data_access_type = "ONE_TIME",
	                      .scopes = "openid",
	                      .public_client = true,
	                      .active = true};
	char pid[APPS_CLIENT_ID_LEN + 1], psecret[APPS_SECRET_LEN + 1];
	assert_int_equal(apps_create(s, &p, 1, pid, psecret, &cause), 0);
	assert_string_equal(psecret, "");
	assert_string_not_equal(pid, id);
	assert_int_equal(store_get_app(s, pid, &got, &text, &cause), 1);
	assert_null(got.secret_hash);
	assert_false(apps_secret_ok(&got, ""));
	buf_reset(&b);
	apps_json(&b, &got, psecret);
	assert_non_null(strstr(buf_cstr(&b), "\"client_secret\":null"));

	buf_free(&b);
	buf_free(&text);
	store_close(s);
	free(path);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_redirect_uris),
	    cmocka_unit_test(test_create),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
