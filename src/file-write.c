/* file-write.c: a text written to a file whole or not at all: beside its name, then renamed over it. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "amparo.h"

/*
 * Write text to path: into path.tmp, flushed to the disk, then renamed
 * over path, so a full disk or a crash leaves the old file as it was and
 * no half-written one. The error names the file and why.
 */
int
file_write(const char *path, const char *text, struct amp_err *err)
{
	FILE	*f;
	char	*tmp;
	int	 fd, saved = 0;

	tmp = xsprintf("%s.tmp", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1 ||
	    (f = fdopen(fd, "w")) == NULL) {
		err_set(err, AMP_EFAIL, _("writing %s failed: %s"), path,
		    strerror(errno));
		if (fd != -1) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return (AMP_EFAIL);
	}
	if (fputs(text, f) == EOF || fflush(f) == EOF || fsync(fd) != 0)
		saved = errno;
	if (fclose(f) != 0 && saved == 0)
		saved = errno;
	if (saved == 0 && rename(tmp, path) != 0)
		saved = errno;
	if (saved != 0) {
		err_set(err, AMP_EFAIL, _("writing %s failed: %s"), path,
		    strerror(saved));
		unlink(tmp);
		free(tmp);
		return (AMP_EFAIL);
	}
	free(tmp);
	return (AMP_OK);
}
