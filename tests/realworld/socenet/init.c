/*++

Module Name:

    init.c

Abstract:

    MiniportInitializeEx / MiniportHaltEx of socenet and the adapter state
    changes (pause, restart, shutdown, PnP events).

    Initialization order (MiniportInitializeEx rules): registration
    attributes; registry; device resources and register mapping; firmware
    (_DSM) MAC address; PCI identity and command bits; general and offload
    attributes; scatter/gather DMA registration; shared memory; interrupt.
    Any failure writes an error log entry and frees everything, in reverse.

--*/

#include "socenet.h"
#include "socenet_guid.h"

#pragma NDIS_PAGEABLE_FUNCTION(SocInitializeEx)
#pragma NDIS_PAGEABLE_FUNCTION(SocHaltEx)
#pragma NDIS_PAGEABLE_FUNCTION(SocPause)
#pragma NDIS_PAGEABLE_FUNCTION(SocRestart)

static const USHORT SocSupportedDeviceIds[] =
{
    SOC_PCI_DEVICE_ID_1G,
    SOC_PCI_DEVICE_ID_1G_LP,
};

//
// Shared with the user-mode diagnostics tool, which is built UNICODE.
//
static const TCHAR SocModelNames[][12] =
{
    TEXT("SNC-1G"),
    TEXT("SNC-1G-LP"),
};

static
VOID
SocReadRegistry(
    _In_ PSOC_ADAPTER Adapter
    )
/*++
    Standardized keywords; a missing or out-of-range value keeps the
    default.
--*/
{
    NDIS_STATUS                     Status;
    NDIS_HANDLE                     ConfigurationHandle;
    NDIS_CONFIGURATION_OBJECT       ConfigObject;
    PNDIS_CONFIGURATION_PARAMETER   Parameter;
    NDIS_STRING                     JumboKeyword = NDIS_STRING_CONST("*JumboPacket");
    NDIS_STRING                     PriorityVlanKeyword = RTL_CONSTANT_STRING(L"*PriorityVLANTag");
    NDIS_STRING                     ChecksumKeyword = RTL_CONSTANT_STRING(L"*IPChecksumOffloadIPv4");

    Adapter->MaxFrameSize = SOC_MAX_FRAME_SIZE;
    Adapter->PriorityVlanTag = TRUE;
    Adapter->RxChecksumEnabled = TRUE;

    NdisZeroMemory(&ConfigObject, sizeof(ConfigObject));
    ConfigObject.Header.Type     = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
    ConfigObject.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
    ConfigObject.Header.Size     = NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1;
    ConfigObject.NdisHandle      = Adapter->AdapterHandle;

    Status = NdisOpenConfigurationEx(&ConfigObject, &ConfigurationHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(SOC_WARN, "NdisOpenConfigurationEx failed 0x%08x, using defaults\n", Status);
        return;
    }

    NdisReadConfiguration(&Status, &Parameter, ConfigurationHandle, &JumboKeyword, NdisParameterInteger);
    if (Status == NDIS_STATUS_SUCCESS &&
        Parameter->ParameterData.IntegerData >= SOC_MAX_FRAME_SIZE &&
        Parameter->ParameterData.IntegerData <= SOC_MAX_JUMBO_FRAME_SIZE)
    {
        Adapter->MaxFrameSize = Parameter->ParameterData.IntegerData;
    }

    NdisReadConfiguration(&Status, &Parameter, ConfigurationHandle, &PriorityVlanKeyword, NdisParameterInteger);
    if (Status == NDIS_STATUS_SUCCESS)
    {
        Adapter->PriorityVlanTag = (BOOLEAN)(Parameter->ParameterData.IntegerData != 0);
    }

    NdisReadConfiguration(&Status, &Parameter, ConfigurationHandle, &ChecksumKeyword, NdisParameterInteger);
    if (Status == NDIS_STATUS_SUCCESS)
    {
        //
        // 0 disabled, 1 Tx, 2 Rx, 3 Rx and Tx: only receive is offloaded.
        //
        Adapter->RxChecksumEnabled = (BOOLEAN)((Parameter->ParameterData.IntegerData & 2) != 0);
    }

    NdisCloseConfiguration(ConfigurationHandle);
}

static
NDIS_STATUS
SocMapResources(
    _In_ PSOC_ADAPTER Adapter,
    _In_ PNDIS_MINIPORT_INIT_PARAMETERS InitParameters
    )
/*++
    BAR0 (registers) through NdisMMapIoSpace; a second memory range (the
    statistics window of the LP variant) through MmMapIoSpaceEx.
--*/
{
    PNDIS_RESOURCE_LIST             Resources = InitParameters->AllocatedResources;
    PCM_PARTIAL_RESOURCE_DESCRIPTOR Descriptor;
    ULONG                           i;
    ULONG                           MemoryRanges = 0;
    BOOLEAN                         HaveInterrupt = FALSE;
    NDIS_STATUS                     Status;

    if (Resources == NULL)
    {
        DEBUGP(SOC_ERROR, "no resources assigned\n");
        return NDIS_STATUS_RESOURCE_CONFLICT;
    }

    for (i = 0; i < Resources->Count; i++)
    {
        Descriptor = &Resources->PartialDescriptors[i];

        switch (Descriptor->Type)
        {
            case CmResourceTypeMemory:
                if (MemoryRanges == 0)
                {
                    Adapter->RegisterPhysical = Descriptor->u.Memory.Start;
                    Adapter->RegisterLength   = Descriptor->u.Memory.Length;
                }
                else if (MemoryRanges == 1 && Descriptor->u.Memory.Length >= SOC_STATS_WINDOW_SPACE)
                {
                    Adapter->StatsWindowLength = SOC_STATS_WINDOW_SPACE;
                    Adapter->StatsWindow = (PUCHAR)MmMapIoSpaceEx(Descriptor->u.Memory.Start,
                                                                  Adapter->StatsWindowLength,
                                                                  PAGE_READWRITE | PAGE_NOCACHE);
                    if (Adapter->StatsWindow == NULL)
                    {
                        Adapter->StatsWindowLength = 0;
                        DEBUGP(SOC_WARN, "statistics window not mapped, using DMA dumps\n");
                    }
                }
                MemoryRanges++;
                break;

            case CmResourceTypeInterrupt:
                HaveInterrupt = TRUE;
                Adapter->InterruptVector = Descriptor->u.Interrupt.Vector;
                break;

            default:
                break;
        }
    }

    if (MemoryRanges == 0 || !HaveInterrupt)
    {
        DEBUGP(SOC_ERROR, "resources incomplete: %u memory range(s), interrupt %s\n",
               MemoryRanges, HaveInterrupt ? "yes" : "no");
        return NDIS_STATUS_RESOURCE_CONFLICT;
    }

    if (Adapter->RegisterLength < SOC_REGISTER_SPACE)
    {
        DEBUGP(SOC_ERROR, "register window too small: 0x%x bytes\n", Adapter->RegisterLength);
        return NDIS_STATUS_RESOURCE_CONFLICT;
    }

    Status = NdisMMapIoSpace((PVOID *)&Adapter->Registers,
                             Adapter->AdapterHandle,
                             Adapter->RegisterPhysical,
                             SOC_REGISTER_SPACE);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        Adapter->Registers = NULL;
        return Status;
    }

    DEBUGP(SOC_INFO, "registers at PA 0x%I64x mapped to %p, vector %u\n",
           Adapter->RegisterPhysical.QuadPart, Adapter->Registers, Adapter->InterruptVector);
    return NDIS_STATUS_SUCCESS;
}

static
NDIS_STATUS
SocCheckPciDevice(
    _In_ PSOC_ADAPTER Adapter
    )
/*++
    Vendor/device/revision from PCI configuration space; memory decoding and
    bus mastering enabled in the Command register.
--*/
{
    PCI_COMMON_HEADER   Header;
    ULONG               BytesRead;
    ULONG               i;
    BOOLEAN             Known = FALSE;
    USHORT              Command;

    NdisZeroMemory(&Header, sizeof(Header));

    BytesRead = NdisMGetBusData(Adapter->AdapterHandle, PCI_WHICHSPACE_CONFIG, 0,
                                &Header, PCI_COMMON_HDR_LENGTH);
    if (BytesRead != PCI_COMMON_HDR_LENGTH)
    {
        DEBUGP(SOC_ERROR, "PCI configuration space unreadable (%u bytes)\n", BytesRead);
        return NDIS_STATUS_ADAPTER_NOT_FOUND;
    }

    if (Header.VendorID == SOC_PCI_VENDOR_ID)
    {
        for (i = 0; i < ARRAYSIZE(SocSupportedDeviceIds); i++)
        {
            if (Header.DeviceID == SocSupportedDeviceIds[i])
            {
                Known = TRUE;
                break;
            }
        }
    }

    if (!Known || Header.RevisionID < SOC_PCI_MIN_REVISION)
    {
        DEBUGP(SOC_ERROR, "not an SNC-1G: %04x:%04x rev %02x\n",
               Header.VendorID, Header.DeviceID, Header.RevisionID);
        NdisWriteErrorLogEntry(Adapter->AdapterHandle,
                               NDIS_ERROR_CODE_ADAPTER_NOT_FOUND,
                               3,
                               (ULONG)Header.VendorID,
                               (ULONG)Header.DeviceID,
                               (ULONG)Header.RevisionID);
        return NDIS_STATUS_ADAPTER_NOT_FOUND;
    }

    Adapter->PciDeviceId = Header.DeviceID;
    Adapter->PciRevision = Header.RevisionID;

    {
        WCHAR           ModelBuffer[RTL_NUMBER_OF(SocModelNames[0])];
        UNICODE_STRING  Model;
        ULONG           c;

        for (c = 0; c < RTL_NUMBER_OF(ModelBuffer) - 1 && SocModelNames[i][c] != 0; c++)
        {
            ModelBuffer[c] = (WCHAR)SocModelNames[i][c];
        }
        ModelBuffer[c] = 0;
        RtlInitUnicodeString(&Model, ModelBuffer);
        DEBUGP(SOC_INFO, "%wZ revision %u\n", &Model, Header.RevisionID);
    }

    Command = Header.Command;
    if ((Command & (PCI_ENABLE_MEMORY_SPACE | PCI_ENABLE_BUS_MASTER)) !=
        (PCI_ENABLE_MEMORY_SPACE | PCI_ENABLE_BUS_MASTER))
    {
        Command |= PCI_ENABLE_MEMORY_SPACE | PCI_ENABLE_BUS_MASTER;
        NdisMSetBusData(Adapter->AdapterHandle, PCI_WHICHSPACE_CONFIG,
                        FIELD_OFFSET(PCI_COMMON_HEADER, Command), &Command, sizeof(Command));

        Command = 0;
        NdisMGetBusData(Adapter->AdapterHandle, PCI_WHICHSPACE_CONFIG,
                        FIELD_OFFSET(PCI_COMMON_HEADER, Command), &Command, sizeof(Command));
        if (!(Command & PCI_ENABLE_BUS_MASTER))
        {
            DEBUGP(SOC_ERROR, "bus mastering cannot be enabled (command 0x%04x)\n", Command);
            return NDIS_STATUS_ADAPTER_NOT_FOUND;
        }
    }

    return NDIS_STATUS_SUCCESS;
}

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
