/* eob_institutional: what the institutional ExplanationOfBenefit transforms (inpatient,
 * outpatient, SNF, hospice, HHA) share, after BFD's TransformerUtilsV2: the provider
 * organization, the header extensions, care team, supporting information, diagnoses with
 * their present-on-admission indicators, procedures, revenue-center items, adjudications,
 * totals and benefit balances. Each transform (eob_<type>.c) calls these in BFD's order,
 * which decides the order of the arrays and the sequence numbers. */
#ifndef BB_FHIR_EOB_INSTITUTIONAL_H
#define BB_FHIR_EOB_INSTITUTIONAL_H

#include "fhir/eob.h"

/* The columns the shared pieces read, as indexes into a type's layout; -1 when the type has
 * no such column. Each transform fills one from its COL_<TYPE>_… constants. */
struct inst_cols {
	int bene;
	int clm_id;
	int grp;
	int final_action;
	int near_line;
	int clm_type;
	int from;
	int thru;
	int wkly;
	int fi_proc_dt;
	int query;
	int prvdr_num;
	int fac_type;
	int srvc_clsfctn;
	int freq;
	int fi_num;
	int non_pmt;
	int pmt;
	int prpayamt;
	int prmry_pyr;
	int fi_actn;
	int state;
	int org_npi;
	int at_upin;
	int at_npi;
	int op_upin;
	int op_npi;
	int ot_upin;
	int ot_npi;
	int mco;
	int dschrg;
	int tot_chrg;
	int fi_doc;
	int admtg_cd;
	int admtg_vrsn;
	int prncpal_cd;
	int prncpal_vrsn;
	int fst_e_cd;
	int fst_e_vrsn;
	int line_num;
	int rev;
	int rev_dt;
	int hcpcs;
	int mdfr1;
	int mdfr2;
	int unit_cnt;
	int rate;
	int rev_tot_chrg;
	int ncvrd;
	int ddctbl_coinsrnc;
	int ndc_qty;
	int ndc_qlfr;
	int rndrng_upin;
	int rndrng_npi;
	int stus_ind;
	int rev_pmt;
	int ansi1;
	int dx_cd[25];
	int dx_vrsn[25];
	int dx_poa[25];
	int ex_cd[12];
	int ex_vrsn[12];
	int ex_poa[12];
	int rv_cd[3];
	int rv_vrsn[3];
	int px_cd[25];
	int px_vrsn[25];
	int px_dt[25];
};

/* The inpatient transform's columns (its tests build inpatient records with them). */
extern const struct inst_cols inst_inpatient_cols;

/* Initializers of struct inst_cols. The numbered columns COL_<T>_<name>1 … 12 or 25: */
#define INST_NUMBERED12(T, name)                                                                   \
	COL_##T##_##name##1, COL_##T##_##name##2, COL_##T##_##name##3, COL_##T##_##name##4,        \
	    COL_##T##_##name##5, COL_##T##_##name##6, COL_##T##_##name##7, COL_##T##_##name##8,    \
	    COL_##T##_##name##9, COL_##T##_##name##10, COL_##T##_##name##11, COL_##T##_##name##12
#define INST_COLS12(T, name)                                                                       \
	{                                                                                          \
		INST_NUMBERED12(T, name)                                                           \
	}
#define INST_COLS25(T, name)                                                                       \
	{                                                                                          \
		INST_NUMBERED12(T, name), COL_##T##_##name##13, COL_##T##_##name##14,              \
		    COL_##T##_##name##15, COL_##T##_##name##16, COL_##T##_##name##17,              \
		    COL_##T##_##name##18, COL_##T##_##name##19, COL_##T##_##name##20,              \
		    COL_##T##_##name##21, COL_##T##_##name##22, COL_##T##_##name##23,              \
		    COL_##T##_##name##24, COL_##T##_##name##25                                     \
	}
/* No such columns: */
#define INST_NONE3                                                                                 \
	{                                                                                          \
		-1, -1, -1                                                                         \
	}
#define INST_NONE12                                                                                \
	{                                                                                          \
		-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1                                     \
	}
#define INST_NONE25                                                                                \
	{                                                                                          \
		-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,    \
		    -1, -1, -1, -1, -1                                                             \
	}
/* The columns all five types have, under the same names (a transform adds the others). */
#define INST_COLS_COMMON(T)                                                                        \
	.bene = COL_##T##_BENE_ID, .clm_id = COL_##T##_CLM_ID, .grp = COL_##T##_CLM_GRP_ID,        \
	.final_action = COL_##T##_FINAL_ACTION, .near_line = COL_##T##_NCH_NEAR_LINE_REC_IDENT_CD, \
	.clm_type = COL_##T##_NCH_CLM_TYPE_CD, .from = COL_##T##_CLM_FROM_DT,                      \
	.thru = COL_##T##_CLM_THRU_DT, .wkly = COL_##T##_NCH_WKLY_PROC_DT,                         \
	.fi_proc_dt = COL_##T##_FI_CLM_PROC_DT, .query = COL_##T##_CLAIM_QUERY_CODE,               \
	.prvdr_num = COL_##T##_PRVDR_NUM, .fac_type = COL_##T##_CLM_FAC_TYPE_CD,                   \
	.srvc_clsfctn = COL_##T##_CLM_SRVC_CLSFCTN_TYPE_CD, .freq = COL_##T##_CLM_FREQ_CD,         \
	.fi_num = COL_##T##_FI_NUM, .non_pmt = COL_##T##_CLM_MDCR_NON_PMT_RSN_CD,                  \
	.pmt = COL_##T##_CLM_PMT_AMT, .prpayamt = COL_##T##_NCH_PRMRY_PYR_CLM_PD_AMT,              \
	.prmry_pyr = COL_##T##_NCH_PRMRY_PYR_CD, .state = COL_##T##_PRVDR_STATE_CD,                \
	.org_npi = COL_##T##_ORG_NPI_NUM, .at_upin = COL_##T##_AT_PHYSN_UPIN,                      \
	.at_npi = COL_##T##_AT_PHYSN_NPI, .dschrg = COL_##T##_PTNT_DSCHRG_STUS_CD,                 \
	.tot_chrg = COL_##T##_CLM_TOT_CHRG_AMT, .fi_doc = COL_##T##_FI_DOC_CLM_CNTL_NUM,           \
	.prncpal_cd = COL_##T##_PRNCPAL_DGNS_CD, .prncpal_vrsn = COL_##T##_PRNCPAL_DGNS_VRSN_CD,   \
	.fst_e_cd = COL_##T##_FST_DGNS_E_CD, .fst_e_vrsn = COL_##T##_FST_DGNS_E_VRSN_CD,           \
	.line_num = COL_##T##_CLM_LINE_NUM, .rev = COL_##T##_REV_CNTR,                             \
	.hcpcs = COL_##T##_HCPCS_CD, .unit_cnt = COL_##T##_REV_CNTR_UNIT_CNT,                      \
	.rate = COL_##T##_REV_CNTR_RATE_AMT, .rev_tot_chrg = COL_##T##_REV_CNTR_TOT_CHRG_AMT,      \
	.ncvrd = COL_##T##_REV_CNTR_NCVRD_CHRG_AMT, .ndc_qty = COL_##T##_REV_CNTR_NDC_QTY,         \
	.ndc_qlfr = COL_##T##_REV_CNTR_NDC_QTY_QLFR_CD,                                            \
	.rndrng_upin = COL_##T##_RNDRNG_PHYSN_UPIN, .rndrng_npi = COL_##T##_RNDRNG_PHYSN_NPI,      \
	.dx_cd = INST_COLS25(T, ICD_DGNS_CD), .dx_vrsn = INST_COLS25(T, ICD_DGNS_VRSN_CD),         \
	.ex_cd = INST_COLS12(T, ICD_DGNS_E_CD), .ex_vrsn = INST_COLS12(T, ICD_DGNS_E_VRSN_CD)

enum inst_role { INST_ATTENDING, INST_OPERATING, INST_OTHER_OPERATING, INST_PERFORMING };

struct inst_member {
	bool upin; /* a UPIN, else an NPI */
	const struct rif_column *c;
	const struct rif_value *v;
	enum inst_role role;
};

/* A transform's state while it writes one resource. */
struct inst {
	struct fhir *f;
	const struct fhir_record *r;
	const struct inst_cols *c;
	int info_seq;             /* last supportingInfo sequence */
	bool in_array;            /* an array opened by inst_array is open */
	struct inst_member *team; /* care team, in sequence order */
	int nteam;
	int *line_team; /* per line, up to two care-team sequences (0 = none) */
};

void inst_init(struct inst *x, struct fhir *f, const struct fhir_record *r,
               const struct inst_cols *c);
void inst_free(struct inst *x);

/* A claim-level value (a null value when col is -1). */
const struct rif_value *inst_v(const struct inst *x, int col);
/* Line i's value of column col (a null value when col is -1). */
const struct rif_value *inst_lv(const struct inst *x, int i, int col);

/* Opens the array under key when it is not open yet (arrays whose elements are all
 * optional); inst_array_end closes it when it was opened. */
void inst_array(struct inst *x, const char *key);
void inst_array_end(struct inst *x);

/* "contained": the #provider-org Organization (PRVDR_NUM, ORG_NPI_NUM and its name). */
void inst_contained(struct inst *x);

/* Elements of "extension" (the caller opens the array). */
void inst_ext_coding(struct inst *x, const char *var, int col);
void inst_ext_money(struct inst *x, const char *var, int col);
void inst_ext_quantity(struct inst *x, const char *var, int col);
/* FI_DOC_CLM_CNTL_NUM, FI_CLM_PROC_DT, CLM_MDCR_NON_PMT_RSN_CD, CLM_SRVC_CLSFCTN_TYPE_CD,
 * FI_NUM, as mapEobCommonGroupInpOutHHAHospiceSNF adds them. */
void inst_ext_common(struct inst *x);

/* "identifier", "status", "type", "subType", "use", "patient", "billablePeriod" (with
 * CLAIM_QUERY_CODE), "created", "insurer", "provider", "facility" and "outcome", in HAPI's
 * order. */
void inst_header(struct inst *x, const char *eob_type, bool professional, bool outpatient);

/* Care team: claim-level members (NPI or UPIN) and, per line, the rendering physician (UPIN
 * then NPI), then "careTeam" written. */
void inst_team_add(struct inst *x, bool upin, int col, enum inst_role role);
void inst_team_lines(struct inst *x);
void inst_team_write(struct inst *x);
/* All three: the attending, operating and other operating physicians (NPI, then UPIN; the
 * types without operating columns have -1 there), the lines' members, then "careTeam". */
void inst_team(struct inst *x);

/* supportingInfo elements (inside the array): */
/* category info/admtype + the variable, code from the variable's codebook. */
void inst_info_code(struct inst *x, const char *var, int col);
/* a C4BB slice (typeofbill, discharge-status) with a code of the variable. */
void inst_info_slice_code(struct inst *x, const char *slice, const char *slice_display,
                          const char *var, int col);
/* The typeofbill (CLM_FREQ_CD) and discharge-status (PTNT_DSCHRG_STUS_CD) slices. */
void inst_info_bill_discharge(struct inst *x);
void inst_info_period(struct inst *x, const char *var, int from, int thru);
void inst_info_date(struct inst *x, const char *var, int col);
void inst_info_admission(struct inst *x, int from, int thru);
void inst_info_received(struct inst *x);
void inst_info_blood(struct inst *x, int col);
void inst_info_quantity(struct inst *x, const char *var, int col);

/* "diagnosis" and "procedure". */
enum inst_dx_labels { INST_DX_INPATIENT, INST_DX_OUTPATIENT, INST_DX_PROFESSIONAL };
void inst_diagnoses(struct inst *x, enum inst_dx_labels labels);
void inst_procedures(struct inst *x);

/* Items. */
enum inst_adj_kind {
	INST_ADJ_DENIAL,
	INST_ADJ_SUBMITTED,
	INST_ADJ_NONCOVERED,
	INST_ADJ_DEDUCTIBLE,
	INST_ADJ_COINSURANCE,
	INST_ADJ_PRIOR_PAYER,
	INST_ADJ_PAID_PROVIDER,
	INST_ADJ_PAID_PATIENT,
	INST_ADJ_PAID_BY_PATIENT,
};
struct inst_adj {
	enum inst_adj_kind kind;
	const char *var;
	int col; /* a line column */
};
enum inst_product {
	INST_PRODUCT_HCPCS_VAR, /* inpatient: hcpcs_cd and the HCPCS code system */
	INST_PRODUCT_HCPCS,     /* mapHcpcs: the HCPCS code system */
};
enum inst_modifiers {
	INST_MOD_UCUM,       /* the NDC quantity qualifier only */
	INST_MOD_HCPCS_UCUM, /* HCPCS modifiers, then the qualifier */
	INST_MOD_UCUM_HCPCS, /* the qualifier, then HCPCS modifiers */
};
struct inst_item_spec {
	enum inst_product product;
	enum inst_modifiers modifiers;
	int ndc_col; /* outpatient's NDC (REV_CNTR_IDE_NDC_UPC_NUM), else -1 */
	const struct inst_adj *adj;
	int nadj;
};
void inst_items(struct inst *x, const struct inst_item_spec *spec);

/* "total" (CLM_TOT_CHRG_AMT) and "payment" (CLM_PMT_AMT). */
void inst_total_payment(struct inst *x);

/* benefitBalance financial entries (the caller brackets them with inst_bb_begin/end). */
void inst_bb_begin(struct inst *x);
void inst_bb_money(struct inst *x, const char *var, int col);
void inst_bb_int(struct inst *x, const char *var, int col);
void inst_bb_end(struct inst *x);

#endif
