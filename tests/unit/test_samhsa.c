/* Tests of rif/samhsa.c: BFD's SAMHSA code lists, and the loader flagging claims with them. */
#include "testutil.h"

#include "rif/columns.h"
#include "rif/loader.h"
#include "rif/samhsa.h"
#include "storeutil.h"

static struct samhsa *lists(void)
{
	struct samhsa *s = NULL;
	char *cause = NULL;
	if (samhsa_load(tu_fixture("samhsa-related-codes"), &s, &cause) != 0)
		fail_msg("%s", cause);
	return s;
}

static struct rif_value text(const char *s)
{
	return (struct rif_value){.s = s, .len = strlen(s)};
}

/* A row of layout t whose only non-null value is col = code. */
static bool matches(const struct samhsa *s, enum rif_type t, int col, const char *code)
{
	const struct rif_layout *l = rif_layout_get(t);
	struct rif_value v[300];
	for (int i = 0; i < l->ncols; i++)
		v[i] = (struct rif_value){.null = true};
	v[col] = text(code);
	return samhsa_match(s, l, v);
}

static void test_codes(void **state)
{
	TU_NEED_FIXTURES();
	struct samhsa *s = lists();
	assert_true(samhsa_size(s) > 700);
	assert_true(matches(s, RIF_CARRIER, COL_CARRIER_ICD_DGNS_CD1, "F1010"));
	assert_true(matches(s, RIF_CARRIER, COL_CARRIER_ICD_DGNS_CD12, "F10.10"));
	assert_true(matches(s, RIF_CARRIER, COL_CARRIER_LINE_ICD_DGNS_CD, "Z7141")); /* "Z71.41 " */
	assert_true(matches(s, RIF_CARRIER, COL_CARRIER_HCPCS_CD, "H0005"));
	assert_true(matches(s, RIF_INPATIENT, COL_INPATIENT_CLM_DRG_CD, "895"));
	assert_true(matches(s, RIF_INPATIENT, COL_INPATIENT_ICD_PRCDR_CD1, "HZ2ZZZZ"));
	assert_true(matches(s, RIF_INPATIENT, COL_INPATIENT_ICD_PRCDR_CD25, "9445"));
	assert_true(matches(s, RIF_OUTPATIENT, COL_OUTPATIENT_RSN_VISIT_CD1, "2910"));
	assert_true(matches(s, RIF_INPATIENT, COL_INPATIENT_PRNCPAL_DGNS_CD, "F1010"));
	/* Not listed, or not a code column. */
	assert_false(matches(s, RIF_CARRIER, COL_CARRIER_ICD_DGNS_CD1, "A02"));
	assert_false(matches(s, RIF_INPATIENT, COL_INPATIENT_CLM_DRG_CD, "894"));
	assert_false(matches(s, RIF_CARRIER, COL_CARRIER_HCPCS_CD, "F1010"));
	assert_false(matches(s, RIF_CARRIER, COL_CARRIER_CARR_NUM, "F1010"));
	assert_false(samhsa_match(NULL, rif_layout_get(RIF_CARRIER), NULL));
	samhsa_free(s);
}

static void test_missing_lists(void **state)
{
	struct samhsa *s;
	char *cause = NULL;
	assert_int_equal(samhsa_load("/nonexistent", &s, &cause), -1);
	assert_non_null(strstr(cause, "/nonexistent/codes-"));
	free(cause);
}

/* Every claim of BFD's SAMHSA samples is flagged; sample A's claims are not. */
static void test_loader_flags(void **state)
{
	TU_NEED_FIXTURES();
	struct samhsa *s = lists();
	char *dir = tu_tmpdir(), *path = malloc(strlen(dir) + 8), *cause = NULL;
	sprintf(path, "%s/t.db", dir);
	struct store *st;
	assert_int_equal(store_open(path, &st, &cause), 0);
	struct load_options o = {.expect_type = -1, .samhsa = s};
	struct load_report rep;
	static const char *const files[] = {"beneficiaries", "bcarrier",  "dme",        "hha",
	                                    "hospice",       "inpatient", "outpatient", "snf"};
	static const char *const samhsa_files[] = {"carrier",   "dme",        "hha", "hospice",
	                                           "inpatient", "outpatient", "snf"};
	long flagged = 0;
	for (size_t i = 0; i < 8; i++) {
		char rel[128];
		snprintf(rel, sizeof rel, "rif-static-samples/sample-a-%s.txt", files[i]);
		assert_int_equal(rif_load_file(st, tu_fixture(rel), &o, &rep, &cause), 0);
		assert_int_equal(rep.samhsa, 0);
	}
	for (size_t i = 0; i < 7; i++) {
		char rel[128];
		snprintf(rel, sizeof rel, "rif-static-samples/samhsa/sample-a-%s.txt",
		         samhsa_files[i]);
		assert_int_equal(rif_load_file(st, tu_fixture(rel), &o, &rep, &cause), 0);
		assert_int_equal(rep.samhsa, rep.claims);
		flagged += rep.samhsa;
	}
	assert_int_equal(flagged, 4461);
	/* The flag is stored with each claim. */
	struct store_claims c;
	assert_int_equal(store_find_claims(st, 567834, 1u << RIF_CARRIER, &c, &cause), 0);
	int with = 0, without = 0;
	for (int i = 0; i < c.n; i++) {
		with += c.v[i].samhsa;
		without += !c.v[i].samhsa && c.v[i].id == 9991831999;
	}
	assert_int_equal(with, 606);
	assert_int_equal(without, 1);
	store_claims_free(&c);
	store_close(st);
	samhsa_free(s);
	free(path);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_codes),
	    cmocka_unit_test(test_missing_lists),
	    cmocka_unit_test(test_loader_flags),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
