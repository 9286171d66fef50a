/*++

Module Name:

    oids.c

Abstract:

    OID requests of VMINIPORT: queries (general, 802.3, statistics, PnP) and
    sets (packet filter, lookahead, multicast list, power, VLAN).

--*/

#include "vminiport.h"

NDIS_OID MPSupportedOids[] =
{
    OID_GEN_SUPPORTED_LIST,
    OID_GEN_HARDWARE_STATUS,
    OID_GEN_MEDIA_SUPPORTED,
    OID_GEN_MEDIA_IN_USE,
    OID_GEN_PHYSICAL_MEDIUM,
    OID_GEN_MAXIMUM_LOOKAHEAD,
    OID_GEN_MAXIMUM_FRAME_SIZE,
    OID_GEN_MAXIMUM_TOTAL_SIZE,
    OID_GEN_TRANSMIT_BLOCK_SIZE,
    OID_GEN_RECEIVE_BLOCK_SIZE,
    OID_GEN_TRANSMIT_BUFFER_SPACE,
    OID_GEN_RECEIVE_BUFFER_SPACE,
    OID_GEN_VENDOR_ID,
    OID_GEN_VENDOR_DESCRIPTION,
    OID_GEN_VENDOR_DRIVER_VERSION,
    OID_GEN_DRIVER_VERSION,
    OID_GEN_CURRENT_PACKET_FILTER,
    OID_GEN_CURRENT_LOOKAHEAD,
    OID_GEN_MAC_OPTIONS,
    OID_GEN_LINK_SPEED,
    OID_GEN_MEDIA_CONNECT_STATUS,
    OID_GEN_XMIT_OK,
    OID_GEN_RCV_OK,
    OID_GEN_XMIT_ERROR,
    OID_GEN_RCV_ERROR,
    OID_GEN_RCV_NO_BUFFER,
    OID_GEN_STATISTICS,
    OID_GEN_INTERRUPT_MODERATION,
    OID_GEN_LINK_PARAMETERS,
    OID_GEN_VLAN_ID,
    OID_802_3_PERMANENT_ADDRESS,
    OID_802_3_CURRENT_ADDRESS,
    OID_802_3_MULTICAST_LIST,
    OID_802_3_MAXIMUM_LIST_SIZE,
    OID_802_3_RCV_ERROR_ALIGNMENT,
    OID_802_3_XMIT_ONE_COLLISION,
    OID_802_3_XMIT_MORE_COLLISIONS,
    OID_PNP_QUERY_POWER,
    OID_PNP_SET_POWER,
};

ULONG MPSupportedOidsLength = sizeof(MPSupportedOids);

static
VOID
MPFillStatistics(
    _In_ PMP_ADAPTER Adapter,
    _Out_ PNDIS_STATISTICS_INFO Statistics
    )
{
    PMP_STATISTICS S = &Adapter->Stats;

    NdisZeroMemory(Statistics, sizeof(*Statistics));
    Statistics->Header.Type     = NDIS_OBJECT_TYPE_DEFAULT;
    Statistics->Header.Revision = NDIS_STATISTICS_INFO_REVISION_1;
    Statistics->Header.Size     = NDIS_SIZEOF_STATISTICS_INFO_REVISION_1;
    Statistics->SupportedStatistics = NIC_SUPPORTED_STATISTICS;

    Statistics->ifInDiscards            = (ULONG64)S->ifInDiscards;
    Statistics->ifInErrors              = (ULONG64)S->ifInErrors;
    Statistics->ifHCInOctets            = (ULONG64)S->ifHCInOctets;
    Statistics->ifHCInUcastPkts         = (ULONG64)S->ifHCInUcastPkts;
    Statistics->ifHCInMulticastPkts     = (ULONG64)S->ifHCInMulticastPkts;
    Statistics->ifHCInBroadcastPkts     = (ULONG64)S->ifHCInBroadcastPkts;
    Statistics->ifHCOutOctets           = (ULONG64)S->ifHCOutOctets;
    Statistics->ifHCOutUcastPkts        = (ULONG64)S->ifHCOutUcastPkts;
    Statistics->ifHCOutMulticastPkts    = (ULONG64)S->ifHCOutMulticastPkts;
    Statistics->ifHCOutBroadcastPkts    = (ULONG64)S->ifHCOutBroadcastPkts;
    Statistics->ifOutErrors             = (ULONG64)S->ifOutErrors;
    Statistics->ifOutDiscards           = (ULONG64)S->ifOutDiscards;
    Statistics->ifHCInUcastOctets       = (ULONG64)S->ifHCInUcastOctets;
    Statistics->ifHCInMulticastOctets   = (ULONG64)S->ifHCInMulticastOctets;
    Statistics->ifHCInBroadcastOctets   = (ULONG64)S->ifHCInBroadcastOctets;
    Statistics->ifHCOutUcastOctets      = (ULONG64)S->ifHCOutUcastOctets;
    Statistics->ifHCOutMulticastOctets  = (ULONG64)S->ifHCOutMulticastOctets;
    Statistics->ifHCOutBroadcastOctets  = (ULONG64)S->ifHCOutBroadcastOctets;
}

static
NDIS_STATUS
MPQueryInformation(
    _In_ PMP_ADAPTER Adapter,
    _Inout_ PNDIS_OID_REQUEST NdisRequest
    )
{
    NDIS_STATUS             Status = NDIS_STATUS_SUCCESS;
    NDIS_OID                Oid = NdisRequest->DATA.QUERY_INFORMATION.Oid;
    PVOID                   InformationBuffer = NdisRequest->DATA.QUERY_INFORMATION.InformationBuffer;
    ULONG                   InformationBufferLength = NdisRequest->DATA.QUERY_INFORMATION.InformationBufferLength;
    PVOID                   pInfo;
    ULONG                   ulInfoLen = sizeof(ULONG);
    ULONG                   ulInfo = 0;
    ULONG64                 ul64Info = 0;
    NDIS_MEDIUM             Medium = NIC_MEDIA_TYPE;
    NDIS_HARDWARE_STATUS    HardwareStatus = NdisHardwareStatusReady;
    NDIS_PHYSICAL_MEDIUM    PhysicalMedium = NdisPhysicalMediumUnspecified;
    USHORT                  DriverVersion;
    NDIS_STATISTICS_INFO    StatisticsInfo;
    NDIS_INTERRUPT_MODERATION_PARAMETERS InterruptModeration;

    //
    // Most OIDs answer a ULONG; the 64-bit counters answer 8 bytes when
    // the buffer has room and the low 32 bits otherwise.
    //
    pInfo = &ulInfo;

    switch (Oid)
    {
        case OID_GEN_SUPPORTED_LIST:
            pInfo = MPSupportedOids;
            ulInfoLen = MPSupportedOidsLength;
            break;

        case OID_GEN_HARDWARE_STATUS:
            pInfo = &HardwareStatus;
            ulInfoLen = sizeof(NDIS_HARDWARE_STATUS);
            break;

        case OID_GEN_MEDIA_SUPPORTED:
        case OID_GEN_MEDIA_IN_USE:
            pInfo = &Medium;
            ulInfoLen = sizeof(NDIS_MEDIUM);
            break;

        case OID_GEN_PHYSICAL_MEDIUM:
            pInfo = &PhysicalMedium;
            ulInfoLen = sizeof(NDIS_PHYSICAL_MEDIUM);
            break;

        case OID_GEN_CURRENT_LOOKAHEAD:
            ulInfo = Adapter->Lookahead;
            break;

        case OID_GEN_MAXIMUM_LOOKAHEAD:
        case OID_GEN_MAXIMUM_FRAME_SIZE:
            ulInfo = NIC_MTU;
            break;

        case OID_GEN_MAXIMUM_TOTAL_SIZE:
        case OID_GEN_TRANSMIT_BLOCK_SIZE:
        case OID_GEN_RECEIVE_BLOCK_SIZE:
            ulInfo = NIC_MAX_FRAME_SIZE;
            break;

        case OID_GEN_TRANSMIT_BUFFER_SPACE:
            ulInfo = NIC_MAX_FRAME_SIZE * 64;
            break;

        case OID_GEN_RECEIVE_BUFFER_SPACE:
            ulInfo = NIC_MAX_FRAME_SIZE * NIC_MAX_RECV_QUEUE;
            break;

        case OID_GEN_VENDOR_ID:
            ulInfo = NIC_VENDOR_ID;
            break;

        case OID_GEN_VENDOR_DESCRIPTION:
            pInfo = (PVOID)NIC_VENDOR_DESC;
            ulInfoLen = sizeof(NIC_VENDOR_DESC);
            break;

        case OID_GEN_VENDOR_DRIVER_VERSION:
            ulInfo = MP_VENDOR_DRIVER_VERSION;
            break;

        case OID_GEN_DRIVER_VERSION:
            DriverVersion = (USHORT)((MP_NDIS_MAJOR_VERSION << 8) | MP_NDIS_MINOR_VERSION);
            pInfo = &DriverVersion;
            ulInfoLen = sizeof(USHORT);
            break;

        case OID_GEN_CURRENT_PACKET_FILTER:
            ulInfo = Adapter->PacketFilter;
            break;

        case OID_GEN_MAC_OPTIONS:
            ulInfo = NIC_MAC_OPTIONS;
            break;

        case OID_GEN_LINK_SPEED:
            //
            // Obsolete in NDIS 6 but still asked by old tools: 100 bps units.
            //
            ulInfo = (ULONG)(Adapter->LinkSpeed / 100);
            break;

        case OID_GEN_MEDIA_CONNECT_STATUS:
            ulInfo = (Adapter->MediaState == MediaConnectStateConnected) ?
                        NdisMediaStateConnected : NdisMediaStateDisconnected;
            break;

        case OID_GEN_XMIT_OK:
            ul64Info = (ULONG64)(Adapter->Stats.ifHCOutUcastPkts +
                                 Adapter->Stats.ifHCOutMulticastPkts +
                                 Adapter->Stats.ifHCOutBroadcastPkts);
            pInfo = &ul64Info;
            ulInfoLen = InformationBufferLength >= sizeof(ULONG64) ? sizeof(ULONG64) : sizeof(ULONG);
            break;

        case OID_GEN_RCV_OK:
            ul64Info = (ULONG64)(Adapter->Stats.ifHCInUcastPkts +
                                 Adapter->Stats.ifHCInMulticastPkts +
                                 Adapter->Stats.ifHCInBroadcastPkts);
            pInfo = &ul64Info;
            ulInfoLen = InformationBufferLength >= sizeof(ULONG64) ? sizeof(ULONG64) : sizeof(ULONG);
            break;

        case OID_GEN_XMIT_ERROR:
            //
            // Frames the adapter failed to put on the wire: errors and
            // discards; saturates rather than wraps.
            //
            if (!NT_SUCCESS(RtlULongAdd((ULONG)Adapter->Stats.ifOutErrors,
                                        (ULONG)Adapter->Stats.ifOutDiscards,
                                        &ulInfo)))
            {
                ulInfo = MAXULONG;
            }
            break;

        case OID_GEN_RCV_ERROR:
            ulInfo = (ULONG)Adapter->Stats.ifInErrors;
            break;

        case OID_GEN_RCV_NO_BUFFER:
            ulInfo = (ULONG)Adapter->Stats.RxNoResources;
            break;

        case OID_GEN_STATISTICS:
            MPFillStatistics(Adapter, &StatisticsInfo);
            pInfo = &StatisticsInfo;
            ulInfoLen = sizeof(NDIS_STATISTICS_INFO);
            break;

        case OID_GEN_INTERRUPT_MODERATION:
            NdisZeroMemory(&InterruptModeration, sizeof(InterruptModeration));
            InterruptModeration.Header.Type     = NDIS_OBJECT_TYPE_DEFAULT;
            InterruptModeration.Header.Revision = NDIS_INTERRUPT_MODERATION_PARAMETERS_REVISION_1;
            InterruptModeration.Header.Size     = NDIS_SIZEOF_INTERRUPT_MODERATION_PARAMETERS_REVISION_1;
            InterruptModeration.Flags               = 0;
            InterruptModeration.InterruptModeration = NdisInterruptModerationNotSupported;
            pInfo = &InterruptModeration;
            ulInfoLen = sizeof(InterruptModeration);
            break;

        case OID_GEN_VLAN_ID:
            ulInfo = Adapter->VlanId;
            break;

        case OID_802_3_PERMANENT_ADDRESS:
            pInfo = Adapter->PermanentAddress;
            ulInfoLen = ETH_LENGTH_OF_ADDRESS;
            break;

        case OID_802_3_CURRENT_ADDRESS:
            pInfo = Adapter->CurrentAddress;
            ulInfoLen = ETH_LENGTH_OF_ADDRESS;
            break;

        case OID_802_3_MAXIMUM_LIST_SIZE:
            ulInfo = NIC_MAX_MCAST_LIST;
            break;

        case OID_802_3_RCV_ERROR_ALIGNMENT:
        case OID_802_3_XMIT_ONE_COLLISION:
        case OID_802_3_XMIT_MORE_COLLISIONS:
            //
            // A virtual wire has no alignment errors or collisions.
            //
            ulInfo = 0;
            break;

        case OID_PNP_QUERY_POWER:
            //
            // Every device power state is acceptable; no data.
            //
            ulInfoLen = 0;
            break;

        default:
            Status = NDIS_STATUS_NOT_SUPPORTED;
            break;
    }

    if (Status == NDIS_STATUS_SUCCESS)
    {
        if (ulInfoLen <= InformationBufferLength)
        {
            if (ulInfoLen != 0)
            {
                NdisMoveMemory(InformationBuffer, pInfo, ulInfoLen);
            }
            NdisRequest->DATA.QUERY_INFORMATION.BytesWritten = ulInfoLen;
            NdisRequest->DATA.QUERY_INFORMATION.BytesNeeded = 0;
        }
        else
        {
            NdisRequest->DATA.QUERY_INFORMATION.BytesWritten = 0;
            NdisRequest->DATA.QUERY_INFORMATION.BytesNeeded = ulInfoLen;
            Status = NDIS_STATUS_BUFFER_TOO_SHORT;
        }
    }

    return Status;
}

static
NDIS_STATUS
MPSetMulticastList(
    _In_ PMP_ADAPTER Adapter,
    _Inout_ PNDIS_OID_REQUEST NdisRequest
    )
{
    PUCHAR          List = (PUCHAR)NdisRequest->DATA.SET_INFORMATION.InformationBuffer;
    ULONG           Length = NdisRequest->DATA.SET_INFORMATION.InformationBufferLength;
    ULONG           Count;
    ULONG           i;
    SIZE_T          Bytes;
    LOCK_STATE_EX   LockState;

    if (Length % ETH_LENGTH_OF_ADDRESS != 0)
    {
        NdisRequest->DATA.SET_INFORMATION.BytesNeeded = ETH_LENGTH_OF_ADDRESS;
        return NDIS_STATUS_INVALID_LENGTH;
    }

    Count = Length / ETH_LENGTH_OF_ADDRESS;
    if (Count > NIC_MAX_MCAST_LIST)
    {
        return NDIS_STATUS_MULTICAST_FULL;
    }

    for (i = 0; i < Count; i++)
    {
        if (!ETH_IS_MULTICAST(&List[i * ETH_LENGTH_OF_ADDRESS]))
        {
            return NDIS_STATUS_MULTICAST_FULL;
        }
    }

    if (!NT_SUCCESS(RtlSizeTMult(Count, ETH_LENGTH_OF_ADDRESS, &Bytes)))
    {
        return NDIS_STATUS_INVALID_LENGTH;
    }

    NdisAcquireRWLockWrite(Adapter->StateLock, &LockState, 0);
    if (Bytes != 0)
    {
        NdisMoveMemory(Adapter->MulticastList, List, (ULONG)Bytes);
    }
    Adapter->MulticastCount = Count;
    NdisReleaseRWLock(Adapter->StateLock, &LockState);

    NdisRequest->DATA.SET_INFORMATION.BytesRead = Length;

    //
    // The worker reprograms the hash filter.
    //
    MPKickWorker(Adapter);
    return NDIS_STATUS_SUCCESS;
}

static
NDIS_STATUS
MPSetPower(
    _In_ PMP_ADAPTER Adapter,
    _In_ NDIS_DEVICE_POWER_STATE NewState
    )
/*++
    NDIS pauses the adapter before a transition to D1..D3 and restarts it
    after D0, so nothing is in flight here.
--*/
{
    LOCK_STATE_EX LockState;

    if (NewState < NdisDeviceStateD0 || NewState > NdisDeviceStateD3)
    {
        return NDIS_STATUS_INVALID_DATA;
    }

    NdisAcquireRWLockWrite(Adapter->StateLock, &LockState, 0);
    Adapter->CurrentPowerState = NewState;
    NdisReleaseRWLock(Adapter->StateLock, &LockState);

    if (NewState != NdisDeviceStateD0)
    {
        MPFlushRecvQueue(Adapter);
        if (Adapter->MediaState == MediaConnectStateConnected)
        {
            MPIndicateLinkState(Adapter, MediaConnectStateDisconnected);
        }
    }

    DEBUGP(MP_INFO, "%s: power state D%d\n", Adapter->Name, (int)NewState - 1);
    return NDIS_STATUS_SUCCESS;
}

static
NDIS_STATUS
MPSetInformation(
    _In_ PMP_ADAPTER Adapter,
    _Inout_ PNDIS_OID_REQUEST NdisRequest
    )
{
    NDIS_STATUS     Status = NDIS_STATUS_SUCCESS;
    NDIS_OID        Oid = NdisRequest->DATA.SET_INFORMATION.Oid;
    PVOID           InformationBuffer = NdisRequest->DATA.SET_INFORMATION.InformationBuffer;
    ULONG           InformationBufferLength = NdisRequest->DATA.SET_INFORMATION.InformationBufferLength;
    ULONG           BytesNeeded = 0;
    ULONG           Value;
    LOCK_STATE_EX   LockState;

    NdisRequest->DATA.SET_INFORMATION.BytesRead = 0;
    NdisRequest->DATA.SET_INFORMATION.BytesNeeded = 0;

    switch (Oid)
    {
        case OID_802_3_MULTICAST_LIST:
            return MPSetMulticastList(Adapter, NdisRequest);

        case OID_GEN_CURRENT_PACKET_FILTER:
        case OID_GEN_CURRENT_LOOKAHEAD:
        case OID_GEN_VLAN_ID:
        case OID_PNP_SET_POWER:
            if (InformationBufferLength < sizeof(ULONG))
            {
                BytesNeeded = sizeof(ULONG);
                Status = NDIS_STATUS_INVALID_LENGTH;
                break;
            }
            Value = *(UNALIGNED ULONG *)InformationBuffer;

            if (Oid == OID_GEN_CURRENT_PACKET_FILTER)
            {
                if (Value & ~NIC_SUPPORTED_FILTERS)
                {
                    Status = NDIS_STATUS_NOT_SUPPORTED;
                    break;
                }
                NdisAcquireRWLockWrite(Adapter->StateLock, &LockState, 0);
                Adapter->PacketFilter = Value;
                NdisReleaseRWLock(Adapter->StateLock, &LockState);
                DEBUGP(MP_INFO, "%s: packet filter 0x%08lx\n", Adapter->Name, Value);
            }
            else if (Oid == OID_GEN_CURRENT_LOOKAHEAD)
            {
                if (Value > NIC_MAX_LOOKAHEAD)
                {
                    Status = NDIS_STATUS_INVALID_DATA;
                    break;
                }
                Adapter->Lookahead = Value;
            }
            else if (Oid == OID_GEN_VLAN_ID)
            {
                if (Value > 4094)
                {
                    Status = NDIS_STATUS_INVALID_DATA;
                    break;
                }
                NdisAcquireRWLockWrite(Adapter->StateLock, &LockState, 0);
                Adapter->VlanId = Value;
                NdisReleaseRWLock(Adapter->StateLock, &LockState);
            }
            else
            {
                Status = MPSetPower(Adapter, (NDIS_DEVICE_POWER_STATE)Value);
                if (Status != NDIS_STATUS_SUCCESS)
                {
                    break;
                }
            }
            NdisRequest->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
            break;

        case OID_GEN_INTERRUPT_MODERATION:
            Status = NDIS_STATUS_INVALID_DATA;      // not supported: queries say so
            break;

        case OID_GEN_LINK_PARAMETERS:
            //
            // Speed and duplex of a virtual wire are fixed; accept and ignore.
            //
            if (InformationBufferLength < NDIS_SIZEOF_LINK_PARAMETERS_REVISION_1)
            {
                BytesNeeded = NDIS_SIZEOF_LINK_PARAMETERS_REVISION_1;
                Status = NDIS_STATUS_INVALID_LENGTH;
                break;
            }
            NdisRequest->DATA.SET_INFORMATION.BytesRead = InformationBufferLength;
            break;

        default:
            Status = NDIS_STATUS_NOT_SUPPORTED;
            break;
    }

    NdisRequest->DATA.SET_INFORMATION.BytesNeeded = BytesNeeded;
    return Status;
}

_Use_decl_annotations_
NDIS_STATUS
MPOidRequest(
    NDIS_HANDLE         MiniportAdapterContext,
    PNDIS_OID_REQUEST   NdisRequest
    )
{
    PMP_ADAPTER     Adapter = (PMP_ADAPTER)MiniportAdapterContext;
    NDIS_STATUS     Status;

    switch (NdisRequest->RequestType)
    {
        case NdisRequestQueryInformation:
        case NdisRequestQueryStatistics:
            Status = MPQueryInformation(Adapter, NdisRequest);
            break;

        case NdisRequestSetInformation:
            Status = MPSetInformation(Adapter, NdisRequest);
            break;

        case NdisRequestMethod:
        default:
            Status = NDIS_STATUS_NOT_SUPPORTED;
            break;
    }

    if (Status != NDIS_STATUS_SUCCESS && Status != NDIS_STATUS_NOT_SUPPORTED)
    {
        DEBUGP(MP_WARNING, "%s: OID 0x%08x (type %d) failed 0x%08x\n", Adapter->Name,
               NdisRequest->DATA.QUERY_INFORMATION.Oid, (int)NdisRequest->RequestType, Status);
    }

    return Status;
}

_Use_decl_annotations_
VOID
MPCancelOidRequest(
    NDIS_HANDLE MiniportAdapterContext,
    PVOID       RequestId
    )
{
    //
    // Every OID completes synchronously: nothing is ever pending to cancel.
    //
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RequestId);
}

_Use_decl_annotations_
NDIS_STATUS
MPDirectOidRequest(
    NDIS_HANDLE         MiniportAdapterContext,
    PNDIS_OID_REQUEST   NdisRequest
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NdisRequest);

    //
    // No OID needs the direct path on this adapter.
    //
    return NDIS_STATUS_NOT_SUPPORTED;
}

_Use_decl_annotations_
VOID
MPCancelDirectOidRequest(
    NDIS_HANDLE MiniportAdapterContext,
    PVOID       RequestId
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RequestId);
}
