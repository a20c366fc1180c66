/* tui.h: the console: screens, key actions and drawing helpers, over the services in amparo.h. */

#ifndef TUI_H
#define TUI_H

#include <time.h>
#include <wchar.h>

#include "amparo.h"

struct tui_opts {
	const char		*dir;
	const struct formset	*forms;
	const char		*user;
};

/* tui.c */
int	 tui_run(const struct tui_opts *, struct amp_err *);

/* A key as read: a character, or an ncurses KEY_ code when fn is set. */
struct tkey {
	int	fn;
	wint_t	ch;
};

/* Where a key is pressed; one bit each so a binding can serve several. */
enum tctx {
	CTX_LOGIN = 0x01, CTX_LIST = 0x02, CTX_VIEW = 0x04, CTX_FORM = 0x08,
	CTX_CHOICE = 0x10, CTX_DRAFTS = 0x20, CTX_HELP = 0x40, CTX_TEXT = 0x80,
	CTX_LOCK = 0x100, CTX_QUEUE = 0x200, CTX_REPORT = 0x400,
	CTX_RENEWALS = 0x800, CTX_ROSTER = 0x1000, CTX_SERVICES = 0x2000,
	CTX_CARD = 0x4000, CTX_SCAN = 0x8000,
	CTX_ALL = 0xffff
};

enum action {
	ACT_NONE, ACT_HELP, ACT_LANG, ACT_REDRAW, ACT_QUIT, ACT_BACK,
	ACT_ENTER, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_NEXT_FIELD,
	ACT_PREV_FIELD, ACT_NEXT_SECTION, ACT_PREV_SECTION, ACT_SAVE, ACT_NEW,
	ACT_EDIT, ACT_ADD_ITEM, ACT_REMOVE_ITEM, ACT_DRAFTS, ACT_DISCARD,
	ACT_CHOOSE, ACT_LEFT, ACT_RIGHT, ACT_HOME, ACT_END, ACT_BACKSPACE,
	ACT_DELETE, ACT_CLEAR, ACT_HISTORY, ACT_NEXT_STEP, ACT_HIDE,
	ACT_QUEUES, ACT_REFER, ACT_REFRESH, ACT_SERVICES, ACT_REPORTS,
	ACT_RENEWALS, ACT_TOGGLE, ACT_RENEWED, ACT_MISSING,
	ACT_REFERRED, ACT_ABSENT, ACT_CLOSE_SESSION, ACT_OPEN_SESSION,
	ACT_LINK, ACT_HOUSEHOLD, ACT_NEW_OTHER,
	ACT_CARD, ACT_SCAN, ACT_EXPORT, ACT_ISSUE, ACT_CHECK,
	ACT__COUNT
};

/* One binding of a key to an action, in the given contexts. */
struct key_binding {
	enum action	 act;
	unsigned	 ctx;
	int		 fn;
	wint_t		 ch;
	const char	*name;		/* as shown: "^S", "Tab", "PgDn" */
};

/* What an action is called on the key line and in the help screen. */
struct action_info {
	const char	*label;		/* short, for the key line */
	const char	*help;		/* a sentence, for help */
	unsigned	 line;		/* contexts whose key line shows it */
};

/* tui-keys.c */
extern const struct key_binding	key_table[];
extern const size_t		key_table_count;
extern const struct action_info	action_table[ACT__COUNT];
enum action	 key_action(unsigned, const struct tkey *);
size_t		 key_names(enum action, unsigned, char *, size_t);
const char	*action_label(enum action, unsigned);

struct tui;

/* A screen: what it draws, how it takes keys, what it saves on a hang-up. */
struct screen_ops {
	const char	*name;
	unsigned	 ctx;
	int		 overlay;	/* drawn over the screen below it */
	void		 (*draw)(struct tui *, void *);
	void		 (*key)(struct tui *, void *, enum action,
			    const struct tkey *);
	void		 (*hangup)(struct tui *, void *);
	/* Called when the screen is on top again, and to re-read the store. */
	void		 (*resume)(struct tui *, void *);
	int		 watch;		/* re-read when others save (tui.c) */
	void		 (*free)(void *);
};

struct screen {
	const struct screen_ops	*ops;
	void			*data;
};

#define TUI_STACK_MAX	10	/* the deepest stack, a lock and its help */
#define TUI_MSG_MAX	512

/* A question on the message line answered by one key. */
struct tui_prompt {
	char	*text;
	char	*keys;		/* accepted keys, e.g. "yns" */
	void	 (*answer)(struct tui *, void *, int);
	void	*arg;
};

struct tui {
	const struct tui_opts	*opts;
	struct store		*store;
	struct session		*sess;
	struct screen		 stack[TUI_STACK_MAX];
	int			 depth;
	char			 msg[TUI_MSG_MAX];
	int			 msg_error;
	struct tui_prompt	 prompt;
	int			 blank;		/* hidden: draw nothing */
	struct timespec		 idle_since;	/* the last key was handled */
	int			 key_handled;	/* a key since idle_since */
	int			 ascii;		/* no UTF-8: transliterate */
	int			 plain_rules;	/* draw rules with '-' */
	int			 color;
	int			 cur_y, cur_x, cur_on;
	uint64_t		 seen_txn;	/* the store when last read */
	uint64_t		 seen_versions;	/* store_versions then */
	int			 done;
	int			 rc;
	struct amp_err		 err;		/* why it stopped (tui_stop) */
};

/* tui.c */
void	 tui_push(struct tui *, const struct screen_ops *, void *);
void	 tui_pop(struct tui *);
void	 tui_drop(struct tui *);
void	 tui_replace(struct tui *, const struct screen_ops *, void *);
void	 tui_message(struct tui *, int, const char *, ...) AMP_PRINTF(3, 4);
void	 tui_prompt(struct tui *, const char *, const char *,
	    void (*)(struct tui *, void *, int), void *);
void	 tui_ask_yes_no(struct tui *, const char *,
	    void (*)(struct tui *, void *, int), void *);
int	 tui_yes(int);
void	 tui_busy(struct tui *, const char *);
void	 tui_cursor(struct tui *, int, int);
int	 tui_top_is(struct tui *, const struct screen_ops *);
unsigned tui_ctx(struct tui *);
int	 tui_move_cursor(enum action, size_t *, size_t, size_t);
void	 tui_stop(struct tui *, const struct amp_err *);

/* tui-draw.c */
#define ATTR_TITLE	1
#define ATTR_ERROR	2
#define ATTR_SELECT	3
#define ATTR_DIM	4
#define ATTR_CODE	5	/* a QR code: black on white */
#define ATTR_GOOD	6	/* a good answer: green */
void	 draw_init(struct tui *);
int	 draw_text(struct tui *, int, int, int, const char *, int);
void	 draw_rule(struct tui *, int, const char *);
void	 draw_box(struct tui *, int, int, int, int, const char *);
void	 draw_header(struct tui *, const char *);
void	 draw_status(struct tui *, unsigned);
void	 draw_too_small(struct tui *);
int	 draw_wrap(const char *, int, char **, int);
int	 draw_attr(struct tui *, int);

/* tui-edit.c: a one-line text editor. */
struct ledit {
	char	*buf;
	size_t	 len, cap;
	size_t	 cur;		/* byte offset of the cursor */
	size_t	 maxchars;
	int	 secret;
	int	 changed;
};
void	 ledit_set(struct ledit *, const char *);
void	 ledit_free(struct ledit *);
int	 ledit_key(struct ledit *, enum action, const struct tkey *);
int	 ledit_draw(struct tui *, struct ledit *, int, int, int, int);

/* Screens. */
extern const struct screen_ops	login_screen, list_screen, view_screen,
				form_screen, choice_screen, drafts_screen,
				help_screen, text_screen, lock_screen,
				services_screen;
extern const struct screen_ops	queue_screen, queue_list_screen;
extern const struct screen_ops	reports_screen;

/* tui-card.c, tui-scan.c: a document's card and its QR code; checking one. */
extern const struct screen_ops	card_screen, scan_screen;
void	 card_start(struct tui *, const struct record *);
void	 scan_open(struct tui *);

/* tui-renewal.c: the renewals screen and a renewal session's roster. */
extern const struct screen_ops	renewals_screen, roster_screen;
void	 renewals_open(struct tui *);
void	 roster_open(struct tui *, uint64_t);

/* tui-login.c */
void	*login_new(struct tui *);

/* tui-list.c */
void	*list_new(struct tui *);

/* tui-report.c */
void	 reports_open(struct tui *);

/* tui-view.c */
void	 view_open(struct tui *, uint64_t);

/* tui-services.c */
void	 services_open(struct tui *, uint64_t, int64_t, int);

/* tui-form.c */
int	 form_open_new(struct tui *, const char *);
int	 form_open_case(struct tui *, uint64_t);
int	 form_open_draft(struct tui *, const char *);
int	 form_open_transition(struct tui *, uint64_t, const char *);
int	 form_open_referral(struct tui *, uint64_t, const char *,
	    const char *, const char *);
int	 form_open_linked(struct tui *, uint64_t, const char *);

/* tui-choice.c: what to choose for, and what to do with the answer. */
struct choice_req {
	const char		*current;	/* the answer now, or NULL */
	const char		*typed;		/* the filter to start with */
	const struct rmap	*data;		/* the record, for filters */
	const struct rmap	*item;		/* the repeat entry, or NULL */
	void			 (*done)(struct tui *, void *, const char *);
	void			*arg;
};
void	 choice_open(struct tui *, const struct field *,
	    const struct choice_req *);

/* A list made on the spot to choose from, kept until the chooser answers. */
struct pick {
	uint64_t		 id;		/* the record it is about */
	struct field		 ask;
	struct choice_list	*list;
	struct rmap		 none;		/* no record filters it */
};
struct pick	*pick_new(uint64_t, const char *);
void		 pick_free(struct pick *);
struct choice	*pick_add(struct pick *, const char *);
void		 pick_open(struct tui *, struct pick *,
		     void (*)(struct tui *, void *, const char *));

/* tui-text.c: editing a multi-line text in a box. */
void	 textarea_open(struct tui *, const char *, const char *, size_t,
	    void (*)(struct tui *, void *, const char *), void *);

/* tui-queue.c, tui-queue-list.c: the work queues, and one queue's records. */
enum { QUEUE_STATE, QUEUE_INBOX, QUEUE_OUTBOX };
void	 queue_open(struct tui *);
void	 queue_list_open(struct tui *, int, const struct workflow *,
	    const char *);
void	 queue_age(int64_t, char *, size_t);

/* tui-refer.c: sending a referral of the case on view. */
void	 refer_start(struct tui *, uint64_t);

/* tui-link.c: records linked to the case on view; its household. */
void	 new_start(struct tui *);
void	 link_start(struct tui *, uint64_t);
void	 household_start(struct tui *, const struct record *);

/* tui-drafts.c */
int	 drafts_open(struct tui *, int);

/* tui-help.c */
void	 help_open(struct tui *, unsigned);

/* tui-lock.c: the locked console, after an idle time or the hide key. */
int	 lock_active(struct tui *);
void	 lock_idle(struct tui *);
void	 lock_hide(struct tui *);
void	 lock_wake(struct tui *);

#endif /* TUI_H */
