/* bluebutton synth: synthetic Medicare beneficiaries, written as RIF files that `bluebutton
 * load` and BFD read. The same seed and arguments give the same bytes. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/password.h"
#include "cmd.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/fatal.h"
#include "http/server.h"
#include "rif/loader.h"
#include "rif/samhsa.h"
#include "store/store.h"
#include "synth/bene.h"
#include "synth/claims.h"
#include "synth/pde.h"
#include "synth/report.h"

#define DEFAULT_START_ID (-10000000000001LL)
#define MAX_BENES        10000000L

/* The files synth writes, in the order `load` reads them: the beneficiaries, their
 * history, each claim type (as enum synth_claim_type numbers them, from F_CLAIMS), Part D
 * events. Each is written under a temporary name until all are complete. */
enum { F_BENES, F_HISTORY, F_CLAIMS, NFILES = F_CLAIMS + SYNTH_CLAIM_TYPES };
static const char *const file_name[NFILES] = {
    "beneficiaries.txt", "beneficiary_history.txt", "carrier.txt",    "dme.txt", "hha.txt",
    "hospice.txt",       "inpatient.txt",           "outpatient.txt", "snf.txt", "pde.txt"};
static const enum rif_type file_type[NFILES] = {
    RIF_BENEFICIARY, RIF_BENEFICIARY_HISTORY, RIF_CARRIER,    RIF_DME, RIF_HHA,
    RIF_HOSPICE,     RIF_INPATIENT,           RIF_OUTPATIENT, RIF_SNF, RIF_PDE};

/* Writes the files into dir; a failure leaves none of them half-written. */
static int write_files(const char *dir, long long n, unsigned long long seed, long long start,
                       int year, const struct synth_counts *counts, bool quiet)
{
	char *path[NFILES], *tmp[NFILES];
	FILE *out[NFILES] = {0};
	struct synth_row row[NFILES];
	struct synth_claims claims = {0};
	int rc = 1;
	long long made[SYNTH_CLAIM_TYPES] = {0}, rows[NFILES] = {0}, history = 0;
	for (int f = 0; f < NFILES; f++) {
		path[f] = xasprintf("%s/%s", dir, file_name[f]);
		tmp[f] = xasprintf("%s.tmp", path[f]);
		synth_row_init(&row[f], rif_layout_get(file_type[f]));
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
		if (synth_bene_history_row(&b, &row[F_HISTORY])) {
			synth_row_write(&row[F_HISTORY], out[F_HISTORY]);
			history++;
		}
		synth_claims_make(&b, &claims);
		for (int t = 0; t < SYNTH_PDE; t++) {
			int f = F_CLAIMS + t;
			rows[f] += synth_claims_write(&b, &claims, t, &row[f], out[f]);
			made[t] += claims.n[t];
		}
		if (b.part_d) {
			synth_pde_write(&b, &row[F_CLAIMS + SYNTH_PDE], out[F_CLAIMS + SYNTH_PDE]);
			made[SYNTH_PDE] += b.claims[SYNTH_PDE];
		}
		if (!quiet && (i + 1) % step == 0)
			fprintf(stderr, "synth: %lld of %lld beneficiaries\n", i + 1, n);
	}
	for (int f = 0; f < NFILES; f++) {
		FILE *o = out[f];
		out[f] = NULL;
		/* In this order: written, flushed, on disk, closed. fsync fails with EINVAL on
		 * what cannot be synced (a pipe, a device): nothing is kept there to lose. */
		bool bad = ferror(o) || fflush(o) != 0;
		bad = bad || (fsync(fileno(o)) != 0 && errno != EINVAL);
		bad = (fclose(o) != 0) || bad;
		if (bad) {
			fprintf(stderr, "bluebutton synth: %s: %s\n", tmp[f], strerror(errno));
			goto done;
		}
	}
	for (int f = 0; f < NFILES; f++)
		if (rename(tmp[f], path[f]) != 0) {
			fprintf(stderr, "bluebutton synth: %s: %s\n", path[f], strerror(errno));
			goto done;
		}
	/* The summary: claims (Part D: events) and rows (claim lines) per type. */
	struct buf summary = BUF_INIT;
	buf_printf(&summary, "{\"beneficiaries\":%lld,\"beneficiary_history\":%lld", n, history);
	for (int t = 0; t < SYNTH_CLAIM_TYPES; t++) {
		buf_printf(&summary, ",\"%s\":%lld", synth_claim_type_name[t], made[t]);
		if (t < SYNTH_PDE)
			buf_printf(&summary, ",\"%s_lines\":%lld", synth_claim_type_name[t],
			           rows[F_CLAIMS + t]);
	}
	buf_printf(&summary, ",\"dir\":");
	json_put_string(&summary, dir);
	printf("%s}\n", buf_cstr(&summary));
	buf_free(&summary);
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
	synth_claims_free(&claims);
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

/* What every part of the generation shares. */
struct gen {
	long long n, start;
	unsigned long long seed;
	int year;
	const struct synth_counts *counts;
	bool quiet;
};

/* Passwords PW%05d! hashed at the sandbox's cost, beneficiaries [from, to) of one thread. */
struct hash_job {
	const struct gen *g;
	long long from, to;
	char (*hash)[PASSWORD_ENCODED_MAX];
	char *cause; /* the first failure */
};

static void *hash_passwords(void *arg)
{
	struct hash_job *j = arg;
	for (long long i = j->from; i < j->to && j->cause == NULL; i++) {
		char password[32];
		snprintf(password, sizeof password, "PW%05lld!", i);
		password_hash(password, &PASSWORD_COST_SANDBOX, j->hash[i], PASSWORD_ENCODED_MAX,
		              &j->cause);
	}
	return NULL;
}

/* The sandbox's users: beneficiary i is BBUser%05d with password PW%05d!, hashed in
 * parallel at the sandbox's cost (only for these synthetic users, whose passwords are
 * published), added in one transaction. */
static int add_users(struct store *s, const struct gen *g, char **cause)
{
	char(*hash)[PASSWORD_ENCODED_MAX] = xcalloc((size_t)g->n, sizeof *hash);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int nthreads = cpus < 1 ? 1 : cpus > 8 ? 8 : (int)cpus;
	pthread_t th[8];
	struct hash_job jobs[8];
	for (int t = 0; t < nthreads; t++) {
		jobs[t] = (struct hash_job){g, g->n * t / nthreads, g->n * (t + 1) / nthreads, hash,
		                            NULL};
		if (pthread_create(&th[t], NULL, hash_passwords, &jobs[t]) != 0)
			fatal("cannot start a thread");
	}
	int rc = 0;
	for (int t = 0; t < nthreads; t++) {
		pthread_join(th[t], NULL);
		if (jobs[t].cause && rc == 0) {
			*cause = jobs[t].cause;
			rc = -1;
		} else
			free(jobs[t].cause);
	}
	if (rc == 0 && store_begin(s, cause) < 0)
		rc = -1;
	int64_t now = clock_wall_ms();
	for (long long i = 0; rc == 0 && i < g->n; i++) {
		struct synth_bene b;
		synth_bene_make(g->seed, g->start, (uint64_t)i, g->year, g->counts, &b);
		char username[32], name[64];
		snprintf(username, sizeof username, "BBUser%05lld", i);
		snprintf(name, sizeof name, "%s %s", b.given, b.surname);
		struct store_user u = {username, hash[i], b.id, b.mbi, name, now};
		if (store_put_user(s, &u, cause) < 0) {
			store_rollback(s);
			rc = -1;
		}
	}
	if (rc == 0 && store_commit(s, cause) < 0) {
		store_rollback(s);
		rc = -1;
	}
	free(hash);
	return rc;
}

/* Whether the database at db already has the sandbox's users (then synth refuses it, before
 * writing anything): 1, 0, or -1 when it cannot be read (each reported). */
static int has_users(const char *db)
{
	struct store *s;
	char *cause = NULL;
	if (store_open(db, &s, &cause) < 0) {
		fprintf(stderr, "bluebutton synth: %s\n", cause);
		free(cause);
		return -1;
	}
	struct store_user u;
	struct buf text = BUF_INIT;
	int found = store_get_user(s, "BBUser00000", &u, &text, &cause);
	if (found > 0)
		fprintf(stderr,
		        "bluebutton synth: %s has synthetic users already (BBUser00000): give a "
		        "new database\n",
		        db);
	else if (found < 0)
		fprintf(stderr, "bluebutton synth: %s\n", cause);
	buf_free(&text);
	free(cause);
	store_close(s);
	return found;
}

/* --db: the files written into dir are loaded through the loader (its checks all apply),
 * then the users are added. */
static int load_into(const char *db, const char *dir, const char *samhsa_dir, const struct gen *g)
{
	struct store *s;
	struct samhsa *samhsa = NULL;
	char *cause = NULL;
	int rc = 1;
	if (store_open(db, &s, &cause) < 0) {
		fprintf(stderr, "bluebutton synth: %s\n", cause);
		free(cause);
		return 1;
	}
	/* Substance-use claims are flagged as `load` flags them. */
	if (samhsa_dir && *samhsa_dir) {
		if (samhsa_load(samhsa_dir, &samhsa, &cause) < 0) {
			fprintf(stderr, "bluebutton synth: %s\n", cause);
			goto out;
		}
	} else if (!g->quiet)
		fprintf(stderr, "synth: no SAMHSA code lists (--samhsa-codes or BB_SAMHSA_CODES): "
		                "claims are not flagged for 42 CFR Part 2\n");
	const struct load_options o = {.expect_type = -1, .samhsa = samhsa};
	for (int f = 0; f < NFILES; f++) {
		char *path = xasprintf("%s/%s", dir, file_name[f]);
		struct load_report rep;
		int bad = rif_load_file(s, path, &o, &rep, &cause);
		free(path);
		if (bad) {
			fprintf(stderr, "bluebutton synth: %s\n", cause);
			goto out;
		}
		if (!g->quiet)
			fprintf(stderr, "synth: loaded %s: %ld rows\n", file_name[f], rep.rows);
	}
	if (add_users(s, g, &cause) < 0) {
		fprintf(stderr, "bluebutton synth: %s\n", cause);
		goto out;
	}
	if (!g->quiet)
		fprintf(stderr, "synth: %lld users BBUser%05d to BBUser%05lld\n", g->n, 0,
		        g->n - 1);
	rc = 0;
out:
	free(cause);
	samhsa_free(samhsa);
	store_close(s);
	return rc;
}

/* --report: the database's claims per beneficiary beside CMS's release. */
static int run_report(const char *db)
{
	struct store *s;
	char *cause = NULL;
	if (store_open(db, &s, &cause) < 0 || synth_report(s, stdout, &cause) < 0) {
		fprintf(stderr, "bluebutton synth: %s\n", cause);
		free(cause);
		store_close(s);
		return 1;
	}
	store_close(s);
	return 0;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"benes", required_argument, NULL, 'n'},
	    {"seed", required_argument, NULL, 's'},
	    {"out", required_argument, NULL, 'o'},
	    {"start-id", required_argument, NULL, 'i'},
	    {"year", required_argument, NULL, 'y'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"characteristics", required_argument, NULL, 'c'},
	    {"db", required_argument, NULL, 'd'},
	    {"samhsa-codes", required_argument, NULL, 'm'},
	    {"report", no_argument, NULL, 'r'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	long long n = -1, seed = 1, start = DEFAULT_START_ID, year = 2025;
	const char *out = NULL, *characteristics = NULL, *db = NULL,
	           *samhsa_dir = getenv("BB_SAMHSA_CODES");
	bool quiet = false, report = false;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+:", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (!cmd_number(optarg, 1, MAX_BENES, &n))
				return cmd_usage_error(
				    &cmd_synth, "--benes: '%s' is not a number from 1 to %ld",
				    optarg, MAX_BENES);
			break;
		case 's':
			if (!cmd_number(optarg, 0, INT64_MAX, &seed))
				return cmd_usage_error(&cmd_synth,
				                       "--seed: '%s' is not a number of 0 or more",
				                       optarg);
			break;
		case 'o':
			out = optarg;
			break;
		case 'i':
			if (!cmd_number(optarg, -999999999999999LL, -1, &start))
				return cmd_usage_error(
				    &cmd_synth, "--start-id: '%s' is not a negative beneficiary id",
				    optarg);
			break;
		case 'y':
			if (!cmd_number(optarg, 2000, 2100, &year))
				return cmd_usage_error(
				    &cmd_synth, "--year: '%s' is not a year from 2000 to 2100",
				    optarg);
			break;
		case 'c':
			characteristics = optarg;
			break;
		case 'd':
			db = optarg;
			break;
		case 'm':
			samhsa_dir = optarg;
			break;
		case 'r':
			report = true;
			break;
		case 'q':
			quiet = true;
			break;
		default:
			return cmd_option_other(&cmd_synth, c, argv);
		}
	}
	if (optind < argc)
		return cmd_usage_error(&cmd_synth, "unexpected argument '%s'", argv[optind]);
	if (report) {
		if (db == NULL || n >= 0 || out)
			return cmd_usage_error(&cmd_synth, "--report takes --db PATH alone");
		return run_report(db);
	}
	if (n < 0)
		return cmd_usage_error(&cmd_synth, "--benes N is needed");
	if (out == NULL && db == NULL)
		return cmd_usage_error(&cmd_synth, "--out DIR or --db PATH is needed");
	if (start - (n - 1) < -999999999999999LL)
		return cmd_usage_error(&cmd_synth,
		                       "--start-id: %lld beneficiaries from %lld go "
		                       "below the smallest id",
		                       n, start);
	/* Without --out, --db's files go to a temporary directory, removed afterwards. */
	char tmpdir[] = "/tmp/bluebutton-synth-XXXXXX";
	if (out == NULL && (out = mkdtemp(tmpdir)) == NULL) {
		fprintf(stderr, "bluebutton synth: %s: %s\n", tmpdir, strerror(errno));
		return 1;
	}
	bool made_tmp = out == tmpdir;
	if (!made_tmp && mkdir(out, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "bluebutton synth: %s: %s\n", out, strerror(errno));
		return 1;
	}
	struct synth_counts *counts = NULL;
	int rc = db && has_users(db) != 0 ? 1 : load_counts(characteristics, quiet, &counts);
	struct gen g = {n, start, (unsigned long long)seed, (int)year, counts, quiet};
	if (rc == 0)
		rc = write_files(out, n, g.seed, start, g.year, counts, quiet);
	if (rc == 0 && db)
		rc = load_into(db, out, samhsa_dir, &g);
	if (made_tmp) {
		for (int f = 0; f < NFILES; f++) {
			char *path = xasprintf("%s/%s", out, file_name[f]);
			unlink(path);
			free(path);
		}
		rmdir(out);
	}
	synth_counts_free(counts);
	return rc;
}

const struct cmd cmd_synth = {
    "synth",
    "make synthetic beneficiaries and claims (RIF files, or a sandbox database)",
    "Usage: bluebutton synth --benes N (--out DIR | --db PATH | --out DIR --db PATH)\n"
    "                        [--seed S] [--start-id ID] [--year YEAR]\n"
    "                        [--characteristics FILE] [--samhsa-codes DIR] [--quiet]\n"
    "       bluebutton synth --report --db PATH\n"
    "\n"
    "Writes N synthetic beneficiaries, their claims of the seven claim types and their Part\n"
    "D events as RIF files that `bluebutton load DIR` loads: DIR/beneficiaries.txt,\n"
    "beneficiary_history.txt, carrier.txt, dme.txt, hha.txt, hospice.txt, inpatient.txt,\n"
    "outpatient.txt, snf.txt and pde.txt. With --db, loads them into PATH through the loader (a "
    "temporary directory\n"
    "holds them unless --out is given) and adds the sandbox's users: beneficiary i is\n"
    "BBUser%05d with password PW%05d!, hashed with argon2id at the sandbox's low cost (these\n"
    "passwords are public; never use that cost for real accounts). A database with a user\n"
    "BBUser00000 already is refused. Claims with substance-use codes are flagged as `load`\n"
    "flags them (--samhsa-codes DIR, default $BB_SAMHSA_CODES).\n"
    "\n"
    "Beneficiaries: negative BENE_IDs counting down from --start-id (default\n"
    "-10000000000001), synthetic MBIs (S in position 2), names, sex, race, birth dates (mostly\n"
    "65 and over; some younger, entitled by disability or ESRD), places whose state, county\n"
    "and ZIP agree, and enrolment by month in --year (default 2025): Parts A and B, Medicare\n"
    "Advantage, Part D, dual eligibility, and a few deaths; about one in twenty has an\n"
    "earlier MBI (its beneficiary history row).\n"
    "Claims per beneficiary: a row of CMS's 2025 synthetic release's per-beneficiary totals,\n"
    "drawn from --characteristics FILE, else from\n"
    "$BB_FIXTURES/synthea-release-04-23-2025/characteristics.csv when there, else from a\n"
    "built-in model with the release's means. Every claim: dates inside the year's coverage,\n"
    "diagnoses (common conditions; a few substance-use ones), providers in the beneficiary's\n"
    "state with valid NPIs, submitted >= allowed >= paid and allowed = deductible +\n"
    "coinsurance + paid. Carrier: one to four physician services. DME: equipment and\n"
    "supplies. Outpatient: hospital visits by revenue center. The Part B deductible ($257) is\n"
    "met once over these three in date order, then 20 % coinsurance. Inpatient: stays by\n"
    "MS-DRG with ICD-10-PCS procedures, the Part A deductible once per benefit period. SNF:\n"
    "stays with coinsurance from day 21. Home health: 30-day periods of visits. Hospice:\n"
    "monthly claims to the end of coverage.\n"
    "Part D events: drugs, supply, pharmacy and prescriber NPIs, dates inside enrolment,\n"
    "amounts that add up.\n"
    "\n"
    "Beneficiary i is row i, and the same --seed (default 1), options and counts file give\n"
    "the same bytes. The files are written under temporary names and renamed when all are\n"
    "complete. Progress goes to standard error (--quiet: none); a summary line to standard\n"
    "output.\n"
    "\n"
    "--report prints PATH's claims per beneficiary by type (mean, 50th, 90th and 99th\n"
    "percentiles) beside CMS's 2025 synthetic release's, and the top principal diagnoses.\n",
    run,
};
