/* workflow-load.c: reading workflows from YAML and checking them: states reachable, every state able to end. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "yaml-load.h"

#define DEADLINE_MAX	3650	/* days */

/* States. */

static void
kw_state_id(struct ylctx *c, yaml_node_t *n, void *obj)
{
	((struct wf_state *)obj)->id = yl_id(c, n, N_("the state id"));
}

static void
kw_state_label(struct ylctx *c, yaml_node_t *n, void *obj)
{
	yl_i18n(c, n, &((struct wf_state *)obj)->label, N_("the label"));
}

static void
kw_state_terminal(struct ylctx *c, yaml_node_t *n, void *obj)
{
	yl_bool(c, n, "terminal", &((struct wf_state *)obj)->terminal);
}

static const struct ykw state_kw[] = {
	{ "id", kw_state_id, 1 },
	{ "label", kw_state_label, 1 },
	{ "terminal", kw_state_terminal, 0 },
};

/* Transitions: where from and to were written, for messages about states. */

struct tr_ctx {
	struct wf_transition	*t;
	yaml_node_t		*from, *to;
};

static void
kw_tr_id(struct ylctx *c, yaml_node_t *n, void *obj)
{
	((struct tr_ctx *)obj)->t->id = yl_id(c, n, N_("the transition id"));
}

static void
kw_tr_label(struct ylctx *c, yaml_node_t *n, void *obj)
{
	yl_i18n(c, n, &((struct tr_ctx *)obj)->t->label, N_("the label"));
}

static void
kw_tr_from(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct tr_ctx	*tc = obj;

	tc->from = n;
	tc->t->nfrom = yl_ids(c, n, "from", &tc->t->from);
}

static void
kw_tr_to(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct tr_ctx	*tc = obj;

	tc->to = n;
	tc->t->to = yl_id(c, n, "to");
}

/* Where each role of a step is written, checked when the set is linked. */
static void
note_role(struct ylctx *c, yaml_node_t *n, const char *id, void *arg)
{
	struct wf_transition	*t = arg;
	size_t			 i;

	(void)c;
	for (i = 0; i < t->nroles; i++) {
		if (strcmp(t->roles[i], id) == 0 && t->role_at[i][0] == 0) {
			t->role_at[i][0] = (int)n->start_mark.line + 1;
			t->role_at[i][1] = (int)n->start_mark.column + 1;
			return;
		}
	}
}

static void
kw_tr_roles(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct wf_transition	*t = ((struct tr_ctx *)obj)->t;

	t->nroles = yl_ids(c, n, "roles", &t->roles);
	t->role_at = xcalloc(t->nroles + 1, sizeof *t->role_at);
	yl_each_id(c, n, note_role, t);
}

/* A role that is no role: said where it is, with the roles there are. */
static void
check_roles(struct diags *d, const struct workflow *w,
    const struct wf_transition *t, const struct policy *p)
{
	size_t	i;

	for (i = 0; i < t->nroles; i++) {
		if (policy_role(p, t->roles[i]) != NULL)
			continue;
		diags_add(d, w->file, t->role_at[i][0], t->role_at[i][1],
		    _("unknown role \"%s\" (one of: %s)"), t->roles[i],
		    policy_role_names(p));
	}
}

static void
kw_tr_form(struct ylctx *c, yaml_node_t *n, void *obj)
{
	((struct tr_ctx *)obj)->t->form_id = yl_id(c, n, "form");
}

static void
kw_tr_guard(struct ylctx *c, yaml_node_t *n, void *obj)
{
	fexpr_parse(c, n, &((struct tr_ctx *)obj)->t->guard, "guard");
}

static void
kw_tr_deadline(struct ylctx *c, yaml_node_t *n, void *obj)
{
	long long	v;

	if (yl_ll(c, n, "deadline_days", 1, DEADLINE_MAX, &v) == 0)
		((struct tr_ctx *)obj)->t->deadline_days = (int)v;
}

static void
kw_tr_side(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct wf_transition	*t = ((struct tr_ctx *)obj)->t;
	const char		*v;

	if ((v = yl_scalar(c, n, "side")) == NULL)
		return;
	if (strcmp(v, "sender") == 0)
		t->side = SIDE_SENDER;
	else if (strcmp(v, "receiver") == 0)
		t->side = SIDE_RECEIVER;
	else if (strcmp(v, "any") == 0)
		t->side = SIDE_ANY;
	else
		yl_err(c, n, _("side must be sender, receiver or any, not \"%s\""),
		    v);
}

static void
kw_tr_case_active(struct ylctx *c, yaml_node_t *n, void *obj)
{
	yl_bool(c, n, "case_active", &((struct tr_ctx *)obj)->t->case_active);
}

static const struct ykw transition_kw[] = {
	{ "id", kw_tr_id, 1 },
	{ "label", kw_tr_label, 1 },
	{ "from", kw_tr_from, 1 },
	{ "to", kw_tr_to, 1 },
	{ "roles", kw_tr_roles, 1 },
	{ "form", kw_tr_form, 0 },
	{ "guard", kw_tr_guard, 0 },
	{ "deadline_days", kw_tr_deadline, 0 },
	{ "side", kw_tr_side, 0 },
	{ "case_active", kw_tr_case_active, 0 },
};

/* Workflows: where keys were written, for checks made once all is read. */

struct wf_ctx {
	struct workflow	*w;
	yaml_node_t	*initial, *states;
	yaml_node_t	**from, **to;	/* of each transition kept */
};

static void
kw_wf_id(struct ylctx *c, yaml_node_t *n, void *obj)
{
	((struct wf_ctx *)obj)->w->id = yl_id(c, n, N_("the workflow id"));
}

static void
kw_wf_version(struct ylctx *c, yaml_node_t *n, void *obj)
{
	long long	v;

	if (yl_ll(c, n, "version", 1, 1000000, &v) == 0)
		((struct wf_ctx *)obj)->w->version = (uint32_t)v;
}

static void
kw_wf_title(struct ylctx *c, yaml_node_t *n, void *obj)
{
	yl_i18n(c, n, &((struct wf_ctx *)obj)->w->title, N_("the title"));
}

static void
kw_wf_form(struct ylctx *c, yaml_node_t *n, void *obj)
{
	((struct wf_ctx *)obj)->w->form_id = yl_id(c, n, "form");
}

static void
kw_wf_initial(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct wf_ctx	*wc = obj;

	wc->initial = n;
	wc->w->initial = yl_id(c, n, "initial");
}

static void
kw_wf_states(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct wf_ctx		*wc = obj;
	struct workflow		*w = wc->w;
	struct wf_state		*s;
	struct yl_seen		 seen = { 0 };
	yaml_node_item_t	*it;
	yaml_node_t		*e;
	size_t			 first;

	wc->states = n;
	if (n->type != YAML_SEQUENCE_NODE) {
		yl_err(c, n, _("states must be a list, not %s"), yl_kind(n));
		return;
	}
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		if ((e = yl_node(c, *it)) == NULL)
			break;
		XGROW(w->states, w->nstates, w->capstates);
		s = &w->states[w->nstates];
		memset(s, 0, sizeof *s);
		s->line = (int)e->start_mark.line + 1;
		s->col = (int)e->start_mark.column + 1;
		yl_walk(c, e, state_kw, nitems(state_kw), s, N_("a state"));
		if (s->id != NULL &&
		    yl_seen_add(&seen, s->id, w->nstates, &first))
			yl_err(c, e, _("duplicate state \"%s\" (first at line %d)"),
			    s->id, w->states[first].line);
		else if (s->id != NULL) {
			w->nstates++;
			continue;
		}
		free(s->id);
		i18n_free(&s->label);
	}
	yl_seen_free(&seen);
	if (w->nstates == 0)
		yl_err(c, n, _("a workflow needs at least one state"));
}

static void
transition_free(struct wf_transition *t)
{
	free(t->id);
	i18n_free(&t->label);
	strv_free(t->from, t->nfrom);
	free(t->to);
	strv_free(t->roles, t->nroles);
	free(t->role_at);
	free(t->form_id);
	fexpr_free(&t->guard);
	memset(t, 0, sizeof *t);
}

static void
kw_wf_transitions(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct wf_ctx		*wc = obj;
	struct workflow		*w = wc->w;
	struct tr_ctx		 tc;
	struct yl_seen		 seen = { 0 };
	yaml_node_item_t	*it;
	yaml_node_t		*e;
	size_t			 first;

	if (n->type != YAML_SEQUENCE_NODE) {
		yl_err(c, n, _("transitions must be a list, not %s"),
		    yl_kind(n));
		return;
	}
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		if ((e = yl_node(c, *it)) == NULL)
			break;
		XGROW(w->transitions, w->ntransitions, w->captransitions);
		memset(&tc, 0, sizeof tc);
		tc.t = &w->transitions[w->ntransitions];
		memset(tc.t, 0, sizeof *tc.t);
		tc.t->line = (int)e->start_mark.line + 1;
		tc.t->col = (int)e->start_mark.column + 1;
		yl_walk(c, e, transition_kw, nitems(transition_kw), &tc,
		    N_("a transition"));
		if (tc.t->id != NULL && yl_seen_add(&seen, tc.t->id,
		    w->ntransitions, &first)) {
			yl_err(c, e, _("duplicate transition \"%s\" (first at line %d)"),
			    tc.t->id, w->transitions[first].line);
			transition_free(tc.t);
			continue;
		}
		if (tc.t->id == NULL) {
			transition_free(tc.t);
			continue;
		}
		wc->from = xreallocarray(wc->from, w->ntransitions + 1,
		    sizeof *wc->from);
		wc->to = xreallocarray(wc->to, w->ntransitions + 1,
		    sizeof *wc->to);
		wc->from[w->ntransitions] = tc.from;
		wc->to[w->ntransitions] = tc.to;
		w->ntransitions++;
	}
	yl_seen_free(&seen);
}

static const struct ykw workflow_kw[] = {
	{ "workflow", kw_wf_id, 1 },
	{ "version", kw_wf_version, 1 },
	{ "title", kw_wf_title, 1 },
	{ "form", kw_wf_form, 1 },
	{ "initial", kw_wf_initial, 1 },
	{ "states", kw_wf_states, 1 },
	{ "transitions", kw_wf_transitions, 1 },
};

/* The workflow's states by id, for state_index (yl_seen_free it). */
static void
states_index(const struct workflow *w, struct yl_seen *ix)
{
	size_t	i, first;

	memset(ix, 0, sizeof *ix);
	for (i = 0; i < w->nstates; i++)
		yl_seen_add(ix, w->states[i].id, i, &first);
}

static int
state_index(const struct yl_seen *ix, const char *id)
{
	size_t	i;

	if (id == NULL || !yl_seen_find(ix, id, &i))
		return (-1);
	return ((int)i);
}

/* A state a transition or the workflow names, and where it is written. */
struct state_ref {
	const struct workflow		*w;
	const struct yl_seen		*ix;	/* its states */
	const struct wf_transition	*t;	/* NULL: the initial state */
	const char			*what;	/* "from", "to", "initial" */
};

/*
 * A state named at n: it must be one of the workflow's, and a transition
 * may not leave a terminal one.
 */
static void
check_state_ref(struct ylctx *c, yaml_node_t *n, const char *id, void *arg)
{
	const struct state_ref	*r = arg;
	const struct workflow	*w = r->w;
	struct yl_guess		 g;
	char			 hint[YL_HINT_MAX];
	size_t			 i;
	int			 s;

	if ((s = state_index(r->ix, id)) >= 0) {
		if (strcmp(r->what, "from") == 0 && w->states[s].terminal)
			yl_err(c, n, _("transition \"%s\" leaves \"%s\", a terminal state: records there are done, so nothing may leave it"),
			    r->t->id, id);
		return;
	}
	yl_guess_init(&g, id);
	for (i = 0; i < w->nstates && c->errors < YL_MAX_ERRORS; i++)
		yl_guess_try(&g, w->states[i].id);
	if (r->t != NULL)
		yl_err(c, n, _("transition \"%s\": %s \"%s\" is not a state of the workflow%s"),
		    r->t->id, r->what, id,
		    yl_guess_hint(&g, hint, sizeof hint));
	else
		yl_err(c, n, _("the initial state \"%s\" is not a state of the workflow%s"),
		    id, yl_guess_hint(&g, hint, sizeof hint));
}

/* A node that must be one id (to, initial): if it is not, yl_id said so. */
static void
check_state_one(struct ylctx *c, yaml_node_t *n, struct state_ref *r)
{
	if (n != NULL && n->type == YAML_SCALAR_NODE)
		yl_each_id(c, n, check_state_ref, r);
}

/* What the workflow's file settles: the states it names exist, one ends. */
static void
check_states(struct ylctx *c, struct wf_ctx *wc)
{
	const struct workflow	*w = wc->w;
	struct state_ref	 r;
	struct yl_seen		 ix;
	size_t			 i, nterminal = 0;

	states_index(w, &ix);
	r.w = w;
	r.ix = &ix;
	r.t = NULL;
	r.what = "initial";
	check_state_one(c, wc->initial, &r);
	for (i = 0; i < w->nstates; i++)
		nterminal += w->states[i].terminal != 0;
	if (nterminal == 0 && w->nstates > 0)
		yl_err(c, wc->states, _("workflow \"%s\" has no terminal state: mark the states where its records are done with terminal: true"),
		    w->id != NULL ? w->id : "?");
	for (i = 0; i < w->ntransitions; i++) {
		r.t = &w->transitions[i];
		r.what = "from";
		yl_each_id(c, wc->from[i], check_state_ref, &r);
		r.what = "to";
		check_state_one(c, wc->to[i], &r);
	}
	yl_seen_free(&ix);
}

/* Read a workflow; what needs other files (forms, guards) waits for link. */
struct workflow *
workflow_parse(struct ylctx *c, yaml_node_t *root)
{
	struct wf_ctx	 wc;

	memset(&wc, 0, sizeof wc);
	wc.w = xcalloc(1, sizeof *wc.w);
	wc.w->file = xstrdup(c->file);
	yl_walk(c, root, workflow_kw, nitems(workflow_kw), &wc,
	    N_("a workflow"));
	check_states(c, &wc);
	free(wc.from);
	free(wc.to);
	if (wc.w->id == NULL) {
		workflow_free(wc.w);
		return (NULL);
	}
	return (wc.w);
}

void
workflow_free(struct workflow *w)
{
	size_t	i;

	if (w == NULL)
		return;
	for (i = 0; i < w->nstates; i++) {
		free(w->states[i].id);
		i18n_free(&w->states[i].label);
	}
	free(w->states);
	for (i = 0; i < w->ntransitions; i++)
		transition_free(&w->transitions[i]);
	free(w->transitions);
	free(w->id);
	i18n_free(&w->title);
	free(w->file);
	free(w->form_id);
	free(w->initial);
	free(w);
}

/* Linking. */

/*
 * Mark the states reachable from those marked, along the edges a[k] -> b[k]:
 * a breadth-first search, in time linear in the graph (a workflow of
 * thousands of states is checked at once).
 */
static void
reach(size_t ns, const size_t *a, const size_t *b, size_t ne,
    unsigned char *mark)
{
	size_t	*first, *next, *adj, *queue, head = 0, tail = 0, i, k;

	first = xcalloc(ns + 1, sizeof *first);
	next = xcalloc(ns, sizeof *next);
	adj = xcalloc(ne, sizeof *adj);
	queue = xcalloc(ns, sizeof *queue);
	for (k = 0; k < ne; k++)
		first[a[k] + 1]++;
	for (i = 0; i < ns; i++)
		first[i + 1] += first[i];
	memcpy(next, first, ns * sizeof *next);
	for (k = 0; k < ne; k++)
		adj[next[a[k]]++] = b[k];
	for (i = 0; i < ns; i++) {
		if (mark[i])
			queue[tail++] = i;
	}
	while (head < tail) {
		i = queue[head++];
		for (k = first[i]; k < first[i + 1]; k++) {
			if (!mark[adj[k]]) {
				mark[adj[k]] = 1;
				queue[tail++] = adj[k];
			}
		}
	}
	free(first);
	free(next);
	free(adj);
	free(queue);
}

static void AMP_PRINTF(5, 6)
wf_err(struct diags *d, const struct workflow *w, int line, int col,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	msg = xvsprintf(fmt, ap);
	va_end(ap);
	diags_add(d, w->file, line, col, "%s", msg);
	free(msg);
}

/*
 * Whether every state the graph names is one, and some state ends (else
 * check_states said why).
 */
static int
graph_sound(const struct workflow *w, const struct yl_seen *ix)
{
	const struct wf_transition	*t;
	size_t				 i, j, nterminal = 0;

	if (state_index(ix, w->initial) < 0)
		return (0);
	for (i = 0; i < w->nstates; i++)
		nterminal += w->states[i].terminal != 0;
	for (i = 0; i < w->ntransitions; i++) {
		t = &w->transitions[i];
		if (state_index(ix, t->to) < 0)
			return (0);
		for (j = 0; j < t->nfrom; j++) {
			if (state_index(ix, t->from[j]) < 0)
				return (0);
		}
	}
	return (nterminal > 0);
}

/*
 * Every state reachable from the initial one (searching forwards from it),
 * and from each a terminal one (backwards from the terminal ones).
 */
static void
check_graph(struct diags *d, const struct workflow *w,
    const struct yl_seen *ix)
{
	const struct wf_transition	*t;
	unsigned char			*fwd, *bwd;
	size_t				*a, *b, ne = 0, i, j;

	for (i = 0; i < w->ntransitions; i++)
		ne += w->transitions[i].nfrom;
	a = xcalloc(ne, sizeof *a);
	b = xcalloc(ne, sizeof *b);
	for (ne = 0, i = 0; i < w->ntransitions; i++) {
		t = &w->transitions[i];
		for (j = 0; j < t->nfrom; j++, ne++) {
			a[ne] = (size_t)state_index(ix, t->from[j]);
			b[ne] = (size_t)state_index(ix, t->to);
		}
	}
	fwd = xcalloc(w->nstates, 1);
	fwd[state_index(ix, w->initial)] = 1;
	reach(w->nstates, a, b, ne, fwd);
	bwd = xcalloc(w->nstates, 1);
	for (i = 0; i < w->nstates; i++)
		bwd[i] = w->states[i].terminal != 0;
	reach(w->nstates, b, a, ne, bwd);
	for (i = 0; i < w->nstates; i++) {
		if (!fwd[i])
			wf_err(d, w, w->states[i].line, w->states[i].col,
			    _("state \"%s\" can never be reached from \"%s\": add a transition to it, or remove it"),
			    w->states[i].id, w->initial);
		else if (!bwd[i])
			wf_err(d, w, w->states[i].line, w->states[i].col,
			    _("state \"%s\" never ends: no terminal state can be reached from it; add a transition that leads to one"),
			    w->states[i].id);
	}
	free(a);
	free(b);
	free(fwd);
	free(bwd);
}

/* A form a workflow names: found, or reported with the closest there is. */
static const struct form *
find_form(struct diags *d, const struct workflow *w, const struct formset *fs,
    const struct wf_transition *t)
{
	const struct form	*f;
	struct yl_guess		 g;
	const char		*id = t != NULL ? t->form_id : w->form_id;
	char			 hint[YL_HINT_MAX];
	size_t			 i;

	if ((f = formset_find(fs, id)) != NULL)
		return (f);
	yl_guess_init(&g, id);
	for (i = 0; i < fs->nforms; i++)
		yl_guess_try(&g, fs->forms[i]->id);
	yl_guess_hint(&g, hint, sizeof hint);
	if (t != NULL)
		wf_err(d, w, t->line, t->col,
		    _("transition \"%s\" fills the unknown form \"%s\"%s"),
		    t->id, id, hint);
	else
		wf_err(d, w, 0, 0,
		    _("workflow \"%s\" moves records of the unknown form \"%s\"%s"),
		    w->id, id, hint);
	return (NULL);
}

/*
 * Resolve a workflow's form and transition forms, check its guards, and
 * prove its graph sound: every state reachable from the initial one, and
 * from every state a terminal one reachable. What its own file settles
 * (states named, a terminal state) was checked when it was read. Returns
 * the problems found.
 */
int
workflow_link(struct diags *d, struct workflow *w, const struct formset *fs)
{
	struct wf_transition	*t;
	struct yl_seen		 ix;
	size_t			 i, before = d->n;

	if (w->form_id != NULL)
		w->form = find_form(d, w, fs, NULL);
	for (i = 0; i < fs->nworkflows && fs->workflows[i] != w; i++) {
		if (strcmp(fs->workflows[i]->id, w->id) == 0)
			wf_err(d, w, 0, 0, _("duplicate workflow \"%s\" (also in %s)"),
			    w->id, fs->workflows[i]->file);
		if (w->form_id != NULL && fs->workflows[i]->form_id != NULL &&
		    strcmp(fs->workflows[i]->form_id, w->form_id) == 0)
			wf_err(d, w, 0, 0, _("form \"%s\" already has the workflow \"%s\" (%s): a form has one workflow"),
			    w->form_id, fs->workflows[i]->id,
			    fs->workflows[i]->file);
	}
	for (i = 0; i < w->ntransitions; i++) {
		t = &w->transitions[i];
		check_roles(d, w, t, fs->policy);
		if (t->form_id != NULL)
			t->form = find_form(d, w, fs, t);
		if (w->form != NULL && t->guard.e != NULL)
			form_check_expr(d, w->file, fs, w->form, &t->guard,
			    VT_BOOL, "guard");
	}
	states_index(w, &ix);
	if (graph_sound(w, &ix))
		check_graph(d, w, &ix);
	yl_seen_free(&ix);
	return ((int)(d->n - before));
}
