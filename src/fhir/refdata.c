#include "fhir/refdata.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fatal.h"

/* Open-addressing hash tables, one per kind of key, so that the CCW codes every resource looks
 * up sit in a small table that stays in cache (the ICD tables are 25 times larger). A key is a
 * kind byte, then the text the TSV gives before the display ("var\tcode", "code"); values point
 * into the loaded files. */
enum kind { K_CODE = 'c', K_LABEL = 'l', K_ICD10CM = 'd', K_ICD10PCS = 'p', K_ICD9CM = '9' };

struct entry {
	const char *key; /* not NUL-terminated */
	uint32_t key_len;
	uint32_t hash;
	const char *value; /* NULL for an ambiguous code */
	uint32_t value_len;
	bool plain; /* the value needs no JSON escaping (nearly all do not) */
};

struct table {
	struct entry *slots;
	size_t cap, n;
};

struct refdata {
	struct table tables[5];
	char **files;
	int nfiles;
	uint64_t serial;
};

static struct table *table_of(const struct refdata *rd, char kind)
{
	int i = kind == K_CODE       ? 0
	        : kind == K_LABEL    ? 1
	        : kind == K_ICD10CM  ? 2
	        : kind == K_ICD10PCS ? 3
	                             : 4;
	return (struct table *)&rd->tables[i];
}

/* Mixes bytes into h eight at a time (the keys are short: a variable name and a code). */
static uint64_t hash_bytes(uint64_t h, const char *s, size_t n)
{
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
		s += 8;
		n -= 8;
	}
	uint64_t w = 0;
	memcpy(&w, s, n);
	h = (h ^ w ^ ((uint64_t)n << 56)) * 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 29);
}

static uint32_t hash_parts(char kind, const char *a, size_t an, const char *b, size_t bn)
{
	uint64_t h = hash_bytes((unsigned char)kind, a, an);
	if (b)
		h = hash_bytes(h ^ 0x5bd1e995u, b, bn);
	return (uint32_t)(h >> 32);
}

/* Whether entry e's key is kind + a (+ '\t' + b). Keys are stored with their kind byte. */
static int key_is(const struct entry *e, char kind, const char *a, size_t an, const char *b,
                  size_t bn)
{
	size_t want = 1 + an + (b ? 1 + bn : 0);
	if (e->key_len != want || e->key[0] != kind || memcmp(e->key + 1, a, an) != 0)
		return 0;
	return b == NULL || (e->key[1 + an] == '\t' && memcmp(e->key + 2 + an, b, bn) == 0);
}

static struct entry *find(const struct refdata *rd, char kind, const char *a, size_t an,
                          const char *b, size_t bn)
{
	if (rd == NULL)
		return NULL;
	const struct table *t = table_of(rd, kind);
	if (t->cap == 0)
		return NULL;
	uint32_t h = hash_parts(kind, a, an, b, bn);
	for (size_t i = h & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
		struct entry *e = &t->slots[i];
		if (e->key == NULL)
			return NULL;
		if (e->hash == h && key_is(e, kind, a, an, b, bn))
			return e;
	}
}

static void grow(struct table *t)
{
	size_t cap = t->cap ? t->cap * 2 : 1 << 10;
	struct entry *slots = xcalloc(cap, sizeof *slots);
	for (size_t i = 0; i < t->cap; i++) {
		struct entry *e = &t->slots[i];
		if (e->key == NULL)
			continue;
		size_t k = e->hash & (cap - 1);
		while (slots[k].key)
			k = (k + 1) & (cap - 1);
		slots[k] = *e;
	}
	free(t->slots);
	t->slots = slots;
	t->cap = cap;
}

/* Adds key → value unless the key is there (the first definition wins), or, with
 * ambiguous, marks the key as having no display. key starts with its kind byte. */
static void put(struct refdata *rd, const char *key, size_t key_len, const char *value,
                int ambiguous)
{
	struct table *t = table_of(rd, key[0]);
	if ((t->n + 1) * 2 > t->cap)
		grow(t);
	const char *tab = memchr(key + 1, '\t', key_len - 1);
	const char *a = key + 1, *b = tab ? tab + 1 : NULL;
	size_t an = tab ? (size_t)(tab - a) : key_len - 1, bn = tab ? key_len - 1 - an - 1 : 0;
	struct entry *e = find(rd, key[0], a, an, b, bn);
	if (e) {
		if (ambiguous)
			e->value = NULL;
		return;
	}
	uint32_t h = hash_parts(key[0], a, an, b, bn);
	size_t i = h & (t->cap - 1);
	while (t->slots[i].key)
		i = (i + 1) & (t->cap - 1);
	bool plain = true;
	size_t value_len = ambiguous ? 0 : strlen(value);
	for (size_t k = 0; k < value_len; k++)
		plain &= (unsigned char)value[k] >= 0x20 && value[k] != '"' && value[k] != '\\';
	t->slots[i] = (struct entry){
	    key, (uint32_t)key_len, h, ambiguous ? NULL : value, (uint32_t)value_len, plain};
	t->n++;
}

/* Reads dir/name whole and adds its lines. key_fields: how many tab-separated fields make
 * the key (the next one is the display). The file is kept: entries point into it. */
static int load_file(struct refdata *rd, const char *dir, const char *name, char kind,
                     int key_fields, int ambiguous, char **cause)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		*cause = xasprintf("%s: cannot open: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, 0, SEEK_SET);
	/* Each line gets its kind byte in front: the text is copied one byte ahead per line. */
	char *raw = xmalloc((size_t)size + 1);
	size_t got = fread(raw, 1, (size_t)size, f);
	fclose(f);
	raw[got] = '\0';
	size_t lines = 1;
	for (size_t i = 0; i < got; i++)
		lines += raw[i] == '\n';
	char *text = xmalloc(got + lines + 2);
	rd->files = realloc(rd->files, (size_t)(rd->nfiles + 1) * sizeof *rd->files);
	if (rd->files == NULL)
		fatal("out of memory");
	rd->files[rd->nfiles++] = text;
	char *out = text;
	long lineno = 0;
	for (char *p = raw; *p;) {
		char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p), advance = nl ? n + 1 : n;
		lineno++;
		if (n && p[n - 1] == '\r')
			n--;
		if (n == 0) {
			p += advance;
			continue;
		}
		char *line = out;
		*out++ = kind;
		memcpy(out, p, n);
		out += n;
		*out++ = '\0';
		/* Split: key_fields fields, then the display (up to the next tab). */
		char *q = line + 1;
		for (int k = 0; k < key_fields && q; k++) {
			q = strchr(q, '\t');
			if (q && k < key_fields - 1)
				q++;
		}
		if (q == NULL) {
			*cause = xasprintf("%s:%ld: expected %d tab-separated fields", path, lineno,
			                   key_fields + 1);
			free(raw);
			free(path);
			return -1;
		}
		*q = '\0';
		char *value = q + 1, *tab = strchr(value, '\t');
		if (tab)
			*tab = '\0';
		put(rd, line, (size_t)(q - line), value, ambiguous);
		p += advance;
	}
	free(raw);
	free(path);
	return 0;
}

int refdata_load(const char *dir, struct refdata **out, char **cause)
{
	static const struct {
		const char *name;
		char kind;
		int key_fields, ambiguous;
	} files[] = {
	    {"ccw_codes.tsv", K_CODE, 2, 0},
	    {"ccw_codes_ambiguous.tsv", K_CODE, 2, 1},
	    {"ccw_variables.tsv", K_LABEL, 1, 0},
	    {"icd10cm.part1.tsv", K_ICD10CM, 1, 0},
	    {"icd10cm.part2.tsv", K_ICD10CM, 1, 0},
	    {"icd10cm_added_fy2020-2022.tsv", K_ICD10CM, 1, 0},
	    {"icd10pcs.part1.tsv", K_ICD10PCS, 1, 0},
	    {"icd10pcs.part2.tsv", K_ICD10PCS, 1, 0},
	    {"icd9cm.tsv", K_ICD9CM, 1, 0},
	};
	static _Atomic uint64_t serials;
	struct refdata *rd = xcalloc(1, sizeof *rd);
	rd->serial = ++serials;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		if (load_file(rd, dir, files[i].name, files[i].kind, files[i].key_fields,
		              files[i].ambiguous, cause) < 0) {
			refdata_free(rd);
			return -1;
		}
	*out = rd;
	return 0;
}

void refdata_free(struct refdata *rd)
{
	if (rd == NULL)
		return;
	for (int i = 0; i < rd->nfiles; i++)
		free(rd->files[i]);
	free(rd->files);
	for (int i = 0; i < 5; i++)
		free(rd->tables[i].slots);
	free(rd);
}

bool refdata_code_text(const struct refdata *rd, const char *var, size_t var_len, const char *code,
                       size_t code_len, struct refdata_text *out)
{
	struct entry *e = find(rd, K_CODE, var, var_len, code, code_len);
	if (e == NULL || e->value == NULL)
		return false;
	*out = (struct refdata_text){e->value, e->value_len, e->plain};
	return true;
}

const char *refdata_code(const struct refdata *rd, const char *var, const char *code,
                         size_t code_len)
{
	struct entry *e = find(rd, K_CODE, var, strlen(var), code, code_len);
	return e ? e->value : NULL;
}

const char *refdata_label(const struct refdata *rd, const char *var)
{
	struct entry *e = find(rd, K_LABEL, var, strlen(var), NULL, 0);
	return e ? e->value : NULL;
}

const char *refdata_icd(const struct refdata *rd, enum refdata_system sys, const char *code,
                        size_t code_len)
{
	static const char kinds[] = {K_ICD10CM, K_ICD10PCS, K_ICD9CM};
	struct entry *e = find(rd, kinds[sys], code, code_len, NULL, 0);
	return e ? e->value : NULL;
}

const char *refdata_icd_diagnosis(const struct refdata *rd, char version, const char *code,
                                  size_t code_len, char **quoted)
{
	enum refdata_system first = version == '9' ? REFDATA_ICD9CM : REFDATA_ICD10CM;
	enum refdata_system second = version == '9' ? REFDATA_ICD10CM : REFDATA_ICD9CM;
	const char *d = refdata_icd(rd, first, code, code_len);
	if (d == NULL)
		d = refdata_icd(rd, second, code, code_len);
	*quoted = d && strchr(d, ',') ? xasprintf("\"%s\"", d) : NULL;
	return *quoted ? *quoted : d;
}

uint64_t refdata_serial(const struct refdata *rd)
{
	return rd ? rd->serial : 0;
}

size_t refdata_size(const struct refdata *rd)
{
	size_t n = 0;
	for (int i = 0; rd && i < 5; i++)
		n += rd->tables[i].n;
	return n;
}
