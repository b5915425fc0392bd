#include "rif/record.h"

#include <string.h>

void rif_record_put(struct buf *b, const struct rif_column *cols, int n,
                    const struct rif_value *vals)
{
	size_t nb = ((size_t)n + 7) / 8;
	buf_reserve(b, nb);
	unsigned char *bits = (unsigned char *)b->data + b->len;
	memset(bits, 0, nb);
	for (int i = 0; i < n; i++)
		if (!vals[i].null)
			bits[i / 8] |= (unsigned char)(1u << (i % 8));
	b->len += nb;
	for (int i = 0; i < n; i++) {
		const struct rif_value *v = &vals[i];
		if (v->null)
			continue;
		switch (cols[i].kind) {
		case RIF_STRING:
			buf_put_uvarint(b, v->len);
			buf_append(b, v->s, v->len);
			break;
		case RIF_DECIMAL:
			if (cols[i].scale < 0)
				buf_putc(b, (char)v->scale);
			/* fall through */
		default:
			buf_put_svarint(b, v->i);
			break;
		}
	}
}

int rif_record_get(const unsigned char **pp, const unsigned char *end,
                   const struct rif_column *cols, int n, struct rif_value *vals)
{
	const unsigned char *p = *pp;
	size_t nb = ((size_t)n + 7) / 8;
	if ((size_t)(end - p) < nb)
		return -1;
	const unsigned char *bits = p;
	p += nb;
	for (int i = 0; i < n; i++) {
		struct rif_value *v = &vals[i];
		memset(v, 0, sizeof *v);
		if (!(bits[i / 8] & (1u << (i % 8)))) {
			v->null = true;
			continue;
		}
		uint64_t len;
		switch (cols[i].kind) {
		case RIF_STRING:
			if (buf_get_uvarint(&p, end, &len) < 0 || len > (uint64_t)(end - p))
				return -1;
			v->s = (const char *)p;
			v->len = (size_t)len;
			p += len;
			break;
		case RIF_DECIMAL:
			if (cols[i].scale < 0) {
				if (p >= end)
					return -1;
				v->scale = *p++;
			} else {
				v->scale = (unsigned char)cols[i].scale;
			}
			/* fall through */
		default:
			if (buf_get_svarint(&p, end, &v->i) < 0)
				return -1;
			break;
		}
	}
	*pp = p;
	return 0;
}
