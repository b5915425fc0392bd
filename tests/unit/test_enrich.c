/* Tests of fhir/enrich.c: the NPI and drug-name tables, read from files written here (no
 * fixtures needed). */
#include "testutil.h"

#include "core/fatal.h"
#include "fhir/enrich.h"

static char *dir;
static struct enrich *tables;

static int setup(void **state)
{
	char *cause = NULL;
	dir = tu_tmpdir();
	free(tu_write(
	    dir, "a.json",
	    "{\"npi\":\"111\",\"entityTypeCode\":\"1\",\"providerNamePrefix\":\" DR. \","
	    "\"providerFirstName\":\"A\\\"B\",\"providerMiddleName\":\"\","
	    "\"providerLastName\":\"C\",\"providerCredential\":\"  \"}\n"
	    "\n"
	    "{ \"npi\" :  \"222\", \"entityTypeCode\": \"2\", "
	    "\"providerOrganizationName\": \"OLD\" }\n"
	    "{\"npi\":\"333\",\"entityTypeCode\":\"3\",\"providerOrganizationName\":\"X\"}\n"
	    "{\"entityTypeCode\":\"1\",\"providerFirstName\":\"NO NPI\"}\n"
	    "{\"npi\":\"444\",\"entityTypeCode\":\"1\",\"count\":3,"
	    "\"providerLastName\":null}\n"
	    "{\"npi\":\"666\",\"entityTypeCode\":\"2\",\"providerOrganizationName\":\" \","
	    "\"taxonomyCode\":\"\",\"taxonomyDisplay\":\"T\"}\n"));
	/* A later file's row replaces an earlier one; other endings are not read. */
	free(tu_write(dir, "b.json",
	              "{\"npi\":\"222\",\"entityTypeCode\":\"2\",\"providerOrganizationName\":"
	              "\"NEWER\",\"taxonomyCode\":\"282N00000X\"}\n"
	              "{ \"code\": \"12345-6789\", \"display\": \"Dr\\u00fcg X\" }\n"
	              "{\"code\":\"1\"}\n{\"code\":\"00000-0000\"}\n"));
	free(tu_write(dir, "c.tsv", "npi\tname\n111\tIGNORED\n"));
	if (enrich_load(dir, &tables, &cause) != 0)
		fail_msg("%s", cause);
	return 0;
}

static int teardown(void **state)
{
	enrich_free(tables);
	tu_rmdir(dir);
	return 0;
}

static void test_npi(void **state)
{
	char buf[256];
	const struct enrich_npi *n = enrich_npi(tables, "111", 3);
	assert_non_null(n);
	/* Name parts trimmed, blanks left out, joined by one space; escapes read. */
	assert_string_equal(enrich_npi_name(n, buf, sizeof buf), "DR. A\"B C");
	assert_null(n->middle);
	assert_null(n->credential);
	/* Too small a buffer: no name rather than part of one. */
	assert_null(enrich_npi_name(n, buf, 9));
	assert_string_equal(enrich_npi_name(n, buf, 10), "DR. A\"B C");
	/* An organisation; the later row of a repeated NPI wins. */
	n = enrich_npi(tables, "222", 3);
	assert_string_equal(enrich_npi_name(n, buf, sizeof buf), "NEWER");
	assert_string_equal(n->tax_code, "282N00000X");
	assert_null(n->tax_display);
	/* Other entity types, and people without a name part, have no name. */
	assert_null(enrich_npi_name(enrich_npi(tables, "333", 3), buf, sizeof buf));
	n = enrich_npi(tables, "444", 3);
	assert_non_null(n);
	assert_null(n->last); /* null and numbers count as absent */
	assert_null(enrich_npi_name(n, buf, sizeof buf));
	/* Blank strings count as absent. */
	n = enrich_npi(tables, "666", 3);
	assert_null(enrich_npi_name(n, buf, sizeof buf));
	assert_null(n->tax_code);
	assert_string_equal(n->tax_display, "T");
	/* Unknown, partial and empty keys. */
	assert_null(enrich_npi(tables, "555", 3));
	assert_null(enrich_npi(tables, "11", 2));
	assert_null(enrich_npi(tables, "1111", 4));
	assert_null(enrich_npi(tables, "", 0));
	assert_null(enrich_npi_name(NULL, buf, sizeof buf));
	/* A row without "npi" or "code" is no row. */
	assert_int_equal(enrich_size(tables), 5 + 3);
}

static void test_drugs(void **state)
{
	/* BFD keys drugs by the first nine digits of the NDC, as 12345-6789. */
	assert_string_equal(enrich_drug(tables, "123456789", 9), "Dr\xc3\xbcg X");
	assert_string_equal(enrich_drug(tables, "12345678901", 11), "Dr\xc3\xbcg X");
	assert_null(enrich_drug(tables, "12345678", 8));
	assert_null(enrich_drug(tables, "999999999", 9));
	assert_null(enrich_drug(tables, "000000000", 9)); /* a row without a display */
}

/* Without tables every lookup finds nothing. */
static void test_none(void **state)
{
	char buf[64];
	assert_null(enrich_npi(NULL, "111", 3));
	assert_null(enrich_npi_name(enrich_npi(NULL, "111", 3), buf, sizeof buf));
	assert_null(enrich_drug(NULL, "123456789", 9));
	assert_int_equal(enrich_size(NULL), 0);
	enrich_free(NULL);
}

/* A line that is not a JSON object: an error naming the file and line, and no tables. */
static void test_bad_line(void **state)
{
	char *d = tu_tmpdir(), *cause = NULL;
	struct enrich *e = (struct enrich *)1;
	free(tu_write(d, "a.json", "{\"npi\":\"1\"}\n"));
	free(tu_write(d, "b.json", "{\"npi\":\"2\"}\n\n{\"npi\": \"3\"\n"));
	assert_int_equal(enrich_load(d, &e, &cause), -1);
	assert_null(e);
	char *want = xasprintf("%s/b.json:3: not a JSON object", d);
	if (strncmp(cause, want, strlen(want)) != 0)
		fail_msg("cause '%s' does not start with '%s'", cause, want);
	free(want);
	free(cause);
	free(tu_write(d, "b.json", "[\"npi\", \"2\"]\n"));
	assert_int_equal(enrich_load(d, &e, &cause), -1);
	want = xasprintf("%s/b.json:1: not a JSON object", d);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
	tu_rmdir(d);
}

static void test_missing_dir(void **state)
{
	char *d = tu_tmpdir(), *cause = NULL;
	char *missing = xasprintf("%s/nowhere", d);
	struct enrich *e = NULL;
	assert_int_equal(enrich_load(missing, &e, &cause), -1);
	assert_null(e);
	assert_non_null(strstr(cause, missing));
	free(cause);
	/* An empty directory is no error: empty tables. */
	assert_int_equal(enrich_load(d, &e, &cause), 0);
	assert_int_equal(enrich_size(e), 0);
	assert_null(enrich_npi(e, "1", 1));
	enrich_free(e);
	free(missing);
	tu_rmdir(d);
}

/* BFD's own test tables (the fixtures' enrichment directory). */
static void test_bfd_tables(void **state)
{
	TU_NEED_FIXTURES();
	char buf[256], *cause = NULL;
	struct enrich *e;
	if (enrich_load(tu_fixture("enrichment"), &e, &cause) != 0)
		fail_msg("%s", cause);
	const struct enrich_npi *n = enrich_npi(e, "0000000000", 10);
	assert_non_null(n);
	assert_string_equal(n->entity, "2");
	assert_string_equal(enrich_npi_name(n, buf, sizeof buf), "Fake ORG Name");
	n = enrich_npi(e, "4444", 4);
	assert_non_null(n);
	assert_string_equal(n->tax_code, "204D00000X");
	assert_string_equal(n->tax_display, "Neuromusculoskeletal Medicine & OMM Physician");
	assert_string_equal(enrich_npi_name(enrich_npi(e, "1306849450", 10), buf, sizeof buf),
	                    "DR. HAROLD LEROY SMITSON II M.D.");
	assert_null(enrich_npi(e, "161999999", 9));
	assert_string_equal(enrich_drug(e, "000000000", 9), "Fake Diluent - WATER");
	assert_null(enrich_drug(e, "00000000", 8)); /* too short to normalize */
	assert_null(enrich_drug(e, "123456789", 9));
	enrich_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_npi),         cmocka_unit_test(test_drugs),
	    cmocka_unit_test(test_none),        cmocka_unit_test(test_bad_line),
	    cmocka_unit_test(test_missing_dir), cmocka_unit_test(test_bfd_tables),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
