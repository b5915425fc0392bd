/* Tests of core/json.c: commas, nesting, escaping (also across the eight-byte fast path),
 * numbers. */
#include "testutil.h"

#include "core/json.h"

static void test_structure(void **state)
{
	struct buf b = BUF_INIT;
	struct json j;
	json_init(&j, &b);
	json_object(&j);
	json_key(&j, "a");
	json_array(&j);
	json_int(&j, 1);
	json_int(&j, -2);
	json_object(&j);
	json_end_object(&j);
	json_array(&j);
	json_end_array(&j);
	json_bool(&j, true);
	json_end_array(&j);
	json_key(&j, "b");
	json_string(&j, "x");
	json_key(&j, "c");
	json_decimal(&j, -1250, 2);
	json_key(&j, "d");
	json_raw(&j, "null", 4);
	json_key(&j, "e");
	json_object(&j);
	json_key(&j, "f");
	json_bool(&j, false);
	json_end_object(&j);
	json_end_object(&j);
	assert_string_equal(buf_cstr(&b), "{\"a\":[1,-2,{},[],true],\"b\":\"x\",\"c\":-12.50,"
	                                  "\"d\":null,\"e\":{\"f\":false}}");
	buf_free(&b);
}

static void test_escaping(void **state)
{
	struct buf b = BUF_INIT;
	json_escape(&b, "a\"b\\c\nd\re\tf\x01g\x1fh", 15);
	assert_string_equal(buf_cstr(&b), "a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fh");
	/* A character that needs escaping at every position of a long string (the fast path
	 * reads eight bytes at a time). */
	for (size_t at = 0; at < 40; at++) {
		char in[41], want[64];
		memset(in, 'x', 40);
		in[40] = '\0';
		in[at] = '"';
		snprintf(want, sizeof want, "%.*s\\\"%s", (int)at, in, in + at + 1);
		buf_reset(&b);
		json_escape(&b, in, 40);
		assert_string_equal(buf_cstr(&b), want);
	}
	/* UTF-8 and DEL pass through; the length bounds what is read. */
	buf_reset(&b);
	json_escape(&b, "\xc3\xa9t\xc3\xa9\x7f-more", 6);
	assert_string_equal(buf_cstr(&b), "\xc3\xa9t\xc3\xa9\x7f");
	buf_free(&b);
}

static void test_strings_and_keys(void **state)
{
	struct buf b = BUF_INIT;
	struct json j;
	json_init(&j, &b);
	json_array(&j);
	json_stringn(&j, "abc", 2);
	json_string(&j, "");
	json_string(&j, "tab\there");
	json_string(&j, "say \"hi\"");
	json_string(&j, "https://bluebutton.cms.gov/resources/variables/clm_id");
	json_end_array(&j);
	assert_string_equal(buf_cstr(&b),
	                    "[\"ab\",\"\",\"tab\\there\",\"say \\\"hi\\\"\","
	                    "\"https://bluebutton.cms.gov/resources/variables/clm_id\"]");
	/* Many items: the buffer grows. */
	buf_reset(&b);
	json_init(&j, &b);
	json_array(&j);
	for (int i = 0; i < 10000; i++)
		json_int(&j, i);
	json_end_array(&j);
	assert_int_equal(strncmp(b.data, "[0,1,2,", 7), 0);
	assert_int_equal(strcmp(buf_cstr(&b) + b.len - 6, ",9999]"), 0);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_structure),
	    cmocka_unit_test(test_escaping),
	    cmocka_unit_test(test_strings_and_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
