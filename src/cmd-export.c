/* cmd-export.c: amparo export: the cases an official may export, as JSON lines. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

struct export_ctx {
	FILE		*out;
	int		 pseudonymous;
	size_t		 n;
};

/* A JSON string: quotes, backslashes and control characters escaped. */
static void
json_str(FILE *f, const char *s)
{
	const unsigned char	*p;

	fputc('"', f);
	for (p = (const unsigned char *)(s != NULL ? s : ""); *p != '\0';
	    p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void
json_value(FILE *f, const char *v)
{
	char	*shown;

	if (value_is_sealed(v)) {	/* not this official's to read */
		shown = sealed_display(v);
		json_str(f, shown);
		free(shown);
	} else
		json_str(f, v);
}

static void
json_map(FILE *f, const struct rmap *m)
{
	const struct rfield	*rf;
	size_t			 i, j;

	fputc('{', f);
	for (i = 0; i < m->n; i++) {
		rf = &m->v[i];
		if (i > 0)
			fputc(',', f);
		json_str(f, rf->id);
		fputc(':', f);
		if (rf->kind == RF_STR) {
			json_value(f, rf->str);
			continue;
		}
		fputc('[', f);
		for (j = 0; j < rf->nitems; j++) {
			if (j > 0)
				fputc(',', f);
			json_map(f, &rf->items[j]);
		}
		fputc(']', f);
	}
	fputc('}', f);
}

static int
export_one(struct session *s, const struct record *r, void *arg)
{
	struct export_ctx	*x = arg;
	char			 num[32];

	if (x->pseudonymous)
		export_pseudonym(s, r->id, num, sizeof num);
	else
		casenum_format(r->id, r->created, num, sizeof num);
	fputs("{\"case\":", x->out);
	json_str(x->out, num);
	fputs(",\"form\":", x->out);
	json_str(x->out, r->form);
	fprintf(x->out, ",\"version\":%llu,\"state\":",
	    (unsigned long long)r->version);
	json_str(x->out, r->state);
	fputs(",\"institution\":", x->out);
	json_str(x->out, r->institution);
	fputs(",\"fields\":", x->out);
	json_map(x->out, &r->data);
	fputs("}\n", x->out);
	x->n++;
	return (ferror(x->out) ? AMP_EFAIL : AMP_OK);
}

/* The output: a new file only its owner reads, or standard output. */
static FILE *
export_open(const char *path, struct amp_err *err)
{
	int	fd;
	FILE	*f;

	if (path == NULL || strcmp(path, "-") == 0)
		return (stdout);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1) {
		err_set(err, AMP_EFAIL, _("exporting failed: %s: %s"), path,
		    errno == EEXIST ? _("the file exists already") :
		    strerror(errno));
		return (NULL);
	}
	if ((f = fdopen(fd, "w")) == NULL)
		fatalx("fdopen: %s", strerror(errno));
	return (f);
}

static int
export_run(struct session *s, const char *form, const char *path,
    int pseudonymous)
{
	struct export_ctx	x;
	struct amp_err		err;
	char			detail[ID_MAX + 1];
	size_t			i;
	int			rc;

	err_clear(&err);
	if (form != NULL && (formset_find(s->forms, form) == NULL ||
	    access_form(s, form, PF_EXPORT, &err) != AMP_OK)) {
		if (err.code == 0)
			err_set(&err, AMP_EUSAGE,
			    _("exporting failed: there is no form \"%s\""),
			    form);
		return (cmd_fail(&err));
	}
	for (i = 0; form == NULL && i < s->forms->nforms; i++) {
		if (role_form_perms(s->rp, s->forms->forms[i]->id) & PF_EXPORT)
			break;
	}
	if (form == NULL && i == s->forms->nforms) {
		err_set(&err, AMP_EPERM,
		    _("not allowed: the role \"%s\" may not export records of any form"),
		    s->role);
		return (cmd_fail(&err));
	}
	memset(&x, 0, sizeof x);
	x.pseudonymous = pseudonymous;
	if ((x.out = export_open(path, &err)) == NULL)
		return (cmd_fail(&err));
	/* Audited first: an export that cannot be recorded is not made. */
	snprintf(detail, sizeof detail, "%s", form != NULL ? form : "*");
	rc = session_note(s, "export", 0, detail, &err);
	if (rc == AMP_OK)
		rc = case_each_visible(s, form, PF_EXPORT, export_one, &x,
		    &err);
	if (x.out != stdout && fclose(x.out) != 0 && rc == AMP_OK)
		rc = err_set(&err, AMP_EFAIL, _("exporting failed: %s: %s"),
		    path, strerror(errno));
	else if (x.out == stdout && fflush(stdout) != 0 && rc == AMP_OK)
		rc = err_set(&err, AMP_EFAIL, _("exporting failed: %s"),
		    strerror(errno));
	if (rc != AMP_OK)
		return (cmd_fail(&err));
	if (path != NULL && strcmp(path, "-") != 0)
		fprintf(stderr, _("Exported %zu cases to %s.\n"), x.n, path);
	return (AMP_OK);
}

int
cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'u' },
		{ "password-file", required_argument, NULL, OPT_PASSWORD_FILE },
		{ "form", required_argument, NULL, OPT_FORM },
		{ "output", required_argument, NULL, 'o' },
		{ "pseudonymous", no_argument, NULL, OPT_PSEUDONYMOUS },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd_opts	 o;
	struct formset	*fs = NULL;
	struct store	*st = NULL;
	struct session	*s = NULL;
	const char	*form = NULL, *path = NULL;
	int		 c, r, rc, pseudo = 0;

	memset(&o, 0, sizeof o);
	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:u:o:", longopts, NULL)) !=
	    -1) {
		if ((r = cmd_common_opt(c, optarg, &o, "export")) < 0)
			return (AMP_EUSAGE);
		if (r > 0)
			continue;
		if (c == OPT_FORM)
			form = optarg;
		else if (c == 'o')
			path = optarg;
		else if (c == OPT_PSEUDONYMOUS)
			pseudo = 1;
		else
			return (cmd_bad_option("export", c, argv));
	}
	if (optind != argc)
		return (cmd_usage_error("export",
		    _("unexpected argument \"%s\""), argv[optind]));
	if ((rc = cmd_load_forms(&fs)) != AMP_OK)
		return (rc);
	if ((rc = cmd_login(&o, fs, &st, &s)) == AMP_OK)
		rc = export_run(s, form, path, pseudo);
	session_free(s);
	store_close(st);
	formset_free(fs);
	return (rc);
}
