/* Tests of core/uuid.c: the version-4 layout, and no two alike. */
#include "testutil.h"

#include "core/uuid.h"

static void test_layout(void **state)
{
	(void)state;
	char seen[200][37];
	for (int i = 0; i < 200; i++) {
		char *u = seen[i];
		uuid4(u);
		assert_int_equal(strlen(u), 36);
		for (int k = 0; k < 36; k++) {
			if (k == 8 || k == 13 || k == 18 || k == 23)
				assert_int_equal(u[k], '-');
			else
				assert_non_null(strchr("0123456789abcdef", u[k]));
		}
		assert_int_equal(u[14], '4');
		assert_non_null(strchr("89ab", u[19]));
		for (int k = 0; k < i; k++)
			assert_string_not_equal(seen[k], u);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_layout)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
