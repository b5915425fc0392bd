/* Tests of fhir/cache.c: entries found by their whole key (claim, load time, switches), the
 * least recently used dropped first when the bytes run out, entries too big never kept, the
 * counts, threads sharing one cache, and, through fhir_eob, that an EOB from the cache is
 * byte for byte a fresh rendering at the new request's time (for every claim of sample A and
 * the Synthea set). */
#include "testutil.h"

#include <pthread.h>

#include "core/fatal.h"
#include "fhir/eob.h"
#include "fhir/resources.h"
#include "fhirutil.h"

static void put_text(struct fhir_cache *c, int type, int64_t id, int64_t updated, const char *t)
{
	struct fhir_cache_key k = {type, id, updated, 0};
	fhir_cache_put(c, &k, t, strlen(t), SIZE_MAX);
}

/* The kept text of a key as a string (malloc'd), or NULL. */
static char *get_text(struct fhir_cache *c, int type, int64_t id, int64_t updated, unsigned variant)
{
	struct fhir_cache_key k = {type, id, updated, variant};
	struct buf b = BUF_INIT;
	buf_puts(&b, ">");
	size_t created = 0;
	if (!fhir_cache_get(c, &k, &b, &created)) {
		buf_free(&b);
		return NULL;
	}
	assert_int_equal(created, SIZE_MAX);
	char *s = xstrdup(buf_cstr(&b) + 1);
	buf_free(&b);
	return s;
}

static void test_keys(void **state)
{
	(void)state;
	static const int tables;
	struct fhir_cache *c = fhir_cache_new(1 << 20, &tables, NULL);
	assert_true(fhir_cache_for(c, &tables, NULL));
	assert_false(fhir_cache_for(c, NULL, NULL));
	assert_false(fhir_cache_for(c, &tables, &tables));
	assert_false(fhir_cache_for(NULL, &tables, NULL));
	put_text(c, 3, 42, 1000, "{\"a\":1}");
	put_text(c, 3, 42, 1000, "{\"second\":1}"); /* kept already: unchanged */
	char *t = get_text(c, 3, 42, 1000, 0);
	assert_string_equal(t, "{\"a\":1}");
	free(t);
	assert_null(get_text(c, 4, 42, 1000, 0));  /* other type */
	assert_null(get_text(c, 3, 43, 1000, 0));  /* other claim */
	assert_null(get_text(c, 3, 42, 1001, 0));  /* reloaded */
	assert_null(get_text(c, 3, 42, 1000, 1));  /* other switches */
	assert_null(get_text(c, 3, -42, 1000, 0)); /* negative ids are others */
	struct fhir_cache_stats st;
	fhir_cache_stats(c, &st);
	assert_int_equal(st.hits, 1);
	assert_int_equal(st.misses, 5);
	assert_int_equal(st.entries, 1);
	assert_int_equal(st.bytes, 7);

	/* `created` offsets are given relative to where the text lands. */
	struct fhir_cache_key k = {5, 1, 1, 0};
	fhir_cache_put(c, &k, "{\"created\":\"X\"}", 15, 12);
	struct buf b = BUF_INIT;
	buf_puts(&b, "[1,");
	size_t created;
	assert_true(fhir_cache_get(c, &k, &b, &created));
	assert_int_equal(created, 3 + 12);
	assert_int_equal(b.data[created], 'X');
	buf_free(&b);
	fhir_cache_free(c);
}

/* 16 shards of 1,000 bytes: 100-byte entries, 10 to a shard. Entries read recently stay. */
static void test_eviction(void **state)
{
	(void)state;
	struct fhir_cache *c = fhir_cache_new(16 * 1000, NULL, NULL);
	char text[101];
	memset(text, 'x', 100);
	text[100] = '\0';
	put_text(c, 1, 0, 0, text);
	for (int i = 1; i < 2000; i++) {
		put_text(c, 1, i, 0, text);
		free(get_text(c, 1, 0, 0, 0)); /* claim 0 is used all along */
	}
	struct fhir_cache_stats st;
	fhir_cache_stats(c, &st);
	assert_true(st.bytes <= 16 * 1000);
	assert_true(st.entries <= 160 && st.entries >= 100);
	char *t = get_text(c, 1, 0, 0, 0);
	assert_non_null(t);
	free(t);
	assert_null(get_text(c, 1, 1, 0, 0)); /* long gone */
	/* An entry bigger than a shard is not kept. */
	char *big = xcalloc(2000, 1);
	memset(big, 'y', 1999);
	put_text(c, 2, 1, 0, big);
	assert_null(get_text(c, 2, 1, 0, 0));
	free(big);
	fhir_cache_free(c);
}

struct worker {
	struct fhir_cache *c;
	int seed;
	int bad;
};

static void *hammer(void *arg)
{
	struct worker *w = arg;
	for (int i = 0; i < 20000; i++) {
		int id = (i * 7 + w->seed) % 500;
		char want[32];
		snprintf(want, sizeof want, "claim %d", id);
		char *got = get_text(w->c, 1, id, 5, 0);
		if (got == NULL)
			put_text(w->c, 1, id, 5, want);
		else if (strcmp(got, want) != 0)
			w->bad++;
		free(got);
	}
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	struct fhir_cache *c = fhir_cache_new(16 * 2000, NULL, NULL); /* room for some only */
	pthread_t t[4];
	struct worker w[4];
	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){c, i * 13, 0};
		pthread_create(&t[i], NULL, hammer, &w[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].bad, 0);
	}
	struct fhir_cache_stats st;
	fhir_cache_stats(c, &st);
	assert_int_equal(st.hits + st.misses, 80000);
	assert_true(st.hits > 0);
	fhir_cache_free(c);
}

static char *render(struct tu_fhir *t, struct fhir_cache *c, const struct store_claim *claim,
                    int64_t now, bool tax)
{
	struct buf out = BUF_INIT;
	struct fhir f;
	char *cause = NULL;
	fhir_init(&f, &out, t->rd);
	f.enrich = t->enrich;
	f.now_ms = now;
	f.tax_numbers = tax;
	fhir_use_cache(&f, c);
	/* In an array, after another value: the separator is the writer's as ever. */
	json_array(&f.j);
	json_int(&f.j, 1);
	if (fhir_eob(&f, claim, &cause) < 0)
		fail_msg("%s", cause);
	json_end_array(&f.j);
	buf_putc(&out, '\0');
	return out.data;
}

static void same_from_cache(const char *const *files, int want)
{
	struct tu_fhir t = tu_fhir_open(files);
	struct fhir_cache *c = fhir_cache_new(64 << 20, t.rd, t.enrich);
	struct tu_benes b = tu_benes(t.s);
	char *cause = NULL;
	int claims = 0;
	for (int i = 0; i < b.n; i++) {
		struct store_claims found;
		assert_int_equal(store_find_claims(t.s, b.v[i], ~0u, &found, &cause), 0);
		for (int k = 0; k < found.n; k++, claims++)
			for (int tax = 0; tax < 2; tax++) {
				free(render(&t, c, &found.v[k], 1000000000000, tax)); /* kept */
				char *cached = render(&t, c, &found.v[k], 1700000000123, tax);
				char *fresh = render(&t, NULL, &found.v[k], 1700000000123, tax);
				assert_string_equal(cached, fresh);
				assert_non_null(
				    strstr(fresh, "\"created\":\"2023-11-14T22:13:20.123+00:00\""));
				free(cached);
				free(fresh);
			}
		store_claims_free(&found);
	}
	assert_int_equal(claims, want);
	struct fhir_cache_stats st;
	fhir_cache_stats(c, &st);
	assert_int_equal(st.hits, 2 * want);
	assert_int_equal(st.misses, 2 * want);
	/* Beneficiaries' Patient and Coverages, kept for a generation of the data. */
	for (int i = 0; i < b.n; i++)
		for (int part = 0; part < 5; part++) {
			char *got[3];
			for (int round = 0; round < 3; round++) {
				struct buf out = BUF_INIT;
				struct fhir f;
				fhir_init(&f, &out, t.rd);
				f.enrich = t.enrich;
				if (round < 2) {
					fhir_use_cache(&f, c);
					f.generation = 7;
				}
				int rc = part ? fhir_coverage(&f, t.s, b.v[i],
				                              (char)('a' + part - 1), &cause)
				              : fhir_patient(&f, t.s, b.v[i], &cause);
				assert_int_equal(rc, 1);
				buf_putc(&out, '\0');
				got[round] = out.data;
			}
			assert_string_equal(got[0], got[2]);
			assert_string_equal(got[1], got[2]);
			for (int k = 0; k < 3; k++)
				free(got[k]);
		}
	struct fhir_cache_stats after;
	fhir_cache_stats(c, &after);
	assert_int_equal(after.hits - st.hits, 5 * b.n);
	/* A beneficiary that is not there: nothing written, nothing kept. */
	struct buf out = BUF_INIT;
	struct fhir f;
	fhir_init(&f, &out, t.rd);
	f.enrich = t.enrich;
	fhir_use_cache(&f, c);
	f.generation = 7;
	json_array(&f.j);
	json_int(&f.j, 1);
	assert_int_equal(fhir_patient(&f, t.s, 424242, &cause), 0);
	json_end_array(&f.j);
	buf_putc(&out, '\0');
	assert_string_equal(out.data, "[1]");
	buf_free(&out);
	fhir_cache_free(c);
	tu_fhir_close(&t);
}

static void test_sample_a(void **state)
{
	(void)state;
	TU_NEED_FIXTURES();
	same_from_cache(tu_group_a(), 8);
}

static void test_synthea(void **state)
{
	(void)state;
	TU_NEED_FIXTURES();
	same_from_cache(tu_synthea(), 107);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_keys),    cmocka_unit_test(test_eviction),
	    cmocka_unit_test(test_threads), cmocka_unit_test(test_sample_a),
	    cmocka_unit_test(test_synthea),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
