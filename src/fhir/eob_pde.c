/* eob_pde: ExplanationOfBenefit (C4BB-ExplanationOfBenefit-Pharmacy) for Part D events, as BFD
 * v2's PartDEventTransformerV2 renders them, with the provider and drug names BFD adds
 * afterwards from its enrichment tables.
 *
 * Enrichment. BFD's server writes placeholders while transforming (replaceProvider[npi],
 * replaceTaxonomyDisplay[npi], replaceDrugCode[ndc]) and then fills them from two database
 * tables, npi_data and fda_data (NPIOrgLookup, FDADrugCodeDisplayLookup); whatever it finds no
 * row for loses its display (and a care team member its qualification). The tables are loaded
 * from files: NPPES/FDA extracts by the pipeline, and in BFD's own server tests the
 * newline-delimited JSON files npi_e2e_it.json (NPIData rows) and fakeDrugOrg.json (FDAData
 * rows). We read the same rows from the directory named by $BB_ENRICHMENT: every *.json file
 * there, one JSON object a line, in name order, a later row replacing an earlier one with the
 * same key; a row with "npi" is an NPI row, one with "code" a drug row. Without the variable
 * the tables are empty, as BFD's are before they are loaded: no names are shown. They are read
 * once, on first use, and are read-only afterwards (shared by all threads).
 *
 * The rows are flat objects of strings, read with the small parser below: the Makefile links
 * no JSON parser (jansson is not among its packages). It should move to a shared module, or
 * to jansson, when the other claim types need the same names. */
#include <ctype.h>
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fatal.h"
#include "fhir/eob.h"
#include "rif/columns.h"

#define C4BB_ID      "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType"
#define C4BB_INFO    "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBSupportingInfoType"
#define C4BB_ADJ     "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication"
#define HL7_ADJ      "http://terminology.hl7.org/CodeSystem/adjudication"
#define BB_ADJ       "https://bluebutton.cms.gov/resources/codesystem/adjudication"
#define BB_INFO      "https://bluebutton.cms.gov/resources/codesystem/information"
#define INFO_CAT     "http://terminology.hl7.org/CodeSystem/claiminformationcategory"
#define V2_0203      "http://terminology.hl7.org/CodeSystem/v2-0203"
#define V3_ACT       "http://terminology.hl7.org/CodeSystem/v3-ActCode"
#define NDC          "http://hl7.org/fhir/sid/ndc"
#define NUCC         "http://nucc.org/provider-taxonomy"
#define US_NPI       "http://hl7.org/fhir/sid/us-npi"
#define PDE_PROFILE  FHIR_PROFILE "C4BB-ExplanationOfBenefit-Pharmacy"
#define PDE_COL(col) (&r->l->cols[COL_PDE_##col])
#define PDE_VAL(col) (&r->v[COL_PDE_##col])

/* ---- enrichment tables ---- */

enum npi_field {
	NPI_NPI,
	NPI_ENTITY,
	NPI_ORG,
	NPI_TAX_CODE,
	NPI_TAX_DISPLAY,
	NPI_PREFIX,
	NPI_FIRST,
	NPI_MIDDLE,
	NPI_LAST,
	NPI_SUFFIX,
	NPI_CREDENTIAL,
	NPI_NFIELDS,
};

/* NPIData's JSON names, in enum npi_field order. */
static const char *const npi_names[NPI_NFIELDS] = {
    "npi",
    "entityTypeCode",
    "providerOrganizationName",
    "taxonomyCode",
    "taxonomyDisplay",
    "providerNamePrefix",
    "providerFirstName",
    "providerMiddleName",
    "providerLastName",
    "providerNameSuffix",
    "providerCredential",
};

struct npi_row {
	char *f[NPI_NFIELDS]; /* NULL when absent */
	size_t seq;           /* reading order: the last row of a key wins */
};

struct drug_row {
	char *code, *display;
	size_t seq;
};

struct enrich {
	struct npi_row *npi;
	size_t nnpi;
	struct drug_row *drug;
	size_t ndrug;
};

static struct enrich enrich_tables;
static pthread_once_t enrich_once = PTHREAD_ONCE_INIT;

/* One parsed row: up to 16 string members. */
struct flat {
	int n;
	char *key[16], *val[16];
};

static void flat_free(struct flat *o)
{
	for (int i = 0; i < o->n; i++) {
		free(o->key[i]);
		free(o->val[i]);
	}
	o->n = 0;
}

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return p;
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		int c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* Parses a JSON string at p (after skipping blanks); returns the text after it, or NULL. */
static const char *parse_string(const char *p, char **out)
{
	p = skip_ws(p);
	if (*p != '"')
		return NULL;
	p++;
	size_t cap = 32, n = 0;
	char *s = xmalloc(cap);
	for (;;) {
		unsigned c = (unsigned char)*p++;
		if (c == '\0' || c < 0x20)
			goto fail;
		if (c == '"')
			break;
		if (n + 5 > cap)
			s = realloc(s, cap *= 2);
		if (s == NULL)
			fatal("out of memory");
		if (c != '\\') {
			s[n++] = (char)c;
			continue;
		}
		c = (unsigned char)*p++;
		switch (c) {
		case '"':
		case '\\':
		case '/':
			s[n++] = (char)c;
			break;
		case 'b':
			s[n++] = '\b';
			break;
		case 'f':
			s[n++] = '\f';
			break;
		case 'n':
			s[n++] = '\n';
			break;
		case 'r':
			s[n++] = '\r';
			break;
		case 't':
			s[n++] = '\t';
			break;
		case 'u': {
			unsigned u;
			if (hex4(p, &u) < 0)
				goto fail;
			p += 4;
			if (u >= 0xd800 && u < 0xdc00 && p[0] == '\\' && p[1] == 'u') {
				unsigned lo;
				if (hex4(p + 2, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
					goto fail;
				u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
				p += 6;
			} else if (u >= 0xd800 && u < 0xe000) {
				goto fail;
			}
			if (u < 0x80) {
				s[n++] = (char)u;
			} else if (u < 0x800) {
				s[n++] = (char)(0xc0 | (u >> 6));
				s[n++] = (char)(0x80 | (u & 0x3f));
			} else if (u < 0x10000) {
				s[n++] = (char)(0xe0 | (u >> 12));
				s[n++] = (char)(0x80 | ((u >> 6) & 0x3f));
				s[n++] = (char)(0x80 | (u & 0x3f));
			} else {
				s[n++] = (char)(0xf0 | (u >> 18));
				s[n++] = (char)(0x80 | ((u >> 12) & 0x3f));
				s[n++] = (char)(0x80 | ((u >> 6) & 0x3f));
				s[n++] = (char)(0x80 | (u & 0x3f));
			}
			break;
		}
		default:
			goto fail;
		}
	}
	s[n] = '\0';
	*out = s;
	return p;
fail:
	free(s);
	return NULL;
}

/* Parses one line holding a flat JSON object. Members that are not strings (null, numbers,
 * booleans) are left out, as absent. Returns 0, or -1 for anything else. */
static int parse_flat(const char *p, struct flat *o)
{
	o->n = 0;
	p = skip_ws(p);
	if (*p++ != '{')
		return -1;
	p = skip_ws(p);
	if (*p == '}')
		return *skip_ws(p + 1) == '\0' ? 0 : -1;
	for (;;) {
		char *key, *val = NULL;
		p = parse_string(p, &key);
		if (p == NULL)
			goto fail;
		p = skip_ws(p);
		if (*p++ != ':') {
			free(key);
			goto fail;
		}
		p = skip_ws(p);
		if (*p == '"') {
			p = parse_string(p, &val);
			if (p == NULL) {
				free(key);
				goto fail;
			}
		} else {
			while (*p && (isalnum((unsigned char)*p) || strchr("+-.", *p)))
				p++;
		}
		if (val && o->n < 16) {
			o->key[o->n] = key;
			o->val[o->n++] = val;
		} else {
			free(key);
			free(val);
		}
		p = skip_ws(p);
		if (*p == '}')
			break;
		if (*p++ != ',')
			goto fail;
	}
	if (*skip_ws(p + 1) != '\0')
		goto fail;
	return 0;
fail:
	flat_free(o);
	return -1;
}

static char *flat_take(struct flat *o, const char *key)
{
	for (int i = 0; i < o->n; i++)
		if (o->val[i] && strcmp(o->key[i], key) == 0) {
			char *v = o->val[i];
			o->val[i] = NULL;
			return v;
		}
	return NULL;
}

static void enrich_add(struct enrich *e, struct flat *o, size_t seq)
{
	char *npi = flat_take(o, "npi");
	if (npi) {
		if ((e->nnpi & (e->nnpi - 1)) == 0) /* 0, 1, 2, 4, …: grow */
			e->npi = realloc(e->npi, (e->nnpi ? e->nnpi * 2 : 1) * sizeof *e->npi);
		if (e->npi == NULL)
			fatal("out of memory");
		struct npi_row *row = &e->npi[e->nnpi++];
		row->f[NPI_NPI] = npi;
		for (int i = 1; i < NPI_NFIELDS; i++)
			row->f[i] = flat_take(o, npi_names[i]);
		row->seq = seq;
		return;
	}
	char *code = flat_take(o, "code");
	if (code) {
		if ((e->ndrug & (e->ndrug - 1)) == 0)
			e->drug = realloc(e->drug, (e->ndrug ? e->ndrug * 2 : 1) * sizeof *e->drug);
		if (e->drug == NULL)
			fatal("out of memory");
		struct drug_row *row = &e->drug[e->ndrug++];
		row->code = code;
		row->display = flat_take(o, "display");
		row->seq = seq;
	}
}

static int cmp_npi(const void *a, const void *b)
{
	const struct npi_row *x = a, *y = b;
	int c = strcmp(x->f[NPI_NPI], y->f[NPI_NPI]);
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static int cmp_drug(const void *a, const void *b)
{
	const struct drug_row *x = a, *y = b;
	int c = strcmp(x->code, y->code);
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static void npi_row_free(struct npi_row *row)
{
	for (int i = 0; i < NPI_NFIELDS; i++)
		free(row->f[i]);
}

/* Sorts by key and keeps the last row read of each key. */
static void enrich_index(struct enrich *e)
{
	size_t k = 0;
	qsort(e->npi, e->nnpi, sizeof *e->npi, cmp_npi);
	for (size_t i = 0; i < e->nnpi; i++) {
		if (i + 1 < e->nnpi && strcmp(e->npi[i].f[NPI_NPI], e->npi[i + 1].f[NPI_NPI]) == 0)
			npi_row_free(&e->npi[i]);
		else
			e->npi[k++] = e->npi[i];
	}
	e->nnpi = k;
	k = 0;
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

static int is_json_name(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return d->d_name[0] != '.' && n > 5 && strcmp(d->d_name + n - 5, ".json") == 0;
}

/* Reads every *.json file of dir into e. Returns 0, or -1 with *cause naming the file and
 * line that could not be read. */
static int enrich_load(const char *dir, struct enrich *e, char **cause)
{
	struct dirent **names;
	int n = scandir(dir, &names, is_json_name, alphasort);
	int rc = 0;
	size_t seq = 0;
	if (n < 0) {
		*cause = xasprintf("%s: cannot list the directory", dir);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]->d_name);
		FILE *fp = rc == 0 ? fopen(path, "r") : NULL;
		char *line = NULL;
		size_t cap = 0;
		long lineno = 0;
		if (rc == 0 && fp == NULL) {
			*cause = xasprintf("%s: cannot open", path);
			rc = -1;
		}
		while (fp && getline(&line, &cap, fp) >= 0) {
			struct flat o;
			lineno++;
			if (*skip_ws(line) == '\0')
				continue;
			if (parse_flat(line, &o) < 0) {
				*cause = xasprintf("%s:%ld: not a flat JSON object", path, lineno);
				rc = -1;
				break;
			}
			enrich_add(e, &o, seq++);
			flat_free(&o);
		}
		free(line);
		if (fp)
			fclose(fp);
		free(path);
		free(names[i]);
	}
	free(names);
	enrich_index(e);
	return rc;
}

static void enrich_init(void)
{
	const char *dir = getenv("BB_ENRICHMENT");
	char *cause = NULL;
	if (dir == NULL || *dir == '\0')
		return;
	if (enrich_load(dir, &enrich_tables, &cause) < 0) {
		fprintf(stderr, "bluebutton: enrichment (BB_ENRICHMENT): %s\n", cause);
		free(cause);
	}
}

__attribute__((destructor)) static void enrich_fini(void)
{
	for (size_t i = 0; i < enrich_tables.nnpi; i++)
		npi_row_free(&enrich_tables.npi[i]);
	for (size_t i = 0; i < enrich_tables.ndrug; i++) {
		free(enrich_tables.drug[i].code);
		free(enrich_tables.drug[i].display);
	}
	free(enrich_tables.npi);
	free(enrich_tables.drug);
}

static const struct enrich *enrich_get(void)
{
	pthread_once(&enrich_once, enrich_init);
	return &enrich_tables;
}

/* Whether s is NULL or only blanks (HAPI leaves such strings out). */
static bool blank(const char *s)
{
	if (s == NULL)
		return true;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v')
		s++;
	return *s == '\0';
}

/* The row of NPI s (len bytes), or NULL. */
static const struct npi_row *npi_find(const struct enrich *e, const char *s, size_t len)
{
	size_t lo = 0, hi = e->nnpi;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *k = e->npi[mid].f[NPI_NPI];
		int c = strncmp(k, s, len);
		if (c == 0)
			c = k[len] != '\0';
		if (c == 0)
			return &e->npi[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The drug name of an NDC as BFD looks it up: the code's first nine characters as
 * 5-4 ("000000000" → "00000-0000"); NULL for shorter codes and unknown ones. */
static const char *drug_display(const struct enrich *e, const char *s, size_t len)
{
	char key[11];
	if (len < 9)
		return NULL;
	memcpy(key, s, 5);
	key[5] = '-';
	memcpy(key + 6, s + 5, 4);
	key[10] = '\0';
	size_t lo = 0, hi = e->ndrug;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(e->drug[mid].code, key);
		if (c == 0)
			return blank(e->drug[mid].display) ? NULL : e->drug[mid].display;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* A person's name as BFD builds it from an NPI row: prefix, first, middle, last, suffix and
 * credential, each trimmed, the non-empty ones joined by spaces (entity type 1); the
 * organization name (type 2); nothing otherwise. Returns a malloc'd string or NULL. */
static char *npi_name(const struct npi_row *row)
{
	const char *type = row->f[NPI_ENTITY];
	if (type && strcmp(type, "2") == 0)
		return row->f[NPI_ORG] && !blank(row->f[NPI_ORG]) ? xstrdup(row->f[NPI_ORG]) : NULL;
	if (type == NULL || strcmp(type, "1") != 0)
		return NULL;
	struct buf b = {0};
	for (int i = NPI_PREFIX; i <= NPI_CREDENTIAL; i++) {
		const char *s = row->f[i];
		if (s == NULL)
			continue;
		while (isspace((unsigned char)*s))
			s++;
		size_t n = strlen(s);
		while (n > 0 && isspace((unsigned char)s[n - 1]))
			n--;
		if (n == 0)
			continue;
		if (b.len)
			buf_putc(&b, ' ');
		buf_append(&b, s, n);
	}
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	buf_putc(&b, '\0');
	return b.data;
}

/* ---- the transform ---- */

static void write_var_url(struct fhir *f, const char *var)
{
	char url[160];
	int n = snprintf(url, sizeof url, FHIR_VAR "%s", var);
	json_stringn(&f->j, url, (size_t)n);
}

/* A CCW-variable coding, as HAPI prints it: a code of blanks (RIF " ") is left out. */
static void var_coding(struct fhir *f, const char *var, const struct rif_column *c,
                       const struct rif_value *v)
{
	char tmp[32];
	const char *s;
	size_t n = fhir_text(c, v, tmp, &s);
	size_t i = 0;
	while (i < n && s[i] == ' ')
		i++;
	if (i < n) {
		fhir_var_coding(f, var, c, v);
		return;
	}
	json_object(&f->j);
	json_key(&f->j, "system");
	write_var_url(f, var);
	json_end_object(&f->j);
}

static void simple_coding(struct fhir *f, const char *system, const char *code, const char *display)
{
	fhir_coding(f, system, code, strlen(code), display);
}

/* {"coding": [one coding]} */
static void concept1(struct fhir *f, const char *system, const char *code, const char *display)
{
	json_object(&f->j);
	json_key(&f->j, "coding");
	json_array(&f->j);
	simple_coding(f, system, code, display);
	json_end_array(&f->j);
	json_end_object(&f->j);
}

/* The third identifier: RX_SRVC_RFRNC_NUM. */
static void rx_identifier(struct fhir *f, const struct fhir_record *r)
{
	char tmp[32];
	const char *s;
	json_object(&f->j);
	json_key(&f->j, "type");
	concept1(f, C4BB_ID, "uc", "Unique Claim ID");
	json_key(&f->j, "system");
	write_var_url(f, "rx_srvc_rfrnc_num");
	json_key(&f->j, "value");
	size_t n = fhir_text(PDE_COL(RX_SRVC_RFRNC_NUM), PDE_VAL(RX_SRVC_RFRNC_NUM), tmp, &s);
	json_stringn(&f->j, s, n);
	json_end_object(&f->j);
}

static bool value_is(const struct rif_value *v, const char *s)
{
	return !v->null && v->len == strlen(s) && memcmp(v->s, s, v->len) == 0;
}

/* "provider" (the service provider id under the NPI system, whatever its qualifier) and
 * "facility" (the pharmacy: typed identifier, name, pharmacy service type). */
static void provider_facility(struct fhir *f, const struct fhir_record *r, const struct enrich *e)
{
	const struct rif_value *id = PDE_VAL(SRVC_PRVDR_ID), *q = PDE_VAL(SRVC_PRVDR_ID_QLFYR_CD);
	bool has_id = !id->null && id->len > 0;
	const char *system = NULL, *code = NULL;
	if (has_id) {
		json_key(&f->j, "provider");
		json_object(&f->j);
		json_key(&f->j, "identifier");
		json_object(&f->j);
		json_key(&f->j, "system");
		json_string(&f->j, US_NPI);
		json_key(&f->j, "value");
		json_stringn(&f->j, id->s, id->len);
		json_end_object(&f->j);
		json_end_object(&f->j);
		if (value_is(q, "01"))
			system = C4BB_ID, code = "npi";
		else if (value_is(q, "06"))
			system = V2_0203, code = "UPIN";
		else if (value_is(q, "07"))
			system = "https://bluebutton.cms.gov/resources/codesystem/identifier-type",
			code = "NCPDP";
		else if (value_is(q, "08"))
			system = V2_0203, code = "SL";
		else if (value_is(q, "11"))
			system = V2_0203, code = "TAX";
	}
	json_key(&f->j, "facility");
	json_object(&f->j);
	if (!PDE_VAL(PHRMCY_SRVC_TYPE_CD)->null) {
		json_key(&f->j, "extension");
		json_array(&f->j);
		fhir_ext_coding(f, "phrmcy_srvc_type_cd", PDE_COL(PHRMCY_SRVC_TYPE_CD),
		                PDE_VAL(PHRMCY_SRVC_TYPE_CD));
		json_end_array(&f->j);
	}
	if (code) {
		json_key(&f->j, "identifier");
		json_object(&f->j);
		json_key(&f->j, "type");
		concept1(f, system, code, NULL);
		json_key(&f->j, "value");
		json_stringn(&f->j, id->s, id->len);
		json_end_object(&f->j);
		const struct npi_row *row = npi_find(e, id->s, id->len);
		char *name = row ? npi_name(row) : NULL;
		if (name) {
			json_key(&f->j, "display");
			json_string(&f->j, name);
			free(name);
		}
	}
	json_end_object(&f->j);
}

/* "careTeam": the prescriber, with the name and taxonomy of the NPI data when it has a row
 * (BFD drops the qualification when it has none). */
static void care_team(struct fhir *f, const struct fhir_record *r, const struct enrich *e)
{
	const struct rif_value *id = PDE_VAL(PRSCRBR_ID);
	const struct npi_row *row = npi_find(e, id->s, id->len);
	json_key(&f->j, "careTeam");
	json_array(&f->j);
	json_object(&f->j);
	json_key(&f->j, "sequence");
	json_int(&f->j, 1);
	json_key(&f->j, "provider");
	json_object(&f->j);
	json_key(&f->j, "identifier");
	json_object(&f->j);
	json_key(&f->j, "type");
	concept1(f, C4BB_ID, "npi", "National Provider Identifier");
	json_key(&f->j, "value");
	json_stringn(&f->j, id->s, id->len);
	json_end_object(&f->j);
	char *name = row ? npi_name(row) : NULL;
	if (name) {
		json_key(&f->j, "display");
		json_string(&f->j, name);
		free(name);
	}
	json_end_object(&f->j);
	json_key(&f->j, "role");
	concept1(f, "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimCareTeamRole",
	         "prescribing", "Prescribing provider");
	if (row) {
		const char *code = row->f[NPI_TAX_CODE], *display = row->f[NPI_TAX_DISPLAY];
		json_key(&f->j, "qualification");
		json_object(&f->j);
		json_key(&f->j, "coding");
		json_array(&f->j);
		json_object(&f->j);
		json_key(&f->j, "system");
		json_string(&f->j, NUCC);
		if (!blank(code)) {
			json_key(&f->j, "code");
			json_string(&f->j, code);
		}
		if (!blank(display)) {
			json_key(&f->j, "display");
			json_string(&f->j, display);
		}
		json_end_object(&f->j);
		json_end_array(&f->j);
		json_end_object(&f->j);
	}
	json_end_object(&f->j);
	json_end_array(&f->j);
}

/* supportingInfo entries. */
struct info {
	struct fhir *f;
	int seq;
};

static void info_open(struct info *in)
{
	json_object(&in->f->j);
	json_key(&in->f->j, "sequence");
	json_int(&in->f->j, ++in->seq);
	json_key(&in->f->j, "category");
}

/* A C4BBSupportingInfoType slice: its category only (the caller adds the value and closes). */
static void info_slice(struct info *in, const char *code, const char *display)
{
	info_open(in);
	concept1(in->f, C4BB_INFO, code, display);
}

/* A slice with a CCW-coded value (left out when the value is null). */
static void info_slice_code(struct info *in, const char *code, const char *display, const char *var,
                            const struct rif_column *c, const struct rif_value *v)
{
	if (v->null)
		return;
	info_slice(in, code, display);
	json_key(&in->f->j, "code");
	json_object(&in->f->j);
	json_key(&in->f->j, "coding");
	json_array(&in->f->j);
	var_coding(in->f, var, c, v);
	json_end_array(&in->f->j);
	json_end_object(&in->f->j);
	json_end_object(&in->f->j);
}

/* A slice with a quantity value. */
static void info_slice_quantity(struct info *in, const char *code, const char *display,
                                const struct rif_column *c, const struct rif_value *v)
{
	info_slice(in, code, display);
	json_key(&in->f->j, "valueQuantity");
	json_object(&in->f->j);
	if (!v->null) {
		json_key(&in->f->j, "value");
		fhir_value(in->f, c, v);
	}
	json_end_object(&in->f->j);
	json_end_object(&in->f->j);
}

/* An "info" entry: category info + the variable in BB's information system, code the
 * variable's coding (left out when the value is null). */
static void info_code(struct info *in, const char *var, const struct rif_column *c,
                      const struct rif_value *v)
{
	struct fhir *f = in->f;
	if (v->null)
		return;
	info_open(in);
	json_object(&f->j);
	json_key(&f->j, "coding");
	json_array(&f->j);
	simple_coding(f, INFO_CAT, "info", "Information");
	json_object(&f->j);
	json_key(&f->j, "system");
	json_string(&f->j, BB_INFO);
	json_key(&f->j, "code");
	write_var_url(f, var);
	const char *label = refdata_label(f->rd, var);
	if (label) {
		json_key(&f->j, "display");
		json_string(&f->j, label);
	}
	json_end_object(&f->j);
	json_end_array(&f->j);
	json_end_object(&f->j);
	json_key(&f->j, "code");
	json_object(&f->j);
	json_key(&f->j, "coding");
	json_array(&f->j);
	var_coding(f, var, c, v);
	json_end_array(&f->j);
	json_end_object(&f->j);
	json_end_object(&f->j);
}

static void supporting_info(struct fhir *f, const struct fhir_record *r)
{
	struct info in = {f, 0};
	const struct rif_value *cmpnd = PDE_VAL(CMPND_CD);
	json_key(&f->j, "supportingInfo");
	json_array(&f->j);
	/* CMPND_CD: 1 not compounded, 2 compounded, 0 not specified (BFD refuses other values;
	 * we show nothing for them). */
	if (!cmpnd->null && (cmpnd->i == 1 || cmpnd->i == 2)) {
		info_slice(&in, "compoundcode", "Compound Code");
		json_key(&f->j, "code");
		if (cmpnd->i == 2)
			concept1(f, V3_ACT, "RXCINV", "Rx compound invoice");
		else
			concept1(f, V3_ACT, "RXDINV", "Rx dispense invoice");
		json_end_object(&f->j);
	}
	info_slice_quantity(&in, "refillnum", "Refill Number", PDE_COL(FILL_NUM),
	                    PDE_VAL(FILL_NUM));
	info_slice_quantity(&in, "dayssupply", "Days Supply", PDE_COL(DAYS_SUPLY_NUM),
	                    PDE_VAL(DAYS_SUPLY_NUM));
#define INFO(var, col) info_code(&in, var, PDE_COL(col), PDE_VAL(col))
	INFO("drug_cvrg_stus_cd", DRUG_CVRG_STUS_CD);
	INFO("daw_prod_slctn_cd", DAW_PROD_SLCTN_CD);
	INFO("dspnsng_stus_cd", DSPNSNG_STUS_CD);
	INFO("adjstmt_dltn_cd", ADJSTMT_DLTN_CD);
	INFO("nstd_frmt_cd", NSTD_FRMT_CD);
	INFO("prcng_excptn_cd", PRCNG_EXCPTN_CD);
	INFO("ctstrphc_cvrg_cd", CTSTRPHC_CVRG_CD);
	info_slice_code(&in, "rxorigincode", "Rx Origin Code", "rx_orgn_cd", PDE_COL(RX_ORGN_CD),
	                PDE_VAL(RX_ORGN_CD));
	info_slice_code(&in, "brandgenericindicator", "Brand Generic Indicator", "brnd_gnrc_cd",
	                PDE_COL(BRND_GNRC_CD), PDE_VAL(BRND_GNRC_CD));
	INFO("ptnt_rsdnc_cd", PTNT_RSDNC_CD);
	INFO("submsn_clr_cd", SUBMSN_CLR_CD);
#undef INFO
	json_end_array(&f->j);
}

/* "insurance": Part D, with the plan's contract and benefit package. */
static void insurance(struct fhir *f, const struct fhir_record *r)
{
	char ref[64];
	json_key(&f->j, "insurance");
	json_array(&f->j);
	json_object(&f->j);
	json_key(&f->j, "focal");
	json_bool(&f->j, true);
	json_key(&f->j, "coverage");
	json_object(&f->j);
	json_key(&f->j, "extension");
	json_array(&f->j);
	fhir_ext_identifier(f, "plan_cntrct_rec_id", PDE_COL(PLAN_CNTRCT_REC_ID),
	                    PDE_VAL(PLAN_CNTRCT_REC_ID));
	fhir_ext_identifier(f, "plan_pbp_rec_num", PDE_COL(PLAN_PBP_REC_NUM),
	                    PDE_VAL(PLAN_PBP_REC_NUM));
	json_end_array(&f->j);
	json_key(&f->j, "reference");
	int n = snprintf(ref, sizeof ref, "Coverage/part-d-%lld", (long long)PDE_VAL(BENE_ID)->i);
	json_stringn(&f->j, ref, (size_t)n);
	json_end_object(&f->j);
	json_end_object(&f->j);
	json_end_array(&f->j);
}

/* One item adjudication: the C4BB (or HL7) category, the variable's, and the amount. */
static void adjudication(struct fhir *f, const char *system, const char *code, const char *display,
                         const char *var, const struct rif_value *amount)
{
	json_object(&f->j);
	json_key(&f->j, "category");
	json_object(&f->j);
	json_key(&f->j, "coding");
	json_array(&f->j);
	simple_coding(f, system, code, display);
	json_object(&f->j);
	json_key(&f->j, "system");
	json_string(&f->j, BB_ADJ);
	json_key(&f->j, "code");
	write_var_url(f, var);
	const char *label = refdata_label(f->rd, var);
	if (label) {
		json_key(&f->j, "display");
		json_string(&f->j, label);
	}
	json_end_object(&f->j);
	json_end_array(&f->j);
	json_end_object(&f->j);
	json_key(&f->j, "amount");
	fhir_money(f, amount);
	json_end_object(&f->j);
}

static void item(struct fhir *f, const struct fhir_record *r, const struct enrich *e)
{
	const struct rif_value *ndc = PDE_VAL(PROD_SRVC_ID);
	json_key(&f->j, "item");
	json_array(&f->j);
	json_object(&f->j);
	json_key(&f->j, "sequence");
	json_int(&f->j, 1);
	json_key(&f->j, "careTeamSequence");
	json_array(&f->j);
	json_int(&f->j, 1);
	json_end_array(&f->j);
	json_key(&f->j, "productOrService");
	json_object(&f->j);
	json_key(&f->j, "coding");
	json_array(&f->j);
	fhir_coding(f, NDC, ndc->s, ndc->len, drug_display(e, ndc->s, ndc->len));
	json_end_array(&f->j);
	json_end_object(&f->j);
	json_key(&f->j, "servicedDate");
	fhir_date(f, PDE_VAL(SRVC_DT)->i);
	json_key(&f->j, "quantity");
	json_object(&f->j);
	json_key(&f->j, "value");
	fhir_value(f, PDE_COL(QTY_DSPNSD_NUM), PDE_VAL(QTY_DSPNSD_NUM));
	json_end_object(&f->j);
	json_key(&f->j, "adjudication");
	json_array(&f->j);
	/* The plan's payment: covered (DRUG_CVRG_STUS_CD C) or not; BFD names the covered amount's
	 * variable in both cases. */
	if (value_is(PDE_VAL(DRUG_CVRG_STUS_CD), "C"))
		adjudication(f, HL7_ADJ, "benefit", "Benefit Amount", "cvrd_d_plan_pd_amt",
		             PDE_VAL(CVRD_D_PLAN_PD_AMT));
	else
		adjudication(f, C4BB_ADJ, "noncovered", "Noncovered", "cvrd_d_plan_pd_amt",
		             PDE_VAL(NCVRD_PLAN_PD_AMT));
	adjudication(f, C4BB_ADJ, "coinsurance", "Co-insurance", "gdc_blw_oopt_amt",
	             PDE_VAL(GDC_BLW_OOPT_AMT));
	adjudication(f, C4BB_ADJ, "coinsurance", "Co-insurance", "gdc_abv_oopt_amt",
	             PDE_VAL(GDC_ABV_OOPT_AMT));
	adjudication(f, C4BB_ADJ, "paidbypatient", "Paid by patient", "ptnt_pay_amt",
	             PDE_VAL(PTNT_PAY_AMT));
	adjudication(f, C4BB_ADJ, "priorpayerpaid", "Prior payer paid", "othr_troop_amt",
	             PDE_VAL(OTHR_TROOP_AMT));
	adjudication(f, C4BB_ADJ, "discount", "Discount", "lics_amt", PDE_VAL(LICS_AMT));
	adjudication(f, C4BB_ADJ, "priorpayerpaid", "Prior payer paid", "plro_amt",
	             PDE_VAL(PLRO_AMT));
	adjudication(f, C4BB_ADJ, "drugcost", "Drug Cost", "tot_rx_cst_amt",
	             PDE_VAL(TOT_RX_CST_AMT));
	adjudication(f, C4BB_ADJ, "discount", "Discount", "rptd_gap_dscnt_num",
	             PDE_VAL(RPTD_GAP_DSCNT_NUM));
	json_end_array(&f->j);
	json_end_object(&f->j);
	json_end_array(&f->j);
}

static void totals(struct fhir *f, const struct fhir_record *r)
{
	static const struct rif_value zero = {.null = false, .scale = 0, .i = 0};
	json_key(&f->j, "total");
	json_array(&f->j);
	json_object(&f->j);
	json_key(&f->j, "category");
	concept1(f, C4BB_ADJ, "drugcost", "Drug Cost");
	json_key(&f->j, "amount");
	fhir_money(f, PDE_VAL(TOT_RX_CST_AMT));
	json_end_object(&f->j);
	json_object(&f->j);
	json_key(&f->j, "category");
	concept1(f, "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBPayerAdjudicationStatus",
	         "other", "Other");
	json_key(&f->j, "amount");
	fhir_money(f, &zero);
	json_end_object(&f->j);
	json_end_array(&f->j);
}

void fhir_eob_pde(struct fhir *f, const struct fhir_record *r, const struct store_claim *meta)
{
	const struct enrich *e = enrich_get();
	json_object(&f->j);
	fhir_eob_begin(f, meta, PDE_PROFILE);
	fhir_eob_identifiers(f, "pde_id", PDE_COL(PDE_ID), PDE_VAL(PDE_ID), PDE_COL(CLM_GRP_ID),
	                     PDE_VAL(CLM_GRP_ID), rx_identifier, r);
	fhir_eob_status(f, PDE_VAL(FINAL_ACTION));
	fhir_eob_type(f, NULL, NULL, "PDE", "pharmacy", "Pharmacy");
	fhir_eob_fixed(f, PDE_VAL(BENE_ID)->i);
	fhir_eob_billable_period(f, PDE_VAL(SRVC_DT), PDE_VAL(SRVC_DT));
	provider_facility(f, r, e);
	care_team(f, r, e);
	supporting_info(f, r);
	insurance(f, r);
	item(f, r, e);
	totals(f, r);
	if (!PDE_VAL(PD_DT)->null) {
		json_key(&f->j, "payment");
		json_object(&f->j);
		json_key(&f->j, "date");
		fhir_date(f, PDE_VAL(PD_DT)->i);
		json_end_object(&f->j);
	}
	json_end_object(&f->j);
}
