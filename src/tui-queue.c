/* tui-queue.c: the work queues: the institution's referral inbox and outbox, and the cases in each state of their workflow, with counts and overdue ones. */

#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

#define QUEUE_COUNT_COL	44	/* where the counts are drawn */

/* A line of the screen: a heading, or a queue to open. */
struct qline {
	int			 kind;	/* QUEUE_*, or -1 for a heading */
	const struct workflow	*w;
	const char		*state;
	size_t			 n, overdue;
	int			 more;	/* n counts the oldest only */
};

struct queues {
	struct qline	*v;
	size_t		 n, cap, sel, top;
};

static void
queues_add(struct queues *q, int kind, const struct workflow *w,
    const char *state, size_t n, size_t overdue)
{
	XGROW(q->v, q->n, q->cap);
	q->v[q->n].kind = kind;
	q->v[q->n].w = w;
	q->v[q->n].state = state;
	q->v[q->n].n = n;
	q->v[q->n].overdue = overdue;
	q->v[q->n].more = 0;
	q->n++;
}

/* How many referrals a box holds, and how many are overdue. */
static int
queues_box(struct tui *t, struct queues *q, int kind)
{
	struct referral_row	*v;
	struct amp_err		 err;
	size_t			 n, i, late = 0;

	err_clear(&err);
	if (referral_box(t->sess, kind == QUEUE_OUTBOX, &v, &n, &err) !=
	    AMP_OK) {
		tui_message(t, 1, "%s", err.msg);
		return (-1);
	}
	for (i = 0; i < n; i++) {
		if (v[i].due != 0 && v[i].due < date_today_days())
			late++;
	}
	referral_rows_free(v, n);
	queues_add(q, kind, NULL, NULL, n, late);
	return (0);
}

/* Read every count afresh: what others did shows. */
static void
queues_load(struct tui *t, struct queues *q)
{
	struct queue_count	*c;
	struct amp_err		 err;
	size_t			 n, i;

	q->n = 0;
	queues_add(q, -1, NULL, NULL, 0, 0);
	if (queues_box(t, q, QUEUE_INBOX) != 0 ||
	    queues_box(t, q, QUEUE_OUTBOX) != 0)
		return;
	err_clear(&err);
	if (queue_counts(t->sess, NULL, &c, &n, &err) != AMP_OK) {
		tui_message(t, 1, "%s", err.msg);
		return;
	}
	for (i = 0; i < n; i++) {
		if (i == 0 || c[i].w != c[i - 1].w)
			queues_add(q, -1, c[i].w, NULL, 0, 0);
		queues_add(q, QUEUE_STATE, c[i].w, c[i].state, c[i].n,
		    c[i].overdue);
		q->v[q->n - 1].more = c[i].more;
	}
	free(c);
	if (q->sel >= q->n || q->v[q->sel].kind < 0)
		q->sel = 1;
}

void
queue_open(struct tui *t)
{
	struct queues	*q;

	q = xcalloc(1, sizeof *q);
	q->sel = 1;
	queues_load(t, q);
	tui_push(t, &queue_screen, q);
}

static const char *
qline_label(const struct qline *l)
{
	if (l->kind == QUEUE_INBOX)
		return (_("Inbox: referrals sent to us"));
	if (l->kind == QUEUE_OUTBOX)
		return (_("Outbox: referrals we sent"));
	if (l->kind == QUEUE_STATE)
		return (workflow_state_label(l->w, l->state));
	return (l->w != NULL ? i18n_get(&l->w->title) : _("Referrals"));
}

static void
queue_draw(struct tui *t, void *arg)
{
	const struct institution	*in;
	struct queues			*q = arg;
	char				*s;
	size_t				 i;
	int				 rows = LINES - 5, y, attr;

	draw_header(t, _("Work queues"));
	in = policy_institution(t->opts->forms->policy, t->sess->institution);
	draw_text(t, 1, 1, COLS - 2, in != NULL ? i18n_get(&in->name) :
	    t->sess->institution, A_NORMAL);
	draw_rule(t, 2, NULL);
	if (q->sel < q->top)
		q->top = q->sel;
	if (q->sel >= q->top + (size_t)rows)
		q->top = q->sel - (size_t)rows + 1;
	for (i = q->top, y = 3; i < q->n && y < 3 + rows; i++, y++) {
		if (q->v[i].kind < 0) {
			draw_text(t, y, 1, COLS - 2, qline_label(&q->v[i]),
			    A_BOLD);
			continue;
		}
		attr = i == q->sel ? draw_attr(t, ATTR_SELECT) : (int)A_NORMAL;
		if (attr != A_NORMAL) {
			attron(attr);
			mvhline(y, 0, ' ', COLS);
			attroff(attr);
		}
		draw_text(t, y, 3, QUEUE_COUNT_COL - 4, qline_label(&q->v[i]),
		    attr);
		s = q->v[i].overdue > 0 ? xsprintf(_("%6zu%s (%zu OVERDUE)"),
		    q->v[i].n, q->v[i].more ? "+" : " ", q->v[i].overdue) :
		    xsprintf("%6zu%s", q->v[i].n, q->v[i].more ? "+" : "");
		draw_text(t, y, QUEUE_COUNT_COL, COLS - QUEUE_COUNT_COL - 1, s,
		    attr);
		free(s);
	}
}

static void
queue_key(struct tui *t, void *arg, enum action act, const struct tkey *k)
{
	struct queues	*q = arg;
	size_t		 sel = q->sel;

	(void)k;
	switch (act) {
	case ACT_BACK:
		tui_message(t, 0, NULL);
		tui_pop(t);
		return;
	case ACT_ENTER:
		if (q->sel < q->n && q->v[q->sel].kind >= 0) {
			tui_message(t, 0, NULL);
			queue_list_open(t, q->v[q->sel].kind, q->v[q->sel].w,
			    q->v[q->sel].state);
		}
		return;
	default:
		if (!tui_move_cursor(act, &q->sel, q->n, (size_t)(LINES - 6)))
			return;
		/* Headings are passed over in the direction of the move. */
		while (q->sel < q->n && q->v[q->sel].kind < 0 && q->sel > sel &&
		    q->sel + 1 < q->n)
			q->sel++;
		while (q->sel < q->n && q->v[q->sel].kind < 0 && q->sel > 0)
			q->sel--;
		if (q->v[q->sel].kind < 0)
			q->sel = sel;
		return;
	}
}

/* On top again, or others saved: count afresh. */
static void
queue_resume(struct tui *t, void *arg)
{
	queues_load(t, arg);
}

static void
queue_free(void *arg)
{
	struct queues	*q = arg;

	free(q->v);
	free(q);
}

const struct screen_ops queue_screen = {
	.name = "queues",
	.ctx = CTX_QUEUE,
	.draw = queue_draw,
	.key = queue_key,
	.resume = queue_resume,
	.watch = 1,
	.free = queue_free,
};
