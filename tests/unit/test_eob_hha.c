/* Tests of fhir/eob_hha.c: sample A's home health claim (BFD ships no reference response
 * for it) rendered with the values of its RIF row as HHAClaimTransformerV2 maps them. */
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
	    "d['meta']['profile'][0].split('/')[-1]",
	    "\"C4BB-ExplanationOfBenefit-Professional-NonClinician\"",
	    "[c['code'] for c in d['type']['coding']][1:]",
	    "[\"HHA\",\"professional\"]",
	    "d['contained'][0]['identifier'][0]['value']",
	    "\"45645\"",
	    "d['extension'][1]['valueIdentifier']['value']",
	    "\"08683096577486\"",
	    "[c['provider']['identifier']['value'] for c in d['careTeam']]",
	    "[\"2222222222\",\"345345345\"]",
	    "[s['category']['coding'][-1]['code'].split('/')[-1] for s in d['supportingInfo']]",
	    "[\"nch_wkly_proc_dt\",\"typeofbill\",\"discharge-status\",\"nch_prmry_pyr_cd\","
	    "\"clm_pps_ind_cd\",\"clm_hha_lupa_ind_cd\",\"clm_hha_rfrl_cd\","
	    "\"clm_hha_tot_visit_cnt\",\"admissionperiod\"]",
	    "k(d['supportingInfo'],'clm_hha_tot_visit_cnt')['valueQuantity']",
	    "{\"value\":3}",
	    "k(d['supportingInfo'],'admissionperiod')['timingPeriod']",
	    "{\"start\":\"2015-06-23\"}",
	    "[x['type'][0]['coding'][0]['code'] for x in d['diagnosis']]",
	    "[\"principal\",\"secondary\",\"secondary\",\"secondary\"]",
	    "d['insurance'][0]['coverage']['reference']",
	    "\"Coverage/part-b-567834\"",
	    "d['item'][0]['revenue']['extension'][0]['valueCoding']['code']",
	    "\"A\"",
	    "[c['code'] for c in d['item'][0]['revenue']['coding']]",
	    "[\"0023\",\"4\",\"4\"]",
	    "[m['coding'][0]['code'] for m in d['item'][0]['modifier']]",
	    "[\"KO\",\"DD\"]",
	    "d['item'][0]['adjudication'][0]['reason']['coding'][0]['code']",
	    "\"CO120\"",
	    "[a['amount']['value'] for a in d['item'][0]['adjudication'][1:]]",
	    "[0.0,25.0,24.0,26.0]",
	    "d['total'][0]['amount']['value']",
	    "199.99",
	    "d['payment']['amount']['value']",
	    "188.0",
	    NULL,
	};
	tu_eob_values(tu_group_a(), "hha-2925555555", pairs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
