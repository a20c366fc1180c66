/* test-store.c: unit tests of the LMDB store: opening and refusing, transactions, cursors, map growth, file modes. */

#include "unit.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <lmdb.h>

#define BIG_VALUE	(64 * 1024)
/* About 70 MiB: past the first map of 64 MiB. */
#define BIG_COUNT	1100

/* One entry to write. */
struct kv {
	enum store_db	 db;
	const void	*k;
	size_t		 kn;
	const void	*v;
	size_t		 vn;
	unsigned	 flags;
};

struct put_ctx {
	const struct kv	*v;
	size_t		 n;
	int		 then;		/* returned after the puts */
	struct amp_err	*err;
};

static int
put_txn(struct stxn *t, void *arg)
{
	struct put_ctx	*c = arg;
	size_t		 i;
	int		 rc;

	for (i = 0; i < c->n; i++) {
		rc = stxn_put(t, c->v[i].db, c->v[i].k, c->v[i].kn, c->v[i].v,
		    c->v[i].vn, c->v[i].flags, c->err);
		if (rc != AMP_OK)
			return (rc);
	}
	return (c->then);
}

static int
put_one(struct store *st, enum store_db db, const char *k, const char *v,
    unsigned flags, struct amp_err *err)
{
	struct kv	e = { db, k, strlen(k), v, strlen(v), flags };
	struct put_ctx	c = { &e, 1, AMP_OK, err };

	return (store_write(st, put_txn, &c, err));
}

/* The value under a text key, as a string (NULL if there is none). */
static char *
get_one(struct store *st, enum store_db db, const void *k, size_t kn)
{
	struct stxn	*t;
	struct sval	 v;
	struct amp_err	 err = { 0, "" };
	char		*s = NULL;
	int		 rc;

	if (store_read(st, &t, &err) != AMP_OK)
		fail_msg("store_read: %s", err.msg);
	rc = stxn_get(t, db, k, kn, &v, &err);
	if (rc == AMP_OK)
		s = xstrndup(v.p, v.n);
	else if (rc != AMP_ENOTFOUND)
		fail_msg("stxn_get: %d %s", rc, err.msg);
	stxn_end(t);
	return (s);
}

#define GET(st, db, k)	get_one((st), (db), (k), strlen(k))

static void
assert_get(struct store *st, enum store_db db, const char *k, const char *want)
{
	char	*got = GET(st, db, k);

	if (want == NULL && got != NULL)
		fail_msg("\"%s\" holds \"%s\", want nothing", k, got);
	if (want != NULL && (got == NULL || strcmp(got, want) != 0))
		fail_msg("\"%s\" holds \"%s\", want \"%s\"", k,
		    got != NULL ? got : "(nothing)", want);
	free(got);
}

static char *
new_store(struct store **st)
{
	struct amp_err	 err = { 0, "" };
	char		*tmp, *dir;

	tmp = unit_tmpdir();
	dir = xsprintf("%s/store", tmp);
	free(tmp);
	if (store_create(dir, st, &err) != AMP_OK)
		fail_msg("store_create: %s", err.msg);
	return (dir);
}

/* The temporary directory above a store made by new_store. */
static void
remove_store(char *dir)
{
	char	*slash = strrchr(dir, '/');

	*slash = '\0';
	unit_rmtree(dir);
	free(dir);
}

static void
test_create_then_open(void **state)
{
	struct store	*st;
	struct amp_err	 err = { 0, "" };
	struct stat	 sb;
	char		*dir, *path;

	(void)state;
	dir = new_store(&st);
	assert_string_equal(store_dir(st), dir);
	assert_int_equal(put_one(st, DB_RECORDS, "k", "v", 0, &err), AMP_OK);
	store_close(st);
	path = xsprintf("%s/data.mdb", dir);
	assert_int_equal(stat(path, &sb), 0);
	free(path);
	assert_int_equal(store_open(dir, &st, &err), AMP_OK);
	assert_get(st, DB_RECORDS, "k", "v");
	/* The store has its id and creation time. */
	path = get_one(st, DB_META, "store-id", 8);
	assert_non_null(path);
	free(path);
	path = get_one(st, DB_META, "created", 7);
	assert_non_null(path);
	free(path);
	store_close(st);
	store_close(NULL);
	remove_store(dir);
}

static void
test_db_names(void **state)
{
	(void)state;
	assert_string_equal(store_db_name(DB_META), "meta");
	assert_string_equal(store_db_name(DB_ACCOUNTS), "accounts");
	assert_string_equal(store_db_name(DB_RECORDS), "records");
	assert_string_equal(store_db_name(DB_HISTORY), "history");
	assert_string_equal(store_db_name(DB_INDEX), "index");
	assert_string_equal(store_db_name(DB_DRAFTS), "drafts");
}

static void
test_create_refuses_existing_store(void **state)
{
	struct store	*st, *st2 = NULL;
	struct amp_err	 err = { 0, "" };
	char		*dir;

	(void)state;
	dir = new_store(&st);
	assert_int_equal(put_one(st, DB_RECORDS, "keep", "me", 0, &err),
	    AMP_OK);
	store_close(st);
	assert_int_equal(store_create(dir, &st2, &err), AMP_ESTORE);
	assert_null(st2);
	assert_contains(err.msg, "already holds a store");
	assert_contains(err.msg, dir);
	/* And it is left as it was. */
	assert_int_equal(store_open(dir, &st, &err), AMP_OK);
	assert_get(st, DB_RECORDS, "keep", "me");
	store_close(st);
	remove_store(dir);
}

static void
test_create_on_regular_file(void **state)
{
	struct store	*st = NULL;
	struct amp_err	 err = { 0, "" };
	char		*tmp, *path;

	(void)state;
	tmp = unit_tmpdir();
	path = unit_write_file(tmp, "file", "x", 1);
	assert_int_equal(store_create(path, &st, &err), AMP_ESTORE);
	assert_null(st);
	assert_contains(err.msg, "is not a directory");
	free(path);
	path = xsprintf("%s/no/such/parent", tmp);
	assert_int_equal(store_create(path, &st, &err), AMP_ESTORE);
	assert_contains(err.msg, "creating the store directory");
	free(path);
	unit_rmtree(tmp);
	free(tmp);
}

static void
test_open_missing_dir(void **state)
{
	struct store	*st = NULL;
	struct amp_err	 err = { 0, "" };
	char		*tmp, *dir;

	(void)state;
	tmp = unit_tmpdir();
	dir = xsprintf("%s/nothing-here", tmp);
	assert_int_equal(store_open(dir, &st, &err), AMP_ESTORE);
	assert_null(st);
	assert_contains(err.msg, dir);
	assert_contains(err.msg, strerror(ENOENT));
	assert_contains(err.msg, "amparo init");
	/* Opening creates nothing. */
	assert_int_equal(access(dir, F_OK), -1);
	free(dir);
	unit_rmtree(tmp);
	free(tmp);
}

static void
test_open_regular_file(void **state)
{
	struct store	*st = NULL;
	struct amp_err	 err = { 0, "" };
	char		*tmp, *path;

	(void)state;
	tmp = unit_tmpdir();
	path = unit_write_file(tmp, "data.mdb", "hello", 5);
	assert_int_equal(store_open(path, &st, &err), AMP_ESTORE);
	assert_null(st);
	assert_contains(err.msg, "not a directory");
	free(path);
	unit_rmtree(tmp);
	free(tmp);
}

static void
test_open_empty_dir(void **state)
{
	struct store	*st = NULL;
	struct amp_err	 err = { 0, "" };
	char		*tmp, *path;

	(void)state;
	tmp = unit_tmpdir();
	assert_int_equal(store_open(tmp, &st, &err), AMP_ESTORE);
	assert_null(st);
	assert_contains(err.msg, "not an Amparo store");
	assert_contains(err.msg, "no data.mdb");
	/* Opening creates nothing. */
	path = xsprintf("%s/lock.mdb", tmp);
	assert_int_equal(access(path, F_OK), -1);
	free(path);
	unit_rmtree(tmp);
	free(tmp);
}

static void
test_open_garbage(void **state)
{
	struct store	*st = NULL;
	struct amp_err	 err = { 0, "" };
	struct rng	 r;
	unsigned char	*junk, *after;
	size_t		 i, n;
	char		*tmp, *path;

	(void)state;
	tmp = unit_tmpdir();
	junk = xmalloc(3 * 4096);
	rng_seed(&r, 99);
	for (i = 0; i < 3 * 4096; i++)
		junk[i] = (unsigned char)rng_below(&r, 256);
	path = unit_write_file(tmp, "data.mdb", junk, 3 * 4096);
	assert_int_equal(store_open(tmp, &st, &err), AMP_ESTORE);
	assert_null(st);
	assert_contains(err.msg, "not an Amparo store");
	assert_contains(err.msg, tmp);
	/* The file is not touched: it may be someone's data. */
	after = unit_read_file(path, &n);
	assert_int_equal(n, 3 * 4096);
	assert_memory_equal(after, junk, n);
	free(after);
	free(junk);
	free(path);
	unit_rmtree(tmp);
	free(tmp);
}

static void
test_open_empty_data_file(void **state)
{
	struct store	*st = NULL;
	struct amp_err	 err = { 0, "" };
	char		*tmp, *path;

	(void)state;
	tmp = unit_tmpdir();
	path = unit_write_file(tmp, "data.mdb", "", 0);
	assert_int_equal(store_open(tmp, &st, &err), AMP_ESTORE);
	assert_null(st);
	assert_contains(err.msg, "not an Amparo store");
	free(path);
	unit_rmtree(tmp);
	free(tmp);
}

/* An LMDB environment that some other program made. */
static void
test_open_foreign_lmdb(void **state)
{
	struct store	*st = NULL;
	struct amp_err	 err = { 0, "" };
	MDB_env		*env;
	MDB_txn		*txn;
	MDB_dbi		 dbi;
	MDB_val		 k, v;
	char		*tmp;

	(void)state;
	tmp = unit_tmpdir();
	assert_int_equal(mdb_env_create(&env), 0);
	assert_int_equal(mdb_env_set_maxdbs(env, 4), 0);
	assert_int_equal(mdb_env_open(env, tmp, 0, 0600), 0);
	assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
	assert_int_equal(mdb_dbi_open(txn, "other", MDB_CREATE, &dbi), 0);
	k.mv_data = (void *)(uintptr_t)"a";
	k.mv_size = 1;
	v = k;
	assert_int_equal(mdb_put(txn, dbi, &k, &v, 0), 0);
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
	assert_int_equal(store_open(tmp, &st, &err), AMP_ESTORE);
	assert_null(st);
	assert_contains(err.msg, "not an Amparo store");
	assert_contains(err.msg, "meta");
	unit_rmtree(tmp);
	free(tmp);
}

struct meta_ctx {
	const char	*key;
	uint64_t	 val;
	int		 del;
	struct amp_err	*err;
};

static int
meta_txn(struct stxn *t, void *arg)
{
	struct meta_ctx	*c = arg;
	unsigned char	 b[8];

	if (c->del)
		return (stxn_del(t, DB_META, c->key, strlen(c->key), NULL, 0,
		    c->err));
	be64_put(b, c->val);
	return (stxn_put(t, DB_META, c->key, strlen(c->key), b, sizeof b, 0,
	    c->err));
}

static void
test_open_refuses_other_format(void **state)
{
	struct store	*st;
	struct amp_err	 err = { 0, "" };
	struct meta_ctx	 c = { "format", 99, 0, &err };
	char		*dir;

	(void)state;
	dir = new_store(&st);
	assert_int_equal(store_write(st, meta_txn, &c, &err), AMP_OK);
	store_close(st);
	st = NULL;
	assert_int_equal(store_open(dir, &st, &err), AMP_ESTORE);
	assert_null(st);
	assert_contains(err.msg, "version 99");
	assert_contains(err.msg, "reads version 3");
	remove_store(dir);
}

static void
test_open_refuses_missing_format(void **state)
{
	struct store	*st;
	struct amp_err	 err = { 0, "" };
	struct meta_ctx	 c = { "format", 0, 1, &err };
	char		*dir;

	(void)state;
	dir = new_store(&st);
	assert_int_equal(store_write(st, meta_txn, &c, &err), AMP_OK);
	store_close(st);
	st = NULL;
	assert_int_equal(store_open(dir, &st, &err), AMP_ESTORE);
	assert_null(st);
	assert_contains(err.msg, "not an Amparo store");
	assert_contains(err.msg, "format");
	remove_store(dir);
}

struct del_ctx {
	enum store_db	 db;
	const char	*k, *v;
	struct amp_err	*err;
};

static int
del_txn(struct stxn *t, void *arg)
{
	struct del_ctx	*c = arg;

	return (stxn_del(t, c->db, c->k, strlen(c->k), c->v,
	    c->v != NULL ? strlen(c->v) : 0, c->err));
}

static void
test_put_get_del(void **state)
{
	struct store	*st;
	struct amp_err	 err = { 0, "" };
	struct del_ctx	 d = { DB_RECORDS, "a", NULL, &err };
	char		*dir;

	(void)state;
	dir = new_store(&st);
	assert_get(st, DB_RECORDS, "a", NULL);
	assert_int_equal(put_one(st, DB_RECORDS, "a", "1", 0, &err), AMP_OK);
	assert_int_equal(put_one(st, DB_RECORDS, "b", "2", 0, &err), AMP_OK);
	assert_get(st, DB_RECORDS, "a", "1");
	assert_get(st, DB_RECORDS, "b", "2");
	/* Databases are separate. */
	assert_get(st, DB_HISTORY, "a", NULL);
	assert_get(st, DB_DRAFTS, "a", NULL);
	/* Replace. */
	assert_int_equal(put_one(st, DB_RECORDS, "a", "one", 0, &err), AMP_OK);
	assert_get(st, DB_RECORDS, "a", "one");
	assert_int_equal(store_write(st, del_txn, &d, &err), AMP_OK);
	assert_get(st, DB_RECORDS, "a", NULL);
	assert_get(st, DB_RECORDS, "b", "2");
	/* Deleting what is not there says so. */
	assert_int_equal(store_write(st, del_txn, &d, &err), AMP_ENOTFOUND);
	store_close(st);
	remove_store(dir);
}

static void
test_nooverwrite_conflict(void **state)
{
	struct store	*st;
	struct amp_err	 err = { 0, "" };
	char		*dir;

	(void)state;
	dir = new_store(&st);
	assert_int_equal(put_one(st, DB_ACCOUNTS, "ana", "first",
	    STORE_NOOVERWRITE, &err), AMP_OK);
	err_clear(&err);
	assert_int_equal(put_one(st, DB_ACCOUNTS, "ana", "second",
	    STORE_NOOVERWRITE, &err), AMP_ECONFLICT);
	assert_int_equal(err.code, AMP_ECONFLICT);
	assert_contains(err.msg, "already exists");
	assert_get(st, DB_ACCOUNTS, "ana", "first");
	/* In a database of duplicates it is the pair that must be new. */
	assert_int_equal(put_one(st, DB_INDEX, "term", "id1",
	    STORE_NOOVERWRITE, &err), AMP_OK);
	assert_int_equal(put_one(st, DB_INDEX, "term", "id2",
	    STORE_NOOVERWRITE, &err), AMP_OK);
	assert_int_equal(put_one(st, DB_INDEX, "term", "id1",
	    STORE_NOOVERWRITE, &err), AMP_ECONFLICT);
	store_close(st);
	remove_store(dir);
}

static void
test_failed_write_leaves_nothing(void **state)
{
	static const struct kv	 v[] = {
		{ DB_RECORDS, "x", 1, "1", 1, 0 },
		{ DB_HISTORY, "y", 1, "2", 1, 0 },
		{ DB_ACCOUNTS, "ana", 3, "z", 1, STORE_NOOVERWRITE },
	};
	struct store		*st;
	struct amp_err		 err = { 0, "" };
	struct put_ctx		 c = { v, 2, AMP_EINVAL, &err };
	char			*dir;

	(void)state;
	dir = new_store(&st);
	assert_int_equal(store_write(st, put_txn, &c, &err), AMP_EINVAL);
	assert_get(st, DB_RECORDS, "x", NULL);
	assert_get(st, DB_HISTORY, "y", NULL);
	/* A put that fails part way drops the earlier ones too. */
	assert_int_equal(put_one(st, DB_ACCOUNTS, "ana", "old", 0, &err),
	    AMP_OK);
	c.n = 3;
	c.then = AMP_OK;
	assert_int_equal(store_write(st, put_txn, &c, &err), AMP_ECONFLICT);
	assert_get(st, DB_RECORDS, "x", NULL);
	assert_get(st, DB_HISTORY, "y", NULL);
	assert_get(st, DB_ACCOUNTS, "ana", "old");
	store_close(st);
	remove_store(dir);
}

static void
test_read_is_a_snapshot(void **state)
{
	struct store	*st;
	struct stxn	*t;
	struct sval	 v;
	struct amp_err	 err = { 0, "" };
	char		*dir;

	(void)state;
	dir = new_store(&st);
	assert_int_equal(put_one(st, DB_RECORDS, "k", "old", 0, &err), AMP_OK);
	assert_int_equal(store_read(st, &t, &err), AMP_OK);
	assert_int_equal(put_one(st, DB_RECORDS, "k", "new", 0, &err), AMP_OK);
	assert_int_equal(put_one(st, DB_RECORDS, "k2", "x", 0, &err), AMP_OK);
	assert_int_equal(stxn_get(t, DB_RECORDS, "k", 1, &v, &err), AMP_OK);
	assert_int_equal(v.n, 3);
	assert_memory_equal(v.p, "old", 3);
	assert_int_equal(stxn_get(t, DB_RECORDS, "k2", 2, &v, &err),
	    AMP_ENOTFOUND);
	stxn_end(t);
	assert_get(st, DB_RECORDS, "k", "new");
	stxn_end(NULL);
	store_close(st);
	remove_store(dir);
}

struct id_ctx {
	const char	*name;
	uint64_t	 got[3];
	size_t		 n;
	int		 then;
	struct amp_err	*err;
};

static int
id_txn(struct stxn *t, void *arg)
{
	struct id_ctx	*c = arg;
	size_t		 i;
	int		 rc;

	for (i = 0; i < c->n; i++) {
		if ((rc = stxn_next_id(t, c->name, &c->got[i], c->err)) !=
		    AMP_OK)
			return (rc);
	}
	return (c->then);
}

static void
test_next_id(void **state)
{
	struct store	*st;
	struct amp_err	 err = { 0, "" };
	struct id_ctx	 c = { "case", { 0 }, 1, AMP_OK, &err };
	char		*dir;

	(void)state;
	dir = new_store(&st);
	assert_int_equal(store_write(st, id_txn, &c, &err), AMP_OK);
	assert_int_equal(c.got[0], 1);
	assert_int_equal(store_write(st, id_txn, &c, &err), AMP_OK);
	assert_int_equal(c.got[0], 2);
	/* Several in one transaction. */
	c.n = 3;
	assert_int_equal(store_write(st, id_txn, &c, &err), AMP_OK);
	assert_int_equal(c.got[0], 3);
	assert_int_equal(c.got[1], 4);
	assert_int_equal(c.got[2], 5);
	/* Counters are separate. */
	c.name = "other";
	c.n = 1;
	assert_int_equal(store_write(st, id_txn, &c, &err), AMP_OK);
	assert_int_equal(c.got[0], 1);
	/* A dropped transaction takes no number. */
	c.name = "case";
	c.then = AMP_EINVAL;
	assert_int_equal(store_write(st, id_txn, &c, &err), AMP_EINVAL);
	c.then = AMP_OK;
	store_close(st);
	/* And they survive reopening. */
	assert_int_equal(store_open(dir, &st, &err), AMP_OK);
	assert_int_equal(store_write(st, id_txn, &c, &err), AMP_OK);
	assert_int_equal(c.got[0], 6);
	store_close(st);
	remove_store(dir);
}

static void
assert_sval(const struct sval *v, const char *want)
{
	if (v->n != strlen(want) || memcmp(v->p, want, v->n) != 0)
		fail_msg("cursor at \"%.*s\", want \"%s\"", (int)v->n,
		    (const char *)v->p, want);
}

static void
test_cursor_walk(void **state)
{
	static const struct kv	 v[] = {
		{ DB_RECORDS, "c", 1, "3", 1, 0 },
		{ DB_RECORDS, "a", 1, "1", 1, 0 },
		{ DB_RECORDS, "d", 1, "4", 1, 0 },
		{ DB_RECORDS, "b", 1, "2", 1, 0 },
	};
	struct store		*st;
	struct stxn		*t;
	struct scur		*c;
	struct sval		 k, val;
	struct amp_err		 err = { 0, "" };
	struct put_ctx		 pc = { v, nitems(v), AMP_OK, &err };
	char			*dir;

	(void)state;
	dir = new_store(&st);
	assert_int_equal(store_write(st, put_txn, &pc, &err), AMP_OK);
	assert_int_equal(store_read(st, &t, &err), AMP_OK);
	assert_int_equal(scur_open(t, DB_RECORDS, &c, &err), AMP_OK);
	assert_int_equal(scur_get(c, SC_FIRST, &k, &val, &err), AMP_OK);
	assert_sval(&k, "a");
	assert_sval(&val, "1");
	assert_int_equal(scur_get(c, SC_NEXT, &k, &val, &err), AMP_OK);
	assert_sval(&k, "b");
	assert_int_equal(scur_get(c, SC_NEXT, &k, &val, &err), AMP_OK);
	assert_sval(&k, "c");
	assert_int_equal(scur_get(c, SC_NEXT, &k, &val, &err), AMP_OK);
	assert_sval(&k, "d");
	assert_sval(&val, "4");
	assert_int_equal(scur_get(c, SC_NEXT, &k, &val, &err), AMP_ENOTFOUND);
	assert_int_equal(scur_get(c, SC_LAST, &k, &val, &err), AMP_OK);
	assert_sval(&k, "d");
	assert_int_equal(scur_get(c, SC_PREV, &k, &val, &err), AMP_OK);
	assert_sval(&k, "c");
	k.p = "bb";
	k.n = 2;
	assert_int_equal(scur_get(c, SC_SET_RANGE, &k, &val, &err), AMP_OK);
	assert_sval(&k, "c");
	assert_sval(&val, "3");
	k.p = "b";
	k.n = 1;
	assert_int_equal(scur_get(c, SC_SET_RANGE, &k, &val, &err), AMP_OK);
	assert_sval(&k, "b");
	k.p = "e";
	k.n = 1;
	assert_int_equal(scur_get(c, SC_SET_RANGE, &k, &val, &err),
	    AMP_ENOTFOUND);
	k.p = "c";
	k.n = 1;
	assert_int_equal(scur_get(c, SC_SET, &k, &val, &err), AMP_OK);
	assert_sval(&val, "3");
	k.p = "cc";
	k.n = 2;
	assert_int_equal(scur_get(c, SC_SET, &k, &val, &err), AMP_ENOTFOUND);
	scur_close(c);
	scur_close(NULL);
	stxn_end(t);
	store_close(st);
	remove_store(dir);
}

static void
id8(unsigned char *b, uint64_t v)
{
	be64_put(b, v);
}

static void
test_cursor_duplicates(void **state)
{
	unsigned char	 i1[8], i3[8], i5[8], i7[8], want[8];
	struct kv	 v[5];
	struct store	*st;
	struct stxn	*t;
	struct scur	*c;
	struct sval	 k, val;
	struct amp_err	 err = { 0, "" };
	struct put_ctx	 pc = { v, nitems(v), AMP_OK, &err };
	size_t		 n;
	char		*dir;

	(void)state;
	id8(i1, 1);
	id8(i3, 3);
	id8(i5, 5);
	id8(i7, 7);
	/* Term "t1" holds ids 5, 1, 3 (written out of order); "t2" holds 7. */
	v[0] = (struct kv){ DB_INDEX, "t1", 2, i5, 8, 0 };
	v[1] = (struct kv){ DB_INDEX, "t1", 2, i1, 8, 0 };
	v[2] = (struct kv){ DB_INDEX, "t1", 2, i3, 8, 0 };
	v[3] = (struct kv){ DB_INDEX, "t2", 2, i7, 8, 0 };
	v[4] = (struct kv){ DB_INDEX, "t1", 2, i3, 8, 0 };	/* again: one */
	dir = new_store(&st);
	assert_int_equal(store_write(st, put_txn, &pc, &err), AMP_OK);
	assert_int_equal(store_read(st, &t, &err), AMP_OK);
	assert_int_equal(scur_open(t, DB_INDEX, &c, &err), AMP_OK);
	k.p = "t1";
	k.n = 2;
	assert_int_equal(scur_get(c, SC_SET, &k, &val, &err), AMP_OK);
	assert_int_equal(val.n, 8);
	assert_int_equal(be64_get(val.p), 1);
	assert_int_equal(scur_count(c, &n, &err), AMP_OK);
	assert_int_equal(n, 3);
	assert_int_equal(scur_get(c, SC_NEXT_DUP, &k, &val, &err), AMP_OK);
	assert_int_equal(be64_get(val.p), 3);
	assert_int_equal(scur_get(c, SC_NEXT_DUP, &k, &val, &err), AMP_OK);
	assert_int_equal(be64_get(val.p), 5);
	assert_int_equal(scur_get(c, SC_NEXT_DUP, &k, &val, &err),
	    AMP_ENOTFOUND);
	assert_int_equal(scur_get(c, SC_FIRST_DUP, &k, &val, &err), AMP_OK);
	assert_int_equal(be64_get(val.p), 1);
	/* The first id at or after 2 under t1 is 3; after 5 there is none. */
	id8(want, 2);
	k.p = "t1";
	k.n = 2;
	val.p = want;
	val.n = 8;
	assert_int_equal(scur_get(c, SC_GET_BOTH_RANGE, &k, &val, &err),
	    AMP_OK);
	assert_int_equal(be64_get(val.p), 3);
	id8(want, 5);
	val.p = want;
	val.n = 8;
	assert_int_equal(scur_get(c, SC_GET_BOTH_RANGE, &k, &val, &err),
	    AMP_OK);
	assert_int_equal(be64_get(val.p), 5);
	id8(want, 6);
	val.p = want;
	val.n = 8;
	assert_int_equal(scur_get(c, SC_GET_BOTH_RANGE, &k, &val, &err),
	    AMP_ENOTFOUND);
	/* The next term. */
	k.p = "t1";
	k.n = 2;
	assert_int_equal(scur_get(c, SC_SET, &k, &val, &err), AMP_OK);
	assert_int_equal(scur_get(c, SC_NEXT_NODUP, &k, &val, &err), AMP_OK);
	assert_sval(&k, "t2");
	assert_int_equal(be64_get(val.p), 7);
	assert_int_equal(scur_count(c, &n, &err), AMP_OK);
	assert_int_equal(n, 1);
	k.p = "t3";
	k.n = 2;
	assert_int_equal(scur_get(c, SC_SET, &k, &val, &err), AMP_ENOTFOUND);
	scur_close(c);
	stxn_end(t);
	store_close(st);
	remove_store(dir);
}

/* Value i: its number, then a pattern that depends on it. */
static void
big_value(unsigned char *b, size_t i)
{
	size_t	j;

	be64_put(b, i);
	for (j = 8; j < BIG_VALUE; j++)
		b[j] = (unsigned char)((i * 31 + j * 7) >> 3);
}

struct big_ctx {
	size_t		 from, to;
	unsigned char	*buf;
	size_t		 runs;
	struct amp_err	*err;
};

static int
big_txn(struct stxn *t, void *arg)
{
	struct big_ctx	*c = arg;
	unsigned char	 key[8];
	size_t		 i;
	int		 rc;

	c->runs++;
	for (i = c->from; i < c->to; i++) {
		be64_put(key, i);
		big_value(c->buf, i);
		if ((rc = stxn_put(t, DB_RECORDS, key, sizeof key, c->buf,
		    BIG_VALUE, 0, c->err)) != AMP_OK)
			return (rc);
	}
	return (AMP_OK);
}

static void
check_big_values(struct store *st, size_t n)
{
	struct stxn	*t;
	struct sval	 v;
	struct amp_err	 err = { 0, "" };
	unsigned char	 key[8], *want;
	size_t		 i;

	want = xmalloc(BIG_VALUE);
	assert_int_equal(store_read(st, &t, &err), AMP_OK);
	for (i = 0; i < n; i++) {
		be64_put(key, i);
		if (stxn_get(t, DB_RECORDS, key, sizeof key, &v, &err) !=
		    AMP_OK)
			fail_msg("value %zu of %zu is missing", i, n);
		big_value(want, i);
		if (v.n != BIG_VALUE || memcmp(v.p, want, BIG_VALUE) != 0)
			fail_msg("value %zu of %zu differs", i, n);
	}
	stxn_end(t);
	free(want);
}

static void
test_map_grows_over_many_writes(void **state)
{
	struct store	*st;
	struct amp_err	 err = { 0, "" };
	struct big_ctx	 c = { 0, 0, NULL, 0, &err };
	size_t		 rec, map;
	char		*dir;

	(void)state;
	dir = new_store(&st);
	c.buf = xmalloc(BIG_VALUE);
	for (c.from = 0; c.from < BIG_COUNT; c.from = c.to) {
		c.to = c.from + 25 < BIG_COUNT ? c.from + 25 : BIG_COUNT;
		if (store_write(st, big_txn, &c, &err) != AMP_OK)
			fail_msg("writing values %zu to %zu: %s", c.from,
			    c.to, err.msg);
	}
	store_stats(st, &rec, &map);
	assert_int_equal(rec, BIG_COUNT);
	assert_true(map > ((size_t)64 << 20));
	check_big_values(st, BIG_COUNT);
	store_close(st);
	assert_int_equal(store_open(dir, &st, &err), AMP_OK);
	check_big_values(st, BIG_COUNT);
	/* And it goes on growing after reopening. */
	c.from = BIG_COUNT;
	c.to = BIG_COUNT + 200;
	assert_int_equal(store_write(st, big_txn, &c, &err), AMP_OK);
	check_big_values(st, BIG_COUNT + 200);
	free(c.buf);
	store_close(st);
	remove_store(dir);
}

static void
test_map_grows_in_one_transaction(void **state)
{
	struct store	*st;
	struct amp_err	 err = { 0, "" };
	struct big_ctx	 c = { 0, BIG_COUNT, NULL, 0, &err };
	char		*dir;

	(void)state;
	dir = new_store(&st);
	c.buf = xmalloc(BIG_VALUE);
	if (store_write(st, big_txn, &c, &err) != AMP_OK)
		fail_msg("writing %d values at once: %s", BIG_COUNT, err.msg);
	assert_true(c.runs > 1);	/* it ran again after growing */
	check_big_values(st, BIG_COUNT);
	store_close(st);
	assert_int_equal(store_open(dir, &st, &err), AMP_OK);
	check_big_values(st, BIG_COUNT);
	free(c.buf);
	store_close(st);
	remove_store(dir);
}

/*
 * Another process grows the map under an open store: reads and writes carry on.
 */
static void
test_map_grown_by_another_process(void **state)
{
	struct store	*st, *cst;
	struct amp_err	 err = { 0, "" };
	struct big_ctx	 c = { 0, 0, NULL, 0, &err };
	pid_t		 pid;
	int		 status;
	char		*dir;

	(void)state;
	dir = new_store(&st);
	assert_int_equal(put_one(st, DB_HISTORY, "before", "1", 0, &err),
	    AMP_OK);
	fflush(NULL);
	if ((pid = fork()) == -1)
		fail_msg("fork: %s", strerror(errno));
	if (pid == 0) {
		unit_child_signals();
		if (store_open(dir, &cst, &err) != AMP_OK)
			_exit(2);
		c.buf = xmalloc(BIG_VALUE);
		for (c.from = 0; c.from < BIG_COUNT; c.from = c.to) {
			c.to = c.from + 100 < BIG_COUNT ? c.from + 100 :
			    BIG_COUNT;
			if (store_write(cst, big_txn, &c, &err) != AMP_OK)
				_exit(3);
		}
		store_close(cst);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	check_big_values(st, BIG_COUNT);
	assert_get(st, DB_HISTORY, "before", "1");
	assert_int_equal(put_one(st, DB_HISTORY, "after", "2", 0, &err),
	    AMP_OK);
	assert_get(st, DB_HISTORY, "after", "2");
	store_close(st);
	remove_store(dir);
}

static void
check_private(const char *path)
{
	struct stat	sb;

	if (stat(path, &sb) != 0)
		fail_msg("stat %s: %s", path, strerror(errno));
	if ((sb.st_mode & 007) != 0)
		fail_msg("%s has mode %04o: others may use it", path,
		    (unsigned)(sb.st_mode & 07777));
}

static void
check_store_files(const char *dir)
{
	char	*p;

	check_private(dir);
	p = xsprintf("%s/data.mdb", dir);
	check_private(p);
	free(p);
	p = xsprintf("%s/lock.mdb", dir);
	check_private(p);
	free(p);
}

static void
test_files_not_world_readable(void **state)
{
	struct amp_err	 err = { 0, "" };
	struct store	*st;
	mode_t		 old;
	char		*tmp, *dir;

	(void)state;
	old = umask(007);
	dir = new_store(&st);
	store_close(st);
	check_store_files(dir);
	remove_store(dir);

	/* Not even with a permissive umask. */
	umask(0);
	dir = new_store(&st);
	store_close(st);
	check_store_files(dir);
	remove_store(dir);

	/* Nor the directories store_init makes on the way. */
	tmp = unit_tmpdir();
	dir = xsprintf("%s/a/b/store", tmp);
	assert_int_equal(store_init(dir, "admin", "admin", UNIT_PASSWORD,
	    strlen(UNIT_PASSWORD), KDF_MIN, &err), AMP_OK);
	umask(old);
	check_store_files(dir);
	free(dir);
	dir = xsprintf("%s/a", tmp);
	check_private(dir);
	free(dir);
	dir = xsprintf("%s/a/b", tmp);
	check_private(dir);
	free(dir);
	unit_rmtree(tmp);
	free(tmp);
}

static void
test_append(void **state)
{
	struct store	*st;
	struct amp_err	 err = { 0, "" };
	char		*dir;

	(void)state;
	dir = new_store(&st);
	assert_int_equal(put_one(st, DB_HISTORY, "a", "1", STORE_APPEND, &err),
	    AMP_OK);
	assert_int_equal(put_one(st, DB_HISTORY, "b", "2", STORE_APPEND, &err),
	    AMP_OK);
	/* Out of order is refused, not written somewhere odd. */
	assert_int_not_equal(put_one(st, DB_HISTORY, "0", "3", STORE_APPEND,
	    &err), AMP_OK);
	assert_get(st, DB_HISTORY, "0", NULL);
	assert_get(st, DB_HISTORY, "a", "1");
	assert_get(st, DB_HISTORY, "b", "2");
	store_close(st);
	remove_store(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_then_open),
		cmocka_unit_test(test_db_names),
		cmocka_unit_test(test_create_refuses_existing_store),
		cmocka_unit_test(test_create_on_regular_file),
		cmocka_unit_test(test_open_missing_dir),
		cmocka_unit_test(test_open_regular_file),
		cmocka_unit_test(test_open_empty_dir),
		cmocka_unit_test(test_open_garbage),
		cmocka_unit_test(test_open_empty_data_file),
		cmocka_unit_test(test_open_foreign_lmdb),
		cmocka_unit_test(test_open_refuses_other_format),
		cmocka_unit_test(test_open_refuses_missing_format),
		cmocka_unit_test(test_put_get_del),
		cmocka_unit_test(test_nooverwrite_conflict),
		cmocka_unit_test(test_failed_write_leaves_nothing),
		cmocka_unit_test(test_read_is_a_snapshot),
		cmocka_unit_test(test_next_id),
		cmocka_unit_test(test_cursor_walk),
		cmocka_unit_test(test_cursor_duplicates),
		cmocka_unit_test(test_map_grows_over_many_writes),
		cmocka_unit_test(test_map_grows_in_one_transaction),
		cmocka_unit_test(test_map_grown_by_another_process),
		cmocka_unit_test(test_files_not_world_readable),
		cmocka_unit_test(test_append),
	};

	unit_crypto_setup();
	umask(007);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
