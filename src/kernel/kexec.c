/* kexec.c — a machine's kernel-executive state: created with its kernel,
 * stopped before its DPC and work threads, freed last (see kexec.h). */
#include "kernel/kexec.h"

#include <errno.h>
#include <stdlib.h>

int kexec_create(struct kernel *k)
{
	struct kexec *x = calloc(1, sizeof(*x));

	if (!x)
		return -ENOMEM;
	x->k = k;
	x->boot_mono_ns = ktime_mono_ns();
	x->stop_grace_ns = KEXEC_STOP_GRACE_NS;
	x->processors = k->config.processors ? k->config.processors : KEXEC_DEFAULT_PROCESSORS;
	if (x->processors > KEXEC_MAX_PROCESSORS)
		x->processors = KEXEC_MAX_PROCESSORS;
	pthread_mutex_init(&x->timer_lock, NULL);
	klink_init(&x->timers);
	pthread_mutex_init(&x->obj_lock, NULL);
	klink_init(&x->objects);
	kwait_cond_init(&x->threads_done);
	k->exec = x;
	return 0;
}

bool kexec_destroy(struct kernel *k)
{
	struct kexec *x = k->exec;

	if (!x)
		return true;
	if (x->abandoned_threads)
		return false;   /* a thread that could not be stopped may touch it */
	pthread_cond_destroy(&x->threads_done);
	pthread_mutex_destroy(&x->obj_lock);
	pthread_mutex_destroy(&x->timer_lock);
	free(x);
	k->exec = NULL;
	return true;
}
