/* enrich: the NPI and drug-name tables BFD's server fills its placeholders from after a
 * transform (its npi_data and fda_data tables: NPPES and FDA extracts in production, the
 * newline-delimited JSON files npi_e2e_it.json and fakeDrugOrg.json in its own tests). Read
 * once at start-up from a directory; read-only afterwards, so threads share it. Without the
 * tables (a NULL struct enrich) every lookup finds nothing and names are left out, as BFD
 * leaves them out before its tables are loaded. */
#ifndef BB_FHIR_ENRICH_H
#define BB_FHIR_ENRICH_H

#include <stddef.h>

struct enrich;

/* One NPI row. Each field is NULL when the row has no such member or it is blank (HAPI
 * leaves blank strings out, so a blank name is no name). */
struct enrich_npi {
	const char *npi;
	const char *entity; /* entityTypeCode: "1" a person, "2" an organization */
	const char *org;    /* providerOrganizationName */
	const char *tax_code, *tax_display;
	const char *prefix, *first, *middle, *last, *suffix, *credential;
};

/* Reads every *.json file of dir, in name order: one JSON object a line (blank lines
 * skipped); an object with a string "npi" is an NPI row, one with a string "code" a drug row
 * (its "display" the name); members that are not strings count as absent. A later row
 * replaces an earlier one with the same key. Returns 0, or -1 with *cause naming the
 * directory, or the file and line that could not be read. */
int enrich_load(const char *dir, struct enrich **out, char **cause);
void enrich_free(struct enrich *e);
/* Rows loaded (NPI and drug), for the start-up message. */
size_t enrich_size(const struct enrich *e);

/* The row of NPI npi (len bytes), or NULL when unknown, empty or e is NULL. */
const struct enrich_npi *enrich_npi(const struct enrich *e, const char *npi, size_t len);
/* The provider's name as BFD's enrichment builds it: for a person (entity 1) prefix, first,
 * middle, last, suffix and credential, each trimmed, the non-empty ones joined by spaces; for
 * an organization (entity 2) its name. Returns it (in buf, or the row's own string), or NULL
 * when there is none, n is NULL, or it does not fit in size bytes. */
const char *enrich_npi_name(const struct enrich_npi *n, char *buf, size_t size);
/* The drug name of an NDC as BFD looks it up: the code's first nine characters as 5-4
 * ("000000000" → "00000-0000"). NULL for shorter codes, unknown ones, or e NULL. */
const char *enrich_drug(const struct enrich *e, const char *ndc, size_t len);

#endif
