/* Tests of fhir/eob_inpatient.c: BFD's reference EOB for sample A's inpatient claim
 * reproduced exactly, and the four-character DRG sample rendered as BFD would. */
#include "testutil.h"

#include "fhirutil.h"

static void test_reference(void **state)
{
	TU_NEED_FIXTURES();
	TU_NEED_REFDATA();
	tu_eob_reference(tu_group_a(), "inpatient-333333222222",
	                 "endpoint-responses/v2/eobReadInpatient.json");
}

/* Values of the sample row, without code tables. */
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
	    "\"inpatient-333333222222\"",
	    "[i['value'] for i in d['contained'][0]['identifier']]",
	    "[\"777776\",\"0000000000\"]",
	    "d['contained'][0]['name']",
	    "\"Fake ORG Name\"",
	    "[e['url'].split('/')[-1] for e in d['extension']]",
	    "[\"nch_near_line_rec_ident_cd\",\"fi_clm_actn_cd\",\"ime_op_clm_val_amt\","
	    "\"clm_uncompd_care_pmt_amt\",\"dsh_op_clm_val_amt\",\"fi_doc_clm_cntl_num\","
	    "\"fi_clm_proc_dt\",\"clm_mdcr_non_pmt_rsn_cd\",\"clm_srvc_clsfctn_type_cd\",\"fi_"
	    "num\"]",
	    "d['extension'][2]['valueMoney']['value']",
	    "66125.51",
	    "[c['provider']['identifier']['value'] for c in d['careTeam']]",
	    "[\"161999999\",\"3333444555\",\"161943433\",\"345345345\"]",
	    "d['careTeam'][3]['qualification']['coding'][0]['code']",
	    "\"207ZH0000X\"",
	    "'qualification' in d['careTeam'][0]",
	    "false",
	    "[s['sequence'] for s in d['supportingInfo']]",
	    "[1,2,3,4,5,6,7,8,9,10,11]",
	    "k(d['supportingInfo'],'clm_drg_cd')['code']['coding'][0]['code']",
	    "\"695\"",
	    "k(d['supportingInfo'],'admissionperiod')['timingPeriod']",
	    "{\"start\":\"2016-01-15\",\"end\":\"2016-01-27\"}",
	    "k(d['supportingInfo'],'nch_blood_pnts_frnshd_qty')['valueQuantity']['value']",
	    "19",
	    "[x['diagnosisCodeableConcept']['coding'][0]['code'] for x in d['diagnosis']]",
	    "[\"A37\",\"A40\",\"A52\",\"A06\",\"A15\",\"B01\",\"A01\",\"A02\"]",
	    "[x['extension'][0]['valueCoding']['code'] for x in d['diagnosis'][1:]]",
	    "[\"Y\",\"N\",\"N\",\"N\",\"N\",\"N\",\"Y\"]",
	    "[p['date'] for p in d['procedure']][:2]",
	    "[\"2016-01-16T00:00:00+00:00\",\"2016-01-16T00:00:00+00:00\"]",
	    "d['insurance'][0]['coverage']['reference']",
	    "\"Coverage/part-a-567834\"",
	    "d['item'][0]['careTeamSequence']",
	    "[4]",
	    "d['item'][0]['quantity']",
	    "{\"value\":77}",
	    "[a['amount']['value'] for a in d['item'][0]['adjudication']]",
	    "[0.0,84888.88,3699.0]",
	    "d['total'][0]['amount']['value']",
	    "84999.37",
	    "d['payment']['amount']['value']",
	    "7699.48",
	    "len(d['benefitBalance'][0]['financial'])",
	    "21",
	    "k(d['benefitBalance'][0]['financial'],'clm_pps_cptl_drg_wt_num')['usedUnsignedInt']",
	    "1",
	    NULL,
	};
	tu_eob_values(tu_group_a(), "inpatient-333333222222", pairs);
}

/* CLM_DRG_CD 6955 is shown as it is; the organization's NPI (5555553305) is not in the NPI
 * table, so the organization has no name. */
static void test_four_character_drg(void **state)
{
	TU_NEED_FIXTURES();
	static const char *const pairs[] = {
	    "k(d['supportingInfo'],'clm_drg_cd')['code']['coding'][0]['code']",
	    "\"6955\"",
	    "d['contained'][0]['identifier'][1]['value']",
	    "\"5555553305\"",
	    "'name' in d['contained'][0]",
	    "false",
	    NULL,
	};
	tu_eob_values(tu_group_a_drg4(), "inpatient-333333222222", pairs);
}

/* The whole EOB of the four-character DRG twin: BFD's reference for sample A with the twin's
 * two differences, CLM_DRG_CD 6955 and ORG_NPI_NUM 5555553305 (not in the NPI table, so the
 * organization has no name). */
static void test_four_character_drg_reference(void **state)
{
	TU_NEED_FIXTURES();
	TU_NEED_REFDATA();
	static const char patch[] =
	    "import json,sys\n"
	    "d=json.load(open(sys.argv[1]))\n"
	    "for s in d['supportingInfo']:\n"
	    "  if s['category']['coding'][-1]['code'].endswith('/clm_drg_cd'):\n"
	    "    s['code']['coding'][0]['code']='6955'\n"
	    "o=d['contained'][0]\n"
	    "o['identifier'][1]['value']='5555553305'\n"
	    "del o['name']\n"
	    "json.dump(d,open(sys.argv[2],'w'))\n";
	char *dir = tu_tmpdir();
	char *script = tu_write(dir, "patch.py", patch);
	char *expected = xasprintf("%s/expected.json", dir);
	char *argv[] = {
	    "/usr/bin/env", "python3",
	    script,         (char *)tu_fixture("endpoint-responses/v2/eobReadInpatient.json"),
	    expected,       NULL};
	struct tu_run r = tu_run_argv(argv);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	char *body = tu_eob_render(tu_group_a_drg4(), "inpatient-333333222222");
	TU_ASSERT_SAME_FHIR(expected, body);
	free(body);
	free(expected);
	free(script);
	tu_rmdir(dir);
}

/* A description with a comma keeps the quotes of BFD's CSV-born diagnosis table, and a code
 * is described from the one table whatever its version (A05 with version 9). */
static void test_quoted_description(void **state)
{
	TU_NEED_FIXTURES();
	TU_NEED_REFDATA();
	static const char *const samhsa[] = {
	    "rif-static-samples/sample-a-beneficiaries.txt",
	    "rif-static-samples/samhsa/sample-a-inpatient.txt",
	    NULL,
	};
	static const char *const pairs[] = {
	    "d['diagnosis'][4]['diagnosisCodeableConcept']['coding']",
	    "[{\"system\":\"http://hl7.org/fhir/sid/icd-9-cm\",\"code\":\"A05\","
	    "\"display\":\"\\\"OTH BACTERIAL FOODBORNE INTOXICATIONS, NEC\\\"\"}]",
	    NULL,
	};
	tu_eob_values(samhsa, "inpatient-9991833424", pairs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reference),
	    cmocka_unit_test(test_values),
	    cmocka_unit_test(test_four_character_drg),
	    cmocka_unit_test(test_four_character_drg_reference),
	    cmocka_unit_test(test_quoted_description),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
