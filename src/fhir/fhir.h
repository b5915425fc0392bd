/* fhir: what every FHIR transform shares: the output (a JSON writer), the code tables, the
 * request's switches, decoded records, and writers for the shapes BFD repeats (codings,
 * CCW-variable extensions, dates, money). */
#ifndef BB_FHIR_H
#define BB_FHIR_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/json.h"
#include "fhir/enrich.h"
#include "fhir/cache.h"
#include "fhir/memo.h"
#include "fhir/refdata.h"
#include "rif/layout.h"
#include "rif/value.h"
#include "store/store.h"

#define FHIR_VAR     "https://bluebutton.cms.gov/resources/variables/"
#define FHIR_PROFILE "http://hl7.org/fhir/us/carin-bb/StructureDefinition/"

struct fhir {
	struct json j;
	const struct refdata *rd;    /* NULL: no display texts */
	const struct enrich *enrich; /* NULL: no NPI and drug names */
	bool tax_numbers;            /* IncludeTaxNumbers */
	bool address_fields;         /* IncludeAddressFields */
	bool identifiers_hicn;       /* IncludeIdentifiers asks for HICNs */
	int64_t now_ms;              /* the request's time (EOB.created) */
	struct fhir_memo *memo;      /* NULL: every fragment rendered afresh */
	struct fhir_cache *cache;    /* NULL: every EOB rendered afresh */
	size_t created_at;           /* where the EOB's `created` text starts in the output */
	int64_t generation;          /* the data's generation (store_generation); -1: unknown */
};

void fhir_init(struct fhir *f, struct buf *out, const struct refdata *rd);
/* Renders with memo m (NULL, or made for other code tables: without one). One thread's. */
void fhir_use_memo(struct fhir *f, struct fhir_memo *m);
/* Keeps and reuses rendered resources in c (NULL, or made for other tables: without one);
 * set f->rd and f->enrich first. */
void fhir_use_cache(struct fhir *f, struct fhir_cache *c);
/* Kinds of resources kept in the cache besides the claim types (enum rif_type). */
enum {
	FHIR_KIND_PATIENT = 100,
	FHIR_KIND_COVERAGE = 101,  /* + 0..3 for parts A..D */
	FHIR_KIND_CLAIM_LIST = 110 /* a beneficiary's claims in search order (not JSON) */
};
/* Writes, as the next value, the resource kept under (kind, id, version) with this request's
 * `created`, and returns true; else returns false with *start set for fhir_keep (the value's
 * separator written), and the caller renders it. version: what changes when the resource
 * does (an EOB's load time, the data generation for a beneficiary's resources). */
bool fhir_cached(struct fhir *f, int kind, int64_t id, int64_t version, size_t *start);
/* After rendering from start: keeps the resource under (kind, id, version). */
void fhir_keep(struct fhir *f, int kind, int64_t id, int64_t version, size_t start);

/* A decoded record: its claim-level values and, for claims, every line's values. */
struct fhir_record {
	const struct rif_layout *l;
	struct rif_value *v; /* l->ncols values; line columns unused */
	int nlines;
	struct rif_value *lines; /* nlines * (ncols - first_line_col) values */
};

int fhir_record_decode(struct fhir_record *r, const struct rif_layout *l, const void *data,
                       size_t len);
void fhir_record_free(struct fhir_record *r);
/* Value of line-level column col (a layout index) on line i. */
const struct rif_value *fhir_line(const struct fhir_record *r, int i, int col);

/* A value as text, as BFD shows codes and identifiers (numbers in full, dates yyyy-mm-dd).
 * Returns the length; out holds at least 32 bytes, or the string is pointed to by *s. */
size_t fhir_text(const struct rif_column *c, const struct rif_value *v, char *tmp, const char **s);

/* A decimal integer into out (24 bytes, NUL-terminated); returns its length. */
int fhir_int_text(int64_t v, char *out);

/* Writers of values (each writes one JSON value). */
/* prefix and a decimal id as one string ("Patient/567834", "carrier--123"). */
void fhir_prefixed_id(struct fhir *f, const char *prefix, int64_t id);
void fhir_date(struct fhir *f, int64_t days);
void fhir_instant(struct fhir *f, int64_t ms); /* 2024-01-31T12:00:00.000+00:00 */
/* The same text (no quotes) into out; returns its length (29 for years 1000 to 9999). */
size_t fhir_instant_text(int64_t ms, char out[40]);
void fhir_value(struct fhir *f, const struct rif_column *c, const struct rif_value *v);

/* {"system": system, "code": code, "display": display} (display left out when NULL). */
static inline void fhir_coding(struct fhir *f, const char *system, const char *code,
                               size_t code_len, const char *display)
{
	/* Inline: systems are literals, so they are copied without a scan (json_string). */
	json_object(&f->j);
	json_key(&f->j, "system");
	json_string(&f->j, system);
	json_key(&f->j, "code");
	json_stringn(&f->j, code, code_len);
	if (display) {
		json_key(&f->j, "display");
		json_string(&f->j, display);
	}
	json_end_object(&f->j);
}
/* The writers below marked "memoised" take only the program's constant strings (literals
 * or static tables: their addresses are the memo's keys) and are copied from f->memo after
 * their first rendering. */
/* {"coding": [{"system": system, "code": code, "display": display}]} (display left out when
 * NULL). Memoised. */
void fhir_concept(struct fhir *f, const char *system, const char *code, const char *display);
/* FHIR_VAR var as a JSON string value (a variable's URL). */
void fhir_var_url(struct fhir *f, const char *var);
/* A coding in one of BB's code systems (adjudication, benefit-balance, information) whose code
 * is the variable's URL and display the variable's label (left out when unknown). Memoised. */
void fhir_var_label_coding(struct fhir *f, const char *system, const char *var);
/* {"coding": [{system, code, display}, fhir_var_label_coding(var_system, var)]}: the category
 * of an adjudication, a total or a supporting information entry. Memoised. */
void fhir_var_category(struct fhir *f, const char *system, const char *code, const char *display,
                       const char *var_system, const char *var);
/* A care team member's "qualification": {"coding": [the NUCC taxonomy coding]}, with the
 * taxonomy code and display the NPI table gives (either may be missing). */
void fhir_taxonomy_qualification(struct fhir *f, const struct enrich_npi *npi);
/* The NUCC taxonomy coding alone (inside a coding array). */
void fhir_taxonomy_coding(struct fhir *f, const struct enrich_npi *npi);
/* Whether the n bytes at s are only blanks (HAPI writes no such value). */
bool fhir_blank(const char *s, size_t n);
/* A coding in a CCW variable's system, with the codebook's display, as BFD's createCoding
 * makes it: the code trimmed, and left out with its display when blank. */
void fhir_var_coding(struct fhir *f, const char *var, const struct rif_column *c,
                     const struct rif_value *v);
/* {"coding": [var coding]} */
void fhir_var_concept(struct fhir *f, const char *var, const struct rif_column *c,
                      const struct rif_value *v);
/* Extensions named after a CCW variable: {"url": VAR var, "value…": …}. Each writes nothing
 * when v is null; an identifier's blank value is left out (fhir_blank). */
void fhir_ext_coding(struct fhir *f, const char *var, const struct rif_column *c,
                     const struct rif_value *v);
void fhir_ext_identifier(struct fhir *f, const char *var, const struct rif_column *c,
                         const struct rif_value *v);
void fhir_ext_date(struct fhir *f, const char *var, const struct rif_value *v);
void fhir_ext_quantity(struct fhir *f, const char *var, const struct rif_column *c,
                       const struct rif_value *v);
/* {"value": amount, "currency": "USD"} */
void fhir_money(struct fhir *f, const struct rif_value *v);
/* "meta": {"lastUpdated": …, "profile": [profile]} as a key and value. */
void fhir_meta(struct fhir *f, const char *profile, int64_t last_updated_ms);

#endif
