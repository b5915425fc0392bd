#include "core/fatal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("bluebutton: fatal: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

char *xstrdup(const char *s)
{
	char *r = strdup(s);
	if (r == NULL)
		fatal("out of memory");
	return r;
}

void *xmalloc(unsigned long n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		fatal("out of memory (%lu bytes)", n);
	return p;
}

void *xcalloc(unsigned long n, unsigned long size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (p == NULL)
		fatal("out of memory (%lu x %lu bytes)", n, size);
	return p;
}

void *xrealloc(void *p, unsigned long n)
{
	void *q = realloc(p, n ? n : 1);
	if (q == NULL)
		fatal("out of memory (%lu bytes)", n);
	return q;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *r;
	va_start(ap, fmt);
	int n = vasprintf(&r, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal("out of memory");
	return r;
}
