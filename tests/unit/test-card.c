/* test-card.c: unit tests of the signed card payload, key sets, revocation lists and base32. */

#include "unit.h"

#include <ctype.h>

#include <sodium.h>

#define SIG_CHARS	103	/* base32 of a 64-byte signature */
#define B32		"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
#define ALLOWED		"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-."

/* A copy of a string that fits, as the tests' strings do. */
static void
cpy(char *dst, const char *src, size_t size)
{
	if ((size_t)snprintf(dst, size, "%s", src) >= size)
		fail_msg("\"%s\" does not fit in %zu bytes", src, size);
}

/*
 * Three keys from fixed seeds: A in use since 2025-01-01, B retired (it
 * signed from 2020-01-01 to 2024-12-31), C in no key set.
 */
struct tkey {
	unsigned char	pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char	sk[crypto_sign_SECRETKEYBYTES];
	char		kid[CARD_KID_LEN + 1];
};
static struct tkey		 ka, kb, kc;
static struct card_key_pub	 pubs[2];
static struct card_keyset	 keys = { pubs, 2 };
static int64_t			 today;	/* 2026-03-07 */

static void
tkey_make(struct tkey *k, unsigned char seed)
{
	unsigned char	s[crypto_sign_SEEDBYTES];

	memset(s, seed, sizeof s);
	if (crypto_sign_seed_keypair(k->pk, k->sk, s) != 0)
		fail_msg("crypto_sign_seed_keypair failed");
	card_kid_of(k->pk, k->kid);
}

static void
pub_of(const struct tkey *k, int64_t from, int64_t until,
    struct card_key_pub *p)
{
	memset(p, 0, sizeof *p);
	memcpy(p->kid, k->kid, sizeof p->kid);
	memcpy(p->pk, k->pk, sizeof p->pk);
	p->from = from;
	p->until = until;
}

static int
setup(void **state)
{
	(void)state;
	today = date_days(2026, 3, 7);
	tkey_make(&ka, 0xa1);
	tkey_make(&kb, 0xb2);
	tkey_make(&kc, 0xc3);
	pub_of(&ka, date_days(2025, 1, 1), 0, &pubs[0]);
	pub_of(&kb, date_days(2020, 1, 1), date_days(2024, 12, 31), &pubs[1]);
	if (strcmp(ka.kid, kb.kid) == 0 || strcmp(ka.kid, kc.kid) == 0 ||
	    strcmp(kb.kid, kc.kid) == 0)
		fail_msg("two test keys share a key id");
	return (0);
}

/* An asylum-seeker card issued 2026-01-15, expiring 2027-01-14, by key A. */
static void
fields_base(struct card_fields *f)
{
	memset(f, 0, sizeof *f);
	memcpy(f->kid, ka.kid, sizeof f->kid);
	cpy(f->type, "ASC", sizeof f->type);
	cpy(f->number, "AS-2026-004172", sizeof f->number);
	f->serial = 1;
	cpy(f->holder, "2026-ASY-000123", sizeof f->holder);
	f->status = 'S';
	f->issued = date_days(2026, 1, 15);
	f->expires = date_days(2027, 1, 14);
	cpy(f->office, "SNM-PANAMA", sizeof f->office);
}

/* The payload of f signed with k's secret key (whatever f's kid says). */
static void
card_make(const struct card_fields *f, const struct tkey *k, char *out,
    size_t size)
{
	unsigned char	msg[12 + CARD_TEXT_MAX], sig[CARD_SIG_BYTES];
	size_t		len;

	memcpy(msg, "amparo-card:", 12);
	len = card_message(f, (char *)msg + 12, sizeof msg - 12);
	assert_true(len > 0);
	assert_int_equal(crypto_sign_detached(sig, NULL, msg, 12 + len, k->sk),
	    0);
	assert_int_equal(card_sign_text(f, sig, out, size), 0);
	assert_int_equal(strlen(out), len + SIG_CHARS);
}

/* card_verify, and its verdict's why always a string. */
static enum card_answer
verify_n(const char *text, size_t n, const struct card_revlist *rl,
    int64_t day, struct card_verdict *v)
{
	enum card_answer	a;

	a = card_verify(text, n, &keys, rl, day, v);
	assert_int_equal(v->answer, a);
	assert_non_null(memchr(v->why, '\0', sizeof v->why));
	if (a == CARD_VALID)
		assert_string_equal(v->why, "");
	else
		assert_true(v->why[0] != '\0');
	return (a);
}

static enum card_answer
verify(const char *text, struct card_verdict *v)
{
	return (verify_n(text, strlen(text), NULL, today, v));
}

#define assert_answer(got, want) do {					\
	enum card_answer unit_g_ = (got), unit_w_ = (want);		\
	if (unit_g_ != unit_w_)						\
		fail_msg("answer %s, expected %s",			\
		    card_answer_id(unit_g_), card_answer_id(unit_w_));	\
} while (0)

static void
test_valid(void **state)
{
	struct card_fields	f;
	struct card_verdict	v, w;
	char			text[CARD_TEXT_MAX + 1], t2[CARD_TEXT_MAX + 8];
	char			want[CARD_TEXT_MAX];
	size_t			i;

	(void)state;
	fields_base(&f);
	card_make(&f, &ka, text, sizeof text);
	snprintf(want, sizeof want, "AC1.%s.ASC.AS-2026-004172.1."
	    "2026-ASY-000123.S.20260115.20270114.SNM-PANAMA.", ka.kid);
	assert_memory_equal(text, want, strlen(want));
	assert_answer(verify(text, &v), CARD_VALID);
	assert_memory_equal(&v.f, &f, sizeof f);

	/* A scanner with caps lock: all small, or only some. */
	for (i = 0; text[i] != '\0'; i++)
		t2[i] = (char)tolower((unsigned char)text[i]);
	t2[i] = '\0';
	assert_answer(verify(t2, &w), CARD_VALID);
	assert_memory_equal(&w.f, &f, sizeof f);
	assert_memory_equal(w.fp, v.fp, sizeof v.fp);
	for (i = 0; text[i] != '\0'; i++)
		t2[i] = (char)(i % 2 ? tolower((unsigned char)text[i]) :
		    text[i]);
	assert_answer(verify(t2, &w), CARD_VALID);
	assert_memory_equal(w.fp, v.fp, sizeof v.fp);

	/* What a scanner adds around it. */
	snprintf(t2, sizeof t2, "%s\r\n", text);
	assert_answer(verify(t2, &w), CARD_VALID);
	snprintf(t2, sizeof t2, "%s\n", text);
	assert_answer(verify(t2, &w), CARD_VALID);
	snprintf(t2, sizeof t2, "%s   ", text);
	assert_answer(verify(t2, &w), CARD_VALID);
	snprintf(t2, sizeof t2, "  \t%s \t\r\n", text);
	assert_answer(verify(t2, &w), CARD_VALID);
	assert_memory_equal(w.fp, v.fp, sizeof v.fp);
	/* But only white space, and not inside. */
	snprintf(t2, sizeof t2, "%s.", text);
	assert_answer(verify(t2, &w), CARD_UNREADABLE);
	snprintf(t2, sizeof t2, "\n%s", text);
	assert_answer(verify(t2, &w), CARD_UNREADABLE);
	snprintf(t2, sizeof t2, "%.20s %s", text, text + 20);
	assert_answer(verify(t2, &w), CARD_UNREADABLE);
	/* The length given is what is read: a NUL after it does not count. */
	assert_answer(verify_n(text, strlen(text), NULL, today, &w),
	    CARD_VALID);

	/* Every kind, status, and fields at their longest. */
	f.serial = 9999;
	cpy(f.type, "DLC", sizeof f.type);
	cpy(f.number, "ABCDEFGHIJ-123456789", sizeof f.number);
	cpy(f.holder, "H-234567890123456789012", sizeof f.holder);
	cpy(f.office, "O-34567890123456", sizeof f.office);
	f.status = 'N';
	f.expires = f.issued;
	card_make(&f, &ka, text, sizeof text);
	assert_answer(verify_n(text, strlen(text), NULL, f.issued, &v),
	    CARD_VALID);
	assert_memory_equal(&v.f, &f, sizeof f);
}

/* An independent reading of amparo-cards(5): whether a text is a payload. */
static int
m_word(const char *s, size_t n, size_t max)
{
	size_t	i;

	if (n < 1 || n > max || s[0] == '-' || s[n - 1] == '-')
		return (0);
	for (i = 0; i < n; i++)
		if (!isupper((unsigned char)s[i]) &&
		    !isdigit((unsigned char)s[i]) && s[i] != '-')
			return (0);
	return (1);
}

static int
m_date(const char *s, size_t n, long *out)
{
	static const int	md[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int			y, m, d, leap;
	size_t			i;

	if (n != 8)
		return (0);
	for (i = 0; i < 8; i++)
		if (!isdigit((unsigned char)s[i]))
			return (0);
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    s[3] - '0';
	m = (s[4] - '0') * 10 + s[5] - '0';
	d = (s[6] - '0') * 10 + s[7] - '0';
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	/* The first day a card may name is 1970-01-02, the last 2200-12-31. */
	if (y < 1970 || y > 2200 || m < 1 || m > 12 || d < 1 ||
	    d > md[m - 1] + (m == 2 && leap) || (y == 1970 && m == 1 && d == 1))
		return (0);
	*out = y * 10000L + m * 100 + d;
	return (1);
}

static int
m_readable(const char *s, char *kid)
{
	const char	*fl[11];
	size_t		 ln[11], i, k = 0;
	long		 issued, expires;
	const char	*types[] = { "ASC", "TRS", "PRS", "WPD", "WPI", "DLC" };
	int		 type_ok = 0;

	fl[0] = s;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] != '.')
			continue;
		if (++k > 10)
			return (0);
		ln[k - 1] = (size_t)(s + i - fl[k - 1]);
		fl[k] = s + i + 1;
	}
	if (k != 10)
		return (0);
	ln[10] = strlen(fl[10]);
	/* A key id is four characters of the base32 alphabet. */
	if (ln[0] != 3 || memcmp(fl[0], "AC1", 3) != 0 || ln[1] != 4 ||
	    strspn(fl[1], "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") < 4)
		return (0);
	for (i = 0; i < nitems(types); i++)
		if (ln[2] == 3 && memcmp(fl[2], types[i], 3) == 0)
			type_ok = 1;
	if (!type_ok || !m_word(fl[3], ln[3], 20) || ln[4] < 1 || ln[4] > 4 ||
	    fl[4][0] == '0' || !m_word(fl[5], ln[5], 23) || ln[6] != 1 ||
	    strchr("SRN", fl[6][0]) == NULL || !m_date(fl[7], ln[7], &issued) ||
	    !m_word(fl[9], ln[9], 16) || ln[10] != SIG_CHARS)
		return (0);
	for (i = 0; i < ln[4]; i++)
		if (!isdigit((unsigned char)fl[4][i]))
			return (0);
	if (!(ln[8] == 1 && fl[8][0] == '0') &&
	    (!m_date(fl[8], ln[8], &expires) || expires < issued))
		return (0);
	memcpy(kid, fl[1], 4);
	kid[4] = '\0';
	return (1);
}

static void
test_altered_fields(void **state)
{
	struct card_fields	f;
	struct card_verdict	v;
	char			text[CARD_TEXT_MAX + 1], t[CARD_TEXT_MAX + 1];
	char			*p;

	(void)state;
	fields_base(&f);
	card_make(&f, &ka, text, sizeof text);
#define CHANGE(from, to, want) do {					\
	cpy(t, text, sizeof t);					\
	assert_non_null(p = strstr(t, (from)));				\
	memcpy(p, (to), strlen(to));					\
	assert_answer(verify(t, &v), (want));				\
} while (0)
	CHANGE(".AS-2026-004172.", ".AS-2026-004173.", CARD_ALTERED);
	CHANGE(".AS-2026-004172.", ".AS-2026-0041-2.", CARD_ALTERED);
	CHANGE(".AS-2026-004172.", ".AS-2026-00417-.", CARD_UNREADABLE);
	CHANGE(".20270114.", ".20280114.", CARD_ALTERED);
	CHANGE(".20270114.", ".20271314.", CARD_UNREADABLE);
	CHANGE(".20270114.", ".20250114.", CARD_UNREADABLE);	/* < issued */
	CHANGE(".20260115.", ".20260116.", CARD_ALTERED);
	CHANGE(".20260115.", ".20240115.", CARD_ALTERED);	/* key B's days */
	CHANGE(".20260115.", ".20260231.", CARD_UNREADABLE);
	CHANGE(".S.", ".R.", CARD_ALTERED);
	CHANGE(".S.", ".N.", CARD_ALTERED);
	CHANGE(".S.", ".X.", CARD_UNREADABLE);
	CHANGE(".SNM-PANAMA.", ".SNM-PANAMB.", CARD_ALTERED);
	CHANGE(".SNM-PANAMA.", ".SNM.PANAMA.", CARD_UNREADABLE);
	CHANGE(".ASC.", ".TRS.", CARD_ALTERED);
	CHANGE(".ASC.", ".ASD.", CARD_UNREADABLE);
	CHANGE(".1.2026-ASY", ".2.2026-ASY", CARD_ALTERED);
	CHANGE(".1.2026-ASY", ".0.2026-ASY", CARD_UNREADABLE);
	CHANGE("-ASY-000123.", "-ASY-000124.", CARD_ALTERED);
	CHANGE("AC1.", "AC2.", CARD_UNREADABLE);
	assert_contains(v.why, "version 2");
	CHANGE("AC1.", "AX1.", CARD_UNREADABLE);
	/* Another key's id: not a key of the set, or the wrong key. */
	cpy(t, text, sizeof t);
	t[4] = t[4] == 'Z' ? 'Y' : 'Z';
	assert_answer(verify(t, &v), strncmp(t + 4, kb.kid, 4) == 0 ?
	    CARD_ALTERED : CARD_UNKNOWN_KEY);
	cpy(t, text, sizeof t);
	memcpy(t + 4, kb.kid, CARD_KID_LEN);
	assert_answer(verify(t, &v), CARD_ALTERED);
#undef CHANGE
}

/*
 * Every character of the signed part changed to every other character a
 * payload may hold: altered if it still reads (unknown key if the key id
 * changed to one not in the set), else unreadable, as an independent
 * reading of the format says; a small letter for its capital changes
 * nothing.
 */
static void
test_altered_every_char(void **state)
{
	struct card_fields	 f;
	struct card_verdict	 v;
	char			 text[CARD_TEXT_MAX + 1], t[CARD_TEXT_MAX + 1];
	char			 kid[CARD_KID_LEN + 1];
	const char		*c;
	size_t			 i, msglen, counts[6] = { 0 };
	enum card_answer	 want;

	(void)state;
	fields_base(&f);
	card_make(&f, &ka, text, sizeof text);
	msglen = strlen(text) - SIG_CHARS;
	assert_true(m_readable(text, kid));
	for (i = 0; i < msglen; i++) {
		for (c = ALLOWED; *c != '\0'; c++) {
			if (*c == text[i])
				continue;
			cpy(t, text, sizeof t);
			t[i] = *c;
			if (!m_readable(t, kid))
				want = CARD_UNREADABLE;
			else if (card_keyset_find(&keys, kid) == NULL)
				want = CARD_UNKNOWN_KEY;
			else
				want = CARD_ALTERED;
			if (verify(t, &v) != want)
				fail_msg("%s: character %zu changed to %c: "
				    "%s, expected %s", t, i + 1, *c,
				    card_answer_id(v.answer),
				    card_answer_id(want));
			counts[want]++;
		}
		if (isupper((unsigned char)text[i])) {
			cpy(t, text, sizeof t);
			t[i] = (char)tolower((unsigned char)t[i]);
			assert_answer(verify(t, &v), CARD_VALID);
		}
	}
	/* Each kind of answer was met, so the sweep sweeps. */
	assert_true(counts[CARD_ALTERED] > 100);
	assert_true(counts[CARD_UNREADABLE] > 100);
	assert_true(counts[CARD_UNKNOWN_KEY] > 100);
	print_message("# %zu altered, %zu unreadable, %zu unknown key\n",
	    counts[CARD_ALTERED], counts[CARD_UNREADABLE],
	    counts[CARD_UNKNOWN_KEY]);
}

/*
 * A character of the signature changed: to another base32 digit it is
 * another signature (altered), except that the last character holds 2 bits
 * and 3 zero bits, so only A, I, Q and Y may end it (unreadable else); to
 * 0, 1, 8, 9, - or . it is no base32 (unreadable).
 */
static void
test_altered_signature(void **state)
{
	struct card_fields	 f;
	struct card_verdict	 v;
	char			 text[CARD_TEXT_MAX + 1], t[CARD_TEXT_MAX + 1];
	const char		*c;
	size_t			 i, n, msglen;
	enum card_answer	 want;

	(void)state;
	fields_base(&f);
	card_make(&f, &ka, text, sizeof text);
	n = strlen(text);
	msglen = n - SIG_CHARS;
	for (i = msglen; i < n; i++) {
		for (c = ALLOWED; *c != '\0'; c++) {
			if (*c == text[i])
				continue;
			cpy(t, text, sizeof t);
			t[i] = *c;
			if (strchr(B32, *c) == NULL)
				want = CARD_UNREADABLE;
			else if (i == n - 1)
				want = (strchr(B32, *c) - B32) % 8 == 0 ?
				    CARD_ALTERED : CARD_UNREADABLE;
			else
				want = CARD_ALTERED;
			if (verify(t, &v) != want)
				fail_msg("signature character %zu changed to "
				    "%c: %s, expected %s", i - msglen + 1, *c,
				    card_answer_id(v.answer),
				    card_answer_id(want));
		}
	}
	/* The last character's value is a multiple of 8. */
	assert_true(strchr("AIQY", text[n - 1]) != NULL);
	/* A signature's bytes that are all another's: altered. */
	cpy(t, text, sizeof t);
	memset(t + msglen, 'A', SIG_CHARS);
	assert_answer(verify(t, &v), CARD_ALTERED);
	/* One character more or less. */
	snprintf(t, sizeof t, "%sA", text);
	assert_answer(verify(t, &v), CARD_UNREADABLE);
	assert_contains(v.why, "signature is not one");
}

static void
test_truncated(void **state)
{
	struct card_fields	f;
	struct card_verdict	v;
	char			text[CARD_TEXT_MAX + 1], t[CARD_TEXT_MAX + 1];
	size_t			i, n;

	(void)state;
	fields_base(&f);
	f.expires = 0;
	card_make(&f, &ka, text, sizeof text);
	n = strlen(text);
	for (i = 0; i < n; i++) {
		memcpy(t, text, i);
		t[i] = '\0';
		if (verify_n(t, i, NULL, today, &v) != CARD_UNREADABLE)
			fail_msg("the first %zu characters of %s: %s", i,
			    text, card_answer_id(v.answer));
		if (i > 0)
			assert_contains(v.why, "cut short");
		/* Nor when the rest of the buffer is still there. */
		assert_answer(verify_n(text, i, NULL, today, &v),
		    CARD_UNREADABLE);
	}
	assert_answer(verify_n(text, n, NULL, today, &v), CARD_VALID);
}

static void
test_expired(void **state)
{
	struct card_fields	f;
	struct card_verdict	v;
	char			text[CARD_TEXT_MAX + 1];

	(void)state;
	fields_base(&f);
	card_make(&f, &ka, text, sizeof text);
	assert_answer(verify_n(text, strlen(text), NULL, f.expires + 1, &v),
	    CARD_EXPIRED);
	assert_contains(v.why, "2027-01-14");
	assert_memory_equal(&v.f, &f, sizeof f);
	assert_answer(verify_n(text, strlen(text), NULL, f.expires + 4000,
	    &v), CARD_EXPIRED);
	assert_answer(verify_n(text, strlen(text), NULL, f.expires, &v),
	    CARD_VALID);
	/* Before its issue: the card says nothing against it. */
	assert_answer(verify_n(text, strlen(text), NULL, f.issued - 1, &v),
	    CARD_VALID);
	/* No expiry. */
	f.expires = 0;
	card_make(&f, &ka, text, sizeof text);
	assert_non_null(strstr(text, ".20260115.0.SNM-PANAMA."));
	assert_answer(verify_n(text, strlen(text), NULL,
	    date_days(2200, 12, 31), &v), CARD_VALID);
	assert_int_equal(v.f.expires, 0);
}

/* Revoke the card whose signed part is text[0..len). */
static void
rl_add_n(struct card_revlist *rl, const char *text, size_t len, int64_t day,
    const char *reason)
{
	struct card_revocation	*r;

	rl->v = xreallocarray(rl->v, rl->n + 1, sizeof *rl->v);
	r = &rl->v[rl->n++];
	memset(r, 0, sizeof *r);
	card_fingerprint(text, len, r->fp);
	r->day = day;
	cpy(r->reason, reason, sizeof r->reason);
}

static void
rl_add(struct card_revlist *rl, const char *text, int64_t day,
    const char *reason)
{
	assert_true(strlen(text) > SIG_CHARS);
	rl_add_n(rl, text, strlen(text) - SIG_CHARS, day, reason);
}

static void
test_revoked(void **state)
{
	struct card_fields	 f;
	struct card_verdict	 v;
	struct card_revlist	 rl = { 0 }, other = { 0 };
	char			 text[CARD_TEXT_MAX + 1], t2[CARD_TEXT_MAX + 1];
	char			 t3[CARD_TEXT_MAX + 1];
	size_t			 i;

	(void)state;
	fields_base(&f);
	card_make(&f, &ka, text, sizeof text);
	f.serial = 2;
	card_make(&f, &ka, t2, sizeof t2);
	f.serial = 3;
	card_make(&f, &ka, t3, sizeof t3);
	rl_add(&other, t2, date_days(2026, 2, 1), "lost");
	rl_add(&other, t3, date_days(2026, 2, 2), "superseded");
	assert_answer(verify_n(text, strlen(text), &other, today, &v),
	    CARD_VALID);
	/* An empty list revokes nothing. */
	rl.n = 0;
	assert_answer(verify_n(text, strlen(text), &rl, today, &v),
	    CARD_VALID);

	rl_add(&rl, t2, date_days(2026, 2, 1), "lost");
	rl_add(&rl, text, date_days(2026, 3, 1), "reissued");
	assert_answer(verify_n(text, strlen(text), &rl, today, &v),
	    CARD_REVOKED);
	assert_int_equal(v.rev.day, date_days(2026, 3, 1));
	assert_string_equal(v.rev.reason, "reissued");
	assert_contains(v.why, "2026-03-01");
	assert_contains(v.why, "reissued");
	assert_memory_equal(v.fp, rl.v[1].fp, CARD_FP_BYTES);
	/* Revocation before expiry. */
	assert_answer(verify_n(text, strlen(text), &rl, f.expires + 1, &v),
	    CARD_REVOKED);
	/* Read with small letters, it is the same card. */
	for (i = 0; text[i] != '\0'; i++)
		t3[i] = (char)tolower((unsigned char)text[i]);
	t3[i] = '\0';
	assert_answer(verify_n(t3, strlen(t3), &rl, today, &v),
	    CARD_REVOKED);
	card_revlist_free(&rl);
	card_revlist_free(&other);
}

static void
test_wrong_key(void **state)
{
	struct card_fields	f;
	struct card_verdict	v;
	struct card_keyset	none = { NULL, 0 };
	char			text[CARD_TEXT_MAX + 1];

	(void)state;
	/* A key not in the set, signing as itself. */
	fields_base(&f);
	memcpy(f.kid, kc.kid, sizeof f.kid);
	card_make(&f, &kc, text, sizeof text);
	assert_answer(verify(text, &v), CARD_UNKNOWN_KEY);
	assert_contains(v.why, kc.kid);
	/* Or with a known key's id. */
	memcpy(f.kid, ka.kid, sizeof f.kid);
	card_make(&f, &kc, text, sizeof text);
	assert_answer(verify(text, &v), CARD_ALTERED);
	memcpy(f.kid, kb.kid, sizeof f.kid);
	f.issued = date_days(2024, 6, 1);
	card_make(&f, &ka, text, sizeof text);
	assert_answer(verify(text, &v), CARD_ALTERED);
	/* No keys at all. */
	fields_base(&f);
	card_make(&f, &ka, text, sizeof text);
	assert_answer(card_verify(text, strlen(text), &none, NULL, today, &v),
	    CARD_UNKNOWN_KEY);
	assert_answer(card_verify(text, strlen(text), NULL, NULL, today, &v),
	    CARD_UNKNOWN_KEY);

	/* Key A signs from 2025-01-01. */
	f.issued = date_days(2024, 12, 31);
	card_make(&f, &ka, text, sizeof text);
	assert_answer(verify(text, &v), CARD_UNKNOWN_KEY);
	assert_contains(v.why, "2025-01-01");
	f.issued = date_days(2025, 1, 1);
	card_make(&f, &ka, text, sizeof text);
	assert_answer(verify(text, &v), CARD_VALID);

	/* Key B signed until 2024-12-31. */
	memcpy(f.kid, kb.kid, sizeof f.kid);
	f.issued = date_days(2024, 12, 31);
	card_make(&f, &kb, text, sizeof text);
	assert_answer(verify(text, &v), CARD_VALID);
	f.issued = date_days(2020, 1, 1);
	card_make(&f, &kb, text, sizeof text);
	assert_answer(verify(text, &v), CARD_VALID);
	f.issued = date_days(2025, 1, 1);
	card_make(&f, &kb, text, sizeof text);
	assert_answer(verify(text, &v), CARD_UNKNOWN_KEY);
	assert_contains(v.why, "2024-12-31");
	f.issued = date_days(2019, 12, 31);
	card_make(&f, &kb, text, sizeof text);
	assert_answer(verify(text, &v), CARD_UNKNOWN_KEY);
	/* A key out of use is named before revocation and expiry. */
	assert_answer(verify_n(text, strlen(text), NULL, f.expires + 1, &v),
	    CARD_UNKNOWN_KEY);
}

/* xorshift64*: the same bytes every run. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (*s * 2685821657736338717ULL);
}

static void
test_garbage(void **state)
{
	struct card_fields	 f;
	struct card_verdict	 v;
	char			 text[CARD_TEXT_MAX + 1], t[600], *sig;
	char			 msg[CARD_TEXT_MAX];
	uint64_t		 seed = 0x5eed0fca4d5ULL;
	size_t			 i, j, n;
	static const char	*bad[] = {
		"", " ", "\r\n", "\t \n", "AC1", "AC1.", "..........",
		"...........", "AC1..........",
		"HTTPS://EXAMPLE.ORG/CARD?ID=1",
		"AC1.AAAA.ASC.1.1.1.S.20260101.0.O",
	};

	(void)state;
	for (i = 0; i < nitems(bad); i++)
		assert_answer(verify(bad[i], &v), CARD_UNREADABLE);
	assert_contains((verify("", &v), v.why), "empty");

	/* Random bytes, and random text of the payload's alphabet. */
	for (i = 0; i < 3000; i++) {
		n = rnd(&seed) % 300;
		for (j = 0; j < n; j++)
			t[j] = i % 2 ? (char)(rnd(&seed) & 0xff) :
			    ALLOWED[rnd(&seed) % (sizeof ALLOWED - 1)];
		assert_answer(verify_n(t, n, NULL, today, &v),
		    CARD_UNREADABLE);
	}
	/* Random bytes after the ten fields of a real card. */
	fields_base(&f);
	card_make(&f, &ka, text, sizeof text);
	n = strlen(text) - SIG_CHARS;
	for (i = 0; i < 2000; i++) {
		memcpy(t, text, n);
		for (j = 0; j < SIG_CHARS; j++)
			t[n + j] = B32[rnd(&seed) % 32];
		t[n + SIG_CHARS - 1] = "AIQY"[rnd(&seed) % 4];
		assert_answer(verify_n(t, n + SIG_CHARS, NULL, today, &v),
		    CARD_ALTERED);
	}

	/* Well-formed but for one field; the signature a real card's. */
	sig = text + n;
#define FIELDS_WITH(fmt, ...) do {					\
	snprintf(msg, sizeof msg, fmt, __VA_ARGS__);			\
	snprintf(t, sizeof t, "%s%s", msg, sig);			\
	assert_answer(verify(t, &v), CARD_UNREADABLE);			\
} while (0)
	FIELDS_WITH("AC2.%s.ASC.N1.1.H1.S.20260115.0.O.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N1.1.H1.S.20260231.0.O.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N1.1.H1.S.20260115.20260231.O.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N1.1.H1.S.18991231.0.O.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N1.1.H1.S.22010101.0.O.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N1.1.H1.S.2026011.0.O.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N1.1.H1.S.202601150.0.O.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N1.1.H1.S.20260115.00.O.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N1.1.H1.S.20260115.-.O.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N1.0.H1.S.20260115.0.O.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N1.01.H1.S.20260115.0.O.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N1.10000.H1.S.20260115.0.O.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N1.1A.H1.S.20260115.0.O.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N1..H1.S.20260115.0.O.", ka.kid);
	FIELDS_WITH("AC1.%s.XYZ.N1.1.H1.S.20260115.0.O.", ka.kid);
	FIELDS_WITH("AC1.%s.AS.N1.1.H1.S.20260115.0.O.", ka.kid);
	FIELDS_WITH("AC1.%s.ASCC.N1.1.H1.S.20260115.0.O.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.-N1.1.H1.S.20260115.0.O.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N1.1.H1-.S.20260115.0.O.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N1.1..S.20260115.0.O.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N1.1.H1.SR.20260115.0.O.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N1.1.H1..20260115.0.O.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N1.1.H1.S.20260115.0..", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N1.1.H1.S.20260115.0.O-.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N1.1.H1.S.20260115.0.OFFICE-7890123456.",
	    ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N1.1.H-3456789012345678901234.S.20260115.0.O.",
	    ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N-3456789012345678901.1.H1.S.20260115.0.O.",
	    ka.kid);
	FIELDS_WITH("AC1.%.3s.ASC.N1.1.H1.S.20260115.0.O.", ka.kid);
	FIELDS_WITH("AC1.%sA.ASC.N1.1.H1.S.20260115.0.O.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N1.1.H1.S.20260115.0.O.", "A-BC");
	FIELDS_WITH("AC1.%s.ASC.N1.1.H1.S.20260115.0.O.X.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N\xc3\x89.1.H1.S.20260115.0.O.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N1.1.H\xe2\x80\x94" "1.S.20260115.0.O.",
	    ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N_1.1.H1.S.20260115.0.O.", ka.kid);
	FIELDS_WITH("AC1.%s.ASC.N 1.1.H1.S.20260115.0.O.", ka.kid);
#undef FIELDS_WITH
	/* A NUL inside: the length given is read, and a NUL is no letter. */
	memcpy(t, text, strlen(text) + 1);
	t[10] = '\0';
	assert_answer(verify_n(t, strlen(text), NULL, today, &v),
	    CARD_UNREADABLE);
	assert_contains(v.why, "character 11");
	memcpy(t, text, strlen(text) + 1);
	t[strlen(text) - 1] = '\0';
	assert_answer(verify_n(t, strlen(text), NULL, today, &v),
	    CARD_UNREADABLE);
	/* Bytes with the high bit, that tolower() of a locale might fold. */
	memcpy(t, text, strlen(text) + 1);
	t[30] = (char)0xc1;
	assert_answer(verify(t, &v), CARD_UNREADABLE);
	/* Longer than a card. */
	memset(t, 'A', sizeof t);
	assert_answer(verify_n(t, CARD_TEXT_MAX + 1, NULL, today, &v),
	    CARD_UNREADABLE);
	assert_answer(verify_n(t, sizeof t, NULL, today, &v),
	    CARD_UNREADABLE);
	snprintf(t, sizeof t, "%s%0*d", text, 100, 0);
	assert_answer(verify(t, &v), CARD_UNREADABLE);
}

/* card_message refuses what no payload may say. */
static void
test_message_refuses(void **state)
{
	struct card_fields	f;
	unsigned char		sig[CARD_SIG_BYTES];
	char			out[CARD_TEXT_MAX];

	(void)state;
#define REFUSED(stmt) do {						\
	fields_base(&f);						\
	stmt;								\
	assert_int_equal(card_message(&f, out, sizeof out), 0);	\
} while (0)
	REFUSED(f.serial = 0);
	REFUSED(f.serial = 10000);
	REFUSED(cpy(f.type, "XYZ", sizeof f.type));
	REFUSED(cpy(f.number, "as-1", sizeof f.number));
	REFUSED(cpy(f.number, "", sizeof f.number));
	REFUSED(cpy(f.holder, "H.1", sizeof f.holder));
	REFUSED(cpy(f.office, "-O", sizeof f.office));
	REFUSED(f.status = 'X');
	REFUSED(f.issued = 0);
	REFUSED(f.expires = f.issued - 1);
	REFUSED(f.kid[3] = '\0');
#undef REFUSED
	fields_base(&f);
	assert_int_equal(card_message(&f, out, 20), 0);
	memset(sig, 0, sizeof sig);
	assert_int_equal(card_sign_text(&f, sig, out, 60), -1);
}

/* A key set's text, read back. */
static void
test_keyset(void **state)
{
	struct card_key_pub	 three[3];
	struct card_keyset	 ks = { three, 3 }, got;
	struct amp_err		 err = { 0, "" };
	char			*text, *t, *p, line[200];
	size_t			 i;

	(void)state;
	three[0] = pubs[0];
	three[1] = pubs[1];
	pub_of(&kc, date_days(2026, 3, 7), date_days(2026, 3, 7), &three[2]);
	text = card_keyset_text(&ks);
	assert_int_equal(strncmp(text, "amparo-card-keys: 1\nkey: ", 25), 0);
	snprintf(line, sizeof line, "key: %s 2025-01-01 - ", ka.kid);
	assert_contains(text, line);
	snprintf(line, sizeof line, "key: %s 2020-01-01 2024-12-31 ", kb.kid);
	assert_contains(text, line);
	assert_int_equal(card_keyset_parse(text, strlen(text), &got, &err),
	    AMP_OK);
	assert_int_equal(got.n, 3);
	for (i = 0; i < 3; i++)
		assert_memory_equal(&got.v[i], &three[i], sizeof three[i]);
	assert_ptr_equal(card_keyset_find(&got, kc.kid), &got.v[2]);
	assert_null(card_keyset_find(&got, "ZZZZ"));
	t = card_keyset_text(&got);
	assert_string_equal(t, text);
	free(t);
	card_keyset_free(&got);
	assert_int_equal(got.n, 0);
	assert_null(got.v);

	/* Comments and empty lines, and no newline at the end. */
	t = xsprintf("amparo-card-keys: 1\n# published 2026-03-07\n\n%.*s",
	    (int)(strlen(text) - 21), text + 20);
	assert_int_equal(card_keyset_parse(t, strlen(t), &got, &err), AMP_OK);
	assert_int_equal(got.n, 3);
	card_keyset_free(&got);
	free(t);

#define KS_REFUSED(s) do {						\
	const char *unit_s_ = (s);					\
	err.code = 0;							\
	if (card_keyset_parse(unit_s_, strlen(unit_s_), &got, &err) !=	\
	    AMP_EINVAL)							\
		fail_msg("key set accepted:\n%s", unit_s_);		\
	assert_int_equal(err.code, AMP_EINVAL);				\
	assert_int_equal(got.n, 0);					\
	assert_null(got.v);						\
} while (0)
	KS_REFUSED("");
	KS_REFUSED("amparo-card-keys: 1\n");
	KS_REFUSED("amparo-card-keys: 1\n# none\n\n");
	t = xstrdup(text);
	t[18] = '2';
	KS_REFUSED(t);
	t[18] = '1';
	t[0] = 'A';
	KS_REFUSED(t);
	free(t);
	t = xsprintf("amparo-card-keys: 1\r\n%s", text + 20);
	KS_REFUSED(t);
	free(t);
	/* Each key line spoilt in turn. */
	for (i = 0; i < 14; i++) {
		t = xstrdup(text);
		assert_non_null(p = strstr(t, ka.kid));
		switch (i) {
		case 0:	/* a key id not its key's */
			p[0] = p[0] == 'Z' ? 'Y' : 'Z';
			break;
		case 1:	/* its key not its id's */
			p[30] = p[30] == '0' ? '1' : '0';
			break;
		case 2:
			memcpy(p + 5, "2026-02-30", 10);
			break;
		case 3:
			memcpy(p + 5, "2026-13-01", 10);
			break;
		case 4:	/* no from */
			memcpy(p + 5, "-         ", 10);
			break;
		case 5:
			memcpy(p + 5, "garbage!!!", 10);
			break;
		case 6:	/* upper-case hex */
			p[40] = 'A';
			break;
		case 7:	/* a hex digit short */
			memmove(p + 30, p + 31, strlen(p + 31) + 1);
			break;
		case 8:	/* one more field */
			free(t);
			t = xsprintf("amparo-card-keys: 1\n"
			    "key: %s 2026-03-07 - %.64s x\n", kc.kid,
			    strrchr(text, ' ') + 1);
			break;
		case 9:	/* a short id */
			memmove(p + 3, p + 4, strlen(p + 4) + 1);
			break;
		case 10:
			memcpy(p - 5, "kex: ", 5);
			break;
		case 11:	/* until before from */
			free(t);
			t = xsprintf("amparo-card-keys: 1\n"
			    "key: %s 2026-03-07 2026-03-06 %s\n", kc.kid,
			    strrchr(text, ' ') + 1);
			break;
		case 12:	/* a key twice */
			free(t);
			t = xsprintf("%s%s", text, strstr(text, "key: "));
			break;
		case 13:	/* two lines of one key, other dates */
			free(t);
			t = xsprintf("%skey: %s 2027-01-01 - %s", text,
			    kc.kid, strrchr(text, ' ') + 1);
			break;
		}
		KS_REFUSED(t);
		free(t);
	}
	free(text);
}

/* A revocation list of three cards, dated 2026-03-01 12:00 UTC. */
static char *
revlist_make(const struct tkey *signer, const char *kid, const char *when,
    struct card_revlist *rl)
{
	unsigned char	 sig[CARD_SIG_BYTES];
	char		 hex[2 * CARD_SIG_BYTES + 1], *msg, *text;
	int64_t		 t;

	memset(rl, 0, sizeof *rl);
	assert_int_equal(utc_parse(when, &t), 0);
	rl->signed_at = t;
	cpy(rl->kid, kid, sizeof rl->kid);
	cpy(rl->office, "SNM-PANAMA", sizeof rl->office);
	rl_add_n(rl, "AC1.AAAA.ASC.1.1.1.S.20260101.0.O.", 34,
	    date_days(2026, 2, 1), "lost");
	rl_add_n(rl, "AC1.AAAA.ASC.2.1.1.S.20260101.0.O.", 34,
	    date_days(2026, 2, 2), "superseded");
	rl_add_n(rl, "AC1.AAAA.ASC.3.1.1.S.20260101.0.O.", 34,
	    date_days(2026, 2, 3), "reissued");
	msg = card_revlist_message(rl);
	assert_int_equal(crypto_sign_detached(sig, NULL,
	    (const unsigned char *)msg, strlen(msg), signer->sk), 0);
	sodium_bin2hex(hex, sizeof hex, sig, sizeof sig);
	text = xsprintf("%ssignature: %s\n", msg, hex);
	free(msg);
	return (text);
}

static int
rl_parse(const char *text, size_t n, struct card_revlist *got)
{
	struct amp_err	err = { 0, "" };
	int		rc;

	rc = card_revlist_parse(text, n, &keys, got, &err);
	if (rc != AMP_OK) {
		assert_int_equal(err.code, rc);
		assert_int_equal(got->n, 0);
		assert_null(got->v);
	}
	return (rc);
}

static void
test_revlist(void **state)
{
	struct card_revlist	 rl, got;
	char			*text, *t, *p;
	size_t			 i, n;

	(void)state;
	text = revlist_make(&ka, ka.kid, "2026-03-01T12:00:00Z", &rl);
	n = strlen(text);
	assert_int_equal(rl_parse(text, n, &got), AMP_OK);
	assert_int_equal(got.n, 3);
	assert_int_equal(got.signed_at, rl.signed_at);
	assert_string_equal(got.kid, ka.kid);
	assert_string_equal(got.office, "SNM-PANAMA");
	for (i = 0; i < 3; i++) {
		assert_memory_equal(got.v[i].fp, rl.v[i].fp, CARD_FP_BYTES);
		assert_int_equal(got.v[i].day, rl.v[i].day);
		assert_string_equal(got.v[i].reason, rl.v[i].reason);
	}
	card_revlist_free(&got);
	/* The signature line's newline may go, as a file's last. */
	assert_int_equal(rl_parse(text, n - 1, &got), AMP_OK);
	card_revlist_free(&got);
	/* Every other prefix is cut short. */
	for (i = 0; i + 1 < n; i++)
		if (rl_parse(text, i, &got) != AMP_EINVAL)
			fail_msg("the first %zu bytes of the list read", i);

#define RL_CHANGE(from, to, want) do {					\
	t = xstrdup(text);						\
	assert_non_null(p = strstr(t, (from)));				\
	memcpy(p, (to), strlen(to));					\
	assert_int_equal(rl_parse(t, strlen(t), &got), (want));	\
	free(t);							\
} while (0)
	/* What is still a list, but not the list signed. */
	RL_CHANGE("time: 2026-03-01T12:00:00Z", "time: 2026-03-01T12:00:01Z",
	    AMP_EALTERED);
	RL_CHANGE("time: 2026-03-01T12:00:00Z", "time: 2026-02-28T12:00:00Z",
	    AMP_EALTERED);
	RL_CHANGE(" 2026-02-02 superseded", " 2026-02-12 superseded",
	    AMP_EALTERED);
	RL_CHANGE(" 2026-02-01 lost", " 2026-02-01 lose", AMP_EALTERED);
	RL_CHANGE(" 2026-02-01 lost", " 2026-02-01 last", AMP_EALTERED);
	RL_CHANGE("office: SNM-PANAMA", "office: SNM-PANAMB", AMP_EALTERED);
	/* What is not a list amparo writes. */
	RL_CHANGE("time: 2026-03-01T12:00:00Z", "time: 2026-03-01 12:00:00Z",
	    AMP_EINVAL);
	RL_CHANGE("time: 2026-03-01T12:00:00Z", "time: 2026-02-30T12:00:00Z",
	    AMP_EINVAL);
	RL_CHANGE(" 2026-02-02 superseded", " 2026-02-32 superseded",
	    AMP_EINVAL);
	RL_CHANGE(" 2026-02-02 superseded", " 2026/02/02 superseded",
	    AMP_EINVAL);
	RL_CHANGE(" 2026-02-02 superseded", " 02-02-2026 superseded",
	    AMP_EINVAL);
	RL_CHANGE(" 2026-02-01 lost", " 2026-02-01 Lost", AMP_EINVAL);
	RL_CHANGE(" 2026-02-01 lost", "\t2026-02-01 lost", AMP_EINVAL);
	RL_CHANGE("office: SNM-PANAMA", "office: SNM-panama", AMP_EINVAL);
	RL_CHANGE("amparo-card-revocations: 1", "amparo-card-revocations: 2",
	    AMP_EINVAL);
	RL_CHANGE("revoked: ", "Revoked: ", AMP_EINVAL);
	RL_CHANGE("signature: ", "signature:\t", AMP_EINVAL);
#undef RL_CHANGE
	/* Each hex digit of a fingerprint and of the signature. */
	for (i = 0; i < n; i++) {
		const char	*line;
		int		 want;

		if (!isxdigit((unsigned char)text[i]))
			continue;
		line = text + i;
		while (line > text && line[-1] != '\n')
			line--;
		if (strncmp(line, "revoked: ", 9) == 0 &&
		    i >= (size_t)(line - text) + 9 &&
		    i < (size_t)(line - text) + 9 + 2 * CARD_FP_BYTES)
			want = AMP_EALTERED;
		else if (strncmp(line, "signature: ", 11) == 0 &&
		    i >= (size_t)(line - text) + 11)
			want = AMP_EALTERED;
		else
			continue;
		t = xstrdup(text);
		t[i] = t[i] == 'f' ? '0' : 'f';
		if (rl_parse(t, n, &got) != want)
			fail_msg("byte %zu changed: not refused as altered",
			    i);
		t[i] = 'F';
		assert_int_equal(rl_parse(t, n, &got), AMP_EINVAL);
		t[i] = 'g';
		assert_int_equal(rl_parse(t, n, &got), AMP_EINVAL);
		free(t);
	}
	/* Any byte changed to any other: refused, one way or the other. */
	for (i = 0; i < n; i++) {
		static const char	 alt[] = "0af-: \n\tAZz.\xff";
		const char		*c;
		int			 rc;

		for (c = alt; *c != '\0'; c++) {
			if (*c == text[i])
				continue;
			t = xstrdup(text);
			t[i] = *c;
			rc = rl_parse(t, n, &got);
			if (rc != AMP_EINVAL && rc != AMP_EALTERED)
				fail_msg("byte %zu changed to 0x%02x: %d", i,
				    (unsigned char)*c, rc);
			free(t);
		}
		/* (The last byte is test_regress_revlist_nul's.) */
		if (i + 1 == n)
			continue;
		t = xstrdup(text);
		t[i] = '\0';
		assert_true(rl_parse(t, n, &got) != AMP_OK);
		free(t);
	}
	/* A line added, or the list given twice. */
	t = xsprintf("%s\n", text);
	assert_int_equal(rl_parse(t, strlen(t), &got), AMP_EINVAL);
	free(t);
	t = xsprintf("%s%s", text, text);
	assert_int_equal(rl_parse(t, strlen(t), &got), AMP_EINVAL);
	free(t);
	card_revlist_free(&rl);
	free(text);
}

static void
test_revlist_keys(void **state)
{
	struct card_revlist	 rl, got;
	char			*text;

	(void)state;
	/* Signed by a key not in the set, as itself or as key A. */
	text = revlist_make(&kc, kc.kid, "2026-03-01T12:00:00Z", &rl);
	assert_int_equal(rl_parse(text, strlen(text), &got), AMP_EALTERED);
	card_revlist_free(&rl);
	free(text);
	text = revlist_make(&kc, ka.kid, "2026-03-01T12:00:00Z", &rl);
	assert_int_equal(rl_parse(text, strlen(text), &got), AMP_EALTERED);
	card_revlist_free(&rl);
	free(text);
	/* Key B, retired at the end of 2024, and in its time. */
	text = revlist_make(&kb, kb.kid, "2026-03-01T12:00:00Z", &rl);
	assert_int_equal(rl_parse(text, strlen(text), &got), AMP_EALTERED);
	card_revlist_free(&rl);
	free(text);
	text = revlist_make(&kb, kb.kid, "2024-06-01T12:00:00Z", &rl);
	assert_int_equal(rl_parse(text, strlen(text), &got), AMP_OK);
	card_revlist_free(&got);
	card_revlist_free(&rl);
	free(text);
	/* Key A, before it was in use. */
	text = revlist_make(&ka, ka.kid, "2024-12-30T12:00:00Z", &rl);
	assert_int_equal(rl_parse(text, strlen(text), &got), AMP_EALTERED);
	card_revlist_free(&rl);
	free(text);
	text = revlist_make(&ka, ka.kid, "2025-01-01T12:00:00Z", &rl);
	assert_int_equal(rl_parse(text, strlen(text), &got), AMP_OK);
	card_revlist_free(&got);
	card_revlist_free(&rl);
	free(text);
	/* An empty list is a list. */
	memset(&rl, 0, sizeof rl);
	{
		unsigned char	 sig[CARD_SIG_BYTES];
		char		 hex[2 * CARD_SIG_BYTES + 1], *msg;

		assert_int_equal(utc_parse("2026-03-01T12:00:00Z",
		    &rl.signed_at), 0);
		cpy(rl.kid, ka.kid, sizeof rl.kid);
		cpy(rl.office, "O", sizeof rl.office);
		msg = card_revlist_message(&rl);
		crypto_sign_detached(sig, NULL, (const unsigned char *)msg,
		    strlen(msg), ka.sk);
		sodium_bin2hex(hex, sizeof hex, sig, sizeof sig);
		text = xsprintf("%ssignature: %s\n", msg, hex);
		free(msg);
	}
	assert_int_equal(rl_parse(text, strlen(text), &got), AMP_OK);
	assert_int_equal(got.n, 0);
	card_revlist_free(&got);
	free(text);
}

/*
 * Bugs of card-payload.c these tests and fuzz-card found, now fixed: each
 * test asserts what must be.
 */

/*
 * A line of a key set longer than the reader's buffer (511 bytes) ends
 * the set as if it were the end of the file: the keys before it are taken
 * and the rest is not read, where any other line that is not a key is
 * refused.
 */
static void
test_regress_keyset_long_line(void **state)
{
	struct card_key_pub	 one[1];
	struct card_keyset	 ks = { one, 1 }, got;
	struct amp_err		 err = { 0, "" };
	char			*text, *t, junk[600];
	int			 rc;

	(void)state;
	one[0] = pubs[0];
	text = card_keyset_text(&ks);
	memset(junk, 'x', sizeof junk - 1);
	junk[sizeof junk - 1] = '\0';
	t = xsprintf("%s%s\nthis is not a key line\n", text, junk);
	rc = card_keyset_parse(t, strlen(t), &got, &err);
	card_keyset_free(&got);
	free(t);
	free(text);
	assert_int_equal(rc, AMP_EINVAL);
}

/*
 * A NUL in the signature line of a revocation list: text_line copies it,
 * hex_exact is given strlen() of the value, and the signature line is the
 * one line not compared with card_revlist_message, so whatever follows a
 * NUL there is taken with the list.
 */
static void
test_regress_revlist_nul(void **state)
{
	struct card_revlist	 rl, got;
	char			*text, *t;
	size_t			 n;
	int			 rc;

	(void)state;
	text = revlist_make(&ka, ka.kid, "2026-03-01T12:00:00Z", &rl);
	n = strlen(text);
	t = xmalloc(n + 16);
	memcpy(t, text, n);
	memcpy(t + n - 1, "\0any junk", 10);
	rc = rl_parse(t, n - 1 + 10, &got);
	card_revlist_free(&got);
	card_revlist_free(&rl);
	free(t);
	free(text);
	assert_int_equal(rc, AMP_EINVAL);
}

/*
 * card_message signs what card_parse will not read: a key id with a dash,
 * and dates after 2200 (date_valid's last year), so a card could be
 * issued that no verifier reads.
 */
static void
test_regress_message_unreadable(void **state)
{
	struct card_fields	f;
	char			out[CARD_TEXT_MAX];
	size_t			dash, late;

	(void)state;
	fields_base(&f);
	cpy(f.kid, "A-BC", sizeof f.kid);
	dash = card_message(&f, out, sizeof out);
	fields_base(&f);
	f.expires = date_days(2300, 1, 1);
	late = card_message(&f, out, sizeof out);
	assert_int_equal(dash, 0);
	assert_int_equal(late, 0);
}

/*
 * The other way round (fuzz-card's regress-issued-1900): card_parse reads
 * issue dates from 1900-01-01, card_message writes only those after
 * 1970-01-01, so a card no one can issue reads, and is called altered.
 */
static void
test_regress_parse_early_issue(void **state)
{
	struct card_fields	f;
	struct card_verdict	v;
	char			text[CARD_TEXT_MAX + 1], t[CARD_TEXT_MAX + 1];
	char			why[200];
	unsigned char		sig[CARD_SIG_BYTES];
	size_t			len;

	(void)state;
	fields_base(&f);
	f.expires = 0;
	card_make(&f, &ka, text, sizeof text);
	cpy(t, text, sizeof t);
	memcpy(strstr(t, ".20260115."), ".19000101.", 10);
	assert_int_equal(card_parse(t, strlen(t), &f, sig, &len, why,
	    sizeof why), -1);
	assert_answer(verify(t, &v), CARD_UNREADABLE);
}

static void
test_base32(void **state)
{
	static const char	*const rfc[][2] = {
		{ "", "" }, { "f", "MY" }, { "fo", "MZXQ" },
		{ "foo", "MZXW6" }, { "foob", "MZXW6YQ" },
		{ "fooba", "MZXW6YTB" }, { "foobar", "MZXW6YTBOI" },
	};
	unsigned char		 in[70], back[71];
	char			 out[128], t[128];
	uint64_t		 seed = 0xba5e32;
	size_t			 n, i, len;
	unsigned		 v;

	(void)state;
	for (i = 0; i < nitems(rfc); i++) {
		n = strlen(rfc[i][0]);
		assert_int_equal(card_base32((const unsigned char *)rfc[i][0],
		    n, out, sizeof out), strlen(rfc[i][1]));
		assert_string_equal(out, rfc[i][1]);
		assert_int_equal(card_unbase32(rfc[i][1], strlen(rfc[i][1]),
		    back, n), 0);
		assert_memory_equal(back, rfc[i][0], n);
	}
	for (n = 0; n <= 70; n++) {
		for (i = 0; i < n; i++)
			in[i] = (unsigned char)rnd(&seed);
		len = card_base32(in, n, out, sizeof out);
		assert_int_equal(len, (n * 8 + 4) / 5);
		assert_int_equal(strlen(out), len);
		assert_int_equal(strspn(out, B32), len);
		memset(back, 0xee, sizeof back);
		assert_int_equal(card_unbase32(out, len, back, n), 0);
		assert_memory_equal(back, in, n);
		assert_int_equal(back[n], 0xee);
		/* Just room, and one byte short. */
		assert_int_equal(card_base32(in, n, t, len + 1), len);
		if (n > 0)
			assert_int_equal(card_base32(in, n, t, len), 0);
		/* Any other length of text or of bytes. */
		if (len > 0)
			assert_int_equal(card_unbase32(out, len - 1, back, n),
			    -1);
		snprintf(t, sizeof t, "%sA", out);
		assert_int_equal(card_unbase32(t, len + 1, back, n), -1);
		if ((((n + 1) * 8 + 4) / 5) != len)
			assert_int_equal(card_unbase32(out, len, back, n + 1),
			    -1);
		if (n == 0)
			continue;
		/* Not base32: small letters, 0, 1, 8, 9, padding, NUL. */
		for (i = 0; i < 7; i++) {
			cpy(t, out, sizeof t);
			t[len / 2] = "a0189=\0"[i];
			assert_int_equal(card_unbase32(t, len, back, n), -1);
		}
		/* The unused bits of the last digit must be zero. */
		cpy(t, out, sizeof t);
		v = (unsigned)(strchr(B32, out[len - 1]) - B32);
		if (n * 8 % 5 == 0) {
			assert_int_equal(card_unbase32(t, len, back, n), 0);
			continue;
		}
		for (i = 1; i < 1u << (5 - n * 8 % 5); i++) {
			t[len - 1] = B32[v | i];
			if (card_unbase32(t, len, back, n) != -1)
				fail_msg("%zu bytes: %s read", n, t);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_altered_fields),
		cmocka_unit_test(test_altered_every_char),
		cmocka_unit_test(test_altered_signature),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_expired),
		cmocka_unit_test(test_revoked),
		cmocka_unit_test(test_wrong_key),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_message_refuses),
		cmocka_unit_test(test_keyset),
		cmocka_unit_test(test_revlist),
		cmocka_unit_test(test_revlist_keys),
		cmocka_unit_test(test_base32),
		cmocka_unit_test(test_regress_keyset_long_line),
		cmocka_unit_test(test_regress_revlist_nul),
		cmocka_unit_test(test_regress_message_unreadable),
		cmocka_unit_test(test_regress_parse_early_issue),
	};

	unit_crypto_setup();
	return (cmocka_run_group_tests(tests, setup, NULL));
}
