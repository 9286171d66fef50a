/*
 * ndisdma WDK compatibility headers: <WppRecorder.h>, the in-flight
 * recorder's API (wpp facts §1.11; docs/wpp.md "In-flight recorder").
 * <wdm.h> includes it, as WPP's generated headers make it visible to a
 * driver built with WppRecorderEnabled.
 *
 * A log is pool memory of the driver (ExAllocatePool2, tag 'gLRW'), so a
 * log not deleted before the driver unloads is the driver's leak, and an
 * allocation that fails is STATUS_INSUFFICIENT_RESOURCES.  Messages of
 * every log go to the run's log (NdisDmaWppTraceSite marks a created
 * log's identifier).  The recorder's debugger and triage entries have no
 * reader here: calling one is a compile error that says so.  Field types
 * the documentation does not give are ndisdma's choice (docs/wpp.md).
 *
 * Clean-room: written from the wpp facts and the public documentation,
 * not from any WDK header.
 */
#ifndef NDISDMA_WDK_WPPRECORDER_H
#define NDISDMA_WDK_WPPRECORDER_H

#include "ndisdma_wdk_types.h"
#include "ndisdma_wdk_ntstatus.h"
#include "ndisdma_wdk_wpp.h"

#ifdef __cplusplus
extern "C" {
#endif

PVOID ExAllocatePool2(ULONG64 Flags, SIZE_T NumberOfBytes, ULONG Tag);
VOID ExFreePoolWithTag(PVOID P, ULONG Tag);

typedef NDISDMA_RECORDER_LOG *RECORDER_LOG;

typedef enum _WPP_RECORDER_TRI_STATE {
    WppRecorderFalse = 0,
    WppRecorderTrue = 1,
    WppRecorderUseDefault = 2
} WPP_RECORDER_TRI_STATE;

typedef struct _RECORDER_LOG_CREATE_PARAMS {
    ULONG Size;
    ULONG LogTag;
    ULONG TotalBufferSize;
    ULONG ErrorPartitionSize;
    BOOLEAN LogIdentifierAppendValueSet;   /* append LogIdentifierAppendValue */
    ULONG LogIdentifierAppendValue;
    CHAR LogIdentifier[RECORDER_LOG_IDENTIFIER_MAX_CHARS];
    WPP_RECORDER_TRI_STATE UseTimeStamp;
    WPP_RECORDER_TRI_STATE PreciseTimeStamp;
} RECORDER_LOG_CREATE_PARAMS, *PRECORDER_LOG_CREATE_PARAMS;

typedef struct _RECORDER_CONFIGURE_PARAMS {
    ULONG Size;
    BOOLEAN CreateDefaultLog;
    WPP_RECORDER_TRI_STATE UseTimeStamp;
    WPP_RECORDER_TRI_STATE PreciseTimeStamp;
} RECORDER_CONFIGURE_PARAMS, *PRECORDER_CONFIGURE_PARAMS;

#define NDISDMA_RECORDER_POOL_TAG 0x67524c57u   /* 'gLRW' */
#define NDISDMA_RECORDER_DEFAULT_BUFFER 1024     /* LogPages default: 1 page */

static __inline__ VOID NdisDmaRecorderCopyId(CHAR *To, SIZE_T Size, const CHAR *From)
{
    SIZE_T i = 0;

    for (; From != NULL && From[i] != '\0' && i + 1 < Size; i++)
        To[i] = From[i];
    To[i] = '\0';
}

static __inline__ VOID RECORDER_LOG_CREATE_PARAMS_INIT(PRECORDER_LOG_CREATE_PARAMS Params,
                                                       const CHAR *LogIdentifier)
{
    __builtin_memset(Params, 0, sizeof(*Params));
    Params->Size = sizeof(*Params);
    Params->TotalBufferSize = NDISDMA_RECORDER_DEFAULT_BUFFER;
    Params->UseTimeStamp = WppRecorderUseDefault;
    Params->PreciseTimeStamp = WppRecorderUseDefault;
    NdisDmaRecorderCopyId(Params->LogIdentifier, sizeof(Params->LogIdentifier), LogIdentifier);
}

static __inline__ VOID RECORDER_CONFIGURE_PARAMS_INIT(PRECORDER_CONFIGURE_PARAMS Params)
{
    __builtin_memset(Params, 0, sizeof(*Params));
    Params->Size = sizeof(*Params);
    Params->CreateDefaultLog = TRUE;
    Params->UseTimeStamp = WppRecorderUseDefault;
    Params->PreciseTimeStamp = WppRecorderUseDefault;
}

/* Before WPP_INIT_TRACING: whether WPP_INIT_TRACING creates the default log. */
static __inline__ VOID WppRecorderConfigure(PRECORDER_CONFIGURE_PARAMS ConfigureParams)
{
    NDISDMA_RECORDER_LOG *log = NdisDmaWppDefault();

    if (log != NULL && ConfigureParams != NULL &&
        ConfigureParams->Size == sizeof(*ConfigureParams))
        log->NoDefault = !ConfigureParams->CreateDefaultLog;
}

static __inline__ BOOLEAN WppRecorderIsDefaultLogAvailable(VOID)
{
    NDISDMA_RECORDER_LOG *log = NdisDmaWppDefault();

    return log != NULL && log->Magic == NDISDMA_RECORDER_LOG_MAGIC;
}

/* The default log; NULL when it is not available. */
static __inline__ RECORDER_LOG WppRecorderLogGetDefault(VOID)
{
    return WppRecorderIsDefaultLogAvailable() ? NdisDmaWppDefault() : (RECORDER_LOG)NULL;
}

static __inline__ NTSTATUS WppRecorderLogCreate(PRECORDER_LOG_CREATE_PARAMS CreateParams,
                                                RECORDER_LOG *RecorderLog)
{
    NDISDMA_RECORDER_LOG *log;
    SIZE_T n;

    if (RecorderLog == NULL)
        return STATUS_INVALID_PARAMETER;
    *RecorderLog = NULL;
    if (CreateParams == NULL || CreateParams->Size != sizeof(*CreateParams))
        return STATUS_INVALID_PARAMETER;
    log = (NDISDMA_RECORDER_LOG *)ExAllocatePool2(0x40 /* POOL_FLAG_NON_PAGED */,
                                                  sizeof(*log), NDISDMA_RECORDER_POOL_TAG);
    if (log == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    log->Magic = NDISDMA_RECORDER_LOG_MAGIC;
    log->TotalBufferSize = CreateParams->TotalBufferSize;
    log->ErrorPartitionSize = CreateParams->ErrorPartitionSize;
    NdisDmaRecorderCopyId(log->Identifier, RECORDER_LOG_IDENTIFIER_MAX_CHARS,
                          CreateParams->LogIdentifier);
    if (CreateParams->LogIdentifierAppendValueSet) {   /* "id" + the value in decimal */
        ULONG v = CreateParams->LogIdentifierAppendValue, d = 1;
        for (n = 0; log->Identifier[n] != '\0'; n++)
            ;
        while (v / d >= 10)
            d *= 10;
        for (; d > 0; d /= 10)
            log->Identifier[n++] = (CHAR)('0' + v / d % 10);
        log->Identifier[n] = '\0';
    }
    *RecorderLog = log;
    return STATUS_SUCCESS;
}

static __inline__ VOID WppRecorderLogDelete(RECORDER_LOG RecorderLog)
{
    if (RecorderLog == NULL || RecorderLog->Default ||
        RecorderLog->Magic != NDISDMA_RECORDER_LOG_MAGIC)
        return;   /* the default log is WPP_CLEANUP's */
    RecorderLog->Magic = 0;
    ExFreePoolWithTag(RecorderLog, NDISDMA_RECORDER_POOL_TAG);
}

/* Not on the default log. */
static __inline__ NTSTATUS WppRecorderLogSetIdentifier(RECORDER_LOG RecorderLog,
                                                       const CHAR *LogIdentifier)
{
    if (RecorderLog == NULL || RecorderLog->Default ||
        RecorderLog->Magic != NDISDMA_RECORDER_LOG_MAGIC || LogIdentifier == NULL)
        return STATUS_INVALID_PARAMETER;
    NdisDmaRecorderCopyId(RecorderLog->Identifier, RECORDER_LOG_IDENTIFIER_MAX_CHARS,
                          LogIdentifier);
    return STATUS_SUCCESS;
}

/* The recorder's debugger, triage and counter entries: nothing reads the
 * recorder here, so a call is a compile error naming the entry. */
#ifdef __cplusplus
#define NDISDMA_RECORDER_NOT_PROVIDED(name) \
    __extension__({ static_assert(sizeof(#name) == 0, #name " is not provided by ndisdma: " \
        "no debugger reads the in-flight recorder (docs/wpp.md)"); 0; })
#else
#define NDISDMA_RECORDER_NOT_PROVIDED(name) \
    __extension__({ _Static_assert(sizeof(#name) == 0, #name " is not provided by ndisdma: " \
        "no debugger reads the in-flight recorder (docs/wpp.md)"); 0; })
#endif
#define WppRecorderDumpLiveDriverData(...) NDISDMA_RECORDER_NOT_PROVIDED(WppRecorderDumpLiveDriverData)
#define WppRecorderLogDumpLiveData(...) NDISDMA_RECORDER_NOT_PROVIDED(WppRecorderLogDumpLiveData)
#define WppRecorderGetTriageInfo(...) NDISDMA_RECORDER_NOT_PROVIDED(WppRecorderGetTriageInfo)
#define WppRecorderLinkCounters(...) NDISDMA_RECORDER_NOT_PROVIDED(WppRecorderLinkCounters)
#define WppRecorderGetCounterHandle(...) NDISDMA_RECORDER_NOT_PROVIDED(WppRecorderGetCounterHandle)
#define WppAutoLogStart(...) NDISDMA_RECORDER_NOT_PROVIDED(WppAutoLogStart)
#define WppAutoLogStop(...) NDISDMA_RECORDER_NOT_PROVIDED(WppAutoLogStop)
#define WppAutoLogTrace(...) NDISDMA_RECORDER_NOT_PROVIDED(WppAutoLogTrace)

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_WPPRECORDER_H */
