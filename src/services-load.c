/* services-load.c: reading and checking the directory of services (forms/services/). */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "yaml-load.h"

/* What each reference of a service names, for messages. */
static const char *const ref_what[SR__COUNT] = {
	N_("institution"), N_("category"), N_("province"), N_("district"),
	N_("form")
};

/* A keyword naming something elsewhere: kept with its place. */
static void
ref_parse(struct ylctx *c, yaml_node_t *n, struct service *sv,
    enum svc_ref r, int id)
{
	const char	*s;

	if (id)
		sv->ref[r] = yl_id(c, n, ref_what[r]);
	else if ((s = yl_scalar(c, n, ref_what[r])) != NULL)
		sv->ref[r] = xstrdup(s);
	sv->at[r][0] = (int)n->start_mark.line + 1;
	sv->at[r][1] = (int)n->start_mark.column + 1;
}

static void
kw_sv_id(struct ylctx *c, yaml_node_t *n, void *obj)
{
	((struct service *)obj)->id = yl_id(c, n, N_("the service id"));
}

static void
kw_sv_institution(struct ylctx *c, yaml_node_t *n, void *obj)
{
	ref_parse(c, n, obj, SR_INSTITUTION, 1);
}

static void
kw_sv_category(struct ylctx *c, yaml_node_t *n, void *obj)
{
	ref_parse(c, n, obj, SR_CATEGORY, 1);
}

static void
kw_sv_province(struct ylctx *c, yaml_node_t *n, void *obj)
{
	ref_parse(c, n, obj, SR_PROVINCE, 0);
}

static void
kw_sv_district(struct ylctx *c, yaml_node_t *n, void *obj)
{
	ref_parse(c, n, obj, SR_DISTRICT, 0);
}

static void
kw_sv_name(struct ylctx *c, yaml_node_t *n, void *obj)
{
	yl_i18n(c, n, &((struct service *)obj)->name, N_("the name"));
}

static void
kw_sv_description(struct ylctx *c, yaml_node_t *n, void *obj)
{
	yl_i18n(c, n, &((struct service *)obj)->description,
	    N_("the description"));
}

static void
kw_sv_schedule(struct ylctx *c, yaml_node_t *n, void *obj)
{
	yl_i18n(c, n, &((struct service *)obj)->schedule, N_("the schedule"));
}

static void
kw_sv_eligibility(struct ylctx *c, yaml_node_t *n, void *obj)
{
	yl_i18n(c, n, &((struct service *)obj)->eligibility,
	    N_("the eligibility"));
}

static void
kw_sv_eligible(struct ylctx *c, yaml_node_t *n, void *obj)
{
	fexpr_parse(c, n, &((struct service *)obj)->eligible, N_("eligible"));
}

static void
kw_sv_contact(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct service	*sv = obj;
	const char	*s;

	if ((s = yl_scalar(c, n, N_("the contact"))) == NULL)
		return;
	if (*s == '\0' || !utf8_valid(s, strlen(s))) {
		yl_err(c, n, _("the contact is empty or not valid UTF-8"));
		return;
	}
	sv->contact = xstrdup(s);
}

static void
kw_sv_retired(struct ylctx *c, yaml_node_t *n, void *obj)
{
	yl_bool(c, n, "retired", &((struct service *)obj)->retired);
}

static const struct ykw service_kw[] = {
	{ "id", kw_sv_id, 1 },
	{ "institution", kw_sv_institution, 1 },
	{ "category", kw_sv_category, 1 },
	{ "name", kw_sv_name, 1 },
	{ "description", kw_sv_description, 1 },
	{ "province", kw_sv_province, 1 },
	{ "district", kw_sv_district, 0 },
	{ "schedule", kw_sv_schedule, 1 },
	{ "eligibility", kw_sv_eligibility, 1 },
	{ "eligible", kw_sv_eligible, 0 },
	{ "contact", kw_sv_contact, 1 },
	{ "retired", kw_sv_retired, 0 },
};

static void
kw_cat_id(struct ylctx *c, yaml_node_t *n, void *obj)
{
	((struct service_cat *)obj)->id = yl_id(c, n, N_("the category id"));
}

static void
kw_cat_label(struct ylctx *c, yaml_node_t *n, void *obj)
{
	yl_i18n(c, n, &((struct service_cat *)obj)->label, N_("the label"));
}

static const struct ykw category_kw[] = {
	{ "id", kw_cat_id, 1 },
	{ "label", kw_cat_label, 1 },
};

/* The whole file. */

struct dir_ctx {
	struct formset	*fs;
	char		*form;
	int		 form_at[2];
	yaml_node_t	*services, *categories;
};

static void
kw_dir_form(struct ylctx *c, yaml_node_t *n, void *obj)
{
	struct dir_ctx	*dc = obj;

	dc->form = yl_id(c, n, N_("the form"));
	dc->form_at[0] = (int)n->start_mark.line + 1;
	dc->form_at[1] = (int)n->start_mark.column + 1;
}

static void
kw_dir_services(struct ylctx *c, yaml_node_t *n, void *obj)
{
	(void)c;
	((struct dir_ctx *)obj)->services = n;
}

static void
kw_dir_categories(struct ylctx *c, yaml_node_t *n, void *obj)
{
	(void)c;
	((struct dir_ctx *)obj)->categories = n;
}

static const struct ykw directory_kw[] = {
	{ "form", kw_dir_form, 1 },
	{ "categories", kw_dir_categories, 0 },
	{ "services", kw_dir_services, 1 },
};

static void
service_free(struct service *sv)
{
	size_t	i;

	free(sv->id);
	free(sv->file);
	free(sv->form);
	for (i = 0; i < SR__COUNT; i++)
		free(sv->ref[i]);
	i18n_free(&sv->name);
	i18n_free(&sv->description);
	i18n_free(&sv->schedule);
	i18n_free(&sv->eligibility);
	free(sv->contact);
	fexpr_free(&sv->eligible);
	memset(sv, 0, sizeof *sv);
}

static void
cat_free(struct service_cat *sc)
{
	free(sc->id);
	free(sc->file);
	i18n_free(&sc->label);
	memset(sc, 0, sizeof *sc);
}

void
services_free(struct formset *fs)
{
	size_t	i;

	for (i = 0; i < fs->nservices; i++)
		service_free(&fs->services[i]);
	free(fs->services);
	for (i = 0; i < fs->ncats; i++)
		cat_free(&fs->cats[i]);
	free(fs->cats);
	fs->services = NULL;
	fs->cats = NULL;
	fs->nservices = fs->ncats = 0;
}

/* Each item of a list of objects, walked with its keywords. */
static void
each_item(struct ylctx *c, yaml_node_t *n, const char *what,
    void (*fn)(struct ylctx *, yaml_node_t *, struct dir_ctx *),
    struct dir_ctx *dc)
{
	yaml_node_item_t	*it;
	yaml_node_t		*e;

	if (n->type != YAML_SEQUENCE_NODE) {
		yl_err(c, n, _("%s must be a list, not %s"), what, yl_kind(n));
		return;
	}
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		if ((e = yl_node(c, *it)) == NULL)
			break;
		fn(c, e, dc);
	}
}

static void
one_category(struct ylctx *c, yaml_node_t *e, struct dir_ctx *dc)
{
	struct formset		*fs = dc->fs;
	struct service_cat	 sc;

	memset(&sc, 0, sizeof sc);
	sc.line = (int)e->start_mark.line + 1;
	sc.col = (int)e->start_mark.column + 1;
	yl_walk(c, e, category_kw, nitems(category_kw), &sc,
	    N_("a category"));
	if (sc.id == NULL) {
		cat_free(&sc);
		return;
	}
	if (service_cat_find(fs, sc.id) != NULL) {
		yl_err(c, e, _("duplicate category \"%s\" (also in %s)"),
		    sc.id, service_cat_find(fs, sc.id)->file);
		cat_free(&sc);
		return;
	}
	sc.file = xstrdup(c->file);
	XGROW(fs->cats, fs->ncats, fs->capcats);
	fs->cats[fs->ncats++] = sc;
}

static void
one_service(struct ylctx *c, yaml_node_t *e, struct dir_ctx *dc)
{
	struct formset		*fs = dc->fs;
	const struct service	*o;
	struct service		 sv;

	memset(&sv, 0, sizeof sv);
	sv.line = (int)e->start_mark.line + 1;
	sv.col = (int)e->start_mark.column + 1;
	yl_walk(c, e, service_kw, nitems(service_kw), &sv, N_("a service"));
	if (sv.id == NULL) {
		service_free(&sv);
		return;
	}
	if ((o = service_find(fs, sv.id)) != NULL) {
		yl_err(c, e, _("duplicate service \"%s\" (also in %s:%d)"),
		    sv.id, o->file, o->line);
		service_free(&sv);
		return;
	}
	sv.file = xstrdup(c->file);
	if (dc->form != NULL) {
		sv.form = xstrdup(dc->form);
		sv.at[SR_FORM][0] = dc->form_at[0];
		sv.at[SR_FORM][1] = dc->form_at[1];
	}
	XGROW(fs->services, fs->nservices, fs->capservices);
	fs->services[fs->nservices++] = sv;
}

/*
 * Read a services file into the set: its categories and services, each
 * checked here; what they name in other files (institutions, places, the
 * form, fields in expressions) is checked by services_link.
 */
void
services_parse(struct ylctx *c, yaml_node_t *root, struct formset *fs)
{
	struct dir_ctx	dc;

	memset(&dc, 0, sizeof dc);
	dc.fs = fs;
	yl_walk(c, root, directory_kw, nitems(directory_kw), &dc,
	    N_("a services file"));
	if (dc.categories != NULL)
		each_item(c, dc.categories, _("categories"), one_category, &dc);
	if (dc.services != NULL)
		each_item(c, dc.services, _("services"), one_service, &dc);
	free(dc.form);
}

/* A choice list of the directory, added to the set's shared lists. */
static int
add_list(struct diags *d, struct formset *fs, struct choice_list *l)
{
	size_t	i;

	for (i = 0; i < fs->nlists; i++) {
		if (strcmp(fs->lists[i]->id, l->id) == 0) {
			diags_add(d, fs->lists[i]->file, fs->lists[i]->line,
			    fs->lists[i]->col,
			    _("the choice list \"%s\" is the directory of services' (%s): give this one another id"),
			    l->id, l->file);
			choice_list_free(l);
			return (1);
		}
	}
	choice_list_index(l);
	XGROW(fs->lists, fs->nlists, fs->caplists);
	fs->lists[fs->nlists++] = l;
	return (0);
}

static struct choice *
list_add(struct choice_list *l, const char *value, const struct i18n *label)
{
	struct choice	*ch;

	XGROW(l->v, l->n, l->cap);
	ch = &l->v[l->n++];
	memset(ch, 0, sizeof *ch);
	ch->value = xstrdup(value);
	i18n_copy(&ch->label, label);
	return (ch);
}

static void
choice_attr_add(struct choice *ch, const char *name, const char *value)
{
	ch->attrs = xreallocarray(ch->attrs, ch->nattrs + 1,
	    sizeof *ch->attrs);
	ch->attrs[ch->nattrs].name = xstrdup(name);
	ch->attrs[ch->nattrs].value = xstrdup(value != NULL ? value : "");
	ch->nattrs++;
}

/*
 * The directory as the choice lists "services" (attributes institution
 * and category, for choice_filter) and "service_categories", so that forms
 * pick from it; made before the forms are linked. Returns the problems.
 */
int
services_lists(struct diags *d, struct formset *fs)
{
	struct choice_list	*l;
	struct choice		*ch;
	size_t			 i;
	int			 errors = 0;

	if (fs->nservices == 0 && fs->ncats == 0)
		return (0);
	l = xcalloc(1, sizeof *l);
	l->id = xstrdup(SERVICE_CATS_LIST);
	l->file = xstrdup(fs->ncats > 0 ? fs->cats[0].file :
	    fs->services[0].file);
	for (i = 0; i < fs->ncats; i++)
		list_add(l, fs->cats[i].id, &fs->cats[i].label);
	errors += add_list(d, fs, l);
	l = xcalloc(1, sizeof *l);
	l->id = xstrdup(SERVICES_LIST);
	l->file = xstrdup(fs->nservices > 0 ? fs->services[0].file :
	    fs->cats[0].file);
	for (i = 0; i < fs->nservices; i++) {
		ch = list_add(l, fs->services[i].id, &fs->services[i].name);
		ch->retired = fs->services[i].retired;
		choice_attr_add(ch, "institution",
		    fs->services[i].ref[SR_INSTITUTION]);
		choice_attr_add(ch, "category",
		    fs->services[i].ref[SR_CATEGORY]);
	}
	errors += add_list(d, fs, l);
	return (errors);
}

/* A name that is not there, with the closest one that is, if any. */
static void
unknown(struct diags *d, const struct service *sv, enum svc_ref r,
    const char *msg, struct yl_guess *g)
{
	char	hint[YL_HINT_MAX];

	diags_add(d, sv->file, sv->at[r][0], sv->at[r][1], "%s%s", msg,
	    yl_guess_hint(g, hint, sizeof hint));
}

/* A value of a shared list (a place), or a diagnostic; the choice. */
static const struct choice *
check_value(struct diags *d, const struct formset *fs,
    const struct service *sv, enum svc_ref r, const char *list, int *errors)
{
	const struct choice_list	*l;
	const struct choice		*ch;
	struct yl_guess			 g;
	char				*msg;
	size_t				 i;

	if (sv->ref[r] == NULL)
		return (NULL);
	if ((l = formset_list(fs, list)) == NULL) {
		diags_add(d, sv->file, sv->at[r][0], sv->at[r][1],
		    _("service \"%s\": a %s needs the shared list \"%s\" (lists/%s.yaml)"),
		    sv->id, _(ref_what[r]), list, list);
		(*errors)++;
		return (NULL);
	}
	if ((ch = choice_find(l, sv->ref[r])) != NULL)
		return (ch);
	yl_guess_init(&g, sv->ref[r]);
	for (i = 0; i < l->n; i++)
		yl_guess_try(&g, l->v[i].value);
	msg = xsprintf(_("service \"%s\": unknown %s \"%s\" (not in the list %s)"),
	    sv->id, _(ref_what[r]), sv->ref[r], list);
	unknown(d, sv, r, msg, &g);
	free(msg);
	(*errors)++;
	return (NULL);
}

/* What one service names: institution, category, places, form, fields. */
static int
link_service(struct diags *d, struct formset *fs, struct service *sv)
{
	const struct policy	*p = fs->policy;
	const struct choice	*dist;
	const struct form	*f;
	const char		*prov;
	struct yl_guess		 g;
	char			*msg;
	size_t			 i;
	int			 errors = 0;

	if (sv->ref[SR_INSTITUTION] != NULL &&
	    policy_institution(p, sv->ref[SR_INSTITUTION]) == NULL) {
		yl_guess_init(&g, sv->ref[SR_INSTITUTION]);
		for (i = 0; i < p->ninst; i++)
			yl_guess_try(&g, p->inst[i].id);
		msg = xsprintf(_("service \"%s\": unknown institution \"%s\" (not in the roles file)"),
		    sv->id, sv->ref[SR_INSTITUTION]);
		unknown(d, sv, SR_INSTITUTION, msg, &g);
		free(msg);
		errors++;
	}
	if (sv->ref[SR_CATEGORY] != NULL &&
	    service_cat_find(fs, sv->ref[SR_CATEGORY]) == NULL) {
		yl_guess_init(&g, sv->ref[SR_CATEGORY]);
		for (i = 0; i < fs->ncats; i++)
			yl_guess_try(&g, fs->cats[i].id);
		msg = xsprintf(_("service \"%s\": unknown category \"%s\" (not under categories)"),
		    sv->id, sv->ref[SR_CATEGORY]);
		unknown(d, sv, SR_CATEGORY, msg, &g);
		free(msg);
		errors++;
	}
	check_value(d, fs, sv, SR_PROVINCE, PROVINCES_LIST, &errors);
	dist = check_value(d, fs, sv, SR_DISTRICT, DISTRICTS_LIST, &errors);
	if (dist != NULL && sv->ref[SR_PROVINCE] != NULL &&
	    (prov = choice_attr(dist, "province")) != NULL &&
	    strcmp(prov, sv->ref[SR_PROVINCE]) != 0) {
		diags_add(d, sv->file, sv->at[SR_DISTRICT][0],
		    sv->at[SR_DISTRICT][1],
		    _("service \"%s\": district \"%s\" is in the province \"%s\", not \"%s\""),
		    sv->id, sv->ref[SR_DISTRICT], prov, sv->ref[SR_PROVINCE]);
		errors++;
	}
	if (sv->form == NULL)
		return (errors);
	if ((f = formset_find(fs, sv->form)) == NULL) {
		/* A services file checked without its form: not judged. */
		if (fs->partial)
			return (errors);
		diags_add(d, sv->file, sv->at[SR_FORM][0], sv->at[SR_FORM][1],
		    _("the services' form \"%s\" is not a form of the set"),
		    sv->form);
		return (errors + 1);
	}
	if (sv->eligible.e != NULL)
		errors += form_check_expr(d, sv->file, fs, f, &sv->eligible,
		    VT_BOOL, N_("eligible"));
	return (errors);
}

/*
 * Check what every service names, once the forms are linked. Returns the
 * number of problems.
 */
int
services_link(struct diags *d, struct formset *fs)
{
	size_t	i;
	int	errors = 0;

	for (i = 0; i < fs->nservices; i++)
		errors += link_service(d, fs, &fs->services[i]);
	return (errors);
}
