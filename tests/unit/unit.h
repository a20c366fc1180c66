/* unit.h: what every unit test includes, and helpers for temporary directories, stores and forms. */

#ifndef UNIT_H
#define UNIT_H

#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "amparo.h"

#define UNIT_ADMIN	"admin"
#define UNIT_PASSWORD	"correct horse battery"
#define UNIT_TMP_MAX	64

/* Temporary directories still to remove when the program ends. */
static char	*unit_tmp_dirs[UNIT_TMP_MAX];

static inline int
unit_rm_entry(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(path);
	return (0);
}

/* Remove a directory and everything under it. */
static inline void
unit_rmtree(const char *dir)
{
	size_t	i;

	if (dir == NULL)
		return;
	nftw(dir, unit_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	for (i = 0; i < UNIT_TMP_MAX; i++) {
		if (unit_tmp_dirs[i] != NULL &&
		    strcmp(unit_tmp_dirs[i], dir) == 0) {
			free(unit_tmp_dirs[i]);
			unit_tmp_dirs[i] = NULL;
		}
	}
}

static inline void
unit_tmp_cleanup(void)
{
	size_t	i;

	for (i = 0; i < UNIT_TMP_MAX; i++) {
		if (unit_tmp_dirs[i] != NULL) {
			nftw(unit_tmp_dirs[i], unit_rm_entry, 16,
			    FTW_DEPTH | FTW_PHYS);
			free(unit_tmp_dirs[i]);
			unit_tmp_dirs[i] = NULL;
		}
	}
}

/*
 * A new empty directory under $TMPDIR (or /tmp), removed by unit_rmtree or,
 * if a failed test left it behind, when the program exits.
 */
static inline char *
unit_tmpdir(void)
{
	static int	 registered;
	const char	*base = getenv("TMPDIR");
	char		*tmpl;
	size_t		 i;

	if (base == NULL || *base == '\0')
		base = "/tmp";
	tmpl = xsprintf("%s/amparo-unit.XXXXXX", base);
	if (mkdtemp(tmpl) == NULL)
		fail_msg("mkdtemp %s: %s", tmpl, strerror(errno));
	if (!registered) {
		atexit(unit_tmp_cleanup);
		registered = 1;
	}
	for (i = 0; i < UNIT_TMP_MAX; i++) {
		if (unit_tmp_dirs[i] == NULL) {
			unit_tmp_dirs[i] = xstrdup(tmpl);
			break;
		}
	}
	return (tmpl);
}

/*
 * Write a file dir/name with the given contents (name may hold one
 * subdirectory).
 */
static inline char *
unit_write_file(const char *dir, const char *name, const void *text,
    size_t len)
{
	char	*path, *sub, *slash;
	FILE	*f;

	if ((slash = strchr(name, '/')) != NULL) {
		sub = xsprintf("%s/%.*s", dir, (int)(slash - name), name);
		if (mkdir(sub, 0700) != 0 && errno != EEXIST)
			fail_msg("mkdir %s: %s", sub, strerror(errno));
		free(sub);
	}
	path = xsprintf("%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL)
		fail_msg("fopen %s: %s", path, strerror(errno));
	if (len > 0 && fwrite(text, 1, len, f) != len)
		fail_msg("fwrite %s failed", path);
	if (fclose(f) != 0)
		fail_msg("fclose %s failed", path);
	return (path);
}

/* Read a whole file; its length in *len. */
static inline unsigned char *
unit_read_file(const char *path, size_t *len)
{
	unsigned char	*p = NULL;
	size_t		 n = 0, cap = 0, r;
	FILE		*f;

	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("fopen %s: %s", path, strerror(errno));
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 1 << 20;
			p = xreallocarray(p, cap, 1);
		}
		if ((r = fread(p + n, 1, cap - n, f)) == 0)
			break;
		n += r;
	}
	fclose(f);
	*len = n;
	return (p);
}

/* Print collected form diagnostics as test output (for failures). */
static inline void
unit_print_diags(const struct diags *d)
{
	size_t	i;

	for (i = 0; i < d->n; i++)
		print_message("# %s:%d:%d: %s\n", d->v[i].file, d->v[i].line,
		    d->v[i].col, d->v[i].msg);
}

/* Where the real forms are: AMPARO_FORMS, else the source tree's. */
static inline const char *
unit_forms_dir(void)
{
	static char	*dir;
	const char	*e;

	if (dir != NULL)
		return (dir);
	if ((e = getenv("AMPARO_FORMS")) != NULL && *e != '\0')
		dir = xstrdup(e);
	else if ((e = getenv("top_srcdir")) != NULL && *e != '\0')
		dir = xsprintf("%s/forms", e);
	else
		dir = xstrdup(UNIT_TOP_SRCDIR "/forms");
	return (dir);
}

/* The real form set; the test fails if it does not load. */
static inline struct formset *
unit_forms_load(void)
{
	struct formset	*fs = NULL;
	struct diags	 d = { 0 };

	if (formset_load(unit_forms_dir(), &fs, &d) != AMP_OK) {
		unit_print_diags(&d);
		diags_free(&d);
		fail_msg("loading the forms in %s failed", unit_forms_dir());
	}
	diags_free(&d);
	return (fs);
}

/* A store in a temporary directory, with one administrator logged in. */
struct unit_store {
	char		*tmp;		/* the temporary directory */
	char		*dir;		/* the store, tmp/store */
	struct store	*st;
	struct session	*s;
};

static inline void
unit_store_open(struct unit_store *u, const struct formset *fs)
{
	struct amp_err	err = { 0, "" };
	int		rc;

	memset(u, 0, sizeof *u);
	u->tmp = unit_tmpdir();
	u->dir = xsprintf("%s/store", u->tmp);
	rc = store_init(u->dir, UNIT_ADMIN, "admin", UNIT_PASSWORD,
	    strlen(UNIT_PASSWORD), KDF_MIN, &err);
	if (rc != AMP_OK)
		fail_msg("store_init: %d %s", rc, err.msg);
	if ((rc = store_open(u->dir, &u->st, &err)) != AMP_OK)
		fail_msg("store_open: %d %s", rc, err.msg);
	rc = session_login(u->st, fs, UNIT_ADMIN, UNIT_PASSWORD,
	    strlen(UNIT_PASSWORD), &u->s, &err);
	if (rc != AMP_OK)
		fail_msg("session_login: %d %s", rc, err.msg);
}

static inline void
unit_store_close(struct unit_store *u)
{
	session_free(u->s);
	store_close(u->st);
	unit_rmtree(u->tmp);
	free(u->tmp);
	free(u->dir);
	memset(u, 0, sizeof *u);
}

/* Start libsodium once, as main does; the whole program fails without it. */
static inline void
unit_crypto_setup(void)
{
	struct amp_err	err = { 0, "" };

	if (crypto_setup(&err) != AMP_OK) {
		fprintf(stderr, "crypto_setup: %s\n", err.msg);
		exit(1);
	}
}

/*
 * In a forked child: give crashes back their default action, so that a
 * fault ends the child (for the parent to see) instead of being caught by
 * cmocka's handler, which would carry on running the tests in the child.
 */
static inline void
unit_child_signals(void)
{
	static const int	sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE,
	    SIGABRT, SIGSYS };
	size_t			i;

	for (i = 0; i < nitems(sigs); i++)
		signal(sigs[i], SIG_DFL);
}

/* Whether a substring occurs in a string, with the string shown on failure. */
#define assert_contains(hay, needle) do {				\
	const char *unit_h_ = (hay), *unit_n_ = (needle);		\
	if (unit_h_ == NULL || strstr(unit_h_, unit_n_) == NULL)	\
		fail_msg("\"%s\" does not contain \"%s\"",		\
		    unit_h_ != NULL ? unit_h_ : "(null)", unit_n_);	\
} while (0)

#endif /* UNIT_H */
