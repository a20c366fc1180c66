/* cmd-audit.c: amparo audit verify|pubkey|checkpoint|log: the audit log for auditors. */

#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define AUDIT_FILE_MAX	4096	/* a public key or checkpoint file */

/* Which options each audit command takes. */
#define AO_STORE	0x01
#define AO_LOGIN	0x02	/* -u, --password-file */
#define AO_VERIFY	0x04	/* --pubkey, --checkpoint */
#define AO_OUTPUT	0x08	/* -o */
#define AO_FILTER	0x10	/* --account, --record, --action, dates */

static const struct {
	const char	*name;
	unsigned	 opts;
} audit_cmds[] = {
	{ "verify", AO_STORE | AO_VERIFY },
	{ "pubkey", AO_STORE | AO_OUTPUT },
	{ "checkpoint", AO_STORE | AO_LOGIN | AO_OUTPUT },
	{ "log", AO_STORE | AO_LOGIN | AO_FILTER },
};

struct audit_args {
	struct cmd_opts		 o;
	const char		*pubkey;
	const char		*checkpoint;
	const char		*output;
	struct audit_filter	 f;
	unsigned		 given;		/* AO_* */
};

/* A date as the first or the last second of its day in UTC. */
static int
audit_date(const char *s, int last, int64_t *t)
{
	int	y, m, d;

	if (date_parse(s, &y, &m, &d) != 0)
		return (-1);
	*t = date_days(y, m, d) * 86400 + (last ? 86399 : 0);
	return (0);
}

/* A filter option's value; -1 after a usage error. */
static int
audit_filter_opt(int c, const char *arg, struct audit_filter *f)
{
	uint64_t	id;
	int		year;

	switch (c) {
	case OPT_ACCOUNT:
		f->account = arg;
		return (0);
	case OPT_ACTION:
		f->action = arg;
		return (0);
	case OPT_RECORD:
		if (casenum_parse(arg, &id, &year) != 0 &&
		    (cmd_parse_u64(arg, UINT64_MAX, &id) != 0 || id == 0)) {
			cmd_usage_error("audit",
			    _("--record is a case number or a case id, not \"%s\""),
			    arg);
			return (-1);
		}
		f->record = id;
		return (0);
	}
	if (audit_date(arg, c == OPT_UNTIL, c == OPT_SINCE ? &f->since :
	    &f->until) != 0) {
		cmd_usage_error("audit", _("\"%s\" is not a date"), arg);
		return (-1);
	}
	return (0);
}

/* The options of an audit command; returns the index of the first operand. */
static int
audit_parse(int argc, char **argv, struct audit_args *a)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'u' },
		{ "password-file", required_argument, NULL, OPT_PASSWORD_FILE },
		{ "output", required_argument, NULL, 'o' },
		{ "pubkey", required_argument, NULL, OPT_PUBKEY },
		{ "checkpoint", required_argument, NULL, OPT_CHECKPOINT },
		{ "account", required_argument, NULL, OPT_ACCOUNT },
		{ "record", required_argument, NULL, OPT_RECORD },
		{ "action", required_argument, NULL, OPT_ACTION },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ NULL, 0, NULL, 0 }
	};
	int	c, r;

	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:u:o:", longopts, NULL)) != -1) {
		if ((r = cmd_common_opt(c, optarg, &a->o, "audit")) < 0)
			return (-1);
		if (r > 0) {
			a->given |= c == 'd' ? AO_STORE : AO_LOGIN;
			continue;
		}
		switch (c) {
		case 'o':
			a->output = optarg;
			a->given |= AO_OUTPUT;
			break;
		case OPT_PUBKEY:
			a->pubkey = optarg;
			a->given |= AO_VERIFY;
			break;
		case OPT_CHECKPOINT:
			a->checkpoint = optarg;
			a->given |= AO_VERIFY;
			break;
		case OPT_ACCOUNT:
		case OPT_RECORD:
		case OPT_ACTION:
		case OPT_SINCE:
		case OPT_UNTIL:
			if (audit_filter_opt(c, optarg, &a->f) != 0)
				return (-1);
			a->given |= AO_FILTER;
			break;
		default:
			cmd_bad_option("audit", c, argv);
			return (-1);
		}
	}
	return (optind);
}

static void
audit_print_report(const struct audit_report *r, int own_key)
{
	unsigned long long	n = r->entries;

	if (r->problem != AUDIT_INTACT) {
		printf(_("audit log altered: %s\n"), r->why);
		n = r->verified;
		printf(ngettext("%llu entry verified before it\n",
		    "%llu entries verified before it\n", (unsigned long)n), n);
		return;
	}
	printf(ngettext("audit log intact: %llu entry",
	    "audit log intact: %llu entries", (unsigned long)n), n);
	if (r->signed_upto > 0)
		printf(_(", signed up to entry %llu by key %s\n"),
		    (unsigned long long)r->signed_upto, r->key_id);
	else
		printf(_(", none signed yet\n"));
	if (r->signed_upto > 0 && r->signed_upto < r->entries)
		printf(_("entries %llu to %llu are not covered by a signed checkpoint yet\n"),
		    (unsigned long long)(r->signed_upto + 1), n);
	if (own_key && r->key_id[0] != '\0')
		printf(_("(checked with the public key kept in the store; give --pubkey with your own copy to detect a replaced key)\n"));
}

static int
audit_verify_cmd(struct audit_args *a)
{
	struct audit_report	 r;
	struct audit_key	 key;
	struct audit_ckpt	 ckpt;
	struct amp_err		 err;
	struct store		*st = NULL;
	char			*text = NULL;
	size_t			 len;
	int			 rc;

	err_clear(&err);
	if (a->pubkey != NULL) {
		if ((rc = cmd_read_file(a->pubkey, AUDIT_FILE_MAX, &text,
		    &len, &err)) == AMP_OK)
			rc = audit_key_parse(text, len, &key, &err);
		free(text);
		if (rc != AMP_OK)
			return (cmd_fail(&err));
	}
	if (a->checkpoint != NULL) {
		if ((rc = cmd_read_file(a->checkpoint, AUDIT_FILE_MAX, &text,
		    &len, &err)) == AMP_OK)
			rc = audit_ckpt_parse(text, len, &ckpt, &err);
		free(text);
		if (rc != AMP_OK)
			return (cmd_fail(&err));
	}
	if ((rc = store_open_readonly(cmd_store_dir(&a->o), &st, &err)) !=
	    AMP_OK)
		return (cmd_fail(&err));
	rc = audit_verify(st, a->pubkey != NULL ? &key : NULL,
	    a->checkpoint != NULL ? &ckpt : NULL, &r, &err);
	store_close(st);
	if (rc != AMP_OK)
		return (cmd_fail(&err));
	audit_print_report(&r, a->pubkey == NULL);
	return (r.problem == AUDIT_INTACT ? AMP_OK : AMP_EALTERED);
}

static int
audit_pubkey_cmd(struct audit_args *a)
{
	struct amp_err	 err;
	struct store	*st;
	char		*text;
	int		 rc;

	err_clear(&err);
	if ((rc = store_open_readonly(cmd_store_dir(&a->o), &st, &err)) !=
	    AMP_OK)
		return (cmd_fail(&err));
	if ((rc = audit_key_text(st, &text, &err)) == AMP_OK)
		rc = cmd_write_out(a->output, text, &err);
	free(text);
	store_close(st);
	return (rc == AMP_OK ? AMP_OK : cmd_fail(&err));
}

static int
audit_checkpoint_cmd(struct session *s, struct audit_args *a)
{
	struct amp_err	 err;
	char		*text = NULL;
	int		 rc;

	err_clear(&err);
	if ((rc = audit_sign(s->store, s->keys, &text, &err)) == AMP_OK)
		rc = cmd_write_out(a->output, text, &err);
	free(text);
	return (rc == AMP_OK ? AMP_OK : cmd_fail(&err));
}

/* One entry a line, tab-separated; "-" for an empty field. */
static int
audit_print_entry(const struct audit_entry *e, void *arg)
{
	const char	*v[4] = { e->account, e->institution, e->action,
			    e->detail };
	char		*clean[4], when[32], rec[32];
	size_t		 i;

	(void)arg;
	time_format_utc(e->time, when, sizeof when);
	if (e->record != 0)
		snprintf(rec, sizeof rec, "%llu", (unsigned long long)e->record);
	else
		snprintf(rec, sizeof rec, "-");
	for (i = 0; i < 4; i++)
		clean[i] = utf8_clean(v[i], strlen(v[i]));
	printf("%llu\t%s\t%s\t%s\t%s\t%s\t%s\n", (unsigned long long)e->seq,
	    when, *clean[0] != '\0' ? clean[0] : "-",
	    *clean[1] != '\0' ? clean[1] : "-",
	    *clean[2] != '\0' ? clean[2] : "-", rec,
	    *clean[3] != '\0' ? clean[3] : "-");
	for (i = 0; i < 4; i++)
		free(clean[i]);
	return (0);
}

static int
audit_log_cmd(struct session *s, struct audit_args *a)
{
	struct amp_err	err;

	err_clear(&err);
	if (audit_list(s->store, &a->f, audit_print_entry, NULL, &err) !=
	    AMP_OK)
		return (cmd_fail(&err));
	return (AMP_OK);
}

int
cmd_audit(int argc, char **argv)
{
	struct audit_args	 a;
	struct formset		*fs = NULL;
	struct store		*st = NULL;
	struct session		*s = NULL;
	struct amp_err		 err;
	const char		*sub;
	size_t			 i;
	int			 first, rc;

	memset(&a, 0, sizeof a);
	err_clear(&err);
	if (argc < 2)
		return (cmd_usage_error("audit",
		    _("say verify, pubkey, checkpoint or log")));
	sub = argv[1];
	for (i = 0; i < nitems(audit_cmds); i++) {
		if (strcmp(audit_cmds[i].name, sub) == 0)
			break;
	}
	if (i == nitems(audit_cmds))
		return (cmd_usage_error("audit",
		    _("unknown audit command \"%s\""), sub));
	if ((first = audit_parse(argc - 1, argv + 1, &a)) < 0)
		return (AMP_EUSAGE);
	if (first != argc - 1)
		return (cmd_usage_error("audit",
		    _("wrong number of arguments to audit %s"), sub));
	if ((a.given & ~audit_cmds[i].opts) != 0)
		return (cmd_usage_error("audit",
		    _("an option given is not one of audit %s's"), sub));
	if (strcmp(sub, "verify") == 0)
		return (audit_verify_cmd(&a));
	if (strcmp(sub, "pubkey") == 0)
		return (audit_pubkey_cmd(&a));
	if ((rc = cmd_load_forms(&fs)) != AMP_OK)
		return (rc);
	if ((rc = cmd_login(&a.o, fs, &st, &s)) == AMP_OK &&
	    (s->rp->admin & PA_AUDIT) == 0) {
		err_set(&err, AMP_EPERM,
		    _("not allowed: the role \"%s\" may not read the audit log or sign its checkpoints"),
		    s->role);
		rc = cmd_fail(&err);
	} else if (rc == AMP_OK) {
		if (strcmp(sub, "checkpoint") == 0)
			rc = audit_checkpoint_cmd(s, &a);
		else
			rc = audit_log_cmd(s, &a);
	}
	session_free(s);
	store_close(st);
	formset_free(fs);
	return (rc);
}
