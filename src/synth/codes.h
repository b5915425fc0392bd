/* codes: the code lists synthetic claims draw from, with frequencies that follow common
 * Medicare conditions and services (our own small tables of public codes: ICD-10-CM
 * diagnoses, without their dots as RIF writes them; HCPCS Level II and CPT codes, codes only;
 * CMS provider specialty, place of service and type of service codes). */
#ifndef BB_SYNTH_CODES_H
#define BB_SYNTH_CODES_H

#include <stdbool.h>

#include "synth/rng.h"

/* A diagnosis; samhsa: one of the substance-use codes 42 CFR Part 2 protects (a small
 * share of draws, so that the API's filtering of them is exercised). */
struct synth_dx {
	const char *code;
	bool samhsa;
};
const struct synth_dx *synth_dx_draw(struct rng *r);

/* A professional service: HCPCS/CPT code, the specialty that performs it, place of service,
 * CMS type of service, and the allowed amount in cents. */
struct synth_service {
	const char *hcpcs, *specialty, *place, *type;
	int allowed_cents;
};
const struct synth_service *synth_service_draw(struct rng *r);

#endif
