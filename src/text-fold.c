/* text-fold.c: search normalisation: case and accents folded, words split, document numbers. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "amparo.h"
#include "fold-table.h"

/* The table entry of a code point, or NULL when it folds to itself. */
static const struct fold_entry *
fold_entry(uint32_t c)
{
	size_t	lo = 0, hi = nitems(fold_table), mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (fold_table[mid].cp == c)
			return (&fold_table[mid]);
		if (fold_table[mid].cp < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (NULL);
}

/* The fold of one code point, or NULL when it stays as it is. */
static const char *
fold_lookup(uint32_t c)
{
	const struct fold_entry	*e = fold_entry(c);

	return (e != NULL ? e->to : NULL);
}

/* Whether a code point separates words (punctuation, spaces, symbols). */
static int
fold_separator(uint32_t c)
{
	if (c < 0x80)
		return (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z')));
	return ((c >= 0x80 && c <= 0xbf && c != 0xaa && c != 0xba) ||
	    c == 0xd7 || c == 0xf7 || (c >= 0x2000 && c <= 0x206f) ||
	    (c >= 0x3000 && c <= 0x303f));
}

/*
 * Fold a text for searching: lower case, accents removed, apostrophes
 * dropped (so "O'Brien" is "obrien"), and every other run of punctuation or
 * space turned into one space. The result depends on no locale, because its
 * hashes are stored in the index.
 */
char *
text_fold(const char *s)
{
	struct buf	 b = { 0 };
	const char	*to;
	uint32_t	 c;
	size_t		 n, len = strlen(s);
	int		 space = 1;
	char		 enc[4];

	while (len > 0) {
		if ((n = utf8_decode(s, len, &c)) == 0) {
			s++;
			len--;
			continue;
		}
		s += n;
		len -= n;
		if (c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x60 ||
		    c == 0xb4 || (c >= 0x300 && c <= 0x36f))
			continue;	/* apostrophes and combining accents */
		to = NULL;
		if (c >= 'A' && c <= 'Z') {
			enc[0] = (char)(c - 'A' + 'a');
			buf_add(&b, enc, 1);
			space = 0;
			continue;
		}
		if (c >= 0x80)
			to = fold_lookup(c);
		if ((to != NULL && strcmp(to, " ") == 0) ||
		    (to == NULL && fold_separator(c))) {
			if (!space)
				buf_add(&b, " ", 1);
			space = 1;
			continue;
		}
		if (to != NULL)
			buf_add(&b, to, strlen(to));
		else
			buf_add(&b, enc, utf8_encode(c, enc));
		space = 0;
	}
	if (b.n > 0 && b.p[b.n - 1] == ' ')
		b.n--;
	buf_add_u8(&b, 0);
	return ((char *)b.p);
}

/*
 * Copy the next space-separated token of a folded text into tok (at most
 * size - 1 bytes, cut at a character boundary) and advance *p. Returns the
 * token's length, 0 at the end.
 */
size_t
text_next_token(const char **p, char *tok, size_t size)
{
	const char	*s = *p, *e;
	size_t		 len;

	while (*s == ' ')
		s++;
	e = s;
	while (*e != '\0' && *e != ' ')
		e++;
	*p = e;
	len = (size_t)(e - s);
	if (len >= size) {
		len = size - 1;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(tok, s, len);
	tok[len] = '\0';
	return (len);
}

/* A document number reduced to upper-case letters and digits: "pa-12 3" is "PA123". */
char *
text_docnum(const char *s)
{
	char	*f, *o, *p;

	f = text_fold(s);
	for (o = p = f; *p != '\0'; p++) {
		if (*p >= 'a' && *p <= 'z')
			*o++ = (char)(*p - 'a' + 'A');
		else if (*p >= '0' && *p <= '9')
			*o++ = *p;
	}
	*o = '\0';
	return (f);
}

/*
 * A code point as ASCII for a terminal without UTF-8, case kept: "É" is
 * "E", "ñ" is "n", "ß" is "ss"; what has no ASCII form is "?". Writes at
 * most 4 bytes to out and returns how many.
 */
size_t
text_translit(uint32_t c, char *out)
{
	const struct fold_entry	*e;
	const char		*to;
	size_t			 n, i;

	if (c < 0x80) {
		out[0] = (char)c;
		return (1);
	}
	e = fold_entry(c);
	to = e != NULL ? e->to : NULL;
	if (to == NULL || strcmp(to, " ") == 0) {
		out[0] = c == 0xa0 ? ' ' : '?';
		return (1);
	}
	n = strlen(to);
	if (n > 4)
		n = 4;
	for (i = 0; i < n; i++) {
		if ((unsigned char)to[i] >= 0x80) {
			out[0] = '?';
			return (1);
		}
		out[i] = to[i];
	}
	if (e->upper && out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
	return (n);
}

/* Edit distance, for "did you mean" hints on misspelt keys. */
size_t
edit_distance(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b), i, j, prev, tmp;
	size_t	row[EDIT_DISTANCE_MAX + 1];

	if (la > EDIT_DISTANCE_MAX || lb > EDIT_DISTANCE_MAX)
		return (SIZE_MAX);
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			row[j] = a[i - 1] == b[j - 1] ? prev : 1 + (prev <
			    row[j - 1] ? (prev < row[j] ? prev : row[j]) :
			    (row[j - 1] < row[j] ? row[j - 1] : row[j]));
			prev = tmp;
		}
	}
	return (row[lb]);
}
