/* test-forms.c: unit tests of the form loader (real forms and broken ones), value normalisation and record checks. */

#include "unit.h"

#include <sys/resource.h>
#include <time.h>

static struct formset	*forms;		/* the real forms, loaded once */
static const struct form *intake;

/* A minimal valid form; broken ones below are variations of it. */
#define HEAD \
	"form: f\n" \
	"version: 1\n" \
	"title: {en: F, es: F}\n"
#define SECTION \
	"sections:\n" \
	"  - id: s\n" \
	"    label: {en: S, es: S}\n" \
	"    fields:\n"
/* A field at line 8, its mapping starting at column 9. */
#define FIELD_A \
	"      - id: a\n" \
	"        type: text\n" \
	"        label: {en: A, es: A}\n"

/*
 * A form file (and maybe list files) written to a temporary directory and
 * loaded.
 */
struct load {
	char		*dir;
	char		*file;		/* dir/f.yaml */
	struct formset	*fs;
	struct diags	 d;
	int		 rc;
};

static void
load_files(struct load *l, const char *yaml, const char *listname,
    const char *list)
{
	char	*p;

	memset(l, 0, sizeof *l);
	l->dir = unit_tmpdir();
	if (yaml != NULL)
		l->file = unit_write_file(l->dir, "f.yaml", yaml, strlen(yaml));
	if (listname != NULL) {
		p = unit_write_file(l->dir, listname, list, strlen(list));
		free(p);
	}
	l->rc = formset_load(l->dir, &l->fs, &l->d);
}

static void
load_text(struct load *l, const char *yaml)
{
	load_files(l, yaml, NULL, NULL);
}

static void
load_free(struct load *l)
{
	formset_free(l->fs);
	diags_free(&l->d);
	unit_rmtree(l->dir);
	free(l->dir);
	free(l->file);
	memset(l, 0, sizeof *l);
}

/* The load failed, and nothing came of it. */
static void
assert_broken(struct load *l)
{
	if (l->rc != AMP_EFORMS || l->fs != NULL) {
		unit_print_diags(&l->d);
		fail_msg("the form loaded (rc %d), it should not", l->rc);
	}
	assert_true(l->d.n > 0);
}

/* A diagnostic at file:line:col whose message holds msg (line 0: anywhere). */
static void
expect_diag_in(struct load *l, const char *file, int line, int col,
    const char *msg)
{
	size_t	i;

	for (i = 0; i < l->d.n; i++) {
		if (strcmp(l->d.v[i].file, file) == 0 &&
		    (line < 0 || l->d.v[i].line == line) &&
		    (col < 0 || l->d.v[i].col == col) &&
		    strstr(l->d.v[i].msg, msg) != NULL)
			return;
	}
	print_message("# want %s:%d:%d: ...%s...; got:\n", file, line, col,
	    msg);
	unit_print_diags(&l->d);
	fail();
}

static void
expect_diag(struct load *l, int line, int col, const char *msg)
{
	expect_diag_in(l, l->file, line, col, msg);
}

/* A broken form gives exactly this diagnostic (and maybe others). */
static void
check_broken(const char *yaml, int line, int col, const char *msg)
{
	struct load	l;

	load_text(&l, yaml);
	assert_broken(&l);
	expect_diag(&l, line, col, msg);
	load_free(&l);
}

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
	intake = formset_find(forms, "intake");
	return (intake != NULL ? 0 : -1);
}

static int
group_teardown(void **state)
{
	(void)state;
	formset_free(forms);
	return (0);
}

static void
test_real_forms_load(void **state)
{
	static const char *const lists[] = {
		"border_posts", "countries", "institutions", "languages",
		"nationalities", "panama_districts", "panama_provinces", "urgency",
		"service_categories", "services",	/* the directory's */
	};
	static const char *const sections[] = {
		"identity", "contact", "arrival", "documents", "biometrics",
		"household", "protection",
	};
	size_t	i;

	(void)state;
	assert_non_null(intake);
	assert_string_equal(intake->id, "intake");
	assert_int_equal(intake->version, 3);
	assert_string_equal(i18n_get_lang(&intake->title, LANG_EN), "Intake");
	assert_string_equal(i18n_get_lang(&intake->title, LANG_ES), "Registro");
	assert_null(formset_find(forms, "nope"));
	assert_int_equal(forms->nlists, nitems(lists));
	for (i = 0; i < nitems(lists); i++)
		assert_string_equal(forms->lists[i]->id, lists[i]);
	assert_int_equal(intake->nsections, nitems(sections));
	for (i = 0; i < nitems(sections); i++)
		assert_string_equal(intake->sections[i].id, sections[i]);
	assert_string_equal(i18n_get_lang(&intake->sections[0].label, LANG_ES),
	    "Identidad");
}

static void
test_real_identity_fields(void **state)
{
	const struct field	*f;

	(void)state;
	f = form_field(intake, "given_names");
	assert_non_null(f);
	assert_int_equal(f->type, FT_TEXT);
	assert_true(f->required);
	assert_int_equal(f->index, FI_NAME);
	assert_int_equal(f->max_length, 80);
	assert_string_equal(i18n_get_lang(&f->label, LANG_EN), "Given names");
	assert_string_equal(i18n_get_lang(&f->label, LANG_ES), "Nombres");
	f = form_field(intake, "family_names");
	assert_non_null(f);
	assert_true(f->required);
	assert_int_equal(f->index, FI_NAME);
	f = form_field(intake, "birth_date");
	assert_non_null(f);
	assert_int_equal(f->type, FT_DATE);
	assert_true(f->required);
	assert_int_equal(f->index, FI_NONE);
	assert_contains(i18n_get_lang(&f->hint, LANG_EN), "DD/MM/YYYY");
	f = form_field(intake, "sex");
	assert_non_null(f);
	assert_int_equal(f->type, FT_SELECT_ONE);
	assert_non_null(f->list);
	assert_string_equal(f->list->id, "sex");
	assert_int_equal(f->list->n, 3);
	assert_string_equal(f->list->v[0].value, "female");
	assert_string_equal(i18n_get_lang(&f->list->v[1].label, LANG_ES),
	    "Hombre");
	f = form_field(intake, "needs_interpreter");
	assert_non_null(f);
	assert_int_equal(f->type, FT_YES_NO);
	assert_false(f->required);
	f = form_field(intake, "document_number");
	assert_non_null(f);
	assert_int_equal(f->index, FI_DOCUMENT);
	assert_int_equal(f->max_length, 40);
	assert_null(form_field(intake, "nope"));
	/* Fields of a repeat group are not top-level fields. */
	assert_null(form_field(intake, "relationship"));
}

static void
test_real_shared_lists_resolved(void **state)
{
	const struct field	*f, *g;
	const struct choice	*c;

	(void)state;
	f = form_field(intake, "nationality");
	assert_non_null(f);
	assert_true(f->required);
	assert_non_null(f->list);
	assert_string_equal(f->list->id, "nationalities");
	assert_true(f->list->n > 190);
	assert_string_equal(f->list->v[0].value, "XXA");
	c = choice_find(f->list, "PAN");
	assert_non_null(c);
	assert_string_equal(i18n_get_lang(&c->label, LANG_EN), "Panama");
	assert_string_equal(i18n_get_lang(&c->label, LANG_ES),
	    "Panam\xc3\xa1");
	assert_null(choice_find(f->list, "pan"));
	assert_null(choice_find(f->list, "ZZZ"));
	/* Two fields on one list share it. */
	g = form_field(intake, "second_nationality");
	assert_ptr_equal(g->list, f->list);
	assert_string_equal(form_field(intake, "birth_country")->list->id,
	    "countries");
	assert_string_equal(form_field(intake, "language")->list->id,
	    "languages");
	assert_string_equal(form_field(intake, "province")->list->id,
	    "panama_provinces");
	assert_string_equal(form_field(intake, "entry_point")->list->id,
	    "border_posts");
	assert_non_null(choice_find(form_field(intake, "language")->list,
	    "spa"));
}

/* Every choice field of the real form found its list. */
static void
check_lists_linked(const struct field *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (v[i].type == FT_SELECT_ONE && (v[i].list == NULL ||
		    v[i].list->n == 0))
			fail_msg("field %s has no choices", v[i].id);
		if (v[i].type == FT_TEXT && v[i].max_length == 0)
			fail_msg("text field %s has no length limit", v[i].id);
		check_lists_linked(v[i].fields, v[i].nfields);
	}
}

/*
 * Every field of the GBV protocol (the forms its workflows move or fill,
 * and its consent form) is in the gbv confidentiality class, so that only
 * the roles that hold it read any answer.
 */
static void
test_real_gbv_all_sealed(void **state)
{
	static const char *const wfs[] = { "gbv_referral", "gbv_consent" };
	const struct workflow	*w;
	const struct form	*f;
	const struct field	*fld;
	size_t			 i, j, k, m, nforms = 0;

	(void)state;
	for (i = 0; i < forms->nforms; i++) {
		f = forms->forms[i];
		for (j = 0; j < nitems(wfs); j++) {
			w = workflow_for(forms, wfs[j]);
			assert_non_null(w);
			if (w->form == f)
				break;
			for (k = 0; k < w->ntransitions; k++) {
				if (w->transitions[k].form == f)
					break;
			}
			if (k < w->ntransitions)
				break;
		}
		if (j == nitems(wfs) && strcmp(f->id, "gbv_risk") != 0)
			continue;
		nforms++;
		for (j = 0; j < f->nsections; j++) {
			for (k = 0; k < f->sections[j].nfields; k++) {
				fld = &f->sections[j].fields[k];
				if (fld->type != FT_NOTE &&
				    (fld->confidential == NULL ||
				    strcmp(fld->confidential, "gbv") != 0))
					fail_msg("%s: %s is not in class gbv",
					    f->id, fld->id);
				for (m = 0; m < fld->nfields; m++) {
					if (fld->fields[m].confidential ==
					    NULL || strcmp(fld->fields[m].
					    confidential, "gbv") != 0)
						fail_msg("%s: %s.%s is not in class gbv",
						    f->id, fld->id,
						    fld->fields[m].id);
				}
			}
		}
	}
	/* Consent, withdrawal, risk, and the referral with its 4 forms. */
	assert_int_equal(nforms, 8);
}

static void
test_real_household_and_summary(void **state)
{
	static const char *const children[] = {
		"given_names", "family_names", "relationship", "sex",
		"birth_date", "member_age", "nationality", "accompanying",
		"register_case", "unaccompanied_child",
	};
	const struct field	*h, *c;
	size_t			 i;

	(void)state;
	h = form_field(intake, "household");
	assert_non_null(h);
	assert_int_equal(h->type, FT_REPEAT);
	assert_int_equal(h->min_items, 0);
	assert_int_equal(h->max_items, RECORD_MAX_ITEMS);	/* counted */
	assert_non_null(h->count.e);
	assert_int_equal(h->nfields, nitems(children));
	for (i = 0; i < nitems(children); i++)
		assert_string_equal(h->fields[i].id, children[i]);
	/* Members marked register_case become dependant cases. */
	assert_string_equal(h->register_field, "register_case");
	assert_string_equal(h->relation_field, "relationship");
	assert_true(h->ninherit > 0);
	c = field_child(h, "given_names");
	assert_non_null(c);
	assert_true(c->required);
	assert_int_equal(c->index, FI_NAME);
	c = field_child(h, "relationship");
	assert_true(c->required);
	assert_string_equal(c->list->id, "relationship");
	assert_non_null(choice_find(c->list, "spouse"));
	assert_string_equal(field_child(h, "nationality")->list->id,
	    "nationalities");
	assert_null(field_child(h, "phone"));
	assert_int_equal(intake->nsummary, 4);
	assert_string_equal(intake->summary[0], "family_names");
	assert_string_equal(intake->summary[1], "given_names");
	assert_string_equal(intake->summary[2], "birth_date");
	assert_string_equal(intake->summary[3], "nationality");
	for (i = 0; i < intake->nsections; i++)
		check_lists_linked(intake->sections[i].fields,
		    intake->sections[i].nfields);
}

static void
test_minimal_form_loads(void **state)
{
	struct load	 l;
	const struct form *f;

	(void)state;
	load_text(&l, HEAD SECTION FIELD_A);
	if (l.rc != AMP_OK)
		unit_print_diags(&l.d);
	assert_int_equal(l.rc, AMP_OK);
	assert_int_equal(l.d.n, 0);
	f = formset_find(l.fs, "f");
	assert_non_null(f);
	assert_int_equal(form_field(f, "a")->line, 8);
	assert_int_equal(form_field(f, "a")->col, 9);
	assert_int_equal(form_field(f, "a")->max_length, 200);	/* default */
	load_free(&l);
}

static void
test_yaml_syntax_error(void **state)
{
	(void)state;
	check_broken(HEAD "title2: a: b\n" SECTION FIELD_A, 4, 10,
	    "YAML syntax error");
	check_broken(HEAD "sections: [\n", -1, -1, "YAML syntax error");
	check_broken(HEAD "\tsections: x\n", 4, 1, "YAML syntax error");
}

static void
test_empty_file(void **state)
{
	(void)state;
	check_broken("", 0, 0, "the file is empty");
	check_broken("# only a comment\n\n", 0, 0, "the file is empty");
}

static void
test_unknown_key_did_you_mean(void **state)
{
	struct load	l;

	(void)state;
	load_text(&l, HEAD SECTION
	    "      - id: a\n"
	    "        type: text\n"
	    "        lable: {en: A, es: A}\n");
	assert_broken(&l);
	expect_diag(&l, 10, 9,
	    "unknown key \"lable\" in a field (did you mean \"label\"?)");
	expect_diag(&l, 8, 9, "a field has no \"label\"");
	load_free(&l);

	check_broken(HEAD "sectons:\n", 4, 1,
	    "unknown key \"sectons\" in a form (did you mean \"sections\"?)");
	/* Far from every keyword: no hint. */
	load_text(&l, HEAD "colour: red\n" SECTION FIELD_A);
	assert_broken(&l);
	expect_diag(&l, 4, 1, "unknown key \"colour\" in a form");
	assert_null(strstr(l.d.v[0].msg, "did you mean"));
	load_free(&l);
}

static void
test_duplicate_key(void **state)
{
	(void)state;
	check_broken(HEAD SECTION FIELD_A
	    "        label: {en: B, es: B}\n", 11, 9,
	    "duplicate key \"label\" in a field");
	check_broken(HEAD "version: 2\n" SECTION FIELD_A, 4, 1,
	    "duplicate key \"version\" in a form");
}

static void
test_missing_required_keys(void **state)
{
	(void)state;
	check_broken(HEAD SECTION
	    "      - type: text\n"
	    "        label: {en: A, es: A}\n", 8, 9,
	    "a field has no \"id\"");
	check_broken(HEAD SECTION
	    "      - id: a\n"
	    "        label: {en: A, es: A}\n", 8, 9,
	    "a field has no \"type\"");
	check_broken(HEAD SECTION
	    "      - id: a\n"
	    "        type: text\n", 8, 9,
	    "a field has no \"label\"");
	check_broken("form: f\n"
	    "title: {en: F, es: F}\n" SECTION FIELD_A, 1, 1,
	    "a form has no \"version\"");
	check_broken(HEAD
	    "sections:\n"
	    "  - id: s\n"
	    "    fields:\n" FIELD_A, 5, 5,
	    "a section has no \"label\"");
}

static void
test_unknown_field_type(void **state)
{
	(void)state;
	check_broken(HEAD SECTION
	    "      - id: a\n"
	    "        type: txt\n"
	    "        label: {en: A, es: A}\n", 9, 15,
	    "unknown field type \"txt\"");
}

static void
test_label_languages(void **state)
{
	(void)state;
	check_broken(HEAD SECTION
	    "      - id: a\n"
	    "        type: text\n"
	    "        label: {en: A}\n", 10, 16,
	    "the label has no text in Spanish (es:)");
	check_broken(HEAD SECTION
	    "      - id: a\n"
	    "        type: text\n"
	    "        label: {es: A}\n", 10, 16,
	    "the label has no text in English (en:)");
	check_broken(HEAD SECTION
	    "      - id: a\n"
	    "        type: text\n"
	    "        label: {en: A, es: B, fr: C}\n", 10, 31,
	    "unknown language \"fr\" in the label");
	check_broken(HEAD SECTION
	    "      - id: a\n"
	    "        type: text\n"
	    "        label: Name\n", 10, 16,
	    "the label must give the text in each language");
	check_broken("form: f\nversion: 1\ntitle: {en: F, es: \"\"}\n"
	    SECTION FIELD_A, 3, 20, "empty");
}

static void
test_invalid_ids(void **state)
{
	(void)state;
	check_broken(HEAD SECTION
	    "      - id: Given-Names\n"
	    "        type: text\n"
	    "        label: {en: A, es: A}\n", 8, 13,
	    "the field id \"Given-Names\" is not a valid id");
	check_broken(HEAD SECTION
	    "      - id: 1a\n"
	    "        type: text\n"
	    "        label: {en: A, es: A}\n", 8, 13, "is not a valid id");
	check_broken("form: My Form\nversion: 1\ntitle: {en: F, es: F}\n"
	    SECTION FIELD_A, 1, 7, "the form id \"My Form\" is not a valid id");
	/* 64 characters are allowed, 65 are not. */
	check_broken(HEAD SECTION
	    "      - id: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
	    "        type: text\n"
	    "        label: {en: A, es: A}\n", 8, 13, "is not a valid id");
}

static void
test_max_length_id_ok(void **state)
{
	struct load	l;

	(void)state;
	load_text(&l, HEAD SECTION
	    "      - id: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
	    "        type: text\n"
	    "        label: {en: A, es: A}\n");
	if (l.rc != AMP_OK)
		unit_print_diags(&l.d);
	assert_int_equal(l.rc, AMP_OK);
	load_free(&l);
}

static void
test_duplicate_field_ids(void **state)
{
	(void)state;
	/* In one section. */
	check_broken(HEAD SECTION FIELD_A
	    "      - id: a\n"
	    "        type: date\n"
	    "        label: {en: B, es: B}\n", 11, 9,
	    "duplicate field id \"a\" (first at line 8)");
	/* Across sections. */
	check_broken(HEAD SECTION FIELD_A
	    "  - id: t\n"
	    "    label: {en: T, es: T}\n"
	    "    fields:\n"
	    "      - id: a\n"
	    "        type: date\n"
	    "        label: {en: B, es: B}\n", 14, 9,
	    "duplicate field id \"a\" (first at line 8)");
	/* In a repeat group's item. */
	check_broken(HEAD SECTION
	    "      - id: g\n"
	    "        type: repeat\n"
	    "        label: {en: G, es: G}\n"
	    "        fields:\n"
	    "          - id: x\n"
	    "            type: text\n"
	    "            label: {en: X, es: X}\n"
	    "          - id: x\n"
	    "            type: text\n"
	    "            label: {en: X, es: X}\n", 15, 13,
	    "duplicate field id \"x\" (first at line 12)");
}

static void
test_duplicate_section_id(void **state)
{
	(void)state;
	check_broken(HEAD SECTION FIELD_A
	    "  - id: s\n"
	    "    label: {en: T, es: T}\n"
	    "    fields:\n"
	    "      - id: b\n"
	    "        type: date\n"
	    "        label: {en: B, es: B}\n", 11, 5,
	    "duplicate section id \"s\"");
}

#define LIST_L \
	"lists:\n" \
	"  - list: l\n" \
	"    choices:\n" \
	"      - value: x\n" \
	"        label: {en: X, es: X}\n"

static void
test_duplicate_choice_value(void **state)
{
	(void)state;
	/* The second "x" is at line 9. */
	check_broken(HEAD LIST_L
	    "      - value: x\n"
	    "        label: {en: Y, es: Y}\n" SECTION FIELD_A, 9, 9,
	    "duplicate choice value \"x\" in list \"l\"");
}

static void
test_select_without_choices(void **state)
{
	(void)state;
	check_broken(HEAD SECTION
	    "      - id: a\n"
	    "        type: select_one\n"
	    "        label: {en: A, es: A}\n", 8, 9,
	    "select_one field \"a\" has no \"choices\"");
}

static void
test_unknown_choice_list(void **state)
{
	(void)state;
	check_broken(HEAD SECTION
	    "      - id: a\n"
	    "        type: select_one\n"
	    "        label: {en: A, es: A}\n"
	    "        choices: nope\n", 8, 9,
	    "field \"a\" uses the unknown choice list \"nope\"");
}

static void
test_form_list_and_shared_list(void **state)
{
	struct load		 l;
	const struct form	*f;

	(void)state;
	load_files(&l, HEAD LIST_L SECTION
	    "      - id: a\n"
	    "        type: select_one\n"
	    "        label: {en: A, es: A}\n"
	    "        choices: l\n"
	    "      - id: b\n"
	    "        type: select_one\n"
	    "        label: {en: B, es: B}\n"
	    "        choices: colours\n",
	    "lists/colours.yaml",
	    "# shared\n"
	    "list: colours\n"
	    "choices:\n"
	    "  - value: red\n"
	    "    label: {en: Red, es: Rojo}\n");
	if (l.rc != AMP_OK)
		unit_print_diags(&l.d);
	assert_int_equal(l.rc, AMP_OK);
	f = formset_find(l.fs, "f");
	assert_string_equal(form_field(f, "a")->list->id, "l");
	assert_ptr_equal(form_field(f, "a")->list, f->lists[0]);
	assert_string_equal(form_field(f, "b")->list->id, "colours");
	assert_ptr_equal(form_field(f, "b")->list, l.fs->lists[0]);
	load_free(&l);
}

static void
test_keyword_not_for_type(void **state)
{
	(void)state;
	check_broken(HEAD SECTION
	    "      - id: a\n"
	    "        type: date\n"
	    "        label: {en: A, es: A}\n"
	    "        max_length: 10\n", 11, 21,
	    "\"max_length\" does not apply to fields of type date");
	check_broken(HEAD SECTION
	    "      - id: a\n"
	    "        type: text\n"
	    "        label: {en: A, es: A}\n"
	    "        min: 1\n", 11, 14,
	    "\"min\" does not apply to fields of type text");
	check_broken(HEAD LIST_L SECTION
	    "      - id: a\n"
	    "        type: yes_no\n"
	    "        label: {en: A, es: A}\n"
	    "        choices: l\n", 16, 18,
	    "\"choices\" does not apply to fields of type yes_no");
	check_broken(HEAD SECTION
	    "      - id: a\n"
	    "        type: integer\n"
	    "        label: {en: A, es: A}\n"
	    "        index: name\n", 11, 16,
	    "\"index\" does not apply to fields of type");
}

static void
test_nested_repeat(void **state)
{
	(void)state;
	check_broken(HEAD SECTION
	    "      - id: g\n"
	    "        type: repeat\n"
	    "        label: {en: G, es: G}\n"
	    "        fields:\n"
	    "          - id: h\n"
	    "            type: repeat\n"
	    "            label: {en: H, es: H}\n"
	    "            fields:\n"
	    "              - id: x\n"
	    "                type: text\n"
	    "                label: {en: X, es: X}\n", 13, 19,
	    "repeat groups cannot be nested");
}

static void
test_ranges(void **state)
{
	(void)state;
	check_broken(HEAD SECTION
	    "      - id: g\n"
	    "        type: repeat\n"
	    "        label: {en: G, es: G}\n"
	    "        min_items: 5\n"
	    "        max_items: 2\n"
	    "        fields:\n"
	    "          - id: x\n"
	    "            type: text\n"
	    "            label: {en: X, es: X}\n", 11, 20,
	    "min_items (5) is greater than max_items (2)");
	check_broken(HEAD SECTION
	    "      - id: n\n"
	    "        type: integer\n"
	    "        label: {en: N, es: N}\n"
	    "        min: 10\n"
	    "        max: 1\n", 11, 14,
	    "min (10) is greater than max (1)");
	check_broken(HEAD SECTION
	    "      - id: a\n"
	    "        type: text\n"
	    "        label: {en: A, es: A}\n"
	    "        max_length: 0\n", 11, 21,
	    "max_length must be a whole number from 1 to 10000, not \"0\"");
	check_broken(HEAD SECTION
	    "      - id: a\n"
	    "        type: text\n"
	    "        label: {en: A, es: A}\n"
	    "        required: yes\n", 11, 19,
	    "required must be true, false or a condition, not \"yes\"");
	check_broken("form: f\nversion: 0\ntitle: {en: F, es: F}\n"
	    SECTION FIELD_A, 2, 10, "version must be a whole number");
}

static void
test_empty_lists(void **state)
{
	(void)state;
	check_broken(HEAD "sections: []\n", 4, 11,
	    "a form needs at least one section");
	check_broken(HEAD SECTION, -1, -1, "fields");
	check_broken(HEAD
	    "sections:\n"
	    "  - id: s\n"
	    "    label: {en: S, es: S}\n"
	    "    fields: []\n", 7, 13, "fields must list at least one field");
}

static void
test_summary_unknown_field(void **state)
{
	(void)state;
	/* "nope" is at line 4, column 14. */
	check_broken(HEAD "summary: [a, nope]\n" SECTION FIELD_A, 4, 14,
	    "summary names \"nope\"");
}

static void
test_summary_repeat_field(void **state)
{
	(void)state;
	check_broken(HEAD "summary: [g]\n" SECTION
	    "      - id: g\n"
	    "        type: repeat\n"
	    "        label: {en: G, es: G}\n"
	    "        fields:\n"
	    "          - id: x\n"
	    "            type: text\n"
	    "            label: {en: X, es: X}\n", 4, 11,
	    "summary names \"g\"");
}

static void
test_list_file_name_mismatch(void **state)
{
	struct load	 l;
	char		*path;

	(void)state;
	load_files(&l, HEAD SECTION FIELD_A, "lists/foo.yaml",
	    "# a comment first\n"
	    "list: bar\n"
	    "choices:\n"
	    "  - value: x\n"
	    "    label: {en: X, es: X}\n");
	assert_broken(&l);
	path = xsprintf("%s/lists/foo.yaml", l.dir);
	expect_diag_in(&l, path, 2, 1,
	    "list \"bar\" must be in a file named bar.yaml");
	free(path);
	load_free(&l);
}

static void
test_duplicate_form(void **state)
{
	struct load	 l;
	char		*p;

	(void)state;
	memset(&l, 0, sizeof l);
	l.dir = unit_tmpdir();
	p = unit_write_file(l.dir, "a.yaml", HEAD SECTION FIELD_A,
	    strlen(HEAD SECTION FIELD_A));
	free(p);
	l.file = unit_write_file(l.dir, "b.yaml", HEAD SECTION FIELD_A,
	    strlen(HEAD SECTION FIELD_A));
	l.rc = formset_load(l.dir, &l.fs, &l.d);
	assert_broken(&l);
	expect_diag(&l, 1, 1, "duplicate form \"f\"");
	load_free(&l);
}

static void
test_forms_dir_problems(void **state)
{
	struct load	 l;
	char		*p;

	(void)state;
	/* A directory without forms. */
	load_text(&l, NULL);
	assert_broken(&l);
	expect_diag_in(&l, l.dir, 0, 0, "no forms found");
	load_free(&l);
	/* A directory that is not there. */
	memset(&l, 0, sizeof l);
	l.dir = unit_tmpdir();
	p = xsprintf("%s/missing", l.dir);
	l.rc = formset_load(p, &l.fs, &l.d);
	assert_broken(&l);
	expect_diag_in(&l, p, 0, 0, "cannot read the directory");
	free(p);
	load_free(&l);
}

/* Each level holds ten aliases of the one below: 10^9 fields if expanded. */
static char *
alias_bomb(void)
{
	struct buf	b = { 0 };
	char		line[512];
	int		i, j;

	buf_add(&b, HEAD, strlen(HEAD));
	snprintf(line, sizeof line, "x0: &r0 {id: r, type: repeat, label: "
	    "{en: A, es: A}, fields: [{id: t, type: text, label: {en: T, es: "
	    "T}}]}\n");
	buf_add(&b, line, strlen(line));
	for (i = 1; i < 10; i++) {
		snprintf(line, sizeof line, "x%d: &r%d {id: r, type: repeat, "
		    "label: {en: A, es: A}, fields: [", i, i);
		buf_add(&b, line, strlen(line));
		for (j = 0; j < 10; j++) {
			snprintf(line, sizeof line, "%s*r%d", j > 0 ? ", " : "",
			    i - 1);
			buf_add(&b, line, strlen(line));
		}
		buf_add(&b, "]}\n", 3);
	}
	buf_add(&b, SECTION, strlen(SECTION));
	buf_add(&b, "      - *r9\n", 12);
	buf_add_u8(&b, 0);
	return ((char *)b.p);
}

static long
max_rss_kib(void)
{
	struct rusage	ru;

	getrusage(RUSAGE_SELF, &ru);
	return (ru.ru_maxrss);
}

static void
test_alias_bomb(void **state)
{
	struct load	 l;
	struct timespec	 t0, t1;
	double		 secs;
	long		 rss0, rss1;
	char		*yaml;

	(void)state;
	yaml = alias_bomb();
	rss0 = max_rss_kib();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	load_text(&l, yaml);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	rss1 = max_rss_kib();
	free(yaml);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	print_message("# alias bomb: %.2f s, %zu diagnostics, max RSS +%ld KiB\n",
	    secs, l.d.n, rss1 - rss0);
	assert_broken(&l);
	expect_diag(&l, -1, -1, "too large");
	assert_true(secs < 20.0);
	/* Bounded work and memory: the expansion was stopped early. */
	assert_true(rss1 - rss0 < 256 * 1024);
	assert_true(l.d.n < 100000);
	load_free(&l);
}

static void
badd(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* Repeat groups nested 40 deep: the walk stops at its depth limit. */
static void
test_deep_nesting(void **state)
{
	struct load	 l;
	struct buf	 b = { 0 };
	char		 item[128];
	int		 i;

	(void)state;
	badd(&b, HEAD SECTION "      - ");
	for (i = 0; i < 40; i++) {
		snprintf(item, sizeof item, "{id: g%d, type: repeat, label: "
		    "{en: G, es: G}, fields: [", i);
		badd(&b, item);
	}
	badd(&b, "{id: x, type: text, label: {en: X, es: X}}");
	for (i = 0; i < 40; i++)
		badd(&b, "]}");
	badd(&b, "\n");
	buf_add_u8(&b, 0);
	load_text(&l, (const char *)b.p);
	buf_free(&b);
	assert_broken(&l);
	expect_diag(&l, -1, -1, "nested too deeply");
	load_free(&l);
}

/* YAML nested ten thousand levels: refused, not a crash. */
static void
test_deep_yaml(void **state)
{
	struct load	 l;
	struct buf	 b = { 0 };
	size_t		 i;

	(void)state;
	badd(&b, HEAD "sections: ");
	for (i = 0; i < 10000; i++)
		badd(&b, "[");
	for (i = 0; i < 10000; i++)
		badd(&b, "]");
	badd(&b, "\n");
	buf_add_u8(&b, 0);
	load_text(&l, (const char *)b.p);
	buf_free(&b);
	assert_broken(&l);
	load_free(&l);
}

static void
test_all_errors_reported(void **state)
{
	struct load	l;

	(void)state;
	load_text(&l, HEAD "summary: [nope]\n" SECTION
	    "      - id: Bad\n"			/* line 9 */
	    "        type: text\n"
	    "        label: {en: A, es: A}\n"
	    "      - id: b\n"			/* line 12 */
	    "        type: dat\n"
	    "        label: {en: B}\n"
	    "      - id: c\n"			/* line 15 */
	    "        type: text\n"
	    "        label: {en: C, es: C}\n"
	    "        colour: red\n"
	    "  - id: s\n"			/* line 19 */
	    "    label: {en: S, es: S}\n"
	    "    fields:\n"
	    "      - id: d\n"
	    "        type: date\n"
	    "        label: {en: D, es: D}\n"
	    "        max_length: 3\n");
	assert_broken(&l);
	expect_diag(&l, 9, 13, "is not a valid id");
	expect_diag(&l, 13, 15, "unknown field type \"dat\"");
	expect_diag(&l, 14, 16, "has no text in Spanish");
	expect_diag(&l, 18, 9, "unknown key \"colour\"");
	expect_diag(&l, 19, 5, "duplicate section id \"s\"");
	expect_diag(&l, 25, 21, "\"max_length\" does not apply");
	expect_diag(&l, -1, -1, "summary names \"nope\"");
	assert_true(l.d.n >= 7);
	load_free(&l);
}

/* Errors in several files are all reported too. */
static void
test_errors_in_several_files(void **state)
{
	struct load	 l;
	char		*p, *q;

	(void)state;
	load_files(&l, HEAD SECTION
	    "      - id: a\n"
	    "        type: txt\n"
	    "        label: {en: A, es: A}\n",
	    "lists/l.yaml", "list: l\nchoices: []\n");
	assert_broken(&l);
	expect_diag(&l, 9, 15, "unknown field type");
	p = xsprintf("%s/lists/l.yaml", l.dir);
	expect_diag_in(&l, p, 2, 10, "at least one choice");
	free(p);
	load_free(&l);

	memset(&l, 0, sizeof l);
	l.dir = unit_tmpdir();
	p = unit_write_file(l.dir, "a.yaml", "form: a\n", 8);
	q = unit_write_file(l.dir, "b.yaml", "form: b\nversion: x\n", 19);
	l.rc = formset_load(l.dir, &l.fs, &l.d);
	assert_broken(&l);
	expect_diag_in(&l, p, 1, 1, "has no \"version\"");
	expect_diag_in(&l, q, 2, 10, "version must be a whole number");
	free(p);
	free(q);
	load_free(&l);
}

/* Field normalisation. */

static void
check_norm(const struct field *f, const char *in, const char *want)
{
	char	*out, *why;

	if (field_normalize(f, in, &out, &why) != 0)
		fail_msg("%s: \"%s\" refused: %s", f->id != NULL ? f->id : "?",
		    in != NULL ? in : "(null)", why);
	if (want == NULL && out != NULL)
		fail_msg("\"%s\" gave \"%s\", want nothing", in, out);
	if (want != NULL && (out == NULL || strcmp(out, want) != 0))
		fail_msg("\"%s\" gave \"%s\", want \"%s\"", in,
		    out != NULL ? out : "(nothing)", want);
	assert_null(why);
	free(out);
}

static void
check_norm_bad(const struct field *f, const char *in, const char *msg)
{
	char	*out, *why;

	if (field_normalize(f, in, &out, &why) == 0)
		fail_msg("%s: \"%s\" accepted as \"%s\"",
		    f->id != NULL ? f->id : "?", in,
		    out != NULL ? out : "(nothing)");
	assert_null(out);
	assert_non_null(why);
	assert_contains(why, msg);
	free(why);
}

static void
test_normalize_text(void **state)
{
	const struct field	*f;

	(void)state;
	f = form_field(intake, "given_names");
	check_norm(f, "Jos\xc3\xa9", "Jos\xc3\xa9");
	check_norm(f, "  Jos\xc3\xa9   Luis  ", "Jos\xc3\xa9 Luis");
	check_norm(f, "Jos\xc3\xa9\tLuis", "Jos\xc3\xa9 Luis");
	check_norm(f, "\033[31mAna\033[0m", "Ana");
	check_norm(f, "\x01" "Ana\x7f", "Ana");
	check_norm(f, "\xe2\x80\xae" "Ana\xe2\x80\x8b", "Ana");
	check_norm(f, "Ana\xff", "Ana");
	check_norm(f, "", NULL);
	check_norm(f, "   ", NULL);
	check_norm(f, "\t\x01\xe2\x80\x8b", NULL);
	check_norm(f, NULL, NULL);
}

static void
test_normalize_text_length_in_characters(void **state)
{
	struct field	f;
	char		buf[256];
	size_t		i;

	(void)state;
	memset(&f, 0, sizeof f);
	f.id = (char *)(uintptr_t)"t";
	f.type = FT_TEXT;
	f.max_length = 5;
	check_norm(&f, "abcde", "abcde");
	check_norm_bad(&f, "abcdef", "at most 5 characters");
	/* Five two-byte letters are five characters (ten bytes). */
	check_norm(&f, "\xc3\xb1\xc3\xb1\xc3\xb1\xc3\xb1\xc3\xb1",
	    "\xc3\xb1\xc3\xb1\xc3\xb1\xc3\xb1\xc3\xb1");
	check_norm_bad(&f, "\xc3\xb1\xc3\xb1\xc3\xb1\xc3\xb1\xc3\xb1\xc3\xb1",
	    "at most 5");
	check_norm(&f, "\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad"
	    "\xe4\xb8\xad", "\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad"
	    "\xe4\xb8\xad");
	/* Counted after cleaning: spaces trimmed do not count. */
	check_norm(&f, "   abcde   ", "abcde");
	/* The real form's limit. */
	memset(buf, 'x', sizeof buf);
	buf[80] = '\0';
	check_norm(form_field(intake, "given_names"), buf, buf);
	buf[80] = 'x';
	buf[81] = '\0';
	check_norm_bad(form_field(intake, "given_names"), buf, "at most 80");
	for (i = 0; i < 80; i++)
		memcpy(buf + 2 * i, "\xc3\xa9", 2);
	buf[160] = '\0';
	check_norm(form_field(intake, "given_names"), buf, buf);
}

static void
test_normalize_integer(void **state)
{
	struct field	f;

	(void)state;
	memset(&f, 0, sizeof f);
	f.id = (char *)(uintptr_t)"n";
	f.type = FT_INTEGER;
	check_norm(&f, "42", "42");
	check_norm(&f, "007", "7");
	check_norm(&f, "-0", "0");
	check_norm(&f, "+5", "5");
	check_norm(&f, "-12", "-12");
	check_norm(&f, " 12 ", "12");
	check_norm(&f, "", NULL);
	check_norm(&f, "9223372036854775807", "9223372036854775807");
	check_norm_bad(&f, "1e3", "not a whole number");
	check_norm_bad(&f, "12a", "not a whole number");
	check_norm_bad(&f, "+", "not a whole number");
	check_norm_bad(&f, "-", "not a whole number");
	check_norm_bad(&f, "0x10", "not a whole number");
	check_norm_bad(&f, "1.5", "not a whole number");
	check_norm_bad(&f, "1 000", "not a whole number");
	check_norm_bad(&f, "99999999999999999999", "not a whole number");
	check_norm_bad(&f, "\xe2\x88\x92" "5", "not a whole number");
	check_norm_bad(&f, "abc", "not a whole number");
	f.has_min = f.has_max = 1;
	f.min = 0;
	f.max = 120;
	check_norm(&f, "0", "0");
	check_norm(&f, "120", "120");
	check_norm(&f, "0120", "120");
	check_norm_bad(&f, "-1", "must be at least 0");
	check_norm_bad(&f, "121", "must be at most 120");
}

static void
test_normalize_date(void **state)
{
	const struct field	*f;

	(void)state;
	f = form_field(intake, "birth_date");
	check_norm(f, "1990-03-07", "1990-03-07");
	check_norm(f, "7/3/1990", "1990-03-07");
	check_norm(f, "07.03.1990", "1990-03-07");
	check_norm(f, "7-3-1990", "1990-03-07");
	check_norm(f, "1990-3-7", "1990-03-07");
	check_norm(f, " 29/02/2024 ", "2024-02-29");
	check_norm_bad(f, "1990-02-30", "not a date");
	check_norm_bad(f, "29/02/2023", "not a date");
	check_norm_bad(f, "3/7/90", "not a date");
	check_norm_bad(f, "yesterday", "not a date");
	check_norm(f, "", NULL);
}

static void
test_normalize_select(void **state)
{
	const struct field	*f;

	(void)state;
	f = form_field(intake, "nationality");
	check_norm(f, "PAN", "PAN");
	check_norm(f, "pan", "PAN");
	check_norm(f, "panama", "PAN");
	check_norm(f, "Panam\xc3\xa1", "PAN");
	check_norm(f, "PANAM\xc3\x81", "PAN");
	check_norm(f, "  panam\xc3\xa1  ", "PAN");
	check_norm(f, "Germany", "DEU");
	check_norm(f, "alemania", "DEU");
	check_norm(f, "ap\xc3\xa1trida", "XXA");
	check_norm_bad(f, "Atlantis", "not one of the choices");
	check_norm_bad(f, "Pana", "not one of the choices");
	check_norm(f, "", NULL);
	f = form_field(intake, "sex");
	check_norm(f, "female", "female");
	check_norm(f, "Mujer", "female");
	check_norm(f, "HOMBRE", "male");
	check_norm(f, "male", "male");
	check_norm_bad(f, "F", "not one of the choices");
	f = field_child(form_field(intake, "household"), "relationship");
	check_norm(f, "hijo o hija", "child");
	check_norm(f, "Spouse or partner", "spouse");
}

static void
test_normalize_yes_no(void **state)
{
	static const char *const yes[] = {
		"yes", "y", "si", "s\xc3\xad", "s", "true", "1", "YES", "S\xc3\xad",
		"SI", " Yes ", "True",
	};
	static const char *const no[] = {
		"no", "n", "false", "0", "NO", "No", " n ", "FALSE",
	};
	const struct field	*f;
	size_t			 i;

	(void)state;
	f = form_field(intake, "needs_interpreter");
	for (i = 0; i < nitems(yes); i++)
		check_norm(f, yes[i], "yes");
	for (i = 0; i < nitems(no); i++)
		check_norm(f, no[i], "no");
	check_norm_bad(f, "maybe", "answer yes or no");
	check_norm_bad(f, "2", "answer yes or no");
	check_norm_bad(f, "yess", "answer yes or no");
	check_norm(f, "", NULL);
}

static void
test_normalize_repeat(void **state)
{
	char	*out, *why;

	(void)state;
	assert_int_equal(field_normalize(form_field(intake, "household"), "x",
	    &out, &why), -1);
	assert_null(out);
	assert_non_null(why);
	free(why);
}

/* Record checks. */

static void
minimal_person(struct rmap *m)
{
	memset(m, 0, sizeof *m);
	rmap_set(m, "given_names", "Jos\xc3\xa9");
	rmap_set(m, "family_names", "P\xc3\xa9rez");
	rmap_set(m, "sex", "male");
	rmap_set(m, "birth_date", "1990-03-07");
	rmap_set(m, "nationality", "PAN");
	rmap_set(m, "language", "spa");
}

static const struct verr *
find_verr(const struct verrs *e, const char *path)
{
	size_t	i;

	for (i = 0; i < e->n; i++) {
		if (strcmp(e->v[i].path, path) == 0)
			return (&e->v[i]);
	}
	return (NULL);
}

static void
expect_verr(const struct verrs *e, const char *path, const char *msg)
{
	const struct verr	*v = find_verr(e, path);
	size_t			 i;

	if (v != NULL && strstr(v->msg, msg) != NULL)
		return;
	print_message("# want %s: ...%s...; got:\n", path, msg);
	for (i = 0; i < e->n; i++)
		print_message("#   %s: %s\n", e->v[i].path, e->v[i].msg);
	fail();
}

static void
test_validate_required(void **state)
{
	static const char *const req[] = {
		"given_names", "family_names", "sex", "birth_date",
		"nationality", "language",
	};
	struct rmap	m = { 0 };
	struct verrs	e = { 0 };
	size_t		i;

	(void)state;
	assert_int_equal(form_validate(intake, &m, &e), nitems(req));
	assert_int_equal(e.n, nitems(req));
	for (i = 0; i < nitems(req); i++)
		expect_verr(&e, req[i], "required");
	verrs_free(&e);
	minimal_person(&m);
	assert_int_equal(form_validate(intake, &m, &e), 0);
	assert_int_equal(e.n, 0);
	rmap_set(&m, "sex", "");
	assert_int_equal(form_validate(intake, &m, &e), 1);
	expect_verr(&e, "sex", "required");
	verrs_free(&e);
	rmap_free(&m);
}

static void
add_member(struct rfield *g, const char *given)
{
	struct rmap	*it = rgroup_add(g);

	if (given != NULL)
		rmap_set(it, "given_names", given);
	rmap_set(it, "family_names", "P\xc3\xa9rez");
	rmap_set(it, "relationship", "child");
}

static void
test_validate_repeat(void **state)
{
	struct rmap	 m;
	struct verrs	 e = { 0 };
	struct rfield	*g;
	size_t		 i;

	(void)state;
	minimal_person(&m);
	g = rmap_group(&m, "household");
	add_member(g, "Ana");
	add_member(g, NULL);
	add_member(g, "Luis");
	assert_int_equal(form_validate(intake, &m, &e), 1);
	expect_verr(&e, "household.2.given_names", "required");
	verrs_free(&e);
	rmap_set(&g->items[1], "given_names", "Eva");
	rmap_set(&g->items[2], "birth_date", "1/1/2020");
	assert_int_equal(form_validate(intake, &m, &e), 1);
	expect_verr(&e, "household.3.birth_date", "normal form");
	verrs_free(&e);
	rmap_set(&g->items[2], "birth_date", "2020-01-01");
	/* As many members as household_count says, once it is answered. */
	rmap_set(&m, "household_count", "3");
	assert_int_equal(form_validate(intake, &m, &e), 0);
	for (i = g->nitems; i < 5; i++)
		add_member(g, "Otro");
	assert_int_equal(form_validate(intake, &m, &e), 1);
	expect_verr(&e, "household", "the count says 3");
	verrs_free(&e);
	rmap_set(&m, "household_count", "5");
	assert_int_equal(form_validate(intake, &m, &e), 0);
	/* A text where the group should be, and the other way round. */
	rmap_set(&m, "household", "x");
	rmap_group(&m, "given_names");
	assert_int_equal(form_validate(intake, &m, &e), 2);
	expect_verr(&e, "household", "list of entries");
	expect_verr(&e, "given_names", "single value");
	verrs_free(&e);
	rmap_free(&m);
}

static void
test_validate_min_items(void **state)
{
	struct load		 l;
	const struct form	*f;
	struct rmap		 m = { 0 };
	struct verrs		 e = { 0 };
	struct rfield		*g;

	(void)state;
	load_text(&l, HEAD SECTION
	    "      - id: g\n"
	    "        type: repeat\n"
	    "        label: {en: G, es: G}\n"
	    "        min_items: 1\n"
	    "        max_items: 2\n"
	    "        fields:\n"
	    "          - id: n\n"
	    "            type: integer\n"
	    "            label: {en: N, es: N}\n"
	    "            min: 1\n"
	    "            max: 9\n");
	if (l.rc != AMP_OK)
		unit_print_diags(&l.d);
	assert_int_equal(l.rc, AMP_OK);
	f = formset_find(l.fs, "f");
	assert_int_equal(form_validate(f, &m, &e), 1);
	expect_verr(&e, "g", "at least 1");
	verrs_free(&e);
	g = rmap_group(&m, "g");
	assert_int_equal(form_validate(f, &m, &e), 1);
	expect_verr(&e, "g", "at least 1");
	verrs_free(&e);
	rmap_set(rgroup_add(g), "n", "5");
	assert_int_equal(form_validate(f, &m, &e), 0);
	rmap_set(rgroup_add(g), "n", "10");
	assert_int_equal(form_validate(f, &m, &e), 1);
	expect_verr(&e, "g.2.n", "at most 9");
	verrs_free(&e);
	rmap_set(&g->items[1], "n", "05");
	assert_int_equal(form_validate(f, &m, &e), 1);
	expect_verr(&e, "g.2.n", "normal form");
	verrs_free(&e);
	rmap_set(&g->items[1], "n", "5");
	rmap_set(rgroup_add(g), "n", "5");
	assert_int_equal(form_validate(f, &m, &e), 1);
	expect_verr(&e, "g", "at most 2");
	verrs_free(&e);
	rmap_free(&m);
	load_free(&l);
}

static void
test_validate_unnormalised(void **state)
{
	struct rmap	m;
	struct verrs	e = { 0 };

	(void)state;
	minimal_person(&m);
	rmap_set(&m, "birth_date", "7/3/1990");
	rmap_set(&m, "nationality", "panama");
	rmap_set(&m, "given_names", "  Jos\xc3\xa9 ");
	rmap_set(&m, "family_names", "P\xc3\xa9rez  Luna");
	rmap_set(&m, "language", "fra");	/* so the interpreter is asked */
	rmap_set(&m, "needs_interpreter", "si");
	rmap_set(&m, "address", "\033[31mCalle 5");
	assert_int_equal(form_validate(intake, &m, &e), 6);
	expect_verr(&e, "birth_date", "normal form");
	expect_verr(&e, "nationality", "normal form");
	expect_verr(&e, "given_names", "normal form");
	expect_verr(&e, "family_names", "normal form");
	expect_verr(&e, "needs_interpreter", "normal form");
	expect_verr(&e, "address", "normal form");
	verrs_free(&e);
	rmap_free(&m);
	/* Values that cannot be normalised say why. */
	minimal_person(&m);
	rmap_set(&m, "birth_date", "1990-02-30");
	rmap_set(&m, "nationality", "Atlantis");
	assert_int_equal(form_validate(intake, &m, &e), 2);
	expect_verr(&e, "birth_date", "not a date");
	expect_verr(&e, "nationality", "not one of the choices");
	verrs_free(&e);
	rmap_free(&m);
}

/* One optional field of each type, to compare checks with normalisation. */
#define EVERY_TYPE HEAD LIST_L SECTION \
	"      - {id: t, type: text, label: {en: T, es: T}, max_length: 6}\n" \
	"      - {id: i, type: integer, label: {en: I, es: I}}\n" \
	"      - {id: r, type: integer, label: {en: R, es: R}, min: -50, max: 50}\n" \
	"      - {id: d, type: date, label: {en: D, es: D}}\n" \
	"      - {id: c, type: select_one, label: {en: C, es: C}, choices: l}\n" \
	"      - {id: y, type: yes_no, label: {en: Y, es: Y}}\n"

static size_t	shown_n;	/* disagreements printed so far */

/* A value with control characters escaped, for messages (a static buffer). */
static const char *
shown(const char *v)
{
	static char	out[256];
	size_t		o = 0;

	for (; *v != '\0' && o < sizeof out - 5; v++) {
		if ((unsigned char)*v < 0x20 || *v == 0x7f)
			o += (size_t)snprintf(out + o, sizeof out - o, "\\x%02x",
			    (unsigned char)*v);
		else
			out[o++] = *v;
	}
	out[o] = '\0';
	return (out);
}

/*
 * Whether form_validate takes a stored value exactly when field_normalize
 * leaves it as it is; a disagreement is printed and counted.
 */
static size_t
disagreements(const struct form *f, const char *v)
{
	static const char *const ids[] = { "t", "i", "r", "d", "c", "y" };
	struct rmap	 m = { 0 };
	struct verrs	 e = { 0 };
	char		*out, *why;
	size_t		 i, bad = 0;
	int		 normal, valid;

	for (i = 0; i < nitems(ids); i++) {
		normal = field_normalize(form_field(f, ids[i]), v, &out,
		    &why) == 0 && out != NULL && strcmp(out, v) == 0;
		free(out);
		free(why);
		rmap_set(&m, ids[i], v);
		valid = form_validate(f, &m, &e) == 0;
		verrs_free(&e);
		rmap_free(&m);
		if (normal != valid && ++shown_n <= 12) {
			print_message("# %s field: \"%s\" %s by form_validate "
			    "but %s\n", ids[i], shown(v), valid ? "accepted" :
			    "refused", normal ? "already normal" :
			    "not in its normal form");
		}
		bad += normal != valid;
	}
	return (bad);
}

static void
test_validate_agrees_with_normalize(void **state)
{
	static const char *const values[] = {
		"1990-03-07", "1990-03-07 ", " 1990-03-07", "1990-12-1 ",
		"1990-1-01", "07/03/1990", "5", "-5", "+5", "05", "-0", "0",
		"\t5", "\n5", "\v5", "\f5", "\r5", "5\t",
		"99999999999999999999", "-9223372036854775809",
		"9223372036854775807", "50", "51", "-51", "abc", "ab  c",
		"ab c", " abc", "abc ", "a\tb", "\xc2\xa0x", "x\xe2\x80\x8b",
		"\033[1mx", "yes", "no", "Yes", "x", "X", "y", "abcdef",
		"abcdefg", "\xc3\xb1\xc3\xb1\xc3\xb1\xc3\xb1\xc3\xb1\xc3\xb1",
		"a\xff\x62",
	};
	static const char *const alphabet[] = {
		" ", " ", "\t", "\n", "0", "1", "5", "9", "-", "+", "/", ".",
		"x", "y", "e", "s", "\xc3\xa9", "\xe2\x80\x8b", "2024-02-29",
		"1990", "12", "\xc2\xa0",
	};
	struct load		 l;
	const struct form	*f;
	struct rng		 g;
	char			 v[64];
	size_t			 i, k, len, bad = 0;

	(void)state;
	load_text(&l, EVERY_TYPE);
	if (l.rc != AMP_OK)
		unit_print_diags(&l.d);
	assert_int_equal(l.rc, AMP_OK);
	f = formset_find(l.fs, "f");
	for (i = 0; i < nitems(values); i++)
		bad += disagreements(f, values[i]);
	rng_seed(&g, 5);
	for (i = 0; i < 3000; i++) {
		v[0] = '\0';
		for (k = 1 + rng_below(&g, 5); k > 0; k--) {
			len = strlen(v);
			snprintf(v + len, sizeof v - len, "%s",
			    alphabet[rng_below(&g, nitems(alphabet))]);
		}
		bad += disagreements(f, v);
	}
	load_free(&l);
	assert_int_equal(bad, 0);
}

static void
test_summary_uses_labels(void **state)
{
	struct rmap	 m;
	char		*s;

	(void)state;
	minimal_person(&m);
	lang_set(LANG_EN);
	s = form_summary(intake, &m);
	assert_string_equal(s, "P\xc3\xa9rez\tJos\xc3\xa9\t1990-03-07\tPanama");
	free(s);
	lang_set(LANG_ES);
	s = form_summary(intake, &m);
	assert_string_equal(s,
	    "P\xc3\xa9rez\tJos\xc3\xa9\t1990-03-07\tPanam\xc3\xa1");
	free(s);
	lang_set(LANG_EN);
	rmap_free(&m);
	s = form_summary(intake, &m);
	assert_string_equal(s, "\t\t\t");
	free(s);
}

static void
test_choice_label(void **state)
{
	const struct field	*f;

	(void)state;
	lang_set(LANG_EN);
	f = form_field(intake, "sex");
	assert_string_equal(choice_label(f, "female"), "Female");
	assert_string_equal(choice_label(f, "unknown"), "unknown");
	assert_string_equal(choice_label(f, NULL), "");
	f = form_field(intake, "needs_interpreter");
	assert_string_equal(choice_label(f, "yes"), "yes");
	assert_string_equal(choice_label(f, "no"), "no");
	f = form_field(intake, "given_names");
	assert_string_equal(choice_label(f, "Ana"), "Ana");
	assert_string_equal(ftype_name(FT_SELECT_ONE), "select_one");
	assert_string_equal(ftype_name(FT_REPEAT), "repeat");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_forms_load),
		cmocka_unit_test(test_real_identity_fields),
		cmocka_unit_test(test_real_shared_lists_resolved),
		cmocka_unit_test(test_real_household_and_summary),
		cmocka_unit_test(test_real_gbv_all_sealed),
		cmocka_unit_test(test_minimal_form_loads),
		cmocka_unit_test(test_yaml_syntax_error),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_unknown_key_did_you_mean),
		cmocka_unit_test(test_duplicate_key),
		cmocka_unit_test(test_missing_required_keys),
		cmocka_unit_test(test_unknown_field_type),
		cmocka_unit_test(test_label_languages),
		cmocka_unit_test(test_invalid_ids),
		cmocka_unit_test(test_max_length_id_ok),
		cmocka_unit_test(test_duplicate_field_ids),
		cmocka_unit_test(test_duplicate_section_id),
		cmocka_unit_test(test_duplicate_choice_value),
		cmocka_unit_test(test_select_without_choices),
		cmocka_unit_test(test_unknown_choice_list),
		cmocka_unit_test(test_form_list_and_shared_list),
		cmocka_unit_test(test_keyword_not_for_type),
		cmocka_unit_test(test_nested_repeat),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_empty_lists),
		cmocka_unit_test(test_summary_unknown_field),
		cmocka_unit_test(test_summary_repeat_field),
		cmocka_unit_test(test_list_file_name_mismatch),
		cmocka_unit_test(test_duplicate_form),
		cmocka_unit_test(test_forms_dir_problems),
		cmocka_unit_test(test_alias_bomb),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_deep_yaml),
		cmocka_unit_test(test_all_errors_reported),
		cmocka_unit_test(test_errors_in_several_files),
		cmocka_unit_test(test_normalize_text),
		cmocka_unit_test(test_normalize_text_length_in_characters),
		cmocka_unit_test(test_normalize_integer),
		cmocka_unit_test(test_normalize_date),
		cmocka_unit_test(test_normalize_select),
		cmocka_unit_test(test_normalize_yes_no),
		cmocka_unit_test(test_normalize_repeat),
		cmocka_unit_test(test_validate_required),
		cmocka_unit_test(test_validate_repeat),
		cmocka_unit_test(test_validate_min_items),
		cmocka_unit_test(test_validate_unnormalised),
		cmocka_unit_test(test_validate_agrees_with_normalize),
		cmocka_unit_test(test_summary_uses_labels),
		cmocka_unit_test(test_choice_label),
	};

	return (cmocka_run_group_tests(tests, group_setup, group_teardown));
}
