/* eob_dme: durable medical equipment claims (DMERC) as ExplanationOfBenefit resources, as
 * BFD's DMEClaimTransformerV2 renders them (with BFD's Inpatient-Institutional profile and
 * Part A coverage, and its repeated line adjudications). */
#include "fhir/eob_professional.h"

#include "rif/columns.h"

static const struct prof_cols cols = PROF_COLS(DME);

#define L(e, i, c) PROF_L(e, i, COL_DME_##c)
#define V(e, c)    PROF_V(e, COL_DME_##c)
#define C(e, c)    PROF_C(e, COL_DME_##c)

/* The care team, diagnoses and supporting information, in the order BFD adds them. */
static void build(struct prof_eob *e)
{
	prof_information(e);
	if (!V(e, RFR_PHYSN_NPI)->null)
		prof_care(e, -1, PROF_NPI, PROF_REFERRING, V(e, RFR_PHYSN_NPI), true, false);
	else
		prof_care(e, -1, PROF_UPIN, PROF_REFERRING, V(e, RFR_PHYSN_UPIN), false, false);
	/* DME diagnoses are typed as outpatient ones, except the line's (BFD passes CARRIER). */
	prof_claim_diagnoses(e, PROF_DX_PRINCIPAL_INST, PROF_DX_OTHER);
	for (int i = 0; i < e->r->nlines; i++) {
		struct prof_member *m =
		    prof_care(e, i, PROF_NPI, PROF_PERFORMING, L(e, i, PRVDR_NPI), true, false);
		if (m) {
			m->responsible = true;
			prof_care_qual(m, "prvdr_spclty", C(e, PRVDR_SPCLTY),
			               L(e, i, PRVDR_SPCLTY));
			prof_care_ext(m, "prtcptng_ind_cd", C(e, PRTCPTNG_IND_CD),
			              L(e, i, PRTCPTNG_IND_CD));
		}
		e->items[i].diag = prof_diag(e, L(e, i, LINE_ICD_DGNS_CD),
		                             L(e, i, LINE_ICD_DGNS_VRSN_CD), PROF_DX_SECONDARY);
	}
}

/* DMERC_LINE_MTUS_CNT as a quantity, with its unit (DMERC_LINE_MTUS_CD) when there is one. */
static void mtus(struct fhir *f, const struct prof_eob *e, int i)
{
	const struct rif_value *cnt = L(e, i, DMERC_LINE_MTUS_CNT),
	                       *cd = L(e, i, DMERC_LINE_MTUS_CD);
	if (cnt->null)
		return;
	json_object(&f->j);
	json_key(&f->j, "url");
	json_string(&f->j, FHIR_VAR "dmerc_line_mtus_cnt");
	json_key(&f->j, "valueQuantity");
	json_object(&f->j);
	json_key(&f->j, "value");
	fhir_value(f, C(e, DMERC_LINE_MTUS_CNT), cnt);
	if (!cd->null) {
		const char *unit = refdata_code(f->rd, "dmerc_line_mtus_cd", cd->s, cd->len);
		if (unit) {
			json_key(&f->j, "unit");
			json_string(&f->j, unit);
		}
		json_key(&f->j, "system");
		json_string(&f->j, FHIR_VAR "dmerc_line_mtus_cd");
		json_key(&f->j, "code");
		json_stringn(&f->j, cd->s, cd->len);
	}
	json_end_object(&f->j);
	json_end_object(&f->j);
}

static bool item_has_extensions(const struct fhir *f, const struct prof_eob *e, int i)
{
	return !L(e, i, PRVDR_NUM)->null || (f->tax_numbers && !L(e, i, TAX_NUM)->null) ||
	       !L(e, i, DMERC_LINE_SCRN_SVGS_AMT)->null || !L(e, i, DMERC_LINE_MTUS_CNT)->null ||
	       !L(e, i, DMERC_LINE_PRCNG_STATE_CD)->null ||
	       !L(e, i, DMERC_LINE_SUPPLR_TYPE_CD)->null || !L(e, i, BETOS_CD)->null ||
	       !L(e, i, LINE_BENE_PRMRY_PYR_CD)->null || !L(e, i, LINE_PRCSG_IND_CD)->null ||
	       !L(e, i, LINE_SERVICE_DEDUCTIBLE)->null;
}

static void item_extensions(struct fhir *f, const struct prof_eob *e, int i)
{
	fhir_ext_identifier(f, "suplrnum", C(e, PRVDR_NUM), L(e, i, PRVDR_NUM));
	prof_item_tax_number(f, e, i);
	fhir_ext_quantity(f, "dmerc_line_scrn_svgs_amt", C(e, DMERC_LINE_SCRN_SVGS_AMT),
	                  L(e, i, DMERC_LINE_SCRN_SVGS_AMT));
	mtus(f, e, i);
	fhir_ext_coding(f, "dmerc_line_prcng_state_cd", C(e, DMERC_LINE_PRCNG_STATE_CD),
	                L(e, i, DMERC_LINE_PRCNG_STATE_CD));
	fhir_ext_coding(f, "dmerc_line_supplr_type_cd", C(e, DMERC_LINE_SUPPLR_TYPE_CD),
	                L(e, i, DMERC_LINE_SUPPLR_TYPE_CD));
	prof_item_common_extensions(f, e, i);
}

static void location_extensions(struct fhir *f, const struct prof_eob *e, int i)
{
	fhir_ext_coding(f, "prvdr_state_cd", C(e, PRVDR_STATE_CD), L(e, i, PRVDR_STATE_CD));
}

static void item(struct fhir *f, const struct prof_eob *e, int i)
{
	static const int mods[] = {COL_DME_HCPCS_1ST_MDFR_CD, COL_DME_HCPCS_2ND_MDFR_CD,
	                           COL_DME_HCPCS_3RD_MDFR_CD, COL_DME_HCPCS_4TH_MDFR_CD};
	const struct rif_value *price = L(e, i, LINE_DME_PRCHS_PRICE_AMT);
	json_object(&f->j);
	if (item_has_extensions(f, e, i)) {
		json_key(&f->j, "extension");
		json_array(&f->j);
		item_extensions(f, e, i);
		json_end_array(&f->j);
	}
	prof_item_middle(f, e, i, mods, 4);
	prof_item_location_quantity(f, e, i, location_extensions, !L(e, i, PRVDR_STATE_CD)->null);
	json_key(&f->j, "adjudication");
	json_array(&f->j);
	prof_adjudication(f, "paidtoprovider", "rev_cntr_prvdr_pmt_amt",
	                  L(e, i, LINE_PRVDR_PMT_AMT));
	prof_adjudication(f, "eligible", "line_prmry_alowd_chrg_amt",
	                  L(e, i, LINE_PRMRY_ALOWD_CHRG_AMT));
	prof_adjudication(f, "submitted", "line_dme_prchs_price_amt", price);
	prof_item_common_adjudications(f, e, i);
	/* BFD then adds these two, both with the purchase price (LINE_BENE_PMT_AMT's included). */
	prof_adjudication(f, "paidtoprovider", "line_bene_pmt_amt", price);
	prof_adjudication(f, "submitted", "line_dme_prchs_price_amt", price);
	json_end_array(&f->j);
	json_end_object(&f->j);
}

/* provider: the first line's supplier NPI, as a Practitioner with its name ("UNKNOWN" for
 * both when there is no NPI). */
static void provider(struct fhir *f, const struct prof_eob *e)
{
	const struct rif_value *npi = e->r->nlines ? L(e, 0, PRVDR_NPI) : NULL;
	char buf[512];
	json_key(&f->j, "provider");
	json_object(&f->j);
	json_key(&f->j, "type");
	json_string(&f->j, "Practitioner");
	json_key(&f->j, "identifier");
	json_object(&f->j);
	json_key(&f->j, "system");
	json_string(&f->j, "http://hl7.org/fhir/sid/us-npi");
	json_key(&f->j, "value");
	if (npi && !npi->null)
		json_stringn(&f->j, npi->s, npi->len);
	else
		json_string(&f->j, "UNKNOWN");
	json_end_object(&f->j);
	const char *display = "UNKNOWN";
	if (npi && !npi->null)
		display = enrich_npi_name(enrich_npi(f->enrich, npi->s, npi->len), buf, sizeof buf);
	if (display) {
		json_key(&f->j, "display");
		json_string(&f->j, display);
	}
	json_end_object(&f->j);
}

static const struct prof_type dme = {
    .cols = &cols,
    .profile = FHIR_PROFILE "C4BB-ExplanationOfBenefit-Inpatient-Institutional",
    .eob_type = "DME",
    .hl7_code = "institutional",
    .hl7_display = "Institutional",
    .part = 'a',
    .build = build,
    .provider = provider,
    .item = item,
};

void fhir_eob_dme(struct fhir *f, const struct fhir_record *r, const struct store_claim *meta)
{
	prof_eob(f, r, meta, &dme);
}
