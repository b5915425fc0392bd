#include "synth/rng.h"

#include <math.h>
#include <string.h>

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * 0xd1b54a32d192ed03ULL);
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t rng_below(struct rng *r, uint64_t n)
{
	/* Rejection above the largest multiple of n. */
	uint64_t limit = UINT64_MAX - UINT64_MAX % n;
	uint64_t x;
	do
		x = rng_next(r);
	while (x >= limit);
	return x % n;
}

int64_t rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)rng_below(r, (uint64_t)(hi - lo) + 1);
}

double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

const void *rng_pick(struct rng *r, const void *table, int n, size_t size, size_t offset)
{
	const char *t = table;
	double total = 0, w;
	for (int i = 0; i < n; i++) {
		memcpy(&w, t + (size_t)i * size + offset, sizeof w);
		total += w;
	}
	double x = rng_unit(r) * total;
	for (int i = 0; i < n; i++) {
		memcpy(&w, t + (size_t)i * size + offset, sizeof w);
		if (x < w)
			return t + (size_t)i * size;
		x -= w;
	}
	return t + (size_t)(n - 1) * size;
}

int rng_weighted(struct rng *r, const double *w, int n)
{
	return (int)((const double *)rng_pick(r, w, n, sizeof *w, 0) - w);
}

int rng_poisson(struct rng *r, double mean)
{
	if (mean <= 0)
		return 0;
	if (mean > 30) {
		/* Normal approximation, rounded and kept at 0 or more. */
		double u1 = rng_unit(r), u2 = rng_unit(r);
		double z = sqrt(-2.0 * log(u1 > 0 ? u1 : 1e-300)) * cos(2 * M_PI * u2);
		long v = lround(mean + z * sqrt(mean));
		return v < 0 ? 0 : (int)v;
	}
	/* Knuth's product of uniforms. */
	double limit = exp(-mean), p = 1;
	int k = 0;
	do {
		k++;
		p *= rng_unit(r);
	} while (p > limit);
	return k - 1;
}
