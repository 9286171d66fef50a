/* ksysthread.h — the threads PsCreateSystemThread makes (facts 3).
 *
 * Each is a host thread that works for its machine and starts its routine
 * at PASSIVE_LEVEL.  Its object (a KTHREAD, counted: kobject.h) is
 * signaled when the routine returns or calls PsTerminateSystemThread
 * (which leaves through a longjmp to the thread's first frame: it does not
 * return), and is freed when both the thread has ended and the last
 * handle or reference is gone.  The runtime can stop a thread at its next
 * wait (kunload.c: a driver unloading with its thread still running).
 */
#ifndef NDISDMA_KSYSTHREAD_H
#define NDISDMA_KSYSTHREAD_H

#include <setjmp.h>

#include "kernel/kobject.h"

/* The exit status of a thread the runtime stopped (STATUS_THREAD_IS_TERMINATING). */
#define KSYS_STATUS_KILLED ((int32_t)0xC000004Bu)

struct ksys_thread {
	struct kobj ob;
	struct ke_thread thread;       /* the object's body: PKTHREAD, PETHREAD */
	struct kernel *k;
	void (*start)(void *context);
	void *context;
	pthread_t pt;
	struct ktask *task;            /* under the seeded scheduler */
	uint32_t task_id;
	jmp_buf exit;
	int32_t exit_status;
	bool running;                  /* obj_lock */
};

/* Starts a thread running start(context) for machine k.  image and site
 * name its creator.  0, -ENOMEM (object or handle) or -EAGAIN (no host
 * thread). */
int ksys_thread_create(struct kernel *k, void (*start)(void *context), void *context,
		       const void *image, const void *site, void **handle,
		       struct ksys_thread **out);
/* The calling thread's, or NULL when it is not a system thread. */
struct ksys_thread *ksys_thread_current(void);
/* Ends the calling system thread s (PsTerminateSystemThread). */
_Noreturn void ksys_thread_exit(struct ksys_thread *s, int32_t status);
/* Asks s to stop and waits up to grace_ns for its end; false if it did not
 * end (it is then abandoned: docs/runtime.md).  The caller holds a
 * reference to s. */
bool ksys_thread_stop(struct ksys_thread *s, uint64_t grace_ns);

#endif
