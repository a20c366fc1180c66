/* form-load.c: reading forms and choice lists from YAML, reporting every error as file:line:column. */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yaml.h>

#include "amparo.h"

#define FORM_FILE_MAX	((long)8 << 20)	/* no form file is this big */
#define LOAD_MAX_VISITS	1000000		/* stops alias bombs */
#define LOAD_MAX_DEPTH	32
#define LOAD_MAX_FLOW	128		/* [ and { nested in the text */
#define LOAD_MAX_ERRORS	100		/* reported a file; the rest counted */
#define ID_MAX		64

struct lctx {
	const char	*file;
	yaml_document_t	*doc;
	struct diags	*d;
	size_t		 visits;
	int		 aborted;	/* too many nodes: stop walking */
	int		 depth;
	size_t		 errors;
};

/* One keyword of an object: its name, its parser, whether it must be there. */
struct kwdef {
	const char	*name;
	void		 (*parse)(struct lctx *, yaml_node_t *, void *);
	int		 required;
};

static void AMP_PRINTF(3, 4)
lerr(struct lctx *c, yaml_node_t *n, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (c->errors++ >= LOAD_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	msg = xvsprintf(fmt, ap);
	va_end(ap);
	if (n != NULL)
		diags_add(c->d, c->file, (int)n->start_mark.line + 1,
		    (int)n->start_mark.column + 1, "%s", msg);
	else
		diags_add(c->d, c->file, 0, 0, "%s", msg);
	free(msg);
}

/*
 * A node by index. Aliases can make a small file a huge tree; past
 * LOAD_MAX_VISITS nodes the walk stops, and says so whatever else it found.
 */
static yaml_node_t *
lnode(struct lctx *c, int idx)
{
	if (++c->visits > LOAD_MAX_VISITS) {
		if (!c->aborted) {
			c->aborted = 1;
			c->errors++;
			diags_add(c->d, c->file, 0, 0, "%s",
			    _("the document is too large (aliases nest too deeply)"));
		}
		return (NULL);
	}
	return (yaml_document_get_node(c->doc, idx));
}

static const char *
node_kind(yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE:
		return (_("a single value"));
	case YAML_SEQUENCE_NODE:
		return (_("a list"));
	case YAML_MAPPING_NODE:
		return (_("a mapping"));
	default:
		return (_("nothing"));
	}
}

static const char *
scalar(struct lctx *c, yaml_node_t *n, const char *what)
{
	if (n->type != YAML_SCALAR_NODE) {
		lerr(c, n, _("%s must be a single value, not %s"), _(what),
		    node_kind(n));
		return (NULL);
	}
	return ((const char *)n->data.scalar.value);
}

/* Edit distance, for "did you mean" hints on misspelt keys. */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b), i, j, prev, tmp;
	size_t	row[ID_MAX + 1];

	if (la > ID_MAX || lb > ID_MAX)
		return (SIZE_MAX);
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			row[j] = a[i - 1] == b[j - 1] ? prev : 1 + (prev <
			    row[j - 1] ? (prev < row[j] ? prev : row[j]) :
			    (row[j - 1] < row[j] ? row[j - 1] : row[j]));
			prev = tmp;
		}
	}
	return (row[lb]);
}

/*
 * Walk a mapping through a keyword table: unknown, duplicate and missing keys
 * are errors.
 */
static void
walk_mapping(struct lctx *c, yaml_node_t *n, const struct kwdef *tab,
    size_t ntab, void *obj, const char *what)
{
	yaml_node_pair_t	*pair;
	yaml_node_t		*k, *v;
	const char		*key, *best;
	unsigned char		 seen[64] = { 0 };
	size_t			 i, d, bestd;

	if (n->type != YAML_MAPPING_NODE) {
		lerr(c, n, _("%s must be a mapping of keys to values, not %s"),
		    _(what), node_kind(n));
		return;
	}
	if (++c->depth > LOAD_MAX_DEPTH) {
		lerr(c, n, _("%s is nested too deeply"), _(what));
		c->depth--;
		return;
	}
	for (pair = n->data.mapping.pairs.start;
	    pair < n->data.mapping.pairs.top; pair++) {
		if ((k = lnode(c, pair->key)) == NULL ||
		    (v = lnode(c, pair->value)) == NULL)
			break;
		if ((key = scalar(c, k, N_("a key"))) == NULL)
			continue;
		for (i = 0; i < ntab; i++) {
			if (strcmp(tab[i].name, key) == 0)
				break;
		}
		if (i == ntab) {
			best = NULL;
			bestd = 3;
			for (i = 0; i < ntab; i++) {
				d = edit_distance(key, tab[i].name);
				if (d < bestd) {
					bestd = d;
					best = tab[i].name;
				}
			}
			if (best != NULL)
				lerr(c, k, _("unknown key \"%s\" in %s (did you mean \"%s\"?)"),
				    key, _(what), best);
			else
				lerr(c, k, _("unknown key \"%s\" in %s"), key,
				    _(what));
			continue;
		}
		if (seen[i]) {
			lerr(c, k, _("duplicate key \"%s\" in %s"), key, _(what));
			continue;
		}
		seen[i] = 1;
		tab[i].parse(c, v, obj);
	}
	for (i = 0; i < ntab; i++) {
		if (tab[i].required && !seen[i])
			lerr(c, n, _("%s has no \"%s\""), _(what), tab[i].name);
	}
	c->depth--;
}

static int
id_valid(const char *s)
{
	size_t	i;

	if (s[0] < 'a' || s[0] > 'z')
		return (0);
	for (i = 1; s[i] != '\0'; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9') || s[i] == '_') || i >= ID_MAX)
			return (0);
	}
	return (1);
}

static char *
parse_id(struct lctx *c, yaml_node_t *n, const char *what)
{
	const char	*s;

	if ((s = scalar(c, n, what)) == NULL)
		return (NULL);
	if (!id_valid(s)) {
		lerr(c, n, _("%s \"%s\" is not a valid id: use lower-case letters, digits and _, starting with a letter, at most %d characters"),
		    _(what), s, ID_MAX);
		return (NULL);
	}
	return (xstrdup(s));
}

static int
parse_bool(struct lctx *c, yaml_node_t *n, const char *what, int *out)
{
	const char	*s;

	if ((s = scalar(c, n, what)) == NULL)
		return (-1);
	if (strcmp(s, "true") == 0)
		*out = 1;
	else if (strcmp(s, "false") == 0)
		*out = 0;
	else {
		lerr(c, n, _("%s must be true or false, not \"%s\""), _(what), s);
		return (-1);
	}
	return (0);
}

static int
parse_ll(struct lctx *c, yaml_node_t *n, const char *what, long long lo,
    long long hi, long long *out)
{
	const char	*s;
	char		*end;
	long long	 v;

	if ((s = scalar(c, n, what)) == NULL)
		return (-1);
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < lo || v > hi) {
		lerr(c, n, _("%s must be a whole number from %lld to %lld, not \"%s\""),
		    _(what), lo, hi, s);
		return (-1);
	}
	*out = v;
	return (0);
}

/* A text in each language: a mapping with en and es, both required. */
static void
parse_i18n(struct lctx *c, yaml_node_t *n, struct i18n *t, const char *what)
{
	yaml_node_pair_t	*pair;
	yaml_node_t		*k, *v;
	const char		*key, *val;
	enum lang		 l;
	size_t			 i;

	if (n->type != YAML_MAPPING_NODE) {
		lerr(c, n, _("%s must give the text in each language, as en: and es:"),
		    _(what));
		return;
	}
	for (pair = n->data.mapping.pairs.start;
	    pair < n->data.mapping.pairs.top; pair++) {
		if ((k = lnode(c, pair->key)) == NULL ||
		    (v = lnode(c, pair->value)) == NULL)
			return;
		if ((key = scalar(c, k, N_("a language"))) == NULL)
			continue;
		if (lang_parse(key, &l) != 0) {
			lerr(c, k, _("unknown language \"%s\" in %s (use en and es)"),
			    key, _(what));
			continue;
		}
		if ((val = scalar(c, v, what)) == NULL)
			continue;
		if (t->s[l] != NULL) {
			lerr(c, k, _("duplicate language \"%s\" in %s"), key,
			    _(what));
			continue;
		}
		if (!utf8_valid(val, strlen(val)) || *val == '\0') {
			lerr(c, v, _("%s in %s is empty or not valid UTF-8"),
			    _(what), key);
			continue;
		}
		t->s[l] = xstrdup(val);
	}
	for (i = 0; i < LANG__COUNT; i++) {
		if (t->s[i] == NULL)
			lerr(c, n, _("%s has no text in %s (%s:)"), _(what),
			    i == LANG_ES ? _("Spanish") : _("English"),
			    lang_code((enum lang)i));
	}
}

/* Choice lists. */

static void
kw_choice_value(struct lctx *c, yaml_node_t *n, void *obj)
{
	struct choice	*ch = obj;
	const char	*s;

	if ((s = scalar(c, n, N_("a choice value"))) == NULL)
		return;
	if (*s == '\0' || strlen(s) > ID_MAX || strchr(s, '\t') != NULL ||
	    !utf8_valid(s, strlen(s)))
		lerr(c, n, _("choice value \"%s\" must be 1 to %d characters without tabs"),
		    s, ID_MAX);
	else
		ch->value = xstrdup(s);
}

static void
kw_choice_label(struct lctx *c, yaml_node_t *n, void *obj)
{
	parse_i18n(c, n, &((struct choice *)obj)->label, N_("a choice label"));
}

static const struct kwdef choice_kw[] = {
	{ "value", kw_choice_value, 1 },
	{ "label", kw_choice_label, 1 },
};

static void
kw_list_choices(struct lctx *c, yaml_node_t *n, void *obj)
{
	struct choice_list	*l = obj;
	struct choice		 ch;
	yaml_node_item_t	*it;
	yaml_node_t		*e;

	if (n->type != YAML_SEQUENCE_NODE) {
		lerr(c, n, _("choices must be a list, not %s"), node_kind(n));
		return;
	}
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		if ((e = lnode(c, *it)) == NULL)
			return;
		memset(&ch, 0, sizeof ch);
		walk_mapping(c, e, choice_kw, nitems(choice_kw), &ch,
		    N_("a choice"));
		if (ch.value == NULL) {
			i18n_free(&ch.label);
			continue;
		}
		if (choice_find(l, ch.value) != NULL) {
			lerr(c, e, _("duplicate choice value \"%s\" in list \"%s\""),
			    ch.value, l->id != NULL ? l->id : "?");
			free(ch.value);
			i18n_free(&ch.label);
			continue;
		}
		XGROW(l->v, l->n, l->cap);
		l->v[l->n++] = ch;
	}
	if (l->n == 0 && n->data.sequence.items.start ==
	    n->data.sequence.items.top)
		lerr(c, n, _("a choice list needs at least one choice"));
}

static void
kw_list_id(struct lctx *c, yaml_node_t *n, void *obj)
{
	((struct choice_list *)obj)->id = parse_id(c, n, N_("the list id"));
}

static const struct kwdef list_kw[] = {
	{ "list", kw_list_id, 1 },
	{ "choices", kw_list_choices, 1 },
};

static struct choice_list *
load_list(struct lctx *c, yaml_node_t *n)
{
	struct choice_list	*l;

	l = xcalloc(1, sizeof *l);
	l->file = xstrdup(c->file);
	l->line = (int)n->start_mark.line + 1;
	l->col = (int)n->start_mark.column + 1;
	walk_mapping(c, n, list_kw, nitems(list_kw), l, N_("a choice list"));
	if (l->id == NULL) {
		choice_list_free(l);
		return (NULL);
	}
	choice_list_index(l);
	return (l);
}

/* Fields. */

struct field_ctx {
	struct field	*f;
	yaml_node_t	*node;
	yaml_node_t	*kw[16];	/* where each keyword was given */
};
enum {
	FK_TYPE, FK_CHOICES, FK_MAXLEN, FK_MIN, FK_MAX, FK_INDEX, FK_FIELDS,
	FK_MINITEMS, FK_MAXITEMS
};

static void parse_fields(struct lctx *, yaml_node_t *, struct field **,
    size_t *, size_t *, int);

static void
kw_field_id(struct lctx *c, yaml_node_t *n, void *obj)
{
	((struct field_ctx *)obj)->f->id = parse_id(c, n, N_("the field id"));
}

static void
kw_field_type(struct lctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;
	const char		*s;
	size_t			 i;

	fc->kw[FK_TYPE] = n;
	if ((s = scalar(c, n, N_("the field type"))) == NULL)
		return;
	for (i = 0; i < FT__COUNT; i++) {
		if (strcmp(ftype_table[i].name, s) == 0) {
			fc->f->type = ftype_table[i].type;
			return;
		}
	}
	lerr(c, n, _("unknown field type \"%s\" (one of: text, integer, date, select_one, yes_no, repeat)"),
	    s);
	fc->kw[FK_TYPE] = NULL;
}

static void
kw_field_label(struct lctx *c, yaml_node_t *n, void *obj)
{
	parse_i18n(c, n, &((struct field_ctx *)obj)->f->label, N_("the label"));
}

static void
kw_field_hint(struct lctx *c, yaml_node_t *n, void *obj)
{
	parse_i18n(c, n, &((struct field_ctx *)obj)->f->hint, N_("the hint"));
}

static void
kw_field_required(struct lctx *c, yaml_node_t *n, void *obj)
{
	parse_bool(c, n, "required", &((struct field_ctx *)obj)->f->required);
}

static void
kw_field_choices(struct lctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;

	fc->kw[FK_CHOICES] = n;
	fc->f->list_id = parse_id(c, n, N_("the choice list"));
}

static void
kw_field_maxlen(struct lctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;
	long long		 v;

	fc->kw[FK_MAXLEN] = n;
	if (parse_ll(c, n, "max_length", 1, 10000, &v) == 0)
		fc->f->max_length = (size_t)v;
}

static void
kw_field_min(struct lctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;

	fc->kw[FK_MIN] = n;
	if (parse_ll(c, n, "min", -1000000000000LL, 1000000000000LL,
	    &fc->f->min) == 0)
		fc->f->has_min = 1;
}

static void
kw_field_max(struct lctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;

	fc->kw[FK_MAX] = n;
	if (parse_ll(c, n, "max", -1000000000000LL, 1000000000000LL,
	    &fc->f->max) == 0)
		fc->f->has_max = 1;
}

static void
kw_field_index(struct lctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;
	const char		*s;

	fc->kw[FK_INDEX] = n;
	if ((s = scalar(c, n, "index")) == NULL)
		return;
	if (strcmp(s, "name") == 0)
		fc->f->index = FI_NAME;
	else if (strcmp(s, "document") == 0)
		fc->f->index = FI_DOCUMENT;
	else
		lerr(c, n, _("index must be name or document, not \"%s\""), s);
}

static void
kw_field_fields(struct lctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;

	fc->kw[FK_FIELDS] = n;
	parse_fields(c, n, &fc->f->fields, &fc->f->nfields,
	    &fc->f->capfields, 1);
}

static void
kw_field_minitems(struct lctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;
	long long		 v;

	fc->kw[FK_MINITEMS] = n;
	if (parse_ll(c, n, "min_items", 0, RECORD_MAX_ITEMS, &v) == 0)
		fc->f->min_items = (size_t)v;
}

static void
kw_field_maxitems(struct lctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;
	long long		 v;

	fc->kw[FK_MAXITEMS] = n;
	if (parse_ll(c, n, "max_items", 1, RECORD_MAX_ITEMS, &v) == 0)
		fc->f->max_items = (size_t)v;
}

static const struct kwdef field_kw[] = {
	{ "id", kw_field_id, 1 },
	{ "type", kw_field_type, 1 },
	{ "label", kw_field_label, 1 },
	{ "hint", kw_field_hint, 0 },
	{ "required", kw_field_required, 0 },
	{ "choices", kw_field_choices, 0 },
	{ "max_length", kw_field_maxlen, 0 },
	{ "min", kw_field_min, 0 },
	{ "max", kw_field_max, 0 },
	{ "index", kw_field_index, 0 },
	{ "fields", kw_field_fields, 0 },
	{ "min_items", kw_field_minitems, 0 },
	{ "max_items", kw_field_maxitems, 0 },
};

/* Which keywords each type takes, beyond those every field takes. */
static const struct {
	int		 kw;
	const char	*name;
	unsigned	 types;		/* bit per enum ftype */
} field_kw_types[] = {
	{ FK_CHOICES, "choices", 1u << FT_SELECT_ONE },
	{ FK_MAXLEN, "max_length", 1u << FT_TEXT },
	{ FK_MIN, "min", 1u << FT_INTEGER },
	{ FK_MAX, "max", 1u << FT_INTEGER },
	{ FK_INDEX, "index", 1u << FT_TEXT },
	{ FK_FIELDS, "fields", 1u << FT_REPEAT },
	{ FK_MINITEMS, "min_items", 1u << FT_REPEAT },
	{ FK_MAXITEMS, "max_items", 1u << FT_REPEAT },
};

/* Checks that need the whole field: keywords that fit its type, ranges. */
static void
check_field(struct lctx *c, struct field_ctx *fc, int in_repeat)
{
	struct field	*f = fc->f;
	size_t		 i;

	if (fc->kw[FK_TYPE] == NULL)
		return;
	for (i = 0; i < nitems(field_kw_types); i++) {
		if (fc->kw[field_kw_types[i].kw] != NULL &&
		    !(field_kw_types[i].types & (1u << f->type)))
			lerr(c, fc->kw[field_kw_types[i].kw],
			    _("\"%s\" does not apply to fields of type %s"),
			    field_kw_types[i].name, ftype_name(f->type));
	}
	if (f->type == FT_SELECT_ONE && fc->kw[FK_CHOICES] == NULL)
		lerr(c, fc->node, _("select_one field \"%s\" has no \"choices\""),
		    f->id != NULL ? f->id : "?");
	if (f->type == FT_REPEAT) {
		if (in_repeat)
			lerr(c, fc->kw[FK_TYPE],
			    _("repeat groups cannot be nested"));
		if (fc->kw[FK_FIELDS] == NULL)
			lerr(c, fc->node, _("repeat group \"%s\" has no \"fields\""),
			    f->id != NULL ? f->id : "?");
		if (f->max_items == 0)
			f->max_items = 50;
		if (f->min_items > f->max_items)
			lerr(c, fc->kw[FK_MINITEMS],
			    _("min_items (%zu) is greater than max_items (%zu)"),
			    f->min_items, f->max_items);
	}
	if (f->has_min && f->has_max && f->min > f->max)
		lerr(c, fc->kw[FK_MIN], _("min (%lld) is greater than max (%lld)"),
		    f->min, f->max);
	if (f->type == FT_TEXT && f->max_length == 0)
		f->max_length = 200;
}

static void
parse_fields(struct lctx *c, yaml_node_t *n, struct field **v, size_t *nv,
    size_t *cap, int in_repeat)
{
	struct field_ctx	 fc;
	yaml_node_item_t	*it;
	yaml_node_t		*e;
	size_t			 i;

	if (n->type != YAML_SEQUENCE_NODE) {
		lerr(c, n, _("fields must be a list, not %s"), node_kind(n));
		return;
	}
	if (n->data.sequence.items.start == n->data.sequence.items.top)
		lerr(c, n, _("fields must list at least one field"));
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		if ((e = lnode(c, *it)) == NULL)
			return;
		XGROW(*v, *nv, *cap);
		memset(&fc, 0, sizeof fc);
		fc.f = &(*v)[*nv];
		memset(fc.f, 0, sizeof *fc.f);
		fc.node = e;
		fc.f->line = (int)e->start_mark.line + 1;
		fc.f->col = (int)e->start_mark.column + 1;
		walk_mapping(c, e, field_kw, nitems(field_kw), &fc,
		    N_("a field"));
		if (fc.f->id == NULL) {
			field_free(fc.f);
			continue;
		}
		check_field(c, &fc, in_repeat);
		for (i = 0; i < *nv; i++) {
			if (strcmp((*v)[i].id, fc.f->id) == 0)
				break;
		}
		if (i < *nv) {
			lerr(c, e, _("duplicate field id \"%s\" (first at line %d)"),
			    fc.f->id, (*v)[i].line);
			field_free(fc.f);
			continue;
		}
		(*nv)++;
	}
}

/* Sections and forms. */

static void
kw_section_id(struct lctx *c, yaml_node_t *n, void *obj)
{
	((struct section *)obj)->id = parse_id(c, n, N_("the section id"));
}

static void
kw_section_label(struct lctx *c, yaml_node_t *n, void *obj)
{
	parse_i18n(c, n, &((struct section *)obj)->label, N_("the label"));
}

static void
kw_section_fields(struct lctx *c, yaml_node_t *n, void *obj)
{
	struct section	*s = obj;

	parse_fields(c, n, &s->fields, &s->nfields, &s->cap, 0);
}

static const struct kwdef section_kw[] = {
	{ "id", kw_section_id, 1 },
	{ "label", kw_section_label, 1 },
	{ "fields", kw_section_fields, 1 },
};

static void
kw_form_id(struct lctx *c, yaml_node_t *n, void *obj)
{
	((struct form *)obj)->id = parse_id(c, n, N_("the form id"));
}

static void
kw_form_version(struct lctx *c, yaml_node_t *n, void *obj)
{
	long long	v;

	if (parse_ll(c, n, "version", 1, 1000000, &v) == 0)
		((struct form *)obj)->version = (uint32_t)v;
}

static void
kw_form_title(struct lctx *c, yaml_node_t *n, void *obj)
{
	parse_i18n(c, n, &((struct form *)obj)->title, N_("the title"));
}

static void
kw_form_summary(struct lctx *c, yaml_node_t *n, void *obj)
{
	struct form		*f = obj;
	yaml_node_item_t	*it;
	yaml_node_t		*e;
	char			*id;

	if (n->type != YAML_SEQUENCE_NODE) {
		lerr(c, n, _("summary must be a list of field ids"));
		return;
	}
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		if ((e = lnode(c, *it)) == NULL)
			return;
		if ((id = parse_id(c, e, N_("a summary field"))) == NULL)
			continue;
		f->summary = xreallocarray(f->summary, f->nsummary + 1,
		    sizeof *f->summary);
		f->summary_line = xreallocarray(f->summary_line,
		    f->nsummary + 1, sizeof *f->summary_line);
		f->summary_col = xreallocarray(f->summary_col, f->nsummary + 1,
		    sizeof *f->summary_col);
		f->summary_line[f->nsummary] = (int)e->start_mark.line + 1;
		f->summary_col[f->nsummary] = (int)e->start_mark.column + 1;
		f->summary[f->nsummary++] = id;
	}
}

static void
kw_form_lists(struct lctx *c, yaml_node_t *n, void *obj)
{
	struct form		*f = obj;
	struct choice_list	*l;
	yaml_node_item_t	*it;
	yaml_node_t		*e;
	size_t			 i;

	if (n->type != YAML_SEQUENCE_NODE) {
		lerr(c, n, _("lists must be a list of choice lists"));
		return;
	}
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		if ((e = lnode(c, *it)) == NULL)
			return;
		if ((l = load_list(c, e)) == NULL)
			continue;
		for (i = 0; i < f->nlists; i++) {
			if (strcmp(f->lists[i]->id, l->id) == 0)
				break;
		}
		if (i < f->nlists) {
			lerr(c, e, _("duplicate choice list \"%s\" (first at line %d)"),
			    l->id, f->lists[i]->line);
			choice_list_free(l);
			continue;
		}
		XGROW(f->lists, f->nlists, f->caplists);
		f->lists[f->nlists++] = l;
	}
}

static void
kw_form_sections(struct lctx *c, yaml_node_t *n, void *obj)
{
	struct form		*f = obj;
	struct section		*s;
	yaml_node_item_t	*it;
	yaml_node_t		*e;
	size_t			 i;

	if (n->type != YAML_SEQUENCE_NODE) {
		lerr(c, n, _("sections must be a list, not %s"), node_kind(n));
		return;
	}
	if (n->data.sequence.items.start == n->data.sequence.items.top)
		lerr(c, n, _("a form needs at least one section"));
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		if ((e = lnode(c, *it)) == NULL)
			return;
		XGROW(f->sections, f->nsections, f->cap);
		s = &f->sections[f->nsections];
		memset(s, 0, sizeof *s);
		s->line = (int)e->start_mark.line + 1;
		s->col = (int)e->start_mark.column + 1;
		walk_mapping(c, e, section_kw, nitems(section_kw), s,
		    N_("a section"));
		for (i = 0; s->id != NULL && i < f->nsections; i++) {
			if (strcmp(f->sections[i].id, s->id) == 0) {
				lerr(c, e, _("duplicate section id \"%s\""),
				    s->id);
				break;
			}
		}
		if (s->id != NULL && i == f->nsections) {
			f->nsections++;
			continue;
		}
		for (i = 0; i < s->nfields; i++)
			field_free(&s->fields[i]);
		free(s->fields);
		free(s->id);
		i18n_free(&s->label);
	}
}

static const struct kwdef form_kw[] = {
	{ "form", kw_form_id, 1 },
	{ "version", kw_form_version, 1 },
	{ "title", kw_form_title, 1 },
	{ "summary", kw_form_summary, 0 },
	{ "lists", kw_form_lists, 0 },
	{ "sections", kw_form_sections, 1 },
};

/* A choice list by id: the form's own lists first, then the shared ones. */
static struct choice_list *
find_list(const struct form *f, const struct formset *fs, const char *id)
{
	size_t	i;

	for (i = 0; i < f->nlists; i++) {
		if (strcmp(f->lists[i]->id, id) == 0)
			return (f->lists[i]);
	}
	for (i = 0; i < fs->nlists; i++) {
		if (strcmp(fs->lists[i]->id, id) == 0)
			return (fs->lists[i]);
	}
	return (NULL);
}

static void
link_fields(struct diags *d, const struct form *f, const struct formset *fs,
    struct field *v, size_t n, int *errors)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (v[i].list_id != NULL &&
		    (v[i].list = find_list(f, fs, v[i].list_id)) == NULL) {
			diags_add(d, f->file, v[i].line, v[i].col,
			    _("field \"%s\" uses the unknown choice list \"%s\""),
			    v[i].id, v[i].list_id);
			(*errors)++;
		}
		link_fields(d, f, fs, v[i].fields, v[i].nfields, errors);
	}
}

static void
name_ref_add(struct form *f, const struct field *group,
    const struct field *fld)
{
	f->names = xreallocarray(f->names, f->nnames + 1, sizeof *f->names);
	f->names[f->nnames].group = group;
	f->names[f->nnames].field = fld;
	f->nnames++;
}

/* The fields searched by name, so that search need not walk the whole form. */
static void
link_names(struct form *f)
{
	const struct field	*fld;
	size_t			 i, j, k;

	for (i = 0; i < f->nsections; i++) {
		for (j = 0; j < f->sections[i].nfields; j++) {
			fld = &f->sections[i].fields[j];
			if (fld->index == FI_NAME)
				name_ref_add(f, NULL, fld);
			for (k = 0; k < fld->nfields; k++) {
				if (fld->fields[k].index == FI_NAME)
					name_ref_add(f, fld, &fld->fields[k]);
			}
		}
	}
}

/*
 * Second pass over a form: choice lists resolved, ids unique across sections.
 */
static int
link_form(struct diags *d, struct form *f, const struct formset *fs)
{
	const struct field	*fld, *first;
	size_t			 i, j, k, m;
	int			 errors = 0;

	for (i = 0; i < f->nsections; i++) {
		link_fields(d, f, fs, f->sections[i].fields,
		    f->sections[i].nfields, &errors);
		for (j = 0; j < f->sections[i].nfields; j++) {
			fld = &f->sections[i].fields[j];
			first = NULL;
			for (k = 0; k < i && first == NULL; k++) {
				for (m = 0; m < f->sections[k].nfields; m++) {
					if (strcmp(f->sections[k].fields[m].id,
					    fld->id) == 0) {
						first =
						    &f->sections[k].fields[m];
						break;
					}
				}
			}
			if (first != NULL) {
				diags_add(d, f->file, fld->line, fld->col,
				    _("duplicate field id \"%s\" (first at line %d)"),
				    fld->id, first->line);
				errors++;
			}
		}
	}
	f->summary_fields = xcalloc(f->nsummary, sizeof *f->summary_fields);
	for (i = 0; i < f->nsummary; i++) {
		fld = form_field(f, f->summary[i]);
		if (fld == NULL || fld->type == FT_REPEAT) {
			diags_add(d, f->file, f->summary_line[i],
			    f->summary_col[i],
			    _("summary names \"%s\", which is not a field outside a repeat group"),
			    f->summary[i]);
			errors++;
		}
		f->summary_fields[i] = fld;
	}
	link_names(f);
	return (errors);
}

/*
 * Whether [ and { nest more than LOAD_MAX_FLOW deep in the text (outside
 * quotes and comments): libyaml takes time quadratic in that depth, so a
 * hostile file is refused before it is parsed. Says where it went too deep.
 */
static int
flow_too_deep(const char *p, size_t n, int *line, int *col)
{
	size_t	i;
	int	depth = 0, l = 1, c = 0;
	char	quote = 0;

	for (i = 0; i < n; i++, c++) {
		if (p[i] == '\n') {
			l++;
			c = -1;
			if (quote == '#')
				quote = 0;
			continue;
		}
		if (quote == '"' && p[i] == '\\' && i + 1 < n) {
			i++;
			c++;
		} else if (quote != 0) {
			if (p[i] == quote && quote != '#')
				quote = 0;
		} else if (p[i] == '"' || p[i] == '\'')
			quote = p[i];
		else if (p[i] == '#' && (i == 0 || p[i - 1] == ' ' ||
		    p[i - 1] == '\t' || p[i - 1] == '\n'))
			quote = '#';
		else if (p[i] == '[' || p[i] == '{') {
			if (++depth > LOAD_MAX_FLOW) {
				*line = l;
				*col = c + 1;
				return (1);
			}
		} else if ((p[i] == ']' || p[i] == '}') && depth > 0)
			depth--;
	}
	return (0);
}

/*
 * Read and parse one YAML file into a document; syntax errors are diagnostics.
 */
static int
load_document(const char *path, yaml_document_t *doc, struct diags *d)
{
	yaml_parser_t	 parser;
	struct stat	 sb;
	FILE		*f;
	yaml_node_t	*root;
	char		*text;
	size_t		 len;
	int		 ok, line, col;

	if ((f = fopen(path, "rb")) == NULL) {
		diags_add(d, path, 0, 0, _("cannot read the file: %s"),
		    strerror(errno));
		return (-1);
	}
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size > FORM_FILE_MAX) {
		diags_add(d, path, 0, 0,
		    _("not a regular file of at most %ld bytes"), FORM_FILE_MAX);
		fclose(f);
		return (-1);
	}
	text = xmalloc((size_t)sb.st_size + 1);
	len = fread(text, 1, (size_t)sb.st_size, f);
	if (ferror(f)) {
		diags_add(d, path, 0, 0, _("cannot read the file: %s"),
		    strerror(errno));
		free(text);
		fclose(f);
		return (-1);
	}
	if (flow_too_deep(text, len, &line, &col)) {
		diags_add(d, path, line, col,
		    _("brackets are nested more than %d deep"), LOAD_MAX_FLOW);
		free(text);
		fclose(f);
		return (-1);
	}
	if (!yaml_parser_initialize(&parser))
		fatalx("out of memory (YAML parser)");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	ok = yaml_parser_load(&parser, doc);
	if (!ok) {
		if (parser.problem_mark.line || parser.problem_mark.column)
			diags_add(d, path, (int)parser.problem_mark.line + 1,
			    (int)parser.problem_mark.column + 1,
			    _("YAML syntax error: %s%s%s"),
			    parser.problem != NULL ? parser.problem : "?",
			    parser.context != NULL ? " " : "",
			    parser.context != NULL ? parser.context : "");
		else
			diags_add(d, path, 0, 0, _("YAML syntax error: %s"),
			    parser.problem != NULL ? parser.problem : "?");
		yaml_parser_delete(&parser);
		free(text);
		fclose(f);
		return (-1);
	}
	yaml_parser_delete(&parser);
	free(text);
	fclose(f);
	root = yaml_document_get_root_node(doc);
	if (root == NULL) {
		diags_add(d, path, 0, 0, _("the file is empty"));
		yaml_document_delete(doc);
		return (-1);
	}
	return (0);
}

/*
 * Whether a document's root mapping holds the key (to tell lists from forms).
 */
static int
doc_has_key(yaml_document_t *doc, const char *key)
{
	yaml_node_t		*root = yaml_document_get_root_node(doc), *k;
	yaml_node_pair_t	*p;

	if (root == NULL || root->type != YAML_MAPPING_NODE)
		return (0);
	for (p = root->data.mapping.pairs.start;
	    p < root->data.mapping.pairs.top; p++) {
		k = yaml_document_get_node(doc, p->key);
		if (k != NULL && k->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)k->data.scalar.value, key) == 0)
			return (1);
	}
	return (0);
}

static void
add_list(struct formset *fs, struct choice_list *l, struct diags *d,
    int *errors)
{
	size_t	i;

	for (i = 0; i < fs->nlists; i++) {
		if (strcmp(fs->lists[i]->id, l->id) == 0) {
			diags_add(d, l->file, l->line, l->col,
			    _("duplicate choice list \"%s\" (also in %s)"), l->id,
			    fs->lists[i]->file);
			(*errors)++;
			choice_list_free(l);
			return;
		}
	}
	XGROW(fs->lists, fs->nlists, fs->caplists);
	fs->lists[fs->nlists++] = l;
}

/* Load one file, a form or a shared choice list, into the set. */
static void
load_file(struct formset *fs, const char *path, int want_list,
    struct diags *d, int *errors)
{
	yaml_document_t		 doc;
	struct lctx		 c;
	struct form		*f;
	struct choice_list	*l;
	const char		*base;
	size_t			 i, blen;

	if (load_document(path, &doc, d) != 0) {
		(*errors)++;
		return;
	}
	memset(&c, 0, sizeof c);
	c.file = path;
	c.doc = &doc;
	c.d = d;
	if (want_list < 0)
		want_list = doc_has_key(&doc, "list");
	if (want_list) {
		l = load_list(&c, yaml_document_get_root_node(&doc));
		if (l != NULL) {
			base = strrchr(path, '/');
			base = base != NULL ? base + 1 : path;
			blen = strlen(base);
			if (blen > 5 && strcmp(base + blen - 5, ".yaml") == 0 &&
			    (strlen(l->id) != blen - 5 ||
			    strncmp(l->id, base, blen - 5) != 0)) {
				lerr(&c, yaml_document_get_root_node(&doc),
				    _("list \"%s\" must be in a file named %s.yaml"),
				    l->id, l->id);
			}
			add_list(fs, l, d, errors);
		}
	} else {
		f = xcalloc(1, sizeof *f);
		f->file = xstrdup(path);
		walk_mapping(&c, yaml_document_get_root_node(&doc), form_kw,
		    nitems(form_kw), f, N_("a form"));
		if (f->id != NULL) {
			for (i = 0; i < fs->nforms; i++) {
				if (strcmp(fs->forms[i]->id, f->id) == 0) {
					lerr(&c,
					    yaml_document_get_root_node(&doc),
					    _("duplicate form \"%s\" (also in %s)"),
					    f->id, fs->forms[i]->file);
					break;
				}
			}
		}
		XGROW(fs->forms, fs->nforms, fs->cap);
		fs->forms[fs->nforms++] = f;
	}
	if (c.errors > LOAD_MAX_ERRORS + (size_t)c.aborted)
		diags_add(d, path, 0, 0,
		    _("and %zu more errors, not shown"),
		    c.errors - LOAD_MAX_ERRORS - (size_t)c.aborted);
	*errors += (int)c.errors;
	yaml_document_delete(&doc);
}

static int
cmp_str(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* The *.yaml files of a directory, sorted; NULL if it cannot be read. */
static char **
yaml_files(const char *dir, size_t *n, struct diags *d, int quiet)
{
	DIR		*dp;
	struct dirent	*de;
	char		**v = NULL;
	size_t		 len, cap = 0;

	*n = 0;
	if ((dp = opendir(dir)) == NULL) {
		if (!quiet)
			diags_add(d, dir, 0, 0, _("cannot read the directory: %s"),
			    strerror(errno));
		return (NULL);
	}
	while ((de = readdir(dp)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 6 ||
		    strcmp(de->d_name + len - 5, ".yaml") != 0)
			continue;
		XGROW(v, *n, cap);
		v[(*n)++] = xsprintf("%s/%s", dir, de->d_name);
	}
	closedir(dp);
	if (*n > 0)
		qsort(v, *n, sizeof *v, cmp_str);
	return (v);
}

static void
free_strv(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/*
 * Load a form set from explicit files: each a form or a choice list. Shared
 * lists come from listdir's lists/ directory (when not NULL) and from the
 * files given. Every problem found is added to d; the set is returned only
 * when there is none.
 */
int
formset_load_files(const char *listdir, char **files, size_t nfiles,
    struct formset **out, struct diags *d)
{
	struct formset	*fs;
	char		**lists = NULL, *ldir;
	size_t		 nl = 0, i;
	int		 errors = 0;

	*out = NULL;
	fs = xcalloc(1, sizeof *fs);
	fs->dir = xstrdup(listdir != NULL ? listdir : ".");
	if (listdir != NULL) {
		ldir = xsprintf("%s/lists", listdir);
		lists = yaml_files(ldir, &nl, d, 1);
		free(ldir);
		for (i = 0; i < nl; i++)
			load_file(fs, lists[i], 1, d, &errors);
		free_strv(lists, nl);
	}
	for (i = 0; i < nfiles; i++)
		load_file(fs, files[i], -1, d, &errors);
	for (i = 0; i < fs->nforms; i++)
		errors += link_form(d, fs->forms[i], fs);
	if (errors > 0 || d->n > 0) {
		formset_free(fs);
		return (AMP_EFORMS);
	}
	*out = fs;
	return (AMP_OK);
}

/* Load every form in dir, with the shared lists in dir/lists. */
int
formset_load(const char *dir, struct formset **out, struct diags *d)
{
	char	**files;
	size_t	  n;
	int	  rc;

	*out = NULL;
	if ((files = yaml_files(dir, &n, d, 0)) == NULL && d->n > 0)
		return (AMP_EFORMS);
	rc = formset_load_files(dir, files, n, out, d);
	free_strv(files, n);
	if (rc == AMP_OK && (*out)->nforms == 0) {
		diags_add(d, dir, 0, 0, _("no forms found (*.yaml)"));
		formset_free(*out);
		*out = NULL;
		return (AMP_EFORMS);
	}
	return (rc);
}
