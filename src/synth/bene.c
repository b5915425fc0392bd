#include "synth/bene.h"

#include <stdio.h>
#include <string.h>

#include "synth/rng.h"

/* Places across the country. SSA state codes are CCW's; FIPS county codes and ZIPs are the
 * Census's and USPS's for the county's main city. The two Massachusetts SSA county codes are
 * those of CMS's synthetic release; for the others "999", SSA's "unknown county", since no
 * SSA county table could be checked here (FHIR shows state and ZIP, not the county). */
static const struct synth_place places[] = {
    {"05", "05999", "06037", "90012", "Los Angeles", "CA"},
    {"05", "05999", "06073", "92101", "San Diego", "CA"},
    {"14", "14999", "17031", "60601", "Chicago", "IL"},
    {"45", "45999", "48201", "77002", "Houston", "TX"},
    {"45", "45999", "48113", "75201", "Dallas", "TX"},
    {"03", "03999", "04013", "85004", "Phoenix", "AZ"},
    {"10", "10999", "12086", "33130", "Miami", "FL"},
    {"10", "10999", "12057", "33602", "Tampa", "FL"},
    {"33", "33999", "36047", "11201", "Brooklyn", "NY"},
    {"50", "50999", "53033", "98101", "Seattle", "WA"},
    {"29", "29999", "32003", "89101", "Las Vegas", "NV"},
    {"23", "23999", "26163", "48226", "Detroit", "MI"},
    {"39", "39999", "42101", "19107", "Philadelphia", "PA"},
    {"11", "11999", "13121", "30303", "Atlanta", "GA"},
    {"24", "24999", "27053", "55401", "Minneapolis", "MN"},
    {"06", "06999", "08031", "80202", "Denver", "CO"},
    {"36", "36999", "39035", "44113", "Cleveland", "OH"},
    {"34", "34999", "37119", "28202", "Charlotte", "NC"},
    {"44", "44999", "47157", "38103", "Memphis", "TN"},
    {"38", "38999", "41051", "97204", "Portland", "OR"},
    {"21", "21999", "24510", "21202", "Baltimore", "MD"},
    {"26", "26999", "29510", "63101", "St. Louis", "MO"},
    {"52", "52999", "55079", "53202", "Milwaukee", "WI"},
    {"15", "15999", "18097", "46204", "Indianapolis", "IN"},
    {"22", "22090", "25017", "01730", "Bedford", "MA"},
    {"22", "22000", "25001", "02563", "Sandwich", "MA"},
};
#define NPLACES ((int)(sizeof places / sizeof places[0]))

static const char *const given_f[] = {
    "Mary",   "Patricia", "Linda",    "Barbara", "Elizabeth", "Jennifer", "Maria",
    "Susan",  "Margaret", "Dorothy",  "Lisa",    "Nancy",     "Karen",    "Betty",
    "Helen",  "Sandra",   "Donna",    "Carol",   "Ruth",      "Sharon",   "Michelle",
    "Laura",  "Sarah",    "Kimberly", "Deborah", "Jessica",   "Shirley",  "Cynthia",
    "Angela", "Melissa",  "Brenda",   "Amy",     "Anna",      "Rebecca",  "Virginia"};
static const char *const given_m[] = {
    "James",   "John",    "Robert",  "Michael",     "William", "David",   "Richard",
    "Charles", "Joseph",  "Thomas",  "Christopher", "Daniel",  "Paul",    "Mark",
    "Donald",  "George",  "Kenneth", "Steven",      "Edward",  "Brian",   "Ronald",
    "Anthony", "Kevin",   "Jason",   "Matthew",     "Gary",    "Timothy", "Jose",
    "Larry",   "Jeffrey", "Frank",   "Scott",       "Eric",    "Stephen", "Andrew"};
static const char *const surnames[] = {
    "Smith",    "Johnson",   "Williams", "Brown",     "Jones",    "Garcia",   "Miller",
    "Davis",    "Rodriguez", "Martinez", "Hernandez", "Lopez",    "Gonzalez", "Wilson",
    "Anderson", "Thomas",    "Taylor",   "Moore",     "Jackson",  "Martin",   "Lee",
    "Perez",    "Thompson",  "White",    "Harris",    "Sanchez",  "Clark",    "Ramirez",
    "Lewis",    "Robinson",  "Walker",   "Young",     "Allen",    "King",     "Wright",
    "Scott",    "Torres",    "Nguyen",   "Hill",      "Flores",   "Green",    "Adams",
    "Nelson",   "Baker",     "Hall",     "Rivera",    "Campbell", "Mitchell", "Carter"};
#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *const month_name[12] = {"JAN", "FEB", "MAR",  "APR", "MAY", "JUN",
                                           "JUL", "AUG", "SEPT", "OCT", "NOV", "DEC"};
int synth_bene_last_day(const struct synth_bene *b)
{
	return b->death_month ? synth_day_of_year(b->year, b->death_month, b->death_day)
	                      : synth_day_of_year(b->year, 12, 31);
}

int synth_bene_age(const struct synth_bene *b, int year, int month, int day)
{
	int age = year - b->birth_year;
	if (month < b->birth_month || (month == b->birth_month && day < b->birth_day))
		age--;
	return age;
}

void synth_bene_make(uint64_t seed, int64_t start_id, uint64_t index, int year,
                     const struct synth_counts *counts, struct synth_bene *b)
{
	struct rng r;
	rng_seed(&r, seed, index);
	memset(b, 0, sizeof *b);
	b->seed = seed;
	b->index = index;
	synth_counts_draw(counts, &r, b->claims);
	b->id = start_id - (int64_t)index;
	b->year = year;
	synth_mbi((uint64_t)(-(start_id + 1)) + index, b->mbi);
	snprintf(b->hicn, sizeof b->hicn, "T%09lluA", (unsigned long long)(index % 1000000000u));
	b->sex = rng_unit(&r) < 0.55 ? 2 : 1;
	b->given =
	    b->sex == 2 ? given_f[rng_below(&r, N(given_f))] : given_m[rng_below(&r, N(given_m))];
	b->surname = surnames[rng_below(&r, N(surnames))];
	b->middle = "ABCDEFGHJKLMNPRSTW"[rng_below(&r, 18)];
	static const double race_w[6] = {75, 10, 2, 4, 8, 1}; /* codes 1..6 */
	b->race = 1 + rng_weighted(&r, race_w, 6);
	/* Age at the end of the reference year: 85 % entitled by age (65-74 most), 15 % younger
	 * (disability; a few ESRD). */
	static const double age_w[4] = {15, 45, 30, 10}; /* <65, 65-74, 75-84, 85-100 */
	int band = rng_weighted(&r, age_w, 4), age;
	static const int lo[4] = {30, 65, 75, 85}, hi[4] = {64, 74, 84, 100};
	age = (int)rng_range(&r, lo[band], hi[band]);
	b->entitlement = age >= 65 ? 0 : 1;
	b->esrd = rng_unit(&r) < (age >= 65 ? 0.005 : 0.06);
	if (b->esrd && age < 65 && rng_unit(&r) < 0.5)
		b->entitlement = 2;
	b->birth_year = year - age;
	b->birth_month = (int)rng_range(&r, 1, 12);
	b->birth_day = (int)rng_range(&r, 1, synth_days_in(b->birth_year, b->birth_month));
	/* Deaths: about 4 % a year, more with age. */
	double die = age >= 85 ? 0.12 : age >= 75 ? 0.045 : 0.02;
	b->months = 12;
	if (rng_unit(&r) < die) {
		b->death_month = (int)rng_range(&r, 1, 12);
		if (b->death_month == b->birth_month && b->birth_year == year)
			b->death_month = 12;
		b->death_day = (int)rng_range(&r, 1, synth_days_in(year, b->death_month));
		b->months = b->death_month;
	}
	b->place = &places[rng_below(&r, NPLACES)];
	/* Medicare Advantage for about a third; Part D for three quarters. */
	b->part_c = rng_unit(&r) < 0.33;
	if (b->part_c) {
		snprintf(b->ptc_contract, sizeof b->ptc_contract, "H%04d",
		         (int)rng_range(&r, 1, 9999));
		snprintf(b->ptc_pbp, sizeof b->ptc_pbp, "%03d", (int)rng_range(&r, 1, 30));
	}
	/* Part D for those with drug events, and a few without any. */
	b->part_d = b->claims[SYNTH_PDE] > 0 || rng_unit(&r) < 0.10;
	if (b->part_d) {
		snprintf(b->ptd_contract, sizeof b->ptd_contract, "Z%04d",
		         (int)rng_range(&r, 1, 9));
		snprintf(b->ptd_pbp, sizeof b->ptd_pbp, "%03d", (int)rng_range(&r, 1, 999));
	}
	/* Dual eligible (Medicaid) for about one in seven: QMB-only 01, QMB+ 02, SLMB+ 04,
	 * full-benefit 08. */
	if (rng_unit(&r) < 0.15) {
		static const int dual[4] = {1, 2, 4, 8};
		b->dual = dual[rng_below(&r, 4)];
	}
	/* An earlier MBI for about one in twenty (replaced, as CMS does after a theft of
	 * identity), from the other half of the MBIs' range: never another's current one. */
	if (year >= 2021 && rng_unit(&r) < 0.05) {
		synth_mbi((uint64_t)(-(start_id + 1)) + index + SYNTH_MBI_COUNT / 2, b->old_mbi);
		b->old_mbi_end_year = year - 1 - (int)rng_below(&r, 3);
		b->old_mbi_end_month = 1 + (int)rng_below(&r, 12);
	}
}

/* Clears the row and sets who the beneficiary is: the columns its beneficiary and history
 * rows share. */
static void put_identity(const struct synth_bene *b, struct synth_row *row)
{
	synth_row_clear(row);
	synth_row_set(row, "BENE_ID", "%lld", (long long)b->id);
	synth_row_set(row, "STATE_CODE", "%s", b->place->ssa_state);
	synth_row_set(row, "BENE_COUNTY_CD", "%s", b->place->ssa_county);
	synth_row_set(row, "BENE_ZIP_CD", "%s", b->place->zip);
	synth_row_date(row, "BENE_BIRTH_DT", b->birth_year, b->birth_month, b->birth_day);
	synth_row_set(row, "BENE_SEX_IDENT_CD", "%d", b->sex);
	synth_row_set(row, "BENE_RACE_CD", "%d", b->race);
	synth_row_set(row, "BENE_CRNT_HIC_NUM", "%s", b->hicn);
	synth_row_set(row, "BENE_SRNM_NAME", "%s", b->surname);
	synth_row_set(row, "BENE_GVN_NAME", "%s", b->given);
	synth_row_set(row, "BENE_MDL_NAME", "%c", b->middle);
}

bool synth_bene_history_row(const struct synth_bene *b, struct synth_row *row)
{
	if (b->old_mbi[0] == '\0')
		return false;
	put_identity(b, row);
	synth_row_set(row, "MBI_NUM", "%s", b->old_mbi);
	/* From the MBIs' start (April 2018) to the end of the month it was replaced. */
	int end_year = b->old_mbi_end_year;
	int end_month = end_year == 2018 && b->old_mbi_end_month < 4 ? 12 : b->old_mbi_end_month;
	synth_row_date(row, "EFCTV_BGN_DT", 2018, 4, 1);
	synth_row_date(row, "EFCTV_END_DT", end_year, end_month,
	               synth_days_in(end_year, end_month));
	return true;
}

void synth_bene_row(const struct synth_bene *b, struct synth_row *row)
{
	const struct synth_place *p = b->place;
	int status = b->entitlement == 0   ? (b->esrd ? 11 : 10)
	             : b->entitlement == 1 ? (b->esrd ? 21 : 20)
	                                   : 31;
	put_identity(b, row);
	synth_row_set(row, "RTI_RACE_CD", "%d", b->race);
	synth_row_set(row, "BENE_ENTLMT_RSN_ORIG", "%d", b->entitlement);
	synth_row_set(row, "BENE_ENTLMT_RSN_CURR", "%d", b->entitlement);
	synth_row_set(row, "BENE_ESRD_IND", "%s", b->esrd ? "Y" : "0");
	synth_row_set(row, "BENE_MDCR_STATUS_CD", "%d", status);
	synth_row_set(row, "BENE_PTA_TRMNTN_CD", "%d", b->death_month ? 1 : 0);
	synth_row_set(row, "BENE_PTB_TRMNTN_CD", "%d", b->death_month ? 1 : 0);
	synth_row_set(row, "MBI_NUM", "%s", b->mbi);
	if (b->death_month) {
		synth_row_date(row, "DEATH_DT", b->year, b->death_month, b->death_day);
		synth_row_set(row, "V_DOD_SW", "V");
	}
	synth_row_set(row, "RFRNC_YR", "%d", b->year);
	synth_row_set(row, "A_MO_CNT", "%d", b->months);
	synth_row_set(row, "B_MO_CNT", "%d", b->months);
	synth_row_set(row, "BUYIN_MO_CNT", "%d", b->dual ? b->months : 0);
	synth_row_set(row, "HMO_MO_CNT", "%d", b->part_c ? b->months : 0);
	synth_row_set(row, "RDS_MO_CNT", "0");
	synth_row_set(row, "ENRL_SRC", "CME");
	synth_row_set(row, "CRNT_BIC", "%s", "A");
	synth_row_set(row, "AGE", "%d", synth_bene_age(b, b->year, 12, 31));
	synth_row_set(row, "DUAL_MO_CNT", "%d", b->dual ? b->months : 0);
	synth_row_set(row, "PLAN_CVRG_MO_CNT", "%d", b->part_d ? b->months : 0);
	for (int m = 1; m <= b->months; m++) {
		char col[48];
		const char *mn = month_name[m - 1];
#define SET(fmt, ...)                                                                              \
	do {                                                                                       \
		snprintf(col, sizeof col, fmt, mn);                                                \
		synth_row_set(row, col, __VA_ARGS__);                                              \
	} while (0)
		SET("FIPS_STATE_CNTY_%s_CD", "%s", p->fips);
		SET("MDCR_STUS_%s_CD", "%d", status);
		SET("RDS_%s_IND", "%s", "N");
		SET("META_DUAL_ELGBL_STUS_%s_CD", "%02d", b->dual);
		if (b->part_c) {
			SET("PTC_CNTRCT_%s_ID", "%s", b->ptc_contract);
			SET("PTC_PBP_%s_ID", "%s", b->ptc_pbp);
		}
		if (b->part_d) {
			SET("PTD_CNTRCT_%s_ID", "%s", b->ptd_contract);
			SET("PTD_PBP_%s_ID", "%s", b->ptd_pbp);
			SET("PTD_SGMT_%s_ID", "%s", "000");
			/* Cost sharing: low-income subsidy for the duals (01), none (09) else. */
			SET("CST_SHR_GRP_%s_CD", "%s", b->dual ? "01" : "09");
		}
#undef SET
		snprintf(col, sizeof col, "MDCR_ENTLMT_BUYIN_%d_IND", m);
		synth_row_set(row, col, "%s", b->dual ? "C" : "3");
		snprintf(col, sizeof col, "HMO_%d_IND", m);
		synth_row_set(row, col, "%s", b->part_c ? "C" : "0");
	}
}
