/* tui-draw.c: drawing helpers: text cut to width, rules, boxes, header, message and key lines. */

#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

enum { PAIR_ERROR = 1, PAIR_TITLE, PAIR_CODE, PAIR_GOOD };

/*
 * Decide how to draw on this terminal: without a UTF-8 locale, text is
 * transliterated to ASCII; without colour (a vt100), rules are drawn with
 * '-' and highlights with reverse video and bold only.
 */
void
draw_init(struct tui *t)
{
	t->ascii = !locale_utf8();
	t->color = has_colors();
	t->plain_rules = t->ascii || !t->color;
	if (t->color) {
		start_color();
		use_default_colors();
		init_pair(PAIR_ERROR, COLOR_RED, -1);
		init_pair(PAIR_TITLE, COLOR_WHITE, COLOR_BLUE);
		init_pair(PAIR_CODE, COLOR_BLACK, COLOR_WHITE);
		init_pair(PAIR_GOOD, COLOR_GREEN, -1);
	}
}

int
draw_attr(struct tui *t, int which)
{
	switch (which) {
	case ATTR_TITLE:
		return (t->color ? (int)(COLOR_PAIR(PAIR_TITLE) | A_BOLD) :
		    (int)A_REVERSE);
	case ATTR_ERROR:
		return (t->color ? (int)(COLOR_PAIR(PAIR_ERROR) | A_BOLD) :
		    (int)A_BOLD);
	case ATTR_SELECT:
		return ((int)A_REVERSE);
	case ATTR_DIM:
		return (t->color ? (int)A_DIM : (int)A_NORMAL);
	case ATTR_CODE:
		return (t->color ? (int)COLOR_PAIR(PAIR_CODE) : (int)A_NORMAL);
	case ATTR_GOOD:
		return (t->color ? (int)(COLOR_PAIR(PAIR_GOOD) | A_BOLD) :
		    (int)A_BOLD);
	}
	return ((int)A_NORMAL);
}

/*
 * Draw s at (y, x) in at most width columns; a text that does not fit ends
 * in a marker. Control characters never reach the terminal. Returns the
 * columns used.
 */
int
draw_text(struct tui *t, int y, int x, int width, const char *s, int attr)
{
	struct buf	 b = { 0 };
	const char	*p = s;
	char		 tmp[8];
	uint32_t	 c;
	size_t		 len = strlen(s), n, tn;
	int		 cols = 0, w, total;

	if (width <= 0)
		return (0);
	total = (int)utf8_width(s);
	while (len > 0) {
		if ((n = utf8_decode(p, len, &c)) == 0) {
			c = '?';
			n = 1;
		}
		if (utf8_unwanted(c))
			c = '?';
		if (t->ascii) {
			tn = text_translit(c, tmp);
			w = (int)tn;
		} else {
			tn = c == '?' && n == 1 ? 1 : n;
			memcpy(tmp, c == '?' ? "?" : p, tn);
			w = utf8_cpwidth(c);
		}
		if (cols + w > width || (total > width && cols + w > width - 1))
			break;
		buf_add(&b, tmp, tn);
		cols += w;
		p += n;
		len -= n;
	}
	if (len > 0 && cols < width) {
		if (t->ascii)
			buf_add(&b, ">", 1);
		else
			buf_add(&b, "\xe2\x80\xa6", 3);	/* ellipsis */
		cols++;
	}
	buf_add_u8(&b, 0);
	attron(attr);
	mvaddstr(y, x, (const char *)b.p);
	attroff(attr);
	buf_free(&b);
	return (cols);
}

static void
hline_at(struct tui *t, int y, int x, int n)
{
	if (n <= 0)
		return;
	if (t->plain_rules)
		mvhline(y, x, '-', n);
	else
		mvhline(y, x, ACS_HLINE, n);
}

/* A horizontal rule across the screen, with an optional title in it. */
void
draw_rule(struct tui *t, int y, const char *title)
{
	int	x = 0;

	if (title != NULL && *title != '\0') {
		hline_at(t, y, 0, 2);
		x = 3 + draw_text(t, y, 3, COLS - 6, title, A_BOLD);
		x++;
	}
	hline_at(t, y, x, COLS - x);
}

void
draw_box(struct tui *t, int y, int x, int h, int w, const char *title)
{
	int	i;

	for (i = 0; i < h; i++)
		mvhline(y + i, x, ' ', w);
	if (t->plain_rules) {
		mvhline(y, x, '-', w);
		mvhline(y + h - 1, x, '-', w);
		mvvline(y, x, '|', h);
		mvvline(y, x + w - 1, '|', h);
		mvaddch(y, x, '+');
		mvaddch(y, x + w - 1, '+');
		mvaddch(y + h - 1, x, '+');
		mvaddch(y + h - 1, x + w - 1, '+');
	} else {
		mvhline(y, x, ACS_HLINE, w);
		mvhline(y + h - 1, x, ACS_HLINE, w);
		mvvline(y, x, ACS_VLINE, h);
		mvvline(y, x + w - 1, ACS_VLINE, h);
		mvaddch(y, x, ACS_ULCORNER);
		mvaddch(y, x + w - 1, ACS_URCORNER);
		mvaddch(y + h - 1, x, ACS_LLCORNER);
		mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	}
	if (title != NULL)
		draw_text(t, y, x + 2, w - 4, title, A_BOLD);
}

/*
 * The top line: the program and screen on the left, the official and language
 * on the right.
 */
void
draw_header(struct tui *t, const char *title)
{
	char	*left, *right;
	int	 attr = draw_attr(t, ATTR_TITLE), rw;

	attron(attr);
	mvhline(0, 0, ' ', COLS);
	attroff(attr);
	left = xsprintf(" Amparo %s %s", t->ascii ? "-" : "\xc2\xb7", title);
	right = xsprintf("%s %s %s ", t->sess != NULL ? t->sess->user : "",
	    t->sess != NULL ? (t->ascii ? "-" : "\xc2\xb7") : "",
	    lang_current() == LANG_ES ? "ES" : "EN");
	rw = (int)utf8_width(right);
	draw_text(t, 0, 0, COLS - rw - 1, left, attr);
	draw_text(t, 0, COLS - rw, rw, right, attr);
	free(left);
	free(right);
}

/*
 * Word-wrap text into at most maxlines lines of width columns; returns the
 * number of lines, each allocated in lines[].
 */
int
draw_wrap(const char *text, int width, char **lines, int maxlines)
{
	struct buf	 line = { 0 };
	char		*copy, *word, *save = NULL;
	int		 n = 0, lw = 0, ww;

	copy = xstrdup(text);
	for (word = strtok_r(copy, " ", &save); word != NULL;
	    word = strtok_r(NULL, " ", &save)) {
		ww = (int)utf8_width(word);
		if (lw > 0 && lw + 1 + ww > width && n < maxlines - 1) {
			buf_add_u8(&line, 0);
			lines[n++] = (char *)line.p;
			memset(&line, 0, sizeof line);
			lw = 0;
		}
		if (lw > 0) {
			buf_add(&line, " ", 1);
			lw++;
		}
		buf_add(&line, word, strlen(word));
		lw += ww;
	}
	buf_add_u8(&line, 0);
	lines[n++] = (char *)line.p;
	free(copy);
	return (n);
}

/* A message or question on the line above the keys, or on two when long. */
static void
draw_wrapped(struct tui *t, const char *text, int attr)
{
	char	*lines[2];
	int	 n, i;

	if ((int)utf8_width(text) <= COLS) {
		draw_text(t, LINES - 2, 0, COLS, text, attr);
		return;
	}
	n = draw_wrap(text, COLS, lines, 2);
	for (i = 0; i < n; i++) {
		move(LINES - 1 - n + i, 0);
		clrtoeol();
		draw_text(t, LINES - 1 - n + i, 0, COLS, lines[i], attr);
		free(lines[i]);
	}
}

/*
 * The two bottom lines: the message or question, and the keys of this screen.
 */
void
draw_status(struct tui *t, unsigned ctx)
{
	static const enum action order[] = {
		ACT_ENTER, ACT_SAVE, ACT_NEXT_FIELD, ACT_NEXT_SECTION, ACT_NEW,
		ACT_EDIT, ACT_HISTORY, ACT_NEXT_STEP, ACT_REFER, ACT_SERVICES,
		ACT_ADD_ITEM, ACT_DRAFTS, ACT_DISCARD, ACT_RENEWED, ACT_MISSING,
		ACT_REFERRED, ACT_ABSENT, ACT_TOGGLE, ACT_REFRESH, ACT_RENEWALS,
		ACT_CHECK, ACT_ISSUE, ACT_EXPORT, ACT_CARD,
		ACT_BACK, ACT_QUIT, ACT_LANG, ACT_HELP, ACT_QUEUES, ACT_SCAN,
	};
	char	 keys[64], *item;
	size_t	 i;
	int	 x = 0, w;

	if (t->prompt.text != NULL)
		draw_wrapped(t, t->prompt.text, draw_attr(t, ATTR_SELECT));
	else if (t->msg[0] != '\0')
		draw_wrapped(t, t->msg,
		    t->msg_error ? draw_attr(t, ATTR_ERROR) : (int)A_NORMAL);
	for (i = 0; i < nitems(order); i++) {
		if (!(action_table[order[i]].line & ctx))
			continue;
		keys[0] = '\0';
		key_names(order[i], ctx, keys, sizeof keys);
		if (keys[0] == '\0')
			continue;
		if (strchr(keys, ',') != NULL)
			*strchr(keys, ',') = '\0';	/* the first key only */
		item = xsprintf("%s %s", keys, action_label(order[i], ctx));
		w = (int)utf8_width(item);
		if (x + w > COLS) {
			free(item);
			break;
		}
		draw_text(t, LINES - 1, x, w, keys, A_BOLD);
		draw_text(t, LINES - 1, x + (int)strlen(keys) + 1,
		    w - (int)strlen(keys) - 1, action_label(order[i], ctx),
		    A_NORMAL);
		x += w + 2;
		free(item);
	}
}

/*
 * What a terminal below 80x24 shows until it is enlarged, wrapped to any
 * width.
 */
void
draw_too_small(struct tui *t)
{
	char	*text, *lines[64];
	int	 n, i;

	text = xsprintf(_("The terminal is too small (%dx%d). Amparo needs at least 80x24. Enlarge the window; your work is kept."),
	    COLS, LINES);
	n = draw_wrap(text, COLS, lines, LINES < 64 ? LINES : 64);
	for (i = 0; i < n; i++) {
		draw_text(t, i, 0, COLS, lines[i], A_BOLD);
		free(lines[i]);
	}
	free(text);
}
