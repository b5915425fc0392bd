/* carrier: a synthetic beneficiary's Part B professional claims (carrier claims), as rows of a
 * RIF carrier file: one row per line, the claim's columns repeated. Each claim: service dates
 * inside the months enrolled (none after death), diagnoses (common Medicare conditions; a
 * few substance-use ones), one to four lines of services with their specialty, place and
 * type of service, NPIs with valid check digits, provider state and ZIP the beneficiary's.
 * Amounts: submitted ≥ allowed ≥ paid on every line; Part B's deductible is applied in date
 * order until met for the year, and coinsurance is 20 % of the rest; the claim's totals are
 * the sums of its lines. */
#ifndef BB_SYNTH_CARRIER_H
#define BB_SYNTH_CARRIER_H

#include <stdio.h>

#include "synth/bene.h"

/* The Part B deductible of the reference years we make (2025: $257), in cents. */
#define SYNTH_PART_B_DEDUCTIBLE 25700

/* The CLM_ID of a beneficiary's k-th carrier claim: ids never collide between
 * beneficiaries. */
int64_t synth_carrier_id(const struct synth_bene *b, int k);
/* Writes the beneficiary's b->claims[SYNTH_CARRIER] claims (row's layout: the carrier
 * file's); returns the number of lines written. */
long synth_carrier_write(const struct synth_bene *b, struct synth_row *row, FILE *out);

#endif
