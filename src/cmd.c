/* cmd: what the commands share. */
#include "cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "fhir/api.h"
#include "fhir/enrich.h"
#include "fhir/refdata.h"
#include "store/store.h"

const char *cmd_default_db(void)
{
	const char *db = getenv("BB_DB");
	return db && *db ? db : "bluebutton.db";
}

int cmd_usage_error(const struct cmd *c, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "bluebutton%s%s: ", c ? " " : "", c ? c->name : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see 'bluebutton %s%s--help')\n", c ? c->name : "", c ? " " : "");
	return 2;
}

int cmd_option_other(const struct cmd *c, int opt, char **argv)
{
	if (opt == 'h') {
		fputs(c->usage, stdout);
		return 0;
	}
	if (opt == ':')
		return cmd_usage_error(c, "option '%s' needs a value", argv[optind - 1]);
	return cmd_usage_error(c, "unknown option '%s'", argv[optind - 1]);
}

/* Loads tables from dir, else $env, with load; none (and a note) when neither names a
 * directory; -1 (the cause printed, naming the option) when they cannot be read. */
static int load_tables(const char *dir, const char *env, const char *option, const char *note,
                       int (*load)(const char *dir, void **out, char **cause), void **out)
{
	char *cause = NULL;
	*out = NULL;
	if (dir == NULL)
		dir = getenv(env);
	if (dir == NULL || *dir == '\0') {
		fprintf(stderr, "bluebutton: %s\n", note);
		return 0;
	}
	if (load(dir, out, &cause) < 0) {
		fprintf(stderr, "bluebutton: %s: %s\n", option, cause);
		free(cause);
		return -1;
	}
	return 0;
}

static int load_refdata(const char *dir, void **out, char **cause)
{
	struct refdata *rd = NULL;
	int rc = refdata_load(dir, &rd, cause);
	*out = rd;
	return rc;
}

static int load_enrichment(const char *dir, void **out, char **cause)
{
	struct enrich *e = NULL;
	int rc = enrich_load(dir, &e, cause);
	*out = e;
	return rc;
}

int cmd_load_refdata(const char *dir, struct refdata **rd)
{
	void *p;
	int rc =
	    load_tables(dir, "BB_REFDATA", "--refdata",
	                "no code tables (--refdata or BB_REFDATA): FHIR resources are rendered "
	                "without display texts",
	                load_refdata, &p);
	*rd = p;
	return rc;
}

int cmd_load_enrichment(const char *dir, struct enrich **e)
{
	void *p;
	int rc = load_tables(dir, "BB_ENRICHMENT", "--enrichment",
	                     "no enrichment tables (--enrichment or BB_ENRICHMENT): "
	                     "ExplanationOfBenefits are rendered without NPI and drug names",
	                     load_enrichment, &p);
	*e = p;
	return rc;
}

bool cmd_number(const char *text, long long lo, long long hi, long long *out)
{
	char *end;
	errno = 0;
	*out = strtoll(text, &end, 10);
	return *text && !*end && errno == 0 && *out >= lo && *out <= hi;
}

bool cmd_beneficiary_exists(const struct cmd *c, struct store *s, int64_t id, const char *text,
                            const char *db)
{
	bool exists = false;
	char *cause = NULL;
	if (store_beneficiary_exists(s, id, &exists, &cause) < 0) {
		fprintf(stderr, "bluebutton %s: %s\n", c->name, cause);
		free(cause);
		return false;
	}
	if (!exists)
		fprintf(stderr, "bluebutton %s: --patient: no beneficiary %s in %s\n", c->name,
		        text, db);
	return exists;
}

int cmd_hash_iterations(const struct cmd *c, const char *text, int *out)
{
	*out = FHIR_DEFAULT_ITERATIONS;
	if (text == NULL)
		return 0;
	long long n;
	if (!cmd_number(text, 1, 10000000, &n))
		return cmd_usage_error(c, "--hash-iterations: '%s' is not a count", text);
	*out = (int)n;
	return 0;
}
