/* expr.c: the form expression language: lexer, parser and type checker. */

#include "config.h"

#include <regex.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "amparo.h"

/*
 * The grammar, lowest precedence first. Comparisons do not chain (a < b < c
 * is an error); the other binary operators group to the left.
 *
 *	expr	= and { "or" and }
 *	and	= not { "and" not }
 *	not	= "not" not | cmp		("not" not followed by "(")
 *	cmp	= sum [ cmpop sum ]
 *	cmpop	= "=" | "!=" | "<" | "<=" | ">" | ">="
 *	sum	= term { ( "+" | "-" ) term }
 *	term	= unary { ( "*" | "div" | "mod" ) unary }
 *	unary	= "-" unary | primary
 *	primary	= number | string | "${" id "}" | "." | name
 *		| name "(" [ expr { "," expr } ] ")"	(a function)
 *		| "not" "(" expr ")"			(a function, as in XPath)
 *		| "(" expr ")"
 *	number	= digit { digit } [ "." { digit } ] | "." digit { digit }
 *	string	= "'" { char but "'" } "'" | '"' { char but '"' } '"'
 *	id	= [a-z] { [a-z0-9_] }		(at most 64 characters)
 *	name	= [A-Za-z_] { [A-Za-z0-9_] } { "-" [A-Za-z] { [A-Za-z0-9_] } }
 *
 * Space, tab, CR and LF may stand between any two tokens. The keywords
 * (or and not div mod) and function names are lower case. Strings have no
 * escapes. A bare name (not followed by "(") is an attribute of the choice
 * being filtered, allowed only in a choice_filter. "not(x) = y" is
 * (not(x)) = y, as in XPath; "not x = y" is not (x = y).
 *
 * Functions, with their arity: if(c, a, b), coalesce(a, b, ...), today(),
 * age(date), date(text), selected(text, text), count-selected(text),
 * string-length(text), regex(text, 'pattern'), count(${group}),
 * concat(a, ...), int(n), round(n, digits), number(text), not(c), true(),
 * false().
 *
 * Types, checked by expr_check (bool, number, string, date; a repeat
 * group only as count()'s argument): + takes numbers, or a date and a
 * number (a date); - takes numbers, a date and a number (a date) or two
 * dates (the days between, a number); *, div and mod take numbers; unary -
 * a number. A comparison takes two values of one type, and <, <=, >, >= not
 * bools; a string literal compared with a date must be a date (YYYY-MM-DD)
 * and is read as one; = and != also take '' against any type. and, or and
 * not take bools, never a bare text field. if() takes a bool and two values
 * of one type, where '' stands for an empty value of the other's type, as
 * it does in coalesce(), whose arguments are of one type too. A string
 * literal where a date belongs (age('2000-01-01')) is read as a date.
 * regex()'s pattern is a string literal, compiled when checked.
 *
 * Limits: EXPR_MAX_LEN characters, EXPR_MAX_NODES nodes (literals,
 * references, operators and calls; a run of one operator is one node), and
 * EXPR_MAX_DEPTH levels of nesting (parentheses, calls, "not" and unary
 * "-"), so that parsing, checking and evaluating recurse a bounded number
 * of times.
 */

#define ID_MAX		64	/* characters of a field id */
#define RE_MAX		256	/* bytes of a regex() pattern */
#define RE_COST_MAX	1000	/* nodes of a pattern once repeats expand */
#define RE_STACKED	(RE_COST_MAX + 2)
#define SHOW_MAX	32	/* bytes of a token quoted in a message */
/*
 * Each level of nesting holds at most six levels of tree (or, and, a
 * comparison, a sum, a term, a leaf), so this is never reached; it is the
 * bound on evaluation's recursion all the same.
 */
#define TREE_MAX_DEPTH	(8 * EXPR_MAX_DEPTH)

enum tok {
	T_END, T_ERR, T_NUM, T_STR, T_REF, T_DOT, T_NAME, T_LP, T_RP, T_COMMA,
	T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_PLUS, T_MINUS, T_STAR,
	T_OR, T_AND, T_NOT, T_DIV, T_MOD
};

struct token {
	enum tok	 t;
	size_t		 off, len;
};

struct parser {
	struct expr	*e;
	const char	*s;
	size_t		 len;
	struct token	*toks;
	size_t		 ntoks, cap, at;
	struct expr_err	 lexerr;	/* why lexing stopped at T_ERR */
	int		 nest;
	int		 failed;
	struct expr_err	*err;
};

struct checker {
	struct expr		*e;
	const struct expr_scope	*sc;
	struct expr_err		*err;
	int			 failed;
};

enum fkind { FK_CALL, FK_NOT, FK_TRUE, FK_FALSE };

static const struct fndef {
	const char	*name;
	enum fkind	 kind;
	enum expr_fn	 fn;
	int		 min, max;	/* arguments; max -1: any number */
} fn_table[] = {
	{ "if", FK_CALL, EF_IF, 3, 3 },
	{ "coalesce", FK_CALL, EF_COALESCE, 2, -1 },
	{ "today", FK_CALL, EF_TODAY, 0, 0 },
	{ "age", FK_CALL, EF_AGE, 1, 1 },
	{ "date", FK_CALL, EF_DATE, 1, 1 },
	{ "selected", FK_CALL, EF_SELECTED, 2, 2 },
	{ "count-selected", FK_CALL, EF_COUNT_SELECTED, 1, 1 },
	{ "string-length", FK_CALL, EF_STRING_LENGTH, 1, 1 },
	{ "regex", FK_CALL, EF_REGEX, 2, 2 },
	{ "count", FK_CALL, EF_COUNT, 1, 1 },
	{ "concat", FK_CALL, EF_CONCAT, 1, -1 },
	{ "int", FK_CALL, EF_INT, 1, 1 },
	{ "round", FK_CALL, EF_ROUND, 2, 2 },
	{ "number", FK_CALL, EF_NUMBER, 1, 1 },
	{ "not", FK_NOT, EF_IF, 1, 1 },
	{ "true", FK_TRUE, EF_IF, 0, 0 },
	{ "false", FK_FALSE, EF_IF, 0, 0 },
};

static const char *const keywords[] = { "or", "and", "not", "div", "mod" };

static const char *const op_names[] = {
	[EO_NONE] = "", [EO_EQ] = "=", [EO_NE] = "!=", [EO_LT] = "<",
	[EO_LE] = "<=", [EO_GT] = ">", [EO_GE] = ">=", [EO_ADD] = "+",
	[EO_SUB] = "-", [EO_MUL] = "*", [EO_DIV] = "div", [EO_MOD] = "mod"
};

/* What a value of each type is called in messages ("not text and a date"). */
static const char *const type_names[] = {
	[VT_EMPTY] = N_("nothing"),
	[VT_BOOL] = N_("a condition"),
	[VT_NUM] = N_("a number"),
	[VT_STR] = N_("text"),
	[VT_DATE] = N_("a date"),
	[VT_GROUP] = N_("a repeat group")
};

static int	parse_or(struct parser *);

static const char *
tname(enum vtype t)
{
	if ((size_t)t >= nitems(type_names))
		t = VT_EMPTY;
	return (_(type_names[t]));
}

static void AMP_PRINTF(3, 0)
verr_set(struct expr_err *err, size_t off, const char *fmt, va_list ap)
{
	if (err == NULL)
		return;
	err->offset = off;
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

static void AMP_PRINTF(3, 4)
perr(struct parser *p, size_t off, const char *fmt, ...)
{
	va_list	ap;

	if (p->failed)
		return;
	p->failed = 1;
	va_start(ap, fmt);
	verr_set(p->err, off, fmt, ap);
	va_end(ap);
}

static int AMP_PRINTF(3, 4)
cerr(struct checker *c, size_t off, const char *fmt, ...)
{
	va_list	ap;

	if (!c->failed) {
		c->failed = 1;
		va_start(ap, fmt);
		verr_set(c->err, off, fmt, ap);
		va_end(ap);
	}
	return (-1);
}

/*
 * A piece of the text for a message: at most SHOW_MAX bytes, cut at a
 * character boundary, "..." added if cut.
 */
static const char *
show(const char *s, size_t len, char *out, size_t size)
{
	size_t	n = len;

	if (n > SHOW_MAX) {
		n = SHOW_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	snprintf(out, size, "%.*s%s", (int)n, s, n < len ? "..." : "");
	return (out);
}

/*
 * The function a mistyped name most likely meant: the closest by whole
 * name or by one of its hyphenated parts ("lenght" is two edits from the
 * "length" of "string-length"), within two edits (one for short names).
 * NULL if none is that close.
 */
static const char *
fn_suggest(const char *s, size_t len)
{
	const char	*best = NULL, *name, *part, *dash;
	char		 typed[ID_MAX + 1], piece[ID_MAX + 1];
	size_t		 i, d, bestd, plen;

	if (len > ID_MAX)
		return (NULL);
	memcpy(typed, s, len);
	typed[len] = '\0';
	bestd = len <= 3 ? 2 : 3;
	for (i = 0; i < nitems(fn_table); i++) {
		name = fn_table[i].name;
		if ((d = edit_distance(typed, name)) < bestd) {
			bestd = d;
			best = name;
		}
		if (strchr(name, '-') == NULL || len <= 3)
			continue;
		for (part = name; part != NULL; part = dash != NULL ?
		    dash + 1 : NULL) {
			dash = strchr(part, '-');
			plen = dash != NULL ? (size_t)(dash - part) :
			    strlen(part);
			memcpy(piece, part, plen);
			piece[plen] = '\0';
			if ((d = edit_distance(typed, piece)) < bestd) {
				bestd = d;
				best = name;
			}
		}
	}
	return (best);
}

static const struct fndef *
fn_find(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < nitems(fn_table); i++) {
		if (strlen(fn_table[i].name) == len &&
		    memcmp(fn_table[i].name, s, len) == 0)
			return (&fn_table[i]);
	}
	return (NULL);
}

/* Lexer. */

static int
is_space(char c)
{
	return (c == ' ' || c == '\t' || c == '\n' || c == '\r');
}

static int
is_digit(char c)
{
	return (c >= '0' && c <= '9');
}

static int
is_alpha(char c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_');
}

static void
tok_add(struct parser *p, enum tok t, size_t off, size_t len)
{
	XGROW(p->toks, p->ntoks, p->cap);
	p->toks[p->ntoks].t = t;
	p->toks[p->ntoks].off = off;
	p->toks[p->ntoks].len = len;
	p->ntoks++;
}

/* Stop lexing at off: the parser reports why if it gets that far. */
static void AMP_PRINTF(3, 4)
lex_fail(struct parser *p, size_t off, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	verr_set(&p->lexerr, off, fmt, ap);
	va_end(ap);
	tok_add(p, T_ERR, off, 0);
}

/* A field reference at s[i] = '$'. Returns the length, or 0 (failed). */
static size_t
lex_ref(struct parser *p, size_t i)
{
	const char	*s = p->s;
	size_t		 j, k;
	char		 tmp[SHOW_MAX + 4];

	if (i + 1 >= p->len || s[i + 1] != '{') {
		lex_fail(p, i, _("a field is written ${name}"));
		return (0);
	}
	j = i + 2;
	for (k = j; k < p->len && s[k] != '}'; k++) {
		if (is_space(s[k]) || s[k] == '$' || s[k] == '\'' ||
		    s[k] == '"' || s[k] == '(' || s[k] == ')')
			break;
	}
	if (k >= p->len || s[k] != '}') {
		lex_fail(p, i, _("\"${\" is not closed with \"}\""));
		return (0);
	}
	if (k == j) {
		lex_fail(p, i, _("a field name is missing in \"${}\""));
		return (0);
	}
	if (k - j > ID_MAX) {
		lex_fail(p, i, _("the field name is too long (at most %d characters)"), ID_MAX);
		return (0);
	}
	if (!(s[j] >= 'a' && s[j] <= 'z'))
		goto bad;
	for (; j < k; j++) {
		if (!((s[j] >= 'a' && s[j] <= 'z') || is_digit(s[j]) ||
		    s[j] == '_'))
			goto bad;
	}
	return (k + 1 - i);
bad:
	lex_fail(p, i, _("bad field name \"%s\": lower-case letters, digits and _, starting with a letter"),
	    show(s + i + 2, k - i - 2, tmp, sizeof tmp));
	return (0);
}

/* Split the whole text into tokens, ending with T_END or T_ERR. */
static void
lex(struct parser *p)
{
	const char	*s = p->s;
	size_t		 i = 0, j, n;
	uint32_t	 cp;
	char		 c, tmp[SHOW_MAX + 4];

	for (;;) {
		while (i < p->len && is_space(s[i]))
			i++;
		if (i >= p->len) {
			tok_add(p, T_END, p->len, 0);
			return;
		}
		c = s[i];
		switch (c) {
		case '(':
			tok_add(p, T_LP, i++, 1);
			continue;
		case ')':
			tok_add(p, T_RP, i++, 1);
			continue;
		case ',':
			tok_add(p, T_COMMA, i++, 1);
			continue;
		case '+':
			tok_add(p, T_PLUS, i++, 1);
			continue;
		case '-':
			tok_add(p, T_MINUS, i++, 1);
			continue;
		case '*':
			tok_add(p, T_STAR, i++, 1);
			continue;
		case '=':
			if (i + 1 < p->len && s[i + 1] == '=') {
				lex_fail(p, i, _("\"==\" is not an operator: use ="));
				return;
			}
			tok_add(p, T_EQ, i++, 1);
			continue;
		case '!':
			if (i + 1 < p->len && s[i + 1] == '=') {
				tok_add(p, T_NE, i, 2);
				i += 2;
				continue;
			}
			lex_fail(p, i, _("\"!\" is not an operator: use not(...)"));
			return;
		case '<':
			if (i + 1 < p->len && s[i + 1] == '>') {
				lex_fail(p, i, _("\"<>\" is not an operator: use !="));
				return;
			}
			if (i + 1 < p->len && s[i + 1] == '=') {
				tok_add(p, T_LE, i, 2);
				i += 2;
			} else
				tok_add(p, T_LT, i++, 1);
			continue;
		case '>':
			if (i + 1 < p->len && s[i + 1] == '=') {
				tok_add(p, T_GE, i, 2);
				i += 2;
			} else
				tok_add(p, T_GT, i++, 1);
			continue;
		case '/':
			lex_fail(p, i, _("\"/\" is not an operator: use div for division"));
			return;
		case '%':
			lex_fail(p, i, _("\"%%\" is not an operator: use mod for the remainder"));
			return;
		case '&':
			lex_fail(p, i, _("\"&\" is not an operator: use and"));
			return;
		case '|':
			lex_fail(p, i, _("\"|\" is not an operator: use or"));
			return;
		case '\'':
		case '"':
			for (j = i + 1; j < p->len && s[j] != c; j++)
				;
			if (j >= p->len) {
				lex_fail(p, i, _("an unterminated string"));
				return;
			}
			tok_add(p, T_STR, i, j + 1 - i);
			i = j + 1;
			continue;
		case '$':
			if ((n = lex_ref(p, i)) == 0)
				return;
			tok_add(p, T_REF, i, n);
			i += n;
			continue;
		default:
			break;
		}
		if (is_digit(c) || (c == '.' && i + 1 < p->len &&
		    is_digit(s[i + 1]))) {
			for (j = i; j < p->len && is_digit(s[j]); j++)
				;
			if (j < p->len && s[j] == '.')
				for (j++; j < p->len && is_digit(s[j]); j++)
					;
			tok_add(p, T_NUM, i, j - i);
			i = j;
			continue;
		}
		if (c == '.') {
			tok_add(p, T_DOT, i++, 1);
			continue;
		}
		if (is_alpha(c)) {
			j = i + 1;
			for (;;) {
				while (j < p->len && (is_alpha(s[j]) ||
				    is_digit(s[j])))
					j++;
				if (j + 1 < p->len && s[j] == '-' &&
				    is_alpha(s[j + 1]) && s[j + 1] != '_')
					j++;
				else
					break;
			}
			n = j - i;
			if (n == 2 && memcmp(s + i, "or", 2) == 0)
				tok_add(p, T_OR, i, n);
			else if (n == 3 && memcmp(s + i, "and", 3) == 0)
				tok_add(p, T_AND, i, n);
			else if (n == 3 && memcmp(s + i, "not", 3) == 0)
				tok_add(p, T_NOT, i, n);
			else if (n == 3 && memcmp(s + i, "div", 3) == 0)
				tok_add(p, T_DIV, i, n);
			else if (n == 3 && memcmp(s + i, "mod", 3) == 0)
				tok_add(p, T_MOD, i, n);
			else
				tok_add(p, T_NAME, i, n);
			i = j;
			continue;
		}
		n = utf8_decode(s + i, p->len - i, &cp);
		if (n == 0 || (unsigned char)c < 0x20 || c == 0x7f)
			lex_fail(p, i, _("unexpected character (code %u)"),
			    (unsigned)(n == 0 ? (unsigned char)c : cp));
		else
			lex_fail(p, i, _("unexpected \"%s\""),
			    show(s + i, n, tmp, sizeof tmp));
		return;
	}
}

/* Parser. */

static struct token *
cur(struct parser *p)
{
	return (&p->toks[p->at]);
}

static struct token *
peek(struct parser *p)
{
	if (p->toks[p->at].t == T_END || p->toks[p->at].t == T_ERR)
		return (&p->toks[p->at]);
	return (&p->toks[p->at + 1]);
}

static void
advance(struct parser *p)
{
	if (p->toks[p->at].t != T_END && p->toks[p->at].t != T_ERR)
		p->at++;
}

/* A keyword written in another case ("AND"): the keyword, or NULL. */
static const char *
is_keyword(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < nitems(keywords); i++) {
		if (strlen(keywords[i]) == len &&
		    strncasecmp(keywords[i], s, len) == 0)
			return (keywords[i]);
	}
	return (NULL);
}

/* Report that the current token does not fit; why says what was wanted. */
static int
unexpected(struct parser *p, const char *why)
{
	struct token	*t = cur(p), *prev;
	const char	*kw;
	char		 tmp[SHOW_MAX + 4];

	if (t->t == T_ERR) {
		if (p->err != NULL && !p->failed)
			*p->err = p->lexerr;
		p->failed = 1;
		return (-1);
	}
	if (why != NULL) {
		perr(p, t->off, "%s", why);
		return (-1);
	}
	if (t->t == T_END) {
		prev = p->at > 0 ? &p->toks[p->at - 1] : NULL;
		if (prev == NULL)
			perr(p, t->off, _("the expression is empty"));
		else
			perr(p, t->off, _("expected a value after \"%s\""),
			    show(p->s + prev->off, prev->len, tmp,
			    sizeof tmp));
		return (-1);
	}
	show(p->s + t->off, t->len, tmp, sizeof tmp);
	kw = t->t == T_NAME ? is_keyword(p->s + t->off, t->len) : NULL;
	if (kw != NULL) {
		perr(p, t->off, _("unexpected \"%s\" (write %s in lower case)"),
		    tmp, kw);
		return (-1);
	}
	perr(p, t->off, _("unexpected \"%s\""), tmp);
	return (-1);
}

static int
nest_in(struct parser *p, size_t off)
{
	if (++p->nest > EXPR_MAX_DEPTH) {
		perr(p, off, _("nested too deeply (at most %d levels)"),
		    EXPR_MAX_DEPTH);
		return (-1);
	}
	return (0);
}

static int
node_new(struct parser *p, enum expr_kind kind, size_t off)
{
	struct expr		*e = p->e;
	struct expr_node	*n;

	if (e->nnodes >= EXPR_MAX_NODES) {
		perr(p, off, _("too long (at most %d terms)"), EXPR_MAX_NODES);
		return (-1);
	}
	XGROW(e->nodes, e->nnodes, e->cap);
	n = &e->nodes[e->nnodes];
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->off = n->opoff = n->joinoff = off;
	n->first = n->next = -1;
	n->depth = 1;
	return (e->nnodes++);
}

/* Append child kid to node parent; *last is the previous child or -1. */
static int
node_add(struct parser *p, int parent, int kid, int *last)
{
	struct expr_node	*nodes = p->e->nodes;

	if (*last == -1)
		nodes[parent].first = kid;
	else
		nodes[*last].next = kid;
	*last = kid;
	nodes[parent].nkids++;
	if (nodes[kid].depth + 1 > nodes[parent].depth)
		nodes[parent].depth = nodes[kid].depth + 1;
	if (nodes[parent].depth > TREE_MAX_DEPTH) {
		perr(p, nodes[kid].off, _("nested too deeply (at most %d levels)"),
		    EXPR_MAX_DEPTH);
		return (-1);
	}
	return (0);
}

/* A function call: the name is the current token, "(" the next. */
static int
parse_call(struct parser *p)
{
	struct token		*name = cur(p);
	const struct fndef	*fd;
	const char		*hint;
	char			 tmp[SHOW_MAX + 4];
	size_t			 off = name->off;
	int			 i, kid, last = -1, nargs = 0;

	fd = fn_find(p->s + name->off, name->len);
	if (fd == NULL) {
		show(p->s + name->off, name->len, tmp, sizeof tmp);
		hint = fn_suggest(p->s + name->off, name->len);
		if (hint != NULL)
			perr(p, off, _("unknown function \"%s\" (did you mean \"%s\"?)"),
			    tmp, hint);
		else
			perr(p, off, _("unknown function \"%s\""), tmp);
		return (-1);
	}
	switch (fd->kind) {
	case FK_NOT:
		i = node_new(p, EK_NOT, off);
		break;
	case FK_TRUE:
	case FK_FALSE:
		if ((i = node_new(p, EK_BOOL, off)) >= 0)
			p->e->nodes[i].b = fd->kind == FK_TRUE;
		break;
	default:
		if ((i = node_new(p, EK_CALL, off)) >= 0)
			p->e->nodes[i].fn = fd->fn;
		break;
	}
	if (i < 0)
		return (-1);
	advance(p);
	p->e->nodes[i].opoff = cur(p)->off;
	if (nest_in(p, cur(p)->off) != 0)
		return (-1);
	advance(p);
	if (cur(p)->t != T_RP) {
		for (;;) {
			if ((kid = parse_or(p)) < 0)
				return (-1);
			if (node_add(p, i, kid, &last) != 0)
				return (-1);
			nargs++;
			if (cur(p)->t == T_COMMA) {
				advance(p);
				continue;
			}
			if (cur(p)->t == T_RP)
				break;
			return (unexpected(p, _("expected \",\" or \")\"")));
		}
	}
	advance(p);
	p->nest--;
	if (nargs < fd->min || (fd->max >= 0 && nargs > fd->max)) {
		if (fd->max == 0)
			perr(p, off, _("%s() takes no arguments"), fd->name);
		else if (fd->max < 0)
			perr(p, off, ngettext("%s() takes at least %d argument",
			    "%s() takes at least %d arguments", fd->min),
			    fd->name, fd->min);
		else
			perr(p, off, ngettext("%s() takes %d argument",
			    "%s() takes %d arguments", fd->min),
			    fd->name, fd->min);
		return (-1);
	}
	return (i);
}

static int
parse_primary(struct parser *p)
{
	struct token	*t = cur(p);
	int		 i;
	double		 v;

	switch (t->t) {
	case T_NUM:
		if (expr_number(p->s + t->off, t->len, 0, &v) != 0) {
			perr(p, t->off, _("the number is too long"));
			return (-1);
		}
		if ((i = node_new(p, EK_NUM, t->off)) < 0)
			return (-1);
		p->e->nodes[i].n = v;
		advance(p);
		return (i);
	case T_STR:
	case T_REF:
		i = node_new(p, t->t == T_STR ? EK_STR : EK_REF, t->off);
		if (i < 0)
			return (-1);
		p->e->nodes[i].s = xstrndup(p->s + t->off + (t->t == T_STR ?
		    1 : 2), t->len - (t->t == T_STR ? 2 : 3));
		p->e->nodes[i].slen = strlen(p->e->nodes[i].s);
		advance(p);
		return (i);
	case T_DOT:
		if ((i = node_new(p, EK_SELF, t->off)) < 0)
			return (-1);
		advance(p);
		return (i);
	case T_NOT:
		if (peek(p)->t == T_LP)
			return (parse_call(p));
		return (unexpected(p, NULL));
	case T_NAME:
		if (peek(p)->t == T_LP)
			return (parse_call(p));
		if (is_keyword(p->s + t->off, t->len))
			return (unexpected(p, NULL));
		if ((i = node_new(p, EK_ATTR, t->off)) < 0)
			return (-1);
		p->e->nodes[i].s = xstrndup(p->s + t->off, t->len);
		p->e->nodes[i].slen = t->len;
		advance(p);
		return (i);
	case T_LP:
		if (nest_in(p, t->off) != 0)
			return (-1);
		advance(p);
		if ((i = parse_or(p)) < 0)
			return (-1);
		if (cur(p)->t != T_RP)
			return (unexpected(p, _("expected \")\"")));
		advance(p);
		p->nest--;
		return (i);
	default:
		return (unexpected(p, NULL));
	}
}

static int
parse_unary(struct parser *p)
{
	size_t	off;
	int	i, kid, last = -1;

	if (cur(p)->t != T_MINUS)
		return (parse_primary(p));
	off = cur(p)->off;
	if (nest_in(p, off) != 0)
		return (-1);
	advance(p);
	if ((kid = parse_unary(p)) < 0)
		return (-1);
	p->nest--;
	if (p->e->nodes[kid].kind == EK_NUM) {
		p->e->nodes[kid].n = -p->e->nodes[kid].n;
		p->e->nodes[kid].off = off;
		return (kid);
	}
	if ((i = node_new(p, EK_NEG, off)) < 0)
		return (-1);
	if (node_add(p, i, kid, &last) != 0)
		return (-1);
	return (i);
}

static enum expr_op
arith_op(enum tok t, int sum)
{
	if (sum)
		return (t == T_PLUS ? EO_ADD : t == T_MINUS ? EO_SUB : EO_NONE);
	switch (t) {
	case T_STAR:
		return (EO_MUL);
	case T_DIV:
		return (EO_DIV);
	case T_MOD:
		return (EO_MOD);
	default:
		return (EO_NONE);
	}
}

/* A run of + and - (sum) or of *, div and mod, as one EK_ARITH node. */
static int
parse_arith(struct parser *p, int sum)
{
	enum expr_op	op;
	size_t		off;
	int		i = -1, kid, last = -1;

	kid = sum ? parse_arith(p, 0) : parse_unary(p);
	if (kid < 0)
		return (-1);
	while ((op = arith_op(cur(p)->t, sum)) != EO_NONE) {
		off = cur(p)->off;
		if (i == -1) {
			i = node_new(p, EK_ARITH, p->e->nodes[kid].off);
			if (i < 0 || node_add(p, i, kid, &last) != 0)
				return (-1);
		}
		advance(p);
		kid = sum ? parse_arith(p, 0) : parse_unary(p);
		if (kid < 0)
			return (-1);
		p->e->nodes[kid].join = op;
		p->e->nodes[kid].joinoff = off;
		if (node_add(p, i, kid, &last) != 0)
			return (-1);
	}
	return (i != -1 ? i : kid);
}

static enum expr_op
cmp_op(enum tok t)
{
	switch (t) {
	case T_EQ:
		return (EO_EQ);
	case T_NE:
		return (EO_NE);
	case T_LT:
		return (EO_LT);
	case T_LE:
		return (EO_LE);
	case T_GT:
		return (EO_GT);
	case T_GE:
		return (EO_GE);
	default:
		return (EO_NONE);
	}
}

static int
parse_cmp(struct parser *p)
{
	enum expr_op	op;
	size_t		off;
	int		i, a, b, last = -1;

	if ((a = parse_arith(p, 1)) < 0)
		return (-1);
	if ((op = cmp_op(cur(p)->t)) == EO_NONE)
		return (a);
	off = cur(p)->off;
	advance(p);
	if ((b = parse_arith(p, 1)) < 0)
		return (-1);
	if (cmp_op(cur(p)->t) != EO_NONE) {
		perr(p, cur(p)->off, _("comparisons do not chain: join them with and"));
		return (-1);
	}
	if ((i = node_new(p, EK_CMP, p->e->nodes[a].off)) < 0)
		return (-1);
	p->e->nodes[i].op = op;
	p->e->nodes[i].opoff = off;
	if (node_add(p, i, a, &last) != 0 || node_add(p, i, b, &last) != 0)
		return (-1);
	return (i);
}

static int
parse_not(struct parser *p)
{
	size_t	off;
	int	i, kid, last = -1;

	if (cur(p)->t != T_NOT || peek(p)->t == T_LP)
		return (parse_cmp(p));
	off = cur(p)->off;
	if (nest_in(p, off) != 0)
		return (-1);
	advance(p);
	if ((kid = parse_not(p)) < 0)
		return (-1);
	p->nest--;
	if ((i = node_new(p, EK_NOT, off)) < 0)
		return (-1);
	if (node_add(p, i, kid, &last) != 0)
		return (-1);
	return (i);
}

/* A run of "and" (and) or of "or", as one node. */
static int
parse_bool(struct parser *p, int and)
{
	enum tok	t = and ? T_AND : T_OR;
	size_t		off;
	int		i = -1, kid, last = -1;

	if ((kid = and ? parse_not(p) : parse_bool(p, 1)) < 0)
		return (-1);
	while (cur(p)->t == t) {
		off = cur(p)->off;
		if (i == -1) {
			i = node_new(p, and ? EK_AND : EK_OR,
			    p->e->nodes[kid].off);
			if (i < 0 || node_add(p, i, kid, &last) != 0)
				return (-1);
			p->e->nodes[i].opoff = off;
		}
		advance(p);
		if ((kid = and ? parse_not(p) : parse_bool(p, 1)) < 0)
			return (-1);
		p->e->nodes[kid].joinoff = off;
		if (node_add(p, i, kid, &last) != 0)
			return (-1);
	}
	return (i != -1 ? i : kid);
}

static int
parse_or(struct parser *p)
{
	return (parse_bool(p, 0));
}

struct expr *
expr_parse(const char *text, struct expr_err *err)
{
	struct parser	 p;
	struct expr	*e;
	size_t		 i, n, chars;
	uint32_t	 cp;

	if (err != NULL) {
		err->offset = 0;
		err->msg[0] = '\0';
	}
	memset(&p, 0, sizeof p);
	p.err = err;
	p.s = text;
	p.len = strnlen(text, 4 * (size_t)EXPR_MAX_LEN + 4);
	for (i = 0, chars = 0; i < p.len; i += n, chars++) {
		if (chars == EXPR_MAX_LEN) {
			perr(&p, i, _("too long (at most %d characters)"),
			    EXPR_MAX_LEN);
			return (NULL);
		}
		if ((n = utf8_decode(text + i, p.len - i, &cp)) == 0) {
			perr(&p, i, _("not valid UTF-8 text"));
			return (NULL);
		}
	}
	e = xcalloc(1, sizeof *e);
	e->text = xstrndup(text, p.len);
	e->result = xcalloc(1, sizeof *e->result);
	e->root = -1;
	p.e = e;
	p.s = e->text;
	lex(&p);
	e->root = parse_or(&p);
	if (!p.failed && cur(&p)->t != T_END)
		unexpected(&p, NULL);
	free(p.toks);
	if (p.failed || e->root < 0) {
		expr_free(e);
		return (NULL);
	}
	return (e);
}

/* Checker. */

static int
is_str_lit(const struct expr_node *n)
{
	return (n->kind == EK_STR && !n->as_date && !n->adopted);
}

/* A string literal where a date belongs: "YYYY-MM-DD", converted now. */
static int
to_date(struct checker *c, struct expr_node *n)
{
	const char	*s = n->s;
	char		 tmp[SHOW_MAX + 4];
	int		 y, m, d, i;

	for (i = 0; i < 10 && n->slen == 10; i++) {
		if (i == 4 || i == 7 ? s[i] != '-' : !is_digit(s[i]))
			break;
	}
	if (i != 10 || date_parse(s, &y, &m, &d) != 0)
		return (cerr(c, n->off, _("\"%s\" is not a date (YYYY-MM-DD)"),
		    show(n->s, n->slen, tmp, sizeof tmp)));
	n->as_date = 1;
	n->d = date_days(y, m, d);
	n->type = VT_DATE;
	return (0);
}

/*
 * Make node n a value of type t if it can be: a literal '' stands for an
 * empty value of any type (where blank allows it), and a string literal
 * for a date. 0 if it fits, 1 if not, -1 on an error (a bad date).
 */
static int
fit(struct checker *c, struct expr_node *n, enum vtype t, int blank)
{
	if (n->type == t)
		return (0);
	if (!is_str_lit(n) || t == VT_GROUP)
		return (1);
	if (blank && n->slen == 0) {
		n->adopted = 1;
		n->type = t;
		return (0);
	}
	if (t == VT_DATE)
		return (to_date(c, n));
	return (1);
}

/* Make a and b agree in type; 0 if they do, 1 if not, -1 on an error. */
static int
unify(struct checker *c, struct expr_node *a, struct expr_node *b,
    int blank)
{
	int	r;

	if (a->type == b->type)
		return (0);
	if (is_str_lit(a) && !is_str_lit(b) &&
	    (r = fit(c, a, b->type, blank)) <= 0)
		return (r);
	if (is_str_lit(b) && (r = fit(c, b, a->type, blank)) <= 0)
		return (r);
	return (1);
}

/*
 * Does an extended regular expression use back-references (\1 to \9)?
 * Reading backslash pairs from the left finds every one; "[\1]" (a bracket
 * of "\" and "1") is refused too, which costs nothing.
 */
static int
re_backref(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i + 1 < len; i++) {
		if (s[i] != '\\')
			continue;
		if (s[i + 1] >= '1' && s[i + 1] <= '9')
			return (1);
		i++;
	}
	return (0);
}

static size_t
sat_mul(size_t a, size_t b)
{
	if (a != 0 && b > (RE_COST_MAX + 1) / a)
		return (RE_COST_MAX + 1);
	return (a * b);
}

static size_t
sat_add(size_t a, size_t b)
{
	return (a + b > RE_COST_MAX + 1 ? RE_COST_MAX + 1 : a + b);
}

/* A repeat count in a pattern's braces, saturated; i is left after it. */
static size_t
re_count(const char *s, size_t len, size_t *i)
{
	size_t	v = 0;

	while (*i < len && is_digit(s[*i])) {
		v = sat_add(sat_mul(v, 10), (size_t)(s[*i] - '0'));
		(*i)++;
	}
	return (v);
}

/*
 * How many nodes a pattern compiles to once repeats are expanded: regcomp
 * copies x{1000} a thousand times and x+ twice, so a short pattern such as
 * ((a{100}){100}){100} or ()++++++++ would take gigabytes. Every atom,
 * group and operator is a node. Saturates past RE_COST_MAX. A repeat
 * of a repeat (a+*, a??), undefined in POSIX, makes regcomp work for
 * minutes on a pattern such as 0??????????5???????????????+++: RE_STACKED.
 */
static size_t
re_cost(const char *s, size_t len)
{
	size_t	sum[RE_MAX + 2], last[RE_MAX + 2], top = 0, i, a, b, m;
	int	rep = 0, prev;

	sum[0] = 0;
	last[0] = 1;
	for (i = 0; i < len; i++) {
		prev = rep;
		rep = s[i] == '*' || s[i] == '?' || s[i] == '+' || s[i] == '{';
		if (rep && prev)
			return (RE_STACKED);
		switch (s[i]) {
		case '(':
			if (top + 1 >= nitems(sum))
				return (RE_COST_MAX + 1);
			top++;
			sum[top] = 0;
			last[top] = 1;
			continue;
		case ')':
			if (top == 0)
				break;
			top--;
			last[top] = sat_add(sum[top + 1], 1);
			sum[top] = sat_add(sum[top], last[top]);
			continue;
		case '*':
		case '?':
			last[top] = sat_add(last[top], 1);
			sum[top] = sat_add(sum[top], 1);
			continue;
		case '+':
			sum[top] = sat_add(sum[top], sat_add(last[top], 1));
			last[top] = sat_add(sat_mul(last[top], 2), 1);
			continue;
		case '{':
			i++;
			a = re_count(s, len, &i);
			b = a;
			if (i < len && s[i] == ',') {
				i++;
				b = i < len && is_digit(s[i]) ?
				    re_count(s, len, &i) : sat_add(a, 1);
			}
			if (i >= len || s[i] != '}')
				i--;
			m = a > b ? a : b;
			if (m == 0)
				m = 1;
			sum[top] = sat_add(sum[top],
			    sat_add(sat_mul(last[top], m - 1), 1));
			last[top] = sat_add(sat_mul(last[top], m), 1);
			continue;
		case '\\':
			i++;
			break;
		case '[':
			i++;
			if (i < len && s[i] == '^')
				i++;
			if (i < len && s[i] == ']')
				i++;
			while (i < len && s[i] != ']')
				i++;
			break;
		default:
			break;
		}
		last[top] = 1;
		sum[top] = sat_add(sum[top], 1);
	}
	while (top > 0) {
		top--;
		sum[top] = sat_add(sum[top], sat_add(sum[top + 1], 1));
	}
	return (sum[0]);
}

/* regex(): the pattern must be a literal, checked and compiled now. */
static int
check_regex(struct checker *c, struct expr_node *call, struct expr_node *pat)
{
	regex_t	*re;
	char	 msg[128];
	size_t	 cost;
	int	 rc;

	if (!is_str_lit(pat))
		return (cerr(c, pat->off, _("regex() needs its pattern as a quoted string")));
	if (pat->slen > RE_MAX)
		return (cerr(c, pat->off, _("the pattern is too long (at most %d bytes)"),
		    RE_MAX));
	if (re_backref(pat->s, pat->slen))
		return (cerr(c, pat->off, _("back-references such as \\1 are not allowed in a pattern")));
	if ((cost = re_cost(pat->s, pat->slen)) == RE_STACKED)
		return (cerr(c, pat->off, _("a repeat of a repeat (such as a+*) is not allowed in a pattern")));
	if (cost > RE_COST_MAX)
		return (cerr(c, pat->off, _("the pattern repeats too much")));
	if (call->re != NULL)
		return (0);
	re = xmalloc(sizeof *re);
	if ((rc = regcomp(re, pat->s, REG_EXTENDED | REG_NOSUB)) != 0) {
		regerror(rc, re, msg, sizeof msg);
		free(re);
		return (cerr(c, pat->off, _("bad pattern: %s"), msg));
	}
	call->re = re;
	return (0);
}

static int	check_node(struct checker *, int, int);

/* A function's argument k must be of type t (or fit it). */
static int
want(struct checker *c, struct expr_node *call, struct expr_node *k,
    enum vtype t)
{
	const char	*name = "";
	size_t		 i;
	int		 r;

	if ((r = fit(c, k, t, 0)) <= 0)
		return (r);
	for (i = 0; i < nitems(fn_table); i++)
		if (fn_table[i].kind == FK_CALL && fn_table[i].fn == call->fn)
			name = fn_table[i].name;
	return (cerr(c, k->off, _("%s() needs %s, not %s"), name, tname(t),
	    tname(k->type)));
}

static int
check_call(struct checker *c, struct expr_node *n)
{
	struct expr_node	*nodes = c->e->nodes, *k, *a, *b, *ref;
	int			 i, r;

	for (i = n->first; i != -1; i = nodes[i].next)
		if (check_node(c, i, n->fn == EF_COUNT) != 0)
			return (-1);
	a = n->first != -1 ? &nodes[n->first] : NULL;
	b = a != NULL && a->next != -1 ? &nodes[a->next] : NULL;
	switch (n->fn) {
	case EF_IF:
		if (a->type != VT_BOOL)
			return (cerr(c, a->off, _("if() needs a condition, not %s"),
			    tname(a->type)));
		a = b;
		b = &nodes[a->next];
		if ((r = unify(c, a, b, 1)) < 0)
			return (-1);
		if (r > 0)
			return (cerr(c, b->off, _("if() needs two values of one kind, not %s and %s"),
			    tname(a->type), tname(b->type)));
		n->type = a->type;
		return (0);
	case EF_COALESCE:
		ref = a;
		for (i = n->first; i != -1; i = nodes[i].next) {
			if (!is_str_lit(&nodes[i])) {
				ref = &nodes[i];
				break;
			}
		}
		for (i = n->first; i != -1; i = nodes[i].next) {
			k = &nodes[i];
			if ((r = fit(c, k, ref->type, 1)) < 0)
				return (-1);
			if (r > 0)
				return (cerr(c, k->off, _("coalesce() needs values of one kind, not %s and %s"),
				    tname(ref->type), tname(k->type)));
		}
		n->type = ref->type;
		return (0);
	case EF_TODAY:
		n->type = VT_DATE;
		return (0);
	case EF_AGE:
		n->type = VT_NUM;
		return (want(c, n, a, VT_DATE));
	case EF_DATE:
		n->type = VT_DATE;
		if (a->type == VT_DATE)
			return (0);
		return (want(c, n, a, VT_STR));
	case EF_SELECTED:
		n->type = VT_BOOL;
		if (want(c, n, a, VT_STR) != 0)
			return (-1);
		return (want(c, n, b, VT_STR));
	case EF_COUNT_SELECTED:
	case EF_STRING_LENGTH:
		n->type = VT_NUM;
		return (want(c, n, a, VT_STR));
	case EF_REGEX:
		n->type = VT_BOOL;
		if (want(c, n, a, VT_STR) != 0)
			return (-1);
		return (check_regex(c, n, b));
	case EF_COUNT:
		n->type = VT_NUM;
		if (a->type != VT_GROUP)
			return (cerr(c, a->off, _("count() needs a repeat group, not %s"),
			    tname(a->type)));
		return (0);
	case EF_CONCAT:
		n->type = VT_STR;
		return (0);
	case EF_INT:
		n->type = VT_NUM;
		return (want(c, n, a, VT_NUM));
	case EF_ROUND:
		n->type = VT_NUM;
		if (want(c, n, a, VT_NUM) != 0)
			return (-1);
		return (want(c, n, b, VT_NUM));
	case EF_NUMBER:
		n->type = VT_NUM;
		if (a->type == VT_NUM)
			return (0);
		return (want(c, n, a, VT_STR));
	}
	return (cerr(c, n->off, "unknown function"));
}

static int
check_arith(struct checker *c, struct expr_node *n)
{
	struct expr_node	*nodes = c->e->nodes, *k;
	enum vtype		 acc = VT_EMPTY, t;
	int			 i;

	for (i = n->first; i != -1; i = nodes[i].next) {
		if (check_node(c, i, 0) != 0)
			return (-1);
		k = &nodes[i];
		t = k->type;
		if (i == n->first) {
			acc = t;
			continue;
		}
		switch (k->join) {
		case EO_ADD:
			if (acc == VT_NUM && t == VT_NUM)
				acc = VT_NUM;
			else if ((acc == VT_DATE && t == VT_NUM) ||
			    (acc == VT_NUM && t == VT_DATE))
				acc = VT_DATE;
			else
				return (cerr(c, k->joinoff, _("\"+\" needs numbers or a date and a number, not %s and %s"),
				    tname(acc), tname(t)));
			break;
		case EO_SUB:
			if (acc == VT_NUM && t == VT_NUM)
				acc = VT_NUM;
			else if (acc == VT_DATE && t == VT_NUM)
				acc = VT_DATE;
			else if (acc == VT_DATE && t == VT_DATE)
				acc = VT_NUM;
			else
				return (cerr(c, k->joinoff, _("\"-\" needs numbers, two dates or a date and a number, not %s and %s"),
				    tname(acc), tname(t)));
			break;
		default:
			if (acc != VT_NUM || t != VT_NUM)
				return (cerr(c, k->joinoff, _("\"%s\" needs numbers, not %s and %s"),
				    op_names[k->join], tname(acc), tname(t)));
			break;
		}
	}
	n->type = acc;
	return (0);
}

static int
check_cmp(struct checker *c, struct expr_node *n)
{
	struct expr_node	*nodes = c->e->nodes, *a, *b;
	int			 eq = n->op == EO_EQ || n->op == EO_NE, r;

	if (check_node(c, n->first, 0) != 0)
		return (-1);
	a = &nodes[n->first];
	if (check_node(c, a->next, 0) != 0)
		return (-1);
	b = &nodes[a->next];
	if ((r = unify(c, a, b, eq)) < 0)
		return (-1);
	if (r > 0)
		return (cerr(c, n->opoff, _("\"%s\" compares values of one kind, not %s and %s"),
		    op_names[n->op], tname(a->type), tname(b->type)));
	if (!eq && a->type == VT_BOOL)
		return (cerr(c, n->opoff, _("\"%s\" needs numbers, dates or text, not conditions"),
		    op_names[n->op]));
	n->type = VT_BOOL;
	return (0);
}

/* Kid i of an and, or or not must be a condition. */
static int
want_bool(struct checker *c, struct expr_node *n, int i)
{
	struct expr_node	*k = &c->e->nodes[i];
	const char		*op;

	if (k->type == VT_BOOL)
		return (0);
	op = n->kind == EK_AND ? "and" : n->kind == EK_OR ? "or" : "not";
	if (k->kind == EK_REF && k->type == VT_STR)
		return (cerr(c, k->off, _("\"%s\" needs a condition, not text: compare the field, as in ${%s} = 'yes'"),
		    op, k->s));
	return (cerr(c, k->off, _("\"%s\" needs a condition, not %s"), op,
	    tname(k->type)));
}

static int
check_node(struct checker *c, int i, int group_ok)
{
	const struct expr_scope	*sc = c->sc;
	struct expr_node	*n = &c->e->nodes[i];
	const struct fndef	*fd;
	char			 tmp[SHOW_MAX + 4];
	enum vtype		 t = VT_EMPTY;
	int			 k;

	switch (n->kind) {
	case EK_NUM:
		n->type = VT_NUM;
		return (0);
	case EK_STR:
		n->type = VT_STR;
		return (0);
	case EK_BOOL:
		n->type = VT_BOOL;
		return (0);
	case EK_REF:
		n->ref = sc->resolve != NULL ?
		    sc->resolve(sc->arg, n->s, &t) : NULL;
		if (n->ref == NULL)
			return (cerr(c, n->off, _("unknown field ${%s}"), n->s));
		if (t == VT_GROUP && !group_ok)
			return (cerr(c, n->off, _("${%s} is a repeat group: use count(${%s})"),
			    n->s, n->s));
		if (t <= VT_EMPTY || t > VT_GROUP)
			return (cerr(c, n->off, _("${%s} has no value to use"),
			    n->s));
		n->type = t;
		return (0);
	case EK_SELF:
		if (sc->self == VT_EMPTY || sc->self > VT_DATE)
			return (cerr(c, n->off, _("\".\" (this field's value) cannot be used here")));
		n->type = sc->self;
		return (0);
	case EK_ATTR:
		if (sc->choice_attrs) {
			n->type = VT_STR;
			return (0);
		}
		show(n->s, n->slen, tmp, sizeof tmp);
		if ((fd = fn_find(n->s, n->slen)) != NULL)
			return (cerr(c, n->off, _("\"%s\" is a function: write %s()"),
			    tmp, fd->name));
		return (cerr(c, n->off, _("unexpected \"%s\" (a field is written ${name})"),
		    tmp));
	case EK_OR:
	case EK_AND:
	case EK_NOT:
		for (k = n->first; k != -1; k = c->e->nodes[k].next) {
			if (check_node(c, k, 0) != 0 || want_bool(c, n, k) != 0)
				return (-1);
		}
		n->type = VT_BOOL;
		return (0);
	case EK_CMP:
		return (check_cmp(c, n));
	case EK_ARITH:
		return (check_arith(c, n));
	case EK_NEG:
		if (check_node(c, n->first, 0) != 0)
			return (-1);
		if (c->e->nodes[n->first].type != VT_NUM)
			return (cerr(c, n->off, _("\"-\" needs a number, not %s"),
			    tname(c->e->nodes[n->first].type)));
		n->type = VT_NUM;
		return (0);
	case EK_CALL:
		return (check_call(c, n));
	}
	return (cerr(c, n->off, "bad node"));
}

int
expr_check(struct expr *e, const struct expr_scope *sc, enum vtype *type,
    struct expr_err *err)
{
	static const struct expr_scope	none;
	struct checker			c;
	struct expr_node		*n;
	int				i;

	if (err != NULL) {
		err->offset = 0;
		err->msg[0] = '\0';
	}
	if (e == NULL)
		return (-1);
	if (sc == NULL)
		sc = &none;
	e->checked = 0;
	for (i = 0; i < e->nnodes; i++) {
		n = &e->nodes[i];
		n->type = VT_EMPTY;
		n->as_date = n->adopted = 0;
		n->ref = NULL;
	}
	c.e = e;
	c.sc = sc;
	c.err = err;
	c.failed = 0;
	if (check_node(&c, e->root, 0) != 0)
		return (-1);
	e->checked = 1;
	if (type != NULL)
		*type = e->nodes[e->root].type;
	return (0);
}

/* Each resolved ${id}, in the order they are written. */
void
expr_refs(const struct expr *e, void (*fn)(void *, const void *), void *arg)
{
	int	i;

	if (e == NULL)
		return;
	for (i = 0; i < e->nnodes; i++)
		if (e->nodes[i].kind == EK_REF && e->nodes[i].ref != NULL)
			fn(arg, e->nodes[i].ref);
}

const char *
expr_text(const struct expr *e)
{
	return (e->text);
}

void
expr_free(struct expr *e)
{
	int	i;

	if (e == NULL)
		return;
	for (i = 0; i < e->nnodes; i++) {
		free(e->nodes[i].s);
		if (e->nodes[i].re != NULL) {
			regfree(e->nodes[i].re);
			free(e->nodes[i].re);
		}
	}
	free(e->nodes);
	free(e->text);
	if (e->result != NULL)
		buf_free(e->result);
	free(e->result);
	free(e);
}
