/* fuzz-forms.c: fuzz target of the form loader: any bytes as forms, choice lists, workflows and roles files, parsed, walked and linked. */

/*
 * The input is one or more files for formset_load_mem: a line "#%file" (a
 * YAML comment) starts the next one, and "#%file NAME" names it (in
 * diagnostics, and a list must be in NAME.yaml); unnamed files are fuzz-N.
 * A form and its workflow can so be checked together, and with a roles file
 * (a file whose top-level mapping has "roles", whatever its name). The
 * shared choice lists of $AMPARO_FORMS/lists (or FUZZ_FORMS_DIR, the source
 * tree's forms/) are loaded once and lent to every set.
 *
 * Built by configure --enable-fuzzing as tests/fuzz/fuzz-forms (libFuzzer);
 * tests/fuzz/replay-forms (with fuzz-replay.c) runs files through it in
 * make check.
 */

#include "config.h"

#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amparo.h"

#ifndef FUZZ_FORMS_DIR
#define FUZZ_FORMS_DIR	"forms"
#endif

#define FUZZ_SEP	"#%file"
#define FUZZ_FILES	8	/* files in an input; the rest is dropped */
#define FUZZ_NAME	64	/* bytes of a file's name */

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct formset	*shared;	/* the shared lists, lent to each set */
static FILE		*out;		/* diagnostics are printed here */

/*
 * Load the shared lists as the program does, or stop: without them every
 * link to one would fail, and the fuzzer would never get past it.
 */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct diags	 d = { 0 };
	const char	*dir;

	(void)argc;
	(void)argv;
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	if ((dir = getenv("AMPARO_FORMS")) == NULL || *dir == '\0')
		dir = FUZZ_FORMS_DIR;
	if (formset_load_files(dir, NULL, 0, &shared, &d) != AMP_OK ||
	    shared->nlists == 0) {
		diags_print(&d, stderr);
		fprintf(stderr, "fuzz-forms: no shared lists in %s/lists\n",
		    dir);
		exit(1);
	}
	diags_free(&d);
	/* FUZZ_FORMS_DIAGS set: see what an input does (in a replay). */
	if (getenv("FUZZ_FORMS_DIAGS") != NULL)
		out = stderr;
	else if ((out = fopen("/dev/null", "w")) == NULL) {
		perror("/dev/null");
		exit(1);
	}
	return (0);
}

/* Cut the input into files at lines starting with FUZZ_SEP. */
static size_t
split(const char *s, size_t n, struct formtext *t,
    char names[FUZZ_FILES][FUZZ_NAME])
{
	const char	*eol, *next, *name;
	size_t		 k, pos = 0, len, seplen = strlen(FUZZ_SEP);

	for (k = 0; k < FUZZ_FILES; k++) {
		snprintf(names[k], FUZZ_NAME, "fuzz-%zu", k);
		if (n - pos >= seplen &&
		    memcmp(s + pos, FUZZ_SEP, seplen) == 0) {
			eol = memchr(s + pos, '\n', n - pos);
			name = s + pos + seplen;
			len = (size_t)((eol != NULL ? eol : s + n) - name);
			if (len > 1 && len < FUZZ_NAME && *name == ' ' &&
			    memchr(name, '\0', len) == NULL) {
				memcpy(names[k], name + 1, len - 1);
				names[k][len - 1] = '\0';
			}
			pos = eol != NULL ? (size_t)(eol - s) + 1 : n;
		}
		next = memmem(s + pos, n - pos, "\n" FUZZ_SEP, seplen + 1);
		t[k].name = names[k];
		t[k].text = s + pos;
		t[k].len = next != NULL ? (size_t)(next - s) + 1 - pos :
		    n - pos;
		if (next == NULL)
			return (k + 1);
		pos += t[k].len;
	}
	return (k);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct formtext	 t[FUZZ_FILES];
	char		 names[FUZZ_FILES][FUZZ_NAME];
	struct diags	 d = { 0 };
	struct formset	*fs;
	struct buf	 b = { 0 };
	size_t		 n, i;

	n = split((const char *)data, size, t, names);
	if (formset_load_mem(shared, t, n, &fs, &d) == AMP_OK) {
		if (d.n != 0)
			abort();	/* returned only when all is well */
		for (i = 0; i < fs->nforms; i++) {
			form_catalog(fs->forms[i], &b);
			buf_free(&b);
		}
		if (out == stderr)
			fprintf(out, "loaded: %zu forms, %zu lists, %zu workflows\n",
			    fs->nforms, fs->nlists - fs->nborrowed,
			    fs->nworkflows);
		formset_free(fs);
	} else if (d.n == 0)
		abort();	/* refused without saying why */
	diags_print(&d, out);
	diags_free(&d);
	return (0);
}
