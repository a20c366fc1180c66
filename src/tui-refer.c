/* tui-refer.c: referring the case on view to another institution: one list of the institutions and, when the role may send several, the referral forms each can act on; the form screen sends it. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui.h"

/* What is being chosen, kept until the chooser answers. */
struct refer {
	uint64_t		 case_id;
	struct field		 ask;		/* the question shown */
	struct choice_list	*list;		/* "INSTITUTION FORM" each */
	struct rmap		 none;		/* no record filters the list */
};

static void
refer_free(struct refer *r)
{
	choice_list_free(r->list);
	i18n_free(&r->ask.label);
	free(r->ask.id);
	free(r);
}

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
refer_add(struct refer *r, const struct institution *in,
    const struct workflow *w, int forms)
{
	struct choice	*ch;
	const char	*name;
	size_t		 l;

	XGROW(r->list->v, r->list->n, r->list->cap);
	ch = &r->list->v[r->list->n++];
	memset(ch, 0, sizeof *ch);
	ch->value = xsprintf("%s %s", in->id, w->form_id);
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
	struct refer	*r = arg;
	char		*to, *form;

	if (value != NULL && (form = strchr(value, ' ')) != NULL) {
		to = xstrdup(value);
		to[form - value] = '\0';
		form_open_referral(t, r->case_id, form + 1, to);
		free(to);
	}
	refer_free(r);
}

/*
 * ^R on a case: the institutions it may go to (any but one's own) and, if
 * the role may send several kinds of referral, those each institution
 * takes, as one list.
 */
void
refer_start(struct tui *t, uint64_t case_id)
{
	const struct policy	*p = t->opts->forms->policy;
	const struct workflow	*forms[32];
	struct choice_req	 req;
	struct refer		*r;
	size_t			 nforms, i, j;

	if ((nforms = refer_forms(t, forms, nitems(forms))) == 0) {
		tui_message(t, 1, _("Your role, \"%s\", may not send referrals."),
		    t->sess->role);
		return;
	}
	r = xcalloc(1, sizeof *r);
	r->list = xcalloc(1, sizeof *r->list);
	r->case_id = case_id;
	for (i = 0; i < p->ninst; i++) {
		if (strcmp(p->inst[i].id, t->sess->institution) == 0)
			continue;
		for (j = 0; j < nforms; j++) {
			if (nforms == 1 ||
			    refer_receives(p, forms[j], p->inst[i].id))
				refer_add(r, &p->inst[i], forms[j], nforms);
		}
	}
	if (r->list->n == 0) {
		tui_message(t, 1, "%s",
		    _("There is no other institution to refer the case to."));
		refer_free(r);
		return;
	}
	r->ask.id = xstrdup("");
	r->ask.type = FT_SELECT_ONE;
	r->ask.list = r->list;
	r->ask.label.s[LANG_EN] = xstrdup(_("Refer the case to"));
	memset(&req, 0, sizeof req);
	req.data = &r->none;
	req.done = refer_chosen;
	req.arg = r;
	choice_open(t, &r->ask, &req);
}
