/* kunload.c — what a driver leaves behind when it unloads, and what the
 * machine still runs when it is destroyed (docs/verifier-rules.md
 * THREAD-LEAK and TIMER-LEAK; docs/runtime.md).
 *
 * A driver is the module its code lies in (the dli_fbase the runtime
 * passes): a thread is its driver's when its start routine is in the
 * module; a timer when the timer, its DPC or the DPC's routine is; a DPC
 * when it or its routine is.  Windows bug-checks (0xCE, 0xC7); ndisdma
 * reports, then makes sure none of the module's code runs again: a thread
 * is stopped at its next wait (it does not return from it), a timer is
 * cancelled, a queued DPC taken out of the queue, a running one waited
 * for.  A thread that does not reach a wait within the machine's grace
 * (5 s) is abandoned: reported, its handle left open, and the module
 * stays loaded.
 */
#include "kernel/kexec.h"
#include "kernel/ksched.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "kernel/kdpc.h"
#include "kernel/kqueue.h"
#include "kernel/ksysthread.h"
#include "verifier/verifier.h"

static bool in_image(const void *addr, const void *image)
{
	Dl_info info;

	return addr && image && dladdr(addr, &info) && info.dli_fbase == image;
}

struct scan {
	struct kernel *k;
	const void *image;
	bool report;
	unsigned found;
};

/* A function's entry named like a call site: sites are return addresses,
 * looked up one byte back (src/verifier/site.c). */
static const void *entry_site(const void *fn)
{
	return fn ? (const char *)fn + 1 : NULL;
}

/* "module!function" (or "module+0xN") for a function's entry. */
static void name_code(const void *code, char *buf, size_t len)
{
	const char *module, *slash;
	Dl_info info;

	if (!code) {
		snprintf(buf, len, "none");
		return;
	}
	if (!dladdr(code, &info) || !info.dli_fname) {
		snprintf(buf, len, "%p", code);
		return;
	}
	slash = strrchr(info.dli_fname, '/');
	module = slash ? slash + 1 : info.dli_fname;
	if (info.dli_sname && info.dli_saddr == code)
		snprintf(buf, len, "%s!%s", module, info.dli_sname);
	else
		snprintf(buf, len, "%s+0x%llx", module,
			 (unsigned long long)((uintptr_t)code - (uintptr_t)info.dli_fbase));
}

/* One report: `object` in the facts, `site` where it was made (a return
 * address), `fmt` with %p (a) and %s (the code at `code`, named). */
static void report(struct scan *s, enum vf_rule rule, const void *object, const void *site,
		   const char *fmt, const void *a, const void *code)
{
	struct vf_facts f = { .handle = object, .irql = -1, .call_site = site,
			      .alloc_site = site };
	char where[160];

	if (!s->report)
		return;
	name_code(code, where, sizeof(where));
	vf_report(s->k->verifier, rule, &f, fmt, a, where);
}

/* A driver's DPC lying in (or running code of) the module; the runtime's
 * own DPCs (an NDIS timer object's) are never a driver's, even when the
 * runtime is linked into the same module as a built-in driver. */
static bool dpc_mine(const struct kdpc *d, const void *image)
{
	if (kdpc_type(d) != KDPC_TYPE)
		return false;
	return in_image(d, image) || in_image((const void *)(uintptr_t)d->routine, image);
}

static bool timer_pred(struct ktimer *t, void *ctx)
{
	struct scan *s = ctx;
	struct kdpc *d = t->dpc;

	if (d && kdpc_type(d) == KDPC_TYPE_RUNTIME)
		return false;   /* an NDIS timer object: RES-LEAK at halt */
	if (!in_image(t, s->image) && !(d && dpc_mine(d, s->image)))
		return false;
	s->found++;
	report(s, VF_TIMER_LEAK, t, d ? entry_site((const void *)(uintptr_t)d->routine) : NULL,
	       "KTIMER %p still set when the driver unloads (its DPC routine: %s); cancelled",
	       t, d ? (const void *)(uintptr_t)d->routine : NULL);
	return true;
}

static bool dpc_pred(struct kdpc *d, void *ctx)
{
	struct scan *s = ctx;
	const void *routine = (const void *)(uintptr_t)d->routine;

	if (!dpc_mine(d, s->image))
		return false;
	s->found++;
	report(s, VF_TIMER_LEAK, d, entry_site(routine),
	       "KDPC %p still queued when the driver unloads (routine %s); removed, it will not run",
	       d, routine);
	return true;
}

/* Cancels the module's timers and DPCs, waits for a running DPC, and
 * again for what that DPC set (reported once). */
static void release_timers(struct scan *s)
{
	for (int pass = 0; pass < 4; pass++) {
		s->found = 0;
		ktimer_cancel_if(s->k, timer_pred, s);
		kdpc_remove_if(s->k, dpc_pred, s);
		kqueue_flush(s->k->dpc_queue);   /* a DPC of the module still running */
		s->report = false;
		if (!s->found && pass)
			break;
	}
}

/* The next listed thread object of the module not yet seen, referenced. */
static struct ksys_thread *next_thread(struct scan *s, struct klink *seen)
{
	struct kexec *x = s->k->exec;
	struct ksys_thread *found = NULL;

	pthread_mutex_lock(&x->obj_lock);
	for (struct klink *e = x->objects.next; e != &x->objects; e = e->next) {
		struct kobj *o = KCONTAINER(e, struct kobj, all);

		if (o->kind != KOBJ_THREAD || (s->image && o->image != s->image))
			continue;
		found = KCONTAINER(o, struct ksys_thread, ob);
		o->refs++;
		/* moved to `seen` so the scan goes on past it */
		klink_del(&o->all);
		klink_add_tail(seen, &o->all);
		break;
	}
	pthread_mutex_unlock(&x->obj_lock);
	return found;
}

/* One thread object of the module (referenced by the scan): stopped if
 * it runs, its handle closed, the references the driver kept dropped. */
static bool release_thread(struct scan *s, struct ksys_thread *t)
{
	struct kexec *x = s->k->exec;
	const void *start = (const void *)(uintptr_t)t->start;
	bool running, stopped = true;
	void *handle;
	int64_t extra;

	pthread_mutex_lock(&x->obj_lock);
	running = t->running;
	pthread_mutex_unlock(&x->obj_lock);
	if (running) {
		report(s, VF_THREAD_LEAK, &t->thread, t->ob.site,
		       "system thread %p (start routine %s) still running when the driver unloads; stopped at its next wait",
		       &t->thread, start);
		stopped = ksys_thread_stop(t, x->stop_grace_ns);
		if (!stopped) {
			report(s, VF_THREAD_LEAK, &t->thread, t->ob.site,
			       "system thread %p (start routine %s) did not reach a wait in time: abandoned, the driver stays loaded",
			       &t->thread, start);
			return false;
		}
	}
	pthread_mutex_lock(&x->obj_lock);
	handle = t->ob.handle;
	extra = t->ob.refs - 1 - (handle != NULL);
	if (extra > 0)
		t->ob.refs -= extra;
	pthread_mutex_unlock(&x->obj_lock);
	if (handle) {
		report(s, VF_THREAD_LEAK, handle, t->ob.site,
		       "handle %p of a system thread (start routine %s) not closed (ZwClose) when the driver unloads; closed",
		       handle, start);
		kobj_close(s->k, handle);
	}
	if (extra > 0)
		report(s, VF_THREAD_LEAK, &t->thread, t->ob.site,
		       "system thread object %p (start routine %s) still referenced when the driver unloads (ObDereferenceObject missing); released",
		       &t->thread, start);
	return true;
}

/* Every thread object of the module (all when image is NULL).  False
 * when one could not be stopped. */
static bool release_threads(struct scan *s)
{
	struct kexec *x = s->k->exec;
	struct ksys_thread *t;
	struct klink seen;
	bool all = true;

	klink_init(&seen);
	while ((t = next_thread(s, &seen))) {
		/* an abandoned thread's object lives on while it runs */
		all &= release_thread(s, t);
		kobj_dereference(&t->ob);
	}
	/* what is left in `seen` is still alive: back to the machine's list */
	pthread_mutex_lock(&x->obj_lock);
	while (!klink_empty(&seen)) {
		struct klink *e = seen.next;

		klink_del(e);
		klink_add_tail(&x->objects, e);
	}
	pthread_mutex_unlock(&x->obj_lock);
	return all;
}

bool kernel_driver_unload(struct kernel *k, const void *image)
{
	struct scan s = { .k = k, .image = image, .report = true };
	bool all;

	if (!image || !k->exec)
		return true;
	/* threads first: a running thread may still set timers */
	all = release_threads(&s);
	s.report = true;
	release_timers(&s);
	return all;
}

static bool any_timer(struct ktimer *t, void *ctx)
{
	(void)t;
	(void)ctx;
	return true;
}

void kexec_shutdown(struct kernel *k)
{
	struct scan s = { .k = k, .image = NULL, .report = false };
	struct kexec *x = k->exec;
	uint64_t deadline;

	if (!x)
		return;
	/* whatever is left is stopped without a report: the drivers'
	 * unloads already reported theirs (a unit test's own threads too) */
	if (!release_threads(&s))
		x->abandoned_threads = true;
	deadline = ktime_mono_ns() + x->stop_grace_ns;
	pthread_mutex_lock(&x->obj_lock);
	while (x->live_threads && kcond_wait(&x->threads_done, &x->obj_lock, deadline))
		;
	if (x->live_threads)
		x->abandoned_threads = true;
	pthread_mutex_unlock(&x->obj_lock);
	kqueue_set_clock(k->dpc_queue, NULL, NULL);
	ktimer_cancel_if(k, any_timer, NULL);
}
