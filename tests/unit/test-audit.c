/* test-audit.c: unit tests of the audit log: the chain, checkpoints, every kind of tampering found at the right entry, the hooks, the format upgrade, a benchmark. */

#include "unit.h"

#include <time.h>

#include <lmdb.h>
#include <sodium.h>

#define TODAY		"2026-03-07"
#define LOG_N		10000	/* entries of the log each tamper test alters */
#define LOG_BATCH	100	/* entries a transaction, then a checkpoint */
#define BENCH_BATCH	20000

/* The log every tamper test copies: data.mdb, and what an auditor kept. */
static struct formset	*forms;
static unsigned char	*pristine;
static size_t		 pristine_len;
static uint64_t		 head;		/* its last entry */
static char		*kept_ckpt;	/* its latest checkpoint, kept away */
static char		*kept_key;	/* its public key, kept away */

struct build_ctx {
	struct session	*s;
	uint64_t	 n;
	uint64_t	 done;
	int		 sign;
	struct amp_err	*err;
};

static int
build_txn(struct stxn *t, void *arg)
{
	static const char *const accounts[] = { "admin", "mrodriguez", "jli" };
	static const char *const actions[] = { "create", "update", "view",
	    "transition" };
	struct build_ctx	*c = arg;
	struct audit_event	 ev;
	char			 detail[32];
	uint64_t		 i, k;
	int			 rc;

	for (i = 0; i < c->n; i++) {
		k = c->done + i;
		snprintf(detail, sizeof detail, "step-%llu",
		    (unsigned long long)(k % 7));
		ev.account = accounts[k % 3];
		ev.institution = "asylum_office";
		ev.action = actions[k % 4];
		ev.record = 1 + k % 500;
		ev.detail = detail;
		if ((rc = audit_append(t, &ev, c->err)) != AMP_OK)
			return (rc);
	}
	return (c->sign ? audit_checkpoint(t, c->s->keys, c->err) : AMP_OK);
}

/* Append n entries in batches, each batch signed if sign is set. */
static void
build_log(struct store *st, struct session *s, uint64_t n, uint64_t batch,
    int sign)
{
	struct build_ctx	c;
	struct amp_err		err = { 0, "" };
	int			rc;

	c.s = s;
	c.sign = sign;
	c.err = &err;
	for (c.done = 0; c.done < n; c.done += c.n) {
		c.n = n - c.done < batch ? n - c.done : batch;
		if ((rc = store_write(st, build_txn, &c, &err)) != AMP_OK)
			fail_msg("building the log: %d %s", rc, err.msg);
	}
}

static int
group_setup(void **state)
{
	struct unit_store	u;
	struct audit_report	r;
	struct amp_err		err = { 0, "" };
	char			*path;

	(void)state;
	forms = unit_forms_load();
	unit_store_open(&u, forms);
	build_log(u.st, u.s, LOG_N, LOG_BATCH, 1);
	if (audit_verify(u.st, NULL, NULL, &r, &err) != AMP_OK ||
	    r.problem != AUDIT_INTACT)
		fail_msg("the log as built does not verify: %s %s", err.msg,
		    r.why);
	head = r.entries;
	if (audit_checkpoint_text(u.st, &kept_ckpt, &err) != AMP_OK ||
	    audit_key_text(u.st, &kept_key, &err) != AMP_OK)
		fail_msg("exporting: %s", err.msg);
	session_free(u.s);
	u.s = NULL;
	store_close(u.st);
	u.st = NULL;
	path = xsprintf("%s/data.mdb", u.dir);
	pristine = unit_read_file(path, &pristine_len);
	free(path);
	unit_store_close(&u);
	return (0);
}

static int
group_teardown(void **state)
{
	(void)state;
	formset_free(forms);
	free(pristine);
	free(kept_ckpt);
	free(kept_key);
	return (0);
}

/* A store holding a copy of the log, for one test to alter. */
struct work {
	char		*tmp;
	char		*dir;
	struct store	*st;
};

static int
setup(void **state)
{
	struct work	*w;
	struct amp_err	 err = { 0, "" };
	char		*path;
	int		 rc;

	w = xcalloc(1, sizeof *w);
	w->tmp = unit_tmpdir();
	w->dir = xsprintf("%s/store", w->tmp);
	if (mkdir(w->dir, 0770) != 0)
		fail_msg("mkdir %s: %s", w->dir, strerror(errno));
	path = unit_write_file(w->dir, "data.mdb", pristine, pristine_len);
	if (chmod(path, 0660) != 0)
		fail_msg("chmod %s: %s", path, strerror(errno));
	free(path);
	if ((rc = store_open(w->dir, &w->st, &err)) != AMP_OK)
		fail_msg("store_open: %d %s", rc, err.msg);
	*state = w;
	return (0);
}

static int
teardown(void **state)
{
	struct work	*w = *state;

	store_close(w->st);
	unit_rmtree(w->tmp);
	free(w->tmp);
	free(w->dir);
	free(w);
	return (0);
}

/* Verify, with what an auditor kept (key and checkpoint texts) if given. */
static void
verify(struct store *st, const char *key, const char *ckpt,
    struct audit_report *r)
{
	struct audit_key	k;
	struct audit_ckpt	c;
	struct amp_err		err = { 0, "" };
	int			rc;

	if (key != NULL && audit_key_parse(key, strlen(key), &k, &err) !=
	    AMP_OK)
		fail_msg("audit_key_parse: %s", err.msg);
	if (ckpt != NULL && audit_ckpt_parse(ckpt, strlen(ckpt), &c, &err) !=
	    AMP_OK)
		fail_msg("audit_ckpt_parse: %s", err.msg);
	rc = audit_verify(st, key != NULL ? &k : NULL, ckpt != NULL ? &c :
	    NULL, r, &err);
	if (rc != AMP_OK)
		fail_msg("audit_verify: %d %s", rc, err.msg);
}

#define expect_problem(r, p, at) do {					\
	if ((r)->problem != (p) || (r)->bad != (at))			\
		fail_msg("problem %d at entry %llu (%s); wanted %d at %llu", \
		    (int)(r)->problem, (unsigned long long)(r)->bad,	\
		    (r)->why, (int)(p), (unsigned long long)(at));	\
} while (0)

#define expect_intact(r) do {						\
	if ((r)->problem != AUDIT_INTACT)				\
		fail_msg("not intact: %s", (r)->why);			\
} while (0)

/* Direct changes to the store, as someone with the files could make. */
typedef void (*tamper_fn)(struct stxn *, void *);

struct tamper_ctx {
	tamper_fn	 fn;
	void		*arg;
};

static int
tamper_txn(struct stxn *t, void *arg)
{
	struct tamper_ctx	*c = arg;

	c->fn(t, c->arg);
	return (AMP_OK);
}

static void
tamper(struct store *st, tamper_fn fn, void *arg)
{
	struct tamper_ctx	c = { fn, arg };
	struct amp_err		err = { 0, "" };

	if (store_write(st, tamper_txn, &c, &err) != AMP_OK)
		fail_msg("tampering failed: %s", err.msg);
}

/* Entry seq's stored value, copied. */
static unsigned char *
entry_get(struct stxn *t, uint64_t seq, size_t *n)
{
	struct amp_err	err = { 0, "" };
	struct sval	v;
	unsigned char	key[8];
	unsigned char	*p;

	be64_put(key, seq);
	if (stxn_get(t, DB_AUDIT, key, sizeof key, &v, &err) != AMP_OK)
		fail_msg("no entry %llu", (unsigned long long)seq);
	p = xmalloc(v.n);
	memcpy(p, v.p, v.n);
	*n = v.n;
	return (p);
}

static void
entry_put(struct stxn *t, uint64_t seq, const void *p, size_t n)
{
	struct amp_err	err = { 0, "" };
	unsigned char	key[8];

	be64_put(key, seq);
	if (stxn_put(t, DB_AUDIT, key, sizeof key, p, n, 0, &err) != AMP_OK)
		fail_msg("putting entry %llu: %s", (unsigned long long)seq,
		    err.msg);
}

static void
entry_del(struct stxn *t, uint64_t seq)
{
	struct amp_err	err = { 0, "" };
	unsigned char	key[8];

	be64_put(key, seq);
	if (stxn_del(t, DB_AUDIT, key, sizeof key, NULL, 0, &err) != AMP_OK)
		fail_msg("deleting entry %llu", (unsigned long long)seq);
}

static void
meta_set(struct stxn *t, const char *key, const void *p, size_t n)
{
	struct amp_err	err = { 0, "" };

	if (p == NULL) {
		if (stxn_del(t, DB_META, key, strlen(key), NULL, 0, &err) !=
		    AMP_OK)
			fail_msg("deleting meta %s", key);
		return;
	}
	if (stxn_put(t, DB_META, key, strlen(key), p, n, 0, &err) != AMP_OK)
		fail_msg("putting meta %s: %s", key, err.msg);
}

/*
 * An entry made here from the layout amparo-store(5) documents, not with
 * audit.c: prev hash, "AU", codec 1, be64 number, be64 time, varint
 * record, four strings, then BLAKE2b-256 of all that.
 */
static unsigned char *
entry_forge(const unsigned char *prev, uint64_t seq, const char *account,
    size_t *n)
{
	struct buf	b = { 0 };
	unsigned char	h[AUDIT_HASH], n8[8];

	buf_add(&b, prev, AUDIT_HASH);
	buf_add(&b, "AU", 2);
	buf_add_u8(&b, 1);
	be64_put(n8, seq);
	buf_add(&b, n8, 8);
	be64_put(n8, (uint64_t)time_now());
	buf_add(&b, n8, 8);
	buf_add_varint(&b, 42);
	buf_add_str(&b, account);
	buf_add_str(&b, "asylum_office");
	buf_add_str(&b, "view");
	buf_add_str(&b, "");
	assert_int_equal(crypto_generichash(h, sizeof h, b.p, b.n, NULL, 0), 0);
	buf_add(&b, h, sizeof h);
	*n = b.n;
	return (b.p);
}

/* Recompute the chain from entry from to the end, as a forger would. */
static void
rehash_from(struct stxn *t, uint64_t from, uint64_t to)
{
	unsigned char	*p, prev[AUDIT_HASH];
	size_t		 n;
	uint64_t	 k;

	for (k = from; k <= to; k++) {
		p = entry_get(t, k, &n);
		if (k > from)
			memcpy(p, prev, AUDIT_HASH);
		assert_int_equal(crypto_generichash(p + n - AUDIT_HASH,
		    AUDIT_HASH, p, n - AUDIT_HASH, NULL, 0), 0);
		memcpy(prev, p + n - AUDIT_HASH, AUDIT_HASH);
		entry_put(t, k, p, n);
		free(p);
	}
}

static void
test_intact(void **state)
{
	struct work		*w = *state;
	struct audit_report	 r;
	struct audit_key	 k;
	struct amp_err		 err = { 0, "" };
	char			 id[2 * AUDIT_KEY_ID + 1];

	assert_true(head >= LOG_N);
	verify(w->st, NULL, NULL, &r);
	expect_intact(&r);
	assert_int_equal(r.entries, head);
	assert_int_equal(r.verified, head);
	assert_int_equal(r.signed_upto, head);
	assert_int_equal(audit_key_parse(kept_key, strlen(kept_key), &k, &err),
	    AMP_OK);
	assert_contains(kept_key, r.key_id);
	snprintf(id, sizeof id, "%s", r.key_id);
	verify(w->st, kept_key, kept_ckpt, &r);
	expect_intact(&r);
	assert_string_equal(r.key_id, id);
	assert_int_equal(r.signed_upto, head);
}

struct flip {
	uint64_t	seq;
	size_t		byte;
};

static void
flip_txn(struct stxn *t, void *arg)
{
	struct flip	*f = arg;
	unsigned char	*p;
	size_t		 n;

	p = entry_get(t, f->seq, &n);
	p[f->byte % n] ^= (unsigned char)(1 << (f->byte % 8));
	entry_put(t, f->seq, p, n);
	free(p);
}

/* A bit flipped anywhere in entry 5000 names entry 5000. */
static void
test_flipped_bit(void **state)
{
	struct work		*w = *state;
	struct audit_report	 r;
	struct stxn		*t;
	struct amp_err		 err = { 0, "" };
	struct flip		 f = { 5000, 0 };
	size_t			 n;

	assert_int_equal(store_read(w->st, &t, &err), AMP_OK);
	free(entry_get(t, f.seq, &n));
	stxn_end(t);
	for (f.byte = 0; f.byte < n; f.byte++) {
		tamper(w->st, flip_txn, &f);
		verify(w->st, NULL, NULL, &r);
		expect_problem(&r, AUDIT_CHANGED, 5000);
		assert_int_equal(r.verified, 4999);
		tamper(w->st, flip_txn, &f);	/* and back */
	}
	verify(w->st, NULL, NULL, &r);
	expect_intact(&r);
}

/* Entries from..head moved up by one, and e (or a copy of from-1) at from. */
struct insert {
	uint64_t	 from;
	int		 copy;
};

static void
insert_txn(struct stxn *t, void *arg)
{
	struct insert	*in = arg;
	unsigned char	*p;
	size_t		 n;
	uint64_t	 k;

	for (k = head; k >= in->from; k--) {
		p = entry_get(t, k, &n);
		entry_put(t, k + 1, p, n);
		free(p);
	}
	p = entry_get(t, in->from - 1, &n);
	if (!in->copy) {
		unsigned char	*e;

		e = entry_forge(p + n - AUDIT_HASH, in->from, "intruder", &n);
		free(p);
		p = e;
	}
	entry_put(t, in->from, p, n);
	free(p);
}

static void
test_inserted(void **state)
{
	struct work		*w = *state;
	struct audit_report	 r;
	struct insert		 in = { 5000, 0 };

	tamper(w->st, insert_txn, &in);
	verify(w->st, NULL, NULL, &r);
	expect_problem(&r, AUDIT_INSERTED, 5000);
	assert_contains(r.why, "entry 5000 was inserted");
	assert_int_equal(r.entries, head + 1);
}

static void
test_inserted_copy(void **state)
{
	struct work		*w = *state;
	struct audit_report	 r;
	struct insert		 in = { 5000, 1 };

	tamper(w->st, insert_txn, &in);
	verify(w->st, NULL, NULL, &r);
	expect_problem(&r, AUDIT_MOVED, 5000);
	assert_contains(r.why, "is entry 4999");
}

static void
del_txn(struct stxn *t, void *arg)
{
	entry_del(t, *(uint64_t *)arg);
}

/* Entry at deleted, and the later ones moved down to close the gap. */
static void
del_shift_txn(struct stxn *t, void *arg)
{
	uint64_t	 at = *(uint64_t *)arg, k;
	unsigned char	*p;
	size_t		 n;

	for (k = at; k < head; k++) {
		p = entry_get(t, k + 1, &n);
		entry_put(t, k, p, n);
		free(p);
	}
	entry_del(t, head);
}

static void
test_deleted(void **state)
{
	struct work		*w = *state;
	struct audit_report	 r;
	uint64_t		 at = 5000;

	tamper(w->st, del_txn, &at);
	verify(w->st, NULL, NULL, &r);
	expect_problem(&r, AUDIT_MISSING, 5000);
	assert_contains(r.why, "entry 5000 is missing");
	assert_int_equal(r.verified, 4999);
}

static void
test_deleted_renumbered(void **state)
{
	struct work		*w = *state;
	struct audit_report	 r;
	uint64_t		 at = 5000;

	tamper(w->st, del_shift_txn, &at);
	verify(w->st, NULL, NULL, &r);
	expect_problem(&r, AUDIT_MOVED, 5000);
	assert_contains(r.why, "is entry 5001");
}

static void
swap_txn(struct stxn *t, void *arg)
{
	uint64_t	*ab = arg;
	unsigned char	*a, *b;
	size_t		 an, bn;

	a = entry_get(t, ab[0], &an);
	b = entry_get(t, ab[1], &bn);
	entry_put(t, ab[0], b, bn);
	entry_put(t, ab[1], a, an);
	free(a);
	free(b);
}

static void
test_swapped(void **state)
{
	struct work		*w = *state;
	struct audit_report	 r;
	uint64_t		 ab[2] = { 5000, 5001 };

	tamper(w->st, swap_txn, ab);
	verify(w->st, NULL, NULL, &r);
	expect_problem(&r, AUDIT_MOVED, 5000);
	tamper(w->st, swap_txn, ab);
	verify(w->st, NULL, NULL, &r);
	expect_intact(&r);
	ab[1] = 7000;
	tamper(w->st, swap_txn, ab);
	verify(w->st, NULL, NULL, &r);
	expect_problem(&r, AUDIT_MOVED, 5000);
}

static void
truncate_txn(struct stxn *t, void *arg)
{
	uint64_t	k, n = *(uint64_t *)arg;

	for (k = head - n + 1; k <= head; k++)
		entry_del(t, k);
}

static void
drop_latest_txn(struct stxn *t, void *arg)
{
	(void)arg;
	meta_set(t, "audit-checkpoint", NULL, 0);
}

static void
test_truncated(void **state)
{
	struct work		*w = *state;
	struct audit_report	 r;
	uint64_t		 n = 100;

	tamper(w->st, truncate_txn, &n);
	verify(w->st, NULL, NULL, &r);
	expect_problem(&r, AUDIT_TRUNCATED, head - 99);
	assert_int_equal(r.verified, head - 100);
	/* The latest checkpoint removed too: only the auditor's copy tells. */
	tamper(w->st, drop_latest_txn, NULL);
	verify(w->st, NULL, NULL, &r);
	expect_intact(&r);
	assert_true(r.signed_upto < head - 100);
	verify(w->st, kept_key, kept_ckpt, &r);
	expect_problem(&r, AUDIT_TRUNCATED, head - 99);
}

/* A checkpoint made here from the documented text, signed with sk. */
static char *
ckpt_forge(const struct audit_ckpt *c, const unsigned char *sk)
{
	char		 store[2 * AUDIT_STORE_ID + 1];
	char		 key[2 * AUDIT_KEY_ID + 1], hash[2 * AUDIT_HASH + 1];
	char		 sig[129], when[32], *msg, *s;
	unsigned char	 bin[64];

	sodium_bin2hex(store, sizeof store, c->store, AUDIT_STORE_ID);
	sodium_bin2hex(key, sizeof key, c->key_id, AUDIT_KEY_ID);
	sodium_bin2hex(hash, sizeof hash, c->hash, AUDIT_HASH);
	time_format_utc(c->time, when, sizeof when);
	msg = xsprintf("amparo-audit-checkpoint: 1\nstore: %s\nkey: %s\n"
	    "entry: %llu\nhash: %s\ntime: %s\n", store, key,
	    (unsigned long long)c->seq, hash, when);
	assert_int_equal(crypto_sign_detached(bin, NULL,
	    (unsigned char *)msg, strlen(msg), sk), 0);
	sodium_bin2hex(sig, sizeof sig, bin, sizeof bin);
	s = xsprintf("%ssignature: %s\n", msg, sig);
	free(msg);
	return (s);
}

struct resign {
	int		 own_id;	/* keep the store key's id line */
	int		 replace_pk;	/* and put the new key in meta */
};

static void
resign_txn(struct stxn *t, void *arg)
{
	struct resign		*rs = arg;
	struct audit_ckpt	 c;
	struct amp_err		 err = { 0, "" };
	struct sval		 v;
	unsigned char		 pk[32], sk[64], h[32];
	char			*text;

	assert_int_equal(stxn_get(t, DB_META, "audit-checkpoint", 16, &v,
	    &err), AMP_OK);
	assert_int_equal(audit_ckpt_parse(v.p, v.n, &c, &err), AMP_OK);
	assert_int_equal(crypto_sign_keypair(pk, sk), 0);
	if (!rs->own_id) {
		assert_int_equal(crypto_generichash(h, sizeof h, pk, sizeof pk,
		    NULL, 0), 0);
		memcpy(c.key_id, h, AUDIT_KEY_ID);
	}
	text = ckpt_forge(&c, sk);
	meta_set(t, "audit-checkpoint", text, strlen(text));
	if (rs->replace_pk)
		meta_set(t, "audit-public-key", pk, sizeof pk);
	free(text);
}

static void
test_resigned(void **state)
{
	struct work		*w = *state;
	struct audit_report	 r;
	struct resign		 rs = { 0, 0 };

	tamper(w->st, resign_txn, &rs);
	verify(w->st, NULL, NULL, &r);
	expect_problem(&r, AUDIT_SIGNATURE, head);
	assert_contains(r.why, "signed by key");
	assert_true(r.signed_upto < head);
}

static void
test_resigned_same_id(void **state)
{
	struct work		*w = *state;
	struct audit_report	 r;
	struct resign		 rs = { 1, 0 };

	tamper(w->st, resign_txn, &rs);
	verify(w->st, NULL, NULL, &r);
	expect_problem(&r, AUDIT_SIGNATURE, head);
	assert_contains(r.why, "does not verify");
}

/*
 * The key in the store replaced as well: older checkpoints, or the
 * auditor's key, tell.
 */
static void
test_resigned_key_replaced(void **state)
{
	struct work		*w = *state;
	struct audit_report	 r;
	struct resign		 rs = { 0, 1 };

	tamper(w->st, resign_txn, &rs);
	verify(w->st, NULL, NULL, &r);
	if (r.problem != AUDIT_SIGNATURE || r.bad >= head)
		fail_msg("wanted an older checkpoint's signature: %s", r.why);
	verify(w->st, kept_key, NULL, &r);
	expect_problem(&r, AUDIT_KEY, 0);
	assert_contains(r.why, "replaced");
}

static void
rewrite_txn(struct stxn *t, void *arg)
{
	uint64_t	 at = *(uint64_t *)arg;
	unsigned char	*p, *e;
	size_t		 n;

	p = entry_get(t, at - 1, &n);
	e = entry_forge(p + n - AUDIT_HASH, at, "somebody-else", &n);
	entry_put(t, at, e, n);
	free(p);
	free(e);
	rehash_from(t, at, head);
}

static void
drop_checkpoints_txn(struct stxn *t, void *arg)
{
	struct amp_err	 err = { 0, "" };
	struct scur	*c;
	struct sval	 k, v;
	char		 name[64];

	(void)arg;
	meta_set(t, "audit-checkpoint", NULL, 0);
	for (;;) {
		k.p = "audit-checkpoint:";
		k.n = 17;
		assert_int_equal(scur_open(t, DB_META, &c, &err), AMP_OK);
		if (scur_get(c, SC_SET_RANGE, &k, &v, &err) != AMP_OK ||
		    k.n < 17 ||
		    memcmp(k.p, "audit-checkpoint:", 17) != 0) {
			scur_close(c);
			break;
		}
		snprintf(name, sizeof name, "%.*s", (int)k.n,
		    (const char *)k.p);
		scur_close(c);
		meta_set(t, name, NULL, 0);
	}
}

/*
 * Entry 5000 changed and every hash after it made again: the chain holds,
 * but the checkpoints kept since say where it changed; with them removed
 * and the head signed again by an insider, only the auditor's copy tells.
 */
static void
test_rewritten(void **state)
{
	struct work		*w = *state;
	struct audit_report	 r;
	struct session		*s;
	struct amp_err		 err = { 0, "" };
	uint64_t		 at = 5000;
	char			*text;

	tamper(w->st, rewrite_txn, &at);
	verify(w->st, NULL, NULL, &r);
	if (r.problem != AUDIT_REWRITTEN || r.bad_from > at || r.bad < at ||
	    r.bad - r.bad_from > 2 * AUDIT_KEEP_EVERY)
		fail_msg("wanted a rewrite around %llu: %d %llu-%llu %s",
		    (unsigned long long)at, (int)r.problem,
		    (unsigned long long)r.bad_from,
		    (unsigned long long)r.bad, r.why);
	assert_int_equal(r.verified, r.bad_from - 1);

	tamper(w->st, drop_checkpoints_txn, NULL);
	assert_int_equal(session_login(w->st, forms, UNIT_ADMIN, UNIT_PASSWORD,
	    strlen(UNIT_PASSWORD), &s, &err), AMP_OK);
	assert_int_equal(audit_sign(w->st, s->keys, &text, &err), AMP_OK);
	assert_contains(text, "amparo-audit-checkpoint: 1\n");
	free(text);
	session_free(s);
	verify(w->st, NULL, NULL, &r);
	expect_intact(&r);
	verify(w->st, kept_key, kept_ckpt, &r);
	expect_problem(&r, AUDIT_REWRITTEN, head);
	assert_contains(r.why, "checkpoint given");
}

static int
unsigned_txn(struct stxn *t, void *arg)
{
	struct audit_event	ev = { "nobody", "", "login-failed", 0, NULL };

	return (audit_append(t, &ev, arg));
}

/* Entries appended without a key verify, and are reported as not signed. */
static void
test_unsigned_tail(void **state)
{
	struct work		*w = *state;
	struct audit_report	 r;
	struct amp_err		 err = { 0, "" };
	int			 i;

	for (i = 0; i < 3; i++)
		assert_int_equal(store_write(w->st, unsigned_txn, &err, &err),
		    AMP_OK);
	verify(w->st, kept_key, kept_ckpt, &r);
	expect_intact(&r);
	assert_int_equal(r.entries, head + 3);
	assert_int_equal(r.signed_upto, head);
}

static void
drop_pk_txn(struct stxn *t, void *arg)
{
	(void)arg;
	meta_set(t, "audit-public-key", NULL, 0);
}

static int
keys_init_txn(struct stxn *t, void *arg)
{
	struct keyring	*k = arg;
	struct amp_err	 err = { 0, "" };

	return (audit_keys_init(t, k, &err));
}

/* The key removed: checkpoints without a key, and no new key made. */
static void
test_key_removed(void **state)
{
	struct work		*w = *state;
	struct audit_report	 r;
	struct keyring		*k;
	struct amp_err		 err = { 0, "" };

	tamper(w->st, drop_pk_txn, NULL);
	verify(w->st, NULL, NULL, &r);
	assert_int_equal(r.problem, AUDIT_KEY);
	assert_true(r.bad > 0 && r.bad < head);
	assert_contains(r.why, "it was removed");
	/* The auditor's key verifies the checkpoints, but not the removal. */
	verify(w->st, kept_key, NULL, &r);
	assert_int_equal(r.problem, AUDIT_KEY);
	assert_contains(r.why, "it was removed");
	k = keyring_new();
	random_fill(k->master, KEY_BYTES);
	keyring_derive(k);
	assert_int_equal(store_write(w->st, keys_init_txn, k, &err),
	    AMP_ESTORE);
	keyring_free(k);
}

/* A key or a checkpoint of another store. */
static void
test_other_store(void **state)
{
	struct work		*w = *state;
	struct unit_store	 u;
	struct audit_report	 r;
	struct amp_err		 err = { 0, "" };
	char			*key, *ckpt;

	unit_store_open(&u, forms);
	build_log(u.st, u.s, 10, 10, 1);
	assert_int_equal(audit_key_text(u.st, &key, &err), AMP_OK);
	assert_int_equal(audit_checkpoint_text(u.st, &ckpt, &err), AMP_OK);
	unit_store_close(&u);
	verify(w->st, key, NULL, &r);
	expect_problem(&r, AUDIT_OTHER_STORE, 0);
	verify(w->st, NULL, ckpt, &r);
	expect_problem(&r, AUDIT_OTHER_STORE, 0);
	free(key);
	free(ckpt);
}

/* The texts round-trip, and a changed character is refused. */
static void
test_texts(void **state)
{
	struct audit_ckpt	 c;
	struct audit_key	 k;
	struct amp_err		 err = { 0, "" };
	char			*s, *p;
	size_t			 n;

	(void)state;
	assert_int_equal(audit_ckpt_parse(kept_ckpt, strlen(kept_ckpt), &c,
	    &err), AMP_OK);
	assert_int_equal(c.seq, head);
	assert_int_equal(audit_key_parse(kept_key, strlen(kept_key), &k, &err),
	    AMP_OK);
	assert_contains(kept_ckpt, "amparo-audit-checkpoint: 1\nstore: ");
	assert_contains(kept_ckpt, "\nsignature: ");
	assert_contains(kept_key, "amparo-audit-public-key: 1\nstore: ");
	/* Without the last line feed it still reads. */
	n = strlen(kept_ckpt) - 1;
	assert_int_equal(audit_ckpt_parse(kept_ckpt, n, &c, &err), AMP_OK);
	s = xstrdup(kept_ckpt);
	/* A hex letter in upper case is not the text that was signed. */
	p = strstr(s, "hash: ") + 6;
	p += strcspn(p, "abcdef");
	*p = (char)(*p - 'a' + 'A');
	assert_int_equal(audit_ckpt_parse(s, strlen(s), &c, &err), AMP_EUSAGE);
	free(s);
	s = xsprintf("%sextra: 1\n", kept_ckpt);
	assert_int_equal(audit_ckpt_parse(s, strlen(s), &c, &err), AMP_EUSAGE);
	free(s);
	s = xstrdup(kept_key);
	p = strstr(s, "key: ") + 5;
	*p = *p == '0' ? '1' : '0';
	assert_int_equal(audit_key_parse(s, strlen(s), &k, &err), AMP_EUSAGE);
	free(s);
}

/* A small form set with a workflow the administrator may move. */
static const char visit_yaml[] =
    "form: visit\n"
    "version: 1\n"
    "title: {en: Visit, es: Visita}\n"
    "summary: [who]\n"
    "sections:\n"
    "  - id: s\n"
    "    label: {en: S, es: S}\n"
    "    fields:\n"
    "      - {id: who, type: text, label: {en: Who, es: Quien}, required: true}\n";
static const char report_yaml[] =
    "form: report\n"
    "version: 1\n"
    "title: {en: Report, es: Informe}\n"
    "summary: [text]\n"
    "sections:\n"
    "  - id: s\n"
    "    label: {en: S, es: S}\n"
    "    fields:\n"
    "      - {id: text, type: text, label: {en: Text, es: Texto}, required: true}\n";
static const char flow_yaml[] =
    "workflow: visit_flow\n"
    "version: 1\n"
    "title: {en: Visit flow, es: Flujo}\n"
    "form: visit\n"
    "initial: open\n"
    "states:\n"
    "  - {id: open, label: {en: Open, es: Abierta}}\n"
    "  - {id: done, label: {en: Done, es: Hecha}, terminal: true}\n"
    "transitions:\n"
    "  - id: see\n"
    "    label: {en: See, es: Ver}\n"
    "    from: [open]\n"
    "    to: done\n"
    "    roles: [admin]\n"
    "    form: report\n";

struct collect {
	struct audit_entry	*v;
	size_t			 n, cap;
};

static int
collect_entry(const struct audit_entry *e, void *arg)
{
	struct collect	*c = arg;

	XGROW(c->v, c->n, c->cap);
	c->v[c->n++] = *e;
	return (0);
}

static struct collect
list(struct store *st, const struct audit_filter *f)
{
	struct collect	c = { NULL, 0, 0 };
	struct amp_err	err = { 0, "" };

	if (audit_list(st, f, collect_entry, &c, &err) != AMP_OK)
		fail_msg("audit_list: %s", err.msg);
	return (c);
}

/*
 * Saving, editing and moving a case each append an entry in the same
 * transaction, as the official, and sign the head; audit_list filters.
 */
static void
test_hooks(void **state)
{
	struct formset		*fs = NULL;
	struct diags		 d = { 0 };
	struct unit_store	 u;
	struct record		 r, moved, linked;
	struct verrs		 ve = { 0 };
	struct conflicts	 cf = { 0 };
	struct amp_err		 err = { 0, "" };
	struct audit_report	 rep;
	struct audit_filter	 f;
	struct collect		 c;
	uint64_t		 id, first;
	char			*dir;
	size_t			 i;

	(void)state;
	dir = unit_tmpdir();
	free(unit_write_file(dir, "visit.yaml", visit_yaml,
	    strlen(visit_yaml)));
	free(unit_write_file(dir, "report.yaml", report_yaml,
	    strlen(report_yaml)));
	free(unit_write_file(dir, "workflows/visit_flow.yaml", flow_yaml,
	    strlen(flow_yaml)));
	if (formset_load(dir, &fs, &d) != AMP_OK) {
		unit_print_diags(&d);
		fail_msg("loading %s failed", dir);
	}
	unit_store_open(&u, fs);
	c = list(u.st, NULL);
	first = c.n;		/* what logging in may have noted */
	free(c.v);

	record_init(&r);
	r.form = xstrdup("visit");
	rmap_set(&r.data, "who", "Ana");
	assert_int_equal(case_create(u.s, &r, &ve, &err), AMP_OK);
	id = r.id;
	rmap_set(&r.data, "who", "Ana María");
	assert_int_equal(case_update(u.s, &r, r.version, &ve, &cf, &err),
	    AMP_OK);
	record_init(&linked);
	rmap_set(&linked.data, "text", "seen today");
	assert_int_equal(case_transition(u.s, id, "see", &linked, &moved, &ve,
	    &err), AMP_OK);

	c = list(u.st, NULL);
	assert_int_equal(c.n, first + 4);
	assert_string_equal(c.v[first].action, "create");
	assert_int_equal(c.v[first].record, id);
	assert_string_equal(c.v[first].detail, "visit");
	assert_string_equal(c.v[first + 1].action, "update");
	assert_int_equal(c.v[first + 1].record, id);
	assert_string_equal(c.v[first + 2].action, "transition");
	assert_int_equal(c.v[first + 2].record, id);
	assert_string_equal(c.v[first + 2].detail, "see");
	assert_string_equal(c.v[first + 3].action, "create");
	assert_int_equal(c.v[first + 3].record, linked.id);
	assert_string_equal(c.v[first + 3].detail, "report");
	for (i = first; i < c.n; i++) {
		assert_string_equal(c.v[i].account, UNIT_ADMIN);
		assert_string_equal(c.v[i].institution, u.s->institution);
		assert_int_equal(c.v[i].seq, i + 1);
		/* Metadata only: nothing typed is in the log. */
		assert_null(strstr(c.v[i].detail, "Ana"));
		assert_null(strstr(c.v[i].detail, "seen"));
	}
	free(c.v);
	verify(u.st, NULL, NULL, &rep);
	expect_intact(&rep);
	assert_int_equal(rep.signed_upto, first + 4);

	memset(&f, 0, sizeof f);
	f.record = id;
	c = list(u.st, &f);
	assert_int_equal(c.n, 3);
	free(c.v);
	f.action = "create";
	c = list(u.st, &f);
	assert_int_equal(c.n, 1);
	free(c.v);
	memset(&f, 0, sizeof f);
	f.account = "nobody";
	c = list(u.st, &f);
	assert_int_equal(c.n, 0);
	free(c.v);
	memset(&f, 0, sizeof f);
	f.until = time_now() - 86400;
	c = list(u.st, &f);
	assert_int_equal(c.n, 0);
	free(c.v);
	f.until = 0;
	f.since = time_now() - 86400;
	c = list(u.st, &f);
	assert_int_equal(c.n, first + 4);
	free(c.v);

	record_free(&r);
	record_free(&moved);
	record_free(&linked);
	verrs_free(&ve);
	conflicts_free(&cf);
	diags_free(&d);
	unit_store_close(&u);
	formset_free(fs);
	unit_rmtree(dir);
	free(dir);
}

/* Make a store look as one of format 1 did: no audit database or key. */
static void
make_format_1(const char *dir)
{
	MDB_env		*env;
	MDB_txn		*txn;
	MDB_dbi		 dbi, meta;
	MDB_val		 k, v;
	unsigned char	 one[8];
	const char	*drop[] = { "audit-public-key", "audit-secret-key",
			    "audit-checkpoint" };
	size_t		 i;

	assert_int_equal(mdb_env_create(&env), 0);
	assert_int_equal(mdb_env_set_maxdbs(env, 32), 0);
	assert_int_equal(mdb_env_open(env, dir, 0, 0660), 0);
	assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
	assert_int_equal(mdb_dbi_open(txn, "audit", 0, &dbi), 0);
	assert_int_equal(mdb_drop(txn, dbi, 1), 0);
	assert_int_equal(mdb_dbi_open(txn, "meta", 0, &meta), 0);
	for (i = 0; i < nitems(drop); i++) {
		k.mv_data = (void *)(uintptr_t)drop[i];
		k.mv_size = strlen(drop[i]);
		assert_true(mdb_del(txn, meta, &k, NULL) == 0 ||
		    i == nitems(drop) - 1);
	}
	be64_put(one, 1);
	k.mv_data = (void *)(uintptr_t)"format";
	k.mv_size = 6;
	v.mv_data = one;
	v.mv_size = sizeof one;
	assert_int_equal(mdb_put(txn, meta, &k, &v, 0), 0);
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
}

/*
 * A store of format 1 opens: the audit database is added in place, its
 * cases are all there, and the first save makes the key and signs.
 */
static void
test_upgrade_format_1(void **state)
{
	struct unit_store	 u;
	struct record		 r, got;
	struct verrs		 ve = { 0 };
	struct conflicts	 cf = { 0 };
	struct amp_err		 err = { 0, "" };
	struct audit_report	 rep;
	struct stxn		*t;
	struct sval		 v;
	struct collect		 c;
	uint64_t		 id;
	char			*key;

	(void)state;
	unit_store_open(&u, forms);
	record_init(&r);
	r.form = xstrdup("intake");
	rmap_set(&r.data, "given_names", "Ana");
	rmap_set(&r.data, "family_names", "Pérez");
	rmap_set(&r.data, "sex", "female");
	rmap_set(&r.data, "birth_date", "1990-03-07");
	rmap_set(&r.data, "nationality", "VEN");
	rmap_set(&r.data, "language", "spa");
	assert_int_equal(case_create(u.s, &r, &ve, &err), AMP_OK);
	id = r.id;
	record_free(&r);
	session_free(u.s);
	u.s = NULL;
	store_close(u.st);
	u.st = NULL;

	make_format_1(u.dir);
	/* Opened for reading only, as an auditor does, it is left as it is. */
	assert_int_equal(store_open_readonly(u.dir, &u.st, &err), AMP_ESTORE);
	assert_non_null(strstr(err.msg, "only for reading"));
	assert_null(u.st);
	assert_int_equal(store_open(u.dir, &u.st, &err), AMP_OK);
	assert_int_equal(store_read(u.st, &t, &err), AMP_OK);
	assert_int_equal(stxn_get(t, DB_META, "format", 6, &v, &err), AMP_OK);
	assert_int_equal(be64_get(v.p), STORE_FORMAT);
	stxn_end(t);
	verify(u.st, NULL, NULL, &rep);
	expect_intact(&rep);
	assert_int_equal(rep.entries, 0);
	assert_int_equal(audit_key_text(u.st, &key, &err), AMP_ENOTFOUND);

	assert_int_equal(session_login(u.st, forms, UNIT_ADMIN, UNIT_PASSWORD,
	    strlen(UNIT_PASSWORD), &u.s, &err), AMP_OK);
	assert_int_equal(case_get(u.s, id, &got, &err), AMP_OK);
	assert_string_equal(rmap_get(&got.data, "given_names"), "Ana");
	rmap_set(&got.data, "given_names", "Ana María");
	assert_int_equal(case_update(u.s, &got, got.version, &ve, &cf, &err),
	    AMP_OK);
	conflicts_free(&cf);
	record_free(&got);
	c = list(u.st, NULL);
	assert_true(c.n >= 1);
	free(c.v);
	verify(u.st, NULL, NULL, &rep);
	expect_intact(&rep);
	assert_int_equal(rep.signed_upto, rep.entries);
	assert_int_equal(audit_key_text(u.st, &key, &err), AMP_OK);
	free(key);
	/* Opening it again changes nothing. */
	store_close(u.st);
	assert_int_equal(store_open(u.dir, &u.st, &err), AMP_OK);
	verify(u.st, NULL, NULL, &rep);
	expect_intact(&rep);
	verrs_free(&ve);
	unit_store_close(&u);
}

static double
now_s(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

/*
 * AMPARO_AUDIT_BENCH=N builds a log of N entries and times verifying it
 * (a measurement, never an assertion); main runs it alone, and only then.
 */
static void
test_bench(void **state)
{
	struct unit_store	 u;
	struct audit_report	 r;
	struct amp_err		 err = { 0, "" };
	const char		*e = getenv("AMPARO_AUDIT_BENCH");
	double			 t0, t[7], build;
	uint64_t		 n = 0;
	size_t			 i;

	(void)state;
	if (e == NULL || (n = strtoull(e, NULL, 10)) == 0)
		fail_msg("AMPARO_AUDIT_BENCH is not a number of entries");
	unit_store_open(&u, forms);
	t0 = now_s();
	build_log(u.st, u.s, n, BENCH_BATCH, 1);
	build = now_s() - t0;
	for (i = 0; i < nitems(t); i++) {
		t0 = now_s();
		assert_int_equal(audit_verify(u.st, NULL, NULL, &r, &err),
		    AMP_OK);
		t[i] = now_s() - t0;
		expect_intact(&r);
		print_message("# verify %llu entries: %.3f s\n",
		    (unsigned long long)r.entries, t[i]);
	}
	qsort(t, nitems(t), sizeof t[0], cmp_double);
	print_message("# built %llu entries in %.2f s (%.0f/s, signed every %d); "
	    "verify median %.3f s (%.0f entries/s), min %.3f, max %.3f\n",
	    (unsigned long long)n, build, (double)n / build, BENCH_BATCH,
	    t[nitems(t) / 2], (double)r.entries / t[nitems(t) / 2], t[0],
	    t[nitems(t) - 1]);
	unit_store_close(&u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_intact),
		T(test_flipped_bit),
		T(test_inserted),
		T(test_inserted_copy),
		T(test_deleted),
		T(test_deleted_renumbered),
		T(test_swapped),
		T(test_truncated),
		T(test_resigned),
		T(test_resigned_same_id),
		T(test_resigned_key_replaced),
		T(test_rewritten),
		T(test_unsigned_tail),
		T(test_key_removed),
		T(test_other_store),
		cmocka_unit_test(test_texts),
		cmocka_unit_test(test_hooks),
		cmocka_unit_test(test_upgrade_format_1),
#undef T
	};
	const struct CMUnitTest bench[] = {
		cmocka_unit_test(test_bench),
	};

	unit_crypto_setup();
	setenv("AMPARO_TODAY", TODAY, 1);
	lang_set(LANG_EN);
	if (getenv("AMPARO_AUDIT_BENCH") != NULL)
		return (cmocka_run_group_tests(bench, group_setup,
		    group_teardown));
	return (cmocka_run_group_tests(tests, group_setup, group_teardown));
}
