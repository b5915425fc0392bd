#include "synth/carrier.h"

#include <stdlib.h>
#include <string.h>

#include "core/fatal.h"
#include "synth/codes.h"
#include "synth/rng.h"

int64_t synth_carrier_id(const struct synth_bene *b, int k)
{
	return 200000000LL + (int64_t)b->index * 100000 + k;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* Claim-level columns, the same on each of the claim's lines. */
struct claim {
	int64_t id;
	int day, ndx, nlines;
	const struct synth_dx *dx[4];
	char billing[SYNTH_NPI_LEN + 1], referring[SYNTH_NPI_LEN + 1];
	int64_t submitted, allowed, deductible, paid;
};

struct line {
	const struct synth_service *s;
	char npi[SYNTH_NPI_LEN + 1];
	int64_t submitted, allowed, deductible, coinsurance, paid;
};

static void put_claim(struct synth_row *row, const struct synth_bene *b, const struct claim *c)
{
	synth_row_set(row, "BENE_ID", "%lld", (long long)b->id);
	synth_row_set(row, "CLM_ID", "%lld", (long long)c->id);
	synth_row_set(row, "CLM_GRP_ID", "%lld", (long long)c->id);
	synth_row_set(row, "FINAL_ACTION", "F");
	synth_row_set(row, "NCH_NEAR_LINE_REC_IDENT_CD", "O");
	synth_row_set(row, "NCH_CLM_TYPE_CD", "71");
	synth_row_yday(row, "CLM_FROM_DT", b->year, c->day);
	synth_row_yday(row, "CLM_THRU_DT", b->year, c->day);
	synth_row_yday(row, "NCH_WKLY_PROC_DT", b->year, c->day + 7);
	synth_row_set(row, "CARR_CLM_ENTRY_CD", "1");
	synth_row_set(row, "CLM_DISP_CD", "1");
	synth_row_set(row, "CARR_NUM", "0%s00", b->place->ssa_state);
	synth_row_set(row, "CARR_CLM_PMT_DNL_CD", "1");
	synth_row_cents(row, "CLM_PMT_AMT", c->paid);
	synth_row_cents(row, "CARR_CLM_PRMRY_PYR_PD_AMT", 0);
	synth_row_set(row, "RFR_PHYSN_NPI", "%s", c->referring);
	synth_row_set(row, "CARR_CLM_PRVDR_ASGNMT_IND_SW", "A");
	synth_row_cents(row, "NCH_CLM_PRVDR_PMT_AMT", c->paid);
	synth_row_cents(row, "NCH_CLM_BENE_PMT_AMT", 0);
	synth_row_cents(row, "NCH_CARR_CLM_SBMTD_CHRG_AMT", c->submitted);
	synth_row_cents(row, "NCH_CARR_CLM_ALOWD_AMT", c->allowed);
	synth_row_cents(row, "CARR_CLM_CASH_DDCTBL_APLD_AMT", c->deductible);
	synth_row_set(row, "CARR_CLM_RFRNG_PIN_NUM", "%.6s", c->referring + 4);
	synth_row_set(row, "PRNCPAL_DGNS_CD", "%s", c->dx[0]->code);
	synth_row_set(row, "PRNCPAL_DGNS_VRSN_CD", "0");
	for (int i = 0; i < c->ndx; i++) {
		char col[32];
		snprintf(col, sizeof col, "ICD_DGNS_CD%d", i + 1);
		synth_row_set(row, col, "%s", c->dx[i]->code);
		snprintf(col, sizeof col, "ICD_DGNS_VRSN_CD%d", i + 1);
		synth_row_set(row, col, "0");
	}
	synth_row_set(row, "CARR_CLM_BLG_NPI_NUM", "%s", c->billing);
}

static void put_line(struct synth_row *row, const struct synth_bene *b, const struct claim *c,
                     const struct line *l, int num, struct rng *r)
{
	synth_row_set(row, "LINE_NUM", "%d", num);
	synth_row_set(row, "CARR_PRFRNG_PIN_NUM", "%.6s", l->npi + 4);
	synth_row_set(row, "PRF_PHYSN_NPI", "%s", l->npi);
	synth_row_set(row, "CARR_LINE_PRVDR_TYPE_CD", "0");
	synth_row_set(row, "TAX_NUM", "%09lld", (long long)rng_range(r, 100000000, 999999999));
	synth_row_set(row, "PRVDR_STATE_CD", "%s", b->place->state);
	synth_row_set(row, "PRVDR_ZIP", "%s%04d", b->place->zip, (int)rng_range(r, 1, 9999));
	synth_row_set(row, "PRVDR_SPCLTY", "%s", l->s->specialty);
	synth_row_set(row, "PRTCPTNG_IND_CD", "1");
	synth_row_set(row, "CARR_LINE_RDCD_PMT_PHYS_ASTN_C", "0");
	synth_row_set(row, "LINE_SRVC_CNT", "1");
	synth_row_set(row, "LINE_CMS_TYPE_SRVC_CD", "%s", l->s->type);
	synth_row_set(row, "LINE_PLACE_OF_SRVC_CD", "%s", l->s->place);
	synth_row_set(row, "CARR_LINE_PRCNG_LCLTY_CD", "01");
	synth_row_yday(row, "LINE_1ST_EXPNS_DT", b->year, c->day);
	synth_row_yday(row, "LINE_LAST_EXPNS_DT", b->year, c->day);
	synth_row_set(row, "HCPCS_CD", "%s", l->s->hcpcs);
	synth_row_cents(row, "LINE_NCH_PMT_AMT", l->paid);
	synth_row_cents(row, "LINE_BENE_PMT_AMT", 0);
	synth_row_cents(row, "LINE_PRVDR_PMT_AMT", l->paid);
	synth_row_cents(row, "LINE_BENE_PTB_DDCTBL_AMT", l->deductible);
	synth_row_cents(row, "LINE_BENE_PRMRY_PYR_PD_AMT", 0);
	synth_row_cents(row, "LINE_COINSRNC_AMT", l->coinsurance);
	synth_row_cents(row, "LINE_SBMTD_CHRG_AMT", l->submitted);
	synth_row_cents(row, "LINE_ALOWD_CHRG_AMT", l->allowed);
	synth_row_set(row, "LINE_PRCSG_IND_CD", "A");
	synth_row_set(row, "LINE_PMT_80_100_CD", "0");
	synth_row_set(row, "CARR_LINE_MTUS_CNT", "1");
	synth_row_set(row, "CARR_LINE_MTUS_CD", "3");
	synth_row_set(row, "LINE_ICD_DGNS_CD", "%s", c->dx[0]->code);
	synth_row_set(row, "LINE_ICD_DGNS_VRSN_CD", "0");
	synth_row_set(row, "LINE_HCT_HGB_RSLT_NUM", "0");
	synth_row_set(row, "CARR_LINE_ANSTHSA_UNIT_CNT", "0");
}

long synth_carrier_write(const struct synth_bene *b, struct synth_row *row, FILE *out)
{
	int n = b->claims[SYNTH_CARRIER] < 100000 ? b->claims[SYNTH_CARRIER] : 99999;
	if (n == 0)
		return 0;
	struct rng r;
	rng_seed(&r, b->seed ^ 0x6361727200000000ULL, b->index); /* "carr": its own stream */
	/* The claims' days first, in order: the deductible is met by the earliest. */
	int *days = xcalloc((size_t)n, sizeof *days);
	int last = synth_bene_last_day(b);
	for (int k = 0; k < n; k++)
		days[k] = (int)rng_range(&r, 1, last);
	qsort(days, (size_t)n, sizeof *days, cmp_int);
	/* A beneficiary's doctors: a few NPIs, reused. */
	uint32_t doctors[4];
	for (int i = 0; i < 4; i++)
		doctors[i] = (uint32_t)rng_range(&r, 100000000, 199999999);
	int64_t deductible_left = SYNTH_PART_B_DEDUCTIBLE;
	long lines_written = 0;
	static const double nlines_w[4] = {50, 25, 15, 10};
	for (int k = 0; k < n; k++) {
		struct claim c = {.id = synth_carrier_id(b, k), .day = days[k]};
		c.ndx = 1 + (int)rng_below(&r, 4);
		for (int i = 0; i < c.ndx; i++)
			c.dx[i] = synth_dx_draw(&r);
		c.nlines = 1 + rng_weighted(&r, nlines_w, 4);
		synth_npi(doctors[rng_below(&r, 4)], c.billing);
		synth_npi(doctors[rng_below(&r, 4)], c.referring);
		struct line lines[4];
		for (int i = 0; i < c.nlines; i++) {
			struct line *l = &lines[i];
			l->s = synth_service_draw(&r);
			synth_npi(doctors[rng_below(&r, 4)], l->npi);
			l->allowed = l->s->allowed_cents;
			l->submitted =
			    l->allowed + l->allowed * (int64_t)rng_range(&r, 20, 200) / 100;
			l->deductible = deductible_left < l->allowed ? deductible_left : l->allowed;
			deductible_left -= l->deductible;
			l->coinsurance = (l->allowed - l->deductible) / 5;
			l->paid = l->allowed - l->deductible - l->coinsurance;
			c.submitted += l->submitted;
			c.allowed += l->allowed;
			c.deductible += l->deductible;
			c.paid += l->paid;
		}
		for (int i = 0; i < c.nlines; i++) {
			synth_row_clear(row);
			put_claim(row, b, &c);
			put_line(row, b, &c, &lines[i], i + 1, &r);
			synth_row_write(row, out);
			lines_written++;
		}
	}
	free(days);
	return lines_written;
}
