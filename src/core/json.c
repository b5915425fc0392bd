#include "core/json.h"

#include <string.h>

#include "core/fatal.h"
#include "rif/value.h"

void json_init(struct json *j, struct buf *b)
{
	memset(j, 0, sizeof *j);
	j->b = b;
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
			uint64_t hit =
			    ((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((bs - ones) & ~bs);
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

void json_int(struct json *j, int64_t v)
{
	char tmp[24];
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	int n = sizeof tmp;
	do {
		tmp[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[--n] = '-';
	json_separate_(j);
	buf_append(j->b, tmp + n, sizeof tmp - (size_t)n);
	j->sep = ',';
}

void json_decimal(struct json *j, int64_t mantissa, int scale)
{
	char tmp[24];
	json_separate_(j);
	buf_append(j->b, tmp, (size_t)rif_decimal_format(mantissa, scale, tmp));
	j->sep = ',';
}

void json_bool(struct json *j, bool v)
{
	json_separate_(j);
	buf_puts(j->b, v ? "true" : "false");
	j->sep = ',';
}

void json_raw(struct json *j, const char *raw, size_t n)
{
	json_separate_(j);
	buf_append(j->b, raw, n);
	j->sep = ',';
}
