/* ExplanationOfBenefit for hospice claims, as BFD's HospiceClaimTransformerV2 renders them
 * (C4BB Inpatient Institutional). */
#include "fhir/eob_institutional.h"
#include "rif/columns.h"

/* The shared pieces' columns in this layout (-1: the type has none), listed from
 * rif/columns.h. */
static const struct inst_cols cols = {
    .bene = COL_HOSPICE_BENE_ID,
    .clm_id = COL_HOSPICE_CLM_ID,
    .grp = COL_HOSPICE_CLM_GRP_ID,
    .final_action = COL_HOSPICE_FINAL_ACTION,
    .near_line = COL_HOSPICE_NCH_NEAR_LINE_REC_IDENT_CD,
    .clm_type = COL_HOSPICE_NCH_CLM_TYPE_CD,
    .from = COL_HOSPICE_CLM_FROM_DT,
    .thru = COL_HOSPICE_CLM_THRU_DT,
    .wkly = COL_HOSPICE_NCH_WKLY_PROC_DT,
    .fi_proc_dt = COL_HOSPICE_FI_CLM_PROC_DT,
    .query = COL_HOSPICE_CLAIM_QUERY_CODE,
    .prvdr_num = COL_HOSPICE_PRVDR_NUM,
    .fac_type = COL_HOSPICE_CLM_FAC_TYPE_CD,
    .srvc_clsfctn = COL_HOSPICE_CLM_SRVC_CLSFCTN_TYPE_CD,
    .freq = COL_HOSPICE_CLM_FREQ_CD,
    .fi_num = COL_HOSPICE_FI_NUM,
    .non_pmt = COL_HOSPICE_CLM_MDCR_NON_PMT_RSN_CD,
    .pmt = COL_HOSPICE_CLM_PMT_AMT,
    .prpayamt = COL_HOSPICE_NCH_PRMRY_PYR_CLM_PD_AMT,
    .prmry_pyr = COL_HOSPICE_NCH_PRMRY_PYR_CD,
    .fi_actn = -1,
    .state = COL_HOSPICE_PRVDR_STATE_CD,
    .org_npi = COL_HOSPICE_ORG_NPI_NUM,
    .at_upin = COL_HOSPICE_AT_PHYSN_UPIN,
    .at_npi = COL_HOSPICE_AT_PHYSN_NPI,
    .op_upin = -1,
    .op_npi = -1,
    .ot_upin = -1,
    .ot_npi = -1,
    .mco = -1,
    .dschrg = COL_HOSPICE_PTNT_DSCHRG_STUS_CD,
    .tot_chrg = COL_HOSPICE_CLM_TOT_CHRG_AMT,
    .fi_doc = COL_HOSPICE_FI_DOC_CLM_CNTL_NUM,
    .admtg_cd = -1,
    .admtg_vrsn = -1,
    .prncpal_cd = COL_HOSPICE_PRNCPAL_DGNS_CD,
    .prncpal_vrsn = COL_HOSPICE_PRNCPAL_DGNS_VRSN_CD,
    .fst_e_cd = COL_HOSPICE_FST_DGNS_E_CD,
    .fst_e_vrsn = COL_HOSPICE_FST_DGNS_E_VRSN_CD,
    .line_num = COL_HOSPICE_CLM_LINE_NUM,
    .rev = COL_HOSPICE_REV_CNTR,
    .rev_dt = COL_HOSPICE_REV_CNTR_DT,
    .hcpcs = COL_HOSPICE_HCPCS_CD,
    .mdfr1 = COL_HOSPICE_HCPCS_1ST_MDFR_CD,
    .mdfr2 = COL_HOSPICE_HCPCS_2ND_MDFR_CD,
    .unit_cnt = COL_HOSPICE_REV_CNTR_UNIT_CNT,
    .rate = COL_HOSPICE_REV_CNTR_RATE_AMT,
    .rev_tot_chrg = COL_HOSPICE_REV_CNTR_TOT_CHRG_AMT,
    .ncvrd = COL_HOSPICE_REV_CNTR_NCVRD_CHRG_AMT,
    .ddctbl_coinsrnc = COL_HOSPICE_REV_CNTR_DDCTBL_COINSRNC_CD,
    .ndc_qty = COL_HOSPICE_REV_CNTR_NDC_QTY,
    .ndc_qlfr = COL_HOSPICE_REV_CNTR_NDC_QTY_QLFR_CD,
    .rndrng_upin = COL_HOSPICE_RNDRNG_PHYSN_UPIN,
    .rndrng_npi = COL_HOSPICE_RNDRNG_PHYSN_NPI,
    .stus_ind = -1,
    .rev_pmt = COL_HOSPICE_REV_CNTR_PMT_AMT_AMT,
    .ansi1 = -1,
    .dx_cd = {COL_HOSPICE_ICD_DGNS_CD1,  COL_HOSPICE_ICD_DGNS_CD2,  COL_HOSPICE_ICD_DGNS_CD3,
              COL_HOSPICE_ICD_DGNS_CD4,  COL_HOSPICE_ICD_DGNS_CD5,  COL_HOSPICE_ICD_DGNS_CD6,
              COL_HOSPICE_ICD_DGNS_CD7,  COL_HOSPICE_ICD_DGNS_CD8,  COL_HOSPICE_ICD_DGNS_CD9,
              COL_HOSPICE_ICD_DGNS_CD10, COL_HOSPICE_ICD_DGNS_CD11, COL_HOSPICE_ICD_DGNS_CD12,
              COL_HOSPICE_ICD_DGNS_CD13, COL_HOSPICE_ICD_DGNS_CD14, COL_HOSPICE_ICD_DGNS_CD15,
              COL_HOSPICE_ICD_DGNS_CD16, COL_HOSPICE_ICD_DGNS_CD17, COL_HOSPICE_ICD_DGNS_CD18,
              COL_HOSPICE_ICD_DGNS_CD19, COL_HOSPICE_ICD_DGNS_CD20, COL_HOSPICE_ICD_DGNS_CD21,
              COL_HOSPICE_ICD_DGNS_CD22, COL_HOSPICE_ICD_DGNS_CD23, COL_HOSPICE_ICD_DGNS_CD24,
              COL_HOSPICE_ICD_DGNS_CD25},
    .dx_vrsn = {COL_HOSPICE_ICD_DGNS_VRSN_CD1,  COL_HOSPICE_ICD_DGNS_VRSN_CD2,
                COL_HOSPICE_ICD_DGNS_VRSN_CD3,  COL_HOSPICE_ICD_DGNS_VRSN_CD4,
                COL_HOSPICE_ICD_DGNS_VRSN_CD5,  COL_HOSPICE_ICD_DGNS_VRSN_CD6,
                COL_HOSPICE_ICD_DGNS_VRSN_CD7,  COL_HOSPICE_ICD_DGNS_VRSN_CD8,
                COL_HOSPICE_ICD_DGNS_VRSN_CD9,  COL_HOSPICE_ICD_DGNS_VRSN_CD10,
                COL_HOSPICE_ICD_DGNS_VRSN_CD11, COL_HOSPICE_ICD_DGNS_VRSN_CD12,
                COL_HOSPICE_ICD_DGNS_VRSN_CD13, COL_HOSPICE_ICD_DGNS_VRSN_CD14,
                COL_HOSPICE_ICD_DGNS_VRSN_CD15, COL_HOSPICE_ICD_DGNS_VRSN_CD16,
                COL_HOSPICE_ICD_DGNS_VRSN_CD17, COL_HOSPICE_ICD_DGNS_VRSN_CD18,
                COL_HOSPICE_ICD_DGNS_VRSN_CD19, COL_HOSPICE_ICD_DGNS_VRSN_CD20,
                COL_HOSPICE_ICD_DGNS_VRSN_CD21, COL_HOSPICE_ICD_DGNS_VRSN_CD22,
                COL_HOSPICE_ICD_DGNS_VRSN_CD23, COL_HOSPICE_ICD_DGNS_VRSN_CD24,
                COL_HOSPICE_ICD_DGNS_VRSN_CD25},
    .dx_poa = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
               -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1},
    .ex_cd = {COL_HOSPICE_ICD_DGNS_E_CD1, COL_HOSPICE_ICD_DGNS_E_CD2, COL_HOSPICE_ICD_DGNS_E_CD3,
              COL_HOSPICE_ICD_DGNS_E_CD4, COL_HOSPICE_ICD_DGNS_E_CD5, COL_HOSPICE_ICD_DGNS_E_CD6,
              COL_HOSPICE_ICD_DGNS_E_CD7, COL_HOSPICE_ICD_DGNS_E_CD8, COL_HOSPICE_ICD_DGNS_E_CD9,
              COL_HOSPICE_ICD_DGNS_E_CD10, COL_HOSPICE_ICD_DGNS_E_CD11,
              COL_HOSPICE_ICD_DGNS_E_CD12},
    .ex_vrsn = {COL_HOSPICE_ICD_DGNS_E_VRSN_CD1, COL_HOSPICE_ICD_DGNS_E_VRSN_CD2,
                COL_HOSPICE_ICD_DGNS_E_VRSN_CD3, COL_HOSPICE_ICD_DGNS_E_VRSN_CD4,
                COL_HOSPICE_ICD_DGNS_E_VRSN_CD5, COL_HOSPICE_ICD_DGNS_E_VRSN_CD6,
                COL_HOSPICE_ICD_DGNS_E_VRSN_CD7, COL_HOSPICE_ICD_DGNS_E_VRSN_CD8,
                COL_HOSPICE_ICD_DGNS_E_VRSN_CD9, COL_HOSPICE_ICD_DGNS_E_VRSN_CD10,
                COL_HOSPICE_ICD_DGNS_E_VRSN_CD11, COL_HOSPICE_ICD_DGNS_E_VRSN_CD12},
    .ex_poa = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1},
    .rv_cd = {-1, -1, -1},
    .rv_vrsn = {-1, -1, -1},
    .px_cd = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
              -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1},
    .px_vrsn = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1},
    .px_dt = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
              -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1},
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

	inst_team_add(&x, false, C(AT_PHYSN_NPI), INST_ATTENDING);
	inst_team_add(&x, true, C(AT_PHYSN_UPIN), INST_ATTENDING);
	inst_team_lines(&x);
	inst_team_write(&x);

	inst_info_received(&x);
	inst_info_code(&x, "nch_ptnt_stus_ind_cd", C(NCH_PTNT_STATUS_IND_CD));
	inst_info_admission(&x, C(CLM_HOSPC_START_DT_ID), C(NCH_BENE_DSCHRG_DT));
	inst_info_slice_code(&x, "typeofbill", "Type of Bill", "clm_freq_cd", C(CLM_FREQ_CD));
	inst_info_slice_code(&x, "discharge-status", "Discharge Status", "ptnt_dschrg_stus_cd",
	                     C(PTNT_DSCHRG_STUS_CD));
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
