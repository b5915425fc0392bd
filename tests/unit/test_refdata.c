/* Tests of fhir/refdata.c: the code tables loaded from small TSV files written here (first
 * definition wins, ambiguous codes have no display, labels, the three ICD tables, the text
 * with its length and plain flag, errors naming the file and line), and the real tables of
 * ../shared/refdata when they are there. */
#include "testutil.h"

#include "core/fatal.h"
#include "fhirutil.h"

/* The nine files refdata_load reads, each with the given text (NULL: left out). */
struct files {
	const char *codes, *ambiguous, *variables, *cm1, *cm2, *cm_added, *pcs1, *pcs2, *icd9;
};

static void write_files(const char *dir, const struct files *t)
{
	const char *names[] = {
	    "ccw_codes.tsv",      "ccw_codes_ambiguous.tsv", "ccw_variables.tsv",
	    "icd10cm.part1.tsv",  "icd10cm.part2.tsv",       "icd10cm_added_fy2020-2022.tsv",
	    "icd10pcs.part1.tsv", "icd10pcs.part2.tsv",      "icd9cm.tsv"};
	const char *texts[] = {t->codes,    t->ambiguous, t->variables, t->cm1, t->cm2,
	                       t->cm_added, t->pcs1,      t->pcs2,      t->icd9};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (texts[i])
			free(tu_write(dir, names[i], texts[i]));
}

static const struct files small = {
    .codes = "ms_cd\t10\tAged without ESRD\n"
             "ms_cd\t20\tDisabled without ESRD\n"
             "ms_cd\t20\tA second definition\n"
             "sex\t1\tMale\r\n"
             "\n"
             "clm_x\t1\tSaid \"one\"\n"
             "clm_x\t2\tTwo\textra column\n"
             "amb_cd\t1\tFirst meaning\n",
    .ambiguous = "amb_cd\t1\tFirst meaning\n"
                 "amb_cd\t1\tSecond meaning\n"
                 "amb_cd\t9\tOnly ambiguous\n",
    .variables = "ms_cd\tMedicare Status Code\tcodebook-mbsf-abd\n"
                 "sex\tSex\tcodebook-mbsf-abd\n",
    .cm1 = "A05\tOTH BACTERIAL FOODBORNE INTOXICATIONS, NEC\nA00\tCHOLERA\n",
    .cm2 = "S00\tSUPERFICIAL INJURY OF HEAD\n",
    .cm_added = "U071\tCOVID-19\n",
    .pcs1 = "0016070\tBYPASS CEREB VENT\n",
    .pcs2 = "0K2\tMUSCLES, CHANGE\n",
    .icd9 = "0010\tCHOLERA D/T VIB CHOLERAE\nA00\tNINE'S CHOLERA\n",
};

/* The small tables loaded from a fresh directory (removed at once: the entries live in
 * memory). */
static struct refdata *load_small(void)
{
	char *dir = tu_tmpdir(), *cause = NULL;
	struct refdata *rd = NULL;
	write_files(dir, &small);
	if (refdata_load(dir, &rd, &cause) != 0)
		fail_msg("%s", cause);
	assert_null(cause);
	tu_rmdir(dir);
	return rd;
}

static const char *code(const struct refdata *rd, const char *var, const char *c)
{
	return refdata_code(rd, var, c, strlen(c));
}

static void test_codes(void **state)
{
	struct refdata *rd = load_small();
	assert_string_equal(code(rd, "ms_cd", "10"), "Aged without ESRD");
	/* The first definition wins. */
	assert_string_equal(code(rd, "ms_cd", "20"), "Disabled without ESRD");
	/* A CR before the newline is not part of the display; columns after it are ignored. */
	assert_string_equal(code(rd, "sex", "1"), "Male");
	assert_string_equal(code(rd, "clm_x", "2"), "Two");
	/* Unknown code, unknown variable, a variable that is a prefix of another. */
	assert_null(code(rd, "ms_cd", "99"));
	assert_null(code(rd, "nope", "10"));
	assert_null(code(rd, "ms_c", "10"));
	assert_null(code(rd, "ms_cd", "1"));
	/* code_len counts: "201" cut to two bytes is "20". */
	assert_string_equal(refdata_code(rd, "ms_cd", "201", 2), "Disabled without ESRD");
	/* A code in the ambiguous file has no display, whether or not ccw_codes had it. */
	assert_null(code(rd, "amb_cd", "1"));
	assert_null(code(rd, "amb_cd", "9"));
	/* 7 codes (ms_cd 10, 20; sex 1; clm_x 1, 2; amb_cd 1, 9), 2 labels, 4 + 2 + 2 ICD. */
	assert_int_equal(refdata_size(rd), 7 + 2 + 4 + 2 + 2);
	refdata_free(rd);
}

static void test_code_text(void **state)
{
	struct refdata *rd = load_small();
	struct refdata_text t = {0};
	assert_true(refdata_code_text(rd, "ms_cd", 5, "20", 2, &t));
	assert_int_equal(t.len, strlen("Disabled without ESRD"));
	assert_memory_equal(t.s, "Disabled without ESRD", t.len);
	assert_true(t.plain);
	/* A display with a double quote must be escaped: not plain. */
	assert_true(refdata_code_text(rd, "clm_x", 5, "1", 1, &t));
	assert_int_equal(t.len, 10);
	assert_memory_equal(t.s, "Said \"one\"", 10);
	assert_false(t.plain);
	/* var_len counts too ("ms_cdX" cut to five bytes). */
	assert_true(refdata_code_text(rd, "ms_cdX", 5, "10", 2, &t));
	assert_memory_equal(t.s, "Aged without ESRD", t.len);
	/* Unknown and ambiguous codes give nothing, and leave out untouched. */
	struct refdata_text keep = {"kept", 4, true};
	assert_false(refdata_code_text(rd, "ms_cd", 5, "99", 2, &keep));
	assert_false(refdata_code_text(rd, "amb_cd", 6, "1", 1, &keep));
	assert_string_equal(keep.s, "kept");
	refdata_free(rd);
}

static void test_labels_icd(void **state)
{
	struct refdata *rd = load_small();
	assert_string_equal(refdata_label(rd, "ms_cd"), "Medicare Status Code");
	assert_string_equal(refdata_label(rd, "sex"), "Sex");
	assert_null(refdata_label(rd, "age"));
	/* A label is not a code, nor a code a label. */
	assert_null(code(rd, "ms_cd", "Medicare Status Code"));
	assert_null(refdata_label(rd, "ms_cd\t10"));

	assert_string_equal(refdata_icd(rd, REFDATA_ICD10CM, "A00", 3), "CHOLERA");
	assert_string_equal(refdata_icd(rd, REFDATA_ICD10CM, "S00", 3),
	                    "SUPERFICIAL INJURY OF HEAD");
	assert_string_equal(refdata_icd(rd, REFDATA_ICD10CM, "U071", 4), "COVID-19");
	assert_string_equal(refdata_icd(rd, REFDATA_ICD10PCS, "0016070", 7), "BYPASS CEREB VENT");
	assert_string_equal(refdata_icd(rd, REFDATA_ICD10PCS, "0K2", 3), "MUSCLES, CHANGE");
	assert_string_equal(refdata_icd(rd, REFDATA_ICD9CM, "0010", 4), "CHOLERA D/T VIB CHOLERAE");
	/* Each system its own table. */
	assert_null(refdata_icd(rd, REFDATA_ICD10PCS, "A00", 3));
	assert_null(refdata_icd(rd, REFDATA_ICD9CM, "S00", 3));
	assert_string_equal(refdata_icd(rd, REFDATA_ICD9CM, "A00", 3), "NINE'S CHOLERA");
	/* code_len: "A001" cut to three bytes. */
	assert_string_equal(refdata_icd(rd, REFDATA_ICD10CM, "A001", 3), "CHOLERA");
	assert_null(refdata_icd(rd, REFDATA_ICD10CM, "A001", 4));
	refdata_free(rd);
}

static void test_icd_diagnosis(void **state)
{
	struct refdata *rd = load_small();
	char *quoted = (char *)"not set";
	/* The version's table first: A00 is in both. */
	assert_string_equal(refdata_icd_diagnosis(rd, '0', "A00", 3, &quoted), "CHOLERA");
	assert_null(quoted);
	assert_string_equal(refdata_icd_diagnosis(rd, '9', "A00", 3, &quoted), "NINE'S CHOLERA");
	assert_null(quoted);
	/* Then the other table. */
	assert_string_equal(refdata_icd_diagnosis(rd, '0', "0010", 4, &quoted),
	                    "CHOLERA D/T VIB CHOLERAE");
	assert_null(quoted);
	assert_string_equal(refdata_icd_diagnosis(rd, '9', "S00", 3, &quoted),
	                    "SUPERFICIAL INJURY OF HEAD");
	assert_null(quoted);
	/* A description with a comma is quoted, in a string the caller frees. */
	const char *d = refdata_icd_diagnosis(rd, '9', "A05", 3, &quoted);
	assert_non_null(quoted);
	assert_ptr_equal(d, quoted);
	assert_string_equal(d, "\"OTH BACTERIAL FOODBORNE INTOXICATIONS, NEC\"");
	free(quoted);
	/* Unknown: NULL, nothing to free. */
	assert_null(refdata_icd_diagnosis(rd, '0', "ZZZ", 3, &quoted));
	assert_null(quoted);
	/* ICD-10-PCS is not a diagnosis table. */
	assert_null(refdata_icd_diagnosis(rd, '0', "0016070", 7, &quoted));
	assert_null(quoted);
	refdata_free(rd);
}

/* Without tables (NULL) every look-up gives nothing. */
static void test_null_tables(void **state)
{
	struct refdata_text t = {"kept", 4, true};
	char *quoted = (char *)"not set";
	assert_null(refdata_code(NULL, "ms_cd", "20", 2));
	assert_false(refdata_code_text(NULL, "ms_cd", 5, "20", 2, &t));
	assert_string_equal(t.s, "kept");
	assert_null(refdata_label(NULL, "ms_cd"));
	assert_null(refdata_icd(NULL, REFDATA_ICD10CM, "A00", 3));
	assert_null(refdata_icd_diagnosis(NULL, '0', "A00", 3, &quoted));
	assert_null(quoted);
	assert_int_equal(refdata_size(NULL), 0);
	refdata_free(NULL);
}

/* Empty files load: every look-up misses. */
static void test_empty_files(void **state)
{
	char *dir = tu_tmpdir(), *cause = NULL;
	struct refdata *rd = NULL;
	const struct files empty = {"", "", "", "", "", "", "", "", ""};
	write_files(dir, &empty);
	assert_int_equal(refdata_load(dir, &rd, &cause), 0);
	assert_non_null(rd);
	assert_int_equal(refdata_size(rd), 0);
	assert_null(code(rd, "ms_cd", "20"));
	assert_null(refdata_label(rd, "ms_cd"));
	assert_null(refdata_icd(rd, REFDATA_ICD9CM, "0010", 4));
	refdata_free(rd);
	tu_rmdir(dir);
}

/* Loads t from a fresh directory and requires a failure whose message contains want (the
 * directory's path stands for "%s"). */
static void assert_load_fails(const struct files *t, const char *want_fmt)
{
	char *dir = tu_tmpdir(), *cause = NULL;
	struct refdata *rd = (struct refdata *)&rd;
	write_files(dir, t);
	assert_int_equal(refdata_load(dir, &rd, &cause), -1);
	assert_non_null(cause);
	char *want = xasprintf(want_fmt, dir);
	if (strstr(cause, want) == NULL)
		fail_msg("cause \"%s\" does not contain \"%s\"", cause, want);
	free(want);
	free(cause);
	tu_rmdir(dir);
}

static void test_errors(void **state)
{
	/* A missing file is named with its path. */
	struct files t = small;
	t.icd9 = NULL;
	assert_load_fails(&t, "%s/icd9cm.tsv: cannot open");
	t = small;
	t.codes = NULL;
	assert_load_fails(&t, "%s/ccw_codes.tsv: cannot open");
	/* A line with too few fields is named by file and line (blank lines count). */
	t = small;
	t.codes = "ms_cd\t10\tAged\n\nms_cd\t20\n";
	assert_load_fails(&t, "%s/ccw_codes.tsv:3: expected 3 tab-separated fields");
	t = small;
	t.variables = "ms_cd\tMedicare Status Code\nsex\n";
	assert_load_fails(&t, "%s/ccw_variables.tsv:2: expected 2 tab-separated fields");
	t = small;
	t.pcs2 = "0K2";
	assert_load_fails(&t, "%s/icd10pcs.part2.tsv:1: expected 2 tab-separated fields");
	/* No directory at all. */
	char *cause = NULL;
	struct refdata *rd = NULL;
	assert_int_equal(refdata_load("/nonexistent/refdata", &rd, &cause), -1);
	assert_non_null(strstr(cause, "/nonexistent/refdata/ccw_codes.tsv: cannot open"));
	assert_null(rd);
	free(cause);
}

/* The real tables (../shared/refdata). */
static void test_real_tables(void **state)
{
	TU_NEED_REFDATA();
	char *cause = NULL;
	struct refdata *rd = NULL;
	if (refdata_load(getenv("BB_REFDATA"), &rd, &cause) != 0)
		fail_msg("%s", cause);
	assert_string_equal(code(rd, "ms_cd", "20"), "Disabled without ESRD");
	assert_string_equal(code(rd, "ms_cd", "11"), "Aged with ESRD");
	assert_string_equal(refdata_label(rd, "ms_cd"), "Medicare Status Code");
	/* carr_line_prvdr_type_cd 0 is in the ambiguous list: no display. */
	assert_null(code(rd, "carr_line_prvdr_type_cd", "0"));
	assert_string_equal(refdata_icd(rd, REFDATA_ICD10CM, "A00", 3), "CHOLERA");
	assert_string_equal(refdata_icd(rd, REFDATA_ICD9CM, "0010", 4), "CHOLERA D/T VIB CHOLERAE");
	assert_string_equal(refdata_icd(rd, REFDATA_ICD10PCS, "0016070", 7),
	                    "BYPASS CEREB VENT TO NASOPHAR WITH AUTOL SUB, OPEN APPROACH");
	char *quoted;
	assert_string_equal(refdata_icd_diagnosis(rd, '0', "A05", 3, &quoted),
	                    "\"OTH BACTERIAL FOODBORNE INTOXICATIONS, NEC\"");
	free(quoted);
	/* The one display with a double quote is not plain. */
	struct refdata_text t;
	assert_true(refdata_code_text(rd, "clm_rlt_ocrnc_cd", 16, "22", 2, &t));
	assert_false(t.plain);
	assert_true(refdata_code_text(rd, "ms_cd", 5, "20", 2, &t));
	assert_true(t.plain);
	assert_true(refdata_size(rd) > 190000);
	refdata_free(rd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_codes),       cmocka_unit_test(test_code_text),
	    cmocka_unit_test(test_labels_icd),  cmocka_unit_test(test_icd_diagnosis),
	    cmocka_unit_test(test_null_tables), cmocka_unit_test(test_empty_files),
	    cmocka_unit_test(test_errors),      cmocka_unit_test(test_real_tables),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
