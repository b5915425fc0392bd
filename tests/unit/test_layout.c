/* Tests of rif/layout.c and layout_data.c: every type has the columns the fixtures README
 * counts, its key, beneficiary, line and date columns are the right ones, its claim lines are
 * one block at the end, every fixture header is recognised as its type, a wrong header is
 * refused naming the column, and the monthly beneficiary columns are found for every month. */
#include "testutil.h"

#include <dirent.h>

#include "rif/layout.h"

/* Columns per type, DML_IND included, from the fixtures README. */
static const int readme_columns[RIF_TYPE_COUNT] = {
    [RIF_BENEFICIARY] = 210, [RIF_BENEFICIARY_HISTORY] = 21,
    [RIF_MBI_HISTORY] = 16,  [RIF_CARRIER] = 100,
    [RIF_DME] = 95,          [RIF_HHA] = 132,
    [RIF_HOSPICE] = 130,     [RIF_INPATIENT] = 275,
    [RIF_OUTPATIENT] = 234,  [RIF_SNF] = 230,
    [RIF_PDE] = 41,
};

static const char *col_name(const struct rif_layout *l, int i)
{
	assert_true(i >= 0 && i < l->ncols);
	return l->cols[i].name;
}

static void test_column_counts(void **state)
{
	for (int t = 0; t < RIF_TYPE_COUNT; t++) {
		const struct rif_layout *l = rif_layout_get((enum rif_type)t);
		assert_non_null(l);
		assert_int_equal(l->type, t);
		int total = l->ncols + (l->has_dml ? 1 : 0);
		if (total != readme_columns[t])
			fail_msg("%s: %d columns, README says %d", l->name, total,
			         readme_columns[t]);
		/* Only the MBI history has no DML_IND. */
		assert_int_equal(l->has_dml, t != RIF_MBI_HISTORY);
		/* The column list is in file order, without DML_IND, and names are unique:
		 * each name is found at its own index. */
		for (int i = 0; i < l->ncols; i++) {
			assert_non_null(l->cols[i].name);
			assert_string_not_equal(l->cols[i].name, "DML_IND");
			if (rif_layout_column(l, l->cols[i].name) != i)
				fail_msg("%s: column %s is not unique", l->name, l->cols[i].name);
			assert_true(l->cols[i].kind <= RIF_TIMESTAMP);
			if (l->cols[i].kind == RIF_STRING)
				assert_true(l->cols[i].len > 0);
		}
		assert_int_equal(rif_layout_column(l, "NO_SUCH_COLUMN"), -1);
		assert_int_equal(rif_layout_column(l, "DML_IND"), -1);
		assert_int_equal(rif_layout_column(l, ""), -1);
	}
	assert_null(rif_layout_get(RIF_TYPE_COUNT));
	assert_null(rif_layout_get((enum rif_type) - 1));
}

static void test_names(void **state)
{
	static const char *const names[RIF_TYPE_COUNT][2] = {
	    [RIF_BENEFICIARY] = {"beneficiary", "BENEFICIARY"},
	    [RIF_BENEFICIARY_HISTORY] = {"beneficiary_history", "BENEFICIARY_HISTORY"},
	    [RIF_MBI_HISTORY] = {"mbi_history", "MEDICARE_BENEFICIARY_ID_HISTORY"},
	    [RIF_CARRIER] = {"carrier", "CARRIER"},
	    [RIF_DME] = {"dme", "DME"},
	    [RIF_HHA] = {"hha", "HHA"},
	    [RIF_HOSPICE] = {"hospice", "HOSPICE"},
	    [RIF_INPATIENT] = {"inpatient", "INPATIENT"},
	    [RIF_OUTPATIENT] = {"outpatient", "OUTPATIENT"},
	    [RIF_SNF] = {"snf", "SNF"},
	    [RIF_PDE] = {"pde", "PDE"},
	};
	for (int t = 0; t < RIF_TYPE_COUNT; t++) {
		const struct rif_layout *l = rif_layout_get((enum rif_type)t);
		assert_string_equal(l->name, names[t][0]);
		assert_string_equal(l->manifest_name, names[t][1]);
		assert_int_equal(rif_type_from_manifest(names[t][1]), t);
	}
	assert_int_equal(rif_type_from_manifest("FOO"), -1);
	assert_int_equal(rif_type_from_manifest(""), -1);
	assert_int_equal(rif_type_from_manifest("carrier"), -1);
	assert_int_equal(rif_type_from_manifest("CARRIER "), -1);
	assert_int_equal(rif_type_from_manifest("BENEFICIARY_HISTORY_X"), -1);
}

static void test_special_columns(void **state)
{
	for (int t = 0; t < RIF_TYPE_COUNT; t++) {
		const struct rif_layout *l = rif_layout_get((enum rif_type)t);
		assert_string_equal(col_name(l, l->bene_col), "BENE_ID");
		bool claim = t >= RIF_CARRIER && t <= RIF_SNF;
		assert_int_equal(l->grouped, claim);
		if (claim) {
			assert_string_equal(col_name(l, l->key_col), "CLM_ID");
			assert_string_equal(col_name(l, l->from_col), "CLM_FROM_DT");
			assert_string_equal(col_name(l, l->thru_col), "CLM_THRU_DT");
			assert_string_equal(col_name(l, l->line_num_col),
			                    t == RIF_CARRIER || t == RIF_DME ? "LINE_NUM"
			                                                     : "CLM_LINE_NUM");
		} else {
			assert_int_equal(l->line_num_col, -1);
		}
	}
	const struct rif_layout *l = rif_layout_get(RIF_PDE);
	assert_string_equal(col_name(l, l->key_col), "PDE_ID");
	assert_string_equal(col_name(l, l->from_col), "SRVC_DT");
	assert_string_equal(col_name(l, l->thru_col), "SRVC_DT");

	l = rif_layout_get(RIF_BENEFICIARY);
	assert_string_equal(col_name(l, l->key_col), "BENE_ID");
	assert_int_equal(l->from_col, -1);
	assert_int_equal(l->thru_col, -1);

	l = rif_layout_get(RIF_BENEFICIARY_HISTORY);
	assert_int_equal(l->key_col, -1);
	assert_int_equal(l->from_col, -1);
	assert_int_equal(l->thru_col, -1);

	l = rif_layout_get(RIF_MBI_HISTORY);
	assert_string_equal(col_name(l, l->key_col), "BENE_MBI_ID");
	assert_int_equal(l->from_col, -1);
}

static void test_line_block(void **state)
{
	for (int t = 0; t < RIF_TYPE_COUNT; t++) {
		const struct rif_layout *l = rif_layout_get((enum rif_type)t);
		bool claim = t >= RIF_CARRIER && t <= RIF_SNF;
		if (!claim) {
			assert_int_equal(l->first_line_col, l->ncols);
		} else {
			/* The line block starts with the line number, well after the claim
			 * columns. */
			assert_int_equal(l->first_line_col, l->line_num_col);
			assert_true(l->first_line_col > l->thru_col);
			assert_true(l->first_line_col < l->ncols - 1);
		}
		for (int i = 0; i < l->ncols; i++) {
			bool line = (l->cols[i].flags & RIF_LINE) != 0;
			if (line != (i >= l->first_line_col))
				fail_msg("%s: column %d (%s) %s RIF_LINE", l->name, i,
				         l->cols[i].name, line ? "has" : "lacks");
		}
	}
	const struct rif_layout *c = rif_layout_get(RIF_CARRIER);
	assert_string_equal(col_name(c, c->first_line_col), "LINE_NUM");
	assert_string_equal(col_name(c, c->first_line_col - 1), "CARR_CLM_BLG_NPI_NUM");
	const struct rif_layout *ip = rif_layout_get(RIF_INPATIENT);
	assert_string_equal(col_name(ip, ip->first_line_col), "CLM_LINE_NUM");
	assert_string_equal(col_name(ip, ip->first_line_col + 1), "REV_CNTR");
}

/* A header: the column names of one line, split on '|' (names point into line). */
struct header {
	char *line;
	char **names;
	int n;
};

static struct header header_split(char *line)
{
	struct header h = {line, NULL, 0};
	size_t len = strlen(line);
	if (len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
		memmove(line, line + 3, (len -= 3) + 1);
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	int cap = 1;
	for (char *p = line; *p; p++)
		cap += *p == '|';
	h.names = malloc(sizeof *h.names * (size_t)cap);
	char *p = line;
	for (;;) {
		h.names[h.n++] = p;
		char *bar = strchr(p, '|');
		if (bar == NULL)
			break;
		*bar = '\0';
		p = bar + 1;
	}
	return h;
}

static struct header header_read(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	char *line = NULL;
	size_t cap = 0;
	if (getline(&line, &cap, f) < 0)
		fail_msg("%s: no header line", path);
	fclose(f);
	return header_split(line);
}

/* The canonical header of a type (DML_IND first when it has one); names are static. */
static struct header header_of(const struct rif_layout *l, int extra)
{
	struct header h = {NULL, NULL, 0};
	h.names = malloc(sizeof *h.names * (size_t)(l->ncols + 1 + extra));
	if (l->has_dml)
		h.names[h.n++] = "DML_IND";
	for (int i = 0; i < l->ncols; i++)
		h.names[h.n++] = (char *)l->cols[i].name;
	return h;
}

static void header_free(struct header *h)
{
	free(h->line);
	free(h->names);
}

static const struct {
	const char *file;
	enum rif_type type;
} fixture_types[] = {
    {"rif-static-samples/sample-a-bcarrier-multiple-lines.txt", RIF_CARRIER},
    {"rif-static-samples/sample-a-bcarrier.txt", RIF_CARRIER},
    {"rif-static-samples/sample-a-beneficiaries-with-backslash.txt", RIF_BENEFICIARY},
    {"rif-static-samples/sample-a-beneficiaries-without-reference-year.txt", RIF_BENEFICIARY},
    {"rif-static-samples/sample-a-beneficiaries.txt", RIF_BENEFICIARY},
    {"rif-static-samples/sample-a-beneficiaryhistory.txt", RIF_BENEFICIARY_HISTORY},
    {"rif-static-samples/sample-a-dme.txt", RIF_DME},
    {"rif-static-samples/sample-a-hha.txt", RIF_HHA},
    {"rif-static-samples/sample-a-hospice.txt", RIF_HOSPICE},
    {"rif-static-samples/sample-a-inpatient-with-four-character-drg-code.txt", RIF_INPATIENT},
    {"rif-static-samples/sample-a-inpatient.txt", RIF_INPATIENT},
    {"rif-static-samples/sample-a-multiple-entries-same-bene.txt", RIF_BENEFICIARY},
    {"rif-static-samples/sample-a-outpatient.txt", RIF_OUTPATIENT},
    {"rif-static-samples/sample-a-pde.txt", RIF_PDE},
    {"rif-static-samples/sample-a-snf-with-four-character-drg-code.txt", RIF_SNF},
    {"rif-static-samples/sample-a-snf.txt", RIF_SNF},
    {"rif-static-samples/sample-hicn-mult-bene-beneficiaries.txt", RIF_BENEFICIARY},
    {"rif-static-samples/sample-hicn-mult-bene-beneficiaryhistory.txt", RIF_BENEFICIARY_HISTORY},
    {"rif-static-samples/sample-u-bcarrier.txt", RIF_CARRIER},
    {"rif-static-samples/sample-u-beneficiaries.txt", RIF_BENEFICIARY},
    {"rif-static-samples/sample-u-unchanged-beneficiaries.txt", RIF_BENEFICIARY},
    {"rif-static-samples/sample-u-with-8-months.txt", RIF_BENEFICIARY},
    {"rif-static-samples/sample-u-with-9-months.txt", RIF_BENEFICIARY},
    {"rif-static-samples/samhsa/sample-a-carrier.txt", RIF_CARRIER},
    {"rif-static-samples/samhsa/sample-a-dme.txt", RIF_DME},
    {"rif-static-samples/samhsa/sample-a-hha.txt", RIF_HHA},
    {"rif-static-samples/samhsa/sample-a-hospice.txt", RIF_HOSPICE},
    {"rif-static-samples/samhsa/sample-a-inpatient.txt", RIF_INPATIENT},
    {"rif-static-samples/samhsa/sample-a-outpatient.txt", RIF_OUTPATIENT},
    {"rif-static-samples/samhsa/sample-a-snf.txt", RIF_SNF},
    {"rif-synthea/beneficiary_2011.csv", RIF_BENEFICIARY},
    {"rif-synthea/beneficiary_2012.csv", RIF_BENEFICIARY},
    {"rif-synthea/beneficiary_2013.csv", RIF_BENEFICIARY},
    {"rif-synthea/beneficiary_2014.csv", RIF_BENEFICIARY},
    {"rif-synthea/beneficiary_2015.csv", RIF_BENEFICIARY},
    {"rif-synthea/beneficiary_2016.csv", RIF_BENEFICIARY},
    {"rif-synthea/beneficiary_2017.csv", RIF_BENEFICIARY},
    {"rif-synthea/beneficiary_2018.csv", RIF_BENEFICIARY},
    {"rif-synthea/beneficiary_2019.csv", RIF_BENEFICIARY},
    {"rif-synthea/beneficiary_2020.csv", RIF_BENEFICIARY},
    {"rif-synthea/beneficiary_2021.csv", RIF_BENEFICIARY},
    {"rif-synthea/beneficiary_history.csv", RIF_BENEFICIARY_HISTORY},
    {"rif-synthea/carrier.csv", RIF_CARRIER},
    {"rif-synthea/dme.csv", RIF_DME},
    {"rif-synthea/hha.csv", RIF_HHA},
    {"rif-synthea/hospice.csv", RIF_HOSPICE},
    {"rif-synthea/inpatient.csv", RIF_INPATIENT},
    {"rif-synthea/outpatient.csv", RIF_OUTPATIENT},
    {"rif-synthea/pde.csv", RIF_PDE},
    {"rif-synthea/snf.csv", RIF_SNF},
    {"historical/rif-static-samples/sample-a-medicarebeneficiaryidhistory-extra.txt",
     RIF_MBI_HISTORY},
    {"historical/rif-static-samples/sample-a-medicarebeneficiaryidhistory.txt", RIF_MBI_HISTORY},
};
#define N_FIXTURES ((int)(sizeof fixture_types / sizeof *fixture_types))

static int expected_type(const char *rel)
{
	for (int i = 0; i < N_FIXTURES; i++)
		if (strcmp(fixture_types[i].file, rel) == 0)
			return (int)fixture_types[i].type;
	return -1;
}

/* Every file of the four fixture folders is recognised as its type. */
static void test_match_fixtures(void **state)
{
	TU_NEED_FIXTURES();
	static const char *const dirs[] = {"rif-static-samples", "rif-static-samples/samhsa",
	                                   "rif-synthea", "historical/rif-static-samples"};
	int seen = 0, known = 0;
	for (size_t d = 0; d < sizeof dirs / sizeof *dirs; d++) {
		DIR *dir = opendir(tu_fixture(dirs[d]));
		if (dir == NULL)
			fail_msg("cannot open %s", tu_fixture(dirs[d]));
		struct dirent *e;
		while ((e = readdir(dir)) != NULL) {
			char rel[1024];
			snprintf(rel, sizeof rel, "%s/%s", dirs[d], e->d_name);
			struct stat st;
			if (e->d_name[0] == '.' || stat(tu_fixture(rel), &st) != 0 ||
			    !S_ISREG(st.st_mode))
				continue;
			struct header h = header_read(tu_fixture(rel));
			int bad = -7;
			const struct rif_layout *l = rif_layout_match(h.names, h.n, &bad);
			if (l == NULL)
				fail_msg("%s: not recognised (column %d: %s)", rel, bad,
				         bad >= 0 && bad < h.n ? h.names[bad] : "-");
			int want = expected_type(rel);
			if (want >= 0) {
				if ((int)l->type != want)
					fail_msg("%s: recognised as %s, expected %s", rel, l->name,
					         rif_layout_get(want)->name);
				known++;
			}
			assert_int_equal(h.n, readme_columns[l->type]);
			seen++;
			header_free(&h);
		}
		closedir(dir);
	}
	/* Every file the README lists was found and checked. */
	assert_int_equal(known, N_FIXTURES);
	assert_true(seen >= N_FIXTURES);
}

/* The canonical header of each type matches; changing it anywhere does not. */
static void test_match_wrong_headers(void **state)
{
	for (int t = 0; t < RIF_TYPE_COUNT; t++) {
		const struct rif_layout *l = rif_layout_get((enum rif_type)t);
		struct header h = header_of(l, 1);
		int n = h.n, bad = -7;
		assert_ptr_equal(rif_layout_match(h.names, n, &bad), l);

		/* One column renamed: at the start, in the middle, at the line block, last. */
		int where[] = {0, 1, n / 2, l->first_line_col + (l->has_dml ? 1 : 0), n - 1};
		for (size_t k = 0; k < sizeof where / sizeof *where; k++) {
			int i = where[k];
			if (i >= n)
				continue;
			char *saved = h.names[i];
			h.names[i] = "RENAMED_COLUMN";
			bad = -7;
			if (rif_layout_match(h.names, n, &bad) != NULL)
				fail_msg("%s: matched with column %d renamed", l->name, i);
			if (bad != i)
				fail_msg("%s: column %d renamed, bad is %d", l->name, i, bad);
			/* A change of case is a different name too. */
			char lower[64];
			snprintf(lower, sizeof lower, "%s", saved);
			lower[0] = (char)(lower[0] | 0x20);
			h.names[i] = lower;
			assert_null(rif_layout_match(h.names, n, &bad));
			h.names[i] = saved;
		}
		assert_ptr_equal(rif_layout_match(h.names, n, &bad), l);

		/* One column short (the last one missing): *bad is n - 1, the header's length. */
		bad = -7;
		assert_null(rif_layout_match(h.names, n - 1, &bad));
		assert_int_equal(bad, n - 1);

		/* A column missing from the middle: the next one is in its place. */
		int mid = n / 2;
		char *saved = h.names[mid];
		memmove(&h.names[mid], &h.names[mid + 1], sizeof *h.names * (size_t)(n - mid - 1));
		bad = -7;
		assert_null(rif_layout_match(h.names, n - 1, &bad));
		assert_int_equal(bad, mid);
		memmove(&h.names[mid + 1], &h.names[mid], sizeof *h.names * (size_t)(n - mid - 1));
		h.names[mid] = saved;

		/* One column too many: the extra one is named. */
		h.names[n] = "EXTRA_COLUMN";
		bad = -7;
		assert_null(rif_layout_match(h.names, n + 1, &bad));
		assert_int_equal(bad, n);

		/* DML_IND missing from a type that has it. */
		if (l->has_dml) {
			assert_null(rif_layout_match(h.names + 1, n - 1, &bad));
		}
		header_free(&h);
	}
	/* An empty header. */
	int bad = -7;
	assert_null(rif_layout_match(NULL, 0, &bad));
	assert_int_equal(bad, 0);
	char *only_dml[] = {"DML_IND"};
	bad = -7;
	assert_null(rif_layout_match(only_dml, 1, &bad));
	assert_int_equal(bad, 1);
}

/* A real header with one column renamed names that column. */
static void test_match_fixture_renamed(void **state)
{
	TU_NEED_FIXTURES();
	struct header h = header_read(tu_fixture("rif-static-samples/sample-a-bcarrier.txt"));
	assert_int_equal(h.n, 100);
	int bad;
	assert_int_equal(rif_layout_match(h.names, h.n, &bad)->type, RIF_CARRIER);
	char *saved = h.names[60];
	h.names[60] = "NOT_A_CARRIER_COLUMN";
	bad = -7;
	assert_null(rif_layout_match(h.names, h.n, &bad));
	assert_int_equal(bad, 60);
	h.names[60] = saved;
	bad = -7;
	assert_null(rif_layout_match(h.names, h.n - 1, &bad));
	assert_int_equal(bad, h.n - 1);
	header_free(&h);
}

static void test_months(void **state)
{
	static const char *const fields[RIF_MONTH_FIELDS] = {"FIPS_STATE_CNTY_CD",
	                                                     "MDCR_STUS_CD",
	                                                     "MDCR_ENTLMT_BUYIN_IND",
	                                                     "HMO_IND",
	                                                     "PTC_CNTRCT_ID",
	                                                     "PTC_PBP_ID",
	                                                     "PTC_PLAN_TYPE_CD",
	                                                     "PTD_CNTRCT_ID",
	                                                     "PTD_PBP_ID",
	                                                     "PTD_SGMT_ID",
	                                                     "RDS_IND",
	                                                     "META_DUAL_ELGBL_STUS_CD",
	                                                     "CST_SHR_GRP_CD"};
	static const char *const mon[12] = {"JAN", "FEB", "MAR",  "APR", "MAY", "JUN",
	                                    "JUL", "AUG", "SEPT", "OCT", "NOV", "DEC"};
	assert_int_equal(RIF_MONTH_FIELDS, 13);
	const struct rif_column *mc = rif_month_columns();
	assert_non_null(mc);
	const struct rif_layout *b = rif_layout_get(RIF_BENEFICIARY);

	assert_string_equal(col_name(b, rif_month_source(7, 9)), "PTD_CNTRCT_SEPT_ID");
	assert_string_equal(col_name(b, rif_month_source(2, 12)), "MDCR_ENTLMT_BUYIN_12_IND");
	assert_string_equal(col_name(b, rif_month_source(0, 1)), "FIPS_STATE_CNTY_JAN_CD");
	assert_string_equal(col_name(b, rif_month_source(3, 1)), "HMO_1_IND");
	assert_string_equal(col_name(b, rif_month_source(12, 12)), "CST_SHR_GRP_DEC_CD");

	bool used[256] = {false};
	assert_true(b->ncols <= 256);
	for (int f = 0; f < RIF_MONTH_FIELDS; f++) {
		assert_non_null(mc[f].name);
		assert_string_equal(mc[f].name, fields[f]);
		for (int m = 1; m <= 12; m++) {
			int src = rif_month_source(f, m);
			const char *name = col_name(b, src);
			/* Each (field, month) has its own column. */
			if (used[src])
				fail_msg("column %s used twice", name);
			used[src] = true;
			/* The column's name is the field's with the month put in, by name or
			 * by number. */
			char by_name[64], by_num[64];
			snprintf(by_name, sizeof by_name, "_%s_", mon[m - 1]);
			snprintf(by_num, sizeof by_num, "_%d_", m);
			const char *at = strstr(name, by_name);
			size_t tok = strlen(by_name);
			if (at == NULL) {
				at = strstr(name, by_num);
				tok = strlen(by_num);
			}
			if (at == NULL)
				fail_msg("field %d month %d: %s names no month", f, m, name);
			char stripped[64];
			snprintf(stripped, sizeof stripped, "%.*s%s", (int)(at - name), name,
			         at + tok - 1);
			if (strcmp(stripped, fields[f]) != 0)
				fail_msg("field %d month %d: %s is not a %s column", f, m, name,
				         fields[f]);
			/* The month record's column has the type of its source. */
			assert_int_equal(mc[f].kind, b->cols[src].kind);
			assert_int_equal(mc[f].len, b->cols[src].len);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_column_counts),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_special_columns),
	    cmocka_unit_test(test_line_block),
	    cmocka_unit_test(test_match_fixtures),
	    cmocka_unit_test(test_match_wrong_headers),
	    cmocka_unit_test(test_match_fixture_renamed),
	    cmocka_unit_test(test_months),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
