/* cmd_fuzz.c — `ndisdma fuzz`: the fuzz targets (include/ndisdma/fuzz.h)
 * in process.  Fuzzing itself is libFuzzer's (LLVMFuzzerRunDriver), in a
 * binary built by `make fuzz` (NDISDMA_HAVE_LIBFUZZER); any binary
 * replays inputs given as files.  docs/fuzzing.md.
 *
 * Findings: a crash, sanitizer report or timeout is written by libFuzzer
 * (crash-*, timeout-* under --findings); a finding the target names (a
 * status against spec §4/§5, a verifier error, a leak, a broken NBL
 * promise) is written here as finding-<target>-<hash> with a .txt beside
 * it holding the reason.  The run then stops (exit 1), as libFuzzer does
 * at its first crash; -fork=N -ignore_crashes=1 after `--` keeps going.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "ndisdma/fuzz.h"

struct fuzz_options {
	const char *driver;
	int target;
	double time_s;
	const char *corpus;
	const char *findings;
	bool seed_given;
	uint64_t seed;
	const char **files;           /* inputs to replay (argv's, any number) */
	unsigned nfiles;
	char **engine_args;           /* after "--": libFuzzer's own flags */
	unsigned nengine;
};

static struct {
	struct ndisdma_fuzz *f;
	const struct fuzz_options *o;
	uint64_t inputs;
} fz;

static void fuzz_usage(FILE *out)
{
	fputs("usage: ndisdma fuzz [--driver PATH.so] [--target device|sg_build|sg_description]\n"
	      "                    [--time S] [--corpus DIR] [--findings DIR] [--seed N]\n"
	      "                    [FILE...] [-- LIBFUZZER_FLAGS...]\n\n"
	      "Runs a fuzz target in process (docs/fuzzing.md):\n"
	      "  device          a hostile virtio-net device against the miniport\n"
	      "                  (default; --driver, else the built-in virtio_net sample)\n"
	      "  sg_build        SG lists against an independent reference builder\n"
	      "  sg_description  NdisMRegisterScatterGatherDma against spec section 4\n\n"
	      "  --time S        fuzz for S seconds (default 60)\n"
	      "  --corpus DIR    inputs to start from; new interesting inputs are added\n"
	      "  --findings DIR  where findings are written (default fuzz-findings)\n"
	      "  --seed N        libFuzzer's seed and the machine's (default 1)\n"
	      "  FILE...         run these inputs once each and stop (a replay; works in\n"
	      "                  any build), narrating with NDISDMA_FUZZ_NARRATE=1\n\n"
	      "Fuzzing needs libFuzzer linked in: build with `make fuzz` and run\n"
	      "build/fuzz/ndisdma.  A device finding replays with narration:\n"
	      "  ndisdma run --replay FILE [--driver PATH.so]\n\n"
	      "exit status: 0 no finding, 1 a finding (written under --findings),\n"
	      "2 usage error or fuzzing not built in, 4 the driver did not load or\n"
	      "(device) is not a virtio-net miniport, 5 internal error\n", out);
}

static int parse(int argc, char **argv, struct fuzz_options *o)
{
	memset(o, 0, sizeof(*o));
	o->time_s = 60;
	o->findings = "fuzz-findings";
	o->seed = 1;
	/* each at most one per argument: a whole corpus replays in one call */
	o->files = calloc((size_t)argc + 1, sizeof(*o->files));
	o->engine_args = calloc((size_t)argc + 1, sizeof(*o->engine_args));
	if (!o->files || !o->engine_args)
		return fprintf(stderr, "ndisdma fuzz: out of memory\n"), -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--")) {
			for (i++; i < argc; i++)
				o->engine_args[o->nengine++] = argv[i];
			break;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h"))
			return 1;
		if (a[0] != '-') {
			o->files[o->nfiles++] = a;
			continue;
		}
		if (!v)
			return fprintf(stderr, "ndisdma fuzz: %s needs a value\n", a), -1;
		i++;
		if (!strcmp(a, "--driver"))
			o->driver = v;
		else if (!strcmp(a, "--target") && (o->target = ndisdma_fuzz_target_parse(v)) >= 0)
			continue;
		else if (!strcmp(a, "--time") && (o->time_s = strtod(v, NULL)) > 0)
			continue;
		else if (!strcmp(a, "--corpus"))
			o->corpus = v;
		else if (!strcmp(a, "--findings"))
			o->findings = v;
		else if (!strcmp(a, "--seed") && !parse_u64(v, &o->seed))
			o->seed_given = true;
		else
			return fprintf(stderr, "ndisdma fuzz: bad option or value '%s %s'\n", a, v), -1;
	}
	return 0;
}

static uint64_t fnv1a(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (n--)
		h = (h ^ *p++) * 0x100000001b3ull;
	return h;
}

/* finding-<target>-<hash> and its reason beside it. */
static void write_finding(const uint8_t *data, size_t size, const char *why)
{
	char path[4096];
	FILE *out;

	mkdir(fz.o->findings, 0777);
	snprintf(path, sizeof path, "%s/finding-%s-%016" PRIx64, fz.o->findings,
		 ndisdma_fuzz_target_name(fz.o->target), fnv1a(data, size));
	if ((out = fopen(path, "wb"))) {
		fwrite(data, 1, size, out);
		fclose(out);
	}
	fprintf(stderr, "ndisdma fuzz: FINDING (%s): %s\n  input: %s\n  replay: %s\n",
		ndisdma_fuzz_target_name(fz.o->target), why, path,
		fz.o->target == NDISDMA_FUZZ_DEVICE ? "ndisdma run --replay FILE"
						    : "ndisdma fuzz --target T FILE");
	strncat(path, ".txt", sizeof path - strlen(path) - 1);
	if ((out = fopen(path, "w"))) {
		fprintf(out, "%s\n", why);
		fclose(out);
	}
}

static int one_input(const uint8_t *data, size_t size)
{
	fz.inputs++;
	if (ndisdma_fuzz_one(fz.f, data, size)) {
		write_finding(data, size, ndisdma_fuzz_finding(fz.f));
		fflush(NULL);
		_exit(CLI_EXIT_VERIFIER);   /* not exit(): libFuzzer's atexit would call it a crash */
	}
	return 0;
}

static int read_file(const char *path, uint8_t **data, size_t *size)
{
	FILE *in = fopen(path, "rb");
	long n;

	if (!in || fseek(in, 0, SEEK_END) || (n = ftell(in)) < 0 || fseek(in, 0, SEEK_SET) ||
	    !(*data = malloc((size_t)n + 1)) || fread(*data, 1, (size_t)n, in) != (size_t)n) {
		fprintf(stderr, "ndisdma fuzz: cannot read '%s': %s\n", path, strerror(errno));
		if (in)
			fclose(in);
		return -1;
	}
	fclose(in);
	*size = (size_t)n;
	return 0;
}

static int replay_files(const struct fuzz_options *o)
{
	for (unsigned i = 0; i < o->nfiles; i++) {
		uint8_t *data = NULL;
		size_t size;

		if (read_file(o->files[i], &data, &size))
			return CLI_EXIT_USAGE;
		one_input(data, size);
		fprintf(stderr, "ndisdma fuzz: %s: no finding (hash %016" PRIx64 ")\n",
			o->files[i], ndisdma_fuzz_hash(fz.f));
		free(data);
	}
	return CLI_EXIT_OK;
}

#if defined(NDISDMA_HAVE_LIBFUZZER) && defined(NDISDMA_SANITIZER) && NDISDMA_SANITIZER == 1
/* As tests/fuzz/fuzz_target.c: a 64 MiB quarantine and 8-frame
 * malloc/free stacks (ASAN_OPTIONS overrides them; docs/fuzzing.md
 * "Fresh state per input", "Triaging a finding"). */
const char *__asan_default_options(void);
__attribute__((used, visibility("default"))) const char *__asan_default_options(void)
{
	return "quarantine_size_mb=64:malloc_context_size=8";
}
#endif

#ifdef NDISDMA_HAVE_LIBFUZZER
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*cb)(const uint8_t *, size_t));

static int run_engine(const struct fuzz_options *o)
{
	/* inputs as long as each format needs (docs/fuzzing.md): 16 MDLs of
	 * sg_build, a script of a few dozen frames */
	static const unsigned max_len[NDISDMA_FUZZ_TARGETS] = { 8192, 160, 64 };
	static char flags[5][4200];
	/* the program's name, the five flags below, the engine's own, the
	 * corpus and the terminating NULL */
	char **args = calloc(1 + 5 + o->nengine + 1 + 1, sizeof(*args)), **argv = args;
	int n = 0, rc;

	if (!args)
		return fputs("ndisdma fuzz: out of memory\n", stderr), CLI_EXIT_INTERNAL;

	args[n++] = "ndisdma-fuzz";
	mkdir(o->findings, 0777);
	snprintf(flags[0], sizeof flags[0], "-max_total_time=%.0f", o->time_s);
	snprintf(flags[1], sizeof flags[1], "-seed=%" PRIu64, o->seed);
	snprintf(flags[2], sizeof flags[2], "-artifact_prefix=%s/", o->findings);
	snprintf(flags[3], sizeof flags[3], "-timeout=30");
	snprintf(flags[4], sizeof flags[4], "-max_len=%u", max_len[o->target]);
	for (int i = 0; i < 5; i++)
		args[n++] = flags[i];
	for (unsigned i = 0; i < o->nengine; i++)
		args[n++] = o->engine_args[i];
	if (o->corpus) {
		mkdir(o->corpus, 0777);
		args[n++] = (char *)o->corpus;
	}
	args[n] = NULL;
	rc = LLVMFuzzerRunDriver(&n, &argv, one_input) ? CLI_EXIT_VERIFIER : CLI_EXIT_OK;
	free(args);
	return rc;
}
#else
static int run_engine(const struct fuzz_options *o)
{
	(void)o;
	fputs("ndisdma fuzz: this ndisdma was built without libFuzzer, so it can only\n"
	      "replay inputs (ndisdma fuzz --target T FILE...).  To fuzz, build with\n"
	      "clang: `make fuzz` (build/fuzz, -fsanitize=fuzzer,address,undefined),\n"
	      "then run build/fuzz/ndisdma fuzz ... (docs/fuzzing.md).\n", stderr);
	return CLI_EXIT_USAGE;
}
#endif

static void options_free(struct fuzz_options *o)
{
	free(o->files);
	free(o->engine_args);
}

static int fuzz_with(struct fuzz_options *o)
{
	struct ndisdma_fuzz_config c = { .builtin_name = builtin_default()->name,
					 .builtin_entry = builtin_default()->entry };
	const char *narrate = getenv("NDISDMA_FUZZ_NARRATE");
	char err[16384];
	int rc;

#ifndef NDISDMA_HAVE_LIBFUZZER
	if (!o->nfiles)
		return run_engine(o);
#endif
	c.target = (enum ndisdma_fuzz_target)o->target;
	c.driver = o->driver;
	c.seed = o->seed;
	c.narrate = narrate && *narrate && *narrate != '0' ? stderr : NULL;
	if (ndisdma_fuzz_open(&c, &fz.f, err, sizeof err)) {
		fprintf(stderr, "ndisdma fuzz: %s\n", err);
		return CLI_EXIT_DRIVER;
	}
	fz.o = o;
	fprintf(stderr, "ndisdma fuzz: target %s, driver %s, seed %" PRIu64 "\n",
		ndisdma_fuzz_target_name(c.target), o->driver ? o->driver : c.builtin_name, o->seed);
	rc = o->nfiles ? replay_files(o) : run_engine(o);
	ndisdma_fuzz_close(fz.f);
	return rc;
}

int cmd_fuzz(int argc, char **argv)
{
	struct fuzz_options o;
	int rc = parse(argc, argv, &o);

	if (rc)
		fuzz_usage(rc > 0 ? stdout : stderr);
	rc = rc > 0 ? CLI_EXIT_OK : rc < 0 ? CLI_EXIT_USAGE : fuzz_with(&o);
	options_free(&o);
	return rc;
}
