/* form-version.c: form versions: old records opened under a newer form, and the catalog that lets forms check see what a change would lose. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "amparo.h"

#define CATALOG_PREFIX	"form:"
#define WF_CATALOG_PREFIX "workflow:"

/* Give the fields of one map the ids of their current names. */
static void
rename_fields(const struct field *v, size_t n, struct rmap *m)
{
	size_t	i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < v[i].nrenamed &&
		    rmap_field(m, v[i].id) == NULL; j++)
			rmap_rename(m, v[i].renamed_from[j], v[i].id);
	}
}

/*
 * Drop what the form (or the repeat group g) no longer has, renaming inside
 * repeat entries on the way down.
 */
static void
drop_unknown(const struct form *f, const struct field *g, struct rmap *m)
{
	const struct field	*fl;
	struct rfield		*rf;
	size_t			 i, k;

	for (i = 0; i < m->n; i++) {
		rf = &m->v[i];
		fl = g != NULL ? field_child(g, rf->id) : form_field(f, rf->id);
		if (fl == NULL || (fl->type == FT_REPEAT) !=
		    (rf->kind == RF_GROUP)) {
			rmap_unset(m, rf->id);
			i--;
			continue;
		}
		for (k = 0; rf->kind == RF_GROUP && k < rf->nitems; k++) {
			rename_fields(fl->fields, fl->nfields, &rf->items[k]);
			drop_unknown(f, fl, &rf->items[k]);
		}
	}
}

/*
 * Open a record saved under an older version of its form in the current
 * one: renamed fields (renamed_from) take their new ids, and fields the form
 * no longer has leave the working copy. Nothing is lost: the stored version
 * goes to history unchanged on the next save. A record from a newer version
 * than this form is left alone (case_update refuses to save it).
 */
void
form_upgrade(const struct form *f, struct record *r)
{
	size_t	i;

	if (r->form_version > f->version)
		return;
	for (i = 0; i < f->nsections; i++)
		rename_fields(f->sections[i].fields, f->sections[i].nfields,
		    &r->data);
	drop_unknown(f, NULL, &r->data);
}

/*
 * The catalog of a form version: one line per field that holds values, "path
 * TAB type", and for a choice field TAB and its choice values separated by
 * spaces. It is what records saved under that version can hold.
 */
static void
catalog_fields(const struct field *v, size_t n, const char *prefix,
    struct buf *b)
{
	const struct field	*f;
	size_t			 i, j;
	char			*path;

	for (i = 0; i < n; i++) {
		f = &v[i];
		if (f->type == FT_NOTE)
			continue;
		path = xsprintf("%s%s", prefix, f->id);
		buf_add(b, path, strlen(path));
		buf_add(b, "\t", 1);
		buf_add(b, ftype_name(f->type), strlen(ftype_name(f->type)));
		for (j = 0; f->list != NULL && j < f->list->n; j++) {
			buf_add(b, j == 0 ? "\t" : " ", 1);
			buf_add(b, f->list->v[j].value,
			    strlen(f->list->v[j].value));
		}
		buf_add(b, "\n", 1);
		if (f->type == FT_REPEAT) {
			free(path);
			path = xsprintf("%s%s.", prefix, f->id);
			catalog_fields(f->fields, f->nfields, path, b);
		}
		free(path);
	}
}

void
form_catalog(const struct form *f, struct buf *b)
{
	size_t	i;

	for (i = 0; i < f->nsections; i++)
		catalog_fields(f->sections[i].fields, f->sections[i].nfields,
		    "", b);
}

static char *
catalog_key(const char *form, uint32_t version)
{
	return (xsprintf(CATALOG_PREFIX "%s:%010lu", form,
	    (unsigned long)version));
}

/* Whether a catalog is yet to be written: AMP_OK, or CATALOG_EXISTS. */
#define CATALOG_EXISTS	(-1)
static int
catalog_missing(struct stxn *t, const char *key, struct amp_err *err)
{
	struct sval	v;
	int		rc;

	rc = stxn_get(t, DB_META, key, strlen(key), &v, err);
	if (rc == AMP_ENOTFOUND)
		return (AMP_OK);
	return (rc == AMP_OK ? CATALOG_EXISTS : rc);
}

/* A workflow's catalog: its form, then its states, one a line. */
static void
workflow_catalog(const struct workflow *w, struct buf *b)
{
	size_t	i;

	buf_add(b, w->form_id, strlen(w->form_id));
	buf_add(b, "\n", 1);
	for (i = 0; i < w->nstates; i++) {
		buf_add(b, w->states[i].id, strlen(w->states[i].id));
		buf_add(b, "\n", 1);
	}
}

/*
 * Note in the store, inside a write transaction, that records exist under
 * this form version (and the version of its workflow): each catalog is
 * written the first time. The check is a read of one key each.
 */
int
form_catalog_note(struct stxn *t, const struct formset *fs,
    const struct form *f, struct amp_err *err)
{
	const struct workflow	*w = workflow_for(fs, f->id);
	struct buf		 b = { 0 };
	char			*key = catalog_key(f->id, f->version);
	int			 rc;

	if ((rc = catalog_missing(t, key, err)) == AMP_OK) {
		form_catalog(f, &b);
		rc = stxn_put(t, DB_META, key, strlen(key), b.p, b.n, 0, err);
	}
	free(key);
	if ((rc == AMP_OK || rc == CATALOG_EXISTS) && w != NULL) {
		key = xsprintf(WF_CATALOG_PREFIX "%s:%010lu", w->id,
		    (unsigned long)w->version);
		if ((rc = catalog_missing(t, key, err)) == AMP_OK) {
			b.n = 0;
			workflow_catalog(w, &b);
			rc = stxn_put(t, DB_META, key, strlen(key), b.p, b.n,
			    0, err);
		}
		free(key);
	}
	if (rc == CATALOG_EXISTS)
		rc = AMP_OK;
	buf_free(&b);
	return (rc);
}

/* One line of a stored catalog. */
struct cat_line {
	char	*path;
	char	*type;
	char	*choices;	/* space-separated, or NULL */
};

static size_t
catalog_parse(const char *p, size_t n, struct cat_line **out)
{
	struct cat_line	*v = NULL;
	size_t		 nv = 0, cap = 0, i = 0, e;
	char		*line, *t1, *t2;

	while (i < n) {
		for (e = i; e < n && p[e] != '\n'; e++)
			;
		line = xstrndup(p + i, e - i);
		i = e + 1;
		if ((t1 = strchr(line, '\t')) == NULL) {
			free(line);
			continue;
		}
		*t1++ = '\0';
		if ((t2 = strchr(t1, '\t')) != NULL)
			*t2++ = '\0';
		XGROW(v, nv, cap);
		v[nv].path = xstrdup(line);
		v[nv].type = xstrdup(t1);
		v[nv].choices = t2 != NULL ? xstrdup(t2) : NULL;
		nv++;
		free(line);
	}
	*out = v;
	return (nv);
}

static void
catalog_lines_free(struct cat_line *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].type);
		free(v[i].choices);
	}
	free(v);
}

/* A field by catalog path ("id" or "group.id"), following renamed_from. */
static const struct field *
catalog_field(const struct form *f, const char *path, int *renamed)
{
	const struct field	*g = NULL, *fl;
	const struct section	*s;
	const char		*dot = strchr(path, '.'), *leaf;
	char			*gid;
	size_t			 i, j, k;

	*renamed = 0;
	leaf = path;
	if (dot != NULL) {
		gid = xstrndup(path, (size_t)(dot - path));
		g = catalog_field(f, gid, renamed);
		free(gid);
		if (g == NULL || g->type != FT_REPEAT)
			return (NULL);
		leaf = dot + 1;
		if ((fl = field_child(g, leaf)) != NULL)
			return (fl);
		for (i = 0; i < g->nfields; i++) {
			for (k = 0; k < g->fields[i].nrenamed; k++) {
				if (strcmp(g->fields[i].renamed_from[k],
				    leaf) == 0) {
					*renamed = 1;
					return (&g->fields[i]);
				}
			}
		}
		return (NULL);
	}
	if ((fl = form_field(f, leaf)) != NULL)
		return (fl);
	for (i = 0; i < f->nsections; i++) {
		s = &f->sections[i];
		for (j = 0; j < s->nfields; j++) {
			for (k = 0; k < s->fields[j].nrenamed; k++) {
				if (strcmp(s->fields[j].renamed_from[k],
				    leaf) == 0) {
					*renamed = 1;
					return (&s->fields[j]);
				}
			}
		}
	}
	return (NULL);
}

static int
removed_on_purpose(const struct form *f, const char *path)
{
	size_t	i, n;

	/* The field itself, or the whole repeat group it was in. */
	for (i = 0; i < f->nremoved; i++) {
		n = strlen(f->removed[i]);
		if (strcmp(f->removed[i], path) == 0 ||
		    (strncmp(f->removed[i], path, n) == 0 && path[n] == '.'))
			return (1);
	}
	return (0);
}

/* Whether values saved as type "from" are still valid as type "to". */
static int
type_keeps_values(const char *from, enum ftype to)
{
	static const struct {
		const char	*from;
		enum ftype	 to;
	} widen[] = {
		{ "text", FT_MULTILINE },
		{ "integer", FT_DECIMAL },
		{ "integer", FT_TEXT },
		{ "decimal", FT_TEXT },
		{ "select_one", FT_SELECT_MANY },
		{ "phone", FT_TEXT },
		{ "email", FT_TEXT },
		{ "document", FT_TEXT },
		{ "calculate", FT_TEXT },
	};
	size_t	i;

	if (strcmp(from, ftype_name(to)) == 0)
		return (1);
	for (i = 0; i < nitems(widen); i++) {
		if (strcmp(widen[i].from, from) == 0 && widen[i].to == to)
			return (1);
	}
	return (0);
}

/* Check one field of a stored catalog against the form about to be used. */
static void
catalog_check_line(struct diags *d, const struct form *f, uint32_t ver,
    const struct cat_line *l)
{
	const struct field	*fl;
	char			*ids, *c, *save;
	int			 renamed;

	if ((fl = catalog_field(f, l->path, &renamed)) == NULL) {
		if (removed_on_purpose(f, l->path))
			return;
		diags_add(d, f->file, 0, 0,
		    _("form \"%s\": field \"%s\" holds data in records saved under version %lu; this version would lose it (list it under \"removed\" to keep its values in each record's history, or name it in renamed_from)"),
		    f->id, l->path, (unsigned long)ver);
		return;
	}
	if (!type_keeps_values(l->type, fl->type)) {
		diags_add(d, f->file, fl->line, fl->col,
		    _("form \"%s\": field \"%s\" changes from %s (version %lu) to %s: values already saved may not be valid any more"),
		    f->id, fl->id, l->type, (unsigned long)ver,
		    ftype_name(fl->type));
		return;
	}
	if (l->choices == NULL || fl->list == NULL)
		return;
	ids = xstrdup(l->choices);
	for (c = strtok_r(ids, " ", &save); c != NULL;
	    c = strtok_r(NULL, " ", &save)) {
		if (choice_find(fl->list, c) == NULL)
			diags_add(d, f->file, fl->line, fl->col,
			    _("form \"%s\": choice \"%s\" of field \"%s\" was offered in version %lu and records may hold it; mark it \"retired: true\" instead of deleting it"),
			    f->id, c, fl->id, (unsigned long)ver);
	}
	free(ids);
}

/* What the catalog checks share: the set, the store, where problems go. */
struct cat_check {
	const struct formset	*fs;
	struct store		*st;
	struct diags		*d;
	struct buf		 now;
};

/* One form version used in the store, against the form about to be used. */
static void
check_form_entry(struct cat_check *cc, const char *id, unsigned long ver,
    const struct sval *v)
{
	const struct form	*f;
	struct cat_line		*lines;
	size_t			 nlines, i;

	if ((f = formset_find(cc->fs, id)) == NULL) {
		if (cc->fs->partial)	/* not among the files checked */
			return;
		diags_add(cc->d, store_dir(cc->st), 0, 0,
		    _("the store holds records of the form \"%s\" (version %lu), which this form set does not have"),
		    id, ver);
		return;
	}
	if (ver > f->version) {
		diags_add(cc->d, f->file, 0, 0,
		    _("form \"%s\" is version %lu, older than version %lu already used by records in the store"),
		    f->id, (unsigned long)f->version, ver);
		return;
	}
	cc->now.n = 0;
	form_catalog(f, &cc->now);
	if (ver == f->version && (cc->now.n != v->n ||
	    memcmp(cc->now.p, v->p, v->n) != 0))
		diags_add(cc->d, f->file, 0, 0,
		    _("form \"%s\" changed since its version %lu was used by records in the store: give it a new version"),
		    f->id, ver);
	nlines = catalog_parse(v->p, v->n, &lines);
	for (i = 0; i < nlines; i++)
		catalog_check_line(cc->d, f, (uint32_t)ver, &lines[i]);
	catalog_lines_free(lines, nlines);
}

/*
 * One workflow version used in the store: records may be in any of its
 * states, so each must still be there, for the same form.
 */
static void
check_workflow_entry(struct cat_check *cc, const char *id, unsigned long ver,
    const struct sval *v)
{
	const struct workflow	*w = NULL;
	const char		*p = v->p, *e, *end = p + v->n;
	char			*line;
	size_t			 i;
	int			 first = 1;

	for (i = 0; i < cc->fs->nworkflows && w == NULL; i++) {
		if (strcmp(cc->fs->workflows[i]->id, id) == 0)
			w = cc->fs->workflows[i];
	}
	if (w == NULL) {
		if (cc->fs->partial)
			return;
		diags_add(cc->d, store_dir(cc->st), 0, 0,
		    _("the store holds records moved by the workflow \"%s\" (version %lu), which this form set does not have"),
		    id, ver);
		return;
	}
	if (ver > w->version) {
		diags_add(cc->d, w->file, 0, 0,
		    _("workflow \"%s\" is version %lu, older than version %lu already used by records in the store"),
		    w->id, (unsigned long)w->version, ver);
		return;
	}
	for (; p < end; p = e + 1, first = 0) {
		if ((e = memchr(p, '\n', (size_t)(end - p))) == NULL)
			e = end;
		line = xstrndup(p, (size_t)(e - p));
		if (first && w->form_id != NULL &&
		    strcmp(line, w->form_id) != 0)
			diags_add(cc->d, w->file, 0, 0,
			    _("workflow \"%s\" moved records of the form \"%s\" in version %lu; it cannot move another form's now"),
			    w->id, line, ver);
		else if (!first && *line != '\0' &&
		    workflow_state(w, line) == NULL)
			diags_add(cc->d, w->file, 0, 0,
			    _("workflow \"%s\": records may be in the state \"%s\" (version %lu); this version drops it"),
			    w->id, line, ver);
		free(line);
	}
	cc->now.n = 0;
	workflow_catalog(w, &cc->now);
	if (ver == w->version && (cc->now.n != v->n ||
	    memcmp(cc->now.p, v->p, v->n) != 0))
		diags_add(cc->d, w->file, 0, 0,
		    _("workflow \"%s\" changed since its version %lu was used by records in the store: give it a new version"),
		    w->id, ver);
}

struct cat_walk {
	struct cat_check	*cc;
	size_t			 plen;
	void			(*fn)(struct cat_check *, const char *,
				    unsigned long, const struct sval *);
};

static int
catalog_entry(const struct sval *k, const struct sval *v, void *arg,
    struct amp_err *err)
{
	struct cat_walk	*w = arg;
	char		*id, *colon;

	(void)err;
	if (k->n <= w->plen)
		return (AMP_OK);
	id = xstrndup((const char *)k->p + w->plen, k->n - w->plen);
	if ((colon = strrchr(id, ':')) != NULL) {
		*colon = '\0';
		w->fn(w->cc, id, strtoul(colon + 1, NULL, 10), v);
	}
	free(id);
	return (AMP_OK);
}

/* Run fn on every catalog entry under a key prefix: "ID:VERSION". */
static int
catalog_each(struct stxn *t, const char *prefix, struct cat_check *cc,
    void (*fn)(struct cat_check *, const char *, unsigned long,
    const struct sval *), struct amp_err *err)
{
	struct cat_walk	w;

	w.cc = cc;
	w.plen = strlen(prefix);
	w.fn = fn;
	return (stxn_prefix_each(t, DB_META, prefix, w.plen, catalog_entry,
	    &w, err));
}

/*
 * Compare a form set with the versions its forms and workflows were used
 * under in a store: every field that can hold data must still be there,
 * renamed, or listed as removed; types must keep old values valid; choices
 * must be retired, not deleted; workflow states records may be in must stay;
 * a version already used must not change. Problems go to d; returns AMP_OK
 * or the store's error.
 */
int
forms_check_store(struct store *st, const struct formset *fs,
    struct diags *d, struct amp_err *err)
{
	struct cat_check	 cc;
	struct stxn		*t;
	int			 rc;

	if ((rc = store_read(st, &t, err)) != AMP_OK)
		return (rc);
	memset(&cc, 0, sizeof cc);
	cc.fs = fs;
	cc.st = st;
	cc.d = d;
	if ((rc = catalog_each(t, CATALOG_PREFIX, &cc, check_form_entry,
	    err)) == AMP_OK)
		rc = catalog_each(t, WF_CATALOG_PREFIX, &cc,
		    check_workflow_entry, err);
	buf_free(&cc.now);
	stxn_end(t);
	return (rc);
}

/*
 * Refuse a form set that would lose data saved in the store: the problems
 * are printed to stderr (the console has not taken the terminal yet), and
 * err says what to run.
 */
int
forms_fit_store(struct store *st, const struct formset *fs,
    struct amp_err *err)
{
	struct diags	d = { 0 };
	int		rc;

	if ((rc = forms_check_store(st, fs, &d, err)) != AMP_OK) {
		diags_free(&d);
		return (rc);
	}
	if (d.n == 0)
		return (AMP_OK);
	diags_print(&d, stderr);
	rc = err_set(err, AMP_EFORMS,
	    ngettext("the forms do not fit the records in %s: %zu error (see amparo forms check -d)",
	    "the forms do not fit the records in %s: %zu errors (see amparo forms check -d)",
	    d.n), store_dir(st), d.n);
	diags_free(&d);
	return (rc);
}
