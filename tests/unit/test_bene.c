/* Tests of fhir/bene.c: a stored beneficiary loaded and decoded (found, not found,
 * unreadable), its monthly fields, and the reference-year and monthly extensions, on
 * beneficiaries built here and on sample A's. */
#include "testutil.h"

#include "core/fatal.h"
#include "fhir/bene.h"
#include "fhirutil.h"
#include "rif/columns.h"

#define VAR "https://bluebutton.cms.gov/resources/variables/"

/* A beneficiary whose every value is null (no store). */
static struct fhir_bene blank_bene(void)
{
	struct fhir_bene b;
	memset(&b, 0, sizeof b);
	b.r.l = rif_layout_get(RIF_BENEFICIARY);
	b.r.v = xcalloc((size_t)b.r.l->ncols, sizeof *b.r.v);
	for (int i = 0; i < b.r.l->ncols; i++)
		b.r.v[i].null = true;
	return b;
}

static void set_str(struct fhir_bene *b, int col, const char *s)
{
	b->r.v[col] = (struct rif_value){.s = s, .len = strlen(s)};
}

/* The month fields come from the beneficiary's monthly columns (JAN … DEC). */
static void test_month_source(void **state)
{
	const struct rif_layout *l = rif_layout_get(RIF_BENEFICIARY);
	assert_int_equal(rif_month_source(MONTH_PTD_CNTRCT, 1), COL_BENEFICIARY_PTD_CNTRCT_JAN_ID);
	assert_int_equal(rif_month_source(MONTH_PTD_CNTRCT, 12), COL_BENEFICIARY_PTD_CNTRCT_DEC_ID);
	assert_int_equal(rif_month_source(MONTH_CST_SHR, 9), COL_BENEFICIARY_CST_SHR_GRP_SEPT_CD);
	assert_string_equal(l->cols[rif_month_source(MONTH_FIPS, 2)].name,
	                    "FIPS_STATE_CNTY_FEB_CD");
	assert_string_equal(l->cols[rif_month_source(MONTH_BUYIN, 10)].name,
	                    "MDCR_ENTLMT_BUYIN_10_IND");
	struct fhir_bene b = blank_bene();
	set_str(&b, COL_BENEFICIARY_RDS_MAR_IND, "Y");
	assert_ptr_equal(fhir_bene_month(&b, MONTH_RDS, 3), &b.r.v[COL_BENEFICIARY_RDS_MAR_IND]);
	assert_false(fhir_bene_month(&b, MONTH_RDS, 3)->null);
	assert_true(fhir_bene_month(&b, MONTH_RDS, 4)->null);
	fhir_bene_free(&b);
}

static void test_rfrnc_yr(void **state)
{
	struct fhir_bene b = blank_bene();
	struct rif_value *y = &b.r.v[COL_BENEFICIARY_RFRNC_YR];
	/* Null: nothing. */
	assert_render(RENDER(fhir_bene_rfrnc_yr(f, &b)), "");
	*y = (struct rif_value){.i = 2018};
	assert_render(RENDER(fhir_bene_rfrnc_yr(f, &b)),
	              "{\"url\":\"" VAR "rfrnc_yr\",\"valueDate\":\"2018\"}");
	/* A decimal with a scale is read as its whole part; small years are padded. */
	*y = (struct rif_value){.i = 20180, .scale = 1};
	assert_render(RENDER(fhir_bene_rfrnc_yr(f, &b)),
	              "{\"url\":\"" VAR "rfrnc_yr\",\"valueDate\":\"2018\"}");
	*y = (struct rif_value){.i = 999};
	assert_render(RENDER(fhir_bene_rfrnc_yr(f, &b)),
	              "{\"url\":\"" VAR "rfrnc_yr\",\"valueDate\":\"0999\"}");
	/* Zero, negative and five-digit years are not years FHIR can write: nothing. */
	*y = (struct rif_value){.i = 0};
	assert_render(RENDER(fhir_bene_rfrnc_yr(f, &b)), "");
	*y = (struct rif_value){.i = -2018};
	assert_render(RENDER(fhir_bene_rfrnc_yr(f, &b)), "");
	*y = (struct rif_value){.i = 10000};
	assert_render(RENDER(fhir_bene_rfrnc_yr(f, &b)), "");
	fhir_bene_free(&b);
}

static void test_monthly(void **state)
{
	struct fhir_bene b = blank_bene();
	/* No month present: nothing. */
	assert_render(RENDER(fhir_bene_monthly(f, &b, "rdsind", "", MONTH_RDS)), "");
	/* Only the present months, numbered 01 … 12, with the separator. */
	set_str(&b, COL_BENEFICIARY_RDS_JAN_IND, "Y");
	set_str(&b, COL_BENEFICIARY_RDS_DEC_IND, "N");
	assert_render(RENDER(fhir_bene_monthly(f, &b, "rdsind", "", MONTH_RDS)),
	              "{\"url\":\"" VAR "rdsind01\",\"valueCoding\":{\"system\":\"" VAR
	              "rdsind01\",\"code\":\"Y\"}},"
	              "{\"url\":\"" VAR "rdsind12\",\"valueCoding\":{\"system\":\"" VAR
	              "rdsind12\",\"code\":\"N\"}}");
	set_str(&b, COL_BENEFICIARY_META_DUAL_ELGBL_STUS_SEPT_CD, "02");
	assert_render(RENDER(fhir_bene_monthly(f, &b, "dual", "_", MONTH_DUAL)),
	              "{\"url\":\"" VAR "dual_09\",\"valueCoding\":{\"system\":\"" VAR
	              "dual_09\",\"code\":\"02\"}}");
	/* Another field's months are not this one's. */
	assert_render(RENDER(fhir_bene_monthly(f, &b, "cstshr", "", MONTH_CST_SHR)), "");
	fhir_bene_free(&b);
}

/* ---- Sample A's beneficiary ---- */

static void test_load(void **state)
{
	TU_NEED_FIXTURES();
	struct tu_fhir *t = *state;
	struct fhir_bene b;
	char *cause = NULL;
	assert_int_equal(fhir_bene_load(&b, t->s, 567834, &cause), 1);
	assert_null(cause);
	assert_int_equal(b.meta.id, 567834);
	assert_ptr_equal(b.r.l, rif_layout_get(RIF_BENEFICIARY));
	assert_string_equal(b.meta.mbi, "3456789");
	const struct rif_value *v = fhir_bene_month(&b, MONTH_PTD_CNTRCT, 1);
	assert_int_equal(v->len, 5);
	assert_memory_equal(v->s, "S4607", 5);
	v = fhir_bene_month(&b, MONTH_PTD_CNTRCT, 12);
	assert_int_equal(v->len, 1);
	assert_memory_equal(v->s, "0", 1);
	v = fhir_bene_month(&b, MONTH_CST_SHR, 5);
	assert_memory_equal(v->s, "05", 2);
	v = fhir_bene_month(&b, MONTH_PTC_CNTRCT, 10);
	assert_memory_equal(v->s, "H1225", 5);

	assert_render(RENDER(fhir_bene_rfrnc_yr(f, &b)),
	              "{\"url\":\"" VAR "rfrnc_yr\",\"valueDate\":\"2018\"}");
	/* Every month of the sample is present; leave two out. */
	char *all = RENDER(fhir_bene_monthly(f, &b, "cstshr", "", MONTH_CST_SHR));
	assert_non_null(strstr(all, "\"" VAR "cstshr05\",\"code\":\"05\""));
	assert_non_null(strstr(all, "\"" VAR "cstshr12\",\"code\":\"00\""));
	free(all);
	b.r.v[rif_month_source(MONTH_CST_SHR, 5)].null = true;
	b.r.v[rif_month_source(MONTH_CST_SHR, 12)].null = true;
	char *some = RENDER(fhir_bene_monthly(f, &b, "cstshr", "", MONTH_CST_SHR));
	assert_null(strstr(some, "cstshr05"));
	assert_null(strstr(some, "cstshr12"));
	assert_non_null(strstr(some, "\"" VAR "cstshr06\",\"code\":\"06\""));
	size_t n = 0;
	for (const char *p = some; (p = strstr(p, "\"url\"")); p++)
		n++;
	assert_int_equal(n, 10);
	free(some);
	fhir_bene_free(&b);

	/* Not there: 0, no cause; freeing is safe. */
	assert_int_equal(fhir_bene_load(&b, t->s, 1, &cause), 0);
	assert_null(cause);
	fhir_bene_free(&b);
}

/* A stored record that cannot be decoded: -1, with a cause naming the beneficiary. */
static void test_unreadable(void **state)
{
	struct tu_fhir t = {tu_tmpdir(), NULL, NULL, NULL};
	char *cause = NULL, *path = xasprintf("%s/t.db", t.dir);
	if (store_open(path, &t.s, &cause) != 0)
		fail_msg("%s", cause);
	free(path);
	static const unsigned char junk[] = {9, 9, 9};
	const struct store_beneficiary sb = {.id = 42, .data = junk, .len = sizeof junk};
	if (store_put_beneficiary(t.s, &sb, &cause) != 0)
		fail_msg("%s", cause);
	struct fhir_bene b;
	assert_int_equal(fhir_bene_load(&b, t.s, 42, &cause), -1);
	assert_string_equal(cause, "the stored beneficiary 42 is unreadable");
	free(cause);
	/* The failed load keeps the stored record (b.rec): fhir_bene_free releases it. Its
	 * callers in patient.c and coverage.c do not, and leak it. */
	fhir_bene_free(&b);
	tu_fhir_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_month_source), cmocka_unit_test(test_rfrnc_yr),
	    cmocka_unit_test(test_monthly),      cmocka_unit_test(test_load),
	    cmocka_unit_test(test_unreadable),
	};
	return cmocka_run_group_tests(tests, tu_fhir_setup_group_a, tu_fhir_teardown);
}
