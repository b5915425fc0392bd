/* Tests of `bluebutton token` as a process: issuing (the JSON printed, a token the store
 * accepts with the default or given scopes), --ttl 0, revoking, and the errors (no such
 * beneficiary, unknown scope, bad ids and numbers, both or neither of --patient/--revoke). */
#include "testutil.h"

#include <time.h>

#include "auth/token.h"
#include "core/fatal.h"
#include "storeutil.h"

/* The string value of key in a flat JSON object (malloc'd), or NULL. */
static char *json_str(const char *json, const char *key)
{
	char *k = xasprintf("\"%s\":\"", key);
	const char *p = strstr(json, k);
	char *v = p ? strndup(p + strlen(k), strcspn(p + strlen(k), "\"")) : NULL;
	free(k);
	return v;
}

static enum auth_status check(const char *db, const char *token, struct store_token *t,
                              struct buf *text)
{
	struct store *s;
	char *cause = NULL;
	enum auth_status st;
	assert_int_equal(store_open(db, &s, &cause), 0);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	assert_int_equal(auth_check(s, token, (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, t,
	                            text, &st, &cause),
	                 0);
	store_close(s);
	return st;
}

static void test_issue(void **state)
{
	struct tu_db *f = *state;
	struct tu_run r = tu_run("token", "--db", f->db, "--patient", "-7", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(
	    r.out, "\"token_type\":\"Bearer\",\"expires_in\":3600,\"scope\":\"" AUTH_DEFAULT_SCOPE
	           "\",\"patient\":\"-7\"}\n"));
	char *tok = json_str(r.out, "access_token");
	assert_non_null(tok);
	assert_int_equal(strlen(tok), AUTH_TOKEN_LEN);
	struct store_token t;
	struct buf text = BUF_INIT;
	assert_int_equal(check(f->db, tok, &t, &text), AUTH_OK);
	assert_int_equal(t.patient, -7);
	assert_null(t.app_id);
	assert_string_equal(t.scope, AUTH_DEFAULT_SCOPE);
	assert_true(t.expires - t.created == 3600 * 1000);
	tu_run_free(&r);

	/* The token itself is nowhere in the database. */
	struct store *s;
	char *cause = NULL;
	assert_int_equal(store_open(f->db, &s, &cause), 0);
	char *dump = tu_dump(s);
	assert_null(strstr(dump, tok));
	free(dump);
	store_close(s);

	/* Revoked: refused from then on; revoking again is an error. */
	r = tu_run("token", "--db", f->db, "--revoke", tok, NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	assert_int_equal(check(f->db, tok, &t, &text), AUTH_REVOKED);
	r = tu_run("token", "--db", f->db, "--revoke", tok, NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "no valid token"));
	tu_run_free(&r);
	free(tok);

	/* Scopes given (spaces normalised), a lifetime of 0: expired at once. */
	r = tu_run("token", "--db", f->db, "--patient", "-7", "--scope",
	           "  patient/Coverage.rs   openid ", "--ttl", "0", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"expires_in\":0,\"scope\":\"patient/Coverage.rs openid\""));
	tok = json_str(r.out, "access_token");
	assert_int_equal(check(f->db, tok, &t, &text), AUTH_EXPIRED);
	free(tok);
	tu_run_free(&r);
	buf_free(&text);
}

static void test_errors(void **state)
{
	struct tu_db *f = *state;
	static const struct {
		const char *args[8];
		int status;
		const char *err;
	} cases[] = {
	    {{"--patient", "8"}, 1, "--patient: no beneficiary 8 in "},
	    {{"--patient", "x8"}, 2, "--patient: 'x8' is not a beneficiary id"},
	    {{"--patient", "-7", "--scope", "profile patient/Claim.read"},
	     2,
	     "--scope: unknown scope 'patient/Claim.read'"},
	    {{"--patient", "-7", "--ttl", "-1"}, 2, "--ttl: '-1' is not a number of seconds"},
	    {{"--patient", "-7", "--ttl", "1h"}, 2, "--ttl: '1h' is not a number of seconds"},
	    {{NULL}, 2, "give --patient ID (to issue) or --revoke TOKEN"},
	    {{"--patient", "-7", "--revoke", "abc"}, 2, "give --patient ID"},
	    {{"--bogus"}, 2, "unknown option '--bogus'"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *argv[16] = {NULL, "token", "--db", f->db};
		int n = 4;
		for (int k = 0; cases[i].args[k]; k++)
			argv[n++] = (char *)cases[i].args[k];
		struct tu_run r = tu_run_argv(argv);
		if (r.status != cases[i].status || strstr(r.err, cases[i].err) == NULL)
			fail_msg("case %zu: exit %d: %s", i, r.status, r.err);
		assert_string_equal(r.out, "");
		tu_run_free(&r);
	}
	struct tu_run r = tu_run("token", "--help", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Usage: bluebutton token"));
	tu_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_issue, tu_db_setup, tu_db_teardown),
	    cmocka_unit_test_setup_teardown(test_errors, tu_db_setup, tu_db_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
