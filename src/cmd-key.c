/* cmd-key.c: amparo key rotate|status: confidentiality class keys, rotated and reported. */

#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

struct key_args {
	struct cmd_opts	 o;
	uint64_t	 batch;
};

static int
key_parse(int argc, char **argv, struct key_args *a)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'u' },
		{ "password-file", required_argument, NULL, OPT_PASSWORD_FILE },
		{ "batch", required_argument, NULL, OPT_BATCH },
		{ NULL, 0, NULL, 0 }
	};
	int	c, r;

	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:u:", longopts, NULL)) != -1) {
		if ((r = cmd_common_opt(c, optarg, &a->o, "key")) < 0)
			return (-1);
		if (r > 0)
			continue;
		if (c == OPT_BATCH) {
			if (cmd_parse_u64(optarg, 100000, &a->batch) != 0 ||
			    a->batch == 0) {
				cmd_usage_error("key",
				    _("--batch is a number from 1 to 100000, not \"%s\""),
				    optarg);
				return (-1);
			}
			continue;
		}
		cmd_bad_option("key", c, argv);
		return (-1);
	}
	return (optind);
}

/* Whether the session's role manages keys (amparo-forms(5), roles). */
static int
key_allowed(struct session *s)
{
	const struct role	*r = policy_role(s->forms->policy, s->role);
	struct amp_err		 err;

	if (r != NULL && (r->admin & PA_KEYS) != 0)
		return (AMP_OK);
	err_set(&err, AMP_EPERM,
	    _("the role \"%s\" may not manage keys (manage: [keys] in the roles file)"),
	    s->role);
	return (cmd_fail(&err));
}

static int
key_rotate(struct session *s, const char *cls, const struct key_args *a)
{
	struct rotate_opts	o;
	struct rotate_stats	st;
	struct amp_err		err;
	int			rc;

	err_clear(&err);
	memset(&o, 0, sizeof o);
	o.batch = (size_t)a->batch;
	if ((rc = class_rotate(s, cls, &o, &st, &err)) != AMP_OK)
		return (cmd_fail(&err));
	printf(_("%s: generation %lu replaces %lu: %llu answers sealed again in %llu records, history versions and drafts\n"),
	    cls, (unsigned long)st.to, (unsigned long)st.from,
	    (unsigned long long)st.values, (unsigned long long)st.records);
	return (AMP_OK);
}

static void
print_names(const char *label, char **v, size_t n)
{
	size_t	i;

	printf("  %s:", label);
	if (n == 0)
		printf(" %s", _("none"));
	for (i = 0; i < n; i++)
		printf(" %s", v[i]);
	putchar('\n');
}

static int
key_status(struct session *s)
{
	struct class_info	*v;
	struct amp_err		 err;
	size_t			 n, i;

	err_clear(&err);
	if (class_status(s->store, s->forms->policy, &v, &n, &err) != AMP_OK)
		return (cmd_fail(&err));
	if (n == 0)
		printf("%s\n", _("No confidentiality classes."));
	for (i = 0; i < n; i++) {
		if (v[i].gen == 0) {
			printf(_("%s: no key yet (made when an account whose role holds it is added)\n"),
			    v[i].id);
			continue;
		}
		printf(_("%s: generation %lu\n"), v[i].id,
		    (unsigned long)v[i].gen);
		if (v[i].rotating != 0)
			printf(_("  rotation to generation %lu under way: run amparo key rotate %s again to finish it\n"),
			    (unsigned long)v[i].rotating, v[i].id);
		print_names(_("held by"), v[i].holders, v[i].nholders);
		print_names(_("grants pending (at the next login of a holder)"),
		    v[i].pending, v[i].npending);
		print_names(_("held beyond their role (revoked when their role is set again)"),
		    v[i].revoke, v[i].nrevoke);
	}
	class_status_free(v, n);
	return (AMP_OK);
}

int
cmd_key(int argc, char **argv)
{
	struct key_args	 a;
	struct formset	*fs = NULL;
	struct store	*st = NULL;
	struct session	*s = NULL;
	const char	*sub;
	int		 first, rc, nargs;

	memset(&a, 0, sizeof a);
	if (argc < 2)
		return (cmd_usage_error("key", _("say rotate or status")));
	sub = argv[1];
	if (strcmp(sub, "rotate") != 0 && strcmp(sub, "status") != 0)
		return (cmd_usage_error("key", _("unknown key command \"%s\""),
		    sub));
	if ((first = key_parse(argc - 1, argv + 1, &a)) < 0)
		return (AMP_EUSAGE);
	nargs = argc - 1 - first;
	if ((strcmp(sub, "rotate") == 0 && nargs != 1) ||
	    (strcmp(sub, "status") == 0 && nargs != 0))
		return (cmd_usage_error("key",
		    _("wrong number of arguments to key %s"), sub));
	if ((rc = cmd_load_forms(&fs)) != AMP_OK)
		return (rc);
	if ((rc = cmd_login(&a.o, fs, &st, &s)) == AMP_OK &&
	    (rc = key_allowed(s)) == AMP_OK) {
		if (strcmp(sub, "rotate") == 0)
			rc = key_rotate(s, argv[1 + first], &a);
		else
			rc = key_status(s);
	}
	session_free(s);
	store_close(st);
	formset_free(fs);
	return (rc);
}
