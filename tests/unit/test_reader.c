/* Tests of rif/reader.c: BFD's input rules, line numbers, and rows that cross read blocks. */
#include "testutil.h"

#include "core/buf.h"
#include "core/fatal.h"
#include "rif/reader.h"

struct rows {
	int n;
	char fields[16][8][64];
	int nfields[16];
	long line[16];
};

/* Reads every row of text; returns 0, or -1 with *cause. */
static int read_all(const char *text, struct rows *out, char **cause)
{
	char *dir = tu_tmpdir(), *path = tu_write(dir, "f.txt", text);
	struct rif_reader *r;
	struct rif_row row;
	int rc;
	memset(out, 0, sizeof *out);
	assert_int_equal(rif_reader_open(path, &r, cause), 0);
	while ((rc = rif_reader_next(r, &row, cause)) == 1 && out->n < 16) {
		out->nfields[out->n] = row.n;
		out->line[out->n] = row.line;
		for (int i = 0; i < row.n && i < 8; i++) {
			assert_int_equal(strlen(row.fields[i]), row.lens[i]);
			snprintf(out->fields[out->n][i], 64, "%s", row.fields[i]);
		}
		out->n++;
	}
	rif_reader_close(r);
	free(path);
	tu_rmdir(dir);
	return rc < 0 ? -1 : 0;
}

static void test_basic(void **state)
{
	struct rows r;
	char *cause = NULL;
	assert_int_equal(read_all("A|B|C\n1|2|3\n|x|\n", &r, &cause), 0);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.nfields[1], 3);
	assert_string_equal(r.fields[1][2], "3");
	assert_string_equal(r.fields[2][0], "");
	assert_string_equal(r.fields[2][1], "x");
	assert_string_equal(r.fields[2][2], "");
	assert_int_equal(r.line[0], 1);
	assert_int_equal(r.line[2], 3);
}

static void test_bom_crlf_no_final_newline(void **state)
{
	struct rows r;
	char *cause = NULL;
	assert_int_equal(read_all("\xEF\xBB\xBF"
	                          "A|B\r\n1|2\r\n3|4",
	                          &r, &cause),
	                 0);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.fields[0][0], "A");
	assert_string_equal(r.fields[1][1], "2");
	assert_string_equal(r.fields[2][1], "4");
	assert_int_equal(r.line[2], 3);
}

static void test_backslash_before_pipe(void **state)
{
	struct rows r;
	char *cause = NULL;
	assert_int_equal(read_all("A|B|C\nDAEJEON SI 34867\\|COLOMBIA|x\\y\n", &r, &cause), 0);
	assert_int_equal(r.nfields[1], 3);
	assert_string_equal(r.fields[1][0], "DAEJEON SI 34867");
	assert_string_equal(r.fields[1][1], "COLOMBIA");
	assert_string_equal(r.fields[1][2], "x\\y"); /* other backslashes stay */
}

static void test_quotes(void **state)
{
	struct rows r;
	char *cause = NULL;
	assert_int_equal(
	    read_all("A|B|C\n\"a|b\"|\"say \"\"hi\"\"\"|5\"\n\"two\nlines\"|x|y\nend|1|2\n", &r,
	             &cause),
	    0);
	assert_int_equal(r.n, 4);
	assert_string_equal(r.fields[1][0], "a|b");
	assert_string_equal(r.fields[1][1], "say \"hi\"");
	assert_string_equal(r.fields[1][2], "5\""); /* a quote inside a field is literal */
	assert_string_equal(r.fields[2][0], "two\nlines");
	assert_int_equal(r.line[2], 3);
	assert_int_equal(r.line[3], 5); /* the quoted newline counts as a line */
}

static void test_blank_lines_skipped(void **state)
{
	struct rows r;
	char *cause = NULL;
	assert_int_equal(read_all("A|B\n\n1|2\n\n\n", &r, &cause), 0);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.line[1], 3);
}

static void test_eof_in_quotes(void **state)
{
	struct rows r;
	char *cause = NULL;
	assert_int_equal(read_all("A|B\n1|\"open", &r, &cause), -1);
	assert_string_equal(cause, "the file ends inside a quoted field (field 2)");
	free(cause);
}

/* Rows longer than the read block, and rows split across blocks at every kind of byte. */
static void test_long_rows_across_blocks(void **state)
{
	struct buf b = BUF_INIT;
	char *dir = tu_tmpdir();
	buf_puts(&b, "A|B|C\n");
	int rows = 0;
	while (b.len < (3u << 20)) {
		buf_printf(&b, "%d|\"q\"\"%d\"|tail\\|x\r\n", rows, rows);
		rows++;
	}
	/* One row of 2.5 MB. */
	buf_puts(&b, "big|");
	for (int i = 0; i < (5 << 19); i++)
		buf_putc(&b, (char)('a' + i % 26));
	buf_puts(&b, "|end\n");
	char *path = tu_write(dir, "big.txt", buf_cstr(&b));
	struct rif_reader *r;
	struct rif_row row;
	char *cause = NULL;
	assert_int_equal(rif_reader_open(path, &r, &cause), 0);
	assert_int_equal(rif_reader_next(r, &row, &cause), 1);
	for (int i = 0; i < rows; i++) {
		char want[32];
		assert_int_equal(rif_reader_next(r, &row, &cause), 1);
		assert_int_equal(row.n, 4);
		snprintf(want, sizeof want, "%d", i);
		assert_string_equal(row.fields[0], want);
		snprintf(want, sizeof want, "q\"%d", i);
		assert_string_equal(row.fields[1], want);
		assert_string_equal(row.fields[2], "tail");
		assert_string_equal(row.fields[3], "x");
		assert_int_equal(row.line, i + 2);
	}
	assert_int_equal(rif_reader_next(r, &row, &cause), 1);
	assert_int_equal(row.n, 3);
	assert_int_equal(row.lens[1], 5 << 19);
	assert_string_equal(row.fields[2], "end");
	assert_int_equal(rif_reader_next(r, &row, &cause), 0);
	assert_int_equal(rif_reader_offset(r), (off_t)b.len);
	assert_int_equal(rif_reader_size(r), (off_t)b.len);
	rif_reader_close(r);
	buf_free(&b);
	free(path);
	tu_rmdir(dir);
}

static void test_open_errors(void **state)
{
	struct rif_reader *r;
	char *cause = NULL;
	assert_int_equal(rif_reader_open("/nonexistent/f.txt", &r, &cause), -1);
	assert_string_equal(cause, "cannot open: No such file or directory");
	free(cause);
	assert_int_equal(rif_reader_open("/tmp", &r, &cause), -1);
	assert_string_equal(cause, "is a directory");
	free(cause);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_basic),
	    cmocka_unit_test(test_bom_crlf_no_final_newline),
	    cmocka_unit_test(test_backslash_before_pipe),
	    cmocka_unit_test(test_quotes),
	    cmocka_unit_test(test_blank_lines_skipped),
	    cmocka_unit_test(test_eof_in_quotes),
	    cmocka_unit_test(test_long_rows_across_blocks),
	    cmocka_unit_test(test_open_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
