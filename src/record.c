/* record.c: the record model (field id to value, repeat groups), its binary codec, case numbers. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "amparo.h"

#define RECORD_MAGIC0	'A'
#define RECORD_MAGIC1	'R'
#define RECORD_CODEC	5	/* 4: no consent, household; 3: no origin */
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

/*
 * Give a field a new id, keeping its value; a field already holding the new
 * id keeps its own and the old one is left. Returns whether it moved.
 */
int
rmap_rename(struct rmap *m, const char *from, const char *to)
{
	struct rfield	*f, tmp;
	size_t		 i;
	int		 found;

	if ((f = rmap_field(m, from)) == NULL || rmap_field(m, to) != NULL)
		return (0);
	tmp = *f;
	i = (size_t)(f - m->v);
	memmove(&m->v[i], &m->v[i + 1], (m->n - i - 1) * sizeof *m->v);
	m->n--;
	free(tmp.id);
	tmp.id = xstrdup(to);
	i = rmap_slot(m, to, &found);
	memmove(&m->v[i + 1], &m->v[i], (m->n - i) * sizeof *m->v);
	m->v[i] = tmp;
	m->n++;
	return (1);
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
	free(r->state);
	free(r->action);
	free(r->institution);
	free(r->assignee);
	free(r->origin);
	free(r->relation);
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
	dst->state = src->state != NULL ? xstrdup(src->state) : NULL;
	dst->action = src->action != NULL ? xstrdup(src->action) : NULL;
	dst->institution = src->institution != NULL ?
	    xstrdup(src->institution) : NULL;
	dst->assignee = src->assignee != NULL ? xstrdup(src->assignee) : NULL;
	dst->origin = src->origin != NULL ? xstrdup(src->origin) : NULL;
	dst->relation = src->relation != NULL ? xstrdup(src->relation) : NULL;
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
 * updated, created by, updated by, parent, state, state since, action,
 * institution, assignee, origin, consent, household, relation (codec 5),
 * then the fields: a count and, for each,
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
	buf_add_varint(b, r->parent);
	buf_add_str(b, r->state);
	buf_add_varint(b, zigzag(r->state_since));
	buf_add_str(b, r->action);
	buf_add_str(b, r->institution);
	buf_add_str(b, r->assignee);
	buf_add_str(b, r->origin);
	buf_add_varint(b, r->consent);
	buf_add_varint(b, r->household);
	buf_add_str(b, r->relation);
	rmap_encode(&r->data, b);
}

/*
 * Decoding. One walker reads the encoding and checks it (bounds, depth,
 * counts, UTF-8 without NUL, non-empty ids); the decoder and the scanner
 * are two sets of callbacks on it, so they cannot disagree on what is
 * well formed.
 */
/* The header's strings that only the decoder keeps. */
struct rwalk_head {
	uint64_t	 form_version;
	const char	*cby, *uby, *action;
	size_t		 cbylen, ubylen, actionlen;
	int64_t		 state_since;
	uint64_t	 consent, household;
	const char	*relation;
	size_t		 relationlen;
};

struct rwalk_ops {
	int	(*head)(void *, const struct rscan_head *,
		    const struct rwalk_head *);
	int	(*str)(void *, const char *, size_t, const char *, size_t);
	int	(*group)(void *, const char *, size_t);
	int	(*item)(void *, size_t);
	void	(*item_end)(void *);
	void	(*group_end)(void *);
};

/* A length-prefixed string, checked but not copied. */
static const char *
walk_str(struct rd *rd, size_t *len)
{
	const char	*p;

	p = rd_bytes(rd, len);
	if (rd->bad)
		return (NULL);
	if (*len > 0 && (memchr(p, '\0', *len) != NULL ||
	    !utf8_valid(p, *len))) {
		rd->bad = 1;
		return (NULL);
	}
	return (*len > 0 ? p : "");
}

static int
walk_map(struct rd *rd, int depth, const struct rwalk_ops *ops, void *arg)
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
		id = walk_str(rd, &idlen);
		kind = rd_u8(rd);
		if (rd->bad || id == NULL || idlen == 0)
			return (-1);
		if (kind == RF_STR) {
			if ((val = walk_str(rd, &vlen)) == NULL ||
			    ops->str(arg, id, idlen, val, vlen) != 0)
				return (-1);
			continue;
		}
		if (kind != RF_GROUP)
			return (-1);
		items = rd_varint(rd);
		if (rd->bad || items > RECORD_MAX_ITEMS ||
		    items > rd->n - rd->off)
			return (-1);
		if (ops->group(arg, id, idlen) != 0)
			return (-1);
		for (j = 0; j < items; j++) {
			if (ops->item(arg, (size_t)j) != 0 ||
			    walk_map(rd, depth + 1, ops, arg) != 0)
				return (-1);
			ops->item_end(arg);
		}
		ops->group_end(arg);
	}
	return (0);
}

static int
walk_record(const void *p, size_t n, const struct rwalk_ops *ops, void *arg)
{
	struct rscan_head	 h;
	struct rwalk_head	 w;
	struct rd		 rd;
	unsigned		 codec;

	memset(&h, 0, sizeof h);
	memset(&w, 0, sizeof w);
	rd_init(&rd, p, n);
	if (rd_u8(&rd) != RECORD_MAGIC0 || rd_u8(&rd) != RECORD_MAGIC1)
		return (-1);
	codec = rd_u8(&rd);
	if (codec < 1 || codec > RECORD_CODEC)
		return (-1);
	h.id = rd_varint(&rd);
	h.version = rd_varint(&rd);
	h.form = walk_str(&rd, &h.formlen);
	w.form_version = rd_varint(&rd);
	h.created = unzigzag(rd_varint(&rd));
	h.updated = unzigzag(rd_varint(&rd));
	w.cby = walk_str(&rd, &w.cbylen);
	w.uby = walk_str(&rd, &w.ubylen);
	if (codec >= 2) {	/* codec 1 had no workflow header */
		h.parent = rd_varint(&rd);
		h.state = walk_str(&rd, &h.statelen);
		w.state_since = unzigzag(rd_varint(&rd));
		w.action = walk_str(&rd, &w.actionlen);
	}
	if (codec >= 3) {	/* codec 2 had no need-to-know header */
		h.institution = walk_str(&rd, &h.instlen);
		h.assignee = walk_str(&rd, &h.assigneelen);
	}
	if (codec >= 4)		/* codec 3 had no referral origin */
		h.origin = walk_str(&rd, &h.originlen);
	if (codec >= 5) {	/* codec 4 had no consent nor household */
		w.consent = rd_varint(&rd);
		w.household = rd_varint(&rd);
		w.relation = walk_str(&rd, &w.relationlen);
	}
	if (rd.bad || w.form_version > UINT32_MAX ||
	    ops->head(arg, &h, &w) != 0)
		return (-1);
	if (walk_map(&rd, 0, ops, arg) != 0 || rd.bad || rd.off != rd.n)
		return (-1);
	return (0);
}

/* Decoding into a record: a stack of the maps being filled. */
struct decode_ctx {
	struct record	*r;
	struct rmap	*stack[RECORD_MAX_DEPTH + 2];
	struct rfield	*groups[RECORD_MAX_DEPTH + 2];	/* of each level */
	int		 depth;
	struct rfield	*group;		/* the group being read */
};

static int
decode_head(void *arg, const struct rscan_head *h, const struct rwalk_head *w)
{
	struct decode_ctx	*d = arg;

	d->r->id = h->id;
	d->r->version = h->version;
	d->r->form = xstrndup(h->form, h->formlen);
	d->r->form_version = (uint32_t)w->form_version;
	d->r->created = h->created;
	d->r->updated = h->updated;
	d->r->created_by = xstrndup(w->cby, w->cbylen);
	d->r->updated_by = xstrndup(w->uby, w->ubylen);
	d->r->parent = h->parent;
	d->r->state = h->statelen > 0 ? xstrndup(h->state, h->statelen) :
	    NULL;
	d->r->state_since = w->state_since;
	d->r->action = w->actionlen > 0 ? xstrndup(w->action, w->actionlen) :
	    NULL;
	d->r->institution = h->instlen > 0 ?
	    xstrndup(h->institution, h->instlen) : NULL;
	d->r->assignee = h->assigneelen > 0 ?
	    xstrndup(h->assignee, h->assigneelen) : NULL;
	d->r->origin = h->originlen > 0 ? xstrndup(h->origin, h->originlen) :
	    NULL;
	d->r->consent = w->consent;
	d->r->household = w->household;
	d->r->relation = w->relationlen > 0 ?
	    xstrndup(w->relation, w->relationlen) : NULL;
	return (0);
}

/* A new field of the map being filled; a repeated id is malformed. */
static struct rfield *
decode_field(struct decode_ctx *d, const char *id, size_t idlen,
    enum rfield_kind kind)
{
	struct rmap	*m = d->stack[d->depth];
	struct rfield	*f = NULL;
	char		*name;

	name = xstrndup(id, idlen);
	if (rmap_field(m, name) == NULL)
		f = rmap_append(m, name, kind);
	free(name);
	return (f);
}

static int
decode_str(void *arg, const char *id, size_t idlen, const char *val,
    size_t vlen)
{
	struct decode_ctx	*d = arg;
	struct rfield		*f;

	if ((f = decode_field(d, id, idlen, RF_STR)) == NULL)
		return (-1);
	f->str = xstrndup(val, vlen);
	return (0);
}

static int
decode_group(void *arg, const char *id, size_t idlen)
{
	struct decode_ctx	*d = arg;

	if ((d->group = decode_field(d, id, idlen, RF_GROUP)) == NULL)
		return (-1);
	return (0);
}

static int
decode_item(void *arg, size_t item)
{
	struct decode_ctx	*d = arg;
	struct rfield		*g = d->group;

	(void)item;
	if (d->depth + 1 >= (int)nitems(d->stack))
		return (-1);
	d->groups[d->depth] = g;
	d->stack[++d->depth] = rgroup_add(g);
	return (0);
}

static void
decode_item_end(void *arg)
{
	struct decode_ctx	*d = arg;

	d->depth--;
	d->group = d->groups[d->depth];	/* for the group's next item */
}

static void
decode_group_end(void *arg)
{
	(void)arg;
}

static const struct rwalk_ops decode_ops = {
	decode_head, decode_str, decode_group, decode_item, decode_item_end,
	decode_group_end
};

/* Decode a record; -1 (and nothing allocated) for anything malformed. */
int
record_decode(const void *p, size_t n, struct record *r)
{
	struct decode_ctx	d;

	record_init(r);
	memset(&d, 0, sizeof d);
	d.r = r;
	d.stack[0] = &r->data;
	if (walk_record(p, n, &decode_ops, &d) != 0) {
		record_free(r);
		return (-1);
	}
	return (0);
}

/* Scanning: each text value to the caller, with its outermost group. */
struct scan_ctx {
	struct rscan_head	 h;
	struct rscan_field	 sf;
	int			 depth;
	void			 (*fn)(void *, const struct rscan_head *,
				    const struct rscan_field *);
	void			*arg;
};

static int
scan_head(void *arg, const struct rscan_head *h, const struct rwalk_head *w)
{
	struct scan_ctx	*sc = arg;

	(void)w;
	sc->h = *h;
	return (0);
}

static int
scan_str(void *arg, const char *id, size_t idlen, const char *val,
    size_t vlen)
{
	struct scan_ctx	*sc = arg;

	sc->sf.id = id;
	sc->sf.idlen = idlen;
	sc->sf.val = val;
	sc->sf.vlen = vlen;
	sc->fn(sc->arg, &sc->h, &sc->sf);
	return (0);
}

static int
scan_group(void *arg, const char *id, size_t idlen)
{
	struct scan_ctx	*sc = arg;

	if (sc->depth == 0) {
		sc->sf.group = id;
		sc->sf.glen = idlen;
	}
	return (0);
}

static int
scan_item(void *arg, size_t item)
{
	struct scan_ctx	*sc = arg;

	if (sc->depth++ == 0)
		sc->sf.item = item;
	return (0);
}

static void
scan_item_end(void *arg)
{
	((struct scan_ctx *)arg)->depth--;
}

static void
scan_group_end(void *arg)
{
	struct scan_ctx	*sc = arg;

	if (sc->depth == 0)
		sc->sf.group = NULL;
}

static const struct rwalk_ops scan_ops = {
	scan_head, scan_str, scan_group, scan_item, scan_item_end,
	scan_group_end
};

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
	struct scan_ctx	sc;
	int		rc;

	memset(&sc, 0, sizeof sc);
	sc.fn = fn;
	sc.arg = arg;
	rc = walk_record(p, n, &scan_ops, &sc);
	*h = sc.h;
	return (rc);
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

/* A date field's day (days since 1970), 0 if unanswered or not a date. */
int64_t
record_day(const struct record *r, const char *field)
{
	const char	*v = rmap_get(&r->data, field);
	int		 y, m, d;

	if (v == NULL || date_parse(v, &y, &m, &d) != 0)
		return (0);
	return (date_days(y, m, d));
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
