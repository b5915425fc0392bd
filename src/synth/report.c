#include "synth/report.h"

#include <stdlib.h>
#include <string.h>

#include "core/fatal.h"
#include "fhir/fhir.h"
#include "synth/counts.h"

/* The claim type of a RIF type, or -1. */
static int claim_type(int rif)
{
	switch (rif) {
	case RIF_CARRIER:
		return SYNTH_CARRIER;
	case RIF_DME:
		return SYNTH_DME;
	case RIF_HHA:
		return SYNTH_HHA;
	case RIF_HOSPICE:
		return SYNTH_HOSPICE;
	case RIF_INPATIENT:
		return SYNTH_INPATIENT;
	case RIF_OUTPATIENT:
		return SYNTH_OUTPATIENT;
	case RIF_SNF:
		return SYNTH_SNF;
	case RIF_PDE:
		return SYNTH_PDE;
	}
	return -1;
}

struct benes {
	int64_t *v;
	long n, cap;
};

static void add_bene(void *arg, int64_t id, const char *mbi, const char *hicn, const void *h,
                     size_t len)
{
	(void)mbi, (void)hicn, (void)h, (void)len;
	struct benes *b = arg;
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 1024;
		b->v = xrealloc(b->v, (size_t)b->cap * sizeof *b->v);
	}
	b->v[b->n++] = id;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Each beneficiary once (history rows give a beneficiary more identities). */
static void distinct(struct benes *b)
{
	if (b->n == 0)
		return;
	qsort(b->v, (size_t)b->n, sizeof *b->v, cmp_id);
	long w = 1;
	for (long i = 1; i < b->n; i++)
		if (b->v[i] != b->v[w - 1])
			b->v[w++] = b->v[i];
	b->n = w;
}

struct dx {
	char code[16];
	long n;
};

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int cmp_dx(const void *a, const void *b)
{
	const struct dx *x = a, *y = b;
	return x->n != y->n ? (y->n > x->n) - (y->n < x->n) : strcmp(x->code, y->code);
}

/* Counts a claim's principal diagnosis. */
static void count_dx(struct dx **dxs, long *ndx, long *cap, const struct store_claim *c)
{
	const struct rif_layout *l = rif_layout_get((enum rif_type)c->type);
	int col = rif_layout_column(l, "PRNCPAL_DGNS_CD");
	if (col < 0)
		return;
	struct fhir_record rec;
	if (fhir_record_decode(&rec, l, c->data, c->len) < 0)
		return;
	const struct rif_value *v = &rec.v[col];
	if (!v->null && v->len > 0 && v->len < sizeof((*dxs)->code)) {
		long i;
		for (i = 0; i < *ndx; i++)
			if (strlen((*dxs)[i].code) == v->len &&
			    memcmp((*dxs)[i].code, v->s, v->len) == 0)
				break;
		if (i == *ndx) {
			if (*ndx == *cap) {
				*cap = *cap ? *cap * 2 : 64;
				*dxs = xrealloc(*dxs, (size_t)*cap * sizeof **dxs);
			}
			memcpy((*dxs)[i].code, v->s, v->len);
			(*dxs)[i].code[v->len] = '\0';
			(*dxs)[i].n = 0;
			(*ndx)++;
		}
		(*dxs)[i].n++;
	}
	fhir_record_free(&rec);
}

int synth_report(struct store *s, FILE *out, char **cause)
{
	struct benes b = {0};
	if (store_each_identity(s, add_bene, &b, cause) < 0)
		return -1;
	distinct(&b);
	int *counts = xcalloc((size_t)(b.n ? b.n : 1) * SYNTH_CLAIM_TYPES, sizeof *counts);
	struct dx *dxs = NULL;
	long ndx = 0, cap = 0, with_dx = 0;
	int rc = 0;
	for (long i = 0; i < b.n && rc == 0; i++) {
		struct store_claims c;
		if (store_find_claims(s, b.v[i], ~0u, &c, cause) < 0) {
			rc = -1;
			break;
		}
		for (int k = 0; k < c.n; k++) {
			int t = claim_type(c.v[k].type);
			if (t >= 0)
				counts[i * SYNTH_CLAIM_TYPES + t]++;
			count_dx(&dxs, &ndx, &cap, &c.v[k]);
		}
		store_claims_free(&c);
	}
	if (rc == 0) {
		fprintf(out,
		        "%ld beneficiaries; claims per beneficiary (CMS's 2025 synthetic release, "
		        "19,897 beneficiaries, in brackets)\n",
		        b.n);
		fprintf(out, "%-11s %16s %10s %10s %12s\n", "type", "mean", "p50", "p90", "p99");
		int *col = xcalloc((size_t)(b.n ? b.n : 1), sizeof *col);
		for (int t = 0; t < SYNTH_CLAIM_TYPES; t++) {
			double sum = 0;
			for (long i = 0; i < b.n; i++)
				sum += col[i] = counts[i * SYNTH_CLAIM_TYPES + t];
			qsort(col, (size_t)b.n, sizeof *col, cmp_int);
			int p[3] = {0, 0, 0};
			if (b.n)
				for (int q = 0; q < 3; q++) {
					static const double at[3] = {0.5, 0.9, 0.99};
					p[q] = col[(long)(at[q] * (double)b.n)];
				}
			fprintf(out, "%-11s %6.2f [%6.2f] %3d [%4d] %3d [%4d] %4d [%4d]\n",
			        synth_claim_type_name[t], b.n ? sum / (double)b.n : 0,
			        synth_release_mean[t], p[0], synth_release_pct[t][0], p[1],
			        synth_release_pct[t][1], p[2], synth_release_pct[t][2]);
		}
		free(col);
		for (long i = 0; i < ndx; i++)
			with_dx += dxs[i].n;
		qsort(dxs, (size_t)ndx, sizeof *dxs, cmp_dx);
		fprintf(out, "top principal diagnoses (of %ld claims with one)\n", with_dx);
		for (long i = 0; i < ndx && i < 10; i++)
			fprintf(out, "  %-8s %7ld %5.1f %%\n", dxs[i].code, dxs[i].n,
			        100.0 * (double)dxs[i].n / (double)with_dx);
	}
	free(dxs);
	free(counts);
	free(b.v);
	return rc;
}
