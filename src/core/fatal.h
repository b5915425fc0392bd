/* fatal: for the impossible (out of memory, broken invariants), never for bad input. */
#ifndef BB_FATAL_H
#define BB_FATAL_H

_Noreturn void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* xstrdup/xmalloc/xcalloc/xrealloc: allocation that calls fatal() instead of returning
 * NULL. */
char *xstrdup(const char *s);
void *xmalloc(unsigned long n);
void *xcalloc(unsigned long n, unsigned long size);
void *xrealloc(void *p, unsigned long n);
/* Formats into a new string (for `char **cause` results). */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
