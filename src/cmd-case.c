/* cmd-case.c: amparo case add|show|find|edit: the console's intake, view, search and edit for scripts. */

#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

struct case_args {
	struct cmd_opts	 o;
	const char	*form;
	const char	*format;
	char		**sets;
	size_t		 nsets;
	uint64_t	 version;
	uint64_t	 base;
	int		 have_base;
	const char	*link;		/* case add: the case it is linked to */
};

/* Options of every case subcommand; returns the index of the first operand. */
static int
case_parse(int argc, char **argv, struct case_args *a)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'u' },
		{ "password-file", required_argument, NULL, OPT_PASSWORD_FILE },
		{ "form", required_argument, NULL, OPT_FORM },
		{ "set", required_argument, NULL, OPT_SET },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "version", required_argument, NULL, OPT_VERSION_OF },
		{ "base", required_argument, NULL, OPT_BASE },
		{ "link", required_argument, NULL, OPT_LINK },
		{ NULL, 0, NULL, 0 }
	};
	int	c, r;

	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:u:", longopts, NULL)) != -1) {
		if ((r = cmd_common_opt(c, optarg, &a->o, "case")) < 0)
			return (-1);
		if (r > 0)
			continue;
		switch (c) {
		case OPT_FORM:
			a->form = optarg;
			break;
		case OPT_LINK:
			a->link = optarg;
			break;
		case OPT_SET:
			a->sets = xreallocarray(a->sets, a->nsets + 1,
			    sizeof *a->sets);
			a->sets[a->nsets++] = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") != 0 &&
			    strcmp(optarg, "fields") != 0) {
				cmd_usage_error("case",
				    _("--format is text or fields, not \"%s\""),
				    optarg);
				return (-1);
			}
			a->format = optarg;
			break;
		case OPT_VERSION_OF:
		case OPT_BASE:
			if (cmd_parse_u64(optarg, UINT64_MAX, c == OPT_BASE ?
			    &a->base : &a->version) != 0) {
				cmd_usage_error("case",
				    _("a version is a number, not \"%s\""), optarg);
				return (-1);
			}
			if (c == OPT_BASE)
				a->have_base = 1;
			break;
		default:
			cmd_bad_option("case", c, argv);
			return (-1);
		}
	}
	return (optind);
}

/*
 * One FIELD=VALUE line of --format fields: a backslash and a line break in
 * the value are written \\ and \n, so every answer is one line. A sealed
 * answer is written as the console shows it.
 */
static void
print_field_line(const char *prefix, const char *id, const char *value)
{
	const char	*p;
	char		*sealed;

	if ((sealed = sealed_display(value)) != NULL) {
		printf("%s%s=%s\n", prefix, id, sealed);
		free(sealed);
		return;
	}
	printf("%s%s=", prefix, id);
	for (p = value; *p != '\0'; p++) {
		if (*p == '\\')
			fputs("\\\\", stdout);
		else if (*p == '\n')
			fputs("\\n", stdout);
		else
			putchar(*p);
	}
	putchar('\n');
}

/* A --set value of a multi-line field: \n a line break, \\ a backslash. */
static char *
field_unescape(const char *s)
{
	char	*out = xstrdup(s), *o = out;

	for (; *s != '\0'; s++) {
		if (*s == '\\' && (s[1] == 'n' || s[1] == '\\')) {
			*o++ = s[1] == 'n' ? '\n' : '\\';
			s++;
		} else
			*o++ = *s;
	}
	*o = '\0';
	return (out);
}

/*
 * Apply one --set FIELD=VALUE, checked and normalised as the console does.
 * In a repeat group the field is GROUP.N.FIELD; item N+1 may be added.
 */
int
cmd_apply_set(const struct form *f, struct rmap *m, const char *arg,
    struct amp_err *err)
{
	const struct field	*fld, *grp;
	struct rfield		*rf;
	struct rmap		*target = m;
	const char		*eq, *value, *old;
	char			*name, *dot, *dot2, *norm, *why, *end, *shown;
	char			*unescaped = NULL;
	unsigned long		 item;
	int			 rc = AMP_OK;

	if ((eq = strchr(arg, '=')) == NULL)
		return (err_set(err, AMP_EUSAGE,
		    _("--set %s: write FIELD=VALUE"), arg));
	name = xstrndup(arg, (size_t)(eq - arg));
	value = eq + 1;
	if ((dot = strchr(name, '.')) != NULL) {
		*dot++ = '\0';
		grp = form_field(f, name);
		item = strtoul(dot, &end, 10);
		if (grp == NULL || grp->type != FT_REPEAT || *end != '.' ||
		    item == 0) {
			rc = err_set(err, AMP_EUSAGE,
			    _("--set %s: write GROUP.N.FIELD for a repeat group"),
			    arg);
			goto out;
		}
		dot2 = end + 1;
		rf = rmap_group(m, grp->id);
		if (item > rf->nitems + 1 || item > grp->max_items) {
			rc = err_set(err, AMP_EUSAGE,
			    _("--set %s: %s has %zu entries; the next is %zu"),
			    arg, grp->id, rf->nitems, rf->nitems + 1);
			goto out;
		}
		/* A new entry gets its defaults, as in the console. */
		if (item == rf->nitems + 1)
			fields_defaults(grp->fields, grp->nfields,
			    rgroup_add(rf), m, &rf->items[rf->nitems - 1]);
		target = &rf->items[item - 1];
		fld = field_child(grp, dot2);
		memmove(name, dot2, strlen(dot2) + 1);
	} else
		fld = form_field(f, name);
	if (fld == NULL || fld->type == FT_REPEAT) {
		rc = err_set(err, AMP_EUSAGE,
		    _("--set %s: the form %s has no field \"%s\""), arg, f->id,
		    name);
		goto out;
	}
	if (fld->type == FT_CALCULATE || fld->type == FT_NOTE ||
	    fld->read_only) {
		rc = err_set(err, AMP_EUSAGE,
		    _("--set %s: \"%s\" is %s: it cannot be set"), arg, name,
		    fld->type == FT_CALCULATE ? _("calculated by the form") :
		    fld->type == FT_NOTE ? _("a note") : _("read-only"));
		goto out;
	}
	if (value_is_sealed(rmap_get(target, fld->id))) {
		shown = sealed_display(rmap_get(target, fld->id));
		rc = err_set(err, AMP_EPERM,
		    _("--set %s: the answer to \"%s\" is %s: this account may not change it, since it does not hold its key"),
		    arg, name, shown);
		free(shown);
		goto out;
	}
	if (fld->type == FT_MULTILINE)	/* as case show writes it */
		value = unescaped = field_unescape(value);
	if (field_normalize(fld, value, &norm, &why) != 0) {
		rc = err_set(err, AMP_EINVAL, _("saving failed: %s: %s"),
		    fld->id, why);
		free(why);
		goto out;
	}
	if (fld->list != NULL && norm != NULL && (old = choice_retired_in(
	    fld->list, norm, rmap_get(target, fld->id))) != NULL) {
		rc = err_set(err, AMP_EINVAL,
		    _("saving failed: %s: \"%s\" is a retired choice, kept for old records only"),
		    fld->id, choice_label(fld, old));
		free(norm);
		goto out;
	}
	rmap_set(target, fld->id, norm);
	free(norm);
out:
	free(unescaped);
	free(name);
	return (rc);
}

/*
 * Refuse a --set of a field the form does not ask for, given the other
 * answers (skip logic): saving would drop it, and a script must know.
 */
int
cmd_sets_asked(const struct form *f, const struct rmap *data, char **sets,
    size_t n, struct amp_err *err)
{
	const struct field	*fld, *grp;
	const struct rfield	*rf;
	const struct rmap	*item;
	struct rmap		 m;
	char			*name, *dot, *end;
	unsigned long		 k;
	size_t			 i;
	int			 rc = AMP_OK;

	rmap_copy(&m, data);
	form_calculate(f, &m);
	for (i = 0; i < n && rc == AMP_OK; i++) {
		if ((end = strchr(sets[i], '=')) == NULL || end[1] == '\0')
			continue;
		name = xstrndup(sets[i], (size_t)(end - sets[i]));
		item = NULL;
		if ((dot = strchr(name, '.')) != NULL) {
			*dot++ = '\0';
			grp = form_field(f, name);
			k = strtoul(dot, &end, 10);
			rf = rmap_field(&m, name);
			fld = grp != NULL && *end == '.' ? field_child(grp,
			    end + 1) : NULL;
			if (rf != NULL && rf->kind == RF_GROUP && k >= 1 &&
			    k <= rf->nitems)
				item = &rf->items[k - 1];
		} else
			fld = form_field(f, name);
		if (fld != NULL && !field_relevant(fld, &m, item))
			rc = err_set(err, AMP_EINVAL,
			    _("saving failed: %s: not asked for this case, given the other answers (see the form's \"relevant\")"),
			    sets[i]);
		free(name);
	}
	rmap_free(&m);
	return (rc);
}

int
cmd_report_invalid(const struct verrs *ve, const struct amp_err *err)
{
	size_t	i;

	for (i = 0; i < ve->n; i++)
		warnx_amp("%s: %s", ve->v[i].path, ve->v[i].msg);
	return (cmd_fail(err));
}

static int
case_add(struct session *s, struct case_args *a)
{
	const struct form	*f;
	struct record		 r;
	struct verrs		 ve = { 0 };
	struct amp_err		 err;
	char			 num[32];
	uint64_t		 parent = 0;
	size_t			 i;
	int			 rc = AMP_OK;

	err_clear(&err);
	if (a->form == NULL)
		return (cmd_usage_error("case", _("case add needs --form FORM")));
	if ((f = formset_find(s->forms, a->form)) == NULL)
		return (cmd_usage_error("case", _("there is no form \"%s\""),
		    a->form));
	record_init(&r);
	r.form = xstrdup(f->id);
	form_defaults(f, &r.data);
	for (i = 0; i < a->nsets && rc == AMP_OK; i++)
		rc = cmd_apply_set(f, &r.data, a->sets[i], &err);
	if (rc == AMP_OK)
		rc = cmd_sets_asked(f, &r.data, a->sets, a->nsets, &err);
	if (rc == AMP_OK && a->link != NULL)
		rc = case_lookup(s, a->link, &parent, &err);
	if (rc == AMP_OK && (rc = parent != 0 ?
	    case_link_create(s, parent, &r, &ve, &err) :
	    case_create(s, &r, &ve, &err)) != AMP_OK)
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

static void
show_fields(const struct field *v, size_t n, const struct rmap *m,
    const char *prefix, int text, int indent)
{
	const struct rfield	*rf;
	char			*p, *shown;
	size_t			 i, j;

	for (i = 0; i < n; i++) {
		rf = rmap_field(m, v[i].id);
		if (v[i].type == FT_REPEAT) {
			if (text)
				printf("%*s%s: %zu\n", indent, "",
				    i18n_get(&v[i].label),
				    rf != NULL ? rf->nitems : 0);
			for (j = 0; rf != NULL && j < rf->nitems; j++) {
				p = xsprintf("%s.%zu.", v[i].id, j + 1);
				if (text)
					printf("%*s%zu.\n", indent + 2, "", j + 1);
				show_fields(v[i].fields, v[i].nfields,
				    &rf->items[j], p, text, indent + 4);
				free(p);
			}
			continue;
		}
		if (rf == NULL || rf->kind != RF_STR)
			continue;
		if (text) {
			shown = field_display(&v[i], rf->str);
			printf("%*s%s: %s\n", indent, "", i18n_get(&v[i].label),
			    shown);
			free(shown);
		}
		else
			print_field_line(prefix, v[i].id, rf->str);
	}
}

/*
 * Answers of fields the form no longer has (an earlier version, saved under
 * an older form): shown as stored, so that history can be read.
 */
static void
show_removed(const struct form *f, const struct rmap *m, int text)
{
	char	*shown;
	size_t	 i;
	int	 any = 0;

	for (i = 0; i < m->n; i++) {
		if (form_field(f, m->v[i].id) != NULL ||
		    m->v[i].kind != RF_STR)
			continue;
		if (text && !any++)
			printf("\n%s\n",
			    _("Fields no longer in the form (kept in this version)"));
		if (text && value_is_sealed(m->v[i].str)) {
			shown = sealed_display(m->v[i].str);
			printf("  %s: %s\n", m->v[i].id, shown);
			free(shown);
		} else if (text)
			printf("  %s: %s\n", m->v[i].id, m->v[i].str);
		else
			print_field_line("", m->v[i].id, m->v[i].str);
	}
}

static int
case_show(struct session *s, struct case_args *a, const char *query)
{
	const struct form	*f;
	struct record		 r, parent;
	struct amp_err		 err;
	char			 num[32], c[32], u[32];
	uint64_t		 id;
	size_t			 i;
	int			 rc, text;

	err_clear(&err);
	if ((rc = case_lookup(s, query, &id, &err)) != AMP_OK)
		return (cmd_fail(&err));
	rc = a->version != 0 ? case_get_version(s, id, a->version, &r, &err) :
	    case_get(s, id, &r, &err);
	if (rc != AMP_OK)
		return (cmd_fail(&err));
	if ((f = formset_find(s->forms, r.form)) == NULL) {
		record_free(&r);
		err_set(&err, AMP_EFORMS, _("the form \"%s\" is not installed"),
		    r.form);
		return (cmd_fail(&err));
	}
	text = a->format == NULL || strcmp(a->format, "text") == 0;
	casenum_format(r.id, r.created, num, sizeof num);
	time_format(r.created, c, sizeof c);
	time_format(r.updated, u, sizeof u);
	if (text) {
		printf(_("Case %s, version %llu (form %s, version %u)\n"), num,
		    (unsigned long long)r.version, r.form, r.form_version);
		printf(_("Created %s by %s; updated %s by %s\n"), c,
		    r.created_by, u, r.updated_by);
		printf(_("This version: %s\n"), workflow_action_label(
		    workflow_for(s->forms, r.form), r.action));
		if (r.parent != 0 && case_get(s, r.parent, &parent, &err) ==
		    AMP_OK) {	/* a record made by a workflow step */
			casenum_format(parent.id, parent.created, num,
			    sizeof num);
			printf(_("Linked to case %s\n"), num);
			record_free(&parent);
		}
	} else {
		printf("# case %s version %llu form %s %u\n", num,
		    (unsigned long long)r.version, r.form, r.form_version);
		printf("# saved %s by %s action %s\n", u, r.updated_by,
		    r.action != NULL ? r.action : "create");
		if (r.parent != 0 && case_get(s, r.parent, &parent, &err) ==
		    AMP_OK) {
			casenum_format(parent.id, parent.created, num,
			    sizeof num);
			printf("# parent %s\n", num);
			record_free(&parent);
		}
	}
	cmd_show_workflow(s, &r, text, a->version == 0);
	if (a->version == 0)
		cmd_show_household(s, &r, text);
	for (i = 0; i < f->nsections; i++) {
		if (text)
			printf("\n%s\n", i18n_get(&f->sections[i].label));
		show_fields(f->sections[i].fields, f->sections[i].nfields,
		    &r.data, "", text, 2);
	}
	show_removed(f, &r.data, text);
	record_free(&r);
	return (AMP_OK);
}

static int
case_find_cmd(struct session *s, int argc, char **argv)
{
	struct case_hit	*hits;
	struct amp_err	 err;
	struct buf	 q = { 0 };
	size_t		 n, i;
	int		 rc, k;

	err_clear(&err);
	for (k = 0; k < argc; k++) {
		if (k > 0)
			buf_add(&q, " ", 1);
		buf_add(&q, argv[k], strlen(argv[k]));
	}
	buf_add_u8(&q, 0);
	rc = case_find(s, (const char *)q.p, 1000, &hits, &n, &err);
	buf_free(&q);
	if (rc != AMP_OK)
		return (cmd_fail(&err));
	for (i = 0; i < n; i++)
		printf("%s\t%s\n", hits[i].number, hits[i].summary);
	case_hits_free(hits, n);
	return (n > 0 ? AMP_OK : AMP_ENOTFOUND);
}

static int
case_edit(struct session *s, struct case_args *a, const char *query)
{
	const struct form	*f;
	struct record		 r;
	struct verrs		 ve = { 0 };
	struct conflicts	 cf = { 0 };
	struct amp_err		 err;
	uint64_t		 id, base;
	char			 num[32];
	size_t			 i;
	int			 rc;

	err_clear(&err);
	if (a->nsets == 0)
		return (cmd_usage_error("case", _("case edit needs --set FIELD=VALUE")));
	if ((rc = case_lookup(s, query, &id, &err)) != AMP_OK)
		return (cmd_fail(&err));
	if (a->have_base)
		rc = case_get_version(s, id, a->base, &r, &err);
	else
		rc = case_get(s, id, &r, &err);
	if (rc != AMP_OK)
		return (cmd_fail(&err));
	base = r.version;
	if ((f = formset_find(s->forms, r.form)) == NULL) {
		err_set(&err, AMP_EFORMS, _("the form \"%s\" is not installed"),
		    r.form);
		record_free(&r);
		return (cmd_fail(&err));
	}
	for (i = 0; i < a->nsets && rc == AMP_OK; i++)
		rc = cmd_apply_set(f, &r.data, a->sets[i], &err);
	if (rc == AMP_OK)
		rc = cmd_sets_asked(f, &r.data, a->sets, a->nsets, &err);
	if (rc == AMP_OK)
		rc = case_update(s, &r, base, &ve, &cf, &err);
	if (rc == AMP_ECONFLICT) {
		for (i = 0; i < cf.n; i++)
			warnx_amp(_("%s: yours \"%s\", saved meanwhile \"%s\""),
			    cf.v[i].path, cf.v[i].mine, cf.v[i].theirs);
		rc = cmd_fail(&err);
	} else if (rc == AMP_EINVAL)
		rc = cmd_report_invalid(&ve, &err);
	else if (rc != AMP_OK)
		rc = cmd_fail(&err);
	else {
		casenum_format(r.id, r.created, num, sizeof num);
		/* For scripts: not translated. */
		printf("%s version %llu\n", num,
		    (unsigned long long)r.version);
	}
	conflicts_free(&cf);
	verrs_free(&ve);
	record_free(&r);
	return (rc);
}

int
cmd_case(int argc, char **argv)
{
	struct case_args	 a;
	struct formset		*fs = NULL;
	struct store		*st = NULL;
	struct session		*s = NULL;
	const char		*sub;
	int			 first, rc, nargs;

	memset(&a, 0, sizeof a);
	if (argc < 2)
		return (cmd_usage_error("case", _("say add, show, find, edit, transition or queue")));
	sub = argv[1];
	if (strcmp(sub, "add") != 0 && strcmp(sub, "show") != 0 &&
	    strcmp(sub, "find") != 0 && strcmp(sub, "edit") != 0 &&
	    strcmp(sub, "transition") != 0 && strcmp(sub, "queue") != 0)
		return (cmd_usage_error("case", _("unknown case command \"%s\""),
		    sub));
	if ((first = case_parse(argc - 1, argv + 1, &a)) < 0) {
		free(a.sets);
		return (AMP_EUSAGE);
	}
	nargs = argc - 1 - first;
	if ((strcmp(sub, "add") == 0 && nargs != 0) ||
	    ((strcmp(sub, "show") == 0 || strcmp(sub, "edit") == 0) &&
	    nargs != 1) || (strcmp(sub, "find") == 0 && nargs < 1) ||
	    (strcmp(sub, "transition") == 0 && nargs != 2) ||
	    (strcmp(sub, "queue") == 0 && nargs > 2)) {
		free(a.sets);
		return (cmd_usage_error("case",
		    _("wrong number of arguments to case %s"), sub));
	}
	if ((rc = cmd_load_forms(&fs)) != AMP_OK) {
		free(a.sets);
		return (rc);
	}
	if ((rc = cmd_login(&a.o, fs, &st, &s)) == AMP_OK) {
		if (strcmp(sub, "add") == 0)
			rc = case_add(s, &a);
		else if (strcmp(sub, "show") == 0)
			rc = case_show(s, &a, argv[1 + first]);
		else if (strcmp(sub, "find") == 0)
			rc = case_find_cmd(s, nargs, argv + 1 + first);
		else if (strcmp(sub, "transition") == 0)
			rc = cmd_case_transition(s, argv[1 + first],
			    argv[2 + first], a.sets, a.nsets);
		else if (strcmp(sub, "queue") == 0)
			rc = cmd_case_queue(s, nargs, argv + 1 + first);
		else
			rc = case_edit(s, &a, argv[1 + first]);
	}
	session_free(s);
	store_close(st);
	formset_free(fs);
	free(a.sets);
	return (rc);
}
