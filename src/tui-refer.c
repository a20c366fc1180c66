/* tui-refer.c: referring the case on view to another institution: one list of the institutions and, when the role may send several, the referral forms each can act on; the form screen sends it. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui.h"

/* Whether a role of the institution may take a receiver's step of w. */
static int
refer_receives(const struct policy *p, const struct workflow *w,
    const char *inst)
{
	const struct wf_transition	*tr;
	const struct role		*role;
	size_t				 i, j;

	for (i = 0; i < w->ntransitions; i++) {
		tr = &w->transitions[i];
		for (j = 0; tr->side == SIDE_RECEIVER && j < tr->nroles; j++) {
			role = policy_role(p, tr->roles[j]);
			if (role != NULL && role->institution != NULL &&
			    strcmp(role->institution, inst) == 0)
				return (1);
		}
	}
	return (0);
}

/* A line of the list: the institution, and the form if there is a choice. */
static void
refer_add(struct pick *p, const struct institution *in,
    const struct workflow *w, int forms)
{
	struct choice	*ch;
	const char	*name;
	size_t		 l;
	char		*value;

	value = xsprintf("%s %s", in->id, w->form_id);
	ch = pick_add(p, value);
	free(value);
	for (l = 0; l < LANG__COUNT; l++) {
		name = i18n_get_lang(&in->name, (enum lang)l);
		ch->label.s[l] = forms == 1 ? xstrdup(name) :
		    xsprintf("%s: %s", name,
		    i18n_get_lang(&w->form->title, (enum lang)l));
	}
}

/* The referral forms the role may send. */
static size_t
refer_forms(struct tui *t, const struct workflow **v, size_t max)
{
	const struct workflow	*w;
	size_t			 i, n = 0;

	for (i = 0; i < t->opts->forms->nworkflows && n < max; i++) {
		w = t->opts->forms->workflows[i];
		if (w->form != NULL && workflow_has_sides(w) &&
		    (role_form_perms(t->sess->rp, w->form_id) & PF_CREATE))
			v[n++] = w;
	}
	return (n);
}

static void
refer_chosen(struct tui *t, void *arg, const char *value)
{
	struct pick	*p = arg;
	char		*to, *form;

	if (value != NULL && (form = strchr(value, ' ')) != NULL) {
		to = xstrdup(value);
		to[form - value] = '\0';
		form_open_referral(t, p->id, form + 1, to, NULL);
		free(to);
	}
	pick_free(p);
}

/*
 * ^R on a case: the institutions it may go to (any but one's own) and, if
 * the role may send several kinds of referral, those each institution
 * takes, as one list.
 */
void
refer_start(struct tui *t, uint64_t case_id)
{
	const struct policy	*pol = t->opts->forms->policy;
	const struct workflow	*forms[32];
	struct pick		*p;
	size_t			 nforms, i, j;

	if ((nforms = refer_forms(t, forms, nitems(forms))) == 0) {
		tui_message(t, 1, _("Your role, \"%s\", may not send referrals."),
		    t->sess->role);
		return;
	}
	p = pick_new(case_id, _("Refer the case to"));
	for (i = 0; i < pol->ninst; i++) {
		if (strcmp(pol->inst[i].id, t->sess->institution) == 0)
			continue;
		for (j = 0; j < nforms; j++) {
			if (nforms == 1 ||
			    refer_receives(pol, forms[j], pol->inst[i].id))
				refer_add(p, &pol->inst[i], forms[j], nforms);
		}
	}
	if (p->list->n == 0) {
		tui_message(t, 1, "%s",
		    _("There is no other institution to refer the case to."));
		pick_free(p);
		return;
	}
	pick_open(t, p, refer_chosen);
}
