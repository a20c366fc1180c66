/* tui-card.c: a document's card at the console: its QR code beside what it says; issuing, reissuing and exporting it (c in the case view). */

#include "config.h"

#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui.h"

#define CODE_QUIET	2	/* light modules round the code */
#define DETAIL_MIN	30	/* columns the details need beside it */
#define WRAP_MAX	8	/* lines of one wrapped detail */

struct cardw {
	uint64_t	 doc;		/* the document or certificate */
	char		 docnum[32];
	char		*docname;	/* its form's title and summary */
	struct record	 card;		/* its current card; id 0: none */
	struct qr	 q;		/* the code, when it fits */
	int		 made;
	int		 side;		/* modules a side, quiet zone too */
	int		 qlines, qcols;	/* the code's size on the screen */
	int		 need_lines, need_cols;	/* what it needs, else */
	int		 for_lines, for_cols;	/* the size it was laid for */
	char		 msg[TUI_MSG_MAX];	/* shown beside the code */
	int		 msg_error;
	/* What the card prints and whether it is outdated, read with it. */
	struct card_print p;
	char		*own[CARD_PRINT_OWN];
	int		 printed;
	int		 outdated;
	char		 perr[TUI_MSG_MAX];	/* why it cannot be printed */
};

/* Lay the code out again when the card or the terminal's size changed. */
static void
card_unlay(struct cardw *w)
{
	if (w->made)
		qr_free(&w->q);
	w->made = 0;
	w->for_lines = w->for_cols = 0;
}

/*
 * The largest code the screen holds at the left, beside DETAIL_MIN columns:
 * with half blocks two modules a line and one a column, else "##" a
 * module and one a line. When none fits, what the smallest would need.
 */
static void
card_lay(struct tui *t, struct cardw *w)
{
	struct amp_err	 err;
	struct qr	 q;
	const char	*payload;
	int		 rows, cols, side, maxv;

	if (w->for_lines == LINES && w->for_cols == COLS)
		return;
	card_unlay(w);
	w->for_lines = LINES;
	w->for_cols = COLS;
	w->need_lines = w->need_cols = 0;
	if (w->card.id == 0 ||
	    (payload = rmap_get(&w->card.data, "payload")) == NULL)
		return;
	err_clear(&err);
	rows = t->ascii ? LINES - 1 : 2 * (LINES - 1);
	cols = t->ascii ? (COLS - DETAIL_MIN - 1) / 2 : COLS - DETAIL_MIN - 1;
	side = (rows < cols ? rows : cols) - 2 * CODE_QUIET;
	maxv = (side - 17) / 4;
	if (side >= 21 && maxv >= 1 &&
	    qr_make(payload, maxv > 40 ? 40 : maxv, &w->q, &err) == AMP_OK) {
		w->made = 1;
		w->side = w->q.width + 2 * CODE_QUIET;
		w->qlines = t->ascii ? w->side : (w->side + 1) / 2;
		w->qcols = t->ascii ? 2 * w->side : w->side;
		return;
	}
	err_clear(&err);
	if (qr_make(payload, 0, &q, &err) != AMP_OK)
		return;
	side = q.width + 2 * CODE_QUIET;
	qr_free(&q);
	w->need_lines = (t->ascii ? side : (side + 1) / 2) + 1;
	w->need_cols = (t->ascii ? 2 * side : side) + 1 + DETAIL_MIN;
}

/* A module of the code with its quiet zone: 1 dark, 0 light, -1 beyond. */
static int
module_at(const struct cardw *w, int y, int x)
{
	if (y >= w->side || x >= w->side)
		return (-1);
	y -= CODE_QUIET;
	x -= CODE_QUIET;
	if (y < 0 || x < 0 || y >= w->q.width || x >= w->q.width)
		return (0);
	return (qr_dark(&w->q, x, y) ? 1 : 0);
}

/*
 * The code at the top left. In colour it is black on white and the glyphs
 * draw the dark modules, right on any background; without colour the
 * glyphs draw the light ones and the quiet zone, right on the usual light
 * text on a dark terminal.
 */
static void
card_draw_code(struct tui *t, struct cardw *w)
{
	static const char *const half[4] = {
		" ", "\xe2\x96\x80", "\xe2\x96\x84", "\xe2\x96\x88"
	};
	struct buf	 b = { 0 };
	int		 ink = t->color ? 1 : 0, y, x, g;

	for (y = 0; y < w->qlines; y++) {
		b.n = 0;
		for (x = 0; x < w->side; x++) {
			if (t->ascii) {
				buf_add(&b, module_at(w, y, x) == ink ?
				    "##" : "  ", 2);
				continue;
			}
			g = (module_at(w, 2 * y, x) == ink ? 1 : 0) |
			    (module_at(w, 2 * y + 1, x) == ink ? 2 : 0);
			buf_add(&b, half[g], strlen(half[g]));
		}
		buf_add_u8(&b, 0);
		draw_text(t, y, 0, w->qcols, (const char *)b.p,
		    draw_attr(t, ATTR_CODE));
	}
	buf_free(&b);
}

/* The bytes of s that fit cols columns, at least one character. */
static size_t
card_fit(const char *s, int cols)
{
	uint32_t	c;
	size_t		len = strlen(s), n = 0, k;
	int		used = 0, w;

	while (n < len) {
		if ((k = utf8_decode(s + n, len - n, &c)) == 0)
			k = 1;
		w = utf8_cpwidth(c) > 0 ? utf8_cpwidth(c) : 0;
		if (n > 0 && used + w > cols)
			break;
		used += w;
		n += k;
	}
	return (n);
}

/*
 * A text wrapped to width at (y, x), the lines after the first indented;
 * a word longer than a line (a file's path) is cut where the line ends.
 */
static int
card_wrapped(struct tui *t, int y, int x, int width, const char *text,
    int attr)
{
	char		*lines[WRAP_MAX], *part;
	const char	*p;
	size_t		 n;
	int		 nl, i, in = 0;

	nl = draw_wrap(text, width - 2, lines, WRAP_MAX);
	for (i = 0; i < nl; i++) {
		for (p = lines[i]; *p != '\0' && y < LINES - 1; p += n) {
			n = card_fit(p, width - in);
			part = xstrndup(p, n);
			draw_text(t, y++, x + in, width - in, part, attr);
			free(part);
			in = 2;
		}
		free(lines[i]);
	}
	return (y);
}

/* What the card says, in the column at x: the lines of the printed card. */
static int
card_draw_details(struct tui *t, struct cardw *w, int y, int x, int width)
{
	const struct workflow	*wf = workflow_for(t->opts->forms, CARD_FORM);
	const struct card_print	*p = &w->p;
	const char		*state, *payload;
	char			*s;
	size_t			 i, len, at;

	if (!w->printed)
		return (card_wrapped(t, y, x, width, w->perr,
		    draw_attr(t, ATTR_ERROR)));
	y = card_wrapped(t, y, x, width, p->title, A_BOLD);
	y = card_wrapped(t, y, x, width, p->holder, A_BOLD);
	for (i = 0; p->lines[i] != NULL; i++)
		y = card_wrapped(t, y, x, width, p->lines[i], A_NORMAL);
	state = wf != NULL ? record_state(wf, &w->card) : w->card.state;
	if (state != NULL && strcmp(state, "revoked") == 0) {
		s = xstrdup(_("REVOKED: this card no longer holds; r issues a new one."));
		y = card_wrapped(t, y, x, width, s,
		    draw_attr(t, ATTR_ERROR) | A_BOLD);
	} else {
		s = xsprintf(_("State: %s"), wf != NULL && state != NULL ?
		    workflow_state_label(wf, state) : "");
		y = card_wrapped(t, y, x, width, s, A_BOLD);
		if (w->outdated) {
			free(s);
			s = xstrdup(_("The document says otherwise now (renewed, or its number corrected): r issues a card that says what it says."));
			y = card_wrapped(t, y, x, width, s,
			    draw_attr(t, ATTR_ERROR));
		}
	}
	free(s);
	if (w->msg[0] != '\0')
		y = card_wrapped(t, y + 1, x, width, w->msg, w->msg_error ?
		    draw_attr(t, ATTR_ERROR) : (int)A_NORMAL);
	/* The payload, as the code says it, if it fits below. */
	payload = p->payload != NULL ? p->payload : "";
	len = strlen(payload);
	if (y + 1 + (int)((len + (size_t)width - 1) / (size_t)width) >=
	    LINES - 1)
		return (y);
	for (at = 0, y++; at < len; at += (size_t)width) {
		s = xsprintf("%.*s", width, payload + at);
		draw_text(t, y++, x, width, s, A_NORMAL);
		free(s);
	}
	return (y);
}

static void
card_draw(struct tui *t, void *arg)
{
	struct cardw	*w = arg;
	char		*s;
	int		 x = 0, y, width, attr;

	/* Messages go beside the code, never over it. */
	if (t->msg[0] != '\0') {
		snprintf(w->msg, sizeof w->msg, "%s", t->msg);
		w->msg_error = t->msg_error;
		t->msg[0] = '\0';
	}
	card_lay(t, w);
	s = xsprintf(_("Card of %s"), w->docnum);
	if (w->made) {
		card_draw_code(t, w);
		x = w->qcols + 1;
		attr = draw_attr(t, ATTR_TITLE);
		attron(attr);
		mvhline(0, x, ' ', COLS - x);
		attroff(attr);
		draw_text(t, 0, x + 1, COLS - x - 2, s, attr);
	} else
		draw_header(t, s);
	free(s);
	x++;
	width = COLS - x - 1;
	if (w->card.id == 0) {
		y = card_wrapped(t, 2, x, width, w->docname, A_NORMAL) + 1;
		s = xsprintf(_("No card has been issued for %s yet: r issues one, signed by the office."),
		    w->docnum);
		y = card_wrapped(t, y, x, width, s, A_BOLD) + 1;
		free(s);
	} else {
		y = card_draw_details(t, w, 2, x, width) + 1;
		if (!w->made && w->need_lines > 0) {
			s = t->ascii ? xsprintf(_("The QR code needs a UTF-8 terminal, or one of %d lines and %d columns; e exports it for printing."),
			    w->need_lines, w->need_cols) :
			    xsprintf(_("The QR code needs a bigger terminal, of %d lines and %d columns; e exports it for printing."),
			    w->need_lines, w->need_cols);
			y = card_wrapped(t, y, x, width, s, A_BOLD) + 1;
			free(s);
		}
	}
	if (w->msg[0] != '\0' && w->card.id == 0 && y < LINES - 1)
		card_wrapped(t, y, x, width, w->msg, w->msg_error ?
		    draw_attr(t, ATTR_ERROR) : (int)A_NORMAL);
}

/*
 * What the card prints, and whether its document says otherwise now:
 * read once each time the card is (they read the holder's case and the
 * document), not at each redraw.
 */
static void
card_read_print(struct tui *t, struct cardw *w)
{
	struct amp_err	err;

	card_print_free(w->own);
	w->printed = w->outdated = 0;
	w->perr[0] = '\0';
	if (w->card.id == 0)
		return;
	err_clear(&err);
	if (card_print_of(t->sess, &w->card, &w->p, w->own, &err) != AMP_OK) {
		snprintf(w->perr, sizeof w->perr, "%s", err.msg);
		return;
	}
	w->printed = 1;
	w->outdated = card_outdated(t->sess, &w->card);
}

/* The document's current card, read again. */
static void
card_load(struct tui *t, struct cardw *w)
{
	struct amp_err	err;

	err_clear(&err);
	record_free(&w->card);
	card_unlay(w);
	if (card_current(t->sess, w->doc, &w->card, &err) != AMP_OK) {
		record_free(&w->card);
		record_init(&w->card);
		if (err.code != AMP_ENOTFOUND)
			tui_message(t, 1, "%s", err.msg);
	}
	card_read_print(t, w);
}

static void
card_issue_now(struct tui *t, struct cardw *w)
{
	struct record	 out;
	struct amp_err	 err;
	char		 num[32];

	err_clear(&err);
	tui_busy(t, _("Issuing the card..."));
	if (card_issue(t->sess, w->doc, &out, &err) != AMP_OK) {
		tui_message(t, 1, "%s", err.msg);
		return;
	}
	casenum_format(out.id, out.created, num, sizeof num);
	record_free(&w->card);
	w->card = out;
	card_unlay(w);
	card_read_print(t, w);
	tui_message(t, 0, _("Issued: card %s of %s (record %s)."),
	    card_field(&w->card, "serial"),
	    card_field(&w->card, "card_number"), num);
}

static void
card_issue_answer(struct tui *t, void *arg, int key)
{
	if (tui_yes(key))
		card_issue_now(t, arg);
}

/* r: issue the card; a card there is revoked by the new one, after asking. */
static void
card_issue_ask(struct tui *t, struct cardw *w)
{
	char	*q;

	if (w->card.id == 0) {
		card_issue_now(t, w);
		return;
	}
	if (w->card.state != NULL && strcmp(w->card.state, "issued") == 0)
		q = xsprintf(_("Issue a new card? Card %s of %s is revoked, and no longer holds. (y/n)"),
		    card_field(&w->card, "serial"),
		    card_field(&w->card, "card_number"));
	else
		q = xsprintf(_("Issue a new card of %s? (y/n)"),
		    card_field(&w->card, "card_number"));
	tui_ask_yes_no(t, q, card_issue_answer, w);
	free(q);
}

/*
 * e: the card as a printable SVG page, card-NUMBER-SERIAL.svg in the
 * directory AMPARO_CARD_DIR names, else the current one.
 */
static void
card_export(struct tui *t, struct cardw *w)
{
	struct amp_err		 err;
	struct qr		 q;
	const char		*dir;
	char			*svg, *path;
	char			 cwd[PATH_MAX];

	err_clear(&err);
	if (w->card.id == 0) {
		tui_message(t, 1, "%s",
		    _("There is no card to export yet: r issues one."));
		return;
	}
	if (!w->printed) {
		tui_message(t, 1, "%s", w->perr);
		return;
	}
	if (w->p.payload == NULL ||
	    qr_make(w->p.payload, 0, &q, &err) != AMP_OK) {
		tui_message(t, 1, "%s", err.code != AMP_OK ? err.msg :
		    _("the card has no payload: it is damaged"));
		return;
	}
	svg = card_svg(&q, &w->p);
	qr_free(&q);
	if ((dir = getenv("AMPARO_CARD_DIR")) == NULL || *dir == '\0')
		dir = getcwd(cwd, sizeof cwd) != NULL ? cwd : ".";
	path = xsprintf("%s%scard-%s-%s.svg", dir,
	    dir[strlen(dir) - 1] == '/' ? "" : "/",
	    card_field(&w->card, "card_number"),
	    card_field(&w->card, "serial"));
	if (file_write(path, svg, &err) != AMP_OK)
		tui_message(t, 1, _("%s; the card is not changed, and nothing was left half-written."),
		    err.msg);
	else
		tui_message(t, 0, _("The card is written to %s, to print."),
		    path);
	free(path);
	free(svg);
}

static void
card_key(struct tui *t, void *arg, enum action act, const struct tkey *k)
{
	struct cardw	*w = arg;

	(void)k;
	w->msg[0] = '\0';
	switch (act) {
	case ACT_BACK:
		tui_pop(t);
		return;
	case ACT_ISSUE:
		card_issue_ask(t, w);
		return;
	case ACT_EXPORT:
		card_export(t, w);
		return;
	default:
		return;
	}
}

/* Back on top, or others saved (a card revoked meanwhile): read it again. */
static void
card_resume(struct tui *t, void *arg)
{
	card_load(t, arg);
}

static void
card_free(void *arg)
{
	struct cardw	*w = arg;

	card_unlay(w);
	card_print_free(w->own);
	record_free(&w->card);
	free(w->docname);
	free(w);
}

const struct screen_ops card_screen = {
	.name = "card",
	.ctx = CTX_CARD,
	.draw = card_draw,
	.key = card_key,
	.resume = card_resume,
	.watch = 1,
	.free = card_free,
};

/*
 * A document or certificate named: its number if given, its form's title
 * and its summary, the summary's fields joined with commas.
 */
static char *
card_doc_name(struct tui *t, const struct record *r, const char *num)
{
	const struct form	*f;
	struct buf		 b = { 0 };
	char			*sum, *p;

	if ((f = formset_find(t->opts->forms, r->form)) == NULL)
		return (xstrdup(r->form));
	if (num != NULL) {
		buf_add(&b, num, strlen(num));
		buf_add(&b, "  ", 2);
	}
	buf_add(&b, i18n_get(&f->title), strlen(i18n_get(&f->title)));
	buf_add(&b, ": ", 2);
	sum = form_summary(f, &r->data);
	for (p = sum; *p != '\0'; p++) {
		if (*p == '\t')
			buf_add(&b, ", ", 2);
		else
			buf_add_u8(&b, (unsigned char)*p);
	}
	free(sum);
	buf_add_u8(&b, 0);
	return ((char *)b.p);
}

/* The card screen of a document or active claim certificate. */
static void
card_open(struct tui *t, uint64_t doc)
{
	struct cardw		*w;
	struct record		 r;
	struct amp_err		 err;

	err_clear(&err);
	if (case_get(t->sess, doc, &r, &err) != AMP_OK) {
		tui_message(t, 1, "%s", err.msg);
		return;
	}
	w = xcalloc(1, sizeof *w);
	w->doc = doc;
	record_init(&w->card);
	casenum_format(r.id, r.created, w->docnum, sizeof w->docnum);
	w->docname = card_doc_name(t, &r, NULL);
	record_free(&r);
	tui_message(t, 0, NULL);
	card_load(t, w);
	tui_push(t, &card_screen, w);
}

/* Whether a record has cards: a document or an active claim certificate. */
static int
card_form_ok(const char *form)
{
	return (strcmp(form, DOCUMENT_FORM) == 0 ||
	    strcmp(form, CARD_LICENCE_FORM) == 0);
}

static void
card_chosen(struct tui *t, void *arg, const char *value)
{
	struct pick	*p = arg;
	uint64_t	 id;
	int		 year;

	if (value != NULL && casenum_parse(value, &id, &year) == 0)
		card_open(t, id);
	pick_free(p);
}

/*
 * The documents and certificates of a case, for the list to choose from:
 * its linked records, and the records their steps made (a licence
 * certification's certificate).
 */
static void
card_candidates(struct tui *t, uint64_t id, int depth, struct pick *p)
{
	struct amp_err		 err;
	struct record		 r;
	struct choice		*ch;
	uint64_t		*ids;
	char			 num[32];
	size_t			 n, i;

	err_clear(&err);
	if (case_children(t->sess, id, &ids, &n, &err) != AMP_OK) {
		free(ids);
		return;
	}
	for (i = 0; i < n; i++) {
		if (case_get(t->sess, ids[i], &r, &err) != AMP_OK)
			continue;
		if (card_form_ok(r.form)) {
			casenum_format(r.id, r.created, num, sizeof num);
			ch = pick_add(p, num);
			ch->label.s[LANG_EN] = card_doc_name(t, &r, num);
		} else if (depth == 0 && strcmp(r.form, CARD_FORM) != 0)
			card_candidates(t, r.id, 1, p);
		record_free(&r);
	}
	free(ids);
}

/*
 * c in the case view: the card of the record on view when it is a
 * document, a certificate or a card; on a case, of the one document or
 * certificate linked to it, or of the one chosen from a list of them.
 */
void
card_start(struct tui *t, const struct record *r)
{
	const char	*v;
	struct pick	*p;

	if (strcmp(r->form, CARD_FORM) == 0) {
		if ((v = rmap_get(&r->data, "document")) != NULL)
			card_open(t, strtoull(v, NULL, 10));
		return;
	}
	if (card_form_ok(r->form)) {
		card_open(t, r->id);
		return;
	}
	p = pick_new(r->id, _("The card of the document"));
	card_candidates(t, r->id, 0, p);
	if (p->list->n == 1)
		card_chosen(t, p, p->list->v[0].value);
	else if (p->list->n > 0)
		pick_open(t, p, card_chosen);
	else {
		tui_message(t, 1, "%s", r->parent != 0 ?
		    _("A card is of a document or an active claim certificate: open one of those, or the person's case, and press c.") :
		    _("This case has no document or active claim certificate to show a card of: a adds a document."));
		pick_free(p);
	}
}
