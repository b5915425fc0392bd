/* Tests of fhir/eob_carrier.c: sample A's carrier claim renders exactly as BFD's reference
 * (with and without tax numbers), and the seven-line sample renders as BFD's
 * CarrierClaimTransformerV2 builds it: one care team shared by every line, one diagnosis per
 * distinct code, one Observation and supportingInfo entry per line. */
#include "testutil.h"

#include <strings.h>

#include "core/fatal.h"
#include "fhir/api.h"
#include "fhir/enrich.h"
#include "fhir/refdata.h"
#include "rif/loader.h"

#define S   "rif-static-samples/"
#define REF "endpoint-responses/v2/"
#define EOB "/v2/fhir/ExplanationOfBenefit/carrier-9991831999"

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

static const char *const group_lines[] = {
    S "sample-a-beneficiaries.txt",
    S "sample-a-bcarrier-multiple-lines.txt",
    NULL,
};

static const char top_keys[] =
    "['resourceType', 'id', 'meta', 'contained', 'extension', 'identifier', 'status', 'type', "
    "'use', 'patient', 'billablePeriod', 'created', 'insurer', 'provider', 'referral', "
    "'outcome', 'disposition', 'careTeam', 'supportingInfo', 'diagnosis', 'insurance', 'item', "
    "'total', 'payment', 'benefitBalance']";

/* Group A, loaded once for the tests that read it. */
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
	if (d->rd)
		TU_ASSERT_SAME_FHIR(tu_fixture(REF "eobReadCarrier.json"), body);
	else
		print_message("no code tables ($BB_REFDATA): exact comparison skipped\n");
	free(body);
}

static void test_tax_numbers_only_when_asked(void **state)
{
	TU_NEED_FIXTURES();
	struct db *d = *state;
	char *plain = get(d, EOB, NULL, NULL), *no = get(d, EOB, NULL, "false");
	char *tax = get(d, EOB, NULL, "true"),
	     *param = get(d, EOB, "_IncludeTaxNumbers=true", NULL);
	assert_null(strstr(plain, "tax_num"));
	assert_null(strstr(no, "tax_num"));
	assert_null(strstr(plain, "204299999"));
	/* The tax number comes first among the line's extensions. */
	CHECKS(tax, {"d['item'][0]['extension'][0]['valueCoding']['code']", "204299999"},
	       {"[e['url'].rsplit('/', 1)[1] for e in d['item'][0]['extension']]",
	        "['tax_num', 'carr_line_mtus_cnt', 'carr_line_mtus_cnt', 'carr_line_mtus_cd', "
	        "'betos_cd', 'line_bene_prmry_pyr_cd', 'line_prcsg_ind_cd', "
	        "'line_service_deductible']"});
	CHECKS(param, {"d['item'][0]['extension'][0]['valueCoding']['code']", "204299999"});
	if (d->rd)
		TU_ASSERT_SAME_FHIR(tu_fixture(REF "eobReadCarrierWithTaxNumbers.json"), tax);
	free(plain);
	free(no);
	free(tax);
	free(param);
}

/* sample-a-bcarrier-multiple-lines: seven lines of one claim, the same performing NPI
 * (1923124) and organisation (0000000000) on each, HCPCS 92999 down to 92993, submitted
 * charges 75, 75, 85, 65, 55, 45, 35, every line with diagnosis A52 and a R1 test of 42.0. */
static void test_multiple_lines(void **state)
{
	TU_NEED_FIXTURES();
	struct db *d = db_load(group_lines);
	char *body = get(d, EOB, NULL, NULL);
	CHECKS(body, {"list(d)", top_keys},
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
	db_free(d);
}

static void test_without_code_tables(void **state)
{
	TU_NEED_FIXTURES();
	struct db *d = *state;
	char *body = get_rd(d, NULL, EOB, NULL, NULL);
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
	return cmocka_run_group_tests(tests, setup_a, teardown_a);
}
