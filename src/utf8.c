/* utf8.c: decoding, encoding, cleaning and measuring UTF-8 text. */

#include "config.h"

#include <string.h>
#include <wchar.h>

#include "amparo.h"

/*
 * Decode one code point from s (at most len bytes). Returns the number of
 * bytes used, or 0 for an invalid, overlong, surrogate or truncated sequence.
 */
size_t
utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char	*u = (const unsigned char *)s;
	uint32_t		 c;
	size_t			 n, i;

	if (len == 0)
		return (0);
	if (u[0] < 0x80) {
		*cp = u[0];
		return (1);
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		n = 2;
		c = u[0] & 0x1f;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		n = 3;
		c = u[0] & 0x0f;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		n = 4;
		c = u[0] & 0x07;
	} else
		return (0);
	if (len < n)
		return (0);
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return (0);
		c = (c << 6) | (u[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)))
		return (0);
	if (c >= 0xd800 && c <= 0xdfff)
		return (0);
	*cp = c;
	return (n);
}

/* Encode a code point into out (room for 4 bytes); returns the length. */
size_t
utf8_encode(uint32_t c, char *out)
{
	unsigned char	*u = (unsigned char *)out;

	if (c < 0x80) {
		u[0] = (unsigned char)c;
		return (1);
	}
	if (c < 0x800) {
		u[0] = (unsigned char)(0xc0 | (c >> 6));
		u[1] = (unsigned char)(0x80 | (c & 0x3f));
		return (2);
	}
	if (c < 0x10000) {
		u[0] = (unsigned char)(0xe0 | (c >> 12));
		u[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (unsigned char)(0x80 | (c & 0x3f));
		return (3);
	}
	u[0] = (unsigned char)(0xf0 | (c >> 18));
	u[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
	u[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
	u[3] = (unsigned char)(0x80 | (c & 0x3f));
	return (4);
}

int
utf8_valid(const char *s, size_t len)
{
	uint32_t	c;
	size_t		n;

	while (len > 0) {
		if ((n = utf8_decode(s, len, &c)) == 0)
			return (0);
		s += n;
		len -= n;
	}
	return (1);
}

/*
 * Characters never kept in a field: C0 and C1 controls, DEL, and the
 * invisible format characters that can reorder or hide text on screen
 * (bidirectional overrides, zero-width characters, the byte order mark).
 */
int
utf8_unwanted(uint32_t c)
{
	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f))
		return (1);
	if ((c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
	    (c >= 0x2060 && c <= 0x206f) || c == 0xfeff ||
	    (c >= 0xfff9 && c <= 0xfffb))
		return (1);
	return (0);
}

/*
 * The length of the escape sequence at s (s[0] is ESC): a CSI ("ESC [")
 * runs to its final byte (0x40 to 0x7e), SS3 ("ESC O") takes one more
 * byte, OSC, DCS, APC, PM and SOS ("ESC ]", "ESC P", "ESC _", "ESC ^",
 * "ESC X") run to BEL or ST ("ESC \\"); any other ESC goes alone, and
 * what follows it is plain text.
 */
static size_t
escape_length(const char *s, size_t len)
{
	size_t	i;

	switch (s[1]) {
	case '[':
		for (i = 2; i < len; i++) {
			if ((unsigned char)s[i] >= 0x40 &&
			    (unsigned char)s[i] <= 0x7e)
				return (i + 1);
		}
		return (len);
	case 'O':
		return (len < 3 ? len : 3);
	case ']':
	case 'P':
	case '_':
	case '^':
	case 'X':
		for (i = 2; i < len; i++) {
			if (s[i] == 0x07)
				return (i + 1);
			if (s[i] == 0x1b && i + 1 < len && s[i + 1] == '\\')
				return (i + 2);
		}
		return (len);
	default:
		return (1);	/* a lone ESC: what follows is plain text */
	}
}

/*
 * A copy of s with invalid sequences, control characters and escape
 * sequences removed; a tab becomes a space. An escape (ESC) takes the rest
 * of its sequence with it, so "\033[31m" leaves nothing behind.
 */
char *
utf8_clean(const char *s, size_t len)
{
	char		*out, *o;
	uint32_t	 c;
	size_t		 n;

	o = out = xmalloc(len + 1);
	while (len > 0) {
		if ((n = utf8_decode(s, len, &c)) == 0) {
			s++;
			len--;
			continue;
		}
		if (c == 0x1b && len > 1) {
			n = escape_length(s, len);
			s += n;
			len -= n;
			continue;
		}
		if (c == '\t')
			*o++ = ' ';
		else if (!utf8_unwanted(c)) {
			memcpy(o, s, n);
			o += n;
		}
		s += n;
		len -= n;
	}
	*o = '\0';
	return (out);
}

/* The offset of the code point that ends just before off. */
size_t
utf8_prev(const char *s, size_t off)
{
	if (off == 0)
		return (0);
	off--;
	while (off > 0 && ((unsigned char)s[off] & 0xc0) == 0x80)
		off--;
	return (off);
}

/* Columns a code point takes on screen: 0, 1 or 2. */
int
utf8_cpwidth(uint32_t c)
{
	int	w;

	if (c < 0x80)
		return (c >= 0x20 && c != 0x7f);
	w = wcwidth((wchar_t)c);
	if (w < 0)
		return (1);
	return (w);
}

/* The characters in the first n bytes of s (continuation bytes not counted). */
size_t
utf8_chars(const char *s, size_t n)
{
	size_t	i, c = 0;

	for (i = 0; i < n && s[i] != '\0'; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return (c);
}

size_t
utf8_width(const char *s)
{
	uint32_t	c;
	size_t		n, len = strlen(s), w = 0;

	while (len > 0) {
		if ((n = utf8_decode(s, len, &c)) == 0) {
			s++;
			len--;
			w++;
			continue;
		}
		w += (size_t)utf8_cpwidth(c);
		s += n;
		len -= n;
	}
	return (w);
}
