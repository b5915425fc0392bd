#include "auth/password.h"

#include <argon2.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <string.h>

#include "core/fatal.h"

#define SALT_LEN 16
#define HASH_LEN 32
/* The longest encoded string password_verify looks at (ours are under 100 characters). */
#define ENCODED_MAX_LEN 256

const struct password_cost PASSWORD_COST_DEFAULT = {2, 19456, 1};
const struct password_cost PASSWORD_COST_SANDBOX = {1, 1024, 1};

/* Whether argon2id can run at cost, within our bounds. */
static bool cost_ok(const struct password_cost *c)
{
	return c->t_cost >= 1 && c->t_cost <= PASSWORD_MAX_T && c->parallelism >= 1 &&
	       c->parallelism <= PASSWORD_MAX_P && c->m_cost_kib >= 8 * c->parallelism &&
	       c->m_cost_kib <= PASSWORD_MAX_M_KIB;
}

int password_hash(const char *password, const struct password_cost *cost, char *out, size_t outlen,
                  char **cause)
{
	size_t n = password ? strnlen(password, PASSWORD_MAX_LEN + 1) : 0;
	if (n == 0) {
		*cause = xstrdup("the password is empty");
		return -1;
	}
	if (n > PASSWORD_MAX_LEN) {
		*cause = xasprintf("the password is longer than %d bytes", PASSWORD_MAX_LEN);
		return -1;
	}
	if (!cost_ok(cost)) {
		*cause = xasprintf("argon2id cost out of bounds (m=%u KiB, t=%u, p=%u)",
		                   (unsigned)cost->m_cost_kib, (unsigned)cost->t_cost,
		                   (unsigned)cost->parallelism);
		return -1;
	}
	size_t need = argon2_encodedlen(cost->t_cost, cost->m_cost_kib, cost->parallelism, SALT_LEN,
	                                HASH_LEN, Argon2_id);
	if (outlen < need) {
		*cause = xasprintf("no room for the hash (%zu bytes, %zu needed)", outlen, need);
		return -1;
	}
	unsigned char salt[SALT_LEN];
	if (RAND_bytes(salt, sizeof salt) != 1) {
		*cause = xstrdup("no random bytes for the salt");
		return -1;
	}
	int rc = argon2id_hash_encoded(cost->t_cost, cost->m_cost_kib, cost->parallelism, password,
	                               n, salt, sizeof salt, HASH_LEN, out, outlen);
	if (rc != ARGON2_OK) {
		*cause = xasprintf("argon2id: %s", argon2_error_message(rc));
		return -1;
	}
	return 0;
}

/* Reads a decimal without sign or leading zeros, at most max, and moves *p past it. */
static bool decimal(const char **p, uint32_t max, uint32_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	if (*s < '0' || *s > '9' || (s[0] == '0' && s[1] >= '0' && s[1] <= '9'))
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > max)
			return false;
	}
	*out = (uint32_t)v;
	*p = s;
	return true;
}

/* The length of the run of base64 characters (unpadded, standard alphabet) at s. */
static size_t base64_run(const char *s)
{
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
}

static bool expect(const char **p, const char *lit)
{
	size_t n = strlen(lit);
	if (strncmp(*p, lit, n) != 0)
		return false;
	*p += n;
	return true;
}

/* Whether encoded has the shape of an argon2id v1.3 string with costs within our bounds. What
 * libargon2 then checks besides (the base64, the salt's and hash's lengths) is its own. */
static bool well_formed(const char *encoded)
{
	if (strnlen(encoded, ENCODED_MAX_LEN + 1) > ENCODED_MAX_LEN)
		return false;
	const char *p = encoded;
	struct password_cost c;
	if (!expect(&p, "$argon2id$v=19$m=") || !decimal(&p, UINT32_MAX, &c.m_cost_kib) ||
	    !expect(&p, ",t=") || !decimal(&p, UINT32_MAX, &c.t_cost) || !expect(&p, ",p=") ||
	    !decimal(&p, UINT32_MAX, &c.parallelism) || !expect(&p, "$") || !cost_ok(&c))
		return false;
	size_t salt = base64_run(p);
	p += salt;
	if (salt < 11 || !expect(&p, "$")) /* 11 characters: 8 bytes, libargon2's least */
		return false;
	size_t hash = base64_run(p);
	p += hash;
	return hash >= 6 && *p == '\0'; /* 6 characters: 4 bytes */
}

bool password_verify(const char *encoded, const char *password)
{
	if (encoded == NULL || password == NULL)
		return false;
	size_t n = strnlen(password, PASSWORD_MAX_LEN + 1);
	if (n == 0 || n > PASSWORD_MAX_LEN || !well_formed(encoded))
		return false;
	return argon2id_verify(encoded, password, n) == ARGON2_OK;
}

/* A hash of nothing anyone knows, at the default cost, made once. */
static char decoy[PASSWORD_ENCODED_MAX];
static pthread_once_t decoy_once = PTHREAD_ONCE_INIT;

static void make_decoy(void)
{
	char *cause = NULL;
	if (password_hash("decoy: no account has this password", &PASSWORD_COST_DEFAULT, decoy,
	                  sizeof decoy, &cause) < 0) {
		decoy[0] = '\0';
		free(cause);
	}
}

bool password_verify_account(const char *encoded, const char *password)
{
	if (encoded)
		return password_verify(encoded, password);
	pthread_once(&decoy_once, make_decoy);
	if (decoy[0] && password)
		password_verify(decoy, password);
	return false;
}
