/* tui.c: the console's main loop: terminal set-up, keys, resize, hang-up, and the screen stack. */

#include "config.h"

#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "tui.h"

#define TUI_ESCDELAY	150	/* ms to tell Esc from a key's sequence */
#define TUI_WATCH_MS	2000	/* how often a watching screen looks */

static volatile sig_atomic_t	tui_signalled;	/* SIGHUP or SIGTERM */
static int			tui_curses_on;

static void
tui_on_signal(int sig)
{
	tui_signalled = sig;
}

/*
 * Before a fatal message: give the terminal back, so the message is readable.
 */
static void
tui_fatal_cleanup(void)
{
	if (tui_curses_on) {
		endwin();
		tui_curses_on = 0;
	}
}

void
tui_push(struct tui *t, const struct screen_ops *ops, void *data)
{
	if (t->depth >= TUI_STACK_MAX)
		fatalx("too many screens open");
	t->stack[t->depth].ops = ops;
	t->stack[t->depth].data = data;
	t->depth++;
}

/*
 * Take the top screen away without resuming the one below, which never lost
 * its place (a lock screen over it).
 */
void
tui_drop(struct tui *t)
{
	struct screen	*s;

	if (t->depth == 0)
		return;
	s = &t->stack[--t->depth];
	if (s->ops->free != NULL)
		s->ops->free(s->data);
	memset(s, 0, sizeof *s);
}

void
tui_pop(struct tui *t)
{
	struct screen	*s;

	tui_drop(t);
	if (t->depth == 0)
		return;
	s = &t->stack[t->depth - 1];
	if (s->ops->resume != NULL)
		s->ops->resume(t, s->data);
}

/* Put a screen in the place of the top one (the one below is not resumed). */
void
tui_replace(struct tui *t, const struct screen_ops *ops, void *data)
{
	struct screen	*s;

	if (t->depth == 0) {
		tui_push(t, ops, data);
		return;
	}
	s = &t->stack[t->depth - 1];
	if (s->ops->free != NULL)
		s->ops->free(s->data);
	s->ops = ops;
	s->data = data;
}

int
tui_top_is(struct tui *t, const struct screen_ops *ops)
{
	return (t->depth > 0 && t->stack[t->depth - 1].ops == ops);
}

unsigned
tui_ctx(struct tui *t)
{
	return (t->depth > 0 ? t->stack[t->depth - 1].ops->ctx : CTX_LOGIN);
}

/*
 * Move a list's selection for Up, Down, PgUp and PgDn among n lines, a page
 * being page lines. Returns 1 if the key was one of those.
 */
int
tui_move_cursor(enum action act, size_t *sel, size_t n, size_t page)
{
	switch (act) {
	case ACT_UP:
		if (*sel > 0)
			(*sel)--;
		return (1);
	case ACT_DOWN:
		if (*sel + 1 < n)
			(*sel)++;
		return (1);
	case ACT_PGUP:
		*sel = *sel > page ? *sel - page : 0;
		return (1);
	case ACT_PGDN:
		if (n > 0)
			*sel = *sel + page < n ? *sel + page : n - 1;
		return (1);
	default:
		return (0);
	}
}

void
tui_message(struct tui *t, int error, const char *fmt, ...)
{
	va_list	ap;

	t->msg_error = error;
	if (fmt == NULL) {
		t->msg[0] = '\0';
		return;
	}
	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof t->msg, fmt, ap);
	va_end(ap);
}

/*
 * Ask a question answered by one of keys; answer gets the key, or 0 if
 * cancelled.
 */
void
tui_prompt(struct tui *t, const char *text, const char *keys,
    void (*answer)(struct tui *, void *, int), void *arg)
{
	free(t->prompt.text);
	free(t->prompt.keys);
	t->prompt.text = xstrdup(text);
	t->prompt.keys = xstrdup(keys);
	t->prompt.answer = answer;
	t->prompt.arg = arg;
}

/*
 * A yes/no question: y, or s (sí), is yes, n is no; answer tells them
 * apart with tui_yes.
 */
void
tui_ask_yes_no(struct tui *t, const char *text,
    void (*answer)(struct tui *, void *, int), void *arg)
{
	tui_prompt(t, text, "yns", answer, arg);
}

/* Whether the key answering tui_ask_yes_no said yes. */
int
tui_yes(int key)
{
	return (key == 'y' || key == 's');
}

static void
tui_prompt_clear(struct tui *t)
{
	free(t->prompt.text);
	free(t->prompt.keys);
	memset(&t->prompt, 0, sizeof t->prompt);
}

/* Show a message at once, before slow work (a login's key derivation). */
void
tui_busy(struct tui *t, const char *text)
{
	move(LINES - 2, 0);
	clrtoeol();
	draw_text(t, LINES - 2, 0, COLS, text, A_BOLD);
	refresh();
}

void
tui_cursor(struct tui *t, int y, int x)
{
	t->cur_y = y;
	t->cur_x = x;
	t->cur_on = 1;
}

/*
 * Draw the screen into ncurses' buffer and send only what changed: the
 * whole screen is drawn every time, and ncurses compares it with what the
 * terminal shows, so a typed character costs a byte or two.
 */
static void
tui_draw(struct tui *t)
{
	int	i, base;

	erase();
	t->cur_on = 0;
	if (t->blank) {
		/* Hidden: an empty screen, and not even the cursor moves. */
		curs_set(0);
		move(0, 0);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	if (LINES < 24 || COLS < 80) {
		draw_too_small(t);
	} else {
		base = t->depth - 1;
		while (base > 0 && t->stack[base].ops->overlay)
			base--;
		for (i = base; i < t->depth; i++)
			t->stack[i].ops->draw(t, t->stack[i].data);
		draw_status(t, tui_ctx(t));
	}
	if (t->cur_on && t->prompt.text == NULL) {
		curs_set(1);
		move(t->cur_y, t->cur_x);
	} else {
		curs_set(0);
		move(LINES - 1, COLS - 1);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

enum { KEY_GOT, KEY_HANGUP, KEY_IDLE, KEY_REREAD };

/* Remember the store's last commit, as the screens now show it. */
static void
tui_note_txn(struct tui *t)
{
	struct amp_err	err;

	err_clear(&err);
	if (t->sess != NULL && (store_last_txn(t->store, &t->seen_txn,
	    &err) != AMP_OK || store_versions(t->store, &t->seen_versions,
	    &err) != AMP_OK))
		log_debug("%s: %s", __func__, err.msg);
}

/* Read the store again for the top screen (F5, ^L, or others' saves). */
static void
tui_reread(struct tui *t)
{
	struct screen	*top;

	if (t->depth == 0 || t->sess == NULL)
		return;
	top = &t->stack[t->depth - 1];
	if (top->ops->resume == NULL || !top->ops->watch)
		return;
	tui_note_txn(t);
	top->ops->resume(t, top->data);
}

/*
 * Whether the top screen shows the store's data and wants it kept fresh:
 * not under a question, not locked or hidden.
 */
static int
tui_watching(struct tui *t)
{
	return (t->sess != NULL && t->depth > 0 && !t->blank &&
	    t->prompt.text == NULL && !lock_active(t) &&
	    t->stack[t->depth - 1].ops->watch);
}

/*
 * While idle, whether another session saved a record since the screen was
 * read: a look at the store's last transaction id, without a transaction,
 * then, if it moved, at how many record versions there are. A commit that
 * saved no record (an audit entry: a login, or another screen's view of a
 * confidential case) is not a change, so two screens never wake each other
 * in turn.
 */
static int
tui_store_changed(struct tui *t)
{
	struct amp_err	err;
	uint64_t	id, n;

	err_clear(&err);
	if (store_last_txn(t->store, &id, &err) != AMP_OK ||
	    (id != t->seen_txn && store_versions(t->store, &n, &err) !=
	    AMP_OK)) {
		log_debug("%s: %s", __func__, err.msg);
		return (0);
	}
	if (id == t->seen_txn)
		return (0);
	t->seen_txn = id;
	return (n != t->seen_versions);
}

/* Whether stdin is at end of file or hung up: readable, yet nothing to read. */
static int
tui_input_gone(void)
{
	struct pollfd	pfd = { STDIN_FILENO, POLLIN, 0 };
	int		avail = 0;

	if (poll(&pfd, 1, 0) < 0)
		return (errno != EINTR);
	if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))
		return (1);
	if ((pfd.revents & POLLIN) &&
	    ioctl(STDIN_FILENO, FIONREAD, &avail) == 0 && avail == 0)
		return (1);
	return (0);
}

/*
 * Wait for a key. The process sleeps in poll() while idle, and sends
 * nothing: a screen that watches the store wakes every TUI_WATCH_MS to
 * compare the store's last transaction id, and re-reads (KEY_REREAD) only
 * if a record was saved since; the redraw then sends only what changed. A
 * hang-up, by signal or by end of input, is reported at once so the
 * caller saves and exits instead of spinning on a dead terminal.
 */
/* A key ncurses already has or can read at once, without waiting. */
static int
tui_key_ready(struct tkey *k)
{
	wint_t	wc;
	int	r;

	nodelay(stdscr, TRUE);
	r = get_wch(&wc);
	if (r != OK && r != KEY_CODE_YES)
		return (0);
	k->fn = r == KEY_CODE_YES;
	k->ch = wc;
	return (1);
}

/*
 * The milliseconds left before the idle lock, counted from the end of the
 * last key's work; -1 if the console does not lock (no one logged in, no
 * idle lock, or locked already).
 */
static int
tui_idle_left(struct tui *t)
{
	struct timespec	now;
	long long	ms;

	if (t->sess == NULL || t->sess->idle_lock == 0 || lock_active(t))
		return (-1);
	if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
		fatal("clock_gettime");
	ms = (long long)t->sess->idle_lock * 1000 -
	    ((long long)(now.tv_sec - t->idle_since.tv_sec) * 1000 +
	    (now.tv_nsec - t->idle_since.tv_nsec) / 1000000);
	if (ms <= 0)
		return (0);
	return (ms > INT_MAX ? INT_MAX : (int)ms);
}

/* A key is the official's doing; a resize is not (another client's tmux). */
static int
tui_got(struct tui *t, const struct tkey *k)
{
	if (!(k->fn && k->ch == KEY_RESIZE))
		t->key_handled = 1;
	return (KEY_GOT);
}

static int
tui_getkey(struct tui *t, struct tkey *k)
{
	struct pollfd	pfd;
	int		r, left, wait, watch;

	if (t->key_handled) {
		if (clock_gettime(CLOCK_MONOTONIC, &t->idle_since) != 0)
			fatal("clock_gettime");
		t->key_handled = 0;
	}
	for (;;) {
		if (tui_signalled)
			return (KEY_HANGUP);
		if (tui_key_ready(k))
			return (tui_got(t, k));
		if ((left = tui_idle_left(t)) == 0)
			return (KEY_IDLE);
		wait = left;
		if ((watch = tui_watching(t)) &&
		    (left < 0 || left > TUI_WATCH_MS))
			wait = TUI_WATCH_MS;
		pfd.fd = STDIN_FILENO;
		pfd.events = POLLIN;
		pfd.revents = 0;
		r = poll(&pfd, 1, wait);
		if (r == 0 && watch && tui_store_changed(t)) {
			tui_reread(t);
			return (KEY_REREAD);
		}
		if (r == 0 || (r < 0 && errno == EINTR))
			continue;	/* idle time, a resize, a signal */
		if (r < 0 || (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)))
			return (KEY_HANGUP);
		if (tui_key_ready(k))
			return (tui_got(t, k));
		if (tui_input_gone())
			return (KEY_HANGUP);
	}
}

static void
tui_prompt_key(struct tui *t, const struct tkey *k)
{
	void	(*answer)(struct tui *, void *, int) = t->prompt.answer;
	void	*arg = t->prompt.arg;
	int	 c = 0;

	if (!k->fn && k->ch < 0x80 && k->ch != 0 &&
	    strchr(t->prompt.keys, (int)k->ch) != NULL)
		c = (int)k->ch;
	else if (!k->fn && k->ch >= 'A' && k->ch <= 'Z' &&
	    strchr(t->prompt.keys, (int)k->ch + 32) != NULL)
		c = (int)k->ch + 32;
	else if (!(k->fn == 0 && (k->ch == 0x1b || k->ch == ('x' & 0x1f))))
		return;		/* neither an answer nor a cancel */
	tui_prompt_clear(t);
	answer(t, arg, c);
}

/*
 * Every screen saves what it can: a form keeps the field being typed in its
 * draft.
 */
static void
tui_hangup(struct tui *t)
{
	int	i;

	for (i = t->depth - 1; i >= 0; i--) {
		if (t->stack[i].ops->hangup != NULL)
			t->stack[i].ops->hangup(t, t->stack[i].data);
	}
	log_debug("%s: work kept (signal %d)", __func__, (int)tui_signalled);
}

/*
 * Stop for a reason that is not the official's choice (the account locked
 * meanwhile): every screen keeps its work as on a hang-up, and tui_run
 * returns the error.
 */
void
tui_stop(struct tui *t, const struct amp_err *err)
{
	tui_hangup(t);
	t->err = *err;
	t->rc = err->code != AMP_OK ? err->code : AMP_EFAIL;
	t->done = 1;
}

static int
tui_open_terminal(struct tui *t, struct amp_err *err)
{
	SCREEN		*scr;
	struct sigaction sa;
	const char	*term = getenv("TERM");

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return (err_set(err, AMP_EUSAGE,
		    _("opening the console failed: it needs a terminal (for scripts, see amparo case)")));
	if ((scr = newterm(NULL, stdout, stdin)) == NULL)
		return (err_set(err, AMP_EUSAGE,
		    _("opening the console failed: the terminal type \"%s\" is not known"),
		    term != NULL ? term : ""));
	set_term(scr);
	tui_curses_on = 1;
	log_set_cleanup(tui_fatal_cleanup);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	set_escdelay(TUI_ESCDELAY);
	draw_init(t);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = tui_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	return (AMP_OK);
}

/*
 * Run the console on a store until the official quits or the terminal goes
 * away. Returns AMP_OK, AMP_EHANGUP after a hang-up (drafts saved), or an
 * error that stopped it before the screen opened.
 */
int
tui_run(const struct tui_opts *opts, struct amp_err *err)
{
	struct tui	 t;
	struct tkey	 k;
	enum action	 act;
	struct screen	*top;
	int		 rc;

	memset(&t, 0, sizeof t);
	t.opts = opts;
	if ((rc = store_open(opts->dir, &t.store, err)) != AMP_OK)
		return (rc);
	if ((rc = forms_fit_store(t.store, opts->forms, err)) != AMP_OK ||
	    (rc = tui_open_terminal(&t, err)) != AMP_OK) {
		store_close(t.store);
		return (rc);
	}
	tui_push(&t, &login_screen, login_new(&t));
	t.key_handled = 1;
	while (!t.done) {
		tui_draw(&t);
		switch (tui_getkey(&t, &k)) {
		case KEY_HANGUP:
			tui_hangup(&t);
			t.rc = AMP_EHANGUP;
			t.done = 1;
			continue;
		case KEY_IDLE:
			lock_idle(&t);
			continue;
		case KEY_REREAD:
			continue;
		}
		if (k.fn && k.ch == KEY_RESIZE)
			continue;
		act = key_action(tui_ctx(&t), &k);
		if (act == ACT_HIDE) {
			lock_hide(&t);	/* at once, whatever is on screen */
			continue;
		}
		if (t.blank) {
			lock_wake(&t);	/* the key only shows the lock screen */
			continue;
		}
		if (LINES < 24 || COLS < 80)
			continue;	/* nothing can be seen to act on */
		if (t.prompt.text != NULL) {
			tui_prompt_key(&t, &k);
			continue;
		}
		if (act == ACT_LANG) {
			lang_set(lang_current() == LANG_ES ? LANG_EN : LANG_ES);
			continue;
		}
		if (act == ACT_REDRAW || act == ACT_REFRESH) {
			if (act == ACT_REDRAW)
				clearok(curscr, TRUE);
			tui_reread(&t);
			continue;
		}
		if (act == ACT_HELP && !tui_top_is(&t, &help_screen)) {
			help_open(&t, tui_ctx(&t));
			continue;
		}
		tui_note_txn(&t);	/* what the key's screen reads is new */
		top = &t.stack[t.depth - 1];
		top->ops->key(&t, top->data, act, &k);
	}
	if (t.rc != AMP_EHANGUP) {
		endwin();
		tui_curses_on = 0;
	}
	while (t.depth > 0)
		tui_pop(&t);
	tui_prompt_clear(&t);
	session_free(t.sess);
	store_close(t.store);
	if (t.err.code != AMP_OK)
		*err = t.err;
	if (t.rc == AMP_EHANGUP && tui_signalled == SIGTERM) {
		endwin();
		tui_curses_on = 0;
		warnx_amp(_("stopped by a signal; unsaved work is kept as a draft"));
	}
	return (t.rc);
}
