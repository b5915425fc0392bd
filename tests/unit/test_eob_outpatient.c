/* Tests of fhir/eob_outpatient.c: BFD's reference EOB for sample A's outpatient claim
 * reproduced exactly, and its values without code tables. */
#include "testutil.h"

#include "fhirutil.h"

static void test_reference(void **state)
{
	TU_NEED_FIXTURES();
	TU_NEED_REFDATA();
	tu_eob_reference(tu_group_a(), "outpatient-1234567890",
	                 "endpoint-responses/v2/eobReadOutpatient.json");
}

static void test_values(void **state)
{
	TU_NEED_FIXTURES();
	static const char *const pairs[] = {
	    "d['meta']['profile'][0].split('/')[-1]",
	    "\"C4BB-ExplanationOfBenefit-Outpatient-Institutional\"",
	    "d['subType']['coding'][0]['code']",
	    "\"outpatient\"",
	    "d['insurance'][0]['coverage']['reference']",
	    "\"Coverage/part-b-567834\"",
	    "[s['category']['coding'][-1]['code'].split('/')[-1] for s in d['supportingInfo']]",
	    "[\"nch_wkly_proc_dt\",\"clm_mco_pd_sw\",\"typeofbill\",\"discharge-status\","
	    "\"nch_prmry_pyr_cd\"]",
	    "[x['type'][0]['coding'][0]['code'] for x in d['diagnosis']]",
	    "[\"principal\",\"other\",\"externalcauseofinjury\",\"externalcauseofinjury\","
	    "\"patientreasonforvisit\"]",
	    "d['item'][0]['sequence']",
	    "25",
	    "d['item'][0]['extension'][0]['valueQuantity']['value']",
	    "111",
	    "d['item'][0]['revenue']['extension'][0]['valueCoding']['code']",
	    "\"A\"",
	    "d['item'][0]['productOrService']['extension'][0]['valueCoding']",
	    "{\"system\":\"http://hl7.org/fhir/sid/ndc\",\"code\":\"000000000\","
	    "\"display\":\"Fake Diluent - WATER\"}",
	    "[m['coding'][0]['code'] for m in d['item'][0]['modifier']]",
	    "[\"XX\",\"GG\"]",
	    "d['item'][0]['servicedDate']",
	    "\"1942-01-03\"",
	    "[a['reason']['coding'][0]['code'] for a in d['item'][0]['adjudication'][:2]]",
	    "[\"CO120\",\"CR121\"]",
	    "len(d['item'][0]['adjudication'])",
	    "15",
	    "d['careTeam'][2]['qualification']['coding'][0]['code']",
	    "\"204D00000X\"",
	    "k(d['benefitBalance'][0]['financial'],'clm_op_prvdr_pmt_amt')['usedMoney']['value']",
	    "693.92",
	    NULL,
	};
	tu_eob_values(tu_group_a(), "outpatient-1234567890", pairs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reference),
	    cmocka_unit_test(test_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
