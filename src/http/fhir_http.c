#include "http/fhir_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth/token.h"
#include "core/clock.h"
#include "core/fatal.h"
#include "core/json.h"
#include "fhir/api.h"
#include "fhir/query.h"
#include "http/bearer.h"
#include "http/usage.h"
#include "version.h"

#define PREFIX    "/v2/fhir"
#define MAX_COUNT 50

static const char fhir_json[] = FHIR_HTTP_CONTENT_TYPE;

/* Blue Button's words for each refusal (Django REST framework's, mostly). */
#define NO_PERMISSION "You do not have permission to perform this action."
#define NOT_FOUND     "Not found."
#define TOKEN_IN_QUERY                                                                             \
	"Using the access token in the query parameters is not supported. Use the Authorization "  \
	"header instead"

bool fhir_http_path(const char *path)
{
	return strncmp(path, PREFIX, sizeof PREFIX - 1) == 0 &&
	       (path[sizeof PREFIX - 1] == '\0' || path[sizeof PREFIX - 1] == '/');
}

/* What one request is about, for the answer and the audit record. */
struct call {
	const struct fhir_http *h;
	const struct http_request *req;
	struct http_response *res;
	char type[24];  /* Patient, Coverage, ExplanationOfBenefit, or "" (metadata) */
	char id[128];   /* a read's id, or "" for a search */
	char path[192]; /* /v2/fhir/Type[/id], without a final '/' */
	char token_hash[65];
	struct store_token token; /* valid when token_hash[0] */
	struct buf token_text;
	struct buf base; /* the public base URL */
};

static void public_base(struct call *c)
{
	http_public_base(c->req, c->h->base_url, c->h->trust_proxy, &c->base, c->res);
}

/* The CapabilityStatement of GET metadata. */
static void capability(struct call *c)
{
	struct json j;
	struct buf *b = &c->res->body;
	const char *base = buf_cstr(&c->base);
	static const struct {
		const char *type, *profile;
		const char *params[8][2];
	} resources[] = {
	    {"Patient",
	     "http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-Patient",
	     {{"_id", "token"},
	      {"identifier", "token"},
	      {"_lastUpdated", "date"},
	      {"_count", "number"},
	      {"startIndex", "number"}}},
	    {"Coverage",
	     "http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-Coverage",
	     {{"beneficiary", "reference"},
	      {"_lastUpdated", "date"},
	      {"_count", "number"},
	      {"startIndex", "number"}}},
	    {"ExplanationOfBenefit",
	     "http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-ExplanationOfBenefit",
	     {{"patient", "reference"},
	      {"type", "token"},
	      {"service-date", "date"},
	      {"_lastUpdated", "date"},
	      {"_count", "number"},
	      {"startIndex", "number"}}},
	};
	json_init(&j, b);
	json_object(&j);
	json_key(&j, "resourceType");
	json_string(&j, "CapabilityStatement");
	json_key(&j, "status");
	json_string(&j, "active");
	json_key(&j, "date");
	json_string(&j, BB_VERSION_DATE);
	json_key(&j, "publisher");
	json_string(&j, "bluebutton");
	json_key(&j, "kind");
	json_string(&j, "instance");
	json_key(&j, "software");
	json_object(&j);
	json_key(&j, "name");
	json_string(&j, "bluebutton");
	json_key(&j, "version");
	json_string(&j, BB_VERSION);
	json_end_object(&j);
	json_key(&j, "implementation");
	json_object(&j);
	json_key(&j, "description");
	json_string(&j, "Blue Button 2.0 API: Medicare claims as FHIR R4 (CARIN Blue Button)");
	json_key(&j, "url");
	char impl[512];
	snprintf(impl, sizeof impl, "%s" PREFIX, base);
	json_string(&j, impl);
	json_end_object(&j);
	json_key(&j, "fhirVersion");
	json_string(&j, "4.0.1");
	json_key(&j, "format");
	json_array(&j);
	json_string(&j, "application/json");
	json_string(&j, "application/fhir+json");
	json_end_array(&j);
	json_key(&j, "rest");
	json_array(&j);
	json_object(&j);
	json_key(&j, "mode");
	json_string(&j, "server");
	json_key(&j, "security");
	json_object(&j);
	json_key(&j, "extension");
	json_array(&j);
	json_object(&j);
	json_key(&j, "url");
	json_string(&j, "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
	json_key(&j, "extension");
	json_array(&j);
	static const char *const uris[][2] = {
	    {"authorize", "/v2/o/authorize/"},
	    {"token", "/v2/o/token/"},
	    {"revoke", "/v2/o/revoke_token/"},
	};
	for (size_t i = 0; i < sizeof uris / sizeof *uris; i++) {
		char url[512];
		snprintf(url, sizeof url, "%s%s", base, uris[i][1]);
		json_object(&j);
		json_key(&j, "url");
		json_string(&j, uris[i][0]);
		json_key(&j, "valueUri");
		json_string(&j, url);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_end_object(&j);
	json_end_array(&j);
	json_key(&j, "cors");
	json_bool(&j, true);
	json_key(&j, "service");
	json_array(&j);
	json_object(&j);
	json_key(&j, "coding");
	json_array(&j);
	json_object(&j);
	json_key(&j, "system");
	json_string(&j, "http://terminology.hl7.org/CodeSystem/restful-security-service");
	json_key(&j, "code");
	json_string(&j, "SMART-on-FHIR");
	json_key(&j, "display");
	json_string(&j, "SMART-on-FHIR");
	json_end_object(&j);
	json_end_array(&j);
	json_key(&j, "text");
	json_string(&j, "OAuth 2.0 with the SMART App Launch profile (authorization code, PKCE)");
	json_end_object(&j);
	json_end_array(&j);
	json_end_object(&j);
	json_key(&j, "resource");
	json_array(&j);
	for (size_t i = 0; i < sizeof resources / sizeof *resources; i++) {
		json_object(&j);
		json_key(&j, "type");
		json_string(&j, resources[i].type);
		json_key(&j, "supportedProfile");
		json_array(&j);
		json_string(&j, resources[i].profile);
		json_end_array(&j);
		json_key(&j, "interaction");
		json_array(&j);
		json_object(&j);
		json_key(&j, "code");
		json_string(&j, "read");
		json_end_object(&j);
		json_object(&j);
		json_key(&j, "code");
		json_string(&j, "search-type");
		json_end_object(&j);
		json_end_array(&j);
		json_key(&j, "searchParam");
		json_array(&j);
		for (int k = 0; k < 8 && resources[i].params[k][0]; k++) {
			json_object(&j);
			json_key(&j, "name");
			json_string(&j, resources[i].params[k][0]);
			json_key(&j, "type");
			json_string(&j, resources[i].params[k][1]);
			json_end_object(&j);
		}
		json_end_array(&j);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_end_object(&j);
	json_end_array(&j);
	json_end_object(&j);
	c->res->status = 200;
}

/* Splits the path: metadata, or a type with an optional id; a final '/' is allowed. Returns
 * false when the path is none of these. */
static bool route(struct call *c)
{
	const char *rest = c->req->path + sizeof PREFIX - 1;
	if (*rest == '/')
		rest++;
	size_t n = strlen(rest);
	if (n && rest[n - 1] == '/')
		n--;
	size_t tl = strcspn(rest, "/");
	if (tl > n)
		tl = n;
	if (tl == 0 || tl >= sizeof c->type)
		return false;
	memcpy(c->type, rest, tl);
	c->type[tl] = '\0';
	if (strcmp(c->type, "metadata") == 0)
		return n == tl;
	if (strcmp(c->type, "Patient") != 0 && strcmp(c->type, "Coverage") != 0 &&
	    strcmp(c->type, "ExplanationOfBenefit") != 0)
		return false;
	if (n > tl) {
		size_t il = n - tl - 1;
		if (il == 0 || il >= sizeof c->id || memchr(rest + tl + 1, '/', il))
			return false;
		memcpy(c->id, rest + tl + 1, il);
		c->id[il] = '\0';
	}
	snprintf(c->path, sizeof c->path, PREFIX "/%s%s%s", c->type, *c->id ? "/" : "", c->id);
	return true;
}

/* The bearer token's record; false (answered) when there is none usable. */
static bool authenticate(struct call *c, struct store *s)
{
	return http_bearer(s, c->req, c->res, &c->token, &c->token_text, c->token_hash);
}

/* One request of this token against its rate limit; false (answered 429) when over it. */
static bool within_rate(struct call *c)
{
	if (c->h->rate == NULL)
		return true;
	char hex[17];
	memcpy(hex, c->token_hash, 16);
	hex[16] = '\0';
	uint64_t key = strtoull(hex, NULL, 16);
	long remaining, reset;
	bool ok = ratelimit_take(c->h->rate, key, clock_wall_ms(), &remaining, &reset);
	char v[32];
	snprintf(v, sizeof v, "%ld", ratelimit_limit(c->h->rate));
	http_set_header(c->res, "X-RateLimit-Limit", v);
	snprintf(v, sizeof v, "%ld", remaining);
	http_set_header(c->res, "X-RateLimit-Remaining", v);
	snprintf(v, sizeof v, "%ld", reset);
	http_set_header(c->res, "X-RateLimit-Reset", v);
	if (ok)
		return true;
	char text[96];
	snprintf(text, sizeof text, "Request was throttled. Expected available in %ld seconds.",
	         reset);
	http_detail(c->res, 429, text);
	http_set_header(c->res, "Retry-After", v);
	return false;
}

static bool is_int(const char *s, long lo, long hi)
{
	char *end;
	if (*s == '\0')
		return false;
	long v = strtol(s, &end, 10);
	return *end == '\0' && v >= lo && v <= hi;
}

/* Whether a date parameter's value starts with one of Blue Button's operators. */
static bool has_operator(const char *v)
{
	return strlen(v) > 2 && (strncmp(v, "lt", 2) == 0 || strncmp(v, "le", 2) == 0 ||
	                         strncmp(v, "gt", 2) == 0 || strncmp(v, "ge", 2) == 0);
}

/* The last index of name in q, or -1. */
static int last_of(const struct query *q, const char *name)
{
	int at = -1;
	for (int i = 0; i < q->n; i++)
		if (strcmp(q->name[i], name) == 0)
			at = i;
	return at;
}

static void add_param(struct buf *b, const char *name, const char *value)
{
	if (b->len)
		buf_putc(b, '&');
	query_encode(b, name);
	buf_putc(b, '=');
	query_encode(b, value);
}

/* The query the data layer gets for a search: the parameters Blue Button accepts for the
 * type, checked, in the client's order (the last of a single-valued one; `count` renamed
 * _count), then what the token forces (the patient) and the default _count. Others are
 * dropped, as Blue Button does. Returns false when the request was answered (400, 403,
 * 404). */
static bool search_query(struct call *c, const struct query *q, struct buf *out)
{
	char patient[24];
	snprintf(patient, sizeof patient, "%lld", (long long)c->token.patient);
	bool eob = strcmp(c->type, "ExplanationOfBenefit") == 0;
	bool coverage = strcmp(c->type, "Coverage") == 0;
	bool pat = strcmp(c->type, "Patient") == 0;
	int count_at = last_of(q, "_count"), alias_at = last_of(q, "count");
	if (alias_at > count_at)
		count_at = alias_at;
	bool has_subject = false, has_identifier = false;
	for (int i = 0; i < q->n; i++) {
		const char *n = q->name[i], *v = q->value[i];
		if (strcmp(n, "_count") == 0 || strcmp(n, "count") == 0) {
			if (i != count_at)
				continue;
			if (!is_int(v, 0, MAX_COUNT)) {
				http_detail(c->res, 400,
				            "the _count parameter value is not valid: it is a "
				            "whole number from 0 to 50");
				return false;
			}
			add_param(out, "_count", v);
		} else if (strcmp(n, "startIndex") == 0) {
			if (i != last_of(q, n))
				continue;
			if (!is_int(v, 0, 1000000000)) {
				http_detail(c->res, 400,
				            "the startIndex parameter value is not valid: it is "
				            "a whole number from 0");
				return false;
			}
			add_param(out, n, v);
		} else if (strcmp(n, "_lastUpdated") == 0) {
			if (!has_operator(v)) {
				http_detail(c->res, 400, "the _lastUpdated operator is not valid");
				return false;
			}
			add_param(out, n, v);
		} else if (eob && strcmp(n, "service-date") == 0) {
			if (!has_operator(v)) {
				http_detail(c->res, 400, "the service-date operator is not valid");
				return false;
			}
			add_param(out, n, v);
		} else if (eob && strcmp(n, "type") == 0) {
			if (i == last_of(q, n))
				add_param(out, n, v);
		} else if (eob && strcmp(n, "patient") == 0) {
			if (strcmp(v, patient) != 0) {
				http_detail(c->res, 403, NO_PERMISSION);
				return false;
			}
			if (!has_subject)
				add_param(out, n, v);
			has_subject = true;
		} else if (coverage && strcmp(n, "beneficiary") == 0) {
			if (strcmp(v, patient) != 0 &&
			    !(strncmp(v, "Patient/", 8) == 0 && strcmp(v + 8, patient) == 0)) {
				http_detail(c->res, 403, NO_PERMISSION);
				return false;
			}
			if (!has_subject)
				add_param(out, n, v);
			has_subject = true;
		} else if (pat && strcmp(n, "_id") == 0) {
			if (strcmp(v, patient) != 0) {
				http_detail(c->res, 404, NOT_FOUND);
				return false;
			}
			if (!has_subject)
				add_param(out, n, v);
			has_subject = true;
		} else if (pat && strcmp(n, "identifier") == 0) {
			if (i == last_of(q, n))
				add_param(out, n, v);
			has_identifier = true;
		}
	}
	if (!has_subject && !(pat && has_identifier)) {
		char forced[40];
		snprintf(forced, sizeof forced, "%s%s", coverage ? "Patient/" : "", patient);
		add_param(out, eob ? "patient" : coverage ? "beneficiary" : "_id", forced);
	}
	if (count_at < 0)
		add_param(out, "_count", "10");
	return true;
}

/* A weak ETag for a read: the path and the resource's meta.lastUpdated (what changes when
 * the data does; `created` changes on every rendering and does not count). */
static void etag(const struct call *c, const struct buf *body, char out[40])
{
	static const char key[] = "\"lastUpdated\":\"";
	const char *p = memmem(body->data, body->len < 512 ? body->len : 512, key, sizeof key - 1);
	uint64_t h = 14695981039346656037ull;
	for (const char *s = c->path; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	for (const char *s = p ? p + sizeof key - 1 : ""; *s && *s != '"'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	snprintf(out, 40, "W/\"%016llx\"", (unsigned long long)h);
}

/* Whether If-None-Match names tag (or is *). */
static bool none_match(const char *inm, const char *tag)
{
	if (inm == NULL)
		return false;
	if (strcmp(inm, "*") == 0)
		return true;
	const char *bare = tag + 2; /* without W/ */
	for (const char *p = inm; *p;) {
		p += strspn(p, " ,");
		size_t n = strcspn(p, ",");
		while (n && p[n - 1] == ' ')
			n--;
		const char *t = p;
		size_t tn = n;
		if (tn > 2 && strncmp(t, "W/", 2) == 0) {
			t += 2;
			tn -= 2;
		}
		if (tn == strlen(bare) && strncmp(t, bare, tn) == 0)
			return true;
		p += n;
	}
	return false;
}

static void audit(struct call *c, const struct fhir_response *fr, int64_t started)
{
	struct buf *b = &c->res->log;
	buf_puts(b, ",\"audit\":{\"app\":");
	if (c->token.app_id)
		json_put_string(b, c->token.app_id);
	else
		buf_puts(b, "null");
	buf_puts(b, ",\"token_sha256\":\"");
	buf_puts(b, c->token_hash);
	buf_puts(b, "\",\"patient\":\"");
	buf_put_int(b, c->token.patient);
	buf_puts(b, "\",\"resource\":\"");
	buf_puts(b, c->type);
	buf_putc(b, '"');
	if (*c->id) {
		buf_puts(b, ",\"interaction\":\"read\",\"ids\":[");
		if (c->res->status == 200 || c->res->status == 304)
			json_put_string(b, c->id);
		buf_putc(b, ']');
	} else {
		bool ok = fr && c->res->status == 200;
		buf_puts(b, ",\"interaction\":\"search\",\"count\":");
		buf_put_int(b, ok ? fr->entries : 0);
		buf_puts(b, ",\"total\":");
		buf_put_int(b, ok ? fr->total : 0);
	}
	buf_puts(b, ",\"status\":");
	buf_put_int(b, c->res->status);
	buf_puts(b, ",\"us\":");
	buf_put_int(b, clock_mono_us() - started);
	buf_putc(b, '}');
}

void fhir_http_handle(const struct fhir_http *h, struct store *s, struct fhir_memo *memo,
                      const struct http_request *req, struct http_response *res)
{
	int64_t started = clock_mono_us();
	struct call c = {.h = h, .req = req, .res = res};
	c.token_text = (struct buf)BUF_INIT;
	c.base = (struct buf)BUF_INIT;
	res->content_type = fhir_json;
	struct query q = {0};
	struct fhir_response fr = {0};
	bool audited = false;
	int begun = 0;
	const char *bad;

	if (!route(&c)) {
		http_detail(res, 404, NOT_FOUND);
		goto out;
	}
	public_base(&c);
	if (strcmp(c.type, "metadata") == 0) {
		capability(&c);
		goto out;
	}
	if (query_parse(&q, req->query, &bad) < 0) {
		char text[160];
		snprintf(text, sizeof text, "the query parameter %.100s is not valid", bad);
		http_detail(res, 400, text);
		goto out;
	}
	if (query_get(&q, "access_token")) {
		http_detail(res, 400, TOKEN_IN_QUERY);
		goto out;
	}
	if (s == NULL) {
		http_detail(res, 503, "The service is unavailable: its database cannot be opened.");
		goto out;
	}
	/* The token and the data are read in one transaction (one snapshot, one set of locks). */
	char *cause = NULL;
	begun = store_read_begin(s, &cause);
	if (begun < 0) {
		fprintf(stderr, "bluebutton serve: %s\n", cause);
		free(cause);
		http_detail(res, 503, "The service is unavailable: its database cannot be read.");
		goto out;
	}
	if (!authenticate(&c, s))
		goto out;
	audited = true;
	http_set_header(res, "Cache-Control", "no-store");
	if (!within_rate(&c))
		goto out;
	if (!auth_scope_allows(c.token.scope, c.type, *c.id ? 'r' : 's')) {
		http_detail(res, 403, NO_PERMISSION);
		goto out;
	}
	struct buf sq = BUF_INIT;
	if (!*c.id && !search_query(&c, &q, &sq)) {
		buf_free(&sq);
		goto out;
	}
	struct fhir_api api = {
	    .s = s,
	    .rd = h->rd,
	    .enrich = h->enrich,
	    .memo = memo,
	    .cache = h->cache,
	    .base_url = buf_cstr(&c.base),
	    .hash_pepper = h->hash_pepper,
	    .hash_iterations = h->hash_iterations,
	};
	struct fhir_request fq = {
	    .path = c.path,
	    .query = *c.id ? NULL : buf_cstr(&sq),
	    .restricted = true,
	    .bene = c.token.patient,
	    .exclude_samhsa = true,
	};
	fhir_api_get(&api, &fq, &fr);
	buf_free(&sq);
	if (fr.status == 200) {
		buf_free(&res->body);
		res->body = fr.body;
		fr.body = (struct buf)BUF_INIT;
		res->status = 200;
		if (*c.id) {
			char tag[40];
			etag(&c, &res->body, tag);
			http_set_header(res, "ETag", tag);
			if (none_match(http_header(req, "If-None-Match"), tag))
				res->status = 304;
		}
	} else if (fr.status == 404) {
		http_detail(res, 404, NOT_FOUND);
	} else if (fr.status < 500) {
		http_detail(res, fr.status, fr.detail);
	} else {
		fprintf(stderr, "bluebutton serve: %s: %s\n", c.path, fr.detail);
		http_detail(res, 500, "A server error occurred.");
	}
out:
	if (s)
		store_read_end(s, begun);
	if (audited) {
		audit(&c, fr.status ? &fr : NULL, started);
		usage_note(h->usage, c.token.app_id, c.token.grant_id, clock_wall_ms());
	}
	buf_free(&fr.body);
	query_free(&q);
	buf_free(&c.token_text);
	buf_free(&c.base);
}
