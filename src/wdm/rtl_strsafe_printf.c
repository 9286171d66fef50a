/* rtl_strsafe_printf.c — RtlString{Cb,Cch}[V]Printf[Ex]{A,W} (facts §4.5):
 * formatted by src/fmt with Microsoft printf rules (A: printf family, W:
 * wprintf family), cut with STATUS_BUFFER_OVERFLOW and still terminated.
 * A Unicode conversion above PASSIVE_LEVEL is an IRQL report (the docs
 * make them PASSIVE-only, facts §7).
 */
#include "wdm/strsafe_internal.h"

#include <stdio.h>

#include "fmt/fmt.h"

#undef RtlStringCbPrintfA
#undef RtlStringCbPrintfW
#undef RtlStringCchPrintfA
#undef RtlStringCchPrintfW
#undef RtlStringCbPrintfExA
#undef RtlStringCbPrintfExW
#undef RtlStringCchPrintfExA
#undef RtlStringCchPrintfExW

static NTSTATUS print(struct ss_dest *d, const void *format, va_list ap)
{
	static const WCHAR empty[1];
	struct fmt_options options = { 0, wdm_take_caller_function(), d->site, NULL };
	NTSTATUS status = ss_begin(d);
	struct fmt_result r;
	size_t cap;

	if (status != STATUS_SUCCESS)
		return ss_finish(d, status, 0, 0);
	if (format == NULL) {
		if (!(d->flags & STRSAFE_IGNORE_NULLS))
			return ss_finish(d, STATUS_INVALID_PARAMETER, 0, 0);
		format = empty;
	}
	cap = d->buf != NULL ? d->cch : 0;
	if (d->unit == 1)
		r = fmt_vformat(cap ? d->buf : NULL, cap, format, ap, &options);
	else
		r = fmt_vformat_wide(cap ? d->buf : NULL, cap, format, ap, &options);
	if (r.converted) {
		char api[96];

		snprintf(api, sizeof(api), "%s with a Unicode conversion", d->api);
		wdm_check_irql(kernel_current(), api, PASSIVE_LEVEL, PASSIVE_LEVEL, d->site);
	}
	if (d->cch == 0) {               /* only an empty result fits (facts §4.5) */
		bool allowed = (d->cb || d->ex) && r.length == 0;
		return ss_finish(d, allowed ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER, 0, 0);
	}
	if (r.truncated)
		return ss_finish(d, STATUS_BUFFER_OVERFLOW, d->cch - 1, 0);
	return ss_finish(d, STATUS_SUCCESS, r.length, 0);
}

#define SS_PRINTF_FAMILY(G, AW, CHAR_T, U, IS_CB) \
NTSTATUS RtlString##G##VPrintf##AW(CHAR_T *pszDest, size_t cDest, const CHAR_T *pszFormat, \
				   va_list argList) \
{ \
	struct ss_dest d = { "RtlString" #G "VPrintf" #AW, WDM_CALLER(), pszDest, U, cDest, \
			     IS_CB, false, 0, NULL, NULL, 0 }; \
	return print(&d, pszFormat, argList); \
} \
NTSTATUS RtlString##G##VPrintfEx##AW(CHAR_T *pszDest, size_t cDest, CHAR_T **ppszDestEnd, \
				     size_t *pRemaining, ULONG dwFlags, \
				     const CHAR_T *pszFormat, va_list argList) \
{ \
	struct ss_dest d = { "RtlString" #G "VPrintfEx" #AW, WDM_CALLER(), pszDest, U, cDest, \
			     IS_CB, true, dwFlags, (void **)ppszDestEnd, pRemaining, 0 }; \
	return print(&d, pszFormat, argList); \
} \
NTSTATUS RtlString##G##Printf##AW(CHAR_T *pszDest, size_t cDest, const CHAR_T *pszFormat, ...) \
{ \
	struct ss_dest d = { "RtlString" #G "Printf" #AW, WDM_CALLER(), pszDest, U, cDest, \
			     IS_CB, false, 0, NULL, NULL, 0 }; \
	NTSTATUS status; \
	va_list ap; \
	va_start(ap, pszFormat); \
	status = print(&d, pszFormat, ap); \
	va_end(ap); \
	return status; \
} \
NTSTATUS RtlString##G##PrintfEx##AW(CHAR_T *pszDest, size_t cDest, CHAR_T **ppszDestEnd, \
				    size_t *pRemaining, ULONG dwFlags, \
				    const CHAR_T *pszFormat, ...) \
{ \
	struct ss_dest d = { "RtlString" #G "PrintfEx" #AW, WDM_CALLER(), pszDest, U, cDest, \
			     IS_CB, true, dwFlags, (void **)ppszDestEnd, pRemaining, 0 }; \
	NTSTATUS status; \
	va_list ap; \
	va_start(ap, pszFormat); \
	status = print(&d, pszFormat, ap); \
	va_end(ap); \
	return status; \
}

SS_PRINTF_FAMILY(Cb, A, CHAR, 1, true)
SS_PRINTF_FAMILY(Cb, W, WCHAR, 2, true)
SS_PRINTF_FAMILY(Cch, A, CHAR, 1, false)
SS_PRINTF_FAMILY(Cch, W, WCHAR, 2, false)
