#include "core/json.h"

#include <string.h>

#include "core/fatal.h"
#include "rif/value.h"

void json_init(struct json *j, struct buf *b)
{
	memset(j, 0, sizeof *j);
	j->b = b;
}

/* Before a value or a key: a comma when the container already holds an item. */
static inline void separate(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->has_items[j->depth])
		buf_putc(j->b, ',');
	j->has_items[j->depth] = true;
}

static void open(struct json *j, char c)
{
	separate(j);
	buf_putc(j->b, c);
	if (++j->depth >= JSON_MAX_DEPTH)
		fatal("JSON nested deeper than %d", JSON_MAX_DEPTH);
	j->has_items[j->depth] = false;
}

void json_object(struct json *j)
{
	open(j, '{');
}

void json_array(struct json *j)
{
	open(j, '[');
}

void json_end_object(struct json *j)
{
	j->depth--;
	buf_putc(j->b, '}');
}

void json_end_array(struct json *j)
{
	j->depth--;
	buf_putc(j->b, ']');
}

void json_escape(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t start = 0;
	buf_reserve(b, n);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_append(b, s + start, i - start);
		start = i + 1;
		switch (c) {
		case '"':
			buf_append(b, "\\\"", 2);
			break;
		case '\\':
			buf_append(b, "\\\\", 2);
			break;
		case '\n':
			buf_append(b, "\\n", 2);
			break;
		case '\r':
			buf_append(b, "\\r", 2);
			break;
		case '\t':
			buf_append(b, "\\t", 2);
			break;
		default: {
			char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			buf_append(b, esc, 6);
		}
		}
	}
	buf_append(b, s + start, n - start);
}

void json_key(struct json *j, const char *k)
{
	separate(j);
	buf_putc(j->b, '"');
	json_escape(j->b, k, strlen(k));
	buf_append(j->b, "\":", 2);
	j->after_key = true;
}

void json_stringn(struct json *j, const char *s, size_t n)
{
	separate(j);
	buf_putc(j->b, '"');
	json_escape(j->b, s, n);
	buf_putc(j->b, '"');
}

void json_string(struct json *j, const char *s)
{
	json_stringn(j, s, strlen(s));
}

void json_int(struct json *j, int64_t v)
{
	separate(j);
	buf_printf(j->b, "%lld", (long long)v);
}

void json_decimal(struct json *j, int64_t mantissa, int scale)
{
	char tmp[24];
	separate(j);
	buf_append(j->b, tmp, (size_t)rif_decimal_format(mantissa, scale, tmp));
}

void json_bool(struct json *j, bool v)
{
	separate(j);
	buf_puts(j->b, v ? "true" : "false");
}

void json_raw(struct json *j, const char *raw, size_t n)
{
	separate(j);
	buf_append(j->b, raw, n);
}
