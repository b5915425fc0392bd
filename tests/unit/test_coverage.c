/* Tests of fhir/coverage.c: BFD's reference Coverage resources for sample A, reproduced. */
#include "testutil.h"

#include <strings.h>

#include "fhirutil.h"

static const char *const group_a[] = {TU_GROUP_A_FILES, NULL};

/* Writes entry i of the reference search bundle to a file; returns its path. */
static char *reference_entry(const char *dir, int i)
{
	char *path = xasprintf("%s/entry%d.json", dir, i), cmd[8192];
	snprintf(cmd, sizeof cmd,
	         "python3 -c 'import json,sys; b=json.load(open(sys.argv[1])); "
	         "json.dump(b[\"entry\"][%d][\"resource\"], open(sys.argv[2], \"w\"))' '%s' '%s'",
	         i, tu_fixture("endpoint-responses/v2/coverageSearchByPatientId.json"), path);
	assert_int_equal(system(cmd), 0);
	return path;
}

static void test_parts(void **state)
{
	TU_NEED_FIXTURES();
	TU_NEED_REFDATA();
	struct tu_fhir t = tu_fhir_open(group_a);
	int status;
	char *body = tu_fhir_get(&t, "/v2/fhir/Coverage/part-a-567834", NULL, &status);
	assert_int_equal(status, 200);
	TU_ASSERT_SAME_FHIR(tu_fixture("endpoint-responses/v2/coverageRead.json"), body);
	free(body);
	/* Parts B, C and D against the reference search's entries (A, B, C, D). */
	for (int i = 1; i < 4; i++) {
		char target[64];
		snprintf(target, sizeof target, "/v2/fhir/Coverage/part-%c-567834", 'a' + i);
		body = tu_fhir_get(&t, target, NULL, &status);
		assert_int_equal(status, 200);
		char *ref = reference_entry(t.dir, i);
		TU_ASSERT_SAME_FHIR(ref, body);
		free(ref);
		free(body);
	}
	tu_fhir_close(&t);
}

static void test_part_d_months(void **state)
{
	TU_NEED_FIXTURES();
	struct tu_fhir t = tu_fhir_open(group_a);
	int status;
	char *body = tu_fhir_get(&t, "/v2/fhir/Coverage/part-d-567834", NULL, &status);
	assert_int_equal(status, 200);
	/* One extension per stored month, the month unpadded after the year. */
	assert_non_null(strstr(body, "\"url\":\"https://bluebutton.cms.gov/resources/variables/"
	                             "ptdcntrct01/2018-1\""));
	assert_non_null(strstr(body, "variables/ptdcntrct12/2018-12\""));
	assert_non_null(strstr(body, "\"status\":\"active\""));
	assert_non_null(strstr(body, "\"value\":\"Part D\""));
	free(body);
	tu_fhir_close(&t);
}

static void test_status_and_not_found(void **state)
{
	TU_NEED_FIXTURES();
	struct tu_fhir t = tu_fhir_open(group_a);
	int status;
	/* Sample A's Part A termination code is 9: cancelled; Part B's is 0: active. */
	char *body = tu_fhir_get(&t, "/v2/fhir/Coverage/part-a-567834", NULL, &status);
	assert_non_null(strstr(body, "\"status\":\"cancelled\""));
	free(body);
	body = tu_fhir_get(&t, "/v2/fhir/Coverage/part-b-567834", NULL, &status);
	assert_non_null(strstr(body, "\"status\":\"active\""));
	free(body);
	static const char *const missing[] = {"/v2/fhir/Coverage/part-e-567834",
	                                      "/v2/fhir/Coverage/part-a-1", "/v2/fhir/Coverage/a-1",
	                                      "/v2/fhir/Coverage/part-a-x"};
	for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
		body = tu_fhir_get(&t, missing[i], NULL, &status);
		assert_int_equal(status, 404);
		free(body);
	}
	tu_fhir_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parts),
	    cmocka_unit_test(test_part_d_months),
	    cmocka_unit_test(test_status_and_not_found),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
