/* samhsa: tells whether a claim carries a substance-use code (42 CFR Part 2), from the code
 * lists BFD uses (samhsa-related-codes: ICD-9/10 diagnoses and procedures, CPT/HCPCS, MS-DRG),
 * read at start-up from a directory given at run time (not part of this repository). Codes are
 * compared without dots; "MS-DRG 895" matches the DRG code 895. */
#ifndef BB_RIF_SAMHSA_H
#define BB_RIF_SAMHSA_H

#include <stdbool.h>

#include "rif/layout.h"
#include "rif/value.h"

struct samhsa;

/* Loads the lists from dir; a missing file is an error naming it. */
int samhsa_load(const char *dir, struct samhsa **out, char **cause);
void samhsa_free(struct samhsa *s);
/* Whether values (one row of layout l: claim columns, and the line columns of one line)
 * carry a listed code: diagnosis columns against the diagnosis lists, procedure columns
 * against the procedure lists, HCPCS_CD against CPT/HCPCS, CLM_DRG_CD against the DRGs. */
bool samhsa_match(const struct samhsa *s, const struct rif_layout *l,
                  const struct rif_value *values);
/* Number of codes loaded. */
int samhsa_size(const struct samhsa *s);

#endif
