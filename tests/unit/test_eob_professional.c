/* Tests of fhir/eob_professional.c, the pieces carrier and DME share: BFD's matching of care
 * team members and diagnoses, and its number formats (no fixtures needed). */
#include "testutil.h"

#include "core/fatal.h"
#include "fhir/eob_professional.h"
#include "fhirutil.h"

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

/* A performing provider shared by many lines keeps every distinct code its lines carry: here
 * twelve lines with ten provider-type codes give ten extensions (nothing is cut off). */
static void test_many_codes_on_one_member(void **state)
{
	TU_NEED_FIXTURES();
	char *text = tu_read(tu_fixture("rif-static-samples/sample-a-bcarrier.txt"));
	char *nl = strchr(text, '\n');
	*nl = '\0';
	const char *header = text, *row = nl + 1;
	/* The positions of the columns to vary. */
	int line_num = -1, prvdr_type = -1, k = 0;
	for (const char *p = header; p; p = strchr(p, '|') ? strchr(p, '|') + 1 : NULL, k++) {
		if (strncmp(p, "LINE_NUM|", 9) == 0)
			line_num = k;
		if (strncmp(p, "CARR_LINE_PRVDR_TYPE_CD|", 24) == 0)
			prvdr_type = k;
	}
	assert_true(line_num > 0 && prvdr_type > 0);
	struct buf file = BUF_INIT;
	buf_printf(&file, "%s\n", header);
	for (int line = 1; line <= 12; line++) {
		k = 0;
		for (const char *p = row; *p && *p != '\n' && *p != '\r'; k++) {
			size_t n = strcspn(p, "|\r\n");
			if (k == line_num)
				buf_printf(&file, "%d", line);
			else if (k == prvdr_type)
				buf_printf(&file, "%d", line % 10);
			else
				buf_append(&file, p, n);
			p += n;
			if (*p == '|') {
				buf_putc(&file, '|');
				p++;
			}
		}
		buf_putc(&file, '\n');
	}
	static const char *const bene[] = {"rif-static-samples/sample-a-beneficiaries.txt", NULL};
	struct tu_fhir t = tu_fhir_open(bene);
	char *path = tu_write(t.dir, "many.txt", buf_cstr(&file));
	const struct load_options o = {.expect_type = -1};
	struct load_report rep;
	char *cause = NULL;
	if (rif_load_file(t.s, path, &o, &rep, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(rep.lines, 12);
	char *body =
	    tu_fhir_read(&t, "/v2/fhir/ExplanationOfBenefit/carrier-9991831999", NULL, NULL);
	CHECKS(
	    body,
	    {"sorted(e['valueCoding']['code'] for m in d['careTeam'] for e in m.get('extension', "
	     "[]) if e['url'].endswith('carr_line_prvdr_type_cd'))",
	     "['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']"});
	free(body);
	free(path);
	tu_fhir_close(&t);
	buf_free(&file);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_decimal),
	    cmocka_unit_test(test_care_team_matching),
	    cmocka_unit_test(test_diagnoses),
	    cmocka_unit_test(test_many_codes_on_one_member),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
