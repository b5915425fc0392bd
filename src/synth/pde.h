/* pde: a synthetic beneficiary's Part D events (prescription drug fills), as rows of a RIF
 * PDE file. Each fill: a drug (NDC-shaped product id; brand or generic), 30 or 90 days'
 * supply and its quantity, a pharmacy and a prescriber (NPIs with valid check digits), the
 * beneficiary's Part D contract and plan, a service date inside the months enrolled (none
 * after death), paid two weeks later, and amounts that add up: the gross cost is the sum of
 * what the patient, the low-income subsidy and the plan paid. */
#ifndef BB_SYNTH_PDE_H
#define BB_SYNTH_PDE_H

#include <stdio.h>

#include "synth/bene.h"

/* The PDE_ID of a beneficiary's k-th event: ids never collide between beneficiaries. */
int64_t synth_pde_id(const struct synth_bene *b, int k);
/* Writes the beneficiary's b->claims[SYNTH_PDE] events (row's layout: the PDE file's). */
void synth_pde_write(const struct synth_bene *b, struct synth_row *row, FILE *out);

#endif
