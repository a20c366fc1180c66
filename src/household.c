/* household.c: households: the members an intake marks become dependant cases, saved with the principal's in one transaction, and the household listed from any member. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amparo.h"

#define HOUSEHOLD_MAX	1000	/* dependants of one principal */

/* The form's repeat group whose members may be registered, or NULL. */
static const struct field *
household_group(const struct form *f)
{
	size_t	i, j;

	for (i = 0; f != NULL && i < f->nsections; i++) {
		for (j = 0; j < f->sections[i].nfields; j++) {
			if (f->sections[i].fields[j].register_field != NULL)
				return (&f->sections[i].fields[j]);
		}
	}
	return (NULL);
}

/*
 * A member's case: the answers of the principal's fields the group says to
 * inherit, then the item's answers to fields the form also has at the top
 * level (names, sex, date of birth...), checked like any new case.
 */
static int
household_member(struct session *s, const struct form *f,
    const struct field *g, const struct record *principal,
    const struct rmap *item, size_t n, struct record *dep, struct verrs *ve)
{
	const struct field	*top;
	struct verrs		 mine = { 0 };
	const char		*v;
	char			*path;
	size_t			 i;
	int			 bad;

	record_init(dep);
	dep->form = xstrdup(f->id);
	for (i = 0; i < g->ninherit; i++) {
		if ((v = rmap_get(&principal->data, g->inherit[i])) != NULL)
			rmap_set(&dep->data, g->inherit[i], v);
	}
	for (i = 0; i < item->n; i++) {
		top = form_field(f, item->v[i].id);
		if (item->v[i].kind != RF_STR || top == NULL ||
		    top->type == FT_REPEAT ||
		    strcmp(item->v[i].id, g->register_field) == 0 ||
		    strcmp(item->v[i].id, g->relation_field) == 0)
			continue;
		rmap_set(&dep->data, item->v[i].id, item->v[i].str);
	}
	v = rmap_get(item, g->relation_field);
	dep->relation = xstrdup(v != NULL ? v : "");
	if ((bad = case_prepare(f, &dep->data, &mine)) > 0) {
		for (i = 0; i < mine.n; i++) {
			path = xsprintf(_("%s.%zu, as a case of its own, %s"),
			    g->id, n, mine.v[i].path);
			verrs_add(ve, path, mine.v[i].msg);
			free(path);
		}
	}
	verrs_free(&mine);
	if (bad > 0)
		return (bad);
	dep->created = principal->created;
	case_stamp_new(s, f, dep);
	access_stamp_new(s, dep);
	return (0);
}

/*
 * The dependants a new principal's answers register: one record for each
 * item of the form's registering group marked yes, checked, stamped like
 * the principal. Problems are listed in ve and refuse the whole save.
 */
int
household_dependants(struct session *s, const struct form *f,
    const struct record *principal, struct record **deps, size_t *n,
    struct verrs *ve, struct amp_err *err)
{
	const struct field	*g = household_group(f);
	const struct rfield	*rf;
	const char		*v;
	size_t			 i;
	int			 bad = 0;

	*deps = NULL;
	*n = 0;
	if (g == NULL || (rf = rmap_field(&principal->data, g->id)) == NULL ||
	    rf->kind != RF_GROUP)
		return (AMP_OK);
	*deps = xcalloc(rf->nitems > 0 ? rf->nitems : 1, sizeof **deps);
	for (i = 0; i < rf->nitems; i++) {
		v = rmap_get(&rf->items[i], g->register_field);
		if (v == NULL || strcmp(v, "yes") != 0)
			continue;
		if (household_member(s, f, g, principal, &rf->items[i], i + 1,
		    &(*deps)[*n], ve) > 0)
			bad++;
		else
			(*n)++;
	}
	if (bad > 0)
		return (case_invalid(ve, err));
	return (AMP_OK);
}

struct household_ctx {
	struct session		*s;
	const struct form	*f;
	struct record		*principal;
	const struct terms	*terms;
	struct record		*deps;
	size_t			 n;
	struct amp_err		*err;
};

static int
household_txn(struct stxn *t, void *arg)
{
	struct household_ctx	*c = arg;
	struct terms		 terms = { 0 };
	size_t			 i;
	int			 rc;

	if ((rc = case_insert_in(t, c->s, c->f, c->principal, c->terms,
	    "create", c->f->id, c->err)) != AMP_OK)
		return (rc);
	for (i = 0; i < c->n && rc == AMP_OK; i++) {
		c->deps[i].household = c->principal->id;
		terms_for_record(c->s, c->f, &c->deps[i].data, &terms);
		terms_add_household(c->s, c->principal->id, &terms);
		terms_add_state(c->s, c->f->id, c->deps[i].state, &terms);
		rc = case_insert_in(t, c->s, c->f, &c->deps[i], &terms,
		    "create", c->f->id, c->err);
		terms_free(&terms);
	}
	return (rc);
}

/*
 * Save a principal and its dependants in one transaction: each dependant
 * names the principal (and its relation to it) and is found under the
 * principal's household index term.
 */
int
household_insert(struct session *s, const struct form *f,
    struct record *principal, const struct terms *terms, struct record *deps,
    size_t n, struct amp_err *err)
{
	struct household_ctx	c;

	c.s = s;
	c.f = f;
	c.principal = principal;
	c.terms = terms;
	c.deps = deps;
	c.n = n;
	c.err = err;
	return (store_write(s->store, household_txn, &c, err));
}

void
household_free(struct record *deps, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		record_free(&deps[i]);
	free(deps);
}

/* One member as a row, if the official sees it. */
static void
household_row(struct session *s, const struct record *r, int principal,
    struct household_row *v, size_t *n)
{
	const struct form	*f = formset_find(s->forms, r->form);
	const struct workflow	*w = workflow_for(s->forms, r->form);
	const struct field	*g = household_group(f), *rel;
	struct household_row	*row;
	char			*p;

	if (!access_sees_record(s, r))
		return;
	row = &v[(*n)++];
	row->id = r->id;
	casenum_format(r->id, r->created, row->number, sizeof row->number);
	row->principal = principal;
	rel = g != NULL ? field_child(g, g->relation_field) : NULL;
	row->relation = xstrdup(principal ? "" : rel != NULL ?
	    choice_label(rel, r->relation) : r->relation != NULL ?
	    r->relation : "");
	row->relation_value = xstrdup(principal || r->relation == NULL ? "" :
	    r->relation);
	row->state = xstrdup(w != NULL ?
	    workflow_state_label(w, record_state(w, r)) : "");
	row->summary = f != NULL ? form_summary(f, &r->data) : xstrdup("");
	for (p = row->summary; (p = strchr(p, '\t')) != NULL; p++)
		*p = ' ';	/* one line a member */
}

/*
 * The household of a case, principal first, then the dependants in the
 * order they were registered: the members the official sees. None when
 * the case is neither a principal with dependants nor a dependant.
 */
int
household_list(struct session *s, const struct record *r,
    struct household_row **rows, size_t *n, struct amp_err *err)
{
	struct terms	 terms = { 0 };
	struct record	 m;
	struct stxn	*t;
	unsigned char	 key[8];
	uint64_t	 head = r->household != 0 ? r->household : r->id;
	uint64_t	*ids;
	size_t		 nids = 0, i;
	int		 rc;

	*rows = NULL;
	*n = 0;
	ids = xcalloc(HOUSEHOLD_MAX, sizeof *ids);
	terms_add_household(s, head, &terms);
	if ((rc = store_read(s->store, &t, err)) != AMP_OK)
		goto out;
	if ((rc = index_ids(t, terms.v[0], ids, HOUSEHOLD_MAX, &nids,
	    err)) != AMP_OK || nids == 0)
		goto end;
	*rows = xcalloc(nids + 1, sizeof **rows);
	for (i = 0; i <= nids && rc == AMP_OK; i++) {
		be64_put(key, i == 0 ? head : ids[i - 1]);
		rc = sealed_get(t, s, DB_RECORDS, key, sizeof key, &m, err);
		if (rc == AMP_ENOTFOUND) {
			rc = AMP_OK;
			continue;
		}
		if (rc == AMP_OK) {
			household_row(s, &m, i == 0, *rows, n);
			record_free(&m);
		}
	}
end:
	stxn_end(t);
out:
	terms_free(&terms);
	free(ids);
	if (rc != AMP_OK) {
		household_rows_free(*rows, *n);
		*rows = NULL;
		*n = 0;
	}
	return (rc);
}

void
household_rows_free(struct household_row *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].relation);
		free(v[i].relation_value);
		free(v[i].state);
		free(v[i].summary);
	}
	free(v);
}
