/* Patient (C4BB-Patient) from a beneficiary, its history and MBI-history rows. */
#include "fhir/resources.h"

#include "core/fatal.h"

int fhir_patient(struct fhir *f, struct store *s, int64_t bene, char **cause)
{
	(void)f;
	(void)s;
	*cause =
	    xasprintf("Patient %lld: the Patient transform is not written yet", (long long)bene);
	return -1;
}
