/* loader: loads RIF files into the store, one transaction per file: a file lands whole or not
 * at all. */
#ifndef BB_RIF_LOADER_H
#define BB_RIF_LOADER_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "rif/layout.h"
#include "store/store.h"

struct samhsa;

struct load_options {
	FILE *progress;              /* where a progress line goes while loading; NULL for none */
	long progress_min;           /* bytes: smaller files show no progress */
	volatile sig_atomic_t *stop; /* when it becomes non-zero the load stops and rolls back */
	int expect_type;             /* the type a manifest names for the file, or -1 */
	const struct samhsa *samhsa; /* flags claims with substance-use codes; NULL: none */
};

struct load_report {
	enum rif_type type;
	long rows;    /* data rows read */
	long records; /* records written: claims, events, beneficiaries, history rows */
	long claims;  /* claims and events */
	long lines;   /* claim lines */
	long samhsa;  /* claims flagged as carrying substance-use codes */
	double seconds;
};

/* Loads one RIF file. On failure returns -1 and *cause reads "FILE:LINE: COLUMN: what is
 * wrong" (or "FILE: what is wrong" when no row is to blame); nothing of the file is stored. */
int rif_load_file(struct store *s, const char *path, const struct load_options *o,
                  struct load_report *rep, char **cause);

/* Reads only the header of a file to tell its type. */
int rif_file_type(const char *path, enum rif_type *type, char **cause);

#endif
