/* tui-login.c: the login screen: account name and password, checked by unwrapping the account's key. */

#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

struct login {
	struct ledit	user;
	struct ledit	pw;
	int		focus;		/* 0: user name, 1: password */
};

void *
login_new(struct tui *t)
{
	struct login	*l;

	l = xcalloc(1, sizeof *l);
	ledit_set(&l->user, t->opts->user != NULL ? t->opts->user : "");
	l->user.maxchars = ACCOUNT_NAME_MAX;
	ledit_set(&l->pw, "");
	l->pw.secret = 1;
	l->pw.maxchars = PASSWORD_MAX - 1;
	l->focus = l->user.len > 0 ? 1 : 0;
	return (l);
}

static void
login_draw(struct tui *t, void *arg)
{
	struct login	*l = arg;
	char		*s;
	int		 x = COLS / 2 - 20, cx;

	draw_header(t, _("Log in"));
	draw_text(t, 3, x, 50, "Amparo", A_BOLD);
	draw_text(t, 4, x, COLS - x - 1,
	    _("Casework for asylum, refugee protection and referrals"), A_NORMAL);
	s = xsprintf(_("Store: %s"), t->opts->dir);
	draw_text(t, 6, x, COLS - x - 1, s, draw_attr(t, ATTR_DIM));
	free(s);
	draw_text(t, 9, x, 12, _("User"), l->focus == 0 ? (int)A_BOLD : (int)A_NORMAL);
	draw_text(t, 11, x, 12, _("Password"), l->focus == 1 ? (int)A_BOLD : (int)A_NORMAL);
	mvaddch(9, x + 12, ':');
	mvaddch(11, x + 12, ':');
	cx = ledit_draw(t, &l->user, 9, x + 14, 30, A_NORMAL);
	if (l->focus == 0)
		tui_cursor(t, 9, cx);
	cx = ledit_draw(t, &l->pw, 11, x + 14, 30, A_NORMAL);
	if (l->focus == 1)
		tui_cursor(t, 11, cx);
	if (t->msg[0] == '\0')
		draw_text(t, 14, x, COLS - x - 1,
		    _("Type your user name and password, then press Enter."),
		    A_NORMAL);
}

static void
login_try(struct tui *t, struct login *l)
{
	struct amp_err	 err;
	struct session	*s;

	err_clear(&err);
	tui_message(t, 0, NULL);
	tui_busy(t, _("Checking the password..."));
	if (session_login(t->store, t->opts->forms, l->user.buf, l->pw.buf,
	    l->pw.len, &s, &err) != AMP_OK) {
		ledit_set(&l->pw, "");
		l->focus = 1;
		tui_message(t, 1, "%s", err.code == AMP_EAUTH ?
		    _("Wrong user name or password. Try again.") : err.msg);
		log_debug("%s: a login failed", __func__);
		return;
	}
	t->sess = s;
	log_debug("%s: %s logged in", __func__, s->user);
	tui_replace(t, &list_screen, list_new(t));	/* frees l */
	drafts_open(t, 1);
}

static void
login_key(struct tui *t, void *arg, enum action act, const struct tkey *k)
{
	struct login	*l = arg;

	switch (act) {
	case ACT_QUIT:
		t->done = 1;
		return;
	case ACT_NEXT_FIELD:
	case ACT_PREV_FIELD:
	case ACT_UP:
	case ACT_DOWN:
		l->focus = !l->focus;
		return;
	case ACT_ENTER:
		if (l->focus == 0) {
			l->focus = 1;
			return;
		}
		if (l->user.len == 0) {
			l->focus = 0;
			tui_message(t, 1, "%s", _("Type your user name."));
			return;
		}
		login_try(t, l);
		return;
	default:
		ledit_key(l->focus ? &l->pw : &l->user, act, k);
		return;
	}
}

static void
login_free(void *arg)
{
	struct login	*l = arg;

	ledit_free(&l->user);
	ledit_free(&l->pw);
	free(l);
}

const struct screen_ops login_screen = {
	.name = "login",
	.ctx = CTX_LOGIN,
	.draw = login_draw,
	.key = login_key,
	.free = login_free,
};
