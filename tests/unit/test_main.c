/* Tests for main.c: command dispatch, help, version and usage errors, through the binary. */
#include "testutil.h"

#include <stdbool.h>

#include "version.h"

static char *dir; /* a temp dir; BB_DB points into it so no test creates ./bluebutton.db */
static char *default_db;

static int group_setup(void **state)
{
	dir = tu_tmpdir();
	default_db = malloc(strlen(dir) + 16);
	sprintf(default_db, "%s/default.db", dir);
	setenv("BB_DB", default_db, 1);
	return 0;
}

static int group_teardown(void **state)
{
	unsetenv("BB_DB");
	free(default_db);
	tu_rmdir(dir);
	return 0;
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Checks s is exactly one newline-terminated line. */
static void assert_one_line(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || s[n - 1] != '\n' || memchr(s, '\n', n - 1) != NULL)
		fail_msg("not one line: '%s'", s);
}

/* Checks the text lists a command: a line "  NAME  summary". */
static void assert_lists_command(const char *text, const char *name)
{
	char want[64];
	snprintf(want, sizeof want, "\n  %s ", name);
	if (strstr(text, want) == NULL)
		fail_msg("command '%s' not listed in:\n%s", name, text);
}

static void test_help(void **state)
{
	static const char *const forms[] = {"--help", "-h", "help"};
	char *first = NULL;
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		struct tu_run r = tu_run(forms[i], NULL);
		assert_int_equal(r.status, 0);
		assert_true(strncmp(r.out, "Usage: bluebutton COMMAND", 25) == 0);
		assert_lists_command(r.out, "load");
		assert_lists_command(r.out, "serve");
		assert_non_null(strstr(r.out, "--version"));
		assert_string_equal(r.err, "");
		if (first == NULL)
			first = strdup(r.out);
		else
			assert_string_equal(r.out, first); /* every form prints the same */
		tu_run_free(&r);
	}
	free(first);
}

static void test_version(void **state)
{
	struct tu_run r = tu_run("--version", NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "bluebutton " BB_VERSION "\n");
	assert_string_equal(r.err, "");
	tu_run_free(&r);
	/* The version looks like one: digits and dots. */
	assert_true(strspn(BB_VERSION, "0123456789.") == strlen(BB_VERSION));
	assert_non_null(strchr(BB_VERSION, '.'));

	r = tu_run("version", NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "bluebutton " BB_VERSION "\n");
	tu_run_free(&r);
}

static void test_command_help(void **state)
{
	struct tu_run a = tu_run("load", "--help", NULL);
	assert_int_equal(a.status, 0);
	assert_true(strncmp(a.out, "Usage: bluebutton load", 22) == 0);
	assert_non_null(strstr(a.out, "--db"));
	assert_string_equal(a.err, "");

	struct tu_run b = tu_run("help", "load", NULL);
	assert_int_equal(b.status, 0);
	assert_string_equal(b.out, a.out);
	assert_string_equal(b.err, "");

	struct tu_run c = tu_run("--help", "load", NULL);
	assert_int_equal(c.status, 0);
	assert_string_equal(c.out, a.out);

	struct tu_run d = tu_run("help", "serve", NULL);
	assert_int_equal(d.status, 0);
	assert_true(strncmp(d.out, "Usage: bluebutton serve", 23) == 0);
	assert_non_null(strstr(d.out, "--db"));

	/* Help for a command that does not exist is a usage error naming it. */
	struct tu_run e = tu_run("help", "nosuchcmd", NULL);
	assert_int_equal(e.status, 2);
	assert_string_equal(e.out, "");
	assert_non_null(strstr(e.err, "unknown command 'nosuchcmd'"));

	tu_run_free(&a);
	tu_run_free(&b);
	tu_run_free(&c);
	tu_run_free(&d);
	tu_run_free(&e);
	assert_false(exists(default_db));
}

static void test_unknown_command(void **state)
{
	struct tu_run r = tu_run("frobnicate", "x", NULL);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.out, "");
	assert_one_line(r.err);
	assert_non_null(strstr(r.err, "'frobnicate'"));
	assert_non_null(strstr(r.err, "unknown command"));
	assert_non_null(strstr(r.err, "--help"));
	tu_run_free(&r);
}

static void test_unknown_option(void **state)
{
	struct tu_run r = tu_run("--nope", NULL);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.out, "");
	assert_one_line(r.err);
	assert_non_null(strstr(r.err, "'--nope'"));
	assert_non_null(strstr(r.err, "unknown option"));
	tu_run_free(&r);
}

static void test_no_arguments(void **state)
{
	struct tu_run r = tu_run(NULL);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.out, ""); /* the usage goes to stderr */
	assert_true(strncmp(r.err, "Usage: bluebutton COMMAND", 25) == 0);
	assert_lists_command(r.err, "load");
	assert_lists_command(r.err, "serve");
	tu_run_free(&r);
}

static void test_load_usage_errors(void **state)
{
	struct tu_run r = tu_run("load", NULL);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.out, "");
	assert_one_line(r.err);
	assert_true(strncmp(r.err, "bluebutton load: ", 17) == 0);
	assert_non_null(strstr(r.err, "bluebutton load --help"));
	tu_run_free(&r);

	r = tu_run("load", "--db", NULL);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.out, "");
	assert_one_line(r.err);
	assert_non_null(strstr(r.err, "'--db'"));
	assert_non_null(strstr(r.err, "needs a value"));
	tu_run_free(&r);

	r = tu_run("load", "--nope", "x.txt", NULL);
	assert_int_equal(r.status, 2);
	assert_one_line(r.err);
	assert_non_null(strstr(r.err, "'--nope'"));
	tu_run_free(&r);

	/* Usage errors stop before any database is opened. */
	assert_false(exists(default_db));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_help),
	    cmocka_unit_test(test_version),
	    cmocka_unit_test(test_command_help),
	    cmocka_unit_test(test_unknown_command),
	    cmocka_unit_test(test_unknown_option),
	    cmocka_unit_test(test_no_arguments),
	    cmocka_unit_test(test_load_usage_errors),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
