/* password: beneficiaries' passwords, hashed with argon2id (libargon2) and kept in the PHC
 * string form "$argon2id$v=19$m=M,t=T,p=P$SALT$HASH": a random 16-byte salt (OpenSSL's
 * RAND_bytes) and a 32-byte hash, both in unpadded base64. The string carries its own costs,
 * so hashes made at different costs verify alike. */
#ifndef BB_AUTH_PASSWORD_H
#define BB_AUTH_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Passwords are 1 to PASSWORD_MAX_LEN bytes (any bytes but NUL). */
#define PASSWORD_MAX_LEN 1024
/* Room for any encoded hash password_hash makes (the longest costs, and the NUL). */
#define PASSWORD_ENCODED_MAX 128
/* The most a hash may cost, to make or to verify: a stored hash asking for more is taken as
 * malformed (so that no stored string can make a log-in take minutes or gigabytes). */
#define PASSWORD_MAX_M_KIB (256 * 1024)
#define PASSWORD_MAX_T     16
#define PASSWORD_MAX_P     16

/* argon2id's costs: passes over memory, memory in KiB (at least 8 per lane), lanes. */
struct password_cost {
	uint32_t t_cost, m_cost_kib, parallelism;
};

/* OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane): for every real account. */
extern const struct password_cost PASSWORD_COST_DEFAULT;
/* 1 MiB, 1 pass, 1 lane: only for the sandbox's synthetic users (whose passwords are
 * published anyway), so that issuing tens of thousands of them takes seconds, not hours.
 * Never for an account that protects anything. */
extern const struct password_cost PASSWORD_COST_SANDBOX;

/* Hashes password at cost with a fresh salt into out (outlen bytes, PASSWORD_ENCODED_MAX is
 * enough). Returns 0, or -1 with *cause (malloc'd) when the password is empty or longer than
 * PASSWORD_MAX_LEN, the cost is out of bounds, out is too small or no random bytes came. */
int password_hash(const char *password, const struct password_cost *cost, char *out, size_t outlen,
                  char **cause);

/* Whether password is the one encoded (an argon2id string as password_hash makes). False for
 * anything malformed, of another algorithm or version, or beyond the cost bounds; never
 * fails otherwise. The comparison takes constant time (libargon2's). */
bool password_verify(const char *encoded, const char *password);
/* password_verify for a log-in, encoded NULL when the account does not exist: then a decoy
 * hash at the default cost is checked (and false returned), so that an unknown name takes
 * as long as a wrong password and the time tells nothing. */
bool password_verify_account(const char *encoded, const char *password);

#endif
