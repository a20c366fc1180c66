/* signed-text.c: "name: value" lines, hex and UTC times of signed texts. */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "amparo.h"

/* Exactly n bytes from 2n lower-case hex digits; -1 if they are not that. */
int
hex_exact(unsigned char *out, size_t n, const char *hex, size_t len)
{
	const char	*end;
	size_t		 got, i;

	if (len != 2 * n)
		return (-1);
	for (i = 0; i < len; i++) {
		if (!((hex[i] >= '0' && hex[i] <= '9') ||
		    (hex[i] >= 'a' && hex[i] <= 'f')))
			return (-1);
	}
	if (sodium_hex2bin(out, n, hex, len, NULL, &got, &end) != 0 ||
	    got != n || end != hex + len)
		return (-1);
	return (0);
}

/* The line at *p, whole, advanced past it; -1 at the end or if too long. */
int
text_next_line(const char **p, const char *end, char *out, size_t size)
{
	const char	*eol;
	size_t		 n;

	if (*p >= end)
		return (-1);
	if ((eol = memchr(*p, '\n', (size_t)(end - *p))) == NULL)
		eol = end;
	n = (size_t)(eol - *p);
	if (n >= size)
		return (-1);
	memcpy(out, *p, n);
	out[n] = '\0';
	*p = eol < end ? eol + 1 : end;
	return (0);
}

/*
 * The value of the line "name: value" at *p, advanced past it; -1 if the
 * line is not that or the value does not fit.
 */
int
text_line(const char **p, const char *end, const char *name, char *val,
    size_t size)
{
	const char	*q = *p;
	size_t		 len = strlen(name);

	if ((size_t)(end - q) < len + 2 || memcmp(q, name, len) != 0 ||
	    q[len] != ':' || q[len + 1] != ' ')
		return (-1);
	q += len + 2;
	if (text_next_line(&q, end, val, size) != 0)
		return (-1);
	*p = q;
	return (0);
}

/* "2026-11-30T12:00:00Z" as seconds since 1970. */
int
utc_parse(const char *s, int64_t *t)
{
	int	y, mo, d, h, mi, sec, n = 0;

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h, &mi,
	    &sec, &n) != 6 || s[n] != '\0' || !date_valid(y, mo, d) ||
	    h > 23 || mi > 59 || sec > 60 || h < 0 || mi < 0 || sec < 0)
		return (-1);
	*t = date_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	return (0);
}
