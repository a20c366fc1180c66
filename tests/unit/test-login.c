/* test-login.c: logging in (lockout, renewed hashes), managing accounts, and need-to-know on cases. */

#include "unit.h"

static const char form_yaml[] =
    "form: note\n"
    "version: 1\n"
    "title: { es: Nota, en: Note }\n"
    "summary: [who]\n"
    "sections:\n"
    "  - id: main\n"
    "    label: { es: Nota, en: Note }\n"
    "    fields:\n"
    "      - id: who\n"
    "        type: text\n"
    "        label: { es: Quién, en: Who }\n"
    "        index: name\n";

/* Two institutions; the lockout after two failures, to keep the waits short. */
static const char roles_yaml[] =
    "settings:\n"
    "  lockout_attempts: 2\n"
    "  idle_lock_seconds: 30\n"
    "institutions:\n"
    "  - id: office\n"
    "    name: { es: Oficina, en: Office }\n"
    "  - id: border\n"
    "    name: { es: Frontera, en: Border }\n"
    "roles:\n"
    "  - id: admin\n"
    "    institution: office\n"
    "    label: { es: Admin, en: Admin }\n"
    "    all_forms: [view, create, edit, export]\n"
    "    cases: all\n"
    "    manage: [accounts, keys, audit, assign]\n"
    "  - id: clerk\n"
    "    institution: office\n"
    "    label: { es: Oficial, en: Clerk }\n"
    "    forms: { note: [view, create, edit] }\n"
    "    cases: assigned\n"
    "  - id: reader\n"
    "    institution: office\n"
    "    label: { es: Lector, en: Reader }\n"
    "    forms: { note: [view] }\n"
    "    cases: institution\n"
    "  - id: guard\n"
    "    institution: border\n"
    "    label: { es: Guardia, en: Guard }\n"
    "    forms: { note: [view, create] }\n"
    "    cases: assigned\n";

static struct formset	*forms;
static char		*forms_path;

static int
setup_forms(void **state)
{
	struct diags	d = { 0 };

	(void)state;
	forms_path = unit_tmpdir();
	free(unit_write_file(forms_path, "note.yaml", form_yaml,
	    strlen(form_yaml)));
	free(unit_write_file(forms_path, "access/roles.yaml", roles_yaml,
	    strlen(roles_yaml)));
	if (formset_load(forms_path, &forms, &d) != AMP_OK) {
		unit_print_diags(&d);
		return (-1);
	}
	diags_free(&d);
	return (0);
}

static int
teardown_forms(void **state)
{
	(void)state;
	formset_free(forms);
	unit_rmtree(forms_path);
	free(forms_path);
	return (0);
}

static int
setup_store(void **state)
{
	struct unit_store	*u = xcalloc(1, sizeof *u);

	unit_store_open(u, forms);
	*state = u;
	return (0);
}

static int
teardown_store(void **state)
{
	unit_store_close(*state);
	free(*state);
	return (0);
}

static struct session *
login(struct unit_store *u, const char *user, const char *pw, int want)
{
	struct session	*s = NULL;
	struct amp_err	 err = { 0, "" };
	int		 rc;

	rc = session_login(u->st, forms, user, pw, strlen(pw), &s, &err);
	if (rc != want)
		fail_msg("login %s: %d, not %d: %s", user, rc, want, err.msg);
	return (s);
}

static void
add(struct unit_store *u, const char *name, const char *role)
{
	struct amp_err	err = { 0, "" };

	if (user_add(u->s, name, role, NULL, 0, "pass word 1", 11, &err) !=
	    AMP_OK)
		fail_msg("user_add %s: %s", name, err.msg);
}

/* Count the audit entries of an action (and account, when not NULL). */
struct audit_count {
	const char	*action, *account;
	size_t		 n;
	int		 leaked;	/* an entry holds the typed name */
};

static int
count_entry(const struct audit_entry *e, void *arg)
{
	struct audit_count	*c = arg;

	if (strstr(e->account, "nobody-typed") != NULL ||
	    strstr(e->detail, "nobody-typed") != NULL)
		c->leaked = 1;
	if (strcmp(e->action, c->action) == 0 && (c->account == NULL ||
	    strcmp(e->account, c->account) == 0))
		c->n++;
	return (AMP_OK);
}

static size_t
audited(struct unit_store *u, const char *action, const char *account,
    int *leaked)
{
	struct audit_filter	f;
	struct audit_count	c = { action, account, 0, 0 };
	struct amp_err		err = { 0, "" };

	memset(&f, 0, sizeof f);
	assert_int_equal(audit_list(u->st, &f, count_entry, &c, &err), AMP_OK);
	if (leaked != NULL)
		*leaked = c.leaked;
	return (c.n);
}

static void
test_lockout_and_unlock(void **state)
{
	struct unit_store	*u = *state;
	struct session		*s;
	struct amp_err		 err = { 0, "" };
	int			 leaked;

	add(u, "ana", "clerk");
	assert_null(login(u, "ana", "wrong pass", AMP_EAUTH));
	/* The second failure in a row locks it: even the right password. */
	assert_null(login(u, "ana", "wrong pass", AMP_ELOCKED));
	assert_null(login(u, "ana", "pass word 1", AMP_ELOCKED));
	assert_int_equal(session_login(u->st, forms, "ana", "pass word 1", 11,
	    &s, &err), AMP_ELOCKED);
	assert_non_null(strstr(err.msg, "locked"));
	assert_int_equal(audited(u, "login-failed", "ana", NULL), 2);
	assert_int_equal(audited(u, "lock", "ana", NULL), 1);
	/* Only an administrator unlocks, and not herself out of a lock. */
	assert_int_equal(user_lock(u->s, "ana", 0, &err), AMP_OK);
	s = login(u, "ana", "pass word 1", AMP_OK);
	assert_int_equal(user_lock(s, "admin", 1, &err), AMP_EPERM);
	session_free(s);
	assert_int_equal(user_lock(u->s, "admin", 1, &err), AMP_EUSAGE);
	/* A success clears the count: one failure is not a lock. */
	assert_null(login(u, "ana", "wrong pass", AMP_EAUTH));
	session_free(login(u, "ana", "pass word 1", AMP_OK));
	assert_null(login(u, "ana", "wrong pass", AMP_EAUTH));
	session_free(login(u, "ana", "pass word 1", AMP_OK));
	/* An administrator's lock. */
	assert_int_equal(user_lock(u->s, "ana", 1, &err), AMP_OK);
	assert_null(login(u, "ana", "pass word 1", AMP_ELOCKED));
	assert_int_equal(audited(u, "user-lock", UNIT_ADMIN, NULL), 1);
	/* An unknown account is audited without the name typed. */
	assert_null(login(u, "nobody-typed", "x", AMP_EAUTH));
	assert_int_equal(audited(u, "login-failed", "-", &leaked), 1);
	assert_false(leaked);
}

static void
test_rehash_on_upgrade(void **state)
{
	struct unit_store	*u = *state;
	struct kdf_params	 want;
	struct account		 a;
	struct stxn		*t;
	struct amp_err		 err = { 0, "" };

	add(u, "ana", "clerk");
	assert_int_equal(store_set_level(u->st, KDF_INTERACTIVE, &err),
	    AMP_OK);
	session_free(login(u, "ana", "pass word 1", AMP_OK));
	kdf_params_for(KDF_INTERACTIVE, &want);
	assert_int_equal(store_read(u->st, &t, &err), AMP_OK);
	assert_int_equal(account_get(t, "ana", &a, &err), AMP_OK);
	stxn_end(t);
	assert_true(a.kdf.ops == want.ops && a.kdf.mem == want.mem);
	assert_false(account_needs_rehash(&a, KDF_INTERACTIVE));
	account_free(&a);
	/* The renewed hashes open the same keys: cases still read. */
	session_free(login(u, "ana", "pass word 1", AMP_OK));
	assert_null(login(u, "ana", "wrong pass", AMP_EAUTH));
}

static void
test_accounts_managed_by_administrators(void **state)
{
	struct unit_store	*u = *state;
	struct session		*s;
	struct amp_err		 err = { 0, "" };
	char			 north[] = "north", *teams[] = { north };

	assert_int_equal(user_add(u->s, "bea", "nobody", NULL, 0,
	    "pass word 1", 11, &err), AMP_EUSAGE);
	assert_non_null(strstr(err.msg, "admin, clerk, reader, guard"));
	assert_int_equal(user_add(u->s, "bea", "clerk", NULL, 0, "short", 5,
	    &err), AMP_EUSAGE);
	add(u, "bea", "clerk");
	s = login(u, "bea", "pass word 1", AMP_OK);
	assert_string_equal(s->institution, "office");
	assert_int_equal(s->idle_lock, 30);
	assert_int_equal(user_add(s, "cid", "clerk", NULL, 0, "pass word 1",
	    11, &err), AMP_EPERM);
	assert_int_equal(user_set_role(s, "bea", "admin", NULL, 0, 0, &err),
	    AMP_EPERM);
	/* Her own password she changes; another's she may not. */
	assert_int_equal(user_passwd(s, "bea", "new pass 22", 11, &err),
	    AMP_OK);
	assert_int_equal(user_passwd(s, UNIT_ADMIN, "new pass 22", 11, &err),
	    AMP_EPERM);
	session_free(s);
	assert_null(login(u, "bea", "pass word 1", AMP_EAUTH));
	session_free(login(u, "bea", "new pass 22", AMP_OK));
	assert_int_equal(user_set_role(u->s, "bea", "guard", teams, 1, 1,
	    &err), AMP_OK);
	s = login(u, "bea", "new pass 22", AMP_OK);
	assert_string_equal(s->institution, "border");
	assert_int_equal(s->nteams, 1);
	assert_string_equal(s->teams[0], "north");
	session_free(s);
	assert_int_equal(audited(u, "user-role", UNIT_ADMIN, NULL), 1);
	assert_int_equal(audited(u, "user-passwd", "bea", NULL), 1);
}

static uint64_t
note(struct session *s, const char *who, int want)
{
	struct record	r;
	struct verrs	ve = { 0 };
	struct amp_err	err = { 0, "" };
	uint64_t	id;
	int		rc;

	record_init(&r);
	r.form = xstrdup("note");
	rmap_set(&r.data, "who", who);
	if ((rc = case_create(s, &r, &ve, &err)) != want)
		fail_msg("case_create %s: %d, not %d: %s", who, rc, want,
		    err.msg);
	id = r.id;
	record_free(&r);
	verrs_free(&ve);
	return (id);
}

static int
sees(struct session *s, uint64_t id)
{
	struct record	r;
	struct amp_err	err = { 0, "" };
	int		rc;

	rc = case_get(s, id, &r, &err);
	if (rc == AMP_OK)
		record_free(&r);
	else if (rc != AMP_EPERM)
		fail_msg("case_get: %d %s", rc, err.msg);
	return (rc == AMP_OK);
}

static size_t
finds(struct session *s, const char *q)
{
	struct case_hit	*v;
	struct amp_err	 err = { 0, "" };
	size_t		 n;

	assert_int_equal(case_find(s, q, 50, &v, &n, &err), AMP_OK);
	case_hits_free(v, n);
	return (n);
}

static void
test_need_to_know(void **state)
{
	struct unit_store	*u = *state;
	struct session		*ana, *bea, *rex, *gil;
	struct record		 r;
	struct amp_err		 err = { 0, "" };
	uint64_t		 queued, own, border, team;
	char			 north[] = "north", *teams[] = { north };

	add(u, "ana", "clerk");
	add(u, "bea", "clerk");
	add(u, "rex", "reader");
	add(u, "gil", "guard");
	assert_int_equal(user_set_role(u->s, "bea", "clerk", teams, 1, 1,
	    &err), AMP_OK);
	ana = login(u, "ana", "pass word 1", AMP_OK);
	bea = login(u, "bea", "pass word 1", AMP_OK);
	rex = login(u, "rex", "pass word 1", AMP_OK);
	gil = login(u, "gil", "pass word 1", AMP_OK);

	queued = note(u->s, "Queued Quispe", AMP_OK);	/* office's queue */
	own = note(ana, "Owned Ortiz", AMP_OK);		/* assigned to ana */
	border = note(gil, "Border Bravo", AMP_OK);	/* assigned to gil */
	team = note(u->s, "Team Tapia", AMP_OK);
	note(rex, "Nope", AMP_EPERM);			/* view only */
	assert_int_equal(case_assign(u->s, team, "@north", &r, &err), AMP_OK);
	assert_string_equal(r.assignee, "@north");
	assert_int_equal(r.version, 2);
	record_free(&r);

	/* The institution's queue and one's own; not another's. */
	assert_true(sees(ana, queued) && sees(ana, own));
	assert_false(sees(ana, border) || sees(ana, team));
	assert_true(sees(bea, queued) && sees(bea, team));
	assert_false(sees(bea, own) || sees(bea, border));
	/* The whole institution, but not another institution's. */
	assert_true(sees(rex, queued) && sees(rex, own) && sees(rex, team));
	assert_false(sees(rex, border));
	assert_true(sees(gil, border));
	assert_false(sees(gil, queued) || sees(gil, own) || sees(gil, team));
	assert_true(sees(u->s, border));
	/* Search shows only what may be seen. */
	assert_int_equal(finds(ana, "owned"), 1);
	assert_int_equal(finds(bea, "owned"), 0);
	assert_int_equal(finds(gil, "queued"), 0);
	assert_int_equal(finds(u->s, "bravo"), 1);
	/* Assigning is a power; a clerk may not hand cases around. */
	assert_int_equal(case_assign(ana, queued, "ana", &r, &err), AMP_EPERM);
	record_free(&r);
	assert_int_equal(case_assign(u->s, border, "ana", &r, &err), AMP_OK);
	record_free(&r);
	assert_true(sees(ana, border));
	assert_int_equal(case_assign(u->s, border, "nobody", &r, &err),
	    AMP_ENOTFOUND);
	record_free(&r);
	assert_int_equal(audited(u, "assign", UNIT_ADMIN, NULL), 2);
	session_free(ana);
	session_free(bea);
	session_free(rex);
	session_free(gil);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lockout_and_unlock,
		    setup_store, teardown_store),
		cmocka_unit_test_setup_teardown(test_rehash_on_upgrade,
		    setup_store, teardown_store),
		cmocka_unit_test_setup_teardown(
		    test_accounts_managed_by_administrators, setup_store,
		    teardown_store),
		cmocka_unit_test_setup_teardown(test_need_to_know,
		    setup_store, teardown_store),
	};

	unit_crypto_setup();
	return (cmocka_run_group_tests(tests, setup_forms, teardown_forms));
}
