/* crypto.c: process hardening, key ring and key derivation, sealing, blind index hashes. */

#include "config.h"

#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <sodium.h>

#include "amparo.h"

/* Subkey ids under the master key; the context names this program. */
#define KDF_CONTEXT	"amparo01"

#if BLIND_BYTES != crypto_shorthash_siphashx24_BYTES || \
    KEY_BYTES < crypto_shorthash_siphashx24_KEYBYTES
#error "blind index terms are SipHash-2-4 128-bit outputs"
#endif
enum {
	SUBKEY_RECORD = 1, SUBKEY_INDEX = 2, SUBKEY_DRAFT = 3, SUBKEY_AUDIT = 4,
	SUBKEY_EXPORT = 5
};

/*
 * Start libsodium and make the process hard to read from outside: no core
 * dumps and not dumpable, so another process of the same Unix user cannot
 * attach a debugger and read keys.
 */
int
crypto_setup(struct amp_err *err)
{
	struct rlimit	rl = { 0, 0 };

	if (sodium_init() < 0)
		return (err_set(err, AMP_EFAIL,
		    _("starting libsodium failed")));
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		log_debug("%s: prctl(PR_SET_DUMPABLE) failed", __func__);
	if (setrlimit(RLIMIT_CORE, &rl) != 0)
		log_debug("%s: setrlimit(RLIMIT_CORE) failed", __func__);
	return (AMP_OK);
}

/* A key ring in guarded memory, wiped when freed. */
struct keyring *
keyring_new(void)
{
	struct keyring	*k;

	if ((k = sodium_malloc(sizeof *k)) == NULL)
		fatalx("out of memory (guarded key memory)");
	sodium_memzero(k, sizeof *k);
	return (k);
}

/* Derive each purpose's subkey from the master key. */
void
keyring_derive(struct keyring *k)
{
	if (crypto_kdf_derive_from_key(k->record, KEY_BYTES, SUBKEY_RECORD,
	    KDF_CONTEXT, k->master) != 0 ||
	    crypto_kdf_derive_from_key(k->index, KEY_BYTES, SUBKEY_INDEX,
	    KDF_CONTEXT, k->master) != 0 ||
	    crypto_kdf_derive_from_key(k->draft, KEY_BYTES, SUBKEY_DRAFT,
	    KDF_CONTEXT, k->master) != 0 ||
	    crypto_kdf_derive_from_key(k->audit, KEY_BYTES, SUBKEY_AUDIT,
	    KDF_CONTEXT, k->master) != 0 ||
	    crypto_kdf_derive_from_key(k->export, KEY_BYTES, SUBKEY_EXPORT,
	    KDF_CONTEXT, k->master) != 0)
		fatalx("deriving subkeys failed");
}

void
keyring_free(struct keyring *k)
{
	if (k != NULL)
		sodium_free(k);
}

/*
 * Argon2id cost levels: "interactive" is the default for accounts; "min" is
 * for test stores only, where hundreds of logins must be fast; "moderate"
 * for administrators who accept a slower login.
 */
void
kdf_params_for(enum kdf_level level, struct kdf_params *p)
{
	switch (level) {
	case KDF_MIN:
		p->ops = crypto_pwhash_OPSLIMIT_MIN;
		p->mem = crypto_pwhash_MEMLIMIT_MIN;
		break;
	case KDF_MODERATE:
		p->ops = crypto_pwhash_OPSLIMIT_MODERATE;
		p->mem = crypto_pwhash_MEMLIMIT_MODERATE;
		break;
	case KDF_INTERACTIVE:
	default:
		p->ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		p->mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
		break;
	}
}

int
kdf_parse_level(const char *s, enum kdf_level *level)
{
	if (strcmp(s, "min") == 0)
		*level = KDF_MIN;
	else if (strcmp(s, "interactive") == 0)
		*level = KDF_INTERACTIVE;
	else if (strcmp(s, "moderate") == 0)
		*level = KDF_MODERATE;
	else
		return (-1);
	return (0);
}

/* The key-encryption key of an account: Argon2id over its password. */
int
kek_derive(unsigned char *kek, const char *pw, size_t pwlen,
    const unsigned char *salt, const struct kdf_params *p, struct amp_err *err)
{
	if (p->ops < crypto_pwhash_OPSLIMIT_MIN ||
	    p->ops > crypto_pwhash_OPSLIMIT_MAX ||
	    p->mem < crypto_pwhash_MEMLIMIT_MIN ||
	    p->mem > (uint64_t)1 << 32)
		return (err_set(err, AMP_ESTORE,
		    _("reading the account failed: its key parameters are out of range")));
	if (crypto_pwhash(kek, KEY_BYTES, pw, pwlen, salt, p->ops,
	    (size_t)p->mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return (err_set(err, AMP_EFAIL,
		    _("deriving the password key failed: out of memory")));
	return (AMP_OK);
}

void
random_fill(void *p, size_t n)
{
	randombytes_buf(p, n);
}

/*
 * Seal plen bytes into out (plen + SEAL_OVERHEAD bytes): a random 24-byte
 * nonce, then XChaCha20-Poly1305 ciphertext and tag over the associated data.
 */
void
seal(unsigned char *out, const void *p, size_t plen, const void *ad,
    size_t adlen, const unsigned char *key)
{
	unsigned long long	clen;

	randombytes_buf(out, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	if (crypto_aead_xchacha20poly1305_ietf_encrypt(out +
	    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &clen, p, plen, ad,
	    adlen, NULL, out, key) != 0)
		fatalx("sealing a value failed");
}

/*
 * Open a sealed value into out (clen - SEAL_OVERHEAD bytes); -1 if forged or
 * damaged.
 */
int
unseal(void *out, const unsigned char *c, size_t clen, const void *ad,
    size_t adlen, const unsigned char *key)
{
	unsigned long long	plen;

	if (clen < SEAL_OVERHEAD)
		return (-1);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(out, &plen, NULL,
	    c + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
	    clen - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, ad, adlen, c,
	    key) != 0)
		return (-1);
	return (0);
}

/*
 * A blind index term: SipHash-2-4 with a 128-bit output (a keyed PRF, fast
 * on short inputs) of a kind letter and a normalised token, under the first
 * 16 bytes of the index subkey. Terms are many (about 35 a person), so the
 * cost matters; a collision only adds a candidate that the check on the
 * decrypted record then drops.
 */
void
blind_hash(unsigned char *out, char kind, const char *tok, size_t len,
    const unsigned char *key)
{
	unsigned char	in[1 + TOKEN_MAX + 64];

	if (len > sizeof in - 1)
		len = sizeof in - 1;
	in[0] = (unsigned char)kind;
	memcpy(in + 1, tok, len);
	if (crypto_shorthash_siphashx24(out, in, len + 1, key) != 0)
		fatalx("hashing an index term failed");
	sodium_memzero(in, len + 1);
}

/* A keyed BLAKE2b hash of outlen bytes (16 to 64), as for export pseudonyms. */
void
keyed_hash(unsigned char *out, size_t outlen, const void *in, size_t inlen,
    const unsigned char *key)
{
	if (crypto_generichash(out, outlen, in, inlen, key, KEY_BYTES) != 0)
		fatalx("hashing failed");
}

void
wipe(void *p, size_t n)
{
	sodium_memzero(p, n);
}
