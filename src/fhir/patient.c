/* Patient (C4BB-Patient) from a beneficiary and its history rows, as BFD v2 renders it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fatal.h"
#include "fhir/bene.h"
#include "fhir/resources.h"
#include "rif/columns.h"
#include "rif/record.h"

#define V2_0203  "http://terminology.hl7.org/CodeSystem/v2-0203"
#define CURRENCY "https://bluebutton.cms.gov/resources/codesystem/identifier-currency"

/* The MBIs of the history rows, distinct. */
struct mbis {
	char **v;
	int n;
};

static void add_history_mbi(void *arg, const void *data, size_t len)
{
	struct mbis *m = arg;
	const struct rif_layout *h = rif_layout_get(RIF_BENEFICIARY_HISTORY);
	const unsigned char *p = data;
	struct rif_value v[32];
	if (rif_record_get(&p, p + len, h->cols, h->ncols, v) < 0)
		return; /* an unreadable history row adds nothing */
	const struct rif_value *mbi = &v[COL_BENEFICIARY_HISTORY_MBI_NUM];
	if (mbi->null)
		return;
	for (int i = 0; i < m->n; i++)
		if (strlen(m->v[i]) == mbi->len && memcmp(m->v[i], mbi->s, mbi->len) == 0)
			return;
	m->v = realloc(m->v, (size_t)(m->n + 1) * sizeof *m->v);
	if (m->v == NULL)
		fatal("out of memory");
	m->v[m->n++] = xasprintf("%.*s", (int)mbi->len, mbi->s);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void mbi_identifier(struct fhir *f, const char *mbi, size_t len, bool current,
                           const struct rif_value *start, const struct rif_value *end)
{
	json_object(&f->j);
	json_key(&f->j, "type");
	json_object(&f->j);
	json_key(&f->j, "coding");
	json_array(&f->j);
	json_object(&f->j);
	json_key(&f->j, "extension");
	json_array(&f->j);
	json_object(&f->j);
	json_key(&f->j, "url");
	json_string(&f->j, CURRENCY);
	json_key(&f->j, "valueCoding");
	fhir_coding(f, CURRENCY, current ? "current" : "historic", current ? 7 : 8,
	            current ? "Current" : "Historic");
	json_end_object(&f->j);
	json_end_array(&f->j);
	json_key(&f->j, "system");
	json_string(&f->j, V2_0203);
	json_key(&f->j, "code");
	json_string(&f->j, "MC");
	json_key(&f->j, "display");
	json_string(&f->j, "Patient's Medicare number");
	json_end_object(&f->j);
	json_end_array(&f->j);
	json_end_object(&f->j);
	json_key(&f->j, "system");
	json_string(&f->j, "http://hl7.org/fhir/sid/us-mbi");
	json_key(&f->j, "value");
	json_stringn(&f->j, mbi, len);
	if (current && (!start->null || !end->null)) {
		json_key(&f->j, "period");
		json_object(&f->j);
		if (!start->null) {
			json_key(&f->j, "start");
			fhir_date(f, start->i);
		}
		if (!end->null) {
			json_key(&f->j, "end");
			fhir_date(f, end->i);
		}
		json_end_object(&f->j);
	}
	json_end_object(&f->j);
}

/* Identifiers sorted by (system, value), as BFD's reference files hold them: the MBIs
 * (http://hl7.org/fhir/sid/us-mbi), current and historic, then the bene_id. */
static void identifiers(struct fhir *f, const struct fhir_bene *b, struct mbis *hist)
{
	const struct rif_value *v = b->r.v;
	const struct rif_value *cur = &v[COL_BENEFICIARY_MBI_NUM];
	char id[32], *current = cur->null ? NULL : xasprintf("%.*s", (int)cur->len, cur->s);
	/* Historic MBIs are those of the history rows but the current one. */
	int n = 0;
	for (int i = 0; i < hist->n; i++) {
		if (current && strcmp(hist->v[i], current) == 0)
			free(hist->v[i]);
		else
			hist->v[n++] = hist->v[i];
	}
	hist->n = n;
	if (current) {
		hist->v = realloc(hist->v, (size_t)(hist->n + 1) * sizeof *hist->v);
		if (hist->v == NULL)
			fatal("out of memory");
		hist->v[hist->n++] = current;
	}
	qsort(hist->v, (size_t)hist->n, sizeof *hist->v, cmp_str);
	json_key(&f->j, "identifier");
	json_array(&f->j);
	for (int i = 0; i < hist->n; i++)
		mbi_identifier(f, hist->v[i], strlen(hist->v[i]), hist->v[i] == current,
		               &v[COL_BENEFICIARY_EFCTV_BGN_DT], &v[COL_BENEFICIARY_EFCTV_END_DT]);
	json_object(&f->j);
	json_key(&f->j, "type");
	json_object(&f->j);
	json_key(&f->j, "coding");
	json_array(&f->j);
	fhir_coding(f, V2_0203, "MB", 2, "Member Number");
	json_end_array(&f->j);
	json_end_object(&f->j);
	json_key(&f->j, "system");
	json_string(&f->j, FHIR_VAR "bene_id");
	json_key(&f->j, "value");
	json_stringn(&f->j, id, (size_t)snprintf(id, sizeof id, "%lld", (long long)b->meta.id));
	json_end_object(&f->j);
	json_end_array(&f->j);
}

static void extensions(struct fhir *f, const struct fhir_bene *b)
{
	const struct rif_value *v = b->r.v;
	const struct rif_column *cols = b->r.l->cols;
	const struct rif_value *sex = &v[COL_BENEFICIARY_BENE_SEX_IDENT_CD];
	const struct rif_value *race = &v[COL_BENEFICIARY_BENE_RACE_CD];
	json_key(&f->j, "extension");
	json_array(&f->j);
	if (!sex->null && sex->len == 1 && (sex->s[0] == '1' || sex->s[0] == '2')) {
		json_object(&f->j);
		json_key(&f->j, "url");
		json_string(&f->j, "http://hl7.org/fhir/us/core/StructureDefinition/us-core-sex");
		json_key(&f->j, "valueCode");
		json_string(&f->j, sex->s[0] == '1' ? "248153007" : "248152002");
		json_end_object(&f->j);
	}
	if (!race->null) {
		fhir_ext_coding(f, "race", &cols[COL_BENEFICIARY_BENE_RACE_CD], race);
		/* BFD v2 always reports the OMB category as unknown. */
		json_object(&f->j);
		json_key(&f->j, "url");
		json_string(&f->j, "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race");
		json_key(&f->j, "extension");
		json_array(&f->j);
		json_object(&f->j);
		json_key(&f->j, "url");
		json_string(&f->j, "ombCategory");
		json_key(&f->j, "valueCoding");
		fhir_coding(f, "http://terminology.hl7.org/CodeSystem/v3-NullFlavor", "UNK", 3,
		            "Unknown");
		json_end_object(&f->j);
		json_object(&f->j);
		json_key(&f->j, "url");
		json_string(&f->j, "text");
		json_key(&f->j, "valueString");
		json_string(&f->j, "Unknown");
		json_end_object(&f->j);
		json_end_array(&f->j);
		json_end_object(&f->j);
	}
	if (!v[COL_BENEFICIARY_RFRNC_YR].null) {
		fhir_bene_rfrnc_yr(f, b);
		fhir_bene_monthly(f, b, "dual", "_", MONTH_DUAL);
	}
	json_end_array(&f->j);
}

static void string_value(struct fhir *f, const char *key, const struct rif_value *v)
{
	if (v->null)
		return;
	json_key(&f->j, key);
	json_stringn(&f->j, v->s, v->len);
}

static void address(struct fhir *f, const struct rif_value *v)
{
	json_key(&f->j, "address");
	json_array(&f->j);
	json_object(&f->j);
	if (f->address_fields) {
		static const int lines[] = {
		    COL_BENEFICIARY_DRVD_LINE_1_ADR, COL_BENEFICIARY_DRVD_LINE_2_ADR,
		    COL_BENEFICIARY_DRVD_LINE_3_ADR, COL_BENEFICIARY_DRVD_LINE_4_ADR,
		    COL_BENEFICIARY_DRVD_LINE_5_ADR, COL_BENEFICIARY_DRVD_LINE_6_ADR};
		bool any = false;
		for (int i = 0; i < 6; i++)
			any |= !v[lines[i]].null;
		if (any) {
			json_key(&f->j, "line");
			json_array(&f->j);
			for (int i = 0; i < 6; i++)
				if (!v[lines[i]].null)
					json_stringn(&f->j, v[lines[i]].s, v[lines[i]].len);
			json_end_array(&f->j);
		}
		string_value(f, "city", &v[COL_BENEFICIARY_CITY_NAME]);
	}
	string_value(f, "state", &v[COL_BENEFICIARY_STATE_CODE]);
	string_value(f, "postalCode", &v[COL_BENEFICIARY_BENE_ZIP_CD]);
	json_end_object(&f->j);
	json_end_array(&f->j);
}

static int render(struct fhir *f, struct store *s, int64_t bene, char part, char **cause)
{
	(void)part;
	struct fhir_bene b;
	struct mbis hist = {0};
	int found = fhir_bene_load(&b, s, bene, cause);
	if (found <= 0)
		return found;
	if (store_each_bene_history(s, bene, add_history_mbi, &hist, cause) < 0) {
		fhir_bene_free(&b);
		return -1;
	}
	const struct rif_value *v = b.r.v;
	char id[32];
	json_object(&f->j);
	json_key(&f->j, "resourceType");
	json_string(&f->j, "Patient");
	json_key(&f->j, "id");
	json_stringn(&f->j, id, (size_t)snprintf(id, sizeof id, "%lld", (long long)bene));
	fhir_meta(f, FHIR_PROFILE "C4BB-Patient", b.meta.updated);
	extensions(f, &b);
	identifiers(f, &b, &hist);
	json_key(&f->j, "name");
	json_array(&f->j);
	json_object(&f->j);
	json_key(&f->j, "use");
	json_string(&f->j, "usual");
	string_value(f, "family", &v[COL_BENEFICIARY_BENE_SRNM_NAME]);
	if (!v[COL_BENEFICIARY_BENE_GVN_NAME].null || !v[COL_BENEFICIARY_BENE_MDL_NAME].null) {
		json_key(&f->j, "given");
		json_array(&f->j);
		if (!v[COL_BENEFICIARY_BENE_GVN_NAME].null)
			json_stringn(&f->j, v[COL_BENEFICIARY_BENE_GVN_NAME].s,
			             v[COL_BENEFICIARY_BENE_GVN_NAME].len);
		if (!v[COL_BENEFICIARY_BENE_MDL_NAME].null)
			json_stringn(&f->j, v[COL_BENEFICIARY_BENE_MDL_NAME].s,
			             v[COL_BENEFICIARY_BENE_MDL_NAME].len);
		json_end_array(&f->j);
	}
	json_end_object(&f->j);
	json_end_array(&f->j);
	const struct rif_value *sex = &v[COL_BENEFICIARY_BENE_SEX_IDENT_CD];
	json_key(&f->j, "gender");
	json_string(&f->j, sex->null || sex->len != 1 ? "unknown"
	                   : sex->s[0] == '1'         ? "male"
	                   : sex->s[0] == '2'         ? "female"
	                                              : "unknown");
	if (!v[COL_BENEFICIARY_BENE_BIRTH_DT].null) {
		json_key(&f->j, "birthDate");
		fhir_date(f, v[COL_BENEFICIARY_BENE_BIRTH_DT].i);
	}
	if (!v[COL_BENEFICIARY_DEATH_DT].null) {
		json_key(&f->j, "deceasedDateTime");
		fhir_date(f, v[COL_BENEFICIARY_DEATH_DT].i);
	} else {
		json_key(&f->j, "deceasedBoolean");
		json_bool(&f->j, false);
	}
	address(f, v);
	json_end_object(&f->j);
	for (int i = 0; i < hist.n; i++)
		free(hist.v[i]);
	free(hist.v);
	fhir_bene_free(&b);
	return 1;
}

int fhir_patient(struct fhir *f, struct store *s, int64_t bene, char **cause)
{
	return fhir_bene_cached(f, FHIR_KIND_PATIENT, render, s, bene, 0, cause);
}
