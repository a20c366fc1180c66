/* referral.c: referrals between institutions: sending one from a case, and each institution's inbox and outbox. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amparo.h"

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
	struct terms	terms = { 0 };
	int		rc;

	terms_for_box(s, s->institution, out, &terms);
	rc = queue_rows(s, terms.v[0], 1, rows, n, NULL, err);
	terms_free(&terms);
	if (rc == AMP_OK)
		qsort(*rows, *n, sizeof **rows, row_cmp);
	return (rc);
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
