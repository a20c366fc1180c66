/* test-text.c: unit tests of UTF-8 handling, search folding, dates and the seeded generator. */

#include "unit.h"

#include <locale.h>
#include <time.h>
#include <wctype.h>

/* utf8_decode with *cp poisoned first, so that a stale value cannot pass. */
static size_t
dec(const char *s, size_t len, uint32_t *cp)
{
	*cp = 0xffffffff;
	return (utf8_decode(s, len, cp));
}

static void
test_utf8_decode_ascii_and_multibyte(void **state)
{
	uint32_t	c;

	(void)state;
	assert_int_equal(dec("A", 1, &c), 1);
	assert_int_equal(c, 'A');
	assert_int_equal(dec("\x7f", 1, &c), 1);
	assert_int_equal(c, 0x7f);
	assert_int_equal(dec("\xc3\xa9", 2, &c), 2);		/* é */
	assert_int_equal(c, 0xe9);
	assert_int_equal(dec("\xe2\x82\xac", 3, &c), 3);	/* € */
	assert_int_equal(c, 0x20ac);
	assert_int_equal(dec("\xf0\x9f\x98\x80", 4, &c), 4);	/* 😀 */
	assert_int_equal(c, 0x1f600);
	assert_int_equal(dec("\xf4\x8f\xbf\xbf", 4, &c), 4);	/* U+10FFFF */
	assert_int_equal(c, 0x10ffff);
	/* Only the first code point is taken. */
	assert_int_equal(dec("\xc3\xb1xyz", 5, &c), 2);
	assert_int_equal(c, 0xf1);
	assert_int_equal(dec("", 0, &c), 0);
}

static void
test_utf8_round_trip_every_code_point(void **state)
{
	char		buf[4];
	uint32_t	c, got;
	size_t		n, want;

	(void)state;
	for (c = 0; c <= 0x10ffff; c++) {
		if (c >= 0xd800 && c <= 0xdfff)
			continue;
		want = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
		n = utf8_encode(c, buf);
		if (n != want)
			fail_msg("U+%04X encodes to %zu bytes, not %zu",
			    (unsigned)c, n, want);
		if (utf8_decode(buf, n, &got) != n || got != c)
			fail_msg("U+%04X does not decode back", (unsigned)c);
		/* Every proper prefix is a truncated sequence. */
		if (n > 1 && utf8_decode(buf, n - 1, &got) != 0)
			fail_msg("U+%04X truncated still decodes", (unsigned)c);
	}
}

static void
test_utf8_decode_rejects_overlong(void **state)
{
	static const char *const bad[] = {
		"\xc0\x80", "\xc0\xaf", "\xc1\xbf",		/* 2-byte overlong */
		"\xe0\x80\x80", "\xe0\x80\xaf", "\xe0\x9f\xbf",	/* 3-byte overlong */
		"\xf0\x80\x80\x80", "\xf0\x80\x80\xaf",
		"\xf0\x8f\xbf\xbf",				/* 4-byte overlong */
	};
	uint32_t	c;
	size_t		i;

	(void)state;
	for (i = 0; i < nitems(bad); i++) {
		if (dec(bad[i], strlen(bad[i]), &c) != 0)
			fail_msg("overlong sequence %zu accepted as U+%04X", i,
			    (unsigned)c);
		assert_false(utf8_valid(bad[i], strlen(bad[i])));
	}
	/* The shortest forms of the same characters are fine. */
	assert_int_equal(dec("\xc2\x80", 2, &c), 2);
	assert_int_equal(dec("\xe0\xa0\x80", 3, &c), 3);
	assert_int_equal(dec("\xf0\x90\x80\x80", 4, &c), 4);
}

static void
test_utf8_decode_rejects_surrogates_and_out_of_range(void **state)
{
	static const char *const bad[] = {
		"\xed\xa0\x80", "\xed\xad\xbf", "\xed\xae\x80", "\xed\xbf\xbf",
		"\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xf7\xbf\xbf\xbf",
		"\xf8\x88\x80\x80\x80", "\xfc\x84\x80\x80\x80\x80", "\xfe", "\xff",
	};
	uint32_t	c;
	size_t		i;

	(void)state;
	for (i = 0; i < nitems(bad); i++) {
		if (dec(bad[i], strlen(bad[i]), &c) != 0)
			fail_msg("sequence %zu accepted as U+%04X", i,
			    (unsigned)c);
	}
	/* Next to the surrogates. */
	assert_int_equal(dec("\xed\x9f\xbf", 3, &c), 3);
	assert_int_equal(c, 0xd7ff);
	assert_int_equal(dec("\xee\x80\x80", 3, &c), 3);
	assert_int_equal(c, 0xe000);
}

static void
test_utf8_decode_rejects_truncated(void **state)
{
	uint32_t	c;

	(void)state;
	assert_int_equal(dec("\xc3", 1, &c), 0);
	assert_int_equal(dec("\xe2\x82", 2, &c), 0);
	assert_int_equal(dec("\xf0\x9f\x98", 3, &c), 0);
	/* A length shorter than the buffer counts. */
	assert_int_equal(dec("\xe2\x82\xac", 2, &c), 0);
	/* A lead byte followed by something that is not a continuation. */
	assert_int_equal(dec("\xc3" "A", 2, &c), 0);
	assert_int_equal(dec("\xe2\x82" "A", 3, &c), 0);
	assert_int_equal(dec("\xe2" "AB", 3, &c), 0);
	assert_int_equal(dec("\xf0\x9f\x98" "A", 4, &c), 0);
	/* A stray continuation byte. */
	assert_int_equal(dec("\x80", 1, &c), 0);
	assert_int_equal(dec("\xbf", 1, &c), 0);
	assert_false(utf8_valid("abc\xc3", 4));
	assert_true(utf8_valid("abc\xc3\xa9", 5));
	assert_true(utf8_valid("", 0));
}

static void
test_utf8_prev(void **state)
{
	const char	*s = "a\xc3\xa9\xe2\x82\xac" "b";	/* a é € b */

	(void)state;
	assert_int_equal(utf8_prev(s, 7), 6);
	assert_int_equal(utf8_prev(s, 6), 3);
	assert_int_equal(utf8_prev(s, 3), 1);
	assert_int_equal(utf8_prev(s, 1), 0);
	assert_int_equal(utf8_prev(s, 0), 0);
}

/* utf8_clean of a NUL-terminated string, compared and freed. */
static void
check_clean(const char *in, size_t len, const char *want)
{
	char	*got = utf8_clean(in, len);

	if (strcmp(got, want) != 0) {
		print_message("# utf8_clean gave \"%s\", want \"%s\"\n", got,
		    want);
		free(got);
		fail();
	}
	free(got);
}
#define CLEAN(in, want) check_clean((in), sizeof(in) - 1, (want))

static void
test_utf8_clean_controls(void **state)
{
	(void)state;
	CLEAN("plain text", "plain text");
	CLEAN("a\x01" "b\x7f" "c", "abc");			/* C0, DEL */
	CLEAN("a\nb\rc\x0b" "d\x0c" "e", "abcde");
	CLEAN("a\tb\t\tc", "a b  c");			/* tab becomes space */
	CLEAN("x\xc2\x80" "y\xc2\x85" "z\xc2\x9f", "xyz");	/* C1 */
	CLEAN("Jos\xc3\xa9", "Jos\xc3\xa9");		/* letters kept */
	CLEAN("a\0b", "ab");				/* NUL inside */
	CLEAN("a\xff" "b\xc3" "c\xed\xa0\x80" "d", "abcd");	/* invalid bytes */
	CLEAN("", "");
}

static void
test_utf8_clean_format_characters(void **state)
{
	(void)state;
	CLEAN("\xe2\x80\xae" "evil", "evil");		/* U+202E RLO */
	CLEAN("a\xe2\x80\xaa" "b\xe2\x80\xac" "c", "abc");	/* LRE, PDF */
	CLEAN("a\xe2\x81\xa6" "b\xe2\x81\xa9" "c", "abc");	/* LRI, PDI */
	CLEAN("in\xe2\x80\x8bvisible", "invisible");	/* ZWSP */
	CLEAN("a\xe2\x80\x8c" "b\xe2\x80\x8d" "c", "abc");	/* ZWNJ, ZWJ */
	CLEAN("a\xe2\x80\x8e" "b\xe2\x80\x8f" "c", "abc");	/* LRM, RLM */
	CLEAN("\xef\xbb\xbf" "bom", "bom");		/* BOM */
	CLEAN("a\xe2\x81\xa0" "b", "ab");		/* word joiner */
	CLEAN("a\xef\xbf\xb9" "b\xef\xbf\xbb" "c", "abc");	/* annotations */
	/* Visible neighbours are kept. */
	CLEAN("a\xe2\x80\x94" "b", "a\xe2\x80\x94" "b");	/* em dash */
	CLEAN("\xc2\xa0", "\xc2\xa0");			/* no-break space */
	assert_true(utf8_unwanted(0x202e));
	assert_true(utf8_unwanted(0x200b));
	assert_true(utf8_unwanted(0xfeff));
	assert_true(utf8_unwanted(0x9b));
	assert_false(utf8_unwanted(' '));
	assert_false(utf8_unwanted(0xa0));
	assert_false(utf8_unwanted(0x2030));
}

static void
test_utf8_clean_csi_sequences(void **state)
{
	(void)state;
	CLEAN("\033[31mred\033[0m", "red");
	CLEAN("\033[1;31;40mbold\033[m!", "bold!");
	CLEAN("a\033[2Jb", "ab");			/* erase screen */
	CLEAN("a\033[?1049hb", "ab");			/* private mode */
	CLEAN("a\033[10;20Hb", "ab");			/* cursor move */
	CLEAN("a\033OAb", "ab");			/* SS3 key */
	CLEAN("tail\033[", "tail");			/* cut short */
	CLEAN("tail\033[12", "tail");
	CLEAN("a\033b", "ab");				/* a lone ESC */
}

/* OSC (title setting, hyperlinks) and DCS end with BEL or ST, not a letter. */
static void
test_utf8_clean_osc_and_dcs_sequences(void **state)
{
	(void)state;
	CLEAN("\033]0;title\007text", "text");
	CLEAN("\033]2;evil title\033\\text", "text");
	CLEAN("\033]8;;http://x.example/\033\\link\033]8;;\033\\", "link");
	CLEAN("\033Pq#0;2;0;0;0\033\\after", "after");
}

static void
check_fold(const char *in, const char *want)
{
	char	*got = text_fold(in);

	if (strcmp(got, want) != 0) {
		print_message("# text_fold(\"%s\") gave \"%s\", want \"%s\"\n",
		    in, got, want);
		free(got);
		fail();
	}
	free(got);
}

static void
test_fold_spanish_names(void **state)
{
	(void)state;
	check_fold("Jos\xc3\xa9 P\xc3\xa9rez", "jose perez");
	check_fold("MAR\xc3\x8d" "A-JOS\xc3\x89", "maria jose");
	check_fold("\xc3\x91" "and\xc3\xba", "nandu");
	check_fold("Mu\xc3\xb1oz Ib\xc3\xa1\xc3\xb1" "ez", "munoz ibanez");
	check_fold("G\xc3\xbc" "ELL", "guell");
	check_fold("\xc3\x81" "VILA", "avila");
	check_fold("Fran\xc3\xa7ois", "francois");
	check_fold("Stra\xc3\x9f" "e", "strasse");
	check_fold("\xc5\x81\xc3\xb3" "d\xc5\xba", "lodz");
	check_fold("\xc3\x86" "SIR", "aesir");
}

static void
test_fold_apostrophes(void **state)
{
	(void)state;
	check_fold("O'Brien", "obrien");
	check_fold("O\xe2\x80\x99" "Brien", "obrien");		/* ’ */
	check_fold("D\xe2\x80\x98" "Angelo", "dangelo");	/* ‘ */
	check_fold("O`Neil", "oneil");
	check_fold("N\xc2\xb4" "Diaye", "ndiaye");		/* ´ */
}

static void
test_fold_combining_accents(void **state)
{
	(void)state;
	check_fold("e\xcc\x81", "e");
	check_fold("Jose\xcc\x81 Pe\xcc\x81rez", "jose perez");
	check_fold("N\xcc\x83" "andu\xcc\x81", "nandu");
	check_fold("a\xcc\x8a\xcc\x81", "a");		/* two marks */
}

static void
test_fold_cyrillic_greek(void **state)
{
	(void)state;
	/* ИВАН ПЕТРОВ -> иван петров */
	check_fold("\xd0\x98\xd0\x92\xd0\x90\xd0\x9d \xd0\x9f\xd0\x95\xd0\xa2"
	    "\xd0\xa0\xd0\x9e\xd0\x92",
	    "\xd0\xb8\xd0\xb2\xd0\xb0\xd0\xbd \xd0\xbf\xd0\xb5\xd1\x82\xd1\x80"
	    "\xd0\xbe\xd0\xb2");
	/* Already lower case stays as it is. */
	check_fold("\xd0\xb8\xd0\xb2\xd0\xb0\xd0\xbd",
	    "\xd0\xb8\xd0\xb2\xd0\xb0\xd0\xbd");
	/* ΑΘΗΝΑ and Αθηνά -> αθηνα */
	check_fold("\xce\x91\xce\x98\xce\x97\xce\x9d\xce\x91",
	    "\xce\xb1\xce\xb8\xce\xb7\xce\xbd\xce\xb1");
	check_fold("\xce\x91\xce\xb8\xce\xb7\xce\xbd\xce\xac",
	    "\xce\xb1\xce\xb8\xce\xb7\xce\xbd\xce\xb1");
}

/*
 * A Greek name typed in capitals and in lower case must fold alike:
 * ΣΩΚΡΑΤΗΣ and Σωκράτης (final sigma ς) are the same name.
 */
static void
test_fold_greek_final_sigma(void **state)
{
	char	*upper, *lower;

	(void)state;
	upper = text_fold("\xce\xa3\xce\xa9\xce\x9a\xce\xa1\xce\x91\xce\xa4"
	    "\xce\x97\xce\xa3");
	lower = text_fold("\xce\xa3\xcf\x89\xce\xba\xcf\x81\xce\xac\xcf\x84"
	    "\xce\xb7\xcf\x82");
	if (strcmp(upper, lower) != 0) {
		print_message("# ΣΩΚΡΑΤΗΣ folds to \"%s\", Σωκράτης to \"%s\"\n",
		    upper, lower);
		free(upper);
		free(lower);
		fail();
	}
	free(upper);
	free(lower);
}

static void
test_fold_punctuation_and_spaces(void **state)
{
	(void)state;
	check_fold("  hello  ", "hello");
	check_fold("a -- b,,, c", "a b c");
	check_fold("\xc2\xa1Hola!  \xc2\xbf" "Qu\xc3\xa9 tal?", "hola que tal");
	check_fold("a\xc2\xa0" "b", "a b");			/* no-break space */
	check_fold("a\xe2\x80\x94" "b", "a b");			/* em dash */
	check_fold("a\xc3\x97" "b", "a b");			/* × */
	check_fold("x.y/z_w", "x y z w");
	check_fold("...", "");
	check_fold("", "");
	check_fold("ABC123", "abc123");
	check_fold("\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\xa3", "abc");	/* fullwidth */
	check_fold("a\xffz", "az");				/* invalid byte */
	check_fold("\xe4\xb8\xad\xe6\x96\x87", "\xe4\xb8\xad\xe6\x96\x87");
}

static void
test_fold_independent_of_locale(void **state)
{
	static const char *const in[] = {
		"Jos\xc3\xa9 P\xc3\xa9rez", "MAR\xc3\x8d" "A-JOS\xc3\x89",
		"Stra\xc3\x9f" "e", "\xd0\x98\xd0\x92\xd0\x90\xd0\x9d",
		"\xc4\xb0stanbul", "\xc3\x91" "and\xc3\xba", "O'Brien",
	};
	char	*before[nitems(in)], *after, *saved;
	size_t	 i;

	(void)state;
	for (i = 0; i < nitems(in); i++)
		before[i] = text_fold(in[i]);
	saved = xstrdup(setlocale(LC_ALL, NULL));
	assert_non_null(setlocale(LC_ALL, "C"));
	for (i = 0; i < nitems(in); i++) {
		after = text_fold(in[i]);
		if (strcmp(before[i], after) != 0)
			fail_msg("\"%s\" folds to \"%s\" in C, \"%s\" in %s",
			    in[i], after, before[i], saved);
		free(after);
	}
	setlocale(LC_ALL, saved);
	free(saved);
	for (i = 0; i < nitems(in); i++)
		free(before[i]);
}

static void
test_next_token(void **state)
{
	char		 tok[TOKEN_MAX];
	const char	*p = "  jose  perez gonzalez ";

	(void)state;
	assert_int_equal(text_next_token(&p, tok, sizeof tok), 4);
	assert_string_equal(tok, "jose");
	assert_int_equal(text_next_token(&p, tok, sizeof tok), 5);
	assert_string_equal(tok, "perez");
	assert_int_equal(text_next_token(&p, tok, sizeof tok), 8);
	assert_string_equal(tok, "gonzalez");
	assert_int_equal(text_next_token(&p, tok, sizeof tok), 0);
	assert_string_equal(tok, "");
	assert_int_equal(text_next_token(&p, tok, sizeof tok), 0);
	p = "";
	assert_int_equal(text_next_token(&p, tok, sizeof tok), 0);
}

static void
test_next_token_truncates_at_character_boundary(void **state)
{
	struct buf	 b = { 0 };
	char		 tok[TOKEN_MAX], small[9];
	const char	*p;
	size_t		 i, n;

	(void)state;
	/*
	 * 100 ASCII letters: TOKEN_MAX - 1 of them, and the next token follows.
	 */
	for (i = 0; i < 100; i++)
		buf_add(&b, "a", 1);
	buf_add(&b, " next", 6);
	p = (const char *)b.p;
	assert_int_equal(text_next_token(&p, tok, sizeof tok), TOKEN_MAX - 1);
	assert_int_equal(strlen(tok), TOKEN_MAX - 1);
	assert_int_equal(text_next_token(&p, tok, sizeof tok), 4);
	assert_string_equal(tok, "next");
	buf_free(&b);

	/* 40 two-byte letters (80 bytes): cut to 31 whole letters, 62 bytes. */
	for (i = 0; i < 40; i++)
		buf_add(&b, "\xd0\xb6", 2);
	buf_add(&b, " x", 3);
	p = (const char *)b.p;
	n = text_next_token(&p, tok, sizeof tok);
	assert_int_equal(n, 62);
	assert_int_equal(strlen(tok), 62);
	assert_true(utf8_valid(tok, n));
	assert_int_equal(text_next_token(&p, tok, sizeof tok), 1);
	assert_string_equal(tok, "x");
	buf_free(&b);

	/* Three-byte letters into 9 bytes: 8 would split one, so 6. */
	p = "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97\xe7\xac\xa6";
	n = text_next_token(&p, small, sizeof small);
	assert_int_equal(n, 6);
	assert_string_equal(small, "\xe4\xb8\xad\xe6\x96\x87");
	assert_int_equal(*p, '\0');
}

static void
check_docnum(const char *in, const char *want)
{
	char	*got = text_docnum(in);

	if (strcmp(got, want) != 0) {
		print_message("# text_docnum(\"%s\") gave \"%s\", want \"%s\"\n",
		    in, got, want);
		free(got);
		fail();
	}
	free(got);
}

static void
test_docnum(void **state)
{
	(void)state;
	check_docnum("pa-12 345", "PA12345");
	check_docnum("PA12345", "PA12345");
	check_docnum("  pa.12/345  ", "PA12345");
	check_docnum("\xc3\x91" "1-2", "N12");
	check_docnum("ab\tcd", "ABCD");
	check_docnum("--", "");
	check_docnum("", "");
	check_docnum("x\xe2\x80\x94" "9", "X9");
}

static void
check_translit(uint32_t c, const char *want)
{
	char	out[5];
	size_t	n;

	n = text_translit(c, out);
	out[n] = '\0';
	if (strcmp(out, want) != 0)
		fail_msg("text_translit(U+%04X) gave \"%s\", want \"%s\"",
		    (unsigned)c, out, want);
}

static void
test_translit(void **state)
{
	(void)state;
	check_translit('A', "A");
	check_translit('z', "z");
	check_translit(0xc9, "E");		/* É */
	check_translit(0xe9, "e");		/* é */
	check_translit(0xf1, "n");		/* ñ */
	check_translit(0xd1, "N");		/* Ñ */
	check_translit(0xdf, "ss");		/* ß */
	check_translit(0x178, "Y");		/* Ÿ */
	check_translit(0xff, "y");		/* ÿ */
	check_translit(0x141, "L");		/* Ł */
	check_translit(0x142, "l");		/* ł */
	check_translit(0x150, "O");		/* Ő */
	check_translit(0x151, "o");		/* ő */
	check_translit(0x17d, "Z");		/* Ž */
	check_translit(0x17e, "z");		/* ž */
	check_translit(0x1ea0, "A");		/* Ạ */
	check_translit(0x1ea1, "a");		/* ạ */
	check_translit(0xa0, " ");		/* no-break space */
	check_translit(0x4e2d, "?");		/* 中 */
	check_translit(0x416, "?");		/* Ж */
	check_translit(0xbf, "?");		/* ¿ */
}

/*
 * The case of a transliterated letter is the letter's own (as Unicode has
 * it), over the blocks text_translit says it covers: Latin-1, Latin
 * Extended-A and Latin Extended Additional.
 */
static void
test_translit_keeps_case(void **state)
{
	static const uint32_t	ranges[][2] = {
		{ 0xc0, 0x17f }, { 0x1e00, 0x1eff },
	};
	char		 out[5];
	char		*saved;
	uint32_t	 c;
	size_t		 r, n, bad = 0;
	int		 want_upper, got_upper;

	(void)state;
	saved = xstrdup(setlocale(LC_CTYPE, NULL));
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) {
		free(saved);
		skip();
	}
	for (r = 0; r < nitems(ranges); r++) {
		for (c = ranges[r][0]; c <= ranges[r][1]; c++) {
			n = text_translit(c, out);
			if (n == 0 || !((out[0] >= 'a' && out[0] <= 'z') ||
			    (out[0] >= 'A' && out[0] <= 'Z')))
				continue;
			if (!iswupper((wint_t)c) && !iswlower((wint_t)c))
				continue;
			want_upper = iswupper((wint_t)c) != 0;
			got_upper = out[0] >= 'A' && out[0] <= 'Z';
			if (want_upper != got_upper) {
				print_message("# U+%04X is %s case but "
				    "transliterates to \"%.*s\"\n", (unsigned)c,
				    want_upper ? "upper" : "lower", (int)n, out);
				bad++;
			}
		}
	}
	setlocale(LC_CTYPE, saved);
	free(saved);
	assert_int_equal(bad, 0);
}

/* Capitals outside Extended-A: Romanian Ș Ț, Vietnamese Ơ Ư, Ǎ. */
static void
test_translit_keeps_case_extended_b(void **state)
{
	(void)state;
	check_translit(0x218, "S");		/* Ș */
	check_translit(0x219, "s");		/* ș */
	check_translit(0x21a, "T");		/* Ț */
	check_translit(0x21b, "t");		/* ț */
	check_translit(0x1a0, "O");		/* Ơ */
	check_translit(0x1a1, "o");		/* ơ */
	check_translit(0x1af, "U");		/* Ư */
	check_translit(0x1b0, "u");		/* ư */
	check_translit(0x1cd, "A");		/* Ǎ */
}

static void
test_utf8_width(void **state)
{
	char	*saved;

	(void)state;
	saved = xstrdup(setlocale(LC_CTYPE, NULL));
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) {
		free(saved);
		skip();
	}
	assert_int_equal(utf8_width(""), 0);
	assert_int_equal(utf8_width("abc"), 3);
	assert_int_equal(utf8_width("Jos\xc3\xa9"), 4);
	assert_int_equal(utf8_width("Jose\xcc\x81"), 4);	/* combining */
	assert_int_equal(utf8_width("\xe4\xb8\xad\xe6\x96\x87"), 4);	/* wide */
	assert_int_equal(utf8_width("a\x01" "b"), 2);	/* control: none */
	assert_int_equal(utf8_width("a\xff" "b"), 3);	/* invalid byte: one */
	assert_int_equal(utf8_cpwidth('x'), 1);
	assert_int_equal(utf8_cpwidth(0x7f), 0);
	assert_int_equal(utf8_cpwidth(0x4e2d), 2);
	assert_int_equal(utf8_cpwidth(0x301), 0);
	setlocale(LC_CTYPE, saved);
	free(saved);
}

static void
check_date(const char *s, int y, int m, int d)
{
	int	gy = 0, gm = 0, gd = 0;

	if (date_parse(s, &gy, &gm, &gd) != 0)
		fail_msg("date_parse(\"%s\") failed", s);
	if (gy != y || gm != m || gd != d)
		fail_msg("date_parse(\"%s\") gave %04d-%02d-%02d, want "
		    "%04d-%02d-%02d", s, gy, gm, gd, y, m, d);
}

static void
check_date_bad(const char *s)
{
	int	y, m, d;

	if (date_parse(s, &y, &m, &d) == 0)
		fail_msg("date_parse(\"%s\") accepted as %04d-%02d-%02d", s, y,
		    m, d);
}

static void
test_date_parse_formats(void **state)
{
	(void)state;
	check_date("2026-03-07", 2026, 3, 7);
	check_date("1990-3-7", 1990, 3, 7);
	check_date("7/3/1990", 1990, 3, 7);
	check_date("07/03/1990", 1990, 3, 7);
	check_date("07-03-1990", 1990, 3, 7);
	check_date("07.03.1990", 1990, 3, 7);
	check_date("31.12.1999", 1999, 12, 31);
	check_date("  1990-03-07  ", 1990, 3, 7);
	check_date("1850-01-01", 1850, 1, 1);
	check_date("31/12/2200", 2200, 12, 31);
}

static void
test_date_parse_calendar(void **state)
{
	(void)state;
	check_date_bad("31/02/1990");
	check_date_bad("30/02/2024");
	check_date_bad("29/02/2023");
	check_date("29/02/2024", 2024, 2, 29);
	check_date("29/02/2000", 2000, 2, 29);
	check_date_bad("29/02/1900");
	check_date_bad("31/04/2020");
	check_date("30/04/2020", 2020, 4, 30);
	check_date_bad("00/01/2020");
	check_date_bad("2020-00-10");
	check_date_bad("2020-13-01");
	check_date_bad("32/01/2020");
}

static void
test_date_parse_garbage(void **state)
{
	(void)state;
	check_date_bad("");
	check_date_bad("   ");
	check_date_bad("today");
	check_date_bad("1990");
	check_date_bad("1990-03");
	check_date_bad("1990-03-07x");
	check_date_bad("1990-03-07 12:00");
	check_date_bad("07/03/1990 junk");
	check_date_bad("1990/03-07");			/* mixed separators */
	check_date_bad("07 03 1990");
	check_date_bad("7/3/90");			/* two-digit year */
	check_date_bad("12345-01-01");
	check_date_bad("1990-003-07");
	check_date_bad("-1990-03-07");
	check_date_bad("+1990-03-07");
	check_date_bad("1990--03-07");
	check_date_bad("\xef\xbc\x91\xef\xbc\x99\xef\xbc\x99\xef\xbc\x90-01-01");
}

static void
test_date_parse_year_range(void **state)
{
	(void)state;
	check_date_bad("1849-12-31");
	check_date_bad("31/12/1849");
	check_date_bad("2201-01-01");
	check_date_bad("0001-01-01");
	check_date_bad("9999-12-31");
	assert_true(date_valid(1850, 1, 1));
	assert_false(date_valid(1849, 12, 31));
	assert_true(date_valid(2200, 12, 31));
	assert_false(date_valid(2201, 1, 1));
}

static void
test_date_days_known_values(void **state)
{
	int	y, m, d;

	(void)state;
	assert_int_equal(date_days(1970, 1, 1), 0);
	assert_int_equal(date_days(1969, 12, 31), -1);
	assert_int_equal(date_days(2000, 3, 1), 11017);
	assert_int_equal(date_days(2026, 3, 7), 20519);
	assert_int_equal(date_days(1850, 1, 1), -43829);
	assert_int_equal(date_days(1, 1, 1), -719162);
	date_from_days(-1, &y, &m, &d);
	assert_int_equal(y, 1969);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
}

/* Walk the calendar day by day from 0001-01-01 to 9999-12-31. */
static void
test_date_days_round_trip(void **state)
{
	static const int	mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31,
	    30, 31, 30, 31 };
	int64_t			z = date_days(1, 1, 1);
	int			y = 1, m = 1, d = 1, gy, gm, gd, len;

	(void)state;
	for (;;) {
		if (date_days(y, m, d) != z)
			fail_msg("date_days(%d-%d-%d) is %lld, want %lld", y, m,
			    d, (long long)date_days(y, m, d), (long long)z);
		date_from_days(z, &gy, &gm, &gd);
		if (gy != y || gm != m || gd != d)
			fail_msg("date_from_days(%lld) gave %d-%d-%d, want "
			    "%d-%d-%d", (long long)z, gy, gm, gd, y, m, d);
		if (y == 9999 && m == 12 && d == 31)
			break;
		len = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) ||
		    y % 400 == 0));
		if (++d > len) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
		z++;
	}
	assert_int_equal(z, 2932896);
}

static void
test_date_today_fixed(void **state)
{
	int64_t	now;

	(void)state;
	setenv("AMPARO_TODAY", "2026-03-07", 1);
	assert_int_equal(date_today_days(), date_days(2026, 3, 7));
	setenv("AMPARO_TODAY", "29/02/2024", 1);
	assert_int_equal(date_today_days(), date_days(2024, 2, 29));
	/* Something that is not a date is ignored: today it is. */
	setenv("AMPARO_TODAY", "yesterday", 1);
	now = (int64_t)time(NULL) / 86400;
	assert_in_range(date_today_days(), now - 1, now + 1);
	unsetenv("AMPARO_TODAY");
	assert_in_range(date_today_days(), now - 1, now + 1);
}

static void
test_time_format_and_year(void **state)
{
	char	buf[64];
	int64_t	t = date_days(2026, 6, 15) * 86400 + 12 * 3600;

	(void)state;
	assert_int_equal(time_year(t), 2026);
	time_format(t, buf, sizeof buf);
	assert_int_equal(strlen(buf), 16);
	assert_memory_equal(buf, "2026-06-1", 9);
}

static void
test_rng_reproducible(void **state)
{
	struct rng	a, b;
	size_t		i;

	(void)state;
	rng_seed(&a, 42);
	rng_seed(&b, 42);
	for (i = 0; i < 10000; i++)
		assert_int_equal(rng_next(&a), rng_next(&b));
	rng_seed(&a, 42);
	rng_seed(&b, 43);
	assert_int_not_equal(rng_next(&a), rng_next(&b));
}

/*
 * xoshiro256** seeded by splitmix64: the published algorithm, so demo data
 * never changes.
 */
static void
test_rng_known_answers(void **state)
{
	struct rng	r;

	(void)state;
	rng_seed(&r, 0);
	assert_true(rng_next(&r) == 0x99ec5f36cb75f2b4ULL);
	assert_true(rng_next(&r) == 0xbf6e1f784956452aULL);
	assert_true(rng_next(&r) == 0x1a5f849d4933e6e0ULL);
	assert_true(rng_next(&r) == 0x6aa594f1262d2d2cULL);
	rng_seed(&r, 42);
	assert_true(rng_next(&r) == 0x15780b2e0c2ec716ULL);
	assert_true(rng_next(&r) == 0x6104d9866d113a7eULL);
}

static void
test_rng_below_bounds(void **state)
{
	static const uint32_t	bounds[] = { 1, 2, 3, 7, 10, 100, 1000,
	    0x80000001U, UINT32_MAX };
	struct rng		r;
	unsigned		seen[10] = { 0 };
	size_t			i, j;
	uint32_t		v;

	(void)state;
	rng_seed(&r, 7);
	assert_int_equal(rng_below(&r, 0), 0);
	for (i = 0; i < nitems(bounds); i++) {
		for (j = 0; j < 2000; j++) {
			v = rng_below(&r, bounds[i]);
			if (v >= bounds[i])
				fail_msg("rng_below(%u) gave %u", bounds[i], v);
		}
	}
	for (j = 0; j < 10000; j++)
		seen[rng_below(&r, 10)]++;
	for (i = 0; i < 10; i++)
		assert_in_range(seen[i], 800, 1200);	/* about 1000 each */
	for (j = 0; j < 1000; j++) {
		assert_false(rng_chance(&r, 0));
		assert_true(rng_chance(&r, 100));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_decode_ascii_and_multibyte),
		cmocka_unit_test(test_utf8_round_trip_every_code_point),
		cmocka_unit_test(test_utf8_decode_rejects_overlong),
		cmocka_unit_test(
		    test_utf8_decode_rejects_surrogates_and_out_of_range),
		cmocka_unit_test(test_utf8_decode_rejects_truncated),
		cmocka_unit_test(test_utf8_prev),
		cmocka_unit_test(test_utf8_clean_controls),
		cmocka_unit_test(test_utf8_clean_format_characters),
		cmocka_unit_test(test_utf8_clean_csi_sequences),
		cmocka_unit_test(test_utf8_clean_osc_and_dcs_sequences),
		cmocka_unit_test(test_fold_spanish_names),
		cmocka_unit_test(test_fold_apostrophes),
		cmocka_unit_test(test_fold_combining_accents),
		cmocka_unit_test(test_fold_cyrillic_greek),
		cmocka_unit_test(test_fold_greek_final_sigma),
		cmocka_unit_test(test_fold_punctuation_and_spaces),
		cmocka_unit_test(test_fold_independent_of_locale),
		cmocka_unit_test(test_next_token),
		cmocka_unit_test(
		    test_next_token_truncates_at_character_boundary),
		cmocka_unit_test(test_docnum),
		cmocka_unit_test(test_translit),
		cmocka_unit_test(test_translit_keeps_case),
		cmocka_unit_test(test_translit_keeps_case_extended_b),
		cmocka_unit_test(test_utf8_width),
		cmocka_unit_test(test_date_parse_formats),
		cmocka_unit_test(test_date_parse_calendar),
		cmocka_unit_test(test_date_parse_garbage),
		cmocka_unit_test(test_date_parse_year_range),
		cmocka_unit_test(test_date_days_known_values),
		cmocka_unit_test(test_date_days_round_trip),
		cmocka_unit_test(test_date_today_fixed),
		cmocka_unit_test(test_time_format_and_year),
		cmocka_unit_test(test_rng_reproducible),
		cmocka_unit_test(test_rng_known_answers),
		cmocka_unit_test(test_rng_below_bounds),
	};

	setlocale(LC_ALL, "");
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
