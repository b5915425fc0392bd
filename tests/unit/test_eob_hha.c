/* Tests of fhir/eob_hha.c: sample A's home health claim (BFD ships no reference response
 * for it) rendered with the values of its RIF row as HHAClaimTransformerV2 maps them. */
#include "testutil.h"

#include <strings.h>

#include "fhirutil.h"

static const char *const group_a[] = {TU_GROUP_A_FILES, NULL};

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

static void test_values(void **state)
{
	TU_NEED_FIXTURES();
	char *body = render(group_a, "hha-2925555555");
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
	check(body, pairs);
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
