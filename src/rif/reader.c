/* A hand-written reader: the format needs BFD's `\|` rule and line numbers for every row, and
 * a fixed-memory streaming parse; no Debian CSV library gives those three together. */
#include "rif/reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/fatal.h"

#define BLOCK   (1 << 20)
#define MAX_ROW (64 << 20)

struct rif_reader {
	int fd;
	char *data; /* [start, end) holds unread bytes */
	size_t start, end, cap;
	bool eof;
	off_t offset, size;
	long line; /* line number of data[start] */
	bool first;
	struct buf text; /* unescaped field text of the current row */
	size_t *offs;    /* field offsets into text */
	char **fields;
	size_t *lens;
	int nalloc;
};

int rif_reader_open(const char *path, struct rif_reader **out, char **cause)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*cause = xasprintf("cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		*cause = xasprintf("is a directory");
		return -1;
	}
	struct rif_reader *r = xcalloc(1, sizeof *r);
	r->fd = fd;
	r->cap = BLOCK;
	r->data = xmalloc(r->cap);
	r->size = S_ISREG(st.st_mode) ? st.st_size : 0;
	r->line = 1;
	r->first = true;
	*out = r;
	return 0;
}

void rif_reader_close(struct rif_reader *r)
{
	if (r == NULL)
		return;
	close(r->fd);
	free(r->data);
	buf_free(&r->text);
	free(r->offs);
	free(r->fields);
	free(r->lens);
	free(r);
}

off_t rif_reader_offset(const struct rif_reader *r)
{
	return r->offset - (off_t)(r->end - r->start);
}

long rif_reader_line(const struct rif_reader *r)
{
	return r->line;
}

off_t rif_reader_size(const struct rif_reader *r)
{
	return r->size;
}

/* Moves unread bytes to the front and reads more. Returns bytes read, 0 at EOF, -1 on error. */
static ssize_t fill(struct rif_reader *r, char **cause)
{
	if (r->start > 0) {
		memmove(r->data, r->data + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->end == r->cap) {
		if (r->cap >= MAX_ROW) {
			*cause = xasprintf("a row is longer than %d MB", MAX_ROW >> 20);
			return -1;
		}
		r->cap *= 2;
		char *p = realloc(r->data, r->cap);
		if (p == NULL)
			fatal("out of memory");
		r->data = p;
	}
	ssize_t n;
	do
		n = read(r->fd, r->data + r->end, r->cap - r->end);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		*cause = xasprintf("read error: %s", strerror(errno));
		return -1;
	}
	if (n == 0)
		r->eof = true;
	r->end += (size_t)n;
	r->offset += n;
	return n;
}

static void grow_fields(struct rif_reader *r)
{
	r->nalloc = r->nalloc ? r->nalloc * 2 : 256;
	r->offs = realloc(r->offs, (size_t)r->nalloc * sizeof *r->offs);
	r->fields = realloc(r->fields, (size_t)r->nalloc * sizeof *r->fields);
	r->lens = realloc(r->lens, (size_t)r->nalloc * sizeof *r->lens);
	if (!r->offs || !r->fields || !r->lens)
		fatal("out of memory");
}

enum { ROW_OK, ROW_MORE, ROW_BAD };

/* Parses one row starting at data[start] into r->text (fields separated by NULs) and r->offs.
 * On ROW_OK, *next is where the following row starts and *lines how many newlines the row
 * spans. ROW_MORE: the row may go on past the data read so far. Each input byte gives at most
 * one output byte, so the output is reserved once and written without checks. */
static int parse_row(struct rif_reader *r, int *nfields, size_t *next, long *lines, char **cause)
{
	const char *p = r->data + r->start, *e = r->data + r->end;
	int n = 0;
	long nl = 0;
	buf_reset(&r->text);
	buf_reserve(&r->text, (size_t)(e - p) + 1);
	char *out = r->text.data, *o = out;
	if (r->nalloc == 0)
		grow_fields(r);
	r->offs[n++] = 0;
	bool at_field_start = true, quoted = false;
	while (p < e) {
		char c = *p;
		if (c == '\\' && p + 1 < e && p[1] == '|') {
			p++; /* BFD rewrites `\|` to `|` before parsing */
			continue;
		}
		if (c == '\\' && p + 1 == e && !r->eof)
			return ROW_MORE;
		if (quoted) {
			if (c == '"') {
				if (p + 1 == e && !r->eof)
					return ROW_MORE;
				if (p + 1 < e && p[1] == '"') {
					*o++ = '"';
					p += 2;
					continue;
				}
				quoted = false;
				p++;
				continue;
			}
			if (c == '\n')
				nl++;
			*o++ = c;
			p++;
			continue;
		}
		if (c == '"' && at_field_start) {
			quoted = true;
			at_field_start = false;
			p++;
			continue;
		}
		at_field_start = false;
		if (c == '|') {
			*o++ = '\0';
			if (n == r->nalloc)
				grow_fields(r);
			r->offs[n++] = (size_t)(o - out);
			at_field_start = true;
			p++;
			continue;
		}
		if (c == '\n' || (c == '\r' && p + 1 < e && p[1] == '\n')) {
			p += c == '\r' ? 2 : 1;
			*next = (size_t)(p - r->data);
			*lines = nl + 1;
			goto done;
		}
		if (c == '\r' && p + 1 == e && !r->eof)
			return ROW_MORE;
		/* The common case: a run of plain characters, copied at once. */
		const char *q = p + 1;
		while (q < e && *q != '|' && *q != '\n' && *q != '\r' && *q != '\\')
			q++;
		memcpy(o, p, (size_t)(q - p));
		o += q - p;
		p = q;
	}
	if (!r->eof)
		return ROW_MORE;
	if (quoted) {
		*cause = xasprintf("the file ends inside a quoted field (field %d)", n);
		return ROW_BAD;
	}
	*next = r->end;
	*lines = nl;
done:
	*o++ = '\0';
	r->text.len = (size_t)(o - out);
	*nfields = n;
	return ROW_OK;
}

int rif_reader_next(struct rif_reader *r, struct rif_row *row, char **cause)
{
	for (;;) {
		int n = 0, st;
		size_t next = 0;
		long lines = 0;
		if (r->first) {
			/* Enough bytes to see a BOM. */
			while (r->end - r->start < 3 && !r->eof)
				if (fill(r, cause) < 0)
					return -1;
			if (r->end - r->start >= 3 &&
			    memcmp(r->data + r->start, "\xEF\xBB\xBF", 3) == 0)
				r->start += 3;
			r->first = false;
		}
		if (r->start == r->end && r->eof)
			return 0;
		while ((st = parse_row(r, &n, &next, &lines, cause)) == ROW_MORE)
			if (fill(r, cause) < 0)
				return -1;
		if (st == ROW_BAD)
			return -1;
		long line = r->line;
		r->line += lines;
		r->start = next;
		/* A blank line is no row. */
		if (n == 1 && r->text.len == 1)
			continue;
		for (int i = 0; i < n; i++) {
			r->fields[i] = r->text.data + r->offs[i];
			size_t stop = i + 1 < n ? r->offs[i + 1] - 1 : r->text.len - 1;
			r->lens[i] = stop - r->offs[i];
		}
		row->fields = r->fields;
		row->lens = r->lens;
		row->n = n;
		row->line = line;
		return 1;
	}
}
