/* referral.c: referrals between institutions: sending one from a case, and each institution's inbox and outbox. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amparo.h"

#define BOX_MAX		5000	/* referrals an inbox or outbox lists */

/*
 * Send a referral from a case the official sees to another institution:
 * ref holds the referral form's answers, checked like any save. It goes
 * to the receiving institution's inbox, unassigned, in its workflow's
 * first state, and stays in the sending institution's outbox.
 */
int
referral_send(struct session *s, uint64_t case_id, const char *to,
    struct record *ref, struct verrs *ve, struct amp_err *err)
{
	const struct form	*f;
	struct record		 parent;
	struct terms		 terms = { 0 };
	int			 rc;

	if ((f = case_form(s, ref->form, err)) == NULL ||
	    access_form(s, f->id, PF_CREATE, err) != AMP_OK)
		return (err->code);
	if (policy_institution(s->forms->policy, to) == NULL)
		return (err_set(err, AMP_EUSAGE,
		    _("sending the referral failed: there is no institution \"%s\" in the roles file"),
		    to));
	if (strcmp(to, s->institution) == 0)
		return (err_set(err, AMP_EUSAGE,
		    _("sending the referral failed: \"%s\" is your own institution; assign the case instead"),
		    to));
	if ((rc = case_get(s, case_id, &parent, err)) != AMP_OK)
		return (rc);
	record_free(&parent);
	ref->consent = 0;
	if (f->consent != NULL && (rc = consent_find(s, case_id, f->consent,
	    to, &ref->consent, err)) != AMP_OK)
		return (rc);
	if (case_prepare(f, &ref->data, ve) > 0)
		return (case_invalid(ve, err));
	ref->created = 0;
	free(ref->created_by);
	ref->created_by = NULL;
	case_stamp_new(s, f, ref);
	ref->parent = case_id;
	free(ref->institution);
	ref->institution = xstrdup(to);
	free(ref->origin);
	ref->origin = xstrdup(s->institution);
	free(ref->assignee);
	ref->assignee = NULL;
	terms_for_record(s, f, &ref->data, &terms);
	terms_add_parent(s, case_id, &terms);
	terms_for_box(s, to, 0, &terms);
	terms_for_box(s, s->institution, 1, &terms);
	rc = case_insert(s, f, ref, &terms, "refer", to, err);
	terms_free(&terms);
	return (rc);
}

/* The earliest day a step open from the record's state falls due, or 0. */
static int64_t
referral_due(const struct workflow *w, const struct record *r)
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

static int
row_cmp(const void *a, const void *b)
{
	const struct referral_row	*x = a, *y = b;

	if ((x->due == 0) != (y->due == 0))
		return (x->due == 0 ? 1 : -1);
	if (x->due != y->due)
		return (x->due < y->due ? -1 : 1);
	return (x->id < y->id ? -1 : x->id > y->id);
}

/*
 * The official's institution's inbox (referrals sent to it) or, with out
 * set, its outbox (those it sent), soonest due first. Read afresh at each
 * call: what another institution did shows at the next refresh.
 */
int
referral_box(struct session *s, int out, struct referral_row **rows,
    size_t *n, struct amp_err *err)
{
	const struct workflow	*w;
	const struct form	*f;
	struct referral_row	*v;
	struct terms		 terms = { 0 };
	struct record		 r, parent;
	struct stxn		*t;
	uint64_t		*ids;
	unsigned char		 key[8];
	size_t			 nids = 0, i;
	int			 rc;

	*rows = NULL;
	*n = 0;
	ids = xcalloc(BOX_MAX, sizeof *ids);
	terms_for_box(s, s->institution, out, &terms);
	if ((rc = store_read(s->store, &t, err)) == AMP_OK) {
		rc = index_ids(t, terms.v[0], ids, BOX_MAX, &nids, err);
		stxn_end(t);
	}
	terms_free(&terms);
	if (rc != AMP_OK) {
		free(ids);
		return (rc);
	}
	v = xcalloc(nids > 0 ? nids : 1, sizeof *v);
	for (i = 0; i < nids && rc == AMP_OK; i++) {
		if ((rc = store_read(s->store, &t, err)) != AMP_OK)
			break;
		be64_put(key, ids[i]);
		rc = sealed_get(t, s, DB_RECORDS, key, sizeof key, &r, err);
		if (rc == AMP_ENOTFOUND) {
			stxn_end(t);
			rc = AMP_OK;
			continue;
		}
		if (rc != AMP_OK || !access_sees_record(s, &r)) {
			stxn_end(t);
			if (rc == AMP_OK)
				record_free(&r);
			continue;
		}
		/* The case's number, from its creation year and id. */
		be64_put(key, r.parent);
		snprintf(v[*n].case_number, sizeof v[*n].case_number, "#%llu",
		    (unsigned long long)r.parent);
		if (sealed_get(t, s, DB_RECORDS, key, sizeof key, &parent,
		    err) == AMP_OK) {
			casenum_format(parent.id, parent.created,
			    v[*n].case_number, sizeof v[*n].case_number);
			record_free(&parent);
		}
		if (consent_withdrawn_in(t, s, &r, &v[*n].withdrawn, err) !=
		    AMP_OK)
			v[*n].withdrawn = 0;
		stxn_end(t);
		v[*n].id = r.id;
		v[*n].case_id = r.parent;
		casenum_format(r.id, r.created, v[*n].number,
		    sizeof v[*n].number);
		v[*n].form = xstrdup(r.form);
		v[*n].state = xstrdup(r.state != NULL ? r.state : "");
		v[*n].from = xstrdup(r.origin != NULL ? r.origin : "");
		v[*n].to = xstrdup(r.institution != NULL ? r.institution : "");
		v[*n].since = r.state_since;
		f = formset_find(s->forms, r.form);
		v[*n].summary = f != NULL ? form_summary(f, &r.data) :
		    xstrdup("");
		if ((w = workflow_for(s->forms, r.form)) != NULL)
			v[*n].due = referral_due(w, &r);
		(*n)++;
		record_free(&r);
	}
	free(ids);
	if (rc != AMP_OK) {
		referral_rows_free(v, *n);
		*n = 0;
		return (rc);
	}
	qsort(v, *n, sizeof *v, row_cmp);
	*rows = v;
	return (AMP_OK);
}

void
referral_rows_free(struct referral_row *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].form);
		free(v[i].state);
		free(v[i].from);
		free(v[i].to);
		free(v[i].summary);
	}
	free(v);
}
