/* ksysthread.c — system threads (see ksysthread.h). */
#include "kernel/ksysthread.h"

#include <errno.h>
#include <string.h>

#include "kernel/kexec.h"
#include "kernel/ksched.h"

/* The system thread whose end is running on this host thread. */
KSCHED_CTX(struct ksys_thread *, tls_ending)
#define tls_ending (*ksched_ctx_ptr_tls_ending())

static bool thread_can_free(struct kobj *o)
{
	return !KCONTAINER(o, struct ksys_thread, ob)->running;
}

/* The object's last holder is gone and the thread has ended. */
static void thread_free(struct kobj *o)
{
	struct ksys_thread *s = KCONTAINER(o, struct ksys_thread, ob);

	if (tls_ending == s) {
		/* its own end dropped the last hold (a coroutine's stack is
		 * the scheduler's to free) */
		if (ksched_host_thread(s->k, s->task))
			pthread_detach(pthread_self());
	} else {
		/* the seeded scheduler runs its end; a host thread has ended:
		 * the join is brief */
		ksched_reap(s->k, s->task, s->task_id, s->pt);
	}
	kernel_free(s->k, s);
}

/* The thread's end: signaled, its mutexes abandoned, its hold dropped. */
static void thread_ends(struct ksys_thread *s)
{
	struct kexec *x = s->k->exec;

	kthread_self.in_dpc = 0;
	kernel_set_irql(KIRQL_PASSIVE);
	kd_abandon_mutexes(&s->thread);
	ke_thread_unbind();
	pthread_mutex_lock(&x->obj_lock);
	s->running = false;
	pthread_mutex_unlock(&x->obj_lock);
	/* waiters on the thread object (facts 3) are released here; one of
	 * them may drop the last reference, so s is not touched after the
	 * release below */
	kd_set(&s->thread.h);
	tls_ending = s;
	kobj_release_if_unused(&s->ob);
	tls_ending = NULL;
	pthread_mutex_lock(&x->obj_lock);
	x->live_threads--;
	kcond_broadcast(&x->threads_done);
	pthread_mutex_unlock(&x->obj_lock);
	kernel_enter(NULL);
}

static void *thread_main(void *arg)
{
	struct ksys_thread *s = arg;

	ksched_task_start(s->task);
	kernel_enter(s->k);
	kernel_set_irql(KIRQL_PASSIVE);   /* facts 3: the routine starts at PASSIVE */
	ke_thread_bind(&s->thread);
	if (!setjmp(s->exit)) {
		s->start(s->context);
		s->exit_status = 0;   /* returning ends the thread with STATUS_SUCCESS */
	}
	thread_ends(s);   /* s may be gone */
	ksched_task_exit();
	return NULL;
}

int ksys_thread_create(struct kernel *k, void (*start)(void *context), void *context,
		       const void *image, const void *site, void **handle,
		       struct ksys_thread **out)
{
	struct kexec *x = k->exec;
	struct ksys_thread *s;
	int rc;

	*handle = NULL;
	*out = NULL;
	s = kernel_zalloc(k, sizeof(*s), "ps.thread");
	if (!s)
		return -ENOMEM;
	ke_thread_setup(&s->thread);
	s->thread.sys = s;
	s->k = k;
	s->start = start;
	s->context = context;
	s->ob.kind = KOBJ_THREAD;
	s->ob.image = image;
	s->ob.site = site;
	s->ob.body = &s->thread;
	s->ob.can_free = thread_can_free;
	s->ob.free = thread_free;
	s->running = true;
	if (kobj_insert(k, &s->ob, handle)) {
		kernel_free(k, s);
		return -ENOMEM;
	}
	pthread_mutex_lock(&x->obj_lock);
	x->live_threads++;
	pthread_mutex_unlock(&x->obj_lock);
	s->task = ksched_task_new(k, "system thread", &s->task_id);
	rc = ksched_spawn(k, s->task, &s->pt, thread_main, s);
	if (rc) {
		ksched_task_abandon(s->task);
		pthread_mutex_lock(&x->obj_lock);
		x->live_threads--;
		s->running = false;
		pthread_mutex_unlock(&x->obj_lock);
		*handle = NULL;
		kernel_handle_retire(k, s->ob.handle);
		pthread_mutex_lock(&x->obj_lock);
		klink_del(&s->ob.all);
		pthread_mutex_unlock(&x->obj_lock);
		kernel_free(k, s);
		return -EAGAIN;
	}
	if (ksched_host_thread(k, s->task))
		pthread_setname_np(s->pt, "ndisdma-sys");
	*out = s;
	return 0;
}

struct ksys_thread *ksys_thread_current(void)
{
	return ke_thread_current()->sys;
}

_Noreturn void ksys_thread_exit(struct ksys_thread *s, int32_t status)
{
	s->exit_status = status;
	longjmp(s->exit, 1);
}

bool ksys_thread_stop(struct ksys_thread *s, uint64_t grace_ns)
{
	struct kdisp *obj = &s->thread.h;
	struct kwait_block block;
	struct kdeadline d;

	ke_thread_kill(&s->thread);
	kdeadline_after_ns(&d, grace_ns);
	return kd_wait(ke_thread_current(), 1, &obj, false, &d, &block) != KD_WAIT_TIMEOUT;
}
