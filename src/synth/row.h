/* row: one RIF row being made, a value per column of a layout, and its writing as the
 * '|'-separated text `bluebutton load` and BFD read (DML_IND first where the layout has it). */
#ifndef BB_SYNTH_ROW_H
#define BB_SYNTH_ROW_H

#include <stdint.h>
#include <stdio.h>

#include "core/buf.h"
#include "rif/layout.h"

struct synth_row {
	const struct rif_layout *l;
	size_t *at;      /* per column: offset of its value in text + 1; 0 for empty */
	struct buf text; /* the values, each with its NUL */
	int *by_name;    /* the column indexes in the order of their names (for bsearch) */
};

void synth_row_init(struct synth_row *r, const struct rif_layout *l);
void synth_row_free(struct synth_row *r);
/* Empties every column. */
void synth_row_clear(struct synth_row *r);
/* Sets column `name` (one of the layout's: else the program's own error, fatal). */
void synth_row_set(struct synth_row *r, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Sets an amount column from cents (0 or more), as "123.45". */
void synth_row_cents(struct synth_row *r, const char *name, int64_t cents);
/* Sets a date column as RIF writes dates (dd-Mon-yyyy). */
void synth_row_date(struct synth_row *r, const char *name, int year, int month, int day);
/* Days in a month of a year (leap years counted). */
int synth_days_in(int year, int month);
/* The day of the year (1-based) of a date, and a date column from one (days past the
 * year's end fall in the next year). */
int synth_day_of_year(int year, int month, int day);
void synth_row_yday(struct synth_row *r, const char *name, int year, int yday);
/* Writes the header line / the row as a line (DML_IND "INSERT"). */
void synth_row_header(const struct rif_layout *l, FILE *out);
void synth_row_write(const struct synth_row *r, FILE *out);

#endif
