/* bluebutton load: RIF files, directories of them and BFD manifests into the database. */
#include <dirent.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "core/fatal.h"
#include "rif/loader.h"
#include "rif/manifest.h"
#include "rif/samhsa.h"
#include "store/store.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

struct job {
	char *path;
	int type; /* expected type (from a manifest), or -1 */
};

struct jobs {
	struct job *v;
	int n;
};

static void add_job(struct jobs *j, const char *path, int type)
{
	j->v = realloc(j->v, (size_t)(j->n + 1) * sizeof *j->v);
	if (j->v == NULL)
		fatal("out of memory");
	j->v[j->n].path = xstrdup(path);
	j->v[j->n].type = type;
	j->n++;
}

struct dir_file {
	char *path;
	enum rif_type type;
};

static int cmp_dir_file(const void *a, const void *b)
{
	const struct dir_file *x = a, *y = b;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	return strcmp(x->path, y->path);
}

static bool rif_name(const char *name)
{
	const char *dot = strrchr(name, '.');
	return name[0] != '.' && dot &&
	       (strcasecmp(dot, ".txt") == 0 || strcasecmp(dot, ".csv") == 0 ||
	        strcasecmp(dot, ".rif") == 0);
}

/* A directory's RIF files (*.txt, *.csv, *.rif directly in it), beneficiaries before claims. */
static int add_dir(struct jobs *j, const char *dir, char **cause)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct dir_file *files = NULL;
	int n = 0, rc = 0;
	if (d == NULL) {
		*cause = xasprintf("%s: cannot open directory: %m", dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		if (!rif_name(e->d_name))
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		files = realloc(files, (size_t)(n + 1) * sizeof *files);
		if (files == NULL)
			fatal("out of memory");
		files[n].path = path;
		if (rif_file_type(path, &files[n].type, cause) < 0) {
			n++;
			rc = -1;
			break;
		}
		n++;
	}
	closedir(d);
	if (rc == 0 && n == 0) {
		*cause = xasprintf("%s: no RIF files (*.txt, *.csv, *.rif) in the directory", dir);
		rc = -1;
	}
	if (rc == 0) {
		qsort(files, (size_t)n, sizeof *files, cmp_dir_file);
		for (int i = 0; i < n; i++)
			add_job(j, files[i].path, -1);
	}
	for (int i = 0; i < n; i++)
		free(files[i].path);
	free(files);
	return rc;
}

static int add_path(struct jobs *j, const char *path, char **cause)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		*cause = xasprintf("%s: cannot open: %m", path);
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		return add_dir(j, path, cause);
	if (manifest_sniff(path)) {
		struct manifest m;
		if (manifest_read(path, &m, cause) < 0)
			return -1;
		for (int i = 0; i < m.n; i++)
			add_job(j, m.entries[i].path, m.entries[i].type);
		manifest_free(&m);
		return 0;
	}
	add_job(j, path, -1);
	return 0;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"samhsa-codes", required_argument, NULL, 's'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	const char *db = cmd_default_db();
	bool quiet = false;
	const char *samhsa_dir = getenv("BB_SAMHSA_CODES");
	int c, rc = 0;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+:q", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case 's':
			samhsa_dir = optarg;
			break;
		default:
			return cmd_option_other(&cmd_load, c, argv);
		}
	}
	if (optind >= argc)
		return cmd_usage_error(&cmd_load, "no file, directory or manifest to load");

	struct jobs jobs = {0};
	struct store *s = NULL;
	struct samhsa *samhsa = NULL;
	char *cause = NULL;
	for (int i = optind; i < argc; i++)
		if (add_path(&jobs, argv[i], &cause) < 0)
			goto fail;
	if (store_open(db, &s, &cause) < 0)
		goto fail;
	if (samhsa_dir && *samhsa_dir) {
		if (samhsa_load(samhsa_dir, &samhsa, &cause) < 0)
			goto fail;
	} else if (!quiet) {
		fprintf(stderr, "bluebutton load: no SAMHSA code lists (--samhsa-codes or "
		                "BB_SAMHSA_CODES): claims are not flagged for 42 CFR Part 2\n");
	}

	struct sigaction sa = {.sa_handler = on_signal};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	struct load_options o = {
	    .progress = !quiet && isatty(STDERR_FILENO) ? stderr : NULL,
	    .progress_min = 4 << 20,
	    .stop = &stop,
	    .samhsa = samhsa,
	};
	for (int i = 0; i < jobs.n; i++) {
		struct load_report rep;
		o.expect_type = jobs.v[i].type;
		if (rif_load_file(s, jobs.v[i].path, &o, &rep, &cause) < 0)
			goto fail;
		if (!quiet)
			printf("%s: %s, %ld records, %ld claims, %ld lines, %.2f s\n",
			       jobs.v[i].path, rif_layout_get(rep.type)->name, rep.records,
			       rep.claims, rep.lines, rep.seconds);
		fflush(stdout);
	}
	goto out;
fail:
	fprintf(stderr, "%s\n", cause);
	free(cause);
	rc = stop ? 130 : 1;
out:
	store_close(s);
	samhsa_free(samhsa);
	for (int i = 0; i < jobs.n; i++)
		free(jobs.v[i].path);
	free(jobs.v);
	return rc;
}

const struct cmd cmd_load = {
    "load",
    "load CMS RIF claim files into the database",
    "Usage: bluebutton load [--db PATH] [--samhsa-codes DIR] [--quiet] PATH...\n"
    "Loads CMS RIF files (beneficiaries, beneficiary and MBI history, carrier, DME, HHA,\n"
    "hospice, inpatient, outpatient, SNF and Part D event files) into the database. Each\n"
    "PATH is a RIF file; a directory (its *.txt, *.csv and *.rif files, not recursive,\n"
    "beneficiaries before claims); or a BFD data-set manifest (XML: the files it names, read\n"
    "from beside it, in its order). A file's type is told by its header line.\n"
    "\n"
    "Each file loads in one transaction: a file with an error is not loaded at all and the\n"
    "load stops there, naming FILE:LINE: COLUMN and what is wrong; files loaded before it\n"
    "stay loaded. Loading a file again replaces its records (no duplicates).\n"
    "\n"
    "Options:\n"
    "  --db PATH  the SQLite database (created when missing; default $BB_DB, else\n"
    "             bluebutton.db)\n"
    "  --samhsa-codes DIR\n"
    "             BFD's SAMHSA code lists (codes-*.csv; default $BB_SAMHSA_CODES):\n"
    "             claims carrying a listed substance-use code are flagged (42 CFR\n"
    "             Part 2; searches leave them out with excludeSAMHSA=true)\n"
    "  -q, --quiet\n"
    "             print errors only (no progress, no report)\n"
    "  --help     show this help\n"
    "\n"
    "Prints one line per file: records, claims, lines and seconds; on a terminal, a\n"
    "progress line for files over 4 MB.\n"
    "Exit status: 0 all loaded; 1 an error in the input or the database; 2 bad usage;\n"
    "130 interrupted (the file being loaded is left out).\n",
    run,
};
