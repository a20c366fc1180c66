/* test-class.c: unit tests of confidentiality classes: sealing, who opens what, grants and revocation, rotation. */

#include "unit.h"

#include <sodium.h>

#include "cmd.h"

#define TODAY		"2026-03-07"
#define SECRET		"She told me what happened at the river crossing"

/*
 * A forms directory of the real intake form and lists with a roles file of
 * its own: officers without the gbv class, focal points with it, a keeper
 * who holds it and manages keys, and the administrator, who manages
 * accounts and keys but holds no class.
 */
static const char roles_yaml[] =
    "institutions:\n"
    "  - id: office\n"
    "    name: {en: Office, es: Oficina}\n"
    "roles:\n"
    "  - id: admin\n"
    "    institution: office\n"
    "    label: {en: Administrator, es: Administración}\n"
    "    all_forms: [view, create, edit, export]\n"
    "    cases: all\n"
    "    manage: [accounts, keys]\n"
    "  - id: officer\n"
    "    institution: office\n"
    "    label: {en: Officer, es: Oficial}\n"
    "    all_forms: [view, create, edit, export]\n"
    "    cases: all\n"
    "  - id: focal\n"
    "    institution: office\n"
    "    label: {en: GBV focal point, es: Punto focal de VBG}\n"
    "    all_forms: [view, create, edit]\n"
    "    classes: [gbv, protection]\n"
    "    cases: all\n"
    "  - id: keeper\n"
    "    institution: office\n"
    "    label: {en: Key keeper, es: Custodia de claves}\n"
    "    all_forms: [view, create, edit]\n"
    "    classes: [gbv, protection]\n"
    "    cases: all\n"
    "    manage: [keys]\n";

static char		*formsdir;
static struct formset	*forms;

static int
group_setup(void **state)
{
	struct diags	 d = { 0 };
	char		*p, *q;

	(void)state;
	formsdir = unit_tmpdir();
	p = xsprintf("%s/intake.yaml", unit_forms_dir());
	q = xsprintf("%s/intake.yaml", formsdir);
	if (symlink(p, q) != 0)
		return (-1);
	free(p);
	free(q);
	p = xsprintf("%s/lists", unit_forms_dir());
	q = xsprintf("%s/lists", formsdir);
	if (symlink(p, q) != 0)
		return (-1);
	free(p);
	free(q);
	free(unit_write_file(formsdir, "access/roles.yaml", roles_yaml,
	    strlen(roles_yaml)));
	if (formset_load(formsdir, &forms, &d) != AMP_OK) {
		unit_print_diags(&d);
		diags_free(&d);
		return (-1);
	}
	diags_free(&d);
	return (0);
}

static int
group_teardown(void **state)
{
	(void)state;
	formset_free(forms);
	unit_rmtree(formsdir);
	free(formsdir);
	return (0);
}

/* A store with the administrator logged in, and the sessions of others. */
struct world {
	struct unit_store	 u;
	struct session		*s[8];
	size_t			 ns;
};

static int
setup(void **state)
{
	struct world	*w;

	w = xcalloc(1, sizeof *w);
	unit_store_open(&w->u, forms);
	*state = w;
	return (0);
}

static int
teardown(void **state)
{
	struct world	*w = *state;
	size_t		 i;

	for (i = 0; i < w->ns; i++)
		session_free(w->s[i]);
	unit_store_close(&w->u);
	free(w);
	return (0);
}

struct sync_ctx {
	const struct session	*granter;
	const char		*name;
	struct amp_err		*err;
};

static int
sync_txn(struct stxn *t, void *arg)
{
	struct sync_ctx	*c = arg;
	struct account	 a;
	int		 rc;

	if ((rc = account_get(t, c->name, &a, c->err)) != AMP_OK)
		return (rc);
	rc = class_sync_account(t, c->granter, forms->policy, a.name,
	    a.box_pk, a.role, c->err);
	account_free(&a);
	return (rc);
}

/* What adding an account or changing its role does to its class keys. */
static int
sync_account(struct world *w, const struct session *granter, const char *name,
    struct amp_err *err)
{
	struct sync_ctx	c;

	c.granter = granter;
	c.name = name;
	c.err = err;
	return (store_write(w->u.st, sync_txn, &c, err));
}

static void
add_account(struct world *w, const char *name, const char *role)
{
	struct amp_err	err = { 0, "" };

	if (user_add(w->u.s, name, role, NULL, 0, UNIT_PASSWORD,
	    strlen(UNIT_PASSWORD), &err) != AMP_OK)
		fail_msg("user_add %s: %s", name, err.msg);
	if (sync_account(w, w->u.s, name, &err) != AMP_OK)
		fail_msg("class_sync_account %s: %s", name, err.msg);
}

/* Log in as a login does: every wrap opened, pending grants made. */
static struct session *
login(struct world *w, const char *name)
{
	struct amp_err	 err = { 0, "" };
	struct session	*s;
	struct stxn	*t;

	if (session_login(w->u.st, forms, name, UNIT_PASSWORD,
	    strlen(UNIT_PASSWORD), &s, &err) != AMP_OK)
		fail_msg("session_login %s: %s", name, err.msg);
	if (store_read(w->u.st, &t, &err) != AMP_OK ||
	    class_keys_unlock(t, name, s->keys, &err) != AMP_OK)
		fail_msg("class_keys_unlock %s: %s", name, err.msg);
	stxn_end(t);
	if (class_grant_pending(w->u.st, s, &err) != AMP_OK)
		fail_msg("class_grant_pending %s: %s", name, err.msg);
	w->s[w->ns++] = s;
	return (s);
}

/* A valid intake record, with an account of violence (class gbv). */
static void
person(struct record *r, const char *given, const char *secret)
{
	record_init(r);
	r->form = xstrdup("intake");
	rmap_set(&r->data, "given_names", given);
	rmap_set(&r->data, "family_names", "Rojas");
	rmap_set(&r->data, "sex", "female");
	rmap_set(&r->data, "birth_date", "1990-03-07");
	rmap_set(&r->data, "nationality", "VEN");
	rmap_set(&r->data, "language", "spa");
	if (secret != NULL) {
		rmap_set(&r->data, "violence_survivor", "yes");
		rmap_set(&r->data, "violence_account", secret);
	}
}

static uint64_t
create(struct session *s, const char *given, const char *secret)
{
	struct record	 r;
	struct verrs	 ve = { 0 };
	struct amp_err	 err = { 0, "" };
	uint64_t	 id;

	person(&r, given, secret);
	if (case_create(s, &r, &ve, &err) != AMP_OK)
		fail_msg("case_create by %s: %s", s->user, err.msg);
	id = r.id;
	verrs_free(&ve);
	record_free(&r);
	return (id);
}

static void
get(struct session *s, uint64_t id, struct record *r)
{
	struct amp_err	err = { 0, "" };

	if (case_get(s, id, r, &err) != AMP_OK)
		fail_msg("case_get %llu by %s: %s", (unsigned long long)id,
		    s->user, err.msg);
}

static void
edit(struct session *s, uint64_t id, const char *field, const char *value)
{
	struct record		 r;
	struct verrs		 ve = { 0 };
	struct conflicts	 cf = { 0 };
	struct amp_err		 err = { 0, "" };

	get(s, id, &r);
	rmap_set(&r.data, field, value);
	if (case_update(s, &r, r.version, &ve, &cf, &err) != AMP_OK)
		fail_msg("case_update %llu by %s: %s", (unsigned long long)id,
		    s->user, err.msg);
	verrs_free(&ve);
	conflicts_free(&cf);
	record_free(&r);
}

/* The violence account of a case as stored: its marker. */
static char *
stored_marker(struct world *w, enum store_db db, const void *key, size_t kn)
{
	struct amp_err	 err = { 0, "" };
	struct record	 r;
	struct stxn	*t;
	char		*v;

	if (store_read(w->u.st, &t, &err) != AMP_OK ||
	    sealed_get_raw(t, w->u.s, db, key, kn, &r, &err) != AMP_OK)
		fail_msg("sealed_get_raw: %s", err.msg);
	stxn_end(t);
	v = rmap_get(&r.data, "violence_account") != NULL ?
	    xstrdup(rmap_get(&r.data, "violence_account")) : NULL;
	record_free(&r);
	return (v);
}

static char *
record_marker(struct world *w, uint64_t id)
{
	unsigned char	key[8];

	be64_put(key, id);
	return (stored_marker(w, DB_RECORDS, key, sizeof key));
}

/* Every sealed answer in records, history and drafts, as stored. */
struct markers {
	char	**v;
	size_t	  n;
};

static void
markers_of(struct markers *ms, const struct rmap *m)
{
	size_t	i, j;

	for (i = 0; i < m->n; i++) {
		if (m->v[i].kind == RF_STR && value_is_sealed(m->v[i].str)) {
			ms->v = xreallocarray(ms->v, ms->n + 1,
			    sizeof *ms->v);
			ms->v[ms->n++] = xstrdup(m->v[i].str);
		}
		for (j = 0; m->v[i].kind == RF_GROUP && j < m->v[i].nitems; j++)
			markers_of(ms, &m->v[i].items[j]);
	}
}

static void
all_markers(struct world *w, struct markers *ms)
{
	static const enum store_db	 dbs[] = { DB_RECORDS, DB_HISTORY,
					    DB_DRAFTS };
	struct amp_err			 err = { 0, "" };
	struct stxn			*t;
	struct scur			*c;
	struct sval			 k, v;
	struct record			 r;
	size_t				 i;
	int				 rc;

	memset(ms, 0, sizeof *ms);
	if (store_read(w->u.st, &t, &err) != AMP_OK)
		fail_msg("store_read: %s", err.msg);
	for (i = 0; i < nitems(dbs); i++) {
		if (scur_open(t, dbs[i], &c, &err) != AMP_OK)
			fail_msg("scur_open: %s", err.msg);
		for (rc = scur_get(c, SC_FIRST, &k, &v, &err); rc == AMP_OK;
		    rc = scur_get(c, SC_NEXT, &k, &v, &err)) {
			if (sealed_get_raw(t, w->u.s, dbs[i], k.p, k.n, &r,
			    &err) != AMP_OK)
				fail_msg("sealed_get_raw: %s", err.msg);
			markers_of(ms, &r.data);
			record_free(&r);
		}
		scur_close(c);
	}
	stxn_end(t);
}

static void
markers_free(struct markers *ms)
{
	size_t	i;

	for (i = 0; i < ms->n; i++)
		free(ms->v[i]);
	free(ms->v);
}

static int
meta_has(struct world *w, const char *key)
{
	struct amp_err	 err = { 0, "" };
	struct stxn	*t;
	struct sval	 v;
	int		 rc;

	if (store_read(w->u.st, &t, &err) != AMP_OK)
		fail_msg("store_read: %s", err.msg);
	rc = stxn_get(t, DB_META, key, strlen(key), &v, &err);
	stxn_end(t);
	return (rc == AMP_OK);
}

static void
class_pk(struct world *w, uint32_t gen, unsigned char *pk)
{
	struct amp_err	 err = { 0, "" };
	struct stxn	*t;

	if (store_read(w->u.st, &t, &err) != AMP_OK ||
	    class_pk_get(t, "gbv", gen, pk, &err) != AMP_OK)
		fail_msg("class_pk_get: %s", err.msg);
	stxn_end(t);
}

/* A marker seals, opens with the class's key only, and resists tampering. */
static void
test_seal_round_trip(void **state)
{
	unsigned char	 pk[BOX_KEY_BYTES], sk[BOX_KEY_BYTES];
	unsigned char	 pk2[BOX_KEY_BYTES], sk2[BOX_KEY_BYTES];
	char		*m, *m2, *out, cls[ID_MAX + 1];
	uint32_t	 gen;
	size_t		 len;

	(void)state;
	assert_int_equal(crypto_box_keypair(pk, sk), 0);
	assert_int_equal(crypto_box_keypair(pk2, sk2), 0);
	m = class_seal_value("gbv", 7, pk, SECRET, strlen(SECRET));
	assert_true(value_is_sealed(m));
	assert_null(strstr(m, "river"));
	assert_int_equal(sealed_parse(m, cls, sizeof cls, &gen), 0);
	assert_string_equal(cls, "gbv");
	assert_int_equal(gen, 7);
	assert_int_equal(class_open_with(m, pk, sk, &out), 0);
	assert_string_equal(out, SECRET);
	free(out);
	/* Another key pair, or the right one with another public key. */
	assert_int_not_equal(class_open_with(m, pk2, sk2, &out), 0);
	assert_null(out);
	assert_int_not_equal(class_open_with(m, pk2, sk, &out), 0);
	/* Twice the same value: two different markers. */
	m2 = class_seal_value("gbv", 7, pk, SECRET, strlen(SECRET));
	assert_string_not_equal(m, m2);
	free(m2);
	/* Another class or generation in the marker: the seal breaks. */
	m2 = xsprintf("\033Sprotection%s", strchr(m, ':'));
	assert_int_not_equal(class_open_with(m2, pk, sk, &out), 0);
	free(m2);
	m2 = class_seal_value("gbv", 8, pk, SECRET, strlen(SECRET));
	len = strlen(m2);
	memcpy(m2 + 6, m + 6, 4);	/* the generation from m */
	assert_int_not_equal(class_open_with(m2, pk, sk, &out), 0);
	free(m2);
	/* A flipped character anywhere in the blob. */
	m2 = xstrdup(m);
	len = strlen(m2);
	m2[len - 5] = m2[len - 5] == 'A' ? 'B' : 'A';
	assert_int_not_equal(class_open_with(m2, pk, sk, &out), 0);
	free(m2);
	/* Padded: "yes" and "no" seal to the same length. */
	m2 = class_seal_value("gbv", 7, pk, "yes", 3);
	out = class_seal_value("gbv", 7, pk, "no", 2);
	assert_int_equal(strlen(m2), strlen(out));
	free(m2);
	free(out);
	/* Nothing typed is a marker, and the display hides the value. */
	assert_false(value_is_sealed("S:abc"));
	assert_false(value_is_sealed(NULL));
	out = sealed_display(m);
	assert_string_equal(out, "(sealed: gbv)");
	free(out);
	free(m);
}

/* field_normalize never makes a marker of what is typed. */
static void
test_typed_marker_dropped(void **state)
{
	const struct form	*f = formset_find(forms, "intake");
	const struct field	*fld = form_field(f, "violence_account");
	char			*norm, *why;

	(void)state;
	assert_non_null(fld);
	assert_int_equal(field_normalize(fld, "\033Sgbv:AAAA", &norm, &why), 0);
	assert_false(value_is_sealed(norm));
	free(norm);
	fld = form_field(f, "given_names");
	assert_int_equal(field_normalize(fld, "\033Sgbv:AAAA", &norm, &why), 0);
	assert_false(value_is_sealed(norm));
	free(norm);
}

/*
 * An officer without the class records a disclosure (write-only) and cannot
 * read it back: not through the case, not through any key it holds.
 */
static void
test_nonholder_cannot_open(void **state)
{
	struct world			*w = *state;
	struct session			*off, *foc;
	struct record			 r;
	const struct field		*fld;
	unsigned char			 pk[BOX_KEY_BYTES];
	unsigned char			*blob;
	const unsigned char		*keys[7];
	const char			*b64, *v;
	char				*m, *out, *shown;
	struct buf			 ad = { 0 };
	struct rd			 rd;
	size_t				 blen, i;
	uint64_t			 id;

	add_account(w, "focal", "focal");
	add_account(w, "officer", "officer");
	foc = login(w, "focal");
	off = login(w, "officer");
	assert_non_null(keyring_class(foc->keys, "gbv", 1));
	assert_null(keyring_class(off->keys, "gbv", 1));
	assert_false(keyring_holds(off->keys, "gbv"));

	id = create(off, "Ana", SECRET);
	m = record_marker(w, id);
	assert_true(value_is_sealed(m));
	assert_null(strstr(m, "river"));

	/* Through the case: the officer sees the marker, shown as sealed. */
	get(off, id, &r);
	v = rmap_get(&r.data, "violence_account");
	assert_string_equal(v, m);
	fld = form_field(formset_find(forms, "intake"), "violence_account");
	shown = field_display(fld, v);
	assert_string_equal(shown, "(sealed: gbv)");
	free(shown);
	record_free(&r);

	/* Through the key itself: every key the officer has, as class key. */
	class_pk(w, 1, pk);
	keys[0] = off->keys->master;
	keys[1] = off->keys->record;
	keys[2] = off->keys->index;
	keys[3] = off->keys->draft;
	keys[4] = off->keys->audit;
	keys[5] = off->keys->export;
	keys[6] = off->keys->box_sk;
	for (i = 0; i < nitems(keys); i++) {
		assert_int_not_equal(class_open_with(m, pk, keys[i], &out), 0);
		assert_null(out);
	}
	assert_int_not_equal(class_open_value(off->keys, m, &out), 0);
	/* ... and as the value's symmetric key, skipping the exchange. */
	b64 = strchr(m, ':') + 1;
	blen = strlen(b64);
	blob = xmalloc(blen);
	assert_int_equal(sodium_base642bin(blob, blen, b64, strlen(b64), NULL,
	    &blen, NULL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING), 0);
	rd_init(&rd, blob, blen);
	assert_int_equal(rd_u8(&rd), 1);
	assert_int_equal(rd_varint(&rd), 1);
	assert_non_null(rd_fixed(&rd, BOX_KEY_BYTES));
	buf_add(&ad, "amparo:class:gbv:1", 18);
	out = xmalloc(blen);
	for (i = 0; i < nitems(keys); i++)
		assert_int_not_equal(unseal(out, rd.p + rd.off, rd.n - rd.off,
		    ad.p, ad.n, keys[i]), 0);
	free(out);
	free(blob);
	buf_free(&ad);
	/* No wrap of the class is the officer's. */
	assert_false(meta_has(w, "wrap:officer:gbv:0000000001"));
	assert_true(meta_has(w, "wrap:focal:gbv:0000000001"));

	/* The holder reads it. */
	get(foc, id, &r);
	assert_string_equal(rmap_get(&r.data, "violence_account"), SECRET);
	record_free(&r);
	assert_int_equal(class_open_value(foc->keys, m, &out), 0);
	assert_string_equal(out, SECRET);
	free(out);
	free(m);
}

/* A non-holder's edit keeps the sealed answer as it was; a holder reads it. */
static void
test_nonholder_edit_keeps_marker(void **state)
{
	struct world	*w = *state;
	struct session	*off, *foc;
	struct record	 r;
	struct verrs	 ve = { 0 };
	struct conflicts cf = { 0 };
	struct amp_err	 err = { 0, "" };
	unsigned char	 hkey[16];
	char		*m1, *m2, *mh;
	uint64_t	 id;

	add_account(w, "focal", "focal");
	add_account(w, "officer", "officer");
	foc = login(w, "focal");
	off = login(w, "officer");
	id = create(foc, "Berta", SECRET);
	m1 = record_marker(w, id);

	edit(off, id, "family_names", "Rojas Paz");
	m2 = record_marker(w, id);
	assert_string_equal(m1, m2);	/* byte for byte */
	history_key(hkey, id, 1);
	mh = stored_marker(w, DB_HISTORY, hkey, sizeof hkey);
	assert_true(value_is_sealed(mh));
	free(mh);

	/* Not asked any more for the officer, who cannot read it: kept. */
	edit(off, id, "violence_survivor", "no");
	free(m2);
	m2 = record_marker(w, id);
	assert_string_equal(m1, m2);

	/* The officer cannot change it from the command line either. */
	get(off, id, &r);
	assert_int_equal(cmd_apply_set(formset_find(forms, "intake"),
	    &r.data, "violence_account=other words", &err), AMP_EPERM);
	record_free(&r);

	/* The holder reads it, and edits it: sealed again, differently. */
	get(foc, id, &r);
	assert_string_equal(rmap_get(&r.data, "violence_account"), SECRET);
	rmap_set(&r.data, "violence_survivor", "yes");
	rmap_set(&r.data, "violence_account", SECRET " (2)");
	assert_int_equal(case_update(foc, &r, r.version, &ve, &cf, &err),
	    AMP_OK);
	record_free(&r);
	free(m2);
	m2 = record_marker(w, id);
	assert_true(value_is_sealed(m2));
	assert_string_not_equal(m1, m2);
	get(off, id, &r);
	assert_true(value_is_sealed(rmap_get(&r.data, "violence_account")));
	record_free(&r);
	get(foc, id, &r);
	assert_string_equal(rmap_get(&r.data, "violence_account"),
	    SECRET " (2)");
	record_free(&r);
	verrs_free(&ve);
	conflicts_free(&cf);
	free(m1);
	free(m2);
}

/* Without a holder there is no key: saving an answer of the class fails. */
static void
test_no_key_yet(void **state)
{
	struct world	*w = *state;
	struct session	*off;
	struct record	 r;
	struct verrs	 ve = { 0 };
	struct amp_err	 err = { 0, "" };

	add_account(w, "officer", "officer");
	off = login(w, "officer");
	person(&r, "Carla", SECRET);
	assert_int_equal(case_create(off, &r, &ve, &err), AMP_EPERM);
	assert_contains(err.msg, "no account holds the gbv key yet");
	record_free(&r);
	verrs_free(&ve);
	/* Without the answer, the case saves. */
	create(off, "Carla", NULL);
}

/* The last holder of a class cannot lose it; another can. */
static void
test_revoke_last_holder_refused(void **state)
{
	struct world	*w = *state;
	struct amp_err	 err = { 0, "" };
	int		 rc;

	add_account(w, "focal", "focal");
	/* Refused by the role change itself, or by the sync after it. */
	rc = user_set_role(w->u.s, "focal", "officer", NULL, 0, 0, &err);
	if (rc == AMP_OK)
		rc = sync_account(w, w->u.s, "focal", &err);
	assert_int_equal(rc, AMP_EPERM);
	assert_contains(err.msg, "no other account holds it");
	assert_true(meta_has(w, "wrap:focal:gbv:0000000001"));
}

/* Drafts are sealed too: the holder's reads back, the officer's does not. */
static void
test_drafts_sealed_not_indexed(void **state)
{
	struct world	*w = *state;
	struct session	*foc, *off;
	struct record	 r, back;
	struct amp_err	 err = { 0, "" };
	struct buf	 key = { 0 };
	char		*m;

	add_account(w, "focal", "focal");
	add_account(w, "officer", "officer");
	foc = login(w, "focal");
	off = login(w, "officer");
	person(&r, "Dora", SECRET);
	assert_int_equal(draft_save(foc, "new:intake:1", &r, &err), AMP_OK);
	buf_add(&key, "focal", 5);
	buf_add_u8(&key, 0);
	buf_add(&key, "new:intake:1", 12);
	m = stored_marker(w, DB_DRAFTS, key.p, key.n);
	assert_true(value_is_sealed(m));
	free(m);
	buf_free(&key);
	assert_int_equal(draft_load(foc, "new:intake:1", &back, &err), AMP_OK);
	assert_string_equal(rmap_get(&back.data, "violence_account"), SECRET);
	record_free(&back);
	/* The officer's view of the focal point's draft is not possible
	 * (drafts are their owner's), but its own keeps the marker. */
	assert_int_equal(draft_save(off, "new:intake:2", &r, &err), AMP_OK);
	assert_int_equal(draft_load(off, "new:intake:2", &back, &err), AMP_OK);
	assert_true(value_is_sealed(rmap_get(&back.data, "violence_account")));
	record_free(&back);
	record_free(&r);
}

/*
 * A rotation stopped half-way leaves every record readable by a holder
 * (logged in before it began, and after); resumed, it ends with only the
 * new generation left, and a non-holder's save in between is caught.
 */
static void
test_rotation_interrupted(void **state)
{
	struct world		*w = *state;
	struct session		*foc, *off, *kee, *again;
	struct rotate_opts	 o;
	struct rotate_stats	 st;
	struct class_info	*ci;
	struct markers		 ms;
	struct record		 r;
	struct amp_err		 err = { 0, "" };
	uint64_t		 ids[24];
	char			*secret, cls[ID_MAX + 1];
	uint32_t		 gen;
	size_t			 i, n, nci;

	add_account(w, "focal", "focal");
	add_account(w, "officer", "officer");
	add_account(w, "keeper", "keeper");
	foc = login(w, "focal");	/* grants the pending keeper */
	off = login(w, "officer");
	kee = login(w, "keeper");
	assert_non_null(keyring_class(kee->keys, "gbv", 1));
	for (i = 0; i < nitems(ids); i++) {
		secret = xsprintf("%s %zu", SECRET, i);
		ids[i] = create(i % 2 ? off : foc, "Eva", secret);
		free(secret);
		if (i % 3 == 0)
			edit(off, ids[i], "family_names", "Rojas Paz");
	}
	/* The administrator manages keys but does not hold the class. */
	memset(&o, 0, sizeof o);
	assert_int_equal(class_rotate(w->u.s, "gbv", &o, &st, &err),
	    AMP_EPERM);
	/* Nor may the holder who does not manage keys. */
	assert_int_equal(class_rotate(foc, "gbv", &o, &st, &err), AMP_EPERM);

	o.batch = 5;
	o.max_batches = 3;
	assert_int_equal(class_rotate(kee, "gbv", &o, &st, &err), AMP_OK);
	assert_false(st.done);
	assert_int_equal(st.from, 1);
	assert_int_equal(st.to, 2);
	assert_int_equal(st.values, 15);
	assert_true(meta_has(w, "class:gbv:rotating"));
	assert_true(meta_has(w, "class:gbv:pk:0000000001"));
	assert_true(meta_has(w, "wrap:focal:gbv:0000000002"));
	assert_false(meta_has(w, "wrap:officer:gbv:0000000002"));
	assert_int_equal(class_status(w->u.st, forms->policy, &ci, &nci,
	    &err), AMP_OK);
	for (i = 0; i < nci && strcmp(ci[i].id, "gbv") != 0; i++)
		;
	assert_true(i < nci);
	assert_int_equal(ci[i].gen, 1);
	assert_int_equal(ci[i].rotating, 2);
	class_status_free(ci, nci);
	all_markers(w, &ms);
	for (i = n = 0; i < ms.n; i++) {
		assert_int_equal(sealed_parse(ms.v[i], cls, sizeof cls, &gen),
		    0);
		n += gen == 2;
	}
	assert_true(n > 0 && n < ms.n);		/* both generations */
	markers_free(&ms);

	/* Every case opens for holders: one logged in before, one after. */
	again = login(w, "focal");
	for (i = 0; i < nitems(ids); i++) {
		secret = xsprintf("%s %zu", SECRET, i);
		get(foc, ids[i], &r);
		assert_string_equal(rmap_get(&r.data, "violence_account"),
		    secret);
		record_free(&r);
		get(again, ids[i], &r);
		assert_string_equal(rmap_get(&r.data, "violence_account"),
		    secret);
		record_free(&r);
		if (case_get_version(again, ids[i], 1, &r, &err) != AMP_OK)
			fail_msg("case_get_version: %s", err.msg);
		assert_string_equal(rmap_get(&r.data, "violence_account"),
		    secret);
		record_free(&r);
		free(secret);
	}
	/* New answers are sealed to the new generation already. */
	ids[0] = create(off, "Flor", SECRET);
	secret = record_marker(w, ids[0]);
	assert_int_equal(sealed_parse(secret, cls, sizeof cls, &gen), 0);
	assert_int_equal(gen, 2);
	free(secret);
	/* Resumed: it ends, with nothing of generation 1 left. */
	memset(&o, 0, sizeof o);
	assert_int_equal(class_rotate(kee, "gbv", &o, &st, &err), AMP_OK);
	assert_true(st.done);
	assert_int_equal(st.to, 2);
	assert_false(meta_has(w, "class:gbv:rotating"));
	assert_false(meta_has(w, "class:gbv:rotate-at"));
	assert_false(meta_has(w, "class:gbv:pk:0000000001"));
	assert_false(meta_has(w, "wrap:focal:gbv:0000000001"));
	assert_false(meta_has(w, "wrap:keeper:gbv:0000000001"));
	assert_true(meta_has(w, "wrap:keeper:gbv:0000000002"));
	all_markers(w, &ms);
	assert_true(ms.n >= nitems(ids));
	for (i = 0; i < ms.n; i++) {
		assert_int_equal(sealed_parse(ms.v[i], cls, sizeof cls, &gen),
		    0);
		assert_int_equal(gen, 2);
	}
	markers_free(&ms);
	again = login(w, "focal");
	assert_null(keyring_class(again->keys, "gbv", 1));
	for (i = 1; i < nitems(ids); i++) {
		secret = xsprintf("%s %zu", SECRET, i);
		get(again, ids[i], &r);
		assert_string_equal(rmap_get(&r.data, "violence_account"),
		    secret);
		record_free(&r);
		free(secret);
	}
}

/*
 * A save that keeps an answer of the old generation while a rotation runs
 * makes the rotation walk once more; after the end, such a save is refused.
 */
static void
test_rotation_stale_save(void **state)
{
	static const unsigned char	 pk[BOX_KEY_BYTES] = { 9 };
	struct world			*w = *state;
	struct session			*off, *kee;
	struct rotate_opts		 o;
	struct rotate_stats		 st;
	struct record			 r;
	struct verrs			 ve = { 0 };
	struct conflicts		 cf = { 0 };
	struct amp_err			 err = { 0, "" };
	char				*m, cls[ID_MAX + 1];
	uint32_t			 gen;
	uint64_t			 id;

	add_account(w, "focal", "focal");
	add_account(w, "officer", "officer");
	add_account(w, "keeper", "keeper");
	login(w, "focal");
	off = login(w, "officer");
	kee = login(w, "keeper");
	id = create(off, "Gina", SECRET);
	create(off, "Hanna", SECRET);
	get(off, id, &r);		/* read under generation 1 */
	memset(&o, 0, sizeof o);
	o.batch = 1;
	o.max_batches = 1;
	assert_int_equal(class_rotate(kee, "gbv", &o, &st, &err), AMP_OK);
	assert_false(st.done);
	assert_int_equal(st.values, 1);
	m = record_marker(w, id);
	assert_int_equal(sealed_parse(m, cls, sizeof cls, &gen), 0);
	assert_int_equal(gen, 2);	/* walked */
	free(m);
	/* The officer saves what was read before: the old marker, kept. */
	rmap_set(&r.data, "family_names", "Rojas Paz");
	assert_int_equal(case_update(off, &r, r.version, &ve, &cf, &err),
	    AMP_OK);
	record_free(&r);
	m = record_marker(w, id);
	assert_int_equal(sealed_parse(m, cls, sizeof cls, &gen), 0);
	assert_int_equal(gen, 1);
	free(m);
	assert_true(meta_has(w, "class:gbv:stale"));
	memset(&o, 0, sizeof o);
	assert_int_equal(class_rotate(kee, "gbv", &o, &st, &err), AMP_OK);
	assert_true(st.done);
	assert_int_equal(st.passes, 1);	/* walked once more */
	assert_false(meta_has(w, "class:gbv:stale"));
	m = record_marker(w, id);
	assert_int_equal(sealed_parse(m, cls, sizeof cls, &gen), 0);
	assert_int_equal(gen, 2);
	free(m);
	/* After the end, a marker of the old generation cannot be written. */
	get(off, id, &r);
	m = class_seal_value("gbv", 1, pk, "x", 1);
	rmap_set(&r.data, "violence_account", m);
	free(m);
	rmap_set(&r.data, "family_names", "Rojas Luz");
	assert_int_equal(case_update(off, &r, r.version, &ve, &cf, &err),
	    AMP_ECONFLICT);
	assert_contains(err.msg, "retired gbv key");
	record_free(&r);
	verrs_free(&ve);
	conflicts_free(&cf);
}

/*
 * A revoked holder loses its wrap, and once the class is rotated the secret
 * key it may have kept opens nothing in the store.
 */
static void
test_revoked_key_useless_after_rotation(void **state)
{
	struct world		*w = *state;
	struct session		*foc, *kee, *old;
	struct rotate_opts	 o;
	struct rotate_stats	 st;
	struct markers		 ms;
	struct amp_err		 err = { 0, "" };
	unsigned char		 oldpk[BOX_KEY_BYTES], oldsk[BOX_KEY_BYTES];
	const struct class_key	*ck;
	char			*out;
	size_t			 i;

	add_account(w, "focal", "focal");
	add_account(w, "focal2", "focal");
	add_account(w, "keeper", "keeper");
	foc = login(w, "focal");
	old = login(w, "focal2");
	kee = login(w, "keeper");
	create(foc, "Hilda", SECRET);
	create(old, "Irene", SECRET " 2");
	/* What a holder about to lose the class could keep. */
	ck = keyring_class(old->keys, "gbv", 1);
	assert_non_null(ck);
	memcpy(oldpk, ck->pk, BOX_KEY_BYTES);
	memcpy(oldsk, ck->sk, BOX_KEY_BYTES);

	if (user_set_role(w->u.s, "focal2", "officer", NULL, 0, 0, &err) !=
	    AMP_OK)
		fail_msg("user_set_role: %s", err.msg);
	assert_int_equal(sync_account(w, w->u.s, "focal2", &err), AMP_OK);
	assert_false(meta_has(w, "wrap:focal2:gbv:0000000001"));
	assert_true(meta_has(w, "wrap:focal:gbv:0000000001"));
	/* Before the rotation the kept key still opens what is stored. */
	all_markers(w, &ms);
	assert_true(ms.n >= 2);
	assert_int_equal(class_open_with(ms.v[0], oldpk, oldsk, &out), 0);
	wipe(out, strlen(out));
	free(out);
	markers_free(&ms);

	memset(&o, 0, sizeof o);
	assert_int_equal(class_rotate(kee, "gbv", &o, &st, &err), AMP_OK);
	assert_true(st.done);
	all_markers(w, &ms);
	assert_true(ms.n >= 2);
	for (i = 0; i < ms.n; i++) {
		assert_int_not_equal(class_open_with(ms.v[i], oldpk, oldsk,
		    &out), 0);
		assert_int_equal(class_open_value(foc->keys, ms.v[i], &out) ==
		    0 || class_open_value(kee->keys, ms.v[i], &out) == 0, 1);
		wipe(out, strlen(out));
		free(out);
	}
	markers_free(&ms);
	/* Nor does the revoked account get the new generation. */
	assert_false(meta_has(w, "wrap:focal2:gbv:0000000002"));
	wipe(oldsk, sizeof oldsk);
}

/* A class on a section, a form or a repeat group passes to its fields. */
static void
test_class_inherited_and_checked(void **state)
{
	static const char form_yaml[] =
	    "form: f\n"
	    "version: 1\n"
	    "title: {en: F, es: F}\n"
	    "confidential: protection\n"
	    "sections:\n"
	    "  - id: a\n"
	    "    label: {en: A, es: A}\n"
	    "    confidential: gbv\n"
	    "    fields:\n"
	    "      - id: x\n"
	    "        type: text\n"
	    "        label: {en: X, es: X}\n"
	    "      - id: g\n"
	    "        type: repeat\n"
	    "        label: {en: G, es: G}\n"
	    "        confidential: health\n"
	    "        fields:\n"
	    "          - id: y\n"
	    "            type: text\n"
	    "            label: {en: Y, es: Y}\n"
	    "  - id: b\n"
	    "    label: {en: B, es: B}\n"
	    "    fields:\n"
	    "      - id: z\n"
	    "        type: text\n"
	    "        label: {en: Z, es: Z}\n";
	static const char bad_yaml[] =
	    "form: f\n"
	    "version: 1\n"
	    "title: {en: F, es: F}\n"
	    "summary: [x]\n"
	    "sections:\n"
	    "  - id: a\n"
	    "    label: {en: A, es: A}\n"
	    "    confidential: gbv\n"
	    "    fields:\n"
	    "      - id: x\n"
	    "        type: text\n"
	    "        label: {en: X, es: X}\n"
	    "        index: name\n";
	struct formset		*fs = NULL;
	struct diags		 d = { 0 };
	const struct form	*f;
	char			*dir, *p;
	size_t			 i;
	int			 idx = 0, sum = 0;

	static const char roles[] =
	    "institutions:\n"
	    "  - id: office\n"
	    "    name: {en: Office, es: Oficina}\n"
	    "roles:\n"
	    "  - id: admin\n"
	    "    institution: office\n"
	    "    label: {en: Administrator, es: Administración}\n"
	    "    all_forms: [view, create, edit]\n"
	    "    classes: [gbv, health, protection]\n"
	    "    cases: all\n"
	    "    manage: [accounts]\n";

	(void)state;
	dir = unit_tmpdir();
	free(unit_write_file(dir, "f.yaml", form_yaml, strlen(form_yaml)));
	free(unit_write_file(dir, "access/roles.yaml", roles, strlen(roles)));
	if (formset_load(dir, &fs, &d) != AMP_OK) {
		unit_print_diags(&d);
		fail();
	}
	f = formset_find(fs, "f");
	assert_string_equal(form_field(f, "x")->confidential, "gbv");
	assert_string_equal(form_field(f, "g")->confidential, "health");
	assert_string_equal(field_child(form_field(f, "g"), "y")->confidential,
	    "health");
	assert_string_equal(form_field(f, "z")->confidential, "protection");
	formset_free(fs);
	diags_free(&d);
	p = unit_write_file(dir, "f.yaml", bad_yaml, strlen(bad_yaml));
	free(p);
	fs = NULL;
	assert_int_equal(formset_load(dir, &fs, &d), AMP_EFORMS);
	for (i = 0; i < d.n; i++) {
		idx += strstr(d.v[i].msg, "a search index would give them away") !=
		    NULL;
		sum += strstr(d.v[i].msg, "whose answers are sealed") != NULL;
	}
	assert_int_equal(idx, 1);
	assert_int_equal(sum, 1);
	diags_free(&d);
	unit_rmtree(dir);
	free(dir);
}

/* A sealed answer counts as given; expressions see it unanswered. */
static void
test_sealed_answer_in_checks(void **state)
{
	const struct form	*f = formset_find(forms, "intake");
	struct rmap		 m = { 0 };
	struct verrs		 ve = { 0 };
	unsigned char		 pk[BOX_KEY_BYTES], sk[BOX_KEY_BYTES];
	char			*mk;
	size_t			 i;

	(void)state;
	assert_int_equal(crypto_box_keypair(pk, sk), 0);
	mk = class_seal_value("gbv", 1, pk, "x", 1);
	rmap_set(&m, "given_names", "Julia");
	rmap_set(&m, "family_names", "Rojas");
	rmap_set(&m, "sex", "female");
	rmap_set(&m, "birth_date", "1990-03-07");
	rmap_set(&m, "nationality", "VEN");
	rmap_set(&m, "language", "spa");
	rmap_set(&m, "violence_survivor", "yes");
	rmap_set(&m, "violence_account", mk);
	form_calculate(f, &m);
	form_clear_irrelevant(f, &m);
	assert_string_equal(rmap_get(&m, "violence_account"), mk);
	form_validate(f, &m, &ve);
	for (i = 0; i < ve.n; i++)
		print_message("# %s: %s\n", ve.v[i].path, ve.v[i].msg);
	assert_int_equal(ve.n, 0);
	verrs_free(&ve);
	rmap_free(&m);
	free(mk);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		cmocka_unit_test(test_seal_round_trip),
		cmocka_unit_test(test_typed_marker_dropped),
		T(test_nonholder_cannot_open),
		T(test_nonholder_edit_keeps_marker),
		T(test_no_key_yet),
		T(test_revoke_last_holder_refused),
		T(test_drafts_sealed_not_indexed),
		T(test_rotation_interrupted),
		T(test_rotation_stale_save),
		T(test_revoked_key_useless_after_rotation),
		cmocka_unit_test(test_class_inherited_and_checked),
		cmocka_unit_test(test_sealed_answer_in_checks),
#undef T
	};

	unit_crypto_setup();
	setenv("AMPARO_TODAY", TODAY, 1);
	lang_set(LANG_EN);
	return (cmocka_run_group_tests(tests, group_setup, group_teardown));
}
