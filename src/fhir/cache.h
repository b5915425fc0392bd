/* cache: ExplanationOfBenefits as rendered, kept in memory for the next request, shared by
 * the server's threads. Records are stored compact and rendered per request (README: the
 * rendering design); the EOBs asked for again are copied from here instead. An entry is
 * keyed by the claim (type, id), its load time (a reloaded claim is another entry) and the
 * switches that change the rendering; `created` (the time of the request) is patched in on
 * the way out. Bounded in bytes; the least recently used entries go first. */
#ifndef BB_FHIR_CACHE_H
#define BB_FHIR_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

struct fhir_cache;

struct fhir_cache_key {
	int type;
	int64_t id, updated;
	unsigned variant; /* the rendering's switches (tax numbers) */
};

/* A cache of at most max_bytes of rendered text, for renderings with the given code and
 * enrichment tables (their addresses: a rendering with others does not use it). */
struct fhir_cache *fhir_cache_new(size_t max_bytes, const void *tables, const void *enrich);
void fhir_cache_free(struct fhir_cache *c);
bool fhir_cache_for(const struct fhir_cache *c, const void *tables, const void *enrich);
/* Appends the kept text of k to out and returns true, with *created (the offset in out of
 * the `created` instant's text, or SIZE_MAX when it has none) set; false when not kept. */
bool fhir_cache_get(struct fhir_cache *c, const struct fhir_cache_key *k, struct buf *out,
                    size_t *created);
/* Keeps text under k (created: the offset in text of the instant, or SIZE_MAX). */
void fhir_cache_put(struct fhir_cache *c, const struct fhir_cache_key *k, const char *text,
                    size_t len, size_t created);

struct fhir_cache_stats {
	long hits, misses, entries;
	size_t bytes;
};
void fhir_cache_stats(struct fhir_cache *c, struct fhir_cache_stats *out);

#endif
