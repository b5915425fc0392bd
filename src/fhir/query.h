/* query: the parameters of a request's query string, decoded (%XX, '+'), in order. */
#ifndef BB_FHIR_QUERY_H
#define BB_FHIR_QUERY_H

#include "core/buf.h"

#define QUERY_MAX 64

struct query {
	int n;
	char *name[QUERY_MAX];
	char *value[QUERY_MAX];
	char *text; /* storage */
};

/* Parses s (may be NULL). Returns -1 when it has more than QUERY_MAX parameters or a bad
 * %-escape; *bad then names the offending parameter. */
int query_parse(struct query *q, const char *s, const char **bad);
void query_free(struct query *q);
/* Decodes one form-encoded value (%XX, '+') in place; -1 on a bad escape or an encoded NUL. */
int query_decode(char *s);
/* The first value of name, or NULL; the number of values of name. */
const char *query_get(const struct query *q, const char *name);
int query_count(const struct query *q, const char *name);
/* Appends s percent-encoded as a form value (HAPI/Java URLEncoder style: letters, digits and
 * "-_.*" kept, space as '+'). */
void query_encode(struct buf *b, const char *s);

#endif
