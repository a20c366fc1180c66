/* users.c: managing officials' accounts (add, lock, role, password) and assigning cases to them. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "amparo.h"

static int
need_power(const struct session *s, unsigned power, const char *what,
    struct amp_err *err)
{
	if (s->rp != NULL && (s->rp->admin & power) != 0)
		return (AMP_OK);
	return (err_set(err, AMP_EPERM,
	    _("%s failed: the role \"%s\" may not do it"), what, s->role));
}

static int
check_role(const struct session *s, const char *role, const char *what,
    struct amp_err *err)
{
	if (policy_role(s->forms->policy, role) != NULL)
		return (AMP_OK);
	return (err_set(err, AMP_EUSAGE,
	    _("%s failed: unknown role \"%s\" (one of: %s)"), what, role,
	    policy_role_names(s->forms->policy)));
}

static int
check_teams(char **teams, size_t n, const char *what, struct amp_err *err)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (!id_valid(teams[i]))
			return (err_set(err, AMP_EUSAGE,
			    _("%s failed: \"%s\" is not a valid team name (lower-case letters, digits and _)"),
			    what, teams[i]));
	}
	return (AMP_OK);
}

static char **
strv_copy(char **v, size_t n)
{
	char	**c;
	size_t	  i;

	if (n == 0)
		return (NULL);
	c = xcalloc(n, sizeof *c);
	for (i = 0; i < n; i++)
		c[i] = xstrdup(v[i]);
	return (c);
}

/* Hash a password, in one of the store's hashing slots. */
static int
hash_slot(struct session *s, int (*fn)(struct account *, const char *,
    size_t, struct session *, int, struct amp_err *), struct account *a,
    const char *pw, size_t pwlen, int own, struct amp_err *err)
{
	struct kdf_params	kp;
	int			slot, rc;

	kdf_params_for(s->level, &kp);
	slot = kdf_slot_acquire(store_dir(s->store), kp.mem);
	rc = fn(a, pw, pwlen, s, own, err);
	kdf_slot_release(slot);
	return (rc);
}

static int
make_account(struct account *a, const char *pw, size_t pwlen,
    struct session *s, int own, struct amp_err *err)
{
	char	*name = a->name, *role = a->role;
	int	 rc;

	(void)own;
	rc = account_make(a, name, role, pw, pwlen, s->keys, s->level, err);
	free(name);
	free(role);
	return (rc);
}

/*
 * An official keeps their key pair; an administrator's reset makes a new
 * one, since only the owner's password opened the old.
 */
static int
new_password(struct account *a, const char *pw, size_t pwlen,
    struct session *s, int own, struct amp_err *err)
{
	return (account_set_password(a, pw, pwlen, s->keys, own, s->level,
	    err));
}

/* A change to one account, made in one write transaction. */
struct acct_change {
	struct session	*s;
	const char	*name;
	const char	*action;	/* in the audit log */
	char		*detail;	/* its detail, if not the name */
	struct account	*add;		/* user add: the new account */
	int		 (*fn)(struct acct_change *, struct account *);
	int		 lock;
	const char	*role;
	char		**teams;
	size_t		 nteams;
	int		 set_teams;
	const struct account *renewed;	/* user passwd: the new secrets */
	struct amp_err	*err;
};

static int	set_role(struct acct_change *, struct account *);

static int
acct_change_txn(struct stxn *t, void *arg)
{
	struct acct_change	*c = arg;
	struct account		 a;
	unsigned char		 pk[BOX_KEY_BYTES];
	int			 rc;

	if (c->add != NULL) {
		if ((rc = account_put(t, c->add, 1, c->err)) != AMP_OK ||
		    (rc = class_sync_account(t, c->s, c->s->forms->policy,
		    c->add->name, c->add->box_pk, c->add->role, c->err)) !=
		    AMP_OK)
			return (rc);
		return (audit_note(t, c->s, c->action, 0, c->detail, c->err));
	}
	rc = account_get(t, c->name, &a, c->err);
	if (rc == AMP_ENOTFOUND)
		return (err_set(c->err, rc, _("there is no account \"%s\""),
		    c->name));
	if (rc != AMP_OK)
		return (rc);
	memcpy(pk, a.box_pk, sizeof pk);
	if ((rc = c->fn(c, &a)) == AMP_OK &&
	    (rc = account_put(t, &a, 0, c->err)) == AMP_OK) {
		if (memcmp(pk, a.box_pk, sizeof pk) != 0)
			rc = class_account_rekeyed(t, c->s,
			    c->s->forms->policy, a.name, a.box_pk, a.role,
			    c->err);
		else if (c->fn == set_role)
			rc = class_sync_account(t, c->s, c->s->forms->policy,
			    a.name, a.box_pk, a.role, c->err);
	}
	if (rc == AMP_OK)
		rc = audit_note(t, c->s, c->action, 0, c->detail != NULL ?
		    c->detail : c->name, c->err);
	account_free(&a);
	return (rc);
}

static int
acct_change(struct acct_change *c)
{
	int	rc;

	rc = store_write(c->s->store, acct_change_txn, c, c->err);
	free(c->detail);
	return (rc);
}

/* Add an account with a role (and teams) of the roles file. */
int
user_add(struct session *s, const char *name, const char *role, char **teams,
    size_t nteams, const char *pw, size_t pwlen, struct amp_err *err)
{
	const char		*what = _("adding the account");
	struct account		 a;
	struct acct_change	 c;
	int			 rc;

	if ((rc = need_power(s, PA_ACCOUNTS, what, err)) != AMP_OK ||
	    (rc = check_role(s, role, what, err)) != AMP_OK ||
	    (rc = check_teams(teams, nteams, what, err)) != AMP_OK)
		return (rc);
	memset(&a, 0, sizeof a);
	a.name = xstrdup(name);
	a.role = xstrdup(role);
	if ((rc = hash_slot(s, make_account, &a, pw, pwlen, 0, err)) != AMP_OK)
		return (rc);
	a.teams = strv_copy(teams, nteams);
	a.nteams = nteams;
	memset(&c, 0, sizeof c);
	c.s = s;
	c.name = name;
	c.action = "user-add";
	c.detail = xsprintf("%s %s", name, role);
	c.add = &a;
	c.err = err;
	rc = acct_change(&c);
	account_free(&a);
	return (rc);
}

static int
set_lock(struct acct_change *c, struct account *a)
{
	a->locked = c->lock;
	if (!c->lock)
		a->failures = 0;
	return (AMP_OK);
}

/* Lock an account, or unlock it and forget its failed logins. */
int
user_lock(struct session *s, const char *name, int lock, struct amp_err *err)
{
	struct acct_change	c;
	int			rc;

	if ((rc = need_power(s, PA_ACCOUNTS, lock ? _("locking the account") :
	    _("unlocking the account"), err)) != AMP_OK)
		return (rc);
	if (lock && strcmp(name, s->user) == 0)
		return (err_set(err, AMP_EUSAGE,
		    _("locking the account failed: you cannot lock your own account")));
	memset(&c, 0, sizeof c);
	c.s = s;
	c.name = name;
	c.fn = set_lock;
	c.action = lock ? "user-lock" : "user-unlock";
	c.lock = lock;
	c.err = err;
	return (acct_change(&c));
}

static int
set_role(struct acct_change *c, struct account *a)
{
	free(a->role);
	a->role = xstrdup(c->role);
	if (c->set_teams) {
		strv_free(a->teams, a->nteams);
		a->teams = strv_copy(c->teams, c->nteams);
		a->nteams = c->nteams;
	}
	return (AMP_OK);
}

/* Give an account another role, and (when set_teams) these teams. */
int
user_set_role(struct session *s, const char *name, const char *role,
    char **teams, size_t nteams, int set_teams, struct amp_err *err)
{
	const char		*what = _("changing the role");
	struct acct_change	 c;
	int			 rc;

	if ((rc = need_power(s, PA_ACCOUNTS, what, err)) != AMP_OK ||
	    (rc = check_role(s, role, what, err)) != AMP_OK ||
	    (rc = check_teams(teams, nteams, what, err)) != AMP_OK)
		return (rc);
	memset(&c, 0, sizeof c);
	c.s = s;
	c.name = name;
	c.fn = set_role;
	c.action = "user-role";
	c.detail = xsprintf("%s %s", name, role);
	c.role = role;
	c.teams = teams;
	c.nteams = nteams;
	c.set_teams = set_teams;
	c.err = err;
	return (acct_change(&c));
}

static int
set_password(struct acct_change *c, struct account *a)
{
	account_take_secrets(a, c->renewed);
	return (AMP_OK);
}

/* A new password: one's own, or anyone's for an administrator. */
int
user_passwd(struct session *s, const char *name, const char *pw,
    size_t pwlen, struct amp_err *err)
{
	struct acct_change	c;
	struct account		a;
	struct stxn		*t;
	int			rc;

	if (strcmp(name, s->user) != 0 && (rc = need_power(s, PA_ACCOUNTS,
	    _("changing the password"), err)) != AMP_OK)
		return (rc);
	/* Hashed before the write, with the account as it is now. */
	if ((rc = store_read(s->store, &t, err)) != AMP_OK)
		return (rc);
	rc = account_get(t, name, &a, err);
	stxn_end(t);
	if (rc == AMP_ENOTFOUND)
		return (err_set(err, rc, _("there is no account \"%s\""),
		    name));
	if (rc != AMP_OK)
		return (rc);
	if ((rc = hash_slot(s, new_password, &a, pw, pwlen,
	    strcmp(name, s->user) == 0, err)) != AMP_OK) {
		account_free(&a);
		return (rc);
	}
	memset(&c, 0, sizeof c);
	c.s = s;
	c.name = name;
	c.fn = set_password;
	c.action = "user-passwd";
	c.detail = xsprintf("%s %s", name, strcmp(name, s->user) == 0 ?
	    "own" : "reset");
	c.renewed = &a;
	c.err = err;
	rc = acct_change(&c);
	account_free(&a);
	return (rc);
}

/* Assigning a case: a new version of it, with its new assignee. */
struct assign_ctx {
	struct session	*s;
	uint64_t	 id;
	const char	*to;		/* an account, "@team", or "" */
	struct record	*out;
	struct amp_err	*err;
};

/* One record's new version with its new assignee; the old goes to history. */
static int
assign_one(struct stxn *t, struct assign_ctx *c, uint64_t id,
    struct record *out)
{
	struct record	cur;
	unsigned char	key[8], hkey[16];
	int		rc;

	be64_put(key, id);
	rc = sealed_get(t, c->s, DB_RECORDS, key, sizeof key, &cur, c->err);
	if (rc == AMP_ENOTFOUND)
		return (err_set(c->err, rc, _("there is no case #%llu"),
		    (unsigned long long)id));
	if (rc != AMP_OK)
		return (rc);
	if ((rc = access_case(c->s, &cur, PF_VIEW, c->err)) != AMP_OK)
		goto out;
	history_key(hkey, cur.id, cur.version);
	if ((rc = sealed_put(t, c->s, DB_HISTORY, hkey, sizeof hkey, &cur,
	    c->err)) != AMP_OK)
		goto out;
	record_free(out);
	record_copy(out, &cur);
	out->version = cur.version + 1;
	out->updated = time_now();
	free(out->updated_by);
	out->updated_by = xstrdup(c->s->user);
	free(out->action);
	out->action = xstrdup("assign");
	free(out->assignee);
	out->assignee = *c->to != '\0' ? xstrdup(c->to) : NULL;
	if ((rc = sealed_put(t, c->s, DB_RECORDS, key, sizeof key, out,
	    c->err)) == AMP_OK)
		rc = audit_note(t, c->s, "assign", id,
		    *c->to != '\0' ? c->to : "queue", c->err);
out:
	record_free(&cur);
	return (rc);
}

/*
 * The case and the records its workflow steps made, which go where the
 * case goes.
 */
static int
assign_txn(struct stxn *t, void *arg)
{
	struct assign_ctx	*c = arg;
	struct account		 a;
	struct record		 child;
	uint64_t		*ids = NULL;
	size_t			 n = 0, i;
	int			 rc;

	if (*c->to != '\0' && *c->to != '@') {
		rc = account_get(t, c->to, &a, c->err);
		if (rc == AMP_ENOTFOUND)
			return (err_set(c->err, rc,
			    _("assigning failed: there is no account \"%s\""),
			    c->to));
		if (rc != AMP_OK)
			return (rc);
		account_free(&a);
	}
	if ((rc = assign_one(t, c, c->id, c->out)) != AMP_OK ||
	    (rc = case_children_in(t, c->s, c->id, &ids, &n, c->err)) !=
	    AMP_OK) {
		free(ids);
		return (rc);
	}
	record_init(&child);
	for (i = 0; i < n && rc == AMP_OK; i++)
		rc = assign_one(t, c, ids[i], &child);
	record_free(&child);
	free(ids);
	return (rc);
}

/*
 * Assign a case to an official, to a team ("@team"), or back to its
 * institution's queue (""). The previous version goes to history.
 */
int
case_assign(struct session *s, uint64_t id, const char *to,
    struct record *out, struct amp_err *err)
{
	struct assign_ctx	c;
	int			rc;

	record_init(out);
	if ((rc = need_power(s, PA_ASSIGN, _("assigning the case"), err)) !=
	    AMP_OK)
		return (rc);
	if (*to == '@' && !id_valid(to + 1))
		return (err_set(err, AMP_EUSAGE,
		    _("assigning failed: \"%s\" is not a valid team name (lower-case letters, digits and _)"),
		    to + 1));
	c.s = s;
	c.id = id;
	c.to = to;
	c.out = out;
	c.err = err;
	return (store_write(s->store, assign_txn, &c, err));
}
