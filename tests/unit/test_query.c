/* Tests of fhir/query.c: decoding query strings and encoding link values. */
#include "testutil.h"

#include "fhir/query.h"

static void test_parse(void **state)
{
	struct query q;
	const char *bad;
	assert_int_equal(query_parse(&q, "a=1&b=x+y%7Cz&a=2&&flag&c=", &bad), 0);
	assert_int_equal(q.n, 5);
	assert_string_equal(query_get(&q, "a"), "1");
	assert_int_equal(query_count(&q, "a"), 2);
	assert_string_equal(query_get(&q, "b"), "x y|z");
	assert_string_equal(query_get(&q, "flag"), "");
	assert_string_equal(query_get(&q, "c"), "");
	assert_null(query_get(&q, "d"));
	query_free(&q);
	assert_int_equal(query_parse(&q, NULL, &bad), 0);
	assert_int_equal(q.n, 0);
	query_free(&q);
}

static void test_bad_escapes(void **state)
{
	static const char *const bad_inputs[] = {"a=%zz", "a=%4", "a=%", "a=%00", "%zz=1"};
	for (size_t i = 0; i < sizeof bad_inputs / sizeof bad_inputs[0]; i++) {
		struct query q;
		const char *bad = NULL;
		assert_int_equal(query_parse(&q, bad_inputs[i], &bad), -1);
		assert_non_null(bad);
		query_free(&q);
	}
	/* Too many parameters. */
	struct buf b = BUF_INIT;
	for (int i = 0; i <= QUERY_MAX; i++)
		buf_printf(&b, "p%d=1&", i);
	struct query q;
	const char *bad;
	assert_int_equal(query_parse(&q, buf_cstr(&b), &bad), -1);
	query_free(&q);
	buf_free(&b);
}

static void test_encode(void **state)
{
	struct buf b = BUF_INIT;
	query_encode(&b, "https://bluebutton.cms.gov/resources/identifier/hicn-hash|ab_c.d*e f");
	assert_string_equal(buf_cstr(&b),
	                    "https%3A%2F%2Fbluebutton.cms.gov%2Fresources%2Fidentifier"
	                    "%2Fhicn-hash%7Cab_c.d*e+f");
	buf_free(&b);
}

static void test_decode_in_place(void **state)
{
	(void)state;
	char a[] = "a%3Ab+c%2Fd", b[] = "%zz", c[] = "x%00", d[] = "%4", e[] = "";
	assert_int_equal(query_decode(a), 0);
	assert_string_equal(a, "a:b c/d");
	assert_int_equal(query_decode(b), -1);
	assert_int_equal(query_decode(c), -1);
	assert_int_equal(query_decode(d), -1);
	assert_int_equal(query_decode(e), 0);
	assert_string_equal(e, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_decode_in_place),
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_bad_escapes),
	    cmocka_unit_test(test_encode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
