/* testutil: helpers shared by the unit tests (header-only: each test is one program). */
#ifndef BB_TESTUTIL_H
#define BB_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the three above first. */
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The BFD fixtures directory ($BB_FIXTURES, else ../shared/fixtures/bfd), or NULL when it
 * is absent. */
static inline const char *tu_fixtures(void)
{
	static char path[2048];
	const char *env = getenv("BB_FIXTURES");
	struct stat st;
	snprintf(path, sizeof path, "%s", env && *env ? env : "../shared/fixtures/bfd");
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? path : NULL;
}

/* Skips the calling test (cmocka reports it as skipped) when the fixtures are absent. */
#define TU_NEED_FIXTURES()                                                                         \
	do {                                                                                       \
		if (tu_fixtures() == NULL) {                                                       \
			print_message("fixtures not found (set BB_FIXTURES): skipped\n");          \
			skip();                                                                    \
		}                                                                                  \
	} while (0)

/* A fixture file's path (static storage, one at a time per slot). */
static inline const char *tu_fixture(const char *rel)
{
	static char paths[16][4096];
	static int slot;
	char *p = paths[slot++ % 16];
	snprintf(p, 4096, "%.2000s/%.2000s", tu_fixtures(), rel);
	return p;
}

/* A fresh temporary directory for a test; removed by tu_rmdir. */
static inline char *tu_tmpdir(void)
{
	char tmpl[] = "/tmp/bbtest-XXXXXX";
	char *d = mkdtemp(tmpl);
	assert_non_null(d);
	return strdup(d);
}

static inline void tu_rmdir(char *dir)
{
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(dir);
}

/* Writes text to dir/name and returns the path (malloc'd). */
static inline char *tu_write(const char *dir, const char *name, const char *text)
{
	char *path = malloc(strlen(dir) + strlen(name) + 2);
	sprintf(path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* Reads a whole file (malloc'd, NUL-terminated), or NULL. */
static inline char *tu_read(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 4096, len = 0, n;
	char *s = malloc(cap);
	while ((n = fread(s + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len < 2)
			s = realloc(s, cap *= 2);
	}
	s[len] = '\0';
	fclose(f);
	return s;
}

/* The bluebutton binary under test ($BB_BIN, else ./bluebutton). */
static inline const char *tu_bin(void)
{
	const char *b = getenv("BB_BIN");
	return b && *b ? b : "./bluebutton";
}

struct tu_run {
	int status; /* exit code, or 128 + signal */
	char *out, *err;
};

/* Runs argv (argv[0] is replaced by the binary under test when NULL) with input (len bytes;
 * NULL: /dev/null) on its stdin, capturing stdout and stderr. */
static inline struct tu_run tu_run_input(const char *input, size_t len, char *const argv[])
{
	char inp[] = "/tmp/bbin-XXXXXX", outp[] = "/tmp/bbout-XXXXXX", errp[] = "/tmp/bberr-XXXXXX";
	int o = mkstemp(outp), e = mkstemp(errp);
	int i = input ? mkstemp(inp) : open("/dev/null", O_RDONLY);
	assert_true(i >= 0 && o >= 0 && e >= 0);
	if (input) {
		assert_int_equal(write(i, input, len), (ssize_t)len);
		assert_int_equal(lseek(i, 0, SEEK_SET), 0);
	}
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(i, 0);
		dup2(o, 1);
		dup2(e, 2);
		/* argv[0] NULL stands for the binary under test; the rest follow it. */
		char *args[256];
		int n;
		args[0] = argv[0] ? argv[0] : (char *)tu_bin();
		for (n = 1; argv[n]; n++) {
			if (n == 255) { /* never drop arguments silently */
				fputs("tu_run_argv: more than 255 arguments\n", stderr);
				_exit(127);
			}
			args[n] = argv[n];
		}
		args[n] = NULL;
		execv(args[0], args);
		_exit(127);
	}
	int st;
	waitpid(pid, &st, 0);
	close(i);
	close(o);
	close(e);
	struct tu_run r = {WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st), tu_read(outp),
	                   tu_read(errp)};
	if (input)
		unlink(inp);
	unlink(outp);
	unlink(errp);
	return r;
}

/* tu_run_input with nothing on stdin. */
static inline struct tu_run tu_run_argv(char *const argv[])
{
	return tu_run_input(NULL, 0, argv);
}

/* argv for the binary under test and the arguments up to a NULL (at most 62). */
static inline void tu_args(char *argv[64], const char *arg, va_list ap)
{
	int n = 0;
	argv[n++] = (char *)tu_bin();
	for (const char *a = arg; a && n < 63; a = va_arg(ap, const char *))
		argv[n++] = (char *)a;
	argv[n] = NULL;
}

/* tu_run("load", "--db", path, NULL): runs the binary under test with these arguments. */
static inline struct tu_run tu_run(const char *arg, ...)
{
	char *argv[64];
	va_list ap;
	va_start(ap, arg);
	tu_args(argv, arg, ap);
	va_end(ap);
	return tu_run_argv(argv);
}

/* The same with `input` (len bytes) on its stdin. */
static inline struct tu_run tu_run_stdin(const char *input, size_t len, const char *arg, ...)
{
	char *argv[64];
	va_list ap;
	va_start(ap, arg);
	tu_args(argv, arg, ap);
	va_end(ap);
	return tu_run_input(input, len, argv);
}

static inline void tu_run_free(struct tu_run *r)
{
	free(r->out);
	free(r->err);
}

/* fhir-compare's verdict on actual (JSON text) against the reference file expected. */
struct tu_compare {
	double recall, precision;
	long moved;
	char line[512]; /* its summary line, for messages */
};

/* Runs ../shared/tools/fhir-compare ($BB_SHARED_TOOLS); fails the test when it cannot run. */
static inline struct tu_compare tu_fhir_compare(const char *expected, const char *actual)
{
	struct tu_compare r = {0};
	const char *tools = getenv("BB_SHARED_TOOLS");
	char dir_tmpl[] = "/tmp/bbcmp-XXXXXX", cmd[8192];
	char *dir = mkdtemp(dir_tmpl);
	assert_non_null(dir);
	char *path = tu_write(dir, "actual.json", actual);
	snprintf(cmd, sizeof cmd, "python3 '%s/fhir-compare' '%s' '%s' --diff 20 2>&1",
	         tools && *tools ? tools : "../shared/tools", expected, path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char line[512];
	while (fgets(line, sizeof line, p)) {
		if (strncmp(line, "leaves=", 7) == 0) {
			snprintf(r.line, sizeof r.line, "%s", line);
			const char *rc = strstr(line, "recall="), *pr = strstr(line, "precision=");
			const char *mv = strstr(line, "moved=");
			assert_true(rc && pr && mv);
			r.recall = atof(rc + 7);
			r.precision = atof(pr + 10);
			r.moved = atol(mv + 6);
		} else {
			print_message("  %s", line);
		}
	}
	assert_int_equal(pclose(p), 0);
	assert_true(r.line[0] != '\0');
	unlink(path);
	free(path);
	rmdir(dir);
	return r;
}

/* Requires a perfect match: recall and precision 1, nothing moved. */
#define TU_ASSERT_SAME_FHIR(expected, actual)                                                      \
	do {                                                                                       \
		struct tu_compare c_ = tu_fhir_compare(expected, actual);                          \
		if (c_.recall < 1.0 || c_.precision < 1.0 || c_.moved != 0)                        \
			fail_msg("%s: %s", expected, c_.line);                                     \
	} while (0)

#endif
