/* workflow.c: the workflow runtime: a case's state, the transitions open to an official, deadlines, and moving a case. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "amparo.h"

#define CHILDREN_MAX	1000	/* records linked to one case */

/* The workflow that moves a form's records, or NULL. */
const struct workflow *
workflow_for(const struct formset *fs, const char *form)
{
	size_t	i;

	for (i = 0; fs != NULL && form != NULL && i < fs->nworkflows; i++) {
		if (fs->workflows[i]->form_id != NULL &&
		    strcmp(fs->workflows[i]->form_id, form) == 0)
			return (fs->workflows[i]);
	}
	return (NULL);
}

const struct wf_state *
workflow_state(const struct workflow *w, const char *id)
{
	size_t	i;

	for (i = 0; w != NULL && id != NULL && i < w->nstates; i++) {
		if (strcmp(w->states[i].id, id) == 0)
			return (&w->states[i]);
	}
	return (NULL);
}

/* A state's label in the current language, or its id if unknown. */
const char *
workflow_state_label(const struct workflow *w, const char *id)
{
	const struct wf_state	*st = workflow_state(w, id);

	if (st != NULL)
		return (i18n_get(&st->label));
	return (id != NULL ? id : "");
}

const struct wf_transition *
workflow_transition(const struct workflow *w, const char *id)
{
	size_t	i;

	for (i = 0; w != NULL && id != NULL && i < w->ntransitions; i++) {
		if (strcmp(w->transitions[i].id, id) == 0)
			return (&w->transitions[i]);
	}
	return (NULL);
}

/*
 * A record's state: the one it carries, or the initial one for a record
 * saved before its form had a workflow.
 */
const char *
record_state(const struct workflow *w, const struct record *r)
{
	return (r->state != NULL ? r->state : w->initial);
}

/* What made a version: "create", "edit" or a transition's id, as words. */
const char *
workflow_action_label(const struct workflow *w, const char *action)
{
	const struct wf_transition	*t;

	if (action == NULL || strcmp(action, "create") == 0)
		return (_("opened"));
	if (strcmp(action, "edit") == 0)
		return (_("edited"));
	if ((t = workflow_transition(w, action)) != NULL)
		return (i18n_get(&t->label));
	return (action);
}

/*
 * Whether an official of this institution is on the side of a referral the
 * step is for: its sender (the record's origin) or its receiver (the
 * record's institution).
 */
static int
wf_side_ok(const struct wf_transition *t, const struct record *r,
    const char *institution)
{
	const char	*want;

	if (t->side == SIDE_ANY)
		return (1);
	want = t->side == SIDE_SENDER ? r->origin : r->institution;
	return (want != NULL && institution != NULL &&
	    strcmp(want, institution) == 0);
}

/*
 * Whether an official of this role and institution may take the transition
 * on the record now: the record in one of its "from" states, the role
 * listed, the official on the step's side of a referral, the guard true on
 * the record's answers.
 */
enum wf_why
wf_check(const struct workflow *w, const struct wf_transition *t,
    const struct record *r, const char *role, const char *institution)
{
	const char	*state = record_state(w, r);
	size_t		 i;

	for (i = 0; i < t->nfrom; i++) {
		if (state != NULL && strcmp(t->from[i], state) == 0)
			break;
	}
	if (i == t->nfrom)
		return (WF_STATE);
	for (i = 0; i < t->nroles; i++) {
		if (role != NULL && strcmp(t->roles[i], role) == 0)
			break;
	}
	if (i == t->nroles)
		return (WF_ROLE);
	if (!wf_side_ok(t, r, institution))
		return (WF_SIDE);
	if (t->guard.e != NULL && !form_condition(&t->guard, &r->data))
		return (WF_GUARD);
	return (WF_OPEN);
}

/*
 * The day a transition falls due for a record: deadline_days after the day
 * the record entered its state. 0 when it has no deadline.
 */
int64_t
wf_due(const struct wf_transition *t, const struct record *r)
{
	if (t->deadline_days <= 0 || r->state_since == 0)
		return (0);
	return (time_days(r->state_since) + t->deadline_days);
}

/* Whole days the record has been in its state, or -1 if it is not known. */
int64_t
wf_days_in_state(const struct record *r)
{
	int64_t	days;

	if (r->state_since == 0)	/* saved before the workflow */
		return (-1);
	days = date_today_days() - time_days(r->state_since);
	return (days > 0 ? days : 0);
}

/* "13 days", the time a record has been in its state, or NULL. */
char *
wf_time_in_state(const struct record *r)
{
	int64_t	days = wf_days_in_state(r);

	if (days < 0)
		return (NULL);
	return (xsprintf(ngettext("%lld day", "%lld days",
	    (unsigned long)days), (long long)days));
}

/* Why a transition is not open, as a sentence for the official. */
char *
wf_why_text(const struct wf_transition *t, const struct workflow *w,
    const struct record *r, enum wf_why why)
{
	struct buf	 b = { 0 };
	size_t		 i;

	switch (why) {
	case WF_OPEN:
		return (xstrdup(""));
	case WF_STATE:
		return (xsprintf(_("the case is \"%s\", and \"%s\" starts only from another state"),
		    workflow_state_label(w, record_state(w, r)),
		    i18n_get(&t->label)));
	case WF_ROLE:
		for (i = 0; i < t->nroles; i++) {
			if (i > 0)
				buf_add(&b, ", ", 2);
			buf_add(&b, t->roles[i], strlen(t->roles[i]));
		}
		buf_add_u8(&b, 0);
		{
			char	*s = xsprintf(_("only these roles may do it: %s"),
			    (const char *)b.p);

			buf_free(&b);
			return (s);
		}
	case WF_GUARD:
		return (xsprintf(_("its condition is not met: %s"),
		    t->guard.e != NULL ? expr_text(t->guard.e) : ""));
	case WF_SIDE:
		return (xstrdup(t->side == SIDE_SENDER ?
		    _("only the institution that sent the referral takes it") :
		    _("only the institution the referral was sent to takes it")));
	}
	return (xstrdup(""));
}

struct move_ctx {
	struct session			*s;
	const struct workflow		*w;
	const struct wf_transition	*t;
	uint64_t			 id;
	struct record			*out;		/* the case, moved */
	struct record			*linked;	/* or NULL */
	const struct form		*lf;		/* its form */
	struct amp_err			*err;
};

/* Move the record's index entry from its old state's queue to the new. */
static int
move_queue(struct stxn *tx, struct session *s, const struct record *old,
    const struct record *new, struct amp_err *err)
{
	struct terms	a = { 0 }, b = { 0 };
	int		rc;

	terms_add_state(s, old->form, old->state, &a);
	terms_add_state(s, new->form, new->state, &b);
	rc = index_update(tx, new->id, &a, &b, err);
	terms_free(&a);
	terms_free(&b);
	return (rc);
}

/*
 * A step marked case_active is taken only while the case the record is
 * linked to is active: not in a terminal state of its own workflow (a
 * driver's licence certification needs an asylum claim still pending).
 * Read in the step's transaction, so a case closed meanwhile is seen.
 */
static int
case_still_active(struct stxn *tx, struct move_ctx *c,
    const struct record *cur)
{
	const struct workflow	*pw;
	const struct wf_state	*st;
	struct record		 parent;
	unsigned char		 key[8];
	char			 num[32];
	int			 rc, active = 1;

	if (!c->t->case_active || cur->parent == 0)
		return (AMP_OK);
	be64_put(key, cur->parent);
	rc = sealed_get(tx, c->s, DB_RECORDS, key, sizeof key, &parent,
	    c->err);
	if (rc != AMP_OK)
		return (rc);
	if ((pw = workflow_for(c->s->forms, parent.form)) != NULL &&
	    (st = workflow_state(pw, record_state(pw, &parent))) != NULL &&
	    st->terminal)
		active = 0;
	if (!active) {
		casenum_format(parent.id, parent.created, num, sizeof num);
		rc = err_set(c->err, AMP_EPERM,
		    _("\"%s\" is not open: case %s is %s (%s), no longer active"),
		    i18n_get(&c->t->label), num,
		    workflow_state_label(pw, record_state(pw, &parent)),
		    i18n_get(&pw->title));
	}
	record_free(&parent);
	return (rc);
}

/*
 * A record's next version in a write transaction: cur goes to history,
 * *out (freed first) becomes cur in state "to", made by action, now, by
 * the session's official; saved, audited, and moved between queues.
 */
int
record_move_in(struct stxn *tx, struct session *s, const struct record *cur,
    const char *to, const char *action, struct record *out,
    struct amp_err *err)
{
	unsigned char	key[8], hkey[16];
	int		rc;

	history_key(hkey, cur->id, cur->version);
	if ((rc = sealed_put(tx, s, DB_HISTORY, hkey, sizeof hkey, cur,
	    err)) != AMP_OK)
		return (rc);
	record_free(out);
	record_copy(out, cur);
	out->version = cur->version + 1;
	out->updated = time_now();
	free(out->updated_by);
	out->updated_by = xstrdup(s->user);
	free(out->state);
	out->state = xstrdup(to);
	out->state_since = out->updated;
	free(out->action);
	out->action = xstrdup(action);
	be64_put(key, cur->id);
	if ((rc = audit_note(tx, s, "transition", cur->id, action, err)) !=
	    AMP_OK ||
	    (rc = sealed_put(tx, s, DB_RECORDS, key, sizeof key, out, err)) !=
	    AMP_OK)
		return (rc);
	return (move_queue(tx, s, cur, out, err));
}

static int
move_txn(struct stxn *tx, void *arg)
{
	struct move_ctx	*c = arg;
	struct record	 cur, up;
	struct terms	 terms = { 0 };
	unsigned char	 key[8];
	enum wf_why	 why;
	char		*text;
	int		 rc;

	be64_put(key, c->id);
	rc = sealed_get(tx, c->s, DB_RECORDS, key, sizeof key, &cur, c->err);
	if (rc != AMP_OK)
		return (rc);
	if (!access_sees_record(c->s, &cur)) {
		rc = access_case(c->s, &cur, PF_VIEW, c->err);
		record_free(&cur);
		return (rc);
	}
	if ((rc = consent_blocks_in(tx, c->s, &cur, c->err)) != AMP_OK) {
		record_free(&cur);
		return (rc);
	}
	/*
	 * Checked again here: someone may have moved it meanwhile. The guard
	 * reads the answers in the current form's terms, as case_get gives
	 * them; the stored answers stay as they are.
	 */
	record_copy(&up, &cur);
	form_upgrade(c->w->form, &up);
	form_calculate(c->w->form, &up.data);
	why = wf_check(c->w, c->t, &up, c->s->role, c->s->institution);
	record_free(&up);
	if (why != WF_OPEN) {
		text = wf_why_text(c->t, c->w, &cur, why);
		rc = err_set(c->err, AMP_EPERM,
		    _("\"%s\" is not open: %s"), i18n_get(&c->t->label), text);
		free(text);
		record_free(&cur);
		return (rc);
	}
	if ((rc = case_still_active(tx, c, &cur)) != AMP_OK) {
		record_free(&cur);
		return (rc);
	}
	if ((rc = form_catalog_note(tx, c->s->forms, c->w->form, c->err)) !=
	    AMP_OK || (rc = record_move_in(tx, c->s, &cur, c->t->to, c->t->id,
	    c->out, c->err)) != AMP_OK ||
	    (rc = card_follow_in(tx, c->s, c->out, c->err)) != AMP_OK ||
	    c->linked == NULL)
		goto out;
	/* The transition's form, saved as a record linked to the case. */
	if ((rc = form_catalog_note(tx, c->s->forms, c->lf, c->err)) !=
	    AMP_OK ||
	    (rc = stxn_next_id(tx, "case", &c->linked->id, c->err)) != AMP_OK ||
	    (rc = audit_note(tx, c->s, "create", c->linked->id, c->lf->id,
	    c->err)) != AMP_OK)
		goto out;
	free(c->linked->institution);	/* where the case is */
	c->linked->institution = cur.institution != NULL ?
	    xstrdup(cur.institution) : NULL;
	free(c->linked->assignee);
	c->linked->assignee = cur.assignee != NULL ? xstrdup(cur.assignee) :
	    NULL;
	free(c->linked->origin);	/* a referral's: both sides see it */
	c->linked->origin = cur.origin != NULL ? xstrdup(cur.origin) : NULL;
	be64_put(key, c->linked->id);
	if ((rc = sealed_put(tx, c->s, DB_RECORDS, key, sizeof key, c->linked,
	    c->err)) != AMP_OK)
		goto out;
	terms_for_record(c->s, c->lf, &c->linked->data, &terms);
	terms_add_parent(c->s, c->id, &terms);
	rc = index_update(tx, c->linked->id, NULL, &terms, c->err);
out:
	terms_free(&terms);
	record_free(&cur);
	return (rc);
}

/*
 * Take a workflow transition on a case. A transition with a form needs its
 * answers in linked (a record of that form); they are checked like any
 * save, problems listed in ve, and saved as a new record linked to the
 * case. On success *out is the case's new version (and linked->id the
 * linked record's number). The previous version goes to history; the new
 * one records the transition, who and when.
 */
int
case_transition(struct session *s, uint64_t id, const char *tid,
    struct record *linked, struct record *out, struct verrs *ve,
    struct amp_err *err)
{
	struct move_ctx		 c;
	struct record		 cur;
	const struct workflow	*w;
	const struct wf_transition *t;
	enum wf_why		 why;
	char			 num[32], *text;
	size_t			 i;
	int			 rc;

	record_init(out);
	if ((rc = case_get(s, id, &cur, err)) != AMP_OK)
		return (rc);
	casenum_format(cur.id, cur.created, num, sizeof num);
	memset(&c, 0, sizeof c);
	if ((w = workflow_for(s->forms, cur.form)) == NULL) {
		rc = err_set(err, AMP_EINVAL,
		    _("case %s has no workflow: the form \"%s\" has none"), num,
		    cur.form);
		goto out;
	}
	if ((t = workflow_transition(w, tid)) == NULL) {
		struct buf	b = { 0 };

		for (i = 0; i < w->ntransitions; i++) {
			if (i > 0)
				buf_add(&b, ", ", 2);
			buf_add(&b, w->transitions[i].id,
			    strlen(w->transitions[i].id));
		}
		buf_add_u8(&b, 0);
		rc = err_set(err, AMP_EINVAL,
		    _("the workflow \"%s\" has no transition \"%s\" (it has: %s)"),
		    w->id, tid, (const char *)b.p);
		buf_free(&b);
		goto out;
	}
	/* A referral whose consent was withdrawn: no step, whatever it is. */
	if ((rc = consent_blocks(s, &cur, err)) != AMP_OK)
		goto out;
	if ((why = wf_check(w, t, &cur, s->role, s->institution)) != WF_OPEN) {
		text = wf_why_text(t, w, &cur, why);
		rc = err_set(err, AMP_EPERM, _("case %s: \"%s\" is not open: %s"),
		    num, i18n_get(&t->label), text);
		free(text);
		goto out;
	}
	if (t->form != NULL && linked == NULL) {
		rc = err_set(err, AMP_EINVAL,
		    _("\"%s\" needs the form \"%s\" filled in"),
		    i18n_get(&t->label), t->form->id);
		goto out;
	}
	if (t->form == NULL && linked != NULL) {
		rc = err_set(err, AMP_EINVAL, _("\"%s\" has no form to fill"),
		    i18n_get(&t->label));
		goto out;
	}
	if (linked != NULL) {
		free(linked->form);
		linked->form = xstrdup(t->form->id);
		if (case_prepare(t->form, &linked->data, ve) > 0) {
			rc = case_invalid(ve, err);
			goto out;
		}
		linked->created = 0;
		free(linked->created_by);
		linked->created_by = NULL;
		case_stamp_new(s, t->form, linked);
		linked->parent = id;
	}
	c.s = s;
	c.w = w;
	c.t = t;
	c.id = id;
	c.out = out;
	c.linked = linked;
	c.lf = t->form;
	c.err = err;
	rc = store_write(s->store, move_txn, &c, err);
	log_debug("%s: case %llu %s by %s: %d", __func__,
	    (unsigned long long)id, tid, s->user, rc);
out:
	record_free(&cur);
	return (rc);
}

/* The numbers of the records linked to a case, oldest first. */
int
case_children(struct session *s, uint64_t id, uint64_t **ids, size_t *n,
    struct amp_err *err)
{
	struct stxn	*t;
	int		 rc;

	*ids = NULL;
	*n = 0;
	if ((rc = store_read(s->store, &t, err)) != AMP_OK)
		return (rc);
	rc = case_children_in(t, s, id, ids, n, err);
	stxn_end(t);
	return (rc);
}

/* The same, in the caller's transaction. */
int
case_children_in(struct stxn *t, struct session *s, uint64_t id,
    uint64_t **ids, size_t *n, struct amp_err *err)
{
	struct terms	 terms = { 0 };
	int		 rc;

	*ids = xcalloc(CHILDREN_MAX, sizeof **ids);
	*n = 0;
	terms_for_children(s, id, &terms);
	rc = index_ids(t, terms.v[0], *ids, CHILDREN_MAX, n, err);
	terms_free(&terms);
	return (rc);
}

/*
 * Whether a workflow moves referrals: some of its steps are for one side,
 * sender or receiver, so its records must be sent from a case.
 */
int
workflow_has_sides(const struct workflow *w)
{
	size_t	i;

	for (i = 0; w != NULL && i < w->ntransitions; i++) {
		if (w->transitions[i].side != SIDE_ANY)
			return (1);
	}
	return (0);
}
