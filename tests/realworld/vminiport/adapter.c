/*++

Module Name:

    adapter.c

Abstract:

    MiniportInitializeEx / MiniportHaltEx of VMINIPORT: allocation of the
    adapter context, registry configuration (permanent and current MAC
    address), attributes, and the matching teardown.

Environment:

    Kernel mode only, PASSIVE_LEVEL.

--*/

#include "vminiport.h"

#pragma NDIS_PAGEABLE_FUNCTION(MPInitializeEx)
#pragma NDIS_PAGEABLE_FUNCTION(MPHaltEx)
#pragma NDIS_PAGEABLE_FUNCTION(MPReadConfiguration)
#pragma alloc_text(PAGE, MPFreeAdapter)

//
// Registry keywords.  The permanent address of a virtual adapter has no
// EEPROM to live in: the first initialization makes one up and stores it in
// the adapter's key, later ones read it back.
//
static NDIS_STRING MPPermanentAddressKeyword = RTL_CONSTANT_STRING(L"VmPermanentAddress");

static const WCHAR MPFriendlyNamePrefix[] = L"VMiniport Ethernet Adapter";

static
BOOLEAN
MPHexDigitValue(
    _In_ WCHAR Digit,
    _Out_ PUCHAR Value
    )
{
    if (Digit >= L'0' && Digit <= L'9')
    {
        *Value = (UCHAR)(Digit - L'0');
        return TRUE;
    }
    if (Digit >= L'a' && Digit <= L'f')
    {
        *Value = (UCHAR)(Digit - L'a' + 10);
        return TRUE;
    }
    if (Digit >= L'A' && Digit <= L'F')
    {
        *Value = (UCHAR)(Digit - L'A' + 10);
        return TRUE;
    }
    *Value = 0;
    return FALSE;
}

static
BOOLEAN
MPParseAddressString(
    _In_ PCUNICODE_STRING String,
    _Out_writes_bytes_(ETH_LENGTH_OF_ADDRESS) PUCHAR Address
    )
/*++
    "0250F2A1B2C3" -> 02:50:F2:A1:B2:C3.  Exactly 12 hex digits.
--*/
{
    ULONG i;
    UCHAR Hi, Lo;

    NdisZeroMemory(Address, ETH_LENGTH_OF_ADDRESS);

    if (String->Length < 2 * ETH_LENGTH_OF_ADDRESS * sizeof(WCHAR))
    {
        return FALSE;
    }

    for (i = 0; i < ETH_LENGTH_OF_ADDRESS; i++)
    {
        if (!MPHexDigitValue(String->Buffer[2 * i], &Hi) ||
            !MPHexDigitValue(String->Buffer[2 * i + 1], &Lo))
        {
            return FALSE;
        }
        Address[i] = (UCHAR)((Hi << 4) | Lo);
    }
    return TRUE;
}

static
BOOLEAN
MPIsValidUnicastAddress(
    _In_reads_bytes_(ETH_LENGTH_OF_ADDRESS) const UCHAR *Address
    )
{
    static const UCHAR Zero[ETH_LENGTH_OF_ADDRESS] = { 0 };

    if (ETH_IS_MULTICAST(Address) || ETH_IS_BROADCAST(Address))
    {
        return FALSE;
    }
    return (BOOLEAN)!NdisEqualMemory(Address, Zero, ETH_LENGTH_OF_ADDRESS);
}

static
VOID
MPGeneratePermanentAddress(
    _In_ PMP_ADAPTER Adapter,
    _Out_writes_bytes_(ETH_LENGTH_OF_ADDRESS) PUCHAR Address
    )
/*++
    A locally administered unicast address from the tick count and the
    adapter instance, so two adapters made in the same tick still differ.
--*/
{
    LARGE_INTEGER TickCount;
    ULONG         Mix;

    KeQueryTickCount(&TickCount);

    Mix = TickCount.LowPart ^ (TickCount.HighPart << 7) ^ (Adapter->InstanceNumber * 0x9E3779B1);

    Address[0] = 0x02;                       // locally administered, unicast
    Address[1] = 0x50;
    Address[2] = (UCHAR)(Mix >> 24);
    Address[3] = (UCHAR)(Mix >> 16);
    Address[4] = (UCHAR)(Mix >> 8);
    Address[5] = (UCHAR)(Adapter->InstanceNumber);

    ASSERT(ETH_IS_LOCALLY_ADMINISTERED(Address));
}

static
NDIS_STATUS
MPStorePermanentAddress(
    _In_ PMP_ADAPTER Adapter,
    _In_ NDIS_HANDLE ConfigurationHandle
    )
/*++
    Writes Adapter->PermanentAddress as a 12-digit string and reads it back.
--*/
{
    NDIS_STATUS                     Status;
    NTSTATUS                        NtStatus;
    WCHAR                           Text[2 * ETH_LENGTH_OF_ADDRESS + 1];
    NDIS_CONFIGURATION_PARAMETER    Parameter;
    PNDIS_CONFIGURATION_PARAMETER   ReadBack = NULL;
    UCHAR                           Check[ETH_LENGTH_OF_ADDRESS];
    const UCHAR                    *A = Adapter->PermanentAddress;

    NtStatus = RtlStringCbPrintfW(Text, sizeof(Text), L"%02X%02X%02X%02X%02X%02X",
                                  A[0], A[1], A[2], A[3], A[4], A[5]);
    if (!NT_SUCCESS(NtStatus))
    {
        return NDIS_STATUS_FAILURE;
    }

    NdisZeroMemory(&Parameter, sizeof(Parameter));
    Parameter.ParameterType = NdisParameterString;
    RtlInitUnicodeString(&Parameter.ParameterData.StringData, Text);

    NdisWriteConfiguration(&Status, ConfigurationHandle, &MPPermanentAddressKeyword, &Parameter);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(MP_WARNING, "%s: NdisWriteConfiguration(%wZ) failed 0x%08x\n",
               Adapter->Name, &MPPermanentAddressKeyword, Status);
        return Status;
    }

    NdisReadConfiguration(&Status, &ReadBack, ConfigurationHandle,
                          &MPPermanentAddressKeyword, NdisParameterString);
    if (Status != NDIS_STATUS_SUCCESS ||
        ReadBack->ParameterType != NdisParameterString ||
        !MPParseAddressString(&ReadBack->ParameterData.StringData, Check) ||
        !NdisEqualMemory(Check, Adapter->PermanentAddress, ETH_LENGTH_OF_ADDRESS))
    {
        DEBUGP(MP_ERROR, "%s: permanent address did not read back (0x%08x)\n",
               Adapter->Name, Status);
        return NDIS_STATUS_FAILURE;
    }

    DEBUGP(MP_INFO, "%s: stored permanent address %ws\n", Adapter->Name, Text);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
MPReadConfiguration(
    PMP_ADAPTER Adapter
    )
/*++

Routine Description:

    Reads the adapter's registry parameters: VlanID, the permanent address
    (made up and stored on first use) and the NetworkAddress override.

Return Value:

    NDIS_STATUS_SUCCESS or NDIS_STATUS_FAILURE (the configuration could not
    be opened).

--*/
{
    NDIS_STATUS                     Status;
    NDIS_HANDLE                     ConfigurationHandle = NULL;
    NDIS_CONFIGURATION_OBJECT       ConfigObject;
    PNDIS_CONFIGURATION_PARAMETER   Parameter = NULL;
    PVOID                           NetworkAddress = NULL;
    UINT                            NetworkAddressLength = 0;
    NDIS_STRING                     VlanIdKeyword = NDIS_STRING_CONST("VlanID");

    PAGED_CODE();

    DEBUGP(MP_TRACE, "[%p] ---> " __FUNCTION__ "\n", Adapter);

    NdisZeroMemory(&ConfigObject, sizeof(ConfigObject));
    ConfigObject.Header.Type        = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
    ConfigObject.Header.Revision    = NDIS_CONFIGURATION_OBJECT_REVISION_1;
    ConfigObject.Header.Size        = NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1;
    ConfigObject.NdisHandle         = Adapter->AdapterHandle;
    ConfigObject.Flags              = 0;

    Status = NdisOpenConfigurationEx(&ConfigObject, &ConfigurationHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(MP_ERROR, "[%p] NdisOpenConfigurationEx failed 0x%08x\n", Adapter, Status);
        return NDIS_STATUS_FAILURE;
    }

    //
    // VlanID: 0 (no filtering) when absent or out of range.
    //
    NdisReadConfiguration(&Status, &Parameter, ConfigurationHandle,
                          &VlanIdKeyword, NdisParameterInteger);
    if (Status == NDIS_STATUS_SUCCESS && Parameter->ParameterData.IntegerData < 4095)
    {
        Adapter->VlanId = Parameter->ParameterData.IntegerData;
    }
    else
    {
        Adapter->VlanId = 0;
    }

    //
    // Permanent address.
    //
    NdisReadConfiguration(&Status, &Parameter, ConfigurationHandle,
                          &MPPermanentAddressKeyword, NdisParameterString);
    if (Status == NDIS_STATUS_SUCCESS &&
        Parameter->ParameterType == NdisParameterString &&
        MPParseAddressString(&Parameter->ParameterData.StringData, Adapter->PermanentAddress) &&
        MPIsValidUnicastAddress(Adapter->PermanentAddress))
    {
        DEBUGP(MP_INFO, "%s: permanent address from the registry\n", Adapter->Name);
    }
    else
    {
        MPGeneratePermanentAddress(Adapter, Adapter->PermanentAddress);
        //
        // Not fatal: the adapter still works, it just gets a new address at
        // the next initialization.
        //
        (VOID)MPStorePermanentAddress(Adapter, ConfigurationHandle);
    }

    //
    // NetworkAddress override.  NDIS does not validate it: a multicast or
    // zero address falls back to the permanent one.
    //
    ETH_COPY_NETWORK_ADDRESS(Adapter->CurrentAddress, Adapter->PermanentAddress);

    NdisReadNetworkAddress(&Status, &NetworkAddress, &NetworkAddressLength, ConfigurationHandle);
    if (Status == NDIS_STATUS_SUCCESS)
    {
        if (NetworkAddressLength == ETH_LENGTH_OF_ADDRESS &&
            MPIsValidUnicastAddress((const UCHAR *)NetworkAddress))
        {
            ETH_COPY_NETWORK_ADDRESS(Adapter->CurrentAddress, NetworkAddress);
        }
        else
        {
            DEBUGP(MP_WARNING, "%s: ignoring invalid NetworkAddress (length %u)\n",
                   Adapter->Name, NetworkAddressLength);
        }
    }

    DEBUGP(MP_INFO, "%s: permanent %02x:%02x:%02x:%02x:%02x:%02x current %02x:%02x:%02x:%02x:%02x:%02x vlan %u\n",
           Adapter->Name,
           Adapter->PermanentAddress[0], Adapter->PermanentAddress[1], Adapter->PermanentAddress[2],
           Adapter->PermanentAddress[3], Adapter->PermanentAddress[4], Adapter->PermanentAddress[5],
           Adapter->CurrentAddress[0], Adapter->CurrentAddress[1], Adapter->CurrentAddress[2],
           Adapter->CurrentAddress[3], Adapter->CurrentAddress[4], Adapter->CurrentAddress[5],
           Adapter->VlanId);

    //
    // Closing the handle also frees what NdisReadConfiguration and
    // NdisReadNetworkAddress returned.
    //
    NdisCloseConfiguration(ConfigurationHandle);

    DEBUGP(MP_TRACE, "[%p] <--- " __FUNCTION__ "\n", Adapter);
    return NDIS_STATUS_SUCCESS;
}

static
NDIS_STATUS
MPSetRegistrationAttributes(
    _In_ PMP_ADAPTER Adapter
    )
{
    NDIS_MINIPORT_ADAPTER_ATTRIBUTES MiniportAttributes;

    NdisZeroMemory(&MiniportAttributes, sizeof(MiniportAttributes));

    MiniportAttributes.RegistrationAttributes.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    MiniportAttributes.RegistrationAttributes.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    MiniportAttributes.RegistrationAttributes.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;

    MiniportAttributes.RegistrationAttributes.MiniportAdapterContext = Adapter;
    MiniportAttributes.RegistrationAttributes.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_NDIS_WDM |
                                                               NDIS_MINIPORT_ATTRIBUTES_SURPRISE_REMOVE_OK;
    MiniportAttributes.RegistrationAttributes.CheckForHangTimeInSeconds = 2;
    MiniportAttributes.RegistrationAttributes.InterfaceType = NdisInterfaceInternal;

    NDIS_DECLARE_MINIPORT_ADAPTER_CONTEXT(MP_ADAPTER);
    return NdisMSetMiniportAttributes(Adapter->AdapterHandle, &MiniportAttributes);
}

static
NDIS_STATUS
MPSetGeneralAttributes(
    _In_ PMP_ADAPTER Adapter
    )
{
    NDIS_MINIPORT_ADAPTER_ATTRIBUTES MiniportAttributes;
    NDIS_PM_CAPABILITIES             PmCapabilities;
    PNDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES General = &MiniportAttributes.GeneralAttributes;

    NdisZeroMemory(&MiniportAttributes, sizeof(MiniportAttributes));

    General->Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    General->Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    General->Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;

    General->MediaType          = NIC_MEDIA_TYPE;
    General->PhysicalMediumType = NdisPhysicalMediumUnspecified;
    General->MtuSize            = NIC_MTU;
    General->MaxXmitLinkSpeed   = NIC_LINK_SPEED;
    General->XmitLinkSpeed      = NDIS_LINK_SPEED_UNKNOWN;
    General->MaxRcvLinkSpeed    = NIC_LINK_SPEED;
    General->RcvLinkSpeed       = NDIS_LINK_SPEED_UNKNOWN;
    General->MediaConnectState  = MediaConnectStateUnknown;
    General->MediaDuplexState   = MediaDuplexStateUnknown;
    General->LookaheadSize      = NIC_MAX_LOOKAHEAD;

    //
    // NDIS 6.20+: power management capabilities go in
    // PowerManagementCapabilitiesEx; the old field stays NULL.
    //
    NdisZeroMemory(&PmCapabilities, sizeof(PmCapabilities));
    PmCapabilities.Header.Type      = NDIS_OBJECT_TYPE_DEFAULT;
    PmCapabilities.Header.Revision  = NDIS_PM_CAPABILITIES_REVISION_2;
    PmCapabilities.Header.Size      = NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_2;
    PmCapabilities.Flags                      = 0;
    PmCapabilities.SupportedWoLPacketPatterns = 0;
    PmCapabilities.NumTotalWoLPatterns        = 0;
    PmCapabilities.MaxWoLPatternSize          = 0;
    PmCapabilities.MaxWoLPatternOffset        = 0;
    PmCapabilities.MaxWoLPacketSaveBuffer     = 0;
    PmCapabilities.SupportedProtocolOffloads  = 0;
    PmCapabilities.NumArpOffloadIPv4Addresses = 0;
    PmCapabilities.NumNSOffloadIPv6Addresses  = 0;
    PmCapabilities.MinMagicPacketWakeUp       = NdisDeviceStateUnspecified;
    PmCapabilities.MinPatternWakeUp           = NdisDeviceStateUnspecified;
    PmCapabilities.MinLinkChangeWakeUp        = NdisDeviceStateUnspecified;
    PmCapabilities.SupportedWakeUpEvents      = 0;
    PmCapabilities.MediaSpecificWakeUpEvents  = 0;

    General->PowerManagementCapabilities   = NULL;
    General->PowerManagementCapabilitiesEx = &PmCapabilities;

    General->MacOptions             = NIC_MAC_OPTIONS;
    General->SupportedPacketFilters = NIC_SUPPORTED_FILTERS;
    General->MaxMulticastListSize   = NIC_MAX_MCAST_LIST;
    General->MacAddressLength       = ETH_LENGTH_OF_ADDRESS;
    NdisMoveMemory(General->PermanentMacAddress, Adapter->PermanentAddress, ETH_LENGTH_OF_ADDRESS);
    NdisMoveMemory(General->CurrentMacAddress, Adapter->CurrentAddress, ETH_LENGTH_OF_ADDRESS);

    General->RecvScaleCapabilities  = NULL;
    General->AccessType             = NET_IF_ACCESS_BROADCAST;
    General->DirectionType          = NET_IF_DIRECTION_SENDRECEIVE;
    General->ConnectionType         = NET_IF_CONNECTION_DEDICATED;
    General->IfType                 = IF_TYPE_ETHERNET_CSMACD;
    General->IfConnectorPresent     = FALSE;    // no physical connector
    General->SupportedStatistics    = NIC_SUPPORTED_STATISTICS;
    General->SupportedPauseFunctions = NdisPauseFunctionsUnsupported;
    General->DataBackFillSize       = 0;
    General->ContextBackFillSize    = 0;
    General->SupportedOidList       = MPSupportedOids;
    General->SupportedOidListLength = MPSupportedOidsLength;
    General->AutoNegotiationFlags   = NDIS_LINK_STATE_DUPLEX_AUTO_NEGOTIATED;

    return NdisMSetMiniportAttributes(Adapter->AdapterHandle, &MiniportAttributes);
}

_Use_decl_annotations_
NDIS_STATUS
MPInitializeEx(
    NDIS_HANDLE                     MiniportAdapterHandle,
    NDIS_HANDLE                     MiniportDriverContext,
    PNDIS_MINIPORT_INIT_PARAMETERS  MiniportInitParameters
    )
/*++

Routine Description:

    Allocates and initializes one virtual adapter.  On return with success
    the adapter is Paused and attached to the driver's hub.

Return Value:

    NDIS_STATUS_SUCCESS, NDIS_STATUS_RESOURCES or NDIS_STATUS_FAILURE; on
    failure everything allocated here is freed.

--*/
{
    NDIS_STATUS     Status;
    NTSTATUS        NtStatus;
    PMP_ADAPTER     Adapter = NULL;
    NDIS_TIMER_CHARACTERISTICS Timer;

    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);

    PAGED_CODE();

    DEBUGP(MP_TRACE, "---> MPInitializeEx\n");

    do
    {
        Adapter = (PMP_ADAPTER)NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle,
                                                                 sizeof(MP_ADAPTER),
                                                                 VM_TAG_ADAPTER,
                                                                 NormalPoolPriority);
        if (Adapter == NULL)
        {
            DEBUGP(MP_ERROR, "Failed to allocate the adapter context\n");
            Status = NDIS_STATUS_RESOURCES;
            break;
        }

        NdisZeroMemory(Adapter, sizeof(MP_ADAPTER));
        Adapter->Signature          = MP_ADAPTER_SIGNATURE;
        Adapter->AdapterHandle      = MiniportAdapterHandle;
        Adapter->State              = MpAdapterInitializing;
        Adapter->CurrentPowerState  = NdisDeviceStateD0;
        Adapter->MediaState         = MediaConnectStateUnknown;
        Adapter->LinkSpeed          = NIC_LINK_SPEED;
        Adapter->Lookahead          = NIC_MAX_LOOKAHEAD;
        Adapter->InstanceNumber     = (ULONG)InterlockedIncrement(&GlobalData.NextInstance);
        InitializeListHead(&Adapter->List);
        InitializeListHead(&Adapter->SendWaitList);
        InitializeListHead(&Adapter->RecvWaitList);
        NdisAllocateSpinLock(&Adapter->SendQueueLock);
        NdisAllocateSpinLock(&Adapter->RecvQueueLock);

        NtStatus = RtlStringCbPrintfA(Adapter->Name, sizeof(Adapter->Name),
                                      "vmini%u", Adapter->InstanceNumber);
        ASSERT(NT_SUCCESS(NtStatus));

        NtStatus = RtlStringCchCopyW(Adapter->FriendlyNameBuffer,
                                     RTL_NUMBER_OF(Adapter->FriendlyNameBuffer),
                                     MPFriendlyNamePrefix);
        if (!NT_SUCCESS(NtStatus))
        {
            Status = NDIS_STATUS_FAILURE;
            break;
        }
        RtlInitUnicodeString(&Adapter->FriendlyName, Adapter->FriendlyNameBuffer);

        DEBUGP(MP_INFO, "%s: %wZ #%u, context %p\n",
               Adapter->Name, &Adapter->FriendlyName, Adapter->InstanceNumber, Adapter);

        //
        // Registration attributes come first: NDIS needs the context before
        // any other NdisMXxx call for this adapter.
        //
        Status = MPSetRegistrationAttributes(Adapter);
        if (Status != NDIS_STATUS_SUCCESS)
        {
            DEBUGP(MP_ERROR, "%s: registration attributes failed 0x%08x\n", Adapter->Name, Status);
            break;
        }

        Status = MPReadConfiguration(Adapter);
        if (Status != NDIS_STATUS_SUCCESS)
        {
            break;
        }

        Status = MPSetGeneralAttributes(Adapter);
        if (Status != NDIS_STATUS_SUCCESS)
        {
            DEBUGP(MP_ERROR, "%s: general attributes failed 0x%08x\n", Adapter->Name, Status);
            break;
        }

        Adapter->StateLock = NdisAllocateRWLock(MiniportAdapterHandle);
        if (Adapter->StateLock == NULL)
        {
            Status = NDIS_STATUS_RESOURCES;
            break;
        }

        Status = MPInitializeSendPath(Adapter);
        if (Status != NDIS_STATUS_SUCCESS)
        {
            break;
        }

        Status = MPInitializeRecvPath(Adapter);
        if (Status != NDIS_STATUS_SUCCESS)
        {
            break;
        }

        //
        // Link timer: the virtual cable is "plugged in" shortly after each
        // restart.
        //
        NdisZeroMemory(&Timer, sizeof(Timer));
        Timer.Header.Type       = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
        Timer.Header.Revision   = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
        Timer.Header.Size       = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
        Timer.AllocationTag     = VM_TAG_TIMER;
        Timer.TimerFunction     = MPLinkTimer;
        Timer.FunctionContext   = Adapter;

        Status = NdisAllocateTimerObject(MiniportAdapterHandle, &Timer, &Adapter->LinkTimer);
        if (Status != NDIS_STATUS_SUCCESS)
        {
            Adapter->LinkTimer = NULL;
            break;
        }

        Adapter->ResetWorkItem = NdisAllocateIoWorkItem(MiniportAdapterHandle);
        if (Adapter->ResetWorkItem == NULL)
        {
            Status = NDIS_STATUS_RESOURCES;
            break;
        }

        NtStatus = MPStartWorker(Adapter);
        if (!NT_SUCCESS(NtStatus))
        {
            DEBUGP(MP_ERROR, "%s: PsCreateSystemThread failed 0x%08x\n", Adapter->Name, NtStatus);
            Status = NDIS_STATUS_RESOURCES;
            break;
        }

        Adapter->State = MpAdapterPaused;
        MPAttachAdapter(Adapter);

    } while (FALSE);

    if (Status != NDIS_STATUS_SUCCESS && Adapter != NULL)
    {
        MPFreeAdapter(Adapter);
        Adapter = NULL;
    }

    DEBUGP(MP_TRACE, "<--- MPInitializeEx Status = 0x%08x\n", Status);
    return Status;
}

_Use_decl_annotations_
VOID
MPFreeAdapter(
    PMP_ADAPTER Adapter
    )
/*++
    Frees everything MPInitializeEx allocated, in reverse order.  Works on a
    partially initialized adapter.
--*/
{
    PAGED_CODE();

    ASSERT(!MP_TEST_FLAG(Adapter, fMP_ON_GLOBAL_LIST));

    MPStopWorker(Adapter);

    if (Adapter->ResetWorkItem != NULL)
    {
        NdisFreeIoWorkItem(Adapter->ResetWorkItem);
        Adapter->ResetWorkItem = NULL;
    }

    if (Adapter->LinkTimer != NULL)
    {
        NdisFreeTimerObject(Adapter->LinkTimer);
        Adapter->LinkTimer = NULL;
    }

    MPFreeRecvPath(Adapter);
    MPFreeSendPath(Adapter);

    if (Adapter->StateLock != NULL)
    {
        NdisFreeRWLock(Adapter->StateLock);
        Adapter->StateLock = NULL;
    }

    NdisFreeSpinLock(&Adapter->RecvQueueLock);
    NdisFreeSpinLock(&Adapter->SendQueueLock);

    Adapter->Signature = 0;
    NdisFreeMemory(Adapter, 0, 0);
}

_Use_decl_annotations_
VOID
MPHaltEx(
    NDIS_HANDLE         MiniportAdapterContext,
    NDIS_HALT_ACTION    HaltAction
    )
/*++

Routine Description:

    Releases every resource of the adapter.  NDIS has paused the adapter, so
    no send or OID is outstanding.

--*/
{
    PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

    PAGED_CODE();

    DEBUGP(MP_TRACE, "---> MPHaltEx, action %d\n", (int)HaltAction);

#if DBG
    if (Adapter->Signature != MP_ADAPTER_SIGNATURE)
    {
        DbgPrint("vminiport: MPHaltEx with a bad adapter context %p\n", Adapter);
        __debugbreak();
    }
#endif

    MP_SET_FLAG(Adapter, fMP_HALT_IN_PROGRESS);

    //
    // 1. Nobody forwards to this adapter any more.
    //
    MPDetachAdapter(Adapter);

    //
    // 2. Stop the timers and DPCs, then wait for any DPC already queued.
    //
    NdisCancelTimerObject(Adapter->LinkTimer);
    KeCancelTimer(&Adapter->RecvTimer);
    KeRemoveQueueDpc(&Adapter->SendDpc);
    KeRemoveQueueDpc(&Adapter->RecvDpc);
    KeFlushQueuedDpcs();

    //
    // 3. Frames still queued: sends are completed, received frames dropped.
    //
    MPFlushSendQueue(Adapter, NDIS_STATUS_FAILURE);
    MPFlushRecvQueue(Adapter);
    ASSERT(Adapter->RecvIndicated == 0);

    Adapter->State = MpAdapterHalted;

    DEBUGP(MP_INFO, "%s: halted; tx %I64u frames, rx %I64u frames, %d resets\n",
           Adapter->Name,
           (ULONG64)(Adapter->Stats.ifHCOutUcastPkts + Adapter->Stats.ifHCOutMulticastPkts +
                     Adapter->Stats.ifHCOutBroadcastPkts),
           (ULONG64)(Adapter->Stats.ifHCInUcastPkts + Adapter->Stats.ifHCInMulticastPkts +
                     Adapter->Stats.ifHCInBroadcastPkts),
           Adapter->Stats.Resets);

    MPFreeAdapter(Adapter);

    DEBUGP(MP_TRACE, "<--- MPHaltEx\n");
}
