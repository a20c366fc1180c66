/* tui-report.c: the reports screen: the reports the official may run, and one as a table with bar charts, scrolling. */

#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

#define BAR_MIN		10	/* columns of a bar, at least */
#define COL_MAX		24	/* columns of a text cell, at most */
#define COL_MIN		8	/* ... and at least, when narrowed */

struct reports {
	size_t		*ids;		/* report_table entries the role runs */
	size_t		 n, sel;
	int		 shown;		/* a report is open */
	struct report	 rep;
	size_t		 top;		/* its first row on the screen */
};

/* The reports screen, from the case list; says so if there are none. */
void
reports_open(struct tui *t)
{
	struct reports	*r;
	size_t		 i;

	r = xcalloc(1, sizeof *r);
	r->ids = xcalloc(report_count, sizeof *r->ids);
	for (i = 0; i < report_count; i++) {
		if (role_has_report(t->sess->rp, report_table[i].id))
			r->ids[r->n++] = i;
	}
	if (r->n == 0) {
		tui_message(t, 1, "%s",
		    _("Your role may run no report."));
		free(r->ids);
		free(r);
		return;
	}
	tui_push(t, &reports_screen, r);
	tui_message(t, 0, "%s", _("Enter runs the report; Esc goes back."));
}

static void
draw_list(struct tui *t, struct reports *r)
{
	const struct report_info	*ri;
	size_t				 i;
	int				 y, attr, w;

	draw_header(t, _("Reports"));
	for (i = 0, y = 2; i < r->n && y < LINES - 3; i++, y++) {
		ri = &report_table[r->ids[i]];
		attr = i == r->sel ? draw_attr(t, ATTR_SELECT) : (int)A_NORMAL;
		if (attr != A_NORMAL) {
			attron(attr);
			mvhline(y, 0, ' ', COLS);
			attroff(attr);
		}
		w = draw_text(t, y, 2, 22, ri->id, attr | A_BOLD);
		draw_text(t, y, 2 + (w > 20 ? w : 20) + 2, COLS - 26,
		    _(ri->summary), attr);
	}
	draw_rule(t, LINES - 3, NULL);
}

/*
 * A bar of value / max of width columns: whole blocks, then the eighth
 * block that is nearest; '#' for each whole column without UTF-8.
 */
static void
draw_bar(struct tui *t, int y, int x, int width, double value, double max)
{
	static const char *const eighths[] = {
		"", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d",
		"\xe2\x96\x8c", "\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89",
	};
	struct buf	b = { 0 };
	long		units, i;

	if (max <= 0 || value <= 0 || width <= 0)
		return;
	units = (long)(value / max * width * 8 + 0.5);
	if (units < 1)
		units = 1;	/* something, however small */
	if (t->ascii) {
		for (i = 0; i < (units + 4) / 8 || i == 0; i++)
			buf_add_u8(&b, '#');
	} else {
		for (i = 0; i < units / 8; i++)
			buf_add(&b, "\xe2\x96\x88", 3);
		buf_add(&b, eighths[units % 8], strlen(eighths[units % 8]));
	}
	buf_add_u8(&b, '\0');
	draw_text(t, y, x, width, (const char *)b.p, A_NORMAL);
	buf_free(&b);
}

/* The columns' widths, the bar's the rest of the 80 or more columns. */
static int
table_widths(struct tui *t, const struct report *rep, int *w)
{
	size_t	i, j, k, n;
	int	used = 1;

	for (j = 0; j < rep->ncols; j++) {
		w[j] = (int)utf8_width(_(rep->info->cols[j]));
		for (i = 0; i < rep->n; i++) {
			n = utf8_width(report_label(t->sess, rep, i, j));
			if ((int)n > w[j])
				w[j] = (int)n;
		}
		if (!((rep->info->num >> j) & 1) && w[j] > COL_MAX)
			w[j] = COL_MAX;
		used += w[j] + 2;
	}
	/* Too wide for a bar: narrow the widest text column a cell at once. */
	while (used + BAR_MIN + 1 > COLS) {
		for (j = 0, k = rep->ncols; j < rep->ncols; j++) {
			if (!((rep->info->num >> j) & 1) && w[j] > COL_MIN &&
			    (k == rep->ncols || w[j] > w[k]))
				k = j;
		}
		if (k == rep->ncols)
			break;
		w[k]--;
		used--;
	}
	return (COLS - used - 1 > BAR_MIN ? COLS - used - 1 : BAR_MIN);
}

static void
draw_report(struct tui *t, struct reports *r)
{
	const struct report	*rep = &r->rep;
	int			 w[REPORT_COLS_MAX], bw, y, x, num, rows;
	size_t			 i, j;
	double			 max = 0, v;
	char			*title;

	title = xsprintf("%s: %s", _("Report"), rep->info->id);
	draw_header(t, title);
	free(title);
	draw_text(t, 1, 1, COLS - 2, _(rep->info->summary), A_NORMAL);
	bw = table_widths(t, rep, w);
	for (j = 0, x = 1; j < rep->ncols; j++) {
		num = (rep->info->num >> j) & 1;
		draw_text(t, 2, num ? x + w[j] - (int)utf8_width(
		    _(rep->info->cols[j])) : x, w[j], _(rep->info->cols[j]),
		    A_BOLD);
		x += w[j] + 2;
	}
	draw_rule(t, 3, NULL);
	for (i = 0; i < rep->n; i++) {
		v = strtod(report_cell(rep, i, (size_t)rep->info->bar), NULL);
		if (v > max)
			max = v;
	}
	rows = LINES - 7;
	if (r->top + (size_t)rows > rep->n)
		r->top = rep->n > (size_t)rows ? rep->n - (size_t)rows : 0;
	for (i = r->top, y = 4; i < rep->n && y < 4 + rows; i++, y++) {
		for (j = 0, x = 1; j < rep->ncols; j++) {
			const char	*c = report_label(t->sess, rep, i, j);

			if (*c == '\0')
				c = "-";
			num = (rep->info->num >> j) & 1;
			draw_text(t, y, num ? x + w[j] - (int)utf8_width(c) : x,
			    w[j], c, A_NORMAL);
			x += w[j] + 2;
		}
		draw_bar(t, y, x, bw, strtod(report_cell(rep, i,
		    (size_t)rep->info->bar), NULL), max);
	}
	if (rep->n == 0)
		draw_text(t, 5, 2, COLS - 4, _("Nothing to count yet."),
		    A_NORMAL);
	draw_rule(t, LINES - 3, NULL);
}

static void
reports_draw(struct tui *t, void *arg)
{
	struct reports	*r = arg;

	if (r->shown)
		draw_report(t, r);
	else
		draw_list(t, r);
}

/* Run the selected report (audited, as on the command line). */
static void
reports_run(struct tui *t, struct reports *r)
{
	struct amp_err	err;

	err_clear(&err);
	report_free(&r->rep);
	if (report_run(t->sess, report_table[r->ids[r->sel]].id, &r->rep,
	    &err) != AMP_OK) {
		tui_message(t, 1, "%s", err.msg);
		return;
	}
	r->shown = 1;
	r->top = 0;
	tui_message(t, 0, ngettext("%zu row.", "%zu rows.", r->rep.n),
	    r->rep.n);
}

static void
reports_key(struct tui *t, void *arg, enum action act, const struct tkey *k)
{
	struct reports	*r = arg;
	size_t		 page = (size_t)(LINES - 7), last;

	(void)k;
	switch (act) {
	case ACT_BACK:
		tui_message(t, 0, NULL);
		if (r->shown) {
			r->shown = 0;
			report_free(&r->rep);
		} else
			tui_pop(t);
		return;
	case ACT_ENTER:
		if (!r->shown)
			reports_run(t, r);
		return;
	default:
		if (!r->shown) {
			tui_move_cursor(act, &r->sel, r->n, page);
			return;
		}
		/* The table scrolls by its first row shown. */
		last = r->rep.n > page ? r->rep.n - page : 0;
		if (act == ACT_DOWN && r->top < last)
			r->top++;
		else if (act == ACT_UP && r->top > 0)
			r->top--;
		else if (act == ACT_PGDN)
			r->top = r->top + page < last ? r->top + page : last;
		else if (act == ACT_PGUP)
			r->top = r->top > page ? r->top - page : 0;
		else if (act == ACT_HOME)
			r->top = 0;
		else if (act == ACT_END)
			r->top = last;
		return;
	}
}

static void
reports_free(void *arg)
{
	struct reports	*r = arg;

	report_free(&r->rep);
	free(r->ids);
	free(r);
}

const struct screen_ops reports_screen = {
	.name = "reports",
	.ctx = CTX_REPORT,
	.draw = reports_draw,
	.key = reports_key,
	.free = reports_free,
};
