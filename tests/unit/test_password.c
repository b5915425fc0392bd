/* Tests of auth/password.c: the encoded form (argon2id, v=19, the chosen costs, a 16-byte salt
 * and a 32-byte hash), fresh salts, verifying (right and wrong passwords, a reference
 * implementation's hash), malformed and garbled strings (false, never a crash, no run at an
 * absurd cost), refused passwords and costs, and the sandbox's cost against the default. */
#include "testutil.h"

#include <argon2.h>

#include "auth/password.h"

/* The parts of an encoded hash: costs and the lengths of its base64 salt and hash. */
struct parts {
	unsigned m, t, p;
	size_t salt, hash;
};

static struct parts parse(const char *enc)
{
	struct parts r = {0};
	int n = -1;
	if (sscanf(enc, "$argon2id$v=19$m=%u,t=%u,p=%u$%n", &r.m, &r.t, &r.p, &n) != 3 || n < 0)
		fail_msg("not an argon2id string: %s", enc);
	const char *salt = enc + n, *dollar = strchr(salt, '$');
	assert_non_null(dollar);
	r.salt = (size_t)(dollar - salt);
	r.hash = strlen(dollar + 1);
	return r;
}

static void hash_ok(const char *pw, const struct password_cost *c, char out[PASSWORD_ENCODED_MAX])
{
	char *cause = NULL;
	if (password_hash(pw, c, out, PASSWORD_ENCODED_MAX, &cause) < 0)
		fail_msg("password_hash: %s", cause);
}

static void test_shape(void **state)
{
	(void)state;
	char enc[PASSWORD_ENCODED_MAX];
	hash_ok("correct horse", &PASSWORD_COST_DEFAULT, enc);
	assert_memory_equal(enc, "$argon2id$v=19$m=19456,t=2,p=1$", 31);
	struct parts p = parse(enc);
	assert_int_equal(p.salt, 22); /* 16 bytes */
	assert_int_equal(p.hash, 43); /* 32 bytes */

	hash_ok("correct horse", &PASSWORD_COST_SANDBOX, enc);
	assert_memory_equal(enc, "$argon2id$v=19$m=1024,t=1,p=1$", 30);
	assert_true(password_verify(enc, "correct horse"));

	const struct password_cost c = {3, 2048, 2};
	hash_ok("correct horse", &c, enc);
	p = parse(enc);
	assert_true(p.m == 2048 && p.t == 3 && p.p == 2);
	assert_int_equal(p.salt, 22);
	assert_int_equal(p.hash, 43);
	assert_true(password_verify(enc, "correct horse"));

	/* Any costs fit in PASSWORD_ENCODED_MAX, the longest allowed and the longest written. */
	assert_true(argon2_encodedlen(PASSWORD_MAX_T, PASSWORD_MAX_M_KIB, PASSWORD_MAX_P, 16, 32,
	                              Argon2_id) <= PASSWORD_ENCODED_MAX);
	assert_true(argon2_encodedlen(UINT32_MAX, UINT32_MAX, UINT32_MAX, 16, 32, Argon2_id) <=
	            PASSWORD_ENCODED_MAX);
	/* Too small a buffer is refused before any hashing (none at the highest cost here). */
	const struct password_cost most = {PASSWORD_MAX_T, PASSWORD_MAX_M_KIB, PASSWORD_MAX_P};
	char *cause = NULL;
	char small[64];
	assert_int_equal(password_hash("x", &most, small, sizeof small, &cause), -1);
	assert_non_null(strstr(cause, "no room"));
	free(cause);
}

static void test_costs(void **state)
{
	(void)state;
	assert_int_equal(PASSWORD_COST_DEFAULT.m_cost_kib, 19456);
	assert_int_equal(PASSWORD_COST_DEFAULT.t_cost, 2);
	assert_int_equal(PASSWORD_COST_DEFAULT.parallelism, 1);
	/* The sandbox's hashes do at most a sixteenth of the default's work (memory times
	 * passes), as their encoded parameters show. */
	char d[PASSWORD_ENCODED_MAX], s[PASSWORD_ENCODED_MAX];
	hash_ok("pw", &PASSWORD_COST_DEFAULT, d);
	hash_ok("pw", &PASSWORD_COST_SANDBOX, s);
	struct parts pd = parse(d), ps = parse(s);
	assert_true((unsigned long)ps.m * ps.t * 16 <= (unsigned long)pd.m * pd.t);
	assert_true(ps.m <= pd.m && ps.t <= pd.t && ps.p <= pd.p);
	/* Either verifies whatever cost the caller has in mind now. */
	assert_true(password_verify(d, "pw"));
	assert_true(password_verify(s, "pw"));
}

static void test_salted(void **state)
{
	(void)state;
	char a[PASSWORD_ENCODED_MAX], b[PASSWORD_ENCODED_MAX];
	hash_ok("same password", &PASSWORD_COST_SANDBOX, a);
	hash_ok("same password", &PASSWORD_COST_SANDBOX, b);
	assert_string_not_equal(a, b);
	/* The salts differ, not only the hashes. */
	assert_false(memcmp(a + 30, b + 30, 22) == 0);
	assert_true(password_verify(a, "same password"));
	assert_true(password_verify(b, "same password"));
}

static void test_verify(void **state)
{
	(void)state;
	char enc[PASSWORD_ENCODED_MAX];
	hash_ok("Pa55 word!", &PASSWORD_COST_SANDBOX, enc);
	assert_true(password_verify(enc, "Pa55 word!"));
	static const char *const wrong[] = {"pa55 word!", "Pa55 word", "Pa55 word!!", " Pa55 word!",
	                                    "",           "P",         "Pa55\0word!"};
	for (size_t i = 0; i < sizeof wrong / sizeof *wrong; i++)
		if (password_verify(enc, wrong[i]))
			fail_msg("'%s' verified", wrong[i]);
	assert_false(password_verify(enc, NULL));
	assert_false(password_verify(NULL, "Pa55 word!"));

	/* The reference implementation's test vector (argon2id, v=19, "password", "somesalt"):
	 * hashes made elsewhere verify. */
	const char *ref = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$"
	                  "CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
	assert_true(password_verify(ref, "password"));
	assert_false(password_verify(ref, "passwore"));

	/* UTF-8 and 1024 bytes (the longest) hash and verify. */
	hash_ok("pässwörd ✓", &PASSWORD_COST_SANDBOX, enc);
	assert_true(password_verify(enc, "pässwörd ✓"));
	char longest[PASSWORD_MAX_LEN + 2];
	memset(longest, 'k', PASSWORD_MAX_LEN);
	longest[PASSWORD_MAX_LEN] = '\0';
	hash_ok(longest, &PASSWORD_COST_SANDBOX, enc);
	assert_true(password_verify(enc, longest));
	longest[PASSWORD_MAX_LEN - 1] = 'j';
	assert_false(password_verify(enc, longest));
	/* A longer password never verifies (nothing longer can have been hashed). */
	longest[PASSWORD_MAX_LEN - 1] = 'k';
	longest[PASSWORD_MAX_LEN] = 'k';
	longest[PASSWORD_MAX_LEN + 1] = '\0';
	assert_false(password_verify(enc, longest));
}

static void test_malformed(void **state)
{
	(void)state;
	const char *salt = "c29tZXNhbHQ", *hash = "CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
	static const char *const bad_heads[] = {
	    "",
	    "$argon2i$v=19$m=65536,t=2,p=1$",
	    "$argon2d$v=19$m=65536,t=2,p=1$",
	    "$argon2id$v=16$m=65536,t=2,p=1$",
	    "$argon2id$m=65536,t=2,p=1$", /* no version: libargon2 would take 1.0 */
	    "argon2$argon2id$v=19$m=65536,t=2,p=1$",
	    "$ARGON2ID$v=19$m=65536,t=2,p=1$",
	    "$argon2id$v=19$m=065536,t=2,p=1$",
	    "$argon2id$v=19$m=65536,t=02,p=1$",
	    "$argon2id$v=19$m=+65536,t=2,p=1$",
	    "$argon2id$v=19$m=-1,t=2,p=1$",
	    "$argon2id$v=19$m=,t=2,p=1$",
	    "$argon2id$v=19$t=2,m=65536,p=1$",
	    "$argon2id$v=19$m=65536,t=2$",
	    "$argon2id$v=19$m=65536,t=2,p=1,keyid=x$",
	    "$argon2id$v=19$m=65536 ,t=2,p=1$",
	    /* Costs no stored hash may ask for: none of these runs. */
	    "$argon2id$v=19$m=4294967295,t=2,p=1$",
	    "$argon2id$v=19$m=4294967296,t=2,p=1$",
	    "$argon2id$v=19$m=99999999999999999999999,t=2,p=1$",
	    "$argon2id$v=19$m=262145,t=1,p=1$",
	    "$argon2id$v=19$m=65536,t=4294967295,p=1$",
	    "$argon2id$v=19$m=65536,t=17,p=1$",
	    "$argon2id$v=19$m=65536,t=0,p=1$",
	    "$argon2id$v=19$m=65536,t=2,p=0$",
	    "$argon2id$v=19$m=65536,t=2,p=17$",
	    "$argon2id$v=19$m=7,t=2,p=1$",
	    "$argon2id$v=19$m=15,t=2,p=2$",
	};
	for (size_t i = 0; i < sizeof bad_heads / sizeof *bad_heads; i++) {
		char enc[512];
		snprintf(enc, sizeof enc, "%s%s$%s", bad_heads[i], salt, hash);
		if (password_verify(enc, "password"))
			fail_msg("verified: %s", enc);
	}
	static const char *const bad_tails[] = {
	    "c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc$",
	    "c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc=",
	    "c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc ",
	    "c29tZXNhbHQ=$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
	    "c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPP-",
	    "c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPP",
	    "c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPcA",
	    "c29tZXNhbHQ$DTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
	    "c29tZXNhbHQ$",
	    "c29tZXNhbHQ",
	    "$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
	    "c29tZQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc", /* a 4-byte salt */
	    "c29tZXNhbHQ$CTFh",                                   /* a 3-byte hash */
	    "c29tZXNhbHQ$$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
	    "c29tZXNhbHU$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc", /* another salt */
	};
	for (size_t i = 0; i < sizeof bad_tails / sizeof *bad_tails; i++) {
		char enc[512];
		snprintf(enc, sizeof enc, "$argon2id$v=19$m=65536,t=2,p=1$%s", bad_tails[i]);
		if (password_verify(enc, "password"))
			fail_msg("verified: %s", enc);
	}

	/* Every proper prefix of a good string, and one too long to look at. */
	char good[PASSWORD_ENCODED_MAX];
	hash_ok("pw", &PASSWORD_COST_SANDBOX, good);
	size_t n = strlen(good);
	for (size_t k = 0; k < n; k++) {
		char *pre = strndup(good, k);
		if (password_verify(pre, "pw"))
			fail_msg("verified a prefix: %s", pre);
		free(pre);
	}
	char huge[4096];
	snprintf(huge, sizeof huge, "%.*s", (int)(n - 1), good);
	memset(huge + n - 1, 'A', sizeof huge - n);
	huge[sizeof huge - 1] = '\0';
	assert_false(password_verify(huge, "pw"));
}

/* Garbled strings: every character of a good string replaced in turn (the last of the salt
 * and of the hash too: libargon2 refuses spare bits that are set), and random bytes. None
 * verifies. */
static void test_garbled(void **state)
{
	(void)state;
	char good[PASSWORD_ENCODED_MAX];
	hash_ok("pw", &PASSWORD_COST_SANDBOX, good);
	size_t n = strlen(good);
	static const char subs[] = {'A', '/', '$', ',', '=', '9', 'z', '\n', '\x80', '\xff'};
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < sizeof subs; k++) {
			char g[PASSWORD_ENCODED_MAX];
			memcpy(g, good, n + 1);
			if (g[i] == subs[k])
				continue;
			g[i] = subs[k];
			if (password_verify(g, "pw"))
				fail_msg("verified: %s", g);
		}
	}
	srand(7);
	for (int i = 0; i < 2000; i++) {
		char g[200];
		size_t len = (size_t)(rand() % (int)sizeof g);
		size_t at = 0;
		/* Half of them start as a good string does. */
		if (i % 2) {
			at = (size_t)(rand() % (int)n);
			memcpy(g, good, at);
		}
		for (; at < len; at++) {
			int r = rand() % 8;
			g[at] = r == 0   ? '$'
			        : r == 1 ? (char)('0' + rand() % 10)
			                 : (char)(1 + rand() % 255);
		}
		g[len > at ? len : at] = '\0';
		assert_false(password_verify(g, "pw"));
	}
	assert_true(password_verify(good, "pw"));
}

static void test_refused(void **state)
{
	(void)state;
	char out[PASSWORD_ENCODED_MAX];
	char *cause = NULL;
	assert_int_equal(password_hash("", &PASSWORD_COST_SANDBOX, out, sizeof out, &cause), -1);
	assert_string_equal(cause, "the password is empty");
	free(cause);
	cause = NULL;
	assert_int_equal(password_hash(NULL, &PASSWORD_COST_SANDBOX, out, sizeof out, &cause), -1);
	assert_string_equal(cause, "the password is empty");
	free(cause);
	cause = NULL;
	char *big = malloc(100000);
	memset(big, 'x', 100000 - 1);
	big[100000 - 1] = '\0';
	assert_int_equal(password_hash(big, &PASSWORD_COST_SANDBOX, out, sizeof out, &cause), -1);
	assert_string_equal(cause, "the password is longer than 1024 bytes");
	free(cause);
	cause = NULL;
	big[PASSWORD_MAX_LEN + 1] = '\0';
	assert_int_equal(password_hash(big, &PASSWORD_COST_SANDBOX, out, sizeof out, &cause), -1);
	assert_non_null(strstr(cause, "longer than 1024"));
	free(cause);
	cause = NULL;
	free(big);

	static const struct password_cost bad[] = {
	    {0, 1024, 1},
	    {1, 1024, 0},
	    {1, 7, 1},
	    {1, 15, 2},
	    {PASSWORD_MAX_T + 1, 1024, 1},
	    {1, PASSWORD_MAX_M_KIB + 1, 1},
	    {1, 1024, PASSWORD_MAX_P + 1},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(password_hash("pw", &bad[i], out, sizeof out, &cause), -1);
		assert_non_null(strstr(cause, "cost out of bounds"));
		free(cause);
		cause = NULL;
	}
	/* Too small a buffer. */
	assert_int_equal(password_hash("pw", &PASSWORD_COST_SANDBOX, out, 40, &cause), -1);
	assert_non_null(strstr(cause, "no room for the hash"));
	free(cause);
}

/* A log-in's check: the account's hash as password_verify does; no account, always false
 * (a decoy hash is checked instead, which no password opens: not even the decoy's own). */
static void test_account(void **state)
{
	(void)state;
	char encoded[PASSWORD_ENCODED_MAX];
	char *cause = NULL;
	assert_int_equal(
	    password_hash("right one", &PASSWORD_COST_SANDBOX, encoded, sizeof encoded, &cause), 0);
	assert_true(password_verify_account(encoded, "right one"));
	assert_false(password_verify_account(encoded, "wrong one"));
	assert_false(password_verify_account(NULL, "right one"));
	assert_false(password_verify_account(NULL, "decoy: no account has this password"));
	assert_false(password_verify_account(NULL, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shape),     cmocka_unit_test(test_costs),
	    cmocka_unit_test(test_salted),    cmocka_unit_test(test_verify),
	    cmocka_unit_test(test_malformed), cmocka_unit_test(test_garbled),
	    cmocka_unit_test(test_refused),   cmocka_unit_test(test_account),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
