/* Tests of fhir/eob_hospice.c: sample A's hospice claim (BFD ships no reference response
 * for it) rendered with the values of its RIF row as HospiceClaimTransformerV2 maps them. */
#include "testutil.h"

#include "fhirutil.h"

static void test_values(void **state)
{
	TU_NEED_FIXTURES();
	static const char *const pairs[] = {
	    "list(d)",
	    "[\"resourceType\",\"id\",\"meta\",\"contained\",\"extension\",\"identifier\","
	    "\"status\",\"type\",\"subType\",\"use\",\"patient\",\"billablePeriod\",\"created\","
	    "\"insurer\",\"provider\",\"facility\",\"outcome\",\"careTeam\","
	    "\"supportingInfo\",\"diagnosis\",\"insurance\",\"item\",\"total\","
	    "\"payment\",\"benefitBalance\"]",
	    "[c['code'] for c in d['type']['coding']][1:]",
	    "[\"HOSPICE\",\"institutional\"]",
	    "d['extension'][-1]",
	    "{\"url\":\"https://bluebutton.cms.gov/resources/variables/bene_hospc_prd_cnt\","
	    "\"valueQuantity\":{\"value\":2}}",
	    "d['extension'][1]['valueIdentifier']['value']",
	    "\"2718813985998\"",
	    "[c['provider']['identifier']['value'] for c in d['careTeam']]",
	    "[\"8888888888\",\"0\",\"345345345\"]",
	    "d['careTeam'][1]['provider']['identifier']['type']['coding'][0]['code']",
	    "\"UPIN\"",
	    "k(d['supportingInfo'],'admissionperiod')['timingPeriod']",
	    "{\"start\":\"2014-07-06\",\"end\":\"2015-06-29\"}",
	    "[s['sequence'] for s in d['supportingInfo']]",
	    "[1,2,3,4,5,6]",
	    "[x['diagnosisCodeableConcept']['coding'][0]['code'] for x in d['diagnosis']]",
	    "[\"72761\",\"B30\",\"B01\",\"A52\"]",
	    "d['insurance'][0]['coverage']['reference']",
	    "\"Coverage/part-a-567834\"",
	    "d['item'][0]['careTeamSequence']",
	    "[2,3]",
	    "[m['coding'][0]['code'] for m in d['item'][0]['modifier']]",
	    "[\"B\",\"Q9999\"]",
	    "d['item'][0]['servicedDate']",
	    "\"2014-09-01\"",
	    "d['item'][0]['quantity']['value']",
	    "5454.0",
	    "[a['amount']['value'] for a in d['item'][0]['adjudication']]",
	    "[0.0,2555.0,300.0,29.0,28.0,26.0]",
	    "d['benefitBalance'][0]['financial'][0]['usedUnsignedInt']",
	    "30",
	    NULL,
	};
	tu_eob_values(tu_group_a(), "hospice-9992223422", pairs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
