#include "fhir/fhir.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/fatal.h"
#include "rif/record.h"

void fhir_init(struct fhir *f, struct buf *out, const struct refdata *rd)
{
	memset(f, 0, sizeof *f);
	json_init(&f->j, out);
	f->rd = rd;
	f->created_at = SIZE_MAX;
	f->generation = -1;
	f->now_ms = clock_wall_ms();
}

int fhir_record_decode(struct fhir_record *r, const struct rif_layout *l, const void *data,
                       size_t len)
{
	const unsigned char *p = data, *end = p + len;
	uint64_t version, nlines = 0;
	memset(r, 0, sizeof *r);
	r->l = l;
	r->v = xcalloc((size_t)l->ncols, sizeof *r->v);
	if (buf_get_uvarint(&p, end, &version) < 0 || version != 1)
		goto bad;
	if (rif_record_get(&p, end, l->cols, l->first_line_col, r->v) < 0)
		goto bad;
	if (l->first_line_col == l->ncols)
		return 0;
	int nl = l->ncols - l->first_line_col;
	if (buf_get_uvarint(&p, end, &nlines) < 0 || nlines > len)
		goto bad;
	r->nlines = (int)nlines;
	r->lines = xcalloc(nlines ? nlines * (size_t)nl : 1, sizeof *r->lines);
	for (uint64_t i = 0; i < nlines; i++)
		if (rif_record_get(&p, end, l->cols + l->first_line_col, nl,
		                   r->lines + i * (size_t)nl) < 0)
			goto bad;
	return 0;
bad:
	fhir_record_free(r);
	return -1;
}

void fhir_record_free(struct fhir_record *r)
{
	free(r->v);
	free(r->lines);
	r->v = r->lines = NULL;
}

const struct rif_value *fhir_line(const struct fhir_record *r, int i, int col)
{
	int nl = r->l->ncols - r->l->first_line_col;
	return &r->lines[(size_t)i * (size_t)nl + (size_t)(col - r->l->first_line_col)];
}

/* yyyy-mm-dd (years 0 … 9999) into out; returns 10. */
static int date_text(int64_t days, char *out)
{
	int y, m, d;
	rif_date_civil(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		return snprintf(out, 32, "%04d-%02d-%02d", y, m, d);
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return 10;
}

int fhir_int_text(int64_t v, char *out)
{
	char tmp[24];
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	int n = 0, len = 0;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		out[len++] = '-';
	while (n)
		out[len++] = tmp[--n];
	out[len] = '\0';
	return len;
}

size_t fhir_text(const struct rif_column *c, const struct rif_value *v, char *tmp, const char **s)
{
	*s = tmp;
	switch (c->kind) {
	case RIF_STRING:
		*s = v->s;
		return v->len;
	case RIF_DECIMAL:
		return (size_t)rif_decimal_format(v->i, v->scale, tmp);
	case RIF_DATE:
		return (size_t)date_text(v->i, tmp);
	default:
		return (size_t)fhir_int_text(v->i, tmp);
	}
}

void fhir_date(struct fhir *f, int64_t days)
{
	char tmp[32];
	json_stringn(&f->j, tmp, (size_t)date_text(days, tmp));
}

size_t fhir_instant_text(int64_t ms, char out[40])
{
	/* yyyy-mm-ddThh:mm:ss.mmm+00:00, written digit by digit (twice per resource). */
	int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
	int64_t rest = ms - days * 86400000;
	int sec = (int)(rest / 1000), milli = (int)(rest % 1000);
	int n = date_text(days, out);
	int h = sec / 3600, m = sec / 60 % 60, s2 = sec % 60;
	char *p = out + n;
	*p++ = 'T';
	*p++ = (char)('0' + h / 10);
	*p++ = (char)('0' + h % 10);
	*p++ = ':';
	*p++ = (char)('0' + m / 10);
	*p++ = (char)('0' + m % 10);
	*p++ = ':';
	*p++ = (char)('0' + s2 / 10);
	*p++ = (char)('0' + s2 % 10);
	*p++ = '.';
	*p++ = (char)('0' + milli / 100);
	*p++ = (char)('0' + milli / 10 % 10);
	*p++ = (char)('0' + milli % 10);
	memcpy(p, "+00:00", 6);
	return (size_t)(p + 6 - out);
}

void fhir_instant(struct fhir *f, int64_t ms)
{
	char tmp[40];
	json_stringn(&f->j, tmp, fhir_instant_text(ms, tmp));
}

void fhir_value(struct fhir *f, const struct rif_column *c, const struct rif_value *v)
{
	char tmp[32];
	const char *s;
	switch (c->kind) {
	case RIF_DECIMAL:
		json_decimal(&f->j, v->i, v->scale);
		return;
	case RIF_SMALLINT:
	case RIF_INTEGER:
	case RIF_BIGINT:
		json_int(&f->j, v->i);
		return;
	default: {
		size_t n = fhir_text(c, v, tmp, &s);
		json_stringn(&f->j, s, n);
	}
	}
}

/* A fragment fully determined by constant strings (and the code tables) is rendered once
 * per memo and copied afterwards. memo_begin copies it when kept (and returns true); else it
 * writes the separator and notes where the value starts, for memo_end to keep. */
enum { MEMO_CONCEPT = 1, MEMO_VAR_LABEL_CODING, MEMO_VAR_CATEGORY };

static bool memo_begin(struct fhir *f, const struct fhir_memo_key *k, size_t *at)
{
	json_value_raw(&f->j);
	size_t len;
	const char *kept = f->memo ? fhir_memo_get(f->memo, k, &len) : NULL;
#ifndef FHIR_MEMO_VERIFY
	if (kept) {
		buf_append(f->j.b, kept, len);
		return true;
	}
#endif
	(void)kept;
	f->j.sep = 0;
	*at = f->j.b->len;
	return false;
}

/* With FHIR_MEMO_VERIFY (make check), fragments are always rendered, and compared with the
 * ones kept (in f->memo, or else in one memo of the whole process, so that every rendering
 * of the tests is checked): a caller passing a string that is not constant is caught. */
#ifdef FHIR_MEMO_VERIFY
static pthread_mutex_t verify_lock = PTHREAD_MUTEX_INITIALIZER;
static struct fhir_memo *verify_memo;
static uint64_t verify_serial;

static void memo_verify(struct fhir *f, const struct fhir_memo_key *k, size_t at)
{
	pthread_mutex_lock(&verify_lock);
	if (verify_memo == NULL || verify_serial != refdata_serial(f->rd)) {
		fhir_memo_free(verify_memo);
		verify_memo = fhir_memo_new(NULL);
		verify_serial = refdata_serial(f->rd);
	}
	struct fhir_memo *m = f->memo ? f->memo : verify_memo;
	size_t len, now = f->j.b->len - at;
	const char *kept = fhir_memo_get(m, k, &len);
	if (kept && (len != now || memcmp(kept, f->j.b->data + at, len) != 0))
		fatal("memo: a fragment differs from the one kept under the same strings: "
		      "%.*s / %.*s",
		      (int)len, kept, (int)now, f->j.b->data + at);
	fhir_memo_put(m, k, f->j.b->data + at, now);
	pthread_mutex_unlock(&verify_lock);
}
#endif

static void memo_end(struct fhir *f, const struct fhir_memo_key *k, size_t at)
{
#ifdef FHIR_MEMO_VERIFY
	memo_verify(f, k, at);
#else
	if (f->memo)
		fhir_memo_put(f->memo, k, f->j.b->data + at, f->j.b->len - at);
#endif
}

void fhir_use_cache(struct fhir *f, struct fhir_cache *c)
{
	f->cache = fhir_cache_for(c, f->rd, f->enrich) ? c : NULL;
}

/* The cache key of a resource: the request's switches are part of it. */
static struct fhir_cache_key cache_key(const struct fhir *f, int kind, int64_t id, int64_t version)
{
	unsigned variant = (f->tax_numbers ? 1u : 0u) | (f->address_fields ? 2u : 0u) |
	                   (f->identifiers_hicn ? 4u : 0u);
	return (struct fhir_cache_key){kind, id, version, variant};
}

bool fhir_cached(struct fhir *f, int kind, int64_t id, int64_t version, size_t *start)
{
	*start = SIZE_MAX;
	if (f->cache == NULL)
		return false;
	struct fhir_cache_key k = cache_key(f, kind, id, version);
	size_t created;
	json_value_raw(&f->j);
	if (fhir_cache_get(f->cache, &k, f->j.b, &created)) {
		/* This request's `created`. */
		char now[40];
		if (created != SIZE_MAX && fhir_instant_text(f->now_ms, now) == 29)
			memcpy(f->j.b->data + created, now, 29);
		return true;
	}
	/* Not kept: the caller renders from here (its separator written already). */
	f->j.sep = 0;
	*start = f->j.b->len;
	f->created_at = SIZE_MAX;
	return false;
}

void fhir_keep(struct fhir *f, int kind, int64_t id, int64_t version, size_t start)
{
	if (f->cache == NULL || start == SIZE_MAX)
		return;
	struct fhir_cache_key k = cache_key(f, kind, id, version);
	size_t created = SIZE_MAX;
	if (f->created_at != SIZE_MAX) {
		/* Kept only when `created` can be patched in place (always, this millennium). */
		if (f->created_at < start || f->created_at + 29 >= f->j.b->len ||
		    f->j.b->data[f->created_at + 29] != '"')
			return;
		created = f->created_at - start;
	}
	fhir_cache_put(f->cache, &k, f->j.b->data + start, f->j.b->len - start, created);
}

void fhir_use_memo(struct fhir *f, struct fhir_memo *m)
{
	f->memo = m && fhir_memo_tables(m) == (const void *)f->rd ? m : NULL;
}

void fhir_concept(struct fhir *f, const char *system, const char *code, const char *display)
{
	struct fhir_memo_key k = {MEMO_CONCEPT, {system, code, display}};
	size_t at;
	if (memo_begin(f, &k, &at))
		return;
	json_object(&f->j);
	json_key(&f->j, "coding");
	json_array(&f->j);
	fhir_coding(f, system, code, strlen(code), display);
	json_end_array(&f->j);
	json_end_object(&f->j);
	memo_end(f, &k, at);
}

/* Variable names are the program's own (plain ASCII): copied without escaping. */
void fhir_var_url(struct fhir *f, const char *var)
{
	struct buf *b = f->j.b;
	json_value_raw(&f->j);
	buf_append(b, "\"" FHIR_VAR, sizeof FHIR_VAR);
	buf_append(b, var, strlen(var));
	buf_putc(b, '"');
}

void fhir_var_label_coding(struct fhir *f, const char *system, const char *var)
{
	struct fhir_memo_key k = {MEMO_VAR_LABEL_CODING, {system, var}};
	size_t at;
	if (memo_begin(f, &k, &at))
		return;
	json_object(&f->j);
	json_key(&f->j, "system");
	json_string(&f->j, system);
	json_key(&f->j, "code");
	fhir_var_url(f, var);
	const char *label = refdata_label(f->rd, var);
	if (label) {
		json_key(&f->j, "display");
		json_string(&f->j, label);
	}
	json_end_object(&f->j);
	memo_end(f, &k, at);
}

void fhir_var_category(struct fhir *f, const char *system, const char *code, const char *display,
                       const char *var_system, const char *var)
{
	struct fhir_memo_key k = {MEMO_VAR_CATEGORY, {system, code, display, var_system, var}};
	size_t at;
	if (memo_begin(f, &k, &at))
		return;
	json_object(&f->j);
	json_key(&f->j, "coding");
	json_array(&f->j);
	fhir_coding(f, system, code, strlen(code), display);
	fhir_var_label_coding(f, var_system, var);
	json_end_array(&f->j);
	json_end_object(&f->j);
	memo_end(f, &k, at);
}

void fhir_taxonomy_coding(struct fhir *f, const struct enrich_npi *npi)
{
	json_object(&f->j);
	json_key(&f->j, "system");
	json_string(&f->j, "http://nucc.org/provider-taxonomy");
	if (npi->tax_code) {
		json_key(&f->j, "code");
		json_string(&f->j, npi->tax_code);
	}
	if (npi->tax_display) {
		json_key(&f->j, "display");
		json_string(&f->j, npi->tax_display);
	}
	json_end_object(&f->j);
}

void fhir_taxonomy_qualification(struct fhir *f, const struct enrich_npi *npi)
{
	json_key(&f->j, "qualification");
	json_object(&f->j);
	json_key(&f->j, "coding");
	json_array(&f->j);
	fhir_taxonomy_coding(f, npi);
	json_end_array(&f->j);
	json_end_object(&f->j);
}

bool fhir_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* The text of a coded value as BFD's createCoding takes it: trimmed of blanks. */
static size_t code_text(const struct rif_column *c, const struct rif_value *v, char *tmp,
                        const char **s)
{
	size_t n = fhir_text(c, v, tmp, s);
	while (n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		n--;
	}
	while (n && ((*s)[n - 1] == ' ' || (*s)[n - 1] == '\t'))
		n--;
	return n;
}

/* Appends a CCW-variable coding object as text (no separator): the shape every resource
 * repeats most, written as a few copies rather than key by key. */
static void var_coding_raw(struct fhir *f, const char *var, const char *code, size_t n)
{
	static const char open[] = "{\"system\":\"" FHIR_VAR;
	struct buf *b = f->j.b;
	size_t var_len = strlen(var);
	struct refdata_text display;
	buf_append(b, open, sizeof open - 1);
	buf_append(b, var, var_len);
	if (n) {
		buf_append(b, "\",\"code\":\"", 10);
		json_escape(b, code, n);
		if (refdata_code_text(f->rd, var, var_len, code, n, &display)) {
			buf_append(b, "\",\"display\":\"", 13);
			if (display.plain)
				buf_append(b, display.s, display.len);
			else
				json_escape(b, display.s, display.len);
		}
	}
	buf_append(b, "\"}", 2);
}

void fhir_var_coding(struct fhir *f, const char *var, const struct rif_column *c,
                     const struct rif_value *v)
{
	char tmp[32];
	const char *s;
	size_t n = code_text(c, v, tmp, &s);
	json_value_raw(&f->j);
	var_coding_raw(f, var, s, n);
}

void fhir_var_concept(struct fhir *f, const char *var, const struct rif_column *c,
                      const struct rif_value *v)
{
	json_object(&f->j);
	json_key(&f->j, "coding");
	json_array(&f->j);
	fhir_var_coding(f, var, c, v);
	json_end_array(&f->j);
	json_end_object(&f->j);
}

/* {"url": VAR var, "<key>": — the caller writes the value and closes the object. */
static void ext_open(struct fhir *f, const char *var, const char *key)
{
	json_object(&f->j);
	json_key(&f->j, "url");
	fhir_var_url(f, var);
	json_key(&f->j, key);
}

void fhir_ext_coding(struct fhir *f, const char *var, const struct rif_column *c,
                     const struct rif_value *v)
{
	static const char open[] = "{\"url\":\"" FHIR_VAR;
	char tmp[32];
	const char *s;
	if (v->null)
		return;
	size_t n = code_text(c, v, tmp, &s);
	struct buf *b = f->j.b;
	json_raw(&f->j, open, sizeof open - 1);
	buf_append(b, var, strlen(var));
	buf_append(b, "\",\"valueCoding\":", 16);
	var_coding_raw(f, var, s, n);
	buf_putc(b, '}');
}

void fhir_ext_identifier(struct fhir *f, const char *var, const struct rif_column *c,
                         const struct rif_value *v)
{
	char tmp[32];
	const char *s;
	if (v->null)
		return;
	ext_open(f, var, "valueIdentifier");
	json_object(&f->j);
	json_key(&f->j, "system");
	fhir_var_url(f, var);
	size_t n = fhir_text(c, v, tmp, &s);
	if (!fhir_blank(s, n)) {
		json_key(&f->j, "value");
		json_stringn(&f->j, s, n);
	}
	json_end_object(&f->j);
	json_end_object(&f->j);
}

void fhir_ext_date(struct fhir *f, const char *var, const struct rif_value *v)
{
	if (v->null)
		return;
	ext_open(f, var, "valueDate");
	fhir_date(f, v->i);
	json_end_object(&f->j);
}

void fhir_ext_quantity(struct fhir *f, const char *var, const struct rif_column *c,
                       const struct rif_value *v)
{
	if (v->null)
		return;
	ext_open(f, var, "valueQuantity");
	json_object(&f->j);
	json_key(&f->j, "value");
	fhir_value(f, c, v);
	json_end_object(&f->j);
	json_end_object(&f->j);
}

void fhir_money(struct fhir *f, const struct rif_value *v)
{
	json_object(&f->j);
	json_key(&f->j, "value");
	json_decimal(&f->j, v->null ? 0 : v->i, v->null ? 2 : v->scale);
	json_key(&f->j, "currency");
	json_string(&f->j, "USD");
	json_end_object(&f->j);
}

void fhir_meta(struct fhir *f, const char *profile, int64_t last_updated_ms)
{
	json_key(&f->j, "meta");
	json_object(&f->j);
	json_key(&f->j, "lastUpdated");
	fhir_instant(f, last_updated_ms);
	json_key(&f->j, "profile");
	json_array(&f->j);
	json_string(&f->j, profile);
	json_end_array(&f->j);
	json_end_object(&f->j);
}

void fhir_prefixed_id(struct fhir *f, const char *prefix, int64_t id)
{
	char text[96];
	size_t n = strlen(prefix);
	if (n > sizeof text - 24)
		n = sizeof text - 24;
	memcpy(text, prefix, n);
	n += (size_t)fhir_int_text(id, text + n);
	json_stringn(&f->j, text, n);
}
