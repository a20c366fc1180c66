/* renewal.c: renewal sessions: planning one, its roster, each person's outcome, closing it. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amparo.h"

#define SESSIONS_MAX	10000	/* renewal sessions listed */
#define OUTCOMES_MAX	100000	/* outcomes recorded at one session */

/* Whether a space-separated select_many answer holds a value. */
static int
selected_in(const char *list, const char *value)
{
	size_t		 n = strlen(value);
	const char	*p;

	for (p = list; p != NULL && *p != '\0'; p += strcspn(p, " ")) {
		p += strspn(p, " ");
		if (strncmp(p, value, n) == 0 && (p[n] == ' ' || p[n] == '\0'))
			return (1);
	}
	return (0);
}

/*
 * Whether the official takes part in a session: the role may view
 * sessions and either sees the record (its institution planned it) or
 * works for one of the participating institutions, which may then read
 * the session's roster (names, case and document numbers) and nothing
 * else of those cases.
 */
static int
renewal_sees(const struct session *s, const struct record *r)
{
	if ((role_form_perms(s->rp, RENEWAL_SESSION_FORM) & PF_VIEW) == 0)
		return (0);
	return (access_sees_record(s, r) ||
	    selected_in(rmap_get(&r->data, "institutions"), s->institution));
}

static char *
dup_or_empty(const char *v)
{
	return (xstrdup(v != NULL ? v : ""));
}

static void
info_fill(struct renewal_info *in, const struct session *s,
    const struct record *r)
{
	const struct workflow	*w = workflow_for(s->forms, r->form);
	const char		*v;

	memset(in, 0, sizeof *in);
	in->id = r->id;
	casenum_format(r->id, r->created, in->number, sizeof in->number);
	in->state = xstrdup(w != NULL ? record_state(w, r) :
	    r->state != NULL ? r->state : "");
	in->place = dup_or_empty(rmap_get(&r->data, "place"));
	in->province = dup_or_empty(rmap_get(&r->data, "province"));
	in->district = dup_or_empty(rmap_get(&r->data, "district"));
	in->institutions = dup_or_empty(rmap_get(&r->data, "institutions"));
	in->owner = dup_or_empty(r->institution);
	in->date = record_day(r, "session_date");
	v = rmap_get(&r->data, "window_days");
	in->until = in->date + (v != NULL ? strtol(v, NULL, 10) : 0);
}

/* A renewal session the official takes part in, read in t. */
static int
session_read(struct session *s, struct stxn *t, uint64_t id,
    struct record *r, struct renewal_info *in, struct amp_err *err)
{
	unsigned char	key[8];
	char		num[32];
	int		rc;

	snprintf(num, sizeof num, "#%llu", (unsigned long long)id);
	be64_put(key, id);
	rc = sealed_get(t, s, DB_RECORDS, key, sizeof key, r, err);
	if (rc == AMP_ENOTFOUND)
		return (err_set(err, AMP_ENOTFOUND,
		    _("there is no renewal session %s"), num));
	if (rc != AMP_OK)
		return (rc);
	casenum_format(r->id, r->created, num, sizeof num);
	if (strcmp(r->form, RENEWAL_SESSION_FORM) != 0) {
		record_free(r);
		return (err_set(err, AMP_ENOTFOUND,
		    _("%s is not a renewal session"), num));
	}
	if (!renewal_sees(s, r)) {
		record_free(r);
		return (err_set(err, AMP_EPERM,
		    _("not allowed: renewal session %s is neither your institution's nor one it takes part in"),
		    num));
	}
	if (in != NULL)
		info_fill(in, s, r);
	return (AMP_OK);
}

/*
 * Plan a renewal session: a top-level record of the renewal_session form,
 * in the planning official's institution; case_create lists it under the
 * form's term, so that renewal_list finds every session without a walk of
 * the store (amparo case add --form renewal_session is the same).
 */
int
renewal_plan(struct session *s, struct record *r, struct verrs *ve,
    struct amp_err *err)
{
	free(r->form);
	r->form = xstrdup(RENEWAL_SESSION_FORM);
	return (case_create(s, r, ve, err));
}

static int
info_cmp(const void *a, const void *b)
{
	const struct renewal_info	*x = a, *y = b;

	if (x->date != y->date)
		return (x->date < y->date ? -1 : 1);
	return (x->id < y->id ? -1 : x->id > y->id);
}

/* The renewal sessions the official takes part in, by date. */
int
renewal_list(struct session *s, struct renewal_info **out, size_t *n,
    struct amp_err *err)
{
	struct renewal_info	*v;
	struct terms		 terms = { 0 };
	struct record		 r;
	struct stxn		*t;
	uint64_t		*ids;
	size_t			 nids, i;
	int			 rc;

	*out = NULL;
	*n = 0;
	if ((rc = access_form(s, RENEWAL_SESSION_FORM, PF_VIEW, err)) !=
	    AMP_OK || (rc = store_read(s->store, &t, err)) != AMP_OK)
		return (rc);
	ids = xcalloc(SESSIONS_MAX, sizeof *ids);
	terms_for_form(s, RENEWAL_SESSION_FORM, &terms);
	rc = index_ids(t, terms.v[0], ids, SESSIONS_MAX, &nids, err);
	terms_free(&terms);
	v = xcalloc(nids > 0 ? nids : 1, sizeof *v);
	for (i = 0; i < nids && rc == AMP_OK; i++) {
		rc = session_read(s, t, ids[i], &r, &v[*n], err);
		if (rc == AMP_EPERM || rc == AMP_ENOTFOUND) {
			rc = AMP_OK;
			continue;
		}
		if (rc == AMP_OK) {
			(*n)++;
			record_free(&r);
		}
	}
	stxn_end(t);
	free(ids);
	if (rc != AMP_OK) {
		renewal_infos_free(v, *n);
		*n = 0;
		return (rc);
	}
	qsort(v, *n, sizeof *v, info_cmp);
	*out = v;
	return (AMP_OK);
}

/* The outcomes recorded at a session (by its number), read in t. */
static int
outcomes_read(struct session *s, struct stxn *t, const char *number,
    struct record **out, size_t *n, struct amp_err *err)
{
	struct terms	 terms = { 0 };
	struct record	*v;
	uint64_t	*ids;
	unsigned char	 key[8];
	const char	*sess;
	size_t		 nids, i;
	int		 rc;

	*out = NULL;
	*n = 0;
	ids = xcalloc(OUTCOMES_MAX, sizeof *ids);
	terms_for_doc_query(s, number, &terms);
	rc = index_ids(t, terms.v[0], ids, OUTCOMES_MAX, &nids, err);
	terms_free(&terms);
	v = xcalloc(nids > 0 ? nids : 1, sizeof *v);
	for (i = 0; i < nids && rc == AMP_OK; i++) {
		be64_put(key, ids[i]);
		rc = sealed_get(t, s, DB_RECORDS, key, sizeof key, &v[*n], err);
		if (rc == AMP_ENOTFOUND) {
			rc = AMP_OK;
			continue;
		}
		if (rc != AMP_OK)
			break;
		sess = rmap_get(&v[*n].data, "session");
		if (strcmp(v[*n].form, RENEWAL_OUTCOME_FORM) == 0 &&
		    sess != NULL && strcmp(sess, number) == 0)
			(*n)++;
		else
			record_free(&v[*n]);
	}
	free(ids);
	if (rc != AMP_OK) {
		for (i = 0; i < *n; i++)
			record_free(&v[i]);
		free(v);
		*n = 0;
		return (rc);
	}
	*out = v;
	return (AMP_OK);
}

static void
outcomes_free(struct record *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		record_free(&v[i]);
	free(v);
}

/* The outcome recorded for a document (by its record number), or NULL. */
static const struct record *
outcome_for(const struct record *v, size_t n, const char *docnum)
{
	const char	*d;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if ((d = rmap_get(&v[i].data, "document")) != NULL &&
		    strcmp(d, docnum) == 0)
			return (&v[i]);
	}
	return (NULL);
}

static int
roster_cmp(const void *a, const void *b)
{
	const struct doc_row	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->person, y->person)) != 0)
		return (c);
	return (x->id < y->id ? -1 : x->id > y->id);
}

/*
 * Add the documents that have an outcome at the session but are no longer
 * due (renewed since): the roster keeps everyone it had.
 */
static int
roster_add_done(struct session *s, struct stxn *t, const struct record *oc,
    size_t noc, struct doc_row **v, size_t *n, struct amp_err *err)
{
	struct record	 doc, person;
	unsigned char	 key[8];
	const char	*docnum;
	uint64_t	 id;
	size_t		 i, j, cap = *n;
	int		 year, rc;

	for (i = 0; i < noc; i++) {
		docnum = rmap_get(&oc[i].data, "document");
		if (docnum == NULL || casenum_parse(docnum, &id, &year) != 0)
			continue;
		for (j = 0; j < *n && (*v)[j].id != id; j++)
			;
		if (j < *n)
			continue;
		be64_put(key, id);
		if ((rc = sealed_get(t, s, DB_RECORDS, key, sizeof key, &doc,
		    err)) == AMP_ENOTFOUND)
			continue;
		if (rc != AMP_OK)
			return (rc);
		be64_put(key, doc.parent);
		rc = sealed_get(t, s, DB_RECORDS, key, sizeof key, &person,
		    err);
		if (rc == AMP_OK) {
			XGROW(*v, *n, cap);
			doc_row_fill(&(*v)[(*n)++], s, &doc, &person);
			record_free(&person);
		}
		record_free(&doc);
		if (rc != AMP_OK && rc != AMP_ENOTFOUND)
			return (rc);
	}
	return (AMP_OK);
}

/* The roster in t: due documents in the area, and those with outcomes. */
static int
roster_in(struct session *s, struct stxn *t, struct renewal_info *in,
    struct doc_row **rows, size_t *n, struct amp_err *err)
{
	struct doc_area		 area;
	const struct record	*o;
	struct record		*oc;
	size_t			 noc, i;
	int			 rc;

	area.province = in->province;
	area.district = in->district;
	if ((rc = document_due(s, t, in->until, &area, 1, rows, n, err)) !=
	    AMP_OK)
		return (rc);
	if ((rc = outcomes_read(s, t, in->number, &oc, &noc, err)) != AMP_OK ||
	    (rc = roster_add_done(s, t, oc, noc, rows, n, err)) != AMP_OK) {
		if (rc != AMP_OK && oc != NULL)
			outcomes_free(oc, noc);
		doc_rows_free(*rows, *n);
		*rows = NULL;
		*n = 0;
		return (rc);
	}
	in->roster = *n;
	in->recorded = 0;
	for (i = 0; i < *n; i++) {
		if ((o = outcome_for(oc, noc, (*rows)[i].number)) == NULL)
			continue;
		(*rows)[i].outcome = xstrdup(rmap_get(&o->data, "outcome"));
		casenum_format(o->id, o->created, (*rows)[i].outcome_number,
		    sizeof (*rows)[i].outcome_number);
		in->recorded++;
	}
	outcomes_free(oc, noc);
	if (*n > 0)
		qsort(*rows, *n, sizeof **rows, roster_cmp);
	return (AMP_OK);
}

/*
 * A session's roster: the current documents of people whose case address
 * is in the session's area (its province, and district if it has one)
 * that expire on or before the session's date plus its window (overdue
 * ones too), and every document with an outcome recorded at the session;
 * by person. Computed afresh at each call, so what another official
 * recorded shows at the next refresh. info gets the session.
 */
int
renewal_roster(struct session *s, uint64_t id, struct renewal_info *info,
    struct doc_row **rows, size_t *n, struct amp_err *err)
{
	struct record	 r;
	struct stxn	*t;
	int		 rc;

	*rows = NULL;
	*n = 0;
	memset(info, 0, sizeof *info);
	if ((rc = store_read(s->store, &t, err)) != AMP_OK)
		return (rc);
	if ((rc = session_read(s, t, id, &r, info, err)) == AMP_OK) {
		record_free(&r);
		rc = roster_in(s, t, info, rows, n, err);
	}
	stxn_end(t);
	return (rc);
}

void
renewal_info_free(struct renewal_info *in)
{
	free(in->state);
	free(in->place);
	free(in->province);
	free(in->district);
	free(in->institutions);
	free(in->owner);
	memset(in, 0, sizeof *in);
}

void
renewal_infos_free(struct renewal_info *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		renewal_info_free(&v[i]);
	free(v);
}

/* What one recording writes, in one transaction. */
struct record_ctx {
	struct session		*s;
	const struct form	*of, *df;
	struct record		*outcome;
	uint64_t		 doc_id, doc_base;
	const char		*new_expiry;	/* renewed: the new date */
	const char		*sessnum, *docnum;
	struct verrs		*ve;
	struct amp_err		*err;
};

static int
record_txn(struct stxn *t, void *arg)
{
	struct record_ctx	*c = arg;
	struct conflicts	 cf = { 0 };
	struct terms		 terms = { 0 };
	struct record		*oc, doc;
	unsigned char		 key[8];
	size_t			 noc;
	int			 rc;

	/* Another official may have recorded the same document meanwhile. */
	if ((rc = outcomes_read(c->s, t, c->sessnum, &oc, &noc, c->err)) !=
	    AMP_OK)
		return (rc);
	if (outcome_for(oc, noc, c->docnum) != NULL) {
		outcomes_free(oc, noc);
		return (err_set(c->err, AMP_ECONFLICT,
		    _("recording failed: document %s already has an outcome at session %s"),
		    c->docnum, c->sessnum));
	}
	outcomes_free(oc, noc);
	if (c->new_expiry != NULL) {
		be64_put(key, c->doc_id);
		if ((rc = sealed_get(t, c->s, DB_RECORDS, key, sizeof key,
		    &doc, c->err)) != AMP_OK)
			return (rc);
		rmap_set(&doc.data, "expiry_date", c->new_expiry);
		if (case_prepare(c->df, &doc.data, c->ve) > 0)
			rc = case_invalid(c->ve, c->err);
		else
			rc = case_update_in(t, c->s, c->df, &doc, c->doc_base,
			    c->ve, &cf, c->err);
		conflicts_free(&cf);
		record_free(&doc);
		if (rc != AMP_OK)
			return (rc);
	}
	terms_for_record(c->s, c->of, &c->outcome->data, &terms);
	terms_add_parent(c->s, c->outcome->parent, &terms);
	rc = case_insert_in(t, c->s, c->of, c->outcome, &terms, "create",
	    c->of->id, c->err);
	terms_free(&terms);
	return (rc);
}

/*
 * Write one outcome for a roster line (and with a new expiry date, the
 * document's new version) in one transaction.
 */
static int
record_write(struct session *s, const struct renewal_info *in,
    const struct doc_row *row, uint64_t doc_base, const char *outcome,
    const char *new_expiry, const char *notes, char *num, size_t len,
    struct verrs *ve, struct amp_err *err)
{
	struct record_ctx	c;
	struct record		oc;
	int			rc;

	memset(&c, 0, sizeof c);
	if ((c.of = case_form(s, RENEWAL_OUTCOME_FORM, err)) == NULL ||
	    (c.df = case_form(s, DOCUMENT_FORM, err)) == NULL)
		return (err->code);
	record_init(&oc);
	oc.form = xstrdup(c.of->id);
	rmap_set(&oc.data, "session", in->number);
	rmap_set(&oc.data, "document", row->number);
	rmap_set(&oc.data, "outcome", outcome);
	if (new_expiry != NULL)
		rmap_set(&oc.data, "new_expiry_date", new_expiry);
	if (notes != NULL && *notes != '\0')
		rmap_set(&oc.data, "notes", notes);
	if (case_prepare(c.of, &oc.data, ve) > 0) {
		record_free(&oc);
		return (case_invalid(ve, err));
	}
	case_stamp_new(s, c.of, &oc);
	oc.parent = row->case_id;
	oc.institution = xstrdup(in->owner);
	c.s = s;
	c.outcome = &oc;
	c.doc_id = row->id;
	c.doc_base = doc_base;
	c.new_expiry = new_expiry;
	c.sessnum = in->number;
	c.docnum = row->number;
	c.ve = ve;
	c.err = err;
	if ((rc = store_write(s->store, record_txn, &c, err)) == AMP_OK)
		casenum_format(oc.id, oc.created, num, len);
	record_free(&oc);
	return (rc);
}

/* The roster line of a case (and document, if given) without an outcome. */
static const struct doc_row *
roster_pick(const struct doc_row *v, size_t n, uint64_t case_id,
    uint64_t doc_id, int *done)
{
	size_t	i;

	*done = 0;
	for (i = 0; i < n; i++) {
		if (v[i].case_id != case_id ||
		    (doc_id != 0 && v[i].id != doc_id))
			continue;
		if (v[i].outcome != NULL) {
			*done = 1;
			continue;
		}
		if (doc_id != 0 || v[i].expiry != 0)
			return (&v[i]);
	}
	return (NULL);
}

/* A new expiry date: a date after the old one and the session. */
static int
renewal_new_expiry(const struct renewal_info *in, const struct doc_row *row,
    const char *value, char *out, size_t len, struct amp_err *err)
{
	int	y, m, d;
	int64_t	day;

	if (value == NULL || *value == '\0')
		return (err_set(err, AMP_EINVAL,
		    _("recording failed: a renewed document needs its new expiry date (new_expiry_date)")));
	if (date_parse(value, &y, &m, &d) != 0 || !date_valid(y, m, d))
		return (err_set(err, AMP_EINVAL,
		    _("recording failed: \"%s\" is not a date (YYYY-MM-DD or DD/MM/YYYY)"),
		    value));
	day = date_days(y, m, d);
	if (day <= in->date || day <= row->expiry)
		return (err_set(err, AMP_EINVAL,
		    _("recording failed: the new expiry date %s must be after the session and after the old expiry date"),
		    value));
	snprintf(out, len, "%04d-%02d-%02d", y, m, d);
	return (AMP_OK);
}

/*
 * Record a person's outcome at an open session: case_id's document on the
 * roster (doc_id, or its first without an outcome). "renewed" needs the
 * right to edit documents and a new expiry date, saved as a new version
 * of the document in the transaction of the outcome. num gets the
 * outcome record's number.
 */
int
renewal_record(struct session *s, uint64_t session_id, uint64_t case_id,
    uint64_t doc_id, const char *outcome, const char *new_expiry,
    const char *notes, char *num, size_t len, struct verrs *ve,
    struct amp_err *err)
{
	struct renewal_info	 in;
	struct doc_row		*rows;
	const struct doc_row	*row;
	struct record		 doc;
	char			 date[16];
	size_t			 n;
	int			 rc, done, renewed;

	if ((rc = access_form(s, RENEWAL_OUTCOME_FORM, PF_CREATE, err)) !=
	    AMP_OK)
		return (rc);
	renewed = outcome != NULL && strcmp(outcome, "renewed") == 0;
	if (renewed && (rc = access_form(s, DOCUMENT_FORM, PF_EDIT, err)) !=
	    AMP_OK)
		return (rc);
	if ((rc = renewal_roster(s, session_id, &in, &rows, &n, err)) !=
	    AMP_OK) {
		renewal_info_free(&in);
		return (rc);
	}
	if (strcmp(in.state, "open") != 0) {
		rc = err_set(err, AMP_EINVAL,
		    _("recording failed: renewal session %s is %s, not open"),
		    in.number, in.state);
		goto out;
	}
	if ((row = roster_pick(rows, n, case_id, doc_id, &done)) == NULL) {
		rc = done ? err_set(err, AMP_ECONFLICT,
		    _("recording failed: the person's documents on the roster of session %s have their outcomes already"),
		    in.number) : err_set(err, AMP_ENOTFOUND,
		    _("recording failed: the person has no current document due on the roster of session %s"),
		    in.number);
		goto out;
	}
	if (!renewed)
		new_expiry = NULL;
	else if ((rc = renewal_new_expiry(&in, row, new_expiry, date,
	    sizeof date, err)) != AMP_OK)
		goto out;
	else
		new_expiry = date;
	record_init(&doc);
	if (renewed && (rc = case_get(s, row->id, &doc, err)) != AMP_OK)
		goto out;
	rc = record_write(s, &in, row, doc.version, outcome, new_expiry,
	    notes, num, len, ve, err);
	record_free(&doc);
out:
	doc_rows_free(rows, n);
	renewal_info_free(&in);
	return (rc);
}

struct close_ctx {
	struct session		*s;
	const struct form	*of;
	struct record		*v;
	size_t			 n;
	const char		*sessnum;
	struct amp_err		*err;
};

/* The not_present outcomes, skipping any recorded meanwhile. */
static int
close_txn(struct stxn *t, void *arg)
{
	struct close_ctx	*c = arg;
	struct terms		 terms = { 0 };
	struct record		*oc;
	size_t			 noc, i;
	int			 rc;

	if ((rc = outcomes_read(c->s, t, c->sessnum, &oc, &noc, c->err)) !=
	    AMP_OK)
		return (rc);
	for (i = 0; i < c->n && rc == AMP_OK; i++) {
		if (outcome_for(oc, noc, rmap_get(&c->v[i].data,
		    "document")) != NULL)
			continue;
		terms_for_record(c->s, c->of, &c->v[i].data, &terms);
		terms_add_parent(c->s, c->v[i].parent, &terms);
		rc = case_insert_in(t, c->s, c->of, &c->v[i], &terms, "create",
		    c->of->id, c->err);
	}
	terms_free(&terms);
	outcomes_free(oc, noc);
	return (rc);
}

/*
 * Close an open session: everyone on its roster without an outcome gets
 * "not_present" (one transaction), then the session takes its workflow's
 * close step. Interrupted in between, running it again finishes it.
 * *n says how many were recorded as not present.
 */
int
renewal_close(struct session *s, uint64_t id, size_t *count,
    struct amp_err *err)
{
	const struct workflow	*w;
	const struct wf_transition *tr;
	struct renewal_info	 in;
	struct close_ctx	 c;
	struct doc_row		*rows;
	struct record		 sess, moved;
	struct verrs		 ve = { 0 };
	size_t			 n, i;
	char			*why;
	int			 rc;

	*count = 0;
	memset(&c, 0, sizeof c);
	if ((c.of = case_form(s, RENEWAL_OUTCOME_FORM, err)) == NULL)
		return (err->code);
	if ((rc = case_get(s, id, &sess, err)) != AMP_OK)
		return (rc);
	w = workflow_for(s->forms, sess.form);
	tr = workflow_transition(w, "close");
	if (strcmp(sess.form, RENEWAL_SESSION_FORM) != 0 || tr == NULL) {
		record_free(&sess);
		return (err_set(err, AMP_EINVAL,
		    _("closing failed: the record is not a renewal session with a close step")));
	}
	if (wf_check(w, tr, &sess, s->role, s->institution) != WF_OPEN) {
		why = wf_why_text(tr, w, &sess, wf_check(w, tr, &sess, s->role,
		    s->institution));
		rc = err_set(err, AMP_EPERM, _("closing failed: %s"), why);
		free(why);
		record_free(&sess);
		return (rc);
	}
	record_free(&sess);
	if ((rc = renewal_roster(s, id, &in, &rows, &n, err)) != AMP_OK) {
		renewal_info_free(&in);
		return (rc);
	}
	c.v = xcalloc(n > 0 ? n : 1, sizeof *c.v);
	for (i = 0; i < n; i++) {
		if (rows[i].outcome != NULL)
			continue;
		record_init(&c.v[c.n]);
		c.v[c.n].form = xstrdup(c.of->id);
		rmap_set(&c.v[c.n].data, "session", in.number);
		rmap_set(&c.v[c.n].data, "document", rows[i].number);
		rmap_set(&c.v[c.n].data, "outcome", "not_present");
		case_stamp_new(s, c.of, &c.v[c.n]);
		c.v[c.n].parent = rows[i].case_id;
		c.v[c.n].institution = xstrdup(in.owner);
		c.n++;
	}
	c.s = s;
	c.sessnum = in.number;
	c.err = err;
	rc = c.n > 0 ? store_write(s->store, close_txn, &c, err) : AMP_OK;
	if (rc == AMP_OK) {
		*count = c.n;
		rc = case_transition(s, id, "close", NULL, &moved, &ve, err);
		record_free(&moved);
	}
	for (i = 0; i < c.n; i++)
		record_free(&c.v[i]);
	free(c.v);
	verrs_free(&ve);
	doc_rows_free(rows, n);
	renewal_info_free(&in);
	return (rc);
}
