/* storeutil: store helpers shared by the tests that look into a database (include after
 * testutil.h). */
#ifndef BB_STOREUTIL_H
#define BB_STOREUTIL_H

#include "core/fatal.h"
#include "store/store.h"

/* The store's dump as one string (malloc'd). */
static inline char *tu_dump(struct store *s)
{
	char *text = NULL, *cause = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_int_equal(store_dump(s, f, &cause), 0);
	fclose(f);
	return text;
}

static inline struct store_counts tu_counts(struct store *s)
{
	struct store_counts c;
	char *cause = NULL;
	assert_int_equal(store_count(s, &c, &cause), 0);
	return c;
}

/* A fresh database in a temporary folder, with one beneficiary (-7) whose record is any
 * bytes: for the commands that only need a patient to exist. For cmocka setup/teardown. */
struct tu_db {
	char *dir, *db;
};

static inline int tu_db_setup(void **state)
{
	struct tu_db *f = xcalloc(1, sizeof *f);
	f->dir = tu_tmpdir();
	f->db = xasprintf("%s/t.db", f->dir);
	struct store *s;
	char *cause = NULL;
	assert_int_equal(store_open(f->db, &s, &cause), 0);
	struct store_beneficiary b = {-7, "1S00A00AA00", NULL, 1, "x", 1};
	assert_int_equal(store_put_beneficiary(s, &b, &cause), 0);
	store_close(s);
	*state = f;
	return 0;
}

static inline int tu_db_teardown(void **state)
{
	struct tu_db *f = *state;
	tu_rmdir(f->dir);
	free(f->db);
	free(f);
	return 0;
}

struct tu_benes {
	int64_t v[512];
	int n;
};

static inline void tu_benes_add_(void *arg, int64_t bene, const char *mbi, const char *hicn,
                                 const void *history, size_t len)
{
	(void)mbi, (void)hicn, (void)len;
	struct tu_benes *b = arg;
	if (history == NULL && b->n < 512)
		b->v[b->n++] = bene;
}

/* The beneficiaries of the database (up to 512). */
static inline struct tu_benes tu_benes(struct store *s)
{
	struct tu_benes b = {.n = 0};
	char *cause = NULL;
	if (store_each_identity(s, tu_benes_add_, &b, &cause) < 0)
		fail_msg("%s", cause);
	return b;
}

/* BFD's SAMHSA sample group: sample A's beneficiary, the seven SAMHSA claim files and the
 * PDE file (relative to the fixtures). */
#define TU_SAMHSA_FILES                                                                            \
	"rif-static-samples/sample-a-beneficiaries.txt",                                           \
	    "rif-static-samples/samhsa/sample-a-carrier.txt",                                      \
	    "rif-static-samples/samhsa/sample-a-dme.txt",                                          \
	    "rif-static-samples/samhsa/sample-a-hha.txt",                                          \
	    "rif-static-samples/samhsa/sample-a-hospice.txt",                                      \
	    "rif-static-samples/samhsa/sample-a-inpatient.txt",                                    \
	    "rif-static-samples/samhsa/sample-a-outpatient.txt",                                   \
	    "rif-static-samples/samhsa/sample-a-snf.txt", "rif-static-samples/sample-a-pde.txt"

#endif
