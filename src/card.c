/* card.c: cards issued for documents and active claim certificates: signing, reissue, revocation, checking. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "amparo.h"

#define ASYLUM_RECOGNISED	"recognised"
#define CARD_REVOKE		"revoke"
#define STATE_ISSUED		"issued"
#define STATE_REVOKED		"revoked"
#define SERIALS_MAX		9999

/*
 * A card is a record of the form "card" linked to the holder's case. It
 * names its document's record; the newest card of a document is its
 * current one, and issuing another revokes it ("reissued"). The document
 * reported lost, superseded or revoked revokes its current card with that
 * reason, in the same transaction (card_follow_in).
 */

/* A record's number as officials read it, 2026-000123. */
static const char *
num_of(const struct record *r, char *buf, size_t size)
{
	casenum_format(r->id, r->created, buf, size);
	return (buf);
}

/* Read a record in t, as sealed_get gives it. */
static int
record_in(struct stxn *t, struct session *s, uint64_t id, struct record *r,
    struct amp_err *err)
{
	unsigned char	key[8];

	be64_put(key, id);
	return (sealed_get(t, s, DB_RECORDS, key, sizeof key, r, err));
}

/* The holder's case: the record's topmost parent. */
static int
holder_in(struct stxn *t, struct session *s, const struct record *r,
    struct record *out, struct amp_err *err)
{
	uint64_t	id = r->parent;
	char		num[32];
	int		i, rc;

	record_init(out);
	for (i = 0; i < RECORD_MAX_DEPTH && id != 0; i++) {
		record_free(out);
		if ((rc = record_in(t, s, id, out, err)) != AMP_OK)
			return (rc);
		id = out->parent;
	}
	if (id != 0 || i == 0)
		return (err_set(err, AMP_EUSAGE,
		    _("record %s is not linked to a person's case"),
		    num_of(r, num, sizeof num)));
	return (AMP_OK);
}

/*
 * The holder's status on a card: 'R' recognised, 'S' while the claim is
 * open, 'N' for a case of another kind or closed; -1 when the card may
 * not be issued at all (an asylum-seeker card or a certificate of an
 * active claim needs the claim open).
 */
static int
holder_status(struct session *s, const struct record *c, const char *type,
    struct amp_err *err)
{
	const struct workflow	*w = workflow_for(s->forms, c->form);
	const struct wf_state	*st = NULL;
	const char		*state = NULL;
	char			 num[32];
	int			 status;

	if (w != NULL) {
		state = record_state(w, c);
		st = workflow_state(w, state);
	}
	if (w == NULL || strcmp(w->id, "asylum_claim") != 0)
		status = 'N';
	else if (strcmp(state, ASYLUM_RECOGNISED) == 0)
		status = 'R';
	else if (st != NULL && st->terminal)
		status = 'N';
	else
		status = 'S';
	if (status != 'S' && (strcmp(type, "ASC") == 0 ||
	    strcmp(type, "DLC") == 0)) {
		casenum_format(c->id, c->created, num, sizeof num);
		err_set(err, AMP_EPERM,
		    _("issuing the card failed: case %s has no asylum claim in process (it is %s), and this card says it has"),
		    num, w != NULL ? workflow_state_label(w, state) : c->form);
		return (-1);
	}
	return (status);
}

/* A number as a payload holds it: capitals and digits, dashes inside. */
static int
number_of(const char *v, char *out, size_t size)
{
	size_t	i, o = 0;

	for (i = 0; v != NULL && v[i] != '\0'; i++) {
		char c = v[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c == ' ')
			continue;
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-') || o + 1 >= size)
			return (-1);
		out[o++] = c;
	}
	out[o] = '\0';
	return (o > 0 ? 0 : -1);
}

static void
day_set(struct record *r, const char *field, int64_t days)
{
	char	t[16];

	if (days == 0)
		return;
	date_format_days(days, t, sizeof t);
	rmap_set(&r->data, field, t);
}

/* What a card of this document or certificate says, but the key. */
static int
fields_of(struct session *s, const struct record *doc,
    const struct record *holder, struct card_fields *f,
    struct amp_err *err)
{
	const struct workflow	*w;
	const char		*type, *number;
	char			 num[32];
	int			 status;

	memset(f, 0, sizeof *f);
	if (strcmp(doc->form, DOCUMENT_FORM) == 0) {
		const char *dt = rmap_get(&doc->data, "doc_type");

		if ((w = workflow_for(s->forms, doc->form)) != NULL &&
		    strcmp(record_state(w, doc), "valid") != 0)
			return (err_set(err, AMP_EPERM,
			    _("issuing the card failed: the document is %s: only a valid document has a card"),
			    workflow_state_label(w, record_state(w, doc))));
		if (dt == NULL || (type = card_type_code(dt)) == NULL)
			return (err_set(err, AMP_EINVAL,
			    _("issuing the card failed: the document's kind \"%s\" has no card"),
			    dt != NULL ? dt : ""));
		number = rmap_get(&doc->data, "doc_number");
		f->expires = record_day(doc, "expiry_date");
	} else if (strcmp(doc->form, CARD_LICENCE_FORM) == 0) {
		type = "DLC";
		number = rmap_get(&doc->data, "certificate_number");
		f->expires = record_day(doc, "valid_until");
	} else
		return (err_set(err, AMP_EUSAGE,
		    _("issuing a card failed: record %s is a \"%s\", not a document or an active claim certificate"),
		    num_of(doc, num, sizeof num), doc->form));
	memcpy(f->type, type, 4);
	if (number_of(number, f->number, sizeof f->number) != 0)
		return (err_set(err, AMP_EINVAL,
		    _("issuing the card failed: its number \"%s\" is not one a card can carry (capitals, digits and dashes, at most %d)"),
		    number != NULL ? number : "", CARD_NUMBER_MAX));
	if ((status = holder_status(s, holder, type, err)) < 0)
		return (err->code);
	f->status = (char)status;
	casenum_format(holder->id, holder->created, f->holder,
	    sizeof f->holder);
	card_office_of(s->institution, f->office, sizeof f->office);
	f->issued = date_today_days();
	if (f->expires != 0 && f->expires < f->issued)
		return (err_set(err, AMP_EINVAL,
		    _("issuing the card failed: the document expired already: renew it first")));
	return (AMP_OK);
}

/* Whether r is a card of the document doc_id. */
static int
card_of(const struct record *r, uint64_t doc_id)
{
	const char	*v;

	if (strcmp(r->form, CARD_FORM) != 0 ||
	    (v = rmap_get(&r->data, "document")) == NULL)
		return (0);
	return (strtoull(v, NULL, 10) == doc_id);
}

/*
 * The cards of a document, in t: the number issued so far and, in *cur,
 * the newest (record_init'd and untouched if none).
 */
static int
cards_in(struct stxn *t, struct session *s, uint64_t case_id,
    uint64_t doc_id, unsigned *count, struct record *cur,
    struct amp_err *err)
{
	struct record	 r;
	uint64_t	*ids;
	size_t		 n, i;
	unsigned	 best = 0, serial;
	int		 rc;

	*count = 0;
	if ((rc = case_children_in(t, s, case_id, &ids, &n, err)) != AMP_OK) {
		free(ids);
		return (rc);
	}
	for (i = 0; i < n; i++) {
		if ((rc = record_in(t, s, ids[i], &r, err)) == AMP_ENOTFOUND)
			continue;
		if (rc != AMP_OK)
			break;
		if (card_of(&r, doc_id)) {
			(*count)++;
			serial = (unsigned)strtoul(rmap_get(&r.data, "serial") ?
			    rmap_get(&r.data, "serial") : "0", NULL, 10);
			if (serial >= best) {
				best = serial;
				record_free(cur);
				record_copy(cur, &r);
			}
		}
		record_free(&r);
	}
	free(ids);
	return (rc == AMP_ENOTFOUND ? AMP_OK : rc);
}

/* Revoke one card in t: its next version, and its fingerprint listed. */
static int
revoke_in(struct stxn *t, struct session *s, const struct record *card,
    const char *reason, struct amp_err *err)
{
	struct record	 out;
	unsigned char	 fp[CARD_FP_BYTES];
	const char	*v = rmap_get(&card->data, "fingerprint");
	char		 num[32];
	int		 rc;

	if (card->state == NULL || strcmp(card->state, STATE_ISSUED) != 0)
		return (AMP_OK);
	if (v == NULL || card_fp_parse(v, fp) != 0)
		return (err_set(err, AMP_ESTORE,
		    _("revoking card %s failed: its fingerprint is damaged"),
		    num_of(card, num, sizeof num)));
	record_init(&out);
	rc = record_move_in(t, s, card, STATE_REVOKED, CARD_REVOKE, &out, err);
	record_free(&out);
	if (rc != AMP_OK)
		return (rc);
	return (card_revoked_put(t, fp, date_today_days(), reason, err));
}

/*
 * After a workflow step on r, in the step's transaction: a card revoked
 * by its own step is listed as revoked; a document reported lost,
 * superseded or revoked revokes its current card with that reason.
 */
int
card_follow_in(struct stxn *t, struct session *s, const struct record *r,
    struct amp_err *err)
{
	struct record	 cur;
	unsigned char	 fp[CARD_FP_BYTES];
	const char	*v;
	char		 num[32];
	unsigned	 count;
	int		 rc;

	if (strcmp(r->form, CARD_FORM) == 0) {
		if (r->state == NULL || strcmp(r->state, STATE_REVOKED) != 0)
			return (AMP_OK);
		v = rmap_get(&r->data, "fingerprint");
		if (v == NULL || card_fp_parse(v, fp) != 0)
			return (err_set(err, AMP_ESTORE,
			    _("revoking card %s failed: its fingerprint is damaged"),
			    num_of(r, num, sizeof num)));
		return (card_revoked_put(t, fp, date_today_days(), "revoked",
		    err));
	}
	if (strcmp(r->form, DOCUMENT_FORM) != 0 || r->state == NULL ||
	    (strcmp(r->state, "lost") != 0 &&
	    strcmp(r->state, "superseded") != 0 &&
	    strcmp(r->state, "revoked") != 0) || r->parent == 0)
		return (AMP_OK);
	record_init(&cur);
	rc = cards_in(t, s, r->parent, r->id, &count, &cur, err);
	if (rc == AMP_OK && count > 0)
		rc = revoke_in(t, s, &cur, r->state, err);
	record_free(&cur);
	return (rc);
}

struct issue_ctx {
	struct session	*s;
	uint64_t	 doc_id;
	struct record	*out;
	struct amp_err	*err;
};

static int
issue_txn(struct stxn *t, void *arg)
{
	struct issue_ctx	*c = arg;
	struct session		*s = c->s;
	const struct form	*cf;
	struct record		 doc, holder, prev;
	struct card_fields	 f;
	struct card_key_pub	 pub;
	struct terms		 terms = { 0 };
	unsigned char		*sk = NULL, fp[CARD_FP_BYTES];
	char			 text[CARD_TEXT_MAX + 1];
	char			 fph[2 * CARD_FP_BYTES + 1];
	char			 n[16];
	unsigned		 count = 0;
	int			 rc;

	record_init(&doc);
	record_init(&holder);
	record_init(&prev);
	if ((cf = case_form(s, CARD_FORM, c->err)) == NULL)
		return (c->err->code);
	/* Read again here: the document may have changed meanwhile. */
	if ((rc = record_in(t, s, c->doc_id, &doc, c->err)) != AMP_OK ||
	    (rc = holder_in(t, s, &doc, &holder, c->err)) != AMP_OK ||
	    (rc = fields_of(s, &doc, &holder, &f, c->err)) != AMP_OK ||
	    (rc = cards_in(t, s, holder.id, doc.id, &count, &prev,
	    c->err)) != AMP_OK)
		goto out;
	if (count >= SERIALS_MAX) {
		rc = err_set(c->err, AMP_EINVAL,
		    _("issuing the card failed: the document has had %u cards"),
		    count);
		goto out;
	}
	f.serial = count + 1;
	if (prev.id != 0 &&
	    (rc = revoke_in(t, s, &prev, "reissued", c->err)) != AMP_OK)
		goto out;
	if ((rc = card_key_signing(t, s->keys, &pub, &sk, c->err)) != AMP_OK)
		goto out;
	memcpy(f.kid, pub.kid, sizeof f.kid);
	if ((rc = card_sign(&f, sk, text, sizeof text, fp)) != 0) {
		rc = rc == -1 ? err_set(c->err, AMP_EINVAL,
		    _("issuing the card failed: what it would say does not fit a card")) :
		    err_set(c->err, AMP_EFAIL, _("signing the card failed"));
		goto out;
	}
	card_fp_text(fp, fph, sizeof fph);
	/* The card record, linked to the holder's case, where it lies. */
	record_free(c->out);
	record_init(c->out);
	c->out->form = xstrdup(CARD_FORM);
	rmap_set(&c->out->data, "card_type", f.type);
	rmap_set(&c->out->data, "card_number", f.number);
	snprintf(n, sizeof n, "%u", f.serial);
	rmap_set(&c->out->data, "serial", n);
	snprintf(n, sizeof n, "%llu", (unsigned long long)doc.id);
	rmap_set(&c->out->data, "document", n);
	rmap_set(&c->out->data, "holder", f.holder);
	n[0] = f.status;
	n[1] = '\0';
	rmap_set(&c->out->data, "status", n);
	day_set(c->out, "issued_on", f.issued);
	day_set(c->out, "expires_on", f.expires);
	rmap_set(&c->out->data, "office", f.office);
	rmap_set(&c->out->data, "key_id", f.kid);
	rmap_set(&c->out->data, "payload", text);
	rmap_set(&c->out->data, "fingerprint", fph);
	case_stamp_new(s, cf, c->out);
	c->out->parent = holder.id;
	c->out->institution = holder.institution != NULL ?
	    xstrdup(holder.institution) : NULL;
	c->out->assignee = holder.assignee != NULL ?
	    xstrdup(holder.assignee) : NULL;
	terms_for_record(s, cf, &c->out->data, &terms);
	terms_add_parent(s, holder.id, &terms);
	terms_add_state(s, cf->id, c->out->state, &terms);
	rc = case_insert_in(t, s, cf, c->out, &terms, "card-issue", fph,
	    c->err);
	terms_free(&terms);
out:
	if (sk != NULL)
		sodium_free(sk);
	record_free(&doc);
	record_free(&holder);
	record_free(&prev);
	return (rc);
}

/*
 * Issue a card for a document or an active claim certificate the official
 * sees: signed with the office's current card key (made at the first
 * card), its number the next of the document's; a card issued before
 * is revoked as reissued. *out is the new card record.
 */
int
card_issue(struct session *s, uint64_t doc_id, struct record *out,
    struct amp_err *err)
{
	struct issue_ctx	c;
	struct record		doc;
	int			rc;

	record_init(out);
	if ((rc = access_form(s, CARD_FORM, PF_CREATE, err)) != AMP_OK)
		return (rc);
	/* Read through case_get first: it checks the official sees it. */
	if ((rc = case_get(s, doc_id, &doc, err)) != AMP_OK)
		return (rc);
	record_free(&doc);
	c.s = s;
	c.doc_id = doc_id;
	c.out = out;
	c.err = err;
	return (store_write(s->store, issue_txn, &c, err));
}

/* The newest card of a document or certificate; AMP_ENOTFOUND if none. */
int
card_current(struct session *s, uint64_t doc_id, struct record *out,
    struct amp_err *err)
{
	struct record	 doc, holder;
	struct stxn	*t;
	char		 num[32];
	unsigned	 count = 0;
	int		 rc;

	record_init(out);
	if ((rc = case_get(s, doc_id, &doc, err)) != AMP_OK)
		return (rc);
	if ((rc = store_read(s->store, &t, err)) != AMP_OK) {
		record_free(&doc);
		return (rc);
	}
	if ((rc = holder_in(t, s, &doc, &holder, err)) == AMP_OK) {
		rc = cards_in(t, s, holder.id, doc.id, &count, out, err);
		record_free(&holder);
	}
	stxn_end(t);
	if (rc == AMP_OK && count == 0)
		rc = err_set(err, AMP_ENOTFOUND,
		    _("record %s has no card issued"),
		    num_of(&doc, num, sizeof num));
	record_free(&doc);
	return (rc);
}

/*
 * Whether an issued card no longer says what its document says: renewed
 * since with a new expiry, or its number corrected. 1 if so, and then a
 * new card should be issued; 0 if not, or if the document cannot be read.
 */
int
card_outdated(struct session *s, const struct record *card)
{
	struct record	 doc;
	struct amp_err	 err;
	const char	*v, *num, *exp;
	char		 number[CARD_NUMBER_MAX + 1];
	int		 out = 0;

	err_clear(&err);
	if (card->state == NULL || strcmp(card->state, STATE_ISSUED) != 0 ||
	    (v = rmap_get(&card->data, "document")) == NULL ||
	    case_get(s, strtoull(v, NULL, 10), &doc, &err) != AMP_OK)
		return (0);
	if (strcmp(doc.form, DOCUMENT_FORM) == 0) {
		num = "doc_number";
		exp = "expiry_date";
	} else {
		num = "certificate_number";
		exp = "valid_until";
	}
	if (number_of(rmap_get(&doc.data, num), number, sizeof number) == 0 &&
	    (strcmp(number, card_field(card, "card_number")) != 0 ||
	    record_day(&doc, exp) != record_day(card, "expires_on")))
		out = 1;
	record_free(&doc);
	return (out);
}

/* Revoke a card by its own step (amparo card revoke). */
int
card_revoke(struct session *s, uint64_t card_id, struct amp_err *err)
{
	struct record	cur, out;
	struct verrs	ve = { 0 };
	char		num[32];
	int		rc;

	if ((rc = case_get(s, card_id, &cur, err)) != AMP_OK)
		return (rc);
	if (strcmp(cur.form, CARD_FORM) != 0) {
		rc = err_set(err, AMP_EUSAGE,
		    _("revoking failed: record %s is not a card"),
		    num_of(&cur, num, sizeof num));
		record_free(&cur);
		return (rc);
	}
	record_free(&cur);
	rc = case_transition(s, card_id, CARD_REVOKE, NULL, &out, &ve, err);
	record_free(&out);
	verrs_free(&ve);
	return (rc);
}

struct check_ctx {
	struct session		*s;
	const char		*text;
	struct card_verdict	*v;
	struct card_keyset	*ks;
	struct card_revlist	*rl;
	struct amp_err		*err;
};

static int
check_txn(struct stxn *t, void *arg)
{
	struct check_ctx	*c = arg;
	char			 fp[2 * CARD_FP_BYTES + 1], *detail;
	int			 rc;

	if ((rc = card_keys_in(t, c->ks, c->err)) != AMP_OK ||
	    (rc = card_revocations_stored(t, c->rl, c->err)) != AMP_OK)
		return (rc);
	card_verify(c->text, strlen(c->text), c->ks, c->rl,
	    date_today_days(), c->v);
	card_fp_text(c->v->fp, fp, sizeof fp);
	detail = xsprintf("%s %s %s", card_answer_id(c->v->answer),
	    c->v->answer == CARD_UNREADABLE ? "-" : c->v->f.kid,
	    c->v->answer == CARD_UNREADABLE ? "-" : fp);
	rc = audit_note(t, c->s, "card-verify", 0, detail, c->err);
	free(detail);
	return (rc);
}

/*
 * Check a payload typed or scanned at the console against the store's
 * keys and revocations; every check is audited (its answer and the
 * payload's fingerprint, never what the card says).
 */
int
card_check(struct session *s, const char *text, struct card_verdict *v,
    struct amp_err *err)
{
	struct card_keyset	ks = { 0 };
	struct card_revlist	rl = { 0 };
	struct check_ctx	c;
	int			rc;

	c.s = s;
	c.text = text;
	c.v = v;
	c.ks = &ks;
	c.rl = &rl;
	c.err = err;
	rc = store_write(s->store, check_txn, &c, err);
	card_keyset_free(&ks);
	card_revlist_free(&rl);
	return (rc);
}

/* A card's field, "" if it has none. */
const char *
card_field(const struct record *r, const char *field)
{
	const char	*v = rmap_get(&r->data, field);

	return (v != NULL ? v : "");
}

static const char *
own(char **o, size_t *n, char *s)
{
	if (*n >= CARD_PRINT_OWN)
		fatalx("a card has more lines than it prints");
	o[(*n)++] = s;
	return (s);
}

/*
 * What a card prints, in the session's language: its kind, the holder's
 * name (from the holder's case), the lines of what it says, and its
 * payload. The strings made are kept in o (CARD_PRINT_OWN of them), freed
 * with card_print_free.
 */
int
card_print_of(struct session *s, const struct record *card,
    struct card_print *p, char **o, struct amp_err *err)
{
	const struct form	*hf;
	struct record		 holder;
	const char		*given, *family, *v;
	char			 a[16], b[16], num[32];
	size_t			 n = 0, k = 0;
	int			 rc;

	memset(p, 0, sizeof *p);
	memset(o, 0, CARD_PRINT_OWN * sizeof *o);
	if (strcmp(card->form, CARD_FORM) != 0 || card->parent == 0)
		return (err_set(err, AMP_EUSAGE,
		    _("record %s is not a card"),
		    num_of(card, num, sizeof num)));
	if ((rc = case_get(s, card->parent, &holder, err)) != AMP_OK)
		return (rc);
	given = rmap_get(&holder.data, "given_names");
	family = rmap_get(&holder.data, "family_names");
	if (given != NULL || family != NULL)
		p->holder = own(o, &n, xsprintf("%s%s%s", given ? given : "",
		    given && family ? " " : "", family ? family : ""));
	else if ((hf = formset_find(s->forms, holder.form)) != NULL)
		p->holder = own(o, &n, form_summary(hf, &holder.data));
	else
		p->holder = own(o, &n, xstrdup(""));
	record_free(&holder);
	v = rmap_get(&card->data, "card_type");
	p->title = card_type_label(v != NULL ? v : "");
	if (p->title == NULL)
		p->title = _("Card");
	p->lines[k++] = own(o, &n, xsprintf(_("Number: %s (card %s)"),
	    card_field(card, "card_number"),
	    card_field(card, "serial")));
	p->lines[k++] = own(o, &n, xsprintf(_("Case: %s"),
	    card_field(card, "holder")));
	v = rmap_get(&card->data, "status");
	p->lines[k++] = own(o, &n, xsprintf(_("Status: %s"),
	    v != NULL && card_status_label(v[0]) != NULL ?
	    card_status_label(v[0]) : ""));
	date_format_days(record_day(card, "issued_on"), a, sizeof a);
	p->lines[k++] = own(o, &n, xsprintf(_("Issued: %s by %s"), a,
	    card_field(card, "office")));
	if (record_day(card, "expires_on") != 0) {
		date_format_days(record_day(card, "expires_on"), b, sizeof b);
		p->lines[k++] = own(o, &n, xsprintf(_("Expires: %s"), b));
	} else
		p->lines[k++] = _("Expires: never");
	p->lines[k++] = own(o, &n, xsprintf(_("Key: %s"),
	    card_field(card, "key_id")));
	p->lines[k] = NULL;
	p->payload = rmap_get(&card->data, "payload");
	return (AMP_OK);
}

void
card_print_free(char **o)
{
	size_t	i;

	for (i = 0; i < CARD_PRINT_OWN; i++) {
		free(o[i]);
		o[i] = NULL;
	}
}
