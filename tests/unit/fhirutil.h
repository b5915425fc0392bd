/* fhirutil: a database with a sample group loaded, FHIR rendered from it in-process, and
 * checks of the rendered documents by Python expressions (include after testutil.h). */
#ifndef BB_FHIRUTIL_H
#define BB_FHIRUTIL_H

#include <stdbool.h>
#include <strings.h>

#include "core/fatal.h"
#include "fhir/api.h"
#include "fhir/enrich.h"
#include "fhir/refdata.h"
#include "rif/loader.h"
#include "store/store.h"
#include "storeutil.h"

/* Skips the calling test when the code tables ($BB_REFDATA) are absent. */
#define TU_NEED_REFDATA()                                                                          \
	do {                                                                                       \
		const char *rd_ = getenv("BB_REFDATA");                                            \
		if (rd_ == NULL || *rd_ == '\0') {                                                 \
			print_message("code tables not found (set BB_REFDATA): skipped\n");        \
			skip();                                                                    \
		}                                                                                  \
	} while (0)

struct tu_fhir {
	char *dir;
	struct store *s;
	struct refdata *rd;    /* NULL when $BB_REFDATA is not set */
	struct enrich *enrich; /* NULL when $BB_ENRICHMENT is not set */
};

/* Opens a fresh database and loads the fixture files (relative to the fixtures), in order. */
static inline struct tu_fhir tu_fhir_open(const char *const *files)
{
	struct tu_fhir t = {tu_tmpdir(), NULL, NULL, NULL};
	char *cause = NULL, *path = xasprintf("%s/t.db", t.dir);
	assert_int_equal(store_open(path, &t.s, &cause), 0);
	free(path);
	const struct load_options o = {.expect_type = -1};
	for (; *files; files++) {
		struct load_report rep;
		/* Fixture-relative paths, or absolute ones (files a test made). */
		const char *file = **files == '/' ? *files : tu_fixture(*files);
		if (rif_load_file(t.s, file, &o, &rep, &cause) != 0)
			fail_msg("%s", cause);
	}
	const char *rd = getenv("BB_REFDATA");
	if (rd && *rd && refdata_load(rd, &t.rd, &cause) != 0)
		fail_msg("%s", cause);
	const char *en = getenv("BB_ENRICHMENT");
	if (en && *en && enrich_load(en, &t.enrich, &cause) != 0)
		fail_msg("%s", cause);
	return t;
}

static inline void tu_fhir_close(struct tu_fhir *t)
{
	store_close(t->s);
	refdata_free(t->rd);
	enrich_free(t->enrich);
	tu_rmdir(t->dir);
}

struct tu_header {
	const char *name, *value;
};

static inline const char *tu_header_lookup(void *ctx, const char *name)
{
	for (const struct tu_header *h = ctx; h && h->name; h++)
		if (strcasecmp(h->name, name) == 0)
			return h->value;
	return NULL;
}

/* GETs target ("/v2/fhir/…?query") with the headers (NULL-terminated array, or NULL);
 * returns the body (malloc'd) and sets *status. */
static inline char *tu_fhir_get(struct tu_fhir *t, const char *target,
                                const struct tu_header *headers, int *status)
{
	char *path = strdup(target), *query = strchr(path, '?');
	if (query)
		*query++ = '\0';
	struct fhir_api api = {.s = t->s,
	                       .rd = t->rd,
	                       .enrich = t->enrich,
	                       .base_url = "https://localhost:8443",
	                       .hash_pepper = FHIR_DEFAULT_PEPPER,
	                       .hash_iterations = FHIR_DEFAULT_ITERATIONS};
	struct fhir_request req = {.path = path,
	                           .query = query,
	                           .header = tu_header_lookup,
	                           .header_ctx = (void *)headers};
	struct fhir_response res = {0};
	fhir_api_get(&api, &req, &res);
	*status = res.status;
	free(path);
	return (char *)buf_cstr(&res.body);
}

#define TU_GROUP_A_FILES                                                                           \
	"rif-static-samples/sample-a-beneficiaries.txt",                                           \
	    "rif-static-samples/sample-a-beneficiaryhistory.txt",                                  \
	    "rif-static-samples/sample-a-bcarrier.txt", "rif-static-samples/sample-a-dme.txt",     \
	    "rif-static-samples/sample-a-hha.txt", "rif-static-samples/sample-a-hospice.txt",      \
	    "rif-static-samples/sample-a-inpatient.txt",                                           \
	    "rif-static-samples/sample-a-outpatient.txt", "rif-static-samples/sample-a-pde.txt",   \
	    "rif-static-samples/sample-a-snf.txt"

#define TU_GROUP_A_DRG4_FILES                                                                      \
	"rif-static-samples/sample-a-beneficiaries.txt",                                           \
	    "rif-static-samples/sample-a-beneficiaryhistory.txt",                                  \
	    "rif-static-samples/sample-a-bcarrier.txt", "rif-static-samples/sample-a-dme.txt",     \
	    "rif-static-samples/sample-a-hha.txt", "rif-static-samples/sample-a-hospice.txt",      \
	    "rif-static-samples/sample-a-inpatient-with-four-character-drg-code.txt",              \
	    "rif-static-samples/sample-a-outpatient.txt", "rif-static-samples/sample-a-pde.txt",   \
	    "rif-static-samples/sample-a-snf-with-four-character-drg-code.txt"

/* Group A (NULL-terminated, for tu_fhir_open). */
static inline const char *const *tu_group_a(void)
{
	static const char *const files[] = {TU_GROUP_A_FILES, NULL};
	return files;
}

/* Group "A, four-character DRG": group A with the inpatient and SNF twins whose CLM_DRG_CD
 * has four characters (the beneficiary file first: the claims need it). */
static inline const char *const *tu_group_a_drg4(void)
{
	static const char *const files[] = {TU_GROUP_A_DRG4_FILES, NULL};
	return files;
}

/* The Synthea set: every file of rif-synthea, beneficiaries first (NULL-terminated). */
static inline const char *const *tu_synthea(void)
{
#define SY_ "rif-synthea/"
	static const char *const files[] = {SY_ "beneficiary_2011.csv",
	                                    SY_ "beneficiary_2012.csv",
	                                    SY_ "beneficiary_2013.csv",
	                                    SY_ "beneficiary_2014.csv",
	                                    SY_ "beneficiary_2015.csv",
	                                    SY_ "beneficiary_2016.csv",
	                                    SY_ "beneficiary_2017.csv",
	                                    SY_ "beneficiary_2018.csv",
	                                    SY_ "beneficiary_2019.csv",
	                                    SY_ "beneficiary_2020.csv",
	                                    SY_ "beneficiary_2021.csv",
	                                    SY_ "beneficiary_history.csv",
	                                    SY_ "carrier.csv",
	                                    SY_ "dme.csv",
	                                    SY_ "hha.csv",
	                                    SY_ "hospice.csv",
	                                    SY_ "inpatient.csv",
	                                    SY_ "outpatient.csv",
	                                    SY_ "pde.csv",
	                                    SY_ "snf.csv",
	                                    NULL};
#undef SY_
	return files;
}

/* A cmocka group setup: group A loaded once into *state (a struct tu_fhir *), or NULL when
 * the fixtures are absent (the tests then skip). tu_fhir_teardown frees it. */
static inline int tu_fhir_setup_group_a(void **state)
{
	struct tu_fhir *t = NULL;
	if (tu_fixtures()) {
		t = malloc(sizeof *t);
		assert_non_null(t);
		*t = tu_fhir_open(tu_group_a());
	}
	*state = t;
	return 0;
}

static inline int tu_fhir_teardown(void **state)
{
	if (*state) {
		tu_fhir_close(*state);
		free(*state);
	}
	return 0;
}

/* GETs target ("/v2/fhir/…?query") with the header name: value (no header when value is
 * NULL) and requires 200; returns the body (malloc'd). */
static inline char *tu_fhir_read(struct tu_fhir *t, const char *target, const char *name,
                                 const char *value)
{
	const struct tu_header headers[] = {{name, value}, {NULL, NULL}};
	int status;
	char *body = tu_fhir_get(t, target, value ? headers : NULL, &status);
	if (status != 200)
		fail_msg("%s: %d %s", target, status, body);
	return body;
}

/* tu_fhir_read without the code tables (as if $BB_REFDATA were not set). */
static inline char *tu_fhir_read_without_refdata(struct tu_fhir *t, const char *target)
{
	struct tu_fhir bare = *t;
	bare.rd = NULL;
	return tu_fhir_read(&bare, target, NULL, NULL);
}

/* The top-level keys of a carrier or DME EOB, in order, as Python prints list(d). */
#define TU_PROFESSIONAL_KEYS                                                                       \
	"['resourceType', 'id', 'meta', 'contained', 'extension', 'identifier', 'status', "        \
	"'type', 'use', 'patient', 'billablePeriod', 'created', 'insurer', 'provider', "           \
	"'referral', 'outcome', 'disposition', 'careTeam', 'supportingInfo', 'diagnosis', "        \
	"'insurance', 'item', 'total', 'payment', 'benefitBalance']"

/* body matches the reference response (relative to the fixtures) exactly when the code
 * tables are loaded (the reference has their displays); else says the comparison is
 * skipped. */
static inline void tu_fhir_same_as(const struct tu_fhir *t, const char *reference, const char *body)
{
	if (t->rd)
		TU_ASSERT_SAME_FHIR(tu_fixture(reference), body);
	else
		print_message("no code tables ($BB_REFDATA): exact comparison skipped\n");
}

/* A professional claim read four ways (malloc'd; tu_tax_reads_free): without the
 * IncludeTaxNumbers header, with the header saying no, with it saying yes, and with the
 * query (…&_IncludeTaxNumbers=true). The first two must name no tax_num variable and hold
 * no tax number (number). */
struct tu_tax_reads {
	char *plain, *no, *tax, *param;
};

static inline struct tu_tax_reads tu_tax_reads(struct tu_fhir *t, const char *target,
                                               const char *no, const char *yes, const char *query,
                                               const char *number)
{
	char *with_query = xasprintf("%s?%s", target, query);
	struct tu_tax_reads r = {tu_fhir_read(t, target, NULL, NULL),
	                         tu_fhir_read(t, target, "IncludeTaxNumbers", no),
	                         tu_fhir_read(t, target, "IncludeTaxNumbers", yes),
	                         tu_fhir_read(t, with_query, NULL, NULL)};
	free(with_query);
	assert_null(strstr(r.plain, "tax_num"));
	assert_null(strstr(r.no, "tax_num"));
	assert_null(strstr(r.plain, number));
	assert_null(strstr(r.no, number));
	return r;
}

static inline void tu_tax_reads_free(struct tu_tax_reads *r)
{
	free(r->plain);
	free(r->no);
	free(r->tax);
	free(r->param);
}

/* The EOB id ("carrier-…") rendered from a fresh database holding files (malloc'd). */
static inline char *tu_eob_render(const char *const *files, const char *id)
{
	struct tu_fhir t = tu_fhir_open(files);
	char *target = xasprintf("/v2/fhir/ExplanationOfBenefit/%s", id);
	char *body = tu_fhir_read(&t, target, NULL, NULL);
	free(target);
	tu_fhir_close(&t);
	return body;
}

/* A fact about a rendered document: a Python expression over it (`d`) and what it should
 * give. */
struct tu_check {
	const char *expr, *want;
};

/* Evaluates the expressions over the document d in one Python run. With as_json, want is
 * JSON and the value must equal it as parsed (key order aside; 1 and 1.0 differ); else want
 * is what Python prints for the value (str). Helpers for the expressions: k(a, var), the
 * element of list a whose category (or type) codes name var; si(k), the supportingInfo
 * whose category is the variable or C4BB code k; adj(k), the amount of the first item's
 * adjudication of variable k. Fails with every mismatch. */
static inline void tu_checks(const char *json, const struct tu_check *c, size_t n, bool as_json)
{
	static const char script[] =
	    "import json,sys\n"
	    "d=json.load(open(sys.argv[1]))\n"
	    "def k(a,v):\n"
	    "  for e in a:\n"
	    "    c=(e.get('category') or e.get('type'))['coding']\n"
	    "    if any(x['code']==v or x['code'].endswith('/'+v) for x in c): return e\n"
	    "def si(k):\n"
	    "  for s in d.get('supportingInfo',[]):\n"
	    "    c=s['category']['coding']\n"
	    "    if c[0]['code']==k or c[-1]['code'].endswith('/'+k): return s\n"
	    "def adj(k):\n"
	    "  for a in d['item'][0]['adjudication']:\n"
	    "    if a['category']['coding'][1]['code'].endswith('/'+k): return "
	    "a['amount']['value']\n"
	    "as_json=sys.argv[2]=='json'\n"
	    "bad=0\n"
	    "for i in range(3,len(sys.argv),2):\n"
	    "  e,x=sys.argv[i],sys.argv[i+1]\n"
	    "  try:\n"
	    "    v=eval(e)\n"
	    "    v=json.dumps(v,sort_keys=True) if as_json else str(v)\n"
	    "  except Exception as ex: v='<%r>'%ex\n"
	    "  if v!=(json.dumps(json.loads(x),sort_keys=True) if as_json else x):\n"
	    "    print('%s\\n  got:  %s\\n  want: %s'%(e,v,x)); bad+=1\n"
	    "sys.exit(1 if bad else 0)\n";
	char *dir = tu_tmpdir(), *path = tu_write(dir, "doc.json", json);
	char **argv = malloc((2 * n + 7) * sizeof *argv);
	size_t a = 0;
	argv[a++] = "/usr/bin/env";
	argv[a++] = "python3";
	argv[a++] = "-c";
	argv[a++] = (char *)script;
	argv[a++] = path;
	argv[a++] = as_json ? "json" : "str";
	for (size_t i = 0; i < n; i++) {
		argv[a++] = (char *)c[i].expr;
		argv[a++] = (char *)c[i].want;
	}
	argv[a] = NULL;
	struct tu_run r = tu_run_argv(argv);
	if (r.status != 0)
		fail_msg("%s%s", r.out, r.err);
	tu_run_free(&r);
	free(argv);
	free(path);
	tu_rmdir(dir);
}

/* CHECKS(json, {expr, printed}, …): each expression's value prints as given. */
#define CHECKS(json, ...)                                                                          \
	do {                                                                                       \
		const struct tu_check c_[] = {__VA_ARGS__};                                        \
		tu_checks(json, c_, sizeof c_ / sizeof *c_, false);                                \
	} while (0)

/* Checks pairs (expression, expected JSON, …; NULL-terminated) over the JSON text json. */
static inline void tu_check_json(const char *json, const char *const *pairs)
{
	size_t n = 0;
	while (pairs[2 * n])
		n++;
	struct tu_check *c = malloc((n + 1) * sizeof *c);
	for (size_t i = 0; i < n; i++) {
		c[i] = (struct tu_check){pairs[2 * i], pairs[2 * i + 1]};
		assert_non_null(c[i].want);
	}
	tu_checks(json, c, n, true);
	free(c);
}

/* A per-type value table: the EOB id rendered from files, checked against pairs
 * (expression, expected JSON, …; NULL-terminated). */
static inline void tu_eob_values(const char *const *files, const char *id, const char *const *pairs)
{
	char *body = tu_eob_render(files, id);
	tu_check_json(body, pairs);
	free(body);
}

/* The EOB id rendered from files matches the reference response (relative to the
 * fixtures) exactly. */
static inline void tu_eob_reference(const char *const *files, const char *id, const char *reference)
{
	char *body = tu_eob_render(files, id);
	TU_ASSERT_SAME_FHIR(tu_fixture(reference), body);
	free(body);
}

/* Renders one writer call into a string (malloc'd). */
#define RENDER(call)                                                                               \
	({                                                                                         \
		struct buf b_ = BUF_INIT;                                                          \
		struct fhir f_;                                                                    \
		fhir_init(&f_, &b_, NULL);                                                         \
		struct fhir *f = &f_;                                                              \
		call;                                                                              \
		char *s_ = strndup(b_.data ? b_.data : "", b_.len);                                \
		buf_free(&b_);                                                                     \
		s_;                                                                                \
	})

static inline void assert_render(char *got, const char *want)
{
	assert_string_equal(got, want);
	free(got);
}

#endif
