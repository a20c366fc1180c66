/* demo-services.c: referrals to each kind of service of the directory, and driver's licence certifications in every state, in a demo store. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amparo.h"

#define DEMO_FIRST_CASE	9	/* the first cases are demo-referral.c's */
#define DEMO_SCAN_MAX	400	/* cases looked at for one that fits */

/*
 * For each category of service: the account that receives it, and the
 * steps it takes there (its result step among them), so that trainers see
 * each kind of result and the referral in several states.
 */
static const struct demo_svc {
	const char	*category;
	const char	*to;		/* the receiving role's account */
	const char	*steps[6];	/* taken in order, NULL-ended */
} demo_svcs[] = {
	{ "legal_aid", "legal_clinic_lawyer", { "acknowledge", "accept",
	    "record_legal_case", "counter_refer", "close" } },
	{ "health", "health_officer", { "acknowledge", "accept",
	    "start_care", NULL } },
	{ "education", "education_officer", { "acknowledge", "accept",
	    "record_placement", "counter_refer", NULL } },
	{ "vocational_training", "training_officer", { "acknowledge",
	    "accept", "record_enrolment", NULL } },
	{ "employment", "labour_officer", { "acknowledge", "accept",
	    "record_registration", NULL } },
	{ "banking", "bank_officer", { "acknowledge", "accept",
	    "record_account", NULL } },
	{ "social_protection", "social_protection_officer", { "acknowledge",
	    NULL } },
};

/* The answers of the result forms (the demo's; see demo-referral.c too). */
static const char *const result_answers[][2] = {
	{ "case_taken", "yes" },
	{ "matter", "asylum" },
	{ "supervising_lawyer", "Lcda. Demostración" },
	{ "grade_placed", "g5" },
	{ "school", "Escuela de demostración" },
	{ "enrolled", "yes" },
	{ "registration_number", "BE-DEMO-0001" },
	{ "account_outcome", "refused" },
	{ "refusal_reason", "proof_of_address" },
};

/* The certifications: the steps each takes, by whom, NULL-ended. */
static const struct demo_lic {
	const char	*steps[3];
	const char	*receiver;	/* the account of receiver's steps */
} demo_licences[] = {
	{ { NULL }, NULL },
	{ { "certify", NULL }, NULL },
	{ { "refuse", NULL }, NULL },
	{ { "certify", "issue_licence", NULL }, "transit_officer" },
};

/* Take a step, its form filled from the referrals' answers and those of m. */
static int
step_with(struct session *s, const struct workflow *w, uint64_t id,
    const char *step, const struct rmap *m, struct amp_err *err)
{
	struct demo_answer	*a;
	size_t			 i, n = demo_step_answers_count;
	int			 rc;

	a = xcalloc(n + m->n, sizeof *a);
	memcpy(a, demo_step_answers, n * sizeof *a);
	for (i = 0; i < m->n; i++) {
		a[n + i].field = m->v[i].id;
		a[n + i].value = m->v[i].str;
	}
	rc = demo_step(s, w, id, step, a, n + m->n, err);
	free(a);
	return (rc);
}

/* Dates the result forms ask for, days from today. */
static void
set_day(struct rmap *m, const char *id, int days)
{
	char	buf[32];

	date_format_days(date_today_days() + days, buf, sizeof buf);
	rmap_set(m, id, buf);
}

static void
demo_answers(struct rmap *m, size_t n)
{
	char	num[32];
	size_t	i;

	memset(m, 0, sizeof *m);
	for (i = 0; i < nitems(result_answers); i++)
		rmap_set(m, result_answers[i][0], result_answers[i][1]);
	set_day(m, "test_date", -1);
	set_day(m, "course_start", 20);
	set_day(m, "opened_on", -1);
	set_day(m, "valid_until", 180);
	snprintf(num, sizeof num, "LC-%04d-%05zu",
	    time_year(time_now()), n + 1);
	rmap_set(m, "certificate_number", num);
}

/* The first case from *next on that a service of the category fits. */
static const struct service *
fitting(struct session *s, const char *category, size_t people,
    uint64_t *next, uint64_t *id)
{
	const struct formset	*fs = s->forms;
	struct record		 r;
	struct amp_err		 err;
	size_t			 i;

	for (; *next <= people && *next < DEMO_SCAN_MAX; (*next)++) {
		if (case_get(s, *next, &r, &err) != AMP_OK)
			continue;
		for (i = 0; i < fs->nservices; i++) {
			if (strcmp(fs->services[i].ref[SR_CATEGORY],
			    category) == 0 &&
			    service_fits(&fs->services[i], &r))
				break;
		}
		record_free(&r);
		if (i < fs->nservices) {
			*id = (*next)++;
			return (&fs->services[i]);
		}
	}
	return (NULL);
}

/*
 * Take the steps on record id in order, NULL-ended (at most max): the
 * receiving institution's as the account named receiver, the others as s.
 */
static int
walk_steps(struct session *s, struct store *st, const struct workflow *w,
    const struct demo_account *a, size_t na, uint64_t id,
    const char *const *steps, size_t max, const char *receiver,
    const struct rmap *extra, struct amp_err *err)
{
	const struct wf_transition	*t;
	struct session			*rs = NULL;
	size_t				 j;
	int				 rc = AMP_OK;

	for (j = 0; rc == AMP_OK && j < max && steps[j] != NULL; j++) {
		t = workflow_transition(w, steps[j]);
		if (t == NULL || t->side != SIDE_RECEIVER) {
			rc = step_with(s, w, id, steps[j], extra, err);
			continue;
		}
		if (rs == NULL && (rs = demo_login(st, s->forms, a, na,
		    receiver, err)) == NULL) {
			rc = err->code;
			break;
		}
		rc = step_with(rs, w, id, steps[j], extra, err);
	}
	session_free(rs);
	return (rc);
}

/* Send one referral to a service and take its steps. */
static int
demo_service(struct session *s, struct store *st, const struct workflow *w,
    const struct demo_account *a, size_t na, const struct demo_svc *d,
    const struct service *sv, uint64_t case_id, size_t n,
    struct amp_err *err)
{
	struct record	r;
	struct rmap	extra;
	struct verrs	ve = { 0 };
	int		rc;

	record_init(&r);
	r.form = xstrdup(w->form->id);
	form_defaults(w->form, &r.data);
	rmap_set(&r.data, SERVICE_FIELD, sv->id);
	rmap_set(&r.data, "urgency", "routine");
	rmap_set(&r.data, "reason", "Referencia de demostración a un servicio.");
	rmap_set(&r.data, "consent_reference", "CONS-DEMO");
	rc = referral_send(s, case_id, NULL, &r, &ve, err);
	verrs_free(&ve);
	demo_answers(&extra, n);
	if (rc == AMP_OK)
		rc = walk_steps(s, st, w, a, na, r.id, d->steps,
		    nitems(d->steps), d->to, &extra, err);
	rmap_free(&extra);
	record_free(&r);
	return (rc);
}

/* A certified request's certificate gets its signed card. */
static int
demo_certificate_card(struct session *s, uint64_t id, struct amp_err *err)
{
	struct record	 c;
	uint64_t	*ids;
	size_t		 n, i;
	int		 rc;

	if ((rc = case_children(s, id, &ids, &n, err)) != AMP_OK) {
		free(ids);
		return (rc);
	}
	for (i = 0; i < n && rc == AMP_OK; i++) {
		if (case_get(s, ids[i], &c, err) != AMP_OK) {
			err_clear(err);
			continue;
		}
		if (strcmp(c.form, CARD_LICENCE_FORM) == 0)
			rc = demo_card(s, c.id, 1, err);
		record_free(&c);
	}
	free(ids);
	return (rc);
}

/* Driver's licence certifications, in each state of their workflow. */
static int
demo_licence(struct session *s, struct store *st, const struct workflow *w,
    const struct demo_account *a, size_t na, uint64_t case_id, size_t n,
    struct amp_err *err)
{
	const struct demo_lic	*d = &demo_licences[n];
	struct record		 r;
	struct rmap		 extra;
	struct verrs		 ve = { 0 };
	int			 rc;

	record_init(&r);
	r.form = xstrdup(w->form->id);
	form_defaults(w->form, &r.data);
	rmap_set(&r.data, "licence_type", n % 2 ? "motorcycle" : "light");
	rc = referral_send(s, case_id, "transit", &r, &ve, err);
	verrs_free(&ve);
	demo_answers(&extra, n);
	rmap_set(&extra, "refusal_reason", "identity_unverified");
	if (rc == AMP_OK)
		rc = walk_steps(s, st, w, a, na, r.id, d->steps,
		    nitems(d->steps), d->receiver, &extra, err);
	if (rc == AMP_OK)
		rc = demo_certificate_card(s, r.id, err);
	rmap_free(&extra);
	record_free(&r);
	return (rc);
}

/*
 * Send the demo's referrals to services of the directory, one for each
 * category, from the first cases after demo-referral.c's that a service of
 * it fits, and the demo's licence certifications, as the administrator's
 * session s. Skipped, with no error, when the forms lack the directory,
 * the workflows or the roles.
 */
int
demo_services(struct session *s, struct store *st, const struct formset *fs,
    const struct demo_account *a, size_t na, size_t people,
    struct amp_err *err)
{
	const struct workflow	*w = workflow_for(fs, "referral");
	const struct workflow	*lw = workflow_for(fs, "licence_certification");
	const struct service	*sv;
	uint64_t		 next = DEMO_FIRST_CASE, id;
	size_t			 i;
	int			 rc = AMP_OK;

	for (i = 0; w != NULL && w->form != NULL &&
	    form_field(w->form, SERVICE_FIELD) != NULL &&
	    i < nitems(demo_svcs) && rc == AMP_OK; i++) {
		if (policy_role(fs->policy, demo_svcs[i].to) == NULL ||
		    (sv = fitting(s, demo_svcs[i].category, people, &next,
		    &id)) == NULL)
			continue;
		rc = demo_service(s, st, w, a, na, &demo_svcs[i], sv, id, i,
		    err);
	}
	if (lw == NULL || lw->form == NULL ||
	    policy_institution(fs->policy, "transit") == NULL)
		return (rc);
	for (i = 0; i < nitems(demo_licences) && rc == AMP_OK &&
	    next <= people; i++)
		rc = demo_licence(s, st, lw, a, na, next++, i, err);
	return (rc);
}
