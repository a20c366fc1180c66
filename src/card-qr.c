/* card-qr.c: QR codes of card payloads (libqrencode), and the codes drawn as text. */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "amparo.h"

/*
 * One encoding at one error correction level, the version chosen by
 * libqrencode. The hint QR_MODE_8 with case sensitivity lets libqrencode
 * split the text into its cheapest modes, so a payload of upper-case
 * letters, digits and " $%*+-./:" is coded in alphanumeric mode (5.5 bits
 * a character rather than 8). NULL with err set if the text cannot be
 * coded; out of memory is fatal.
 */
static QRcode *
qr_encode(const char *text, QRecLevel level, int *toolong,
    struct amp_err *err)
{
	QRcode	*c;
	int	 e;

	*toolong = 0;
	errno = 0;
	if ((c = QRcode_encodeString(text, 0, level, QR_MODE_8, 1)) != NULL)
		return (c);
	if ((e = errno) == ENOMEM)
		fatalx("out of memory (encoding a QR code)");
	if (e == ERANGE) {
		*toolong = 1;
		err_set(err, AMP_EINVAL,
		    _("QR code: a text of %zu bytes is too long for any QR code"),
		    strlen(text));
	} else
		err_set(err, AMP_EINVAL, _("QR code: the text cannot be encoded: %s"),
		    strerror(e != 0 ? e : EINVAL));
	return (NULL);
}

/*
 * Encode text as a QR code in q, at error correction M (15% of the code
 * may be lost) if the code is then of version max_version or smaller, else
 * at L (7%): a smaller code prints with bigger modules and scans better
 * from a worn card than a more redundant one squeezed into the same space.
 * max_version 0 sets no limit (L is still tried when the text is too long
 * for any code at M). Fails with AMP_EINVAL, naming the version needed and
 * the limit, if even L needs a bigger code.
 */
int
qr_make(const char *text, int max_version, struct qr *q, struct amp_err *err)
{
	QRcode	*c;
	int	 i, n, toolong;

	memset(q, 0, sizeof *q);
	if (text == NULL || *text == '\0')
		return (err_set(err, AMP_EINVAL,
		    _("QR code: there is no text to encode")));
	if (max_version < 0 || max_version > 40)
		return (err_set(err, AMP_EINVAL,
		    _("QR code: %d is not a QR code version (1 to 40)"),
		    max_version));

	c = qr_encode(text, QR_ECLEVEL_M, &toolong, err);
	if (c == NULL && !toolong)
		return (AMP_EINVAL);
	if (c == NULL || (max_version > 0 && c->version > max_version)) {
		QRcode_free(c);
		if ((c = qr_encode(text, QR_ECLEVEL_L, &toolong, err)) == NULL)
			return (AMP_EINVAL);
		err_clear(err);
	}
	if (max_version > 0 && c->version > max_version) {
		err_set(err, AMP_EINVAL,
		    _("QR code: the text of %zu characters needs a code of version %d (%d modules a side), larger than the limit of version %d"),
		    strlen(text), c->version, c->width, max_version);
		QRcode_free(c);
		return (AMP_EINVAL);
	}

	q->width = c->width;
	q->version = c->version;
	n = c->width * c->width;
	q->dark = xmalloc(n);
	for (i = 0; i < n; i++)
		q->dark[i] = c->data[i] & 1;
	QRcode_free(c);
	return (AMP_OK);
}

void
qr_free(struct qr *q)
{
	if (q == NULL)
		return;
	free(q->dark);
	memset(q, 0, sizeof *q);
}

/* Whether the module at column x, row y is dark; the quiet zone is light. */
int
qr_dark(const struct qr *q, int x, int y)
{
	if (q == NULL || q->dark == NULL)
		return (0);
	if (x < 0 || y < 0 || x >= q->width || y >= q->width)
		return (0);
	return (q->dark[(size_t)y * q->width + x] != 0);
}

/*
 * Whether the module at (x, y) of the code with its quiet zone gets a
 * glyph: the dark ones with QR_TEXT_INVERT, else the light ones. Below the
 * last row (the odd half line of QR_TEXT_UTF8) counts as quiet zone.
 */
static int
qr_text_inked(const struct qr *q, int quiet, int flags, int x, int y)
{
	int	dark;

	dark = qr_dark(q, x - quiet, y - quiet);
	return ((flags & QR_TEXT_INVERT) ? dark : !dark);
}

/*
 * The code as lines of text, each ending in a newline, with quiet light
 * modules of margin on every side. By default the light modules are drawn
 * and the dark ones left blank: on a terminal with light text on a dark
 * background that shows the code the right way round (as "qrencode -t
 * UTF8" does); QR_TEXT_INVERT draws the dark modules instead, for dark
 * text on light. QR_TEXT_UTF8 draws two module rows a line with half
 * blocks (U+2580, U+2584, U+2588, space), one column a module; otherwise
 * each module is two ASCII characters ("##" or two spaces) and each line
 * one module row, so the code is about square in a terminal. The lines of
 * one code are all of the same width.
 */
char *
qr_text(const struct qr *q, int quiet, int flags)
{
	static const char	*half[4] = {
		" ", "\342\226\200", "\342\226\204", "\342\226\210"
	};
	struct buf		 b = { 0 };
	int			 n, x, y, up, down;

	if (quiet < 0)
		quiet = 0;
	n = q->width + 2 * quiet;
	if (flags & QR_TEXT_UTF8) {
		for (y = 0; y < n; y += 2) {
			for (x = 0; x < n; x++) {
				up = qr_text_inked(q, quiet, flags, x, y);
				down = qr_text_inked(q, quiet, flags, x, y + 1);
				buf_add(&b, half[up | down << 1],
				    strlen(half[up | down << 1]));
			}
			buf_add_u8(&b, '\n');
		}
	} else {
		for (y = 0; y < n; y++) {
			for (x = 0; x < n; x++)
				buf_add(&b, qr_text_inked(q, quiet, flags,
				    x, y) ? "##" : "  ", 2);
			buf_add_u8(&b, '\n');
		}
	}
	buf_add_u8(&b, '\0');
	return ((char *)b.p);
}
