/* fuzz-expr.c: fuzz target of the expression language: parse, check and evaluate any bytes. */

/*
 * Built by configure --enable-fuzzing as tests/fuzz/fuzz-expr (libFuzzer);
 * tests/fuzz/replay-expr (with fuzz-replay.c) runs files through it in
 * make check.
 */

#include "config.h"

#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amparo.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A fixed scope: a few fields of each type, one repeat group. */
static const struct ffield {
	const char	*id;
	enum vtype	 t;
	const char	*value;
	size_t		 count;
} ffields[] = {
	{ "name", VT_STR, "José Martí", 0 },
	{ "sex", VT_STR, "female", 0 },
	{ "pregnant", VT_STR, "yes", 0 },
	{ "langs", VT_STR, "es en qu", 0 },
	{ "doc", VT_STR, "PA-1234567", 0 },
	{ "blank", VT_STR, NULL, 0 },
	{ "age_years", VT_NUM, "34", 0 },
	{ "weight", VT_NUM, "61.5", 0 },
	{ "zero", VT_NUM, "0", 0 },
	{ "huge", VT_NUM, "1e308", 0 },
	{ "bad_num", VT_NUM, "12abc", 0 },
	{ "no_num", VT_NUM, NULL, 0 },
	{ "birth_date", VT_DATE, "1992-02-29", 0 },
	{ "arrival", VT_DATE, "2026-03-01", 0 },
	{ "first_day", VT_DATE, "1850-01-01", 0 },
	{ "last_day", VT_DATE, "2200-12-31", 0 },
	{ "no_date", VT_DATE, NULL, 0 },
	{ "consent", VT_BOOL, "true", 0 },
	{ "refused", VT_BOOL, "false", 0 },
	{ "no_bool", VT_BOOL, NULL, 0 },
	{ "members", VT_GROUP, NULL, 3 },
	{ "visits", VT_GROUP, NULL, 0 },
};

static const void *
f_resolve(void *arg, const char *id, enum vtype *t)
{
	size_t	i;

	(void)arg;
	for (i = 0; i < nitems(ffields); i++) {
		if (strcmp(ffields[i].id, id) == 0) {
			*t = ffields[i].t;
			return (&ffields[i]);
		}
	}
	return (NULL);
}

static const char *
f_value(void *arg, const void *ref)
{
	(void)arg;
	return (((const struct ffield *)ref)->value);
}

static size_t
f_count(void *arg, const void *ref)
{
	(void)arg;
	return (((const struct ffield *)ref)->count);
}

static const char *
f_attr(void *arg, const char *name)
{
	(void)arg;
	if (strcmp(name, "province") == 0)
		return ("08");
	if (strcmp(name, "kind") == 0)
		return ("");
	return (NULL);
}

/* As the program runs: regex() patterns compiled for UTF-8. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct expr_scope	 sc;
	struct expr_env		 env;
	struct expr_err		 err;
	struct value		 v;
	struct expr		*e;
	enum vtype		 t;
	char			*text, *s;

	text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	e = expr_parse(text, &err);
	free(text);
	if (e == NULL)
		return (0);

	memset(&sc, 0, sizeof sc);
	sc.resolve = f_resolve;
	sc.self = VT_NUM;
	memset(&env, 0, sizeof env);
	env.value = f_value;
	env.count = f_count;
	env.attr = f_attr;
	env.self = "12";
	env.self_type = VT_NUM;
	env.today = date_days(2026, 3, 7);

	/* Outside a choice_filter first, then inside one. */
	if (expr_check(e, &sc, &t, &err) != 0) {
		sc.choice_attrs = 1;
		if (expr_check(e, &sc, &t, &err) != 0) {
			expr_free(e);
			return (0);
		}
	}
	if (expr_eval(e, &env, &v) != 0 || (v.t != VT_EMPTY && v.t != t))
		abort();
	s = expr_format(&v);
	free(s);
	/* Once more with nothing answered and an early today. */
	env.value = NULL;
	env.self = NULL;
	env.today = date_days(1850, 1, 1);
	if (expr_eval(e, &env, &v) != 0 || (v.t != VT_EMPTY && v.t != t))
		abort();
	(void)expr_true(e, &env);
	expr_free(e);
	return (0);
}
