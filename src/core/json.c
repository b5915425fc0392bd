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

/* Bytes a JSON string cannot hold as they are: controls, '"' and '\\'. */
static const unsigned char needs_escape[256] = {
    [0 ... 0x1f] = 1,
    ['"'] = 1,
    ['\\'] = 1,
};

void json_escape(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t start = 0, i = 0;
	for (;;) {
		/* Eight bytes at a time while none needs escaping (most text never does): a byte
		 * below 0x20, or equal to '"' or '\\', sets its high bit in `hit`. */
		const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			uint64_t q = w ^ (ones * '"'), bs = w ^ (ones * '\\');
			uint64_t hit = ((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((bs - ones) & ~bs);
			if (hit & highs)
				break;
			i += 8;
		}
		while (i < n && !needs_escape[(unsigned char)s[i]])
			i++;
		buf_append(b, s + start, i - start);
		if (i == n)
			return;
		unsigned char c = (unsigned char)s[i++];
		start = i;
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
}

void json_keyn(struct json *j, const char *k, size_t n)
{
	separate(j);
	buf_reserve(j->b, n + 3);
	char *p = j->b->data + j->b->len;
	p[0] = '"';
	memcpy(p + 1, k, n);
	p[n + 1] = '"';
	p[n + 2] = ':';
	j->b->len += n + 3;
	j->after_key = true;
}

void json_stringn(struct json *j, const char *s, size_t n)
{
	separate(j);
	buf_putc(j->b, '"');
	json_escape(j->b, s, n);
	buf_putc(j->b, '"');
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
