/* tui-help.c: the help screen, generated from the key table for the screen it was asked from. */

#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

struct help {
	unsigned	ctx;
	size_t		top;
};

void
help_open(struct tui *t, unsigned ctx)
{
	struct help	*h;

	h = xcalloc(1, sizeof *h);
	h->ctx = ctx;
	tui_push(t, &help_screen, h);
}

#define HELP_KEYS	22	/* columns for the keys */

static void
help_add(char ***v, size_t *n, size_t *cap, char *line)
{
	XGROW(*v, *n, *cap);
	(*v)[(*n)++] = line;
}

/*
 * Add a text wrapped to width, its first line after a prefix, the rest indented
 * as far.
 */
static void
help_wrapped(char ***v, size_t *n, size_t *cap, const char *prefix,
    const char *text, int width)
{
	char	*lines[16];
	int	 k, nl, indent = (int)utf8_width(prefix);

	nl = draw_wrap(text, width - indent, lines, 16);
	for (k = 0; k < nl; k++) {
		help_add(v, n, cap, xsprintf("%-*s%s", indent,
		    k == 0 ? prefix : "", lines[k]));
		free(lines[k]);
	}
}

/* The lines of help: each action usable here with all its keys. */
static size_t
help_lines(unsigned ctx, int width, char ***out)
{
	char	**v = NULL, keys[96], *prefix;
	size_t	  n = 0, cap = 0;
	int	  a;

	for (a = ACT_NONE + 1; a < ACT__COUNT; a++) {
		if (key_names((enum action)a, ctx, keys, sizeof keys) == 0)
			continue;
		prefix = xsprintf("%-*s ", HELP_KEYS, keys);
		help_wrapped(&v, &n, &cap, prefix, _(action_table[a].help),
		    width);
		free(prefix);
	}
	help_add(&v, &n, &cap, xstrdup(""));
	if (ctx & CTX_FORM)
		help_wrapped(&v, &n, &cap, "",
		    _("A field is checked as you leave it; \"!\" marks one to correct. Each finished field is kept in your draft."),
		    width);
	help_wrapped(&v, &n, &cap, "",
	    _("^X or Esc closes this help. The manual: man amparo."), width);
	*out = v;
	return (n);
}

static void
help_draw(struct tui *t, void *arg)
{
	struct help	*h = arg;
	char		**v;
	size_t		  n, i;
	int		  y;

	draw_header(t, _("Help: keys"));
	n = help_lines(h->ctx, COLS - 4, &v);
	if (h->top >= n)
		h->top = n > 0 ? n - 1 : 0;
	for (i = h->top, y = 2; i < n && y < LINES - 3; i++, y++)
		draw_text(t, y, 2, COLS - 4, v[i], A_NORMAL);
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	draw_rule(t, LINES - 3, NULL);
}

static void
help_key(struct tui *t, void *arg, enum action act, const struct tkey *k)
{
	struct help	*h = arg;

	(void)k;
	switch (act) {
	case ACT_BACK:
	case ACT_HELP:
		tui_pop(t);
		return;
	case ACT_UP:
		if (h->top > 0)
			h->top--;
		return;
	case ACT_DOWN:
	case ACT_PGDN:
		h->top += act == ACT_DOWN ? 1 : (size_t)(LINES - 6);
		return;
	case ACT_PGUP:
		h->top = h->top > (size_t)(LINES - 6) ? h->top -
		    (size_t)(LINES - 6) : 0;
		return;
	case ACT_HOME:
		h->top = 0;
		return;
	case ACT_END:
		h->top = SIZE_MAX / 2;	/* help_draw keeps the last line */
		return;
	default:
		return;
	}
}

const struct screen_ops help_screen = {
	.name = "help",
	.ctx = CTX_HELP,
	.draw = help_draw,
	.key = help_key,
	.free = free,
};
