/* fhirutil: a database with a sample group loaded, and FHIR rendered from it in-process
 * (include after testutil.h). */
#ifndef BB_FHIRUTIL_H
#define BB_FHIRUTIL_H

#include "core/fatal.h"
#include "fhir/api.h"
#include "fhir/enrich.h"
#include "fhir/refdata.h"
#include "rif/loader.h"
#include "store/store.h"

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
		if (rif_load_file(t.s, tu_fixture(*files), &o, &rep, &cause) != 0)
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
	struct fhir_request req = {path, query, tu_header_lookup, (void *)headers};
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
