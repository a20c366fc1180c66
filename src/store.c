/* store.c: the LMDB environment: opening, named databases, short transactions, map growth. */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lmdb.h>

#include "amparo.h"

#define STORE_MAP_INITIAL	((size_t)64 << 20)
#define STORE_MAX_READERS	1022	/* one per console session, and more */
#define STORE_MAX_DBS		32
#define STORE_MIN_SIZE		8192	/* LMDB's two meta pages */

struct store {
	MDB_env		*env;
	MDB_dbi		 dbi[DB__COUNT];
	char		*dir;
};

struct stxn {
	struct store	*st;
	MDB_txn		*txn;
	int		 write;
	int		(*hook)(struct stxn *, void *, struct amp_err *);
	void		(*hook_free)(void *);
	void		*hook_arg;
};

struct scur {
	MDB_cursor	*c;
};

static const struct store_db_info {
	const char	*name;
	unsigned	 flags;
	uint64_t	 since;		/* the store format that added it */
} store_dbs[DB__COUNT] = {
	[DB_META] =	{ "meta", 0, 1 },
	[DB_ACCOUNTS] =	{ "accounts", 0, 1 },
	[DB_RECORDS] =	{ "records", 0, 1 },
	[DB_HISTORY] =	{ "history", 0, 1 },
	[DB_INDEX] =	{ "index", MDB_DUPSORT | MDB_DUPFIXED, 1 },
	[DB_DRAFTS] =	{ "drafts", 0, 1 },
	[DB_AUDIT] =	{ "audit", 0, 2 },
	[DB_COUNTERS] =	{ "counters", 0, 3 },
};

const char *
store_db_name(enum store_db db)
{
	return (store_dbs[db].name);
}

const char *
store_dir(const struct store *st)
{
	return (st->dir);
}

/* An LMDB failure as an error: disk full and I/O errors named plainly. */
static int
store_fail(struct amp_err *err, const char *what, int rc)
{
	if (rc == ENOSPC)
		return (err_set(err, AMP_ESTORE, _("%s: the disk is full"),
		    what));
	if (rc == MDB_MAP_FULL)
		return (err_set(err, AMP_ERETRY, "%s: %s", what,
		    mdb_strerror(rc)));
	return (err_set(err, AMP_ESTORE, "%s: %s", what, mdb_strerror(rc)));
}

static int
store_env_new(const char *dir, unsigned flags, struct store **out,
    struct amp_err *err)
{
	struct store	*st;
	int		 rc;

	st = xcalloc(1, sizeof *st);
	st->dir = xstrdup(dir);
	if ((rc = mdb_env_create(&st->env)) != 0 ||
	    (rc = mdb_env_set_maxdbs(st->env, STORE_MAX_DBS)) != 0 ||
	    (rc = mdb_env_set_maxreaders(st->env, STORE_MAX_READERS)) != 0 ||
	    (rc = mdb_env_set_mapsize(st->env, STORE_MAP_INITIAL)) != 0) {
		store_fail(err, _("setting up the store failed"), rc);
		goto fail;
	}
	rc = mdb_env_open(st->env, dir, flags | MDB_NOTLS, 0660);
	if (rc == MDB_INVALID || rc == MDB_VERSION_MISMATCH) {
		err_set(err, AMP_ESTORE,
		    _("opening the store %s failed: it is not an Amparo store, or it is damaged"),
		    dir);
		goto fail;
	}
	if (rc != 0) {
		err_set(err, AMP_ESTORE, _("opening the store %s failed: %s"),
		    dir, rc == ENOSPC ? _("the disk is full") : mdb_strerror(rc));
		goto fail;
	}
	*out = st;
	return (AMP_OK);
fail:
	mdb_env_close(st->env);
	free(st->dir);
	free(st);
	return (err->code);
}

/*
 * Open the named databases of a store of format fmt, creating those that
 * later formats added (all of them for fmt 0, a new store).
 */
static int
store_open_dbs(struct store *st, MDB_txn *txn, uint64_t fmt,
    struct amp_err *err)
{
	int	rc;
	size_t	i;

	for (i = 0; i < DB__COUNT; i++) {
		rc = mdb_dbi_open(txn, store_dbs[i].name, store_dbs[i].flags |
		    (store_dbs[i].since > fmt ? MDB_CREATE : 0), &st->dbi[i]);
		if (rc == MDB_NOTFOUND)
			return (err_set(err, AMP_ESTORE,
			    _("opening the store %s failed: it is not an Amparo store (no %s database)"),
			    st->dir, store_dbs[i].name));
		if (rc != 0)
			return (store_fail(err, _("opening the store failed"),
			    rc));
	}
	return (AMP_OK);
}

static int
meta_put(struct store *st, MDB_txn *txn, const char *key, const void *val,
    size_t n)
{
	MDB_val	k, v;

	k.mv_data = (void *)(uintptr_t)key;
	k.mv_size = strlen(key);
	v.mv_data = (void *)(uintptr_t)val;
	v.mv_size = n;
	return (mdb_put(txn, st->dbi[DB_META], &k, &v, 0));
}

/* Create a new, empty store in dir (made if missing; it must hold no store). */
int
store_create(const char *dir, struct store **out, struct amp_err *err)
{
	struct store	*st;
	struct stat	 sb;
	MDB_txn		*txn;
	unsigned char	 id[16], fmt[8], when[8];
	char		*path;
	int		 rc, exists;

	if (mkdir(dir, 0770) != 0 && errno != EEXIST)
		return (err_set(err, AMP_ESTORE,
		    _("creating the store directory %s failed: %s"), dir,
		    strerror(errno)));
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return (err_set(err, AMP_ESTORE,
		    _("creating the store failed: %s is not a directory"), dir));
	/* A directory made before, for the store: its owner's and group's. */
	if ((sb.st_mode & S_IRWXO) != 0 &&
	    chmod(dir, sb.st_mode & 07770 & ~(mode_t)S_ISVTX) != 0)
		return (err_set(err, AMP_ESTORE,
		    _("creating the store failed: %s: %s"), dir,
		    strerror(errno)));
	path = xsprintf("%s/data.mdb", dir);
	exists = access(path, F_OK) == 0;
	free(path);
	if (exists)
		return (err_set(err, AMP_ESTORE,
		    _("creating the store failed: %s already holds a store"),
		    dir));
	if (store_env_new(dir, 0, &st, err) != AMP_OK)
		return (err->code);
	if ((rc = mdb_txn_begin(st->env, NULL, 0, &txn)) != 0) {
		store_fail(err, _("creating the store failed"), rc);
		goto fail;
	}
	if (store_open_dbs(st, txn, 0, err) != AMP_OK) {
		mdb_txn_abort(txn);
		goto fail;
	}
	be64_put(fmt, STORE_FORMAT);
	be64_put(when, (uint64_t)time_now());
	random_fill(id, sizeof id);
	if ((rc = meta_put(st, txn, "format", fmt, sizeof fmt)) != 0 ||
	    (rc = meta_put(st, txn, "store-id", id, sizeof id)) != 0 ||
	    (rc = meta_put(st, txn, "created", when, sizeof when)) != 0) {
		mdb_txn_abort(txn);
		store_fail(err, _("creating the store failed"), rc);
		goto fail;
	}
	if ((rc = mdb_txn_commit(txn)) != 0) {
		store_fail(err, _("creating the store failed"), rc);
		goto fail;
	}
	*out = st;
	return (AMP_OK);
fail:
	store_close(st);
	return (err->code);
}

/*
 * The id of the last write transaction committed to the store by any
 * process: reading it costs no transaction, so a screen can poll it to
 * notice other officials' saves.
 */
int
store_last_txn(struct store *st, uint64_t *id, struct amp_err *err)
{
	MDB_envinfo	info;
	int		rc;

	if ((rc = mdb_env_info(st->env, &info)) != 0)
		return (err_set(err, AMP_ESTORE,
		    _("reading the store's last save failed: %s"),
		    mdb_strerror(rc)));
	*id = (uint64_t)info.me_last_txnid;
	return (AMP_OK);
}

/*
 * How many record versions the store holds, current and in history: it
 * grows with every save and every step, and not with writes that change no
 * record (audit entries, drafts, logins), so a screen can tell others'
 * saves from the rest. Costs a read transaction and no record read.
 */
int
store_versions(struct store *st, uint64_t *n, struct amp_err *err)
{
	struct stxn	*t;
	MDB_stat	 a, b;
	int		 rc;

	if ((rc = store_read(st, &t, err)) != AMP_OK)
		return (rc);
	if ((rc = mdb_stat(t->txn, st->dbi[DB_RECORDS], &a)) != 0 ||
	    (rc = mdb_stat(t->txn, st->dbi[DB_HISTORY], &b)) != 0) {
		stxn_end(t);
		return (store_fail(err, _("reading the store failed"), rc));
	}
	stxn_end(t);
	*n = (uint64_t)a.ms_entries + (uint64_t)b.ms_entries;
	return (AMP_OK);
}

/*
 * Whether the data file is shorter than the pages its last commit uses: a
 * truncated copy would make LMDB read past the end of the file (SIGBUS).
 */
static int
store_truncated(struct store *st, uint64_t size)
{
	MDB_envinfo	info;
	MDB_stat	ms;

	if (mdb_env_info(st->env, &info) != 0 ||
	    mdb_env_stat(st->env, &ms) != 0)
		return (1);
	return (((uint64_t)info.me_last_pgno + 1) * ms.ms_psize > size);
}

/*
 * The store's format, from meta (whose handle this opens): AMP_ESTORE if
 * there is no meta database or no format in it.
 */
static int
store_format(struct store *st, MDB_txn *txn, uint64_t *fmt,
    struct amp_err *err)
{
	MDB_val	k, v;
	int	rc;

	rc = mdb_dbi_open(txn, store_dbs[DB_META].name, 0, &st->dbi[DB_META]);
	if (rc == MDB_NOTFOUND)
		return (err_set(err, AMP_ESTORE,
		    _("opening the store %s failed: it is not an Amparo store (no %s database)"),
		    st->dir, store_dbs[DB_META].name));
	if (rc != 0)
		return (store_fail(err, _("opening the store failed"), rc));
	k.mv_data = (void *)(uintptr_t)"format";
	k.mv_size = 6;
	rc = mdb_get(txn, st->dbi[DB_META], &k, &v);
	if (rc != 0 || v.mv_size != 8)
		return (err_set(err, AMP_ESTORE,
		    _("opening the store %s failed: it is not an Amparo store (no format version)"),
		    st->dir));
	*fmt = be64_get(v.mv_data);
	return (AMP_OK);
}

/*
 * Bring a store of an older format to this one in place, in one write
 * transaction: add the databases later formats added, then the new format
 * number. Nothing stored is changed. Another process may have done it
 * meanwhile: the format is read again inside the transaction.
 */
static int
upgrade_txn(struct stxn *t, void *arg)
{
	struct amp_err	*err = arg;
	unsigned char	 buf[8];
	uint64_t	 fmt;
	int		 rc;

	if ((rc = store_format(t->st, t->txn, &fmt, err)) != AMP_OK ||
	    (rc = store_open_dbs(t->st, t->txn, fmt, err)) != AMP_OK)
		return (rc);
	if (fmt >= STORE_FORMAT)
		return (AMP_OK);
	be64_put(buf, STORE_FORMAT);
	if ((rc = meta_put(t->st, t->txn, "format", buf, sizeof buf)) != 0)
		return (store_fail(err, _("upgrading the store failed"), rc));
	log_debug("%s: %s: format %llu to %d", __func__, t->st->dir,
	    (unsigned long long)fmt, STORE_FORMAT);
	return (AMP_OK);
}

/*
 * A store's directory and files are its owner's and group's only: one that
 * every user of the machine may read or write is refused, with the command
 * that mends it.
 */
static int
store_private(const char *path, const struct stat *sb, struct amp_err *err)
{
	if ((sb->st_mode & (S_IRWXO)) == 0)
		return (AMP_OK);
	return (err_set(err, AMP_ESTORE,
	    _("opening the store failed: %s can be read or changed by every user of this machine (mode %04o); make it private with \"chmod -R o-rwx %s\""),
	    path, (unsigned)(sb->st_mode & 07777), path));
}

static int
store_files_private(const char *dir, struct amp_err *err)
{
	static const char *const files[] = { "", "/data.mdb", "/lock.mdb" };
	struct stat	 sb;
	char		*path;
	size_t		 i;
	int		 rc = AMP_OK;

	for (i = 0; i < nitems(files) && rc == AMP_OK; i++) {
		path = xsprintf("%s%s", dir, files[i]);
		if (stat(path, &sb) == 0)
			rc = store_private(path, &sb, err);
		free(path);
	}
	return (rc);
}

/*
 * Open an existing store: check it is one, and of a format this program
 * reads; one of an older format is upgraded in place.
 */
/*
 * Open a store: for writing, upgrading an older format in place; or with
 * ro set, only for reading (as an auditor verifies a copy), refusing an
 * older format rather than changing it.
 */
static int
store_open_as(const char *dir, int ro, struct store **out,
    struct amp_err *err)
{
	struct store	*st;
	struct stat	 sb;
	MDB_txn		*txn;
	uint64_t	 fmt;
	char		*path;
	int		 rc, dead;

	if (stat(dir, &sb) != 0)
		return (err_set(err, AMP_ESTORE,
		    _("opening the store %s failed: %s (create one with \"amparo init\")"),
		    dir, strerror(errno)));
	if (!S_ISDIR(sb.st_mode))
		return (err_set(err, AMP_ESTORE,
		    _("opening the store %s failed: not a directory"), dir));
	path = xsprintf("%s/data.mdb", dir);
	rc = stat(path, &sb);
	free(path);
	if (rc != 0)
		return (err_set(err, AMP_ESTORE,
		    _("opening the store %s failed: it is not an Amparo store (no data.mdb)"),
		    dir));
	/* LMDB would write a new environment into an empty file. */
	if (sb.st_size < STORE_MIN_SIZE)
		return (err_set(err, AMP_ESTORE,
		    _("opening the store %s failed: it is not an Amparo store (data.mdb is empty or too short)"),
		    dir));
	if (store_env_new(dir, ro ? MDB_RDONLY : 0, &st, err) != AMP_OK)
		return (err->code);
	if (store_truncated(st, (uint64_t)sb.st_size)) {
		err_set(err, AMP_ESTORE,
		    _("opening the store %s failed: data.mdb is damaged: it is shorter than its pages say (truncated?)"),
		    dir);
		goto fail;
	}
	if ((rc = mdb_reader_check(st->env, &dead)) != 0)
		log_debug("%s: mdb_reader_check: %s", __func__, mdb_strerror(rc));
	else if (dead > 0)
		log_debug("%s: cleared %d stale reader slots", __func__, dead);
	if ((rc = mdb_txn_begin(st->env, NULL, MDB_RDONLY, &txn)) != 0) {
		store_fail(err, _("opening the store failed"), rc);
		goto fail;
	}
	if (store_format(st, txn, &fmt, err) != AMP_OK ||
	    (fmt == STORE_FORMAT && store_open_dbs(st, txn, fmt, err) !=
	    AMP_OK)) {
		mdb_txn_abort(txn);
		goto fail;
	}
	if ((rc = mdb_txn_commit(txn)) != 0) {
		store_fail(err, _("opening the store failed"), rc);
		goto fail;
	}
	if (fmt == 0 || fmt > STORE_FORMAT) {
		err_set(err, AMP_ESTORE,
		    _("opening the store %s failed: its format is version %llu, this program reads version %d"),
		    dir, (unsigned long long)fmt, STORE_FORMAT);
		goto fail;
	}
	if (store_files_private(dir, err) != AMP_OK)
		goto fail;
	if (fmt < STORE_FORMAT && ro) {
		err_set(err, AMP_ESTORE,
		    _("opening the store %s failed: its format is version %llu, older than this program's %d, and it is opened only for reading; open it once with amparo to upgrade it"),
		    dir, (unsigned long long)fmt, STORE_FORMAT);
		goto fail;
	}
	if (fmt < STORE_FORMAT && store_write(st, upgrade_txn, err, err) !=
	    AMP_OK)
		goto fail;
	*out = st;
	return (AMP_OK);
fail:
	store_close(st);
	return (err->code);
}

int
store_open(const char *dir, struct store **out, struct amp_err *err)
{
	return (store_open_as(dir, 0, out, err));
}

/* For reading only: nothing in the store is changed, not even its format. */
int
store_open_readonly(const char *dir, struct store **out, struct amp_err *err)
{
	return (store_open_as(dir, 1, out, err));
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	mdb_env_close(st->env);
	free(st->dir);
	free(st);
}

/*
 * A read transaction. Callers keep it only for the work at hand, never while
 * waiting for a key: an open reader pins old pages and the file grows.
 */
int
store_read(struct store *st, struct stxn **out, struct amp_err *err)
{
	struct stxn	*t;
	int		 rc;

	t = xcalloc(1, sizeof *t);
	t->st = st;
	for (;;) {
		rc = mdb_txn_begin(st->env, NULL, MDB_RDONLY, &t->txn);
		if (rc != MDB_MAP_RESIZED)
			break;
		if ((rc = mdb_env_set_mapsize(st->env, 0)) != 0)
			break;
	}
	if (rc != 0) {
		free(t);
		return (store_fail(err, _("reading the store failed"), rc));
	}
	*out = t;
	return (AMP_OK);
}

/* Double the map (in 1 GiB steps past 1 GiB) after MDB_MAP_FULL. */
static int
store_grow(struct store *st, struct amp_err *err)
{
	MDB_envinfo	info;
	size_t		size;
	int		rc;

	if ((rc = mdb_env_info(st->env, &info)) != 0)
		return (store_fail(err, _("growing the store failed"), rc));
	size = info.me_mapsize;
	size = size < ((size_t)1 << 30) ? size * 2 : size + ((size_t)1 << 30);
	if ((rc = mdb_env_set_mapsize(st->env, size)) != 0)
		return (store_fail(err, _("growing the store failed"), rc));
	log_debug("%s: map size now %zu", __func__, size);
	return (AMP_OK);
}

/* Free what a write transaction's hook held, whether it ran or not. */
static void
stxn_hook_end(struct stxn *t)
{
	if (t->hook_free != NULL)
		t->hook_free(t->hook_arg);
	t->hook = NULL;
	t->hook_free = NULL;
	t->hook_arg = NULL;
}

/*
 * Give a write transaction work to do just before it commits, once (the
 * counters' pending changes): fn runs last, inside the transaction, and
 * release frees arg afterwards, committed or not. Only one hook a
 * transaction; stxn_hook_arg returns its arg, or NULL.
 */
void
stxn_set_hook(struct stxn *t, int (*fn)(struct stxn *, void *,
    struct amp_err *), void (*release)(void *), void *arg)
{
	t->hook = fn;
	t->hook_free = release;
	t->hook_arg = arg;
}

void *
stxn_hook_arg(struct stxn *t)
{
	return (t->hook_arg);
}

int
stxn_writing(const struct stxn *t)
{
	return (t->write);
}

/*
 * Run fn in one write transaction and commit it. Only one process writes at a
 * time, so fn must be short and must not wait for anything. If the map fills,
 * the transaction is dropped, the map grows and fn runs again from the
 * start: fn must change nothing outside the transaction but its own output.
 */
int
store_write(struct store *st, int (*fn)(struct stxn *, void *), void *arg,
    struct amp_err *err)
{
	struct stxn	t;
	int		rc, r, tries;

	for (tries = 0; tries < 64; tries++) {
		rc = mdb_txn_begin(st->env, NULL, 0, &t.txn);
		if (rc == MDB_MAP_RESIZED) {
			if ((rc = mdb_env_set_mapsize(st->env, 0)) != 0)
				return (store_fail(err,
				    _("saving failed"), rc));
			continue;
		}
		if (rc != 0)
			return (store_fail(err, _("saving failed"), rc));
		t.st = st;
		t.write = 1;
		t.hook = NULL;
		t.hook_free = NULL;
		t.hook_arg = NULL;
		r = fn(&t, arg);
		if (r == AMP_OK && t.hook != NULL)
			r = t.hook(&t, t.hook_arg, err);
		stxn_hook_end(&t);
		if (r == AMP_ERETRY) {
			mdb_txn_abort(t.txn);
			if (store_grow(st, err) != AMP_OK)
				return (err->code);
			continue;
		}
		if (r != AMP_OK) {
			mdb_txn_abort(t.txn);
			return (r);
		}
		rc = mdb_txn_commit(t.txn);
		if (rc == MDB_MAP_FULL) {
			if (store_grow(st, err) != AMP_OK)
				return (err->code);
			continue;
		}
		if (rc != 0)
			return (store_fail(err,
			    _("saving failed, nothing was changed"), rc));
		if (tries > 0)
			err_clear(err);	/* the retries' "map full" is over */
		return (AMP_OK);
	}
	return (err_set(err, AMP_ESTORE, _("saving failed: the store cannot grow")));
}

void
stxn_end(struct stxn *t)
{
	if (t == NULL)
		return;
	mdb_txn_abort(t->txn);
	free(t);
}

int
stxn_get(struct stxn *t, enum store_db db, const void *k, size_t kn,
    struct sval *v, struct amp_err *err)
{
	MDB_val	mk, mv;
	int	rc;

	mk.mv_data = (void *)(uintptr_t)k;
	mk.mv_size = kn;
	rc = mdb_get(t->txn, t->st->dbi[db], &mk, &mv);
	if (rc == MDB_NOTFOUND)
		return (AMP_ENOTFOUND);
	if (rc != 0)
		return (store_fail(err, _("reading the store failed"), rc));
	v->p = mv.mv_data;
	v->n = mv.mv_size;
	return (AMP_OK);
}

int
stxn_put(struct stxn *t, enum store_db db, const void *k, size_t kn,
    const void *v, size_t vn, unsigned flags, struct amp_err *err)
{
	MDB_val		mk, mv;
	unsigned	mflags = 0;
	int		rc;

	if (flags & STORE_NOOVERWRITE)
		mflags |= (store_dbs[db].flags & MDB_DUPSORT) ?
		    MDB_NODUPDATA : MDB_NOOVERWRITE;
	if (flags & STORE_APPEND)
		mflags |= (store_dbs[db].flags & MDB_DUPSORT) ?
		    MDB_APPENDDUP : MDB_APPEND;
	mk.mv_data = (void *)(uintptr_t)k;
	mk.mv_size = kn;
	mv.mv_data = (void *)(uintptr_t)v;
	mv.mv_size = vn;
	rc = mdb_put(t->txn, t->st->dbi[db], &mk, &mv, mflags);
	if (rc == MDB_KEYEXIST && (flags & STORE_NOOVERWRITE))
		return (err_set(err, AMP_ECONFLICT, _("saving failed: %s"),
		    _("the entry already exists")));
	if (rc != 0)
		return (store_fail(err, _("saving failed"), rc));
	return (AMP_OK);
}

int
stxn_del(struct stxn *t, enum store_db db, const void *k, size_t kn,
    const void *v, size_t vn, struct amp_err *err)
{
	MDB_val	mk, mv;
	int	rc;

	mk.mv_data = (void *)(uintptr_t)k;
	mk.mv_size = kn;
	mv.mv_data = (void *)(uintptr_t)v;
	mv.mv_size = vn;
	rc = mdb_del(t->txn, t->st->dbi[db], &mk, v != NULL ? &mv : NULL);
	if (rc == MDB_NOTFOUND)
		return (AMP_ENOTFOUND);
	if (rc != 0)
		return (store_fail(err, _("saving failed"), rc));
	return (AMP_OK);
}

/* Take the next number of a named counter in the meta database (first is 1). */
int
stxn_next_id(struct stxn *t, const char *name, uint64_t *id,
    struct amp_err *err)
{
	unsigned char	 buf[8];
	struct sval	 v;
	char		*key;
	uint64_t	 n = 0;
	int		 rc;

	key = xsprintf("next:%s", name);
	rc = stxn_get(t, DB_META, key, strlen(key), &v, err);
	if (rc == AMP_OK && v.n == 8)
		n = be64_get(v.p);
	else if (rc != AMP_OK && rc != AMP_ENOTFOUND) {
		free(key);
		return (rc);
	}
	n++;
	be64_put(buf, n);
	rc = stxn_put(t, DB_META, key, strlen(key), buf, sizeof buf, 0, err);
	free(key);
	if (rc == AMP_OK)
		*id = n;
	return (rc);
}

int
scur_open(struct stxn *t, enum store_db db, struct scur **out,
    struct amp_err *err)
{
	struct scur	*c;
	int		 rc;

	c = xcalloc(1, sizeof *c);
	if ((rc = mdb_cursor_open(t->txn, t->st->dbi[db], &c->c)) != 0) {
		free(c);
		return (store_fail(err, _("reading the store failed"), rc));
	}
	*out = c;
	return (AMP_OK);
}

/*
 * Move a cursor; k and v carry the key (and value) to seek and return what is
 * there.
 */
int
scur_get(struct scur *c, enum scur_op op, struct sval *k, struct sval *v,
    struct amp_err *err)
{
	static const MDB_cursor_op ops[] = {
		[SC_FIRST] = MDB_FIRST, [SC_LAST] = MDB_LAST,
		[SC_NEXT] = MDB_NEXT, [SC_PREV] = MDB_PREV,
		[SC_SET_RANGE] = MDB_SET_RANGE, [SC_SET] = MDB_SET_KEY,
		[SC_GET_BOTH_RANGE] = MDB_GET_BOTH_RANGE,
		[SC_NEXT_DUP] = MDB_NEXT_DUP, [SC_NEXT_NODUP] = MDB_NEXT_NODUP,
		[SC_FIRST_DUP] = MDB_FIRST_DUP,
	};
	MDB_val	mk = { 0, NULL }, mv = { 0, NULL };
	int	rc;

	if (k != NULL && (op == SC_SET_RANGE || op == SC_SET ||
	    op == SC_GET_BOTH_RANGE)) {
		mk.mv_data = (void *)(uintptr_t)k->p;
		mk.mv_size = k->n;
	}
	if (v != NULL && op == SC_GET_BOTH_RANGE) {
		mv.mv_data = (void *)(uintptr_t)v->p;
		mv.mv_size = v->n;
	}
	rc = mdb_cursor_get(c->c, &mk, &mv, ops[op]);
	if (rc == MDB_NOTFOUND)
		return (AMP_ENOTFOUND);
	if (rc != 0)
		return (store_fail(err, _("reading the store failed"), rc));
	if (k != NULL) {
		k->p = mk.mv_data;
		k->n = mk.mv_size;
	}
	if (v != NULL) {
		v->p = mv.mv_data;
		v->n = mv.mv_size;
	}
	return (AMP_OK);
}

void
scur_close(struct scur *c)
{
	if (c == NULL)
		return;
	mdb_cursor_close(c->c);
	free(c);
}

/*
 * Call fn with each key and value of db whose key starts with the n bytes
 * of prefix, in key order, until fn returns other than AMP_OK: that is
 * returned, else AMP_OK.
 */
int
stxn_prefix_each(struct stxn *t, enum store_db db, const void *prefix,
    size_t n, int (*fn)(const struct sval *, const struct sval *, void *,
    struct amp_err *), void *arg, struct amp_err *err)
{
	struct scur	*c;
	struct sval	 k, v;
	int		 rc, frc = AMP_OK;

	if ((rc = scur_open(t, db, &c, err)) != AMP_OK)
		return (rc);
	k.p = prefix;
	k.n = n;
	for (rc = scur_get(c, SC_SET_RANGE, &k, &v, err); rc == AMP_OK;
	    rc = scur_get(c, SC_NEXT, &k, &v, err)) {
		if (k.n < n || memcmp(k.p, prefix, n) != 0 ||
		    (frc = fn(&k, &v, arg, err)) != AMP_OK)
			break;
	}
	scur_close(c);
	if (frc != AMP_OK)
		return (frc);
	return (rc == AMP_ENOTFOUND ? AMP_OK : rc);
}

/*
 * Entries in a database and the map size in bytes, for reports and benchmarks.
 */
void
store_stats(struct store *st, size_t *records, size_t *mapsize)
{
	MDB_envinfo	 info;
	MDB_stat	 ms;
	MDB_txn		*txn;

	*records = 0;
	*mapsize = 0;
	if (mdb_env_info(st->env, &info) == 0)
		*mapsize = info.me_mapsize;
	if (mdb_txn_begin(st->env, NULL, MDB_RDONLY, &txn) != 0)
		return;
	if (mdb_stat(txn, st->dbi[DB_RECORDS], &ms) == 0)
		*records = ms.ms_entries;
	mdb_txn_abort(txn);
}

/*
 * How many values the key under the cursor holds (in a database of duplicates).
 */
int
scur_count(struct scur *c, size_t *n, struct amp_err *err)
{
	size_t		cnt;
	int		rc;

	if ((rc = mdb_cursor_count(c->c, &cnt)) != 0)
		return (store_fail(err, _("reading the store failed"), rc));
	*n = (size_t)cnt;
	return (AMP_OK);
}
