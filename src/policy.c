/* policy.c: what a role may do: its forms, classes, reports, cases and powers. */

#include "config.h"

#include <string.h>

#include "amparo.h"

const struct role *
policy_role(const struct policy *p, const char *id)
{
	size_t	i;

	for (i = 0; p != NULL && id != NULL && i < p->nroles; i++) {
		if (strcmp(p->roles[i].id, id) == 0)
			return (&p->roles[i]);
	}
	return (NULL);
}

const struct institution *
policy_institution(const struct policy *p, const char *id)
{
	size_t	i;

	for (i = 0; p != NULL && id != NULL && i < p->ninst; i++) {
		if (strcmp(p->inst[i].id, id) == 0)
			return (&p->inst[i]);
	}
	return (NULL);
}

const char *
policy_role_names(const struct policy *p)
{
	return (p->role_names != NULL ? p->role_names : "");
}

/* The PF_* permissions a role has on a form: its own entry, or all_forms. */
unsigned
role_form_perms(const struct role *r, const char *form)
{
	size_t	i;

	if (r == NULL || form == NULL)
		return (0);
	for (i = 0; i < r->nforms; i++) {
		if (strcmp(r->forms[i].form, form) == 0)
			return (r->forms[i].perms | r->all_forms);
	}
	return (r->all_forms);
}

static int
strv_has(char **v, size_t n, const char *s)
{
	size_t	i;

	for (i = 0; s != NULL && i < n; i++) {
		if (strcmp(v[i], s) == 0)
			return (1);
	}
	return (0);
}

int
role_has_class(const struct role *r, const char *class)
{
	return (r != NULL && strv_has(r->classes, r->nclasses, class));
}

int
role_has_report(const struct role *r, const char *report)
{
	return (r != NULL && strv_has(r->reports, r->nreports, report));
}
