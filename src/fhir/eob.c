#include "fhir/eob.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/fatal.h"

/* Transforms by claim type. */
static fhir_eob_fn *const transforms[RIF_TYPE_COUNT] = {
    [RIF_CARRIER] = fhir_eob_carrier,
    [RIF_DME] = fhir_eob_dme,
    [RIF_HHA] = fhir_eob_hha,
    [RIF_HOSPICE] = fhir_eob_hospice,
    [RIF_INPATIENT] = fhir_eob_inpatient,
    [RIF_OUTPATIENT] = fhir_eob_outpatient,
    [RIF_SNF] = fhir_eob_snf,
    [RIF_PDE] = fhir_eob_pde,
};

bool fhir_eob_cached(struct fhir *f, const struct store_claim *meta)
{
	size_t sep_at = f->j.b->len, start;
	char sep = f->j.sep;
	if (fhir_cached(f, meta->type, meta->id, meta->updated, &start))
		return true;
	f->j.b->len = sep_at; /* nothing written */
	f->j.sep = sep;
	return false;
}

int fhir_eob(struct fhir *f, const struct store_claim *meta, char **cause)
{
	const struct rif_layout *l = rif_layout_get((enum rif_type)meta->type);
	struct fhir_record r;
	if (l == NULL || transforms[meta->type] == NULL) {
		*cause = xasprintf("claim type %d is not an ExplanationOfBenefit type", meta->type);
		return -1;
	}
	size_t start;
	if (fhir_cached(f, meta->type, meta->id, meta->updated, &start))
		return 0;
	if (fhir_record_decode(&r, l, meta->data, meta->len) < 0) {
		*cause = xasprintf("the stored %s claim %lld is unreadable", l->name,
		                   (long long)meta->id);
		return -1;
	}
	transforms[meta->type](f, &r, meta);
	fhir_record_free(&r);
	fhir_keep(f, meta->type, meta->id, meta->updated, start);
	return 0;
}

void fhir_eob_begin(struct fhir *f, const struct store_claim *meta, const char *profile)
{
	static const char *const prefixes[RIF_TYPE_COUNT] = {[RIF_CARRIER] = "carrier-",
	                                                     [RIF_DME] = "dme-",
	                                                     [RIF_HHA] = "hha-",
	                                                     [RIF_HOSPICE] = "hospice-",
	                                                     [RIF_INPATIENT] = "inpatient-",
	                                                     [RIF_OUTPATIENT] = "outpatient-",
	                                                     [RIF_SNF] = "snf-",
	                                                     [RIF_PDE] = "pde-"};
	json_key(&f->j, "resourceType");
	json_string(&f->j, "ExplanationOfBenefit");
	json_key(&f->j, "id");
	fhir_prefixed_id(f, prefixes[meta->type] ? prefixes[meta->type] : "", meta->id);
	fhir_meta(f, profile, meta->updated);
}

/* {"type": {"coding": [C4BB "uc"]}, "system": system, "value": value} */
static void claim_identifier(struct fhir *f, const char *system, const struct rif_column *c,
                             const struct rif_value *v)
{
	char tmp[32];
	const char *s;
	json_object(&f->j);
	json_key(&f->j, "type");
	json_object(&f->j);
	json_key(&f->j, "coding");
	json_array(&f->j);
	fhir_coding(f, "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType", "uc", 2,
	            "Unique Claim ID");
	json_end_array(&f->j);
	json_end_object(&f->j);
	json_key(&f->j, "system");
	json_string(&f->j, system);
	json_key(&f->j, "value");
	size_t n = fhir_text(c, v, tmp, &s);
	json_stringn(&f->j, s, n);
	json_end_object(&f->j);
}

void fhir_eob_identifiers(struct fhir *f, const char *id_var, const struct rif_column *idc,
                          const struct rif_value *id, const struct rif_column *groupc,
                          const struct rif_value *group,
                          void (*extra)(struct fhir *f, const struct fhir_record *r),
                          const struct fhir_record *r)
{
	char system[128];
	snprintf(system, sizeof system, FHIR_VAR "%s", id_var);
	json_key(&f->j, "identifier");
	json_array(&f->j);
	claim_identifier(f, system, idc, id);
	claim_identifier(f, "https://bluebutton.cms.gov/resources/identifier/claim-group", groupc,
	                 group);
	if (extra)
		extra(f, r);
	json_end_array(&f->j);
}

void fhir_eob_status(struct fhir *f, const struct rif_value *final_action)
{
	bool active = !final_action->null && final_action->len == 1 && final_action->s[0] == 'F';
	json_key(&f->j, "status");
	json_string(&f->j, active ? "active" : "cancelled");
}

void fhir_eob_type(struct fhir *f, const struct rif_column *c, const struct rif_value *clm_type,
                   const char *eob_type, const char *hl7_code, const char *hl7_display)
{
	json_key(&f->j, "type");
	json_object(&f->j);
	json_key(&f->j, "coding");
	json_array(&f->j);
	if (clm_type && !clm_type->null)
		fhir_var_coding(f, "nch_clm_type_cd", c, clm_type);
	fhir_coding(f, "https://bluebutton.cms.gov/resources/codesystem/eob-type", eob_type,
	            strlen(eob_type), NULL);
	fhir_coding(f, "http://terminology.hl7.org/CodeSystem/claim-type", hl7_code,
	            strlen(hl7_code), hl7_display);
	json_end_array(&f->j);
	json_end_object(&f->j);
}

void fhir_eob_use_patient(struct fhir *f, int64_t bene)
{
	json_key(&f->j, "use");
	json_string(&f->j, "claim");
	json_key(&f->j, "patient");
	json_object(&f->j);
	json_key(&f->j, "reference");
	fhir_prefixed_id(f, "Patient/", bene);
	json_end_object(&f->j);
}

void fhir_eob_created_insurer(struct fhir *f)
{
	json_key(&f->j, "created");
	f->created_at = f->j.b->len + 1; /* after the opening quote */
	fhir_instant(f, f->now_ms);
	json_key(&f->j, "insurer");
	json_object(&f->j);
	json_key(&f->j, "identifier");
	json_object(&f->j);
	json_key(&f->j, "value");
	json_string(&f->j, "CMS");
	json_end_object(&f->j);
	json_end_object(&f->j);
}

void fhir_eob_outcome(struct fhir *f)
{
	json_key(&f->j, "outcome");
	json_string(&f->j, "complete");
}

void fhir_eob_billable_period(struct fhir *f, const struct rif_value *from,
                              const struct rif_value *thru)
{
	fhir_eob_billable_period_ext(f, from, thru, NULL, NULL, NULL);
}

void fhir_eob_billable_period_ext(struct fhir *f, const struct rif_value *from,
                                  const struct rif_value *thru, const char *var,
                                  const struct rif_column *c, const struct rif_value *ext)
{
	json_key(&f->j, "billablePeriod");
	json_object(&f->j);
	if (ext && !ext->null) {
		json_key(&f->j, "extension");
		json_array(&f->j);
		fhir_ext_coding(f, var, c, ext);
		json_end_array(&f->j);
	}
	if (!from->null) {
		json_key(&f->j, "start");
		fhir_date(f, from->i);
	}
	if (!thru->null) {
		json_key(&f->j, "end");
		fhir_date(f, thru->i);
	}
	json_end_object(&f->j);
}

void fhir_eob_insurance(struct fhir *f, char part, int64_t bene)
{
	json_key(&f->j, "insurance");
	json_array(&f->j);
	json_object(&f->j);
	json_key(&f->j, "focal");
	json_bool(&f->j, true);
	json_key(&f->j, "coverage");
	json_object(&f->j);
	json_key(&f->j, "reference");
	char prefix[] = "Coverage/part-?-";
	prefix[14] = part;
	fhir_prefixed_id(f, prefix, bene);
	json_end_object(&f->j);
	json_end_object(&f->j);
	json_end_array(&f->j);
}
