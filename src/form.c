/* form.c: the form model: field types, lookups, choice labels, freeing. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "amparo.h"

const struct ftype_info ftype_table[FT__COUNT] = {
	{ "text",	FT_TEXT },
	{ "integer",	FT_INTEGER },
	{ "date",	FT_DATE },
	{ "select_one",	FT_SELECT_ONE },
	{ "yes_no",	FT_YES_NO },
	{ "repeat",	FT_REPEAT },
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
	if (f->type == FT_SELECT_ONE &&
	    (c = choice_find(f->list, value)) != NULL)
		return (i18n_get(&c->label));
	if (f->type == FT_YES_NO)
		return (strcmp(value, "yes") == 0 ? _("yes") : _("no"));
	return (value);
}

void
choice_list_free(struct choice_list *l)
{
	size_t	i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].value);
		i18n_free(&l->v[i].label);
	}
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
	free(f->list_id);
	for (i = 0; i < f->nfields; i++)
		field_free(&f->fields[i]);
	free(f->fields);
}

static void
form_free(struct form *f)
{
	size_t	i, j;

	for (i = 0; i < f->nsections; i++) {
		for (j = 0; j < f->sections[i].nfields; j++)
			field_free(&f->sections[i].fields[j]);
		free(f->sections[i].fields);
		free(f->sections[i].id);
		i18n_free(&f->sections[i].label);
	}
	free(f->sections);
	for (i = 0; i < f->nsummary; i++)
		free(f->summary[i]);
	free(f->summary);
	free(f->summary_line);
	free(f->summary_col);
	free(f->summary_fields);
	free(f->names);
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
	for (i = 0; i < fs->nlists; i++)
		choice_list_free(fs->lists[i]);
	free(fs->lists);
	free(fs->dir);
	free(fs);
}
