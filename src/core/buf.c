#include "core/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fatal.h"

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
}

void buf_grow(struct buf *b, size_t extra)
{
	if (b->cap - b->len > extra)
		return;
	if (extra >= SIZE_MAX / 2 - b->len)
		fatal("buffer of %zu + %zu bytes is too large", b->len, extra);
	size_t cap = b->cap ? b->cap : 64;
	while (cap - b->len <= extra)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (p == NULL)
		fatal("out of memory (buffer of %zu bytes)", cap);
	b->data = p;
	b->cap = cap;
}

void buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	if (n < 0)
		fatal("bad format %s", fmt);
	buf_reserve(b, (size_t)n + 1);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
	va_end(again);
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *buf_cstr(struct buf *b)
{
	buf_reserve(b, 1);
	b->data[b->len] = '\0';
	return b->data;
}

void buf_put_uvarint(struct buf *b, uint64_t v)
{
	buf_reserve(b, 10);
	unsigned char *p = (unsigned char *)b->data + b->len;
	while (v >= 0x80) {
		*p++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (unsigned char)v;
	b->len = (size_t)((char *)p - b->data);
}

void buf_put_svarint(struct buf *b, int64_t v)
{
	buf_put_uvarint(b, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

int buf_get_uvarint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	uint64_t r = 0;
	const unsigned char *q = *p;
	for (int shift = 0; shift < 64; shift += 7) {
		if (q >= end)
			return -1;
		unsigned char c = *q++;
		if (shift == 63 && c > 1)
			return -1; /* more than 64 bits */
		r |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*p = q;
			*v = r;
			return 0;
		}
	}
	return -1;
}

int buf_get_svarint(const unsigned char **p, const unsigned char *end, int64_t *v)
{
	uint64_t u;
	if (buf_get_uvarint(p, end, &u) < 0)
		return -1;
	*v = (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
	return 0;
}

void buf_put_int(struct buf *b, int64_t v)
{
	char tmp[24], *p = tmp + sizeof tmp;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	buf_append(b, p, (size_t)(tmp + sizeof tmp - p));
}
