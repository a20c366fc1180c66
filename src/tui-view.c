/* tui-view.c: a case as read: every section and field, its versions, and the way to edit it. */

#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

#define VIEW_LABEL	30	/* columns for labels */

struct vline {
	char	*label;
	char	*value;
	int	 indent;
	int	 heading;
};

/* A record linked to the case, as listed. */
struct vchild {
	char		 num[32];
	char		*form;
	char		*state;		/* its workflow state, or NULL */
	char		*to;		/* a referral's receiving institution */
	int64_t		 since;
	struct record	*steps;		/* a referral's step records */
	size_t		 nsteps;
};

struct view {
	uint64_t	 id;
	uint64_t	 latest;	/* the current version */
	struct record	 rec;		/* the version shown */
	struct vline	*v;
	size_t		 n, cap, top;
	struct vchild	*children;	/* records linked to the case */
	size_t		 nchildren;
	int64_t		 blocked;	/* a referral's consent withdrawn */
	struct household_row *hh;	/* its household, if any */
	size_t		 nhh;
	struct field	 steps;		/* the open transitions, to choose */
	struct choice_list steps_list;
};

static void
vline_add(struct view *w, int indent, int heading, const char *label,
    const char *value)
{
	XGROW(w->v, w->n, w->cap);
	w->v[w->n].label = xstrdup(label);
	w->v[w->n].value = value != NULL ? xstrdup(value) : NULL;
	w->v[w->n].indent = indent;
	w->v[w->n].heading = heading;
	w->n++;
}

static void
view_clear(struct view *w)
{
	size_t	i;

	for (i = 0; i < w->n; i++) {
		free(w->v[i].label);
		free(w->v[i].value);
	}
	w->n = 0;
}

/*
 * The fields of a map (the record, or an entry of a repeat group) as lines:
 * those asked given the answers, with notes left out.
 */
static void
view_fields(struct view *w, const struct field *v, size_t n,
    const struct rmap *m, const struct rmap *data, int indent)
{
	const struct rfield	*rf;
	char			*s, *shown;
	size_t			 i, j;

	for (i = 0; i < n; i++) {
		rf = rmap_field(m, v[i].id);
		if (v[i].type == FT_NOTE || (rf == NULL &&
		    !field_relevant(&v[i], data, m == data ? NULL : m)))
			continue;
		if (v[i].type == FT_REPEAT) {
			s = xsprintf("%zu", rf != NULL ? rf->nitems : 0);
			vline_add(w, indent, 0, i18n_get(&v[i].label), s);
			free(s);
			for (j = 0; rf != NULL && j < rf->nitems; j++) {
				s = xsprintf("%zu.", j + 1);
				vline_add(w, indent + 2, 1, s, NULL);
				free(s);
				view_fields(w, v[i].fields, v[i].nfields,
				    &rf->items[j], data, indent + 4);
			}
			continue;
		}
		shown = field_display(&v[i], rf != NULL && rf->kind == RF_STR ?
		    rf->str : NULL);
		vline_add(w, indent, 0, i18n_get(&v[i].label), shown);
		free(shown);
	}
}

/*
 * A linked record's own workflow state (a referral's: where it was sent and
 * how far it went), and the records its steps made, answers and all: the
 * counter-referral comes back to the sender so.
 */
static void
view_child_state(struct tui *t, struct view *w, const struct vchild *c)
{
	const struct workflow		*wf;
	const struct institution	*in;
	const struct form		*sf;
	char				 since[32], num[32], *s;
	size_t				 i, j;

	if (c->state == NULL ||
	    (wf = workflow_for(t->opts->forms, c->form)) == NULL)
		return;
	time_format(c->since, since, sizeof since);
	s = xsprintf(_("%s, since %s"), workflow_state_label(wf, c->state),
	    since);
	vline_add(w, 4, 0, _("State"), s);
	free(s);
	if (c->to != NULL) {
		in = policy_institution(t->opts->forms->policy, c->to);
		vline_add(w, 4, 0, _("Sent to"), in != NULL ?
		    i18n_get(&in->name) : c->to);
	}
	for (i = 0; i < c->nsteps; i++) {
		if ((sf = formset_find(t->opts->forms, c->steps[i].form)) ==
		    NULL)
			continue;
		casenum_format(c->steps[i].id, c->steps[i].created, num,
		    sizeof num);
		s = xsprintf("%s  %s", i18n_get(&sf->title), num);
		vline_add(w, 4, 1, s, NULL);
		free(s);
		for (j = 0; j < sf->nsections; j++)
			view_fields(w, sf->sections[j].fields,
			    sf->sections[j].nfields, &c->steps[i].data,
			    &c->steps[i].data, 6);
	}
}

/*
 * The workflow block: the state, the steps open to this official with their
 * deadlines, and the records the steps made.
 */
static void
view_workflow(struct tui *t, struct view *w)
{
	const struct workflow		*wf;
	const struct wf_transition	*tr;
	const struct form		*cf;
	char				 since[32], day[16], *s;
	int64_t				 due;
	size_t				 i, nopen = 0;

	wf = workflow_for(t->opts->forms, w->rec.form);
	if (wf != NULL) {
		vline_add(w, 0, 1, i18n_get(&wf->title), NULL);
		time_format(w->rec.state_since, since, sizeof since);
		s = w->rec.state_since == 0 ? xstrdup(workflow_state_label(wf,
		    record_state(wf, &w->rec))) : xsprintf(_("%s, since %s"),
		    workflow_state_label(wf, record_state(wf, &w->rec)), since);
		vline_add(w, 2, 0, _("State"), s);
		free(s);
		if (w->rec.version == w->latest &&	/* not a past state's */
		    (s = wf_time_in_state(&w->rec)) != NULL) {
			vline_add(w, 2, 0, _("Time in this state"), s);
			free(s);
		}
		if (w->rec.version != w->latest)
			vline_add(w, 2, 0, _("This version made by"),
			    workflow_action_label(wf, w->rec.action));
		if (w->blocked != 0) {
			date_format_days(w->blocked / 86400, day, sizeof day);
			s = xsprintf(_("withdrawn on %s: no step can be taken"),
			    day);
			vline_add(w, 2, 0, _("Consent"), s);
			free(s);
			nopen = 1;	/* and no "none open to you" */
		}
		for (i = 0; w->rec.version == w->latest && w->blocked == 0 &&
		    i < wf->ntransitions; i++) {
			tr = &wf->transitions[i];
			if (wf_check(wf, tr, &w->rec, t->sess->role,
			    t->sess->institution) != WF_OPEN)
				continue;
			if ((due = wf_due(tr, &w->rec)) != 0) {
				date_format_days(due, day, sizeof day);
				s = xsprintf(due < date_today_days() ?
				    _("%s (OVERDUE: due %s)") :
				    _("%s (due %s)"), i18n_get(&tr->label), day);
			} else
				s = xstrdup(i18n_get(&tr->label));
			vline_add(w, 2, 0, nopen++ == 0 ? _("Next steps (^W)") :
			    "", s);
			free(s);
		}
		if (nopen == 0 && w->rec.version == w->latest)
			vline_add(w, 2, 0, _("Next steps (^W)"),
			    _("none open to you"));
	}
	for (i = 0; i < w->nchildren; i++) {
		cf = formset_find(t->opts->forms, w->children[i].form);
		s = xsprintf("%s  %s", w->children[i].num, cf != NULL ?
		    i18n_get(&cf->title) : w->children[i].form);
		vline_add(w, 2, 0, i == 0 ? _("Linked records") : "", s);
		free(s);
		view_child_state(t, w, &w->children[i]);
	}
	if (w->n > 0)
		vline_add(w, 0, 0, "", NULL);
}

/*
 * Values the form no longer has (an earlier version saved under an older
 * form): shown, so that what history keeps can be read.
 */
static void
view_removed(struct view *w, const struct form *f)
{
	const struct rfield	*rf;
	size_t			 i;
	int			 any = 0;

	for (i = 0; i < w->rec.data.n; i++) {
		rf = &w->rec.data.v[i];
		if (form_field(f, rf->id) != NULL || rf->kind != RF_STR)
			continue;
		if (!any++) {
			vline_add(w, 0, 0, "", NULL);
			vline_add(w, 0, 1,
			    _("Fields no longer in the form (kept in this version)"),
			    NULL);
		}
		vline_add(w, 2, 0, rf->id, rf->str);
	}
}

/* The household: the principal, then each dependant; ^O goes to one. */
static void
view_household(struct view *w)
{
	char	*label, *s;
	size_t	 i;

	if (w->nhh == 0)
		return;
	vline_add(w, 0, 1, _("Household (^O goes to a member)"), NULL);
	for (i = 0; i < w->nhh; i++) {
		label = xsprintf("%s%s", w->hh[i].principal ? _("Principal") :
		    w->hh[i].relation, w->hh[i].id == w->id ?
		    _(" (this case)") : "");
		s = xsprintf("%s  %s  %s", w->hh[i].number, w->hh[i].state,
		    w->hh[i].summary);
		vline_add(w, 2, 0, label, s);
		free(label);
		free(s);
	}
	vline_add(w, 0, 0, "", NULL);
}

/* Lay the record out as lines; built again when the language changes. */
static void
view_build(struct tui *t, struct view *w)
{
	const struct form	*f;
	size_t			 i;

	view_clear(w);
	if ((f = formset_find(t->opts->forms, w->rec.form)) == NULL) {
		vline_add(w, 0, 1, _("This case uses a form that is not installed:"),
		    w->rec.form);
		return;
	}
	view_workflow(t, w);
	view_household(w);
	for (i = 0; i < f->nsections; i++) {
		if (i > 0)
			vline_add(w, 0, 0, "", NULL);
		vline_add(w, 0, 1, i18n_get(&f->sections[i].label), NULL);
		view_fields(w, f->sections[i].fields, f->sections[i].nfields,
		    &w->rec.data, &w->rec.data, 2);
	}
	view_removed(w, f);
}

static void
children_clear(struct view *w)
{
	size_t	i, j;

	for (i = 0; i < w->nchildren; i++) {
		free(w->children[i].form);
		free(w->children[i].state);
		free(w->children[i].to);
		for (j = 0; j < w->children[i].nsteps; j++)
			record_free(&w->children[i].steps[j]);
		free(w->children[i].steps);
	}
	free(w->children);
	w->children = NULL;
	w->nchildren = 0;
}

/* The records a referral's steps made (a counter-referral), to show. */
static void
view_load_steps(struct tui *t, struct vchild *c, uint64_t id)
{
	struct amp_err	 err;
	uint64_t	*ids;
	size_t		 n, i;

	err_clear(&err);
	if (case_children(t->sess, id, &ids, &n, &err) != AMP_OK) {
		free(ids);
		return;
	}
	c->steps = xcalloc(n + 1, sizeof *c->steps);
	for (i = 0; i < n; i++) {
		if (case_get(t->sess, ids[i], &c->steps[c->nsteps], &err) ==
		    AMP_OK)
			c->nsteps++;
	}
	free(ids);
}

/* The records the case's workflow steps made, read once per load. */
static void
view_load_children(struct tui *t, struct view *w)
{
	struct amp_err	 err;
	struct record	 r;
	struct vchild	*c;
	uint64_t	*ids;
	size_t		 n, i;

	children_clear(w);
	err_clear(&err);
	if (case_children(t->sess, w->id, &ids, &n, &err) != AMP_OK) {
		tui_message(t, 1, "%s", err.msg);
		free(ids);
		return;
	}
	w->children = xcalloc(n + 1, sizeof *w->children);
	for (i = 0; i < n; i++) {
		if (case_get(t->sess, ids[i], &r, &err) != AMP_OK)
			continue;
		c = &w->children[w->nchildren++];
		casenum_format(r.id, r.created, c->num, sizeof c->num);
		c->form = xstrdup(r.form);
		if (r.state != NULL) {
			c->state = xstrdup(r.state);
			c->since = r.state_since;
		}
		if (r.origin != NULL && r.institution != NULL) {
			c->to = xstrdup(r.institution);
			view_load_steps(t, c, r.id);
		}
		record_free(&r);
	}
	free(ids);
}

static int
view_load(struct tui *t, struct view *w, uint64_t version)
{
	struct amp_err	err;
	struct record	r;
	int		rc;

	err_clear(&err);
	rc = version == 0 ? case_get(t->sess, w->id, &r, &err) :
	    case_get_version(t->sess, w->id, version, &r, &err);
	if (rc != AMP_OK) {
		tui_message(t, 1, "%s", err.msg);
		return (rc);
	}
	record_free(&w->rec);
	w->rec = r;
	if (version == 0) {
		w->latest = r.version;
		view_load_children(t, w);
		w->blocked = consent_withdrawn(t->sess, &w->rec);
		household_rows_free(w->hh, w->nhh);
		if (household_list(t->sess, &w->rec, &w->hh, &w->nhh, &err) !=
		    AMP_OK)
			w->nhh = 0;
	}
	w->top = 0;
	return (AMP_OK);
}

void
view_open(struct tui *t, uint64_t id)
{
	struct view	*w;

	w = xcalloc(1, sizeof *w);
	w->id = id;
	if (view_load(t, w, 0) != AMP_OK) {
		free(w);
		return;
	}
	tui_push(t, &view_screen, w);
}

static void
view_draw(struct tui *t, void *arg)
{
	struct view	*w = arg;
	char		 num[32], c[32], u[32], *s;
	size_t		 i;
	int		 y, rows = LINES - 5, x;

	casenum_format(w->rec.id, w->rec.created, num, sizeof num);
	s = xsprintf(_("Case %s"), num);
	draw_header(t, s);
	free(s);
	time_format(w->rec.created, c, sizeof c);
	c[10] = '\0';		/* the day it was opened is enough */
	time_format(w->rec.updated, u, sizeof u);
	if (w->rec.version == w->latest)
		s = xsprintf(_("Version %llu, changed %s by %s; opened %s by %s"),
		    (unsigned long long)w->rec.version, u, w->rec.updated_by, c,
		    w->rec.created_by);
	else
		s = xsprintf(_("EARLIER VERSION %llu of %llu, saved %s by %s."),
		    (unsigned long long)w->rec.version,
		    (unsigned long long)w->latest, u, w->rec.updated_by);
	draw_text(t, 1, 1, COLS - 2, s, w->rec.version == w->latest ?
	    (int)A_NORMAL : draw_attr(t, ATTR_ERROR));
	free(s);
	draw_rule(t, 2, NULL);
	view_build(t, w);
	if (w->top + (size_t)rows > w->n)
		w->top = w->n > (size_t)rows ? w->n - (size_t)rows : 0;
	for (i = w->top, y = 3; i < w->n && y < 3 + rows; i++, y++) {
		x = 1 + w->v[i].indent;
		if (w->v[i].heading || w->v[i].value == NULL) {
			draw_text(t, y, x, COLS - x - 1, w->v[i].label, A_BOLD);
			continue;
		}
		draw_text(t, y, x, VIEW_LABEL - x, w->v[i].label, A_NORMAL);
		draw_text(t, y, VIEW_LABEL + 1, COLS - VIEW_LABEL - 2,
		    w->v[i].value, A_NORMAL);
	}
}

static void
steps_clear(struct view *w)
{
	size_t	i;

	for (i = 0; i < w->steps_list.n; i++)
		choice_free(&w->steps_list.v[i]);
	free(w->steps_list.v);
	memset(&w->steps_list, 0, sizeof w->steps_list);
	i18n_free(&w->steps.label);
	free(w->steps.id);
	memset(&w->steps, 0, sizeof w->steps);
}

static void
view_move_answer(struct tui *t, void *arg, int key)
{
	struct view	*w = arg;
	struct record	 moved;
	struct verrs	 ve = { 0 };
	struct amp_err	 err;
	const struct workflow *wf;
	char		 num[32];

	if (!tui_yes(key) || w->steps.id == NULL)
		return;
	err_clear(&err);
	tui_busy(t, _("Saving..."));
	if (case_transition(t->sess, w->id, w->steps.id, NULL, &moved, &ve,
	    &err) != AMP_OK)
		tui_message(t, 1, "%s", err.msg);
	else {
		wf = workflow_for(t->opts->forms, moved.form);
		casenum_format(moved.id, moved.created, num, sizeof num);
		tui_message(t, 0, _("Case %s is now \"%s\" (version %llu)."),
		    num, workflow_state_label(wf, moved.state),
		    (unsigned long long)moved.version);
	}
	verrs_free(&ve);
	record_free(&moved);
	view_load(t, w, 0);
}

/* A step was chosen: fill its form, or confirm the move. */
static void
view_step_chosen(struct tui *t, void *arg, const char *tid)
{
	struct view			*w = arg;
	const struct workflow		*wf;
	const struct wf_transition	*tr;
	char				*q;

	wf = workflow_for(t->opts->forms, w->rec.form);
	if (tid == NULL || (tr = workflow_transition(wf, tid)) == NULL)
		return;
	free(w->steps.id);
	w->steps.id = xstrdup(tid);	/* remembered for the answer */
	if (tr->form != NULL) {
		form_open_transition(t, w->id, tid);
		return;
	}
	q = xsprintf(_("%s: the case becomes \"%s\". Go ahead? (y/n)"),
	    i18n_get(&tr->label), workflow_state_label(wf, tr->to));
	tui_ask_yes_no(t, q, view_move_answer, w);
	free(q);
}

/* The steps of the workflow open to this official now, to choose one. */
static void
view_steps(struct tui *t, struct view *w)
{
	const struct workflow		*wf;
	const struct wf_transition	*tr;
	struct choice_req		 req;
	struct choice			*ch;
	char				 day[16];
	int64_t				 blocked;
	size_t				 i;

	if (w->rec.version != w->latest) {
		tui_message(t, 1, "%s",
		    _("This is an earlier version; press ^V until the current one shows."));
		return;
	}
	if ((wf = workflow_for(t->opts->forms, w->rec.form)) == NULL) {
		tui_message(t, 1, "%s", _("This kind of case has no workflow."));
		return;
	}
	if ((blocked = consent_withdrawn(t->sess, &w->rec)) != 0) {
		date_format_days(blocked / 86400, day, sizeof day);
		tui_message(t, 1,
		    _("Consent withdrawn on %s: no step can be taken on this referral by either institution."),
		    day);
		return;
	}
	steps_clear(w);
	for (i = 0; i < wf->ntransitions; i++) {
		tr = &wf->transitions[i];
		if (wf_check(wf, tr, &w->rec, t->sess->role,
		    t->sess->institution) != WF_OPEN)
			continue;
		XGROW(w->steps_list.v, w->steps_list.n, w->steps_list.cap);
		ch = &w->steps_list.v[w->steps_list.n++];
		memset(ch, 0, sizeof *ch);
		ch->value = xstrdup(tr->id);
		i18n_copy(&ch->label, &tr->label);
	}
	if (w->steps_list.n == 0) {
		tui_message(t, 1, _("No step is open to you while the case is \"%s\"."),
		    workflow_state_label(wf, record_state(wf, &w->rec)));
		return;
	}
	w->steps.id = xstrdup("");
	w->steps.type = FT_SELECT_ONE;
	w->steps.list = &w->steps_list;
	i18n_copy(&w->steps.label, &wf->title);
	memset(&req, 0, sizeof req);
	req.data = &w->rec.data;
	req.done = view_step_chosen;
	req.arg = w;
	choice_open(t, &w->steps, &req);
}

static void
view_key(struct tui *t, void *arg, enum action act, const struct tkey *k)
{
	struct view	*w = arg;
	struct amp_err	 err;
	size_t		 page = (size_t)(LINES - 6);

	(void)k;
	switch (act) {
	case ACT_BACK:
		tui_message(t, 0, NULL);
		tui_pop(t);
		return;
	case ACT_EDIT:
		if (w->rec.version != w->latest) {
			tui_message(t, 1, "%s",
			    _("This is an earlier version; press ^V until the current one shows, then edit."));
			return;
		}
		if (access_case(t->sess, &w->rec, PF_EDIT, &err) != AMP_OK) {
			tui_message(t, 1, "%s", err.msg);
			return;
		}
		form_open_case(t, w->id);
		return;
	case ACT_NEXT_STEP:
		view_steps(t, w);
		return;
	case ACT_SERVICES:
		services_open(t, w->id, w->rec.created, w->rec.parent != 0);
		return;
	case ACT_REFER:
		if (w->rec.version != w->latest || w->rec.parent != 0) {
			tui_message(t, 1, "%s", w->rec.parent != 0 ?
			    _("Only a case is referred; this is a record linked to one.") :
			    _("This is an earlier version; press ^V until the current one shows."));
			return;
		}
		refer_start(t, w->id);
		return;
	case ACT_LINK:
		if (w->rec.version != w->latest || w->rec.parent != 0) {
			tui_message(t, 1, "%s", w->rec.parent != 0 ?
			    _("Records are added to a case; this is a record linked to one.") :
			    _("This is an earlier version; press ^V until the current one shows."));
			return;
		}
		link_start(t, w->id);
		return;
	case ACT_HOUSEHOLD:
		household_start(t, &w->rec);
		return;
	case ACT_CARD:
		card_start(t, &w->rec);
		return;
	case ACT_HISTORY:
		if (view_load(t, w, w->rec.version > 1 ? w->rec.version - 1 :
		    0) == AMP_OK)
			tui_message(t, 0, w->rec.version == w->latest ?
			    _("The current version.") :
			    _("An earlier version: ^V shows the one before, and wraps round."));
		return;
	case ACT_UP:
		if (w->top > 0)
			w->top--;
		return;
	case ACT_DOWN:
		w->top++;
		return;
	case ACT_PGUP:
		w->top = w->top > page ? w->top - page : 0;
		return;
	case ACT_PGDN:
		w->top += page;
		return;
	case ACT_HOME:
		w->top = 0;
		return;
	case ACT_END:
		w->top = w->n;
		return;
	default:
		return;
	}
}

/*
 * Back from editing, or others saved: show what is saved now, where the
 * official was reading. An earlier version shown stays as it is.
 */
static void
view_resume(struct tui *t, void *arg)
{
	struct view	*w = arg;
	size_t		 top = w->top;

	if (w->rec.version != w->latest)
		return;
	if (view_load(t, w, 0) == AMP_OK)
		w->top = top;
}

static void
view_free(void *arg)
{
	struct view	*w = arg;

	view_clear(w);
	free(w->v);
	record_free(&w->rec);
	children_clear(w);
	household_rows_free(w->hh, w->nhh);
	steps_clear(w);
	free(w);
}

const struct screen_ops view_screen = {
	.name = "view",
	.ctx = CTX_VIEW,
	.draw = view_draw,
	.key = view_key,
	.resume = view_resume,
	.watch = 1,
	.free = view_free,
};
