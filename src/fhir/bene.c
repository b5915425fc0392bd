#include "fhir/bene.h"

#include <stdio.h>
#include <string.h>

#include "core/fatal.h"
#include "rif/columns.h"

int fhir_bene_load(struct fhir_bene *b, struct store *s, int64_t id, char **cause)
{
	memset(b, 0, sizeof *b);
	int found = store_get_beneficiary(s, id, &b->rec, &b->meta, cause);
	if (found <= 0)
		return found;
	if (fhir_record_decode(&b->r, rif_layout_get(RIF_BENEFICIARY), b->meta.data, b->meta.len) <
	    0) {
		*cause = xasprintf("the stored beneficiary %lld is unreadable", (long long)id);
		buf_free(&b->rec);
		return -1;
	}
	return 1;
}

void fhir_bene_free(struct fhir_bene *b)
{
	fhir_record_free(&b->r);
	buf_free(&b->rec);
}

const struct rif_value *fhir_bene_month(const struct fhir_bene *b, int field, int month)
{
	return &b->r.v[rif_month_source(field, month)];
}

void fhir_bene_rfrnc_yr(struct fhir *f, const struct fhir_bene *b)
{
	const struct rif_value *y = &b->r.v[COL_BENEFICIARY_RFRNC_YR];
	char year[16];
	if (y->null)
		return;
	int64_t v = y->i;
	for (int k = 0; k < y->scale; k++)
		v /= 10;
	if (v < 1 || v > 9999)
		return; /* not a year FHIR can write (the HICN sample has 0) */
	json_object(&f->j);
	json_key(&f->j, "url");
	json_string(&f->j, FHIR_VAR "rfrnc_yr");
	json_key(&f->j, "valueDate");
	json_stringn(&f->j, year, (size_t)snprintf(year, sizeof year, "%04lld", (long long)v));
	json_end_object(&f->j);
}

void fhir_bene_monthly(struct fhir *f, const struct fhir_bene *b, const char *var, const char *sep,
                       int field)
{
	const struct rif_column *mc = rif_month_columns();
	for (int m = 1; m <= 12; m++) {
		char name[64];
		snprintf(name, sizeof name, "%s%s%02d", var, sep, m);
		fhir_ext_coding(f, name, &mc[field], fhir_bene_month(b, field, m));
	}
}

int fhir_bene_cached(struct fhir *f, int kind, fhir_bene_fn *fn, struct store *s, int64_t bene,
                     char part, char **cause)
{
	if (f->generation < 0)
		return fn(f, s, bene, part, cause);
	size_t at = f->j.b->len, start;
	char sep = f->j.sep;
	if (fhir_cached(f, kind, bene, f->generation, &start))
		return 1;
	int rc = fn(f, s, bene, part, cause);
	if (rc <= 0) {
		f->j.b->len = at; /* nothing written */
		f->j.sep = sep;
		return rc;
	}
	fhir_keep(f, kind, bene, f->generation, start);
	return 1;
}
