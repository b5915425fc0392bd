/* Tests for `bluebutton serve` as a process: start-up line, /health, errors, the request log,
 * stopping on SIGTERM and SIGINT, usage errors, and a database that becomes unusable. */
#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>

struct server {
	char *dir, *db;
	pid_t pid;
	int out;         /* the child's stdout (a pipe) */
	char *err_path;  /* the child's stderr (a file) */
	char rbuf[8192]; /* stdout read but not yet returned as lines */
	size_t rlen;
	bool eof;
	int port;
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
	nanosleep(&ts, NULL);
}

static int setup(void **state)
{
	struct server *s = calloc(1, sizeof *s);
	s->dir = tu_tmpdir();
	s->db = malloc(strlen(s->dir) + 8);
	sprintf(s->db, "%s/t.db", s->dir);
	s->err_path = malloc(strlen(s->dir) + 8);
	sprintf(s->err_path, "%s/err", s->dir);
	s->pid = -1;
	s->out = -1;
	/* Usage errors must not create the default database: point it into the temp dir. */
	char *bbdb = malloc(strlen(s->dir) + 16);
	sprintf(bbdb, "%s/default.db", s->dir);
	setenv("BB_DB", bbdb, 1);
	free(bbdb);
	*state = s;
	return 0;
}

/* Never leaves a server running, whatever the test did. */
static int teardown(void **state)
{
	struct server *s = *state;
	if (s->pid > 0) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);
	}
	if (s->out >= 0)
		close(s->out);
	unsetenv("BB_DB");
	free(s->db);
	free(s->err_path);
	tu_rmdir(s->dir);
	free(s);
	return 0;
}

/* Reads one line of the child's stdout (without the newline, malloc'd), waiting up to
 * timeout_ms; NULL at end of file or on time-out. */
static char *read_line(struct server *s, int timeout_ms)
{
	double deadline = now_ms() + timeout_ms;
	for (;;) {
		char *nl = memchr(s->rbuf, '\n', s->rlen);
		if (nl) {
			size_t n = (size_t)(nl - s->rbuf);
			char *line = malloc(n + 1);
			memcpy(line, s->rbuf, n);
			line[n] = '\0';
			s->rlen -= n + 1;
			memmove(s->rbuf, nl + 1, s->rlen);
			return line;
		}
		if (s->eof)
			return NULL;
		int left = (int)(deadline - now_ms());
		if (left <= 0)
			return NULL;
		struct pollfd p = {s->out, POLLIN, 0};
		int r = poll(&p, 1, left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return NULL;
		assert_true(s->rlen < sizeof s->rbuf - 1);
		ssize_t n = read(s->out, s->rbuf + s->rlen, sizeof s->rbuf - 1 - s->rlen);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			s->eof = true;
		else
			s->rlen += (size_t)n;
	}
}

/* Starts `bluebutton serve --db DB --listen 127.0.0.1:0 [extra]` and waits for its first
 * line; returns that line (malloc'd) and sets s->port from it. */
static char *start(struct server *s, const char *extra1, const char *extra2)
{
	int p[2];
	assert_int_equal(pipe(p), 0);
	char *argv[] = {(char *)tu_bin(), "serve",        "--db",         s->db, "--listen",
	                "127.0.0.1:0",    (char *)extra1, (char *)extra2, NULL};
	s->pid = fork();
	assert_true(s->pid >= 0);
	if (s->pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* no orphan server if the test dies */
		int err = open(s->err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int nul = open("/dev/null", O_RDONLY);
		dup2(p[1], 1);
		dup2(err, 2);
		dup2(nul, 0);
		close(p[0]);
		close(p[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	s->out = p[0];
	char *line = read_line(s, 5000);
	if (line == NULL) {
		char *err = tu_read(s->err_path);
		fail_msg("serve printed no first line; stderr: %s", err ? err : "(none)");
	}
	const char *url = strstr(line, "\"url\":\"http://127.0.0.1:");
	if (url == NULL)
		fail_msg("first line has no url: %s", line);
	s->port = atoi(url + strlen("\"url\":\"http://127.0.0.1:"));
	assert_true(s->port > 0 && s->port <= 65535);
	return line;
}

/* Sends a signal and waits (up to 5 s) for the exit; returns the exit code or 128 + signal. */
static int stop(struct server *s, int sig)
{
	assert_int_equal(kill(s->pid, sig), 0);
	double deadline = now_ms() + 5000;
	int st;
	pid_t r;
	while ((r = waitpid(s->pid, &st, WNOHANG)) == 0 && now_ms() < deadline)
		sleep_ms(10);
	if (r != s->pid)
		fail_msg("serve did not exit within 5 s of signal %d", sig);
	s->pid = -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Sends a raw HTTP request to the server and reads the whole answer (malloc'd). */
static char *http_raw(int port, const char *request)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct timeval tv = {5, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		int e = errno;
		close(fd);
		fail_msg("connect to 127.0.0.1:%d: %s", port, strerror(e));
	}
	size_t len = strlen(request);
	assert_int_equal(send(fd, request, len, MSG_NOSIGNAL), (ssize_t)len);
	size_t cap = 4096, got = 0;
	char *r = malloc(cap);
	ssize_t n;
	while ((n = recv(fd, r + got, cap - got - 1, 0)) > 0) {
		got += (size_t)n;
		if (cap - got < 1024)
			r = realloc(r, cap *= 2);
	}
	r[got] = '\0';
	close(fd);
	if (n < 0) {
		free(r);
		fail_msg("recv from 127.0.0.1:%d: %s", port, strerror(errno));
	}
	return r;
}

static char *request(int port, const char *method, const char *path)
{
	char req[1024];
	snprintf(req, sizeof req,
	         "%s %s HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
	         method, path);
	return http_raw(port, req);
}

static int status_of(const char *resp)
{
	int st = -1;
	if (sscanf(resp, "HTTP/1.1 %d ", &st) != 1)
		fail_msg("not an HTTP/1.1 response: %.80s", resp);
	return st;
}

static const char *body_of(const char *resp)
{
	const char *p = strstr(resp, "\r\n\r\n");
	assert_non_null(p);
	return p + 4;
}

/* Checks the next log line is the one for this request. */
static void expect_log(struct server *s, const char *method, const char *path, int status)
{
	char *line = read_line(s, 3000);
	if (line == NULL)
		fail_msg("no log line for %s %s", method, path);
	char want[512];
	snprintf(want, sizeof want, "\"method\":\"%s\",\"path\":\"%s\",\"status\":%d,", method,
	         path, status);
	if (line[0] != '{' || line[strlen(line) - 1] != '}' || strstr(line, want) == NULL) {
		char copy[1024];
		snprintf(copy, sizeof copy, "%s", line);
		free(line);
		fail_msg("log line '%s' lacks %s", copy, want);
	}
	free(line);
}

/* Checks the rest of stdout is exactly the "stopped" line for this signal. */
static void expect_stopped(struct server *s, const char *signame)
{
	char want[128];
	snprintf(want, sizeof want, "{\"msg\":\"stopped\",\"signal\":\"%s\"}", signame);
	char *line = read_line(s, 3000);
	assert_non_null(line);
	assert_string_equal(line, want);
	free(line);
	line = read_line(s, 3000);
	assert_null(line); /* then end of file, nothing else */
	assert_true(s->eof);
}

/* Removes, in place, the notes serve prints when the code or enrichment tables are not
 * there (they are not, where ../shared is absent). */
static void strip_notes(char *err)
{
	static const char *const notes[] = {"bluebutton: no code tables",
	                                    "bluebutton: no enrichment tables"};
	for (size_t i = 0; i < sizeof notes / sizeof *notes; i++) {
		char *p = strstr(err, notes[i]);
		if (p) {
			char *nl = strchr(p, '\n');
			memmove(p, nl ? nl + 1 : p + strlen(p),
			        strlen(nl ? nl + 1 : p + strlen(p)) + 1);
		}
	}
}

static void expect_no_stderr(struct server *s)
{
	char *err = tu_read(s->err_path);
	assert_non_null(err);
	strip_notes(err);
	assert_string_equal(err, "");
	free(err);
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static void test_serve_health_and_sigterm(void **state)
{
	struct server *s = *state;
	char *first = start(s, NULL, NULL);
	assert_true(strncmp(first, "{\"msg\":\"listening\",\"url\":\"http://127.0.0.1:", 42) == 0);
	char want_db[4200];
	snprintf(want_db, sizeof want_db, "\"db\":\"%s\"", s->db);
	assert_non_null(strstr(first, want_db));
	assert_true(first[strlen(first) - 1] == '}');
	free(first);
	assert_true(exists(s->db)); /* created at start-up */

	char *r = request(s->port, "GET", "/health");
	assert_int_equal(status_of(r), 200);
	assert_non_null(strstr(r, "\r\nContent-Type: application/json\r\n"));
	assert_string_equal(body_of(r), "{\"status\":\"ok\",\"db\":\"ok\"}");
	free(r);
	expect_log(s, "GET", "/health", 200);

	r = request(s->port, "GET", "/health/");
	assert_int_equal(status_of(r), 200);
	assert_string_equal(body_of(r), "{\"status\":\"ok\",\"db\":\"ok\"}");
	free(r);
	expect_log(s, "GET", "/health/", 200);

	r = request(s->port, "GET", "/no/such/thing");
	assert_int_equal(status_of(r), 404);
	assert_non_null(strstr(r, "\r\nContent-Type: application/json\r\n"));
	assert_true(strncmp(body_of(r), "{\"detail\":\"", 11) == 0);
	assert_true(r[strlen(r) - 1] == '}');
	free(r);
	expect_log(s, "GET", "/no/such/thing", 404);

	/* Only /health and /health/ are the health check. */
	r = request(s->port, "GET", "/healthz");
	assert_int_equal(status_of(r), 404);
	free(r);
	expect_log(s, "GET", "/healthz", 404);
	r = request(s->port, "GET", "/health/x");
	assert_int_equal(status_of(r), 404);
	free(r);
	expect_log(s, "GET", "/health/x", 404);

	r = request(s->port, "POST", "/health");
	assert_int_equal(status_of(r), 405);
	assert_true(strncmp(body_of(r), "{\"detail\":\"", 11) == 0);
	free(r);
	expect_log(s, "POST", "/health", 405);

	r = request(s->port, "HEAD", "/health");
	assert_int_equal(status_of(r), 200);
	assert_string_equal(body_of(r), ""); /* HEAD: headers only */
	free(r);
	expect_log(s, "HEAD", "/health", 200);

	assert_int_equal(stop(s, SIGTERM), 0);
	expect_stopped(s, "SIGTERM"); /* and no log line beyond one per request */
	expect_no_stderr(s);
}

static void test_serve_sigint(void **state)
{
	struct server *s = *state;
	free(start(s, "--threads", "2"));
	char *r = request(s->port, "GET", "/health");
	assert_int_equal(status_of(r), 200);
	free(r);
	expect_log(s, "GET", "/health", 200);
	double t0 = now_ms();
	assert_int_equal(stop(s, SIGINT), 0);
	assert_true(now_ms() - t0 < 3000);
	expect_stopped(s, "SIGINT");
	expect_no_stderr(s);

	/* The port is free again. */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)s->port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int rc = connect(fd, (struct sockaddr *)&sa, sizeof sa);
	int e = errno;
	close(fd);
	assert_int_equal(rc, -1);
	assert_int_equal(e, ECONNREFUSED);
}

/* The file's bytes (malloc'd) and its size. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	char *d = malloc((size_t)n);
	assert_int_equal(fread(d, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return d;
}

/* Writes len bytes at the start of path, without truncating it. */
static void overwrite(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, data, len, 0), (ssize_t)len);
	close(fd);
}

/* The database turns to garbage before the server thread first opens it: 503, and 200 again
 * once it is back. */
static void test_serve_503_before_first_use(void **state)
{
	struct server *s = *state;
	free(start(s, "--threads", "1"));
	size_t len;
	char *orig = slurp(s->db, &len); /* closed cleanly at start-up: no -wal needed */
	char junk[100];
	memset(junk, 'x', sizeof junk);
	overwrite(s->db, junk, sizeof junk);
	char side[4200];
	snprintf(side, sizeof side, "%s-wal", s->db);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", s->db);
	unlink(side);

	char *r = request(s->port, "GET", "/health");
	assert_int_equal(status_of(r), 503);
	assert_non_null(strstr(r, "\r\nContent-Type: application/json\r\n"));
	const char *b = body_of(r);
	assert_true(strncmp(b, "{\"status\":\"error\",\"db\":\"unavailable\",\"detail\":\"", 47) ==
	            0);
	assert_non_null(strstr(b, s->db)); /* the detail names the database */
	free(r);
	expect_log(s, "GET", "/health", 503);

	overwrite(s->db, orig, len);
	free(orig);
	r = request(s->port, "GET", "/health");
	assert_int_equal(status_of(r), 200);
	assert_string_equal(body_of(r), "{\"status\":\"ok\",\"db\":\"ok\"}");
	free(r);
	expect_log(s, "GET", "/health", 200);
	assert_int_equal(stop(s, SIGTERM), 0);
}

/* The database turns to garbage under a connection already open: store_ping fails. */
static void test_serve_503_after_use(void **state)
{
	struct server *s = *state;
	free(start(s, "--threads", "1")); /* one thread: the request below opens its store */
	char *r = request(s->port, "GET", "/health");
	assert_int_equal(status_of(r), 200);
	free(r);
	expect_log(s, "GET", "/health", 200);

	/* Garbage in the database header, and a WAL index that no longer matches: the next read
	 * must go to the file. */
	char junk[100], shm[4200];
	memset(junk, 0xa5, sizeof junk);
	overwrite(s->db, junk, sizeof junk);
	snprintf(shm, sizeof shm, "%s-shm", s->db);
	assert_true(exists(shm));
	static char zeros[32768];
	overwrite(shm, zeros, sizeof zeros);

	r = request(s->port, "GET", "/health");
	assert_int_equal(status_of(r), 503);
	const char *b = body_of(r);
	assert_true(strncmp(b, "{\"status\":\"error\",\"db\":\"unavailable\",\"detail\":\"", 47) ==
	            0);
	assert_non_null(strstr(b, s->db));
	free(r);
	expect_log(s, "GET", "/health", 503);
	assert_int_equal(stop(s, SIGTERM), 0);
}

/* Runs `bluebutton serve ARGS`, expecting it to refuse at once; returns its stderr. */
static char *expect_refusal(int want_status, char *const args[])
{
	char *argv[16] = {(char *)tu_bin(), "serve"};
	int n = 2;
	for (; args[n - 2]; n++)
		argv[n] = args[n - 2];
	argv[n] = NULL;
	struct tu_run r = tu_run_argv(argv);
	assert_int_equal(r.status, want_status);
	assert_string_equal(r.out, "");
	/* One line, newline-terminated. */
	strip_notes(r.err);
	size_t len = strlen(r.err);
	assert_true(len > 1 && r.err[len - 1] == '\n');
	assert_null(memchr(r.err, '\n', len - 1));
	assert_true(strncmp(r.err, "bluebutton serve: ", 18) == 0);
	free(r.out);
	return r.err;
}

static void test_serve_bad_listen(void **state)
{
	struct server *s = *state;
	/* A malformed --listen is a usage error (exit status 2), found before the database
	 * is touched. */
	char *err = expect_refusal(2, (char *[]){"--db", s->db, "--listen", "nonsense", NULL});
	assert_non_null(strstr(err, "--listen"));
	assert_non_null(strstr(err, "'nonsense'"));
	free(err);
	err = expect_refusal(2, (char *[]){"--db", s->db, "--listen", "127.0.0.1:70000", NULL});
	assert_non_null(strstr(err, "--listen"));
	assert_non_null(strstr(err, "70000"));
	free(err);
}

static void test_serve_port_in_use(void **state)
{
	struct server *s = *state;
	free(start(s, NULL, NULL));
	char listen[64];
	snprintf(listen, sizeof listen, "127.0.0.1:%d", s->port);
	char *err = expect_refusal(1, (char *[]){"--db", s->db, "--listen", listen, NULL});
	assert_non_null(strstr(err, listen));
	free(err);
	/* The first server is unaffected. */
	char *r = request(s->port, "GET", "/health");
	assert_int_equal(status_of(r), 200);
	free(r);
	assert_int_equal(stop(s, SIGTERM), 0);
}

static void test_serve_usage_errors(void **state)
{
	struct server *s = *state;
	char *err = expect_refusal(2, (char *[]){"--bogus", NULL});
	assert_non_null(strstr(err, "'--bogus'"));
	free(err);
	err = expect_refusal(2, (char *[]){"--db", NULL});
	assert_non_null(strstr(err, "--db"));
	free(err);
	err = expect_refusal(2, (char *[]){"--threads", "0", NULL});
	assert_non_null(strstr(err, "--threads"));
	free(err);
	err = expect_refusal(2, (char *[]){"--threads", "many", NULL});
	assert_non_null(strstr(err, "'many'"));
	free(err);
	err = expect_refusal(2, (char *[]){"extra", NULL});
	assert_non_null(strstr(err, "'extra'"));
	free(err);
	/* None of these touched a database. */
	assert_false(exists(getenv("BB_DB")));
	assert_false(exists(s->db));
}

static void test_serve_help(void **state)
{
	struct tu_run r = tu_run("serve", "--help", NULL);
	assert_int_equal(r.status, 0);
	assert_true(strncmp(r.out, "Usage: bluebutton serve", 23) == 0);
	assert_non_null(strstr(r.out, "/health"));
	assert_non_null(strstr(r.out, "--listen"));
	assert_non_null(strstr(r.out, "--db"));
	assert_string_equal(r.err, "");
	tu_run_free(&r);
	assert_false(exists(getenv("BB_DB")));
}

/* A database that cannot be created: serve refuses to start, naming the path. */
static void test_serve_db_unopenable(void **state)
{
	struct server *s = *state;
	char path[4200];
	snprintf(path, sizeof path, "%s/missing/dir/t.db", s->dir);
	char *err = expect_refusal(1, (char *[]){"--db", path, "--listen", "127.0.0.1:0", NULL});
	assert_non_null(strstr(err, path));
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_serve_health_and_sigterm, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_serve_sigint, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_serve_503_before_first_use, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_serve_503_after_use, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_serve_bad_listen, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_serve_port_in_use, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_serve_usage_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_serve_help, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_serve_db_unopenable, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
