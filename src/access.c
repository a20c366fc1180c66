/* access.c: need-to-know: which cases an official sees, and what the role lets them do with each form. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "amparo.h"

static int
same(const char *a, size_t alen, const char *b)
{
	return (b != NULL && strlen(b) == alen && memcmp(a, b, alen) == 0);
}

/*
 * Whether a case with this form, institution and assignee is for this
 * official to see: assigned to them or to one of their teams, or in their
 * institution's queue (no one assigned), or any case of the institution
 * for a role that covers it, or any case at all. A case saved before
 * cases had an institution is in every institution's queue. A referral
 * (origin set) is also its sending institution's: its outbox.
 */
int
access_sees(const struct session *s, const char *form, size_t formlen,
    const char *inst, size_t instlen, const char *who, size_t wholen,
    const char *origin, size_t originlen)
{
	const struct role	*r = s->rp;
	char			 id[ID_MAX + 1];
	size_t			 i;

	if (r == NULL || formlen > ID_MAX)
		return (0);
	memcpy(id, form, formlen);
	id[formlen] = '\0';
	if ((role_form_perms(r, id) & PF_VIEW) == 0)
		return (0);
	if (r->cases == SCOPE_ALL)
		return (1);
	if (originlen > 0 && same(origin, originlen, s->institution))
		return (1);
	if (wholen > 0 && same(who, wholen, s->user))
		return (1);
	for (i = 0; wholen > 1 && *who == '@' && i < s->nteams; i++) {
		if (same(who + 1, wholen - 1, s->teams[i]))
			return (1);
	}
	if (instlen == 0)
		return (wholen == 0 || r->cases == SCOPE_INSTITUTION);
	if (!same(inst, instlen, s->institution))
		return (0);
	return (wholen == 0 || r->cases == SCOPE_INSTITUTION);
}

static size_t
len(const char *s)
{
	return (s != NULL ? strlen(s) : 0);
}

int
access_sees_record(const struct session *s, const struct record *r)
{
	return (access_sees(s, r->form, len(r->form), r->institution,
	    len(r->institution), r->assignee, len(r->assignee), r->origin,
	    len(r->origin)));
}

static const char *
perm_verb(unsigned perm)
{
	switch (perm) {
	case PF_CREATE:
		return (_("create"));
	case PF_EDIT:
		return (_("edit"));
	case PF_EXPORT:
		return (_("export"));
	default:
		return (_("open"));
	}
}

/* Whether the role may do perm (PF_*) with records of a form. */
int
access_form(const struct session *s, const char *form, unsigned perm,
    struct amp_err *err)
{
	if ((role_form_perms(s->rp, form) & perm) == perm)
		return (AMP_OK);
	return (err_set(err, AMP_EPERM,
	    _("not allowed: the role \"%s\" may not %s records of the form \"%s\""),
	    s->role, perm_verb(perm), form));
}

/* Whether the official may do perm with this case: need-to-know and role. */
int
access_case(const struct session *s, const struct record *r, unsigned perm,
    struct amp_err *err)
{
	char	num[32];

	if (access_form(s, r->form, perm, err) != AMP_OK)
		return (err->code);
	if (access_sees_record(s, r))
		return (AMP_OK);
	casenum_format(r->id, r->created, num, sizeof num);
	return (err_set(err, AMP_EPERM,
	    _("not allowed: case %s is not assigned to you, your team or your institution's queue"),
	    num));
}

/*
 * Where a new case goes: its creator's institution, assigned to its
 * creator when the role works on assigned cases (a screening officer's
 * own screening), else in the institution's queue.
 */
void
access_stamp_new(const struct session *s, struct record *r)
{
	free(r->institution);
	r->institution = xstrdup(s->institution);
	free(r->assignee);
	r->assignee = s->rp != NULL && s->rp->cases == SCOPE_ASSIGNED ?
	    xstrdup(s->user) : NULL;
}
