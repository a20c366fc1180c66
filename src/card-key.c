/* card-key.c: the office's card signing keys, their rotation, and the revocations kept in the store. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "amparo.h"

/*
 * In the meta database (amparo-store(5)):
 *
 *	card-key:KID	public key (32) | be64 from day | be64 until day |
 *			secret key sealed under the audit subkey, with
 *			"amparo:card-secret-key:" and the public key as
 *			associated data
 *	card-key-current	the id of the key that signs now
 *	card-revoked:FP	be64 day | reason: a card revoked, by its
 *			fingerprint; in the clear, as the signed list is
 *
 * The public keys and the revocations are readable without a password,
 * so that amparo card verify needs none.
 */
#define KEY_PREFIX	"card-key:"
#define KEY_CURRENT	"card-key-current"
#define REV_PREFIX	"card-revoked:"
#define SK_AD		"amparo:card-secret-key:"
#define SK_BYTES	crypto_sign_SECRETKEYBYTES
#define KEY_VALUE	(CARD_PK_BYTES + 16 + SK_BYTES + SEAL_OVERHEAD)

#if CARD_PK_BYTES != crypto_sign_PUBLICKEYBYTES || \
    CARD_SIG_BYTES != crypto_sign_BYTES
#error "card keys are Ed25519"
#endif

static int
meta_key(const char *prefix, const void *id, size_t n, unsigned char *out,
    size_t size)
{
	size_t	len = strlen(prefix);

	if (len + n > size)
		fatalx("a card meta key does not fit");
	memcpy(out, prefix, len);
	memcpy(out + len, id, n);
	return ((int)(len + n));
}

static void
key_ad(const unsigned char *pk, unsigned char *ad)
{
	memcpy(ad, SK_AD, sizeof SK_AD - 1);
	memcpy(ad + sizeof SK_AD - 1, pk, CARD_PK_BYTES);
}

/* A stored key's public part; -1 if the value is not one. */
static int
key_decode(const struct sval *k, const struct sval *v,
    struct card_key_pub *out)
{
	const unsigned char	*p = v->p;
	char			 want[CARD_KID_LEN + 1];
	size_t			 plen = sizeof KEY_PREFIX - 1;

	if (v->n != KEY_VALUE || k->n != plen + CARD_KID_LEN)
		return (-1);
	memset(out, 0, sizeof *out);
	memcpy(out->pk, p, CARD_PK_BYTES);
	out->from = (int64_t)be64_get(p + CARD_PK_BYTES);
	out->until = (int64_t)be64_get(p + CARD_PK_BYTES + 8);
	memcpy(out->kid, (const char *)k->p + plen, CARD_KID_LEN);
	card_kid_of(out->pk, want);
	return (strcmp(want, out->kid) == 0 ? 0 : -1);
}

/* One stored key into the set, kept oldest first (by the day it began). */
static int
key_add(const struct sval *k, const struct sval *v, void *arg,
    struct amp_err *err)
{
	struct card_keyset	*ks = arg;
	struct card_key_pub	 pub;
	size_t			 plen = sizeof KEY_PREFIX - 1, i;

	if (key_decode(k, v, &pub) != 0)
		return (err_set(err, AMP_ESTORE,
		    _("reading the card keys failed: the store's key %.*s is damaged"),
		    (int)(k->n - plen), (const char *)k->p + plen));
	ks->v = xreallocarray(ks->v, ks->n + 1, sizeof *ks->v);
	for (i = ks->n; i > 0 && ks->v[i - 1].from > pub.from; i--)
		ks->v[i] = ks->v[i - 1];
	ks->v[i] = pub;
	ks->n++;
	return (AMP_OK);
}

/* Every key in the store, oldest first (by the day it began). */
int
card_keys_in(struct stxn *t, struct card_keyset *ks, struct amp_err *err)
{
	int	rc;

	memset(ks, 0, sizeof *ks);
	if ((rc = stxn_prefix_each(t, DB_META, KEY_PREFIX,
	    sizeof KEY_PREFIX - 1, key_add, ks, err)) != AMP_OK)
		card_keyset_free(ks);
	return (rc);
}

/* The published keys, read without a password (amparo card keys). */
int
card_keys_public(struct store *st, struct card_keyset *ks,
    struct amp_err *err)
{
	struct stxn	*t;
	int		 rc;

	if ((rc = store_read(st, &t, err)) != AMP_OK)
		return (rc);
	rc = card_keys_in(t, ks, err);
	stxn_end(t);
	if (rc == AMP_OK && ks->n == 0)
		rc = err_set(err, AMP_ENOTFOUND,
		    _("the store has no card keys yet: the first card issued makes one (amparo card issue)"));
	return (rc);
}

/* Make a key that signs from today; the current one stops today. */
static int
key_new(struct stxn *t, const struct keyring *keys, char *kid,
    struct amp_err *err)
{
	unsigned char	 val[KEY_VALUE], mk[64], ad[sizeof SK_AD - 1 +
			    CARD_PK_BYTES], *sk;
	struct sval	 v;
	int64_t		 today = date_today_days();
	int		 n, rc;

	if ((sk = sodium_malloc(SK_BYTES)) == NULL)
		fatalx("out of memory for a signing key");
	if (crypto_sign_keypair(val, sk) != 0) {
		sodium_free(sk);
		return (err_set(err, AMP_EFAIL, _("making a card key failed")));
	}
	be64_put(val + CARD_PK_BYTES, (uint64_t)today);
	be64_put(val + CARD_PK_BYTES + 8, 0);
	key_ad(val, ad);
	seal(val + CARD_PK_BYTES + 16, sk, SK_BYTES, ad, sizeof ad,
	    keys->audit);
	sodium_free(sk);
	card_kid_of(val, kid);
	/* The key that signed until now signs no more after today. */
	n = meta_key(KEY_CURRENT, "", 0, mk, sizeof mk);
	rc = stxn_get(t, DB_META, mk, (size_t)n, &v, err);
	if (rc == AMP_OK && v.n == CARD_KID_LEN) {
		unsigned char	 ok[64], old[KEY_VALUE];
		struct sval	 ov;
		int		 on;

		on = meta_key(KEY_PREFIX, v.p, CARD_KID_LEN, ok, sizeof ok);
		if ((rc = stxn_get(t, DB_META, ok, (size_t)on, &ov, err)) !=
		    AMP_OK)
			return (rc);
		if (ov.n != KEY_VALUE)
			return (err_set(err, AMP_ESTORE,
			    _("rotating the card key failed: the current key is damaged")));
		memcpy(old, ov.p, KEY_VALUE);
		be64_put(old + CARD_PK_BYTES + 8, (uint64_t)today);
		if ((rc = stxn_put(t, DB_META, ok, (size_t)on, old, sizeof old,
		    0, err)) != AMP_OK)
			return (rc);
	} else if (rc != AMP_OK && rc != AMP_ENOTFOUND)
		return (rc);
	n = meta_key(KEY_PREFIX, kid, CARD_KID_LEN, mk, sizeof mk);
	if ((rc = stxn_put(t, DB_META, mk, (size_t)n, val, sizeof val,
	    STORE_NOOVERWRITE, err)) != AMP_OK)
		return (rc);
	n = meta_key(KEY_CURRENT, "", 0, mk, sizeof mk);
	return (stxn_put(t, DB_META, mk, (size_t)n, kid, CARD_KID_LEN, 0,
	    err));
}

/*
 * The current key's public part and its secret key (sodium_malloc'd, to
 * be freed with sodium_free), opened with the keyring; a store with no
 * card key gets one, in this write transaction.
 */
int
card_key_signing(struct stxn *t, const struct keyring *keys,
    struct card_key_pub *pub, unsigned char **skp, struct amp_err *err)
{
	unsigned char	 mk[64], ad[sizeof SK_AD - 1 + CARD_PK_BYTES], *sk;
	unsigned char	 check[CARD_PK_BYTES];
	char		 kid[CARD_KID_LEN + 1];
	struct sval	 k, v;
	int		 n, rc;

	*skp = NULL;
	n = meta_key(KEY_CURRENT, "", 0, mk, sizeof mk);
	rc = stxn_get(t, DB_META, mk, (size_t)n, &v, err);
	if (rc == AMP_ENOTFOUND && stxn_writing(t)) {
		if ((rc = key_new(t, keys, kid, err)) != AMP_OK)
			return (rc);
		rc = stxn_get(t, DB_META, mk, (size_t)n, &v, err);
	}
	if (rc == AMP_ENOTFOUND)
		return (err_set(err, AMP_ENOTFOUND,
		    _("the store has no card key yet")));
	if (rc != AMP_OK)
		return (rc);
	if (v.n != CARD_KID_LEN)
		return (err_set(err, AMP_ESTORE,
		    _("reading the card key failed: it is damaged")));
	memcpy(kid, v.p, CARD_KID_LEN);
	kid[CARD_KID_LEN] = '\0';
	n = meta_key(KEY_PREFIX, kid, CARD_KID_LEN, mk, sizeof mk);
	k.p = mk;
	k.n = (size_t)n;
	if ((rc = stxn_get(t, DB_META, mk, (size_t)n, &v, err)) != AMP_OK ||
	    key_decode(&k, &v, pub) != 0)
		return (rc != AMP_OK && rc != AMP_ENOTFOUND ? rc :
		    err_set(err, AMP_ESTORE,
		    _("reading the card key %s failed: it is missing or damaged"),
		    kid));
	if ((sk = sodium_malloc(SK_BYTES)) == NULL)
		fatalx("out of memory for a signing key");
	key_ad(pub->pk, ad);
	if (unseal(sk, (const unsigned char *)v.p + CARD_PK_BYTES + 16,
	    SK_BYTES + SEAL_OVERHEAD, ad, sizeof ad, keys->audit) != 0 ||
	    crypto_sign_ed25519_sk_to_pk(check, sk) != 0 ||
	    sodium_memcmp(check, pub->pk, CARD_PK_BYTES) != 0) {
		sodium_free(sk);
		return (err_set(err, AMP_ESTORE,
		    _("opening the card key %s failed: its secret part is damaged or not its public key's"),
		    kid));
	}
	*skp = sk;
	return (AMP_OK);
}

struct rotate_ctx {
	struct session	*s;
	char		*kid;
	struct amp_err	*err;
};

static int
rotate_txn(struct stxn *t, void *arg)
{
	struct rotate_ctx	*c = arg;
	int			 rc;

	if ((rc = key_new(t, c->s->keys, c->kid, c->err)) != AMP_OK)
		return (rc);
	return (audit_note(t, c->s, "card-key-rotate", 0, c->kid, c->err));
}

/*
 * A new card key (amparo card key rotate): it signs from today; the one
 * before signs no more after today, and the cards it signed still verify
 * with it (the published set keeps it, with its dates).
 */
int
card_key_rotate(struct session *s, char *kid, struct amp_err *err)
{
	const struct role	*r = NULL;
	struct rotate_ctx	 c;

	if (s->forms != NULL)
		r = policy_role(s->forms->policy, s->role);
	if (r == NULL || (r->admin & PA_KEYS) == 0)
		return (err_set(err, AMP_EPERM,
		    _("rotating the card key failed: the role \"%s\" may not manage keys"),
		    s->role));
	c.s = s;
	c.kid = kid;
	c.err = err;
	return (store_write(s->store, rotate_txn, &c, err));
}

/* Record a revocation of a card by its fingerprint (once: the first day). */
int
card_revoked_put(struct stxn *t, const unsigned char *fp, int64_t day,
    const char *reason, struct amp_err *err)
{
	struct card_revocation	 r;
	unsigned char		 mk[64], val[8 + sizeof r.reason];
	size_t			 rn = strlen(reason);
	struct sval		 v;
	int			 n, rc;

	if (rn >= sizeof val - 8)
		fatalx("a revocation reason is too long");
	n = meta_key(REV_PREFIX, fp, CARD_FP_BYTES, mk, sizeof mk);
	rc = stxn_get(t, DB_META, mk, (size_t)n, &v, err);
	if (rc != AMP_ENOTFOUND)
		return (rc);
	be64_put(val, (uint64_t)day);
	memcpy(val + 8, reason, rn);
	return (stxn_put(t, DB_META, mk, (size_t)n, val, 8 + rn, 0, err));
}

/* One stored revocation into the list. */
static int
revocation_add(const struct sval *k, const struct sval *v, void *arg,
    struct amp_err *err)
{
	struct card_revlist	*rl = arg;
	struct card_revocation	 r;
	size_t			 plen = sizeof REV_PREFIX - 1;

	if (k->n != plen + CARD_FP_BYTES || v->n <= 8 ||
	    v->n - 8 >= sizeof r.reason)
		return (err_set(err, AMP_ESTORE,
		    _("reading the card revocations failed: one is damaged")));
	memset(&r, 0, sizeof r);
	memcpy(r.fp, (const unsigned char *)k->p + plen, CARD_FP_BYTES);
	r.day = (int64_t)be64_get(v->p);
	memcpy(r.reason, (const char *)v->p + 8, v->n - 8);
	rl->v = xreallocarray(rl->v, rl->n + 1, sizeof *rl->v);
	rl->v[rl->n++] = r;
	return (AMP_OK);
}

/* The revocations in the store, in fingerprint order. */
int
card_revocations_stored(struct stxn *t, struct card_revlist *rl,
    struct amp_err *err)
{
	int	rc;

	memset(rl, 0, sizeof *rl);
	if ((rc = stxn_prefix_each(t, DB_META, REV_PREFIX,
	    sizeof REV_PREFIX - 1, revocation_add, rl, err)) != AMP_OK)
		card_revlist_free(rl);
	return (rc);
}

struct revs_ctx {
	struct session	*s;
	char		*text;
	struct amp_err	*err;
};

static int
revs_txn(struct stxn *t, void *arg)
{
	struct revs_ctx		*c = arg;
	struct card_revlist	 rl;
	struct card_key_pub	 pub;
	unsigned char		*sk, sig[CARD_SIG_BYTES];
	char			 hex[2 * CARD_SIG_BYTES + 1], *msg, n[32];
	int			 rc;

	if ((rc = card_key_signing(t, c->s->keys, &pub, &sk, c->err)) !=
	    AMP_OK)
		return (rc);
	if ((rc = card_revocations_stored(t, &rl, c->err)) != AMP_OK) {
		sodium_free(sk);
		return (rc);
	}
	memcpy(rl.kid, pub.kid, sizeof rl.kid);
	card_office_of(c->s->institution, rl.office, sizeof rl.office);
	rl.signed_at = time_now();
	msg = card_revlist_message(&rl);
	rc = crypto_sign_detached(sig, NULL, (const unsigned char *)msg,
	    strlen(msg), sk);
	sodium_free(sk);
	if (rc != 0) {
		free(msg);
		card_revlist_free(&rl);
		return (err_set(c->err, AMP_EFAIL,
		    _("signing the revocation list failed")));
	}
	sodium_bin2hex(hex, sizeof hex, sig, sizeof sig);
	c->text = xsprintf("%ssignature: %s\n", msg, hex);
	free(msg);
	snprintf(n, sizeof n, "%zu", rl.n);
	card_revlist_free(&rl);
	return (audit_note(t, c->s, "card-revocations", 0, n, c->err));
}

/*
 * The signed revocation list (amparo card revocations), for verifiers
 * offline: every card revoked, by fingerprint, with its day and reason.
 */
int
card_revocations_text(struct session *s, char **out, struct amp_err *err)
{
	struct revs_ctx	c;
	int		rc;

	*out = NULL;
	if ((rc = access_form(s, CARD_FORM, PF_VIEW, err)) != AMP_OK)
		return (rc);
	c.s = s;
	c.text = NULL;
	c.err = err;
	if ((rc = store_write(s->store, revs_txn, &c, err)) != AMP_OK) {
		free(c.text);
		return (rc);
	}
	*out = c.text;
	return (AMP_OK);
}

/* An institution id as a payload writes it: capitals, "_" as "-". */
void
card_office_of(const char *inst, char *out, size_t size)
{
	size_t	i;

	for (i = 0; inst != NULL && inst[i] != '\0' && i + 1 < size; i++) {
		if (inst[i] >= 'a' && inst[i] <= 'z')
			out[i] = (char)(inst[i] - 'a' + 'A');
		else if ((inst[i] >= 'A' && inst[i] <= 'Z') ||
		    (inst[i] >= '0' && inst[i] <= '9'))
			out[i] = inst[i];
		else
			out[i] = '-';
	}
	out[i] = '\0';
}
