/* Tests of cmd.c, what the commands share: the default database path, the one-line usage
 * error, and the loading of the code and enrichment tables from an option or the environment
 * (a note without them, an error naming the option when they cannot be read). stderr is
 * captured by pointing fd 2 at a temporary file. */
#include "testutil.h"

#include "cmd.h"
#include "core/fatal.h"
#include "fhirutil.h"

/* stderr captured while a call runs. */
struct capture {
	char path[32];
	int saved;
};

static void capture_begin(struct capture *c)
{
	snprintf(c->path, sizeof c->path, "/tmp/bbcmd-XXXXXX");
	int fd = mkstemp(c->path);
	assert_true(fd >= 0);
	fflush(stderr);
	c->saved = dup(2);
	assert_true(c->saved >= 0);
	assert_int_equal(dup2(fd, 2), 2);
	close(fd);
}

/* Restores stderr; returns what was written to it (malloc'd). */
static char *capture_end(struct capture *c)
{
	fflush(stderr);
	assert_int_equal(dup2(c->saved, 2), 2);
	close(c->saved);
	char *text = tu_read(c->path);
	assert_non_null(text);
	unlink(c->path);
	return text;
}

/* Sets (or, with NULL, unsets) an environment variable, returning its old value
 * (malloc'd, or NULL) for env_restore. */
static char *env_set(const char *name, const char *value)
{
	const char *old = getenv(name);
	char *saved = old ? strdup(old) : NULL;
	if (value)
		setenv(name, value, 1);
	else
		unsetenv(name);
	return saved;
}

static void env_restore(const char *name, char *saved)
{
	if (saved)
		setenv(name, saved, 1);
	else
		unsetenv(name);
	free(saved);
}

static void test_default_db(void **state)
{
	char *saved = env_set("BB_DB", NULL);
	assert_string_equal(cmd_default_db(), "bluebutton.db");
	setenv("BB_DB", "/tmp/other.db", 1);
	assert_string_equal(cmd_default_db(), "/tmp/other.db");
	/* An empty value counts as unset. */
	setenv("BB_DB", "", 1);
	assert_string_equal(cmd_default_db(), "bluebutton.db");
	env_restore("BB_DB", saved);
}

static void test_usage_error(void **state)
{
	static const struct cmd c = {"frob", "does things", "usage: bluebutton frob", NULL};
	struct capture cap;
	capture_begin(&cap);
	int rc = cmd_usage_error(&c, "unknown option '%s' (%d)", "--x", 3);
	char *err = capture_end(&cap);
	assert_int_equal(rc, 2);
	assert_string_equal(
	    err, "bluebutton frob: unknown option '--x' (3) (see 'bluebutton frob --help')\n");
	free(err);

	/* Without a command, the program's own help. */
	capture_begin(&cap);
	rc = cmd_usage_error(NULL, "no command");
	err = capture_end(&cap);
	assert_int_equal(rc, 2);
	assert_string_equal(err, "bluebutton: no command (see 'bluebutton --help')\n");
	free(err);

	/* The real commands' names. */
	capture_begin(&cap);
	rc = cmd_usage_error(&cmd_load, "%s", "x");
	err = capture_end(&cap);
	assert_int_equal(rc, 2);
	assert_string_equal(err, "bluebutton load: x (see 'bluebutton load --help')\n");
	free(err);
}

/* Writes the nine code-table files (one code each) into dir. */
static void write_small_refdata(const char *dir)
{
	free(tu_write(dir, "ccw_codes.tsv", "ms_cd\t20\tDisabled without ESRD\n"));
	free(tu_write(dir, "ccw_codes_ambiguous.tsv", ""));
	free(tu_write(dir, "ccw_variables.tsv", "ms_cd\tMedicare Status Code\tx\n"));
	free(tu_write(dir, "icd10cm.part1.tsv", "A00\tCHOLERA\n"));
	free(tu_write(dir, "icd10cm.part2.tsv", ""));
	free(tu_write(dir, "icd10cm_added_fy2020-2022.tsv", ""));
	free(tu_write(dir, "icd10pcs.part1.tsv", ""));
	free(tu_write(dir, "icd10pcs.part2.tsv", ""));
	free(tu_write(dir, "icd9cm.tsv", ""));
}

static void test_refdata_none(void **state)
{
	char *saved = env_set("BB_REFDATA", NULL);
	struct refdata *rd = (struct refdata *)&rd;
	struct capture cap;
	capture_begin(&cap);
	int rc = cmd_load_refdata(NULL, &rd);
	char *err = capture_end(&cap);
	assert_int_equal(rc, 0);
	assert_null(rd);
	assert_string_equal(err, "bluebutton: no code tables (--refdata or BB_REFDATA): FHIR "
	                         "resources are rendered without display texts\n");
	free(err);
	/* An empty variable, or an empty option, is no directory either. */
	setenv("BB_REFDATA", "", 1);
	rd = (struct refdata *)&rd;
	capture_begin(&cap);
	rc = cmd_load_refdata(NULL, &rd);
	err = capture_end(&cap);
	assert_int_equal(rc, 0);
	assert_null(rd);
	assert_non_null(strstr(err, "no code tables"));
	free(err);
	capture_begin(&cap);
	rc = cmd_load_refdata("", &rd);
	err = capture_end(&cap);
	assert_int_equal(rc, 0);
	assert_null(rd);
	assert_non_null(strstr(err, "no code tables"));
	free(err);
	env_restore("BB_REFDATA", saved);
}

static void test_refdata_bad(void **state)
{
	char *dir = tu_tmpdir();
	struct refdata *rd = (struct refdata *)&rd;
	struct capture cap;
	/* The directory exists but holds no tables: the error names the option and the file. */
	capture_begin(&cap);
	int rc = cmd_load_refdata(dir, &rd);
	char *err = capture_end(&cap);
	assert_int_equal(rc, -1);
	assert_null(rd);
	char *want = xasprintf("bluebutton: --refdata: %s/ccw_codes.tsv: cannot open", dir);
	if (strncmp(err, want, strlen(want)) != 0)
		fail_msg("got \"%s\", want \"%s…\"", err, want);
	free(want);
	free(err);
	/* A malformed line, through the environment variable. */
	write_small_refdata(dir);
	free(tu_write(dir, "icd9cm.tsv", "0010\n"));
	char *saved = env_set("BB_REFDATA", dir);
	capture_begin(&cap);
	rc = cmd_load_refdata(NULL, &rd);
	err = capture_end(&cap);
	env_restore("BB_REFDATA", saved);
	assert_int_equal(rc, -1);
	assert_null(rd);
	want = xasprintf("bluebutton: --refdata: %s/icd9cm.tsv:1: expected 2 tab-separated "
	                 "fields\n",
	                 dir);
	assert_string_equal(err, want);
	free(want);
	free(err);
	tu_rmdir(dir);
}

static void test_refdata_good(void **state)
{
	char *dir = tu_tmpdir(), *other = tu_tmpdir();
	write_small_refdata(dir);
	struct refdata *rd = NULL;
	struct capture cap;
	capture_begin(&cap);
	int rc = cmd_load_refdata(dir, &rd);
	char *err = capture_end(&cap);
	assert_int_equal(rc, 0);
	assert_non_null(rd);
	assert_string_equal(err, ""); /* nothing said when all is well */
	free(err);
	assert_string_equal(refdata_code(rd, "ms_cd", "20", 2), "Disabled without ESRD");
	refdata_free(rd);
	/* The option wins over the variable (which names an empty directory here). */
	char *saved = env_set("BB_REFDATA", other);
	rd = NULL;
	capture_begin(&cap);
	rc = cmd_load_refdata(dir, &rd);
	err = capture_end(&cap);
	assert_int_equal(rc, 0);
	assert_non_null(rd);
	free(err);
	refdata_free(rd);
	/* Without the option, the variable. */
	setenv("BB_REFDATA", dir, 1);
	rd = NULL;
	capture_begin(&cap);
	rc = cmd_load_refdata(NULL, &rd);
	err = capture_end(&cap);
	env_restore("BB_REFDATA", saved);
	assert_int_equal(rc, 0);
	assert_non_null(rd);
	assert_string_equal(refdata_icd(rd, REFDATA_ICD10CM, "A00", 3), "CHOLERA");
	free(err);
	refdata_free(rd);
	tu_rmdir(dir);
	tu_rmdir(other);
}

/* The real tables load through the option. */
static void test_refdata_real(void **state)
{
	TU_NEED_REFDATA();
	struct refdata *rd = NULL;
	struct capture cap;
	capture_begin(&cap);
	int rc = cmd_load_refdata(getenv("BB_REFDATA"), &rd);
	char *err = capture_end(&cap);
	assert_int_equal(rc, 0);
	assert_string_equal(err, "");
	free(err);
	assert_string_equal(refdata_code(rd, "ms_cd", "20", 2), "Disabled without ESRD");
	refdata_free(rd);
}

static void test_enrichment(void **state)
{
	char *saved = env_set("BB_ENRICHMENT", NULL);
	struct enrich *e = (struct enrich *)&e;
	struct capture cap;
	/* None: a note, NULL, 0. */
	capture_begin(&cap);
	int rc = cmd_load_enrichment(NULL, &e);
	char *err = capture_end(&cap);
	assert_int_equal(rc, 0);
	assert_null(e);
	assert_string_equal(err, "bluebutton: no enrichment tables (--enrichment or "
	                         "BB_ENRICHMENT): ExplanationOfBenefits are rendered without NPI "
	                         "and drug names\n");
	free(err);
	/* A directory that is not there: -1, the option named. */
	e = (struct enrich *)&e;
	capture_begin(&cap);
	rc = cmd_load_enrichment("/nonexistent/enrichment", &e);
	err = capture_end(&cap);
	assert_int_equal(rc, -1);
	assert_null(e);
	assert_string_equal(err, "bluebutton: --enrichment: /nonexistent/enrichment: cannot list "
	                         "the directory\n");
	free(err);
	/* A good one, through the variable. */
	char *dir = tu_tmpdir();
	free(tu_write(dir, "n.json",
	              "{\"npi\":\"1234\",\"entityTypeCode\":\"2\","
	              "\"providerOrganizationName\":\"ORG\"}\n"));
	setenv("BB_ENRICHMENT", dir, 1);
	e = NULL;
	capture_begin(&cap);
	rc = cmd_load_enrichment(NULL, &e);
	err = capture_end(&cap);
	env_restore("BB_ENRICHMENT", saved);
	assert_int_equal(rc, 0);
	assert_string_equal(err, "");
	free(err);
	assert_non_null(e);
	const struct enrich_npi *n = enrich_npi(e, "1234", 4);
	assert_non_null(n);
	assert_string_equal(n->org, "ORG");
	enrich_free(e);
	/* A malformed line: the file and line named after the option. */
	free(tu_write(dir, "n.json", "{\"npi\":\"1234\"}\nnot json\n"));
	capture_begin(&cap);
	rc = cmd_load_enrichment(dir, &e);
	err = capture_end(&cap);
	assert_int_equal(rc, -1);
	assert_null(e);
	char *want = xasprintf("bluebutton: --enrichment: %s/n.json:2", dir);
	if (strncmp(err, want, strlen(want)) != 0)
		fail_msg("got \"%s\", want \"%s…\"", err, want);
	free(want);
	free(err);
	tu_rmdir(dir);
}

/* The fixtures' enrichment tables. */
static void test_enrichment_real(void **state)
{
	const char *dir = getenv("BB_ENRICHMENT");
	if (dir == NULL || *dir == '\0') {
		print_message("enrichment tables not found (set BB_ENRICHMENT): skipped\n");
		skip();
	}
	struct enrich *e = NULL;
	struct capture cap;
	capture_begin(&cap);
	int rc = cmd_load_enrichment(dir, &e);
	char *err = capture_end(&cap);
	assert_int_equal(rc, 0);
	assert_string_equal(err, "");
	free(err);
	assert_non_null(e);
	assert_true(enrich_size(e) > 0);
	enrich_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_default_db),   cmocka_unit_test(test_usage_error),
	    cmocka_unit_test(test_refdata_none), cmocka_unit_test(test_refdata_bad),
	    cmocka_unit_test(test_refdata_good), cmocka_unit_test(test_refdata_real),
	    cmocka_unit_test(test_enrichment),   cmocka_unit_test(test_enrichment_real),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
