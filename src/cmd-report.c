/* cmd-report.c: amparo report [NAME] [--csv], --check, --rebuild: the reports a role may run, one as a table or CSV, and the counters checked. */

#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

enum { RUN_LIST, RUN_TABLE, RUN_CSV, RUN_CHECK, RUN_REBUILD };
enum { OPT_R_CSV = 768, OPT_R_CHECK, OPT_R_REBUILD };

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

static void
print_csv(const struct report *rep)
{
	size_t	i, j;

	for (j = 0; j < rep->ncols; j++)
		cmd_csv_field(_(rep->info->cols[j]),
		    j + 1 == rep->ncols ? "\r\n" : ",");
	for (i = 0; i < rep->n; i++) {
		for (j = 0; j < rep->ncols; j++)
			cmd_csv_field(report_cell(rep, i, j),
			    j + 1 == rep->ncols ? "\r\n" : ",");
	}
}

/* A cell padded to width w, numbers to the right, "-" for nothing. */
static void
print_cell(const char *v, size_t w, int num, int last)
{
	size_t	n;

	if (*v == '\0')
		v = "-";
	n = utf8_width(v);
	if (num)
		printf("%*s%s", (int)(w > n ? w - n : 0), "", v);
	else if (last)
		fputs(v, stdout);
	else
		printf("%s%*s", v, (int)(w > n ? w - n : 0), "");
	fputs(last ? "\n" : "  ", stdout);
}

static void
print_table(const struct report *rep)
{
	size_t	w[REPORT_COLS_MAX], i, j, n;
	int	num;

	for (j = 0; j < rep->ncols; j++) {
		w[j] = utf8_width(_(rep->info->cols[j]));
		for (i = 0; i < rep->n; i++) {
			n = utf8_width(*report_cell(rep, i, j) != '\0' ?
			    report_cell(rep, i, j) : "-");
			if (n > w[j])
				w[j] = n;
		}
	}
	for (j = 0; j < rep->ncols; j++)
		print_cell(_(rep->info->cols[j]), w[j],
		    (rep->info->num >> j) & 1, j + 1 == rep->ncols);
	for (i = 0; i < rep->n; i++) {
		for (j = 0; j < rep->ncols; j++) {
			num = (rep->info->num >> j) & 1;
			print_cell(report_cell(rep, i, j), w[j], num,
			    j + 1 == rep->ncols);
		}
	}
}

static int
report_print(struct session *s, const char *id, int csv)
{
	struct report	rep;
	struct amp_err	err;

	err_clear(&err);
	if (report_run(s, id, &rep, &err) != AMP_OK)
		return (cmd_fail(&err));
	if (csv)
		print_csv(&rep);
	else
		print_table(&rep);
	report_free(&rep);
	return (AMP_OK);
}

static void
check_differs(const struct counter_group *g, int64_t diff, void *arg)
{
	(void)arg;
	if (g->kind == 0)
		printf(_("%lld stored counter groups that no record makes\n"),
		    (long long)diff);
	else
		printf(_("counters '%c' of institution \"%s\" differ from the records (total off by %lld)\n"),
		    g->kind, g->inst, (long long)diff);
}

/* --check (auditors) and --rebuild (administrators). */
static int
report_counters(struct session *s, int rebuild)
{
	struct amp_err	err;
	size_t		bad = 0;
	unsigned	need = rebuild ? PA_ACCOUNTS : PA_AUDIT;

	err_clear(&err);
	if (s->rp == NULL || (s->rp->admin & need) == 0) {
		err_set(&err, AMP_EPERM, rebuild ?
		    _("not allowed: the role \"%s\" may not rebuild the report counters") :
		    _("not allowed: the role \"%s\" may not check the report counters"),
		    s->role);
		return (cmd_fail(&err));
	}
	if (rebuild && session_note(s, "counters-rebuild", 0, NULL, &err) !=
	    AMP_OK)
		return (cmd_fail(&err));
	if (!rebuild && session_note(s, "counters-check", 0, NULL, &err) !=
	    AMP_OK)
		return (cmd_fail(&err));
	if (rebuild) {
		if (counters_rebuild(s, &err) != AMP_OK)
			return (cmd_fail(&err));
		printf("%s\n", _("the report counters were built again from the records"));
		return (AMP_OK);
	}
	if (counters_check(s, check_differs, NULL, &bad, &err) != AMP_OK)
		return (cmd_fail(&err));
	if (bad > 0) {
		err_set(&err, AMP_EFAIL,
		    _("checking the report counters failed: %zu groups differ from the records"),
		    bad);
		return (cmd_fail(&err));
	}
	printf("%s\n", _("the report counters match the records"));
	return (AMP_OK);
}

int
cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'u' },
		{ "password-file", required_argument, NULL, OPT_PASSWORD_FILE },
		{ "csv", no_argument, NULL, OPT_R_CSV },
		{ "check", no_argument, NULL, OPT_R_CHECK },
		{ "rebuild", no_argument, NULL, OPT_R_REBUILD },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd_opts	 o;
	struct formset	*fs = NULL;
	struct store	*st = NULL;
	struct session	*s = NULL;
	const char	*name = NULL;
	int		 c, r, rc, how = RUN_TABLE, counters = 0;

	memset(&o, 0, sizeof o);
	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:u:", longopts, NULL)) != -1) {
		if (c == OPT_R_CSV)
			how = RUN_CSV;
		else if (c == OPT_R_CHECK || c == OPT_R_REBUILD)
			counters = c == OPT_R_CHECK ? RUN_CHECK : RUN_REBUILD;
		else if ((r = cmd_common_opt(c, optarg, &o, "report")) < 0)
			return (AMP_EUSAGE);
		else if (r == 0)
			return (cmd_bad_option("report", c, argv));
	}
	if (argc - optind > 1)
		return (cmd_usage_error("report",
		    _("name one report at most")));
	if (argc - optind == 1 && strcmp(argv[optind], "list") != 0)
		name = argv[optind];
	if (counters != 0 && (name != NULL || how == RUN_CSV))
		return (cmd_usage_error("report",
		    _("--check and --rebuild take no report name and no --csv")));
	if (counters == 0 && name == NULL)
		how = RUN_LIST;
	if ((rc = cmd_load_forms(&fs)) != AMP_OK)
		return (rc);
	if ((rc = cmd_login(&o, fs, &st, &s)) == AMP_OK) {
		if (counters != 0)
			rc = report_counters(s, counters == RUN_REBUILD);
		else if (how == RUN_LIST)
			rc = report_list(s);
		else
			rc = report_print(s, name, how == RUN_CSV);
	}
	session_free(s);
	store_close(st);
	formset_free(fs);
	return (rc);
}
