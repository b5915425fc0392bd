/* Tests of fhir/eob_dme.c: sample A's DME claim renders exactly as BFD's reference, tax
 * numbers appear only when asked, and the values BFD's DMEClaimTransformerV2 derives from the
 * RIF row (supplier NPI as provider, outpatient diagnosis types, its repeated adjudications)
 * are there without the code tables too. */
#include "testutil.h"

#include "fhirutil.h"

#define REF "endpoint-responses/v2/"
#define EOB "/v2/fhir/ExplanationOfBenefit/dme-2188888888"

static void test_read_matches_bfd(void **state)
{
	TU_NEED_FIXTURES();
	struct tu_fhir *t = *state;
	char *body = tu_fhir_read(t, EOB, NULL, NULL);
	CHECKS(body, {"list(d)", TU_PROFESSIONAL_KEYS});
	/* The unit of DMERC_LINE_MTUS_CNT is DMERC_LINE_MTUS_CD's display. */
	if (t->rd)
		CHECKS(body, {"d['item'][0]['extension'][2]['valueQuantity']['unit']",
		              "Number of services"});
	tu_fhir_same_as(t, REF "eobReadDme.json", body);
	free(body);
}

static void test_tax_numbers_only_when_asked(void **state)
{
	TU_NEED_FIXTURES();
	struct tu_fhir *t = *state;
	struct tu_tax_reads r =
	    tu_tax_reads(t, EOB, "no", "TRUE", "a=b&_IncludeTaxNumbers=true", "9994931888");
	/* Right after the supplier number. */
	const char *exts = "[e['url'].rsplit('/', 1)[1] for e in d['item'][0]['extension']]";
	CHECKS(r.tax,
	       {exts, "['suplrnum', 'tax_num', 'dmerc_line_scrn_svgs_amt', 'dmerc_line_mtus_cnt', "
	              "'dmerc_line_prcng_state_cd', 'dmerc_line_supplr_type_cd', 'betos_cd', "
	              "'line_bene_prmry_pyr_cd', 'line_prcsg_ind_cd', 'line_service_deductible']"},
	       {"d['item'][0]['extension'][1]['valueCoding']", "{'system': "
	                                                       "'https://bluebutton.cms.gov/"
	                                                       "resources/variables/tax_num', "
	                                                       "'code': '9994931888'}"});
	CHECKS(r.param, {"d['item'][0]['extension'][1]['valueCoding']['code']", "9994931888"});
	CHECKS(r.plain,
	       {exts, "['suplrnum', 'dmerc_line_scrn_svgs_amt', 'dmerc_line_mtus_cnt', "
	              "'dmerc_line_prcng_state_cd', 'dmerc_line_supplr_type_cd', 'betos_cd', "
	              "'line_bene_prmry_pyr_cd', 'line_prcsg_ind_cd', "
	              "'line_service_deductible']"});
	tu_tax_reads_free(&r);
}

/* The values of sample-a-dme.txt as BFD maps them. */
static void test_values(void **state)
{
	TU_NEED_FIXTURES();
	struct tu_fhir *t = *state;
	char *body = tu_fhir_read(t, EOB, NULL, NULL);
	CHECKS(
	    body,
	    {"d['meta']['profile']", "['http://hl7.org/fhir/us/carin-bb/StructureDefinition/"
	                             "C4BB-ExplanationOfBenefit-Inpatient-Institutional']"},
	    {"[c['code'] for c in d['type']['coding']]", "['82', 'DME', 'institutional']"},
	    {"d['insurance'][0]['coverage']['reference']", "Coverage/part-a-567834"},
	    /* The first line's supplier NPI (PRVDR_NPI), named from the NPI table. */
	    {"d['provider']", "{'type': 'Practitioner', 'identifier': {'system': "
	                      "'http://hl7.org/fhir/sid/us-npi', 'value': '1244444444'}, "
	                      "'display': 'DR. DAVID SMITH MD'}"},
	    {"(d['referral']['identifier']['value'], d['referral']['display'])",
	     "('1306849450', 'DR. HAROLD LEROY SMITSON II M.D.')"},
	    {"[(c['sequence'], c['role']['coding'][0]['code'], "
	     "[q['code'] for q in c['qualification']['coding']]) for c in d['careTeam']]",
	     "[(1, 'referring', ['204D00000X']), (2, 'performing', ['207ZH0000X', 'A5'])]"},
	    /* Outpatient diagnosis types for the claim's codes, CARRIER's for the line's. */
	    {"[(x['diagnosisCodeableConcept']['coding'][0]['code'], "
	     "x['type'][0]['coding'][0]['code']) for x in d['diagnosis']]",
	     "[('B04', 'principal'), ('A37', 'other'), ('A25', 'secondary')]"},
	    {"(d['item'][0]['sequence'], d['item'][0]['careTeamSequence'], "
	     "d['item'][0]['diagnosisSequence'], d['item'][0]['informationSequence'])",
	     "(1, [2], [3], [2])"},
	    {"[m['coding'][0]['code'] for m in d['item'][0]['modifier']]", "['YY']"},
	    {"[d['item'][0]['extension'][2]['valueQuantity'][k] for k in ('value', 'system', "
	     "'code')]",
	     "[60.234, 'https://bluebutton.cms.gov/resources/variables/dmerc_line_mtus_cd', '3']"},
	    {"[e['valueCoding']['code'] for e in "
	     "d['item'][0]['locationCodeableConcept']['extension']]",
	     "['MO']"},
	    /* BFD's line adjudications, the last two with the purchase price. */
	    {"[(a['category']['coding'][-1]['code'].rsplit('/', 1)[1], a['amount']['value']) "
	     "for a in d['item'][0]['adjudication']]",
	     "[('rev_cntr_prvdr_pmt_amt', 120.0), ('line_prmry_alowd_chrg_amt', 20.29), "
	     "('line_dme_prchs_price_amt', 82.29), ('line_nch_pmt_amt', 123.45), "
	     "('line_bene_pmt_amt', 11.0), ('line_prvdr_pmt_amt', 120.0), "
	     "('line_bene_ptb_ddctbl_amt', 18.0), ('line_bene_prmry_pyr_pd_amt', 11.0), "
	     "('line_coinsrnc_amt', 20.2), ('line_sbmtd_chrg_amt', 130.45), "
	     "('line_alowd_chrg_amt', 129.45), ('line_bene_pmt_amt', 82.29), "
	     "('line_dme_prchs_price_amt', 82.29)]"},
	    {"[(c['id'], c['valueQuantity']['value']) for c in d['contained']]",
	     "[('line-observation-1', 44.4)]"},
	    {"(d['disposition'], d['payment']['amount']['value'])", "('01', 777.75)"});
	free(body);
}

static void test_without_code_tables(void **state)
{
	TU_NEED_FIXTURES();
	struct tu_fhir *t = *state;
	char *body = tu_fhir_read_without_refdata(t, EOB);
	CHECKS(
	    body,
	    {"d['item'][0]['extension'][2]['valueQuantity']",
	     "{'value': 60.234, 'system': "
	     "'https://bluebutton.cms.gov/resources/variables/dmerc_line_mtus_cd', 'code': '3'}"},
	    {"'display' in d['diagnosis'][0]['type'][0]['coding'][0]", "True"},
	    {"'display' in d['diagnosis'][0]['diagnosisCodeableConcept']['coding'][0]", "False"},
	    {"d['provider']['display']", "DR. DAVID SMITH MD"});
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_read_matches_bfd),
	    cmocka_unit_test(test_tax_numbers_only_when_asked),
	    cmocka_unit_test(test_values),
	    cmocka_unit_test(test_without_code_tables),
	};
	return cmocka_run_group_tests(tests, tu_fhir_setup_group_a, tu_fhir_teardown);
}
