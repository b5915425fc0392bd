/* value: one RIF field, parsed and checked against its column's type. */
#ifndef BB_RIF_VALUE_H
#define BB_RIF_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rif/layout.h"

struct rif_value {
	bool null;
	unsigned char scale; /* RIF_DECIMAL: digits after the point */
	int64_t i;     /* integers; decimals as value * 10^scale; dates as days since 1970-01-01;
	                  timestamps as seconds since 1970-01-01T00:00:00 */
	const char *s; /* RIF_STRING: the text (not NUL-terminated), len bytes */
	size_t len;
};

/* Parses text (len bytes) as a value of column c. Returns 0, or -1 with a message in why
 * (what is wrong, quoting the value). An empty field is null; an empty required number with
 * a zero default is 0; other empty required non-strings are an error. */
int rif_value_parse(const struct rif_column *c, const char *text, size_t len, struct rif_value *v,
                    char *why, size_t whylen);

/* Dates: dd-MMM-yyyy (month case-insensitive), yyyyMMdd or yyyy-MM-dd, to days since
 * 1970-01-01. */
int rif_parse_date(const char *s, size_t len, int64_t *days);
/* Days since 1970-01-01 to a calendar date. */
void rif_date_civil(int64_t days, int *year, int *month, int *day);
int64_t rif_days_from_civil(int year, int month, int day);
/* Writes a decimal (mantissa, scale) exactly, as "-12.50"; returns the length written. out
 * must hold 24 bytes. */
int rif_decimal_format(int64_t mantissa, int scale, char *out);

#endif
