/* Tests of rif/loader.c: BFD's sample groups load with the counts the fixtures README lists,
 * updates change what they should and nothing else, and bad input leaves the database as it
 * was. */
#include "testutil.h"

#include "core/fatal.h"
#include "rif/layout.h"
#include "rif/loader.h"
#include "rif/record.h"
#include "storeutil.h"

struct db {
	char *dir, *path;
	struct store *s;
};

static struct db db_open(void)
{
	struct db d = {tu_tmpdir(), NULL, NULL};
	char *cause = NULL;
	d.path = xasprintf("%s/t.db", d.dir);
	assert_int_equal(store_open(d.path, &d.s, &cause), 0);
	return d;
}

static void db_close(struct db *d)
{
	store_close(d->s);
	free(d->path);
	tu_rmdir(d->dir);
}

static const struct load_options quiet = {.expect_type = -1};

/* Loads fixture files (paths relative to the fixtures), asserting success. */
static void load(struct db *d, const char *const *files)
{
	for (; *files; files++) {
		struct load_report rep;
		char *cause = NULL;
		int rc = rif_load_file(d->s, tu_fixture(*files), &quiet, &rep, &cause);
		if (rc != 0)
			fail_msg("%s: %s", *files, cause);
	}
}

#define S "rif-static-samples/"
static const char *const group_a[] = {
    S "sample-a-beneficiaries.txt",
    S "sample-a-beneficiaryhistory.txt",
    S "sample-a-bcarrier.txt",
    S "sample-a-dme.txt",
    S "sample-a-hha.txt",
    S "sample-a-hospice.txt",
    S "sample-a-inpatient.txt",
    S "sample-a-outpatient.txt",
    S "sample-a-pde.txt",
    S "sample-a-snf.txt",
    NULL,
};

static void assert_claims(struct store_counts *c, enum rif_type t, long claims, long lines)
{
	if (c->claims[t] != claims || c->lines[t] != lines)
		fail_msg("%s: %ld claims, %ld lines; expected %ld, %ld", rif_layout_get(t)->name,
		         c->claims[t], c->lines[t], claims, lines);
}

static void test_group_a(void **state)
{
	TU_NEED_FIXTURES();
	struct db d = db_open();
	load(&d, group_a);
	struct store_counts c = tu_counts(d.s);
	assert_int_equal(c.beneficiaries, 1);
	assert_int_equal(c.bene_history, 4); /* 5 rows, one an exact duplicate */
	assert_int_equal(c.bene_months, 12);
	for (int t = RIF_CARRIER; t <= RIF_SNF; t++)
		assert_claims(&c, (enum rif_type)t, 1, 1);
	assert_claims(&c, RIF_PDE, 1, 0);
	db_close(&d);
}

/* A stored value, by column name, as text (decimals and dates as numbers). */
static void value_text(const struct rif_layout *l, const struct buf *rec, const char *column,
                       int line, char *out, size_t n)
{
	const unsigned char *p = (const unsigned char *)rec->data, *end = p + rec->len;
	struct rif_value v[300];
	uint64_t version, nlines;
	int c = rif_layout_column(l, column);
	assert_true(c >= 0);
	assert_int_equal(buf_get_uvarint(&p, end, &version), 0);
	int nclaim = l->first_line_col;
	assert_int_equal(rif_record_get(&p, end, l->cols, nclaim, v), 0);
	if (c >= nclaim) {
		assert_int_equal(buf_get_uvarint(&p, end, &nlines), 0);
		assert_true(line < (int)nlines);
		for (int i = 0; i <= line; i++)
			assert_int_equal(rif_record_get(&p, end, l->cols + nclaim,
			                                l->ncols - nclaim, v + nclaim),
			                 0);
	}
	if (v[c].null)
		snprintf(out, n, "(null)");
	else if (l->cols[c].kind == RIF_STRING)
		snprintf(out, n, "%.*s", (int)v[c].len, v[c].s);
	else if (l->cols[c].kind == RIF_DECIMAL)
		rif_decimal_format(v[c].i, v[c].scale, out);
	else if (l->cols[c].kind == RIF_DATE) {
		int y, m, dd;
		rif_date_civil(v[c].i, &y, &m, &dd);
		snprintf(out, n, "%04d-%02d-%02d", y, m, dd);
	} else
		snprintf(out, n, "%lld", (long long)v[c].i);
}

static void assert_bene_value(struct db *d, int64_t id, const char *column, const char *want)
{
	struct buf rec = BUF_INIT;
	char got[256], *cause = NULL;
	assert_int_equal(store_get_beneficiary(d->s, id, &rec, NULL, &cause), 1);
	value_text(rif_layout_get(RIF_BENEFICIARY), &rec, column, 0, got, sizeof got);
	if (strcmp(got, want) != 0)
		fail_msg("beneficiary %lld %s: '%s', expected '%s'", (long long)id, column, got,
		         want);
	buf_free(&rec);
}

static void assert_claim_value(struct db *d, enum rif_type t, int64_t id, const char *column,
                               int line, const char *want)
{
	struct buf rec = BUF_INIT;
	char got[256], *cause = NULL;
	assert_int_equal(store_get_claim(d->s, (int)t, id, &rec, NULL, &cause), 1);
	value_text(rif_layout_get(t), &rec, column, line, got, sizeof got);
	if (strcmp(got, want) != 0)
		fail_msg("%s %lld %s: '%s', expected '%s'", rif_layout_get(t)->name, (long long)id,
		         column, got, want);
	buf_free(&rec);
}

static void test_group_a_values(void **state)
{
	TU_NEED_FIXTURES();
	struct db d = db_open();
	load(&d, group_a);
	assert_bene_value(&d, 567834, "BENE_SRNM_NAME", "Doe");
	assert_bene_value(&d, 567834, "BENE_BIRTH_DT", "1981-03-17");
	assert_bene_value(&d, 567834, "MBI_NUM", "3456789");
	assert_claim_value(&d, RIF_CARRIER, 9991831999, "CLM_PMT_AMT", 0, "199.99");
	assert_claim_value(&d, RIF_CARRIER, 9991831999, "FINAL_ACTION", 0, "F");
	assert_claim_value(&d, RIF_CARRIER, 9991831999, "CARR_LINE_CLIA_LAB_NUM", 0, "BB889999AA");
	assert_claim_value(&d, RIF_PDE, 89, "QTY_DSPNSD_NUM", 0, "60.000");
	db_close(&d);
}

static void test_multiple_lines(void **state)
{
	TU_NEED_FIXTURES();
	struct db d = db_open();
	static const char *const files[] = {S "sample-a-beneficiaries.txt",
	                                    S "sample-a-bcarrier-multiple-lines.txt", NULL};
	load(&d, files);
	struct store_counts c = tu_counts(d.s);
	assert_int_equal(c.beneficiaries, 1);
	assert_claims(&c, RIF_CARRIER, 1, 7);
	/* Lines are kept in line-number order. */
	assert_claim_value(&d, RIF_CARRIER, 9991831999, "LINE_NUM", 0, "1");
	assert_claim_value(&d, RIF_CARRIER, 9991831999, "LINE_NUM", 6, "7");
	db_close(&d);
}

static void test_four_character_drg(void **state)
{
	TU_NEED_FIXTURES();
	struct db d = db_open();
	const char *files[sizeof group_a / sizeof group_a[0]];
	for (size_t i = 0; i < sizeof group_a / sizeof group_a[0]; i++) {
		files[i] = group_a[i];
		if (files[i] && strcmp(files[i], S "sample-a-inpatient.txt") == 0)
			files[i] = S "sample-a-inpatient-with-four-character-drg-code.txt";
		if (files[i] && strcmp(files[i], S "sample-a-snf.txt") == 0)
			files[i] = S "sample-a-snf-with-four-character-drg-code.txt";
	}
	load(&d, files);
	struct store_counts c = tu_counts(d.s);
	for (int t = RIF_CARRIER; t <= RIF_SNF; t++)
		assert_claims(&c, (enum rif_type)t, 1, 1);
	assert_claims(&c, RIF_PDE, 1, 0);
	assert_claim_value(&d, RIF_INPATIENT, 333333222222, "CLM_DRG_CD", 0, "6955");
	db_close(&d);
}

static void test_backslash(void **state)
{
	TU_NEED_FIXTURES();
	struct db d = db_open();
	static const char *const files[] = {S "sample-a-beneficiaries-with-backslash.txt", NULL};
	load(&d, files);
	assert_int_equal(tu_counts(d.s).beneficiaries, 1);
	assert_bene_value(&d, 567834, "DRVD_LINE_4_ADR", "DAEJEON SI 34867");
	assert_bene_value(&d, 567834, "DRVD_LINE_5_ADR", "COLOMBIA");
	assert_bene_value(&d, 567834, "CITY_NAME", "PODUNK");
	db_close(&d);
}

static void test_without_reference_year_then_multiple_entries(void **state)
{
	TU_NEED_FIXTURES();
	struct db d = db_open();
	static const char *const first[] = {S "sample-a-beneficiaries-without-reference-year.txt",
	                                    NULL};
	static const char *const second[] = {S "sample-a-multiple-entries-same-bene.txt", NULL};
	load(&d, first);
	struct store_counts c = tu_counts(d.s);
	assert_int_equal(c.beneficiaries, 1);
	assert_int_equal(c.bene_months, 0);
	load(&d, second);
	c = tu_counts(d.s);
	assert_int_equal(c.beneficiaries, 1);
	assert_int_equal(c.bene_months, 72); /* six reference years of twelve months */
	db_close(&d);
}

static void test_samhsa_group(void **state)
{
	TU_NEED_FIXTURES();
	struct db d = db_open();
	static const char *const files[] = {TU_SAMHSA_FILES, NULL};
	load(&d, files);
	struct store_counts c = tu_counts(d.s);
	assert_claims(&c, RIF_CARRIER, 606, 606);
	assert_claims(&c, RIF_DME, 606, 606);
	assert_claims(&c, RIF_HHA, 606, 606);
	assert_claims(&c, RIF_HOSPICE, 606, 606);
	assert_claims(&c, RIF_INPATIENT, 680, 680);
	assert_claims(&c, RIF_OUTPATIENT, 677, 677);
	assert_claims(&c, RIF_SNF, 680, 680);
	assert_claims(&c, RIF_PDE, 1, 0);
	db_close(&d);
}

static void test_hicn_group(void **state)
{
	TU_NEED_FIXTURES();
	struct db d = db_open();
	static const char *const files[] = {S "sample-hicn-mult-bene-beneficiaries.txt",
	                                    S "sample-hicn-mult-bene-beneficiaryhistory.txt", NULL};
	load(&d, files);
	struct store_counts c = tu_counts(d.s);
	assert_int_equal(c.beneficiaries, 10);
	assert_int_equal(c.bene_history, 6);
	/* Five beneficiaries among the history rows (two rows for 567834, who is not in the
	 * beneficiary file: history rows need no beneficiary). */
	char *text = tu_dump(d.s), ids[8][32];
	int n = 0;
	for (const char *p = text; (p = strstr(p, "beneficiary_history(")); p++) {
		char id[32];
		sscanf(p, "beneficiary_history(%31[^,]", id);
		bool seen = false;
		for (int i = 0; i < n; i++)
			seen |= strcmp(ids[i], id) == 0;
		if (!seen && n < 8)
			strcpy(ids[n++], id);
	}
	assert_int_equal(n, 5);
	free(text);
	db_close(&d);
}

static void test_synthea_group(void **state)
{
	TU_NEED_FIXTURES();
	struct db d = db_open();
	static const char *const files[] = {"rif-synthea/beneficiary_2011.csv",
	                                    "rif-synthea/beneficiary_2012.csv",
	                                    "rif-synthea/beneficiary_2013.csv",
	                                    "rif-synthea/beneficiary_2014.csv",
	                                    "rif-synthea/beneficiary_2015.csv",
	                                    "rif-synthea/beneficiary_2016.csv",
	                                    "rif-synthea/beneficiary_2017.csv",
	                                    "rif-synthea/beneficiary_2018.csv",
	                                    "rif-synthea/beneficiary_2019.csv",
	                                    "rif-synthea/beneficiary_2020.csv",
	                                    "rif-synthea/beneficiary_2021.csv",
	                                    "rif-synthea/beneficiary_history.csv",
	                                    "rif-synthea/carrier.csv",
	                                    "rif-synthea/dme.csv",
	                                    "rif-synthea/hha.csv",
	                                    "rif-synthea/hospice.csv",
	                                    "rif-synthea/inpatient.csv",
	                                    "rif-synthea/outpatient.csv",
	                                    "rif-synthea/pde.csv",
	                                    "rif-synthea/snf.csv",
	                                    NULL};
	load(&d, files);
	struct store_counts c = tu_counts(d.s);
	assert_int_equal(c.beneficiaries, 3);
	assert_int_equal(c.bene_history, 3);
	assert_claims(&c, RIF_CARRIER, 37, 221);
	assert_claims(&c, RIF_DME, 1, 1);
	assert_claims(&c, RIF_HHA, 14, 15);
	assert_claims(&c, RIF_HOSPICE, 1, 8);
	assert_claims(&c, RIF_INPATIENT, 16, 16);
	assert_claims(&c, RIF_OUTPATIENT, 19, 19);
	assert_claims(&c, RIF_PDE, 18, 0);
	assert_claims(&c, RIF_SNF, 1, 67);
	/* The yearly UPDATE files add years of months rather than overwrite them. */
	assert_true(c.bene_months > 12 * 3);
	db_close(&d);
}

/* Every line of `a` not in `b`, and the reverse, must start with one of the prefixes. */
static void assert_changes_only(const char *before, const char *after, const char *const *allowed)
{
	const char *texts[2] = {before, after};
	for (int k = 0; k < 2; k++) {
		const char *other = texts[1 - k];
		for (const char *p = texts[k]; *p;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
			char *line = strndup(p, n);
			if (strstr(other, line) == NULL) {
				bool ok = false;
				for (const char *const *a = allowed; *a; a++)
					ok |= strncmp(line, *a, strlen(*a)) == 0;
				if (!ok)
					fail_msg("unexpected %s: %.200s",
					         k ? "new row" : "lost row", line);
			}
			free(line);
			p += n;
		}
	}
}

static void test_sample_u(void **state)
{
	TU_NEED_FIXTURES();
	struct db d = db_open();
	load(&d, group_a);
	char *before = tu_dump(d.s);
	static const char *const u[] = {S "sample-u-bcarrier.txt", S "sample-u-beneficiaries.txt",
	                                NULL};
	load(&d, u);
	char *after = tu_dump(d.s);
	struct store_counts c = tu_counts(d.s);
	assert_int_equal(c.beneficiaries, 1);
	assert_int_equal(c.bene_history, 5); /* the old identity kept as history */
	assert_int_equal(c.bene_months, 24); /* 2018 kept, 2019 added */
	assert_claims(&c, RIF_CARRIER, 1, 1);
	assert_bene_value(&d, 567834, "BENE_SRNM_NAME", "Johnson");
	assert_bene_value(&d, 567834, "BENE_GVN_NAME", "John");
	assert_bene_value(&d, 567834, "MBI_NUM", "SSSS");
	assert_claim_value(&d, RIF_CARRIER, 9991831999, "FINAL_ACTION", 0, "N");
	assert_claim_value(&d, RIF_CARRIER, 9991831999, "CLM_THRU_DT", 0, "2000-10-27");
	assert_claim_value(&d, RIF_CARRIER, 9991831999, "CARR_LINE_CLIA_LAB_NUM", 0, "GG443333HH");
	/* Nothing else changed: other claims, 2018's months, the file's history rows. */
	static const char *const allowed[] = {
	    "beneficiaries(567834,", "beneficiary_monthly(567834,2019",
	    "beneficiary_history(567834,", "claims(3,9991831999,", NULL};
	assert_changes_only(before, after, allowed);
	/* Exactly one history row is new. */
	int added = 0;
	for (const char *p = after; (p = strstr(p, "beneficiary_history(")); p++) {
		const char *nl = strchr(p, '\n');
		char *line = strndup(p, (size_t)(nl - p + 1));
		added += strstr(before, line) == NULL;
		free(line);
	}
	assert_int_equal(added, 1);
	free(before);
	free(after);
	db_close(&d);
}

static void test_sample_u_months(void **state)
{
	TU_NEED_FIXTURES();
	struct db d = db_open();
	static const char *const u[] = {S "sample-u-beneficiaries.txt", NULL};
	static const char *const eight[] = {S "sample-u-with-8-months.txt", NULL};
	static const char *const nine[] = {S "sample-u-with-9-months.txt", NULL};
	load(&d, group_a);
	load(&d, u);
	assert_int_equal(tu_counts(d.s).bene_months, 24);
	load(&d, eight); /* 2019 replaced by its eight months */
	assert_int_equal(tu_counts(d.s).bene_months, 20);
	load(&d, nine);
	assert_int_equal(tu_counts(d.s).bene_months, 21);
	db_close(&d);
}

static void test_sample_u_unchanged(void **state)
{
	TU_NEED_FIXTURES();
	struct db d = db_open();
	static const char *const unchanged[] = {S "sample-u-unchanged-beneficiaries.txt", NULL};
	load(&d, group_a);
	load(&d, unchanged);
	assert_int_equal(tu_counts(d.s).bene_history, 5);
	load(&d, unchanged);
	assert_int_equal(tu_counts(d.s).bene_history, 5);
	db_close(&d);
}

/* Dumps without the last_updated times (a reload may refresh them). */
static char *dump_timeless(struct db *d)
{
	char *text = tu_dump(d->s);
	/* last_updated is the only value of 13 digits (ms since 1970) in the dump. */
	for (char *p = text; *p; p++) {
		if ((p == text || p[-1] == ',') && strspn(p, "0123456789") == 13 && p[13] == ',')
			memset(p, '0', 13);
	}
	return text;
}

static void test_reload_is_idempotent(void **state)
{
	TU_NEED_FIXTURES();
	struct db d = db_open();
	load(&d, group_a);
	char *once = dump_timeless(&d);
	load(&d, group_a);
	char *twice = dump_timeless(&d);
	assert_string_equal(once, twice);
	free(once);
	free(twice);
	db_close(&d);
}

/* Bad input: the message names file, line and column, and the database is unchanged. */
static void bad_input(const char *name, const char *text, const char *want)
{
	struct db d = db_open();
	struct load_report rep;
	char *cause = NULL;
	if (tu_fixtures())
		load(&d, group_a);
	char *before = tu_dump(d.s);
	char *path = tu_write(d.dir, name, text);
	assert_int_equal(rif_load_file(d.s, path, &quiet, &rep, &cause), -1);
	char *expect = xasprintf("%s:%s", path, want);
	if (strncmp(cause, expect, strlen(expect)) != 0)
		fail_msg("message '%s' does not start with '%s'", cause, expect);
	char *after = tu_dump(d.s);
	assert_string_equal(before, after);
	free(expect);
	free(cause);
	free(before);
	free(after);
	free(path);
	db_close(&d);
}

#define BENE_HDR                                                                                   \
	"DML_IND|BENE_ID|STATE_CODE|BENE_COUNTY_CD|BENE_ZIP_CD|BENE_BIRTH_DT|BENE_SEX_IDENT_CD|"   \
	"BENE_RACE_CD|BENE_ENTLMT_RSN_ORIG|BENE_ENTLMT_RSN_CURR|BENE_ESRD_IND|"                    \
	"BENE_MDCR_STATUS_CD|BENE_PTA_TRMNTN_CD|BENE_PTB_TRMNTN_CD|BENE_CRNT_HIC_NUM|"             \
	"BENE_SRNM_NAME|BENE_GVN_NAME|BENE_MDL_NAME|MBI_NUM|EFCTV_BGN_DT|EFCTV_END_DT\n"
#define HIST_ROW                                                                                   \
	"INSERT|567834|MO|123|12345|17-MAR-1981|1|1|1|1|N|20|0|0|543217066U|Doe|John|A|3456789|"   \
	"17-Mar-1981|\n"

static void test_bad_column_count(void **state)
{
	bad_input("h.txt", BENE_HDR HIST_ROW "INSERT|567834|MO|123\n",
	          "3: BENE_ZIP_CD: missing: the row has 4 fields, the header 21");
	bad_input(
	    "h2.txt",
	    BENE_HDR
	    "INSERT|567834|MO|123|12345|17-MAR-1981|1|1|1|1|N|20|0|0|5|D|J|A|3|17-Mar-1981||x|y\n",
	    "2: (end of row): the row has 23 fields, the header 21");
}

static void test_bad_header(void **state)
{
	bad_input("u.txt", "DML_IND|BENE_ID|NOT_A_COLUMN\nINSERT|1|2\n",
	          "1: NOT_A_COLUMN: unknown header");
	bad_input("e.txt", "", "1: (header): the file is empty");
}

static void test_bad_date(void **state)
{
	bad_input("d.txt",
	          BENE_HDR HIST_ROW
	          "INSERT|567834|MO|123|12345|31-FOO-1981|1|1|1|1|N|20|0|0|5|D|J|A|3||\n",
	          "3: BENE_BIRTH_DT: not a date");
	bad_input("d2.txt",
	          BENE_HDR "INSERT|567834|MO|123|12345|30-FEB-1981|1|1|1|1|N|20|0|0|5|D|J|A|3||\n",
	          "2: BENE_BIRTH_DT: not a date");
}

static void test_bad_dml(void **state)
{
	bad_input("m.txt",
	          BENE_HDR "DELETE|567834|MO|123|12345|17-MAR-1981|1|1|1|1|N|20|0|0|5|D|J|A|3||\n",
	          "2: DML_IND: unknown value 'DELETE'");
}

static void test_bad_number(void **state)
{
	bad_input("n.txt",
	          BENE_HDR "INSERT|56x834|MO|123|12345|17-MAR-1981|1|1|1|1|N|20|0|0|5|D|J|A|3||\n",
	          "2: BENE_ID: not an integer: '56x834'");
}

/* A carrier claim file built from the fixture, with a change to one line. */
static char *carrier_with(const char *from, const char *to)
{
	char *text = tu_read(tu_fixture(S "sample-a-bcarrier.txt"));
	assert_non_null(text);
	char *at = strstr(text, from);
	assert_non_null(at);
	char *out = xasprintf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	free(text);
	return out;
}

static void test_bad_amount(void **state)
{
	TU_NEED_FIXTURES();
	char *text = carrier_with("|199.99|", "|19x.99|");
	bad_input("amount.txt", text, "2: CLM_PMT_AMT: not a number: '19x.99'");
	free(text);
	text = carrier_with("|199.99|", "|199.999|");
	bad_input("scale.txt", text, "2: CLM_PMT_AMT: '199.999' has more than 2 decimal places");
	free(text);
}

static void test_unknown_beneficiary(void **state)
{
	TU_NEED_FIXTURES();
	char *text = carrier_with("|567834|", "|999999|");
	bad_input("orphan.txt", text, "2: BENE_ID: beneficiary 999999 is not loaded");
	free(text);
}

static void test_cut_short(void **state)
{
	TU_NEED_FIXTURES();
	char *text = tu_read(tu_fixture(S "sample-a-bcarrier-multiple-lines.txt"));
	/* Cut the last row in the middle. */
	size_t len = strlen(text);
	while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;
	text[len - 40] = '\0';
	bad_input("cut.txt", text, "8: ");
	char *cause = NULL;
	struct db d = db_open();
	load(&d, group_a);
	char *path = tu_write(d.dir, "cut.txt", text);
	struct load_report rep;
	assert_int_equal(rif_load_file(d.s, path, &quiet, &rep, &cause), -1);
	assert_non_null(strstr(cause, "missing: the row has"));
	free(cause);
	free(path);
	free(text);
	db_close(&d);
	/* A quoted field that never ends is cut short too. */
	bad_input("q.txt", BENE_HDR "INSERT|567834|\"MO",
	          "2: (row): the file ends inside a quoted");
}

static void test_unreadable(void **state)
{
	struct db d = db_open();
	struct load_report rep;
	char *cause = NULL;
	assert_int_equal(rif_load_file(d.s, "/nonexistent/x.txt", &quiet, &rep, &cause), -1);
	assert_string_equal(cause, "/nonexistent/x.txt: cannot open: No such file or directory");
	free(cause);
	assert_int_equal(rif_load_file(d.s, d.dir, &quiet, &rep, &cause), -1);
	assert_non_null(strstr(cause, "is a directory"));
	free(cause);
	db_close(&d);
}

/* A failure late in a file leaves nothing of its earlier rows. */
static void test_all_or_nothing(void **state)
{
	TU_NEED_FIXTURES();
	struct db d = db_open();
	static const char *const bene[] = {S "sample-a-beneficiaries.txt", NULL};
	load(&d, bene);
	char *before = tu_dump(d.s);
	char *text = tu_read(tu_fixture(S "sample-a-bcarrier-multiple-lines.txt"));
	char *bad = xasprintf("%s\nINSERT|broken\n", text);
	char *path = tu_write(d.dir, "late.txt", bad);
	struct load_report rep;
	char *cause = NULL;
	assert_int_equal(rif_load_file(d.s, path, &quiet, &rep, &cause), -1);
	char *after = tu_dump(d.s);
	assert_string_equal(before, after);
	assert_int_equal(tu_counts(d.s).claims[RIF_CARRIER], 0);
	free(cause);
	free(path);
	free(bad);
	free(text);
	free(before);
	free(after);
	db_close(&d);
}

static void test_stop_flag(void **state)
{
	TU_NEED_FIXTURES();
	struct db d = db_open();
	static const char *const bene[] = {S "sample-a-beneficiaries.txt", NULL};
	load(&d, bene);
	char *before = tu_dump(d.s);
	volatile sig_atomic_t stop = 1;
	struct load_options o = {.stop = &stop, .expect_type = -1};
	struct load_report rep;
	char *cause = NULL;
	assert_int_equal(
	    rif_load_file(d.s, tu_fixture(S "sample-a-bcarrier.txt"), &o, &rep, &cause), -1);
	assert_non_null(strstr(cause, "interrupted"));
	char *after = tu_dump(d.s);
	assert_string_equal(before, after);
	free(cause);
	free(before);
	free(after);
	db_close(&d);
}

/* With a progress stream the loader shows rows, rows/s and an ETA; small files show none. */
static void test_progress(void **state)
{
	TU_NEED_FIXTURES();
	struct db d = db_open();
	static const char *const bene[] = {S "sample-a-beneficiaries.txt", NULL};
	load(&d, bene);
	char *text = NULL, *cause = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct load_options o = {.progress = f, .progress_min = 0, .expect_type = -1};
	struct load_report rep;
	assert_int_equal(rif_load_file(d.s, tu_fixture(S "sample-a-bcarrier-multiple-lines.txt"),
	                               &o, &rep, &cause),
	                 0);
	fflush(f);
	assert_non_null(strstr(text, ": 7 rows, "));
	assert_non_null(strstr(text, " rows/s, ETA "));
	assert_int_equal(text[len - 1], '\n');
	fclose(f);
	free(text);
	text = NULL;
	f = open_memstream(&text, &len);
	o.progress = f;
	o.progress_min = 1 << 20;
	assert_int_equal(
	    rif_load_file(d.s, tu_fixture(S "sample-a-bcarrier.txt"), &o, &rep, &cause), 0);
	fclose(f);
	assert_int_equal(len, 0);
	assert_int_equal(rep.rows, 1);
	assert_int_equal(rep.claims, 1);
	assert_int_equal(rep.lines, 1);
	free(text);
	db_close(&d);
}

static void test_manifest_type_mismatch(void **state)
{
	TU_NEED_FIXTURES();
	struct db d = db_open();
	struct load_options o = {.expect_type = RIF_CARRIER};
	struct load_report rep;
	char *cause = NULL;
	assert_int_equal(
	    rif_load_file(d.s, tu_fixture(S "sample-a-beneficiaries.txt"), &o, &rep, &cause), -1);
	assert_non_null(strstr(cause, ":1: (header): the manifest says CARRIER"));
	free(cause);
	db_close(&d);
}

static void test_file_type(void **state)
{
	TU_NEED_FIXTURES();
	enum rif_type t;
	char *cause = NULL;
	assert_int_equal(rif_file_type(tu_fixture(S "sample-a-pde.txt"), &t, &cause), 0);
	assert_int_equal(t, RIF_PDE);
	assert_int_equal(rif_file_type(tu_fixture("historical/rif-static-samples/"
	                                          "sample-a-medicarebeneficiaryidhistory.txt"),
	                               &t, &cause),
	                 0);
	assert_int_equal(t, RIF_MBI_HISTORY);
}

static void test_mbi_history(void **state)
{
	TU_NEED_FIXTURES();
	struct db d = db_open();
	static const char *const files[] = {
	    "historical/rif-static-samples/sample-a-medicarebeneficiaryidhistory.txt",
	    "historical/rif-static-samples/sample-a-medicarebeneficiaryidhistory-extra.txt",
	    "historical/rif-static-samples/sample-a-medicarebeneficiaryidhistory.txt", NULL};
	load(&d, files);
	assert_int_equal(tu_counts(d.s).mbi_history, 2);
	db_close(&d);
}

/* Untrusted input: sample files mangled at random (bytes changed, rows cut, separators, quotes
 * and backslashes added) either load or fail with a FILE:LINE message; never a crash, and a
 * failed file leaves the database as it was. Deterministic (fixed seed); run under ASan and
 * UBSan by make check. */
static void test_mangled_input(void **state)
{
	TU_NEED_FIXTURES();
	static const char *const sources[] = {S "sample-a-bcarrier-multiple-lines.txt",
	                                      S "sample-a-inpatient.txt", S "sample-a-pde.txt",
	                                      S "sample-a-beneficiaries.txt",
	                                      S "sample-a-beneficiaryhistory.txt"};
	static const char noise[] = "|\"\\\n\r0A-.,\x01\xff\xc3 ";
	struct db d = db_open();
	static const char *const bene[] = {S "sample-a-beneficiaries.txt", NULL};
	load(&d, bene);
	unsigned seed = 12345;
	int loaded = 0, failed = 0;
	for (int round = 0; round < 300; round++) {
		char *text = tu_read(tu_fixture(sources[round % 5]));
		size_t len = strlen(text);
		int edits = 1 + (int)(rand_r(&seed) % 4);
		for (int e = 0; e < edits && len > 0; e++) {
			size_t at = (size_t)rand_r(&seed) % len;
			switch (rand_r(&seed) % 3) {
			case 0: /* change a byte */
				text[at] = noise[rand_r(&seed) % (sizeof noise - 1)];
				break;
			case 1: /* cut the file short */
				len = at;
				text[len] = '\0';
				break;
			default: /* drop a byte */
				memmove(text + at, text + at + 1, len - at);
				len--;
				break;
			}
		}
		char *before = tu_dump(d.s), *cause = NULL;
		char *path = tu_write(d.dir, "mangled.txt", text);
		struct load_report rep;
		if (rif_load_file(d.s, path, &quiet, &rep, &cause) == 0) {
			loaded++;
		} else {
			failed++;
			/* The message names the file; the database is unchanged. */
			assert_int_equal(strncmp(cause, path, strlen(path)), 0);
			char *after = tu_dump(d.s);
			assert_string_equal(before, after);
			free(after);
			free(cause);
		}
		free(before);
		free(path);
		free(text);
	}
	print_message("mangled files: %d loaded, %d refused\n", loaded, failed);
	assert_true(failed > 0);
	db_close(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_group_a),
	    cmocka_unit_test(test_group_a_values),
	    cmocka_unit_test(test_multiple_lines),
	    cmocka_unit_test(test_four_character_drg),
	    cmocka_unit_test(test_backslash),
	    cmocka_unit_test(test_without_reference_year_then_multiple_entries),
	    cmocka_unit_test(test_samhsa_group),
	    cmocka_unit_test(test_hicn_group),
	    cmocka_unit_test(test_synthea_group),
	    cmocka_unit_test(test_sample_u),
	    cmocka_unit_test(test_sample_u_months),
	    cmocka_unit_test(test_sample_u_unchanged),
	    cmocka_unit_test(test_reload_is_idempotent),
	    cmocka_unit_test(test_bad_column_count),
	    cmocka_unit_test(test_bad_header),
	    cmocka_unit_test(test_bad_date),
	    cmocka_unit_test(test_bad_dml),
	    cmocka_unit_test(test_bad_number),
	    cmocka_unit_test(test_bad_amount),
	    cmocka_unit_test(test_unknown_beneficiary),
	    cmocka_unit_test(test_cut_short),
	    cmocka_unit_test(test_unreadable),
	    cmocka_unit_test(test_all_or_nothing),
	    cmocka_unit_test(test_stop_flag),
	    cmocka_unit_test(test_progress),
	    cmocka_unit_test(test_manifest_type_mismatch),
	    cmocka_unit_test(test_file_type),
	    cmocka_unit_test(test_mbi_history),
	    cmocka_unit_test(test_mangled_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
