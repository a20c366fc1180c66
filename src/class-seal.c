/* class-seal.c: answers sealed to a confidentiality class, the marker that carries one in a record, and opening it. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "amparo.h"

/*
 * A sealed answer is sealed to a class's public key, so anyone may seal
 * (an officer records a disclosure at intake) but only holders of the
 * class's secret key open it. For each value: an ephemeral X25519 key pair,
 * shared = X25519(esk, class pk), key = BLAKE2b-256(shared || epk || class
 * pk), and the value sealed with XChaCha20-Poly1305 (seal) under that key,
 * with "amparo:class:CLASS:GEN" as associated data.
 *
 * The value is padded first (ISO/IEC 7816-4, sodium_pad) to a multiple of
 * SEALED_PAD bytes, so that "yes" and "no" seal to the same length.
 *
 * In a record the sealed answer is a string no one can type (field_normalize
 * drops control characters): ESC, 'S', the class id, ':', then the blob in
 * base64 without padding. The blob is a codec byte, the generation as a
 * varint, the ephemeral public key, then the sealed value. The marker goes
 * through the record codec, drafts and history unchanged.
 */
#define SEALED_CODEC	1
#define SEALED_HEAD_MAX	(1 + 10)	/* codec and a varint */
#define SEALED_PAD	32	/* the length shows to this many bytes */
#define SEALED_VARIANT	sodium_base64_VARIANT_ORIGINAL_NO_PADDING

#if BOX_KEY_BYTES != crypto_box_PUBLICKEYBYTES || \
    BOX_KEY_BYTES != crypto_box_SECRETKEYBYTES || \
    BOX_KEY_BYTES != crypto_scalarmult_BYTES || \
    BOX_KEY_BYTES != crypto_scalarmult_SCALARBYTES
#error "class keys are X25519 key pairs"
#endif

/* The secrets of one sealing or opening, in guarded memory, wiped after. */
struct class_scratch {
	unsigned char	esk[BOX_KEY_BYTES];
	unsigned char	shared[BOX_KEY_BYTES];
	unsigned char	key[KEY_BYTES];
};

static struct class_scratch *
scratch_get(void)
{
	static struct class_scratch	*sc;

	if (sc == NULL && (sc = sodium_malloc(sizeof *sc)) == NULL)
		fatalx("out of memory (guarded key memory)");
	return (sc);
}

int
value_is_sealed(const char *v)
{
	return (v != NULL && v[0] == SEALED_MARK[0] && v[1] == SEALED_MARK[1]);
}

/*
 * The class (in cls, of size clsn) and the generation of a sealed answer;
 * -1 if v is not a well-formed marker. Only the head of the blob is decoded.
 */
int
sealed_parse(const char *v, char *cls, size_t clsn, uint32_t *gen)
{
	unsigned char	 head[SEALED_HEAD_MAX + 2];
	const char	*p, *colon;
	size_t		 len, take, n;
	struct rd	 rd;
	uint64_t	 g;

	if (!value_is_sealed(v))
		return (-1);
	p = v + 2;
	if ((colon = strchr(p, ':')) == NULL || colon == p ||
	    (size_t)(colon - p) >= clsn || (size_t)(colon - p) > ID_MAX)
		return (-1);
	memcpy(cls, p, (size_t)(colon - p));
	cls[colon - p] = '\0';
	if (!id_valid(cls))
		return (-1);
	len = strlen(colon + 1);
	take = len < 16 ? len : 16;	/* 16 characters give 12 bytes */
	take -= take % 4;
	if (take == 0 || sodium_base642bin(head, sizeof head, colon + 1, take,
	    NULL, &n, NULL, SEALED_VARIANT) != 0)
		return (-1);
	rd_init(&rd, head, n);
	if (rd_u8(&rd) != SEALED_CODEC)
		return (-1);
	g = rd_varint(&rd);
	if (rd.bad || g == 0 || g > UINT32_MAX)
		return (-1);
	*gen = (uint32_t)g;
	return (0);
}

/*
 * What every front end shows instead of a sealed answer: "(sealed: gbv)".
 * NULL if v is not sealed.
 */
char *
sealed_display(const char *v)
{
	char		cls[ID_MAX + 1];
	uint32_t	gen;

	if (!value_is_sealed(v))
		return (NULL);
	if (sealed_parse(v, cls, sizeof cls, &gen) != 0)
		return (xstrdup(_("(sealed: damaged)")));
	return (xsprintf(_("(sealed: %s)"), cls));
}

static void
class_ad(const char *cls, uint32_t gen, struct buf *b)
{
	char	g[16];

	snprintf(g, sizeof g, "%lu", (unsigned long)gen);
	buf_add(b, "amparo:class:", 13);
	buf_add(b, cls, strlen(cls));
	buf_add_u8(b, ':');
	buf_add(b, g, strlen(g));
}

/* The value key from the shared secret and both public keys. */
static void
class_value_key(struct class_scratch *sc, const unsigned char *epk,
    const unsigned char *pk)
{
	crypto_generichash_state	st;

	if (crypto_generichash_init(&st, NULL, 0, KEY_BYTES) != 0 ||
	    crypto_generichash_update(&st, sc->shared, BOX_KEY_BYTES) != 0 ||
	    crypto_generichash_update(&st, epk, BOX_KEY_BYTES) != 0 ||
	    crypto_generichash_update(&st, pk, BOX_KEY_BYTES) != 0 ||
	    crypto_generichash_final(&st, sc->key, KEY_BYTES) != 0)
		fatalx("hashing a class value key failed");
	wipe(&st, sizeof st);
}

/*
 * Seal len bytes of p to generation gen of class cls, whose public key is
 * pk: the marker, allocated.
 */
char *
class_seal_value(const char *cls, uint32_t gen, const unsigned char *pk,
    const char *p, size_t len)
{
	struct class_scratch	*sc = scratch_get();
	struct buf		 blob = { 0 }, ad = { 0 };
	unsigned char		 epk[BOX_KEY_BYTES];
	unsigned char		*sealed, *padded;
	char			*out;
	size_t			 n, b64, plen;

	padded = xmalloc(len + SEALED_PAD);
	memcpy(padded, p, len);
	if (sodium_pad(&plen, padded, len, SEALED_PAD, len + SEALED_PAD) != 0)
		fatalx("padding a value failed");
	if (crypto_box_keypair(epk, sc->esk) != 0)
		fatalx("making an ephemeral key failed");
	if (crypto_scalarmult(sc->shared, sc->esk, pk) != 0)
		fatalx("sealing to a class failed: its public key is unusable");
	class_value_key(sc, epk, pk);
	class_ad(cls, gen, &ad);
	sealed = xmalloc(plen + SEAL_OVERHEAD);
	seal(sealed, padded, plen, ad.p, ad.n, sc->key);
	wipe(sc, sizeof *sc);
	wipe(padded, len + SEALED_PAD);
	free(padded);
	buf_free(&ad);
	buf_add_u8(&blob, SEALED_CODEC);
	buf_add_varint(&blob, gen);
	buf_add(&blob, epk, sizeof epk);
	buf_add(&blob, sealed, plen + SEAL_OVERHEAD);
	free(sealed);
	b64 = sodium_base64_encoded_len(blob.n, SEALED_VARIANT);
	n = strlen(cls);
	out = xmalloc(2 + n + 1 + b64);
	memcpy(out, SEALED_MARK, 2);
	memcpy(out + 2, cls, n);
	out[2 + n] = ':';
	sodium_bin2base64(out + 3 + n, b64, blob.p, blob.n, SEALED_VARIANT);
	buf_free(&blob);
	return (out);
}

/*
 * Open a marker with the key pair pk, sk (the class's, if the caller holds
 * it): 0 and the value in *out (allocated; wipe it when done), or -1 if the
 * key is not the class's or the marker is damaged or altered.
 */
int
class_open_with(const char *v, const unsigned char *pk,
    const unsigned char *sk, char **out)
{
	struct class_scratch	*sc;
	struct buf		 ad = { 0 };
	struct rd		 rd;
	char			 cls[ID_MAX + 1];
	const char		*b64;
	const unsigned char	*epk, *sealed;
	unsigned char		*blob;
	char			*plain;
	size_t			 blen, n, len;
	uint64_t		 gen;
	uint32_t		 g;
	int			 rc = -1;

	*out = NULL;
	if (sealed_parse(v, cls, sizeof cls, &g) != 0)
		return (-1);
	b64 = strchr(v + 2, ':') + 1;
	blen = strlen(b64) / 4 * 3 + 3;
	blob = xmalloc(blen);
	if (sodium_base642bin(blob, blen, b64, strlen(b64), NULL, &blen, NULL,
	    SEALED_VARIANT) != 0)
		goto out;
	rd_init(&rd, blob, blen);
	(void)rd_u8(&rd);
	gen = rd_varint(&rd);
	epk = rd_fixed(&rd, BOX_KEY_BYTES);
	if (rd.bad || gen == 0 || gen > UINT32_MAX ||
	    rd.n - rd.off < SEAL_OVERHEAD)
		goto out;
	sealed = rd.p + rd.off;
	n = rd.n - rd.off;
	sc = scratch_get();
	if (crypto_scalarmult(sc->shared, sk, epk) != 0) {
		wipe(sc, sizeof *sc);
		goto out;
	}
	class_value_key(sc, epk, pk);
	class_ad(cls, (uint32_t)gen, &ad);
	plain = xmalloc(n - SEAL_OVERHEAD + 1);
	if (unseal(plain, sealed, n, ad.p, ad.n, sc->key) != 0 ||
	    sodium_unpad(&len, (unsigned char *)plain, n - SEAL_OVERHEAD,
	    SEALED_PAD) != 0 || memchr(plain, '\0', len) != NULL) {
		wipe(plain, n - SEAL_OVERHEAD + 1);
		free(plain);
	} else {
		wipe(plain + len, n - SEAL_OVERHEAD - len);
		plain[len] = '\0';
		*out = plain;
		rc = 0;
	}
	wipe(sc, sizeof *sc);
	buf_free(&ad);
out:
	free(blob);
	return (rc);
}

/* The key ring's key of a class at a generation, or NULL. */
const struct class_key *
keyring_class(const struct keyring *k, const char *cls, uint32_t gen)
{
	size_t	i;

	for (i = 0; i < k->nclasses && i < CLASS_KEYS_MAX; i++) {
		if (k->classes[i].gen == gen &&
		    strcmp(k->classes[i].class, cls) == 0)
			return (&k->classes[i]);
	}
	return (NULL);
}

/* Whether the key ring holds some generation of a class. */
int
keyring_holds(const struct keyring *k, const char *cls)
{
	size_t	i;

	for (i = 0; i < k->nclasses && i < CLASS_KEYS_MAX; i++) {
		if (strcmp(k->classes[i].class, cls) == 0)
			return (1);
	}
	return (0);
}

/* Open a marker with the key ring's key of its class and generation. */
int
class_open_value(const struct keyring *k, const char *v, char **out)
{
	const struct class_key	*ck;
	char			 cls[ID_MAX + 1];
	uint32_t		 gen;

	*out = NULL;
	if (sealed_parse(v, cls, sizeof cls, &gen) != 0 ||
	    (ck = keyring_class(k, cls, gen)) == NULL)
		return (-1);
	return (class_open_with(v, ck->pk, ck->sk, out));
}

/*
 * The field of id among v, by its id or an id it had (renamed_from): a
 * record saved under an earlier version of the form still has the old one.
 */
static const struct field *
field_known(const struct field *v, size_t n, const char *id)
{
	size_t	i, j;

	for (i = 0; i < n; i++) {
		if (strcmp(v[i].id, id) == 0)
			return (&v[i]);
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < v[i].nrenamed; j++) {
			if (strcmp(v[i].renamed_from[j], id) == 0)
				return (&v[i]);
		}
	}
	return (NULL);
}

static const struct field *
form_field_known(const struct form *f, const char *id)
{
	const struct field	*fld;
	size_t			 i;

	for (i = 0; i < f->nsections; i++) {
		if ((fld = field_known(f->sections[i].fields,
		    f->sections[i].nfields, id)) != NULL)
			return (fld);
	}
	return (NULL);
}

/* What one save knows of the classes it seals to. */
struct class_target {
	char		 cls[ID_MAX + 1];
	int		 exists;
	uint32_t	 gen;		/* sealed to: rotation's, or current */
	uint32_t	 oldest;	/* the oldest generation still in use */
	unsigned char	 pk[BOX_KEY_BYTES];
	int		 stale_noted;
};
struct seal_walk {
	struct stxn		*t;
	struct class_target	*v;
	size_t			 n;
	struct amp_err		*err;
};

static int
seal_target(struct seal_walk *w, const char *cls, struct class_target **out)
{
	struct class_target	*ct;
	struct class_gens	 g;
	size_t			 i;
	int			 rc;

	for (i = 0; i < w->n; i++) {
		if (strcmp(w->v[i].cls, cls) == 0) {
			*out = &w->v[i];
			return (AMP_OK);
		}
	}
	w->v = xreallocarray(w->v, w->n + 1, sizeof *w->v);
	ct = &w->v[w->n++];
	memset(ct, 0, sizeof *ct);
	snprintf(ct->cls, sizeof ct->cls, "%s", cls);
	rc = class_gens_get(w->t, cls, &g, w->err);
	if (rc == AMP_OK) {
		ct->exists = 1;
		ct->gen = g.rotating != 0 ? g.rotating : g.gen;
		ct->oldest = g.gen;
		memcpy(ct->pk, g.rotating != 0 ? g.rotating_pk : g.pk,
		    BOX_KEY_BYTES);
	} else if (rc != AMP_ENOTFOUND)
		return (rc);
	*out = ct;
	return (AMP_OK);
}

/*
 * A marker kept as it is: one of a generation a rotation is replacing is
 * noted, so that the rotation walks the store once more before it ends; one
 * of a generation already retired cannot be opened by anyone any more, and
 * saving it is refused.
 */
static int
seal_keep(struct seal_walk *w, const char *v)
{
	struct class_target	*ct;
	char			 cls[ID_MAX + 1];
	uint32_t		 gen;
	int			 rc;

	if (sealed_parse(v, cls, sizeof cls, &gen) != 0)
		return (AMP_OK);
	if ((rc = seal_target(w, cls, &ct)) != AMP_OK || !ct->exists ||
	    gen == ct->gen)
		return (rc);
	if (gen < ct->oldest)
		return (err_set(w->err, AMP_ECONFLICT,
		    _("saving failed: an answer is sealed under a retired %s key (a key rotation ended meanwhile): open the case again"),
		    cls));
	if (ct->stale_noted)
		return (AMP_OK);
	ct->stale_noted = 1;
	return (class_note_stale(w->t, cls, w->err));
}

static int
seal_one(struct seal_walk *w, const char *cls, struct rfield *rf)
{
	struct class_target	*ct;
	char			*m;
	size_t			 len;
	int			 rc;

	if (rf->kind != RF_STR || rf->str == NULL || *rf->str == '\0')
		return (AMP_OK);
	if (value_is_sealed(rf->str))
		return (seal_keep(w, rf->str));
	if (cls == NULL)
		return (AMP_OK);
	if ((rc = seal_target(w, cls, &ct)) != AMP_OK)
		return (rc);
	if (!ct->exists)
		return (err_set(w->err, AMP_EPERM,
		    _("saving failed: no account holds the %s key yet: add an account whose role has the %s class first"),
		    cls, cls));
	len = strlen(rf->str);
	m = class_seal_value(cls, ct->gen, ct->pk, rf->str, len);
	wipe(rf->str, len);
	free(rf->str);
	rf->str = m;
	return (AMP_OK);
}

static int
seal_map(struct seal_walk *w, const struct form *f, struct rmap *m)
{
	const struct field	*fld, *c;
	struct rfield		*rf;
	size_t			 i, j, k;
	int			 rc;

	for (i = 0; i < m->n; i++) {
		rf = &m->v[i];
		fld = f != NULL ? form_field_known(f, rf->id) : NULL;
		if (rf->kind == RF_STR) {
			if ((rc = seal_one(w, fld != NULL ?
			    fld->confidential : NULL, rf)) != AMP_OK)
				return (rc);
			continue;
		}
		for (j = 0; j < rf->nitems; j++) {
			for (k = 0; k < rf->items[j].n; k++) {
				c = fld != NULL ? field_known(fld->fields,
				    fld->nfields, rf->items[j].v[k].id) : NULL;
				if (rf->items[j].v[k].kind != RF_STR)
					continue;
				if ((rc = seal_one(w, c != NULL ?
				    c->confidential : NULL,
				    &rf->items[j].v[k])) != AMP_OK)
					return (rc);
			}
		}
	}
	return (AMP_OK);
}

/*
 * Before a record is stored: every answer of a field with a class (in repeat
 * groups too) is sealed to the class's newest generation; answers sealed
 * already stay as they are. Fails if a class has no key yet.
 */
int
class_seal_rmap(struct stxn *t, const struct form *f, struct rmap *m,
    struct amp_err *err)
{
	struct seal_walk	w;
	int			rc;

	memset(&w, 0, sizeof w);
	w.t = t;
	w.err = err;
	rc = seal_map(&w, f, m);
	free(w.v);
	return (rc);
}

/*
 * Open one answer if it is sealed and the key ring opens it. Returns 1 if it
 * stays sealed although the key ring holds its class (in other generations
 * only: a rotation began after the key ring was filled).
 */
static int
open_one(const struct keyring *k, struct rfield *rf)
{
	char		*plain, cls[ID_MAX + 1];
	uint32_t	 gen;

	if (rf->kind != RF_STR || !value_is_sealed(rf->str))
		return (0);
	if (class_open_value(k, rf->str, &plain) == 0) {
		free(rf->str);
		rf->str = plain;
		return (0);
	}
	return (sealed_parse(rf->str, cls, sizeof cls, &gen) == 0 &&
	    keyring_class(k, cls, gen) == NULL && keyring_holds(k, cls));
}

/*
 * After a record is read: every sealed answer the key ring opens becomes
 * its value again; the others stay sealed. Only answers of fields the form
 * knows are opened, so that saving the record seals them again: an answer
 * of a field the form no longer has stays sealed. Returns how many stayed
 * sealed although the key ring holds their class in another generation.
 */
int
class_open_rmap(const struct keyring *k, const struct form *f,
    struct rmap *m)
{
	const struct field	*fld;
	struct rfield		*rf;
	size_t			 i, j, l;
	int			 missed = 0;

	if (k == NULL || k->nclasses == 0 || f == NULL)
		return (0);
	for (i = 0; i < m->n; i++) {
		rf = &m->v[i];
		if ((fld = form_field_known(f, rf->id)) == NULL)
			continue;
		if (rf->kind == RF_STR) {
			missed += open_one(k, rf);
			continue;
		}
		for (j = 0; j < rf->nitems; j++) {
			for (l = 0; l < rf->items[j].n; l++) {
				if (field_known(fld->fields, fld->nfields,
				    rf->items[j].v[l].id) != NULL)
					missed += open_one(k,
					    &rf->items[j].v[l]);
			}
		}
	}
	return (missed);
}
