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

#include <stdarg.h>

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

/* What the trace functions of a .tmh pass since prefixes and suffixes take
 * arguments (docs/wpp.md "What a .tmh defines"; wpp facts §1.7, §1.10). */

/* One symbolic value of a driver's list or set type (CUSTOM_TYPE with
 * ItemEnum or ItemList*, TYPEMACRO): a value, or a bit number for a set. */
typedef struct _NDISDMA_WPP_ITEM {
    LONGLONG Value;
    const char *Name;
} NDISDMA_WPP_ITEM;

/* Where a complex type's WPP_LOGPAIR(length, address) pairs go. */
typedef struct _NDISDMA_WPP_PAIRS NDISDMA_WPP_PAIRS;

/* How %!Name! of a driver's own type prints its argument. */
typedef enum _NDISDMA_WPP_KIND {
    NdisDmaWppList = 1,   /* the name of the value; else the value in decimal */
    NdisDmaWppSet,        /* the names of the set bits, "A|B"; others in hex */
    NdisDmaWppHexDump,    /* DEFINE_CPLX_TYPE ItemHEXDump: "0a 1b 2c" */
    NdisDmaWppPString,    /* ItemPString: counted ANSI text */
    NdisDmaWppPWString,   /* ItemPWString: counted UTF-16 text */
    NdisDmaWppMacAddr     /* ItemMACAddr: 00:15:5d:ab:cd:ef */
} NDISDMA_WPP_KIND;

typedef struct _NDISDMA_WPP_TYPE {
    const char *Name;                 /* %!Name! */
    NDISDMA_WPP_KIND Kind;
    ULONG Count;                      /* lists and sets: the items */
    const NDISDMA_WPP_ITEM *Items;
    /* complex types: reads one argument of the type from *Args and hands
     * the pairs its helper macro makes to NdisDmaWppPair */
    VOID (*Read)(va_list *Args, NDISDMA_WPP_PAIRS *Pairs);
} NDISDMA_WPP_TYPE;

/* A trace call's site. */
typedef struct _NDISDMA_WPP_SITE {
    const char *File;
    ULONG Line;
    const char *Function;
    const char *Level;        /* the call's LEVEL, FLAGS, COMPNAME as written, or "" */
    const char *Flags;
    const char *CompName;
    ULONG ArgBase;            /* positional %n!x!: n of the first argument (-argbase:) */
    ULONG TypeCount;          /* the driver's own types */
    const NDISDMA_WPP_TYPE *Types;
    const VOID *Log;          /* the call's IFRLOG (a RECORDER_LOG), or NULL */
} NDISDMA_WPP_SITE;

/* The in-flight recorder's logs (WppRecorder.h; wpp facts §1.11): a
 * RECORDER_LOG points at one of these.  Every log writes to the run's log;
 * a message traced to a log the driver created (an IFRLOG argument) is
 * marked with the log's identifier.  The driver's default log is
 * NdisDmaWppDefaultLog, one per driver (hidden), available from
 * WPP_INIT_TRACING to WPP_CLEANUP unless WppRecorderConfigure said
 * CreateDefaultLog = FALSE. */
#define RECORDER_LOG_IDENTIFIER_MAX_CHARS 32
#define NDISDMA_RECORDER_LOG_MAGIC 0x474f4c52u   /* "RLOG" */
typedef struct _NDISDMA_RECORDER_LOG {
    ULONG Magic;              /* NDISDMA_RECORDER_LOG_MAGIC while the log exists */
    BOOLEAN Default;
    BOOLEAN NoDefault;        /* the default log only: not to be created */
    ULONG TotalBufferSize;
    ULONG ErrorPartitionSize;
    CHAR Identifier[RECORDER_LOG_IDENTIFIER_MAX_CHARS + 12];
} NDISDMA_RECORDER_LOG;

/* Defined by every .tmh (weak, hidden: one per driver); a driver without
 * a .tmh has no default log. */
extern NDISDMA_RECORDER_LOG NdisDmaWppDefaultLog __attribute__((weak, visibility("hidden")));

static __inline__ NDISDMA_RECORDER_LOG *NdisDmaWppDefault(VOID)
{
    NDISDMA_RECORDER_LOG *log = &NdisDmaWppDefaultLog;

    return log;
}

/* WPP_INIT_TRACING / WPP_CLEANUP: the default log comes and goes. */
static __inline__ VOID NdisDmaWppRecorderStart(VOID)
{
    NDISDMA_RECORDER_LOG *log = NdisDmaWppDefault();

    if (log != NULL && !log->NoDefault) {
        log->Magic = NDISDMA_RECORDER_LOG_MAGIC;
        log->Default = TRUE;
        __builtin_memcpy(log->Identifier, "default", 8);
    }
}

static __inline__ VOID NdisDmaWppRecorderStop(VOID)
{
    NDISDMA_RECORDER_LOG *log = NdisDmaWppDefault();

    if (log != NULL)
        log->Magic = 0;
}

/* A complex type's helper macro, through WPP_LOGPAIR: Length bytes at
 * Address are one pair of the argument being printed (copied at once). */
VOID NdisDmaWppPair(NDISDMA_WPP_PAIRS *Pairs, SIZE_T Length, const VOID *Address);
/* A prefix or suffix (USEPREFIX, USESUFFIX) with its arguments, formatted
 * into Buffer (Size bytes, UTF-8).  Format is narrow when Unit is 1 and
 * UTF-16 (L"...") when Unit is 2. */
VOID NdisDmaWppAffix(const NDISDMA_WPP_SITE *Site, char *Buffer, SIZE_T Size,
                     SIZE_T Unit, const VOID *Format, ...);
/* One enabled trace message: Prefix, the message (Format, narrow or
 * UTF-16 by Unit, with its arguments) and Suffix, as one line of the run's
 * log. */
VOID NdisDmaWppTraceSite(const NDISDMA_WPP_SITE *Site, const char *Prefix,
                         const char *Suffix, SIZE_T Unit, const VOID *Format, ...);

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_WPP_H */
