/* Tests of fhir/memo.c: fragments kept and found by their key (tag and addresses), growth past
 * the first table, the size limit, and, through the FHIR writers, that a rendering with a memo
 * is byte for byte the rendering without one: for small fragments in arrays (separators), and
 * for every claim of sample A and the Synthea set, rendered twice (the second time from the
 * memo). */
#include "testutil.h"

#include "core/fatal.h"
#include "fhir/eob.h"
#include "fhirutil.h"

static const char sys_a[] = "http://a", sys_b[] = "http://b";

static void test_get_put(void **state)
{
	(void)state;
	struct fhir_memo *m = fhir_memo_new(NULL);
	struct fhir_memo_key k1 = {1, {sys_a, sys_b}}, k2 = {2, {sys_a, sys_b}},
	                     k3 = {1, {sys_b, sys_a}};
	size_t len = 99;
	assert_null(fhir_memo_get(m, &k1, &len));
	assert_int_equal(len, 99);
	fhir_memo_put(m, &k1, "{\"one\":1}", 9);
	fhir_memo_put(m, &k2, "[2]", 3);
	const char *t = fhir_memo_get(m, &k1, &len);
	assert_non_null(t);
	assert_int_equal(len, 9);
	assert_memory_equal(t, "{\"one\":1}", 9);
	t = fhir_memo_get(m, &k2, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(t, "[2]", 3);
	assert_null(fhir_memo_get(m, &k3, &len)); /* same addresses, other order */
	fhir_memo_put(m, &k1, "other", 5);        /* kept already: unchanged */
	t = fhir_memo_get(m, &k1, &len);
	assert_int_equal(len, 9);
	assert_int_equal(fhir_memo_count(m), 2);
	fhir_memo_free(m);
}

/* Many keys (the table grows several times, the text moves): each still finds its own text. */
static void test_growth(void **state)
{
	(void)state;
	static char anchors[5000];
	struct fhir_memo *m = fhir_memo_new(anchors);
	assert_ptr_equal(fhir_memo_tables(m), anchors);
	for (int i = 0; i < 5000; i++) {
		char text[32];
		int n = snprintf(text, sizeof text, "\"%d\"", i);
		struct fhir_memo_key k = {7, {&anchors[i]}};
		fhir_memo_put(m, &k, text, (size_t)n);
	}
	assert_int_equal(fhir_memo_count(m), 5000);
	for (int i = 0; i < 5000; i++) {
		char text[32];
		int n = snprintf(text, sizeof text, "\"%d\"", i);
		struct fhir_memo_key k = {7, {&anchors[i]}};
		size_t len;
		const char *t = fhir_memo_get(m, &k, &len);
		assert_non_null(t);
		assert_int_equal(len, (size_t)n);
		assert_memory_equal(t, text, len);
	}
	fhir_memo_free(m);
}

/* A full memo keeps nothing more (and what it has stays). */
static void test_limit(void **state)
{
	(void)state;
	struct fhir_memo *m = fhir_memo_new(NULL);
	char *big = xmalloc(FHIR_MEMO_MAX_TEXT);
	memset(big, 'x', FHIR_MEMO_MAX_TEXT);
	struct fhir_memo_key k1 = {1, {sys_a}}, k2 = {1, {sys_b}};
	fhir_memo_put(m, &k1, big, FHIR_MEMO_MAX_TEXT - 10);
	fhir_memo_put(m, &k2, big, 11);
	size_t len;
	assert_non_null(fhir_memo_get(m, &k1, &len));
	assert_null(fhir_memo_get(m, &k2, &len));
	assert_int_equal(fhir_memo_count(m), 1);
	free(big);
	fhir_memo_free(m);
}

/* Three concepts in an array, twice: the copies carry their separators right. */
static void test_writers(void **state)
{
	(void)state;
	struct buf out = BUF_INIT;
	struct fhir f;
	struct fhir_memo *m = fhir_memo_new(NULL);
	for (int round = 0; round < 2; round++) {
		buf_reset(&out);
		fhir_init(&f, &out, NULL);
		fhir_use_memo(&f, m);
		assert_ptr_equal(f.memo, m);
		json_array(&f.j);
		fhir_concept(&f, sys_a, "x", "Ex");
		fhir_concept(&f, sys_a, "x", "Ex");
		fhir_var_category(&f, sys_b, "y", NULL, sys_a, "line_nch_pmt_amt");
		json_end_array(&f.j);
		buf_putc(&out, '\0');
		assert_string_equal(
		    out.data,
		    "[{\"coding\":[{\"system\":\"http://a\",\"code\":\"x\",\"display\":\"Ex\"}]},"
		    "{\"coding\":[{\"system\":\"http://a\",\"code\":\"x\",\"display\":\"Ex\"}]},"
		    "{\"coding\":[{\"system\":\"http://b\",\"code\":\"y\"},{\"system\":"
		    "\"http://a\",\"code\":\"https://bluebutton.cms.gov/resources/variables/"
		    "line_nch_pmt_amt\"}]}]");
	}
	/* The concept, the category and the label coding inside it. */
	assert_int_equal(fhir_memo_count(m), 3);
	fhir_memo_free(m);

	/* A memo made for other code tables is not used. */
	static const int other;
	m = fhir_memo_new(&other);
	fhir_use_memo(&f, m);
	assert_null(f.memo);
	fhir_memo_free(m);
	buf_free(&out);
}

static char *render(struct tu_fhir *t, struct fhir_memo *m, const struct store_claim *c)
{
	struct buf out = BUF_INIT;
	struct fhir f;
	char *cause = NULL;
	fhir_init(&f, &out, t->rd);
	f.enrich = t->enrich;
	f.now_ms = 0;
	fhir_use_memo(&f, m);
	if (fhir_eob(&f, c, &cause) < 0)
		fail_msg("%s", cause);
	buf_putc(&out, '\0');
	return out.data;
}

/* Every claim of the database rendered without a memo, then twice with one: all the same. */
static void same_with_memo(const char *const *files, int want_claims)
{
	struct tu_fhir t = tu_fhir_open(files);
	struct fhir_memo *m = fhir_memo_new(t.rd);
	struct tu_benes b = tu_benes(t.s);
	char *cause = NULL;
	int claims = 0;
	for (int i = 0; i < b.n; i++) {
		struct store_claims found;
		assert_int_equal(store_find_claims(t.s, b.v[i], ~0u, &found, &cause), 0);
		for (int k = 0; k < found.n; k++, claims++) {
			char *plain = render(&t, NULL, &found.v[k]);
			for (int round = 0; round < 2; round++) {
				char *memo = render(&t, m, &found.v[k]);
				assert_string_equal(memo, plain);
				free(memo);
			}
			free(plain);
		}
		store_claims_free(&found);
	}
	assert_int_equal(claims, want_claims);
	assert_true(fhir_memo_count(m) > 10);
	fhir_memo_free(m);
	tu_fhir_close(&t);
}

static void test_sample_a(void **state)
{
	(void)state;
	TU_NEED_FIXTURES();
	same_with_memo(tu_group_a(), 8);
}

static void test_synthea(void **state)
{
	(void)state;
	TU_NEED_FIXTURES();
	same_with_memo(tu_synthea(), 107);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_get_put),  cmocka_unit_test(test_growth),
	    cmocka_unit_test(test_limit),    cmocka_unit_test(test_writers),
	    cmocka_unit_test(test_sample_a), cmocka_unit_test(test_synthea),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
