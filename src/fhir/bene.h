/* bene: a stored beneficiary, decoded, for the Patient and Coverage transforms. */
#ifndef BB_FHIR_BENE_H
#define BB_FHIR_BENE_H

#include "fhir/fhir.h"

struct fhir_bene {
	struct buf rec;
	struct store_beneficiary meta;
	struct fhir_record r;
};

/* Loads and decodes beneficiary id: 1 found, 0 not, -1 with *cause. */
int fhir_bene_load(struct fhir_bene *b, struct store *s, int64_t id, char **cause);
void fhir_bene_free(struct fhir_bene *b);
/* Renders a beneficiary's resource with fn (part: the Coverage part, or 0), or copies it from
 * f->cache when kept for the data's current generation (f->generation). Returns what fn
 * does (1 found, 0 not, -1 with *cause); nothing is written unless 1. */
typedef int fhir_bene_fn(struct fhir *f, struct store *s, int64_t bene, char part, char **cause);
int fhir_bene_cached(struct fhir *f, int kind, fhir_bene_fn *fn, struct store *s, int64_t bene,
                     char part, char **cause);
/* The value of monthly field `field` (see rif_month_columns) for month 1..12 of the
 * beneficiary row's reference year. */
const struct rif_value *fhir_bene_month(const struct fhir_bene *b, int field, int month);
/* The extensions of the reference year and of one monthly field as a series
 * (<var>01 … <var>12, or <var>_01 … with sep "_"): each month's value when present. */
void fhir_bene_rfrnc_yr(struct fhir *f, const struct fhir_bene *b);
void fhir_bene_monthly(struct fhir *f, const struct fhir_bene *b, const char *var, const char *sep,
                       int field);

/* Month fields, as numbered by rif_month_columns(). */
enum {
	MONTH_FIPS,
	MONTH_MDCR_STUS,
	MONTH_BUYIN,
	MONTH_HMO,
	MONTH_PTC_CNTRCT,
	MONTH_PTC_PBP,
	MONTH_PTC_PLAN_TYPE,
	MONTH_PTD_CNTRCT,
	MONTH_PTD_PBP,
	MONTH_PTD_SGMT,
	MONTH_RDS,
	MONTH_DUAL,
	MONTH_CST_SHR,
};

#endif
