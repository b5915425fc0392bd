/* Tests of core/buf.c: the growable buffer keeps every byte across many reallocations, and the
 * LEB128 / zigzag varints round-trip, encode to the standard bytes and refuse truncated or
 * over-long input. */
#include "testutil.h"

#include "core/buf.h"

#define N_GROW 100000

static void test_append_grows(void **state)
{
	struct buf b = BUF_INIT;
	char chunk[7];
	/* 7-byte chunks, so appends straddle every power-of-two boundary. */
	for (int i = 0; i < N_GROW; i++) {
		for (int k = 0; k < 7; k++)
			chunk[k] = (char)('a' + (i + k) % 26);
		buf_append(&b, chunk, sizeof chunk);
		assert_int_equal(b.len, (size_t)(i + 1) * 7);
		assert_true(b.cap >= b.len);
	}
	for (int i = 0; i < N_GROW; i++)
		for (int k = 0; k < 7; k++)
			assert_int_equal(b.data[i * 7 + k], (char)('a' + (i + k) % 26));
	/* A zero-length append changes nothing (and data may be anything, even NULL). */
	buf_append(&b, NULL, 0);
	assert_int_equal(b.len, (size_t)N_GROW * 7);
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
}

static void test_putc_grows(void **state)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < N_GROW; i++)
		buf_putc(&b, (char)(i % 251));
	assert_int_equal(b.len, N_GROW);
	for (int i = 0; i < N_GROW; i++)
		assert_int_equal((unsigned char)b.data[i], (unsigned char)(i % 251));
	buf_free(&b);
}

static void test_puts_and_printf_grow(void **state)
{
	struct buf b = BUF_INIT;
	struct buf expect = BUF_INIT;
	char line[64];
	for (int i = 0; i < 20000; i++) {
		if (i % 2) {
			buf_printf(&b, "%d:%s;", i, "x");
		} else {
			buf_puts(&b, "word");
			buf_printf(&b, "%05d", i);
		}
		int n = i % 2 ? snprintf(line, sizeof line, "%d:x;", i)
		              : snprintf(line, sizeof line, "word%05d", i);
		/* The expected text, built byte by byte with putc. */
		for (int k = 0; k < n; k++)
			buf_putc(&expect, line[k]);
	}
	assert_int_equal(b.len, expect.len);
	assert_memory_equal(b.data, expect.data, b.len);

	/* One printf much larger than the current capacity. */
	size_t before = b.len;
	char *big = malloc(300000);
	memset(big, 'Z', 299999);
	big[299999] = '\0';
	buf_printf(&b, "<%s>", big);
	assert_int_equal(b.len, before + 300001);
	assert_int_equal(b.data[before], '<');
	assert_int_equal(b.data[before + 1], 'Z');
	assert_int_equal(b.data[before + 299999], 'Z');
	assert_int_equal(b.data[before + 300000], '>');
	free(big);

	/* An empty printf and an empty puts add nothing. */
	buf_printf(&b, "%s", "");
	buf_puts(&b, "");
	assert_int_equal(b.len, before + 300001);
	buf_free(&b);
	buf_free(&expect);
}

static void test_cstr(void **state)
{
	struct buf b = BUF_INIT;
	/* An empty, never-allocated buffer still gives a valid empty string. */
	const char *s = buf_cstr(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_int_equal(b.len, 0);

	buf_puts(&b, "hello");
	/* Fill the rest of the allocation with garbage: cstr must terminate on its own. */
	memset(b.data + b.len, 'X', b.cap - b.len);
	s = buf_cstr(&b);
	assert_string_equal(s, "hello");
	assert_int_equal(b.len, 5); /* the NUL is not counted */

	/* Appending after cstr overwrites the NUL and continues the text. */
	buf_puts(&b, ", world");
	assert_string_equal(buf_cstr(&b), "hello, world");
	assert_int_equal(b.len, 12);

	/* cstr after many appends, with garbage beyond len each time. */
	struct buf c = BUF_INIT;
	for (int i = 0; i < 5000; i++) {
		buf_putc(&c, (char)('a' + i % 26));
		memset(c.data + c.len, 'X', c.cap - c.len);
		s = buf_cstr(&c);
		assert_int_equal(strlen(s), (size_t)i + 1);
		assert_int_equal(c.len, (size_t)i + 1);
	}

	struct buf d = BUF_INIT;
	buf_printf(&d, "%d-%s", 42, "x");
	assert_string_equal(buf_cstr(&d), "42-x");
	assert_int_equal(d.len, 4);

	buf_free(&b);
	buf_free(&c);
	buf_free(&d);
}

static void test_reset(void **state)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "some text that will be dropped");
	size_t cap = b.cap;
	char *data = b.data;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	/* The allocation is kept for reuse. */
	assert_int_equal(b.cap, cap);
	assert_ptr_equal(b.data, data);
	assert_string_equal(buf_cstr(&b), "");
	buf_puts(&b, "new");
	assert_string_equal(buf_cstr(&b), "new");
	assert_int_equal(b.len, 3);
	/* Reset of a never-used buffer is harmless. */
	struct buf e = BUF_INIT;
	buf_reset(&e);
	assert_int_equal(e.len, 0);
	buf_free(&b);
	buf_free(&e);
}

static void test_reserve(void **state)
{
	struct buf b = BUF_INIT;
	buf_reserve(&b, 1000);
	assert_true(b.cap - b.len >= 1000);
	char *data = b.data;
	/* Writing the reserved bytes needs no reallocation. */
	for (int i = 0; i < 1000; i++)
		buf_putc(&b, 'r');
	assert_ptr_equal(b.data, data);
	assert_int_equal(b.len, 1000);
	buf_free(&b);
}

static const uint64_t uvals[] = {0,
                                 1,
                                 127,
                                 128,
                                 300,
                                 16383,
                                 16384,
                                 (uint64_t)INT64_MAX,
                                 (uint64_t)INT64_MAX + 1,
                                 UINT64_MAX - 1,
                                 UINT64_MAX};

static const int64_t svals[] = {
    0,   1,    -1,        63,        -64,       64,        -65,           127,          128,
    300, -300, INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1};

/* The number of bytes LEB128 needs for v. */
static size_t uvarint_size(uint64_t v)
{
	size_t n = 1;
	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

static void test_uvarint_round_trip(void **state)
{
	struct buf b = BUF_INIT;
	size_t total = 0;
	for (size_t i = 0; i < sizeof uvals / sizeof *uvals; i++) {
		size_t before = b.len;
		buf_put_uvarint(&b, uvals[i]);
		assert_int_equal(b.len - before, uvarint_size(uvals[i]));
		total += uvarint_size(uvals[i]);
	}
	assert_int_equal(b.len, total);
	/* Decode them back one after another from one buffer. */
	const unsigned char *p = (const unsigned char *)b.data, *end = p + b.len;
	for (size_t i = 0; i < sizeof uvals / sizeof *uvals; i++) {
		uint64_t v = 12345;
		assert_int_equal(buf_get_uvarint(&p, end, &v), 0);
		assert_true(v == uvals[i]);
	}
	assert_ptr_equal(p, end);
	/* Nothing left: another read is truncated input. */
	uint64_t v;
	assert_int_equal(buf_get_uvarint(&p, end, &v), -1);
	buf_free(&b);
}

static void test_svarint_round_trip(void **state)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < sizeof svals / sizeof *svals; i++)
		buf_put_svarint(&b, svals[i]);
	const unsigned char *p = (const unsigned char *)b.data, *end = p + b.len;
	for (size_t i = 0; i < sizeof svals / sizeof *svals; i++) {
		int64_t v = 12345;
		assert_int_equal(buf_get_svarint(&p, end, &v), 0);
		assert_true(v == svals[i]);
	}
	assert_ptr_equal(p, end);
	buf_free(&b);

	/* Every power of two, its neighbours and their negations (computed unsigned, so that
	 * 2^63 wraps to INT64_MIN instead of overflowing). */
	for (int sh = 0; sh < 64; sh++) {
		uint64_t u = (uint64_t)1 << sh;
		int64_t cands[] = {(int64_t)u, (int64_t)(u - 1), (int64_t)(0 - u), (int64_t)(1 - u),
		                   (int64_t)(u + 1)};
		for (size_t k = 0; k < sizeof cands / sizeof *cands; k++) {
			struct buf c = BUF_INIT;
			buf_put_svarint(&c, cands[k]);
			const unsigned char *q = (const unsigned char *)c.data;
			int64_t v;
			assert_int_equal(buf_get_svarint(&q, q + c.len, &v), 0);
			assert_true(v == cands[k]);
			assert_ptr_equal(q, (const unsigned char *)c.data + c.len);
			buf_free(&c);
		}
	}
}

static void assert_uenc(uint64_t v, const unsigned char *bytes, size_t n)
{
	struct buf b = BUF_INIT;
	buf_put_uvarint(&b, v);
	assert_int_equal(b.len, n);
	assert_memory_equal(b.data, bytes, n);
	buf_free(&b);
}

static void assert_senc(int64_t v, const unsigned char *bytes, size_t n)
{
	struct buf b = BUF_INIT;
	buf_put_svarint(&b, v);
	assert_int_equal(b.len, n);
	assert_memory_equal(b.data, bytes, n);
	buf_free(&b);
}

static void test_encoded_bytes(void **state)
{
	assert_uenc(0, (const unsigned char[]){0x00}, 1);
	assert_uenc(1, (const unsigned char[]){0x01}, 1);
	assert_uenc(127, (const unsigned char[]){0x7f}, 1);
	assert_uenc(128, (const unsigned char[]){0x80, 0x01}, 2);
	assert_uenc(300, (const unsigned char[]){0xAC, 0x02}, 2);
	assert_uenc(16384, (const unsigned char[]){0x80, 0x80, 0x01}, 3);
	assert_uenc((uint64_t)INT64_MAX,
	            (const unsigned char[]){0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
	            9);
	assert_uenc(
	    UINT64_MAX,
	    (const unsigned char[]){0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01},
	    10);

	/* Zigzag: 0 → 0, -1 → 1, 1 → 2, -2 → 3, … */
	assert_senc(0, (const unsigned char[]){0x00}, 1);
	assert_senc(-1, (const unsigned char[]){0x01}, 1);
	assert_senc(1, (const unsigned char[]){0x02}, 1);
	assert_senc(-2, (const unsigned char[]){0x03}, 1);
	assert_senc(-64, (const unsigned char[]){0x7f}, 1);
	assert_senc(64, (const unsigned char[]){0x80, 0x01}, 2);
	assert_senc(150, (const unsigned char[]){0xAC, 0x02}, 2);
	assert_senc(
	    INT64_MAX,
	    (const unsigned char[]){0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01},
	    10);
	assert_senc(
	    INT64_MIN,
	    (const unsigned char[]){0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01},
	    10);
}

/* Every strict prefix of an encoding is truncated input. Each prefix is copied into an
 * allocation of exactly its size, so reading past it is caught by valgrind / ASan. */
static void test_truncated(void **state)
{
	for (size_t i = 0; i < sizeof uvals / sizeof *uvals; i++) {
		struct buf b = BUF_INIT;
		buf_put_uvarint(&b, uvals[i]);
		for (size_t k = 0; k < b.len; k++) {
			unsigned char *copy = malloc(k ? k : 1);
			memcpy(copy, b.data, k);
			const unsigned char *p = copy;
			uint64_t v = 7;
			assert_int_equal(buf_get_uvarint(&p, copy + k, &v), -1);
			p = copy;
			int64_t sv = 7;
			assert_int_equal(buf_get_svarint(&p, copy + k, &sv), -1);
			free(copy);
		}
		buf_free(&b);
	}
	for (size_t i = 0; i < sizeof svals / sizeof *svals; i++) {
		struct buf b = BUF_INIT;
		buf_put_svarint(&b, svals[i]);
		for (size_t k = 0; k < b.len; k++) {
			unsigned char *copy = malloc(k ? k : 1);
			memcpy(copy, b.data, k);
			const unsigned char *p = copy;
			int64_t v;
			assert_int_equal(buf_get_svarint(&p, copy + k, &v), -1);
			free(copy);
		}
		buf_free(&b);
	}
	/* The decoder stops at end even when the bytes past it would complete the varint. */
	const unsigned char two[] = {0xAC, 0x02};
	const unsigned char *p = two;
	uint64_t v;
	assert_int_equal(buf_get_uvarint(&p, two + 1, &v), -1);
	p = two;
	assert_int_equal(buf_get_uvarint(&p, two + 2, &v), 0);
	assert_true(v == 300);
	assert_ptr_equal(p, two + 2);
}

static void test_overlong(void **state)
{
	/* Eleven bytes: ten with the continuation bit, then a terminator. No 64-bit value needs
	 * more than ten. */
	const unsigned char eleven[] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	                                0x80, 0x80, 0x80, 0x80, 0x00};
	const unsigned char *p = eleven;
	uint64_t v;
	assert_int_equal(buf_get_uvarint(&p, eleven + sizeof eleven, &v), -1);
	p = eleven;
	int64_t sv;
	assert_int_equal(buf_get_svarint(&p, eleven + sizeof eleven, &sv), -1);

	/* Ten bytes whose last holds more than the 64th bit: too large, not cut short. */
	const unsigned char too_big[] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	                                 0xFF, 0xFF, 0xFF, 0xFF, 0x02};
	p = too_big;
	assert_int_equal(buf_get_uvarint(&p, too_big + sizeof too_big, &v), -1);
	const unsigned char max[] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01};
	p = max;
	assert_int_equal(buf_get_uvarint(&p, max + sizeof max, &v), 0);
	assert_true(v == UINT64_MAX);

	unsigned char ff[16];
	memset(ff, 0xff, sizeof ff);
	p = ff;
	assert_int_equal(buf_get_uvarint(&p, ff + sizeof ff, &v), -1);

	/* Ten bytes (the longest valid form) still decode, with padding continuation bytes. */
	const unsigned char ten[] = {0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
	p = ten;
	assert_int_equal(buf_get_uvarint(&p, ten + sizeof ten, &v), 0);
	assert_true(v == 1);
	assert_ptr_equal(p, ten + sizeof ten);
}

static void test_put_int(void **state)
{
	(void)state;
	static const struct {
		int64_t v;
		const char *text;
	} cases[] = {{0, "0"},
	             {7, "7"},
	             {-7, "-7"},
	             {1234567890123, "1234567890123"},
	             {INT64_MAX, "9223372036854775807"},
	             {INT64_MIN, "-9223372036854775808"}};
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		buf_reset(&b);
		buf_puts(&b, "x=");
		buf_put_int(&b, cases[i].v);
		char want[32];
		snprintf(want, sizeof want, "x=%s", cases[i].text);
		assert_string_equal(buf_cstr(&b), want);
	}
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_put_int),
	    cmocka_unit_test(test_append_grows),
	    cmocka_unit_test(test_putc_grows),
	    cmocka_unit_test(test_puts_and_printf_grow),
	    cmocka_unit_test(test_cstr),
	    cmocka_unit_test(test_reset),
	    cmocka_unit_test(test_reserve),
	    cmocka_unit_test(test_uvarint_round_trip),
	    cmocka_unit_test(test_svarint_round_trip),
	    cmocka_unit_test(test_encoded_bytes),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_overlong),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
