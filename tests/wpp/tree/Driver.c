/* Driver.c — the wpp_build test's miniport: WPP tracing around the
 * lifecycle sample's DriverEntry (built with -DDriverEntry=LcDriverEntry).
 * It includes "driver.tmh" in another case than its own name, as real
 * trees do, and calls every kind of trace function: KdPrint and RT_TRACE
 * (double parentheses) are configured on the tool's command line.
 */
#include <ndis.h>
#include "Trace.h"
#include "driver.tmh"

NTSTATUS LcDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);
VOID RxTrace(ULONG Count);

int WppTestPre, WppTestPost, WppTestFilter;

static NTSTATUS Check(NTSTATUS Status)
{
    CHECK_STATUS(Status, "check failed: %!STATUS!", Status);
    return Status;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    static const UCHAR mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };
    static const UCHAR ip[4] = { 10, 0, 0, 7 };
    NTSTATUS status;

    RECORDER_CONFIGURE_PARAMS configure;
    RECORDER_LOG_CREATE_PARAMS create;
    RECORDER_LOG log;

    RECORDER_CONFIGURE_PARAMS_INIT(&configure);
    WppRecorderConfigure(&configure);
    DbgPrint("wpp-test: default log before INIT: %d\n", WppRecorderIsDefaultLogAvailable());
    WPP_INIT_TRACING(DriverObject, RegistryPath);
    DbgPrint("wpp-test: default log after INIT: %d %d\n", WppRecorderIsDefaultLogAvailable(),
             WppRecorderLogGetDefault() != NULL);
    RECORDER_LOG_CREATE_PARAMS_INIT(&create, "rxlog");
    create.LogIdentifierAppendValueSet = TRUE;
    create.LogIdentifierAppendValue = 7;
    status = WppRecorderLogCreate(&create, &log);
    if (NT_SUCCESS(status)) {
        IfrTrace(log, "to its own log %d", 1);
        IfrTrace(WppRecorderLogGetDefault(), "to the default log");
        DbgPrint("wpp-test: rename default 0x%08x, own 0x%08x\n",
                 WppRecorderLogSetIdentifier(WppRecorderLogGetDefault(), "x"),
                 WppRecorderLogSetIdentifier(log, "renamed"));
        IfrTrace(log, "renamed %!STATUS!", status);
        WppRecorderLogDelete(log);
    }
    DEBUGP(MP_TRACE, "---> DriverEntry " "built with WPP\n");
    DEBUGP(MP_INFO,
           "multi-line %s %lx %I64x",
           "call", 0xffffffffu,
           0x123456789ull);
    TraceEvents(TRACE_LEVEL_ERROR, DBG_INIT, "mac %!MACADDR! ip %!IPADDR! %!bool! %!LEVEL!",
                mac, ip, TRUE);
    TraceEvents(TRACE_LEVEL_VERBOSE, DBG_INIT, "verbose only");
    DoTraceMessage(MP_TRACE, "DoTraceMessage %!HRESULT! %wZ", 0x80004005, RegistryPath);
    KdPrint(("kd %!STATUS!", STATUS_SUCCESS));
    RT_TRACE(COMP_INIT, TRACE_LEVEL_WARNING, ("grouped %s %!COMPNAME! %!LEVEL!", "call"));
    Check(STATUS_SUCCESS);
    Check(STATUS_DEVICE_POWERED_OFF);
    RxTrace(3);
    DbgPrint("wpp-test: PRE ran %d times, POST %d\n", WppTestPre, WppTestPost);
    DbgPrint("wpp-test: recorder filter ran %d times\n", WppTestFilter);
    status = LcDriverEntry(DriverObject, RegistryPath);
    if (!NT_SUCCESS(status))
        WPP_CLEANUP(DriverObject);
    return status;
}
