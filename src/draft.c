/* draft.c: unsaved work, sealed and saved field by field, so a dropped connection loses nothing. */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "amparo.h"

/*
 * A draft is keyed by its owner's account name, a NUL, and a slot naming
 * what it is: "new:FORM:STAMP" for a case not yet saved (the stamp keeps two
 * sessions of one official apart), "case:ID" for edits of a saved case.
 */
static void
draft_key(const struct session *s, const char *slot, struct buf *b)
{
	buf_add(b, s->user, strlen(s->user));
	buf_add_u8(b, 0);
	buf_add(b, slot, strlen(slot));
}

char *
draft_slot_new(const char *form)
{
	return (xsprintf("new:%s:%lld.%ld", form, (long long)time_now(),
	    (long)getpid()));
}

char *
draft_slot_case(uint64_t id)
{
	return (xsprintf("case:%llu", (unsigned long long)id));
}

struct draft_put {
	const struct session	*s;
	struct buf		*key;
	const struct record	*r;
	struct amp_err		*err;
};

static int
draft_put_txn(struct stxn *t, void *arg)
{
	struct draft_put	*d = arg;

	return (sealed_put(t, d->s, DB_DRAFTS, d->key->p, d->key->n, d->r,
	    d->err));
}

/*
 * Save (replace) a draft. The record keeps its case id and the version it
 * started from.
 */
int
draft_save(struct session *s, const char *slot, const struct record *r,
    struct amp_err *err)
{
	struct draft_put	d;
	struct buf		key = { 0 };
	struct record		copy;
	int			rc;

	draft_key(s, slot, &key);
	record_copy(&copy, r);
	copy.updated = time_now();
	d.s = s;
	d.key = &key;
	d.r = &copy;
	d.err = err;
	rc = store_write(s->store, draft_put_txn, &d, err);
	record_free(&copy);
	buf_free(&key);
	return (rc);
}

int
draft_load(struct session *s, const char *slot, struct record *r,
    struct amp_err *err)
{
	struct stxn	*t;
	struct buf	 key = { 0 };
	int		 rc;

	record_init(r);
	if ((rc = store_read(s->store, &t, err)) != AMP_OK)
		return (rc);
	draft_key(s, slot, &key);
	rc = sealed_get(t, s, DB_DRAFTS, key.p, key.n, r, err);
	stxn_end(t);
	buf_free(&key);
	if (rc == AMP_ENOTFOUND)
		return (err_set(err, rc, _("no draft %s"), slot));
	return (rc);
}

static int
draft_del_txn(struct stxn *t, void *arg)
{
	struct draft_put	*d = arg;
	int			 rc;

	rc = stxn_del(t, DB_DRAFTS, d->key->p, d->key->n, NULL, 0, d->err);
	return (rc == AMP_ENOTFOUND ? AMP_OK : rc);
}

int
draft_delete(struct session *s, const char *slot, struct amp_err *err)
{
	struct draft_put	d;
	struct buf		key = { 0 };
	int			rc;

	draft_key(s, slot, &key);
	d.s = s;
	d.key = &key;
	d.r = NULL;
	d.err = err;
	rc = store_write(s->store, draft_del_txn, &d, err);
	buf_free(&key);
	return (rc);
}

/* This official's drafts, newest first. */
static int
draft_cmp(const void *a, const void *b)
{
	const struct draft_info	*x = a, *y = b;

	return (x->updated < y->updated ? 1 : x->updated > y->updated ? -1 : 0);
}

int
draft_list(struct session *s, struct draft_info **out, size_t *n,
    struct amp_err *err)
{
	struct draft_info	*v = NULL;
	struct stxn		*t;
	struct scur		*c;
	struct sval		 k, val;
	struct buf		 prefix = { 0 };
	struct record		 r;
	const struct form	*f;
	size_t			 cap = 0;
	char			*slot;
	int			 rc;

	*out = NULL;
	*n = 0;
	if ((rc = store_read(s->store, &t, err)) != AMP_OK)
		return (rc);
	if ((rc = scur_open(t, DB_DRAFTS, &c, err)) != AMP_OK) {
		stxn_end(t);
		return (rc);
	}
	buf_add(&prefix, s->user, strlen(s->user));
	buf_add_u8(&prefix, 0);
	k.p = prefix.p;
	k.n = prefix.n;
	for (rc = scur_get(c, SC_SET_RANGE, &k, &val, err); rc == AMP_OK;
	    rc = scur_get(c, SC_NEXT, &k, &val, err)) {
		if (k.n <= prefix.n || memcmp(k.p, prefix.p, prefix.n) != 0)
			break;
		if (sealed_get(t, s, DB_DRAFTS, k.p, k.n, &r, err) != AMP_OK)
			continue;	/* unreadable: list the rest */
		slot = xstrndup((const char *)k.p + prefix.n, k.n - prefix.n);
		XGROW(v, *n, cap);
		v[*n].slot = slot;
		v[*n].form = xstrdup(r.form != NULL ? r.form : "");
		v[*n].case_id = r.id;
		v[*n].created = r.created;
		v[*n].updated = r.updated;
		f = formset_find(s->forms, v[*n].form);
		v[*n].summary = f != NULL ? form_summary(f, &r.data) :
		    xstrdup("");
		(*n)++;
		record_free(&r);
	}
	scur_close(c);
	stxn_end(t);
	buf_free(&prefix);
	if (rc != AMP_OK && rc != AMP_ENOTFOUND) {
		draft_infos_free(v, *n);
		*n = 0;
		return (rc);
	}
	if (*n > 1)
		qsort(v, *n, sizeof *v, draft_cmp);
	*out = v;
	err_clear(err);
	return (AMP_OK);
}

void
draft_infos_free(struct draft_info *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].slot);
		free(v[i].form);
		free(v[i].summary);
	}
	free(v);
}
