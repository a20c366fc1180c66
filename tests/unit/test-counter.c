/* test-counter.c: unit tests of the report counters' histograms (exact percentiles by nearest rank), numbers, entries and value decoding. */

#include "unit.h"

/* The nearest-rank percentile of v[0..n), the slow way: sorted, then ranked. */
static int
cmp64(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x < y ? -1 : x > y);
}

static int64_t
slow_percentile(int64_t *v, size_t n, int pct)
{
	size_t	rank;

	qsort(v, n, sizeof *v, cmp64);
	rank = ((size_t)pct * n + 99) / 100;
	if (rank < 1)
		rank = 1;
	return (v[rank - 1]);
}

static void
test_hist_small_known(void **state)
{
	struct hist	h = { 0 };

	(void)state;
	assert_int_equal(hist_percentile(&h, 50), 0);	/* empty */
	hist_add(&h, 10, 1);
	hist_add(&h, 20, 1);
	hist_add(&h, 30, 1);
	hist_add(&h, 40, 1);
	/* Nearest rank: the median of four is the second, the lower one. */
	assert_int_equal(hist_percentile(&h, 50), 20);
	assert_int_equal(hist_percentile(&h, 90), 40);
	assert_int_equal(hist_percentile(&h, 75), 30);
	assert_int_equal(hist_percentile(&h, 76), 40);
	assert_int_equal(hist_percentile(&h, 0), 10);
	assert_int_equal(hist_percentile(&h, 100), 40);
	assert_int_equal(h.total, 4);
	hist_free(&h);
}

static void
test_hist_counts_and_deltas(void **state)
{
	struct hist	h = { 0 };

	(void)state;
	hist_add(&h, 5, 3);
	hist_add(&h, 1, 2);
	hist_add(&h, 5, -3);	/* a record left: its bin empties */
	hist_add(&h, 9, 1);
	hist_add(&h, 1, 0);
	hist_sort(&h);
	assert_int_equal(h.n, 2);
	assert_int_equal(h.total, 3);
	assert_int_equal(h.v[0].value, 1);
	assert_int_equal(h.v[0].count, 2);
	assert_int_equal(hist_percentile(&h, 50), 1);
	assert_int_equal(hist_percentile(&h, 67), 9);
	assert_int_equal(hist_below(&h, 1), 0);
	assert_int_equal(hist_below(&h, 2), 2);
	assert_int_equal(hist_below(&h, 100), 3);
	hist_free(&h);
}

/* Random histograms against sorting every value. */
static void
test_hist_against_sorting(void **state)
{
	static const int pcts[] = { 1, 10, 25, 50, 75, 90, 99, 100 };
	struct hist	h;
	struct rng	r;
	int64_t		*v, x;
	size_t		 n, i, k, round;
	uint32_t	 c;

	(void)state;
	rng_seed(&r, 42);
	for (round = 0; round < 200; round++) {
		memset(&h, 0, sizeof h);
		v = xcalloc(2000, sizeof *v);
		n = 0;
		for (i = 0; i < 1 + rng_below(&r, 60); i++) {
			x = (int64_t)rng_below(&r, 400) - 100;
			c = 1 + rng_below(&r, 20);
			hist_add(&h, x, c);
			for (k = 0; k < c; k++)
				v[n++] = x;
		}
		for (i = 0; i < nitems(pcts); i++)
			assert_int_equal(hist_percentile(&h, pcts[i]),
			    slow_percentile(v, n, pcts[i]));
		x = v[rng_below(&r, (uint32_t)n)];
		for (i = k = 0; i < n; i++)
			k += v[i] < x;
		assert_int_equal(hist_below(&h, x), (int64_t)k);
		free(v);
		hist_free(&h);
	}
}

static void
test_counter_num(void **state)
{
	unsigned char	b[4];

	(void)state;
	counter_num(b, 20616);		/* a day: 2026-06-10 */
	assert_int_equal(counter_num_get(b), 20616);
	counter_num(b, 0);
	assert_int_equal(counter_num_get(b), 0);
	counter_num(b, -5);
	assert_int_equal(counter_num_get(b), -5);
	/* Big-endian, so that entries sort by their number. */
	counter_num(b, 0x01020304);
	assert_int_equal(b[0], 1);
	assert_int_equal(b[3], 4);
}

static void
test_counter_field(void **state)
{
	struct counter_entry	 e;
	unsigned char		 k[32];
	char			*f;

	(void)state;
	counter_num(k, 7);
	memcpy(k + 4, "asylum_seeker_card\0valid", 24);
	e.key = k;
	e.n = 28;
	e.count = 1;
	f = counter_field(&e, 4, 0);
	assert_string_equal(f, "asylum_seeker_card");
	free(f);
	f = counter_field(&e, 4, 1);
	assert_string_equal(f, "valid");
	free(f);
	f = counter_field(&e, 4, 2);	/* past the end: empty */
	assert_string_equal(f, "");
	free(f);
	e.n = 2;			/* shorter than its number */
	f = counter_field(&e, 4, 0);
	assert_string_equal(f, "");
	free(f);
}

static void
test_counter_decode(void **state)
{
	struct counter_group	 g;
	struct buf		 b = { 0 };
	static const unsigned char group[] = "conpar\0";

	(void)state;
	buf_add_u8(&b, 1);
	buf_add_bytes(&b, group, sizeof group - 1);
	buf_add_varint(&b, 2);
	buf_add_bytes(&b, "intake\0registered", 17);
	buf_add_varint(&b, 6);		/* zigzag: 3 */
	buf_add_bytes(&b, "referral\0sent", 13);
	buf_add_varint(&b, 1);		/* zigzag: -1 */
	assert_int_equal(counter_decode(b.p, b.n, &g), 0);
	assert_int_equal(g.kind, 'c');
	assert_string_equal(g.inst, "onpar");
	assert_int_equal(g.nsub, 0);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.v[0].count, 3);
	assert_int_equal(g.v[1].count, -1);
	assert_memory_equal(g.v[1].key, "referral\0sent", 13);
	counter_group_free(&g);
	/* Cut short, with bytes after the end, or another layout: refused. */
	assert_int_equal(counter_decode(b.p, b.n - 1, &g), -1);
	buf_add_u8(&b, 0);
	assert_int_equal(counter_decode(b.p, b.n, &g), -1);
	b.p[0] = 2;
	assert_int_equal(counter_decode(b.p, b.n - 1, &g), -1);
	assert_int_equal(counter_decode(b.p, 0, &g), -1);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hist_small_known),
		cmocka_unit_test(test_hist_counts_and_deltas),
		cmocka_unit_test(test_hist_against_sorting),
		cmocka_unit_test(test_counter_num),
		cmocka_unit_test(test_counter_field),
		cmocka_unit_test(test_counter_decode),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
