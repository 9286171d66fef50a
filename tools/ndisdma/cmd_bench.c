/* cmd_bench.c — `ndisdma bench` (spec §12): workloads W1-W11
 * through the public NDIS API, against baselines measured in the same run;
 * a text table or one JSON object on stdout, progress on stderr.
 */
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "bench_run.h"

static void bench_usage(FILE *out)
{
	fputs("usage: ndisdma bench [options]\n\n"
	      "Measures ndisdma's SG DMA path the way a miniport sees it: a built-in\n"
	      "bench miniport registers a channel with NdisMRegisterScatterGatherDma and\n"
	      "maps NET_BUFFERs at DISPATCH_LEVEL (NdisMAllocateNetBufferSGList +\n"
	      "MiniportProcessSGList + NdisMFreeNetBufferSGList), against baselines run\n"
	      "in the same process on the same packets: ideal walk (the MDLs' PFN arrays\n"
	      "to elements, no API), memcpy of the bounced bytes (W5), naive translation\n"
	      "(a pread of /proc/self/pagemap per page) and DPDK (chained rte_mbuf ->\n"
	      "IOVA array; when built with libdpdk).  W8 is `ndisdma run`'s traffic end\n"
	      "to end instead (the virtio-net sample and its device model, seeded\n"
	      "scheduler; --packets frames per run), read against W1.\n\n"
	      "workloads:\n", out);
	for (size_t i = 0; i < bench_workload_count; i++)
		fprintf(out, "  %s  %s\n", bench_workloads[i].name, bench_workloads[i].title);
	fputs("\noptions:\n"
	      "  --seed N         seed of the packet layouts (default: random, printed)\n"
	      "  --packets N      packets per run and thread (default 1000000)\n"
	      "  --runs R         runs per workload (default 5)\n"
	      "  --workloads LIST comma-separated subset, e.g. W1,W9 (default: all)\n"
	      "  --iommu MODE     off, strict or lazy: the workloads without their own\n"
	      "                   mode (all but W9-W11) run behind the IOMMU (spec §11;\n"
	      "                   default off)\n"
	      "  --json           one JSON object on stdout instead of the table\n"
	      "  --help           this text\n\n"
	      "Ratios are ours / baseline in time per packet (median over batches of\n"
	      "1000 packets); W6 times are per packet of the two threads together;\n"
	      "W8's median is over its runs (one timing per run).\n"
	      "W9 - W1 and W10 - W1 are the IOMMU's map + unmap per list (lazy, strict).\n"
	      "exit status: 0 measured, 2 usage error, 5 a measurement failed\n", out);
}

static const char *parse_workloads(const char *text, unsigned *mask)
{
	char buf[128];
	char *save = NULL;

	if (strlen(text) >= sizeof(buf))
		return "expects a short list such as W1,W5";
	strcpy(buf, text);
	*mask = 0;
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t i = 0;

		while (i < bench_workload_count && strcmp(tok, bench_workloads[i].name) != 0)
			i++;
		if (i == bench_workload_count)
			return "expects workload names such as W1,W9 (see --help), comma-separated";
		*mask |= 1u << i;
	}
	return *mask ? NULL : "expects at least one workload";
}

static const char *apply(struct bench_options *o, const char *name, const char *value)
{
	uint64_t n;
	const char *why;

	if (strcmp(name, "--seed") == 0) {
		o->seed_given = true;
		return parse_u64(value, &o->seed);
	}
	if (strcmp(name, "--workloads") == 0)
		return parse_workloads(value, &o->only);
	if (strcmp(name, "--iommu") == 0)
		return parse_iommu(value, &o->iommu);
	why = parse_u64(value, &n);
	if (why)
		return why;
	if (n == 0)
		return "expects a number above 0";
	if (strcmp(name, "--packets") == 0)
		o->packets = n;
	else if (n > 1000)
		return "expects at most 1000 runs";
	else
		o->runs = (unsigned)n;
	return NULL;
}

static int parse_options(int argc, char **argv, struct bench_options *o)
{
	static const char *valued[] = { "--seed", "--packets", "--runs", "--workloads",
					"--iommu" };
	const size_t nvalued = sizeof(valued) / sizeof(valued[0]);

	memset(o, 0, sizeof(*o));
	o->packets = 1000000;
	o->runs = 5;
	for (int i = 1; i < argc; i++) {
		const char *why = NULL;
		size_t v = 0;

		if (strcmp(argv[i], "--json") == 0) {
			o->json = true;
			continue;
		}
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			o->help = true;
			continue;
		}
		while (v < nvalued && strcmp(argv[i], valued[v]) != 0)
			v++;
		if (v == nvalued) {
			fprintf(stderr, "ndisdma bench: unknown option '%s' (see ndisdma bench --help)\n",
				argv[i]);
			return -1;
		}
		if (i + 1 >= argc)
			why = "expects a value";
		else
			why = apply(o, argv[i], argv[i + 1]);
		if (why) {
			fprintf(stderr, "ndisdma bench: %s %s\n", argv[i], why);
			return -1;
		}
		i++;
	}
	return 0;
}

/* CPUs this thread, and so every bench thread it creates, may run on. */
static unsigned thread_cpus(void)
{
	cpu_set_t cpus;

	if (pthread_getaffinity_np(pthread_self(), sizeof(cpus), &cpus) != 0)
		return 0;
	return (unsigned)CPU_COUNT(&cpus);
}

static void probe_baselines(struct bench_env *env)
{
	env->skipped[BENCH_PAGEMAP] = bench_pagemap_check();
	env->skipped[BENCH_DPDK] = bench_dpdk_start();
	env->thread_cpus = thread_cpus();
	for (int b = 0; b < BENCH_BASELINES; b++)
		if (env->skipped[b])
			fprintf(stderr, "ndisdma bench: baseline %s skipped: %s\n",
				bench_baseline_name((enum bench_baseline)b), env->skipped[b]);
}

int cmd_bench(int argc, char **argv)
{
	struct bench_options o;
	struct bench_env env;
	struct bench_result results[16];
	const struct bench_workload *chosen[16];
	struct bench_acc acc[16];
	size_t n = 0;
	int rc = CLI_EXIT_OK;

	memset(acc, 0, sizeof(acc));
	memset(results, 0, sizeof(results));
	if (parse_options(argc, argv, &o) != 0)
		return CLI_EXIT_USAGE;
	if (o.help) {
		bench_usage(stdout);
		return CLI_EXIT_OK;
	}
	if (!o.seed_given)
		o.seed = random_seed();
	fprintf(stderr, "ndisdma bench: seed %" PRIu64 " (repeat with --seed %" PRIu64 ")\n",
		o.seed, o.seed);
	bench_env_probe(&env);
	probe_baselines(&env);
	/* run 1 of every workload, then run 2, ...: drift on a shared
	 * machine hits every workload alike (W6 and W7 are read against W1) */
	for (size_t i = 0; i < bench_workload_count; i++)
		if (!o.only || (o.only & (1u << i)))
			chosen[n++] = &bench_workloads[i];
	for (unsigned run = 0; run < o.runs && rc == CLI_EXIT_OK; run++)
		for (size_t i = 0; i < n && rc == CLI_EXIT_OK; i++)
			if (bench_run_round(&o, &env, chosen[i], run, &acc[i], &results[i]) != 0)
				rc = CLI_EXIT_INTERNAL;
	for (size_t i = 0; i < n; i++)
		bench_finish(&acc[i], &results[i]);
	bench_dpdk_stop();
	if (o.json)
		bench_print_json(stdout, &o, &env, results, n);
	else
		bench_print_table(stdout, &o, &env, results, n);
	return rc;
}
