/* Tests of synth/ids.c: MBIs and NPIs made by their rules, and known-bad ones refused. */
#include "testutil.h"

#include <stdlib.h>

#include "synth/ids.h"

static int cmp_mbi(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void test_mbi(void **state)
{
	(void)state;
	/* CMS's published example MBI, and a synthetic one from CMS's synthetic data. */
	assert_true(synth_mbi_valid("1EG4TE5MK73", false));
	assert_false(synth_mbi_valid("1EG4TE5MK73", true));
	assert_true(synth_mbi_valid("1S00F58DP23", true));
	assert_false(synth_mbi_valid("1S00F58DP23", false));
	static const char *const bad[] = {
	    "0EG4TE5MK73",  /* position 1 is 1-9 */
	    "1SG4TE5MK7",   /* too short */
	    "1SG4TE5MK733", /* too long */
	    "1SGATE5MK73",  /* position 4 a digit */
	    "1SG4T55MK73",  /* position 6 may be a digit: valid, checked below */
	    "1SG4TE5MK7A",  /* position 11 a digit */
	    "1SG4OE5MK73",  /* O is never a letter of an MBI */
	    "1SG4TE5ZK73",  /* nor Z */
	    "1sg4te5mk73",  /* upper case only */
	    "1SG4TE5M173",  /* position 9 a letter */
	    "",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(synth_mbi_valid(bad[i], true), i == 4);
	assert_false(synth_mbi_valid(NULL, true));

	/* Generated ones: valid, synthetic, and distinct. */
	enum { N = 20000 };
	char(*made)[SYNTH_MBI_LEN + 1] = calloc(N, sizeof *made);
	for (int i = 0; i < N; i++) {
		/* Spread over the range, from both ends: distinct indexes. */
		uint64_t k = i % 3 ? (uint64_t)i * 7919 : SYNTH_MBI_COUNT - 1 - (uint64_t)i;
		synth_mbi(k, made[i]);
		if (!synth_mbi_valid(made[i], true))
			fail_msg("%s (from %llu) is not a synthetic MBI", made[i],
			         (unsigned long long)k);
	}
	qsort(made, N, sizeof *made, cmp_mbi);
	for (int i = 1; i < N; i++)
		assert_string_not_equal(made[i - 1], made[i]);
	free(made);
	char a[SYNTH_MBI_LEN + 1], b[SYNTH_MBI_LEN + 1];
	synth_mbi(0, a);
	assert_string_equal(a, "1SA0AA0AA00");
	synth_mbi(1, a);
	assert_string_equal(a, "1SA0AA0AA01");
	synth_mbi(SYNTH_MBI_COUNT, b); /* wraps */
	synth_mbi(0, a);
	assert_string_equal(a, b);
}

static void test_npi(void **state)
{
	(void)state;
	/* CMS's example NPI and real-form ones. */
	assert_true(synth_npi_valid("1234567893"));
	assert_false(synth_npi_valid("1234567890")); /* wrong check digit */
	assert_false(synth_npi_valid("3234567893")); /* starts with 1 or 2 */
	assert_false(synth_npi_valid("123456789"));
	assert_false(synth_npi_valid("12345678931"));
	assert_false(synth_npi_valid("12345a7893"));
	assert_false(synth_npi_valid(NULL));
	char npi[SYNTH_NPI_LEN + 1];
	synth_npi(123456789, npi);
	assert_string_equal(npi, "1234567893");
	/* Every check digit a number made by synth_npi carries is the only one valid. */
	for (uint32_t base = 100000000; base < 100000000 + 5000; base += 7) {
		synth_npi(base, npi);
		assert_true(synth_npi_valid(npi));
		for (char d = '0'; d <= '9'; d++) {
			char other[SYNTH_NPI_LEN + 1];
			memcpy(other, npi, sizeof other);
			other[9] = d;
			assert_int_equal(synth_npi_valid(other), d == npi[9]);
		}
	}
	synth_npi(5, npi); /* out of range: brought into it */
	assert_true(synth_npi_valid(npi));
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_mbi), cmocka_unit_test(test_npi)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
