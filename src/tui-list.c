/* tui-list.c: the case list: search by name, case number or document number, and open a case. */

#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

#define LIST_MAX	500	/* hits kept; more means "refine the search" */
#define LIST_COLS_MAX	8

struct list {
	struct ledit	 q;
	char		*shown;		/* the query the hits answer */
	struct case_hit	*hits;
	size_t		 n, sel, top;
};

void *
list_new(struct tui *t)
{
	struct list	*l;

	(void)t;
	l = xcalloc(1, sizeof *l);
	ledit_set(&l->q, "");
	l->q.maxchars = 100;
	return (l);
}

static void
list_search(struct tui *t, struct list *l)
{
	struct amp_err	 err;
	size_t		 i;
	char		*count;

	err_clear(&err);
	case_hits_free(l->hits, l->n);
	l->hits = NULL;
	l->n = l->sel = l->top = 0;
	free(l->shown);
	l->shown = xstrdup(l->q.buf);
	if (l->q.len == 0) {
		tui_message(t, 0, NULL);
		return;
	}
	if (case_find(t->sess, l->q.buf, LIST_MAX, &l->hits, &l->n, &err) !=
	    AMP_OK) {
		tui_message(t, 1, "%s", err.msg);
		return;
	}
	if (l->n == 0)
		tui_message(t, 0, _("No case matches \"%s\"."), l->q.buf);
	else if (l->n >= LIST_MAX)
		tui_message(t, 0,
		    _("%zu or more cases match: add words to narrow the search."),
		    l->n);
	else {
		for (i = 0; i < l->n && !l->hits[i].via_group; i++)
			;
		count = xsprintf(ngettext("%zu case matches.",
		    "%zu cases match.", l->n), l->n);
		tui_message(t, 0, "%s%s%s", count, i < l->n ? " " : "",
		    i < l->n ? _("+: through a household member.") : "");
		free(count);
	}
}

/* The column labels: "Case", then the summary fields of the intake form. */
static size_t
list_headers(struct tui *t, const char **v, size_t max)
{
	const struct form	*f = formset_find(t->opts->forms, "intake");
	const struct field	*fld;
	size_t			 i, n = 0;

	v[n++] = _("Case");
	for (i = 0; f != NULL && i < f->nsummary && n < max; i++) {
		fld = form_field(f, f->summary[i]);
		v[n++] = fld != NULL ? i18n_get(&fld->label) : "";
	}
	return (n);
}

/* Split a tab-separated summary into at most max columns (in place). */
static size_t
split_cols(char *s, char **v, size_t max)
{
	size_t	n = 0;

	v[n++] = s;
	while (n < max && (s = strchr(s, '\t')) != NULL) {
		*s++ = '\0';
		v[n++] = s;
	}
	return (n);
}

/*
 * Column widths: as wide as the widest shown value, then the widest shrunk
 * until all fit.
 */
static void
list_widths(struct tui *t, struct list *l, const char **hdr, size_t ncols,
    int *w, int rows)
{
	char	*cols[LIST_COLS_MAX], *copy;
	size_t	 i, j, n, wide;
	int	 total, avail = COLS - 2 - 2 * (int)(ncols - 1), v;

	(void)t;
	for (j = 0; j < ncols; j++)
		w[j] = (int)utf8_width(hdr[j]);
	for (i = l->top; i < l->n && i < l->top + (size_t)rows; i++) {
		copy = xsprintf("%s\t%s", l->hits[i].number, l->hits[i].summary);
		n = split_cols(copy, cols, ncols);
		for (j = 0; j < n; j++) {
			v = (int)utf8_width(cols[j]);
			if (v > w[j])
				w[j] = v;
		}
		free(copy);
	}
	for (;;) {
		total = 0;
		wide = 0;
		for (j = 0; j < ncols; j++) {
			total += w[j];
			if (w[j] > w[wide])
				wide = j;
		}
		if (total <= avail || w[wide] <= 4)
			break;
		w[wide]--;
	}
}

static void
list_draw(struct tui *t, void *arg)
{
	struct list	*l = arg;
	const char	*hdr[LIST_COLS_MAX];
	char		*cols[LIST_COLS_MAX], *row;
	size_t		 ncols, i, j, n;
	int		 w[LIST_COLS_MAX], rows = LINES - 6, y, x, cx, attr;

	draw_header(t, _("Cases"));
	draw_text(t, 1, 1, 10, _("Search:"), A_BOLD);
	cx = ledit_draw(t, &l->q, 1, 10, COLS - 11, A_NORMAL);
	tui_cursor(t, 1, cx);
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + (size_t)rows)
		l->top = l->sel - (size_t)rows + 1;
	ncols = list_headers(t, hdr, LIST_COLS_MAX);
	list_widths(t, l, hdr, ncols, w, rows);
	for (j = 0, x = 1; j < ncols; j++) {
		draw_text(t, 2, x, w[j], hdr[j], A_BOLD);
		x += w[j] + 2;
	}
	draw_rule(t, 3, NULL);
	for (i = l->top, y = 4; i < l->n && y < 4 + rows - 1; i++, y++) {
		attr = i == l->sel ? draw_attr(t, ATTR_SELECT) : (int)A_NORMAL;
		if (attr != A_NORMAL) {
			attron(attr);
			mvhline(y, 0, ' ', COLS);
			attroff(attr);
		}
		if (l->hits[i].via_group)
			draw_text(t, y, 0, 1, "+", attr);
		row = xsprintf("%s\t%s", l->hits[i].number, l->hits[i].summary);
		n = split_cols(row, cols, ncols);
		for (j = 0, x = 1; j < n; j++) {
			draw_text(t, y, x, w[j], cols[j], attr);
			x += w[j] + 2;
		}
		free(row);
	}
	if (l->n == 0 && l->shown == NULL)
		draw_text(t, 5, 2, COLS - 4,
		    _("Type a name, case number (2026-000123) or document number; then Enter."),
		    A_NORMAL);
	if (l->n == 0 && l->shown == NULL)
		draw_text(t, 6, 2, COLS - 4,
		    _("^Q or F2 shows the work queues: referrals in and out, and cases by state."),
		    A_NORMAL);
	draw_rule(t, LINES - 3, NULL);
}

static void
list_key(struct tui *t, void *arg, enum action act, const struct tkey *k)
{
	struct list	*l = arg;
	struct amp_err	 err;
	size_t		 page = (size_t)(LINES - 7);

	switch (act) {
	case ACT_QUIT:
		t->done = 1;
		return;
	case ACT_ENTER:
		if (l->shown == NULL || strcmp(l->shown, l->q.buf) != 0 ||
		    l->n == 0)
			list_search(t, l);
		else {
			tui_message(t, 0, NULL);
			view_open(t, l->hits[l->sel].id);
		}
		return;
	case ACT_NEW:
		/* Refused before any typing, not at the save. */
		if (access_form(t->sess, "intake", PF_CREATE, &err) != AMP_OK) {
			tui_message(t, 1, "%s", err.msg);
			return;
		}
		tui_message(t, 0, NULL);
		form_open_new(t, "intake");
		return;
	case ACT_NEW_OTHER:
		tui_message(t, 0, NULL);
		new_start(t);
		return;
	case ACT_DRAFTS:
		drafts_open(t, 0);
		return;
	case ACT_QUEUES:
		tui_message(t, 0, NULL);
		queue_open(t);
		return;
	case ACT_REPORTS:
		tui_message(t, 0, NULL);
		reports_open(t);
		return;
	case ACT_RENEWALS:
		tui_message(t, 0, NULL);
		renewals_open(t);
		return;
	case ACT_SCAN:
		scan_open(t);
		return;
	default:
		if (!tui_move_cursor(act, &l->sel, l->n, page))
			ledit_key(&l->q, act, k);
		return;
	}
}

/*
 * Back from a case or a form: search again, so changes (ours or others') show.
 */
static void
list_resume(struct tui *t, void *arg)
{
	struct list	*l = arg;
	size_t		 sel = l->sel;
	char		*msg;

	if (l->shown == NULL || *l->shown == '\0')
		return;
	msg = xstrdup(t->msg);
	ledit_set(&l->q, l->shown);
	list_search(t, l);
	if (sel < l->n)
		l->sel = sel;
	if (*msg != '\0')
		tui_message(t, t->msg_error, "%s", msg);
	free(msg);
}

static void
list_free(void *arg)
{
	struct list	*l = arg;

	ledit_free(&l->q);
	case_hits_free(l->hits, l->n);
	free(l->shown);
	free(l);
}

const struct screen_ops list_screen = {
	.name = "list",
	.ctx = CTX_LIST,
	.draw = list_draw,
	.key = list_key,
	.resume = list_resume,
	.watch = 1,
	.free = list_free,
};
