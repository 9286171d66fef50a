/* bench_dpdk.c — the DPDK peer of `ndisdma bench` (built only when
 * pkg-config finds libdpdk): the same segment sizes as a chain of
 * rte_mbufs, mapped the DPDK way — walk the chain and write each
 * segment's IOVA and length into an array.  EAL runs with --no-huge
 * --no-pci --in-memory, so it needs no privileges and touches no device.
 *
 * EAL is process-wide by design (rte_eal_init once per process), so the
 * peer's pool is too: the one piece of process state in the bench, owned
 * by DPDK's model, not ndisdma's.
 *
 * EAL also pins the calling thread to lcore 0's CPU (-l 0).  Every bench
 * thread is created from that thread and inherits its affinity, so W6's
 * two threads ended up time-sliced on one CPU (4 ms stalls, no scaling):
 * the caller's affinity is put back once EAL is up.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* pthread_{get,set}affinity_np */
#endif
#include <pthread.h>
#include <sched.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <stdio.h>
#include <stdlib.h>

#include "../bench_tool.h"

#define DPDK_POOL_MBUFS 4095u
#define DPDK_MAX_CHAINS 64u
#define DPDK_DATA_ROOM (8192u + RTE_PKTMBUF_HEADROOM)   /* W3 segments: 4473 B */

struct iova_element {
	rte_iova_t iova;
	uint32_t length;
};

static struct rte_mempool *dpdk_pool;
static const char *dpdk_failed;

const char *bench_dpdk_start(void)
{
	static char *eal_argv[] = {
		"ndisdma-bench", "--no-huge", "--no-pci", "--no-shconf",
		"--no-telemetry", "-m", "128", "-l", "0", "--log-level=lib.*:error",
		NULL,
	};
	static char why[160];
	cpu_set_t cpus;
	bool pinned_back;
	int eal;

	if (dpdk_pool)
		return NULL;
	if (dpdk_failed)
		return dpdk_failed;
	pinned_back = pthread_getaffinity_np(pthread_self(), sizeof(cpus), &cpus) == 0;
	eal = rte_eal_init((int)(sizeof(eal_argv) / sizeof(eal_argv[0])) - 1, eal_argv);
	if (pinned_back)
		pthread_setaffinity_np(pthread_self(), sizeof(cpus), &cpus);
	if (eal < 0) {
		snprintf(why, sizeof(why), "DPDK EAL failed to start: %s",
			 rte_strerror(rte_errno));
		return dpdk_failed = why;
	}
	dpdk_pool = rte_pktmbuf_pool_create("ndisdma_bench", DPDK_POOL_MBUFS, 0, 0,
					    DPDK_DATA_ROOM, SOCKET_ID_ANY);
	if (!dpdk_pool) {
		snprintf(why, sizeof(why), "DPDK mbuf pool: %s", rte_strerror(rte_errno));
		rte_eal_cleanup();
		return dpdk_failed = why;
	}
	return NULL;
}

void bench_dpdk_stop(void)
{
	if (!dpdk_pool)
		return;
	rte_mempool_free(dpdk_pool);
	dpdk_pool = NULL;
	rte_eal_cleanup();
	dpdk_failed = "DPDK peer already stopped";
}

static struct rte_mbuf *make_chain(const struct bench_shape *shape)
{
	struct rte_mbuf *head = NULL;

	for (uint32_t i = 0; i < shape->nmdls; i++) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(dpdk_pool);

		if (!m || !rte_pktmbuf_append(m, (uint16_t)shape->mdl_sizes[i])) {
			rte_pktmbuf_free(m);
			rte_pktmbuf_free(head);
			return NULL;
		}
		if (!head)
			head = m;
		else if (rte_pktmbuf_chain(head, m) != 0) {
			rte_pktmbuf_free(m);
			rte_pktmbuf_free(head);
			return NULL;
		}
	}
	return head;
}

static inline uint32_t map_chain(const struct rte_mbuf *m, struct iova_element *out)
{
	uint32_t n = 0;

	for (; m; m = m->next) {
		out[n].iova = rte_pktmbuf_iova(m);
		out[n].length = m->data_len;
		n++;
	}
	return n;
}

static uint64_t run_batches(struct rte_mbuf **chains, uint32_t nchains,
			    uint64_t packets, struct iova_element *out,
			    struct bench_timing *t)
{
	uint64_t done = 0, elements = 0;
	uint32_t at = 0;

	while (done < packets) {
		uint32_t n = packets - done < BENCH_BATCH ?
			     (uint32_t)(packets - done) : BENCH_BATCH;
		uint64_t t0 = bench_now_ns();

		for (uint32_t i = 0; i < n; i++) {
			elements += map_chain(chains[at], out);
			if (++at == nchains)
				at = 0;
		}
		if (bench_timing_add(t, (double)(bench_now_ns() - t0) / n) != 0)
			break;
		done += n;
	}
	t->packets += done;
	t->elements += elements;
	return done;
}

int bench_dpdk_run(const struct bench_shape *shape, uint64_t packets,
		   struct bench_timing *t)
{
	uint32_t nchains = shape->nbs < DPDK_MAX_CHAINS ? shape->nbs : DPDK_MAX_CHAINS;
	struct rte_mbuf *chains[DPDK_MAX_CHAINS] = { 0 };
	struct iova_element out[BENCH_MAX_MDLS];
	int rc = 0;

	if (!dpdk_pool)
		return -1;
	for (uint32_t i = 0; i < nchains && rc == 0; i++)
		if (!(chains[i] = make_chain(shape))) {
			fprintf(stderr, "ndisdma bench: DPDK: cannot build an mbuf chain\n");
			rc = -1;
		}
	if (rc == 0 && run_batches(chains, nchains, packets, out, t) != packets)
		rc = -1;
	for (uint32_t i = 0; i < nchains; i++)
		rte_pktmbuf_free(chains[i]);
	return rc;
}
