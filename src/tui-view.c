/* tui-view.c: a case as read: every section and field, its versions, and the way to edit it. */

#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

#define VIEW_LABEL	30	/* columns for labels */

struct vline {
	char	*label;
	char	*value;
	int	 indent;
	int	 heading;
};

struct view {
	uint64_t	 id;
	uint64_t	 latest;	/* the current version */
	struct record	 rec;		/* the version shown */
	struct vline	*v;
	size_t		 n, cap, top;
};

static void
vline_add(struct view *w, int indent, int heading, const char *label,
    const char *value)
{
	XGROW(w->v, w->n, w->cap);
	w->v[w->n].label = xstrdup(label);
	w->v[w->n].value = value != NULL ? xstrdup(value) : NULL;
	w->v[w->n].indent = indent;
	w->v[w->n].heading = heading;
	w->n++;
}

static void
view_clear(struct view *w)
{
	size_t	i;

	for (i = 0; i < w->n; i++) {
		free(w->v[i].label);
		free(w->v[i].value);
	}
	w->n = 0;
}

static void
view_fields(struct view *w, const struct field *v, size_t n,
    const struct rmap *m, int indent)
{
	const struct rfield	*rf;
	char			*s;
	size_t			 i, j;

	for (i = 0; i < n; i++) {
		rf = rmap_field(m, v[i].id);
		if (v[i].type == FT_REPEAT) {
			s = xsprintf("%zu", rf != NULL ? rf->nitems : 0);
			vline_add(w, indent, 0, i18n_get(&v[i].label), s);
			free(s);
			for (j = 0; rf != NULL && j < rf->nitems; j++) {
				s = xsprintf("%zu.", j + 1);
				vline_add(w, indent + 2, 1, s, NULL);
				free(s);
				view_fields(w, v[i].fields, v[i].nfields,
				    &rf->items[j], indent + 4);
			}
			continue;
		}
		vline_add(w, indent, 0, i18n_get(&v[i].label),
		    rf != NULL && rf->kind == RF_STR ?
		    choice_label(&v[i], rf->str) : "");
	}
}

/* Lay the record out as lines; built again when the language changes. */
static void
view_build(struct tui *t, struct view *w)
{
	const struct form	*f;
	size_t			 i;

	view_clear(w);
	if ((f = formset_find(t->opts->forms, w->rec.form)) == NULL) {
		vline_add(w, 0, 1, _("This case uses a form that is not installed:"),
		    w->rec.form);
		return;
	}
	for (i = 0; i < f->nsections; i++) {
		if (i > 0)
			vline_add(w, 0, 0, "", NULL);
		vline_add(w, 0, 1, i18n_get(&f->sections[i].label), NULL);
		view_fields(w, f->sections[i].fields, f->sections[i].nfields,
		    &w->rec.data, 2);
	}
}

static int
view_load(struct tui *t, struct view *w, uint64_t version)
{
	struct amp_err	err;
	struct record	r;
	int		rc;

	err_clear(&err);
	rc = version == 0 ? case_get(t->sess, w->id, &r, &err) :
	    case_get_version(t->sess, w->id, version, &r, &err);
	if (rc != AMP_OK) {
		tui_message(t, 1, "%s", err.msg);
		return (rc);
	}
	record_free(&w->rec);
	w->rec = r;
	if (version == 0)
		w->latest = r.version;
	w->top = 0;
	return (AMP_OK);
}

void
view_open(struct tui *t, uint64_t id)
{
	struct view	*w;

	w = xcalloc(1, sizeof *w);
	w->id = id;
	if (view_load(t, w, 0) != AMP_OK) {
		free(w);
		return;
	}
	tui_push(t, &view_screen, w);
}

static void
view_draw(struct tui *t, void *arg)
{
	struct view	*w = arg;
	char		 num[32], c[32], u[32], *s;
	size_t		 i;
	int		 y, rows = LINES - 5, x;

	casenum_format(w->rec.id, w->rec.created, num, sizeof num);
	s = xsprintf(_("Case %s"), num);
	draw_header(t, s);
	free(s);
	time_format(w->rec.created, c, sizeof c);
	c[10] = '\0';		/* the day it was opened is enough */
	time_format(w->rec.updated, u, sizeof u);
	if (w->rec.version == w->latest)
		s = xsprintf(_("Version %llu, changed %s by %s; opened %s by %s"),
		    (unsigned long long)w->rec.version, u, w->rec.updated_by, c,
		    w->rec.created_by);
	else
		s = xsprintf(_("EARLIER VERSION %llu of %llu, saved %s by %s."),
		    (unsigned long long)w->rec.version,
		    (unsigned long long)w->latest, u, w->rec.updated_by);
	draw_text(t, 1, 1, COLS - 2, s, w->rec.version == w->latest ?
	    (int)A_NORMAL : draw_attr(t, ATTR_ERROR));
	free(s);
	draw_rule(t, 2, NULL);
	view_build(t, w);
	if (w->top + (size_t)rows > w->n)
		w->top = w->n > (size_t)rows ? w->n - (size_t)rows : 0;
	for (i = w->top, y = 3; i < w->n && y < 3 + rows; i++, y++) {
		x = 1 + w->v[i].indent;
		if (w->v[i].heading || w->v[i].value == NULL) {
			draw_text(t, y, x, COLS - x - 1, w->v[i].label, A_BOLD);
			continue;
		}
		draw_text(t, y, x, VIEW_LABEL - x, w->v[i].label, A_NORMAL);
		draw_text(t, y, VIEW_LABEL + 1, COLS - VIEW_LABEL - 2,
		    w->v[i].value, A_NORMAL);
	}
}

static void
view_key(struct tui *t, void *arg, enum action act, const struct tkey *k)
{
	struct view	*w = arg;
	size_t		 page = (size_t)(LINES - 6);

	(void)k;
	switch (act) {
	case ACT_BACK:
		tui_message(t, 0, NULL);
		tui_pop(t);
		return;
	case ACT_EDIT:
		if (w->rec.version != w->latest) {
			tui_message(t, 1, "%s",
			    _("This is an earlier version; press ^V until the current one shows, then edit."));
			return;
		}
		form_open_case(t, w->id);
		return;
	case ACT_HISTORY:
		if (view_load(t, w, w->rec.version > 1 ? w->rec.version - 1 :
		    0) == AMP_OK)
			tui_message(t, 0, w->rec.version == w->latest ?
			    _("The current version.") :
			    _("An earlier version: ^V shows the one before, and wraps round."));
		return;
	case ACT_UP:
		if (w->top > 0)
			w->top--;
		return;
	case ACT_DOWN:
		w->top++;
		return;
	case ACT_PGUP:
		w->top = w->top > page ? w->top - page : 0;
		return;
	case ACT_PGDN:
		w->top += page;
		return;
	case ACT_HOME:
		w->top = 0;
		return;
	case ACT_END:
		w->top = w->n;
		return;
	default:
		return;
	}
}

/* Back from editing: show what is saved now. */
static void
view_resume(struct tui *t, void *arg)
{
	struct view	*w = arg;

	view_load(t, w, 0);
}

static void
view_free(void *arg)
{
	struct view	*w = arg;

	view_clear(w);
	free(w->v);
	record_free(&w->rec);
	free(w);
}

const struct screen_ops view_screen = {
	.name = "view",
	.ctx = CTX_VIEW,
	.draw = view_draw,
	.key = view_key,
	.resume = view_resume,
	.free = view_free,
};
