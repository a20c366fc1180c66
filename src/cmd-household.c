/* cmd-household.c: what case show says of a case's household: the principal applicant and each dependant, with number, relation and state. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cmd.h"

void
cmd_show_household(struct session *s, const struct record *r, int text)
{
	struct household_row	*v;
	struct amp_err		 err;
	size_t			 n, i;

	err_clear(&err);
	if (household_list(s, r, &v, &n, &err) != AMP_OK) {
		warnx_amp("%s", err.msg);
		return;
	}
	if (n > 0 && text)
		printf("%s\n", _("Household:"));
	for (i = 0; i < n; i++) {
		if (!text)	/* for scripts: not translated */
			printf("# household %s %s%s%s\n", v[i].number,
			    v[i].principal ? "principal" : "dependant",
			    v[i].principal ? "" : " ", v[i].relation_value);
		else
			printf("  %s%s %-14s %s  %s%s%s\n",
			    v[i].id == r->id ? "*" : " ", v[i].number,
			    v[i].principal ? _("principal") : v[i].relation,
			    v[i].summary, v[i].state,
			    v[i].id == r->id ? "  " : "",
			    v[i].id == r->id ? _("(this case)") : "");
	}
	household_rows_free(v, n);
}
