/* Tests of fhir/eob_outpatient.c: BFD's reference EOB for sample A's outpatient claim
 * reproduced exactly, and its values without code tables. */
#include "testutil.h"

#include <strings.h>

#include "fhirutil.h"

static const char *const group_a[] = {TU_GROUP_A_FILES, NULL};

/* Group A with the four-character-DRG inpatient and SNF claims instead (the beneficiary file
 * first, as the claims need it). */

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
	char *body = render(group_a, "outpatient-1234567890");
	TU_ASSERT_SAME_FHIR(tu_fixture("endpoint-responses/v2/eobReadOutpatient.json"), body);
	free(body);
}

static void test_values(void **state)
{
	TU_NEED_FIXTURES();
	char *body = render(group_a, "outpatient-1234567890");
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
	check(body, pairs);
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reference),
	    cmocka_unit_test(test_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
