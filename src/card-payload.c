/* card-payload.c: the signed card payload: its text, parsing and checking. */

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "amparo.h"

/*
 * A payload is one line of the QR alphanumeric set, eleven fields joined
 * by dots (amparo-cards(5) describes it):
 *
 *	AC1.KID.TYPE.NUMBER.SERIAL.HOLDER.STATUS.ISSUED.EXPIRES.OFFICE.SIG
 *
 * SIG is the Ed25519 signature of SIGNED_PREFIX followed by everything
 * before it (the ten fields and the dot after them), in RFC 4648 base32
 * without padding. The fingerprint that revocation lists name is BLAKE2b
 * of FP_PREFIX and the same signed text: a list tells nothing of whose
 * cards it names.
 */
#define SIGNED_PREFIX	"amparo-card:"
#define FP_PREFIX	"amparo-card-fingerprint:"
#define FIELDS		11
#define SIG_CHARS	103		/* ceil(64 * 8 / 5) */
#define HOLDER_MAX	23
#define OFFICE_MAX	16
#define SERIAL_MAX	9999
#define KEYS_MAGIC	"amparo-card-keys: 1\n"
#define REVS_MAGIC	"amparo-card-revocations: 1\n"
#define LINE_MAX_	512
#define KEYS_MAX	1000
#define REVS_MAX	1000000

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* The kinds of card: the code in a payload, the document's kind. */
static const struct {
	const char	*code, *doc_type, *label;
} types[] = {
	{ "ASC", "asylum_seeker_card", N_("asylum-seeker card") },
	{ "TRS", "temporary_residence", N_("temporary residence") },
	{ "PRS", "permanent_residence", N_("permanent residence") },
	{ "WPD", "work_permit_defined", N_("work permit, defined term") },
	{ "WPI", "work_permit_indefinite",
	    N_("work permit, indefinite term") },
	{ "DLC", CARD_LICENCE_FORM,
	    N_("certificate of an active asylum claim, for a driver's licence") },
};

const char *
card_type_code(const char *doc_type)
{
	size_t	i;

	for (i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(types[i].doc_type, doc_type) == 0)
			return (types[i].code);
	return (NULL);
}

const char *
card_type_label(const char *code)
{
	size_t	i;

	for (i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(types[i].code, code) == 0)
			return (_(types[i].label));
	return (NULL);
}

const char *
card_status_label(char status)
{
	switch (status) {
	case 'S':
		return (_("asylum seeker, claim in process"));
	case 'R':
		return (_("recognised refugee"));
	case 'N':
		return (_("not an asylum claim"));
	}
	return (NULL);
}

/* The answer as one word for scripts and the audit log, never translated. */
const char *
card_answer_id(enum card_answer a)
{
	static const char *const ids[] = { "valid", "expired", "revoked",
	    "unknown-key", "altered", "unreadable" };

	return ((size_t)a < sizeof ids / sizeof ids[0] ? ids[a] : "?");
}

const char *
card_answer_word(enum card_answer a)
{
	switch (a) {
	case CARD_VALID:
		return (_("VALID"));
	case CARD_EXPIRED:
		return (_("EXPIRED"));
	case CARD_REVOKED:
		return (_("REVOKED"));
	case CARD_UNKNOWN_KEY:
		return (_("NOT ISSUED BY A KNOWN KEY"));
	case CARD_ALTERED:
		return (_("ALTERED"));
	case CARD_UNREADABLE:
		return (_("UNREADABLE"));
	}
	return ("?");
}

/*
 * What a readable card says, as a verifier's answer shows it, under card,
 * holder, issued and expires: CARD_SAYS strings made in out, for the
 * caller to free.
 */
void
card_says(const struct card_fields *f, char **out)
{
	const char	*type = card_type_label(f->type);
	const char	*status = card_status_label(f->status);
	char		 day[16];

	out[0] = xsprintf(_("%s %s, card %u"), type != NULL ? type : f->type,
	    f->number, f->serial);
	out[1] = xsprintf(_("case %s, %s"), f->holder,
	    status != NULL ? status : "?");
	card_day_text(f->issued, day, sizeof day);
	out[2] = xsprintf(_("%s by %s, key %s"), day, f->office, f->kid);
	card_day_text(f->expires, day, sizeof day);
	out[3] = xstrdup(f->expires != 0 ? day : _("never"));
}

/* RFC 4648 base32 without padding; the length written, 0 if no room. */
size_t
card_base32(const unsigned char *p, size_t n, char *out, size_t size)
{
	size_t		 i, o = 0;
	unsigned	 acc = 0, bits = 0;

	if (size < (n * 8 + 4) / 5 + 1)
		return (0);
	for (i = 0; i < n; i++) {
		acc = (acc << 8) | p[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = b32[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
		acc &= (1u << bits) - 1;
	}
	if (bits > 0)
		out[o++] = b32[(acc << (5 - bits)) & 31];
	out[o] = '\0';
	return (o);
}

/*
 * Exactly n bytes from their base32; -1 for any other length, character,
 * or unused bits that are not zero (one text for each value).
 */
int
card_unbase32(const char *s, size_t len, unsigned char *out, size_t n)
{
	const char	*c;
	size_t		 i, o = 0;
	unsigned	 acc = 0, bits = 0;

	if (len != (n * 8 + 4) / 5)
		return (-1);
	for (i = 0; i < len; i++) {
		if (s[i] == '\0' || (c = strchr(b32, s[i])) == NULL)
			return (-1);
		acc = (acc << 5) | (unsigned)(c - b32);
		bits += 5;
		if (bits >= 8) {
			out[o++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
			acc &= (1u << bits) - 1;
		}
	}
	return (o == n && acc == 0 ? 0 : -1);
}

/* A key's id: base32 of the first bits of BLAKE2b of its public key. */
void
card_kid_of(const unsigned char *pk, char *kid)
{
	unsigned char	h[16];
	char		t[32];

	if (crypto_generichash(h, sizeof h, pk, CARD_PK_BYTES, NULL, 0) != 0)
		fatalx("hashing a card key failed");
	card_base32(h, sizeof h, t, sizeof t);
	memcpy(kid, t, CARD_KID_LEN);
	kid[CARD_KID_LEN] = '\0';
}

static int
is_upper_digit(int c)
{
	return ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
}

/* A field of capitals, digits and inner dashes, 1 to max characters. */
static int
word_ok(const char *s, size_t n, size_t max)
{
	size_t	i;

	if (n == 0 || n > max || s[0] == '-' || s[n - 1] == '-')
		return (0);
	for (i = 0; i < n; i++)
		if (!is_upper_digit((unsigned char)s[i]) && s[i] != '-')
			return (0);
	return (1);
}

/* A key id: CARD_KID_LEN characters of the base32 alphabet. */
static int
kid_ok(const char *s, size_t n)
{
	size_t	i;

	if (n != CARD_KID_LEN)
		return (0);
	for (i = 0; i < n; i++)
		if (s[i] == '\0' || strchr(b32, s[i]) == NULL)
			return (0);
	return (1);
}

static void
date_compact(int64_t days, char *out, size_t size)
{
	int	y, m, d;

	date_from_days(days, &y, &m, &d);
	snprintf(out, size, "%04d%02d%02d", y, m, d);
}

/* YYYYMMDD, a day after 1970-01-01 (as card_message writes); else -1. */
static int
date_compact_parse(const char *s, size_t n, int64_t *days)
{
	int	y, m, d;
	size_t	i;

	if (n != 8)
		return (-1);
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return (-1);
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[4] - '0') * 10 + (s[5] - '0');
	d = (s[6] - '0') * 10 + (s[7] - '0');
	if (y < 1970 || !date_valid(y, m, d) || date_days(y, m, d) <= 0)
		return (-1);
	*days = date_days(y, m, d);
	return (0);
}

/*
 * The signed part of a payload, "AC1." to the dot before the signature;
 * its length, or 0 if a field is not one a payload may hold.
 */
size_t
card_message(const struct card_fields *f, char *out, size_t size)
{
	char	issued[16], expires[16];
	int64_t	day;
	int	n;

	if (!kid_ok(f->kid, strlen(f->kid)) ||
	    card_type_label(f->type) == NULL ||
	    !word_ok(f->number, strlen(f->number), CARD_NUMBER_MAX) ||
	    f->serial < 1 || f->serial > SERIAL_MAX ||
	    !word_ok(f->holder, strlen(f->holder), HOLDER_MAX) ||
	    card_status_label(f->status) == NULL ||
	    !word_ok(f->office, strlen(f->office), OFFICE_MAX) ||
	    f->issued <= 0 || f->expires < 0 ||
	    (f->expires != 0 && f->expires < f->issued))
		return (0);
	date_compact(f->issued, issued, sizeof issued);
	if (f->expires == 0)
		snprintf(expires, sizeof expires, "0");
	else
		date_compact(f->expires, expires, sizeof expires);
	/* Only dates card_parse reads back (from 1970-01-02 to 2200). */
	if (date_compact_parse(issued, strlen(issued), &day) != 0 ||
	    day != f->issued || (f->expires != 0 &&
	    (date_compact_parse(expires, strlen(expires), &day) != 0 ||
	    day != f->expires)))
		return (0);
	n = snprintf(out, size, CARD_VERSION ".%s.%s.%s.%u.%s.%c.%s.%s.%s.",
	    f->kid, f->type, f->number, f->serial, f->holder, f->status,
	    issued, expires, f->office);
	if (n < 0 || (size_t)n >= size)
		return (0);
	return ((size_t)n);
}

/* The whole payload: the message and its signature; -1 if it cannot be. */
int
card_sign_text(const struct card_fields *f, const unsigned char *sig,
    char *out, size_t size)
{
	size_t	n;

	if ((n = card_message(f, out, size)) == 0 ||
	    card_base32(sig, CARD_SIG_BYTES, out + n, size - n) == 0)
		return (-1);
	return (0);
}

/* What is signed: the prefix and the message. */
static size_t
signed_bytes(const char *msg, size_t n, unsigned char *out, size_t size)
{
	if (sizeof SIGNED_PREFIX - 1 + n > size)
		return (0);
	memcpy(out, SIGNED_PREFIX, sizeof SIGNED_PREFIX - 1);
	memcpy(out + sizeof SIGNED_PREFIX - 1, msg, n);
	return (sizeof SIGNED_PREFIX - 1 + n);
}

/*
 * Sign f with the secret key sk: the whole payload in out and its
 * fingerprint in fp. -1 if f is not what a card may say, -2 if signing
 * failed.
 */
int
card_sign(const struct card_fields *f, const unsigned char *sk, char *out,
    size_t size, unsigned char *fp)
{
	unsigned char	msg[sizeof SIGNED_PREFIX + CARD_TEXT_MAX];
	unsigned char	sig[CARD_SIG_BYTES];
	size_t		len, mlen;

	if ((len = card_message(f, out, size)) == 0 ||
	    (mlen = signed_bytes(out, len, msg, sizeof msg)) == 0)
		return (-1);
	if (crypto_sign_detached(sig, NULL, msg, mlen, sk) != 0 ||
	    card_sign_text(f, sig, out, size) != 0)
		return (-2);
	card_fingerprint(out, len, fp);
	return (0);
}

void
card_fingerprint(const char *msg, size_t n, unsigned char *fp)
{
	crypto_generichash_state	st;

	if (crypto_generichash_init(&st, NULL, 0, CARD_FP_BYTES) != 0 ||
	    crypto_generichash_update(&st, (const unsigned char *)FP_PREFIX,
	    sizeof FP_PREFIX - 1) != 0 ||
	    crypto_generichash_update(&st, (const unsigned char *)msg, n) !=
	    0 ||
	    crypto_generichash_final(&st, fp, CARD_FP_BYTES) != 0)
		fatalx("hashing a card payload failed");
}

void
card_fp_text(const unsigned char *fp, char *out, size_t size)
{
	sodium_bin2hex(out, size, fp, CARD_FP_BYTES);
}

int
card_fp_parse(const char *s, unsigned char *fp)
{
	return (hex_exact(fp, CARD_FP_BYTES, s, strlen(s)));
}

static int
why_set(char *why, size_t size, const char *fmt, ...) AMP_PRINTF(3, 4);

static int
why_set(char *why, size_t size, const char *fmt, ...)
{
	va_list	ap;

	if (why != NULL && size > 0) {
		va_start(ap, fmt);
		vsnprintf(why, size, fmt, ap);
		va_end(ap);
	}
	return (-1);
}

/*
 * Read a payload: text[0..n) with nothing around it (the caller trims).
 * Small letters are read as capitals, as a scanner with caps lock types
 * them. On success f holds the fields, sig the signature and *msglen the
 * length of the signed part; else why says what is wrong.
 */
int
card_parse(const char *text, size_t n, struct card_fields *f,
    unsigned char *sig, size_t *msglen, char *why, size_t whysize)
{
	char		 up[CARD_TEXT_MAX + 1], serial[8];
	const char	*fld[FIELDS];
	size_t		 len[FIELDS], i, k;
	const char	*p;

	memset(f, 0, sizeof *f);
	if (n == 0)
		return (why_set(why, whysize, _("it is empty")));
	if (n > CARD_TEXT_MAX)
		return (why_set(why, whysize,
		    _("it is %zu characters long, more than a card's %d"), n,
		    CARD_TEXT_MAX));
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 'a' + 'A');
		if (!is_upper_digit(c) && c != '.' && c != '-')
			return (why_set(why, whysize,
			    _("character %zu is not one a card code has"),
			    i + 1));
		up[i] = (char)c;
	}
	up[n] = '\0';
	for (k = 0, p = up; k < FIELDS; k++) {
		const char *dot = k + 1 < FIELDS ? strchr(p, '.') : NULL;

		if (k + 1 < FIELDS && dot == NULL)
			return (why_set(why, whysize,
			    _("it has %zu fields of %d: it was cut short"),
			    k + 1, FIELDS));
		fld[k] = p;
		len[k] = dot != NULL ? (size_t)(dot - p) : strlen(p);
		p = dot != NULL ? dot + 1 : p + len[k];
	}
	if (len[0] != 3 || memcmp(fld[0], "AC", 2) != 0)
		return (why_set(why, whysize, _("it is not an Amparo card code")));
	if (memcmp(fld[0], CARD_VERSION, 3) != 0)
		return (why_set(why, whysize,
		    _("it is a card code of version %.1s, which this amparo does not read"),
		    fld[0] + 2));
	if (strchr(fld[10], '.') != NULL)
		return (why_set(why, whysize,
		    _("it has more than %d fields"), FIELDS));
	if (!kid_ok(fld[1], len[1]))
		return (why_set(why, whysize, _("its key id is not one")));
	memcpy(f->kid, fld[1], CARD_KID_LEN);
	if (len[2] != 3 || (memcpy(f->type, fld[2], 3),
	    card_type_label(f->type) == NULL))
		return (why_set(why, whysize, _("its kind of card is unknown")));
	if (!word_ok(fld[3], len[3], CARD_NUMBER_MAX))
		return (why_set(why, whysize, _("its card number is not one")));
	memcpy(f->number, fld[3], len[3]);
	if (len[4] < 1 || len[4] > 4 || fld[4][0] == '0')
		return (why_set(why, whysize, _("its issue number is not one")));
	memcpy(serial, fld[4], len[4]);
	serial[len[4]] = '\0';
	for (i = 0; i < len[4]; i++)
		if (serial[i] < '0' || serial[i] > '9')
			return (why_set(why, whysize,
			    _("its issue number is not one")));
	f->serial = (unsigned)strtoul(serial, NULL, 10);
	if (!word_ok(fld[5], len[5], HOLDER_MAX))
		return (why_set(why, whysize,
		    _("its holder reference is not one")));
	memcpy(f->holder, fld[5], len[5]);
	if (len[6] != 1 || card_status_label(fld[6][0]) == NULL)
		return (why_set(why, whysize, _("its status is unknown")));
	f->status = fld[6][0];
	if (date_compact_parse(fld[7], len[7], &f->issued) != 0)
		return (why_set(why, whysize, _("its issue date is not a date")));
	if (len[8] == 1 && fld[8][0] == '0')
		f->expires = 0;
	else if (date_compact_parse(fld[8], len[8], &f->expires) != 0 ||
	    f->expires < f->issued)
		return (why_set(why, whysize,
		    _("its expiry date is not a date after its issue")));
	if (!word_ok(fld[9], len[9], OFFICE_MAX))
		return (why_set(why, whysize, _("its issuing office is not one")));
	memcpy(f->office, fld[9], len[9]);
	if (len[10] != SIG_CHARS ||
	    card_unbase32(fld[10], len[10], sig, CARD_SIG_BYTES) != 0)
		return (why_set(why, whysize, len[10] < SIG_CHARS ?
		    _("its signature is cut short") :
		    _("its signature is not one")));
	*msglen = (size_t)(fld[10] - up);
	return (0);
}

const struct card_key_pub *
card_keyset_find(const struct card_keyset *ks, const char *kid)
{
	size_t	i;

	for (i = 0; ks != NULL && i < ks->n; i++)
		if (strcmp(ks->v[i].kid, kid) == 0)
			return (&ks->v[i]);
	return (NULL);
}

/* Whether a key signed (cards, lists) on that day. */
static int
key_in_use(const struct card_key_pub *k, int64_t day)
{
	return (day >= k->from && (k->until == 0 || day <= k->until));
}

/* A day as YYYY-MM-DD, "-" for none (0). */
void
card_day_text(int64_t days, char *out, size_t size)
{
	if (days == 0)
		snprintf(out, size, "-");
	else
		date_format_days(days, out, size);
}

/*
 * Check a payload with the published keys and, if given, a revocation
 * list (already checked, card_revlist_parse); today in days. The answer,
 * and in v the fields and what is wrong, to state plainly.
 */
enum card_answer
card_verify(const char *text, size_t n, const struct card_keyset *keys,
    const struct card_revlist *revs, int64_t today, struct card_verdict *v)
{
	const struct card_key_pub	*k;
	unsigned char			 sig[CARD_SIG_BYTES];
	unsigned char			 msg[sizeof SIGNED_PREFIX +
					    CARD_TEXT_MAX];
	char				 up[CARD_TEXT_MAX + 1];
	char				 a[16], b[16], c[16];
	size_t				 len, mlen, i;

	memset(v, 0, sizeof *v);
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r' ||
	    text[n - 1] == ' ' || text[n - 1] == '\t'))
		n--;
	while (n > 0 && (text[0] == ' ' || text[0] == '\t')) {
		text++;
		n--;
	}
	if (card_parse(text, n, &v->f, sig, &len, v->why, sizeof v->why) != 0)
		return (v->answer = CARD_UNREADABLE);
	for (i = 0; i < len; i++)
		up[i] = (char)(text[i] >= 'a' && text[i] <= 'z' ?
		    text[i] - 'a' + 'A' : text[i]);
	card_fingerprint(up, len, v->fp);
	if ((k = card_keyset_find(keys, v->f.kid)) == NULL) {
		snprintf(v->why, sizeof v->why,
		    _("key %s is not among the %zu published keys"), v->f.kid,
		    keys != NULL ? keys->n : 0);
		return (v->answer = CARD_UNKNOWN_KEY);
	}
	if ((mlen = signed_bytes(up, len, msg, sizeof msg)) == 0 ||
	    crypto_sign_verify_detached(sig, msg, mlen, k->pk) != 0) {
		snprintf(v->why, sizeof v->why,
		    _("its signature does not match what it says: it was changed after key %s signed it"),
		    k->kid);
		return (v->answer = CARD_ALTERED);
	}
	if (!key_in_use(k, v->f.issued)) {
		card_day_text(v->f.issued, a, sizeof a);
		card_day_text(k->from, b, sizeof b);
		card_day_text(k->until, c, sizeof c);
		snprintf(v->why, sizeof v->why,
		    _("it says it was issued on %s, but key %s signs cards only from %s to %s"),
		    a, k->kid, b, c);
		return (v->answer = CARD_UNKNOWN_KEY);
	}
	for (i = 0; revs != NULL && i < revs->n; i++) {
		if (sodium_memcmp(revs->v[i].fp, v->fp, CARD_FP_BYTES) == 0) {
			v->rev = revs->v[i];
			card_day_text(v->rev.day, a, sizeof a);
			snprintf(v->why, sizeof v->why,
			    _("revoked on %s (%s)"), a, v->rev.reason);
			return (v->answer = CARD_REVOKED);
		}
	}
	if (v->f.expires != 0 && v->f.expires < today) {
		card_day_text(v->f.expires, a, sizeof a);
		snprintf(v->why, sizeof v->why, _("it expired on %s"), a);
		return (v->answer = CARD_EXPIRED);
	}
	return (v->answer = CARD_VALID);
}

static int
day_parse(const char *s, int64_t *days)
{
	int	y, m, d;

	if (strcmp(s, "-") == 0) {
		*days = 0;
		return (0);
	}
	if (date_parse(s, &y, &m, &d) != 0 || date_days(y, m, d) <= 0)
		return (-1);
	*days = date_days(y, m, d);
	return (0);
}

/*
 * Read a key set as amparo card keys writes it:
 *
 *	amparo-card-keys: 1
 *	key: KID FROM UNTIL PUBLIC-KEY-HEX
 *
 * one key line each, UNTIL "-" while the key is in use; lines starting
 * with # and empty lines are comments. Each key id must be its key's.
 */
int
card_keyset_parse(const char *text, size_t n, struct card_keyset *ks,
    struct amp_err *err)
{
	const char	*p = text, *end = text + n;
	char		 line[LINE_MAX_], kid[16], from[16], until[16], hex[80];
	char		 want[CARD_KID_LEN + 1], extra;
	struct card_key_pub k;
	size_t		 lineno = 1;

	memset(ks, 0, sizeof *ks);
	if (memchr(text, '\0', n) != NULL)
		return (err_set(err, AMP_EINVAL,
		    _("reading the card keys failed: it is not text (it holds a NUL byte)")));
	if (n < sizeof KEYS_MAGIC - 1 ||
	    memcmp(text, KEYS_MAGIC, sizeof KEYS_MAGIC - 1) != 0)
		return (err_set(err, AMP_EINVAL,
		    _("reading the card keys failed: the first line is not \"amparo-card-keys: 1\"")));
	p += sizeof KEYS_MAGIC - 1;
	while (p < end) {
		lineno++;
		if (text_next_line(&p, end, line, sizeof line) != 0) {
			card_keyset_free(ks);
			return (err_set(err, AMP_EINVAL,
			    _("reading the card keys failed: line %zu is too long"),
			    lineno));
		}
		if (line[0] == '#' || line[0] == '\0')
			continue;
		memset(&k, 0, sizeof k);
		if (sscanf(line, "key: %15s %15s %15s %79s %c", kid, from,
		    until, hex, &extra) != 4 || strlen(kid) != CARD_KID_LEN ||
		    day_parse(from, &k.from) != 0 || k.from == 0 ||
		    day_parse(until, &k.until) != 0 ||
		    (k.until != 0 && k.until < k.from) ||
		    hex_exact(k.pk, CARD_PK_BYTES, hex, strlen(hex)) != 0) {
			card_keyset_free(ks);
			return (err_set(err, AMP_EINVAL,
			    _("reading the card keys failed: line %zu is not \"key: ID FROM UNTIL PUBLIC-KEY\""),
			    lineno));
		}
		card_kid_of(k.pk, want);
		if (strcmp(want, kid) != 0 || card_keyset_find(ks, kid)) {
			card_keyset_free(ks);
			return (err_set(err, AMP_EINVAL,
			    _("reading the card keys failed: line %zu: the key id %s is not its key's, or is there twice"),
			    lineno, kid));
		}
		if (ks->n >= KEYS_MAX) {
			card_keyset_free(ks);
			return (err_set(err, AMP_EINVAL,
			    _("reading the card keys failed: more than %d keys"),
			    KEYS_MAX));
		}
		memcpy(k.kid, kid, sizeof k.kid);
		ks->v = xreallocarray(ks->v, ks->n + 1, sizeof *ks->v);
		ks->v[ks->n++] = k;
	}
	if (ks->n == 0)
		return (err_set(err, AMP_EINVAL,
		    _("reading the card keys failed: there is no key in it")));
	return (AMP_OK);
}

char *
card_keyset_text(const struct card_keyset *ks)
{
	struct buf	 b = { 0 };
	char		 hex[2 * CARD_PK_BYTES + 1], from[16], until[16];
	char		*line;
	size_t		 i;

	buf_add(&b, KEYS_MAGIC, sizeof KEYS_MAGIC - 1);
	for (i = 0; i < ks->n; i++) {
		sodium_bin2hex(hex, sizeof hex, ks->v[i].pk, CARD_PK_BYTES);
		card_day_text(ks->v[i].from, from, sizeof from);
		card_day_text(ks->v[i].until, until, sizeof until);
		line = xsprintf("key: %s %s %s %s\n", ks->v[i].kid, from,
		    until, hex);
		buf_add(&b, line, strlen(line));
		free(line);
	}
	buf_add_u8(&b, 0);
	return ((char *)b.p);
}

void
card_keyset_free(struct card_keyset *ks)
{
	free(ks->v);
	memset(ks, 0, sizeof *ks);
}

/* A revocation list's signed part: every line before "signature:". */
char *
card_revlist_message(const struct card_revlist *rl)
{
	struct buf	 b = { 0 };
	char		 when[32], fp[2 * CARD_FP_BYTES + 1], day[16];
	char		*line;
	size_t		 i;

	time_format_utc(rl->signed_at, when, sizeof when);
	line = xsprintf(REVS_MAGIC "office: %s\nkey: %s\ntime: %s\n",
	    rl->office, rl->kid, when);
	buf_add(&b, line, strlen(line));
	free(line);
	for (i = 0; i < rl->n; i++) {
		card_fp_text(rl->v[i].fp, fp, sizeof fp);
		card_day_text(rl->v[i].day, day, sizeof day);
		line = xsprintf("revoked: %s %s %s\n", fp, day,
		    rl->v[i].reason);
		buf_add(&b, line, strlen(line));
		free(line);
	}
	buf_add_u8(&b, 0);
	return ((char *)b.p);
}

static int
reason_ok(const char *r)
{
	size_t	i, n = strlen(r);

	if (n == 0 || n >= sizeof ((struct card_revocation *)0)->reason)
		return (0);
	for (i = 0; i < n; i++)
		if (r[i] < 'a' || r[i] > 'z')
			return (0);
	return (1);
}

/*
 * Read a revocation list as amparo card revocations writes it, and check
 * its signature with the published keys: a list that is not exactly that
 * text, or not signed by a key in use on its date, is refused whole.
 */
int
card_revlist_parse(const char *text, size_t n, const struct card_keyset *ks,
    struct card_revlist *rl, struct amp_err *err)
{
	const char			*p = text, *end = text + n;
	const struct card_key_pub	*k;
	struct card_revocation		 r;
	char				 v[LINE_MAX_], fp[80], day[32];
	char				 reason[32];
	char				 extra, *msg;
	unsigned char			 sig[CARD_SIG_BYTES];
	size_t				 len;
	int				 ok;

	memset(rl, 0, sizeof *rl);
	if (memchr(text, '\0', n) != NULL)
		goto bad;
	if (n < sizeof REVS_MAGIC - 1 ||
	    memcmp(text, REVS_MAGIC, sizeof REVS_MAGIC - 1) != 0)
		return (err_set(err, AMP_EINVAL,
		    _("reading the revocation list failed: the first line is not \"amparo-card-revocations: 1\"")));
	p += sizeof REVS_MAGIC - 1;
	if (text_line(&p, end, "office", v, sizeof v) != 0 ||
	    !word_ok(v, strlen(v), OFFICE_MAX) ||
	    snprintf(rl->office, sizeof rl->office, "%s", v) < 0 ||
	    text_line(&p, end, "key", v, sizeof v) != 0 ||
	    strlen(v) != CARD_KID_LEN ||
	    snprintf(rl->kid, sizeof rl->kid, "%s", v) < 0 ||
	    text_line(&p, end, "time", v, sizeof v) != 0 ||
	    utc_parse(v, &rl->signed_at) != 0)
		goto bad;
	while (p < end && (size_t)(end - p) > 8 &&
	    memcmp(p, "revoked:", 8) == 0) {
		memset(&r, 0, sizeof r);
		if (text_line(&p, end, "revoked", v, sizeof v) != 0 ||
		    sscanf(v, "%79s %31s %31s %c", fp, day, reason,
		    &extra) != 3 || card_fp_parse(fp, r.fp) != 0 ||
		    day_parse(day, &r.day) != 0 || r.day == 0 ||
		    !reason_ok(reason) || rl->n >= REVS_MAX)
			goto bad;
		snprintf(r.reason, sizeof r.reason, "%s", reason);
		rl->v = xreallocarray(rl->v, rl->n + 1, sizeof *rl->v);
		rl->v[rl->n++] = r;
	}
	len = (size_t)(p - text);
	if (text_line(&p, end, "signature", v, sizeof v) != 0 ||
	    hex_exact(sig, CARD_SIG_BYTES, v, strlen(v)) != 0 || p != end)
		goto bad;
	msg = card_revlist_message(rl);
	ok = strlen(msg) == len && memcmp(msg, text, len) == 0;
	free(msg);
	if (!ok)
		goto bad;
	if ((k = card_keyset_find(ks, rl->kid)) == NULL ||
	    crypto_sign_verify_detached(sig, (const unsigned char *)text, len,
	    k->pk) != 0 || !key_in_use(k, rl->signed_at / 86400)) {
		card_revlist_free(rl);
		return (err_set(err, AMP_EALTERED,
		    _("the revocation list was altered, or is not signed by a published key in use on its date: do not rely on it")));
	}
	return (AMP_OK);
bad:
	card_revlist_free(rl);
	return (err_set(err, AMP_EINVAL,
	    _("reading the revocation list failed: it is not a list written by amparo card revocations, or it was cut short")));
}

void
card_revlist_free(struct card_revlist *rl)
{
	free(rl->v);
	memset(rl, 0, sizeof *rl);
}
