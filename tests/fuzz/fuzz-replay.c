/* fuzz-replay.c: main() of the replay programs: files through a fuzz target without libFuzzer, as make check runs the corpora. */

/*
 * Linked with one target (fuzz-expr.c, fuzz-forms.c, fuzz-card.c) it runs
 * each file named, and each file of a directory named (in name order),
 * through LLVMFuzzerTestOneInput, and says how many it ran. A crash is the
 * target's or a sanitizer's; exit 1 if a file could not be read.
 */

#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "amparo.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
replay_file(const char *path)
{
	unsigned char	*p = NULL;
	size_t		 n = 0, cap = 0, r;
	FILE		*f;

	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		return (1);
	}
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			p = xreallocarray(p, cap, 1);
		}
		if ((r = fread(p + n, 1, cap - n, f)) == 0)
			break;
		n += r;
	}
	if (ferror(f)) {
		perror(path);
		fclose(f);
		free(p);
		return (1);
	}
	fclose(f);
	LLVMFuzzerTestOneInput(p, n);
	free(p);
	return (0);
}

static int
not_hidden(const struct dirent *de)
{
	return (de->d_name[0] != '.');
}

int
main(int argc, char **argv)
{
	struct dirent	**v;
	struct stat	  sb;
	char		 *path;
	int		  i, j, n, bad = 0, runs = 0;

	LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &sb) != 0 || !S_ISDIR(sb.st_mode)) {
			bad |= replay_file(argv[i]);
			runs++;
			continue;
		}
		if ((n = scandir(argv[i], &v, not_hidden, alphasort)) < 0) {
			perror(argv[i]);
			bad = 1;
			continue;
		}
		for (j = 0; j < n; j++) {
			path = xsprintf("%s/%s", argv[i], v[j]->d_name);
			bad |= replay_file(path);
			runs++;
			free(path);
			free(v[j]);
		}
		free(v);
	}
	printf("%d inputs replayed\n", runs);
	return (bad);
}
