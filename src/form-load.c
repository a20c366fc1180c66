/* form-load.c: reading forms and choice lists from YAML, and checking all that can be checked at load. */

#include "config.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "yaml-load.h"

#define PATTERN_MAX	256	/* bytes of a document number pattern */
#define CALC_DEPTH_MAX	64	/* calculations each needing the next */

/*
 * Where an expression is written: columns within it are file columns if it
 * is on one line.
 */
void
fexpr_parse(struct ylctx *c, yaml_node_t *n, struct fexpr *x,
    const char *what)
{
	struct expr_err	 err;
	const char	*s;

	if ((s = yl_scalar(c, n, what)) == NULL)
		return;
	fexpr_free(x);
	x->line = (int)n->start_mark.line + 1;
	x->col = (int)n->start_mark.column + 1;
	x->oneline = n->start_mark.line == n->end_mark.line &&
	    n->data.scalar.style != YAML_LITERAL_SCALAR_STYLE &&
	    n->data.scalar.style != YAML_FOLDED_SCALAR_STYLE;
	if (n->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
	    n->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
		x->col++;
	/* libyaml counts columns in characters; the offset is in bytes. */
	if ((x->e = expr_parse(s, &err)) == NULL)
		yl_err_at(c, x->line, x->oneline ? x->col +
		    (int)utf8_chars(s, err.offset) : x->col, "%s: %s", _(what),
		    err.msg);
}

/* Choice lists. */

/* A choice's value as records store it: no spaces (select_many uses them). */
static void
load_choice_value(struct ylctx *c, yaml_node_t *v, struct choice *ch)
{
	const char	*val;

	if ((val = yl_scalar(c, v, N_("a choice value"))) == NULL)
		return;
	if (*val == '\0' || strlen(val) > ID_MAX ||
	    strpbrk(val, "\t\n\r ") != NULL || !utf8_valid(val, strlen(val))) {
		yl_err(c, v, _("choice value \"%s\" must be 1 to %d characters without spaces, tabs or line breaks"),
		    val, ID_MAX);
		return;
	}
	ch->value = xstrdup(val);
}

/* Another key of a choice: an attribute, a string choice_filter reads. */
static void
load_choice_attr(struct ylctx *c, yaml_node_t *k, yaml_node_t *v,
    struct choice *ch, const char *key)
{
	const char	*val;
	size_t		 i;

	if (!id_valid(key)) {
		yl_err(c, k, _("choice attribute \"%s\" is not a valid id: use lower-case letters, digits and _, starting with a letter, at most %d characters"),
		    key, ID_MAX);
		return;
	}
	if ((val = yl_scalar(c, v, N_("a choice attribute"))) == NULL)
		return;
	for (i = 0; i < ch->nattrs; i++) {
		if (strcmp(ch->attrs[i].name, key) == 0) {
			yl_err(c, k, _("duplicate key \"%s\" in %s"), key,
			    _("a choice"));
			return;
		}
	}
	ch->attrs = xreallocarray(ch->attrs, ch->nattrs + 1,
	    sizeof *ch->attrs);
	ch->attrs[ch->nattrs].name = xstrdup(key);
	ch->attrs[ch->nattrs].value = xstrdup(val);
	ch->nattrs++;
}

/*
 * A choice: value and label, retired, and any other key an attribute (a
 * string), as choice_filter expressions read them.
 */
static void
load_choice(struct ylctx *c, yaml_node_t *n, struct choice *ch,
    const char *list)
{
	yaml_node_pair_t	*pair;
	yaml_node_t		*k, *v;
	const char		*key;
	int			 seen_value = 0, seen_label = 0;
	int			 seen_retired = 0, *seen;

	if (n->type != YAML_MAPPING_NODE) {
		yl_err(c, n, _("a choice must be a mapping with value and label, not %s"),
		    yl_kind(n));
		return;
	}
	for (pair = n->data.mapping.pairs.start;
	    pair < n->data.mapping.pairs.top; pair++) {
		if ((k = yl_node(c, pair->key)) == NULL ||
		    (v = yl_node(c, pair->value)) == NULL)
			return;
		if ((key = yl_scalar(c, k, N_("a key"))) == NULL)
			continue;
		if (strcmp(key, "value") == 0)
			seen = &seen_value;
		else if (strcmp(key, "label") == 0)
			seen = &seen_label;
		else if (strcmp(key, "retired") == 0)
			seen = &seen_retired;
		else {
			load_choice_attr(c, k, v, ch, key);
			continue;
		}
		if ((*seen)++) {
			yl_err(c, k, _("duplicate key \"%s\" in %s"), key,
			    _("a choice"));
			continue;
		}
		if (seen == &seen_value)
			load_choice_value(c, v, ch);
		else if (seen == &seen_label)
			yl_i18n(c, v, &ch->label, N_("a choice label"));
		else
			yl_bool(c, v, "retired", &ch->retired);
	}
	if (!seen_value)
		yl_err(c, n, _("a choice of list \"%s\" has no \"value\""), list);
	if (!seen_label)
		yl_err(c, n, _("a choice of list \"%s\" has no \"label\""), list);
}

static void
kw_list_choices(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct choice_list	*l = obj;
	struct choice		 ch;
	struct yl_seen		 seen = { 0 };
	yaml_node_item_t	*it;
	yaml_node_t		*e;
	size_t			 i, first;

	if (n->type != YAML_SEQUENCE_NODE) {
		yl_err(c, n, _("choices must be a list, not %s"), yl_kind(n));
		return;
	}
	for (i = 0; i < l->n; i++)
		yl_seen_add(&seen, l->v[i].value, i, &first);
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		if ((e = yl_node(c, *it)) == NULL)
			break;
		memset(&ch, 0, sizeof ch);
		load_choice(c, e, &ch, l->id != NULL ? l->id : "?");
		if (ch.value == NULL) {
			choice_free(&ch);
			continue;
		}
		if (yl_seen_add(&seen, ch.value, l->n, &first)) {
			yl_err(c, e, _("duplicate choice value \"%s\" in list \"%s\""),
			    ch.value, l->id != NULL ? l->id : "?");
			choice_free(&ch);
			continue;
		}
		XGROW(l->v, l->n, l->cap);
		l->v[l->n++] = ch;
	}
	yl_seen_free(&seen);
	if (l->n == 0 && n->data.sequence.items.start ==
	    n->data.sequence.items.top)
		yl_err(c, n, _("a choice list needs at least one choice"));
}

static void
kw_list_id(struct ylctx *c, yaml_node_t *n, void *obj)
{
	((struct choice_list *)obj)->id = yl_id(c, n, N_("the list id"));
}

static const struct ykw list_kw[] = {
	{ "list", kw_list_id, 1 },
	{ "choices", kw_list_choices, 1 },
};

static struct choice_list *
load_list(struct ylctx *c, yaml_node_t *n)
{
	struct choice_list	*l;

	l = xcalloc(1, sizeof *l);
	l->file = xstrdup(c->file);
	l->line = (int)n->start_mark.line + 1;
	l->col = (int)n->start_mark.column + 1;
	yl_walk(c, n, list_kw, nitems(list_kw), l, N_("a choice list"));
	if (l->id == NULL) {
		choice_list_free(l);
		return (NULL);
	}
	choice_list_index(l);
	return (l);
}

/* Fields. */

enum {
	FK_TYPE, FK_CHOICES, FK_FILTER, FK_MAXLEN, FK_MIN, FK_MAX, FK_INDEX,
	FK_FIELDS, FK_MINITEMS, FK_MAXITEMS, FK_COUNT, FK_CALCULATE,
	FK_DEFAULT, FK_REQUIRED, FK_CONSTRAINT, FK_CMESSAGE, FK_READONLY,
	FK_DOCTYPE, FK_PATTERNS, FK_RENAMED, FK_HINT,
	FK_REGISTER, FK_RELATION, FK_INHERIT,
	FK__COUNT
};

struct field_ctx {
	struct field	*f;
	yaml_node_t	*node;
	yaml_node_t	*kw[FK__COUNT];	/* where each keyword was given */
};

static void parse_fields(struct ylctx *, yaml_node_t *, struct field **,
    size_t *, size_t *, int);

static void
kw_field_id(struct ylctx *c, yaml_node_t *n, void *obj)
{
	((struct field_ctx *)obj)->f->id = yl_id(c, n, N_("the field id"));
}

static void
kw_field_type(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;
	struct buf		 names = { 0 };
	const char		*s;
	size_t			 i;

	if ((s = yl_scalar(c, n, N_("the field type"))) == NULL)
		return;
	for (i = 0; i < FT__COUNT; i++) {
		if (strcmp(ftype_table[i].name, s) == 0) {
			fc->f->type = ftype_table[i].type;
			fc->kw[FK_TYPE] = n;
			return;
		}
	}
	for (i = 0; i < FT__COUNT; i++) {
		if (i > 0)
			buf_add(&names, ", ", 2);
		buf_add(&names, ftype_table[i].name,
		    strlen(ftype_table[i].name));
	}
	buf_add_u8(&names, 0);
	yl_err(c, n, _("unknown field type \"%s\" (one of: %s)"), s,
	    (const char *)names.p);
	buf_free(&names);
}

static void
kw_field_label(struct ylctx *c, yaml_node_t *n, void *obj)
{
	yl_i18n(c, n, &((struct field_ctx *)obj)->f->label, N_("the label"));
}

static void
kw_field_hint(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;

	fc->kw[FK_HINT] = n;
	yl_i18n(c, n, &fc->f->hint, N_("the hint"));
}

/* required: true or false, or an expression saying when. */
static void
kw_field_required(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;
	const char		*s;

	fc->kw[FK_REQUIRED] = n;
	if ((s = yl_scalar(c, n, "required")) == NULL)
		return;
	if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0)
		fc->f->required = strcmp(s, "true") == 0;
	else if (strcmp(s, "yes") == 0 || strcmp(s, "no") == 0)
		yl_err(c, n, _("required must be true, false or a condition, not \"%s\""),
		    s);
	else
		fexpr_parse(c, n, &fc->f->required_if, "required");
}

static void
kw_field_relevant(struct ylctx *c, yaml_node_t *n, void *obj)
{
	fexpr_parse(c, n, &((struct field_ctx *)obj)->f->relevant, "relevant");
}

static void
kw_field_constraint(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;

	fc->kw[FK_CONSTRAINT] = n;
	fexpr_parse(c, n, &fc->f->constraint, "constraint");
}

static void
kw_field_cmessage(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;

	fc->kw[FK_CMESSAGE] = n;
	yl_i18n(c, n, &fc->f->constraint_message, "constraint_message");
}

static void
kw_field_calculate(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;

	fc->kw[FK_CALCULATE] = n;
	fexpr_parse(c, n, &fc->f->calculate, "calculate");
}

/* default: a value, or "=expression" for one worked out when the form opens. */
static void
kw_field_default(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;
	const char		*s;

	fc->kw[FK_DEFAULT] = n;
	if ((s = yl_scalar(c, n, "default")) == NULL)
		return;
	if (*s != '=') {
		fc->f->default_value = xstrdup(s);
		return;
	}
	/* The expression is the text after "=": move the node's start past it. */
	n->data.scalar.value++;
	n->data.scalar.length--;
	n->start_mark.column++;
	fexpr_parse(c, n, &fc->f->default_expr, "default");
	n->start_mark.column--;
	n->data.scalar.length++;
	n->data.scalar.value--;
}

static void
kw_field_readonly(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;

	fc->kw[FK_READONLY] = n;
	yl_bool(c, n, "read_only", &fc->f->read_only);
}

static void
kw_field_choices(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;

	fc->kw[FK_CHOICES] = n;
	fc->f->list_id = yl_id(c, n, N_("the choice list"));
}

static void
kw_field_filter(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;

	fc->kw[FK_FILTER] = n;
	fexpr_parse(c, n, &fc->f->choice_filter, "choice_filter");
}

static void
kw_field_maxlen(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;
	long long		 v;

	fc->kw[FK_MAXLEN] = n;
	if (yl_ll(c, n, "max_length", 1, 10000, &v) == 0)
		fc->f->max_length = (size_t)v;
}

static void
kw_field_min(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;

	fc->kw[FK_MIN] = n;
	if (yl_double(c, n, "min", &fc->f->min) == 0)
		fc->f->has_min = 1;
}

static void
kw_field_max(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;

	fc->kw[FK_MAX] = n;
	if (yl_double(c, n, "max", &fc->f->max) == 0)
		fc->f->has_max = 1;
}

static void
kw_field_index(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;
	const char		*s;

	fc->kw[FK_INDEX] = n;
	if ((s = yl_scalar(c, n, "index")) == NULL)
		return;
	if (strcmp(s, "name") == 0)
		fc->f->index = FI_NAME;
	else if (strcmp(s, "document") == 0)
		fc->f->index = FI_DOCUMENT;
	else if (strcmp(s, "month") == 0)
		fc->f->index = FI_MONTH;
	else
		yl_err(c, n,
		    _("index must be name, document or month, not \"%s\""), s);
}

static void
kw_field_confidential(struct ylctx *c, yaml_node_t *n, void *obj)
{
	((struct field_ctx *)obj)->f->confidential = yl_id(c, n,
	    N_("the confidentiality class"));
}

static void
kw_field_renamed(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;

	fc->kw[FK_RENAMED] = n;
	fc->f->nrenamed = yl_ids(c, n, "renamed_from", &fc->f->renamed_from);
}

static void
kw_field_doctype(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;

	fc->kw[FK_DOCTYPE] = n;
	fc->f->doc_type = yl_id(c, n, "document_type");
}

/* Whether a pattern uses a back-reference (\\1 to \\9): slow, never needed. */
static int
has_backref(const char *p)
{
	for (; *p != '\0'; p++) {
		if (*p != '\\')
			continue;
		if (p[1] >= '1' && p[1] <= '9')
			return (1);
		if (p[1] != '\0')
			p++;
	}
	return (0);
}

/* patterns: a mapping from document type values to regular expressions. */
static void
kw_field_patterns(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;
	struct field		*f = fc->f;
	yaml_node_pair_t	*pair;
	yaml_node_t		*k, *v;
	const char		*type, *pat;
	char			 why[160], *anchored;
	regex_t			*re;
	int			 rc;

	fc->kw[FK_PATTERNS] = n;
	if (n->type != YAML_MAPPING_NODE) {
		yl_err(c, n, _("patterns must map each document type to a pattern"));
		return;
	}
	for (pair = n->data.mapping.pairs.start;
	    pair < n->data.mapping.pairs.top; pair++) {
		if ((k = yl_node(c, pair->key)) == NULL ||
		    (v = yl_node(c, pair->value)) == NULL)
			return;
		if ((type = yl_scalar(c, k, N_("a document type"))) == NULL ||
		    (pat = yl_scalar(c, v, N_("a pattern"))) == NULL)
			continue;
		if (yl_get(c->doc, n, type) != v) {
			yl_err(c, k, _("duplicate key \"%s\" in %s"), type,
			    "patterns");
			continue;
		}
		if (strlen(pat) > PATTERN_MAX) {
			yl_err(c, v, _("the pattern for \"%s\" is longer than %d bytes"),
			    type, PATTERN_MAX);
			continue;
		}
		if (has_backref(pat)) {
			yl_err(c, v, _("the pattern for \"%s\" uses a back-reference (\\1 to \\9), which is not allowed: matching one can be very slow"),
			    type);
			continue;
		}
		/* The whole number must match: the pattern is anchored. */
		re = xcalloc(1, sizeof *re);
		anchored = xsprintf("^(%s)$", pat);
		rc = regcomp(re, anchored, REG_EXTENDED | REG_NOSUB);
		free(anchored);
		if (rc != 0) {
			regerror(rc, re, why, sizeof why);
			yl_err(c, v, _("the pattern for \"%s\" is not a valid regular expression: %s"),
			    type, why);
			free(re);
			continue;
		}
		f->patterns = xreallocarray(f->patterns, f->npatterns + 1,
		    sizeof *f->patterns);
		f->patterns[f->npatterns].type = xstrdup(type);
		f->patterns[f->npatterns].pattern = xstrdup(pat);
		f->patterns[f->npatterns].re = re;
		f->npatterns++;
	}
}

static void
kw_field_fields(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;

	fc->kw[FK_FIELDS] = n;
	parse_fields(c, n, &fc->f->fields, &fc->f->nfields,
	    &fc->f->capfields, 1);
}

static void
kw_field_minitems(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;
	long long		 v;

	fc->kw[FK_MINITEMS] = n;
	if (yl_ll(c, n, "min_items", 0, RECORD_MAX_ITEMS, &v) == 0)
		fc->f->min_items = (size_t)v;
}

static void
kw_field_maxitems(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;
	long long		 v;

	fc->kw[FK_MAXITEMS] = n;
	if (yl_ll(c, n, "max_items", 1, RECORD_MAX_ITEMS, &v) == 0)
		fc->f->max_items = (size_t)v;
}

static void
kw_field_count(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;

	fc->kw[FK_COUNT] = n;
	fexpr_parse(c, n, &fc->f->count, "count");
}

static void
kw_field_register(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;

	fc->kw[FK_REGISTER] = n;
	fc->f->register_field = yl_id(c, n, N_("the field marking members"));
}

static void
kw_field_relation(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;

	fc->kw[FK_RELATION] = n;
	fc->f->relation_field = yl_id(c, n, N_("the relation field"));
}

static void
kw_field_inherit(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct field_ctx	*fc = obj;

	fc->kw[FK_INHERIT] = n;
	fc->f->ninherit = yl_ids(c, n, "inherit", &fc->f->inherit);
}

static const struct ykw field_kw[] = {
	{ "id", kw_field_id, 1 },
	{ "type", kw_field_type, 1 },
	{ "label", kw_field_label, 1 },
	{ "hint", kw_field_hint, 0 },
	{ "required", kw_field_required, 0 },
	{ "relevant", kw_field_relevant, 0 },
	{ "constraint", kw_field_constraint, 0 },
	{ "constraint_message", kw_field_cmessage, 0 },
	{ "calculate", kw_field_calculate, 0 },
	{ "default", kw_field_default, 0 },
	{ "read_only", kw_field_readonly, 0 },
	{ "choices", kw_field_choices, 0 },
	{ "choice_filter", kw_field_filter, 0 },
	{ "max_length", kw_field_maxlen, 0 },
	{ "min", kw_field_min, 0 },
	{ "max", kw_field_max, 0 },
	{ "index", kw_field_index, 0 },
	{ "confidential", kw_field_confidential, 0 },
	{ "renamed_from", kw_field_renamed, 0 },
	{ "document_type", kw_field_doctype, 0 },
	{ "patterns", kw_field_patterns, 0 },
	{ "fields", kw_field_fields, 0 },
	{ "min_items", kw_field_minitems, 0 },
	{ "max_items", kw_field_maxitems, 0 },
	{ "count", kw_field_count, 0 },
	{ "register", kw_field_register, 0 },
	{ "relation", kw_field_relation, 0 },
	{ "inherit", kw_field_inherit, 0 },
};

#define T(x)	(1u << FT_##x)
#define TEXTISH	(T(TEXT) | T(MULTILINE) | T(PHONE) | T(EMAIL) | T(DOCUMENT))
#define INPUT	(TEXTISH | T(INTEGER) | T(DECIMAL) | T(DATE) | T(TIME) | \
		    T(DATETIME) | T(SELECT_ONE) | T(SELECT_MANY) | T(YES_NO))

/* Which keywords each type takes, beyond those every field takes. */
static const struct {
	int		 kw;
	const char	*name;
	unsigned	 types;		/* bit per enum ftype */
} field_kw_types[] = {
	{ FK_CHOICES, "choices", T(SELECT_ONE) | T(SELECT_MANY) },
	{ FK_FILTER, "choice_filter", T(SELECT_ONE) | T(SELECT_MANY) },
	{ FK_MAXLEN, "max_length", TEXTISH },
	{ FK_MIN, "min", T(INTEGER) | T(DECIMAL) },
	{ FK_MAX, "max", T(INTEGER) | T(DECIMAL) },
	{ FK_INDEX, "index", T(TEXT) | T(DOCUMENT) | T(DATE) },
	{ FK_FIELDS, "fields", T(REPEAT) },
	{ FK_MINITEMS, "min_items", T(REPEAT) },
	{ FK_MAXITEMS, "max_items", T(REPEAT) },
	{ FK_COUNT, "count", T(REPEAT) },
	{ FK_REGISTER, "register", T(REPEAT) },
	{ FK_RELATION, "relation", T(REPEAT) },
	{ FK_INHERIT, "inherit", T(REPEAT) },
	{ FK_CALCULATE, "calculate", T(CALCULATE) },
	{ FK_DEFAULT, "default", INPUT },
	{ FK_REQUIRED, "required", INPUT },
	{ FK_CONSTRAINT, "constraint", INPUT },
	{ FK_CMESSAGE, "constraint_message", INPUT },
	{ FK_READONLY, "read_only", INPUT },
	{ FK_DOCTYPE, "document_type", T(DOCUMENT) },
	{ FK_PATTERNS, "patterns", T(DOCUMENT) },
	{ FK_RENAMED, "renamed_from", INPUT | T(CALCULATE) | T(REPEAT) },
};

/*
 * Forget a keyword that does not apply to the field's type (it was
 * reported), so that later checks do not judge what it set.
 */
#define MOVE(m)	do {						\
	gone.m = f->m;						\
	memset(&f->m, 0, sizeof f->m);				\
} while (0)
static void
drop_kw(struct field *f, int kw)
{
	struct field	gone;

	memset(&gone, 0, sizeof gone);
	switch (kw) {
	case FK_CHOICES:	MOVE(list_id); break;
	case FK_FILTER:		MOVE(choice_filter); break;
	case FK_MAXLEN:		MOVE(max_length); break;
	case FK_MIN:		MOVE(has_min); break;
	case FK_MAX:		MOVE(has_max); break;
	case FK_INDEX:		MOVE(index); break;
	case FK_FIELDS:		MOVE(fields); MOVE(nfields); MOVE(capfields);
				break;
	case FK_MINITEMS:	MOVE(min_items); break;
	case FK_MAXITEMS:	MOVE(max_items); break;
	case FK_COUNT:		MOVE(count); break;
	case FK_CALCULATE:	MOVE(calculate); break;
	case FK_DEFAULT:	MOVE(default_value); MOVE(default_expr); break;
	case FK_REQUIRED:	MOVE(required); MOVE(required_if); break;
	case FK_CONSTRAINT:	MOVE(constraint); break;
	case FK_CMESSAGE:	MOVE(constraint_message); break;
	case FK_READONLY:	MOVE(read_only); break;
	case FK_DOCTYPE:	MOVE(doc_type); break;
	case FK_PATTERNS:	MOVE(patterns); MOVE(npatterns); break;
	case FK_RENAMED:	MOVE(renamed_from); MOVE(nrenamed); break;
	case FK_REGISTER:	MOVE(register_field); break;
	case FK_RELATION:	MOVE(relation_field); break;
	case FK_INHERIT:	MOVE(inherit); MOVE(ninherit); break;
	}
	field_free(&gone);
}
#undef MOVE

/* Checks that need the whole field: keywords that fit its type, ranges. */
static void
check_field(struct ylctx *c, struct field_ctx *fc, int in_repeat)
{
	struct field	*f = fc->f;
	const char	*id = f->id != NULL ? f->id : "?";
	size_t		 i;

	if (fc->kw[FK_TYPE] == NULL)
		return;
	for (i = 0; i < nitems(field_kw_types); i++) {
		if (fc->kw[field_kw_types[i].kw] == NULL ||
		    (field_kw_types[i].types & (1u << f->type)))
			continue;
		yl_err(c, fc->kw[field_kw_types[i].kw],
		    _("\"%s\" does not apply to fields of type %s"),
		    field_kw_types[i].name, ftype_name(f->type));
		drop_kw(f, field_kw_types[i].kw);
		fc->kw[field_kw_types[i].kw] = NULL;
	}
	switch (f->type) {
	case FT_SELECT_ONE:
	case FT_SELECT_MANY:
		if (fc->kw[FK_CHOICES] == NULL)
			yl_err(c, fc->node, _("%s field \"%s\" has no \"choices\""),
			    ftype_name(f->type), id);
		break;
	case FT_CALCULATE:
		if (fc->kw[FK_CALCULATE] == NULL)
			yl_err(c, fc->node, _("calculate field \"%s\" has no \"calculate\""),
			    id);
		break;
	case FT_REPEAT:
		if (in_repeat)
			yl_err(c, fc->kw[FK_TYPE],
			    _("repeat groups cannot be nested"));
		if (fc->kw[FK_FIELDS] == NULL)
			yl_err(c, fc->node, _("repeat group \"%s\" has no \"fields\""),
			    id);
		if ((fc->kw[FK_REGISTER] == NULL) !=
		    (fc->kw[FK_RELATION] == NULL))
			yl_err(c, fc->kw[FK_REGISTER] != NULL ?
			    fc->kw[FK_REGISTER] : fc->kw[FK_RELATION],
			    _("repeat group \"%s\" needs both register and relation to register its members as cases"),
			    id);
		if (fc->kw[FK_INHERIT] != NULL && fc->kw[FK_REGISTER] == NULL)
			yl_err(c, fc->kw[FK_INHERIT],
			    _("inherit applies only to a repeat group with register"));
		/* A count decides alone, up to what a record holds. */
		if (f->max_items == 0)
			f->max_items = fc->kw[FK_COUNT] != NULL ?
			    RECORD_MAX_ITEMS : 50;
		if (f->min_items > f->max_items)
			yl_err(c, fc->kw[FK_MINITEMS],
			    _("min_items (%zu) is greater than max_items (%zu)"),
			    f->min_items, f->max_items);
		if (fc->kw[FK_COUNT] != NULL && (fc->kw[FK_MINITEMS] != NULL ||
		    fc->kw[FK_MAXITEMS] != NULL))
			yl_err(c, fc->kw[FK_COUNT],
			    _("count sets the number of entries: min_items and max_items do not go with it"));
		break;
	case FT_DOCUMENT:
		if ((fc->kw[FK_PATTERNS] != NULL) !=
		    (fc->kw[FK_DOCTYPE] != NULL))
			yl_err(c, fc->node,
			    _("document field \"%s\": document_type and patterns go together: give both, or neither"),
			    id);
		break;
	default:
		break;
	}
	if (f->has_min && f->has_max && f->min > f->max)
		yl_err(c, fc->kw[FK_MIN], _("min (%g) is greater than max (%g)"),
		    f->min, f->max);
	if (f->type == FT_INTEGER && f->has_min && f->min != (long long)f->min)
		yl_err(c, fc->kw[FK_MIN], _("%s of an integer field must be a whole number, not %g"),
		    "min", f->min);
	if (f->type == FT_INTEGER && f->has_max && f->max != (long long)f->max)
		yl_err(c, fc->kw[FK_MAX], _("%s of an integer field must be a whole number, not %g"),
		    "max", f->max);
	if (fc->kw[FK_INDEX] != NULL && f->index != FI_NONE &&
	    (f->index == FI_MONTH) != (f->type == FT_DATE)) {
		yl_err(c, fc->kw[FK_INDEX], f->type == FT_DATE ?
		    _("a date field is indexed by month (index: month)") :
		    _("index: month is for date fields"));
		f->index = FI_NONE;
	}
	if (fc->kw[FK_CMESSAGE] != NULL && fc->kw[FK_CONSTRAINT] == NULL)
		yl_err(c, fc->kw[FK_CMESSAGE],
		    _("constraint_message without a constraint"));
	if (f->type == FT_TEXT && f->max_length == 0)
		f->max_length = 200;
	if (f->type == FT_MULTILINE && f->max_length == 0)
		f->max_length = 2000;
	if ((f->type == FT_PHONE || f->type == FT_EMAIL ||
	    f->type == FT_DOCUMENT) && f->max_length == 0)
		f->max_length = f->type == FT_EMAIL ? 120 : 40;
}

static void
parse_fields(struct ylctx *c, yaml_node_t *n, struct field **v, size_t *nv,
    size_t *cap, int in_repeat)
{
	struct field_ctx	 fc;
	struct yl_seen		 seen = { 0 };
	yaml_node_item_t	*it;
	yaml_node_t		*e;
	size_t			 i, first;

	if (n->type != YAML_SEQUENCE_NODE) {
		yl_err(c, n, _("fields must be a list, not %s"), yl_kind(n));
		return;
	}
	if (n->data.sequence.items.start == n->data.sequence.items.top)
		yl_err(c, n, _("fields must list at least one field"));
	for (i = 0; i < *nv; i++)
		yl_seen_add(&seen, (*v)[i].id, i, &first);
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		if ((e = yl_node(c, *it)) == NULL)
			break;
		XGROW(*v, *nv, *cap);
		memset(&fc, 0, sizeof fc);
		fc.f = &(*v)[*nv];
		memset(fc.f, 0, sizeof *fc.f);
		fc.node = e;
		fc.f->line = (int)e->start_mark.line + 1;
		fc.f->col = (int)e->start_mark.column + 1;
		yl_walk(c, e, field_kw, nitems(field_kw), &fc, N_("a field"));
		if (fc.f->id == NULL) {
			field_free(fc.f);
			continue;
		}
		check_field(c, &fc, in_repeat);
		if (yl_seen_add(&seen, fc.f->id, *nv, &first)) {
			yl_err(c, e, _("duplicate field id \"%s\" (first at line %d)"),
			    fc.f->id, (*v)[first].line);
			field_free(fc.f);
			continue;
		}
		(*nv)++;
	}
	yl_seen_free(&seen);
}

/* Sections and forms. */

static void
kw_section_id(struct ylctx *c, yaml_node_t *n, void *obj)
{
	((struct section *)obj)->id = yl_id(c, n, N_("the section id"));
}

static void
kw_section_label(struct ylctx *c, yaml_node_t *n, void *obj)
{
	yl_i18n(c, n, &((struct section *)obj)->label, N_("the label"));
}

static void
kw_section_relevant(struct ylctx *c, yaml_node_t *n, void *obj)
{
	fexpr_parse(c, n, &((struct section *)obj)->relevant, "relevant");
}

static void
kw_section_fields(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct section	*s = obj;

	parse_fields(c, n, &s->fields, &s->nfields, &s->cap, 0);
}

static void
kw_section_confidential(struct ylctx *c, yaml_node_t *n, void *obj)
{
	((struct section *)obj)->confidential = yl_id(c, n,
	    N_("the confidentiality class"));
}

static const struct ykw section_kw[] = {
	{ "id", kw_section_id, 1 },
	{ "label", kw_section_label, 1 },
	{ "relevant", kw_section_relevant, 0 },
	{ "confidential", kw_section_confidential, 0 },
	{ "fields", kw_section_fields, 1 },
};

static void
kw_form_id(struct ylctx *c, yaml_node_t *n, void *obj)
{
	((struct form *)obj)->id = yl_id(c, n, N_("the form id"));
}

static void
kw_form_version(struct ylctx *c, yaml_node_t *n, void *obj)
{
	long long	v;

	if (yl_ll(c, n, "version", 1, 1000000, &v) == 0)
		((struct form *)obj)->version = (uint32_t)v;
}

static void
kw_form_title(struct ylctx *c, yaml_node_t *n, void *obj)
{
	yl_i18n(c, n, &((struct form *)obj)->title, N_("the title"));
}

static void
kw_form_summary(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct form		*f = obj;
	yaml_node_item_t	*it;
	yaml_node_t		*e;
	char			*id;

	if (n->type != YAML_SEQUENCE_NODE) {
		yl_err(c, n, _("summary must be a list of field ids"));
		return;
	}
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		if ((e = yl_node(c, *it)) == NULL)
			return;
		if ((id = yl_id(c, e, N_("a summary field"))) == NULL)
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
kw_form_lists(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct form		*f = obj;
	struct choice_list	*l;
	struct yl_seen		 seen = { 0 };
	yaml_node_item_t	*it;
	yaml_node_t		*e;
	size_t			 i, first;

	if (n->type != YAML_SEQUENCE_NODE) {
		yl_err(c, n, _("lists must be a list of choice lists"));
		return;
	}
	for (i = 0; i < f->nlists; i++)
		yl_seen_add(&seen, f->lists[i]->id, i, &first);
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		if ((e = yl_node(c, *it)) == NULL)
			break;
		if ((l = load_list(c, e)) == NULL)
			continue;
		if (yl_seen_add(&seen, l->id, f->nlists, &first)) {
			yl_err(c, e, _("duplicate choice list \"%s\" (first at line %d)"),
			    l->id, f->lists[first]->line);
			choice_list_free(l);
			continue;
		}
		XGROW(f->lists, f->nlists, f->caplists);
		f->lists[f->nlists++] = l;
	}
	yl_seen_free(&seen);
}

static void
kw_form_sections(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct form		*f = obj;
	struct section		*s;
	struct yl_seen		 seen = { 0 };
	yaml_node_item_t	*it;
	yaml_node_t		*e;
	size_t			 i, first;

	if (n->type != YAML_SEQUENCE_NODE) {
		yl_err(c, n, _("sections must be a list, not %s"), yl_kind(n));
		return;
	}
	if (n->data.sequence.items.start == n->data.sequence.items.top)
		yl_err(c, n, _("a form needs at least one section"));
	for (i = 0; i < f->nsections; i++)
		yl_seen_add(&seen, f->sections[i].id, i, &first);
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		if ((e = yl_node(c, *it)) == NULL)
			break;
		XGROW(f->sections, f->nsections, f->cap);
		s = &f->sections[f->nsections];
		memset(s, 0, sizeof *s);
		s->line = (int)e->start_mark.line + 1;
		s->col = (int)e->start_mark.column + 1;
		yl_walk(c, e, section_kw, nitems(section_kw), s,
		    N_("a section"));
		if (s->id != NULL &&
		    yl_seen_add(&seen, s->id, f->nsections, &first))
			yl_err(c, e, _("duplicate section id \"%s\""), s->id);
		else if (s->id != NULL) {
			f->nsections++;
			continue;
		}
		section_free(s);
	}
	yl_seen_free(&seen);
}

static void
kw_form_removed(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct form		*f = obj;
	yaml_node_item_t	*it;
	yaml_node_t		*e;
	const char		*s, *dot;
	char			*head;
	int			 ok;

	if (n->type != YAML_SEQUENCE_NODE) {
		yl_err(c, n, _("removed must be a list of field ids, not %s"),
		    yl_kind(n));
		return;
	}
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		if ((e = yl_node(c, *it)) == NULL ||
		    (s = yl_scalar(c, e, N_("a removed field"))) == NULL)
			continue;
		/* "id", or "group.id" for a field of a repeat group. */
		if ((dot = strchr(s, '.')) != NULL) {
			head = xstrndup(s, (size_t)(dot - s));
			ok = id_valid(head) && id_valid(dot + 1);
			free(head);
		} else
			ok = id_valid(s);
		if (!ok) {
			yl_err(c, e, _("removed: \"%s\" is not a field id, nor GROUP.ID for a field of a repeat group"),
			    s);
			continue;
		}
		f->removed = xreallocarray(f->removed, f->nremoved + 1,
		    sizeof *f->removed);
		f->removed[f->nremoved++] = xstrdup(s);
	}
}

/*
 * The form's fields by the names removed gives them: "id" at the top,
 * "group.id" in a repeat group (the first of an id used twice). An index,
 * so that a long removed list is checked against many fields at once.
 */
struct removed_ix {
	struct yl_seen		  seen;
	const struct field	**fields;
	char			**keys;		/* the "group.id" names */
	size_t			  n, nkeys;
};

static void
removed_ix_add(struct removed_ix *ix, const char *name,
    const struct field *fld)
{
	size_t	first;

	if (!yl_seen_add(&ix->seen, name, ix->n, &first))
		ix->fields[ix->n++] = fld;
}

static void
removed_ix_build(struct removed_ix *ix, const struct form *f)
{
	const struct field	*fld;
	size_t			 i, j, k, n = 0;

	memset(ix, 0, sizeof *ix);
	for (i = 0; i < f->nsections; i++) {
		for (j = 0; j < f->sections[i].nfields; j++)
			n += 1 + f->sections[i].fields[j].nfields;
	}
	ix->fields = xcalloc(n, sizeof *ix->fields);
	ix->keys = xcalloc(n, sizeof *ix->keys);
	for (i = 0; i < f->nsections; i++) {
		for (j = 0; j < f->sections[i].nfields; j++) {
			fld = &f->sections[i].fields[j];
			removed_ix_add(ix, fld->id, fld);
			for (k = 0; k < fld->nfields && fld->type == FT_REPEAT;
			    k++) {
				ix->keys[ix->nkeys] = xsprintf("%s.%s", fld->id,
				    fld->fields[k].id);
				removed_ix_add(ix, ix->keys[ix->nkeys++],
				    &fld->fields[k]);
			}
		}
	}
}

static void
removed_field(struct ylctx *c, yaml_node_t *n, const char *id, void *arg)
{
	const struct removed_ix	*ix = arg;
	size_t			 i;

	if (yl_seen_find(&ix->seen, id, &i))
		yl_err(c, n, _("\"%s\" is listed in removed but is still a field (line %d): take it off the list, or remove the field"),
		    id, ix->fields[i]->line);
}

/* What removed names must be gone: checked once the whole form is read. */
static void
check_removed(struct ylctx *c, yaml_node_t *root, struct form *f)
{
	yaml_node_t		*n = yl_get(c->doc, root, "removed"), *e;
	yaml_node_item_t	*it;
	struct removed_ix	 ix;

	if (n == NULL || n->type != YAML_SEQUENCE_NODE)
		return;
	removed_ix_build(&ix, f);
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		if ((e = yl_node(c, *it)) != NULL &&
		    e->type == YAML_SCALAR_NODE)
			removed_field(c, e, (const char *)e->data.scalar.value,
			    &ix);
	}
	yl_seen_free(&ix.seen);
	strv_free(ix.keys, ix.nkeys);
	free(ix.fields);
}

static void
kw_form_confidential(struct ylctx *c, yaml_node_t *n, void *obj)
{
	((struct form *)obj)->confidential = yl_id(c, n,
	    N_("the confidentiality class"));
}

static void
kw_form_consent(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct form	*f = obj;

	f->consent = yl_id(c, n, N_("the consent purpose"));
	f->consent_line = (int)n->start_mark.line + 1;
	f->consent_col = (int)n->start_mark.column + 1;
}

static void
kw_form_records_consent(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct form	*f = obj;

	yl_bool(c, n, "records_consent", &f->records_consent);
	f->records_line = (int)n->start_mark.line + 1;
	f->records_col = (int)n->start_mark.column + 1;
}

static const struct ykw form_kw[] = {
	{ "form", kw_form_id, 1 },
	{ "version", kw_form_version, 1 },
	{ "title", kw_form_title, 1 },
	{ "confidential", kw_form_confidential, 0 },
	{ "consent", kw_form_consent, 0 },
	{ "records_consent", kw_form_records_consent, 0 },
	{ "summary", kw_form_summary, 0 },
	{ "lists", kw_form_lists, 0 },
	{ "sections", kw_form_sections, 1 },
	{ "removed", kw_form_removed, 0 },
};

/*
 * Linking: once every file is read, the names a form uses are resolved and
 * its expressions checked.
 */

struct link {
	struct diags		*d;
	const char		*file;		/* where problems are */
	struct form		*f;
	const struct formset	*fs;
	int			 errors;
	int			 linked;	/* the types of f are known */
	/* Every field by address: its place there is its number. */
	const struct field	**all;
	size_t			  nall;
	/* The top-level fields by id (link_index), for lookup. */
	const struct field	**top;
	struct yl_seen		  top_ids;
	/* Calculations: their state by number, those being worked out. */
	unsigned char		 *calc_state;	/* 1 working, 2 done */
	const struct field	**calc;
	size_t			  ncalc;
	/* Calculations found in a cycle: what uses them is not judged. */
	const struct field	**cycle;
	size_t			  ncycle;
};

static void AMP_PRINTF(4, 5)
link_err(struct link *lk, int line, int col, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	msg = xvsprintf(fmt, ap);
	va_end(ap);
	diags_add(lk->d, lk->file, line, col, "%s", msg);
	free(msg);
	lk->errors++;
}

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

/* A field's choices name no list: say so, with the closest list there is. */
static void
unknown_list(struct link *lk, const struct field *f)
{
	struct yl_guess	g;
	char		hint[YL_HINT_MAX];
	size_t		i;

	yl_guess_init(&g, f->list_id);
	for (i = 0; i < lk->f->nlists; i++)
		yl_guess_try(&g, lk->f->lists[i]->id);
	for (i = 0; i < lk->fs->nlists; i++)
		yl_guess_try(&g, lk->fs->lists[i]->id);
	link_err(lk, f->line, f->col,
	    _("field \"%s\" uses the unknown choice list \"%s\"%s: define it under lists: in the form or in lists/%s.yaml"),
	    f->id, f->list_id, yl_guess_hint(&g, hint, sizeof hint),
	    f->list_id);
}

/* What a value of each expression type is called in messages. */
static const char *
vtype_name(enum vtype t)
{
	switch (t) {
	case VT_BOOL:
		return (_("a condition (true or false)"));
	case VT_NUM:
		return (_("a number"));
	case VT_STR:
		return (_("text"));
	case VT_DATE:
		return (_("a date"));
	case VT_GROUP:
		return (_("a repeat group"));
	default:
		return (_("nothing"));
	}
}

/* The field named id seen from a repeat group (siblings first) or the top. */
static const struct field *
lookup(const struct link *lk, const struct field *group, const char *id)
{
	const struct field	*fld;
	size_t			 i;

	if (group != NULL && (fld = field_child(group, id)) != NULL)
		return (fld);
	if (lk->top == NULL)
		return (form_field(lk->f, id));
	return (yl_seen_find(&lk->top_ids, id, &i) ? lk->top[i] : NULL);
}

static int
cmp_addr(const void *a, const void *b)
{
	uintptr_t	x = (uintptr_t)*(const struct field *const *)a;
	uintptr_t	y = (uintptr_t)*(const struct field *const *)b;

	return (x < y ? -1 : x > y);
}

/* A field's number: its place among all the form's fields by address. */
static size_t
field_no(const struct link *lk, const struct field *fld)
{
	const struct field	**p;

	p = bsearch(&fld, lk->all, lk->nall, sizeof *lk->all, cmp_addr);
	if (p == NULL)
		fatalx("field \"%s\" is not in its form", fld->id);
	return ((size_t)(p - lk->all));
}

/*
 * Number the form's fields and index the top-level ones by id (once the
 * form is read), so that resolving a name or marking a field takes the
 * same time in a form of 100,000 fields as in one of ten. The index is
 * where top-level ids used twice are found.
 */
static void
link_index(struct link *lk)
{
	const struct form	*f = lk->f;
	struct field		*fld;
	size_t			 i, j, k, ntop = 0, first;

	for (i = 0; i < f->nsections; i++) {
		for (j = 0; j < f->sections[i].nfields; j++)
			lk->nall += 1 + f->sections[i].fields[j].nfields;
		ntop += f->sections[i].nfields;
	}
	lk->all = xcalloc(lk->nall, sizeof *lk->all);
	lk->top = xcalloc(ntop, sizeof *lk->top);
	lk->calc_state = xcalloc(lk->nall, sizeof *lk->calc_state);
	lk->nall = ntop = 0;
	for (i = 0; i < f->nsections; i++) {
		for (j = 0; j < f->sections[i].nfields; j++) {
			fld = &f->sections[i].fields[j];
			lk->all[lk->nall++] = fld;
			for (k = 0; k < fld->nfields; k++)
				lk->all[lk->nall++] = &fld->fields[k];
			if (yl_seen_add(&lk->top_ids, fld->id, ntop, &first))
				link_err(lk, fld->line, fld->col,
				    _("duplicate field id \"%s\" (first at line %d)"),
				    fld->id, lk->top[first]->line);
			lk->top[ntop++] = fld;
		}
	}
	qsort(lk->all, lk->nall, sizeof *lk->all, cmp_addr);
}

struct scope_arg {
	struct link		*lk;
	const struct field	*group;
};

static void calc_type(struct link *, const struct field *);

static const void *
scope_resolve(void *arg, const char *id, enum vtype *type)
{
	struct scope_arg	*sa = arg;
	const struct field	*fld;

	if ((fld = lookup(sa->lk, sa->group, id)) == NULL)
		return (NULL);
	if (fld->type == FT_CALCULATE && !sa->lk->linked)
		calc_type(sa->lk, fld);
	*type = fld->vtype;	/* a note's: none, which the checker reports */
	return (fld);
}

struct cycle_arg {
	const struct link	*lk;
	int			 found;
};

static void
cycle_ref(void *arg, const void *ref)
{
	struct cycle_arg	*ca = arg;
	size_t			 i;

	for (i = 0; i < ca->lk->ncycle; i++)
		ca->found |= ca->lk->cycle[i] == ref;
}

/*
 * Whether an expression uses a calculation caught in a cycle (reported
 * once, as such): its type is unknown, so its mistakes would be false ones.
 */
static int
uses_cycle(const struct link *lk, const struct fexpr *x)
{
	struct cycle_arg	ca;

	if (lk->ncycle == 0)
		return (0);
	ca.lk = lk;
	ca.found = 0;
	expr_refs(x->e, cycle_ref, &ca);
	return (ca.found);
}

/*
 * Check an expression of the form: its references, and that it gives want
 * (VT_EMPTY: anything but a group). Returns its type, VT_EMPTY if broken.
 */
static enum vtype
check_fexpr(struct link *lk, struct fexpr *x, const struct field *group,
    enum vtype self, int attrs, enum vtype want, const char *what)
{
	struct expr_scope	scope;
	struct scope_arg	sa;
	struct expr_err		err;
	enum vtype		got;

	if (x->e == NULL)
		return (VT_EMPTY);
	sa.lk = lk;
	sa.group = group;
	memset(&scope, 0, sizeof scope);
	scope.resolve = scope_resolve;
	scope.arg = &sa;
	scope.self = self;
	scope.choice_attrs = attrs;
	if (expr_check(x->e, &scope, &got, &err) != 0) {
		if (!uses_cycle(lk, x))
			link_err(lk, x->line, x->oneline ? x->col +
			    (int)utf8_chars(expr_text(x->e), err.offset) :
			    x->col, "%s: %s", what, err.msg);
		return (VT_EMPTY);
	}
	if ((want != VT_EMPTY && got != want) || got == VT_GROUP) {
		if (uses_cycle(lk, x))
			return (VT_EMPTY);
		link_err(lk, x->line, x->col, _("%s must give %s, not %s"),
		    what, vtype_name(want != VT_EMPTY ? want : VT_STR),
		    vtype_name(got));
		return (VT_EMPTY);
	}
	return (got);
}

/*
 * Calculation i is being worked out and is needed again: the calculations
 * worked out since (those not done) lead back to it. Say which, once.
 */
static void
calc_cycle(struct link *lk, size_t i)
{
	const struct field	*fld = lk->calc[i];
	struct buf		 path = { 0 };
	size_t			 j;

	for (j = i; j < lk->ncalc; j++) {
		buf_add(&path, lk->calc[j]->id, strlen(lk->calc[j]->id));
		buf_add(&path, " -> ", 4);
		lk->cycle = xreallocarray(lk->cycle, lk->ncycle + 1,
		    sizeof *lk->cycle);
		lk->cycle[lk->ncycle++] = lk->calc[j];
	}
	buf_add(&path, fld->id, strlen(fld->id));
	buf_add_u8(&path, 0);
	link_err(lk, fld->line, fld->col,
	    _("these calculations depend on each other, so none can be worked out: %s"),
	    (const char *)path.p);
	buf_free(&path);
}

/*
 * The type of a calculation, worked out (once) the first time it is needed;
 * lk->calc holds those being worked out, each needing the next. A chain of
 * more than CALC_DEPTH_MAX is refused: each link costs C stack.
 */
static void
calc_type(struct link *lk, const struct field *fld)
{
	struct field	*f = (struct field *)(uintptr_t)fld;
	size_t		 no = field_no(lk, fld), i;

	if (lk->calc_state[no] == 1) {
		for (i = 0; lk->calc[i] != fld; i++)
			;
		calc_cycle(lk, i);
	}
	if (lk->calc_state[no] != 0)
		return;
	lk->calc_state[no] = 1;
	if (lk->ncalc == CALC_DEPTH_MAX) {
		link_err(lk, f->line, f->col,
		    _("the calculation of \"%s\" needs a chain of more than %d other calculations"),
		    f->id, CALC_DEPTH_MAX);
		f->vtype = VT_STR;
		lk->calc_state[no] = 2;
		return;
	}
	lk->calc = xreallocarray(lk->calc, lk->ncalc + 1, sizeof *lk->calc);
	lk->calc[lk->ncalc++] = fld;
	f->vtype = check_fexpr(lk, &f->calculate, f->group, VT_EMPTY, 0,
	    VT_EMPTY, "calculate");
	if (f->vtype == VT_BOOL || f->vtype == VT_EMPTY)
		f->vtype = f->vtype == VT_BOOL ? VT_BOOL : VT_STR;
	lk->ncalc--;
	lk->calc_state[no] = 2;
}

/* Whether an expression without references is false (or empty) always. */
static void
count_ref(void *arg, const void *ref)
{
	(void)ref;
	(*(size_t *)arg)++;
}

static int
always_false(const struct fexpr *x)
{
	struct expr_env	env;
	size_t		n = 0;

	if (x->e == NULL)
		return (0);
	expr_refs(x->e, count_ref, &n);
	if (n > 0)
		return (0);
	memset(&env, 0, sizeof env);
	env.today = date_today_days();
	return (!expr_true(x->e, &env));
}

/* Whether some choice of a list has an attribute; if none has, a guess. */
static int
list_has_attr(const struct choice_list *l, const char *name,
    struct yl_guess *g)
{
	size_t	i, j;

	yl_guess_init(g, name);
	for (i = 0; i < l->n; i++) {
		for (j = 0; j < l->v[i].nattrs; j++) {
			if (strcmp(l->v[i].attrs[j].name, name) == 0)
				return (1);
			yl_guess_try(g, l->v[i].attrs[j].name);
		}
	}
	return (0);
}

/*
 * The bare names of a choice_filter are attributes of the choices: each
 * must be one that some choice of the field's list has, or the filter
 * would always see it empty. (A checked expression's nodes are read here
 * as expr_refs reads them.)
 */
static void
check_filter_attrs(struct link *lk, const struct field *f)
{
	const struct fexpr	*x = &f->choice_filter;
	const struct expr_node	*n;
	struct yl_guess		 g;
	char			 hint[YL_HINT_MAX];
	int			 i;

	if (f->list == NULL)
		return;
	for (i = 0; i < x->e->nnodes; i++) {
		n = &x->e->nodes[i];
		if (n->kind != EK_ATTR || list_has_attr(f->list, n->s, &g))
			continue;
		link_err(lk, x->line, x->oneline ? x->col +
		    (int)utf8_chars(expr_text(x->e), n->off) : x->col,
		    _("choice_filter: no choice of list \"%s\" has the attribute \"%s\"; a bare name in a filter is an attribute of the choices%s"),
		    f->list->id, n->s, yl_guess_hint(&g, hint, sizeof hint));
	}
}

/*
 * A default expression that names no field gives the same kind of value
 * every time: it must be one the field takes (a default of 1.5 on a whole
 * number would make every new record fail).
 */
static void
check_default_constant(struct link *lk, const struct field *f)
{
	struct expr_env	 env;
	struct value	 v;
	size_t		 nrefs = 0;
	char		*s, *norm = NULL, *why = NULL;

	expr_refs(f->default_expr.e, count_ref, &nrefs);
	if (nrefs > 0)
		return;
	memset(&env, 0, sizeof env);
	env.today = date_today_days();
	if (expr_eval(f->default_expr.e, &env, &v) != 0 ||
	    (s = expr_format(&v)) == NULL)
		return;
	if (field_normalize(f, s, &norm, &why) != 0)
		link_err(lk, f->default_expr.line, f->default_expr.col,
		    _("default of \"%s\" gives \"%s\": %s"), f->id, s, why);
	else if (f->list != NULL &&
	    choice_retired_in(f->list, norm, NULL) != NULL)
		link_err(lk, f->default_expr.line, f->default_expr.col,
		    _("default of \"%s\": \"%s\" is a retired choice, kept for old records only"),
		    f->id, choice_retired_in(f->list, norm, NULL));
	free(s);
	free(norm);
	free(why);
}

/*
 * A count that is just a field must be a field of whole numbers: a decimal
 * one would drop its fraction without a word. (Read from the checked tree
 * as check_filter_attrs does.)
 */
static void
check_count_field(struct link *lk, const struct fexpr *x)
{
	const struct expr_node	*n = &x->e->nodes[x->e->root];
	const struct field	*fld = n->ref;

	if (n->kind == EK_REF && fld != NULL && fld->type == FT_DECIMAL)
		link_err(lk, x->line, x->col,
		    _("count: ${%s} is a decimal field, but a count of entries is a whole number: use an integer field, or int(${%s})"),
		    fld->id, fld->id);
}

/* A document's type field: a select_one whose choices key the patterns. */
static void
link_doc_type(struct link *lk, struct field *f)
{
	const struct field	*dt;
	const char		*type;
	size_t			 i;

	dt = lookup(lk, f->group, f->doc_type);
	if (dt == NULL || dt->type != FT_SELECT_ONE) {
		link_err(lk, f->line, f->col,
		    _("document_type of \"%s\" must name a select_one field, not \"%s\""),
		    f->id, f->doc_type);
		return;
	}
	f->doc_type_field = dt;
	for (i = 0; i < f->npatterns && dt->list != NULL; i++) {
		type = f->patterns[i].type;
		if (choice_find(dt->list, type) == NULL)
			link_err(lk, f->line, f->col,
			    _("patterns of \"%s\": \"%s\" is not a choice of %s"),
			    f->id, type, dt->id);
	}
}

/* Links of one field: lists, document types, expressions, defaults, renames. */
static void
link_field(struct link *lk, struct field *f)
{
	enum vtype		 self = ftype_table[f->type].vtype;
	char			*norm, *why;
	size_t			 i;

	if (f->list_id != NULL && (f->list = find_list(lk->f, lk->fs,
	    f->list_id)) == NULL)
		unknown_list(lk, f);
	if (f->doc_type != NULL)
		link_doc_type(lk, f);
	if (f->type == FT_CALCULATE)
		calc_type(lk, f);
	check_fexpr(lk, &f->relevant, f->group, VT_EMPTY, 0, VT_BOOL,
	    "relevant");
	check_fexpr(lk, &f->required_if, f->group, VT_EMPTY, 0, VT_BOOL,
	    "required");
	check_fexpr(lk, &f->constraint, f->group, self, 0, VT_BOOL,
	    "constraint");
	if (check_fexpr(lk, &f->choice_filter, f->group, VT_EMPTY, 1, VT_BOOL,
	    "choice_filter") != VT_EMPTY)
		check_filter_attrs(lk, f);
	if (check_fexpr(lk, &f->count, NULL, VT_EMPTY, 0, VT_NUM, "count") !=
	    VT_EMPTY)
		check_count_field(lk, &f->count);
	if (f->default_expr.e != NULL &&
	    check_fexpr(lk, &f->default_expr, f->group, VT_EMPTY, 0, self,
	    "default") != VT_EMPTY)
		check_default_constant(lk, f);
	if (f->default_value != NULL && f->type != FT_SELECT_ONE &&
	    f->type != FT_SELECT_MANY) {
		if (field_normalize(f, f->default_value, &norm, &why) != 0)
			link_err(lk, f->line, f->col, _("default of \"%s\": %s"),
			    f->id, why);
		free(norm);
		free(why);
	} else if (f->default_value != NULL && f->list != NULL) {
		if (field_normalize(f, f->default_value, &norm, &why) != 0)
			link_err(lk, f->line, f->col, _("default of \"%s\": %s"),
			    f->id, why);
		else if (choice_retired_in(f->list, norm, NULL) != NULL)
			link_err(lk, f->line, f->col,
			    _("default of \"%s\": \"%s\" is a retired choice, kept for old records only"),
			    f->id, choice_retired_in(f->list, norm, NULL));
		free(norm);
		free(why);
	}
	if (f->confidential != NULL && f->index != FI_NONE)
		link_err(lk, f->line, f->col,
		    _("\"%s\" has the confidentiality class %s: its answers are sealed, and a search index would give them away: drop index or the class"),
		    f->id, f->confidential);
	for (i = 0; i < f->nrenamed; i++) {
		if (lookup(lk, f->group, f->renamed_from[i]) != NULL)
			link_err(lk, f->line, f->col,
			    _("\"%s\" is renamed from \"%s\", which is still a field: renamed_from lists ids no field has any more"),
			    f->id, f->renamed_from[i]);
	}
}

/* A field's class: its own, else the one of what encloses it. */
static void
inherit_class(struct field *fld, const char *outer)
{
	if (fld->confidential == NULL && outer != NULL)
		fld->confidential = xstrdup(outer);
}

/*
 * Set what fields know of where they are, their expression types, and
 * their confidentiality classes (inherited from the repeat group, the
 * section, the form).
 */
static void
link_places(struct form *f)
{
	struct section	*s;
	struct field	*fld;
	size_t		 i, j, k;

	for (i = 0; i < f->nsections; i++) {
		s = &f->sections[i];
		for (j = 0; j < s->nfields; j++) {
			fld = &s->fields[j];
			fld->section = s;
			fld->group = NULL;
			fld->vtype = ftype_table[fld->type].vtype;
			inherit_class(fld, s->confidential != NULL ?
			    s->confidential : f->confidential);
			for (k = 0; k < fld->nfields; k++) {
				fld->fields[k].section = s;
				fld->fields[k].group = fld;
				fld->fields[k].vtype =
				    ftype_table[fld->fields[k].type].vtype;
				inherit_class(&fld->fields[k],
				    fld->confidential);
			}
		}
	}
}

/*
 * The dependency graph of calculations, relevance, conditions and defaults,
 * searched depth first with a stack of its own: a chain of thousands of
 * fields does not run out of C stack. Fields are marked by number.
 */
struct dep_walk {
	struct link		 *lk;
	unsigned char		 *state;	/* 1 on the path, 2 done */
	const struct field	**path;
	size_t			 *next;		/* its next edge, in edges */
	size_t			 *start;	/* its first edge */
	size_t			  n, cap;
	const struct field	**edges;	/* of the fields on the path */
	size_t			  nedges, capedges;
	int			  found;
};

static void
dep_edge(void *arg, const void *ref)
{
	struct dep_walk	*w = arg;

	XGROW(w->edges, w->nedges, w->capedges);
	w->edges[w->nedges++] = ref;
}

/* Put f on the path, with the fields its expressions read as its edges. */
static void
dep_push(struct dep_walk *w, const struct field *f)
{
	const struct fexpr	*x[] = {
		&f->calculate, &f->relevant, &f->required_if, &f->default_expr,
		&f->count, &f->choice_filter,
		f->section != NULL ? &f->section->relevant : NULL,
		f->group != NULL ? &f->group->relevant : NULL,
	};
	size_t			 i;

	if (w->n == w->cap) {
		w->cap = w->cap != 0 ? 2 * w->cap : 16;
		w->path = xreallocarray(w->path, w->cap, sizeof *w->path);
		w->next = xreallocarray(w->next, w->cap, sizeof *w->next);
		w->start = xreallocarray(w->start, w->cap, sizeof *w->start);
	}
	w->state[field_no(w->lk, f)] = 1;
	w->path[w->n] = f;
	w->start[w->n] = w->next[w->n] = w->nedges;
	w->n++;
	for (i = 0; i < nitems(x); i++) {
		if (x[i] != NULL && x[i]->e != NULL)
			expr_refs(x[i]->e, dep_edge, w);
	}
}

/* Reach g from the path, which leads back to it: say how, once. */
static void
dep_cycle(struct dep_walk *w, const struct field *g)
{
	struct buf	path = { 0 };
	size_t		i, j;

	for (i = 0; w->path[i] != g; i++)
		;
	for (j = i; j < w->n; j++) {
		buf_add(&path, w->path[j]->id, strlen(w->path[j]->id));
		buf_add(&path, " -> ", 4);
	}
	buf_add(&path, g->id, strlen(g->id));
	buf_add_u8(&path, 0);
	link_err(w->lk, w->path[i]->line, w->path[i]->col,
	    _("these fields depend on each other (calculations, relevance, conditions, defaults): %s"),
	    (const char *)path.p);
	buf_free(&path);
	w->found = 1;
}

/* Everything f depends on, until a cycle is found. */
static void
dep_visit(struct dep_walk *w, const struct field *f)
{
	const struct field	*g;
	size_t			 top;

	if (w->found || w->state[field_no(w->lk, f)] != 0)
		return;
	dep_push(w, f);
	while (w->n > 0 && !w->found) {
		top = w->n - 1;
		if (w->next[top] == w->nedges) {
			w->state[field_no(w->lk, w->path[top])] = 2;
			w->nedges = w->start[top];
			w->n--;
			continue;
		}
		g = w->edges[w->next[top]++];
		switch (w->state[field_no(w->lk, g)]) {
		case 0:
			dep_push(w, g);
			break;
		case 1:
			dep_cycle(w, g);
			break;
		default:
			break;
		}
	}
	w->n = w->nedges = 0;
}

/* Report one cycle among the form's dependencies, if there is any. */
static void
link_cycles(struct link *lk)
{
	struct dep_walk	 w;
	struct field	*fld;
	size_t		 i, j, k;

	memset(&w, 0, sizeof w);
	w.lk = lk;
	w.state = xcalloc(lk->nall, sizeof *w.state);
	for (i = 0; i < lk->f->nsections && !w.found; i++) {
		for (j = 0; j < lk->f->sections[i].nfields && !w.found; j++) {
			fld = &lk->f->sections[i].fields[j];
			dep_visit(&w, fld);
			for (k = 0; k < fld->nfields && !w.found; k++)
				dep_visit(&w, &fld->fields[k]);
		}
	}
	free(w.state);
	free(w.path);
	free(w.next);
	free(w.start);
	free(w.edges);
}

/* A required field that no official could ever answer. */
static void
link_reachable(struct link *lk, const struct field *f)
{
	if (!f->required && f->required_if.e == NULL)
		return;
	if (always_false(&f->required_if))
		return;
	if (f->read_only && f->default_value == NULL &&
	    f->default_expr.e == NULL)
		link_err(lk, f->line, f->col,
		    _("\"%s\" is required but read-only with no default: it can never be answered"),
		    f->id);
	else if (always_false(&f->relevant) ||
	    (f->section != NULL && always_false(&f->section->relevant)) ||
	    (f->group != NULL && always_false(&f->group->relevant)))
		link_err(lk, f->line, f->col,
		    _("\"%s\" is required but never relevant: it can never be answered"),
		    f->id);
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

/*
 * A form that records consent names, in its fields purpose and
 * institution, what a consent is for and to whom (amparo-forms(5),
 * CONSENT); a form that needs consent cannot also record it.
 */
static void
link_consent(struct link *lk)
{
	static const char *const need[] = { "purpose", "institution" };
	const struct field	*fld;
	size_t			 i;

	if (lk->f->records_consent && lk->f->consent != NULL)
		link_err(lk, lk->f->consent_line, lk->f->consent_col,
		    _("a form cannot both record consent and need it: drop consent or records_consent"));
	for (i = 0; lk->f->records_consent && i < nitems(need); i++) {
		fld = lookup(lk, NULL, need[i]);
		if (fld == NULL || fld->type != FT_SELECT_ONE)
			link_err(lk, lk->f->records_line, lk->f->records_col,
			    _("records_consent needs a select_one field \"%s\" at the top level"),
			    need[i]);
	}
}

/*
 * A repeat group that registers its members as cases of the form
 * (amparo-forms(5), HOUSEHOLDS): register names a yes_no field of its
 * items, relation one of their fields, inherit top-level fields that are
 * not repeat groups. One such group a form.
 */
static void
link_household(struct link *lk)
{
	const struct field	*g, *fld;
	size_t			 i, j, k, n = 0;

	for (i = 0; i < lk->f->nsections; i++) {
		for (j = 0; j < lk->f->sections[i].nfields; j++) {
			g = &lk->f->sections[i].fields[j];
			if (g->register_field == NULL)
				continue;
			if (n++ > 0)
				link_err(lk, g->line, g->col,
				    _("only one repeat group of a form may register its members (\"%s\" is the second)"),
				    g->id);
			fld = field_child(g, g->register_field);
			if (fld == NULL || fld->type != FT_YES_NO)
				link_err(lk, g->line, g->col,
				    _("register of \"%s\" names \"%s\", which is not a yes_no field of its items"),
				    g->id, g->register_field);
			if (field_child(g, g->relation_field) == NULL)
				link_err(lk, g->line, g->col,
				    _("relation of \"%s\" names \"%s\", which is not a field of its items"),
				    g->id, g->relation_field);
			for (k = 0; k < g->ninherit; k++) {
				fld = lookup(lk, NULL, g->inherit[k]);
				if (fld == NULL || fld->type == FT_REPEAT)
					link_err(lk, g->line, g->col,
					    _("inherit of \"%s\" names \"%s\", which is not a top-level field outside repeat groups"),
					    g->id, g->inherit[k]);
			}
		}
	}
}

/* Second pass over a form: every name resolved, every expression checked. */
static int
link_form(struct diags *d, struct form *f, const struct formset *fs)
{
	struct link		 lk;
	struct field		*fld;
	size_t			 i, j, k;

	memset(&lk, 0, sizeof lk);
	lk.d = d;
	lk.file = f->file;
	lk.f = f;
	lk.fs = fs;
	link_places(f);
	link_index(&lk);
	for (i = 0; i < f->nsections; i++) {
		check_fexpr(&lk, &f->sections[i].relevant, NULL, VT_EMPTY, 0,
		    VT_BOOL, "relevant");
		for (j = 0; j < f->sections[i].nfields; j++) {
			fld = &f->sections[i].fields[j];
			link_field(&lk, fld);
			link_reachable(&lk, fld);
			if (fld->index == FI_NAME)
				name_ref_add(f, NULL, fld);
			for (k = 0; k < fld->nfields; k++) {
				link_field(&lk, &fld->fields[k]);
				link_reachable(&lk, &fld->fields[k]);
				if (fld->fields[k].index == FI_NAME)
					name_ref_add(f, fld, &fld->fields[k]);
			}
		}
	}
	if (lk.errors == 0)
		link_cycles(&lk);
	link_consent(&lk);
	link_household(&lk);
	f->summary_fields = xcalloc(f->nsummary, sizeof *f->summary_fields);
	for (i = 0; i < f->nsummary; i++) {
		fld = (struct field *)(uintptr_t)lookup(&lk, NULL,
		    f->summary[i]);
		if (fld == NULL || fld->type == FT_REPEAT ||
		    fld->type == FT_NOTE)
			link_err(&lk, f->summary_line[i], f->summary_col[i],
			    _("summary names \"%s\", which is not a field with a value outside a repeat group"),
			    f->summary[i]);
		else if (fld->confidential != NULL)
			link_err(&lk, f->summary_line[i], f->summary_col[i],
			    _("summary names \"%s\", whose answers are sealed (class %s): lists show the summary to every official"),
			    f->summary[i], fld->confidential);
		f->summary_fields[i] = fld;
	}
	free(lk.all);
	free(lk.top);
	yl_seen_free(&lk.top_ids);
	free(lk.calc);
	free(lk.calc_state);
	free(lk.cycle);
	return (lk.errors);
}

/*
 * Check an expression of another file (a workflow's guard) against a form's
 * top-level fields, already linked. Returns the number of problems.
 */
int
form_check_expr(struct diags *d, const char *file, const struct formset *fs,
    const struct form *f, struct fexpr *x, enum vtype want, const char *what)
{
	struct link	lk;

	memset(&lk, 0, sizeof lk);
	lk.d = d;
	lk.file = file;
	lk.f = (struct form *)(uintptr_t)f;
	lk.fs = fs;
	lk.linked = 1;
	check_fexpr(&lk, x, NULL, VT_EMPTY, 0, want, what);
	free(lk.calc);
	free(lk.calc_state);
	free(lk.cycle);
	return (lk.errors);
}

static void
add_list(struct formset *fs, struct choice_list *l, struct diags *d,
    int *errors)
{
	size_t	i;

	for (i = 0; i < fs->nlists; i++) {
		if (strcmp(fs->lists[i]->id, l->id) != 0)
			continue;
		/* A list file given to check stands for the directory's. */
		if (fs->partial && i < fs->ndirlists) {
			choice_list_free(fs->lists[i]);
			fs->lists[i] = l;
			return;
		}
		{
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

/* Whether a file named base holds what it says: "list: x" lives in x.yaml. */
static void
check_list_name(struct ylctx *c, yaml_node_t *root, const char *path,
    const char *id)
{
	const char	*base;
	size_t		 blen;

	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	blen = strlen(base);
	if (blen > 5 && strcmp(base + blen - 5, ".yaml") == 0 &&
	    (strlen(id) != blen - 5 || strncmp(id, base, blen - 5) != 0))
		yl_err(c, root, _("list \"%s\" must be in a file named %s.yaml"),
		    id, id);
}

/*
 * Load one parsed file (path is its name), a form, a shared choice list or
 * a workflow, into the set; the document is deleted.
 */
static void
load_doc(struct formset *fs, const char *path, yaml_document_t *doc, int want,
    struct diags *d, int *errors)
{
	yaml_node_t		*root;
	struct ylctx		 c;
	struct form		*f;
	struct choice_list	*l;
	struct workflow		*w;
	size_t			 i;

	memset(&c, 0, sizeof c);
	c.file = path;
	c.doc = doc;
	c.d = d;
	root = yaml_document_get_root_node(doc);
	if (want < 0)
		want = yl_has_key(doc, "list") ? 'l' :
		    yl_has_key(doc, "workflow") ? 'w' :
		    yl_has_key(doc, "roles") ? 'r' :
		    yl_has_key(doc, "services") ? 's' : 'f';
	if (want == 'r') {
		if (fs->policy != NULL)
			yl_err(&c, root, _("a second roles file (the first is %s): a form set has one"),
			    fs->policy->file);
		else
			fs->policy = policy_parse(&c, root);
	} else if (want == 's') {
		services_parse(&c, root, fs);
	} else if (want == 'l') {
		if ((l = load_list(&c, root)) != NULL) {
			check_list_name(&c, root, path, l->id);
			add_list(fs, l, d, errors);
		}
	} else if (want == 'w') {
		if ((w = workflow_parse(&c, root)) != NULL) {
			XGROW(fs->workflows, fs->nworkflows, fs->capworkflows);
			fs->workflows[fs->nworkflows++] = w;
		}
	} else {
		f = xcalloc(1, sizeof *f);
		f->file = xstrdup(path);
		yl_walk(&c, root, form_kw, nitems(form_kw), f, N_("a form"));
		check_removed(&c, root, f);
		for (i = 0; f->id != NULL && i < fs->nforms; i++) {
			if (strcmp(fs->forms[i]->id, f->id) == 0) {
				yl_err(&c, root,
				    _("duplicate form \"%s\" (also in %s)"),
				    f->id, fs->forms[i]->file);
				break;
			}
		}
		/* Kept for its other problems, under an id nothing matches. */
		if (f->id == NULL)
			f->id = xstrdup("");
		XGROW(fs->forms, fs->nforms, fs->cap);
		fs->forms[fs->nforms++] = f;
	}
	if (c.errors > YL_MAX_ERRORS + (size_t)c.aborted)
		diags_add(d, path, 0, 0, _("and %zu more errors, not shown"),
		    c.errors - YL_MAX_ERRORS - (size_t)c.aborted);
	*errors += (int)c.errors;
	yaml_document_delete(doc);
}

/* Load one file, a form, a shared choice list or a workflow, into the set. */
static void
load_file(struct formset *fs, const char *path, int want, struct diags *d,
    int *errors)
{
	yaml_document_t	doc;

	if (yl_load(path, &doc, d) != 0) {
		(*errors)++;
		return;
	}
	load_doc(fs, path, &doc, want, d, errors);
}

/* Load every *.yaml file of a directory (if there is one) as want says. */
static void
load_dir(struct formset *fs, const char *dir, int want, struct diags *d,
    int *errors)
{
	char	**files;
	size_t	  n = 0, i;

	files = yl_dir_files(dir, &n, d, 1);
	for (i = 0; i < n; i++)
		load_file(fs, files[i], want, d, errors);
	strv_free(files, n);
}

/*
 * Whether a workflow of the forms directory belongs with the files given:
 * every form it names is among them, and no file given replaces it (a
 * workflow of the same id or for the same form).
 */
static int
workflow_fits(const struct formset *fs, const struct workflow *w,
    size_t nexplicit)
{
	const struct workflow	*o;
	size_t			 i;

	if (w->form_id == NULL || formset_find(fs, w->form_id) == NULL)
		return (0);
	for (i = 0; i < w->ntransitions; i++) {
		if (w->transitions[i].form_id != NULL &&
		    formset_find(fs, w->transitions[i].form_id) == NULL)
			return (0);
	}
	for (i = 0; i < nexplicit; i++) {
		o = fs->workflows[i];
		if (strcmp(o->id, w->id) == 0 || (o->form_id != NULL &&
		    strcmp(o->form_id, w->form_id) == 0))
			return (0);
	}
	return (1);
}

/*
 * Link every form and workflow of a set loaded with errors problems so far;
 * the set is returned only if there were none, and freed otherwise.
 */
static int
link_set(struct formset *fs, int errors, struct formset **out,
    struct diags *d)
{
	size_t	i;

	if (fs->policy == NULL)
		fs->policy = policy_default();
	errors += services_lists(d, fs);
	for (i = 0; i < fs->nforms; i++)
		errors += link_form(d, fs->forms[i], fs);
	errors += policy_link(d, fs->policy, fs);
	errors += services_link(d, fs);
	for (i = 0; i < fs->nworkflows; i++)
		errors += workflow_link(d, fs->workflows[i], fs);
	if (errors > 0 || d->n > 0) {
		formset_free(fs);
		return (AMP_EFORMS);
	}
	*out = fs;
	return (AMP_OK);
}

/*
 * Load a form set: the files given, each a form, a choice list or a
 * workflow, with the shared lists and workflows of dir's lists/ and
 * workflows/ (when dir is not NULL). Unless the files are the whole
 * directory, a workflow of dir/workflows is checked only if it fits them.
 */
static int
load_set(const char *dir, char **files, size_t nfiles, int whole,
    struct formset **out, struct diags *d)
{
	struct formset	*fs;
	char		*sub;
	size_t		 i, n, nexplicit;
	int		 errors = 0;

	*out = NULL;
	fs = xcalloc(1, sizeof *fs);
	fs->dir = xstrdup(dir != NULL ? dir : ".");
	fs->partial = !whole;
	if (dir != NULL) {
		sub = xsprintf("%s/lists", dir);
		load_dir(fs, sub, 'l', d, &errors);
		free(sub);
	}
	fs->ndirlists = fs->nlists;
	for (i = 0; i < nfiles; i++)
		load_file(fs, files[i], -1, d, &errors);
	nexplicit = fs->nworkflows;
	/* Services files among the files given replace the directory's. */
	if (dir != NULL && (whole || fs->nservices + fs->ncats == 0)) {
		sub = xsprintf("%s/services", dir);
		load_dir(fs, sub, 's', d, &errors);
		free(sub);
	}
	/*
	 * A roles file among some files given replaces the directory's; in a
	 * whole directory, one beside the forms is a second roles file.
	 */
	if (dir != NULL && (whole || fs->policy == NULL)) {
		sub = xsprintf("%s/access", dir);
		load_dir(fs, sub, 'r', d, &errors);
		free(sub);
	}
	if (dir != NULL) {
		sub = xsprintf("%s/workflows", dir);
		load_dir(fs, sub, 'w', d, &errors);
		free(sub);
	}
	for (i = n = nexplicit; !whole && i < fs->nworkflows; i++) {
		if (workflow_fits(fs, fs->workflows[i], nexplicit))
			fs->workflows[n++] = fs->workflows[i];
		else
			workflow_free(fs->workflows[i]);
	}
	if (!whole)
		fs->nworkflows = n;
	return (link_set(fs, errors, out, d));
}

/*
 * Load a form set from files held in memory, each a form, a choice list or
 * a workflow, with the lists of shared (borrowed, not copied: shared must
 * outlive the set); NULL for none. The whole loader without the file
 * system, for the fuzz target. As formset_load_files, the set is returned
 * only when no problem was found.
 */
int
formset_load_mem(const struct formset *shared, const struct formtext *t,
    size_t n, struct formset **out, struct diags *d)
{
	struct formset	*fs;
	yaml_document_t	 doc;
	size_t		 i;
	int		 errors = 0;

	*out = NULL;
	fs = xcalloc(1, sizeof *fs);
	fs->dir = xstrdup(shared != NULL ? shared->dir : ".");
	for (i = 0; shared != NULL && i < shared->nlists; i++) {
		/* The directory of services' lists are the directory's own. */
		if (shared->nservices + shared->ncats > 0 &&
		    (strcmp(shared->lists[i]->id, SERVICES_LIST) == 0 ||
		    strcmp(shared->lists[i]->id, SERVICE_CATS_LIST) == 0))
			continue;
		XGROW(fs->lists, fs->nlists, fs->caplists);
		fs->lists[fs->nlists++] = shared->lists[i];
	}
	fs->nborrowed = fs->nlists;
	for (i = 0; i < n; i++) {
		if (yl_load_mem(t[i].name, t[i].text, t[i].len, &doc, d) != 0)
			errors++;
		else
			load_doc(fs, t[i].name, &doc, -1, d, &errors);
	}
	return (link_set(fs, errors, out, d));
}

/*
 * Load a form set from explicit files (see load_set). Every problem found
 * is added to d; the set is returned only when there is none.
 */
int
formset_load_files(const char *dir, char **files, size_t nfiles,
    struct formset **out, struct diags *d)
{
	return (load_set(dir, files, nfiles, 0, out, d));
}

/* Load every form in dir, with dir/lists and dir/workflows. */
int
formset_load(const char *dir, struct formset **out, struct diags *d)
{
	char	**files;
	size_t	  n;
	int	  rc;

	*out = NULL;
	if ((files = yl_dir_files(dir, &n, d, 0)) == NULL && d->n > 0)
		return (AMP_EFORMS);
	rc = load_set(dir, files, n, 1, out, d);
	strv_free(files, n);
	if (rc == AMP_OK && (*out)->nforms == 0) {
		diags_add(d, dir, 0, 0, _("no forms found (*.yaml)"));
		formset_free(*out);
		*out = NULL;
		return (AMP_EFORMS);
	}
	return (rc);
}
