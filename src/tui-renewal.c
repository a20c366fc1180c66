/* tui-renewal.c: the renewals screen (sessions and the renewal queue) and a session's roster, where outcomes are recorded a key a person. */

#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

#define QUEUE_DAYS	90	/* the queue's horizon on screen */

struct renewals {
	int			 queue;	/* showing the queue, not sessions */
	struct renewal_info	*s;
	size_t			 ns;
	struct doc_row		*q;
	size_t			 nq;
	size_t			 sel, top;
};

struct roster {
	uint64_t		 id;
	struct renewal_info	 in;
	struct doc_row		*v;
	size_t			 n, sel, top;
};

/* A label of a choice of a form's field, or the value itself. */
static const char *
label_of(struct tui *t, const char *form, const char *field,
    const char *value)
{
	const struct form	*f = formset_find(t->opts->forms, form);
	const struct field	*fld = f != NULL ? form_field(f, field) : NULL;
	const char		*l;

	if (value == NULL || *value == '\0')
		return ("");
	l = fld != NULL ? choice_label(fld, value) : NULL;
	return (l != NULL ? l : value);
}

/* A summary's tab-separated fields as one line. */
static char *
summary_line(const char *s)
{
	char	*v = xstrdup(s), *p;

	for (p = v; *p != '\0'; p++) {
		if (*p == '\t')
			*p = ' ';
	}
	return (v);
}

/* The list shown, read afresh: what others did shows at each refresh. */
static void
renewals_load(struct tui *t, struct renewals *r)
{
	struct amp_err	err;
	size_t		n;
	int		rc;

	err_clear(&err);
	renewal_infos_free(r->s, r->ns);
	doc_rows_free(r->q, r->nq);
	r->s = NULL;
	r->q = NULL;
	r->ns = r->nq = 0;
	if (r->queue)
		rc = document_queue(t->sess, date_today_days() + QUEUE_DAYS,
		    NULL, &r->q, &r->nq, &err);
	else
		rc = renewal_list(t->sess, &r->s, &r->ns, &err);
	if (rc != AMP_OK)
		tui_message(t, 1, "%s", err.msg);
	n = r->queue ? r->nq : r->ns;
	if (r->sel >= n)
		r->sel = n > 0 ? n - 1 : 0;
}

void
renewals_open(struct tui *t)
{
	struct renewals	*r;
	struct amp_err	 err;

	err_clear(&err);
	if (access_form(t->sess, RENEWAL_SESSION_FORM, PF_VIEW, &err) !=
	    AMP_OK && access_form(t->sess, DOCUMENT_FORM, PF_VIEW, &err) !=
	    AMP_OK) {
		tui_message(t, 1, "%s", err.msg);
		return;
	}
	r = xcalloc(1, sizeof *r);
	r->queue = access_form(t->sess, RENEWAL_SESSION_FORM, PF_VIEW,
	    &err) != AMP_OK;
	renewals_load(t, r);
	tui_push(t, &renewals_screen, r);
}

/* Keep the selected line among the rows shown. */
static void
scroll_to(size_t sel, size_t *top, int rows)
{
	if (sel < *top)
		*top = sel;
	if (sel >= *top + (size_t)rows)
		*top = sel - (size_t)rows + 1;
}

static void
row_select(struct tui *t, int y, int on)
{
	int	attr = draw_attr(t, ATTR_SELECT);

	if (!on)
		return;
	attron(attr);
	mvhline(y, 0, ' ', COLS);
	attroff(attr);
}

static void
renewals_draw_sessions(struct tui *t, struct renewals *r, int rows)
{
	const struct workflow	*w = workflow_for(t->opts->forms,
				    RENEWAL_SESSION_FORM);
	char			 date[32];
	size_t			 i;
	int			 y, attr;

	draw_text(t, 3, 1, 12, _("Session"), A_BOLD);
	draw_text(t, 3, 14, 11, _("Date"), A_BOLD);
	draw_text(t, 3, 26, 12, _("State"), A_BOLD);
	draw_text(t, 3, 39, COLS - 40, _("Place"), A_BOLD);
	for (i = r->top, y = 4; i < r->ns && y < 4 + rows; i++, y++) {
		attr = i == r->sel ? draw_attr(t, ATTR_SELECT) : (int)A_NORMAL;
		row_select(t, y, i == r->sel);
		date_format_days(r->s[i].date, date, sizeof date);
		draw_text(t, y, 1, 12, r->s[i].number, attr);
		draw_text(t, y, 14, 11, date, attr);
		draw_text(t, y, 26, 12, workflow_state_label(w, r->s[i].state),
		    attr);
		draw_text(t, y, 39, COLS - 40, r->s[i].place, attr);
	}
	if (r->ns == 0)
		draw_text(t, 5, 2, COLS - 4, _("No renewal session is planned."),
		    A_NORMAL);
}

static void
renewals_draw_queue(struct tui *t, struct renewals *r, int rows)
{
	char	 date[32], *who;
	size_t	 i;
	int	 y, attr, today = (int)date_today_days();

	draw_text(t, 3, 1, 11, _("Expires"), A_BOLD);
	draw_text(t, 3, 13, 12, _("Case"), A_BOLD);
	draw_text(t, 3, 26, 22, _("Document"), A_BOLD);
	draw_text(t, 3, 49, COLS - 50, _("Person"), A_BOLD);
	for (i = r->top, y = 4; i < r->nq && y < 4 + rows; i++, y++) {
		attr = i == r->sel ? draw_attr(t, ATTR_SELECT) : (int)A_NORMAL;
		row_select(t, y, i == r->sel);
		date_format_days(r->q[i].expiry, date, sizeof date);
		if (r->q[i].expiry < today)
			draw_text(t, y, 0, 1, "!", attr);
		draw_text(t, y, 1, 11, date, attr);
		draw_text(t, y, 13, 12, r->q[i].case_number, attr);
		draw_text(t, y, 26, 22, label_of(t, DOCUMENT_FORM, "doc_type",
		    r->q[i].doc_type), attr);
		who = summary_line(r->q[i].person);
		draw_text(t, y, 49, COLS - 50, who, attr);
		free(who);
	}
	if (r->nq == 0)
		draw_text(t, 5, 2, COLS - 4,
		    _("No document expires in the next 90 days."), A_NORMAL);
}

static void
renewals_draw(struct tui *t, void *arg)
{
	struct renewals	*r = arg;
	char		*s;
	int		 rows = LINES - 7;

	draw_header(t, _("Renewals"));
	scroll_to(r->sel, &r->top, rows);
	if (r->queue)
		s = xsprintf(ngettext("Renewal queue: %zu document due in 90 days or overdue (!)",
		    "Renewal queue: %zu documents due in 90 days or overdue (!)",
		    r->nq), r->nq);
	else
		s = xsprintf(ngettext("%zu renewal session", "%zu renewal sessions",
		    r->ns), r->ns);
	draw_text(t, 1, 1, COLS - 2, s, A_BOLD);
	free(s);
	draw_rule(t, 2, NULL);
	if (r->queue)
		renewals_draw_queue(t, r, rows);
	else
		renewals_draw_sessions(t, r, rows);
	draw_rule(t, LINES - 3, NULL);
}

static void
renewals_key(struct tui *t, void *arg, enum action act, const struct tkey *k)
{
	struct renewals	*r = arg;
	size_t		 page = (size_t)(LINES - 8);

	(void)k;
	switch (act) {
	case ACT_BACK:
		tui_message(t, 0, NULL);
		tui_pop(t);
		return;
	case ACT_TOGGLE:
		r->queue = !r->queue;
		r->sel = r->top = 0;
		tui_message(t, 0, NULL);
		renewals_load(t, r);
		return;
	case ACT_ENTER:
		tui_message(t, 0, NULL);
		if (r->queue && r->sel < r->nq)
			view_open(t, r->q[r->sel].case_id);
		else if (!r->queue && r->sel < r->ns)
			roster_open(t, r->s[r->sel].id);
		return;
	default:
		tui_move_cursor(act, &r->sel, r->queue ? r->nq : r->ns, page);
		return;
	}
}

static void
renewals_resume(struct tui *t, void *arg)
{
	renewals_load(t, arg);
}

static void
renewals_free(void *arg)
{
	struct renewals	*r = arg;

	renewal_infos_free(r->s, r->ns);
	doc_rows_free(r->q, r->nq);
	free(r);
}

const struct screen_ops renewals_screen = {
	.name = "renewals",
	.ctx = CTX_RENEWALS,
	.draw = renewals_draw,
	.key = renewals_key,
	.resume = renewals_resume,
	.watch = 1,
	.free = renewals_free,
};

/* The roster read afresh, keeping the selection. */
static int
roster_load(struct tui *t, struct roster *ro)
{
	struct amp_err	err;

	err_clear(&err);
	doc_rows_free(ro->v, ro->n);
	renewal_info_free(&ro->in);
	ro->v = NULL;
	ro->n = 0;
	if (renewal_roster(t->sess, ro->id, &ro->in, &ro->v, &ro->n, &err) !=
	    AMP_OK) {
		tui_message(t, 1, "%s", err.msg);
		return (-1);
	}
	if (ro->sel >= ro->n)
		ro->sel = ro->n > 0 ? ro->n - 1 : 0;
	return (0);
}

void
roster_open(struct tui *t, uint64_t id)
{
	struct roster	*ro;

	ro = xcalloc(1, sizeof *ro);
	ro->id = id;
	if (roster_load(t, ro) != 0) {
		doc_rows_free(ro->v, ro->n);
		renewal_info_free(&ro->in);
		free(ro);
		return;
	}
	tui_push(t, &roster_screen, ro);
	tui_message(t, 0, "%s",
	    _("r renewed, m missing documents, f referred, n not present."));
}

static void
roster_draw(struct tui *t, void *arg)
{
	struct roster	*ro = arg;
	const struct workflow *w = workflow_for(t->opts->forms,
			    RENEWAL_SESSION_FORM);
	char		 date[32], *s, *who;
	size_t		 i;
	int		 y, attr, rows = LINES - 7;

	s = xsprintf(_("Renewal session %s"), ro->in.number);
	draw_header(t, s);
	free(s);
	date_format_days(ro->in.date, date, sizeof date);
	s = xsprintf(_("%s, %s, %s: %s; %zu of %zu recorded"), date,
	    ro->in.place, label_of(t, RENEWAL_SESSION_FORM, "province",
	    ro->in.province), workflow_state_label(w, ro->in.state),
	    ro->in.recorded, ro->in.roster);
	draw_text(t, 1, 1, COLS - 2, s, A_BOLD);
	free(s);
	draw_rule(t, 2, NULL);
	scroll_to(ro->sel, &ro->top, rows);
	draw_text(t, 3, 1, 30, _("Person"), A_BOLD);
	draw_text(t, 3, 32, 12, _("Case"), A_BOLD);
	draw_text(t, 3, 45, 11, _("Expires"), A_BOLD);
	draw_text(t, 3, 57, COLS - 58, _("Outcome"), A_BOLD);
	for (i = ro->top, y = 4; i < ro->n && y < 4 + rows; i++, y++) {
		attr = i == ro->sel ? draw_attr(t, ATTR_SELECT) : (int)A_NORMAL;
		row_select(t, y, i == ro->sel);
		who = summary_line(ro->v[i].person);
		draw_text(t, y, 1, 30, who, attr);
		free(who);
		draw_text(t, y, 32, 12, ro->v[i].case_number, attr);
		date_format_days(ro->v[i].expiry, date, sizeof date);
		draw_text(t, y, 45, 11, date, attr);
		draw_text(t, y, 57, COLS - 58, ro->v[i].outcome != NULL ?
		    label_of(t, RENEWAL_OUTCOME_FORM, "outcome",
		    ro->v[i].outcome) : "-", attr);
	}
	if (ro->n == 0)
		draw_text(t, 5, 2, COLS - 4,
		    _("Nobody in this area has a document due."), A_NORMAL);
	draw_rule(t, LINES - 3, NULL);
}

/*
 * A renewal's new expiry date: the document's term (issue to expiry)
 * again, from the session's date or from the old expiry if later.
 */
static void
roster_new_expiry(const struct roster *ro, const struct doc_row *row,
    char *buf, size_t len)
{
	int64_t	term = row->expiry - row->issued, from;

	if (row->issued == 0 || term < 30)
		term = 365;
	from = ro->in.date > row->expiry ? ro->in.date : row->expiry;
	date_format_days(from + term, buf, len);
}

static void
roster_record(struct tui *t, struct roster *ro, const char *outcome)
{
	const struct doc_row	*row;
	struct verrs		 ve = { 0 };
	struct amp_err		 err;
	char			 exp[32], num[32], *who;

	err_clear(&err);
	if (ro->sel >= ro->n)
		return;
	row = &ro->v[ro->sel];
	roster_new_expiry(ro, row, exp, sizeof exp);
	if (renewal_record(t->sess, ro->id, row->case_id, row->id, outcome,
	    exp, NULL, num, sizeof num, &ve, &err) != AMP_OK) {
		tui_message(t, 1, "%s", err.msg);
		verrs_free(&ve);
		roster_load(t, ro);
		return;
	}
	verrs_free(&ve);
	who = summary_line(row->person);
	if (strcmp(outcome, "renewed") == 0)
		tui_message(t, 0, _("%s: renewed until %s."), who, exp);
	else
		tui_message(t, 0, _("%s: %s."), who,
		    label_of(t, RENEWAL_OUTCOME_FORM, "outcome", outcome));
	free(who);
	if (ro->sel + 1 < ro->n)
		ro->sel++;
	roster_load(t, ro);
}

static void
roster_close_answer(struct tui *t, void *arg, int key)
{
	struct roster	*ro = arg;
	struct amp_err	 err;
	size_t		 absent;

	err_clear(&err);
	if (!tui_yes(key)) {
		tui_message(t, 0, "%s", _("The session stays open."));
		return;
	}
	if (renewal_close(t->sess, ro->id, &absent, &err) != AMP_OK)
		tui_message(t, 1, "%s", err.msg);
	else
		tui_message(t, 0, ngettext("Closed: %zu person recorded as not present.",
		    "Closed: %zu people recorded as not present.", absent),
		    absent);
	roster_load(t, ro);
}

static void
roster_open_answer(struct tui *t, void *arg, int key)
{
	struct roster	*ro = arg;
	struct record	 moved;
	struct verrs	 ve = { 0 };
	struct amp_err	 err;

	err_clear(&err);
	if (!tui_yes(key)) {
		tui_message(t, 0, "%s", _("The session stays planned."));
		return;
	}
	if (case_transition(t->sess, ro->id, "open", NULL, &moved, &ve,
	    &err) != AMP_OK)
		tui_message(t, 1, "%s", err.msg);
	else
		tui_message(t, 0, "%s",
		    _("The session is open: record each person's outcome."));
	record_free(&moved);
	verrs_free(&ve);
	roster_load(t, ro);
}

static void
roster_key(struct tui *t, void *arg, enum action act, const struct tkey *k)
{
	struct roster	*ro = arg;
	size_t		 page = (size_t)(LINES - 8);

	(void)k;
	switch (act) {
	case ACT_BACK:
		tui_message(t, 0, NULL);
		tui_pop(t);
		return;
	case ACT_RENEWED:
		roster_record(t, ro, "renewed");
		return;
	case ACT_MISSING:
		roster_record(t, ro, "missing_documents");
		return;
	case ACT_REFERRED:
		roster_record(t, ro, "referred");
		return;
	case ACT_ABSENT:
		roster_record(t, ro, "not_present");
		return;
	case ACT_OPEN_SESSION:
		tui_ask_yes_no(t, _("Open the session for recording outcomes? (y/n)"),
		    roster_open_answer, ro);
		return;
	case ACT_CLOSE_SESSION:
		tui_ask_yes_no(t, _("Close the session? Everyone without an outcome is recorded as not present. (y/n)"),
		    roster_close_answer, ro);
		return;
	default:
		tui_move_cursor(act, &ro->sel, ro->n, page);
		return;
	}
}

static void
roster_resume(struct tui *t, void *arg)
{
	roster_load(t, arg);
}

static void
roster_free(void *arg)
{
	struct roster	*ro = arg;

	doc_rows_free(ro->v, ro->n);
	renewal_info_free(&ro->in);
	free(ro);
}

const struct screen_ops roster_screen = {
	.name = "roster",
	.ctx = CTX_ROSTER,
	.draw = roster_draw,
	.key = roster_key,
	.resume = roster_resume,
	.watch = 1,
	.free = roster_free,
};
