/* tui-scan.c: checking a card at the console: a handheld scanner types its code and Enter, and the answer shows in large plain words (^V in the case list). */

#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

#define SCAN_LINES	4	/* lines the code typed may take */
#define SCAN_Y		4	/* its first line */
#define ANSWER_Y	(SCAN_Y + SCAN_LINES + 1)
#define SCAN_LABEL	10	/* columns for what the card says */

struct scan {
	struct ledit		 in;
	int			 have;		/* an answer to show */
	struct card_verdict	 v;
};

void
scan_open(struct tui *t)
{
	struct scan	*s;

	s = xcalloc(1, sizeof *s);
	ledit_set(&s->in, "");
	s->in.maxchars = CARD_TEXT_MAX + 32;	/* within SCAN_LINES of 76 */
	tui_push(t, &scan_screen, s);
	tui_message(t, 0, "%s",
	    _("Scan the card's QR code, or type what it says, then Enter."));
}

/* The columns of one line of the code typed. */
static int
scan_width(void)
{
	return (COLS - 4);
}

/*
 * The code as typed, wrapped over SCAN_LINES lines: a character typed
 * adds one character to the screen, and nothing else moves, however fast
 * the scanner types. Only plain ASCII is taken, so a byte is a column.
 */
static void
scan_draw_input(struct tui *t, struct scan *s)
{
	int	iw = scan_width(), i, y, x;
	size_t	at;

	for (i = 0, at = 0; i < SCAN_LINES; i++, at += (size_t)iw) {
		if (at >= s->in.len)
			break;
		mvaddnstr(SCAN_Y + i, 2, s->in.buf + at, iw);
	}
	y = SCAN_Y + (int)(s->in.cur / (size_t)iw);
	x = 2 + (int)(s->in.cur % (size_t)iw);
	if (y >= SCAN_Y + SCAN_LINES) {
		y = SCAN_Y + SCAN_LINES - 1;
		x = 2 + iw;
	}
	tui_cursor(t, y, x);
}

static void
scan_line(struct tui *t, int y, const char *label, const char *value)
{
	draw_text(t, y, 2, SCAN_LABEL, label, A_NORMAL);
	draw_text(t, y, 2 + SCAN_LABEL, COLS - SCAN_LABEL - 3, value,
	    A_NORMAL);
}

/* The last answer: its word, why, and what the card says if readable. */
static void
scan_draw_answer(struct tui *t, struct scan *s)
{
	static const char *const	 labels[CARD_SAYS] = {
		N_("Card"), N_("Holder"), N_("Issued"), N_("Expires")
	};
	const struct card_verdict	*v = &s->v;
	char				*lines[2], *says[CARD_SAYS];
	int				 y = ANSWER_Y, n, i, attr;

	attr = v->answer == CARD_VALID ? draw_attr(t, ATTR_GOOD) :
	    draw_attr(t, ATTR_ERROR);
	draw_box(t, y, 1, 3, COLS - 2, NULL);
	draw_text(t, y + 1, 4, COLS - 8, card_answer_word(v->answer),
	    attr | A_BOLD);
	y += 3;
	if (v->why[0] != '\0') {
		n = draw_wrap(v->why, COLS - 4, lines, 2);
		for (i = 0; i < n; i++) {
			draw_text(t, y++, 2, COLS - 4, lines[i], A_BOLD);
			free(lines[i]);
		}
	}
	if (v->answer == CARD_UNREADABLE)
		return;
	y++;
	card_says(&v->f, says);
	for (i = 0; i < CARD_SAYS; i++) {
		scan_line(t, y++, _(labels[i]), says[i]);
		free(says[i]);
	}
	if (v->answer == CARD_ALTERED || v->answer == CARD_UNKNOWN_KEY)
		draw_text(t, y, 2, COLS - 4,
		    _("What it says above cannot be trusted: the office did not sign it so."),
		    draw_attr(t, ATTR_ERROR));
}

static void
scan_draw(struct tui *t, void *arg)
{
	struct scan	*s = arg;

	draw_header(t, _("Verify a card"));
	draw_text(t, 2, 1, COLS - 2,
	    _("The card's code (every check is recorded in the audit log):"),
	    A_BOLD);
	if (s->have)
		scan_draw_answer(t, s);
	draw_rule(t, LINES - 3, NULL);
	scan_draw_input(t, s);
}

/* Enter: check the code typed; it is cleared for the next card. */
static void
scan_check(struct tui *t, struct scan *s)
{
	struct card_verdict	v;
	struct amp_err		err;

	if (s->in.len == 0) {
		tui_message(t, 1, "%s",
		    _("Nothing to check: scan the card's QR code first."));
		return;
	}
	err_clear(&err);
	if (card_check(t->sess, s->in.buf, &v, &err) != AMP_OK) {
		tui_message(t, 1, "%s", err.msg);
		return;
	}
	s->v = v;
	s->have = 1;
	ledit_set(&s->in, "");
	tui_message(t, 0, "%s",
	    _("Checked; the next card can be scanned."));
}

static void
scan_key(struct tui *t, void *arg, enum action act, const struct tkey *k)
{
	struct scan	*s = arg;

	switch (act) {
	case ACT_BACK:
		tui_message(t, 0, NULL);
		tui_pop(t);
		return;
	case ACT_CHECK:
		scan_check(t, s);
		return;
	case ACT_NONE:
		if (!k->fn && (k->ch < 0x20 || k->ch > 0x7e))
			return;		/* a card's code is plain ASCII */
		break;
	default:
		break;
	}
	ledit_key(&s->in, act, k);
}

static void
scan_free(void *arg)
{
	struct scan	*s = arg;

	ledit_free(&s->in);
	free(s);
}

const struct screen_ops scan_screen = {
	.name = "scan",
	.ctx = CTX_SCAN,
	.draw = scan_draw,
	.key = scan_key,
	.free = scan_free,
};
