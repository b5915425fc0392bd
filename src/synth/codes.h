/* codes: the code lists synthetic claims draw from, with frequencies that follow common
 * Medicare conditions and services (our own small tables of public codes: ICD-10-CM
 * diagnoses and ICD-10-PCS procedures, without their dots as RIF writes them; HCPCS Level II
 * and CPT codes, codes only; MS-DRGs; revenue center codes; CMS provider specialty, place of
 * service and type of service codes). */
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
/* A diagnosis of the chronic and common conditions a claim lists beside its reason. */
const struct synth_dx *synth_dx_draw(struct rng *r);

/* A professional or supplier service: HCPCS/CPT code, the specialty that performs it, place
 * of service, CMS type of service, units, the allowed amount per claim line in cents, and
 * (for DME) the diagnosis that calls for it. */
struct synth_service {
	const char *hcpcs, *specialty, *place, *type;
	int units, allowed_cents;
	struct synth_dx dx;
};
/* A physician's service (carrier claims). */
const struct synth_service *synth_service_draw(struct rng *r);
/* Equipment or supplies (DME claims: rentals, purchases, supplies). */
const struct synth_service *synth_dme_draw(struct rng *r);

/* A hospital outpatient service: revenue center, HCPCS/CPT code, allowed amount in cents. */
struct synth_op_service {
	const char *rev, *hcpcs;
	int allowed_cents;
};
const struct synth_op_service *synth_op_draw(struct rng *r);

/* An inpatient stay's MS-DRG: its code, the principal diagnosis, an ICD-10-PCS procedure
 * (NULL for medical DRGs), the usual length of stay in days and the payment in cents. */
struct synth_drg {
	const char *drg;
	struct synth_dx dx;
	const char *procedure;
	int los, payment_cents;
};
const struct synth_drg *synth_drg_draw(struct rng *r);

/* The principal diagnosis of a skilled nursing stay, a home health period, a hospice
 * election. */
const struct synth_dx *synth_snf_dx_draw(struct rng *r);
const struct synth_dx *synth_hha_dx_draw(struct rng *r);
const struct synth_dx *synth_hospice_dx_draw(struct rng *r);

#endif
