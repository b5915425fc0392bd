/* reader: streams the rows of a RIF file ('|'-separated, '"'-quoted, first line a header),
 * applying BFD's input rules: a leading UTF-8 BOM is skipped, a backslash right before a '|' is
 * dropped, CR before LF is ignored, blank lines are skipped. Reads in fixed-size blocks: memory
 * does not grow with the file, only with the longest row. */
#ifndef BB_RIF_READER_H
#define BB_RIF_READER_H

#include <stddef.h>
#include <sys/types.h>

struct rif_reader;

struct rif_row {
	char **fields; /* NUL-terminated copies, valid until the next call */
	size_t *lens;
	int n;
	long line; /* line number (1 = header) where the row starts */
};

/* Opens path; fails with a message naming it. */
int rif_reader_open(const char *path, struct rif_reader **out, char **cause);
void rif_reader_close(struct rif_reader *r);
/* Reads the next row: returns 1 with a row, 0 at the end of the file, -1 with *cause (the
 * message names the line, not the file). */
int rif_reader_next(struct rif_reader *r, struct rif_row *row, char **cause);
/* The line where the row being read starts (for messages about it). */
long rif_reader_line(const struct rif_reader *r);
/* Bytes consumed so far, and the file's size (0 when unknown). */
off_t rif_reader_offset(const struct rif_reader *r);
off_t rif_reader_size(const struct rif_reader *r);

#endif
