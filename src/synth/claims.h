/* claims: a synthetic beneficiary's Part A and Part B claims of the seven RIF claim types
 * (carrier, DME, home health, hospice, inpatient, outpatient, skilled nursing), made in
 * memory then written as rows of the type's RIF file (one row per line, the claim's columns
 * repeated).
 *
 * Each type draws from its own random stream, so that adding a type leaves the others as
 * they were. Every claim: dates inside the year's coverage (from <= thru, none after death),
 * diagnoses (common Medicare conditions; a few substance-use ones), NPIs with valid check
 * digits, providers in the beneficiary's state. Amounts: submitted >= allowed >= paid, and
 * allowed = deductible + coinsurance + paid, on the claim and on each line that carries
 * payment. Part B's deductible is applied to carrier, DME and outpatient lines together, in
 * date order, until met for the year; 20 % coinsurance on the rest. Part A: the inpatient
 * deductible for each benefit period (a stay more than 60 days after the last one starts a
 * new one), SNF coinsurance from day 21; home health and hospice have no cost sharing. */
#ifndef BB_SYNTH_CLAIMS_H
#define BB_SYNTH_CLAIMS_H

#include <stdint.h>
#include <stdio.h>

#include "synth/bene.h"
#include "synth/codes.h"

/* 2025's Part B deductible ($257), Part A inpatient deductible ($1,676), and SNF
 * coinsurance per day from the 21st ($209.50), in cents. */
#define SYNTH_PART_B_DEDUCTIBLE 25700
#define SYNTH_PART_A_DEDUCTIBLE 167600
#define SYNTH_SNF_COINSURANCE   20950

#define SYNTH_MAX_DX    6
#define SYNTH_MAX_LINES 6

struct synth_line {
	const char *rev, *hcpcs;       /* revenue center (institutional), HCPCS/CPT */
	const struct synth_service *s; /* carrier and DME lines: the service */
	char npi[SYNTH_NPI_LEN + 1];   /* performing or rendering */
	int day, units;
	int64_t rate, submitted, allowed, deductible, coinsurance, paid;
};

struct synth_claim {
	int64_t id;
	int from, thru; /* days of the reference year */
	int ndx;
	const struct synth_dx *dx[SYNTH_MAX_DX]; /* dx[0]: the principal diagnosis */
	const struct synth_drg *drg;             /* inpatient */
	char npi[2][SYNTH_NPI_LEN + 1]; /* billing or organization; referring or attending */
	char provider[8];               /* institutional: the CMS certification number */
	const char *status;             /* institutional: the discharge status */
	int visits;                     /* home health: visits in the period */
	int start;                      /* hospice: the day the election began */
	int nlines;
	struct synth_line line[SYNTH_MAX_LINES];
	int64_t submitted, allowed, deductible, coinsurance, paid;
};

/* One beneficiary's claims by type (no Part D events: see pde.h). */
struct synth_claims {
	struct synth_claim *of[SYNTH_PDE];
	int n[SYNTH_PDE], cap[SYNTH_PDE];
};

/* The CLM_ID of a beneficiary's k-th claim of a type: distinct within the type. */
int64_t synth_claim_id(enum synth_claim_type t, const struct synth_bene *b, int k);
/* Makes the beneficiary's claims (b->claims[t] of each type, fewer where a stay would not
 * fit in the year), reusing c's memory (zeroed before the first call). */
void synth_claims_make(const struct synth_bene *b, struct synth_claims *c);
void synth_claims_free(struct synth_claims *c);
/* Writes the claims of type t (row's layout: that type's file); returns the rows written. */
long synth_claims_write(const struct synth_bene *b, const struct synth_claims *c,
                        enum synth_claim_type t, struct synth_row *row, FILE *out);

#endif
