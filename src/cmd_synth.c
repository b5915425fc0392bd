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

/* Writes the beneficiary file into dir (through a temporary name: a failure leaves no
 * half-written file). */
static int write_benes(const char *dir, long long n, unsigned long long seed, long long start,
                       int year, bool quiet)
{
	char *path = xasprintf("%s/beneficiaries.txt", dir);
	char *tmp = xasprintf("%s.tmp", path);
	int rc = 1;
	FILE *out = fopen(tmp, "w");
	if (out == NULL) {
		fprintf(stderr, "bluebutton synth: %s: %s\n", tmp, strerror(errno));
		goto done;
	}
	const struct rif_layout *l = rif_layout_get(RIF_BENEFICIARY);
	struct synth_row row;
	synth_row_init(&row, l);
	synth_row_header(l, out);
	long long step = n >= 10 ? n / 10 : n;
	for (long long i = 0; i < n; i++) {
		struct synth_bene b;
		synth_bene_make(seed, start, (uint64_t)i, year, &b);
		synth_bene_row(&b, &row);
		synth_row_write(&row, out);
		if (!quiet && (i + 1) % step == 0)
			fprintf(stderr, "synth: %lld of %lld beneficiaries\n", i + 1, n);
	}
	synth_row_free(&row);
	if (ferror(out) | (fflush(out) != 0) | (fsync(fileno(out)) != 0) | (fclose(out) != 0)) {
		fprintf(stderr, "bluebutton synth: %s: %s\n", tmp, strerror(errno));
		unlink(tmp);
		goto done;
	}
	if (rename(tmp, path) != 0) {
		fprintf(stderr, "bluebutton synth: %s: %s\n", path, strerror(errno));
		unlink(tmp);
		goto done;
	}
	printf("{\"beneficiaries\":%lld,\"file\":\"%s\"}\n", n, path);
	rc = 0;
done:
	free(tmp);
	free(path);
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
	const char *out = NULL;
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
	return write_benes(out, n, (unsigned long long)seed, start, (int)year, quiet);
}

const struct cmd cmd_synth = {
    "synth",
    "write synthetic beneficiaries as RIF files",
    "Usage: bluebutton synth --benes N --out DIR [--seed S] [--start-id ID] [--year YEAR]\n"
    "                        [--quiet]\n"
    "\n"
    "Writes N synthetic beneficiaries to DIR/beneficiaries.txt, a RIF beneficiary file that\n"
    "`bluebutton load DIR` loads: negative BENE_IDs counting down from --start-id (default\n"
    "-10000000000001), synthetic MBIs (S in position 2), names, sex, race, birth dates\n"
    "(mostly 65 and over; some younger, entitled by disability or ESRD), places whose state,\n"
    "county and ZIP agree, and enrolment by month in --year (default 2025): Parts A and B,\n"
    "Medicare Advantage, Part D, dual eligibility, and a few deaths. Beneficiary i is row i,\n"
    "and the same --seed (default 1) and options give the same bytes. The file is written\n"
    "under a temporary name and renamed when complete.\n"
    "\n"
    "Not yet (issue 6, in progress): claims of every type, --db (loading directly, with the\n"
    "sandbox users), --report.\n",
    run,
};
