/* harness.h — the fixture every unit test scenario uses: one machine's
 * lower layers (verifier, sim platform, kernel) and a fake miniport driver
 * and adapter, without the runtime.  th_teardown() is the house rule
 * "every scenario ends with the same helper": no unexpected verifier report,
 * every pool and counter back at its baseline.
 */
#ifndef NDISDMA_TEST_HARNESS_H
#define NDISDMA_TEST_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kernel/kernel.h"
#include "kernel/ksched.h"
#include "ndis/ndis_internal.h"
#include "platform/platform.h"
#include "verifier/verifier.h"

struct th_options {
	uint64_t seed;
	enum platform_layout layout;
	enum vf_level level;
	unsigned stress;                /* KERNEL_STRESS_* */
	struct fault_config fault;
	uint8_t ndis_major;             /* driver's MajorNdisVersion (6) */
	ULONG attribute_flags;          /* adapter registration attribute flags */
	uint32_t map_register_lists;    /* 0: default */
	uint32_t map_register_cap;      /* 0: default */
	int sched_mode;                 /* enum ksched_mode; th_default_options:
					 * TH_DEFAULT_SCHED */
	uint32_t pct_depth;
	int iommu_mode;                 /* enum iommu_mode (0: off) */
};

struct th {
	struct verifier *vf;
	struct platform *plat;
	struct kernel *k;
	struct ndis_driver driver;
	struct ndis_adapter adapter;
	NDIS_HANDLE adapter_handle;
	uint64_t expected[VF_RULE_COUNT];
	/* baselines taken at the end of th_setup */
	uint64_t base_live_allocs;
	uint32_t base_handles;
	struct platform_stats base_platform;
	struct kernel *prev_kernel;
	uint8_t prev_irql;
};

/* The scheduler a scenario runs under unless it says otherwise (issue 13,
 * docs/scheduling.md): seeded — one seed, one run — except in the TSan
 * build, which exists to watch real concurrency (threads).  A scenario
 * whose own host threads call into the machine (threads no scheduler
 * knows) sets KSCHED_THREADS itself and says why. */
#if defined(NDISDMA_SANITIZER) && NDISDMA_SANITIZER == 2
#define TH_DEFAULT_SCHED KSCHED_THREADS
#else
#define TH_DEFAULT_SCHED KSCHED_SEEDED
#endif

/* What th_default_options gives (TH_DEFAULT_SCHED).  A test file whose
 * scenarios rely on real concurrency or the host's clock throughout —
 * the scenario's thread polling what a machine thread does, two machines
 * on one thread (a thread is the host task of one scheduler only), host
 * time compared with machine time — sets it to KSCHED_THREADS first thing
 * in main, saying why. */
extern int th_default_sched;

/* Defaults: seed 1, contiguous layout, standard verifier, NDIS 6.30 driver,
 * bus-master adapter, th_default_sched. */
void th_default_options(struct th_options *o);
/* o may be NULL for the defaults. The calling thread enters the machine. */
void th_setup(struct th *t, const struct th_options *o);
/* th_setup with the defaults under KSCHED_THREADS: for a scenario whose
 * own host threads call into the machine (no scheduler knows them, so
 * under seeded they could wait for a context that only runs when the
 * scenario's thread, blocked in pthread_join, hands it the baton). */
void th_setup_threads(struct th *t);
/* Puts the adapter "inside MiniportInitializeEx" on this thread. */
void th_begin_init(struct th *t);
void th_end_init(struct th *t);
/* The scenario expects n more reports of rule; asserts the count now. */
void th_expect(struct th *t, enum vf_rule rule, uint64_t n);
/* Asserts the reports so far are exactly the expected ones. */
void th_assert_reports(struct th *t);
/* Flushes DPCs and work items, asserts reports and baselines, frees all. */
void th_teardown(struct th *t);

/* Run fn at DISPATCH_LEVEL on this thread (as a spin-lock holder would). */
#define TH_AT_DISPATCH(stmt) do { \
	uint8_t th_old_irql_ = kernel_irql(); \
	kernel_set_irql(KIRQL_DISPATCH); \
	stmt; \
	kernel_set_irql(th_old_irql_); \
} while (0)

#endif
