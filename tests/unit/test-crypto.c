/* test-crypto.c: unit tests of sealing, blind index hashes, key derivation and accounts. */

#include "unit.h"

#define PLAIN	"Jos\xc3\xa9 P\xc3\xa9rez, PA12345, born 1990-03-07"
#define AD	"amparo:records:\x00\x00\x00\x00\x00\x00\x00\x01"

static void
fixed_key(unsigned char *k, unsigned char seed)
{
	size_t	i;

	for (i = 0; i < KEY_BYTES; i++)
		k[i] = (unsigned char)(seed + i * 7);
}

static void
test_seal_round_trip(void **state)
{
	unsigned char	key[KEY_BYTES], sealed[sizeof PLAIN + SEAL_OVERHEAD];
	char		out[sizeof PLAIN];

	(void)state;
	fixed_key(key, 1);
	seal(sealed, PLAIN, sizeof PLAIN, AD, sizeof AD - 1, key);
	/* The plaintext does not show through. */
	assert_null(memmem(sealed, sizeof sealed, "P\xc3\xa9rez", 6));
	assert_null(memmem(sealed, sizeof sealed, "PA12345", 7));
	memset(out, 0, sizeof out);
	assert_int_equal(unseal(out, sealed, sizeof sealed, AD, sizeof AD - 1,
	    key), 0);
	assert_memory_equal(out, PLAIN, sizeof PLAIN);
}

static void
test_seal_empty(void **state)
{
	unsigned char	key[KEY_BYTES], sealed[SEAL_OVERHEAD];
	char		out[1];

	(void)state;
	fixed_key(key, 2);
	seal(sealed, "", 0, NULL, 0, key);
	assert_int_equal(unseal(out, sealed, sizeof sealed, NULL, 0, key), 0);
	/* No associated data and empty associated data are the same thing. */
	assert_int_equal(unseal(out, sealed, sizeof sealed, "", 0, key), 0);
	assert_int_equal(unseal(out, sealed, sizeof sealed, "x", 1, key), -1);
}

static void
test_unseal_rejects_any_flipped_bit(void **state)
{
	unsigned char	key[KEY_BYTES], sealed[sizeof PLAIN + SEAL_OVERHEAD];
	char		out[sizeof PLAIN];
	size_t		i;
	int		bit;

	(void)state;
	fixed_key(key, 3);
	seal(sealed, PLAIN, sizeof PLAIN, AD, sizeof AD - 1, key);
	for (i = 0; i < sizeof sealed; i++) {
		for (bit = 0; bit < 8; bit++) {
			sealed[i] ^= (unsigned char)(1 << bit);
			if (unseal(out, sealed, sizeof sealed, AD,
			    sizeof AD - 1, key) == 0)
				fail_msg("flipping bit %d of byte %zu goes "
				    "unnoticed", bit, i);
			sealed[i] ^= (unsigned char)(1 << bit);
		}
	}
	assert_int_equal(unseal(out, sealed, sizeof sealed, AD, sizeof AD - 1,
	    key), 0);
}

static void
test_unseal_rejects_wrong_key(void **state)
{
	unsigned char	key[KEY_BYTES], other[KEY_BYTES];
	unsigned char	sealed[sizeof PLAIN + SEAL_OVERHEAD];
	char		out[sizeof PLAIN];
	size_t		i;

	(void)state;
	fixed_key(key, 4);
	seal(sealed, PLAIN, sizeof PLAIN, AD, sizeof AD - 1, key);
	for (i = 0; i < KEY_BYTES; i++) {
		memcpy(other, key, sizeof other);
		other[i] ^= 0x01;
		assert_int_equal(unseal(out, sealed, sizeof sealed, AD,
		    sizeof AD - 1, other), -1);
	}
}

static void
test_unseal_rejects_other_associated_data(void **state)
{
	unsigned char	key[KEY_BYTES], sealed[sizeof PLAIN + SEAL_OVERHEAD];
	char		out[sizeof PLAIN], ad[sizeof AD];

	(void)state;
	fixed_key(key, 5);
	seal(sealed, PLAIN, sizeof PLAIN, AD, sizeof AD - 1, key);
	/* Another record's key: the value was moved. */
	memcpy(ad, AD, sizeof ad);
	ad[sizeof AD - 2] = 2;
	assert_int_equal(unseal(out, sealed, sizeof sealed, ad, sizeof AD - 1,
	    key), -1);
	/* Another database. */
	assert_int_equal(unseal(out, sealed, sizeof sealed,
	    "amparo:history:\x00\x00\x00\x00\x00\x00\x00\x01", sizeof AD - 1,
	    key), -1);
	/* A prefix or an extension of it. */
	assert_int_equal(unseal(out, sealed, sizeof sealed, AD, sizeof AD - 2,
	    key), -1);
	assert_int_equal(unseal(out, sealed, sizeof sealed, AD, sizeof AD,
	    key), -1);
	assert_int_equal(unseal(out, sealed, sizeof sealed, NULL, 0, key), -1);
}

static void
test_unseal_rejects_truncation(void **state)
{
	unsigned char	 key[KEY_BYTES], sealed[sizeof PLAIN + SEAL_OVERHEAD];
	unsigned char	*copy;
	char		 out[sizeof PLAIN];
	size_t		 n;

	(void)state;
	fixed_key(key, 6);
	seal(sealed, PLAIN, sizeof PLAIN, AD, sizeof AD - 1, key);
	for (n = 0; n < sizeof sealed; n++) {
		copy = xmalloc(n > 0 ? n : 1);
		memcpy(copy, sealed, n);
		if (unseal(out, copy, n, AD, sizeof AD - 1, key) == 0)
			fail_msg("%zu of %zu bytes unseal", n, sizeof sealed);
		free(copy);
	}
}

static void
test_seal_nonce_is_random(void **state)
{
	unsigned char	key[KEY_BYTES];
	unsigned char	a[sizeof PLAIN + SEAL_OVERHEAD];
	unsigned char	b[sizeof PLAIN + SEAL_OVERHEAD];
	char		out[sizeof PLAIN];

	(void)state;
	fixed_key(key, 7);
	seal(a, PLAIN, sizeof PLAIN, AD, sizeof AD - 1, key);
	seal(b, PLAIN, sizeof PLAIN, AD, sizeof AD - 1, key);
	assert_memory_not_equal(a, b, 24);			/* nonces */
	assert_memory_not_equal(a + 24, b + 24, sizeof PLAIN);	/* texts */
	assert_int_equal(unseal(out, b, sizeof b, AD, sizeof AD - 1, key), 0);
	assert_memory_equal(out, PLAIN, sizeof PLAIN);
}

static void
test_blind_hash(void **state)
{
	unsigned char	k1[KEY_BYTES], k2[KEY_BYTES], zero[BLIND_BYTES];
	unsigned char	h[8][BLIND_BYTES];
	size_t		i, j;

	(void)state;
	fixed_key(k1, 8);
	fixed_key(k2, 9);
	memset(zero, 0, sizeof zero);
	blind_hash(h[0], 'n', "perez", 5, k1);
	blind_hash(h[1], 'n', "perez", 5, k1);
	assert_memory_equal(h[0], h[1], BLIND_BYTES);	/* deterministic */
	assert_memory_not_equal(h[0], zero, BLIND_BYTES);
	blind_hash(h[1], 'n', "perez", 5, k2);		/* by key */
	blind_hash(h[2], 'd', "perez", 5, k1);		/* by kind */
	blind_hash(h[3], 'n', "pereza", 6, k1);		/* by token */
	blind_hash(h[4], 'n', "pere", 4, k1);		/* a prefix */
	blind_hash(h[5], 'n', "perez!", 5, k1);		/* only len counts */
	blind_hash(h[6], 'n', "Perez", 5, k1);		/* case is the caller's */
	blind_hash(h[7], 'n', "", 0, k1);
	assert_memory_equal(h[0], h[5], BLIND_BYTES);
	for (i = 0; i < 8; i++) {
		for (j = i + 1; j < 8; j++) {
			if (i == 0 && j == 5)
				continue;
			if (memcmp(h[i], h[j], BLIND_BYTES) == 0)
				fail_msg("hashes %zu and %zu are equal", i, j);
		}
	}
	/* The kind letter is not just glued to the token: 'n'+"dx" is not 'd'+... */
	blind_hash(h[0], 'n', "dperez", 6, k1);
	blind_hash(h[1], 'd', "perez", 5, k1);
	assert_memory_not_equal(h[0], h[1], BLIND_BYTES);
}

static void
test_keyring_derive(void **state)
{
	struct keyring	*a, *b, *c;

	(void)state;
	a = keyring_new();
	b = keyring_new();
	c = keyring_new();
	fixed_key(a->master, 10);
	memcpy(b->master, a->master, KEY_BYTES);
	fixed_key(c->master, 11);
	keyring_derive(a);
	keyring_derive(b);
	keyring_derive(c);
	/* Distinct from each other and from the master key. */
	assert_memory_not_equal(a->record, a->index, KEY_BYTES);
	assert_memory_not_equal(a->record, a->draft, KEY_BYTES);
	assert_memory_not_equal(a->index, a->draft, KEY_BYTES);
	assert_memory_not_equal(a->record, a->master, KEY_BYTES);
	assert_memory_not_equal(a->index, a->master, KEY_BYTES);
	assert_memory_not_equal(a->draft, a->master, KEY_BYTES);
	/* The same for the same master key, and only for it. */
	assert_memory_equal(a->record, b->record, KEY_BYTES);
	assert_memory_equal(a->index, b->index, KEY_BYTES);
	assert_memory_equal(a->draft, b->draft, KEY_BYTES);
	assert_memory_not_equal(a->record, c->record, KEY_BYTES);
	assert_memory_not_equal(a->index, c->index, KEY_BYTES);
	assert_memory_not_equal(a->draft, c->draft, KEY_BYTES);
	keyring_free(a);
	keyring_free(b);
	keyring_free(c);
	keyring_free(NULL);
}

static void
hex_decode(unsigned char *out, const char *hex, size_t n)
{
	size_t		i;
	unsigned	v;

	for (i = 0; i < n; i++) {
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			fail_msg("bad hex");
		out[i] = (unsigned char)v;
	}
}

/*
 * Subkeys and index terms are fixed by the master key for good, since
 * stored records and the index depend on them: BLAKE2b key derivation
 * (libsodium crypto_kdf, context "amparo01", ids 1, 2, 3) and
 * SipHash-2-4-128 of the kind letter and the token under the index key,
 * computed independently.
 */
static void
test_keyring_known_answers(void **state)
{
	struct keyring	*a;
	unsigned char	 want[KEY_BYTES], h[BLIND_BYTES], zero[KEY_BYTES];

	(void)state;
	a = keyring_new();
	memset(zero, 0, sizeof zero);
	/* It starts wiped. */
	assert_memory_equal(a->master, zero, KEY_BYTES);
	fixed_key(a->master, 10);
	keyring_derive(a);
	hex_decode(want, "8d56a62e896b28767231e2d6994b83a1"
	    "8fb7ff838eb1ac21f26325723f2bff8a", KEY_BYTES);
	assert_memory_equal(a->record, want, KEY_BYTES);
	hex_decode(want, "7d488c8601e783b2405cfdbec02a9871"
	    "39222ed1727f3dd8c996a4b9030d8d48", KEY_BYTES);
	assert_memory_equal(a->index, want, KEY_BYTES);
	hex_decode(want, "23d6f89095c81e4364f6c87d6a90da04"
	    "50f499ce581ae13dbc7d8a421dea0964", KEY_BYTES);
	assert_memory_equal(a->draft, want, KEY_BYTES);
	blind_hash(h, 'n', "perez", 5, a->index);
	hex_decode(want, "3d5d9d26aaec724932ff632575c1de3d", BLIND_BYTES);
	assert_memory_equal(h, want, BLIND_BYTES);
	blind_hash(h, 'd', "PA12345", 7, a->index);
	hex_decode(want, "1b59ee9e7e6588a70925baa747a6a570", BLIND_BYTES);
	assert_memory_equal(h, want, BLIND_BYTES);
	keyring_free(a);
}

static void
test_kek_derive(void **state)
{
	struct kdf_params	p;
	struct amp_err		err = { 0, "" };
	unsigned char		s1[SALT_BYTES], s2[SALT_BYTES];
	unsigned char		k1[KEY_BYTES], k2[KEY_BYTES], k3[KEY_BYTES];

	(void)state;
	kdf_params_for(KDF_MIN, &p);
	memset(s1, 0x11, sizeof s1);
	memset(s2, 0x11, sizeof s2);
	s2[SALT_BYTES - 1] = 0x12;
	assert_int_equal(kek_derive(k1, "password1", 9, s1, &p, &err), AMP_OK);
	assert_int_equal(kek_derive(k2, "password1", 9, s1, &p, &err), AMP_OK);
	assert_memory_equal(k1, k2, KEY_BYTES);
	assert_int_equal(kek_derive(k3, "password1", 9, s2, &p, &err), AMP_OK);
	assert_memory_not_equal(k1, k3, KEY_BYTES);
	assert_int_equal(kek_derive(k3, "password2", 9, s1, &p, &err), AMP_OK);
	assert_memory_not_equal(k1, k3, KEY_BYTES);
	assert_int_equal(kek_derive(k3, "password1x", 9, s1, &p, &err), AMP_OK);
	assert_memory_equal(k1, k3, KEY_BYTES);		/* the length given */
	/* Other cost parameters give another key. */
	p.ops++;
	assert_int_equal(kek_derive(k3, "password1", 9, s1, &p, &err), AMP_OK);
	assert_memory_not_equal(k1, k3, KEY_BYTES);
}

static void
test_kek_derive_rejects_bad_params(void **state)
{
	struct kdf_params	p;
	struct amp_err		err = { 0, "" };
	unsigned char		salt[SALT_BYTES], k[KEY_BYTES];

	(void)state;
	memset(salt, 0, sizeof salt);
	p.ops = 0;
	p.mem = 8192;
	assert_int_equal(kek_derive(k, "pw", 2, salt, &p, &err), AMP_ESTORE);
	assert_contains(err.msg, "out of range");
	kdf_params_for(KDF_MIN, &p);
	p.mem = 1;
	assert_int_equal(kek_derive(k, "pw", 2, salt, &p, &err), AMP_ESTORE);
	p.mem = ((uint64_t)1 << 32) + 1;		/* 4 GiB and more */
	assert_int_equal(kek_derive(k, "pw", 2, salt, &p, &err), AMP_ESTORE);
	p.mem = UINT64_MAX;
	assert_int_equal(kek_derive(k, "pw", 2, salt, &p, &err), AMP_ESTORE);
}

static void
test_kdf_levels(void **state)
{
	struct kdf_params	mn, in, mo;
	enum kdf_level		l;

	(void)state;
	assert_int_equal(kdf_parse_level("min", &l), 0);
	assert_int_equal(l, KDF_MIN);
	assert_int_equal(kdf_parse_level("interactive", &l), 0);
	assert_int_equal(l, KDF_INTERACTIVE);
	assert_int_equal(kdf_parse_level("moderate", &l), 0);
	assert_int_equal(l, KDF_MODERATE);
	l = KDF_MODERATE;
	assert_int_equal(kdf_parse_level("", &l), -1);
	assert_int_equal(kdf_parse_level("MIN", &l), -1);
	assert_int_equal(kdf_parse_level("minimum", &l), -1);
	assert_int_equal(kdf_parse_level("fast", &l), -1);
	assert_int_equal(kdf_parse_level("min ", &l), -1);
	assert_int_equal(l, KDF_MODERATE);	/* untouched on failure */
	kdf_params_for(KDF_MIN, &mn);
	kdf_params_for(KDF_INTERACTIVE, &in);
	kdf_params_for(KDF_MODERATE, &mo);
	assert_true(mn.ops <= in.ops && in.ops <= mo.ops);
	assert_true(mn.mem < in.mem && in.mem < mo.mem);
	assert_true(in.mem >= (uint64_t)64 << 20);	/* a real cost */
}

static void
test_random_fill_and_wipe(void **state)
{
	unsigned char	a[64], b[64], zero[64];

	(void)state;
	memset(zero, 0, sizeof zero);
	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	random_fill(a, sizeof a);
	random_fill(b, sizeof b);
	assert_memory_not_equal(a, zero, sizeof a);
	assert_memory_not_equal(a, b, sizeof a);
	wipe(a, sizeof a);
	assert_memory_equal(a, zero, sizeof a);
}

static struct keyring *
master_keys(unsigned char seed)
{
	struct keyring	*k = keyring_new();

	fixed_key(k->master, seed);
	keyring_derive(k);
	return (k);
}

static void
test_account_unlock(void **state)
{
	struct account	 a;
	struct keyring	*keys, *got;
	struct amp_err	 err = { 0, "" };

	(void)state;
	keys = master_keys(20);
	assert_int_equal(account_make(&a, "ana.g", "officer", "s3cret-pass", 11,
	    keys, KDF_MIN, &err), AMP_OK);
	assert_string_equal(a.name, "ana.g");
	assert_string_equal(a.role, "officer");
	assert_true(a.created > 0);
	/* The wrapped key is not the key. */
	assert_null(memmem(a.wrapped, WRAP_BYTES, keys->master, KEY_BYTES));
	got = keyring_new();
	assert_int_equal(account_unlock(&a, "s3cret-pass", 11, got, &err),
	    AMP_OK);
	assert_memory_equal(got->master, keys->master, KEY_BYTES);
	assert_memory_equal(got->record, keys->record, KEY_BYTES);
	assert_memory_equal(got->index, keys->index, KEY_BYTES);
	assert_memory_equal(got->draft, keys->draft, KEY_BYTES);
	keyring_free(got);
	keyring_free(keys);
	account_free(&a);
}

static void
test_account_unlock_wrong_password(void **state)
{
	static const char *const wrong[] = {
		"s3cret-pasS", "s3cret-pas", "s3cret-pass ", "", "S3CRET-PASS",
	};
	struct account	 a;
	struct keyring	*keys, *got;
	struct amp_err	 err = { 0, "" };
	size_t		 i;

	(void)state;
	keys = master_keys(21);
	assert_int_equal(account_make(&a, "ana", "officer", "s3cret-pass", 11,
	    keys, KDF_MIN, &err), AMP_OK);
	got = keyring_new();
	for (i = 0; i < nitems(wrong); i++) {
		err_clear(&err);
		assert_int_equal(account_unlock(&a, wrong[i], strlen(wrong[i]),
		    got, &err), AMP_EAUTH);
		assert_contains(err.msg, "wrong user name or password");
	}
	keyring_free(got);
	keyring_free(keys);
	account_free(&a);
}

/*
 * A wrapped key is bound to its account: copied to another name it does not
 * open.
 */
static void
test_account_wrap_bound_to_name(void **state)
{
	struct account	 a;
	struct keyring	*keys, *got;
	struct amp_err	 err = { 0, "" };
	char		*saved;

	(void)state;
	keys = master_keys(22);
	assert_int_equal(account_make(&a, "ana", "officer", "s3cret-pass", 11,
	    keys, KDF_MIN, &err), AMP_OK);
	saved = a.name;
	a.name = xstrdup("mallory");
	got = keyring_new();
	assert_int_equal(account_unlock(&a, "s3cret-pass", 11, got, &err),
	    AMP_EAUTH);
	free(a.name);
	a.name = saved;
	/* Damage to the wrapped key or the salt is noticed. */
	a.wrapped[30] ^= 0x40;
	assert_int_equal(account_unlock(&a, "s3cret-pass", 11, got, &err),
	    AMP_EAUTH);
	a.wrapped[30] ^= 0x40;
	a.salt[0] ^= 1;
	assert_int_equal(account_unlock(&a, "s3cret-pass", 11, got, &err),
	    AMP_EAUTH);
	a.salt[0] ^= 1;
	assert_int_equal(account_unlock(&a, "s3cret-pass", 11, got, &err),
	    AMP_OK);
	keyring_free(got);
	keyring_free(keys);
	account_free(&a);
}

static void
test_account_make_same_password_differs(void **state)
{
	struct account	 a, b;
	struct keyring	*keys;
	struct amp_err	 err = { 0, "" };

	(void)state;
	keys = master_keys(23);
	assert_int_equal(account_make(&a, "ana", "officer", "s3cret-pass", 11,
	    keys, KDF_MIN, &err), AMP_OK);
	assert_int_equal(account_make(&b, "ana", "officer", "s3cret-pass", 11,
	    keys, KDF_MIN, &err), AMP_OK);
	assert_memory_not_equal(a.salt, b.salt, SALT_BYTES);
	assert_memory_not_equal(a.wrapped, b.wrapped, WRAP_BYTES);
	account_free(&a);
	account_free(&b);
	keyring_free(keys);
}

static void
test_account_make_rejects(void **state)
{
	struct account	 a;
	struct keyring	*keys;
	struct amp_err	 err = { 0, "" };

	(void)state;
	keys = master_keys(24);
	assert_int_equal(account_make(&a, "bad name", "officer", "s3cret-pass",
	    11, keys, KDF_MIN, &err), AMP_EUSAGE);
	assert_contains(err.msg, "not a valid account name");
	assert_null(a.name);
	assert_int_equal(account_make(&a, "ana", "officer", "1234567", 7, keys,
	    KDF_MIN, &err), AMP_EUSAGE);
	assert_contains(err.msg, "at least 8 characters");
	assert_int_equal(account_make(&a, "ana", "admin", "12345678", 8, keys,
	    KDF_MIN, &err), AMP_OK);
	account_free(&a);
	keyring_free(keys);
}

static void
test_account_name_valid(void **state)
{
	static const char *const good[] = {
		"ana", "A", "z9", "ana.garcia", "ana_g-2", "a.", "a-", "_ana",
		"0ana",
	};
	static const char *const bad[] = {
		"", "-ana", ".ana", "ana garcia", "ana/x", "ana:x", "ana@x",
		"jos\xc3\xa9", "ana\t", "ana\n", "..", "a\\b", "a*",
	};
	char	name[ACCOUNT_NAME_MAX + 2];
	size_t	i;

	(void)state;
	for (i = 0; i < nitems(good); i++) {
		if (!account_name_valid(good[i]))
			fail_msg("\"%s\" should be valid", good[i]);
	}
	for (i = 0; i < nitems(bad); i++) {
		if (account_name_valid(bad[i]))
			fail_msg("\"%s\" should be invalid", bad[i]);
	}
	assert_false(account_name_valid(NULL));
	memset(name, 'a', sizeof name);
	name[ACCOUNT_NAME_MAX] = '\0';
	assert_true(account_name_valid(name));		/* 64 characters */
	name[ACCOUNT_NAME_MAX] = 'a';
	name[ACCOUNT_NAME_MAX + 1] = '\0';
	assert_false(account_name_valid(name));		/* 65 */
}

/* The roles of a forms directory without a roles file. */
static void
test_roles(void **state)
{
	struct policy		*p;
	const struct role	*r;

	(void)state;
	p = policy_default();
	assert_int_equal(p->nroles, 3);
	assert_non_null(r = policy_role(p, "admin"));
	assert_true(r->admin & PA_ACCOUNTS);
	assert_int_equal(r->cases, SCOPE_ALL);
	assert_non_null(r = policy_role(p, "officer"));
	assert_int_equal(r->admin, 0);
	assert_int_equal(r->cases, SCOPE_INSTITUTION);
	assert_int_equal(role_form_perms(r, "intake"),
	    PF_VIEW | PF_CREATE | PF_EDIT | PF_EXPORT);
	assert_false(role_has_class(r, "gbv"));
	assert_null(policy_role(p, "Admin"));
	assert_null(policy_role(p, ""));
	assert_string_equal(policy_role_names(p), "admin, officer, supervisor");
	assert_int_equal(p->lockout, POLICY_LOCKOUT);
	assert_int_equal(p->idle_lock, POLICY_IDLE_LOCK);
	policy_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seal_round_trip),
		cmocka_unit_test(test_seal_empty),
		cmocka_unit_test(test_unseal_rejects_any_flipped_bit),
		cmocka_unit_test(test_unseal_rejects_wrong_key),
		cmocka_unit_test(test_unseal_rejects_other_associated_data),
		cmocka_unit_test(test_unseal_rejects_truncation),
		cmocka_unit_test(test_seal_nonce_is_random),
		cmocka_unit_test(test_blind_hash),
		cmocka_unit_test(test_keyring_derive),
		cmocka_unit_test(test_keyring_known_answers),
		cmocka_unit_test(test_kek_derive),
		cmocka_unit_test(test_kek_derive_rejects_bad_params),
		cmocka_unit_test(test_kdf_levels),
		cmocka_unit_test(test_random_fill_and_wipe),
		cmocka_unit_test(test_account_unlock),
		cmocka_unit_test(test_account_unlock_wrong_password),
		cmocka_unit_test(test_account_wrap_bound_to_name),
		cmocka_unit_test(test_account_make_same_password_differs),
		cmocka_unit_test(test_account_make_rejects),
		cmocka_unit_test(test_account_name_valid),
		cmocka_unit_test(test_roles),
	};

	unit_crypto_setup();
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
