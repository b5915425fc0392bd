/* Coverage (C4BB-Coverage) of Parts A, B, C and D from a beneficiary and its months, as BFD
 * v2 renders it. */
#include <stdio.h>
#include <string.h>

#include "core/fatal.h"
#include "fhir/bene.h"
#include "fhir/resources.h"
#include "rif/columns.h"
#include "rif/record.h"

#define COVERAGE_CLASS "http://terminology.hl7.org/CodeSystem/coverage-class"

/* The beneficiary's stored months, as Part D's contract-by-month extensions. */
struct months {
	struct fhir *f;
};

static void month_contract(void *arg, int year_month, const void *data, size_t len)
{
	struct fhir *f = ((struct months *)arg)->f;
	const struct rif_column *mc = rif_month_columns();
	struct rif_value v[RIF_MONTH_FIELDS];
	const unsigned char *p = data;
	char var[32], url[160];
	if (rif_record_get(&p, p + len, mc, RIF_MONTH_FIELDS, v) < 0)
		return; /* an unreadable month adds nothing */
	int year = year_month / 100, month = year_month % 100;
	snprintf(var, sizeof var, "ptdcntrct%02d", month);
	json_object(&f->j);
	json_key(&f->j, "url");
	json_stringn(&f->j, url,
	             (size_t)snprintf(url, sizeof url, FHIR_VAR "%s/%04d-%d", var, year, month));
	json_key(&f->j, "valueCoding");
	const struct rif_value *c = &v[MONTH_PTD_CNTRCT];
	if (c->null) {
		/* No contract that month: BFD writes "0", not enrolled. */
		struct rif_value zero = {.s = "0", .len = 1};
		fhir_var_coding(f, var, &mc[MONTH_PTD_CNTRCT], &zero);
	} else {
		fhir_var_coding(f, var, &mc[MONTH_PTD_CNTRCT], c);
	}
	json_end_object(&f->j);
}

static void ext(struct fhir *f, const struct fhir_bene *b, const char *var, int col)
{
	fhir_ext_coding(f, var, &b->r.l->cols[col], &b->r.v[col]);
}

static int extensions(struct fhir *f, struct store *s, const struct fhir_bene *b, char part,
                      char **cause)
{
	bool year = !b->r.v[COL_BENEFICIARY_RFRNC_YR].null;
	json_key(&f->j, "extension");
	json_array(&f->j);
	if (part != 'c')
		ext(f, b, "ms_cd", COL_BENEFICIARY_BENE_MDCR_STATUS_CD);
	if (part == 'a') {
		ext(f, b, "orec", COL_BENEFICIARY_BENE_ENTLMT_RSN_ORIG);
		ext(f, b, "crec", COL_BENEFICIARY_BENE_ENTLMT_RSN_CURR);
		ext(f, b, "esrd_ind", COL_BENEFICIARY_BENE_ESRD_IND);
		ext(f, b, "a_trm_cd", COL_BENEFICIARY_BENE_PTA_TRMNTN_CD);
	} else if (part == 'b') {
		ext(f, b, "b_trm_cd", COL_BENEFICIARY_BENE_PTB_TRMNTN_CD);
	}
	if (year && part == 'c') {
		fhir_bene_monthly(f, b, "ptc_cntrct_id", "_", MONTH_PTC_CNTRCT);
		fhir_bene_monthly(f, b, "ptc_pbp_id", "_", MONTH_PTC_PBP);
		fhir_bene_monthly(f, b, "ptc_plan_type_cd", "_", MONTH_PTC_PLAN_TYPE);
		fhir_bene_monthly(f, b, "hmo_ind", "_", MONTH_HMO);
	}
	if (year && part == 'd') {
		struct months m = {f};
		fhir_bene_monthly(f, b, "ptdcntrct", "", MONTH_PTD_CNTRCT);
		if (store_each_bene_month(s, b->meta.id, month_contract, &m, cause) < 0)
			return -1;
		fhir_bene_monthly(f, b, "ptdpbpid", "", MONTH_PTD_PBP);
		fhir_bene_monthly(f, b, "sgmtid", "", MONTH_PTD_SGMT);
		fhir_bene_monthly(f, b, "cstshr", "", MONTH_CST_SHR);
		fhir_bene_monthly(f, b, "rdsind", "", MONTH_RDS);
	}
	if (year) {
		fhir_bene_rfrnc_yr(f, b);
		fhir_bene_monthly(f, b, "dual", "_", MONTH_DUAL);
		if (part == 'a' || part == 'b')
			fhir_bene_monthly(f, b, "buyin", "", MONTH_BUYIN);
	}
	json_end_array(&f->j);
	return 0;
}

static void coding_concept(struct fhir *f, const char *key, const char *system, const char *code,
                           const char *display)
{
	json_key(&f->j, key);
	fhir_concept(f, system, code, display);
}

static void class_entry(struct fhir *f, const char *code, const char *display, const char *value)
{
	json_object(&f->j);
	coding_concept(f, "type", COVERAGE_CLASS, code, display);
	json_key(&f->j, "value");
	json_string(&f->j, value);
	json_end_object(&f->j);
}

static int render(struct fhir *f, struct store *s, int64_t bene, char part, char **cause)
{
	struct fhir_bene b;
	int found = fhir_bene_load(&b, s, bene, cause);
	if (found <= 0)
		return found;
	const struct rif_value *v = b.r.v;
	char text[64];
	json_object(&f->j);
	json_key(&f->j, "resourceType");
	json_string(&f->j, "Coverage");
	json_key(&f->j, "id");
	json_stringn(&f->j, text,
	             (size_t)snprintf(text, sizeof text, "part-%c-%lld", part, (long long)bene));
	fhir_meta(f, FHIR_PROFILE "C4BB-Coverage", b.meta.updated);
	if (extensions(f, s, &b, part, cause) < 0) {
		fhir_bene_free(&b);
		return -1;
	}
	/* Parts A and B are active while not terminated (code 0); C and D always. */
	const struct rif_value *term = part == 'a'   ? &v[COL_BENEFICIARY_BENE_PTA_TRMNTN_CD]
	                               : part == 'b' ? &v[COL_BENEFICIARY_BENE_PTB_TRMNTN_CD]
	                                             : NULL;
	bool active = term == NULL || (!term->null && term->len == 1 && term->s[0] == '0');
	json_key(&f->j, "status");
	json_string(&f->j, active ? "active" : "cancelled");
	coding_concept(f, "type", "http://terminology.hl7.org/CodeSystem/v3-ActCode", "SUBSIDIZ",
	               NULL);
	if (!v[COL_BENEFICIARY_MBI_NUM].null) {
		json_key(&f->j, "subscriberId");
		json_stringn(&f->j, v[COL_BENEFICIARY_MBI_NUM].s, v[COL_BENEFICIARY_MBI_NUM].len);
	}
	json_key(&f->j, "beneficiary");
	json_object(&f->j);
	json_key(&f->j, "reference");
	json_stringn(&f->j, text,
	             (size_t)snprintf(text, sizeof text, "Patient/%lld", (long long)bene));
	json_end_object(&f->j);
	coding_concept(f, "relationship",
	               "http://terminology.hl7.org/CodeSystem/subscriber-relationship", "self",
	               "Self");
	int start = part == 'a'   ? COL_BENEFICIARY_PTA_CVRG_STRT_DT
	            : part == 'b' ? COL_BENEFICIARY_PTB_CVRG_STRT_DT
	            : part == 'd' ? COL_BENEFICIARY_PTD_CVRG_STRT_DT
	                          : -1;
	int end = part == 'a'   ? COL_BENEFICIARY_PTA_CVRG_END_DT
	          : part == 'b' ? COL_BENEFICIARY_PTB_CVRG_END_DT
	          : part == 'd' ? COL_BENEFICIARY_PTD_CVRG_END_DT
	                        : -1;
	if (start >= 0 && (!v[start].null || !v[end].null)) {
		json_key(&f->j, "period");
		json_object(&f->j);
		if (!v[start].null) {
			json_key(&f->j, "start");
			fhir_date(f, v[start].i);
		}
		if (!v[end].null) {
			json_key(&f->j, "end");
			fhir_date(f, v[end].i);
		}
		json_end_object(&f->j);
	}
	json_key(&f->j, "payor");
	json_array(&f->j);
	json_object(&f->j);
	json_key(&f->j, "identifier");
	json_object(&f->j);
	json_key(&f->j, "value");
	json_string(&f->j, "Centers for Medicare and Medicaid Services");
	json_end_object(&f->j);
	json_end_object(&f->j);
	json_end_array(&f->j);
	json_key(&f->j, "class");
	json_array(&f->j);
	class_entry(f, "group", "Group", "Medicare");
	snprintf(text, sizeof text, "Part %c", part - 'a' + 'A');
	class_entry(f, "plan", "Plan", text);
	json_end_array(&f->j);
	json_end_object(&f->j);
	fhir_bene_free(&b);
	return 1;
}

int fhir_coverage(struct fhir *f, struct store *s, int64_t bene, char part, char **cause)
{
	return fhir_bene_cached(f, FHIR_KIND_COVERAGE + (part - 'a'), render, s, bene, part, cause);
}
