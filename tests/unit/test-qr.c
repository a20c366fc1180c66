/* test-qr.c: unit tests of QR codes of card payloads, their text drawings and the card's SVG. */

#include "unit.h"

/* QR's alphanumeric set: what a card payload is made of. */
static const char	alnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/* A payload of n characters cycling through the alphanumeric set. */
static char *
payload(size_t n)
{
	char	*s;
	size_t	 i;

	s = xmalloc(n + 1);
	for (i = 0; i < n; i++)
		s[i] = alnum[i % (sizeof alnum - 1)];
	s[n] = '\0';
	return (s);
}

static void
make(const char *text, int max, struct qr *q)
{
	struct amp_err	err = { 0, "" };

	if (qr_make(text, max, q, &err) != AMP_OK)
		fail_msg("qr_make: %s", err.msg);
	assert_int_equal(err.code, AMP_OK);
}

static size_t
count_dark(const struct qr *q)
{
	size_t	n = 0;
	int	x, y;

	for (y = 0; y < q->width; y++)
		for (x = 0; x < q->width; x++)
			n += qr_dark(q, x, y);
	return (n);
}

/*
 * 170 alphanumeric characters take version 7 at level M (154 fit in 6),
 * so with a limit of 6 the level falls to L (195 fit in 6).
 */
static void
test_make_falls_to_level_l(void **state)
{
	struct qr	 q;
	char		*text = payload(170);

	(void)state;
	make(text, 0, &q);
	assert_int_equal(q.version, 7);
	assert_int_equal(q.width, 45);
	qr_free(&q);

	make(text, 7, &q);
	assert_int_equal(q.version, 7);
	qr_free(&q);

	make(text, 6, &q);
	assert_true(q.version <= 6);
	assert_int_equal(q.version, 6);
	assert_int_equal(q.width, 41);
	assert_non_null(q.dark);
	qr_free(&q);
	assert_null(q.dark);
	assert_int_equal(q.width, 0);
	assert_int_equal(q.version, 0);
	free(text);
}

static void
test_make_small_text(void **state)
{
	struct qr	q;

	(void)state;
	make("AC1", 1, &q);
	assert_int_equal(q.version, 1);
	assert_int_equal(q.width, 21);
	qr_free(&q);
	/* Lower case is 8-bit mode, and still a code. */
	make("amparo", 0, &q);
	assert_int_equal(q.width, 4 * q.version + 17);
	qr_free(&q);
}

static void
test_make_refuses_too_long(void **state)
{
	struct amp_err	 err = { 0, "" };
	struct qr	 q;
	char		*text = payload(200), *huge = payload(8000);

	(void)state;
	/* 200 characters need version 7 even at L. */
	assert_int_equal(qr_make(text, 6, &q, &err), AMP_EINVAL);
	assert_int_equal(err.code, AMP_EINVAL);
	assert_contains(err.msg, "version 7");
	assert_contains(err.msg, "version 6");
	assert_null(q.dark);
	qr_free(&q);

	err_clear(&err);
	assert_int_equal(qr_make(text, 1, &q, &err), AMP_EINVAL);
	assert_contains(err.msg, "version 1");
	qr_free(&q);

	/* Too long for any code: libqrencode's ERANGE. */
	err_clear(&err);
	assert_int_equal(qr_make(huge, 0, &q, &err), AMP_EINVAL);
	assert_contains(err.msg, "too long");
	assert_null(q.dark);

	err_clear(&err);
	assert_int_equal(qr_make("", 0, &q, &err), AMP_EINVAL);
	assert_true(err.msg[0] != '\0');
	err_clear(&err);
	assert_int_equal(qr_make("AC1", 41, &q, &err), AMP_EINVAL);
	free(text);
	free(huge);
}

static void
test_dark_outside_is_light(void **state)
{
	struct qr	q;
	int		i;

	(void)state;
	make("AC1:TEST", 0, &q);
	assert_int_equal(qr_dark(&q, -1, 0), 0);
	assert_int_equal(qr_dark(&q, 0, -1), 0);
	assert_int_equal(qr_dark(&q, q.width, 0), 0);
	assert_int_equal(qr_dark(&q, 0, q.width), 0);
	assert_int_equal(qr_dark(&q, -100, -100), 0);
	assert_int_equal(qr_dark(&q, q.width + 3, q.width + 3), 0);
	/* The finder patterns: dark corners, a light separator. */
	assert_int_equal(qr_dark(&q, 0, 0), 1);
	assert_int_equal(qr_dark(&q, q.width - 1, 0), 1);
	assert_int_equal(qr_dark(&q, 0, q.width - 1), 1);
	assert_int_equal(qr_dark(&q, 7, 0), 0);
	assert_int_equal(qr_dark(&q, 1, 1), 0);
	assert_int_equal(qr_dark(&q, 3, 3), 1);
	for (i = 0; i < q.width * q.width; i++)
		assert_true(q.dark[i] == 0 || q.dark[i] == 1);
	qr_free(&q);
}

/* The lines of s, in *n; each one's bytes without its newline. */
static char **
lines_of(const char *s, size_t *n)
{
	char		**v = NULL;
	const char	 *nl;
	size_t		  cap = 0;

	*n = 0;
	while (*s != '\0') {
		if ((nl = strchr(s, '\n')) == NULL)
			fail_msg("a line without its newline: \"%s\"", s);
		XGROW(v, *n, cap);
		v[(*n)++] = xstrndup(s, (size_t)(nl - s));
		s = nl + 1;
	}
	return (v);
}

static void
lines_free(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The half block at column x of a UTF-8 line: bit 0 upper, bit 1 lower. */
static int
half_at(const char *line, int x)
{
	uint32_t	c = 0;
	size_t		off = 0, k;
	int		i;

	for (i = 0; i <= x; i++) {
		k = utf8_decode(line + off, strlen(line + off), &c);
		if (k == 0)
			fail_msg("bad UTF-8 in \"%s\"", line);
		off += k;
	}
	switch (c) {
	case ' ':
		return (0);
	case 0x2580:
		return (1);
	case 0x2584:
		return (2);
	case 0x2588:
		return (3);
	}
	fail_msg("U+%04X is not a half block", (unsigned)c);
	return (-1);
}

static void
test_text_ascii(void **state)
{
	struct qr	  q;
	char		 *t, *inv, **l, **li;
	size_t		  n, ni, i, j;
	int		  quiet = 4, side;

	(void)state;
	make("AC1:ASC:2026-000042", 0, &q);
	side = q.width + 2 * quiet;
	t = qr_text(&q, quiet, 0);
	inv = qr_text(&q, quiet, QR_TEXT_INVERT);
	l = lines_of(t, &n);
	li = lines_of(inv, &ni);
	assert_int_equal(n, side);
	assert_int_equal(ni, side);
	for (i = 0; i < n; i++) {
		assert_int_equal(strlen(l[i]), 2 * side);
		assert_int_equal(strlen(li[i]), 2 * side);
		for (j = 0; j < strlen(l[i]); j++) {
			/* Light modules drawn, dark ones blank... */
			assert_int_equal(l[i][j] == '#',
			    !qr_dark(&q, (int)j / 2 - quiet, (int)i - quiet));
			/* ... and the other way round inverted. */
			assert_true(l[i][j] == '#' || l[i][j] == ' ');
			assert_int_equal(li[i][j], l[i][j] == '#' ? ' ' : '#');
		}
	}
	/* The quiet zone is light: drawn whole, blank inverted. */
	for (j = 0; j < strlen(l[0]); j++) {
		assert_int_equal(l[0][j], '#');
		assert_int_equal(li[quiet - 1][j], ' ');
	}
	lines_free(l, n);
	lines_free(li, ni);
	free(t);
	free(inv);

	t = qr_text(&q, 0, 0);
	l = lines_of(t, &n);
	assert_int_equal(n, q.width);
	assert_int_equal(strlen(l[0]), 2 * q.width);
	assert_int_equal(l[0][0], ' ');		/* a finder's dark corner */
	lines_free(l, n);
	free(t);
	qr_free(&q);
}

static void
test_text_utf8(void **state)
{
	struct qr	  q;
	char		 *t, *inv, **l, **li;
	size_t		  n, ni, i;
	int		  quiet, side, x, h, up, down;

	(void)state;
	make("AC1:ASC:2026-000042", 0, &q);
	for (quiet = 0; quiet <= 4; quiet++) {
		side = q.width + 2 * quiet;
		t = qr_text(&q, quiet, QR_TEXT_UTF8);
		inv = qr_text(&q, quiet, QR_TEXT_UTF8 | QR_TEXT_INVERT);
		l = lines_of(t, &n);
		li = lines_of(inv, &ni);
		assert_int_equal(n, (size_t)(side + 1) / 2);
		assert_int_equal(ni, n);
		for (i = 0; i < n; i++) {
			assert_int_equal(utf8_chars(l[i], strlen(l[i])), side);
			assert_int_equal(utf8_chars(li[i], strlen(li[i])),
			    side);
			for (x = 0; x < side; x++) {
				h = half_at(l[i], x);
				up = !qr_dark(&q, x - quiet,
				    2 * (int)i - quiet);
				down = !qr_dark(&q, x - quiet,
				    2 * (int)i + 1 - quiet);
				assert_int_equal(h, up | down << 1);
				assert_int_equal(half_at(li[i], x), 3 - h);
			}
		}
		lines_free(l, n);
		lines_free(li, ni);
		free(t);
		free(inv);
	}
	qr_free(&q);
}

/* An attribute's number inside one element, or -1. */
static long
attr(const char *el, const char *end, const char *name)
{
	const char	*p;
	char		 key[32];

	snprintf(key, sizeof key, " %s=\"", name);
	if ((p = strstr(el, key)) == NULL || p > end)
		return (-1);
	return (strtol(p + strlen(key), NULL, 10));
}

static void
test_svg_escapes(void **state)
{
	struct card_print	 p;
	struct qr		 q;
	char			*svg;

	(void)state;
	make("AC1:ESC", 0, &q);
	memset(&p, 0, sizeof p);
	p.title = "Card";
	p.holder = "Zoë <&>\"' Núñez";
	p.lines[0] = "a<&>\"'b";
	p.lines[1] = "second line";
	p.payload = "AC1:ESC";
	svg = card_svg(&q, &p);
	assert_contains(svg, "Zoë &lt;&amp;&gt;&quot;&apos; Núñez");
	assert_contains(svg, "a&lt;&amp;&gt;&quot;&apos;b");
	assert_contains(svg, "second line");
	assert_null(strstr(svg, "<&>"));
	assert_null(strstr(svg, "\"'"));
	assert_contains(svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
	assert_contains(svg, "version=\"1.1\"");
	assert_contains(svg, "shape-rendering=\"crispEdges\"");
	free(svg);
	qr_free(&q);
}

/*
 * The code's group holds one white square, then black rectangles one
 * module high whose widths add up to the dark modules, each on the grid.
 */
static void
test_svg_modules(void **state)
{
	struct card_print	 p;
	struct qr		 q;
	char			*svg, *again, *text = payload(170);
	const char		*g, *gend, *r, *rend;
	long			 x0 = -1, y0 = -1, side = -1, m, x, y, w, h;
	size_t			 area = 0, rects = 0;

	(void)state;
	make(text, 6, &q);
	memset(&p, 0, sizeof p);
	p.title = "Asylum-seeker card";
	p.holder = "Ana María Pérez";
	p.lines[0] = "Number: ASC-2026-000042";
	p.payload = text;
	svg = card_svg(&q, &p);
	again = card_svg(&q, &p);
	assert_string_equal(svg, again);	/* deterministic */

	g = strstr(svg, "<g id=\"qr\"");
	assert_non_null(g);
	gend = strstr(g, "</g>");
	assert_non_null(gend);
	for (r = strstr(g, "<rect"); r != NULL && r < gend;
	    r = strstr(rend, "<rect")) {
		rend = strstr(r, "/>");
		assert_non_null(rend);
		x = attr(r, rend, "x");
		y = attr(r, rend, "y");
		w = attr(r, rend, "width");
		h = attr(r, rend, "height");
		assert_true(x >= 0 && y >= 0 && w > 0 && h > 0);
		if (side < 0) {
			/* The quiet zone: 4 modules around the code. */
			g = strstr(r, "fill=\"#fff\"");
			assert_true(g != NULL && g < rend);
			assert_int_equal(w, h);
			x0 = x;
			y0 = y;
			side = w;
			continue;
		}
		m = side / (q.width + 8);
		assert_int_equal(side % (q.width + 8), 0);
		assert_int_equal(h, m);
		assert_int_equal(w % m, 0);
		assert_int_equal((x - x0) % m, 0);
		assert_int_equal((y - y0) % m, 0);
		assert_true(x - x0 >= 4 * m && x + w <= x0 + side - 4 * m);
		assert_true(y - y0 >= 4 * m && y + h <= y0 + side - 4 * m);
		assert_true(qr_dark(&q, (int)((x - x0) / m) - 4,
		    (int)((y - y0) / m) - 4));
		area += (size_t)(w / m);
		rects++;
	}
	assert_true(side > 0);
	assert_int_equal(area, count_dark(&q));
	assert_true(rects < area);		/* runs were merged */
	/* The payload in lines of at most 60 characters. */
	assert_contains(svg, ">0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
	    "0123456789ABCDE</text>");
	assert_contains(svg, "xml:space=\"preserve\"");
	free(svg);
	free(again);
	free(text);
	qr_free(&q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_make_falls_to_level_l),
		cmocka_unit_test(test_make_small_text),
		cmocka_unit_test(test_make_refuses_too_long),
		cmocka_unit_test(test_dark_outside_is_light),
		cmocka_unit_test(test_text_ascii),
		cmocka_unit_test(test_text_utf8),
		cmocka_unit_test(test_svg_escapes),
		cmocka_unit_test(test_svg_modules),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
