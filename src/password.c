/* password.c: reading a password from the terminal (echo off) or from a file, never from arguments. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "amparo.h"

/* The length of a password in characters, as the official counts them. */
size_t
password_chars(const char *pw, size_t len)
{
	size_t	i, n = 0;

	for (i = 0; i < len; i++) {
		if (((unsigned char)pw[i] & 0xc0) != 0x80)
			n++;
	}
	return (n);
}

/* Prompt on the controlling terminal and read one line without echo. */
int
password_read_tty(const char *prompt, char *buf, size_t size,
    struct amp_err *err)
{
	struct termios	 old, quiet;
	sigset_t	 block, saved;
	size_t		 n = 0;
	ssize_t		 r;
	char		 c;
	int		 fd, rc = AMP_OK;

	if ((fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)) < 0)
		return (err_set(err, AMP_EUSAGE,
		    _("reading the password failed: there is no terminal (use --password-file)")));
	if (tcgetattr(fd, &old) != 0) {
		close(fd);
		return (err_set(err, AMP_EUSAGE,
		    _("reading the password failed: %s"), strerror(errno)));
	}
	/* Hold off interrupts until echo is back on. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGQUIT);
	sigaddset(&block, SIGTSTP);
	sigprocmask(SIG_BLOCK, &block, &saved);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ICANON;
	tcsetattr(fd, TCSAFLUSH, &quiet);
	if (write(fd, prompt, strlen(prompt)) < 0)
		log_debug("%s: writing the prompt failed", __func__);
	for (;;) {
		r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || c == '\n' || c == '\r')
			break;
		if (n + 1 >= size) {
			rc = err_set(err, AMP_EUSAGE,
			    _("reading the password failed: longer than %zu characters"),
			    size - 1);
			continue;
		}
		buf[n++] = c;
	}
	buf[n] = '\0';
	if (write(fd, "\n", 1) < 0)
		log_debug("%s: writing a newline failed", __func__);
	tcsetattr(fd, TCSAFLUSH, &old);
	sigprocmask(SIG_SETMASK, &saved, NULL);
	close(fd);
	c = 0;
	if (rc != AMP_OK)
		wipe(buf, size);
	return (rc);
}

/* The first line of a file (a trainer's shared password, a script's secret). */
int
password_read_file(const char *path, char *buf, size_t size,
    struct amp_err *err)
{
	ssize_t	r;
	size_t	n = 0;
	char	*nl;
	int	fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return (err_set(err, AMP_EUSAGE,
		    _("reading the password file %s failed: %s"), path,
		    strerror(errno)));
	while (n + 1 < size) {
		r = read(fd, buf + n, size - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			close(fd);
			wipe(buf, size);
			return (err_set(err, AMP_EUSAGE,
			    _("reading the password file %s failed: %s"), path,
			    strerror(errno)));
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	if ((nl = memchr(buf, '\n', n)) != NULL)
		*nl = '\0';
	n = strlen(buf);
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	if (n == 0)
		return (err_set(err, AMP_EUSAGE,
		    _("reading the password file %s failed: its first line is empty"),
		    path));
	if (n + 1 >= size && nl == NULL)
		return (err_set(err, AMP_EUSAGE,
		    _("reading the password file %s failed: longer than %zu characters"),
		    path, size - 2));
	return (AMP_OK);
}

/*
 * A password from the file if given, else from the terminal (asked twice when
 * confirm is set).
 */
int
password_get(const char *file, const char *prompt, int confirm, char *buf,
    size_t size, struct amp_err *err)
{
	char	again[PASSWORD_MAX];
	int	rc;

	if (file != NULL)
		return (password_read_file(file, buf, size, err));
	if ((rc = password_read_tty(prompt, buf, size, err)) != AMP_OK)
		return (rc);
	if (!confirm)
		return (AMP_OK);
	rc = password_read_tty(_("Repeat the password: "), again, sizeof again,
	    err);
	if (rc == AMP_OK && strcmp(buf, again) != 0)
		rc = err_set(err, AMP_EUSAGE,
		    _("setting the password failed: the two passwords differ"));
	wipe(again, sizeof again);
	if (rc != AMP_OK)
		wipe(buf, size);
	return (rc);
}
