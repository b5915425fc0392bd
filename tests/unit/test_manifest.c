/* Tests of rif/manifest.c: BFD's data-set manifests, valid and not. */
#include "testutil.h"

#include "rif/layout.h"
#include "rif/manifest.h"

#define HEAD                                                                                       \
	"<?xml version=\"1.0\"?>\n<dataSetManifest "                                               \
	"xmlns=\"http://cms.hhs.gov/bluebutton/api/schema/ccw-rif/v10\""

static int read_text(const char *text, struct manifest *m, char **cause, char **dir_out)
{
	char *dir = tu_tmpdir(), *path = tu_write(dir, "m.xml", text);
	int rc = manifest_read(path, m, cause);
	free(path);
	*dir_out = dir;
	return rc;
}

static void test_fixture_manifests(void **state)
{
	TU_NEED_FIXTURES();
	struct manifest m;
	char *cause = NULL;
	assert_int_equal(manifest_read(tu_fixture("manifests/manifest-sample-a.xml"), &m, &cause),
	                 0);
	assert_int_equal(m.n, 2);
	assert_int_equal(m.entries[0].type, RIF_BENEFICIARY);
	assert_int_equal(m.entries[1].type, RIF_CARRIER);
	char *want = malloc(strlen(tu_fixtures()) + 64);
	sprintf(want, "%s/manifests/sample-a-bcarrier.txt", tu_fixtures());
	assert_string_equal(m.entries[1].path, want);
	free(want);
	manifest_free(&m);

	assert_int_equal(
	    manifest_read(tu_fixture("manifests/manifest-sample-state-valid.xml"), &m, &cause), 0);
	assert_int_equal(m.n, 20);
	assert_int_equal(m.entries[11].type, RIF_BENEFICIARY_HISTORY);
	assert_int_equal(m.entries[19].type, RIF_SNF);
	manifest_free(&m);

	assert_int_equal(
	    manifest_read(tu_fixture("manifests/manifest-invalid-sample-a.xml"), &m, &cause), -1);
	assert_non_null(strstr(cause, ":6: syntheticData: 'junk' is not a boolean"));
	free(cause);
	assert_int_equal(
	    manifest_read(tu_fixture("manifests/manifest-malformed-sample-a.xml"), &m, &cause), -1);
	assert_non_null(strstr(cause, ": (xml): not a well-formed manifest"));
	assert_null(strchr(cause, '\n'));
	free(cause);
}

static void test_checks(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
	    {"<other/>", ":2: (root): expected <dataSetManifest"},
	    {"<dataSetManifest timestamp=\"t\" sequenceId=\"1\"/>", "(root): expected"},
	    {HEAD " sequenceId=\"1\"><entry name=\"a\" type=\"PDE\"/></dataSetManifest>",
	     ":2: timestamp: attribute missing"},
	    {HEAD " timestamp=\"2020-01-01T00:00:00Z\"></dataSetManifest>",
	     ":2: sequenceId: attribute missing"},
	    {HEAD " timestamp=\"x\" sequenceId=\"1\"></dataSetManifest>",
	     ":2: entry: the manifest names no file"},
	    {HEAD " timestamp=\"x\" sequenceId=\"1\">\n<entry name=\"a.txt\" "
	          "type=\"NOPE\"/></dataSetManifest>",
	     ":3: type: unknown RIF type 'NOPE'"},
	    {HEAD " timestamp=\"x\" sequenceId=\"1\">\n<entry type=\"PDE\"/></dataSetManifest>",
	     ":3: name: attribute missing"},
	    {HEAD " timestamp=\"x\" sequenceId=\"1\">\n<entry name=\"../a.txt\" "
	          "type=\"PDE\"/></dataSetManifest>",
	     ":3: name: '../a.txt' is not a file name"},
	    {HEAD " timestamp=\"x\" sequenceId=\"1\">\n<entry name=\"a.txt\"/></dataSetManifest>",
	     ":3: type: attribute missing"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct manifest m;
		char *cause = NULL, *dir;
		char *text = malloc(strlen(cases[i].text) + 32);
		sprintf(text, "<?xml version=\"1.0\"?>\n%s", cases[i].text);
		if (strncmp(cases[i].text, "<?xml", 5) == 0)
			strcpy(text, cases[i].text);
		assert_int_equal(read_text(text, &m, &cause, &dir), -1);
		if (strstr(cause, cases[i].want) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, cause, cases[i].want);
		free(cause);
		free(text);
		tu_rmdir(dir);
	}
}

static void test_order_and_sniff(void **state)
{
	struct manifest m;
	char *cause = NULL, *dir;
	assert_int_equal(
	    read_text(HEAD " timestamp=\"x\" sequenceId=\"1\" syntheticData=\"true\">"
	                   "<entry name=\"c.txt\" type=\"CARRIER\"/>"
	                   "<entry name=\"b.txt\" type=\"BENEFICIARY\"/>"
	                   "<entry name=\"h.txt\" type=\"MEDICARE_BENEFICIARY_ID_HISTORY\"/>"
	                   "</dataSetManifest>",
	              &m, &cause, &dir),
	    0);
	assert_int_equal(m.n, 3);
	/* The manifest's order is kept. */
	assert_int_equal(m.entries[0].type, RIF_CARRIER);
	assert_int_equal(m.entries[1].type, RIF_BENEFICIARY);
	assert_int_equal(m.entries[2].type, RIF_MBI_HISTORY);
	assert_non_null(strstr(m.entries[1].path, "/b.txt"));
	manifest_free(&m);
	char *xml = malloc(strlen(dir) + 16), *rif = malloc(strlen(dir) + 16);
	sprintf(xml, "%s/m.xml", dir);
	free(tu_write(dir, "r.txt", "DML_IND|BENE_ID\n"));
	sprintf(rif, "%s/r.txt", dir);
	assert_true(manifest_sniff(xml));
	assert_false(manifest_sniff(rif));
	assert_false(manifest_sniff("/nonexistent"));
	free(xml);
	free(rif);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fixture_manifests),
	    cmocka_unit_test(test_checks),
	    cmocka_unit_test(test_order_and_sniff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
