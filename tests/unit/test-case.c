/* test-case.c: unit tests of cases in a real store: create, read, update and merge, search, demo data, drafts, sealing. */

#include "unit.h"

#include <sys/types.h>
#include <sys/wait.h>

#define TODAY	"2026-03-07"

static struct formset	*forms;

static int
group_setup(void **state)
{
	struct diags	d = { 0 };

	(void)state;
	if (formset_load(unit_forms_dir(), &forms, &d) != AMP_OK) {
		unit_print_diags(&d);
		diags_free(&d);
		return (-1);
	}
	diags_free(&d);
	return (0);
}

static int
group_teardown(void **state)
{
	(void)state;
	formset_free(forms);
	return (0);
}

/* Each test gets a new store with the administrator logged in. */
static int
setup(void **state)
{
	struct unit_store	*u;

	u = xcalloc(1, sizeof *u);
	unit_store_open(u, forms);
	*state = u;
	return (0);
}

static int
teardown(void **state)
{
	struct unit_store	*u = *state;

	unit_store_close(u);
	free(u);
	return (0);
}

/* Whether two maps hold the same answers (wrapped as one-item groups). */
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

/* A valid intake record for one person. */
static void
person(struct record *r, const char *given, const char *family,
    const char *doc)
{
	record_init(r);
	r->form = xstrdup("intake");
	rmap_set(&r->data, "given_names", given);
	rmap_set(&r->data, "family_names", family);
	rmap_set(&r->data, "sex", "male");
	rmap_set(&r->data, "birth_date", "1990-03-07");
	rmap_set(&r->data, "nationality", "VEN");
	rmap_set(&r->data, "language", "spa");
	if (doc != NULL) {
		rmap_set(&r->data, "document_type", "national_id");
		rmap_set(&r->data, "document_number", doc);
	}
}

static void
add_member(struct record *r, const char *given, const char *family)
{
	struct rmap	*it = rgroup_add(rmap_group(&r->data, "household"));

	rmap_set(it, "given_names", given);
	rmap_set(it, "family_names", family);
	rmap_set(it, "relationship", "child");
}

static uint64_t
create(struct unit_store *u, struct record *r)
{
	struct verrs	ve = { 0 };
	struct amp_err	err = { 0, "" };
	size_t		i;
	int		rc;

	if ((rc = case_create(u->s, r, &ve, &err)) != AMP_OK) {
		for (i = 0; i < ve.n; i++)
			print_message("#   %s: %s\n", ve.v[i].path,
			    ve.v[i].msg);
		fail_msg("case_create: %d %s", rc, err.msg);
	}
	verrs_free(&ve);
	return (r->id);
}

static uint64_t
create_person(struct unit_store *u, const char *given, const char *family,
    const char *doc)
{
	struct record	r;
	uint64_t	id;

	person(&r, given, family, doc);
	id = create(u, &r);
	record_free(&r);
	return (id);
}

static int
update(struct unit_store *u, struct record *r, uint64_t base,
    struct conflicts *cf, struct amp_err *err)
{
	struct verrs	ve = { 0 };
	int		rc;

	rc = case_update(u->s, r, base, &ve, cf, err);
	verrs_free(&ve);
	return (rc);
}

static void
get(struct unit_store *u, uint64_t id, struct record *r)
{
	struct amp_err	err = { 0, "" };

	if (case_get(u->s, id, r, &err) != AMP_OK)
		fail_msg("case_get %llu: %s", (unsigned long long)id, err.msg);
}

/* The ids a query finds, in order; their number in *n. */
static uint64_t *
find(struct unit_store *u, const char *query, size_t max, size_t *n)
{
	struct case_hit	*hits;
	struct amp_err	 err = { 0, "" };
	uint64_t	*ids;
	size_t		 i;

	if (case_find(u->s, query, max, &hits, n, &err) != AMP_OK)
		fail_msg("case_find \"%s\": %s", query, err.msg);
	ids = xcalloc(*n + 1, sizeof *ids);
	for (i = 0; i < *n; i++)
		ids[i] = hits[i].id;
	case_hits_free(hits, *n);
	return (ids);
}

/* A query finds exactly these ids (a 0-terminated list), in this order. */
static void
expect_found(struct unit_store *u, const char *query, ...)
{
	va_list		 ap;
	uint64_t	 want[64], *got;
	size_t		 nwant = 0, n, i;
	int		 v;

	va_start(ap, query);
	while ((v = va_arg(ap, int)) != 0 && nwant < nitems(want))
		want[nwant++] = (uint64_t)v;
	va_end(ap);
	got = find(u, query, 50, &n);
	if (n != nwant || (n > 0 && memcmp(got, want, n * sizeof *got) != 0)) {
		print_message("# \"%s\" found:", query);
		for (i = 0; i < n; i++)
			print_message(" %llu", (unsigned long long)got[i]);
		print_message("; want:");
		for (i = 0; i < nwant; i++)
			print_message(" %llu", (unsigned long long)want[i]);
		print_message("\n");
		free(got);
		fail();
	}
	free(got);
}

static void
test_create_assigns_ids(void **state)
{
	struct unit_store	*u = *state;
	struct record		 r;
	int			 i;

	for (i = 1; i <= 3; i++) {
		person(&r, "Ana", "Rojas", NULL);
		assert_int_equal(create(u, &r), i);
		assert_int_equal(r.version, 1);
		assert_int_equal(r.form_version, 3);
		assert_string_equal(r.created_by, UNIT_ADMIN);
		assert_string_equal(r.updated_by, UNIT_ADMIN);
		assert_true(r.created > 0);
		assert_true(r.updated == r.created);
		record_free(&r);
	}
}

static void
test_create_invalid_writes_nothing(void **state)
{
	struct unit_store	*u = *state;
	struct record		 r;
	struct verrs		 ve = { 0 };
	struct amp_err		 err = { 0, "" };
	size_t			 n, i;
	uint64_t		*ids;
	int			 saw_family = 0, saw_birth = 0;

	assert_int_equal(create_person(u, "Ana", "Rojas", NULL), 1);
	person(&r, "Xavier", "Ordo\xc3\xb1" "ez", "XV-99");
	rmap_unset(&r.data, "family_names");
	rmap_set(&r.data, "birth_date", "31/02/1990");
	assert_int_equal(case_create(u->s, &r, &ve, &err), AMP_EINVAL);
	assert_int_equal(err.code, AMP_EINVAL);
	assert_int_equal(ve.n, 2);
	for (i = 0; i < ve.n; i++) {
		saw_family |= strcmp(ve.v[i].path, "family_names") == 0;
		saw_birth |= strcmp(ve.v[i].path, "birth_date") == 0;
	}
	assert_true(saw_family && saw_birth);
	assert_contains(err.msg, "2 fields");
	verrs_free(&ve);
	record_free(&r);
	/* No number was used up, and no trace of it can be found. */
	assert_int_equal(create_person(u, "Luis", "Rojas", NULL), 2);
	ids = find(u, "xavier", 10, &n);
	assert_int_equal(n, 0);
	free(ids);
	ids = find(u, "XV-99", 10, &n);
	assert_int_equal(n, 0);
	free(ids);
	assert_int_equal(case_get(u->s, 3, &r, &err), AMP_ENOTFOUND);
}

static void
test_create_unknown_form(void **state)
{
	struct unit_store	*u = *state;
	struct record		 r;
	struct verrs		 ve = { 0 };
	struct amp_err		 err = { 0, "" };

	person(&r, "Ana", "Rojas", NULL);
	free(r.form);
	r.form = xstrdup("nope");
	assert_int_equal(case_create(u->s, &r, &ve, &err), AMP_EFORMS);
	assert_contains(err.msg, "nope");
	record_free(&r);
	verrs_free(&ve);
	assert_int_equal(create_person(u, "Ana", "Rojas", NULL), 1);
}

static void
test_get_round_trip(void **state)
{
	struct unit_store	*u = *state;
	struct record		 r, g;

	person(&r, "Jos\xc3\xa9 Luis", "P\xc3\xa9rez Ord\xc3\xb3\xc3\xb1" "ez",
	    "PA-12 345");
	rmap_set(&r.data, "phone", "+507 6555-0101");
	rmap_set(&r.data, "other_names", "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e");
	rmap_set(&r.data, "needs_interpreter", "no");
	add_member(&r, "Ana", "P\xc3\xa9rez");
	add_member(&r, "Luc\xc3\xad" "a", "P\xc3\xa9rez");
	create(u, &r);
	get(u, r.id, &g);
	assert_true(g.id == r.id);
	assert_int_equal(g.version, 1);
	assert_string_equal(g.form, "intake");
	assert_string_equal(g.created_by, UNIT_ADMIN);
	assert_true(g.created == r.created);
	assert_true(same_data(&g.data, &r.data));
	assert_int_equal(rmap_field(&g.data, "household")->nitems, 2);
	record_free(&g);
	record_free(&r);
}

static void
test_get_missing(void **state)
{
	struct unit_store	*u = *state;
	struct record		 r;
	struct amp_err		 err = { 0, "" };

	assert_int_equal(case_get(u->s, 1, &r, &err), AMP_ENOTFOUND);
	assert_int_equal(err.code, AMP_ENOTFOUND);
	assert_contains(err.msg, "1");
	assert_null(r.form);
	assert_int_equal(case_get_version(u->s, 1, 1, &r, &err),
	    AMP_ENOTFOUND);
}

static void
test_update_keeps_history(void **state)
{
	struct unit_store	*u = *state;
	struct record		 r, g;
	struct conflicts	 cf = { 0 };
	struct amp_err		 err = { 0, "" };
	uint64_t		 id;
	int64_t			 created;

	id = create_person(u, "Ana", "Rojas", NULL);
	get(u, id, &r);
	created = r.created;
	rmap_set(&r.data, "phone", "+507 6000-0111");
	assert_int_equal(update(u, &r, 1, &cf, &err), AMP_OK);
	assert_int_equal(r.version, 2);
	assert_int_equal(cf.n, 0);
	get(u, id, &g);
	assert_int_equal(g.version, 2);
	assert_string_equal(rmap_get(&g.data, "phone"), "+507 6000-0111");
	assert_true(g.created == created);
	assert_string_equal(g.created_by, UNIT_ADMIN);
	assert_string_equal(g.updated_by, UNIT_ADMIN);
	record_free(&g);
	/* The old version is kept. */
	assert_int_equal(case_get_version(u->s, id, 1, &g, &err), AMP_OK);
	assert_int_equal(g.version, 1);
	assert_null(rmap_get(&g.data, "phone"));
	assert_string_equal(rmap_get(&g.data, "given_names"), "Ana");
	record_free(&g);
	assert_int_equal(case_get_version(u->s, id, 2, &g, &err), AMP_OK);
	assert_string_equal(rmap_get(&g.data, "phone"), "+507 6000-0111");
	record_free(&g);
	assert_int_equal(case_get_version(u->s, id, 3, &g, &err),
	    AMP_ENOTFOUND);
	/* Another version. */
	rmap_set(&r.data, "phone", "+507 6000-0222");
	assert_int_equal(update(u, &r, 2, &cf, &err), AMP_OK);
	assert_int_equal(r.version, 3);
	assert_int_equal(case_get_version(u->s, id, 2, &g, &err), AMP_OK);
	assert_string_equal(rmap_get(&g.data, "phone"), "+507 6000-0111");
	record_free(&g);
	assert_int_equal(case_get_version(u->s, id, 1, &g, &err), AMP_OK);
	assert_null(rmap_get(&g.data, "phone"));
	record_free(&g);
	record_free(&r);
	conflicts_free(&cf);
}

static void
test_update_invalid_writes_nothing(void **state)
{
	struct unit_store	*u = *state;
	struct record		 r, g;
	struct conflicts	 cf = { 0 };
	struct verrs		 ve = { 0 };
	struct amp_err		 err = { 0, "" };
	uint64_t		 id;

	id = create_person(u, "Ana", "Rojas", NULL);
	get(u, id, &r);
	rmap_set(&r.data, "birth_date", "yesterday");
	assert_int_equal(case_update(u->s, &r, 1, &ve, &cf, &err), AMP_EINVAL);
	assert_int_equal(ve.n, 1);
	assert_string_equal(ve.v[0].path, "birth_date");
	get(u, id, &g);
	assert_int_equal(g.version, 1);
	assert_string_equal(rmap_get(&g.data, "birth_date"), "1990-03-07");
	record_free(&g);
	record_free(&r);
	verrs_free(&ve);
	/* A case that does not exist. */
	person(&r, "Ana", "Rojas", NULL);
	r.id = 99;
	assert_int_equal(case_update(u->s, &r, 1, &ve, &cf, &err),
	    AMP_ENOTFOUND);
	record_free(&r);
	verrs_free(&ve);
	conflicts_free(&cf);
}

/*
 * Two officials read version 1 and change different fields: both changes are
 * kept.
 */
static void
test_update_merges_different_fields(void **state)
{
	struct unit_store	*u = *state;
	struct record		 a, b, g;
	struct conflicts	 cf = { 0 };
	struct amp_err		 err = { 0, "" };
	uint64_t		 id;

	id = create_person(u, "Ana", "Rojas", NULL);
	get(u, id, &a);
	get(u, id, &b);
	rmap_set(&a.data, "phone", "+507 6000-0111");
	assert_int_equal(update(u, &a, 1, &cf, &err), AMP_OK);
	assert_int_equal(a.version, 2);
	rmap_set(&b.data, "address", "Calle 50, Bella Vista");
	rmap_set(&b.data, "sex", "female");
	if (update(u, &b, 1, &cf, &err) != AMP_OK)
		fail_msg("merge failed: %s", err.msg);
	assert_int_equal(cf.n, 0);
	assert_int_equal(b.version, 3);
	get(u, id, &g);
	assert_int_equal(g.version, 3);
	assert_string_equal(rmap_get(&g.data, "phone"), "+507 6000-0111");
	assert_string_equal(rmap_get(&g.data, "address"),
	    "Calle 50, Bella Vista");
	assert_string_equal(rmap_get(&g.data, "sex"), "female");
	assert_string_equal(rmap_get(&g.data, "given_names"), "Ana");
	record_free(&g);
	/* Version 2 is A's alone. */
	assert_int_equal(case_get_version(u->s, id, 2, &g, &err), AMP_OK);
	assert_string_equal(rmap_get(&g.data, "phone"), "+507 6000-0111");
	assert_null(rmap_get(&g.data, "address"));
	record_free(&g);
	record_free(&a);
	record_free(&b);
	conflicts_free(&cf);
}

static void
test_update_conflict_same_field(void **state)
{
	struct unit_store	*u = *state;
	struct record		 a, b, g;
	struct conflicts	 cf = { 0 };
	struct amp_err		 err = { 0, "" };
	uint64_t		 id;

	id = create_person(u, "Ana", "Rojas", NULL);
	get(u, id, &a);
	get(u, id, &b);
	rmap_set(&a.data, "phone", "+507 6000-0111");
	assert_int_equal(update(u, &a, 1, &cf, &err), AMP_OK);
	rmap_set(&b.data, "phone", "+507 6000-0222");
	assert_int_equal(update(u, &b, 1, &cf, &err), AMP_ECONFLICT);
	assert_int_equal(err.code, AMP_ECONFLICT);
	assert_int_equal(cf.n, 1);
	assert_string_equal(cf.v[0].path, "phone");
	assert_string_equal(cf.v[0].mine, "+507 6000-0222");
	assert_string_equal(cf.v[0].theirs, "+507 6000-0111");
	assert_int_equal(cf.theirs_version, 2);
	/* Nothing was written. */
	get(u, id, &g);
	assert_int_equal(g.version, 2);
	assert_string_equal(rmap_get(&g.data, "phone"), "+507 6000-0111");
	record_free(&g);
	assert_int_equal(case_get_version(u->s, id, 3, &g, &err),
	    AMP_ENOTFOUND);
	/* Saving again on their version settles it. */
	rmap_set(&b.data, "phone", "+507 6000-0222");
	assert_int_equal(update(u, &b, cf.theirs_version, &cf, &err), AMP_OK);
	assert_int_equal(cf.n, 0);
	assert_int_equal(b.version, 3);
	get(u, id, &g);
	assert_string_equal(rmap_get(&g.data, "phone"), "+507 6000-0222");
	record_free(&g);
	record_free(&a);
	record_free(&b);
	conflicts_free(&cf);
}

/*
 * A conflict shows choices by their labels, and leaves the other side's other
 * changes.
 */
static void
test_update_conflict_labels_and_other_changes(void **state)
{
	struct unit_store	*u = *state;
	struct record		 a, b, g;
	struct conflicts	 cf = { 0 };
	struct amp_err		 err = { 0, "" };
	uint64_t		 id;

	lang_set(LANG_EN);
	id = create_person(u, "Ana", "Rojas", NULL);
	get(u, id, &a);
	get(u, id, &b);
	rmap_set(&a.data, "sex", "female");
	rmap_set(&a.data, "address", "Calle 50");
	assert_int_equal(update(u, &a, 1, &cf, &err), AMP_OK);
	rmap_set(&b.data, "sex", "other");
	rmap_set(&b.data, "email", "ana@example.org");
	assert_int_equal(update(u, &b, 1, &cf, &err), AMP_ECONFLICT);
	assert_int_equal(cf.n, 1);
	assert_string_equal(cf.v[0].path, "sex");
	assert_string_equal(cf.v[0].mine, "Other or not stated");
	assert_string_equal(cf.v[0].theirs, "Female");
	/* The official keeps their answer and saves on version 2. */
	rmap_set(&b.data, "sex", "other");
	assert_int_equal(update(u, &b, cf.theirs_version, &cf, &err), AMP_OK);
	get(u, id, &g);
	assert_string_equal(rmap_get(&g.data, "sex"), "other");
	assert_string_equal(rmap_get(&g.data, "email"), "ana@example.org");
	assert_string_equal(rmap_get(&g.data, "address"), "Calle 50");
	record_free(&g);
	record_free(&a);
	record_free(&b);
	conflicts_free(&cf);
}

static void
test_update_same_value_is_no_conflict(void **state)
{
	struct unit_store	*u = *state;
	struct record		 a, b, g;
	struct conflicts	 cf = { 0 };
	struct amp_err		 err = { 0, "" };
	uint64_t		 id;

	id = create_person(u, "Ana", "Rojas", NULL);
	get(u, id, &a);
	get(u, id, &b);
	rmap_set(&a.data, "phone", "+507 6000-0111");
	assert_int_equal(update(u, &a, 1, &cf, &err), AMP_OK);
	rmap_set(&b.data, "phone", "+507 6000-0111");
	rmap_set(&b.data, "email", "x@example.org");
	assert_int_equal(update(u, &b, 1, &cf, &err), AMP_OK);
	assert_int_equal(cf.n, 0);
	get(u, id, &g);
	assert_string_equal(rmap_get(&g.data, "phone"), "+507 6000-0111");
	assert_string_equal(rmap_get(&g.data, "email"), "x@example.org");
	record_free(&g);
	record_free(&a);
	record_free(&b);
	conflicts_free(&cf);
}

/*
 * A field removed on one side while the other changes another: removed it
 * stays.
 */
static void
test_update_merges_removal(void **state)
{
	struct unit_store	*u = *state;
	struct record		 r, a, b, g;
	struct conflicts	 cf = { 0 };
	struct amp_err		 err = { 0, "" };

	person(&r, "Ana", "Rojas", NULL);
	rmap_set(&r.data, "phone", "+507 6000-0111");
	create(u, &r);
	get(u, r.id, &a);
	get(u, r.id, &b);
	rmap_set(&a.data, "phone", "");
	assert_int_equal(update(u, &a, 1, &cf, &err), AMP_OK);
	rmap_set(&b.data, "address", "Calle 50");
	assert_int_equal(update(u, &b, 1, &cf, &err), AMP_OK);
	get(u, r.id, &g);
	assert_null(rmap_get(&g.data, "phone"));
	assert_string_equal(rmap_get(&g.data, "address"), "Calle 50");
	record_free(&g);
	record_free(&r);
	record_free(&a);
	record_free(&b);
	conflicts_free(&cf);
}

/* A repeat group counts as one field in the merge. */
static void
test_update_household(void **state)
{
	struct unit_store	*u = *state;
	struct record		 a, b, g;
	struct conflicts	 cf = { 0 };
	struct amp_err		 err = { 0, "" };
	uint64_t		 id;

	id = create_person(u, "Ana", "Rojas", NULL);
	get(u, id, &a);
	get(u, id, &b);
	add_member(&a, "Luis", "Rojas");
	assert_int_equal(update(u, &a, 1, &cf, &err), AMP_OK);
	rmap_set(&b.data, "phone", "+507 6000-0333");
	assert_int_equal(update(u, &b, 1, &cf, &err), AMP_OK);
	get(u, id, &g);
	assert_int_equal(g.version, 3);
	assert_int_equal(rmap_field(&g.data, "household")->nitems, 1);
	assert_string_equal(rmap_get(&rmap_field(&g.data,
	    "household")->items[0], "given_names"), "Luis");
	assert_string_equal(rmap_get(&g.data, "phone"), "+507 6000-0333");
	record_free(&g);
	/* Both change the household: a conflict, counted in entries. */
	record_free(&a);
	record_free(&b);
	get(u, id, &a);
	get(u, id, &b);
	add_member(&a, "Eva", "Rojas");
	assert_int_equal(update(u, &a, 3, &cf, &err), AMP_OK);
	rmap_set(&rmap_field(&b.data, "household")->items[0], "given_names",
	    "Luisa");
	assert_int_equal(update(u, &b, 3, &cf, &err), AMP_ECONFLICT);
	assert_int_equal(cf.n, 1);
	assert_string_equal(cf.v[0].path, "household");
	assert_string_equal(cf.v[0].mine, "1");
	assert_string_equal(cf.v[0].theirs, "2");
	record_free(&a);
	record_free(&b);
	conflicts_free(&cf);
}

static void
test_update_without_change(void **state)
{
	struct unit_store	*u = *state;
	struct record		 r;
	struct conflicts	 cf = { 0 };
	struct amp_err		 err = { 0, "" };
	uint64_t		 id;

	id = create_person(u, "Ana", "Rojas", NULL);
	get(u, id, &r);
	assert_int_equal(update(u, &r, 1, &cf, &err), AMP_OK);
	record_free(&r);
	get(u, id, &r);
	assert_int_equal(r.version, 1);
	record_free(&r);
	conflicts_free(&cf);
}

static void
test_find_name_prefix(void **state)
{
	struct unit_store	*u = *state;

	create_person(u, "Jos\xc3\xa9", "P\xc3\xa9rez Gonz\xc3\xa1lez", NULL);
	create_person(u, "Mar\xc3\xad" "a", "P\xc3\xa9rez", NULL);
	create_person(u, "Ana", "Rojas", NULL);
	expect_found(u, "jose per", 1, 0);
	expect_found(u, "JOS\xc3\x89 P\xc3\x89REZ", 1, 0);
	expect_found(u, "Jose\xcc\x81", 1, 0);
	expect_found(u, "perez jose", 1, 0);
	expect_found(u, "gonz", 1, 0);
	expect_found(u, "gonz\xc3\xa1lez jos\xc3\xa9", 1, 0);
	expect_found(u, "p\xc3\xa9rez", 1, 2, 0);	/* by summary */
	expect_found(u, "rojas", 3, 0);
	expect_found(u, "jose rojas", 0);
	expect_found(u, "zzz", 0);
	expect_found(u, "", 0);
	expect_found(u, "   ", 0);
}

static void
test_find_household_member(void **state)
{
	struct unit_store	*u = *state;
	struct record		 r;

	person(&r, "Ana", "Rojas", NULL);
	add_member(&r, "Wilmer", "Quintero");
	create(u, &r);
	record_free(&r);
	create_person(u, "Luis", "Quintana", NULL);
	expect_found(u, "wilmer", 1, 0);
	expect_found(u, "wilmer quintero", 1, 0);
	expect_found(u, "quint", 2, 1, 0);
	/* Words may come from the applicant and from a member. */
	expect_found(u, "ana wilmer", 1, 0);
}

static void
test_find_short_words_filter(void **state)
{
	struct unit_store	*u = *state;

	create_person(u, "Jos\xc3\xa9", "P\xc3\xa9rez", NULL);
	create_person(u, "Mar\xc3\xad" "a", "P\xc3\xa9rez", NULL);
	expect_found(u, "perez jo", 1, 0);
	expect_found(u, "perez ma", 2, 0);
	expect_found(u, "perez j", 1, 0);
	expect_found(u, "perez x", 0);
	expect_found(u, "pe", 1, 2, 0);
}

/* Words longer than the indexed prefixes are checked whole on the record. */
static void
test_find_long_words_checked(void **state)
{
	struct unit_store	*u = *state;

	create_person(u, "Ana", "Gonz\xc3\xa1lez", NULL);
	create_person(u, "Ana", "Gonzalezzi", NULL);
	expect_found(u, "gonzalez", 1, 2, 0);
	expect_found(u, "gonzalezz", 2, 0);
	expect_found(u, "gonzalezzi", 2, 0);
	expect_found(u, "gonzalezzo", 0);
	expect_found(u, "gonz\xc3\xa1lez ana", 1, 2, 0);
}

static void
test_find_case_number(void **state)
{
	struct unit_store	*u = *state;
	struct record		 r;
	char			 num[32], q[32];
	int			 year;

	create_person(u, "Ana", "Rojas", NULL);
	person(&r, "Luis", "Rojas", NULL);
	create(u, &r);
	casenum_format(r.id, r.created, num, sizeof num);
	year = time_year(r.created);
	expect_found(u, num, 2, 0);
	snprintf(q, sizeof q, "%d-2", year);
	expect_found(u, q, 2, 0);
	snprintf(q, sizeof q, "  %d-0002 ", year);
	expect_found(u, q, 2, 0);
	snprintf(q, sizeof q, "%d-000002", year + 1);
	expect_found(u, q, 0);
	snprintf(q, sizeof q, "%d-000002", year - 1);
	expect_found(u, q, 0);
	snprintf(q, sizeof q, "%d-000003", year);
	expect_found(u, q, 0);
	record_free(&r);
}

static void
test_find_document_number(void **state)
{
	struct unit_store	*u = *state;

	create_person(u, "Ana", "Rojas", "PA12345");
	create_person(u, "Luis", "Rojas", "PA-123 45");
	create_person(u, "Eva", "Rojas", "PA123456");
	expect_found(u, "pa 12-345", 1, 2, 0);
	expect_found(u, "PA12345", 1, 2, 0);
	expect_found(u, "p.a.1.2.3.4.5", 1, 2, 0);
	expect_found(u, "PA123456", 3, 0);
	expect_found(u, "PA1234", 0);
	expect_found(u, "XX12345", 0);
}

static void
test_find_biometric_reference(void **state)
{
	struct unit_store	*u = *state;
	struct record		 r;

	person(&r, "Ana", "Rojas", NULL);
	rmap_set(&r.data, "biometric_ref", "BIO-00012345");
	create(u, &r);
	record_free(&r);
	expect_found(u, "bio 00012345", 1, 0);
}

static void
test_find_sorted_by_summary(void **state)
{
	struct unit_store	*u = *state;
	struct case_hit		*hits;
	struct amp_err		 err = { 0, "" };
	size_t			 n;

	lang_set(LANG_EN);
	create_person(u, "Ana", "Zapata", NULL);
	create_person(u, "Ana", "\xc3\x81lvarez", NULL);
	create_person(u, "Ana", "Berm\xc3\xba" "dez", NULL);
	create_person(u, "Ana", "alvarez", NULL);
	/* "Álvarez" folds to "alvarez": before "Bermúdez", tied with 4. */
	expect_found(u, "ana", 2, 4, 3, 1, 0);
	assert_int_equal(case_find(u->s, "ana", 10, &hits, &n, &err), AMP_OK);
	assert_int_equal(n, 4);
	assert_string_equal(hits[0].summary,
	    "\xc3\x81lvarez\tAna\t1990-03-07\tVenezuela");
	assert_string_equal(hits[3].summary, "Zapata\tAna\t1990-03-07\tVenezuela");
	assert_int_equal(strlen(hits[0].number), 11);
	case_hits_free(hits, n);
}

static void
test_find_limit(void **state)
{
	struct unit_store	*u = *state;
	struct case_hit		*hits;
	struct amp_err		 err = { 0, "" };
	size_t			 n;
	uint64_t		*ids;

	create_person(u, "Ana", "Rojas", NULL);
	create_person(u, "Ana", "Rojas", NULL);
	create_person(u, "Ana", "Rojas", NULL);
	ids = find(u, "ana rojas", 2, &n);
	assert_int_equal(n, 2);
	free(ids);
	ids = find(u, "ana rojas", 3, &n);
	assert_int_equal(n, 3);
	free(ids);
	assert_int_equal(case_find(u->s, "ana", 0, &hits, &n, &err), AMP_OK);
	assert_int_equal(n, 0);
	case_hits_free(hits, n);
}

static void
test_find_after_rename(void **state)
{
	struct unit_store	*u = *state;
	struct record		 r;
	struct conflicts	 cf = { 0 };
	struct amp_err		 err = { 0, "" };
	uint64_t		 id;

	id = create_person(u, "Ana", "P\xc3\xa9rez", "OLD-1");
	expect_found(u, "perez", 1, 0);
	get(u, id, &r);
	rmap_set(&r.data, "family_names", "Quintero");
	rmap_set(&r.data, "document_number", "NEW-2");
	assert_int_equal(update(u, &r, 1, &cf, &err), AMP_OK);
	expect_found(u, "perez", 0);
	expect_found(u, "pe", 0);
	expect_found(u, "OLD1", 0);
	expect_found(u, "quintero", 1, 0);
	expect_found(u, "quin", 1, 0);
	expect_found(u, "ana", 1, 0);
	expect_found(u, "new 2", 1, 0);
	record_free(&r);
	conflicts_free(&cf);
}

static void
test_lookup(void **state)
{
	struct unit_store	*u = *state;
	struct amp_err		 err = { 0, "" };
	struct record		 r;
	uint64_t		 id = 0;
	char			 num[32];

	create_person(u, "Ana", "Rojas", "DOC-1");
	create_person(u, "Ana", "Rojas", NULL);
	person(&r, "Luis", "Soto", NULL);
	create(u, &r);
	assert_int_equal(case_lookup(u->s, "luis soto", &id, &err), AMP_OK);
	assert_int_equal(id, 3);
	assert_int_equal(case_lookup(u->s, "doc 1", &id, &err), AMP_OK);
	assert_int_equal(id, 1);
	casenum_format(2, r.created, num, sizeof num);
	assert_int_equal(case_lookup(u->s, num, &id, &err), AMP_OK);
	assert_int_equal(id, 2);
	err_clear(&err);
	assert_int_equal(case_lookup(u->s, "ana rojas", &id, &err),
	    AMP_ENOTFOUND);
	assert_contains(err.msg, "several cases match");
	assert_contains(err.msg, "ana rojas");
	assert_int_equal(case_lookup(u->s, "nobody", &id, &err), AMP_ENOTFOUND);
	assert_contains(err.msg, "no case matches");
	record_free(&r);
}

/* Records moved to another key do not open: the key is bound into each seal. */
static int
move_txn(struct stxn *t, void *arg)
{
	struct amp_err	*err = arg;
	struct sval	 v;
	unsigned char	 k1[8], k2[8], *copy;
	int		 rc;

	be64_put(k1, 1);
	be64_put(k2, 2);
	if ((rc = stxn_get(t, DB_RECORDS, k1, 8, &v, err)) != AMP_OK)
		return (rc);
	copy = xmalloc(v.n);
	memcpy(copy, v.p, v.n);
	rc = stxn_put(t, DB_RECORDS, k2, 8, copy, v.n, 0, err);
	free(copy);
	return (rc);
}

static void
test_sealed_record_bound_to_key(void **state)
{
	struct unit_store	*u = *state;
	struct record		 r;
	struct amp_err		 err = { 0, "" };

	create_person(u, "Ana", "Rojas", NULL);
	create_person(u, "Luis", "Soto", NULL);
	assert_int_equal(store_write(u->st, move_txn, &err, &err), AMP_OK);
	assert_int_equal(case_get(u->s, 2, &r, &err), AMP_ESTORE);
	assert_contains(err.msg, "does not decrypt");
	get(u, 1, &r);
	record_free(&r);
}

static void
test_login(void **state)
{
	struct unit_store	*u = *state;
	struct session		*s = NULL;
	struct amp_err		 err = { 0, "" };
	struct record		 r;

	assert_int_equal(session_login(u->st, forms, UNIT_ADMIN, "wrong pass",
	    10, &s, &err), AMP_EAUTH);
	assert_null(s);
	assert_contains(err.msg, "wrong user name or password");
	assert_int_equal(session_login(u->st, forms, "nobody", UNIT_PASSWORD,
	    strlen(UNIT_PASSWORD), &s, &err), AMP_EAUTH);
	assert_contains(err.msg, "wrong user name or password");
	assert_int_equal(session_login(u->st, forms, "bad name!",
	    UNIT_PASSWORD, strlen(UNIT_PASSWORD), &s, &err), AMP_EAUTH);
	/* A second session of the same account reads what the first wrote. */
	create_person(u, "Ana", "Rojas", NULL);
	assert_int_equal(session_login(u->st, forms, UNIT_ADMIN, UNIT_PASSWORD,
	    strlen(UNIT_PASSWORD), &s, &err), AMP_OK);
	assert_string_equal(s->user, UNIT_ADMIN);
	assert_string_equal(s->role, "admin");
	assert_int_equal(case_get(s, 1, &r, &err), AMP_OK);
	assert_string_equal(rmap_get(&r.data, "given_names"), "Ana");
	record_free(&r);
	session_free(s);
}

static void
test_second_account(void **state)
{
	struct unit_store	*u = *state;
	struct session		*s = NULL;
	struct amp_err		 err = { 0, "" };
	struct record		 r;

	assert_int_equal(store_add_account(u->st, u->s->keys, "officer2",
	    "eligibility_officer", "another pass", 12, KDF_MIN, &err),
	    AMP_OK);
	assert_int_equal(store_add_account(u->st, u->s->keys, "officer2",
	    "eligibility_officer", "another pass", 12, KDF_MIN, &err),
	    AMP_EUSAGE);
	assert_contains(err.msg, "already exists");
	create_person(u, "Ana", "Rojas", NULL);
	assert_int_equal(session_login(u->st, forms, "officer2",
	    "another pass", 12, &s, &err), AMP_OK);
	assert_string_equal(s->role, "eligibility_officer");
	/* The same master key: cases and the index are shared. */
	assert_int_equal(case_get(s, 1, &r, &err), AMP_OK);
	record_free(&r);
	person(&r, "Luis", "Soto", NULL);
	assert_int_equal(case_create(s, &r, &(struct verrs){ 0 }, &err),
	    AMP_OK);
	assert_string_equal(r.created_by, "officer2");
	record_free(&r);
	expect_found(u, "luis soto", 2, 0);
	session_free(s);
}

/* Demo data. */

static void
demo_people(struct rng *g, struct record *v, size_t n)
{
	const struct form	*f = formset_find(forms, "intake");
	size_t			 i;

	for (i = 0; i < n; i++) {
		record_init(&v[i]);
		v[i].form = xstrdup("intake");
		assert_int_equal(demo_fill_person(f, g, &v[i].data), 0);
	}
}

static void
test_demo_reproducible(void **state)
{
	struct record	a[50], b[50], c[50];
	struct rng	g;
	size_t		i, same = 0;

	(void)state;
	rng_seed(&g, 42);
	demo_people(&g, a, nitems(a));
	rng_seed(&g, 42);
	demo_people(&g, b, nitems(b));
	rng_seed(&g, 43);
	demo_people(&g, c, nitems(c));
	for (i = 0; i < nitems(a); i++) {
		if (!same_data(&a[i].data, &b[i].data))
			fail_msg("person %zu differs for the same seed", i);
		same += same_data(&a[i].data, &c[i].data);
	}
	assert_int_equal(same, 0);
	for (i = 0; i < nitems(a); i++) {
		record_free(&a[i]);
		record_free(&b[i]);
		record_free(&c[i]);
	}
}

static void
test_demo_people_valid(void **state)
{
	const struct form	*f = formset_find(forms, "intake");
	struct record		 v[500];
	struct verrs		 ve = { 0 };
	struct rng		 g;
	size_t			 i, j, households = 0;

	(void)state;
	rng_seed(&g, 7);
	demo_people(&g, v, nitems(v));
	for (i = 0; i < nitems(v); i++) {
		if (form_validate(f, &v[i].data, &ve) > 0) {
			for (j = 0; j < ve.n; j++)
				print_message("#   %s: %s = \"%s\"\n",
				    ve.v[j].path, ve.v[j].msg,
				    rmap_get(&v[i].data, ve.v[j].path) !=
				    NULL ? rmap_get(&v[i].data,
				    ve.v[j].path) : "");
			fail_msg("demo person %zu is not valid", i);
		}
		households += rmap_field(&v[i].data, "household") != NULL;
	}
	/* Some have households, some not. */
	assert_true(households > 50 && households < 450);
	for (i = 0; i < nitems(v); i++)
		record_free(&v[i]);
}

static void
test_bulk_add_demo_people(void **state)
{
	struct unit_store	*u = *state;
	struct record		*v, g;
	struct amp_err		 err = { 0, "" };
	struct rng		 rg;
	struct case_hit		*hits;
	const char		*doc;
	char			 num[32], *q;
	size_t			 i, j, n;
	int			 found;

	v = xcalloc(1000, sizeof *v);
	rng_seed(&rg, 42);
	demo_people(&rg, v, 1000);
	if (case_bulk_add(u->s, v, 1000, &err) != AMP_OK)
		fail_msg("case_bulk_add: %s", err.msg);
	for (i = 0; i < 1000; i++) {
		assert_int_equal(v[i].id, i + 1);
		assert_int_equal(v[i].version, 1);
		/* By case number. */
		casenum_format(v[i].id, v[i].created, num, sizeof num);
		assert_int_equal(case_find(u->s, num, 5, &hits, &n, &err),
		    AMP_OK);
		if (n != 1 || hits[0].id != v[i].id)
			fail_msg("case %s not found by its number", num);
		case_hits_free(hits, n);
		/* By document number. */
		if ((doc = rmap_get(&v[i].data, "document_number")) != NULL) {
			assert_int_equal(case_find(u->s, doc, 50, &hits, &n,
			    &err), AMP_OK);
			for (j = 0, found = 0; j < n; j++)
				found |= hits[j].id == v[i].id;
			if (!found)
				fail_msg("case %zu not found by %s", i + 1, doc);
			case_hits_free(hits, n);
		}
		/* By full name. */
		q = xsprintf("%s %s", rmap_get(&v[i].data, "given_names"),
		    rmap_get(&v[i].data, "family_names"));
		assert_int_equal(case_find(u->s, q, 1000, &hits, &n, &err),
		    AMP_OK);
		for (j = 0, found = 0; j < n; j++)
			found |= hits[j].id == v[i].id;
		if (!found)
			fail_msg("case %zu not found by \"%s\"", i + 1, q);
		case_hits_free(hits, n);
		free(q);
	}
	/* The batch is as readable as cases saved one by one. */
	get(u, 500, &g);
	assert_true(same_data(&g.data, &v[499].data));
	assert_true(g.created == v[499].created);
	record_free(&g);
	for (i = 0; i < 1000; i++)
		record_free(&v[i]);
	free(v);
	assert_int_equal(create_person(u, "Ana", "Rojas", NULL), 1001);
}

/* One invalid record stops the batch before anything is written. */
static void
test_bulk_add_invalid_writes_nothing(void **state)
{
	struct unit_store	*u = *state;
	struct record		 v[3];
	struct amp_err		 err = { 0, "" };

	person(&v[0], "Ana", "Rojas", NULL);
	person(&v[1], "Luis", "Soto", NULL);
	person(&v[2], "Eva", "Luna", NULL);
	rmap_set(&v[2].data, "sex", "unknown");
	assert_int_equal(case_bulk_add(u->s, v, 3, &err), AMP_EINVAL);
	assert_contains(err.msg, "sex");
	expect_found(u, "ana rojas", 0);
	record_free(&v[0]);
	record_free(&v[1]);
	record_free(&v[2]);
	assert_int_equal(create_person(u, "Ana", "Rojas", NULL), 1);
}

/* Drafts. */

static void
test_draft_save_load_delete(void **state)
{
	struct unit_store	*u = *state;
	struct record		 r, g;
	struct draft_info	*v;
	struct amp_err		 err = { 0, "" };
	size_t			 n;
	char			*slot;

	slot = draft_slot_new("intake");
	assert_true(strncmp(slot, "new:intake:", 11) == 0);
	person(&r, "Ana", "Rojas", NULL);
	assert_int_equal(draft_save(u->s, slot, &r, &err), AMP_OK);
	assert_int_equal(draft_load(u->s, slot, &g, &err), AMP_OK);
	assert_string_equal(g.form, "intake");
	assert_true(same_data(&g.data, &r.data));
	assert_true(g.updated > 0);
	record_free(&g);
	assert_int_equal(draft_list(u->s, &v, &n, &err), AMP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].slot, slot);
	assert_string_equal(v[0].form, "intake");
	assert_int_equal(v[0].case_id, 0);
	draft_infos_free(v, n);
	/* Saving again replaces it. */
	rmap_set(&r.data, "phone", "555");
	assert_int_equal(draft_save(u->s, slot, &r, &err), AMP_OK);
	assert_int_equal(draft_load(u->s, slot, &g, &err), AMP_OK);
	assert_string_equal(rmap_get(&g.data, "phone"), "555");
	record_free(&g);
	assert_int_equal(draft_list(u->s, &v, &n, &err), AMP_OK);
	assert_int_equal(n, 1);
	draft_infos_free(v, n);
	assert_int_equal(draft_delete(u->s, slot, &err), AMP_OK);
	assert_int_equal(draft_load(u->s, slot, &g, &err), AMP_ENOTFOUND);
	assert_int_equal(draft_list(u->s, &v, &n, &err), AMP_OK);
	assert_int_equal(n, 0);
	draft_infos_free(v, n);
	/* Deleting twice is fine. */
	assert_int_equal(draft_delete(u->s, slot, &err), AMP_OK);
	free(slot);
	record_free(&r);
}

static void
test_draft_of_a_case(void **state)
{
	struct unit_store	*u = *state;
	struct record		 r;
	struct draft_info	*v;
	struct amp_err		 err = { 0, "" };
	size_t			 n;
	char			*slot;

	slot = draft_slot_case(7);
	assert_string_equal(slot, "case:7");
	person(&r, "Ana", "Rojas", NULL);
	r.id = 7;
	r.version = 3;
	r.created = 1772900000;
	assert_int_equal(draft_save(u->s, slot, &r, &err), AMP_OK);
	assert_int_equal(draft_list(u->s, &v, &n, &err), AMP_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].case_id, 7);
	assert_true(v[0].created == 1772900000);
	draft_infos_free(v, n);
	record_free(&r);
	assert_int_equal(draft_load(u->s, slot, &r, &err), AMP_OK);
	assert_int_equal(r.id, 7);
	assert_int_equal(r.version, 3);
	record_free(&r);
	free(slot);
}

static void
test_draft_keeps_invalid_values(void **state)
{
	struct unit_store	*u = *state;
	struct record		 r, g;
	struct amp_err		 err = { 0, "" };
	struct rmap		*it;

	record_init(&r);
	r.form = xstrdup("intake");
	rmap_set(&r.data, "given_names", "  Ana   Mar\xc3\xad" "a ");
	rmap_set(&r.data, "birth_date", "31/02/1990");
	rmap_set(&r.data, "nationality", "panama");
	rmap_set(&r.data, "needs_interpreter", "tal vez");
	it = rgroup_add(rmap_group(&r.data, "household"));
	rmap_set(it, "relationship", "primo");
	assert_int_equal(draft_save(u->s, "new:intake:1", &r, &err), AMP_OK);
	assert_int_equal(draft_load(u->s, "new:intake:1", &g, &err), AMP_OK);
	assert_true(same_data(&g.data, &r.data));
	assert_string_equal(rmap_get(&g.data, "birth_date"), "31/02/1990");
	record_free(&g);
	record_free(&r);
}

static void
test_drafts_belong_to_their_official(void **state)
{
	struct unit_store	*u = *state;
	struct session		*s2 = NULL, *s3 = NULL;
	struct record		 r, g;
	struct draft_info	*v;
	struct amp_err		 err = { 0, "" };
	size_t			 n;

	person(&r, "Ana", "Rojas", NULL);
	assert_int_equal(draft_save(u->s, "new:intake:1", &r, &err), AMP_OK);
	assert_int_equal(store_add_account(u->st, u->s->keys, "officer2",
	    "eligibility_officer", "another pass", 12, KDF_MIN, &err),
	    AMP_OK);
	/* A name that is a prefix of the other's. */
	assert_int_equal(store_add_account(u->st, u->s->keys, "admi",
	    "eligibility_officer", "another pass", 12, KDF_MIN, &err),
	    AMP_OK);
	assert_int_equal(session_login(u->st, forms, "officer2",
	    "another pass", 12, &s2, &err), AMP_OK);
	assert_int_equal(session_login(u->st, forms, "admi", "another pass",
	    12, &s3, &err), AMP_OK);
	assert_int_equal(draft_list(s2, &v, &n, &err), AMP_OK);
	assert_int_equal(n, 0);
	draft_infos_free(v, n);
	assert_int_equal(draft_list(s3, &v, &n, &err), AMP_OK);
	assert_int_equal(n, 0);
	draft_infos_free(v, n);
	assert_int_equal(draft_load(s2, "new:intake:1", &g, &err),
	    AMP_ENOTFOUND);
	/* The second official's own draft, in the same slot name. */
	rmap_set(&r.data, "given_names", "Luis");
	assert_int_equal(draft_save(s2, "new:intake:1", &r, &err), AMP_OK);
	assert_int_equal(draft_list(s2, &v, &n, &err), AMP_OK);
	assert_int_equal(n, 1);
	draft_infos_free(v, n);
	assert_int_equal(draft_list(u->s, &v, &n, &err), AMP_OK);
	assert_int_equal(n, 1);
	draft_infos_free(v, n);
	assert_int_equal(draft_load(u->s, "new:intake:1", &g, &err), AMP_OK);
	assert_string_equal(rmap_get(&g.data, "given_names"), "Ana");
	record_free(&g);
	/* Deleting one's own leaves the other's. */
	assert_int_equal(draft_delete(s2, "new:intake:1", &err), AMP_OK);
	assert_int_equal(draft_load(u->s, "new:intake:1", &g, &err), AMP_OK);
	record_free(&g);
	record_free(&r);
	session_free(s2);
	session_free(s3);
}

static void
test_drafts_newest_first(void **state)
{
	struct unit_store	*u = *state;
	struct record		 r;
	struct draft_info	*v;
	struct amp_err		 err = { 0, "" };
	size_t			 n;

	person(&r, "Ana", "Rojas", NULL);
	assert_int_equal(draft_save(u->s, "new:intake:a", &r, &err), AMP_OK);
	sleep(1);
	assert_int_equal(draft_save(u->s, "new:intake:b", &r, &err), AMP_OK);
	sleep(1);
	assert_int_equal(draft_save(u->s, "case:3", &r, &err), AMP_OK);
	assert_int_equal(draft_list(u->s, &v, &n, &err), AMP_OK);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].slot, "case:3");
	assert_string_equal(v[1].slot, "new:intake:b");
	assert_string_equal(v[2].slot, "new:intake:a");
	assert_true(v[0].updated > v[1].updated);
	assert_true(v[1].updated > v[2].updated);
	draft_infos_free(v, n);
	/* Saving the oldest again makes it the newest. */
	sleep(1);
	assert_int_equal(draft_save(u->s, "new:intake:a", &r, &err), AMP_OK);
	assert_int_equal(draft_list(u->s, &v, &n, &err), AMP_OK);
	assert_string_equal(v[0].slot, "new:intake:a");
	draft_infos_free(v, n);
	record_free(&r);
}

/* Nothing an official typed is in the store file in the clear. */
static void
test_no_plaintext_on_disk(void **state)
{
	static const char *const secrets[] = {
		"Xiomara", "xiomara", "XIOMARA", "Zyx", "zyx", "Quispe",
		"quispe", "Wankar", "wankar", "ZQ9876543", "ZQ-9876543",
		"zq9876543", "9876543", "Yolotzin", "yolotzin", "Huanca",
		"huanca", "Calle Secreta", "6555-0199", "ana.x@example.org",
	};
	struct unit_store	*u = *state;
	struct record		 r;
	struct conflicts	 cf = { 0 };
	struct amp_err		 err = { 0, "" };
	unsigned char		*data;
	char			*path;
	size_t			 n, i;

	person(&r, "Xiomara-Zyx", "Quispe-Wankar", "ZQ-9876543");
	rmap_set(&r.data, "address", "Calle Secreta 12");
	rmap_set(&r.data, "phone", "+507 6555-0199");
	add_member(&r, "Yolotzin", "Huanca");
	create(u, &r);
	rmap_set(&r.data, "email", "ana.x@example.org");
	assert_int_equal(update(u, &r, 1, &cf, &err), AMP_OK);
	assert_int_equal(draft_save(u->s, "case:1", &r, &err), AMP_OK);
	record_free(&r);
	conflicts_free(&cf);
	path = xsprintf("%s/data.mdb", u->dir);
	data = unit_read_file(path, &n);
	assert_true(n > 0);
	for (i = 0; i < nitems(secrets); i++) {
		if (memmem(data, n, secrets[i], strlen(secrets[i])) != NULL)
			fail_msg("\"%s\" is in %s in the clear", secrets[i],
			    path);
	}
	free(data);
	free(path);
}

static void
badd(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/*
 * The search in a child process with its own store handle (an LMDB
 * environment is not to be used across fork), so that memory damage there
 * fails this test only. Exits 0 if the one case is found with its summary.
 */
static void
find_wide_in_child(const char *dir, const struct formset *fs)
{
	struct store	*st;
	struct session	*s;
	struct case_hit	*hits;
	struct amp_err	 err = { 0, "" };
	size_t		 n;

	if (store_open(dir, &st, &err) != AMP_OK ||
	    session_login(st, fs, UNIT_ADMIN, UNIT_PASSWORD,
	    strlen(UNIT_PASSWORD), &s, &err) != AMP_OK)
		_exit(10);
	if (case_find(s, "zacarias", 10, &hits, &n, &err) != AMP_OK)
		_exit(11);
	if (n != 1) {
		fprintf(stderr, "# \"zacarias\" found %zu cases, want 1\n", n);
		_exit(12);
	}
	if (strcmp(hits[0].summary, "Zacarias\tv\tv\tv\tv\tv\tv\tv\tv\tv"
	    "\tv\tv\tv\tv\tv\tv\tv\tv\tv\tv") != 0) {
		fprintf(stderr, "# summary \"%s\"\n", hits[0].summary);
		_exit(13);
	}
	case_hits_free(hits, n);
	session_free(s);
	store_close(st);
	_exit(0);
}

/* Search with a form whose summary has many fields (20). */
static void
test_find_with_long_summary(void **state)
{
	struct formset		*fs = NULL;
	struct diags		 d = { 0 };
	struct unit_store	 u;
	struct buf		 b = { 0 };
	struct record		 r;
	struct verrs		 ve = { 0 };
	struct amp_err		 err = { 0, "" };
	char			 line[128], *tmp, *p;
	size_t			 i;
	pid_t			 pid;
	int			 status;

	(void)state;
	badd(&b, "form: wide\nversion: 1\ntitle: {en: W, es: W}\n"
	    "summary: [");
	for (i = 0; i < 20; i++) {
		snprintf(line, sizeof line, "%sf%zu", i > 0 ? ", " : "", i);
		badd(&b, line);
	}
	badd(&b, "]\nsections:\n  - id: s\n    label: {en: S, es: S}\n"
	    "    fields:\n");
	for (i = 0; i < 20; i++) {
		snprintf(line, sizeof line, "      - {id: f%zu, type: text, "
		    "label: {en: F, es: F}, index: name}\n", i);
		badd(&b, line);
	}
	tmp = unit_tmpdir();
	p = unit_write_file(tmp, "wide.yaml", b.p, b.n);
	free(p);
	buf_free(&b);
	if (formset_load(tmp, &fs, &d) != AMP_OK) {
		unit_print_diags(&d);
		fail_msg("the wide form does not load");
	}
	diags_free(&d);
	unit_store_open(&u, fs);
	record_init(&r);
	r.form = xstrdup("wide");
	for (i = 0; i < 20; i++) {
		snprintf(line, sizeof line, "f%zu", i);
		rmap_set(&r.data, line, i == 0 ? "Zacarias" : "v");
	}
	assert_int_equal(case_create(u.s, &r, &ve, &err), AMP_OK);
	record_free(&r);
	fflush(NULL);
	if ((pid = fork()) == -1)
		fail_msg("fork: %s", strerror(errno));
	if (pid == 0) {
		unit_child_signals();
		find_wide_in_child(u.dir, fs);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	unit_store_close(&u);
	formset_free(fs);
	unit_rmtree(tmp);
	free(tmp);
	if (WIFSIGNALED(status))
		fail_msg("case_find crashed (signal %d)", WTERMSIG(status));
	if (WEXITSTATUS(status) != 0)
		fail_msg("case_find failed (status %d; a sanitizer report "
		    "or the reason is above)", WEXITSTATUS(status));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_create_assigns_ids),
		T(test_create_invalid_writes_nothing),
		T(test_create_unknown_form),
		T(test_get_round_trip),
		T(test_get_missing),
		T(test_update_keeps_history),
		T(test_update_invalid_writes_nothing),
		T(test_update_merges_different_fields),
		T(test_update_conflict_same_field),
		T(test_update_conflict_labels_and_other_changes),
		T(test_update_same_value_is_no_conflict),
		T(test_update_merges_removal),
		T(test_update_household),
		T(test_update_without_change),
		T(test_find_name_prefix),
		T(test_find_household_member),
		T(test_find_short_words_filter),
		T(test_find_long_words_checked),
		T(test_find_case_number),
		T(test_find_document_number),
		T(test_find_biometric_reference),
		T(test_find_sorted_by_summary),
		T(test_find_limit),
		T(test_find_after_rename),
		T(test_lookup),
		T(test_sealed_record_bound_to_key),
		T(test_login),
		T(test_second_account),
		cmocka_unit_test(test_demo_reproducible),
		cmocka_unit_test(test_demo_people_valid),
		T(test_bulk_add_demo_people),
		T(test_bulk_add_invalid_writes_nothing),
		T(test_draft_save_load_delete),
		T(test_draft_of_a_case),
		T(test_draft_keeps_invalid_values),
		T(test_drafts_belong_to_their_official),
		T(test_drafts_newest_first),
		T(test_no_plaintext_on_disk),
		cmocka_unit_test(test_find_with_long_summary),
#undef T
	};

	unit_crypto_setup();
	setenv("AMPARO_TODAY", TODAY, 1);
	lang_set(LANG_EN);
	return (cmocka_run_group_tests(tests, group_setup, group_teardown));
}
