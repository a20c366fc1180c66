/* rng.c: xoshiro256** seeded by splitmix64, for reproducible demo data only (never keys). */

#include "config.h"

#include "amparo.h"

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t	z;

	z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31));
}

void
rng_seed(struct rng *r, uint64_t seed)
{
	int	i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return ((x << k) | (x >> (64 - k)));
}

uint64_t
rng_next(struct rng *r)
{
	uint64_t	result, t;

	result = rotl(r->s[1] * 5, 7) * 9;
	t = r->s[1] << 17;
	r->s[2] ^= r->s[0];
	r->s[3] ^= r->s[1];
	r->s[1] ^= r->s[2];
	r->s[0] ^= r->s[3];
	r->s[2] ^= t;
	r->s[3] = rotl(r->s[3], 45);
	return (result);
}

/* A number in [0, n), without modulo bias. */
uint32_t
rng_below(struct rng *r, uint32_t n)
{
	uint64_t	m;
	uint32_t	l, t;

	if (n == 0)
		return (0);
	m = (uint64_t)(uint32_t)(rng_next(r) >> 32) * n;
	l = (uint32_t)m;
	if (l < n) {
		t = (uint32_t)(-n) % n;
		while (l < t) {
			m = (uint64_t)(uint32_t)(rng_next(r) >> 32) * n;
			l = (uint32_t)m;
		}
	}
	return ((uint32_t)(m >> 32));
}

/* True with the given chance in percent. */
int
rng_chance(struct rng *r, unsigned percent)
{
	return (rng_below(r, 100) < percent);
}
