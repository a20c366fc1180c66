/* consent.c: informed consent enforced: the consent a referral needs to be sent, and no step on one whose consent was withdrawn. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "amparo.h"

/* What the consent records of a case say about one purpose and institution. */
struct consent_scan {
	const char	*purpose, *to;
	uint64_t	 found;		/* a consent in force that fits */
	uint64_t	 withdrawn;	/* one that fitted, withdrawn */
	int64_t		 withdrawn_at;
	struct buf	 other_to;	/* institutions given for the purpose */
	struct buf	 other_for;	/* purposes given for the institution */
	int		 unreadable;	/* sealed to a class not held */
};

/*
 * A refusal for want of consent goes to the audit log, in a write of its
 * own (the refused act writes nothing); if that fails, its error is told.
 */
static int
consent_refused(struct session *s, uint64_t id, const char *detail,
    struct amp_err *err)
{
	struct amp_err	e;

	err_clear(&e);
	if (session_note(s, "consent-refused", id, detail, &e) != AMP_OK) {
		*err = e;
		return (e.code);
	}
	return (AMP_EPERM);
}

static void
list_add(struct buf *b, const char *s)
{
	if (b->n > 0)
		buf_add(b, ", ", 2);
	buf_add(b, s, strlen(s));
}

/*
 * Whether a consent record is withdrawn, and since when: it is once its
 * workflow has put it in a terminal state.
 */
static int
consent_is_withdrawn(const struct formset *fs, const struct record *c,
    int64_t *when)
{
	const struct workflow	*w = workflow_for(fs, c->form);
	const struct wf_state	*st;

	*when = 0;
	if (w == NULL || (st = workflow_state(w, record_state(w, c))) == NULL ||
	    !st->terminal)
		return (0);
	*when = c->state_since;
	return (1);
}

static void
consent_consider(struct consent_scan *cs, const struct formset *fs,
    const struct record *c)
{
	const struct form	*f = formset_find(fs, c->form);
	const char		*purpose, *inst;
	int64_t			 when;

	if (f == NULL || !f->records_consent)
		return;
	purpose = rmap_get(&c->data, "purpose");
	inst = rmap_get(&c->data, "institution");
	if (purpose == NULL || inst == NULL || value_is_sealed(purpose) ||
	    value_is_sealed(inst)) {
		cs->unreadable = 1;
		return;
	}
	if (strcmp(purpose, cs->purpose) == 0 && strcmp(inst, cs->to) == 0) {
		if (!consent_is_withdrawn(fs, c, &when))
			cs->found = c->id;
		else if (when >= cs->withdrawn_at) {
			cs->withdrawn = c->id;
			cs->withdrawn_at = when;
		}
	} else if (strcmp(purpose, cs->purpose) == 0)
		list_add(&cs->other_to, inst);
	else if (strcmp(inst, cs->to) == 0)
		list_add(&cs->other_for, purpose);
}

/* Why no consent fits, in one sentence with what was found instead. */
static int
consent_missing(struct session *s, const struct consent_scan *cs,
    const char *num, struct amp_err *err)
{
	char	 when[32], *also;

	if (cs->withdrawn != 0) {
		time_format(cs->withdrawn_at, when, sizeof when);
		also = xsprintf(_(" (the consent for it was withdrawn on %s)"),
		    when);
	} else if (cs->other_to.n > 0)
		also = xsprintf(_(" (consent for %s was given to: %.*s)"),
		    cs->purpose, (int)cs->other_to.n, cs->other_to.p);
	else if (cs->other_for.n > 0)
		also = xsprintf(_(" (consent for %s was given for: %.*s)"),
		    cs->to, (int)cs->other_for.n, cs->other_for.p);
	else if (cs->unreadable)
		also = xstrdup(_(" (some consent records are sealed to a class your role does not hold)"));
	else
		also = xstrdup("");
	err_set(err, AMP_EPERM,
	    _("sending the referral failed: case %s has no consent in force for %s to %s%s: record the person's informed consent first"),
	    num, cs->purpose, cs->to, also);
	free(also);
	return (consent_refused(s, 0, cs->purpose, err));
}

/*
 * The consent in force on a case for purpose and the receiving
 * institution to: its record's id in *id. Refused (AMP_EPERM, saying what
 * is missing, in the audit log) when there is none.
 */
int
consent_find(struct session *s, uint64_t case_id, const char *purpose,
    const char *to, uint64_t *id, struct amp_err *err)
{
	struct consent_scan	 cs;
	struct record		 c;
	struct stxn		*t;
	unsigned char		 key[8];
	uint64_t		*ids = NULL;
	size_t			 n = 0, i;
	char			 num[32];
	int			 rc;

	memset(&cs, 0, sizeof cs);
	cs.purpose = purpose;
	cs.to = to;
	*id = 0;
	if ((rc = store_read(s->store, &t, err)) != AMP_OK)
		return (rc);
	if ((rc = case_children_in(t, s, case_id, &ids, &n, err)) != AMP_OK)
		goto out;
	for (i = 0; i < n; i++) {
		be64_put(key, ids[i]);
		if ((rc = sealed_get(t, s, DB_RECORDS, key, sizeof key, &c,
		    err)) == AMP_ENOTFOUND)
			continue;
		if (rc != AMP_OK)
			goto out;
		consent_consider(&cs, s->forms, &c);
		record_free(&c);
	}
	be64_put(key, case_id);
	snprintf(num, sizeof num, "#%llu", (unsigned long long)case_id);
	if (sealed_get(t, s, DB_RECORDS, key, sizeof key, &c, err) == AMP_OK) {
		casenum_format(c.id, c.created, num, sizeof num);
		record_free(&c);
	}
	rc = AMP_OK;
out:
	stxn_end(t);
	free(ids);
	if (rc == AMP_OK && cs.found != 0)
		*id = cs.found;
	else if (rc == AMP_OK)
		rc = consent_missing(s, &cs, num, err);
	buf_free(&cs.other_to);
	buf_free(&cs.other_for);
	return (rc);
}

/*
 * When the consent a referral rests on was withdrawn (0: it is in force,
 * or the referral rests on none), read in the caller's transaction. A
 * consent record that is gone counts as withdrawn at once.
 */
int
consent_withdrawn_in(struct stxn *t, const struct session *s,
    const struct record *ref, int64_t *when, struct amp_err *err)
{
	struct record	c;
	unsigned char	key[8];
	int		rc;

	*when = 0;
	if (ref->consent == 0)
		return (AMP_OK);
	be64_put(key, ref->consent);
	rc = sealed_get(t, s, DB_RECORDS, key, sizeof key, &c, err);
	if (rc == AMP_ENOTFOUND) {
		*when = ref->state_since;
		return (AMP_OK);
	}
	if (rc != AMP_OK)
		return (rc);
	consent_is_withdrawn(s->forms, &c, when);
	record_free(&c);
	return (AMP_OK);
}

/* The same, in a read transaction of its own; 0 on any error. */
int64_t
consent_withdrawn(struct session *s, const struct record *ref)
{
	struct amp_err	 err;
	struct stxn	*t;
	int64_t		 when = 0;

	if (ref->consent == 0 || store_read(s->store, &t, &err) != AMP_OK)
		return (0);
	if (consent_withdrawn_in(t, s, ref, &when, &err) != AMP_OK)
		when = 0;
	stxn_end(t);
	return (when);
}

/*
 * Refuse a step on a referral whose consent was withdrawn (AMP_EPERM),
 * read in the caller's transaction: "consent withdrawn on DATE".
 */
int
consent_blocks_in(struct stxn *t, const struct session *s,
    const struct record *ref, struct amp_err *err)
{
	char	num[32], when[32];
	int64_t	at;
	int	rc;

	if ((rc = consent_withdrawn_in(t, s, ref, &at, err)) != AMP_OK ||
	    at == 0)
		return (rc);
	casenum_format(ref->id, ref->created, num, sizeof num);
	time_format(at, when, sizeof when);
	return (err_set(err, AMP_EPERM,
	    _("consent withdrawn on %s: referral %s can no longer be moved by either institution (what was saved on it is kept)"),
	    when, num));
}

/* The same before a step, in a transaction of its own, and audited. */
int
consent_blocks(struct session *s, const struct record *ref,
    struct amp_err *err)
{
	struct stxn	*t;
	int		 rc;

	if (ref->consent == 0)
		return (AMP_OK);
	if ((rc = store_read(s->store, &t, err)) != AMP_OK)
		return (rc);
	rc = consent_blocks_in(t, s, ref, err);
	stxn_end(t);
	if (rc == AMP_EPERM)
		rc = consent_refused(s, ref->id, "withdrawn", err);
	return (rc);
}
