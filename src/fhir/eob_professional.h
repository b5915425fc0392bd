/* eob_professional: what the carrier and DME ExplanationOfBenefit transforms share (BFD's
 * "common group/item fields between Carrier and DME"): the care team, diagnoses and supporting
 * information they build while reading the lines, the line adjudications, totals and benefit
 * balance, and the contained hematocrit/hemoglobin Observations.
 *
 * A transform first builds a struct prof_eob (the entries whose sequence numbers items refer
 * to), then writes the resource in FHIR's element order with the writers below. */
#ifndef BB_FHIR_EOB_PROFESSIONAL_H
#define BB_FHIR_EOB_PROFESSIONAL_H

#include "fhir/eob.h"

/* Layout indexes (COL_<TYPE>_…) of the columns carrier and DME share. */
struct prof_cols {
	/* claim level */
	int bene, clm_id, grp, final_action, near_line, clm_type, from, thru, wkly_proc, entry_cd,
	    disp_cd, carr_num, pmt_dnl, pmt_amt, prmry_pyr_pd, rfr_upin, rfr_npi, asgmnt, prvdr_pmt,
	    bene_pmt, sbmtd, alowd, ddctbl, hcpcs_yr, prncpal, prncpal_vrsn, dgns1, clncl_tril,
	    cntl_num;
	/* line level */
	int line_num, tax_num, spclty, prtcptng, srvc_cnt, cms_type, pos, first_dt, last_dt, hcpcs,
	    betos, nch_pmt, line_bene_pmt, line_prvdr_pmt, line_ddctbl, prmry_pyr_cd,
	    line_prmry_pyr_pd, coinsrnc, line_sbmtd, line_alowd, prcsg, pmt_80_100, svc_ddctbl,
	    line_dgns, line_dgns_vrsn, hct_rslt, hct_type, ndc;
};

/* The prof_cols of a type whose columns are named COL_<T>_… (CARRIER, DME: the same names). */
#define PROF_COLS(T)                                                                               \
	{                                                                                          \
		.bene = COL_##T##_BENE_ID, .clm_id = COL_##T##_CLM_ID,                             \
		.grp = COL_##T##_CLM_GRP_ID, .final_action = COL_##T##_FINAL_ACTION,               \
		.near_line = COL_##T##_NCH_NEAR_LINE_REC_IDENT_CD,                                 \
		.clm_type = COL_##T##_NCH_CLM_TYPE_CD, .from = COL_##T##_CLM_FROM_DT,              \
		.thru = COL_##T##_CLM_THRU_DT, .wkly_proc = COL_##T##_NCH_WKLY_PROC_DT,            \
		.entry_cd = COL_##T##_CARR_CLM_ENTRY_CD, .disp_cd = COL_##T##_CLM_DISP_CD,         \
		.carr_num = COL_##T##_CARR_NUM, .pmt_dnl = COL_##T##_CARR_CLM_PMT_DNL_CD,          \
		.pmt_amt = COL_##T##_CLM_PMT_AMT,                                                  \
		.prmry_pyr_pd = COL_##T##_CARR_CLM_PRMRY_PYR_PD_AMT,                               \
		.rfr_upin = COL_##T##_RFR_PHYSN_UPIN, .rfr_npi = COL_##T##_RFR_PHYSN_NPI,          \
		.asgmnt = COL_##T##_CARR_CLM_PRVDR_ASGNMT_IND_SW,                                  \
		.prvdr_pmt = COL_##T##_NCH_CLM_PRVDR_PMT_AMT,                                      \
		.bene_pmt = COL_##T##_NCH_CLM_BENE_PMT_AMT,                                        \
		.sbmtd = COL_##T##_NCH_CARR_CLM_SBMTD_CHRG_AMT,                                    \
		.alowd = COL_##T##_NCH_CARR_CLM_ALOWD_AMT,                                         \
		.ddctbl = COL_##T##_CARR_CLM_CASH_DDCTBL_APLD_AMT,                                 \
		.hcpcs_yr = COL_##T##_CARR_CLM_HCPCS_YR_CD, .prncpal = COL_##T##_PRNCPAL_DGNS_CD,  \
		.prncpal_vrsn = COL_##T##_PRNCPAL_DGNS_VRSN_CD, .dgns1 = COL_##T##_ICD_DGNS_CD1,   \
		.clncl_tril = COL_##T##_CLM_CLNCL_TRIL_NUM,                                        \
		.cntl_num = COL_##T##_CARR_CLM_CNTL_NUM, .line_num = COL_##T##_LINE_NUM,           \
		.tax_num = COL_##T##_TAX_NUM, .spclty = COL_##T##_PRVDR_SPCLTY,                    \
		.prtcptng = COL_##T##_PRTCPTNG_IND_CD, .srvc_cnt = COL_##T##_LINE_SRVC_CNT,        \
		.cms_type = COL_##T##_LINE_CMS_TYPE_SRVC_CD,                                       \
		.pos = COL_##T##_LINE_PLACE_OF_SRVC_CD, .first_dt = COL_##T##_LINE_1ST_EXPNS_DT,   \
		.last_dt = COL_##T##_LINE_LAST_EXPNS_DT, .hcpcs = COL_##T##_HCPCS_CD,              \
		.betos = COL_##T##_BETOS_CD, .nch_pmt = COL_##T##_LINE_NCH_PMT_AMT,                \
		.line_bene_pmt = COL_##T##_LINE_BENE_PMT_AMT,                                      \
		.line_prvdr_pmt = COL_##T##_LINE_PRVDR_PMT_AMT,                                    \
		.line_ddctbl = COL_##T##_LINE_BENE_PTB_DDCTBL_AMT,                                 \
		.prmry_pyr_cd = COL_##T##_LINE_BENE_PRMRY_PYR_CD,                                  \
		.line_prmry_pyr_pd = COL_##T##_LINE_BENE_PRMRY_PYR_PD_AMT,                         \
		.coinsrnc = COL_##T##_LINE_COINSRNC_AMT,                                           \
		.line_sbmtd = COL_##T##_LINE_SBMTD_CHRG_AMT,                                       \
		.line_alowd = COL_##T##_LINE_ALOWD_CHRG_AMT, .prcsg = COL_##T##_LINE_PRCSG_IND_CD, \
		.pmt_80_100 = COL_##T##_LINE_PMT_80_100_CD,                                        \
		.svc_ddctbl = COL_##T##_LINE_SERVICE_DEDUCTIBLE,                                   \
		.line_dgns = COL_##T##_LINE_ICD_DGNS_CD,                                           \
		.line_dgns_vrsn = COL_##T##_LINE_ICD_DGNS_VRSN_CD,                                 \
		.hct_rslt = COL_##T##_LINE_HCT_HGB_RSLT_NUM,                                       \
		.hct_type = COL_##T##_LINE_HCT_HGB_TYPE_CD, .ndc = COL_##T##_LINE_NDC_CD,          \
	}

enum prof_idtype { PROF_NPI, PROF_UPIN };
enum prof_role { PROF_REFERRING, PROF_PERFORMING, PROF_PRIMARY };
/* How a diagnosis type is shown: BFD picks the coding by claim type and label. */
enum prof_dxtype {
	PROF_DX_PRINCIPAL_PROF,
	PROF_DX_SECONDARY,
	PROF_DX_PRINCIPAL_INST,
	PROF_DX_OTHER
};

/* A coded value (CCW variable, its column and value). */
struct prof_code {
	const char *var;
	const struct rif_column *c;
	const struct rif_value *v;
};

struct prof_member {
	enum prof_idtype type;
	enum prof_role role;
	const char *id;
	size_t id_len;
	bool taxonomy;                /* qualification from the NPI's taxonomy, when known */
	bool org;                     /* display: the NPI's organisation name */
	bool responsible;             /* a performing provider */
	struct prof_code *ext, *qual; /* distinct codes gathered from every line */
	int next, nqual, ext_cap, qual_cap;
};

struct prof_diag {
	const char *code;
	size_t len;
	char version; /* '0' ICD-10, '9' ICD-9, other or 0 (null): unknown */
	enum prof_dxtype type;
};

/* What an item refers to: careTeam, diagnosis and supportingInfo sequences (0: none). */
struct prof_item {
	int care[2], ncare;
	int diag;
	int info;
};

struct prof_eob {
	const struct fhir_record *r;
	const struct prof_cols *k;
	struct prof_member *care;
	int ncare;
	struct prof_diag *diag;
	int ndiag;
	int ninfo;
	struct prof_item *items; /* one per line */
};

/* A claim-level value, a line's value, and a column's description. */
#define PROF_V(e, col)    (&(e)->r->v[(col)])
#define PROF_L(e, i, col) fhir_line((e)->r, (i), (col))
#define PROF_C(e, col)    (&(e)->r->l->cols[(col)])

/* What differs between the carrier and DME resources; prof_eob writes the rest. */
struct prof_type {
	const struct prof_cols *cols;
	const char *profile;                /* FHIR_PROFILE … */
	const char *eob_type;               /* CARRIER, DME */
	const char *hl7_code, *hl7_display; /* the HL7 claim type */
	char part;                          /* the coverage's part: b, a */
	/* Adds the care team, diagnoses and supporting information, in BFD's order. */
	void (*build)(struct prof_eob *e);
	/* Writes "provider". */
	void (*provider)(struct fhir *f, const struct prof_eob *e);
	/* Writes line i as an item object. */
	void (*item)(struct fhir *f, const struct prof_eob *e, int i);
};

/* Writes the ExplanationOfBenefit of a carrier or DME claim. */
void prof_eob(struct fhir *f, const struct fhir_record *r, const struct store_claim *meta,
              const struct prof_type *t);

void prof_init(struct prof_eob *e, const struct fhir_record *r, const struct prof_cols *k);
void prof_free(struct prof_eob *e);

/* Adds (or finds, as BFD matches them: identifier type, value and role) a care team member;
 * returns it, or NULL when id is null. When item >= 0 the item refers to it. */
struct prof_member *prof_care(struct prof_eob *e, int item, enum prof_idtype type,
                              enum prof_role role, const struct rif_value *id, bool taxonomy,
                              bool org);
/* Adds a coding extension / a qualification coding to a member unless it has it already. */
void prof_care_ext(struct prof_member *m, const char *var, const struct rif_column *c,
                   const struct rif_value *v);
void prof_care_qual(struct prof_member *m, const char *var, const struct rif_column *c,
                    const struct rif_value *v);
/* Adds a diagnosis unless the claim has its code already; returns its sequence, 0 when code
 * is null. */
int prof_diag(struct prof_eob *e, const struct rif_value *code, const struct rif_value *version,
              enum prof_dxtype type);
/* The claim-level diagnoses, in BFD's order (ICD_DGNS_CD1, principal, ICD_DGNS_CD2…12). */
void prof_claim_diagnoses(struct prof_eob *e, enum prof_dxtype principal, enum prof_dxtype other);
/* The supportingInfo sequences: the received date, then one per line with a HCT/HGB test. */
void prof_information(struct prof_eob *e);

/* Writers, in the resource's element order. Each writes "key": value (nothing when empty). */
void prof_write_contained(struct fhir *f, const struct prof_eob *e);
void prof_write_extensions(struct fhir *f, const struct prof_eob *e);
/* After fhir_eob_use_patient, fhir_eob_billable_period, fhir_eob_created_insurer and the
 * provider: */
void prof_write_referral(struct fhir *f, const struct prof_eob *e);
/* After fhir_eob_outcome: "disposition" */
void prof_write_disposition(struct fhir *f, const struct prof_eob *e);
void prof_write_care_team(struct fhir *f, const struct prof_eob *e);
void prof_write_supporting_info(struct fhir *f, const struct prof_eob *e);
void prof_write_diagnosis(struct fhir *f, const struct prof_eob *e);
/* "total", "payment", "benefitBalance" */
void prof_write_totals(struct fhir *f, const struct prof_eob *e);

/* Item pieces. */
void prof_item_common_extensions(struct fhir *f, const struct prof_eob *e, int i);
/* "sequence" … "servicedPeriod": sequences, category, productOrService, modifiers (the
 * HCPCS modifier columns given), serviced date(s). */
void prof_item_middle(struct fhir *f, const struct prof_eob *e, int i, const int *mods, int nmods);
/* "locationCodeableConcept": the extensions extra writes (when has_extra: it writes at least
 * one), then the place of service; then "quantity". */
void prof_item_location_quantity(struct fhir *f, const struct prof_eob *e, int i,
                                 void (*extra)(struct fhir *f, const struct prof_eob *e, int i),
                                 bool has_extra);
/* The line adjudications both types have (LINE_NCH_PMT_AMT … LINE_ALOWD_CHRG_AMT). */
void prof_item_common_adjudications(struct fhir *f, const struct prof_eob *e, int i);
/* One amount adjudication: C4BB category code (benefit, submitted, paidtoprovider, …) and the
 * CCW variable; nothing when v is null. */
void prof_adjudication(struct fhir *f, const char *carin, const char *var,
                       const struct rif_value *v);
/* The tax number extension, when the request asks for tax numbers. */
void prof_item_tax_number(struct fhir *f, const struct prof_eob *e, int i);

/* A money amount as BFD prints it ({"value": 75.0, "currency": "USD"}). */
void prof_money(struct fhir *f, const struct rif_value *v);
/* A decimal value with trailing zeros dropped, one decimal kept ("75.0", "37.5"). */
void prof_decimal(struct fhir *f, const struct rif_value *v);

#endif
