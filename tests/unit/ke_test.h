/* ke_test.h — what the kernel-executive unit tests share (test_ke_*.c):
 * the harness, WDK timeouts, a host thread working for a machine. */
#ifndef KE_TEST_H
#define KE_TEST_H

#include "harness.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "kernel/kexec.h"

/* A relative WDK timeout of ms milliseconds. */
static inline LARGE_INTEGER ke_ms(LONGLONG ms)
{
	LARGE_INTEGER t;

	t.QuadPart = -ms * 10000;
	return t;
}

static inline uint64_t ke_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static inline void ke_sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* A host thread that works for machine k (NULL: for none) and runs fn. */
struct ke_host {
	pthread_t t;
	struct kernel *k;
	void (*fn)(void *arg);
	void *arg;
};

static void *ke_host_main(void *p)
{
	struct ke_host *h = p;

	kernel_enter(h->k);
	kernel_set_irql(KIRQL_PASSIVE);
	h->fn(h->arg);
	kernel_enter(NULL);
	return NULL;
}

static inline void ke_host_start(struct ke_host *h, struct kernel *k, void (*fn)(void *),
				 void *arg)
{
	h->k = k;
	h->fn = fn;
	h->arg = arg;
	assert_int_equal(pthread_create(&h->t, NULL, ke_host_main, h), 0);
}

static inline void ke_host_join(struct ke_host *h)
{
	pthread_join(h->t, NULL);
}

/* A zero-timeout test of one object. */
static inline NTSTATUS ke_test_object(PVOID object)
{
	LARGE_INTEGER zero = { .QuadPart = 0 };

	return KeWaitForSingleObject(object, Executive, KernelMode, FALSE, &zero);
}

#endif
