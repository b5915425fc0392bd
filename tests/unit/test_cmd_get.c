/* Tests of `bluebutton get` as a process: every BFD reference response of sample A, from the
 * request and headers the fixtures README gives, matches exactly (fhir-compare); -i, exit
 * codes, usage errors. */
#include "testutil.h"

#include "core/fatal.h"

#define S "rif-static-samples/sample-a-"

static char *load_group_a(const char *dir)
{
	char *db = xasprintf("%s/t.db", dir);
	static const char *const files[] = {
	    "beneficiaries", "beneficiaryhistory", "bcarrier",   "dme", "hha",
	    "hospice",       "inpatient",          "outpatient", "pde", "snf"};
	char *argv[16], *paths[10];
	int n = 0;
	argv[n++] = NULL;
	argv[n++] = "load";
	argv[n++] = "--quiet";
	argv[n++] = "--db";
	argv[n++] = db;
	for (int i = 0; i < 10; i++) {
		paths[i] = xasprintf("%s/" S "%s.txt", tu_fixtures(), files[i]);
		argv[n++] = paths[i];
	}
	argv[n] = NULL;
	struct tu_run r = tu_run_argv(argv);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	for (int i = 0; i < 10; i++)
		free(paths[i]);
	return db;
}

static void test_reference_responses(void **state)
{
	TU_NEED_FIXTURES();
	const char *rd = getenv("BB_REFDATA");
	if (rd == NULL || *rd == '\0') {
		print_message("code tables not found (set BB_REFDATA): skipped\n");
		skip();
	}
	static const struct {
		const char *file, *target, *h1, *h2;
	} cases[] = {
	    {"patientRead", "/v2/fhir/Patient/567834", NULL, NULL},
	    {"patientReadWithIncludeIdentifiers", "/v2/fhir/Patient/567834",
	     "IncludeIdentifiers: hicn,mbi", "IncludeAddressFields: true"},
	    {"patientSearchById", "/v2/fhir/Patient?_id=567834", NULL, NULL},
	    {"patientByIdentifier",
	     "/v2/fhir/Patient/?identifier=https://bluebutton.cms.gov/resources/identifier/"
	     "hicn-hash|99f6cc85e95c4b2cec5382600478482cceadb7534d4c3f0a4f2e55d33428c169",
	     NULL, NULL},
	    {"coverageRead", "/v2/fhir/Coverage/part-a-567834", NULL, NULL},
	    {"coverageSearchByPatientId", "/v2/fhir/Coverage/?beneficiary=567834", NULL, NULL},
	    {"eobReadCarrier", "/v2/fhir/ExplanationOfBenefit/carrier-9991831999", NULL, NULL},
	    {"eobReadCarrierWithTaxNumbers", "/v2/fhir/ExplanationOfBenefit/carrier-9991831999",
	     "IncludeTaxNumbers: true", NULL},
	    {"eobReadDme", "/v2/fhir/ExplanationOfBenefit/dme-2188888888", NULL, NULL},
	    {"eobReadInpatient", "/v2/fhir/ExplanationOfBenefit/inpatient-333333222222", NULL,
	     NULL},
	    {"eobReadOutpatient", "/v2/fhir/ExplanationOfBenefit/outpatient-1234567890", NULL,
	     NULL},
	    {"eobReadPde", "/v2/fhir/ExplanationOfBenefit/pde-89", NULL, NULL},
	};
	char *dir = tu_tmpdir(), *db = load_group_a(dir);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *argv[12];
		int n = 0;
		argv[n++] = NULL;
		argv[n++] = "get";
		argv[n++] = "--db";
		argv[n++] = db;
		if (cases[i].h1) {
			argv[n++] = "-H";
			argv[n++] = (char *)cases[i].h1;
		}
		if (cases[i].h2) {
			argv[n++] = "-H";
			argv[n++] = (char *)cases[i].h2;
		}
		argv[n++] = (char *)cases[i].target;
		argv[n] = NULL;
		struct tu_run r = tu_run_argv(argv);
		if (r.status != 0)
			fail_msg("%s: exit %d: %s", cases[i].target, r.status, r.err);
		char *ref =
		    xasprintf("%s/endpoint-responses/v2/%s.json", tu_fixtures(), cases[i].file);
		struct tu_compare c = tu_fhir_compare(ref, r.out);
		print_message("%-36s %s", cases[i].file, c.line);
		if (c.recall < 1.0 || c.precision < 1.0 || c.moved != 0)
			fail_msg("%s: %s", cases[i].file, c.line);
		free(ref);
		tu_run_free(&r);
	}
	free(db);
	tu_rmdir(dir);
}

static void test_status_and_usage(void **state)
{
	TU_NEED_FIXTURES();
	char *dir = tu_tmpdir(), *db = load_group_a(dir);
	struct tu_run r = tu_run("get", "-i", "--db", db, "/v2/fhir/Patient/1", NULL);
	assert_int_equal(r.status, 1);
	assert_int_equal(strncmp(r.out, "HTTP/1.1 404 Not Found\r\n", 24), 0);
	assert_non_null(strstr(r.out, "Content-Type: application/fhir+json\r\n\r\n{"));
	assert_non_null(strstr(r.out, "\"resourceType\":\"OperationOutcome\""));
	tu_run_free(&r);
	r = tu_run("get", "-i", "--db", db, "/v2/fhir/Coverage?beneficiary=567834", NULL);
	assert_int_equal(r.status, 0);
	assert_int_equal(strncmp(r.out, "HTTP/1.1 200 OK\r\n", 17), 0);
	tu_run_free(&r);
	r = tu_run("get", "--db", db, "-H", "NoColon", "/v2/fhir/Patient/567834", NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "-H: 'NoColon' is not 'Name: value'"));
	tu_run_free(&r);
	r = tu_run("get", "--db", db, NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "no PATH"));
	tu_run_free(&r);
	r = tu_run("get", "--db", db, "--hash-iterations", "x", "/v2/fhir/Patient/1", NULL);
	assert_int_equal(r.status, 2);
	tu_run_free(&r);
	r = tu_run("get", "--help", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Usage: bluebutton get"));
	tu_run_free(&r);
	free(db);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reference_responses),
	    cmocka_unit_test(test_status_and_usage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
