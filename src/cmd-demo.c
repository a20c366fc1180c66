/* cmd-demo.c: amparo demo: build a sandbox store of fictitious people, then open the console on it. */

#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "tui.h"

/*
 * The sandbox when -d is not given: beside the default store, never the store
 * itself.
 */
static char *
demo_dir_default(void)
{
	const char	*e, *home;

	if ((e = getenv("XDG_DATA_HOME")) != NULL && *e == '/')
		return (xsprintf("%s/amparo/demo", e));
	home = getenv("HOME");
	return (xsprintf("%s/.local/share/amparo/demo",
	    home != NULL && *home != '\0' ? home : "."));
}

int
cmd_demo(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 'd' },
		{ "people", required_argument, NULL, OPT_PEOPLE },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "password-file", required_argument, NULL, OPT_PASSWORD_FILE },
		{ "no-console", no_argument, NULL, OPT_NO_CONSOLE },
		{ "kdf", required_argument, NULL, OPT_KDF },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd_opts		 o = { .kdf = KDF_INTERACTIVE };
	struct demo_opts	 d;
	struct demo_account	*accts = NULL;
	struct formset		*fs = NULL;
	struct amp_err		 err;
	struct tui_opts		 t;
	char			 pw[PASSWORD_MAX], *dir, line[8];
	uint64_t		 v;
	size_t			 n = 0, i;
	int			 c, r, console = 1, rc;

	err_clear(&err);
	memset(&d, 0, sizeof d);
	d.people = 500;
	d.seed = 1;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:", longopts, NULL)) != -1) {
		if ((r = cmd_common_opt(c, optarg, &o, "demo")) < 0)
			return (AMP_EUSAGE);
		if (r > 0)
			continue;
		switch (c) {
		case OPT_PEOPLE:
		case OPT_SEED:
			if (cmd_parse_u64(optarg, c == OPT_PEOPLE ? 10000000 :
			    UINT64_MAX, &v) != 0)
				return (cmd_usage_error("demo",
				    _("--%s takes a number%s, not \"%s\""),
				    c == OPT_PEOPLE ? "people" : "seed",
				    c == OPT_PEOPLE ? _(" up to 10000000") : "",
				    optarg));
			if (c == OPT_PEOPLE)
				d.people = (size_t)v;
			else
				d.seed = v;
			break;
		case OPT_NO_CONSOLE:
			console = 0;
			break;
		default:
			return (cmd_bad_option("demo", c, argv));
		}
	}
	if (optind != argc)
		return (cmd_usage_error("demo", _("unexpected argument \"%s\""),
		    argv[optind]));
	if ((rc = cmd_load_forms(&fs)) != AMP_OK)
		return (rc);
	dir = o.dir != NULL ? xstrdup(o.dir) : demo_dir_default();
	d.dir = dir;
	d.kdf = o.kdf;
	if (o.pwfile != NULL) {
		if ((rc = password_read_file(o.pwfile, pw, sizeof pw, &err)) !=
		    AMP_OK)
			goto out;
		d.password = pw;
	}
	if ((rc = demo_build(&d, fs, &accts, &n, &err)) != AMP_OK)
		goto out;
	printf(_("Demo store %s: %zu fictitious people (seed %llu).\n"), dir,
	    d.people, (unsigned long long)d.seed);
	printf(_("Accounts:\n"));
	for (i = 0; i < n; i++)
		printf("  %-10s %-10s %s\n", accts[i].name, accts[i].role,
		    o.pwfile != NULL ? _("(the password in the file)") :
		    accts[i].password);
	fflush(stdout);
	if (console) {
		if (o.pwfile == NULL && isatty(STDIN_FILENO)) {
			printf(_("Note the passwords, then press Enter to open the console. "));
			fflush(stdout);
			if (fgets(line, sizeof line, stdin) == NULL)
				goto out;
		}
		memset(&t, 0, sizeof t);
		t.dir = dir;
		t.forms = fs;
		t.user = "admin";
		rc = tui_run(&t, &err);
	}
out:
	wipe(pw, sizeof pw);
	demo_accounts_free(accts, n);
	formset_free(fs);
	free(dir);
	if (rc == AMP_EHANGUP)
		return (rc);	/* the console saved what it could */
	if (rc != AMP_OK)
		return (cmd_fail(&err));
	return (AMP_OK);
}
