/* bluebutton app: operators register and manage OAuth clients (apps). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/apps.h"
#include "auth/token.h"
#include "cmd.h"
#include "core/clock.h"
#include "core/fatal.h"
#include "store/store.h"

/* What the options say; NULL/-1 where they say nothing. */
struct opts {
	const char *db, *name, *data_access_type, *scopes, *note;
	struct buf uris;      /* space-separated */
	int demographic;      /* -1: not given */
	int token_management; /* -1: not given */
	bool public_client;
};

static void print_app(const struct store_app *a, const char *secret)
{
	struct buf b = BUF_INIT;
	apps_json(&b, a, secret);
	buf_putc(&b, '\n');
	fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
}

static void print_each(void *arg, const struct store_app *a)
{
	(void)arg;
	print_app(a, NULL);
}

/* Parses the options after the subcommand; returns 0, or a usage error's exit code. */
static int parse(int argc, char **argv, struct opts *o, bool settings, bool decision)
{
	static const struct option all[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"name", required_argument, NULL, 'n'},
	    {"redirect-uri", required_argument, NULL, 'u'},
	    {"data-access-type", required_argument, NULL, 't'},
	    {"require-demographic-scopes", required_argument, NULL, 'g'},
	    {"scopes", required_argument, NULL, 's'},
	    {"public", no_argument, NULL, 'p'},
	    {"token-management", required_argument, NULL, 'm'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	static const struct option decide[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"note", required_argument, NULL, 'N'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	static const struct option db_only[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	int c;
	const char *why;
	char *bad = NULL;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+:",
	                        settings   ? all
	                        : decision ? decide
	                                   : db_only,
	                        NULL)) != -1) {
		switch (c) {
		case 'd':
			o->db = optarg;
			break;
		case 'n':
			if (*optarg == '\0' || strlen(optarg) > 255)
				return cmd_usage_error(&cmd_app,
				                       "--name: give 1 to 255 characters");
			o->name = optarg;
			break;
		case 'u':
			if (!apps_redirect_uri_ok(optarg, &why))
				return cmd_usage_error(&cmd_app, "--redirect-uri: '%s': %s", optarg,
				                       why);
			if (o->uris.len)
				buf_putc(&o->uris, ' ');
			buf_puts(&o->uris, optarg);
			break;
		case 't':
			if (!apps_data_access_type_ok(optarg))
				return cmd_usage_error(&cmd_app,
				                       "--data-access-type: '%s' is not ONE_TIME, "
				                       "THIRTEEN_MONTH or RESEARCH_STUDY",
				                       optarg);
			o->data_access_type = optarg;
			break;
		case 'g':
			if (strcmp(optarg, "yes") != 0 && strcmp(optarg, "no") != 0)
				return cmd_usage_error(
				    &cmd_app,
				    "--require-demographic-scopes: '%s' is not yes "
				    "or no",
				    optarg);
			o->demographic = strcmp(optarg, "yes") == 0;
			break;
		case 's':
			if (!auth_scope_valid(optarg, &bad)) {
				int rc =
				    cmd_usage_error(&cmd_app, "--scopes: unknown scope '%s'", bad);
				free(bad);
				return rc;
			}
			o->scopes = optarg;
			break;
		case 'p':
			o->public_client = true;
			break;
		case 'm':
			if (strcmp(optarg, "yes") != 0 && strcmp(optarg, "no") != 0)
				return cmd_usage_error(
				    &cmd_app, "--token-management: '%s' is not yes or no", optarg);
			o->token_management = strcmp(optarg, "yes") == 0;
			break;
		case 'N':
			if (strlen(optarg) > 500)
				return cmd_usage_error(&cmd_app, "--note: 500 characters at most");
			o->note = optarg;
			break;
		case 'h':
			fputs(cmd_app.usage, stdout);
			return -1;
		case ':':
			return cmd_usage_error(&cmd_app, "option '%s' needs a value",
			                       argv[optind - 1]);
		default:
			return cmd_usage_error(&cmd_app, "unknown option '%s'", argv[optind - 1]);
		}
	}
	return 0;
}

/* The one CLIENT_ID argument after the options. */
static const char *client_id_arg(int argc, char **argv, int *rc)
{
	*rc = 0;
	if (optind != argc - 1) {
		*rc = cmd_usage_error(&cmd_app, optind >= argc ? "no CLIENT_ID given"
		                                               : "one CLIENT_ID at a time");
		return NULL;
	}
	return argv[optind];
}

static int run(int argc, char **argv)
{
	if (argc < 2)
		return cmd_usage_error(&cmd_app, "no subcommand given");
	const char *sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		fputs(cmd_app.usage, stdout);
		return 0;
	}
	static const char *const subs[] = {"create",     "list",   "show",    "update", "activate",
	                                   "deactivate", "delete", "approve", "reject"};
	size_t k = 0;
	while (k < sizeof subs / sizeof *subs && strcmp(sub, subs[k]) != 0)
		k++;
	if (k == sizeof subs / sizeof *subs)
		return cmd_usage_error(&cmd_app, "unknown subcommand '%s'", sub);
	bool settings = strcmp(sub, "create") == 0 || strcmp(sub, "update") == 0;
	bool decision = strcmp(sub, "approve") == 0 || strcmp(sub, "reject") == 0;
	struct opts o = {
	    .db = cmd_default_db(), .demographic = -1, .token_management = -1, .uris = BUF_INIT};
	int rc = parse(argc - 1, argv + 1, &o, settings, decision);
	if (rc) {
		buf_free(&o.uris);
		return rc < 0 ? 0 : rc;
	}
	argc--, argv++;
	const char *id = NULL;
	if (strcmp(sub, "create") == 0) {
		if (optind < argc)
			rc = cmd_usage_error(&cmd_app, "unexpected argument '%s'", argv[optind]);
		else if (o.name == NULL)
			rc = cmd_usage_error(&cmd_app, "create: --name is needed");
		else if (o.uris.len == 0)
			rc = cmd_usage_error(&cmd_app,
			                     "create: at least one --redirect-uri is needed");
	} else if (strcmp(sub, "list") == 0) {
		if (optind < argc)
			rc = cmd_usage_error(&cmd_app, "unexpected argument '%s'", argv[optind]);
	} else {
		id = client_id_arg(argc, argv, &rc);
	}
	if (rc) {
		buf_free(&o.uris);
		return rc;
	}

	struct store *s;
	char *cause = NULL;
	rc = 1;
	if (store_open(o.db, &s, &cause) < 0) {
		fprintf(stderr, "bluebutton app: %s\n", cause);
		free(cause);
		buf_free(&o.uris);
		return 1;
	}
	struct store_app a;
	struct buf text = BUF_INIT;
	if (strcmp(sub, "create") == 0) {
		a = (struct store_app){
		    .name = o.name,
		    .redirect_uris = buf_cstr(&o.uris),
		    .data_access_type = o.data_access_type ? o.data_access_type : "THIRTEEN_MONTH",
		    .require_demographic = o.demographic != 0,
		    .scopes = o.scopes ? o.scopes : APPS_ALL_SCOPES,
		    .public_client = o.public_client,
		    .active = true,
		};
		char client_id[APPS_CLIENT_ID_LEN + 1], secret[APPS_SECRET_LEN + 1];
		if (apps_create(s, &a, clock_wall_ms(), client_id, secret, &cause) < 0)
			goto fail;
		print_app(&a, secret);
		rc = 0;
		goto out;
	}
	if (strcmp(sub, "list") == 0) {
		if (store_each_app(s, print_each, NULL, &cause) < 0)
			goto fail;
		rc = 0;
		goto out;
	}
	if (strcmp(sub, "delete") == 0) {
		/* Every grant the app holds ends with it (its tokens stop at once). */
		if (store_begin(s, &cause) < 0)
			goto fail;
		int done = store_delete_app_grants(s, id, clock_wall_ms(), &cause) < 0
		               ? -1
		               : store_delete_app(s, id, &cause);
		if (done < 0 || store_commit(s, &cause) < 0) {
			store_rollback(s);
			goto fail;
		}
		if (done == 0) {
			fprintf(stderr, "bluebutton app: no app with client id '%s'\n", id);
			goto out;
		}
		rc = 0;
		goto out;
	}
	int found = store_get_app(s, id, &a, &text, &cause);
	if (found < 0)
		goto fail;
	if (found == 0) {
		fprintf(stderr, "bluebutton app: no app with client id '%s'\n", id);
		goto out;
	}
	if (strcmp(sub, "update") == 0) {
		if (o.name)
			a.name = o.name;
		if (o.uris.len)
			a.redirect_uris = buf_cstr(&o.uris);
		if (o.data_access_type)
			a.data_access_type = o.data_access_type;
		if (o.demographic >= 0)
			a.require_demographic = o.demographic;
		if (o.scopes)
			a.scopes = o.scopes;
		if (o.token_management >= 0)
			a.token_management = o.token_management;
		if (o.public_client && !a.public_client) {
			fprintf(stderr,
			        "bluebutton app: update: an app with a secret cannot become "
			        "public\n");
			goto out;
		}
	} else if (strcmp(sub, "activate") == 0 || strcmp(sub, "deactivate") == 0) {
		a.active = strcmp(sub, "activate") == 0;
	} else if (decision) {
		/* The operator's decision on production access, with its note. */
		a.status = strcmp(sub, "approve") == 0 ? "approved" : "rejected";
		a.status_note = o.note ? o.note : "";
	}
	if (strcmp(sub, "show") != 0 && store_put_app(s, &a, &cause) < 0)
		goto fail;
	print_app(&a, NULL);
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "bluebutton app: %s\n", cause);
	free(cause);
out:
	buf_free(&text);
	buf_free(&o.uris);
	store_close(s);
	return rc;
}

const struct cmd cmd_app = {
    "app",
    "register and manage apps (OAuth clients)",
    "Usage: bluebutton app create [--db PATH] --name NAME --redirect-uri URI...\n"
    "                             [--data-access-type ONE_TIME|THIRTEEN_MONTH|RESEARCH_STUDY]\n"
    "                             [--require-demographic-scopes yes|no] [--scopes \"S...\"]\n"
    "                             [--public]\n"
    "       bluebutton app list [--db PATH]\n"
    "       bluebutton app show|activate|deactivate|delete [--db PATH] CLIENT_ID\n"
    "       bluebutton app update [--db PATH] [--name NAME] [--redirect-uri URI...]\n"
    "                             [--data-access-type T] [--require-demographic-scopes yes|no]\n"
    "                             [--scopes \"S...\"] [--token-management yes|no] CLIENT_ID\n"
    "       bluebutton app approve|reject [--db PATH] [--note TEXT] CLIENT_ID\n"
    "\n"
    "create registers an app and prints it as JSON with its client_id (40 letters and\n"
    "digits) and client_secret (shown this once: only its SHA-256 is kept; null for a\n"
    "--public app, which authenticates with PKCE alone). list prints one JSON line per app,\n"
    "show one app, update changes what is given (--redirect-uri replaces the list), and\n"
    "deactivate stops an app at once (its tokens stop working) until activate; delete ends\n"
    "every grant the app holds. approve and reject decide an app's request for production\n"
    "access (as operators do at /admin), with a note the developer sees.\n"
    "\n"
    "Options:\n"
    "  --db PATH            the SQLite database (default $BB_DB, else bluebutton.db)\n"
    "  --name NAME          the app's name, shown to beneficiaries\n"
    "  --redirect-uri URI   where authorization answers go (repeatable): https, a custom\n"
    "                       scheme (native apps), or http on a loopback address\n"
    "  --data-access-type T ONE_TIME (no refresh), THIRTEEN_MONTH (the default: access\n"
    "                       lasts 13 months from consent) or RESEARCH_STUDY (no expiry)\n"
    "  --require-demographic-scopes yes|no\n"
    "                       whether the app asks for personal information (Patient,\n"
    "                       profile); beneficiaries may refuse it (default yes)\n"
    "  --scopes \"S...\"      what the app may ask for (default: every scope)\n"
    "  --public             a public client (no secret)\n"
    "  --token-management yes|no\n"
    "                       whether the app may use the connected-apps API (/v2/o/tokens/)\n"
    "  --note TEXT          approve, reject: the note to the developer\n"
    "  --help               show this help\n",
    run,
};
