/* demo-gbv.c: the GBV protocol and households in a demo store: consents, referrals and follow-ups in every state, a withdrawn consent with its blocked referral, households with dependants. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "amparo.h"

#define GBV_FIRST_CASE	9	/* demo-referral.c uses the cases before */

/*
 * The demo's GBV referrals: the steps each takes, so that together they
 * stand in every state of workflows/gbv_referral.yaml; the last two rest
 * on a consent withdrawn after their first steps.
 */
static const struct demo_gbv {
	const char	*steps[7];	/* taken in order, NULL-ended */
	int		 withdraw;	/* then the consent is withdrawn */
} demo_gbvs[] = {
	{ { NULL }, 0 },
	{ { "acknowledge", NULL }, 0 },
	{ { "acknowledge", "accept", NULL }, 0 },
	{ { "acknowledge", "decline", NULL }, 0 },
	{ { "acknowledge", "accept", "give_care", NULL }, 0 },
	{ { "acknowledge", "accept", "give_care", "counter_refer", NULL }, 0 },
	{ { "acknowledge", "accept", "give_care", "counter_refer",
	    "follow_up", NULL }, 0 },
	{ { "acknowledge", "accept", "give_care", "counter_refer",
	    "follow_up", "close" }, 0 },
	{ { "withdraw", NULL }, 0 },
	{ { "acknowledge", NULL }, 1 },
};

/* The answers of the protocol's forms; the dates below are today. */
static const char *const gbv_answers[][2] = {
	{ "how_given", "written" },
	{ "given_by", "person" },
	{ "consent_notes", "Se explicó el propósito (demostración)." },
	{ "urgency", "priority" },
	{ "services_asked", "psychosocial shelter" },
	{ "referral_reason", "Referencia de demostración para la formación." },
	{ "risk_noted", "high" },
	{ "decline_reason", "no_capacity" },
	{ "care_services", "psychosocial" },
	{ "services_given", "psychosocial legal" },
	{ "outcome", "completed" },
	{ "follow_up", "yes" },
	{ "follow_up_notes", "Llamar en un mes (demostración)." },
	{ "contact", "phone" },
	{ "situation", "safer" },
	{ "withdrawal_reason", "Decidió no continuar (demostración)." },
	{ "risk_level", "high" },
	{ "risk_factors", "threats no_shelter" },
	{ "safety_plan", "Plan de seguridad de demostración." },
};
static const char *const gbv_dates[] = {
	"given_on", "care_started", "followed_on", "withdrawn_on",
	"assessed_on",
};
#define GBV_NANSWERS	(nitems(gbv_answers) + nitems(gbv_dates))

/* Every answer: the table's, and today for each date. */
struct gbv_ctx {
	char		 today[16];
	struct demo_answer ans[GBV_NANSWERS];
};

static void
gbv_ctx_init(struct gbv_ctx *c)
{
	size_t	i;

	memset(c, 0, sizeof *c);
	date_format_days(date_today_days(), c->today, sizeof c->today);
	for (i = 0; i < nitems(gbv_answers); i++) {
		c->ans[i].field = gbv_answers[i][0];
		c->ans[i].value = gbv_answers[i][1];
	}
	for (i = 0; i < nitems(gbv_dates); i++) {
		c->ans[nitems(gbv_answers) + i].field = gbv_dates[i];
		c->ans[nitems(gbv_answers) + i].value = c->today;
	}
}

/* A record of form f, the protocol's answers to its fields. */
static void
gbv_fill(const struct gbv_ctx *c, const struct form *f, struct record *r,
    const char *purpose)
{
	demo_fill(f, c->ans, GBV_NANSWERS, r);
	if (purpose != NULL) {
		rmap_set(&r->data, "purpose", purpose);
		rmap_set(&r->data, "institution", "womens_institute");
	}
}

/* Save a record of form id linked to a case; its number in *id. */
static int
gbv_link(const struct gbv_ctx *c, struct session *s, const char *form,
    uint64_t case_id, const char *purpose, uint64_t *id, struct amp_err *err)
{
	const struct form	*f;
	struct record		 r;
	struct verrs		 ve = { 0 };
	int			 rc;

	if ((f = case_form(s, form, err)) == NULL)
		return (err->code);
	gbv_fill(c, f, &r, purpose);
	rc = case_link_create(s, case_id, &r, &ve, err);
	*id = r.id;
	record_free(&r);
	verrs_free(&ve);
	return (rc);
}

/* One GBV referral of the demo, from its consent to its last step. */
static int
gbv_one(const struct gbv_ctx *c, struct session *fp, struct session *wi,
    const struct workflow *w, const struct demo_gbv *d, uint64_t case_id,
    struct amp_err *err)
{
	const struct workflow		*cw = workflow_for(fp->forms,
					    "gbv_consent");
	const struct wf_transition	*t;
	struct record			 r;
	struct verrs			 ve = { 0 };
	uint64_t			 consent, risk;
	size_t				 j;
	int				 rc;

	if ((rc = gbv_link(c, fp, "gbv_risk", case_id, NULL, &risk, err)) !=
	    AMP_OK || (rc = gbv_link(c, fp, "gbv_consent", case_id,
	    "referral", &consent, err)) != AMP_OK)
		return (rc);
	gbv_fill(c, w->form, &r, NULL);
	rc = referral_send(fp, case_id, "womens_institute", &r, &ve, err);
	verrs_free(&ve);
	for (j = 0; rc == AMP_OK && j < nitems(d->steps) &&
	    d->steps[j] != NULL; j++) {
		t = workflow_transition(w, d->steps[j]);
		rc = demo_step(t != NULL && t->side == SIDE_SENDER ? fp : wi, w,
		    r.id, d->steps[j], c->ans, GBV_NANSWERS, err);
	}
	record_free(&r);
	if (rc != AMP_OK || !d->withdraw || cw == NULL)
		return (rc);
	return (demo_step(fp, cw, consent, "withdraw_consent", c->ans,
	    GBV_NANSWERS, err));
}

/* The demo's households: a principal, and the members registered. */
static const char *const demo_households[][3][4] = {
	{ { "Mariela", "Demo Hogar", "female", "1988-03-12" },
	  { "Andrés", "Demo Hogar", "male", "1986-07-01" },
	  { "Lucía", "Demo Hogar", "female", "2016-09-20" } },
	{ { "Yusuf", "Demo Familia", "male", "1979-11-02" },
	  { "Amina", "Demo Familia", "female", "2009-01-15" },
	  { "Omar", "Demo Familia", "male", "2012-05-30" } },
};
static const char *const demo_relations[] = { "spouse", "child" };

static int
demo_household(struct session *s, size_t h, struct amp_err *err)
{
	const char *const	(*m)[4] = demo_households[h];
	struct record		 r;
	struct verrs		 ve = { 0 };
	struct rfield		*g;
	struct rmap		*it;
	size_t			 i;
	int			 rc;

	record_init(&r);
	r.form = xstrdup("intake");
	rmap_set(&r.data, "given_names", m[0][0]);
	rmap_set(&r.data, "family_names", m[0][1]);
	rmap_set(&r.data, "sex", m[0][2]);
	rmap_set(&r.data, "birth_date", m[0][3]);
	rmap_set(&r.data, "nationality", "VEN");
	rmap_set(&r.data, "language", "spa");
	rmap_set(&r.data, "household_count", "2");
	g = rmap_group(&r.data, "household");
	for (i = 1; i < 3; i++) {
		it = rgroup_add(g);
		rmap_set(it, "given_names", m[i][0]);
		rmap_set(it, "family_names", m[i][1]);
		rmap_set(it, "sex", m[i][2]);
		rmap_set(it, "birth_date", m[i][3]);
		rmap_set(it, "nationality", "VEN");
		rmap_set(it, "relationship", demo_relations[h == 0 ?
		    i - 1 : 1]);
		rmap_set(it, "accompanying", "yes");
		rmap_set(it, "register_case", "yes");
		rmap_set(it, "unaccompanied_child", "no");
	}
	rc = case_create(s, &r, &ve, err);
	verrs_free(&ve);
	record_free(&r);
	return (rc);
}

/*
 * The GBV protocol's demo, logged in as the GBV focal point (who holds
 * the class the consents are sealed to) and the women's institute's, on
 * the cases after those of demo-referral.c; and households saved by s.
 * Skipped, with no error, when the forms lack the protocol or the roles
 * file its roles, or there are too few people.
 */
int
demo_gbv(struct session *s, struct store *st, const struct formset *fs,
    const struct demo_account *a, size_t na, size_t people,
    struct amp_err *err)
{
	const struct workflow	*w = workflow_for(fs, "gbv_referral");
	struct session		*fp = NULL, *wi = NULL;
	struct gbv_ctx		 c;
	size_t			 i;
	int			 rc = AMP_OK;

	for (i = 0; people > 0 && formset_find(fs, "intake") != NULL &&
	    i < nitems(demo_households) && rc == AMP_OK; i++)
		rc = demo_household(s, i, err);
	if (rc != AMP_OK || w == NULL || w->form == NULL ||
	    people < GBV_FIRST_CASE + nitems(demo_gbvs) ||
	    policy_role(fs->policy, "gbv_focal_point") == NULL ||
	    policy_role(fs->policy, "womens_institute_focal_point") == NULL)
		return (rc);
	if ((fp = demo_login(st, fs, a, na, "gbv_focal_point", err)) == NULL ||
	    (wi = demo_login(st, fs, a, na, "womens_institute_focal_point",
	    err)) == NULL)
		rc = err->code;
	gbv_ctx_init(&c);
	for (i = 0; rc == AMP_OK && i < nitems(demo_gbvs); i++)
		rc = gbv_one(&c, fp, wi, w, &demo_gbvs[i], GBV_FIRST_CASE + i,
		    err);
	session_free(fp);
	session_free(wi);
	return (rc);
}
