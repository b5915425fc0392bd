#include "fhir/query.h"

#include <stdlib.h>
#include <string.h>

#include "core/fatal.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes [s, e) into out (NUL-terminated); -1 on a bad escape or an encoded NUL. */
static int decode(const char *s, const char *e, char *out)
{
	while (s < e) {
		if (*s == '+') {
			*out++ = ' ';
			s++;
		} else if (*s == '%') {
			if (e - s < 3)
				return -1;
			int hi = hexval(s[1]), lo = hexval(s[2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return -1;
			*out++ = (char)(hi * 16 + lo);
			s += 3;
		} else {
			*out++ = *s++;
		}
	}
	*out = '\0';
	return 0;
}

int query_decode(char *s)
{
	return decode(s, s + strlen(s), s); /* never writes ahead of what it reads */
}

int query_parse(struct query *q, const char *s, const char **bad)
{
	memset(q, 0, sizeof *q);
	*bad = NULL;
	if (s == NULL || *s == '\0')
		return 0;
	size_t len = strlen(s);
	q->text = xmalloc(len * 2 + 2);
	char *out = q->text;
	for (const char *p = s; *p;) {
		const char *amp = strchr(p, '&'), *end = amp ? amp : p + strlen(p);
		if (end > p) {
			const char *eq = memchr(p, '=', (size_t)(end - p));
			const char *ne = eq ? eq : end;
			if (q->n == QUERY_MAX) {
				*bad = "(too many parameters)";
				return -1;
			}
			q->name[q->n] = out;
			if (decode(p, ne, out) < 0) {
				*bad = "(a parameter name)";
				return -1;
			}
			out += strlen(out) + 1;
			q->value[q->n] = out;
			if (decode(eq ? eq + 1 : end, end, out) < 0) {
				*bad = q->name[q->n];
				return -1;
			}
			out += strlen(out) + 1;
			q->n++;
		}
		p = amp ? amp + 1 : end;
	}
	return 0;
}

void query_free(struct query *q)
{
	free(q->text);
	q->text = NULL;
	q->n = 0;
}

const char *query_get(const struct query *q, const char *name)
{
	for (int i = 0; i < q->n; i++)
		if (strcmp(q->name[i], name) == 0)
			return q->value[i];
	return NULL;
}

int query_count(const struct query *q, const char *name)
{
	int n = 0;
	for (int i = 0; i < q->n; i++)
		n += strcmp(q->name[i], name) == 0;
	return n;
}

void query_encode(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.' || *p == '*')
			buf_putc(b, (char)*p);
		else if (*p == ' ')
			buf_putc(b, '+');
		else {
			char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			buf_append(b, esc, 3);
		}
	}
}
