/* Tests of fhir/fhir.c, the writers every transform shares (values as text, dates, instants,
 * money, codings, CCW-variable extensions), the decoding of stored records, and the ICD
 * descriptions of fhir/refdata.c (no fixtures needed). */
#include "testutil.h"

#include "core/fatal.h"
#include "fhir/fhir.h"
#include "fhirutil.h"

#define VAR "https://bluebutton.cms.gov/resources/variables/"

static const struct rif_column str_col = {"X", RIF_STRING, 10, 0, 0};
static const struct rif_column int_col = {"N", RIF_INTEGER, 0, 0, 0};
static const struct rif_column big_col = {"B", RIF_BIGINT, 0, 0, 0};
static const struct rif_column dec_col = {"D", RIF_DECIMAL, 12, 2, 0};
static const struct rif_column date_col = {"T", RIF_DATE, 0, 0, 0};

static struct rif_value str(const char *s)
{
	return (struct rif_value){.s = s, .len = strlen(s)};
}

static struct rif_value num(int64_t i)
{
	return (struct rif_value){.i = i};
}

static struct rif_value dec(int64_t m, int scale)
{
	return (struct rif_value){.i = m, .scale = (unsigned char)scale};
}

static struct rif_value date(int y, int m, int d)
{
	return (struct rif_value){.i = rif_days_from_civil(y, m, d)};
}

/* fhir_text of v as a string (malloc'd). */
static char *text(const struct rif_column *c, struct rif_value v)
{
	char tmp[32];
	const char *s;
	size_t n = fhir_text(c, &v, tmp, &s);
	return strndup(s, n);
}

static void assert_text(char *got, const char *want)
{
	assert_string_equal(got, want);
	free(got);
}

/* fhir_text gives a string as stored (blanks kept: the code writers trim), numbers in full and
 * dates as yyyy-mm-dd. */
static void test_text(void **state)
{
	assert_text(text(&str_col, str(" A ")), " A ");
	assert_text(text(&str_col, str("")), "");
	assert_text(text(&int_col, num(-42)), "-42");
	assert_text(text(&int_col, num(0)), "0");
	assert_text(text(&big_col, num(INT64_MAX)), "9223372036854775807");
	assert_text(text(&big_col, num(INT64_MIN)), "-9223372036854775808");
	assert_text(text(&dec_col, dec(-1250, 2)), "-12.50");
	assert_text(text(&dec_col, dec(19999, 2)), "199.99");
	assert_text(text(&date_col, date(2024, 2, 29)), "2024-02-29");
	assert_text(text(&date_col, date(1, 1, 1)), "0001-01-01");
	/* The coding writers trim what fhir_text keeps. */
	struct rif_value padded = str("  07 ");
	assert_render(RENDER(fhir_var_coding(f, "betos_cd", &str_col, &padded)),
	              "{\"system\":\"" VAR "betos_cd\",\"code\":\"07\"}");
}

static void test_date_instant(void **state)
{
	assert_render(RENDER(fhir_date(f, rif_days_from_civil(1970, 1, 1))), "\"1970-01-01\"");
	assert_render(RENDER(fhir_date(f, rif_days_from_civil(2024, 12, 31))), "\"2024-12-31\"");
	assert_render(RENDER(fhir_date(f, rif_days_from_civil(1899, 3, 5))), "\"1899-03-05\"");
	/* 2024-01-31T12:00:00Z, and 123 ms later. */
	assert_render(RENDER(fhir_instant(f, 1706702400000)), "\"2024-01-31T12:00:00.000+00:00\"");
	assert_render(RENDER(fhir_instant(f, 1706702400123)), "\"2024-01-31T12:00:00.123+00:00\"");
	assert_render(RENDER(fhir_instant(f, 0)), "\"1970-01-01T00:00:00.000+00:00\"");
}

static void test_value_money(void **state)
{
	struct rif_value d = dec(19999, 2), z = dec(0, 2), n = num(7), nul = {.null = true};
	assert_render(RENDER(fhir_money(f, &d)), "{\"value\":199.99,\"currency\":\"USD\"}");
	assert_render(RENDER(fhir_money(f, &z)), "{\"value\":0.00,\"currency\":\"USD\"}");
	/* A null amount is written as zero. */
	assert_render(RENDER(fhir_money(f, &nul)), "{\"value\":0.00,\"currency\":\"USD\"}");
	assert_render(RENDER(fhir_value(f, &dec_col, &d)), "199.99");
	assert_render(RENDER(fhir_value(f, &int_col, &n)), "7");
	struct rif_value s = str("AZ");
	assert_render(RENDER(fhir_value(f, &str_col, &s)), "\"AZ\"");
}

/* BFD trims coded text, and HAPI writes no blank value: a blank code is left out. */
static void test_blank_codes(void **state)
{
	static const struct rif_column c = {"X", RIF_STRING, 10, 0, 0};
	struct rif_value sp = str(" "), padded = str(" A "), nul = {.null = true};
	assert_render(RENDER(fhir_ext_coding(f, "line_bene_prmry_pyr_cd", &c, &sp)),
	              "{\"url\":\"https://bluebutton.cms.gov/resources/variables/"
	              "line_bene_prmry_pyr_cd\",\"valueCoding\":{\"system\":\"https://"
	              "bluebutton.cms.gov/resources/variables/line_bene_prmry_pyr_cd\"}}");
	assert_render(RENDER(fhir_var_coding(f, "betos_cd", &c, &padded)),
	              "{\"system\":\"https://bluebutton.cms.gov/resources/variables/betos_cd\","
	              "\"code\":\"A\"}");
	assert_render(RENDER(fhir_ext_identifier(f, "carr_num", &c, &sp)),
	              "{\"url\":\"https://bluebutton.cms.gov/resources/variables/carr_num\","
	              "\"valueIdentifier\":{\"system\":\"https://bluebutton.cms.gov/resources/"
	              "variables/carr_num\"}}");
	assert_render(RENDER(fhir_ext_coding(f, "betos_cd", &c, &nul)), "");
}

/* Every extension writer writes nothing for a null value, and the value otherwise. */
static void test_extensions(void **state)
{
	struct rif_value nul = {.null = true}, n = num(3), d = date(2014, 10, 7), s = str("123");
	assert_render(RENDER(fhir_ext_coding(f, "fi_num", &str_col, &nul)), "");
	assert_render(RENDER(fhir_ext_identifier(f, "carr_num", &str_col, &nul)), "");
	assert_render(RENDER(fhir_ext_date(f, "fi_clm_proc_dt", &nul)), "");
	assert_render(RENDER(fhir_ext_quantity(f, "bene_hospc_prd_cnt", &int_col, &nul)), "");
	assert_render(RENDER(fhir_ext_date(f, "fi_clm_proc_dt", &d)),
	              "{\"url\":\"" VAR "fi_clm_proc_dt\",\"valueDate\":\"2014-10-07\"}");
	assert_render(RENDER(fhir_ext_quantity(f, "bene_hospc_prd_cnt", &int_col, &n)),
	              "{\"url\":\"" VAR "bene_hospc_prd_cnt\",\"valueQuantity\":{\"value\":3}}");
	assert_render(RENDER(fhir_ext_identifier(f, "carr_num", &str_col, &s)),
	              "{\"url\":\"" VAR "carr_num\",\"valueIdentifier\":{\"system\":\"" VAR
	              "carr_num\",\"value\":\"123\"}}");
	assert_render(RENDER(fhir_ext_coding(f, "fi_num", &str_col, &s)),
	              "{\"url\":\"" VAR "fi_num\",\"valueCoding\":{\"system\":\"" VAR
	              "fi_num\",\"code\":\"123\"}}");
}

/* The shared coding shapes (no code tables: no variable labels). */
static void test_codings(void **state)
{
	assert_render(RENDER(fhir_var_url(f, "clm_id")), "\"" VAR "clm_id\"");
	assert_render(RENDER(fhir_concept(f, "http://s", "c", NULL)),
	              "{\"coding\":[{\"system\":\"http://s\",\"code\":\"c\"}]}");
	assert_render(RENDER(fhir_concept(f, "http://s", "c", "C")),
	              "{\"coding\":[{\"system\":\"http://s\",\"code\":\"c\",\"display\":\"C\"}]}");
	assert_render(RENDER(fhir_var_label_coding(f, "http://a", "line_nch_pmt_amt")),
	              "{\"system\":\"http://a\",\"code\":\"" VAR "line_nch_pmt_amt\"}");
	assert_render(RENDER(fhir_var_category(f, "http://s", "benefit", "Benefit Amount",
	                                       "http://a", "line_nch_pmt_amt")),
	              "{\"coding\":[{\"system\":\"http://s\",\"code\":\"benefit\",\"display\":"
	              "\"Benefit Amount\"},{\"system\":\"http://a\",\"code\":\"" VAR
	              "line_nch_pmt_amt\"}]}");
	struct enrich_npi full = {.tax_code = "207Q00000X", .tax_display = "Family Medicine"};
	struct enrich_npi none = {0};
	assert_render(RENDER(fhir_taxonomy_qualification(f, &full)),
	              "\"qualification\":{\"coding\":[{\"system\":\"http://nucc.org/"
	              "provider-taxonomy\",\"code\":\"207Q00000X\",\"display\":\"Family "
	              "Medicine\"}]}");
	assert_render(RENDER(fhir_taxonomy_coding(f, &none)),
	              "{\"system\":\"http://nucc.org/provider-taxonomy\"}");
}

/* A stored record that cannot be read is refused, and leaves nothing to free. */
static void test_record_decode_bad(void **state)
{
	const struct rif_layout *l = rif_layout_get(RIF_CARRIER);
	struct fhir_record r;
	static const unsigned char version2[] = {2, 0, 0, 0};
	static const unsigned char truncated[] = {1};
	assert_int_equal(fhir_record_decode(&r, l, version2, sizeof version2), -1);
	assert_null(r.v);
	assert_null(r.lines);
	assert_int_equal(fhir_record_decode(&r, l, truncated, sizeof truncated), -1);
	assert_null(r.v);
	assert_int_equal(fhir_record_decode(&r, l, "", 0), -1);
	assert_null(r.v);
	fhir_record_free(&r); /* harmless after a failure */
}

/* refdata_icd_diagnosis: the version's table, then the other; a comma means double quotes. */
static void test_icd_diagnosis(void **state)
{
	static const char *const empty[] = {
	    "ccw_codes.tsv",     "ccw_codes_ambiguous.tsv",       "ccw_variables.tsv",
	    "icd10cm.part2.tsv", "icd10cm_added_fy2020-2022.tsv", "icd10pcs.part1.tsv",
	    "icd10pcs.part2.tsv"};
	char *dir = tu_tmpdir(), *cause = NULL;
	for (size_t i = 0; i < sizeof empty / sizeof *empty; i++)
		free(tu_write(dir, empty[i], ""));
	free(tu_write(dir, "icd10cm.part1.tsv",
	              "A02\tOTHER SALMONELLA INFECTIONS\nV011\tPEDESTRIAN INJURED, BICYCLE\n"));
	free(tu_write(dir, "icd9cm.tsv",
	              "0053\tOTH BACTERIAL FOODBORNE INTOXICATIONS, NEC\n"
	              "V011\tCONTACT WITH RUBELLA\n"));
	struct refdata *rd;
	assert_int_equal(refdata_load(dir, &rd, &cause), 0);
	char *q;
	assert_string_equal(refdata_icd_diagnosis(rd, '0', "A02", 3, &q),
	                    "OTHER SALMONELLA INFECTIONS");
	assert_null(q);
	/* An ICD-9 code under an ICD-10 version: found in the other table, quoted for its comma. */
	assert_string_equal(refdata_icd_diagnosis(rd, '0', "0053", 4, &q),
	                    "\"OTH BACTERIAL FOODBORNE INTOXICATIONS, NEC\"");
	assert_non_null(q);
	free(q);
	/* A code in both tables: the version's wins; an unknown version reads ICD-10 first. */
	assert_string_equal(refdata_icd_diagnosis(rd, '9', "V011", 4, &q), "CONTACT WITH RUBELLA");
	free(q);
	assert_string_equal(refdata_icd_diagnosis(rd, '0', "V011", 4, &q),
	                    "\"PEDESTRIAN INJURED, BICYCLE\"");
	free(q);
	assert_string_equal(refdata_icd_diagnosis(rd, 0, "V011", 4, &q),
	                    "\"PEDESTRIAN INJURED, BICYCLE\"");
	free(q);
	assert_null(refdata_icd_diagnosis(rd, '9', "Z999", 4, &q));
	assert_null(q);
	assert_null(refdata_icd_diagnosis(NULL, '9', "0053", 4, &q));
	assert_null(q);
	refdata_free(rd);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text),
	    cmocka_unit_test(test_date_instant),
	    cmocka_unit_test(test_value_money),
	    cmocka_unit_test(test_blank_codes),
	    cmocka_unit_test(test_extensions),
	    cmocka_unit_test(test_codings),
	    cmocka_unit_test(test_record_decode_bad),
	    cmocka_unit_test(test_icd_diagnosis),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
