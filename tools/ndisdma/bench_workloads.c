/* bench_workloads.c — the workloads W1-W8 and the IOMMU's W9-W11
 * (docs/benchmarks.md, docs/iommu.md), and the machine facts the results
 * are stated with (CPU model, cores, kernel, compiler).
 */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "bench_run.h"

/* Header MDL: Ethernet + IPv4 + TCP (54 bytes), as stacks build frames. */
#define HDR 54u

const struct bench_workload bench_workloads[] = {
	{ "W1", "1514 B, 2 MDLs (header + payload), 64-bit",
	  { { HDR, 1514 - HDR }, 2, 256 }, 64, NDISDMA_LAYOUT_CONTIGUOUS,
	  NDISDMA_VERIFIER_OFF, 1, false, NDISDMA_IOMMU_OFF },
	{ "W2", "64 KiB large send, 17 MDLs, 64-bit",
	  { { 64, 4092, 4092, 4092, 4092, 4092, 4092, 4092, 4092, 4092, 4092,
	      4092, 4092, 4092, 4092, 4092, 4092 }, 17, 32 },
	  64, NDISDMA_LAYOUT_CONTIGUOUS, NDISDMA_VERIFIER_OFF, 1, false, NDISDMA_IOMMU_OFF },
	{ "W3", "9000 B jumbo, 3 MDLs, 64-bit",
	  { { HDR, 4473, 9000 - HDR - 4473 }, 3, 128 }, 64,
	  NDISDMA_LAYOUT_CONTIGUOUS, NDISDMA_VERIFIER_OFF, 1, false, NDISDMA_IOMMU_OFF },
	{ "W4", "60 B, 1 MDL, 64-bit",
	  { { 60 }, 1, 256 }, 64, NDISDMA_LAYOUT_CONTIGUOUS,
	  NDISDMA_VERIFIER_OFF, 1, false, NDISDMA_IOMMU_OFF },
	{ "W5", "1514 B, 2 MDLs, 32-bit channel, mixed layout (bounce)",
	  { { HDR, 1514 - HDR }, 2, 256 }, 32, NDISDMA_LAYOUT_MIXED,
	  NDISDMA_VERIFIER_OFF, 1, true, NDISDMA_IOMMU_OFF },
	{ "W6", "W1 on two threads sharing one channel",
	  { { HDR, 1514 - HDR }, 2, 256 }, 64, NDISDMA_LAYOUT_CONTIGUOUS,
	  NDISDMA_VERIFIER_OFF, 2, false, NDISDMA_IOMMU_OFF },
	{ "W7", "W1 with --verifier standard",
	  { { HDR, 1514 - HDR }, 2, 256 }, 64, NDISDMA_LAYOUT_CONTIGUOUS,
	  NDISDMA_VERIFIER_STANDARD, 1, false, NDISDMA_IOMMU_OFF },
	{ "W8", "ndisdma run end to end: virtio-net sample, 60-1514 B, seeded",
	  { { 0 }, 0, 0 }, 64, NDISDMA_LAYOUT_CONTIGUOUS,
	  NDISDMA_VERIFIER_STANDARD, 1, false, NDISDMA_IOMMU_OFF },
	/* spec §11: every list mapped into the adapter's IOMMU domain and
	 * unmapped at free; against W1 (and W5) the difference is the IOMMU's
	 * map + unmap per list */
	{ "W9", "W1 with --iommu lazy",
	  { { HDR, 1514 - HDR }, 2, 256 }, 64, NDISDMA_LAYOUT_CONTIGUOUS,
	  NDISDMA_VERIFIER_OFF, 1, false, NDISDMA_IOMMU_LAZY },
	{ "W10", "W1 with --iommu strict",
	  { { HDR, 1514 - HDR }, 2, 256 }, 64, NDISDMA_LAYOUT_CONTIGUOUS,
	  NDISDMA_VERIFIER_OFF, 1, false, NDISDMA_IOMMU_STRICT },
	{ "W11", "W5 with --iommu lazy (32-bit channel, mixed layout, no bounce)",
	  { { HDR, 1514 - HDR }, 2, 256 }, 32, NDISDMA_LAYOUT_MIXED,
	  NDISDMA_VERIFIER_OFF, 1, false, NDISDMA_IOMMU_LAZY },
};

const size_t bench_workload_count = sizeof(bench_workloads) / sizeof(bench_workloads[0]);

const char *bench_baseline_name(enum bench_baseline b)
{
	switch (b) {
	case BENCH_IDEAL: return "ideal_walk";
	case BENCH_MEMCPY: return "memcpy";
	case BENCH_PAGEMAP: return "naive_pagemap";
	case BENCH_DPDK: return "dpdk";
	case BENCH_BASELINES: break;
	}
	return "?";
}

static void read_cpu(char *out, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];

	snprintf(out, len, "unknown");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (strncmp(line, "model name", 10) != 0 || !colon)
			continue;
		colon += 1 + (colon[1] == ' ');
		colon[strcspn(colon, "\n")] = '\0';
		snprintf(out, len, "%s", colon);
		break;
	}
	fclose(f);
}

void bench_env_probe(struct bench_env *env)
{
	struct utsname u;
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	memset(env, 0, sizeof(*env));
	read_cpu(env->cpu, sizeof(env->cpu));
	env->cores = n > 0 ? (unsigned)n : 1;
	if (uname(&u) == 0)
		snprintf(env->kernel, sizeof(env->kernel), "%s %s %s", u.sysname,
			 u.release, u.machine);
	else
		snprintf(env->kernel, sizeof(env->kernel), "unknown");
#if defined(__clang__)
	env->compiler = "clang " __clang_version__;
#elif defined(__GNUC__)
	env->compiler = "gcc " __VERSION__;
#else
	env->compiler = "unknown";
#endif
}
