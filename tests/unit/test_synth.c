/* Tests of synth/bene.c and `bluebutton synth`: beneficiaries with valid, distinct identifiers
 * and coherent dates and enrolment; the same seed gives the same bytes; the file loads. */
#include "testutil.h"

#include <stdlib.h>

#include "core/fatal.h"
#include "synth/bene.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void test_beneficiaries(void **state)
{
	(void)state;
	enum { N = 3000 };
	char(*mbis)[SYNTH_MBI_LEN + 1] = calloc(N, sizeof *mbis);
	int aged = 0, dead = 0, part_d = 0, dual = 0, female = 0;
	for (int i = 0; i < N; i++) {
		struct synth_bene b, again;
		synth_bene_make(7, -100, (uint64_t)i, 2025, &b);
		synth_bene_make(7, -100, (uint64_t)i, 2025, &again);
		assert_memory_equal(&b, &again, sizeof b); /* beneficiary i is always the same */
		assert_true(b.id == -100 - i);
		assert_true(synth_mbi_valid(b.mbi, true));
		memcpy(mbis[i], b.mbi, sizeof mbis[i]);
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
	assert_true(part_d > N * 0.70 && part_d < N * 0.80);
	assert_true(dual > N * 0.12 && dual < N * 0.18);
	assert_true(female > N * 0.50 && female < N * 0.60);
	qsort(mbis, N, sizeof *mbis, cmp_str);
	for (int i = 1; i < N; i++)
		assert_string_not_equal(mbis[i - 1], mbis[i]);
	free(mbis);
	/* Another seed, other people. */
	struct synth_bene a, b;
	synth_bene_make(7, -100, 5, 2025, &a);
	synth_bene_make(8, -100, 5, 2025, &b);
	assert_true(a.birth_year != b.birth_year || a.birth_day != b.birth_day ||
	            strcmp(a.surname, b.surname) != 0 || a.sex != b.sex);
	assert_string_equal(a.mbi, b.mbi); /* identifiers follow the index alone */
}

static void test_command(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	char *one = xasprintf("%s/one", dir), *two = xasprintf("%s/two", dir),
	     *three = xasprintf("%s/three", dir), *db = xasprintf("%s/s.db", dir);
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
	char *p1 = xasprintf("%s/beneficiaries.txt", one),
	     *p2 = xasprintf("%s/beneficiaries.txt", two),
	     *p3 = xasprintf("%s/beneficiaries.txt", three);
	char *a = tu_read(p1), *b = tu_read(p2), *c = tu_read(p3);
	assert_string_equal(a, b);     /* same seed, same bytes */
	assert_string_not_equal(a, c); /* another seed, another file */
	/* Row i is beneficiary i. */
	struct synth_bene first;
	synth_bene_make(3, -10000000000001LL, 0, 2025, &first);
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
	synth_bene_make(3, -10000000000001LL, 199, 2025, &last);
	assert_non_null(strstr(r.out, last.mbi));
	assert_non_null(strstr(r.out, last.surname));
	tu_run_free(&r);
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
}

static void test_usage_errors(void **state)
{
	(void)state;
	static const char *const cases[][6] = {
	    {"--benes", "0", "--out", "/tmp/x", NULL, "--benes: '0' is not a number"},
	    {"--benes", "5", NULL, NULL, NULL, "--out DIR is needed"},
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
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_beneficiaries),
	                                   cmocka_unit_test(test_command),
	                                   cmocka_unit_test(test_usage_errors)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
