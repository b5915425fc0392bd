/* ExplanationOfBenefit for hospice claims, as BFD's HospiceClaimTransformerV2 renders them
 * (C4BB Inpatient Institutional). */
#include "fhir/eob_institutional.h"
#include "rif/columns.h"

/* The shared pieces' columns in this layout (-1: the type has none), listed from
 * rif/columns.h. */
static const struct inst_cols cols = {
    INST_COLS_COMMON(HOSPICE),
    .fi_actn = -1,
    .op_upin = -1,
    .op_npi = -1,
    .ot_upin = -1,
    .ot_npi = -1,
    .mco = -1,
    .admtg_cd = -1,
    .admtg_vrsn = -1,
    .rev_dt = COL_HOSPICE_REV_CNTR_DT,
    .mdfr1 = COL_HOSPICE_HCPCS_1ST_MDFR_CD,
    .mdfr2 = COL_HOSPICE_HCPCS_2ND_MDFR_CD,
    .ddctbl_coinsrnc = COL_HOSPICE_REV_CNTR_DDCTBL_COINSRNC_CD,
    .stus_ind = -1,
    .rev_pmt = COL_HOSPICE_REV_CNTR_PMT_AMT_AMT,
    .ansi1 = -1,
    .dx_poa = INST_NONE25,
    .ex_poa = INST_NONE12,
    .rv_cd = INST_NONE3,
    .rv_vrsn = INST_NONE3,
    .px_cd = INST_NONE25,
    .px_vrsn = INST_NONE25,
    .px_dt = INST_NONE25,
};

#define C(x) COL_HOSPICE_##x

static const struct inst_adj adjudications[] = {
    {INST_ADJ_SUBMITTED, "rev_cntr_rate_amt", C(REV_CNTR_RATE_AMT)},
    {INST_ADJ_SUBMITTED, "rev_cntr_tot_chrg_amt", C(REV_CNTR_TOT_CHRG_AMT)},
    {INST_ADJ_NONCOVERED, "rev_cntr_ncvrd_chrg_amt", C(REV_CNTR_NCVRD_CHRG_AMT)},
    {INST_ADJ_PAID_PROVIDER, "rev_cntr_prvdr_pmt_amt", C(REV_CNTR_PRVDR_PMT_AMT)},
    {INST_ADJ_PAID_PATIENT, "rev_cntr_bene_pmt_amt", C(REV_CNTR_BENE_PMT_AMT)},
    {INST_ADJ_SUBMITTED, "rev_cntr_pmt_amt_amt", C(REV_CNTR_PMT_AMT_AMT)},
};

static const struct inst_item_spec items = {
    .product = INST_PRODUCT_HCPCS,
    .modifiers = INST_MOD_UCUM_HCPCS,
    .ndc_col = -1,
    .adj = adjudications,
    .nadj = sizeof adjudications / sizeof *adjudications,
};

void fhir_eob_hospice(struct fhir *f, const struct fhir_record *r, const struct store_claim *meta)
{
	struct inst x;
	inst_init(&x, f, r, &cols);
	json_object(&f->j);
	fhir_eob_begin(f, meta, FHIR_PROFILE "C4BB-ExplanationOfBenefit-Inpatient-Institutional");
	inst_contained(&x);

	inst_array(&x, "extension");
	inst_ext_coding(&x, "nch_near_line_rec_ident_cd", cols.near_line);
	inst_ext_common(&x);
	inst_ext_quantity(&x, "bene_hospc_prd_cnt", C(BENE_HOSPC_PRD_CNT));
	inst_array_end(&x);

	inst_header(&x, "HOSPICE", false, false);

	inst_team(&x);

	inst_info_received(&x);
	inst_info_code(&x, "nch_ptnt_stus_ind_cd", C(NCH_PTNT_STATUS_IND_CD));
	inst_info_admission(&x, C(CLM_HOSPC_START_DT_ID), C(NCH_BENE_DSCHRG_DT));
	inst_info_bill_discharge(&x);
	inst_info_code(&x, "nch_prmry_pyr_cd", C(NCH_PRMRY_PYR_CD));
	inst_array_end(&x);

	inst_diagnoses(&x, INST_DX_OUTPATIENT);
	fhir_eob_insurance(f, 'a', inst_v(&x, cols.bene)->i);
	inst_items(&x, &items);
	inst_total_payment(&x);

	inst_bb_begin(&x);
	inst_bb_int(&x, "clm_utlztn_day_cnt", C(CLM_UTLZTN_DAY_CNT));
	inst_bb_money(&x, "prpayamt", C(NCH_PRMRY_PYR_CLM_PD_AMT));
	inst_bb_end(&x);

	json_end_object(&f->j);
	inst_free(&x);
}
