/* cmd-user.c: amparo user add|list|show|lock|unlock|passwd|role|assign|cost: officials' accounts and case assignments. */

#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

struct user_args {
	struct cmd_opts	 o;
	const char	*role;
	const char	*newpw;		/* --new-password-file */
	char		**teams;
	size_t		 nteams;
	int		 queue;
};

static int
user_parse(int argc, char **argv, struct user_args *a)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'u' },
		{ "password-file", required_argument, NULL, OPT_PASSWORD_FILE },
		{ "new-password-file", required_argument, NULL, OPT_NEW_PASSWORD },
		{ "role", required_argument, NULL, OPT_ROLE },
		{ "team", required_argument, NULL, OPT_TEAM },
		{ "queue", no_argument, NULL, OPT_QUEUE },
		{ NULL, 0, NULL, 0 }
	};
	int	c, r;

	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:u:", longopts, NULL)) != -1) {
		if ((r = cmd_common_opt(c, optarg, &a->o, "user")) < 0)
			return (-1);
		if (r > 0)
			continue;
		switch (c) {
		case OPT_NEW_PASSWORD:
			a->newpw = optarg;
			break;
		case OPT_ROLE:
			a->role = optarg;
			break;
		case OPT_TEAM:
			a->teams = xreallocarray(a->teams, a->nteams + 1,
			    sizeof *a->teams);
			a->teams[a->nteams++] = optarg;
			break;
		case OPT_QUEUE:
			a->queue = 1;
			break;
		default:
			cmd_bad_option("user", c, argv);
			return (-1);
		}
	}
	return (optind);
}

/* The new password of an account: from --new-password-file, or asked twice. */
static int
new_password(const struct user_args *a, const char *name, char *pw,
    size_t size, struct amp_err *err)
{
	char	*prompt;
	int	 rc;

	prompt = xsprintf(_("New password for %s: "), name);
	rc = password_get(a->newpw, prompt, 1, pw, size, err);
	free(prompt);
	return (rc);
}

static int
user_add_cmd(struct session *s, struct user_args *a, const char *name)
{
	struct amp_err	err;
	char		pw[PASSWORD_MAX];
	int		rc;

	err_clear(&err);
	if (a->role == NULL)
		return (cmd_usage_error("user", _("user add needs --role ROLE")));
	if ((rc = new_password(a, name, pw, sizeof pw, &err)) == AMP_OK)
		rc = user_add(s, name, a->role, a->teams, a->nteams, pw,
		    strlen(pw), &err);
	wipe(pw, sizeof pw);
	if (rc != AMP_OK)
		return (cmd_fail(&err));
	printf(_("Added the account %s (%s).\n"), name, a->role);
	return (AMP_OK);
}

static void
print_teams(const struct account *a)
{
	size_t	i;

	for (i = 0; i < a->nteams; i++)
		printf("%s%s", i > 0 ? "," : "", a->teams[i]);
	if (a->nteams == 0)
		printf("-");
}

struct list_ctx {
	const struct policy	*p;
	const char		*only;	/* user show: this account */
	int			 found;
};

static const char *
account_institution(const struct policy *p, const struct account *a)
{
	const struct role	*r = policy_role(p, a->role);

	return (r != NULL ? r->institution : "?");
}

static const char *
account_status(const struct account *a)
{
	return (a->locked ? _("locked") : _("active"));
}

static void
list_one(const struct account *a, void *arg)
{
	struct list_ctx	*lc = arg;
	char		 when[32];

	if (lc->only != NULL) {
		if (strcmp(a->name, lc->only) != 0)
			return;
		lc->found = 1;
		time_format(a->created, when, sizeof when);
		printf(_("account: %s\n"), a->name);
		printf(_("role: %s\n"), a->role);
		printf(_("institution: %s\n"), account_institution(lc->p, a));
		printf(_("teams: "));
		print_teams(a);
		printf("\n");
		printf(_("status: %s\n"), account_status(a));
		printf(_("failed logins: %u\n"), a->failures);
		printf(_("created: %s\n"), when);
		return;
	}
	printf("%s\t%s\t%s\t", a->name, a->role, account_institution(lc->p, a));
	print_teams(a);
	printf("\t%s\t%u\n", account_status(a), a->failures);
}

static int
user_list_cmd(struct session *s, const char *only)
{
	struct list_ctx	lc;
	struct amp_err	err;

	err_clear(&err);
	if ((only == NULL || strcmp(only, s->user) != 0) &&
	    (s->rp->admin & (PA_ACCOUNTS | PA_AUDIT)) == 0) {
		err_set(&err, AMP_EPERM,
		    _("listing accounts failed: the role \"%s\" may not do it"),
		    s->role);
		return (cmd_fail(&err));
	}
	memset(&lc, 0, sizeof lc);
	lc.p = s->forms->policy;
	lc.only = only;
	if (account_list(s->store, list_one, &lc, &err) != AMP_OK)
		return (cmd_fail(&err));
	if (only != NULL && !lc.found) {
		err_set(&err, AMP_ENOTFOUND, _("there is no account \"%s\""),
		    only);
		return (cmd_fail(&err));
	}
	return (AMP_OK);
}

static int
user_lock_cmd(struct session *s, const char *name, int lock)
{
	struct amp_err	err;

	err_clear(&err);
	if (user_lock(s, name, lock, &err) != AMP_OK)
		return (cmd_fail(&err));
	printf(lock ? _("Locked the account %s.\n") :
	    _("Unlocked the account %s.\n"), name);
	return (AMP_OK);
}

static int
user_passwd_cmd(struct session *s, struct user_args *a, const char *name)
{
	struct amp_err	err;
	char		pw[PASSWORD_MAX];
	int		rc;

	err_clear(&err);
	if ((rc = new_password(a, name, pw, sizeof pw, &err)) == AMP_OK)
		rc = user_passwd(s, name, pw, strlen(pw), &err);
	wipe(pw, sizeof pw);
	if (rc != AMP_OK)
		return (cmd_fail(&err));
	printf(_("Changed the password of %s.\n"), name);
	return (AMP_OK);
}

static int
user_role_cmd(struct session *s, struct user_args *a, const char *name,
    const char *role)
{
	struct amp_err	err;

	err_clear(&err);
	if (user_set_role(s, name, role, a->teams, a->nteams, a->nteams > 0,
	    &err) != AMP_OK)
		return (cmd_fail(&err));
	printf(_("The account %s now has the role %s.\n"), name, role);
	return (AMP_OK);
}

static int
user_assign_cmd(struct session *s, const char *to, char **cases, int n)
{
	struct amp_err	err;
	struct record	r;
	uint64_t	id;
	char		num[32];
	int		i, rc = AMP_OK;

	for (i = 0; i < n; i++) {
		err_clear(&err);
		if (case_lookup(s, cases[i], &id, &err) != AMP_OK ||
		    case_assign(s, id, to, &r, &err) != AMP_OK) {
			rc = cmd_fail(&err);
			continue;
		}
		casenum_format(r.id, r.created, num, sizeof num);
		if (*to == '\0')
			printf(_("%s: in the queue of %s\n"), num,
			    r.institution != NULL ? r.institution : "-");
		else
			printf(_("%s: assigned to %s\n"), num, to);
		record_free(&r);
	}
	return (rc);
}

static int
user_cost_cmd(struct session *s, const char *level)
{
	struct amp_err	err;
	enum kdf_level	l;

	err_clear(&err);
	if (kdf_parse_level(level, &l) != 0)
		return (cmd_usage_error("user",
		    _("the cost is min, interactive or moderate, not \"%s\""),
		    level));
	if (session_set_level(s, l, &err) != AMP_OK)
		return (cmd_fail(&err));
	printf(_("The password cost is now %s: each account's password is hashed again at its next login.\n"),
	    level);
	return (AMP_OK);
}

static int
user_run(struct session *s, struct user_args *a, const char *sub, char **args,
    int nargs)
{
	if (strcmp(sub, "add") == 0)
		return (user_add_cmd(s, a, args[0]));
	if (strcmp(sub, "list") == 0)
		return (user_list_cmd(s, NULL));
	if (strcmp(sub, "show") == 0)
		return (user_list_cmd(s, nargs > 0 ? args[0] : s->user));
	if (strcmp(sub, "lock") == 0 || strcmp(sub, "unlock") == 0)
		return (user_lock_cmd(s, args[0], strcmp(sub, "lock") == 0));
	if (strcmp(sub, "passwd") == 0)
		return (user_passwd_cmd(s, a, nargs > 0 ? args[0] : s->user));
	if (strcmp(sub, "role") == 0)
		return (user_role_cmd(s, a, args[0], args[1]));
	if (strcmp(sub, "cost") == 0)
		return (user_cost_cmd(s, args[0]));
	if (a->queue)
		return (user_assign_cmd(s, "", args, nargs));
	return (user_assign_cmd(s, args[0], args + 1, nargs - 1));
}

/* Subcommands and how many operands each takes (at least, at most). */
static const struct {
	const char	*name;
	int		 min, max;
} user_subs[] = {
	{ "add", 1, 1 }, { "list", 0, 0 }, { "show", 0, 1 }, { "lock", 1, 1 },
	{ "unlock", 1, 1 }, { "passwd", 0, 1 }, { "role", 2, 2 },
	{ "assign", 1, 1000 }, { "cost", 1, 1 },
};

int
cmd_user_main(int argc, char **argv)
{
	struct user_args	 a;
	struct formset		*fs = NULL;
	struct store		*st = NULL;
	struct session		*s = NULL;
	const char		*sub;
	size_t			 i;
	int			 first, rc, nargs;

	memset(&a, 0, sizeof a);
	if (argc < 2)
		return (cmd_usage_error("user",
		    _("say add, list, show, lock, unlock, passwd, role, assign or cost")));
	sub = argv[1];
	for (i = 0; i < nitems(user_subs); i++) {
		if (strcmp(sub, user_subs[i].name) == 0)
			break;
	}
	if (i == nitems(user_subs))
		return (cmd_usage_error("user", _("unknown user command \"%s\""),
		    sub));
	if ((first = user_parse(argc - 1, argv + 1, &a)) < 0) {
		free(a.teams);
		return (AMP_EUSAGE);
	}
	nargs = argc - 1 - first;
	if (strcmp(sub, "assign") == 0 && !a.queue && nargs < 2) {
		free(a.teams);
		return (cmd_usage_error("user",
		    _("user assign needs USER, @TEAM or --queue, and a case")));
	}
	if (nargs < user_subs[i].min || nargs > user_subs[i].max) {
		free(a.teams);
		return (cmd_usage_error("user",
		    _("wrong number of arguments to user %s"), sub));
	}
	if ((rc = cmd_load_forms(&fs)) != AMP_OK) {
		free(a.teams);
		return (rc);
	}
	if ((rc = cmd_login(&a.o, fs, &st, &s)) == AMP_OK)
		rc = user_run(s, &a, sub, argv + 1 + first, nargs);
	session_free(s);
	store_close(st);
	formset_free(fs);
	free(a.teams);
	return (rc);
}
