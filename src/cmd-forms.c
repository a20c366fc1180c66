/* cmd-forms.c: amparo forms check: load forms and lists, report every error as file:line:column. */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"

/* Load a whole forms directory, counting what it holds; problems go to d. */
static int
check_dir(const char *dir, struct diags *d, size_t *nforms, size_t *nlists)
{
	struct formset	*fs;
	int		 r;

	if ((r = formset_load(dir, &fs, d)) != AMP_OK)
		return (r);
	*nforms += fs->nforms;
	*nlists += fs->nlists;
	formset_free(fs);
	return (AMP_OK);
}

int
cmd_forms(int argc, char **argv)
{
	struct formset	*fs = NULL;
	struct diags	 d = { 0 };
	struct stat	 sb;
	char		**files;
	size_t		 nfiles = 0, nforms = 0, nlists = 0;
	int		 rc = AMP_OK, r, a;

	if (argc < 2 || strcmp(argv[1], "check") != 0)
		return (cmd_usage_error("forms", _("the only forms command is \"check\"")));
	files = xcalloc((size_t)argc, sizeof *files);
	for (a = 2; a < argc; a++) {
		if (stat(argv[a], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			if ((r = check_dir(argv[a], &d, &nforms, &nlists)) !=
			    AMP_OK)
				rc = r;
			continue;
		}
		files[nfiles++] = argv[a];
	}
	if (argc == 2 && (r = check_dir(forms_dir_default(), &d, &nforms,
	    &nlists)) != AMP_OK)
		rc = r;
	if (nfiles > 0) {
		r = formset_load_files(forms_dir_default(), files, nfiles, &fs,
		    &d);
		if (r == AMP_OK) {
			nforms += fs->nforms;
			nlists += fs->nlists;
			formset_free(fs);
		} else
			rc = r;
	}
	free(files);
	diags_print(&d, stderr);
	if (rc != AMP_OK) {
		warnx_amp(ngettext("checking the forms failed: %zu error",
		    "checking the forms failed: %zu errors", d.n), d.n);
		diags_free(&d);
		return (AMP_EFORMS);
	}
	diags_free(&d);
	printf(ngettext("Checked %zu form", "Checked %zu forms", nforms),
	    nforms);
	printf(ngettext(" and %zu choice list: no errors\n",
	    " and %zu choice lists: no errors\n", nlists), nlists);
	return (AMP_OK);
}
