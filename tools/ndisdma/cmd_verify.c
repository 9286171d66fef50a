/* cmd_verify.c — `ndisdma verify`: one command that gates a miniport in CI
 * (docs/ci.md): the options, the help, and the run of the matrix or the
 * merge of shards' results.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "verify.h"

struct vrow {
	const char *name, *arg, *help;
	const char *(*apply)(struct verify_options *o, const char *v);
};

static const char *v_driver(struct verify_options *o, const char *v)
{
	if (*v == '\0')
		return "expects a path to a miniport shared object";
	o->driver = v;
	return NULL;
}

static const char *v_number(const char *v, unsigned lo, unsigned hi, unsigned *out)
{
	uint64_t n = 0;

	if (parse_u64(v, &n) != NULL || n < lo || n > hi)
		return "is out of range";
	*out = (unsigned)n;
	return NULL;
}

static const char *v_budget(struct verify_options *o, const char *v)
{
	return v_number(v, 1, 86400, &o->budget);
}

static const char *v_jobs(struct verify_options *o, const char *v)
{
	return v_number(v, 1, 256, &o->jobs);
}

static const char *v_report(struct verify_options *o, const char *v)
{
	o->report_path = v;
	return *v ? NULL : "expects a file name";
}

static const char *v_junit(struct verify_options *o, const char *v)
{
	o->junit_path = v;
	return *v ? NULL : "expects a file name";
}

static const char *v_json(struct verify_options *o, const char *v)
{
	(void)v;
	o->json = true;
	return NULL;
}

static const char *v_keyword(struct verify_options *o, const char *v)
{
	if (strchr(v, '=') == NULL || *v == '=')
		return "expects NAME=VALUE";
	if (o->keyword_count == CLI_MAX_KEYWORDS)
		return "is one keyword too many (at most 64)";
	o->keywords[o->keyword_count++] = v;
	return NULL;
}

static const char *v_adapters(struct verify_options *o, const char *v)
{
	return v_number(v, 1, CLI_MAX_ADAPTERS, &o->adapters) ?
	       "expects a number of adapters, 1 to 8" : NULL;
}

static const char *v_traffic(struct verify_options *o, const char *v)
{
	if (strcmp(v, "loopback") != 0 && strcmp(v, "hub") != 0)
		return "expects loopback or hub";
	o->hub = strcmp(v, "hub") == 0;
	return NULL;
}

static const char *v_iommu(struct verify_options *o, const char *v)
{
	return parse_iommu(v, &o->iommu);
}

static const char *v_shard(struct verify_options *o, const char *v)
{
	unsigned k, n;
	char tail;

	if (sscanf(v, "%u/%u%c", &k, &n, &tail) != 2 || n == 0 || k == 0 || k > n || n > 1000)
		return "expects K/N with 1 <= K <= N <= 1000";
	o->shard_k = k;
	o->shard_n = n;
	return NULL;
}

static const char *v_seed(struct verify_options *o, const char *v)
{
	const char *why = parse_u64(v, &o->seed);

	o->seed_given = why == NULL;
	return why;
}

static const char *v_merge(struct verify_options *o, const char *v)
{
	(void)v;
	o->merge = true;
	return NULL;
}

static const char *v_help(struct verify_options *o, const char *v)
{
	(void)v;
	o->help = true;
	return NULL;
}

static const struct vrow vrows[] = {
	{ "--driver", "PATH.so",
	  "the miniport to verify (required unless --merge); each cell runs\n"
	  "`ndisdma run --driver PATH.so` in front of the virtio-net device; a\n"
	  "miniport that never brings it up (one for other hardware) fails the\n"
	  "loopback traffic cells, and their FAIL lines say so (docs/devices.md)",
	  v_driver },
	{ "--budget", "SECONDS",
	  "wall time for the matrix (default 120); cells are ordered so a short\n"
	  "budget still covers every dimension once; cells not started in time are\n"
	  "skipped (not failed); a cell running longer than the budget (at least\n"
	  "60 s) is killed and fails", v_budget },
	{ "--jobs", "N",
	  "cells run at once, each its own process (default: the CPU count)", v_jobs },
	{ "--report", "FILE.sarif",
	  "every cell's verifier reports as one SARIF 2.1.0 log, deduplicated by\n"
	  "rule and call site; each result lists the cells that hit it", v_report },
	{ "--junit", "FILE.xml",
	  "JUnit XML: one testsuite per dimension, one testcase per cell, with\n"
	  "the failing cell's replay line", v_junit },
	{ "--json", NULL,
	  "the result as one JSON object on stdout (every cell, its outcome, replay\n"
	  "line and SARIF results; the table goes to stderr); --merge reads these",
	  v_json },
	{ "--keyword", "NAME=VALUE",
	  "a configuration keyword every cell gives the miniport (repeatable; as\n"
	  "for ndisdma run)", v_keyword },
	{ "--adapters", "N",
	  "adapters of the driver in every cell (1-8; as for ndisdma run)", v_adapters },
	{ "--traffic", "loopback|hub",
	  "the cells' traffic (as for ndisdma run); with hub there are no pause,\n"
	  "reset or halt cells", v_traffic },
	{ "--iommu", "off|strict|lazy",
	  "DMA remapping for every cell (as for ndisdma run; default off); the\n"
	  "matrix always has one cell with --iommu strict besides, where a\n"
	  "miniport that is not DMA-remapping compatible faults\n"
	  "(DMA-NOT-REMAPPABLE, IOMMU-FAULT)", v_iommu },
	{ "--shard", "K/N",
	  "run only the K-th of N disjoint slices of the matrix (needs --seed:\n"
	  "the same seed and driver give the same slices); join the slices' --json\n"
	  "files with --merge", v_shard },
	{ "--seed", "N",
	  "seed the cells' seeds derive from (default: a fresh one, printed)", v_seed },
	{ "--merge", NULL,
	  "--merge A.json B.json ...: join shards' --json files into one table,\n"
	  "SARIF (--report), JUnit (--junit) and JSON (--json); runs nothing",
	  v_merge },
	{ "--help", NULL, "show this help and exit", v_help },
};

#define VROW_COUNT (sizeof vrows / sizeof vrows[0])

static void verify_usage(FILE *out)
{
	fputs("usage: ndisdma verify --driver PATH.so [options]\n"
	      "       ndisdma verify --merge A.json B.json ... [--report F] [--junit F] [--json]\n\n"
	      "Runs a matrix of short `ndisdma run` cells of one miniport, each its own\n"
	      "process, within a time budget, and says pass or fail.  The matrix: DMA\n"
	      "reach 64 and 32 bits x layouts contiguous, scattered, high, mixed; stress\n"
	      "none, defer, split, bounce and all three; verifier full; a fault sweep\n"
	      "failing once each internal allocation point a short run reaches\n"
	      "(nth:1..M) and seeded probabilistic faults (p:0.002); seeded schedules\n"
	      "(--sched pct:3, several seeds); the IOMMU on (--iommu strict: is the\n"
	      "miniport DMA-remapping compatible?); pause/restart cycles and\n"
	      "resets during traffic; a halt with frames in flight; jumbo frames when\n"
	      "the miniport reports a 9000-byte MTU with *JumboPacket=9014.  A cell\n"
	      "passes when nothing is lost, doubled, corrupted or leaked and no verifier\n"
	      "error is reported; under --fault, a send or an initialization that\n"
	      "fails because of the injected fault passes.  It prints a progress bar on\n"
	      "a terminal, a table (one row per dimension value: cells, passed,\n"
	      "failed, skipped, rule ids seen) and, for each failing cell, the\n"
	      "`ndisdma run ...` line that replays it (docs/ci.md).\n\n"
	      "options (--name VALUE or --name=VALUE):\n", out);
	for (size_t i = 0; i < VROW_COUNT; i++) {
		const char *p = vrows[i].help;

		fprintf(out, "  %s%s%s\n", vrows[i].name, vrows[i].arg ? " " : "",
			vrows[i].arg ? vrows[i].arg : "");
		while (*p != '\0') {
			size_t len = strcspn(p, "\n");

			fprintf(out, "      %.*s\n", (int)len, p);
			p += len + (p[len] == '\n');
		}
	}
	fputs("\nexit status:\n"
	      "  0  every cell passed (cells the budget left out do not count)\n"
	      "  1  a cell had a verifier error, a lost frame or a data mismatch\n"
	      "  2  usage error\n"
	      "  4  a cell's driver failed to load, initialize, pause or reset (not\n"
	      "     because of an injected fault), crashed or hung\n"
	      "  5  ndisdma could not start a cell or write a report file\n"
	      "  7  a cell's driver called KeBugCheckEx\n", out);
}

static int parse(int argc, char **argv, struct verify_options *o, char *err, size_t len)
{
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *eq = strchr(arg, '='), *value = NULL, *why;
		size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
		const struct vrow *row = NULL;

		if (o->merge && strncmp(arg, "--", 2) != 0) {
			if (o->merge_count == VERIFY_MAX_MERGE)
				return snprintf(err, len, "--merge: at most 256 files"), -1;
			o->merge_files[o->merge_count++] = arg;
			continue;
		}
		for (size_t r = 0; r < VROW_COUNT; r++)
			if (strlen(vrows[r].name) == n && strncmp(vrows[r].name, arg, n) == 0)
				row = &vrows[r];
		if (row == NULL)
			return snprintf(err, len, "unknown option or argument '%s' (see ndisdma "
					"verify --help)", arg), -1;
		if (row->arg != NULL) {
			if (eq == NULL && i + 1 >= argc)
				return snprintf(err, len, "%s needs a value", row->name), -1;
			value = eq ? eq + 1 : argv[++i];
		} else if (eq != NULL) {
			return snprintf(err, len, "%s takes no value", row->name), -1;
		}
		why = row->apply(o, value);
		if (why != NULL)
			return snprintf(err, len, "%s '%s' %s", row->name, value ? value : "", why), -1;
		if (o->help)
			return 0;
	}
	if (o->merge && o->merge_count == 0)
		return snprintf(err, len, "--merge needs the shards' --json files"), -1;
	if (!o->merge && o->driver == NULL)
		return snprintf(err, len, "--driver PATH.so is required"), -1;
	if (o->shard_n > 1 && !o->seed_given)
		return snprintf(err, len, "--shard needs --seed (every shard must lay out the "
				"same matrix)"), -1;
	if (o->hub && o->adapters < 2)
		return snprintf(err, len, "--traffic hub: needs --adapters 2 or more"), -1;
	return 0;
}

static void header(FILE *out, const struct verify_options *o, const struct verify_matrix *mx)
{
	unsigned mine = 0;

	for (unsigned i = 0; i < mx->count; i++)
		mine += verify_in_shard(o, &mx->cells[i]);
	fprintf(out, "ndisdma verify: %s, %u cells (fault sweep over %u allocation points, "
		"jumbo %s), shard %u/%u: %u cells, budget %u s, "
		"--jobs %u, seed %" PRIu64 "\n", o->driver, mx->count, mx->fault_points,
		mx->jumbo ? "yes" : "no (no 9000-byte MTU with *JumboPacket=9014)",
		o->shard_k, o->shard_n,
		mine, o->budget, o->jobs, o->seed);
	fflush(out);
}

static int run_matrix(struct verify_options *o, struct verify_matrix *mx, FILE *out,
		      double *seconds)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int rc;

	if (n <= 0) {
		fprintf(stderr, "ndisdma verify: cannot find the running binary: %s\n",
			strerror(errno));
		return CLI_EXIT_INTERNAL;
	}
	self[n] = '\0';
	rc = verify_matrix_build(o, self, mx);
	if (rc != CLI_EXIT_OK)
		return rc;
	for (unsigned i = 0; i < mx->count; i++)
		verify_replay_line(o, &mx->cells[i], mx->cells[i].replay,
				   sizeof(mx->cells[i].replay));
	header(out, o, mx);
	return verify_exec(o, self, mx, out, seconds);
}

int cmd_verify(int argc, char **argv)
{
	struct verify_options o;
	struct verify_matrix mx;
	char err[512];
	double seconds = 0;
	FILE *out;
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&mx, 0, sizeof(mx));
	o.budget = VERIFY_DEFAULT_BUDGET;
	o.shard_k = o.shard_n = 1;
	if (parse(argc, argv, &o, err, sizeof(err)) != 0) {
		fprintf(stderr, "ndisdma verify: %s\n", err);
		return CLI_EXIT_USAGE;
	}
	if (o.help) {
		verify_usage(stdout);
		return CLI_EXIT_OK;
	}
	if (o.jobs == 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		o.jobs = cpus > 0 ? (unsigned)cpus : 1;
	}
	if (!o.seed_given)
		o.seed = random_seed() & 0xFFFFFFFFull;
	out = o.json ? stderr : stdout;
	rc = o.merge ? verify_read_merge(&o, &mx, &seconds) : run_matrix(&o, &mx, out, &seconds);
	if (rc == CLI_EXIT_OK) {
		verify_print_table(out, &o, &mx, seconds);
		rc = verify_exit_status(&mx);
		if (o.report_path != NULL && verify_write_sarif(o.report_path, &mx) != CLI_EXIT_OK &&
		    rc == CLI_EXIT_OK)
			rc = CLI_EXIT_INTERNAL;
		if (o.junit_path != NULL && verify_write_junit(o.junit_path, &o, &mx) != CLI_EXIT_OK &&
		    rc == CLI_EXIT_OK)
			rc = CLI_EXIT_INTERNAL;
		if (o.json)
			verify_write_json(stdout, &o, &mx, seconds, rc);
	}
	verify_matrix_free(&mx);
	free(o.merged_driver);
	return rc;
}
