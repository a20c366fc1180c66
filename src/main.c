/* main.c: amparo's entry point: locale, hardening, and dispatch to a subcommand or the console. */

#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"

int
main(int argc, char **argv)
{
	const struct cmd_entry	*e;
	struct amp_err		 err;
	const char		*localedir;

	umask(007);	/* store files: owner and group only */
	opterr = 0;	/* commands report bad options themselves */
	localedir = getenv("AMPARO_LOCALEDIR");
	i18n_init(localedir != NULL && *localedir != '\0' ? localedir :
	    LOCALEDIR);
	log_open_debug(getenv("AMPARO_DEBUG_LOG"));
	err_clear(&err);
	if (crypto_setup(&err) != AMP_OK)
		return (cmd_fail(&err));
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		cmd_print_version();
		return (AMP_OK);
	}
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0))
		return (cmd_help(1, argv));
	if (argc > 1 && argv[1][0] != '-') {
		if ((e = cmd_find(argv[1])) == NULL)
			return (cmd_usage_error(NULL,
			    _("unknown command \"%s\" (see amparo help)"),
			    argv[1]));
		return (e->exec(argc - 1, argv + 1));
	}
	return (cmd_console(argc, argv));
}
