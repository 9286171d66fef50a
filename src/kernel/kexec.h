/* kexec.h — one machine's kernel-executive state: its clock,
 * processors, timer queue, objects and system threads.  Created and torn
 * down with the machine's kernel (kernel.c).
 *
 *   ktime.c       clocks, deadlines, the blocking primitive
 *   dispatcher.c  events, semaphores, mutexes, waits
 *   kthread.c     a host thread's KTHREAD, processor numbers
 *   kdpc.c        KDPCs on the machine's DPC thread
 *   ktimer.c      the timer queue, driven by the DPC thread
 *   kobject.c     referenced objects and their handles (Ob, Zw)
 *   ksysthread.c  PsCreateSystemThread's threads
 *   kunload.c     what a driver left behind at unload
 */
#ifndef NDISDMA_KEXEC_H
#define NDISDMA_KEXEC_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "kernel/dispatcher.h"
#include "kernel/kernel.h"

/* Processors a machine has unless kernel_config.processors says otherwise
 * (docs/runtime.md, "Processors"). */
#define KEXEC_DEFAULT_PROCESSORS 4u
#define KEXEC_MAX_PROCESSORS 64u
/* How long a system thread the runtime stops has to reach a wait. */
#define KEXEC_STOP_GRACE_NS (5ull * 1000000000ull)

struct kexec {
	struct kernel *k;
	uint64_t boot_mono_ns;           /* interrupt time 0 */
	_Atomic uint64_t advanced_ns;    /* ktime_advance: machine time skipped */
	uint32_t processors;
	_Atomic uint32_t next_processor; /* round-robin for new host threads */

	/* the timer queue (ktimer.c), sorted by due time */
	pthread_mutex_t timer_lock;
	struct klink timers;

	/* referenced objects (kobject.c) and system threads (ksysthread.c) */
	pthread_mutex_t obj_lock;
	struct klink objects;
	pthread_cond_t threads_done;     /* live_threads decreased */
	unsigned live_threads;
	bool abandoned_threads;          /* one could not be stopped: keep k */
	uint64_t stop_grace_ns;          /* how long a stopped thread gets */
};

int kexec_create(struct kernel *k);
/* Stops what the machine's drivers left running (system threads, timers);
 * before the DPC and work threads stop. */
void kexec_shutdown(struct kernel *k);
/* Frees the state; false when a thread that could not be stopped may
 * still touch k (the caller then keeps k's memory). */
bool kexec_destroy(struct kernel *k);

/* ---- timers (ktimer.c) ---------------------------------------------------------- */
void ktimer_init(struct ktimer *t, bool synchronization);
/* Queues t (DueTime: < 0 relative, > 0 absolute system time, 100 ns).
 * *was_queued: it was queued (its earlier expiry is cancelled).
 * -1 when t is queued on another machine's timer queue. */
int ktimer_set(struct kernel *k, struct ktimer *t, int64_t due_100ns, uint32_t period_ms,
	       void *dpc, bool *was_queued);
/* 1 when t was queued and no longer is, 0 when it was not, -1 when it is
 * queued on another machine. */
int ktimer_cancel(struct kernel *k, struct ktimer *t);
/* Takes every queued timer pred() accepts off the queue. */
size_t ktimer_cancel_if(struct kernel *k, bool (*pred)(struct ktimer *t, void *ctx),
			void *ctx);
void ktimer_start(struct kernel *k);

/* ---- processors (kthread.c) -------------------------------------------------------- */
uint32_t kexec_processors(const struct kernel *k);
/* The processor the calling thread runs on (a DPC: its target). */
uint32_t ke_processor_current(struct kernel *k);
/* Set by the DPC runner around a DPC routine: the DPC's processor, and
 * when the routine started (KeQueryDpcWatchdogInformation). */
void ke_processor_enter_dpc(uint32_t processor);
void ke_processor_leave_dpc(void);
void ke_dpc_started(uint64_t mono_ns);
uint64_t ke_dpc_started_ns(void);

#endif
