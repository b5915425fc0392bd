#include "synth/counts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fatal.h"

/* The columns of characteristics.csv, by type. */
static const char *const column[SYNTH_CLAIM_TYPES] = {
    "Carrier Claims Total",   "DME Claims Total",        "HHA Claims Total", "Hospice Claims Total",
    "Inpatient Claims Total", "Outpatient Claims Total", "SNF Claims Total", "Part D Events Total",
};

const char *const synth_claim_type_name[SYNTH_CLAIM_TYPES] = {
    "carrier", "dme", "hha", "hospice", "inpatient", "outpatient", "snf", "pde"};

/* Measured on the release's characteristics.csv (19,897 beneficiaries): mean claims per
 * beneficiary, percentiles, and the share with none, per type. */
const double synth_release_mean[SYNTH_CLAIM_TYPES] = {11.261, 4.379,  0.063, 0.151,
                                                      1.671,  36.334, 0.199, 63.832};
const int synth_release_pct[SYNTH_CLAIM_TYPES][3] = {{9, 18, 114}, {1, 10, 39},   {0, 0, 1},
                                                     {0, 1, 1},    {0, 3, 19},    {3, 69, 508},
                                                     {0, 1, 2},    {18, 149, 741}};
static const double release_zero[SYNTH_CLAIM_TYPES] = {0.155, 0.386, 0.947, 0.850,
                                                       0.507, 0.208, 0.824, 0.205};

struct synth_counts {
	int *rows; /* SYNTH_CLAIM_TYPES per row; NULL: the built-in model */
	int n;
};

struct synth_counts *synth_counts_builtin(void)
{
	return xcalloc(1, sizeof(struct synth_counts));
}

void synth_counts_free(struct synth_counts *c)
{
	if (c) {
		free(c->rows);
		free(c);
	}
}

int synth_counts_rows(const struct synth_counts *c)
{
	return c->n;
}

/* Splits a CSV line (fields may be "quoted", with "" for a quote) in place; returns the count
 * (at most max), or -1 for a quote left open. */
static int split_csv(char *line, char **f, int max)
{
	int n = 0;
	char *p = line;
	for (;;) {
		char *start = p, *w = p;
		if (*p == '"') {
			p++;
			for (;;) {
				if (*p == '\0')
					return -1;
				if (*p == '"' && p[1] == '"') {
					*w++ = '"';
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else
					*w++ = *p++;
			}
		} else
			while (*p && *p != ',')
				*w++ = *p++;
		if (n < max)
			f[n++] = start;
		char sep = *p;
		*w = '\0';
		if (sep != ',')
			return n;
		p++;
	}
}

int synth_counts_load(const char *path, struct synth_counts **out, char **cause)
{
	FILE *in = fopen(path, "r");
	if (in == NULL) {
		*cause = xasprintf("%s: cannot open: %m", path);
		return -1;
	}
	struct synth_counts *c = xcalloc(1, sizeof *c);
	char *line = NULL, *f[64];
	size_t cap = 0, alloc = 0;
	int at[SYNTH_CLAIM_TYPES], nf = 0, lineno = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, in)) > 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		int n = split_csv(line, f, 64);
		if (n < 0) {
			*cause =
			    xasprintf("%s: line %d: a quoted field is not closed", path, lineno);
			goto fail;
		}
		if (lineno == 1) {
			nf = n;
			for (int t = 0; t < SYNTH_CLAIM_TYPES; t++) {
				at[t] = -1;
				for (int k = 0; k < n; k++)
					if (strcmp(f[k] + (k == 0 && strncmp(f[k], "\xef\xbb\xbf",
					                                     3) == 0
					                       ? 3
					                       : 0),
					           column[t]) == 0)
						at[t] = k;
				if (at[t] < 0) {
					*cause = xasprintf("%s: line 1: no column \"%s\"", path,
					                   column[t]);
					goto fail;
				}
			}
			continue;
		}
		if (n != nf) {
			*cause = xasprintf("%s: line %d: %d fields where the header has %d", path,
			                   lineno, n, nf);
			goto fail;
		}
		if ((size_t)(c->n + 1) * SYNTH_CLAIM_TYPES > alloc) {
			alloc = alloc ? alloc * 2 : 1024 * SYNTH_CLAIM_TYPES;
			c->rows = xrealloc(c->rows, alloc * sizeof *c->rows);
		}
		for (int t = 0; t < SYNTH_CLAIM_TYPES; t++) {
			char *end;
			long v = strtol(f[at[t]], &end, 10);
			if (end == f[at[t]] || *end || v < 0 || v > 100000) {
				*cause =
				    xasprintf("%s: line %d, column \"%s\": \"%s\" is not a count",
				              path, lineno, column[t], f[at[t]]);
				goto fail;
			}
			c->rows[c->n * SYNTH_CLAIM_TYPES + t] = (int)v;
		}
		c->n++;
	}
	if (c->n == 0) {
		*cause = xasprintf("%s: no beneficiaries", path);
		goto fail;
	}
	free(line);
	fclose(in);
	*out = c;
	return 0;
fail:
	free(line);
	fclose(in);
	synth_counts_free(c);
	return -1;
}

void synth_counts_draw(const struct synth_counts *c, struct rng *r, int out[SYNTH_CLAIM_TYPES])
{
	if (c->n) {
		memcpy(out, c->rows + rng_below(r, (uint64_t)c->n) * SYNTH_CLAIM_TYPES,
		       SYNTH_CLAIM_TYPES * sizeof *out);
		return;
	}
	/* None with the release's share; else 1 + a geometric count, for the release's mean. */
	for (int t = 0; t < SYNTH_CLAIM_TYPES; t++) {
		if (rng_unit(r) < release_zero[t]) {
			out[t] = 0;
			continue;
		}
		double extra = synth_release_mean[t] / (1 - release_zero[t]) - 1; /* mean above 1 */
		double p = 1 / (1 + extra); /* geometric on 0, 1, …: mean (1 - p) / p = extra */
		double u = rng_unit(r);
		out[t] = 1 + (p >= 1 ? 0 : (int)floor(log(1 - u) / log(1 - p)));
	}
}
