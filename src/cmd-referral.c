/* cmd-referral.c: amparo referral send|inbox|outbox: referrals between institutions from scripts. */

#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define REFERRAL_FORM	"referral"	/* unless --form says */

struct referral_args {
	struct cmd_opts	 o;
	const char	*form;
	const char	*to;
	char		**sets;
	size_t		 nsets;
};

static int
referral_parse(int argc, char **argv, struct referral_args *a)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'u' },
		{ "password-file", required_argument, NULL, OPT_PASSWORD_FILE },
		{ "form", required_argument, NULL, OPT_FORM },
		{ "set", required_argument, NULL, OPT_SET },
		{ "to", required_argument, NULL, OPT_TO },
		{ NULL, 0, NULL, 0 }
	};
	int	c, r;

	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:u:", longopts, NULL)) != -1) {
		if ((r = cmd_common_opt(c, optarg, &a->o, "referral")) < 0)
			return (-1);
		if (r > 0)
			continue;
		switch (c) {
		case OPT_FORM:
			a->form = optarg;
			break;
		case OPT_TO:
			a->to = optarg;
			break;
		case OPT_SET:
			a->sets = xreallocarray(a->sets, a->nsets + 1,
			    sizeof *a->sets);
			a->sets[a->nsets++] = optarg;
			break;
		default:
			cmd_bad_option("referral", c, argv);
			return (-1);
		}
	}
	return (optind);
}

static int
referral_send_cmd(struct session *s, struct referral_args *a,
    const char *query)
{
	const struct form	*f;
	struct record		 r;
	struct verrs		 ve = { 0 };
	struct amp_err		 err;
	uint64_t		 id;
	char			 num[32];
	size_t			 i;
	int			 rc = AMP_OK;

	err_clear(&err);
	if (a->to == NULL)
		return (cmd_usage_error("referral",
		    _("referral send needs --to INSTITUTION")));
	if ((f = formset_find(s->forms, a->form != NULL ? a->form :
	    REFERRAL_FORM)) == NULL)
		return (cmd_usage_error("referral", _("there is no form \"%s\""),
		    a->form != NULL ? a->form : REFERRAL_FORM));
	if (case_lookup(s, query, &id, &err) != AMP_OK)
		return (cmd_fail(&err));
	record_init(&r);
	r.form = xstrdup(f->id);
	form_defaults(f, &r.data);
	for (i = 0; i < a->nsets && rc == AMP_OK; i++)
		rc = cmd_apply_set(f, &r.data, a->sets[i], &err);
	if (rc == AMP_OK)
		rc = cmd_sets_asked(f, &r.data, a->sets, a->nsets, &err);
	if (rc == AMP_OK &&
	    (rc = referral_send(s, id, a->to, &r, &ve, &err)) != AMP_OK)
		rc = cmd_report_invalid(&ve, &err);
	else if (rc != AMP_OK)
		rc = cmd_fail(&err);
	else {
		casenum_format(r.id, r.created, num, sizeof num);
		printf("%s\n", num);
	}
	verrs_free(&ve);
	record_free(&r);
	return (rc);
}

/*
 * One line a referral (or a record of a queue), tab-separated: its number,
 * the case's, from, to, the state and since when, when the next step is
 * due (OVERDUE when past; CONSENT WITHDRAWN and the day, when no step can
 * be taken), and its summary.
 */
void
cmd_print_rows(const struct referral_row *v, size_t n)
{
	char	since[32], due[64], day[32];
	size_t	i;

	for (i = 0; i < n; i++) {
		date_format_days(v[i].since / 86400, since, sizeof since);
		if (v[i].due == 0)
			snprintf(due, sizeof due, "-");
		else
			date_format_days(v[i].due, due, sizeof due);
		if (v[i].due != 0 && v[i].due < date_today_days())
			snprintf(due + strlen(due), sizeof due - strlen(due),
			    " %s", _("OVERDUE"));
		if (v[i].withdrawn != 0) {	/* no step is due any more */
			date_format_days(v[i].withdrawn / 86400, day,
			    sizeof day);
			snprintf(due, sizeof due, "%s %s",
			    _("CONSENT WITHDRAWN"), day);
		}
		printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", v[i].number,
		    v[i].case_number, v[i].from, v[i].to, v[i].state, since,
		    due, v[i].summary);
	}
}

static int
referral_box_cmd(struct session *s, int out)
{
	struct referral_row	*v;
	struct amp_err		 err;
	size_t			 n;

	err_clear(&err);
	if (referral_box(s, out, &v, &n, &err) != AMP_OK)
		return (cmd_fail(&err));
	cmd_print_rows(v, n);
	referral_rows_free(v, n);
	return (AMP_OK);
}

int
cmd_referral(int argc, char **argv)
{
	struct referral_args	 a;
	struct formset		*fs = NULL;
	struct store		*st = NULL;
	struct session		*s = NULL;
	const char		*sub;
	int			 first, rc, nargs;

	memset(&a, 0, sizeof a);
	if (argc < 2)
		return (cmd_usage_error("referral",
		    _("say send, inbox or outbox")));
	sub = argv[1];
	if (strcmp(sub, "send") != 0 && strcmp(sub, "inbox") != 0 &&
	    strcmp(sub, "outbox") != 0)
		return (cmd_usage_error("referral",
		    _("unknown referral command \"%s\""), sub));
	if ((first = referral_parse(argc - 1, argv + 1, &a)) < 0) {
		free(a.sets);
		return (AMP_EUSAGE);
	}
	nargs = argc - 1 - first;
	if ((strcmp(sub, "send") == 0 && nargs != 1) ||
	    (strcmp(sub, "send") != 0 && nargs != 0)) {
		free(a.sets);
		return (cmd_usage_error("referral",
		    _("wrong number of arguments to referral %s"), sub));
	}
	if ((rc = cmd_load_forms(&fs)) != AMP_OK) {
		free(a.sets);
		return (rc);
	}
	if ((rc = cmd_login(&a.o, fs, &st, &s)) == AMP_OK) {
		if (strcmp(sub, "send") == 0)
			rc = referral_send_cmd(s, &a, argv[1 + first]);
		else
			rc = referral_box_cmd(s, strcmp(sub, "outbox") == 0);
	}
	session_free(s);
	store_close(st);
	formset_free(fs);
	free(a.sets);
	return (rc);
}
