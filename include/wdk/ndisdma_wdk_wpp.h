/*
 * ndisdma WDK compatibility headers: the runtime side of WPP software
 * tracing, and the TRACE_LEVEL_* values.  <wdm.h> includes it, and every
 * .tmh that ndisdma-wpp writes (docs/wpp.md).
 *
 * Clean-room: written from the wpp facts (§1.3, §1.5, §1.6) and the public
 * documentation, not from any WDK header, template or generated .tmh.
 */
#ifndef NDISDMA_WDK_WPP_H
#define NDISDMA_WDK_WPP_H

#include "ndisdma_wdk_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Trace levels (Evntrace.h values, wpp facts §1.9): a session at level N
 * gets every message of level <= N. */
#ifndef TRACE_LEVEL_NONE
#define TRACE_LEVEL_NONE        0
#define TRACE_LEVEL_CRITICAL    1
#define TRACE_LEVEL_FATAL       1
#define TRACE_LEVEL_ERROR       2
#define TRACE_LEVEL_WARNING     3
#define TRACE_LEVEL_INFORMATION 4
#define TRACE_LEVEL_VERBOSE     5
#define TRACE_LEVEL_RESERVED6   6
#define TRACE_LEVEL_RESERVED7   7
#define TRACE_LEVEL_RESERVED8   8
#define TRACE_LEVEL_RESERVED9   9
#endif

/* One control GUID's control block: what WPP_CONTROL(WPP_BIT_x) names.
 * The fields drivers read (wpp facts §1.3): Level (the session level),
 * Flags[] (the session's flag mask), Logger, AutoLogContext,
 * AutoLogVerboseEnabled.  Flags has one ULONG: a control GUID has at most
 * 31 flags (wpp facts §1.2). */
typedef struct _NDISDMA_WPP_CONTROL_BLOCK {
    PVOID Callback;
    const VOID *ControlGuid;
    PVOID Next;
    ULONG64 Logger;
    PVOID RegistryPath;
    UCHAR FlagsLen;
    UCHAR Level;
    USHORT Reserved;
    ULONG Flags[1];
    PVOID AutoLogContext;
    BOOLEAN AutoLogVerboseEnabled;
    BOOLEAN Initialized;      /* WPP_CHECK_INIT: between INIT and CLEANUP */
    const char *Name;         /* the control GUID's friendly name */
} NDISDMA_WPP_CONTROL_BLOCK;

/* WPP_INIT_TRACING: each block gets the run's trace session (level and
 * flags, `ndisdma run --trace LEVEL[:FLAGS]`; none by default). */
VOID NdisDmaWppInit(NDISDMA_WPP_CONTROL_BLOCK *Blocks, ULONG Count);
/* WPP_CLEANUP: the blocks are no longer initialised; nothing is traced. */
VOID NdisDmaWppCleanup(NDISDMA_WPP_CONTROL_BLOCK *Blocks, ULONG Count);
/* One enabled trace message: Format (the call's MSG, with the prefix and
 * suffix text) is formatted with Microsoft printf semantics and WPP's %!x!
 * extensions, and written as one line of the run's log.  Level, Flags and
 * CompName are the call's condition arguments as written (%!LEVEL!,
 * %!FLAGS!, %!COMPNAME!), or "". */
VOID NdisDmaWppTrace(const char *File, ULONG Line, const char *Function,
                     const char *Level, const char *Flags, const char *CompName,
                     const char *Format, ...);

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_WPP_H */
