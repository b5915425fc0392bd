/* rng: the synthetic data's deterministic random numbers (xoshiro256** seeded through
 * splitmix64): the same seed gives the same sequence on every machine. Each beneficiary draws
 * from its own generator, seeded by (seed, index), so that beneficiary i is the same whatever
 * else is generated. */
#ifndef BB_SYNTH_RNG_H
#define BB_SYNTH_RNG_H

#include <stddef.h>
#include <stdint.h>

struct rng {
	uint64_t s[4];
};

/* A generator for stream `stream` of seed `seed`. */
void rng_seed(struct rng *r, uint64_t seed, uint64_t stream);
uint64_t rng_next(struct rng *r);
/* Uniform in [0, n) (n > 0), without modulo bias. */
uint64_t rng_below(struct rng *r, uint64_t n);
/* Uniform in [lo, hi] (lo <= hi). */
int64_t rng_range(struct rng *r, int64_t lo, int64_t hi);
/* Uniform in [0, 1). */
double rng_unit(struct rng *r);
/* An index drawn from weights w[0..n) (not all zero), in proportion. */
int rng_weighted(struct rng *r, const double *w, int n);
/* An element drawn from a table of n structs of `size` bytes, each with a double weight
 * `offset` bytes in (not all zero), in proportion; RNG_PICK(r, table) for an array with a
 * `weight` member. */
const void *rng_pick(struct rng *r, const void *table, int n, size_t size, size_t offset);
#define RNG_PICK(r, t)                                                                             \
	((__typeof__(&(t)[0]))rng_pick((r), (t), (int)(sizeof(t) / sizeof((t)[0])),                \
	                               sizeof((t)[0]), offsetof(__typeof__((t)[0]), weight)))
/* A Poisson-distributed count with mean `mean` (>= 0). */
int rng_poisson(struct rng *r, double mean);

#endif
