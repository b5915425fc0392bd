/* Tests of rif/value.c: each column kind parses what RIF files hold (dates in three forms,
 * timestamps, ranged integers, exact decimals, UTF-8 strings with a length in characters),
 * refuses the rest with a message that says why, and treats empty fields as the header says. */
#include "testutil.h"

#include "rif/layout.h"
#include "rif/value.h"

static const struct rif_column col_date = {"D", RIF_DATE, 0, 0, 0};
static const struct rif_column col_date_req = {"D", RIF_DATE, 0, 0, RIF_REQUIRED};
static const struct rif_column col_date_req_zero = {"D", RIF_DATE, 0, 0,
                                                    RIF_REQUIRED | RIF_EMPTY_ZERO};
static const struct rif_column col_ts = {"TS", RIF_TIMESTAMP, 0, 0, 0};
static const struct rif_column col_small = {"S", RIF_SMALLINT, 0, 0, 0};
static const struct rif_column col_int = {"I", RIF_INTEGER, 0, 0, 0};
static const struct rif_column col_big = {"B", RIF_BIGINT, 0, 0, 0};
static const struct rif_column col_num12_2 = {"N", RIF_DECIMAL, 12, 2, 0};
static const struct rif_column col_num_free = {"N", RIF_DECIMAL, 0, -1, 0};
static const struct rif_column col_num3_0 = {"N", RIF_DECIMAL, 3, 0, 0};
static const struct rif_column col_vc2 = {"V", RIF_STRING, 2, 0, 0};
static const struct rif_column col_vc10 = {"V", RIF_STRING, 10, 0, 0};

/* Parses text with column c; asserts success and returns the value. */
static struct rif_value ok(const struct rif_column *c, const char *text)
{
	struct rif_value v;
	char why[256] = "";
	int rc = rif_value_parse(c, text, strlen(text), &v, why, sizeof why);
	if (rc != 0)
		fail_msg("'%s' (%s): expected success, got -1: %s", text, c->name, why);
	return v;
}

/* Parses text with column c; asserts failure with a message containing `msg`. */
static void bad(const struct rif_column *c, const char *text, const char *msg)
{
	struct rif_value v;
	char why[256] = "";
	int rc = rif_value_parse(c, text, strlen(text), &v, why, sizeof why);
	if (rc != -1)
		fail_msg("'%s' (%s): expected -1, got %d", text, c->name, rc);
	if (strstr(why, msg) == NULL)
		fail_msg("'%s' (%s): message '%s' lacks '%s'", text, c->name, why, msg);
}

static int64_t date_ok(const char *s)
{
	int64_t d = INT64_MIN;
	if (rif_parse_date(s, strlen(s), &d) != 0)
		fail_msg("date '%s' refused", s);
	return d;
}

static void date_bad(const char *s)
{
	int64_t d = 0;
	if (rif_parse_date(s, strlen(s), &d) != -1)
		fail_msg("date '%s' accepted", s);
}

static void test_date_forms(void **state)
{
	/* Day numbers from an independent calendar (Python's datetime). */
	assert_int_equal(date_ok("17-Mar-1981"), 4093);
	assert_int_equal(date_ok("17-MAR-1981"), 4093);
	assert_int_equal(date_ok("17-mar-1981"), 4093);
	assert_int_equal(date_ok("27-oct-1999"), 10891);
	assert_int_equal(date_ok("01-JAN-1970"), 0);
	assert_int_equal(date_ok("31-DEC-1969"), -1);
	assert_int_equal(date_ok("01-JAN-2000"), 10957);
	assert_int_equal(date_ok("29-FEB-2020"), 18321);
	assert_int_equal(date_ok("29-FEB-2000"), date_ok("20000229")); /* 400-year leap */
	assert_int_equal(date_ok("19810317"), 4093);
	assert_int_equal(date_ok("1981-03-17"), 4093);
	assert_int_equal(date_ok("19700101"), 0);
	assert_int_equal(date_ok("1969-12-31"), -1);
	assert_int_equal(date_ok("16000101"), -135140);
	assert_int_equal(date_ok("2400-12-31"), 157419);
	/* Every month name, in three cases. */
	static const char *const mon[12] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
	                                    "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
	for (int m = 0; m < 12; m++) {
		char up[32], low[32], mixed[32], iso[32];
		snprintf(up, sizeof up, "15-%s-2010", mon[m]);
		snprintf(low, sizeof low, "15-%c%c%c-2010", mon[m][0] + 32, mon[m][1] + 32,
		         mon[m][2] + 32);
		snprintf(mixed, sizeof mixed, "15-%c%c%c-2010", mon[m][0], mon[m][1] + 32,
		         mon[m][2] + 32);
		snprintf(iso, sizeof iso, "2010-%02d-15", m + 1);
		int64_t d = date_ok(iso);
		assert_int_equal(date_ok(up), d);
		assert_int_equal(date_ok(low), d);
		assert_int_equal(date_ok(mixed), d);
	}
}

static void test_date_invalid(void **state)
{
	date_bad("32-JAN-2000");
	date_bad("00-JAN-2000");
	date_bad("29-FEB-2019");
	date_bad("29-FEB-1900"); /* a century that is not a leap year */
	date_ok("29-FEB-2020");
	date_bad("31-APR-2000");
	date_bad("31-JUN-2000");
	date_bad("31-SEP-2000");
	date_bad("31-NOV-2000");
	date_ok("30-APR-2000");
	date_ok("31-DEC-2000");
	date_bad("1-JAN-2000");
	date_bad("01-JAN-200");
	date_bad("01-JAN-20000");
	date_bad("2000-13-01");
	date_bad("2000-00-01");
	date_bad("2000-01-32");
	date_bad("2000-02-30");
	date_bad("20001301");
	date_bad("20000230");
	date_bad("20000100");
	date_bad("2000101");
	date_bad("abc");
	date_bad("");
	date_bad("01-FOO-2000");
	date_bad("01-JANU2000");
	date_bad("01/JAN/2000");
	date_bad("0A-JAN-2000");
	date_bad("01-JAN-20X0");
	date_bad("2000-1A-01");
	date_bad("2000/01/01");
	date_bad("2O000101");
	date_bad("-1-JAN-2000");
	date_bad("+1-JAN-2000");
}

static void test_date_civil_round_trip(void **state)
{
	/* Walk every day from 1600-01-01 to 2400-12-31 (negative and positive day numbers):
	 * each step adds exactly one, both ways. */
	int64_t n = rif_days_from_civil(1600, 1, 1);
	assert_int_equal(n, -135140);
	int negatives = 0, leapdays = 0;
	for (int y = 1600; y <= 2400; y++) {
		bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
		for (int m = 1; m <= 12; m++) {
			int last = dim[m - 1] + (m == 2 && leap);
			for (int d = 1; d <= last; d++, n++) {
				if (rif_days_from_civil(y, m, d) != n)
					fail_msg("%04d-%02d-%02d: %lld, expected %lld", y, m, d,
					         (long long)rif_days_from_civil(y, m, d),
					         (long long)n);
				int yy, mm, dd;
				rif_date_civil(n, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d)
					fail_msg("%lld: %04d-%02d-%02d, expected %04d-%02d-%02d",
					         (long long)n, yy, mm, dd, y, m, d);
				negatives += n < 0;
				leapdays += m == 2 && d == 29;
			}
		}
	}
	assert_int_equal(n - 1, 157419); /* 2400-12-31 */
	assert_int_equal(negatives, 135140);
	assert_int_equal(leapdays, 195); /* 801 years: 201 multiples of 4, less 1700…2300 */
	int y, m, d;
	rif_date_civil(0, &y, &m, &d);
	assert_true(y == 1970 && m == 1 && d == 1);
	rif_date_civil(-1, &y, &m, &d);
	assert_true(y == 1969 && m == 12 && d == 31);
	rif_date_civil(-719468, &y, &m, &d); /* 0000-03-01 */
	assert_true(y == 0 && m == 3 && d == 1);
}

static void test_timestamp(void **state)
{
	struct rif_value v = ok(&col_ts, "14-JAN-2015 21:45:34");
	assert_false(v.null);
	assert_int_equal(v.i, 16449LL * 86400 + 21 * 3600 + 45 * 60 + 34);
	v = ok(&col_ts, "01-jan-1970 00:00:00");
	assert_int_equal(v.i, 0);
	v = ok(&col_ts, "31-Dec-1969 23:59:59");
	assert_int_equal(v.i, -1);
	v = ok(&col_ts, "29-FEB-2020 00:00:01");
	assert_int_equal(v.i, 18321LL * 86400 + 1);
	v = ok(&col_ts, "");
	assert_true(v.null);

	const char *msg = "not a timestamp";
	bad(&col_ts, "14-JAN-2015 24:00:00", msg);
	bad(&col_ts, "14-JAN-2015 21:60:00", msg);
	bad(&col_ts, "14-JAN-2015 21:45:60", msg);
	bad(&col_ts, "14-JAN-2015 21:45", msg);
	bad(&col_ts, "14-JAN-2015 21:45:345", msg);
	bad(&col_ts, "14-JAN-2015T21:45:34", msg);
	bad(&col_ts, "14-JAN-2015 21-45-34", msg);
	bad(&col_ts, "14-JAN-2015 2a:45:34", msg);
	bad(&col_ts, "32-JAN-2015 21:45:34", msg);
	bad(&col_ts, "29-FEB-2019 00:00:00", msg);
	bad(&col_ts, "14-XYZ-2015 21:45:34", msg);
	bad(&col_ts, "14-JAN-2015", msg);
	bad(&col_ts, "garbage", msg);
	/* The message quotes the value. */
	bad(&col_ts, "14-JAN-2015 25:00:00", "'14-JAN-2015 25:00:00'");
}

static void test_date_values(void **state)
{
	struct rif_value v = ok(&col_date, "17-Mar-1981");
	assert_false(v.null);
	assert_int_equal(v.i, 4093);
	v = ok(&col_date, "19810317");
	assert_int_equal(v.i, 4093);
	v = ok(&col_date, "");
	assert_true(v.null);
	bad(&col_date, "32-JAN-2000", "not a date");
	bad(&col_date, "31-APR-2000", "'31-APR-2000'");
	/* Empty and required: an error, even with the zero default (which is for numbers). */
	bad(&col_date_req, "", "value missing");
	bad(&col_date_req_zero, "", "value missing");
	v = ok(&col_date_req, "2000-01-01");
	assert_int_equal(v.i, 10957);
}

static void test_integers(void **state)
{
	struct rif_value v = ok(&col_small, "32767");
	assert_false(v.null);
	assert_int_equal(v.i, 32767);
	assert_int_equal(ok(&col_small, "-32768").i, -32768);
	bad(&col_small, "32768", "out of range");
	bad(&col_small, "-32769", "out of range");
	assert_int_equal(ok(&col_small, "+5").i, 5);
	assert_int_equal(ok(&col_small, "-0").i, 0);
	assert_int_equal(ok(&col_small, "007").i, 7);

	assert_int_equal(ok(&col_int, "2147483647").i, 2147483647);
	assert_int_equal(ok(&col_int, "-2147483648").i, -2147483648LL);
	bad(&col_int, "2147483648", "out of range");
	bad(&col_int, "-2147483649", "out of range");

	assert_true(ok(&col_big, "9223372036854775807").i == INT64_MAX);
	assert_true(ok(&col_big, "-9223372036854775808").i == INT64_MIN);
	assert_true(ok(&col_big, "-567834").i == -567834);
	bad(&col_big, "9223372036854775808", "out of range");
	bad(&col_big, "-9223372036854775809", "out of range");
	bad(&col_big, "18446744073709551616", "out of range");
	bad(&col_big, "99999999999999999999999", "out of range");
	bad(&col_big, "99999999999999999999x", "not an integer");
	assert_int_equal(ok(&col_big, "0000000000000000000000042").i, 42);

	bad(&col_small, "1.0", "not an integer");
	bad(&col_int, "1e3", "not an integer");
	bad(&col_big, "abc", "not an integer");
	bad(&col_big, "-", "not an integer");
	bad(&col_big, "+", "not an integer");
	bad(&col_big, " 5", "not an integer");
	bad(&col_big, "5 ", "not an integer");
	bad(&col_big, "--5", "not an integer");
	bad(&col_big, "0x10", "not an integer");
	bad(&col_int, "12a", "'12a'");

	/* Empty: null unless required. */
	v = ok(&col_small, "");
	assert_true(v.null);
	v = ok(&col_big, "");
	assert_true(v.null);
	static const struct rif_column req = {"R", RIF_INTEGER, 0, 0, RIF_REQUIRED};
	bad(&req, "", "value missing");
	static const struct rif_column req0 = {"R", RIF_SMALLINT, 0, 0,
	                                       RIF_REQUIRED | RIF_EMPTY_ZERO};
	v = ok(&req0, "");
	assert_false(v.null);
	assert_int_equal(v.i, 0);
	static const struct rif_column big0 = {"R", RIF_BIGINT, 0, 0,
	                                       RIF_REQUIRED | RIF_EMPTY_ZERO};
	v = ok(&big0, "");
	assert_false(v.null);
	assert_int_equal(v.i, 0);
	/* The zero default applies to empty fields only. */
	bad(&req0, "x", "not an integer");
}

static void dec(const struct rif_column *c, const char *text, int64_t i, int scale)
{
	struct rif_value v = ok(c, text);
	assert_false(v.null);
	if (v.i != i || v.scale != scale)
		fail_msg("'%s': %lld scale %d, expected %lld scale %d", text, (long long)v.i,
		         v.scale, (long long)i, scale);
}

static void test_decimals(void **state)
{
	const struct rif_column *c = &col_num12_2;
	dec(c, "199.99", 19999, 2);
	dec(c, "5", 500, 2);
	dec(c, "-0.5", -50, 2);
	dec(c, "+0.5", 50, 2);
	dec(c, "1.230", 123, 2);
	dec(c, "1.2300000", 123, 2);
	dec(c, "0", 0, 2);
	dec(c, "-0", 0, 2);
	dec(c, ".5", 50, 2);
	dec(c, "5.", 500, 2);
	dec(c, "0000000000001.00", 100, 2); /* leading zeros are not digits of the value */
	dec(c, "1234567890.12", 123456789012LL, 2);
	dec(c, "-1234567890.12", -123456789012LL, 2);
	bad(c, "1.234", "has more than 2 decimal places");
	bad(c, "1.001", "has more than 2 decimal places");
	bad(c, "12345678901.00", "out of range");
	bad(c, "12345678901", "out of range");
	bad(c, "abc", "not a number");
	bad(c, "1.2.3", "not a number");
	bad(c, ".", "not a number");
	bad(c, "-", "not a number");
	bad(c, "-.", "not a number");
	bad(c, "1,5", "not a number");
	bad(c, "1e5", "not a number");
	bad(c, " 1", "not a number");
	bad(c, "1.5 ", "not a number");
	bad(c, "--1", "not a number");
	bad(c, "abc", "'abc'");

	/* numeric(3,0) */
	dec(&col_num3_0, "999", 999, 0);
	dec(&col_num3_0, "12.000", 12, 0);
	bad(&col_num3_0, "1000", "out of range");
	bad(&col_num3_0, "12.5", "has more than 0 decimal places");

	static const struct rif_column num1_0 = {"N", RIF_DECIMAL, 1, 0, 0};
	dec(&num1_0, "9", 9, 0);
	bad(&num1_0, "10", "out of range");

	/* Unbounded: the scale is as written. */
	c = &col_num_free;
	dec(c, "1.0", 10, 1);
	dec(c, "1", 1, 0);
	dec(c, "30", 30, 0);
	dec(c, "-2.125", -2125, 3);
	dec(c, "0.000000000000000001", 1, 18);
	dec(c, "123456789012345678", 123456789012345678LL, 0);
	dec(c, "-123456789012345678", -123456789012345678LL, 0);
	dec(c, "12345678901234567.8", 123456789012345678LL, 1);
	bad(c, "1234567890123456789", "has more than 18 digits");
	bad(c, "9999999999999999999", "has more than 18 digits");
	bad(c, "123456789012345678.9", "has more than 18 digits");
	bad(c, "0.0000000000000000001", "has more than 18 digits");
	bad(c, "abc", "not a number");
	bad(c, "1.2.3", "not a number");
	bad(c, ".", "not a number");

	/* Empty decimals. */
	struct rif_value v = ok(&col_num12_2, "");
	assert_true(v.null);
	static const struct rif_column req0 = {"R", RIF_DECIMAL, 12, 2,
	                                       RIF_REQUIRED | RIF_EMPTY_ZERO};
	v = ok(&req0, "");
	assert_false(v.null);
	assert_int_equal(v.i, 0);
	assert_int_equal(v.scale, 2);
	static const struct rif_column free0 = {"R", RIF_DECIMAL, 0, -1,
	                                        RIF_REQUIRED | RIF_EMPTY_ZERO};
	v = ok(&free0, "");
	assert_false(v.null);
	assert_int_equal(v.i, 0);
	assert_int_equal(v.scale, 0);
	static const struct rif_column req = {"R", RIF_DECIMAL, 12, 2, RIF_REQUIRED};
	bad(&req, "", "value missing");
}

static void test_strings(void **state)
{
	struct rif_value v;
	const char *e2 = "\xC3\x89\xC3\x89"; /* ÉÉ: 2 characters, 4 bytes */
	v = ok(&col_vc2, e2);
	assert_false(v.null);
	assert_int_equal(v.len, 4);
	assert_ptr_equal(v.s, e2); /* points into the input */
	v = ok(&col_vc2, "AB");
	assert_int_equal(v.len, 2);
	assert_memory_equal(v.s, "AB", 2);
	v = ok(&col_vc2, "\xE2\x82\xAC\xF0\x9F\x98\x80"); /* €😀: 3- and 4-byte characters */
	assert_int_equal(v.len, 7);
	bad(&col_vc2, "ABC", "is longer than 2 characters");
	bad(&col_vc2, "\xC3\x89\xC3\x89\xC3\x89", "is longer than 2 characters");
	bad(&col_vc2, "ABC", "'ABC'");

	const char *msg = "not valid UTF-8";
	bad(&col_vc10, "\xC3\x28", msg);     /* a lead byte without its continuation */
	bad(&col_vc10, "\xC0\xAF", msg);     /* overlong '/' */
	bad(&col_vc10, "\xC1\xBF", msg);     /* overlong */
	bad(&col_vc10, "\xE2\x82", msg);     /* truncated 3-byte sequence */
	bad(&col_vc10, "A\xE2\x82", msg);    /* … at the end */
	bad(&col_vc10, "\xF0\x9F\x98", msg); /* truncated 4-byte sequence */
	bad(&col_vc10, "\x80", msg);         /* a lone continuation byte */
	bad(&col_vc10,
	    "A\xBF"
	    "B",
	    msg);                                    /* … in the middle */
	bad(&col_vc10, "\xFF", msg);                 /* never valid */
	bad(&col_vc10, "\xF8\x88\x80\x80\x80", msg); /* 5-byte form */
	bad(&col_vc10, "\xE2\x28\xA1", msg);         /* bad second byte */
	bad(&col_vc10, "\xE2\x82\x28", msg);         /* bad third byte */

	/* A sequence cut by the field's end, though the buffer goes on. */
	char why[128];
	assert_int_equal(rif_value_parse(&col_vc10, "A\xE2\x82\xAC", 3, &v, why, sizeof why), -1);
	assert_non_null(strstr(why, msg));
	assert_int_equal(rif_value_parse(&col_vc10, "A\xE2\x82\xAC", 4, &v, why, sizeof why), 0);

	/* The boundary characters of each sequence length are one character each. */
	static const struct rif_column vc1 = {"V", RIF_STRING, 1, 0, 0};
	static const char *const edges[] = {
	    "\x7F",         "\xC2\x80",         "\xDF\xBF",        "\xE0\xA0\x80",
	    "\xEF\xBF\xBF", "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF"};
	for (size_t i = 0; i < sizeof edges / sizeof *edges; i++) {
		v = ok(&vc1, edges[i]);
		assert_int_equal(v.len, i == 0 ? 1 : i < 3 ? 2 : i < 5 ? 3 : 4);
	}
	/* Overlong 3- and 4-byte forms, UTF-16 surrogates, code points above U+10FFFF and the
	 * lead bytes F5..F7 are not UTF-8. */
	bad(&col_vc10, "\xE0\x80\xAF", msg);
	bad(&col_vc10, "\xF0\x80\x80\xAF", msg);
	bad(&col_vc10, "\xED\xA0\x80", msg);
	bad(&col_vc10, "\xF4\x90\x80\x80", msg);
	bad(&col_vc10, "\xF5\x80\x80\x80", msg);
	bad(&col_vc10, "\xF7\x80\x80\x80", msg);

	/* Empty strings are null, required or not. */
	v = ok(&col_vc2, "");
	assert_true(v.null);
	static const struct rif_column req = {"R", RIF_STRING, 5, 0, RIF_REQUIRED};
	v = ok(&req, "");
	assert_true(v.null);
	static const struct rif_column req0 = {"R", RIF_STRING, 5, 0,
	                                       RIF_REQUIRED | RIF_EMPTY_ZERO};
	v = ok(&req0, "");
	assert_true(v.null);

	/* Only len bytes are read: the rest of the buffer is not part of the field. */
	assert_int_equal(rif_value_parse(&col_vc2, "ABCDEF", 2, &v, why, sizeof why), 0);
	assert_int_equal(v.len, 2);
	assert_int_equal(rif_value_parse(&col_small, "12345", 2, &v, why, sizeof why), 0);
	assert_int_equal(v.i, 12);
}

/* A message longer than the caller's buffer is cut, and still terminated. */
static void test_message_truncated(void **state)
{
	struct rif_value v;
	char why[8];
	memset(why, 'X', sizeof why);
	assert_int_equal(rif_value_parse(&col_small, "bogus-value", 11, &v, why, sizeof why), -1);
	assert_int_equal(strlen(why), sizeof why - 1);
}

static void fmt(int64_t m, int scale, const char *expect)
{
	char out[24];
	memset(out, 'X', sizeof out);
	int n = rif_decimal_format(m, scale, out);
	if (strcmp(out, expect) != 0)
		fail_msg("%lld scale %d: '%s', expected '%s'", (long long)m, scale, out, expect);
	assert_int_equal(n, (int)strlen(expect));
}

static void test_decimal_format(void **state)
{
	fmt(-1250, 2, "-12.50");
	fmt(1250, 2, "12.50");
	fmt(5, 2, "0.05");
	fmt(7, 0, "7");
	fmt(-5, 1, "-0.5");
	fmt(0, 0, "0");
	fmt(0, 2, "0.00");
	fmt(19999, 2, "199.99");
	fmt(100, 2, "1.00");
	fmt(INT64_MIN, 0, "-9223372036854775808");
	fmt(INT64_MAX, 0, "9223372036854775807");
	fmt(INT64_MAX, 18, "9.223372036854775807");
	fmt(INT64_MIN, 18, "-9.223372036854775808");
	fmt(INT64_MIN, 19, "-0.9223372036854775808");
	fmt(1, 18, "0.000000000000000001");

	/* Parse and format agree on every decimal written with its own scale. */
	static const char *const texts[] = {"0.1",
	                                    "-0.01",
	                                    "12.50",
	                                    "100",
	                                    "-7",
	                                    "0.000",
	                                    "123456789012345678",
	                                    "-1.00000000000000001"};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		struct rif_value v = ok(&col_num_free, texts[i]);
		char out[24];
		rif_decimal_format(v.i, v.scale, out);
		assert_string_equal(out, texts[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_date_forms),
	    cmocka_unit_test(test_date_invalid),
	    cmocka_unit_test(test_date_civil_round_trip),
	    cmocka_unit_test(test_timestamp),
	    cmocka_unit_test(test_date_values),
	    cmocka_unit_test(test_integers),
	    cmocka_unit_test(test_decimals),
	    cmocka_unit_test(test_strings),
	    cmocka_unit_test(test_message_truncated),
	    cmocka_unit_test(test_decimal_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
