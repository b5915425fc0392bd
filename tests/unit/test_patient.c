/* Tests of fhir/patient.c: BFD's reference Patient resources for sample A, reproduced. */
#include "testutil.h"

#include <strings.h>

#include "fhirutil.h"

static const char *const group_a[] = {TU_GROUP_A_FILES, NULL};
#define REF "endpoint-responses/v2/"

static void test_read(void **state)
{
	TU_NEED_FIXTURES();
	TU_NEED_REFDATA();
	struct tu_fhir t = tu_fhir_open(group_a);
	int status;
	char *body = tu_fhir_get(&t, "/v2/fhir/Patient/567834", NULL, &status);
	assert_int_equal(status, 200);
	TU_ASSERT_SAME_FHIR(tu_fixture(REF "patientRead.json"), body);
	free(body);
	tu_fhir_close(&t);
}

static void test_read_with_address_and_identifiers(void **state)
{
	TU_NEED_FIXTURES();
	TU_NEED_REFDATA();
	struct tu_fhir t = tu_fhir_open(group_a);
	static const struct tu_header h[] = {
	    {"IncludeIdentifiers", "hicn,mbi"}, {"IncludeAddressFields", "true"}, {0}};
	int status;
	char *body = tu_fhir_get(&t, "/v2/fhir/Patient/567834", h, &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(body, "\"line\":[\"204 SOUTH ST\",\"7560 123TH ST\",\"SURREY\","
	                             "\"DAEJEON SI 34867\",\"COLOMBIA\",\"SURREY\"],"
	                             "\"city\":\"PODUNK\""));
	TU_ASSERT_SAME_FHIR(tu_fixture(REF "patientReadWithIncludeIdentifiers.json"), body);
	free(body);
	/* Without the header, no street lines. */
	body = tu_fhir_get(&t, "/v2/fhir/Patient/567834", NULL, &status);
	assert_null(strstr(body, "\"line\""));
	free(body);
	tu_fhir_close(&t);
}

/* Without code tables the resource is the same but for the display texts. */
static void test_without_refdata(void **state)
{
	TU_NEED_FIXTURES();
	struct tu_fhir t = tu_fhir_open(group_a);
	refdata_free(t.rd);
	t.rd = NULL;
	int status;
	char *body = tu_fhir_get(&t, "/v2/fhir/Patient/567834", NULL, &status);
	assert_int_equal(status, 200);
	assert_null(strstr(body, "\"display\":\"White\""));
	assert_non_null(strstr(body, "\"code\":\"1\""));
	/* Fixed displays (not from the code tables) stay. */
	assert_non_null(strstr(body, "\"display\":\"Member Number\""));
	free(body);
	tu_fhir_close(&t);
}

static void test_not_found_and_bad_ids(void **state)
{
	TU_NEED_FIXTURES();
	struct tu_fhir t = tu_fhir_open(group_a);
	static const char *const paths[] = {"/v2/fhir/Patient/1", "/v2/fhir/Patient/abc",
	                                    "/v2/fhir/Patient/-", "/v2/fhir/Patient/5678341"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		int status;
		char *body = tu_fhir_get(&t, paths[i], NULL, &status);
		assert_int_equal(status, 404);
		assert_non_null(strstr(body, "\"resourceType\":\"OperationOutcome\""));
		free(body);
	}
	tu_fhir_close(&t);
}

/* Synthea's negative ids, a beneficiary without history, women. */
static void test_synthea(void **state)
{
	TU_NEED_FIXTURES();
	static const char *const files[] = {"rif-synthea/beneficiary_2011.csv",
	                                    "rif-synthea/beneficiary_history.csv", NULL};
	struct tu_fhir t = tu_fhir_open(files);
	int status;
	char *body = tu_fhir_get(&t, "/v2/fhir/Patient/-1000006", NULL, &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(body, "\"id\":\"-1000006\""));
	assert_non_null(strstr(body, "\"value\":\"-1000006\""));
	free(body);
	tu_fhir_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_read),
	    cmocka_unit_test(test_read_with_address_and_identifiers),
	    cmocka_unit_test(test_without_refdata),
	    cmocka_unit_test(test_not_found_and_bad_ids),
	    cmocka_unit_test(test_synthea),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
