/* enrich: NPI and drug-name rows read with jansson (DESIGN.md's JSON parser), kept in two
 * arrays sorted by key for binary search. */
#include "fhir/enrich.h"

#include <ctype.h>
#include <dirent.h>
#include <stdbool.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fatal.h"

struct npi_row {
	struct enrich_npi n;
	size_t seq; /* reading order: the last row of a key wins */
};

struct drug_row {
	char *code, *display;
	size_t seq;
};

struct enrich {
	struct npi_row *npi;
	size_t nnpi, capnpi;
	struct drug_row *drug;
	size_t ndrug, capdrug;
};

static bool blank(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return *s == '\0';
}

/* A copy of the string member key of o, or NULL when it is absent, not a string or blank. */
static char *member(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s && !blank(s) ? xstrdup(s) : NULL;
}

static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap ? *cap * 2 : 16;
	p = realloc(p, *cap * size);
	if (p == NULL)
		fatal("out of memory");
	return p;
}

static void npi_free(struct enrich_npi *n)
{
	free((char *)n->npi);
	free((char *)n->entity);
	free((char *)n->org);
	free((char *)n->tax_code);
	free((char *)n->tax_display);
	free((char *)n->prefix);
	free((char *)n->first);
	free((char *)n->middle);
	free((char *)n->last);
	free((char *)n->suffix);
	free((char *)n->credential);
}

static void add_row(struct enrich *e, json_t *o, size_t seq)
{
	char *npi = member(o, "npi"), *code;
	if (npi) {
		e->npi = grow(e->npi, &e->capnpi, e->nnpi, sizeof *e->npi);
		e->npi[e->nnpi++] = (struct npi_row){
		    .n =
		        {
		            .npi = npi,
		            .entity = member(o, "entityTypeCode"),
		            .org = member(o, "providerOrganizationName"),
		            .tax_code = member(o, "taxonomyCode"),
		            .tax_display = member(o, "taxonomyDisplay"),
		            .prefix = member(o, "providerNamePrefix"),
		            .first = member(o, "providerFirstName"),
		            .middle = member(o, "providerMiddleName"),
		            .last = member(o, "providerLastName"),
		            .suffix = member(o, "providerNameSuffix"),
		            .credential = member(o, "providerCredential"),
		        },
		    .seq = seq,
		};
	} else if ((code = member(o, "code")) != NULL) {
		e->drug = grow(e->drug, &e->capdrug, e->ndrug, sizeof *e->drug);
		e->drug[e->ndrug++] = (struct drug_row){code, member(o, "display"), seq};
	}
}

static int cmp_npi(const void *a, const void *b)
{
	const struct npi_row *x = a, *y = b;
	int c = strcmp(x->n.npi, y->n.npi);
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static int cmp_drug(const void *a, const void *b)
{
	const struct drug_row *x = a, *y = b;
	int c = strcmp(x->code, y->code);
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* Sorts by key, then reading order, and keeps the last row of each key. */
static void build_index(struct enrich *e)
{
	size_t k = 0;
	if (e->nnpi)
		qsort(e->npi, e->nnpi, sizeof *e->npi, cmp_npi);
	for (size_t i = 0; i < e->nnpi; i++) {
		if (i + 1 < e->nnpi && strcmp(e->npi[i].n.npi, e->npi[i + 1].n.npi) == 0)
			npi_free(&e->npi[i].n);
		else
			e->npi[k++] = e->npi[i];
	}
	e->nnpi = k;
	k = 0;
	if (e->ndrug)
		qsort(e->drug, e->ndrug, sizeof *e->drug, cmp_drug);
	for (size_t i = 0; i < e->ndrug; i++) {
		if (i + 1 < e->ndrug && strcmp(e->drug[i].code, e->drug[i + 1].code) == 0) {
			free(e->drug[i].code);
			free(e->drug[i].display);
		} else {
			e->drug[k++] = e->drug[i];
		}
	}
	e->ndrug = k;
}

/* Reads one file's rows; *seq counts rows over all files. */
static int load_file(struct enrich *e, const char *path, size_t *seq, char **cause)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0;
	int rc = 0;
	if (fp == NULL) {
		*cause = xasprintf("%s: cannot open", path);
		return -1;
	}
	while ((len = getline(&line, &cap, fp)) >= 0) {
		json_error_t err;
		lineno++;
		if (blank(line))
			continue;
		json_t *o = json_loadb(line, (size_t)len, 0, &err);
		if (o == NULL || !json_is_object(o)) {
			*cause =
			    o ? xasprintf("%s:%ld: not a JSON object", path, lineno)
			      : xasprintf("%s:%ld: not a JSON object (%s)", path, lineno, err.text);
			json_decref(o);
			rc = -1;
			break;
		}
		add_row(e, o, (*seq)++);
		json_decref(o);
	}
	free(line);
	fclose(fp);
	return rc;
}

static int is_json_name(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return d->d_name[0] != '.' && n > 5 && strcmp(d->d_name + n - 5, ".json") == 0;
}

int enrich_load(const char *dir, struct enrich **out, char **cause)
{
	struct dirent **names;
	int n = scandir(dir, &names, is_json_name, alphasort), rc = 0;
	size_t seq = 0;
	*out = NULL;
	if (n < 0) {
		*cause = xasprintf("%s: cannot list the directory", dir);
		return -1;
	}
	struct enrich *e = xcalloc(1, sizeof *e);
	for (int i = 0; i < n; i++) {
		if (rc == 0) {
			char *path = xasprintf("%s/%s", dir, names[i]->d_name);
			rc = load_file(e, path, &seq, cause);
			free(path);
		}
		free(names[i]);
	}
	free(names);
	build_index(e);
	if (rc < 0) {
		enrich_free(e);
		return -1;
	}
	*out = e;
	return 0;
}

void enrich_free(struct enrich *e)
{
	if (e == NULL)
		return;
	for (size_t i = 0; i < e->nnpi; i++)
		npi_free(&e->npi[i].n);
	for (size_t i = 0; i < e->ndrug; i++) {
		free(e->drug[i].code);
		free(e->drug[i].display);
	}
	free(e->npi);
	free(e->drug);
	free(e);
}

size_t enrich_size(const struct enrich *e)
{
	return e ? e->nnpi + e->ndrug : 0;
}

/* Compares NUL-terminated k with the len bytes of s, as strcmp would. */
static int keycmp(const char *k, const char *s, size_t len)
{
	int c = strncmp(k, s, len);
	return c ? c : (unsigned char)k[len];
}

const struct enrich_npi *enrich_npi(const struct enrich *e, const char *npi, size_t len)
{
	if (e == NULL || len == 0 || memchr(npi, '\0', len))
		return NULL;
	size_t lo = 0, hi = e->nnpi;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = keycmp(e->npi[mid].n.npi, npi, len);
		if (c == 0)
			return &e->npi[mid].n;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *enrich_npi_name(const struct enrich_npi *n, char *buf, size_t size)
{
	if (n == NULL || n->entity == NULL)
		return NULL;
	if (strcmp(n->entity, "2") == 0)
		return n->org;
	if (strcmp(n->entity, "1") != 0 || size == 0)
		return NULL;
	const char *parts[] = {n->prefix, n->first, n->middle, n->last, n->suffix, n->credential};
	size_t len = 0;
	for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
		const char *s = parts[i];
		if (s == NULL)
			continue;
		while (isspace((unsigned char)*s))
			s++;
		size_t l = strlen(s);
		while (l && isspace((unsigned char)s[l - 1]))
			l--;
		if (len + (len != 0) + l >= size)
			return NULL;
		if (len)
			buf[len++] = ' ';
		memcpy(buf + len, s, l);
		len += l;
	}
	buf[len] = '\0';
	return len ? buf : NULL;
}

const char *enrich_drug(const struct enrich *e, const char *ndc, size_t len)
{
	char key[11];
	if (e == NULL || len < 9)
		return NULL;
	memcpy(key, ndc, 5);
	key[5] = '-';
	memcpy(key + 6, ndc + 5, 4);
	key[10] = '\0';
	size_t lo = 0, hi = e->ndrug;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(e->drug[mid].code, key);
		if (c == 0)
			return e->drug[mid].display;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
