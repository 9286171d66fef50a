/* bench_tool.h — `ndisdma bench`: workloads W1-W7 measured
 * through the public NDIS API against in-run baselines.
 *
 * bench_miniport.c  the built-in bench miniport (<ndis.h> only): registers
 *                   its SG DMA channel, builds the packet sets, runs the
 *                   allocate + MiniportProcessSGList + free loop at DISPATCH
 * bench_baselines.c ideal walk, memcpy of the bounced bytes, naive pagemap
 * bench_dpdk*.c     the DPDK peer (optional at build time)
 * bench_run.c       machines, threads, runs, statistics per workload
 * bench_output.c    text table and JSON
 * cmd_bench.c       options and the command
 *
 * This header uses plain C types only: the files that need <ndis.h> share
 * bench_set.h, the others never see WDK types.
 */
#ifndef NDISDMA_BENCH_TOOL_H
#define NDISDMA_BENCH_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BENCH_MAX_MDLS 17u
#define BENCH_BATCH 1000u         /* packets per timed batch */
#define BENCH_MAX_THREADS 2u

/* One packet's layout: the sizes of its MDLs (header first). */
struct bench_shape {
	uint32_t mdl_sizes[BENCH_MAX_MDLS];
	uint32_t nmdls;
	uint32_t nbs;                 /* distinct NET_BUFFERs cycled through */
};

uint32_t bench_shape_bytes(const struct bench_shape *s);

/* Batch timings of one loop: ns per packet of every batch. */
struct bench_timing {
	double *batch_ns;
	size_t nbatch, cap;
	uint64_t packets;
	uint64_t elements;            /* sum over packets */
	uint64_t wall_ns;             /* sum of the runs' wall times */
};

int bench_timing_add(struct bench_timing *t, double ns_per_packet);
void bench_timing_free(struct bench_timing *t);
uint64_t bench_now_ns(void);

struct bench_set;                 /* NET_BUFFERs of one shape: bench_set.h */

/* ---- the bench miniport (bench_miniport.c) ------------------------------ */
int32_t bench_driver_entry(void *driver_object, void *registry_path);
/* mp: the MiniportAdapterContext (ndisdma_adapter_miniport_context).
 * At PASSIVE on a thread of the machine.  0 or -ENOMEM. */
int bench_set_create(void *mp, const struct bench_shape *shape, uint64_t seed,
		     struct bench_set **out);
void bench_set_destroy(struct bench_set *set);
/* Pages of the set above 4 GiB / all pages spanned (layout check). */
double bench_set_high_fraction(const struct bench_set *set);
/* Bytes the bounce path copies per packet on a 32-bit channel. */
double bench_set_bounced_bytes(const struct bench_set *set);

/* A measured loop: `packets` packets in batches of BENCH_BATCH, timings
 * appended to t.  0, or -1 when a call failed (message on stderr). */
typedef int (*bench_loop_fn)(struct bench_set *set, uint64_t packets,
			     struct bench_timing *t);
/* NdisMAllocateNetBufferSGList + MiniportProcessSGList +
 * NdisMFreeNetBufferSGList at DISPATCH, through the channel. */
int bench_loop_api(struct bench_set *set, uint64_t packets, struct bench_timing *t);

/* ---- baselines (bench_baselines.c) --------------------------------------- */
int bench_loop_ideal(struct bench_set *set, uint64_t packets, struct bench_timing *t);
int bench_loop_memcpy(struct bench_set *set, uint64_t packets, struct bench_timing *t);
/* NULL when /proc/self/pagemap can be read, else why not. */
const char *bench_pagemap_check(void);
int bench_loop_pagemap(struct bench_set *set, uint64_t packets, struct bench_timing *t);

/* ---- the DPDK peer (bench_dpdk.c) ---------------------------------------- */
/* NULL when the peer can run (EAL initialised once per process), else why
 * not ("not built with DPDK", EAL failure ...). */
const char *bench_dpdk_start(void);
void bench_dpdk_stop(void);
/* Chained rte_mbufs of the shape's segment sizes -> IOVA array. */
int bench_dpdk_run(const struct bench_shape *shape, uint64_t packets,
		   struct bench_timing *t);

#endif
