/* audit.c: the audit log: hash-chained entries, Ed25519-signed checkpoints of its head, and their verification. */

#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "amparo.h"

/*
 * An entry is stored in the audit database under its number, a be64:
 *
 *	hash of the entry before (32 bytes) | "AU" | codec | be64 number |
 *	be64 time | varint record | strings account, institution, action,
 *	detail | its hash (32 bytes)
 *
 * Its hash is BLAKE2b-256 of all that comes before it, so h(n) =
 * BLAKE2b-256(h(n-1) || entry n), and the chain starts from h(0) =
 * BLAKE2b-256("amparo:audit:start:" || the store id): a log does not
 * verify in another store. The previous hash is stored in each entry so
 * that a broken link can be told from altered contents. A checkpoint is a
 * few lines of text, signed with the store's Ed25519 key, naming an entry
 * and its hash. amparo-store(5) describes it all byte by byte.
 */
#define ENTRY_MAGIC	"AU"
#define ENTRY_CODEC	1
#define ENTRY_MIN	(AUDIT_HASH + 3 + 8 + 8 + 1 + 4 + AUDIT_HASH)
#define CHAIN_START	"amparo:audit:start:"
#define SK_AD		"amparo:audit-secret-key:"
#define META_PK		"audit-public-key"
#define META_SK		"audit-secret-key"
#define META_CKPT	"audit-checkpoint"
#define META_KEPT	"audit-checkpoint:"	/* then 20 digits */
#define CKPT_MAGIC	"amparo-audit-checkpoint: 1\n"
#define KEY_MAGIC	"amparo-audit-public-key: 1\n"
#define TEXT_MAX	1024
#define PK_BYTES	crypto_sign_PUBLICKEYBYTES
#define SK_BYTES	crypto_sign_SECRETKEYBYTES
#define SIG_BYTES	crypto_sign_BYTES

#if PK_BYTES != 32 || SIG_BYTES != 64 || \
    AUDIT_HASH > crypto_generichash_BYTES_MAX
#error "audit keys are Ed25519, hashes BLAKE2b-256"
#endif

/* An entry as stored, pointing into the value. */
struct entry_view {
	uint64_t		 seq;
	int64_t			 time;
	uint64_t		 record;
	const unsigned char	*prev, *hash;
	/* The strings: account, institution, action, detail. */
	const char		*s[4];
	size_t			 n[4];
};

/* A checkpoint being verified. */
struct vcp {
	struct audit_ckpt	 c;
	int			 given;		/* the caller's, not stored */
	int			 valid;		/* signed by the key */
};

static void	verify_problem(struct audit_report *, enum audit_problem,
		    uint64_t, const char *, ...) AMP_PRINTF(4, 5);

static void
hash_bytes(unsigned char *out, const void *p, size_t n)
{
	if (crypto_generichash(out, AUDIT_HASH, p, n, NULL, 0) != 0)
		fatalx("hashing an audit entry failed");
}

/* Guarded memory for a signing key, wiped when freed. */
static unsigned char *
secret_new(void)
{
	unsigned char	*sk;

	if ((sk = sodium_malloc(SK_BYTES)) == NULL)
		fatalx("out of memory (guarded key memory)");
	return (sk);
}

static void
secret_free(unsigned char *sk)
{
	if (sk != NULL)
		sodium_free(sk);
}

static void
to_hex(char *out, size_t size, const unsigned char *p, size_t n)
{
	sodium_bin2hex(out, size, p, n);
}

/* The key id: the first 8 bytes of BLAKE2b-256 of the public key. */
static void
key_id_of(const unsigned char *pk, unsigned char *id)
{
	unsigned char	h[AUDIT_HASH];

	hash_bytes(h, pk, PK_BYTES);
	memcpy(id, h, AUDIT_KEY_ID);
}

static void
key_id_hex(const unsigned char *pk, char *out, size_t size)
{
	unsigned char	id[AUDIT_KEY_ID];

	key_id_of(pk, id);
	to_hex(out, size, id, sizeof id);
}

static int
meta_get(struct stxn *t, const char *key, struct sval *v, struct amp_err *err)
{
	return (stxn_get(t, DB_META, key, strlen(key), v, err));
}

static int
store_id(struct stxn *t, unsigned char *id, struct amp_err *err)
{
	struct sval	v;
	int		rc;

	rc = meta_get(t, "store-id", &v, err);
	if (rc == AMP_ENOTFOUND || (rc == AMP_OK && v.n != AUDIT_STORE_ID))
		return (err_set(err, AMP_ESTORE,
		    _("reading the audit log failed: the store has no valid id")));
	if (rc == AMP_OK)
		memcpy(id, v.p, AUDIT_STORE_ID);
	return (rc);
}

/* h(0): where the chain of a store starts. */
static void
chain_start(const unsigned char *store, unsigned char *h)
{
	unsigned char	in[sizeof CHAIN_START - 1 + AUDIT_STORE_ID];

	memcpy(in, CHAIN_START, sizeof CHAIN_START - 1);
	memcpy(in + sizeof CHAIN_START - 1, store, AUDIT_STORE_ID);
	hash_bytes(h, in, sizeof in);
}

/*
 * The last entry's number and hash, read in O(1) from the end of the
 * database; 0 and h(0) for an empty log.
 */
static int
audit_head(struct stxn *t, uint64_t *seq, unsigned char *hash,
    struct amp_err *err)
{
	struct scur	*c;
	struct sval	 k, v;
	unsigned char	 store[AUDIT_STORE_ID];
	int		 rc;

	if ((rc = scur_open(t, DB_AUDIT, &c, err)) != AMP_OK)
		return (rc);
	rc = scur_get(c, SC_LAST, &k, &v, err);
	if (rc == AMP_OK && (k.n != 8 || v.n < ENTRY_MIN))
		rc = err_set(err, AMP_ESTORE,
		    _("writing to the audit log failed: its last entry is damaged (see amparo audit verify)"));
	else if (rc == AMP_OK) {
		*seq = be64_get(k.p);
		memcpy(hash, (const unsigned char *)v.p + v.n - AUDIT_HASH,
		    AUDIT_HASH);
	}
	scur_close(c);
	if (rc == AMP_ENOTFOUND) {
		*seq = 0;
		if ((rc = store_id(t, store, err)) == AMP_OK)
			chain_start(store, hash);
	}
	return (rc);
}

/*
 * A text field: UTF-8 without control or invisible characters, cut at
 * AUDIT_FIELD_MAX bytes on a character boundary, so that no entry can
 * forge a line of amparo audit log.
 */
static void
entry_add_str(struct buf *b, const char *s)
{
	char		 out[AUDIT_FIELD_MAX];
	uint32_t	 c;
	size_t		 n, len, o = 0;

	len = s != NULL ? strlen(s) : 0;
	while (len > 0) {
		if ((n = utf8_decode(s, len, &c)) == 0) {
			s++;
			len--;
			continue;
		}
		if (o + n > sizeof out)
			break;
		if (!utf8_unwanted(c)) {
			memcpy(out + o, s, n);
			o += n;
		}
		s += n;
		len -= n;
	}
	buf_add_bytes(b, out, o);
}

/*
 * Append an entry to the log in the caller's write transaction: the next
 * number, the time now, chained to the last entry's hash. It needs no key,
 * so that a process that holds none (a failed login) can write one.
 */
int
audit_append(struct stxn *t, const struct audit_event *ev,
    struct amp_err *err)
{
	struct buf	b = { 0 };
	unsigned char	prev[AUDIT_HASH], h[AUDIT_HASH], n8[8];
	uint64_t	seq;
	int		rc;

	if ((rc = audit_head(t, &seq, prev, err)) != AMP_OK)
		return (rc);
	seq++;
	buf_add(&b, prev, sizeof prev);
	buf_add(&b, ENTRY_MAGIC, 2);
	buf_add_u8(&b, ENTRY_CODEC);
	be64_put(n8, seq);
	buf_add(&b, n8, sizeof n8);
	be64_put(n8, (uint64_t)time_now());
	buf_add(&b, n8, sizeof n8);
	buf_add_varint(&b, ev->record);
	entry_add_str(&b, ev->account);
	entry_add_str(&b, ev->institution);
	entry_add_str(&b, ev->action);
	entry_add_str(&b, ev->detail);
	hash_bytes(h, b.p, b.n);
	buf_add(&b, h, sizeof h);
	be64_put(n8, seq);
	rc = stxn_put(t, DB_AUDIT, n8, sizeof n8, b.p, b.n, STORE_APPEND, err);
	buf_free(&b);
	return (rc);
}

/*
 * What an official did, appended as the session's account and institution
 * and signed at once: one call in the transaction of the change it records.
 */
int
audit_note(struct stxn *t, const struct session *s, const char *action,
    uint64_t record, const char *detail, struct amp_err *err)
{
	struct audit_event	ev;
	int			rc;

	ev.account = s->user;
	ev.institution = s->institution;
	ev.action = action;
	ev.record = record;
	ev.detail = detail;
	if ((rc = audit_append(t, &ev, err)) != AMP_OK)
		return (rc);
	if (s->keys == NULL)
		return (AMP_OK);
	return (audit_checkpoint(t, s->keys, err));
}

/* Read an entry without copying; -1 if it is not one. */
static int
entry_parse(const void *p, size_t n, struct entry_view *e)
{
	const unsigned char	*f, *seq, *when;
	struct rd		 rd;
	size_t			 i;

	if (n < ENTRY_MIN)
		return (-1);
	rd_init(&rd, p, n - AUDIT_HASH);
	e->prev = rd_fixed(&rd, AUDIT_HASH);
	f = rd_fixed(&rd, 3);
	seq = rd_fixed(&rd, 8);
	when = rd_fixed(&rd, 8);
	if (rd.bad || memcmp(f, ENTRY_MAGIC, 2) != 0 || f[2] != ENTRY_CODEC)
		return (-1);
	e->seq = be64_get(seq);
	e->time = (int64_t)be64_get(when);
	e->record = rd_varint(&rd);
	for (i = 0; i < 4; i++) {
		e->s[i] = rd_bytes(&rd, &e->n[i]);
		if (e->n[i] > AUDIT_FIELD_MAX)
			return (-1);
	}
	if (rd.bad || rd.off != rd.n)
		return (-1);
	e->hash = (const unsigned char *)p + n - AUDIT_HASH;
	return (0);
}

/*
 * Make the store's audit signing key if it has none: an Ed25519 pair,
 * the public key in the clear, the secret key sealed under the keyring's
 * audit subkey. Cheap when the key exists (one read). A store whose key
 * was removed but which has signed checkpoints is not given a new one.
 */
int
audit_keys_init(struct stxn *t, const struct keyring *keys,
    struct amp_err *err)
{
	struct sval	 v;
	unsigned char	 pk[PK_BYTES], *sk, sealed[SK_BYTES + SEAL_OVERHEAD];
	unsigned char	 ad[sizeof SK_AD - 1 + PK_BYTES];
	int		 rc;

	rc = meta_get(t, META_PK, &v, err);
	if (rc == AMP_OK && v.n != PK_BYTES)
		return (err_set(err, AMP_ESTORE,
		    _("reading the audit key failed: it is damaged")));
	if (rc != AMP_ENOTFOUND)
		return (rc);
	rc = meta_get(t, META_CKPT, &v, err);
	if (rc == AMP_OK)
		return (err_set(err, AMP_ESTORE,
		    _("making the audit key failed: the store has signed checkpoints but no audit key, which was removed (see amparo audit verify)")));
	if (rc != AMP_ENOTFOUND)
		return (rc);
	sk = secret_new();
	if (crypto_sign_keypair(pk, sk) != 0) {
		secret_free(sk);
		return (err_set(err, AMP_EFAIL,
		    _("making the audit key failed")));
	}
	memcpy(ad, SK_AD, sizeof SK_AD - 1);
	memcpy(ad + sizeof SK_AD - 1, pk, PK_BYTES);
	seal(sealed, sk, SK_BYTES, ad, sizeof ad, keys->audit);
	secret_free(sk);
	if ((rc = stxn_put(t, DB_META, META_PK, strlen(META_PK), pk, sizeof pk,
	    0, err)) != AMP_OK)
		return (rc);
	return (stxn_put(t, DB_META, META_SK, strlen(META_SK), sealed,
	    sizeof sealed, 0, err));
}

struct keys_ctx {
	const struct keyring	*keys;
	struct amp_err		*err;
};

static int
keys_init_txn(struct stxn *t, void *arg)
{
	struct keys_ctx	*c = arg;

	return (audit_keys_init(t, c->keys, c->err));
}

static int
sign_txn(struct stxn *t, void *arg)
{
	struct keys_ctx	*c = arg;

	return (audit_checkpoint(t, c->keys, c->err));
}

/*
 * The same on its own: a read, and a write transaction only if the key is
 * missing (a new store, or one made before the audit log).
 */
int
audit_keys_ensure(struct store *st, const struct keyring *keys,
    struct amp_err *err)
{
	struct keys_ctx	 c;
	struct stxn	*t;
	struct sval	 v;
	int		 rc;

	if ((rc = store_read(st, &t, err)) != AMP_OK)
		return (rc);
	rc = meta_get(t, META_PK, &v, err);
	stxn_end(t);
	if (rc != AMP_ENOTFOUND)
		return (rc);
	c.keys = keys;
	c.err = err;
	return (store_write(st, keys_init_txn, &c, err));
}

/* The public key and the secret key, opened with the keyring. */
static int
audit_secret(struct stxn *t, const struct keyring *keys, unsigned char *pk,
    unsigned char *sk, struct amp_err *err)
{
	struct sval	v;
	unsigned char	ad[sizeof SK_AD - 1 + PK_BYTES], check[PK_BYTES];
	int		rc;

	rc = meta_get(t, META_PK, &v, err);
	if (rc == AMP_OK && v.n != PK_BYTES)
		rc = AMP_ENOTFOUND;
	if (rc == AMP_ENOTFOUND)
		return (err_set(err, AMP_ESTORE,
		    _("signing the audit log failed: the store has no valid audit key")));
	if (rc != AMP_OK)
		return (rc);
	memcpy(pk, v.p, PK_BYTES);
	memcpy(ad, SK_AD, sizeof SK_AD - 1);
	memcpy(ad + sizeof SK_AD - 1, pk, PK_BYTES);
	rc = meta_get(t, META_SK, &v, err);
	if (rc == AMP_OK && (v.n != SK_BYTES + SEAL_OVERHEAD ||
	    unseal(sk, v.p, v.n, ad, sizeof ad, keys->audit) != 0))
		rc = AMP_ENOTFOUND;
	if (rc == AMP_OK && (crypto_sign_ed25519_sk_to_pk(check, sk) != 0 ||
	    memcmp(check, pk, PK_BYTES) != 0))
		rc = AMP_ENOTFOUND;
	if (rc == AMP_ENOTFOUND)
		return (err_set(err, AMP_ESTORE,
		    _("signing the audit log failed: the audit signing key is missing, damaged, or not the public key's")));
	return (rc);
}

/* The text a checkpoint's signature covers: every line but the last. */
static size_t
ckpt_message(const struct audit_ckpt *c, char *out, size_t size)
{
	char	store[2 * AUDIT_STORE_ID + 1], key[2 * AUDIT_KEY_ID + 1];
	char	hash[2 * AUDIT_HASH + 1], when[32];
	int	n;

	to_hex(store, sizeof store, c->store, AUDIT_STORE_ID);
	to_hex(key, sizeof key, c->key_id, AUDIT_KEY_ID);
	to_hex(hash, sizeof hash, c->hash, AUDIT_HASH);
	time_format_utc(c->time, when, sizeof when);
	n = snprintf(out, size, CKPT_MAGIC "store: %s\nkey: %s\nentry: %llu\n"
	    "hash: %s\ntime: %s\n", store, key, (unsigned long long)c->seq,
	    hash, when);
	if (n < 0 || (size_t)n >= size)
		fatalx("formatting a checkpoint failed");
	return ((size_t)n);
}

static char *
ckpt_text(const struct audit_ckpt *c)
{
	char	msg[TEXT_MAX], sig[2 * SIG_BYTES + 1];

	ckpt_message(c, msg, sizeof msg);
	to_hex(sig, sizeof sig, c->sig, SIG_BYTES);
	return (xsprintf("%ssignature: %s\n", msg, sig));
}

static int
parse_u64(const char *s, uint64_t *v)
{
	unsigned long long	 n = 0;

	if (*s == '\0')
		return (-1);
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || n > (UINT64_MAX - 9) / 10)
			return (-1);
		n = n * 10 + (unsigned long long)(*s - '0');
	}
	*v = n;
	return (0);
}

/*
 * Read a checkpoint as amparo audit checkpoint writes it. It must be
 * exactly that text (a trailing line feed may be missing), so that its
 * signed part is the same bytes when made again from the values.
 */
int
audit_ckpt_parse(const char *text, size_t n, struct audit_ckpt *c,
    struct amp_err *err)
{
	const char	*p = text, *end = text + n;
	char		 v[TEXT_MAX], msg[TEXT_MAX];
	size_t		 len;

	memset(c, 0, sizeof *c);
	if (n > TEXT_MAX || n < sizeof CKPT_MAGIC - 1 ||
	    memcmp(p, CKPT_MAGIC, sizeof CKPT_MAGIC - 1) != 0)
		goto bad;
	p += sizeof CKPT_MAGIC - 1;
	if (text_line(&p, end, "store", v, sizeof v) != 0 ||
	    hex_exact(c->store, AUDIT_STORE_ID, v, strlen(v)) != 0 ||
	    text_line(&p, end, "key", v, sizeof v) != 0 ||
	    hex_exact(c->key_id, AUDIT_KEY_ID, v, strlen(v)) != 0 ||
	    text_line(&p, end, "entry", v, sizeof v) != 0 ||
	    parse_u64(v, &c->seq) != 0 ||
	    text_line(&p, end, "hash", v, sizeof v) != 0 ||
	    hex_exact(c->hash, AUDIT_HASH, v, strlen(v)) != 0 ||
	    text_line(&p, end, "time", v, sizeof v) != 0 ||
	    utc_parse(v, &c->time) != 0)
		goto bad;
	len = ckpt_message(c, msg, sizeof msg);
	if ((size_t)(p - text) != len || memcmp(text, msg, len) != 0)
		goto bad;
	if (text_line(&p, end, "signature", v, sizeof v) != 0 ||
	    hex_exact(c->sig, SIG_BYTES, v, strlen(v)) != 0 || p != end)
		goto bad;
	return (AMP_OK);
bad:
	return (err_set(err, AMP_EUSAGE,
	    _("reading the checkpoint failed: it is not a checkpoint written by amparo audit checkpoint")));
}

/*
 * Read a public key as amparo audit pubkey writes it; the key id must be
 * the key's.
 */
int
audit_key_parse(const char *text, size_t n, struct audit_key *k,
    struct amp_err *err)
{
	const char	*p = text, *end = text + n;
	char		 v[TEXT_MAX];
	unsigned char	 id[AUDIT_KEY_ID], want[AUDIT_KEY_ID];

	memset(k, 0, sizeof *k);
	if (n > TEXT_MAX || n < sizeof KEY_MAGIC - 1 ||
	    memcmp(p, KEY_MAGIC, sizeof KEY_MAGIC - 1) != 0)
		goto bad;
	p += sizeof KEY_MAGIC - 1;
	if (text_line(&p, end, "store", v, sizeof v) != 0 ||
	    hex_exact(k->store, AUDIT_STORE_ID, v, strlen(v)) != 0 ||
	    text_line(&p, end, "key", v, sizeof v) != 0 ||
	    hex_exact(id, AUDIT_KEY_ID, v, strlen(v)) != 0 ||
	    text_line(&p, end, "public-key", v, sizeof v) != 0 ||
	    hex_exact(k->pk, PK_BYTES, v, strlen(v)) != 0 || p != end)
		goto bad;
	key_id_of(k->pk, want);
	if (memcmp(id, want, AUDIT_KEY_ID) != 0)
		return (err_set(err, AMP_EUSAGE,
		    _("reading the public key failed: its key id is not the key's")));
	return (AMP_OK);
bad:
	return (err_set(err, AMP_EUSAGE,
	    _("reading the public key failed: it is not a key written by amparo audit pubkey")));
}

/*
 * Sign the head of the log: a checkpoint naming the last entry and its
 * hash, kept in meta as the latest, and kept for good as well when the log
 * has passed another multiple of AUDIT_KEEP_EVERY entries since the latest
 * before. Nothing is written if the latest checkpoint is of the head
 * already. The audit key is made if the store has none.
 */
int
audit_checkpoint(struct stxn *t, const struct keyring *keys,
    struct amp_err *err)
{
	struct audit_ckpt	 c, last;
	struct sval		 v;
	unsigned char		 pk[PK_BYTES], *sk;
	char			 msg[TEXT_MAX], *text, kept[64];
	uint64_t		 before = 0;
	size_t			 n;
	int			 rc;

	memset(&c, 0, sizeof c);
	if ((rc = audit_head(t, &c.seq, c.hash, err)) != AMP_OK)
		return (rc);
	rc = meta_get(t, META_CKPT, &v, err);
	if (rc != AMP_OK && rc != AMP_ENOTFOUND)
		return (rc);
	if (rc == AMP_OK && audit_ckpt_parse(v.p, v.n, &last, NULL) ==
	    AMP_OK) {
		if (last.seq == c.seq && memcmp(last.hash, c.hash,
		    AUDIT_HASH) == 0)
			return (AMP_OK);
		before = last.seq;
	}
	if ((rc = audit_keys_init(t, keys, err)) != AMP_OK ||
	    (rc = store_id(t, c.store, err)) != AMP_OK)
		return (rc);
	sk = secret_new();
	if ((rc = audit_secret(t, keys, pk, sk, err)) != AMP_OK) {
		secret_free(sk);
		return (rc);
	}
	key_id_of(pk, c.key_id);
	c.time = time_now();
	n = ckpt_message(&c, msg, sizeof msg);
	rc = crypto_sign_detached(c.sig, NULL, (const unsigned char *)msg, n,
	    sk);
	secret_free(sk);
	if (rc != 0)
		return (err_set(err, AMP_EFAIL,
		    _("signing the audit log failed")));
	text = ckpt_text(&c);
	rc = stxn_put(t, DB_META, META_CKPT, strlen(META_CKPT), text,
	    strlen(text), 0, err);
	if (rc == AMP_OK && c.seq / AUDIT_KEEP_EVERY > before /
	    AUDIT_KEEP_EVERY) {
		snprintf(kept, sizeof kept, "%s%020llu", META_KEPT,
		    (unsigned long long)c.seq);
		rc = stxn_put(t, DB_META, kept, strlen(kept), text,
		    strlen(text), 0, err);
	}
	free(text);
	return (rc);
}

/*
 * Sign the head now, in a transaction of its own (a no-op if the latest
 * checkpoint names it), and return the latest checkpoint as text.
 */
int
audit_sign(struct store *st, const struct keyring *keys, char **out,
    struct amp_err *err)
{
	struct keys_ctx	c;
	int		rc;

	*out = NULL;
	c.keys = keys;
	c.err = err;
	if ((rc = store_write(st, sign_txn, &c, err)) != AMP_OK)
		return (rc);
	return (audit_checkpoint_text(st, out, err));
}

/* The latest signed checkpoint, as text (AMP_ENOTFOUND if none). */
int
audit_checkpoint_text(struct store *st, char **out, struct amp_err *err)
{
	struct stxn	*t;
	struct sval	 v;
	int		 rc;

	*out = NULL;
	if ((rc = store_read(st, &t, err)) != AMP_OK)
		return (rc);
	rc = meta_get(t, META_CKPT, &v, err);
	if (rc == AMP_OK)
		*out = xstrndup(v.p, v.n);
	else if (rc == AMP_ENOTFOUND)
		err_set(err, rc,
		    _("reading the checkpoint failed: the audit log has none yet"));
	stxn_end(t);
	return (rc);
}

/* The public key as text, for the auditor to keep away from the server. */
int
audit_key_text(struct store *st, char **out, struct amp_err *err)
{
	struct stxn	*t;
	struct sval	 v;
	unsigned char	 store[AUDIT_STORE_ID];
	char		 sh[2 * AUDIT_STORE_ID + 1], kh[2 * AUDIT_KEY_ID + 1];
	char		 ph[2 * PK_BYTES + 1];
	int		 rc;

	*out = NULL;
	if ((rc = store_read(st, &t, err)) != AMP_OK)
		return (rc);
	if ((rc = store_id(t, store, err)) != AMP_OK)
		goto out;
	rc = meta_get(t, META_PK, &v, err);
	if (rc == AMP_ENOTFOUND || (rc == AMP_OK && v.n != PK_BYTES)) {
		rc = err_set(err, AMP_ENOTFOUND,
		    _("exporting the public key failed: the store has no audit key yet (amparo audit checkpoint makes it)"));
		goto out;
	}
	if (rc != AMP_OK)
		goto out;
	to_hex(sh, sizeof sh, store, sizeof store);
	key_id_hex(v.p, kh, sizeof kh);
	to_hex(ph, sizeof ph, v.p, PK_BYTES);
	*out = xsprintf("%sstore: %s\nkey: %s\npublic-key: %s\n", KEY_MAGIC,
	    sh, kh, ph);
out:
	stxn_end(t);
	return (rc);
}

/* Note a problem; the report keeps the one of the earliest entry. */
static void
verify_problem(struct audit_report *r, enum audit_problem p, uint64_t bad,
    const char *fmt, ...)
{
	va_list	ap;

	if (r->problem != AUDIT_INTACT && r->bad <= bad)
		return;
	r->problem = p;
	r->bad = bad;
	r->bad_from = bad;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof r->why, fmt, ap);
	va_end(ap);
}

static int
vcp_cmp(const void *a, const void *b)
{
	const struct vcp	*x = a, *y = b;

	if (x->c.seq != y->c.seq)
		return (x->c.seq < y->c.seq ? -1 : 1);
	return (x->given - y->given);
}

/* The stored checkpoints: every kept one, and the latest. */
static int
verify_stored(struct stxn *t, struct audit_report *r, struct vcp **v,
    size_t *n, struct amp_err *err)
{
	struct scur	*c;
	struct sval	 k, val;
	size_t		 cap = 0, plen = sizeof META_KEPT - 1;
	uint64_t	 seq;
	char		 name[64];
	enum scur_op	 op = SC_SET_RANGE;
	int		 rc;

	if ((rc = scur_open(t, DB_META, &c, err)) != AMP_OK)
		return (rc);
	k.p = META_KEPT;
	k.n = plen;
	for (;;) {
		if ((rc = scur_get(c, op, &k, &val, err)) != AMP_OK)
			break;
		op = SC_NEXT;
		if (k.n < plen || memcmp(k.p, META_KEPT, plen) != 0)
			break;
		XGROW(*v, *n, cap);
		memset(&(*v)[*n], 0, sizeof **v);
		if (audit_ckpt_parse(val.p, val.n, &(*v)[*n].c, NULL) ==
		    AMP_OK) {
			(*n)++;
			continue;
		}
		snprintf(name, sizeof name, "%.*s", (int)k.n,
		    (const char *)k.p);
		if (parse_u64(name + plen, &seq) != 0)
			seq = 0;
		verify_problem(r, AUDIT_SIGNATURE, seq,
		    _("the checkpoint kept as %s cannot be read: it was altered"),
		    name);
	}
	scur_close(c);
	if (rc != AMP_OK && rc != AMP_ENOTFOUND)
		return (rc);
	rc = meta_get(t, META_CKPT, &val, err);
	if (rc == AMP_ENOTFOUND)
		return (AMP_OK);
	if (rc != AMP_OK)
		return (rc);
	XGROW(*v, *n, cap);
	memset(&(*v)[*n], 0, sizeof **v);
	if (audit_ckpt_parse(val.p, val.n, &(*v)[*n].c, NULL) == AMP_OK)
		(*n)++;
	else
		verify_problem(r, AUDIT_SIGNATURE, 0,
		    _("the latest checkpoint cannot be read: it was altered"));
	return (AMP_OK);
}

/* Check each checkpoint's store and signature. */
static void
verify_signatures(struct audit_report *r, const unsigned char *store,
    const unsigned char *pk, struct vcp *v, size_t n)
{
	unsigned char	 id[AUDIT_KEY_ID];
	char		 msg[TEXT_MAX], other[2 * AUDIT_KEY_ID + 1];
	size_t		 i, len;

	if (pk != NULL)
		key_id_of(pk, id);
	for (i = 0; i < n; i++) {
		if (memcmp(v[i].c.store, store, AUDIT_STORE_ID) != 0) {
			verify_problem(r, AUDIT_OTHER_STORE, v[i].given ? 0 :
			    v[i].c.seq, v[i].given ?
			    _("the checkpoint given is of another store") :
			    _("the checkpoint of entry %llu is of another store"),
			    (unsigned long long)v[i].c.seq);
			continue;
		}
		if (pk == NULL) {
			verify_problem(r, AUDIT_KEY, v[i].c.seq,
			    _("the log has a signed checkpoint of entry %llu, but the store has no audit key: it was removed"),
			    (unsigned long long)v[i].c.seq);
			continue;
		}
		if (memcmp(v[i].c.key_id, id, AUDIT_KEY_ID) != 0) {
			to_hex(other, sizeof other, v[i].c.key_id,
			    AUDIT_KEY_ID);
			verify_problem(r, AUDIT_SIGNATURE, v[i].c.seq,
			    _("the checkpoint of entry %llu is signed by key %s, not by key %s"),
			    (unsigned long long)v[i].c.seq, other, r->key_id);
			continue;
		}
		len = ckpt_message(&v[i].c, msg, sizeof msg);
		if (crypto_sign_verify_detached(v[i].c.sig,
		    (const unsigned char *)msg, len, pk) != 0) {
			verify_problem(r, AUDIT_SIGNATURE, v[i].c.seq,
			    _("the signature of the checkpoint of entry %llu does not verify under key %s: it was altered"),
			    (unsigned long long)v[i].c.seq, r->key_id);
			continue;
		}
		v[i].valid = 1;
	}
}

/*
 * Compare the checkpoints of entry seq with its hash; -1 after a
 * mismatch. *ok is the last entry a checkpoint matched.
 */
static int
verify_against(struct audit_report *r, struct vcp *v, size_t n, size_t *i,
    uint64_t seq, const unsigned char *hash, uint64_t *ok)
{
	uint64_t	below = *ok;

	for (; *i < n && v[*i].c.seq == seq; (*i)++) {
		if (!v[*i].valid)
			continue;
		if (memcmp(v[*i].c.hash, hash, AUDIT_HASH) != 0) {
			verify_problem(r, AUDIT_REWRITTEN, seq, v[*i].given ?
			    _("the log was rewritten between entries %llu and %llu: at entry %llu it differs from the checkpoint given") :
			    _("the log was rewritten between entries %llu and %llu: at entry %llu it differs from its signed checkpoint"),
			    (unsigned long long)(below + 1),
			    (unsigned long long)seq, (unsigned long long)seq);
			if (r->bad == seq && r->problem == AUDIT_REWRITTEN)
				r->bad_from = below + 1;
			return (-1);
		}
		*ok = seq;
		r->signed_upto = seq;
	}
	return (0);
}

/*
 * Walk the chain from entry 1; stop at the first entry that is wrong.
 * Returns the last entry number seen in order.
 */
static int
verify_chain(struct stxn *t, struct audit_report *r, const unsigned char *h0,
    struct vcp *v, size_t n, uint64_t *head, struct amp_err *err)
{
	struct entry_view	 e;
	struct scur		*c;
	struct sval		 k, val;
	const unsigned char	*prev = h0, *prev2 = NULL;
	unsigned char		 h[AUDIT_HASH];
	uint64_t		 want = 1, seq, ok = 0, beyond;
	size_t			 i = 0;
	enum scur_op		 op = SC_FIRST;
	int			 rc;

	*head = 0;
	if (verify_against(r, v, n, &i, 0, h0, &ok) != 0)
		return (AMP_OK);
	if ((rc = scur_open(t, DB_AUDIT, &c, err)) != AMP_OK)
		return (rc);
	for (;; want++, op = SC_NEXT) {
		if ((rc = scur_get(c, op, &k, &val, err)) != AMP_OK)
			break;
		if (k.n != 8) {
			verify_problem(r, AUDIT_DAMAGED, want,
			    _("entry %llu is damaged: its key is not a number"),
			    (unsigned long long)want);
			break;
		}
		seq = be64_get(k.p);
		if (seq != want) {
			verify_problem(r, AUDIT_MISSING, want,
			    _("entry %llu is missing: the log goes from entry %llu to entry %llu"),
			    (unsigned long long)want,
			    (unsigned long long)(want - 1),
			    (unsigned long long)seq);
			break;
		}
		if (val.n < AUDIT_HASH) {
			verify_problem(r, AUDIT_DAMAGED, seq,
			    _("entry %llu is damaged: it is too short"),
			    (unsigned long long)seq);
			break;
		}
		hash_bytes(h, val.p, val.n - AUDIT_HASH);
		if (memcmp(h, (const unsigned char *)val.p + val.n -
		    AUDIT_HASH, AUDIT_HASH) != 0) {
			verify_problem(r, AUDIT_CHANGED, seq,
			    _("entry %llu was altered: its contents do not match its hash"),
			    (unsigned long long)seq);
			break;
		}
		if (entry_parse(val.p, val.n, &e) != 0) {
			verify_problem(r, AUDIT_DAMAGED, seq,
			    _("entry %llu is damaged: it is not a valid entry"),
			    (unsigned long long)seq);
			break;
		}
		if (e.seq != seq && e.seq == seq - 1 && prev2 != NULL &&
		    memcmp(e.prev, prev2, AUDIT_HASH) == 0 &&
		    memcmp(e.hash, prev, AUDIT_HASH) != 0) {
			verify_problem(r, AUDIT_INSERTED, seq - 1,
			    _("entry %llu was inserted: the entry after it is the former entry %llu, which follows entry %llu"),
			    (unsigned long long)(seq - 1),
			    (unsigned long long)e.seq,
			    (unsigned long long)(seq - 2));
			break;
		}
		if (e.seq != seq) {
			verify_problem(r, AUDIT_MOVED, seq,
			    _("entry %llu was removed or moved: the entry stored as %llu is entry %llu"),
			    (unsigned long long)seq, (unsigned long long)seq,
			    (unsigned long long)e.seq);
			break;
		}
		if (memcmp(e.prev, prev, AUDIT_HASH) != 0) {
			if (seq == 1)
				verify_problem(r, AUDIT_REPLACED, 1,
				    _("entry 1 does not start this store's chain: the log is another store's, or the store id was changed"));
			else
				verify_problem(r, AUDIT_REPLACED, seq - 1,
				    _("entry %llu was replaced: entry %llu does not follow it"),
				    (unsigned long long)(seq - 1),
				    (unsigned long long)seq);
			break;
		}
		prev2 = prev;
		prev = e.hash;
		*head = seq;
		r->verified = seq;
		if (verify_against(r, v, n, &i, seq, e.hash, &ok) != 0)
			break;
	}
	scur_close(c);
	if (rc != AMP_OK && rc != AMP_ENOTFOUND)
		return (rc);
	if (rc == AMP_OK)
		return (AMP_OK);	/* stopped at a problem */
	/* The whole chain held: no signed checkpoint may lie beyond it. */
	for (beyond = 0; i < n; i++) {
		if (v[i].valid && v[i].c.seq > beyond)
			beyond = v[i].c.seq;
	}
	if (beyond > *head)
		verify_problem(r, AUDIT_TRUNCATED, *head + 1,
		    _("entries %llu to %llu were removed: the log ends at entry %llu, but a signed checkpoint covers entry %llu"),
		    (unsigned long long)(*head + 1), (unsigned long long)beyond,
		    (unsigned long long)*head, (unsigned long long)beyond);
	return (AMP_OK);
}

/*
 * Verify the whole log in one read transaction, with no password: every
 * entry's hash and link, then every checkpoint (stored, and ckpt if given)
 * against the chain, signed by the public key given, else by the store's.
 * A problem found is in r (r->problem is AUDIT_INTACT if none); the return
 * is an error only if the store could not be read.
 */
int
audit_verify(struct store *st, const struct audit_key *key,
    const struct audit_ckpt *ckpt, struct audit_report *r,
    struct amp_err *err)
{
	struct stxn		*t;
	struct scur		*c;
	struct sval		 k, v;
	struct vcp		*cps = NULL;
	const unsigned char	*pk = NULL;
	unsigned char		 store[AUDIT_STORE_ID], h0[AUDIT_HASH];
	char			 theirs[2 * AUDIT_KEY_ID + 1];
	size_t			 ncps = 0, i;
	uint64_t		 head, first;
	int			 rc, stored_pk;

	memset(r, 0, sizeof *r);
	if ((rc = store_read(st, &t, err)) != AMP_OK)
		return (rc);
	if ((rc = store_id(t, store, err)) != AMP_OK)
		goto out;
	chain_start(store, h0);
	if ((rc = scur_open(t, DB_AUDIT, &c, err)) != AMP_OK)
		goto out;
	rc = scur_get(c, SC_LAST, &k, &v, err);
	scur_close(c);
	if (rc == AMP_OK && k.n == 8)
		r->entries = be64_get(k.p);
	else if (rc != AMP_OK && rc != AMP_ENOTFOUND)
		goto out;
	rc = meta_get(t, META_PK, &v, err);
	if (rc != AMP_OK && rc != AMP_ENOTFOUND)
		goto out;
	if (rc == AMP_OK && v.n == PK_BYTES)
		pk = v.p;
	else if (rc == AMP_OK)
		verify_problem(r, AUDIT_KEY, 0,
		    _("the store's audit key is damaged"));
	stored_pk = pk != NULL;
	if (key != NULL) {
		if (memcmp(key->store, store, AUDIT_STORE_ID) != 0)
			verify_problem(r, AUDIT_OTHER_STORE, 0,
			    _("the public key given is of another store"));
		else if (pk != NULL && memcmp(pk, key->pk, PK_BYTES) != 0) {
			key_id_hex(pk, theirs, sizeof theirs);
			key_id_hex(key->pk, r->key_id, sizeof r->key_id);
			verify_problem(r, AUDIT_KEY, 0,
			    _("the store's audit key, %s, is not the key given, %s: it was replaced"),
			    theirs, r->key_id);
		}
		pk = key->pk;
	}
	if (pk != NULL)
		key_id_hex(pk, r->key_id, sizeof r->key_id);
	if ((rc = verify_stored(t, r, &cps, &ncps, err)) != AMP_OK)
		goto out;
	if (key != NULL && !stored_pk && ncps > 0) {
		for (i = 1, first = cps[0].c.seq; i < ncps; i++) {
			if (cps[i].c.seq < first)
				first = cps[i].c.seq;
		}
		verify_problem(r, AUDIT_KEY, first,
		    _("the log has a signed checkpoint of entry %llu, but the store has no audit key: it was removed"),
		    (unsigned long long)first);
	}
	if (ckpt != NULL) {
		cps = xreallocarray(cps, ncps + 1, sizeof *cps);
		memset(&cps[ncps], 0, sizeof *cps);
		cps[ncps].c = *ckpt;
		cps[ncps++].given = 1;
	}
	if (ncps > 0)
		qsort(cps, ncps, sizeof *cps, vcp_cmp);
	verify_signatures(r, store, pk, cps, ncps);
	rc = verify_chain(t, r, h0, cps, ncps, &head, err);
	if (r->problem != AUDIT_INTACT && r->bad_from > 0 &&
	    r->verified >= r->bad_from)
		r->verified = r->bad_from - 1;
	if (r->signed_upto > r->verified)
		r->signed_upto = r->verified;
out:
	free(cps);
	stxn_end(t);
	return (rc);
}

static void
entry_copy(const struct entry_view *v, struct audit_entry *e)
{
	char	*dst[4];
	size_t	 i;

	dst[0] = e->account;
	dst[1] = e->institution;
	dst[2] = e->action;
	dst[3] = e->detail;
	e->seq = v->seq;
	e->time = v->time;
	e->record = v->record;
	for (i = 0; i < 4; i++) {
		memcpy(dst[i], v->s[i], v->n[i]);
		dst[i][v->n[i]] = '\0';
	}
}

static int
entry_matches(const struct audit_filter *f, const struct entry_view *e)
{
	if (f == NULL)
		return (1);
	if (f->account != NULL && (strlen(f->account) != e->n[0] ||
	    memcmp(f->account, e->s[0], e->n[0]) != 0))
		return (0);
	if (f->action != NULL && (strlen(f->action) != e->n[2] ||
	    memcmp(f->action, e->s[2], e->n[2]) != 0))
		return (0);
	if (f->record != 0 && f->record != e->record)
		return (0);
	return ((f->since == 0 || e->time >= f->since) &&
	    (f->until == 0 || e->time <= f->until));
}

/*
 * Call fn with each entry that passes the filter (NULL: every one), in
 * order; fn returns non-zero to stop. Only metadata is there to list.
 */
int
audit_list(struct store *st, const struct audit_filter *f,
    int (*fn)(const struct audit_entry *, void *), void *arg,
    struct amp_err *err)
{
	struct entry_view	 v;
	struct audit_entry	 e;
	struct stxn		*t;
	struct scur		*c;
	struct sval		 k, val;
	uint64_t		 last = 0;
	enum scur_op		 op = SC_FIRST;
	int			 rc;

	if ((rc = store_read(st, &t, err)) != AMP_OK)
		return (rc);
	if ((rc = scur_open(t, DB_AUDIT, &c, err)) != AMP_OK) {
		stxn_end(t);
		return (rc);
	}
	for (;; op = SC_NEXT) {
		if ((rc = scur_get(c, op, &k, &val, err)) != AMP_OK)
			break;
		if (k.n != 8 || entry_parse(val.p, val.n, &v) != 0) {
			rc = err_set(err, AMP_ESTORE,
			    _("reading the audit log failed: an entry after entry %llu is damaged (see amparo audit verify)"),
			    (unsigned long long)last);
			break;
		}
		last = v.seq;
		if (!entry_matches(f, &v))
			continue;
		entry_copy(&v, &e);
		if (fn(&e, arg) != 0)
			break;
	}
	scur_close(c);
	stxn_end(t);
	return (rc == AMP_ENOTFOUND ? AMP_OK : rc);
}
