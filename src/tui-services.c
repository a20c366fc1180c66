/* tui-services.c: the services of the directory that fit the person of a case, with the details of the one selected (^Y in the case view). */

#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

#define SVC_LABEL	14	/* columns for the details' labels */
#define SVC_WRAP	4	/* lines of a wrapped description */

struct svcs {
	uint64_t		  id;
	int			  linked;	/* a record linked to a case */
	char			  num[32];
	const struct service	**v;
	size_t			  n, sel, top;
};

/*
 * Open the services that fit the person of case id (of the case it is
 * linked to, when linked is set).
 */
void
services_open(struct tui *t, uint64_t id, int64_t created, int linked)
{
	struct svcs	*w;
	struct amp_err	 err;

	err_clear(&err);
	w = xcalloc(1, sizeof *w);
	w->id = id;
	w->linked = linked;
	casenum_format(id, created, w->num, sizeof w->num);
	if (services_for_case(t->sess, id, NULL, &w->v, &w->n, &err) !=
	    AMP_OK) {
		tui_message(t, 1, "%s", err.msg);
		free(w);
		return;
	}
	tui_push(t, &services_screen, w);
	if (w->n == 0)
		tui_message(t, 0, "%s",
		    _("No service of the directory fits this person."));
	else
		tui_message(t, 0, "%s",
		    _("^R refers the person to the service selected; amparo services --case prints the list."));
}

/* One line of details: a label and its value, cut to the screen. */
static void
detail(struct tui *t, int y, const char *label, const char *value)
{
	draw_text(t, y, 2, SVC_LABEL, label, A_NORMAL);
	draw_text(t, y, 2 + SVC_LABEL, COLS - SVC_LABEL - 3,
	    value != NULL ? value : "", A_NORMAL);
}

static void
services_details(struct tui *t, const struct service *sv, int y)
{
	const struct formset		*fs = t->sess->forms;
	const struct institution	*in;
	const struct service_cat	*cat;
	char				*place, *lines[SVC_WRAP];
	int				 n, i;

	in = policy_institution(fs->policy, sv->ref[SR_INSTITUTION]);
	cat = service_cat_find(fs, sv->ref[SR_CATEGORY]);
	place = service_place(fs, sv);
	draw_text(t, y++, 1, COLS - 2, i18n_get(&sv->name), A_BOLD);
	detail(t, y++, _("Kind"), cat != NULL ? i18n_get(&cat->label) : "");
	detail(t, y++, _("Institution"), in != NULL ? i18n_get(&in->name) :
	    sv->ref[SR_INSTITUTION]);
	detail(t, y++, _("Place"), place);
	detail(t, y++, _("When"), i18n_get(&sv->schedule));
	detail(t, y++, _("Who"), i18n_get(&sv->eligibility));
	detail(t, y++, _("Contact"), sv->contact);
	free(place);
	n = draw_wrap(i18n_get(&sv->description), COLS - 4, lines, SVC_WRAP);
	for (i = 0; i < n; i++) {
		if (y < LINES - 3)
			draw_text(t, y++, 2, COLS - 4, lines[i], A_NORMAL);
		free(lines[i]);
	}
}

static void
services_draw(struct tui *t, void *arg)
{
	struct svcs	*w = arg;
	char		*s, *place;
	size_t		 i;
	int		 y, rows, attr;

	s = xsprintf(_("Services for case %s"), w->num);
	draw_header(t, s);
	free(s);
	/* The list above, the details of the selected one below. */
	rows = LINES - 3 - 1 - 8 - SVC_WRAP;
	if (rows < 3)
		rows = 3;
	if (w->sel < w->top)
		w->top = w->sel;
	if (w->sel >= w->top + (size_t)rows)
		w->top = w->sel - (size_t)rows + 1;
	for (i = w->top, y = 1; i < w->n && y < 1 + rows; i++, y++) {
		attr = i == w->sel ? draw_attr(t, ATTR_SELECT) : (int)A_NORMAL;
		if (attr != A_NORMAL) {
			attron(attr);
			mvhline(y, 0, ' ', COLS);
			attroff(attr);
		}
		place = service_place(t->sess->forms, w->v[i]);
		s = xsprintf("%s - %s", i18n_get(&w->v[i]->name), place);
		draw_text(t, y, 1, COLS - 2, s, attr);
		free(s);
		free(place);
	}
	draw_rule(t, 1 + rows, NULL);
	if (w->n > 0)
		services_details(t, w->v[w->sel], 2 + rows);
	draw_rule(t, LINES - 3, NULL);
}

/*
 * ^R: refer the case to the selected service, with the first referral form
 * that names a service and that the role may send; the institution is the
 * service's.
 */
static void
services_refer(struct tui *t, struct svcs *w)
{
	const struct formset	*fs = t->opts->forms;
	const struct service	*sv;
	const struct workflow	*wf;
	size_t			 i;

	if (w->n == 0)
		return;
	if (w->linked) {
		tui_message(t, 1, "%s",
		    _("Only a case is referred; open the case this record is linked to."));
		return;
	}
	sv = w->v[w->sel];
	for (i = 0; i < fs->nworkflows; i++) {
		wf = fs->workflows[i];
		if (wf->form != NULL && workflow_has_sides(wf) &&
		    form_field(wf->form, SERVICE_FIELD) != NULL &&
		    (role_form_perms(t->sess->rp, wf->form_id) & PF_CREATE))
			break;
	}
	if (i == fs->nworkflows) {
		tui_message(t, 1, _("Your role, \"%s\", may not send referrals to services."),
		    t->sess->role);
		return;
	}
	if (strcmp(sv->ref[SR_INSTITUTION], t->sess->institution) == 0) {
		tui_message(t, 1, "%s",
		    _("This service is your own institution's; assign the case instead."));
		return;
	}
	form_open_referral(t, w->id, wf->form_id, sv->ref[SR_INSTITUTION],
	    sv->id);
}

static void
services_key(struct tui *t, void *arg, enum action act, const struct tkey *k)
{
	struct svcs	*w = arg;

	(void)k;
	switch (act) {
	case ACT_REFER:
		services_refer(t, w);
		return;
	case ACT_BACK:
		tui_message(t, 0, NULL);
		tui_pop(t);
		return;
	default:
		tui_move_cursor(act, &w->sel, w->n, 5);
		return;
	}
}

static void
svcs_free(void *arg)
{
	struct svcs	*w = arg;

	free(w->v);
	free(w);
}

const struct screen_ops services_screen = {
	.name = "services",
	.ctx = CTX_SERVICES,
	.draw = services_draw,
	.key = services_key,
	.free = svcs_free,
};
