/* kthread.c — the KTHREAD of each host thread, and processor numbers.
 *
 * A thread PsCreateSystemThread made has its KTHREAD in its object
 * (ksysthread.c); any other host thread that calls the kernel (the
 * runtime's, the DPC and work threads, a device model's) gets one in its
 * thread-local storage on first use, signaled and rid of its mutexes when
 * the host thread ends.
 *
 * Processors (docs/runtime.md): a machine has kexec_processors(k) of them.
 * A host thread is given one, round-robin, the first time it asks, and
 * keeps it; a DPC runs on its target processor, or on the one that
 * queued it.
 */
#include "kernel/kexec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/ksched.h"
#include "kernel/ksysthread.h"

/* initial-exec, as kthread_self (kernel.h): read on per-packet paths (the
 * IOMMU's per-CPU caches ask ke_processor_current), where the shared
 * library's default model would call __tls_get_addr each time. */
#define KTLS __attribute__((tls_model("initial-exec")))
static __thread struct ke_thread tls_thread;   /* reached through tls.current */
/* each context's own under the seeded scheduler's coroutines (ksched.h),
 * one block so a switch saves and loads it at once; tls_thread is not:
 * its address is the KTHREAD's identity, and a coroutine gets its own
 * (ksched_task_slot) */
static __thread struct {
	struct ke_thread *current;
	uint64_t dpc_started;
	uint32_t dpc_processor;
	bool in_dpc;
} tls KTLS;
KSCHED_TLS(tls)

/* Thread ids (PsGetCurrentThreadId), multiples of 4 as on Windows; one
 * sequence for the process, like machine ids (kernel.c). */
static _Atomic uint64_t next_thread_id = 2;

static pthread_key_t exit_key;
static pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;

/* The host thread ends: its KTHREAD is signaled, its mutexes abandoned. */
static void thread_ends(void *p)
{
	struct ke_thread *th = p;

	kd_abandon_mutexes(th);
	kd_set(&th->h);
	tls.current = NULL;
}

void ke_thread_context_ends(void *kthread)
{
	thread_ends(kthread);   /* set up when ksched_task_slot made it */
}

static void make_exit_key(void)
{
	pthread_key_create(&exit_key, thread_ends);
}

void ke_thread_setup(struct ke_thread *th)
{
	kd_init(&th->h, KD_THREAD, sizeof(*th), 0);
	atomic_init(&th->wstate, KW_IDLE);
	atomic_init(&th->kill, 0);
	th->owned_lock = 0;
	klink_init(&th->owned);
	th->priority = 8;   /* a system thread's default (normal) priority */
	th->processor = 0;
	th->processor_set = false;
	th->wait_next = false;
	th->id = atomic_fetch_add(&next_thread_id, 1) << 2;
	th->sys = NULL;
}

struct ke_thread *ke_thread_current(void)
{
	struct ke_thread *th = tls.current;

	if (th)
		return th;
	th = ksched_task_slot(sizeof(*th));
	if (th) {   /* a coroutine of the seeded scheduler: ended by ksched_task_exit */
		ke_thread_setup(th);
		tls.current = th;
		return th;
	}
	th = &tls_thread;
	ke_thread_setup(th);
	tls.current = th;
	pthread_once(&exit_key_once, make_exit_key);
	pthread_setspecific(exit_key, th);
	return th;
}

void ke_thread_bind(struct ke_thread *th)
{
	tls.current = th;
}

void ke_thread_unbind(void)
{
	tls.current = NULL;
}

void ke_thread_kill(struct ke_thread *th)
{
	uint32_t expect = KW_WAITING;

	atomic_store(&th->kill, 1);
	if (atomic_compare_exchange_strong(&th->wstate, &expect, KW_KILLED))
		kwake_word(&th->wstate);
}

_Noreturn void ke_thread_die(struct ke_thread *th)
{
	if (th->sys)
		ksys_thread_exit(th->sys, KSYS_STATUS_KILLED);
	/* only system threads are ever killed (kunload.c, kexec.c) */
	fprintf(stderr, "ndisdma: internal error: a non-system thread was stopped\n");
	abort();
}

/* ---- processors ------------------------------------------------------------------ */

uint32_t kexec_processors(const struct kernel *k)
{
	return k && k->exec ? k->exec->processors : KEXEC_DEFAULT_PROCESSORS;
}

uint32_t ke_processor_current(struct kernel *k)
{
	uint32_t n = kexec_processors(k);
	struct ke_thread *th;

	if (tls.in_dpc)
		return tls.dpc_processor % n;
	th = ke_thread_current();
	if (!th->processor_set) {
		th->processor = k && k->exec ? atomic_fetch_add(&k->exec->next_processor, 1) : 0;
		th->processor_set = true;
	}
	return th->processor % n;
}

void ke_processor_enter_dpc(uint32_t processor)
{
	tls.dpc_processor = processor;
	tls.in_dpc = true;
}

void ke_processor_leave_dpc(void)
{
	tls.in_dpc = false;
}

void ke_dpc_started(uint64_t mono_ns)
{
	tls.dpc_started = mono_ns;
}

uint64_t ke_dpc_started_ns(void)
{
	return tls.dpc_started;
}
