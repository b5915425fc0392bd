/* json: a small, fast writer of compact JSON into a buf. Commas are placed automatically;
 * strings are escaped; the caller keeps the nesting right. The writer only remembers what
 * must come before the next item (a comma or nothing), so every call is a few stores and a
 * copy: rendering FHIR is mostly these calls, and they are inlined. */
#ifndef BB_JSON_H
#define BB_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/buf.h"

struct json {
	struct buf *b;
	char sep; /* ',' when the next item needs one before it, else 0 */
};

void json_init(struct json *j, struct buf *b);

/* Appends s, escaped for a JSON string, without the quotes. */
void json_escape(struct buf *b, const char *s, size_t n);

static inline void json_separate_(struct json *j)
{
	if (j->sep)
		buf_putc(j->b, j->sep);
}

static inline void json_object(struct json *j) /* { */
{
	json_separate_(j);
	buf_putc(j->b, '{');
	j->sep = 0;
}

static inline void json_array(struct json *j) /* [ */
{
	json_separate_(j);
	buf_putc(j->b, '[');
	j->sep = 0;
}

static inline void json_end_object(struct json *j)
{
	buf_putc(j->b, '}');
	j->sep = ',';
}

static inline void json_end_array(struct json *j)
{
	buf_putc(j->b, ']');
	j->sep = ',';
}

/* "k": — the next call writes its value. Keys are the program's own names (plain ASCII,
 * nothing to escape). */
static inline void json_keyn(struct json *j, const char *k, size_t n)
{
	buf_reserve(j->b, n + 4);
	char *p = j->b->data + j->b->len;
	if (j->sep)
		*p++ = j->sep;
	*p++ = '"';
	memcpy(p, k, n);
	p[n] = '"';
	p[n + 1] = ':';
	j->b->len = (size_t)(p + n + 2 - j->b->data);
	j->sep = 0;
}

static inline void json_stringn(struct json *j, const char *s, size_t n)
{
	json_separate_(j);
	buf_putc(j->b, '"');
	json_escape(j->b, s, n);
	buf_putc(j->b, '"');
	j->sep = ',';
}

/* Inline so that the lengths of literal keys and strings are known at compile time. */
static inline void json_key(struct json *j, const char *k)
{
	json_keyn(j, k, __builtin_strlen(k));
}
static inline void json_string(struct json *j, const char *s)
{
	size_t n = __builtin_strlen(s);
	if (__builtin_constant_p(n) && n < 128) {
		/* A literal (the program's own text): the check below folds away when it needs
		 * no escaping, and then it is copied as it is. */
		bool clean = true;
		for (size_t i = 0; i < n; i++)
			clean &= (unsigned char)s[i] >= 0x20 && s[i] != '"' && s[i] != '\\';
		if (clean) {
			json_separate_(j);
			buf_reserve(j->b, n + 2);
			char *p = j->b->data + j->b->len;
			p[0] = '"';
			memcpy(p + 1, s, n);
			p[n + 1] = '"';
			j->b->len += n + 2;
			j->sep = ',';
			return;
		}
	}
	json_stringn(j, s, n);
}

void json_int(struct json *j, int64_t v);
/* An exact decimal: mantissa * 10^-scale, written as a JSON number ("199.99"). */
void json_decimal(struct json *j, int64_t mantissa, int scale);
void json_bool(struct json *j, bool v);
/* Before a value the caller appends itself, complete, to j->b: its separator. */
static inline void json_value_raw(struct json *j)
{
	json_separate_(j);
	j->sep = ',';
}
/* Writes text that is already JSON (a value). */
void json_raw(struct json *j, const char *raw, size_t n);

#endif
