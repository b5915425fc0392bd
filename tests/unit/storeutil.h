/* storeutil: store helpers shared by the tests that look into a database (include after
 * testutil.h). */
#ifndef BB_STOREUTIL_H
#define BB_STOREUTIL_H

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

#endif
