/*++

Module Name:

    driver.c

Abstract:

    DriverEntry and unload of socenet.

--*/

#include "socenet.h"

#pragma NDIS_INIT_FUNCTION(DriverEntry)
#pragma NDIS_PAGEABLE_FUNCTION(SocDriverUnload)
#pragma NDIS_PAGEABLE_FUNCTION(SocSetOptions)

NDIS_HANDLE SocDriverHandle = NULL;

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NDIS_STATUS                             Status;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS    Characteristics;

    DEBUGP(SOC_TRACE, "==> " __FUNCTION__ " %wZ\n", RegistryPath);

    NdisZeroMemory(&Characteristics, sizeof(Characteristics));

    Characteristics.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    Characteristics.Header.Size     = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    Characteristics.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;

    Characteristics.MajorNdisVersion    = SOC_NDIS_MAJOR_VERSION;
    Characteristics.MinorNdisVersion    = SOC_NDIS_MINOR_VERSION;
    Characteristics.MajorDriverVersion  = SOC_MAJOR_DRIVER_VERSION;
    Characteristics.MinorDriverVersion  = SOC_MINOR_DRIVER_VERSION;

    Characteristics.SetOptionsHandler           = SocSetOptions;
    Characteristics.InitializeHandlerEx         = SocInitializeEx;
    Characteristics.HaltHandlerEx               = SocHaltEx;
    Characteristics.UnloadHandler               = SocDriverUnload;
    Characteristics.PauseHandler                = SocPause;
    Characteristics.RestartHandler              = SocRestart;
    Characteristics.OidRequestHandler           = SocOidRequest;
    Characteristics.SendNetBufferListsHandler   = SocSendNetBufferLists;
    Characteristics.ReturnNetBufferListsHandler = SocReturnNetBufferLists;
    Characteristics.CancelSendHandler           = SocCancelSend;
    Characteristics.DevicePnPEventNotifyHandler = SocDevicePnPEventNotify;
    Characteristics.ShutdownHandlerEx           = SocShutdownEx;
    Characteristics.CancelOidRequestHandler     = SocCancelOidRequest;

    //
    // No CheckForHang/Reset handlers: they must not be registered on
    // low-power SoC platforms (the interval timer keeps the SoC awake).
    //
    Characteristics.CheckForHangHandlerEx       = NULL;
    Characteristics.ResetHandlerEx              = NULL;

    Status = NdisMRegisterMiniportDriver(DriverObject,
                                         RegistryPath,
                                         NULL,
                                         &Characteristics,
                                         &SocDriverHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(SOC_ERROR, "NdisMRegisterMiniportDriver failed 0x%08x\n", Status);
    }

    DEBUGP(SOC_TRACE, "<== " __FUNCTION__ "\n");
    return Status;
}

_Use_decl_annotations_
NDIS_STATUS
SocSetOptions(
    NDIS_HANDLE NdisDriverHandle,
    NDIS_HANDLE DriverContext
    )
{
    UNREFERENCED_PARAMETER(NdisDriverHandle);
    UNREFERENCED_PARAMETER(DriverContext);
    PAGED_CODE();
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
SocDriverUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    DEBUGP(SOC_TRACE, "==> " __FUNCTION__ "\n");
    NdisMDeregisterMiniportDriver(SocDriverHandle);
    SocDriverHandle = NULL;
}
