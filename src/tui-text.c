/* tui-text.c: editing a multi-line text (notes, accounts of events) in a box over the form. */

#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

struct textarea {
	char		*title;
	struct buf	 text;		/* no NUL inside; one kept at the end */
	size_t		 cur;		/* byte offset */
	size_t		 top;		/* first wrapped row shown */
	size_t		 maxchars;
	void		 (*done)(struct tui *, void *, const char *);
	void		*arg;
};

/* Keep the buffer's text a C string. */
static void
ta_terminate(struct textarea *ta)
{
	buf_add_u8(&ta->text, 0);
	ta->text.n--;
}

/*
 * Lay the text out in rows of width columns (soft-wrapped): calls fn (may be
 * NULL) for each row with its byte range; returns the row and column of the
 * cursor in *crow and *ccol, and the number of rows.
 */
static size_t
ta_layout(struct textarea *ta, int width, void (*fn)(void *, size_t,
    const char *, size_t), void *arg, size_t *crow, int *ccol)
{
	const char	*s = (const char *)ta->text.p;
	size_t		 len = ta->text.n, i = 0, start = 0, row = 0, n;
	uint32_t	 c;
	int		 col = 0, w;

	*crow = 0;
	*ccol = 0;
	for (;;) {
		if (i == ta->cur) {
			*crow = row;
			*ccol = col;
		}
		if (i >= len)
			break;
		if (s[i] == '\n') {
			if (fn != NULL)
				fn(arg, row, s + start, i - start);
			row++;
			col = 0;
			start = ++i;
			continue;
		}
		if ((n = utf8_decode(s + i, len - i, &c)) == 0)
			n = 1;
		w = utf8_cpwidth(c);
		if (col + w > width) {
			if (fn != NULL)
				fn(arg, row, s + start, i - start);
			row++;
			col = 0;
			start = i;
			if (i == ta->cur) {
				*crow = row;
				*ccol = 0;
			}
		}
		col += w;
		i += n;
	}
	if (fn != NULL)
		fn(arg, row, s + start, len - start);
	return (row + 1);
}

struct ta_draw {
	struct tui	*t;
	struct textarea	*ta;
	int		 y0, x0, rows, width;
};

static void
ta_draw_row(void *arg, size_t row, const char *s, size_t n)
{
	struct ta_draw	*d = arg;
	char		*line;

	if (row < d->ta->top || row >= d->ta->top + (size_t)d->rows)
		return;
	line = xstrndup(s, n);
	draw_text(d->t, d->y0 + (int)(row - d->ta->top), d->x0, d->width,
	    line, A_NORMAL);
	free(line);
}

static void
text_draw(struct tui *t, void *arg)
{
	struct textarea	*ta = arg;
	struct ta_draw	 d;
	size_t		 crow;
	int		 ccol, w = COLS - 6 < 74 ? COLS - 6 : 74, h = LINES - 5;
	int		 x = (COLS - w) / 2;
	char		*s;

	draw_box(t, 1, x, h, w, ta->title);
	d.t = t;
	d.ta = ta;
	d.y0 = 2;
	d.x0 = x + 2;
	d.rows = h - 3;
	d.width = w - 4;
	ta_layout(ta, d.width, NULL, NULL, &crow, &ccol);
	if (crow < ta->top)
		ta->top = crow;
	if (crow >= ta->top + (size_t)d.rows)
		ta->top = crow - (size_t)d.rows + 1;
	ta_layout(ta, d.width, ta_draw_row, &d, &crow, &ccol);
	tui_cursor(t, d.y0 + (int)(crow - ta->top), d.x0 + ccol);
	s = xsprintf(_("%zu of %zu characters"), utf8_chars((const char *)
	    ta->text.p, ta->text.n), ta->maxchars);
	draw_text(t, h - 1, x + 2, w - 4, s, draw_attr(t, ATTR_DIM));
	free(s);
}

static void
ta_insert(struct textarea *ta, const char *s, size_t n)
{
	if (utf8_chars((const char *)ta->text.p, ta->text.n) +
	    utf8_chars(s, n) > ta->maxchars) {
		beep();
		return;
	}
	buf_add(&ta->text, s, n);	/* room first, then move the tail */
	memmove(ta->text.p + ta->cur + n, ta->text.p + ta->cur,
	    ta->text.n - n - ta->cur);
	memcpy(ta->text.p + ta->cur, s, n);
	ta->cur += n;
	ta_terminate(ta);
}

static size_t
ta_next(const struct textarea *ta, size_t off)
{
	uint32_t	c;
	size_t		n;

	if (off >= ta->text.n)
		return (ta->text.n);
	n = utf8_decode((const char *)ta->text.p + off, ta->text.n - off, &c);
	return (off + (n > 0 ? n : 1));
}

static void
ta_delete(struct textarea *ta, size_t from, size_t to)
{
	memmove(ta->text.p + from, ta->text.p + to, ta->text.n - to);
	ta->text.n -= to - from;
	ta_terminate(ta);
}

/* Move the cursor a row up or down, keeping its column as well as it can. */
static void
ta_vertical(struct textarea *ta, int step, int width)
{
	size_t	crow, row, best = ta->cur, save = ta->cur, off;
	int	ccol, col, bestd = -1;

	ta_layout(ta, width, NULL, NULL, &crow, &ccol);
	if (step < 0 && crow == 0)
		return;
	for (off = 0;; off = ta_next(ta, off)) {
		ta->cur = off;
		ta_layout(ta, width, NULL, NULL, &row, &col);
		if (row == crow + (size_t)step || (step < 0 &&
		    row == crow - 1)) {
			if (bestd < 0 || abs(col - ccol) < bestd) {
				bestd = abs(col - ccol);
				best = off;
			}
		}
		if (off >= ta->text.n)
			break;
	}
	ta->cur = bestd >= 0 ? best : save;
}

static void
text_finish(struct tui *t, struct textarea *ta, int keep)
{
	void	(*done)(struct tui *, void *, const char *) = ta->done;
	void	*arg = ta->arg;
	char	*v = keep ? xstrdup((const char *)ta->text.p) : NULL;

	tui_message(t, 0, NULL);
	tui_pop(t);		/* frees ta */
	done(t, arg, v);
	free(v);
}

static void
text_key(struct tui *t, void *arg, enum action act, const struct tkey *k)
{
	struct textarea	*ta = arg;
	int		 width = (COLS - 6 < 74 ? COLS - 6 : 74) - 4;
	char		 enc[4];

	switch (act) {
	case ACT_SAVE:
		text_finish(t, ta, 1);
		return;
	case ACT_BACK:
		if (k->fn == 0 && k->ch == ('x' & 0x1f))
			text_finish(t, ta, 1);	/* ^X keeps, Esc drops */
		else
			text_finish(t, ta, 0);
		return;
	case ACT_ENTER:
		ta_insert(ta, "\n", 1);
		return;
	case ACT_LEFT:
		ta->cur = utf8_prev((const char *)ta->text.p, ta->cur);
		return;
	case ACT_RIGHT:
		ta->cur = ta_next(ta, ta->cur);
		return;
	case ACT_UP:
	case ACT_DOWN:
		ta_vertical(ta, act == ACT_UP ? -1 : 1, width);
		return;
	case ACT_HOME:
		ta->cur = 0;
		return;
	case ACT_END:
		ta->cur = ta->text.n;
		return;
	case ACT_BACKSPACE:
		if (ta->cur > 0) {
			size_t	from = utf8_prev((const char *)ta->text.p,
			    ta->cur);

			ta_delete(ta, from, ta->cur);
			ta->cur = from;
		}
		return;
	case ACT_CLEAR:
		ta_delete(ta, 0, ta->text.n);
		ta->cur = 0;
		return;
	case ACT_DELETE:
		if (ta->cur < ta->text.n)
			ta_delete(ta, ta->cur, ta_next(ta, ta->cur));
		return;
	case ACT_NONE:
	case ACT_CHOOSE:
		if (k->fn || k->ch < 0x20 || k->ch > 0x10ffff ||
		    utf8_unwanted((uint32_t)k->ch) ||
		    (k->ch >= 0xd800 && k->ch <= 0xdfff))
			return;
		ta_insert(ta, enc, utf8_encode((uint32_t)k->ch, enc));
		return;
	default:
		return;
	}
}

static void
text_free(void *arg)
{
	struct textarea	*ta = arg;

	free(ta->title);
	buf_free(&ta->text);
	free(ta);
}

const struct screen_ops text_screen = {
	.name = "text",
	.ctx = CTX_TEXT,
	.overlay = 1,
	.draw = text_draw,
	.key = text_key,
	.free = text_free,
};

/*
 * Edit a multi-line text in a box: Enter starts a new line, ^S or ^X keeps
 * the text, Esc drops the changes. done gets the text, or NULL.
 */
void
textarea_open(struct tui *t, const char *title, const char *text,
    size_t maxchars, void (*done)(struct tui *, void *, const char *),
    void *arg)
{
	struct textarea	*ta;

	ta = xcalloc(1, sizeof *ta);
	ta->title = xstrdup(title);
	buf_add(&ta->text, text, strlen(text));
	ta_terminate(ta);
	ta->cur = ta->text.n;
	ta->maxchars = maxchars > 0 ? maxchars : 2000;
	ta->done = done;
	ta->arg = arg;
	tui_push(t, &text_screen, ta);
	tui_message(t, 0, "%s",
	    _("Enter starts a new line; ^S or ^X keeps the text; Esc drops the changes."));
}
