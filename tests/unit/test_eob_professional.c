/* Tests of fhir/eob_professional.c, the pieces carrier and DME share: BFD's matching of care
 * team members and diagnoses, its number formats, and the NPI and drug-name tables (read from
 * files written here, so no fixtures are needed). */
#include "testutil.h"

#include "core/fatal.h"
#include "fhir/eob_professional.h"

static char *enrich_dir;

/* Renders one writer call into a string (malloc'd). */
#define RENDER(call)                                                                               \
	({                                                                                         \
		struct buf b_ = BUF_INIT;                                                          \
		struct fhir f_;                                                                    \
		fhir_init(&f_, &b_, NULL);                                                         \
		struct fhir *f = &f_;                                                              \
		call;                                                                              \
		char *s_ = strndup(b_.data ? b_.data : "", b_.len);                                \
		buf_free(&b_);                                                                     \
		s_;                                                                                \
	})

static void assert_render(char *got, const char *want)
{
	assert_string_equal(got, want);
	free(got);
}

static struct rif_value dec(int64_t m, int scale)
{
	return (struct rif_value){.i = m, .scale = (unsigned char)scale};
}

static struct rif_value str(const char *s)
{
	return (struct rif_value){.s = s, .len = strlen(s)};
}

static void test_decimal(void **state)
{
	struct rif_value v[] = {dec(7500, 2), dec(375, 1),  dec(0, 2),    dec(60234, 3),
	                        dec(1, 0),    dec(-500, 2), dec(1999, 2), {.null = true}};
	const char *want[] = {"75.0", "37.5", "0.0", "60.234", "1.0", "-5.0", "19.99", "0.0"};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		assert_render(RENDER(prof_decimal(f, &v[i])), want[i]);
	struct rif_value m = dec(19999, 2);
	assert_render(RENDER(prof_money(f, &m)), "{\"value\":199.99,\"currency\":\"USD\"}");
}

/* BFD trims coded text, and HAPI writes no blank value: a blank code is left out. */
static void test_blank_codes(void **state)
{
	static const struct rif_column c = {"X", RIF_STRING, 10, 0, 0};
	struct rif_value sp = str(" "), padded = str(" A "), nul = {.null = true};
	assert_render(RENDER(prof_ext_coding(f, "line_bene_prmry_pyr_cd", &c, &sp)),
	              "{\"url\":\"https://bluebutton.cms.gov/resources/variables/"
	              "line_bene_prmry_pyr_cd\",\"valueCoding\":{\"system\":\"https://"
	              "bluebutton.cms.gov/resources/variables/line_bene_prmry_pyr_cd\"}}");
	assert_render(RENDER(prof_var_coding(f, "betos_cd", &c, &padded)),
	              "{\"system\":\"https://bluebutton.cms.gov/resources/variables/betos_cd\","
	              "\"code\":\"A\"}");
	assert_render(RENDER(prof_ext_identifier(f, "carr_num", &c, &sp)),
	              "{\"url\":\"https://bluebutton.cms.gov/resources/variables/carr_num\","
	              "\"valueIdentifier\":{\"system\":\"https://bluebutton.cms.gov/resources/"
	              "variables/carr_num\"}}");
	assert_render(RENDER(prof_ext_coding(f, "betos_cd", &c, &nul)), "");
}

static void test_npi_names(void **state)
{
	char buf[256];
	const struct prof_npi *n = prof_npi_find("111", 3);
	assert_non_null(n);
	/* Name parts trimmed, blanks left out, joined by one space; escapes read. */
	assert_string_equal(prof_npi_name(n, buf, sizeof buf), "DR. A\"B C");
	/* An organisation; the later row of a repeated NPI wins. */
	assert_string_equal(prof_npi_name(prof_npi_find("222", 3), buf, sizeof buf), "NEWER");
	assert_string_equal(prof_npi_find("222", 3)->tax_code, "282N00000X");
	/* Other entity types, and people without a name part, have no name. */
	assert_null(prof_npi_name(prof_npi_find("333", 3), buf, sizeof buf));
	assert_non_null(prof_npi_find("444", 3));
	assert_null(prof_npi_name(prof_npi_find("444", 3), buf, sizeof buf));
	assert_null(prof_npi_find("555", 3));
	assert_null(prof_npi_find("11", 2));
	assert_null(prof_npi_name(NULL, buf, sizeof buf));
}

static void test_drug_names(void **state)
{
	/* BFD keys drugs by the first nine digits of the NDC, as 12345-6789. */
	assert_string_equal(prof_drug_display("123456789", 9), "Drug X");
	assert_string_equal(prof_drug_display("12345678901", 11), "Drug X");
	assert_null(prof_drug_display("12345678", 8));
	assert_null(prof_drug_display("999999999", 9));
}

static const struct rif_column col = {"X", RIF_STRING, 10, 0, 0};

static void test_care_team_matching(void **state)
{
	struct fhir_record r = {.nlines = 3};
	static const struct prof_cols k;
	struct prof_eob e;
	prof_init(&e, &r, &k);
	struct rif_value a = str("K25852"), a2 = str("k25852"), b = str("1923124"),
	                 nul = {.null = 1};
	struct prof_member *m1 = prof_care(&e, -1, PROF_NPI, PROF_REFERRING, &a, true, false);
	/* Same identifier type, value (case aside) and role: the same member. */
	assert_ptr_equal(prof_care(&e, 0, PROF_NPI, PROF_REFERRING, &a2, true, false), m1);
	/* Another role or identifier type: another member. */
	struct prof_member *m2 = prof_care(&e, 0, PROF_NPI, PROF_PERFORMING, &a, true, false);
	struct prof_member *m3 = prof_care(&e, 1, PROF_UPIN, PROF_REFERRING, &a, true, false);
	assert_true(m2 != m1 && m3 != m1 && m3 != m2);
	assert_false(m3->taxonomy); /* only NPIs have a taxonomy */
	assert_null(prof_care(&e, 2, PROF_NPI, PROF_PRIMARY, &nul, false, true));
	prof_care(&e, 1, PROF_NPI, PROF_PRIMARY, &b, false, true);
	prof_care(&e, 1, PROF_NPI, PROF_PRIMARY, &b, false, true);
	assert_int_equal(e.ncare, 4);
	/* Items refer to each member once. */
	assert_int_equal(e.items[0].ncare, 2);
	assert_int_equal(e.items[0].care[0], 1);
	assert_int_equal(e.items[0].care[1], 2);
	assert_int_equal(e.items[1].ncare, 2);
	assert_int_equal(e.items[1].care[0], 3);
	assert_int_equal(e.items[1].care[1], 4);
	assert_int_equal(e.items[2].ncare, 0);
	/* Extensions and qualifications: once per variable and code. */
	struct rif_value one = str("1"), two = str("2");
	prof_care_ext(m2, "prtcptng_ind_cd", &col, &one);
	prof_care_ext(m2, "prtcptng_ind_cd", &col, &one);
	prof_care_ext(m2, "prtcptng_ind_cd", &col, &two);
	prof_care_ext(m2, "carr_line_prvdr_type_cd", &col, &one);
	prof_care_ext(m2, "carr_line_prvdr_type_cd", &col, &nul);
	assert_int_equal(m2->next, 3);
	prof_care_qual(m2, "prvdr_spclty", &col, &one);
	prof_care_qual(m2, "prvdr_spclty", &col, &one);
	assert_int_equal(m2->nqual, 1);
	prof_free(&e);
}

static void test_diagnoses(void **state)
{
	struct fhir_record r = {.nlines = 1};
	static const struct prof_cols k;
	struct prof_eob e;
	prof_init(&e, &r, &k);
	struct rif_value a02 = str("A02"), v0 = str("0"), v9 = str("9"), vx = str("X");
	struct rif_value blank = str(" "), nul = {.null = true};
	assert_int_equal(prof_diag(&e, &a02, &v0, PROF_DX_PRINCIPAL_PROF), 1);
	/* Matched on code and ICD version, the first label kept. */
	assert_int_equal(prof_diag(&e, &a02, &v0, PROF_DX_SECONDARY), 1);
	assert_int_equal(prof_diag(&e, &a02, &v9, PROF_DX_SECONDARY), 2);
	assert_int_equal(prof_diag(&e, &a02, &nul, PROF_DX_OTHER), 3);
	assert_int_equal(prof_diag(&e, &a02, &blank, PROF_DX_OTHER), 3); /* both unknown */
	assert_int_equal(prof_diag(&e, &a02, &vx, PROF_DX_PRINCIPAL_INST), 4);
	assert_int_equal(prof_diag(&e, &nul, &v0, PROF_DX_OTHER), 0);
	char *out = RENDER(prof_write_diagnosis(f, &e));
	assert_non_null(strstr(out,
	                       "{\"sequence\":1,\"diagnosisCodeableConcept\":{\"coding\":[{"
	                       "\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":"
	                       "\"A02\"},{\"system\":\"http://hl7.org/fhir/sid/icd-10\",\"code\":"
	                       "\"A02\"}]},\"type\":[{\"coding\":[{\"system\":\"http://"
	                       "terminology.hl7.org/CodeSystem/ex-diagnosistype\",\"code\":"
	                       "\"principal\",\"display\":\"principal\"}]}]}"));
	assert_non_null(strstr(out,
	                       "\"system\":\"http://hl7.org/fhir/sid/icd-9-cm\",\"code\":"
	                       "\"A02\"}]},\"type\":[{\"coding\":[{\"system\":\"http://hl7.org/"
	                       "fhir/us/carin-bb/CodeSystem/C4BBClaimDiagnosisType\",\"code\":"
	                       "\"secondary\""));
	assert_non_null(strstr(out,
	                       "\"system\":\"http://hl7.org/fhir/sid/unknown-icd-version\","
	                       "\"code\":\"A02\"}]},\"type\":[{\"coding\":[{\"system\":\"http://"
	                       "hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimDiagnosisType\","
	                       "\"code\":\"other\",\"display\":\"Other\"}]}]}"));
	assert_non_null(strstr(out, "unknown-icd-version/X\",\"code\":\"A02\"}]},\"type\":[{"
	                            "\"coding\":[{\"system\":\"http://terminology.hl7.org/"
	                            "CodeSystem/ex-diagnosistype\",\"code\":\"principal\","
	                            "\"display\":\"Principal Diagnosis\"}]}]}"));
	free(out);
	prof_free(&e);
}

/* The tables are read once per process, on first use: they are written before any test. */
static int setup(void **state)
{
	enrich_dir = tu_tmpdir();
	free(tu_write(
	    enrich_dir, "npi_e2e_it.json",
	    "{\"npi\":\"111\",\"entityTypeCode\":\"1\",\"providerNamePrefix\":\" DR. \","
	    "\"providerFirstName\":\"A\\\"B\",\"providerMiddleName\":\"\","
	    "\"providerLastName\":\"C\",\"providerCredential\":\"  \"}\n"
	    "{ \"npi\" :  \"222\", \"entityTypeCode\": \"2\", "
	    "\"providerOrganizationName\": \"OLD\" }\n"
	    "{\"npi\":\"333\",\"entityTypeCode\":\"3\",\"providerOrganizationName\":\"X\"}\n"
	    "not json\n"
	    "{\"entityTypeCode\":\"1\",\"providerFirstName\":\"NO NPI\"}\n"
	    "{\"npi\":\"444\",\"entityTypeCode\":\"1\",\"count\":3}\n"
	    "{\"npi\":\"222\",\"entityTypeCode\":\"2\",\"providerOrganizationName\":"
	    "\"NEWER\",\"taxonomyCode\":\"282N00000X\"}\n"));
	free(tu_write(enrich_dir, "fakeDrugOrg.json",
	              "{ \"code\": \"12345-6789\", \"display\": \"Drug X\" }\n{\"code\":\"1\"}\n"));
	setenv("BB_ENRICHMENT", enrich_dir, 1);
	return 0;
}

static int teardown(void **state)
{
	tu_rmdir(enrich_dir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_decimal),
	    cmocka_unit_test(test_blank_codes),
	    cmocka_unit_test(test_npi_names),
	    cmocka_unit_test(test_drug_names),
	    cmocka_unit_test(test_care_team_matching),
	    cmocka_unit_test(test_diagnoses),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
