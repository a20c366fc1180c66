/* demo-referral.c: referrals in a demo store, in every state of their workflow, so a trainer can show each one. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "amparo.h"

/*
 * The demo's referrals: where each goes, and the steps it takes there, so
 * that together they stand in every state of workflows/referral.yaml.
 * A step's form is filled with the answers below.
 */
static const struct demo_ref {
	const char	*to;		/* the receiving role's account */
	const char	*steps[5];	/* taken in order, NULL-ended */
} demo_refs[] = {
	{ "womens_institute_focal_point", { NULL } },
	{ "labour_officer", { "acknowledge", NULL } },
	{ "health_officer", { "acknowledge", "accept", NULL } },
	{ "legal_clinic_lawyer", { "acknowledge", "decline", NULL } },
	{ "childrens_officer", { "acknowledge", "accept", "start_care", NULL } },
	{ "civil_registry_officer", { "acknowledge", "accept", "start_care",
	    "counter_refer", NULL } },
	{ "womens_institute_focal_point", { "acknowledge", "accept",
	    "start_care", "counter_refer", "close" } },
	{ "health_officer", { "withdraw", NULL } },
};

static const char *const step_answers[][2] = {
	{ "decline_reason", "no_capacity" },
	{ "services_given", "Orientación y acompañamiento (demostración)." },
	{ "outcome", "completed" },
	{ "follow_up", "no" },
};

struct session *
demo_login(struct store *st, const struct formset *fs,
    const struct demo_account *a, size_t na, const char *name,
    struct amp_err *err)
{
	struct session	*s = NULL;
	size_t		 i;

	for (i = 0; i < na; i++) {
		if (strcmp(a[i].name, name) == 0)
			break;
	}
	if (i == na) {
		err_set(err, AMP_EFAIL,
		    _("building the demo failed: there is no demo account \"%s\""),
		    name);
		return (NULL);
	}
	if (session_login(st, fs, name, a[i].password, strlen(a[i].password),
	    &s, err) != AMP_OK)
		return (NULL);
	return (s);
}

/* A step's own form, filled with the given answers to its fields. */
static void
demo_step_record(const struct form *f, const char *const (*answers)[2],
    size_t n, struct record *r)
{
	size_t	i;

	record_init(r);
	r->form = xstrdup(f->id);
	form_defaults(f, &r->data);
	for (i = 0; i < n; i++) {
		if (form_field(f, answers[i][0]) != NULL)
			rmap_set(&r->data, answers[i][0], answers[i][1]);
	}
}

/* Take a step, its form (if any) filled with answers, n of them. */
int
demo_step(struct session *s, const struct workflow *w, uint64_t id,
    const char *step, const char *const (*answers)[2], size_t n,
    struct amp_err *err)
{
	const struct wf_transition	*t = workflow_transition(w, step);
	struct record			 linked, out;
	struct verrs			 ve = { 0 };
	int				 rc;

	if (t == NULL)
		return (err_set(err, AMP_EFORMS,
		    _("building the demo failed: the workflow \"%s\" has no step \"%s\""),
		    w->id, step));
	record_init(&out);
	if (t->form != NULL)
		demo_step_record(t->form, answers, n, &linked);
	rc = case_transition(s, id, step, t->form != NULL ? &linked : NULL,
	    &out, &ve, err);
	if (t->form != NULL)
		record_free(&linked);
	record_free(&out);
	verrs_free(&ve);
	return (rc);
}

/*
 * Send the demo's referrals from the first cases, as the administrator's
 * session s, and move each through its steps as the receiving (or, for
 * the sender's steps, the sending) official. Skipped, with no error, when
 * the forms have no referral workflow or the roles file lacks the roles.
 */
int
demo_referrals(struct session *s, struct store *st, const struct formset *fs,
    const struct demo_account *a, size_t na, size_t people,
    struct amp_err *err)
{
	const struct workflow	*w = workflow_for(fs, "referral");
	const struct role	*role;
	const struct wf_transition *t;
	const char		*step;
	struct session		*rs;
	struct record		 r;
	struct verrs		 ve = { 0 };
	size_t			 i, j;
	int			 rc = AMP_OK;

	if (w == NULL || w->form == NULL)
		return (AMP_OK);
	for (i = 0; i < nitems(demo_refs) && i < people && rc == AMP_OK;
	    i++) {
		if ((role = policy_role(fs->policy, demo_refs[i].to)) == NULL)
			continue;
		record_init(&r);
		r.form = xstrdup(w->form->id);
		form_defaults(w->form, &r.data);
		rmap_set(&r.data, "urgency", i % 3 == 0 ? "urgent" : "routine");
		rmap_set(&r.data, "reason",
		    "Referencia de demostración para la formación.");
		rmap_set(&r.data, "consent_reference", "CONS-DEMO");
		rc = referral_send(s, (uint64_t)i + 1, role->institution, &r,
		    &ve, err);
		verrs_free(&ve);
		if (rc != AMP_OK) {
			record_free(&r);
			break;
		}
		rs = NULL;
		for (j = 0; rc == AMP_OK && j < nitems(demo_refs[i].steps) &&
		    (step = demo_refs[i].steps[j]) != NULL; j++) {
			t = workflow_transition(w, step);
			if (t != NULL && t->side == SIDE_SENDER) {
				rc = demo_step(s, w, r.id, step, step_answers,
				    nitems(step_answers), err);
				continue;
			}
			if (rs == NULL && (rs = demo_login(st, fs, a, na,
			    demo_refs[i].to, err)) == NULL) {
				rc = err->code;
				break;
			}
			rc = demo_step(rs, w, r.id, step, step_answers,
			    nitems(step_answers), err);
		}
		session_free(rs);
		record_free(&r);
	}
	return (rc);
}
