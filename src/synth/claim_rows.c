/* The claims of claims.c as rows of their RIF files. */
#include <string.h>

#include "synth/claims.h"

static void put_ids(struct synth_row *row, const struct synth_bene *b, const struct synth_claim *c,
                    const char *near_line, const char *type)
{
	synth_row_set(row, "BENE_ID", "%lld", (long long)b->id);
	synth_row_set(row, "CLM_ID", "%lld", (long long)c->id);
	synth_row_set(row, "CLM_GRP_ID", "%lld", (long long)c->id);
	synth_row_set(row, "FINAL_ACTION", "F");
	synth_row_set(row, "NCH_NEAR_LINE_REC_IDENT_CD", "%s", near_line);
	synth_row_set(row, "NCH_CLM_TYPE_CD", "%s", type);
	synth_row_yday(row, "CLM_FROM_DT", b->year, c->from);
	synth_row_yday(row, "CLM_THRU_DT", b->year, c->thru);
	synth_row_yday(row, "NCH_WKLY_PROC_DT", b->year, c->thru + 7);
}

/* The principal diagnosis and the numbered ones (ICD-10: version code 0), with the
 * present-on-admission indicator where poa. */
static void put_dx(struct synth_row *row, const struct synth_claim *c, bool poa)
{
	synth_row_set(row, "PRNCPAL_DGNS_CD", "%s", c->dx[0]->code);
	synth_row_set(row, "PRNCPAL_DGNS_VRSN_CD", "0");
	for (int i = 0; i < c->ndx; i++) {
		char col[32];
		snprintf(col, sizeof col, "ICD_DGNS_CD%d", i + 1);
		synth_row_set(row, col, "%s", c->dx[i]->code);
		snprintf(col, sizeof col, "ICD_DGNS_VRSN_CD%d", i + 1);
		synth_row_set(row, col, "0");
		if (poa) {
			snprintf(col, sizeof col, "CLM_POA_IND_SW%d", i + 1);
			synth_row_set(row, col, "Y");
		}
	}
}

/* Carrier and DME (both processed by Part B carriers): the columns they share. */
static void put_part_b_claim(struct synth_row *row, const struct synth_bene *b,
                             const struct synth_claim *c, bool dme)
{
	put_ids(row, b, c, dme ? "M" : "O", dme ? "82" : "71");
	synth_row_set(row, "CARR_CLM_ENTRY_CD", "1");
	synth_row_set(row, "CLM_DISP_CD", "1");
	synth_row_set(row, "CARR_NUM", dme ? "17013" : "0%s00", b->place->ssa_state);
	synth_row_set(row, "CARR_CLM_PMT_DNL_CD", "1");
	synth_row_cents(row, "CLM_PMT_AMT", c->paid);
	synth_row_cents(row, "CARR_CLM_PRMRY_PYR_PD_AMT", 0);
	synth_row_set(row, "RFR_PHYSN_NPI", "%s", c->npi[1]);
	synth_row_set(row, "CARR_CLM_PRVDR_ASGNMT_IND_SW", "A");
	synth_row_cents(row, "NCH_CLM_PRVDR_PMT_AMT", c->paid);
	synth_row_cents(row, "NCH_CLM_BENE_PMT_AMT", 0);
	synth_row_cents(row, "NCH_CARR_CLM_SBMTD_CHRG_AMT", c->submitted);
	synth_row_cents(row, "NCH_CARR_CLM_ALOWD_AMT", c->allowed);
	synth_row_cents(row, "CARR_CLM_CASH_DDCTBL_APLD_AMT", c->deductible);
	put_dx(row, c, false);
}

static void put_part_b_line(struct synth_row *row, const struct synth_bene *b,
                            const struct synth_claim *c, const struct synth_line *l, int num)
{
	synth_row_set(row, "LINE_NUM", "%d", num);
	synth_row_set(row, "TAX_NUM", "%09lld", (long long)(c->id % 900000000 + 100000000));
	synth_row_set(row, "PRVDR_STATE_CD", "%s", b->place->state);
	synth_row_set(row, "PRVDR_SPCLTY", "%s", l->s->specialty);
	synth_row_set(row, "PRTCPTNG_IND_CD", "1");
	synth_row_set(row, "LINE_SRVC_CNT", "%d", l->units);
	synth_row_set(row, "LINE_CMS_TYPE_SRVC_CD", "%s", l->s->type);
	synth_row_set(row, "LINE_PLACE_OF_SRVC_CD", "%s", l->s->place);
	synth_row_yday(row, "LINE_1ST_EXPNS_DT", b->year, l->day);
	synth_row_yday(row, "LINE_LAST_EXPNS_DT", b->year, l->day);
	synth_row_set(row, "HCPCS_CD", "%s", l->hcpcs);
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
	synth_row_set(row, "LINE_ICD_DGNS_CD", "%s", c->dx[0]->code);
	synth_row_set(row, "LINE_ICD_DGNS_VRSN_CD", "0");
	synth_row_set(row, "LINE_HCT_HGB_RSLT_NUM", "0");
}

static void put_carrier(struct synth_row *row, const struct synth_bene *b,
                        const struct synth_claim *c, const struct synth_line *l, int num)
{
	put_part_b_claim(row, b, c, false);
	synth_row_set(row, "CARR_CLM_RFRNG_PIN_NUM", "%.6s", c->npi[1] + 4);
	synth_row_set(row, "CARR_CLM_BLG_NPI_NUM", "%s", c->npi[0]);
	put_part_b_line(row, b, c, l, num);
	synth_row_set(row, "CARR_PRFRNG_PIN_NUM", "%.6s", l->npi + 4);
	synth_row_set(row, "PRF_PHYSN_NPI", "%s", l->npi);
	synth_row_set(row, "CARR_LINE_PRVDR_TYPE_CD", "0");
	synth_row_set(row, "PRVDR_ZIP", "%s%04lld", b->place->zip, (long long)(c->id % 9999 + 1));
	synth_row_set(row, "CARR_LINE_RDCD_PMT_PHYS_ASTN_C", "0");
	synth_row_set(row, "CARR_LINE_PRCNG_LCLTY_CD", "01");
	synth_row_set(row, "CARR_LINE_MTUS_CNT", "%d", l->units);
	synth_row_set(row, "CARR_LINE_MTUS_CD", "3");
	synth_row_set(row, "CARR_LINE_ANSTHSA_UNIT_CNT", "0");
}

static void put_dme(struct synth_row *row, const struct synth_bene *b, const struct synth_claim *c,
                    const struct synth_line *l, int num)
{
	put_part_b_claim(row, b, c, true);
	synth_row_set(row, "CARR_CLM_HCPCS_YR_CD", "5");
	put_part_b_line(row, b, c, l, num);
	synth_row_set(row, "PRVDR_NPI", "%s", l->npi);
	synth_row_set(row, "DMERC_LINE_PRCNG_STATE_CD", "%s", b->place->state);
	synth_row_set(row, "DMERC_LINE_SUPPLR_TYPE_CD", "3");
	synth_row_set(row, "DMERC_LINE_MTUS_CNT", "%d", l->units);
	synth_row_set(row, "DMERC_LINE_MTUS_CD", "3");
	synth_row_cents(row, "DMERC_LINE_SCRN_SVGS_AMT", 0);
	synth_row_cents(row, "LINE_DME_PRCHS_PRICE_AMT",
	                strcmp(l->s->type, "P") == 0 ? l->allowed : 0);
}

/* Institutional claims: what each type's claim is (UB-04 type of bill: facility, class). */
struct inst {
	const char *near_line, *type, *facility, *classification;
	bool part_a_stay; /* inpatient and SNF: admission, utilization, Part A cost sharing */
};
static const struct inst inst_of[SYNTH_PDE] = {
    [SYNTH_HHA] = {"W", "10", "3", "2", false},
    [SYNTH_HOSPICE] = {"V", "50", "8", "1", false},
    [SYNTH_INPATIENT] = {"V", "60", "1", "1", true},
    [SYNTH_OUTPATIENT] = {"W", "40", "1", "3", false},
    [SYNTH_SNF] = {"V", "20", "2", "1", true},
};

static void put_inst_claim(struct synth_row *row, const struct synth_bene *b,
                           const struct synth_claim *c, enum synth_claim_type t)
{
	const struct inst *k = &inst_of[t];
	put_ids(row, b, c, k->near_line, k->type);
	synth_row_yday(row, "FI_CLM_PROC_DT", b->year, c->thru + 5);
	synth_row_set(row, "CLAIM_QUERY_CODE", "3");
	synth_row_set(row, "PRVDR_NUM", "%s", c->provider);
	synth_row_set(row, "CLM_FAC_TYPE_CD", "%s", k->facility);
	synth_row_set(row, "CLM_SRVC_CLSFCTN_TYPE_CD", "%s", k->classification);
	synth_row_set(row, "CLM_FREQ_CD", "1");
	synth_row_set(row, "FI_NUM", "15202");
	synth_row_cents(row, "CLM_PMT_AMT", c->paid);
	synth_row_cents(row, "NCH_PRMRY_PYR_CLM_PD_AMT", 0);
	synth_row_set(row, "PRVDR_STATE_CD", "%s", b->place->state);
	synth_row_set(row, "ORG_NPI_NUM", "%s", c->npi[0]);
	synth_row_set(row, "AT_PHYSN_NPI", "%s", c->npi[1]);
	synth_row_set(row, "PTNT_DSCHRG_STUS_CD", "%s", c->status);
	synth_row_cents(row, "CLM_TOT_CHRG_AMT", c->submitted);
	synth_row_set(row, "FI_DOC_CLM_CNTL_NUM", "%lld", (long long)c->id);
	put_dx(row, c, t == SYNTH_INPATIENT);
	int days = c->thru > c->from ? c->thru - c->from : 1;
	if (k->part_a_stay) {
		synth_row_set(row, "CLM_PPS_IND_CD", "2");
		synth_row_yday(row, "CLM_ADMSN_DT", b->year, c->from);
		synth_row_set(row, "CLM_IP_ADMSN_TYPE_CD", t == SYNTH_INPATIENT ? "1" : "3");
		synth_row_set(row, "CLM_SRC_IP_ADMSN_CD", t == SYNTH_INPATIENT ? "1" : "4");
		synth_row_set(row, "NCH_PTNT_STATUS_IND_CD", "A");
		synth_row_set(row, "CLM_MCO_PD_SW", "0");
		synth_row_cents(row, "NCH_BENE_IP_DDCTBL_AMT", c->deductible);
		synth_row_cents(row, "NCH_BENE_PTA_COINSRNC_LBLTY_AM", c->coinsurance);
		synth_row_cents(row, "NCH_BENE_BLOOD_DDCTBL_LBLTY_AM", 0);
		synth_row_cents(row, "NCH_IP_NCVRD_CHRG_AMT", 0);
		synth_row_cents(row, "NCH_IP_TOT_DDCTN_AMT", c->deductible + c->coinsurance);
		synth_row_set(row, "CLM_UTLZTN_DAY_CNT", "%d", days);
		synth_row_set(row, "BENE_TOT_COINSRNC_DAYS_CNT", "%d",
		              t == SYNTH_SNF && days > 20 ? days - 20 : 0);
		synth_row_set(row, "CLM_NON_UTLZTN_DAYS_CNT", "0");
		synth_row_set(row, "NCH_BLOOD_PNTS_FRNSHD_QTY", "0");
		synth_row_yday(row, "NCH_BENE_DSCHRG_DT", b->year, c->thru);
		synth_row_set(row, "ADMTG_DGNS_CD", "%s", c->dx[0]->code);
		synth_row_set(row, "ADMTG_DGNS_VRSN_CD", "0");
	}
	switch (t) {
	case SYNTH_INPATIENT:
		synth_row_set(row, "CLM_DRG_CD", "%s", c->drg->drg);
		synth_row_set(row, "CLM_DRG_OUTLIER_STAY_CD", "0");
		synth_row_set(row, "BENE_LRD_USED_CNT", "0");
		synth_row_cents(row, "CLM_PASS_THRU_PER_DIEM_AMT", 0);
		synth_row_cents(row, "NCH_PROFNL_CMPNT_CHRG_AMT", 0);
		if (c->drg->procedure) {
			synth_row_set(row, "ICD_PRCDR_CD1", "%s", c->drg->procedure);
			synth_row_set(row, "ICD_PRCDR_VRSN_CD1", "0");
			synth_row_yday(row, "PRCDR_DT1", b->year, c->from);
		}
		break;
	case SYNTH_OUTPATIENT:
		synth_row_set(row, "CLM_MCO_PD_SW", "0");
		synth_row_cents(row, "NCH_BENE_BLOOD_DDCTBL_LBLTY_AM", 0);
		synth_row_cents(row, "NCH_PROFNL_CMPNT_CHRG_AMT", 0);
		synth_row_cents(row, "NCH_BENE_PTB_DDCTBL_AMT", c->deductible);
		synth_row_cents(row, "NCH_BENE_PTB_COINSRNC_AMT", c->coinsurance);
		synth_row_cents(row, "CLM_OP_PRVDR_PMT_AMT", c->paid);
		synth_row_cents(row, "CLM_OP_BENE_PMT_AMT", 0);
		break;
	case SYNTH_HHA:
		synth_row_set(row, "CLM_PPS_IND_CD", "2");
		synth_row_yday(row, "CLM_ADMSN_DT", b->year, c->from);
		if (c->visits < 5) /* a low-utilization payment adjustment */
			synth_row_set(row, "CLM_HHA_LUPA_IND_CD", "L");
		synth_row_set(row, "CLM_HHA_RFRL_CD", "1");
		synth_row_set(row, "CLM_HHA_TOT_VISIT_CNT", "%d", c->visits);
		break;
	case SYNTH_HOSPICE:
		synth_row_set(row, "NCH_PTNT_STATUS_IND_CD", c->status[0] == '4' ? "B" : "C");
		synth_row_set(row, "CLM_UTLZTN_DAY_CNT", "%d", c->thru - c->from + 1);
		synth_row_yday(row, "CLM_HOSPC_START_DT_ID", b->year, c->start);
		synth_row_set(row, "BENE_HOSPC_PRD_CNT", "1");
		if (c->status[0] == '4')
			synth_row_yday(row, "NCH_BENE_DSCHRG_DT", b->year, c->thru);
		break;
	default:
		break;
	}
}

static void put_inst_line(struct synth_row *row, const struct synth_bene *b,
                          const struct synth_claim *c, enum synth_claim_type t,
                          const struct synth_line *l, int num)
{
	synth_row_set(row, "CLM_LINE_NUM", "%d", num);
	synth_row_set(row, "REV_CNTR", "%s", l->rev);
	if (l->hcpcs)
		synth_row_set(row, "HCPCS_CD", "%s", l->hcpcs);
	synth_row_set(row, "REV_CNTR_UNIT_CNT", "%d", l->units);
	synth_row_cents(row, "REV_CNTR_RATE_AMT", l->rate);
	synth_row_cents(row, "REV_CNTR_TOT_CHRG_AMT", l->submitted);
	synth_row_cents(row, "REV_CNTR_NCVRD_CHRG_AMT", 0);
	synth_row_set(row, "RNDRNG_PHYSN_NPI", "%s", l->npi);
	if (t != SYNTH_INPATIENT && t != SYNTH_SNF)
		synth_row_yday(row, "REV_CNTR_DT", b->year, l->day);
	if (t != SYNTH_OUTPATIENT)
		synth_row_set(row, "REV_CNTR_DDCTBL_COINSRNC_CD", "0");
	/* Home health and hospice: the claim's payment on its first line. */
	int64_t line_paid = num == 1 ? c->paid : 0;
	switch (t) {
	case SYNTH_OUTPATIENT:
		synth_row_set(row, "REV_CNTR_PMT_MTHD_IND_CD", "2");
		synth_row_set(row, "REV_CNTR_STUS_IND_CD", "A");
		synth_row_cents(row, "REV_CNTR_BLOOD_DDCTBL_AMT", 0);
		synth_row_cents(row, "REV_CNTR_CASH_DDCTBL_AMT", l->deductible);
		synth_row_cents(row, "REV_CNTR_COINSRNC_WGE_ADJSTD_C", l->coinsurance);
		synth_row_cents(row, "REV_CNTR_RDCD_COINSRNC_AMT", 0);
		synth_row_cents(row, "REV_CNTR_1ST_MSP_PD_AMT", 0);
		synth_row_cents(row, "REV_CNTR_2ND_MSP_PD_AMT", 0);
		synth_row_cents(row, "REV_CNTR_PRVDR_PMT_AMT", l->paid);
		synth_row_cents(row, "REV_CNTR_BENE_PMT_AMT", 0);
		synth_row_cents(row, "REV_CNTR_PTNT_RSPNSBLTY_PMT", l->deductible + l->coinsurance);
		synth_row_cents(row, "REV_CNTR_PMT_AMT_AMT", l->paid);
		break;
	case SYNTH_HHA:
		synth_row_set(row, "REV_CNTR_PMT_MTHD_IND_CD", "3");
		synth_row_cents(row, "REV_CNTR_PMT_AMT_AMT", line_paid);
		break;
	case SYNTH_HOSPICE:
		synth_row_cents(row, "REV_CNTR_PRVDR_PMT_AMT", line_paid);
		synth_row_cents(row, "REV_CNTR_BENE_PMT_AMT", 0);
		synth_row_cents(row, "REV_CNTR_PMT_AMT_AMT", line_paid);
		break;
	default:
		break;
	}
}

long synth_claims_write(const struct synth_bene *b, const struct synth_claims *cs,
                        enum synth_claim_type t, struct synth_row *row, FILE *out)
{
	long rows = 0;
	for (int k = 0; k < cs->n[t]; k++) {
		const struct synth_claim *c = &cs->of[t][k];
		for (int i = 0; i < c->nlines; i++) {
			const struct synth_line *l = &c->line[i];
			synth_row_clear(row);
			if (t == SYNTH_CARRIER)
				put_carrier(row, b, c, l, i + 1);
			else if (t == SYNTH_DME)
				put_dme(row, b, c, l, i + 1);
			else {
				put_inst_claim(row, b, c, t);
				put_inst_line(row, b, c, t, l, i + 1);
			}
			synth_row_write(row, out);
			rows++;
		}
	}
	return rows;
}
