/* tui-link.c: a new case of a chosen form (^O in the list), and from the case view, adding a record linked to the case (a consent, a risk assessment) and moving to another member of its household. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui.h"

/*
 * Whether records of a form are linked to a case by hand: not a form that
 * names a person (its records are cases: ^A in the case list), not a
 * referral (sent: ^R), not a step's form (the step makes them), and the
 * role may create them.
 */
static int
link_form_ok(struct tui *t, const struct form *f)
{
	const struct formset	*fs = t->opts->forms;
	size_t			 i, j;

	if (f->nnames > 0 ||
	    (role_form_perms(t->sess->rp, f->id) & PF_CREATE) == 0 ||
	    workflow_has_sides(workflow_for(fs, f->id)))
		return (0);
	for (i = 0; i < fs->nworkflows; i++) {
		for (j = 0; j < fs->workflows[i]->ntransitions; j++) {
			if (fs->workflows[i]->transitions[j].form == f)
				return (0);
		}
	}
	return (1);
}

static void
link_chosen(struct tui *t, void *arg, const char *value)
{
	struct pick	*p = arg;

	if (value != NULL)
		form_open_linked(t, p->id, value);
	pick_free(p);
}

/* ^A on a case: the forms whose records may be linked to it. */
void
link_start(struct tui *t, uint64_t case_id)
{
	const struct formset	*fs = t->opts->forms;
	struct choice		*ch;
	struct pick		*p;
	size_t			 i, l;

	p = pick_new(case_id, _("Add to the case"));
	for (i = 0; i < fs->nforms; i++) {
		if (!link_form_ok(t, fs->forms[i]))
			continue;
		ch = pick_add(p, fs->forms[i]->id);
		for (l = 0; l < LANG__COUNT; l++)
			ch->label.s[l] = xstrdup(i18n_get_lang(
			    &fs->forms[i]->title, (enum lang)l));
	}
	if (p->list->n == 0) {
		tui_message(t, 1, _("Your role, \"%s\", may add no record to a case."),
		    t->sess->role);
		pick_free(p);
		return;
	}
	pick_open(t, p, link_chosen);
}

static void
new_chosen(struct tui *t, void *arg, const char *value)
{
	struct pick	*p = arg;

	if (value != NULL)
		form_open_new(t, value);
	pick_free(p);
}

/*
 * ^O in the case list: a new case of any form that names a person (an
 * intake, a border screening, a statelessness screening) the role may
 * create, chosen from a list; ^A is the intake's shortcut.
 */
void
new_start(struct tui *t)
{
	const struct formset	*fs = t->opts->forms;
	const struct form	*f;
	struct choice		*ch;
	struct pick		*p;
	size_t			 i, l;

	p = pick_new(0, _("New case of the form"));
	for (i = 0; i < fs->nforms; i++) {
		f = fs->forms[i];
		if (f->nnames == 0 ||
		    (role_form_perms(t->sess->rp, f->id) & PF_CREATE) == 0 ||
		    workflow_has_sides(workflow_for(fs, f->id)))
			continue;
		ch = pick_add(p, f->id);
		for (l = 0; l < LANG__COUNT; l++)
			ch->label.s[l] = xstrdup(i18n_get_lang(&f->title,
			    (enum lang)l));
	}
	if (p->list->n == 0) {
		tui_message(t, 1, _("Your role, \"%s\", may open no case."),
		    t->sess->role);
		pick_free(p);
		return;
	}
	pick_open(t, p, new_chosen);
}

static void
member_chosen(struct tui *t, void *arg, const char *value)
{
	struct pick	*p = arg;
	uint64_t	 id;
	int		 year;

	if (value != NULL && casenum_parse(value, &id, &year) == 0 &&
	    id != p->id)
		view_open(t, id);
	pick_free(p);
}

/* ^O on a case: its household's members, to open one. */
void
household_start(struct tui *t, const struct record *r)
{
	struct household_row	*v;
	struct choice		*ch;
	struct amp_err		 err;
	struct pick		*p;
	size_t			 n, i;

	err_clear(&err);
	if (household_list(t->sess, r, &v, &n, &err) != AMP_OK) {
		tui_message(t, 1, "%s", err.msg);
		return;
	}
	if (n == 0) {
		tui_message(t, 1, "%s", _("This case has no household."));
		return;
	}
	p = pick_new(r->id, _("Go to the household member"));
	for (i = 0; i < n; i++) {
		ch = pick_add(p, v[i].number);
		ch->label.s[LANG_EN] = xsprintf("%s  %s  %s", v[i].number,
		    v[i].principal ? _("principal") : v[i].relation,
		    v[i].summary);
	}
	household_rows_free(v, n);
	pick_open(t, p, member_chosen);
}
