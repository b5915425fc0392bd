/* Tests of fhir/eob_snf.c: sample A's SNF claim (BFD ships no reference response for it)
 * rendered with the values of its RIF row as SNFClaimTransformerV2 maps them, and the
 * four-character DRG sample. */
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
	    "\"supportingInfo\",\"diagnosis\",\"procedure\",\"insurance\",\"item\",\"total\","
	    "\"payment\",\"benefitBalance\"]",
	    "d['id']",
	    "\"snf-777777777\"",
	    "d['meta']['profile'][0].split('/')[-1]",
	    "\"C4BB-ExplanationOfBenefit-Inpatient-Institutional\"",
	    "[c['code'] for c in d['type']['coding']]",
	    "[\"20\",\"SNF\",\"institutional\"]",
	    "d['contained'][0]['identifier'][0]['value']",
	    "\"299999\"",
	    "[e['url'].split('/')[-1] for e in d['extension']]",
	    "[\"nch_near_line_rec_ident_cd\",\"fi_clm_actn_cd\",\"fi_doc_clm_cntl_num\","
	    "\"fi_clm_proc_dt\",\"clm_mdcr_non_pmt_rsn_cd\",\"clm_srvc_clsfctn_type_cd\",\"fi_"
	    "num\"]",
	    "d['extension'][2]['valueIdentifier']['value']",
	    "\"23443453453\"",
	    "d['extension'][3]['valueDate']",
	    "\"2014-02-07\"",
	    "d['billablePeriod']['start']",
	    "\"2013-12-01\"",
	    "d['billablePeriod']['end']",
	    "\"2013-12-18\"",
	    "[c['provider']['identifier']['value'] for c in d['careTeam']]",
	    "[\"2222222222\",\"3333333333\",\"4444444444\",\"345345345\"]",
	    "[c['role']['coding'][0]['code'] for c in d['careTeam']]",
	    "[\"attending\",\"operating\",\"otheroperating\",\"performing\"]",
	    "[s['category']['coding'][-1]['code'].split('/')[-1] for s in d['supportingInfo']]",
	    "[\"nch_wkly_proc_dt\",\"clm_ip_admsn_type_cd\",\"clm_src_ip_admsn_cd\","
	    "\"nch_vrfd_ncvrd_stay_from_dt\",\"nch_bene_mdcr_bnfts_exhtd_dt_i\",\"clm_drg_cd\","
	    "\"nch_ptnt_stus_ind_cd\",\"admissionperiod\",\"nch_qlfyd_stay_from_dt\","
	    "\"clm_pps_ind_cd\",\"nch_blood_pnts_frnshd_qty\",\"clm_mco_pd_sw\",\"typeofbill\","
	    "\"discharge-status\",\"nch_prmry_pyr_cd\"]",
	    "[s['sequence'] for s in d['supportingInfo']][-1]",
	    "15",
	    "k(d['supportingInfo'],'clm_drg_cd')['code']['coding'][0]['code']",
	    "\"645\"",
	    "k(d['supportingInfo'],'admissionperiod')['timingPeriod']",
	    "{\"start\":\"2013-11-05\",\"end\":\"2013-12-18\"}",
	    "k(d['supportingInfo'],'nch_qlfyd_stay_from_dt')['timingPeriod']['start']",
	    "\"2013-09-23\"",
	    "[x['diagnosisCodeableConcept']['coding'][0]['system'] for x in d['diagnosis']][0]",
	    "\"http://hl7.org/fhir/sid/icd-9-cm\"",
	    "[x['diagnosisCodeableConcept']['coding'][0]['code'] for x in d['diagnosis']]",
	    "[\"6202\",\"3736\",\"V0182\",\"E9281\",\"3310\"]",
	    "[x['type'][0]['coding'][0]['code'] for x in d['diagnosis']]",
	    "[\"other\",\"principal\",\"other\",\"externalcauseofinjury\","
	    "\"externalcauseofinjury\"]",
	    "d['procedure'][0]['procedureCodeableConcept']['coding'][0]['code']",
	    "\"9214\"",
	    "d['insurance'][0]['coverage']['reference']",
	    "\"Coverage/part-a-567834\"",
	    "d['item'][0]['extension'][0]['valueQuantity']['value']",
	    "477",
	    "[c['code'] for c in d['item'][0]['revenue']['coding']]",
	    "[\"22\",\"A\",\"A\"]",
	    "d['item'][0]['productOrService']['coding'][0]['code']",
	    "\"MMM\"",
	    "d['item'][0]['modifier'][0]['coding'][0]['code']",
	    "\"ML\"",
	    "d['item'][0]['locationAddress']['state']",
	    "\"FL\"",
	    "d['item'][0]['quantity']['value']",
	    "234.567",
	    "[a['amount']['value'] for a in d['item'][0]['adjudication']]",
	    "[5.0,95.0,88.0]",
	    "d['total'][0]['amount']['value']",
	    "5555.03",
	    "d['payment']['amount']['value']",
	    "3333.33",
	    "[f['type']['coding'][0]['code'].split('/')[-1] for f in "
	    "d['benefitBalance'][0]['financial']][:3]",
	    "[\"clm_utlztn_day_cnt\",\"bene_tot_coinsrnc_days_cnt\",\"clm_non_utlztn_days_cnt\"]",
	    "d['benefitBalance'][0]['financial'][0]['usedUnsignedInt']",
	    "17",
	    "len(d['benefitBalance'][0]['financial'])",
	    "15",
	    NULL,
	};
	tu_eob_values(tu_group_a(), "snf-777777777", pairs);
}

/* Displays from the code tables and the enrichment data. */
static void test_displays(void **state)
{
	TU_NEED_FIXTURES();
	TU_NEED_REFDATA();
	static const char *const pairs[] = {
	    "d['facility']['extension'][0]['valueCoding']['display']",
	    "\"Skilled Nursing Facility (SNF)\"",
	    "d['diagnosis'][2]['diagnosisCodeableConcept']['coding'][0]['display']",
	    "\"EXPOSURE TO SARS\"",
	    "d['careTeam'][0]['qualification']['coding'][0]['code']",
	    "\"207R00000X\"",
	    "d['contained'][0]['name']",
	    "\"Fake ORG Name\"",
	    "d['item'][0]['modifier'][0]['coding'][0]['display']",
	    "\"Milliliter\"",
	    NULL,
	};
	tu_eob_values(tu_group_a(), "snf-777777777", pairs);
}

static void test_four_character_drg(void **state)
{
	TU_NEED_FIXTURES();
	static const char *const pairs[] = {
	    "k(d['supportingInfo'],'clm_drg_cd')['code']['coding'][0]['code']",
	    "\"6455\"",
	    NULL,
	};
	tu_eob_values(tu_group_a_drg4(), "snf-777777777", pairs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_values),
	    cmocka_unit_test(test_displays),
	    cmocka_unit_test(test_four_character_drg),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
