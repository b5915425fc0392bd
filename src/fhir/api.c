#include "fhir/api.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/fatal.h"
#include "fhir/eob.h"
#include "fhir/resources.h"

void fhir_outcome(struct fhir_response *res, int status, const char *code, const char *text)
{
	struct json j;
	res->status = status;
	snprintf(res->detail, sizeof res->detail, "%s", text);
	buf_reset(&res->body);
	json_init(&j, &res->body);
	json_object(&j);
	json_key(&j, "resourceType");
	json_string(&j, "OperationOutcome");
	json_key(&j, "issue");
	json_array(&j);
	json_object(&j);
	json_key(&j, "severity");
	json_string(&j, "error");
	json_key(&j, "code");
	json_string(&j, code);
	json_key(&j, "diagnostics");
	json_string(&j, text);
	json_end_object(&j);
	json_end_array(&j);
	json_end_object(&j);
}

static void not_found(struct fhir_response *res, const char *type, const char *id)
{
	char *text = xasprintf("Resource %s/%s is not known", type, id);
	fhir_outcome(res, 404, "not-found", text);
	free(text);
}

static void server_error(struct fhir_response *res, char *cause)
{
	fhir_outcome(res, 500, "exception", cause ? cause : "internal error");
	free(cause);
}

int fhir_parse_id(const char *s, int64_t *out)
{
	char *end;
	if (*s == '\0' || (*s != '-' && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*end || errno == ERANGE || (s[0] == '-' && s[1] == '\0'))
		return -1;
	*out = v;
	return 0;
}

static bool header_true(const struct fhir_request *req, const char *name)
{
	const char *v = req->header ? req->header(req->header_ctx, name) : NULL;
	return v && strcasecmp(v, "true") == 0;
}

void fhir_api_begin(struct fhir *f, const struct fhir_api *api, const struct fhir_request *req,
                    struct fhir_response *res)
{
	fhir_init(f, &res->body, api->rd);
	f->enrich = api->enrich;
	fhir_use_memo(f, api->memo);
	fhir_use_cache(f, api->cache);
	/* Beneficiaries' resources are kept for the data's generation (the caller reads in one
	 * transaction: the generation and the data agree). */
	char *cause = NULL;
	if (f->cache && store_generation(api->s, &f->generation, &cause) < 0) {
		free(cause);
		f->generation = -1;
	}
	fhir_request_switches(f, req);
}

void fhir_request_switches(struct fhir *f, const struct fhir_request *req)
{
	f->tax_numbers = header_true(req, "IncludeTaxNumbers");
	f->address_fields = header_true(req, "IncludeAddressFields");
	const char *ids = req->header ? req->header(req->header_ctx, "IncludeIdentifiers") : NULL;
	f->identifiers_hicn = ids && (strcasecmp(ids, "true") == 0 || strcasestr(ids, "hicn"));
	if (req->query)
		for (const char *p = req->query; (p = strstr(p, "_IncludeTaxNumbers=")); p++)
			if ((p == req->query || p[-1] == '&') &&
			    strncasecmp(p + 19, "true", 4) == 0 && (p[23] == '\0' || p[23] == '&'))
				f->tax_numbers = true;
}

static void read_eob(const struct fhir_api *api, const struct fhir_request *req, const char *id,
                     struct fhir_response *res)
{
	/* "<type>-<claim id>", the claim id possibly negative ("carrier--123"). */
	const char *dash = strchr(id, '-');
	int type = -1;
	int64_t claim;
	for (int t = RIF_CARRIER; dash && t < RIF_TYPE_COUNT; t++) {
		const char *name = rif_layout_get((enum rif_type)t)->name;
		if (strlen(name) == (size_t)(dash - id) &&
		    strncmp(id, name, (size_t)(dash - id)) == 0)
			type = t;
	}
	if (type < 0 || fhir_parse_id(dash + 1, &claim) < 0) {
		not_found(res, "ExplanationOfBenefit", id);
		return;
	}
	struct buf rec = BUF_INIT;
	struct store_claim meta;
	char *cause = NULL;
	int found = store_get_claim(api->s, type, claim, &rec, &meta, &cause);
	if (found > 0 && ((req->restricted && meta.bene_id != req->bene) ||
	                  (req->exclude_samhsa && meta.samhsa)))
		found = 0;
	if (found <= 0) {
		if (found < 0)
			server_error(res, cause);
		else
			not_found(res, "ExplanationOfBenefit", id);
		buf_free(&rec);
		return;
	}
	struct fhir f;
	fhir_api_begin(&f, api, req, res);
	if (fhir_eob(&f, &meta, &cause) < 0) {
		server_error(res, cause);
	} else {
		res->status = 200;
	}
	buf_free(&rec);
}

static void read_patient(const struct fhir_api *api, const struct fhir_request *req, const char *id,
                         struct fhir_response *res)
{
	int64_t bene;
	char *cause = NULL;
	if (fhir_parse_id(id, &bene) < 0 || (req->restricted && bene != req->bene)) {
		not_found(res, "Patient", id);
		return;
	}
	struct fhir f;
	fhir_api_begin(&f, api, req, res);
	int found = fhir_patient(&f, api->s, bene, &cause);
	if (found <= 0) {
		if (found < 0)
			server_error(res, cause);
		else
			not_found(res, "Patient", id);
		return;
	}
	res->status = 200;
}

static void read_coverage(const struct fhir_api *api, const struct fhir_request *req,
                          const char *id, struct fhir_response *res)
{
	/* "part-a-<bene id>" … "part-d-<bene id>" */
	int64_t bene;
	char *cause = NULL;
	if (strncmp(id, "part-", 5) != 0 || id[5] < 'a' || id[5] > 'd' || id[6] != '-' ||
	    fhir_parse_id(id + 7, &bene) < 0 || (req->restricted && bene != req->bene)) {
		not_found(res, "Coverage", id);
		return;
	}
	struct fhir f;
	fhir_api_begin(&f, api, req, res);
	int found = fhir_coverage(&f, api->s, bene, id[5], &cause);
	if (found <= 0) {
		if (found < 0)
			server_error(res, cause);
		else
			not_found(res, "Coverage", id);
		return;
	}
	res->status = 200;
}

/* BFD checks the IncludeIdentifiers header on Patient and ExplanationOfBenefit requests: a
 * comma list (brackets around it allowed, any case) of true, false, hicn and mbi. Returns 0,
 * or -1 with a 400 answer naming the value. */
static int check_include_identifiers(const struct fhir_request *req, struct fhir_response *res)
{
	const char *v = req->header ? req->header(req->header_ctx, "IncludeIdentifiers") : NULL;
	if (v == NULL)
		return 0;
	static const char *const valid[] = {"true", "false", "hicn", "mbi"};
	const char *p = v + strspn(v, " \t[");
	while (*p) {
		size_t n = strcspn(p, ",]");
		size_t t = n;
		while (t && (p[t - 1] == ' ' || p[t - 1] == '\t'))
			t--;
		bool ok = t == 0;
		for (size_t i = 0; i < sizeof valid / sizeof valid[0] && !ok; i++)
			ok = strlen(valid[i]) == t && strncasecmp(p, valid[i], t) == 0;
		if (!ok) {
			char *text =
			    xasprintf("Unsupported IncludeIdentifiers Header Value: |%.*s|, %s",
			              (int)t, p, v);
			fhir_outcome(res, 400, "invalid", text);
			free(text);
			return -1;
		}
		p += n;
		p += strspn(p, ",] \t");
	}
	return 0;
}

static void api_get(const struct fhir_api *api, const struct fhir_request *req,
                    struct fhir_response *res)
{
	static const char prefix[] = "/v2/fhir/";
	char type[32], id[128];
	buf_reset(&res->body);
	if (strncmp(req->path, prefix, sizeof prefix - 1) != 0) {
		fhir_outcome(res, 404, "not-found", "Unknown path");
		return;
	}
	const char *rest = req->path + sizeof prefix - 1;
	size_t tl = strcspn(rest, "/");
	if (tl == 0 || tl >= sizeof type) {
		fhir_outcome(res, 404, "not-found", "Unknown resource type");
		return;
	}
	memcpy(type, rest, tl);
	type[tl] = '\0';
	rest += tl;
	if (*rest == '/')
		rest++;
	size_t il = strcspn(rest, "/");
	if (il >= sizeof id || (rest[il] == '/' && rest[il + 1] != '\0')) {
		fhir_outcome(res, 404, "not-found", "Unknown path");
		return;
	}
	memcpy(id, rest, il);
	id[il] = '\0';
	if ((strcmp(type, "Patient") == 0 || strcmp(type, "ExplanationOfBenefit") == 0) &&
	    check_include_identifiers(req, res) < 0)
		return;
	if (il == 0) {
		fhir_search(api, req, type, res);
		return;
	}
	if (strcmp(type, "ExplanationOfBenefit") == 0)
		read_eob(api, req, id, res);
	else if (strcmp(type, "Patient") == 0)
		read_patient(api, req, id, res);
	else if (strcmp(type, "Coverage") == 0)
		read_coverage(api, req, id, res);
	else
		fhir_outcome(res, 404, "not-found", "Unknown resource type");
}

void fhir_api_get(const struct fhir_api *api, const struct fhir_request *req,
                  struct fhir_response *res)
{
	/* Everything one answer reads comes from one snapshot. */
	char *cause = NULL;
	int begun = store_read_begin(api->s, &cause);
	if (begun < 0) {
		server_error(res, cause);
		return;
	}
	api_get(api, req, res);
	store_read_end(api->s, begun);
}
