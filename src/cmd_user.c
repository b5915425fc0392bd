/* bluebutton user: an operator adds a beneficiary's account (a username and an argon2id
 * password hash, tied to one beneficiary), as the sandbox's BBUser00000 … are. */
#include <getopt.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/password.h"
#include "cmd.h"
#include "core/buf.h"
#include "core/clock.h"
#include "fhir/api.h"
#include "http/server.h"
#include "store/store.h"

/* Declared in cmd.h too; here as well so that this file compiles before it is registered. */

#define USERNAME_MAX 150
#define FIELD_MAX    255 /* --mbi, --name */

/* Django's rule for usernames (its ASCII validator): 1 to 150 letters, digits and @.+-_ */
static bool username_ok(const char *u)
{
	size_t n = strlen(u);
	return n >= 1 && n <= USERNAME_MAX &&
	       strspn(u, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@.+-_") ==
	           n;
}

/* Whether s is 1 to FIELD_MAX bytes without control characters. */
static bool field_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > FIELD_MAX)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

/* Reads the password from stdin's first line (its newline, and a CR before it, stripped) into
 * *out (malloc'd). Returns 0, or a usage error's exit code with it reported. */
static int read_password(char **out)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);
	if (n < 0) {
		free(line);
		return cmd_usage_error(&cmd_user, "--password-stdin: nothing on stdin");
	}
	size_t len = (size_t)n;
	if (len && line[len - 1] == '\n')
		line[--len] = '\0';
	if (len && line[len - 1] == '\r')
		line[--len] = '\0';
	int rc = 0;
	if (strlen(line) != len)
		rc = cmd_usage_error(&cmd_user, "--password-stdin: the password has a NUL byte");
	if (rc) {
		OPENSSL_cleanse(line, cap);
		free(line);
		return rc;
	}
	*out = line;
	return 0;
}

static int add(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},       {"username", required_argument, NULL, 'u'},
	    {"password", required_argument, NULL, 'P'}, {"password-stdin", no_argument, NULL, 'S'},
	    {"patient", required_argument, NULL, 'p'},  {"mbi", required_argument, NULL, 'm'},
	    {"name", required_argument, NULL, 'n'},     {"sandbox-cost", no_argument, NULL, 'c'},
	    {"help", no_argument, NULL, 'h'},           {0},
	};
	const char *db = cmd_default_db(), *username = NULL, *password = NULL, *patient = NULL,
	           *mbi = NULL, *name = NULL;
	bool from_stdin = false, sandbox = false;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+:", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'u':
			username = optarg;
			break;
		case 'P':
			password = optarg;
			break;
		case 'S':
			from_stdin = true;
			break;
		case 'p':
			patient = optarg;
			break;
		case 'm':
			mbi = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 'c':
			sandbox = true;
			break;
		default:
			return cmd_option_other(&cmd_user, c, argv);
		}
	}
	if (optind < argc)
		return cmd_usage_error(&cmd_user, "unexpected argument '%s'", argv[optind]);
	if (username == NULL)
		return cmd_usage_error(&cmd_user, "add: give --username U");
	if (!username_ok(username))
		return cmd_usage_error(&cmd_user,
		                       "--username: '%s' is not 1 to %d letters, digits and @.+-_",
		                       username, USERNAME_MAX);
	if ((password == NULL) == !from_stdin)
		return cmd_usage_error(&cmd_user,
		                       "add: give one of --password P and --password-stdin");
	if (patient == NULL)
		return cmd_usage_error(&cmd_user, "add: give --patient ID");
	int64_t bene;
	if (fhir_parse_id(patient, &bene) < 0)
		return cmd_usage_error(&cmd_user, "--patient: '%s' is not a beneficiary id",
		                       patient);
	if (mbi && !field_ok(mbi))
		return cmd_usage_error(
		    &cmd_user, "--mbi: give 1 to %d characters, no control characters", FIELD_MAX);
	if (name && !field_ok(name))
		return cmd_usage_error(
		    &cmd_user, "--name: give 1 to %d bytes, no control characters", FIELD_MAX);
	char *line = NULL;
	if (from_stdin) {
		int rc = read_password(&line);
		if (rc)
			return rc;
		password = line;
	}
	const char *opt = from_stdin ? "--password-stdin" : "--password";
	size_t plen = strlen(password);
	int rc = 0;
	if (plen == 0)
		rc = cmd_usage_error(&cmd_user, "%s: the password is empty", opt);
	else if (plen > PASSWORD_MAX_LEN)
		rc = cmd_usage_error(&cmd_user, "%s: the password is longer than %d bytes", opt,
		                     PASSWORD_MAX_LEN);
	if (rc)
		goto wipe;

	struct store *s;
	char *cause = NULL;
	rc = 1;
	if (store_open(db, &s, &cause) < 0) {
		fprintf(stderr, "bluebutton user: %s\n", cause);
		free(cause);
		goto wipe;
	}
	if (!cmd_beneficiary_exists(&cmd_user, s, bene, patient, db))
		goto out;
	char hash[PASSWORD_ENCODED_MAX];
	if (password_hash(password, sandbox ? &PASSWORD_COST_SANDBOX : &PASSWORD_COST_DEFAULT, hash,
	                  sizeof hash, &cause) < 0) {
		fprintf(stderr, "bluebutton user: %s\n", cause);
		goto out;
	}
	struct store_user u = {username, hash, bene, mbi, name, clock_wall_ms()};
	if (store_put_user(s, &u, &cause) < 0) {
		fprintf(stderr, "bluebutton user: %s\n", cause);
		goto out;
	}
	struct buf b = BUF_INIT;
	buf_puts(&b, "{\"username\":");
	json_put_string(&b, username);
	buf_printf(&b, ",\"patient\":\"%lld\"}\n", (long long)bene);
	fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
	rc = 0;
out:
	free(cause);
	store_close(s);
wipe:
	if (line) {
		OPENSSL_cleanse(line, strlen(line));
		free(line);
	}
	return rc;
}

static int run(int argc, char **argv)
{
	if (argc < 2)
		return cmd_usage_error(&cmd_user, "no subcommand given (add)");
	const char *sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		fputs(cmd_user.usage, stdout);
		return 0;
	}
	if (strcmp(sub, "add") == 0)
		return add(argc - 1, argv + 1);
	if (sub[0] == '-')
		return cmd_usage_error(&cmd_user, "give a subcommand (add) before '%s'", sub);
	return cmd_usage_error(&cmd_user, "unknown subcommand '%s'", sub);
}

const struct cmd cmd_user = {
    "user",
    "add a beneficiary's account (username and password, for logging in)",
    "Usage: bluebutton user add [--db PATH] --username U (--password P | --password-stdin)\n"
    "                           --patient ID [--mbi MBI] [--name \"FIRST LAST\"]\n"
    "                           [--sandbox-cost]\n"
    "Adds the account of a beneficiary, who logs in with it to authorize apps, and prints\n"
    "  {\"username\":…,\"patient\":…}\n"
    "Only the password's argon2id hash is stored. A username that exists already is an "
    "error.\n"
    "\n"
    "Options:\n"
    "  --db PATH          the SQLite database (default $BB_DB, else bluebutton.db)\n"
    "  --username U       1 to 150 letters, digits and @.+-_\n"
    "  --password P       the password (1 to 1024 bytes); other users can see it in the\n"
    "                     process list: prefer --password-stdin\n"
    "  --password-stdin   read the password from stdin's first line\n"
    "  --patient ID       the beneficiary (BENE_ID) of the account; must be in the database\n"
    "  --mbi MBI          the beneficiary's Medicare Beneficiary Identifier, as shown to them\n"
    "  --name \"F L\"       the beneficiary's name, as shown to them\n"
    "  --sandbox-cost     hash at the sandbox's low cost (1 MiB, 1 pass) instead of OWASP's\n"
    "                     (19 MiB, 2 passes): only for synthetic sandbox users\n"
    "  --help             show this help\n",
    run,
};
