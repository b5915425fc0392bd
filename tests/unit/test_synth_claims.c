/* Tests of synth/claims.c: every claim of every type of 400 synthetic beneficiaries, written
 * and read back as RIF rows, checked for the invariants the generator promises: lines
 * numbered from 1; dates inside the year's coverage (from <= thru, after birth, by death);
 * valid NPIs; providers in the beneficiary's state; submitted >= allowed >= paid and allowed
 * = deductible + coinsurance + paid on claims and lines; claim totals the sums of their
 * lines; Part B's deductible met once over carrier, DME and outpatient lines in date order;
 * Part A's deductible once per benefit period; SNF coinsurance from day 21. */
#include "testutil.h"
#include "synthutil.h"

#include <stdlib.h>

#include "core/fatal.h"
#include "rif/reader.h"
#include "synth/claims.h"

enum { N = 400, START = -900 };

/* What a type's file has: its line number column, NPI columns, and amounts (NULL: none). */
struct kind {
	enum synth_claim_type t;
	enum rif_type rif;
	const char *line_num, *npi[3];
	const char *submitted, *allowed, *deductible, *coinsurance, *paid; /* the claim's */
	const char *l_submitted, *l_allowed, *l_deductible, *l_coinsurance, *l_paid; /* a line's */
	bool institutional;
};

static const struct kind kinds[] = {
    {SYNTH_CARRIER,
     RIF_CARRIER,
     "LINE_NUM",
     {"PRF_PHYSN_NPI", "CARR_CLM_BLG_NPI_NUM", "RFR_PHYSN_NPI"},
     "NCH_CARR_CLM_SBMTD_CHRG_AMT",
     "NCH_CARR_CLM_ALOWD_AMT",
     "CARR_CLM_CASH_DDCTBL_APLD_AMT",
     NULL,
     "CLM_PMT_AMT",
     "LINE_SBMTD_CHRG_AMT",
     "LINE_ALOWD_CHRG_AMT",
     "LINE_BENE_PTB_DDCTBL_AMT",
     "LINE_COINSRNC_AMT",
     "LINE_NCH_PMT_AMT",
     false},
    {SYNTH_DME,
     RIF_DME,
     "LINE_NUM",
     {"PRVDR_NPI", "RFR_PHYSN_NPI", NULL},
     "NCH_CARR_CLM_SBMTD_CHRG_AMT",
     "NCH_CARR_CLM_ALOWD_AMT",
     "CARR_CLM_CASH_DDCTBL_APLD_AMT",
     NULL,
     "CLM_PMT_AMT",
     "LINE_SBMTD_CHRG_AMT",
     "LINE_ALOWD_CHRG_AMT",
     "LINE_BENE_PTB_DDCTBL_AMT",
     "LINE_COINSRNC_AMT",
     "LINE_NCH_PMT_AMT",
     false},
    {SYNTH_HHA,
     RIF_HHA,
     "CLM_LINE_NUM",
     {"ORG_NPI_NUM", "AT_PHYSN_NPI", "RNDRNG_PHYSN_NPI"},
     "CLM_TOT_CHRG_AMT",
     NULL,
     NULL,
     NULL,
     "CLM_PMT_AMT",
     "REV_CNTR_TOT_CHRG_AMT",
     NULL,
     NULL,
     NULL,
     "REV_CNTR_PMT_AMT_AMT",
     true},
    {SYNTH_HOSPICE,
     RIF_HOSPICE,
     "CLM_LINE_NUM",
     {"ORG_NPI_NUM", "AT_PHYSN_NPI", "RNDRNG_PHYSN_NPI"},
     "CLM_TOT_CHRG_AMT",
     NULL,
     NULL,
     NULL,
     "CLM_PMT_AMT",
     "REV_CNTR_TOT_CHRG_AMT",
     NULL,
     NULL,
     NULL,
     "REV_CNTR_PMT_AMT_AMT",
     true},
    {SYNTH_INPATIENT,
     RIF_INPATIENT,
     "CLM_LINE_NUM",
     {"ORG_NPI_NUM", "AT_PHYSN_NPI", "RNDRNG_PHYSN_NPI"},
     "CLM_TOT_CHRG_AMT",
     NULL,
     "NCH_BENE_IP_DDCTBL_AMT",
     "NCH_BENE_PTA_COINSRNC_LBLTY_AM",
     "CLM_PMT_AMT",
     "REV_CNTR_TOT_CHRG_AMT",
     NULL,
     NULL,
     NULL,
     NULL,
     true},
    {SYNTH_OUTPATIENT,
     RIF_OUTPATIENT,
     "CLM_LINE_NUM",
     {"ORG_NPI_NUM", "AT_PHYSN_NPI", "RNDRNG_PHYSN_NPI"},
     "CLM_TOT_CHRG_AMT",
     NULL,
     "NCH_BENE_PTB_DDCTBL_AMT",
     "NCH_BENE_PTB_COINSRNC_AMT",
     "CLM_PMT_AMT",
     "REV_CNTR_TOT_CHRG_AMT",
     NULL,
     "REV_CNTR_CASH_DDCTBL_AMT",
     "REV_CNTR_COINSRNC_WGE_ADJSTD_C",
     "REV_CNTR_PMT_AMT_AMT",
     true},
    {SYNTH_SNF,
     RIF_SNF,
     "CLM_LINE_NUM",
     {"ORG_NPI_NUM", "AT_PHYSN_NPI", "RNDRNG_PHYSN_NPI"},
     "CLM_TOT_CHRG_AMT",
     NULL,
     "NCH_BENE_IP_DDCTBL_AMT",
     "NCH_BENE_PTA_COINSRNC_LBLTY_AM",
     "CLM_PMT_AMT",
     "REV_CNTR_TOT_CHRG_AMT",
     NULL,
     NULL,
     NULL,
     NULL,
     true},
};
#define NKINDS ((int)(sizeof kinds / sizeof kinds[0]))

/* A Part B line, for the deductible's check over the three types together. */
struct part_b {
	long long bene;
	int day, rank;
	long long claim;
	int line;
	long long allowed, deductible;
};

static int cmp_part_b(const void *pa, const void *pb)
{
	const struct part_b *a = pa, *b = pb;
	if (a->bene != b->bene)
		return a->bene < b->bene ? -1 : 1;
	if (a->day != b->day)
		return a->day - b->day;
	if (a->rank != b->rank)
		return a->rank - b->rank;
	if (a->claim != b->claim)
		return a->claim < b->claim ? -1 : 1;
	return a->line - b->line;
}

static struct synth_bene benes[N];
static struct part_b *part_b;
static size_t n_part_b, cap_part_b;

/* A claim's figures as read, summed over its lines. */
struct claim_read {
	long long id, bene;
	int from, thru, lines;
	long long c[5], l[5]; /* submitted, allowed, deductible, coinsurance, paid */
	bool has_l[5];
};

static long long value(const struct rif_layout *l, const struct rif_row *got, const char *col)
{
	return col ? tu_amount(got->fields[rif_layout_column(l, col) + 1]) : 0;
}

/* The claim just read: amounts that add up, and its lines' sums. */
static void check_claim(const struct kind *k, const struct claim_read *c)
{
	long long submitted = c->c[0], deductible = c->c[2], coinsurance = c->c[3], paid = c->c[4];
	long long allowed = k->allowed ? c->c[1] : deductible + coinsurance + paid;
	if (!(submitted >= allowed && allowed >= paid && paid >= 0 && deductible >= 0 &&
	      coinsurance >= 0))
		fail_msg("%s claim %lld: submitted %lld, allowed %lld, paid %lld",
		         synth_claim_type_name[k->t], c->id, submitted, allowed, paid);
	for (int i = 0; i < 5; i++)
		if (c->has_l[i] && (i != 3 || k->coinsurance) && (i != 1 || k->allowed))
			assert_int_equal(c->l[i], c->c[i]);
	if (k->allowed && k->l_coinsurance) /* the claim's coinsurance: its lines' */
		assert_int_equal(allowed, deductible + c->l[3] + paid);
}

static void check_kind(const struct kind *k, const char *dir, long expected_rows,
                       int expected_claims)
{
	const struct rif_layout *l = rif_layout_get(k->rif);
	char *path = xasprintf("%s/%s.txt", dir, synth_claim_type_name[k->t]);
	struct rif_reader *r;
	struct rif_row got;
	char *cause = NULL;
	assert_int_equal(rif_reader_open(path, &r, &cause), 0);
	assert_int_equal(rif_reader_next(r, &got, &cause), 1); /* the header */
#define F(name) got.fields[rif_layout_column(l, name) + 1]
	long rows = 0;
	int claims = 0, next_line = 1, last_from = 0, last_discharge = -1000;
	long long bene_id = 0;
	struct claim_read c = {0};
	for (int more = rif_reader_next(r, &got, &cause);;
	     more = rif_reader_next(r, &got, &cause)) {
		long long id = more == 1 ? atoll(F("CLM_ID")) : -1;
		if (id != c.id && c.id)
			check_claim(k, &c);
		if (more != 1)
			break;
		rows++;
		long long this_bene = atoll(F("BENE_ID"));
		const struct synth_bene *b = &benes[START - this_bene];
		if (id != c.id) {
			/* A new claim: ids ascending, so distinct. */
			assert_true(id > c.id);
			claims++;
			memset(&c, 0, sizeof c);
			c.id = id;
			c.bene = this_bene;
			c.from = tu_day_number(F("CLM_FROM_DT"));
			c.thru = tu_day_number(F("CLM_THRU_DT"));
			assert_true(c.from <= c.thru);
			assert_true(c.from >= tu_day_number("01-Jan-2025") &&
			            c.from >= tu_birth_day(b));
			assert_true(c.thru <= tu_covered_until(b));
			if (this_bene != bene_id) {
				bene_id = this_bene;
				last_from = 0;
				last_discharge = -1000;
			}
			assert_true(c.from >= last_from); /* a beneficiary's claims in date order */
			last_from = c.from;
			c.c[0] = value(l, &got, k->submitted);
			c.c[1] = value(l, &got, k->allowed);
			c.c[2] = value(l, &got, k->deductible);
			c.c[3] = value(l, &got, k->coinsurance);
			c.c[4] = value(l, &got, k->paid);
			next_line = 1;
			const char *principal = F("PRNCPAL_DGNS_CD");
			assert_true(principal[0] != '\0');
			assert_string_equal(principal, F("ICD_DGNS_CD1"));
			assert_string_equal(F("PRVDR_STATE_CD"), b->place->state);
			if (k->institutional)
				assert_int_equal(strncmp(F("PRVDR_NUM"), b->place->ssa_state, 2),
				                 0);
			int days = c.thru > c.from ? c.thru - c.from : 1;
			if (k->t == SYNTH_INPATIENT) {
				/* The Part A deductible: at each new benefit period only. */
				bool new_period = c.from - last_discharge > 60;
				assert_int_equal(c.c[2], new_period ? SYNTH_PART_A_DEDUCTIBLE : 0);
				last_discharge = c.thru;
				assert_true(F("CLM_DRG_CD")[0] != '\0');
				assert_int_equal(atoi(F("CLM_UTLZTN_DAY_CNT")), days);
			}
			if (k->t == SYNTH_SNF) {
				assert_int_equal(
				    c.c[3], days > 20 ? (days - 20) * SYNTH_SNF_COINSURANCE : 0);
				assert_int_equal(atoi(F("BENE_TOT_COINSRNC_DAYS_CNT")),
				                 days > 20 ? days - 20 : 0);
			}
		}
		assert_int_equal(atoll(F("BENE_ID")), c.bene);
		assert_int_equal(atoi(F(k->line_num)), next_line++);
		for (int i = 0; i < 3; i++)
			if (k->npi[i] && !synth_npi_valid(F(k->npi[i])))
				fail_msg("%s: %s '%s'", path, k->npi[i], F(k->npi[i]));
		const char *line_cols[5] = {k->l_submitted, k->l_allowed, k->l_deductible,
		                            k->l_coinsurance, k->l_paid};
		long long v[5] = {0};
		for (int i = 0; i < 5; i++) {
			v[i] = value(l, &got, line_cols[i]);
			assert_true(v[i] >= 0);
			c.l[i] += v[i];
			c.has_l[i] = line_cols[i] != NULL;
		}
		if (k->l_deductible) {
			/* A Part B line: allowed = deductible + coinsurance + paid, coinsurance 20
			 * % of what the deductible leaves. */
			long long allowed = k->l_allowed ? v[1] : v[2] + v[3] + v[4];
			assert_true(v[0] >= allowed && allowed >= v[4]);
			assert_int_equal(allowed, v[2] + v[3] + v[4]);
			assert_int_equal(v[3], (allowed - v[2]) / 5);
			if (n_part_b == cap_part_b) {
				cap_part_b = cap_part_b ? 2 * cap_part_b : 4096;
				part_b = xrealloc(part_b, cap_part_b * sizeof *part_b);
			}
			int rank = k->t == SYNTH_CARRIER ? 0 : k->t == SYNTH_DME ? 1 : 2;
			part_b[n_part_b++] = (struct part_b){this_bene,     c.from,  rank, id,
			                                     next_line - 1, allowed, v[2]};
		}
	}
#undef F
	assert_int_equal(rows, expected_rows);
	assert_int_equal(claims, expected_claims);
	assert_true(claims > 10); /* every type is exercised */
	rif_reader_close(r);
	free(path);
}

static void test_claims(void **state)
{
	(void)state;
	struct synth_counts *counts = synth_counts_builtin();
	char *dir = tu_tmpdir();
	FILE *out[NKINDS];
	struct synth_row row[NKINDS];
	long rows[NKINDS] = {0};
	int claims[NKINDS] = {0};
	for (int i = 0; i < NKINDS; i++) {
		char *path = xasprintf("%s/%s.txt", dir, synth_claim_type_name[kinds[i].t]);
		out[i] = fopen(path, "w");
		assert_non_null(out[i]);
		free(path);
		synth_row_init(&row[i], rif_layout_get(kinds[i].rif));
		synth_row_header(row[i].l, out[i]);
	}
	struct synth_claims cs = {0}, again = {0};
	for (int b = 0; b < N; b++) {
		synth_bene_make(12, START, (uint64_t)b, 2025, counts, &benes[b]);
		synth_claims_make(&benes[b], &cs);
		synth_claims_make(&benes[b], &again);
		for (int i = 0; i < NKINDS; i++) {
			enum synth_claim_type t = kinds[i].t;
			/* The same beneficiary, the same claims. */
			assert_int_equal(cs.n[t], again.n[t]);
			assert_memory_equal(cs.of[t], again.of[t],
			                    (size_t)cs.n[t] * sizeof *cs.of[t]);
			/* As many as drawn; hospice and home health fewer when the year is short.
			 */
			if (t == SYNTH_HHA || t == SYNTH_HOSPICE)
				assert_true(cs.n[t] <= benes[b].claims[t]);
			else
				assert_int_equal(cs.n[t], benes[b].claims[t]);
			rows[i] += synth_claims_write(&benes[b], &cs, t, &row[i], out[i]);
			claims[i] += cs.n[t];
		}
	}
	synth_claims_free(&cs);
	synth_claims_free(&again);
	for (int i = 0; i < NKINDS; i++) {
		synth_row_free(&row[i]);
		assert_int_equal(fclose(out[i]), 0);
	}
	for (int i = 0; i < NKINDS; i++)
		check_kind(&kinds[i], dir, rows[i], claims[i]);

	/* Part B's deductible over the three types in date order: each line takes what is left
	 * of the year's, up to its allowed amount. */
	qsort(part_b, n_part_b, sizeof *part_b, cmp_part_b);
	long long bene = 0, left = 0;
	int met = 0;
	for (size_t i = 0; i < n_part_b; i++) {
		const struct part_b *p = &part_b[i];
		if (p->bene != bene) {
			bene = p->bene;
			left = SYNTH_PART_B_DEDUCTIBLE;
		}
		long long want = left < p->allowed ? left : p->allowed;
		if (p->deductible != want)
			fail_msg("beneficiary %lld claim %lld line %d: deductible %lld, want %lld",
			         p->bene, p->claim, p->line, p->deductible, want);
		left -= want;
		met += left == 0 && want > 0;
	}
	assert_true(met > N / 2);
	free(part_b);
	tu_rmdir(dir);
	synth_counts_free(counts);
}

/* Claims per beneficiary by type of `n` beneficiaries made from counts: what is written
 * (hospice and home health may be fewer than drawn), Part D events only with Part D. */
static void generated_means(const struct synth_counts *counts, int n,
                            double mean[SYNTH_CLAIM_TYPES])
{
	struct synth_claims cs = {0};
	double sum[SYNTH_CLAIM_TYPES] = {0};
	for (int i = 0; i < n; i++) {
		struct synth_bene b;
		synth_bene_make(21, -1, (uint64_t)i, 2025, counts, &b);
		synth_claims_make(&b, &cs);
		for (int t = 0; t < SYNTH_PDE; t++)
			sum[t] += cs.n[t];
		sum[SYNTH_PDE] += b.part_d ? b.claims[SYNTH_PDE] : 0;
	}
	synth_claims_free(&cs);
	for (int t = 0; t < SYNTH_CLAIM_TYPES; t++)
		mean[t] = sum[t] / n;
}

/* Within 10 % of the release's mean for carrier, DME, inpatient, outpatient and Part D;
 * within 25 % for the rare types (home health, hospice, SNF). */
static void assert_means_near(const double got[SYNTH_CLAIM_TYPES],
                              const double want[SYNTH_CLAIM_TYPES], const char *what)
{
	for (int t = 0; t < SYNTH_CLAIM_TYPES; t++) {
		bool rare = t == SYNTH_HHA || t == SYNTH_HOSPICE || t == SYNTH_SNF;
		double off = (got[t] - want[t]) / want[t];
		print_message("%s %-10s %8.3f per beneficiary, release %8.3f (%+.1f %%)\n", what,
		              synth_claim_type_name[t], got[t], want[t], off * 100);
		if (off > (rare ? 0.25 : 0.10) || off < -(rare ? 0.25 : 0.10))
			fail_msg("%s: %s off by %.1f %%", what, synth_claim_type_name[t],
			         off * 100);
	}
}

/* 20,000 beneficiaries from the built-in model: its means are the release's. */
static void test_scale_builtin(void **state)
{
	(void)state;
	struct synth_counts *counts = synth_counts_builtin();
	double got[SYNTH_CLAIM_TYPES];
	generated_means(counts, 20000, got);
	assert_means_near(got, synth_release_mean, "built-in");
	synth_counts_free(counts);
}

/* The fields of one CSV line (quoted fields may hold commas), in place. */
static int csv_split(char *line, char **field, int max)
{
	int n = 0;
	char *p = line;
	while (n < max) {
		bool quoted = *p == '"';
		field[n++] = quoted ? ++p : p;
		p += quoted ? strcspn(p, "\"") : strcspn(p, ",\r\n");
		if (quoted && *p == '"')
			*p++ = '\0';
		if (*p != ',') {
			*p = '\0';
			break;
		}
		*p++ = '\0';
	}
	return n;
}

/* 20,000 beneficiaries drawn from CMS's release's characteristics.csv, beside the means of
 * that file, worked out here from its columns. */
static void test_scale_release(void **state)
{
	(void)state;
	TU_NEED_FIXTURES();
	const char *path = tu_fixture("synthea-release-04-23-2025/characteristics.csv");
	static const char *const columns[SYNTH_CLAIM_TYPES] = {
	    "Carrier Claims Total", "DME Claims Total",       "HHA Claims Total",
	    "Hospice Claims Total", "Inpatient Claims Total", "Outpatient Claims Total",
	    "SNF Claims Total",     "Part D Events Total"};
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char line[4096], *field[64];
	int at[SYNTH_CLAIM_TYPES], rows = 0;
	assert_non_null(fgets(line, sizeof line, f));
	int n = csv_split(line, field, 64);
	for (int t = 0; t < SYNTH_CLAIM_TYPES; t++) {
		at[t] = -1;
		for (int i = 0; i < n; i++)
			if (strcmp(field[i], columns[t]) == 0)
				at[t] = i;
		assert_true(at[t] >= 0);
	}
	double release[SYNTH_CLAIM_TYPES] = {0};
	while (fgets(line, sizeof line, f)) {
		n = csv_split(line, field, 64);
		for (int t = 0; t < SYNTH_CLAIM_TYPES; t++) {
			assert_true(at[t] < n);
			release[t] += atof(field[at[t]]);
		}
		rows++;
	}
	fclose(f);
	assert_true(rows > 10000);
	for (int t = 0; t < SYNTH_CLAIM_TYPES; t++)
		release[t] /= rows;
	struct synth_counts *counts;
	char *cause = NULL;
	assert_int_equal(synth_counts_load(path, &counts, &cause), 0);
	double got[SYNTH_CLAIM_TYPES];
	generated_means(counts, 20000, got);
	assert_means_near(got, release, "release");
	synth_counts_free(counts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_claims),
	                                   cmocka_unit_test(test_scale_builtin),
	                                   cmocka_unit_test(test_scale_release)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
