/* tui-edit.c: the one-line text editor used by every field and search box. */

#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

static void
ledit_reserve(struct ledit *e, size_t extra)
{
	if (e->len + extra + 1 > e->cap) {
		e->cap = (e->len + extra + 1) * 2;
		e->buf = xreallocarray(e->buf, e->cap, 1);
	}
}

void
ledit_set(struct ledit *e, const char *s)
{
	size_t	n = s != NULL ? strlen(s) : 0;

	if (e->buf != NULL)
		wipe(e->buf, e->cap);
	e->len = 0;
	ledit_reserve(e, n);
	if (n > 0)
		memcpy(e->buf, s, n);
	e->len = n;
	e->buf[n] = '\0';
	e->cur = n;
	e->changed = 0;
}

void
ledit_free(struct ledit *e)
{
	if (e->buf != NULL)
		wipe(e->buf, e->cap);	/* it may have held a password */
	free(e->buf);
	memset(e, 0, sizeof *e);
}

static size_t
char_count(const char *s, size_t len)
{
	size_t	i, n = 0;

	for (i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	}
	return (n);
}

static size_t
next_char(const struct ledit *e, size_t off)
{
	uint32_t	c;
	size_t		n;

	if (off >= e->len)
		return (e->len);
	n = utf8_decode(e->buf + off, e->len - off, &c);
	return (off + (n > 0 ? n : 1));
}

static void
delete_range(struct ledit *e, size_t from, size_t to)
{
	memmove(e->buf + from, e->buf + to, e->len - to + 1);
	e->len -= to - from;
	e->changed = 1;
}

/*
 * Apply a key. Printable characters are inserted (control characters and
 * invisible format characters never are); returns 1 if the key was used.
 */
int
ledit_key(struct ledit *e, enum action act, const struct tkey *k)
{
	char	enc[4];
	size_t	n, prev;

	if (e->buf == NULL)
		ledit_set(e, "");
	switch (act) {
	case ACT_LEFT:
		e->cur = utf8_prev(e->buf, e->cur);
		return (1);
	case ACT_RIGHT:
		e->cur = next_char(e, e->cur);
		return (1);
	case ACT_HOME:
		e->cur = 0;
		return (1);
	case ACT_END:
		e->cur = e->len;
		return (1);
	case ACT_BACKSPACE:
		if (e->cur > 0) {
			prev = utf8_prev(e->buf, e->cur);
			delete_range(e, prev, e->cur);
			e->cur = prev;
		}
		return (1);
	case ACT_DELETE:
		if (e->cur < e->len)
			delete_range(e, e->cur, next_char(e, e->cur));
		return (1);
	case ACT_CLEAR:
		delete_range(e, 0, e->len);
		e->cur = 0;
		return (1);
	case ACT_NONE:
	case ACT_CHOOSE:
		break;
	default:
		return (0);
	}
	if (k->fn || k->ch < 0x20 || utf8_unwanted((uint32_t)k->ch) ||
	    k->ch > 0x10ffff || (k->ch >= 0xd800 && k->ch <= 0xdfff))
		return (0);
	if (e->maxchars > 0 && char_count(e->buf, e->len) >= e->maxchars) {
		beep();
		return (1);
	}
	n = utf8_encode((uint32_t)k->ch, enc);
	ledit_reserve(e, n);
	memmove(e->buf + e->cur + n, e->buf + e->cur, e->len - e->cur + 1);
	memcpy(e->buf + e->cur, enc, n);
	e->len += n;
	e->cur += n;
	e->changed = 1;
	return (1);
}

/*
 * Draw the text in width columns at (y, x), scrolled so that the cursor is
 * visible; a secret shows one '*' a character. Returns the cursor's column.
 */
int
ledit_draw(struct tui *t, struct ledit *e, int y, int x, int width, int attr)
{
	struct buf	 b = { 0 };
	uint32_t	 c;
	size_t		 start, off, n;
	int		 cols, w, curcol = 0;

	if (e->buf == NULL)
		ledit_set(e, "");
	if (e->secret) {
		n = char_count(e->buf, e->len);
		for (off = 0; off < n && (int)off < width - 1; off++)
			buf_add(&b, "*", 1);
		buf_add_u8(&b, 0);
		draw_text(t, y, x, width, (const char *)b.p, attr);
		buf_free(&b);
		n = char_count(e->buf, e->cur);
		return (x + ((int)n < width - 1 ? (int)n : width - 1));
	}
	/*
	 * Walk back from the cursor until the line before it fills width - 1.
	 */
	start = e->cur;
	cols = 0;
	while (start > 0) {
		off = utf8_prev(e->buf, start);
		if (utf8_decode(e->buf + off, start - off, &c) == 0)
			c = '?';
		w = t->ascii ? 1 : utf8_cpwidth(c);
		if (cols + w > width - 1)
			break;
		cols += w;
		start = off;
	}
	if (start > 0)
		start = e->cur == e->len ? start : start;
	else
		start = 0;
	for (off = start; off < e->cur; off = next_char(e, off)) {
		if (utf8_decode(e->buf + off, e->len - off, &c) == 0)
			c = '?';
		curcol += t->ascii ? (int)text_translit(c, (char[8]){ 0 }) :
		    utf8_cpwidth(c);
	}
	draw_text(t, y, x, width, e->buf + start, attr);
	return (x + curcol);
}
