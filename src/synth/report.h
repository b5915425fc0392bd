/* report: what a database of (synthetic) claims looks like beside CMS's 2025 synthetic
 * release: claims per beneficiary per type (mean, 50th, 90th and 99th percentiles) and the
 * most frequent principal diagnoses. */
#ifndef BB_SYNTH_REPORT_H
#define BB_SYNTH_REPORT_H

#include <stdio.h>

#include "store/store.h"

int synth_report(struct store *s, FILE *out, char **cause);

#endif
