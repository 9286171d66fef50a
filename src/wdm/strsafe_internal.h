/* strsafe_internal.h — the one implementation behind the ntstrsafe.h
 * routines (facts §4.5; docs/debug.md "Safe strings"): A and W, Cb and
 * Cch, plain and Ex forms differ only in the fields of a struct ss_dest.
 */
#ifndef NDISDMA_STRSAFE_INTERNAL_H
#define NDISDMA_STRSAFE_INTERNAL_H

#include <ntstrsafe.h>

#include "wdm/rtl_internal.h"

struct ss_dest {
	const char *api;        /* for reports */
	const void *site;       /* the driver's call */
	void *buf;              /* pszDest */
	size_t unit;            /* sizeof(char) or sizeof(WCHAR) */
	size_t size;            /* cbDest or cchDest as given */
	bool cb;                /* size is in bytes */
	bool ex;                /* an Ex form: flags and the two outputs */
	ULONG flags;
	void **end;             /* ppszDestEnd (NULL: not wanted) */
	size_t *remaining;      /* pcbRemaining / pcchRemaining (NULL: not wanted) */
	size_t cch;             /* set by ss_begin: characters of buf */
};

/* Checks flags, size and destination; sets d->cch.  STATUS_SUCCESS or
 * STATUS_INVALID_PARAMETER. */
NTSTATUS ss_begin(struct ss_dest *d);
/* The source as characters: NULL is "" with STRSAFE_IGNORE_NULLS, else
 * false.  *len: characters before the NUL, at most max. */
bool ss_source(const struct ss_dest *d, const void **src, size_t max, size_t *len);
/* Applies the Ex flags to a result of `len` characters (`kept`: what a
 * Cat found already there) and fills the outputs; returns status. */
NTSTATUS ss_finish(struct ss_dest *d, NTSTATUS status, size_t len, size_t kept);

size_t ss_get(const void *buf, size_t unit, size_t i);
void ss_put(void *buf, size_t unit, size_t i, size_t value);

#endif
