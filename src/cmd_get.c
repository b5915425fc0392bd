/* bluebutton get: the FHIR data layer's answer to one request, as BFD gives it to an operator
 * (no token). */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "core/fatal.h"
#include "fhir/api.h"
#include "fhir/enrich.h"
#include "fhir/refdata.h"
#include "store/store.h"

#define MAX_HEADERS 32

struct headers {
	const char *name[MAX_HEADERS];
	const char *value[MAX_HEADERS];
	int n;
};

static const char *lookup_header(void *ctx, const char *name)
{
	struct headers *h = ctx;
	for (int i = 0; i < h->n; i++)
		if (strcasecmp(h->name[i], name) == 0)
			return h->value[i];
	return NULL;
}

static const char *reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 400:
		return "Bad Request";
	case 404:
		return "Not Found";
	case 501:
		return "Not Implemented";
	default:
		return status < 500 ? "Client Error" : "Server Error";
	}
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},      {"base-url", required_argument, NULL, 'b'},
	    {"refdata", required_argument, NULL, 'r'}, {"enrichment", required_argument, NULL, 'e'},
	    {"include", no_argument, NULL, 'i'},       {"header", required_argument, NULL, 'H'},
	    {"help", no_argument, NULL, 'h'},          {0},
	};
	const char *db = cmd_default_db(), *base = "http://localhost:8000", *refdir = NULL,
	           *enrichdir = NULL;
	bool include = false;
	const char *pepper = getenv("BB_HASH_PEPPER"), *iterations = getenv("BB_HASH_ITERATIONS");
	struct headers h = {0};
	char *copies[MAX_HEADERS];
	int c, ncopies = 0, rc = 1;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":iH:", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'b':
			base = optarg;
			break;
		case 'r':
			refdir = optarg;
			break;
		case 'e':
			enrichdir = optarg;
			break;
		case 'i':
			include = true;
			break;
		case 'p':
			pepper = optarg;
			break;
		case 'n':
			iterations = optarg;
			break;
		case 'H': {
			char *colon = strchr(optarg, ':');
			if (colon == NULL || colon == optarg)
				return cmd_usage_error(&cmd_get, "-H: '%s' is not 'Name: value'",
				                       optarg);
			if (h.n == MAX_HEADERS)
				return cmd_usage_error(&cmd_get, "-H: more than %d headers",
				                       MAX_HEADERS);
			char *name = copies[ncopies++] = xstrdup(optarg);
			name[colon - optarg] = '\0';
			const char *value = name + (colon - optarg) + 1;
			value += strspn(value, " \t");
			h.name[h.n] = name;
			h.value[h.n++] = value;
			break;
		}
		default:
			return cmd_option_other(&cmd_get, c, argv);
		}
	}
	if (optind != argc - 1)
		return cmd_usage_error(&cmd_get,
		                       optind >= argc ? "no PATH to get" : "one PATH at a time");
	int iters, bad = cmd_hash_iterations(&cmd_get, iterations, &iters);
	if (bad)
		return bad;
	char *target = xstrdup(argv[optind]);
	char *query = strchr(target, '?');
	if (query)
		*query++ = '\0';

	struct refdata *rd = NULL;
	struct enrich *enrich = NULL;
	struct store *s = NULL;
	char *cause = NULL;
	if (cmd_load_refdata(refdir, &rd) < 0 || cmd_load_enrichment(enrichdir, &enrich) < 0)
		goto out;
	if (store_open(db, &s, &cause) < 0) {
		fprintf(stderr, "bluebutton get: %s\n", cause);
		free(cause);
		goto out;
	}
	struct fhir_api api = {
	    .s = s,
	    .rd = rd,
	    .enrich = enrich,
	    .memo = fhir_memo_new(rd),
	    .base_url = base,
	    .hash_pepper = pepper && *pepper ? pepper : FHIR_DEFAULT_PEPPER,
	    .hash_iterations = iters,
	};
	struct fhir_request req = {
	    .path = target, .query = query, .header = lookup_header, .header_ctx = &h};
	struct fhir_response res = {0};
	fhir_api_get(&api, &req, &res);
	if (include)
		printf("HTTP/1.1 %d %s\r\nContent-Type: application/fhir+json\r\n\r\n", res.status,
		       reason(res.status));
	fwrite(res.body.data, 1, res.body.len, stdout);
	putchar('\n');
	buf_free(&res.body);
	fhir_memo_free(api.memo);
	rc = res.status < 400 ? 0 : 1;
out:
	store_close(s);
	refdata_free(rd);
	enrich_free(enrich);
	free(target);
	for (int i = 0; i < ncopies; i++)
		free(copies[i]);
	return rc;
}

const struct cmd cmd_get = {
    "get",
    "print the FHIR data layer's answer to one request",
    "Usage: bluebutton get [--db PATH] [--refdata DIR] [--enrichment DIR]\n"
    "                      [--base-url URL] [-i] [-H 'Name: value']... 'PATH?QUERY'\n"
    "Prints the FHIR R4 resource or Bundle that the data layer gives for PATH, as BFD gives\n"
    "it to an operator: no token, no Blue Button rules. PATH is under /v2/fhir/, e.g.\n"
    "/v2/fhir/Patient/567834, /v2/fhir/Coverage/part-a-567834,\n"
    "/v2/fhir/ExplanationOfBenefit/carrier-9991831999, and searches:\n"
    "/v2/fhir/ExplanationOfBenefit?patient=567834 (type, service-date, _lastUpdated,\n"
    "excludeSAMHSA, _IncludeTaxNumbers, _count, startIndex), /v2/fhir/Coverage?beneficiary=N,\n"
    "/v2/fhir/Patient?_id=N, /v2/fhir/Patient?identifier=SYSTEM|HASH (mbi-hash, hicn-hash).\n"
    "\n"
    "Options:\n"
    "  --db PATH         the SQLite database (default $BB_DB, else bluebutton.db)\n"
    "  --refdata DIR     the code tables for display texts (default $BB_REFDATA; without\n"
    "                    them, resources have no display texts)\n"
    "  --enrichment DIR  the NPI and drug-name tables, *.json files of JSON lines (default\n"
    "                    $BB_ENRICHMENT; without them, no provider or drug names)\n"
    "  --base-url URL    the public base of links (default http://localhost:8000)\n"
    "  -i, --include     print the status line and headers first\n"
    "  -H, --header 'Name: value'\n"
    "                    a request header BFD reads: IncludeIdentifiers,\n"
    "                    IncludeAddressFields, IncludeTaxNumbers (repeatable)\n"
    "  --help            show this help\n"
    "\n"
    "Exit status: 0 when the answer is a success (2xx), 1 otherwise, 2 on bad usage.\n",
    run,
};
