/* rtl_memory.c — RtlCompareMemory (facts §4.2) and what the Rtl files
 * share (rtl_internal.h): the RTL-ARGUMENT report, the string allocator. */
#include "wdm/rtl_internal.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

SIZE_T RtlCompareMemory(const VOID *Source1, const VOID *Source2, SIZE_T Length)
{
	const UCHAR *a = Source1, *b = Source2;
	SIZE_T i = 0;

	if (Length != 0 && (a == NULL || b == NULL)) {
		rtl_bad_argument("RtlCompareMemory", WDM_CALLER(), "a NULL source of %zu bytes",
				 (size_t)Length);
		return 0;
	}
	while (i < Length && a[i] == b[i])
		i++;
	return i;
}

void rtl_bad_argument(const char *api, const void *site, const char *fmt, ...)
{
	struct kernel *k = kernel_current();
	struct vf_facts f = { 0 };
	char what[200];
	va_list ap;

	if (k == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	f.irql = kernel_irql();
	f.call_site = site;
	vf_report(k->verifier, VF_RTL_ARGUMENT, &f, "%s: %s", api, what);
}

/* Every live buffer is on one list, so RtlFreeUnicodeString of a string
 * the Rtl did not allocate (one from RtlInitUnicodeString, say) is found
 * without reading memory around the driver's pointer: a report, not a
 * free of foreign memory.  Process-wide, like the heap it comes from. */
struct rtl_header {
	struct rtl_header *prev, *next;
	uint64_t size, pad;         /* 32 bytes: buffers stay 16-aligned */
};

static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rtl_header live = { &live, &live, 0, 0 };

void *rtl_alloc(size_t size)
{
	struct kernel *k = kernel_current();
	size_t total = sizeof(struct rtl_header) + size;
	struct rtl_header *h = k != NULL ? kernel_alloc(k, total, "rtl.string") : malloc(total);

	if (h == NULL)
		return NULL;
	h->size = size;
	pthread_mutex_lock(&live_lock);
	h->next = live.next;
	h->prev = &live;
	live.next->prev = h;
	live.next = h;
	pthread_mutex_unlock(&live_lock);
	return h + 1;
}

bool rtl_owns(const void *p)
{
	bool found = false;

	pthread_mutex_lock(&live_lock);
	for (struct rtl_header *h = live.next; h != &live && !found; h = h->next)
		found = (const void *)(h + 1) == p;
	pthread_mutex_unlock(&live_lock);
	return found;
}

void rtl_free(void *p)
{
	struct kernel *k = kernel_current();
	struct rtl_header *h = (struct rtl_header *)p - 1;

	pthread_mutex_lock(&live_lock);
	h->prev->next = h->next;
	h->next->prev = h->prev;
	pthread_mutex_unlock(&live_lock);
	if (k != NULL)
		kernel_free(k, h);
	else
		free(h);
}
