/* form-eval.c: a form's expressions on a record: relevance, conditions, constraints, calculations, defaults, counts, filters. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "amparo.h"

/*
 * What an expression sees: the record's top-level answers, the repeat item
 * its field is in (for its siblings), the field's own value, and the choice
 * a choice_filter is deciding about.
 */
struct feval {
	const struct rmap	*data;
	const struct rmap	*item;
	const struct choice	*choice;
};

/* A field's answer as expressions see it: a sealed answer is unanswered. */
static const char *
feval_value(void *arg, const void *ref)
{
	const struct feval	*fe = arg;
	const struct field	*f = ref;
	const char		*v;

	if (f->group == NULL)
		v = rmap_get(fe->data, f->id);
	else
		v = fe->item != NULL ? rmap_get(fe->item, f->id) : NULL;
	return (value_is_sealed(v) ? NULL : v);
}

static size_t
feval_count(void *arg, const void *ref)
{
	const struct feval	*fe = arg;
	const struct field	*g = ref;
	const struct rfield	*rf = rmap_field(fe->data, g->id);

	return (rf != NULL && rf->kind == RF_GROUP ? rf->nitems : 0);
}

static const char *
feval_attr(void *arg, const char *name)
{
	const struct feval	*fe = arg;

	return (fe->choice != NULL ? choice_attr(fe->choice, name) : NULL);
}

static void
env_init(struct expr_env *env, struct feval *fe, const struct rmap *data,
    const struct rmap *item)
{
	memset(fe, 0, sizeof *fe);
	fe->data = data;
	fe->item = item;
	memset(env, 0, sizeof *env);
	env->value = feval_value;
	env->count = feval_count;
	env->attr = feval_attr;
	env->arg = fe;
	env->today = date_today_days();
}

/* Whether a condition holds; no condition holds. Empty is false. */
static int
cond(const struct fexpr *x, const struct rmap *data, const struct rmap *item)
{
	struct expr_env	env;
	struct feval	fe;

	if (x->e == NULL)
		return (1);
	env_init(&env, &fe, data, item);
	return (expr_true(x->e, &env));
}

/* Whether a condition on a record's top-level answers holds (a guard). */
int
form_condition(const struct fexpr *x, const struct rmap *data)
{
	return (cond(x, data, NULL));
}

/* Whether a section is asked now. */
int
section_relevant(const struct section *s, const struct rmap *data)
{
	return (cond(&s->relevant, data, NULL));
}

/*
 * Whether a field is asked now: its section, its repeat group and itself
 * relevant. item is the repeat entry the field is in (NULL at the top).
 */
int
field_relevant(const struct field *f, const struct rmap *data,
    const struct rmap *item)
{
	if (f->section != NULL && !cond(&f->section->relevant, data, NULL))
		return (0);
	if (f->group != NULL && !cond(&f->group->relevant, data, NULL))
		return (0);
	return (cond(&f->relevant, data, item));
}

/* Whether a relevant field must be answered now. */
int
field_required(const struct field *f, const struct rmap *data,
    const struct rmap *item)
{
	if (f->required)
		return (1);
	if (f->required_if.e == NULL)
		return (0);
	return (cond(&f->required_if, data, item));
}

/*
 * Whether an answer meets the field's constraint. A constraint that comes
 * out empty (it refers to something unanswered) is not failed.
 */
int
field_constraint_ok(const struct field *f, const struct rmap *data,
    const struct rmap *item, const char *value)
{
	struct expr_env	env;
	struct feval	fe;
	struct value	v;

	if (f->constraint.e == NULL || value == NULL)
		return (1);
	env_init(&env, &fe, data, item);
	env.self = value;
	env.self_type = f->vtype;
	if (expr_eval(f->constraint.e, &env, &v) != 0)
		return (1);
	return (v.t != VT_BOOL || v.b);
}

/* Whether a choice is offered now: not retired, and passing the filter. */
int
choice_offered(const struct field *f, const struct choice *c,
    const struct rmap *data, const struct rmap *item)
{
	struct expr_env	env;
	struct feval	fe;

	if (c->retired)
		return (0);
	if (f->choice_filter.e == NULL)
		return (1);
	env_init(&env, &fe, data, item);
	fe.choice = c;
	return (expr_true(f->choice_filter.e, &env));
}

/*
 * Whether a stored choice (each of a select_many answer's) is in the list
 * and passes the field's filter; whether it is retired is not asked here.
 */
int
choice_fits(const struct field *f, const char *value,
    const struct rmap *data, const struct rmap *item)
{
	const struct choice	*c;
	struct expr_env		 env;
	struct feval		 fe;
	const char		*p, *e;
	char			*one;
	int			 fits;

	if (f->type == FT_SELECT_MANY && strchr(value, ' ') != NULL) {
		/* Several values: each must fit. */
		for (p = value; *p != '\0'; p = *e != '\0' ? e + 1 : e) {
			if ((e = strchr(p, ' ')) == NULL)
				e = p + strlen(p);
			one = xstrndup(p, (size_t)(e - p));
			fits = choice_fits(f, one, data, item);
			free(one);
			if (!fits)
				return (0);
		}
		return (1);
	}
	c = choice_find(f->list, value);
	if (c == NULL || f->choice_filter.e == NULL)
		return (c != NULL);
	env_init(&env, &fe, data, item);
	fe.choice = c;
	return (expr_true(f->choice_filter.e, &env));
}

/*
 * What to tell the official when a constraint fails: the form's message,
 * or the condition itself. Allocated.
 */
char *
constraint_message(const struct field *f)
{
	const char	*msg = i18n_get(&f->constraint_message);

	if (*msg != '\0')
		return (xstrdup(msg));
	return (xsprintf(_("does not meet the condition %s"),
	    f->constraint.e != NULL ? expr_text(f->constraint.e) : ""));
}

/*
 * The number of entries a repeat group's count asks for, clamped to what a
 * record holds; -1 if the group has no count or it cannot be worked out.
 */
long
repeat_count(const struct field *g, const struct rmap *data)
{
	struct expr_env	env;
	struct feval	fe;
	struct value	v;

	if (g->count.e == NULL)
		return (-1);
	env_init(&env, &fe, data, NULL);
	if (expr_eval(g->count.e, &env, &v) != 0 || v.t != VT_NUM ||
	    v.n != v.n)
		return (-1);
	if (v.n < 0)
		return (0);
	if (v.n > RECORD_MAX_ITEMS)
		return (RECORD_MAX_ITEMS);
	return ((long)v.n);
}

/*
 * Evaluate an expression and store its text (or unanswer the field). A
 * sealed result stays: only a holder of its class, who sees the answers it
 * was worked out from, works it out again.
 */
static int
store_result(const struct fexpr *x, const struct field *f, struct rmap *m,
    const struct rmap *data, const struct rmap *item)
{
	struct expr_env	 env;
	struct feval	 fe;
	struct value	 v;
	const char	*old;
	char		*s = NULL;
	int		 changed;

	env_init(&env, &fe, data, item);
	if (expr_eval(x->e, &env, &v) == 0)
		s = expr_format(&v);
	old = rmap_get(m, f->id);
	if (value_is_sealed(old)) {
		free(s);
		return (0);
	}
	changed = (old == NULL) != (s == NULL) || (old != NULL &&
	    strcmp(old, s) != 0);
	if (changed)
		rmap_set(m, f->id, s);
	free(s);
	return (changed);
}

static int
calc_fields(const struct field *v, size_t n, struct rmap *m,
    const struct rmap *data, const struct rmap *item)
{
	size_t	i;
	int	changed = 0;

	for (i = 0; i < n; i++) {
		if (v[i].type != FT_CALCULATE)
			continue;
		if (!field_relevant(&v[i], data, item)) {
			if (rmap_get(m, v[i].id) != NULL &&
			    !value_is_sealed(rmap_get(m, v[i].id))) {
				rmap_unset(m, v[i].id);
				changed = 1;
			}
			continue;
		}
		changed |= store_result(&v[i].calculate, &v[i], m, data, item);
	}
	return (changed);
}

/*
 * Work out every calculation of a record. Calculations may use each other
 * in any order (the loader has proved there is no cycle), so passes repeat
 * until nothing changes, at most once a calculation.
 */
void
form_calculate(const struct form *form, struct rmap *data)
{
	const struct section	*s;
	struct rfield		*g;
	size_t			 i, j, k, pass, ncalc = 1;
	int			 changed = 1;

	for (pass = 0; changed && pass <= ncalc; pass++) {
		changed = 0;
		ncalc = 0;
		for (i = 0; i < form->nsections; i++) {
			s = &form->sections[i];
			changed |= calc_fields(s->fields, s->nfields, data,
			    data,
			    NULL);
			for (j = 0; j < s->nfields; j++) {
				ncalc += s->fields[j].type == FT_CALCULATE;
				if (s->fields[j].type != FT_REPEAT ||
				    (g = rmap_field(data, s->fields[j].id)) ==
				    NULL || g->kind != RF_GROUP)
					continue;
				for (k = 0; k < g->nitems; k++)
					changed |= calc_fields(
					    s->fields[j].fields,
					    s->fields[j].nfields, &g->items[k],
					    data, &g->items[k]);
			}
		}
	}
}

/*
 * The value of a field's default expression, as an answer typed would be
 * stored; NULL if it gives nothing or nothing the field takes.
 */
char *
default_value_of(const struct field *f, const struct rmap *data,
    const struct rmap *item)
{
	struct expr_env	 env;
	struct feval	 fe;
	struct value	 v;
	char		*s, *norm = NULL, *why = NULL;

	env_init(&env, &fe, data, item);
	if (expr_eval(f->default_expr.e, &env, &v) != 0 ||
	    (s = expr_format(&v)) == NULL)
		return (NULL);
	if (field_normalize(f, s, &norm, &why) != 0) {
		free(why);
		norm = NULL;
	}
	free(s);
	return (norm);
}

static void
default_result(const struct field *f, struct rmap *m,
    const struct rmap *data, const struct rmap *item)
{
	char	*v = default_value_of(f, data, item);

	rmap_set(m, f->id, v);
	free(v);
}

/*
 * Whether a repeat entry holds nothing an official typed: every answer in it
 * is a calculation or its field's default. Such an entry can go when the
 * count drops.
 */
int
entry_untouched(const struct field *g, const struct rmap *item,
    const struct rmap *data)
{
	const struct field	*f;
	char			*dflt, *why;
	size_t			 i;
	int			 same;

	for (i = 0; i < item->n; i++) {
		if ((f = field_child(g, item->v[i].id)) == NULL ||
		    item->v[i].kind != RF_STR)
			return (0);
		if (f->type == FT_CALCULATE)
			continue;
		dflt = NULL;
		if (f->default_expr.e != NULL)
			dflt = default_value_of(f, data, item);
		else if (f->default_value != NULL &&
		    field_normalize(f, f->default_value, &dflt, &why) != 0)
			free(why);
		same = dflt != NULL && strcmp(dflt, item->v[i].str) == 0;
		free(dflt);
		if (!same)
			return (0);
	}
	return (1);
}

/* Fill the defaults of a map's unanswered fields (a new record or entry). */
void
fields_defaults(const struct field *v, size_t n, struct rmap *m,
    const struct rmap *data, const struct rmap *item)
{
	char	*norm, *why;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (rmap_get(m, v[i].id) != NULL)
			continue;
		if (v[i].default_expr.e != NULL)
			default_result(&v[i], m, data, item);
		else if (v[i].default_value != NULL &&
		    field_normalize(&v[i], v[i].default_value, &norm,
		    &why) == 0) {
			rmap_set(m, v[i].id, norm);
			free(norm);
		} else if (v[i].default_value != NULL)
			free(why);
	}
}

/* The defaults of a new record's top-level fields. */
void
form_defaults(const struct form *form, struct rmap *data)
{
	size_t	i;

	for (i = 0; i < form->nsections; i++)
		fields_defaults(form->sections[i].fields,
		    form->sections[i].nfields, data, data, NULL);
}

/*
 * Drop an answer. A sealed one stays: whether it is asked may depend on
 * answers this session cannot read, and it was given when it was asked.
 */
static int
unset(struct rmap *m, const char *id)
{
	if (rmap_field(m, id) == NULL || value_is_sealed(rmap_get(m, id)))
		return (0);
	rmap_unset(m, id);
	return (1);
}

/* One pass of form_clear_irrelevant; returns whether it dropped anything. */
static int
clear_pass(const struct form *form, struct rmap *data)
{
	const struct section	*s;
	const struct field	*f;
	struct rfield		*g;
	size_t			 i, j, k, c;
	int			 dropped = 0;

	for (i = 0; i < form->nsections; i++) {
		s = &form->sections[i];
		for (j = 0; j < s->nfields; j++) {
			f = &s->fields[j];
			if (!field_relevant(f, data, NULL)) {
				dropped |= unset(data, f->id);
				continue;
			}
			if (f->type != FT_REPEAT ||
			    (g = rmap_field(data, f->id)) == NULL ||
			    g->kind != RF_GROUP)
				continue;
			for (k = 0; k < g->nitems; k++) {
				for (c = 0; c < f->nfields; c++) {
					if (!field_relevant(&f->fields[c], data,
					    &g->items[k]))
						dropped |= unset(&g->items[k],
						    f->fields[c].id);
				}
			}
		}
	}
	return (dropped);
}

/*
 * Drop the answers of fields that are not asked any more (their section,
 * group or own relevance false): they would otherwise be saved unseen. The
 * versions saved before keep them. Dropping one answer can make another
 * field irrelevant, so passes repeat until none drops anything.
 */
void
form_clear_irrelevant(const struct form *form, struct rmap *data)
{
	size_t	pass;

	for (pass = 0; pass < 64 && clear_pass(form, data); pass++)
		;
}
