/* class-rotate.c: amparo key rotate: a class re-sealed under a new key pair, in short transactions, resumable, readable throughout. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "amparo.h"

/*
 * A rotation of class C from generation G to G+1:
 *
 * 1. One transaction makes the key pair of G+1, stores its public key,
 *    wraps its secret key for every account whose role holds C, and sets
 *    "class:C:rotating" to G+1. From then on saves seal to G+1, and every
 *    holder holds both generations.
 * 2. Short transactions walk records, history and drafts, each re-sealing
 *    at most a batch of answers sealed under G (opened with G's secret key,
 *    which the rotating session holds) and noting where the walk is in
 *    "class:C:rotate-at" (a byte for the database, then the last key done).
 *    No transaction is held between them. Killed, the rotation goes on from
 *    there when run again.
 * 3. At the end of the walk, one transaction checks "class:C:stale", set by
 *    any save that kept an answer still sealed under G (an official who
 *    does not hold C saves the case as read before the walk reached it): if
 *    set, the walk runs again from the start. Otherwise it makes G+1 the
 *    current generation and deletes G's public key, every wrap of G and the
 *    marks. After that, a save that still carries an answer sealed under G
 *    is refused (class-seal.c), so nothing unreadable is ever written.
 *
 * At every moment every answer opens for a holder: both generations are
 * wrapped for every holder until the last step.
 */
#define ROTATE_BATCH	200	/* answers re-sealed in one transaction */
#define ROTATE_SCAN	2000	/* entries read in one transaction, at most */

static const enum store_db rotate_dbs[] = { DB_RECORDS, DB_HISTORY, DB_DRAFTS };

struct rot_ctx {
	struct session		*s;
	const char		*cls;
	uint32_t		 from, to;
	size_t			 batch;
	uint64_t		 values, records;	/* of this batch */
	int			 walked;	/* the walk reached the end */
	int			 again;		/* stale: walk once more */
	struct amp_err		*err;
};

/* A rotation's start or end in the audit log: "gbv:1>2". */
static int
rot_audit(struct stxn *t, struct rot_ctx *c, const char *action)
{
	char	*detail;
	int	 rc;

	detail = xsprintf("%s:%lu>%lu", c->cls, (unsigned long)c->from,
	    (unsigned long)c->to);
	rc = audit_note(t, c->s, action, 0, detail, c->err);
	free(detail);
	return (rc);
}

/* The session may rotate: its role manages keys, and it holds the class. */
static int
rotate_allowed(struct session *s, const char *cls, struct amp_err *err)
{
	const struct role	*r = NULL;

	if (s->forms != NULL)
		r = policy_role(s->forms->policy, s->role);
	if (r == NULL || (r->admin & PA_KEYS) == 0)
		return (err_set(err, AMP_EPERM,
		    _("rotating the %s key failed: the role \"%s\" may not manage keys"),
		    cls, s->role));
	if (!keyring_holds(s->keys, cls))
		return (err_set(err, AMP_EPERM,
		    _("rotating the %s key failed: this account may not: it does not hold the key"),
		    cls));
	return (AMP_OK);
}

static int
start_txn(struct stxn *t, void *arg)
{
	struct rot_ctx		*c = arg;
	struct class_gens	 g;
	struct keyring		*tmp;
	char			*key;
	int			 rc;

	if ((rc = class_gens_get(t, c->cls, &g, c->err)) == AMP_ENOTFOUND)
		return (err_set(c->err, AMP_ENOTFOUND,
		    _("rotating the %s key failed: the class has no key yet"),
		    c->cls));
	if (rc != AMP_OK)
		return (rc);
	c->from = g.gen;
	if (keyring_class(c->s->keys, c->cls, g.gen) == NULL)
		return (err_set(c->err, AMP_EPERM,
		    _("rotating the %s key failed: this session may not: it does not hold generation %lu of the key (log in again)"),
		    c->cls, (unsigned long)g.gen));
	if (g.rotating != 0) {	/* resumed */
		c->to = g.rotating;
		if (keyring_class(c->s->keys, c->cls, g.rotating) == NULL)
			return (err_set(c->err, AMP_EPERM,
			    _("rotating the %s key failed: this session may not: it does not hold generation %lu of the key (log in again)"),
			    c->cls, (unsigned long)g.rotating));
		return (AMP_OK);
	}
	if (g.gen == UINT32_MAX)
		return (err_set(c->err, AMP_EFAIL,
		    _("rotating the %s key failed: no generations are left"),
		    c->cls));
	c->to = g.gen + 1;
	tmp = keyring_new();	/* guarded memory for the new secret key */
	if (crypto_box_keypair(tmp->box_pk, tmp->box_sk) != 0)
		fatalx("making a class key failed");
	key = xsprintf("class:%s:pk:%010lu", c->cls, (unsigned long)c->to);
	rc = stxn_put(t, DB_META, key, strlen(key), tmp->box_pk,
	    BOX_KEY_BYTES, 0, c->err);
	free(key);
	if (rc == AMP_OK)
		rc = class_wrap_new(t, c->s, c->cls, c->to, tmp->box_pk,
		    tmp->box_sk, c->err);
	keyring_free(tmp);
	if (rc != AMP_OK)
		return (rc);
	key = class_meta_key(c->cls, "rotating");
	rc = class_meta_put_gen(t, key, c->to, c->err);
	free(key);
	if (rc != AMP_OK)
		return (rc);
	key = class_meta_key(c->cls, "rotate-at");
	rc = class_meta_del(t, key, c->err);
	free(key);
	if (rc != AMP_OK)
		return (rc);
	key = class_meta_key(c->cls, "stale");
	rc = class_meta_del(t, key, c->err);
	free(key);
	if (rc == AMP_OK)
		rc = rot_audit(t, c, "key-rotate");
	return (rc);
}

/*
 * Re-seal the answers of the class under an older generation: returns how
 * many, or -1 (in err) if one does not open.
 */
static long
reseal_map(struct rot_ctx *c, struct rmap *m)
{
	struct rfield	*rf;
	char		 cls[ID_MAX + 1], *plain;
	uint32_t	 gen;
	size_t		 i, j, len;
	long		 n = 0, k;

	for (i = 0; i < m->n; i++) {
		rf = &m->v[i];
		if (rf->kind == RF_GROUP) {
			for (j = 0; j < rf->nitems; j++) {
				if ((k = reseal_map(c, &rf->items[j])) < 0)
					return (-1);
				n += k;
			}
			continue;
		}
		if (!value_is_sealed(rf->str) ||
		    sealed_parse(rf->str, cls, sizeof cls, &gen) != 0 ||
		    strcmp(cls, c->cls) != 0 || gen >= c->to)
			continue;
		if (class_open_value(c->s->keys, rf->str, &plain) != 0) {
			err_set(c->err, AMP_ESTORE,
			    _("rotating the %s key failed: an answer sealed under generation %lu does not open (damaged, or its key is lost)"),
			    c->cls, (unsigned long)gen);
			return (-1);
		}
		len = strlen(plain);
		free(rf->str);
		rf->str = class_seal_value(c->cls, c->to,
		    keyring_class(c->s->keys, c->cls, c->to)->pk, plain, len);
		wipe(plain, len);
		free(plain);
		n++;
	}
	return (n);
}

/* One re-sealed entry, written once the cursor is closed. */
struct rot_put {
	unsigned char	*key;
	size_t		 kn;
	struct record	 r;
};

static int
batch_txn(struct stxn *t, void *arg)
{
	struct rot_ctx		*c = arg;
	struct class_gens	 g;
	struct scur		*cur = NULL;
	struct sval		 k, v;
	struct rot_put		*puts = NULL;
	struct record		 r;
	struct buf		 at = { 0 };
	unsigned char		*last = NULL;
	size_t			 lastn = 0, nputs = 0, cap = 0, scanned = 0, i;
	unsigned		 db = 0;
	char			*key;
	long			 n;
	int			 rc, first, done;

	c->values = c->records = 0;
	c->walked = 0;
	/* Another process may have ended this rotation meanwhile. */
	if ((rc = class_gens_get(t, c->cls, &g, c->err)) != AMP_OK)
		return (rc);
	if (g.rotating != c->to)
		return (err_set(c->err, AMP_ECONFLICT,
		    _("rotating the %s key failed: the rotation to generation %lu was ended meanwhile, by another process"),
		    c->cls, (unsigned long)c->to));
	key = class_meta_key(c->cls, "rotate-at");
	rc = stxn_get(t, DB_META, key, strlen(key), &v, c->err);
	if (rc == AMP_OK) {
		if (v.n < 1 || ((const unsigned char *)v.p)[0] >=
		    nitems(rotate_dbs)) {
			rc = err_set(c->err, AMP_ESTORE,
			    _("reading the store failed: the entry %s is damaged"),
			    key);
			goto out;
		}
		db = ((const unsigned char *)v.p)[0];
		lastn = v.n - 1;
		last = xmalloc(lastn + 1);
		memcpy(last, (const unsigned char *)v.p + 1, lastn);
	} else if (rc == AMP_ENOTFOUND)
		rc = AMP_OK;
	else
		goto out;
	while (db < nitems(rotate_dbs) && c->values < c->batch &&
	    scanned < ROTATE_SCAN) {
		if ((rc = scur_open(t, rotate_dbs[db], &cur, c->err)) != AMP_OK)
			goto out;
		if (last != NULL) {
			k.p = last;
			k.n = lastn;
			rc = scur_get(cur, SC_SET_RANGE, &k, &v, c->err);
			if (rc == AMP_OK && k.n == lastn &&
			    memcmp(k.p, last, lastn) == 0)
				rc = scur_get(cur, SC_NEXT, &k, &v, c->err);
		} else
			rc = scur_get(cur, SC_FIRST, &k, &v, c->err);
		for (first = 1; rc == AMP_OK && c->values < c->batch &&
		    scanned < ROTATE_SCAN; first = 0) {
			if (!first && (rc = scur_get(cur, SC_NEXT, &k, &v,
			    c->err)) != AMP_OK)
				break;
			scanned++;
			free(last);
			last = xmalloc(k.n + 1);
			memcpy(last, k.p, k.n);
			lastn = k.n;
			if ((rc = sealed_get_raw(t, c->s, rotate_dbs[db], last,
			    lastn, &r, c->err)) != AMP_OK)
				break;
			if ((n = reseal_map(c, &r.data)) < 0) {
				record_free(&r);
				rc = c->err->code;
				break;
			}
			if (n == 0) {
				record_free(&r);
				continue;
			}
			c->values += (uint64_t)n;
			c->records++;
			XGROW(puts, nputs, cap);
			puts[nputs].key = xmalloc(lastn + 1);
			memcpy(puts[nputs].key, last, lastn);
			puts[nputs].kn = lastn;
			puts[nputs++].r = r;	/* put once the cursor closes */
		}
		scur_close(cur);
		cur = NULL;
		if ((done = rc == AMP_ENOTFOUND))
			rc = AMP_OK;
		for (i = 0; rc == AMP_OK && i < nputs; i++) {
			rc = sealed_put_raw(t, c->s, rotate_dbs[db],
			    puts[i].key, puts[i].kn, &puts[i].r, c->err);
		}
		for (i = 0; i < nputs; i++) {
			free(puts[i].key);
			record_free(&puts[i].r);
		}
		nputs = 0;
		if (rc == AMP_OK && done) {	/* this database is done */
			db++;
			free(last);
			last = NULL;
			lastn = 0;
			continue;
		}
		if (rc != AMP_OK)
			goto out;
	}
	if (db >= nitems(rotate_dbs)) {
		c->walked = 1;
		rc = class_meta_del(t, key, c->err);
		goto out;
	}
	buf_add_u8(&at, (uint8_t)db);
	if (last != NULL)
		buf_add(&at, last, lastn);
	rc = stxn_put(t, DB_META, key, strlen(key), at.p, at.n, 0, c->err);
out:
	if (cur != NULL)
		scur_close(cur);
	for (i = 0; i < nputs; i++) {
		free(puts[i].key);
		record_free(&puts[i].r);
	}
	free(puts);
	free(last);
	buf_free(&at);
	free(key);
	return (rc);
}

static int
finish_txn(struct stxn *t, void *arg)
{
	struct rot_ctx		*c = arg;
	struct class_gens	 gens;
	struct sval		 v;
	char			*key;
	uint32_t		 g;
	int			 rc;

	c->again = 0;
	if ((rc = class_gens_get(t, c->cls, &gens, c->err)) != AMP_OK)
		return (rc);
	if (gens.rotating != c->to)
		return (AMP_OK);	/* ended by another process */
	key = class_meta_key(c->cls, "stale");
	rc = stxn_get(t, DB_META, key, strlen(key), &v, c->err);
	if (rc == AMP_OK) {
		/* A save kept an answer of the old generation: once more. */
		c->again = 1;
		rc = class_meta_del(t, key, c->err);
		free(key);
		return (rc);
	}
	free(key);
	if (rc != AMP_ENOTFOUND)
		return (rc);
	key = xsprintf("class:%s:gen", c->cls);
	rc = class_meta_put_gen(t, key, c->to, c->err);
	free(key);
	for (g = c->from; rc == AMP_OK && g < c->to; g++)
		rc = class_pk_del(t, c->cls, g, c->err);
	if (rc == AMP_OK)
		rc = class_wraps_retire(t, c->cls, c->to, c->err);
	if (rc == AMP_OK) {
		key = class_meta_key(c->cls, "rotating");
		rc = class_meta_del(t, key, c->err);
		free(key);
	}
	if (rc == AMP_OK)
		rc = rot_audit(t, c, "key-rotated");
	return (rc);
}

/*
 * Rotate a class's key, or go on with a rotation that was interrupted. With
 * o->max_batches set, stop after that many batches (tests); st->done says
 * whether the rotation ended.
 */
int
class_rotate(struct session *s, const char *cls, const struct rotate_opts *o,
    struct rotate_stats *st, struct amp_err *err)
{
	struct rot_ctx	c;
	int		rc;

	memset(st, 0, sizeof *st);
	if ((rc = rotate_allowed(s, cls, err)) != AMP_OK)
		return (rc);
	memset(&c, 0, sizeof c);
	c.s = s;
	c.cls = cls;
	c.batch = o != NULL && o->batch > 0 ? o->batch : ROTATE_BATCH;
	c.err = err;
	if ((rc = store_write(s->store, start_txn, &c, err)) != AMP_OK)
		return (rc);
	st->from = c.from;
	st->to = c.to;
	for (;;) {
		if (o != NULL && o->max_batches > 0 &&
		    st->batches >= o->max_batches)
			return (AMP_OK);
		if ((rc = store_write(s->store, batch_txn, &c, err)) != AMP_OK)
			return (rc);
		st->batches++;
		st->values += c.values;
		st->records += c.records;
		if (!c.walked)
			continue;
		if ((rc = store_write(s->store, finish_txn, &c, err)) !=
		    AMP_OK)
			return (rc);
		if (!c.again)
			break;
		st->passes++;
	}
	keyring_class_drop(s->keys, cls, c.to);
	st->done = 1;
	log_debug("%s: %s %lu to %lu: %llu answers in %llu entries", __func__,
	    cls, (unsigned long)c.from, (unsigned long)c.to,
	    (unsigned long long)st->values, (unsigned long long)st->records);
	return (AMP_OK);
}
