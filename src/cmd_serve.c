/* bluebutton serve: the HTTP API. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "core/fatal.h"
#include "http/server.h"
#include "store/store.h"

/* Each server thread has its own database connection, opened on its first request. */
struct app {
	const char *db;
	pthread_key_t store_key;
};

static void close_store(void *s)
{
	store_close(s);
}

static struct store *thread_store(struct app *app, char **cause)
{
	struct store *s = pthread_getspecific(app->store_key);
	if (s == NULL) {
		if (store_open(app->db, &s, cause) < 0)
			return NULL;
		pthread_setspecific(app->store_key, s);
	}
	return s;
}

static void health(struct app *app, struct http_response *res)
{
	char *cause = NULL;
	struct store *s = thread_store(app, &cause);
	if (s && store_ping(s, &cause) == 0) {
		buf_puts(&res->body, "{\"status\":\"ok\",\"db\":\"ok\"}");
		return;
	}
	if (s) {
		/* Reopen on the next request: the file may have been replaced. */
		store_close(s);
		pthread_setspecific(app->store_key, NULL);
	}
	res->status = 503;
	buf_puts(&res->body, "{\"status\":\"error\",\"db\":\"unavailable\",\"detail\":");
	json_put_string(&res->body, cause ? cause : "unknown error");
	buf_putc(&res->body, '}');
	free(cause);
}

static void handle(void *ctx, const struct http_request *req, struct http_response *res)
{
	struct app *app = ctx;
	size_t n = strlen(req->path);
	bool health_path =
	    strncmp(req->path, "/health", 7) == 0 && (n == 7 || (n == 8 && req->path[7] == '/'));
	if (health_path) {
		if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
			res->status = 405;
			buf_puts(&res->body, "{\"detail\":\"Method not allowed.\"}");
			return;
		}
		health(app, res);
		return;
	}
	res->status = 404;
	buf_puts(&res->body, "{\"detail\":\"Not found.\"}");
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"listen", required_argument, NULL, 'l'},
	    {"threads", required_argument, NULL, 't'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	struct app app = {.db = cmd_default_db()};
	const char *listen = "127.0.0.1:8000";
	long threads = sysconf(_SC_NPROCESSORS_ONLN);
	int c;
	char *end;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+:", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			app.db = optarg;
			break;
		case 'l':
			listen = optarg;
			break;
		case 't':
			threads = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end || threads < 1 || threads > 1024)
				return cmd_usage_error(
				    &cmd_serve, "--threads: '%s' is not a number from 1 to 1024",
				    optarg);
			break;
		case 'h':
			fputs(cmd_serve.usage, stdout);
			return 0;
		case ':':
			return cmd_usage_error(&cmd_serve, "option '%s' needs a value",
			                       argv[optind - 1]);
		default:
			return cmd_usage_error(&cmd_serve, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cmd_usage_error(&cmd_serve, "unexpected argument '%s'", argv[optind]);
	char host[256];
	int port;
	if (http_parse_listen(listen, host, sizeof host, &port) < 0)
		return cmd_usage_error(&cmd_serve, "--listen: '%s' is not HOST:PORT", listen);

	/* Open (and create or migrate) the database once before serving, to fail early. */
	struct store *s;
	char *cause = NULL;
	if (store_open(app.db, &s, &cause) < 0) {
		fprintf(stderr, "bluebutton serve: %s\n", cause);
		free(cause);
		return 1;
	}
	store_close(s);
	pthread_key_create(&app.store_key, close_store);

	/* Block the stop signals in every thread; the main thread waits for them. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct http_config cfg = {
	    .listen = listen,
	    .threads = (int)threads,
	    .handler = handle,
	    .ctx = &app,
	    .log = stdout,
	};
	struct http_server *srv;
	if (http_start(&cfg, &srv, &cause) < 0) {
		fprintf(stderr, "bluebutton serve: %s\n", cause);
		free(cause);
		return 1;
	}
	printf("{\"msg\":\"listening\",\"url\":\"http://%s%s%s:%d\",\"db\":",
	       strchr(host, ':') ? "[" : "", host, strchr(host, ':') ? "]" : "", http_port(srv));
	struct buf b = BUF_INIT;
	json_put_string(&b, app.db);
	printf("%s,\"threads\":%ld}\n", buf_cstr(&b), threads);
	buf_free(&b);
	fflush(stdout);

	int sig;
	sigwait(&stop, &sig);
	http_stop(srv);
	printf("{\"msg\":\"stopped\",\"signal\":\"%s\"}\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	fflush(stdout);
	return 0;
}

const struct cmd cmd_serve = {
    "serve",
    "serve the API over HTTP",
    "Usage: bluebutton serve [--db PATH] [--listen HOST:PORT] [--threads N]\n"
    "Serves the API over HTTP/1.1 until SIGINT or SIGTERM, then stops cleanly.\n"
    "\n"
    "Endpoints:\n"
    "  GET /health   200 {\"status\":\"ok\",\"db\":\"ok\"}, or 503 when the database is\n"
    "                unusable\n"
    "\n"
    "Options:\n"
    "  --db PATH           the SQLite database (created when missing; default $BB_DB,\n"
    "                      else bluebutton.db)\n"
    "  --listen HOST:PORT  where to listen (default 127.0.0.1:8000; port 0 picks a free\n"
    "                      port, shown in the first log line)\n"
    "  --threads N         worker threads (default: the number of processors)\n"
    "  --help              show this help\n"
    "\n"
    "Logs one JSON line per request on standard output.\n",
    run,
};
