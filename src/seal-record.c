/* seal-record.c: records and drafts sealed with XChaCha20-Poly1305, bound to their database and key; their class answers sealed and opened. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "amparo.h"

static const unsigned char *
sealed_key(const struct session *s, enum store_db db)
{
	return (db == DB_DRAFTS ? s->keys->draft : s->keys->record);
}

/*
 * Associated data: the database's name and the entry's key, so a value moved
 * elsewhere fails to open.
 */
static void
sealed_ad(enum store_db db, const void *k, size_t kn, struct buf *b)
{
	const char	*name = store_db_name(db);

	buf_add(b, "amparo:", 7);
	buf_add(b, name, strlen(name));
	buf_add_u8(b, ':');
	buf_add(b, k, kn);
}

/* Seal bytes under the database's key, bound to it and to the entry's key. */
int
sealed_put_bytes(struct stxn *t, const struct session *s, enum store_db db,
    const void *k, size_t kn, const void *plain, size_t pn,
    struct amp_err *err)
{
	struct buf	 ad = { 0 };
	unsigned char	*out;
	size_t		 n;
	int		 rc;

	sealed_ad(db, k, kn, &ad);
	n = pn + SEAL_OVERHEAD;
	out = xmalloc(n);
	seal(out, plain, pn, ad.p, ad.n, sealed_key(s, db));
	buf_free(&ad);
	rc = stxn_put(t, db, k, kn, out, n, 0, err);
	free(out);
	return (rc);
}

/*
 * Encode and seal a record as it is: its class answers are not touched.
 * Every write of a record comes here, so the report counters change here,
 * in the same transaction (counter.c).
 */
int
sealed_put_raw(struct stxn *t, const struct session *s, enum store_db db,
    const void *k, size_t kn, const struct record *r, struct amp_err *err)
{
	struct buf	 plain = { 0 };
	int		 rc;

	if (db == DB_RECORDS &&
	    (rc = counter_note(t, s, k, kn, r, err)) != AMP_OK)
		return (rc);
	record_encode(r, &plain);
	rc = sealed_put_bytes(t, s, db, k, kn, plain.p, plain.n, err);
	wipe(plain.p, plain.n);
	buf_free(&plain);
	return (rc);
}

/*
 * Store a record: the answers of fields with a confidentiality class sealed
 * to their class first (class-seal.c), on a copy.
 */
int
sealed_put(struct stxn *t, const struct session *s, enum store_db db,
    const void *k, size_t kn, const struct record *r, struct amp_err *err)
{
	const struct form	*f = NULL;
	struct record		 copy;
	int			 rc;

	if (r->form != NULL && s->forms != NULL)
		f = formset_find(s->forms, r->form);
	record_copy(&copy, r);
	rc = class_seal_rmap(t, f, &copy.data, err);
	if (rc == AMP_OK)
		rc = sealed_put_raw(t, s, db, k, kn, &copy, err);
	record_free(&copy);
	return (rc);
}

/* Open a sealed value into plain (replaced); the caller wipes it when done. */
int
sealed_open(struct stxn *t, const struct session *s, enum store_db db,
    const void *k, size_t kn, struct buf *plain, struct amp_err *err)
{
	struct buf	 ad = { 0 };
	struct sval	 v;
	size_t		 n;
	int		 rc;

	if ((rc = stxn_get(t, db, k, kn, &v, err)) != AMP_OK)
		return (rc);
	if (v.n < SEAL_OVERHEAD)
		return (err_set(err, AMP_ESTORE,
		    _("reading a record failed: it is damaged (too short)")));
	n = v.n - SEAL_OVERHEAD;
	buf_reset(plain);
	buf_add(plain, "", 0);
	if (plain->cap < n + 1) {
		plain->p = xreallocarray(plain->p, n + 1, 1);
		plain->cap = n + 1;
	}
	sealed_ad(db, k, kn, &ad);
	rc = unseal(plain->p, v.p, v.n, ad.p, ad.n, sealed_key(s, db));
	buf_free(&ad);
	if (rc != 0)
		return (err_set(err, AMP_ESTORE,
		    _("reading a record failed: it does not decrypt (damaged, altered, or sealed under another key)")));
	plain->n = n;
	return (AMP_OK);
}

/* Read a record as it is stored: its class answers stay sealed. */
int
sealed_get_raw(struct stxn *t, const struct session *s, enum store_db db,
    const void *k, size_t kn, struct record *r, struct amp_err *err)
{
	struct buf	plain = { 0 };
	int		rc;

	record_init(r);
	rc = sealed_open(t, s, db, k, kn, &plain, err);
	if (rc == AMP_OK && record_decode(plain.p, plain.n, r) != 0)
		rc = err_set(err, AMP_ESTORE,
		    _("reading a record failed: its contents are malformed"));
	if (plain.p != NULL)
		wipe(plain.p, plain.cap);
	buf_free(&plain);
	return (rc);
}

/*
 * Read a record as the session sees it: the class answers its key ring
 * opens become values, the others stay sealed. A key ring that holds a
 * class but not the generation an answer is sealed under (a rotation began
 * after the login) takes the account's wraps again first.
 */
int
sealed_get(struct stxn *t, const struct session *s, enum store_db db,
    const void *k, size_t kn, struct record *r, struct amp_err *err)
{
	const struct form	*f;
	struct amp_err		 again;
	int			 rc;

	if ((rc = sealed_get_raw(t, s, db, k, kn, r, err)) != AMP_OK)
		return (rc);
	if (r->form == NULL || s->forms == NULL ||
	    (f = formset_find(s->forms, r->form)) == NULL)
		return (AMP_OK);
	if (class_open_rmap(s->keys, f, &r->data) > 0 &&
	    class_keys_unlock(t, s->user, s->keys, &again) == AMP_OK)
		class_open_rmap(s->keys, f, &r->data);
	return (AMP_OK);
}
