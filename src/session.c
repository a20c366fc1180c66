/* session.c: creating a store with its first account, ending a session, and where stores live. */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "amparo.h"

/*
 * Make dir's parent directories (owner and group, as the store), as mkdir -p
 * would.
 */
static int
mkdir_parents(const char *dir, struct amp_err *err)
{
	char	*p, *s;

	p = xstrdup(dir);
	for (s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0770) != 0 && errno != EEXIST) {
			err_set(err, AMP_ESTORE,
			    _("creating the directory %s failed: %s"), p,
			    strerror(errno));
			free(p);
			return (err->code);
		}
		*s = '/';
	}
	free(p);
	return (AMP_OK);
}

struct put_account {
	const struct account	*a;
};

static int
put_account_txn(struct stxn *t, void *arg)
{
	struct put_account	*pa = arg;
	struct amp_err		 err;

	return (account_put(t, pa->a, 1, &err) == AMP_OK ? AMP_OK : err.code);
}

/* Add an account wrapping the keys of a session that holds them. */
int
store_add_account(struct store *st, const struct keyring *keys,
    const char *name, const char *role, const char *pw, size_t pwlen,
    enum kdf_level level, struct amp_err *err)
{
	struct account		a;
	struct put_account	pa;
	int			rc;

	if ((rc = account_make(&a, name, role, pw, pwlen, keys, level, err)) !=
	    AMP_OK)
		return (rc);
	pa.a = &a;
	rc = store_write(st, put_account_txn, &pa, err);
	if (rc == AMP_EUSAGE)
		err_set(err, rc, _("adding the account failed: \"%s\" already exists"),
		    name);
	account_free(&a);
	return (rc);
}

/*
 * Create a store in dir and its first administrator, who holds a new master
 * key.
 */
int
store_init(const char *dir, const char *admin, const char *role,
    const char *pw, size_t pwlen, enum kdf_level level, struct amp_err *err)
{
	struct store	*st;
	struct keyring	*keys;
	int		 rc;

	if (!account_name_valid(admin))
		return (err_set(err, AMP_EUSAGE,
		    _("creating the store failed: \"%s\" is not a valid account name"),
		    admin));
	if (password_chars(pw, pwlen) < PASSWORD_MIN)
		return (err_set(err, AMP_EUSAGE,
		    _("creating the store failed: the password must have at least 8 characters")));
	if ((rc = mkdir_parents(dir, err)) != AMP_OK)
		return (rc);
	if ((rc = store_create(dir, &st, err)) != AMP_OK)
		return (rc);
	keys = keyring_new();
	random_fill(keys->master, KEY_BYTES);
	keyring_derive(keys);
	rc = store_add_account(st, keys, admin, role, pw, pwlen, level, err);
	if (rc == AMP_OK)
		rc = store_set_level(st, level, err);
	if (rc == AMP_OK)
		rc = audit_keys_ensure(st, keys, err);
	keyring_free(keys);
	store_close(st);
	return (rc);
}

void
session_free(struct session *s)
{
	if (s == NULL)
		return;
	keyring_free(s->keys);
	free(s->user);
	free(s->role);
	free(s->institution);
	strv_free(s->teams, s->nteams);
	free(s);
}

/*
 * The store when none is named: AMPARO_STORE, else under the XDG data
 * directory.
 */
const char *
store_dir_default(void)
{
	static char	*dir;
	const char	*e, *home;

	if (dir != NULL)
		return (dir);
	if ((e = getenv("AMPARO_STORE")) != NULL && *e != '\0')
		dir = xstrdup(e);
	else if ((e = getenv("XDG_DATA_HOME")) != NULL && *e == '/')
		dir = xsprintf("%s/amparo/store", e);
	else {
		home = getenv("HOME");
		dir = xsprintf("%s/.local/share/amparo/store",
		    home != NULL && *home != '\0' ? home : ".");
	}
	return (dir);
}
