/* tui-choice.c: choosing from a list (nationalities, languages...) with a filter typed as you go. */

#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

#define CHOICE_CLEAR	SIZE_MAX	/* the "no answer" line */

struct chooser {
	const struct field	*f;
	char			*current;
	struct ledit		 filter;
	size_t			*match;
	size_t			 nmatch, sel, top;
	void			 (*done)(struct tui *, void *, const char *);
	void			*arg;
};

/*
 * Whether a choice matches the filter: in its value or either label, accents
 * and case ignored.
 */
static int
choice_matches(const struct choice *c, const char *want)
{
	char	*have;
	size_t	 i;
	int	 m;

	if (*want == '\0')
		return (1);
	have = text_fold(c->value);
	m = strstr(have, want) != NULL;
	free(have);
	for (i = 0; i < LANG__COUNT && !m; i++) {
		if (c->label.s[i] == NULL)
			continue;
		have = text_fold(c->label.s[i]);
		m = strstr(have, want) != NULL;
		free(have);
	}
	return (m);
}

static void
chooser_filter(struct chooser *c)
{
	const struct choice_list	*l = c->f->list;
	char				*want;
	size_t				 i;

	want = text_fold(c->filter.buf != NULL ? c->filter.buf : "");
	c->nmatch = 0;
	c->match = xreallocarray(c->match, (l != NULL ? l->n : 0) + 1,
	    sizeof *c->match);
	if (*want == '\0' && c->current != NULL)
		c->match[c->nmatch++] = CHOICE_CLEAR;
	for (i = 0; l != NULL && i < l->n; i++) {
		if (choice_matches(&l->v[i], want))
			c->match[c->nmatch++] = i;
	}
	free(want);
	c->sel = 0;
	c->top = 0;
	/* Start on the current answer when nothing is typed. */
	for (i = 0; c->current != NULL && c->filter.len == 0 &&
	    i < c->nmatch; i++) {
		if (c->match[i] != CHOICE_CLEAR &&
		    strcmp(l->v[c->match[i]].value, c->current) == 0)
			c->sel = i;
	}
}

void
choice_open(struct tui *t, const struct field *f, const char *current,
    const char *typed, void (*done)(struct tui *, void *, const char *),
    void *arg)
{
	struct chooser	*c;

	c = xcalloc(1, sizeof *c);
	c->f = f;
	c->current = current != NULL ? xstrdup(current) : NULL;
	c->done = done;
	c->arg = arg;
	ledit_set(&c->filter, typed);
	c->filter.maxchars = 40;
	chooser_filter(c);
	tui_push(t, &choice_screen, c);
	tui_message(t, 0, "%s",
	    _("Type to narrow the list; Enter chooses; Esc goes back."));
}

static void
choice_draw(struct tui *t, void *arg)
{
	struct chooser	*c = arg;
	const char	*label;
	char		*s;
	size_t		 i;
	int		 w = COLS - 8 < 70 ? COLS - 8 : 70, h = LINES - 4;
	int		 x = (COLS - w) / 2, y0 = 2, rows = h - 4, y, cx, attr;

	draw_box(t, y0 - 1, x, h, w, i18n_get(&c->f->label));
	draw_text(t, y0, x + 2, 9, _("Filter:"), A_BOLD);
	cx = ledit_draw(t, &c->filter, y0, x + 11, w - 13, A_NORMAL);
	tui_cursor(t, y0, cx);
	if (c->sel < c->top)
		c->top = c->sel;
	if (c->sel >= c->top + (size_t)rows)
		c->top = c->sel - (size_t)rows + 1;
	for (i = c->top, y = y0 + 1; i < c->nmatch && y < y0 + 1 + rows;
	    i++, y++) {
		attr = i == c->sel ? draw_attr(t, ATTR_SELECT) : (int)A_NORMAL;
		if (attr != A_NORMAL) {
			attron(attr);
			mvhline(y, x + 1, ' ', w - 2);
			attroff(attr);
		}
		label = c->match[i] == CHOICE_CLEAR ? _("(no answer)") :
		    i18n_get(&c->f->list->v[c->match[i]].label);
		draw_text(t, y, x + 2, w - 4, label, attr);
	}
	s = xsprintf(ngettext("%zu choice", "%zu choices", c->nmatch),
	    c->nmatch);
	draw_text(t, y0 + h - 3, x + 2, w - 4, s, draw_attr(t, ATTR_DIM));
	free(s);
}

static void
choice_finish(struct tui *t, struct chooser *c, const char *value)
{
	void	(*done)(struct tui *, void *, const char *) = c->done;
	void	*arg = c->arg;
	char	*v = value != NULL ? xstrdup(value) : NULL;

	tui_message(t, 0, NULL);
	tui_pop(t);		/* frees c */
	done(t, arg, v);
	free(v);
}

static void
choice_key(struct tui *t, void *arg, enum action act, const struct tkey *k)
{
	struct chooser	*c = arg;
	size_t		 page = (size_t)(LINES - 9);

	switch (act) {
	case ACT_BACK:
		choice_finish(t, c, NULL);
		return;
	case ACT_ENTER:
		if (c->nmatch == 0) {
			tui_message(t, 1, "%s", _("Nothing matches: change the filter."));
			return;
		}
		choice_finish(t, c, c->match[c->sel] == CHOICE_CLEAR ? "" :
		    c->f->list->v[c->match[c->sel]].value);
		return;
	default:
		if (tui_move_cursor(act, &c->sel, c->nmatch, page))
			return;
		if (ledit_key(&c->filter, act, k))
			chooser_filter(c);
		return;
	}
}

static void
choice_free(void *arg)
{
	struct chooser	*c = arg;

	ledit_free(&c->filter);
	free(c->match);
	free(c->current);
	free(c);
}

const struct screen_ops choice_screen = {
	.name = "choice",
	.ctx = CTX_CHOICE,
	.overlay = 1,
	.draw = choice_draw,
	.key = choice_key,
	.free = choice_free,
};
