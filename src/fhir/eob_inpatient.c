/* ExplanationOfBenefit for inpatient claims, as BFD's InpatientClaimTransformerV2 renders
 * them (C4BB Inpatient Institutional). */
#include "fhir/eob_institutional.h"
#include "rif/columns.h"

/* The shared pieces' columns in this layout (-1: the type has none), listed from
 * rif/columns.h. */
const struct inst_cols inst_inpatient_cols = {
    INST_COLS_COMMON(INPATIENT),
    .fi_actn = COL_INPATIENT_FI_CLM_ACTN_CD,
    .op_upin = COL_INPATIENT_OP_PHYSN_UPIN,
    .op_npi = COL_INPATIENT_OP_PHYSN_NPI,
    .ot_upin = COL_INPATIENT_OT_PHYSN_UPIN,
    .ot_npi = COL_INPATIENT_OT_PHYSN_NPI,
    .mco = COL_INPATIENT_CLM_MCO_PD_SW,
    .admtg_cd = COL_INPATIENT_ADMTG_DGNS_CD,
    .admtg_vrsn = COL_INPATIENT_ADMTG_DGNS_VRSN_CD,
    .rev_dt = -1,
    .mdfr1 = -1,
    .mdfr2 = -1,
    .ddctbl_coinsrnc = COL_INPATIENT_REV_CNTR_DDCTBL_COINSRNC_CD,
    .stus_ind = -1,
    .rev_pmt = -1,
    .ansi1 = -1,
    .dx_poa = INST_COLS25(INPATIENT, CLM_POA_IND_SW),
    .ex_poa = INST_COLS12(INPATIENT, CLM_E_POA_IND_SW),
    .rv_cd = INST_NONE3,
    .rv_vrsn = INST_NONE3,
    .px_cd = INST_COLS25(INPATIENT, ICD_PRCDR_CD),
    .px_vrsn = INST_COLS25(INPATIENT, ICD_PRCDR_VRSN_CD),
    .px_dt = INST_COLS25(INPATIENT, PRCDR_DT),
};

#define C(x) COL_INPATIENT_##x

static const struct inst_adj adjudications[] = {
    {INST_ADJ_SUBMITTED, "rev_cntr_rate_amt", C(REV_CNTR_RATE_AMT)},
    {INST_ADJ_SUBMITTED, "rev_cntr_tot_chrg_amt", C(REV_CNTR_TOT_CHRG_AMT)},
    {INST_ADJ_NONCOVERED, "rev_cntr_ncvrd_chrg_amt", C(REV_CNTR_NCVRD_CHRG_AMT)},
};

static const struct inst_item_spec items = {
    .product = INST_PRODUCT_HCPCS_VAR,
    .modifiers = INST_MOD_UCUM,
    .ndc_col = -1,
    .adj = adjudications,
    .nadj = sizeof adjudications / sizeof *adjudications,
};

void fhir_eob_inpatient(struct fhir *f, const struct fhir_record *r, const struct store_claim *meta)
{
	struct inst x;
	inst_init(&x, f, r, &inst_inpatient_cols);
	json_object(&f->j);
	fhir_eob_begin(f, meta, FHIR_PROFILE "C4BB-ExplanationOfBenefit-Inpatient-Institutional");
	inst_contained(&x);

	inst_array(&x, "extension");
	inst_ext_coding(&x, "nch_near_line_rec_ident_cd", inst_inpatient_cols.near_line);
	inst_ext_coding(&x, "fi_clm_actn_cd", C(FI_CLM_ACTN_CD));
	inst_ext_money(&x, "ime_op_clm_val_amt", C(IME_OP_CLM_VAL_AMT));
	inst_ext_money(&x, "clm_uncompd_care_pmt_amt", C(CLM_UNCOMPD_CARE_PMT_AMT));
	inst_ext_money(&x, "dsh_op_clm_val_amt", C(DSH_OP_CLM_VAL_AMT));
	inst_ext_common(&x);
	inst_array_end(&x);

	inst_header(&x, "INPATIENT", false, false);

	inst_team(&x);

	inst_info_code(&x, "nch_ptnt_stus_ind_cd", C(NCH_PTNT_STATUS_IND_CD));
	inst_info_admission(&x, C(CLM_ADMSN_DT), C(NCH_BENE_DSCHRG_DT));
	inst_info_code(&x, "clm_ip_admsn_type_cd", C(CLM_IP_ADMSN_TYPE_CD));
	inst_info_code(&x, "clm_src_ip_admsn_cd", C(CLM_SRC_IP_ADMSN_CD));
	inst_info_period(&x, "nch_vrfd_ncvrd_stay_from_dt", C(NCH_VRFD_NCVRD_STAY_FROM_DT),
	                 C(NCH_VRFD_NCVRD_STAY_THRU_DT));
	inst_info_date(&x, "nch_actv_or_cvrd_lvl_care_thru", C(NCH_ACTV_OR_CVRD_LVL_CARE_THRU));
	inst_info_date(&x, "nch_bene_mdcr_bnfts_exhtd_dt_i", C(NCH_BENE_MDCR_BNFTS_EXHTD_DT_I));
	inst_info_code(&x, "clm_drg_cd", C(CLM_DRG_CD));
	inst_info_blood(&x, C(NCH_BLOOD_PNTS_FRNSHD_QTY));
	inst_info_code(&x, "clm_mco_pd_sw", C(CLM_MCO_PD_SW));
	inst_info_bill_discharge(&x);
	inst_info_code(&x, "nch_prmry_pyr_cd", C(NCH_PRMRY_PYR_CD));
	inst_info_received(&x);
	inst_array_end(&x);

	inst_diagnoses(&x, INST_DX_INPATIENT);
	inst_procedures(&x);
	fhir_eob_insurance(f, 'a', inst_v(&x, inst_inpatient_cols.bene)->i);
	inst_items(&x, &items);
	inst_total_payment(&x);

	inst_bb_begin(&x);
	inst_bb_money(&x, "clm_pass_thru_per_diem_amt", C(CLM_PASS_THRU_PER_DIEM_AMT));
	inst_bb_money(&x, "nch_profnl_cmpnt_chrg_amt", C(NCH_PROFNL_CMPNT_CHRG_AMT));
	inst_bb_money(&x, "clm_tot_pps_cptl_amt", C(CLM_TOT_PPS_CPTL_AMT));
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
	inst_bb_money(&x, "nch_drg_outlier_aprvd_pmt_amt", C(NCH_DRG_OUTLIER_APRVD_PMT_AMT));
	inst_bb_money(&x, "nch_bene_blood_ddctbl_lblty_am", C(NCH_BENE_BLOOD_DDCTBL_LBLTY_AM));
	inst_bb_money(&x, "prpayamt", C(NCH_PRMRY_PYR_CLM_PD_AMT));
	inst_bb_int(&x, "clm_utlztn_day_cnt", C(CLM_UTLZTN_DAY_CNT));
	inst_bb_int(&x, "clm_pps_cptl_drg_wt_num", C(CLM_PPS_CPTL_DRG_WT_NUM));
	inst_bb_int(&x, "bene_lrd_used_cnt", C(BENE_LRD_USED_CNT));
	inst_bb_end(&x);

	json_end_object(&f->j);
	inst_free(&x);
}
