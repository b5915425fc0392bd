/* Tests of fhir/eob_pde.c: BFD's reference EOB for sample A's Part D event reproduced exactly
 * (with the enrichment names), the 18 Synthea events rendered with the values of their RIF
 * rows, and the enrichment files read as BFD's tables hold them. */
#include "testutil.h"

#include "fhirutil.h"

#define SY "rif-synthea/"
static const char *const synthea[] = {
    SY "beneficiary_2011.csv",
    SY "beneficiary_2012.csv",
    SY "beneficiary_2013.csv",
    SY "beneficiary_2014.csv",
    SY "beneficiary_2015.csv",
    SY "beneficiary_2016.csv",
    SY "beneficiary_2017.csv",
    SY "beneficiary_2018.csv",
    SY "beneficiary_2019.csv",
    SY "beneficiary_2020.csv",
    SY "beneficiary_2021.csv",
    SY "beneficiary_history.csv",
    SY "pde.csv",
    NULL,
};

static void test_sample_a(void **state)
{
	TU_NEED_FIXTURES();
	TU_NEED_REFDATA();
	tu_eob_reference(tu_group_a(), "pde-89", "endpoint-responses/v2/eobReadPde.json");
}

/* Without the code tables: the same resource, less the codebook displays. */
static void test_sample_a_values(void **state)
{
	TU_NEED_FIXTURES();
	static const char *const pairs[] = {
	    "d['resourceType']",
	    "\"ExplanationOfBenefit\"",
	    "d['id']",
	    "\"pde-89\"",
	    "[i['system'].split('/')[-1] + '=' + i['value'] for i in d['identifier']]",
	    "[\"pde_id=89\", \"claim-group=900\", \"rx_srvc_rfrnc_num=799999\"]",
	    "[c['code'] for c in d['type']['coding']]",
	    "[\"PDE\", \"pharmacy\"]",
	    "d['billablePeriod']",
	    "{\"start\": \"2015-05-12\", \"end\": \"2015-05-12\"}",
	    "d['provider']['identifier']['value']",
	    "\"1023011079\"",
	    "d['facility']['extension'][0]['valueCoding']['code']",
	    "\"01\"",
	    "d['careTeam'][0]['provider']['identifier']['value']",
	    "\"1750384806\"",
	    "d['insurance'][0]['coverage']['reference']",
	    "\"Coverage/part-d-567834\"",
	    "[e['valueIdentifier']['value'] for e in d['insurance'][0]['coverage']['extension']]",
	    "[\"H9999\", \"020\"]",
	    "si('compoundcode')['code']['coding'][0]['code']",
	    "\"RXDINV\"",
	    "si('refillnum')['valueQuantity']['value']",
	    "3",
	    "si('dayssupply')['valueQuantity']['value']",
	    "30",
	    "[s['sequence'] for s in d['supportingInfo']]",
	    "[1,2,3,4,5,6,7,8,9,10,11,12,13,14]",
	    "d['item'][0]['productOrService']['coding'][0]['code']",
	    "\"000000000\"",
	    "d['item'][0]['quantity']['value']",
	    "60.0",
	    "adj('cvrd_d_plan_pd_amt')",
	    "126.99",
	    "adj('rptd_gap_dscnt_num')",
	    "317.22",
	    "[t['amount']['value'] for t in d['total']]",
	    "[550.0, 0]",
	    "d['payment']",
	    "{\"date\": \"2015-05-27\"}",
	    NULL,
	};
	tu_eob_values(tu_group_a(), "pde-89", pairs);
}

static const char *const synthea_ids[] = {
    "-100000806", "-100000807", "-100000808", "-100000809", "-100000810", "-100000811",
    "-100000812", "-100000813", "-100000814", "-100000815", "-100000816", "-100000817",
    "-100000818", "-100000819", "-100000820", "-100000821", "-100000921", "-100000922",
};

static void test_synthea(void **state)
{
	TU_NEED_FIXTURES();
	struct tu_fhir t = tu_fhir_open(synthea);
	char target[96];
	for (size_t i = 0; i < sizeof synthea_ids / sizeof *synthea_ids; i++) {
		snprintf(target, sizeof target, "/v2/fhir/ExplanationOfBenefit/pde-%s",
		         synthea_ids[i]);
		char *body = tu_fhir_read(&t, target, NULL, NULL);
		char id[64], ref[64];
		snprintf(id, sizeof id, "\"pde-%s\"", synthea_ids[i]);
		snprintf(ref, sizeof ref, "\"%s\"", synthea_ids[i]);
		const char *const pairs[] = {
		    "d['id']",
		    id,
		    "d['identifier'][2]['value']",
		    ref,
		    "sorted(d)",
		    "[\"billablePeriod\", \"careTeam\", \"created\", \"facility\", \"id\", "
		    "\"identifier\", \"insurance\", \"insurer\", \"item\", \"meta\", \"outcome\", "
		    "\"patient\", \"payment\", \"provider\", \"resourceType\", \"status\", "
		    "\"supportingInfo\", \"total\", \"type\", \"use\"]",
		    NULL,
		};
		tu_check_json(body, pairs);
		free(body);
	}

	/* -100000921: beneficiary -1000018, CMPND_CD 0 (no compound slice), blank codes
	 * (" ") kept without their code, PRCNG_EXCPTN_CD and SUBMSN_CLR_CD empty (left out),
	 * no NPI or drug data for its ids. */
	char *body = tu_fhir_read(&t, "/v2/fhir/ExplanationOfBenefit/pde--100000921", NULL, NULL);
	static const char *const pairs[] = {
	    "d['status']",
	    "\"active\"",
	    "d['patient']",
	    "{\"reference\": \"Patient/-1000018\"}",
	    "d['identifier'][1]['value']",
	    "\"-100002821\"",
	    "d['billablePeriod']",
	    "{\"start\": \"2015-03-28\", \"end\": \"2015-03-28\"}",
	    "d['payment']",
	    "{\"date\": \"2015-03-28\"}",
	    "d['provider']['identifier']",
	    "{\"system\": \"http://hl7.org/fhir/sid/us-npi\", "
	    "\"value\": \"220008\"}",
	    "'display' in d['facility']",
	    "false",
	    "d['facility']['identifier']['value']",
	    "\"220008\"",
	    "d['facility']['extension'][0]['valueCoding']['code']",
	    "\"05\"",
	    "d['careTeam'][0]['provider']['identifier']['value']",
	    "\"9999999979\"",
	    "'display' in d['careTeam'][0]['provider']",
	    "false",
	    "'qualification' in d['careTeam'][0]",
	    "false",
	    "d['item'][0]['careTeamSequence']",
	    "[1]",
	    "d['insurance'][0]['coverage']['reference']",
	    "\"Coverage/part-d--1000018\"",
	    "[e['valueIdentifier']['value'] for e in d['insurance'][0]['coverage']['extension']]",
	    "[\"Z0007\", \"999\"]",
	    "[s['category']['coding'][-1]['code'].split('/')[-1] for s in d['supportingInfo']]",
	    "[\"refillnum\", \"dayssupply\", \"drug_cvrg_stus_cd\", \"daw_prod_slctn_cd\", "
	    "\"dspnsng_stus_cd\", \"adjstmt_dltn_cd\", \"nstd_frmt_cd\", \"ctstrphc_cvrg_cd\", "
	    "\"rxorigincode\", \"brandgenericindicator\", \"ptnt_rsdnc_cd\"]",
	    "[s['sequence'] for s in d['supportingInfo']]",
	    "[1,2,3,4,5,6,7,8,9,10,11]",
	    "si('refillnum')['valueQuantity']",
	    "{\"value\": 1}",
	    "si('dayssupply')['valueQuantity']",
	    "{\"value\": 14}",
	    "si('daw_prod_slctn_cd')['code']['coding'][0]['code']",
	    "\"5\"",
	    "si('dspnsng_stus_cd')['code']['coding']",
	    "[{\"system\": \"https://bluebutton.cms.gov/resources/variables/dspnsng_stus_cd\"}]",
	    "si('rxorigincode')['code']['coding'][0]['code']",
	    "\"4\"",
	    "si('brandgenericindicator')['code']['coding'][0]['code']",
	    "\"B\"",
	    "si('ptnt_rsdnc_cd')['code']['coding'][0]['code']",
	    "\"01\"",
	    "d['item'][0]['productOrService']['coding']",
	    "[{\"system\": \"http://hl7.org/fhir/sid/ndc\", \"code\": \"00603441521\"}]",
	    "d['item'][0]['servicedDate']",
	    "\"2015-03-28\"",
	    "d['item'][0]['quantity']",
	    "{\"value\": 2.0}",
	    "d['item'][0]['adjudication'][0]['category']['coding'][0]['code']",
	    "\"benefit\"",
	    "adj('cvrd_d_plan_pd_amt')",
	    "0.0",
	    "adj('gdc_blw_oopt_amt')",
	    "18.46",
	    "adj('ptnt_pay_amt')",
	    "18.46",
	    "adj('tot_rx_cst_amt')",
	    "18.46",
	    "len(d['item'][0]['adjudication'])",
	    "9",
	    "[t['amount']['value'] for t in d['total']]",
	    "[18.46, 0]",
	    NULL,
	};
	tu_check_json(body, pairs);
	free(body);

	/* -100000810: beneficiary -1000014, another provider and plan. */
	body = tu_fhir_read(&t, "/v2/fhir/ExplanationOfBenefit/pde--100000810", NULL, NULL);
	static const char *const pairs810[] = {
	    "d['patient']['reference']",
	    "\"Patient/-1000014\"",
	    "d['billablePeriod']['start']",
	    "\"2017-03-12\"",
	    "d['facility']['identifier']['value']",
	    "\"220135\"",
	    "d['careTeam'][0]['provider']['identifier']['value']",
	    "\"9999999499\"",
	    "d['item'][0]['productOrService']['coding'][0]['code']",
	    "\"63629257902\"",
	    "d['item'][0]['quantity']['value']",
	    "90.0",
	    "si('dayssupply')['valueQuantity']['value']",
	    "90",
	    "si('daw_prod_slctn_cd')['code']['coding'][0]['code']",
	    "\"3\"",
	    "d['insurance'][0]['coverage']['extension'][0]['valueIdentifier']['value']",
	    "\"Z0008\"",
	    "adj('tot_rx_cst_amt')",
	    "19.63",
	    "adj('ptnt_pay_amt')",
	    "40.0",
	    NULL,
	};
	tu_check_json(body, pairs810);
	free(body);
	tu_fhir_close(&t);
}

/* The enrichment files as `bluebutton get` reads them (--enrichment, else $BB_ENRICHMENT):
 * every *.json file in name order, the last row of a key winning; names built as BFD builds
 * them; a row that is not a JSON object refused with its file and line. */
static void test_enrichment_files(void **state)
{
	TU_NEED_FIXTURES();
	char *dir = tu_tmpdir();
	char *edir = xasprintf("%s/enrichment", dir);
	assert_int_equal(mkdir(edir, 0700), 0);
	free(tu_write(edir, "a.json",
	              "{\"npi\":\"1750384806\",\"entityTypeCode\":\"1\",\"providerFirstName\":"
	              "\"OLD\"}\n"
	              "\n"
	              "{\"code\": \"00000-0000\", \"display\": \"W\\u00e9ter \\\"x\\\"\"}\n"));
	free(tu_write(edir, "b.json",
	              "{\"npi\":\"1750384806\",\"entityTypeCode\":\"1\",\"providerNamePrefix\":"
	              "\" DR. \",\"providerFirstName\":\"ANA\",\"providerMiddleName\":\"\","
	              "\"providerLastName\":\"LI\",\"providerCredential\":null,"
	              "\"taxonomyDisplay\":\"Surgery\"}\n"));
	free(tu_write(edir, "c.tsv", "npi\tname\n1023011079\tIGNORED\n"));
	char *db = xasprintf("%s/t.db", dir);
	struct tu_run r = tu_run("load", "-q", "--db", db,
	                         tu_fixture("rif-static-samples/sample-a-beneficiaries.txt"),
	                         tu_fixture("rif-static-samples/sample-a-pde.txt"), NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);

	r = tu_run("get", "--db", db, "--enrichment", edir, "/v2/fhir/ExplanationOfBenefit/pde-89",
	           NULL);
	assert_int_equal(r.status, 0);
	static const char *const pairs[] = {
	    "d['careTeam'][0]['provider']['display']",
	    "\"DR. ANA LI\"",
	    "d['careTeam'][0]['qualification']",
	    "{\"coding\": [{\"system\": \"http://nucc.org/provider-taxonomy\", "
	    "\"display\": \"Surgery\"}]}",
	    "'display' in d['facility']",
	    "false",
	    "d['item'][0]['productOrService']['coding'][0]['display']",
	    "\"W\\u00e9ter \\\"x\\\"\"",
	    NULL,
	};
	tu_check_json(r.out, pairs);
	tu_run_free(&r);

	const char *old = getenv("BB_ENRICHMENT");
	char *saved = old ? strdup(old) : NULL;
	setenv("BB_ENRICHMENT", edir, 1);
	free(tu_write(edir, "d.json", "{\"npi\": \"1\"}\nnot json\n"));
	r = tu_run("get", "--db", db, "/v2/fhir/ExplanationOfBenefit/pde-89", NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "--enrichment: "));
	assert_non_null(strstr(r.err, "d.json:2: not a JSON object"));
	tu_run_free(&r);

	if (saved)
		setenv("BB_ENRICHMENT", saved, 1);
	else
		unsetenv("BB_ENRICHMENT");
	free(saved);
	free(db);
	free(edir);
	tu_rmdir(dir);
}

int main(void)
{
	/* BFD's server test data for the NPI and drug tables, unless told otherwise. */
	if (getenv("BB_ENRICHMENT") == NULL && tu_fixtures())
		setenv("BB_ENRICHMENT", tu_fixture("enrichment"), 1);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sample_a),
	    cmocka_unit_test(test_sample_a_values),
	    cmocka_unit_test(test_synthea),
	    cmocka_unit_test(test_enrichment_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
