/* cmd-report.c: amparo report list|NAME: the reports a role may run, and running one. */

#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static int
report_list(struct session *s)
{
	size_t	i;

	for (i = 0; i < report_count; i++) {
		if (role_has_report(s->rp, report_table[i].id))
			printf("%s\t%s\n", report_table[i].id,
			    _(report_table[i].summary));
	}
	return (AMP_OK);
}

static int
report_print(struct session *s, const char *id)
{
	struct report	rep;
	struct amp_err	err;
	size_t		i;

	err_clear(&err);
	if (report_run(s, id, &rep, &err) != AMP_OK)
		return (cmd_fail(&err));
	for (i = 0; i < rep.n; i++) {
		if (strcmp(id, "cases_by_state") == 0)
			printf("%s\t%s\t%zu\n", rep.rows[i].form,
			    *rep.rows[i].state != '\0' ? rep.rows[i].state :
			    "-", rep.rows[i].count);
		else
			printf("%s\t%zu\n", rep.rows[i].form,
			    rep.rows[i].count);
	}
	report_free(&rep);
	return (AMP_OK);
}

int
cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'u' },
		{ "password-file", required_argument, NULL, OPT_PASSWORD_FILE },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd_opts	 o;
	struct formset	*fs = NULL;
	struct store	*st = NULL;
	struct session	*s = NULL;
	int		 c, r, rc;

	memset(&o, 0, sizeof o);
	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:u:", longopts, NULL)) != -1) {
		if ((r = cmd_common_opt(c, optarg, &o, "report")) < 0)
			return (AMP_EUSAGE);
		if (r > 0)
			continue;
		return (cmd_bad_option("report", c, argv));
	}
	if (argc - optind != 1)
		return (cmd_usage_error("report",
		    _("say list, or the report to run")));
	if ((rc = cmd_load_forms(&fs)) != AMP_OK)
		return (rc);
	if ((rc = cmd_login(&o, fs, &st, &s)) == AMP_OK)
		rc = strcmp(argv[optind], "list") == 0 ? report_list(s) :
		    report_print(s, argv[optind]);
	session_free(s);
	store_close(st);
	formset_free(fs);
	return (rc);
}
