/* record.c: the record model (field id to value, repeat groups), its binary codec, case numbers. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "amparo.h"

#define RECORD_MAGIC0	'A'
#define RECORD_MAGIC1	'R'
#define RECORD_CODEC	1
#define RECORD_MAX_FIELDS 4096

/*
 * A map keeps its fields sorted by id: lookups are binary searches, and a
 * record encodes the same way whatever order its fields were set in.
 */
static size_t
rmap_slot(const struct rmap *m, const char *id, int *found)
{
	size_t	lo = 0, hi = m->n, mid;
	int	c;

	*found = 0;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcmp(m->v[mid].id, id);
		if (c == 0) {
			*found = 1;
			return (mid);
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo);
}

struct rfield *
rmap_field(const struct rmap *m, const char *id)
{
	size_t	i;
	int	found;

	i = rmap_slot(m, id, &found);
	return (found ? &m->v[i] : NULL);
}

/* A field's text value, or NULL when unanswered. */
const char *
rmap_get(const struct rmap *m, const char *id)
{
	struct rfield	*f = rmap_field(m, id);

	if (f == NULL || f->kind != RF_STR)
		return (NULL);
	return (f->str);
}

static void
rfield_clear(struct rfield *f)
{
	size_t	i;

	free(f->str);
	f->str = NULL;
	for (i = 0; i < f->nitems; i++)
		rmap_free(&f->items[i]);
	free(f->items);
	f->items = NULL;
	f->nitems = 0;
}

/* Insert a new field in its sorted place (the id must not be there yet). */
static struct rfield *
rmap_append(struct rmap *m, const char *id, enum rfield_kind kind)
{
	struct rfield	*f;
	size_t		 i;
	int		 found;

	i = rmap_slot(m, id, &found);
	XGROW(m->v, m->n, m->cap);
	memmove(&m->v[i + 1], &m->v[i], (m->n - i) * sizeof *m->v);
	m->n++;
	f = &m->v[i];
	memset(f, 0, sizeof *f);
	f->id = xstrdup(id);
	f->kind = kind;
	return (f);
}

void
rmap_unset(struct rmap *m, const char *id)
{
	struct rfield	*f = rmap_field(m, id);
	size_t		 i;

	if (f == NULL)
		return;
	i = (size_t)(f - m->v);
	rfield_clear(f);
	free(f->id);
	memmove(&m->v[i], &m->v[i + 1], (m->n - i - 1) * sizeof *m->v);
	m->n--;
}

/* Set a text value; NULL or "" unanswers the field. */
void
rmap_set(struct rmap *m, const char *id, const char *value)
{
	struct rfield	*f;

	if (value == NULL || *value == '\0') {
		rmap_unset(m, id);
		return;
	}
	if ((f = rmap_field(m, id)) == NULL)
		f = rmap_append(m, id, RF_STR);
	else
		rfield_clear(f);
	f->kind = RF_STR;
	f->str = xstrdup(value);
}

/* A repeat group field, made if missing. */
struct rfield *
rmap_group(struct rmap *m, const char *id)
{
	struct rfield	*f;

	if ((f = rmap_field(m, id)) == NULL)
		return (rmap_append(m, id, RF_GROUP));
	if (f->kind != RF_GROUP) {
		rfield_clear(f);
		f->kind = RF_GROUP;
	}
	return (f);
}

struct rmap *
rgroup_add(struct rfield *f)
{
	f->items = xreallocarray(f->items, f->nitems + 1, sizeof *f->items);
	memset(&f->items[f->nitems], 0, sizeof *f->items);
	return (&f->items[f->nitems++]);
}

void
rgroup_remove(struct rfield *f, size_t i)
{
	if (i >= f->nitems)
		return;
	rmap_free(&f->items[i]);
	memmove(&f->items[i], &f->items[i + 1],
	    (f->nitems - i - 1) * sizeof *f->items);
	f->nitems--;
}

void
rmap_copy(struct rmap *dst, const struct rmap *src)
{
	const struct rfield	*s;
	struct rfield		*d;
	size_t			 i, j;

	memset(dst, 0, sizeof *dst);
	for (i = 0; i < src->n; i++) {
		s = &src->v[i];
		d = rmap_append(dst, s->id, s->kind);
		if (s->kind == RF_STR) {
			d->str = xstrdup(s->str);
			continue;
		}
		for (j = 0; j < s->nitems; j++)
			rmap_copy(rgroup_add(d), &s->items[j]);
	}
}

/* Whether two maps hold the same answers. */
int
rmap_same(const struct rmap *a, const struct rmap *b)
{
	size_t	i;

	if (a->n != b->n)
		return (0);
	for (i = 0; i < a->n; i++) {
		if (!rfield_equal(&a->v[i], rmap_field(b, a->v[i].id)))
			return (0);
	}
	return (1);
}

/* Whether two fields hold the same answer (NULL is unanswered). */
int
rfield_equal(const struct rfield *a, const struct rfield *b)
{
	size_t	i;

	if (a == NULL || b == NULL)
		return (a == b);
	if (a->kind != b->kind)
		return (0);
	if (a->kind == RF_STR)
		return (strcmp(a->str, b->str) == 0);
	if (a->nitems != b->nitems)
		return (0);
	for (i = 0; i < a->nitems; i++) {
		if (!rmap_same(&a->items[i], &b->items[i]))
			return (0);
	}
	return (1);
}

void
rmap_free(struct rmap *m)
{
	size_t	i;

	for (i = 0; i < m->n; i++) {
		rfield_clear(&m->v[i]);
		free(m->v[i].id);
	}
	free(m->v);
	memset(m, 0, sizeof *m);
}

void
record_init(struct record *r)
{
	memset(r, 0, sizeof *r);
}

void
record_free(struct record *r)
{
	free(r->form);
	free(r->created_by);
	free(r->updated_by);
	rmap_free(&r->data);
	memset(r, 0, sizeof *r);
}

void
record_copy(struct record *dst, const struct record *src)
{
	*dst = *src;
	dst->form = src->form != NULL ? xstrdup(src->form) : NULL;
	dst->created_by = src->created_by != NULL ? xstrdup(src->created_by) :
	    NULL;
	dst->updated_by = src->updated_by != NULL ? xstrdup(src->updated_by) :
	    NULL;
	rmap_copy(&dst->data, &src->data);
}

static void
rmap_encode(const struct rmap *m, struct buf *b)
{
	const struct rfield	*f;
	size_t			 i, j;

	buf_add_varint(b, m->n);
	for (i = 0; i < m->n; i++) {
		f = &m->v[i];
		buf_add_str(b, f->id);
		buf_add_u8(b, (uint8_t)f->kind);
		if (f->kind == RF_STR) {
			buf_add_str(b, f->str);
			continue;
		}
		buf_add_varint(b, f->nitems);
		for (j = 0; j < f->nitems; j++)
			rmap_encode(&f->items[j], b);
	}
}

static uint64_t
zigzag(int64_t v)
{
	return (((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

static int64_t
unzigzag(uint64_t v)
{
	return ((int64_t)(v >> 1) ^ -(int64_t)(v & 1));
}

/*
 * Encoding: "AR", codec version, id, version, form, form version, created,
 * updated, created by, updated by, then the fields: a count and, for each,
 * its id, a kind byte and either a string or a count of item maps.
 */
void
record_encode(const struct record *r, struct buf *b)
{
	buf_add_u8(b, RECORD_MAGIC0);
	buf_add_u8(b, RECORD_MAGIC1);
	buf_add_u8(b, RECORD_CODEC);
	buf_add_varint(b, r->id);
	buf_add_varint(b, r->version);
	buf_add_str(b, r->form);
	buf_add_varint(b, r->form_version);
	buf_add_varint(b, zigzag(r->created));
	buf_add_varint(b, zigzag(r->updated));
	buf_add_str(b, r->created_by);
	buf_add_str(b, r->updated_by);
	rmap_encode(&r->data, b);
}

static int
rmap_decode(struct rd *rd, struct rmap *m, int depth)
{
	struct rfield	*f;
	uint64_t	 n, items, j;
	uint8_t		 kind;
	char		*id;
	size_t		 i;

	if (depth > RECORD_MAX_DEPTH)
		return (-1);
	n = rd_varint(rd);
	if (rd->bad || n > RECORD_MAX_FIELDS || n > rd->n - rd->off)
		return (-1);
	for (i = 0; i < n; i++) {
		if ((id = rd_str(rd)) == NULL)
			return (-1);
		if (*id == '\0' || rmap_field(m, id) != NULL) {
			free(id);
			return (-1);
		}
		kind = rd_u8(rd);
		if (rd->bad || (kind != RF_STR && kind != RF_GROUP)) {
			free(id);
			return (-1);
		}
		f = rmap_append(m, id, (enum rfield_kind)kind);
		free(id);
		if (kind == RF_STR) {
			if ((f->str = rd_str(rd)) == NULL)
				return (-1);
			continue;
		}
		items = rd_varint(rd);
		if (rd->bad || items > RECORD_MAX_ITEMS ||
		    items > rd->n - rd->off)
			return (-1);
		for (j = 0; j < items; j++) {
			if (rmap_decode(rd, rgroup_add(f), depth + 1) != 0)
				return (-1);
		}
	}
	return (0);
}

/* Decode a record; -1 (and nothing allocated) for anything malformed. */
int
record_decode(const void *p, size_t n, struct record *r)
{
	struct rd	rd;
	uint64_t	fv;

	record_init(r);
	rd_init(&rd, p, n);
	if (rd_u8(&rd) != RECORD_MAGIC0 || rd_u8(&rd) != RECORD_MAGIC1 ||
	    rd_u8(&rd) != RECORD_CODEC)
		return (-1);
	r->id = rd_varint(&rd);
	r->version = rd_varint(&rd);
	if ((r->form = rd_str(&rd)) == NULL)
		goto bad;
	fv = rd_varint(&rd);
	if (fv > UINT32_MAX)
		goto bad;
	r->form_version = (uint32_t)fv;
	r->created = unzigzag(rd_varint(&rd));
	r->updated = unzigzag(rd_varint(&rd));
	if ((r->created_by = rd_str(&rd)) == NULL ||
	    (r->updated_by = rd_str(&rd)) == NULL)
		goto bad;
	if (rmap_decode(&rd, &r->data, 0) != 0 || rd.bad || rd.off != rd.n)
		goto bad;
	return (0);
bad:
	record_free(r);
	return (-1);
}

static int
scan_map(struct rd *rd, int depth, const struct rscan_head *h,
    struct rscan_field *sf, void (*fn)(void *, const struct rscan_head *,
    const struct rscan_field *), void *arg)
{
	const char	*id, *val;
	uint64_t	 n, items, j, i;
	size_t		 idlen, vlen;
	uint8_t		 kind;

	if (depth > RECORD_MAX_DEPTH)
		return (-1);
	n = rd_varint(rd);
	if (rd->bad || n > RECORD_MAX_FIELDS || n > rd->n - rd->off)
		return (-1);
	for (i = 0; i < n; i++) {
		id = rd_bytes(rd, &idlen);
		kind = rd_u8(rd);
		if (rd->bad || idlen == 0)
			return (-1);
		if (kind == RF_STR) {
			val = rd_bytes(rd, &vlen);
			if (rd->bad)
				return (-1);
			sf->id = id;
			sf->idlen = idlen;
			sf->val = vlen > 0 ? val : "";
			sf->vlen = vlen;
			fn(arg, h, sf);
			continue;
		}
		if (kind != RF_GROUP)
			return (-1);
		items = rd_varint(rd);
		if (rd->bad || items > RECORD_MAX_ITEMS ||
		    items > rd->n - rd->off)
			return (-1);
		for (j = 0; j < items; j++) {
			if (depth == 0) {
				sf->group = id;
				sf->glen = idlen;
				sf->item = (size_t)j;
			}
			if (scan_map(rd, depth + 1, h, sf, fn, arg) != 0)
				return (-1);
		}
		if (depth == 0)
			sf->group = NULL;
	}
	return (0);
}

/*
 * Walk an encoded record without copying it: the header, then fn for each
 * text value (fields in nested groups are reported with their outermost
 * group). For reading a few fields of many records, as search does.
 * Returns -1 if the encoding is malformed.
 */
int
record_scan(const void *p, size_t n, struct rscan_head *h,
    void (*fn)(void *, const struct rscan_head *, const struct rscan_field *),
    void *arg)
{
	struct rscan_field	sf;
	struct rd		rd;
	size_t			len;

	memset(h, 0, sizeof *h);
	memset(&sf, 0, sizeof sf);
	rd_init(&rd, p, n);
	if (rd_u8(&rd) != RECORD_MAGIC0 || rd_u8(&rd) != RECORD_MAGIC1 ||
	    rd_u8(&rd) != RECORD_CODEC)
		return (-1);
	h->id = rd_varint(&rd);
	h->version = rd_varint(&rd);
	h->form = rd_bytes(&rd, &h->formlen);
	(void)rd_varint(&rd);
	h->created = unzigzag(rd_varint(&rd));
	h->updated = unzigzag(rd_varint(&rd));
	(void)rd_bytes(&rd, &len);
	(void)rd_bytes(&rd, &len);
	if (rd.bad)
		return (-1);
	if (scan_map(&rd, 0, h, &sf, fn, arg) != 0 || rd.bad ||
	    rd.off != rd.n)
		return (-1);
	return (0);
}

/*
 * A case number as officials see it: the year it was opened, then the number.
 */
void
casenum_format(uint64_t id, int64_t created, char *out, size_t size)
{
	snprintf(out, size, "%04d-%06llu", time_year(created),
	    (unsigned long long)id);
}

/* Parse "2026-000123" (leading zeros optional); -1 if it is not a case number. */
int
casenum_parse(const char *s, uint64_t *id, int *year)
{
	unsigned long long	 v = 0;
	int			 y = 0, i, digits = 0;

	while (*s == ' ')
		s++;
	for (i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (-1);
		y = y * 10 + (s[i] - '0');
	}
	if (s[4] != '-')
		return (-1);
	for (s += 5; *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT64_MAX - 9) / 10)
			return (-1);
		v = v * 10 + (unsigned long long)(*s - '0');
		digits++;
	}
	while (*s == ' ')
		s++;
	if (*s != '\0' || digits == 0 || v == 0)
		return (-1);
	*id = v;
	*year = y;
	return (0);
}
