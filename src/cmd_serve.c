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
#include "fhir/api.h"
#include "fhir/enrich.h"
#include "fhir/memo.h"
#include "fhir/refdata.h"
#include "http/dashboard_http.h"
#include "http/docs_http.h"
#include "http/fhir_http.h"
#include "http/routes.h"
#include "http/site_http.h"
#include "web/page.h"
#include "http/authorize_http.h"
#include "http/oauth_http.h"
#include "http/portal_http.h"
#include "http/ratelimit.h"
#include "http/usage.h"
#include "http/server.h"
#include "store/store.h"

/* Each server thread has its own database connection (opened on its first request) and its
 * own memo of rendered fragments; the token endpoints write through one shared connection,
 * and a thread of its own checkpoints the database. */
struct app {
	const char *db;
	pthread_key_t store_key, memo_key;
	struct fhir_http fhir;
	struct oauth_http oauth;
	struct authorize_http authorize;
	struct docs_http docs;
	struct portal_http portal;
	struct dashboard_http dashboard;
};

static void close_store(void *s)
{
	store_close(s);
}

static void free_memo(void *m)
{
	fhir_memo_free(m);
}

static struct store *thread_store(struct app *app, char **cause)
{
	struct store *s = pthread_getspecific(app->store_key);
	if (s == NULL) {
		if (store_open(app->db, &s, cause) < 0)
			return NULL;
		if (store_defer_checkpoints(s, cause) < 0) {
			store_close(s);
			return NULL;
		}
		pthread_setspecific(app->store_key, s);
	}
	return s;
}

static struct fhir_memo *thread_memo(struct app *app)
{
	struct fhir_memo *m = pthread_getspecific(app->memo_key);
	if (m == NULL) {
		m = fhir_memo_new(app->fhir.rd);
		pthread_setspecific(app->memo_key, m);
	}
	return m;
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
	/* The route table decides: no route, 404; a method the route does not take, 405. */
	const struct http_route *r = http_route_find(req->path);
	if (fhir_http_path(req->path))
		res->content_type =
		    FHIR_HTTP_CONTENT_TYPE; /* the FHIR API's errors are FHIR's type */
	if (r == NULL) {
		http_detail(res, 404, "Not found.");
		return;
	}
	if (!http_route_allows(r, req->method)) {
		char allow[64];
		http_route_allow(r, allow, sizeof allow);
		http_method_not_allowed(req, res, allow);
		return;
	}
	char *cause = NULL;
	struct store *s = NULL;
	if (r->handler == H_AUTHORIZE || r->handler == H_OAUTH || r->handler == H_FHIR ||
	    r->handler == H_PORTAL || r->handler == H_DASHBOARD) {
		s = thread_store(app, &cause);
		if (s == NULL && r->handler == H_FHIR)
			fprintf(stderr, "bluebutton serve: %s\n", cause);
		free(cause);
	}
	switch (r->handler) {
	case H_HEALTH:
		health(app, res);
		break;
	case H_STATIC:
		web_static(req->path, res);
		break;
	case H_SITE:
		site_http_handle(req, res);
		break;
	case H_DOCS:
		docs_http_handle(&app->docs, req, res);
		break;
	case H_PORTAL:
		portal_http_handle(&app->portal, s, req, res);
		break;
	case H_DASHBOARD:
		dashboard_http_handle(&app->dashboard, s, req, res);
		break;
	case H_AUTHORIZE:
		authorize_http_handle(&app->authorize, s, req, res);
		break;
	case H_OAUTH:
		oauth_http_handle(&app->oauth, s, req, res);
		break;
	case H_FHIR:
		fhir_http_handle(&app->fhir, s, thread_memo(app), req, res);
		break;
	}
}

/* "N/SECONDS" (or "N", per minute). */
static int parse_rate(const char *s, long *limit, long *window)
{
	char *end;
	*limit = strtol(s, &end, 10);
	*window = 60;
	if (end == s || *limit < 1)
		return -1;
	if (*end == '/') {
		const char *w = end + 1;
		*window = strtol(w, &end, 10);
		if (end == w || *window < 1 || *window > 86400)
			return -1;
	}
	return *end == '\0' ? 0 : -1;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"listen", required_argument, NULL, 'l'},
	    {"threads", required_argument, NULL, 't'},
	    {"base-url", required_argument, NULL, 'b'},
	    {"trust-proxy", no_argument, NULL, 'x'},
	    {"refdata", required_argument, NULL, 'r'},
	    {"enrichment", required_argument, NULL, 'e'},
	    {"rate-limit", required_argument, NULL, 'R'},
	    {"render-cache", required_argument, NULL, 'C'},
	    {"hash-pepper", required_argument, NULL, 'p'},
	    {"hash-iterations", required_argument, NULL, 'n'},
	    {"web", required_argument, NULL, 'w'},
	    {"routes", no_argument, NULL, 'L'},
	    {"mode", required_argument, NULL, 'M'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	struct app app = {.db = cmd_default_db()};
	const char *web = getenv("BB_WEB");
	app.docs.web_dir = web && *web ? web : "web";
	bool routes = false, production = false;
	const char *listen = "127.0.0.1:8000", *refdir = NULL, *enrichdir = NULL, *rate = NULL;
	const char *pepper = getenv("BB_HASH_PEPPER"), *iterations = getenv("BB_HASH_ITERATIONS");
	long threads = sysconf(_SC_NPROCESSORS_ONLN), limit = 0, window = 0, cache_mb = 256;
	int c;
	long long number;
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
			if (!cmd_number(optarg, 1, 1024, &number))
				return cmd_usage_error(
				    &cmd_serve, "--threads: '%s' is not a number from 1 to 1024",
				    optarg);
			threads = (long)number;
			break;
		case 'b':
			if (strncmp(optarg, "http://", 7) != 0 &&
			    strncmp(optarg, "https://", 8) != 0)
				return cmd_usage_error(
				    &cmd_serve, "--base-url: '%s' is not an http(s) URL", optarg);
			app.fhir.base_url = optarg;
			break;
		case 'x':
			app.fhir.trust_proxy = true;
			break;
		case 'r':
			refdir = optarg;
			break;
		case 'e':
			enrichdir = optarg;
			break;
		case 'R':
			rate = optarg;
			if (parse_rate(optarg, &limit, &window) < 0)
				return cmd_usage_error(
				    &cmd_serve, "--rate-limit: '%s' is not N or N/SECONDS", optarg);
			break;
		case 'C':
			if (!cmd_number(optarg, 0, 1024 * 1024, &number))
				return cmd_usage_error(&cmd_serve,
				                       "--render-cache: '%s' is not a number of MB",
				                       optarg);
			cache_mb = (long)number;
			break;
		case 'p':
			pepper = optarg;
			break;
		case 'n':
			iterations = optarg;
			break;
		case 'w':
			app.docs.web_dir = optarg;
			break;
		case 'L':
			routes = true;
			break;
		case 'M':
			if (strcmp(optarg, "sandbox") != 0 && strcmp(optarg, "production") != 0)
				return cmd_usage_error(&cmd_serve,
				                       "--mode: '%s' is not sandbox or production",
				                       optarg);
			production = strcmp(optarg, "production") == 0;
			break;
		default:
			return cmd_option_other(&cmd_serve, c, argv);
		}
	}
	if (optind < argc)
		return cmd_usage_error(&cmd_serve, "unexpected argument '%s'", argv[optind]);
	if (routes) {
		for (int i = 0; i < http_route_count; i++) {
			char allow[64];
			http_route_allow(&http_routes[i], allow, sizeof allow);
			for (char *p = allow; (p = strstr(p, ", ")) != NULL;)
				memmove(p + 1, p + 2, strlen(p + 2) + 1), *p = ',';
			printf("%s %s\n", allow, http_routes[i].path);
		}
		return 0;
	}
	/* Production: its pages and tokens travel over TLS only (here, or at a proxy). */
	if (production && !app.fhir.trust_proxy &&
	    (app.fhir.base_url == NULL || strncmp(app.fhir.base_url, "https://", 8) != 0))
		return cmd_usage_error(&cmd_serve, "--mode production needs --base-url https://... "
		                                   "or --trust-proxy (TLS at a proxy)");
	char host[256];
	int port;
	if (http_parse_listen(listen, host, sizeof host, &port) < 0)
		return cmd_usage_error(&cmd_serve, "--listen: '%s' is not HOST:PORT", listen);
	int iters, bad = cmd_hash_iterations(&cmd_serve, iterations, &iters);
	if (bad)
		return bad;
	app.fhir.hash_pepper = pepper && *pepper ? pepper : FHIR_DEFAULT_PEPPER;
	app.fhir.hash_iterations = iters;

	struct refdata *rd = NULL;
	struct enrich *enrich = NULL;
	if (cmd_load_refdata(refdir, &rd) < 0 || cmd_load_enrichment(enrichdir, &enrich) < 0) {
		refdata_free(rd);
		return 1;
	}
	app.fhir.rd = rd;
	app.oauth.base_url = app.fhir.base_url;
	app.oauth.trust_proxy = app.fhir.trust_proxy;
	app.oauth.production = production;
	app.authorize.production = production;
	app.authorize.base_url = app.fhir.base_url;
	app.authorize.trust_proxy = app.fhir.trust_proxy;
	/* Log-in throttling: 5 failures per username and 50 per address in 15 minutes. */
	app.authorize.login_user = ratelimit_new(5, 900);
	app.authorize.login_addr = ratelimit_new(50, 900);
	app.dashboard.base_url = app.fhir.base_url;
	app.dashboard.trust_proxy = app.fhir.trust_proxy;
	app.portal.base_url = app.fhir.base_url;
	app.portal.trust_proxy = app.fhir.trust_proxy;
	app.portal.login = ratelimit_new(5, 900);
	app.fhir.enrich = enrich;
	if (rate)
		app.fhir.rate = ratelimit_new(limit, window);
	if (cache_mb)
		app.fhir.cache = fhir_cache_new((size_t)cache_mb << 20, rd, enrich);

	/* Open (and create or migrate) the database once before serving, to fail early; the API
	 * console's app is registered. */
	struct store *s = NULL;
	char *cause = NULL;
	int rc = 1;
	if (store_open(app.db, &s, &cause) < 0 ||
	    (!production && docs_http_register_app(s, app.fhir.base_url, &cause) < 0)) {
		fprintf(stderr, "bluebutton serve: %s\n", cause);
		free(cause);
		store_close(s);
		goto fail;
	}
	store_close(s);
	app.docs.base_url = app.fhir.base_url;
	pthread_key_create(&app.store_key, close_store);
	pthread_key_create(&app.memo_key, free_memo);

	/* Block the stop signals in every thread; the main thread waits for them. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	app.oauth.writer = store_shared_new(app.db, 1000);
	app.fhir.usage = usage_new(app.db, 2000);

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
		goto fail;
	}
	printf("{\"msg\":\"listening\",\"url\":\"http://%s%s%s:%d\",\"db\":",
	       strchr(host, ':') ? "[" : "", host, strchr(host, ':') ? "]" : "", http_port(srv));
	struct buf b = BUF_INIT;
	json_put_string(&b, app.db);
	printf("%s,\"threads\":%ld,\"mode\":\"%s\"}\n", buf_cstr(&b), threads,
	       production ? "production" : "sandbox");
	buf_free(&b);
	fflush(stdout);

	int sig;
	sigwait(&stop, &sig);
	http_stop(srv);
	printf("{\"msg\":\"stopped\",\"signal\":\"%s\"}\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	fflush(stdout);
	rc = 0;
fail:
	usage_free(app.fhir.usage);
	store_shared_free(app.oauth.writer);
	ratelimit_free(app.fhir.rate);
	ratelimit_free(app.authorize.login_user);
	ratelimit_free(app.authorize.login_addr);
	ratelimit_free(app.portal.login);
	fhir_cache_free(app.fhir.cache);
	refdata_free(rd);
	enrich_free(enrich);
	return rc;
}

const struct cmd cmd_serve = {
    "serve",
    "serve the API over HTTP",
    "Usage: bluebutton serve [--db PATH] [--listen HOST:PORT] [--threads N]\n"
    "                        [--refdata DIR] [--enrichment DIR] [--base-url URL]\n"
    "                        [--trust-proxy] [--rate-limit N[/SECONDS]]\n"
    "                        [--render-cache MB] [--web DIR] [--mode sandbox|production]\n"
    "       bluebutton serve --routes\n"
    "Serves the API over HTTP/1.1 until SIGINT or SIGTERM, then stops cleanly. --routes\n"
    "prints every path it answers (with its methods) and exits.\n"
    "\n"
    "Endpoints:\n"
    "  GET /health            200 {\"status\":\"ok\",\"db\":\"ok\"}, or 503 when the database\n"
    "                         is unusable\n"
    "  GET /v2/fhir/metadata  the CapabilityStatement (no token needed)\n"
    "  GET /v2/fhir/Patient, /v2/fhir/Coverage, /v2/fhir/ExplanationOfBenefit, each with\n"
    "      /ID to read one: FHIR R4 as Blue Button 2.0 serves it, for a bearer token\n"
    "      (Authorization: Bearer TOKEN; see 'bluebutton token'), searches limited to the\n"
    "      token's patient\n"
    "  OAuth 2.0 / SMART, as Blue Button 2.0: GET|POST /v2/o/authorize/ (then the\n"
    "      sandbox login /mymedicare/login and the consent page), POST /v2/o/token/,\n"
    "      /v2/o/revoke_token/, /v2/o/revoke/, GET|POST /v2/o/introspect/,\n"
    "      GET /v2/connect/userinfo, POST /v2/o/expire_authenticated_user/PATIENT/, and\n"
    "      /.well-known/openid-configuration, /v2/fhir/.well-known/smart-configuration\n"
    "      (apps: 'bluebutton app'; beneficiaries' accounts: 'bluebutton user')\n"
    "  GET /                  the landing page\n"
    "  GET /docs              the API console: web/openapi.yaml in Swagger UI, signing in\n"
    "                         as the public app api-console (registered at a sandbox's start)\n"
    "\n"
    "Options:\n"
    "  --db PATH           the SQLite database (created when missing; default $BB_DB,\n"
    "                      else bluebutton.db)\n"
    "  --listen HOST:PORT  where to listen (default 127.0.0.1:8000; port 0 picks a free\n"
    "                      port, shown in the first log line)\n"
    "  --threads N         worker threads (default: the number of processors)\n"
    "  --refdata DIR       code tables for display texts (default $BB_REFDATA)\n"
    "  --enrichment DIR    NPI and drug-name tables (default $BB_ENRICHMENT)\n"
    "  --base-url URL      the public base of links in Bundles (default: from the\n"
    "                      request's Host header)\n"
    "  --trust-proxy       take the public base from X-Forwarded-Proto and\n"
    "                      X-Forwarded-Host (behind a reverse proxy)\n"
    "  --render-cache MB   memory for rendered ExplanationOfBenefits kept for the next\n"
    "                      request (default 256; 0: none)\n"
    "  --rate-limit N[/SECONDS]\n"
    "                      at most N FHIR requests per token in each window of SECONDS\n"
    "                      (default 60); off unless given\n"
    "  --hash-pepper TEXT, --hash-iterations N\n"
    "                      the MBI hash for identifier searches (default $BB_HASH_PEPPER,\n"
    "                      $BB_HASH_ITERATIONS, else BFD's test values)\n"
    "  --mode M            sandbox (the default) or production: no synthetic users' log-in,\n"
    "                      no expire_authenticated_user, only apps an operator approved\n"
    "                      may start an authorization, no API console app; needs\n"
    "                      --base-url https://... or --trust-proxy\n"
    "  --web DIR           where openapi.yaml, console.js and Swagger UI\n"
    "                      (node_modules/swagger-ui-dist) are (default $BB_WEB, else web)\n"
    "  --help              show this help\n"
    "\n"
    "Logs one JSON line per request on standard output; FHIR requests add an audit record\n"
    "(app, SHA-256 of the token, patient, resource, ids or count, status, microseconds).\n",
    run,
};
