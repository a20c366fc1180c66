/* vtdrive: drive a program on a pty through libvterm and check its screen. */

/*
 * usage: vtdrive [-v] [-o SCREENFILE] SCRIPT
 *
 * A script has one command a line; blank lines and lines starting with #
 * are ignored.  Words are split at blanks; "..." strings take backslash
 * escapes (\n \r \t \e \xHH ...) and $NAME or ${NAME} from the
 * environment, '...' strings are taken as they are.  The whole script is
 * checked before anything runs (exit 2 on a syntax error); a failed
 * expectation exits 1 with the line and the screen, success exits 0.
 *
 *	size COLS ROWS		size of the terminal for the next spawn
 *	env NAME VALUE		set (unsetenv NAME: remove) an environment
 *				variable for later spawns and $NAME
 *	spawn PROGRAM [ARG...]	start a program on a new pty and screen
 *				in the current session (ending the one
 *				it ran before)
 *	type TEXT		send bytes; key NAME [COUNT] sends a key:
 *				Enter Tab BTab Esc BS Space Up Down Left
 *				Right Home End PgUp PgDn Ins Del F1..F12,
 *				with C- M- S- prefixes (C-s, M-x)
 *	wait TEXT [TIMEOUT]	until TEXT is on screen (wait-gone: until
 *				it is not); TIMEOUT in seconds
 *	expect TEXT		after output settles, TEXT is on screen
 *				(expect-not: it is not; expect-row ROW
 *				TEXT: on that row; expect-cursor ROW COL)
 *	settle [MS] [TIMEOUT]	until the program is quiet for MS
 *	resize COLS ROWS	resize the terminal (SIGWINCH)
 *	hangup			close the pty (the program sees SIGHUP)
 *	kill SIGNAL		signal the program
 *	wait-exit [STATUS|signal:NAME|any] [TIMEOUT]
 *	screen			print the screen; snapshot FILE saves it
 *	bytes-reset, bytes NAME	count the bytes the program wrote since
 *				the reset, printed as "bytes NAME N"
 *	sleep MS, echo TEXT..., exec SHELLCMD...
 *
 * Several sessions: each session is a program on its own pty and
 * emulated screen, and all of them are read (and their input written)
 * whenever vtdrive waits, so a program in the background never blocks on
 * its output.  A script starts in the session "main".
 *
 *	session NAME [PROGRAM [ARG...]]
 *				make NAME the current session, creating
 *				it (with an empty screen of the current
 *				size) if it is new; with a PROGRAM, spawn
 *				it there as spawn does
 *
 * spawn, type, key, wait, wait-gone, expect*, settle, resize, hangup,
 * kill, wait-exit, screen, snapshot, bytes-reset and bytes act on the
 * current session; a failure report names the session when there are
 * several.  At the end every session's program is terminated and -o saves
 * the current session's screen.  At most 8 sessions.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#if defined(__OpenBSD__) || defined(__NetBSD__) || defined(__APPLE__)
#include <util.h>
#elif defined(__FreeBSD__) || defined(__DragonFly__)
#include <libutil.h>
#else
#include <pty.h>
#endif

#include <vterm.h>

#define EXIT_PASS	0
#define EXIT_FAIL	1
#define EXIT_SYNTAX	2

/* Command results; 0 is success. */
#define R_FAIL		(-1)	/* expectation failed: exit 1 */
#define R_SYNTAX	(-2)	/* script error: exit 2 */

#define EXPECT_QUIET_MS	100	/* settle time before expect* */
#define EXPECT_MAX_S	2.0
#define SETTLE_MS	150
#define EXEC_TIMEOUT	60.0
#define TERM_GRACE_S	2.0

#define ATTR_PRINTF(f, a)	__attribute__((format(printf, f, a)))

struct buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

struct word {
	char	*s;		/* NUL-terminated; may hold NULs too */
	size_t	 len;
	int	 hadexp;	/* contained a $variable */
};

struct words {
	struct word	*w;
	int		 n;
	int		 cap;
};

struct sline {
	int	 lineno;
	char	*text;
};

struct command {
	const char	*name;
	const char	*args;	/* types; optional ones after '|'; '*' = rest */
	const char	*usage;
	int		(*run)(struct words *);
};

struct keyspec {
	char	 seq[8];	/* literal bytes, if vkey == VTERM_KEY_NONE */
	size_t	 len;
	VTermKey vkey;
	int	 mods;
};

static const char	*script_name = "-";
static int		 cur_lineno;
static int		 verbose;
static double		 default_timeout = 10.0;

static int		 spawn_rows = 24, spawn_cols = 80;

/* One program on its own pty and emulated screen. */
struct session {
	char		 name[32];
	VTerm		*vt;
	VTermScreen	*vtscreen;

	int		 master_fd;
	int		 master_eof;
	struct buf	 outq;
	unsigned long long byte_count;

	int		 spawned;
	pid_t		 child_pid;	/* ours until reaped */
	int		 child_exited;
	int		 child_code;	/* CLD_EXITED, CLD_KILLED... */
	int		 child_status;
};

#define MAX_SESSIONS	8
#define MAIN_SESSION	"main"

static struct session	 sessions[MAX_SESSIONS];
static int		 nsessions;
static struct session	*cur;	/* the one commands act on */

static int		 sigpipe_fd[2] = { -1, -1 };
static volatile sig_atomic_t quit_signal;

static char		 failmsg[2048];

static const struct {
	const char	*name;
	int		 sig;
} sigtab[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
	{ "ILL", SIGILL }, { "ABRT", SIGABRT }, { "FPE", SIGFPE },
	{ "KILL", SIGKILL }, { "SEGV", SIGSEGV }, { "PIPE", SIGPIPE },
	{ "ALRM", SIGALRM }, { "TERM", SIGTERM }, { "USR1", SIGUSR1 },
	{ "USR2", SIGUSR2 }, { "CHLD", SIGCHLD }, { "CONT", SIGCONT },
	{ "STOP", SIGSTOP }, { "TSTP", SIGTSTP }, { "TTIN", SIGTTIN },
	{ "TTOU", SIGTTOU }, { "BUS", SIGBUS }, { "WINCH", SIGWINCH },
};

static const struct {
	const char	*name;
	const char	*seq;
	VTermKey	 vkey;
} keytab[] = {
	{ "Enter", "\r", VTERM_KEY_NONE },
	{ "Tab", "\t", VTERM_KEY_NONE },
	{ "BTab", "\033[Z", VTERM_KEY_NONE },
	{ "Esc", "\033", VTERM_KEY_NONE },
	{ "BS", "\177", VTERM_KEY_NONE },
	{ "Space", " ", VTERM_KEY_NONE },
	{ "Up", NULL, VTERM_KEY_UP },
	{ "Down", NULL, VTERM_KEY_DOWN },
	{ "Left", NULL, VTERM_KEY_LEFT },
	{ "Right", NULL, VTERM_KEY_RIGHT },
	{ "Home", NULL, VTERM_KEY_HOME },
	{ "End", NULL, VTERM_KEY_END },
	{ "PgUp", NULL, VTERM_KEY_PAGEUP },
	{ "PgDn", NULL, VTERM_KEY_PAGEDOWN },
	{ "Ins", NULL, VTERM_KEY_INS },
	{ "Del", NULL, VTERM_KEY_DEL },
};

static int	cmd_size(struct words *);
static int	cmd_env(struct words *);
static int	cmd_unsetenv(struct words *);
static int	cmd_spawn(struct words *);
static int	cmd_session(struct words *);
static int	cmd_type(struct words *);
static int	cmd_key(struct words *);
static int	cmd_wait(struct words *);
static int	cmd_wait_gone(struct words *);
static int	cmd_expect(struct words *);
static int	cmd_expect_not(struct words *);
static int	cmd_expect_row(struct words *);
static int	cmd_expect_cursor(struct words *);
static int	cmd_settle(struct words *);
static int	cmd_resize(struct words *);
static int	cmd_hangup(struct words *);
static int	cmd_kill(struct words *);
static int	cmd_wait_exit(struct words *);
static int	cmd_screen(struct words *);
static int	cmd_snapshot(struct words *);
static int	cmd_bytes_reset(struct words *);
static int	cmd_bytes(struct words *);
static int	cmd_sleep(struct words *);
static int	cmd_echo(struct words *);
static int	cmd_exec(struct words *);

/*
 * Argument types: n = integer 1..9999, i = integer 0..86400000,
 * t = seconds (> 0), s = string without NUL, b = any bytes, k = key name,
 * g = signal name, x = exit status, N = session name,
 * * = any number of further strings.
 */
static const struct command commands[] = {
	{ "size", "nn", "size COLS ROWS", cmd_size },
	{ "env", "ss", "env NAME VALUE", cmd_env },
	{ "unsetenv", "s", "unsetenv NAME", cmd_unsetenv },
	{ "spawn", "s*", "spawn PROGRAM [ARG...]", cmd_spawn },
	{ "session", "N|*", "session NAME [PROGRAM [ARG...]]", cmd_session },
	{ "type", "b", "type TEXT", cmd_type },
	{ "key", "k|n", "key NAME [COUNT]", cmd_key },
	{ "wait", "s|t", "wait TEXT [TIMEOUT]", cmd_wait },
	{ "wait-gone", "s|t", "wait-gone TEXT [TIMEOUT]", cmd_wait_gone },
	{ "expect", "s", "expect TEXT", cmd_expect },
	{ "expect-not", "s", "expect-not TEXT", cmd_expect_not },
	{ "expect-row", "is", "expect-row ROW TEXT", cmd_expect_row },
	{ "expect-cursor", "ii", "expect-cursor ROW COL", cmd_expect_cursor },
	{ "settle", "|it", "settle [MS] [TIMEOUT]", cmd_settle },
	{ "resize", "nn", "resize COLS ROWS", cmd_resize },
	{ "hangup", "", "hangup", cmd_hangup },
	{ "kill", "g", "kill SIGNAL", cmd_kill },
	{ "wait-exit", "|xt", "wait-exit [STATUS|any] [TIMEOUT]",
	    cmd_wait_exit },
	{ "screen", "", "screen", cmd_screen },
	{ "snapshot", "s", "snapshot FILE", cmd_snapshot },
	{ "bytes-reset", "", "bytes-reset", cmd_bytes_reset },
	{ "bytes", "s", "bytes NAME", cmd_bytes },
	{ "sleep", "i", "sleep MS", cmd_sleep },
	{ "echo", "|*", "echo [TEXT...]", cmd_echo },
	{ "exec", "s*", "exec SHELLCMD...", cmd_exec },
};

static void
emergency_kill(void)
{
	int i;

	for (i = 0; i < nsessions; i++)
		if (sessions[i].child_pid > 0)
			(void)kill(-sessions[i].child_pid, SIGKILL);
}

static void ATTR_PRINTF(1, 2)
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vtdrive: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	emergency_kill();
	exit(EXIT_FAIL);
}

static void ATTR_PRINTF(1, 2)
warnmsg(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vtdrive: warning: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
}

static int ATTR_PRINTF(1, 2)
fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(failmsg, sizeof(failmsg), fmt, ap);
	va_end(ap);
	return R_FAIL;
}

static int ATTR_PRINTF(1, 2)
synerr(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(failmsg, sizeof(failmsg), fmt, ap);
	va_end(ap);
	return R_SYNTAX;
}

static void *
xrealloc(void *p, size_t n)
{
	void *q;

	if ((q = realloc(p, n == 0 ? 1 : n)) == NULL)
		die("out of memory");
	return q;
}

static void
buf_add(struct buf *b, const void *data, size_t n)
{
	size_t ncap;

	if (b->len + n + 1 > b->cap) {
		ncap = b->cap ? b->cap : 64;
		while (ncap < b->len + n + 1)
			ncap *= 2;
		b->p = xrealloc(b->p, ncap);
		b->cap = ncap;
	}
	if (n > 0)
		memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

static void
buf_consume(struct buf *b, size_t n)
{
	if (n >= b->len) {
		b->len = 0;
		return;
	}
	memmove(b->p, b->p + n, b->len - n);
	b->len -= n;
}

static void
words_clear(struct words *ws)
{
	int i;

	for (i = 0; i < ws->n; i++)
		free(ws->w[i].s);
	ws->n = 0;
}

static void
words_free(struct words *ws)
{
	words_clear(ws);
	free(ws->w);
	ws->w = NULL;
	ws->cap = 0;
}

static void
words_push(struct words *ws, struct buf *tok, int hadexp)
{
	if (ws->n == ws->cap) {
		ws->cap = ws->cap ? ws->cap * 2 : 8;
		ws->w = xrealloc(ws->w, (size_t)ws->cap * sizeof(*ws->w));
	}
	buf_add(tok, "", 0);	/* make sure it is allocated */
	ws->w[ws->n].s = tok->p;
	ws->w[ws->n].len = tok->len;
	ws->w[ws->n].hadexp = hadexp;
	ws->n++;
}

static double
now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		die("clock_gettime: %s", strerror(errno));
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Milliseconds until deadline, rounded up, clamped to [0, cap]. */
static int
ms_until(double deadline, int cap)
{
	double ms;

	ms = (deadline - now()) * 1000.0 + 0.999;
	if (ms <= 0)
		return 0;
	if (ms > cap)
		return cap;
	return (int)ms;
}

/* Quote a string for a message; returns one of a few static buffers. */
static const char *
quote(const char *s, size_t len)
{
	static char ring[4][200];
	static int idx;
	char *out;
	size_t i, o;
	unsigned char c;

	out = ring[idx++ % 4];
	o = 0;
	out[o++] = '"';
	for (i = 0; i < len && o < sizeof(ring[0]) - 12; i++) {
		c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if (c == '\n') {
			out[o++] = '\\';
			out[o++] = 'n';
		} else if (c == '\r') {
			out[o++] = '\\';
			out[o++] = 'r';
		} else if (c == '\t') {
			out[o++] = '\\';
			out[o++] = 't';
		} else if (c == 033) {
			out[o++] = '\\';
			out[o++] = 'e';
		} else if (c < 0x20 || c == 0x7f) {
			o += (size_t)snprintf(out + o, 5, "\\x%02x", c);
		} else
			out[o++] = (char)c;
	}
	if (i < len) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o++] = '"';
	out[o] = '\0';
	return out;
}

static const char *
signame(int sig)
{
	static char tmp[32];
	size_t i;

	for (i = 0; i < sizeof(sigtab) / sizeof(sigtab[0]); i++)
		if (sigtab[i].sig == sig)
			return sigtab[i].name;
	snprintf(tmp, sizeof(tmp), "%d", sig);
	return tmp;
}

static int
parse_signal(const char *s)
{
	size_t i;
	char *end;
	long v;

	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (i = 0; i < sizeof(sigtab) / sizeof(sigtab[0]); i++)
		if (strcasecmp(s, sigtab[i].name) == 0)
			return sigtab[i].sig;
	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 1 || v > 64)
		return -1;
	return (int)v;
}

static int
parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int
parse_seconds(const char *s, double *out)
{
	char *end;
	double v;

	if (!isdigit((unsigned char)*s) && *s != '.')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !(v > 0 && v <= 86400))
		return -1;
	*out = v;
	return 0;
}

/* Exit status spec: a number, "signal:NAME" or "any". */
static int
parse_status(const char *s, int *code, int *status)
{
	long v;
	int sig;

	if (strcasecmp(s, "any") == 0) {
		*code = 0;
		*status = 0;
		return 0;
	}
	if (strncasecmp(s, "signal:", 7) == 0) {
		if ((sig = parse_signal(s + 7)) == -1)
			return -1;
		*code = CLD_KILLED;
		*status = sig;
		return 0;
	}
	if (parse_long(s, 0, 255, &v) == -1)
		return -1;
	*code = CLD_EXITED;
	*status = (int)v;
	return 0;
}

static int
parse_key(const char *name, struct keyspec *ks)
{
	size_t i;
	int mods;
	unsigned char c;

	memset(ks, 0, sizeof(*ks));
	ks->vkey = VTERM_KEY_NONE;
	mods = 0;
	for (;;) {
		if (strlen(name) < 3 || name[1] != '-')
			break;
		if (name[0] == 'C' || name[0] == 'c')
			mods |= VTERM_MOD_CTRL;
		else if (name[0] == 'M' || name[0] == 'm')
			mods |= VTERM_MOD_ALT;
		else if (name[0] == 'S' || name[0] == 's')
			mods |= VTERM_MOD_SHIFT;
		else
			break;
		name += 2;
	}
	ks->mods = mods;
	for (i = 0; i < sizeof(keytab) / sizeof(keytab[0]); i++) {
		if (strcasecmp(name, keytab[i].name) != 0)
			continue;
		if (keytab[i].seq == NULL) {
			ks->vkey = keytab[i].vkey;
			return 0;
		}
		if (strcasecmp(name, "Space") == 0 &&
		    (mods & VTERM_MOD_CTRL)) {
			ks->len = 0;
			ks->seq[ks->len++] = '\0';
			mods &= ~VTERM_MOD_CTRL;
		} else if (strcasecmp(name, "Tab") == 0 &&
		    (mods & VTERM_MOD_SHIFT)) {
			memcpy(ks->seq, "\033[Z", 3);
			ks->len = 3;
			mods &= ~VTERM_MOD_SHIFT;
		} else {
			ks->len = strlen(keytab[i].seq);
			memcpy(ks->seq, keytab[i].seq, ks->len);
		}
		goto literal;
	}
	if ((name[0] == 'F' || name[0] == 'f') &&
	    isdigit((unsigned char)name[1])) {
		long n;

		if (parse_long(name + 1, 1, 12, &n) == -1)
			return -1;
		ks->vkey = (VTermKey)VTERM_KEY_FUNCTION(n);
		return 0;
	}
	/* A single ASCII character after at least one modifier. */
	if (mods == 0 || strlen(name) != 1)
		return -1;
	c = (unsigned char)name[0];
	if (c < 0x20 || c > 0x7e)
		return -1;
	if (mods & VTERM_MOD_CTRL) {
		if (isalpha(c))
			c = (unsigned char)(toupper(c) & 0x1f);
		else if (c == '@' || c == ' ')
			c = 0;
		else if (c == '?')
			c = 0x7f;
		else if (c >= '[' && c <= '_')
			c &= 0x1f;
		else
			return -1;
		mods &= ~VTERM_MOD_CTRL;
	}
	ks->len = 0;
	ks->seq[ks->len++] = (char)c;
literal:
	if (mods & VTERM_MOD_ALT) {
		memmove(ks->seq + 1, ks->seq, ks->len);
		ks->seq[0] = '\033';
		ks->len++;
		mods &= ~VTERM_MOD_ALT;
	}
	if (mods != 0)
		return -1;	/* e.g. S-a, C-Enter: no standard encoding */
	ks->mods = 0;
	return 0;
}

/* Tokenizer. */

static int
parse_escape(const char **pp, struct buf *b)
{
	const char *p = *pp;
	int v, n;

	switch (p[1]) {
	case 'n': buf_addc(b, '\n'); break;
	case 'r': buf_addc(b, '\r'); break;
	case 't': buf_addc(b, '\t'); break;
	case 'e': buf_addc(b, '\033'); break;
	case 'a': buf_addc(b, '\a'); break;
	case 'b': buf_addc(b, '\b'); break;
	case 'f': buf_addc(b, '\f'); break;
	case 'v': buf_addc(b, '\v'); break;
	case '0': buf_addc(b, '\0'); break;
	case '\\':
	case '"':
	case '\'':
	case '$':
		buf_addc(b, p[1]);
		break;
	case 'x':
		v = 0;
		for (n = 0; n < 2 && isxdigit((unsigned char)p[2 + n]); n++) {
			v *= 16;
			if (isdigit((unsigned char)p[2 + n]))
				v += p[2 + n] - '0';
			else
				v += tolower((unsigned char)p[2 + n]) -
				    'a' + 10;
		}
		if (n == 0)
			return synerr("\\x needs hex digits");
		buf_addc(b, (char)v);
		*pp = p + 2 + n;
		return 0;
	case '\0':
		return synerr("backslash at end of line");
	default:
		if (isprint((unsigned char)p[1]))
			return synerr("unknown escape \\%c", p[1]);
		return synerr("unknown escape");
	}
	*pp = p + 2;
	return 0;
}

static int
parse_var(const char **pp, int expand, struct buf *b, int *hadexp)
{
	const char *p = *pp, *name, *q, *v;
	char nm[256];
	size_t len;

	q = p + 1;
	if (*q == '$') {
		buf_addc(b, '$');
		*pp = q + 1;
		return 0;
	}
	if (*q == '{') {
		name = q + 1;
		for (q = name; *q != '}'; q++)
			if (*q == '\0')
				return synerr("unterminated ${");
		len = (size_t)(q - name);
		*pp = q + 1;
		if (len == 0 || isdigit((unsigned char)name[0]))
			return synerr("bad variable name in ${...}");
		for (q = name; q < name + len; q++)
			if (!isalnum((unsigned char)*q) && *q != '_')
				return synerr("bad variable name in ${...}");
	} else if (isalpha((unsigned char)*q) || *q == '_') {
		name = q;
		while (isalnum((unsigned char)*q) || *q == '_')
			q++;
		len = (size_t)(q - name);
		*pp = q;
	} else {
		buf_addc(b, '$');
		*pp = p + 1;
		return 0;
	}
	*hadexp = 1;
	if (!expand)
		return 0;
	if (len >= sizeof(nm))
		return synerr("variable name too long");
	memcpy(nm, name, len);
	nm[len] = '\0';
	if ((v = getenv(nm)) == NULL)
		return synerr("undefined variable %s", nm);
	buf_add(b, v, strlen(v));
	return 0;
}

/* Split a script line into words; with expand, substitute $variables. */
static int
tokenize(const char *line, int expand, struct words *out)
{
	const char *p = line;
	struct buf tok;
	int hadexp, r;

	words_clear(out);
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return 0;
		memset(&tok, 0, sizeof(tok));
		hadexp = 0;
		r = 0;
		while (r == 0 && *p != '\0' && *p != ' ' && *p != '\t') {
			if (*p == '"') {
				p++;
				while (r == 0 && *p != '"') {
					if (*p == '\0')
						r = synerr("unterminated string");
					else if (*p == '\\')
						r = parse_escape(&p, &tok);
					else if (*p == '$')
						r = parse_var(&p, expand, &tok,
						    &hadexp);
					else
						buf_addc(&tok, *p++);
				}
				if (r == 0)
					p++;
			} else if (*p == '\'') {
				p++;
				while (r == 0 && *p != '\'') {
					if (*p == '\0')
						r = synerr("unterminated string");
					else
						buf_addc(&tok, *p++);
				}
				if (r == 0)
					p++;
			} else if (*p == '$')
				r = parse_var(&p, expand, &tok, &hadexp);
			else
				buf_addc(&tok, *p++);
		}
		if (r != 0) {
			free(tok.p);
			return r;
		}
		words_push(out, &tok, hadexp);
	}
}

static const struct command *
find_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int
session_name_ok(const char *name)
{
	const char *p;

	if (*name == '\0' || strlen(name) > 31)
		return 0;
	for (p = name; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			return 0;
	return 1;
}

static int
check_arg(const struct command *cmd, char type, const struct word *w)
{
	struct keyspec ks;
	long l;
	double d;
	int c, s;

	if (type != 'b' && strlen(w->s) != w->len)
		return synerr("%s: NUL byte in argument", cmd->name);
	switch (type) {
	case 'n':
		if (parse_long(w->s, 1, 9999, &l) == -1)
			return synerr("%s: bad number %s (1..9999)", cmd->name,
			    quote(w->s, w->len));
		break;
	case 'i':
		if (parse_long(w->s, 0, 86400000, &l) == -1)
			return synerr("%s: bad number %s", cmd->name,
			    quote(w->s, w->len));
		break;
	case 't':
		if (parse_seconds(w->s, &d) == -1)
			return synerr("%s: bad timeout %s (seconds)", cmd->name,
			    quote(w->s, w->len));
		break;
	case 'k':
		if (parse_key(w->s, &ks) == -1)
			return synerr("%s: unknown key %s", cmd->name,
			    quote(w->s, w->len));
		break;
	case 'g':
		if (parse_signal(w->s) == -1)
			return synerr("%s: unknown signal %s", cmd->name,
			    quote(w->s, w->len));
		break;
	case 'N':
		if (!session_name_ok(w->s))
			return synerr("%s: bad session name %s (letters, "
			    "digits, '-' and '_', at most 31)", cmd->name,
			    quote(w->s, w->len));
		break;
	case 'x':
		if (parse_status(w->s, &c, &s) == -1)
			return synerr("%s: bad exit status %s "
			    "(NUMBER, signal:NAME or any)", cmd->name,
			    quote(w->s, w->len));
		break;
	default:
		break;
	}
	return 0;
}

/* Check argument count and types; skip words with $variables unless final. */
static int
check_args(const struct command *cmd, const struct words *ws, int final)
{
	const char *p;
	int i, opt, r;

	i = 1;
	opt = 0;
	for (p = cmd->args; *p != '\0'; p++) {
		if (*p == '|') {
			opt = 1;
			continue;
		}
		if (*p == '*') {
			for (; i < ws->n; i++)
				if ((final || !ws->w[i].hadexp) &&
				    (r = check_arg(cmd, 's', &ws->w[i])) != 0)
					return r;
			return 0;
		}
		if (i >= ws->n) {
			if (opt)
				return 0;
			return synerr("missing argument; usage: %s",
			    cmd->usage);
		}
		if ((final || !ws->w[i].hadexp) &&
		    (r = check_arg(cmd, *p, &ws->w[i])) != 0)
			return r;
		i++;
	}
	if (i < ws->n)
		return synerr("too many arguments; usage: %s", cmd->usage);
	return 0;
}

static int
check_line(const char *text, struct words *ws, int final,
    const struct command **cmdp)
{
	const struct command *cmd;
	int r;

	if ((r = tokenize(text, final, ws)) != 0)
		return r;
	if (ws->n == 0)
		return synerr("empty command");
	if (ws->w[0].hadexp)
		return synerr("command name cannot contain variables");
	if ((cmd = find_command(ws->w[0].s)) == NULL)
		return synerr("unknown command %s", quote(ws->w[0].s,
		    ws->w[0].len));
	*cmdp = cmd;
	return check_args(cmd, ws, final);
}

/* Signals. */

static void
on_signal(int sig)
{
	int saved = errno;
	ssize_t r;

	if (sig != SIGCHLD)
		quit_signal = sig;
	/* Only wakes poll(); a full pipe already does that. */
	r = write(sigpipe_fd[1], "", 1);
	(void)r;
	errno = saved;
}

static void
setup_signals(void)
{
	struct sigaction sa;
	int i, fl;
	static const int sigs[] = { SIGCHLD, SIGINT, SIGTERM, SIGHUP };

	if (pipe(sigpipe_fd) == -1)
		die("pipe: %s", strerror(errno));
	for (i = 0; i < 2; i++) {
		if ((fl = fcntl(sigpipe_fd[i], F_GETFL)) == -1 ||
		    fcntl(sigpipe_fd[i], F_SETFL, fl | O_NONBLOCK) == -1 ||
		    fcntl(sigpipe_fd[i], F_SETFD, FD_CLOEXEC) == -1)
			die("fcntl: %s", strerror(errno));
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	if (sigemptyset(&sa.sa_mask) == -1)
		die("sigemptyset: %s", strerror(errno));
	for (i = 0; i < (int)(sizeof(sigs) / sizeof(sigs[0])); i++)
		if (sigaction(sigs[i], &sa, NULL) == -1)
			die("sigaction: %s", strerror(errno));
	sa.sa_handler = SIG_IGN;
	sa.sa_flags = 0;
	if (sigaction(SIGPIPE, &sa, NULL) == -1)
		die("sigaction: %s", strerror(errno));
}

/* In a forked child: restore default signal handling. */
static void
child_signals(void)
{
	sigset_t set;
	static const int sigs[] = { SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	size_t i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (signal(sigs[i], SIG_DFL) == SIG_ERR)
			_exit(127);
	if (sigemptyset(&set) == -1 ||
	    sigprocmask(SIG_SETMASK, &set, NULL) == -1)
		_exit(127);
}

static void
drain_sigpipe(void)
{
	char tmp[64];

	while (read(sigpipe_fd[0], tmp, sizeof(tmp)) > 0)
		continue;
}

/* Terminal emulator. */

static void
vt_output(const char *s, size_t len, void *user)
{
	struct session *se = user;

	if (se->master_fd != -1 && !se->master_eof)
		buf_add(&se->outq, s, len);
}

static void
vt_create(struct session *se, int rows, int cols)
{
	if (se->vt != NULL)
		vterm_free(se->vt);
	if ((se->vt = vterm_new(rows, cols)) == NULL)
		die("vterm_new failed");
	vterm_set_utf8(se->vt, 1);
	vterm_output_set_callback(se->vt, vt_output, se);
	se->vtscreen = vterm_obtain_screen(se->vt);
	vterm_screen_enable_altscreen(se->vtscreen, 1);
	vterm_screen_reset(se->vtscreen, 1);
}

/* The session called name, or NULL. */
static struct session *
session_find(const char *name)
{
	int i;

	for (i = 0; i < nsessions; i++)
		if (strcmp(sessions[i].name, name) == 0)
			return &sessions[i];
	return NULL;
}

/* A new session with an empty screen of the current size. */
static struct session *
session_new(const char *name)
{
	struct session *se;

	if (nsessions == MAX_SESSIONS)
		return NULL;
	se = &sessions[nsessions++];
	memset(se, 0, sizeof(*se));
	snprintf(se->name, sizeof(se->name), "%s", name);
	se->master_fd = -1;
	se->child_pid = -1;
	vt_create(se, spawn_rows, spawn_cols);
	return se;
}

static void
utf8_put(struct buf *b, uint32_t c)
{
	char u[4];

	if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		c = 0xfffd;
	if (c < 0x80) {
		buf_addc(b, (char)c);
	} else if (c < 0x800) {
		u[0] = (char)(0xc0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3f));
		buf_add(b, u, 2);
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		buf_add(b, u, 4);
	}
}

/* Row text as UTF-8 into b (replacing its contents), full width. */
static void
screen_row(int row, struct buf *b)
{
	VTermScreenCell cell;
	VTermPos pos;
	int rows, cols, i;

	b->len = 0;
	buf_add(b, "", 0);
	vterm_get_size(cur->vt, &rows, &cols);
	pos.row = row;
	for (pos.col = 0; pos.col < cols; ) {
		if (!vterm_screen_get_cell(cur->vtscreen, pos, &cell))
			break;
		if (cell.chars[0] == (uint32_t)-1) {
			pos.col++;	/* continuation of a wide char */
			continue;
		}
		if (cell.chars[0] == 0)
			buf_addc(b, ' ');
		else
			for (i = 0; i < VTERM_MAX_CHARS_PER_CELL &&
			    cell.chars[i] != 0; i++)
				utf8_put(b, cell.chars[i]);
		pos.col += cell.width > 0 ? cell.width : 1;
	}
}

static void
trim_trailing(struct buf *b)
{
	while (b->len > 0 && b->p[b->len - 1] == ' ')
		b->len--;
	b->p[b->len] = '\0';
}

static int
row_contains(int row, const char *text, size_t len)
{
	struct buf b = { NULL, 0, 0 };
	int found;

	screen_row(row, &b);
	found = len == 0 || memmem(b.p, b.len, text, len) != NULL;
	free(b.p);
	return found;
}

/* Returns the first row containing text, or -1. */
static int
screen_find(const char *text, size_t len)
{
	int rows, cols, r;

	vterm_get_size(cur->vt, &rows, &cols);
	for (r = 0; r < rows; r++)
		if (row_contains(r, text, len))
			return r;
	return -1;
}

/* Write the screen, trailing spaces trimmed; returns -1 on write error. */
static int
write_screen(FILE *fp)
{
	struct buf b = { NULL, 0, 0 };
	int rows, cols, r;

	vterm_get_size(cur->vt, &rows, &cols);
	for (r = 0; r < rows; r++) {
		screen_row(r, &b);
		trim_trailing(&b);
		fprintf(fp, "%s\n", b.p);
	}
	free(b.p);
	return ferror(fp) ? -1 : 0;
}

static const char *
describe_child(void)
{
	static char tmp[128];

	if (!cur->spawned)
		return "no program was spawned";
	if (!cur->child_exited)
		snprintf(tmp, sizeof(tmp), "running (pid %ld)",
		    (long)cur->child_pid);
	else if (cur->child_code == CLD_EXITED)
		snprintf(tmp, sizeof(tmp), "exited with status %d",
		    cur->child_status);
	else if (cur->child_code == CLD_KILLED || cur->child_code == CLD_DUMPED)
		snprintf(tmp, sizeof(tmp), "killed by signal %s%s",
		    signame(cur->child_status),
		    cur->child_code == CLD_DUMPED ? " (core dumped)" : "");
	else
		snprintf(tmp, sizeof(tmp), "gone (status unknown)");
	return tmp;
}

/* Framed screen dump for failure reports. */
static void
dump_screen(FILE *fp)
{
	struct buf b = { NULL, 0, 0 };
	VTermPos cpos;
	int rows, cols, r, c;

	vterm_get_size(cur->vt, &rows, &cols);
	vterm_state_get_cursorpos(vterm_obtain_state(cur->vt), &cpos);
	if (nsessions > 1)
		fprintf(fp, "session %s: ", cur->name);
	fprintf(fp, "screen %dx%d, cursor at row %d col %d; program: %s; "
	    "pty: %s\n", cols, rows, cpos.row, cpos.col, describe_child(),
	    cur->master_fd == -1 ? "closed" :
	    cur->master_eof ? "at EOF" : "open");
	fprintf(fp, "   +");
	for (c = 0; c < cols; c++)
		fputc('-', fp);
	fprintf(fp, "+\n");
	for (r = 0; r < rows; r++) {
		screen_row(r, &b);
		fprintf(fp, "%3d|%s|\n", r, b.p);
	}
	fprintf(fp, "   +");
	for (c = 0; c < cols; c++)
		fputc('-', fp);
	fprintf(fp, "+\n");
	free(b.p);
}

/* Child process and pty. */

static void
check_child(struct session *se)
{
	siginfo_t si;

	if (se->child_pid <= 0 || se->child_exited)
		return;
	memset(&si, 0, sizeof(si));
	/* WNOWAIT keeps the zombie, so the pid (and its group id) stay ours. */
	if (waitid(P_PID, (id_t)se->child_pid, &si,
	    WEXITED | WNOHANG | WNOWAIT) == -1) {
		if (errno == EINTR)
			return;
		warnmsg("waitid: %s", strerror(errno));
		se->child_exited = 1;
		se->child_code = 0;
		return;
	}
	if (si.si_pid == 0)
		return;
	se->child_exited = 1;
	se->child_code = si.si_code;
	se->child_status = si.si_status;
}

static int
pty_open(struct session *se)
{
	return se->master_fd != -1 && !se->master_eof;
}

/*
 * Read what the program of se wrote and pass it to its emulator.
 * Returns the number of bytes read, or R_FAIL.
 */
static int
pump_read(struct session *se)
{
	char tmp[16384];
	ssize_t r;
	size_t done;
	int total;

	total = 0;
	while (total < (1 << 20)) {
		r = read(se->master_fd, tmp, sizeof(tmp));
		if (r > 0) {
			se->byte_count += (unsigned long long)r;
			total += (int)r;
			for (done = 0; done < (size_t)r; ) {
				size_t k = vterm_input_write(se->vt,
				    tmp + done, (size_t)r - done);
				if (k == 0)
					break;
				done += k;
			}
			continue;
		}
		if (r == 0) {
			se->master_eof = 1;
			break;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			break;
		if (errno == EIO) {	/* slave side closed */
			se->master_eof = 1;
			break;
		}
		return fail("read from pty of session %s: %s", se->name,
		    strerror(errno));
	}
	return total;
}

/*
 * Wait up to timeout_ms for pty traffic or a signal, and process whatever
 * arrived, in every session: program output goes to its emulator, queued
 * input to its program.  Returns the number of bytes read from the current
 * session's program, or R_FAIL.
 */
static int
pump(int timeout_ms, int honour_quit)
{
	struct pollfd pfd[1 + MAX_SESSIONS];
	struct session *se;
	nfds_t n;
	ssize_t r;
	int mi[MAX_SESSIONS], i, got, total;

	n = 0;
	pfd[n].fd = sigpipe_fd[0];
	pfd[n].events = POLLIN;
	pfd[n].revents = 0;
	n++;
	for (i = 0; i < nsessions; i++) {
		se = &sessions[i];
		mi[i] = -1;
		if (!pty_open(se)) {
			se->outq.len = 0;
			continue;
		}
		mi[i] = (int)n;
		pfd[n].fd = se->master_fd;
		pfd[n].events = POLLIN | (se->outq.len > 0 ? POLLOUT : 0);
		pfd[n].revents = 0;
		n++;
	}
	if (poll(pfd, n, timeout_ms) == -1) {
		if (errno != EINTR)
			return fail("poll: %s", strerror(errno));
		for (i = 0; i < (int)n; i++)
			pfd[i].revents = 0;
	}
	if (pfd[0].revents & POLLIN)
		drain_sigpipe();
	for (i = 0; i < nsessions; i++)
		check_child(&sessions[i]);
	if (honour_quit && quit_signal != 0)
		return fail("interrupted by signal %s", signame(quit_signal));
	total = 0;
	for (i = 0; i < nsessions; i++) {
		if (mi[i] == -1)
			continue;
		se = &sessions[i];
		if (pfd[mi[i]].revents & POLLNVAL)
			return fail("poll: pty descriptor of session %s is "
			    "invalid", se->name);
		if (pfd[mi[i]].revents & (POLLIN | POLLHUP | POLLERR)) {
			if ((got = pump_read(se)) < 0)
				return R_FAIL;
			if (se == cur)
				total = got;
		}
		if (pty_open(se) && se->outq.len > 0 &&
		    (pfd[mi[i]].revents & POLLOUT)) {
			r = write(se->master_fd, se->outq.p, se->outq.len);
			if (r > 0)
				buf_consume(&se->outq, (size_t)r);
			else if (r == -1 && errno != EAGAIN &&
			    errno != EWOULDBLOCK && errno != EINTR)
				return fail("write to pty of session %s: %s",
				    se->name, strerror(errno));
		}
	}
	return total;
}

static void
close_master(struct session *se)
{
	if (se->master_fd != -1 && close(se->master_fd) == -1)
		warnmsg("close pty: %s", strerror(errno));
	se->master_fd = -1;
	se->master_eof = 0;
	se->outq.len = 0;
}

static void
signal_group(struct session *se, int sig)
{
	if (se->child_pid > 0 && kill(-se->child_pid, sig) == -1 &&
	    errno != ESRCH)
		warnmsg("kill: %s", strerror(errno));
}

static void
wait_child_until(struct session *se, double deadline)
{
	while (!se->child_exited && now() < deadline)
		if (pump(ms_until(deadline, 1000), 0) < 0)
			break;
	check_child(se);
}

/*
 * Make sure no process of ours survives: TERM the program's process group,
 * KILL it after a grace period, and reap the program.
 */
static void
terminate_child(struct session *se)
{
	int st;

	if (se->child_pid <= 0)
		return;
	check_child(se);
	if (!se->child_exited) {
		if (verbose)
			fprintf(stderr, "vtdrive: terminating pid %ld\n",
			    (long)se->child_pid);
		signal_group(se, SIGTERM);
		wait_child_until(se, now() + TERM_GRACE_S);
		if (!se->child_exited) {
			signal_group(se, SIGKILL);
			wait_child_until(se, now() + 5.0);
		}
	}
	/* Leftovers in the group; the unreaped leader pins the id. */
	signal_group(se, SIGKILL);
	if (!se->child_exited) {
		warnmsg("pid %ld did not die", (long)se->child_pid);
		se->child_pid = -1;
		return;
	}
	while (waitpid(se->child_pid, &st, 0) == -1) {
		if (errno != EINTR) {
			warnmsg("waitpid: %s", strerror(errno));
			break;
		}
	}
	se->child_pid = -1;
}

static void
set_fd_flags(int fd)
{
	int fl;

	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) == -1)
		die("fcntl: %s", strerror(errno));
}

static void
flush_std(void)
{
	if (fflush(stdout) == EOF || fflush(stderr) == EOF)
		warnmsg("flush: %s", strerror(errno));
}

static void
child_exec(char **argv, pid_t parent)
{
#ifdef IUTF8
	struct termios tio;
#endif

#ifdef __linux__
	/* If vtdrive dies without cleaning up, take the program with it. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1)
		_exit(127);
	if (getppid() != parent)
		_exit(127);
#else
	(void)parent;
#endif
	child_signals();
#ifdef IUTF8
	if (tcgetattr(STDIN_FILENO, &tio) == 0) {
		tio.c_iflag |= IUTF8;
		if (tcsetattr(STDIN_FILENO, TCSANOW, &tio) == -1)
			dprintf(STDERR_FILENO, "vtdrive: tcsetattr: %s\r\n",
			    strerror(errno));
	}
#endif
	execvp(argv[0], argv);
	dprintf(STDERR_FILENO, "vtdrive: cannot run %s: %s\r\n", argv[0],
	    strerror(errno));
	_exit(127);
}

/* Queue bytes for the program and wait until they are written. */
static int
send_out(const char *what)
{
	double deadline;

	deadline = now() + default_timeout;
	while (cur->outq.len > 0) {
		if (cur->master_fd == -1)
			return fail("%s: the pty is closed", what);
		if (cur->master_eof)
			return fail("%s: cannot write, the program's side of "
			    "the pty is closed (program %s)", what,
			    describe_child());
		if (now() >= deadline)
			return fail("%s: timed out writing to the pty after "
			    "%.1f s (program not reading input?)", what,
			    default_timeout);
		if (pump(ms_until(deadline, 1000), 1) < 0)
			return R_FAIL;
	}
	return 0;
}

static int
need_pty(const char *what)
{
	if (cur->master_fd == -1)
		return fail("%s: no pty (spawn a program first%s)", what,
		    cur->spawned ? "; it was hung up" : "");
	return 0;
}

/* Read until quiet for quiet_ms; give up (R_FAIL if failing) at max_s. */
static int
settle(int quiet_ms, double max_s, int failing)
{
	double start, last, deadline, t, quiet_until;
	int r;

	start = now();
	last = start;
	deadline = start + max_s;
	for (;;) {
		if (!pty_open(cur) && cur->outq.len == 0)
			return 0;
		t = now();
		quiet_until = last + quiet_ms / 1000.0;
		if (t >= quiet_until)
			return 0;
		if (t >= deadline) {
			if (failing)
				return fail("settle: output did not stop for "
				    "%d ms within %.1f s", quiet_ms, max_s);
			return 0;
		}
		r = pump(ms_until(quiet_until < deadline ? quiet_until :
		    deadline, 1000), 1);
		if (r < 0)
			return R_FAIL;
		if (r > 0)
			last = now();
	}
}

static double
timeout_arg(struct words *ws, int i)
{
	double d;

	if (i < ws->n && parse_seconds(ws->w[i].s, &d) == 0)
		return d;
	return default_timeout;
}

static long
long_arg(struct words *ws, int i, long dflt)
{
	long l;

	if (i < ws->n && parse_long(ws->w[i].s, 0, LONG_MAX, &l) == 0)
		return l;
	return dflt;
}

/* Commands. */

static int
cmd_size(struct words *ws)
{
	spawn_cols = (int)long_arg(ws, 1, 80);
	spawn_rows = (int)long_arg(ws, 2, 24);
	return 0;
}

static int
cmd_env(struct words *ws)
{
	if (ws->w[1].s[0] == '\0' || strchr(ws->w[1].s, '=') != NULL)
		return synerr("env: bad variable name %s",
		    quote(ws->w[1].s, ws->w[1].len));
	if (setenv(ws->w[1].s, ws->w[2].s, 1) == -1)
		return fail("setenv: %s", strerror(errno));
	return 0;
}

static int
cmd_unsetenv(struct words *ws)
{
	if (ws->w[1].s[0] == '\0' || strchr(ws->w[1].s, '=') != NULL)
		return synerr("unsetenv: bad variable name %s",
		    quote(ws->w[1].s, ws->w[1].len));
	if (unsetenv(ws->w[1].s) == -1)
		return fail("unsetenv: %s", strerror(errno));
	return 0;
}

static int
cmd_spawn(struct words *ws)
{
	struct winsize win;
	char **argv;
	pid_t pid, parent;
	int fd, i;

	terminate_child(cur);
	close_master(cur);
	vt_create(cur, spawn_rows, spawn_cols);
	argv = xrealloc(NULL, (size_t)ws->n * sizeof(*argv));
	for (i = 1; i < ws->n; i++)
		argv[i - 1] = ws->w[i].s;
	argv[ws->n - 1] = NULL;
	memset(&win, 0, sizeof(win));
	win.ws_row = (unsigned short)spawn_rows;
	win.ws_col = (unsigned short)spawn_cols;
	flush_std();
	parent = getpid();
	cur->child_exited = 0;
	cur->child_code = cur->child_status = 0;
	pid = forkpty(&fd, NULL, NULL, &win);
	if (pid == -1) {
		free(argv);
		return fail("forkpty: %s", strerror(errno));
	}
	if (pid == 0)
		child_exec(argv, parent);
	free(argv);
	cur->spawned = 1;
	cur->child_pid = pid;
	cur->master_fd = fd;
	cur->master_eof = 0;
	set_fd_flags(fd);
	return 0;
}

static int
cmd_session(struct words *ws)
{
	struct session *se;
	struct words rest;

	if ((se = session_find(ws->w[1].s)) == NULL &&
	    (se = session_new(ws->w[1].s)) == NULL)
		return fail("session %s: at most %d sessions",
		    quote(ws->w[1].s, ws->w[1].len), MAX_SESSIONS);
	cur = se;
	if (ws->n == 2)
		return 0;
	rest.w = ws->w + 1;
	rest.n = ws->n - 1;
	rest.cap = 0;
	return cmd_spawn(&rest);
}

static int
cmd_type(struct words *ws)
{
	if (need_pty("type") != 0)
		return R_FAIL;
	buf_add(&cur->outq, ws->w[1].s, ws->w[1].len);
	return send_out("type");
}

static int
cmd_key(struct words *ws)
{
	struct keyspec ks;
	long i, count;

	if (need_pty("key") != 0)
		return R_FAIL;
	if (parse_key(ws->w[1].s, &ks) == -1)
		return synerr("key: unknown key");
	count = long_arg(ws, 2, 1);
	for (i = 0; i < count; i++) {
		if (ks.vkey != VTERM_KEY_NONE)
			vterm_keyboard_key(cur->vt, ks.vkey,
			    (VTermModifier)ks.mods);
		else
			buf_add(&cur->outq, ks.seq, ks.len);
	}
	return send_out("key");
}

static int
wait_text(struct words *ws, int gone)
{
	const char *what = gone ? "wait-gone" : "wait";
	const struct word *t = &ws->w[1];
	double start, timeout, deadline;
	int found;

	timeout = timeout_arg(ws, 2);
	start = now();
	deadline = start + timeout;
	for (;;) {
		found = screen_find(t->s, t->len) != -1;
		if (found != gone) {
			if (verbose)
				fprintf(stderr, "  %s: ok after %.3f s\n",
				    what, now() - start);
			return 0;
		}
		if (!pty_open(cur))
			return fail("%s %s: %s and the program's output has "
			    "ended", what, quote(t->s, t->len),
			    gone ? "still on screen" : "not on screen");
		if (now() >= deadline)
			return fail("%s %s: timed out after %.1f s (text %s)",
			    what, quote(t->s, t->len), timeout,
			    gone ? "still on screen" : "not on screen");
		if (pump(ms_until(deadline, 1000), 1) < 0)
			return R_FAIL;
	}
}

static int
cmd_wait(struct words *ws)
{
	return wait_text(ws, 0);
}

static int
cmd_wait_gone(struct words *ws)
{
	return wait_text(ws, 1);
}

static int
expect_settle(void)
{
	return settle(EXPECT_QUIET_MS, EXPECT_MAX_S, 0);
}

static int
cmd_expect(struct words *ws)
{
	if (expect_settle() != 0)
		return R_FAIL;
	if (screen_find(ws->w[1].s, ws->w[1].len) == -1)
		return fail("expect %s: not on screen",
		    quote(ws->w[1].s, ws->w[1].len));
	return 0;
}

static int
cmd_expect_not(struct words *ws)
{
	int row;

	if (expect_settle() != 0)
		return R_FAIL;
	if ((row = screen_find(ws->w[1].s, ws->w[1].len)) != -1)
		return fail("expect-not %s: found on row %d",
		    quote(ws->w[1].s, ws->w[1].len), row);
	return 0;
}

static int
cmd_expect_row(struct words *ws)
{
	int rows, cols;
	long row;

	if (expect_settle() != 0)
		return R_FAIL;
	row = long_arg(ws, 1, 0);
	vterm_get_size(cur->vt, &rows, &cols);
	if (row >= rows)
		return fail("expect-row %ld: the screen has only %d rows",
		    row, rows);
	if (!row_contains((int)row, ws->w[2].s, ws->w[2].len))
		return fail("expect-row %ld %s: not on that row", row,
		    quote(ws->w[2].s, ws->w[2].len));
	return 0;
}

static int
cmd_expect_cursor(struct words *ws)
{
	VTermPos cpos;
	long row, col;

	if (expect_settle() != 0)
		return R_FAIL;
	row = long_arg(ws, 1, 0);
	col = long_arg(ws, 2, 0);
	vterm_state_get_cursorpos(vterm_obtain_state(cur->vt), &cpos);
	if (cpos.row != row || cpos.col != col)
		return fail("expect-cursor %ld %ld: cursor is at %d %d",
		    row, col, cpos.row, cpos.col);
	return 0;
}

static int
cmd_settle(struct words *ws)
{
	return settle((int)long_arg(ws, 1, SETTLE_MS), timeout_arg(ws, 2), 1);
}

static int
cmd_resize(struct words *ws)
{
	struct winsize win;
	int cols, rows;

	if (need_pty("resize") != 0)
		return R_FAIL;
	cols = (int)long_arg(ws, 1, 80);
	rows = (int)long_arg(ws, 2, 24);
	if (pump(0, 1) < 0)	/* output sent before the resize */
		return R_FAIL;
	vterm_set_size(cur->vt, rows, cols);
	memset(&win, 0, sizeof(win));
	win.ws_row = (unsigned short)rows;
	win.ws_col = (unsigned short)cols;
	if (ioctl(cur->master_fd, TIOCSWINSZ, &win) == -1)
		return fail("resize: TIOCSWINSZ: %s", strerror(errno));
	spawn_cols = cols;
	spawn_rows = rows;
	return 0;
}

static int
cmd_hangup(struct words *ws)
{
	(void)ws;
	if (need_pty("hangup") != 0)
		return R_FAIL;
	if (pump(0, 1) < 0)
		return R_FAIL;
	close_master(cur);
	return 0;
}

static int
cmd_kill(struct words *ws)
{
	int sig;

	sig = parse_signal(ws->w[1].s);
	if (!cur->spawned || cur->child_pid <= 0)
		return fail("kill: no program is running");
	check_child(cur);
	if (cur->child_exited)
		return fail("kill: the program already %s", describe_child());
	if (kill(cur->child_pid, sig) == -1)
		return fail("kill: %s", strerror(errno));
	return 0;
}

static int
cmd_wait_exit(struct words *ws)
{
	double start, timeout, deadline;
	int want_code, want_status;
	char want[64];

	want_code = 0;
	want_status = 0;
	if (ws->n > 1 && parse_status(ws->w[1].s, &want_code,
	    &want_status) == -1)
		return synerr("wait-exit: bad status");
	timeout = timeout_arg(ws, 2);
	if (!cur->spawned)
		return fail("wait-exit: no program was spawned");
	start = now();
	deadline = start + timeout;
	check_child(cur);
	while (!cur->child_exited) {
		if (now() >= deadline)
			return fail("wait-exit: the program did not exit "
			    "within %.1f s", timeout);
		if (pump(ms_until(deadline, 1000), 1) < 0)
			return R_FAIL;
	}
	if (verbose)
		fprintf(stderr, "  wait-exit: program %s after %.3f s\n",
		    describe_child(), now() - start);
	/* Let the last output (and the pty EOF) arrive. */
	if (settle(50, 1.0, 0) != 0)
		return R_FAIL;
	if (want_code == 0)
		return 0;
	if (want_code == CLD_KILLED && (cur->child_code == CLD_KILLED ||
	    cur->child_code == CLD_DUMPED) && cur->child_status == want_status)
		return 0;
	if (want_code == CLD_EXITED && cur->child_code == CLD_EXITED &&
	    cur->child_status == want_status)
		return 0;
	if (want_code == CLD_EXITED)
		snprintf(want, sizeof(want), "exit status %d", want_status);
	else
		snprintf(want, sizeof(want), "signal %s", signame(want_status));
	return fail("wait-exit: expected %s, but the program %s", want,
	    describe_child());
}

static int
checked_stdout(void)
{
	if (fflush(stdout) == EOF || ferror(stdout))
		return fail("writing to stdout: %s", strerror(errno));
	return 0;
}

static int
cmd_screen(struct words *ws)
{
	(void)ws;
	if (settle(EXPECT_QUIET_MS, EXPECT_MAX_S, 0) != 0)
		return R_FAIL;
	(void)write_screen(stdout);
	printf("--\n");
	return checked_stdout();
}

static int
save_screen(const char *path)
{
	FILE *fp;
	int r;

	if ((fp = fopen(path, "w")) == NULL)
		return fail("cannot create %s: %s", path, strerror(errno));
	r = write_screen(fp);
	if (fclose(fp) == EOF || r == -1)
		return fail("writing %s: %s", path, strerror(errno));
	return 0;
}

static int
cmd_snapshot(struct words *ws)
{
	if (settle(EXPECT_QUIET_MS, EXPECT_MAX_S, 0) != 0)
		return R_FAIL;
	return save_screen(ws->w[1].s);
}

static int
cmd_bytes_reset(struct words *ws)
{
	(void)ws;
	cur->byte_count = 0;
	return 0;
}

static int
cmd_bytes(struct words *ws)
{
	if (settle(EXPECT_QUIET_MS, EXPECT_MAX_S, 0) != 0)
		return R_FAIL;
	printf("bytes %s %llu\n", ws->w[1].s, cur->byte_count);
	return checked_stdout();
}

static int
cmd_sleep(struct words *ws)
{
	double deadline;

	deadline = now() + (double)long_arg(ws, 1, 0) / 1000.0;
	while (now() < deadline)
		if (pump(ms_until(deadline, 1000), 1) < 0)
			return R_FAIL;
	return 0;
}

static int
cmd_echo(struct words *ws)
{
	int i;

	for (i = 1; i < ws->n; i++)
		printf("%s%s", i > 1 ? " " : "", ws->w[i].s);
	printf("\n");
	return checked_stdout();
}

static int
cmd_exec(struct words *ws)
{
	struct buf cmd = { NULL, 0, 0 };
	siginfo_t si;
	double timeout, deadline;
	pid_t pid, r;
	int i, st, fd, ret;

	for (i = 1; i < ws->n; i++) {
		if (i > 1)
			buf_addc(&cmd, ' ');
		buf_add(&cmd, ws->w[i].s, ws->w[i].len);
	}
	timeout = default_timeout > EXEC_TIMEOUT ? default_timeout :
	    EXEC_TIMEOUT;
	flush_std();
	if ((pid = fork()) == -1) {
		free(cmd.p);
		return fail("exec: fork: %s", strerror(errno));
	}
	if (pid == 0) {
		if (setpgid(0, 0) == -1)
			_exit(127);
		child_signals();
		if ((fd = open("/dev/null", O_RDONLY)) == -1 ||
		    dup2(fd, STDIN_FILENO) == -1)
			_exit(127);
		if (fd != STDIN_FILENO)
			(void)close(fd);
		execl("/bin/sh", "sh", "-c", cmd.p, (char *)NULL);
		_exit(127);
	}
	free(cmd.p);
	/* Also set here to avoid racing the child; it may have exec'd. */
	if (setpgid(pid, pid) == -1 && errno != EACCES && errno != ESRCH)
		warnmsg("setpgid: %s", strerror(errno));
	deadline = now() + timeout;
	ret = 0;
	for (;;) {
		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, (id_t)pid, &si,
		    WEXITED | WNOHANG | WNOWAIT) == -1 && errno != EINTR) {
			ret = fail("exec: waitid: %s", strerror(errno));
			break;
		}
		if (si.si_pid == pid)
			break;
		if (now() >= deadline)
			ret = fail("exec: command timed out after %.0f s",
			    timeout);
		else if (pump(ms_until(deadline, 100), 1) < 0)
			ret = R_FAIL;
		if (ret != 0) {
			if (kill(-pid, SIGKILL) == -1 && errno != ESRCH)
				warnmsg("kill: %s", strerror(errno));
			while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
				continue;
			return ret;
		}
	}
	/* Background leftovers; the unreaped shell pins the group id. */
	if (kill(-pid, SIGKILL) == -1 && errno != ESRCH)
		warnmsg("kill: %s", strerror(errno));
	while ((r = waitpid(pid, &st, 0)) == -1 && errno == EINTR)
		continue;
	if (ret != 0)
		return ret;
	if (r == -1)
		return fail("exec: waitpid: %s", strerror(errno));
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFEXITED(st))
		return fail("exec: command exited with status %d",
		    WEXITSTATUS(st));
	if (WIFSIGNALED(st))
		return fail("exec: command killed by signal %s",
		    signame(WTERMSIG(st)));
	return fail("exec: command failed");
}

/* Script. */

static int
read_script(const char *path, struct sline **linesp, int *nlinesp)
{
	FILE *fp;
	char *line = NULL, *p;
	size_t cap = 0, len;
	ssize_t n;
	struct sline *lines = NULL;
	int nlines = 0, lineno = 0;

	if (strcmp(path, "-") == 0)
		fp = stdin;
	else if ((fp = fopen(path, "r")) == NULL) {
		fprintf(stderr, "vtdrive: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((n = getline(&line, &cap, fp)) != -1) {
		lineno++;
		len = (size_t)n;
		if (strlen(line) != len) {
			fprintf(stderr, "%s:%d: NUL byte in script\n",
			    script_name, lineno);
			goto bad;
		}
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		for (p = line; *p == ' ' || *p == '\t'; p++)
			continue;
		if (*p == '\0' || *p == '#')
			continue;
		lines = xrealloc(lines, (size_t)(nlines + 1) * sizeof(*lines));
		lines[nlines].lineno = lineno;
		if ((lines[nlines].text = strdup(p)) == NULL)
			die("out of memory");
		nlines++;
	}
	if (ferror(fp)) {
		fprintf(stderr, "vtdrive: %s: read error\n", path);
		goto bad;
	}
	free(line);
	if (fp != stdin && fclose(fp) == EOF)
		warnmsg("%s: %s", path, strerror(errno));
	*linesp = lines;
	*nlinesp = nlines;
	return 0;
bad:
	free(line);
	while (nlines > 0)
		free(lines[--nlines].text);
	free(lines);
	if (fp != stdin)
		(void)fclose(fp);
	return -1;
}

static void
report(int r)
{
	flush_std();
	fprintf(stderr, "%s:%d: %s\n", script_name, cur_lineno, failmsg);
	if (r == R_FAIL)
		dump_screen(stderr);
}

static int
run_script(struct sline *lines, int nlines)
{
	const struct command *cmd;
	struct words ws = { NULL, 0, 0 };
	int i, r;

	r = 0;
	/* Pass 1: syntax of the whole script before running anything. */
	for (i = 0; i < nlines && r == 0; i++) {
		cur_lineno = lines[i].lineno;
		r = check_line(lines[i].text, &ws, 0, &cmd);
	}
	for (i = 0; i < nlines && r == 0; i++) {
		cur_lineno = lines[i].lineno;
		if ((r = check_line(lines[i].text, &ws, 1, &cmd)) != 0)
			break;
		if (verbose) {
			flush_std();
			fprintf(stderr, "%s:%d: %s\n", script_name,
			    cur_lineno, lines[i].text);
		}
		r = cmd->run(&ws);
		if (r == 0 && quit_signal != 0)
			r = fail("interrupted by signal %s",
			    signame(quit_signal));
	}
	words_free(&ws);
	if (r != 0)
		report(r);
	return r == 0 ? EXIT_PASS : r == R_SYNTAX ? EXIT_SYNTAX : EXIT_FAIL;
}

static void
usage(void)
{
	fprintf(stderr, "usage: vtdrive [-v] [-o SCREENFILE] SCRIPT\n");
	exit(EXIT_SYNTAX);
}

int
main(int argc, char *argv[])
{
	struct sline *lines = NULL;
	const char *outfile = NULL, *s;
	int ch, nlines = 0, rc, i;

	while ((ch = getopt(argc, argv, "vo:")) != -1) {
		switch (ch) {
		case 'v':
			verbose = 1;
			break;
		case 'o':
			outfile = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind + 1 != argc)
		usage();
	script_name = strcmp(argv[optind], "-") == 0 ? "<stdin>" :
	    argv[optind];
	if ((s = getenv("VTDRIVE_TIMEOUT")) != NULL && *s != '\0' &&
	    parse_seconds(s, &default_timeout) == -1) {
		fprintf(stderr, "vtdrive: bad VTDRIVE_TIMEOUT %s\n", s);
		return EXIT_SYNTAX;
	}
	if (read_script(argv[optind], &lines, &nlines) == -1)
		return EXIT_SYNTAX;
	/* The emulated terminal is an xterm; LINES/COLUMNS defeat resize. */
	if (setenv("TERM", "xterm", 1) == -1 || unsetenv("LINES") == -1 ||
	    unsetenv("COLUMNS") == -1)
		die("setenv: %s", strerror(errno));
	setup_signals();
	cur = session_new(MAIN_SESSION);

	rc = run_script(lines, nlines);

	if (outfile != NULL && save_screen(outfile) != 0) {
		fprintf(stderr, "vtdrive: %s\n", failmsg);
		if (rc == EXIT_PASS)
			rc = EXIT_FAIL;
	}
	for (i = 0; i < nsessions; i++) {
		terminate_child(&sessions[i]);
		close_master(&sessions[i]);
	}
	if (quit_signal != 0 && rc == EXIT_PASS)
		rc = EXIT_FAIL;
	for (i = 0; i < nlines; i++)
		free(lines[i].text);
	free(lines);
	for (i = 0; i < nsessions; i++) {
		free(sessions[i].outq.p);
		vterm_free(sessions[i].vt);
	}
	flush_std();
	return rc;
}
