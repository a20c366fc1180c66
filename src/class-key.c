/* class-key.c: confidentiality class keys: generations, wraps for the accounts whose role holds a class, grants and revocations. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "amparo.h"

/*
 * Each class has generations, each an X25519 key pair. In meta, in the
 * clear: "class:C:gen" (be64, the current generation), "class:C:pk:G" (its
 * public key, G in ten digits) and, while a rotation runs,
 * "class:C:rotating", "class:C:rotate-at" and "class:C:stale" (see
 * class-rotate.c). A wrap is a generation's secret key sealed to an
 * account's X25519 public key (crypto_box_seal), stored as
 * "wrap:ACCOUNT:C:G"; opening it needs the account's secret key, which only
 * its password unlocks. A wrap is checked against the public key in meta
 * when opened, so a wrap moved to another name opens nothing useful.
 */
#define WRAP_SEALED	(BOX_KEY_BYTES + crypto_box_SEALBYTES)

static char *
key_gen(const char *cls)
{
	return (xsprintf("class:%s:gen", cls));
}

static char *
key_pk(const char *cls, uint32_t gen)
{
	return (xsprintf("class:%s:pk:%010lu", cls, (unsigned long)gen));
}

char *
class_meta_key(const char *cls, const char *what)
{
	return (xsprintf("class:%s:%s", cls, what));
}

static char *
key_wrap(const char *account, const char *cls, uint32_t gen)
{
	return (xsprintf("wrap:%s:%s:%010lu", account, cls,
	    (unsigned long)gen));
}

static int
meta_get(struct stxn *t, const char *key, struct sval *v,
    struct amp_err *err)
{
	return (stxn_get(t, DB_META, key, strlen(key), v, err));
}

static int
meta_put(struct stxn *t, const char *key, const void *v, size_t n,
    struct amp_err *err)
{
	return (stxn_put(t, DB_META, key, strlen(key), v, n, 0, err));
}

int
class_meta_del(struct stxn *t, const char *key, struct amp_err *err)
{
	int	rc;

	rc = stxn_del(t, DB_META, key, strlen(key), NULL, 0, err);
	return (rc == AMP_ENOTFOUND ? AMP_OK : rc);
}

/* A be64 of meta that must fit a generation; AMP_ENOTFOUND if missing. */
int
class_meta_gen(struct stxn *t, const char *key, uint32_t *gen,
    struct amp_err *err)
{
	struct sval	v;
	uint64_t	g;
	int		rc;

	if ((rc = meta_get(t, key, &v, err)) != AMP_OK)
		return (rc);
	if (v.n != 8 || (g = be64_get(v.p)) == 0 || g > UINT32_MAX)
		return (err_set(err, AMP_ESTORE,
		    _("reading the store failed: the entry %s is damaged"),
		    key));
	*gen = (uint32_t)g;
	return (AMP_OK);
}

int
class_meta_put_gen(struct stxn *t, const char *key, uint32_t gen,
    struct amp_err *err)
{
	unsigned char	b[8];

	be64_put(b, gen);
	return (meta_put(t, key, b, sizeof b, err));
}

/* The public key of a generation; AMP_ENOTFOUND if it is retired. */
int
class_pk_get(struct stxn *t, const char *cls, uint32_t gen,
    unsigned char *pk, struct amp_err *err)
{
	struct sval	 v;
	char		*key = key_pk(cls, gen);
	int		 rc;

	rc = meta_get(t, key, &v, err);
	if (rc == AMP_OK && v.n != BOX_KEY_BYTES)
		rc = err_set(err, AMP_ESTORE,
		    _("reading the store failed: the entry %s is damaged"), key);
	else if (rc == AMP_OK)
		memcpy(pk, v.p, BOX_KEY_BYTES);
	free(key);
	return (rc);
}

int
class_pk_del(struct stxn *t, const char *cls, uint32_t gen,
    struct amp_err *err)
{
	char	*key = key_pk(cls, gen);
	int	 rc;

	rc = class_meta_del(t, key, err);
	free(key);
	return (rc);
}

/*
 * A class's generations: the current one and, during a rotation, the one it
 * moves to, with their public keys. AMP_ENOTFOUND if the class has no key.
 */
int
class_gens_get(struct stxn *t, const char *cls, struct class_gens *g,
    struct amp_err *err)
{
	char	*key;
	int	 rc;

	memset(g, 0, sizeof *g);
	key = key_gen(cls);
	rc = class_meta_gen(t, key, &g->gen, err);
	free(key);
	if (rc != AMP_OK)
		return (rc);
	key = class_meta_key(cls, "rotating");
	rc = class_meta_gen(t, key, &g->rotating, err);
	free(key);
	if (rc == AMP_ENOTFOUND) {
		g->rotating = 0;
		rc = AMP_OK;
	}
	if (rc != AMP_OK)
		return (rc);
	if ((rc = class_pk_get(t, cls, g->gen, g->pk, err)) == AMP_ENOTFOUND ||
	    (g->rotating != 0 && (rc = class_pk_get(t, cls, g->rotating,
	    g->rotating_pk, err)) == AMP_ENOTFOUND))
		return (err_set(err, AMP_ESTORE,
		    _("reading the store failed: the %s key has no public key"),
		    cls));
	return (rc);
}

/* The generations of a class in use: one, or two during a rotation. */
static size_t
gens_live(const struct class_gens *g, uint32_t *v)
{
	v[0] = g->gen;
	if (g->rotating == 0)
		return (1);
	v[1] = g->rotating;
	return (2);
}

/*
 * Note that a save kept an answer sealed under the generation a rotation is
 * replacing: the rotation walks the store once more before it ends.
 */
int
class_note_stale(struct stxn *t, const char *cls, struct amp_err *err)
{
	char	*key = class_meta_key(cls, "stale");
	int	 rc;

	rc = meta_put(t, key, "", 0, err);
	free(key);
	return (rc);
}

/* Put a class key into a key ring (replacing one of the same generation). */
int
keyring_class_add(struct keyring *k, const char *cls, uint32_t gen,
    const unsigned char *pk, const unsigned char *sk)
{
	struct class_key	*ck = (struct class_key *)(uintptr_t)
				    keyring_class(k, cls, gen);

	if (ck == NULL) {
		if (k->nclasses >= CLASS_KEYS_MAX)
			return (-1);
		ck = &k->classes[k->nclasses++];
	}
	snprintf(ck->class, sizeof ck->class, "%s", cls);
	ck->gen = gen;
	memcpy(ck->pk, pk, BOX_KEY_BYTES);
	if (sk != ck->sk)
		memcpy(ck->sk, sk, BOX_KEY_BYTES);
	return (0);
}

/* Forget a key ring's keys of a class older than gen. */
void
keyring_class_drop(struct keyring *k, const char *cls, uint32_t gen)
{
	size_t	i;

	for (i = 0; i < k->nclasses; ) {
		if (strcmp(k->classes[i].class, cls) != 0 ||
		    k->classes[i].gen >= gen) {
			i++;
			continue;
		}
		wipe(&k->classes[i], sizeof k->classes[i]);
		if (i + 1 < k->nclasses) {
			memcpy(&k->classes[i], &k->classes[k->nclasses - 1],
			    sizeof k->classes[i]);
			wipe(&k->classes[k->nclasses - 1],
			    sizeof k->classes[i]);
		}
		k->nclasses--;
	}
}

/*
 * A grant or revocation of a class key in the audit log, in the transaction
 * that makes it, as done by the session actor (NULL: none, as when a store's
 * first keys are made).
 */
static int
key_audit(struct stxn *t, const struct session *actor, const char *action,
    const char *cls, uint32_t gen, const char *account, struct amp_err *err)
{
	struct audit_event	 ev;
	char			*detail;
	int			 rc;

	memset(&ev, 0, sizeof ev);
	ev.account = actor != NULL ? actor->user : "-";
	ev.institution = actor != NULL ? actor->institution : "";
	ev.action = action;
	detail = xsprintf("%s:%lu %s", cls, (unsigned long)gen, account);
	ev.detail = detail;
	rc = audit_append(t, &ev, err);
	free(detail);
	return (rc);
}

/* Seal a class's secret key to an account's public key. */
static int
wrap_put(struct stxn *t, const struct session *actor, const char *account,
    const unsigned char *box_pk, const char *cls, uint32_t gen,
    const unsigned char *sk, struct amp_err *err)
{
	unsigned char	 w[WRAP_SEALED];
	char		*key;
	int		 rc;

	if (sodium_is_zero(box_pk, BOX_KEY_BYTES))
		return (err_set(err, AMP_ESTORE,
		    _("granting the %s key failed: the account %s has no key pair"),
		    cls, account));
	if (crypto_box_seal(w, sk, BOX_KEY_BYTES, box_pk) != 0)
		return (err_set(err, AMP_ESTORE,
		    _("granting the %s key failed: the public key of %s is unusable"),
		    cls, account));
	key = key_wrap(account, cls, gen);
	rc = meta_put(t, key, w, sizeof w, err);
	free(key);
	if (rc == AMP_OK)
		rc = key_audit(t, actor, "key-grant", cls, gen, account, err);
	return (rc);
}

static int
wrap_exists(struct stxn *t, const char *account, const char *cls,
    uint32_t gen, struct amp_err *err)
{
	struct sval	 v;
	char		*key = key_wrap(account, cls, gen);
	int		 rc;

	rc = meta_get(t, key, &v, err);
	free(key);
	return (rc);
}

/* One wrap as its key names it. */
struct wrap_name {
	char		account[ACCOUNT_NAME_MAX + 1];
	char		cls[ID_MAX + 1];
	uint32_t	gen;
};

/* Read "wrap:ACCOUNT:CLASS:GEN"; -1 if k is not such a key. */
static int
wrap_parse(const void *k, size_t n, struct wrap_name *w)
{
	char		 s[5 + ACCOUNT_NAME_MAX + 1 + ID_MAX + 1 + 10 + 1];
	char		*a, *c, *g, *end;
	unsigned long	 gen;

	if (n < 5 || n >= sizeof s || memcmp(k, "wrap:", 5) != 0)
		return (-1);
	memcpy(s, k, n);
	s[n] = '\0';
	a = s + 5;
	if ((c = strchr(a, ':')) == NULL)
		return (-1);
	*c++ = '\0';
	if ((g = strchr(c, ':')) == NULL)
		return (-1);
	*g++ = '\0';
	gen = strtoul(g, &end, 10);
	if (*end != '\0' || gen == 0 || gen > UINT32_MAX ||
	    strlen(a) > ACCOUNT_NAME_MAX || strlen(c) > ID_MAX)
		return (-1);
	memcpy(w->account, a, strlen(a) + 1);
	memcpy(w->cls, c, strlen(c) + 1);
	w->gen = (uint32_t)gen;
	return (0);
}

struct wrap_list {
	struct wrap_name	*v;
	size_t			 n, cap;
};

static int
wrap_list_add(const struct sval *k, const struct sval *v, void *arg,
    struct amp_err *err)
{
	struct wrap_list	*l = arg;
	struct wrap_name	 w;

	(void)v;
	(void)err;
	if (wrap_parse(k->p, k->n, &w) != 0)
		return (AMP_OK);
	XGROW(l->v, l->n, l->cap);
	l->v[l->n++] = w;
	return (AMP_OK);
}

/*
 * The wraps whose keys start with prefix (every wrap, or one account's), in
 * key order.
 */
static int
wraps_list(struct stxn *t, const char *prefix, struct wrap_name **out,
    size_t *n, struct amp_err *err)
{
	struct wrap_list	l = { NULL, 0, 0 };
	int			rc;

	rc = stxn_prefix_each(t, DB_META, prefix, strlen(prefix),
	    wrap_list_add, &l, err);
	*out = l.v;
	*n = l.n;
	return (rc);
}

/*
 * Open every wrap of an account with its key pair (in the key ring) into the
 * key ring: every generation it holds, so that a rotation under way stays
 * readable. A wrap of a retired generation, or one that does not open, is
 * passed over.
 */
int
class_keys_unlock(struct stxn *t, const char *account, struct keyring *k,
    struct amp_err *err)
{
	struct wrap_name	*w;
	struct class_key	*ck;
	struct sval		 v;
	unsigned char		 pk[BOX_KEY_BYTES];
	char			*prefix, *key;
	size_t			 n, i;
	int			 rc;

	prefix = xsprintf("wrap:%s:", account);
	rc = wraps_list(t, prefix, &w, &n, err);
	free(prefix);
	if (rc != AMP_OK)
		return (rc);
	for (i = 0; i < n && rc == AMP_OK; i++) {
		if (strcmp(w[i].account, account) != 0)
			continue;
		if ((rc = class_pk_get(t, w[i].cls, w[i].gen, pk, err)) ==
		    AMP_ENOTFOUND) {
			rc = AMP_OK;	/* retired by a rotation */
			continue;
		}
		if (rc != AMP_OK)
			break;
		key = key_wrap(account, w[i].cls, w[i].gen);
		rc = meta_get(t, key, &v, err);
		free(key);
		if (rc != AMP_OK)
			break;
		if (k->nclasses >= CLASS_KEYS_MAX) {
			log_debug("%s: %s: too many class keys", __func__,
			    account);
			break;
		}
		ck = &k->classes[k->nclasses];
		if (v.n != WRAP_SEALED || crypto_box_seal_open(ck->sk, v.p,
		    v.n, k->box_pk, k->box_sk) != 0 ||
		    crypto_scalarmult_base(ck->pk, ck->sk) != 0 ||
		    sodium_memcmp(ck->pk, pk, BOX_KEY_BYTES) != 0) {
			log_debug("%s: %s: the wrap of %s:%lu does not open",
			    __func__, account, w[i].cls,
			    (unsigned long)w[i].gen);
			wipe(ck, sizeof *ck);
			continue;
		}
		if (keyring_class(k, w[i].cls, w[i].gen) != NULL) {
			wipe(ck, sizeof *ck);	/* held already */
			continue;
		}
		snprintf(ck->class, sizeof ck->class, "%s", w[i].cls);
		ck->gen = w[i].gen;
		k->nclasses++;
	}
	free(w);
	return (rc);
}

/* An account as class keys see it: its name, role and public key. */
struct class_acct {
	char		*name;
	char		*role;
	unsigned char	 box_pk[BOX_KEY_BYTES];
};

static void
accts_free(struct class_acct *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].role);
	}
	free(v);
}

/* Every account of the store, read in the transaction t. */
static int
accts_list(struct stxn *t, struct class_acct **out, size_t *n,
    struct amp_err *err)
{
	struct scur	*c;
	struct sval	 k, v;
	struct account	 a;
	char		**names = NULL;
	size_t		 nn = 0, cap = 0, i;
	int		 rc;

	*out = NULL;
	*n = 0;
	if ((rc = scur_open(t, DB_ACCOUNTS, &c, err)) != AMP_OK)
		return (rc);
	for (rc = scur_get(c, SC_FIRST, &k, &v, err); rc == AMP_OK;
	    rc = scur_get(c, SC_NEXT, &k, &v, err)) {
		XGROW(names, nn, cap);
		names[nn++] = xstrndup(k.p, k.n);
	}
	scur_close(c);
	if (rc == AMP_ENOTFOUND)
		rc = AMP_OK;
	*out = xcalloc(nn > 0 ? nn : 1, sizeof **out);
	for (i = 0; i < nn && rc == AMP_OK; i++) {
		if ((rc = account_get(t, names[i], &a, err)) != AMP_OK)
			break;
		(*out)[*n].name = xstrdup(a.name);
		(*out)[*n].role = xstrdup(a.role != NULL ? a.role : "");
		memcpy((*out)[*n].box_pk, a.box_pk, BOX_KEY_BYTES);
		(*n)++;
		account_free(&a);
	}
	for (i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	if (rc != AMP_OK) {
		accts_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return (rc);
}

/*
 * The first key pair of a class, wrapped for every account whose role holds
 * it (and for the account being added, which may not be stored yet), and
 * put in the granter's key ring if its role holds the class.
 */
static int
class_create(struct stxn *t, const struct session *granter,
    const struct policy *pol, const char *account,
    const unsigned char *account_pk, const char *cls, struct amp_err *err)
{
	struct class_acct	*ac = NULL;
	struct keyring		*tmp;
	char			*key;
	size_t			 n = 0, i;
	int			 rc;

	tmp = keyring_new();	/* guarded memory for the secret key */
	if (crypto_box_keypair(tmp->box_pk, tmp->box_sk) != 0)
		fatalx("making a class key failed");
	key = key_gen(cls);
	if ((rc = class_meta_put_gen(t, key, 1, err)) != AMP_OK)
		goto out;
	free(key);
	key = key_pk(cls, 1);
	if ((rc = meta_put(t, key, tmp->box_pk, BOX_KEY_BYTES, err)) !=
	    AMP_OK)
		goto out;
	if ((rc = wrap_put(t, granter, account, account_pk, cls, 1,
	    tmp->box_sk, err)) != AMP_OK)
		goto out;
	if ((rc = accts_list(t, &ac, &n, err)) != AMP_OK)
		goto out;
	for (i = 0; i < n && rc == AMP_OK; i++) {
		if (strcmp(ac[i].name, account) == 0 ||
		    !role_has_class(policy_role(pol, ac[i].role), cls) ||
		    sodium_is_zero(ac[i].box_pk, BOX_KEY_BYTES))
			continue;
		rc = wrap_put(t, granter, ac[i].name, ac[i].box_pk, cls, 1,
		    tmp->box_sk, err);
	}
	if (rc == AMP_OK && granter != NULL && role_has_class(policy_role(pol,
	    granter->role), cls))
		keyring_class_add(granter->keys, cls, 1, tmp->box_pk,
		    tmp->box_sk);
	log_debug("%s: %s generation 1, for %s: %d", __func__, cls, account,
	    rc);
out:
	free(key);
	accts_free(ac, n);
	keyring_free(tmp);
	return (rc);
}

/* Whether another account than account holds a wrap of cls at gen. */
static int
wrap_other_holder(const struct wrap_name *w, size_t n, const char *account,
    const char *cls, uint32_t gen)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (w[i].gen == gen && strcmp(w[i].cls, cls) == 0 &&
		    strcmp(w[i].account, account) != 0)
			return (1);
	}
	return (0);
}

/*
 * Delete an account's wraps: those of the classes role does not hold, or
 * every one (all set: the account has a new key pair, which they are not
 * sealed to). The only account holding a generation keeps its wrap unless
 * keys (a granter's) can wrap it again: nobody could open what is sealed
 * under it any more.
 */
static int
wraps_drop(struct stxn *t, const struct session *actor, const char *account,
    const struct role *role, int all, struct amp_err *err)
{
	const struct keyring	*keys = actor != NULL ? actor->keys : NULL;
	struct wrap_name	*every, *mine;
	char			*prefix, *key;
	size_t			 nevery, nmine, i;
	int			 rc;

	prefix = xsprintf("wrap:%s:", account);
	rc = wraps_list(t, prefix, &mine, &nmine, err);
	free(prefix);
	if (rc != AMP_OK || nmine == 0) {
		free(mine);
		return (rc);
	}
	if ((rc = wraps_list(t, "wrap:", &every, &nevery, err)) != AMP_OK) {
		free(mine);
		return (rc);
	}
	for (i = 0; i < nmine && rc == AMP_OK; i++) {
		if (strcmp(mine[i].account, account) != 0 ||
		    (!all && role_has_class(role, mine[i].cls)))
			continue;
		if (!wrap_other_holder(every, nevery, account, mine[i].cls,
		    mine[i].gen) && (keys == NULL || keyring_class(keys,
		    mine[i].cls, mine[i].gen) == NULL)) {
			rc = err_set(err, AMP_EPERM, all ?
			    _("a new key pair for %s failed: it is the only account holding the %s key, which would be lost with what is sealed under it: give the %s class to another account first") :
			    _("revoking the %s key of %s failed: no other account holds it, and what is sealed under it could not be read any more: give the %s class to another account first"),
			    all ? account : mine[i].cls,
			    all ? mine[i].cls : account, mine[i].cls);
			break;
		}
		key = key_wrap(account, mine[i].cls, mine[i].gen);
		rc = class_meta_del(t, key, err);
		free(key);
		if (rc == AMP_OK)
			rc = key_audit(t, actor, "key-revoke", mine[i].cls,
			    mine[i].gen, account, err);
		log_debug("%s: %s loses %s:%lu", __func__, account,
		    mine[i].cls, (unsigned long)mine[i].gen);
	}
	free(every);
	free(mine);
	return (rc);
}

/*
 * Grant an account every generation in use of a class, as far as the
 * granter's key ring holds them; returns in *pending whether some were left
 * for a later grant.
 */
static int
class_grant(struct stxn *t, const struct session *granter,
    const char *account, const unsigned char *account_pk, const char *cls,
    const struct class_gens *g, int *pending, struct amp_err *err)
{
	const struct keyring	*keys = granter != NULL ? granter->keys : NULL;
	const struct class_key	*ck;
	uint32_t		 live[2];
	size_t			 n, i;
	int			 rc = AMP_OK;

	n = gens_live(g, live);
	for (i = 0; i < n && rc == AMP_OK; i++) {
		if ((rc = wrap_exists(t, account, cls, live[i], err)) ==
		    AMP_OK)
			continue;
		if (rc != AMP_ENOTFOUND)
			break;
		rc = AMP_OK;
		if (keys == NULL || (ck = keyring_class(keys, cls, live[i])) ==
		    NULL) {
			*pending = 1;
			continue;
		}
		rc = wrap_put(t, granter, account, account_pk, cls, live[i],
		    ck->sk, err);
		log_debug("%s: %s gets %s:%lu: %d", __func__, account, cls,
		    (unsigned long)live[i], rc);
	}
	return (rc);
}

/*
 * Bring an account's class keys in line with its role, in the caller's
 * write transaction: when an account is added, when its role changes. For
 * each class the role holds: a class without a key gets its first key pair
 * (wrapped for every account whose role holds it); otherwise the account is
 * granted what the granter's key ring holds, and what it does not is left
 * pending, for the next login of a holder (class_grant_pending). The wraps
 * of classes the role does not hold are deleted.
 */
int
class_sync_account(struct stxn *t, const struct session *granter,
    const struct policy *pol, const char *account,
    const unsigned char *account_pk, const char *role_id,
    struct amp_err *err)
{
	const struct role	*role = policy_role(pol, role_id);
	struct class_gens	 g;
	size_t			 i;
	int			 rc, pending = 0;

	if ((rc = wraps_drop(t, granter, account, role, 0, err)) != AMP_OK)
		return (rc);
	for (i = 0; role != NULL && i < role->nclasses; i++) {
		rc = class_gens_get(t, role->classes[i], &g, err);
		if (rc == AMP_ENOTFOUND)
			rc = class_create(t, granter, pol, account, account_pk,
			    role->classes[i], err);
		else if (rc == AMP_OK)
			rc = class_grant(t, granter, account, account_pk,
			    role->classes[i], &g, &pending, err);
		if (rc != AMP_OK)
			return (rc);
	}
	if (pending)
		log_debug("%s: %s: grants pending", __func__, account);
	return (AMP_OK);
}

/*
 * An account has a new key pair (an administrator set its password): its
 * wraps, sealed to the old one, go, and it is granted again what the
 * granter holds (the rest is pending). Refused if it is the only account
 * holding a generation in use that the granter cannot grant again: that
 * key would be lost, and every answer sealed under it with it.
 */
int
class_account_rekeyed(struct stxn *t, const struct session *granter,
    const struct policy *pol, const char *account,
    const unsigned char *account_pk, const char *role_id,
    struct amp_err *err)
{
	int	rc;

	if ((rc = wraps_drop(t, granter, account, NULL, 1, err)) != AMP_OK)
		return (rc);
	return (class_sync_account(t, granter, pol, account, account_pk,
	    role_id, err));
}

struct pending_ctx {
	const struct session	*s;
	int			 write;
	size_t			 granted;
	struct amp_err		*err;
};

/*
 * Every class whose every generation in use the session holds, granted to
 * every account whose role holds it and lacks a wrap (only counted unless
 * writing).
 */
static int
pending_txn(struct stxn *t, void *arg)
{
	struct pending_ctx	*pc = arg;
	const struct policy	*pol = pc->s->forms->policy;
	const struct keyring	*k = pc->s->keys;
	struct class_acct	*ac;
	struct class_gens	 g;
	uint32_t		 live[2];
	size_t			 n, i, j, l, nl;
	int			 rc, pending, all;

	pc->granted = 0;
	if ((rc = accts_list(t, &ac, &n, pc->err)) != AMP_OK)
		return (rc);
	for (i = 0; i < k->nclasses && rc == AMP_OK; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(k->classes[j].class, k->classes[i].class) ==
			    0)
				break;
		}
		if (j < i)
			continue;	/* seen */
		if ((rc = class_gens_get(t, k->classes[i].class, &g,
		    pc->err)) == AMP_ENOTFOUND) {
			rc = AMP_OK;
			continue;
		}
		nl = gens_live(&g, live);
		for (all = 1, l = 0; l < nl; l++)
			all &= keyring_class(k, k->classes[i].class, live[l]) !=
			    NULL;
		for (j = 0; all && j < n && rc == AMP_OK; j++) {
			if (!role_has_class(policy_role(pol, ac[j].role),
			    k->classes[i].class) ||
			    sodium_is_zero(ac[j].box_pk, BOX_KEY_BYTES))
				continue;
			for (l = 0; l < nl && rc == AMP_OK; l++) {
				rc = wrap_exists(t, ac[j].name,
				    k->classes[i].class, live[l], pc->err);
				if (rc == AMP_ENOTFOUND) {
					rc = AMP_OK;
					pc->granted++;
				}
			}
			if (pc->write && rc == AMP_OK) {
				pending = 0;
				rc = class_grant(t, pc->s, ac[j].name,
				    ac[j].box_pk, k->classes[i].class, &g,
				    &pending, pc->err);
			}
		}
	}
	accts_free(ac, n);
	return (rc);
}

/*
 * The classes the session's role holds that have no key yet (a store made
 * before its roles file named them): counted, or made if writing.
 */
static int
missing_txn(struct stxn *t, struct pending_ctx *pc)
{
	const struct session	*s = pc->s;
	const struct role	*r = policy_role(s->forms->policy, s->role);
	struct class_gens	 g;
	size_t			 i;
	int			 rc = AMP_OK;

	for (i = 0; r != NULL && i < r->nclasses && rc == AMP_OK; i++) {
		if ((rc = class_gens_get(t, r->classes[i], &g, pc->err)) !=
		    AMP_ENOTFOUND)
			continue;
		rc = AMP_OK;
		if (sodium_is_zero(s->keys->box_pk, BOX_KEY_BYTES))
			continue;
		pc->granted++;
		if (pc->write)
			rc = class_create(t, s, s->forms->policy, s->user,
			    s->keys->box_pk, r->classes[i], pc->err);
	}
	return (rc);
}

static int
grant_txn(struct stxn *t, void *arg)
{
	struct pending_ctx	*pc = arg;
	size_t			 made;
	int			 rc;

	if ((rc = missing_txn(t, pc)) != AMP_OK)
		return (rc);
	made = pc->granted;
	rc = pending_txn(t, pc);
	pc->granted += made;
	return (rc);
}

/*
 * At the login of an official: make the keys of the classes the role holds
 * that have none yet, and grant every class the session holds to the
 * accounts whose role holds it and that have no wrap yet. A read
 * transaction first, so that a login with nothing to do writes nothing.
 */
int
class_grant_pending(struct store *st, const struct session *s,
    struct amp_err *err)
{
	struct pending_ctx	 pc;
	struct stxn		*t;
	int			 rc;

	if (s->forms == NULL || s->forms->policy == NULL)
		return (AMP_OK);
	memset(&pc, 0, sizeof pc);
	pc.s = s;
	pc.err = err;
	if ((rc = store_read(st, &t, err)) != AMP_OK)
		return (rc);
	rc = grant_txn(t, &pc);
	stxn_end(t);
	if (rc != AMP_OK || pc.granted == 0)
		return (rc);
	pc.write = 1;
	rc = store_write(st, grant_txn, &pc, err);
	log_debug("%s: %s granted %zu: %d", __func__, s->user, pc.granted,
	    rc);
	return (rc);
}

/*
 * At the start of a rotation: wrap the new generation for every account
 * whose role holds the class, and put it in the session's key ring.
 */
int
class_wrap_new(struct stxn *t, struct session *s, const char *cls,
    uint32_t gen, const unsigned char *pk, const unsigned char *sk,
    struct amp_err *err)
{
	const struct policy	*pol = s->forms->policy;
	struct class_acct	*ac;
	size_t			 n, i;
	int			 rc;

	if ((rc = accts_list(t, &ac, &n, err)) != AMP_OK)
		return (rc);
	for (i = 0; i < n && rc == AMP_OK; i++) {
		if ((!role_has_class(policy_role(pol, ac[i].role), cls) &&
		    strcmp(ac[i].name, s->user) != 0) ||
		    sodium_is_zero(ac[i].box_pk, BOX_KEY_BYTES))
			continue;
		rc = wrap_put(t, s, ac[i].name, ac[i].box_pk, cls, gen, sk,
		    err);
	}
	accts_free(ac, n);
	if (rc == AMP_OK && keyring_class_add(s->keys, cls, gen, pk, sk) != 0)
		rc = err_set(err, AMP_EFAIL,
		    _("rotating the %s key failed: this session holds too many keys"),
		    cls);
	return (rc);
}

/* At the end of a rotation: every wrap of a generation before gen goes. */
int
class_wraps_retire(struct stxn *t, const char *cls, uint32_t gen,
    struct amp_err *err)
{
	struct wrap_name	*w;
	char			*key;
	size_t			 n, i;
	int			 rc;

	if ((rc = wraps_list(t, "wrap:", &w, &n, err)) != AMP_OK)
		return (rc);
	for (i = 0; i < n && rc == AMP_OK; i++) {
		if (w[i].gen >= gen || strcmp(w[i].cls, cls) != 0)
			continue;
		key = key_wrap(w[i].account, w[i].cls, w[i].gen);
		rc = class_meta_del(t, key, err);
		free(key);
	}
	free(w);
	return (rc);
}

/* Add a class id to a list if it is not there. */
static void
ids_add(char ***v, size_t *n, const char *id)
{
	size_t	i;

	for (i = 0; i < *n; i++) {
		if (strcmp((*v)[i], id) == 0)
			return;
	}
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(id);
}

static int
cmp_str(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

struct id_list {
	char	**v;
	size_t	  n;
};

/* A class id from a key "class:C:gen". */
static int
class_gen_key(const struct sval *k, const struct sval *v, void *arg,
    struct amp_err *err)
{
	struct id_list	*l = arg;
	char		*s, *e;

	(void)v;
	(void)err;
	s = xstrndup((const char *)k->p + 6, k->n - 6);
	if ((e = strchr(s, ':')) != NULL && strcmp(e, ":gen") == 0) {
		*e = '\0';
		ids_add(&l->v, &l->n, s);
	}
	free(s);
	return (AMP_OK);
}

/* The classes with a key in the store, and those the roles name. */
static int
classes_known(struct stxn *t, const struct policy *pol, char ***out,
    size_t *n, struct amp_err *err)
{
	struct id_list	l = { NULL, 0 };
	size_t		i, j;
	int		rc;

	rc = stxn_prefix_each(t, DB_META, "class:", 6, class_gen_key, &l,
	    err);
	for (i = 0; pol != NULL && i < pol->nroles; i++) {
		for (j = 0; j < pol->roles[i].nclasses; j++)
			ids_add(&l.v, &l.n, pol->roles[i].classes[j]);
	}
	if (l.n > 1)
		qsort(l.v, l.n, sizeof *l.v, cmp_str);
	*out = l.v;
	*n = l.n;
	return (rc);
}

static void
names_add(char ***v, size_t *n, const char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

/* One class's state, for amparo key status: no secret in it. */
static int
status_one(struct stxn *t, const struct policy *pol,
    const struct class_acct *ac, size_t nac, const struct wrap_name *w,
    size_t nw, struct class_info *ci, struct amp_err *err)
{
	struct class_gens	 g;
	struct sval		 v;
	uint32_t		 live[2];
	size_t			 i, j, l, nl, have, any;
	char			*key;
	int			 rc, holds;

	if ((rc = class_gens_get(t, ci->id, &g, err)) == AMP_ENOTFOUND)
		return (AMP_OK);	/* no key yet */
	if (rc != AMP_OK)
		return (rc);
	ci->gen = g.gen;
	ci->rotating = g.rotating;
	key = class_meta_key(ci->id, "stale");
	ci->stale = meta_get(t, key, &v, err) == AMP_OK;
	free(key);
	nl = gens_live(&g, live);
	for (i = 0; i < nac; i++) {
		holds = role_has_class(policy_role(pol, ac[i].role), ci->id);
		for (have = any = 0, l = 0; l < nl; l++) {
			for (j = 0; j < nw; j++) {
				if (w[j].gen == live[l] &&
				    strcmp(w[j].cls, ci->id) == 0 &&
				    strcmp(w[j].account, ac[i].name) == 0)
					break;
			}
			have += j < nw;
		}
		for (j = 0; j < nw; j++)
			any += strcmp(w[j].cls, ci->id) == 0 &&
			    strcmp(w[j].account, ac[i].name) == 0;
		if (have == nl)
			names_add(&ci->holders, &ci->nholders, ac[i].name);
		if (holds && have < nl)
			names_add(&ci->pending, &ci->npending, ac[i].name);
		if (!holds && any > 0)
			names_add(&ci->revoke, &ci->nrevoke, ac[i].name);
	}
	return (AMP_OK);
}

/*
 * The state of every class: its generation, a rotation under way, who holds
 * its key, whose grant is pending (its role holds the class, it has no wrap
 * yet) and whose wrap outlived its role (revoked when its role is set
 * again).
 */
int
class_status(struct store *st, const struct policy *pol,
    struct class_info **out, size_t *n, struct amp_err *err)
{
	struct stxn		*t;
	struct class_acct	*ac = NULL;
	struct wrap_name	*w = NULL;
	char			**ids = NULL;
	size_t			 nac = 0, nw = 0, nids = 0, i;
	int			 rc;

	*out = NULL;
	*n = 0;
	if ((rc = store_read(st, &t, err)) != AMP_OK)
		return (rc);
	if ((rc = classes_known(t, pol, &ids, &nids, err)) != AMP_OK ||
	    (rc = accts_list(t, &ac, &nac, err)) != AMP_OK ||
	    (rc = wraps_list(t, "wrap:", &w, &nw, err)) != AMP_OK)
		goto out;
	*out = xcalloc(nids > 0 ? nids : 1, sizeof **out);
	for (i = 0; i < nids && rc == AMP_OK; i++) {
		(*out)[i].id = ids[i];
		ids[i] = NULL;
		*n = i + 1;
		rc = status_one(t, pol, ac, nac, w, nw, &(*out)[i], err);
	}
out:
	stxn_end(t);
	for (i = 0; i < nids; i++)
		free(ids[i]);
	free(ids);
	accts_free(ac, nac);
	free(w);
	if (rc != AMP_OK) {
		class_status_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return (rc);
}

void
class_status_free(struct class_info *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].id);
		strv_free(v[i].holders, v[i].nholders);
		strv_free(v[i].pending, v[i].npending);
		strv_free(v[i].revoke, v[i].nrevoke);
	}
	free(v);
}

/*
 * At login, once the account's key pair is in the session's key ring: every
 * class key wrapped for the account is opened, then pending grants are made
 * (class_grant_pending). A failure to grant does not stop the login.
 */
int
class_login(struct session *s, struct amp_err *err)
{
	struct amp_err	 gerr;
	struct stxn	*t;
	int		 rc;

	if ((rc = store_read(s->store, &t, err)) != AMP_OK)
		return (rc);
	rc = class_keys_unlock(t, s->user, s->keys, err);
	stxn_end(t);
	if (rc != AMP_OK)
		return (rc);
	if (class_grant_pending(s->store, s, &gerr) != AMP_OK)
		log_debug("%s: %s: granting failed: %s", __func__, s->user,
		    gerr.msg);
	return (AMP_OK);
}

struct sync_user {
	const struct session	*granter;
	const char		*name;
	struct amp_err		*err;
};

static int
sync_user_txn(struct stxn *t, void *arg)
{
	struct sync_user	*su = arg;
	struct account		 a;
	int			 rc;

	if ((rc = account_get(t, su->name, &a, su->err)) != AMP_OK)
		return (rc);
	rc = class_sync_account(t, su->granter, su->granter->forms->policy,
	    a.name, a.box_pk, a.role, su->err);
	account_free(&a);
	return (rc);
}

/*
 * class_sync_account for a stored account, in a write transaction of its
 * own (after an account is added by a granter's session).
 */
int
class_sync_user(const struct session *granter, const char *name,
    struct amp_err *err)
{
	struct sync_user	su;

	su.granter = granter;
	su.name = name;
	su.err = err;
	return (store_write(granter->store, sync_user_txn, &su, err));
}
