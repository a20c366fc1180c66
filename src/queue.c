/* queue.c: work queues: the records of a workflow state the official sees, longest in the state first, and how many each queue holds. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amparo.h"

#define QUEUE_MAX	5000	/* records a queue lists */

/* The earliest day a step open from the record's state falls due, or 0. */
int64_t
queue_due(const struct workflow *w, const struct record *r)
{
	const char	*state = record_state(w, r);
	int64_t		 due, best = 0;
	size_t		 i, j;

	for (i = 0; state != NULL && i < w->ntransitions; i++) {
		for (j = 0; j < w->transitions[i].nfrom; j++) {
			if (strcmp(w->transitions[i].from[j], state) == 0)
				break;
		}
		if (j == w->transitions[i].nfrom)
			continue;
		due = wf_due(&w->transitions[i], r);
		if (due != 0 && (best == 0 || due < best))
			best = due;
	}
	return (best);
}

/* One row from a record; with parents, the number of the case it is of. */
static void
queue_row(struct session *s, struct stxn *t, const struct record *r,
    int parents, struct referral_row *v)
{
	const struct workflow	*w;
	const struct form	*f;
	struct record		 parent;
	struct amp_err		 err;
	unsigned char		 key[8];

	if (parents && r->parent != 0) {
		snprintf(v->case_number, sizeof v->case_number, "#%llu",
		    (unsigned long long)r->parent);
		be64_put(key, r->parent);
		err_clear(&err);
		if (sealed_get(t, s, DB_RECORDS, key, sizeof key, &parent,
		    &err) == AMP_OK) {
			casenum_format(parent.id, parent.created,
			    v->case_number, sizeof v->case_number);
			record_free(&parent);
		}
	}
	v->id = r->id;
	v->case_id = r->parent;
	casenum_format(r->id, r->created, v->number, sizeof v->number);
	v->form = xstrdup(r->form);
	v->state = xstrdup(r->state != NULL ? r->state : "");
	v->from = xstrdup(r->origin != NULL ? r->origin : "");
	v->to = xstrdup(r->institution != NULL ? r->institution : "");
	v->since = r->state_since;
	f = formset_find(s->forms, r->form);
	v->summary = f != NULL ? form_summary(f, &r->data) : xstrdup("");
	if ((w = workflow_for(s->forms, r->form)) != NULL)
		v->due = queue_due(w, r);
	if (consent_withdrawn_in(t, s, r, &v->withdrawn, &err) != AMP_OK)
		v->withdrawn = 0;
}

/*
 * The records under an index term that the official sees, as rows, read
 * afresh (what another official saved shows at once). With parents set,
 * each row names the case its record is of (an outbox). At most QUEUE_MAX
 * records are read, the oldest; more, if not NULL, says whether the term
 * holds others.
 */
int
queue_rows(struct session *s, const unsigned char *term, int parents,
    struct referral_row **rows, size_t *n, int *more, struct amp_err *err)
{
	struct referral_row	*v;
	struct record		 r;
	struct stxn		*t;
	uint64_t		*ids;
	unsigned char		 key[8];
	size_t			 nids = 0, i;
	int			 rc;

	*rows = NULL;
	*n = 0;
	ids = xcalloc(QUEUE_MAX, sizeof *ids);
	if ((rc = store_read(s->store, &t, err)) != AMP_OK) {
		free(ids);
		return (rc);
	}
	rc = index_ids(t, term, ids, QUEUE_MAX, &nids, err);
	if (more != NULL)
		*more = nids == QUEUE_MAX;
	v = xcalloc(nids > 0 ? nids : 1, sizeof *v);
	for (i = 0; i < nids && rc == AMP_OK; i++) {
		be64_put(key, ids[i]);
		rc = sealed_get(t, s, DB_RECORDS, key, sizeof key, &r, err);
		if (rc == AMP_ENOTFOUND) {
			rc = AMP_OK;
			continue;
		}
		if (rc != AMP_OK)
			break;
		if (access_sees_record(s, &r))
			queue_row(s, t, &r, parents, &v[(*n)++]);
		record_free(&r);
	}
	stxn_end(t);
	free(ids);
	if (rc != AMP_OK) {
		referral_rows_free(v, *n);
		*n = 0;
		return (rc);
	}
	*rows = v;
	return (AMP_OK);
}

/* Longest in its state first; then by number. */
static int
since_cmp(const void *a, const void *b)
{
	const struct referral_row	*x = a, *y = b;

	if (x->since != y->since)
		return (x->since < y->since ? -1 : 1);
	return (x->id < y->id ? -1 : x->id > y->id);
}

/* Whether the official's role may open records of the workflow's form. */
static int
queue_workflow_open(const struct session *s, const struct workflow *w)
{
	return (w->form != NULL && !workflow_has_sides(w) &&
	    (role_form_perms(s->rp, w->form_id) & PF_VIEW) != 0);
}

static int
queue_find(struct session *s, const char *wid, const char *state,
    const struct workflow **wp, struct amp_err *err)
{
	const struct workflow	*w = NULL;
	size_t			 i;

	for (i = 0; i < s->forms->nworkflows; i++) {
		if (strcmp(s->forms->workflows[i]->id, wid) == 0)
			w = s->forms->workflows[i];
	}
	if (w == NULL)
		return (err_set(err, AMP_EUSAGE,
		    _("listing the queue failed: there is no workflow \"%s\""),
		    wid));
	if (workflow_has_sides(w))
		return (err_set(err, AMP_EUSAGE,
		    _("listing the queue failed: \"%s\" moves referrals, which are in the inbox and outbox (amparo referral inbox)"),
		    wid));
	if (!queue_workflow_open(s, w))
		return (access_form(s, w->form_id, PF_VIEW, err));
	if (state != NULL && workflow_state(w, state) == NULL)
		return (err_set(err, AMP_EUSAGE,
		    _("listing the queue failed: the workflow \"%s\" has no state \"%s\""),
		    wid, state));
	*wp = w;
	return (AMP_OK);
}

/*
 * The queue of a workflow state: the records in it that the official
 * sees, longest in the state first; more as for queue_rows.
 */
int
queue_list(struct session *s, const char *wid, const char *state,
    struct referral_row **rows, size_t *n, int *more, struct amp_err *err)
{
	const struct workflow	*w;
	struct terms		 terms = { 0 };
	int			 rc;

	*rows = NULL;
	*n = 0;
	if ((rc = queue_find(s, wid, state, &w, err)) != AMP_OK)
		return (rc);
	terms_add_state(s, w->form_id, state, &terms);
	rc = queue_rows(s, terms.v[0], 0, rows, n, more, err);
	terms_free(&terms);
	if (rc == AMP_OK)
		qsort(*rows, *n, sizeof **rows, since_cmp);
	return (rc);
}

/*
 * How many records the official sees in each state where work remains
 * (not terminal) of each workflow of cases (referrals have their inbox and
 * outbox), and how many of them are overdue; only wid's with wid set.
 */
int
queue_counts(struct session *s, const char *wid, struct queue_count **out,
    size_t *nout, struct amp_err *err)
{
	const struct workflow	*w, *only = NULL;
	struct referral_row	*rows;
	struct queue_count	*v = NULL;
	size_t			 n = 0, cap = 0, nrows, i, j, k;
	int			 rc = AMP_OK, more;

	*out = NULL;
	*nout = 0;
	if (wid != NULL && (rc = queue_find(s, wid, NULL, &only, err)) !=
	    AMP_OK)
		return (rc);
	for (i = 0; i < s->forms->nworkflows && rc == AMP_OK; i++) {
		w = s->forms->workflows[i];
		if ((only != NULL && w != only) || !queue_workflow_open(s, w))
			continue;
		for (j = 0; j < w->nstates && rc == AMP_OK; j++) {
			if (w->states[j].terminal)
				continue;
			rc = queue_list(s, w->id, w->states[j].id, &rows,
			    &nrows, &more, err);
			if (rc != AMP_OK)
				break;
			XGROW(v, n, cap);
			memset(&v[n], 0, sizeof v[n]);
			v[n].w = w;
			v[n].state = w->states[j].id;
			v[n].n = nrows;
			v[n].more = more;
			for (k = 0; k < nrows; k++) {
				if (rows[k].due != 0 &&
				    rows[k].due < date_today_days())
					v[n].overdue++;
			}
			n++;
			referral_rows_free(rows, nrows);
		}
	}
	if (rc != AMP_OK) {
		free(v);
		return (rc);
	}
	*out = v;
	*nout = n;
	return (AMP_OK);
}
