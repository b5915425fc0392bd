/* buf: a growable byte buffer, with the varint encoders the record codec uses. */
#ifndef BB_BUF_H
#define BB_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

#define BUF_INIT                                                                                   \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void buf_free(struct buf *b);
void buf_reset(struct buf *b);
/* Makes room for at least `extra` more bytes; aborts when memory runs out. */
void buf_grow(struct buf *b, size_t extra);
static inline void buf_reserve(struct buf *b, size_t extra)
{
	if (b->cap - b->len <= extra)
		buf_grow(b, extra);
}

/* Appending is inlined: it is most of what rendering JSON does. */
static inline void buf_append(struct buf *b, const void *data, size_t len)
{
	buf_reserve(b, len);
	if (len)
		__builtin_memcpy(b->data + b->len, data, len);
	b->len += len;
}
void buf_puts(struct buf *b, const char *s);
static inline void buf_putc(struct buf *b, char c)
{
	buf_reserve(b, 1);
	b->data[b->len++] = c;
}
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Appends v in decimal (what buf_printf's "%lld" gives, without its cost). */
void buf_put_int(struct buf *b, int64_t v);
/* Returns the contents as a NUL-terminated string (the NUL is not counted in len). */
const char *buf_cstr(struct buf *b);

/* LEB128 unsigned varint, and zigzag-encoded signed varint. */
void buf_put_uvarint(struct buf *b, uint64_t v);
void buf_put_svarint(struct buf *b, int64_t v);
/* Decoders: read from *p (not past end), advance *p; return -1 on truncated input. */
int buf_get_uvarint(const unsigned char **p, const unsigned char *end, uint64_t *v);
int buf_get_svarint(const unsigned char **p, const unsigned char *end, int64_t *v);

#endif
