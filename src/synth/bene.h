/* bene: synthetic beneficiaries. Beneficiary i of a seed is the same whatever else is made
 * (its own random stream): identity (negative BENE_ID counting down from a start, a synthetic
 * MBI, a HICN-shaped number), name, sex, race, birth (mostly 65 and over; some younger,
 * entitled by disability or ESRD), a place whose state, county and ZIP agree, and a reference
 * year of enrolment by month: Parts A and B, Medicare Advantage (Part C), Part D, dual
 * eligibility, and death for a few (coverage ends with the month of death); for about one in
 * twenty, an earlier MBI (a beneficiary history row). */
#ifndef BB_SYNTH_BENE_H
#define BB_SYNTH_BENE_H

#include <stdbool.h>
#include <stdint.h>

#include "synth/counts.h"
#include "synth/ids.h"
#include "synth/row.h"

/* A place: SSA state code (as CCW codes it), SSA county code (state + county: "999" where we
 * have no SSA county code we could check), FIPS state+county code, ZIP, city, state. */
struct synth_place {
	const char *ssa_state, *ssa_county, *fips, *zip, *city, *state;
};

struct synth_bene {
	int64_t id;
	char mbi[SYNTH_MBI_LEN + 1], hicn[16];
	const char *given, *surname;
	char middle;
	int sex;  /* 1 male, 2 female */
	int race; /* BENE_RACE_CD: 1 white, 2 black, 3 other, 4 Asian, 5 Hispanic, 6 native */
	int year; /* the reference year */
	int birth_year, birth_month, birth_day;
	int death_month, death_day; /* in the reference year; 0: alive at its end */
	int entitlement;            /* 0 age, 1 disability, 2 ESRD */
	bool esrd;
	const struct synth_place *place;
	bool part_c, part_d;
	char ptc_contract[6], ptc_pbp[4], ptd_contract[6], ptd_pbp[4];
	int dual;   /* META_DUAL_ELGBL_STUS code; 0: not dual */
	int months; /* months enrolled in the reference year (to the month of death) */
	int claims[SYNTH_CLAIM_TYPES]; /* how many of each type (Part D events only with Part D) */
	/* An earlier MBI, replaced at the end of a month of an earlier year (its beneficiary
	 * history row); "" for most. */
	char old_mbi[SYNTH_MBI_LEN + 1];
	int old_mbi_end_year, old_mbi_end_month;
	uint64_t seed, index;
};

/* Makes beneficiary `index` of `seed`: BENE_ID start_id - index (start_id < 0), with claim
 * counts drawn from counts. */
void synth_bene_make(uint64_t seed, int64_t start_id, uint64_t index, int year,
                     const struct synth_counts *counts, struct synth_bene *b);
/* Its row of the beneficiary file (the row's layout is the beneficiary file's). */
void synth_bene_row(const struct synth_bene *b, struct synth_row *row);
/* Its row of the beneficiary history file, when it has an earlier MBI (else false, and the
 * row is untouched). */
bool synth_bene_history_row(const struct synth_bene *b, struct synth_row *row);
/* The last day of the reference year the beneficiary is covered (day of the year: the 31st
 * of December, or the day of death). */
int synth_bene_last_day(const struct synth_bene *b);
/* Age in whole years on the date given. */
int synth_bene_age(const struct synth_bene *b, int year, int month, int day);

#endif
