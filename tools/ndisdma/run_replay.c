/* run_replay.c — `ndisdma run --replay FILE`: one fuzz_device input (a
 * finding of `ndisdma fuzz`, or any corpus file) against the miniport,
 * with the lifecycle, every step of the hostile device and every verifier
 * report narrated on stdout, then the verdict.  The machine seed is the
 * fuzzer's (1) unless --seed says otherwise. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ndisdma/fuzz.h"

int run_replay(const struct run_options *o)
{
	const struct builtin_driver *b = o->sample ? builtin_find(o->sample) : builtin_default();
	struct ndisdma_fuzz_config c = { .target = NDISDMA_FUZZ_DEVICE, .driver = o->driver,
					 .seed = o->seed_given ? o->seed : 1, .narrate = stdout };
	struct ndisdma_fuzz *f;
	uint8_t *data;
	char err[16384];
	FILE *in = fopen(o->replay, "rb");
	long n;
	int found;

	if (!in || fseek(in, 0, SEEK_END) || (n = ftell(in)) < 0 || fseek(in, 0, SEEK_SET) ||
	    !(data = malloc((size_t)n + 1)) || fread(data, 1, (size_t)n, in) != (size_t)n) {
		fprintf(stderr, "ndisdma run: cannot read '%s': %s\n", o->replay, strerror(errno));
		if (in)
			fclose(in);
		return CLI_EXIT_USAGE;
	}
	fclose(in);
	if (!o->driver && (!b || !b->device)) {
		fprintf(stderr, "ndisdma run: --replay needs a miniport that drives the "
			"virtio-net device\n");
		free(data);
		return CLI_EXIT_USAGE;
	}
	c.builtin_name = b ? b->name : NULL;
	c.builtin_entry = b ? b->entry : NULL;
	printf("ndisdma run --replay %s (%ld bytes): driver %s, seed %" PRIu64 "\n",
	       o->replay, n, o->driver ? o->driver : c.builtin_name, c.seed);
	fflush(stdout);
	if (ndisdma_fuzz_open(&c, &f, err, sizeof err)) {
		fprintf(stderr, "ndisdma run: %s\n", err);
		free(data);
		return CLI_EXIT_DRIVER;
	}
	found = ndisdma_fuzz_one(f, data, (size_t)n);
	fflush(stdout);
	if (found)
		printf("replay: FINDING: %s\n", ndisdma_fuzz_finding(f));
	else
		printf("replay: no finding (every check passed, pools back at baseline)\n");
	/* the same as the input's inside a fuzzing run (docs/fuzzing.md) */
	printf("replay: hash %016" PRIx64 "\n", ndisdma_fuzz_hash(f));
	fflush(stdout);
	if (found)   /* the adapter may be left mid-failure: do not halt it */
		_exit(CLI_EXIT_VERIFIER);
	ndisdma_fuzz_close(f);
	free(data);
	return CLI_EXIT_OK;
}
