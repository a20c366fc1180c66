/* form.c: the form model: field types, lookups, choice labels, freeing. */

#include "config.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "amparo.h"

/*
 * The field types: their names in forms, what ${id} yields, whether
 * officials enter them.
 */
const struct ftype_info ftype_table[FT__COUNT] = {
	{ "text",	 FT_TEXT,	 VT_STR,   1 },
	{ "multiline",	 FT_MULTILINE,	 VT_STR,   1 },
	{ "integer",	 FT_INTEGER,	 VT_NUM,   1 },
	{ "decimal",	 FT_DECIMAL,	 VT_NUM,   1 },
	{ "date",	 FT_DATE,	 VT_DATE,  1 },
	{ "time",	 FT_TIME,	 VT_STR,   1 },
	{ "datetime",	 FT_DATETIME,	 VT_STR,   1 },
	{ "select_one",	 FT_SELECT_ONE,	 VT_STR,   1 },
	{ "select_many", FT_SELECT_MANY, VT_STR,   1 },
	{ "yes_no",	 FT_YES_NO,	 VT_STR,   1 },
	{ "phone",	 FT_PHONE,	 VT_STR,   1 },
	{ "email",	 FT_EMAIL,	 VT_STR,   1 },
	{ "document",	 FT_DOCUMENT,	 VT_STR,   1 },
	{ "calculate",	 FT_CALCULATE,	 VT_EMPTY, 0 },	/* its expression's type */
	{ "note",	 FT_NOTE,	 VT_EMPTY, 0 },
	{ "repeat",	 FT_REPEAT,	 VT_GROUP, 0 },
};

const char *
ftype_name(enum ftype t)
{
	return (ftype_table[t].name);
}

/* Where forms are read from: AMPARO_FORMS, else the installed directory. */
const char *
forms_dir_default(void)
{
	const char	*e = getenv("AMPARO_FORMS");

	return (e != NULL && *e != '\0' ? e : FORMSDIR);
}

const struct form *
formset_find(const struct formset *fs, const char *id)
{
	size_t	i;

	for (i = 0; i < fs->nforms; i++) {
		if (strcmp(fs->forms[i]->id, id) == 0)
			return (fs->forms[i]);
	}
	return (NULL);
}

/* A top-level field (in any section) by id. */
const struct field *
form_field(const struct form *f, const char *id)
{
	size_t	i, j;

	for (i = 0; i < f->nsections; i++) {
		for (j = 0; j < f->sections[i].nfields; j++) {
			if (strcmp(f->sections[i].fields[j].id, id) == 0)
				return (&f->sections[i].fields[j]);
		}
	}
	return (NULL);
}

/* Whether a stored answer (of one or several values) already holds value. */
static int
choice_held(const char *stored, const char *value)
{
	size_t		 n = strlen(value);
	const char	*p;

	for (p = stored; p != NULL && (p = strstr(p, value)) != NULL; p += n) {
		if ((p == stored || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ' '))
			return (1);
	}
	return (0);
}

/*
 * A retired choice among an answer's values (one, or several separated by
 * spaces) that the stored answer (NULL for none) does not hold already, or
 * NULL: the value of the list's choice. Old answers keep their retired
 * choices; new ones may not take them.
 */
const char *
choice_retired_in(const struct choice_list *l, const char *value,
    const char *stored)
{
	const struct choice	*c;
	const char		*p, *e;
	char			*one;

	for (p = value != NULL ? value : ""; *p != '\0';
	    p = *e != '\0' ? e + 1 : e) {
		if ((e = strchr(p, ' ')) == NULL)
			e = p + strlen(p);
		one = xstrndup(p, (size_t)(e - p));
		c = choice_find(l, one);
		free(one);
		if (c != NULL && c->retired && !choice_held(stored, c->value))
			return (c->value);
	}
	return (NULL);
}

/* A field of a repeat group's item by id. */
const struct field *
field_child(const struct field *g, const char *id)
{
	size_t	i;

	for (i = 0; i < g->nfields; i++) {
		if (strcmp(g->fields[i].id, id) == 0)
			return (&g->fields[i]);
	}
	return (NULL);
}

static const struct choice_list	*sort_list;	/* for qsort's comparison */

static int
cmp_by_value(const void *a, const void *b)
{
	return (strcmp(sort_list->v[*(const size_t *)a].value,
	    sort_list->v[*(const size_t *)b].value));
}

/*
 * Sort the list's values once, so lookups (every saved choice) are binary
 * searches.
 */
void
choice_list_index(struct choice_list *l)
{
	size_t	i;

	free(l->by_value);
	l->by_value = xcalloc(l->n, sizeof *l->by_value);
	for (i = 0; i < l->n; i++)
		l->by_value[i] = i;
	sort_list = l;
	qsort(l->by_value, l->n, sizeof *l->by_value, cmp_by_value);
	sort_list = NULL;
}

const struct choice *
choice_find(const struct choice_list *l, const char *value)
{
	size_t	lo = 0, hi, mid;
	int	c;

	if (l == NULL || value == NULL)
		return (NULL);
	if (l->by_value == NULL) {
		for (mid = 0; mid < l->n; mid++) {
			if (strcmp(l->v[mid].value, value) == 0)
				return (&l->v[mid]);
		}
		return (NULL);
	}
	hi = l->n;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcmp(l->v[l->by_value[mid]].value, value);
		if (c == 0)
			return (&l->v[l->by_value[mid]]);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (NULL);
}

/* A choice's attribute by name (for choice_filter), or NULL. */
const char *
choice_attr(const struct choice *c, const char *name)
{
	size_t	i;

	for (i = 0; i < c->nattrs; i++) {
		if (strcmp(c->attrs[i].name, name) == 0)
			return (c->attrs[i].value);
	}
	return (NULL);
}

/*
 * The text shown for a stored value: a choice's label, yes/no in words, else
 * the value.
 */
const char *
choice_label(const struct field *f, const char *value)
{
	const struct choice	*c;

	if (value == NULL)
		return ("");
	if ((f->type == FT_SELECT_ONE || f->type == FT_SELECT_MANY) &&
	    (c = choice_find(f->list, value)) != NULL)
		return (i18n_get(&c->label));
	if (f->type == FT_YES_NO)
		return (strcmp(value, "yes") == 0 ? _("yes") : _("no"));
	return (value);
}

/*
 * The text shown for a stored value, allocated: as choice_label, the
 * labels of a select_many answer's values joined by commas, and for an
 * answer sealed to a class the session does not hold, "(sealed: CLASS)".
 */
char *
field_display(const struct field *f, const char *value)
{
	struct buf	 b = { 0 };
	const char	*p, *e;
	char		*one;

	if (value_is_sealed(value))
		return (sealed_display(value));
	if (value == NULL || f->type != FT_SELECT_MANY)
		return (xstrdup(choice_label(f, value)));
	for (p = value; *p != '\0'; p = e) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		e = p + strcspn(p, " ");
		one = xstrndup(p, (size_t)(e - p));
		if (b.n > 0)
			buf_add(&b, ", ", 2);
		buf_add(&b, choice_label(f, one), strlen(choice_label(f, one)));
		free(one);
	}
	buf_add_u8(&b, 0);
	return ((char *)b.p);
}

void
choice_free(struct choice *c)
{
	size_t	i;

	free(c->value);
	i18n_free(&c->label);
	for (i = 0; i < c->nattrs; i++) {
		free(c->attrs[i].name);
		free(c->attrs[i].value);
	}
	free(c->attrs);
	memset(c, 0, sizeof *c);
}

void
fexpr_free(struct fexpr *x)
{
	expr_free(x->e);
	memset(x, 0, sizeof *x);
}

void
choice_list_free(struct choice_list *l)
{
	size_t	i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		choice_free(&l->v[i]);
	free(l->v);
	free(l->by_value);
	free(l->id);
	free(l->file);
	free(l);
}

void
field_free(struct field *f)
{
	size_t	i;

	free(f->id);
	i18n_free(&f->label);
	i18n_free(&f->hint);
	fexpr_free(&f->required_if);
	fexpr_free(&f->relevant);
	fexpr_free(&f->constraint);
	i18n_free(&f->constraint_message);
	fexpr_free(&f->calculate);
	free(f->default_value);
	fexpr_free(&f->default_expr);
	free(f->confidential);
	for (i = 0; i < f->nrenamed; i++)
		free(f->renamed_from[i]);
	free(f->renamed_from);
	free(f->register_field);
	free(f->relation_field);
	strv_free(f->inherit, f->ninherit);
	free(f->list_id);
	fexpr_free(&f->choice_filter);
	free(f->doc_type);
	for (i = 0; i < f->npatterns; i++) {
		free(f->patterns[i].type);
		free(f->patterns[i].pattern);
		if (f->patterns[i].re != NULL) {
			regfree(f->patterns[i].re);
			free(f->patterns[i].re);
		}
	}
	free(f->patterns);
	fexpr_free(&f->count);
	for (i = 0; i < f->nfields; i++)
		field_free(&f->fields[i]);
	free(f->fields);
	memset(f, 0, sizeof *f);
}

void
section_free(struct section *s)
{
	size_t	i;

	for (i = 0; i < s->nfields; i++)
		field_free(&s->fields[i]);
	free(s->fields);
	free(s->id);
	i18n_free(&s->label);
	fexpr_free(&s->relevant);
	free(s->confidential);
	memset(s, 0, sizeof *s);
}

static void
form_free(struct form *f)
{
	size_t	i;

	for (i = 0; i < f->nsections; i++)
		section_free(&f->sections[i]);
	free(f->sections);
	for (i = 0; i < f->nsummary; i++)
		free(f->summary[i]);
	free(f->summary);
	free(f->summary_line);
	free(f->summary_col);
	free(f->summary_fields);
	free(f->names);
	for (i = 0; i < f->nremoved; i++)
		free(f->removed[i]);
	free(f->removed);
	free(f->confidential);
	free(f->consent);
	for (i = 0; i < f->nlists; i++)
		choice_list_free(f->lists[i]);
	free(f->lists);
	i18n_free(&f->title);
	free(f->id);
	free(f->file);
	free(f);
}

void
formset_free(struct formset *fs)
{
	size_t	i;

	if (fs == NULL)
		return;
	for (i = 0; i < fs->nforms; i++)
		form_free(fs->forms[i]);
	free(fs->forms);
	for (i = fs->nborrowed; i < fs->nlists; i++)
		choice_list_free(fs->lists[i]);
	free(fs->lists);
	for (i = 0; i < fs->nworkflows; i++)
		workflow_free(fs->workflows[i]);
	free(fs->workflows);
	policy_free(fs->policy);
	services_free(fs);
	free(fs->dir);
	free(fs);
}

static const char *
fields_class(const struct field *v, size_t n)
{
	const char	*c;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (v[i].confidential != NULL)
			return (v[i].confidential);
		if ((c = fields_class(v[i].fields, v[i].nfields)) != NULL)
			return (c);
	}
	return (NULL);
}

/* The first confidentiality class a form's fields have, or NULL for none. */
const char *
form_class(const struct form *f)
{
	const char	*c;
	size_t		 i;

	for (i = 0; f != NULL && i < f->nsections; i++) {
		if ((c = fields_class(f->sections[i].fields,
		    f->sections[i].nfields)) != NULL)
			return (c);
	}
	return (NULL);
}
