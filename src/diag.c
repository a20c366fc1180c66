/* diag.c: file:line:column diagnostics, collected so every problem is reported at once. */

#include "config.h"

#include <stdlib.h>

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
	va_start(ap, fmt);
	g->msg = xvsprintf(fmt, ap);
	va_end(ap);
}

void
diags_print(const struct diags *d, FILE *f)
{
	size_t	i;

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
