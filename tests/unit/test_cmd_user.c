/* Tests of `bluebutton user` as a process: adding an account (the JSON printed; the stored
 * argon2id hash verifies with the password, at the default or the sandbox's cost; MBI, name
 * and creation time kept), --password-stdin (newline and CR stripped, first line only), and
 * the errors (a username taken, no such beneficiary, bad usernames, ids and passwords,
 * missing or conflicting options, subcommands), after which nothing is stored. */
#include "testutil.h"

#include <time.h>

#include "auth/password.h"
#include "core/fatal.h"
#include "storeutil.h"

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The stored user (strings in text), or fails. */
static struct store_user get_user(const char *db, const char *username, struct buf *text)
{
	struct store *s;
	char *cause = NULL;
	struct store_user u;
	assert_int_equal(store_open(db, &s, &cause), 0);
	int found = store_get_user(s, username, &u, text, &cause);
	store_close(s);
	if (found != 1)
		fail_msg("no user '%s' (%d)", username, found);
	return u;
}

static bool has_user(const char *db, const char *username)
{
	struct store *s;
	char *cause = NULL;
	struct store_user u;
	struct buf text = BUF_INIT;
	assert_int_equal(store_open(db, &s, &cause), 0);
	int found = store_get_user(s, username, &u, &text, &cause);
	assert_true(found >= 0);
	store_close(s);
	buf_free(&text);
	return found == 1;
}

/* One line on stderr, "bluebutton user: …". */
static void assert_one_error_line(const char *err)
{
	size_t n = strlen(err);
	if (strncmp(err, "bluebutton user: ", 17) != 0 || n == 0 || err[n - 1] != '\n' ||
	    strchr(err, '\n') != err + n - 1)
		fail_msg("not one error line: '%s'", err);
}

static void test_add(void **state)
{
	struct tu_db *f = *state;
	int64_t before = now_ms();
	struct tu_run r = tu_run("user", "add", "--db", f->db, "--username", "BBUser00000",
	                         "--password", "PW-00000!", "--patient", "-7", "--mbi",
	                         "1S00A00AA00", "--name", "Jane Doe", "--sandbox-cost", NULL);
	if (r.status != 0)
		fail_msg("exit %d: %s", r.status, r.err);
	assert_string_equal(r.out, "{\"username\":\"BBUser00000\",\"patient\":\"-7\"}\n");
	assert_string_equal(r.err, "");
	tu_run_free(&r);
	struct buf text = BUF_INIT;
	struct store_user u = get_user(f->db, "BBUser00000", &text);
	assert_string_equal(u.username, "BBUser00000");
	assert_int_equal(u.patient, -7);
	assert_string_equal(u.mbi, "1S00A00AA00");
	assert_string_equal(u.name, "Jane Doe");
	assert_true(u.created >= before && u.created <= now_ms());
	assert_memory_equal(u.password_hash, "$argon2id$v=19$m=1024,t=1,p=1$", 30);
	assert_true(password_verify(u.password_hash, "PW-00000!"));
	assert_false(password_verify(u.password_hash, "PW-00000"));

	/* The password itself is nowhere in the database. */
	struct store *s;
	char *cause = NULL;
	assert_int_equal(store_open(f->db, &s, &cause), 0);
	char *dump = tu_dump(s);
	assert_null(strstr(dump, "PW-00000!"));
	free(dump);
	store_close(s);

	/* At the default cost; no MBI or name; the longest username; a username needing no
	 * escape but every allowed character. */
	char longest[151];
	memset(longest, 'u', 150);
	longest[150] = '\0';
	static const char *const names[] = {"a.b+c-d_e@example.org", NULL};
	for (int i = 0; i < 2; i++) {
		const char *name = names[i] ? names[i] : longest;
		r = tu_run("user", "add", "--db", f->db, "--patient", "-7", "--username", name,
		           "--password", "secret", NULL);
		if (r.status != 0)
			fail_msg("%s: exit %d: %s", name, r.status, r.err);
		char *want = xasprintf("{\"username\":\"%s\",\"patient\":\"-7\"}\n", name);
		assert_string_equal(r.out, want);
		free(want);
		tu_run_free(&r);
		u = get_user(f->db, name, &text);
		assert_memory_equal(u.password_hash, "$argon2id$v=19$m=19456,t=2,p=1$", 31);
		assert_true(password_verify(u.password_hash, "secret"));
		assert_null(u.mbi);
		assert_null(u.name);
	}
	buf_free(&text);
}

static void test_stdin(void **state)
{
	struct tu_db *f = *state;
	static const struct {
		const char *input, *password;
	} cases[] = {
	    {"s3cret pass\n", "s3cret pass"},
	    {"windows\r\n", "windows"},
	    {"no newline", "no newline"},
	    {"first\nsecond\n", "first"},
	    {"  spaces kept  \n", "  spaces kept  "},
	};
	struct buf text = BUF_INIT;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char user[32];
		snprintf(user, sizeof user, "stdin%zu", i);
		struct tu_run r =
		    tu_run_stdin(cases[i].input, strlen(cases[i].input), "user", "add", "--db",
		                 f->db, "--username", user, "--password-stdin", "--patient", "-7",
		                 "--sandbox-cost", NULL);
		if (r.status != 0)
			fail_msg("case %zu: exit %d: %s", i, r.status, r.err);
		tu_run_free(&r);
		struct store_user u = get_user(f->db, user, &text);
		if (!password_verify(u.password_hash, cases[i].password))
			fail_msg("case %zu: the password is not '%s'", i, cases[i].password);
	}
	buf_free(&text);

	/* Nothing, an empty line, a NUL byte, too long a line: usage errors, nothing stored. */
	char big[PASSWORD_MAX_LEN + 2];
	memset(big, 'b', sizeof big - 1);
	big[sizeof big - 1] = '\n';
	const struct {
		const char *input;
		size_t len;
		const char *err;
	} bad[] = {
	    {"", 0, "--password-stdin: nothing on stdin"},
	    {"\n", 1, "--password-stdin: the password is empty"},
	    {"\r\n", 2, "--password-stdin: the password is empty"},
	    {"a\0b\n", 4, "--password-stdin: the password has a NUL byte"},
	    {big, sizeof big, "--password-stdin: the password is longer than 1024 bytes"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct tu_run r = tu_run_stdin(bad[i].input, bad[i].len, "user", "add", "--db",
		                               f->db, "--username", "bad", "--password-stdin",
		                               "--patient", "-7", "--sandbox-cost", NULL);
		if (r.status != 2 || strstr(r.err, bad[i].err) == NULL)
			fail_msg("bad %zu: exit %d: %s", i, r.status, r.err);
		assert_one_error_line(r.err);
		assert_string_equal(r.out, "");
		tu_run_free(&r);
	}
	assert_false(has_user(f->db, "bad"));
	/* 1024 bytes is the longest taken. */
	struct tu_run r =
	    tu_run_stdin(big + 1, sizeof big - 1, "user", "add", "--db", f->db, "--username",
	                 "longest", "--password-stdin", "--patient", "-7", "--sandbox-cost", NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
}

static void test_duplicate(void **state)
{
	struct tu_db *f = *state;
	struct tu_run r = tu_run("user", "add", "--db", f->db, "--username", "BBUser00001",
	                         "--password", "one", "--patient", "-7", "--sandbox-cost", NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	r = tu_run("user", "add", "--db", f->db, "--username", "BBUser00001", "--password", "two",
	           "--patient", "-7", "--sandbox-cost", NULL);
	assert_int_equal(r.status, 1);
	assert_string_equal(r.out, "");
	assert_one_error_line(r.err);
	assert_non_null(strstr(r.err, "'BBUser00001'"));
	assert_non_null(strstr(r.err, "exists already"));
	tu_run_free(&r);
	/* The first account is untouched. */
	struct buf text = BUF_INIT;
	struct store_user u = get_user(f->db, "BBUser00001", &text);
	assert_true(password_verify(u.password_hash, "one"));
	assert_false(password_verify(u.password_hash, "two"));
	buf_free(&text);
}

static void test_errors(void **state)
{
	struct tu_db *f = *state;
	char u151[152], p1025[1026];
	memset(u151, 'u', 151);
	u151[151] = '\0';
	memset(p1025, 'p', 1025);
	p1025[1025] = '\0';
	static const char *const ok[] = {"--username", "someone", "--password",    "pw",
	                                 "--patient",  "-7",      "--sandbox-cost"};
	const struct {
		const char *args[10];
		bool no_ok; /* without the good options above */
		int status;
		const char *err;
	} cases[] = {
	    {{"--patient", "8"}, false, 1, "--patient: no beneficiary 8 in "},
	    {{"--patient", "x8"}, false, 2, "--patient: 'x8' is not a beneficiary id"},
	    {{"--patient", ""}, false, 2, "--patient: '' is not a beneficiary id"},
	    {{"--username", ""}, false, 2, "--username: '' is not 1 to 150 letters"},
	    {{"--username", "two words"}, false, 2, "--username: 'two words' is not"},
	    {{"--username", "a/b"}, false, 2, "--username: 'a/b' is not"},
	    {{"--username", "quo\"te"}, false, 2, "is not 1 to 150"},
	    {{"--username", "jos\xc3\xa9"}, false, 2, "is not 1 to 150"},
	    {{"--username", u151}, false, 2, "is not 1 to 150"},
	    {{"--password", ""}, false, 2, "--password: the password is empty"},
	    {{"--password", p1025}, false, 2, "--password: the password is longer than 1024"},
	    {{"--name", "two\nlines"}, false, 2, "--name: give 1 to 255 bytes"},
	    {{"--name", ""}, false, 2, "--name: give 1 to 255 bytes"},
	    {{"--mbi", "1S00\tA00AA00"}, false, 2, "--mbi: give 1 to 255"},
	    {{"--password-stdin"}, false, 2, "give one of --password P and --password-stdin"},
	    {{"--bogus"}, false, 2, "unknown option '--bogus'"},
	    {{"extra"}, false, 2, "unexpected argument 'extra'"},
	    {{"--mbi"}, false, 2, "option '--mbi' needs a value"},
	    {{"--password", "pw", "--patient", "-7"}, true, 2, "add: give --username U"},
	    {{"--username", "someone", "--patient", "-7"},
	     true,
	     2,
	     "add: give one of --password P and --password-stdin"},
	    {{"--username", "someone", "--password", "pw"}, true, 2, "add: give --patient ID"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *argv[32] = {NULL, "user", "add", "--db", f->db};
		int n = 5;
		if (!cases[i].no_ok)
			for (size_t k = 0; k < sizeof ok / sizeof *ok; k++)
				argv[n++] = (char *)ok[k];
		for (int k = 0; cases[i].args[k]; k++)
			argv[n++] = (char *)cases[i].args[k];
		struct tu_run r = tu_run_argv(argv);
		if (r.status != cases[i].status || strstr(r.err, cases[i].err) == NULL)
			fail_msg("case %zu: exit %d: %s", i, r.status, r.err);
		assert_one_error_line(r.err);
		assert_string_equal(r.out, "");
		tu_run_free(&r);
	}
	assert_false(has_user(f->db, "someone"));

	/* Subcommands. */
	static const struct {
		const char *args[4];
		const char *err;
	} subs[] = {
	    {{NULL}, "no subcommand given"},
	    {{"del"}, "unknown subcommand 'del'"},
	    {{"--db", "x.db", "add"}, "give a subcommand (add) before '--db'"},
	};
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
		char *argv[8] = {NULL, "user"};
		int n = 2;
		for (int k = 0; subs[i].args[k]; k++)
			argv[n++] = (char *)subs[i].args[k];
		struct tu_run r = tu_run_argv(argv);
		if (r.status != 2 || strstr(r.err, subs[i].err) == NULL)
			fail_msg("subcommand case %zu: exit %d: %s", i, r.status, r.err);
		assert_one_error_line(r.err);
		assert_string_equal(r.out, "");
		tu_run_free(&r);
	}
}

static void test_help(void **state)
{
	(void)state;
	static const char *const forms[][3] = {
	    {"user", "--help", NULL}, {"user", "add", "--help"}, {"help", "user", NULL}};
	for (size_t i = 0; i < 3; i++) {
		struct tu_run r = tu_run(forms[i][0], forms[i][1], forms[i][2], NULL);
		assert_int_equal(r.status, 0);
		assert_non_null(strstr(r.out, "Usage: bluebutton user add"));
		assert_non_null(strstr(r.out, "--password-stdin"));
		assert_non_null(strstr(r.out, "--sandbox-cost"));
		assert_string_equal(r.err, "");
		tu_run_free(&r);
	}
	/* The program's help lists the command. */
	struct tu_run r = tu_run("--help", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\n  user "));
	tu_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_add, tu_db_setup, tu_db_teardown),
	    cmocka_unit_test_setup_teardown(test_stdin, tu_db_setup, tu_db_teardown),
	    cmocka_unit_test_setup_teardown(test_duplicate, tu_db_setup, tu_db_teardown),
	    cmocka_unit_test_setup_teardown(test_errors, tu_db_setup, tu_db_teardown),
	    cmocka_unit_test(test_help),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
