/* cmd-case-flow.c: amparo case transition, and what case show says of a case's workflow: its state, the steps open to the official, its linked records. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cmd.h"

/* "due 2026-12-30 (in 30 days)" or "overdue since ...", for a transition. */
static char *
due_text(const struct wf_transition *t, const struct record *r, int text)
{
	char	 day[16];
	int64_t	 due = wf_due(t, r), left;

	if (due == 0)
		return (xstrdup(""));
	date_format_days(due, day, sizeof day);
	if (!text)		/* for scripts: not translated */
		return (xsprintf("due %s", day));
	left = due - date_today_days();
	if (left < 0)
		return (xsprintf(ngettext("OVERDUE: was due %s (%lld day ago)",
		    "OVERDUE: was due %s (%lld days ago)",
		    (unsigned long)-left), day, (long long)-left));
	return (xsprintf(ngettext("due %s (in %lld day)",
	    "due %s (in %lld days)", (unsigned long)left), day,
	    (long long)left));
}

static void
show_linked(struct session *s, const struct record *r, int text)
{
	const struct form *f;
	struct record	 child;
	const struct workflow *w;
	struct amp_err	 err;
	uint64_t	*ids;
	size_t		 n, i;
	int64_t		 blocked;
	char		 num[32], when[32], day[32];

	err_clear(&err);
	if (case_children(s, r->id, &ids, &n, &err) != AMP_OK) {
		warnx_amp("%s", err.msg);
		free(ids);
		return;
	}
	if (n > 0 && text)
		printf("%s\n", _("Linked records:"));
	for (i = 0; i < n; i++) {
		if (case_get(s, ids[i], &child, &err) != AMP_OK) {
			warnx_amp("%s", err.msg);
			continue;
		}
		casenum_format(child.id, child.created, num, sizeof num);
		time_format(child.created, when, sizeof when);
		f = formset_find(s->forms, child.form);
		w = workflow_for(s->forms, child.form);
		blocked = consent_withdrawn(s, &child);
		date_format_days(blocked / 86400, day, sizeof day);
		if (text)
			printf("  %s  %s  %s %s%s%s%s%s\n", num, f != NULL ?
			    i18n_get(&f->title) : child.form, when,
			    child.created_by, w != NULL ? "  " : "",
			    w != NULL ? workflow_state_label(w,
			    record_state(w, &child)) : "",
			    blocked != 0 ? _(", consent withdrawn on ") : "",
			    blocked != 0 ? day : "");
		else
			printf("# linked %s %s%s%s%s%s\n", num, child.form,
			    w != NULL ? " " : "", w != NULL ?
			    record_state(w, &child) : "",
			    blocked != 0 ? " consent-withdrawn " : "",
			    blocked != 0 ? day : "");
		record_free(&child);
	}
	free(ids);
}

/*
 * The case's state and the transitions of its workflow: those open to this
 * official first (with deadlines), then the others from this state and why
 * they are closed.
 */
void
cmd_show_workflow(struct session *s, const struct record *r, int text,
    int current)
{
	const struct workflow		*w = workflow_for(s->forms, r->form);
	const struct wf_transition	*t;
	const struct wf_state		*st;
	enum wf_why			 why;
	char				 since[32], *due, *whytext, *days;
	char				 day[32];
	size_t				 i;
	int64_t				 blocked;
	int				 pass, shown;

	if (w == NULL) {
		if (r->parent == 0 && current)
			show_linked(s, r, text);
		return;
	}
	st = workflow_state(w, record_state(w, r));
	time_format(r->state_since, since, sizeof since);
	if (r->state_since == 0)	/* saved before the workflow */
		since[0] = '\0';
	if (!text)
		printf("# state %s%s%s\n", record_state(w, r),
		    since[0] != '\0' ? " since " : "", since);
	else if (since[0] != '\0')
		printf(_("State: %s, since %s%s\n"),
		    workflow_state_label(w, record_state(w, r)), since,
		    st != NULL && st->terminal ? _(" (closed)") : "");
	else
		printf(_("State: %s%s\n"),
		    workflow_state_label(w, record_state(w, r)),
		    st != NULL && st->terminal ? _(" (closed)") : "");
	if (!current)		/* an earlier version's state has ended */
		;
	else if (r->state_since != 0 && !text)
		printf("# days_in_state %lld\n",
		    (long long)wf_days_in_state(r));
	else if (text && (days = wf_time_in_state(r)) != NULL) {
		printf(_("Time in this state: %s\n"), days);
		free(days);
	}
	if ((blocked = consent_withdrawn(s, r)) != 0) {
		date_format_days(blocked / 86400, day, sizeof day);
		if (text)
			printf(_("Consent withdrawn on %s: no step can be taken on this referral by either institution\n"),
			    day);
		else
			printf("# consent withdrawn %s\n", day);
	}
	/* With the consent withdrawn, no step is open and none is due. */
	for (pass = 0; current && blocked == 0 && pass < 2; pass++) {
		shown = 0;
		for (i = 0; i < w->ntransitions; i++) {
			t = &w->transitions[i];
			why = wf_check(w, t, r, s->role, s->institution);
			if (why == WF_STATE || (why == WF_OPEN) != (pass == 0))
				continue;
			if (text && shown++ == 0)
				printf("%s\n", pass == 0 ?
				    _("Next steps open to you:") :
				    _("Next steps not open to you:"));
			due = due_text(t, r, text);
			whytext = wf_why_text(t, w, r, why);
			if (!text)
				printf("# transition %s %s%s%s\n", t->id,
				    pass == 0 ? "open" : "closed",
				    *due != '\0' ? " " : "", due);
			else if (pass == 0)
				printf("  %-16s %s%s%s\n", t->id,
				    i18n_get(&t->label), *due != '\0' ?
				    ": " : "", due);
			else
				printf("  %-16s %s: %s\n", t->id,
				    i18n_get(&t->label), whytext);
			free(due);
			free(whytext);
		}
	}
	if (current)
		show_linked(s, r, text);
}

/*
 * amparo case transition CASE TRANSITION [--set FIELD=VALUE ...]: move a
 * case along its workflow; the sets fill the transition's form.
 */
int
cmd_case_transition(struct session *s, const char *query, const char *tid,
    char **sets, size_t nsets)
{
	const struct workflow		*w;
	const struct wf_transition	*t;
	struct record			 cur, moved, linked;
	struct verrs			 ve = { 0 };
	struct amp_err			 err;
	uint64_t			 id;
	char				 num[32], lnum[32];
	size_t				 i;
	int				 rc;

	err_clear(&err);
	record_init(&linked);
	record_init(&moved);
	if ((rc = case_lookup(s, query, &id, &err)) != AMP_OK ||
	    (rc = case_get(s, id, &cur, &err)) != AMP_OK)
		return (cmd_fail(&err));
	w = workflow_for(s->forms, cur.form);
	t = workflow_transition(w, tid);
	record_free(&cur);
	if (t != NULL && t->form != NULL) {
		linked.form = xstrdup(t->form->id);
		form_defaults(t->form, &linked.data);
		for (i = 0; i < nsets && rc == AMP_OK; i++)
			rc = cmd_apply_set(t->form, &linked.data, sets[i],
			    &err);
		if (rc == AMP_OK)
			rc = cmd_sets_asked(t->form, &linked.data, sets, nsets,
			    &err);
	} else if (nsets > 0 && t != NULL)
		rc = err_set(&err, AMP_EUSAGE,
		    _("\"%s\" has no form: --set does not apply"), tid);
	if (rc == AMP_OK)
		rc = case_transition(s, id, tid, t != NULL && t->form != NULL ?
		    &linked : NULL, &moved, &ve, &err);
	if (rc == AMP_EINVAL && ve.n > 0)
		rc = cmd_report_invalid(&ve, &err);
	else if (rc != AMP_OK)
		rc = cmd_fail(&err);
	else {
		casenum_format(moved.id, moved.created, num, sizeof num);
		/* For scripts: not translated. */
		printf("%s version %llu state %s", num,
		    (unsigned long long)moved.version, moved.state);
		if (linked.id != 0) {
			casenum_format(linked.id, linked.created, lnum,
			    sizeof lnum);
			printf(" linked %s", lnum);
		}
		printf("\n");
	}
	verrs_free(&ve);
	record_free(&linked);
	record_free(&moved);
	return (rc);
}
