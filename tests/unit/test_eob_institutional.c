/* Tests of fhir/eob_institutional.c: the NPI and drug enrichment tables read as BFD's test
 * tables hold them. */
#include "testutil.h"

#include "fhir/eob_institutional.h"

static void test_npi(void **state)
{
	TU_NEED_FIXTURES();
	const struct inst_npi *e = inst_npi_find("0000000000", 10);
	assert_non_null(e);
	assert_string_equal(e->entity, "2");
	assert_string_equal(e->org_name, "Fake ORG Name");
	e = inst_npi_find("4444", 4);
	assert_non_null(e);
	assert_string_equal(e->taxonomy_code, "204D00000X");
	assert_string_equal(e->taxonomy_display, "Neuromusculoskeletal Medicine & OMM Physician");
	assert_null(inst_npi_find("161999999", 9));
	assert_null(inst_npi_find("", 0));
}

static void test_drug(void **state)
{
	TU_NEED_FIXTURES();
	assert_string_equal(inst_drug_find("000000000", 9), "Fake Diluent - WATER");
	assert_null(inst_drug_find("00000000", 8)); /* too short to normalize */
	assert_null(inst_drug_find("123456789", 9));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_npi),
	    cmocka_unit_test(test_drug),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
