/* Tests of http/websession.c's pure parts: a Cookie header's values, and the local paths a
 * log-in may send the browser back to. */
#include "testutil.h"

#include "http/websession.h"

static void test_cookie_in(void **state)
{
	(void)state;
	char *v = websession_cookie_in("a=1; bb_session=xyz; b=2", "bb_session");
	assert_string_equal(v, "xyz");
	free(v);
	v = websession_cookie_in("xbb_session=no;bb_session=yes", "bb_session");
	assert_string_equal(v, "yes"); /* a name that only ends the same is another */
	free(v);
	assert_null(websession_cookie_in("a=1", "bb_session"));
	assert_null(websession_cookie_in(NULL, "bb_session"));
	v = websession_cookie_in("bb_lang=", "bb_lang");
	assert_string_equal(v, "");
	free(v);
}

static void test_next(void **state)
{
	(void)state;
	assert_string_equal(websession_next("/v2/o/authorize/abc/", "?=&%", "/"),
	                    "/v2/o/authorize/abc/");
	assert_string_equal(websession_next("/a?b=c&d=%20", "?=&%", "/"), "/a?b=c&d=%20");
	assert_string_equal(websession_next("/a?b=c", "", "/home"), "/home"); /* not allowed here */
	assert_string_equal(websession_next("//evil.example/", "?=&%", "/"), "/");
	assert_string_equal(websession_next("/\\evil.example", "?=&%", "/"), "/");
	assert_string_equal(websession_next("https://evil.example/", "?=&%", "/"), "/");
	assert_string_equal(websession_next("/a\r\nSet-Cookie: x", "?=&%", "/"), "/");
	assert_string_equal(websession_next("", "", "/f"), "/f");
	assert_string_equal(websession_next(NULL, "", "/f"), "/f");
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_cookie_in),
	                                   cmocka_unit_test(test_next)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
