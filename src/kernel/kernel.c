/* kernel.c — one machine's kernel: creation, seeded randomness, fault
 * injection and counted allocation (spec §10 --fault, "determinism"). */
#include "kernel/kernel.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/kexec.h"
#include "kernel/kqueue.h"
#include "kernel/ksched.h"
#include "verifier/dma_track.h"
#include "verifier/pa_origin.h"
#include "verifier/verifier.h"

__thread struct kthread kthread_self __attribute__((tls_model("initial-exec")));
KSCHED_TLS(kthread_self)

/* Distinguishes machines inside handle values; wraps after 255 machines. */
static atomic_uint next_kernel_id = 1;

struct kernel *kernel_enter(struct kernel *k)
{
	struct kernel *prev = kthread_self.kernel;

	kthread_self.kernel = k;
	return prev;
}

static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

uint64_t kernel_random(struct kernel *k)
{
	uint64_t r;

	pthread_mutex_lock(&k->rng_lock);
	r = splitmix64(&k->rng_state);
	pthread_mutex_unlock(&k->rng_lock);
	return r;
}

#define RNG_SALT 0x6E646973646D61ull   /* "ndisdma" */

void kernel_reseed(struct kernel *k)
{
	pthread_mutex_lock(&k->rng_lock);
	k->rng_state = k->config.seed ^ RNG_SALT;
	pthread_mutex_unlock(&k->rng_lock);
}

uint64_t kernel_random_below(struct kernel *k, uint64_t bound)
{
	return bound ? kernel_random(k) % bound : 0;
}

/* kernel_fault with injection on: the decision the sg_* fuzz targets
 * steer from input bytes (FAULT_NTH's n), so its compares keep their
 * comparison tracing in fuzz builds. */
static bool fault_decide(struct kernel *k, const char *site)
{
	const struct fault_config *f = &k->config.fault;
	uint64_t n;
	bool fail = false;

	n = atomic_fetch_add(&k->fault_counter, 1) + 1;
	if (f->mode == FAULT_NTH)
		fail = n == f->nth;
	else if (f->mode == FAULT_PROBABILITY)
		fail = (double)(kernel_random(k) >> 11) * 0x1p-53 < f->probability;
	if (fail) {
		struct vf_facts facts = { .irql = kernel_irql() };

		k->last_fault_site = site;
		kernel_count(k, &k->stats.faults_injected, 1);
		/* the verifier names what was failed */
		vf_report(k->verifier, VF_FAULT_INJECTED, &facts,
			  "fault injected at allocation point '%s' (internal allocation %llu)",
			  site, (unsigned long long)n);
	}
	return fail;
}

/* Every allocation point of the machine: without injection (most runs,
 * fuzz_device) a count and one test, with no coverage callbacks. */
KSCHED_NO_COVERAGE bool kernel_fault(struct kernel *k, const char *site)
{
	kernel_count(k, &k->stats.fault_points_seen, 1);
	if (k->config.fault.mode == FAULT_NONE)
		return false;
	return fault_decide(k, site);
}

void kernel_trace(struct kernel *k, const char *fmt, ...)
{
	FILE *out = k->config.trace_file;
	va_list ap;

	if (!out)
		return;
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
	fflush(out);
}

int kernel_create(const struct kernel_config *config, struct verifier *vf,
		  struct platform *platform, struct kernel **out)
{
	struct kernel *k;
	int err;

	*out = NULL;
	k = calloc(1, sizeof(*k));
	if (!k)
		return -ENOMEM;
	k->config = *config;
	if (!k->config.map_register_lists)
		k->config.map_register_lists = 64;
	if (!k->config.map_register_cap)
		k->config.map_register_cap = 4096;
	k->verifier = vf;
	k->platform = platform;
	k->id = (uint8_t)atomic_fetch_add(&next_kernel_id, 1);
	if (!k->id)
		k->id = (uint8_t)atomic_fetch_add(&next_kernel_id, 1);
	k->rng_state = config->seed ^ RNG_SALT;
	atomic_init(&k->debug.system_mask, KERNEL_DBG_DEFAULT_MASK);   /* docs/debug.md */
	atomic_init(&k->debug.wpp_level, 0);     /* docs/wpp.md: no trace session */
	atomic_init(&k->debug.wpp_flags, 0);
	pthread_mutex_init(&k->rng_lock, NULL);
	/* first: the threads created below are its tasks (spec §9) */
	err = ksched_create(k, &(struct ksched_config){ .mode = (enum ksched_mode)config->sched_mode,
			    .pct_depth = config->pct_depth, .pct_steps = config->pct_steps },
			    config->seed);
	if (err)
		goto fail_sched;
	err = kernel_handles_init(k);
	if (err)
		goto fail_handles;
	/* spec §10: full level tracks every device-visible mapping */
	if (config->verifier_level >= VF_LEVEL_FULL) {
		err = dma_track_create(&k->dma_track);
		if (err)
			goto fail_track;
	}
	if (config->iommu_mode) {
		err = pa_origins_create(&k->pa_origins);
		if (err)
			goto fail_origins;
	}
	err = kqueue_create(k, KIRQL_DISPATCH, "ndisdma-dpc", &k->dpc_queue);
	if (err)
		goto fail_dpc;
	err = kqueue_create(k, KIRQL_PASSIVE, "ndisdma-work", &k->work_queue);
	if (err)
		goto fail_work;
	err = kexec_create(k);
	if (err)
		goto fail_exec;
	ktimer_start(k);   /* the DPC thread drives the timer queue */
	*out = k;
	return 0;

fail_exec:
	kqueue_destroy(k->work_queue);
fail_work:
	kqueue_destroy(k->dpc_queue);
fail_dpc:
	pa_origins_destroy(k->pa_origins);
fail_origins:
	dma_track_destroy(k->dma_track);
fail_track:
	kernel_handles_fini(k);
fail_handles:
	ksched_destroy(k);
fail_sched:
	pthread_mutex_destroy(&k->rng_lock);
	free(k);
	return err;
}

void kernel_destroy(struct kernel *k)
{
	if (!k)
		return;
	/* Work items may queue DPCs and vice versa: drain both, then stop.
	 * System threads and timers left running stop first (kunload.c). */
	kernel_flush(k);
	kexec_shutdown(k);
	kernel_flush(k);
	kqueue_destroy(k->work_queue);
	kqueue_destroy(k->dpc_queue);
	if (!kexec_destroy(k)) {
		/* a system thread that never reached a wait may still use the
		 * machine (docs/runtime.md): its memory is kept */
		if (kthread_self.kernel == k)
			kthread_self.kernel = NULL;
		if (k->sched) {
			ktask_self = NULL;   /* its scheduler is kept with it */
			if (ksched_solo(k))
				ksched_solo_kernel = NULL;
		}
		kernel_cache_drain(k);   /* not solo now: kernel_free frees */
		return;
	}
	kernel_handles_fini(k);
	dma_track_destroy(k->dma_track);
	pa_origins_destroy(k->pa_origins);
	ksched_destroy(k);
	kernel_cache_drain(k);   /* ksched_destroy ended solo: kernel_free frees */
	pthread_mutex_destroy(&k->rng_lock);
	if (kthread_self.kernel == k)
		kthread_self.kernel = NULL;
	free(k);
}
