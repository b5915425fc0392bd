/* Tests of core/fatal.c: the x* allocators return what they promise, and fatal() prints
 * "bluebutton: fatal: <message>" to stderr and aborts (checked in a forked child). */
#include "testutil.h"

#include <limits.h>
#include <sys/resource.h>

#include "core/fatal.h"

/* Sanitizers report impossible allocations themselves instead of returning NULL. */
#if defined(__SANITIZE_ADDRESS__)
#define TU_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TU_ASAN 1
#endif
#endif

static void test_xasprintf(void **state)
{
	char *s = xasprintf("%s-%d-%05.1f-%c-%lu", "abc", -42, 3.14159, 'z', 12345678901UL);
	assert_string_equal(s, "abc--42-003.1-z-12345678901");
	free(s);

	s = xasprintf("%s", "");
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);

	s = xasprintf("100%%");
	assert_string_equal(s, "100%");
	free(s);

	/* A result far longer than any fixed buffer. */
	char *big = malloc(100001);
	memset(big, 'q', 100000);
	big[100000] = '\0';
	s = xasprintf("[%s]", big);
	assert_int_equal(strlen(s), 100002);
	assert_int_equal(s[0], '[');
	assert_int_equal(s[100001], ']');
	assert_memory_equal(s + 1, big, 100000);
	free(s);
	free(big);
}

static void test_xstrdup(void **state)
{
	char orig[] = "copy me";
	char *c = xstrdup(orig);
	assert_ptr_not_equal(c, orig);
	assert_string_equal(c, "copy me");
	/* An independent copy: changing the original leaves it as it was. */
	orig[0] = 'X';
	assert_string_equal(c, "copy me");
	free(c);

	c = xstrdup("");
	assert_non_null(c);
	assert_string_equal(c, "");
	free(c);
}

static void test_xcalloc_zeroes(void **state)
{
	enum { N = 4096, SIZE = 8 };
	/* Dirty a block of the same size first so a reused allocation would show garbage. */
	for (int round = 0; round < 4; round++) {
		unsigned char *dirty = malloc(N * SIZE);
		memset(dirty, 0xA5, N * SIZE);
		free(dirty);
		unsigned char *p = xcalloc(N, SIZE);
		assert_non_null(p);
		for (int i = 0; i < N * SIZE; i++)
			assert_int_equal(p[i], 0);
		/* The whole block is writable. */
		memset(p, 0xff, N * SIZE);
		free(p);
	}
	/* Zero counts still give a pointer that can be freed. */
	void *z = xcalloc(0, 0);
	assert_non_null(z);
	free(z);
	z = xcalloc(0, 16);
	assert_non_null(z);
	free(z);
}

static void test_xmalloc(void **state)
{
	unsigned char *p = xmalloc(1000);
	assert_non_null(p);
	memset(p, 7, 1000);
	assert_int_equal(p[999], 7);
	free(p);
	void *z = xmalloc(0);
	assert_non_null(z);
	free(z);
}

struct child {
	int sig;    /* the terminating signal, or 0 */
	int status; /* the exit code when not signalled */
	char *err;  /* what it wrote to stderr */
};

/* Runs fn(arg) in a child whose stderr goes to a temporary file; fn is expected to die. */
static struct child run_child(void (*fn)(void *), void *arg)
{
	char path[] = "/tmp/bbfatal-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit nocore = {0, 0};
		setrlimit(RLIMIT_CORE, &nocore); /* no core file from the abort */
		dup2(fd, 2);
		fn(arg);
		_exit(0); /* fn returned: the parent sees exit status 0, not SIGABRT */
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	close(fd);
	struct child c = {WIFSIGNALED(st) ? WTERMSIG(st) : 0, WIFEXITED(st) ? WEXITSTATUS(st) : -1,
	                  tu_read(path)};
	unlink(path);
	assert_non_null(c.err);
	return c;
}

static void call_fatal(void *arg)
{
	fatal("cannot open %s: %s (%d)", (const char *)arg, "No such file", 2);
}

static void call_fatal_plain(void *arg)
{
	fatal("broken invariant");
}

static void test_fatal_aborts(void **state)
{
	struct child c = run_child(call_fatal, "x.db");
	assert_int_equal(c.sig, SIGABRT);
	assert_string_equal(c.err, "bluebutton: fatal: cannot open x.db: No such file (2)\n");
	free(c.err);

	c = run_child(call_fatal_plain, NULL);
	assert_int_equal(c.sig, SIGABRT);
	assert_string_equal(c.err, "bluebutton: fatal: broken invariant\n");
	free(c.err);
}

/* A control for run_child: a child that does not die is seen as such. */
static void call_nothing(void *arg)
{
}

static void test_child_control(void **state)
{
	struct child c = run_child(call_nothing, NULL);
	assert_int_equal(c.sig, 0);
	assert_int_equal(c.status, 0);
	assert_string_equal(c.err, "");
	free(c.err);
}

/* 2^50 bytes is more than the 47-bit user address space: malloc fails everywhere. */
static void call_xmalloc_huge(void *arg)
{
	void *p = xmalloc(1UL << 50);
	free(p);
}

static void call_xcalloc_overflow(void *arg)
{
	void *p = xcalloc(ULONG_MAX / 2, 4); /* n * size overflows */
	free(p);
}

static void test_out_of_memory_is_fatal(void **state)
{
#ifdef TU_ASAN
	print_message("AddressSanitizer reports failed allocations itself: skipped\n");
	skip();
#endif
	struct child c = run_child(call_xmalloc_huge, NULL);
	assert_int_equal(c.sig, SIGABRT);
	assert_non_null(strstr(c.err, "bluebutton: fatal: out of memory"));
	free(c.err);

	c = run_child(call_xcalloc_overflow, NULL);
	assert_int_equal(c.sig, SIGABRT);
	assert_non_null(strstr(c.err, "bluebutton: fatal: out of memory"));
	free(c.err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_xasprintf),
	    cmocka_unit_test(test_xstrdup),
	    cmocka_unit_test(test_xcalloc_zeroes),
	    cmocka_unit_test(test_xmalloc),
	    cmocka_unit_test(test_fatal_aborts),
	    cmocka_unit_test(test_child_control),
	    cmocka_unit_test(test_out_of_memory_is_fatal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
