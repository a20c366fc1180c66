/* test-record.c: unit tests of the record model, its binary codec (hostile input included) and case numbers. */

#include "unit.h"

/*
 * Whether two maps hold the same answers (wrapped as one-item groups for
 * rfield_equal).
 */
static int
same_data(const struct rmap *a, const struct rmap *b)
{
	struct rfield	fa, fb;

	memset(&fa, 0, sizeof fa);
	memset(&fb, 0, sizeof fb);
	fa.kind = fb.kind = RF_GROUP;
	fa.items = (struct rmap *)(uintptr_t)a;
	fb.items = (struct rmap *)(uintptr_t)b;
	fa.nitems = fb.nitems = 1;
	return (rfield_equal(&fa, &fb));
}

static int
str_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == b);
	return (strcmp(a, b) == 0);
}

static void
assert_record_equal(const struct record *a, const struct record *b)
{
	assert_true(a->id == b->id);
	assert_true(a->version == b->version);
	assert_true(str_same(a->form, b->form));
	assert_int_equal(a->form_version, b->form_version);
	assert_true(a->created == b->created);
	assert_true(a->updated == b->updated);
	assert_true(str_same(a->created_by, b->created_by));
	assert_true(str_same(a->updated_by, b->updated_by));
	assert_true(a->parent == b->parent);
	assert_true(str_same(a->state, b->state));
	assert_true(a->state_since == b->state_since);
	assert_true(str_same(a->action, b->action));
	assert_true(str_same(a->institution, b->institution));
	assert_true(str_same(a->assignee, b->assignee));
	assert_true(str_same(a->origin, b->origin));
	assert_true(a->consent == b->consent);
	assert_true(a->household == b->household);
	assert_true(str_same(a->relation, b->relation));
	assert_true(same_data(&a->data, &b->data));
}

/* A record with UTF-8 text, a repeat group, and groups nested in its items. */
static void
sample_record(struct record *r)
{
	struct rfield	*g, *docs;
	struct rmap	*it, *d;

	record_init(r);
	r->id = 42;
	r->version = 3;
	r->form = xstrdup("intake");
	r->form_version = 7;
	r->created = 1772900000;
	r->updated = -86400;
	r->created_by = xstrdup("ana");
	r->updated_by = xstrdup("luis.g");
	r->parent = 40;
	r->state = xstrdup("registered");
	r->state_since = 1772900100;
	r->action = xstrdup("register");
	r->institution = xstrdup("onpar");
	r->assignee = xstrdup("@gbv_team");
	r->origin = xstrdup("border");
	r->consent = 41;
	r->household = 39;
	r->relation = xstrdup("spouse");
	rmap_set(&r->data, "given_names", "Jos\xc3\xa9 Mar\xc3\xad" "a");
	rmap_set(&r->data, "family_names", "P\xc3\xa9rez N\xc3\xba\xc3\xb1" "ez");
	rmap_set(&r->data, "other_names", "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e");
	rmap_set(&r->data, "notes", "\xf0\x9f\x98\x80 smile");
	g = rmap_group(&r->data, "household");
	it = rgroup_add(g);
	rmap_set(it, "given_names", "Ana");
	rmap_set(it, "relationship", "spouse");
	docs = rmap_group(it, "docs");
	d = rgroup_add(docs);
	rmap_set(d, "number", "PA-1");
	d = rgroup_add(docs);
	rmap_set(d, "number", "PA-2");
	it = rgroup_add(g);
	rmap_set(it, "given_names", "\xc3\x91" "and\xc3\xba");
	rgroup_add(rmap_group(&r->data, "empty_group"));
	rmap_group(&r->data, "no_items");
}

static void
encode(const struct record *r, struct buf *b)
{
	memset(b, 0, sizeof *b);
	record_encode(r, b);
}

/*
 * Decode from a heap copy of exactly n bytes, so that a read past the end is
 * caught.
 */
static int
decode_exact(const void *p, size_t n, struct record *r)
{
	unsigned char	*copy;
	int		 rc;

	copy = xmalloc(n > 0 ? n : 1);
	if (n > 0)
		memcpy(copy, p, n);
	rc = record_decode(copy, n, r);
	free(copy);
	return (rc);
}

/* The fixed part of an encoding, as record_encode writes it. */
static void
header(struct buf *b, uint8_t codec)
{
	memset(b, 0, sizeof *b);
	buf_add_u8(b, 'A');
	buf_add_u8(b, 'R');
	buf_add_u8(b, codec);
	buf_add_varint(b, 1);		/* id */
	buf_add_varint(b, 1);		/* version */
	buf_add_str(b, "intake");
	buf_add_varint(b, 1);		/* form version */
	buf_add_varint(b, 0);		/* created */
	buf_add_varint(b, 0);		/* updated */
	buf_add_str(b, "ana");
	buf_add_str(b, "ana");
	if (codec >= 2) {		/* the workflow header */
		buf_add_varint(b, 7);	/* parent */
		buf_add_str(b, "open");
		buf_add_varint(b, 2);	/* state since, zigzag: 1 */
		buf_add_str(b, "edit");
	}
}

static void
field_str(struct buf *b, const char *id, const void *val, size_t len)
{
	buf_add_str(b, id);
	buf_add_u8(b, RF_STR);
	buf_add_bytes(b, val, len);
}

static void
assert_decodes(const struct buf *b)
{
	struct record	r;

	assert_int_equal(decode_exact(b->p, b->n, &r), 0);
	record_free(&r);
}

static void
assert_rejected(const struct buf *b)
{
	struct record	r;

	assert_int_equal(decode_exact(b->p, b->n, &r), -1);
	/* A failed decode leaves an empty record behind, nothing to free. */
	assert_null(r.form);
	assert_null(r.created_by);
	assert_null(r.data.v);
	assert_int_equal(r.data.n, 0);
}

static void
test_rmap_set_get(void **state)
{
	struct rmap	m = { 0 };

	(void)state;
	assert_null(rmap_get(&m, "a"));
	rmap_set(&m, "a", "1");
	rmap_set(&m, "b", "2");
	assert_string_equal(rmap_get(&m, "a"), "1");
	assert_string_equal(rmap_get(&m, "b"), "2");
	assert_int_equal(m.n, 2);
	assert_null(rmap_get(&m, "c"));
	assert_null(rmap_get(&m, "A"));
	rmap_free(&m);
	assert_int_equal(m.n, 0);
	assert_null(m.v);
}

static void
test_rmap_replace(void **state)
{
	struct rmap	m = { 0 };

	(void)state;
	rmap_set(&m, "a", "first");
	rmap_set(&m, "a", "second, longer value");
	assert_int_equal(m.n, 1);
	assert_string_equal(rmap_get(&m, "a"), "second, longer value");
	rmap_free(&m);
}

static void
test_rmap_empty_unsets(void **state)
{
	struct rmap	m = { 0 };

	(void)state;
	rmap_set(&m, "a", "1");
	rmap_set(&m, "b", "2");
	rmap_set(&m, "c", "3");
	rmap_set(&m, "b", "");
	assert_int_equal(m.n, 2);
	assert_null(rmap_field(&m, "b"));
	assert_string_equal(rmap_get(&m, "a"), "1");
	assert_string_equal(rmap_get(&m, "c"), "3");
	rmap_set(&m, "a", NULL);
	assert_int_equal(m.n, 1);
	assert_null(rmap_get(&m, "a"));
	rmap_set(&m, "zzz", "");		/* never set: nothing happens */
	assert_int_equal(m.n, 1);
	rmap_unset(&m, "c");
	assert_int_equal(m.n, 0);
	rmap_unset(&m, "c");
	rmap_free(&m);
}

static void
test_rmap_groups(void **state)
{
	struct rmap	 m = { 0 };
	struct rfield	*g;
	struct rmap	*it;

	(void)state;
	g = rmap_group(&m, "household");
	assert_int_equal(g->kind, RF_GROUP);
	assert_int_equal(g->nitems, 0);
	assert_ptr_equal(rmap_group(&m, "household"), g);
	assert_null(rmap_get(&m, "household"));	/* not a text value */
	rmap_set(rgroup_add(g), "n", "one");
	rmap_set(rgroup_add(g), "n", "two");
	it = rgroup_add(g);
	rmap_set(it, "n", "three");
	assert_int_equal(g->nitems, 3);
	rgroup_remove(g, 1);
	assert_int_equal(g->nitems, 2);
	assert_string_equal(rmap_get(&g->items[0], "n"), "one");
	assert_string_equal(rmap_get(&g->items[1], "n"), "three");
	rgroup_remove(g, 5);			/* out of range: nothing */
	assert_int_equal(g->nitems, 2);
	rgroup_remove(g, 1);
	rgroup_remove(g, 0);
	assert_int_equal(g->nitems, 0);
	rmap_free(&m);
}

static void
test_rmap_kind_changes(void **state)
{
	struct rmap	 m = { 0 };
	struct rfield	*g;

	(void)state;
	rmap_set(&m, "x", "text");
	g = rmap_group(&m, "x");		/* text becomes a group */
	assert_int_equal(g->kind, RF_GROUP);
	assert_null(g->str);
	assert_int_equal(m.n, 1);
	rmap_set(rgroup_add(g), "a", "b");
	rmap_set(&m, "x", "text again");	/* and back */
	assert_int_equal(m.n, 1);
	assert_string_equal(rmap_get(&m, "x"), "text again");
	assert_int_equal(rmap_field(&m, "x")->nitems, 0);
	rmap_free(&m);
}

static void
test_rmap_copy_is_deep(void **state)
{
	struct record	 r;
	struct rmap	 c;
	struct rfield	*g;

	(void)state;
	sample_record(&r);
	rmap_copy(&c, &r.data);
	assert_true(same_data(&c, &r.data));
	assert_ptr_not_equal(rmap_get(&c, "given_names"),
	    rmap_get(&r.data, "given_names"));
	/* Changing the copy, deep inside, leaves the original alone. */
	g = rmap_field(&c, "household");
	rmap_set(&g->items[0], "given_names", "Changed");
	rmap_set(&rmap_field(&g->items[0], "docs")->items[1], "number", "X");
	rmap_set(&c, "given_names", "Other");
	rgroup_remove(g, 1);
	assert_false(same_data(&c, &r.data));
	assert_string_equal(rmap_get(&r.data, "given_names"),
	    "Jos\xc3\xa9 Mar\xc3\xad" "a");
	g = rmap_field(&r.data, "household");
	assert_int_equal(g->nitems, 2);
	assert_string_equal(rmap_get(&g->items[0], "given_names"), "Ana");
	assert_string_equal(rmap_get(&rmap_field(&g->items[0],
	    "docs")->items[1], "number"), "PA-2");
	rmap_free(&c);
	record_free(&r);
}

static void
test_record_copy_is_deep(void **state)
{
	struct record	a, b;

	(void)state;
	sample_record(&a);
	record_copy(&b, &a);
	assert_record_equal(&a, &b);
	assert_ptr_not_equal(a.form, b.form);
	assert_ptr_not_equal(a.created_by, b.created_by);
	rmap_set(&b.data, "given_names", "Else");
	assert_false(same_data(&a.data, &b.data));
	record_free(&a);
	record_free(&b);
	assert_null(b.form);
	assert_int_equal(b.data.n, 0);
}

static void
test_rfield_equal(void **state)
{
	struct rmap	 a = { 0 }, b = { 0 };
	struct rfield	*ga, *gb;
	struct rmap	*it;

	(void)state;
	assert_true(rfield_equal(NULL, NULL));
	rmap_set(&a, "s", "x");
	rmap_set(&b, "s", "x");
	assert_false(rfield_equal(rmap_field(&a, "s"), NULL));
	assert_false(rfield_equal(NULL, rmap_field(&a, "s")));
	assert_true(rfield_equal(rmap_field(&a, "s"), rmap_field(&b, "s")));
	rmap_set(&b, "s", "X");
	assert_false(rfield_equal(rmap_field(&a, "s"), rmap_field(&b, "s")));
	rmap_set(&b, "s", "x ");
	assert_false(rfield_equal(rmap_field(&a, "s"), rmap_field(&b, "s")));

	/* A group is never equal to a text. */
	rmap_group(&b, "s");
	assert_false(rfield_equal(rmap_field(&a, "s"), rmap_field(&b, "s")));

	/*
	 * Groups: item by item; within an item the order of fields does not
	 * matter.
	 */
	ga = rmap_group(&a, "g");
	gb = rmap_group(&b, "g");
	assert_true(rfield_equal(ga, gb));
	it = rgroup_add(ga);
	rmap_set(it, "p", "1");
	rmap_set(it, "q", "2");
	assert_false(rfield_equal(ga, gb));
	it = rgroup_add(gb);
	rmap_set(it, "q", "2");
	rmap_set(it, "p", "1");
	assert_true(rfield_equal(ga, gb));
	rmap_set(it, "r", "3");
	assert_false(rfield_equal(ga, gb));
	assert_false(rmap_same(&a, &b));
	rmap_unset(it, "r");
	rmap_set(it, "p", "changed");
	assert_false(rfield_equal(ga, gb));
	rmap_set(it, "p", "1");
	rmap_set(&b, "s", "x");
	assert_true(rmap_same(&a, &b));
	assert_true(rmap_same(&b, &a));
	rmap_set(&b, "extra", "1");
	assert_false(rmap_same(&a, &b));
	assert_false(rmap_same(&b, &a));
	rmap_free(&a);
	rmap_free(&b);
}

/* Renaming keeps the value and the map sorted; it never overwrites. */
static void
test_rmap_rename(void **state)
{
	struct rmap	m = { 0 };
	size_t		i;

	(void)state;
	rmap_set(&m, "b", "1");
	rmap_set(&m, "d", "2");
	rmap_set(&m, "f", "3");
	assert_int_equal(rmap_rename(&m, "b", "z"), 1);
	assert_null(rmap_get(&m, "b"));
	assert_string_equal(rmap_get(&m, "z"), "1");
	for (i = 1; i < m.n; i++)
		assert_true(strcmp(m.v[i - 1].id, m.v[i].id) < 0);
	assert_int_equal(rmap_rename(&m, "d", "f"), 0);	/* f is taken */
	assert_string_equal(rmap_get(&m, "d"), "2");
	assert_string_equal(rmap_get(&m, "f"), "3");
	assert_int_equal(rmap_rename(&m, "nope", "a"), 0);
	assert_int_equal(rmap_rename(&m, "f", "a"), 1);
	assert_string_equal(m.v[0].id, "a");
	assert_int_equal(m.n, 3);
	rmap_free(&m);
}

static void
test_codec_round_trip(void **state)
{
	struct record	r, d;
	struct buf	b, b2;

	(void)state;
	sample_record(&r);
	encode(&r, &b);
	assert_true(b.n > 3);
	assert_memory_equal(b.p, "AR\x05", 3);
	assert_int_equal(decode_exact(b.p, b.n, &d), 0);
	assert_record_equal(&r, &d);
	/* Decoding then encoding again gives the same bytes. */
	encode(&d, &b2);
	assert_int_equal(b.n, b2.n);
	assert_memory_equal(b.p, b2.p, b.n);
	buf_free(&b);
	buf_free(&b2);
	record_free(&r);
	record_free(&d);
}

static void
test_codec_extremes(void **state)
{
	struct record	r, d;
	struct buf	b;

	(void)state;
	record_init(&r);
	r.id = UINT64_MAX;
	r.version = UINT64_MAX - 1;
	r.form_version = UINT32_MAX;
	r.created = INT64_MIN;
	r.updated = INT64_MAX;
	encode(&r, &b);			/* NULL strings are written empty */
	assert_int_equal(decode_exact(b.p, b.n, &d), 0);
	assert_true(d.id == UINT64_MAX);
	assert_true(d.version == UINT64_MAX - 1);
	assert_true(d.form_version == UINT32_MAX);
	assert_true(d.created == INT64_MIN);
	assert_true(d.updated == INT64_MAX);
	assert_string_equal(d.form, "");
	assert_string_equal(d.created_by, "");
	assert_int_equal(d.data.n, 0);
	buf_free(&b);
	record_free(&d);
	record_free(&r);
}

static void
test_decode_rejects_every_truncation(void **state)
{
	struct record	r, d;
	struct buf	b;
	size_t		n;

	(void)state;
	sample_record(&r);
	encode(&r, &b);
	for (n = 0; n < b.n; n++) {
		if (decode_exact(b.p, n, &d) == 0) {
			record_free(&d);
			fail_msg("a prefix of %zu of %zu bytes decodes", n, b.n);
		}
	}
	buf_free(&b);
	record_free(&r);
}

static void
test_decode_rejects_bad_magic_and_codec(void **state)
{
	struct record	r;
	struct buf	b;

	(void)state;
	sample_record(&r);
	encode(&r, &b);
	b.p[0] = 'a';
	assert_rejected(&b);
	b.p[0] = 'A';
	b.p[1] = 'X';
	assert_rejected(&b);
	b.p[1] = 'R';
	b.p[2] = 6;
	assert_rejected(&b);
	b.p[2] = 0;
	assert_rejected(&b);
	/*
	 * Read as codec 1 to 4, the workflow, need-to-know, referral or
	 * consent and household header is taken for fields.
	 */
	b.p[2] = 1;
	assert_rejected(&b);
	b.p[2] = 2;
	assert_rejected(&b);
	b.p[2] = 3;
	assert_rejected(&b);
	b.p[2] = 4;
	assert_rejected(&b);
	b.p[2] = 5;
	assert_decodes(&b);
	buf_free(&b);
	record_free(&r);
}

static void
test_decode_handmade_is_valid(void **state)
{
	struct record	r;
	struct buf	b;

	(void)state;
	header(&b, 1);
	buf_add_varint(&b, 2);
	field_str(&b, "a", "x", 1);
	field_str(&b, "b", "y", 1);
	assert_int_equal(decode_exact(b.p, b.n, &r), 0);
	assert_string_equal(r.form, "intake");
	assert_string_equal(rmap_get(&r.data, "a"), "x");
	assert_string_equal(rmap_get(&r.data, "b"), "y");
	record_free(&r);
	buf_free(&b);
}

/*
 * Records saved before workflows (codec 1) still open, with no state; the
 * same record in codec 2 carries its workflow header.
 */
static void
test_decode_codec1_and_2(void **state)
{
	struct record	r;
	struct buf	b;

	(void)state;
	header(&b, 1);
	buf_add_varint(&b, 1);
	field_str(&b, "a", "x", 1);
	assert_int_equal(decode_exact(b.p, b.n, &r), 0);
	assert_true(r.parent == 0);
	assert_null(r.state);
	assert_null(r.action);
	assert_true(r.state_since == 0);
	assert_string_equal(rmap_get(&r.data, "a"), "x");
	record_free(&r);
	buf_free(&b);
	header(&b, 2);
	buf_add_varint(&b, 1);
	field_str(&b, "a", "x", 1);
	assert_int_equal(decode_exact(b.p, b.n, &r), 0);
	assert_true(r.parent == 7);
	assert_string_equal(r.state, "open");
	assert_string_equal(r.action, "edit");
	assert_true(r.state_since == 1);
	assert_string_equal(rmap_get(&r.data, "a"), "x");
	record_free(&r);
	buf_free(&b);
}

/*
 * Records saved before consent and households (codec 4) still open, with
 * neither; codec 5 carries both.
 */
static void
test_decode_codec4_and_5(void **state)
{
	struct record	r;
	struct buf	b;
	uint8_t		codec;

	(void)state;
	for (codec = 4; codec <= 5; codec++) {
		header(&b, codec);
		buf_add_str(&b, "onpar");	/* institution */
		buf_add_str(&b, "");		/* assignee */
		buf_add_str(&b, "");		/* origin */
		if (codec == 5) {
			buf_add_varint(&b, 9);	/* consent */
			buf_add_varint(&b, 8);	/* household */
			buf_add_str(&b, "child");
		}
		buf_add_varint(&b, 1);
		field_str(&b, "a", "x", 1);
		assert_int_equal(decode_exact(b.p, b.n, &r), 0);
		assert_true(r.consent == (codec == 5 ? 9 : 0));
		assert_true(r.household == (codec == 5 ? 8 : 0));
		if (codec == 5)
			assert_string_equal(r.relation, "child");
		else
			assert_null(r.relation);
		assert_string_equal(rmap_get(&r.data, "a"), "x");
		record_free(&r);
		buf_free(&b);
	}
}

static void
test_decode_rejects_duplicate_ids(void **state)
{
	struct buf	b;

	(void)state;
	header(&b, 1);
	buf_add_varint(&b, 2);
	field_str(&b, "a", "x", 1);
	field_str(&b, "a", "y", 1);
	assert_rejected(&b);
	buf_free(&b);

	/* Also inside a group's item. */
	header(&b, 1);
	buf_add_varint(&b, 1);
	buf_add_str(&b, "g");
	buf_add_u8(&b, RF_GROUP);
	buf_add_varint(&b, 1);
	buf_add_varint(&b, 2);
	field_str(&b, "n", "1", 1);
	field_str(&b, "n", "2", 1);
	assert_rejected(&b);
	buf_free(&b);
}

static void
test_decode_rejects_bad_strings(void **state)
{
	struct buf	b;

	(void)state;
	/* Invalid UTF-8 in a value, in an id, in the form name. */
	header(&b, 1);
	buf_add_varint(&b, 1);
	field_str(&b, "a", "ok\xff", 3);
	assert_rejected(&b);
	buf_free(&b);
	header(&b, 1);
	buf_add_varint(&b, 1);
	field_str(&b, "a", "\xed\xa0\x80", 3);		/* a surrogate */
	assert_rejected(&b);
	buf_free(&b);
	header(&b, 1);
	buf_add_varint(&b, 1);
	field_str(&b, "\xc0\x80", "x", 1);
	assert_rejected(&b);
	buf_free(&b);

	/* An embedded NUL. */
	header(&b, 1);
	buf_add_varint(&b, 1);
	field_str(&b, "a", "ab\0cd", 5);
	assert_rejected(&b);
	buf_free(&b);

	/* An empty field id. */
	header(&b, 1);
	buf_add_varint(&b, 1);
	field_str(&b, "", "x", 1);
	assert_rejected(&b);
	buf_free(&b);

	/* A kind that does not exist. */
	header(&b, 1);
	buf_add_varint(&b, 1);
	buf_add_str(&b, "a");
	buf_add_u8(&b, 2);
	buf_add_str(&b, "x");
	assert_rejected(&b);
	buf_free(&b);

	/* A string length past the end. */
	header(&b, 1);
	buf_add_varint(&b, 1);
	buf_add_str(&b, "a");
	buf_add_u8(&b, RF_STR);
	buf_add_varint(&b, 1000);
	buf_add(&b, "abc", 3);
	assert_rejected(&b);
	buf_free(&b);
}

/* A chain of groups, each item holding the next group, depth levels deep. */
static void
nested(struct rmap *m, int depth)
{
	struct rmap	*it;

	rmap_set(m, "leaf", "x");
	if (depth == 0)
		return;
	it = rgroup_add(rmap_group(m, "g"));
	nested(it, depth - 1);
}

static void
test_decode_depth_limit(void **state)
{
	struct record	r, d;
	struct buf	b;

	(void)state;
	record_init(&r);
	nested(&r.data, RECORD_MAX_DEPTH);
	encode(&r, &b);
	assert_int_equal(decode_exact(b.p, b.n, &d), 0);
	assert_true(same_data(&r.data, &d.data));
	record_free(&d);
	buf_free(&b);
	record_free(&r);

	record_init(&r);
	nested(&r.data, RECORD_MAX_DEPTH + 1);
	encode(&r, &b);
	assert_rejected(&b);
	buf_free(&b);
	record_free(&r);

	record_init(&r);
	nested(&r.data, 200);
	encode(&r, &b);
	assert_rejected(&b);
	buf_free(&b);
	record_free(&r);
}

static void
test_decode_item_limit(void **state)
{
	struct record	 r, d;
	struct rfield	*g;
	struct buf	 b;
	size_t		 i;

	(void)state;
	record_init(&r);
	g = rmap_group(&r.data, "g");
	for (i = 0; i < RECORD_MAX_ITEMS; i++)
		rmap_set(rgroup_add(g), "n", "1");
	encode(&r, &b);
	assert_int_equal(decode_exact(b.p, b.n, &d), 0);
	assert_int_equal(rmap_field(&d.data, "g")->nitems, RECORD_MAX_ITEMS);
	record_free(&d);
	buf_free(&b);
	rmap_set(rgroup_add(g), "n", "1");
	encode(&r, &b);
	assert_rejected(&b);
	buf_free(&b);
	record_free(&r);

	/* A count far beyond the bytes left. */
	header(&b, 1);
	buf_add_varint(&b, 1);
	buf_add_str(&b, "g");
	buf_add_u8(&b, RF_GROUP);
	buf_add_varint(&b, 900);
	buf_add_varint(&b, 0);
	assert_rejected(&b);
	buf_free(&b);
	header(&b, 1);
	buf_add_varint(&b, UINT64_MAX);		/* fields */
	assert_rejected(&b);
	buf_free(&b);
}

static void
test_decode_field_limit(void **state)
{
	struct record	r, d;
	struct buf	b;
	char		id[16];
	size_t		i;

	(void)state;
	record_init(&r);
	for (i = 0; i < 4096; i++) {
		snprintf(id, sizeof id, "f%zu", i);
		rmap_set(&r.data, id, "v");
	}
	encode(&r, &b);
	assert_int_equal(decode_exact(b.p, b.n, &d), 0);
	assert_int_equal(d.data.n, 4096);
	record_free(&d);
	buf_free(&b);
	rmap_set(&r.data, "one_more", "v");
	encode(&r, &b);
	assert_rejected(&b);
	buf_free(&b);
	record_free(&r);
}

static void
test_decode_rejects_trailing_bytes(void **state)
{
	struct record	r;
	struct buf	b;

	(void)state;
	sample_record(&r);
	encode(&r, &b);
	assert_decodes(&b);
	buf_add_u8(&b, 0);
	assert_rejected(&b);
	b.n--;
	buf_add(&b, "AR\x01", 3);
	assert_rejected(&b);
	buf_free(&b);
	record_free(&r);
}

static void
test_decode_varints(void **state)
{
	static const unsigned char	 max[] = { 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0x01 };
	static const unsigned char	 over[] = { 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff, 0x02 };
	static const unsigned char	 longer[] = { 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff, 0x81, 0x00 };
	static const unsigned char	 endless[] = { 0x80, 0x80, 0x80, 0x80,
	    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 };
	struct record			 r;
	struct buf			 b;

	(void)state;
	/* The largest id, in ten bytes, is read exactly. */
	memset(&b, 0, sizeof b);
	buf_add(&b, "AR\x01", 3);
	buf_add(&b, max, sizeof max);
	buf_add_varint(&b, 1);
	buf_add_str(&b, "f");
	buf_add_varint(&b, 1);
	buf_add_varint(&b, 0);
	buf_add_varint(&b, 0);
	buf_add_str(&b, "");
	buf_add_str(&b, "");
	buf_add_varint(&b, 0);
	assert_int_equal(decode_exact(b.p, b.n, &r), 0);
	assert_true(r.id == UINT64_MAX);
	record_free(&r);
	buf_free(&b);

	/*
	 * One bit more, or an eleventh byte, or a run of continuations:
	 * rejected.
	 */
	buf_add(&b, "AR\x01", 3);
	buf_add(&b, over, sizeof over);
	buf_add_varint(&b, 1);
	assert_rejected(&b);
	buf_free(&b);
	buf_add(&b, "AR\x01", 3);
	buf_add(&b, longer, sizeof longer);
	buf_add_varint(&b, 1);
	assert_rejected(&b);
	buf_free(&b);
	buf_add(&b, "AR\x01", 3);
	buf_add(&b, endless, sizeof endless);
	assert_rejected(&b);
	buf_free(&b);

	/* A form version above 32 bits. */
	memset(&b, 0, sizeof b);
	buf_add(&b, "AR\x01", 3);
	buf_add_varint(&b, 1);
	buf_add_varint(&b, 1);
	buf_add_str(&b, "f");
	buf_add_varint(&b, (uint64_t)UINT32_MAX + 1);
	buf_add_varint(&b, 0);
	buf_add_varint(&b, 0);
	buf_add_str(&b, "");
	buf_add_str(&b, "");
	buf_add_varint(&b, 0);
	assert_rejected(&b);
	buf_free(&b);
}

/*
 * Change a valid encoding at random: never a crash, and what decodes encodes
 * back alike.
 */
static void
test_decode_fuzz(void **state)
{
	struct record	 r, d, d2;
	struct buf	 orig, m, e2, e3;
	struct rng	 g;
	size_t		 iter, k, pos, ok = 0, diff = 0;
	unsigned	 op;

	(void)state;
	sample_record(&r);
	encode(&r, &orig);
	rng_seed(&g, 20260307);
	memset(&m, 0, sizeof m);
	for (iter = 0; iter < 20000; iter++) {
		buf_reset(&m);
		buf_add(&m, orig.p, orig.n);
		for (k = 1 + rng_below(&g, 3); k > 0; k--) {
			op = rng_below(&g, 6);
			pos = m.n > 0 ? rng_below(&g, (uint32_t)m.n) : 0;
			switch (op) {
			case 0:		/* flip a bit */
				if (m.n > 0)
					m.p[pos] ^= (unsigned char)(1u <<
					    rng_below(&g, 8));
				break;
			case 1:		/* a random byte */
				if (m.n > 0)
					m.p[pos] = (unsigned char)rng_below(&g,
					    256);
				break;
			case 2:		/* an edge value */
				if (m.n > 0)
					m.p[pos] = (unsigned char[]){
					    0, 1, 0x7f, 0x80, 0xff
					}[rng_below(&g, 5)];
				break;
			case 3:		/* cut the end */
				m.n = pos;
				break;
			case 4:		/* delete a byte */
				if (m.n > 0) {
					memmove(m.p + pos, m.p + pos + 1,
					    m.n - pos - 1);
					m.n--;
				}
				break;
			default:	/* insert a byte */
				buf_add_u8(&m, 0);
				memmove(m.p + pos + 1, m.p + pos,
				    m.n - pos - 1);
				m.p[pos] = (unsigned char)rng_below(&g, 256);
				break;
			}
		}
		if (decode_exact(m.p, m.n, &d) != 0)
			continue;
		ok++;
		encode(&d, &e2);
		/*
		 * The decoder accepts a varint with needless continuation
		 * bytes ("80 00" for 0), which encodes back shorter, and
		 * fields out of order, which encode back sorted; neither
		 * makes the encoding longer.
		 */
		if (e2.n != m.n || memcmp(e2.p, m.p, m.n) != 0) {
			diff++;
			if (e2.n > m.n)
				fail_msg("iteration %zu: %zu bytes decode and "
				    "encode back to %zu bytes", iter, m.n, e2.n);
		}
		if (decode_exact(e2.p, e2.n, &d2) != 0)
			fail_msg("iteration %zu: a re-encoded record does not "
			    "decode", iter);
		assert_record_equal(&d, &d2);
		encode(&d2, &e3);
		assert_int_equal(e2.n, e3.n);
		assert_memory_equal(e2.p, e3.p, e2.n);
		buf_free(&e2);
		buf_free(&e3);
		record_free(&d);
		record_free(&d2);
	}
	print_message("# fuzz: %zu of 20000 mutations decoded, %zu of them not "
	    "in canonical form\n", ok, diff);
	assert_true(ok > 1000);
	buf_free(&m);
	buf_free(&orig);
	record_free(&r);
}

/* What record_scan reported: one line a text field, "group/item/id=value". */
struct scan_log {
	struct buf	 b;
	size_t		 n;
	uint64_t	 id;
};

static void
scan_cb(void *arg, const struct rscan_head *h, const struct rscan_field *f)
{
	struct scan_log	*l = arg;
	char		 item[32];

	l->n++;
	l->id = h->id;
	if (f->group != NULL) {
		buf_add(&l->b, f->group, f->glen);
		snprintf(item, sizeof item, "/%zu/", f->item);
		buf_add(&l->b, item, strlen(item));
	}
	buf_add(&l->b, f->id, f->idlen);
	buf_add(&l->b, "=", 1);
	buf_add(&l->b, f->val, f->vlen);
	buf_add(&l->b, "\n", 1);
}

static void
test_scan_reports_fields(void **state)
{
	static const char *const want[] = {
		"given_names=Jos\xc3\xa9 Mar\xc3\xad" "a\n",
		"family_names=P\xc3\xa9rez N\xc3\xba\xc3\xb1" "ez\n",
		"other_names=\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e\n",
		"notes=\xf0\x9f\x98\x80 smile\n",
		"household/0/given_names=Ana\n",
		"household/0/relationship=spouse\n",
		"household/0/number=PA-1\n",
		"household/0/number=PA-2\n",
		"household/1/given_names=\xc3\x91" "and\xc3\xba\n",
	};
	struct record		 r;
	struct rscan_head	 h;
	struct scan_log		 l;
	struct buf		 b;
	size_t			 i;

	(void)state;
	sample_record(&r);
	encode(&r, &b);
	memset(&l, 0, sizeof l);
	assert_int_equal(record_scan(b.p, b.n, &h, scan_cb, &l), 0);
	assert_true(h.id == 42);
	assert_true(h.version == 3);
	assert_int_equal(h.formlen, 6);
	assert_memory_equal(h.form, "intake", 6);
	assert_true(h.created == r.created);
	assert_true(h.updated == r.updated);
	assert_int_equal(l.n, 9);
	buf_add_u8(&l.b, 0);
	/* In the order of the encoding, which is the record's own. */
	for (i = 0; i < nitems(want); i++) {
		if (strstr((char *)l.b.p, want[i]) == NULL)
			fail_msg("record_scan did not report %s; it reported:\n%s",
			    want[i], (char *)l.b.p);
	}
	buf_free(&l.b);
	buf_free(&b);
	record_free(&r);
}

static void
test_scan_rejects_damage(void **state)
{
	struct record		 r;
	struct rscan_head	 h;
	struct scan_log		 l;
	struct buf		 b;
	unsigned char		*copy;
	size_t			 n;

	(void)state;
	sample_record(&r);
	encode(&r, &b);
	memset(&l, 0, sizeof l);
	for (n = 0; n < b.n; n++) {
		copy = xmalloc(n > 0 ? n : 1);
		memcpy(copy, b.p, n);
		if (record_scan(copy, n, &h, scan_cb, &l) == 0)
			fail_msg("a prefix of %zu of %zu bytes scans", n, b.n);
		free(copy);
	}
	buf_add_u8(&b, 0);
	assert_int_equal(record_scan(b.p, b.n, &h, scan_cb, &l), -1);
	b.n--;
	b.p[2] = 6;
	assert_int_equal(record_scan(b.p, b.n, &h, scan_cb, &l), -1);
	buf_free(&l.b);
	buf_free(&b);
	record_free(&r);

	/* Too deep. */
	record_init(&r);
	nested(&r.data, RECORD_MAX_DEPTH + 1);
	encode(&r, &b);
	memset(&l, 0, sizeof l);
	assert_int_equal(record_scan(b.p, b.n, &h, scan_cb, &l), -1);
	buf_free(&l.b);
	buf_free(&b);
	record_free(&r);
}

static size_t
text_fields(const struct rmap *m)
{
	size_t	i, j, n = 0;

	for (i = 0; i < m->n; i++) {
		if (m->v[i].kind == RF_STR)
			n++;
		for (j = 0; j < m->v[i].nitems; j++)
			n += text_fields(&m->v[i].items[j]);
	}
	return (n);
}

/* Scanning mutated encodings never crashes, and takes whatever decodes. */
static void
test_scan_fuzz(void **state)
{
	struct record		 r, d;
	struct rscan_head	 h;
	struct scan_log		 l;
	struct buf		 orig;
	struct rng		 g;
	unsigned char		*m;
	size_t			 iter, k, n, pos;

	(void)state;
	sample_record(&r);
	encode(&r, &orig);
	rng_seed(&g, 77);
	memset(&l, 0, sizeof l);
	for (iter = 0; iter < 20000; iter++) {
		n = orig.n;
		if (rng_chance(&g, 20))
			n = rng_below(&g, (uint32_t)orig.n);
		m = xmalloc(n > 0 ? n : 1);
		memcpy(m, orig.p, n);
		for (k = 1 + rng_below(&g, 3); k > 0 && n > 0; k--) {
			pos = rng_below(&g, (uint32_t)n);
			if (rng_chance(&g, 50))
				m[pos] ^= (unsigned char)(1u <<
				    rng_below(&g, 8));
			else
				m[pos] = (unsigned char)rng_below(&g, 256);
		}
		l.n = 0;
		buf_reset(&l.b);
		k = (size_t)record_scan(m, n, &h, scan_cb, &l);
		if (decode_exact(m, n, &d) == 0) {
			if (k != 0)
				fail_msg("iteration %zu: decodes but does not "
				    "scan", iter);
			assert_int_equal(l.n, text_fields(&d.data));
			assert_true(h.id == d.id);
			record_free(&d);
		}
		free(m);
	}
	buf_free(&l.b);
	buf_free(&orig);
	record_free(&r);
}

static void
test_casenum_format(void **state)
{
	char	out[32];
	int64_t	t = date_days(2026, 6, 15) * 86400 + 12 * 3600;

	(void)state;
	casenum_format(123, t, out, sizeof out);
	assert_string_equal(out, "2026-000123");
	casenum_format(1, t, out, sizeof out);
	assert_string_equal(out, "2026-000001");
	casenum_format(1234567, t, out, sizeof out);
	assert_string_equal(out, "2026-1234567");
	casenum_format(5, date_days(1999, 6, 15) * 86400 + 12 * 3600, out,
	    sizeof out);
	assert_string_equal(out, "1999-000005");
}

static void
check_casenum(const char *s, uint64_t id, int year)
{
	uint64_t	gid = 0;
	int		gyear = 0;

	if (casenum_parse(s, &gid, &gyear) != 0)
		fail_msg("casenum_parse(\"%s\") failed", s);
	if (gid != id || gyear != year)
		fail_msg("casenum_parse(\"%s\") gave %d-%llu", s, gyear,
		    (unsigned long long)gid);
}

static void
check_casenum_bad(const char *s)
{
	uint64_t	id;
	int		year;

	if (casenum_parse(s, &id, &year) == 0)
		fail_msg("casenum_parse(\"%s\") accepted: %d-%llu", s, year,
		    (unsigned long long)id);
}

static void
test_casenum_parse(void **state)
{
	char	out[32];

	(void)state;
	check_casenum("2026-000123", 123, 2026);
	check_casenum("2026-123", 123, 2026);
	check_casenum("2026-1", 1, 2026);
	check_casenum(" 2026-000123 ", 123, 2026);
	check_casenum("1999-1234567", 1234567, 1999);
	check_casenum("2026-1844674407370955160", 1844674407370955160ULL, 2026);
	/* What casenum_format writes, casenum_parse reads. */
	casenum_format(98765, date_days(2030, 1, 15) * 86400 + 43200, out,
	    sizeof out);
	check_casenum(out, 98765, 2030);
}

static void
test_casenum_parse_rejects(void **state)
{
	(void)state;
	check_casenum_bad("");
	check_casenum_bad("2026");
	check_casenum_bad("2026-");
	check_casenum_bad("26-1");
	check_casenum_bad("202-1");
	check_casenum_bad("20261");
	check_casenum_bad("2026-0");
	check_casenum_bad("2026-000000");
	check_casenum_bad("2026-12a");
	check_casenum_bad("2026-1 2");
	check_casenum_bad("2026_1");
	check_casenum_bad("2026/1");
	check_casenum_bad("abcd-1");
	check_casenum_bad("2026--1");
	check_casenum_bad("2026-+1");
	check_casenum_bad("2026-99999999999999999999");
	check_casenum_bad("2026-18446744073709551616");
	check_casenum_bad("Jos\xc3\xa9");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rmap_set_get),
		cmocka_unit_test(test_rmap_replace),
		cmocka_unit_test(test_rmap_empty_unsets),
		cmocka_unit_test(test_rmap_groups),
		cmocka_unit_test(test_rmap_kind_changes),
		cmocka_unit_test(test_rmap_copy_is_deep),
		cmocka_unit_test(test_record_copy_is_deep),
		cmocka_unit_test(test_rfield_equal),
		cmocka_unit_test(test_codec_round_trip),
		cmocka_unit_test(test_codec_extremes),
		cmocka_unit_test(test_decode_rejects_every_truncation),
		cmocka_unit_test(test_decode_rejects_bad_magic_and_codec),
		cmocka_unit_test(test_decode_handmade_is_valid),
		cmocka_unit_test(test_decode_codec1_and_2),
		cmocka_unit_test(test_decode_codec4_and_5),
		cmocka_unit_test(test_rmap_rename),
		cmocka_unit_test(test_decode_rejects_duplicate_ids),
		cmocka_unit_test(test_decode_rejects_bad_strings),
		cmocka_unit_test(test_decode_depth_limit),
		cmocka_unit_test(test_decode_item_limit),
		cmocka_unit_test(test_decode_field_limit),
		cmocka_unit_test(test_decode_rejects_trailing_bytes),
		cmocka_unit_test(test_decode_varints),
		cmocka_unit_test(test_decode_fuzz),
		cmocka_unit_test(test_scan_reports_fields),
		cmocka_unit_test(test_scan_rejects_damage),
		cmocka_unit_test(test_scan_fuzz),
		cmocka_unit_test(test_casenum_format),
		cmocka_unit_test(test_casenum_parse),
		cmocka_unit_test(test_casenum_parse_rejects),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
