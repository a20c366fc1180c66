/* report.c: the reports: counts of the cases an official may see, by form and by workflow state. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "amparo.h"

const struct report_info report_table[] = {
	{ "cases_by_form", N_("cases by form") },
	{ "cases_by_state", N_("cases by form and workflow state") },
};
const size_t report_count = nitems(report_table);

const struct report_info *
report_find(const char *id)
{
	size_t	i;

	for (i = 0; id != NULL && i < report_count; i++) {
		if (strcmp(report_table[i].id, id) == 0)
			return (&report_table[i]);
	}
	return (NULL);
}

struct report_ctx {
	int		 by_state;
	struct report	*out;
};

static int
report_add(struct session *s, const struct record *r, void *arg)
{
	struct report_ctx	*c = arg;
	struct report		*rep = c->out;
	const char		*state = c->by_state && r->state != NULL ?
				    r->state : "";
	size_t			 i;

	(void)s;
	for (i = 0; i < rep->n; i++) {
		if (strcmp(rep->rows[i].form, r->form) == 0 &&
		    strcmp(rep->rows[i].state, state) == 0) {
			rep->rows[i].count++;
			return (AMP_OK);
		}
	}
	rep->rows = xreallocarray(rep->rows, rep->n + 1, sizeof *rep->rows);
	rep->rows[rep->n].form = xstrdup(r->form);
	rep->rows[rep->n].state = xstrdup(state);
	rep->rows[rep->n++].count = 1;
	return (AMP_OK);
}

static int
row_cmp(const void *a, const void *b)
{
	const struct report_row	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->form, y->form)) != 0)
		return (c);
	return (strcmp(x->state, y->state));
}

/*
 * Run a report the role may run, over the cases the official sees; the
 * run is audited before anything is counted.
 */
int
report_run(struct session *s, const char *id, struct report *out,
    struct amp_err *err)
{
	struct report_ctx	c;
	int			rc;

	memset(out, 0, sizeof *out);
	if (report_find(id) == NULL)
		return (err_set(err, AMP_EUSAGE,
		    _("running the report failed: there is no report \"%s\""),
		    id));
	if (!role_has_report(s->rp, id))
		return (err_set(err, AMP_EPERM,
		    _("not allowed: the role \"%s\" may not run the report \"%s\""),
		    s->role, id));
	if ((rc = session_note(s, "report", 0, id, err)) != AMP_OK)
		return (rc);
	c.by_state = strcmp(id, "cases_by_state") == 0;
	c.out = out;
	if ((rc = case_each_visible(s, NULL, PF_VIEW, report_add, &c, err)) !=
	    AMP_OK) {
		report_free(out);
		return (rc);
	}
	qsort(out->rows, out->n, sizeof *out->rows, row_cmp);
	return (AMP_OK);
}

void
report_free(struct report *r)
{
	size_t	i;

	for (i = 0; i < r->n; i++) {
		free(r->rows[i].form);
		free(r->rows[i].state);
	}
	free(r->rows);
	memset(r, 0, sizeof *r);
}
