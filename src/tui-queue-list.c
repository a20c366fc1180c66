/* tui-queue-list.c: one work queue's records: an inbox, an outbox, or the cases in a workflow state, longest waiting first; Enter opens one. */

#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

struct qlist {
	int			 kind;		/* QUEUE_* */
	const struct workflow	*w;		/* of a state's queue */
	char			*state;
	struct referral_row	*rows;
	size_t			 n, sel, top;
};

/* How long a record has been in its state: "12 days". */
void
queue_age(int64_t since, char *buf, size_t size)
{
	int64_t	days = date_today_days() - since / 86400;

	if (days < 0)
		days = 0;
	snprintf(buf, size, ngettext("%lld day", "%lld days",
	    (unsigned long)days), (long long)days);
}

static void
qlist_load(struct tui *t, struct qlist *l)
{
	struct amp_err	err;
	int		rc;

	err_clear(&err);
	referral_rows_free(l->rows, l->n);
	l->rows = NULL;
	l->n = 0;
	if (l->kind == QUEUE_STATE)
		rc = queue_list(t->sess, l->w->id, l->state, &l->rows, &l->n,
		    NULL, &err);
	else
		rc = referral_box(t->sess, l->kind == QUEUE_OUTBOX, &l->rows,
		    &l->n, &err);
	if (rc != AMP_OK)
		tui_message(t, 1, "%s", err.msg);
	if (l->sel >= l->n)
		l->sel = l->n > 0 ? l->n - 1 : 0;
}

void
queue_list_open(struct tui *t, int kind, const struct workflow *w,
    const char *state)
{
	struct qlist	*l;

	l = xcalloc(1, sizeof *l);
	l->kind = kind;
	l->w = w;
	l->state = state != NULL ? xstrdup(state) : NULL;
	qlist_load(t, l);
	tui_push(t, &queue_list_screen, l);
}

/* An institution's name, or its id if the roles file has none. */
static const char *
inst_name(struct tui *t, const char *id)
{
	const struct institution	*in;

	in = policy_institution(t->opts->forms->policy, id);
	return (in != NULL ? i18n_get(&in->name) : id);
}

static const char *
qlist_title(struct qlist *l)
{
	if (l->kind == QUEUE_INBOX)
		return (_("Inbox: referrals sent to us"));
	if (l->kind == QUEUE_OUTBOX)
		return (_("Outbox: referrals we sent"));
	return (workflow_state_label(l->w, l->state));
}

/* The state of a row, in words. */
static const char *
row_state(struct tui *t, const struct referral_row *r)
{
	return (workflow_state_label(workflow_for(t->opts->forms, r->form),
	    r->state));
}

/*
 * "2026-12-01" or "2026-12-01 OVERDUE", or "" without a deadline; for a
 * referral whose consent was withdrawn, that and the day.
 */
static void
row_due(const struct referral_row *r, char *buf, size_t size)
{
	char	day[16];

	buf[0] = '\0';
	if (r->withdrawn != 0) {	/* no step can be taken: none is due */
		date_format_days(r->withdrawn / 86400, day, sizeof day);
		snprintf(buf, size, _("consent withdrawn %s"), day);
		return;
	}
	if (r->due == 0)
		return;
	date_format_days(r->due, day, sizeof day);
	if (r->due < date_today_days())
		snprintf(buf, size, _("%s OVERDUE"), day);
	else
		snprintf(buf, size, "%s", day);
}

/* A tab-separated summary, to be read on one line. */
static void
untab(char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\t')
			*s = ' ';
	}
}

/* The columns of a line: for referrals, who and what; for cases, whom. */
static void
qlist_cols(struct tui *t, struct qlist *l, struct referral_row *r,
    const char **v)
{
	const struct form	*f = formset_find(t->opts->forms, r->form);

	v[0] = r->number;
	if (l->kind == QUEUE_STATE) {
		untab(r->summary);
		v[1] = r->summary;
		v[2] = "";
		return;
	}
	v[1] = l->kind == QUEUE_INBOX ? inst_name(t, r->from) :
	    inst_name(t, r->to);
	v[2] = f != NULL ? i18n_get(&f->title) : r->form;
}

static void
qlist_draw(struct tui *t, void *arg)
{
	static const int	 xs[] = { 1, 13, 40, 50, 61 };
	static const int	 xr[] = { 1, 13, 33, 50, 61 };
	struct qlist		*l = arg;
	const int		*x = l->kind == QUEUE_STATE ? xs : xr;
	const char		*v[3];
	char			 age[32], due[48], *s;
	size_t			 i;
	int			 rows = LINES - 7, y, attr;

	s = xsprintf("%s (%zu)", qlist_title(l), l->n);
	draw_header(t, s);
	free(s);
	draw_text(t, 1, x[0], x[1] - x[0] - 1, l->kind == QUEUE_STATE ? _("Case") :
	    _("Referral"), A_BOLD);
	draw_text(t, 1, x[1], x[2] - x[1] - 1, l->kind == QUEUE_STATE ? _("Person") :
	    l->kind == QUEUE_INBOX ? _("From") : _("To"), A_BOLD);
	draw_text(t, 1, x[2], x[3] - x[2] - 1, l->kind == QUEUE_STATE ? _("In state") :
	    _("State"), A_BOLD);
	draw_text(t, 1, x[3], x[4] - x[3] - 1, _("Since"), A_BOLD);
	draw_text(t, 1, x[4], COLS - x[4] - 1, _("Due"), A_BOLD);
	draw_rule(t, 2, NULL);
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + (size_t)rows)
		l->top = l->sel - (size_t)rows + 1;
	for (i = l->top, y = 3; i < l->n && y < 3 + rows; i++, y++) {
		attr = i == l->sel ? draw_attr(t, ATTR_SELECT) : (int)A_NORMAL;
		if (attr != A_NORMAL) {
			attron(attr);
			mvhline(y, 0, ' ', COLS);
			attroff(attr);
		}
		qlist_cols(t, l, &l->rows[i], v);
		queue_age(l->rows[i].since, age, sizeof age);
		date_format_days(l->rows[i].since / 86400, due, sizeof due);
		draw_text(t, y, x[0], x[1] - x[0] - 1, v[0], attr);
		draw_text(t, y, x[1], x[2] - x[1] - 1, v[1], attr);
		draw_text(t, y, x[2], x[3] - x[2] - 1, l->kind == QUEUE_STATE ?
		    age : row_state(t, &l->rows[i]), attr);
		draw_text(t, y, x[3], x[4] - x[3] - 1, due, attr);
		row_due(&l->rows[i], due, sizeof due);
		draw_text(t, y, x[4], COLS - x[4] - 1, due, attr);
	}
	if (l->n > 0 && l->kind != QUEUE_STATE) {
		/* What the selected referral is about; sent, of which case. */
		qlist_cols(t, l, &l->rows[l->sel], v);
		s = l->kind == QUEUE_OUTBOX ? xsprintf(_("Case %s, %s: %s"),
		    l->rows[l->sel].case_number, v[2],
		    l->rows[l->sel].summary) : xsprintf("%s: %s", v[2],
		    l->rows[l->sel].summary);
		untab(s);
		draw_text(t, LINES - 3, 1, COLS - 2, s, A_NORMAL);
		free(s);
	}
	if (l->n == 0)
		draw_text(t, 4, 2, COLS - 4, _("Nothing in this queue."),
		    A_NORMAL);
}

static void
qlist_key(struct tui *t, void *arg, enum action act, const struct tkey *k)
{
	struct qlist	*l = arg;

	(void)k;
	switch (act) {
	case ACT_BACK:
		tui_message(t, 0, NULL);
		tui_pop(t);
		return;
	case ACT_ENTER:
		if (l->sel < l->n) {
			tui_message(t, 0, NULL);
			view_open(t, l->rows[l->sel].id);
		}
		return;
	default:
		tui_move_cursor(act, &l->sel, l->n, (size_t)(LINES - 7));
		return;
	}
}

/* On top again, or others saved: read the queue afresh. */
static void
qlist_resume(struct tui *t, void *arg)
{
	qlist_load(t, arg);
}

static void
qlist_free(void *arg)
{
	struct qlist	*l = arg;

	referral_rows_free(l->rows, l->n);
	free(l->state);
	free(l);
}

const struct screen_ops queue_list_screen = {
	.name = "queue",
	.ctx = CTX_QUEUE,
	.draw = qlist_draw,
	.key = qlist_key,
	.resume = qlist_resume,
	.watch = 1,
	.free = qlist_free,
};
