/* replay_main.c — main() for a fuzz target built without libFuzzer (gcc,
 * or clang's TSan build): runs LLVMFuzzerTestOneInput once over every file
 * named on the command line, or every file of a named directory, in name
 * order, as libFuzzer does when given files.  Exit 0 when every input
 * passed (a finding aborts in LLVMFuzzerTestOneInput); 2 on a bad
 * argument.  docs/fuzzing.md "Replaying". */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "%s: cannot read\n", path);
		if (f)
			fclose(f);
		return -1;
	}
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "%s: cannot read\n", path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	fprintf(stderr, "Running: %s (%ld bytes)\n", path, n);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int run_dir(const char *dir, unsigned *count)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, by_name), rc = 0;

	if (n < 0) {
		fprintf(stderr, "%s: cannot list\n", dir);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char path[4096];
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		if (!rc && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			rc = run_file(path);
			(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	unsigned count = 0;

	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		struct stat st;
		int rc;

		if (argv[i][0] == '-')
			continue;   /* libFuzzer flags: meaningless here */
		if (stat(argv[i], &st)) {
			fprintf(stderr, "%s: no such file or directory\n", argv[i]);
			return 2;
		}
		rc = S_ISDIR(st.st_mode) ? run_dir(argv[i], &count)
					 : (count++, run_file(argv[i]));
		if (rc)
			return 2;
	}
	fprintf(stderr, "Executed %u inputs\n", count);
	return 0;
}
