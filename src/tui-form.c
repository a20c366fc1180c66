/* tui-form.c: the form editor: sections, fields checked as they are left, repeat groups, drafts, save and merge. */

#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

#define FORM_LABEL	30	/* columns for labels */

enum row_kind { ROW_FIELD, ROW_GROUP, ROW_ITEM };

/*
 * One line of the current section: a field, a repeat group's heading, or an
 * entry's heading.
 */
struct row {
	enum row_kind		 kind;
	const struct field	*f;	/* the field, or the repeat group */
	const struct field	*group;	/* a field inside an entry: its group */
	size_t			 item;
};

/* The entry a "remove?" question is about. */
struct remove_ctx {
	struct fstate		*fs;
	const struct field	*g;
	size_t			 item;
};

struct fstate {
	const struct form	*form;
	struct record		 rec;		/* values as typed */
	uint64_t		 base;		/* version read, 0 if new */
	char			*slot;		/* draft slot */
	size_t			 section;
	struct row		*rows;
	size_t			 nrows, caprows, cur, top;
	struct ledit		 ed;		/* the current row's text */
	int			 ed_row;	/* ed belongs to rows[cur] */
	char			**bad;		/* paths of failed values */
	size_t			 nbad, capbad;
	int			 dirty;
	struct conflicts	 cf;		/* being resolved, one by one */
	size_t			 cf_next;
	struct record		 theirs;
	struct remove_ctx	 rm;
};

static void	form_build_rows(struct fstate *);
static void	form_save(struct tui *, struct fstate *);

static int
field_is_text(const struct field *f)
{
	return (f->type == FT_TEXT || f->type == FT_INTEGER ||
	    f->type == FT_DATE);
}

/* The map that holds a row's value: the record, or an entry of a group. */
static struct rmap *
row_map(struct fstate *fs, const struct row *r)
{
	struct rfield	*g;

	if (r->group == NULL)
		return (&fs->rec.data);
	g = rmap_group(&fs->rec.data, r->group->id);
	return (r->item < g->nitems ? &g->items[r->item] : NULL);
}

static const char *
row_value(struct fstate *fs, const struct row *r)
{
	struct rmap	*m = row_map(fs, r);

	return (m != NULL ? rmap_get(m, r->f->id) : NULL);
}

static char *
row_path(const struct row *r)
{
	if (r->group != NULL)
		return (xsprintf("%s.%zu.%s", r->group->id, r->item + 1,
		    r->f->id));
	return (xstrdup(r->f->id));
}

static int
bad_find(struct fstate *fs, const char *path)
{
	size_t	i;

	for (i = 0; i < fs->nbad; i++) {
		if (strcmp(fs->bad[i], path) == 0)
			return ((int)i);
	}
	return (-1);
}

static void
bad_set(struct fstate *fs, const char *path, int bad)
{
	int	i = bad_find(fs, path);

	if (bad && i < 0) {
		XGROW(fs->bad, fs->nbad, fs->capbad);
		fs->bad[fs->nbad++] = xstrdup(path);
	} else if (!bad && i >= 0) {
		free(fs->bad[i]);
		fs->bad[i] = fs->bad[--fs->nbad];
	}
}

static void
bad_clear(struct fstate *fs)
{
	while (fs->nbad > 0)
		free(fs->bad[--fs->nbad]);
}

/* Keep the work in the draft; a failure is shown but typing goes on. */
static void
form_draft(struct tui *t, struct fstate *fs)
{
	struct amp_err	err;

	err_clear(&err);
	if (draft_save(t->sess, fs->slot, &fs->rec, &err) != AMP_OK)
		tui_message(t, 1, _("The draft could not be saved: %s"), err.msg);
}

/* Load the current row's text into the editor. */
static void
form_enter_row(struct fstate *fs)
{
	const struct row	*r;
	const char		*v;

	fs->ed_row = 0;
	if (fs->cur >= fs->nrows)
		return;
	r = &fs->rows[fs->cur];
	if (r->kind != ROW_FIELD || !field_is_text(r->f))
		return;
	v = row_value(fs, r);
	ledit_set(&fs->ed, v != NULL ? v : "");
	fs->ed.maxchars = r->f->type == FT_TEXT ? r->f->max_length : 40;
	fs->ed_row = 1;
}

/*
 * Leave the current row: check what was typed and keep it, normalised if it
 * passes, as typed (and marked) if not, so nothing typed is ever lost. Each
 * completed field goes to the draft at once. With quiet set (a hang-up),
 * nothing is shown.
 */
static int
form_leave_row(struct tui *t, struct fstate *fs, int quiet)
{
	const struct row	*r;
	struct rmap		*m;
	char			*norm, *why, *path, *raw;
	int			 bad = 0;

	if (!fs->ed_row || fs->cur >= fs->nrows || !fs->ed.changed)
		return (0);
	r = &fs->rows[fs->cur];
	if ((m = row_map(fs, r)) == NULL)
		return (0);
	path = row_path(r);
	if (field_normalize(r->f, fs->ed.buf, &norm, &why) == 0) {
		rmap_set(m, r->f->id, norm);
		bad_set(fs, path, 0);
		if (!quiet)
			tui_message(t, 0, NULL);
	} else {
		raw = utf8_clean(fs->ed.buf, fs->ed.len);
		rmap_set(m, r->f->id, raw);
		free(raw);
		bad_set(fs, path, 1);
		if (!quiet)
			tui_message(t, 1, "%s: %s", i18n_get(&r->f->label), why);
		bad = 1;
	}
	free(norm);
	free(why);
	free(path);
	fs->ed.changed = 0;
	fs->dirty = 1;
	form_draft(t, fs);
	return (bad);
}

/* Show the hint of the field under the cursor when no other message is up. */
static void
form_hint(struct tui *t, struct fstate *fs)
{
	const struct row	*r;
	const char		*h;
	char			*path;

	if (fs->cur >= fs->nrows)
		return;
	r = &fs->rows[fs->cur];
	path = row_path(r);
	if (bad_find(fs, path) < 0) {
		h = r->kind == ROW_FIELD ? i18n_get(&r->f->hint) : "";
		if (r->kind == ROW_GROUP)
			h = _("^A adds an entry; ^R removes the entry the cursor is in.");
		tui_message(t, 0, "%s", h);
	}
	free(path);
}

/*
 * Move the cursor. A problem with the field just left stays on the message
 * line; otherwise the message line shows the new field's hint.
 */
static void
form_move(struct tui *t, struct fstate *fs, size_t section, size_t row)
{
	int	bad;

	bad = form_leave_row(t, fs, 0);
	if (section != fs->section) {
		fs->section = section;
		form_build_rows(fs);
	}
	fs->cur = fs->nrows == 0 ? 0 : row < fs->nrows ? row : fs->nrows - 1;
	form_enter_row(fs);
	if (!bad) {
		tui_message(t, 0, NULL);
		form_hint(t, fs);
	}
}

static void
row_add(struct fstate *fs, enum row_kind kind, const struct field *f,
    const struct field *group, size_t item)
{
	XGROW(fs->rows, fs->nrows, fs->caprows);
	fs->rows[fs->nrows].kind = kind;
	fs->rows[fs->nrows].f = f;
	fs->rows[fs->nrows].group = group;
	fs->rows[fs->nrows].item = item;
	fs->nrows++;
}

/*
 * The rows of the current section: fields, and each repeat group with its
 * entries spelt out.
 */
static void
form_build_rows(struct fstate *fs)
{
	const struct section	*s = &fs->form->sections[fs->section];
	const struct field	*f;
	struct rfield		*g;
	size_t			 i, j, k;

	fs->nrows = 0;
	for (i = 0; i < s->nfields; i++) {
		f = &s->fields[i];
		if (f->type != FT_REPEAT) {
			row_add(fs, ROW_FIELD, f, NULL, 0);
			continue;
		}
		row_add(fs, ROW_GROUP, f, NULL, 0);
		g = rmap_field(&fs->rec.data, f->id);
		for (j = 0; g != NULL && g->kind == RF_GROUP && j < g->nitems;
		    j++) {
			row_add(fs, ROW_ITEM, f, NULL, j);
			for (k = 0; k < f->nfields; k++)
				row_add(fs, ROW_FIELD, &f->fields[k], f, j);
		}
	}
	if (fs->cur >= fs->nrows)
		fs->cur = fs->nrows > 0 ? fs->nrows - 1 : 0;
}

/* An entry's heading: its number and the names typed so far. */
static char *
item_title(struct fstate *fs, const struct field *g, size_t item)
{
	struct rfield	*rf = rmap_group(&fs->rec.data, g->id);
	const char	*a = NULL, *b = NULL;

	if (item < rf->nitems) {
		a = rmap_get(&rf->items[item], "given_names");
		b = rmap_get(&rf->items[item], "family_names");
	}
	return (xsprintf("%zu. %s %s", item + 1, a != NULL ? a : "",
	    b != NULL ? b : ""));
}

static void
form_draw(struct tui *t, void *arg)
{
	struct fstate		*fs = arg;
	const struct section	*s = &fs->form->sections[fs->section];
	const struct row	*r;
	struct rfield		*g;
	const char		*v;
	char			 num[32], *title, *path, mark[2];
	size_t			 i;
	int			 y, rows = LINES - 5, x, cx, attr, lw, bad;

	if (fs->base == 0)
		title = xsprintf(_("%s: new case"), i18n_get(&fs->form->title));
	else {
		casenum_format(fs->rec.id, fs->rec.created, num, sizeof num);
		title = xsprintf(_("%s: case %s"), i18n_get(&fs->form->title),
		    num);
	}
	draw_header(t, title);
	free(title);
	title = xsprintf("%s (%zu/%zu)", i18n_get(&s->label), fs->section + 1,
	    fs->form->nsections);
	draw_rule(t, 1, title);
	free(title);
	if (fs->cur < fs->top)
		fs->top = fs->cur;
	if (fs->cur >= fs->top + (size_t)rows)
		fs->top = fs->cur - (size_t)rows + 1;
	for (i = fs->top, y = 2; i < fs->nrows && y < 2 + rows; i++, y++) {
		r = &fs->rows[i];
		x = r->group != NULL ? 5 : r->kind == ROW_ITEM ? 3 : 1;
		lw = FORM_LABEL - x;
		path = r->kind == ROW_FIELD ? row_path(r) : NULL;
		bad = path != NULL && bad_find(fs, path) >= 0;
		free(path);
		/*
		 * Only the marker shows the cursor's row: a bold label
		 * would resend two labels on every move.
		 */
		attr = bad ? draw_attr(t, ATTR_ERROR) : (int)A_NORMAL;
		/* Column 0: ">" the cursor's row, "!" a value to correct. */
		mark[0] = i == fs->cur ? '>' : bad ? '!' : ' ';
		mark[1] = '\0';
		draw_text(t, y, 0, 1, mark, bad ? draw_attr(t, ATTR_ERROR) :
		    (int)A_NORMAL);
		if (r->kind == ROW_ITEM) {
			title = item_title(fs, r->f, r->item);
			draw_text(t, y, x, COLS - x - 1, title, attr);
			free(title);
			if (i == fs->cur)
				tui_cursor(t, y, x);
			continue;
		}
		title = xsprintf("%s%s", i18n_get(&r->f->label),
		    r->f->required ? " *" : "");
		draw_text(t, y, x, lw, title, attr);
		free(title);
		mvaddch(y, FORM_LABEL, ':');
		if (r->kind == ROW_GROUP) {
			g = rmap_group(&fs->rec.data, r->f->id);
			title = xsprintf(ngettext("%zu entry (^A adds one)",
			    "%zu entries (^A adds one)", g->nitems), g->nitems);
			draw_text(t, y, FORM_LABEL + 2, COLS - FORM_LABEL - 3,
			    title, draw_attr(t, ATTR_DIM));
			free(title);
			if (i == fs->cur)
				tui_cursor(t, y, FORM_LABEL + 2);
			continue;
		}
		if (i == fs->cur && fs->ed_row) {
			cx = ledit_draw(t, &fs->ed, y, FORM_LABEL + 2,
			    COLS - FORM_LABEL - 3, A_NORMAL);
			tui_cursor(t, y, cx);
			continue;
		}
		v = row_value(fs, r);
		if (v != NULL)
			draw_text(t, y, FORM_LABEL + 2, COLS - FORM_LABEL - 3,
			    choice_label(r->f, v), A_NORMAL);
		if (i == fs->cur)
			tui_cursor(t, y, FORM_LABEL + 2);
	}
	draw_rule(t, LINES - 3, NULL);
}

static void
form_choice_done(struct tui *t, void *arg, const char *value)
{
	struct fstate		*fs = arg;
	const struct row	*r;
	struct rmap		*m;
	char			*path;

	if (value == NULL || fs->cur >= fs->nrows)
		return;		/* cancelled */
	r = &fs->rows[fs->cur];
	if ((m = row_map(fs, r)) == NULL)
		return;
	rmap_set(m, r->f->id, value);
	path = row_path(r);
	bad_set(fs, path, 0);
	free(path);
	fs->dirty = 1;
	tui_message(t, 0, NULL);
	form_draft(t, fs);
	form_move(t, fs, fs->section, fs->cur + 1);
}

static void
form_set_yes_no(struct tui *t, struct fstate *fs, const char *v)
{
	const struct row	*r = &fs->rows[fs->cur];
	struct rmap		*m;

	if ((m = row_map(fs, r)) == NULL)
		return;
	rmap_set(m, r->f->id, v);
	fs->dirty = 1;
	form_draft(t, fs);
}

/*
 * The next row, going on into the next section; stays on the last row of the
 * form.
 */
static void
form_next(struct tui *t, struct fstate *fs)
{
	if (fs->cur + 1 < fs->nrows)
		form_move(t, fs, fs->section, fs->cur + 1);
	else if (fs->section + 1 < fs->form->nsections)
		form_move(t, fs, fs->section + 1, 0);
	else if (!form_leave_row(t, fs, 0))
		tui_message(t, 0, "%s",
		    _("This is the end of the form: ^S saves the case."));
}

static void
form_prev(struct tui *t, struct fstate *fs)
{
	if (fs->cur > 0)
		form_move(t, fs, fs->section, fs->cur - 1);
	else if (fs->section > 0) {
		form_leave_row(t, fs, 0);
		fs->section--;
		form_build_rows(fs);
		form_move(t, fs, fs->section,
		    fs->nrows > 0 ? fs->nrows - 1 : 0);
	}
}

/*
 * The repeat group the cursor is on or in, if any, else the section's only one.
 */
static const struct field *
form_cur_group(struct fstate *fs, size_t *item, int *in_item)
{
	const struct section	*s = &fs->form->sections[fs->section];
	const struct row	*r;
	const struct field	*only = NULL;
	size_t			 i;

	*in_item = 0;
	if (fs->cur < fs->nrows) {
		r = &fs->rows[fs->cur];
		if (r->group != NULL || r->kind == ROW_ITEM) {
			*item = r->item;
			*in_item = 1;
			return (r->group != NULL ? r->group : r->f);
		}
		if (r->kind == ROW_GROUP)
			return (r->f);
	}
	for (i = 0; i < s->nfields; i++) {
		if (s->fields[i].type == FT_REPEAT) {
			if (only != NULL)
				return (NULL);
			only = &s->fields[i];
		}
	}
	return (only);
}

static void
form_add_item(struct tui *t, struct fstate *fs)
{
	const struct field	*g;
	struct rfield		*rf;
	size_t			 item, i;
	int			 in_item;

	if ((g = form_cur_group(fs, &item, &in_item)) == NULL) {
		tui_message(t, 1, "%s",
		    _("There is no repeat group here to add an entry to."));
		return;
	}
	rf = rmap_group(&fs->rec.data, g->id);
	if (rf->nitems >= g->max_items) {
		tui_message(t, 1, _("%s: at most %zu entries."),
		    i18n_get(&g->label), g->max_items);
		return;
	}
	form_leave_row(t, fs, 0);
	rgroup_add(rf);
	fs->dirty = 1;
	form_build_rows(fs);
	for (i = 0; i < fs->nrows; i++) {
		if (fs->rows[i].kind == ROW_ITEM && fs->rows[i].f == g &&
		    fs->rows[i].item == rf->nitems - 1)
			break;
	}
	fs->ed_row = 0;
	form_move(t, fs, fs->section, i + 1);
	form_draft(t, fs);
	tui_message(t, 0, _("Entry %zu added."), rf->nitems);
}

static void
form_remove_answer(struct tui *t, void *arg, int key)
{
	struct remove_ctx	*rc = arg;
	struct fstate		*fs = rc->fs;
	struct rfield		*rf;
	char			*prefix;
	size_t			 i;

	if (key != 'y' && key != 's') {
		tui_message(t, 0, "%s", _("Nothing removed."));
		return;
	}
	rf = rmap_group(&fs->rec.data, rc->g->id);
	rgroup_remove(rf, rc->item);
	/* Marks of removed or renumbered entries no longer hold. */
	prefix = xsprintf("%s.", rc->g->id);
	for (i = 0; i < fs->nbad;) {
		if (strncmp(fs->bad[i], prefix, strlen(prefix)) == 0) {
			free(fs->bad[i]);
			fs->bad[i] = fs->bad[--fs->nbad];
		} else
			i++;
	}
	free(prefix);
	fs->dirty = 1;
	fs->ed_row = 0;
	form_build_rows(fs);
	form_enter_row(fs);
	form_draft(t, fs);
	tui_message(t, 0, _("Entry %zu removed."), rc->item + 1);
}

static void
form_remove_item(struct tui *t, struct fstate *fs)
{
	const struct field	*g;
	char			*q, *title;
	size_t			 item;
	int			 in_item;

	if ((g = form_cur_group(fs, &item, &in_item)) == NULL || !in_item) {
		tui_message(t, 1, "%s",
		    _("Move into the entry to remove, then press ^R."));
		return;
	}
	form_leave_row(t, fs, 0);
	fs->rm.fs = fs;
	fs->rm.g = g;
	fs->rm.item = item;
	title = item_title(fs, g, item);
	q = xsprintf(_("Remove entry %s from %s? (y/n)"), title,
	    i18n_get(&g->label));
	tui_prompt(t, q, "yns", form_remove_answer, &fs->rm);
	free(q);
	free(title);
}

/* Go to a field by its path ("household.2.given_names"), in whatever section. */
static void
form_goto_path(struct tui *t, struct fstate *fs, const char *path)
{
	size_t	s, i;
	char	*p;

	for (s = 0; s < fs->form->nsections; s++) {
		fs->section = s;
		form_build_rows(fs);
		for (i = 0; i < fs->nrows; i++) {
			if (fs->rows[i].kind != ROW_FIELD)
				continue;
			p = row_path(&fs->rows[i]);
			if (strcmp(p, path) == 0) {
				free(p);
				fs->cur = i;
				form_enter_row(fs);
				return;
			}
			free(p);
		}
	}
	(void)t;
	fs->section = 0;
	form_build_rows(fs);
	fs->cur = 0;
	form_enter_row(fs);
}

/* A field's label from its path, for messages. */
static const char *
path_label(struct fstate *fs, const char *path)
{
	const struct field	*f, *g;
	const char		*dot = strrchr(path, '.');
	char			*gid;

	if (dot == NULL)
		return ((f = form_field(fs->form, path)) != NULL ?
		    i18n_get(&f->label) : path);
	gid = xstrndup(path, strcspn(path, "."));
	g = form_field(fs->form, gid);
	free(gid);
	f = g != NULL ? field_child(g, dot + 1) : NULL;
	return (f != NULL ? i18n_get(&f->label) : path);
}

/* Check every value as typed; mark those that fail. Returns the problems. */
static void
form_check_all(struct fstate *fs, struct verrs *ve)
{
	const struct section	*s;
	const struct field	*f;
	struct rfield		*rf;
	char			*norm, *why, *path;
	const char		*v;
	size_t			 i, j, k, c;

	bad_clear(fs);
	for (i = 0; i < fs->form->nsections; i++) {
		s = &fs->form->sections[i];
		for (j = 0; j < s->nfields; j++) {
			f = &s->fields[j];
			if (f->type != FT_REPEAT) {
				v = rmap_get(&fs->rec.data, f->id);
				if (v == NULL)
					continue;
				if (field_normalize(f, v, &norm, &why) != 0)
					verrs_add(ve, f->id, why);
				else
					rmap_set(&fs->rec.data, f->id, norm);
				free(norm);
				free(why);
				continue;
			}
			rf = rmap_group(&fs->rec.data, f->id);
			for (k = 0; k < rf->nitems; k++) {
				for (c = 0; c < f->nfields; c++) {
					v = rmap_get(&rf->items[k],
					    f->fields[c].id);
					if (v == NULL)
						continue;
					path = xsprintf("%s.%zu.%s", f->id,
					    k + 1, f->fields[c].id);
					if (field_normalize(&f->fields[c], v,
					    &norm, &why) != 0)
						verrs_add(ve, path, why);
					else
						rmap_set(&rf->items[k],
						    f->fields[c].id, norm);
					free(norm);
					free(why);
					free(path);
				}
			}
			if (rf->nitems == 0)
				rmap_unset(&fs->rec.data, f->id);
		}
	}
	if (ve->n == 0)
		form_validate(fs->form, &fs->rec.data, ve);
	for (i = 0; i < ve->n; i++)
		bad_set(fs, ve->v[i].path, 1);
}

static void form_conflict_next(struct tui *, struct fstate *);

static void
form_conflict_answer(struct tui *t, void *arg, int key)
{
	struct fstate		*fs = arg;
	const struct conflict	*c = &fs->cf.v[fs->cf_next];
	const struct rfield	*theirs;
	struct rfield		*g;
	size_t			 i;

	if (key == 0) {
		tui_message(t, 0, "%s",
		    _("Not saved; your changes are kept in the form and its draft."));
		conflicts_free(&fs->cf);
		return;
	}
	if (key == 't') {
		theirs = rmap_field(&fs->theirs.data, c->path);
		rmap_unset(&fs->rec.data, c->path);
		if (theirs != NULL && theirs->kind == RF_STR)
			rmap_set(&fs->rec.data, c->path, theirs->str);
		else if (theirs != NULL) {
			g = rmap_group(&fs->rec.data, c->path);
			for (i = 0; i < theirs->nitems; i++)
				rmap_copy(rgroup_add(g), &theirs->items[i]);
		}
	}
	fs->cf_next++;
	form_conflict_next(t, fs);
}

/* Ask about each field both officials changed; then save on top of theirs. */
static void
form_conflict_next(struct tui *t, struct fstate *fs)
{
	const struct conflict	*c;
	char			*q;

	if (fs->cf_next >= fs->cf.n) {
		fs->base = fs->cf.theirs_version;
		conflicts_free(&fs->cf);
		record_free(&fs->theirs);
		fs->section = 0;
		form_build_rows(fs);
		form_enter_row(fs);
		form_save(t, fs);
		return;
	}
	c = &fs->cf.v[fs->cf_next];
	q = xsprintf(_("m: keep yours, t: take theirs. %s was changed meanwhile by %s. Yours: \"%s\"; theirs: \"%s\"."),
	    path_label(fs, c->path), fs->theirs.updated_by != NULL ?
	    fs->theirs.updated_by : "?", c->mine, c->theirs);
	tui_prompt(t, q, "mt", form_conflict_answer, fs);
	free(q);
}

static void
form_save(struct tui *t, struct fstate *fs)
{
	struct verrs	 ve = { 0 };
	struct amp_err	 err;
	char		 num[32];
	uint64_t	 id;
	int		 rc;

	err_clear(&err);
	form_leave_row(t, fs, 0);
	form_check_all(fs, &ve);
	if (ve.n > 0) {
		tui_message(t, 1, ngettext("%zu field needs attention: %s: %s",
		    "%zu fields need attention; first: %s: %s", ve.n), ve.n,
		    path_label(fs, ve.v[0].path), ve.v[0].msg);
		form_goto_path(t, fs, ve.v[0].path);
		verrs_free(&ve);
		return;
	}
	tui_busy(t, _("Saving..."));
	if (fs->base == 0)
		rc = case_create(t->sess, &fs->rec, &ve, &err);
	else
		rc = case_update(t->sess, &fs->rec, fs->base, &ve, &fs->cf,
		    &err);
	if (rc == AMP_ECONFLICT && fs->cf.n > 0) {
		verrs_free(&ve);
		record_free(&fs->theirs);
		if (case_get(t->sess, fs->rec.id, &fs->theirs, &err) !=
		    AMP_OK) {
			tui_message(t, 1, "%s", err.msg);
			conflicts_free(&fs->cf);
			return;
		}
		fs->cf_next = 0;
		form_conflict_next(t, fs);
		return;
	}
	if (rc != AMP_OK) {
		if (ve.n > 0) {
			bad_set(fs, ve.v[0].path, 1);
			form_goto_path(t, fs, ve.v[0].path);
		}
		tui_message(t, 1, _("%s. Your work is kept in the form and its draft."),
		    err.msg);
		verrs_free(&ve);
		return;
	}
	verrs_free(&ve);
	if (draft_delete(t->sess, fs->slot, &err) != AMP_OK)
		log_debug("%s: %s", __func__, err.msg);
	casenum_format(fs->rec.id, fs->rec.created, num, sizeof num);
	if (fs->base != 0 && fs->rec.version == fs->base)
		tui_message(t, 0, _("Nothing changed: case %s stays at version %llu."),
		    num, (unsigned long long)fs->rec.version);
	else
		tui_message(t, 0, _("Saved case %s, version %llu."), num,
		    (unsigned long long)fs->rec.version);
	id = fs->rec.id;
	if (fs->base != 0) {
		tui_pop(t);	/* back to the case, showing what was saved */
		return;
	}
	tui_pop(t);
	view_open(t, id);
}

static void
form_leave_answer(struct tui *t, void *arg, int key)
{
	struct fstate	*fs = arg;
	struct amp_err	 err;

	err_clear(&err);
	switch (key) {
	case 'k':
	case 'g':
		tui_message(t, 0, "%s",
		    _("The draft is kept: ^D in the case list resumes it."));
		tui_pop(t);
		return;
	case 'd':
		if (draft_delete(t->sess, fs->slot, &err) != AMP_OK) {
			tui_message(t, 1, "%s", err.msg);
			return;
		}
		tui_message(t, 0, "%s", _("The draft was discarded."));
		tui_pop(t);
		return;
	default:
		tui_message(t, 0, NULL);
		return;
	}
}

static void
form_key(struct tui *t, void *arg, enum action act, const struct tkey *k)
{
	struct fstate		*fs = arg;
	const struct row	*r = fs->cur < fs->nrows ? &fs->rows[fs->cur] :
				    NULL;
	struct amp_err		 err;
	const char		*v;
	char			 typed[5];

	switch (act) {
	case ACT_SAVE:
		form_save(t, fs);
		return;
	case ACT_BACK:
		err_clear(&err);
		form_leave_row(t, fs, 0);
		if (!fs->dirty) {
			draft_delete(t->sess, fs->slot, &err);
			tui_message(t, 0, NULL);
			tui_pop(t);
			return;
		}
		tui_prompt(t, _("Leave the form unsaved? k: keep the draft for later, d: discard it, c: go on editing"),
		    "kgdc", form_leave_answer, fs);
		return;
	case ACT_NEXT_FIELD:
	case ACT_DOWN:
		form_next(t, fs);
		return;
	case ACT_PREV_FIELD:
	case ACT_UP:
		form_prev(t, fs);
		return;
	case ACT_NEXT_SECTION:
		if (fs->section + 1 < fs->form->nsections)
			form_move(t, fs, fs->section + 1, 0);
		return;
	case ACT_PREV_SECTION:
		if (fs->section > 0)
			form_move(t, fs, fs->section - 1, 0);
		return;
	case ACT_ADD_ITEM:
		form_add_item(t, fs);
		return;
	case ACT_REMOVE_ITEM:
		form_remove_item(t, fs);
		return;
	default:
		break;
	}
	if (r == NULL)
		return;
	if (r->kind != ROW_FIELD) {
		if (act == ACT_ENTER || act == ACT_CHOOSE) {
			if (r->kind == ROW_GROUP &&
			    rmap_group(&fs->rec.data, r->f->id)->nitems == 0)
				form_add_item(t, fs);
			else
				form_next(t, fs);
		}
		return;
	}
	switch (r->f->type) {
	case FT_SELECT_ONE:
		if (act == ACT_ENTER || act == ACT_CHOOSE)
			choice_open(t, r->f, row_value(fs, r), "",
			    form_choice_done, fs);
		else if (act == ACT_BACKSPACE || act == ACT_DELETE ||
		    act == ACT_CLEAR)
			form_set_yes_no(t, fs, NULL);
		else if (act == ACT_NONE && !k->fn && k->ch > ' ' &&
		    k->ch <= 0x10ffff && !utf8_unwanted((uint32_t)k->ch)) {
			typed[utf8_encode((uint32_t)k->ch, typed)] = '\0';
			choice_open(t, r->f, row_value(fs, r), typed,
			    form_choice_done, fs);
		}
		return;
	case FT_YES_NO:
		v = row_value(fs, r);
		if (act == ACT_CHOOSE)
			form_set_yes_no(t, fs, v != NULL &&
			    strcmp(v, "yes") == 0 ? "no" : "yes");
		else if (act == ACT_ENTER)
			form_next(t, fs);
		else if (act == ACT_BACKSPACE || act == ACT_DELETE ||
		    act == ACT_CLEAR)
			form_set_yes_no(t, fs, NULL);
		else if (act == ACT_NONE && !k->fn && (k->ch == 'y' ||
		    k->ch == 'Y' || k->ch == 's' || k->ch == 'S')) {
			form_set_yes_no(t, fs, "yes");
			form_next(t, fs);
		} else if (act == ACT_NONE && !k->fn && (k->ch == 'n' ||
		    k->ch == 'N')) {
			form_set_yes_no(t, fs, "no");
			form_next(t, fs);
		}
		return;
	default:
		if (act == ACT_ENTER) {
			form_next(t, fs);
			return;
		}
		if (fs->ed_row)
			ledit_key(&fs->ed, act, k);
		return;
	}
}

/* The line lost: keep even the field being typed, as typed, in the draft. */
static void
form_hangup(struct tui *t, void *arg)
{
	struct fstate	*fs = arg;

	form_leave_row(t, fs, 1);
}

static void
form_free(void *arg)
{
	struct fstate	*fs = arg;

	bad_clear(fs);
	free(fs->bad);
	free(fs->rows);
	ledit_free(&fs->ed);
	record_free(&fs->rec);
	record_free(&fs->theirs);
	conflicts_free(&fs->cf);
	free(fs->slot);
	free(fs);
}

const struct screen_ops form_screen = {
	.name = "form",
	.ctx = CTX_FORM,
	.draw = form_draw,
	.key = form_key,
	.hangup = form_hangup,
	.free = form_free,
};

static struct fstate *
form_state(struct tui *t, const char *form_id)
{
	const struct form	*f;
	struct fstate		*fs;

	if ((f = formset_find(t->opts->forms, form_id)) == NULL) {
		tui_message(t, 1, _("The form \"%s\" is not installed."),
		    form_id);
		return (NULL);
	}
	fs = xcalloc(1, sizeof *fs);
	fs->form = f;
	record_init(&fs->rec);
	record_init(&fs->theirs);
	return (fs);
}

static void
form_start(struct tui *t, struct fstate *fs)
{
	fs->section = 0;
	form_build_rows(fs);
	fs->cur = 0;
	form_enter_row(fs);
	tui_push(t, &form_screen, fs);
	form_hint(t, fs);
}

/*
 * Open the form on a record (taken over, as is the draft slot): a saved case
 * read at version base, or a draft (dirty: its work is not saved yet).
 */
static int
form_open_record(struct tui *t, struct record *r, uint64_t base, char *slot,
    int dirty)
{
	struct fstate	*fs;

	if ((fs = form_state(t, r->form)) == NULL) {
		record_free(r);
		free(slot);
		return (AMP_EFORMS);
	}
	fs->rec = *r;
	fs->base = base;
	fs->slot = slot;
	fs->dirty = dirty;
	form_start(t, fs);
	if (dirty)
		tui_message(t, 0, "%s",
		    _("Draft resumed. ^S saves it as a case; ^X leaves it for later."));
	return (AMP_OK);
}

int
form_open_new(struct tui *t, const char *form_id)
{
	struct record	r;

	record_init(&r);
	r.form = xstrdup(form_id);
	return (form_open_record(t, &r, 0, draft_slot_new(form_id), 0));
}

/* Edit a case, or resume this official's unsaved changes to it. */
int
form_open_case(struct tui *t, uint64_t id)
{
	struct record	 r;
	struct amp_err	 err;
	char		*slot;

	err_clear(&err);
	slot = draft_slot_case(id);
	if (draft_load(t->sess, slot, &r, &err) == AMP_OK)
		return (form_open_record(t, &r, r.version, slot, 1));
	err_clear(&err);
	if (case_get(t->sess, id, &r, &err) != AMP_OK) {
		free(slot);
		tui_message(t, 1, "%s", err.msg);
		return (err.code);
	}
	return (form_open_record(t, &r, r.version, slot, 0));
}

/*
 * Resume a draft: a new case, or changes to a case on top of the version they
 * started from.
 */
int
form_open_draft(struct tui *t, const char *slot)
{
	struct record	r;
	struct amp_err	err;

	err_clear(&err);
	if (draft_load(t->sess, slot, &r, &err) != AMP_OK) {
		tui_message(t, 1, "%s", err.msg);
		return (err.code);
	}
	return (form_open_record(t, &r, r.id != 0 ? r.version : 0,
	    xstrdup(slot), 1));
}
