/* bench_run.c — one round of one workload: a machine with the bench
 * miniport and its packet sets, a warm-up, one measured run of ours and of
 * every baseline, the machine down.  cmd_bench interleaves the rounds of
 * all workloads (run 1 of W1..W8, then run 2, ...), so drift on a shared
 * machine hits every workload and baseline alike; statistics are over the
 * batch timings of all rounds.
 */
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <ndisdma/bench.h>

#include "bench_run.h"

/* naive translation makes a syscall per page: fewer packets, same stats */
#define PAGEMAP_DIVISOR 50u

enum loop_kind { LOOP_OURS = -1 };   /* else an enum bench_baseline */

struct bench_machine {
	struct ndisdma_machine *m;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	struct bench_set *sets[BENCH_MAX_THREADS];
};

struct worker {
	pthread_t tid;
	struct ndisdma_machine *m;
	struct bench_set *set;
	const struct bench_shape *shape;
	int kind;
	uint64_t packets;
	pthread_barrier_t *start;
	struct bench_timing t;
	int rc;
};

static int run_loop(struct worker *w)
{
	switch (w->kind) {
	case LOOP_OURS: return bench_loop_api(w->set, w->packets, &w->t);
	case BENCH_IDEAL: return bench_loop_ideal(w->set, w->packets, &w->t);
	case BENCH_MEMCPY: return bench_loop_memcpy(w->set, w->packets, &w->t);
	case BENCH_PAGEMAP: return bench_loop_pagemap(w->set, w->packets, &w->t);
	case BENCH_DPDK: return bench_dpdk_run(w->shape, w->packets, &w->t);
	}
	return -1;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	ndisdma_thread_enter(w->m);
	pthread_barrier_wait(w->start);
	w->rc = run_loop(w);
	ndisdma_thread_enter(NULL);
	return NULL;
}

/* One round of one loop on `threads` threads; appends to *t (batch times
 * divided by the thread count: time per packet of the group). */
static int round_of(struct bench_machine *bm, const struct bench_workload *wl,
		    int kind, uint64_t packets, struct bench_timing *t)
{
	struct worker w[BENCH_MAX_THREADS];
	pthread_barrier_t start;
	unsigned n = wl->threads;
	uint64_t t0, t1;
	int rc = 0;

	memset(w, 0, sizeof(w));
	pthread_barrier_init(&start, NULL, n + 1);
	for (unsigned i = 0; i < n; i++) {
		w[i] = (struct worker){ .m = bm->m, .set = bm->sets[i], .shape = &wl->shape,
					.kind = kind, .packets = packets, .start = &start };
		if (pthread_create(&w[i].tid, NULL, worker_main, &w[i]) != 0) {
			fprintf(stderr, "ndisdma bench: cannot start a thread\n");
			exit(CLI_EXIT_INTERNAL);
		}
	}
	t0 = bench_now_ns();
	pthread_barrier_wait(&start);
	for (unsigned i = 0; i < n; i++)
		pthread_join(w[i].tid, NULL);
	t1 = bench_now_ns();
	pthread_barrier_destroy(&start);
	for (unsigned i = 0; i < n; i++) {
		rc |= w[i].rc;
		for (size_t b = 0; b < w[i].t.nbatch && rc == 0; b++)
			rc = bench_timing_add(t, w[i].t.batch_ns[b] / n);
		t->packets += w[i].t.packets;
		t->elements += w[i].t.elements;
		bench_timing_free(&w[i].t);
	}
	t->wall_ns += t1 - t0;
	return rc;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void summarise(struct bench_timing *t, struct bench_stats *s)
{
	memset(s, 0, sizeof(*s));
	if (!t->nbatch || !t->packets || !t->wall_ns)
		return;
	qsort(t->batch_ns, t->nbatch, sizeof(double), cmp_double);
	s->median_ns = t->batch_ns[t->nbatch / 2];
	s->p99_ns = t->batch_ns[(size_t)ceil(0.99 * (double)t->nbatch) - 1];
	s->packets_per_s = (double)t->packets * 1e9 / (double)t->wall_ns;
	s->elements_per_packet = (double)t->elements / (double)t->packets;
	s->valid = true;
}

/* ---- machine set-up ------------------------------------------------------- */

static int machine_up(const struct bench_options *o, const struct bench_workload *wl,
		      struct bench_machine *bm)
{
	struct ndisdma_config cfg;
	struct ndisdma_adapter_params params;
	const char *keywords[2] = { "DmaBits=32", NULL };
	char err[256] = "";

	memset(bm, 0, sizeof(*bm));
	ndisdma_config_init(&cfg);
	cfg.seed = o->seed;
	cfg.layout = wl->layout;
	cfg.verifier = wl->verifier;
	cfg.iommu = wl->iommu != NDISDMA_IOMMU_OFF ? wl->iommu : o->iommu;
	if (ndisdma_machine_create(&cfg, &bm->m, err, sizeof(err)) != 0)
		goto fail;
	ndisdma_thread_enter(bm->m);
	if (ndisdma_driver_load_builtin(bm->m, "bench", bench_driver_entry, &bm->d,
					err, sizeof(err)) != 0)
		goto fail;
	memset(&params, 0, sizeof(params));
	params.name = "bench0";
	params.params = wl->dma_bits == 32 ? keywords : NULL;
	if (ndisdma_adapter_initialize(bm->d, &params, &bm->a, err, sizeof(err)) != 0)
		goto fail;
	for (unsigned i = 0; i < wl->threads; i++)
		if (bench_set_create(ndisdma_adapter_miniport_context(bm->a), &wl->shape,
				     o->seed * 0x9E3779B97F4A7C15ull + i, &bm->sets[i]) != 0) {
			snprintf(err, sizeof(err), "cannot build the NET_BUFFERs");
			goto fail;
		}
	return 0;
fail:
	fprintf(stderr, "ndisdma bench: %s: %s\n", wl->name, err[0] ? err : "set-up failed");
	return -1;
}

static void machine_down(struct bench_machine *bm)
{
	for (unsigned i = 0; i < BENCH_MAX_THREADS; i++)
		bench_set_destroy(bm->sets[i]);
	if (bm->a)
		ndisdma_adapter_halt(bm->a);
	if (bm->d)
		ndisdma_driver_unload(bm->d);
	if (bm->m) {
		if (ndisdma_report_count(bm->m, NULL))
			fprintf(stderr, "ndisdma bench: the verifier reported %" PRIu64
				" problem(s) in the bench miniport\n",
				ndisdma_report_count(bm->m, NULL));
		ndisdma_machine_destroy(bm->m);
	}
	ndisdma_thread_enter(NULL);
}

/* ---- the rounds ----------------------------------------------------------- */

static bool applies(const struct bench_env *env, const struct bench_workload *wl,
		    enum bench_baseline b)
{
	if (env->skipped[b])
		return false;
	return b != BENCH_MEMCPY || wl->memcpy_applies;
}

/* The warm-up and one measured run of ours and of every baseline. */
static int measure(const struct bench_options *o, const struct bench_env *env,
		   const struct bench_workload *wl, struct bench_machine *bm,
		   struct bench_acc *acc, struct bench_result *r)
{
	struct bench_timing warm = { 0 };
	struct ndisdma_pools before, after;
	int rc = 0;

	/* warm-up: caches, branch predictors, first touch of the records */
	rc |= round_of(bm, wl, LOOP_OURS, o->packets / 10 + 1, &warm);
	bench_timing_free(&warm);
	ndisdma_machine_pools(bm->m, &before);
	rc |= round_of(bm, wl, LOOP_OURS, o->packets, &acc->ours);
	ndisdma_machine_pools(bm->m, &after);
	r->allocations += after.internal_allocations - before.internal_allocations;
	for (int b = 0; b < BENCH_BASELINES && rc == 0; b++) {
		uint64_t n = o->packets;

		if (!applies(env, wl, (enum bench_baseline)b))
			continue;
		if (b == BENCH_PAGEMAP)
			n = n / PAGEMAP_DIVISOR > BENCH_BATCH ?
			    n / PAGEMAP_DIVISOR : (n < BENCH_BATCH ? n : BENCH_BATCH);
		rc |= round_of(bm, wl, b, n, &acc->base[b]);
	}
	return rc;
}

int bench_run_round(const struct bench_options *o, const struct bench_env *env,
		    const struct bench_workload *wl, unsigned run,
		    struct bench_acc *acc, struct bench_result *r)
{
	struct bench_machine bm;
	int rc;

	if (run == 0) {
		memset(r, 0, sizeof(*r));
		r->w = wl;
	}
	fprintf(stderr, "ndisdma bench: %s run %u/%u: %s\n", wl->name, run + 1, o->runs,
		wl->title);
	if (bench_end_to_end(wl))
		return bench_e2e_round(o, wl, acc, r);
	rc = machine_up(o, wl, &bm);
	if (rc == 0) {
		r->high_fraction = bench_set_high_fraction(bm.sets[0]);
		r->bounced_bytes = bench_set_bounced_bytes(bm.sets[0]);
		rc = measure(o, env, wl, &bm, acc, r);
		if (rc != 0)
			fprintf(stderr, "ndisdma bench: %s: a measured loop failed\n", wl->name);
	}
	machine_down(&bm);
	return rc;
}

void bench_finish(struct bench_acc *acc, struct bench_result *r)
{
	summarise(&acc->ours, &r->ours);
	bench_timing_free(&acc->ours);
	for (int b = 0; b < BENCH_BASELINES; b++) {
		summarise(&acc->base[b], &r->base[b]);
		bench_timing_free(&acc->base[b]);
	}
}
