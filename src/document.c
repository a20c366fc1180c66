/* document.c: documents linked to a person's case, and the renewal queue of current ones due. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amparo.h"

#define DUE_MONTHS	240	/* months back the queue looks for overdue */
#define MONTH_MAX	200000	/* documents expiring in one month */

/*
 * Add a document to a case the official sees: doc holds the document
 * form's answers, checked like any save. It is linked to the case and
 * goes where the case is (its institution and assignee), so whoever sees
 * the case sees its documents.
 */
int
document_add(struct session *s, uint64_t case_id, struct record *doc,
    struct verrs *ve, struct amp_err *err)
{
	free(doc->form);
	doc->form = xstrdup(DOCUMENT_FORM);
	return (case_link_create(s, case_id, doc, ve, err));
}

/* Whether a document record is current: in a state that is not terminal. */
int
document_current(const struct session *s, const struct record *r)
{
	const struct workflow	*w = workflow_for(s->forms, r->form);
	const struct wf_state	*st;

	if (w == NULL)
		return (1);
	st = workflow_state(w, record_state(w, r));
	return (st == NULL || !st->terminal);
}

/* A document's expiry day, 0 if it has none (an indefinite permit). */
int64_t
document_expiry(const struct record *r)
{
	return (record_day(r, "expiry_date"));
}

static char *
dup_or_empty(const char *v)
{
	return (xstrdup(v != NULL ? v : ""));
}

/* A queue or roster line from a document and its case. */
void
doc_row_fill(struct doc_row *row, const struct session *s,
    const struct record *doc, const struct record *person)
{
	const struct form	*pf;

	memset(row, 0, sizeof *row);
	row->id = doc->id;
	row->case_id = doc->parent;
	casenum_format(doc->id, doc->created, row->number,
	    sizeof row->number);
	casenum_format(person->id, person->created, row->case_number,
	    sizeof row->case_number);
	row->doc_type = dup_or_empty(rmap_get(&doc->data, "doc_type"));
	row->doc_number = dup_or_empty(rmap_get(&doc->data, "doc_number"));
	row->state = dup_or_empty(doc->state);
	pf = formset_find(s->forms, person->form);
	row->person = pf != NULL ? form_summary(pf, &person->data) :
	    xstrdup("");
	row->province = dup_or_empty(rmap_get(&person->data, "province"));
	row->district = dup_or_empty(rmap_get(&person->data, "district"));
	row->expiry = document_expiry(doc);
	row->issued = record_day(doc, "issue_date");
}

static int
in_area(const struct doc_area *a, const struct record *person)
{
	const char	*p = rmap_get(&person->data, "province");
	const char	*d = rmap_get(&person->data, "district");

	if (a == NULL)
		return (1);
	if (a->province != NULL && *a->province != '\0' &&
	    (p == NULL || strcmp(p, a->province) != 0))
		return (0);
	if (a->district != NULL && *a->district != '\0' &&
	    (d == NULL || strcmp(d, a->district) != 0))
		return (0);
	return (1);
}

static int
row_cmp(const void *a, const void *b)
{
	const struct doc_row	*x = a, *y = b;

	if (x->expiry != y->expiry)
		return (x->expiry < y->expiry ? -1 : 1);
	return (x->id < y->id ? -1 : x->id > y->id);
}

/* Read one candidate and keep it if it is current, due and in the area. */
static int
due_consider(struct session *s, struct stxn *t, uint64_t id, int64_t until,
    const struct doc_area *area, int all, struct doc_row **v, size_t *n,
    size_t *cap, struct amp_err *err)
{
	struct record	 doc, person;
	unsigned char	 key[8];
	int64_t		 exp;
	int		 rc;

	be64_put(key, id);
	if ((rc = sealed_get(t, s, DB_RECORDS, key, sizeof key, &doc, err)) !=
	    AMP_OK)
		return (rc == AMP_ENOTFOUND ? AMP_OK : rc);
	exp = document_expiry(&doc);
	if (strcmp(doc.form, DOCUMENT_FORM) != 0 || exp == 0 ||
	    exp > until || !document_current(s, &doc) ||
	    (!all && !access_sees_record(s, &doc))) {
		record_free(&doc);
		return (AMP_OK);
	}
	be64_put(key, doc.parent);
	if ((rc = sealed_get(t, s, DB_RECORDS, key, sizeof key, &person,
	    err)) != AMP_OK) {
		record_free(&doc);
		return (rc == AMP_ENOTFOUND ? AMP_OK : rc);
	}
	if (in_area(area, &person)) {
		XGROW(*v, *n, *cap);
		doc_row_fill(&(*v)[(*n)++], s, &doc, &person);
	}
	record_free(&person);
	record_free(&doc);
	return (AMP_OK);
}

/*
 * The current documents that expire on or before the day until (overdue
 * ones included), of people whose case address is in the area, soonest
 * first, read in the caller's transaction. Candidates come from the month
 * index of expiry_date, one lookup a month back from until's; each is then
 * checked on the decrypted records (state, day, the case's address now).
 * With all set need-to-know is the caller's: a renewal session's roster.
 */
int
document_due(struct session *s, struct stxn *t, int64_t until,
    const struct doc_area *area, int all, struct doc_row **rows, size_t *n,
    struct amp_err *err)
{
	struct terms	 terms = { 0 };
	struct doc_row	*v = NULL;
	uint64_t	*ids;
	size_t		 nids, cap = 0, i;
	int		 y, m, d, k, rc = AMP_OK;

	*rows = NULL;
	*n = 0;
	date_from_days(until, &y, &m, &d);
	ids = xcalloc(MONTH_MAX, sizeof *ids);
	for (k = 0; k < DUE_MONTHS && rc == AMP_OK; k++) {
		terms_for_month_query(s, DOCUMENT_FORM, "expiry_date", y, m,
		    &terms);
		rc = index_ids(t, terms.v[0], ids, MONTH_MAX, &nids, err);
		for (i = 0; i < nids && rc == AMP_OK; i++)
			rc = due_consider(s, t, ids[i], until, area, all, &v, n,
			    &cap, err);
		if (--m == 0) {
			m = 12;
			y--;
		}
	}
	free(ids);
	terms_free(&terms);
	if (rc != AMP_OK) {
		doc_rows_free(v, *n);
		*n = 0;
		return (rc);
	}
	if (*n > 0)
		qsort(v, *n, sizeof *v, row_cmp);
	*rows = v;
	return (AMP_OK);
}

/*
 * The renewal queue: the current documents the official sees that expire
 * on or before until, overdue ones first. One read transaction.
 */
int
document_queue(struct session *s, int64_t until, const struct doc_area *area,
    struct doc_row **rows, size_t *n, struct amp_err *err)
{
	struct stxn	*t;
	int		 rc;

	*rows = NULL;
	*n = 0;
	if ((rc = access_form(s, DOCUMENT_FORM, PF_VIEW, err)) != AMP_OK ||
	    (rc = store_read(s->store, &t, err)) != AMP_OK)
		return (rc);
	rc = document_due(s, t, until, area, 0, rows, n, err);
	stxn_end(t);
	return (rc);
}

void
doc_rows_free(struct doc_row *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].doc_type);
		free(v[i].doc_number);
		free(v[i].state);
		free(v[i].person);
		free(v[i].province);
		free(v[i].district);
		free(v[i].outcome);
	}
	free(v);
}
