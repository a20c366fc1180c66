/* yaml-load.c: reading YAML files into documents and walking them, every problem a diagnostic. */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "yaml-load.h"

/* A problem at a line and column: counted, and reported if not too many. */
static void AMP_PRINTF(4, 0)
yl_verr(struct ylctx *c, int line, int col, const char *fmt, va_list ap)
{
	char	*msg;

	if (c->errors++ >= YL_MAX_ERRORS)
		return;		/* counted, and summed up at the end */
	msg = xvsprintf(fmt, ap);
	diags_add(c->d, c->file, line, col, "%s", msg);
	free(msg);
}

/* A problem at a line and column of the file (0, 0: the whole file). */
void
yl_err_at(struct ylctx *c, int line, int col, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	yl_verr(c, line, col, fmt, ap);
	va_end(ap);
}

/* A problem at a node of the document (NULL: the whole file). */
void
yl_err(struct ylctx *c, yaml_node_t *n, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	if (n != NULL)
		yl_verr(c, (int)n->start_mark.line + 1,
		    (int)n->start_mark.column + 1, fmt, ap);
	else
		yl_verr(c, 0, 0, fmt, ap);
	va_end(ap);
}

/*
 * A node by index. Aliases can make a small file a huge tree: once nodes
 * have been visited YL_MAX_VISITS times more than the document has, the walk
 * stops, and says so whatever else it found.
 */
yaml_node_t *
yl_node(struct ylctx *c, int idx)
{
	size_t	nodes = (size_t)(c->doc->nodes.top - c->doc->nodes.start);

	if (++c->visits > nodes + YL_MAX_VISITS) {
		if (!c->aborted) {
			c->aborted = 1;
			c->errors++;
			diags_add(c->d, c->file, 0, 0, "%s",
			    _("the document is too large (aliases nest too deeply)"));
		}
		return (NULL);
	}
	return (yaml_document_get_node(c->doc, idx));
}

const char *
yl_kind(yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE:
		return (_("a single value"));
	case YAML_SEQUENCE_NODE:
		return (_("a list"));
	case YAML_MAPPING_NODE:
		return (_("a mapping"));
	default:
		return (_("nothing"));
	}
}

const char *
yl_scalar(struct ylctx *c, yaml_node_t *n, const char *what)
{
	if (n->type != YAML_SCALAR_NODE) {
		yl_err(c, n, _("%s must be a single value, not %s"), _(what),
		    yl_kind(n));
		return (NULL);
	}
	return ((const char *)n->data.scalar.value);
}

/* Start looking for the name closest to what was typed. */
void
yl_guess_init(struct yl_guess *g, const char *typed)
{
	g->typed = typed;
	g->best = NULL;
	g->bestd = 3;		/* at most two edits away */
}

/* Offer a name that exists: kept if it is the closest so far. */
void
yl_guess_try(struct yl_guess *g, const char *name)
{
	size_t	d;

	if (name == NULL || strcmp(name, g->typed) == 0)
		return;
	/* The lengths alone can put it too far: no need to measure. */
	d = strlen(name) > strlen(g->typed) ? strlen(name) - strlen(g->typed) :
	    strlen(g->typed) - strlen(name);
	if (d >= g->bestd)
		return;
	if ((d = edit_distance(g->typed, name)) < g->bestd) {
		g->bestd = d;
		g->best = name;
	}
}

/* " (did you mean "x"?)" after a message, or "" if nothing was close; in buf too. */
const char *
yl_guess_hint(const struct yl_guess *g, char *buf, size_t size)
{
	if (g->best == NULL) {
		if (size > 0)
			buf[0] = '\0';
		return ("");
	}
	snprintf(buf, size, _(" (did you mean \"%s\"?)"), g->best);
	return (buf);
}

/* The slot of id in the table: where it is, or the empty one it would go in. */
static size_t
seen_slot(const struct yl_seen *s, const char *id)
{
	uint64_t	x = 14695981039346656037ull;	/* FNV-1a */
	size_t		h, i;

	for (i = 0; id[i] != '\0'; i++)
		x = (x ^ (unsigned char)id[i]) * 1099511628211ull;
	h = (size_t)(x ^ x >> 32);	/* all of it in the bits used */
	for (h &= s->cap - 1; s->id[h] != NULL; h = (h + 1) & (s->cap - 1)) {
		if (strcmp(s->id[h], id) == 0)
			break;
	}
	return (h);
}

/*
 * Note an id at index at of a list; if it was seen before, returns 1 with
 * where it was first in *first. A hash table, so that finding duplicates
 * in a list of 100,000 choices takes no longer than reading them.
 */
int
yl_seen_add(struct yl_seen *s, const char *id, size_t at, size_t *first)
{
	const char	**oid;
	size_t		 *oat, ocap, h, i;

	if (2 * (s->n + 1) > s->cap) {
		oid = s->id;
		oat = s->at;
		ocap = s->cap;
		s->cap = ocap != 0 ? 2 * ocap : 64;
		s->id = xcalloc(s->cap, sizeof *s->id);
		s->at = xcalloc(s->cap, sizeof *s->at);
		s->n = 0;
		for (i = 0; i < ocap; i++) {
			if (oid[i] != NULL)
				yl_seen_add(s, oid[i], oat[i], first);
		}
		free(oid);
		free(oat);
	}
	h = seen_slot(s, id);
	if (s->id[h] != NULL) {
		*first = s->at[h];
		return (1);
	}
	s->id[h] = id;
	s->at[h] = at;
	s->n++;
	return (0);
}

/* Whether id was seen, and where (in *at). */
int
yl_seen_find(const struct yl_seen *s, const char *id, size_t *at)
{
	size_t	h;

	if (s->cap == 0 || s->id[h = seen_slot(s, id)] == NULL)
		return (0);
	*at = s->at[h];
	return (1);
}

void
yl_seen_free(struct yl_seen *s)
{
	free(s->id);
	free(s->at);
	memset(s, 0, sizeof *s);
}

/*
 * Walk a mapping through a keyword table: unknown, duplicate and missing keys
 * are errors.
 */
void
yl_walk(struct ylctx *c, yaml_node_t *n, const struct ykw *tab,
    size_t ntab, void *obj, const char *what)
{
	yaml_node_pair_t	*pair;
	yaml_node_t		*k, *v;
	struct yl_guess		 g;
	const char		*key;
	unsigned char		 seen[64] = { 0 };
	size_t			 i;

	if (n->type != YAML_MAPPING_NODE) {
		yl_err(c, n, _("%s must be a mapping of keys to values, not %s"),
		    _(what), yl_kind(n));
		return;
	}
	if (++c->depth > YL_MAX_DEPTH) {
		yl_err(c, n, _("%s is nested too deeply"), _(what));
		c->depth--;
		return;
	}
	for (pair = n->data.mapping.pairs.start;
	    pair < n->data.mapping.pairs.top; pair++) {
		if ((k = yl_node(c, pair->key)) == NULL ||
		    (v = yl_node(c, pair->value)) == NULL)
			break;
		if ((key = yl_scalar(c, k, N_("a key"))) == NULL)
			continue;
		for (i = 0; i < ntab; i++) {
			if (strcmp(tab[i].name, key) == 0)
				break;
		}
		if (i == ntab) {
			/* Past YL_MAX_ERRORS, errors are only counted. */
			yl_guess_init(&g, key);
			for (i = 0; i < ntab && c->errors < YL_MAX_ERRORS; i++)
				yl_guess_try(&g, tab[i].name);
			if (g.best != NULL)
				yl_err(c, k, _("unknown key \"%s\" in %s (did you mean \"%s\"?)"),
				    key, _(what), g.best);
			else
				yl_err(c, k, _("unknown key \"%s\" in %s"), key,
				    _(what));
			continue;
		}
		if (seen[i]) {
			yl_err(c, k, _("duplicate key \"%s\" in %s"), key, _(what));
			continue;
		}
		seen[i] = 1;
		tab[i].parse(c, v, obj);
	}
	for (i = 0; i < ntab; i++) {
		if (tab[i].required && !seen[i])
			yl_err(c, n, _("%s has no \"%s\""), _(what), tab[i].name);
	}
	c->depth--;
}

int
id_valid(const char *s)
{
	size_t	i;

	if (s[0] < 'a' || s[0] > 'z')
		return (0);
	for (i = 1; s[i] != '\0'; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9') || s[i] == '_') || i >= ID_MAX)
			return (0);
	}
	return (1);
}

char *
yl_id(struct ylctx *c, yaml_node_t *n, const char *what)
{
	const char	*s;

	if ((s = yl_scalar(c, n, what)) == NULL)
		return (NULL);
	if (!id_valid(s)) {
		yl_err(c, n, _("%s \"%s\" is not a valid id: use lower-case letters, digits and _, starting with a letter, at most %d characters"),
		    _(what), s, ID_MAX);
		return (NULL);
	}
	return (xstrdup(s));
}

/*
 * A number or true/false in quotes is text to YAML, and to the editors
 * that check forms against the schema: the loader says so too.
 */
static int
yl_unquoted(struct ylctx *c, yaml_node_t *n, const char *what)
{
	if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
		return (0);
	yl_err(c, n, _("%s must be written without quotes, as %s"), _(what),
	    (const char *)n->data.scalar.value);
	return (-1);
}

int
yl_bool(struct ylctx *c, yaml_node_t *n, const char *what, int *out)
{
	const char	*s;
	int		 v;

	if ((s = yl_scalar(c, n, what)) == NULL)
		return (-1);
	if (strcmp(s, "true") == 0)
		v = 1;
	else if (strcmp(s, "false") == 0)
		v = 0;
	else {
		yl_err(c, n, _("%s must be true or false, not \"%s\""), _(what), s);
		return (-1);
	}
	if (yl_unquoted(c, n, what) != 0)
		return (-1);
	*out = v;
	return (0);
}

int
yl_ll(struct ylctx *c, yaml_node_t *n, const char *what, long long lo,
    long long hi, long long *out)
{
	const char	*s;
	char		*end;
	long long	 v;

	if ((s = yl_scalar(c, n, what)) == NULL)
		return (-1);
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < lo || v > hi) {
		yl_err(c, n, _("%s must be a whole number from %lld to %lld, not \"%s\""),
		    _(what), lo, hi, s);
		return (-1);
	}
	if (yl_unquoted(c, n, what) != 0)
		return (-1);
	*out = v;
	return (0);
}

/* A number (decimals allowed); -1 after reporting one that is not. */
int
yl_double(struct ylctx *c, yaml_node_t *n, const char *what, double *out)
{
	const char	*s;
	char		*end;
	double		 v;

	if ((s = yl_scalar(c, n, what)) == NULL)
		return (-1);
	errno = 0;
	v = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || errno != 0 || v != v ||
	    v > 1e15 || v < -1e15 ||
	    s[strspn(s, "+-.0123456789eE")] != '\0') {	/* no hex, inf */
		yl_err(c, n, _("%s must be a number, not \"%s\""), _(what), s);
		return (-1);
	}
	if (yl_unquoted(c, n, what) != 0)
		return (-1);
	*out = v;
	return (0);
}

/* One id or a list of ids; returns how many were valid (in *out, allocated). */
size_t
yl_ids(struct ylctx *c, yaml_node_t *n, const char *what, char ***out)
{
	yaml_node_item_t	*it;
	yaml_node_t		*e;
	char			*id;
	size_t			 k = 0;

	*out = NULL;
	if (n->type == YAML_SCALAR_NODE) {
		if ((id = yl_id(c, n, what)) == NULL)
			return (0);
		*out = xcalloc(1, sizeof **out);
		(*out)[0] = id;
		return (1);
	}
	if (n->type != YAML_SEQUENCE_NODE) {
		yl_err(c, n, _("%s must be an id or a list of ids, not %s"),
		    _(what), yl_kind(n));
		return (0);
	}
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		if ((e = yl_node(c, *it)) == NULL)
			break;
		if ((id = yl_id(c, e, what)) == NULL)
			continue;
		*out = xreallocarray(*out, k + 1, sizeof **out);
		(*out)[k++] = id;
	}
	if (k == 0 && n->data.sequence.items.start ==
	    n->data.sequence.items.top)
		yl_err(c, n, _("%s must name at least one"), _(what));
	return (k);
}

/* A text in each language: a mapping with en and es, both required. */
void
yl_i18n(struct ylctx *c, yaml_node_t *n, struct i18n *t, const char *what)
{
	yaml_node_pair_t	*pair;
	yaml_node_t		*k, *v;
	const char		*key, *val;
	enum lang		 l;
	size_t			 i;

	if (n->type != YAML_MAPPING_NODE) {
		yl_err(c, n, _("%s must give the text in each language, as en: and es:"),
		    _(what));
		return;
	}
	for (pair = n->data.mapping.pairs.start;
	    pair < n->data.mapping.pairs.top; pair++) {
		if ((k = yl_node(c, pair->key)) == NULL ||
		    (v = yl_node(c, pair->value)) == NULL)
			return;
		if ((key = yl_scalar(c, k, N_("a language"))) == NULL)
			continue;
		if (lang_parse(key, &l) != 0) {
			yl_err(c, k, _("unknown language \"%s\" in %s (use en and es)"),
			    key, _(what));
			continue;
		}
		if ((val = yl_scalar(c, v, what)) == NULL)
			continue;
		if (t->s[l] != NULL) {
			yl_err(c, k, _("duplicate language \"%s\" in %s"), key,
			    _(what));
			continue;
		}
		if (!utf8_valid(val, strlen(val)) || *val == '\0') {
			yl_err(c, v, _("%s in %s is empty or not valid UTF-8"),
			    _(what), key);
			continue;
		}
		t->s[l] = xstrdup(val);
	}
	for (i = 0; i < LANG__COUNT; i++) {
		if (t->s[i] == NULL)
			yl_err(c, n, _("%s has no text in %s (%s:)"), _(what),
			    i == LANG_ES ? _("Spanish") : _("English"),
			    lang_code((enum lang)i));
	}
}

/*
 * Whether [ and { nest more than YL_MAX_FLOW deep in the text (outside
 * quotes and comments): libyaml takes time quadratic in that depth, so a
 * hostile file is refused before it is parsed. Says where it went too deep.
 */
static int
flow_too_deep(const char *p, size_t n, int *line, int *col)
{
	size_t	i;
	int	depth = 0, l = 1, c = 0;
	char	quote = 0;

	for (i = 0; i < n; i++, c++) {
		if (p[i] == '\n') {
			l++;
			c = -1;
			if (quote == '#')
				quote = 0;
			continue;
		}
		if (quote == '"' && p[i] == '\\' && i + 1 < n) {
			i++;
			c++;
		} else if (quote != 0) {
			if (p[i] == quote && quote != '#')
				quote = 0;
		} else if (p[i] == '"' || p[i] == '\'')
			quote = p[i];
		else if (p[i] == '#' && (i == 0 || p[i - 1] == ' ' ||
		    p[i - 1] == '\t' || p[i - 1] == '\n'))
			quote = '#';
		else if (p[i] == '[' || p[i] == '{') {
			if (++depth > YL_MAX_FLOW) {
				*line = l;
				*col = c + 1;
				return (1);
			}
		} else if ((p[i] == ']' || p[i] == '}') && depth > 0)
			depth--;
	}
	return (0);
}

/*
 * Parse one YAML document held in memory (len bytes at p, which the caller
 * keeps within YL_FILE_MAX); name is the file named in diagnostics. Syntax
 * errors are diagnostics. yl_load reads files through it.
 */
int
yl_load_mem(const char *name, const void *p, size_t len, yaml_document_t *doc,
    struct diags *d)
{
	yaml_parser_t	 parser;
	yaml_node_t	*root;
	int		 line, col;

	if (flow_too_deep(p, len, &line, &col)) {
		diags_add(d, name, line, col,
		    _("brackets are nested more than %d deep"), YL_MAX_FLOW);
		return (-1);
	}
	if (!yaml_parser_initialize(&parser))
		fatalx("out of memory (YAML parser)");
	yaml_parser_set_input_string(&parser, p, len);
	if (!yaml_parser_load(&parser, doc)) {
		if (parser.problem_mark.line || parser.problem_mark.column)
			diags_add(d, name, (int)parser.problem_mark.line + 1,
			    (int)parser.problem_mark.column + 1,
			    _("YAML syntax error: %s%s%s"),
			    parser.problem != NULL ? parser.problem : "?",
			    parser.context != NULL ? " " : "",
			    parser.context != NULL ? parser.context : "");
		else
			diags_add(d, name, 0, 0, _("YAML syntax error: %s"),
			    parser.problem != NULL ? parser.problem : "?");
		yaml_parser_delete(&parser);
		return (-1);
	}
	yaml_parser_delete(&parser);
	root = yaml_document_get_root_node(doc);
	if (root == NULL) {
		diags_add(d, name, 0, 0, _("the file is empty"));
		yaml_document_delete(doc);
		return (-1);
	}
	return (0);
}

/*
 * Read and parse one YAML file into a document; syntax errors are diagnostics.
 */
int
yl_load(const char *path, yaml_document_t *doc, struct diags *d)
{
	struct stat	 sb;
	FILE		*f;
	char		*text;
	size_t		 len;
	int		 rc;

	if ((f = fopen(path, "rb")) == NULL) {
		diags_add(d, path, 0, 0, _("cannot read the file: %s"),
		    strerror(errno));
		return (-1);
	}
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size > YL_FILE_MAX) {
		diags_add(d, path, 0, 0,
		    _("not a regular file of at most %ld bytes"), YL_FILE_MAX);
		fclose(f);
		return (-1);
	}
	text = xmalloc((size_t)sb.st_size + 1);
	len = fread(text, 1, (size_t)sb.st_size, f);
	if (ferror(f)) {
		diags_add(d, path, 0, 0, _("cannot read the file: %s"),
		    strerror(errno));
		free(text);
		fclose(f);
		return (-1);
	}
	fclose(f);
	rc = yl_load_mem(path, text, len, doc, d);
	free(text);
	return (rc);
}

/* The value of a key in a mapping (the first if it is twice), or NULL. */
yaml_node_t *
yl_get(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
	yaml_node_t		*k;
	yaml_node_pair_t	*p;

	if (map == NULL || map->type != YAML_MAPPING_NODE)
		return (NULL);
	for (p = map->data.mapping.pairs.start;
	    p < map->data.mapping.pairs.top; p++) {
		k = yaml_document_get_node(doc, p->key);
		if (k != NULL && k->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)k->data.scalar.value, key) == 0)
			return (yaml_document_get_node(doc, p->value));
	}
	return (NULL);
}

/*
 * Whether a document's root mapping holds the key (to tell lists from forms).
 */
int
yl_has_key(yaml_document_t *doc, const char *key)
{
	return (yl_get(doc, yaml_document_get_root_node(doc), key) != NULL);
}

/*
 * Call fn for each id of "an id or a list of ids" (as yl_ids reads them),
 * with the node it is written at, so that later checks can say where.
 * Nodes that are not valid ids were reported by yl_ids and are skipped.
 */
void
yl_each_id(struct ylctx *c, yaml_node_t *n,
    void (*fn)(struct ylctx *, yaml_node_t *, const char *, void *),
    void *arg)
{
	yaml_node_item_t	*it;
	yaml_node_t		*e;

	if (n == NULL)
		return;
	if (n->type == YAML_SCALAR_NODE) {
		if (id_valid((const char *)n->data.scalar.value))
			fn(c, n, (const char *)n->data.scalar.value, arg);
		return;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return;
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		if ((e = yl_node(c, *it)) == NULL)
			return;
		if (e->type == YAML_SCALAR_NODE &&
		    id_valid((const char *)e->data.scalar.value))
			fn(c, e, (const char *)e->data.scalar.value, arg);
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* The *.yaml files of a directory, sorted; NULL if it cannot be read. */
char **
yl_dir_files(const char *dir, size_t *n, struct diags *d, int quiet)
{
	DIR		*dp;
	struct dirent	*de;
	char		**v = NULL;
	size_t		 len, cap = 0;

	*n = 0;
	if ((dp = opendir(dir)) == NULL) {
		if (!quiet)
			diags_add(d, dir, 0, 0, _("cannot read the directory: %s"),
			    strerror(errno));
		return (NULL);
	}
	while ((de = readdir(dp)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 6 ||
		    strcmp(de->d_name + len - 5, ".yaml") != 0)
			continue;
		XGROW(v, *n, cap);
		v[(*n)++] = xsprintf("%s/%s", dir, de->d_name);
	}
	closedir(dp);
	if (*n > 0)
		qsort(v, *n, sizeof *v, cmp_str);
	return (v);
}

void
strv_free(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

