/* counter-hist.c: histograms of whole numbers (days), and their exact percentiles by nearest rank. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "amparo.h"

/* Add count values v (count may be negative, as a delta); hist_sort after. */
void
hist_add(struct hist *h, int64_t v, int64_t count)
{
	if (count == 0)
		return;
	XGROW(h->v, h->n, h->cap);
	h->v[h->n].value = v;
	h->v[h->n++].count = count;
	h->sorted = 0;
}

static int
bin_cmp(const void *a, const void *b)
{
	const struct hist_bin	*x = a, *y = b;

	return (x->value < y->value ? -1 : x->value > y->value);
}

/* Order the bins and merge those of one value; empty bins go. */
void
hist_sort(struct hist *h)
{
	size_t	i, j = 0;

	if (h->n > 1)	/* an empty histogram has no array */
		qsort(h->v, h->n, sizeof *h->v, bin_cmp);
	h->total = 0;
	for (i = 0; i < h->n; i++) {
		if (j > 0 && h->v[j - 1].value == h->v[i].value)
			h->v[j - 1].count += h->v[i].count;
		else
			h->v[j++] = h->v[i];
		if (h->v[j - 1].count == 0)
			j--;
	}
	h->n = j;
	for (i = 0; i < h->n; i++)
		h->total += h->v[i].count;
	h->sorted = 1;
}

/*
 * The pct-th percentile by nearest rank: the smallest value with at least
 * ceil(pct * total / 100) values at or below it (the median is the lower
 * one of an even count). 0 if the histogram is empty.
 */
int64_t
hist_percentile(struct hist *h, int pct)
{
	int64_t	rank, seen = 0;
	size_t	i;

	if (!h->sorted)
		hist_sort(h);
	if (h->total <= 0 || h->n == 0)
		return (0);
	rank = (pct * h->total + 99) / 100;
	if (rank < 1)
		rank = 1;
	for (i = 0; i < h->n; i++) {
		seen += h->v[i].count;
		if (seen >= rank)
			return (h->v[i].value);
	}
	return (h->v[h->n - 1].value);
}

/* How many values are below v. */
int64_t
hist_below(struct hist *h, int64_t v)
{
	int64_t	n = 0;
	size_t	i;

	if (!h->sorted)
		hist_sort(h);
	for (i = 0; i < h->n && h->v[i].value < v; i++)
		n += h->v[i].count;
	return (n);
}

void
hist_free(struct hist *h)
{
	free(h->v);
	memset(h, 0, sizeof *h);
}
