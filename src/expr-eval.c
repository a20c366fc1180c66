/* expr-eval.c: evaluating checked form expressions, their functions, and formatting values. */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "amparo.h"

#define NUM_TEXT_MAX	128		/* bytes of a number's text */
#define STR_MAX		(1 << 20)	/* bytes of a string made by concat() */
#define REGEX_INPUT_MAX	65536		/* bytes regex() looks at */
#define DAYS_MAX	1e6		/* a larger shift leaves any date */
#define SMALL_ARENA	256
#define DATE_MIN	(-43829)	/* 1850-01-01, as date_valid allows */
#define DATE_MAX	84370		/* 2200-12-31 */

/*
 * Strings made during one evaluation (by concat) come from an arena that
 * lives in the evaluation's context: a small buffer inside it, then heap
 * blocks, all freed when expr_eval returns. Nothing else allocates.
 */
struct ablock {
	struct ablock	*next;
};

struct ectx {
	const struct expr	*e;
	const struct expr_env	*env;
	struct ablock		*blocks;
	size_t			 used;
	char			 small[SMALL_ARENA];
};

static void	eval(struct ectx *, int, struct value *);

static char *
arena_alloc(struct ectx *x, size_t n)
{
	struct ablock	*b;
	char		*p;

	if (n <= sizeof x->small - x->used) {
		p = x->small + x->used;
		x->used += n;
		return (p);
	}
	b = xmalloc(sizeof *b + n);
	b->next = x->blocks;
	x->blocks = b;
	return ((char *)(b + 1));
}

static void
arena_free(struct ectx *x)
{
	struct ablock	*b;

	while ((b = x->blocks) != NULL) {
		x->blocks = b->next;
		free(b);
	}
}

static void
set_empty(struct value *v)
{
	v->t = VT_EMPTY;
	v->b = 0;
	v->n = 0;
	v->d = 0;
	v->s = NULL;
	v->slen = 0;
}

static void
set_bool(struct value *v, int b)
{
	set_empty(v);
	v->t = VT_BOOL;
	v->b = b != 0;
}

/* A number, or empty if it is not finite. */
static void
set_num(struct value *v, double n)
{
	set_empty(v);
	if (isfinite(n)) {
		v->t = VT_NUM;
		v->n = n;
	}
}

/* A date, or empty outside the years date_valid allows. */
static void
set_date(struct value *v, int64_t d)
{
	set_empty(v);
	if (d >= DATE_MIN && d <= DATE_MAX) {
		v->t = VT_DATE;
		v->d = d;
	}
}

static int
is_true(const struct value *v)
{
	return (v->t == VT_BOOL && v->b);
}

/* Empty or the empty string: what = and != take as ''. */
static int
is_blank(const struct value *v)
{
	return (v->t == VT_EMPTY || (v->t == VT_STR && v->slen == 0));
}

/* The locale's decimal point, for strtod and snprintf. */
static const char *
decimal_point(void)
{
	const struct lconv	*lc = localeconv();

	if (lc == NULL || lc->decimal_point == NULL ||
	    *lc->decimal_point == '\0')
		return (".");
	return (lc->decimal_point);
}

/*
 * Read a number from s[0..len): digits with an optional fraction ("12",
 * "3.5", ".5", "5."); stored means a stored answer or number()'s text, which
 * may also have a sign and an exponent (expr_format writes 1e+20). Never
 * hexadecimal, inf or nan, whatever the locale. 0, or -1 if it is not one.
 */
int
expr_number(const char *s, size_t len, int stored, double *out)
{
	char		 tmp[NUM_TEXT_MAX + 16], *end;
	const char	*dp;
	size_t		 i = 0, digits = 0, dot = len, n, dplen;
	double		 v;

	if (len == 0 || len > NUM_TEXT_MAX)
		return (-1);
	if (stored && (s[0] == '-' || s[0] == '+'))
		i++;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < len && s[i] == '.') {
		dot = i;
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	}
	if (digits == 0)
		return (-1);
	if (stored && i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		for (n = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			n++;
		if (n == 0)
			return (-1);
	}
	if (i != len)
		return (-1);
	dp = decimal_point();
	dplen = strlen(dp);
	if (dot == len || strcmp(dp, ".") == 0) {
		memcpy(tmp, s, len);
		tmp[len] = '\0';
		n = len;
	} else {
		if (dplen > 8)
			return (-1);
		memcpy(tmp, s, dot);
		memcpy(tmp + dot, dp, dplen);
		memcpy(tmp + dot + dplen, s + dot + 1, len - dot - 1);
		n = len - 1 + dplen;
		tmp[n] = '\0';
	}
	v = strtod(tmp, &end);
	if (end != tmp + n || !isfinite(v))
		return (-1);
	*out = v;
	return (0);
}

/* A number as stored: integers without ".0", others to ten digits. */
static size_t
format_num(double n, char *out, size_t size)
{
	const char	*dp;
	char		*p;
	size_t		 dplen;
	int		 len;

	if (n == trunc(n) && n > -9.2e18 && n < 9.2e18)
		len = snprintf(out, size, "%lld", (long long)n);
	else {
		len = snprintf(out, size, "%.10g", n);
		dp = decimal_point();
		dplen = strlen(dp);
		if (strcmp(dp, ".") != 0 && (p = strstr(out, dp)) != NULL) {
			*p = '.';
			memmove(p + 1, p + dplen, strlen(p + dplen) + 1);
			len -= (int)dplen - 1;
		}
	}
	return (len < 0 ? 0 : (size_t)len);
}

/*
 * The text of a value as expr_format gives it, pointing into tmp (at least
 * 64 bytes) or into the value; empty is "".
 */
static const char *
value_text(const struct value *v, char *tmp, size_t size, size_t *len)
{
	switch (v->t) {
	case VT_BOOL:
		*len = v->b ? 4 : 5;
		return (v->b ? "true" : "false");
	case VT_NUM:
		*len = format_num(v->n, tmp, size);
		return (tmp);
	case VT_DATE:
		date_format_days(v->d, tmp, size);
		*len = strlen(tmp);
		return (tmp);
	case VT_STR:
		*len = v->slen;
		return (v->s);
	default:
		*len = 0;
		return ("");
	}
}

/* A stored answer as a value of the type the checker gave its reference. */
static void
from_text(const char *s, enum vtype t, struct value *v)
{
	int	y, m, d;

	set_empty(v);
	if (s == NULL || *s == '\0')
		return;
	switch (t) {
	case VT_STR:
		v->t = VT_STR;
		v->s = s;
		v->slen = strlen(s);
		break;
	case VT_NUM:
		if (expr_number(s, strlen(s), 1, &v->n) == 0)
			v->t = VT_NUM;
		break;
	case VT_DATE:
		if (date_parse(s, &y, &m, &d) == 0)
			set_date(v, date_days(y, m, d));
		break;
	case VT_BOOL:
		if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
			set_bool(v, 1);
		else if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
			set_bool(v, 0);
		break;
	default:
		break;
	}
}

/* A date moved by a number of days (truncated toward zero). */
static void
date_add(struct value *v, int64_t d, double days)
{
	if (!isfinite(days) || fabs(days) > DAYS_MAX) {
		set_empty(v);
		return;
	}
	set_date(v, d + (int64_t)trunc(days));
}

/* Whole years from one day to a later one (a 29 February birthday: 1 March). */
static int
whole_years(int64_t from, int64_t to)
{
	int	y1, m1, d1, y2, m2, d2, y;

	date_from_days(from, &y1, &m1, &d1);
	date_from_days(to, &y2, &m2, &d2);
	y = y2 - y1;
	if (m2 < m1 || (m2 == m1 && d2 < d1))
		y--;
	return (y);
}

/*
 * Round half away from zero at a number of decimal digits (negative: tens,
 * hundreds), as people do on paper: round(2.675, 2) is 2.68 although 2.675
 * is stored a little below.
 */
static double
round_to(double n, double digits)
{
	double	p, y, f, r;

	digits = trunc(digits);
	if (digits > 15)
		return (n);
	if (digits < -15)
		return (0);
	p = pow(10, fabs(digits));
	y = digits >= 0 ? n * p : n / p;
	if (!isfinite(y))
		return (n);
	f = floor(y);
	if (fabs(y - f - 0.5) < 1e-9)
		r = y >= 0 ? f + 1 : f;
	else
		r = round(y);
	return (digits >= 0 ? r / p : r * p);
}

static int
cmp_values(const struct value *a, const struct value *b)
{
	size_t	n;
	int	c;

	switch (a->t) {
	case VT_NUM:
		return (a->n < b->n ? -1 : a->n > b->n);
	case VT_DATE:
		return (a->d < b->d ? -1 : a->d > b->d);
	case VT_BOOL:
		return (a->b - b->b);
	case VT_STR:
		n = a->slen < b->slen ? a->slen : b->slen;
		if ((c = memcmp(a->s, b->s, n)) != 0)
			return (c < 0 ? -1 : 1);
		return (a->slen < b->slen ? -1 : a->slen > b->slen);
	default:
		return (0);
	}
}

static void
eval_cmp(struct ectx *x, const struct expr_node *n, struct value *out)
{
	const struct expr_node	*nodes = x->e->nodes;
	struct value		 a, b;
	int			 c, eq;

	eval(x, n->first, &a);
	eval(x, nodes[n->first].next, &b);
	if (n->op == EO_EQ || n->op == EO_NE) {
		if (is_blank(&a) || is_blank(&b))
			eq = is_blank(&a) && is_blank(&b);
		else
			eq = a.t == b.t && cmp_values(&a, &b) == 0;
		set_bool(out, n->op == EO_EQ ? eq : !eq);
		return;
	}
	if (a.t == VT_EMPTY || b.t == VT_EMPTY || a.t != b.t) {
		set_empty(out);
		return;
	}
	c = cmp_values(&a, &b);
	switch (n->op) {
	case EO_LT:
		set_bool(out, c < 0);
		break;
	case EO_LE:
		set_bool(out, c <= 0);
		break;
	case EO_GT:
		set_bool(out, c > 0);
		break;
	default:
		set_bool(out, c >= 0);
		break;
	}
}

/* A run of + - or * div mod, left to right; empty as soon as a side is. */
static void
eval_arith(struct ectx *x, const struct expr_node *n, struct value *out)
{
	const struct expr_node	*nodes = x->e->nodes;
	struct value		 v;
	int			 i;

	eval(x, n->first, out);
	for (i = nodes[n->first].next; i != -1; i = nodes[i].next) {
		if (out->t == VT_EMPTY)
			return;
		eval(x, i, &v);
		if (v.t == VT_EMPTY) {
			set_empty(out);
			return;
		}
		switch (nodes[i].join) {
		case EO_ADD:
			if (out->t == VT_DATE && v.t == VT_NUM)
				date_add(out, out->d, v.n);
			else if (out->t == VT_NUM && v.t == VT_DATE)
				date_add(out, v.d, out->n);
			else if (out->t == VT_NUM && v.t == VT_NUM)
				set_num(out, out->n + v.n);
			else
				set_empty(out);
			break;
		case EO_SUB:
			if (out->t == VT_DATE && v.t == VT_NUM)
				date_add(out, out->d, -v.n);
			else if (out->t == VT_DATE && v.t == VT_DATE)
				set_num(out, (double)(out->d - v.d));
			else if (out->t == VT_NUM && v.t == VT_NUM)
				set_num(out, out->n - v.n);
			else
				set_empty(out);
			break;
		default:
			if (out->t != VT_NUM || v.t != VT_NUM)
				set_empty(out);
			else if (nodes[i].join == EO_MUL)
				set_num(out, out->n * v.n);
			else if (v.n == 0)
				set_empty(out);
			else if (nodes[i].join == EO_DIV)
				set_num(out, out->n / v.n);
			else
				set_num(out, fmod(out->n, v.n));
			break;
		}
	}
}

/* Is word one of the space-separated values of list? */
static int
has_word(const char *list, size_t len, const char *word, size_t wlen)
{
	size_t	i = 0, j;

	while (i < len) {
		while (i < len && list[i] == ' ')
			i++;
		for (j = i; j < len && list[j] != ' '; j++)
			;
		if (j > i && j - i == wlen && memcmp(list + i, word, wlen) == 0)
			return (1);
		i = j;
	}
	return (0);
}

static size_t
count_words(const char *list, size_t len)
{
	size_t	i, n = 0;

	for (i = 0; i < len; i++)
		if (list[i] != ' ' && (i == 0 || list[i - 1] == ' '))
			n++;
	return (n);
}

/* Characters (code points); a byte that is not UTF-8 counts as one. */
static size_t
count_chars(const char *s, size_t len)
{
	uint32_t	cp;
	size_t		i = 0, n = 0, k;

	while (i < len) {
		k = utf8_decode(s + i, len - i, &cp);
		i += k == 0 ? 1 : k;
		n++;
	}
	return (n);
}

static void
fn_concat(struct ectx *x, const struct expr_node *n, struct value *out)
{
	const struct expr_node	*nodes = x->e->nodes;
	struct value		 small[8], *v = small;
	const char		*t;
	char			 tmp[64], *p;
	size_t			 total = 0, len, k;
	int			 i;

	if ((size_t)n->nkids > nitems(small))
		v = xreallocarray(NULL, (size_t)n->nkids, sizeof *v);
	for (i = n->first, k = 0; i != -1; i = nodes[i].next, k++) {
		eval(x, i, &v[k]);
		value_text(&v[k], tmp, sizeof tmp, &len);
		total += len;
		if (total > STR_MAX)
			break;
	}
	set_empty(out);
	if (total > 0 && total <= STR_MAX) {
		p = arena_alloc(x, total + 1);
		out->t = VT_STR;
		out->s = p;
		out->slen = total;
		for (k = 0; k < (size_t)n->nkids; k++) {
			t = value_text(&v[k], tmp, sizeof tmp, &len);
			memcpy(p, t, len);
			p += len;
		}
		*p = '\0';
	}
	if (v != small)
		free(v);
}

static void
eval_call(struct ectx *x, const struct expr_node *n, struct value *out)
{
	const struct expr_env	*env = x->env;
	const struct expr_node	*nodes = x->e->nodes;
	struct value		 a, b;
	int64_t			 today;
	int			 i, y, m, d;

	switch (n->fn) {
	case EF_IF:
		eval(x, n->first, &a);
		i = nodes[n->first].next;
		eval(x, is_true(&a) ? i : nodes[i].next, out);
		return;
	case EF_COALESCE:
		for (i = n->first; i != -1; i = nodes[i].next) {
			eval(x, i, out);
			if (!is_blank(out))
				return;
		}
		set_empty(out);
		return;
	case EF_TODAY:
		set_date(out, env->today);
		return;
	case EF_CONCAT:
		fn_concat(x, n, out);
		return;
	case EF_COUNT:
		set_num(out, env->count != NULL ? (double)env->count(env->arg,
		    nodes[n->first].ref) : 0);
		return;
	default:
		break;
	}
	eval(x, n->first, &a);
	if (n->nkids > 1)
		eval(x, nodes[n->first].next, &b);
	else
		set_empty(&b);
	set_empty(out);
	switch (n->fn) {
	case EF_AGE:
		today = env->today;
		if (a.t != VT_DATE || today < DATE_MIN || today > DATE_MAX)
			return;
		set_num(out, a.d <= today ? whole_years(a.d, today) :
		    -whole_years(today, a.d));
		return;
	case EF_DATE:
		if (a.t == VT_DATE)
			*out = a;
		else if (a.t == VT_STR && date_parse(a.s, &y, &m, &d) == 0)
			set_date(out, date_days(y, m, d));
		return;
	case EF_SELECTED:
		set_bool(out, a.t == VT_STR && b.t == VT_STR && b.slen > 0 &&
		    has_word(a.s, a.slen, b.s, b.slen));
		return;
	case EF_COUNT_SELECTED:
		set_num(out, a.t == VT_STR ? (double)count_words(a.s, a.slen) :
		    0);
		return;
	case EF_STRING_LENGTH:
		set_num(out, a.t == VT_STR ? (double)count_chars(a.s, a.slen) :
		    0);
		return;
	case EF_REGEX:
		if (a.t != VT_STR)
			return;
		set_bool(out, a.slen <= REGEX_INPUT_MAX && n->re != NULL &&
		    regexec(n->re, a.s, 0, NULL, 0) == 0);
		return;
	case EF_INT:
		if (a.t == VT_NUM)
			set_num(out, trunc(a.n));
		return;
	case EF_ROUND:
		if (a.t == VT_NUM && b.t == VT_NUM)
			set_num(out, round_to(a.n, b.n));
		return;
	case EF_NUMBER:
		if (a.t == VT_NUM)
			*out = a;
		else if (a.t == VT_STR) {
			while (a.slen > 0 && a.s[0] == ' ') {
				a.s++;
				a.slen--;
			}
			while (a.slen > 0 && a.s[a.slen - 1] == ' ')
				a.slen--;
			if (expr_number(a.s, a.slen, 1, &out->n) == 0)
				set_num(out, out->n);
		}
		return;
	default:
		return;
	}
}

/*
 * Evaluate node i. The result is empty or of the node's checked type; the
 * recursion is as deep as the tree, which the parser keeps within
 * EXPR_MAX_DEPTH.
 */
static void
eval(struct ectx *x, int i, struct value *out)
{
	const struct expr_env	*env = x->env;
	const struct expr_node	*n = &x->e->nodes[i];
	int			 k;

	switch (n->kind) {
	case EK_NUM:
		set_num(out, n->n);
		return;
	case EK_STR:
		set_empty(out);
		if (n->as_date)
			set_date(out, n->d);
		else if (!n->adopted) {
			out->t = VT_STR;
			out->s = n->s;
			out->slen = n->slen;
		}
		return;
	case EK_BOOL:
		set_bool(out, n->b);
		return;
	case EK_REF:
		from_text(env->value != NULL ? env->value(env->arg, n->ref) :
		    NULL, n->type, out);
		return;
	case EK_SELF:
		from_text(env->self, n->type, out);
		return;
	case EK_ATTR:
		from_text(env->attr != NULL ? env->attr(env->arg, n->s) : NULL,
		    VT_STR, out);
		return;
	case EK_OR:
	case EK_AND:
		for (k = n->first; k != -1; k = x->e->nodes[k].next) {
			eval(x, k, out);
			if (is_true(out) == (n->kind == EK_OR)) {
				set_bool(out, n->kind == EK_OR);
				return;
			}
		}
		set_bool(out, n->kind == EK_AND);
		return;
	case EK_NOT:
		eval(x, n->first, out);
		set_bool(out, !is_true(out));
		return;
	case EK_CMP:
		eval_cmp(x, n, out);
		return;
	case EK_ARITH:
		eval_arith(x, n, out);
		return;
	case EK_NEG:
		eval(x, n->first, out);
		if (out->t == VT_NUM)
			set_num(out, -out->n);
		else
			set_empty(out);
		return;
	case EK_CALL:
		eval_call(x, n, out);
		return;
	}
	set_empty(out);
}

/*
 * A string result is copied into the expression's own buffer, so that it
 * outlives the arena and the answers it came from.
 */
static void
keep(const struct expr *e, struct value *out)
{
	struct buf	*r = e->result;
	uintptr_t	 s = (uintptr_t)out->s, p = (uintptr_t)r->p;

	if (r->p != NULL && s >= p && s < p + r->cap)
		memmove(r->p, out->s, out->slen);
	else {
		buf_reset(r);
		buf_add(r, out->s, out->slen);
		buf_add(r, "", 1);
	}
	r->p[out->slen] = '\0';
	out->s = (const char *)r->p;
}

int
expr_eval(const struct expr *e, const struct expr_env *env,
    struct value *out)
{
	struct ectx	x;

	set_empty(out);
	if (e == NULL || !e->checked || env == NULL)
		return (-1);
	x.e = e;
	x.env = env;
	x.blocks = NULL;
	x.used = 0;
	eval(&x, e->root, out);
	if (out->t == VT_STR)
		keep(e, out);
	arena_free(&x);
	return (0);
}

/* 1 only for a true condition: empty, false and errors are 0. */
int
expr_true(const struct expr *e, const struct expr_env *env)
{
	struct value	v;

	if (expr_eval(e, env, &v) != 0)
		return (0);
	return (is_true(&v));
}

/* The canonical text of a value, as a calculation stores it; NULL if empty. */
char *
expr_format(const struct value *v)
{
	char		 tmp[64];
	const char	*t;
	size_t		 len;

	if (v->t == VT_NUM && !isfinite(v->n))
		return (NULL);
	if (v->t == VT_STR && v->s == NULL)
		return (NULL);
	t = value_text(v, tmp, sizeof tmp, &len);
	if (len == 0)
		return (NULL);
	return (xstrndup(t, len));
}
