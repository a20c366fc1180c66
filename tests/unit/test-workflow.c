/* test-workflow.c: unit tests of form versions (upgrade, catalog, the store check) and of the workflow runtime (states, guards, deadlines, linked records). */

#include "unit.h"

/* Version 1 of a small form, and version 2 with the changes a form sees. */
static const char form_v1[] =
    "form: visit\n"
    "version: 1\n"
    "title: {en: Visit, es: Visita}\n"
    "summary: [who]\n"
    "lists:\n"
    "  - list: mood\n"
    "    choices:\n"
    "      - {value: good, label: {en: Good, es: Bien}}\n"
    "      - {value: bad, label: {en: Bad, es: Mal}}\n"
    "sections:\n"
    "  - id: s\n"
    "    label: {en: S, es: S}\n"
    "    fields:\n"
    "      - {id: who, type: text, label: {en: Who, es: Quien}, required: true}\n"
    "      - {id: old_note, type: text, label: {en: Note, es: Nota}}\n"
    "      - {id: gone, type: text, label: {en: Gone, es: Ido}}\n"
    "      - {id: n, type: integer, label: {en: N, es: N}}\n"
    "      - {id: mood, type: select_one, label: {en: Mood, es: Animo}, choices: mood}\n"
    "      - id: kids\n"
    "        type: repeat\n"
    "        label: {en: Kids, es: Hijos}\n"
    "        fields:\n"
    "          - {id: old_name, type: text, label: {en: Name, es: Nombre}}\n"
    "          - {id: toy, type: text, label: {en: Toy, es: Juguete}}\n";

static const char workflow_yaml[] =
    "workflow: visit_flow\n"
    "version: 1\n"
    "title: {en: Visit flow, es: Flujo}\n"
    "form: visit\n"
    "initial: open\n"
    "states:\n"
    "  - {id: open, label: {en: Open, es: Abierta}}\n"
    "  - {id: seen, label: {en: Seen, es: Vista}}\n"
    "  - {id: done, label: {en: Done, es: Hecha}, terminal: true}\n"
    "transitions:\n"
    "  - id: see\n"
    "    label: {en: See, es: Ver}\n"
    "    from: [open]\n"
    "    to: seen\n"
    "    roles: [admin]\n"
    "    form: report\n"
    "    deadline_days: 10\n"
    "  - id: close\n"
    "    label: {en: Close, es: Cerrar}\n"
    "    from: [open, seen]\n"
    "    to: done\n"
    "    roles: [admin]\n"
    "    guard: ${n} > 2\n"
    "  - id: officers_only\n"
    "    label: {en: Officers, es: Oficiales}\n"
    "    from: [open]\n"
    "    to: done\n"
    "    roles: [officer]\n";

static const char report_yaml[] =
    "form: report\n"
    "version: 1\n"
    "title: {en: Report, es: Informe}\n"
    "summary: [text]\n"
    "sections:\n"
    "  - id: s\n"
    "    label: {en: S, es: S}\n"
    "    fields:\n"
    "      - {id: text, type: text, label: {en: Text, es: Texto}, required: true}\n"
    "      - {id: day, type: date, label: {en: Day, es: Dia}, default: \"=today()\"}\n";

/* A forms directory holding the given form text and the others. */
static char *
forms_dir(const char *visit)
{
	char	*dir = unit_tmpdir();

	free(unit_write_file(dir, "visit.yaml", visit, strlen(visit)));
	free(unit_write_file(dir, "report.yaml", report_yaml,
	    strlen(report_yaml)));
	free(unit_write_file(dir, "workflows/visit_flow.yaml", workflow_yaml,
	    strlen(workflow_yaml)));
	return (dir);
}

static struct formset *
load(const char *dir)
{
	struct formset	*fs = NULL;
	struct diags	 d = { 0 };

	if (formset_load(dir, &fs, &d) != AMP_OK) {
		unit_print_diags(&d);
		fail_msg("loading %s failed", dir);
	}
	diags_free(&d);
	return (fs);
}

/* Version 1's text changed by a list of edits (from, to), in order. */
static char *
edited(const char *const *edits, size_t n)
{
	char	*s = xstrdup(form_v1), *at, *t;
	size_t	 i;

	for (i = 0; i + 1 < n; i += 2) {
		if ((at = strstr(s, edits[i])) == NULL)
			fail_msg("edit: no \"%s\"", edits[i]);
		t = xsprintf("%.*s%s%s", (int)(at - s), s, edits[i + 1],
		    at + strlen(edits[i]));
		free(s);
		s = t;
	}
	return (s);
}

/* Version 2: old_note renamed, gone dropped on purpose, a kid's renamed. */
static const char *const v2_edits[] = {
	"version: 1", "version: 2",
	"{id: old_note,", "{id: note, renamed_from: [old_note],",
	"      - {id: gone, type: text, label: {en: Gone, es: Ido}}\n", "",
	"{id: old_name,", "{id: name, renamed_from: [old_name],",
	"sections:", "removed: [gone]\nsections:",
};

static void
test_upgrade_renames_and_drops(void **state)
{
	struct formset	*fs;
	struct record	 r;
	struct rmap	*kid;
	char		*text, *dir;

	(void)state;
	text = edited(v2_edits, nitems(v2_edits));
	dir = forms_dir(text);
	fs = load(dir);
	record_init(&r);
	r.form = xstrdup("visit");
	r.form_version = 1;
	rmap_set(&r.data, "who", "Ana");
	rmap_set(&r.data, "old_note", "hola");
	rmap_set(&r.data, "gone", "x");
	kid = rgroup_add(rmap_group(&r.data, "kids"));
	rmap_set(kid, "old_name", "Eva");
	rmap_set(kid, "toy", "ball");
	rmap_set(kid, "shoe", "red");		/* never a field */
	form_upgrade(formset_find(fs, "visit"), &r);
	assert_string_equal(rmap_get(&r.data, "note"), "hola");
	assert_null(rmap_get(&r.data, "old_note"));
	assert_null(rmap_get(&r.data, "gone"));
	kid = &rmap_field(&r.data, "kids")->items[0];
	assert_string_equal(rmap_get(kid, "name"), "Eva");
	assert_string_equal(rmap_get(kid, "toy"), "ball");
	assert_null(rmap_get(kid, "shoe"));
	assert_null(rmap_get(kid, "old_name"));
	/* A record of a newer version than the form is left alone. */
	record_free(&r);
	record_init(&r);
	r.form = xstrdup("visit");
	r.form_version = 3;
	rmap_set(&r.data, "old_note", "kept");
	form_upgrade(formset_find(fs, "visit"), &r);
	assert_string_equal(rmap_get(&r.data, "old_note"), "kept");
	record_free(&r);
	formset_free(fs);
	unit_rmtree(dir);
	free(dir);
	free(text);
}

static void
test_catalog_text(void **state)
{
	struct formset	*fs;
	struct buf	 b = { 0 };
	char		*dir;

	(void)state;
	dir = forms_dir(form_v1);
	fs = load(dir);
	form_catalog(formset_find(fs, "visit"), &b);
	buf_add_u8(&b, 0);
	assert_non_null(strstr((char *)b.p, "who\ttext\n"));
	assert_non_null(strstr((char *)b.p, "n\tinteger\n"));
	assert_non_null(strstr((char *)b.p, "mood\tselect_one\tgood bad\n"));
	assert_non_null(strstr((char *)b.p, "kids\trepeat\n"));
	assert_non_null(strstr((char *)b.p, "kids.old_name\ttext\n"));
	buf_free(&b);
	formset_free(fs);
	unit_rmtree(dir);
	free(dir);
}

/* The diagnostics of checking a changed form against a store used by v1. */
static void
store_check(struct unit_store *u, const char *const *edits, size_t n,
    struct diags *d)
{
	struct formset	*fs;
	struct amp_err	 err = { 0, "" };
	char		*text, *dir;

	text = edited(edits, n);
	dir = forms_dir(text);
	fs = load(dir);
	assert_int_equal(forms_check_store(u->st, fs, d, &err), AMP_OK);
	formset_free(fs);
	unit_rmtree(dir);
	free(dir);
	free(text);
}

static int
diag_has(const struct diags *d, const char *text)
{
	size_t	i;

	for (i = 0; i < d->n; i++) {
		if (strstr(d->v[i].msg, text) != NULL)
			return (1);
	}
	return (0);
}

static void
test_store_check(void **state)
{
	static const char *const drop[] = {
		"version: 1", "version: 2",
		"      - {id: gone, type: text, label: {en: Gone, es: Ido}}\n", "",
	};
	static const char *const widen[] = {
		"version: 1", "version: 2",
		"{id: n, type: integer,", "{id: n, type: decimal,",
	};
	static const char *const narrow[] = {
		"version: 1", "version: 2",
		"{id: who, type: text,", "{id: who, type: integer,",
	};
	static const char *const deleted[] = {
		"version: 1", "version: 2",
		"      - {value: bad, label: {en: Bad, es: Mal}}\n", "",
	};
	static const char *const retired[] = {
		"version: 1", "version: 2",
		"{value: bad, label: {en: Bad, es: Mal}}",
		"{value: bad, label: {en: Bad, es: Mal}, retired: true}",
	};
	static const char *const in_place[] = {
		"{id: n, type: integer,", "{id: n, type: decimal,",
	};
	static const char *const state_gone[] = {
		"version: 1", "version: 2",
	};
	struct unit_store	 u;
	struct formset		*fs;
	struct record		 r;
	struct verrs		 ve = { 0 };
	struct amp_err		 err = { 0, "" };
	struct diags		 d = { 0 };
	char			*dir;

	(void)state;
	dir = forms_dir(form_v1);
	fs = load(dir);
	unit_store_open(&u, fs);
	record_init(&r);
	r.form = xstrdup("visit");
	rmap_set(&r.data, "who", "Ana");
	assert_int_equal(case_create(u.s, &r, &ve, &err), AMP_OK);
	record_free(&r);

	store_check(&u, v2_edits, nitems(v2_edits), &d);
	assert_int_equal(d.n, 0);
	diags_free(&d);
	store_check(&u, drop, nitems(drop), &d);
	assert_true(diag_has(&d, "field \"gone\" holds data"));
	diags_free(&d);
	store_check(&u, widen, nitems(widen), &d);
	assert_int_equal(d.n, 0);
	diags_free(&d);
	store_check(&u, narrow, nitems(narrow), &d);
	assert_true(diag_has(&d, "changes from text (version 1) to integer"));
	diags_free(&d);
	store_check(&u, deleted, nitems(deleted), &d);
	assert_true(diag_has(&d, "choice \"bad\""));
	diags_free(&d);
	store_check(&u, retired, nitems(retired), &d);
	assert_int_equal(d.n, 0);
	diags_free(&d);
	store_check(&u, in_place, nitems(in_place), &d);
	assert_true(diag_has(&d, "give it a new version"));
	diags_free(&d);
	store_check(&u, state_gone, nitems(state_gone), &d);
	assert_int_equal(d.n, 0);	/* the workflow is the same */
	diags_free(&d);

	unit_store_close(&u);
	formset_free(fs);
	unit_rmtree(dir);
	free(dir);
}

static void
test_transitions(void **state)
{
	struct unit_store		 u;
	struct formset			*fs;
	const struct workflow		*w;
	const struct wf_transition	*see, *close, *officers;
	struct record			 r, moved, linked, old, child;
	struct verrs			 ve = { 0 };
	struct conflicts		 cf = { 0 };
	struct amp_err			 err = { 0, "" };
	uint64_t			*ids, id;
	size_t				 n;
	char				*dir;

	(void)state;
	setenv("AMPARO_TODAY", "2026-03-07", 1);
	dir = forms_dir(form_v1);
	fs = load(dir);
	unit_store_open(&u, fs);
	w = workflow_for(fs, "visit");
	assert_non_null(w);
	assert_null(workflow_for(fs, "report"));
	see = workflow_transition(w, "see");
	close = workflow_transition(w, "close");
	officers = workflow_transition(w, "officers_only");
	assert_non_null(see);
	assert_ptr_equal(see->form, formset_find(fs, "report"));

	record_init(&r);
	r.form = xstrdup("visit");
	rmap_set(&r.data, "who", "Ana");
	rmap_set(&r.data, "n", "1");
	assert_int_equal(case_create(u.s, &r, &ve, &err), AMP_OK);
	id = r.id;
	assert_string_equal(r.state, "open");
	assert_string_equal(r.action, "create");
	assert_int_equal(wf_check(w, see, &r, "admin", NULL), WF_OPEN);
	assert_int_equal(wf_check(w, officers, &r, "admin", NULL), WF_ROLE);
	assert_int_equal(wf_check(w, close, &r, "admin", NULL), WF_GUARD);
	/* Due ten days after the day it entered its state. */
	assert_true(wf_due(see, &r) == date_days(2026, 3, 17));
	assert_true(wf_due(close, &r) == 0);

	/* A guard that is false refuses, and nothing moves. */
	assert_int_equal(case_transition(u.s, id, "close", NULL, &moved, &ve,
	    &err), AMP_EPERM);
	assert_non_null(strstr(err.msg, "condition"));
	record_free(&moved);
	/* A step with a form needs it, checked like any save. */
	assert_int_equal(case_transition(u.s, id, "see", NULL, &moved, &ve,
	    &err), AMP_EINVAL);
	record_free(&moved);
	record_init(&linked);
	assert_int_equal(case_transition(u.s, id, "see", &linked, &moved, &ve,
	    &err), AMP_EINVAL);
	assert_int_equal(ve.n, 1);
	assert_string_equal(ve.v[0].path, "text");
	verrs_free(&ve);
	record_free(&moved);
	form_defaults(see->form, &linked.data);	/* as a new form is */
	rmap_set(&linked.data, "text", "seen at home");
	assert_int_equal(case_transition(u.s, id, "see", &linked, &moved, &ve,
	    &err), AMP_OK);
	assert_int_equal(moved.version, 2);
	assert_string_equal(moved.state, "seen");
	assert_string_equal(moved.action, "see");
	assert_string_equal(moved.updated_by, UNIT_ADMIN);
	assert_true(linked.id != 0 && linked.id != id);
	assert_true(linked.parent == id);
	assert_string_equal(linked.form, "report");
	assert_string_equal(rmap_get(&linked.data, "day"), "2026-03-07");

	/* History keeps the state before; the linked record is found. */
	assert_int_equal(case_get_version(u.s, id, 1, &old, &err), AMP_OK);
	assert_string_equal(old.state, "open");
	record_free(&old);
	assert_int_equal(case_children(u.s, id, &ids, &n, &err), AMP_OK);
	assert_int_equal(n, 1);
	assert_true(ids[0] == linked.id);
	free(ids);
	assert_int_equal(case_get(u.s, linked.id, &child, &err), AMP_OK);
	assert_true(child.parent == id);
	record_free(&child);

	/* The same step again: not from this state. */
	record_free(&moved);
	assert_int_equal(case_transition(u.s, id, "see", &linked, &moved, &ve,
	    &err), AMP_EPERM);
	record_free(&moved);
	/* An edit keeps the state; then the guard passes. */
	record_free(&r);
	assert_int_equal(case_get(u.s, id, &r, &err), AMP_OK);
	rmap_set(&r.data, "n", "5");
	assert_int_equal(case_update(u.s, &r, r.version, &ve, &cf, &err),
	    AMP_OK);
	conflicts_free(&cf);
	assert_string_equal(r.state, "seen");
	assert_string_equal(r.action, "edit");
	record_free(&r);
	assert_int_equal(case_transition(u.s, id, "close", NULL, &moved, &ve,
	    &err), AMP_OK);
	assert_string_equal(moved.state, "done");
	assert_int_equal(moved.version, 4);
	record_free(&moved);
	assert_int_equal(case_transition(u.s, id, "nope", NULL, &moved, &ve,
	    &err), AMP_EINVAL);
	assert_non_null(strstr(err.msg, "see, close, officers_only"));
	record_free(&moved);

	record_free(&linked);
	unit_store_close(&u);
	formset_free(fs);
	unit_rmtree(dir);
	free(dir);
	unsetenv("AMPARO_TODAY");
}

/* A record saved before its form had a workflow is in the initial state. */
static void
test_record_state(void **state)
{
	struct formset		*fs;
	const struct workflow	*w;
	struct record		 r;
	char			*dir;

	(void)state;
	dir = forms_dir(form_v1);
	fs = load(dir);
	w = workflow_for(fs, "visit");
	record_init(&r);
	assert_string_equal(record_state(w, &r), "open");
	assert_int_equal(wf_check(w, workflow_transition(w, "see"), &r,
	    "admin", NULL), WF_OPEN);
	assert_true(wf_due(workflow_transition(w, "see"), &r) == 0);
	r.state = xstrdup("done");
	assert_string_equal(record_state(w, &r), "done");
	assert_int_equal(wf_check(w, workflow_transition(w, "see"), &r,
	    "admin", NULL), WF_STATE);
	assert_string_equal(workflow_action_label(w, "see"), "See");
	assert_string_equal(workflow_action_label(w, NULL), "opened");
	record_free(&r);
	formset_free(fs);
	unit_rmtree(dir);
	free(dir);
}

/* The time in a state counts whole days from the day it entered it. */
static void
test_time_in_state(void **state)
{
	struct record	 r;
	char		*text;

	(void)state;
	record_init(&r);
	assert_true(wf_days_in_state(&r) == -1);	/* before workflows */
	assert_null(wf_time_in_state(&r));
	r.state_since = date_days(2026, 3, 2) * 86400 + 12 * 3600;
	setenv("AMPARO_TODAY", "2026-03-15", 1);
	assert_true(wf_days_in_state(&r) == 13);
	text = wf_time_in_state(&r);
	assert_string_equal(text, "13 days");
	free(text);
	setenv("AMPARO_TODAY", "2026-03-03", 1);
	text = wf_time_in_state(&r);
	assert_string_equal(text, "1 day");
	free(text);
	setenv("AMPARO_TODAY", "2026-03-01", 1);	/* a clock put back */
	assert_true(wf_days_in_state(&r) == 0);
	unsetenv("AMPARO_TODAY");
	record_free(&r);
}

static void
test_retired_choices(void **state)
{
	struct choice_list	l;
	struct choice		c[3];
	char			a[] = "a", b[] = "b", cc[] = "c";

	(void)state;
	memset(&l, 0, sizeof l);
	memset(c, 0, sizeof c);
	c[0].value = a;
	c[1].value = b;
	c[1].retired = 1;
	c[2].value = cc;
	c[2].retired = 1;
	l.v = c;
	l.n = 3;
	assert_null(choice_retired_in(&l, "a", NULL));
	assert_string_equal(choice_retired_in(&l, "b", NULL), "b");
	assert_string_equal(choice_retired_in(&l, "a c", NULL), "c");
	/* Kept when the answer held it already; a new retired one is not. */
	assert_null(choice_retired_in(&l, "a b", "b"));
	assert_string_equal(choice_retired_in(&l, "b c", "b"), "c");
	assert_null(choice_retired_in(&l, NULL, NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_upgrade_renames_and_drops),
		cmocka_unit_test(test_catalog_text),
		cmocka_unit_test(test_store_check),
		cmocka_unit_test(test_transitions),
		cmocka_unit_test(test_record_state),
		cmocka_unit_test(test_time_in_state),
		cmocka_unit_test(test_retired_choices),
	};

	unit_crypto_setup();
	lang_set(LANG_EN);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
