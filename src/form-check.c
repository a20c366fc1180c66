/* form-check.c: checking and normalising values as typed, and whole records against their form. */

#include "config.h"

#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "amparo.h"

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
	if (f->has_min && (double)v < f->min) {
		*why = xsprintf(_("must be at least %g"), f->min);
		return (-1);
	}
	if (f->has_max && (double)v > f->max) {
		*why = xsprintf(_("must be at most %g"), f->max);
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

/* Multi-line text: each line cleaned; blank lines at either end dropped. */
static char *
clean_lines(const char *in)
{
	struct buf	 b = { 0 };
	const char	*p = in, *e;
	char		*line, *c;

	while (*p != '\0') {
		e = p + strcspn(p, "\n");
		line = xstrndup(p, (size_t)(e - p));
		c = clean_input(line);
		if (b.n > 0 || *c != '\0') {
			buf_add(&b, c, strlen(c));
			buf_add(&b, "\n", 1);
		}
		free(c);
		free(line);
		p = *e == '\n' ? e + 1 : e;
	}
	while (b.n > 0 && b.p[b.n - 1] == '\n')
		b.n--;
	while (b.n > 0 && b.p[b.n - 1] == '\n')
		b.n--;
	buf_add_u8(&b, 0);
	/* Runs of blank lines inside become one blank line. */
	for (c = (char *)b.p; (c = strstr(c, "\n\n\n")) != NULL;)
		memmove(c + 1, c + 2, strlen(c + 2) + 1);
	return ((char *)b.p);
}

static int
norm_multiline(const struct field *f, const char *in, char **out, char **why)
{
	char	*s = clean_lines(in);

	if (*s == '\0') {
		free(s);
		return (0);
	}
	if (utf8_chars(s, SIZE_MAX) > f->max_length) {
		*why = xsprintf(_("at most %zu characters"), f->max_length);
		free(s);
		return (-1);
	}
	*out = s;
	return (0);
}

/*
 * A decimal: "12.5" or "12,5", a sign allowed; stored without leading zeros
 * in the whole part or trailing zeros in the fraction: "007,50" is "7.5".
 */
static int
norm_decimal(const struct field *f, const char *s, char **out, char **why)
{
	const char	*p = s, *whole, *frac = "";
	size_t		 nwhole, nfrac = 0;
	int		 neg = 0;
	double		 v;
	char		*t;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	whole = p;
	while (*p >= '0' && *p <= '9')
		p++;
	nwhole = (size_t)(p - whole);
	if (*p == '.' || *p == ',') {
		frac = ++p;
		while (*p >= '0' && *p <= '9')
			p++;
		nfrac = (size_t)(p - frac);
	}
	if (*p != '\0' || nwhole + nfrac == 0 || nwhole + nfrac > 15) {
		*why = xstrdup(_("not a number: write it as 12 or 12.5"));
		return (-1);
	}
	while (nwhole > 1 && *whole == '0') {
		whole++;
		nwhole--;
	}
	while (nfrac > 0 && frac[nfrac - 1] == '0')
		nfrac--;
	t = xsprintf("%s%.*s%s%.*s", neg ? "-" : "", (int)nwhole,
	    nwhole > 0 ? whole : "0", nfrac > 0 ? "." : "", (int)nfrac, frac);
	if (strcmp(t, "-0") == 0)
		memmove(t, t + 1, strlen(t));
	v = strtod(t, NULL);
	if ((f->has_min && v < f->min) || (f->has_max && v > f->max)) {
		*why = f->has_min && v < f->min ?
		    xsprintf(_("must be at least %g"), f->min) :
		    xsprintf(_("must be at most %g"), f->max);
		free(t);
		return (-1);
	}
	*out = t;
	return (0);
}

/* A time of day, "9:05" or "09:05", stored as "09:05". */
static int
parse_time(const char *s, int *h, int *m)
{
	const char	*p = s;

	if (*p < '0' || *p > '9')
		return (-1);
	*h = *p++ - '0';
	if (*p >= '0' && *p <= '9')
		*h = *h * 10 + (*p++ - '0');
	if (*p != ':' && *p != '.' && *p != 'h')
		return (-1);
	p++;
	if (p[0] < '0' || p[0] > '5' || p[1] < '0' || p[1] > '9' ||
	    p[2] != '\0')
		return (-1);
	*m = (p[0] - '0') * 10 + (p[1] - '0');
	return (*h < 24 ? 0 : -1);
}

static int
norm_time(const char *s, char **out, char **why)
{
	int	h, m;

	if (parse_time(s, &h, &m) != 0) {
		*why = xstrdup(_("not a time: write it as HH:MM, from 00:00 to 23:59"));
		return (-1);
	}
	*out = xsprintf("%02d:%02d", h, m);
	return (0);
}

/* A date and a time: "YYYY-MM-DD HH:MM" (or the date as DD/MM/YYYY). */
static int
norm_datetime(const char *s, char **out, char **why)
{
	const char	*sp = strpbrk(s, " T");
	char		*date;
	int		 y, mo, d, h, m;

	if (sp == NULL) {
		*why = xstrdup(_("not a date and time: write it as DD/MM/YYYY HH:MM"));
		return (-1);
	}
	date = xstrndup(s, (size_t)(sp - s));
	if (date_parse(date, &y, &mo, &d) != 0 ||
	    parse_time(sp + 1, &h, &m) != 0) {
		*why = xstrdup(_("not a date and time: write it as DD/MM/YYYY HH:MM"));
		free(date);
		return (-1);
	}
	free(date);
	*out = xsprintf("%04d-%02d-%02d %02d:%02d", y, mo, d, h, m);
	return (0);
}

/*
 * Several choices, by value or label: separated by commas (labels may hold
 * spaces), else by spaces. Stored as values in the list's order, each once,
 * separated by single spaces.
 */
static int
norm_select_many(const struct field *f, const char *s, char **out,
    char **why)
{
	struct buf	 b = { 0 };
	const char	*sep = strchr(s, ',') != NULL ? "," : " ", *p, *e;
	unsigned char	*pick;
	char		*part, *one, *w;
	size_t		 i;

	if (f->list == NULL) {
		*why = xstrdup(_("not one of the choices"));
		return (-1);
	}
	pick = xcalloc(f->list->n + 1, 1);
	for (p = s; *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		e = p + strcspn(p, sep);
		part = xstrndup(p, (size_t)(e - p));
		one = clean_input(part);
		free(part);
		if (*one != '\0' && norm_select(f, one, &w, why) != 0) {
			free(*why);
			*why = xsprintf(_("\"%s\" is not one of the choices"),
			    one);
			free(one);
			free(pick);
			return (-1);
		}
		if (*one != '\0') {
			pick[choice_find(f->list, w) - f->list->v] = 1;
			free(w);
		}
		free(one);
	}
	for (i = 0; i < f->list->n; i++) {
		if (!pick[i])
			continue;
		if (b.n > 0)
			buf_add(&b, " ", 1);
		buf_add(&b, f->list->v[i].value, strlen(f->list->v[i].value));
	}
	free(pick);
	if (b.n == 0)
		return (0);
	buf_add_u8(&b, 0);
	*out = (char *)b.p;
	return (0);
}

/* A telephone number: "+", digits and separators; 6 to 15 digits (E.164). */
static int
norm_phone(const char *s, char **out, char **why)
{
	const char	*p;
	int		 digits = 0;

	for (p = s; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!(strchr(" -().", *p) != NULL || (*p == '+' &&
		    p == s)))
			break;
	}
	if (*p != '\0' || digits < 6 || digits > 15) {
		*why = xstrdup(_("not a telephone number: digits, with + and the country code if not Panamanian"));
		return (-1);
	}
	*out = xstrdup(s);
	return (0);
}

/* An e-mail address: one @, no spaces, a dotted domain (kept lower case). */
static int
norm_email(const char *s, char **out, char **why)
{
	const char	*at = strchr(s, '@'), *p;
	char		*r;

	if (at == NULL || at == s || strchr(at + 1, '@') != NULL ||
	    strchr(s, ' ') != NULL || strchr(at + 1, '.') == NULL ||
	    at[1] == '.' || s[strlen(s) - 1] == '.') {
		*why = xstrdup(_("not an e-mail address: name@example.org"));
		return (-1);
	}
	for (p = at + 1; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.')) {
			*why = xstrdup(_("not an e-mail address: name@example.org"));
			return (-1);
		}
	}
	r = xstrdup(s);
	for (p = r + (at - s); *p != '\0'; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*(char *)(uintptr_t)p = (char)(*p - 'A' + 'a');
	}
	*out = r;
	return (0);
}

/*
 * A document number: letters in upper case (patterns are checked with the
 * whole record).
 */
static int
norm_document(const struct field *f, const char *s, char **out, char **why)
{
	char	*r, *p;

	if (utf8_chars(s, SIZE_MAX) > f->max_length) {
		*why = xsprintf(_("at most %zu characters"), f->max_length);
		return (-1);
	}
	r = xstrdup(s);
	for (p = r; *p != '\0'; p++) {
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	}
	*out = r;
	return (0);
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
	if (!ftype_table[f->type].input && f->type != FT_CALCULATE) {
		*why = xstrdup(_("this field has no value of its own"));
		return (-1);
	}
	if (f->type == FT_MULTILINE)
		return (norm_multiline(f, in != NULL ? in : "", out, why));
	s = clean_input(in != NULL ? in : "");
	if (*s == '\0') {
		free(s);
		return (0);
	}
	switch (f->type) {
	case FT_CALCULATE:
		*out = s;	/* a calculation's result, as it came out */
		s = NULL;
		break;
	case FT_TEXT:
		if (utf8_chars(s, SIZE_MAX) > f->max_length) {
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
	case FT_DECIMAL:
		rc = norm_decimal(f, s, out, why);
		break;
	case FT_TIME:
		rc = norm_time(s, out, why);
		break;
	case FT_DATETIME:
		rc = norm_datetime(s, out, why);
		break;
	case FT_SELECT_MANY:
		rc = norm_select_many(f, s, out, why);
		break;
	case FT_PHONE:
	case FT_EMAIL:
		if (f->max_length > 0 && utf8_chars(s, SIZE_MAX) >
		    f->max_length) {
			*why = xsprintf(_("at most %zu characters"),
			    f->max_length);
			rc = -1;
		} else if (f->type == FT_PHONE)
			rc = norm_phone(s, out, why);
		else
			rc = norm_email(s, out, why);
		break;
	case FT_DOCUMENT:
		rc = norm_document(f, s, out, why);
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
		return ((!f->has_min || (double)x >= f->min) &&
		    (!f->has_max || (double)x <= f->max));
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

/* The problem, if any, with the pattern of a document number's type. */
static char *
document_problem(const struct field *f, const char *value,
    const struct rmap *data, const struct rmap *item)
{
	const struct field	*dt = f->doc_type_field;
	const char		*type;
	char			*plain, *why = NULL;
	size_t			 i;

	if (dt == NULL)
		return (NULL);
	type = dt->group != NULL ? (item != NULL ? rmap_get(item, dt->id) :
	    NULL) : rmap_get(data, dt->id);
	for (i = 0; type != NULL && i < f->npatterns; i++) {
		if (strcmp(f->patterns[i].type, type) != 0)
			continue;
		plain = text_docnum(value);
		if (regexec(f->patterns[i].re, plain, 0, NULL, 0) != 0)
			why = xsprintf(_("not a valid number for %s"),
			    choice_label(dt, type));
		free(plain);
		break;
	}
	return (why);
}

static void AMP_PRINTF(3, 4)
verr_fmt(struct verrs *e, const char *path, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	msg = xvsprintf(fmt, ap);
	va_end(ap);
	verrs_add(e, path, msg);
	free(msg);
}

static void validate_fields(const struct field *, size_t,
    const struct rmap *, const struct rmap *, const struct rmap *,
    const char *, struct verrs *);

/* A repeat group: its number of entries, then each entry's fields. */
static void
validate_group(const struct field *f, const struct rfield *rf,
    const struct rmap *data, const char *path, struct verrs *e)
{
	size_t	n = rf != NULL && rf->kind == RF_GROUP ? rf->nitems : 0, j;
	long	want = repeat_count(f, data);
	char	*item;

	if (rf != NULL && rf->kind != RF_GROUP)
		verrs_add(e, path, _("must be a list of entries"));
	else if (want >= 0 && (long)n != want)
		verr_fmt(e, path, ngettext("has %zu entry, but the count says %ld",
		    "has %zu entries, but the count says %ld", n), n, want);
	else if (want < 0 && n < f->min_items)
		verr_fmt(e, path, ngettext("needs at least %zu entry",
		    "needs at least %zu entries", f->min_items), f->min_items);
	else if (want < 0 && n > f->max_items)
		verr_fmt(e, path, _("takes at most %zu entries"), f->max_items);
	for (j = 0; rf != NULL && rf->kind == RF_GROUP && j < rf->nitems; j++) {
		item = xsprintf("%s.%zu", path, j + 1);
		validate_fields(f->fields, f->nfields, &rf->items[j], data,
		    &rf->items[j], item, e);
		free(item);
	}
}

/* One answer: in normal form, within its constraint, pattern and filter. */
static void
validate_value(const struct field *f, const char *value,
    const struct rmap *data, const struct rmap *item, const char *path,
    struct verrs *e)
{
	char	*msg, *norm = NULL, *why = NULL;

	if (!value_is_normal(f, value)) {
		if (field_normalize(f, value, &norm, &why) != 0)
			verrs_add(e, path, why);
		else if (norm == NULL || strcmp(norm, value) != 0)
			verrs_add(e, path, _("not in its normal form"));
		free(why);
		why = NULL;
		if (norm == NULL || strcmp(norm, value) != 0) {
			free(norm);
			return;
		}
		free(norm);
	}
	if (!field_constraint_ok(f, data, item, value)) {
		msg = constraint_message(f);
		verrs_add(e, path, msg);
		free(msg);
	} else if (f->type == FT_DOCUMENT &&
	    (why = document_problem(f, value, data, item)) != NULL)
		verrs_add(e, path, why);
	else if ((f->type == FT_SELECT_ONE || f->type == FT_SELECT_MANY) &&
	    f->choice_filter.e != NULL && !choice_fits(f, value, data, item))
		verrs_add(e, path,
		    _("not a choice for the answers above: choose again"));
	free(why);
}

/*
 * The fields v of the map m (the record, or an entry of a repeat group, with
 * data the whole record): only those asked now count; each must have its
 * required answer, and every answer must be well formed. A sealed answer
 * (one this session cannot open) is an answer, and is not judged.
 */
static void
validate_fields(const struct field *v, size_t n, const struct rmap *m,
    const struct rmap *data, const struct rmap *item, const char *prefix,
    struct verrs *e)
{
	const struct field	*f;
	struct rfield		*rf;
	const char		*path;
	char			 buf[2 * ID_MAX + 32];	/* group.N.id */
	size_t			 i;

	for (i = 0; i < n; i++) {
		f = &v[i];
		if (f->type == FT_NOTE || !field_relevant(f, data, item))
			continue;
		rf = rmap_field(m, f->id);
		path = f->id;	/* made only for an entry: saves are frequent */
		if (prefix != NULL) {
			snprintf(buf, sizeof buf, "%s.%s", prefix, f->id);
			path = buf;
		}
		if (f->type == FT_REPEAT)
			validate_group(f, rf, data, path, e);
		else if (rf == NULL) {
			if (field_required(f, data, item))
				verrs_add(e, path, _("required"));
		} else if (rf->kind != RF_STR)
			verrs_add(e, path, _("must be a single value"));
		else if (f->type != FT_CALCULATE && !value_is_sealed(rf->str))
			validate_value(f, rf->str, data, item, path, e);
	}
}

/* Check a whole record; returns the number of problems added to e. */
int
form_validate(const struct form *form, const struct rmap *m, struct verrs *e)
{
	size_t	i, before = e->n;

	for (i = 0; i < form->nsections; i++)
		validate_fields(form->sections[i].fields,
		    form->sections[i].nfields, m, m, NULL, NULL, e);
	return ((int)(e->n - before));
}

/* The summary as shown in lists: the values' labels, separated by tabs. */
char *
form_summary_of(const struct form *form, const char *const *vals)
{
	struct buf	 b = { 0 };
	char		*v;
	size_t		 i;

	for (i = 0; i < form->nsummary; i++) {
		if (i > 0)
			buf_add(&b, "\t", 1);
		if (form->summary_fields == NULL ||
		    form->summary_fields[i] == NULL)
			continue;
		v = field_display(form->summary_fields[i], vals[i]);
		buf_add(&b, v, strlen(v));
		free(v);
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
