/*++

Module Name:

    init.c

Abstract:

    MiniportInitializeEx / MiniportHaltEx of socenet and the adapter state
    changes (pause, restart, shutdown, PnP events).

    Initialization order (MiniportInitializeEx rules): registration
    attributes; registry; device resources and register mapping; firmware
    (_DSM) MAC address; PCI identity and command bits (device.c); general
    and offload attributes; scatter/gather DMA registration; shared memory;
    interrupt.  Any failure writes an error log entry and frees everything,
    in reverse.

--*/

#include "socenet.h"
#include "socenet_guid.h"

#pragma NDIS_PAGEABLE_FUNCTION(SocInitializeEx)
#pragma NDIS_PAGEABLE_FUNCTION(SocHaltEx)
#pragma NDIS_PAGEABLE_FUNCTION(SocPause)
#pragma NDIS_PAGEABLE_FUNCTION(SocRestart)

static
NDIS_STATUS
SocSetRegistrationAttributes(
    _In_ PSOC_ADAPTER Adapter
    )
{
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES Registration;

    NdisZeroMemory(&Registration, sizeof(Registration));
    Registration.Header.Type        = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    Registration.Header.Revision    = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    Registration.Header.Size        = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    Registration.MiniportAdapterContext     = Adapter;
    Registration.AttributeFlags             = NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE |
                                              NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER;
    Registration.CheckForHangTimeInSeconds  = 0;
    Registration.InterfaceType              = NdisInterfacePci;

    NDIS_DECLARE_MINIPORT_ADAPTER_CONTEXT(SOC_ADAPTER);
    return NdisMSetMiniportAttributes(Adapter->AdapterHandle,
                                      (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&Registration);
}

static
NDIS_STATUS
SocSetGeneralAttributes(
    _In_ PSOC_ADAPTER Adapter
    )
{
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES    General;
    NDIS_PM_CAPABILITIES                        PmCapabilities;

    NdisZeroMemory(&PmCapabilities, sizeof(PmCapabilities));
    PmCapabilities.Header.Type      = NDIS_OBJECT_TYPE_DEFAULT;
    PmCapabilities.Header.Revision  = NDIS_PM_CAPABILITIES_REVISION_2;
    PmCapabilities.Header.Size      = NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_2;
    PmCapabilities.MinMagicPacketWakeUp = NdisDeviceStateUnspecified;
    PmCapabilities.MinPatternWakeUp     = NdisDeviceStateUnspecified;
    PmCapabilities.MinLinkChangeWakeUp  = NdisDeviceStateUnspecified;

    NdisZeroMemory(&General, sizeof(General));
    General.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    General.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    General.Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;

    General.MediaType               = NdisMedium802_3;
    General.PhysicalMediumType      = NdisPhysicalMedium802_3;
    General.MtuSize                 = Adapter->MaxFrameSize - SOC_ETH_HEADER_SIZE;
    General.MaxXmitLinkSpeed        = SOC_LINK_SPEED_1G;
    General.MaxRcvLinkSpeed         = SOC_LINK_SPEED_1G;
    General.XmitLinkSpeed           = NDIS_LINK_SPEED_UNKNOWN;
    General.RcvLinkSpeed            = NDIS_LINK_SPEED_UNKNOWN;
    General.MediaConnectState       = MediaConnectStateUnknown;
    General.MediaDuplexState        = MediaDuplexStateUnknown;
    General.LookaheadSize           = Adapter->MaxFrameSize - SOC_ETH_HEADER_SIZE;
    General.PowerManagementCapabilities   = NULL;
    General.PowerManagementCapabilitiesEx = &PmCapabilities;
    General.MacOptions              = NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA |
                                      NDIS_MAC_OPTION_TRANSFERS_NOT_PEND |
                                      NDIS_MAC_OPTION_NO_LOOPBACK |
                                      NDIS_MAC_OPTION_FULL_DUPLEX |
                                      (Adapter->PriorityVlanTag ?
                                          (NDIS_MAC_OPTION_8021P_PRIORITY | NDIS_MAC_OPTION_8021Q_VLAN) : 0);
    General.SupportedPacketFilters  = SOC_SUPPORTED_FILTERS;
    General.MaxMulticastListSize    = SOC_MAX_MCAST_LIST;
    General.MacAddressLength        = ETH_LENGTH_OF_ADDRESS;
    NdisMoveMemory(General.PermanentMacAddress, Adapter->PermanentAddress, ETH_LENGTH_OF_ADDRESS);
    NdisMoveMemory(General.CurrentMacAddress, Adapter->CurrentAddress, ETH_LENGTH_OF_ADDRESS);
    General.RecvScaleCapabilities   = NULL;
    General.AccessType              = NET_IF_ACCESS_BROADCAST;
    General.DirectionType           = NET_IF_DIRECTION_SENDRECEIVE;
    General.ConnectionType          = NET_IF_CONNECTION_DEDICATED;
    General.IfType                  = IF_TYPE_ETHERNET_CSMACD;
    General.IfConnectorPresent      = TRUE;
    General.SupportedStatistics     = SOC_SUPPORTED_STATISTICS;
    General.SupportedPauseFunctions = NdisPauseFunctionsSendAndReceive;
    General.DataBackFillSize        = 0;
    General.ContextBackFillSize     = 0;
    General.SupportedOidList        = SocSupportedOids;
    General.SupportedOidListLength  = SocSupportedOidsSize;
    General.AutoNegotiationFlags    = NDIS_LINK_STATE_XMIT_LINK_SPEED_AUTO_NEGOTIATED |
                                      NDIS_LINK_STATE_RCV_LINK_SPEED_AUTO_NEGOTIATED |
                                      NDIS_LINK_STATE_DUPLEX_AUTO_NEGOTIATED;

    return NdisMSetMiniportAttributes(Adapter->AdapterHandle,
                                      (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&General);
}

static
NDIS_STATUS
SocSetOffloadAttributes(
    _In_ PSOC_ADAPTER Adapter
    )
/*++
    Receive IPv4/TCP/UDP checksum validation; nothing on transmit.
--*/
{
    NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES    OffloadAttributes;
    NDIS_OFFLOAD                                Capabilities;
    NDIS_OFFLOAD                                Current;

    NdisZeroMemory(&Capabilities, sizeof(Capabilities));
    Capabilities.Header.Type        = NDIS_OBJECT_TYPE_OFFLOAD;
    Capabilities.Header.Revision    = NDIS_OFFLOAD_REVISION_1;
    Capabilities.Header.Size        = NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_1;

    Capabilities.Checksum.IPv4Receive.Encapsulation     = NDIS_ENCAPSULATION_IEEE_802_3;
    Capabilities.Checksum.IPv4Receive.IpChecksum        = NDIS_OFFLOAD_SUPPORTED;
    Capabilities.Checksum.IPv4Receive.TcpChecksum       = NDIS_OFFLOAD_SUPPORTED;
    Capabilities.Checksum.IPv4Receive.UdpChecksum       = NDIS_OFFLOAD_SUPPORTED;
    Capabilities.Checksum.IPv4Receive.IpOptionsSupported = NDIS_OFFLOAD_SUPPORTED;
    Capabilities.Checksum.IPv4Receive.TcpOptionsSupported = NDIS_OFFLOAD_SUPPORTED;

    Current = Capabilities;
    if (!Adapter->RxChecksumEnabled)
    {
        Current.Checksum.IPv4Receive.IpChecksum  = NDIS_OFFLOAD_NOT_SUPPORTED;
        Current.Checksum.IPv4Receive.TcpChecksum = NDIS_OFFLOAD_NOT_SUPPORTED;
        Current.Checksum.IPv4Receive.UdpChecksum = NDIS_OFFLOAD_NOT_SUPPORTED;
    }

    NdisZeroMemory(&OffloadAttributes, sizeof(OffloadAttributes));
    OffloadAttributes.Header.Type       = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES;
    OffloadAttributes.Header.Revision   = NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1;
    OffloadAttributes.Header.Size       = NDIS_SIZEOF_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1;
    OffloadAttributes.DefaultOffloadConfiguration = &Current;
    OffloadAttributes.HardwareOffloadCapabilities = &Capabilities;

    return NdisMSetMiniportAttributes(Adapter->AdapterHandle,
                                      (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&OffloadAttributes);
}

static
NDIS_STATUS
SocRegisterInterrupt(
    _In_ PSOC_ADAPTER Adapter
    )
{
    NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS Interrupt;
    NDIS_STATUS                             Status;

    NdisZeroMemory(&Interrupt, sizeof(Interrupt));
    Interrupt.Header.Type       = NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT;
    Interrupt.Header.Revision   = NDIS_MINIPORT_INTERRUPT_REVISION_1;
    Interrupt.Header.Size       = NDIS_SIZEOF_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_1;

    Interrupt.InterruptHandler          = SocInterrupt;
    Interrupt.InterruptDpcHandler       = SocInterruptDpc;
    Interrupt.DisableInterruptHandler   = SocDisableInterrupt;
    Interrupt.EnableInterruptHandler    = SocEnableInterrupt;
    Interrupt.MsiSupported              = FALSE;

    Status = NdisMRegisterInterruptEx(Adapter->AdapterHandle,
                                      Adapter,
                                      &Interrupt,
                                      &Adapter->InterruptHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        Adapter->InterruptHandle = NULL;
        return Status;
    }

    Adapter->InterruptType = Interrupt.InterruptType;
    DEBUGP(SOC_INFO, "interrupt registered, type %d\n", (int)Adapter->InterruptType);
    return NDIS_STATUS_SUCCESS;
}

static
VOID
SocFreeAdapter(
    _In_ PSOC_ADAPTER Adapter
    )
/*++
    Reverse of SocInitializeEx; tolerates a partly initialized adapter.
--*/
{
    if (Adapter->InterruptHandle != NULL)
    {
        NdisMDeregisterInterruptEx(Adapter->InterruptHandle);
        Adapter->InterruptHandle = NULL;
    }

    KeRemoveQueueDpc(&Adapter->LinkDpc);
    KeFlushQueuedDpcs();

    SocFreeReceiveNbls(Adapter);
    SocFreeDmaResources(Adapter);

    if (Adapter->StatsWindow != NULL)
    {
        MmUnmapIoSpace(Adapter->StatsWindow, Adapter->StatsWindowLength);
        Adapter->StatsWindow = NULL;
    }

    if (Adapter->Registers != NULL)
    {
        NdisMUnmapIoSpace(Adapter->AdapterHandle, Adapter->Registers, SOC_REGISTER_SPACE);
        Adapter->Registers = NULL;
    }

    NdisFreeSpinLock(&Adapter->RxLock);

    Adapter->Signature = 0;
    NdisFreeMemoryWithTagPriority(Adapter->AdapterHandle, Adapter, SOC_TAG_ADAPTER);
}

_Use_decl_annotations_
NDIS_STATUS
SocInitializeEx(
    NDIS_HANDLE                     MiniportAdapterHandle,
    NDIS_HANDLE                     MiniportDriverContext,
    PNDIS_MINIPORT_INIT_PARAMETERS  MiniportInitParameters
    )
{
    NDIS_STATUS     Status;
    NTSTATUS        NtStatus;
    PSOC_ADAPTER    Adapter;
    ULONG           ErrorCode = 0;
    ULONG           ErrorValue = 0;

    UNREFERENCED_PARAMETER(MiniportDriverContext);

    PAGED_CODE();

    DEBUGP(SOC_TRACE, "==> SocInitializeEx\n");

    Adapter = (PSOC_ADAPTER)NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle,
                                                              sizeof(SOC_ADAPTER),
                                                              SOC_TAG_ADAPTER,
                                                              NormalPoolPriority);
    if (Adapter == NULL)
    {
        NdisWriteErrorLogEntry(MiniportAdapterHandle, NDIS_ERROR_CODE_OUT_OF_RESOURCES, 1, 0x1);
        return NDIS_STATUS_RESOURCES;
    }

    NdisZeroMemory(Adapter, sizeof(SOC_ADAPTER));
    Adapter->Signature      = SOC_ADAPTER_SIGNATURE;
    Adapter->AdapterHandle  = MiniportAdapterHandle;
    Adapter->State          = SocStateInitializing;
    Adapter->PowerState     = NdisDeviceStateD0;
    Adapter->MediaState     = MediaConnectStateUnknown;
    Adapter->PacketFilter   = 0;
    KeInitializeSpinLock(&Adapter->TxLock);
    NdisAllocateSpinLock(&Adapter->RxLock);
    KeInitializeDpc(&Adapter->LinkDpc, SocLinkDpc, Adapter);
    KeSetImportanceDpc(&Adapter->LinkDpc, LowImportance);
    SocInitializeSendState(Adapter);

    do
    {
        Status = SocSetRegistrationAttributes(Adapter);
        if (Status != NDIS_STATUS_SUCCESS)
        {
            ErrorCode = NDIS_ERROR_CODE_DRIVER_FAILURE;
            ErrorValue = 0x10;
            break;
        }

        SocReadRegistry(Adapter);

        Status = SocMapResources(Adapter, MiniportInitParameters);
        if (Status != NDIS_STATUS_SUCCESS)
        {
            ErrorCode = NDIS_ERROR_CODE_RESOURCE_CONFLICT;
            ErrorValue = 0x20;
            break;
        }

        //
        // Firmware description of the device: the MAC address lives in
        // ACPI, not in the silicon.
        //
        DEBUGP(SOC_TRACE, "evaluating _DSM {%08lx-...} rev %u\n",
               GUID_SOCENET_DSM.Data1, SOC_DSM_REVISION);
        NtStatus = SocAcpiReadMacAddress(Adapter, Adapter->PermanentAddress);
        if (!NT_SUCCESS(NtStatus))
        {
            DEBUGP(SOC_ERROR, "no MAC address from firmware: 0x%08x\n", NtStatus);
            Status = NDIS_STATUS_FAILURE;
            ErrorCode = NDIS_ERROR_CODE_NETWORK_ADDRESS;
            ErrorValue = (ULONG)NtStatus;
            break;
        }
        if (ETH_IS_MULTICAST(Adapter->PermanentAddress))
        {
            Status = NDIS_STATUS_FAILURE;
            ErrorCode = NDIS_ERROR_CODE_NETWORK_ADDRESS;
            ErrorValue = 0x30;
            break;
        }
        ETH_COPY_NETWORK_ADDRESS(Adapter->CurrentAddress, Adapter->PermanentAddress);

        Status = SocCheckPciDevice(Adapter);
        if (Status != NDIS_STATUS_SUCCESS)
        {
            // logged by SocCheckPciDevice with the identity it found
            break;
        }

        Status = SocSetGeneralAttributes(Adapter);
        if (Status != NDIS_STATUS_SUCCESS)
        {
            ErrorCode = NDIS_ERROR_CODE_DRIVER_FAILURE;
            ErrorValue = 0x40;
            break;
        }

        Status = SocSetOffloadAttributes(Adapter);
        if (Status != NDIS_STATUS_SUCCESS)
        {
            ErrorCode = NDIS_ERROR_CODE_DRIVER_FAILURE;
            ErrorValue = 0x41;
            break;
        }

        Status = SocAllocateDmaResources(Adapter);
        if (Status != NDIS_STATUS_SUCCESS)
        {
            ErrorCode = NDIS_ERROR_CODE_OUT_OF_RESOURCES;
            ErrorValue = 0x50;
            break;
        }

        Status = SocAllocateReceiveNbls(Adapter);
        if (Status != NDIS_STATUS_SUCCESS)
        {
            ErrorCode = NDIS_ERROR_CODE_OUT_OF_RESOURCES;
            ErrorValue = 0x51;
            break;
        }

        Status = SocResetHardware(Adapter);
        if (Status != NDIS_STATUS_SUCCESS)
        {
            ErrorCode = NDIS_ERROR_CODE_HARDWARE_FAILURE;
            ErrorValue = 0x60;
            break;
        }

        Status = SocRegisterInterrupt(Adapter);
        if (Status != NDIS_STATUS_SUCCESS)
        {
            ErrorCode = NDIS_ERROR_CODE_INTERRUPT_CONNECT;
            ErrorValue = Adapter->InterruptVector;
            break;
        }

        SocStartHardware(Adapter);
        SocUpdateLinkState(Adapter, FALSE);
        Adapter->State = SocStatePaused;

    } while (FALSE);

    if (Status != NDIS_STATUS_SUCCESS)
    {
        if (ErrorCode != 0)
        {
            NdisWriteErrorLogEntry(MiniportAdapterHandle, ErrorCode, 2, ErrorValue, (ULONG)Status);
        }
        DEBUGP(SOC_ERROR, "SocInitializeEx failed 0x%08x\n", Status);
        SocFreeAdapter(Adapter);
    }

    DEBUGP(SOC_TRACE, "<== SocInitializeEx 0x%08x\n", Status);
    return Status;
}

_Use_decl_annotations_
VOID
SocHaltEx(
    NDIS_HANDLE         MiniportAdapterContext,
    NDIS_HALT_ACTION    HaltAction
    )
{
    PSOC_ADAPTER Adapter = (PSOC_ADAPTER)MiniportAdapterContext;

    PAGED_CODE();

    DEBUGP(SOC_TRACE, "==> SocHaltEx %d\n", (int)HaltAction);

#if DBG
    if (Adapter->Signature != SOC_ADAPTER_SIGNATURE)
    {
        DbgPrint("socenet: halt with a bad context %p\n", Adapter);
        __debugbreak();
    }
#endif

    if (HaltAction != NdisHaltDeviceSurpriseRemoved && !Adapter->SurpriseRemoved)
    {
        SocStopHardware(Adapter);
    }

    SocFlushSendQueue(Adapter, NDIS_STATUS_FAILURE);
    ASSERT(Adapter->TcbsInUse == 0);
    ASSERT(Adapter->RxWithNdis == 0);

    Adapter->State = SocStateHalted;
    SocFreeAdapter(Adapter);

    DEBUGP(SOC_TRACE, "<== SocHaltEx\n");
}

VOID
SocTryCompletePause(
    _In_ PSOC_ADAPTER Adapter
    )
/*++
    A pending pause completes once no TCB is in use and NDIS holds no
    receive NBL.  Called from the transmit-complete and return paths.
--*/
{
    if (Adapter->State == SocStatePausing &&
        Adapter->TcbsInUse == 0 &&
        Adapter->RxWithNdis == 0)
    {
        if (InterlockedCompareExchange((volatile LONG *)&Adapter->State,
                                       SocStatePaused, SocStatePausing) == SocStatePausing)
        {
            NdisMPauseComplete(Adapter->AdapterHandle);
        }
    }
}

_Use_decl_annotations_
NDIS_STATUS
SocPause(
    NDIS_HANDLE                         MiniportAdapterContext,
    PNDIS_MINIPORT_PAUSE_PARAMETERS     PauseParameters
    )
{
    PSOC_ADAPTER Adapter = (PSOC_ADAPTER)MiniportAdapterContext;
    ULONG        Control;

    UNREFERENCED_PARAMETER(PauseParameters);
    PAGED_CODE();

    Adapter->State = SocStatePausing;

    //
    // Receive stops at once; transmits already posted finish.
    //
    Control = SocReadRegister(Adapter, SOC_REG_CTRL);
    SocWriteRegister(Adapter, SOC_REG_CTRL, Control & ~SOC_CTRL_RX_ENABLE);

    SocFlushSendQueue(Adapter, NDIS_STATUS_PAUSED);

    if (Adapter->TcbsInUse == 0 && Adapter->RxWithNdis == 0)
    {
        Adapter->State = SocStatePaused;
        return NDIS_STATUS_SUCCESS;
    }
    return NDIS_STATUS_PENDING;
}

_Use_decl_annotations_
NDIS_STATUS
SocRestart(
    NDIS_HANDLE                         MiniportAdapterContext,
    PNDIS_MINIPORT_RESTART_PARAMETERS   RestartParameters
    )
{
    PSOC_ADAPTER Adapter = (PSOC_ADAPTER)MiniportAdapterContext;
    ULONG        Control;

    UNREFERENCED_PARAMETER(RestartParameters);
    PAGED_CODE();

    SocInitializeReceiveRing(Adapter);

    Control = SocReadRegister(Adapter, SOC_REG_CTRL);
    SocWriteRegister(Adapter, SOC_REG_CTRL, Control | SOC_CTRL_RX_ENABLE | SOC_CTRL_TX_ENABLE);

    Adapter->State = SocStateRunning;
    SocUpdateLinkState(Adapter, TRUE);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
SocShutdownEx(
    NDIS_HANDLE             MiniportAdapterContext,
    NDIS_SHUTDOWN_ACTION    ShutdownAction
    )
/*++
    Quiesce the MAC so it stops DMA.  Any IRQL; no waits, no frees.
--*/
{
    PSOC_ADAPTER Adapter = (PSOC_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(ShutdownAction);

    if (!Adapter->SurpriseRemoved)
    {
        SocWriteRegister(Adapter, SOC_REG_INT_MASK, 0);
        SocWriteRegister(Adapter, SOC_REG_CTRL, SOC_CTRL_RESET);
    }
}

_Use_decl_annotations_
VOID
SocDevicePnPEventNotify(
    NDIS_HANDLE             MiniportAdapterContext,
    PNET_DEVICE_PNP_EVENT   NetDevicePnPEvent
    )
{
    PSOC_ADAPTER Adapter = (PSOC_ADAPTER)MiniportAdapterContext;

    if (NetDevicePnPEvent->DevicePnPEvent == NdisDevicePnPEventSurpriseRemoved)
    {
        DEBUGP(SOC_WARN, "surprise removal\n");
        Adapter->SurpriseRemoved = TRUE;
    }
}
