/* kdf-slot.c: a limit on password hashings running at once, so that many logins together cannot exhaust memory. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "amparo.h"

#define SLOT_FILE	"kdf.lock"
#define SLOTS_MAX	64

/* Bytes of memory the kernel says can be had without swapping. */
static uint64_t
mem_available(void)
{
	FILE		*f;
	char		 line[128];
	unsigned long long kb = 0;

	if ((f = fopen("/proc/meminfo", "r")) == NULL)
		return (0);
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1)
			break;
	}
	fclose(f);
	return ((uint64_t)kb * 1024);
}

/*
 * How many hashings of mem bytes may run at once: half the available
 * memory's worth, at least one, at most two a processor.
 */
unsigned
kdf_slots(uint64_t mem)
{
	uint64_t	avail = mem_available(), n;
	long		cpus = sysconf(_SC_NPROCESSORS_ONLN);

	n = mem > 0 ? avail / 2 / mem : SLOTS_MAX;
	if (cpus > 0 && n > (uint64_t)cpus * 2)
		n = (uint64_t)cpus * 2;
	if (n > SLOTS_MAX)
		n = SLOTS_MAX;
	return (n > 0 ? (unsigned)n : 1);
}

static int
lock_byte(int fd, unsigned i, int wait)
{
	struct flock	fl;

	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = (off_t)i;
	fl.l_len = 1;
	while (fcntl(fd, wait ? F_SETLKW : F_SETLK, &fl) == -1) {
		if (errno != EINTR)
			return (-1);
	}
	return (0);
}

/*
 * Take one of the store's hashing slots (a byte of kdf.lock held with a
 * record lock, let go when the process exits or kdf_slot_release closes
 * it), waiting for one when all are taken. -1 when the lock file cannot be
 * used: the hashing then runs without a slot rather than not at all.
 */
int
kdf_slot_acquire(const char *dir, uint64_t mem)
{
	unsigned	 n = kdf_slots(mem), i;
	char		*path;
	int		 fd;

	path = xsprintf("%s/%s", dir, SLOT_FILE);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0660);
	if (fd == -1)
		log_debug("%s: %s: %s", __func__, path, strerror(errno));
	free(path);
	if (fd == -1)
		return (-1);
	for (i = 0; i < n; i++) {
		if (lock_byte(fd, i, 0) == 0)
			return (fd);
	}
	if (lock_byte(fd, (unsigned)getpid() % n, 1) == 0)
		return (fd);
	close(fd);
	return (-1);
}

void
kdf_slot_release(int fd)
{
	if (fd != -1)
		close(fd);
}
