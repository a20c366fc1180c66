/* demo-documents.c: documents and renewal sessions in a demo store, in every state, for trainers to show each one. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amparo.h"

#define DEMO_DOCS	60	/* people given a document */

static const char *const doc_types[] = {
	"asylum_seeker_card", "temporary_residence", "permanent_residence",
	"work_permit_defined", "work_permit_indefinite"
};

/* The steps a document takes, by its place in the demo (k % 10). */
static const char *const doc_steps[10][2] = {
	{ NULL, NULL }, { NULL, NULL }, { NULL, NULL },
	{ "report_lost", NULL }, { NULL, NULL }, { "supersede", NULL },
	{ NULL, NULL }, { "revoke", NULL }, { "report_lost", "reissue" },
	{ NULL, NULL }
};

static void
set_day(struct rmap *m, const char *field, int64_t day)
{
	char	buf[16];

	date_format_days(day, buf, sizeof buf);
	rmap_set(m, field, buf);
}

/* Take the steps of a workflow without a form on a record. */
static int
demo_move(struct session *s, uint64_t id, const char *const *steps,
    size_t n, struct amp_err *err)
{
	struct record	out;
	struct verrs	ve = { 0 };
	size_t		i;
	int		rc = AMP_OK;

	for (i = 0; i < n && steps[i] != NULL && rc == AMP_OK; i++) {
		rc = case_transition(s, id, steps[i], NULL, &out, &ve, err);
		record_free(&out);
		verrs_free(&ve);
	}
	return (rc);
}

/*
 * A document for the demo's first people: every kind, expiring from four
 * months ago to over a year ahead, and every state of the workflow.
 */
/*
 * Cards for a document, n of them (the second revokes the first as
 * reissued). A document that has no card (expired, or its holder's claim
 * closed) has none, with no error.
 */
int
demo_card(struct session *s, uint64_t doc, int n, struct amp_err *err)
{
	struct record	c;
	int		i, rc = AMP_OK;

	if (formset_find(s->forms, CARD_FORM) == NULL)
		return (AMP_OK);
	for (i = 0; i < n && rc == AMP_OK; i++) {
		rc = card_issue(s, doc, &c, err);
		record_free(&c);
	}
	if (rc == AMP_EPERM || rc == AMP_EINVAL) {
		err_clear(err);
		rc = AMP_OK;
	}
	return (rc);
}

static int
demo_docs(struct session *s, size_t people, int64_t today,
    struct amp_err *err)
{
	struct record	d;
	struct verrs	ve = { 0 };
	char		num[32];
	size_t		k;
	int		rc = AMP_OK;

	for (k = 0; k < people && k < DEMO_DOCS && rc == AMP_OK; k++) {
		record_init(&d);
		rmap_set(&d.data, "doc_type", doc_types[k % nitems(doc_types)]);
		snprintf(num, sizeof num, "DEMO%06zu", k + 1);
		rmap_set(&d.data, "doc_number", num);
		set_day(&d.data, "issue_date", today - 300);
		if (k % nitems(doc_types) != nitems(doc_types) - 1)
			set_day(&d.data, "expiry_date",
			    today + (int64_t)k * 9 - 120);
		rmap_set(&d.data, "issued_by", k % 2 ? "migration" : "onpar");
		rc = document_add(s, (uint64_t)k + 1, &d, &ve, err);
		verrs_free(&ve);
		if (rc == AMP_OK)
			rc = demo_card(s, d.id, k % 10 == 3 ? 2 : 1, err);
		if (rc == AMP_OK)
			rc = demo_move(s, d.id, doc_steps[k % 10], 2, err);
		record_free(&d);
	}
	return (rc);
}

/* Plan a session in the area of the first person's case. */
static int
demo_plan(struct session *s, int64_t day, const char *place, uint64_t *id,
    struct amp_err *err)
{
	struct record	r, first;
	struct verrs	ve = { 0 };
	const char	*prov;
	int		rc;

	if ((rc = case_get(s, 1, &first, err)) != AMP_OK)
		return (rc);
	record_init(&r);
	prov = rmap_get(&first.data, "province");
	rmap_set(&r.data, "province", prov != NULL ? prov : "PA-5");
	rmap_set(&r.data, "place", place);
	set_day(&r.data, "session_date", day);
	rmap_set(&r.data, "window_days", "120");
	rmap_set(&r.data, "institutions", "onpar migration labour");
	rmap_set(&r.data, "notes", "Jornada de demostración.");
	record_free(&first);
	rc = renewal_plan(s, &r, &ve, err);
	*id = r.id;
	verrs_free(&ve);
	record_free(&r);
	return (rc);
}

/* Outcomes for the first people on a session's roster, each kind. */
static int
demo_outcomes(struct session *s, uint64_t id, size_t max,
    struct amp_err *err)
{
	static const char *const outcomes[] = {
		"renewed", "missing_documents", "referred", "not_present"
	};
	struct renewal_info	 in;
	struct doc_row		*v;
	struct verrs		 ve = { 0 };
	char			 exp[16], num[32];
	size_t			 n, i, k = 0;
	int			 rc;

	if ((rc = renewal_roster(s, id, &in, &v, &n, err)) != AMP_OK) {
		renewal_info_free(&in);
		return (rc);
	}
	date_format_days(in.date + 730, exp, sizeof exp);
	for (i = 0; i < n && k < max && rc == AMP_OK; i++) {
		if (v[i].outcome != NULL)
			continue;
		rc = renewal_record(s, id, v[i].case_id, v[i].id,
		    outcomes[k % nitems(outcomes)], exp, NULL, num, sizeof num,
		    &ve, err);
		verrs_free(&ve);
		k++;
	}
	doc_rows_free(v, n);
	renewal_info_free(&in);
	return (rc);
}

/*
 * Documents in every state, some due and some overdue, and a renewal
 * session in every state: planned, open with outcomes of every kind,
 * closed (the rest not present) and cancelled. Made as the demo's
 * administrator, who plans, takes part and renews; skipped, with no
 * error, when the forms have no documents or no people.
 */
int
demo_documents(struct session *s, size_t people, struct amp_err *err)
{
	static const char *const open_steps[] = { "open" };
	static const char *const cancel_steps[] = { "cancel" };
	int64_t		today = date_today_days();
	uint64_t	id;
	size_t		absent;
	int		rc;

	if (people == 0 || formset_find(s->forms, DOCUMENT_FORM) == NULL ||
	    formset_find(s->forms, RENEWAL_SESSION_FORM) == NULL ||
	    workflow_for(s->forms, RENEWAL_SESSION_FORM) == NULL)
		return (AMP_OK);
	if ((rc = demo_docs(s, people, today, err)) != AMP_OK)
		return (rc);
	if ((rc = demo_plan(s, today - 10, "Comunidad de demostración (cerrada)",
	    &id, err)) != AMP_OK ||
	    (rc = demo_move(s, id, open_steps, 1, err)) != AMP_OK ||
	    (rc = demo_outcomes(s, id, 2, err)) != AMP_OK ||
	    (rc = renewal_close(s, id, &absent, err)) != AMP_OK)
		return (rc);
	if ((rc = demo_plan(s, today + 5, "Escuela de demostración (en curso)",
	    &id, err)) != AMP_OK ||
	    (rc = demo_move(s, id, open_steps, 1, err)) != AMP_OK ||
	    (rc = demo_outcomes(s, id, 4, err)) != AMP_OK)
		return (rc);
	if ((rc = demo_plan(s, today + 40, "Puesto de salud de demostración",
	    &id, err)) != AMP_OK)
		return (rc);
	if ((rc = demo_plan(s, today + 60, "Jornada cancelada de demostración",
	    &id, err)) != AMP_OK ||
	    (rc = demo_move(s, id, cancel_steps, 1, err)) != AMP_OK)
		return (rc);
	return (AMP_OK);
}
