/* json: a small, fast writer of compact JSON into a buf. Commas are placed automatically;
 * strings are escaped; the caller keeps the nesting right. */
#ifndef BB_JSON_H
#define BB_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define JSON_MAX_DEPTH 32

struct json {
	struct buf *b;
	int depth;
	bool after_key;                 /* the next value follows a key: no comma */
	bool has_items[JSON_MAX_DEPTH]; /* the container at each depth has an item */
};

void json_init(struct json *j, struct buf *b);
void json_object(struct json *j); /* { */
void json_end_object(struct json *j);
void json_array(struct json *j); /* [ */
void json_end_array(struct json *j);
/* "k": — the next call writes its value. Keys are the program's own names (plain ASCII,
 * nothing to escape). */
void json_keyn(struct json *j, const char *k, size_t n);
void json_stringn(struct json *j, const char *s, size_t n);
/* Inline so that the lengths of literal keys and strings are known at compile time. */
static inline void json_key(struct json *j, const char *k)
{
	json_keyn(j, k, __builtin_strlen(k));
}
static inline void json_string(struct json *j, const char *s)
{
	json_stringn(j, s, __builtin_strlen(s));
}
void json_int(struct json *j, int64_t v);
/* An exact decimal: mantissa * 10^-scale, written as a JSON number ("199.99"). */
void json_decimal(struct json *j, int64_t mantissa, int scale);
void json_bool(struct json *j, bool v);
/* Writes text that is already JSON (a value). */
void json_raw(struct json *j, const char *raw, size_t n);
/* Appends s, escaped for a JSON string, without the quotes. */
void json_escape(struct buf *b, const char *s, size_t n);

#endif
