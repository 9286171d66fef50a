/* rtl_internal.h — what the Rtl files share: the RTL-ARGUMENT report and
 * the allocation behind Rtl*String conversions that allocate. */
#ifndef NDISDMA_RTL_INTERNAL_H
#define NDISDMA_RTL_INTERNAL_H

#include "wdm/wdm_internal.h"

/* A forbidden argument (NULL where a string must be, a bit range past the
 * bitmap): an RTL-ARGUMENT report naming `api` and the driver's call. */
void rtl_bad_argument(const char *api, const void *site, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Counted (kernel_alloc, fault point "rtl.string") on a machine thread;
 * freed by rtl_free.  rtl_owns: p came from rtl_alloc and is still live. */
void *rtl_alloc(size_t size);
bool rtl_owns(const void *p);
void rtl_free(void *p);

/* dbg_caller.c: the caller's name a WDK macro left (NULL if the call came
 * another way), cleared for the next call. */
const char *wdm_take_caller_function(void);

#endif
