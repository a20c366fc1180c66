/* demo-values.c: every personal value of the people amparo demo makes for a seed, one a line, for grepping stores. */

/*
 * Usage: demo-values [-lw] PEOPLE SEED
 *
 * Regenerates the people "amparo demo --people PEOPLE --seed SEED" puts in
 * its store (the forms of $AMPARO_FORMS, the day of $AMPARO_TODAY) and
 * prints every answer of every text-like field, top level and in repeat
 * groups: names, dates, phone numbers, e-mail addresses, document and
 * biometric numbers, addresses, free text, calculated values. Answers of
 * select_one, select_many and yes_no fields are list codes, not personal
 * values, and are left out. Each word of five bytes or more of a value of
 * several words is printed too, on its own line. Values shorter than four
 * bytes (ages, counts) are left out: three bytes turn up by chance
 * anywhere in a binary file, so they would prove nothing either way.
 *
 * Each person is printed as generated and then, for what differs, as
 * stored (after case_prepare: calculations, answers no longer asked
 * dropped). -l prints the values' lower-case forms instead; -w the whole
 * values only, without their words. Lines repeat (common names): sort -u
 * them. A summary goes to standard error.
 *
 * demo_build draws from the generator between people (the day each case
 * was registered, the account that made it) in static code of demo.c; the
 * same draws are made here, in the same order, so the next person is the
 * same. A change there must be made here too: the script checks that the
 * values printed are in the store's export.
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wctype.h>

#include "amparo.h"

#define VALUE_MIN	4	/* bytes: shorter values are left out */
#define WORD_MIN	5	/* bytes: shorter words are left out */

struct counts {
	size_t	values;		/* printed whole */
	size_t	words;		/* printed as words of longer values */
	size_t	stored;		/* printed because case_prepare changed them */
	size_t	short_;		/* left out: shorter than VALUE_MIN */
	size_t	codes;		/* left out: list codes */
	size_t	unknown;	/* of fields the form lacks (printed) */
};

static int	lower;		/* -l: lower case */
static int	whole;		/* -w: no words */

static void
usage(void)
{
	fprintf(stderr, "usage: demo-values [-lw] PEOPLE SEED\n");
	exit(2);
}

/* Print s (n bytes) as it is, or in lower case with -l. */
static void
put(const char *s, size_t n)
{
	char		 enc[4];
	uint32_t	 cp;
	size_t		 i, k;

	for (i = 0; lower && i < n; i += k) {
		if ((k = utf8_decode(s + i, n - i, &cp)) == 0) {
			putchar(s[i]);
			k = 1;
			continue;
		}
		fwrite(enc, 1, utf8_encode((uint32_t)towlower((wint_t)cp), enc),
		    stdout);
	}
	if (!lower)
		fwrite(s, 1, n, stdout);
	putchar('\n');
}

/*
 * A value, and its long words if it has several (words are cut at spaces
 * and punctuation). Returns whether it was printed.
 */
static int
emit(const char *v, struct counts *c)
{
	static const char	 sep[] = " \t\n,;:.()/";
	size_t			 n = strlen(v), w;
	const char		*p;

	if (n < VALUE_MIN) {
		c->short_++;
		return (0);
	}
	put(v, n);
	c->values++;
	if (whole || strcspn(v, " \t\n") == n)
		return (1);
	for (p = v; *p != '\0'; p += w) {
		p += strspn(p, sep);
		w = strcspn(p, sep);
		if (w >= WORD_MIN && w < n) {
			put(p, w);
			c->words++;
		}
	}
	return (1);
}

static int
is_code(const struct field *fld)
{
	return (fld != NULL && (fld->type == FT_SELECT_ONE ||
	    fld->type == FT_SELECT_MANY || fld->type == FT_YES_NO));
}

/*
 * The values of m, fields of the form or (in a repeat item) of its group.
 * With seen (the same map as generated), only what differs from it.
 */
static void
walk(const struct form *f, const struct field *group, int in_group,
    const struct rmap *m, const struct rmap *seen, struct counts *c)
{
	const struct rfield	*v, *sv;
	const struct field	*fld;
	const struct rmap	*si;
	const char		*old;
	size_t			 i, j;

	for (i = 0; i < m->n; i++) {
		v = &m->v[i];
		fld = NULL;
		if (in_group && group != NULL)
			fld = field_child(group, v->id);
		else if (!in_group)
			fld = form_field(f, v->id);
		if (v->kind == RF_GROUP) {
			sv = seen != NULL ? rmap_field(seen, v->id) : NULL;
			for (j = 0; j < v->nitems; j++) {
				si = sv != NULL && sv->kind == RF_GROUP &&
				    j < sv->nitems ? &sv->items[j] : NULL;
				if (seen != NULL && si == NULL)
					si = &(const struct rmap){ 0 };
				walk(f, fld, 1, &v->items[j], si, c);
			}
			continue;
		}
		if (seen != NULL) {
			old = rmap_get(seen, v->id);
			if (old != NULL && strcmp(old, v->str) == 0)
				continue;
		}
		if (is_code(fld)) {
			c->codes++;
			continue;
		}
		if (fld == NULL)
			c->unknown++;
		if (emit(v->str, c) && seen != NULL)
			c->stored++;
	}
}

int
main(int argc, char **argv)
{
	struct formset		*fs = NULL;
	const struct form	*f;
	struct diags		 dg = { 0 };
	struct counts		 c = { 0 };
	struct verrs		 ve = { 0 };
	struct rng		 r;
	struct rmap		 gen, stored;
	struct record		 rec;
	struct demo_account	*accts;
	int64_t			 today;
	unsigned long long	 people, seed, i;
	size_t			 naccts;
	char			*end;
	int			 ch, invalid = 0;

	while ((ch = getopt(argc, argv, "lw")) != -1) {
		switch (ch) {
		case 'l':
			lower = 1;
			break;
		case 'w':
			whole = 1;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 2)
		usage();
	people = strtoull(argv[optind], &end, 10);
	if (*end != '\0')
		usage();
	seed = strtoull(argv[optind + 1], &end, 10);
	if (*end != '\0')
		usage();
	if (lower && (setlocale(LC_CTYPE, "C.UTF-8") == NULL ||
	    towlower(0xc1) != 0xe1)) {
		fprintf(stderr, "demo-values: no lower case without a UTF-8 "
		    "locale (C.UTF-8)\n");
		return (77);
	}

	if (formset_load(forms_dir_default(), &fs, &dg) != AMP_OK) {
		diags_print(&dg, stderr);
		diags_free(&dg);
		fprintf(stderr, "demo-values: loading the forms in %s failed\n",
		    forms_dir_default());
		return (1);
	}
	if ((f = formset_find(fs, "intake")) == NULL) {
		fprintf(stderr, "demo-values: there is no intake form\n");
		formset_free(fs);
		return (1);
	}
	/* The people of demo_build's sequence, as it makes them. */
	accts = demo_account_list(fs->policy, "x", &naccts);
	demo_accounts_free(accts, naccts);
	today = date_today_days();
	rng_seed(&r, seed);
	for (i = 0; i < people; i++) {
		record_init(&rec);
		demo_person(f, &r, today, demo_authors(naccts), &rec);
		gen = rec.data;
		memset(&rec.data, 0, sizeof rec.data);
		record_free(&rec);
		walk(f, NULL, 0, &gen, NULL, &c);
		rmap_copy(&stored, &gen);
		if (case_prepare(f, &stored, &ve) > 0)
			invalid++;
		verrs_free(&ve);
		memset(&ve, 0, sizeof ve);
		walk(f, NULL, 0, &stored, &gen, &c);
		rmap_free(&stored);
		rmap_free(&gen);
	}
	formset_free(fs);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("demo-values: standard output");
		return (1);
	}
	fprintf(stderr, "demo-values: %llu people (seed %llu, %zu accounts): "
	    "%zu values and %zu words of %d+ bytes printed (%zu changed when "
	    "stored, %zu of fields the form lacks); left out: %zu values "
	    "under %d bytes, %zu list codes; %d invalid\n", people, seed,
	    naccts, c.values, c.words, WORD_MIN, c.stored, c.unknown,
	    c.short_, VALUE_MIN, c.codes, invalid);
	return (invalid != 0);
}
