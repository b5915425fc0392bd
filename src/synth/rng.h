/* rng: the synthetic data's deterministic random numbers (xoshiro256** seeded through
 * splitmix64): the same seed gives the same sequence on every machine. Each beneficiary draws
 * from its own generator, seeded by (seed, index), so that beneficiary i is the same whatever
 * else is generated. */
#ifndef BB_SYNTH_RNG_H
#define BB_SYNTH_RNG_H

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
/* A Poisson-distributed count with mean `mean` (>= 0). */
int rng_poisson(struct rng *r, double mean);

#endif
