#include "rif/samhsa.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fatal.h"

enum kind { K_DIAGNOSIS, K_PROCEDURE, K_HCPCS, K_DRG };

/* Codes are short: kept, without dots, in one sorted array per kind. */
struct samhsa {
	char (*codes[4])[16];
	int n[4];
	/* Per file type, the columns that hold codes and their kinds (-1 ends the list). */
	int cols[RIF_TYPE_COUNT][96];
	unsigned char kinds[RIF_TYPE_COUNT][96];
};

static int column_kind(const char *name);

static const struct {
	const char *file;
	enum kind kind;
} lists[] = {
    {"codes-icd-9-diagnosis.csv", K_DIAGNOSIS},
    {"codes-icd-10-diagnosis.csv", K_DIAGNOSIS},
    {"codes-icd-9-procedure.csv", K_PROCEDURE},
    {"codes-icd-10-procedure.csv", K_PROCEDURE},
    {"codes-cpt.csv", K_HCPCS},
    {"codes-drg.csv", K_DRG},
};

static int cmp_code(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The first field of a CSV line, unquoted, without dots and without an "MS-DRG " prefix. */
static size_t first_field(const char *line, char *out, size_t cap)
{
	size_t n = 0;
	const char *p = line;
	bool quoted = *p == '"';
	if (quoted)
		p++;
	if (strncmp(p, "MS-DRG ", 7) == 0)
		p += 7;
	for (; *p && *p != '\n' && *p != '\r'; p++) {
		if (quoted ? *p == '"' : *p == ',')
			break;
		if (*p != '.' && *p != ' ' && *p != '\t' && n + 1 < cap)
			out[n++] = *p; /* dots and stray spaces ("Z71.41 ") are not part of codes */
	}
	out[n] = '\0';
	return n;
}

int samhsa_load(const char *dir, struct samhsa **out, char **cause)
{
	struct samhsa *s = xcalloc(1, sizeof *s);
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		char *path = xasprintf("%s/%s", dir, lists[i].file), line[1024];
		FILE *f = fopen(path, "r");
		if (f == NULL) {
			*cause = xasprintf("%s: cannot open: %s", path, strerror(errno));
			free(path);
			samhsa_free(s);
			return -1;
		}
		enum kind k = lists[i].kind;
		bool header = true;
		while (fgets(line, sizeof line, f)) {
			char code[16];
			if (header) { /* the first line names the columns */
				header = false;
				continue;
			}
			if (first_field(line, code, sizeof code) == 0)
				continue;
			s->codes[k] =
			    realloc(s->codes[k], (size_t)(s->n[k] + 1) * sizeof *s->codes[k]);
			if (s->codes[k] == NULL)
				fatal("out of memory");
			memcpy(s->codes[k][s->n[k]++], code, sizeof code);
		}
		fclose(f);
		free(path);
	}
	for (int k = 0; k < 4; k++)
		if (s->n[k])
			qsort(s->codes[k], (size_t)s->n[k], sizeof *s->codes[k], cmp_code);
	for (int t = 0; t < RIF_TYPE_COUNT; t++) {
		const struct rif_layout *l = rif_layout_get((enum rif_type)t);
		int n = 0;
		for (int i = 0; i < l->ncols && n < 95; i++) {
			int k = l->cols[i].kind == RIF_STRING ? column_kind(l->cols[i].name) : -1;
			if (k >= 0) {
				s->cols[t][n] = i;
				s->kinds[t][n++] = (unsigned char)k;
			}
		}
		s->cols[t][n] = -1;
	}
	*out = s;
	return 0;
}

void samhsa_free(struct samhsa *s)
{
	if (s == NULL)
		return;
	for (int k = 0; k < 4; k++)
		free(s->codes[k]);
	free(s);
}

int samhsa_size(const struct samhsa *s)
{
	return s ? s->n[0] + s->n[1] + s->n[2] + s->n[3] : 0;
}

static bool listed(const struct samhsa *s, enum kind k, const struct rif_value *v)
{
	char code[16];
	size_t n = 0;
	if (v->null || v->len == 0 || s->n[k] == 0)
		return false;
	for (size_t i = 0; i < v->len && n + 1 < sizeof code; i++)
		if (v->s[i] != '.')
			code[n++] = v->s[i];
	code[n] = '\0';
	return bsearch(code, s->codes[k], (size_t)s->n[k], sizeof *s->codes[k], cmp_code) != NULL;
}

/* A column's kind of code, from its RIF name; -1 for other columns. */
static int column_kind(const char *name)
{
	if (strstr(name, "VRSN"))
		return -1;
	if (strstr(name, "DGNS_CD") || strstr(name, "DGNS_E_CD") ||
	    strncmp(name, "RSN_VISIT_CD", 12) == 0)
		return K_DIAGNOSIS;
	if (strncmp(name, "ICD_PRCDR_CD", 12) == 0)
		return K_PROCEDURE;
	if (strcmp(name, "HCPCS_CD") == 0)
		return K_HCPCS;
	if (strcmp(name, "CLM_DRG_CD") == 0)
		return K_DRG;
	return -1;
}

bool samhsa_match(const struct samhsa *s, const struct rif_layout *l,
                  const struct rif_value *values)
{
	if (s == NULL)
		return false;
	for (int i = 0; s->cols[l->type][i] >= 0; i++)
		if (listed(s, (enum kind)s->kinds[l->type][i], &values[s->cols[l->type][i]]))
			return true;
	return false;
}
