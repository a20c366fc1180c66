/* account.c: official accounts: roles, names, and the master key wrapped under each password. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "amparo.h"

#define ACCOUNT_MAGIC	"AC"
#define ACCOUNT_CODEC	2	/* 1: no teams, lock, verifier or X25519 pair */

/* Account names are Unix-style login names: letters, digits, "_", "-" and ".". */
int
account_name_valid(const char *s)
{
	size_t	i;

	if (s == NULL || *s == '\0' || *s == '-' || *s == '.')
		return (0);
	for (i = 0; s[i] != '\0'; i++) {
		if (i >= ACCOUNT_NAME_MAX)
			return (0);
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '_' || s[i] == '-' || s[i] == '.'))
			return (0);
	}
	return (1);
}

/*
 * The associated data of a wrapped key: it binds the wrap to the account
 * and to what it holds (the master key, or with ":box" the X25519 key).
 */
static void
account_ad(const char *name, const char *what, struct buf *b)
{
	buf_add(b, "amparo:account:", 15);
	buf_add(b, name, strlen(name));
	buf_add(b, what, strlen(what));
}

/*
 * The secrets of an account under its password: the verifier
 * (crypto_pwhash_str) that login checks first, and the master key and the
 * X25519 secret key sealed under the key-encryption key (Argon2id of the
 * password with the account's salt). Keeps a's X25519 pair when it has one.
 */
static int
account_seal(struct account *a, const char *pw, size_t pwlen,
    const struct keyring *keys, const unsigned char *box_sk,
    const struct kdf_params *kp, struct amp_err *err)
{
	struct keyring	*kek;
	struct buf	 ad = { 0 };
	char		 verifier[crypto_pwhash_STRBYTES];

	if (crypto_pwhash_str(verifier, pw, pwlen, kp->ops, (size_t)kp->mem) !=
	    0)
		return (err_set(err, AMP_EFAIL,
		    _("deriving the password key failed: out of memory")));
	a->kdf = *kp;
	random_fill(a->salt, sizeof a->salt);
	kek = keyring_new();	/* guarded memory for the key-encryption key */
	if (kek_derive(kek->master, pw, pwlen, a->salt, &a->kdf, err) !=
	    AMP_OK) {
		keyring_free(kek);
		return (err->code);
	}
	account_ad(a->name, "", &ad);
	seal(a->wrapped, keys->master, KEY_BYTES, ad.p, ad.n, kek->master);
	buf_reset(&ad);
	account_ad(a->name, ":box", &ad);
	seal(a->box_sk_wrapped, box_sk, BOX_KEY_BYTES, ad.p, ad.n,
	    kek->master);
	buf_free(&ad);
	keyring_free(kek);
	free(a->verifier);
	a->verifier = xstrdup(verifier);
	return (AMP_OK);
}

/* A new account whose password wraps the store's master key. */
int
account_make(struct account *a, const char *name, const char *role,
    const char *pw, size_t pwlen, const struct keyring *keys,
    enum kdf_level level, struct amp_err *err)
{
	struct keyring		*box;
	struct kdf_params	 kp;
	int			 rc;

	memset(a, 0, sizeof *a);
	if (!account_name_valid(name))
		return (err_set(err, AMP_EUSAGE,
		    _("adding the account failed: \"%s\" is not a valid account name (letters, digits, _ - . ; at most %d)"),
		    name, ACCOUNT_NAME_MAX));
	if (password_chars(pw, pwlen) < PASSWORD_MIN)
		return (err_set(err, AMP_EUSAGE,
		    _("adding the account failed: the password must have at least 8 characters")));
	a->name = xstrdup(name);
	a->role = xstrdup(role);
	a->created = time_now();
	box = keyring_new();
	if (crypto_box_keypair(a->box_pk, box->box_sk) != 0)
		fatalx("making a key pair failed");
	kdf_params_for(level, &kp);
	rc = account_seal(a, pw, pwlen, keys, box->box_sk, &kp, err);
	keyring_free(box);
	if (rc != AMP_OK)
		account_free(a);
	return (rc);
}

/*
 * A new password for an account, by its owner (keys holds its X25519
 * secret key, kept) or by an administrator (keep_box 0: a new pair, so the
 * class keys wrapped for the old one must be granted again).
 */
int
account_set_password(struct account *a, const char *pw, size_t pwlen,
    const struct keyring *keys, int keep_box, enum kdf_level level,
    struct amp_err *err)
{
	struct keyring		*box;
	struct kdf_params	 kp;
	int			 rc;

	if (password_chars(pw, pwlen) < PASSWORD_MIN)
		return (err_set(err, AMP_EUSAGE,
		    _("changing the password failed: the password must have at least 8 characters")));
	box = keyring_new();
	if (keep_box)
		memcpy(box->box_sk, keys->box_sk, BOX_KEY_BYTES);
	else if (crypto_box_keypair(a->box_pk, box->box_sk) != 0)
		fatalx("making a key pair failed");
	kdf_params_for(level, &kp);
	rc = account_seal(a, pw, pwlen, keys, box->box_sk, &kp, err);
	keyring_free(box);
	return (rc);
}

static void
account_encode(const struct account *a, struct buf *b)
{
	size_t	i;

	buf_add(b, ACCOUNT_MAGIC, 2);
	buf_add_u8(b, ACCOUNT_CODEC);
	buf_add_str(b, a->name);
	buf_add_str(b, a->role);
	buf_add_varint(b, a->nteams);
	for (i = 0; i < a->nteams; i++)
		buf_add_str(b, a->teams[i]);
	buf_add_varint(b, (uint64_t)a->created);
	buf_add_u8(b, a->locked ? 1 : 0);
	buf_add_varint(b, a->failures);
	buf_add_varint(b, (uint64_t)a->failed_at);
	buf_add_str(b, a->verifier != NULL ? a->verifier : "");
	buf_add_varint(b, a->kdf.ops);
	buf_add_varint(b, a->kdf.mem);
	buf_add(b, a->salt, SALT_BYTES);
	buf_add(b, a->wrapped, WRAP_BYTES);
	buf_add(b, a->box_pk, BOX_KEY_BYTES);
	buf_add(b, a->box_sk_wrapped, sizeof a->box_sk_wrapped);
}

static int
account_decode(const void *p, size_t n, struct account *a)
{
	const void	*salt, *wrapped, *box_pk = NULL, *box_sk = NULL;
	const char	*magic;
	struct rd	 rd;
	uint64_t	 nteams, i;
	int		 codec;

	memset(a, 0, sizeof *a);
	rd_init(&rd, p, n);
	magic = rd_fixed(&rd, 2);
	if (magic == NULL || memcmp(magic, ACCOUNT_MAGIC, 2) != 0)
		return (-1);
	codec = rd_u8(&rd);
	if (codec != 1 && codec != ACCOUNT_CODEC)
		return (-1);
	a->name = rd_str(&rd);
	a->role = rd_str(&rd);
	if (codec >= 2) {
		nteams = rd_varint(&rd);
		if (nteams > 64)
			rd.bad = 1;
		for (i = 0; !rd.bad && i < nteams; i++) {
			a->teams = xreallocarray(a->teams, a->nteams + 1,
			    sizeof *a->teams);
			if ((a->teams[a->nteams] = rd_str(&rd)) != NULL)
				a->nteams++;
		}
	}
	a->created = (int64_t)rd_varint(&rd);
	if (codec >= 2) {
		a->locked = rd_u8(&rd) != 0;
		a->failures = (unsigned)rd_varint(&rd);
		a->failed_at = (int64_t)rd_varint(&rd);
		a->verifier = rd_str(&rd);
	}
	a->kdf.ops = rd_varint(&rd);
	a->kdf.mem = rd_varint(&rd);
	salt = rd_fixed(&rd, SALT_BYTES);
	wrapped = rd_fixed(&rd, WRAP_BYTES);
	if (codec >= 2) {
		box_pk = rd_fixed(&rd, BOX_KEY_BYTES);
		box_sk = rd_fixed(&rd, sizeof a->box_sk_wrapped);
	}
	if (rd.bad || rd.off != rd.n || a->name == NULL || a->role == NULL ||
	    (codec >= 2 && a->verifier == NULL)) {
		account_free(a);
		return (-1);
	}
	memcpy(a->salt, salt, SALT_BYTES);
	memcpy(a->wrapped, wrapped, WRAP_BYTES);
	if (box_pk != NULL && box_sk != NULL) {
		memcpy(a->box_pk, box_pk, BOX_KEY_BYTES);
		memcpy(a->box_sk_wrapped, box_sk, sizeof a->box_sk_wrapped);
	}
	if (a->verifier != NULL && *a->verifier == '\0') {
		free(a->verifier);
		a->verifier = NULL;
	}
	return (0);
}

/*
 * Store an account; with noover set, an existing account of that name is an
 * error.
 */
int
account_put(struct stxn *t, const struct account *a, int noover,
    struct amp_err *err)
{
	struct buf	b = { 0 };
	int		rc;

	account_encode(a, &b);
	rc = stxn_put(t, DB_ACCOUNTS, a->name, strlen(a->name), b.p, b.n,
	    noover ? STORE_NOOVERWRITE : 0, err);
	buf_free(&b);
	if (rc == AMP_ECONFLICT)
		return (err_set(err, AMP_EUSAGE,
		    _("adding the account failed: \"%s\" already exists"),
		    a->name));
	return (rc);
}

int
account_get(struct stxn *t, const char *name, struct account *a,
    struct amp_err *err)
{
	struct sval	v;
	int		rc;

	rc = stxn_get(t, DB_ACCOUNTS, name, strlen(name), &v, err);
	if (rc != AMP_OK)
		return (rc);
	if (account_decode(v.p, v.n, a) != 0)
		return (err_set(err, AMP_ESTORE,
		    _("reading the account \"%s\" failed: the entry is damaged"),
		    name));
	return (AMP_OK);
}

/*
 * Whether an account's password hashes fall short of the store's level, so
 * that login should hash them again (an account of codec 1 has no verifier
 * and no X25519 pair yet: it gets them then).
 */
int
account_needs_rehash(const struct account *a, enum kdf_level level)
{
	struct kdf_params	kp;

	kdf_params_for(level, &kp);
	if (a->verifier == NULL)
		return (1);
	return (crypto_pwhash_str_needs_rehash(a->verifier, kp.ops,
	    (size_t)kp.mem) != 0);
}

/*
 * Check the password with the verifier, then unwrap the master key and the
 * X25519 secret key and derive the subkeys.
 */
int
account_unlock(const struct account *a, const char *pw, size_t pwlen,
    struct keyring *keys, struct amp_err *err)
{
	struct keyring	*kek;
	struct buf	 ad = { 0 };
	int		 rc;

	if (a->verifier != NULL && crypto_pwhash_str_verify(a->verifier, pw,
	    pwlen) != 0)
		return (err_set(err, AMP_EAUTH,
		    _("login failed: wrong user name or password")));
	kek = keyring_new();
	if (kek_derive(kek->master, pw, pwlen, a->salt, &a->kdf, err) !=
	    AMP_OK) {
		keyring_free(kek);
		return (err->code);
	}
	account_ad(a->name, "", &ad);
	rc = unseal(keys->master, a->wrapped, WRAP_BYTES, ad.p, ad.n,
	    kek->master);
	if (rc == 0 && a->verifier != NULL) {
		buf_reset(&ad);
		account_ad(a->name, ":box", &ad);
		rc = unseal(keys->box_sk, a->box_sk_wrapped,
		    sizeof a->box_sk_wrapped, ad.p, ad.n, kek->master);
		memcpy(keys->box_pk, a->box_pk, BOX_KEY_BYTES);
	}
	buf_free(&ad);
	keyring_free(kek);
	if (rc != 0)
		return (err_set(err, AMP_EAUTH,
		    _("login failed: wrong user name or password")));
	keyring_derive(keys);
	return (AMP_OK);
}

void
account_free(struct account *a)
{
	free(a->name);
	free(a->role);
	strv_free(a->teams, a->nteams);
	if (a->verifier != NULL)
		wipe(a->verifier, strlen(a->verifier));
	free(a->verifier);
	wipe(a, sizeof *a);
}

/* Call fn for every account, in name order. */
int
account_list(struct store *st, void (*fn)(const struct account *, void *),
    void *arg, struct amp_err *err)
{
	struct stxn	*t;
	struct scur	*c;
	struct sval	 k, v;
	struct account	 a;
	int		 rc;

	if ((rc = store_read(st, &t, err)) != AMP_OK)
		return (rc);
	if ((rc = scur_open(t, DB_ACCOUNTS, &c, err)) != AMP_OK) {
		stxn_end(t);
		return (rc);
	}
	for (rc = scur_get(c, SC_FIRST, &k, &v, err); rc == AMP_OK;
	    rc = scur_get(c, SC_NEXT, &k, &v, err)) {
		if (account_decode(v.p, v.n, &a) != 0)
			continue;
		fn(&a, arg);
		account_free(&a);
	}
	scur_close(c);
	stxn_end(t);
	return (rc == AMP_ENOTFOUND ? AMP_OK : rc);
}

/*
 * Take the password secrets of src (made outside a write transaction, as
 * hashing is slow) into dst, the account as the transaction reads it.
 */
void
account_take_secrets(struct account *dst, const struct account *src)
{
	free(dst->verifier);
	dst->verifier = src->verifier != NULL ? xstrdup(src->verifier) : NULL;
	dst->kdf = src->kdf;
	memcpy(dst->salt, src->salt, sizeof dst->salt);
	memcpy(dst->wrapped, src->wrapped, sizeof dst->wrapped);
	memcpy(dst->box_pk, src->box_pk, sizeof dst->box_pk);
	memcpy(dst->box_sk_wrapped, src->box_sk_wrapped,
	    sizeof dst->box_sk_wrapped);
}
