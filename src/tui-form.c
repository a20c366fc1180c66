/* tui-form.c: the form editor: sections, fields checked as they are left, repeat groups, drafts, save and merge. */

#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

#define FORM_LABEL	30	/* columns for labels */

enum row_kind { ROW_FIELD, ROW_GROUP, ROW_ITEM, ROW_NOTE };

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
static int	form_is_referral(const struct fstate *);
static void	form_save(struct tui *, struct fstate *);

/* Fields typed on their row (the others are chosen, or edited in a box). */
static int
field_is_text(const struct field *f)
{
	switch (f->type) {
	case FT_TEXT:
	case FT_INTEGER:
	case FT_DECIMAL:
	case FT_DATE:
	case FT_TIME:
	case FT_DATETIME:
	case FT_PHONE:
	case FT_EMAIL:
	case FT_DOCUMENT:
		return (!f->read_only);
	default:
		return (0);
	}
}

/* Whether the cursor stops on a row: not notes, calculations, read-only. */
static int
row_focusable(const struct row *r)
{
	if (r->kind == ROW_NOTE)
		return (0);
	if (r->kind == ROW_ITEM)	/* for ^R, unless the count decides */
		return (r->f->count.e == NULL);
	if (r->kind != ROW_FIELD)
		return (1);
	return (r->f->type != FT_CALCULATE && !r->f->read_only);
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

/*
 * Whether the cursor stops on a row as it is now: not on an answer sealed to
 * a class this official does not hold, which can be neither read nor
 * changed.
 */
static int
row_stops(struct fstate *fs, const struct row *r)
{
	if (!row_focusable(r))
		return (0);
	return (r->kind != ROW_FIELD || !value_is_sealed(row_value(fs, r)));
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
	if (r->kind != ROW_FIELD || !field_is_text(r->f) || !row_stops(fs, r))
		return;
	v = row_value(fs, r);
	ledit_set(&fs->ed, v != NULL ? v : "");
	fs->ed.maxchars = r->f->max_length > 0 ? r->f->max_length : 40;
	fs->ed_row = 1;
}

static void form_changed(struct tui *, struct fstate *);
static void form_next(struct tui *, struct fstate *);

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
		bad = !field_constraint_ok(r->f, &fs->rec.data,
		    r->group != NULL ? m : NULL, norm);
		bad_set(fs, path, bad);
		if (!quiet && bad) {
			why = constraint_message(r->f);
			tui_message(t, 1, "%s: %s", i18n_get(&r->f->label),
			    why);
		} else if (!quiet)
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
	form_changed(t, fs);
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
		if (r->kind == ROW_GROUP && r->f->count.e != NULL)
			h = _("The count above sets how many entries there are; Tab goes into them.");
		else if (r->kind == ROW_GROUP)
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

/* Whether a section is asked now. */
static int
section_asked(struct fstate *fs, size_t i)
{
	return (section_relevant(&fs->form->sections[i], &fs->rec.data));
}

/* The next (step 1) or previous (step -1) section asked now, or -1. */
static long
section_step(struct fstate *fs, size_t from, int step)
{
	long	i;

	for (i = (long)from + step; i >= 0 && i < (long)fs->form->nsections;
	    i += step) {
		if (section_asked(fs, (size_t)i))
			return (i);
	}
	return (-1);
}

/* The next focusable row from row (inclusive) in direction step, or -1. */
static long
row_step(struct fstate *fs, long row, int step)
{
	for (; row >= 0 && row < (long)fs->nrows; row += step) {
		if (row_stops(fs, &fs->rows[row]))
			return (row);
	}
	return (-1);
}

/*
 * The rows of the current section: the fields asked now, and each repeat
 * group with its entries spelt out.
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
		if (!field_relevant(f, &fs->rec.data, NULL))
			continue;
		if (f->type == FT_NOTE) {
			row_add(fs, ROW_NOTE, f, NULL, 0);
			continue;
		}
		if (f->type != FT_REPEAT) {
			row_add(fs, ROW_FIELD, f, NULL, 0);
			continue;
		}
		row_add(fs, ROW_GROUP, f, NULL, 0);
		g = rmap_field(&fs->rec.data, f->id);
		for (j = 0; g != NULL && g->kind == RF_GROUP && j < g->nitems;
		    j++) {
			row_add(fs, ROW_ITEM, f, NULL, j);
			for (k = 0; k < f->nfields; k++) {
				if (field_relevant(&f->fields[k],
				    &fs->rec.data, &g->items[j]))
					row_add(fs, f->fields[k].type ==
					    FT_NOTE ? ROW_NOTE : ROW_FIELD,
					    &f->fields[k], f, j);
			}
		}
	}
	if (fs->cur >= fs->nrows)
		fs->cur = fs->nrows > 0 ? fs->nrows - 1 : 0;
}

/*
 * Build the rows again (answers change what is asked) and keep the cursor
 * on the same field, or the nearest row after where it was.
 */
static void
form_rebuild(struct fstate *fs)
{
	struct row	was;
	size_t		i, old = fs->cur;

	memset(&was, 0, sizeof was);
	if (fs->cur < fs->nrows)
		was = fs->rows[fs->cur];
	form_build_rows(fs);
	for (i = 0; i < fs->nrows; i++) {
		if (fs->rows[i].kind == was.kind && fs->rows[i].f == was.f &&
		    fs->rows[i].item == was.item) {
			fs->cur = i;
			return;
		}
	}
	fs->cur = old < fs->nrows ? old : fs->nrows > 0 ? fs->nrows - 1 : 0;
}

/*
 * Repeat groups with a count follow it: entries are added (with their
 * defaults) up to the count, and empty ones beyond it removed; entries with
 * answers are never removed (saving then says the count disagrees).
 */
static int
form_follow_counts(struct fstate *fs)
{
	const struct section	*s;
	const struct field	*f;
	struct rfield		*g;
	struct rmap		*it;
	long			 want;
	size_t			 i, j;
	int			 changed = 0;

	for (i = 0; i < fs->form->nsections; i++) {
		s = &fs->form->sections[i];
		for (j = 0; j < s->nfields; j++) {
			f = &s->fields[j];
			if (f->type != FT_REPEAT ||
			    (want = repeat_count(f, &fs->rec.data)) < 0)
				continue;
			g = rmap_group(&fs->rec.data, f->id);
			while ((long)g->nitems < want &&
			    g->nitems < f->max_items) {
				it = rgroup_add(g);
				fields_defaults(f->fields, f->nfields, it,
				    &fs->rec.data, it);
				g = rmap_group(&fs->rec.data, f->id);
				changed = 1;
			}
			while ((long)g->nitems > want &&
			    entry_untouched(f, &g->items[g->nitems - 1],
			    &fs->rec.data)) {
				rgroup_remove(g, g->nitems - 1);
				changed = 1;
			}
		}
	}
	return (changed);
}

/*
 * After any answer: calculations worked out again, counted groups followed,
 * the rows of what is asked now rebuilt, and the draft saved.
 */
static void
form_changed(struct tui *t, struct fstate *fs)
{
	form_calculate(fs->form, &fs->rec.data);
	form_follow_counts(fs);
	form_calculate(fs->form, &fs->rec.data);
	form_rebuild(fs);
	fs->dirty = 1;
	form_draft(t, fs);
}

/*
 * A value as its row shows it: labels for choices, a text's first line and
 * how many more.
 */
static char *
row_display(const struct field *f, const char *v)
{
	const char	*nl;
	size_t		 more = 0;

	if (f->type != FT_MULTILINE || (nl = strchr(v, '\n')) == NULL)
		return (field_display(f, v));
	for (; nl != NULL; nl = strchr(nl + 1, '\n'))
		more++;
	return (xsprintf(ngettext("%.*s (and %zu more line)",
	    "%.*s (and %zu more lines)", more), (int)strcspn(v, "\n"), v,
	    more));
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
	const struct institution *in;
	const struct row	*r;
	struct rfield		*g;
	const char		*v;
	char			 num[32], *title, *path, mark[2];
	size_t			 i;
	int			 y, rows = LINES - 5, x, cx, attr, lw, bad;

	if (form_is_referral(fs)) {
		in = policy_institution(t->opts->forms->policy,
		    fs->rec.institution);
		title = xsprintf(_("%s to %s"), i18n_get(&fs->form->title),
		    in != NULL ? i18n_get(&in->name) : fs->rec.institution);
	} else if (fs->base == 0 && fs->rec.parent != 0)
		title = xsprintf(_("%s: new record of the case"),
		    i18n_get(&fs->form->title)); else if (fs->base == 0)
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
		if (r->kind == ROW_NOTE) {
			draw_text(t, y, x, COLS - x - 1, i18n_get(&r->f->label),
			    A_BOLD);
			continue;
		}
		title = xsprintf("%s%s", i18n_get(&r->f->label),
		    r->kind == ROW_FIELD && field_required(r->f, &fs->rec.data,
		    r->group != NULL ? row_map(fs, r) : NULL) ? " *" : "");
		draw_text(t, y, x, lw, title, attr);
		free(title);
		mvaddch(y, FORM_LABEL, ':');
		if (r->kind == ROW_GROUP) {
			g = rmap_group(&fs->rec.data, r->f->id);
			title = r->f->count.e != NULL ? xsprintf(ngettext(
			    "%zu entry (as many as the count)",
			    "%zu entries (as many as the count)", g->nitems),
			    g->nitems) : xsprintf(ngettext("%zu entry (^A adds one)",
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
		if (v != NULL) {
			title = row_display(r->f, v);
			draw_text(t, y, FORM_LABEL + 2, COLS - FORM_LABEL - 3,
			    title, row_stops(fs, r) ? (int)A_NORMAL :
			    draw_attr(t, ATTR_DIM));
			free(title);
		}
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
	tui_message(t, 0, NULL);
	form_changed(t, fs);
	form_next(t, fs);
}

/* The text from the multi-line box, checked as a typed field is. */
static void
form_text_done(struct tui *t, void *arg, const char *value)
{
	struct fstate		*fs = arg;
	const struct row	*r;
	struct rmap		*m;
	char			*norm, *why, *path;

	if (value == NULL || fs->cur >= fs->nrows)
		return;		/* cancelled */
	r = &fs->rows[fs->cur];
	if ((m = row_map(fs, r)) == NULL)
		return;
	path = row_path(r);
	if (field_normalize(r->f, value, &norm, &why) == 0) {
		rmap_set(m, r->f->id, norm);
		bad_set(fs, path, 0);
		tui_message(t, 0, NULL);
	} else {
		rmap_set(m, r->f->id, value);
		bad_set(fs, path, 1);
		tui_message(t, 1, "%s: %s", i18n_get(&r->f->label), why);
	}
	free(norm);
	free(why);
	free(path);
	form_changed(t, fs);
}

/* Set or clear a chosen answer (yes/no, a choice), and what follows. */
static void
form_set_answer(struct tui *t, struct fstate *fs, const char *v)
{
	const struct row	*r = &fs->rows[fs->cur];
	struct rmap		*m;

	if ((m = row_map(fs, r)) == NULL)
		return;
	rmap_set(m, r->f->id, v);
	form_changed(t, fs);
}

/* The next row the cursor stops at, going on into the next section asked. */
static void
form_next(struct tui *t, struct fstate *fs)
{
	long	r, sec;

	if ((r = row_step(fs, (long)fs->cur + 1, 1)) >= 0) {
		form_move(t, fs, fs->section, (size_t)r);
		return;
	}
	for (sec = section_step(fs, fs->section, 1); sec >= 0;
	    sec = section_step(fs, (size_t)sec, 1)) {
		form_leave_row(t, fs, 0);
		fs->section = (size_t)sec;
		form_build_rows(fs);
		if ((r = row_step(fs, 0, 1)) >= 0) {
			fs->cur = 0;
			form_move(t, fs, fs->section, (size_t)r);
			return;
		}
	}
	if (!form_leave_row(t, fs, 0))
		tui_message(t, 0, "%s",
		    _("This is the end of the form: ^S saves the case."));
}

static void
form_prev(struct tui *t, struct fstate *fs)
{
	long	r, sec;

	if ((r = row_step(fs, (long)fs->cur - 1, -1)) >= 0) {
		form_move(t, fs, fs->section, (size_t)r);
		return;
	}
	for (sec = section_step(fs, fs->section, -1); sec >= 0;
	    sec = section_step(fs, (size_t)sec, -1)) {
		form_leave_row(t, fs, 0);
		fs->section = (size_t)sec;
		form_build_rows(fs);
		if ((r = row_step(fs, (long)fs->nrows - 1, -1)) >= 0) {
			form_move(t, fs, fs->section, (size_t)r);
			return;
		}
	}
}

/* Go to the first row of the next (step 1) or previous (-1) section asked. */
static void
form_section(struct tui *t, struct fstate *fs, int step)
{
	long	sec, r;

	if ((sec = section_step(fs, fs->section, step)) < 0)
		return;
	form_leave_row(t, fs, 0);
	fs->section = (size_t)sec;
	form_build_rows(fs);
	r = row_step(fs, 0, 1);
	fs->cur = 0;
	form_move(t, fs, fs->section, r >= 0 ? (size_t)r : 0);
}

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
	struct rmap		*it;
	size_t			 item, i;
	int			 in_item;

	if ((g = form_cur_group(fs, &item, &in_item)) == NULL) {
		tui_message(t, 1, "%s",
		    _("There is no repeat group here to add an entry to."));
		return;
	}
	if (g->count.e != NULL) {
		tui_message(t, 1, "%s",
		    _("This group has as many entries as its count says: change the count."));
		return;
	}
	if (rmap_group(&fs->rec.data, g->id)->nitems >= g->max_items) {
		tui_message(t, 1, _("%s: at most %zu entries."),
		    i18n_get(&g->label), g->max_items);
		return;
	}
	form_leave_row(t, fs, 0);	/* may change the record's maps */
	rf = rmap_group(&fs->rec.data, g->id);
	it = rgroup_add(rf);
	fields_defaults(g->fields, g->nfields, it, &fs->rec.data, it);
	form_changed(t, fs);
	rf = rmap_group(&fs->rec.data, g->id);
	for (i = 0; i < fs->nrows; i++) {
		if (fs->rows[i].kind == ROW_ITEM && fs->rows[i].f == g &&
		    fs->rows[i].item == rf->nitems - 1)
			break;
	}
	fs->ed_row = 0;
	form_move(t, fs, fs->section, i + 1);
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

	if (!tui_yes(key)) {
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
	fs->ed_row = 0;
	form_changed(t, fs);
	form_enter_row(fs);
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
	if (g->count.e != NULL) {
		tui_message(t, 1, "%s",
		    _("This group has as many entries as its count says: change the count."));
		return;
	}
	form_leave_row(t, fs, 0);
	fs->rm.fs = fs;
	fs->rm.g = g;
	fs->rm.item = item;
	title = item_title(fs, g, item);
	q = xsprintf(_("Remove entry %s from %s? (y/n)"), title,
	    i18n_get(&g->label));
	tui_ask_yes_no(t, q, form_remove_answer, &fs->rm);
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

/* Put a map's answers in normal form where they pass (drafts keep them). */
static void
normalize_fields(const struct field *v, size_t n, struct rmap *m)
{
	char		*norm, *why;
	const char	*val;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (!ftype_table[v[i].type].input ||
		    (val = rmap_get(m, v[i].id)) == NULL)
			continue;
		if (field_normalize(&v[i], val, &norm, &why) == 0)
			rmap_set(m, v[i].id, norm);
		free(norm);
		free(why);
	}
}

/*
 * Before saving: answers in normal form, calculations worked out, answers
 * of what is no longer asked dropped, then every check of the form; the
 * fields with problems are marked.
 */
static void
form_check_all(struct fstate *fs, struct verrs *ve)
{
	const struct section	*s;
	const struct field	*f;
	struct rfield		*rf;
	size_t			 i, j, k;

	bad_clear(fs);
	for (i = 0; i < fs->form->nsections; i++) {
		s = &fs->form->sections[i];
		normalize_fields(s->fields, s->nfields, &fs->rec.data);
		for (j = 0; j < s->nfields; j++) {
			f = &s->fields[j];
			if (f->type != FT_REPEAT ||
			    (rf = rmap_field(&fs->rec.data, f->id)) == NULL ||
			    rf->kind != RF_GROUP)
				continue;
			for (k = 0; k < rf->nitems; k++)
				normalize_fields(f->fields, f->nfields,
				    &rf->items[k]);
			if (rf->nitems == 0)
				rmap_unset(&fs->rec.data, f->id);
		}
	}
	form_calculate(fs->form, &fs->rec.data);
	form_clear_irrelevant(fs->form, &fs->rec.data);
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

/* A save refused: show why and where; the work stays in the form. */
static void
form_refused(struct tui *t, struct fstate *fs, struct verrs *ve,
    const struct amp_err *err)
{
	if (ve->n > 0) {
		bad_set(fs, ve->v[0].path, 1);
		form_goto_path(t, fs, ve->v[0].path);
	}
	tui_message(t, 1, _("%s. Your work is kept in the form and its draft."),
	    err->msg);
	verrs_free(ve);
}

/*
 * A form filled for a workflow step: a new record whose parent is the case
 * and whose action is the transition (kept so in its draft too).
 */
static int
form_is_step(const struct fstate *fs)
{
	return (fs->base == 0 && fs->rec.parent != 0 && fs->rec.action != NULL);
}

/* Save a step's form: the case moves and the form becomes a linked record. */
static void
form_save_step(struct tui *t, struct fstate *fs)
{
	const struct workflow	*wf;
	struct record		 moved;
	struct verrs		 ve = { 0 };
	struct amp_err		 err;
	char			 num[32], lnum[32], *tid;
	uint64_t		 parent = fs->rec.parent;
	int			 rc;

	err_clear(&err);
	tid = xstrdup(fs->rec.action);
	rc = case_transition(t->sess, parent, tid, &fs->rec, &moved, &ve,
	    &err);
	if (rc != AMP_OK) {
		/* The step is still the form's to save: keep it so. */
		fs->rec.parent = parent;
		free(fs->rec.action);
		fs->rec.action = tid;
		form_refused(t, fs, &ve, &err);
		record_free(&moved);
		return;
	}
	free(tid);
	verrs_free(&ve);
	if (draft_delete(t->sess, fs->slot, &err) != AMP_OK)
		log_debug("%s: %s", __func__, err.msg);
	wf = workflow_for(t->opts->forms, moved.form);
	casenum_format(moved.id, moved.created, num, sizeof num);
	casenum_format(fs->rec.id, fs->rec.created, lnum, sizeof lnum);
	tui_pop(t);
	if (!tui_top_is(t, &view_screen))
		view_open(t, parent);
	tui_message(t, 0, _("Case %s is now \"%s\"; the form is saved as record %s."),
	    num, workflow_state_label(wf, moved.state), lnum);
	record_free(&moved);
}

/*
 * A referral being written: a new record of the case, not a step, with the
 * institution it goes to (kept so in its draft too).
 */
static int
form_is_referral(const struct fstate *fs)
{
	return (fs->base == 0 && fs->rec.parent != 0 &&
	    fs->rec.action == NULL && fs->rec.institution != NULL);
}

/* Send a referral: it goes to the other institution's inbox. */
static void
form_send_referral(struct tui *t, struct fstate *fs)
{
	const struct institution	*in;
	struct verrs			 ve = { 0 };
	struct amp_err			 err;
	char				 num[32], *to;

	err_clear(&err);
	to = xstrdup(fs->rec.institution);
	if (referral_send(t->sess, fs->rec.parent, to, &fs->rec, &ve,
	    &err) != AMP_OK) {
		form_refused(t, fs, &ve, &err);
		free(to);
		return;
	}
	verrs_free(&ve);
	if (draft_delete(t->sess, fs->slot, &err) != AMP_OK)
		log_debug("%s: %s", __func__, err.msg);
	casenum_format(fs->rec.id, fs->rec.created, num, sizeof num);
	in = policy_institution(t->opts->forms->policy, to);
	tui_pop(t);		/* the case shows its new referral */
	tui_message(t, 0, _("Referral %s sent to %s."), num,
	    in != NULL ? i18n_get(&in->name) : to);
	free(to);
}

static void
form_save(struct tui *t, struct fstate *fs)
{
	struct verrs	 ve = { 0 };
	struct amp_err	 err;
	char		 num[32], *title;
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
	if (form_is_step(fs)) {
		form_save_step(t, fs);
		return;
	}
	if (form_is_referral(fs)) {
		form_send_referral(t, fs);
		return;
	}
	if (fs->base == 0 && fs->rec.parent != 0)	/* a linked record */
		rc = case_link_create(t->sess, fs->rec.parent, &fs->rec, &ve,
		    &err);
	else if (fs->base == 0)
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
		form_refused(t, fs, &ve, &err);
		return;
	}
	verrs_free(&ve);
	if (draft_delete(t->sess, fs->slot, &err) != AMP_OK)
		log_debug("%s: %s", __func__, err.msg);
	casenum_format(fs->rec.id, fs->rec.created, num, sizeof num);
	if (fs->base == 0 && fs->rec.parent != 0) {
		title = xstrdup(i18n_get(&fs->form->title));
		tui_pop(t);	/* the case lists its new record */
		tui_message(t, 0, _("Saved %s as record %s of the case."),
		    title, num);
		free(title);
		return;
	}
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
	struct choice_req	 req;
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
		form_section(t, fs, 1);
		return;
	case ACT_PREV_SECTION:
		form_section(t, fs, -1);
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
	if (!row_stops(fs, r) && r->kind == ROW_FIELD) {
		if (act == ACT_ENTER)	/* sealed, calculated or read-only */
			form_next(t, fs);
		return;
	}
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
	case FT_SELECT_MANY:
		typed[0] = '\0';
		if (act == ACT_NONE && !k->fn && k->ch > ' ' &&
		    k->ch <= 0x10ffff && !utf8_unwanted((uint32_t)k->ch))
			typed[utf8_encode((uint32_t)k->ch, typed)] = '\0';
		if (act == ACT_ENTER || act == ACT_CHOOSE || typed[0] != '\0') {
			memset(&req, 0, sizeof req);
			req.current = row_value(fs, r);
			req.typed = typed;
			req.data = &fs->rec.data;
			req.item = r->group != NULL ? row_map(fs, r) : NULL;
			req.done = form_choice_done;
			req.arg = fs;
			choice_open(t, r->f, &req);
		} else if (act == ACT_BACKSPACE || act == ACT_DELETE ||
		    act == ACT_CLEAR)
			form_set_answer(t, fs, NULL);
		return;
	case FT_MULTILINE:
		if (act == ACT_ENTER || act == ACT_CHOOSE || (act == ACT_NONE &&
		    !k->fn && k->ch >= ' ')) {
			v = row_value(fs, r);
			textarea_open(t, i18n_get(&r->f->label), v != NULL ? v :
			    "", r->f->max_length, form_text_done, fs);
		} else if (act == ACT_BACKSPACE || act == ACT_DELETE ||
		    act == ACT_CLEAR)
			form_set_answer(t, fs, NULL);
		return;
	case FT_YES_NO:
		v = row_value(fs, r);
		if (act == ACT_CHOOSE)
			form_set_answer(t, fs, v != NULL &&
			    strcmp(v, "yes") == 0 ? "no" : "yes");
		else if (act == ACT_ENTER)
			form_next(t, fs);
		else if (act == ACT_BACKSPACE || act == ACT_DELETE ||
		    act == ACT_CLEAR)
			form_set_answer(t, fs, NULL);
		else if (act == ACT_NONE && !k->fn && (k->ch == 'y' ||
		    k->ch == 'Y' || k->ch == 's' || k->ch == 'S')) {
			form_set_answer(t, fs, "yes");
			form_next(t, fs);
		} else if (act == ACT_NONE && !k->fn && (k->ch == 'n' ||
		    k->ch == 'N')) {
			form_set_answer(t, fs, "no");
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
	struct record		r;

	const struct form	*f;

	record_init(&r);
	r.form = xstrdup(form_id);
	if ((f = formset_find(t->opts->forms, form_id)) != NULL) {
		form_defaults(f, &r.data);
		form_calculate(f, &r.data);
	}
	return (form_open_record(t, &r, 0, draft_slot_new(form_id), 0));
}

/*
 * Fill the form of a workflow step on a case; saving it takes the step. A
 * draft of it remembers the case and the step.
 */
int
form_open_transition(struct tui *t, uint64_t id, const char *tid)
{
	const struct workflow		*wf;
	const struct wf_transition	*tr;
	struct record			 c, r;
	struct amp_err			 err;
	char				 num[32];
	int				 rc;

	err_clear(&err);
	if (case_get(t->sess, id, &c, &err) != AMP_OK) {
		tui_message(t, 1, "%s", err.msg);
		return (err.code);
	}
	wf = workflow_for(t->opts->forms, c.form);
	casenum_format(c.id, c.created, num, sizeof num);
	record_free(&c);
	if ((tr = workflow_transition(wf, tid)) == NULL || tr->form == NULL)
		return (AMP_EINVAL);
	record_init(&r);
	r.form = xstrdup(tr->form->id);
	r.parent = id;
	r.action = xstrdup(tid);
	form_defaults(tr->form, &r.data);
	form_calculate(tr->form, &r.data);
	rc = form_open_record(t, &r, 0, draft_slot_new(tr->form->id), 0);
	if (rc == AMP_OK)
		tui_message(t, 0, _("%s, case %s: ^S saves the form and takes the step."),
		    i18n_get(&tr->label), num);
	return (rc);
}

/*
 * Write a referral of a case to another institution with its form; saving
 * sends it. A draft of it remembers the case and the institution. service,
 * if not NULL, is the directory's service it asks for (SERVICE_FIELD).
 */
int
form_open_referral(struct tui *t, uint64_t id, const char *form_id,
    const char *to, const char *service)
{
	const struct form		*f;
	const struct institution	*in;
	struct record			 r;
	int				 rc;

	if ((f = formset_find(t->opts->forms, form_id)) == NULL)
		return (AMP_EFORMS);
	record_init(&r);
	r.form = xstrdup(form_id);
	r.parent = id;
	r.institution = xstrdup(to);
	form_defaults(f, &r.data);
	if (service != NULL && form_field(f, SERVICE_FIELD) != NULL)
		rmap_set(&r.data, SERVICE_FIELD, service);
	form_calculate(f, &r.data);
	rc = form_open_record(t, &r, 0, draft_slot_new(form_id), 0);
	in = policy_institution(t->opts->forms->policy, to);
	if (rc == AMP_OK)
		tui_message(t, 0, _("Referral to %s: ^S sends it."),
		    in != NULL ? i18n_get(&in->name) : to);
	return (rc);
}

/*
 * Write a record of a form linked to a case, outside its workflow (a
 * consent, a risk assessment); saving links it (case_link_create).
 */
int
form_open_linked(struct tui *t, uint64_t id, const char *form_id)
{
	const struct form	*f;
	struct record		 r;

	if ((f = formset_find(t->opts->forms, form_id)) == NULL)
		return (AMP_EFORMS);
	record_init(&r);
	r.form = xstrdup(form_id);
	r.parent = id;
	form_defaults(f, &r.data);
	form_calculate(f, &r.data);
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
