/* api: the FHIR data layer as BFD gives it to an operator (no tokens): reads and
 * patient-scoped searches under /v2/fhir/. `bluebutton get` calls it directly; the HTTP
 * server adds Blue Button's layer on top of it. */
#ifndef BB_FHIR_API_H
#define BB_FHIR_API_H

#include <stdint.h>

#include "core/buf.h"
#include "fhir/enrich.h"
#include "fhir/memo.h"
#include "fhir/refdata.h"
#include "store/store.h"

struct fhir_api {
	struct store *s;             /* the calling thread's connection */
	const struct refdata *rd;    /* may be NULL */
	const struct enrich *enrich; /* may be NULL: no NPI and drug names */
	struct fhir_memo *memo;      /* the calling thread's, made for rd; may be NULL */
	struct fhir_cache *cache;    /* rendered EOBs kept (any thread's); may be NULL */
	const char *base_url;        /* e.g. "http://localhost:8000": links are built on it */
	const char *hash_pepper;     /* for identifier searches by mbi-hash / hicn-hash */
	int hash_iterations;
};

/* BFD's identifier hash: PBKDF2-HMAC-SHA256(value, pepper, iterations), 32 bytes, in hex. */
#define FHIR_DEFAULT_PEPPER     "nottherealpepper"
#define FHIR_DEFAULT_ITERATIONS 2

struct fhir_request {
	const char *path;  /* "/v2/fhir/Patient/567834" */
	const char *query; /* "a=b&c=d", or NULL */
	/* Request headers (IncludeTaxNumbers, IncludeAddressFields, IncludeIdentifiers). */
	const char *(*header)(void *ctx, const char *name);
	void *header_ctx;
	/* Set by the HTTP layer for a token's requests: only beneficiary `bene`'s resources exist
	 * (any other is not found, and searches match nothing else), and, with exclude_samhsa,
	 * no claim flagged SAMHSA exists. */
	bool restricted;
	int64_t bene;
	bool exclude_samhsa;
};

struct fhir_response {
	int status;
	struct buf body;     /* the caller frees it */
	char detail[256];    /* for an error (status >= 400): what went wrong, in words */
	long total, entries; /* for a search: matches, and entries on this page */
};

struct fhir;
/* Parses a whole decimal id (optionally negative). */
int fhir_parse_id(const char *s, int64_t *out);
/* Starts a rendering into res->body with the API's tables and the request's switches. */
void fhir_api_begin(struct fhir *f, const struct fhir_api *api, const struct fhir_request *req,
                    struct fhir_response *res);
/* The request's switches BFD reads from headers (and _IncludeTaxNumbers from the query). */
void fhir_request_switches(struct fhir *f, const struct fhir_request *req);
/* Sets res to an OperationOutcome with one error issue. */
void fhir_outcome(struct fhir_response *res, int status, const char *code, const char *text);
/* Searches (the path names a type and no id). */
void fhir_search(const struct fhir_api *api, const struct fhir_request *req, const char *type,
                 struct fhir_response *res);

void fhir_api_get(const struct fhir_api *api, const struct fhir_request *req,
                  struct fhir_response *res);

#endif
