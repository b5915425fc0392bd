#include "synth/row.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/fatal.h"

/* The layout being sorted (qsort passes no context). */
static _Thread_local const struct rif_layout *sorting;

static int by_name(const void *a, const void *b)
{
	return strcmp(sorting->cols[*(const int *)a].name, sorting->cols[*(const int *)b].name);
}

void synth_row_init(struct synth_row *r, const struct rif_layout *l)
{
	r->l = l;
	r->at = xcalloc((size_t)l->ncols, sizeof *r->at);
	r->text = (struct buf)BUF_INIT;
	r->by_name = xcalloc((size_t)l->ncols, sizeof *r->by_name);
	for (int i = 0; i < l->ncols; i++)
		r->by_name[i] = i;
	sorting = l;
	qsort(r->by_name, (size_t)l->ncols, sizeof *r->by_name, by_name);
}

void synth_row_free(struct synth_row *r)
{
	free(r->at);
	free(r->by_name);
	buf_free(&r->text);
}

/* The index of column `name`, by binary search of the sorted names; -1 when none. */
static int column(const struct synth_row *r, const char *name)
{
	int lo = 0, hi = r->l->ncols - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2, c = strcmp(name, r->l->cols[r->by_name[mid]].name);
		if (c == 0)
			return r->by_name[mid];
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return -1;
}

void synth_row_clear(struct synth_row *r)
{
	memset(r->at, 0, (size_t)r->l->ncols * sizeof *r->at);
	buf_reset(&r->text);
}

void synth_row_set(struct synth_row *r, const char *name, const char *fmt, ...)
{
	int col = column(r, name);
	if (col < 0)
		fatal("synth: %s has no column %s", r->l->name, name);
	va_list ap;
	va_start(ap, fmt);
	size_t at = r->text.len;
	/* The common formats without printf (most of the generator's time went to it). */
	if (strchr(fmt, '%') == NULL)
		buf_puts(&r->text, fmt);
	else if (strcmp(fmt, "%s") == 0)
		buf_puts(&r->text, va_arg(ap, const char *));
	else if (strcmp(fmt, "%d") == 0)
		buf_put_int(&r->text, va_arg(ap, int));
	else if (strcmp(fmt, "%lld") == 0)
		buf_put_int(&r->text, va_arg(ap, long long));
	else
		buf_vprintf(&r->text, fmt, ap);
	va_end(ap);
	buf_putc(&r->text, '\0');
	r->at[col] = at + 1;
}

void synth_row_cents(struct synth_row *r, const char *name, int64_t cents)
{
	if (cents < 0)
		fatal("synth: %s: a negative amount (%lld cents)", name, (long long)cents);
	char text[32], *p = text + sizeof text;
	*--p = '\0';
	*--p = (char)('0' + cents % 10);
	*--p = (char)('0' + cents / 10 % 10);
	*--p = '.';
	int64_t whole = cents / 100;
	do
		*--p = (char)('0' + whole % 10);
	while ((whole /= 10) > 0);
	synth_row_set(r, name, "%s", p);
}

int synth_days_in(int year, int month)
{
	static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return d[month - 1] + (month == 2 && leap);
}

void synth_row_date(struct synth_row *r, const char *name, int year, int month, int day)
{
	static const char *const abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	synth_row_set(r, name, "%02d-%s-%04d", day, abbr[month - 1], year);
}

int synth_day_of_year(int year, int month, int day)
{
	int n = day;
	for (int m = 1; m < month; m++)
		n += synth_days_in(year, m);
	return n;
}

void synth_row_yday(struct synth_row *r, const char *name, int year, int yday)
{
	int m = 1;
	while (yday > synth_days_in(year, m)) {
		yday -= synth_days_in(year, m);
		if (++m > 12) {
			m = 1;
			year++;
		}
	}
	synth_row_date(r, name, year, m, yday);
}

void synth_row_header(const struct rif_layout *l, FILE *out)
{
	if (l->has_dml)
		fputs("DML_IND|", out);
	for (int i = 0; i < l->ncols; i++) {
		fputs(l->cols[i].name, out);
		fputc(i + 1 < l->ncols ? '|' : '\n', out);
	}
}

void synth_row_write(const struct synth_row *r, FILE *out)
{
	if (r->l->has_dml)
		fputs("INSERT|", out);
	for (int i = 0; i < r->l->ncols; i++) {
		if (r->at[i])
			fputs(r->text.data + r->at[i] - 1, out);
		fputc(i + 1 < r->l->ncols ? '|' : '\n', out);
	}
}
