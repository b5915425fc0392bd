/* eob_professional: the pieces carrier and DME ExplanationOfBenefits share, written the way
 * BFD's TransformerUtilsV2 (mapEobCommonGroupCarrierDME, mapEobCommonItemCarrierDME,
 * addCareTeamPractitioner, DiagnosisUtilV2) and its enrichment step render them.
 *
 * The enrichment tables come from fhir/enrich.h (f->enrich). */
#include "fhir/eob_professional.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/fatal.h"

#define C4BB_IDTYPE  "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType"
#define C4BB_ADJ     "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication"
#define HL7_ADJ      "http://terminology.hl7.org/CodeSystem/adjudication"
#define BB_ADJ       "https://bluebutton.cms.gov/resources/codesystem/adjudication"
#define BB_INFO      "https://bluebutton.cms.gov/resources/codesystem/information"
#define BB_BENEFIT   "https://bluebutton.cms.gov/resources/codesystem/benefit-balance"
#define BB_HCPCS     "https://bluebutton.cms.gov/resources/codesystem/hcpcs"
#define DATA_ABSENT  "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
#define NDC_SYSTEM   "http://hl7.org/fhir/sid/ndc"
#define V2_0203      "http://terminology.hl7.org/CodeSystem/v2-0203"
#define UPIN_DISPLAY "Medicare/CMS (formerly HCFA)'s Universal Physician Identification numbers"

/* ---- small writers ------------------------------------------------------------------ */

static void key(struct fhir *f, const char *k)
{
	json_key(&f->j, k);
}

static void str(struct fhir *f, const char *s)
{
	json_string(&f->j, s);
}

/* Writes the text of a value as a string. */
static void text(struct fhir *f, const struct rif_column *c, const struct rif_value *v)
{
	char tmp[32];
	const char *s;
	size_t n = fhir_text(c, v, tmp, &s);
	json_stringn(&f->j, s, n);
}

/* ---- building ------------------------------------------------------------------------ */

void prof_init(struct prof_eob *e, const struct fhir_record *r, const struct prof_cols *k)
{
	memset(e, 0, sizeof *e);
	e->r = r;
	e->k = k;
	int n = r->nlines;
	/* At most: two claim-level members and two a line; 13 claim diagnoses and one a line. */
	e->care = xcalloc((size_t)(2 * n + 4), sizeof *e->care);
	e->diag = xcalloc((size_t)(n + 16), sizeof *e->diag);
	e->items = xcalloc((size_t)(n ? n : 1), sizeof *e->items);
}

void prof_free(struct prof_eob *e)
{
	for (int i = 0; i < e->ncare; i++) {
		free(e->care[i].ext);
		free(e->care[i].qual);
	}
	free(e->care);
	free(e->diag);
	free(e->items);
}

static const char *role_code(enum prof_role r)
{
	return r == PROF_REFERRING ? "referring" : r == PROF_PERFORMING ? "performing" : "primary";
}

struct prof_member *prof_care(struct prof_eob *e, int item, enum prof_idtype type,
                              enum prof_role role, const struct rif_value *id, bool taxonomy,
                              bool org)
{
	if (id->null)
		return NULL;
	struct prof_member *m = NULL;
	for (int i = 0; i < e->ncare && m == NULL; i++) {
		struct prof_member *c = &e->care[i];
		if (c->type == type && c->role == role && c->id_len == id->len &&
		    strncasecmp(c->id, id->s, id->len) == 0)
			m = c;
	}
	if (m == NULL) {
		m = &e->care[e->ncare++];
		m->type = type;
		m->role = role;
		m->id = id->s;
		m->id_len = id->len;
		m->taxonomy = taxonomy && type == PROF_NPI;
		m->org = org;
	}
	if (item >= 0) {
		struct prof_item *it = &e->items[item];
		int seq = (int)(m - e->care) + 1;
		bool has = false;
		for (int i = 0; i < it->ncare; i++)
			has |= it->care[i] == seq;
		if (!has && it->ncare < 2)
			it->care[it->ncare++] = seq;
	}
	return m;
}

/* Whether two coded values have the same text. */
static bool same_code(const struct prof_code *a, const struct rif_column *c,
                      const struct rif_value *v)
{
	char t1[32], t2[32];
	const char *s1, *s2;
	size_t n1 = fhir_text(a->c, a->v, t1, &s1), n2 = fhir_text(c, v, t2, &s2);
	return n1 == n2 && memcmp(s1, s2, n1) == 0;
}

static void add_code(struct prof_code **list, int *n, int *cap, const char *var,
                     const struct rif_column *c, const struct rif_value *v)
{
	if (v->null)
		return;
	for (int i = 0; i < *n; i++)
		if (strcmp((*list)[i].var, var) == 0 && same_code(&(*list)[i], c, v))
			return;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*list = realloc(*list, (size_t)*cap * sizeof **list);
		if (*list == NULL)
			fatal("out of memory");
	}
	(*list)[(*n)++] = (struct prof_code){var, c, v};
}

void prof_care_ext(struct prof_member *m, const char *var, const struct rif_column *c,
                   const struct rif_value *v)
{
	add_code(&m->ext, &m->next, &m->ext_cap, var, c, v);
}

void prof_care_qual(struct prof_member *m, const char *var, const struct rif_column *c,
                    const struct rif_value *v)
{
	add_code(&m->qual, &m->nqual, &m->qual_cap, var, c, v);
}

/* BFD's ICD system: the FHIR system a version code names (used to match diagnoses). */
static char dx_version(const struct rif_value *v)
{
	if (v == NULL || v->null || v->len == 0 || v->s[0] == ' ' || v->s[0] == '\t')
		return 0;
	return v->s[0];
}

int prof_diag(struct prof_eob *e, const struct rif_value *code, const struct rif_value *version,
              enum prof_dxtype type)
{
	if (code->null)
		return 0;
	char ver = dx_version(version);
	for (int i = 0; i < e->ndiag; i++) {
		struct prof_diag *d = &e->diag[i];
		if (d->len == code->len && memcmp(d->code, code->s, code->len) == 0 &&
		    d->version == ver)
			return i + 1;
	}
	e->diag[e->ndiag++] = (struct prof_diag){code->s, code->len, ver, type};
	return e->ndiag;
}

void prof_claim_diagnoses(struct prof_eob *e, enum prof_dxtype principal, enum prof_dxtype other)
{
	const struct prof_cols *k = e->k;
	prof_diag(e, PROF_V(e, k->dgns1), PROF_V(e, k->dgns1 + 1), principal);
	prof_diag(e, PROF_V(e, k->prncpal), PROF_V(e, k->prncpal_vrsn), principal);
	for (int n = 2; n <= 12; n++) {
		int col = k->dgns1 + 2 * (n - 1);
		prof_diag(e, PROF_V(e, col), PROF_V(e, col + 1), other);
	}
}

void prof_information(struct prof_eob *e)
{
	const struct prof_cols *k = e->k;
	if (!PROF_V(e, k->wkly_proc)->null)
		e->ninfo++;
	for (int i = 0; i < e->r->nlines; i++)
		if (!PROF_L(e, i, k->hct_type)->null)
			e->items[i].info = ++e->ninfo;
}

void prof_eob(struct fhir *f, const struct fhir_record *r, const struct store_claim *meta,
              const struct prof_type *t)
{
	const struct prof_cols *k = t->cols;
	struct prof_eob e;
	prof_init(&e, r, k);
	t->build(&e);
	json_object(&f->j);
	fhir_eob_begin(f, meta, t->profile);
	prof_write_contained(f, &e);
	prof_write_extensions(f, &e);
	fhir_eob_identifiers(f, "clm_id", PROF_C(&e, k->clm_id), PROF_V(&e, k->clm_id),
	                     PROF_C(&e, k->grp), PROF_V(&e, k->grp), NULL, r);
	fhir_eob_status(f, PROF_V(&e, k->final_action));
	fhir_eob_type(f, PROF_C(&e, k->clm_type), PROF_V(&e, k->clm_type), t->eob_type, t->hl7_code,
	              t->hl7_display);
	fhir_eob_use_patient(f, meta->bene_id);
	fhir_eob_billable_period(f, PROF_V(&e, k->from), PROF_V(&e, k->thru));
	fhir_eob_created_insurer(f);
	t->provider(f, &e);
	prof_write_referral(f, &e);
	fhir_eob_outcome(f);
	prof_write_disposition(f, &e);
	prof_write_care_team(f, &e);
	prof_write_supporting_info(f, &e);
	prof_write_diagnosis(f, &e);
	fhir_eob_insurance(f, t->part, meta->bene_id);
	if (r->nlines) {
		json_key(&f->j, "item");
		json_array(&f->j);
		for (int i = 0; i < r->nlines; i++)
			t->item(f, &e, i);
		json_end_array(&f->j);
	}
	prof_write_totals(f, &e);
	json_end_object(&f->j);
	prof_free(&e);
}

/* ---- shapes BFD repeats ------------------------------------------------------------------ */

void prof_decimal(struct fhir *f, const struct rif_value *v)
{
	int64_t m = v->null ? 0 : v->i;
	int scale = v->null ? 0 : v->scale;
	while (scale > 1 && m % 10 == 0) {
		m /= 10;
		scale--;
	}
	if (scale == 0) {
		m *= 10;
		scale = 1;
	}
	json_decimal(&f->j, m, scale);
}

void prof_money(struct fhir *f, const struct rif_value *v)
{
	json_object(&f->j);
	key(f, "value");
	prof_decimal(f, v);
	key(f, "currency");
	str(f, "USD");
	json_end_object(&f->j);
}

/* {"identifier": {"type": {"coding": [npi or UPIN]}, "value": id}, "display": …} */
static void practitioner_ref(struct fhir *f, enum prof_idtype type, const char *id, size_t len,
                             const char *display)
{
	json_object(&f->j);
	key(f, "identifier");
	json_object(&f->j);
	key(f, "type");
	if (type == PROF_NPI)
		fhir_concept(f, C4BB_IDTYPE, "npi", "National Provider Identifier");
	else
		fhir_concept(f, V2_0203, "UPIN", UPIN_DISPLAY);
	key(f, "value");
	json_stringn(&f->j, id, len);
	json_end_object(&f->j);
	if (display) {
		key(f, "display");
		str(f, display);
	}
	json_end_object(&f->j);
}

/* The name BFD's enrichment gives an NPI reference ("replaceProvider[npi]"), or NULL. */
static const char *npi_display(const struct fhir *f, const char *id, size_t len, char *buf,
                               size_t size)
{
	return enrich_npi_name(enrich_npi(f->enrich, id, len), buf, size);
}

/* ---- resource-level writers ---------------------------------------------------------- */

void prof_write_contained(struct fhir *f, const struct prof_eob *e)
{
	const struct prof_cols *k = e->k;
	bool any = false;
	for (int i = 0; i < e->r->nlines; i++) {
		if (PROF_L(e, i, k->hct_type)->null)
			continue;
		if (!any) {
			key(f, "contained");
			json_array(&f->j);
			any = true;
		}
		char id[48];
		const struct rif_value *num = PROF_L(e, i, k->line_num);
		int n = snprintf(id, sizeof id, "line-observation-%lld", (long long)num->i);
		json_object(&f->j);
		key(f, "resourceType");
		str(f, "Observation");
		key(f, "id");
		json_stringn(&f->j, id, (size_t)n);
		key(f, "status");
		str(f, "unknown");
		key(f, "code");
		fhir_var_concept(f, "line_hct_hgb_type_cd", PROF_C(e, k->hct_type),
		                 PROF_L(e, i, k->hct_type));
		key(f, "valueQuantity");
		json_object(&f->j);
		key(f, "value");
		const struct rif_value *res = PROF_L(e, i, k->hct_rslt);
		if (res->null)
			json_int(&f->j, 0);
		else
			fhir_value(f, PROF_C(e, k->hct_rslt), res);
		json_end_object(&f->j);
		json_end_object(&f->j);
	}
	if (any)
		json_end_array(&f->j);
}

void prof_write_extensions(struct fhir *f, const struct prof_eob *e)
{
	const struct prof_cols *k = e->k;
	key(f, "extension");
	json_array(&f->j);
	fhir_ext_coding(f, "nch_near_line_rec_ident_cd", PROF_C(e, k->near_line),
	                PROF_V(e, k->near_line));
	fhir_ext_identifier(f, "carr_num", PROF_C(e, k->carr_num), PROF_V(e, k->carr_num));
	fhir_ext_identifier(f, "carr_clm_cntl_num", PROF_C(e, k->cntl_num), PROF_V(e, k->cntl_num));
	fhir_ext_coding(f, "carr_clm_pmt_dnl_cd", PROF_C(e, k->pmt_dnl), PROF_V(e, k->pmt_dnl));
	fhir_ext_coding(f, "asgmntcd", PROF_C(e, k->asgmnt), PROF_V(e, k->asgmnt));
	fhir_ext_identifier(f, "clm_clncl_tril_num", PROF_C(e, k->clncl_tril),
	                    PROF_V(e, k->clncl_tril));
	fhir_ext_coding(f, "carr_clm_entry_cd", PROF_C(e, k->entry_cd), PROF_V(e, k->entry_cd));
	json_end_array(&f->j);
}

void prof_write_referral(struct fhir *f, const struct prof_eob *e)
{
	const struct rif_value *npi = PROF_V(e, e->k->rfr_npi), *upin = PROF_V(e, e->k->rfr_upin);
	char buf[512];
	if (!npi->null) {
		key(f, "referral");
		practitioner_ref(f, PROF_NPI, npi->s, npi->len,
		                 npi_display(f, npi->s, npi->len, buf, sizeof buf));
	} else if (!upin->null) {
		key(f, "referral");
		practitioner_ref(f, PROF_UPIN, upin->s, upin->len, NULL);
	}
}

void prof_write_disposition(struct fhir *f, const struct prof_eob *e)
{
	const struct rif_value *disp = PROF_V(e, e->k->disp_cd);
	if (!disp->null) {
		key(f, "disposition");
		text(f, PROF_C(e, e->k->disp_cd), disp);
	}
}

static void care_member(struct fhir *f, const struct prof_member *m, int seq)
{
	char buf[512];
	const struct enrich_npi *npi =
	    m->type == PROF_NPI ? enrich_npi(f->enrich, m->id, m->id_len) : NULL;
	json_object(&f->j);
	if (m->next) {
		key(f, "extension");
		json_array(&f->j);
		for (int i = 0; i < m->next; i++)
			fhir_ext_coding(f, m->ext[i].var, m->ext[i].c, m->ext[i].v);
		json_end_array(&f->j);
	}
	key(f, "sequence");
	json_int(&f->j, seq);
	key(f, "provider");
	const char *display = NULL;
	if (npi && m->org)
		display = npi->org;
	else if (npi)
		display = enrich_npi_name(npi, buf, sizeof buf);
	practitioner_ref(f, m->type, m->id, m->id_len, display);
	if (m->responsible) {
		key(f, "responsible");
		json_bool(&f->j, true);
	}
	key(f, "role");
	if (m->role == PROF_PRIMARY)
		fhir_concept(f, "http://terminology.hl7.org/CodeSystem/claimcareteamrole",
		             "primary", "Primary provider");
	else
		fhir_concept(f, "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimCareTeamRole",
		             role_code(m->role),
		             m->role == PROF_REFERRING ? "Referring" : "Performing provider");
	/* The taxonomy coding stays only when the NPI is known (then with its code and display,
	 * either of which may be missing). */
	bool taxonomy = m->taxonomy && npi != NULL;
	if (taxonomy || m->nqual) {
		key(f, "qualification");
		json_object(&f->j);
		key(f, "coding");
		json_array(&f->j);
		if (taxonomy)
			fhir_taxonomy_coding(f, npi);
		for (int i = 0; i < m->nqual; i++)
			fhir_var_coding(f, m->qual[i].var, m->qual[i].c, m->qual[i].v);
		json_end_array(&f->j);
		json_end_object(&f->j);
	}
	json_end_object(&f->j);
}

void prof_write_care_team(struct fhir *f, const struct prof_eob *e)
{
	if (e->ncare == 0)
		return;
	key(f, "careTeam");
	json_array(&f->j);
	for (int i = 0; i < e->ncare; i++)
		care_member(f, &e->care[i], i + 1);
	json_end_array(&f->j);
}

void prof_write_supporting_info(struct fhir *f, const struct prof_eob *e)
{
	const struct prof_cols *k = e->k;
	if (e->ninfo == 0)
		return;
	key(f, "supportingInfo");
	json_array(&f->j);
	int seq = 0;
	const struct rif_value *wkly = PROF_V(e, k->wkly_proc);
	if (!wkly->null) {
		json_object(&f->j);
		key(f, "sequence");
		json_int(&f->j, ++seq);
		key(f, "category");
		fhir_var_category(
		    f, "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBSupportingInfoType",
		    "clmrecvddate", "Claim Received Date", BB_INFO, "nch_wkly_proc_dt");
		key(f, "timingDate");
		fhir_date(f, wkly->i);
		json_end_object(&f->j);
	}
	for (int i = 0; i < e->r->nlines; i++) {
		if (e->items[i].info == 0)
			continue;
		char ref[48];
		int n = snprintf(ref, sizeof ref, "#line-observation-%lld",
		                 (long long)PROF_L(e, i, k->line_num)->i);
		json_object(&f->j);
		key(f, "sequence");
		json_int(&f->j, e->items[i].info);
		key(f, "category");
		fhir_var_category(f,
		                  "http://terminology.hl7.org/CodeSystem/claiminformationcategory",
		                  "info", "Information", BB_INFO, "line_hct_hgb_rslt_num");
		key(f, "valueReference");
		json_object(&f->j);
		key(f, "reference");
		json_stringn(&f->j, ref, (size_t)n);
		json_end_object(&f->j);
		json_end_object(&f->j);
	}
	json_end_array(&f->j);
}

/* {"system", "code", "display"} for a diagnosis (refdata_icd_diagnosis gives the display). */
static void icd_coding(struct fhir *f, const char *system, const struct prof_diag *d)
{
	char *quoted;
	const char *desc = refdata_icd_diagnosis(f->rd, d->version, d->code, d->len, &quoted);
	fhir_coding(f, system, d->code, d->len, desc);
	free(quoted);
}

void prof_write_diagnosis(struct fhir *f, const struct prof_eob *e)
{
	if (e->ndiag == 0)
		return;
	key(f, "diagnosis");
	json_array(&f->j);
	for (int i = 0; i < e->ndiag; i++) {
		const struct prof_diag *d = &e->diag[i];
		json_object(&f->j);
		key(f, "sequence");
		json_int(&f->j, i + 1);
		key(f, "diagnosisCodeableConcept");
		json_object(&f->j);
		key(f, "coding");
		json_array(&f->j);
		if (d->version == '0') {
			icd_coding(f, "http://hl7.org/fhir/sid/icd-10-cm", d);
			icd_coding(f, "http://hl7.org/fhir/sid/icd-10", d);
		} else if (d->version == '9') {
			icd_coding(f, "http://hl7.org/fhir/sid/icd-9-cm", d);
		} else if (d->version == 0) {
			icd_coding(f, "http://hl7.org/fhir/sid/unknown-icd-version", d);
		} else {
			char sys[64];
			snprintf(sys, sizeof sys, "http://hl7.org/fhir/sid/unknown-icd-version/%c",
			         d->version);
			icd_coding(f, sys, d);
		}
		json_end_array(&f->j);
		json_end_object(&f->j);
		key(f, "type");
		json_array(&f->j);
		switch (d->type) {
		case PROF_DX_PRINCIPAL_PROF:
			fhir_concept(f, "http://terminology.hl7.org/CodeSystem/ex-diagnosistype",
			             "principal", "principal");
			break;
		case PROF_DX_PRINCIPAL_INST:
			fhir_concept(f, "http://terminology.hl7.org/CodeSystem/ex-diagnosistype",
			             "principal", "Principal Diagnosis");
			break;
		case PROF_DX_OTHER:
			fhir_concept(
			    f, "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimDiagnosisType",
			    "other", "Other");
			break;
		case PROF_DX_SECONDARY:
			fhir_concept(
			    f, "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimDiagnosisType",
			    "secondary", "Secondary");
			break;
		}
		json_end_array(&f->j);
		json_end_object(&f->j);
	}
	json_end_array(&f->j);
}

static void benefit(struct fhir *f, const char *var, const struct rif_value *v)
{
	if (v->null)
		return;
	json_object(&f->j);
	key(f, "type");
	json_object(&f->j);
	key(f, "coding");
	json_array(&f->j);
	fhir_var_label_coding(f, BB_BENEFIT, var);
	json_end_array(&f->j);
	json_end_object(&f->j);
	key(f, "usedMoney");
	prof_money(f, v);
	json_end_object(&f->j);
}

/* {"coding": [C4BB adjudication code, the variable]} */
static void adjudication_category(struct fhir *f, const char *carin, const char *var)
{
	static const struct {
		const char *code, *system, *display;
	} codes[] = {
	    {"benefit", HL7_ADJ, "Benefit Amount"},
	    {"submitted", HL7_ADJ, "Submitted Amount"},
	    {"eligible", HL7_ADJ, "Eligible Amount"},
	    {"deductible", HL7_ADJ, "Deductible"},
	    {"paidtopatient", C4BB_ADJ, "Paid to patient"},
	    {"paidtoprovider", C4BB_ADJ, "Paid to provider"},
	    {"priorpayerpaid", C4BB_ADJ, "Prior payer paid"},
	    {"coinsurance", C4BB_ADJ, "Co-insurance"},
	};
	size_t i = 0;
	while (i + 1 < sizeof codes / sizeof *codes && strcmp(codes[i].code, carin) != 0)
		i++;
	fhir_var_category(f, codes[i].system, codes[i].code, codes[i].display, BB_ADJ, var);
}

void prof_write_totals(struct fhir *f, const struct prof_eob *e)
{
	const struct prof_cols *k = e->k;
	const struct rif_value *prior = PROF_V(e, k->prmry_pyr_pd);
	if (!prior->null) {
		key(f, "total");
		json_array(&f->j);
		json_object(&f->j);
		key(f, "category");
		adjudication_category(f, "priorpayerpaid", "clm_tot_chrg_amt");
		key(f, "amount");
		prof_money(f, prior);
		json_end_object(&f->j);
		json_end_array(&f->j);
	}
	if (!PROF_V(e, k->pmt_amt)->null) {
		key(f, "payment");
		json_object(&f->j);
		key(f, "amount");
		prof_money(f, PROF_V(e, k->pmt_amt));
		json_end_object(&f->j);
	}
	key(f, "benefitBalance");
	json_array(&f->j);
	json_object(&f->j);
	key(f, "category");
	fhir_concept(f, "http://terminology.hl7.org/CodeSystem/ex-benefitcategory", "1",
	             "Medical Care");
	key(f, "financial");
	json_array(&f->j);
	benefit(f, "carr_clm_cash_ddctbl_apld_amt", PROF_V(e, k->ddctbl));
	benefit(f, "nch_clm_prvdr_pmt_amt", PROF_V(e, k->prvdr_pmt));
	benefit(f, "nch_clm_bene_pmt_amt", PROF_V(e, k->bene_pmt));
	benefit(f, "nch_carr_clm_sbmtd_chrg_amt", PROF_V(e, k->sbmtd));
	benefit(f, "nch_carr_clm_alowd_amt", PROF_V(e, k->alowd));
	json_end_array(&f->j);
	json_end_object(&f->j);
	json_end_array(&f->j);
}

/* ---- items --------------------------------------------------------------------------- */

void prof_item_common_extensions(struct fhir *f, const struct prof_eob *e, int i)
{
	const struct prof_cols *k = e->k;
	fhir_ext_coding(f, "betos_cd", PROF_C(e, k->betos), PROF_L(e, i, k->betos));
	fhir_ext_coding(f, "line_bene_prmry_pyr_cd", PROF_C(e, k->prmry_pyr_cd),
	                PROF_L(e, i, k->prmry_pyr_cd));
	fhir_ext_coding(f, "line_prcsg_ind_cd", PROF_C(e, k->prcsg), PROF_L(e, i, k->prcsg));
	fhir_ext_coding(f, "line_service_deductible", PROF_C(e, k->svc_ddctbl),
	                PROF_L(e, i, k->svc_ddctbl));
}

void prof_item_tax_number(struct fhir *f, const struct prof_eob *e, int i)
{
	if (f->tax_numbers)
		fhir_ext_coding(f, "tax_num", PROF_C(e, e->k->tax_num),
		                PROF_L(e, i, e->k->tax_num));
}

static void int_list(struct fhir *f, const char *k, const int *v, int n)
{
	if (n == 0)
		return;
	key(f, k);
	json_array(&f->j);
	for (int i = 0; i < n; i++)
		json_int(&f->j, v[i]);
	json_end_array(&f->j);
}

void prof_item_middle(struct fhir *f, const struct prof_eob *e, int i, const int *mods, int nmods)
{
	const struct prof_cols *k = e->k;
	const struct prof_item *it = &e->items[i];
	key(f, "sequence");
	json_int(&f->j, PROF_L(e, i, k->line_num)->i);
	int_list(f, "careTeamSequence", it->care, it->ncare);
	int_list(f, "diagnosisSequence", &it->diag, it->diag ? 1 : 0);
	int_list(f, "informationSequence", &it->info, it->info ? 1 : 0);
	const struct rif_value *cms = PROF_L(e, i, k->cms_type);
	if (!cms->null) {
		key(f, "category");
		fhir_var_concept(f, "line_cms_type_srvc_cd", PROF_C(e, k->cms_type), cms);
	}
	/* productOrService: the NDC (or data absent) as an extension, the HCPCS code (or data
	 * absent) as the coding. */
	key(f, "productOrService");
	json_object(&f->j);
	key(f, "extension");
	json_array(&f->j);
	json_object(&f->j);
	const struct rif_value *ndc = PROF_L(e, i, k->ndc);
	if (!ndc->null) {
		key(f, "url");
		str(f, NDC_SYSTEM);
		key(f, "valueCoding");
		fhir_coding(f, NDC_SYSTEM, ndc->s, ndc->len,
		            enrich_drug(f->enrich, ndc->s, ndc->len));
	} else {
		key(f, "url");
		str(f, DATA_ABSENT);
		key(f, "valueCoding");
		fhir_coding(f, DATA_ABSENT, "NULL", 4, "Data Absent Reason");
	}
	json_end_object(&f->j);
	json_end_array(&f->j);
	key(f, "coding");
	json_array(&f->j);
	const struct rif_value *hcpcs = PROF_L(e, i, k->hcpcs);
	if (!hcpcs->null)
		fhir_coding(f, BB_HCPCS, hcpcs->s, hcpcs->len, NULL);
	else
		fhir_coding(f, DATA_ABSENT, "NULL", 4, NULL);
	json_end_array(&f->j);
	json_end_object(&f->j);
	/* modifier: each present HCPCS modifier, versioned by the claim's HCPCS year. */
	const struct rif_value *yr = PROF_V(e, k->hcpcs_yr);
	bool any = false;
	for (int m = 0; m < nmods; m++) {
		const struct rif_value *mod = PROF_L(e, i, mods[m]);
		if (mod->null)
			continue;
		if (!any) {
			key(f, "modifier");
			json_array(&f->j);
			any = true;
		}
		json_object(&f->j);
		key(f, "coding");
		json_array(&f->j);
		json_object(&f->j);
		key(f, "system");
		str(f, BB_HCPCS);
		if (!yr->null) {
			key(f, "version");
			text(f, PROF_C(e, k->hcpcs_yr), yr);
		}
		key(f, "code");
		json_stringn(&f->j, mod->s, mod->len);
		json_end_object(&f->j);
		json_end_array(&f->j);
		json_end_object(&f->j);
	}
	if (any)
		json_end_array(&f->j);
	const struct rif_value *first = PROF_L(e, i, k->first_dt), *last = PROF_L(e, i, k->last_dt);
	if (!first->null && !last->null) {
		key(f, "servicedPeriod");
		json_object(&f->j);
		key(f, "start");
		fhir_date(f, first->i);
		key(f, "end");
		fhir_date(f, last->i);
		json_end_object(&f->j);
	} else if (!first->null) {
		key(f, "servicedDate");
		fhir_date(f, first->i);
	}
}

void prof_item_location_quantity(struct fhir *f, const struct prof_eob *e, int i,
                                 void (*extra)(struct fhir *f, const struct prof_eob *e, int i),
                                 bool has_extra)
{
	const struct prof_cols *k = e->k;
	const struct rif_value *pos = PROF_L(e, i, k->pos);
	if (!pos->null) {
		key(f, "locationCodeableConcept");
		json_object(&f->j);
		if (extra && has_extra) {
			key(f, "extension");
			json_array(&f->j);
			extra(f, e, i);
			json_end_array(&f->j);
		}
		key(f, "coding");
		json_array(&f->j);
		fhir_var_coding(f, "line_place_of_srvc_cd", PROF_C(e, k->pos), pos);
		json_end_array(&f->j);
		json_end_object(&f->j);
	}
	const struct rif_value *cnt = PROF_L(e, i, k->srvc_cnt);
	if (!cnt->null) {
		key(f, "quantity");
		json_object(&f->j);
		key(f, "value");
		fhir_value(f, PROF_C(e, k->srvc_cnt), cnt);
		json_end_object(&f->j);
	}
}

void prof_adjudication(struct fhir *f, const char *carin, const char *var,
                       const struct rif_value *v)
{
	if (v->null)
		return;
	json_object(&f->j);
	key(f, "category");
	adjudication_category(f, carin, var);
	key(f, "amount");
	prof_money(f, v);
	json_end_object(&f->j);
}

void prof_item_common_adjudications(struct fhir *f, const struct prof_eob *e, int i)
{
	const struct prof_cols *k = e->k;
	const struct rif_value *nch = PROF_L(e, i, k->nch_pmt);
	const struct rif_value *pct = PROF_L(e, i, k->pmt_80_100);
	if (!nch->null) {
		json_object(&f->j);
		if (!pct->null) {
			key(f, "extension");
			json_array(&f->j);
			fhir_ext_coding(f, "line_pmt_80_100_cd", PROF_C(e, k->pmt_80_100), pct);
			json_end_array(&f->j);
		}
		key(f, "category");
		adjudication_category(f, "benefit", "line_nch_pmt_amt");
		key(f, "amount");
		prof_money(f, nch);
		json_end_object(&f->j);
	}
	prof_adjudication(f, "paidtopatient", "line_bene_pmt_amt", PROF_L(e, i, k->line_bene_pmt));
	prof_adjudication(f, "paidtoprovider", "line_prvdr_pmt_amt",
	                  PROF_L(e, i, k->line_prvdr_pmt));
	prof_adjudication(f, "deductible", "line_bene_ptb_ddctbl_amt",
	                  PROF_L(e, i, k->line_ddctbl));
	prof_adjudication(f, "priorpayerpaid", "line_bene_prmry_pyr_pd_amt",
	                  PROF_L(e, i, k->line_prmry_pyr_pd));
	prof_adjudication(f, "coinsurance", "line_coinsrnc_amt", PROF_L(e, i, k->coinsrnc));
	prof_adjudication(f, "submitted", "line_sbmtd_chrg_amt", PROF_L(e, i, k->line_sbmtd));
	prof_adjudication(f, "eligible", "line_alowd_chrg_amt", PROF_L(e, i, k->line_alowd));
}
