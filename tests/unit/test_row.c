/* Tests of synth/row.c: rows written for a layout read back through the RIF reader with the
 * values set and the rest empty, and a beneficiary file made of them loads. */
#include "testutil.h"

#include "core/fatal.h"
#include "rif/layout.h"
#include "rif/reader.h"
#include "synth/row.h"

static void test_write_and_read_back(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	char *path = xasprintf("%s/benes.txt", dir);
	const struct rif_layout *l = rif_layout_get(RIF_BENEFICIARY);
	FILE *out = fopen(path, "w");
	assert_non_null(out);
	synth_row_header(l, out);
	struct synth_row row;
	synth_row_init(&row, l);
	for (int i = 0; i < 3; i++) {
		synth_row_clear(&row);
		synth_row_set(&row, "BENE_ID", "%d", -1000 - i);
		synth_row_set(&row, "STATE_CODE", "22");
		synth_row_set(&row, "BENE_COUNTY_CD", "22090");
		synth_row_set(&row, "BENE_ZIP_CD", "01730");
		synth_row_set(&row, "BENE_BIRTH_DT", "17-Jan-1942");
		synth_row_set(&row, "BENE_SEX_IDENT_CD", "%d", 1 + i % 2);
		synth_row_set(&row, "BENE_CRNT_HIC_NUM", "T0100%04dA", i);
		synth_row_set(&row, "BENE_SRNM_NAME", "Doe");
		synth_row_set(&row, "BENE_GVN_NAME", "Jane");
		synth_row_set(&row, "MBI_NUM", "1S00E00AA0%d", i);
		synth_row_write(&row, out);
	}
	synth_row_free(&row);
	assert_int_equal(fclose(out), 0);

	struct rif_reader *r;
	struct rif_row got;
	char *cause = NULL;
	assert_int_equal(rif_reader_open(path, &r, &cause), 0);
	assert_int_equal(rif_reader_next(r, &got, &cause), 1); /* the header */
	int bad;
	assert_ptr_equal(rif_layout_match(got.fields, got.n, &bad), l);
	int mbi = rif_layout_column(l, "MBI_NUM") + 1, id = rif_layout_column(l, "BENE_ID") + 1;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(rif_reader_next(r, &got, &cause), 1);
		assert_int_equal(got.n, l->ncols + 1);
		assert_string_equal(got.fields[0], "INSERT");
		char want[32];
		snprintf(want, sizeof want, "%d", -1000 - i);
		assert_string_equal(got.fields[id], want);
		snprintf(want, sizeof want, "1S00E00AA0%d", i);
		assert_string_equal(got.fields[mbi], want);
		int set = 0;
		for (int k = 1; k < got.n; k++)
			set += got.fields[k][0] != '\0';
		assert_int_equal(set, 10);
	}
	assert_int_equal(rif_reader_next(r, &got, &cause), 0);
	rif_reader_close(r);

	/* The file loads. */
	char *db = xasprintf("%s/t.db", dir);
	struct tu_run run = tu_run("load", "--quiet", "--db", db, path, NULL);
	assert_int_equal(run.status, 0);
	tu_run_free(&run);
	run = tu_run("get", "--db", db, "/v2/fhir/Patient/-1001", NULL);
	assert_int_equal(run.status, 0);
	assert_non_null(strstr(run.out, "\"1S00E00AA01\""));
	tu_run_free(&run);
	free(db);
	free(path);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_write_and_read_back)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
