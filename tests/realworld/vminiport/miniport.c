/*++

Module Name:

    miniport.c

Abstract:

    DriverEntry, driver unload and the driver-global adapter list of
    VMINIPORT.

Environment:

    Kernel mode only.

--*/

#include "vminiport.h"

#pragma NDIS_INIT_FUNCTION(DriverEntry)
#pragma NDIS_PAGEABLE_FUNCTION(MPDriverUnload)
#pragma NDIS_PAGEABLE_FUNCTION(MPSetOptions)

MP_GLOBALS GlobalData;

//
// Build flavour shown in the first debug line; TCHAR so that the same source
// serves a UNICODE and an ANSI build of the test harness.
//
static const TCHAR MPBuildFlavor[] = TEXT("vminiport/ndis630");

C_ASSERT(NIC_MAX_MCAST_LIST * ETH_LENGTH_OF_ADDRESS <= PAGE_SIZE);
C_ASSERT(sizeof(NDIS_STATISTICS_INFO) >= NDIS_SIZEOF_STATISTICS_INFO_REVISION_1);

static
VOID
MPFlavorToAnsi(
    _Out_writes_z_(Size) PCHAR Buffer,
    _In_ ULONG Size
    )
{
    ULONG i;

    for (i = 0; i + 1 < Size && i < RTL_NUMBER_OF(MPBuildFlavor) - 1; i++)
    {
        Buffer[i] = (CHAR)MPBuildFlavor[i];
    }
    Buffer[i] = '\0';
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    Registers VMINIPORT with NDIS as an NDIS 6.30 miniport.

Arguments:

    DriverObject - the driver object the I/O manager created
    RegistryPath - the driver's service key

Return Value:

    NDIS_STATUS_xxx from NdisMRegisterMiniportDriver.

--*/
{
    NDIS_STATUS                             Status;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS    MPChar;
    UINT                                    NdisVersion;
    CHAR                                    Flavor[32];

    MPFlavorToAnsi(Flavor, sizeof(Flavor));
    DEBUGP(MP_TRACE, "---> " __FUNCTION__ " (%s) built " __DATE__ " " __TIME__ "\n", Flavor);
    DEBUGP(MP_INFO, __FUNCTION__ ": registry path %wZ\n", RegistryPath);

    NdisVersion = NdisGetVersion();
    if (NdisVersion < MP_NDIS_VERSION_NEEDED)
    {
        DEBUGP(MP_ERROR, __FUNCTION__ ": NDIS %u.%u is too old, need 6.30\n",
               NdisVersion >> 16, NdisVersion & 0xFFFF);
        return NDIS_STATUS_UNSUPPORTED_REVISION;
    }

    NdisZeroMemory(&GlobalData, sizeof(GlobalData));
    NdisInitializeListHead(&GlobalData.AdapterList);
    GlobalData.DriverObject = DriverObject;

    //
    // Keep a copy of the service key for the debug output of later calls.
    //
    GlobalData.RegistryPath.Buffer = GlobalData.RegistryPathBuffer;
    GlobalData.RegistryPath.Length = 0;
    GlobalData.RegistryPath.MaximumLength = sizeof(GlobalData.RegistryPathBuffer);
    RtlCopyUnicodeString(&GlobalData.RegistryPath, RegistryPath);

    NdisZeroMemory(&MPChar, sizeof(MPChar));

    MPChar.Header.Type      = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    MPChar.Header.Size      = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    MPChar.Header.Revision  = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;

    MPChar.MajorNdisVersion     = MP_NDIS_MAJOR_VERSION;
    MPChar.MinorNdisVersion     = MP_NDIS_MINOR_VERSION;
    MPChar.MajorDriverVersion   = MP_MAJOR_DRIVER_VERSION;
    MPChar.MinorDriverVersion   = MP_MINOR_DRIVER_VERSION;
    MPChar.Flags                = 0;

    MPChar.SetOptionsHandler            = MPSetOptions;
    MPChar.InitializeHandlerEx          = MPInitializeEx;
    MPChar.HaltHandlerEx                = MPHaltEx;
    MPChar.UnloadHandler                = MPDriverUnload;
    MPChar.PauseHandler                 = MPPause;
    MPChar.RestartHandler               = MPRestart;
    MPChar.OidRequestHandler            = MPOidRequest;
    MPChar.SendNetBufferListsHandler    = MPSendNetBufferLists;
    MPChar.ReturnNetBufferListsHandler  = MPReturnNetBufferLists;
    MPChar.CancelSendHandler            = MPCancelSend;
    MPChar.CheckForHangHandlerEx        = MPCheckForHangEx;
    MPChar.ResetHandlerEx               = MPResetEx;
    MPChar.DevicePnPEventNotifyHandler  = MPDevicePnPEventNotify;
    MPChar.ShutdownHandlerEx            = MPShutdownEx;
    MPChar.CancelOidRequestHandler      = MPCancelOidRequest;
    MPChar.DirectOidRequestHandler      = MPDirectOidRequest;
    MPChar.CancelDirectOidRequestHandler = MPCancelDirectOidRequest;

    DEBUGP(MP_TRACE, "Calling NdisMRegisterMiniportDriver...\n");

    NDIS_DECLARE_MINIPORT_DRIVER_CONTEXT(MP_GLOBALS);
    Status = NdisMRegisterMiniportDriver(DriverObject,
                                         RegistryPath,
                                         &GlobalData,
                                         &MPChar,
                                         &GlobalData.DriverHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(MP_ERROR, "NdisMRegisterMiniportDriver failed: 0x%08x\n", Status);
        return Status;
    }

    //
    // The adapter list lock is driver-wide, so it is allocated against the
    // driver handle.
    //
    GlobalData.AdapterListLock = NdisAllocateRWLock(GlobalData.DriverHandle);
    if (GlobalData.AdapterListLock == NULL)
    {
        DEBUGP(MP_ERROR, __FUNCTION__ ": NdisAllocateRWLock failed\n");
        NdisMDeregisterMiniportDriver(GlobalData.DriverHandle);
        return NDIS_STATUS_RESOURCES;
    }

    DEBUGP(MP_TRACE, "<--- " __FUNCTION__ "\n");
    return Status;
}

_Use_decl_annotations_
NDIS_STATUS
MPSetOptions(
    NDIS_HANDLE NdisDriverHandle,
    NDIS_HANDLE DriverContext
    )
/*++

Routine Description:

    Called by NDIS from inside NdisMRegisterMiniportDriver.  VMINIPORT has
    no optional services to register.

--*/
{
    UNREFERENCED_PARAMETER(NdisDriverHandle);
    UNREFERENCED_PARAMETER(DriverContext);

    PAGED_CODE();

    DEBUGP(MP_TRACE, "---> MPSetOptions\n");
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
MPDriverUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    DEBUGP(MP_TRACE, "---> " __FUNCTION__ "\n");

    //
    // NDIS halts every adapter before it unloads the driver.
    //
    ASSERT(IsListEmpty(&GlobalData.AdapterList));
    ASSERT(GlobalData.AdapterCount == 0);
    NT_ASSERT(GlobalData.RcbAllocations == 0);

    if (GlobalData.AdapterListLock != NULL)
    {
        NdisFreeRWLock(GlobalData.AdapterListLock);
        GlobalData.AdapterListLock = NULL;
    }

    NdisMDeregisterMiniportDriver(GlobalData.DriverHandle);

    DbgPrint("vminiport: unloaded from %wZ\n", &GlobalData.RegistryPath);
    KdPrint(("vminiport: %u RCBs still out of pool\n", (ULONG)GlobalData.RcbAllocations));
    DEBUGP(MP_TRACE, "<--- " __FUNCTION__ "\n");
}

VOID
MPAttachAdapter(
    _In_ PMP_ADAPTER Adapter
    )
/*++
    Links Adapter into the driver-global list: from now on other adapters
    forward frames to it.
--*/
{
    LOCK_STATE_EX LockState;

    NdisAcquireRWLockWrite(GlobalData.AdapterListLock, &LockState, 0);
    InsertTailList(&GlobalData.AdapterList, &Adapter->List);
    MP_SET_FLAG(Adapter, fMP_ON_GLOBAL_LIST);
    InterlockedIncrement(&GlobalData.AdapterCount);
    NdisReleaseRWLock(GlobalData.AdapterListLock, &LockState);

    DEBUGP(MP_INFO, "%s: attached, %d adapter(s) on the hub\n",
           Adapter->Name, GlobalData.AdapterCount);
}

VOID
MPDetachAdapter(
    _In_ PMP_ADAPTER Adapter
    )
/*++
    Unlinks Adapter from the driver-global list.  Once the write lock is
    released no send DPC can see the adapter any more.
--*/
{
    LOCK_STATE_EX LockState;

    if (!MP_TEST_FLAG(Adapter, fMP_ON_GLOBAL_LIST))
    {
        return;
    }

    NdisAcquireRWLockWrite(GlobalData.AdapterListLock, &LockState, 0);
    RemoveEntryList(&Adapter->List);
    InitializeListHead(&Adapter->List);
    MP_CLEAR_FLAG(Adapter, fMP_ON_GLOBAL_LIST);
    InterlockedDecrement(&GlobalData.AdapterCount);
    NdisReleaseRWLock(GlobalData.AdapterListLock, &LockState);
}
