/* Coverage (C4BB-Coverage) for Parts A, B, C and D from a beneficiary and its months. */
#include "fhir/resources.h"

#include "core/fatal.h"

int fhir_coverage(struct fhir *f, struct store *s, int64_t bene, char part, char **cause)
{
	(void)f;
	(void)s;
	*cause = xasprintf("Coverage part-%c-%lld: the Coverage transform is not written yet", part,
	                   (long long)bene);
	return -1;
}
