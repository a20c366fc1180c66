/* demo-protocols.c: the protocols' records in a demo store, in every state of their workflows, so a trainer can show each one. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "amparo.h"

#define DEMO_PROTOCOL_PEOPLE	20	/* fewer people: no protocols */
#define DEMO_CLAIM_FIRST	9	/* the first claim walked */
#define DEMO_PARENT_FIRST	18	/* the first case referred */
#define DEMO_SESSIONS		8	/* accounts logged in at once */

/*
 * One record walked along the workflow of its form. A referral (to names the
 * receiving account) is sent by the sender account from a new case of
 * parent_form, moved first by parent_steps, or else from an intake case;
 * then each step is taken by the account of its side. Without to, the
 * steps move an intake case (parent_form NULL) or a new case of
 * parent_form, all taken by the sender account.
 */
static const struct demo_flow {
	const char	*form;		/* of the referral or the case */
	const char	*parent_form;
	const char	*parent_steps[3];	/* NULL-ended */
	const char	*set[2];	/* one answer changed: field, value */
	const char	*sender;
	const char	*to;
	const char	*steps[6];	/* NULL-ended */
} flows[] = {
	/* Asylum claims, at each stage. */
	{ "intake", NULL, { NULL }, { NULL, NULL }, "supervisor", NULL,
	    { "admit", NULL } },
	{ "intake", NULL, { NULL }, { NULL, NULL }, "supervisor", NULL,
	    { "not_admit", NULL } },
	{ "intake", NULL, { NULL }, { NULL, NULL }, "supervisor", NULL,
	    { "admit", "schedule_interview", NULL } },
	{ "intake", NULL, { NULL }, { NULL, NULL }, "supervisor", NULL,
	    { "admit", "schedule_interview", "interview", NULL } },
	{ "intake", NULL, { NULL }, { NULL, NULL }, "supervisor", NULL,
	    { "admit", "schedule_interview", "interview", "recognise",
	    NULL } },
	{ "intake", NULL, { NULL }, { NULL, NULL }, "supervisor", NULL,
	    { "admit", "interview", "reject", NULL } },
	{ "intake", NULL, { NULL }, { NULL, NULL }, "supervisor", NULL,
	    { "not_admit", "request_reconsideration", NULL } },
	{ "intake", NULL, { NULL }, { NULL, NULL }, "supervisor", NULL,
	    { "admit", "interview", "reject", "request_reconsideration",
	    "reconsider_reject" } },

	/* Border screenings, and their referrals to the asylum office. */
	{ "border_screening", "border_screening", { NULL }, { NULL, NULL },
	    "border_screening_officer", NULL, { NULL } },
	{ "border_screening", "border_screening", { NULL },
	    { "asks_asylum", "no" }, "border_screening_officer", NULL,
	    { "no_need", NULL } },
	{ "protection_referral", "border_screening", { "mark_referred", NULL },
	    { NULL, NULL }, "border_screening_officer", "officer", { NULL } },
	{ "protection_referral", "border_screening", { "mark_referred", NULL },
	    { NULL, NULL }, "border_screening_officer", "officer",
	    { "acknowledge", NULL } },
	{ "protection_referral", "border_screening", { "mark_referred", NULL },
	    { NULL, NULL }, "border_screening_officer", "officer",
	    { "acknowledge", "register_claim", NULL } },
	{ "protection_referral", "border_screening", { "mark_referred", NULL },
	    { NULL, NULL }, "border_screening_officer", "officer",
	    { "acknowledge", "no_claim", NULL } },
	{ "protection_referral", "border_screening", { "mark_referred", NULL },
	    { NULL, NULL }, "border_screening_officer", "officer",
	    { "acknowledge", "refer_elsewhere", NULL } },
	{ "protection_referral", "border_screening",
	    { "mark_referred", "close", NULL }, { NULL, NULL },
	    "border_screening_officer", "officer",
	    { "acknowledge", "register_claim", "close", NULL } },
	{ "protection_referral", "border_screening", { "mark_referred", NULL },
	    { NULL, NULL }, "border_screening_officer", "officer",
	    { "withdraw", NULL } },

	/* Children referred to the children's authority. */
	{ "child_referral", NULL, { NULL }, { NULL, NULL }, "supervisor",
	    "childrens_officer", { NULL } },
	{ "child_referral", NULL, { NULL }, { NULL, NULL }, "supervisor",
	    "childrens_officer", { "acknowledge", NULL } },
	{ "child_referral", NULL, { NULL }, { NULL, NULL }, "supervisor",
	    "childrens_officer", { "acknowledge", "decline", NULL } },
	{ "child_referral", NULL, { NULL }, { NULL, NULL }, "supervisor",
	    "childrens_officer", { "acknowledge", "take_into_care", NULL } },
	{ "child_referral", NULL, { NULL }, { NULL, NULL }, "supervisor",
	    "childrens_officer", { "acknowledge", "take_into_care",
	    "counter_refer", NULL } },
	{ "child_referral", NULL, { NULL }, { NULL, NULL }, "supervisor",
	    "childrens_officer", { "acknowledge", "take_into_care",
	    "counter_refer", "close", NULL } },
	{ "child_referral", NULL, { NULL }, { NULL, NULL }, "supervisor",
	    "childrens_officer", { "withdraw", NULL } },

	/* Births sent to the civil registry from the parents' case. */
	{ "birth_registration", NULL, { NULL }, { NULL, NULL }, "supervisor",
	    "civil_registry_officer", { NULL } },
	{ "birth_registration", NULL, { NULL }, { NULL, NULL }, "supervisor",
	    "civil_registry_officer", { "acknowledge", NULL } },
	{ "birth_registration", NULL, { NULL }, { NULL, NULL }, "supervisor",
	    "civil_registry_officer", { "acknowledge", "register", NULL } },
	{ "birth_registration", NULL, { NULL }, { NULL, NULL }, "supervisor",
	    "civil_registry_officer", { "acknowledge", "decline", NULL } },
	{ "birth_registration", NULL, { NULL }, { NULL, NULL }, "supervisor",
	    "civil_registry_officer", { "acknowledge", "decline", "close",
	    NULL } },
	{ "birth_registration", NULL, { NULL }, { NULL, NULL }, "supervisor",
	    "civil_registry_officer", { "withdraw", NULL } },

	/* People at risk of statelessness, referred to the civil registry. */
	{ "statelessness_referral", "statelessness_screening", { NULL },
	    { NULL, NULL }, "supervisor", "civil_registry_officer", { NULL } },
	{ "statelessness_referral", "statelessness_screening", { NULL },
	    { NULL, NULL }, "supervisor", "civil_registry_officer",
	    { "acknowledge", NULL } },
	{ "statelessness_referral", "statelessness_screening", { NULL },
	    { NULL, NULL }, "supervisor", "civil_registry_officer",
	    { "acknowledge", "decline", NULL } },
	{ "statelessness_referral", "statelessness_screening", { NULL },
	    { NULL, NULL }, "supervisor", "civil_registry_officer",
	    { "acknowledge", "counter_refer", NULL } },
	{ "statelessness_referral", "statelessness_screening", { NULL },
	    { NULL, NULL }, "supervisor", "civil_registry_officer",
	    { "acknowledge", "counter_refer", "close", NULL } },
	{ "statelessness_referral", "statelessness_screening", { NULL },
	    { NULL, NULL }, "supervisor", "civil_registry_officer",
	    { "withdraw", NULL } },
};

/* The answers of every record the flows make, by form. */
static const struct demo_answer answers[] = {
	{ NULL, "urgency", "priority" },
	{ NULL, "consent_reference", "CONS-DEMO" },
	{ NULL, "reason", "Referencia de demostración para la formación." },
	{ NULL, "nationality", "VEN" },
	{ NULL, "border_post", "jaque" },
	{ "border_screening", "given_names", "Grupo" },
	{ "border_screening", "family_names", "Demostración" },
	{ "protection_referral", "given_names", "Grupo" },
	{ "protection_referral", "family_names", "Demostración" },
	{ NULL, "group_size", "4" },
	{ NULL, "whereabouts", "Estación de recepción (demostración)" },
	{ NULL, "decline_reason", "no_capacity" },
	{ NULL, "follow_up", "no" },
	{ NULL, "services_given", "Orientación y acompañamiento (demostración)." },

	{ "interview_schedule", "interview_at", "09:30" },
	{ "interview_schedule", "interview_place", "onpar_panama" },
	{ "interview_schedule", "notified", "yes" },
	{ "asylum_interview", "interview_language", "spa" },
	{ "asylum_interview", "consent_read", "yes" },
	{ "asylum_interview", "grounds", "political_opinion" },
	{ "asylum_interview", "interviewer_notes",
	    "Entrevista de demostración para la formación." },
	{ "claim_decision", "reasons", "Decisión de demostración." },

	{ "border_screening", "fear_of_return", "no" },
	{ "border_screening", "threats", "no" },
	{ "border_screening", "asks_asylum", "yes" },
	{ "border_screening", "unaccompanied_child", "no" },
	{ "border_screening", "gbv_risk", "no" },
	{ "border_screening", "medical_need", "yes" },
	{ "protection_referral", "needs", "asks_asylum" },
	{ "protection_referral", "vulnerabilities", "medical_need" },
	{ "protection_claim", "claim_number", "2026-000009" },
	{ "protection_claim", "people_registered", "4" },
	{ "protection_outcome", "reason", "other_protection" },
	{ "protection_outcome", "referred_to", "acnur" },

	{ "child_referral", "situation", "unaccompanied" },
	{ "child_referral", "child_given_names", "Niña" },
	{ "child_referral", "child_family_names", "Demostración" },
	{ "child_referral", "child_sex", "female" },
	{ "child_referral", "child_birth_date", "2013-05-04" },
	{ "child_referral", "nationality", "HTI" },
	{ "child_referral", "language", "hat" },
	{ "child_referral", "caregiver_present", "no" },
	{ "child_referral", "best_interest_concerns",
	    "family_tracing schooling" },
	{ "child_referral", "in_school", "yes" },
	{ "child_care", "care_arrangement", "kinship_care" },
	{ "child_care", "guardianship", "in_process" },
	{ "child_care", "outcome", "protected" },
	{ "counter_referral", "outcome", "completed" },

	{ "birth_registration", "child_given_names", "Niño" },
	{ "birth_registration", "child_family_names", "Demostración" },
	{ "birth_registration", "child_sex", "male" },
	{ "birth_registration", "birth_date", "2025-09-20" },
	{ "birth_registration", "birth_place", "Metetí, Darién" },
	{ "birth_registration", "birth_attended", "health_facility" },
	{ "birth_registration", "birth_certificate", "yes" },
	{ "birth_registration", "mother_name", "Madre Demostración" },
	{ "birth_registration", "mother_nationality", "VEN" },
	{ "birth_registration", "registration_post", "la_palma" },
	{ "birth_registered", "registration_number", "RC-DEMO-0001" },

	{ "statelessness_screening", "given_names", "Persona" },
	{ "statelessness_screening", "family_names", "Demostración" },
	{ "statelessness_screening", "birth_unregistered", "yes" },
	{ "statelessness_screening", "no_identity_document", "yes" },
	{ "statelessness_screening", "nationality_refused", "no" },
	{ "statelessness_screening", "parents_stateless", "no" },
	{ "statelessness_screening", "born_in_transit", "yes" },
	{ "statelessness_referral", "service", "late_birth_registration" },
	{ "statelessness_referral", "given_names", "Persona" },
	{ "statelessness_referral", "family_names", "Demostración" },
	{ "statelessness_referral", "risk_factors",
	    "birth_unregistered born_in_transit" },
};

struct demo_sessions {
	const char	*name[DEMO_SESSIONS];
	struct session	*s[DEMO_SESSIONS];
	size_t		 n;
};

/* The session of demo account name, logged in at its first use. */
static struct session *
sessions_get(struct demo_sessions *ds, struct store *st,
    const struct formset *fs, const struct demo_account *a, size_t na,
    const char *name, struct amp_err *err)
{
	size_t	i;

	for (i = 0; i < ds->n; i++) {
		if (strcmp(ds->name[i], name) == 0)
			return (ds->s[i]);
	}
	if (ds->n == DEMO_SESSIONS) {
		err_set(err, AMP_EFAIL,
		    _("building the demo failed: more than %d demo accounts at once"),
		    DEMO_SESSIONS);
		return (NULL);
	}
	if ((ds->s[ds->n] = demo_login(st, fs, a, na, name, err)) == NULL)
		return (NULL);
	ds->name[ds->n] = name;
	return (ds->s[ds->n++]);
}

/*
 * A new record of form f, with the flow's one answer changed: a case, or
 * with to a referral from case parent to that institution.
 */
static int
demo_new(struct session *s, const struct form *f, const struct demo_flow *fl,
    uint64_t parent, const char *to, uint64_t *out, struct amp_err *err)
{
	struct record	 r;
	struct verrs	 ve = { 0 };
	int		 rc;

	demo_fill(f, answers, nitems(answers), &r);
	if (to == NULL && fl->set[0] != NULL)
		rmap_set(&r.data, fl->set[0], fl->set[1]);
	rc = to == NULL ? case_create(s, &r, &ve, err) :
	    referral_send(s, parent, to, &r, &ve, err);
	if (rc == AMP_OK)
		*out = r.id;
	verrs_free(&ve);
	record_free(&r);
	return (rc);
}

/* Take steps in order on record id, each by the session of its side. */
static int
demo_walk(struct session *sender, struct session *receiver,
    const struct workflow *w, uint64_t id, const char *const *steps,
    size_t n, struct amp_err *err)
{
	const struct wf_transition	*t;
	size_t				 i;
	int				 rc = AMP_OK;

	for (i = 0; i < n && steps[i] != NULL && rc == AMP_OK; i++) {
		t = workflow_transition(w, steps[i]);
		rc = demo_step(t != NULL && t->side == SIDE_RECEIVER ?
		    receiver : sender, w, id, steps[i], answers,
		    nitems(answers), err);
	}
	return (rc);
}

/* The role of demo account name, or NULL if there is no such account. */
static const struct role *
demo_role(const struct formset *fs, const struct demo_account *a, size_t na,
    const char *name)
{
	size_t	i;

	for (i = 0; name != NULL && i < na; i++) {
		if (strcmp(a[i].name, name) == 0)
			return (policy_role(fs->policy, a[i].role));
	}
	return (NULL);
}

static int
demo_flow(struct demo_sessions *ds, struct store *st,
    const struct formset *fs, const struct demo_account *a, size_t na,
    const struct demo_flow *fl, uint64_t intake, struct amp_err *err)
{
	const struct workflow	*w = workflow_for(fs, fl->form), *pw;
	const struct form	*pf;
	const struct role	*role = NULL;
	struct session		*s, *rs = NULL;
	uint64_t		 parent = intake, id;
	int			 rc;

	if (w == NULL || w->form == NULL ||
	    demo_role(fs, a, na, fl->sender) == NULL || (fl->to != NULL &&
	    (role = demo_role(fs, a, na, fl->to)) == NULL))
		return (AMP_OK);	/* forms without this protocol */
	if ((s = sessions_get(ds, st, fs, a, na, fl->sender, err)) == NULL ||
	    (fl->to != NULL && (rs = sessions_get(ds, st, fs, a, na, fl->to,
	    err)) == NULL))
		return (err->code);
	if (fl->parent_form != NULL) {
		if ((pf = formset_find(fs, fl->parent_form)) == NULL)
			return (AMP_OK);	/* forms without it */
		if ((rc = demo_new(s, pf, fl, 0, NULL, &parent, err)) !=
		    AMP_OK)
			return (rc);
		pw = workflow_for(fs, fl->parent_form);
		if (pw != NULL && (rc = demo_walk(s, s, pw, parent,
		    fl->parent_steps, nitems(fl->parent_steps), err)) != AMP_OK)
			return (rc);
	}
	id = parent;
	if (role != NULL && (rc = demo_new(s, w->form, fl, parent,
	    role->institution, &id, err)) != AMP_OK)
		return (rc);
	return (demo_walk(s, rs, w, id, fl->steps, nitems(fl->steps), err));
}

/*
 * Walk the demo's protocol records through their workflows, so that
 * together they stand in every state of each: claims on intake cases
 * from DEMO_CLAIM_FIRST, referrals from DEMO_PARENT_FIRST or from new
 * screenings. Skipped with fewer than DEMO_PROTOCOL_PEOPLE people, and
 * for each protocol the forms or roles file lack.
 */
int
demo_protocols(struct session *s, struct store *st, const struct formset *fs,
    const struct demo_account *a, size_t na, size_t people,
    struct amp_err *err)
{
	struct demo_sessions	 ds = { { NULL }, { NULL }, 0 };
	uint64_t		 claim = DEMO_CLAIM_FIRST, parent = 0, intake;
	size_t			 i;
	int			 rc = AMP_OK;

	(void)s;
	if (people < DEMO_PROTOCOL_PEOPLE)
		return (AMP_OK);
	for (i = 0; i < nitems(flows) && rc == AMP_OK; i++) {
		if (flows[i].to == NULL && flows[i].parent_form == NULL)
			intake = claim++;
		else
			intake = DEMO_PARENT_FIRST + parent++ %
			    (DEMO_PROTOCOL_PEOPLE - DEMO_PARENT_FIRST + 1);
		rc = demo_flow(&ds, st, fs, a, na, &flows[i], intake, err);
	}
	for (i = 0; i < ds.n; i++)
		session_free(ds.s[i]);
	return (rc);
}
