/* ExplanationOfBenefit for outpatient claims, as BFD's OutpatientClaimTransformerV2 renders
 * them (C4BB Outpatient Institutional). */
#include "fhir/eob_institutional.h"
#include "rif/columns.h"

/* The shared pieces' columns in this layout (-1: the type has none), listed from
 * rif/columns.h. */
static const struct inst_cols cols = {
    INST_COLS_COMMON(OUTPATIENT),
    .fi_actn = -1,
    .op_upin = COL_OUTPATIENT_OP_PHYSN_UPIN,
    .op_npi = COL_OUTPATIENT_OP_PHYSN_NPI,
    .ot_upin = COL_OUTPATIENT_OT_PHYSN_UPIN,
    .ot_npi = COL_OUTPATIENT_OT_PHYSN_NPI,
    .mco = COL_OUTPATIENT_CLM_MCO_PD_SW,
    .admtg_cd = -1,
    .admtg_vrsn = -1,
    .rev_dt = COL_OUTPATIENT_REV_CNTR_DT,
    .mdfr1 = COL_OUTPATIENT_HCPCS_1ST_MDFR_CD,
    .mdfr2 = COL_OUTPATIENT_HCPCS_2ND_MDFR_CD,
    .ddctbl_coinsrnc = -1,
    .stus_ind = COL_OUTPATIENT_REV_CNTR_STUS_IND_CD,
    .rev_pmt = COL_OUTPATIENT_REV_CNTR_PMT_AMT_AMT,
    .ansi1 = COL_OUTPATIENT_REV_CNTR_1ST_ANSI_CD,
    .dx_poa = INST_NONE25,
    .ex_poa = INST_NONE12,
    .rv_cd = {COL_OUTPATIENT_RSN_VISIT_CD1, COL_OUTPATIENT_RSN_VISIT_CD2,
              COL_OUTPATIENT_RSN_VISIT_CD3},
    .rv_vrsn = {COL_OUTPATIENT_RSN_VISIT_VRSN_CD1, COL_OUTPATIENT_RSN_VISIT_VRSN_CD2,
                COL_OUTPATIENT_RSN_VISIT_VRSN_CD3},
    .px_cd = INST_COLS25(OUTPATIENT, ICD_PRCDR_CD),
    .px_vrsn = INST_COLS25(OUTPATIENT, ICD_PRCDR_VRSN_CD),
    .px_dt = INST_COLS25(OUTPATIENT, PRCDR_DT),
};

#define C(x) COL_OUTPATIENT_##x

static const struct inst_adj adjudications[] = {
    {INST_ADJ_DENIAL, "rev_cntr_1st_ansi_cd", C(REV_CNTR_1ST_ANSI_CD)},
    {INST_ADJ_DENIAL, "rev_cntr_2nd_ansi_cd", C(REV_CNTR_2ND_ANSI_CD)},
    {INST_ADJ_DENIAL, "rev_cntr_3rd_ansi_cd", C(REV_CNTR_3RD_ANSI_CD)},
    {INST_ADJ_DENIAL, "rev_cntr_4th_ansi_cd", C(REV_CNTR_4TH_ANSI_CD)},
    {INST_ADJ_SUBMITTED, "rev_cntr_rate_amt", C(REV_CNTR_RATE_AMT)},
    {INST_ADJ_SUBMITTED, "rev_cntr_tot_chrg_amt", C(REV_CNTR_TOT_CHRG_AMT)},
    {INST_ADJ_NONCOVERED, "rev_cntr_ncvrd_chrg_amt", C(REV_CNTR_NCVRD_CHRG_AMT)},
    {INST_ADJ_DEDUCTIBLE, "rev_cntr_blood_ddctbl_amt", C(REV_CNTR_BLOOD_DDCTBL_AMT)},
    {INST_ADJ_DEDUCTIBLE, "rev_cntr_cash_ddctbl_amt", C(REV_CNTR_CASH_DDCTBL_AMT)},
    {INST_ADJ_COINSURANCE, "rev_cntr_coinsrnc_wge_adjstd_c", C(REV_CNTR_COINSRNC_WGE_ADJSTD_C)},
    {INST_ADJ_COINSURANCE, "rev_cntr_rdcd_coinsrnc_amt", C(REV_CNTR_RDCD_COINSRNC_AMT)},
    {INST_ADJ_PRIOR_PAYER, "rev_cntr_1st_msp_pd_amt", C(REV_CNTR_1ST_MSP_PD_AMT)},
    {INST_ADJ_PRIOR_PAYER, "rev_cntr_2nd_msp_pd_amt", C(REV_CNTR_2ND_MSP_PD_AMT)},
    {INST_ADJ_PAID_PROVIDER, "rev_cntr_prvdr_pmt_amt", C(REV_CNTR_PRVDR_PMT_AMT)},
    {INST_ADJ_PAID_PATIENT, "rev_cntr_bene_pmt_amt", C(REV_CNTR_BENE_PMT_AMT)},
    {INST_ADJ_PAID_BY_PATIENT, "rev_cntr_ptnt_rspnsblty_pmt", C(REV_CNTR_PTNT_RSPNSBLTY_PMT)},
    {INST_ADJ_SUBMITTED, "rev_cntr_pmt_amt_amt", C(REV_CNTR_PMT_AMT_AMT)},
};

static const struct inst_item_spec items = {
    .product = INST_PRODUCT_HCPCS,
    .modifiers = INST_MOD_HCPCS_UCUM,
    .ndc_col = C(REV_CNTR_IDE_NDC_UPC_NUM),
    .adj = adjudications,
    .nadj = sizeof adjudications / sizeof *adjudications,
};

void fhir_eob_outpatient(struct fhir *f, const struct fhir_record *r,
                         const struct store_claim *meta)
{
	struct inst x;
	inst_init(&x, f, r, &cols);
	json_object(&f->j);
	fhir_eob_begin(f, meta, FHIR_PROFILE "C4BB-ExplanationOfBenefit-Outpatient-Institutional");
	inst_contained(&x);

	inst_array(&x, "extension");
	inst_ext_coding(&x, "nch_near_line_rec_ident_cd", cols.near_line);
	inst_ext_common(&x);
	inst_array_end(&x);

	inst_header(&x, "OUTPATIENT", false, true);

	inst_team(&x);

	inst_info_received(&x);
	inst_info_code(&x, "clm_mco_pd_sw", C(CLM_MCO_PD_SW));
	inst_info_bill_discharge(&x);
	inst_info_code(&x, "nch_prmry_pyr_cd", C(NCH_PRMRY_PYR_CD));
	inst_array_end(&x);

	inst_diagnoses(&x, INST_DX_OUTPATIENT);
	inst_procedures(&x);
	fhir_eob_insurance(f, 'b', inst_v(&x, cols.bene)->i);
	inst_items(&x, &items);
	inst_total_payment(&x);

	inst_bb_begin(&x);
	inst_bb_money(&x, "nch_profnl_cmpnt_chrg_amt", C(NCH_PROFNL_CMPNT_CHRG_AMT));
	inst_bb_money(&x, "nch_bene_ptb_ddctbl_amt", C(NCH_BENE_PTB_DDCTBL_AMT));
	inst_bb_money(&x, "nch_bene_ptb_coinsrnc_amt", C(NCH_BENE_PTB_COINSRNC_AMT));
	inst_bb_money(&x, "clm_op_prvdr_pmt_amt", C(CLM_OP_PRVDR_PMT_AMT));
	inst_bb_money(&x, "clm_op_bene_pmt_amt", C(CLM_OP_BENE_PMT_AMT));
	inst_bb_money(&x, "nch_bene_blood_ddctbl_lblty_am", C(NCH_BENE_BLOOD_DDCTBL_LBLTY_AM));
	inst_bb_money(&x, "prpayamt", C(NCH_PRMRY_PYR_CLM_PD_AMT));
	inst_bb_end(&x);

	json_end_object(&f->j);
	inst_free(&x);
}
