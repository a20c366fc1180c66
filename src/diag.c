/* diag.c: file:line:column diagnostics, collected so every problem is reported at once. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "amparo.h"

void
diags_add(struct diags *d, const char *file, int line, int col,
    const char *fmt, ...)
{
	struct diag	*g;
	va_list		 ap;

	XGROW(d->v, d->n, d->cap);
	g = &d->v[d->n++];
	g->file = xstrdup(file != NULL ? file : "-");
	g->line = line;
	g->col = col;
	g->seq = d->n - 1;
	va_start(ap, fmt);
	g->msg = xvsprintf(fmt, ap);
	va_end(ap);
}

static int
diag_cmp(const void *a, const void *b)
{
	const struct diag	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->file, y->file)) != 0)
		return (c);
	if (x->line != y->line)
		return (x->line < y->line ? -1 : 1);
	if (x->col != y->col)
		return (x->col < y->col ? -1 : 1);
	return (x->seq < y->seq ? -1 : x->seq > y->seq);
}

/* Print in file and line order (problems are found in another order). */
void
diags_print(struct diags *d, FILE *f)
{
	size_t	i;

	if (d->n > 1)
		qsort(d->v, d->n, sizeof *d->v, diag_cmp);
	for (i = 0; i < d->n; i++) {
		if (d->v[i].line > 0)
			fprintf(f, "%s:%d:%d: %s\n", d->v[i].file, d->v[i].line,
			    d->v[i].col, d->v[i].msg);
		else
			fprintf(f, "%s: %s\n", d->v[i].file, d->v[i].msg);
	}
}

void
diags_free(struct diags *d)
{
	size_t	i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}
