/* bluebutton admin: operator accounts, which approve or reject apps' requests for production
 * access at /admin (they log in at /developer/login). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/password.h"
#include "cmd.h"
#include "core/buf.h"
#include "core/clock.h"
#include "http/server.h"
#include "store/store.h"

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"email", required_argument, NULL, 'e'},
	    {"password", required_argument, NULL, 'p'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	if (argc < 2 || strcmp(argv[1], "add") != 0) {
		if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
			return cmd_option_other(&cmd_admin, 'h', argv);
		return cmd_usage_error(&cmd_admin,
		                       argc < 2 ? "a subcommand is needed (add)"
		                                : "unknown subcommand '%s'",
		                       argc < 2 ? "" : argv[1]);
	}
	const char *db = cmd_default_db(), *email = NULL, *password = getenv("BB_ADMIN_PASSWORD");
	int c;
	opterr = 0;
	optind = 2;
	while ((c = getopt_long(argc, argv, "+:", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'e':
			email = optarg;
			break;
		case 'p':
			password = optarg;
			break;
		default:
			return cmd_option_other(&cmd_admin, c, argv);
		}
	}
	if (optind < argc)
		return cmd_usage_error(&cmd_admin, "unexpected argument '%s'", argv[optind]);
	if (email == NULL || strchr(email, '@') == NULL || strlen(email) > 254)
		return cmd_usage_error(&cmd_admin, "--email ADDRESS is needed");
	if (password == NULL || strlen(password) < 8 || strlen(password) > PASSWORD_MAX_LEN)
		return cmd_usage_error(&cmd_admin, "--password: 8 characters or more are needed");
	char hash[PASSWORD_ENCODED_MAX];
	char *cause = NULL;
	struct store *s = NULL;
	int rc = 1;
	if (password_hash(password, &PASSWORD_COST_DEFAULT, hash, sizeof hash, &cause) < 0 ||
	    store_open(db, &s, &cause) < 0) {
		fprintf(stderr, "bluebutton admin: %s\n", cause);
		goto out;
	}
	int64_t now = clock_wall_ms();
	struct store_account a = {0, email, hash, "admin", now, now};
	int made = store_put_account(s, &a, NULL, &cause);
	if (made < 0)
		fprintf(stderr, "bluebutton admin: %s\n", cause);
	else if (made == 0)
		fprintf(stderr, "bluebutton admin: an account with email '%s' exists already\n",
		        email);
	else {
		struct buf b = BUF_INIT;
		buf_printf(&b, "{\"id\":%lld,\"email\":", (long long)a.id);
		json_put_string(&b, email);
		printf("%s,\"role\":\"admin\"}\n", buf_cstr(&b));
		buf_free(&b);
		rc = 0;
	}
out:
	free(cause);
	store_close(s);
	return rc;
}

const struct cmd cmd_admin = {
    "admin",
    "add operator accounts (they approve apps for production)",
    "Usage: bluebutton admin add [--db PATH] --email ADDRESS --password PASSWORD\n"
    "\n"
    "Adds an operator account, verified: it logs in at /developer/login like a developer\n"
    "and reviews apps' requests for production access at /admin. The password (8 characters\n"
    "or more; default $BB_ADMIN_PASSWORD) is kept as an argon2id hash. Prints the account as\n"
    "JSON.\n"
    "\n"
    "Options:\n"
    "  --db PATH           the SQLite database (default $BB_DB, else bluebutton.db)\n"
    "  --email ADDRESS     the operator's email (one account per email)\n"
    "  --password TEXT     the password\n"
    "  --help              show this help\n",
    run,
};
