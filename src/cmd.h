/* cmd: the commands of the bluebutton program, one file each (cmd_load.c, cmd_serve.c). */
#ifndef BB_CMD_H
#define BB_CMD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct cmd {
	const char *name;
	const char *summary; /* one line, for `bluebutton --help` */
	const char *usage;   /* the full text of `bluebutton NAME --help` */
	int (*run)(int argc, char **argv);
};

extern const struct cmd cmd_load;
extern const struct cmd cmd_serve;
extern const struct cmd cmd_get;
extern const struct cmd cmd_token;
extern const struct cmd cmd_app;
extern const struct cmd cmd_user;
extern const struct cmd cmd_synth;
extern const struct cmd cmd_admin;

struct refdata;
/* Loads the code tables from dir, else $BB_REFDATA; *rd is NULL (and a note is printed)
 * when neither names one. Returns -1 (message printed) when they cannot be read. */
int cmd_load_refdata(const char *dir, struct refdata **rd);
struct enrich;
/* Loads the NPI and drug-name tables from dir, else $BB_ENRICHMENT; *e is NULL (and a note
 * is printed) when neither names one. Returns -1 (message printed) when they cannot be
 * read. */
int cmd_load_enrichment(const char *dir, struct enrich **e);

/* The identifier-hash iteration count from text (an option or $BB_HASH_ITERATIONS; NULL:
 * BFD's default) into *out. Returns 0, or the usage error's exit code (2) with it reported. */
int cmd_hash_iterations(const struct cmd *c, const char *text, int *out);

/* The database path when --db is not given: $BB_DB, else bluebutton.db. */
const char *cmd_default_db(void);
/* The options every command's getopt_long loop (opterr 0, optstring "+:") ends with: opt 'h'
 * (--help) prints the usage and returns 0; a missing value (':') or an unknown option is a
 * usage error naming it (2). */
int cmd_option_other(const struct cmd *c, int opt, char **argv);
/* Whether text is a whole decimal number in [lo, hi] (then in *out). */
bool cmd_number(const char *text, long long lo, long long hi, long long *out);
struct store;
/* Whether the beneficiary named by --patient (text, parsed as id) is in the database at db;
 * else (or on a store error) says so on stderr, naming the command. */
bool cmd_beneficiary_exists(const struct cmd *c, struct store *s, int64_t id, const char *text,
                            const char *db);
/* Reports a usage error in one line and returns the exit code for it (2). */
int cmd_usage_error(const struct cmd *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
