/* fuzz-card.c: fuzz target of the signed card payload: any bytes as a card, a key set and a revocation list. */

/*
 * Each input is read three ways: as a card by card_verify, with a fixed
 * key set (two keys from fixed seeds) and a fixed revocation list signed
 * by one of them; as a key set by card_keyset_parse; as a revocation list
 * by card_revlist_parse, with the fixed key set and with the input's own
 * if it is one. Whatever the answer, it must agree with what it says: a
 * readable card renders back to its own text, a valid one carries a good
 * signature of a key in use, an accepted list is the text amparo writes.
 * A broken rule aborts.
 *
 * Built by configure --enable-fuzzing as tests/fuzz/fuzz-card (libFuzzer);
 * tests/fuzz/replay-card (with fuzz-replay.c) runs files through it in
 * make check.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "amparo.h"

#define SIGNED_PREFIX	"amparo-card:"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * Key A (seed 0x01...) signs since 2025-01-01; key B (seed 0x02...) signed
 * from 2020-01-01 to 2024-12-31. The list, signed by A on 2026-03-01,
 * revokes the cards fuzz_card_revoked names.
 */
static unsigned char		 fuzz_sk[2][crypto_sign_SECRETKEYBYTES];
static struct card_key_pub	 fuzz_pub[2];
static struct card_keyset	 fuzz_keys = { fuzz_pub, 2 };
static struct card_revlist	 fuzz_revs;
static char			*fuzz_revs_text;
static int64_t			 fuzz_today;

/* The signed parts of the revoked cards (the generator signs them). */
static const char *const fuzz_card_revoked[] = {
	".ASC.AS-2026-000002.1.2026-ASY-000002.S.20260115.20270114."
	    "SNM-PANAMA.",
	".TRS.TR-2025-000077.2.2025-TRS-000077.R.20250601.0.SNM-DAVID.",
};

#define FUZZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz-card: %s:%d: %s\n", __FILE__,	\
		    __LINE__, #cond);					\
		abort();						\
	}								\
} while (0)

/* The whole signed part of a revoked card: "AC1." KID and its fields. */
static size_t
fuzz_revoked_msg(size_t i, char *out, size_t size)
{
	int	n;

	n = snprintf(out, size, "AC1.%s%s", fuzz_pub[0].kid,
	    fuzz_card_revoked[i]);
	FUZZ_CHECK(n > 0 && (size_t)n < size);
	return ((size_t)n);
}

static void
fuzz_setup(void)
{
	struct amp_err		 err = { 0, "" };
	unsigned char		 seed[crypto_sign_SEEDBYTES];
	unsigned char		 sig[CARD_SIG_BYTES];
	char			 hex[2 * CARD_SIG_BYTES + 1];
	char			 msg[CARD_TEXT_MAX];
	char			*m;
	struct card_revocation	*r;
	size_t			 i, n;

	if (fuzz_revs_text != NULL)
		return;
	if (crypto_setup(&err) != AMP_OK)
		FUZZ_CHECK(!"crypto_setup");
	fuzz_today = date_days(2026, 3, 7);
	for (i = 0; i < 2; i++) {
		memset(seed, (int)i + 1, sizeof seed);
		FUZZ_CHECK(crypto_sign_seed_keypair(fuzz_pub[i].pk, fuzz_sk[i],
		    seed) == 0);
		card_kid_of(fuzz_pub[i].pk, fuzz_pub[i].kid);
	}
	fuzz_pub[0].from = date_days(2025, 1, 1);
	fuzz_pub[1].from = date_days(2020, 1, 1);
	fuzz_pub[1].until = date_days(2024, 12, 31);

	memset(&fuzz_revs, 0, sizeof fuzz_revs);
	FUZZ_CHECK(utc_parse("2026-03-01T12:00:00Z",
	    &fuzz_revs.signed_at) == 0);
	memcpy(fuzz_revs.kid, fuzz_pub[0].kid, sizeof fuzz_revs.kid);
	snprintf(fuzz_revs.office, sizeof fuzz_revs.office, "SNM-PANAMA");
	fuzz_revs.n = nitems(fuzz_card_revoked);
	fuzz_revs.v = xcalloc(fuzz_revs.n, sizeof *fuzz_revs.v);
	for (i = 0; i < fuzz_revs.n; i++) {
		r = &fuzz_revs.v[i];
		n = fuzz_revoked_msg(i, msg, sizeof msg);
		card_fingerprint(msg, n, r->fp);
		r->day = date_days(2026, 2, 1 + (int)i);
		snprintf(r->reason, sizeof r->reason, i ? "lost" : "reissued");
	}
	m = card_revlist_message(&fuzz_revs);
	FUZZ_CHECK(crypto_sign_detached(sig, NULL, (const unsigned char *)m,
	    strlen(m), fuzz_sk[0]) == 0);
	sodium_bin2hex(hex, sizeof hex, sig, sizeof sig);
	fuzz_revs_text = xsprintf("%ssignature: %s\n", m, hex);
	free(m);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	return (0);
}

static int
fuzz_upper(int c)
{
	return (c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
}

/* The verdict agrees with itself and with the text it was given. */
static void
fuzz_verdict(const char *text, size_t n, const struct card_keyset *ks,
    const struct card_revlist *revs, enum card_answer a,
    const struct card_verdict *v)
{
	const struct card_key_pub	*k;
	struct card_fields		 f;
	unsigned char			 sig[CARD_SIG_BYTES];
	unsigned char			 msg[sizeof SIGNED_PREFIX +
					     CARD_TEXT_MAX];
	unsigned char			 fp[CARD_FP_BYTES];
	char				 up[CARD_TEXT_MAX + 1];
	char				 again[CARD_TEXT_MAX + 1], why[200];
	size_t				 i, len;
	int				 revoked = 0;

	FUZZ_CHECK(a >= CARD_VALID && a <= CARD_UNREADABLE);
	FUZZ_CHECK(v->answer == a);
	FUZZ_CHECK(memchr(v->why, '\0', sizeof v->why) != NULL);
	FUZZ_CHECK((a == CARD_VALID) == (v->why[0] == '\0'));
	FUZZ_CHECK(strcmp(card_answer_id(a), "?") != 0);

	/* What card_verify trims. */
	while (n > 0 && strchr("\n\r \t", text[n - 1]) != NULL &&
	    text[n - 1] != '\0')
		n--;
	while (n > 0 && (text[0] == ' ' || text[0] == '\t')) {
		text++;
		n--;
	}
	if (card_parse(text, n, &f, sig, &len, why, sizeof why) != 0) {
		FUZZ_CHECK(a == CARD_UNREADABLE);
		FUZZ_CHECK(memchr(why, '\0', sizeof why) != NULL);
		return;
	}
	FUZZ_CHECK(a != CARD_UNREADABLE);
	FUZZ_CHECK(memcmp(&f, &v->f, sizeof f) == 0);
	/* A readable card is its fields' one text, signature and all. */
	FUZZ_CHECK(n <= CARD_TEXT_MAX);
	for (i = 0; i < n; i++)
		up[i] = (char)fuzz_upper((unsigned char)text[i]);
	up[n] = '\0';
	FUZZ_CHECK(card_message(&f, again, sizeof again) == len);
	FUZZ_CHECK(card_sign_text(&f, sig, again, sizeof again) == 0);
	FUZZ_CHECK(strlen(again) == n && memcmp(again, up, n) == 0);
	card_fingerprint(up, len, fp);
	FUZZ_CHECK(memcmp(fp, v->fp, sizeof fp) == 0);

	k = card_keyset_find(ks, f.kid);
	if (k == NULL) {
		FUZZ_CHECK(a == CARD_UNKNOWN_KEY);
		return;
	}
	memcpy(msg, SIGNED_PREFIX, sizeof SIGNED_PREFIX - 1);
	memcpy(msg + sizeof SIGNED_PREFIX - 1, up, len);
	if (crypto_sign_verify_detached(sig, msg, sizeof SIGNED_PREFIX - 1 +
	    len, k->pk) != 0) {
		FUZZ_CHECK(a == CARD_ALTERED);
		return;
	}
	FUZZ_CHECK(a != CARD_ALTERED);
	if (f.issued < k->from || (k->until != 0 && f.issued > k->until)) {
		FUZZ_CHECK(a == CARD_UNKNOWN_KEY);
		return;
	}
	for (i = 0; revs != NULL && i < revs->n; i++)
		if (memcmp(revs->v[i].fp, fp, sizeof fp) == 0)
			revoked = 1;
	if (revoked) {
		FUZZ_CHECK(a == CARD_REVOKED);
		return;
	}
	if (f.expires != 0 && f.expires < fuzz_today)
		FUZZ_CHECK(a == CARD_EXPIRED);
	else
		FUZZ_CHECK(a == CARD_VALID);
}

static void
fuzz_card(const char *text, size_t n, const struct card_keyset *ks,
    const struct card_revlist *revs)
{
	struct card_verdict	 v, w;
	enum card_answer	 a;
	char			*low;
	size_t			 i;

	a = card_verify(text, n, ks, revs, fuzz_today, &v);
	fuzz_verdict(text, n, ks, revs, a, &v);
	/* Small letters for capitals change nothing. */
	low = xmalloc(n + 1);
	for (i = 0; i < n; i++)
		low[i] = (char)(text[i] >= 'A' && text[i] <= 'Z' ?
		    text[i] - 'A' + 'a' : text[i]);
	FUZZ_CHECK(card_verify(low, n, ks, revs, fuzz_today, &w) == a);
	FUZZ_CHECK(memcmp(&w.f, &v.f, sizeof w.f) == 0);
	FUZZ_CHECK(memcmp(w.fp, v.fp, sizeof w.fp) == 0);
	free(low);
}

/* An accepted key set is keys that are theirs, and reads back the same. */
static int
fuzz_keyset(const char *text, size_t n, struct card_keyset *ks)
{
	struct amp_err	 err = { 0, "" };
	struct card_keyset again;
	char		 kid[CARD_KID_LEN + 1], *t;
	size_t		 i;
	int		 rc;

	rc = card_keyset_parse(text, n, ks, &err);
	FUZZ_CHECK(err.code == rc);
	if (rc != AMP_OK) {
		FUZZ_CHECK(rc == AMP_EINVAL && ks->n == 0 && ks->v == NULL);
		FUZZ_CHECK(memchr(err.msg, '\0', sizeof err.msg) != NULL);
		return (rc);
	}
	FUZZ_CHECK(ks->n > 0);
	for (i = 0; i < ks->n; i++) {
		card_kid_of(ks->v[i].pk, kid);
		FUZZ_CHECK(strcmp(kid, ks->v[i].kid) == 0);
		/* No day before 1970-01-02 (regress-keyset-from-1904). */
		FUZZ_CHECK(ks->v[i].from > 0);
		FUZZ_CHECK(ks->v[i].until == 0 ||
		    ks->v[i].until >= ks->v[i].from);
		FUZZ_CHECK(card_keyset_find(ks, kid) == &ks->v[i]);
	}
	t = card_keyset_text(ks);
	FUZZ_CHECK(card_keyset_parse(t, strlen(t), &again, &err) == AMP_OK);
	FUZZ_CHECK(again.n == ks->n);
	for (i = 0; i < ks->n; i++)
		FUZZ_CHECK(strcmp(again.v[i].kid, ks->v[i].kid) == 0 &&
		    memcmp(again.v[i].pk, ks->v[i].pk, CARD_PK_BYTES) == 0 &&
		    again.v[i].from == ks->v[i].from &&
		    again.v[i].until == ks->v[i].until);
	card_keyset_free(&again);
	free(t);
	return (rc);
}

/* An accepted list is what card_revlist_message writes, well signed. */
static void
fuzz_revlist(const char *text, size_t n, const struct card_keyset *ks)
{
	struct amp_err			 err = { 0, "" };
	struct card_revlist		 rl;
	const struct card_key_pub	*k;
	unsigned char			 sig[CARD_SIG_BYTES];
	char				*msg;
	size_t				 len;
	int				 rc;

	rc = card_revlist_parse(text, n, ks, &rl, &err);
	FUZZ_CHECK(err.code == rc);
	if (rc != AMP_OK) {
		FUZZ_CHECK(rc == AMP_EINVAL || rc == AMP_EALTERED);
		FUZZ_CHECK(rl.n == 0 && rl.v == NULL);
		return;
	}
	msg = card_revlist_message(&rl);
	len = strlen(msg);
	FUZZ_CHECK(n > len + 11 + 2 * CARD_SIG_BYTES - 1);
	FUZZ_CHECK(memcmp(text, msg, len) == 0);
	FUZZ_CHECK(memcmp(text + len, "signature: ", 11) == 0);
	FUZZ_CHECK(sodium_hex2bin(sig, sizeof sig, text + len + 11,
	    2 * CARD_SIG_BYTES, NULL, NULL, NULL) == 0);
	FUZZ_CHECK((k = card_keyset_find(ks, rl.kid)) != NULL);
	FUZZ_CHECK(crypto_sign_verify_detached(sig, (unsigned char *)msg, len,
	    k->pk) == 0);
	free(msg);
	card_revlist_free(&rl);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct card_keyset	 ks;
	const char		*text = (const char *)data;

	fuzz_setup();
	fuzz_card(text, size, &fuzz_keys, &fuzz_revs);
	fuzz_card(text, size, &fuzz_keys, NULL);
	fuzz_revlist(text, size, &fuzz_keys);
	if (fuzz_keyset(text, size, &ks) == AMP_OK) {
		/* The input's keys: the fixed list, and the input as a card. */
		fuzz_revlist(fuzz_revs_text, strlen(fuzz_revs_text), &ks);
		fuzz_card(text, size, &ks, NULL);
		card_keyset_free(&ks);
	}
	return (0);
}
