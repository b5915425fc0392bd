/* Tests of fhir/eob_carrier.c: sample A's carrier claim renders exactly as BFD's reference
 * (with and without tax numbers), and the seven-line sample renders as BFD's
 * CarrierClaimTransformerV2 builds it: one care team shared by every line, one diagnosis per
 * distinct code, one Observation and supportingInfo entry per line. */
#include "testutil.h"

#include "fhirutil.h"

#define REF "endpoint-responses/v2/"
#define EOB "/v2/fhir/ExplanationOfBenefit/carrier-9991831999"

static const char *const group_lines[] = {
    "rif-static-samples/sample-a-beneficiaries.txt",
    "rif-static-samples/sample-a-bcarrier-multiple-lines.txt",
    NULL,
};

static void test_read_matches_bfd(void **state)
{
	TU_NEED_FIXTURES();
	struct tu_fhir *t = *state;
	char *body = tu_fhir_read(t, EOB, NULL, NULL);
	CHECKS(body, {"list(d)", TU_PROFESSIONAL_KEYS});
	tu_fhir_same_as(t, REF "eobReadCarrier.json", body);
	free(body);
}

static void test_tax_numbers_only_when_asked(void **state)
{
	TU_NEED_FIXTURES();
	struct tu_fhir *t = *state;
	struct tu_tax_reads r =
	    tu_tax_reads(t, EOB, "false", "true", "_IncludeTaxNumbers=true", "204299999");
	/* The tax number comes first among the line's extensions. */
	CHECKS(r.tax, {"d['item'][0]['extension'][0]['valueCoding']['code']", "204299999"},
	       {"[e['url'].rsplit('/', 1)[1] for e in d['item'][0]['extension']]",
	        "['tax_num', 'carr_line_mtus_cnt', 'carr_line_mtus_cnt', 'carr_line_mtus_cd', "
	        "'betos_cd', 'line_bene_prmry_pyr_cd', 'line_prcsg_ind_cd', "
	        "'line_service_deductible']"});
	CHECKS(r.param, {"d['item'][0]['extension'][0]['valueCoding']['code']", "204299999"});
	if (t->rd)
		TU_ASSERT_SAME_FHIR(tu_fixture(REF "eobReadCarrierWithTaxNumbers.json"), r.tax);
	tu_tax_reads_free(&r);
}

/* sample-a-bcarrier-multiple-lines: seven lines of one claim, the same performing NPI
 * (1923124) and organisation (0000000000) on each, HCPCS 92999 down to 92993, submitted
 * charges 75, 75, 85, 65, 55, 45, 35, every line with diagnosis A52 and a R1 test of 42.0. */
static void test_multiple_lines(void **state)
{
	TU_NEED_FIXTURES();
	struct tu_fhir lines = tu_fhir_open(group_lines), *t = &lines;
	char *body = tu_fhir_read(t, EOB, NULL, NULL);
	CHECKS(body, {"list(d)", TU_PROFESSIONAL_KEYS},
	       {"[i['sequence'] for i in d['item']]", "[1, 2, 3, 4, 5, 6, 7]"},
	       /* Claim level: the referring NPI, then CARR_CLM_RFRNG_PIN_NUM (typed as an NPI);
	        * then the line members, added once and shared by every line. */
	       {"[(c['sequence'], c['provider']['identifier']['value'], "
	        "c['role']['coding'][0]['code'], c.get('responsible', False)) "
	        "for c in d['careTeam']]",
	        "[(1, '8765676', 'referring', False), (2, 'K25852', 'referring', False), "
	        "(3, '1923124', 'performing', True), (4, '0000000000', 'primary', False)]"},
	       {"set(str(i['careTeamSequence']) for i in d['item'])", "{'[3, 4]'}"},
	       /* The performer's extensions and qualification are not repeated per line. */
	       {"[(e['url'].rsplit('/', 1)[1], e['valueCoding']['code']) "
	        "for e in d['careTeam'][2]['extension']]",
	        "[('carr_line_prvdr_type_cd', '0'), ('prtcptng_ind_cd', '1')]"},
	       {"[(c['system'].rsplit('/', 1)[1], c.get('code')) "
	        "for c in d['careTeam'][2]['qualification']['coding']]",
	        "[('provider-taxonomy', '390200000X'), ('prvdr_spclty', '41')]"},
	       {"d['careTeam'][3]['provider']['display']", "Fake ORG Name"},
	       /* Unknown NPIs: no name, no taxonomy. */
	       {"[sorted(c) for c in d['careTeam'][:2]]",
	        "[['provider', 'role', 'sequence'], ['provider', 'role', 'sequence']]"},
	       /* One diagnosis per code: the claim's four (A02, ICD_DGNS_CD1 and principal, once),
	        * then the lines' A52 once. */
	       {"[(x['sequence'], x['diagnosisCodeableConcept']['coding'][0]['code'], "
	        "x['type'][0]['coding'][0]['code']) for x in d['diagnosis']]",
	        "[(1, 'A02', 'principal'), (2, 'A06', 'secondary'), (3, 'B04', 'secondary'), "
	        "(4, 'B05', 'secondary'), (5, 'A52', 'secondary')]"},
	       {"set(str(i['diagnosisSequence']) for i in d['item'])", "{'[5]'}"},
	       /* One supportingInfo entry and contained Observation per line, after the received
	        * date. */
	       {"[i['informationSequence'] for i in d['item']]",
	        "[[2], [3], [4], [5], [6], [7], [8]]"},
	       {"[(s['sequence'], s.get('valueReference', {}).get('reference')) "
	        "for s in d['supportingInfo']]",
	        "[(1, None), (2, '#line-observation-1'), (3, '#line-observation-2'), "
	        "(4, '#line-observation-3'), (5, '#line-observation-4'), "
	        "(6, '#line-observation-5'), (7, '#line-observation-6'), "
	        "(8, '#line-observation-7')]"},
	       {"[(c['id'], c['code']['coding'][0]['code'], c['valueQuantity']['value']) "
	        "for c in d['contained']][::6]",
	        "[('line-observation-1', 'R1', 42.0), ('line-observation-7', 'R1', 42.0)]"},
	       /* Per-line values. */
	       {"[i['productOrService']['coding'][0]['code'] for i in d['item']]",
	        "['92999', '92998', '92997', '92996', '92995', '92994', '92993']"},
	       {"[a['amount']['value'] for i in d['item'] for a in i['adjudication'] "
	        "if a['category']['coding'][-1]['code'].endswith('line_sbmtd_chrg_amt')]",
	        "[75.0, 75.0, 85.0, 65.0, 55.0, 45.0, 35.0]"},
	       {"set(len(i['adjudication']) for i in d['item'])", "{9}"},
	       {"set((i['modifier'][0]['coding'][0]['version'], "
	        "i['modifier'][0]['coding'][0]['code'], i['servicedPeriod']['start'], "
	        "i['quantity']['value'], "
	        "i['productOrService']['extension'][0]['valueCoding']['code']) for i in d['item'])",
	        "{('5', 'LT', '1999-10-27', 1.0, '000000000')}"},
	       /* Claim-level values are those of the one-line sample. */
	       {"(d['payment']['amount']['value'], d['total'][0]['amount']['value'], "
	        "len(d['benefitBalance'][0]['financial']), d['referral']['identifier']['value'])",
	        "(199.99, 0.0, 5, '8765676')"});
	free(body);
	tu_fhir_close(t);
}

static void test_without_code_tables(void **state)
{
	TU_NEED_FIXTURES();
	struct tu_fhir *t = *state;
	char *body = tu_fhir_read_without_refdata(t, EOB);
	/* Codes stay; codebook, label and ICD displays go; the enrichment names stay. */
	CHECKS(body,
	       {"d['type']['coding'][0]",
	        "{'system': 'https://bluebutton.cms.gov/resources/variables/nch_clm_type_cd', "
	        "'code': '71'}"},
	       {"'display' in d['diagnosis'][0]['diagnosisCodeableConcept']['coding'][0]", "False"},
	       {"'display' in d['supportingInfo'][0]['category']['coding'][1]", "False"},
	       {"d['careTeam'][3]['provider']['display']", "Fake ORG Name"});
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_read_matches_bfd),
	    cmocka_unit_test(test_tax_numbers_only_when_asked),
	    cmocka_unit_test(test_multiple_lines),
	    cmocka_unit_test(test_without_code_tables),
	};
	return cmocka_run_group_tests(tests, tu_fhir_setup_group_a, tu_fhir_teardown);
}
