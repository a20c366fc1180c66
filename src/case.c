/* case.c: cases: create, read, update with field-level merge, history, lookup and name search. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "amparo.h"

/*
 * History keys: the case id then the version, both big-endian, so versions
 * sort.
 */
void
history_key(unsigned char *k, uint64_t id, uint64_t version)
{
	be64_put(k, id);
	be64_put(k + 8, version);
}

const struct form *
case_form(struct session *s, const char *id, struct amp_err *err)
{
	const struct form	*f;

	if (id == NULL || (f = formset_find(s->forms, id)) == NULL) {
		err_set(err, AMP_EFORMS, _("the form \"%s\" is not installed"),
		    id != NULL ? id : "?");
		return (NULL);
	}
	return (f);
}

int
case_invalid(struct verrs *ve, struct amp_err *err)
{
	if (ve->n == 1)
		return (err_set(err, AMP_EINVAL, _("saving failed: %s: %s"),
		    ve->v[0].path, ve->v[0].msg));
	return (err_set(err, AMP_EINVAL,
	    _("saving failed: %zu fields need attention (first: %s: %s)"),
	    ve->n, ve->v[0].path, ve->v[0].msg));
}

/*
 * Make a record's answers what the form would save: calculations done,
 * answers to questions no longer asked cleared, then every field checked.
 * Returns the number of problems added to ve.
 */
int
case_prepare(const struct form *f, struct rmap *data, struct verrs *ve)
{
	form_calculate(f, data);
	form_clear_irrelevant(f, data);
	form_calculate(f, data);
	return (form_validate(f, data, ve));
}

/*
 * Stamp a new record: version 1 of the form's current version, made now (or
 * at r->created, for generated stores) by this official, in its workflow's
 * initial state.
 */
void
case_stamp_new(struct session *s, const struct form *f, struct record *r)
{
	const struct workflow	*w = workflow_for(s->forms, f->id);

	r->version = 1;
	r->form_version = f->version;
	if (r->created == 0)
		r->created = time_now();
	r->updated = r->created;
	if (r->created_by == NULL)
		r->created_by = xstrdup(s->user);
	free(r->updated_by);
	r->updated_by = xstrdup(r->created_by);
	free(r->state);
	r->state = w != NULL ? xstrdup(w->initial) : NULL;
	r->state_since = w != NULL ? r->created : 0;
	free(r->action);
	r->action = xstrdup("create");
}

struct create_ctx {
	struct session		*s;
	const struct form	*f;
	struct record		*r;
	const struct terms	*terms;
	const char		*action;	/* in the audit log */
	const char		*detail;
	struct amp_err		*err;
};

static int
create_txn(struct stxn *t, void *arg)
{
	struct create_ctx	*c = arg;
	unsigned char		 key[8];
	int			 rc;

	if ((rc = form_catalog_note(t, c->s->forms, c->f, c->err)) != AMP_OK ||
	    (rc = stxn_next_id(t, "case", &c->r->id, c->err)) != AMP_OK ||
	    (rc = audit_note(t, c->s, c->action, c->r->id, c->detail,
	    c->err)) != AMP_OK)
		return (rc);
	be64_put(key, c->r->id);
	if ((rc = sealed_put(t, c->s, DB_RECORDS, key, sizeof key, c->r,
	    c->err)) != AMP_OK)
		return (rc);
	return (index_update(t, c->r->id, NULL, c->terms, c->err));
}

/*
 * Write a new record, stamped and checked by the caller, under the next
 * case number with its index terms, audited as action (and detail).
 */
int
case_insert(struct session *s, const struct form *f, struct record *r,
    const struct terms *terms, const char *action, const char *detail,
    struct amp_err *err)
{
	return (case_insert_in(NULL, s, f, r, terms, action, detail, err));
}

/*
 * The same in the caller's write transaction t (with other changes), or
 * in one of its own when t is NULL.
 */
int
case_insert_in(struct stxn *t, struct session *s, const struct form *f,
    struct record *r, const struct terms *terms, const char *action,
    const char *detail, struct amp_err *err)
{
	struct create_ctx	c;

	c.s = s;
	c.f = f;
	c.r = r;
	c.terms = terms;
	c.action = action;
	c.detail = detail;
	c.err = err;
	if (t == NULL)
		return (store_write(s->store, create_txn, &c, err));
	return (create_txn(t, &c));
}

/*
 * Save a new case. The record's form and data are the caller's; its number,
 * version and times are set here. Problems with the data are listed in ve.
 */
int
case_create(struct session *s, struct record *r, struct verrs *ve,
    struct amp_err *err)
{
	const struct form	*f;
	struct terms		 terms = { 0 };
	struct record		*deps = NULL;
	size_t			 ndeps = 0;
	int			 rc;

	if ((f = case_form(s, r->form, err)) == NULL)
		return (err->code);
	if (access_form(s, f->id, PF_CREATE, err) != AMP_OK)
		return (err->code);
	if (workflow_has_sides(workflow_for(s->forms, f->id)))
		return (err_set(err, AMP_EUSAGE,
		    _("saving failed: the form \"%s\" is a referral: send it from a case (amparo referral send)"),
		    f->id));
	if (strcmp(f->id, DOCUMENT_FORM) == 0 ||
	    strcmp(f->id, RENEWAL_OUTCOME_FORM) == 0)
		return (err_set(err, AMP_EUSAGE,
		    _("saving failed: a record of the form \"%s\" belongs to a person's case: use amparo document add or amparo renewal record"),
		    f->id));
	if (strcmp(f->id, CARD_FORM) == 0)
		return (err_set(err, AMP_EUSAGE,
		    _("saving failed: a card is signed, not typed in: use amparo card issue")));
	if (case_prepare(f, &r->data, ve) > 0)
		return (case_invalid(ve, err));
	r->created = 0;
	free(r->created_by);
	r->created_by = NULL;
	case_stamp_new(s, f, r);
	access_stamp_new(s, r);
	terms_for_record(s, f, &r->data, &terms);
	terms_add_state(s, f->id, r->state, &terms);
	/* Renewal sessions are few, and all listed (renewal_list). */
	if (strcmp(f->id, RENEWAL_SESSION_FORM) == 0)
		terms_for_form(s, f->id, &terms);
	if ((rc = household_dependants(s, f, r, &deps, &ndeps, ve, err)) ==
	    AMP_OK && ndeps > 0)
		rc = household_insert(s, f, r, &terms, deps, ndeps, err);
	else if (rc == AMP_OK)
		rc = case_insert(s, f, r, &terms, "create", f->id, err);
	household_free(deps, ndeps);
	terms_free(&terms);
	log_debug("%s: case %llu by %s: %d", __func__,
	    (unsigned long long)r->id, s->user, rc);
	return (rc);
}

struct bulk_ctx {
	struct session		*s;
	struct record		*v;
	size_t			 n;
	struct terms		*terms;
	struct amp_err		*err;
};

/* An index entry of a batch: a term and a case id, sorted together. */
struct bulk_entry {
	unsigned char	term[BLIND_BYTES];
	unsigned char	id[8];
};

static int
bulk_entry_cmp(const void *a, const void *b)
{
	return (memcmp(a, b, sizeof(struct bulk_entry)));
}

/*
 * The batch's records, then its index entries in term order, so that each
 * term's page is visited once rather than once a person.
 */
static int
bulk_txn(struct stxn *t, void *arg)
{
	struct bulk_ctx		*c = arg;
	struct bulk_entry	*e;
	struct audit_event	 ev = { c->s->user, c->s->institution,
				    "create", 0, NULL };
	unsigned char		 key[8];
	size_t			 i, j, n = 0, total = 0;
	int			 rc = AMP_OK;

	for (i = 0; i < c->n; i++)
		total += c->terms[i].n;
	e = xcalloc(total, sizeof *e);
	for (i = 0; i < c->n; i++) {
		if ((i == 0 || strcmp(c->v[i].form, c->v[i - 1].form) != 0) &&
		    (rc = form_catalog_note(t, c->s->forms,
		    formset_find(c->s->forms, c->v[i].form), c->err)) != AMP_OK)
			goto out;
		if ((rc = stxn_next_id(t, "case", &c->v[i].id, c->err)) !=
		    AMP_OK)
			goto out;
		ev.record = c->v[i].id;
		ev.detail = c->v[i].form;
		if ((rc = audit_append(t, &ev, c->err)) != AMP_OK)
			goto out;
		be64_put(key, c->v[i].id);
		if ((rc = sealed_put(t, c->s, DB_RECORDS, key, sizeof key,
		    &c->v[i], c->err)) != AMP_OK)
			goto out;
		for (j = 0; j < c->terms[i].n; j++, n++) {
			memcpy(e[n].term, c->terms[i].v[j], BLIND_BYTES);
			memcpy(e[n].id, key, sizeof key);
		}
	}
	qsort(e, n, sizeof *e, bulk_entry_cmp);
	for (i = 0; i < n && rc == AMP_OK; i++)
		rc = stxn_put(t, DB_INDEX, e[i].term, BLIND_BYTES, e[i].id,
		    sizeof e[i].id, 0, c->err);
	if (rc == AMP_OK)
		rc = audit_checkpoint(t, c->s->keys, c->err);
out:
	free(e);
	return (rc);
}

/*
 * Save many new cases in one transaction (demo stores, imports). Each is
 * checked like a single save; one invalid record stops the batch before
 * anything is written.
 */
int
case_bulk_add(struct session *s, struct record *v, size_t n,
    struct amp_err *err)
{
	const struct form	*f;
	struct bulk_ctx		 c;
	struct verrs		 ve = { 0 };
	size_t			 i;
	int			 rc;

	c.terms = xcalloc(n, sizeof *c.terms);
	for (i = 0; i < n; i++) {
		if ((f = case_form(s, v[i].form, err)) == NULL ||
		    access_form(s, f->id, PF_CREATE, err) != AMP_OK) {
			rc = err->code;
			goto out;
		}
		if (case_prepare(f, &v[i].data, &ve) > 0) {
			rc = case_invalid(&ve, err);
			goto out;
		}
		case_stamp_new(s, f, &v[i]);
		free(v[i].institution);		/* in the queue, not assigned */
		v[i].institution = xstrdup(s->institution);
		terms_for_record(s, f, &v[i].data, &c.terms[i]);
		terms_add_state(s, f->id, v[i].state, &c.terms[i]);
	}
	c.s = s;
	c.v = v;
	c.n = n;
	c.err = err;
	rc = store_write(s->store, bulk_txn, &c, err);
out:
	for (i = 0; i < n; i++)
		terms_free(&c.terms[i]);
	free(c.terms);
	verrs_free(&ve);
	return (rc);
}

/* A case as stored, with no need-to-know check: for refusals that name it. */
static int
case_get_raw(struct session *s, uint64_t id, struct record *r,
    struct amp_err *err)
{
	struct stxn	*t;
	unsigned char	 key[8];
	int		 rc;

	record_init(r);
	if ((rc = store_read(s->store, &t, err)) != AMP_OK)
		return (rc);
	be64_put(key, id);
	rc = sealed_get(t, s, DB_RECORDS, key, sizeof key, r, err);
	stxn_end(t);
	return (rc);
}

/* "No such case" or "no such version", naming the case by its number when it exists. */
static int
case_missing(struct session *s, uint64_t id, uint64_t version,
    struct amp_err *err)
{
	struct record	cur;
	char		num[32];
	int		rc;

	snprintf(num, sizeof num, "#%llu", (unsigned long long)id);
	rc = case_get_raw(s, id, &cur, err);
	if (rc == AMP_OK && version == 0)
		record_free(&cur);
	if (rc != AMP_OK || version == 0)
		return (err_set(err, AMP_ENOTFOUND, _("there is no case %s"),
		    num));
	casenum_format(id, cur.created, num, sizeof num);
	err_set(err, AMP_ENOTFOUND,
	    _("case %s has no version %llu (its versions are 1 to %llu)"), num,
	    (unsigned long long)version, (unsigned long long)cur.version);
	record_free(&cur);
	return (AMP_ENOTFOUND);
}

/*
 * Every view of a record with a confidentiality class is in the audit log
 * before the record is shown; one that cannot be recorded is not shown.
 */
static int
case_viewed(struct session *s, const struct record *r, struct amp_err *err)
{
	const char	*cls = form_class(formset_find(s->forms, r->form));

	if (cls == NULL)
		return (AMP_OK);
	return (session_note(s, "view", r->id, cls, err));
}

/*
 * A case as it is now, in the terms of its form's current version (renamed
 * fields under their new ids, calculations as of today).
 */
int
case_get(struct session *s, uint64_t id, struct record *r,
    struct amp_err *err)
{
	const struct form	*f;
	int			 rc;

	if ((rc = case_get_raw(s, id, r, err)) == AMP_ENOTFOUND)
		return (case_missing(s, id, 0, err));
	if (rc == AMP_OK && ((rc = access_case(s, r, PF_VIEW, err)) != AMP_OK ||
	    (rc = case_viewed(s, r, err)) != AMP_OK))
		record_free(r);
	if (rc == AMP_OK && (f = formset_find(s->forms, r->form)) != NULL &&
	    r->form_version <= f->version) {
		form_upgrade(f, r);
		form_calculate(f, &r->data);	/* an age is today's */
	}
	return (rc);
}

/* A case as it was at a version: the current one, or one kept in history. */
int
case_get_version(struct session *s, uint64_t id, uint64_t version,
    struct record *r, struct amp_err *err)
{
	struct stxn	*t;
	unsigned char	 key[16];
	int		 rc;

	record_init(r);
	if ((rc = store_read(s->store, &t, err)) != AMP_OK)
		return (rc);
	history_key(key, id, version);
	rc = sealed_get(t, s, DB_HISTORY, key, sizeof key, r, err);
	if (rc == AMP_ENOTFOUND) {
		rc = sealed_get(t, s, DB_RECORDS, key, 8, r, err);
		if (rc == AMP_OK && r->version != version) {
			record_free(r);
			rc = AMP_ENOTFOUND;
		}
	}
	stxn_end(t);
	if (rc == AMP_ENOTFOUND)
		return (case_missing(s, id, version, err));
	if (rc == AMP_OK && ((rc = access_case(s, r, PF_VIEW, err)) != AMP_OK ||
	    (rc = case_viewed(s, r, err)) != AMP_OK))
		record_free(r);
	return (rc);
}

struct update_ctx {
	struct session		*s;
	const struct form	*f;
	struct record		*r;
	uint64_t		 base;
	struct conflicts	*cf;
	struct verrs		*ve;
	struct amp_err		*err;
};

static void
conflict_add(struct conflicts *cf, const char *path, const struct rfield *mine,
    const struct rfield *theirs, const struct form *f)
{
	const struct field	*fld = form_field(f, path);
	char			 n[32];

	XGROW(cf->v, cf->n, cf->cap);
	cf->v[cf->n].path = xstrdup(path);
	if (mine != NULL && mine->kind == RF_GROUP) {
		snprintf(n, sizeof n, "%zu", mine->nitems);
		cf->v[cf->n].mine = xstrdup(n);
	} else
		cf->v[cf->n].mine = mine == NULL ? xstrdup("") :
		    fld != NULL ? field_display(fld, mine->str) :
		    xstrdup(mine->str);
	if (theirs != NULL && theirs->kind == RF_GROUP) {
		snprintf(n, sizeof n, "%zu", theirs->nitems);
		cf->v[cf->n].theirs = xstrdup(n);
	} else
		cf->v[cf->n].theirs = theirs == NULL ? xstrdup("") :
		    fld != NULL ? field_display(fld, theirs->str) :
		    xstrdup(theirs->str);
	cf->n++;
}

static void
merge_take(struct rmap *dst, const char *id, const struct rfield *src)
{
	struct rfield	*g;
	size_t		 i;

	if (src == NULL) {
		rmap_unset(dst, id);
		return;
	}
	if (src->kind == RF_STR) {
		rmap_set(dst, id, src->str);
		return;
	}
	rmap_unset(dst, id);
	g = rmap_group(dst, id);
	for (i = 0; i < src->nitems; i++)
		rmap_copy(rgroup_add(g), &src->items[i]);
}

/*
 * Three-way merge by top-level field (a repeat group counts as one field):
 * a field only this official changed keeps their value, one only the other
 * changed takes theirs, one both changed to different values is a conflict.
 */
static void
merge_fields(const struct form *f, const struct rmap *base,
    const struct rmap *theirs, struct rmap *mine, struct conflicts *cf)
{
	const struct rfield	*b, *t, *m;
	struct rmap		 out;
	const struct rmap	*maps[3];
	size_t			 i, k;

	rmap_copy(&out, mine);
	maps[0] = base;
	maps[1] = theirs;
	maps[2] = mine;
	for (k = 0; k < 3; k++) {
		for (i = 0; i < maps[k]->n; i++) {
			const char *id = maps[k]->v[i].id;

			if ((k == 1 && rmap_field(base, id) != NULL) ||
			    (k == 2 && (rmap_field(base, id) != NULL ||
			    rmap_field(theirs, id) != NULL)))
				continue;	/* seen already */
			b = rmap_field(base, id);
			t = rmap_field(theirs, id);
			m = rmap_field(mine, id);
			if (rfield_equal(m, b))
				merge_take(&out, id, t);
			else if (!rfield_equal(t, b) && !rfield_equal(m, t))
				conflict_add(cf, id, m, t, f);
		}
	}
	rmap_free(mine);
	*mine = out;
}

static int
update_txn(struct stxn *t, void *arg)
{
	struct update_ctx	*c = arg;
	struct record		 cur, up, base;
	struct terms		 old = { 0 }, new = { 0 };
	unsigned char		 key[8], hkey[16];
	int			 rc;

	conflicts_free(c->cf);
	be64_put(key, c->r->id);
	rc = sealed_get(t, c->s, DB_RECORDS, key, sizeof key, &cur, c->err);
	if (rc == AMP_ENOTFOUND)
		return (err_set(c->err, rc, _("there is no case #%llu"),
		    (unsigned long long)c->r->id));
	if (rc != AMP_OK)
		return (rc);
	if ((rc = access_case(c->s, &cur, PF_EDIT, c->err)) != AMP_OK) {
		record_free(&cur);
		return (rc);
	}
	if (cur.form_version > c->f->version) {
		err_set(c->err, AMP_EFORMS,
		    _("saving failed: the case was saved under version %lu of the form \"%s\", newer than this form set's version %lu"),
		    (unsigned long)cur.form_version, c->f->id,
		    (unsigned long)c->f->version);
		record_free(&cur);
		return (AMP_EFORMS);
	}
	/* Compare and merge in the current form's terms. */
	record_copy(&up, &cur);
	form_upgrade(c->f, &up);
	form_calculate(c->f, &up.data);
	if (cur.version == c->base && rmap_same(&up.data, &c->r->data)) {
		/* Nothing changed: no new version (r->version stays base). */
		record_free(c->r);
		*c->r = up;
		record_free(&cur);
		return (AMP_OK);
	}
	if (cur.version != c->base) {
		history_key(hkey, c->r->id, c->base);
		rc = sealed_get(t, c->s, DB_HISTORY, hkey, sizeof hkey, &base,
		    c->err);
		if (rc != AMP_OK) {
			rc = err_set(c->err, AMP_ECONFLICT,
			    _("saving failed: the case changed and version %llu is not in its history"),
			    (unsigned long long)c->base);
			goto out;
		}
		form_upgrade(c->f, &base);
		merge_fields(c->f, &base.data, &up.data, &c->r->data, c->cf);
		record_free(&base);
		c->cf->theirs_version = cur.version;
		if (c->cf->n > 0) {
			rc = err_set(c->err, AMP_ECONFLICT,
			    _("saving failed: %s changed the same fields meanwhile"),
			    cur.updated_by);
			goto out;
		}
		if (case_prepare(c->f, &c->r->data, c->ve) > 0) {
			rc = case_invalid(c->ve, c->err);
			goto out;
		}
	}
	history_key(hkey, cur.id, cur.version);
	if ((rc = form_catalog_note(t, c->s->forms, c->f, c->err)) != AMP_OK ||
	    (rc = sealed_put(t, c->s, DB_HISTORY, hkey, sizeof hkey, &cur,
	    c->err)) != AMP_OK)
		goto out;
	c->r->version = cur.version + 1;
	c->r->created = cur.created;
	free(c->r->created_by);
	c->r->created_by = xstrdup(cur.created_by);
	c->r->updated = time_now();
	free(c->r->updated_by);
	c->r->updated_by = xstrdup(c->s->user);
	free(c->r->form);
	c->r->form = xstrdup(c->f->id);
	c->r->form_version = c->f->version;
	/* An edit keeps the case where its workflow has it. */
	c->r->parent = cur.parent;
	c->r->consent = cur.consent;
	c->r->household = cur.household;
	free(c->r->relation);
	c->r->relation = cur.relation != NULL ? xstrdup(cur.relation) : NULL;
	free(c->r->state);
	c->r->state = cur.state != NULL ? xstrdup(cur.state) : NULL;
	c->r->state_since = cur.state_since;
	free(c->r->action);
	c->r->action = xstrdup("edit");
	free(c->r->institution);	/* assignments are not edited here */
	c->r->institution = cur.institution != NULL ?
	    xstrdup(cur.institution) : NULL;
	free(c->r->assignee);
	c->r->assignee = cur.assignee != NULL ? xstrdup(cur.assignee) : NULL;
	if ((rc = audit_note(t, c->s, "update", c->r->id, c->f->id,
	    c->err)) != AMP_OK ||
	    (rc = sealed_put(t, c->s, DB_RECORDS, key, sizeof key, c->r,
	    c->err)) != AMP_OK)
		goto out;
	terms_for_record(c->s, c->f, &up.data, &old);
	terms_for_record(c->s, c->f, &c->r->data, &new);
	if (cur.parent != 0) {
		terms_add_parent(c->s, cur.parent, &old);
		terms_add_parent(c->s, cur.parent, &new);
	}
	if (cur.household != 0) {
		terms_add_household(c->s, cur.household, &old);
		terms_add_household(c->s, cur.household, &new);
	}
	rc = index_update(t, c->r->id, &old, &new, c->err);
out:
	terms_free(&old);
	terms_free(&new);
	record_free(&up);
	record_free(&cur);
	return (rc);
}

/*
 * Save a new version of a case that was read at version base. The old
 * version goes to history. If someone saved in between, fields changed by
 * only one side merge; fields both changed are returned in cf, nothing is
 * written, and the caller asks the official and saves again with base set
 * to cf->theirs_version. A save that changes nothing writes nothing and
 * leaves r->version at base.
 */
int
case_update(struct session *s, struct record *r, uint64_t base,
    struct verrs *ve, struct conflicts *cf, struct amp_err *err)
{
	const struct form	*f;
	int			 rc;

	if ((f = case_form(s, r->form, err)) == NULL)
		return (err->code);
	if (case_prepare(f, &r->data, ve) > 0)
		return (case_invalid(ve, err));
	rc = case_update_in(NULL, s, f, r, base, ve, cf, err);
	log_debug("%s: case %llu v%llu by %s: %d", __func__,
	    (unsigned long long)r->id, (unsigned long long)r->version, s->user,
	    rc);
	return (rc);
}

/*
 * A new version of a record read at version base, prepared by the caller,
 * in the caller's write transaction t (with other changes: a conflict then
 * fails them all), or in one of its own when t is NULL.
 */
int
case_update_in(struct stxn *t, struct session *s, const struct form *f,
    struct record *r, uint64_t base, struct verrs *ve, struct conflicts *cf,
    struct amp_err *err)
{
	struct update_ctx	c;

	c.s = s;
	c.f = f;
	c.r = r;
	c.base = base;
	c.cf = cf;
	c.ve = ve;
	c.err = err;
	if (t == NULL)
		return (store_write(s->store, update_txn, &c, err));
	return (update_txn(t, &c));
}

void
conflicts_free(struct conflicts *cf)
{
	size_t	i;

	for (i = 0; i < cf->n; i++) {
		free(cf->v[i].path);
		free(cf->v[i].mine);
		free(cf->v[i].theirs);
	}
	free(cf->v);
	cf->v = NULL;
	cf->n = cf->cap = 0;
}

/* The ids under one index term, in order, at most max of them. */
int
index_ids(struct stxn *t, const unsigned char *term, uint64_t *ids,
    size_t max, size_t *n, struct amp_err *err)
{
	struct scur	*c;
	struct sval	 k, v;
	int		 rc;

	*n = 0;
	if ((rc = scur_open(t, DB_INDEX, &c, err)) != AMP_OK)
		return (rc);
	k.p = term;
	k.n = BLIND_BYTES;
	for (rc = scur_get(c, SC_SET, &k, &v, err); rc == AMP_OK && *n < max;
	    rc = scur_get(c, SC_NEXT_DUP, &k, &v, err)) {
		if (v.n == 8)
			ids[(*n)++] = be64_get(v.p);
	}
	scur_close(c);
	return (rc == AMP_ENOTFOUND || rc == AMP_OK ? AMP_OK : rc);
}

/* Find a case by its number or by a document number; AMP_ENOTFOUND if none. */
int
case_lookup(struct session *s, const char *query, uint64_t *id,
    struct amp_err *err)
{
	struct case_hit	*hits;
	struct record	 r;
	uint64_t	 cid;
	size_t		 n;
	char		 hits_num[32];
	int		 rc, year;

	if ((rc = case_find(s, query, 2, &hits, &n, err)) != AMP_OK)
		return (rc);
	/*
	 * A case number the official may not see is refused as such (not
	 * "no case"): the number says nothing a search would have shown.
	 */
	if (n == 0 && casenum_parse(query, &cid, &year) == 0 &&
	    case_get_raw(s, cid, &r, err) == AMP_OK) {
		casenum_format(r.id, r.created, hits_num, sizeof hits_num);
		if (strncmp(hits_num, query + strspn(query, " "), 4) == 0 &&
		    !access_sees_record(s, &r)) {
			rc = access_case(s, &r, PF_VIEW, err);
			record_free(&r);
			case_hits_free(hits, n);
			return (rc);
		}
		record_free(&r);
	}
	if (n != 1) {
		case_hits_free(hits, n);
		if (n == 0)
			return (err_set(err, AMP_ENOTFOUND,
			    _("no case matches \"%s\""), query));
		return (err_set(err, AMP_ENOTFOUND,
		    _("several cases match \"%s\"; give the case number"),
		    query));
	}
	*id = hits[0].id;
	case_hits_free(hits, n);
	return (AMP_OK);
}

struct hit_list {
	struct case_hit	*v;
	size_t		 n, max;
	struct buf	 plain;		/* a decrypted record, reused */
};

/* What search reads from one record as it scans it. */
struct hit_scan {
	struct session		 *s;
	const struct form	 *f;
	int			  resolved;
	const struct name_query	 *nq;
	uint32_t		  mask;
	uint32_t		  mask_top;	/* matched outside groups */
	struct rscan_field	 *sum;	/* summary values, by position */
};

static void
hit_resolve(struct hit_scan *hs, const struct rscan_head *h)
{
	char	form[64];

	hs->resolved = 1;
	if (h->formlen == 0 || h->formlen >= sizeof form)
		return;
	memcpy(form, h->form, h->formlen);
	form[h->formlen] = '\0';
	if ((hs->f = formset_find(hs->s->forms, form)) != NULL)
		hs->sum = xcalloc(hs->f->nsummary, sizeof *hs->sum);
}

/* Whether the alen bytes at a spell the id b (most fields differ at once). */
static int
same_id(const char *a, size_t alen, const char *b)
{
	return (a[0] == b[0] && strncmp(a, b, alen) == 0 && b[alen] == '\0');
}

static void
hit_scan_field(void *arg, const struct rscan_head *h,
    const struct rscan_field *sf)
{
	struct hit_scan		*hs = arg;
	const struct field_ref	*r;
	uint32_t		 m;
	size_t			 i;

	if (!hs->resolved)
		hit_resolve(hs, h);
	if (hs->f == NULL)
		return;
	for (i = 0; sf->group == NULL && i < hs->f->nsummary; i++) {
		if (same_id(sf->id, sf->idlen, hs->f->summary[i]))
			hs->sum[i] = *sf;
	}
	if (hs->nq == NULL)
		return;
	for (i = 0; i < hs->f->nnames; i++) {
		r = &hs->f->names[i];
		if ((r->group == NULL) != (sf->group == NULL) ||
		    (r->group != NULL && !same_id(sf->group, sf->glen,
		    r->group->id)) || !same_id(sf->id, sf->idlen, r->field->id))
			continue;
		m = name_query_match(hs->nq, sf->val, sf->vlen);
		hs->mask |= m;
		if (sf->group == NULL)
			hs->mask_top |= m;
	}
}

/*
 * Read a candidate and keep it if every word of the name query (when there
 * is one) starts one of its names. The record is scanned, not decoded: a
 * hit costs a decryption and a pass over its bytes.
 */
static int
hit_consider(struct session *s, struct stxn *t, uint64_t id,
    const struct name_query *nq, struct hit_list *h, struct amp_err *err)
{
	struct rscan_head	 head;
	struct hit_scan		 hs;
	const char		**vals;
	unsigned char		 key[8];
	size_t			 i;
	int			 rc;

	be64_put(key, id);
	rc = sealed_open(t, s, DB_RECORDS, key, sizeof key, &h->plain, err);
	if (rc == AMP_ENOTFOUND)
		return (AMP_OK);
	if (rc != AMP_OK)
		return (rc);
	memset(&hs, 0, sizeof hs);
	hs.s = s;
	hs.nq = nq;
	if (record_scan(h->plain.p, h->plain.n, &head, hit_scan_field, &hs) !=
	    0) {
		free(hs.sum);
		return (err_set(err, AMP_ESTORE,
		    _("reading a record failed: its contents are malformed")));
	}
	if (!hs.resolved)
		hit_resolve(&hs, &head);
	if (!access_sees(s, head.form, head.formlen, head.institution,
	    head.instlen, head.assignee, head.assigneelen, head.origin,
	    head.originlen)) {
		free(hs.sum);	/* not for this official to see */
		return (AMP_OK);
	}
	if (hs.f == NULL || (nq != NULL && nq->n > 0 &&
	    hs.mask != (((uint32_t)1 << nq->n) - 1))) {
		free(hs.sum);
		return (AMP_OK);
	}
	vals = xcalloc(hs.f->nsummary, sizeof *vals);
	for (i = 0; i < hs.f->nsummary; i++)
		vals[i] = hs.sum[i].val != NULL ? xstrndup(hs.sum[i].val,
		    hs.sum[i].vlen) : NULL;
	h->v[h->n].id = id;
	casenum_format(id, head.created, h->v[h->n].number,
	    sizeof h->v[h->n].number);
	h->v[h->n].summary = form_summary_of(hs.f, vals);
	h->v[h->n].sortkey = text_fold(h->v[h->n].summary);
	h->v[h->n].via_group = nq != NULL && nq->n > 0 &&
	    hs.mask_top != (((uint32_t)1 << nq->n) - 1);
	h->n++;
	for (i = 0; i < hs.f->nsummary; i++)
		free((char *)(uintptr_t)vals[i]);
	free(vals);
	free(hs.sum);
	return (AMP_OK);
}

/*
 * Leapfrog intersection of the id lists of several terms: each cursor seeks
 * to the highest id any has reached, so two long lists with few ids in
 * common cost about as many seeks as common ids, not the lists' length.
 */
static int
name_search(struct session *s, struct stxn *t, const struct terms *terms,
    const struct name_query *query, struct hit_list *h, struct amp_err *err)
{
	struct scur	**c;
	struct sval	  k, v;
	unsigned char	  want[8];
	uint64_t	  target, got;
	size_t		  i, agree;
	int		  rc = AMP_OK;

	c = xcalloc(terms->n, sizeof *c);
	target = 0;
	for (i = 0; i < terms->n; i++) {
		if ((rc = scur_open(t, DB_INDEX, &c[i], err)) != AMP_OK)
			goto out;
		k.p = terms->v[i];
		k.n = BLIND_BYTES;
		if ((rc = scur_get(c[i], SC_SET, &k, &v, err)) != AMP_OK)
			goto out;	/* a term nobody has: no match */
		if (v.n == 8 && be64_get(v.p) > target)
			target = be64_get(v.p);
	}
	agree = 0;
	i = 0;
	while (h->n < h->max) {
		be64_put(want, target);
		k.p = terms->v[i];
		k.n = BLIND_BYTES;
		v.p = want;
		v.n = sizeof want;
		if ((rc = scur_get(c[i], SC_GET_BOTH_RANGE, &k, &v, err)) !=
		    AMP_OK)
			break;
		got = v.n == 8 ? be64_get(v.p) : UINT64_MAX;
		if (got == target)
			agree++;
		else {
			target = got;
			agree = 1;
		}
		if (agree == terms->n) {
			if ((rc = hit_consider(s, t, target, query, h, err)) !=
			    AMP_OK)
				break;
			if (target == UINT64_MAX)
				break;
			target++;
			agree = 0;
		}
		i = (i + 1) % terms->n;
	}
out:
	for (i = 0; i < terms->n; i++)
		scur_close(c[i]);
	free(c);
	return (rc == AMP_ENOTFOUND ? AMP_OK : rc);
}

static int
hit_cmp(const void *a, const void *b)
{
	const struct case_hit	*x = a, *y = b;
	int			 c;

	if (x->via_group != y->via_group)
		return (x->via_group ? 1 : -1);	/* direct matches first */
	if ((c = strcmp(x->sortkey, y->sortkey)) != 0)
		return (c);
	return (x->id < y->id ? -1 : x->id > y->id);
}

/*
 * Find cases by case number ("2026-000123"), document number, or name
 * (each word a prefix of a name, accents and case ignored). At most max
 * hits, sorted by summary; *n says how many.
 */
int
case_find(struct session *s, const char *query, size_t max,
    struct case_hit **out, size_t *n, struct amp_err *err)
{
	struct hit_list		 h;
	struct terms		 terms = { 0 };
	struct name_query	 nq;
	struct stxn		*t;
	uint64_t		 id, *ids;
	size_t			 i, nids;
	int			 rc, year;
	const char		*p;

	*out = NULL;
	*n = 0;
	if (max == 0)
		return (AMP_OK);
	memset(&h, 0, sizeof h);
	h.v = xcalloc(max, sizeof *h.v);
	h.max = max;
	if ((rc = store_read(s->store, &t, err)) != AMP_OK) {
		free(h.v);
		return (rc);
	}
	if (casenum_parse(query, &id, &year) == 0) {
		rc = hit_consider(s, t, id, NULL, &h, err);
		if (h.n == 1 && strncmp(h.v[0].number, query +
		    strspn(query, " "), 4) != 0) {
			/* The right number with the wrong year: no match. */
			case_hits_free(h.v, h.n);
			h.v = xcalloc(max, sizeof *h.v);
			h.n = 0;
		}
	}
	for (p = query; *p != '\0' && !(*p >= '0' && *p <= '9'); p++)
		;
	if (rc == AMP_OK && h.n == 0 && *p != '\0') {
		terms_for_doc_query(s, query, &terms);
		if (terms.n == 1) {
			ids = xcalloc(max, sizeof *ids);
			rc = index_ids(t, terms.v[0], ids, max, &nids, err);
			for (i = 0; rc == AMP_OK && i < nids; i++)
				rc = hit_consider(s, t, ids[i], NULL, &h, err);
			free(ids);
		}
	}
	if (rc == AMP_OK && h.n == 0) {
		terms_for_name_query(s, query, &terms);
		name_query_parse(query, &nq);
		if (terms.n > 0)
			rc = name_search(s, t, &terms, &nq, &h, err);
		name_query_free(&nq);
	}
	stxn_end(t);
	terms_free(&terms);
	if (h.plain.p != NULL)
		wipe(h.plain.p, h.plain.cap);
	buf_free(&h.plain);
	if (rc != AMP_OK) {
		case_hits_free(h.v, h.n);
		return (rc);
	}
	qsort(h.v, h.n, sizeof *h.v, hit_cmp);
	*out = h.v;
	*n = h.n;
	return (AMP_OK);
}

void
case_hits_free(struct case_hit *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].summary);
		free(v[i].sortkey);
	}
	free(v);
}
