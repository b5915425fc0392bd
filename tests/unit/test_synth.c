/* Tests of synth/bene.c and `bluebutton synth`: beneficiaries with valid, distinct identifiers
 * and coherent dates and enrolment; the same seed gives the same bytes; the file loads. */
#include "testutil.h"
#include "synthutil.h"

#include <stdlib.h>
#include <time.h>

#include "core/fatal.h"
#include "auth/password.h"
#include "rif/reader.h"
#include "store/store.h"
#include "synth/bene.h"
#include "synth/claims.h"
#include "synth/pde.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void test_beneficiaries(void **state)
{
	(void)state;
	struct synth_counts *counts = synth_counts_builtin();
	enum { N = 3000 };
	/* Every MBI, current and earlier: all distinct. */
	char(*mbis)[SYNTH_MBI_LEN + 1] = calloc(2 * N, sizeof *mbis);
	int aged = 0, dead = 0, part_d = 0, dual = 0, female = 0, nmbis = 0, history = 0;
	const struct rif_layout *hl = rif_layout_get(RIF_BENEFICIARY_HISTORY);
	struct synth_row hrow;
	synth_row_init(&hrow, hl);
	for (int i = 0; i < N; i++) {
		struct synth_bene b, again;
		synth_bene_make(7, -100, (uint64_t)i, 2025, counts, &b);
		synth_bene_make(7, -100, (uint64_t)i, 2025, counts, &again);
		assert_memory_equal(&b, &again, sizeof b); /* beneficiary i is always the same */
		assert_true(b.id == -100 - i);
		assert_true(synth_mbi_valid(b.mbi, true));
		memcpy(mbis[nmbis++], b.mbi, sizeof mbis[0]);
		/* An earlier MBI: valid, replaced before the year, and its history row. */
		if (synth_bene_history_row(&b, &hrow)) {
			history++;
			assert_true(synth_mbi_valid(b.old_mbi, true));
			assert_true(b.old_mbi_end_year >= 2018 && b.old_mbi_end_year < 2025);
			memcpy(mbis[nmbis++], b.old_mbi, sizeof mbis[0]);
			char *line = NULL;
			size_t len = 0;
			FILE *o = open_memstream(&line, &len);
			synth_row_write(&hrow, o);
			fclose(o);
			char *want = xasprintf("|%s|01-Apr-2018|", b.old_mbi);
			assert_non_null(strstr(line, want));
			free(want);
			want = xasprintf("INSERT|%lld|", (long long)b.id);
			assert_int_equal(strncmp(line, want, strlen(want)), 0);
			free(want);
			free(line);
		} else
			assert_string_equal(b.old_mbi, "");
		int age = synth_bene_age(&b, 2025, 12, 31);
		assert_true(age >= 30 && age <= 100);
		aged += age >= 65;
		/* Entitlement agrees with age; status with entitlement and ESRD. */
		assert_int_equal(b.entitlement == 0, age >= 65);
		assert_true(b.entitlement != 2 || b.esrd);
		assert_true(b.birth_month >= 1 && b.birth_month <= 12 && b.birth_day >= 1 &&
		            b.birth_day <= 31);
		if (b.death_month) {
			dead++;
			assert_int_equal(b.months, b.death_month);
			/* After birth. */
			assert_true(b.birth_year < 2025 || b.death_month * 100 + b.death_day >
			                                       b.birth_month * 100 + b.birth_day);
		} else
			assert_int_equal(b.months, 12);
		assert_int_equal(strlen(b.place->fips), 5);
		assert_int_equal(strlen(b.place->zip), 5);
		assert_int_equal(strncmp(b.place->ssa_county, b.place->ssa_state, 2), 0);
		assert_true(b.claims[SYNTH_PDE] == 0 || b.part_d); /* fills need Part D */
		if (b.part_d) {
			part_d++;
			assert_true(b.ptd_contract[0] == 'Z' && strlen(b.ptd_contract) == 5);
		}
		if (b.part_c)
			assert_true(b.ptc_contract[0] == 'H' && strlen(b.ptc_contract) == 5);
		dual += b.dual != 0;
		female += b.sex == 2;
	}
	/* The shares the generator aims at, within what 3,000 draws allow. */
	assert_true(aged > N * 0.80 && aged < N * 0.90);
	assert_true(dead > N * 0.02 && dead < N * 0.08);
	assert_true(part_d > N * 0.78 && part_d < N * 0.88);
	assert_true(dual > N * 0.12 && dual < N * 0.18);
	assert_true(female > N * 0.50 && female < N * 0.60);
	assert_true(history > N * 0.03 && history < N * 0.07);
	synth_row_free(&hrow);
	qsort(mbis, (size_t)nmbis, sizeof *mbis, cmp_str);
	for (int i = 1; i < nmbis; i++)
		assert_string_not_equal(mbis[i - 1], mbis[i]);
	free(mbis);
	/* Another seed, other people. */
	struct synth_bene a, b;
	synth_bene_make(7, -100, 5, 2025, counts, &a);
	synth_bene_make(8, -100, 5, 2025, counts, &b);
	assert_true(a.birth_year != b.birth_year || a.birth_day != b.birth_day ||
	            strcmp(a.surname, b.surname) != 0 || a.sex != b.sex);
	assert_string_equal(a.mbi, b.mbi); /* identifiers follow the index alone */
	synth_counts_free(counts);
}

/* Every Part D event of 300 beneficiaries, written and read back: ids distinct, the
 * beneficiary's plan, valid NPIs, dates inside enrolment (after birth, by death), and
 * amounts that add up. */
static void test_pde(void **state)
{
	(void)state;
	struct synth_counts *counts = synth_counts_builtin();
	char *dir = tu_tmpdir(), *path = xasprintf("%s/pde.txt", dir);
	FILE *out = fopen(path, "w");
	const struct rif_layout *l = rif_layout_get(RIF_PDE);
	struct synth_row row;
	synth_row_init(&row, l);
	synth_row_header(l, out);
	enum { N = 300 };
	static struct synth_bene benes[N];
	long long expected = 0;
	for (int i = 0; i < N; i++) {
		synth_bene_make(11, -500, (uint64_t)i, 2025, counts, &benes[i]);
		if (benes[i].part_d) {
			synth_pde_write(&benes[i], &row, out);
			expected += benes[i].claims[SYNTH_PDE];
		}
	}
	synth_row_free(&row);
	assert_int_equal(fclose(out), 0);
	assert_true(expected > 1000);

	struct rif_reader *r;
	struct rif_row got;
	char *cause = NULL;
	assert_int_equal(rif_reader_open(path, &r, &cause), 0);
	assert_int_equal(rif_reader_next(r, &got, &cause), 1);
#define COL(name) (rif_layout_column(l, name) + 1)
	int id = COL("PDE_ID"), bene = COL("BENE_ID"), srvc = COL("SRVC_DT"), paid = COL("PD_DT"),
	    pharmacy = COL("SRVC_PRVDR_ID"), prescriber = COL("PRSCRBR_ID"),
	    contract = COL("PLAN_CNTRCT_REC_ID"), days = COL("DAYS_SUPLY_NUM"),
	    total = COL("TOT_RX_CST_AMT"), below = COL("GDC_BLW_OOPT_AMT"),
	    above = COL("GDC_ABV_OOPT_AMT"), qty = COL("QTY_DSPNSD_NUM");
	static const char *const parts[] = {"PTNT_PAY_AMT",       "OTHR_TROOP_AMT",
	                                    "LICS_AMT",           "PLRO_AMT",
	                                    "CVRD_D_PLAN_PD_AMT", "NCVRD_PLAN_PD_AMT"};
	long long rows = 0, last_id = 0;
	while (rif_reader_next(r, &got, &cause) == 1) {
		rows++;
		long long this_id = atoll(got.fields[id]);
		assert_true(this_id > last_id); /* ascending, so distinct */
		last_id = this_id;
		const struct synth_bene *b = &benes[(-500 - atoll(got.fields[bene]))];
		assert_true(b->part_d);
		assert_string_equal(got.fields[contract], b->ptd_contract);
		assert_true(synth_npi_valid(got.fields[pharmacy]));
		assert_true(synth_npi_valid(got.fields[prescriber]));
		int day = tu_day_number(got.fields[srvc]);
		assert_true(day >= tu_birth_day(b));
		assert_true(day >= tu_day_number("01-Jan-2025"));
		assert_true(day <= tu_covered_until(b));
		assert_int_equal(tu_day_number(got.fields[paid]), day + 14);
		assert_true(atoi(got.fields[days]) == 30 || atoi(got.fields[days]) == 90);
		assert_true(atoi(got.fields[qty]) > 0);
		long long t = tu_amount(got.fields[total]), sum = 0;
		assert_true(t > 0);
		assert_int_equal(t, tu_amount(got.fields[below]) + tu_amount(got.fields[above]));
		for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
			long long v = tu_amount(got.fields[COL(parts[k])]);
			assert_true(v >= 0);
			sum += v;
		}
		assert_int_equal(sum, t);
	}
#undef COL
	assert_int_equal(rows, expected);
	rif_reader_close(r);
	free(path);
	tu_rmdir(dir);
	synth_counts_free(counts);
}

static void test_command(void **state)
{
	(void)state;
	struct synth_counts *counts = synth_counts_builtin();
	char *dir = tu_tmpdir();
	char *one = xasprintf("%s/one", dir), *two = xasprintf("%s/two", dir),
	     *three = xasprintf("%s/three", dir), *db = xasprintf("%s/s.db", dir);
	/* The built-in counts (no fixtures), as the unit under test below assumes. */
	unsetenv("BB_FIXTURES");
	struct tu_run r = tu_run("synth", "--benes", "200", "--seed", "3", "--out", one, NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"beneficiaries\":200"));
	assert_non_null(strstr(r.err, "200 of 200 beneficiaries")); /* progress */
	tu_run_free(&r);
	r = tu_run("synth", "--benes", "200", "--seed", "3", "--out", two, "--quiet", NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	tu_run_free(&r);
	r = tu_run("synth", "--benes", "200", "--seed", "4", "--out", three, "--quiet", NULL);
	tu_run_free(&r);
	/* Same seed, same bytes; another seed, other files. */
	static const char *const files[] = {
	    "beneficiaries.txt", "beneficiary_history.txt", "carrier.txt",    "dme.txt", "hha.txt",
	    "hospice.txt",       "inpatient.txt",           "outpatient.txt", "snf.txt", "pde.txt"};
	for (size_t f = 1; f < sizeof files / sizeof files[0]; f++) {
		char *f1 = xasprintf("%s/%s", one, files[f]),
		     *f2 = xasprintf("%s/%s", two, files[f]),
		     *f3 = xasprintf("%s/%s", three, files[f]);
		char *x = tu_read(f1), *y = tu_read(f2), *z = tu_read(f3);
		assert_true(strchr(x, '\n') < x + strlen(x) - 1); /* rows beside the header */
		assert_string_equal(x, y);
		assert_string_not_equal(x, z);
		free(x);
		free(y);
		free(z);
		free(f1);
		free(f2);
		free(f3);
	}
	char *p1 = xasprintf("%s/beneficiaries.txt", one),
	     *p2 = xasprintf("%s/beneficiaries.txt", two),
	     *p3 = xasprintf("%s/beneficiaries.txt", three);
	char *a = tu_read(p1), *b = tu_read(p2), *c = tu_read(p3);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	/* Row i is beneficiary i. */
	struct synth_bene first;
	synth_bene_make(3, -10000000000001LL, 0, 2025, counts, &first);
	const char *row1 = strchr(a, '\n') + 1;
	assert_int_equal(strncmp(row1, "INSERT|-10000000000001|", 23), 0);
	assert_non_null(strstr(a, first.mbi));
	/* It loads, and the API shows the beneficiaries. */
	r = tu_run("load", "--quiet", "--db", db, one, NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	r = tu_run("get", "--db", db, "/v2/fhir/Patient/-10000000000200", NULL);
	assert_int_equal(r.status, 0);
	struct synth_bene last;
	synth_bene_make(3, -10000000000001LL, 199, 2025, counts, &last);
	assert_non_null(strstr(r.out, last.mbi));
	assert_non_null(strstr(r.out, last.surname));
	tu_run_free(&r);
	/* Each beneficiary's claims of every type and Part D events are its
	 * ExplanationOfBenefits. */
	int checked = 0;
	struct synth_claims claims = {0};
	for (int i = 0; i < 200 && checked < 3; i++) {
		struct synth_bene one_bene;
		synth_bene_make(3, -10000000000001LL, (uint64_t)i, 2025, counts, &one_bene);
		synth_claims_make(&one_bene, &claims);
		int total = one_bene.part_d ? one_bene.claims[SYNTH_PDE] : 0, types = 0;
		for (int t = 0; t < SYNTH_PDE; t++) {
			total += claims.n[t];
			types += claims.n[t] > 0;
		}
		if (types < 3)
			continue;
		char *target = xasprintf("/v2/fhir/ExplanationOfBenefit?patient=%lld&_count=1",
		                         (long long)one_bene.id);
		r = tu_run("get", "--db", db, target, NULL);
		assert_int_equal(r.status, 0);
		char *want = xasprintf("\"total\":%d,", total);
		if (strstr(r.out, want) == NULL)
			fail_msg("%s: want %s in %.300s", target, want, r.out);
		free(want);
		free(target);
		tu_run_free(&r);
		checked++;
	}
	assert_int_equal(checked, 3);
	synth_claims_free(&claims);
	/* No temporary file left. */
	char *tmp = xasprintf("%s.tmp", p1);
	assert_int_equal(access(tmp, F_OK), -1);
	free(tmp);
	free(a);
	free(b);
	free(c);
	free(p1);
	free(p2);
	free(p3);
	free(one);
	free(two);
	free(three);
	free(db);
	tu_rmdir(dir);
	synth_counts_free(counts);
}

/* Replaces the load times (13-digit milliseconds since 1970, this century's) by "T". */
static void strip_times(char *s)
{
	char *w = s;
	for (const char *p = s; *p;) {
		size_t n = strspn(p, "0123456789");
		bool time = n == 13 && p[0] == '1' && (p == s || p[-1] == ',' || p[-1] == '(');
		if (time) {
			*w++ = 'T';
			p += n;
		} else if (n) {
			memmove(w, p, n);
			w += n;
			p += n;
		} else
			*w++ = *p++;
	}
	*w = '\0';
}

/* --db: the same beneficiaries and events as --out and load, and the sandbox's users. */
static void test_db(void **state)
{
	(void)state;
	unsetenv("BB_FIXTURES");
	char *dir = tu_tmpdir(), *db = xasprintf("%s/s.db", dir), *files = xasprintf("%s/f", dir),
	     *db2 = xasprintf("%s/loaded.db", dir);
	struct tu_run r = tu_run("synth", "--benes", "50", "--seed", "9", "--db", db, NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.err, "50 users BBUser00000 to BBUser00049"));
	tu_run_free(&r);
	r = tu_run("synth", "--benes", "50", "--seed", "9", "--out", files, "--quiet", NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	r = tu_run("load", "--quiet", "--db", db2, files, NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	struct store *s, *s2;
	char *cause = NULL;
	assert_int_equal(store_open(db, &s, &cause), 0);
	assert_int_equal(store_open(db2, &s2, &cause), 0);
	/* The same records (the dumps agree on every table the loader writes). */
	char *d1 = NULL, *d2 = NULL;
	size_t n1 = 0, n2 = 0;
	FILE *o1 = open_memstream(&d1, &n1), *o2 = open_memstream(&d2, &n2);
	assert_int_equal(store_dump(s, o1, &cause), 0);
	assert_int_equal(store_dump(s2, o2, &cause), 0);
	fclose(o1);
	fclose(o2);
	/* Load times aside, the dumps are the same up to the users, which only --db adds. */
	strip_times(d1);
	strip_times(d2);
	char *users = strstr(d1, "\nusers(");
	assert_non_null(users);
	assert_null(strstr(d2, "\nusers("));
	*users = '\0';
	assert_int_equal(strncmp(d1, d2, strlen(d1)), 0);
	assert_true(strlen(d1) > 10000);
	free(d1);
	free(d2);
	/* BBUser00001 / PW00001! opens beneficiary 1. */
	struct synth_counts *counts = synth_counts_builtin();
	struct synth_bene b;
	synth_bene_make(9, -10000000000001LL, 1, 2025, counts, &b);
	struct store_user u;
	struct buf text = BUF_INIT;
	assert_int_equal(store_get_user(s, "BBUser00001", &u, &text, &cause), 1);
	assert_true(u.patient == b.id);
	assert_string_equal(u.mbi, b.mbi);
	assert_true(password_verify(u.password_hash, "PW00001!"));
	assert_false(password_verify(u.password_hash, "PW00000!"));
	assert_int_equal(store_get_user(s, "BBUser00049", &u, &text, &cause), 1);
	assert_int_equal(store_get_user(s, "BBUser00050", &u, &text, &cause), 0);
	buf_free(&text);
	store_close(s);
	store_close(s2);
	/* --report: the database's claims per beneficiary, beside the release's. */
	double carrier = 0, pde = 0;
	for (int i = 0; i < 50; i++) {
		struct synth_bene one;
		synth_bene_make(9, -10000000000001LL, (uint64_t)i, 2025, counts, &one);
		carrier += one.claims[SYNTH_CARRIER];
		pde += one.part_d ? one.claims[SYNTH_PDE] : 0;
	}
	synth_counts_free(counts);
	r = tu_run("synth", "--report", "--db", db, NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "50 beneficiaries;"));
	char *want = xasprintf("%-11s %6.2f [ 11.26]", "carrier", carrier / 50);
	char *want_pde = xasprintf("%-11s %6.2f [ 63.83]", "pde", pde / 50);
	if (strstr(r.out, want) == NULL || strstr(r.out, want_pde) == NULL)
		fail_msg("want '%s' and '%s' in:\n%s", want, want_pde, r.out);
	free(want);
	free(want_pde);
	assert_non_null(strstr(r.out, "top principal diagnoses"));
	tu_run_free(&r);
	r = tu_run("synth", "--report", "--db", db, "--benes", "5", NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "--report takes --db PATH alone"));
	tu_run_free(&r);
	/* Again into the same database: refused, nothing written. */
	r = tu_run("synth", "--benes", "5", "--db", db, NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "has synthetic users already (BBUser00000)"));
	assert_null(strstr(r.err, "synth: 5 of 5"));
	tu_run_free(&r);
	free(db);
	free(db2);
	free(files);
	tu_rmdir(dir);
}

static void test_usage_errors(void **state)
{
	(void)state;
	static const char *const cases[][6] = {
	    {"--benes", "0", "--out", "/tmp/x", NULL, "--benes: '0' is not a number"},
	    {"--benes", "5", NULL, NULL, NULL, "--out DIR or --db PATH is needed"},
	    {"--out", "/tmp/x", NULL, NULL, NULL, "--benes N is needed"},
	    {"--benes", "5", "--out", "/tmp/x", "--start-id=3",
	     "--start-id: '3' is not a negative"},
	    {"--benes", "5", "--out", "/tmp/x", "--year=1999", "--year: '1999' is not a year"},
	    {"--benes", "x", "--out", "/tmp/x", NULL, "--benes: 'x' is not a number"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct tu_run r = tu_run("synth", cases[i][0], cases[i][1], cases[i][2],
		                         cases[i][3], cases[i][4], NULL);
		assert_int_equal(r.status, 2);
		if (strstr(r.err, cases[i][5]) == NULL)
			fail_msg("case %zu: %s", i, r.err);
		tu_run_free(&r);
	}
	struct tu_run r = tu_run("synth", "--benes", "5", "--out", "/nonexistent/dir/x", NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "/nonexistent/dir/x: No such file or directory"));
	tu_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_beneficiaries), cmocka_unit_test(test_pde),
	    cmocka_unit_test(test_command), cmocka_unit_test(test_db),
	    cmocka_unit_test(test_usage_errors)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
