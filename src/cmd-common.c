/* cmd-common.c: what subcommands share: common options, the store and user, forms, login. */

#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

/*
 * Handle an option every command shares. Returns 1 if it was one, 0 if not,
 * or -1 after reporting a bad value.
 */
int
cmd_common_opt(int c, const char *arg, struct cmd_opts *o, const char *cmd)
{
	switch (c) {
	case 'd':
		o->dir = arg;
		return (1);
	case 'u':
		o->user = arg;
		return (1);
	case OPT_PASSWORD_FILE:
		o->pwfile = arg;
		return (1);
	case OPT_KDF:
		if (kdf_parse_level(arg, &o->kdf) != 0) {
			cmd_usage_error(cmd,
			    _("unknown --kdf level \"%s\" (interactive, moderate or min)"),
			    arg);
			return (-1);
		}
		return (1);
	}
	return (0);
}

/* A whole number of at most max, digits only; -1 if it is not one. */
int
cmd_parse_u64(const char *s, uint64_t max, uint64_t *v)
{
	unsigned long long	 n;
	char			*end;

	if (*s < '0' || *s > '9')
		return (-1);
	errno = 0;
	n = strtoull(s, &end, 10);
	if (*end != '\0' || errno != 0 || n > max)
		return (-1);
	*v = n;
	return (0);
}

const char *
cmd_store_dir(const struct cmd_opts *o)
{
	return (o->dir != NULL ? o->dir : store_dir_default());
}

/*
 * The account: -u, else the Unix user (over SSH, one Unix account per
 * official).
 */
const char *
cmd_user(const struct cmd_opts *o)
{
	struct passwd	*pw;
	const char	*e;

	if (o->user != NULL)
		return (o->user);
	if ((pw = getpwuid(getuid())) != NULL)
		return (pw->pw_name);
	if ((e = getenv("USER")) != NULL && *e != '\0')
		return (e);
	return ("admin");
}

/*
 * Report an error; its code is the exit status (never the internal AMP_ERETRY).
 */
int
cmd_fail(const struct amp_err *err)
{
	err_print(err);
	if (err->code == AMP_OK)
		return (AMP_EFAIL);
	return (err->code == AMP_ERETRY ? AMP_ESTORE : err->code);
}

/* Load the form set; every error is printed, as amparo forms check would. */
int
cmd_load_forms(struct formset **out)
{
	struct diags	d = { 0 };
	const char	*dir = forms_dir_default();

	if (formset_load(dir, out, &d) == AMP_OK)
		return (AMP_OK);
	diags_print(&d, stderr);
	warnx_amp(ngettext("loading the forms in %s failed: %zu error (see amparo forms check)",
	    "loading the forms in %s failed: %zu errors (see amparo forms check)",
	    d.n), dir, d.n);
	diags_free(&d);
	return (AMP_EFORMS);
}

/*
 * Open the store and log in with the password from --password-file or the
 * terminal.
 */
int
cmd_login(struct cmd_opts *o, const struct formset *fs, struct store **st,
    struct session **s)
{
	struct amp_err	 err;
	char		 pw[PASSWORD_MAX], *prompt;
	const char	*user = cmd_user(o);
	int		 rc;

	err_clear(&err);
	*s = NULL;
	if ((rc = store_open(cmd_store_dir(o), st, &err)) != AMP_OK)
		return (cmd_fail(&err));
	if ((rc = forms_fit_store(*st, fs, &err)) != AMP_OK) {
		store_close(*st);
		*st = NULL;
		return (cmd_fail(&err));
	}
	prompt = xsprintf(_("Password for %s: "), user);
	rc = password_get(o->pwfile, prompt, 0, pw, sizeof pw, &err);
	free(prompt);
	if (rc == AMP_OK)
		rc = session_login(*st, fs, user, pw, strlen(pw), s, &err);
	wipe(pw, sizeof pw);
	if (rc != AMP_OK) {
		store_close(*st);
		*st = NULL;
		return (cmd_fail(&err));
	}
	return (AMP_OK);
}

/*
 * One CSV field (RFC 4180): quoted when it holds a comma, a double quote or
 * a line break, its quotes doubled; then end, "," or the line's end. A
 * missing value is an empty field.
 */
void
cmd_csv_field(const char *v, const char *end)
{
	const char	*p;

	if (v == NULL)
		v = "";
	if (strpbrk(v, ",\"\r\n") == NULL)
		fputs(v, stdout);
	else {
		putchar('"');
		for (p = v; *p != '\0'; p++) {
			if (*p == '"')
				putchar('"');
			putchar(*p);
		}
		putchar('"');
	}
	fputs(end, stdout);
}

/* A file given on the command line, whole, if at most max bytes. */
int
cmd_read_file(const char *path, size_t max, char **text, size_t *len,
    struct amp_err *err)
{
	FILE	*f;
	char	*p;
	size_t	 n;
	int	 bad;

	if ((f = fopen(path, "r")) == NULL)
		return (err_set(err, AMP_EUSAGE, _("reading %s failed: %s"),
		    path, strerror(errno)));
	p = xmalloc(max + 1);
	n = fread(p, 1, max + 1, f);
	bad = ferror(f);
	fclose(f);
	if (bad || n > max) {
		free(p);
		return (err_set(err, AMP_EUSAGE, bad ?
		    _("reading %s failed: it cannot be read") :
		    _("reading %s failed: it is too long"), path));
	}
	p[n] = '\0';
	*text = p;
	*len = n;
	return (AMP_OK);
}

/*
 * Text to a file, or to the standard output if path is NULL or "-". The
 * file is written beside its name and renamed over it once complete
 * (file_write), so a full disk leaves the old file as it was.
 */
int
cmd_write_out(const char *path, const char *text, struct amp_err *err)
{
	if (path == NULL || strcmp(path, "-") == 0) {
		if (fputs(text, stdout) == EOF || fflush(stdout) == EOF)
			return (err_set(err, AMP_EFAIL,
			    _("writing to the standard output failed: %s"),
			    strerror(errno)));
		return (AMP_OK);
	}
	return (file_write(path, text, err));
}

/* A record number (YYYY-NNNNNN) given on the command line. */
int
cmd_record_arg(const char *cmd, const char *what, const char *arg,
    uint64_t *id)
{
	int	year;

	if (casenum_parse(arg, id, &year) != 0)
		return (cmd_usage_error(cmd,
		    _("%s \"%s\" is not a number like 2026-000123"), what, arg));
	return (AMP_OK);
}
