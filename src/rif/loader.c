#include "rif/loader.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/fatal.h"
#include "rif/reader.h"
#include "rif/record.h"
#include "rif/samhsa.h"

struct line_ref {
	int64_t num;
	long row; /* file line, for messages */
	size_t off, len;
};

struct loader {
	struct store *s;
	const char *path;
	const struct load_options *o;
	const struct rif_layout *l;
	struct rif_reader *r;
	struct rif_value *vals;
	struct rif_value old[256]; /* a beneficiary's stored values, on UPDATE */
	struct buf rec, lines, aux, oldrec;
	struct line_ref *refs;
	int nrefs, refs_cap;
	bool in_claim;
	bool claim_samhsa;
	int64_t claim_id, claim_bene;
	int32_t claim_from, claim_thru;
	long claim_row;
	bool bene_ok_valid;
	int64_t bene_ok; /* the last beneficiary found to exist */
	int64_t now_ms;
	struct load_report *rep;
	char why[512];
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Fails the load with "FILE:LINE: COLUMN: message". */
__attribute__((format(printf, 5, 6))) static int
row_error(struct loader *ld, char **cause, long line, const char *column, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	*cause = xasprintf("%s:%ld: %s: %s", ld->path, line, column, msg);
	return -1;
}

static int check_bene(struct loader *ld, int64_t bene, long line, char **cause)
{
	bool exists;
	char *err = NULL;
	if (ld->bene_ok_valid && ld->bene_ok == bene)
		return 0;
	if (store_beneficiary_exists(ld->s, bene, &exists, &err) < 0) {
		row_error(ld, cause, line, "BENE_ID", "%s", err);
		free(err);
		return -1;
	}
	if (!exists)
		return row_error(ld, cause, line, "BENE_ID",
		                 "beneficiary %lld is not loaded (load the beneficiary file first)",
		                 (long long)bene);
	ld->bene_ok = bene;
	ld->bene_ok_valid = true;
	return 0;
}

static int store_failed(struct loader *ld, char **cause, long line, char *err)
{
	row_error(ld, cause, line, ld->l->cols[ld->l->key_col < 0 ? 0 : ld->l->key_col].name, "%s",
	          err);
	free(err);
	return -1;
}

static int cmp_line(const void *a, const void *b)
{
	const struct line_ref *x = a, *y = b;
	return x->num < y->num ? -1 : x->num > y->num;
}

/* Writes the claim gathered so far: its claim part, then its lines in line-number order. */
static int flush_claim(struct loader *ld, char **cause)
{
	char *err = NULL;
	if (!ld->in_claim)
		return 0;
	ld->in_claim = false;
	qsort(ld->refs, (size_t)ld->nrefs, sizeof *ld->refs, cmp_line);
	for (int i = 1; i < ld->nrefs; i++)
		if (ld->refs[i].num == ld->refs[i - 1].num) {
			long row = ld->refs[i].row > ld->refs[i - 1].row ? ld->refs[i].row
			                                                 : ld->refs[i - 1].row;
			return row_error(ld, cause, row, ld->l->cols[ld->l->line_num_col].name,
			                 "line number %lld appears twice in claim %lld",
			                 (long long)ld->refs[i].num, (long long)ld->claim_id);
		}
	buf_put_uvarint(&ld->rec, (uint64_t)ld->nrefs);
	for (int i = 0; i < ld->nrefs; i++)
		buf_append(&ld->rec, ld->lines.data + ld->refs[i].off, ld->refs[i].len);
	struct store_claim c = {
	    .type = (int)ld->l->type,
	    .id = ld->claim_id,
	    .bene_id = ld->claim_bene,
	    .date_from = ld->claim_from,
	    .date_thru = ld->claim_thru,
	    .updated = ld->now_ms,
	    .lines = ld->nrefs,
	    .samhsa = ld->claim_samhsa,
	    .data = ld->rec.data,
	    .len = ld->rec.len,
	};
	if (store_put_claim(ld->s, &c, &err) < 0)
		return store_failed(ld, cause, ld->claim_row, err);
	ld->rep->records++;
	ld->rep->claims++;
	ld->rep->lines += ld->nrefs;
	ld->rep->samhsa += ld->claim_samhsa;
	return 0;
}

static int32_t date_or_zero(const struct rif_value *v)
{
	return v->null ? 0 : (int32_t)v->i;
}

/* One row of a claim file: starts a claim or adds a line to the current one. */
static int claim_row(struct loader *ld, long line, char **cause)
{
	const struct rif_layout *l = ld->l;
	int64_t id = ld->vals[l->key_col].i;
	if (!ld->in_claim || id != ld->claim_id) {
		if (flush_claim(ld, cause) < 0)
			return -1;
		int64_t bene = ld->vals[l->bene_col].i;
		if (check_bene(ld, bene, line, cause) < 0)
			return -1;
		ld->in_claim = true;
		ld->claim_samhsa = false;
		ld->claim_id = id;
		ld->claim_bene = bene;
		ld->claim_row = line;
		ld->claim_from = date_or_zero(&ld->vals[l->from_col]);
		ld->claim_thru = date_or_zero(&ld->vals[l->thru_col]);
		ld->nrefs = 0;
		buf_reset(&ld->rec);
		buf_reset(&ld->lines);
		buf_put_uvarint(&ld->rec, 1); /* record format version */
		rif_record_put(&ld->rec, l->cols, l->first_line_col, ld->vals);
	}
	if (ld->nrefs == ld->refs_cap) {
		ld->refs_cap = ld->refs_cap ? ld->refs_cap * 2 : 16;
		ld->refs = realloc(ld->refs, (size_t)ld->refs_cap * sizeof *ld->refs);
		if (ld->refs == NULL)
			fatal("out of memory");
	}
	/* Every row holds the claim's columns and one line's: either may carry a code. */
	ld->claim_samhsa |= samhsa_match(ld->o->samhsa, l, ld->vals);
	struct line_ref *ref = &ld->refs[ld->nrefs++];
	ref->num = ld->vals[l->line_num_col].i;
	ref->row = line;
	ref->off = ld->lines.len;
	rif_record_put(&ld->lines, l->cols + l->first_line_col, l->ncols - l->first_line_col,
	               ld->vals + l->first_line_col);
	ref->len = ld->lines.len - ref->off;
	return 0;
}

static int event_row(struct loader *ld, long line, char **cause)
{
	const struct rif_layout *l = ld->l;
	char *err = NULL;
	int64_t bene = ld->vals[l->bene_col].i;
	if (check_bene(ld, bene, line, cause) < 0)
		return -1;
	buf_reset(&ld->rec);
	buf_put_uvarint(&ld->rec, 1);
	rif_record_put(&ld->rec, l->cols, l->ncols, ld->vals);
	struct store_claim c = {
	    .type = (int)l->type,
	    .id = ld->vals[l->key_col].i,
	    .bene_id = bene,
	    .date_from = date_or_zero(&ld->vals[l->from_col]),
	    .date_thru = date_or_zero(&ld->vals[l->thru_col]),
	    .updated = ld->now_ms,
	    .data = ld->rec.data,
	    .len = ld->rec.len,
	};
	if (store_put_claim(ld->s, &c, &err) < 0)
		return store_failed(ld, cause, line, err);
	ld->rep->records++;
	ld->rep->claims++;
	return 0;
}

static bool values_equal(const struct rif_value *a, const struct rif_value *b)
{
	if (a->null || b->null)
		return a->null == b->null;
	return a->i == b->i && a->scale == b->scale && a->len == b->len &&
	       (a->len == 0 || memcmp(a->s, b->s, a->len) == 0);
}

/* As BFD does, an UPDATE that changes who the beneficiary is (identifiers, birth date, sex)
 * keeps the old values as a beneficiary-history row. */
static int keep_history(struct loader *ld, const struct rif_value *old, long line, char **cause)
{
	static const char *const identity[] = {"MBI_NUM", "BENE_CRNT_HIC_NUM", "EFCTV_BGN_DT",
	                                       "BENE_BIRTH_DT", "BENE_SEX_IDENT_CD"};
	const struct rif_layout *l = ld->l, *h = rif_layout_get(RIF_BENEFICIARY_HISTORY);
	struct rif_value hv[32];
	char *err = NULL;
	bool changed = false;
	for (size_t i = 0; i < sizeof identity / sizeof identity[0]; i++) {
		int c = rif_layout_column(l, identity[i]);
		changed |= !values_equal(&old[c], &ld->vals[c]);
	}
	if (!changed)
		return 0;
	for (int i = 0; i < h->ncols; i++) {
		int c = rif_layout_column(l, h->cols[i].name);
		hv[i] = c < 0 ? (struct rif_value){.null = true} : old[c];
	}
	buf_reset(&ld->aux);
	rif_record_put(&ld->aux, h->cols, h->ncols, hv);
	if (store_put_bene_history(ld->s, ld->vals[l->bene_col].i, ld->now_ms, ld->aux.data,
	                           ld->aux.len, &err) < 0)
		return store_failed(ld, cause, line, err);
	return 0;
}

/* The beneficiary's months of the file's reference year replace those stored for that year;
 * months without any value are not stored. */
static int write_months(struct loader *ld, int64_t bene, long line, char **cause)
{
	const struct rif_value *year = &ld->vals[rif_layout_column(ld->l, "RFRNC_YR")];
	const struct rif_column *mc = rif_month_columns();
	struct rif_value mv[12][RIF_MONTH_FIELDS];
	bool any[12], some = false;
	char *err = NULL;
	if (year->null)
		return 0;
	int64_t y = year->i;
	for (int k = 0; k < year->scale; k++)
		y /= 10;
	if (y < 0 || y > 9999)
		return row_error(ld, cause, line, "RFRNC_YR", "reference year %lld out of range",
		                 (long long)y);
	for (int m = 0; m < 12; m++) {
		any[m] = false;
		for (int f = 0; f < RIF_MONTH_FIELDS; f++) {
			mv[m][f] = ld->vals[rif_month_source(f, m + 1)];
			any[m] |= !mv[m][f].null;
		}
		some |= any[m];
	}
	if (!some)
		return 0;
	if (store_delete_bene_year(ld->s, bene, (int)y, &err) < 0)
		return store_failed(ld, cause, line, err);
	for (int m = 0; m < 12; m++) {
		if (!any[m])
			continue;
		buf_reset(&ld->aux);
		rif_record_put(&ld->aux, mc, RIF_MONTH_FIELDS, mv[m]);
		if (store_put_bene_month(ld->s, bene, (int)y * 100 + m + 1, ld->now_ms,
		                         ld->aux.data, ld->aux.len, &err) < 0)
			return store_failed(ld, cause, line, err);
	}
	return 0;
}

static char *value_cstr(const struct rif_value *v, char *tmp, size_t n)
{
	if (v->null)
		return NULL;
	snprintf(tmp, n, "%.*s", (int)v->len, v->s);
	return tmp;
}

static int beneficiary_row(struct loader *ld, bool update, long line, char **cause)
{
	const struct rif_layout *l = ld->l;
	int64_t bene = ld->vals[l->bene_col].i;
	char *err = NULL, mbi[32], hicn[80];
	if (update) {
		struct store_beneficiary meta;
		int found = store_get_beneficiary(ld->s, bene, &ld->oldrec, &meta, &err);
		if (found < 0)
			return store_failed(ld, cause, line, err);
		if (found) {
			const unsigned char *p = (const unsigned char *)ld->oldrec.data;
			const unsigned char *end = p + meta.len;
			uint64_t version;
			if (buf_get_uvarint(&p, end, &version) < 0 ||
			    rif_record_get(&p, end, l->cols, l->ncols, ld->old) < 0)
				return row_error(ld, cause, line, "BENE_ID",
				                 "the stored beneficiary %lld is unreadable",
				                 (long long)bene);
			if (keep_history(ld, ld->old, line, cause) < 0)
				return -1;
		}
	}
	buf_reset(&ld->rec);
	buf_put_uvarint(&ld->rec, 1);
	rif_record_put(&ld->rec, l->cols, l->ncols, ld->vals);
	struct store_beneficiary b = {
	    .id = bene,
	    .mbi = value_cstr(&ld->vals[rif_layout_column(l, "MBI_NUM")], mbi, sizeof mbi),
	    .hicn =
	        value_cstr(&ld->vals[rif_layout_column(l, "BENE_CRNT_HIC_NUM")], hicn, sizeof hicn),
	    .updated = ld->now_ms,
	    .data = ld->rec.data,
	    .len = ld->rec.len,
	};
	if (store_put_beneficiary(ld->s, &b, &err) < 0)
		return store_failed(ld, cause, line, err);
	ld->bene_ok_valid = false;
	ld->rep->records++;
	return write_months(ld, bene, line, cause);
}

static int history_row(struct loader *ld, long line, char **cause)
{
	const struct rif_layout *l = ld->l;
	char *err = NULL;
	buf_reset(&ld->rec);
	rif_record_put(&ld->rec, l->cols, l->ncols, ld->vals);
	int64_t bene = ld->vals[l->bene_col].i;
	int rc =
	    l->type == RIF_MBI_HISTORY
	        ? store_put_mbi_history(ld->s, ld->vals[l->key_col].i, bene, ld->now_ms,
	                                ld->rec.data, ld->rec.len, &err)
	        : store_put_bene_history(ld->s, bene, ld->now_ms, ld->rec.data, ld->rec.len, &err);
	if (rc < 0)
		return store_failed(ld, cause, line, err);
	ld->rep->records++;
	return 0;
}

static int do_row(struct loader *ld, const struct rif_row *row, char **cause)
{
	const struct rif_layout *l = ld->l;
	int off = l->has_dml ? 1 : 0, want = l->ncols + off;
	bool update = false;
	if (row->n < want)
		return row_error(ld, cause, row->line, l->cols[row->n - off].name,
		                 "missing: the row has %d fields, the header %d", row->n, want);
	/* One field more than the header, at the end, is ignored: BFD's files have it. */
	if (row->n > want + 1)
		return row_error(ld, cause, row->line, "(end of row)",
		                 "the row has %d fields, the header %d", row->n, want);
	if (l->has_dml) {
		if (strcmp(row->fields[0], "UPDATE") == 0)
			update = true;
		else if (strcmp(row->fields[0], "INSERT") != 0)
			return row_error(ld, cause, row->line, "DML_IND",
			                 "unknown value '%s' (INSERT or UPDATE)", row->fields[0]);
	}
	for (int i = 0; i < l->ncols; i++)
		if (rif_value_parse(&l->cols[i], row->fields[i + off], row->lens[i + off],
		                    &ld->vals[i], ld->why, sizeof ld->why) < 0)
			return row_error(ld, cause, row->line, l->cols[i].name, "%s", ld->why);
	switch (l->type) {
	case RIF_BENEFICIARY:
		return beneficiary_row(ld, update, row->line, cause);
	case RIF_BENEFICIARY_HISTORY:
	case RIF_MBI_HISTORY:
		return history_row(ld, row->line, cause);
	case RIF_PDE:
		return event_row(ld, row->line, cause);
	default:
		return claim_row(ld, row->line, cause);
	}
}

static int read_header(struct loader *ld, char **cause)
{
	struct rif_row row;
	char *err = NULL;
	int bad, rc = rif_reader_next(ld->r, &row, &err);
	if (rc < 0) {
		row_error(ld, cause, 1, "(header)", "%s", err);
		free(err);
		return -1;
	}
	if (rc == 0) {
		*cause = xasprintf("%s:1: (header): the file is empty", ld->path);
		return -1;
	}
	ld->l = rif_layout_match(row.fields, row.n, &bad);
	if (ld->l == NULL) {
		if (bad < row.n)
			return row_error(
			    ld, cause, 1, row.fields[bad][0] ? row.fields[bad] : "(empty)",
			    "unknown header: column %d fits no RIF file type", bad + 1);
		return row_error(ld, cause, 1, "(end of header)",
		                 "unknown header: %d columns fit no RIF file type", row.n);
	}
	return 0;
}

int rif_file_type(const char *path, enum rif_type *type, char **cause)
{
	struct loader ld = {.path = path};
	char *err = NULL;
	if (rif_reader_open(path, &ld.r, &err) < 0) {
		*cause = xasprintf("%s: %s", path, err);
		free(err);
		return -1;
	}
	int rc = read_header(&ld, cause);
	if (rc == 0)
		*type = ld.l->type;
	rif_reader_close(ld.r);
	return rc;
}

static void show_progress(struct loader *ld, double start, bool last)
{
	double t = now_seconds() - start;
	off_t size = rif_reader_size(ld->r), at = rif_reader_offset(ld->r);
	double rate = t > 0 ? (double)ld->rep->rows / t : 0;
	double eta = at > 0 && size > at ? t * (double)(size - at) / (double)at : 0;
	fprintf(ld->o->progress, "\r%s: %ld rows, %.0f rows/s, ETA %.0f s   %s", ld->path,
	        ld->rep->rows, rate, eta, last ? "\n" : "");
	fflush(ld->o->progress);
}

int rif_load_file(struct store *s, const char *path, const struct load_options *o,
                  struct load_report *rep, char **cause)
{
	struct loader ld = {.s = s, .path = path, .o = o, .rep = rep};
	struct rif_row row;
	char *err = NULL;
	double start = now_seconds(), shown = start;
	bool progress, began = false;
	int rc = -1;
	memset(rep, 0, sizeof *rep);
	if (rif_reader_open(path, &ld.r, &err) < 0) {
		*cause = xasprintf("%s: %s", path, err);
		free(err);
		return -1;
	}
	if (read_header(&ld, cause) < 0)
		goto out;
	rep->type = ld.l->type;
	if (o->expect_type >= 0 && o->expect_type != (int)ld.l->type) {
		*cause =
		    xasprintf("%s:1: (header): the manifest says %s but the header is that of "
		              "a %s file",
		              path, rif_layout_get((enum rif_type)o->expect_type)->manifest_name,
		              ld.l->manifest_name);
		goto out;
	}
	progress = o->progress && rif_reader_size(ld.r) >= o->progress_min;
	ld.vals = xcalloc((size_t)ld.l->ncols, sizeof *ld.vals);
	if (store_begin(s, &err) < 0) {
		*cause = xasprintf("%s: %s", path, err);
		free(err);
		goto out;
	}
	began = true;
	ld.now_ms = clock_wall_ms();
	for (;;) {
		int n = rif_reader_next(ld.r, &row, &err);
		if (n < 0) {
			row_error(&ld, cause, rif_reader_line(ld.r), "(row)", "%s", err);
			free(err);
			goto out;
		}
		if (n == 0)
			break;
		if (o->stop && *o->stop) {
			row_error(&ld, cause, row.line, "(row)",
			          "interrupted; nothing of the file "
			          "was stored");
			goto out;
		}
		if (do_row(&ld, &row, cause) < 0)
			goto out;
		rep->rows++;
		if (progress && (rep->rows & 4095) == 0) {
			double t = now_seconds();
			if (t - shown >= 0.5) {
				show_progress(&ld, start, false);
				shown = t;
			}
		}
	}
	if (flush_claim(&ld, cause) < 0)
		goto out;
	/* The data changed: what was rendered from it before is not served again. */
	if (store_bump_generation(s, &err) < 0 || store_commit(s, &err) < 0) {
		*cause = xasprintf("%s: %s", path, err);
		free(err);
		goto out;
	}
	began = false;
	if (progress)
		show_progress(&ld, start, true);
	rc = 0;
out:
	if (began)
		store_rollback(s);
	rep->seconds = now_seconds() - start;
	rif_reader_close(ld.r);
	free(ld.vals);
	free(ld.refs);
	buf_free(&ld.rec);
	buf_free(&ld.lines);
	buf_free(&ld.aux);
	buf_free(&ld.oldrec);
	return rc;
}
