/* eob_carrier: carrier (Part B physician/supplier) claims as ExplanationOfBenefit resources,
 * as BFD's CarrierClaimTransformerV2 renders them. */
#include "fhir/eob_professional.h"

#include "rif/columns.h"

static const struct prof_cols cols = PROF_COLS(CARRIER);

#define L(e, i, c) PROF_L(e, i, COL_CARRIER_##c)
#define V(e, c)    PROF_V(e, COL_CARRIER_##c)
#define C(e, c)    PROF_C(e, COL_CARRIER_##c)

/* The care team, diagnoses and supporting information, in the order BFD adds them. */
static void build(struct prof_eob *e)
{
	prof_information(e);
	/* The referring physician: by NPI, else by UPIN. */
	if (!V(e, RFR_PHYSN_NPI)->null)
		prof_care(e, -1, PROF_NPI, PROF_REFERRING, V(e, RFR_PHYSN_NPI), true, false);
	else
		prof_care(e, -1, PROF_UPIN, PROF_REFERRING, V(e, RFR_PHYSN_UPIN), false, false);
	prof_claim_diagnoses(e, PROF_DX_PRINCIPAL_PROF, PROF_DX_SECONDARY);
	/* CARR_CLM_RFRNG_PIN_NUM: BFD types it as an NPI. */
	prof_care(e, -1, PROF_NPI, PROF_REFERRING, V(e, CARR_CLM_RFRNG_PIN_NUM), true, false);
	for (int i = 0; i < e->r->nlines; i++) {
		struct prof_member *m;
		if (!L(e, i, PRF_PHYSN_NPI)->null)
			m = prof_care(e, i, PROF_NPI, PROF_PERFORMING, L(e, i, PRF_PHYSN_NPI), true,
			              false);
		else
			m = prof_care(e, i, PROF_UPIN, PROF_PERFORMING, L(e, i, PRF_PHYSN_UPIN),
			              false, false);
		if (m) {
			m->responsible = true;
			prof_care_qual(m, "prvdr_spclty", C(e, PRVDR_SPCLTY),
			               L(e, i, PRVDR_SPCLTY));
			prof_care_ext(m, "carr_line_prvdr_type_cd", C(e, CARR_LINE_PRVDR_TYPE_CD),
			              L(e, i, CARR_LINE_PRVDR_TYPE_CD));
			prof_care_ext(m, "prtcptng_ind_cd", C(e, PRTCPTNG_IND_CD),
			              L(e, i, PRTCPTNG_IND_CD));
		}
		prof_care(e, i, PROF_NPI, PROF_PRIMARY, L(e, i, ORG_NPI_NUM), false, true);
		e->items[i].diag = prof_diag(e, L(e, i, LINE_ICD_DGNS_CD),
		                             L(e, i, LINE_ICD_DGNS_VRSN_CD), PROF_DX_SECONDARY);
	}
}

/* BFD's test is BigDecimal.equals(ZERO): a zero written with decimals is not zero. */
static bool zero(const struct rif_value *v)
{
	return v->i == 0 && v->scale == 0;
}

static bool item_has_extensions(const struct fhir *f, const struct prof_eob *e, int i)
{
	const struct rif_value *anest = L(e, i, CARR_LINE_ANSTHSA_UNIT_CNT);
	const struct rif_value *mtus = L(e, i, CARR_LINE_MTUS_CNT);
	return (f->tax_numbers && !L(e, i, TAX_NUM)->null) || (!anest->null && anest->i > 0) ||
	       (!mtus->null && !zero(mtus)) || !L(e, i, CARR_LINE_MTUS_CD)->null ||
	       !L(e, i, BETOS_CD)->null || !L(e, i, LINE_BENE_PRMRY_PYR_CD)->null ||
	       !L(e, i, LINE_PRCSG_IND_CD)->null || !L(e, i, LINE_SERVICE_DEDUCTIBLE)->null;
}

static void item_extensions(struct fhir *f, const struct prof_eob *e, int i)
{
	prof_item_tax_number(f, e, i);
	const struct rif_value *anest = L(e, i, CARR_LINE_ANSTHSA_UNIT_CNT);
	if (!anest->null && anest->i > 0)
		fhir_ext_quantity(f, "carr_line_ansthsa_unit_cnt", C(e, CARR_LINE_ANSTHSA_UNIT_CNT),
		                  anest);
	const struct rif_value *mtus = L(e, i, CARR_LINE_MTUS_CNT);
	if (!mtus->null && !zero(mtus))
		fhir_ext_quantity(f, "carr_line_mtus_cnt", C(e, CARR_LINE_MTUS_CNT), mtus);
	/* The unit code twice: once (as BFD does) under the count's variable. */
	fhir_ext_coding(f, "carr_line_mtus_cnt", C(e, CARR_LINE_MTUS_CD),
	                L(e, i, CARR_LINE_MTUS_CD));
	fhir_ext_coding(f, "carr_line_mtus_cd", C(e, CARR_LINE_MTUS_CD),
	                L(e, i, CARR_LINE_MTUS_CD));
	prof_item_common_extensions(f, e, i);
}

static void location_extensions(struct fhir *f, const struct prof_eob *e, int i)
{
	fhir_ext_coding(f, "prvdr_state_cd", C(e, PRVDR_STATE_CD), L(e, i, PRVDR_STATE_CD));
	fhir_ext_coding(f, "prvdr_zip", C(e, PRVDR_ZIP), L(e, i, PRVDR_ZIP));
	fhir_ext_coding(f, "carr_line_prcng_lclty_cd", C(e, CARR_LINE_PRCNG_LCLTY_CD),
	                L(e, i, CARR_LINE_PRCNG_LCLTY_CD));
	fhir_ext_identifier(f, "carr_line_clia_lab_num", C(e, CARR_LINE_CLIA_LAB_NUM),
	                    L(e, i, CARR_LINE_CLIA_LAB_NUM));
}

static void item(struct fhir *f, const struct prof_eob *e, int i)
{
	static const int mods[] = {COL_CARRIER_HCPCS_1ST_MDFR_CD, COL_CARRIER_HCPCS_2ND_MDFR_CD};
	json_object(&f->j);
	if (item_has_extensions(f, e, i)) {
		json_key(&f->j, "extension");
		json_array(&f->j);
		item_extensions(f, e, i);
		json_end_array(&f->j);
	}
	prof_item_middle(f, e, i, mods, 2);
	bool loc = !L(e, i, PRVDR_STATE_CD)->null || !L(e, i, PRVDR_ZIP)->null ||
	           !L(e, i, CARR_LINE_PRCNG_LCLTY_CD)->null ||
	           !L(e, i, CARR_LINE_CLIA_LAB_NUM)->null;
	prof_item_location_quantity(f, e, i, location_extensions, loc);
	json_key(&f->j, "adjudication");
	json_array(&f->j);
	const struct rif_value *rdcd = L(e, i, CARR_LINE_RDCD_PMT_PHYS_ASTN_C);
	if (!rdcd->null) {
		json_object(&f->j);
		json_key(&f->j, "category");
		fhir_concept(
		    f, "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator",
		    "denialreason", "Denial Reason");
		json_key(&f->j, "reason");
		fhir_var_concept(f, "carr_line_rdcd_pmt_phys_astn_c",
		                 C(e, CARR_LINE_RDCD_PMT_PHYS_ASTN_C), rdcd);
		json_end_object(&f->j);
	}
	prof_item_common_adjudications(f, e, i);
	json_end_array(&f->j);
	json_end_object(&f->j);
}

/* provider: the billing NPI ("UNKNOWN" when there is none), without a display. */
static void provider(struct fhir *f, const struct prof_eob *e)
{
	json_key(&f->j, "provider");
	json_object(&f->j);
	json_key(&f->j, "identifier");
	json_object(&f->j);
	json_key(&f->j, "system");
	json_string(&f->j, FHIR_VAR "carr_clm_blg_npi_num");
	json_key(&f->j, "value");
	const struct rif_value *blg = V(e, CARR_CLM_BLG_NPI_NUM);
	if (blg->null)
		json_string(&f->j, "UNKNOWN");
	else
		json_stringn(&f->j, blg->s, blg->len);
	json_end_object(&f->j);
	json_end_object(&f->j);
}

static const struct prof_type carrier = {
    .cols = &cols,
    .profile = FHIR_PROFILE "C4BB-ExplanationOfBenefit-Professional-NonClinician",
    .eob_type = "CARRIER",
    .hl7_code = "professional",
    .hl7_display = "Professional",
    .part = 'b',
    .build = build,
    .provider = provider,
    .item = item,
};

void fhir_eob_carrier(struct fhir *f, const struct fhir_record *r, const struct store_claim *meta)
{
	prof_eob(f, r, meta, &carrier);
}
