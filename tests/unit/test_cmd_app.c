/* Tests of `bluebutton app` as a process: create (defaults, options, public), list, show,
 * update, deactivate/activate, delete, and the errors (bad redirect URIs, scopes, types,
 * missing options, unknown apps and subcommands), each a single line with the right status. */
#include "testutil.h"

#include "auth/apps.h"
#include "core/fatal.h"
#include "storeutil.h"

static char *field(const char *json, const char *key)
{
	char *k = xasprintf("\"%s\":\"", key);
	const char *p = strstr(json, k);
	char *v = p ? strndup(p + strlen(k), strcspn(p + strlen(k), "\"")) : NULL;
	free(k);
	return v;
}

static struct tu_run app(struct tu_db *f, const char *sub, const char *const *args)
{
	char *argv[32] = {NULL, "app", (char *)sub, "--db", f->db};
	int n = 5;
	for (; args && *args; args++)
		argv[n++] = (char *)*args;
	return tu_run_argv(argv);
}

static void test_lifecycle(void **state)
{
	struct tu_db *f = *state;
	const char *create[] = {"--name",
	                        "Health Tracker",
	                        "--redirect-uri",
	                        "http://127.0.0.1:3000/cb",
	                        "--redirect-uri",
	                        "https://tracker.example/cb",
	                        NULL};
	struct tu_run r = app(f, "create", create);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	char *id = field(r.out, "client_id"), *secret = field(r.out, "client_secret");
	assert_int_equal(strlen(id), APPS_CLIENT_ID_LEN);
	assert_int_equal(strlen(secret), APPS_SECRET_LEN);
	assert_non_null(strstr(r.out,
	                       "\"redirect_uris\":[\"http://127.0.0.1:3000/cb\","
	                       "\"https://tracker.example/cb\"],"
	                       "\"data_access_type\":\"THIRTEEN_MONTH\","
	                       "\"require_demographic_scopes\":true,\"scopes\":[\"openid\","));
	assert_non_null(strstr(r.out, "\"public\":false,\"active\":true,"));
	tu_run_free(&r);

	/* The secret checks against what is stored, and is shown nowhere again. */
	struct store *s;
	char *cause = NULL;
	struct store_app a;
	struct buf text = BUF_INIT;
	assert_int_equal(store_open(f->db, &s, &cause), 0);
	assert_int_equal(store_get_app(s, id, &a, &text, &cause), 1);
	assert_true(apps_secret_ok(&a, secret));
	store_close(s);

	const char *none[] = {NULL};
	const char *only_id[] = {id, NULL};
	r = app(f, "show", only_id);
	assert_int_equal(r.status, 0);
	assert_null(strstr(r.out, secret));
	assert_null(strstr(r.out, "client_secret"));
	tu_run_free(&r);

	const char *create2[] = {"--name",
	                         "Study",
	                         "--redirect-uri",
	                         "org.example.study:/cb",
	                         "--public",
	                         "--data-access-type",
	                         "RESEARCH_STUDY",
	                         "--require-demographic-scopes",
	                         "no",
	                         "--scopes",
	                         "openid patient/ExplanationOfBenefit.rs",
	                         NULL};
	r = app(f, "create", create2);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"client_secret\":null"));
	assert_non_null(strstr(r.out, "\"data_access_type\":\"RESEARCH_STUDY\","
	                              "\"require_demographic_scopes\":false,\"scopes\":[\"openid\","
	                              "\"patient/ExplanationOfBenefit.rs\"],\"public\":true"));
	tu_run_free(&r);

	r = app(f, "list", none);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"name\":\"Health Tracker\""));
	assert_non_null(strstr(r.out, "\"name\":\"Study\""));
	assert_true(strstr(r.out, "Health Tracker") < strstr(r.out, "Study")); /* oldest first */
	assert_null(strstr(r.out, secret));
	tu_run_free(&r);

	const char *update[] = {"--name",
	                        "Tracker 2",
	                        "--redirect-uri",
	                        "https://t2.example/cb",
	                        "--data-access-type",
	                        "ONE_TIME",
	                        id,
	                        NULL};
	r = app(f, "update", update);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out,
	                       "\"name\":\"Tracker 2\",\"redirect_uris\":"
	                       "[\"https://t2.example/cb\"],\"data_access_type\":\"ONE_TIME\""));
	tu_run_free(&r);

	r = app(f, "deactivate", only_id);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"active\":false"));
	tu_run_free(&r);
	r = app(f, "activate", only_id);
	assert_non_null(strstr(r.out, "\"active\":true"));
	tu_run_free(&r);
	r = app(f, "delete", only_id);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	r = app(f, "show", only_id);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "no app with client id"));
	tu_run_free(&r);
	r = app(f, "delete", only_id);
	assert_int_equal(r.status, 1);
	tu_run_free(&r);
	buf_free(&text);
	free(id);
	free(secret);
}

static void test_errors(void **state)
{
	struct tu_db *f = *state;
	static const struct {
		const char *sub;
		const char *args[8];
		int status;
		const char *err;
	} cases[] = {
	    {"create", {"--redirect-uri", "https://a/cb"}, 2, "create: --name is needed"},
	    {"create", {"--name", "X"}, 2, "at least one --redirect-uri is needed"},
	    {"create",
	     {"--name", "X", "--redirect-uri", "http://a.example/cb"},
	     2,
	     "plain http is for loopback"},
	    {"create", {"--name", "X", "--redirect-uri", "https://a/cb#f"}, 2, "it has a fragment"},
	    {"create",
	     {"--name", "X", "--redirect-uri", "https://a/cb", "--scopes", "patient/Claim.read"},
	     2,
	     "--scopes: unknown scope 'patient/Claim.read'"},
	    {"create",
	     {"--name", "X", "--redirect-uri", "https://a/cb", "--data-access-type", "FOREVER"},
	     2,
	     "--data-access-type: 'FOREVER' is not ONE_TIME"},
	    {"create",
	     {"--name", "X", "--redirect-uri", "https://a/cb", "--require-demographic-scopes", "y"},
	     2,
	     "'y' is not yes or no"},
	    {"create",
	     {"--name", "", "--redirect-uri", "https://a/cb"},
	     2,
	     "--name: give 1 to 255"},
	    {"show", {NULL}, 2, "no CLIENT_ID given"},
	    {"show", {"a", "b"}, 2, "one CLIENT_ID at a time"},
	    {"show", {"--public", "a"}, 2, "unknown option '--public'"},
	    {"list", {"x"}, 2, "unexpected argument 'x'"},
	    {"bogus", {NULL}, 2, "unknown subcommand 'bogus'"},
	    {"deactivate", {"nope"}, 1, "no app with client id 'nope'"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct tu_run r = app(f, cases[i].sub, cases[i].args);
		if (r.status != cases[i].status || strstr(r.err, cases[i].err) == NULL ||
		    strchr(r.err, '\n') != r.err + strlen(r.err) - 1)
			fail_msg("case %zu: exit %d: %s", i, r.status, r.err);
		assert_string_equal(r.out, "");
		tu_run_free(&r);
	}
	struct tu_run r = tu_run("app", NULL);
	assert_int_equal(r.status, 2);
	tu_run_free(&r);
	r = tu_run("app", "--help", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Usage: bluebutton app create"));
	tu_run_free(&r);
	r = tu_run("app", "create", "--help", NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_lifecycle, tu_db_setup, tu_db_teardown),
	    cmocka_unit_test_setup_teardown(test_errors, tu_db_setup, tu_db_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
