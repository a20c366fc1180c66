/* policy-load.c: reading and checking the roles file (institutions, roles, settings). */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "yaml-load.h"

/*
 * The policy of a forms directory without access/roles.yaml: one office,
 * an administrator, officers and supervisors, as a small single-office
 * store needs. Read through the same loader as a roles file.
 */
static const char policy_default_text[] =
    "institutions:\n"
    "  - id: office\n"
    "    name: { es: Oficina, en: Office }\n"
    "roles:\n"
    "  - id: admin\n"
    "    institution: office\n"
    "    label: { es: Administración, en: Administrator }\n"
    "    all_forms: [view, create, edit, export]\n"
    "    cases: all\n"
    "    manage: [accounts, keys, audit, assign]\n"
    "  - id: officer\n"
    "    institution: office\n"
    "    label: { es: Oficial, en: Officer }\n"
    "    all_forms: [view, create, edit, export]\n"
    "    cases: institution\n"
    "  - id: supervisor\n"
    "    institution: office\n"
    "    label: { es: Supervisión, en: Supervisor }\n"
    "    all_forms: [view, create, edit, export]\n"
    "    cases: all\n"
    "    manage: [assign]\n";

struct perm_name {
	const char	*name;
	unsigned	 bit;
};
static const struct perm_name form_perms[] = {
	{ "view", PF_VIEW }, { "create", PF_CREATE }, { "edit", PF_EDIT },
	{ "export", PF_EXPORT },
};
static const struct perm_name admin_perms[] = {
	{ "accounts", PA_ACCOUNTS }, { "keys", PA_KEYS }, { "audit", PA_AUDIT },
	{ "assign", PA_ASSIGN },
};
static const struct perm_name scopes[] = {
	{ "assigned", SCOPE_ASSIGNED }, { "institution", SCOPE_INSTITUTION },
	{ "all", SCOPE_ALL },
};

/* A list of permission names as bits; unknown names are reported. */
static unsigned
perm_bits(struct ylctx *c, yaml_node_t *n, const struct perm_name *tab,
    size_t ntab, const char *what, int power)
{
	char		**ids;
	unsigned	  bits = 0;
	size_t		  n_ids, i, j;
	struct buf	  all = { 0 };

	n_ids = yl_ids(c, n, what, &ids);
	for (i = 0; i < n_ids; i++) {
		for (j = 0; j < ntab; j++) {
			if (strcmp(ids[i], tab[j].name) == 0)
				break;
		}
		if (j < ntab) {
			bits |= tab[j].bit;
			continue;
		}
		buf_reset(&all);
		for (j = 0; j < ntab; j++) {
			if (j > 0)
				buf_add(&all, ", ", 2);
			buf_add(&all, tab[j].name, strlen(tab[j].name));
		}
		buf_add_u8(&all, 0);
		if (power)
			yl_err(c, n, _("unknown power \"%s\" in %s (one of: %s)"),
			    ids[i], _(what), (const char *)all.p);
		else
			yl_err(c, n, _("unknown permission \"%s\" in %s (one of: %s)"),
			    ids[i], _(what), (const char *)all.p);
	}
	buf_free(&all);
	strv_free(ids, n_ids);
	return (bits);
}

/* Institutions. */

static void
kw_inst_id(struct ylctx *c, yaml_node_t *n, void *obj)
{
	((struct institution *)obj)->id = yl_id(c, n,
	    N_("the institution id"));
}

static void
kw_inst_name(struct ylctx *c, yaml_node_t *n, void *obj)
{
	yl_i18n(c, n, &((struct institution *)obj)->name, N_("the name"));
}

static const struct ykw inst_kw[] = {
	{ "id", kw_inst_id, 1 },
	{ "name", kw_inst_name, 1 },
};

/* Roles. */

struct role_ctx {
	struct role	*r;
	yaml_node_t	*institution, *reports;
};

/* Every report a role names is one of the reports there are. */
static void
check_reports(struct ylctx *c, yaml_node_t *n, const struct role *r)
{
	struct buf	all = { 0 };
	size_t		i, j;

	for (i = 0; i < r->nreports; i++) {
		if (report_find(r->reports[i]) != NULL)
			continue;
		buf_reset(&all);
		for (j = 0; j < report_count; j++) {
			if (j > 0)
				buf_add(&all, ", ", 2);
			buf_add(&all, report_table[j].id,
			    strlen(report_table[j].id));
		}
		buf_add_u8(&all, 0);
		yl_err(c, n, _("role \"%s\" names the unknown report \"%s\" (one of: %s)"),
		    r->id, r->reports[i], (const char *)all.p);
	}
	buf_free(&all);
}

static void
kw_role_id(struct ylctx *c, yaml_node_t *n, void *obj)
{
	((struct role_ctx *)obj)->r->id = yl_id(c, n, N_("the role id"));
}

static void
kw_role_label(struct ylctx *c, yaml_node_t *n, void *obj)
{
	yl_i18n(c, n, &((struct role_ctx *)obj)->r->label, N_("the label"));
}

static void
kw_role_institution(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct role_ctx	*rc = obj;

	rc->institution = n;
	rc->r->institution = yl_id(c, n, N_("the institution"));
}

static void
kw_role_forms(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct role		*r = ((struct role_ctx *)obj)->r;
	struct role_form	*rf;
	yaml_node_pair_t	*p;
	yaml_node_t		*k, *v;
	size_t			 i;

	if (n->type != YAML_MAPPING_NODE) {
		yl_err(c, n, _("forms must be a mapping of form ids to permissions, not %s"),
		    yl_kind(n));
		return;
	}
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	    p++) {
		if ((k = yl_node(c, p->key)) == NULL ||
		    (v = yl_node(c, p->value)) == NULL)
			break;
		r->forms = xreallocarray(r->forms, r->nforms + 1,
		    sizeof *r->forms);
		rf = &r->forms[r->nforms];
		memset(rf, 0, sizeof *rf);
		if ((rf->form = yl_id(c, k, N_("a form id"))) == NULL)
			continue;
		for (i = 0; i < r->nforms; i++) {
			if (strcmp(r->forms[i].form, rf->form) == 0)
				break;
		}
		if (i < r->nforms) {
			yl_err(c, k, _("form \"%s\" is listed twice"),
			    rf->form);
			free(rf->form);
			continue;
		}
		rf->line = (int)k->start_mark.line + 1;
		rf->col = (int)k->start_mark.column + 1;
		rf->perms = perm_bits(c, v, form_perms, nitems(form_perms),
		    N_("the permissions on a form"), 0);
		r->nforms++;
	}
}

static void
kw_role_all_forms(struct ylctx *c, yaml_node_t *n, void *obj)
{
	((struct role_ctx *)obj)->r->all_forms = perm_bits(c, n, form_perms,
	    nitems(form_perms), N_("the permissions on every form"), 0);
}

static void
kw_role_classes(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct role	*r = ((struct role_ctx *)obj)->r;

	r->nclasses = yl_ids(c, n, N_("a confidentiality class"),
	    &r->classes);
}

static void
kw_role_reports(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct role	*r = ((struct role_ctx *)obj)->r;

	((struct role_ctx *)obj)->reports = n;
	r->nreports = yl_ids(c, n, N_("a report"), &r->reports);
}

static void
kw_role_cases(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct role	*r = ((struct role_ctx *)obj)->r;
	const char	*s;
	size_t		 i;

	if ((s = yl_scalar(c, n, "cases")) == NULL)
		return;
	for (i = 0; i < nitems(scopes); i++) {
		if (strcmp(s, scopes[i].name) == 0) {
			r->cases = (enum case_scope)scopes[i].bit;
			return;
		}
	}
	yl_err(c, n, _("cases must be assigned, institution or all, not \"%s\""),
	    s);
}

static void
kw_role_manage(struct ylctx *c, yaml_node_t *n, void *obj)
{
	((struct role_ctx *)obj)->r->admin |= perm_bits(c, n, admin_perms,
	    nitems(admin_perms), N_("the powers of a role"), 1);
}

static const struct ykw role_kw[] = {
	{ "id", kw_role_id, 1 },
	{ "label", kw_role_label, 1 },
	{ "institution", kw_role_institution, 1 },
	{ "forms", kw_role_forms, 0 },
	{ "all_forms", kw_role_all_forms, 0 },
	{ "classes", kw_role_classes, 0 },
	{ "reports", kw_role_reports, 0 },
	{ "cases", kw_role_cases, 0 },
	{ "manage", kw_role_manage, 0 },
};

/* The role ids, for messages that list them. */
static void
policy_name_roles(struct policy *p)
{
	struct buf	b = { 0 };
	size_t		i;

	for (i = 0; i < p->nroles; i++) {
		if (i > 0)
			buf_add(&b, ", ", 2);
		buf_add(&b, p->roles[i].id, strlen(p->roles[i].id));
	}
	buf_add_u8(&b, 0);
	p->role_names = xstrdup((const char *)b.p);
	buf_free(&b);
}

/* Settings. */

static void
kw_set_idle(struct ylctx *c, yaml_node_t *n, void *obj)
{
	long long	v;

	if (yl_ll(c, n, "idle_lock_seconds", 0, 86400, &v) == 0)
		((struct policy *)obj)->idle_lock = (unsigned)v;
}

static void
kw_set_lockout(struct ylctx *c, yaml_node_t *n, void *obj)
{
	long long	v;

	if (yl_ll(c, n, "lockout_attempts", 1, 100, &v) == 0)
		((struct policy *)obj)->lockout = (unsigned)v;
}

static const struct ykw settings_kw[] = {
	{ "idle_lock_seconds", kw_set_idle, 0 },
	{ "lockout_attempts", kw_set_lockout, 0 },
};

/* The whole file. */

struct policy_ctx {
	struct policy	*p;
	yaml_node_t	*roles;
	struct role_ctx	*rc;		/* one per role kept */
};

static void
kw_pol_settings(struct ylctx *c, yaml_node_t *n, void *obj)
{
	yl_walk(c, n, settings_kw, nitems(settings_kw),
	    ((struct policy_ctx *)obj)->p, N_("the settings"));
}

static void
kw_pol_institutions(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct policy		*p = ((struct policy_ctx *)obj)->p;
	struct institution	*in;
	struct yl_seen		 seen = { 0 };
	yaml_node_item_t	*it;
	yaml_node_t		*e;
	size_t			 first;

	if (n->type != YAML_SEQUENCE_NODE) {
		yl_err(c, n, _("institutions must be a list, not %s"),
		    yl_kind(n));
		return;
	}
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		if ((e = yl_node(c, *it)) == NULL)
			break;
		p->inst = xreallocarray(p->inst, p->ninst + 1,
		    sizeof *p->inst);
		in = &p->inst[p->ninst];
		memset(in, 0, sizeof *in);
		yl_walk(c, e, inst_kw, nitems(inst_kw), in,
		    N_("an institution"));
		if (in->id != NULL &&
		    !yl_seen_add(&seen, in->id, p->ninst, &first)) {
			p->ninst++;
			continue;
		}
		if (in->id != NULL)
			yl_err(c, e, _("duplicate institution \"%s\""),
			    in->id);
		free(in->id);
		i18n_free(&in->name);
	}
	yl_seen_free(&seen);
}

static void
role_free(struct role *r)
{
	size_t	i;

	free(r->id);
	i18n_free(&r->label);
	free(r->institution);
	for (i = 0; i < r->nforms; i++)
		free(r->forms[i].form);
	free(r->forms);
	strv_free(r->classes, r->nclasses);
	strv_free(r->reports, r->nreports);
	memset(r, 0, sizeof *r);
}

static void
kw_pol_roles(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct policy_ctx	*pc = obj;
	struct policy		*p = pc->p;
	struct role_ctx		 rc;
	struct yl_seen		 seen = { 0 };
	yaml_node_item_t	*it;
	yaml_node_t		*e;
	size_t			 first;

	pc->roles = n;
	if (n->type != YAML_SEQUENCE_NODE) {
		yl_err(c, n, _("roles must be a list, not %s"), yl_kind(n));
		return;
	}
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		if ((e = yl_node(c, *it)) == NULL)
			break;
		p->roles = xreallocarray(p->roles, p->nroles + 1,
		    sizeof *p->roles);
		memset(&rc, 0, sizeof rc);
		rc.r = &p->roles[p->nroles];
		memset(rc.r, 0, sizeof *rc.r);
		rc.r->cases = SCOPE_ASSIGNED;
		rc.r->line = (int)e->start_mark.line + 1;
		rc.r->col = (int)e->start_mark.column + 1;
		yl_walk(c, e, role_kw, nitems(role_kw), &rc, N_("a role"));
		if (rc.r->id != NULL &&
		    !yl_seen_add(&seen, rc.r->id, p->nroles, &first)) {
			pc->rc = xreallocarray(pc->rc, p->nroles + 1,
			    sizeof *pc->rc);
			pc->rc[p->nroles++] = rc;
			continue;
		}
		if (rc.r->id != NULL)
			yl_err(c, e, _("duplicate role \"%s\" (first at line %d)"),
			    rc.r->id, p->roles[first].line);
		role_free(rc.r);
	}
	yl_seen_free(&seen);
}

static const struct ykw policy_kw[] = {
	{ "settings", kw_pol_settings, 0 },
	{ "institutions", kw_pol_institutions, 1 },
	{ "roles", kw_pol_roles, 1 },
};

/*
 * Read a roles file: its institutions, roles and settings, each role's
 * institution checked here; forms, classes and workflow steps are checked
 * when the set is linked (policy_link).
 */
struct policy *
policy_parse(struct ylctx *c, yaml_node_t *root)
{
	struct policy_ctx	 pc;
	struct policy		*p;
	const struct role	*r;
	size_t			 i;

	p = xcalloc(1, sizeof *p);
	p->file = xstrdup(c->file);
	p->idle_lock = POLICY_IDLE_LOCK;
	p->lockout = POLICY_LOCKOUT;
	memset(&pc, 0, sizeof pc);
	pc.p = p;
	yl_walk(c, root, policy_kw, nitems(policy_kw), &pc,
	    N_("a roles file"));
	for (i = 0; i < p->nroles; i++) {
		check_reports(c, pc.rc[i].reports, &p->roles[i]);
		if (p->roles[i].institution != NULL && p->ninst > 0 &&
		    policy_institution(p, p->roles[i].institution) == NULL)
			yl_err(c, pc.rc[i].institution,
			    _("role \"%s\" names the unknown institution \"%s\""),
			    p->roles[i].id, p->roles[i].institution);
	}
	if (pc.roles != NULL && p->nroles == 0)
		yl_err(c, pc.roles, _("a roles file needs at least one role"));
	else if (pc.roles != NULL && ((r = policy_role(p, "admin")) == NULL ||
	    (r->admin & PA_ACCOUNTS) == 0))
		yl_err(c, pc.roles, _("a roles file needs the role \"admin\" with \"manage: [accounts]\": a new store's first account has it"));
	free(pc.rc);
	policy_name_roles(p);
	return (p);
}

/* The policy of a set without a roles file. */
struct policy *
policy_default(void)
{
	yaml_document_t	 doc;
	struct diags	 d = { 0 };
	struct ylctx	 c;
	struct policy	*p;

	if (yl_load_mem("(default roles)", policy_default_text,
	    sizeof policy_default_text - 1, &doc, &d) != 0)
		fatalx("the default roles do not load");
	memset(&c, 0, sizeof c);
	c.file = "(default roles)";
	c.doc = &doc;
	c.d = &d;
	p = policy_parse(&c, yaml_document_get_root_node(&doc));
	yaml_document_delete(&doc);
	if (d.n > 0)
		fatalx("the default roles are wrong: %s", d.v[0].msg);
	diags_free(&d);
	return (p);
}

void
policy_free(struct policy *p)
{
	size_t	i;

	if (p == NULL)
		return;
	for (i = 0; i < p->ninst; i++) {
		free(p->inst[i].id);
		i18n_free(&p->inst[i].name);
	}
	free(p->inst);
	for (i = 0; i < p->nroles; i++)
		role_free(&p->roles[i]);
	free(p->roles);
	free(p->role_names);
	free(p->file);
	free(p);
}

/* Every class that fields use is held by some role, or none could read it. */
static void
check_classes(struct diags *d, const struct policy *p, const struct form *f,
    const struct field *v, size_t n)
{
	size_t	i, j;

	for (i = 0; i < n; i++) {
		check_classes(d, p, f, v[i].fields, v[i].nfields);
		if (v[i].confidential == NULL)
			continue;
		for (j = 0; j < p->nroles; j++) {
			if (role_has_class(&p->roles[j], v[i].confidential))
				break;
		}
		if (j == p->nroles)
			diags_add(d, f->file, v[i].line, v[i].col,
			    _("\"%s\" has the confidentiality class %s, which no role of %s holds: nobody could read its answers"),
			    v[i].id, v[i].confidential, p->file);
	}
}

/*
 * Checks that need the whole set, once its forms are linked: every form a
 * role names exists (unless only some files were given), and every class
 * is held. Returns the number of problems.
 */
int
policy_link(struct diags *d, const struct policy *p, const struct formset *fs)
{
	const struct role_form	*rf;
	size_t			 i, j, before = d->n;

	for (i = 0; i < p->nroles; i++) {
		for (j = 0; j < p->roles[i].nforms; j++) {
			rf = &p->roles[i].forms[j];
			if (fs->partial || formset_find(fs, rf->form) != NULL)
				continue;
			diags_add(d, p->file, rf->line, rf->col,
			    _("role \"%s\" names the unknown form \"%s\""),
			    p->roles[i].id, rf->form);
		}
	}
	for (i = 0; i < fs->nforms; i++) {
		for (j = 0; j < fs->forms[i]->nsections; j++)
			check_classes(d, p, fs->forms[i],
			    fs->forms[i]->sections[j].fields,
			    fs->forms[i]->sections[j].nfields);
	}
	return ((int)(d->n - before));
}
