/* eob_institutional: the pieces the institutional claim transforms share. Written from BFD's
 * TransformerUtilsV2, DiagnosisUtilV2 and the five institutional ClaimTransformerV2 classes
 * (CMSgov/beneficiary-fhir-data), matched against its expected responses. */
#include "fhir/eob_institutional.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/fatal.h"

#define C4BB_CS      "http://hl7.org/fhir/us/carin-bb/CodeSystem/"
#define BB_CS        "https://bluebutton.cms.gov/resources/codesystem/"
#define HL7_CS       "http://terminology.hl7.org/CodeSystem/"
#define ICD10        "http://hl7.org/fhir/sid/icd-10"
#define ICD10_CM     "http://hl7.org/fhir/sid/icd-10-cm"
#define ICD10_MEDIC  "http://www.cms.gov/Medicare/Coding/ICD10"
#define ICD9_CM      "http://hl7.org/fhir/sid/icd-9-cm"
#define ICD_UNKNOWN  "http://hl7.org/fhir/sid/unknown-icd-version"
#define DATA_ABSENT  "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
#define UCUM         "http://unitsofmeasure.org"
#define NDC          "http://hl7.org/fhir/sid/ndc"
#define NUBC_REVENUE "https://www.nubc.org/CodeSystem/RevenueCodes"

/* ---- Values ---- */

static const struct rif_value null_value = {.null = true};
static const struct rif_column null_column = {.name = "", .kind = RIF_STRING};

const struct rif_value *inst_v(const struct inst *x, int col)
{
	return col < 0 ? &null_value : &x->r->v[col];
}

const struct rif_value *inst_lv(const struct inst *x, int i, int col)
{
	return col < 0 ? &null_value : fhir_line(x->r, i, col);
}

static const struct rif_column *col_of(const struct inst *x, int col)
{
	return col < 0 ? &null_column : &x->r->l->cols[col];
}

/* A string value without its surrounding blanks: BFD trims a code before it makes a coding
 * of it (TransformerUtilsV2.createCoding). */
static struct rif_value trim(const struct rif_value *v)
{
	struct rif_value t = *v;
	if (t.null || t.s == NULL)
		return t;
	while (t.len && (t.s[0] == ' ' || t.s[0] == '\t')) {
		t.s++;
		t.len--;
	}
	while (t.len && (t.s[t.len - 1] == ' ' || t.s[t.len - 1] == '\t'))
		t.len--;
	return t;
}

/* A value as text (see fhir_text); tmp holds 32 bytes. */
static size_t text(const struct inst *x, int col, const struct rif_value *v, char *tmp,
                   const char **s)
{
	return fhir_text(col_of(x, col), v, tmp, s);
}

void inst_init(struct inst *x, struct fhir *f, const struct fhir_record *r,
               const struct inst_cols *c)
{
	memset(x, 0, sizeof *x);
	x->f = f;
	x->r = r;
	x->c = c;
	x->team = xcalloc((size_t)(6 + 2 * r->nlines), sizeof *x->team);
	x->line_team = xcalloc((size_t)(2 * r->nlines + 1), sizeof *x->line_team);
}

void inst_free(struct inst *x)
{
	free(x->team);
	free(x->line_team);
}

void inst_array(struct inst *x, const char *key)
{
	if (x->in_array)
		return;
	json_key(&x->f->j, key);
	json_array(&x->f->j);
	x->in_array = true;
}

void inst_array_end(struct inst *x)
{
	if (x->in_array)
		json_end_array(&x->f->j);
	x->in_array = false;
}

/* ---- Small writers ----
 *
 * HAPI, which serializes BFD's resources, leaves out a string that is empty or all blanks;
 * these writers do the same. */

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* "key": text, unless the text is blank. */
static void key_strn(struct fhir *f, const char *key, const char *s, size_t n)
{
	if (blank(s, n))
		return;
	json_key(&f->j, key);
	json_stringn(&f->j, s, n);
}

/* {"system", "code", "display"}, leaving out a blank code and a NULL display. */
static void coding(struct fhir *f, const char *system, const char *code, size_t n,
                   const char *display)
{
	json_object(&f->j);
	json_key(&f->j, "system");
	json_string(&f->j, system);
	key_strn(f, "code", code, n);
	if (display)
		key_strn(f, "display", display, strlen(display));
	json_end_object(&f->j);
}

static void key_str(struct fhir *f, const char *k, const char *v)
{
	json_key(&f->j, k);
	json_string(&f->j, v);
}

static void date_value(struct fhir *f, const struct rif_value *v)
{
	fhir_date(f, v->i);
}

/* ---- Contained organization ---- */

void inst_contained(struct inst *x)
{
	struct fhir *f = x->f;
	char tmp[32];
	const char *s;
	const struct rif_value *prn = inst_v(x, x->c->prvdr_num), *npi = inst_v(x, x->c->org_npi);
	if (prn->null && npi->null)
		return;
	json_key(&f->j, "contained");
	json_array(&f->j);
	json_object(&f->j);
	key_str(f, "resourceType", "Organization");
	key_str(f, "id", "provider-org");
	json_key(&f->j, "meta");
	json_object(&f->j);
	json_key(&f->j, "profile");
	json_array(&f->j);
	json_string(&f->j, FHIR_PROFILE "C4BB-Organization");
	json_end_array(&f->j);
	json_end_object(&f->j);
	json_key(&f->j, "identifier");
	json_array(&f->j);
	if (!prn->null) {
		json_object(&f->j);
		json_key(&f->j, "type");
		fhir_concept(f, HL7_CS "v2-0203", "PRN", NULL);
		size_t n = text(x, x->c->prvdr_num, prn, tmp, &s);
		key_strn(f, "value", s, n);
		json_end_object(&f->j);
	}
	const struct enrich_npi *e = NULL;
	if (!npi->null) {
		json_object(&f->j);
		json_key(&f->j, "type");
		fhir_concept(f, C4BB_CS "C4BBIdentifierType", "npi", NULL);
		key_str(f, "system", "http://hl7.org/fhir/sid/us-npi");
		size_t n = text(x, x->c->org_npi, npi, tmp, &s);
		key_strn(f, "value", s, n);
		json_end_object(&f->j);
		e = enrich_npi(f->enrich, s, n);
	}
	json_end_array(&f->j);
	json_key(&f->j, "active");
	json_bool(&f->j, true);
	if (e && e->org)
		key_str(f, "name", e->org);
	json_end_object(&f->j);
	json_end_array(&f->j);
}

/* ---- Extensions ---- */

void inst_ext_coding(struct inst *x, const char *var, int col)
{
	fhir_ext_coding(x->f, var, col_of(x, col), inst_v(x, col));
}

void inst_ext_money(struct inst *x, const char *var, int col)
{
	const struct rif_value *v = inst_v(x, col);
	if (v->null)
		return;
	json_object(&x->f->j);
	json_key(&x->f->j, "url");
	fhir_var_url(x->f, var);
	json_key(&x->f->j, "valueMoney");
	fhir_money(x->f, v);
	json_end_object(&x->f->j);
}

void inst_ext_quantity(struct inst *x, const char *var, int col)
{
	fhir_ext_quantity(x->f, var, col_of(x, col), inst_v(x, col));
}

void inst_ext_common(struct inst *x)
{
	const struct inst_cols *c = x->c;
	fhir_ext_identifier(x->f, "fi_doc_clm_cntl_num", col_of(x, c->fi_doc),
	                    inst_v(x, c->fi_doc));
	fhir_ext_date(x->f, "fi_clm_proc_dt", inst_v(x, c->fi_proc_dt));
	inst_ext_coding(x, "clm_mdcr_non_pmt_rsn_cd", c->non_pmt);
	inst_ext_coding(x, "clm_srvc_clsfctn_type_cd", c->srvc_clsfctn);
	inst_ext_coding(x, "fi_num", c->fi_num);
}

/* ---- Header ---- */

void inst_header(struct inst *x, const char *eob_type, bool professional, bool outpatient)
{
	struct fhir *f = x->f;
	const struct inst_cols *c = x->c;
	fhir_eob_identifiers(f, "clm_id", col_of(x, c->clm_id), inst_v(x, c->clm_id),
	                     col_of(x, c->grp), inst_v(x, c->grp), NULL, x->r);
	fhir_eob_status(f, inst_v(x, c->final_action));
	fhir_eob_type(f, col_of(x, c->clm_type), inst_v(x, c->clm_type), eob_type,
	              professional ? "professional" : "institutional",
	              professional ? "Professional" : "Institutional");
	json_key(&f->j, "subType");
	json_object(&f->j);
	json_key(&f->j, "coding");
	json_array(&f->j);
	coding(f, C4BB_CS "C4BBInstitutionalClaimSubType", outpatient ? "outpatient" : "inpatient",
	       outpatient ? 10 : 9, NULL);
	json_end_array(&f->j);
	key_str(f, "text", outpatient ? "Outpatient" : "Inpatient");
	json_end_object(&f->j);
	fhir_eob_use_patient(f, inst_v(x, c->bene)->i);
	fhir_eob_billable_period_ext(f, inst_v(x, c->from), inst_v(x, c->thru), "claim_query_cd",
	                             col_of(x, c->query), inst_v(x, c->query));
	fhir_eob_created_insurer(f);
	if (!inst_v(x, c->prvdr_num)->null || !inst_v(x, c->org_npi)->null) {
		json_key(&f->j, "provider");
		json_object(&f->j);
		key_str(f, "reference", "#provider-org");
		json_end_object(&f->j);
	}
	if (!inst_v(x, c->fac_type)->null) {
		json_key(&f->j, "facility");
		json_object(&f->j);
		json_key(&f->j, "extension");
		json_array(&f->j);
		inst_ext_coding(x, "clm_fac_type_cd", c->fac_type);
		json_end_array(&f->j);
		json_end_object(&f->j);
	}
	fhir_eob_outcome(f);
}

/* ---- Care team ---- */

static bool same_text(const struct inst *x, const struct inst_member *a,
                      const struct inst_member *b)
{
	char t1[32], t2[32];
	const char *s1, *s2;
	size_t n1 = fhir_text(a->c, a->v, t1, &s1), n2 = fhir_text(b->c, b->v, t2, &s2);
	(void)x;
	return n1 == n2 && strncasecmp(s1, s2, n1) == 0;
}

/* Adds a member unless one with the same identifier type, value and role is there; returns
 * its sequence (0 when v is null). */
static int team_add(struct inst *x, bool upin, const struct rif_column *c,
                    const struct rif_value *v, enum inst_role role)
{
	if (v->null)
		return 0;
	struct inst_member m = {upin, c, v, role};
	for (int i = 0; i < x->nteam; i++)
		if (x->team[i].upin == upin && x->team[i].role == role &&
		    same_text(x, &x->team[i], &m))
			return i + 1;
	x->team[x->nteam++] = m;
	return x->nteam;
}

void inst_team_add(struct inst *x, bool upin, int col, enum inst_role role)
{
	team_add(x, upin, col_of(x, col), inst_v(x, col), role);
}

void inst_team_lines(struct inst *x)
{
	const struct inst_cols *c = x->c;
	for (int i = 0; i < x->r->nlines; i++) {
		int k = 0;
		int seqs[2] = {
		    team_add(x, true, col_of(x, c->rndrng_upin), inst_lv(x, i, c->rndrng_upin),
		             INST_PERFORMING),
		    team_add(x, false, col_of(x, c->rndrng_npi), inst_lv(x, i, c->rndrng_npi),
		             INST_PERFORMING),
		};
		for (int j = 0; j < 2; j++)
			if (seqs[j] && (k == 0 || x->line_team[2 * i] != seqs[j]))
				x->line_team[2 * i + k++] = seqs[j];
	}
}

static const char *const role_code[] = {"attending", "operating", "otheroperating", "performing"};
static const char *const role_display[] = {"Attending", "Operating", "Other Operating",
                                           "Performing provider"};

void inst_team_write(struct inst *x)
{
	struct fhir *f = x->f;
	char tmp[32], name[512];
	const char *s;
	if (x->nteam == 0)
		return;
	json_key(&f->j, "careTeam");
	json_array(&f->j);
	for (int i = 0; i < x->nteam; i++) {
		const struct inst_member *m = &x->team[i];
		size_t n = fhir_text(m->c, m->v, tmp, &s);
		const struct enrich_npi *e = m->upin ? NULL : enrich_npi(f->enrich, s, n);
		json_object(&f->j);
		json_key(&f->j, "sequence");
		json_int(&f->j, i + 1);
		json_key(&f->j, "provider");
		json_object(&f->j);
		json_key(&f->j, "identifier");
		json_object(&f->j);
		json_key(&f->j, "type");
		if (m->upin)
			fhir_concept(
			    f, HL7_CS "v2-0203", "UPIN",
			    "Medicare/CMS (formerly HCFA)'s Universal Physician Identification "
			    "numbers");
		else
			fhir_concept(f, C4BB_CS "C4BBIdentifierType", "npi",
			             "National Provider Identifier");
		key_strn(f, "value", s, n);
		json_end_object(&f->j);
		const char *display = enrich_npi_name(e, name, sizeof name);
		if (display)
			key_str(f, "display", display);
		json_end_object(&f->j);
		json_key(&f->j, "role");
		fhir_concept(f, C4BB_CS "C4BBClaimCareTeamRole", role_code[m->role],
		             role_display[m->role]);
		if (e)
			fhir_taxonomy_qualification(f, e);
		json_end_object(&f->j);
	}
	json_end_array(&f->j);
}

void inst_team(struct inst *x)
{
	const struct inst_cols *c = x->c;
	inst_team_add(x, false, c->at_npi, INST_ATTENDING);
	inst_team_add(x, true, c->at_upin, INST_ATTENDING);
	inst_team_add(x, false, c->op_npi, INST_OPERATING);
	inst_team_add(x, true, c->op_upin, INST_OPERATING);
	inst_team_add(x, false, c->ot_npi, INST_OTHER_OPERATING);
	inst_team_add(x, true, c->ot_upin, INST_OTHER_OPERATING);
	inst_team_lines(x);
	inst_team_write(x);
}

/* ---- Supporting information ---- */

/* Opens a supportingInfo element and writes its sequence. */
static void info_open(struct inst *x)
{
	inst_array(x, "supportingInfo");
	json_object(&x->f->j);
	json_key(&x->f->j, "sequence");
	json_int(&x->f->j, ++x->info_seq);
}

/* "category" with the CARIN coding (info, or admtype for the admission type) and the
 * variable's information coding. */
static void info_category(struct inst *x, const char *var)
{
	struct fhir *f = x->f;
	bool admtype = strcmp(var, "clm_ip_admsn_type_cd") == 0;
	json_key(&f->j, "category");
	if (admtype)
		fhir_var_category(f, C4BB_CS "C4BBSupportingInfoType", "admtype", "Information",
		                  BB_CS "information", var);
	else
		fhir_var_category(f, HL7_CS "claiminformationcategory", "info", "Information",
		                  BB_CS "information", var);
}

/* "category" with one C4BB supporting-info-type coding. */
static void info_slice(struct inst *x, const char *slice, const char *display)
{
	json_key(&x->f->j, "category");
	fhir_concept(x->f, C4BB_CS "C4BBSupportingInfoType", slice, display);
}

/* {"coding": [a coding of var]}; the admission type's system is NUBC's. */
static void info_code_value(struct inst *x, const char *var, int col, const struct rif_value *v)
{
	struct fhir *f = x->f;
	json_key(&f->j, "code");
	json_object(&f->j);
	json_key(&f->j, "coding");
	json_array(&f->j);
	if (strcmp(var, "clm_ip_admsn_type_cd") == 0) {
		char tmp[32];
		const char *s;
		struct rif_value t = trim(v);
		size_t n = text(x, col, &t, tmp, &s);
		coding(f, "https://www.nubc.org/CodeSystem/PriorityTypeOfAdmitOrVisit", s, n,
		       refdata_code(f->rd, var, s, n));
	} else {
		fhir_var_coding(x->f, var, col_of(x, col), v);
	}
	json_end_array(&f->j);
	json_end_object(&f->j);
}

void inst_info_code(struct inst *x, const char *var, int col)
{
	const struct rif_value *v = inst_v(x, col);
	if (v->null)
		return;
	info_open(x);
	info_category(x, var);
	info_code_value(x, var, col, v);
	json_end_object(&x->f->j);
}

void inst_info_slice_code(struct inst *x, const char *slice, const char *slice_display,
                          const char *var, int col)
{
	const struct rif_value *v = inst_v(x, col);
	if (v->null || (v->len == 0 && col_of(x, col)->kind == RIF_STRING))
		return;
	info_open(x);
	info_slice(x, slice, slice_display);
	info_code_value(x, var, col, v);
	json_end_object(&x->f->j);
}

void inst_info_bill_discharge(struct inst *x)
{
	inst_info_slice_code(x, "typeofbill", "Type of Bill", "clm_freq_cd", x->c->freq);
	inst_info_slice_code(x, "discharge-status", "Discharge Status", "ptnt_dschrg_stus_cd",
	                     x->c->dschrg);
}

static void period(struct fhir *f, const char *key, const struct rif_value *from,
                   const struct rif_value *thru)
{
	json_key(&f->j, key);
	json_object(&f->j);
	if (!from->null) {
		json_key(&f->j, "start");
		date_value(f, from);
	}
	if (!thru->null) {
		json_key(&f->j, "end");
		date_value(f, thru);
	}
	json_end_object(&f->j);
}

void inst_info_period(struct inst *x, const char *var, int from, int thru)
{
	const struct rif_value *a = inst_v(x, from), *b = inst_v(x, thru);
	if (a->null && b->null)
		return;
	info_open(x);
	info_category(x, var);
	period(x->f, "timingPeriod", a, b);
	json_end_object(&x->f->j);
}

void inst_info_date(struct inst *x, const char *var, int col)
{
	const struct rif_value *v = inst_v(x, col);
	if (v->null)
		return;
	info_open(x);
	info_category(x, var);
	json_key(&x->f->j, "timingDate");
	date_value(x->f, v);
	json_end_object(&x->f->j);
}

void inst_info_admission(struct inst *x, int from, int thru)
{
	const struct rif_value *a = inst_v(x, from), *b = inst_v(x, thru);
	if (a->null && b->null)
		return;
	info_open(x);
	info_slice(x, "admissionperiod", "Admission Period");
	period(x->f, "timingPeriod", a, b);
	json_end_object(&x->f->j);
}

void inst_info_received(struct inst *x)
{
	struct fhir *f = x->f;
	const struct rif_value *v = inst_v(x, x->c->wkly);
	if (v->null)
		return;
	info_open(x);
	json_key(&f->j, "category");
	fhir_var_category(f, C4BB_CS "C4BBSupportingInfoType", "clmrecvddate",
	                  "Claim Received Date", BB_CS "information", "nch_wkly_proc_dt");
	json_key(&f->j, "timingDate");
	date_value(f, v);
	json_end_object(&f->j);
}

/* A number as JSON: decimals as written, integers as integers. */
static void number(struct inst *x, int col, const struct rif_value *v)
{
	fhir_value(x->f, col_of(x, col), v);
}

void inst_info_blood(struct inst *x, int col)
{
	struct fhir *f = x->f;
	const struct rif_value *v = inst_v(x, col);
	info_open(x);
	info_category(x, "nch_blood_pnts_frnshd_qty");
	json_key(&f->j, "valueQuantity");
	json_object(&f->j);
	if (!v->null) {
		json_key(&f->j, "value");
		number(x, col, v);
	}
	key_str(f, "unit", "pint");
	key_str(f, "system", UCUM);
	key_str(f, "code", "[pt_us]");
	json_end_object(&f->j);
	json_end_object(&f->j);
}

void inst_info_quantity(struct inst *x, const char *var, int col)
{
	struct fhir *f = x->f;
	const struct rif_value *v = inst_v(x, col);
	info_open(x);
	info_category(x, var);
	json_key(&f->j, "valueQuantity");
	json_object(&f->j);
	if (!v->null) {
		json_key(&f->j, "value");
		number(x, col, v);
	}
	json_end_object(&f->j);
	json_end_object(&f->j);
}

/* ---- Diagnoses and procedures ---- */

enum dx_label { DX_PRINCIPAL, DX_OTHER, DX_ADMITTING, DX_EXTERNAL, DX_REASON };

struct dx {
	int code, vrsn, poa; /* columns */
	const char *poa_var;
	enum dx_label label;
};

/* The ICD system for a version code (BFD's IcdCode.getFhirSystem). */
static const char *icd_system(const struct rif_value *vrsn, char *buf, size_t size)
{
	if (vrsn->null || vrsn->len == 0 || vrsn->s[0] == ' ' || vrsn->s[0] == '\t')
		return ICD_UNKNOWN;
	if (vrsn->len == 1 && vrsn->s[0] == '9')
		return ICD9_CM;
	if (vrsn->len == 1 && vrsn->s[0] == '0')
		return ICD10;
	snprintf(buf, size, ICD_UNKNOWN "/%c", vrsn->s[0]);
	return buf;
}

/* The codes written so far (diagnoses or procedures), to skip a code already there in the same
 * system. */
struct icd_seen {
	const struct rif_value *code[44];
	const char *sys[44];
	char buf[44][64];
	int n;
};

/* The ICD system of code (of version vrsn) when the code is new, else NULL (code is not null).
 * Numbers the code: s->n is then its sequence. */
static const char *icd_new(struct icd_seen *s, const struct rif_value *code,
                           const struct rif_value *vrsn)
{
	const char *sys = icd_system(vrsn, s->buf[s->n], sizeof s->buf[0]);
	for (int k = 0; k < s->n; k++)
		if ((s->sys[k] == sys || strcmp(s->sys[k], sys) == 0) &&
		    s->code[k]->len == code->len && memcmp(s->code[k]->s, code->s, code->len) == 0)
			return NULL;
	s->code[s->n] = code;
	s->sys[s->n++] = sys;
	return sys;
}

static void dx_type(struct fhir *f, enum dx_label label, enum inst_dx_labels labels)
{
	const char *ex = HL7_CS "ex-diagnosistype", *c4 = C4BB_CS "C4BBClaimDiagnosisType";
	json_key(&f->j, "type");
	json_array(&f->j);
	switch (labels) {
	case INST_DX_INPATIENT:
		if (label == DX_PRINCIPAL)
			fhir_concept(f, ex, "principal", "Principal Diagnosis");
		else if (label == DX_ADMITTING)
			fhir_concept(f, ex, "admitting", "Admitting Diagnosis");
		else if (label == DX_EXTERNAL)
			fhir_concept(f, c4, "externalcauseofinjury", "External Cause of Injury");
		else
			fhir_concept(f, c4, "other", "Other");
		break;
	case INST_DX_OUTPATIENT:
		if (label == DX_PRINCIPAL)
			fhir_concept(f, ex, "principal", "Principal Diagnosis");
		else if (label == DX_EXTERNAL)
			fhir_concept(f, c4, "externalcauseofinjury", "External Cause of Injury");
		else if (label == DX_REASON)
			fhir_concept(f, c4, "patientreasonforvisit", "Patient Reason for Visit");
		else
			fhir_concept(f, c4, "other", "Other");
		break;
	case INST_DX_PROFESSIONAL:
		if (label == DX_PRINCIPAL)
			fhir_concept(f, ex, "principal", "principal");
		else
			fhir_concept(f, c4, "secondary", "Secondary");
		break;
	}
	json_end_array(&f->j);
}

void inst_diagnoses(struct inst *x, enum inst_dx_labels labels)
{
	struct fhir *f = x->f;
	const struct inst_cols *c = x->c;
	struct dx list[2 + 1 + 25 + 1 + 12 + 3];
	int n = 0;
	/* The present-on-admission variables of the 25 diagnoses and 12 external causes. */
	static const char *const poa_vars[25 + 12] = {
	    "clm_poa_ind_sw1",   "clm_poa_ind_sw2",   "clm_poa_ind_sw3",    "clm_poa_ind_sw4",
	    "clm_poa_ind_sw5",   "clm_poa_ind_sw6",   "clm_poa_ind_sw7",    "clm_poa_ind_sw8",
	    "clm_poa_ind_sw9",   "clm_poa_ind_sw10",  "clm_poa_ind_sw11",   "clm_poa_ind_sw12",
	    "clm_poa_ind_sw13",  "clm_poa_ind_sw14",  "clm_poa_ind_sw15",   "clm_poa_ind_sw16",
	    "clm_poa_ind_sw17",  "clm_poa_ind_sw18",  "clm_poa_ind_sw19",   "clm_poa_ind_sw20",
	    "clm_poa_ind_sw21",  "clm_poa_ind_sw22",  "clm_poa_ind_sw23",   "clm_poa_ind_sw24",
	    "clm_poa_ind_sw25",  "clm_e_poa_ind_sw1", "clm_e_poa_ind_sw2",  "clm_e_poa_ind_sw3",
	    "clm_e_poa_ind_sw4", "clm_e_poa_ind_sw5", "clm_e_poa_ind_sw6",  "clm_e_poa_ind_sw7",
	    "clm_e_poa_ind_sw8", "clm_e_poa_ind_sw9", "clm_e_poa_ind_sw10", "clm_e_poa_ind_sw11",
	    "clm_e_poa_ind_sw12"};
	list[n++] = (struct dx){c->admtg_cd, c->admtg_vrsn, -1, NULL, DX_ADMITTING};
	list[n++] =
	    (struct dx){c->dx_cd[0], c->dx_vrsn[0], c->dx_poa[0], poa_vars[0], DX_PRINCIPAL};
	list[n++] = (struct dx){c->prncpal_cd, c->prncpal_vrsn, -1, NULL, DX_PRINCIPAL};
	for (int i = 1; i < 25; i++) {
		list[n++] =
		    (struct dx){c->dx_cd[i], c->dx_vrsn[i], c->dx_poa[i], poa_vars[i], DX_OTHER};
	}
	list[n++] =
	    (struct dx){c->ex_cd[0], c->ex_vrsn[0], c->ex_poa[0], poa_vars[25], DX_EXTERNAL};
	list[n++] = (struct dx){c->fst_e_cd, c->fst_e_vrsn, -1, NULL, DX_EXTERNAL};
	for (int i = 1; i < 12; i++) {
		list[n++] = (struct dx){c->ex_cd[i], c->ex_vrsn[i], c->ex_poa[i], poa_vars[25 + i],
		                        DX_EXTERNAL};
	}
	for (int i = 0; i < 3; i++)
		list[n++] = (struct dx){c->rv_cd[i], c->rv_vrsn[i], -1, NULL, DX_REASON};

	struct icd_seen seen = {.n = 0};
	for (int i = 0; i < n; i++) {
		const struct rif_value *code = inst_v(x, list[i].code);
		const char *sys = code->null ? NULL : icd_new(&seen, code, inst_v(x, list[i].vrsn));
		if (sys == NULL)
			continue;
		int seq = seen.n;
		if (seq == 1) {
			json_key(&f->j, "diagnosis");
			json_array(&f->j);
		}
		json_object(&f->j);
		const struct rif_value *poa = inst_v(x, list[i].poa);
		if (!poa->null && list[i].poa_var) {
			json_key(&f->j, "extension");
			json_array(&f->j);
			inst_ext_coding(x, list[i].poa_var, list[i].poa);
			json_end_array(&f->j);
		}
		json_key(&f->j, "sequence");
		json_int(&f->j, seq);
		json_key(&f->j, "diagnosisCodeableConcept");
		json_object(&f->j);
		json_key(&f->j, "coding");
		json_array(&f->j);
		char *quoted;
		const char *d = refdata_icd_diagnosis(f->rd, strcmp(sys, ICD9_CM) == 0 ? '9' : '0',
		                                      code->s, code->len, &quoted);
		if (strcmp(sys, ICD10) == 0)
			coding(f, ICD10_CM, code->s, code->len, d);
		coding(f, sys, code->s, code->len, d);
		free(quoted);
		json_end_array(&f->j);
		json_end_object(&f->j);
		dx_type(f, list[i].label, labels);
		json_end_object(&f->j);
	}
	if (seen.n)
		json_end_array(&f->j);
}

void inst_procedures(struct inst *x)
{
	struct fhir *f = x->f;
	const struct inst_cols *c = x->c;
	struct icd_seen seen = {.n = 0};
	for (int i = 0; i < 25; i++) {
		const struct rif_value *code = inst_v(x, c->px_cd[i]);
		const char *sys =
		    code->null ? NULL : icd_new(&seen, code, inst_v(x, c->px_vrsn[i]));
		if (sys == NULL)
			continue;
		int seq = seen.n;
		if (seq == 1) {
			json_key(&f->j, "procedure");
			json_array(&f->j);
		}
		json_object(&f->j);
		json_key(&f->j, "sequence");
		json_int(&f->j, seq);
		const struct rif_value *dt = inst_v(x, c->px_dt[i]);
		if (!dt->null) {
			char tmp[48];
			int y, m, d;
			rif_date_civil(dt->i, &y, &m, &d);
			int len =
			    snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT00:00:00+00:00", y, m, d);
			json_key(&f->j, "date");
			json_stringn(&f->j, tmp, (size_t)len);
		}
		json_key(&f->j, "procedureCodeableConcept");
		json_object(&f->j);
		json_key(&f->j, "coding");
		json_array(&f->j);
		/* BFD reads procedure descriptions from one table (ICD-10-PCS here; no ICD-9
		 * procedure table is available). */
		const char *d = refdata_icd(f->rd, REFDATA_ICD10PCS, code->s, code->len);
		if (strcmp(sys, ICD10) == 0)
			coding(f, ICD10_MEDIC, code->s, code->len, d);
		coding(f, sys, code->s, code->len, d);
		json_end_array(&f->j);
		json_end_object(&f->j);
		json_end_object(&f->j);
	}
	if (seen.n)
		json_end_array(&f->j);
}

/* ---- Items ---- */

static const struct {
	const char *system, *code, *display;
} adj_cat[] = {
    [INST_ADJ_DENIAL] = {C4BB_CS "C4BBAdjudicationDiscriminator", "denialreason", "Denial Reason"},
    [INST_ADJ_SUBMITTED] = {HL7_CS "adjudication", "submitted", "Submitted Amount"},
    [INST_ADJ_NONCOVERED] = {C4BB_CS "C4BBAdjudication", "noncovered", "Noncovered"},
    [INST_ADJ_DEDUCTIBLE] = {HL7_CS "adjudication", "deductible", "Deductible"},
    [INST_ADJ_COINSURANCE] = {C4BB_CS "C4BBAdjudication", "coinsurance", "Co-insurance"},
    [INST_ADJ_PRIOR_PAYER] = {C4BB_CS "C4BBAdjudication", "priorpayerpaid", "Prior payer paid"},
    [INST_ADJ_PAID_PROVIDER] = {C4BB_CS "C4BBAdjudication", "paidtoprovider", "Paid to provider"},
    [INST_ADJ_PAID_PATIENT] = {C4BB_CS "C4BBAdjudication", "paidtopatient", "Paid to patient"},
    [INST_ADJ_PAID_BY_PATIENT] = {C4BB_CS "C4BBAdjudication", "paidbypatient", "Paid by patient"},
};

/* "category": the adjudication kind's coding and the variable's adjudication coding. */
static void adj_category(struct fhir *f, enum inst_adj_kind kind, const char *var)
{
	json_key(&f->j, "category");
	if (kind == INST_ADJ_DENIAL)
		fhir_concept(f, adj_cat[kind].system, adj_cat[kind].code, adj_cat[kind].display);
	else
		fhir_var_category(f, adj_cat[kind].system, adj_cat[kind].code,
		                  adj_cat[kind].display, BB_CS "adjudication", var);
}

static void item_adjudication(struct inst *x, int i, const struct inst_adj *a)
{
	struct fhir *f = x->f;
	const struct rif_value *v = inst_lv(x, i, a->col);
	if (v->null)
		return;
	json_object(&f->j);
	adj_category(f, a->kind, a->var);
	if (a->kind == INST_ADJ_DENIAL) {
		json_key(&f->j, "reason");
		json_object(&f->j);
		json_key(&f->j, "coding");
		json_array(&f->j);
		fhir_var_coding(x->f, a->var, col_of(x, a->col), v);
		json_end_array(&f->j);
		json_end_object(&f->j);
	} else {
		json_key(&f->j, "amount");
		fhir_money(f, v);
	}
	json_end_object(&f->j);
}

static bool is_zero(const struct rif_value *v)
{
	return v->i == 0;
}

static void modifier_ucum(struct inst *x, int i)
{
	char tmp[32];
	const char *s;
	const struct rif_value *v = inst_lv(x, i, x->c->ndc_qlfr);
	if (v->null)
		return;
	size_t n = text(x, x->c->ndc_qlfr, v, tmp, &s);
	const char *display = NULL;
	static const char *const units[][2] = {{"F2", "International Unit"},
	                                       {"GR", "Gram"},
	                                       {"ML", "Milliliter"},
	                                       {"ME", "Milligram"},
	                                       {"UN", "Unit"}};
	for (size_t k = 0; k < sizeof units / sizeof *units; k++)
		if (n == 2 && memcmp(s, units[k][0], 2) == 0)
			display = units[k][1];
	json_object(&x->f->j);
	json_key(&x->f->j, "coding");
	json_array(&x->f->j);
	coding(x->f, UCUM, s, n, display);
	json_end_array(&x->f->j);
	json_end_object(&x->f->j);
}

static void modifiers_hcpcs(struct inst *x, int i)
{
	int cols[2] = {x->c->mdfr1, x->c->mdfr2};
	char tmp[32];
	const char *s;
	for (int k = 0; k < 2; k++) {
		const struct rif_value *v = inst_lv(x, i, cols[k]);
		if (v->null)
			continue;
		size_t n = text(x, cols[k], v, tmp, &s);
		json_object(&x->f->j);
		json_key(&x->f->j, "coding");
		json_array(&x->f->j);
		coding(x->f, BB_CS "hcpcs", s, n, NULL);
		json_end_array(&x->f->j);
		json_end_object(&x->f->j);
	}
}

static bool has_modifiers(struct inst *x, int i, enum inst_modifiers mods)
{
	if (!inst_lv(x, i, x->c->ndc_qlfr)->null)
		return true;
	return mods != INST_MOD_UCUM &&
	       (!inst_lv(x, i, x->c->mdfr1)->null || !inst_lv(x, i, x->c->mdfr2)->null);
}

static void item_product(struct inst *x, int i, const struct inst_item_spec *spec)
{
	struct fhir *f = x->f;
	char tmp[32];
	const char *s;
	const struct rif_value *h = inst_lv(x, i, x->c->hcpcs);
	json_key(&f->j, "productOrService");
	json_object(&f->j);
	if (spec->ndc_col >= 0) {
		/* addNationalDrugCode: the NDC with the FDA name, or data absent. */
		const struct rif_value *ndc = inst_lv(x, i, spec->ndc_col);
		json_key(&f->j, "extension");
		json_array(&f->j);
		json_object(&f->j);
		if (ndc->null) {
			key_str(f, "url", DATA_ABSENT);
			json_key(&f->j, "valueCoding");
			coding(f, DATA_ABSENT, "NULL", 4, "Data Absent Reason");
		} else {
			size_t n = text(x, spec->ndc_col, ndc, tmp, &s);
			key_str(f, "url", NDC);
			json_key(&f->j, "valueCoding");
			coding(f, NDC, s, n, enrich_drug(x->f->enrich, s, n));
		}
		json_end_object(&f->j);
		json_end_array(&f->j);
	}
	json_key(&f->j, "coding");
	json_array(&f->j);
	if (h->null) {
		coding(f, DATA_ABSENT, "NULL", 4,
		       spec->product == INST_PRODUCT_HCPCS_VAR ? "Data Absent Reason" : NULL);
	} else {
		size_t n = text(x, x->c->hcpcs, h, tmp, &s);
		if (spec->product == INST_PRODUCT_HCPCS_VAR) {
			json_object(&f->j);
			json_key(&f->j, "system");
			fhir_var_url(f, "hcpcs_cd");
			key_strn(f, "code", s, n);
			json_end_object(&f->j);
		}
		coding(f, BB_CS "hcpcs", s, n, NULL);
	}
	json_end_array(&f->j);
	json_end_object(&f->j);
}

static void item_revenue(struct inst *x, int i)
{
	struct fhir *f = x->f;
	char tmp[32];
	const char *s;
	const struct rif_value *stus = inst_lv(x, i, x->c->stus_ind);
	const struct rif_value *dc = inst_lv(x, i, x->c->ddctbl_coinsrnc);
	json_key(&f->j, "revenue");
	json_object(&f->j);
	if (!stus->null) {
		json_key(&f->j, "extension");
		json_array(&f->j);
		fhir_ext_coding(x->f, "rev_cntr_stus_ind_cd", col_of(x, x->c->stus_ind), stus);
		json_end_array(&f->j);
	}
	json_key(&f->j, "coding");
	json_array(&f->j);
	const struct rif_value *rev = inst_lv(x, i, x->c->rev);
	if (!rev->null)
		fhir_var_coding(x->f, "rev_cntr", col_of(x, x->c->rev), rev);
	if (!dc->null) {
		size_t n = text(x, x->c->ddctbl_coinsrnc, dc, tmp, &s);
		coding(f, NUBC_REVENUE, s, n, NULL);
		fhir_var_coding(x->f, "rev_cntr_ddctbl_coinsrnc_cd",
		                col_of(x, x->c->ddctbl_coinsrnc), dc);
	}
	json_end_array(&f->j);
	json_end_object(&f->j);
}

void inst_items(struct inst *x, const struct inst_item_spec *spec)
{
	struct fhir *f = x->f;
	const struct inst_cols *c = x->c;
	if (x->r->nlines == 0)
		return;
	json_key(&f->j, "item");
	json_array(&f->j);
	for (int i = 0; i < x->r->nlines; i++) {
		json_object(&f->j);
		const struct rif_value *units = inst_lv(x, i, c->unit_cnt);
		if (!units->null && !is_zero(units)) {
			json_key(&f->j, "extension");
			json_array(&f->j);
			fhir_ext_quantity(f, "rev_cntr_unit_cnt", col_of(x, c->unit_cnt), units);
			json_end_array(&f->j);
		}
		json_key(&f->j, "sequence");
		fhir_value(f, col_of(x, c->line_num), inst_lv(x, i, c->line_num));
		if (x->line_team[2 * i]) {
			json_key(&f->j, "careTeamSequence");
			json_array(&f->j);
			for (int k = 0; k < 2 && x->line_team[2 * i + k]; k++)
				json_int(&f->j, x->line_team[2 * i + k]);
			json_end_array(&f->j);
		}
		item_revenue(x, i);
		item_product(x, i, spec);
		if (has_modifiers(x, i, spec->modifiers)) {
			json_key(&f->j, "modifier");
			json_array(&f->j);
			if (spec->modifiers == INST_MOD_HCPCS_UCUM)
				modifiers_hcpcs(x, i);
			modifier_ucum(x, i);
			if (spec->modifiers == INST_MOD_UCUM_HCPCS)
				modifiers_hcpcs(x, i);
			json_end_array(&f->j);
		}
		const struct rif_value *dt = inst_lv(x, i, c->rev_dt);
		if (!dt->null) {
			json_key(&f->j, "servicedDate");
			date_value(f, dt);
		}
		const struct rif_value *state = inst_v(x, c->state);
		if (!state->null) {
			json_key(&f->j, "locationAddress");
			json_object(&f->j);
			json_key(&f->j, "state");
			fhir_value(f, col_of(x, c->state), state);
			json_end_object(&f->j);
		}
		const struct rif_value *qty = inst_lv(x, i, c->ndc_qty);
		if (!qty->null) {
			json_key(&f->j, "quantity");
			json_object(&f->j);
			json_key(&f->j, "value");
			number(x, c->ndc_qty, qty);
			json_end_object(&f->j);
		}
		json_key(&f->j, "adjudication");
		json_array(&f->j);
		for (int k = 0; k < spec->nadj; k++)
			item_adjudication(x, i, &spec->adj[k]);
		json_end_array(&f->j);
		json_end_object(&f->j);
	}
	json_end_array(&f->j);
}

/* ---- Totals and benefit balance ---- */

void inst_total_payment(struct inst *x)
{
	struct fhir *f = x->f;
	const struct rif_value *tot = inst_v(x, x->c->tot_chrg), *pmt = inst_v(x, x->c->pmt);
	if (!tot->null) {
		json_key(&f->j, "total");
		json_array(&f->j);
		json_object(&f->j);
		adj_category(f, INST_ADJ_SUBMITTED, "clm_tot_chrg_amt");
		json_key(&f->j, "amount");
		fhir_money(f, tot);
		json_end_object(&f->j);
		json_end_array(&f->j);
	}
	if (!pmt->null) {
		json_key(&f->j, "payment");
		json_object(&f->j);
		json_key(&f->j, "amount");
		fhir_money(f, pmt);
		json_end_object(&f->j);
	}
}

void inst_bb_begin(struct inst *x)
{
	x->in_array = false;
}

/* Opens a financial entry (and the benefit balance on the first one). */
static void bb_open(struct inst *x, const char *var)
{
	struct fhir *f = x->f;
	if (!x->in_array) {
		json_key(&f->j, "benefitBalance");
		json_array(&f->j);
		json_object(&f->j);
		json_key(&f->j, "category");
		fhir_concept(f, HL7_CS "ex-benefitcategory", "1", "Medical Care");
		json_key(&f->j, "financial");
		json_array(&f->j);
		x->in_array = true;
	}
	json_object(&f->j);
	json_key(&f->j, "type");
	json_object(&f->j);
	json_key(&f->j, "coding");
	json_array(&f->j);
	fhir_var_label_coding(f, BB_CS "benefit-balance", var);
	json_end_array(&f->j);
	json_end_object(&f->j);
}

void inst_bb_money(struct inst *x, const char *var, int col)
{
	const struct rif_value *v = inst_v(x, col);
	if (v->null)
		return;
	bb_open(x, var);
	json_key(&x->f->j, "usedMoney");
	fhir_money(x->f, v);
	json_end_object(&x->f->j);
}

void inst_bb_int(struct inst *x, const char *var, int col)
{
	const struct rif_value *v = inst_v(x, col);
	if (v->null)
		return;
	int64_t n = v->i;
	if (col_of(x, col)->kind == RIF_DECIMAL)
		for (int k = 0; k < v->scale; k++)
			n /= 10;
	bb_open(x, var);
	json_key(&x->f->j, "usedUnsignedInt");
	json_int(&x->f->j, n);
	json_end_object(&x->f->j);
}

void inst_bb_end(struct inst *x)
{
	if (x->in_array) {
		json_end_array(&x->f->j);
		json_end_object(&x->f->j);
		json_end_array(&x->f->j);
	}
	x->in_array = false;
}
