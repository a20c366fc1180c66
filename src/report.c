/* report.c: the reports, served from the counters: cases by form and state, claims backlog, referrals, documents, renewal sessions, caseload. */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "amparo.h"

#define COL_NUM(i)	(1u << (i))
#define REPORT_NONE	INT64_MIN	/* a figure there is none of */

static int	fill_by_form(struct session *, struct stxn *, struct report *,
		    struct amp_err *);
static int	fill_by_state(struct session *, struct stxn *, struct report *,
		    struct amp_err *);
static int	fill_backlog(struct session *, struct stxn *, struct report *,
		    struct amp_err *);
static int	fill_overdue(struct session *, struct stxn *, struct report *,
		    struct amp_err *);
static int	fill_cross(struct session *, struct stxn *, struct report *,
		    struct amp_err *);
static int	fill_docs(struct session *, struct stxn *, struct report *,
		    struct amp_err *);
static int	fill_renew(struct session *, struct stxn *, struct report *,
		    struct amp_err *);
static int	fill_load(struct session *, struct stxn *, struct report *,
		    struct amp_err *);

const struct report_info report_table[] = {
	{ "cases_by_form", N_("cases by form"),
	    { N_("institution"), N_("form"), N_("cases") }, COL_NUM(2), 2,
	    fill_by_form, "if-", NULL, NULL },
	{ "cases_by_state", N_("cases by form and workflow state"),
	    { N_("institution"), N_("form"), N_("state"), N_("cases") },
	    COL_NUM(3), 3, fill_by_state, "ifs-", NULL, NULL },
	{ "claims_backlog",
	    N_("asylum claims per open stage: count, median and 90th percentile of days in the stage"),
	    { N_("institution"), N_("stage"), N_("claims"), N_("median days"),
	    N_("p90 days") }, COL_NUM(2) | COL_NUM(3) | COL_NUM(4), 2,
	    fill_backlog, "is---", "intake", NULL },
	{ "referrals_overdue",
	    N_("open referrals per receiving institution, and how many are overdue"),
	    { N_("institution"), N_("open"), N_("overdue") },
	    COL_NUM(1) | COL_NUM(2), 2, fill_overdue, "i--", NULL,
	    NULL },
	{ "counter_referrals",
	    N_("referrals received and counter-referred per institution: completion rate, median days"),
	    { N_("institution"), N_("referrals"), N_("counter-referred"),
	    N_("rate %"), N_("median days") },
	    COL_NUM(1) | COL_NUM(2) | COL_NUM(3) | COL_NUM(4), 3, fill_cross,
	    "i----", NULL, NULL },
	{ "documents_expiring",
	    N_("documents expiring per month for the next 12 months, by type"),
	    { N_("institution"), N_("month"), N_("document type"),
	    N_("documents") }, COL_NUM(3), 3, fill_docs, "i-c-", "document",
	    "doc_type" },
	{ "renewal_sessions",
	    N_("renewal sessions: how many people had each outcome"),
	    { N_("institution"), N_("session"), N_("outcome"), N_("people") },
	    COL_NUM(3), 3, fill_renew, "i-c-", "renewal_outcome", "outcome" },
	{ "caseload",
	    N_("open cases per official and team, and unassigned, per institution"),
	    { N_("institution"), N_("assigned to"), N_("open cases") },
	    COL_NUM(2), 2, fill_load, "i--", NULL, NULL },
};
const size_t report_count = nitems(report_table);

/*
 * The label of a cell for people to read: an institution's name, a form's
 * title, a state's or a choice's label, in the language in use; the cell
 * itself when it is not an id, or an id the forms do not know.
 */
const char *
report_label(const struct session *s, const struct report *rep, size_t row,
    size_t col)
{
	const struct report_info	*in = rep->info;
	const struct formset		*fs = s->forms;
	const struct institution	*inst;
	const struct workflow		*w;
	const struct form		*f;
	const struct field		*fld;
	const char			*c = report_cell(rep, row, col);
	const char			*fid = in->form, *k;
	size_t				 j;

	if (*c == '\0' || in->kinds == NULL || col >= strlen(in->kinds))
		return (c);
	for (j = 0; j < rep->ncols && in->kinds[j] != '\0'; j++) {
		if (in->kinds[j] == 'f')
			fid = report_cell(rep, row, j);
	}
	switch (in->kinds[col]) {
	case 'i':
		if (fs->policy != NULL &&
		    (inst = policy_institution(fs->policy, c)) != NULL)
			return (i18n_get(&inst->name));
		break;
	case 'f':
		if ((f = formset_find(fs, c)) != NULL)
			return (i18n_get(&f->title));
		break;
	case 's':
		if (fid != NULL && (w = workflow_for(fs, fid)) != NULL &&
		    workflow_state(w, c) != NULL)
			return (workflow_state_label(w, c));
		break;
	case 'c':
		if (fid != NULL && in->field != NULL &&
		    (f = formset_find(fs, fid)) != NULL &&
		    (fld = form_field(f, in->field)) != NULL &&
		    (k = choice_label(fld, c)) != NULL)
			return (k);
		break;
	}
	return (c);
}

const struct report_info *
report_find(const char *id)
{
	size_t	i;

	for (i = 0; id != NULL && i < report_count; i++) {
		if (strcmp(report_table[i].id, id) == 0)
			return (&report_table[i]);
	}
	return (NULL);
}

const char *
report_cell(const struct report *r, size_t row, size_t col)
{
	return (r->cells[row * r->ncols + col]);
}

/* A row of text cells and numbers, in column order (nums for COL_NUM). */
static void
row_add(struct report *r, const char *const *text, const int64_t *nums)
{
	size_t	i, t = 0, k = 0;

	if (r->n >= r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->cells = xreallocarray(r->cells, r->cap * r->ncols,
		    sizeof *r->cells);
	}
	for (i = 0; i < r->ncols; i++) {
		if ((r->info->num & COL_NUM(i)) && nums[k] == REPORT_NONE) {
			r->cells[r->n * r->ncols + i] = xstrdup("");
			k++;
		} else if (r->info->num & COL_NUM(i))
			r->cells[r->n * r->ncols + i] = xsprintf("%lld",
			    (long long)nums[k++]);
		else
			r->cells[r->n * r->ncols + i] = xstrdup(text[t] !=
			    NULL ? text[t] : "");
		if (!(r->info->num & COL_NUM(i)))
			t++;
	}
	r->n++;
}

/*
 * Rows being summed, by up to three keys: each report gathers into these,
 * then turns them into rows.
 */
struct acc {
	char		*k[3];
	int64_t		 v[3];
	struct hist	 h;
};
struct accs {
	struct acc	*v;
	size_t		 n, cap;
	int64_t		 today;
	int		 both;
	struct session	*s;
};

static int
same_key(const char *a, const char *b)
{
	return (strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0);
}

static struct acc *
acc_get(struct accs *a, const char *k0, const char *k1, const char *k2)
{
	size_t	i;

	for (i = 0; i < a->n; i++) {
		if (same_key(a->v[i].k[0], k0) && same_key(a->v[i].k[1], k1) &&
		    same_key(a->v[i].k[2], k2))
			return (&a->v[i]);
	}
	XGROW(a->v, a->n, a->cap);
	memset(&a->v[a->n], 0, sizeof a->v[a->n]);
	a->v[a->n].k[0] = xstrdup(k0 != NULL ? k0 : "");
	a->v[a->n].k[1] = xstrdup(k1 != NULL ? k1 : "");
	a->v[a->n].k[2] = xstrdup(k2 != NULL ? k2 : "");
	return (&a->v[a->n++]);
}

static void
accs_free(struct accs *a)
{
	size_t	i, j;

	for (i = 0; i < a->n; i++) {
		for (j = 0; j < 3; j++)
			free(a->v[i].k[j]);
		hist_free(&a->v[i].h);
	}
	free(a->v);
	memset(a, 0, sizeof *a);
}

/* Call fn with each group of a kind whose institution the official sees. */
static int
each_group(struct session *s, struct stxn *t, char kind,
    int (*fn)(const struct counter_group *, void *), void *arg,
    struct amp_err *err)
{
	struct counter_group	g;
	int			rc;

	if (s->rp != NULL && s->rp->cases == SCOPE_ALL)
		return (counter_each(t, s, kind, fn, arg, err));
	if (s->institution == NULL)
		return (AMP_OK);
	if ((rc = counter_get(t, s, kind, s->institution, "", 0, &g,
	    err)) != AMP_OK)
		return (rc);
	rc = fn(&g, arg);
	counter_group_free(&g);
	return (rc);
}

/*
 * The rows of the simple reports: add sums each group of a kind into a,
 * and each sum that is not nothing becomes a row.
 */
static int
fill_each(struct session *s, struct stxn *t, struct report *r, char kind,
    int (*add)(const struct counter_group *, void *), struct accs *a,
    struct amp_err *err)
{
	size_t	i;
	int	rc;

	a->s = s;
	rc = each_group(s, t, kind, add, a, err);
	for (i = 0; i < a->n; i++) {
		if (a->v[i].v[0] != 0)
			row_add(r, (const char *const *)a->v[i].k, a->v[i].v);
	}
	accs_free(a);
	return (rc);
}

/* The workflow state of a form's records, as counted ("" is its first). */
static const struct wf_state *
state_of(const struct session *s, const char *form, const char *state,
    const struct workflow **wp)
{
	const struct workflow	*w = workflow_for(s->forms, form);

	*wp = w;
	if (w == NULL)
		return (NULL);
	return (workflow_state(w, *state != '\0' ? state : w->initial));
}

/* Whether a form's records in a state are open (no terminal state). */
static int
is_open(const struct session *s, const char *form, const char *state)
{
	const struct workflow	*w;
	const struct wf_state	*st = state_of(s, form, state, &w);

	return (st == NULL || !st->terminal);
}

/* Whether a form's records are referrals (their workflow has sides). */
static int
is_referral(const struct session *s, const char *form)
{
	return (workflow_has_sides(workflow_for(s->forms, form)));
}

/*
 * cases_by_form, cases_by_state: the first string of each entry (the
 * form), and with both set the second (the state) too.
 */
static int
add_two(const struct counter_group *g, void *arg)
{
	struct accs	*a = arg;
	char		*one, *two;
	size_t		 i;

	for (i = 0; i < g->n; i++) {
		one = counter_field(&g->v[i], 0, 0);
		two = counter_field(&g->v[i], 0, 1);
		acc_get(a, g->inst, one, a->both ? two : "")->v[0] +=
		    g->v[i].count;
		free(one);
		free(two);
	}
	return (AMP_OK);
}

static int
fill_by_form(struct session *s, struct stxn *t, struct report *r,
    struct amp_err *err)
{
	struct accs	a = { 0 };

	return (fill_each(s, t, r, CK_COUNT, add_two, &a, err));
}

static int
fill_by_state(struct session *s, struct stxn *t, struct report *r,
    struct amp_err *err)
{
	struct accs	a = { 0 };

	a.both = 1;
	return (fill_each(s, t, r, CK_COUNT, add_two, &a, err));
}

/*
 * The (form, state) pairs of open records of some forms in the official's
 * institutions, with the days they entered the state (CK_SINCE groups).
 */
struct since_ctx {
	struct accs	*a;
	struct stxn	*t;
	int		(*want)(const struct session *, const char *);
	void		(*add)(struct accs *, const char *, const char *,
			    const char *, const struct counter_group *);
	struct amp_err	*err;
};

static int
add_since(const struct counter_group *g, void *arg)
{
	struct since_ctx	*c = arg;
	struct counter_group	 sg;
	struct buf		 sub = { 0 };
	char			*form, *state;
	size_t			 i;
	int			 rc = AMP_OK;

	for (i = 0; i < g->n && rc == AMP_OK; i++) {
		form = counter_field(&g->v[i], 0, 0);
		state = counter_field(&g->v[i], 0, 1);
		if (g->v[i].count > 0 && *state != '\0' &&
		    c->want(c->a->s, form) && is_open(c->a->s, form, state)) {
			buf_reset(&sub);
			buf_add(&sub, form, strlen(form));
			buf_add_u8(&sub, 0);
			buf_add(&sub, state, strlen(state));
			rc = counter_get(c->t, c->a->s, CK_SINCE, g->inst,
			    sub.p, sub.n, &sg, c->err);
			if (rc == AMP_OK)
				c->add(c->a, g->inst, form, state, &sg);
			counter_group_free(&sg);
		}
		free(form);
		free(state);
	}
	buf_free(&sub);
	return (rc);
}

static int
is_claim(const struct session *s, const char *form)
{
	const struct workflow	*w = workflow_for(s->forms, form);

	return (w != NULL && strcmp(w->id, "asylum_claim") == 0);
}

/* claims_backlog: days in the stage, today less the day it was entered. */
static void
add_backlog(struct accs *a, const char *inst, const char *form,
    const char *state, const struct counter_group *sg)
{
	struct acc	*x = acc_get(a, inst, state, NULL);
	size_t		 i;

	(void)form;
	for (i = 0; i < sg->n; i++) {
		if (sg->v[i].n < 4)
			continue;
		hist_add(&x->h, a->today - counter_num_get(sg->v[i].key),
		    sg->v[i].count);
		x->v[0] += sg->v[i].count;
	}
}

static int
fill_backlog(struct session *s, struct stxn *t, struct report *r,
    struct amp_err *err)
{
	struct accs		a = { 0 };
	struct since_ctx	c;
	int64_t			v[3];
	size_t			i;
	int			rc;

	a.s = s;
	a.today = date_today_days();
	c.a = &a;
	c.t = t;
	c.want = is_claim;
	c.add = add_backlog;
	c.err = err;
	rc = each_group(s, t, CK_COUNT, add_since, &c, err);
	for (i = 0; i < a.n; i++) {
		if (a.v[i].v[0] <= 0)
			continue;
		v[0] = a.v[i].v[0];
		v[1] = hist_percentile(&a.v[i].h, 50);
		v[2] = hist_percentile(&a.v[i].h, 90);
		row_add(r, (const char *const *)a.v[i].k, v);
	}
	accs_free(&a);
	return (rc);
}

/* The days a form's records have in a state: its steps' shortest deadline. */
static int
state_deadline(const struct session *s, const char *form, const char *state)
{
	const struct workflow	*w = workflow_for(s->forms, form);
	size_t			 i, j;
	int			 best = 0;

	for (i = 0; w != NULL && i < w->ntransitions; i++) {
		if (w->transitions[i].deadline_days <= 0)
			continue;
		for (j = 0; j < w->transitions[i].nfrom; j++) {
			if (strcmp(w->transitions[i].from[j], state) == 0 &&
			    (best == 0 || w->transitions[i].deadline_days <
			    best))
				best = w->transitions[i].deadline_days;
		}
	}
	return (best);
}

/* referrals_overdue: due the day entered plus the deadline, before today. */
static void
add_overdue(struct accs *a, const char *inst, const char *form,
    const char *state, const struct counter_group *sg)
{
	struct acc	*x = acc_get(a, inst, NULL, NULL);
	struct hist	 h = { 0 };
	int		 dl = state_deadline(a->s, form, state);
	size_t		 i;

	for (i = 0; i < sg->n; i++) {
		if (sg->v[i].n < 4)
			continue;
		hist_add(&h, counter_num_get(sg->v[i].key) + dl,
		    sg->v[i].count);
		x->v[0] += sg->v[i].count;
	}
	if (dl > 0)
		x->v[1] += hist_below(&h, a->today);
	hist_free(&h);
}

static int
fill_overdue(struct session *s, struct stxn *t, struct report *r,
    struct amp_err *err)
{
	struct accs		a = { 0 };
	struct since_ctx	c;
	size_t			i;
	int			rc;

	a.s = s;
	a.today = date_today_days();
	c.a = &a;
	c.t = t;
	c.want = is_referral;
	c.add = add_overdue;
	c.err = err;
	rc = each_group(s, t, CK_COUNT, add_since, &c, err);
	for (i = 0; i < a.n; i++)
		row_add(r, (const char *const *)a.v[i].k, a.v[i].v);
	accs_free(&a);
	return (rc);
}

/* counter_referrals: referrals received (any state), and counter-referrals. */
static int
add_sent(const struct counter_group *g, void *arg)
{
	struct accs	*a = arg;
	char		*form;
	size_t		 i;

	for (i = 0; i < g->n; i++) {
		form = counter_field(&g->v[i], 0, 0);
		if (is_referral(a->s, form))
			acc_get(a, g->inst, NULL, NULL)->v[0] += g->v[i].count;
		free(form);
	}
	return (AMP_OK);
}

static int
add_cross(const struct counter_group *g, void *arg)
{
	struct accs	*a = arg;
	struct acc	*x;
	size_t		 i;

	for (i = 0; i < g->n; i++) {
		if (g->v[i].n < 4)
			continue;
		x = acc_get(a, g->inst, NULL, NULL);
		x->v[1] += g->v[i].count;
		hist_add(&x->h, counter_num_get(g->v[i].key), g->v[i].count);
	}
	return (AMP_OK);
}

static int
fill_cross(struct session *s, struct stxn *t, struct report *r,
    struct amp_err *err)
{
	struct accs	a = { 0 };
	int64_t		v[4];
	size_t		i;
	int		rc;

	a.s = s;
	if ((rc = each_group(s, t, CK_COUNT, add_sent, &a, err)) == AMP_OK)
		rc = each_group(s, t, CK_CROSS, add_cross, &a, err);
	for (i = 0; i < a.n; i++) {
		if (a.v[i].v[0] == 0 && a.v[i].v[1] == 0)
			continue;
		v[0] = a.v[i].v[0];
		v[1] = a.v[i].v[1];
		/* Whole percent, rounded half up. */
		v[2] = v[0] > 0 ? (v[1] * 200 + v[0]) / (v[0] * 2) :
		    REPORT_NONE;
		v[3] = v[1] > 0 ? hist_percentile(&a.v[i].h, 50) : REPORT_NONE;
		row_add(r, (const char *const *)a.v[i].k, v);
	}
	accs_free(&a);
	return (rc);
}

/* documents_expiring: months from this one to eleven ahead. */
static int
add_docs(const struct counter_group *g, void *arg)
{
	struct accs	*a = arg;
	char		*type, *state, month[48];
	int64_t		 m;
	size_t		 i;

	for (i = 0; i < g->n; i++) {
		if (g->v[i].n < 4)
			continue;
		m = counter_num_get(g->v[i].key);
		if (m < a->today || m > a->today + 11)
			continue;
		type = counter_field(&g->v[i], 4, 0);
		state = counter_field(&g->v[i], 4, 1);
		if (is_open(a->s, COUNTER_DOC_FORM, state)) {
			snprintf(month, sizeof month, "%04lld-%02lld",
			    (long long)(m / 12), (long long)(m % 12 + 1));
			acc_get(a, g->inst, month, type)->v[0] +=
			    g->v[i].count;
		}
		free(type);
		free(state);
	}
	return (AMP_OK);
}

static int
fill_docs(struct session *s, struct stxn *t, struct report *r,
    struct amp_err *err)
{
	struct accs	a = { 0 };
	int		y, m, d;

	date_from_days(date_today_days(), &y, &m, &d);
	a.today = (int64_t)y * 12 + m - 1;	/* this month */
	return (fill_each(s, t, r, CK_DOCS, add_docs, &a, err));
}

/* renewal_sessions: (session, outcome) entries, summed as add_two does. */
static int
fill_renew(struct session *s, struct stxn *t, struct report *r,
    struct amp_err *err)
{
	struct accs	a = { 0 };

	a.both = 1;
	return (fill_each(s, t, r, CK_RENEW, add_two, &a, err));
}

/* caseload: open top-level records by assignee ("" for none). */
static int
add_load(const struct counter_group *g, void *arg)
{
	struct accs	*a = arg;
	char		*who, *form, *state;
	size_t		 i;

	for (i = 0; i < g->n; i++) {
		who = counter_field(&g->v[i], 0, 0);
		form = counter_field(&g->v[i], 0, 1);
		state = counter_field(&g->v[i], 0, 2);
		if (is_open(a->s, form, state))
			acc_get(a, g->inst, who, NULL)->v[0] += g->v[i].count;
		free(who);
		free(form);
		free(state);
	}
	return (AMP_OK);
}

static int
fill_load(struct session *s, struct stxn *t, struct report *r,
    struct amp_err *err)
{
	struct accs	a = { 0 };

	return (fill_each(s, t, r, CK_LOAD, add_load, &a, err));
}

/* Rows in the order of their text columns. */
static size_t	sort_ncols;
static unsigned	sort_num;

static int
row_cmp(const void *a, const void *b)
{
	char *const	*x = a, *const *y = b;
	size_t		 i;
	int		 c;

	for (i = 0; i < sort_ncols; i++) {
		if (sort_num & COL_NUM(i))
			continue;
		if ((c = strcmp(x[i], y[i])) != 0)
			return (c);
	}
	return (0);
}

/*
 * A report's figures, from the counters, with no check of the role and no
 * audit (report_run does both): for measuring.
 */
int
report_compute(struct session *s, const char *id, struct report *out,
    struct amp_err *err)
{
	const struct report_info	*ri;
	struct stxn			*t;
	size_t				 i;
	int				 rc;

	memset(out, 0, sizeof *out);
	if ((ri = report_find(id)) == NULL)
		return (err_set(err, AMP_EUSAGE,
		    _("running the report failed: there is no report \"%s\""),
		    id));
	out->info = ri;
	for (i = 0; i < REPORT_COLS_MAX && ri->cols[i] != NULL; i++)
		out->ncols++;
	if ((rc = counters_ready(s, err)) != AMP_OK)
		return (rc);
	if ((rc = store_read(s->store, &t, err)) != AMP_OK)
		return (rc);
	rc = ri->fill(s, t, out, err);
	stxn_end(t);
	if (rc != AMP_OK) {
		report_free(out);
		return (rc);
	}
	sort_ncols = out->ncols;
	sort_num = ri->num;
	if (out->n > 1)	/* qsort of no rows may be given no array */
		qsort(out->cells, out->n, out->ncols * sizeof *out->cells,
		    row_cmp);
	return (AMP_OK);
}

/*
 * Run a report the role may run, over the figures of the official's
 * institution (every institution's for a role with cases: all); the run
 * is audited before anything is counted.
 */
int
report_run(struct session *s, const char *id, struct report *out,
    struct amp_err *err)
{
	int	rc;

	memset(out, 0, sizeof *out);
	if (report_find(id) == NULL)
		return (err_set(err, AMP_EUSAGE,
		    _("running the report failed: there is no report \"%s\""),
		    id));
	if (!role_has_report(s->rp, id))
		return (err_set(err, AMP_EPERM,
		    _("not allowed: the role \"%s\" may not run the report \"%s\""),
		    s->role, id));
	if ((rc = session_note(s, "report", 0, id, err)) != AMP_OK)
		return (rc);
	return (report_compute(s, id, out, err));
}

void
report_free(struct report *r)
{
	size_t	i;

	for (i = 0; i < r->n * r->ncols; i++)
		free(r->cells[i]);
	free(r->cells);
	memset(r, 0, sizeof *r);
}
