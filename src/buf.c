/* buf.c: growable byte buffers, and bounded readers that never read past their input. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "amparo.h"

void
buf_add(struct buf *b, const void *p, size_t n)
{
	size_t	cap;

	if (n == 0)
		return;
	if (n > SIZE_MAX - b->n)
		fatalx("buffer size overflow");
	if (b->n + n > b->cap) {
		cap = b->cap ? b->cap : 64;
		while (cap < b->n + n)
			cap = cap > SIZE_MAX / 2 ? b->n + n : cap * 2;
		b->p = xreallocarray(b->p, cap, 1);
		b->cap = cap;
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

void
buf_add_u8(struct buf *b, uint8_t v)
{
	buf_add(b, &v, 1);
}

/* Unsigned LEB128: seven bits a byte, low bits first. */
void
buf_add_varint(struct buf *b, uint64_t v)
{
	unsigned char	tmp[10];
	size_t		n = 0;

	do {
		tmp[n] = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v != 0)
			tmp[n] |= 0x80;
		n++;
	} while (v != 0);
	buf_add(b, tmp, n);
}

void
buf_add_bytes(struct buf *b, const void *p, size_t n)
{
	buf_add_varint(b, n);
	buf_add(b, p, n);
}

void
buf_add_str(struct buf *b, const char *s)
{
	buf_add_bytes(b, s != NULL ? s : "", s != NULL ? strlen(s) : 0);
}

void
buf_reset(struct buf *b)
{
	b->n = 0;
}

void
buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
}

void
rd_init(struct rd *r, const void *p, size_t n)
{
	r->p = p;
	r->n = n;
	r->off = 0;
	r->bad = 0;
}

uint8_t
rd_u8(struct rd *r)
{
	if (r->bad || r->off >= r->n) {
		r->bad = 1;
		return (0);
	}
	return (r->p[r->off++]);
}

uint64_t
rd_varint(struct rd *r)
{
	uint64_t	v = 0;
	unsigned	shift = 0;
	uint8_t		c;

	do {
		c = rd_u8(r);
		if (r->bad)
			return (0);
		if (shift == 63 && (c & 0x7e) != 0) {
			r->bad = 1;
			return (0);
		}
		v |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
		if (shift > 63 && (c & 0x80)) {
			r->bad = 1;
			return (0);
		}
	} while (c & 0x80);
	return (v);
}

/* A length-prefixed byte string; points into the input. */
const void *
rd_bytes(struct rd *r, size_t *len)
{
	uint64_t	n;

	n = rd_varint(r);
	if (r->bad || n > r->n - r->off) {
		r->bad = 1;
		*len = 0;
		return (NULL);
	}
	*len = (size_t)n;
	return (rd_fixed(r, (size_t)n));
}

const void *
rd_fixed(struct rd *r, size_t n)
{
	const void	*p;

	if (r->bad || n > r->n - r->off) {
		r->bad = 1;
		return (NULL);
	}
	p = r->p + r->off;
	r->off += n;
	return (p);
}

/* A length-prefixed string, copied; it must be UTF-8 without NUL bytes. */
char *
rd_str(struct rd *r)
{
	const char	*p;
	size_t		 n;

	p = rd_bytes(r, &n);
	if (p == NULL && r->bad)
		return (NULL);
	if (n > 0 && (memchr(p, '\0', n) != NULL || !utf8_valid(p, n))) {
		r->bad = 1;
		return (NULL);
	}
	return (xstrndup(n > 0 ? p : "", n));
}

void
be64_put(unsigned char *p, uint64_t v)
{
	int	i;

	for (i = 7; i >= 0; i--) {
		p[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

uint64_t
be64_get(const unsigned char *p)
{
	uint64_t	v = 0;
	int		i;

	for (i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return (v);
}
