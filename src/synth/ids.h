/* ids: the identifiers synthetic data carries, made and checked by their public rules.
 *
 * MBI (Medicare Beneficiary Identifier, CMS's format): 11 characters, by position
 *   1 a digit 1-9; 2, 5, 8, 9 a letter; 3, 6 a letter or digit; 4, 7, 10, 11 a digit 0-9;
 *   letters upper case, never S, L, O, I, B or Z. Synthetic MBIs (CMS's synthetic data) have
 *   the otherwise excluded S in position 2, so that no real MBI can be one.
 * NPI (National Provider Identifier): 10 digits, the first 1 or 2, the last a Luhn check digit
 *   computed over the prefix 80840 and the first nine. */
#ifndef BB_SYNTH_IDS_H
#define BB_SYNTH_IDS_H

#include <stdbool.h>
#include <stdint.h>

#define SYNTH_MBI_LEN 11
#define SYNTH_NPI_LEN 10

/* Whether s is an MBI; with synthetic, position 2 must be S (else S is refused there). */
bool synth_mbi_valid(const char *s, bool synthetic);
/* The i-th synthetic MBI: distinct for every i below SYNTH_MBI_COUNT. */
void synth_mbi(uint64_t i, char out[SYNTH_MBI_LEN + 1]);
#define SYNTH_MBI_COUNT (9ULL * 30 * 10 * 20 * 30 * 10 * 20 * 20 * 10 * 10)

/* Whether s is an NPI (form and check digit). */
bool synth_npi_valid(const char *s);
/* The NPI whose first nine digits are base (100000000..299999999), with its check digit. */
void synth_npi(uint32_t base, char out[SYNTH_NPI_LEN + 1]);

#endif
