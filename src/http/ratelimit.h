/* ratelimit: requests per key (a token's hash) in fixed windows of time, shared by the
 * server's threads. */
#ifndef BB_HTTP_RATELIMIT_H
#define BB_HTTP_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

struct ratelimit;

/* limit requests per window_s seconds for each key. */
struct ratelimit *ratelimit_new(long limit, long window_s);
void ratelimit_free(struct ratelimit *rl);
long ratelimit_limit(const struct ratelimit *rl);
/* Counts one request of key at now_ms: true when it is within the limit. *remaining: what is
 * left in the window after it; *reset_s: seconds until the window ends. */
bool ratelimit_take(struct ratelimit *rl, uint64_t key, int64_t now_ms, long *remaining,
                    long *reset_s);

/* How many of key's requests the current window has counted (none taken). */
long ratelimit_used(struct ratelimit *rl, uint64_t key, int64_t now_ms);

/* The key of a name (a username, an email, an address): FNV-1a of its bytes, of their ASCII
 * lower case when fold_case (names that are one whatever their case). */
uint64_t ratelimit_key(const char *name, bool fold_case);

#endif
