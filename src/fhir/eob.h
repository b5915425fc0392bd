/* eob: ExplanationOfBenefit resources, one transform per claim type (eob_<type>.c). */
#ifndef BB_FHIR_EOB_H
#define BB_FHIR_EOB_H

#include <stdbool.h>

#include "fhir/fhir.h"

/* Writes the EOB of meta (its type, id and load time: the record is not needed) from
 * f->cache and returns true when it is kept there; false (nothing written) otherwise. */
bool fhir_eob_cached(struct fhir *f, const struct store_claim *meta);
/* Renders the stored claim as an ExplanationOfBenefit (from f->cache when kept there).
 * Returns 0, or -1 with *cause when the record cannot be read or its type has no transform. */
int fhir_eob(struct fhir *f, const struct store_claim *meta, char **cause);

/* The transforms, given the decoded record and its stored columns. Each writes one resource
 * object. */
typedef void fhir_eob_fn(struct fhir *f, const struct fhir_record *r,
                         const struct store_claim *meta);
fhir_eob_fn fhir_eob_carrier, fhir_eob_dme, fhir_eob_hha, fhir_eob_hospice, fhir_eob_inpatient,
    fhir_eob_outpatient, fhir_eob_snf, fhir_eob_pde;

#endif

/* Pieces every claim type writes, in BFD's words. Each writes "key": value pairs into the
 * resource object being written. */

/* "resourceType", "id" (<type>-<claim id>), "meta" with the profile (FHIR_PROFILE …). */
void fhir_eob_begin(struct fhir *f, const struct store_claim *meta, const char *profile);
/* "identifier": the claim id under `id_var` (clm_id, pde_id) and the claim group; extra, when
 * not NULL, is called to add identifiers after those two. */
void fhir_eob_identifiers(struct fhir *f, const char *id_var, const struct rif_column *idc,
                          const struct rif_value *id, const struct rif_column *groupc,
                          const struct rif_value *group,
                          void (*extra)(struct fhir *f, const struct fhir_record *r),
                          const struct fhir_record *r);
/* "status": active when FINAL_ACTION is F, else cancelled. */
void fhir_eob_status(struct fhir *f, const struct rif_value *final_action);
/* "type": the NCH claim type coding (when clm_type is not NULL), the eob-type code (CARRIER,
 * …) and the HL7 claim type (professional, institutional, pharmacy). */
void fhir_eob_type(struct fhir *f, const struct rif_column *c, const struct rif_value *clm_type,
                   const char *eob_type, const char *hl7_code, const char *hl7_display);
/* "use" (claim) and "patient" (Patient/<bene>). */
void fhir_eob_use_patient(struct fhir *f, int64_t bene);
/* "created" (the request's time) and "insurer" (CMS). */
void fhir_eob_created_insurer(struct fhir *f);
/* "outcome" (complete). */
void fhir_eob_outcome(struct fhir *f);
/* "billablePeriod" from two dates (either may be null). */
void fhir_eob_billable_period(struct fhir *f, const struct rif_value *from,
                              const struct rif_value *thru);
/* The same with a coding extension of var first (the institutional CLAIM_QUERY_CD), when
 * ext is not null. */
void fhir_eob_billable_period_ext(struct fhir *f, const struct rif_value *from,
                                  const struct rif_value *thru, const char *var,
                                  const struct rif_column *c, const struct rif_value *ext);
/* "insurance": [{"focal": true, "coverage": {"reference": "Coverage/part-<part>-<bene>"}}] */
void fhir_eob_insurance(struct fhir *f, char part, int64_t bene);
