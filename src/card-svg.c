/* card-svg.c: a card as a printable SVG page: title, holder, particulars, QR code, payload. */

#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "amparo.h"

/*
 * The page is A6 landscape, 148 x 105 mm, the size of an ID-1 card scaled
 * up by about 1.7 so that it prints legibly and is cut out and laminated.
 * Every length is in tenths of a millimetre (the viewBox), so every number
 * in the file is an integer: no floating point, no locale's decimal comma,
 * and the same card gives the same bytes on every machine.
 */
#define SVG_PAGE_W	1480
#define SVG_PAGE_H	1050
#define SVG_BORDER	30		/* the border's inset */
#define SVG_LEFT	80		/* where the text starts */
#define SVG_RIGHT	1400		/* where the code ends */
#define SVG_TITLE_Y	130
#define SVG_RULE_Y	165
#define SVG_HOLDER_Y	270
#define SVG_LINES_Y	350		/* the first line's baseline */
#define SVG_LINES_LEAD	55
#define SVG_QR_TOP	200
#define SVG_QR_BOX	560		/* the widest the code may be */
#define SVG_QR_GAP	40		/* between the text and the code */
#define SVG_MODULE	10		/* a module: 1 mm, if the code fits */
#define SVG_QUIET	4		/* light modules around the code */
#define SVG_PAY_COLS	60		/* payload characters a line */
#define SVG_PAY_SIZE	25
#define SVG_PAY_LEAD	32
#define SVG_PAY_BOTTOM	985		/* the last payload line's baseline */

static void AMP_PRINTF(2, 3)
svg_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvsprintf(fmt, ap);
	va_end(ap);
	buf_add(b, s, strlen(s));
	free(s);
}

/*
 * Text as XML character data or an attribute value: & < > " ' escaped,
 * UTF-8 kept as it is (names have accents), and what XML cannot hold
 * (control characters, invalid sequences) left out.
 */
static void
svg_escape(struct buf *b, const char *s, size_t len)
{
	char		*clean;
	const char	*p;

	clean = utf8_clean(s, len);
	for (p = clean; *p != '\0'; p++) {
		switch (*p) {
		case '&':
			buf_add(b, "&amp;", 5);
			break;
		case '<':
			buf_add(b, "&lt;", 4);
			break;
		case '>':
			buf_add(b, "&gt;", 4);
			break;
		case '"':
			buf_add(b, "&quot;", 6);
			break;
		case '\'':
			buf_add(b, "&apos;", 6);
			break;
		default:
			buf_add_u8(b, (uint8_t)*p);
			break;
		}
	}
	free(clean);
}

/* A line of text at x, y; the group around it gives the font. */
static void
svg_text(struct buf *b, int x, int y, const char *s, size_t len)
{
	svg_printf(b, "<text x=\"%d\" y=\"%d\">", x, y);
	svg_escape(b, s, len);
	buf_add(b, "</text>\n", 8);
}

/*
 * Proportional sans-serif text is taken to be em20 twentieths of an em a
 * character (generously: DejaVu Sans Bold, the widest usual sans-serif,
 * averages about 0.58 em over a name). svg_fit gives the font size (tenths
 * of a mm) at which n characters fit in width: never more than size, never
 * less than least.
 */
static int
svg_fit(int size, int least, int width, size_t n, int em20)
{
	long	want;

	if (n == 0)
		return (size);
	want = (long)width * 20 / (em20 * (long)n);
	if (want >= size)
		return (size);
	return (want < least ? least : (int)want);
}

/*
 * A line of text in a font of size, narrowed into width if even that size
 * is too wide for it, rather than let it run under the code or off the
 * card. The narrowing is a horizontal scale (in thousandths, written
 * without floating point): every renderer honours a transform, while
 * textLength is ignored by some (librsvg).
 */
static void
svg_text_fit(struct buf *b, int x, int y, int size, int width, int em20,
    const char *s)
{
	size_t	len = strlen(s);
	long	est, k;

	est = (long)utf8_chars(s, len) * em20 * size / 20;
	if (est <= width) {
		svg_text(b, x, y, s, len);
		return;
	}
	if ((k = (long)width * 1000 / est) < 1)
		k = 1;
	svg_printf(b, "<text transform=\"translate(%d %d) scale(0.%03ld 1)\">",
	    x, y, k);
	svg_escape(b, s, len);
	buf_add(b, "</text>\n", 8);
}

/*
 * The code: a white square under the code and its quiet zone, then one
 * black rectangle for each horizontal run of dark modules, in a group with
 * id "qr". Every module is exactly m by m at a whole number of modules
 * from the white square's corner, so a rasteriser (tests/svg-qr-pgm.py)
 * recovers the grid from the rectangles alone.
 */
static void
svg_qr(struct buf *b, const struct qr *q, int x0, int y0, int m)
{
	int	side, x, y, run;

	side = (q->width + 2 * SVG_QUIET) * m;
	svg_printf(b, "<g id=\"qr\" fill=\"#000\" "
	    "shape-rendering=\"crispEdges\">\n");
	svg_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
	    "fill=\"#fff\"/>\n", x0, y0, side, side);
	x0 += SVG_QUIET * m;
	y0 += SVG_QUIET * m;
	for (y = 0; y < q->width; y++) {
		for (x = 0; x < q->width; x += run) {
			for (run = 0; qr_dark(q, x + run, y); run++)
				;
			if (run == 0) {
				run = 1;
				continue;
			}
			svg_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
			    "height=\"%d\"/>\n", x0 + x * m, y0 + y * m,
			    run * m, m);
		}
	}
	buf_add(b, "</g>\n", 5);
}

/* The payload's lines: at most SVG_PAY_COLS characters each. */
static size_t
svg_pay_line(const char *s)
{
	size_t	i, chars = 0;

	for (i = 0; s[i] != '\0'; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		if (chars++ == SVG_PAY_COLS)
			break;
	}
	return (i);
}

/*
 * The card p as an SVG 1.1 document, for printing at 100%: a border, the
 * title, the holder's name large, up to 8 lines of particulars under it,
 * the QR code q on the right and the payload in small monospace along the
 * bottom, to be keyed in by hand when no scanner reads the code. The
 * result is deterministic: the same card gives the same bytes.
 */
char *
card_svg(const struct qr *q, const struct card_print *p)
{
	struct buf	 b = { 0 };
	const char	*title = p->title != NULL ? p->title : "";
	const char	*holder = p->holder != NULL ? p->holder : "";
	const char	*pay = p->payload != NULL ? p->payload : "";
	const char	*s;
	size_t		 i, nlines, npay, len, most;
	int		 m, box, side, qx, colw, tw, size, pay_top;

	for (nlines = 0; nlines < nitems(p->lines) &&
	    p->lines[nlines] != NULL; nlines++)
		;
	npay = 0;
	for (s = pay; *s != '\0'; s += len, npay++)
		len = svg_pay_line(s);

	/* The code: as big as it may be, at most 1 mm a module. */
	pay_top = SVG_PAY_BOTTOM - (int)(npay > 0 ? npay - 1 : 0) *
	    SVG_PAY_LEAD - SVG_PAY_SIZE - SVG_QR_GAP;
	box = pay_top - SVG_QR_TOP;
	if (box > SVG_QR_BOX)
		box = SVG_QR_BOX;
	side = q->width + 2 * SVG_QUIET;
	m = box / side;
	if (m > SVG_MODULE)
		m = SVG_MODULE;
	if (m < 1)
		m = 1;
	qx = SVG_RIGHT - side * m;
	colw = qx - SVG_QR_GAP - SVG_LEFT;

	svg_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
	    "width=\"%dmm\" height=\"%dmm\" viewBox=\"0 0 %d %d\">\n",
	    SVG_PAGE_W / 10, SVG_PAGE_H / 10, SVG_PAGE_W, SVG_PAGE_H);
	svg_printf(&b, "<title>");
	svg_escape(&b, title, strlen(title));
	svg_printf(&b, "</title>\n");
	svg_printf(&b, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n",
	    SVG_PAGE_W, SVG_PAGE_H);
	svg_printf(&b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
	    "rx=\"40\" fill=\"none\" stroke=\"#000\" stroke-width=\"5\"/>\n",
	    SVG_BORDER, SVG_BORDER, SVG_PAGE_W - 2 * SVG_BORDER,
	    SVG_PAGE_H - 2 * SVG_BORDER);

	tw = SVG_RIGHT - SVG_LEFT;
	size = svg_fit(55, 35, tw, utf8_chars(title, strlen(title)), 13);
	svg_printf(&b, "<g font-family=\"sans-serif\" font-size=\"%d\" "
	    "font-weight=\"bold\">\n", size);
	svg_text_fit(&b, SVG_LEFT, SVG_TITLE_Y, size, tw, 13, title);
	buf_add(&b, "</g>\n", 5);
	svg_printf(&b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"#000\" stroke-width=\"3\"/>\n", SVG_LEFT, SVG_RULE_Y,
	    SVG_RIGHT, SVG_RULE_Y);

	size = svg_fit(70, 30, colw, utf8_chars(holder, strlen(holder)), 13);
	svg_printf(&b, "<g font-family=\"sans-serif\" font-size=\"%d\" "
	    "font-weight=\"bold\">\n", size);
	svg_text_fit(&b, SVG_LEFT, SVG_HOLDER_Y, size, colw, 13, holder);
	buf_add(&b, "</g>\n", 5);

	if (nlines > 0) {
		most = 0;
		for (i = 0; i < nlines; i++) {
			len = utf8_chars(p->lines[i], strlen(p->lines[i]));
			if (len > most)
				most = len;
		}
		size = svg_fit(38, 25, colw, most, 12);
		svg_printf(&b, "<g font-family=\"sans-serif\" "
		    "font-size=\"%d\">\n", size);
		for (i = 0; i < nlines; i++)
			svg_text_fit(&b, SVG_LEFT, SVG_LINES_Y +
			    (int)i * SVG_LINES_LEAD, size, colw, 12,
			    p->lines[i]);
		buf_add(&b, "</g>\n", 5);
	}

	svg_qr(&b, q, qx, SVG_QR_TOP, m);

	if (npay > 0) {
		svg_printf(&b, "<g font-family=\"monospace\" font-size=\"%d\" "
		    "xml:space=\"preserve\">\n", SVG_PAY_SIZE);
		i = 0;
		for (s = pay; *s != '\0'; s += len, i++) {
			len = svg_pay_line(s);
			svg_text(&b, SVG_LEFT, SVG_PAY_BOTTOM -
			    (int)(npay - 1 - i) * SVG_PAY_LEAD, s, len);
		}
		buf_add(&b, "</g>\n", 5);
	}

	buf_add(&b, "</svg>\n", 7);
	buf_add_u8(&b, '\0');
	return ((char *)b.p);
}
