/* resources: the Patient and Coverage transforms. */
#ifndef BB_FHIR_RESOURCES_H
#define BB_FHIR_RESOURCES_H

#include "fhir/fhir.h"

/* Renders beneficiary bene as a Patient. Returns 1, 0 when there is no such beneficiary, or
 * -1 with *cause. */
int fhir_patient(struct fhir *f, struct store *s, int64_t bene, char **cause);
/* Renders the Coverage of part ('a' … 'd') of beneficiary bene; as fhir_patient. */
int fhir_coverage(struct fhir *f, struct store *s, int64_t bene, char part, char **cause);

#endif
