/* bench_run.h — workloads, options and results of `ndisdma bench`
 * (plain C; bench_run.c measures, bench_output.c prints). */
#ifndef NDISDMA_BENCH_RUN_H
#define NDISDMA_BENCH_RUN_H

#include "bench_tool.h"
#include "cli.h"

enum bench_baseline {
	BENCH_IDEAL = 0,
	BENCH_MEMCPY,
	BENCH_PAGEMAP,
	BENCH_DPDK,
	BENCH_BASELINES,
};

struct bench_workload {
	const char *name;                  /* "W1" */
	const char *title;                 /* one line for the table */
	struct bench_shape shape;
	unsigned dma_bits;                 /* 64, or 32 (bounce) */
	enum ndisdma_layout layout;
	enum ndisdma_verifier_level verifier;
	unsigned threads;
	bool memcpy_applies;               /* bounce workloads */
	enum ndisdma_iommu iommu;          /* spec §11: OFF unless the
					      workload is the IOMMU's (W9-W11);
					      --iommu sets the others' */
};

/* A workload without a packet shape (W8: random sizes and MDLs) is
 * `ndisdma run`'s traffic end to end (bench_e2e.c), not the SG loop. */
static inline bool bench_end_to_end(const struct bench_workload *w)
{
	return w->shape.nmdls == 0;
}

extern const struct bench_workload bench_workloads[];
extern const size_t bench_workload_count;

struct bench_options {
	uint64_t seed;
	bool seed_given;
	uint64_t packets;                  /* per run and thread */
	unsigned runs;
	bool json;
	bool help;
	unsigned only;                     /* bit i: workload i; 0: all */
	enum ndisdma_iommu iommu;          /* --iommu: the workloads without
					      their own mode (default off) */
};

struct bench_stats {
	bool valid;
	double median_ns, p99_ns;          /* per packet */
	double packets_per_s;
	double elements_per_packet;
};

struct bench_result {
	const struct bench_workload *w;
	struct bench_stats ours;
	uint64_t allocations;              /* kernel_alloc delta over the runs */
	double high_fraction;              /* pages above 4 GiB */
	double bounced_bytes;              /* per packet, 32-bit channel */
	struct bench_stats base[BENCH_BASELINES];
};

/* Machine facts and why a baseline was skipped (NULL: it ran). */
struct bench_env {
	char cpu[128];
	unsigned cores;
	unsigned thread_cpus;   /* CPUs the bench's threads may run on, read
				   after the peers started (EAL pins threads) */
	char kernel[256];
	const char *compiler;
	const char *skipped[BENCH_BASELINES];
};

void bench_env_probe(struct bench_env *env);
const char *bench_baseline_name(enum bench_baseline b);

/* A workload's batch timings across its rounds. */
struct bench_acc {
	struct bench_timing ours, base[BENCH_BASELINES];
};

/* One round (run number `run`, from 0) of one workload: machine up,
 * warm-up, one measured run of ours and of every baseline, machine down;
 * timings into *acc, run 0 also initialises *r.  Progress on stderr.  0,
 * or -1 after a message. */
int bench_run_round(const struct bench_options *o, const struct bench_env *env,
		    const struct bench_workload *w, unsigned run,
		    struct bench_acc *acc, struct bench_result *r);
/* bench_e2e.c: one round of an end_to_end workload (no baselines). */
int bench_e2e_round(const struct bench_options *o, const struct bench_workload *w,
		    struct bench_acc *acc, struct bench_result *r);
/* Statistics over every round into *r; frees the timings. */
void bench_finish(struct bench_acc *acc, struct bench_result *r);

/* bench_output.c */
void bench_print_table(FILE *out, const struct bench_options *o,
		       const struct bench_env *env, const struct bench_result *r,
		       size_t n);
void bench_print_json(FILE *out, const struct bench_options *o,
		      const struct bench_env *env, const struct bench_result *r,
		      size_t n);

#endif
