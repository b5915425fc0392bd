/* Tests of auth/token.c: token shape and randomness, SHA-256 in hex (a known vector), which
 * scopes are known, what each scope allows, issuing and checking (valid, unknown, expired,
 * revoked). */
#include "testutil.h"

#include <ctype.h>

#include "auth/token.h"
#include "core/fatal.h"

static void test_new(void **state)
{
	(void)state;
	char a[AUTH_TOKEN_LEN + 1], b[AUTH_TOKEN_LEN + 1];
	auth_token_new(a);
	auth_token_new(b);
	assert_int_equal(strlen(a), 43);
	assert_string_not_equal(a, b);
	for (int i = 0; i < 43; i++)
		assert_true(isalnum((unsigned char)a[i]) || a[i] == '-' || a[i] == '_');
}

static void test_sha256(void **state)
{
	(void)state;
	char hex[65];
	auth_sha256_hex("abc", 3, hex);
	assert_string_equal(hex,
	                    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_scopes(void **state)
{
	(void)state;
	char *bad = NULL;
	assert_true(auth_scope_valid("", &bad));
	assert_true(auth_scope_valid("  openid profile launch/patient  ", &bad));
	assert_true(auth_scope_valid("patient/Patient.read patient/Coverage.rs "
	                             "patient/ExplanationOfBenefit.s patient/Patient.r",
	                             &bad));
	static const char *const unknown[] = {"patient/Patient.write", "patient/Claim.read",
	                                      "user/Patient.read",     "patient/Patient.",
	                                      "patient/Patient",       "Profile"};
	for (size_t i = 0; i < sizeof unknown / sizeof *unknown; i++) {
		char *scope = xasprintf("profile %s openid", unknown[i]);
		assert_false(auth_scope_valid(scope, &bad));
		assert_string_equal(bad, unknown[i]);
		free(bad);
		free(scope);
	}
	const char *s = "profile patient/Patient.r patient/Coverage.s "
	                "patient/ExplanationOfBenefit.read";
	assert_true(auth_scope_allows(s, "Patient", 'r'));
	assert_false(auth_scope_allows(s, "Patient", 's'));
	assert_false(auth_scope_allows(s, "Coverage", 'r'));
	assert_true(auth_scope_allows(s, "Coverage", 's'));
	assert_true(auth_scope_allows(s, "ExplanationOfBenefit", 'r'));
	assert_true(auth_scope_allows(s, "ExplanationOfBenefit", 's'));
	assert_true(auth_scope_allows("patient/Coverage.rs", "Coverage", 'r'));
	assert_true(auth_scope_allows("patient/Coverage.rs", "Coverage", 's'));
	/* A longer type name sharing the prefix is another type. */
	assert_false(auth_scope_allows("patient/PatientX.read", "Patient", 'r'));
	assert_false(auth_scope_allows("", "Patient", 'r'));
}

static void test_issue_and_check(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), *path = xasprintf("%s/t.db", dir), *cause = NULL;
	struct store *s;
	assert_int_equal(store_open(path, &s, &cause), 0);
	char tok[AUTH_TOKEN_LEN + 1];
	struct auth_issue_for w = {
	    .app_id = "app", .patient = 99, .scope = "profile", .grant_id = 7};
	assert_int_equal(auth_issue(s, &w, 1000000, 60, tok, &cause), 0);
	struct store_token t;
	struct buf text = BUF_INIT;
	enum auth_status st;
	assert_int_equal(auth_check(s, tok, 1000000 + 59999, &t, &text, &st, &cause), 0);
	assert_int_equal(st, AUTH_OK);
	assert_int_equal(t.patient, 99);
	assert_string_equal(t.app_id, "app");
	assert_string_equal(t.scope, "profile");
	assert_int_equal(t.grant_id, 7);
	assert_int_equal(auth_check(s, tok, 1000000 + 60000, &t, &text, &st, &cause), 0);
	assert_int_equal(st, AUTH_EXPIRED);
	assert_int_equal(auth_check(s, "nope", 1000000, &t, &text, &st, &cause), 0);
	assert_int_equal(st, AUTH_UNKNOWN);
	/* Only the hash is stored. */
	char hash[65];
	auth_sha256_hex(tok, strlen(tok), hash);
	assert_int_equal(store_revoke_token(s, hash, 1000001, &cause), 1);
	assert_int_equal(auth_check(s, tok, 1000002, &t, &text, &st, &cause), 0);
	assert_int_equal(st, AUTH_REVOKED);
	buf_free(&text);
	store_close(s);
	free(path);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_new),
	    cmocka_unit_test(test_sha256),
	    cmocka_unit_test(test_scopes),
	    cmocka_unit_test(test_issue_and_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
