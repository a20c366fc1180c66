/* tui-choice.c: choosing from a list (nationalities, languages...) with a filter typed as you go, and one-off lists made on the spot to choose from. */

#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

#define CHOICE_CLEAR	SIZE_MAX	/* the "no answer" line */

struct chooser {
	const struct field	*f;
	struct choice_req	 req;
	unsigned char		*picked;	/* select_many: byte a choice */
	struct ledit		 filter;
	size_t			*match;
	size_t			 nmatch, sel, top;
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

/*
 * Whether the list shows a choice: offered now (filter, not retired), or
 * already the answer.
 */
static int
choice_shown(const struct chooser *c, size_t i)
{
	const struct choice	*ch = &c->f->list->v[i];

	if (c->picked != NULL && c->picked[i])
		return (1);
	if (c->picked == NULL && c->req.current != NULL &&
	    strcmp(ch->value, c->req.current) == 0)
		return (1);
	return (choice_offered(c->f, ch, c->req.data, c->req.item));
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
	if (*want == '\0' && c->picked == NULL && c->req.current != NULL)
		c->match[c->nmatch++] = CHOICE_CLEAR;
	for (i = 0; l != NULL && i < l->n; i++) {
		if (choice_shown(c, i) && choice_matches(&l->v[i], want))
			c->match[c->nmatch++] = i;
	}
	free(want);
	c->sel = 0;
	c->top = 0;
	/* Start on the current answer when nothing is typed. */
	for (i = 0; c->picked == NULL && c->req.current != NULL &&
	    c->filter.len == 0 && i < c->nmatch; i++) {
		if (c->match[i] != CHOICE_CLEAR &&
		    strcmp(l->v[c->match[i]].value, c->req.current) == 0)
			c->sel = i;
	}
}

/* The picked values of a select_many answer, one byte a choice of the list. */
static unsigned char *
picked_from(const struct choice_list *l, const char *current)
{
	unsigned char	*p;
	const char	*s, *e;
	size_t		 i, len;

	p = xcalloc(l != NULL ? l->n + 1 : 1, 1);
	for (s = current != NULL ? current : ""; *s != '\0'; s = e) {
		while (*s == ' ')
			s++;
		e = s + strcspn(s, " ");
		len = (size_t)(e - s);
		for (i = 0; l != NULL && i < l->n && len > 0; i++) {
			if (strlen(l->v[i].value) == len &&
			    strncmp(l->v[i].value, s, len) == 0)
				p[i] = 1;
		}
	}
	return (p);
}

/*
 * Open the list of a select_one or select_many field over the form. The
 * record (req->data, req->item) decides which choices a choice_filter
 * offers; typed starts the filter. done gets the new answer ("" to clear),
 * or NULL if the official went back.
 */
void
choice_open(struct tui *t, const struct field *f, const struct choice_req *req)
{
	struct chooser	*c;

	c = xcalloc(1, sizeof *c);
	c->f = f;
	c->req = *req;
	c->req.current = req->current != NULL ? xstrdup(req->current) : NULL;
	if (f->type == FT_SELECT_MANY)
		c->picked = picked_from(f->list, req->current);
	ledit_set(&c->filter, req->typed != NULL ? req->typed : "");
	c->filter.maxchars = 40;
	chooser_filter(c);
	tui_push(t, &choice_screen, c);
	tui_message(t, 0, "%s", c->picked != NULL ?
	    _("Space picks or drops a choice; Enter keeps them; Esc goes back.") :
	    _("Type to narrow the list; Enter chooses; Esc goes back."));
}

static void
choice_draw(struct tui *t, void *arg)
{
	struct chooser	*c = arg;
	const char	*label;
	char		*s, *line;
	size_t		 i, npicked = 0;
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
		if (c->picked != NULL) {
			line = xsprintf("[%c] %s", c->picked[c->match[i]] ?
			    'x' : ' ', label);
			draw_text(t, y, x + 2, w - 4, line, attr);
			free(line);
		} else
			draw_text(t, y, x + 2, w - 4, label, attr);
	}
	for (i = 0; c->picked != NULL && i < c->f->list->n; i++)
		npicked += c->picked[i];
	s = c->picked != NULL ? xsprintf(_("%zu of %zu choices shown, %zu picked"),
	    c->nmatch, c->f->list->n, npicked) :
	    xsprintf(ngettext("%zu choice", "%zu choices", c->nmatch), c->nmatch);
	draw_text(t, y0 + h - 3, x + 2, w - 4, s, draw_attr(t, ATTR_DIM));
	free(s);
}

static void
choice_finish(struct tui *t, struct chooser *c, const char *value)
{
	void	(*done)(struct tui *, void *, const char *) = c->req.done;
	void	*arg = c->req.arg;
	char	*v = value != NULL ? xstrdup(value) : NULL;

	tui_message(t, 0, NULL);
	tui_pop(t);		/* frees c */
	done(t, arg, v);
	free(v);
}

/* The picked values as a select_many answer: in list order, spaced. */
static char *
picked_value(const struct chooser *c)
{
	struct buf	b = { 0 };
	size_t		i;

	for (i = 0; i < c->f->list->n; i++) {
		if (!c->picked[i])
			continue;
		if (b.n > 0)
			buf_add(&b, " ", 1);
		buf_add(&b, c->f->list->v[i].value,
		    strlen(c->f->list->v[i].value));
	}
	buf_add_u8(&b, 0);
	return ((char *)b.p);
}

static void
choice_key(struct tui *t, void *arg, enum action act, const struct tkey *k)
{
	struct chooser	*c = arg;
	size_t		 page = (size_t)(LINES - 9);
	char		*v;

	switch (act) {
	case ACT_BACK:
		choice_finish(t, c, NULL);
		return;
	case ACT_ENTER:
		if (c->picked != NULL) {
			v = picked_value(c);
			choice_finish(t, c, v);
			free(v);
			return;
		}
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
		if (act == ACT_CHOOSE && c->picked != NULL) {
			if (c->nmatch > 0)
				c->picked[c->match[c->sel]] ^= 1;
			return;
		}
		if (ledit_key(&c->filter, act, k))
			chooser_filter(c);
		return;
	}
}

static void
chooser_free(void *arg)
{
	struct chooser	*c = arg;

	ledit_free(&c->filter);
	free(c->match);
	free(c->picked);
	free((char *)(uintptr_t)c->req.current);
	free(c);
}

const struct screen_ops choice_screen = {
	.name = "choice",
	.ctx = CTX_CHOICE,
	.overlay = 1,
	.draw = choice_draw,
	.key = choice_key,
	.free = chooser_free,
};

/*
 * A list made on the spot (forms, institutions, household members) about
 * the record id, with the question label; free it with pick_free, in the
 * chooser's answer function, which pick_open names.
 */
struct pick *
pick_new(uint64_t id, const char *label)
{
	struct pick	*p;

	p = xcalloc(1, sizeof *p);
	p->id = id;
	p->list = xcalloc(1, sizeof *p->list);
	p->ask.id = xstrdup("");
	p->ask.type = FT_SELECT_ONE;
	p->ask.list = p->list;
	p->ask.label.s[LANG_EN] = xstrdup(label);
	return (p);
}

void
pick_free(struct pick *p)
{
	choice_list_free(p->list);
	i18n_free(&p->ask.label);
	free(p->ask.id);
	free(p);
}

/* A choice of value, its label left for the caller to set. */
struct choice *
pick_add(struct pick *p, const char *value)
{
	struct choice	*ch;

	XGROW(p->list->v, p->list->n, p->list->cap);
	ch = &p->list->v[p->list->n++];
	memset(ch, 0, sizeof *ch);
	ch->value = xstrdup(value);
	return (ch);
}

void
pick_open(struct tui *t, struct pick *p,
    void (*done)(struct tui *, void *, const char *))
{
	struct choice_req	req;

	memset(&req, 0, sizeof req);
	req.data = &p->none;
	req.done = done;
	req.arg = p;
	choice_open(t, &p->ask, &req);
}
