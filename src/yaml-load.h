/* yaml-load.h: reading YAML files into documents and walking them, every problem a diagnostic. */

#ifndef YAML_LOAD_H
#define YAML_LOAD_H

#include <yaml.h>

#include "amparo.h"

#define YL_FILE_MAX	((long)8 << 20)	/* no form file is this big */
#define YL_MAX_VISITS	200000		/* nodes seen again, by aliases */
#define YL_MAX_DEPTH	32
#define YL_MAX_FLOW	128		/* [ and { nested in the text */
#define YL_MAX_ERRORS	100		/* reported a file; the rest counted */

struct ylctx {
	const char	*file;
	yaml_document_t	*doc;
	struct diags	*d;
	size_t		 visits;
	int		 aborted;	/* too many nodes: stop walking */
	int		 depth;
	size_t		 errors;
};

/* One keyword of an object: its name, its parser, whether it must be there. */
struct ykw {
	const char	*name;
	void		 (*parse)(struct ylctx *, yaml_node_t *, void *);
	int		 required;
};

/* The name closest to a mistyped one, for "did you mean" hints. */
struct yl_guess {
	const char	*typed;
	const char	*best;
	size_t		 bestd;
};
#define YL_HINT_MAX	(ID_MAX + 64)

/* The ids seen so far in a list of objects (a hash table), for duplicates. */
struct yl_seen {
	const char	**id;		/* not owned */
	size_t		 *at;		/* where each was first */
	size_t		  n, cap;	/* cap: 0 or a power of two */
};

/* yaml-load.c */
void		 yl_err(struct ylctx *, yaml_node_t *, const char *, ...)
		     AMP_PRINTF(3, 4);
void		 yl_err_at(struct ylctx *, int, int, const char *, ...)
		     AMP_PRINTF(4, 5);
yaml_node_t	*yl_node(struct ylctx *, int);
const char	*yl_kind(yaml_node_t *);
const char	*yl_scalar(struct ylctx *, yaml_node_t *, const char *);
int		 yl_seen_add(struct yl_seen *, const char *, size_t, size_t *);
int		 yl_seen_find(const struct yl_seen *, const char *, size_t *);
void		 yl_seen_free(struct yl_seen *);
void		 yl_walk(struct ylctx *, yaml_node_t *, const struct ykw *,
		     size_t, void *, const char *);
char		*yl_id(struct ylctx *, yaml_node_t *, const char *);
size_t		 yl_ids(struct ylctx *, yaml_node_t *, const char *, char ***);
int		 yl_bool(struct ylctx *, yaml_node_t *, const char *, int *);
int		 yl_ll(struct ylctx *, yaml_node_t *, const char *, long long,
		     long long, long long *);
int		 yl_double(struct ylctx *, yaml_node_t *, const char *,
		     double *);
void		 yl_i18n(struct ylctx *, yaml_node_t *, struct i18n *,
		     const char *);
int		 yl_load(const char *, yaml_document_t *, struct diags *);
int		 yl_load_mem(const char *, const void *, size_t,
		     yaml_document_t *, struct diags *);
void		 yl_guess_init(struct yl_guess *, const char *);
void		 yl_guess_try(struct yl_guess *, const char *);
const char	*yl_guess_hint(const struct yl_guess *, char *, size_t);
int		 yl_has_key(yaml_document_t *, const char *);
yaml_node_t	*yl_get(yaml_document_t *, yaml_node_t *, const char *);
void		 yl_each_id(struct ylctx *, yaml_node_t *,
		     void (*)(struct ylctx *, yaml_node_t *, const char *,
		     void *), void *);
char		**yl_dir_files(const char *, size_t *, struct diags *, int);
void		 fexpr_parse(struct ylctx *, yaml_node_t *, struct fexpr *,
		     const char *);

/* policy-load.c */
struct policy	*policy_parse(struct ylctx *, yaml_node_t *);

/* services-load.c */
void		 services_parse(struct ylctx *, yaml_node_t *,
		     struct formset *);

/* workflow-load.c */
struct workflow	*workflow_parse(struct ylctx *, yaml_node_t *);

#endif /* YAML_LOAD_H */
