/* fhir_http: the FHIR API over HTTP with Blue Button 2.0's rules, on top of the data layer
 * (fhir/api.h, which `bluebutton get` calls directly): bearer tokens and their scopes, every
 * search forced to the token's patient, Blue Button's parameters and error bodies
 * ({"detail": …}), SAMHSA-flagged claims never served, no tax numbers, links on the public
 * base URL, ETags on reads, per-token rate limits, and an audit record per data access. */
#ifndef BB_HTTP_FHIR_HTTP_H
#define BB_HTTP_FHIR_HTTP_H

#include <stdbool.h>

#include "fhir/cache.h"
#include "fhir/enrich.h"
#include "fhir/memo.h"
#include "fhir/refdata.h"
#include "http/ratelimit.h"
#include "http/server.h"
#include "store/store.h"

struct fhir_http {
	const struct refdata *rd;    /* may be NULL */
	const struct enrich *enrich; /* may be NULL */
	const char *base_url;        /* the public base ("https://api.example.org"), or NULL */
	bool trust_proxy;            /* take the base from X-Forwarded-Proto/-Host */
	const char *hash_pepper;     /* identifier look-ups, as fhir_api */
	int hash_iterations;
	struct ratelimit *rate;   /* NULL: no rate limit */
	struct fhir_cache *cache; /* rendered EOBs kept for reuse; NULL: none */
	struct usage *usage;      /* apps' requests and grants' last use counted; NULL: not */
};

/* Whether path is the FHIR API's (under /v2/fhir). */
bool fhir_http_path(const char *path);
/* The FHIR API's answers' type (its errors' too). */
#define FHIR_HTTP_CONTENT_TYPE "application/fhir+json;charset=UTF-8"
/* Answers a request under /v2/fhir with the calling thread's store and memo. */
void fhir_http_handle(const struct fhir_http *h, struct store *s, struct fhir_memo *memo,
                      const struct http_request *req, struct http_response *res);

#endif
