/* ExplanationOfBenefit for skilled nursing facility claims, as BFD's SNFClaimTransformerV2
 * renders them (C4BB Inpatient Institutional). */
#include "fhir/eob_institutional.h"
#include "rif/columns.h"

/* The shared pieces' columns in this layout (-1: the type has none), listed from
 * rif/columns.h. */
static const struct inst_cols cols = {
    .bene = COL_SNF_BENE_ID,
    .clm_id = COL_SNF_CLM_ID,
    .grp = COL_SNF_CLM_GRP_ID,
    .final_action = COL_SNF_FINAL_ACTION,
    .near_line = COL_SNF_NCH_NEAR_LINE_REC_IDENT_CD,
    .clm_type = COL_SNF_NCH_CLM_TYPE_CD,
    .from = COL_SNF_CLM_FROM_DT,
    .thru = COL_SNF_CLM_THRU_DT,
    .wkly = COL_SNF_NCH_WKLY_PROC_DT,
    .fi_proc_dt = COL_SNF_FI_CLM_PROC_DT,
    .query = COL_SNF_CLAIM_QUERY_CODE,
    .prvdr_num = COL_SNF_PRVDR_NUM,
    .fac_type = COL_SNF_CLM_FAC_TYPE_CD,
    .srvc_clsfctn = COL_SNF_CLM_SRVC_CLSFCTN_TYPE_CD,
    .freq = COL_SNF_CLM_FREQ_CD,
    .fi_num = COL_SNF_FI_NUM,
    .non_pmt = COL_SNF_CLM_MDCR_NON_PMT_RSN_CD,
    .pmt = COL_SNF_CLM_PMT_AMT,
    .prpayamt = COL_SNF_NCH_PRMRY_PYR_CLM_PD_AMT,
    .prmry_pyr = COL_SNF_NCH_PRMRY_PYR_CD,
    .fi_actn = COL_SNF_FI_CLM_ACTN_CD,
    .state = COL_SNF_PRVDR_STATE_CD,
    .org_npi = COL_SNF_ORG_NPI_NUM,
    .at_upin = COL_SNF_AT_PHYSN_UPIN,
    .at_npi = COL_SNF_AT_PHYSN_NPI,
    .op_upin = COL_SNF_OP_PHYSN_UPIN,
    .op_npi = COL_SNF_OP_PHYSN_NPI,
    .ot_upin = COL_SNF_OT_PHYSN_UPIN,
    .ot_npi = COL_SNF_OT_PHYSN_NPI,
    .mco = COL_SNF_CLM_MCO_PD_SW,
    .dschrg = COL_SNF_PTNT_DSCHRG_STUS_CD,
    .tot_chrg = COL_SNF_CLM_TOT_CHRG_AMT,
    .fi_doc = COL_SNF_FI_DOC_CLM_CNTL_NUM,
    .admtg_cd = COL_SNF_ADMTG_DGNS_CD,
    .admtg_vrsn = COL_SNF_ADMTG_DGNS_VRSN_CD,
    .prncpal_cd = COL_SNF_PRNCPAL_DGNS_CD,
    .prncpal_vrsn = COL_SNF_PRNCPAL_DGNS_VRSN_CD,
    .fst_e_cd = COL_SNF_FST_DGNS_E_CD,
    .fst_e_vrsn = COL_SNF_FST_DGNS_E_VRSN_CD,
    .line_num = COL_SNF_CLM_LINE_NUM,
    .rev = COL_SNF_REV_CNTR,
    .rev_dt = -1,
    .hcpcs = COL_SNF_HCPCS_CD,
    .mdfr1 = -1,
    .mdfr2 = -1,
    .unit_cnt = COL_SNF_REV_CNTR_UNIT_CNT,
    .rate = COL_SNF_REV_CNTR_RATE_AMT,
    .rev_tot_chrg = COL_SNF_REV_CNTR_TOT_CHRG_AMT,
    .ncvrd = COL_SNF_REV_CNTR_NCVRD_CHRG_AMT,
    .ddctbl_coinsrnc = COL_SNF_REV_CNTR_DDCTBL_COINSRNC_CD,
    .ndc_qty = COL_SNF_REV_CNTR_NDC_QTY,
    .ndc_qlfr = COL_SNF_REV_CNTR_NDC_QTY_QLFR_CD,
    .rndrng_upin = COL_SNF_RNDRNG_PHYSN_UPIN,
    .rndrng_npi = COL_SNF_RNDRNG_PHYSN_NPI,
    .stus_ind = -1,
    .rev_pmt = -1,
    .ansi1 = -1,
    .dx_cd = {COL_SNF_ICD_DGNS_CD1,  COL_SNF_ICD_DGNS_CD2,  COL_SNF_ICD_DGNS_CD3,
              COL_SNF_ICD_DGNS_CD4,  COL_SNF_ICD_DGNS_CD5,  COL_SNF_ICD_DGNS_CD6,
              COL_SNF_ICD_DGNS_CD7,  COL_SNF_ICD_DGNS_CD8,  COL_SNF_ICD_DGNS_CD9,
              COL_SNF_ICD_DGNS_CD10, COL_SNF_ICD_DGNS_CD11, COL_SNF_ICD_DGNS_CD12,
              COL_SNF_ICD_DGNS_CD13, COL_SNF_ICD_DGNS_CD14, COL_SNF_ICD_DGNS_CD15,
              COL_SNF_ICD_DGNS_CD16, COL_SNF_ICD_DGNS_CD17, COL_SNF_ICD_DGNS_CD18,
              COL_SNF_ICD_DGNS_CD19, COL_SNF_ICD_DGNS_CD20, COL_SNF_ICD_DGNS_CD21,
              COL_SNF_ICD_DGNS_CD22, COL_SNF_ICD_DGNS_CD23, COL_SNF_ICD_DGNS_CD24,
              COL_SNF_ICD_DGNS_CD25},
    .dx_vrsn = {COL_SNF_ICD_DGNS_VRSN_CD1,  COL_SNF_ICD_DGNS_VRSN_CD2,  COL_SNF_ICD_DGNS_VRSN_CD3,
                COL_SNF_ICD_DGNS_VRSN_CD4,  COL_SNF_ICD_DGNS_VRSN_CD5,  COL_SNF_ICD_DGNS_VRSN_CD6,
                COL_SNF_ICD_DGNS_VRSN_CD7,  COL_SNF_ICD_DGNS_VRSN_CD8,  COL_SNF_ICD_DGNS_VRSN_CD9,
                COL_SNF_ICD_DGNS_VRSN_CD10, COL_SNF_ICD_DGNS_VRSN_CD11, COL_SNF_ICD_DGNS_VRSN_CD12,
                COL_SNF_ICD_DGNS_VRSN_CD13, COL_SNF_ICD_DGNS_VRSN_CD14, COL_SNF_ICD_DGNS_VRSN_CD15,
                COL_SNF_ICD_DGNS_VRSN_CD16, COL_SNF_ICD_DGNS_VRSN_CD17, COL_SNF_ICD_DGNS_VRSN_CD18,
                COL_SNF_ICD_DGNS_VRSN_CD19, COL_SNF_ICD_DGNS_VRSN_CD20, COL_SNF_ICD_DGNS_VRSN_CD21,
                COL_SNF_ICD_DGNS_VRSN_CD22, COL_SNF_ICD_DGNS_VRSN_CD23, COL_SNF_ICD_DGNS_VRSN_CD24,
                COL_SNF_ICD_DGNS_VRSN_CD25},
    .dx_poa = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
               -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1},
    .ex_cd = {COL_SNF_ICD_DGNS_E_CD1, COL_SNF_ICD_DGNS_E_CD2, COL_SNF_ICD_DGNS_E_CD3,
              COL_SNF_ICD_DGNS_E_CD4, COL_SNF_ICD_DGNS_E_CD5, COL_SNF_ICD_DGNS_E_CD6,
              COL_SNF_ICD_DGNS_E_CD7, COL_SNF_ICD_DGNS_E_CD8, COL_SNF_ICD_DGNS_E_CD9,
              COL_SNF_ICD_DGNS_E_CD10, COL_SNF_ICD_DGNS_E_CD11, COL_SNF_ICD_DGNS_E_CD12},
    .ex_vrsn = {COL_SNF_ICD_DGNS_E_VRSN_CD1, COL_SNF_ICD_DGNS_E_VRSN_CD2,
                COL_SNF_ICD_DGNS_E_VRSN_CD3, COL_SNF_ICD_DGNS_E_VRSN_CD4,
                COL_SNF_ICD_DGNS_E_VRSN_CD5, COL_SNF_ICD_DGNS_E_VRSN_CD6,
                COL_SNF_ICD_DGNS_E_VRSN_CD7, COL_SNF_ICD_DGNS_E_VRSN_CD8,
                COL_SNF_ICD_DGNS_E_VRSN_CD9, COL_SNF_ICD_DGNS_E_VRSN_CD10,
                COL_SNF_ICD_DGNS_E_VRSN_CD11, COL_SNF_ICD_DGNS_E_VRSN_CD12},
    .ex_poa = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1},
    .rv_cd = {-1, -1, -1},
    .rv_vrsn = {-1, -1, -1},
    .px_cd = {COL_SNF_ICD_PRCDR_CD1,  COL_SNF_ICD_PRCDR_CD2,  COL_SNF_ICD_PRCDR_CD3,
              COL_SNF_ICD_PRCDR_CD4,  COL_SNF_ICD_PRCDR_CD5,  COL_SNF_ICD_PRCDR_CD6,
              COL_SNF_ICD_PRCDR_CD7,  COL_SNF_ICD_PRCDR_CD8,  COL_SNF_ICD_PRCDR_CD9,
              COL_SNF_ICD_PRCDR_CD10, COL_SNF_ICD_PRCDR_CD11, COL_SNF_ICD_PRCDR_CD12,
              COL_SNF_ICD_PRCDR_CD13, COL_SNF_ICD_PRCDR_CD14, COL_SNF_ICD_PRCDR_CD15,
              COL_SNF_ICD_PRCDR_CD16, COL_SNF_ICD_PRCDR_CD17, COL_SNF_ICD_PRCDR_CD18,
              COL_SNF_ICD_PRCDR_CD19, COL_SNF_ICD_PRCDR_CD20, COL_SNF_ICD_PRCDR_CD21,
              COL_SNF_ICD_PRCDR_CD22, COL_SNF_ICD_PRCDR_CD23, COL_SNF_ICD_PRCDR_CD24,
              COL_SNF_ICD_PRCDR_CD25},
    .px_vrsn =
        {COL_SNF_ICD_PRCDR_VRSN_CD1,  COL_SNF_ICD_PRCDR_VRSN_CD2,  COL_SNF_ICD_PRCDR_VRSN_CD3,
         COL_SNF_ICD_PRCDR_VRSN_CD4,  COL_SNF_ICD_PRCDR_VRSN_CD5,  COL_SNF_ICD_PRCDR_VRSN_CD6,
         COL_SNF_ICD_PRCDR_VRSN_CD7,  COL_SNF_ICD_PRCDR_VRSN_CD8,  COL_SNF_ICD_PRCDR_VRSN_CD9,
         COL_SNF_ICD_PRCDR_VRSN_CD10, COL_SNF_ICD_PRCDR_VRSN_CD11, COL_SNF_ICD_PRCDR_VRSN_CD12,
         COL_SNF_ICD_PRCDR_VRSN_CD13, COL_SNF_ICD_PRCDR_VRSN_CD14, COL_SNF_ICD_PRCDR_VRSN_CD15,
         COL_SNF_ICD_PRCDR_VRSN_CD16, COL_SNF_ICD_PRCDR_VRSN_CD17, COL_SNF_ICD_PRCDR_VRSN_CD18,
         COL_SNF_ICD_PRCDR_VRSN_CD19, COL_SNF_ICD_PRCDR_VRSN_CD20, COL_SNF_ICD_PRCDR_VRSN_CD21,
         COL_SNF_ICD_PRCDR_VRSN_CD22, COL_SNF_ICD_PRCDR_VRSN_CD23, COL_SNF_ICD_PRCDR_VRSN_CD24,
         COL_SNF_ICD_PRCDR_VRSN_CD25},
    .px_dt = {COL_SNF_PRCDR_DT1,  COL_SNF_PRCDR_DT2,  COL_SNF_PRCDR_DT3,  COL_SNF_PRCDR_DT4,
              COL_SNF_PRCDR_DT5,  COL_SNF_PRCDR_DT6,  COL_SNF_PRCDR_DT7,  COL_SNF_PRCDR_DT8,
              COL_SNF_PRCDR_DT9,  COL_SNF_PRCDR_DT10, COL_SNF_PRCDR_DT11, COL_SNF_PRCDR_DT12,
              COL_SNF_PRCDR_DT13, COL_SNF_PRCDR_DT14, COL_SNF_PRCDR_DT15, COL_SNF_PRCDR_DT16,
              COL_SNF_PRCDR_DT17, COL_SNF_PRCDR_DT18, COL_SNF_PRCDR_DT19, COL_SNF_PRCDR_DT20,
              COL_SNF_PRCDR_DT21, COL_SNF_PRCDR_DT22, COL_SNF_PRCDR_DT23, COL_SNF_PRCDR_DT24,
              COL_SNF_PRCDR_DT25},
};

#define C(x) COL_SNF_##x

static const struct inst_adj adjudications[] = {
    {INST_ADJ_SUBMITTED, "rev_cntr_rate_amt", C(REV_CNTR_RATE_AMT)},
    {INST_ADJ_SUBMITTED, "rev_cntr_tot_chrg_amt", C(REV_CNTR_TOT_CHRG_AMT)},
    {INST_ADJ_NONCOVERED, "rev_cntr_ncvrd_chrg_amt", C(REV_CNTR_NCVRD_CHRG_AMT)},
};

static const struct inst_item_spec items = {
    .product = INST_PRODUCT_HCPCS,
    .modifiers = INST_MOD_UCUM,
    .ndc_col = -1,
    .adj = adjudications,
    .nadj = sizeof adjudications / sizeof *adjudications,
};

void fhir_eob_snf(struct fhir *f, const struct fhir_record *r, const struct store_claim *meta)
{
	struct inst x;
	inst_init(&x, f, r, &cols);
	json_object(&f->j);
	fhir_eob_begin(f, meta, FHIR_PROFILE "C4BB-ExplanationOfBenefit-Inpatient-Institutional");
	inst_contained(&x);

	inst_array(&x, "extension");
	inst_ext_coding(&x, "nch_near_line_rec_ident_cd", cols.near_line);
	inst_ext_coding(&x, "fi_clm_actn_cd", C(FI_CLM_ACTN_CD));
	inst_ext_common(&x);
	inst_array_end(&x);

	inst_header(&x, "SNF", false, false);

	inst_team_add(&x, false, C(AT_PHYSN_NPI), INST_ATTENDING);
	inst_team_add(&x, true, C(AT_PHYSN_UPIN), INST_ATTENDING);
	inst_team_add(&x, false, C(OP_PHYSN_NPI), INST_OPERATING);
	inst_team_add(&x, true, C(OP_PHYSN_UPIN), INST_OPERATING);
	inst_team_add(&x, false, C(OT_PHYSN_NPI), INST_OTHER_OPERATING);
	inst_team_add(&x, true, C(OT_PHYSN_UPIN), INST_OTHER_OPERATING);
	inst_team_lines(&x);
	inst_team_write(&x);

	inst_info_received(&x);
	inst_info_code(&x, "clm_ip_admsn_type_cd", C(CLM_IP_ADMSN_TYPE_CD));
	inst_info_code(&x, "clm_src_ip_admsn_cd", C(CLM_SRC_IP_ADMSN_CD));
	inst_info_period(&x, "nch_vrfd_ncvrd_stay_from_dt", C(NCH_VRFD_NCVRD_STAY_FROM_DT),
	                 C(NCH_VRFD_NCVRD_STAY_THRU_DT));
	inst_info_date(&x, "nch_actv_or_cvrd_lvl_care_thru", C(NCH_ACTV_OR_CVRD_LVL_CARE_THRU));
	inst_info_date(&x, "nch_bene_mdcr_bnfts_exhtd_dt_i", C(NCH_BENE_MDCR_BNFTS_EXHTD_DT_I));
	inst_info_code(&x, "clm_drg_cd", C(CLM_DRG_CD));
	inst_info_code(&x, "nch_ptnt_stus_ind_cd", C(NCH_PTNT_STATUS_IND_CD));
	inst_info_admission(&x, C(CLM_ADMSN_DT), C(NCH_BENE_DSCHRG_DT));
	inst_info_period(&x, "nch_qlfyd_stay_from_dt", C(NCH_QLFYD_STAY_FROM_DT),
	                 C(NCH_QLFYD_STAY_THRU_DT));
	inst_info_code(&x, "clm_pps_ind_cd", C(CLM_PPS_IND_CD));
	inst_info_blood(&x, C(NCH_BLOOD_PNTS_FRNSHD_QTY));
	inst_info_code(&x, "clm_mco_pd_sw", C(CLM_MCO_PD_SW));
	inst_info_slice_code(&x, "typeofbill", "Type of Bill", "clm_freq_cd", C(CLM_FREQ_CD));
	inst_info_slice_code(&x, "discharge-status", "Discharge Status", "ptnt_dschrg_stus_cd",
	                     C(PTNT_DSCHRG_STUS_CD));
	inst_info_code(&x, "nch_prmry_pyr_cd", C(NCH_PRMRY_PYR_CD));
	inst_array_end(&x);

	inst_diagnoses(&x, INST_DX_OUTPATIENT);
	inst_procedures(&x);
	fhir_eob_insurance(f, 'a', inst_v(&x, cols.bene)->i);
	inst_items(&x, &items);
	inst_total_payment(&x);

	inst_bb_begin(&x);
	inst_bb_int(&x, "clm_utlztn_day_cnt", C(CLM_UTLZTN_DAY_CNT));
	inst_bb_int(&x, "bene_tot_coinsrnc_days_cnt", C(BENE_TOT_COINSRNC_DAYS_CNT));
	inst_bb_int(&x, "clm_non_utlztn_days_cnt", C(CLM_NON_UTLZTN_DAYS_CNT));
	inst_bb_money(&x, "nch_bene_ip_ddctbl_amt", C(NCH_BENE_IP_DDCTBL_AMT));
	inst_bb_money(&x, "nch_bene_pta_coinsrnc_lblty_amt", C(NCH_BENE_PTA_COINSRNC_LBLTY_AM));
	inst_bb_money(&x, "nch_ip_ncvrd_chrg_amt", C(NCH_IP_NCVRD_CHRG_AMT));
	inst_bb_money(&x, "nch_ip_tot_ddctn_amt", C(NCH_IP_TOT_DDCTN_AMT));
	inst_bb_money(&x, "clm_pps_cptl_dsprprtnt_shr_amt", C(CLM_PPS_CPTL_DSPRPRTNT_SHR_AMT));
	inst_bb_money(&x, "clm_pps_cptl_excptn_amt", C(CLM_PPS_CPTL_EXCPTN_AMT));
	inst_bb_money(&x, "clm_pps_cptl_fsp_amt", C(CLM_PPS_CPTL_FSP_AMT));
	inst_bb_money(&x, "clm_pps_cptl_ime_amt", C(CLM_PPS_CPTL_IME_AMT));
	inst_bb_money(&x, "clm_pps_cptl_outlier_amt", C(CLM_PPS_CPTL_OUTLIER_AMT));
	inst_bb_money(&x, "clm_pps_old_cptl_hld_hrmls_amt", C(CLM_PPS_OLD_CPTL_HLD_HRMLS_AMT));
	inst_bb_money(&x, "nch_bene_blood_ddctbl_lblty_am", C(NCH_BENE_BLOOD_DDCTBL_LBLTY_AM));
	inst_bb_money(&x, "prpayamt", C(NCH_PRMRY_PYR_CLM_PD_AMT));
	inst_bb_end(&x);

	json_end_object(&f->j);
	inst_free(&x);
}
