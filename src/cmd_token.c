/* bluebutton token: an operator issues (or revokes) an access token, for testing and support.
 * The OAuth server issues its tokens through the same functions (auth/token.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/token.h"
#include "cmd.h"
#include "core/clock.h"
#include "core/fatal.h"
#include "fhir/api.h"
#include "http/server.h"
#include "store/store.h"

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"patient", required_argument, NULL, 'p'},
	    {"scope", required_argument, NULL, 's'},
	    {"ttl", required_argument, NULL, 't'},
	    {"revoke", required_argument, NULL, 'r'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	const char *db = cmd_default_db(), *patient = NULL, *scope = AUTH_DEFAULT_SCOPE,
	           *revoke = NULL;
	long ttl = 3600;
	long long number;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+:", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'p':
			patient = optarg;
			break;
		case 's':
			scope = optarg;
			break;
		case 't':
			if (!cmd_number(optarg, 0, 100LL * 365 * 86400, &number))
				return cmd_usage_error(
				    &cmd_token, "--ttl: '%s' is not a number of seconds", optarg);
			ttl = (long)number;
			break;
		case 'r':
			revoke = optarg;
			break;
		default:
			return cmd_option_other(&cmd_token, c, argv);
		}
	}
	if (optind < argc)
		return cmd_usage_error(&cmd_token, "unexpected argument '%s'", argv[optind]);
	if ((patient == NULL) == (revoke == NULL))
		return cmd_usage_error(&cmd_token,
		                       "give --patient ID (to issue) or --revoke TOKEN");
	int64_t bene = 0;
	char *bad = NULL;
	if (patient && fhir_parse_id(patient, &bene) < 0)
		return cmd_usage_error(&cmd_token, "--patient: '%s' is not a beneficiary id",
		                       patient);
	if (patient && !auth_scope_valid(scope, &bad)) {
		int rc = cmd_usage_error(&cmd_token, "--scope: unknown scope '%s'", bad);
		free(bad);
		return rc;
	}

	struct store *s;
	char *cause = NULL;
	int rc = 1;
	if (store_open(db, &s, &cause) < 0) {
		fprintf(stderr, "bluebutton token: %s\n", cause);
		free(cause);
		return 1;
	}
	if (revoke) {
		char hash[65];
		auth_sha256_hex(revoke, strlen(revoke), hash);
		int done = store_revoke_token(s, hash, clock_wall_ms(), &cause);
		if (done < 0)
			fprintf(stderr, "bluebutton token: %s\n", cause);
		else if (done == 0)
			fprintf(stderr,
			        "bluebutton token: --revoke: no valid token of that value\n");
		else
			rc = 0;
		goto out;
	}
	if (!cmd_beneficiary_exists(&cmd_token, s, bene, patient, db))
		goto out;
	/* Scopes as a token endpoint gives them: single spaces. */
	struct buf norm = BUF_INIT;
	for (const char *p = scope; *p;) {
		p += strspn(p, " ");
		size_t n = strcspn(p, " ");
		if (n) {
			if (norm.len)
				buf_putc(&norm, ' ');
			buf_append(&norm, p, n);
		}
		p += n;
	}
	char token[AUTH_TOKEN_LEN + 1];
	struct auth_issue_for w = {.patient = bene, .scope = buf_cstr(&norm)};
	if (auth_issue(s, &w, clock_wall_ms(), ttl, token, &cause) < 0) {
		fprintf(stderr, "bluebutton token: %s\n", cause);
		buf_free(&norm);
		goto out;
	}
	struct buf b = BUF_INIT;
	buf_printf(&b,
	           "{\"access_token\":\"%s\",\"token_type\":\"Bearer\",\"expires_in\":%ld,"
	           "\"scope\":",
	           token, ttl);
	json_put_string(&b, buf_cstr(&norm));
	buf_printf(&b, ",\"patient\":\"%lld\"}\n", (long long)bene);
	fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
	buf_free(&norm);
	rc = 0;
out:
	free(cause);
	store_close(s);
	return rc;
}

const struct cmd cmd_token = {
    "token",
    "issue or revoke an access token (operators: testing and support)",
    "Usage: bluebutton token [--db PATH] --patient ID [--scope \"SCOPE...\"] [--ttl SECONDS]\n"
    "       bluebutton token [--db PATH] --revoke TOKEN\n"
    "Issues an access token for one beneficiary and prints it as a token endpoint does:\n"
    "  {\"access_token\":…,\"token_type\":\"Bearer\",\"expires_in\":…,\"scope\":…,\"patient\":…}\n"
    "Only the token's SHA-256 is stored. --revoke ends a token at once.\n"
    "\n"
    "Options:\n"
    "  --db PATH        the SQLite database (default $BB_DB, else bluebutton.db)\n"
    "  --patient ID     the beneficiary (BENE_ID) the token gives access to\n"
    "  --scope SCOPES   space-separated, from: openid profile launch/patient\n"
    "                   patient/{Patient,Coverage,ExplanationOfBenefit}.{read,r,s,rs}\n"
    "                   (default: " AUTH_DEFAULT_SCOPE ")\n"
    "  --ttl SECONDS    lifetime (default 3600; 0 gives a token that has already expired)\n"
    "  --revoke TOKEN   revoke a token instead of issuing one\n"
    "  --help           show this help\n",
    run,
};
