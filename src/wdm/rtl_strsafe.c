/* rtl_strsafe.c — RtlString{Cb,Cch}{Copy,CopyN,Cat,CatN}[Ex]{A,W} and
 * RtlString{Cb,Cch}Length{A,W} (facts §4.5), over one engine: ss_begin
 * validates, one worker copies or appends, ss_finish applies the Ex flags.
 * The documented choices are in docs/debug.md "Safe strings".
 */
#include "wdm/strsafe_internal.h"

#include <string.h>

size_t ss_get(const void *buf, size_t unit, size_t i)
{
	return unit == 1 ? ((const unsigned char *)buf)[i] : ((const WCHAR *)buf)[i];
}

void ss_put(void *buf, size_t unit, size_t i, size_t value)
{
	if (unit == 1)
		((unsigned char *)buf)[i] = (unsigned char)value;
	else
		((WCHAR *)buf)[i] = (WCHAR)value;
}

NTSTATUS ss_begin(struct ss_dest *d)
{
	size_t max = d->cb ? (size_t)NTSTRSAFE_MAX_CCH * d->unit : NTSTRSAFE_MAX_CCH;

	d->cch = d->cb ? d->size / d->unit : d->size;
	if (!d->ex)
		d->flags = 0;
	if ((d->flags & ~(ULONG)STRSAFE_VALID_FLAGS) || d->size > max)
		return STATUS_INVALID_PARAMETER;
	if (d->buf == NULL && !(d->cch == 0 && (d->flags & STRSAFE_IGNORE_NULLS)))
		return STATUS_INVALID_PARAMETER;
	return STATUS_SUCCESS;
}

bool ss_source(const struct ss_dest *d, const void **src, size_t max, size_t *len)
{
	static const WCHAR empty[1];
	size_t n = 0;

	if (*src == NULL) {
		if (!(d->flags & STRSAFE_IGNORE_NULLS))
			return false;
		*src = empty;
	}
	while (n < max && ss_get(*src, d->unit, n) != 0)
		n++;
	*len = n;
	return true;
}

static void fill(struct ss_dest *d, size_t from, size_t count)
{
	memset((char *)d->buf + from * d->unit, STRSAFE_GET_FILL_PATTERN(d->flags),
	       count * d->unit);
}

NTSTATUS ss_finish(struct ss_dest *d, NTSTATUS status, size_t len, size_t kept)
{
	bool usable = d->buf != NULL && d->cch > 0;
	bool report = status == STATUS_SUCCESS || status == STATUS_BUFFER_OVERFLOW;

	if (usable && status == STATUS_BUFFER_OVERFLOW && (d->flags & STRSAFE_NO_TRUNCATION)) {
		len = kept;      /* Copy: the empty string; Cat: the original */
		ss_put(d->buf, d->unit, len, 0);
	}
	if (usable && status != STATUS_SUCCESS && (d->flags & STRSAFE_FILL_ON_FAILURE)) {
		fill(d, 0, d->cch);
		len = d->cch - 1;
		ss_put(d->buf, d->unit, len, 0);
		report = true;
	}
	if (usable && status != STATUS_SUCCESS && (d->flags & STRSAFE_NULL_ON_FAILURE)) {
		len = 0;
		ss_put(d->buf, d->unit, 0, 0);
		report = true;
	}
	if (usable && status == STATUS_SUCCESS && (d->flags & STRSAFE_FILL_BEHIND_NULL))
		fill(d, len + 1, d->cch - len - 1);
	if (report && d->end != NULL)   /* a NULL destination (size 0) ends at NULL */
		*d->end = d->buf != NULL ? (char *)d->buf + len * d->unit : NULL;
	if (report && d->remaining != NULL)
		*d->remaining = d->cb ? (d->cch - len) * d->unit + d->size % d->unit
				      : d->cch - len;
	return status;
}

/* Copy (append false) or Cat (append true) at most `max` characters of src. */
static NTSTATUS copy(struct ss_dest *d, const void *src, size_t max, bool append)
{
	NTSTATUS status = ss_begin(d);
	size_t len = 0, kept = 0, avail, n;

	if (status != STATUS_SUCCESS)
		return ss_finish(d, status, 0, 0);
	if (max > NTSTRSAFE_MAX_CCH || !ss_source(d, &src, max, &len))
		return ss_finish(d, STATUS_INVALID_PARAMETER, 0, 0);
	if (append) {
		while (kept < d->cch && ss_get(d->buf, d->unit, kept) != 0)
			kept++;
		if (kept == d->cch)      /* no NUL within the size: already full */
			return ss_finish(d, STATUS_INVALID_PARAMETER, 0, 0);
	}
	if (d->cch == 0) {               /* only an empty result fits (facts §4.5) */
		bool allowed = (d->cb || d->ex) && len == 0;
		return ss_finish(d, allowed ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER, 0, 0);
	}
	avail = d->cch - 1 - kept;
	n = len < avail ? len : avail;
	memmove((char *)d->buf + kept * d->unit, src, n * d->unit);
	ss_put(d->buf, d->unit, kept + n, 0);
	return ss_finish(d, len > avail ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS, kept + n, kept);
}

static NTSTATUS length(const char *api, const void *psz, size_t unit, size_t max, bool cb,
		       size_t *out)
{
	size_t limit = cb ? (size_t)NTSTRSAFE_MAX_CCH * unit : NTSTRSAFE_MAX_CCH;
	size_t cch = cb ? max / unit : max, n = 0;

	(void)api;
	if (out != NULL)
		*out = 0;
	if (psz == NULL || max > limit)
		return STATUS_INVALID_PARAMETER;
	while (n < cch && ss_get(psz, unit, n) != 0)
		n++;
	if (n == cch)
		return STATUS_INVALID_PARAMETER;   /* no NUL within the maximum */
	if (out != NULL)
		*out = cb ? n * unit : n;
	return STATUS_SUCCESS;
}

/* One exported routine: its struct ss_dest and the worker. */
#define SS_DEST(name, u, is_cb, is_ex, dst, sz, fl, e, r) \
	struct ss_dest d = { name, WDM_CALLER(), (dst), (u), (sz), (is_cb), (is_ex), (fl), \
			     (void **)(e), (r), 0 }

#define SS_COPY_FAMILY(G, AW, CHAR_T, U, IS_CB) \
NTSTATUS RtlString##G##Copy##AW(CHAR_T *pszDest, size_t cDest, const CHAR_T *pszSrc) \
{ \
	SS_DEST("RtlString" #G "Copy" #AW, U, IS_CB, false, pszDest, cDest, 0, NULL, NULL); \
	return copy(&d, pszSrc, NTSTRSAFE_MAX_CCH, false); \
} \
NTSTATUS RtlString##G##CopyEx##AW(CHAR_T *pszDest, size_t cDest, const CHAR_T *pszSrc, \
				  CHAR_T **ppszDestEnd, size_t *pRemaining, ULONG dwFlags) \
{ \
	SS_DEST("RtlString" #G "CopyEx" #AW, U, IS_CB, true, pszDest, cDest, dwFlags, \
		ppszDestEnd, pRemaining); \
	return copy(&d, pszSrc, NTSTRSAFE_MAX_CCH, false); \
} \
NTSTATUS RtlString##G##CopyN##AW(CHAR_T *pszDest, size_t cDest, const CHAR_T *pszSrc, \
				 size_t cToCopy) \
{ \
	SS_DEST("RtlString" #G "CopyN" #AW, U, IS_CB, false, pszDest, cDest, 0, NULL, NULL); \
	return copy(&d, pszSrc, IS_CB ? cToCopy / U : cToCopy, false); \
} \
NTSTATUS RtlString##G##CopyNEx##AW(CHAR_T *pszDest, size_t cDest, const CHAR_T *pszSrc, \
				   size_t cToCopy, CHAR_T **ppszDestEnd, size_t *pRemaining, \
				   ULONG dwFlags) \
{ \
	SS_DEST("RtlString" #G "CopyNEx" #AW, U, IS_CB, true, pszDest, cDest, dwFlags, \
		ppszDestEnd, pRemaining); \
	return copy(&d, pszSrc, IS_CB ? cToCopy / U : cToCopy, false); \
} \
NTSTATUS RtlString##G##Cat##AW(CHAR_T *pszDest, size_t cDest, const CHAR_T *pszSrc) \
{ \
	SS_DEST("RtlString" #G "Cat" #AW, U, IS_CB, false, pszDest, cDest, 0, NULL, NULL); \
	return copy(&d, pszSrc, NTSTRSAFE_MAX_CCH, true); \
} \
NTSTATUS RtlString##G##CatEx##AW(CHAR_T *pszDest, size_t cDest, const CHAR_T *pszSrc, \
				 CHAR_T **ppszDestEnd, size_t *pRemaining, ULONG dwFlags) \
{ \
	SS_DEST("RtlString" #G "CatEx" #AW, U, IS_CB, true, pszDest, cDest, dwFlags, \
		ppszDestEnd, pRemaining); \
	return copy(&d, pszSrc, NTSTRSAFE_MAX_CCH, true); \
} \
NTSTATUS RtlString##G##CatN##AW(CHAR_T *pszDest, size_t cDest, const CHAR_T *pszSrc, \
				size_t cToAppend) \
{ \
	SS_DEST("RtlString" #G "CatN" #AW, U, IS_CB, false, pszDest, cDest, 0, NULL, NULL); \
	return copy(&d, pszSrc, IS_CB ? cToAppend / U : cToAppend, true); \
} \
NTSTATUS RtlString##G##CatNEx##AW(CHAR_T *pszDest, size_t cDest, const CHAR_T *pszSrc, \
				  size_t cToAppend, CHAR_T **ppszDestEnd, size_t *pRemaining, \
				  ULONG dwFlags) \
{ \
	SS_DEST("RtlString" #G "CatNEx" #AW, U, IS_CB, true, pszDest, cDest, dwFlags, \
		ppszDestEnd, pRemaining); \
	return copy(&d, pszSrc, IS_CB ? cToAppend / U : cToAppend, true); \
} \
NTSTATUS RtlString##G##Length##AW(const CHAR_T *psz, size_t cMax, size_t *pLength) \
{ \
	return length("RtlString" #G "Length" #AW, psz, U, cMax, IS_CB, pLength); \
}

SS_COPY_FAMILY(Cb, A, CHAR, 1, true)
SS_COPY_FAMILY(Cb, W, WCHAR, 2, true)
SS_COPY_FAMILY(Cch, A, CHAR, 1, false)
SS_COPY_FAMILY(Cch, W, WCHAR, 2, false)
