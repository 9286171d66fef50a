/*
 * debug_miniport.c — a miniport that uses the debug surface the way public
 * NDIS 6 drivers do (tests/scripts/cli_debug.sh builds it with gcc and
 * clang, -Wall -Wextra -Werror, and runs it under `ndisdma run`):
 * __FUNCTION__ pasted to literals, a DEBUGP macro forwarding an empty
 * __VA_ARGS__, KdPrint((...)), DbgPrintEx levels, Microsoft conversions
 * (%wZ, %ws, %lx, %I64x, %Ix, %p), RtlStringCbPrintfA.  Variants:
 *   DEBUG_ASSERT    an ASSERT fails in MiniportInitializeEx (ASSERT-FAILED,
 *                   then the driver goes on and prints once more)
 *   DEBUG_BUGCHECK  MiniportInitializeEx calls KeBugCheckEx (the run ends, 7)
 * Written against <ndis.h> and <ntstrsafe.h> only, like any user driver.
 */
#include <ndis.h>
#include <ntstrsafe.h>

#define DBG_TAG ((ULONG)'D' | ((ULONG)'b' << 8) | ((ULONG)'g' << 16) | ((ULONG)'M' << 24))

/* The trace macro style of an NDIS 6 sample: MSVC drops the comma before
 * an empty __VA_ARGS__, so DEBUGP(MP_TRACE, "x") is DbgPrint("x", ). */
#define MP_TRACE 2
#define DEBUGP(Level, Fmt, ...) \
	if ((Level) <= MP_TRACE) DbgPrint(Fmt, __VA_ARGS__)

typedef struct _DBG_ADAPTER {
	NDIS_HANDLE AdapterHandle;
} DBG_ADAPTER, *PDBG_ADAPTER;

static NDIS_HANDLE DbgDriverHandle;
static UNICODE_STRING DbgRegistryPath;
static WCHAR DbgRegistryBuffer[128];

static VOID DbgHelper(NTSTATUS Status)
{
	DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, __FUNCTION__ ": error 0x%08lX\n",
		   Status);
	DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_TRACE_LEVEL, "%s: trace %Ix\n", __FUNCTION__,
		   (SIZE_T)0x1234);
}

static NDIS_STATUS DbgInitializeEx(NDIS_HANDLE MiniportAdapterHandle,
				   NDIS_HANDLE MiniportDriverContext,
				   PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;
	PDBG_ADAPTER ad;
	CHAR line[64];
	int x = 5;

	DEBUGP(MP_TRACE, "---> " __FUNCTION__ "\n");
	DbgPrint(__FUNCTION__ ": x=%d\n", x);
	KdPrint((__FUNCTION__ " registry %wZ, %ws, %lx %I64x\n", &DbgRegistryPath, L"wide",
		 0xFFFFFFFFu, 0x123456789ABCDEF0ull));
	DbgHelper(STATUS_INSUFFICIENT_RESOURCES);
	if (RtlStringCbPrintfA(line, sizeof(line), "%s/%p", "printf", (PVOID)0x42) == STATUS_SUCCESS)
		DbgPrint("strsafe: %s\n", line);
	ad = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(*ad), DBG_TAG,
					       NormalPoolPriority);
	if (ad == NULL)
		return NDIS_STATUS_RESOURCES;
	NdisZeroMemory(ad, sizeof(*ad));
	ad->AdapterHandle = MiniportAdapterHandle;
#ifdef DEBUG_ASSERT
	ASSERT(ad->AdapterHandle == NULL);
	DbgPrint("after the assertion\n");
#endif
#ifdef DEBUG_BUGCHECK
	KeBugCheckEx(0xE0000042, (ULONG_PTR)ad, 2, 3, 4);
#endif
	NdisZeroMemory(&reg, sizeof(reg));
	reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.MiniportAdapterContext = ad;
	reg.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE;
	reg.InterfaceType = NdisInterfacePci;
	if (NdisMSetMiniportAttributes(MiniportAdapterHandle,
				       (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg) != NDIS_STATUS_SUCCESS) {
		NdisFreeMemory(ad, 0, 0);
		return NDIS_STATUS_FAILURE;
	}
	DEBUGP(MP_TRACE, "<--- " __FUNCTION__ "\n");
	return NDIS_STATUS_SUCCESS;
}

static VOID DbgHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	NdisFreeMemory(MiniportAdapterContext, 0, 0);
}

static VOID DbgUnload(PDRIVER_OBJECT DriverObject)
{
	NdisMDeregisterMiniportDriver(DbgDriverHandle);
}

static NDIS_STATUS DbgPause(NDIS_HANDLE Context, PNDIS_MINIPORT_PAUSE_PARAMETERS Params)
{
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS DbgRestart(NDIS_HANDLE Context, PNDIS_MINIPORT_RESTART_PARAMETERS Params)
{
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS DbgOidRequest(NDIS_HANDLE Context, PNDIS_OID_REQUEST Request)
{
	static const UCHAR mac[6] = { 0x02, 0, 0, 0, 0, 0x0d };

	if (Request->RequestType == NdisRequestSetInformation &&
	    Request->DATA.SET_INFORMATION.Oid == OID_GEN_CURRENT_PACKET_FILTER &&
	    Request->DATA.SET_INFORMATION.InformationBufferLength >= sizeof(ULONG)) {
		Request->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
		return NDIS_STATUS_SUCCESS;
	}
	if (Request->RequestType == NdisRequestQueryInformation &&
	    Request->DATA.QUERY_INFORMATION.Oid == OID_802_3_CURRENT_ADDRESS &&
	    Request->DATA.QUERY_INFORMATION.InformationBufferLength >= sizeof(mac)) {
		NdisMoveMemory(Request->DATA.QUERY_INFORMATION.InformationBuffer, mac, sizeof(mac));
		Request->DATA.QUERY_INFORMATION.BytesWritten = sizeof(mac);
		return NDIS_STATUS_SUCCESS;
	}
	return NDIS_STATUS_NOT_SUPPORTED;
}

static VOID DbgSend(NDIS_HANDLE Context, PNET_BUFFER_LIST Nbls, NDIS_PORT_NUMBER Port,
		    ULONG SendFlags)
{
	PDBG_ADAPTER ad = (PDBG_ADAPTER)Context;
	PNET_BUFFER_LIST nbl;

	for (nbl = Nbls; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl))
		NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_FAILURE;
	NdisMSendNetBufferListsComplete(ad->AdapterHandle, Nbls,
		(SendFlags & NDIS_SEND_FLAGS_DISPATCH_LEVEL) ?
		NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

static VOID DbgReturn(NDIS_HANDLE Context, PNET_BUFFER_LIST Nbls, ULONG Flags) {}
static VOID DbgCancelSend(NDIS_HANDLE Context, PVOID CancelId) {}
static VOID DbgPnP(NDIS_HANDLE Context, PNET_DEVICE_PNP_EVENT Event) {}
static VOID DbgShutdown(NDIS_HANDLE Context, NDIS_SHUTDOWN_ACTION Action) {}
static VOID DbgCancelOid(NDIS_HANDLE Context, PVOID RequestId) {}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS chars;

	DbgRegistryPath.Buffer = DbgRegistryBuffer;
	DbgRegistryPath.MaximumLength = sizeof(DbgRegistryBuffer);
	RtlCopyUnicodeString(&DbgRegistryPath, RegistryPath);
	NdisZeroMemory(&chars, sizeof(chars));
	chars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	chars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	chars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	chars.MajorNdisVersion = 6;
	chars.MinorNdisVersion = 30;
	chars.InitializeHandlerEx = DbgInitializeEx;
	chars.HaltHandlerEx = DbgHaltEx;
	chars.UnloadHandler = DbgUnload;
	chars.PauseHandler = DbgPause;
	chars.RestartHandler = DbgRestart;
	chars.OidRequestHandler = DbgOidRequest;
	chars.SendNetBufferListsHandler = DbgSend;
	chars.ReturnNetBufferListsHandler = DbgReturn;
	chars.CancelSendHandler = DbgCancelSend;
	chars.DevicePnPEventNotifyHandler = DbgPnP;
	chars.ShutdownHandlerEx = DbgShutdown;
	chars.CancelOidRequestHandler = DbgCancelOid;
	return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &chars,
					   &DbgDriverHandle);
}
