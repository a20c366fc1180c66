/* form-check.c: checking and normalising values as typed, and whole records against their form. */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "amparo.h"

/* Count code points (the length an official sees, not bytes). */
static size_t
char_count(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++) {
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	}
	return (n);
}

/*
 * A copy without control characters and surrounding spaces; inner runs of
 * spaces become one.
 */
static char *
clean_input(const char *in)
{
	char	*c, *o, *p;
	int	 space = 0;

	c = utf8_clean(in, strlen(in));
	for (o = p = c; *p != '\0'; p++) {
		if (*p == ' ') {
			space = 1;
			continue;
		}
		if (space && o != c)
			*o++ = ' ';
		space = 0;
		*o++ = *p;
	}
	*o = '\0';
	return (c);
}

static int
norm_integer(const struct field *f, const char *s, char **out, char **why)
{
	long long	 v;
	char		*end;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || errno != 0 || !((*s >= '0' && *s <= '9') ||
	    ((*s == '-' || *s == '+') && s[1] >= '0' && s[1] <= '9'))) {
		*why = xstrdup(_("not a whole number"));
		return (-1);
	}
	if (f->has_min && v < f->min) {
		*why = xsprintf(_("must be at least %lld"), f->min);
		return (-1);
	}
	if (f->has_max && v > f->max) {
		*why = xsprintf(_("must be at most %lld"), f->max);
		return (-1);
	}
	*out = xsprintf("%lld", v);
	return (0);
}

static int
norm_date(const char *s, char **out, char **why)
{
	int	y, m, d;

	if (date_parse(s, &y, &m, &d) != 0) {
		*why = xstrdup(_("not a date: write it as DD/MM/YYYY or YYYY-MM-DD"));
		return (-1);
	}
	*out = xsprintf("%04d-%02d-%02d", y, m, d);
	return (0);
}

/*
 * A choice by its value, or by its label in either language, ignoring case and
 * accents.
 */
static int
norm_select(const struct field *f, const char *s, char **out, char **why)
{
	const struct choice_list	*l = f->list;
	char				*want, *have;
	size_t				 i, j;
	int				 match;

	if (choice_find(l, s) != NULL) {
		*out = xstrdup(s);
		return (0);
	}
	want = text_fold(s);
	for (i = 0; l != NULL && i < l->n; i++) {
		match = 0;
		have = text_fold(l->v[i].value);
		match = strcmp(have, want) == 0;
		free(have);
		for (j = 0; j < LANG__COUNT && !match; j++) {
			if (l->v[i].label.s[j] == NULL)
				continue;
			have = text_fold(l->v[i].label.s[j]);
			match = strcmp(have, want) == 0;
			free(have);
		}
		if (match) {
			free(want);
			*out = xstrdup(l->v[i].value);
			return (0);
		}
	}
	free(want);
	*why = xstrdup(_("not one of the choices"));
	return (-1);
}

static int
norm_yes_no(const char *s, char **out, char **why)
{
	static const char *const yes[] = { "yes", "y", "si", "s", "true", "1" };
	static const char *const no[] = { "no", "n", "false", "0" };
	char	*f;
	size_t	 i;

	f = text_fold(s);
	for (i = 0; i < nitems(yes); i++) {
		if (strcmp(f, yes[i]) == 0) {
			free(f);
			*out = xstrdup("yes");
			return (0);
		}
	}
	for (i = 0; i < nitems(no); i++) {
		if (strcmp(f, no[i]) == 0) {
			free(f);
			*out = xstrdup("no");
			return (0);
		}
	}
	free(f);
	*why = xstrdup(_("answer yes or no"));
	return (-1);
}

/*
 * Check a value as an official typed it and give the form in which it is
 * stored: controls stripped, spaces trimmed, dates as YYYY-MM-DD, choices by
 * value, yes/no as "yes" or "no". An empty answer gives *out = NULL. On
 * failure *why is a sentence for the official. Both allocated.
 */
int
field_normalize(const struct field *f, const char *in, char **out, char **why)
{
	char	*s;
	int	 rc = 0;

	*out = NULL;
	*why = NULL;
	if (f->type == FT_REPEAT) {
		*why = xstrdup(_("a repeat group has no single value"));
		return (-1);
	}
	s = clean_input(in != NULL ? in : "");
	if (*s == '\0') {
		free(s);
		return (0);
	}
	switch (f->type) {
	case FT_TEXT:
		if (char_count(s) > f->max_length) {
			*why = xsprintf(_("at most %zu characters"),
			    f->max_length);
			rc = -1;
		} else {
			*out = s;
			s = NULL;
		}
		break;
	case FT_INTEGER:
		rc = norm_integer(f, s, out, why);
		break;
	case FT_DATE:
		rc = norm_date(s, out, why);
		break;
	case FT_SELECT_ONE:
		rc = norm_select(f, s, out, why);
		break;
	case FT_YES_NO:
		rc = norm_yes_no(s, out, why);
		break;
	default:
		*why = xstrdup(_("unknown field type"));
		rc = -1;
		break;
	}
	free(s);
	return (rc);
}

/*
 * Whether a stored value is already exactly what field_normalize would make
 * of it: checked without allocating, since every save checks every value.
 */
static int
value_is_normal(const struct field *f, const char *v)
{
	const char	*p;
	uint32_t	 c;
	size_t		 n, len = strlen(v), chars = 0;
	long long	 x;
	int		 y, m, d;
	char		*end;

	if (len == 0)
		return (0);
	switch (f->type) {
	case FT_TEXT:
		if (v[0] == ' ' || v[len - 1] == ' ')
			return (0);
		for (p = v; *p != '\0'; p += n, chars++) {
			if ((n = utf8_decode(p, strlen(p), &c)) == 0 ||
			    utf8_unwanted(c) || (c == ' ' && p[1] == ' '))
				return (0);
		}
		return (chars <= f->max_length);
	case FT_INTEGER:
		if (!((v[0] >= '1' && v[0] <= '9') || strcmp(v, "0") == 0 ||
		    (v[0] == '-' && v[1] >= '1' && v[1] <= '9')))
			return (0);
		errno = 0;
		x = strtoll(v, &end, 10);
		if (*end != '\0' || errno != 0)
			return (0);
		return ((!f->has_min || x >= f->min) &&
		    (!f->has_max || x <= f->max));
	case FT_DATE:
		for (n = 0; n < len; n++) {
			if (!(v[n] >= '0' && v[n] <= '9') && n != 4 && n != 7)
				return (0);
		}
		return (len == 10 && v[4] == '-' && v[7] == '-' &&
		    date_parse(v, &y, &m, &d) == 0);
	case FT_SELECT_ONE:
		return (choice_find(f->list, v) != NULL);
	case FT_YES_NO:
		return (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0);
	default:
		return (0);
	}
}

void
verrs_add(struct verrs *e, const char *path, const char *msg)
{
	XGROW(e->v, e->n, e->cap);
	e->v[e->n].path = xstrdup(path);
	e->v[e->n].msg = xstrdup(msg);
	e->n++;
}

void
verrs_free(struct verrs *e)
{
	size_t	i;

	for (i = 0; i < e->n; i++) {
		free(e->v[i].path);
		free(e->v[i].msg);
	}
	free(e->v);
	memset(e, 0, sizeof *e);
}

static void
validate_fields(const struct field *v, size_t n, const struct rmap *m,
    const char *prefix, struct verrs *e)
{
	const struct field	*f;
	struct rfield		*rf;
	char			*path, *norm, *why, *item;
	size_t			 i, j;

	for (i = 0; i < n; i++) {
		f = &v[i];
		rf = rmap_field(m, f->id);
		path = prefix != NULL ? xsprintf("%s.%s", prefix, f->id) :
		    xstrdup(f->id);
		if (f->type == FT_REPEAT) {
			if (rf != NULL && rf->kind != RF_GROUP)
				verrs_add(e, path, _("must be a list of entries"));
			else if ((rf == NULL ? 0 : rf->nitems) < f->min_items) {
				why = xsprintf(_("needs at least %zu entries"),
				    f->min_items);
				verrs_add(e, path, why);
				free(why);
			} else if (rf != NULL && rf->nitems > f->max_items) {
				why = xsprintf(_("takes at most %zu entries"),
				    f->max_items);
				verrs_add(e, path, why);
				free(why);
			}
			for (j = 0; rf != NULL && rf->kind == RF_GROUP &&
			    j < rf->nitems; j++) {
				item = xsprintf("%s.%zu", path, j + 1);
				validate_fields(f->fields, f->nfields,
				    &rf->items[j], item, e);
				free(item);
			}
			free(path);
			continue;
		}
		if (rf == NULL) {
			if (f->required)
				verrs_add(e, path, _("required"));
			free(path);
			continue;
		}
		if (rf->kind != RF_STR) {
			verrs_add(e, path, _("must be a single value"));
			free(path);
			continue;
		}
		if (value_is_normal(f, rf->str)) {
			free(path);
			continue;
		}
		if (field_normalize(f, rf->str, &norm, &why) != 0)
			verrs_add(e, path, why);
		else
			verrs_add(e, path, _("not in its normal form"));
		free(norm);
		free(why);
		free(path);
	}
}

/* Check a whole record; returns the number of problems added to e. */
int
form_validate(const struct form *form, const struct rmap *m, struct verrs *e)
{
	size_t	i, before = e->n;

	for (i = 0; i < form->nsections; i++)
		validate_fields(form->sections[i].fields,
		    form->sections[i].nfields, m, NULL, e);
	return ((int)(e->n - before));
}

/* The summary as shown in lists: the values' labels, separated by tabs. */
char *
form_summary_of(const struct form *form, const char *const *vals)
{
	struct buf	 b = { 0 };
	const char	*v;
	size_t		 i;

	for (i = 0; i < form->nsummary; i++) {
		if (i > 0)
			buf_add(&b, "\t", 1);
		if (form->summary_fields == NULL ||
		    form->summary_fields[i] == NULL)
			continue;
		v = choice_label(form->summary_fields[i], vals[i]);
		buf_add(&b, v, strlen(v));
	}
	buf_add_u8(&b, 0);
	return ((char *)b.p);
}

char *
form_summary(const struct form *form, const struct rmap *m)
{
	const char	**vals;
	char		 *s;
	size_t		  i;

	vals = xcalloc(form->nsummary, sizeof *vals);
	for (i = 0; i < form->nsummary; i++)
		vals[i] = rmap_get(m, form->summary[i]);
	s = form_summary_of(form, vals);
	free(vals);
	return (s);
}
