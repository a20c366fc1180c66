/* cmd.h: the subcommands (a table, as tmux has) and the set-up they share. */

#ifndef CMD_H
#define CMD_H

#include "amparo.h"

/* Options every subcommand understands the same way. */
struct cmd_opts {
	const char	*dir;
	const char	*user;
	const char	*pwfile;
	enum kdf_level	 kdf;
};

struct cmd_entry {
	const char	*name;
	const char	*usage;		/* after "amparo " */
	const char	*summary;	/* one line, translated at display */
	const char	*help;		/* the options, one per line */
	int		 (*exec)(int, char **);
};

/* cmd.c */
extern const struct cmd_entry	cmd_table[];
extern const size_t		cmd_count;
const struct cmd_entry *cmd_find(const char *);
int	 cmd_usage_error(const char *, const char *, ...) AMP_PRINTF(2, 3);
int	 cmd_bad_option(const char *, int, char **);
int	 cmd_help(int, char **);
void	 cmd_print_version(void);

/* cmd-common.c */
enum {
	OPT_PASSWORD_FILE = 256, OPT_KDF, OPT_ADMIN, OPT_PEOPLE, OPT_SEED,
	OPT_NO_CONSOLE, OPT_FORM, OPT_SET, OPT_FORMAT, OPT_VERSION_OF,
	OPT_LANG, OPT_BASE,
	OPT_PUBKEY, OPT_CHECKPOINT, OPT_ACCOUNT, OPT_RECORD, OPT_ACTION,
	OPT_SINCE, OPT_UNTIL,
	OPT_NEW_PASSWORD, OPT_ROLE, OPT_TEAM, OPT_QUEUE, OPT_PSEUDONYMOUS,
	OPT_TO,
	OPT_BATCH,
	OPT_SERVICE, OPT_CATEGORY, OPT_CSV, OPT_LINK
};
int	 cmd_common_opt(int, const char *, struct cmd_opts *, const char *);
int	 cmd_parse_u64(const char *, uint64_t, uint64_t *);
const char *cmd_store_dir(const struct cmd_opts *);
const char *cmd_user(const struct cmd_opts *);
int	 cmd_load_forms(struct formset **);
int	 cmd_login(struct cmd_opts *, const struct formset *,
	    struct store **, struct session **);
int	 cmd_fail(const struct amp_err *);
void	 cmd_csv_field(const char *, const char *);
int	 cmd_read_file(const char *, size_t, char **, size_t *,
	    struct amp_err *);
int	 cmd_write_out(const char *, const char *, struct amp_err *);
int	 cmd_record_arg(const char *, const char *, const char *, uint64_t *);

/* cmd-case.c, cmd-case-flow.c */
int	 cmd_apply_set(const struct form *, struct rmap *, const char *,
	    struct amp_err *);
int	 cmd_report_invalid(const struct verrs *, const struct amp_err *);
int	 cmd_sets_asked(const struct form *, const struct rmap *, char **,
	    size_t, struct amp_err *);
void	 cmd_show_workflow(struct session *, const struct record *, int, int);
void	 cmd_show_household(struct session *, const struct record *, int);
int	 cmd_case_transition(struct session *, const char *, const char *,
	    char **, size_t);

/* cmd-referral.c, cmd-case-queue.c: inboxes, outboxes and work queues. */
void	 cmd_print_rows(const struct referral_row *, size_t);
int	 cmd_case_queue(struct session *, int, char **);

/* cmd-*.c */
int	 cmd_console(int, char **);
int	 cmd_init(int, char **);
int	 cmd_demo(int, char **);
int	 cmd_case(int, char **);
int	 cmd_forms(int, char **);
int	 cmd_bench(int, char **);
int	 cmd_user_main(int, char **);
int	 cmd_export(int, char **);
int	 cmd_referral(int, char **);
int	 cmd_report(int, char **);
int	 cmd_audit(int, char **);
int	 cmd_key(int, char **);
int	 cmd_document(int, char **);
int	 cmd_renewal(int, char **);
int	 cmd_card(int, char **);
int	 cmd_services(int, char **);

#endif /* CMD_H */
