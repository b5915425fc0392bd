/* Tests for http/server.c: listen-address parsing, JSON string escaping, and a real server on
 * 127.0.0.1 driven over plain sockets (status line, headers, body, request log, stop). */
#include "testutil.h"

#include "core/fatal.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <time.h>

#include "http/server.h"

/* ---- http_parse_listen ---- */

static void test_parse_listen_ipv4(void **state)
{
	char host[64];
	int port = -1;
	assert_int_equal(http_parse_listen("127.0.0.1:8000", host, sizeof host, &port), 0);
	assert_string_equal(host, "127.0.0.1");
	assert_int_equal(port, 8000);
	assert_int_equal(http_parse_listen("localhost:0", host, sizeof host, &port), 0);
	assert_string_equal(host, "localhost");
	assert_int_equal(port, 0);
	assert_int_equal(http_parse_listen("0.0.0.0:65535", host, sizeof host, &port), 0);
	assert_string_equal(host, "0.0.0.0");
	assert_int_equal(port, 65535);
}

static void test_parse_listen_ipv6(void **state)
{
	char host[64];
	int port = -1;
	assert_int_equal(http_parse_listen("[::1]:80", host, sizeof host, &port), 0);
	assert_string_equal(host, "::1");
	assert_int_equal(port, 80);
	assert_int_equal(http_parse_listen("[fe80::1:2]:443", host, sizeof host, &port), 0);
	assert_string_equal(host, "fe80::1:2");
	assert_int_equal(port, 443);
}

static void test_parse_listen_bad(void **state)
{
	static const char *const bad[] = {
	    "host:",   /* no port */
	    ":80",     /* no host */
	    "x:70000", /* port out of range */
	    "noport",  /* no colon */
	    "x:-1",    /* negative */
	    "x:80a",   /* trailing junk */
	    "[::1]80", /* no colon after ']' */
	    "[::1",    /* no ']' */
	    "[::1]:",  /* v6 without port */
	    "[]:80",   /* empty v6 host */
	    "x:+80",   /* sign before the port */
	    "x: 80",   /* space before the port */
	    "",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char host[64] = "untouched";
		int port = 12345;
		if (http_parse_listen(bad[i], host, sizeof host, &port) != -1)
			fail_msg("'%s' was accepted (host '%s', port %d)", bad[i], host, port);
		assert_int_equal(port, 12345);
	}
}

static void test_parse_listen_host_too_long(void **state)
{
	char host[8];
	int port = 0;
	assert_int_equal(http_parse_listen("abcdefghij:80", host, sizeof host, &port), -1);
	assert_int_equal(http_parse_listen("[abcdefghij]:80", host, sizeof host, &port), -1);
	/* Exactly fits: seven characters and the NUL. */
	assert_int_equal(http_parse_listen("abcdefg:80", host, sizeof host, &port), 0);
	assert_string_equal(host, "abcdefg");
}

/* ---- json_put_string ---- */

static char *json_of(const char *s)
{
	struct buf b = BUF_INIT;
	json_put_string(&b, s);
	char *r = strdup(buf_cstr(&b));
	buf_free(&b);
	return r;
}

static void expect_json(const char *in, const char *want)
{
	char *got = json_of(in);
	assert_string_equal(got, want);
	free(got);
}

static void test_json_put_string(void **state)
{
	expect_json("", "\"\"");
	expect_json("plain text", "\"plain text\"");
	expect_json("say \"hi\"", "\"say \\\"hi\\\"\"");
	expect_json("a\\b", "\"a\\\\b\"");
	expect_json("l1\nl2\r\tx", "\"l1\\nl2\\r\\tx\"");
	expect_json("\x01\x1f\x7f", "\"\\u0001\\u001f\x7f\"");
	expect_json("\b\f", "\"\\u0008\\u000c\"");
	expect_json("/path/", "\"/path/\"");
	/* UTF-8 passes through byte for byte. */
	expect_json("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
	            "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
}

static void test_json_put_string_appends(void **state)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "{\"k\":");
	json_put_string(&b, "v");
	buf_putc(&b, '}');
	assert_string_equal(buf_cstr(&b), "{\"k\":\"v\"}");
	buf_free(&b);
}

/* ---- a real server ---- */

/* What the handler saw, for the test to check (the handler runs on a server thread). */
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static int seen_calls;

/* Answers /x with 200 text/plain naming the method, path and two headers; /teapot with 418;
 * /empty with 204 and no body; everything else 404 JSON. */
static void tiny_handler(void *ctx, const struct http_request *req, struct http_response *res)
{
	int *calls = ctx;
	pthread_mutex_lock(&seen_lock);
	(*calls)++;
	pthread_mutex_unlock(&seen_lock);
	if (strcmp(req->path, "/x") == 0) {
		const char *t = http_header(req, "X-Test");
		const char *missing = http_header(req, "X-Absent");
		res->content_type = "text/plain; charset=utf-8";
		const char *host = http_header(req, "host"); /* names are case-insensitive */
		buf_printf(&res->body, "%s %s x-test=%s host=%s absent=%s", req->method, req->path,
		           t ? t : "(null)", host ? host : "(null)", missing ? missing : "(null)");
	} else if (strcmp(req->path, "/teapot") == 0) {
		res->status = 418;
		res->content_type = "text/plain";
		buf_puts(&res->body, "short and stout");
	} else if (strcmp(req->path, "/empty") == 0) {
		res->status = 204;
	} else if (strcmp(req->path, "/big") == 0) {
		/* 2,000 bytes (gzipped for clients that take it), the raw query, a header and a
		 * log member of the handler's own. */
		for (int i = 0; i < 200; i++)
			buf_puts(&res->body, "0123456789");
		http_set_header(res, "X-Query", req->query ? req->query : "(none)");
		http_set_header(res, "X-Query", req->query ? req->query : "(null)");
		http_set_header(res, "X-Seen-Id", req->request_id);
		buf_puts(&res->log, ",\"extra\":true");
	} else if (strcmp(req->path, "/echo") == 0) {
		res->content_type = "text/plain";
		buf_printf(&res->body, "%s %zu:", req->method, req->body_len);
		buf_append(&res->body, req->body, req->body_len);
	} else if (strcmp(req->path, "/not-modified") == 0) {
		res->status = 304;
		buf_puts(&res->body, "never sent");
	} else {
		res->status = 404;
		buf_puts(&res->body, "{\"detail\":\"Not found.\"}");
	}
}

struct fixture {
	char *dir, *log_path;
	FILE *log;
	struct http_server *srv;
	int port;
};

static int server_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	f->dir = tu_tmpdir();
	f->log_path = malloc(strlen(f->dir) + 16);
	sprintf(f->log_path, "%s/access.log", f->dir);
	f->log = fopen(f->log_path, "w");
	assert_non_null(f->log);
	seen_calls = 0;
	struct http_config cfg = {
	    .listen = "127.0.0.1:0",
	    .threads = 2,
	    .handler = tiny_handler,
	    .ctx = &seen_calls,
	    .log = f->log,
	};
	char *cause = NULL;
	if (http_start(&cfg, &f->srv, &cause) < 0)
		fail_msg("http_start: %s", cause);
	assert_null(cause);
	f->port = http_port(f->srv);
	assert_true(f->port > 0 && f->port <= 65535);
	*state = f;
	return 0;
}

static int server_teardown(void **state)
{
	struct fixture *f = *state;
	http_stop(f->srv);
	fclose(f->log);
	free(f->log_path);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

/* Connects to 127.0.0.1:port; returns the socket or -1 (errno set). */
static int connect_local(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct timeval tv = {5, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* Sends a raw request and reads the whole answer until the server closes (malloc'd). */
static char *http_raw(int port, const char *request)
{
	int fd = connect_local(port);
	if (fd < 0)
		fail_msg("connect to 127.0.0.1:%d: %s", port, strerror(errno));
	size_t len = strlen(request);
	for (size_t off = 0; off < len;) {
		ssize_t n = send(fd, request + off, len - off, MSG_NOSIGNAL);
		assert_true(n > 0);
		off += (size_t)n;
	}
	size_t cap = 4096, got = 0;
	char *s = malloc(cap);
	for (;;) {
		if (cap - got < 1024)
			s = realloc(s, cap *= 2);
		ssize_t n = recv(fd, s + got, cap - got - 1, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			free(s);
			close(fd);
			fail_msg("recv: %s", strerror(e));
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	s[got] = '\0';
	close(fd);
	return s;
}

static char *http_get(int port, const char *path)
{
	char req[1024];
	snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", path);
	return http_raw(port, req);
}

/* The body of a raw response (after the blank line), or NULL. */
static const char *body_of(const char *resp)
{
	const char *p = strstr(resp, "\r\n\r\n");
	return p ? p + 4 : NULL;
}

/* Whether the response has this header line (name case-insensitive, value exact). */
static bool has_header(const char *resp, const char *name, const char *value)
{
	const char *end = strstr(resp, "\r\n\r\n");
	size_t nl = strlen(name);
	for (const char *p = strstr(resp, "\r\n"); p && p < end; p = strstr(p + 2, "\r\n")) {
		const char *line = p + 2;
		if (strncasecmp(line, name, nl) == 0 && line[nl] == ':') {
			const char *v = line + nl + 1;
			while (*v == ' ')
				v++;
			const char *eol = strstr(v, "\r\n");
			if ((size_t)(eol - v) == strlen(value) && strncmp(v, value, eol - v) == 0)
				return true;
		}
	}
	return false;
}

/* Waits (up to 3 s) until the log file holds at least `lines` lines; returns its text. */
static char *wait_log(const char *path, int lines)
{
	for (int tries = 0; tries < 300; tries++) {
		char *s = tu_read(path);
		assert_non_null(s);
		int n = 0;
		for (const char *p = s; (p = strchr(p, '\n')) != NULL; p++)
			n++;
		if (n >= lines)
			return s;
		free(s);
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	fail_msg("the log did not reach %d lines", lines);
	return NULL;
}

static int count_lines(const char *s)
{
	int n = 0;
	for (const char *p = s; (p = strchr(p, '\n')) != NULL; p++)
		n++;
	return n;
}

static void test_server_get(void **state)
{
	struct fixture *f = *state;
	char *r = http_raw(f->port, "GET /x HTTP/1.1\r\nHost: a\r\nX-Test: hello world\r\n"
	                            "Connection: close\r\n\r\n");
	assert_true(strncmp(r, "HTTP/1.1 200 OK\r\n", 17) == 0);
	assert_true(has_header(r, "Content-Type", "text/plain; charset=utf-8"));
	const char *want = "GET /x x-test=hello world host=a absent=(null)";
	char len[16];
	snprintf(len, sizeof len, "%zu", strlen(want));
	assert_true(has_header(r, "Content-Length", len));
	assert_non_null(body_of(r));
	assert_string_equal(body_of(r), want);
	free(r);

	char *log = wait_log(f->log_path, 1);
	assert_int_equal(count_lines(log), 1);
	assert_non_null(strstr(log, "\"method\":\"GET\",\"path\":\"/x\",\"status\":200,"));
	char bytes[32];
	snprintf(bytes, sizeof bytes, "\"bytes\":%zu,", strlen(want));
	assert_non_null(strstr(log, bytes));
	assert_non_null(strstr(log, "\"remote\":\"127.0.0.1\",\"request_id\":\""));
	assert_true(strncmp(log, "{\"time\":\"", 9) == 0);
	free(log);
	pthread_mutex_lock(&seen_lock);
	assert_int_equal(seen_calls, 1);
	pthread_mutex_unlock(&seen_lock);
}

/* The value of a response header (malloc'd), or NULL. */
static char *header_value(const char *resp, const char *name)
{
	const char *end = strstr(resp, "\r\n\r\n");
	size_t nl = strlen(name);
	for (const char *p = strstr(resp, "\r\n"); p && p < end; p = strstr(p + 2, "\r\n"))
		if (strncasecmp(p + 2, name, nl) == 0 && p[2 + nl] == ':') {
			const char *v = p + 3 + nl + strspn(p + 3 + nl, " ");
			return strndup(v, strcspn(v, "\r"));
		}
	return NULL;
}

/* Request ids (echoed when usable, else new), the raw query, headers set by the handler, the
 * security headers, gzip for bodies of 1 KB and more when accepted, 304 without a body, and
 * the handler's log members. */
static void test_server_headers_and_gzip(void **state)
{
	struct fixture *f = *state;
	char *r = http_raw(f->port, "GET /big?a=%41&b=c+d HTTP/1.1\r\nHost: a\r\n"
	                            "X-Request-ID: abc-123\r\nConnection: close\r\n\r\n");
	assert_true(has_header(r, "X-Request-ID", "abc-123"));
	assert_true(has_header(r, "X-Seen-Id", "abc-123"));
	assert_true(has_header(r, "X-Query", "a=%41&b=c+d"));
	assert_true(has_header(r, "X-Content-Type-Options", "nosniff"));
	assert_true(has_header(r, "X-Frame-Options", "DENY"));
	assert_true(has_header(r, "Content-Length", "2000"));
	assert_null(header_value(r, "Content-Encoding"));
	free(r);

	/* No usable id (a space in it): a new UUID; no query: none. */
	r = http_raw(f->port, "GET /big HTTP/1.1\r\nHost: a\r\nX-Request-ID: a b\r\n"
	                      "Accept-Encoding: deflate, gzip\r\nConnection: close\r\n\r\n");
	char *id = header_value(r, "X-Request-ID");
	assert_non_null(id);
	assert_int_equal(strlen(id), 36);
	assert_int_equal(id[14], '4');
	assert_true(has_header(r, "X-Query", "(null)"));
	assert_true(has_header(r, "Content-Encoding", "gzip"));
	char *len = header_value(r, "Content-Length");
	assert_true(atoi(len) > 18 && atoi(len) < 200); /* 2,000 repetitive bytes, compressed */
	const unsigned char *body = (const unsigned char *)body_of(r);
	assert_int_equal(body[0], 0x1f);
	assert_int_equal(body[1], 0x8b);
	free(len);
	free(r);

	/* gzip;q=0 is a refusal; small bodies are never compressed. */
	r = http_raw(f->port, "GET /big HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip;q=0\r\n"
	                      "Connection: close\r\n\r\n");
	assert_null(header_value(r, "Content-Encoding"));
	free(r);
	r = http_raw(f->port, "GET /teapot HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n"
	                      "Connection: close\r\n\r\n");
	assert_null(header_value(r, "Content-Encoding"));
	assert_string_equal(body_of(r), "short and stout");
	free(r);

	r = http_raw(f->port, "GET /not-modified HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
	assert_true(strncmp(r, "HTTP/1.1 304 ", 13) == 0);
	assert_string_equal(body_of(r), "");
	free(r);

	char *log = wait_log(f->log_path, 5);
	assert_non_null(strstr(log, "\"request_id\":\"abc-123\",\"extra\":true}\n"));
	char want[64];
	snprintf(want, sizeof want, "\"request_id\":\"%s\",\"extra\":true}\n", id);
	assert_non_null(strstr(log, want));
	free(id);
	free(log);
}

/* Request bodies reach the handler whole; one over the limit is answered 413 without it. */
static void test_server_bodies(void **state)
{
	struct fixture *f = *state;
	char *r = http_raw(f->port, "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Type: "
	                            "application/x-www-form-urlencoded\r\nContent-Length: 11\r\n"
	                            "Connection: close\r\n\r\ngrant=x&y=z");
	assert_true(strncmp(r, "HTTP/1.1 200 ", 13) == 0);
	assert_string_equal(body_of(r), "POST 11:grant=x&y=z");
	free(r);
	r = http_raw(f->port, "GET /echo HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
	assert_string_equal(body_of(r), "GET 0:");
	free(r);
	/* Chunked, in two pieces. */
	r = http_raw(f->port, "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
	                      "Connection: close\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
	assert_string_equal(body_of(r), "POST 5:abcde");
	free(r);
	size_t big = HTTP_MAX_BODY + 10;
	char *req = xmalloc(big + 200);
	int n = snprintf(req, 200,
	                 "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: %zu\r\n"
	                 "Connection: close\r\n\r\n",
	                 big);
	memset(req + n, 'x', big);
	req[n + big] = '\0';
	r = http_raw(f->port, req);
	assert_true(strncmp(r, "HTTP/1.1 413 ", 13) == 0);
	assert_string_equal(body_of(r), "{\"detail\":\"The request body is too large.\"}");
	free(r);
	free(req);
}

static void test_server_status_and_query(void **state)
{
	struct fixture *f = *state;
	char *r = http_get(f->port, "/teapot");
	assert_true(strncmp(r, "HTTP/1.1 418 ", 13) == 0);
	assert_true(has_header(r, "Content-Type", "text/plain"));
	assert_string_equal(body_of(r), "short and stout");
	free(r);

	/* The handler sees the path without the query string. */
	r = http_get(f->port, "/x?a=1&b=2");
	assert_true(strncmp(r, "HTTP/1.1 200 OK\r\n", 17) == 0);
	assert_string_equal(body_of(r), "GET /x x-test=(null) host=a absent=(null)");
	free(r);

	/* The default content type is JSON. */
	r = http_get(f->port, "/nowhere");
	assert_true(strncmp(r, "HTTP/1.1 404 ", 13) == 0);
	assert_true(has_header(r, "Content-Type", "application/json"));
	assert_string_equal(body_of(r), "{\"detail\":\"Not found.\"}");
	free(r);

	r = http_get(f->port, "/empty");
	assert_true(strncmp(r, "HTTP/1.1 204 ", 13) == 0);
	assert_string_equal(body_of(r), "");
	free(r);

	char *log = wait_log(f->log_path, 4);
	assert_int_equal(count_lines(log), 4);
	assert_non_null(strstr(log, "\"method\":\"GET\",\"path\":\"/teapot\",\"status\":418,"));
	assert_non_null(strstr(log, "\"method\":\"GET\",\"path\":\"/x\",\"status\":200,"));
	assert_non_null(strstr(log, "\"method\":\"GET\",\"path\":\"/nowhere\",\"status\":404,"));
	assert_non_null(strstr(log, "\"path\":\"/empty\",\"status\":204,\"bytes\":0,"));
	assert_null(strstr(log, "a=1"));
	free(log);
}

/* Other methods reach the handler, and the log escapes what it writes. */
static void test_server_method_and_log_escaping(void **state)
{
	struct fixture *f = *state;
	char *r = http_raw(f->port, "DELETE /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
	assert_true(strncmp(r, "HTTP/1.1 200 OK\r\n", 17) == 0);
	assert_string_equal(body_of(r), "DELETE /x x-test=(null) host=a absent=(null)");
	free(r);

	/* %22 is a double quote and %5C a backslash once the path is decoded. */
	r = http_get(f->port, "/a%22b%5Cc");
	assert_true(strncmp(r, "HTTP/1.1 404 ", 13) == 0);
	free(r);

	char *log = wait_log(f->log_path, 2);
	assert_non_null(strstr(log, "\"method\":\"DELETE\",\"path\":\"/x\",\"status\":200,"));
	assert_non_null(strstr(log, "\"path\":\"/a\\\"b\\\\c\",\"status\":404,"));
	free(log);
}

/* Several requests at once on two threads: each is answered, each logs one whole line. */
struct client_arg {
	int port;
	int ok;
};

static void *client_thread(void *p)
{
	struct client_arg *a = p;
	for (int i = 0; i < 10; i++) {
		int fd = connect_local(a->port);
		if (fd < 0)
			return NULL;
		const char *req = "GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
		if (send(fd, req, strlen(req), MSG_NOSIGNAL) != (ssize_t)strlen(req)) {
			close(fd);
			return NULL;
		}
		char buf[2048];
		size_t got = 0;
		ssize_t n;
		while (got < sizeof buf - 1 &&
		       (n = recv(fd, buf + got, sizeof buf - 1 - got, 0)) > 0)
			got += (size_t)n;
		buf[got] = '\0';
		close(fd);
		if (strncmp(buf, "HTTP/1.1 200 OK\r\n", 17) == 0 &&
		    strstr(buf, "\r\n\r\nGET /x x-test=(null)") != NULL)
			a->ok++;
	}
	return NULL;
}

static void test_server_concurrent(void **state)
{
	struct fixture *f = *state;
	pthread_t t[4];
	struct client_arg a[4];
	for (int i = 0; i < 4; i++) {
		a[i] = (struct client_arg){f->port, 0};
		assert_int_equal(pthread_create(&t[i], NULL, client_thread, &a[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(a[i].ok, 10);
	}
	char *log = wait_log(f->log_path, 40);
	assert_int_equal(count_lines(log), 40);
	/* Every line is one whole record: none interleaved. */
	for (char *line = log, *nl; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
		*nl = '\0';
		assert_true(strncmp(line, "{\"time\":\"", 9) == 0);
		assert_non_null(strstr(line, "\"method\":\"GET\",\"path\":\"/x\",\"status\":200,"));
		assert_true(line[strlen(line) - 1] == '}');
	}
	free(log);
	pthread_mutex_lock(&seen_lock);
	assert_int_equal(seen_calls, 40);
	pthread_mutex_unlock(&seen_lock);
}

static void test_server_stop(void **state)
{
	struct fixture *f = *state;
	char *r = http_get(f->port, "/x");
	assert_true(strncmp(r, "HTTP/1.1 200 OK\r\n", 17) == 0);
	free(r);
	http_stop(f->srv);
	f->srv = NULL; /* the teardown's http_stop(NULL) does nothing */
	int fd = connect_local(f->port);
	if (fd >= 0) {
		close(fd);
		fail_msg("connect to port %d succeeded after http_stop", f->port);
	}
	assert_int_equal(errno, ECONNREFUSED);
}

/* A server without a log file serves all the same. */
static void test_server_no_log(void **state)
{
	int calls = 0;
	struct http_config cfg = {"127.0.0.1:0", 1, tiny_handler, &calls, NULL};
	struct http_server *srv = NULL;
	char *cause = NULL;
	assert_int_equal(http_start(&cfg, &srv, &cause), 0);
	char *r = http_get(http_port(srv), "/teapot");
	http_stop(srv);
	assert_true(strncmp(r, "HTTP/1.1 418 ", 13) == 0);
	assert_string_equal(body_of(r), "short and stout");
	free(r);
	assert_int_equal(calls, 1);
}

static void test_server_start_errors(void **state)
{
	int calls = 0;
	struct http_config cfg = {"nonsense", 1, tiny_handler, &calls, NULL};
	struct http_server *srv = NULL;
	char *cause = NULL;
	assert_int_equal(http_start(&cfg, &srv, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "--listen"));
	assert_non_null(strstr(cause, "nonsense"));
	assert_null(srv);
	free(cause);
	cause = NULL;

	/* A port already taken by another server. */
	cfg.listen = "127.0.0.1:0";
	struct http_server *first = NULL;
	assert_int_equal(http_start(&cfg, &first, &cause), 0);
	char taken[64];
	snprintf(taken, sizeof taken, "127.0.0.1:%d", http_port(first));
	cfg.listen = taken;
	int rc = http_start(&cfg, &srv, &cause);
	http_stop(first);
	assert_int_equal(rc, -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, taken));
	assert_null(srv);
	free(cause);
	assert_int_equal(calls, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_listen_ipv4),
	    cmocka_unit_test(test_parse_listen_ipv6),
	    cmocka_unit_test(test_parse_listen_bad),
	    cmocka_unit_test(test_parse_listen_host_too_long),
	    cmocka_unit_test(test_json_put_string),
	    cmocka_unit_test(test_json_put_string_appends),
	    cmocka_unit_test_setup_teardown(test_server_get, server_setup, server_teardown),
	    cmocka_unit_test_setup_teardown(test_server_headers_and_gzip, server_setup,
	                                    server_teardown),
	    cmocka_unit_test_setup_teardown(test_server_bodies, server_setup, server_teardown),
	    cmocka_unit_test_setup_teardown(test_server_status_and_query, server_setup,
	                                    server_teardown),
	    cmocka_unit_test_setup_teardown(test_server_method_and_log_escaping, server_setup,
	                                    server_teardown),
	    cmocka_unit_test_setup_teardown(test_server_concurrent, server_setup, server_teardown),
	    cmocka_unit_test_setup_teardown(test_server_stop, server_setup, server_teardown),
	    cmocka_unit_test(test_server_no_log),
	    cmocka_unit_test(test_server_start_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
