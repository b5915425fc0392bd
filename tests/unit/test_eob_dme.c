/* Tests of fhir/eob_dme.c: sample A's DME claim renders exactly as BFD's reference, tax
 * numbers appear only when asked, and the values BFD's DMEClaimTransformerV2 derives from the
 * RIF row (supplier NPI as provider, outpatient diagnosis types, its repeated adjudications)
 * are there without the code tables too. */
#include "testutil.h"

#include <strings.h>

#include "core/fatal.h"
#include "fhir/api.h"
#include "fhir/enrich.h"
#include "fhir/refdata.h"
#include "rif/loader.h"

#define S   "rif-static-samples/"
#define REF "endpoint-responses/v2/"
#define EOB "/v2/fhir/ExplanationOfBenefit/dme-2188888888"

struct db {
	char *dir;
	struct store *s;
	struct refdata *rd;
	struct enrich *enrich;
};

/* Opens a store in a fresh directory and loads the fixture files (the beneficiary first);
 * the code tables and enrichment tables too when $BB_REFDATA and $BB_ENRICHMENT name them. */
static struct db *db_load(const char *const *files)
{
	struct db *d = calloc(1, sizeof *d);
	char *cause = NULL, *path;
	d->dir = tu_tmpdir();
	path = xasprintf("%s/t.db", d->dir);
	assert_int_equal(store_open(path, &d->s, &cause), 0);
	free(path);
	static const struct load_options quiet = {.expect_type = -1};
	for (; *files; files++) {
		struct load_report rep;
		if (rif_load_file(d->s, tu_fixture(*files), &quiet, &rep, &cause) != 0)
			fail_msg("%s: %s", *files, cause);
	}
	const char *refdir = getenv("BB_REFDATA");
	if (refdir && *refdir && refdata_load(refdir, &d->rd, &cause) != 0)
		fail_msg("refdata: %s", cause);
	const char *enrichdir = getenv("BB_ENRICHMENT");
	if (enrichdir && *enrichdir && enrich_load(enrichdir, &d->enrich, &cause) != 0)
		fail_msg("enrichment: %s", cause);
	return d;
}

static void db_free(struct db *d)
{
	if (d == NULL)
		return;
	refdata_free(d->rd);
	enrich_free(d->enrich);
	store_close(d->s);
	tu_rmdir(d->dir);
	free(d);
}

static const char *header(void *ctx, const char *name)
{
	return strcasecmp(name, "IncludeTaxNumbers") == 0 ? ctx : NULL;
}

/* GETs path (with IncludeTaxNumbers: tax when not NULL); returns the body (malloc'd). */
static char *get_rd(struct db *d, const struct refdata *rd, const char *path, const char *query,
                    const char *tax)
{
	struct fhir_api api = {
	    .s = d->s, .rd = rd, .enrich = d->enrich, .base_url = "http://localhost:8000"};
	struct fhir_request req = {
	    .path = path, .query = query, .header = header, .header_ctx = (void *)tax};
	struct fhir_response res = {0};
	fhir_api_get(&api, &req, &res);
	assert_int_equal(res.status, 200);
	char *body = strndup(res.body.data, res.body.len);
	buf_free(&res.body);
	return body;
}

static char *get(struct db *d, const char *path, const char *query, const char *tax)
{
	return get_rd(d, d->rd, path, query, tax);
}

/* A fact about a rendered document: a Python expression over it (`d`) and what it prints. */
struct check {
	const char *expr, *want;
};

/* Evaluates every check in one Python run (one result a line) and fails on the first that
 * differs. */
static void assert_checks(const char *json, const struct check *c, size_t n)
{
	char *dir = tu_tmpdir(), *path = tu_write(dir, "doc.json", json);
	size_t cap = 256;
	for (size_t i = 0; i < n; i++)
		cap += strlen(c[i].expr) + 16;
	char *script = malloc(cap);
	size_t len =
	    (size_t)sprintf(script, "import json, sys\nd = json.load(open(sys.argv[1]))\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(script + len, "print(%s)\n", c[i].expr);
	char *spath = tu_write(dir, "q.py", script);
	char *cmd = xasprintf("python3 '%s' '%s'", spath, path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char line[8192];
	for (size_t i = 0; i < n; i++) {
		if (fgets(line, sizeof line, p) == NULL)
			fail_msg("%s: no result", c[i].expr);
		line[strcspn(line, "\n")] = '\0';
		if (strcmp(line, c[i].want) != 0)
			fail_msg("%s\n  got:  %s\n  want: %s", c[i].expr, line, c[i].want);
	}
	assert_int_equal(pclose(p), 0);
	free(cmd);
	free(script);
	free(spath);
	free(path);
	tu_rmdir(dir);
}

#define CHECKS(json, ...)                                                                          \
	do {                                                                                       \
		const struct check c_[] = {__VA_ARGS__};                                           \
		assert_checks(json, c_, sizeof c_ / sizeof *c_);                                   \
	} while (0)

static const char *const group_a[] = {
    S "sample-a-beneficiaries.txt",
    S "sample-a-beneficiaryhistory.txt",
    S "sample-a-bcarrier.txt",
    S "sample-a-dme.txt",
    S "sample-a-hha.txt",
    S "sample-a-hospice.txt",
    S "sample-a-inpatient.txt",
    S "sample-a-outpatient.txt",
    S "sample-a-pde.txt",
    S "sample-a-snf.txt",
    NULL,
};

static const char top_keys[] =
    "['resourceType', 'id', 'meta', 'contained', 'extension', 'identifier', 'status', 'type', "
    "'use', 'patient', 'billablePeriod', 'created', 'insurer', 'provider', 'referral', "
    "'outcome', 'disposition', 'careTeam', 'supportingInfo', 'diagnosis', 'insurance', 'item', "
    "'total', 'payment', 'benefitBalance']";

/* Group A, loaded once. */
static int setup_a(void **state)
{
	*state = tu_fixtures() ? db_load(group_a) : NULL;
	return 0;
}

static int teardown_a(void **state)
{
	db_free(*state);
	return 0;
}

static void test_read_matches_bfd(void **state)
{
	TU_NEED_FIXTURES();
	struct db *d = *state;
	char *body = get(d, EOB, NULL, NULL);
	CHECKS(body, {"list(d)", top_keys});
	if (d->rd) {
		/* The unit of DMERC_LINE_MTUS_CNT is DMERC_LINE_MTUS_CD's display. */
		CHECKS(body, {"d['item'][0]['extension'][2]['valueQuantity']['unit']",
		              "Number of services"});
		TU_ASSERT_SAME_FHIR(tu_fixture(REF "eobReadDme.json"), body);
	} else
		print_message("no code tables ($BB_REFDATA): exact comparison skipped\n");
	free(body);
}

static void test_tax_numbers_only_when_asked(void **state)
{
	TU_NEED_FIXTURES();
	struct db *d = *state;
	char *plain = get(d, EOB, NULL, NULL), *no = get(d, EOB, NULL, "no");
	char *tax = get(d, EOB, NULL, "TRUE"),
	     *param = get(d, EOB, "a=b&_IncludeTaxNumbers=true", NULL);
	assert_null(strstr(plain, "tax_num"));
	assert_null(strstr(no, "tax_num"));
	assert_null(strstr(plain, "9994931888"));
	/* Right after the supplier number. */
	const char *exts = "[e['url'].rsplit('/', 1)[1] for e in d['item'][0]['extension']]";
	CHECKS(tax,
	       {exts, "['suplrnum', 'tax_num', 'dmerc_line_scrn_svgs_amt', 'dmerc_line_mtus_cnt', "
	              "'dmerc_line_prcng_state_cd', 'dmerc_line_supplr_type_cd', 'betos_cd', "
	              "'line_bene_prmry_pyr_cd', 'line_prcsg_ind_cd', 'line_service_deductible']"},
	       {"d['item'][0]['extension'][1]['valueCoding']", "{'system': "
	                                                       "'https://bluebutton.cms.gov/"
	                                                       "resources/variables/tax_num', "
	                                                       "'code': '9994931888'}"});
	CHECKS(param, {"d['item'][0]['extension'][1]['valueCoding']['code']", "9994931888"});
	CHECKS(plain,
	       {exts, "['suplrnum', 'dmerc_line_scrn_svgs_amt', 'dmerc_line_mtus_cnt', "
	              "'dmerc_line_prcng_state_cd', 'dmerc_line_supplr_type_cd', 'betos_cd', "
	              "'line_bene_prmry_pyr_cd', 'line_prcsg_ind_cd', "
	              "'line_service_deductible']"});
	free(plain);
	free(no);
	free(tax);
	free(param);
}

/* The values of sample-a-dme.txt as BFD maps them. */
static void test_values(void **state)
{
	TU_NEED_FIXTURES();
	struct db *d = *state;
	char *body = get(d, EOB, NULL, NULL);
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
	struct db *d = *state;
	char *body = get_rd(d, NULL, EOB, NULL, NULL);
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
	return cmocka_run_group_tests(tests, setup_a, teardown_a);
}
