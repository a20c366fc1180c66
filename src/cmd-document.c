/* cmd-document.c: amparo document add|queue and amparo renewal plan|list|roster|record|close from scripts. */

#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define QUEUE_DAYS	30	/* the renewal queue's horizon, unless --days */

enum {
	OPT_DAYS = 512, OPT_PROVINCE, OPT_DISTRICT, OPT_OUTCOME,
	OPT_DOCUMENT
};

struct doc_args {
	struct cmd_opts	 o;
	const char	*sub;
	char		**sets;
	size_t		 nsets;
	uint64_t	 days;
	struct doc_area	 area;
	int		 csv;
	const char	*outcome;
	const char	*document;
};

static int
doc_parse(const char *cmd, int argc, char **argv, struct doc_args *a)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'u' },
		{ "password-file", required_argument, NULL, OPT_PASSWORD_FILE },
		{ "set", required_argument, NULL, OPT_SET },
		{ "days", required_argument, NULL, OPT_DAYS },
		{ "province", required_argument, NULL, OPT_PROVINCE },
		{ "district", required_argument, NULL, OPT_DISTRICT },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ "outcome", required_argument, NULL, OPT_OUTCOME },
		{ "document", required_argument, NULL, OPT_DOCUMENT },
		{ NULL, 0, NULL, 0 }
	};
	int	c, r;

	optind = 1;
	a->days = QUEUE_DAYS;
	while ((c = getopt_long(argc, argv, ":d:u:", longopts, NULL)) != -1) {
		if ((r = cmd_common_opt(c, optarg, &a->o, cmd)) < 0)
			return (-1);
		if (r > 0)
			continue;
		switch (c) {
		case OPT_SET:
			a->sets = xreallocarray(a->sets, a->nsets + 1,
			    sizeof *a->sets);
			a->sets[a->nsets++] = optarg;
			break;
		case OPT_DAYS:
			if (cmd_parse_u64(optarg, 36500, &a->days) != 0) {
				cmd_usage_error(cmd,
				    _("--days wants a number of days from 0 to 36500, not \"%s\""),
				    optarg);
				return (-1);
			}
			break;
		case OPT_PROVINCE:
			a->area.province = optarg;
			break;
		case OPT_DISTRICT:
			a->area.district = optarg;
			break;
		case OPT_CSV:
			a->csv = 1;
			break;
		case OPT_OUTCOME:
			a->outcome = optarg;
			break;
		case OPT_DOCUMENT:
			a->document = optarg;
			break;
		default:
			cmd_bad_option(cmd, c, argv);
			return (-1);
		}
	}
	return (optind);
}

/* A form's record from --set arguments, checked as the form asks. */
static int
doc_record_from_sets(const struct form *f, struct doc_args *a,
    struct record *r, struct amp_err *err)
{
	size_t	i;
	int	rc = AMP_OK;

	record_init(r);
	r->form = xstrdup(f->id);
	form_defaults(f, &r->data);
	for (i = 0; i < a->nsets && rc == AMP_OK; i++)
		rc = cmd_apply_set(f, &r->data, a->sets[i], err);
	if (rc == AMP_OK)
		rc = cmd_sets_asked(f, &r->data, a->sets, a->nsets, err);
	return (rc);
}

/* Save a new document (case_id set) or session; print its number. */
static int
doc_new(struct session *s, struct doc_args *a, const char *form,
    uint64_t case_id)
{
	const struct form	*f;
	struct record		 r;
	struct verrs		 ve = { 0 };
	struct amp_err		 err;
	char			 num[32];
	int			 rc;

	err_clear(&err);
	if ((f = case_form(s, form, &err)) == NULL)
		return (cmd_fail(&err));
	if ((rc = doc_record_from_sets(f, a, &r, &err)) != AMP_OK)
		rc = cmd_fail(&err);
	else if ((rc = case_id != 0 ? document_add(s, case_id, &r, &ve, &err) :
	    renewal_plan(s, &r, &ve, &err)) != AMP_OK)
		rc = cmd_report_invalid(&ve, &err);
	else {
		casenum_format(r.id, r.created, num, sizeof num);
		printf("%s\n", num);
	}
	verrs_free(&ve);
	record_free(&r);
	return (rc);
}

/* A line of fields, tab-separated or as CSV. */
static void
print_line(int csv, const char *const *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (csv)
			cmd_csv_field(v[i], i + 1 == n ? "\n" : ",");
		else
			printf("%s%s", v[i], i + 1 == n ? "\n" : "\t");
	}
}

/*
 * The renewal queue, one line a document, soonest expiry first: expiry,
 * overdue or due, document, case, kind, number, state, province, district
 * and the person (the case's summary).
 */
static int
doc_queue_cmd(struct session *s, struct doc_args *a)
{
	static const char *const head[] = { "expiry", "status", "document",
	    "case", "doc_type", "doc_number", "state", "province", "district",
	    "person" };
	struct doc_row	*v;
	struct amp_err	 err;
	const char	*line[nitems(head)];
	char		 exp[32];
	int64_t		 today = date_today_days();
	size_t		 n, i;

	err_clear(&err);
	if (document_queue(s, today + (int64_t)a->days, &a->area, &v, &n,
	    &err) != AMP_OK)
		return (cmd_fail(&err));
	if (a->csv)
		print_line(1, head, nitems(head));
	for (i = 0; i < n; i++) {
		date_format_days(v[i].expiry, exp, sizeof exp);
		line[0] = exp;
		line[1] = v[i].expiry < today ? "overdue" : "due";
		line[2] = v[i].number;
		line[3] = v[i].case_number;
		line[4] = v[i].doc_type;
		line[5] = v[i].doc_number;
		line[6] = v[i].state;
		line[7] = v[i].province;
		line[8] = v[i].district;
		line[9] = v[i].person;
		print_line(a->csv, line, nitems(line));
	}
	doc_rows_free(v, n);
	return (AMP_OK);
}

/* The sessions: number, state, date, area, place, institutions. */
static int
renewal_list_cmd(struct session *s, struct doc_args *a)
{
	struct renewal_info	*v;
	struct amp_err		 err;
	const char		*line[7];
	char			 date[32];
	size_t			 n, i;

	err_clear(&err);
	if (renewal_list(s, &v, &n, &err) != AMP_OK)
		return (cmd_fail(&err));
	for (i = 0; i < n; i++) {
		date_format_days(v[i].date, date, sizeof date);
		line[0] = v[i].number;
		line[1] = v[i].state;
		line[2] = date;
		line[3] = v[i].province;
		line[4] = v[i].district;
		line[5] = v[i].place;
		line[6] = v[i].institutions;
		print_line(a->csv, line, nitems(line));
	}
	renewal_infos_free(v, n);
	return (AMP_OK);
}

/* A session by its number, checked to be one (the year too). */
static int
session_arg(struct session *s, const char *arg, uint64_t *id,
    struct renewal_info *in, struct doc_row **rows, size_t *n)
{
	struct amp_err	err;
	int		rc;

	err_clear(&err);
	memset(in, 0, sizeof *in);
	*rows = NULL;
	*n = 0;
	if ((rc = cmd_record_arg("renewal", _("the session"), arg, id)) !=
	    AMP_OK)
		return (rc);
	if ((rc = renewal_roster(s, *id, in, rows, n, &err)) != AMP_OK)
		return (cmd_fail(&err));
	if (strcmp(in->number, arg + strspn(arg, " ")) != 0) {
		err_set(&err, AMP_ENOTFOUND,
		    _("there is no renewal session %s"), arg);
		return (cmd_fail(&err));
	}
	return (AMP_OK);
}

/*
 * The roster, one line a document, by person: case, document, kind,
 * number, expiry, the outcome recorded at the session ("-" if none), the
 * person.
 */
static int
renewal_roster_cmd(struct session *s, struct doc_args *a, const char *arg)
{
	static const char *const head[] = { "case", "document", "doc_type",
	    "doc_number", "expiry", "outcome", "person" };
	struct renewal_info	 in;
	struct doc_row		*v;
	const char		*line[nitems(head)];
	char			 exp[32];
	uint64_t		 id;
	size_t			 n, i;
	int			 rc;

	if ((rc = session_arg(s, arg, &id, &in, &v, &n)) == AMP_OK) {
		if (a->csv)
			print_line(1, head, nitems(head));
		for (i = 0; i < n; i++) {
			date_format_days(v[i].expiry, exp, sizeof exp);
			line[0] = v[i].case_number;
			line[1] = v[i].number;
			line[2] = v[i].doc_type;
			line[3] = v[i].doc_number;
			line[4] = exp;
			line[5] = v[i].outcome != NULL ? v[i].outcome : "-";
			line[6] = v[i].person;
			print_line(a->csv, line, nitems(line));
		}
	}
	doc_rows_free(v, n);
	renewal_info_free(&in);
	return (rc);
}

/* A person by case number (no need-to-know: the roster decides), or search. */
static int
person_arg(struct session *s, const char *arg, uint64_t *id,
    struct amp_err *err)
{
	int	year;

	if (casenum_parse(arg, id, &year) == 0)
		return (AMP_OK);
	return (case_lookup(s, arg, id, err));
}

static int
renewal_record_cmd(struct session *s, struct doc_args *a, const char *sarg,
    const char *carg)
{
	struct renewal_info	 in;
	struct doc_row		*v;
	struct verrs		 ve = { 0 };
	struct amp_err		 err;
	const char		*outcome = a->outcome, *expiry = NULL;
	const char		*notes = NULL;
	char			 num[32];
	uint64_t		 sid, cid, did = 0;
	size_t			 n, i;
	int			 rc;

	err_clear(&err);
	for (i = 0; i < a->nsets; i++) {
		if (strncmp(a->sets[i], "new_expiry_date=", 16) == 0)
			expiry = a->sets[i] + 16;
		else if (strncmp(a->sets[i], "notes=", 6) == 0)
			notes = a->sets[i] + 6;
		else if (strncmp(a->sets[i], "outcome=", 8) == 0)
			outcome = a->sets[i] + 8;
		else
			return (cmd_usage_error("renewal",
			    _("renewal record sets only new_expiry_date, notes and outcome, not \"%s\""),
			    a->sets[i]));
	}
	if (outcome == NULL)
		return (cmd_usage_error("renewal",
		    _("renewal record needs --outcome (renewed, not_present, missing_documents or referred)")));
	if (a->document != NULL &&
	    (rc = cmd_record_arg("renewal", _("the document"), a->document,
	    &did)) != AMP_OK)
		return (rc);
	if ((rc = session_arg(s, sarg, &sid, &in, &v, &n)) != AMP_OK) {
		doc_rows_free(v, n);
		renewal_info_free(&in);
		return (rc);
	}
	doc_rows_free(v, n);
	renewal_info_free(&in);
	if ((rc = person_arg(s, carg, &cid, &err)) != AMP_OK)
		return (cmd_fail(&err));
	if ((rc = renewal_record(s, sid, cid, did, outcome, expiry, notes, num,
	    sizeof num, &ve, &err)) != AMP_OK)
		rc = cmd_report_invalid(&ve, &err);
	else
		printf("%s\n", num);
	verrs_free(&ve);
	return (rc);
}

static int
renewal_close_cmd(struct session *s, const char *arg)
{
	struct renewal_info	 in;
	struct doc_row		*v;
	struct amp_err		 err;
	uint64_t		 id;
	size_t			 n, absent;
	int			 rc;

	err_clear(&err);
	rc = session_arg(s, arg, &id, &in, &v, &n);
	doc_rows_free(v, n);
	if (rc == AMP_OK) {
		if ((rc = renewal_close(s, id, &absent, &err)) != AMP_OK)
			rc = cmd_fail(&err);
		else
			printf(ngettext("%s closed: %zu person recorded as not present\n",
			    "%s closed: %zu people recorded as not present\n",
			    absent), in.number, absent);
	}
	renewal_info_free(&in);
	return (rc);
}

/* The subcommands: name, the arguments each takes. */
static const struct {
	const char	*cmd, *sub;
	int		 nargs;
} doc_subs[] = {
	{ "document", "add", 1 },
	{ "document", "queue", 0 },
	{ "renewal", "plan", 0 },
	{ "renewal", "list", 0 },
	{ "renewal", "roster", 1 },
	{ "renewal", "record", 2 },
	{ "renewal", "close", 1 },
};

static int
doc_run(struct session *s, struct doc_args *a, char **args)
{
	uint64_t	id;
	struct amp_err	err;

	err_clear(&err);
	if (strcmp(a->sub, "add") == 0) {
		if (case_lookup(s, args[0], &id, &err) != AMP_OK)
			return (cmd_fail(&err));
		return (doc_new(s, a, DOCUMENT_FORM, id));
	}
	if (strcmp(a->sub, "queue") == 0)
		return (doc_queue_cmd(s, a));
	if (strcmp(a->sub, "plan") == 0)
		return (doc_new(s, a, RENEWAL_SESSION_FORM, 0));
	if (strcmp(a->sub, "list") == 0)
		return (renewal_list_cmd(s, a));
	if (strcmp(a->sub, "roster") == 0)
		return (renewal_roster_cmd(s, a, args[0]));
	if (strcmp(a->sub, "record") == 0)
		return (renewal_record_cmd(s, a, args[0], args[1]));
	return (renewal_close_cmd(s, args[0]));
}

static int
doc_main(const char *cmd, int argc, char **argv)
{
	struct doc_args	 a;
	struct formset	*fs = NULL;
	struct store	*st = NULL;
	struct session	*s = NULL;
	size_t		 i;
	int		 first, rc;

	memset(&a, 0, sizeof a);
	if (argc < 2)
		return (cmd_usage_error(cmd, _("say which %s command"), cmd));
	for (i = 0; i < nitems(doc_subs); i++) {
		if (strcmp(doc_subs[i].cmd, cmd) == 0 &&
		    strcmp(doc_subs[i].sub, argv[1]) == 0)
			break;
	}
	if (i == nitems(doc_subs))
		return (cmd_usage_error(cmd, _("unknown %s command \"%s\""),
		    cmd, argv[1]));
	a.sub = argv[1];
	if ((first = doc_parse(cmd, argc - 1, argv + 1, &a)) < 0) {
		free(a.sets);
		return (AMP_EUSAGE);
	}
	if (argc - 1 - first != doc_subs[i].nargs) {
		free(a.sets);
		return (cmd_usage_error(cmd,
		    _("wrong number of arguments to %s %s"), cmd, a.sub));
	}
	if ((rc = cmd_load_forms(&fs)) != AMP_OK) {
		free(a.sets);
		return (rc);
	}
	if ((rc = cmd_login(&a.o, fs, &st, &s)) == AMP_OK)
		rc = doc_run(s, &a, argv + 1 + first);
	session_free(s);
	store_close(st);
	formset_free(fs);
	free(a.sets);
	return (rc);
}

int
cmd_document(int argc, char **argv)
{
	return (doc_main("document", argc, argv));
}

int
cmd_renewal(int argc, char **argv)
{
	return (doc_main("renewal", argc, argv));
}
