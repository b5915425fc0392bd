/* counts: how many claims of each type a synthetic beneficiary has. From CMS's 2025 synthetic
 * release's per-beneficiary totals (characteristics.csv: a whole row is drawn, so that the
 * types keep their correlation: a beneficiary with many outpatient claims tends to have many
 * drug events), else from a built-in model with the same mean and share of zeros per type
 * (figures measured on that file). */
#ifndef BB_SYNTH_COUNTS_H
#define BB_SYNTH_COUNTS_H

#include "synth/rng.h"

enum synth_claim_type {
	SYNTH_CARRIER,
	SYNTH_DME,
	SYNTH_HHA,
	SYNTH_HOSPICE,
	SYNTH_INPATIENT,
	SYNTH_OUTPATIENT,
	SYNTH_SNF,
	SYNTH_PDE,
	SYNTH_CLAIM_TYPES
};

struct synth_counts;

/* Reads characteristics.csv (by its header's column names); errors name the file, line and
 * column. */
int synth_counts_load(const char *path, struct synth_counts **out, char **cause);
/* The built-in model. */
struct synth_counts *synth_counts_builtin(void);
void synth_counts_free(struct synth_counts *c);
/* Draws one beneficiary's counts. */
void synth_counts_draw(const struct synth_counts *c, struct rng *r, int out[SYNTH_CLAIM_TYPES]);
/* Whether the counts come from a file (else the built-in model). */
int synth_counts_rows(const struct synth_counts *c);
/* The CMS release's mean per type (the built-in model's figures) and its 50th, 90th and
 * 99th percentiles of claims per beneficiary. */
extern const double synth_release_mean[SYNTH_CLAIM_TYPES];
extern const int synth_release_pct[SYNTH_CLAIM_TYPES][3];
extern const char *const synth_claim_type_name[SYNTH_CLAIM_TYPES];

#endif
