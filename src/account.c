/* account.c: official accounts: roles, names, and the master key wrapped under each password. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "amparo.h"

#define ACCOUNT_MAGIC	"AC"
#define ACCOUNT_CODEC	1

/*
 * The roles that exist so far. The security issue replaces this table with
 * institutions and roles read from YAML; workflow steps already name them.
 */
const struct role_info role_table[] = {
	{ "admin", N_("administrator: store set-up and accounts, all cases") },
	{ "officer", N_("eligibility or protection officer: intake, cases, search") },
	{ "supervisor", N_("supervisor: what an officer does, and decisions on claims") },
};
const size_t role_count = nitems(role_table);

const struct role_info *
role_find(const char *name)
{
	size_t	i;

	for (i = 0; i < role_count; i++) {
		if (strcmp(role_table[i].name, name) == 0)
			return (&role_table[i]);
	}
	return (NULL);
}

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

/* The associated data of a wrapped key: it binds the wrap to the account. */
static void
account_ad(const char *name, struct buf *b)
{
	buf_add(b, "amparo:account:", 15);
	buf_add(b, name, strlen(name));
}

/* A new account whose password wraps the store's master key. */
int
account_make(struct account *a, const char *name, const char *role,
    const char *pw, size_t pwlen, const struct keyring *keys,
    enum kdf_level level, struct amp_err *err)
{
	struct keyring	*kek;
	struct buf	 ad = { 0 };

	memset(a, 0, sizeof *a);
	if (!account_name_valid(name))
		return (err_set(err, AMP_EUSAGE,
		    _("adding the account failed: \"%s\" is not a valid account name (letters, digits, _ - . ; at most %d)"),
		    name, ACCOUNT_NAME_MAX));
	if (role_find(role) == NULL)
		return (err_set(err, AMP_EUSAGE,
		    _("adding the account failed: unknown role \"%s\""), role));
	if (password_chars(pw, pwlen) < PASSWORD_MIN)
		return (err_set(err, AMP_EUSAGE,
		    _("adding the account failed: the password must have at least 8 characters")));
	kdf_params_for(level, &a->kdf);
	random_fill(a->salt, sizeof a->salt);
	kek = keyring_new();	/* guarded memory for the key-encryption key */
	if (kek_derive(kek->master, pw, pwlen, a->salt, &a->kdf, err) !=
	    AMP_OK) {
		keyring_free(kek);
		return (err->code);
	}
	account_ad(name, &ad);
	seal(a->wrapped, keys->master, KEY_BYTES, ad.p, ad.n, kek->master);
	buf_free(&ad);
	keyring_free(kek);
	a->name = xstrdup(name);
	a->role = xstrdup(role);
	a->created = time_now();
	return (AMP_OK);
}

static void
account_encode(const struct account *a, struct buf *b)
{
	buf_add(b, ACCOUNT_MAGIC, 2);
	buf_add_u8(b, ACCOUNT_CODEC);
	buf_add_str(b, a->name);
	buf_add_str(b, a->role);
	buf_add_varint(b, (uint64_t)a->created);
	buf_add_varint(b, a->kdf.ops);
	buf_add_varint(b, a->kdf.mem);
	buf_add(b, a->salt, SALT_BYTES);
	buf_add(b, a->wrapped, WRAP_BYTES);
}

static int
account_decode(const void *p, size_t n, struct account *a)
{
	const void	*salt, *wrapped;
	const char	*magic;
	struct rd	 rd;

	memset(a, 0, sizeof *a);
	rd_init(&rd, p, n);
	magic = rd_fixed(&rd, 2);
	if (magic == NULL || memcmp(magic, ACCOUNT_MAGIC, 2) != 0 ||
	    rd_u8(&rd) != ACCOUNT_CODEC)
		return (-1);
	a->name = rd_str(&rd);
	a->role = rd_str(&rd);
	a->created = (int64_t)rd_varint(&rd);
	a->kdf.ops = rd_varint(&rd);
	a->kdf.mem = rd_varint(&rd);
	salt = rd_fixed(&rd, SALT_BYTES);
	wrapped = rd_fixed(&rd, WRAP_BYTES);
	if (rd.bad || rd.off != rd.n || a->name == NULL || a->role == NULL) {
		account_free(a);
		return (-1);
	}
	memcpy(a->salt, salt, SALT_BYTES);
	memcpy(a->wrapped, wrapped, WRAP_BYTES);
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

/* Unwrap the master key with the password and derive the subkeys. */
int
account_unlock(const struct account *a, const char *pw, size_t pwlen,
    struct keyring *keys, struct amp_err *err)
{
	struct keyring	*kek;
	struct buf	 ad = { 0 };
	int		 rc;

	kek = keyring_new();
	if (kek_derive(kek->master, pw, pwlen, a->salt, &a->kdf, err) !=
	    AMP_OK) {
		keyring_free(kek);
		return (err->code);
	}
	account_ad(a->name, &ad);
	rc = unseal(keys->master, a->wrapped, WRAP_BYTES, ad.p, ad.n,
	    kek->master);
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
