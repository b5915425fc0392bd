/* cmd: what the commands share. */
#include "cmd.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "fhir/enrich.h"
#include "fhir/refdata.h"

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

/* Loads the code tables from --refdata, else $BB_REFDATA; none when neither is set. */
int cmd_load_refdata(const char *dir, struct refdata **rd)
{
	char *cause = NULL;
	*rd = NULL;
	if (dir == NULL)
		dir = getenv("BB_REFDATA");
	if (dir == NULL || *dir == '\0') {
		fprintf(stderr, "bluebutton: no code tables (--refdata or BB_REFDATA): FHIR "
		                "resources are rendered without display texts\n");
		return 0;
	}
	if (refdata_load(dir, rd, &cause) < 0) {
		fprintf(stderr, "bluebutton: --refdata: %s\n", cause);
		free(cause);
		return -1;
	}
	return 0;
}

/* Loads the NPI and drug-name tables from --enrichment, else $BB_ENRICHMENT; none when
 * neither is set. */
int cmd_load_enrichment(const char *dir, struct enrich **e)
{
	char *cause = NULL;
	*e = NULL;
	if (dir == NULL)
		dir = getenv("BB_ENRICHMENT");
	if (dir == NULL || *dir == '\0') {
		fprintf(stderr, "bluebutton: no enrichment tables (--enrichment or BB_ENRICHMENT): "
		                "ExplanationOfBenefits are rendered without NPI and drug names\n");
		return 0;
	}
	if (enrich_load(dir, e, &cause) < 0) {
		fprintf(stderr, "bluebutton: --enrichment: %s\n", cause);
		free(cause);
		return -1;
	}
	return 0;
}
