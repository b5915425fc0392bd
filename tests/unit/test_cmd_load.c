/* Tests of `bluebutton load` as a process: paths, directories and manifests, the report,
 * exit codes and messages, and a kill or Ctrl-C in the middle of a file. */
#include "testutil.h"

#include <time.h>

#include "core/fatal.h"
#include "storeutil.h"

#define S "rif-static-samples/"

static char *db_dump(const char *path)
{
	struct store *s;
	char *cause = NULL;
	assert_int_equal(store_open(path, &s, &cause), 0);
	char *text = tu_dump(s);
	store_close(s);
	return text;
}

static struct store_counts db_counts(const char *path)
{
	struct store *s;
	char *cause = NULL;
	assert_int_equal(store_open(path, &s, &cause), 0);
	struct store_counts c = tu_counts(s);
	store_close(s);
	return c;
}

static void copy(const char *from, const char *dir)
{
	char *cmd = xasprintf("cp '%s' '%s/'", from, dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void test_files_and_report(void **state)
{
	TU_NEED_FIXTURES();
	char *dir = tu_tmpdir(), *db = xasprintf("%s/t.db", dir);
	struct tu_run r = tu_run("load", "--db", db, tu_fixture(S "sample-a-beneficiaries.txt"),
	                         tu_fixture(S "sample-a-bcarrier-multiple-lines.txt"), NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	assert_non_null(strstr(
	    r.out, "sample-a-beneficiaries.txt: beneficiary, 1 records, 0 claims, 0 lines, "));
	assert_non_null(strstr(
	    r.out,
	    "sample-a-bcarrier-multiple-lines.txt: carrier, 1 records, 1 claims, 7 lines, "));
	tu_run_free(&r);
	r = tu_run("load", "--quiet", "--db", db, tu_fixture(S "sample-a-pde.txt"), NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "");
	tu_run_free(&r);
	assert_int_equal(db_counts(db).claims[10], 1);
	free(db);
	tu_rmdir(dir);
}

/* A directory loads beneficiaries before claims, whatever the names. */
static void test_directory(void **state)
{
	TU_NEED_FIXTURES();
	char *dir = tu_tmpdir(), *db = xasprintf("%s/t.db", dir), *in = xasprintf("%s/in", dir);
	assert_int_equal(mkdir(in, 0700), 0);
	copy(tu_fixture(S "sample-a-bcarrier.txt"), in);
	copy(tu_fixture(S "sample-a-pde.txt"), in);
	copy(tu_fixture(S "sample-a-beneficiaries.txt"), in);
	copy(tu_fixture(S "sample-a-beneficiaryhistory.txt"), in);
	free(tu_write(in, "notes.md", "not a RIF file\n"));
	struct tu_run r = tu_run("load", "--db", db, in, NULL);
	assert_int_equal(r.status, 0);
	char *bene = strstr(r.out, "sample-a-beneficiaries.txt");
	char *hist = strstr(r.out, "sample-a-beneficiaryhistory.txt");
	char *carrier = strstr(r.out, "sample-a-bcarrier.txt");
	char *pde = strstr(r.out, "sample-a-pde.txt");
	assert_true(bene && hist && carrier && pde);
	assert_true(bene < hist && hist < carrier && carrier < pde);
	assert_null(strstr(r.out, "notes.md"));
	tu_run_free(&r);
	struct store_counts c = db_counts(db);
	assert_int_equal(c.beneficiaries, 1);
	assert_int_equal(c.claims[3], 1);
	free(in);
	free(db);
	tu_rmdir(dir);
}

static void test_manifest(void **state)
{
	TU_NEED_FIXTURES();
	char *dir = tu_tmpdir(), *db = xasprintf("%s/t.db", dir);
	copy(tu_fixture("manifests/manifest-sample-a.xml"), dir);
	copy(tu_fixture(S "sample-a-beneficiaries.txt"), dir);
	copy(tu_fixture(S "sample-a-bcarrier.txt"), dir);
	char *manifest = xasprintf("%s/manifest-sample-a.xml", dir);
	struct tu_run r = tu_run("load", "--db", db, manifest, NULL);
	assert_int_equal(r.status, 0);
	assert_true(strstr(r.out, "sample-a-beneficiaries.txt") <
	            strstr(r.out, "sample-a-bcarrier.txt"));
	tu_run_free(&r);
	assert_int_equal(db_counts(db).claims[3], 1);
	free(manifest);
	free(db);
	tu_rmdir(dir);
}

/* One line on stderr that starts with `want`, exit 1, and the database as it was. */
static void expect_failure(const char *db, const char *path, const char *want)
{
	char *before = db_dump(db);
	struct tu_run r = tu_run("load", "--db", db, path, NULL);
	assert_int_equal(r.status, 1);
	if (strncmp(r.err, want, strlen(want)) != 0)
		fail_msg("stderr '%s' does not start with '%s'", r.err, want);
	assert_non_null(strchr(r.err, '\n'));
	assert_string_equal(strchr(r.err, '\n'), "\n");
	char *after = db_dump(db);
	assert_string_equal(before, after);
	tu_run_free(&r);
	free(before);
	free(after);
}

static void test_bad_manifests(void **state)
{
	TU_NEED_FIXTURES();
	char *dir = tu_tmpdir(), *db = xasprintf("%s/t.db", dir);
	static const char *const names[] = {"manifest-invalid-sample-a.xml",
	                                    "manifest-malformed-sample-a.xml",
	                                    "manifest-sample-b.xml"};
	static const char *const wants[] = {":6: syntheticData: 'junk' is not a boolean",
	                                    ": (xml): not a well-formed manifest",
	                                    "/bene.txt: cannot open: No such file or directory"};
	copy(tu_fixture(S "sample-a-beneficiaries.txt"), dir);
	copy(tu_fixture(S "sample-a-bcarrier.txt"), dir);
	for (int i = 0; i < 3; i++) {
		char *rel = xasprintf("manifests/%s", names[i]);
		copy(tu_fixture(rel), dir);
		free(rel);
		char *path = xasprintf("%s/%s", dir, names[i]);
		char *want = xasprintf("%s%s", i < 2 ? path : dir, wants[i]);
		if (i == 1) {
			/* The line of the XML error is given before the column. */
			char *m = xasprintf("%s:", path);
			struct tu_run r = tu_run("load", "--db", db, path, NULL);
			assert_int_equal(r.status, 1);
			assert_int_equal(strncmp(r.err, m, strlen(m)), 0);
			assert_non_null(strstr(r.err, ": (xml): not a well-formed manifest"));
			tu_run_free(&r);
			free(m);
		} else {
			expect_failure(db, path, want);
		}
		free(path);
		free(want);
	}
	free(db);
	tu_rmdir(dir);
}

/* Each kind of bad input: exit 1, FILE:LINE: COLUMN on stderr, nothing stored. */
static void test_bad_inputs(void **state)
{
	TU_NEED_FIXTURES();
	char *dir = tu_tmpdir(), *db = xasprintf("%s/t.db", dir);
	struct tu_run r =
	    tu_run("load", "--quiet", "--db", db, tu_fixture(S "sample-a-beneficiaries.txt"), NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	char *good = tu_read(tu_fixture(S "sample-a-bcarrier.txt"));
	char *nl = strchr(good, '\n');
	char *header = strndup(good, (size_t)(nl - good + 1)), *row = nl + 1;
	struct {
		const char *from, *to, *want;
	} cases[] = {
	    {"|9991831999|", "|9991831999|extra|more|", "2: (end of row): the row has 102"},
	    {"|27-OCT-1999|", "|27-OCX-1999|", "2: CLM_FROM_DT: not a date"},
	    {"|199.99|", "|abc|", "2: CLM_PMT_AMT: not a number: 'abc'"},
	    {"INSERT|", "MERGE|", "2: DML_IND: unknown value 'MERGE'"},
	    {"|567834|", "|1234|", "2: BENE_ID: beneficiary 1234 is not loaded"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *at = strstr(row, cases[i].from);
		assert_non_null(at);
		char *text = xasprintf("%s%.*s%s%s", header, (int)(at - row), row, cases[i].to,
		                       at + strlen(cases[i].from));
		char *path = tu_write(dir, "bad.txt", text);
		char *want = xasprintf("%s:%s", path, cases[i].want);
		expect_failure(db, path, want);
		free(want);
		free(path);
		free(text);
	}
	/* Unknown header, cut-short last row, unreadable path. */
	char *path = tu_write(dir, "h.txt", "DML_IND|BENE_ID|WHAT\nINSERT|1|2\n");
	char *want = xasprintf("%s:1: WHAT: unknown header", path);
	expect_failure(db, path, want);
	free(want);
	free(path);
	char *cut = xasprintf("%s%.*s", header, (int)(strlen(row) / 2), row);
	path = tu_write(dir, "cut.txt", cut);
	want = xasprintf("%s:2: ", path);
	expect_failure(db, path, want);
	free(want);
	free(path);
	free(cut);
	want = xasprintf("%s/missing.txt: cannot open: No such file or directory", dir);
	path = xasprintf("%s/missing.txt", dir);
	expect_failure(db, path, want);
	free(want);
	free(path);
	free(header);
	free(good);
	free(db);
	tu_rmdir(dir);
}

/* Files before a bad one stay loaded; the bad one and those after it are not. */
static void test_stops_at_first_bad_file(void **state)
{
	TU_NEED_FIXTURES();
	char *dir = tu_tmpdir(), *db = xasprintf("%s/t.db", dir);
	char *bad = tu_write(dir, "bad.txt", "DML_IND|NOPE\n");
	struct tu_run r = tu_run("load", "--db", db, tu_fixture(S "sample-a-beneficiaries.txt"),
	                         bad, tu_fixture(S "sample-a-pde.txt"), NULL);
	assert_int_equal(r.status, 1);
	struct store_counts c = db_counts(db);
	assert_int_equal(c.beneficiaries, 1);
	assert_int_equal(c.claims[10], 0);
	tu_run_free(&r);
	free(bad);
	free(db);
	tu_rmdir(dir);
}

/* Writes a carrier file of `claims` seven-line claims (fresh ids) for beneficiary 567834. */
static char *big_carrier(const char *dir, long claims)
{
	char *text = tu_read(tu_fixture(S "sample-a-bcarrier-multiple-lines.txt"));
	char *path = xasprintf("%s/big.txt", dir);
	FILE *f = fopen(path, "w");
	char *nl = strchr(text, '\n');
	fwrite(text, 1, (size_t)(nl - text + 1), f);
	char *rows = nl + 1;
	for (long c = 0; c < claims; c++) {
		for (char *p = rows; *p;) {
			char *e = strchr(p, '\n');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			char *id = strstr(p, "|9991831999|");
			assert_true(id && id < p + n);
			fprintf(f, "%.*s|%lld|%.*s\n", (int)(id - p), p, 2000000000LL + c,
			        (int)(p + n - (id + 12)), id + 12);
			p += n + (e ? 1 : 0);
		}
	}
	fclose(f);
	free(text);
	return path;
}

static long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long)st.st_size : 0;
}

/* Starts a load of a big file, sends sig once the load is well under way, and checks the
 * database is as before the file. */
static void interrupt_load(int sig, int want_status)
{
	TU_NEED_FIXTURES();
	char *dir = tu_tmpdir(), *db = xasprintf("%s/t.db", dir), *wal = xasprintf("%s-wal", db);
	struct tu_run r =
	    tu_run("load", "--quiet", "--db", db, tu_fixture(S "sample-a-beneficiaries.txt"), NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	char *big = big_carrier(dir, 40000);
	char *before = db_dump(db);
	pid_t pid = fork();
	if (pid == 0) {
		int nul = open("/dev/null", O_WRONLY);
		dup2(nul, 1);
		dup2(nul, 2);
		execl(tu_bin(), tu_bin(), "load", "--db", db, big, (char *)NULL);
		_exit(127);
	}
	/* Wait until the load has written a good part of its transaction. */
	struct timespec pause = {0, 2000000};
	for (int i = 0; i < 5000 && file_size(wal) < (8L << 20); i++)
		nanosleep(&pause, NULL);
	assert_true(file_size(wal) >= (8L << 20));
	kill(pid, sig);
	int st;
	waitpid(pid, &st, 0);
	int status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	assert_int_equal(status, want_status);
	char *after = db_dump(db);
	assert_string_equal(before, after);
	free(before);
	free(after);
	free(big);
	free(wal);
	free(db);
	tu_rmdir(dir);
}

static void test_kill(void **state)
{
	interrupt_load(SIGKILL, 128 + SIGKILL);
}

static void test_ctrl_c(void **state)
{
	interrupt_load(SIGINT, 130);
}

static void test_usage_errors(void **state)
{
	struct tu_run r = tu_run("load", NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "no file, directory or manifest"));
	tu_run_free(&r);
	r = tu_run("load", "--frobnicate", "x", NULL);
	assert_int_equal(r.status, 2);
	assert_string_equal(
	    r.err,
	    "bluebutton load: unknown option '--frobnicate' (see 'bluebutton load --help')\n");
	tu_run_free(&r);
	r = tu_run("load", "--help", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Usage: bluebutton load"));
	tu_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_files_and_report),
	    cmocka_unit_test(test_directory),
	    cmocka_unit_test(test_manifest),
	    cmocka_unit_test(test_bad_manifests),
	    cmocka_unit_test(test_bad_inputs),
	    cmocka_unit_test(test_stops_at_first_bad_file),
	    cmocka_unit_test(test_kill),
	    cmocka_unit_test(test_ctrl_c),
	    cmocka_unit_test(test_usage_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
