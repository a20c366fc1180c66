/* case-link.c: records saved linked to a case that are not a workflow step's: a consent, a risk assessment. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "amparo.h"

/*
 * Save a new record of r's form linked to a case the official sees: it
 * lies where the case lies (its institution and assignee), is listed
 * among the case's linked records, and starts in its workflow's first
 * state. A referral is sent, not linked (amparo referral send).
 */
int
case_link_create(struct session *s, uint64_t case_id, struct record *r,
    struct verrs *ve, struct amp_err *err)
{
	const struct form	*f;
	struct record		 parent;
	struct terms		 terms = { 0 };
	int			 rc;

	if ((f = case_form(s, r->form, err)) == NULL ||
	    access_form(s, f->id, PF_CREATE, err) != AMP_OK)
		return (err->code);
	if (workflow_has_sides(workflow_for(s->forms, f->id)))
		return (err_set(err, AMP_EUSAGE,
		    _("saving failed: the form \"%s\" is a referral: send it from a case (amparo referral send)"),
		    f->id));
	if (strcmp(f->id, RENEWAL_OUTCOME_FORM) == 0)
		return (err_set(err, AMP_EUSAGE,
		    _("saving failed: a renewal outcome is recorded in its session: use amparo renewal record or the session's roster")));
	if (strcmp(f->id, CARD_FORM) == 0)
		return (err_set(err, AMP_EUSAGE,
		    _("saving failed: a card is signed, not typed in: use amparo card issue")));
	if ((rc = case_get(s, case_id, &parent, err)) != AMP_OK)
		return (rc);
	if (parent.parent != 0) {
		record_free(&parent);
		return (err_set(err, AMP_EUSAGE,
		    _("saving failed: link the record to the case itself, not to one of its linked records")));
	}
	if (case_prepare(f, &r->data, ve) > 0) {
		record_free(&parent);
		return (case_invalid(ve, err));
	}
	r->created = 0;
	free(r->created_by);
	r->created_by = NULL;
	case_stamp_new(s, f, r);
	r->parent = case_id;
	free(r->institution);
	r->institution = parent.institution != NULL ?
	    xstrdup(parent.institution) : NULL;
	free(r->assignee);
	r->assignee = parent.assignee != NULL ? xstrdup(parent.assignee) :
	    NULL;
	record_free(&parent);
	terms_for_record(s, f, &r->data, &terms);
	terms_add_parent(s, case_id, &terms);
	terms_add_state(s, f->id, r->state, &terms);
	rc = case_insert(s, f, r, &terms, "create", f->id, err);
	terms_free(&terms);
	return (rc);
}
