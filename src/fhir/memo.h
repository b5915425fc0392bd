/* memo: rendered fragments kept for reuse. Much of an EOB is made of the same small objects
 * again and again (an adjudication's category, a supporting-info type, a care-team role),
 * each fully determined by a few of the program's constant strings and the code tables.
 * The first rendering of such a fragment is kept, keyed by the addresses of those strings;
 * later ones are a copy. A memo belongs to one thread (the server keeps one per worker) and
 * to one set of code tables. */
#ifndef BB_FHIR_MEMO_H
#define BB_FHIR_MEMO_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

#define FHIR_MEMO_KEYS 5
/* A memo stops growing at these (fragments keyed by codes from the data are many). */
#define FHIR_MEMO_MAX_ENTRIES 65536
#define FHIR_MEMO_MAX_TEXT    (8u << 20)

struct fhir_memo_key {
	int tag; /* which writer: the keys alone might coincide between two writers */
	const void *p[FHIR_MEMO_KEYS];
};

struct fhir_memo;

struct fhir_memo *fhir_memo_new(const void *tables);
void fhir_memo_free(struct fhir_memo *m);
/* The memo's code tables (renderings with other tables must not use it). */
const void *fhir_memo_tables(const struct fhir_memo *m);
/* The fragment kept under k, or NULL (then *len is left alone). */
const char *fhir_memo_get(const struct fhir_memo *m, const struct fhir_memo_key *k, size_t *len);
/* Keeps a copy of text under k, unless k is there or the memo is full. */
void fhir_memo_put(struct fhir_memo *m, const struct fhir_memo_key *k, const char *text,
                   size_t len);
/* Fragments kept. */
size_t fhir_memo_count(const struct fhir_memo *m);

#endif
