/* tui-drafts.c: an official's unsaved drafts, offered at login and from the case list. */

#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

struct drafts {
	struct draft_info	*v;
	size_t			 n, sel;
	int			 at_login;
};

static int
drafts_load(struct tui *t, struct drafts *d)
{
	struct amp_err	err;

	err_clear(&err);
	draft_infos_free(d->v, d->n);
	d->v = NULL;
	d->n = 0;
	if (draft_list(t->sess, &d->v, &d->n, &err) != AMP_OK) {
		tui_message(t, 1, "%s", err.msg);
		return (-1);
	}
	if (d->sel >= d->n)
		d->sel = d->n > 0 ? d->n - 1 : 0;
	return (0);
}

/* Show the drafts; at login only when there are some. Returns how many. */
int
drafts_open(struct tui *t, int at_login)
{
	struct drafts	*d;

	d = xcalloc(1, sizeof *d);
	d->at_login = at_login;
	if (drafts_load(t, d) != 0 || d->n == 0) {
		if (!at_login && d->n == 0)
			tui_message(t, 0, "%s", _("You have no unsaved drafts."));
		free(d->v);
		free(d);
		return (0);
	}
	tui_push(t, &drafts_screen, d);
	tui_message(t, 0, "%s", at_login ?
	    _("Unsaved work from an earlier session: Enter resumes it.") :
	    _("Enter resumes a draft; ^R discards it."));
	return ((int)d->n);
}

static char *
draft_title(struct tui *t, const struct draft_info *di)
{
	const struct form	*f = formset_find(t->opts->forms, di->form);
	const char		*title;
	char			 when[32], num[32], *who, *p, *s;

	title = f != NULL ? i18n_get(&f->title) : di->form;
	time_format(di->updated, when, sizeof when);
	/* The summary's first two fields (the names), as far as typed. */
	who = xstrdup(di->summary != NULL ? di->summary : "");
	if ((p = strchr(who, '\t')) != NULL && (p = strchr(p + 1, '\t')) !=
	    NULL)
		*p = '\0';
	for (p = s = who; *p != '\0'; p++) {	/* tabs to single spaces */
		if (*p != '\t' && *p != ' ')
			*s++ = *p;
		else if (s > who && s[-1] != ' ')
			*s++ = ' ';
	}
	while (s > who && s[-1] == ' ')
		s--;
	*s = '\0';
	if (*who == '\0') {
		free(who);
		who = xstrdup(_("no name yet"));
	}
	if (di->case_id == 0)
		s = xsprintf(_("%s, new case: %s; last typed %s"), title, who,
		    when);
	else {
		casenum_format(di->case_id, di->created, num, sizeof num);
		s = xsprintf(_("Changes to case %s: %s; last typed %s"), num,
		    who, when);
	}
	free(who);
	return (s);
}

static void
drafts_draw(struct tui *t, void *arg)
{
	struct drafts	*d = arg;
	char		*s;
	size_t		 i;
	int		 y, attr;

	draw_header(t, _("Unsaved drafts"));
	draw_text(t, 2, 2, COLS - 4,
	    _("Every field you finish is kept as a draft until the case is saved."),
	    A_NORMAL);
	for (i = 0, y = 4; i < d->n && y < LINES - 3; i++, y++) {
		attr = i == d->sel ? draw_attr(t, ATTR_SELECT) : (int)A_NORMAL;
		if (attr != A_NORMAL) {
			attron(attr);
			mvhline(y, 0, ' ', COLS);
			attroff(attr);
		}
		s = draft_title(t, &d->v[i]);
		draw_text(t, y, 2, COLS - 4, s, attr);
		free(s);
	}
	draw_rule(t, LINES - 3, NULL);
}

static void
drafts_discard_answer(struct tui *t, void *arg, int key)
{
	struct drafts	*d = arg;
	struct amp_err	 err;

	err_clear(&err);
	if (!tui_yes(key)) {
		tui_message(t, 0, "%s", _("The draft is kept."));
		return;
	}
	if (draft_delete(t->sess, d->v[d->sel].slot, &err) != AMP_OK) {
		tui_message(t, 1, "%s", err.msg);
		return;
	}
	tui_message(t, 0, "%s", _("The draft was discarded."));
	if (drafts_load(t, d) == 0 && d->n == 0)
		tui_pop(t);
}

static void
drafts_key(struct tui *t, void *arg, enum action act, const struct tkey *k)
{
	struct drafts	*d = arg;
	char		*slot, *q, *title;

	(void)k;
	switch (act) {
	case ACT_BACK:
		tui_message(t, 0, NULL);
		tui_pop(t);
		return;
	case ACT_ENTER:
		slot = xstrdup(d->v[d->sel].slot);
		tui_pop(t);	/* frees d */
		form_open_draft(t, slot);
		free(slot);
		return;
	case ACT_DISCARD:
		title = draft_title(t, &d->v[d->sel]);
		q = xsprintf(_("Discard the draft \"%s\"? It cannot be recovered. (y/n)"),
		    title);
		tui_ask_yes_no(t, q, drafts_discard_answer, d);
		free(q);
		free(title);
		return;
	default:
		tui_move_cursor(act, &d->sel, d->n, 1);
		return;
	}
}

static void
drafts_free(void *arg)
{
	struct drafts	*d = arg;

	draft_infos_free(d->v, d->n);
	free(d);
}

const struct screen_ops drafts_screen = {
	.name = "drafts",
	.ctx = CTX_DRAFTS,
	.draw = drafts_draw,
	.key = drafts_key,
	.free = drafts_free,
};
