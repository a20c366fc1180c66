/* cmd-init.c: amparo init: create a store and its first administrator. */

#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

int
cmd_init(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 'd' },
		{ "admin", required_argument, NULL, OPT_ADMIN },
		{ "password-file", required_argument, NULL, OPT_PASSWORD_FILE },
		{ "kdf", required_argument, NULL, OPT_KDF },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd_opts	 o = { .kdf = KDF_INTERACTIVE };
	struct amp_err	 err;
	const char	*admin = NULL;
	char		 pw[PASSWORD_MAX], *prompt;
	int		 c, r;

	err_clear(&err);
	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:", longopts, NULL)) != -1) {
		if ((r = cmd_common_opt(c, optarg, &o, "init")) < 0)
			return (AMP_EUSAGE);
		if (r > 0)
			continue;
		if (c == OPT_ADMIN)
			admin = optarg;
		else
			return (cmd_bad_option("init", c, argv));
	}
	if (optind != argc)
		return (cmd_usage_error("init", _("unexpected argument \"%s\""),
		    argv[optind]));
	if (o.dir == NULL)
		return (cmd_usage_error("init",
		    _("say where to create the store with -d DIR")));
	if (admin == NULL)
		admin = cmd_user(&o);
	prompt = xsprintf(_("New password for %s: "), admin);
	r = password_get(o.pwfile, prompt, 1, pw, sizeof pw, &err);
	free(prompt);
	if (r == AMP_OK)
		r = store_init(o.dir, admin, "admin", pw, strlen(pw), o.kdf,
		    &err);
	wipe(pw, sizeof pw);
	if (r != AMP_OK)
		return (cmd_fail(&err));
	printf(_("Created the store %s with the administrator %s.\n"), o.dir,
	    admin);
	return (AMP_OK);
}
