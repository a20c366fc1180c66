/* cmd-case-queue.c: amparo case queue [WORKFLOW [STATE]]: the work queues of the cases an official sees, from scripts. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"

/*
 * Without a state, one line a queue: the workflow, the state, how many
 * records are in it and how many of those are overdue. With one, the
 * queue's records as referral inbox prints them, longest in the state
 * first.
 */
int
cmd_case_queue(struct session *s, int argc, char **argv)
{
	struct queue_count	*q;
	struct referral_row	*v;
	struct amp_err		 err;
	size_t			 n, i;
	int			 more;

	err_clear(&err);
	if (argc == 2) {
		if (queue_list(s, argv[0], argv[1], &v, &n, &more, &err) !=
		    AMP_OK)
			return (cmd_fail(&err));
		cmd_print_rows(v, n);
		referral_rows_free(v, n);
		if (more)
			warnx_amp(_("the queue holds more records than it lists: these are the oldest"));
		return (AMP_OK);
	}
	if (queue_counts(s, argc == 1 ? argv[0] : NULL, &q, &n, &err) !=
	    AMP_OK)
		return (cmd_fail(&err));
	for (i = 0; i < n; i++)
		printf("%s\t%s\t%zu%s\t%zu\n", q[i].w->id, q[i].state, q[i].n,
		    q[i].more ? "+" : "", q[i].overdue);
	free(q);
	return (AMP_OK);
}
