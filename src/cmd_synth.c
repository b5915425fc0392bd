/* bluebutton synth: synthetic Medicare beneficiaries, written as RIF files that `bluebutton
 * load` and BFD read. The same seed and arguments give the same bytes. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "core/fatal.h"
#include "synth/bene.h"
#include "synth/pde.h"

#define DEFAULT_START_ID (-10000000000001LL)
#define MAX_BENES        10000000L

/* Whether text is a whole number in [lo, hi] (into *out). */
static bool number(const char *text, long long lo, long long hi, long long *out)
{
	char *end;
	errno = 0;
	*out = strtoll(text, &end, 10);
	return *text && !*end && errno == 0 && *out >= lo && *out <= hi;
}

/* The files synth writes: each under a temporary name until all are complete. */
enum { F_BENES, F_PDE, NFILES };
static const char *const file_name[NFILES] = {"beneficiaries.txt", "pde.txt"};

/* Writes the files into dir; a failure leaves none of them half-written. */
static int write_files(const char *dir, long long n, unsigned long long seed, long long start,
                       int year, const struct synth_counts *counts, bool quiet)
{
	char *path[NFILES], *tmp[NFILES];
	FILE *out[NFILES] = {0};
	struct synth_row row[NFILES];
	static const enum rif_type type[NFILES] = {RIF_BENEFICIARY, RIF_PDE};
	int rc = 1;
	long long events = 0;
	for (int f = 0; f < NFILES; f++) {
		path[f] = xasprintf("%s/%s", dir, file_name[f]);
		tmp[f] = xasprintf("%s.tmp", path[f]);
		synth_row_init(&row[f], rif_layout_get(type[f]));
	}
	for (int f = 0; f < NFILES; f++) {
		if ((out[f] = fopen(tmp[f], "w")) == NULL) {
			fprintf(stderr, "bluebutton synth: %s: %s\n", tmp[f], strerror(errno));
			goto done;
		}
		synth_row_header(row[f].l, out[f]);
	}
	long long step = n >= 10 ? n / 10 : n;
	for (long long i = 0; i < n; i++) {
		struct synth_bene b;
		synth_bene_make(seed, start, (uint64_t)i, year, counts, &b);
		synth_bene_row(&b, &row[F_BENES]);
		synth_row_write(&row[F_BENES], out[F_BENES]);
		if (b.part_d) {
			synth_pde_write(&b, &row[F_PDE], out[F_PDE]);
			events += b.claims[SYNTH_PDE];
		}
		if (!quiet && (i + 1) % step == 0)
			fprintf(stderr, "synth: %lld of %lld beneficiaries\n", i + 1, n);
	}
	for (int f = 0; f < NFILES; f++) {
		FILE *o = out[f];
		out[f] = NULL;
		if (ferror(o) | (fflush(o) != 0) | (fsync(fileno(o)) != 0) | (fclose(o) != 0)) {
			fprintf(stderr, "bluebutton synth: %s: %s\n", tmp[f], strerror(errno));
			goto done;
		}
	}
	for (int f = 0; f < NFILES; f++)
		if (rename(tmp[f], path[f]) != 0) {
			fprintf(stderr, "bluebutton synth: %s: %s\n", path[f], strerror(errno));
			goto done;
		}
	printf("{\"beneficiaries\":%lld,\"pde\":%lld,\"dir\":\"%s\"}\n", n, events, dir);
	rc = 0;
done:
	for (int f = 0; f < NFILES; f++) {
		if (out[f])
			fclose(out[f]);
		if (rc != 0)
			unlink(tmp[f]);
		synth_row_free(&row[f]);
		free(path[f]);
		free(tmp[f]);
	}
	return rc;
}

/* The claim counts: --characteristics FILE, else CMS's release's file among the fixtures
 * ($BB_FIXTURES) when there, else the built-in model. */
static int load_counts(const char *file, bool quiet, struct synth_counts **out)
{
	char *cause = NULL, *fixture = NULL;
	const char *fix = getenv("BB_FIXTURES");
	if (file == NULL && fix && *fix) {
		fixture = xasprintf("%s/synthea-release-04-23-2025/characteristics.csv", fix);
		if (access(fixture, R_OK) == 0)
			file = fixture;
	}
	int rc = 0;
	if (file == NULL) {
		*out = synth_counts_builtin();
		if (!quiet)
			fprintf(stderr, "synth: claim counts from the built-in model\n");
	} else if (synth_counts_load(file, out, &cause) < 0) {
		fprintf(stderr, "bluebutton synth: %s\n", cause);
		free(cause);
		rc = 1;
	} else if (!quiet)
		fprintf(stderr, "synth: claim counts drawn from %s (%d beneficiaries)\n", file,
		        synth_counts_rows(*out));
	free(fixture);
	return rc;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"benes", required_argument, NULL, 'n'}, {"seed", required_argument, NULL, 's'},
	    {"out", required_argument, NULL, 'o'},   {"start-id", required_argument, NULL, 'i'},
	    {"year", required_argument, NULL, 'y'},  {"quiet", no_argument, NULL, 'q'},
	    {"help", no_argument, NULL, 'h'},        {0},
	};
	long long n = -1, seed = 1, start = DEFAULT_START_ID, year = 2025;
	const char *out = NULL, *characteristics = NULL;
	bool quiet = false;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+:", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (!number(optarg, 1, MAX_BENES, &n))
				return cmd_usage_error(
				    &cmd_synth, "--benes: '%s' is not a number from 1 to %ld",
				    optarg, MAX_BENES);
			break;
		case 's':
			if (!number(optarg, 0, INT64_MAX, &seed))
				return cmd_usage_error(&cmd_synth,
				                       "--seed: '%s' is not a number of 0 or more",
				                       optarg);
			break;
		case 'o':
			out = optarg;
			break;
		case 'i':
			if (!number(optarg, -999999999999999LL, -1, &start))
				return cmd_usage_error(
				    &cmd_synth, "--start-id: '%s' is not a negative beneficiary id",
				    optarg);
			break;
		case 'y':
			if (!number(optarg, 2000, 2100, &year))
				return cmd_usage_error(
				    &cmd_synth, "--year: '%s' is not a year from 2000 to 2100",
				    optarg);
			break;
		case 'c':
			characteristics = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			fputs(cmd_synth.usage, stdout);
			return 0;
		case ':':
			return cmd_usage_error(&cmd_synth, "option '%s' needs a value",
			                       argv[optind - 1]);
		default:
			return cmd_usage_error(&cmd_synth, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cmd_usage_error(&cmd_synth, "unexpected argument '%s'", argv[optind]);
	if (n < 0)
		return cmd_usage_error(&cmd_synth, "--benes N is needed");
	if (out == NULL)
		return cmd_usage_error(&cmd_synth, "--out DIR is needed");
	if (start - (n - 1) < -999999999999999LL)
		return cmd_usage_error(&cmd_synth,
		                       "--start-id: %lld beneficiaries from %lld go "
		                       "below the smallest id",
		                       n, start);
	if (mkdir(out, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "bluebutton synth: %s: %s\n", out, strerror(errno));
		return 1;
	}
	struct synth_counts *counts;
	if (load_counts(characteristics, quiet, &counts) != 0)
		return 1;
	int rc = write_files(out, n, (unsigned long long)seed, start, (int)year, counts, quiet);
	synth_counts_free(counts);
	return rc;
}

const struct cmd cmd_synth = {
    "synth",
    "write synthetic beneficiaries as RIF files",
    "Usage: bluebutton synth --benes N --out DIR [--seed S] [--start-id ID] [--year YEAR]\n"
    "                        [--characteristics FILE] [--quiet]\n"
    "\n"
    "Writes N synthetic beneficiaries and their Part D events as RIF files that `bluebutton\n"
    "load DIR` loads: DIR/beneficiaries.txt and DIR/pde.txt.\n"
    "\n"
    "Beneficiaries: negative BENE_IDs counting down from --start-id (default\n"
    "-10000000000001), synthetic MBIs (S in position 2), names, sex, race, birth dates (mostly\n"
    "65 and over; some younger, entitled by disability or ESRD), places whose state, county\n"
    "and ZIP agree, and enrolment by month in --year (default 2025): Parts A and B, Medicare\n"
    "Advantage, Part D, dual eligibility, and a few deaths.\n"
    "Claims per beneficiary: a row of CMS's 2025 synthetic release's per-beneficiary totals,\n"
    "drawn from --characteristics FILE, else from\n"
    "$BB_FIXTURES/synthea-release-04-23-2025/characteristics.csv when there, else from a\n"
    "built-in model with the release's means. Part D events: drugs, supply, pharmacy and\n"
    "prescriber NPIs, dates inside enrolment, amounts that add up.\n"
    "\n"
    "Beneficiary i is row i, and the same --seed (default 1), options and counts file give\n"
    "the same bytes. The files are written under temporary names and renamed when all are\n"
    "complete. Progress goes to standard error (--quiet: none); a summary line to standard\n"
    "output.\n"
    "\n"
    "Not yet (issue 6, in progress): the other claim types, --db (loading directly, with the\n"
    "sandbox users), --report.\n",
    run,
};
