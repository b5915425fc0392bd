/* record: the compact binary form of RIF values, as stored in the database.
 *
 * A part (the values of a run of columns) is a bitmap of the non-null columns, one bit per
 * column, then each non-null value in column order: strings as a length and the bytes;
 * integers, dates, timestamps and decimals as zigzag varints (a decimal whose column has no
 * fixed scale is preceded by its scale byte). A claim is its claim-level part, the number of
 * lines, then one line-level part per line. A beneficiary, an event or a history row is one
 * part over all its columns. */
#ifndef BB_RIF_RECORD_H
#define BB_RIF_RECORD_H

#include <stddef.h>

#include "core/buf.h"
#include "rif/layout.h"
#include "rif/value.h"

/* Appends the part for cols[0..n) holding vals[0..n). */
void rif_record_put(struct buf *b, const struct rif_column *cols, int n,
                    const struct rif_value *vals);
/* Reads the part for cols[0..n) from *p into vals[0..n) (strings point into the input) and
 * advances *p. Returns -1 when the input is cut short or malformed. */
int rif_record_get(const unsigned char **p, const unsigned char *end, const struct rif_column *cols,
                   int n, struct rif_value *vals);

#endif
