/* cmd-console.c: amparo with no command: open the console on a store. */

#include "config.h"

#include <getopt.h>
#include <string.h>

#include "cmd.h"
#include "tui.h"

int
cmd_console(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'u' },
		{ "lang", required_argument, NULL, OPT_LANG },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd_opts	 o = { .kdf = KDF_INTERACTIVE };
	struct formset	*fs = NULL;
	struct amp_err	 err;
	struct tui_opts	 t;
	enum lang	 l;
	int		 c, r, rc;

	err_clear(&err);
	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:u:", longopts, NULL)) != -1) {
		if ((r = cmd_common_opt(c, optarg, &o, NULL)) < 0)
			return (AMP_EUSAGE);
		if (r > 0)
			continue;
		if (c == OPT_LANG) {
			if (lang_parse(optarg, &l) != 0)
				return (cmd_usage_error(NULL,
				    _("--lang is en or es, not \"%s\""), optarg));
			lang_set(l);
		} else
			return (cmd_bad_option(NULL, c, argv));
	}
	if (optind != argc)
		return (cmd_usage_error(NULL,
		    _("unknown command \"%s\" (see amparo help)"), argv[optind]));
	if ((rc = cmd_load_forms(&fs)) != AMP_OK)
		return (rc);
	memset(&t, 0, sizeof t);
	t.dir = cmd_store_dir(&o);
	t.forms = fs;
	t.user = cmd_user(&o);
	rc = tui_run(&t, &err);
	formset_free(fs);
	if (rc != AMP_OK && rc != AMP_EHANGUP)
		return (cmd_fail(&err));
	return (rc);
}
