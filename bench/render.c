/* bench/render: what serving an ExplanationOfBenefit costs, for the two designs DESIGN.md
 * weighs, measured on one core over every claim of a database:
 *  (b) render per request: read the compact record from the store and render FHIR JSON;
 *  (a) render once: the JSON rendered at load, stored zstd-compressed with a dictionary
 *      trained on our own EOBs, decompressed per request.
 * Prints claims, bytes stored per claim, and EOBs per second and µs per EOB for each; for (b),
 * the design in use, also as served by searches (10 per page, as apps page). bench/render
 * runs it on the Synthea samples and on bench/load's file.
 * Usage: build/bench/render DB [ROUNDS] (BB_REFDATA, BB_ENRICHMENT as for the server). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <zdict.h>
#include <zstd.h>

#include "core/fatal.h"
#include "fhir/api.h"
#include "fhir/eob.h"
#include "fhir/enrich.h"
#include "fhir/refdata.h"
#include "store/store.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct claims {
	struct store_claim *v;
	int n;
	struct buf data;
	size_t record_bytes;
};

static void add_bene(void *arg, int64_t bene, const char *mbi, const char *hicn,
                     const void *history, size_t len)
{
	(void)mbi, (void)hicn, (void)len;
	struct claims *c = arg;
	if (history)
		return;
	/* Remember the beneficiary in v (grown below). */
	c->v = realloc(c->v, (size_t)(c->n + 1) * sizeof *c->v);
	c->v[c->n++].bene_id = bene;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DB [ROUNDS]\n", argv[0]);
		return 2;
	}
	int rounds = argc > 2 ? atoi(argv[2]) : 3;
	struct store *s;
	struct refdata *rd = NULL;
	struct enrich *enrich = NULL;
	char *cause = NULL;
	const char *rdir = getenv("BB_REFDATA"), *edir = getenv("BB_ENRICHMENT");
	if (store_open(argv[1], &s, &cause) < 0 ||
	    (rdir && *rdir && refdata_load(rdir, &rd, &cause) < 0) ||
	    (edir && *edir && enrich_load(edir, &enrich, &cause) < 0)) {
		fprintf(stderr, "%s\n", cause);
		return 1;
	}
	/* Every claim of every beneficiary. */
	struct claims benes = {0};
	if (store_each_identity(s, add_bene, &benes, &cause) < 0) {
		fprintf(stderr, "%s\n", cause);
		return 1;
	}
	struct store_claim *all = NULL;
	int n = 0;
	size_t record_bytes = 0;
	struct buf keep = BUF_INIT;
	size_t *offs = NULL;
	for (int b = 0; b < benes.n; b++) {
		struct store_claims found;
		if (store_find_claims(s, benes.v[b].bene_id, ~0u, &found, &cause) < 0) {
			fprintf(stderr, "%s\n", cause);
			return 1;
		}
		all = realloc(all, (size_t)(n + found.n) * sizeof *all);
		offs = realloc(offs, (size_t)(n + found.n) * sizeof *offs);
		for (int i = 0; i < found.n; i++) {
			all[n] = found.v[i];
			offs[n++] = keep.len;
			buf_append(&keep, found.v[i].data, found.v[i].len);
			record_bytes += found.v[i].len;
		}
		store_claims_free(&found);
	}
	for (int i = 0; i < n; i++)
		all[i].data = keep.data + offs[i];
	if (n == 0) {
		fprintf(stderr, "no claims in %s\n", argv[1]);
		return 1;
	}
	struct stat st;
	stat(argv[1], &st);

	/* (b) render per request, from records in memory, then through the store. */
	struct buf out = BUF_INIT;
	size_t json_bytes = 0;
	struct fhir_memo *memo = fhir_memo_new(rd);
	double t0 = now();
	for (int r = 0; r < rounds; r++)
		for (int i = 0; i < n; i++) {
			struct fhir f;
			buf_reset(&out);
			fhir_init(&f, &out, rd);
			f.enrich = enrich;
			fhir_use_memo(&f, memo);
			if (fhir_eob(&f, &all[i], &cause) < 0) {
				fprintf(stderr, "%s\n", cause);
				return 1;
			}
			if (r == 0)
				json_bytes += out.len;
		}
	double render = (now() - t0) / ((double)n * rounds);
	struct fhir_api api = {
	    .s = s, .rd = rd, .enrich = enrich, .memo = memo, .base_url = "http://localhost:8000"};
	struct fhir_response res = {0};
	t0 = now();
	for (int r = 0; r < rounds; r++)
		for (int i = 0; i < n; i++) {
			char path[96];
			snprintf(path, sizeof path, "/v2/fhir/ExplanationOfBenefit/%s-%lld",
			         rif_layout_get((enum rif_type)all[i].type)->name,
			         (long long)all[i].id);
			struct fhir_request req = {.path = path};
			fhir_api_get(&api, &req, &res);
			if (res.status != 200) {
				fprintf(stderr, "%s: %d\n", path, res.status);
				return 1;
			}
		}
	double served = (now() - t0) / ((double)n * rounds);
	/* Served as apps fetch them: each beneficiary's search, page by page (10 per page). */
	int paged = 0;
	t0 = now();
	for (int r = 0; r < rounds; r++)
		for (int b = 0; b < benes.n; b++)
			for (int start = 0;; start += 10) {
				char query[96];
				snprintf(query, sizeof query,
				         "patient=%lld&_count=10&startIndex=%d",
				         (long long)benes.v[b].bene_id, start);
				struct fhir_request req = {.path = "/v2/fhir/ExplanationOfBenefit",
				                           .query = query};
				fhir_api_get(&api, &req, &res);
				if (res.status != 200) {
					fprintf(stderr, "search %s: %d\n", query, res.status);
					return 1;
				}
				int got = 0;
				static const char eob[] =
				    "\"resourceType\":\"ExplanationOfBenefit\"";
				for (const char *p = res.body.data;
				     (p = memmem(p, (size_t)(res.body.data + res.body.len - p), eob,
				                 sizeof eob - 1));
				     p++)
					got++;
				paged += got;
				const char *total =
				    memmem(res.body.data, res.body.len, "\"total\":", 8);
				if (got < 10 || total == NULL || start + 10 >= atoi(total + 8))
					break;
			}
	double page = (now() - t0) / (double)paged;

	/* (a) render once, store compressed with a dictionary trained on the first claims (as a
	 * load would: train on a sample, then compress everything with it). */
	int ntrain = n < 2000 ? n : 2000;
	struct buf samples = BUF_INIT, one = BUF_INIT;
	size_t *sizes = xcalloc((size_t)ntrain, sizeof *sizes);
	for (int i = 0; i < ntrain; i++) {
		struct fhir f;
		size_t at = samples.len;
		fhir_init(&f, &samples, rd);
		f.enrich = enrich;
		fhir_eob(&f, &all[i], &cause);
		sizes[i] = samples.len - at;
	}
	size_t dict_cap = 112640, dict_len;
	char *dict = xmalloc(dict_cap);
	dict_len = ZDICT_trainFromBuffer(dict, dict_cap, samples.data, sizes, (unsigned)ntrain);
	if (ZDICT_isError(dict_len))
		dict_len = 0; /* too few samples to train: no dictionary */
	ZSTD_CCtx *cctx = ZSTD_createCCtx();
	ZSTD_DCtx *dctx = ZSTD_createDCtx();
	int level = getenv("BB_ZSTD_LEVEL") ? atoi(getenv("BB_ZSTD_LEVEL")) : 3;
	ZSTD_CDict *cdict = dict_len ? ZSTD_createCDict(dict, dict_len, level) : NULL;
	ZSTD_DDict *ddict = dict_len ? ZSTD_createDDict(dict, dict_len) : NULL;
	struct buf packed = BUF_INIT;
	size_t *poffs = xcalloc((size_t)n + 1, sizeof *poffs);
	double compress = 0;
	for (int i = 0; i < n; i++) {
		struct fhir f;
		buf_reset(&one);
		fhir_init(&f, &one, rd);
		f.enrich = enrich;
		fhir_eob(&f, &all[i], &cause);
		size_t bound = ZSTD_compressBound(one.len);
		buf_reserve(&packed, bound);
		double tc = now();
		size_t z = cdict ? ZSTD_compress_usingCDict(cctx, packed.data + packed.len, bound,
		                                            one.data, one.len, cdict)
		                 : ZSTD_compressCCtx(cctx, packed.data + packed.len, bound,
		                                     one.data, one.len, level);
		compress += now() - tc;
		if (ZSTD_isError(z))
			fatal("compress: %s", ZSTD_getErrorName(z));
		poffs[i] = packed.len;
		packed.len += z;
	}
	poffs[n] = packed.len;
	compress /= n;
	char *plain = xmalloc(1 << 20);
	t0 = now();
	for (int r = 0; r < rounds; r++)
		for (int i = 0; i < n; i++) {
			size_t len = poffs[i + 1] - poffs[i];
			size_t got =
			    ddict ? ZSTD_decompress_usingDDict(dctx, plain, 1 << 20,
			                                       packed.data + poffs[i], len, ddict)
			          : ZSTD_decompressDCtx(dctx, plain, 1 << 20,
			                                packed.data + poffs[i], len);
			if (ZSTD_isError(got))
				fatal("decompress: %s", ZSTD_getErrorName(got));
		}
	double unpack = (now() - t0) / ((double)n * rounds);

	printf("claims: %d (database %s, %.1f MB)\n", n, argv[1], (double)st.st_size / 1048576);
	printf("JSON per EOB: %.0f bytes on average\n", (double)json_bytes / n);
	printf("(b) compact records, rendered per request (the design in use): %.0f bytes stored "
	       "per claim "
	       "(database file: %.0f per claim)\n",
	       (double)record_bytes / n, (double)st.st_size / n);
	printf("    render only: %.2f us per EOB, %.0f EOBs/s on one core\n", render * 1e6,
	       1 / render);
	printf("    read from the store and render: %.2f us per EOB, %.0f EOBs/s on one core\n",
	       served * 1e6, 1 / served);
	printf("    searched, 10 per page: %.2f us per EOB, %.0f EOBs/s on one core (%d EOBs)\n",
	       page * 1e6, 1 / page, paged);
	printf("(a) rendered once, zstd with a %zu-byte dictionary (trained on %d claims; for "
	       "comparison, not used): %.0f bytes stored per claim\n",
	       dict_len, ntrain, (double)packed.len / n);
	printf("    decompress only: %.2f us per EOB, %.0f EOBs/s on one core\n", unpack * 1e6,
	       1 / unpack);
	printf("    at load, render and compress (zstd level %d): %.2f us per claim, %.0f claims/s "
	       "on one core\n",
	       level, (render + compress) * 1e6, 1 / (render + compress));
	ZSTD_freeCCtx(cctx);
	ZSTD_freeDCtx(dctx);
	ZSTD_freeCDict(cdict);
	ZSTD_freeDDict(ddict);
	return 0;
}
