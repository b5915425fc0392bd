/* eob_pde: ExplanationOfBenefit (C4BB-ExplanationOfBenefit-Pharmacy) for Part D events, as BFD
 * v2's PartDEventTransformerV2 renders them, with the provider and drug names BFD adds
 * afterwards from its enrichment tables.
 *
 * Enrichment. BFD's server writes placeholders while transforming (replaceProvider[npi],
 * replaceTaxonomyDisplay[npi], replaceDrugCode[ndc]) and then fills them from its npi_data and
 * fda_data tables (fhir/enrich.h, given in f->enrich); whatever it finds no row for loses its
 * display (and a care team member its qualification). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fatal.h"
#include "fhir/eob.h"
#include "rif/columns.h"

#define C4BB_ID      "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType"
#define C4BB_INFO    "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBSupportingInfoType"
#define C4BB_ADJ     "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication"
#define HL7_ADJ      "http://terminology.hl7.org/CodeSystem/adjudication"
#define BB_ADJ       "https://bluebutton.cms.gov/resources/codesystem/adjudication"
#define BB_INFO      "https://bluebutton.cms.gov/resources/codesystem/information"
#define INFO_CAT     "http://terminology.hl7.org/CodeSystem/claiminformationcategory"
#define V2_0203      "http://terminology.hl7.org/CodeSystem/v2-0203"
#define V3_ACT       "http://terminology.hl7.org/CodeSystem/v3-ActCode"
#define NDC          "http://hl7.org/fhir/sid/ndc"
#define US_NPI       "http://hl7.org/fhir/sid/us-npi"
#define PDE_PROFILE  FHIR_PROFILE "C4BB-ExplanationOfBenefit-Pharmacy"
#define PDE_COL(col) (&r->l->cols[COL_PDE_##col])
#define PDE_VAL(col) (&r->v[COL_PDE_##col])

/* ---- the transform ---- */

/* The third identifier: RX_SRVC_RFRNC_NUM. */
static void rx_identifier(struct fhir *f, const struct fhir_record *r)
{
	char tmp[32];
	const char *s;
	json_object(&f->j);
	json_key(&f->j, "type");
	fhir_concept(f, C4BB_ID, "uc", "Unique Claim ID");
	json_key(&f->j, "system");
	fhir_var_url(f, "rx_srvc_rfrnc_num");
	json_key(&f->j, "value");
	size_t n = fhir_text(PDE_COL(RX_SRVC_RFRNC_NUM), PDE_VAL(RX_SRVC_RFRNC_NUM), tmp, &s);
	json_stringn(&f->j, s, n);
	json_end_object(&f->j);
}

static bool value_is(const struct rif_value *v, const char *s)
{
	return !v->null && v->len == strlen(s) && memcmp(v->s, s, v->len) == 0;
}

/* "provider" (the service provider id under the NPI system, whatever its qualifier) and
 * "facility" (the pharmacy: typed identifier, name, pharmacy service type). */
static void provider_facility(struct fhir *f, const struct fhir_record *r, const struct enrich *e)
{
	const struct rif_value *id = PDE_VAL(SRVC_PRVDR_ID), *q = PDE_VAL(SRVC_PRVDR_ID_QLFYR_CD);
	bool has_id = !id->null && id->len > 0;
	const char *system = NULL, *code = NULL;
	if (has_id) {
		json_key(&f->j, "provider");
		json_object(&f->j);
		json_key(&f->j, "identifier");
		json_object(&f->j);
		json_key(&f->j, "system");
		json_string(&f->j, US_NPI);
		json_key(&f->j, "value");
		json_stringn(&f->j, id->s, id->len);
		json_end_object(&f->j);
		json_end_object(&f->j);
		if (value_is(q, "01"))
			system = C4BB_ID, code = "npi";
		else if (value_is(q, "06"))
			system = V2_0203, code = "UPIN";
		else if (value_is(q, "07"))
			system = "https://bluebutton.cms.gov/resources/codesystem/identifier-type",
			code = "NCPDP";
		else if (value_is(q, "08"))
			system = V2_0203, code = "SL";
		else if (value_is(q, "11"))
			system = V2_0203, code = "TAX";
	}
	json_key(&f->j, "facility");
	json_object(&f->j);
	if (!PDE_VAL(PHRMCY_SRVC_TYPE_CD)->null) {
		json_key(&f->j, "extension");
		json_array(&f->j);
		fhir_ext_coding(f, "phrmcy_srvc_type_cd", PDE_COL(PHRMCY_SRVC_TYPE_CD),
		                PDE_VAL(PHRMCY_SRVC_TYPE_CD));
		json_end_array(&f->j);
	}
	if (code) {
		json_key(&f->j, "identifier");
		json_object(&f->j);
		json_key(&f->j, "type");
		fhir_concept(f, system, code, NULL);
		json_key(&f->j, "value");
		json_stringn(&f->j, id->s, id->len);
		json_end_object(&f->j);
		char buf[512];
		const char *name = enrich_npi_name(enrich_npi(e, id->s, id->len), buf, sizeof buf);
		if (name) {
			json_key(&f->j, "display");
			json_string(&f->j, name);
		}
	}
	json_end_object(&f->j);
}

/* "careTeam": the prescriber, with the name and taxonomy of the NPI data when it has a row
 * (BFD drops the qualification when it has none). */
static void care_team(struct fhir *f, const struct fhir_record *r, const struct enrich *e)
{
	const struct rif_value *id = PDE_VAL(PRSCRBR_ID);
	const struct enrich_npi *row = enrich_npi(e, id->s, id->len);
	char buf[512];
	json_key(&f->j, "careTeam");
	json_array(&f->j);
	json_object(&f->j);
	json_key(&f->j, "sequence");
	json_int(&f->j, 1);
	json_key(&f->j, "provider");
	json_object(&f->j);
	json_key(&f->j, "identifier");
	json_object(&f->j);
	json_key(&f->j, "type");
	fhir_concept(f, C4BB_ID, "npi", "National Provider Identifier");
	json_key(&f->j, "value");
	json_stringn(&f->j, id->s, id->len);
	json_end_object(&f->j);
	const char *name = enrich_npi_name(row, buf, sizeof buf);
	if (name) {
		json_key(&f->j, "display");
		json_string(&f->j, name);
	}
	json_end_object(&f->j);
	json_key(&f->j, "role");
	fhir_concept(f, "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimCareTeamRole",
	             "prescribing", "Prescribing provider");
	if (row)
		fhir_taxonomy_qualification(f, row);
	json_end_object(&f->j);
	json_end_array(&f->j);
}

/* supportingInfo entries. */
struct info {
	struct fhir *f;
	int seq;
};

static void info_open(struct info *in)
{
	json_object(&in->f->j);
	json_key(&in->f->j, "sequence");
	json_int(&in->f->j, ++in->seq);
	json_key(&in->f->j, "category");
}

/* A C4BBSupportingInfoType slice: its category only (the caller adds the value and closes). */
static void info_slice(struct info *in, const char *code, const char *display)
{
	info_open(in);
	fhir_concept(in->f, C4BB_INFO, code, display);
}

/* A slice with a CCW-coded value (left out when the value is null). */
static void info_slice_code(struct info *in, const char *code, const char *display, const char *var,
                            const struct rif_column *c, const struct rif_value *v)
{
	if (v->null)
		return;
	info_slice(in, code, display);
	json_key(&in->f->j, "code");
	fhir_var_concept(in->f, var, c, v);
	json_end_object(&in->f->j);
}

/* A slice with a quantity value. */
static void info_slice_quantity(struct info *in, const char *code, const char *display,
                                const struct rif_column *c, const struct rif_value *v)
{
	info_slice(in, code, display);
	json_key(&in->f->j, "valueQuantity");
	json_object(&in->f->j);
	if (!v->null) {
		json_key(&in->f->j, "value");
		fhir_value(in->f, c, v);
	}
	json_end_object(&in->f->j);
	json_end_object(&in->f->j);
}

/* An "info" entry: category info + the variable in BB's information system, code the
 * variable's coding (left out when the value is null). */
static void info_code(struct info *in, const char *var, const struct rif_column *c,
                      const struct rif_value *v)
{
	struct fhir *f = in->f;
	if (v->null)
		return;
	info_open(in);
	fhir_var_category(f, INFO_CAT, "info", "Information", BB_INFO, var);
	json_key(&f->j, "code");
	fhir_var_concept(f, var, c, v);
	json_end_object(&f->j);
}

static void supporting_info(struct fhir *f, const struct fhir_record *r)
{
	struct info in = {f, 0};
	const struct rif_value *cmpnd = PDE_VAL(CMPND_CD);
	json_key(&f->j, "supportingInfo");
	json_array(&f->j);
	/* CMPND_CD: 1 not compounded, 2 compounded, 0 not specified (BFD refuses other values;
	 * we show nothing for them). */
	if (!cmpnd->null && (cmpnd->i == 1 || cmpnd->i == 2)) {
		info_slice(&in, "compoundcode", "Compound Code");
		json_key(&f->j, "code");
		if (cmpnd->i == 2)
			fhir_concept(f, V3_ACT, "RXCINV", "Rx compound invoice");
		else
			fhir_concept(f, V3_ACT, "RXDINV", "Rx dispense invoice");
		json_end_object(&f->j);
	}
	info_slice_quantity(&in, "refillnum", "Refill Number", PDE_COL(FILL_NUM),
	                    PDE_VAL(FILL_NUM));
	info_slice_quantity(&in, "dayssupply", "Days Supply", PDE_COL(DAYS_SUPLY_NUM),
	                    PDE_VAL(DAYS_SUPLY_NUM));
#define INFO(var, col) info_code(&in, var, PDE_COL(col), PDE_VAL(col))
	INFO("drug_cvrg_stus_cd", DRUG_CVRG_STUS_CD);
	INFO("daw_prod_slctn_cd", DAW_PROD_SLCTN_CD);
	INFO("dspnsng_stus_cd", DSPNSNG_STUS_CD);
	INFO("adjstmt_dltn_cd", ADJSTMT_DLTN_CD);
	INFO("nstd_frmt_cd", NSTD_FRMT_CD);
	INFO("prcng_excptn_cd", PRCNG_EXCPTN_CD);
	INFO("ctstrphc_cvrg_cd", CTSTRPHC_CVRG_CD);
	info_slice_code(&in, "rxorigincode", "Rx Origin Code", "rx_orgn_cd", PDE_COL(RX_ORGN_CD),
	                PDE_VAL(RX_ORGN_CD));
	info_slice_code(&in, "brandgenericindicator", "Brand Generic Indicator", "brnd_gnrc_cd",
	                PDE_COL(BRND_GNRC_CD), PDE_VAL(BRND_GNRC_CD));
	INFO("ptnt_rsdnc_cd", PTNT_RSDNC_CD);
	INFO("submsn_clr_cd", SUBMSN_CLR_CD);
#undef INFO
	json_end_array(&f->j);
}

/* "insurance": Part D, with the plan's contract and benefit package. */
static void insurance(struct fhir *f, const struct fhir_record *r)
{
	char ref[64];
	json_key(&f->j, "insurance");
	json_array(&f->j);
	json_object(&f->j);
	json_key(&f->j, "focal");
	json_bool(&f->j, true);
	json_key(&f->j, "coverage");
	json_object(&f->j);
	json_key(&f->j, "extension");
	json_array(&f->j);
	fhir_ext_identifier(f, "plan_cntrct_rec_id", PDE_COL(PLAN_CNTRCT_REC_ID),
	                    PDE_VAL(PLAN_CNTRCT_REC_ID));
	fhir_ext_identifier(f, "plan_pbp_rec_num", PDE_COL(PLAN_PBP_REC_NUM),
	                    PDE_VAL(PLAN_PBP_REC_NUM));
	json_end_array(&f->j);
	json_key(&f->j, "reference");
	int n = snprintf(ref, sizeof ref, "Coverage/part-d-%lld", (long long)PDE_VAL(BENE_ID)->i);
	json_stringn(&f->j, ref, (size_t)n);
	json_end_object(&f->j);
	json_end_object(&f->j);
	json_end_array(&f->j);
}

/* One item adjudication: the C4BB (or HL7) category, the variable's, and the amount. */
static void adjudication(struct fhir *f, const char *system, const char *code, const char *display,
                         const char *var, const struct rif_value *amount)
{
	json_object(&f->j);
	json_key(&f->j, "category");
	fhir_var_category(f, system, code, display, BB_ADJ, var);
	json_key(&f->j, "amount");
	fhir_money(f, amount);
	json_end_object(&f->j);
}

static void item(struct fhir *f, const struct fhir_record *r, const struct enrich *e)
{
	const struct rif_value *ndc = PDE_VAL(PROD_SRVC_ID);
	json_key(&f->j, "item");
	json_array(&f->j);
	json_object(&f->j);
	json_key(&f->j, "sequence");
	json_int(&f->j, 1);
	json_key(&f->j, "careTeamSequence");
	json_array(&f->j);
	json_int(&f->j, 1);
	json_end_array(&f->j);
	json_key(&f->j, "productOrService");
	json_object(&f->j);
	json_key(&f->j, "coding");
	json_array(&f->j);
	fhir_coding(f, NDC, ndc->s, ndc->len, enrich_drug(e, ndc->s, ndc->len));
	json_end_array(&f->j);
	json_end_object(&f->j);
	json_key(&f->j, "servicedDate");
	fhir_date(f, PDE_VAL(SRVC_DT)->i);
	json_key(&f->j, "quantity");
	json_object(&f->j);
	json_key(&f->j, "value");
	fhir_value(f, PDE_COL(QTY_DSPNSD_NUM), PDE_VAL(QTY_DSPNSD_NUM));
	json_end_object(&f->j);
	json_key(&f->j, "adjudication");
	json_array(&f->j);
	/* The plan's payment: covered (DRUG_CVRG_STUS_CD C) or not; BFD names the covered amount's
	 * variable in both cases. */
	if (value_is(PDE_VAL(DRUG_CVRG_STUS_CD), "C"))
		adjudication(f, HL7_ADJ, "benefit", "Benefit Amount", "cvrd_d_plan_pd_amt",
		             PDE_VAL(CVRD_D_PLAN_PD_AMT));
	else
		adjudication(f, C4BB_ADJ, "noncovered", "Noncovered", "cvrd_d_plan_pd_amt",
		             PDE_VAL(NCVRD_PLAN_PD_AMT));
	adjudication(f, C4BB_ADJ, "coinsurance", "Co-insurance", "gdc_blw_oopt_amt",
	             PDE_VAL(GDC_BLW_OOPT_AMT));
	adjudication(f, C4BB_ADJ, "coinsurance", "Co-insurance", "gdc_abv_oopt_amt",
	             PDE_VAL(GDC_ABV_OOPT_AMT));
	adjudication(f, C4BB_ADJ, "paidbypatient", "Paid by patient", "ptnt_pay_amt",
	             PDE_VAL(PTNT_PAY_AMT));
	adjudication(f, C4BB_ADJ, "priorpayerpaid", "Prior payer paid", "othr_troop_amt",
	             PDE_VAL(OTHR_TROOP_AMT));
	adjudication(f, C4BB_ADJ, "discount", "Discount", "lics_amt", PDE_VAL(LICS_AMT));
	adjudication(f, C4BB_ADJ, "priorpayerpaid", "Prior payer paid", "plro_amt",
	             PDE_VAL(PLRO_AMT));
	adjudication(f, C4BB_ADJ, "drugcost", "Drug Cost", "tot_rx_cst_amt",
	             PDE_VAL(TOT_RX_CST_AMT));
	adjudication(f, C4BB_ADJ, "discount", "Discount", "rptd_gap_dscnt_num",
	             PDE_VAL(RPTD_GAP_DSCNT_NUM));
	json_end_array(&f->j);
	json_end_object(&f->j);
	json_end_array(&f->j);
}

static void totals(struct fhir *f, const struct fhir_record *r)
{
	static const struct rif_value zero = {.null = false, .scale = 0, .i = 0};
	json_key(&f->j, "total");
	json_array(&f->j);
	json_object(&f->j);
	json_key(&f->j, "category");
	fhir_concept(f, C4BB_ADJ, "drugcost", "Drug Cost");
	json_key(&f->j, "amount");
	fhir_money(f, PDE_VAL(TOT_RX_CST_AMT));
	json_end_object(&f->j);
	json_object(&f->j);
	json_key(&f->j, "category");
	fhir_concept(f, "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBPayerAdjudicationStatus",
	             "other", "Other");
	json_key(&f->j, "amount");
	fhir_money(f, &zero);
	json_end_object(&f->j);
	json_end_array(&f->j);
}

void fhir_eob_pde(struct fhir *f, const struct fhir_record *r, const struct store_claim *meta)
{
	const struct enrich *e = f->enrich;
	json_object(&f->j);
	fhir_eob_begin(f, meta, PDE_PROFILE);
	fhir_eob_identifiers(f, "pde_id", PDE_COL(PDE_ID), PDE_VAL(PDE_ID), PDE_COL(CLM_GRP_ID),
	                     PDE_VAL(CLM_GRP_ID), rx_identifier, r);
	fhir_eob_status(f, PDE_VAL(FINAL_ACTION));
	fhir_eob_type(f, NULL, NULL, "PDE", "pharmacy", "Pharmacy");
	fhir_eob_use_patient(f, PDE_VAL(BENE_ID)->i);
	fhir_eob_billable_period(f, PDE_VAL(SRVC_DT), PDE_VAL(SRVC_DT));
	fhir_eob_created_insurer(f);
	provider_facility(f, r, e);
	fhir_eob_outcome(f);
	care_team(f, r, e);
	supporting_info(f, r);
	insurance(f, r);
	item(f, r, e);
	totals(f, r);
	if (!PDE_VAL(PD_DT)->null) {
		json_key(&f->j, "payment");
		json_object(&f->j);
		json_key(&f->j, "date");
		fhir_date(f, PDE_VAL(PD_DT)->i);
		json_end_object(&f->j);
	}
	json_end_object(&f->j);
}
