/*
 * ndisdma WDK compatibility headers: debug output and assertions
 * (DbgPrint, KdPrint, ASSERT, NT_ASSERT, DPFLTR_*).
 *
 * Clean-room: written from the spec, the facts files and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_DEBUG_H
#define NDISDMA_WDK_DEBUG_H

#include "ndisdma_wdk_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- debugging ------------------------------------------------------------ */
#ifndef DBG
#define DBG 0
#endif
#if DBG
#define ASSERT(e)     assert(e)
#define ASSERTMSG(m, e) assert(e)
#else
/* Unevaluated, but keeps variables used only in assertions "used". */
#define ASSERT(e)       ((void)sizeof((e) ? 1 : 0))
#define ASSERTMSG(m, e) ((void)sizeof((e) ? 1 : 0))
#endif
#define NT_ASSERT(e)     ASSERT(e)
#define NT_VERIFY(e)     ((e) ? TRUE : FALSE)
/* Debug output: DbgPrint/DbgPrintEx write one line to the machine's log
 * (Windows conversions %wZ, %ws and %S print the pointer). KdPrint is the
 * checked-build form: active only when the driver defines DBG. */
ULONG DbgPrint(PCSTR Format, ...);
ULONG DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...);
#define DPFLTR_ERROR_LEVEL   0
#define DPFLTR_WARNING_LEVEL 1
#define DPFLTR_TRACE_LEVEL   2
#define DPFLTR_INFO_LEVEL    3
#define DPFLTR_IHVNETWORK_ID 0x51
#if DBG
#define KdPrint(args)    ((void)DbgPrint args)
#define KdPrintEx(args)  ((void)DbgPrintEx args)
#else
#define KdPrint(args)    ((void)0)
#define KdPrintEx(args)  ((void)0)
#endif

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_DEBUG_H */
