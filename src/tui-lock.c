/* tui-lock.c: the locked console: after an idle time or the hide key, nothing shows until the password is typed again. */

#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

/*
 * The lock is a screen over the whole stack, so the screens below keep
 * everything (a form its typed values, its draft, its cursor) and are not
 * resumed when it goes: the official is back exactly where they were. What
 * the message line held, which may name a case, is put away with it.
 */
struct lock {
	struct ledit		pw;
	int			idle;		/* locked by the idle time */
	char			msg[TUI_MSG_MAX];
	int			msg_error;
	struct tui_prompt	prompt;
};

int
lock_active(struct tui *t)
{
	int	i;

	for (i = 0; i < t->depth; i++) {
		if (t->stack[i].ops == &lock_screen)
			return (1);
	}
	return (0);
}

static void
lock_open(struct tui *t, int idle)
{
	struct lock	*l;

	l = xcalloc(1, sizeof *l);
	ledit_set(&l->pw, "");
	l->pw.secret = 1;
	l->pw.maxchars = PASSWORD_MAX - 1;
	l->idle = idle;
	memcpy(l->msg, t->msg, sizeof l->msg);
	l->msg_error = t->msg_error;
	l->prompt = t->prompt;
	memset(&t->prompt, 0, sizeof t->prompt);
	tui_message(t, 0, NULL);
	tui_push(t, &lock_screen, l);
	log_debug("%s: locked (%s)", __func__, idle ? "idle" : "hidden");
}

/* No key for the session's idle time: lock. */
void
lock_idle(struct tui *t)
{
	if (!lock_active(t))
		lock_open(t, 1);
}

/*
 * The hide key: blank the screen at once, and lock. Over the lock's own help
 * it closes the help first.
 */
void
lock_hide(struct tui *t)
{
	if (!lock_active(t))
		lock_open(t, 0);
	while (!tui_top_is(t, &lock_screen))
		tui_drop(t);
	t->blank = 1;
}

/* Back to where the official was, with the message line as it was. */
static void
lock_leave(struct tui *t, struct lock *l)
{
	memcpy(t->msg, l->msg, sizeof t->msg);
	t->msg_error = l->msg_error;
	t->prompt = l->prompt;
	memset(&l->prompt, 0, sizeof l->prompt);
	log_debug("%s: unlocked", __func__);
	tui_drop(t);		/* frees l */
}

/*
 * A key on the blank screen shows the lock screen, or, before anyone has
 * logged in, the login screen again: there is nothing to protect.
 */
void
lock_wake(struct tui *t)
{
	t->blank = 0;
	if (t->sess == NULL && tui_top_is(t, &lock_screen))
		lock_leave(t, t->stack[t->depth - 1].data);
}

static void
lock_draw(struct tui *t, void *arg)
{
	struct lock	*l = arg;
	const char	*user = t->sess != NULL ? t->sess->user : "";
	char		*s;
	int		 x = COLS / 2 - 20, cx;

	draw_header(t, _("Locked"));
	draw_text(t, 3, x, 50, "Amparo", A_BOLD);
	draw_text(t, 5, x, COLS - x - 1, l->idle ?
	    _("The console locked itself after a time without use.") :
	    _("The console is locked."), A_NORMAL);
	draw_text(t, 6, x, COLS - x - 1,
	    _("Your work is kept as you left it."), A_NORMAL);
	draw_text(t, 9, x, 12, _("User"), A_NORMAL);
	draw_text(t, 11, x, 12, _("Password"), A_BOLD);
	mvaddch(9, x + 12, ':');
	mvaddch(11, x + 12, ':');
	draw_text(t, 9, x + 14, 30, user, A_NORMAL);
	cx = ledit_draw(t, &l->pw, 11, x + 14, 30, A_NORMAL);
	tui_cursor(t, 11, cx);
	if (t->msg[0] == '\0') {
		s = xsprintf(_("Type the password of %s, then press Enter."),
		    user);
		draw_text(t, 14, x, COLS - x - 1, s, A_NORMAL);
		free(s);
	}
}

/*
 * Check the password. A wrong one counts as a failed login; when the
 * account is locked by them, the console keeps the work as on a hang-up and
 * stops with the reason.
 */
static void
lock_try(struct tui *t, struct lock *l)
{
	struct amp_err	err;
	int		rc;

	err_clear(&err);
	tui_message(t, 0, NULL);
	tui_busy(t, _("Checking the password..."));
	rc = session_verify_password(t->sess, l->pw.buf, l->pw.len, &err);
	ledit_set(&l->pw, "");
	switch (rc) {
	case AMP_OK:
		lock_leave(t, l);
		return;
	case AMP_EAUTH:
		tui_message(t, 1, "%s", _("Wrong password. Try again."));
		log_debug("%s: a wrong password", __func__);
		return;
	default:
		log_debug("%s: stopping: %s", __func__, err.msg);
		tui_stop(t, &err);
		return;
	}
}

static void
lock_key(struct tui *t, void *arg, enum action act, const struct tkey *k)
{
	struct lock	*l = arg;

	if (act != ACT_ENTER) {
		ledit_key(&l->pw, act, k);
		return;
	}
	if (l->pw.len == 0) {
		tui_message(t, 1, "%s", _("Type your password."));
		return;
	}
	lock_try(t, l);
}

static void
lock_free(void *arg)
{
	struct lock	*l = arg;

	ledit_free(&l->pw);
	free(l->prompt.text);
	free(l->prompt.keys);
	free(l);
}

const struct screen_ops lock_screen = {
	.name = "lock",
	.ctx = CTX_LOCK,
	.draw = lock_draw,
	.key = lock_key,
	.free = lock_free,
};
