/* i18n.c: the interface language: chosen from the locale, switchable at run time. */

#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "amparo.h"

#ifdef ENABLE_NLS
/* GNU gettext's catalog cache; bumped to make it read LANGUAGE again. */
extern int	_nl_msg_cat_cntr;
#endif

static enum lang	lang_cur = LANG_EN;

static const char *const lang_codes[LANG__COUNT] = { "en", "es" };

/* The language the environment asks for, as gettext reads it. */
static enum lang
lang_from_env(void)
{
	static const char *const vars[] = {
		"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"
	};
	const char	*v;
	size_t		 i;

	for (i = 0; i < nitems(vars); i++) {
		v = getenv(vars[i]);
		if (v == NULL || *v == '\0')
			continue;
		if (strncmp(v, "es", 2) == 0)
			return (LANG_ES);
		return (LANG_EN);
	}
	return (LANG_EN);
}

/*
 * Set up the locale and message catalogs. A locale that is asked for but not
 * installed (es_PA.UTF-8 on a minimal server) still gives Spanish messages:
 * the character type falls back to C.UTF-8 and the catalog is chosen through
 * LANGUAGE, which GNU gettext honours in any locale but plain "C".
 */
void
i18n_init(const char *localedir)
{
	const char	*msgs;

	if (setlocale(LC_ALL, "") == NULL && setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "C");
	msgs = setlocale(LC_MESSAGES, NULL);
	if (msgs == NULL || strcmp(msgs, "C") == 0 || strcmp(msgs, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
#ifdef ENABLE_NLS
	bindtextdomain(PACKAGE, localedir);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
#else
	(void)localedir;
#endif
	lang_set(lang_from_env());
}

enum lang
lang_current(void)
{
	return (lang_cur);
}

void
lang_set(enum lang l)
{
	lang_cur = l;
#ifdef ENABLE_NLS
	setenv("LANGUAGE", lang_codes[l], 1);
	++_nl_msg_cat_cntr;
#endif
}

const char *
lang_code(enum lang l)
{
	return (lang_codes[l]);
}

int
lang_parse(const char *s, enum lang *l)
{
	size_t	i;

	for (i = 0; i < LANG__COUNT; i++) {
		if (strcmp(s, lang_codes[i]) == 0) {
			*l = (enum lang)i;
			return (0);
		}
	}
	return (-1);
}

/* A label in the given language, else in any language that has it. */
const char *
i18n_get_lang(const struct i18n *t, enum lang l)
{
	size_t	i;

	if (t->s[l] != NULL)
		return (t->s[l]);
	for (i = 0; i < LANG__COUNT; i++) {
		if (t->s[i] != NULL)
			return (t->s[i]);
	}
	return ("");
}

const char *
i18n_get(const struct i18n *t)
{
	return (i18n_get_lang(t, lang_cur));
}

void
i18n_free(struct i18n *t)
{
	size_t	i;

	for (i = 0; i < LANG__COUNT; i++) {
		free(t->s[i]);
		t->s[i] = NULL;
	}
}

void
i18n_copy(struct i18n *dst, const struct i18n *src)
{
	size_t	i;

	for (i = 0; i < LANG__COUNT; i++)
		dst->s[i] = src->s[i] != NULL ? xstrdup(src->s[i]) : NULL;
}

/* Whether the locale's character set is UTF-8 (else text is drawn in ASCII). */
int
locale_utf8(void)
{
	const char	*cs = nl_langinfo(CODESET);

	return (cs != NULL && strcmp(cs, "UTF-8") == 0);
}
