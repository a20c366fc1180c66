/* search-index.c: blind index terms (keyed hashes of folded names and their prefixes) and their upkeep. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "amparo.h"

/*
 * Terms are SipHash-2-4 (128-bit) hashes keyed with the index subkey, so
 * the index holds no name. A name word gives one term per prefix of
 * PREFIX_MIN to PREFIX_MAX characters (a one-letter word gives itself):
 * "perez" gives "pe", "per", "pere" and "perez". A query word gives one
 * term, its prefix of at most PREFIX_MAX characters; matches are then
 * checked on the decrypted record (which settles words longer than
 * PREFIX_MAX). Document numbers give one exact term of another kind; a
 * record made by a workflow step, one term for the case it belongs to.
 */
#define TERM_NAME	'n'
#define TERM_DOC	'd'
#define TERM_PARENT	'p'
#define TERM_INBOX	'i'	/* referrals sent to an institution */
#define TERM_OUTBOX	'o'	/* referrals an institution sent */
#define TERM_HOUSEHOLD	'h'	/* a household's dependants */
#define TERM_STATE	's'	/* records of a form in a workflow state */

static void
terms_add(struct terms *t, const unsigned char *h)
{
	XGROW(t->v, t->n, t->cap);
	memcpy(t->v[t->n++], h, BLIND_BYTES);
}

static int
term_cmp(const void *a, const void *b)
{
	return (memcmp(a, b, BLIND_BYTES));
}

/* Sort and drop repeats, so that two sets can be compared by merging. */
static void
terms_sort(struct terms *t)
{
	size_t	i, o;

	if (t->n == 0)
		return;
	qsort(t->v, t->n, BLIND_BYTES, term_cmp);
	for (i = 1, o = 1; i < t->n; i++) {
		if (memcmp(t->v[i], t->v[o - 1], BLIND_BYTES) != 0)
			memmove(t->v[o++], t->v[i], BLIND_BYTES);
	}
	t->n = o;
}

/* Byte length of the first n characters of a token. */
static size_t
prefix_bytes(const char *tok, size_t len, size_t n)
{
	size_t	i, chars = 0;

	for (i = 0; i < len; i++) {
		if (((unsigned char)tok[i] & 0xc0) != 0x80) {
			if (chars == n)
				return (i);
			chars++;
		}
	}
	return (len);
}

static size_t
token_chars(const char *tok)
{
	size_t	n = 0;

	for (; *tok != '\0'; tok++) {
		if (((unsigned char)*tok & 0xc0) != 0x80)
			n++;
	}
	return (n);
}

static void
terms_for_name(const struct session *s, const char *value, struct terms *t)
{
	unsigned char	 h[BLIND_BYTES];
	char		 tok[TOKEN_MAX], *folded;
	const char	*p;
	size_t		 len, chars, n;

	folded = text_fold(value);
	p = folded;
	while ((len = text_next_token(&p, tok, sizeof tok)) > 0) {
		chars = token_chars(tok);
		if (chars < PREFIX_MIN) {
			blind_hash(h, TERM_NAME, tok, len, s->keys->index);
			terms_add(t, h);
			continue;
		}
		for (n = PREFIX_MIN; n <= chars && n <= PREFIX_MAX; n++) {
			blind_hash(h, TERM_NAME, tok, prefix_bytes(tok, len, n),
			    s->keys->index);
			terms_add(t, h);
		}
	}
	free(folded);
}

static void
terms_for_doc(const struct session *s, const char *value, struct terms *t)
{
	unsigned char	 h[BLIND_BYTES];
	char		*d;

	d = text_docnum(value);
	if (*d != '\0') {
		blind_hash(h, TERM_DOC, d, strlen(d), s->keys->index);
		terms_add(t, h);
	}
	free(d);
}

static void
terms_for_fields(const struct session *s, const struct field *v, size_t n,
    const struct rmap *m, struct terms *t)
{
	const struct rfield	*rf;
	size_t			 i, j;

	for (i = 0; i < n; i++) {
		if ((rf = rmap_field(m, v[i].id)) == NULL)
			continue;
		if (v[i].type == FT_REPEAT && rf->kind == RF_GROUP) {
			for (j = 0; j < rf->nitems; j++)
				terms_for_fields(s, v[i].fields, v[i].nfields,
				    &rf->items[j], t);
			continue;
		}
		/* A field with a class is never indexed (form-load.c). */
		if (rf->kind != RF_STR || v[i].confidential != NULL ||
		    value_is_sealed(rf->str))
			continue;
		if (v[i].index == FI_NAME)
			terms_for_name(s, rf->str, t);
		else if (v[i].index == FI_DOCUMENT)
			terms_for_doc(s, rf->str, t);
	}
}

/* Every term of a record, sorted and unique. */
void
terms_for_record(const struct session *s, const struct form *f,
    const struct rmap *m, struct terms *t)
{
	size_t	i;

	t->n = 0;
	for (i = 0; i < f->nsections; i++)
		terms_for_fields(s, f->sections[i].fields,
		    f->sections[i].nfields, m, t);
	terms_sort(t);
}

/* Add the term of kind tag over a case id, keeping the set sorted. */
static void
terms_add_id(const struct session *s, char tag, uint64_t case_id,
    struct terms *t)
{
	unsigned char	h[BLIND_BYTES], id[8];

	be64_put(id, case_id);
	blind_hash(h, tag, (const char *)id, sizeof id, s->keys->index);
	terms_add(t, h);
	terms_sort(t);
}

/*
 * Add the term that links a record to the case it belongs to (a transition
 * form's record), keeping the set sorted.
 */
void
terms_add_parent(const struct session *s, uint64_t parent, struct terms *t)
{
	terms_add_id(s, TERM_PARENT, parent, t);
}

/* The term under which a principal case's dependants are found. */
void
terms_add_household(const struct session *s, uint64_t principal,
    struct terms *t)
{
	terms_add_id(s, TERM_HOUSEHOLD, principal, t);
}

/*
 * The term of an institution's inbox (referrals sent to it) or, with out
 * set, of its outbox (referrals it sent).
 */
void
terms_for_box(const struct session *s, const char *institution, int out,
    struct terms *t)
{
	unsigned char	h[BLIND_BYTES];

	blind_hash(h, out ? TERM_OUTBOX : TERM_INBOX, institution,
	    strlen(institution), s->keys->index);
	terms_add(t, h);
	terms_sort(t);
}

/*
 * Add the term of the workflow state a record of the form is in (its work
 * queue), keeping the set sorted; nothing for a record without a state.
 */
void
terms_add_state(const struct session *s, const char *form,
    const char *state, struct terms *t)
{
	unsigned char	 h[BLIND_BYTES];
	char		*tok;
	size_t		 flen, slen;

	if (state == NULL)
		return;
	flen = strlen(form);
	slen = strlen(state);
	tok = xmalloc(flen + 1 + slen);	/* form NUL state */
	memcpy(tok, form, flen + 1);
	memcpy(tok + flen + 1, state, slen);
	blind_hash(h, TERM_STATE, tok, flen + 1 + slen, s->keys->index);
	free(tok);
	terms_add(t, h);
	terms_sort(t);
}

/* The term under which the records linked to a case are found. */
void
terms_for_children(const struct session *s, uint64_t parent,
    struct terms *t)
{
	t->n = 0;
	terms_add_parent(s, parent, t);
}

/*
 * The index terms of a name query: for each word of PREFIX_MIN or more
 * characters, its prefix of at most PREFIX_MAX. Shorter words are left to
 * the check on the decrypted record, unless the query has only short words:
 * then each must be a whole name ("Li Wu").
 */
void
terms_for_name_query(const struct session *s, const char *query,
    struct terms *t)
{
	unsigned char	 h[BLIND_BYTES];
	char		 tok[TOKEN_MAX], *folded;
	const char	*p;
	size_t		 len;
	int		 pass, any_long = 0;

	t->n = 0;
	folded = text_fold(query);
	for (pass = 0; pass < 2; pass++) {
		p = folded;
		while ((len = text_next_token(&p, tok, sizeof tok)) > 0) {
			if (pass == 0) {
				any_long |= token_chars(tok) >= PREFIX_MIN;
				continue;
			}
			if (any_long && token_chars(tok) < PREFIX_MIN)
				continue;
			blind_hash(h, TERM_NAME, tok, prefix_bytes(tok, len,
			    PREFIX_MAX), s->keys->index);
			terms_add(t, h);
		}
	}
	free(folded);
	terms_sort(t);
}

/* The exact term of a document number, or nothing. */
void
terms_for_doc_query(const struct session *s, const char *query,
    struct terms *t)
{
	t->n = 0;
	terms_for_doc(s, query, t);
}

void
terms_free(struct terms *t)
{
	free(t->v);
	memset(t, 0, sizeof *t);
}

/* Move a record's index entries from the old terms to the new (both sorted). */
int
index_update(struct stxn *tx, uint64_t id, const struct terms *old,
    const struct terms *new, struct amp_err *err)
{
	unsigned char	key[8];
	size_t		i = 0, j = 0;
	int		c, rc;

	be64_put(key, id);
	while (i < (old != NULL ? old->n : 0) || j < new->n) {
		if (old == NULL || i >= old->n)
			c = 1;
		else if (j >= new->n)
			c = -1;
		else
			c = memcmp(old->v[i], new->v[j], BLIND_BYTES);
		if (c < 0) {
			rc = stxn_del(tx, DB_INDEX, old->v[i], BLIND_BYTES,
			    key, sizeof key, err);
			if (rc != AMP_OK && rc != AMP_ENOTFOUND)
				return (rc);
			i++;
		} else if (c > 0) {
			rc = stxn_put(tx, DB_INDEX, new->v[j], BLIND_BYTES,
			    key, sizeof key, 0, err);
			if (rc != AMP_OK)
				return (rc);
			j++;
		} else {
			i++;
			j++;
		}
	}
	return (AMP_OK);
}

/* The words of a name query, folded, at most NAME_QUERY_MAX of them. */
void
name_query_parse(const char *query, struct name_query *q)
{
	char		 tok[TOKEN_MAX], *folded;
	const char	*p;

	q->tok = xcalloc(NAME_QUERY_MAX, sizeof *q->tok);
	q->n = 0;
	folded = text_fold(query);
	p = folded;
	while (q->n < NAME_QUERY_MAX &&
	    text_next_token(&p, tok, sizeof tok) > 0)
		memcpy(q->tok[q->n++], tok, sizeof tok);
	free(folded);
}

void
name_query_free(struct name_query *q)
{
	free(q->tok);
	memset(q, 0, sizeof *q);
}

/* Which query words (a bit each) start a word of the name text. */
uint32_t
name_query_match(const struct name_query *q, const char *text, size_t len)
{
	char		 tok[TOKEN_MAX], *copy, *folded;
	const char	*p;
	uint32_t	 mask = 0;
	size_t		 i;

	copy = xstrndup(text, len);
	folded = text_fold(copy);
	free(copy);
	p = folded;
	while (text_next_token(&p, tok, sizeof tok) > 0) {
		for (i = 0; i < q->n; i++) {
			if (strncmp(tok, q->tok[i], strlen(q->tok[i])) == 0)
				mask |= (uint32_t)1 << i;
		}
	}
	free(folded);
	return (mask);
}
