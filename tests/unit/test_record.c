/* Tests of rif/record.c: a part of any kinds of values, nulls among them, decodes to exactly
 * what was encoded; the bytes are those the format in record.h describes; and a cut or
 * malformed part is refused without reading past its end. */
#include "testutil.h"

#include "core/buf.h"
#include "rif/layout.h"
#include "rif/record.h"
#include "rif/value.h"

static const struct rif_column all_cols[] = {
    {"STR", RIF_STRING, 20, 0, 0},       {"EMPTY_STR", RIF_STRING, 5, 0, 0},
    {"NULL_STR", RIF_STRING, 5, 0, 0},   {"SMALL", RIF_SMALLINT, 0, 0, 0},
    {"INT", RIF_INTEGER, 0, 0, 0},       {"BIG", RIF_BIGINT, 0, 0, 0},
    {"BIG_MIN", RIF_BIGINT, 0, 0, 0},    {"BIG_MAX", RIF_BIGINT, 0, 0, 0},
    {"AMT", RIF_DECIMAL, 12, 2, 0},      {"FREE", RIF_DECIMAL, 0, -1, 0},
    {"FREE_NEG", RIF_DECIMAL, 0, -1, 0}, {"DATE", RIF_DATE, 0, 0, 0},
    {"OLD_DATE", RIF_DATE, 0, 0, 0},     {"TS", RIF_TIMESTAMP, 0, 0, 0},
    {"NULL_INT", RIF_INTEGER, 0, 0, 0},  {"NULL_DEC", RIF_DECIMAL, 0, -1, 0},
    {"UTF8", RIF_STRING, 4, 0, 0},
};
#define N_ALL ((int)(sizeof all_cols / sizeof *all_cols))

static const char utf8_text[] = "\xC3\x89t\xC3\xA9"; /* Été */

static void fill_all(struct rif_value *v)
{
	memset(v, 0, sizeof *v * N_ALL);
	v[0] = (struct rif_value){.s = "DAEJEON SI 34867", .len = 16};
	v[1] = (struct rif_value){.s = "", .len = 0}; /* non-null, zero length */
	v[2] = (struct rif_value){.null = true};
	v[3].i = -32768;
	v[4].i = -2147483647 - 1;
	v[5].i = -567834;
	v[6].i = INT64_MIN;
	v[7].i = INT64_MAX;
	v[8] = (struct rif_value){.i = -1250, .scale = 2};
	v[9] = (struct rif_value){.i = 10, .scale = 1};
	v[10] = (struct rif_value){.i = -123456789012345678, .scale = 18};
	v[11].i = 4093;       /* 1981-03-17 */
	v[12].i = -135140;    /* 1600-01-01 */
	v[13].i = 1421271934; /* 2015-01-14 21:45:34 */
	v[14] = (struct rif_value){.null = true};
	v[15] = (struct rif_value){.null = true};
	v[16] = (struct rif_value){.s = utf8_text, .len = sizeof utf8_text - 1};
}

/* Asserts that got[i] is the value want[i] of column cols[i]. */
static void assert_values(const struct rif_column *cols, int n, const struct rif_value *want,
                          const struct rif_value *got)
{
	for (int i = 0; i < n; i++) {
		const struct rif_value *w = &want[i], *g = &got[i];
		if (w->null != g->null)
			fail_msg("column %d (%s): null %d, expected %d", i, cols[i].name, g->null,
			         w->null);
		if (w->null)
			continue;
		switch (cols[i].kind) {
		case RIF_STRING:
			if (g->len != w->len || (w->len && memcmp(g->s, w->s, w->len) != 0))
				fail_msg("column %d (%s): '%.*s', expected '%.*s'", i, cols[i].name,
				         (int)g->len, g->s, (int)w->len, w->s);
			assert_non_null(g->s);
			break;
		case RIF_DECIMAL:
			if (g->scale != w->scale)
				fail_msg("column %d (%s): scale %d, expected %d", i, cols[i].name,
				         g->scale, w->scale);
			/* fall through */
		default:
			if (g->i != w->i)
				fail_msg("column %d (%s): %lld, expected %lld", i, cols[i].name,
				         (long long)g->i, (long long)w->i);
		}
	}
}

/* Encodes a part into a fresh buffer. */
static struct buf encode(const struct rif_column *cols, int n, const struct rif_value *vals)
{
	struct buf b = BUF_INIT;
	rif_record_put(&b, cols, n, vals);
	return b;
}

/* Decodes the whole of [data, data+len) as one part, from an allocation of exactly len bytes
 * (so that an over-read is caught by valgrind and ASan). Returns the decoder's result; on
 * success asserts it consumed everything and, when want is given, that the values are those.
 * The copy is freed unless keep is given (strings in vals point into it). */
static int decode_exact(const void *data, size_t len, const struct rif_column *cols, int n,
                        struct rif_value *vals, const struct rif_value *want, unsigned char **keep)
{
	unsigned char *copy = malloc(len ? len : 1);
	memcpy(copy, data, len);
	const unsigned char *p = copy;
	int rc = rif_record_get(&p, copy + len, cols, n, vals);
	if (rc == 0) {
		assert_ptr_equal(p, copy + len);
		if (want)
			assert_values(cols, n, want, vals);
	}
	if (keep)
		*keep = copy;
	else
		free(copy);
	return rc;
}

static void test_round_trip_every_kind(void **state)
{
	struct rif_value in[N_ALL], out[N_ALL + 1];
	fill_all(in);
	struct buf b = encode(all_cols, N_ALL, in);
	/* A sentinel after the last value: the decoder writes vals[0..n) only. */
	memset(&out[N_ALL], 0x5a, sizeof out[N_ALL]);
	unsigned char *copy;
	assert_int_equal(decode_exact(b.data, b.len, all_cols, N_ALL, out, NULL, &copy), 0);
	assert_values(all_cols, N_ALL, in, out);
	/* The null string stays null, the empty one is an empty non-null string. */
	assert_true(out[2].null);
	assert_false(out[1].null);
	assert_int_equal(out[1].len, 0);
	/* Strings point into the input. */
	assert_true((const unsigned char *)out[0].s > copy &&
	            (const unsigned char *)out[0].s < copy + b.len);
	/* Fixed-scale decimals take the column's scale. */
	assert_int_equal(out[8].scale, 2);
	unsigned char sentinel[sizeof out[N_ALL]];
	memset(sentinel, 0x5a, sizeof sentinel);
	assert_memory_equal(&out[N_ALL], sentinel, sizeof sentinel);
	free(copy);
	buf_free(&b);
}

/* Values parsed from text (as the loader makes them) survive the round trip too. */
static void test_round_trip_parsed(void **state)
{
	static const char *const texts[N_ALL] = {"DAEJEON SI 34867",
	                                         "",
	                                         "",
	                                         "-32768",
	                                         "-2147483648",
	                                         "-567834",
	                                         "-9223372036854775808",
	                                         "9223372036854775807",
	                                         "-12.50",
	                                         "1.0",
	                                         "-0.123456789012345678",
	                                         "17-Mar-1981",
	                                         "16000101",
	                                         "14-JAN-2015 21:45:34",
	                                         "",
	                                         "",
	                                         "\xC3\x89t\xC3\xA9"};
	struct rif_value in[N_ALL], out[N_ALL];
	char why[200];
	for (int i = 0; i < N_ALL; i++)
		if (rif_value_parse(&all_cols[i], texts[i], strlen(texts[i]), &in[i], why,
		                    sizeof why) != 0)
			fail_msg("%s: %s", all_cols[i].name, why);
	struct buf b = encode(all_cols, N_ALL, in);
	assert_int_equal(decode_exact(b.data, b.len, all_cols, N_ALL, out, in, NULL), 0);
	/* Parsed empty strings are null. */
	assert_true(out[1].null);
	assert_int_equal(out[10].scale, 18);
	buf_free(&b);
}

static void test_encoded_bytes(void **state)
{
	static const struct rif_column one_small[] = {{"S", RIF_SMALLINT, 0, 0, 0}};
	static const struct rif_column one_str[] = {{"V", RIF_STRING, 5, 0, 0}};
	static const struct rif_column one_fixed[] = {{"N", RIF_DECIMAL, 12, 2, 0}};
	static const struct rif_column one_free[] = {{"N", RIF_DECIMAL, 0, -1, 0}};
	struct rif_value v = {.i = -1};
	struct buf b = encode(one_small, 1, &v);
	assert_int_equal(b.len, 2);
	assert_memory_equal(b.data, "\x01\x01", 2); /* bitmap, zigzag(-1) */
	buf_free(&b);

	v = (struct rif_value){.s = "ab", .len = 2};
	b = encode(one_str, 1, &v);
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.data,
	                    "\x01\x02"
	                    "ab",
	                    4);
	buf_free(&b);

	v = (struct rif_value){.s = "", .len = 0};
	b = encode(one_str, 1, &v);
	assert_int_equal(b.len, 2);
	assert_memory_equal(b.data, "\x01\x00", 2);
	buf_free(&b);

	v = (struct rif_value){.null = true};
	b = encode(one_str, 1, &v);
	assert_int_equal(b.len, 1);
	assert_memory_equal(b.data, "\x00", 1);
	buf_free(&b);

	/* A fixed-scale decimal has no scale byte; an unbounded one does. */
	v = (struct rif_value){.i = 150, .scale = 2};
	b = encode(one_fixed, 1, &v);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "\x01\xAC\x02", 3);
	buf_free(&b);

	static const struct rif_column one_int_dec[] = {{"N", RIF_DECIMAL, 3, 0, 0}};
	v = (struct rif_value){.i = 65, .scale = 0};
	b = encode(one_int_dec, 1, &v);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "\x01\x82\x01", 3);
	buf_free(&b);

	v = (struct rif_value){.i = 10, .scale = 1};
	b = encode(one_free, 1, &v);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "\x01\x01\x14", 3);
	buf_free(&b);
}

static void test_zero_columns(void **state)
{
	struct buf b = encode(all_cols, 0, NULL);
	assert_int_equal(b.len, 0);
	/* Decoding zero columns consumes nothing, even from empty input. */
	unsigned char byte = 0x7f;
	const unsigned char *p = &byte;
	assert_int_equal(rif_record_get(&p, &byte, all_cols, 0, NULL), 0);
	assert_ptr_equal(p, &byte);
	p = &byte;
	assert_int_equal(rif_record_get(&p, &byte + 1, all_cols, 0, NULL), 0);
	assert_ptr_equal(p, &byte);
	buf_free(&b);
}

#define N20 20
static struct rif_column cols20[N20];

static void setup_cols20(void)
{
	static const unsigned char kinds[] = {RIF_STRING,   RIF_BIGINT,  RIF_DECIMAL,  RIF_DATE,
	                                      RIF_SMALLINT, RIF_DECIMAL, RIF_TIMESTAMP};
	for (int i = 0; i < N20; i++) {
		unsigned char k = kinds[i % sizeof kinds];
		cols20[i] =
		    (struct rif_column){"C", k, k == RIF_STRING ? 10 : 9,
		                        (short)(k == RIF_DECIMAL ? (i % 2 ? 2 : -1) : 0), 0};
	}
}

/* Column i of 20 with the given null mask (bit i set = null). */
static void fill20(struct rif_value *v, uint32_t nulls)
{
	static const char *const strs[] = {"", "x", "hello"};
	for (int i = 0; i < N20; i++) {
		memset(&v[i], 0, sizeof v[i]);
		if (nulls & (1u << i)) {
			v[i].null = true;
			continue;
		}
		switch (cols20[i].kind) {
		case RIF_STRING:
			v[i].s = strs[i % 3];
			v[i].len = strlen(strs[i % 3]);
			break;
		case RIF_DECIMAL:
			v[i].scale = cols20[i].scale < 0 ? (unsigned char)(i % 5) : 2;
			/* fall through */
		default:
			v[i].i = (i % 2 ? -1 : 1) * (int64_t)i * 100003;
		}
	}
}

static void test_twenty_columns_mixed_nulls(void **state)
{
	setup_cols20();
	/* The bitmap takes three bytes; all-null parts are just the bitmap. */
	struct rif_value in[N20], out[N20];
	fill20(in, 0xfffff);
	struct buf b = encode(cols20, N20, in);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "\0\0\0", 3);
	assert_int_equal(decode_exact(b.data, b.len, cols20, N20, out, NULL, NULL), 0);
	for (int i = 0; i < N20; i++)
		assert_true(out[i].null);
	buf_free(&b);

	/* Bitmap sizes: 8 columns one byte, 9 two, 16 two, 17 three. */
	static const int widths[][2] = {{1, 1}, {8, 1}, {9, 2}, {16, 2}, {17, 3}};
	for (size_t k = 0; k < sizeof widths / sizeof *widths; k++) {
		b = encode(cols20, widths[k][0], in);
		assert_int_equal(b.len, widths[k][1]);
		buf_free(&b);
	}

	/* Masks that set or clear a column in each bitmap byte, and some patterns. */
	uint32_t masks[] = {0,
	                    0xfffff & ~(1u << 19),
	                    0xfffff & ~(1u << 8),
	                    1u << 19,
	                    0x55555,
	                    0xaaaaa,
	                    0x0ff00,
	                    0xf00ff,
	                    0x80001,
	                    0x7fffe};
	for (size_t m = 0; m < sizeof masks / sizeof *masks; m++) {
		fill20(in, masks[m]);
		b = encode(cols20, N20, in);
		if (decode_exact(b.data, b.len, cols20, N20, out, in, NULL) != 0)
			fail_msg("mask %05x: decode failed", masks[m]);
		buf_free(&b);
	}
	/* Only column 19 (third bitmap byte) present. */
	fill20(in, 0xfffff & ~(1u << 19));
	b = encode(cols20, N20, in);
	assert_int_equal((unsigned char)b.data[0], 0);
	assert_int_equal((unsigned char)b.data[1], 0);
	assert_int_not_equal((unsigned char)b.data[2], 0);
	buf_free(&b);
}

/* Several parts in one buffer decode one after another. */
static void test_consecutive_parts(void **state)
{
	setup_cols20();
	struct rif_value a[N_ALL], c[N20], out_a[N_ALL], out_c[N20];
	fill_all(a);
	fill20(c, 0x12345);
	struct buf b = BUF_INIT;
	rif_record_put(&b, all_cols, N_ALL, a);
	rif_record_put(&b, cols20, N20, c);
	rif_record_put(&b, all_cols, 3, a);
	const unsigned char *p = (const unsigned char *)b.data, *end = p + b.len;
	assert_int_equal(rif_record_get(&p, end, all_cols, N_ALL, out_a), 0);
	assert_values(all_cols, N_ALL, a, out_a);
	assert_int_equal(rif_record_get(&p, end, cols20, N20, out_c), 0);
	assert_values(cols20, N20, c, out_c);
	assert_int_equal(rif_record_get(&p, end, all_cols, 3, out_a), 0);
	assert_values(all_cols, 3, a, out_a);
	assert_ptr_equal(p, end);
	buf_free(&b);
}

/* Every strict prefix of a part is refused: each is decoded from an allocation of exactly its
 * length, so any read past the end shows under valgrind / ASan. */
static void check_every_prefix(const struct rif_column *cols, int n, const struct rif_value *in)
{
	struct rif_value out[N_ALL > N20 ? N_ALL : N20];
	struct buf b = encode(cols, n, in);
	for (size_t k = 0; k < b.len; k++) {
		unsigned char *copy = malloc(k ? k : 1);
		memcpy(copy, b.data, k);
		const unsigned char *p = copy;
		int rc = rif_record_get(&p, copy + k, cols, n, out);
		if (rc != -1)
			fail_msg("prefix of %zu bytes of %zu: %d, expected -1", k, b.len, rc);
		free(copy);
	}
	assert_int_equal(decode_exact(b.data, b.len, cols, n, out, in, NULL), 0);
	buf_free(&b);
}

static void test_truncated_everywhere(void **state)
{
	struct rif_value in[N_ALL];
	fill_all(in);
	check_every_prefix(all_cols, N_ALL, in);
	setup_cols20();
	struct rif_value v20[N20];
	uint32_t masks[] = {0, 0x55555, 0xaaaaa, 0xfffff & ~(1u << 19)};
	for (size_t m = 0; m < sizeof masks / sizeof *masks; m++) {
		fill20(v20, masks[m]);
		check_every_prefix(cols20, N20, v20);
	}
}

static void test_malformed(void **state)
{
	static const struct rif_column str[] = {{"V", RIF_STRING, 5, 0, 0}};
	static const struct rif_column two_str[] = {{"V", RIF_STRING, 5, 0, 0},
	                                            {"W", RIF_STRING, 5, 0, 0}};
	static const struct rif_column big[] = {{"B", RIF_BIGINT, 0, 0, 0}};
	static const struct rif_column free_dec[] = {{"N", RIF_DECIMAL, 0, -1, 0}};
	struct rif_value out[2];

	/* A string length beyond the remaining bytes. */
	assert_int_equal(decode_exact("\x01\x05"
	                              "abc",
	                              5, str, 1, out, NULL, NULL),
	                 -1);
	assert_int_equal(decode_exact("\x01\x04"
	                              "abc",
	                              5, str, 1, out, NULL, NULL),
	                 -1);
	assert_int_equal(decode_exact("\x01\x03"
	                              "abc",
	                              5, str, 1, out, NULL, NULL),
	                 0);
	assert_int_equal(out[0].len, 3);
	/* The first string's length swallows the second's. */
	assert_int_equal(decode_exact("\x03\x04"
	                              "ab\x01"
	                              "c",
	                              6, two_str, 2, out, NULL, NULL),
	                 -1);
	/* A huge length (near 2^64) must not wrap around the bounds check. */
	assert_int_equal(decode_exact("\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"
	                              "abc",
	                              14, str, 1, out, NULL, NULL),
	                 -1);
	assert_int_equal(decode_exact("\x01\xfd\xff\xff\xff\xff\xff\xff\xff\xff\x01"
	                              "abc",
	                              14, str, 1, out, NULL, NULL),
	                 -1);
	/* A string length varint cut short. */
	assert_int_equal(decode_exact("\x01\x80", 2, str, 1, out, NULL, NULL), -1);

	/* An integer varint of eleven bytes. */
	assert_int_equal(decode_exact("\x01\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00", 12, big,
	                              1, out, NULL, NULL),
	                 -1);
	/* An unbounded decimal without its scale byte, or without its value. */
	assert_int_equal(decode_exact("\x01", 1, free_dec, 1, out, NULL, NULL), -1);
	assert_int_equal(decode_exact("\x01\x02", 2, free_dec, 1, out, NULL, NULL), -1);
	assert_int_equal(decode_exact("\x01\x02\x03", 3, free_dec, 1, out, NULL, NULL), 0);
	assert_int_equal(out[0].scale, 2);
	assert_int_equal(out[0].i, -2);
	/* A bitmap cut short. */
	assert_int_equal(decode_exact("", 0, big, 1, out, NULL, NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip_every_kind),
	    cmocka_unit_test(test_round_trip_parsed),
	    cmocka_unit_test(test_encoded_bytes),
	    cmocka_unit_test(test_zero_columns),
	    cmocka_unit_test(test_twenty_columns_mixed_nulls),
	    cmocka_unit_test(test_consecutive_parts),
	    cmocka_unit_test(test_truncated_everywhere),
	    cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
