/* Tests of fhir/search.c: BFD's reference search Bundles, paging links, filters, bad values. */
#include "testutil.h"

#include <strings.h>

#include "fhirutil.h"

static const char *const group_a[] = {TU_GROUP_A_FILES, NULL};
#define REF "endpoint-responses/v2/"

static void test_reference_bundles(void **state)
{
	TU_NEED_FIXTURES();
	TU_NEED_REFDATA();
	struct tu_fhir t = tu_fhir_open(group_a);
	static const struct {
		const char *target, *ref;
	} cases[] = {
	    {"/v2/fhir/Patient?_id=567834", REF "patientSearchById.json"},
	    {"/v2/fhir/Patient/?identifier=https://bluebutton.cms.gov/resources/identifier/"
	     "hicn-hash|99f6cc85e95c4b2cec5382600478482cceadb7534d4c3f0a4f2e55d33428c169",
	     REF "patientByIdentifier.json"},
	    {"/v2/fhir/Coverage/?beneficiary=567834", REF "coverageSearchByPatientId.json"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int status;
		char *body = tu_fhir_get(&t, cases[i].target, NULL, &status);
		assert_int_equal(status, 200);
		TU_ASSERT_SAME_FHIR(tu_fixture(cases[i].ref), body);
		free(body);
	}
	tu_fhir_close(&t);
}

static void test_paging(void **state)
{
	TU_NEED_FIXTURES();
	struct tu_fhir t = tu_fhir_open(group_a);
	int status;
	char *body = tu_fhir_get(&t, "/v2/fhir/Coverage?beneficiary=567834&_count=2&startIndex=2",
	                         NULL, &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(body, "\"total\":4"));
	static const char *const links[] = {
	    "{\"relation\":\"first\",\"url\":\"https://localhost:8443/v2/fhir/Coverage?"
	    "beneficiary=567834&_count=2&startIndex=0\"}",
	    "{\"relation\":\"previous\",\"url\":\"https://localhost:8443/v2/fhir/Coverage?"
	    "beneficiary=567834&_count=2&startIndex=0\"}",
	    "{\"relation\":\"last\",\"url\":\"https://localhost:8443/v2/fhir/Coverage?"
	    "beneficiary=567834&_count=2&startIndex=2\"}",
	};
	for (size_t i = 0; i < 3; i++)
		assert_non_null(strstr(body, links[i]));
	assert_null(strstr(body, "\"relation\":\"next\""));
	assert_non_null(strstr(body, "\"id\":\"part-c-567834\""));
	assert_null(strstr(body, "\"id\":\"part-b-567834\""));
	free(body);
	body = tu_fhir_get(&t, "/v2/fhir/Coverage?beneficiary=567834&_count=1", NULL, &status);
	assert_non_null(strstr(body, "beneficiary=567834&_count=1&startIndex=1\"}"));
	assert_non_null(strstr(body, "\"relation\":\"next\""));
	free(body);
	/* _count=0: the total only. */
	body = tu_fhir_get(&t, "/v2/fhir/Coverage?beneficiary=567834&_count=0", NULL, &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(body, "\"total\":4"));
	assert_null(strstr(body, "\"entry\""));
	free(body);
	tu_fhir_close(&t);
}

static void test_filters_and_no_match(void **state)
{
	TU_NEED_FIXTURES();
	struct tu_fhir t = tu_fhir_open(group_a);
	int status;
	char *body = tu_fhir_get(
	    &t, "/v2/fhir/Coverage?beneficiary=567834&_lastUpdated=lt2001-01-01", NULL, &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(body, "\"total\":0"));
	assert_null(strstr(body, "\"entry\""));
	free(body);
	body =
	    tu_fhir_get(&t, "/v2/fhir/Patient?_id=567834&_lastUpdated=gt2001-01-01", NULL, &status);
	assert_non_null(strstr(body, "\"total\":1"));
	free(body);
	body = tu_fhir_get(&t, "/v2/fhir/Patient?_id=1", NULL, &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(body, "\"total\":0"));
	free(body);
	tu_fhir_close(&t);
}

static void test_bad_values(void **state)
{
	TU_NEED_FIXTURES();
	struct tu_fhir t = tu_fhir_open(group_a);
	static const struct {
		const char *target, *want;
	} cases[] = {
	    {"/v2/fhir/Coverage?beneficiary=567834&_lastUpdated=xx2001", "_lastUpdated operator"},
	    {"/v2/fhir/Coverage?beneficiary=567834&_lastUpdated=gt2001-13", "_lastUpdated value"},
	    {"/v2/fhir/Coverage?beneficiary=567834&_count=-1", "_count"},
	    {"/v2/fhir/Coverage?beneficiary=567834&startIndex=x", "startIndex"},
	    {"/v2/fhir/Coverage?beneficiary=567834&startIndex=9", "beyond the last result"},
	    {"/v2/fhir/Coverage?beneficiary=abc", "beneficiary"},
	    {"/v2/fhir/Coverage", "beneficiary"},
	    {"/v2/fhir/Patient?_id=x1", "_id"},
	    {"/v2/fhir/Patient?identifier=http://example.org|1", "Unsupported identifier system"},
	    {"/v2/fhir/ExplanationOfBenefit?patient=567834&type=claims", "type parameter"},
	    {"/v2/fhir/ExplanationOfBenefit?patient=567834&service-date=zz2020", "service-date"},
	    {"/v2/fhir/ExplanationOfBenefit", "patient"},
	    {"/v2/fhir/Patient?_id=%zz", "not valid"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int status;
		char *body = tu_fhir_get(&t, cases[i].target, NULL, &status);
		if (status != 400 || strstr(body, cases[i].want) == NULL)
			fail_msg("%s: %d %s", cases[i].target, status, body);
		assert_non_null(strstr(body, "\"resourceType\":\"OperationOutcome\""));
		free(body);
	}
	tu_fhir_close(&t);
}

/* Four beneficiaries of the HICN group share a HICN: a look-up that finds several is 404. */
static void test_identifier_matching_several(void **state)
{
	TU_NEED_FIXTURES();
	static const char *const files[] = {
	    "rif-static-samples/sample-hicn-mult-bene-beneficiaries.txt",
	    "rif-static-samples/sample-hicn-mult-bene-beneficiaryhistory.txt", NULL};
	struct tu_fhir t = tu_fhir_open(files);
	int status;
	char *body = tu_fhir_get(&t,
	                         "/v2/fhir/Patient?identifier=https://bluebutton.cms.gov/resources/"
	                         "identifier/hicn-hash|"
	                         "99f6cc85e95c4b2cec5382600478482cceadb7534d4c3f0a4f2e55d33428c169",
	                         NULL, &status);
	assert_int_equal(status, 404);
	assert_non_null(strstr(body, "more than one beneficiary"));
	free(body);
	tu_fhir_close(&t);
}

/* Untrusted queries: random parameter names and values (escapes, separators, prefixes, huge
 * numbers) get 200 or 400, never a crash; the body is always a JSON object. Deterministic;
 * under ASan and UBSan in make check. */
static void test_mangled_queries(void **state)
{
	TU_NEED_FIXTURES();
	struct tu_fhir t = tu_fhir_open(group_a);
	static const char *const names[] = {
	    "patient",       "type",        "service-date", "_lastUpdated", "_count", "startIndex",
	    "excludeSAMHSA", "beneficiary", "_id",          "identifier",   "%zz",    ""};
	static const char *const parts[] = {
	    "567834", "-1", "ge",         "lt2020-01-01", "9999999999999999999999",
	    "%7C",    "%",  "+",          "carrier,pde",  "T00:00Z",
	    "&",      "=",  "2019-13-45", "Patient/",     "|x"};
	static const char *const types[] = {"ExplanationOfBenefit", "Coverage", "Patient"};
	unsigned seed = 4242;
	for (int round = 0; round < 400; round++) {
		char target[512];
		int n = snprintf(target, sizeof target, "/v2/fhir/%s?", types[round % 3]);
		int params = 1 + (int)(rand_r(&seed) % 4);
		for (int p = 0; p < params && n < 400; p++) {
			n += snprintf(target + n, sizeof target - (size_t)n, "%s%s=", p ? "&" : "",
			              names[rand_r(&seed) % (sizeof names / sizeof names[0])]);
			int pieces = (int)(rand_r(&seed) % 3);
			for (int k = 0; k < pieces && n < 400; k++)
				n += snprintf(
				    target + n, sizeof target - (size_t)n, "%s",
				    parts[rand_r(&seed) % (sizeof parts / sizeof parts[0])]);
		}
		int status;
		char *body = tu_fhir_get(&t, target, NULL, &status);
		if ((status != 200 && status != 400 && status != 404) || body[0] != '{')
			fail_msg("%s: %d %s", target, status, body);
		free(body);
	}
	tu_fhir_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reference_bundles),
	    cmocka_unit_test(test_paging),
	    cmocka_unit_test(test_filters_and_no_match),
	    cmocka_unit_test(test_bad_values),
	    cmocka_unit_test(test_identifier_matching_several),
	    cmocka_unit_test(test_mangled_queries),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
