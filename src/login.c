/* login.c: logging in: the password checked, failed attempts delayed and counted, accounts locked, hashes renewed. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "amparo.h"

#define LEVEL_KEY	"kdf-level"
#define DELAY_MAX	30	/* seconds after a failed login, at most */

static const char *const level_names[] = {
	[KDF_MIN] = "min", [KDF_INTERACTIVE] = "interactive",
	[KDF_MODERATE] = "moderate"
};

struct level_put {
	enum kdf_level	 level;
	struct session	*s;		/* an administrator's change, audited */
	struct amp_err	*err;
};

static int
level_put_txn(struct stxn *t, void *arg)
{
	struct level_put	*lp = arg;
	const char		*v = level_names[lp->level];
	int			 rc;

	rc = stxn_put(t, DB_META, LEVEL_KEY, strlen(LEVEL_KEY), v, strlen(v),
	    0, lp->err);
	if (rc == AMP_OK && lp->s != NULL)
		rc = audit_note(t, lp->s, "user-cost", 0, v, lp->err);
	return (rc);
}

/* The password cost of the store's accounts, chosen when it was made. */
int
store_set_level(struct store *st, enum kdf_level level, struct amp_err *err)
{
	struct level_put	lp = { level, NULL, err };

	return (store_write(st, level_put_txn, &lp, err));
}

/*
 * An administrator's new password cost for the store: each account's
 * hashes are made again at that cost at its next login (a cost may only be
 * raised).
 */
int
session_set_level(struct session *s, enum kdf_level level,
    struct amp_err *err)
{
	struct level_put	lp = { level, s, err };

	if (s->rp == NULL || (s->rp->admin & PA_ACCOUNTS) == 0)
		return (err_set(err, AMP_EPERM,
		    _("not allowed: the role \"%s\" may not change the password cost"),
		    s->role));
	if (level < s->level)
		return (err_set(err, AMP_EUSAGE,
		    _("changing the password cost failed: the store's is %s; it may be raised, not lowered"),
		    level_names[s->level]));
	return (store_write(s->store, level_put_txn, &lp, err));
}

enum kdf_level
store_level(struct stxn *t)
{
	struct amp_err	err;
	struct sval	v;
	enum kdf_level	level;
	char		buf[32];

	if (stxn_get(t, DB_META, LEVEL_KEY, strlen(LEVEL_KEY), &v, &err) !=
	    AMP_OK || v.n >= sizeof buf)
		return (KDF_INTERACTIVE);
	memcpy(buf, v.p, v.n);
	buf[v.n] = '\0';
	if (kdf_parse_level(buf, &level) != 0)
		return (KDF_INTERACTIVE);
	return (level);
}

/* What a login attempt changes in the account, in one write. */
struct attempt {
	const char		*user;
	const struct policy	*policy;
	int			 ok;		/* the password was right */
	unsigned		 lockout;	/* failures that lock */
	const struct account	*renewed;	/* new hashes, when ok */
	unsigned		 failures;	/* after this attempt */
	int			 locked;	/* now locked */
	struct amp_err		 err;
};

/* A failed login, and the lock it may cause, in the audit log. */
static int
attempt_audit(struct stxn *t, struct attempt *at, const struct account *a)
{
	const struct role	*r = policy_role(at->policy, a->role);
	struct audit_event	 ev;
	char			 n[32];
	int			 rc;

	memset(&ev, 0, sizeof ev);
	ev.account = a->name;
	ev.institution = r != NULL ? r->institution : "";
	ev.action = "login-failed";
	snprintf(n, sizeof n, "%u", a->failures);
	ev.detail = n;
	if ((rc = audit_append(t, &ev, &at->err)) != AMP_OK || !at->locked ||
	    a->failures != at->lockout)
		return (rc);
	ev.action = "lock";
	ev.detail = "failed logins";
	return (audit_append(t, &ev, &at->err));
}

static int
attempt_txn(struct stxn *t, void *arg)
{
	struct attempt	*at = arg;
	struct account	 a;
	int		 rc;

	if ((rc = account_get(t, at->user, &a, &at->err)) != AMP_OK)
		return (rc);
	if (at->ok) {
		a.failures = 0;
		if (at->renewed != NULL)	/* hashed before the write */
			account_take_secrets(&a, at->renewed);
	} else {
		a.failures++;
		a.failed_at = time_now();
		if (a.failures >= at->lockout)
			a.locked = 1;
	}
	at->failures = a.failures;
	at->locked = a.locked;
	if ((rc = account_put(t, &a, 0, &at->err)) == AMP_OK && !at->ok)
		rc = attempt_audit(t, at, &a);
	account_free(&a);
	return (rc);
}

/* The wait after the n-th failed login in a row: 1, 2, 3... seconds. */
static void
failure_delay(unsigned n)
{
	struct timespec	ts;

	ts.tv_sec = n < DELAY_MAX ? n : DELAY_MAX;
	ts.tv_nsec = 0;
	while (nanosleep(&ts, &ts) != 0)
		continue;
}

static int
locked_error(const char *user, unsigned lockout, struct amp_err *err)
{
	return (err_set(err, AMP_ELOCKED,
	    _("login failed: the account \"%s\" is locked (%u failed logins, or by an administrator); an administrator can unlock it with \"amparo user unlock %s\""),
	    user, lockout, user));
}

static int
unknown_txn(struct stxn *t, void *arg)
{
	struct audit_event	ev;
	struct amp_err		err;

	(void)arg;
	memset(&ev, 0, sizeof ev);
	ev.account = "-";
	ev.institution = "";
	ev.action = "login-failed";
	ev.detail = "unknown account";
	return (audit_append(t, &ev, &err) == AMP_OK ? AMP_OK : err.code);
}

static int
audit_unknown(struct store *st)
{
	struct amp_err	err;

	return (store_write(st, unknown_txn, NULL, &err));
}

/*
 * Log in: check the password and unwrap the keys. An unknown account costs
 * the same key derivations as a known one, so the time taken does not tell
 * which account names exist. A failure waits longer each time and, at the
 * roles file's lockout count, locks the account; a success renews password
 * hashes made at a lower cost than the store's.
 */
int
session_login(struct store *st, const struct formset *fs, const char *user,
    const char *pw, size_t pwlen, struct session **out, struct amp_err *err)
{
	struct session		*s;
	struct account		 a;
	struct stxn		*t;
	struct keyring		*keys;
	struct attempt		 at;
	const struct role	*role;
	enum kdf_level		 level;
	int			 rc, slot;

	*out = NULL;
	if ((rc = store_read(st, &t, err)) != AMP_OK)
		return (rc);
	level = store_level(t);
	rc = account_name_valid(user) ? account_get(t, user, &a, err) :
	    AMP_ENOTFOUND;
	stxn_end(t);
	if (rc == AMP_ENOTFOUND) {
		memset(&a, 0, sizeof a);
		a.name = xstrdup("-");
		kdf_params_for(level, &a.kdf);
		keys = keyring_new();
		slot = kdf_slot_acquire(store_dir(st), a.kdf.mem);
		(void)account_unlock(&a, pw, pwlen, keys, err);
		kdf_slot_release(slot);
		keyring_free(keys);
		account_free(&a);
		/* Not the name typed: it may be a password typed too soon. */
		(void)audit_unknown(st);
		failure_delay(1);
		return (err_set(err, AMP_EAUTH,
		    _("login failed: wrong user name or password")));
	}
	if (rc != AMP_OK)
		return (rc);
	if (a.locked) {
		account_free(&a);
		return (locked_error(user, fs->policy->lockout, err));
	}
	keys = keyring_new();
	memset(&at, 0, sizeof at);
	slot = kdf_slot_acquire(store_dir(st), a.kdf.mem);
	at.ok = account_unlock(&a, pw, pwlen, keys, err) == AMP_OK;
	kdf_slot_release(slot);
	at.user = a.name;
	at.policy = fs->policy;
	at.lockout = fs->policy->lockout;
	if (!at.ok && err->code != AMP_EAUTH) {
		keyring_free(keys);
		account_free(&a);
		return (err->code);
	}
	/*
	 * Hashes made at a lower cost than the store's (or an account from
	 * before verifiers and key pairs) are made again now, outside the
	 * write: the password is at hand only at login.
	 */
	if (at.ok && account_needs_rehash(&a, level)) {
		slot = kdf_slot_acquire(store_dir(st), a.kdf.mem);
		rc = account_set_password(&a, pw, pwlen, keys,
		    a.verifier != NULL, level, err);
		if (rc != AMP_OK) {
			kdf_slot_release(slot);
			keyring_free(keys);
			account_free(&a);
			return (rc);
		}
		memcpy(keys->box_pk, a.box_pk, BOX_KEY_BYTES);
		if (account_unlock(&a, pw, pwlen, keys, err) != AMP_OK)
			fatalx("a renewed password hash does not open");
		kdf_slot_release(slot);
		at.renewed = &a;
	}
	if (!at.ok || a.failures > 0 || at.renewed != NULL) {
		if ((rc = store_write(st, attempt_txn, &at, &at.err)) !=
		    AMP_OK) {
			*err = at.err;
			keyring_free(keys);
			account_free(&a);
			return (rc);
		}
	}
	if (!at.ok) {
		keyring_free(keys);
		account_free(&a);
		failure_delay(at.failures);
		if (at.locked)
			return (locked_error(user, at.lockout, err));
		return (err_set(err, AMP_EAUTH,
		    _("login failed: wrong user name or password")));
	}
	if ((role = policy_role(fs->policy, a.role)) == NULL) {
		keyring_free(keys);
		rc = err_set(err, AMP_EPERM,
		    _("login failed: the role \"%s\" of the account \"%s\" is not in the roles file %s"),
		    a.role, a.name, fs->policy->file);
		account_free(&a);
		return (rc);
	}
	s = xcalloc(1, sizeof *s);
	s->store = st;
	s->forms = fs;
	s->keys = keys;
	s->user = xstrdup(a.name);
	s->role = xstrdup(a.role);
	s->rp = role;
	s->institution = xstrdup(role->institution);
	s->teams = a.teams;
	s->nteams = a.nteams;
	a.teams = NULL;
	a.nteams = 0;
	s->idle_lock = fs->policy->idle_lock;
	s->level = level;
	account_free(&a);
	if ((rc = class_login(s, err)) != AMP_OK ||
	    (rc = session_note(s, "login", 0, NULL, err)) != AMP_OK) {
		session_free(s);
		return (rc);
	}
	*out = s;
	return (AMP_OK);
}

/*
 * Check the password of a session's own account again, as the locked console
 * does before it shows the screen again; a failure counts as a failed login.
 */
int
session_verify_password(struct session *s, const char *pw, size_t pwlen,
    struct amp_err *err)
{
	struct session	*again;
	int		 rc;

	rc = session_login(s->store, s->forms, s->user, pw, pwlen, &again,
	    err);
	session_free(again);
	return (rc);
}

/* Recording in the audit log what the official did, alone in a write. */
struct note_ctx {
	struct session	*s;
	const char	*action;
	uint64_t	 record;
	const char	*detail;
	struct amp_err	*err;
};

static int
note_txn(struct stxn *t, void *arg)
{
	struct note_ctx	*n = arg;

	return (audit_note(t, n->s, n->action, n->record, n->detail, n->err));
}

/*
 * Audit an act that changes nothing else (a view, an export, a report), in
 * a write of its own before its result is shown: no record, no show.
 */
int
session_note(struct session *s, const char *action, uint64_t record,
    const char *detail, struct amp_err *err)
{
	struct note_ctx	n;

	n.s = s;
	n.action = action;
	n.record = record;
	n.detail = detail;
	n.err = err;
	return (store_write(s->store, note_txn, &n, err));
}
