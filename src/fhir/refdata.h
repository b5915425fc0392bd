/* refdata: the code → display tables BFD uses (CCW codebook, ICD-10-CM, ICD-10-PCS,
 * ICD-9-CM), read at start-up from a directory of TSV files (../shared/refdata; not part of
 * this repository). Without them, FHIR is rendered without the `display` texts. Read-only
 * once loaded: safe to share between threads. */
#ifndef BB_FHIR_REFDATA_H
#define BB_FHIR_REFDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct refdata;

enum refdata_system {
	REFDATA_ICD10CM,
	REFDATA_ICD10PCS,
	REFDATA_ICD9CM,
};

/* Loads the tables in dir. A missing file is an error naming it. */
int refdata_load(const char *dir, struct refdata **out, char **cause);
void refdata_free(struct refdata *rd);
/* The codebook's display for code of a CCW variable (lower case, e.g. "ms_cd"), or NULL when
 * the code is unknown or ambiguous (BFD shows no display then), or rd is NULL. */
const char *refdata_code(const struct refdata *rd, const char *var, const char *code,
                         size_t code_len);
/* The same, with its length and whether it can be copied into a JSON string as it is. */
struct refdata_text {
	const char *s;
	size_t len;
	bool plain;
};
bool refdata_code_text(const struct refdata *rd, const char *var, size_t var_len, const char *code,
                       size_t code_len, struct refdata_text *out);
/* The label of a CCW variable (its codebook name), or NULL. */
const char *refdata_label(const struct refdata *rd, const char *var);
/* An ICD description (code without dots), or NULL. */
const char *refdata_icd(const struct refdata *rd, enum refdata_system sys, const char *code,
                        size_t code_len);
/* The description BFD shows for an ICD diagnosis code (without dots) of version ('9':
 * ICD-9-CM, anything else: ICD-10-CM). BFD looks codes up in one table of both, so the
 * version's table is read first, then the other. A description with a comma is shown in double
 * quotes, as BFD's CSV source kept it ("\"OTH BACTERIAL FOODBORNE INTOXICATIONS, NEC\""); then
 * *quoted is set to that text, which the caller frees (else NULL: free(*quoted) is always
 * safe). Returns the description or NULL. */
const char *refdata_icd_diagnosis(const struct refdata *rd, char version, const char *code,
                                  size_t code_len, char **quoted);
/* Number of entries loaded (for the start-up message). */
size_t refdata_size(const struct refdata *rd);
/* A number no other set of tables loaded by this process has (0 for NULL). */
uint64_t refdata_serial(const struct refdata *rd);

#endif
