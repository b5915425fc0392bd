/* Tests of synth/rng.c: the same seed and stream give the same numbers, streams differ, and
 * the draws have the ranges and means they promise. */
#include "testutil.h"

#include <math.h>

#include "synth/rng.h"

static void test_deterministic(void **state)
{
	(void)state;
	struct rng a, b, c;
	rng_seed(&a, 42, 7);
	rng_seed(&b, 42, 7);
	rng_seed(&c, 42, 8);
	int same_as_other_stream = 0;
	for (int i = 0; i < 1000; i++) {
		uint64_t x = rng_next(&a);
		assert_true(x == rng_next(&b));
		same_as_other_stream += x == rng_next(&c);
	}
	assert_int_equal(same_as_other_stream, 0);
	/* The algorithm, pinned (xoshiro256** seeded by splitmix64: files made on any machine
	 * are the same): these two values were computed apart from this code, by a Python
	 * transcription of the published algorithms. */
	rng_seed(&a, 1, 0);
	assert_true(rng_next(&a) == 12966619160104079557ULL);
	assert_true(rng_next(&a) == 9600361134598540522ULL);
}

static void test_ranges_and_means(void **state)
{
	(void)state;
	struct rng r;
	rng_seed(&r, 2026, 1);
	enum { N = 200000 };
	double sum_unit = 0, sum_poisson_small = 0, sum_poisson_large = 0;
	int counts[6] = {0}, weighted[3] = {0};
	const double w[3] = {1, 0, 3};
	for (int i = 0; i < N; i++) {
		double u = rng_unit(&r);
		assert_true(u >= 0 && u < 1);
		sum_unit += u;
		int64_t v = rng_range(&r, -2, 3);
		assert_true(v >= -2 && v <= 3);
		counts[v + 2]++;
		assert_true(rng_below(&r, 1) == 0);
		weighted[rng_weighted(&r, w, 3)]++;
		int p = rng_poisson(&r, 2.5), q = rng_poisson(&r, 60);
		assert_true(p >= 0 && q >= 0);
		sum_poisson_small += p;
		sum_poisson_large += q;
	}
	assert_true(fabs(sum_unit / N - 0.5) < 0.01);
	for (int k = 0; k < 6; k++)
		assert_true(abs(counts[k] - N / 6) < N / 60);
	assert_int_equal(weighted[1], 0);
	assert_true(fabs((double)weighted[2] / weighted[0] - 3) < 0.1);
	assert_true(fabs(sum_poisson_small / N - 2.5) < 0.05);
	assert_true(fabs(sum_poisson_large / N - 60) < 0.5);
	assert_int_equal(rng_poisson(&r, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_deterministic),
	                                   cmocka_unit_test(test_ranges_and_means)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
