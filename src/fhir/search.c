/* Searches as BFD answers them: Patient by _id or hashed identifier, Coverage by beneficiary,
 * ExplanationOfBenefit by patient with type, service-date, _lastUpdated and excludeSAMHSA;
 * Bundles with every match and a self link, or pages with BFD's links when _count or
 * startIndex is given. */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "core/fatal.h"
#include "core/uuid.h"
#include "fhir/api.h"
#include "fhir/eob.h"
#include "fhir/query.h"
#include "fhir/resources.h"
#include "rif/columns.h"
#include "rif/record.h"

#define EOB_TYPE_SYSTEM "https://bluebutton.cms.gov/resources/codesystem/eob-type"
#define MAX_COUNT       1000000

/* A time range [lo, hi) in ms since 1970 (or days, for dates), from prefixed FHIR values. */
struct range {
	int64_t lo, hi;
};

static void bad_request(struct fhir_response *res, const char *fmt, const char *arg)
{
	char text[512];
	snprintf(text, sizeof text, fmt, arg);
	fhir_outcome(res, 400, "invalid", text);
}

/* Parses a FHIR date or instant (yyyy, yyyy-mm, yyyy-mm-dd, yyyy-mm-ddThh:mm[:ss[.sss]][Z|±hh:mm])
 * into the interval it stands for, in ms. */
static int parse_instant(const char *s, int64_t *lo, int64_t *hi)
{
	int y, mo = 1, d = 1, h = 0, mi = 0, sec = 0, ms = 0, n = 0;
	int64_t span;
	if (sscanf(s, "%4d%n", &y, &n) != 1 || n != 4)
		return -1;
	s += 4;
	span = 0; /* 0: year, 1: month, 2: day, 3: minute, 4: second, 5: ms */
	if (*s == '-') {
		if (sscanf(s, "-%2d%n", &mo, &n) != 1 || n != 3 || mo < 1 || mo > 12)
			return -1;
		s += 3;
		span = 1;
		if (*s == '-') {
			if (sscanf(s, "-%2d%n", &d, &n) != 1 || n != 3 || d < 1 || d > 31)
				return -1;
			s += 3;
			span = 2;
		}
	}
	int64_t tz = 0;
	if (span == 2 && *s == 'T') {
		if (sscanf(s, "T%2d:%2d%n", &h, &mi, &n) != 2 || n != 6 || h > 23 || mi > 59)
			return -1;
		s += 6;
		span = 3;
		if (*s == ':') {
			if (sscanf(s, ":%2d%n", &sec, &n) != 1 || n != 3 || sec > 60)
				return -1;
			s += 3;
			span = 4;
			if (*s == '.') {
				int digits = 0;
				for (s++; *s >= '0' && *s <= '9'; s++, digits++)
					if (digits < 3)
						ms = ms * 10 + (*s - '0');
				for (; digits < 3; digits++)
					ms *= 10;
				span = 5;
			}
		}
		if (*s == 'Z') {
			s++;
		} else if (*s == '+' || *s == '-') {
			int th, tm;
			if (sscanf(s + 1, "%2d:%2d%n", &th, &tm, &n) != 2 || n != 5)
				return -1;
			tz = (*s == '+' ? 1 : -1) * ((int64_t)th * 3600 + tm * 60) * 1000;
			s += 6;
		}
	}
	if (*s)
		return -1;
	int64_t days = rif_days_from_civil(y, mo, d);
	*lo = ((days * 86400 + h * 3600 + mi * 60 + sec) * 1000 + ms) - tz;
	switch (span) {
	case 0:
		*hi = rif_days_from_civil(y + 1, 1, 1) * 86400000;
		break;
	case 1:
		*hi = (mo == 12 ? rif_days_from_civil(y + 1, 1, 1)
		                : rif_days_from_civil(y, mo + 1, 1)) *
		      86400000;
		break;
	case 2:
		*hi = *lo + 86400000;
		break;
	case 3:
		*hi = *lo + 60000;
		break;
	case 4:
		*hi = *lo + 1000;
		break;
	default:
		*hi = *lo + 1;
	}
	return 0;
}

/* Narrows r by one prefixed value (lt, le, gt, ge, eq or none). */
static int narrow(struct range *r, const char *v, bool eq_allowed)
{
	int64_t lo, hi;
	char op[3] = "eq";
	if (strlen(v) > 2 && v[0] >= 'a' && v[0] <= 'z' && v[1] >= 'a' && v[1] <= 'z') {
		op[0] = v[0];
		op[1] = v[1];
		v += 2;
	} else if (!eq_allowed) {
		return -2;
	}
	if (parse_instant(v, &lo, &hi) < 0)
		return -1;
	if (strcmp(op, "lt") == 0) {
		if (lo < r->hi)
			r->hi = lo;
	} else if (strcmp(op, "le") == 0) {
		if (hi < r->hi)
			r->hi = hi;
	} else if (strcmp(op, "gt") == 0) {
		if (hi > r->lo)
			r->lo = hi;
	} else if (strcmp(op, "ge") == 0) {
		if (lo > r->lo)
			r->lo = lo;
	} else if (strcmp(op, "eq") == 0 && eq_allowed) {
		if (lo > r->lo)
			r->lo = lo;
		if (hi < r->hi)
			r->hi = hi;
	} else {
		return -2;
	}
	return 0;
}

/* Reads every value of a repeatable date parameter into r. */
static int range_param(const struct query *q, const char *name, struct range *r, bool eq_allowed,
                       struct fhir_response *res)
{
	r->lo = INT64_MIN;
	r->hi = INT64_MAX;
	for (int i = 0; i < q->n; i++) {
		if (strcmp(q->name[i], name) != 0)
			continue;
		/* A value may list several, comma-separated, each narrowing the range. */
		char *copy = xstrdup(q->value[i]), *save = NULL;
		for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			int rc = narrow(r, t, eq_allowed);
			if (rc < 0) {
				free(copy);
				if (rc == -2)
					bad_request(res, "the %s operator is not valid", name);
				else
					bad_request(res, "the %s value is not a valid date", name);
				return -1;
			}
		}
		free(copy);
	}
	return 0;
}

struct paging {
	bool paged;
	long count, start;
};

static int paging_params(const struct query *q, struct paging *p, struct fhir_response *res)
{
	const char *count = query_get(q, "_count"), *start = query_get(q, "startIndex");
	char *end;
	p->paged = count || start;
	p->count = 10;
	p->start = 0;
	if (count) {
		p->count = strtol(count, &end, 10);
		if (*count == '\0' || *end || p->count < 0 || p->count > MAX_COUNT) {
			bad_request(res, "the _count value '%s' is not a valid number", count);
			return -1;
		}
	}
	if (start) {
		p->start = strtol(start, &end, 10);
		if (*start == '\0' || *end || p->start < 0) {
			bad_request(res, "the startIndex value '%s' is not a valid number", start);
			return -1;
		}
	}
	return 0;
}

/* base + path + "?" + the request's parameters re-encoded; with start >= 0 the paging
 * parameters are replaced by _count and startIndex. */
static void link_url(struct buf *b, const struct fhir_api *api, const struct fhir_request *req,
                     const struct query *q, long count, long start)
{
	buf_puts(b, api->base_url);
	buf_puts(b, req->path);
	bool first = true;
	for (int i = 0; i < q->n; i++) {
		if (start >= 0 &&
		    (strcmp(q->name[i], "_count") == 0 || strcmp(q->name[i], "startIndex") == 0))
			continue;
		buf_putc(b, first ? '?' : '&');
		first = false;
		query_encode(b, q->name[i]);
		buf_putc(b, '=');
		query_encode(b, q->value[i]);
	}
	if (start >= 0)
		buf_printf(b, "%c_count=%ld&startIndex=%ld", first ? '?' : '&', count, start);
}

static void link(struct fhir *f, const char *relation, const struct fhir_api *api,
                 const struct fhir_request *req, const struct query *q, long count, long start)
{
	struct buf url = BUF_INIT;
	link_url(&url, api, req, q, count, start);
	json_object(&f->j);
	json_key(&f->j, "relation");
	json_string(&f->j, relation);
	json_key(&f->j, "url");
	json_stringn(&f->j, url.data, url.len);
	json_end_object(&f->j);
	buf_free(&url);
}

/* Writes the Bundle's opening up to "entry": [ — the caller writes the entries and calls
 * bundle_end. */
static void bundle_begin(struct fhir *f, const struct fhir_api *api, const struct fhir_request *req,
                         const struct query *q, const struct paging *p, long total,
                         int64_t last_updated)
{
	char id[37];
	uuid4(id);
	json_object(&f->j);
	json_key(&f->j, "resourceType");
	json_string(&f->j, "Bundle");
	json_key(&f->j, "id");
	json_string(&f->j, id);
	json_key(&f->j, "meta");
	json_object(&f->j);
	json_key(&f->j, "lastUpdated");
	fhir_instant(f, last_updated);
	json_end_object(&f->j);
	json_key(&f->j, "type");
	json_string(&f->j, "searchset");
	json_key(&f->j, "total");
	json_int(&f->j, total);
	json_key(&f->j, "link");
	json_array(&f->j);
	if (p->paged && p->count > 0) {
		long last = total > 0 ? (total - 1) / p->count * p->count : 0;
		link(f, "first", api, req, q, p->count, 0);
		if (p->start + p->count < total)
			link(f, "next", api, req, q, p->count, p->start + p->count);
		if (p->start > 0)
			link(f, "previous", api, req, q, p->count,
			     p->start > p->count ? p->start - p->count : 0);
		link(f, "last", api, req, q, p->count, last);
	}
	link(f, "self", api, req, q, 0, -1);
	json_end_array(&f->j);
}

/* Closes the Bundle; `entries` says whether entry_begin opened the entry array. */
static void bundle_end(struct fhir *f, bool entries)
{
	if (entries)
		json_end_array(&f->j);
	json_end_object(&f->j);
}

/* Opens an entry (the entry array first, for the first one: FHIR has no empty arrays). */
static void entry_begin(struct fhir *f, bool first)
{
	if (first) {
		json_key(&f->j, "entry");
		json_array(&f->j);
	}
	json_object(&f->j);
	json_key(&f->j, "resource");
}

/* The beneficiary's last update, or -1 when there is none. */
static int bene_updated(const struct fhir_api *api, int64_t bene, int64_t *updated,
                        struct fhir_response *res)
{
	struct buf rec = BUF_INIT;
	struct store_beneficiary meta;
	char *cause = NULL;
	int found = store_get_beneficiary(api->s, bene, &rec, &meta, &cause);
	buf_free(&rec);
	if (found < 0) {
		fhir_outcome(res, 500, "exception", cause);
		free(cause);
		return -1;
	}
	*updated = found ? meta.updated : -1;
	return found;
}

/* Writes a search answer of at most one beneficiary's resources: Patient (part 0) or its four
 * Coverages (parts 'a' … 'd'). bene < 0: no match. */
static void bene_bundle(const struct fhir_api *api, const struct fhir_request *req,
                        const struct query *q, int64_t bene, bool found, const char *parts,
                        struct fhir_response *res)
{
	struct paging p;
	struct range updated;
	int64_t last = -1;
	if (paging_params(q, &p, res) < 0 ||
	    range_param(q, "_lastUpdated", &updated, true, res) < 0)
		return;
	if (req->restricted && bene != req->bene)
		found = false;
	if (found && bene_updated(api, bene, &last, res) < 0)
		return;
	if (last >= 0 && (last < updated.lo || last >= updated.hi))
		last = -1; /* filtered out by _lastUpdated */
	long total = last >= 0 ? (long)strlen(parts) : 0;
	long from = p.paged ? p.start : 0, to = p.paged ? p.start + p.count : total;
	if (p.paged && total > 0 && p.start >= total) {
		bad_request(res, "startIndex %s is beyond the last result",
		            query_get(q, "startIndex"));
		return;
	}
	struct fhir f;
	char *cause = NULL;
	buf_reset(&res->body);
	fhir_api_begin(&f, api, req, res);
	bundle_begin(&f, api, req, q, &p, total, last >= 0 ? last : clock_wall_ms());
	for (long i = from; i < to && i < total; i++) {
		entry_begin(&f, i == from);
		int rc = parts[i] == 'p' ? fhir_patient(&f, api->s, bene, &cause)
		                         : fhir_coverage(&f, api->s, bene, parts[i], &cause);
		if (rc <= 0) {
			fhir_outcome(res, 500, "exception",
			             cause ? cause : "the beneficiary vanished");
			free(cause);
			return;
		}
		json_end_object(&f.j);
	}
	bundle_end(&f, from < to && from < total);
	res->status = 200;
	res->total = total;
	res->entries = from < total ? (to < total ? to : total) - from : 0;
}

/* Hashed identifier look-up: the distinct beneficiaries whose MBI (or HICN), current or
 * historic, hashes to the value. */
struct lookup {
	bool mbi;
	bool restricted; /* only beneficiary `only` is looked at */
	int64_t only;
	const char *want;
	const char *pepper;
	int iterations;
	int64_t found[2];
	int n;
};

static void hash_hex(const char *value, size_t len, const char *pepper, int iterations,
                     char out[65])
{
	unsigned char key[32];
	PKCS5_PBKDF2_HMAC(value, (int)len, (const unsigned char *)pepper, (int)strlen(pepper),
	                  iterations, EVP_sha256(), sizeof key, key);
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", key[i]);
}

static void lookup_one(struct lookup *l, int64_t bene, const char *value, size_t len)
{
	char hex[65];
	if (value == NULL || len == 0)
		return;
	hash_hex(value, len, l->pepper, l->iterations, hex);
	if (strcasecmp(hex, l->want) != 0)
		return;
	for (int i = 0; i < l->n && i < 2; i++) /* found keeps the first two */
		if (l->found[i] == bene)
			return;
	if (l->n < 2)
		l->found[l->n] = bene;
	l->n++;
}

static void lookup_identity(void *arg, int64_t bene, const char *mbi, const char *hicn,
                            const void *history, size_t len)
{
	struct lookup *l = arg;
	if (l->restricted && bene != l->only)
		return;
	if (history == NULL) {
		const char *v = l->mbi ? mbi : hicn;
		lookup_one(l, bene, v, v ? strlen(v) : 0);
		return;
	}
	const struct rif_layout *h = rif_layout_get(RIF_BENEFICIARY_HISTORY);
	const unsigned char *p = history;
	struct rif_value v[32];
	if (rif_record_get(&p, p + len, h->cols, h->ncols, v) < 0)
		return;
	const struct rif_value *id = &v[l->mbi ? COL_BENEFICIARY_HISTORY_MBI_NUM
	                                       : COL_BENEFICIARY_HISTORY_BENE_CRNT_HIC_NUM];
	if (!id->null)
		lookup_one(l, bene, id->s, id->len);
}

static void search_patient(const struct fhir_api *api, const struct fhir_request *req,
                           const struct query *q, struct fhir_response *res)
{
	const char *id = query_get(q, "_id"), *ident = query_get(q, "identifier");
	int64_t bene = 0;
	bool found = false;
	if (id && ident) {
		bad_request(res, "%s", "_id and identifier cannot be combined");
		return;
	}
	if (id) {
		if (fhir_parse_id(id, &bene) < 0) {
			bad_request(res, "the _id value '%s' is not a number", id);
			return;
		}
		found = true;
	} else if (ident) {
		const char *bar = strchr(ident, '|');
		static const char mbi_sys[] =
		    "https://bluebutton.cms.gov/resources/identifier/mbi-hash";
		static const char hicn_sys[] =
		    "https://bluebutton.cms.gov/resources/identifier/hicn-hash";
		static const char hicn_old[] = "http://bluebutton.cms.hhs.gov/identifier#hicnHash";
		struct lookup l = {
		    .restricted = req->restricted,
		    .only = req->bene,
		    .pepper = api->hash_pepper ? api->hash_pepper : FHIR_DEFAULT_PEPPER,
		    .iterations =
		        api->hash_iterations > 0 ? api->hash_iterations : FHIR_DEFAULT_ITERATIONS};
		size_t sl = bar ? (size_t)(bar - ident) : 0;
		if (bar && sl == sizeof mbi_sys - 1 && strncmp(ident, mbi_sys, sl) == 0)
			l.mbi = true;
		else if (!(bar &&
		           ((sl == sizeof hicn_sys - 1 && strncmp(ident, hicn_sys, sl) == 0) ||
		            (sl == sizeof hicn_old - 1 && strncmp(ident, hicn_old, sl) == 0)))) {
			bad_request(res, "Unsupported identifier system: %s", ident);
			return;
		}
		l.want = bar + 1;
		if (*l.want == '\0') {
			bad_request(res, "%s", "the identifier lookup value cannot be empty");
			return;
		}
		char *cause = NULL;
		if (store_each_identity(api->s, lookup_identity, &l, &cause) < 0) {
			fhir_outcome(res, 500, "exception", cause);
			free(cause);
			return;
		}
		if (l.n > 1) {
			fhir_outcome(res, 404, "not-found",
			             "the identifier matches more than one beneficiary");
			return;
		}
		found = l.n == 1;
		bene = l.found[0];
	} else {
		bad_request(res, "%s", "a Patient search needs _id or identifier");
		return;
	}
	bene_bundle(api, req, q, bene, found, "p", res);
}

static void search_coverage(const struct fhir_api *api, const struct fhir_request *req,
                            const struct query *q, struct fhir_response *res)
{
	const char *b = query_get(q, "beneficiary");
	int64_t bene;
	if (b == NULL) {
		bad_request(res, "%s", "a Coverage search needs the beneficiary parameter");
		return;
	}
	if (strncmp(b, "Patient/", 8) == 0)
		b += 8;
	if (fhir_parse_id(b, &bene) < 0) {
		bad_request(res, "the beneficiary value '%s' is not a patient id",
		            query_get(q, "beneficiary"));
		return;
	}
	bene_bundle(api, req, q, bene, true, "abcd", res);
}

/* EOB search order: claim id as a string, then claim type (BFD's). The keys are made once
 * per claim, not per comparison. */
struct sort_key {
	char id[24];
	const char *type;
	int at; /* index in the list */
};

static int cmp_keys(const void *a, const void *b)
{
	const struct sort_key *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : strcmp(x->type, y->type);
}

static void sort_claims(struct store_claim *v, int n)
{
	struct sort_key *k = xcalloc((size_t)n, sizeof *k);
	for (int i = 0; i < n; i++) {
		fhir_int_text(v[i].id, k[i].id);
		k[i].type = rif_layout_get((enum rif_type)v[i].type)->name;
		k[i].at = i;
	}
	qsort(k, (size_t)n, sizeof *k, cmp_keys);
	struct store_claim *sorted = xcalloc((size_t)n, sizeof *sorted);
	for (int i = 0; i < n; i++)
		sorted[i] = v[k[i].at];
	memcpy(v, sorted, (size_t)n * sizeof *v);
	free(sorted);
	free(k);
}

/* A beneficiary's claims (without records) in BFD's order. With a cache, the list is kept
 * there for the data's generation, so that paging through a search does not list and sort
 * them again for every page. */
static int sorted_claims(const struct fhir_api *api, const struct fhir *f, int64_t bene,
                         struct store_claims *out, char **cause)
{
	/* f->generation is the data's, read once for the request (fhir_api_begin); -1 without
	 * a cache. */
	int64_t generation = f->cache ? f->generation : -1;
	struct fhir_cache_key k = {FHIR_KIND_CLAIM_LIST, bene, generation, 0};
	if (generation >= 0) {
		struct buf kept = BUF_INIT;
		size_t created;
		if (fhir_cache_get(f->cache, &k, &kept, &created)) {
			memset(out, 0, sizeof *out);
			out->n = (int)(kept.len / sizeof *out->v);
			out->v = (struct store_claim *)(void *)kept.data; /* freed with the list */
			return 0;
		}
		buf_free(&kept);
	}
	if (store_list_claims(api->s, bene, ~0u, out, cause) < 0)
		return -1;
	if (out->n > 1)
		sort_claims(out->v, out->n);
	if (generation >= 0 && out->n > 0)
		fhir_cache_put(f->cache, &k, (const char *)out->v, (size_t)out->n * sizeof *out->v,
		               SIZE_MAX);
	return 0;
}

/* The type parameter: a comma list of claim type names (any case), each maybe after the
 * eob-type system and '|'; blanks around them and empty items are ignored. Returns a bit set
 * of enum rif_type (all types when no name is given), or 0 when a name is unknown. */
static unsigned parse_types(const struct query *q)
{
	unsigned types = 0;
	for (int i = 0; i < q->n; i++) {
		if (strcmp(q->name[i], "type") != 0)
			continue;
		for (const char *p = q->value[i]; *p;) {
			p += strspn(p, " \t,");
			size_t n = strcspn(p, ",");
			const char *t = p;
			p += n;
			while (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
				n--;
			if (n >= sizeof EOB_TYPE_SYSTEM &&
			    strncasecmp(t, EOB_TYPE_SYSTEM "|", sizeof EOB_TYPE_SYSTEM) == 0) {
				t += sizeof EOB_TYPE_SYSTEM;
				n -= sizeof EOB_TYPE_SYSTEM;
			}
			if (n == 0)
				continue;
			unsigned bit = 0;
			for (int k = RIF_CARRIER; k < RIF_TYPE_COUNT; k++) {
				const char *name = rif_layout_get((enum rif_type)k)->name;
				if (strlen(name) == n && strncasecmp(t, name, n) == 0)
					bit = 1u << k;
			}
			if (bit == 0)
				return 0;
			types |= bit;
		}
	}
	if (types == 0)
		for (int k = RIF_CARRIER; k < RIF_TYPE_COUNT; k++)
			types |= 1u << k;
	return types;
}

static void search_eob(const struct fhir_api *api, const struct fhir_request *req,
                       const struct query *q, struct fhir_response *res)
{
	const char *patient = query_get(q, "patient");
	int64_t bene;
	struct paging p;
	struct range updated, service;
	if (patient == NULL) {
		bad_request(res, "%s",
		            "an ExplanationOfBenefit search needs the patient parameter");
		return;
	}
	if (strncmp(patient, "Patient/", 8) == 0)
		patient += 8;
	if (fhir_parse_id(patient, &bene) < 0) {
		bad_request(res, "the patient value '%s' is not a patient id",
		            query_get(q, "patient"));
		return;
	}
	unsigned types = parse_types(q);
	if (types == 0) {
		bad_request(res, "%s", "the type parameter value is not valid");
		return;
	}
	if (paging_params(q, &p, res) < 0 ||
	    range_param(q, "_lastUpdated", &updated, true, res) < 0 ||
	    range_param(q, "service-date", &service, true, res) < 0)
		return;
	const char *samhsa = query_get(q, "excludeSAMHSA");
	bool exclude_samhsa = req->exclude_samhsa || (samhsa && strcasecmp(samhsa, "true") == 0);
	if (req->restricted && bene != req->bene)
		types = 0; /* another beneficiary's claims: none */
	struct store_claims found;
	char *cause = NULL;
	struct fhir f;
	buf_reset(&res->body);
	fhir_api_begin(&f, api, req, res);
	if (types == 0) {
		memset(&found, 0, sizeof found);
	} else if (sorted_claims(api, &f, bene, &found, &cause) < 0) {
		fhir_outcome(res, 500, "exception", cause);
		free(cause);
		return;
	}
	/* Filter: type, last update and service dates (the claim's through date, in days). The
	 * list is in BFD's order already. */
	int n = 0;
	for (int i = 0; i < found.n; i++) {
		const struct store_claim *c = &found.v[i];
		int64_t thru = (int64_t)c->date_thru * 86400000;
		if (!(types & (1u << c->type)))
			continue;
		if (c->updated < updated.lo || c->updated >= updated.hi)
			continue;
		if (thru < service.lo || thru >= service.hi)
			continue;
		if (exclude_samhsa && c->samhsa)
			continue;
		found.v[n++] = *c;
	}
	long from = p.paged ? p.start : 0, to = p.paged ? p.start + p.count : n;
	if (p.paged && n > 0 && p.start >= n) {
		bad_request(res, "startIndex %s is beyond the last result",
		            query_get(q, "startIndex"));
		store_claims_free(&found);
		return;
	}
	if (to > n)
		to = n;
	int64_t last = -1;
	for (long i = from; i < to; i++)
		if (found.v[i].updated > last)
			last = found.v[i].updated;
	bundle_begin(&f, api, req, q, &p, n, last >= 0 ? last : clock_wall_ms());
	/* Only the page's records are read. */
	struct buf rec = BUF_INIT;
	for (long i = from; i < to; i++) {
		struct store_claim c;
		entry_begin(&f, i == from);
		if (fhir_eob_cached(&f, &found.v[i])) {
			json_end_object(&f.j);
			continue;
		}
		int got = store_get_claim(api->s, found.v[i].type, found.v[i].id, &rec, &c, &cause);
		if (got <= 0 || fhir_eob(&f, &c, &cause) < 0) {
			fhir_outcome(res, 500, "exception",
			             cause ? cause : "a claim vanished during the search");
			free(cause);
			buf_free(&rec);
			store_claims_free(&found);
			return;
		}
		json_end_object(&f.j);
	}
	buf_free(&rec);
	bundle_end(&f, from < to);
	res->status = 200;
	res->total = n;
	res->entries = from < to ? to - from : 0;
	store_claims_free(&found);
}

void fhir_search(const struct fhir_api *api, const struct fhir_request *req, const char *type,
                 struct fhir_response *res)
{
	struct query q;
	const char *bad;
	if (query_parse(&q, req->query, &bad) < 0) {
		bad_request(res, "the query parameter %s is not valid", bad);
		query_free(&q);
		return;
	}
	if (strcmp(type, "Patient") == 0)
		search_patient(api, req, &q, res);
	else if (strcmp(type, "Coverage") == 0)
		search_coverage(api, req, &q, res);
	else if (strcmp(type, "ExplanationOfBenefit") == 0)
		search_eob(api, req, &q, res);
	else
		fhir_outcome(res, 404, "not-found", "Unknown resource type");
	query_free(&q);
}
