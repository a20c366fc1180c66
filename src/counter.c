/* counter.c: the report counters: what each record adds to them, changed in the write transaction of every record change, sealed in the counters database. */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "amparo.h"

#define COMPACT_AT	65536	/* pending changes merged past this many */

/*
 * A pending change: at arena + off, n bytes: the group (two bytes of
 * length, then kind, institution, NUL, sub) followed by the entry.
 */
struct cdelta {
	size_t	off, n;
	int64_t	d;
};

static struct counter_stats	stats;	/* what the counters cost (bench) */

static double
stat_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3);
}

/* The time the counters took in this process so far, for amparo bench. */
void
counter_stats(struct counter_stats *out)
{
	*out = stats;
}

struct counter_pending {
	const struct session	*s;
	struct buf		 arena;
	struct cdelta		*v;
	size_t			 n, cap;
	int			 fresh;	/* built anew: nothing stored to read */
};

/* A change as sorted: its bytes and amount. */
struct cref {
	const unsigned char	*p;
	size_t			 n;
	int64_t			 d;
};

void
counter_num(unsigned char *p, int64_t v)
{
	uint32_t	u = (uint32_t)v;

	p[0] = (unsigned char)(u >> 24);
	p[1] = (unsigned char)(u >> 16);
	p[2] = (unsigned char)(u >> 8);
	p[3] = (unsigned char)u;
}

int64_t
counter_num_get(const unsigned char *p)
{
	return ((int32_t)((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3]));
}

/* The group's bytes: kind, institution, NUL, sub. */
static void
group_bytes(struct buf *b, char kind, const char *inst, const void *sub,
    size_t nsub)
{
	buf_add_u8(b, (uint8_t)kind);
	buf_add(b, inst, strlen(inst));
	buf_add_u8(b, 0);
	buf_add(b, sub, nsub);
}

static void
pending_add(struct counter_pending *p, char kind, const char *inst,
    const void *sub, size_t nsub, const struct buf *e, int64_t d)
{
	struct buf	g = { 0 };
	size_t		off = p->arena.n;

	group_bytes(&g, kind, inst != NULL ? inst : "", sub, nsub);
	buf_add_u8(&p->arena, (uint8_t)(g.n >> 8));
	buf_add_u8(&p->arena, (uint8_t)g.n);
	buf_add(&p->arena, g.p, g.n);
	buf_add(&p->arena, e->p, e->n);
	buf_free(&g);
	XGROW(p->v, p->n, p->cap);
	p->v[p->n].off = off;
	p->v[p->n].n = p->arena.n - off;
	p->v[p->n++].d = d;
}

/* Strings joined by NUL, after an optional number: an entry's bytes. */
static void
entry_strs(struct buf *e, const char *const *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_add_u8(e, 0);
		if (v[i] != NULL)
			buf_add(e, v[i], strlen(v[i]));
	}
}

static void
entry_num(struct buf *e, int64_t v)
{
	unsigned char	n[4];

	counter_num(n, v);
	buf_add(e, n, sizeof n);
}

static int
is(const char *a, const char *b)
{
	return (a != NULL && strcmp(a, b) == 0);
}

/*
 * What one version of a record adds to the counters, times d (+1 for the
 * new version, -1 for the one it replaces). See amparo-store(5), counters.
 */
static void
contrib(struct counter_pending *p, const struct record *r, int64_t d)
{
	struct buf	 e = { 0 }, sub = { 0 };
	const char	*inst = r->institution, *v[3];
	int		 y, m, dd;

	v[0] = r->form;
	v[1] = r->state;
	entry_strs(&e, v, 2);
	pending_add(p, CK_COUNT, inst, "", 0, &e, d);
	if (r->state != NULL) {
		buf_reset(&e);
		entry_num(&e, time_days(r->state_since));
		entry_strs(&sub, v, 2);
		pending_add(p, CK_SINCE, inst, sub.p, sub.n, &e, d);
	}
	if (r->parent == 0) {
		buf_reset(&e);
		v[0] = r->assignee;
		v[1] = r->form;
		v[2] = r->state;
		entry_strs(&e, v, 3);
		pending_add(p, CK_LOAD, inst, "", 0, &e, d);
	}
	if (is(r->form, COUNTER_DOC_FORM) && date_parse(rmap_get(&r->data,
	    "expiry_date") != NULL ? rmap_get(&r->data, "expiry_date") : "",
	    &y, &m, &dd) == 0) {
		buf_reset(&e);
		entry_num(&e, (int64_t)y * 12 + m - 1);
		v[0] = rmap_get(&r->data, "doc_type");
		v[1] = r->state;
		entry_strs(&e, v, 2);
		pending_add(p, CK_DOCS, inst, "", 0, &e, d);
	}
	if (is(r->form, COUNTER_OUTCOME_FORM)) {
		buf_reset(&e);
		v[0] = rmap_get(&r->data, "session");
		v[1] = rmap_get(&r->data, "outcome");
		entry_strs(&e, v, 2);
		pending_add(p, CK_RENEW, inst, "", 0, &e, d);
	}
	buf_free(&e);
	buf_free(&sub);
}

/*
 * What a move from old to new adds for good: a counter-referral, counted
 * with the days from the referral's sending to it. History keeps every
 * version, so a rebuild finds each move again.
 */
static void
contrib_move(struct counter_pending *p, const struct record *old,
    const struct record *new)
{
	struct buf	e = { 0 };
	int64_t		days;

	if (old == NULL || !is(new->state, COUNTER_CR_STATE) ||
	    is(old->state, COUNTER_CR_STATE))
		return;
	days = time_days(new->state_since) - time_days(new->created);
	entry_num(&e, days > 0 ? days : 0);
	pending_add(p, CK_CROSS, new->institution, "", 0, &e, 1);
	buf_free(&e);
}

static int
cref_cmp(const void *a, const void *b)
{
	const struct cref	*x = a, *y = b;
	int			 c;

	if ((c = memcmp(x->p, y->p, x->n < y->n ? x->n : y->n)) != 0)
		return (c);
	return (x->n < y->n ? -1 : x->n > y->n);
}

/* The changes sorted, with those of one group and entry summed. */
static struct cref *
pending_sorted(struct counter_pending *p, size_t *np)
{
	struct cref	*v;
	size_t		 i, j = 0;

	v = xcalloc(p->n + 1, sizeof *v);
	for (i = 0; i < p->n; i++) {
		v[i].p = p->arena.p + p->v[i].off;
		v[i].n = p->v[i].n;
		v[i].d = p->v[i].d;
	}
	qsort(v, p->n, sizeof *v, cref_cmp);
	for (i = 0; i < p->n; i++) {
		if (j > 0 && cref_cmp(&v[j - 1], &v[i]) == 0)
			v[j - 1].d += v[i].d;
		else
			v[j++] = v[i];
		if (v[j - 1].d == 0)
			j--;
	}
	*np = j;
	return (v);
}

/* Merge the changes, so that memory stays with the distinct entries. */
static void
pending_compact(struct counter_pending *p)
{
	struct buf	 arena = { 0 };
	struct cref	*v;
	size_t		 i, n;

	v = pending_sorted(p, &n);
	for (i = 0; i < n; i++) {
		p->v[i].off = arena.n;
		p->v[i].n = v[i].n;
		p->v[i].d = v[i].d;
		buf_add(&arena, v[i].p, v[i].n);
	}
	p->n = n;
	free(v);
	buf_free(&p->arena);
	p->arena = arena;
}

/* Add a version's part, and its move from the version before. */
void
counter_pending_note(struct counter_pending *p, const struct record *old,
    const struct record *new)
{
	if (old != NULL)
		contrib(p, old, -1);
	if (new != NULL)
		contrib(p, new, 1);
	if (new != NULL)
		contrib_move(p, old, new);
	if (p->n >= COMPACT_AT)
		pending_compact(p);
}

struct counter_pending *
counter_pending_new(const struct session *s)
{
	struct counter_pending	*p;

	p = xcalloc(1, sizeof *p);
	p->s = s;
	return (p);
}

void
counter_pending_free(void *arg)
{
	struct counter_pending	*p = arg;

	if (p == NULL)
		return;
	buf_free(&p->arena);
	free(p->v);
	free(p);
}

/* The key of a group: its kind, then a keyed hash of the group. */
static void
group_key(const struct session *s, const unsigned char *g, size_t gn,
    unsigned char *key)
{
	key[0] = g[0];
	keyed_hash(key + 1, COUNTER_KEY_BYTES - 1, g, gn, s->keys->index);
}

/* A group's value, opened, read into g (freed with counter_group_free). */
int
counter_decode(const unsigned char *p, size_t n, struct counter_group *g)
{
	struct rd		 r;
	const unsigned char	*gb, *nul, *key;
	size_t			 gn, i;
	uint64_t		 cnt, z;

	memset(g, 0, sizeof *g);
	rd_init(&r, p, n);
	if (rd_u8(&r) != 1)
		return (-1);
	gb = rd_bytes(&r, &gn);
	cnt = rd_varint(&r);
	if (r.bad || gn < 2 || (nul = memchr(gb + 1, 0, gn - 1)) == NULL ||
	    cnt > n)
		return (-1);
	g->kind = (char)gb[0];
	g->inst = xmalloc((size_t)(nul - gb));
	memcpy(g->inst, gb + 1, (size_t)(nul - gb) - 1);
	g->inst[nul - gb - 1] = '\0';
	g->nsub = gn - (size_t)(nul - gb) - 1;
	g->sub = xmalloc(g->nsub + 1);
	memcpy(g->sub, nul + 1, g->nsub);
	g->sub[g->nsub] = '\0';
	g->v = xcalloc((size_t)cnt + 1, sizeof *g->v);
	for (i = 0; i < cnt; i++) {
		key = rd_bytes(&r, &g->v[i].n);
		z = rd_varint(&r);
		g->v[i].count = (int64_t)(z >> 1) ^ -(int64_t)(z & 1);
		if (r.bad) {
			g->n = i;
			counter_group_free(g);
			return (-1);
		}
		g->v[i].key = xmalloc(g->v[i].n + 1);
		memcpy(g->v[i].key, key, g->v[i].n);
	}
	g->n = (size_t)cnt;
	if (r.off != r.n) {
		counter_group_free(g);
		return (-1);
	}
	return (0);
}

void
counter_group_free(struct counter_group *g)
{
	size_t	i;

	for (i = 0; i < g->n; i++)
		free(g->v[i].key);
	free(g->inst);
	free(g->sub);
	free(g->v);
	memset(g, 0, sizeof *g);
}

/* One entry's bytes and count in a group's value. */
static void
value_entry(struct buf *b, const unsigned char *e, size_t n, int64_t c)
{
	buf_add_bytes(b, e, n);
	buf_add_varint(b, ((uint64_t)c << 1) ^ (uint64_t)(c >> 63));
}

/*
 * Write a group: its stored entries (from old, if any) merged with the
 * changes v[0..n), all sorted by entry; a group left empty is deleted.
 */
static int
group_write(struct stxn *t, const struct session *s, const unsigned char *g,
    size_t gn, const struct counter_group *old, const struct cref *v,
    size_t n, struct amp_err *err)
{
	struct buf		 val = { 0 }, ents = { 0 };
	unsigned char		 key[COUNTER_KEY_BYTES];
	const unsigned char	*e;
	size_t			 i = 0, j = 0, en, cnt = 0, on;
	int64_t			 c;
	int			 cmp, rc;

	on = old != NULL ? old->n : 0;
	while (i < on || j < n) {
		e = j < n ? v[j].p + 2 + gn : NULL;
		en = j < n ? v[j].n - 2 - gn : 0;
		if (i >= on)
			cmp = 1;
		else if (j >= n)
			cmp = -1;
		else {
			cmp = memcmp(old->v[i].key, e, old->v[i].n < en ?
			    old->v[i].n : en);
			if (cmp == 0)
				cmp = old->v[i].n < en ? -1 : old->v[i].n > en;
		}
		if (cmp < 0) {
			e = old->v[i].key;
			en = old->v[i].n;
			c = old->v[i++].count;
		} else if (cmp > 0)
			c = v[j++].d;
		else
			c = old->v[i++].count + v[j++].d;
		if (c == 0)
			continue;
		value_entry(&ents, e, en, c);
		cnt++;
	}
	group_key(s, g, gn, key);
	if (cnt == 0) {
		rc = stxn_del(t, DB_COUNTERS, key, sizeof key, NULL, 0, err);
		buf_free(&ents);
		return (rc == AMP_ENOTFOUND ? AMP_OK : rc);
	}
	buf_add_u8(&val, 1);
	buf_add_bytes(&val, g, gn);
	buf_add_varint(&val, cnt);
	buf_add(&val, ents.p, ents.n);
	rc = sealed_put_bytes(t, s, DB_COUNTERS, key, sizeof key, val.p,
	    val.n, err);
	wipe(val.p, val.n);
	wipe(ents.p, ents.n);
	buf_free(&val);
	buf_free(&ents);
	return (rc);
}

/* Read a group by its bytes; AMP_ENOTFOUND if it holds nothing. */
static int
group_read(struct stxn *t, const struct session *s, const unsigned char *g,
    size_t gn, struct buf *plain, struct counter_group *out,
    struct amp_err *err)
{
	unsigned char	key[COUNTER_KEY_BYTES];
	int		rc;

	memset(out, 0, sizeof *out);
	group_key(s, g, gn, key);
	if ((rc = sealed_open(t, s, DB_COUNTERS, key, sizeof key, plain,
	    err)) != AMP_OK)
		return (rc);
	if (counter_decode(plain->p, plain->n, out) != 0 ||
	    out->kind != (char)g[0])
		return (err_set(err, AMP_ESTORE,
		    _("reading the report counters failed: they are damaged")));
	return (AMP_OK);
}

/* The changes of one group: v[i..*end) share their first bytes. */
static size_t
group_end(const struct cref *v, size_t i, size_t n, size_t *gn)
{
	size_t	j;

	*gn = (size_t)v[i].p[0] << 8 | v[i].p[1];
	for (j = i + 1; j < n; j++) {
		if (v[j].n < 2 + *gn || memcmp(v[j].p, v[i].p, 2 + *gn) != 0)
			break;
	}
	return (j);
}

/* Write every pending change into the counters database. */
static int
pending_flush(struct stxn *t, void *arg, struct amp_err *err)
{
	struct counter_pending	*p = arg;
	struct counter_group	 old;
	struct buf		 plain = { 0 };
	struct cref		*v;
	size_t			 i, j, n, gn;
	double			 t0 = stat_now();
	int			 rc = AMP_OK;

	v = pending_sorted(p, &n);
	for (i = 0; i < n && rc == AMP_OK; i = j) {
		j = group_end(v, i, n, &gn);
		memset(&old, 0, sizeof old);
		rc = p->fresh ? AMP_ENOTFOUND : group_read(t, p->s, v[i].p + 2,
		    gn, &plain, &old, err);
		if (rc != AMP_OK && rc != AMP_ENOTFOUND)
			break;
		rc = group_write(t, p->s, v[i].p + 2, gn, rc == AMP_OK ? &old :
		    NULL, v + i, j - i, err);
		counter_group_free(&old);
	}
	if (plain.p != NULL)
		wipe(plain.p, plain.cap);
	buf_free(&plain);
	free(v);
	stats.flush_us += stat_now() - t0;
	stats.groups += n;
	return (rc);
}

/*
 * The changes, made from the records, compared with what is stored: fn is
 * told each group that differs (as stored, or with no entries if it is
 * missing) and by how much its total differs; *bad counts them, and groups
 * stored that the records do not make count as one more.
 */
int
counter_compare(struct stxn *t, struct counter_pending *p,
    void (*fn)(const struct counter_group *, int64_t, void *), void *arg,
    size_t *bad, struct amp_err *err)
{
	struct counter_group	 old, none;
	struct buf		 plain = { 0 };
	struct cref		*v;
	struct scur		*c;
	struct sval		 k, val;
	size_t			 i, j, n, gn, found = 0, stored = 0, x;
	int64_t			 diff;
	int			 rc = AMP_OK, same;

	*bad = 0;
	v = pending_sorted(p, &n);
	for (i = 0; i < n; i = j) {
		j = group_end(v, i, n, &gn);
		rc = group_read(t, p->s, v[i].p + 2, gn, &plain, &old, err);
		if (rc != AMP_OK && rc != AMP_ENOTFOUND)
			break;
		found += rc == AMP_OK;
		same = rc == AMP_OK && old.n == j - i;
		diff = 0;
		for (x = 0; x < j - i; x++) {
			diff -= v[i + x].d;
			if (same && (old.v[x].n != v[i + x].n - 2 - gn ||
			    memcmp(old.v[x].key, v[i + x].p + 2 + gn,
			    old.v[x].n) != 0 || old.v[x].count != v[i + x].d))
				same = 0;
		}
		for (x = 0; x < old.n; x++)
			diff += old.v[x].count;
		if (!same) {
			(*bad)++;
			memset(&none, 0, sizeof none);
			none.kind = (char)v[i].p[2];
			none.inst = (char *)(uintptr_t)(v[i].p + 3);
			fn(rc == AMP_OK ? &old : &none, diff, arg);
		}
		counter_group_free(&old);
		rc = AMP_OK;
	}
	if (rc == AMP_OK)
		rc = scur_open(t, DB_COUNTERS, &c, err);
	if (rc == AMP_OK) {
		while ((rc = scur_get(c, stored == 0 ? SC_FIRST : SC_NEXT, &k,
		    &val, err)) == AMP_OK)
			stored++;
		scur_close(c);
		if (rc == AMP_ENOTFOUND)
			rc = AMP_OK;
	}
	if (rc == AMP_OK && stored > found) {
		memset(&none, 0, sizeof none);
		none.inst = (char *)(uintptr_t)"";
		fn(&none, (int64_t)(stored - found), arg);
		(*bad)++;
	}
	if (plain.p != NULL)
		wipe(plain.p, plain.cap);
	buf_free(&plain);
	free(v);
	return (rc);
}

/*
 * Called for every write of a record (seal-record.c), before it is
 * written: the counters change by the new version less the stored one,
 * at the transaction's end. A store whose counters were never built gets
 * them built first, in this same transaction.
 */
int
counter_note(struct stxn *t, const struct session *s, const void *k,
    size_t kn, const struct record *new, struct amp_err *err)
{
	struct counter_pending	*p;
	struct record		 old;
	double			 t0 = stat_now();
	int			 rc;

	stats.notes++;
	if ((p = stxn_hook_arg(t)) == NULL) {
		p = counter_pending_new(s);
		stxn_set_hook(t, pending_flush, counter_pending_free, p);
		if ((rc = counter_built(t, err)) == AMP_ENOTFOUND)
			rc = counter_build(t, p, err);
		if (rc != AMP_OK)
			return (rc);
	}
	rc = sealed_get_raw(t, s, DB_RECORDS, k, kn, &old, err);
	if (rc == AMP_OK || rc == AMP_ENOTFOUND) {
		counter_pending_note(p, rc == AMP_OK ? &old : NULL, new);
		rc = AMP_OK;
	}
	record_free(&old);
	stats.note_us += stat_now() - t0;
	return (rc);
}

/* Whether the counters were built: AMP_ENOTFOUND if not. */
int
counter_built(struct stxn *t, struct amp_err *err)
{
	struct sval	v;
	int		rc;

	rc = stxn_get(t, DB_META, "counters", 8, &v, err);
	if (rc == AMP_OK && (v.n != 8 || be64_get(v.p) != COUNTER_FORMAT))
		return (AMP_ENOTFOUND);
	return (rc);
}

/*
 * Make p the counters anew from every record and its history, to be
 * written over whatever is stored (which is removed now), and mark the
 * store as having them.
 */
int
counter_build(struct stxn *t, struct counter_pending *p,
    struct amp_err *err)
{
	struct scur	*c;
	struct sval	 k, v;
	struct buf	 keys = { 0 };
	unsigned char	 fmt[8];
	size_t		 i;
	int		 rc, op = SC_FIRST;

	if ((rc = counter_collect(t, p, err)) != AMP_OK)
		return (rc);
	if ((rc = scur_open(t, DB_COUNTERS, &c, err)) != AMP_OK)
		return (rc);
	while ((rc = scur_get(c, op, &k, &v, err)) == AMP_OK) {
		op = SC_NEXT;
		if (k.n == COUNTER_KEY_BYTES)
			buf_add(&keys, k.p, k.n);
	}
	scur_close(c);
	for (i = 0; rc == AMP_ENOTFOUND && i < keys.n; i += COUNTER_KEY_BYTES)
		if ((rc = stxn_del(t, DB_COUNTERS, keys.p + i,
		    COUNTER_KEY_BYTES, NULL, 0, err)) == AMP_OK)
			rc = AMP_ENOTFOUND;
	buf_free(&keys);
	if (rc != AMP_ENOTFOUND)
		return (rc);
	p->fresh = 1;
	be64_put(fmt, COUNTER_FORMAT);
	return (stxn_put(t, DB_META, "counters", 8, fmt, sizeof fmt, 0, err));
}

/* Every record's part, and every move in its history, into p. */
int
counter_collect(struct stxn *t, struct counter_pending *p,
    struct amp_err *err)
{
	struct scur	*c, *h;
	struct sval	 k, v, hk;
	struct record	 r, prev, cur;
	unsigned char	 id[8], hkey[16];
	int		 rc, hr, have, op = SC_FIRST;

	if ((rc = scur_open(t, DB_RECORDS, &c, err)) != AMP_OK)
		return (rc);
	if ((rc = scur_open(t, DB_HISTORY, &h, err)) != AMP_OK) {
		scur_close(c);
		return (rc);
	}
	while ((rc = scur_get(c, op, &k, &v, err)) == AMP_OK) {
		op = SC_NEXT;
		if (k.n != 8)
			continue;
		memcpy(id, k.p, 8);
		if ((rc = sealed_get_raw(t, p->s, DB_RECORDS, id, 8, &r,
		    err)) != AMP_OK)
			break;
		contrib(p, &r, 1);
		/* The moves: each version of history to the next. */
		history_key(hkey, be64_get(id), 0);
		hk.p = hkey;
		hk.n = sizeof hkey;
		have = 0;
		record_init(&prev);
		for (hr = scur_get(h, SC_SET_RANGE, &hk, NULL, err);
		    hr == AMP_OK && hk.n == 16 && memcmp(hk.p, id, 8) == 0;
		    hr = scur_get(h, SC_NEXT, &hk, NULL, err)) {
			memcpy(hkey, hk.p, 16);
			if ((hr = sealed_get_raw(t, p->s, DB_HISTORY, hkey, 16,
			    &cur, err)) != AMP_OK)
				break;
			if (have)
				contrib_move(p, &prev, &cur);
			record_free(&prev);
			prev = cur;
			have = 1;
		}
		if (have)
			contrib_move(p, &prev, &r);
		record_free(&prev);
		record_free(&r);
		if (hr != AMP_OK && hr != AMP_ENOTFOUND) {
			rc = hr;
			break;
		}
		if (p->n >= COMPACT_AT)
			pending_compact(p);
	}
	scur_close(c);
	scur_close(h);
	return (rc == AMP_ENOTFOUND ? AMP_OK : rc);
}

/*
 * Read the group of kind for inst and sub (nsub bytes); an empty group if
 * there is none.
 */
int
counter_get(struct stxn *t, const struct session *s, char kind,
    const char *inst, const void *sub, size_t nsub, struct counter_group *out,
    struct amp_err *err)
{
	struct buf	g = { 0 }, plain = { 0 };
	int		rc;

	group_bytes(&g, kind, inst, sub, nsub);
	rc = group_read(t, s, g.p, g.n, &plain, out, err);
	buf_free(&g);
	if (plain.p != NULL)
		wipe(plain.p, plain.cap);
	buf_free(&plain);
	if (rc == AMP_ENOTFOUND) {
		memset(out, 0, sizeof *out);
		out->kind = kind;
		out->inst = xstrdup(inst);
		out->sub = xcalloc(1, 1);
		return (AMP_OK);
	}
	return (rc);
}

/* Call fn with every group of a kind, in no particular order. */
int
counter_each(struct stxn *t, const struct session *s, char kind,
    int (*fn)(const struct counter_group *, void *), void *arg,
    struct amp_err *err)
{
	struct scur		*c;
	struct sval		 k, v;
	struct counter_group	 g;
	struct buf		 plain = { 0 };
	unsigned char		 key[COUNTER_KEY_BYTES], start;
	int			 rc;

	start = (unsigned char)kind;
	if ((rc = scur_open(t, DB_COUNTERS, &c, err)) != AMP_OK)
		return (rc);
	k.p = &start;
	k.n = 1;
	for (rc = scur_get(c, SC_SET_RANGE, &k, &v, err); rc == AMP_OK;
	    rc = scur_get(c, SC_NEXT, &k, &v, err)) {
		if (k.n != COUNTER_KEY_BYTES || *(const unsigned char *)k.p !=
		    (unsigned char)kind)
			break;
		memcpy(key, k.p, sizeof key);
		if ((rc = sealed_open(t, s, DB_COUNTERS, key, sizeof key,
		    &plain, err)) != AMP_OK)
			break;
		if (counter_decode(plain.p, plain.n, &g) != 0) {
			rc = err_set(err, AMP_ESTORE,
			    _("reading the report counters failed: they are damaged"));
			break;
		}
		rc = fn(&g, arg);
		counter_group_free(&g);
		if (rc != AMP_OK)
			break;
	}
	scur_close(c);
	if (plain.p != NULL)
		wipe(plain.p, plain.cap);
	buf_free(&plain);
	return (rc == AMP_ENOTFOUND ? AMP_OK : rc);
}

/* The idx-th string of an entry, after skip bytes (its number, if any). */
char *
counter_field(const struct counter_entry *e, size_t skip, size_t idx)
{
	const unsigned char	*p = e->key + skip, *end = e->key + e->n, *q;

	if (skip > e->n)
		return (xstrdup(""));
	for (; idx > 0 && p < end; idx--) {
		if ((q = memchr(p, 0, (size_t)(end - p))) == NULL)
			return (xstrdup(""));
		p = q + 1;
	}
	if (idx > 0)
		return (xstrdup(""));
	q = memchr(p, 0, (size_t)(end - p));
	return (xstrndup((const char *)p, (size_t)((q != NULL ? q : end) - p)));
}

struct build_ctx {
	struct session	*s;
	int		 force;
	struct amp_err	*err;
};

static int
build_txn(struct stxn *t, void *arg)
{
	struct build_ctx	*c = arg;
	struct amp_err		*err = c->err;
	struct counter_pending	*p;
	int			 rc;

	if (!c->force && (rc = counter_built(t, err)) != AMP_ENOTFOUND)
		return (rc);
	p = counter_pending_new(c->s);
	if ((rc = counter_build(t, p, err)) == AMP_OK)
		rc = pending_flush(t, p, err);
	counter_pending_free(p);
	return (rc);
}

static int
counters_make(struct session *s, int force, struct amp_err *err)
{
	struct build_ctx	c;

	c.s = s;
	c.force = force;
	c.err = err;
	return (store_write(s->store, build_txn, &c, err));
}

/*
 * Make sure the counters exist: a store upgraded from a format without
 * them gets them built from its records, once, in one transaction.
 */
int
counters_ready(struct session *s, struct amp_err *err)
{
	struct stxn	*t;
	int		 rc;

	if ((rc = store_read(s->store, &t, err)) != AMP_OK)
		return (rc);
	rc = counter_built(t, err);
	stxn_end(t);
	if (rc == AMP_ENOTFOUND)
		return (counters_make(s, 0, err));
	return (rc);
}

/* Build the counters again from the records, in one transaction. */
int
counters_rebuild(struct session *s, struct amp_err *err)
{
	return (counters_make(s, 1, err));
}

/*
 * Count everything again from the records, in one read transaction, and
 * compare with the counters: fn hears of each group that differs.
 */
int
counters_check(struct session *s, void (*fn)(const struct counter_group *,
    int64_t, void *), void *arg, size_t *bad, struct amp_err *err)
{
	struct counter_pending	*p;
	struct stxn		*t;
	int			 rc;

	*bad = 0;
	if ((rc = store_read(s->store, &t, err)) != AMP_OK)
		return (rc);
	if ((rc = counter_built(t, err)) == AMP_ENOTFOUND)
		rc = err_set(err, AMP_EFAIL,
		    _("checking the report counters failed: they were never built (amparo report --rebuild)"));
	p = counter_pending_new(s);
	if (rc == AMP_OK && (rc = counter_collect(t, p, err)) == AMP_OK)
		rc = counter_compare(t, p, fn, arg, bad, err);
	counter_pending_free(p);
	stxn_end(t);
	return (rc);
}
