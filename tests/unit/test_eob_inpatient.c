/* Tests of fhir/eob_inpatient.c: BFD's reference EOB for sample A's inpatient claim
 * reproduced exactly, and the four-character DRG sample rendered as BFD would. */
#include "testutil.h"

#include <strings.h>

#include "fhirutil.h"

static const char *const group_a[] = {TU_GROUP_A_FILES, NULL};

/* Group "A, four-character DRG": group A with the inpatient and SNF twins whose CLM_DRG_CD
 * has four characters (the beneficiary file first: the claims need it). */
static const char *const group_a_drg4[] = {
    "rif-static-samples/sample-a-beneficiaries.txt",
    "rif-static-samples/sample-a-beneficiaryhistory.txt",
    "rif-static-samples/sample-a-bcarrier.txt",
    "rif-static-samples/sample-a-dme.txt",
    "rif-static-samples/sample-a-hha.txt",
    "rif-static-samples/sample-a-hospice.txt",
    "rif-static-samples/sample-a-inpatient-with-four-character-drg-code.txt",
    "rif-static-samples/sample-a-outpatient.txt",
    "rif-static-samples/sample-a-pde.txt",
    "rif-static-samples/sample-a-snf-with-four-character-drg-code.txt",
    NULL,
};

/* Evaluates Python expressions over the parsed document d and compares each with its
 * expected JSON: pairs of (expression, JSON), NULL-terminated. k(a, var) finds the element
 * of list a whose category (or type) codes name var. Also checks the top-level keys. */
static const char checker[] =
    "import json,sys\n"
    "d=json.load(open(sys.argv[1]))\n"
    "def k(a,v):\n"
    "  for e in a:\n"
    "    c=(e.get('category') or e.get('type'))['coding']\n"
    "    if any(x['code']==v or x['code'].endswith('/'+v) for x in c): return e\n"
    "bad=0\n"
    "for i in range(2,len(sys.argv),2):\n"
    "  e,x=sys.argv[i],sys.argv[i+1]\n"
    "  try: v=json.dumps(eval(e),sort_keys=True)\n"
    "  except Exception as ex: v='<%r>'%ex\n"
    "  if v!=json.dumps(json.loads(x),sort_keys=True):\n"
    "    print('%s = %s, expected %s'%(e,v,x)); bad+=1\n"
    "sys.exit(1 if bad else 0)\n";

static void check(const char *body, const char *const *pairs)
{
	char *dir = tu_tmpdir();
	char *path = tu_write(dir, "doc.json", body), *script = tu_write(dir, "c.py", checker);
	char *argv[256];
	int n = 0;
	argv[n++] = "/usr/bin/env";
	argv[n++] = "python3";
	argv[n++] = script;
	argv[n++] = path;
	for (; *pairs && n < 254; pairs++)
		argv[n++] = (char *)*pairs;
	argv[n] = NULL;
	struct tu_run r = tu_run_argv(argv);
	if (r.status != 0)
		fail_msg("%s%s", r.out, r.err);
	tu_run_free(&r);
	free(path);
	free(script);
	tu_rmdir(dir);
}

/* Renders one EOB from a database holding files. */
static char *render(const char *const *files, const char *id)
{
	struct tu_fhir t = tu_fhir_open(files);
	char target[128];
	int status;
	snprintf(target, sizeof target, "/v2/fhir/ExplanationOfBenefit/%s", id);
	char *body = tu_fhir_get(&t, target, NULL, &status);
	assert_int_equal(status, 200);
	tu_fhir_close(&t);
	return body;
}

static void test_reference(void **state)
{
	TU_NEED_FIXTURES();
	TU_NEED_REFDATA();
	char *body = render(group_a, "inpatient-333333222222");
	TU_ASSERT_SAME_FHIR(tu_fixture("endpoint-responses/v2/eobReadInpatient.json"), body);
	free(body);
}

/* Values of the sample row, without code tables. */
static void test_values(void **state)
{
	TU_NEED_FIXTURES();
	char *body = render(group_a, "inpatient-333333222222");
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
	check(body, pairs);
	free(body);
}

/* CLM_DRG_CD 6955 is shown as it is; the organization's NPI (5555553305) is not in the NPI
 * table, so the organization has no name. */
static void test_four_character_drg(void **state)
{
	TU_NEED_FIXTURES();
	char *body = render(group_a_drg4, "inpatient-333333222222");
	static const char *const pairs[] = {
	    "k(d['supportingInfo'],'clm_drg_cd')['code']['coding'][0]['code']",
	    "\"6955\"",
	    "d['contained'][0]['identifier'][1]['value']",
	    "\"5555553305\"",
	    "'name' in d['contained'][0]",
	    "false",
	    NULL,
	};
	check(body, pairs);
	free(body);
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
	char *body = render(group_a_drg4, "inpatient-333333222222");
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
	char *body = render(samhsa, "inpatient-9991833424");
	static const char *const pairs[] = {
	    "d['diagnosis'][4]['diagnosisCodeableConcept']['coding']",
	    "[{\"system\":\"http://hl7.org/fhir/sid/icd-9-cm\",\"code\":\"A05\","
	    "\"display\":\"\\\"OTH BACTERIAL FOODBORNE INTOXICATIONS, NEC\\\"\"}]",
	    NULL,
	};
	check(body, pairs);
	free(body);
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
