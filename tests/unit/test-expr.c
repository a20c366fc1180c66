/* test-expr.c: unit tests of the form expression language: parsing, checking and evaluating. */

#include "unit.h"

#include <locale.h>
#include <math.h>

/*
 * Fake fields: the engine only sees what scope->resolve returns (an opaque
 * pointer and a type) and what env->value gives for that pointer.
 */
struct tfield {
	const char	*id;
	enum vtype	 t;
	const char	*value;		/* NULL: unanswered */
	size_t		 count;		/* VT_GROUP: items */
};

static struct tfield fields[] = {
	{ "name", VT_STR, NULL, 0 },
	{ "sex", VT_STR, NULL, 0 },
	{ "pregnant", VT_STR, NULL, 0 },
	{ "langs", VT_STR, NULL, 0 },
	{ "a", VT_STR, NULL, 0 },
	{ "b", VT_STR, NULL, 0 },
	{ "c", VT_STR, NULL, 0 },
	{ "age_years", VT_NUM, NULL, 0 },
	{ "n", VT_NUM, NULL, 0 },
	{ "m", VT_NUM, NULL, 0 },
	{ "birth_date", VT_DATE, NULL, 0 },
	{ "d", VT_DATE, NULL, 0 },
	{ "e", VT_DATE, NULL, 0 },
	{ "consent", VT_BOOL, NULL, 0 },
	{ "members", VT_GROUP, NULL, 0 },
	{ "note", VT_EMPTY, NULL, 0 },
};

struct tattr {
	const char	*name;
	const char	*value;
};

static struct tattr attrs[] = {
	{ "province", NULL },
	{ "kind", NULL },
};

static const char	*self_value;
static enum vtype	 self_type = VT_NUM;
static int		 choice_mode;
static int64_t		 today;

static const void *
t_resolve(void *arg, const char *id, enum vtype *t)
{
	size_t	i;

	(void)arg;
	for (i = 0; i < nitems(fields); i++) {
		if (strcmp(fields[i].id, id) == 0) {
			*t = fields[i].t;
			return (&fields[i]);
		}
	}
	return (NULL);
}

static const char *
t_value(void *arg, const void *ref)
{
	(void)arg;
	return (((const struct tfield *)ref)->value);
}

static size_t
t_count(void *arg, const void *ref)
{
	(void)arg;
	return (((const struct tfield *)ref)->count);
}

static const char *
t_attr(void *arg, const char *name)
{
	size_t	i;

	(void)arg;
	for (i = 0; i < nitems(attrs); i++)
		if (strcmp(attrs[i].name, name) == 0)
			return (attrs[i].value);
	return (NULL);
}

static struct tfield *
field(const char *id)
{
	size_t	i;

	for (i = 0; i < nitems(fields) - 1; i++)
		if (strcmp(fields[i].id, id) == 0)
			break;
	if (strcmp(fields[i].id, id) != 0) {
		fail_msg("no test field %s", id);
		abort();	/* not reached: fail_msg does not return */
	}
	return (&fields[i]);
}

static void
set(const char *id, const char *value)
{
	field(id)->value = value;
}

static int
reset(void **state)
{
	size_t	i;

	(void)state;
	for (i = 0; i < nitems(fields); i++) {
		fields[i].value = NULL;
		fields[i].count = 0;
	}
	for (i = 0; i < nitems(attrs); i++)
		attrs[i].value = NULL;
	self_value = NULL;
	self_type = VT_NUM;
	choice_mode = 0;
	today = date_days(2026, 3, 7);
	return (0);
}

static void
scope_init(struct expr_scope *sc)
{
	memset(sc, 0, sizeof *sc);
	sc->resolve = t_resolve;
	sc->self = self_type;
	sc->choice_attrs = choice_mode;
}

static void
env_init(struct expr_env *env)
{
	memset(env, 0, sizeof *env);
	env->value = t_value;
	env->count = t_count;
	env->attr = t_attr;
	env->self = self_value;
	env->self_type = self_type;
	env->today = today;
}

/* Parse and check; the test fails on any error. */
static struct expr *
compile(int line, const char *src, enum vtype *type)
{
	struct expr_scope	 sc;
	struct expr_err		 err;
	struct expr		*e;

	if ((e = expr_parse(src, &err)) == NULL)
		fail_msg("line %d: %s: parse error at %zu: %s", line, src,
		    err.offset, err.msg);
	scope_init(&sc);
	if (expr_check(e, &sc, type, &err) != 0)
		fail_msg("line %d: %s: check error at %zu: %s", line, src,
		    err.offset, err.msg);
	return (e);
}

/* The formatted result of an expression, "(empty)" for none. */
static char *
result(int line, const char *src, enum vtype *type)
{
	struct expr_env	 env;
	struct value	 v;
	struct expr	*e;
	enum vtype	 t;
	char		*s;

	e = compile(line, src, &t);
	env_init(&env);
	if (expr_eval(e, &env, &v) != 0)
		fail_msg("line %d: %s: expr_eval failed", line, src);
	if (v.t != VT_EMPTY && v.t != t)
		fail_msg("line %d: %s: a value of type %d, checked as %d",
		    line, src, v.t, t);
	if (type != NULL)
		*type = v.t;
	s = expr_format(&v);
	expr_free(e);
	return (s != NULL ? s : xstrdup("(empty)"));
}

static void
expect_at(int line, const char *src, const char *want)
{
	char	*got = result(line, src, NULL);

	if (strcmp(got, want) != 0)
		fail_msg("line %d: %s gives \"%s\", not \"%s\"", line, src,
		    got, want);
	free(got);
}
#define EXPECT(src, want)	expect_at(__LINE__, (src), (want))

/* The result's type as well: VT_EMPTY for an empty result. */
static void
expect_type_at(int line, const char *src, enum vtype want)
{
	enum vtype	 t;
	char		*got = result(line, src, &t);

	if (t != want)
		fail_msg("line %d: %s gives type %d (%s), not %d", line, src,
		    t, got, want);
	free(got);
}
#define EXPECT_TYPE(src, want)	expect_type_at(__LINE__, (src), (want))

/* An error at parse (check 0) or at check (check 1), where and what. */
static void
expect_err_at(int line, const char *src, int check, size_t off,
    const char *msg)
{
	struct expr_scope	 sc;
	struct expr_err		 err;
	struct expr		*e;

	memset(&err, 0, sizeof err);
	e = expr_parse(src, &err);
	if (check) {
		if (e == NULL)
			fail_msg("line %d: %s: parse error at %zu: %s", line,
			    src, err.offset, err.msg);
		scope_init(&sc);
		if (expr_check(e, &sc, NULL, &err) == 0)
			fail_msg("line %d: %s: passed the check", line, src);
		expr_free(e);
	} else if (e != NULL)
		fail_msg("line %d: %s: parsed", line, src);
	/* A message ending in "*" is a prefix (libc's own words follow). */
	if (err.offset != off || (msg[strlen(msg) - 1] == '*' ?
	    strncmp(err.msg, msg, strlen(msg) - 1) :
	    strcmp(err.msg, msg)) != 0)
		fail_msg("line %d: %s: error at %zu \"%s\", not at %zu \"%s\"",
		    line, src, err.offset, err.msg, off, msg);
}
#define PARSE_ERR(src, off, msg) \
	expect_err_at(__LINE__, (src), 0, (off), (msg))
#define CHECK_ERR(src, off, msg) \
	expect_err_at(__LINE__, (src), 1, (off), (msg))

static void
test_parse_constructs(void **state)
{
	static const struct {
		const char	*src;
		enum vtype	 type;
	} ok[] = {
		{ "12", VT_NUM }, { "3.5", VT_NUM }, { ".5", VT_NUM },
		{ "5.", VT_NUM }, { "'text'", VT_STR }, { "\"text\"", VT_STR },
		{ "\"it's\"", VT_STR }, { "'say \"hi\"'", VT_STR },
		{ "''", VT_STR }, { "true()", VT_BOOL }, { "false()", VT_BOOL },
		{ "${name}", VT_STR }, { "${age_years}", VT_NUM },
		{ "${birth_date}", VT_DATE }, { "${consent}", VT_BOOL },
		{ ".", VT_NUM }, { "-${n}", VT_NUM }, { "-(1)", VT_NUM },
		{ "1 + 2", VT_NUM }, { "1 - 2", VT_NUM }, { "1 * 2", VT_NUM },
		{ "1 div 2", VT_NUM }, { "1 mod 2", VT_NUM },
		{ "${d} + 1", VT_DATE }, { "1 + ${d}", VT_DATE },
		{ "${d} - 1", VT_DATE }, { "${d} - ${e}", VT_NUM },
		{ "1 = 1", VT_BOOL }, { "1 != 1", VT_BOOL },
		{ "1 < 1", VT_BOOL }, { "1 <= 1", VT_BOOL },
		{ "1 > 1", VT_BOOL }, { "1 >= 1", VT_BOOL },
		{ "'a' < 'b'", VT_BOOL }, { "${d} < ${e}", VT_BOOL },
		{ "${d} < '2020-01-01'", VT_BOOL },
		{ "'2020-01-01' >= ${d}", VT_BOOL },
		{ "${d} = ''", VT_BOOL }, { "'' != ${n}", VT_BOOL },
		{ "${consent} = ''", VT_BOOL },
		{ "${consent} = true()", VT_BOOL },
		{ "${consent} and true()", VT_BOOL },
		{ "${consent} or false()", VT_BOOL },
		{ "not ${consent}", VT_BOOL }, { "not(${consent})", VT_BOOL },
		{ "if(${consent}, 1, 2)", VT_NUM },
		{ "if(${consent}, '', ${d})", VT_DATE },
		{ "if(${consent}, ${n}, '')", VT_NUM },
		{ "coalesce(${n}, ${m}, 0)", VT_NUM },
		{ "coalesce(${d}, '2020-01-01')", VT_DATE },
		{ "today()", VT_DATE }, { "age(${birth_date})", VT_NUM },
		{ "age('2000-01-01')", VT_NUM },
		{ "date('2000-01-01')", VT_DATE }, { "date(${name})", VT_DATE },
		{ "selected(${langs}, 'es')", VT_BOOL },
		{ "selected('a b', 'a')", VT_BOOL },
		{ "count-selected(${langs})", VT_NUM },
		{ "string-length(${name})", VT_NUM },
		{ "regex(${name}, '^[A-Z]')", VT_BOOL },
		{ "count(${members})", VT_NUM },
		{ "concat('a', 1, ${d}, true())", VT_STR },
		{ "concat(${name})", VT_STR },
		{ "int(2.5)", VT_NUM }, { "round(2.5, 0)", VT_NUM },
		{ "number('12')", VT_NUM }, { "number(${n})", VT_NUM },
		{ "((((1))))", VT_NUM },
		{ "${a}='x'and${b}='y'", VT_BOOL },
		{ " \t1\n+\r\n2 ", VT_NUM },
		{ "not not true()", VT_BOOL },
		{ "- - 1", VT_NUM },
	};
	enum vtype	 t;
	struct expr	*e;
	size_t		 i;

	(void)state;
	for (i = 0; i < nitems(ok); i++) {
		e = compile(__LINE__, ok[i].src, &t);
		if (t != ok[i].type)
			fail_msg("%s: type %d, not %d", ok[i].src, t,
			    ok[i].type);
		assert_string_equal(expr_text(e), ok[i].src);
		expr_free(e);
	}
}

static void
test_precedence(void **state)
{
	static const struct {
		const char	*src;
		const char	*want;
	} cases[] = {
		{ "1 + 2 * 3", "7" },
		{ "(1 + 2) * 3", "9" },
		{ "1 * 2 + 3", "5" },
		{ "10 - 4 - 3", "3" },
		{ "10 - (4 - 3)", "9" },
		{ "100 div 10 div 5", "2" },
		{ "2 * 3 mod 4", "2" },
		{ "7 mod 4 * 2", "6" },
		{ "1 + 6 div 2", "4" },
		{ "-2 * 3", "-6" },
		{ "- 2 - 3", "-5" },
		{ "2 - -3", "5" },
		{ "-(2 + 3)", "-5" },
		{ "- - 2", "2" },
		{ "-${n} + 1", "(empty)" },
		{ "1 + 2 = 3", "true" },
		{ "2 * 3 > 5", "true" },
		{ "not 1 = 2", "true" },
		{ "not 1 = 1", "false" },
		{ "not 1 = 1 or 1 = 1", "true" },
		{ "not (1 = 1 or 1 = 1)", "false" },
		{ "not(1 = 2) and 1 = 1", "true" },
		{ "not not 1 = 1", "true" },
		{ "1 = 1 or 1 = 2 and 1 = 2", "true" },
		{ "(1 = 1 or 1 = 2) and 1 = 2", "false" },
		{ "1 = 2 and 1 = 1 or 1 = 1", "true" },
		{ "1 = 2 and (1 = 1 or 1 = 1)", "false" },
		{ "7 mod 3", "1" },
		{ "-7 mod 3", "-1" },
		{ "7 mod -3", "1" },
		{ "7.5 mod 2", "1.5" },
		{ "1 div 3", "0.3333333333" },
		{ "0.1 + 0.2", "0.3" },
		{ ".5 + .5", "1" },
		{ "5. + 1", "6" },
		{ "3.5 * 2", "7" },
		{ "'b' > 'a'", "true" },
		{ "'10' < '9'", "true" },
		{ "'abc' < 'abcd'", "true" },
		{ "'13:05' > '09:30'", "true" },
		{ "'2026-03-07 10:00' < '2026-03-07 9:00'", "true" },
		{ "true() = true()", "true" },
		{ "true() != false()", "true" },
	};
	size_t	i;

	(void)state;
	for (i = 0; i < nitems(cases); i++)
		expect_at(__LINE__, cases[i].src, cases[i].want);
}

static void
test_precedence_fields(void **state)
{
	static const struct {
		const char	*a, *b, *c;
		const char	*want;
	} cases[] = {
		{ "x", "n", "n", "true" },
		{ "n", "y", "z", "true" },
		{ "n", "y", "n", "false" },
		{ "n", "n", "z", "false" },
		{ "x", "y", "z", "true" },
	};
	const char	*src = "${a} = 'x' or ${b} = 'y' and ${c} = 'z'";
	size_t		 i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		set("a", cases[i].a);
		set("b", cases[i].b);
		set("c", cases[i].c);
		expect_at(__LINE__, src, cases[i].want);
	}
	/* (a or b) and c differs when c is false. */
	set("a", "x");
	set("c", "n");
	EXPECT("(${a} = 'x' or ${b} = 'y') and ${c} = 'z'", "false");
}

static void
test_functions(void **state)
{
	(void)state;
	set("name", "José Martí");
	set("langs", "es en  qu");
	set("n", "42");
	set("m", "-3.5");
	set("d", "2024-02-29");
	field("members")->count = 3;

	EXPECT("if(1 = 1, 'yes', 'no')", "yes");
	EXPECT("if(1 = 2, 'yes', 'no')", "no");
	EXPECT("if(${consent}, 'yes', 'no')", "no");
	EXPECT("if(1 = 1, '', 5)", "(empty)");
	EXPECT("if(1 = 2, '', 5)", "5");
	EXPECT("if(1 = 1, ${d}, '')", "2024-02-29");

	EXPECT("coalesce(${age_years}, ${n}, 0)", "42");
	EXPECT("coalesce(${age_years}, 7)", "7");
	EXPECT("coalesce(${age_years}, ${age_years})", "(empty)");
	EXPECT("coalesce(${b}, '', 'z')", "z");
	EXPECT("coalesce(${e}, '2020-02-02')", "2020-02-02");

	EXPECT("today()", "2026-03-07");
	EXPECT("today() + 1", "2026-03-08");

	EXPECT("date('2026-03-07')", "2026-03-07");
	EXPECT("date('7/3/2026')", "2026-03-07");
	EXPECT("date('07/03/2026')", "2026-03-07");
	EXPECT("date('2026-02-30')", "(empty)");
	EXPECT("date('soon')", "(empty)");
	EXPECT("date('')", "(empty)");
	EXPECT("date(${e})", "(empty)");
	EXPECT("date(${d})", "2024-02-29");

	EXPECT("selected(${langs}, 'es')", "true");
	EXPECT("selected(${langs}, 'qu')", "true");
	EXPECT("selected(${langs}, 'e')", "false");
	EXPECT("selected(${langs}, 'es en')", "false");
	EXPECT("selected(${langs}, '')", "false");
	EXPECT("selected(${a}, 'es')", "false");
	EXPECT("selected('es', 'es')", "true");

	EXPECT("count-selected(${langs})", "3");
	EXPECT("count-selected(' x ')", "1");
	EXPECT("count-selected(${a})", "0");
	EXPECT("count-selected('')", "0");

	EXPECT("string-length(${name})", "10");
	EXPECT("string-length('ñandú')", "5");
	EXPECT("string-length('')", "0");
	EXPECT("string-length(${a})", "0");
	EXPECT("string-length('日本語')", "3");

	EXPECT("count(${members})", "3");
	field("members")->count = 0;
	EXPECT("count(${members})", "0");

	EXPECT("concat('a', 1, ' ', 2.5, ' ', ${d}, ' ', true())",
	    "a1 2.5 2024-02-29 true");
	EXPECT("concat(${name}, '/', ${a}, '/', ${n})", "José Martí//42");
	EXPECT("concat(${a})", "(empty)");
	EXPECT("concat(${a}, ${b})", "(empty)");
	EXPECT("concat('x')", "x");
	EXPECT("concat(concat('a', 'b'), concat('c', concat('d', 'e')))",
	    "abcde");

	EXPECT("int(2.7)", "2");
	EXPECT("int(-2.7)", "-2");
	EXPECT("int(${m})", "-3");
	EXPECT("int(${age_years})", "(empty)");

	EXPECT("round(2.5, 0)", "3");
	EXPECT("round(-2.5, 0)", "-3");
	EXPECT("round(2.675, 2)", "2.68");
	EXPECT("round(1.005, 2)", "1.01");
	EXPECT("round(1234.5678, 1)", "1234.6");
	EXPECT("round(1234, -2)", "1200");
	EXPECT("round(1250, -2)", "1300");
	EXPECT("round(${m}, 0)", "-4");
	EXPECT("round(2.5, ${age_years})", "(empty)");
	EXPECT("round(${age_years}, 2)", "(empty)");
	EXPECT("round(1.23456, 99)", "1.23456");

	EXPECT("number('12')", "12");
	EXPECT("number(' -3.25 ')", "-3.25");
	EXPECT("number('1e3')", "1000");
	EXPECT("number('12abc')", "(empty)");
	EXPECT("number('0x10')", "(empty)");
	EXPECT("number('inf')", "(empty)");
	EXPECT("number('nan')", "(empty)");
	EXPECT("number('1e999')", "(empty)");
	EXPECT("number('')", "(empty)");
	EXPECT("number(${a})", "(empty)");
	EXPECT("number(${n}) + 1", "43");

	EXPECT("not(1 = 2)", "true");
	EXPECT("not(${consent})", "true");
}

static void
test_age(void **state)
{
	(void)state;
	today = date_days(2026, 3, 7);
	set("birth_date", "2000-03-07");
	EXPECT("age(${birth_date})", "26");
	set("birth_date", "2000-03-08");
	EXPECT("age(${birth_date})", "25");
	set("birth_date", "2000-03-06");
	EXPECT("age(${birth_date})", "26");
	set("birth_date", "2026-03-07");
	EXPECT("age(${birth_date})", "0");
	set("birth_date", "2026-03-08");
	EXPECT("age(${birth_date})", "0");
	set("birth_date", "2027-03-07");
	EXPECT("age(${birth_date})", "-1");
	set("birth_date", "2030-06-01");
	EXPECT("age(${birth_date})", "-4");
	set("birth_date", "1900-01-01");
	EXPECT("age(${birth_date})", "126");
	set("birth_date", NULL);
	EXPECT("age(${birth_date})", "(empty)");
	set("birth_date", "not a date");
	EXPECT("age(${birth_date})", "(empty)");
	EXPECT("age('2014-03-07') >= 12", "true");
	EXPECT("age('2014-03-08') >= 12", "false");

	/* A 29 February birthday comes on 1 March in other years. */
	set("birth_date", "2008-02-29");
	today = date_days(2026, 2, 28);
	EXPECT("age(${birth_date})", "17");
	today = date_days(2026, 3, 1);
	EXPECT("age(${birth_date})", "18");
	today = date_days(2028, 2, 29);
	EXPECT("age(${birth_date})", "20");

	/* AMPARO_TODAY feeds date_today_days(), which callers put in env. */
	setenv("AMPARO_TODAY", "2026-03-06", 1);
	today = date_today_days();
	unsetenv("AMPARO_TODAY");
	set("birth_date", "2014-03-07");
	EXPECT("age(${birth_date})", "11");
	EXPECT("today()", "2026-03-06");
}

static void
test_dates(void **state)
{
	(void)state;
	set("d", "2024-02-28");
	EXPECT("${d} + 1", "2024-02-29");
	EXPECT("${d} + 2", "2024-03-01");
	set("d", "2023-02-28");
	EXPECT("${d} + 1", "2023-03-01");
	set("d", "2000-02-28");
	EXPECT("${d} + 1", "2000-02-29");
	set("d", "1900-02-28");
	EXPECT("${d} + 1", "1900-03-01");
	set("d", "2024-12-31");
	EXPECT("${d} + 1", "2025-01-01");
	EXPECT("1 + ${d}", "2025-01-01");
	EXPECT("${d} + 366", "2026-01-01");
	EXPECT("${d} - 366", "2023-12-31");
	EXPECT("${d} + 1.9", "2025-01-01");
	EXPECT("${d} - 0.5", "2024-12-31");
	set("d", "2024-03-31");
	EXPECT("${d} - 31", "2024-02-29");
	EXPECT("${d} - 30", "2024-03-01");
	set("d", "2024-03-01");
	set("e", "2023-03-01");
	EXPECT("${d} - ${e}", "366");
	EXPECT("${e} - ${d}", "-366");
	set("d", "2025-03-01");
	set("e", "2024-03-01");
	EXPECT("${d} - ${e}", "365");
	EXPECT("${d} - ${d}", "0");
	set("d", "01/03/2025");
	EXPECT("${d}", "2025-03-01");

	/* Comparisons, with literals converted when checked. */
	set("d", "2024-02-29");
	set("e", NULL);
	EXPECT("${d} = '2024-02-29'", "true");
	EXPECT("${d} < '2024-03-01'", "true");
	EXPECT("'2024-03-01' > ${d}", "true");
	EXPECT("${d} >= '2024-02-29' and ${d} <= '2024-02-29'", "true");
	EXPECT("${d} != ''", "true");
	EXPECT("${e} = ''", "true");

	/* The range of date_valid: 1850 to 2200; beyond is empty. */
	assert_int_equal(date_days(1850, 1, 1), -43829);
	assert_int_equal(date_days(2200, 12, 31), 84370);
	today = date_days(1850, 1, 1) - 1;
	EXPECT("today()", "(empty)");
	EXPECT("age('2000-01-01')", "(empty)");
	today = date_days(1850, 1, 1);
	EXPECT("today()", "1850-01-01");
	set("d", "1850-01-01");
	EXPECT("${d} - 1", "(empty)");
	EXPECT("${d} + 0", "1850-01-01");
	set("d", "2200-12-31");
	EXPECT("${d} + 1", "(empty)");
	EXPECT("${d} - 999999999999", "(empty)");
	EXPECT("${d} + 1 div 0", "(empty)");
	set("d", "1849-12-31");
	EXPECT("${d}", "(empty)");
	set("d", "2024-02-30");
	EXPECT("${d}", "(empty)");
}

/*
 * The rule for unanswered fields (amparo.h), in each context: as values,
 * comparisons are three-valued (true, false, empty) and the rest follow.
 */
static void
test_unanswered(void **state)
{
	(void)state;
	/* A reference to an unanswered field is empty, of any type. */
	EXPECT_TYPE("${name}", VT_EMPTY);
	EXPECT_TYPE("${n}", VT_EMPTY);
	EXPECT_TYPE("${d}", VT_EMPTY);
	EXPECT_TYPE("${consent}", VT_EMPTY);
	EXPECT_TYPE(".", VT_EMPTY);
	set("name", "");
	EXPECT_TYPE("${name}", VT_EMPTY);
	set("n", "not a number");
	EXPECT_TYPE("${n}", VT_EMPTY);
	set("n", NULL);

	/* Arithmetic and functions of empty are empty. */
	EXPECT_TYPE("${n} + 1", VT_EMPTY);
	EXPECT_TYPE("1 - ${n}", VT_EMPTY);
	EXPECT_TYPE("${n} * 0", VT_EMPTY);
	EXPECT_TYPE("${n} div 1", VT_EMPTY);
	EXPECT_TYPE("${n} mod 1", VT_EMPTY);
	EXPECT_TYPE("-${n}", VT_EMPTY);
	EXPECT_TYPE("${d} + 1", VT_EMPTY);
	EXPECT_TYPE("${d} - ${e}", VT_EMPTY);
	EXPECT_TYPE("age(${d})", VT_EMPTY);
	EXPECT_TYPE("int(${n})", VT_EMPTY);
	EXPECT_TYPE("round(${n}, 1)", VT_EMPTY);
	EXPECT_TYPE("number(${name})", VT_EMPTY);
	EXPECT_TYPE("date(${name})", VT_EMPTY);
	EXPECT_TYPE("regex(${name}, 'x')", VT_EMPTY);
	EXPECT_TYPE("if(1 = 1, ${n}, 2)", VT_EMPTY);

	/* ... except these, which count or skip. */
	EXPECT("string-length(${name})", "0");
	EXPECT("count-selected(${langs})", "0");
	EXPECT("count(${members})", "0");
	EXPECT("coalesce(${n}, 5)", "5");
	EXPECT("selected(${langs}, 'es')", "false");
	EXPECT("concat('a', ${name}, 'b')", "ab");

	/* = and != take empty as ''. */
	EXPECT("${name} = ''", "true");
	EXPECT("${name} != ''", "false");
	EXPECT("'' = ${name}", "true");
	EXPECT("${n} = ''", "true");
	EXPECT("${d} = ''", "true");
	EXPECT("${consent} = ''", "true");
	EXPECT("${name} = 'x'", "false");
	EXPECT("${name} != 'x'", "true");
	EXPECT("${n} = 5", "false");
	EXPECT("${n} != 5", "true");
	EXPECT("${n} = ${m}", "true");
	EXPECT("${d} = '2020-01-01'", "false");
	set("name", "x");
	EXPECT("${name} = ''", "false");
	EXPECT("${name} != ''", "true");
	set("n", "0");
	EXPECT("${n} = ''", "false");

	/* <, <=, >, >= with an empty side are empty. */
	set("n", NULL);
	EXPECT_TYPE("${n} < 5", VT_EMPTY);
	EXPECT_TYPE("${n} <= 5", VT_EMPTY);
	EXPECT_TYPE("5 > ${n}", VT_EMPTY);
	EXPECT_TYPE("${n} >= ${m}", VT_EMPTY);
	EXPECT_TYPE("${d} < '2020-01-01'", VT_EMPTY);
	EXPECT_TYPE("${a} < 'x'", VT_EMPTY);
	EXPECT_TYPE("age(${birth_date}) >= 12", VT_EMPTY);

	/* and, or, not and if take empty as false. */
	EXPECT("${n} < 5 and 1 = 1", "false");
	EXPECT("${n} < 5 or 1 = 1", "true");
	EXPECT("${n} < 5 or 1 = 2", "false");
	EXPECT("not ${n} < 5", "true");
	EXPECT("not(${consent})", "true");
	EXPECT("${consent} or true()", "true");
	EXPECT("${consent} and true()", "false");
	EXPECT("if(${n} < 5, 'a', 'b')", "b");
	EXPECT("if(${consent}, 'a', 'b')", "b");

	/* The same conditions with the field answered. */
	set("n", "3");
	EXPECT("${n} < 5", "true");
	EXPECT("${n} < 5 and 1 = 1", "true");
	EXPECT("not ${n} < 5", "false");
	EXPECT("if(${n} < 5, 'a', 'b')", "a");
	set("n", "7");
	EXPECT("${n} < 5", "false");
}

/* Where a result is used: expr_true is 1 only for a true condition. */
static void
test_expr_true(void **state)
{
	struct expr_env	 env;
	struct value	 v;
	struct expr	*e;

	(void)state;
	e = compile(__LINE__, "${n} >= 0 and ${n} <= 120", NULL);
	env_init(&env);
	assert_int_equal(expr_true(e, &env), 0);
	set("n", "50");
	assert_int_equal(expr_true(e, &env), 1);
	set("n", "500");
	assert_int_equal(expr_true(e, &env), 0);
	expr_free(e);

	/* A constraint that comes out empty passes: callers see VT_EMPTY. */
	self_type = VT_NUM;
	e = compile(__LINE__, ". <= 120", NULL);
	env_init(&env);
	assert_int_equal(expr_eval(e, &env, &v), 0);
	assert_int_equal(v.t, VT_EMPTY);
	assert_int_equal(expr_true(e, &env), 0);
	env.self = "121";
	assert_int_equal(expr_eval(e, &env, &v), 0);
	assert_int_equal(v.t, VT_BOOL);
	assert_int_equal(v.b, 0);
	env.self = "12";
	assert_int_equal(expr_true(e, &env), 1);
	expr_free(e);

	/* Not a condition: never true. */
	e = compile(__LINE__, "1", NULL);
	assert_int_equal(expr_true(e, &env), 0);
	expr_free(e);

	/* An expression that failed its check does not evaluate. */
	e = expr_parse("${nope}", NULL);
	assert_non_null(e);
	assert_int_equal(expr_eval(e, &env, &v), -1);
	assert_int_equal(v.t, VT_EMPTY);
	assert_int_equal(expr_true(e, &env), 0);
	expr_free(e);
}

static void
test_self_and_attrs(void **state)
{
	(void)state;
	self_type = VT_STR;
	self_value = "ABC123";
	EXPECT("regex(., '^[A-Z]{3}[0-9]{3}$')", "true");
	EXPECT("string-length(.) = 6", "true");
	self_type = VT_DATE;
	self_value = "2026-03-08";
	EXPECT(". > today()", "true");
	self_type = VT_EMPTY;
	CHECK_ERR(". > 1", 0,
	    "\".\" (this field's value) cannot be used here");

	/* A choice_filter: bare names are the choice's attributes. */
	choice_mode = 1;
	attrs[0].value = "08";
	set("a", "08");
	EXPECT("province = ${a}", "true");
	EXPECT("province = '09'", "false");
	EXPECT("kind = ''", "true");
	EXPECT("unknown_attr = ''", "true");
	EXPECT("concat(province, '-', kind)", "08-");
	EXPECT("selected('01 08', province)", "true");
	EXPECT("string-length(province)", "2");
	choice_mode = 0;
	CHECK_ERR("province = ${a}", 0,
	    "unexpected \"province\" (a field is written ${name})");
	CHECK_ERR("today + 1", 0, "\"today\" is a function: write today()");
	CHECK_ERR("1 = true", 4, "\"true\" is a function: write true()");
}

static void
test_type_errors(void **state)
{
	(void)state;
	CHECK_ERR("${name} + 1", 8,
	    "\"+\" needs numbers or a date and a number, not text and a number");
	CHECK_ERR("1 + 2 + ${name}", 6,
	    "\"+\" needs numbers or a date and a number, not a number and text");
	CHECK_ERR("${d} + ${e}", 5,
	    "\"+\" needs numbers or a date and a number, not a date and a date");
	CHECK_ERR("1 - ${d}", 2,
	    "\"-\" needs numbers, two dates or a date and a number, not a number and a date");
	CHECK_ERR("${d} * 2", 5,
	    "\"*\" needs numbers, not a date and a number");
	CHECK_ERR("2 div 'x'", 2, "\"div\" needs numbers, not a number and text");
	CHECK_ERR("2 mod true()", 2,
	    "\"mod\" needs numbers, not a number and a condition");
	CHECK_ERR("-'x'", 0, "\"-\" needs a number, not text");
	CHECK_ERR("-${d}", 0, "\"-\" needs a number, not a date");
	CHECK_ERR("${n} = 'x'", 5,
	    "\"=\" compares values of one kind, not a number and text");
	CHECK_ERR("${name} < 3", 8,
	    "\"<\" compares values of one kind, not text and a number");
	CHECK_ERR("${d} = 3", 5,
	    "\"=\" compares values of one kind, not a date and a number");
	CHECK_ERR("${d} = 'tomorrow'", 7,
	    "\"tomorrow\" is not a date (YYYY-MM-DD)");
	CHECK_ERR("${d} < '7/3/2026'", 7,
	    "\"7/3/2026\" is not a date (YYYY-MM-DD)");
	CHECK_ERR("${d} < ''", 7, "\"\" is not a date (YYYY-MM-DD)");
	CHECK_ERR("${n} < ''", 5,
	    "\"<\" compares values of one kind, not a number and text");
	CHECK_ERR("true() < false()", 7,
	    "\"<\" needs numbers, dates or text, not conditions");
	CHECK_ERR("${pregnant} and 1 = 1", 0,
	    "\"and\" needs a condition, not text: compare the field, as in ${pregnant} = 'yes'");
	CHECK_ERR("1 = 1 or ${pregnant}", 9,
	    "\"or\" needs a condition, not text: compare the field, as in ${pregnant} = 'yes'");
	CHECK_ERR("not ${n}", 4, "\"not\" needs a condition, not a number");
	CHECK_ERR("not('x')", 4, "\"not\" needs a condition, not text");
	CHECK_ERR("1 and 1 = 1", 0, "\"and\" needs a condition, not a number");
	CHECK_ERR("if(1, 2, 3)", 3, "if() needs a condition, not a number");
	CHECK_ERR("if(${pregnant}, 2, 3)", 3,
	    "if() needs a condition, not text");
	CHECK_ERR("if(true(), 2, 'x')", 14,
	    "if() needs two values of one kind, not a number and text");
	CHECK_ERR("if(true(), ${n}, ${d})", 17,
	    "if() needs two values of one kind, not a number and a date");
	CHECK_ERR("coalesce(${n}, 'x')", 15,
	    "coalesce() needs values of one kind, not a number and text");
	CHECK_ERR("age(${n})", 4, "age() needs a date, not a number");
	CHECK_ERR("age(${name})", 4, "age() needs a date, not text");
	CHECK_ERR("age('soon')", 4, "\"soon\" is not a date (YYYY-MM-DD)");
	CHECK_ERR("date(1)", 5, "date() needs text, not a number");
	CHECK_ERR("selected(${langs}, 1)", 19,
	    "selected() needs text, not a number");
	CHECK_ERR("string-length(12)", 14,
	    "string-length() needs text, not a number");
	CHECK_ERR("count-selected(${d})", 15,
	    "count-selected() needs text, not a date");
	CHECK_ERR("int('x')", 4, "int() needs a number, not text");
	CHECK_ERR("round(1, 'x')", 9, "round() needs a number, not text");
	CHECK_ERR("number(${d})", 7, "number() needs text, not a date");
	CHECK_ERR("count(${name})", 6, "count() needs a repeat group, not text");
	CHECK_ERR("count(3)", 6, "count() needs a repeat group, not a number");
	CHECK_ERR("${members} = 1", 0,
	    "${members} is a repeat group: use count(${members})");
	CHECK_ERR("concat(${members})", 7,
	    "${members} is a repeat group: use count(${members})");
	CHECK_ERR("count(${members} + 1)", 6,
	    "${members} is a repeat group: use count(${members})");
	CHECK_ERR("${note} = ''", 0, "${note} has no value to use");
	CHECK_ERR("regex(${name}, ${a})", 15,
	    "regex() needs its pattern as a quoted string");
	CHECK_ERR("regex(1, 'x')", 6, "regex() needs text, not a number");
}

static void
test_unknown_names(void **state)
{
	char	id[65], src[80], msg[100];

	(void)state;
	CHECK_ERR("${sexo} = 'f'", 0, "unknown field ${sexo}");
	CHECK_ERR("1 = 1 and ${nope} = 1", 10, "unknown field ${nope}");
	PARSE_ERR("lenght(${name})", 0,
	    "unknown function \"lenght\" (did you mean \"string-length\"?)");
	PARSE_ERR("1 + Today()", 4,
	    "unknown function \"Today\" (did you mean \"today\"?)");
	PARSE_ERR("selectd(${a}, 'x')", 0,
	    "unknown function \"selectd\" (did you mean \"selected\"?)");
	PARSE_ERR("countselected(${a})", 0,
	    "unknown function \"countselected\" (did you mean \"count-selected\"?)");
	PARSE_ERR("concatenate(${a})", 0, "unknown function \"concatenate\"");
	PARSE_ERR("coalese(1, 2)", 0,
	    "unknown function \"coalese\" (did you mean \"coalesce\"?)");
	PARSE_ERR("substr(${a}, 1)", 0, "unknown function \"substr\"");
	PARSE_ERR("ag(1)", 0, "unknown function \"ag\" (did you mean \"age\"?)");
	PARSE_ERR("x(1)", 0, "unknown function \"x\"");
	PARSE_ERR("${Name} = 'x'", 0,
	    "bad field name \"Name\": lower-case letters, digits and _, starting with a letter");
	PARSE_ERR("${1a}", 0,
	    "bad field name \"1a\": lower-case letters, digits and _, starting with a letter");
	PARSE_ERR("${a-b}", 0,
	    "bad field name \"a-b\": lower-case letters, digits and _, starting with a letter");
	PARSE_ERR("${}", 0, "a field name is missing in \"${}\"");
	PARSE_ERR("1 + ${a", 4, "\"${\" is not closed with \"}\"");
	PARSE_ERR("${a b}", 0, "\"${\" is not closed with \"}\"");
	PARSE_ERR("$a", 0, "a field is written ${name}");
	/* 64 characters are fine (and unknown here); 65 are too many. */
	memset(id, 'x', 65);
	memcpy(src, "${", 2);
	memcpy(src + 2, id, 64);
	memcpy(src + 66, "}", 2);
	memcpy(msg, "unknown field ", 14);
	memcpy(msg + 14, src, 68);
	CHECK_ERR(src, 0, msg);
	memcpy(src + 2, id, 65);
	memcpy(src + 67, "}", 2);
	PARSE_ERR(src, 0, "the field name is too long (at most 64 characters)");
}

static void
test_arity(void **state)
{
	(void)state;
	PARSE_ERR("if(1 = 1, 2)", 0, "if() takes 3 arguments");
	PARSE_ERR("today(1)", 0, "today() takes no arguments");
	PARSE_ERR("true(1)", 0, "true() takes no arguments");
	PARSE_ERR("age()", 0, "age() takes 1 argument");
	PARSE_ERR("age(1, 2)", 0, "age() takes 1 argument");
	PARSE_ERR("coalesce(1)", 0, "coalesce() takes at least 2 arguments");
	PARSE_ERR("concat()", 0, "concat() takes at least 1 argument");
	PARSE_ERR("round(1)", 0, "round() takes 2 arguments");
	PARSE_ERR("not(1 = 1, 2 = 2)", 0, "not() takes 1 argument");
	PARSE_ERR("not()", 0, "not() takes 1 argument");
}

static void
test_syntax_errors(void **state)
{
	char	buf[64];

	(void)state;
	PARSE_ERR("", 0, "the expression is empty");
	PARSE_ERR("   \n\t", 5, "the expression is empty");
	PARSE_ERR("1 +", 3, "expected a value after \"+\"");
	PARSE_ERR("if(", 3, "expected a value after \"(\"");
	PARSE_ERR("(1 + 2", 6, "expected \")\"");
	PARSE_ERR("(1 + 2 'x'", 7, "expected \")\"");
	PARSE_ERR("if(1 = 1 2)", 9, "expected \",\" or \")\"");
	PARSE_ERR("if(1 = 1, , 2)", 10, "unexpected \",\"");
	PARSE_ERR("1 2", 2, "unexpected \"2\"");
	PARSE_ERR("1 + )", 4, "unexpected \")\"");
	PARSE_ERR("x y", 2, "unexpected \"y\"");
	PARSE_ERR("1 = 1 AND 2 = 2", 6,
	    "unexpected \"AND\" (write and in lower case)");
	PARSE_ERR("1 < 2 < 3", 6,
	    "comparisons do not chain: join them with and");
	PARSE_ERR("1 = 2 = 3", 6,
	    "comparisons do not chain: join them with and");
	PARSE_ERR("4 / 2", 2, "\"/\" is not an operator: use div for division");
	PARSE_ERR("4 % 2", 2,
	    "\"%\" is not an operator: use mod for the remainder");
	PARSE_ERR("1 == 1", 2, "\"==\" is not an operator: use =");
	PARSE_ERR("1 <> 1", 2, "\"<>\" is not an operator: use !=");
	PARSE_ERR("!(1 = 1)", 0, "\"!\" is not an operator: use not(...)");
	PARSE_ERR("1 = 1 && 2 = 2", 6, "\"&\" is not an operator: use and");
	PARSE_ERR("1 = 1 || 2 = 2", 6, "\"|\" is not an operator: use or");
	PARSE_ERR("${a} = 'x", 7, "an unterminated string");
	PARSE_ERR("${a} = \"x'", 7, "an unterminated string");
	PARSE_ERR("1 + 'ab", 4, "an unterminated string");
	PARSE_ERR("1 + ; 2", 4, "unexpected \";\"");
	PARSE_ERR("1 + é", 4, "unexpected \"é\"");
	PARSE_ERR("1 +\x01 2", 3, "unexpected character (code 1)");
	PARSE_ERR("'\xff'", 1, "not valid UTF-8 text");
	PARSE_ERR("1 = 1 and", 9, "expected a value after \"and\"");
	PARSE_ERR("not", 3, "expected a value after \"not\"");
	PARSE_ERR("1 + not 2", 4, "unexpected \"not\"");
	PARSE_ERR("1e5", 1, "unexpected \"e5\"");
	PARSE_ERR("..", 1, "unexpected \".\"");
	PARSE_ERR("1.2.3", 3, "unexpected \".3\"");
	/* An earlier syntax error wins over a later bad character. */
	PARSE_ERR("1 + + / 2", 4, "unexpected \"+\"");
	PARSE_ERR("(1 / 2", 3, "\"/\" is not an operator: use div for division");
	/* A long token is shortened in messages. */
	memset(buf, 'q', 40);
	memcpy(buf + 40, " x", 3);
	PARSE_ERR(buf, 41, "unexpected \"x\"");
	PARSE_ERR("1 qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq", 2,
	    "unexpected \"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq...\"");
	/* Keywords and functions are lower case; names may use hyphens. */
	PARSE_ERR("Not 1 = 1", 0, "unexpected \"Not\" (write not in lower case)");
	PARSE_ERR("1 MOD 2", 2, "unexpected \"MOD\" (write mod in lower case)");
}

static void
test_regex(void **state)
{
	char	*big;

	(void)state;
	set("name", "AB-1234");
	EXPECT("regex(${name}, '^[A-Z]{2}-[0-9]{4}$')", "true");
	EXPECT("regex(${name}, '^[A-Z]{3}')", "false");
	EXPECT("regex(${name}, '[0-9]+')", "true");
	EXPECT("regex(${name}, 'ab')", "false");
	EXPECT("regex(${name}, '(AB|CD)-')", "true");
	EXPECT("regex('', '^$')", "true");
	EXPECT("regex('ñandú', '^.{5}$')", "true");
	EXPECT("regex(\"it's\", \"'\")", "true");
	CHECK_ERR("regex(${name}, '(a)\\1')", 15,
	    "back-references such as \\1 are not allowed in a pattern");
	CHECK_ERR("regex(${name}, '[')", 15, "bad pattern: *");
	CHECK_ERR("regex(${name}, 'a{2,1}')", 15, "bad pattern: *");
	CHECK_ERR("regex(${name}, '(')", 15, "bad pattern: *");
	CHECK_ERR("regex(${name}, '((a{100}){100}){100}')", 15,
	    "the pattern repeats too much");
	CHECK_ERR("regex(${name}, 'a{99999}')", 15,
	    "the pattern repeats too much");
	/* Found by fuzzing: regcomp copies a repeated group for each "+". */
	CHECK_ERR("regex(${name}, '()++++++++++++++++++++++++++++++')", 15,
	    "a repeat of a repeat (such as a+*) is not allowed in a pattern");
	CHECK_ERR("regex(${name}, '(((((((((((a)+)+)+)+)+)+)+)+)+)+)+')", 15,
	    "the pattern repeats too much");
	CHECK_ERR("regex(${name}, '((a+)+(b{0,99})+){9}')", 15,
	    "the pattern repeats too much");
	CHECK_ERR("regex(${name}, '^[A-Z]0??????????????????????5?????????????????????????????????????????+++??????5???+0')",
	    15, "a repeat of a repeat (such as a+*) is not allowed in a pattern");
	CHECK_ERR("regex(${name}, 'a+*')", 15,
	    "a repeat of a repeat (such as a+*) is not allowed in a pattern");
	CHECK_ERR("regex(${name}, 'a{2}{3}')", 15,
	    "a repeat of a repeat (such as a+*) is not allowed in a pattern");
	EXPECT("regex('a+', 'a\\+*')", "true");
	EXPECT("regex('ab', '(a+)+(b+)+')", "true");
	EXPECT("regex('x', '()+x')", "true");
	EXPECT("regex('aaa', '^a{1,3}$')", "true");
	EXPECT("regex('a\\1', 'a\\\\1')", "true");
	big = xmalloc(300 + 32);
	memcpy(big, "regex('x', '", 12);
	memset(big + 12, 'a', 257);
	memcpy(big + 12 + 257, "')", 3);
	CHECK_ERR(big, 11, "the pattern is too long (at most 256 bytes)");
	memcpy(big + 12 + 256, "')", 3);
	EXPECT(big, "false");
	free(big);

	/* Input past 64 KiB is not matched. */
	big = xmalloc(70000);
	memset(big, 'a', 69999);
	big[69999] = '\0';
	set("name", big);
	EXPECT("regex(${name}, 'a')", "false");
	big[65536] = '\0';
	EXPECT("regex(${name}, 'a')", "true");
	EXPECT("string-length(${name})", "65536");
	set("name", NULL);
	free(big);
}

static void
test_numbers_and_division(void **state)
{
	(void)state;
	EXPECT_TYPE("1 div 0", VT_EMPTY);
	EXPECT_TYPE("1 mod 0", VT_EMPTY);
	EXPECT_TYPE("0 div 0", VT_EMPTY);
	EXPECT_TYPE("(1 div 0) + 1", VT_EMPTY);
	set("n", "0");
	EXPECT_TYPE("5 div ${n}", VT_EMPTY);
	EXPECT_TYPE("5 mod ${n}", VT_EMPTY);
	set("n", "1e300");
	EXPECT_TYPE("${n} * ${n}", VT_EMPTY);
	EXPECT_TYPE("-${n} * ${n}", VT_EMPTY);
	EXPECT("${n} * 0", "0");
	EXPECT("${n} div ${n}", "1");
	set("n", "42");
	EXPECT("${n}", "42");
	set("n", "3.5");
	EXPECT("${n} * 2", "7");
	set("n", "-0.25");
	EXPECT("${n}", "-0.25");
	set("n", "+2");
	EXPECT("${n}", "2");
	set("n", " 2");
	EXPECT("${n}", "(empty)");
	set("n", "2,5");
	EXPECT("${n}", "(empty)");
	set("n", "1e+20");
	EXPECT("${n}", "1e+20");
	set("n", "123456789012");
	EXPECT("${n} + 1", "123456789013");
	EXPECT("1 div 8", "0.125");
	EXPECT("2 div 3 * 3", "2");
	EXPECT("1000000 * 1000000", "1000000000000");
	EXPECT("0.000001 div 1000000", "1e-12");
	EXPECT("-0", "0");
	EXPECT("0 * -1", "0");
	EXPECT("00012", "12");
	EXPECT("1.50", "1.5");
	PARSE_ERR("1234567890123456789012345678901234567890123456789012345678901234567890"
	    "1234567890123456789012345678901234567890123456789012345678901234567890",
	    0, "the number is too long");
}

static void
test_format(void **state)
{
	struct value	 v;
	char		*s;

	(void)state;
	memset(&v, 0, sizeof v);
	v.t = VT_EMPTY;
	assert_null(expr_format(&v));
	v.t = VT_BOOL;
	v.b = 1;
	s = expr_format(&v);
	assert_string_equal(s, "true");
	free(s);
	v.b = 0;
	s = expr_format(&v);
	assert_string_equal(s, "false");
	free(s);
	v.t = VT_NUM;
	v.n = 42;
	s = expr_format(&v);
	assert_string_equal(s, "42");
	free(s);
	v.n = -7.5;
	s = expr_format(&v);
	assert_string_equal(s, "-7.5");
	free(s);
	v.n = 1.0 / 3;
	s = expr_format(&v);
	assert_string_equal(s, "0.3333333333");
	free(s);
	v.n = NAN;
	assert_null(expr_format(&v));
	v.n = INFINITY;
	assert_null(expr_format(&v));
	v.t = VT_DATE;
	v.d = date_days(2024, 2, 29);
	s = expr_format(&v);
	assert_string_equal(s, "2024-02-29");
	free(s);
	v.t = VT_STR;
	v.s = "hola";
	v.slen = 4;
	s = expr_format(&v);
	assert_string_equal(s, "hola");
	free(s);
	v.slen = 0;
	assert_null(expr_format(&v));
	v.t = VT_GROUP;
	assert_null(expr_format(&v));
}

/* A string result outlives the answers it came from, until the next eval. */
static void
test_result_lifetime(void **state)
{
	struct expr_env	 env;
	struct value	 v, w;
	struct expr	*e, *f;
	char		 name[16];

	(void)state;
	e = compile(__LINE__, "concat(${a}, '-', ${b})", NULL);
	f = compile(__LINE__, "coalesce(${a}, 'none')", NULL);
	snprintf(name, sizeof name, "ana");
	set("a", name);
	set("b", "x");
	env_init(&env);
	assert_int_equal(expr_eval(e, &env, &v), 0);
	assert_int_equal(expr_eval(f, &env, &w), 0);
	memcpy(name, "XYZ", 4);
	set("b", NULL);
	assert_int_equal(v.t, VT_STR);
	assert_int_equal(v.slen, 5);
	assert_string_equal(v.s, "ana-x");
	assert_string_equal(w.s, "ana");
	assert_true(v.s != name && w.s != name);

	/* An answer that is itself a result of this expression. */
	set("a", v.s);
	assert_int_equal(expr_eval(e, &env, &v), 0);
	assert_string_equal(v.s, "ana-x-");
	set("a", w.s);
	assert_int_equal(expr_eval(f, &env, &w), 0);
	assert_string_equal(w.s, "ana");
	set("a", NULL);
	expr_free(e);
	expr_free(f);
}

static void
record_ref(void *arg, const void *ref)
{
	struct buf	*b = arg;
	const struct tfield *tf = ref;

	buf_add(b, tf->id, strlen(tf->id));
	buf_add(b, " ", 1);
}

static void
test_refs_and_text(void **state)
{
	struct buf	 b = { NULL, 0, 0 };
	struct expr	*e;
	const char	*src = "${a} = 'x' or (${n} + ${n} > 1 and "
			    "count(${members}) > 0) or ${a} = ${b}";

	(void)state;
	e = compile(__LINE__, src, NULL);
	assert_string_equal(expr_text(e), src);
	expr_refs(e, record_ref, &b);
	buf_add(&b, "", 1);
	assert_string_equal((char *)b.p, "a n n members a b ");
	buf_free(&b);
	expr_free(e);

	/* Checked again in another scope, it resolves again. */
	e = expr_parse("province = ${a}", NULL);
	choice_mode = 0;
	CHECK_ERR("province = ${a}", 0,
	    "unexpected \"province\" (a field is written ${name})");
	choice_mode = 1;
	{
		struct expr_scope	sc;
		enum vtype		t;

		scope_init(&sc);
		assert_int_equal(expr_check(e, &sc, &t, NULL), 0);
		assert_int_equal(t, VT_BOOL);
		sc.choice_attrs = 0;
		assert_int_equal(expr_check(e, &sc, &t, NULL), -1);
		sc.choice_attrs = 1;
		assert_int_equal(expr_check(e, &sc, &t, NULL), 0);
	}
	expr_free(e);
	expr_free(NULL);
}

static void
test_limits(void **state)
{
	struct buf	 b = { NULL, 0, 0 };
	struct expr	*e;
	struct expr_err	 err;
	size_t		 i;
	char		*s;

	(void)state;
	/* 4096 characters: a long sum works; 4097 do not. */
	for (i = 0; b.n < 4096 - 16; i++)
		buf_add(&b, "1000000 + ", 10);
	while (b.n < 4095)
		buf_add(&b, " ", 1);
	buf_add(&b, "1", 1);
	buf_add(&b, "", 1);
	assert_int_equal(strlen((char *)b.p), 4096);
	s = result(__LINE__, (char *)b.p, NULL);
	assert_string_equal(s, "408000001");
	free(s);
	b.p[4096] = ' ';
	buf_add(&b, "", 1);
	PARSE_ERR((char *)b.p, 4096, "too long (at most 4096 characters)");
	buf_reset(&b);

	/* Characters, not bytes: 4096 "ñ" in a string are fine. */
	buf_add(&b, "'", 1);
	for (i = 0; i < 4094; i++)
		buf_add(&b, "ñ", 2);
	buf_add(&b, "'", 1);
	buf_add(&b, "", 1);
	s = result(__LINE__, (char *)b.p, NULL);
	assert_int_equal(strlen(s), 4094 * 2);
	free(s);
	buf_reset(&b);

	/* 1024 nodes: a sum of 1023 ones and the sum; one more fails. */
	for (i = 0; i < 1023; i++)
		buf_add(&b, i == 0 ? "1" : "+1", i == 0 ? 1 : 2);
	buf_add(&b, "", 1);
	s = result(__LINE__, (char *)b.p, NULL);
	assert_string_equal(s, "1023");
	free(s);
	b.n--;
	buf_add(&b, "+1", 3);
	PARSE_ERR((char *)b.p, 2046, "too long (at most 1024 terms)");
	buf_reset(&b);

	/* Nesting: 64 levels of parentheses, calls or not work; 65 fail. */
	for (i = 0; i < 64; i++)
		buf_add(&b, "(", 1);
	buf_add(&b, "1 + 1", 5);
	for (i = 0; i < 64; i++)
		buf_add(&b, ")", 1);
	buf_add(&b, "", 1);
	EXPECT((char *)b.p, "2");
	buf_reset(&b);
	for (i = 0; i < 65; i++)
		buf_add(&b, "(", 1);
	buf_add(&b, "1", 1);
	for (i = 0; i < 65; i++)
		buf_add(&b, ")", 1);
	buf_add(&b, "", 1);
	PARSE_ERR((char *)b.p, 64, "nested too deeply (at most 64 levels)");
	buf_reset(&b);
	for (i = 0; i < 64; i++)
		buf_add(&b, "int(", 4);
	buf_add(&b, "2.5", 3);
	for (i = 0; i < 64; i++)
		buf_add(&b, ")", 1);
	buf_add(&b, "", 1);
	EXPECT((char *)b.p, "2");
	buf_reset(&b);
	for (i = 0; i < 65; i++)
		buf_add(&b, "int(", 4);
	buf_add(&b, "2.5", 3);
	for (i = 0; i < 65; i++)
		buf_add(&b, ")", 1);
	buf_add(&b, "", 1);
	PARSE_ERR((char *)b.p, 259, "nested too deeply (at most 64 levels)");
	buf_reset(&b);
	for (i = 0; i < 64; i++)
		buf_add(&b, "not ", 4);
	buf_add(&b, "1 = 1", 6);
	EXPECT((char *)b.p, "true");
	buf_reset(&b);
	for (i = 0; i < 65; i++)
		buf_add(&b, "not ", 4);
	buf_add(&b, "1 = 1", 6);
	PARSE_ERR((char *)b.p, 256, "nested too deeply (at most 64 levels)");
	buf_reset(&b);
	for (i = 0; i < 65; i++)
		buf_add(&b, "-", 1);
	buf_add(&b, "1", 2);
	PARSE_ERR((char *)b.p, 64, "nested too deeply (at most 64 levels)");
	buf_reset(&b);

	/* Deep and wide mixes stay within the limits without crashing. */
	for (i = 0; i < 60; i++)
		buf_add(&b, "if(1 = 1 and (2 < 3 or 4 > 5), ", 31);
	buf_add(&b, "1", 1);
	for (i = 0; i < 60; i++)
		buf_add(&b, ", 0)", 4);
	buf_add(&b, "", 1);
	EXPECT((char *)b.p, "1");
	buf_free(&b);

	/* Huge input is refused without reading it all. */
	s = xmalloc(1 << 20);
	memset(s, '1', (1 << 20) - 1);
	s[(1 << 20) - 1] = '\0';
	e = expr_parse(s, &err);
	assert_null(e);
	assert_int_equal(err.offset, 4096);
	free(s);
}

/* Append a random expression that follows the grammar, types aside. */
static void
gen_expr(struct rng *r, struct buf *b, int depth)
{
	static const char *const leaves[] = {
		"1", "0", "2.5", ".5", "'x'", "''", "'2024-02-29'", "'a b'",
		"${name}", "${n}", "${m}", "${d}", "${e}", "${consent}",
		"${langs}", "${members}", ".", "kind", "true()", "false()",
		"today()",
	};
	static const char *const ops[] = {
		" + ", " - ", " * ", " div ", " mod ", " = ", " != ", " < ",
		" <= ", " > ", " >= ", " and ", " or ",
	};
	static const char *const fn1[] = {
		"age(", "date(", "count-selected(", "string-length(", "int(",
		"number(", "not(", "count(", "concat(",
	};
	static const char *const fn2[] = {
		"selected(", "round(", "coalesce(", "concat(",
	};
	const char	*w;
	unsigned	 k;

	k = depth > 5 ? rng_below(r, 4) : rng_below(r, 14);
	switch (k) {
	case 4:
	case 5:
	case 6:
		gen_expr(r, b, depth + 1);
		w = ops[rng_below(r, nitems(ops))];
		buf_add(b, w, strlen(w));
		gen_expr(r, b, depth + 1);
		return;
	case 7:
		w = rng_chance(r, 50) ? "not " : "-";
		buf_add(b, w, strlen(w));
		gen_expr(r, b, depth + 1);
		return;
	case 8:
		buf_add(b, "(", 1);
		gen_expr(r, b, depth + 1);
		buf_add(b, ")", 1);
		return;
	case 9:
		buf_add(b, "if(", 3);
		gen_expr(r, b, depth + 1);
		buf_add(b, ", ", 2);
		gen_expr(r, b, depth + 1);
		buf_add(b, ", ", 2);
		gen_expr(r, b, depth + 1);
		buf_add(b, ")", 1);
		return;
	case 10:
	case 11:
		w = fn1[rng_below(r, nitems(fn1))];
		buf_add(b, w, strlen(w));
		gen_expr(r, b, depth + 1);
		buf_add(b, ")", 1);
		return;
	case 12:
		w = fn2[rng_below(r, nitems(fn2))];
		buf_add(b, w, strlen(w));
		gen_expr(r, b, depth + 1);
		buf_add(b, ", ", 2);
		gen_expr(r, b, depth + 1);
		buf_add(b, ")", 1);
		return;
	case 13:
		buf_add(b, "regex(", 6);
		gen_expr(r, b, depth + 1);
		w = rng_chance(r, 50) ? ", '^[a-z ]+$')" : ", '(a|b)*c{2,3}')";
		buf_add(b, w, strlen(w));
		return;
	default:
		w = leaves[rng_below(r, nitems(leaves))];
		buf_add(b, w, strlen(w));
		return;
	}
}

/*
 * Random token sequences, half of them shaped by the grammar: whatever
 * parses and checks also evaluates, and safely (run under ASan too).
 */
static void
test_random(void **state)
{
	static const char *const vocab[] = {
		"1", "0", "2.5", ".5", "12", "-", "'x'", "''", "'2024-02-29'",
		"\"yes\"", "'a b'", "${name}", "${n}", "${m}", "${d}", "${e}",
		"${consent}", "${members}", "${langs}", "${nope}", ".", "kind",
		"+", "-", "*", "div", "mod", "=", "!=", "<", "<=", ">", ">=",
		"and", "or", "not", "(", "(", ")", ")", ")", ",", ",", "if(",
		"coalesce(", "today()", "age(", "date(", "selected(",
		"count-selected(", "string-length(", "regex(", "'^[a-z]+$'",
		"'(a|b)*c{2,3}'", "count(", "concat(", "int(", "round(",
		"number(", "true()", "false()", "not(", "/", "'oops", "${",
		"é", "1e5",
	};
	static const char *const texts[] = {
		NULL, "", "42", "-3.5", "0", "abc", "2024-02-29", "1850-01-01",
		"2200-12-31", "29/02/2024", "true", "false", "yes", "a b c",
		"1e308", "nan", "0x10", "ñandú", "aaac", " ",
	};
	struct expr_scope	 sc;
	struct expr_env		 env;
	struct value		 v;
	struct expr		*e;
	struct rng		 r;
	struct buf		 b = { NULL, 0, 0 };
	enum vtype		 t;
	size_t			 iter, i, n, parsed = 0, checked = 0;
	char			*s;
	const char		*w;

	(void)state;
	rng_seed(&r, 20260307);
	for (iter = 0; iter < 100000; iter++) {
		buf_reset(&b);
		if (iter % 2 == 0)
			gen_expr(&r, &b, 0);
		else {
			n = 1 + rng_below(&r, 24);
			for (i = 0; i < n; i++) {
				w = vocab[rng_below(&r, nitems(vocab))];
				buf_add(&b, w, strlen(w));
				if (rng_below(&r, 4) != 0)
					buf_add(&b, " ", 1);
			}
		}
		buf_add(&b, "", 1);
		/* Now and then a grammatical one loses a byte. */
		if (iter % 2 == 0 && rng_chance(&r, 10) && b.n > 2) {
			i = rng_below(&r, (uint32_t)b.n - 1);
			memmove(b.p + i, b.p + i + 1, b.n - i - 1);
		}
		if ((e = expr_parse((char *)b.p, NULL)) == NULL)
			continue;
		parsed++;
		self_type = (enum vtype)(1 + rng_below(&r, 4));
		choice_mode = rng_chance(&r, 50);
		scope_init(&sc);
		if (expr_check(e, &sc, &t, NULL) == 0) {
			checked++;
			for (i = 0; i < nitems(fields); i++) {
				fields[i].value =
				    texts[rng_below(&r, nitems(texts))];
				fields[i].count = rng_below(&r, 5);
			}
			attrs[1].value = texts[rng_below(&r, nitems(texts))];
			self_value = texts[rng_below(&r, nitems(texts))];
			env_init(&env);
			env.today = date_days(2026, 3, 7) +
			    (int64_t)rng_below(&r, 400000) - 200000;
			assert_int_equal(expr_eval(e, &env, &v), 0);
			if (v.t != VT_EMPTY && v.t != t)
				fail_msg("%s: type %d, checked %d",
				    (char *)b.p, v.t, t);
			if (v.t == VT_NUM && !isfinite(v.n))
				fail_msg("%s: not finite", (char *)b.p);
			s = expr_format(&v);
			free(s);
			(void)expr_true(e, &env);
		}
		expr_free(e);
	}
	buf_free(&b);
	print_message("# %zu parsed, %zu checked of 100000\n", parsed,
	    checked);
	assert_true(parsed > 30000);
	assert_true(checked > 10000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_parse_constructs, reset),
		cmocka_unit_test_setup(test_precedence, reset),
		cmocka_unit_test_setup(test_precedence_fields, reset),
		cmocka_unit_test_setup(test_functions, reset),
		cmocka_unit_test_setup(test_age, reset),
		cmocka_unit_test_setup(test_dates, reset),
		cmocka_unit_test_setup(test_unanswered, reset),
		cmocka_unit_test_setup(test_expr_true, reset),
		cmocka_unit_test_setup(test_self_and_attrs, reset),
		cmocka_unit_test_setup(test_type_errors, reset),
		cmocka_unit_test_setup(test_unknown_names, reset),
		cmocka_unit_test_setup(test_arity, reset),
		cmocka_unit_test_setup(test_syntax_errors, reset),
		cmocka_unit_test_setup(test_regex, reset),
		cmocka_unit_test_setup(test_numbers_and_division, reset),
		cmocka_unit_test_setup(test_format, reset),
		cmocka_unit_test_setup(test_result_lifetime, reset),
		cmocka_unit_test_setup(test_refs_and_text, reset),
		cmocka_unit_test_setup(test_limits, reset),
		cmocka_unit_test_setup(test_random, reset),
	};

	/* As the program does: regex() patterns are compiled for UTF-8. */
	setlocale(LC_ALL, "");
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
