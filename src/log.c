/* log.c: fatal errors (leaving the terminal usable first), warnings, debug log, error values. */

#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "amparo.h"

static void	(*log_cleanup)(void);
static FILE	*log_file;

/* Set what must run before a fatal message is printed (leaving curses). */
void
log_set_cleanup(void (*fn)(void))
{
	log_cleanup = fn;
}

/*
 * Open the debug log named by AMPARO_DEBUG_LOG; it never holds record content.
 */
void
log_open_debug(const char *path)
{
	if (path == NULL || *path == '\0' || log_file != NULL)
		return;
	log_file = fopen(path, "a");
	if (log_file != NULL)
		setvbuf(log_file, NULL, _IOLBF, 0);
}

void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	if (log_file == NULL)
		return;
	fprintf(log_file, "%lld %ld: ", (long long)time(NULL), (long)getpid());
	va_start(ap, fmt);
	vfprintf(log_file, fmt, ap);
	va_end(ap);
	fputc('\n', log_file);
}

static AMP_DEAD void
fatal_exit(const char *msg, const char *why)
{
	void	(*fn)(void) = log_cleanup;

	log_cleanup = NULL;	/* a fault inside the cleanup must not loop */
	if (fn != NULL)
		fn();
	if (why != NULL)
		fprintf(stderr, "amparo: %s: %s\n", msg, why);
	else
		fprintf(stderr, "amparo: %s\n", msg);
	log_debug("fatal: %s", msg);
	_exit(AMP_EFAIL);
}

void
fatal(const char *fmt, ...)
{
	char	msg[512];
	int	saved = errno;
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fatal_exit(msg, strerror(saved));
}

void
fatalx(const char *fmt, ...)
{
	char	msg[512];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fatal_exit(msg, NULL);
}

/* "amparo: message" on the standard error. */
void
vwarnx_amp(const char *fmt, va_list ap)
{
	fputs("amparo: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
warnx_amp(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vwarnx_amp(fmt, ap);
	va_end(ap);
}

/* Record an error: a status code and a message "what failed: why". */
int
err_set(struct amp_err *err, int code, const char *fmt, ...)
{
	va_list	ap;

	if (err == NULL)
		return (code);
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return (code);
}

void
err_clear(struct amp_err *err)
{
	err->code = AMP_OK;
	err->msg[0] = '\0';
}

void
err_print(const struct amp_err *err)
{
	warnx_amp("%s", err->msg[0] != '\0' ? err->msg : _("unknown error"));
}
