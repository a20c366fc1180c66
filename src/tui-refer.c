/* tui-refer.c: referring the case on view to another institution: choose the institution and, when there are several, the referral form; the form screen sends it. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui.h"

/* What is being chosen, kept until the chooser answers. */
struct refer {
	uint64_t		 case_id;
	char			*to;		/* once chosen */
	struct field		 ask;		/* the question shown */
	struct choice_list	*list;
	struct rmap		 none;		/* no record filters the list */
};

/* Ready for the next question. */
static void
refer_clear(struct refer *r)
{
	choice_list_free(r->list);
	r->list = xcalloc(1, sizeof *r->list);
	i18n_free(&r->ask.label);
	free(r->ask.id);
	memset(&r->ask, 0, sizeof r->ask);
}

static void
refer_free(struct refer *r)
{
	refer_clear(r);
	choice_list_free(r->list);
	free(r->to);
	free(r);
}

static void
refer_add(struct refer *r, const char *value, const struct i18n *label)
{
	struct choice	*ch;

	XGROW(r->list->v, r->list->n, r->list->cap);
	ch = &r->list->v[r->list->n++];
	memset(ch, 0, sizeof *ch);
	ch->value = xstrdup(value);
	i18n_copy(&ch->label, label);
}

/* Open the chooser on the list built, titled question. */
static void
refer_ask(struct tui *t, struct refer *r, const char *question,
    void (*done)(struct tui *, void *, const char *))
{
	struct choice_req	req;

	r->ask.id = xstrdup("");
	r->ask.type = FT_SELECT_ONE;
	r->ask.list = r->list;
	r->ask.label.s[LANG_EN] = xstrdup(question);
	memset(&req, 0, sizeof req);
	req.data = &r->none;
	req.done = done;
	req.arg = r;
	choice_open(t, &r->ask, &req);
}

static void
refer_form_chosen(struct tui *t, void *arg, const char *form)
{
	struct refer	*r = arg;

	if (form != NULL && *form != '\0')
		form_open_referral(t, r->case_id, form, r->to);
	refer_free(r);
}

/* The referral forms the role may send, as the list to choose from. */
static size_t
refer_forms(struct tui *t, struct refer *r)
{
	const struct workflow	*w;
	size_t			 i;

	for (i = 0; i < t->opts->forms->nworkflows; i++) {
		w = t->opts->forms->workflows[i];
		if (w->form != NULL && workflow_has_sides(w) &&
		    (role_form_perms(t->sess->rp, w->form_id) & PF_CREATE))
			refer_add(r, w->form_id, &w->form->title);
	}
	return (r->list->n);
}

/* The institution is chosen: the form, if there is a choice, then fill it. */
static void
refer_to_chosen(struct tui *t, void *arg, const char *to)
{
	struct refer	*r = arg;

	if (to == NULL || *to == '\0') {
		refer_free(r);
		return;
	}
	r->to = xstrdup(to);
	refer_clear(r);
	if (refer_forms(t, r) == 1) {
		refer_form_chosen(t, r, r->list->v[0].value);
		return;
	}
	refer_ask(t, r, _("Which referral?"), refer_form_chosen);
}

/*
 * ^R on a case: the institutions it may go to (any but one's own), if the
 * role may send a referral at all.
 */
void
refer_start(struct tui *t, uint64_t case_id)
{
	const struct policy	*p = t->opts->forms->policy;
	struct refer		*r;
	size_t			 i;

	r = xcalloc(1, sizeof *r);
	r->list = xcalloc(1, sizeof *r->list);
	r->case_id = case_id;
	if (refer_forms(t, r) == 0) {
		tui_message(t, 1, _("Your role, \"%s\", may not send referrals."),
		    t->sess->role);
		refer_free(r);
		return;
	}
	refer_clear(r);
	for (i = 0; i < p->ninst; i++) {
		if (strcmp(p->inst[i].id, t->sess->institution) != 0)
			refer_add(r, p->inst[i].id, &p->inst[i].name);
	}
	if (r->list->n == 0) {
		tui_message(t, 1, "%s",
		    _("There is no other institution to refer the case to."));
		refer_free(r);
		return;
	}
	refer_ask(t, r, _("Refer the case to"), refer_to_chosen);
}
