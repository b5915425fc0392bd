/* api: the FHIR data layer as BFD gives it to an operator (no tokens): reads and
 * patient-scoped searches under /v2/fhir/. `bluebutton get` calls it directly; the HTTP
 * server adds Blue Button's layer on top of it. */
#ifndef BB_FHIR_API_H
#define BB_FHIR_API_H

#include "core/buf.h"
#include "fhir/refdata.h"
#include "store/store.h"

struct fhir_api {
	struct store *s;          /* the calling thread's connection */
	const struct refdata *rd; /* may be NULL */
	const char *base_url;     /* e.g. "http://localhost:8000": links are built on it */
};

struct fhir_request {
	const char *path;  /* "/v2/fhir/Patient/567834" */
	const char *query; /* "a=b&c=d", or NULL */
	/* Request headers (IncludeTaxNumbers, IncludeAddressFields, IncludeIdentifiers). */
	const char *(*header)(void *ctx, const char *name);
	void *header_ctx;
};

struct fhir_response {
	int status;
	struct buf body; /* the caller frees it */
};

void fhir_api_get(const struct fhir_api *api, const struct fhir_request *req,
                  struct fhir_response *res);

#endif
