/* cmd-forms.c: amparo forms check: load forms and lists, report every error as file:line:column. */

#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"

static int check_store(const char *, const struct formset *,
	    struct diags *);

/* Load a whole forms directory, counting what it holds; problems go to d. */
static int
check_dir(const char *dir, struct diags *d, size_t *nforms, size_t *nlists,
    size_t *nwf, const char *store)
{
	struct formset	*fs;
	int		 r;

	if ((r = formset_load(dir, &fs, d)) != AMP_OK)
		return (r);
	*nforms += fs->nforms;
	*nlists += fs->nlists;
	*nwf += fs->nworkflows;
	if (store != NULL)
		r = check_store(store, fs, d);
	formset_free(fs);
	return (r);
}

/*
 * Check the form set against the versions its forms were used under in a
 * store: a change must not lose what records hold.
 */
static int
check_store(const char *dir, const struct formset *fs, struct diags *d)
{
	struct store	*st;
	struct amp_err	 err;
	int		 rc;

	err_clear(&err);
	if ((rc = store_open(dir, &st, &err)) != AMP_OK)
		return (cmd_fail(&err));
	rc = forms_check_store(st, fs, d, &err);
	store_close(st);
	if (rc != AMP_OK)
		return (cmd_fail(&err));
	return (d->n > 0 ? AMP_EFORMS : AMP_OK);
}

int
cmd_forms(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	struct formset	*fs = NULL;
	struct diags	 d = { 0 };
	struct stat	 sb;
	const char	*store = NULL;
	char		**files;
	size_t		 nfiles = 0, nforms = 0, nlists = 0, nwf = 0;
	int		 rc = AMP_OK, r, a, c, ndirs = 0;

	if (argc < 2 || strcmp(argv[1], "check") != 0)
		return (cmd_usage_error("forms", _("the only forms command is \"check\"")));
	argc--;
	argv++;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:", longopts, NULL)) != -1) {
		if (c == 'd')
			store = optarg;
		else
			return (cmd_bad_option("forms", c, argv));
	}
	files = xcalloc((size_t)argc + 1, sizeof *files);
	for (a = optind; a < argc; a++) {
		if (stat(argv[a], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			ndirs++;
			if ((r = check_dir(argv[a], &d, &nforms, &nlists,
			    &nwf, store)) != AMP_OK)
				rc = r;
			continue;
		}
		files[nfiles++] = argv[a];
	}
	if (ndirs == 0 && nfiles == 0 && (r = check_dir(forms_dir_default(),
	    &d, &nforms, &nlists, &nwf, store)) != AMP_OK)
		rc = r;
	if (nfiles > 0) {
		r = formset_load_files(forms_dir_default(), files, nfiles, &fs,
		    &d);
		if (r == AMP_OK) {
			nforms += fs->nforms;
			nlists += fs->nlists;
			nwf += fs->nworkflows;
			if (store != NULL && (r = check_store(store, fs, &d)) !=
			    AMP_OK)
				rc = r;
			formset_free(fs);
		} else
			rc = r;
	}
	free(files);
	diags_print(&d, stderr);
	if (rc != AMP_OK) {
		if (d.n > 0)
			warnx_amp(ngettext("checking the forms failed: %zu error",
			    "checking the forms failed: %zu errors", d.n), d.n);
		diags_free(&d);
		return (rc == AMP_ESTORE ? rc : AMP_EFORMS);
	}
	diags_free(&d);
	printf(ngettext("Checked %zu form", "Checked %zu forms", nforms),
	    nforms);
	printf(ngettext(", %zu workflow", ", %zu workflows", nwf), nwf);
	printf(ngettext(" and %zu choice list: no errors\n",
	    " and %zu choice lists: no errors\n", nlists), nlists);
	return (AMP_OK);
}
