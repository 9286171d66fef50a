/*++

Module Name:

    oids.c

Abstract:

    OID requests of socenet.

--*/

#include "socenet.h"

NDIS_OID SocSupportedOids[] =
{
    OID_GEN_SUPPORTED_LIST,
    OID_GEN_HARDWARE_STATUS,
    OID_GEN_MEDIA_SUPPORTED,
    OID_GEN_MEDIA_IN_USE,
    OID_GEN_MAXIMUM_LOOKAHEAD,
    OID_GEN_MAXIMUM_FRAME_SIZE,
    OID_GEN_MAXIMUM_TOTAL_SIZE,
    OID_GEN_TRANSMIT_BUFFER_SPACE,
    OID_GEN_RECEIVE_BUFFER_SPACE,
    OID_GEN_TRANSMIT_BLOCK_SIZE,
    OID_GEN_RECEIVE_BLOCK_SIZE,
    OID_GEN_VENDOR_ID,
    OID_GEN_VENDOR_DESCRIPTION,
    OID_GEN_VENDOR_DRIVER_VERSION,
    OID_GEN_CURRENT_PACKET_FILTER,
    OID_GEN_CURRENT_LOOKAHEAD,
    OID_GEN_STATISTICS,
    OID_GEN_INTERRUPT_MODERATION,
    OID_GEN_LINK_PARAMETERS,
    OID_802_3_PERMANENT_ADDRESS,
    OID_802_3_CURRENT_ADDRESS,
    OID_802_3_MULTICAST_LIST,
    OID_802_3_MAXIMUM_LIST_SIZE,
    OID_802_3_RCV_ERROR_ALIGNMENT,
    OID_802_3_XMIT_ONE_COLLISION,
    OID_802_3_XMIT_MORE_COLLISIONS,
    OID_OFFLOAD_ENCAPSULATION,
    OID_TCP_OFFLOAD_PARAMETERS,
    OID_PNP_QUERY_POWER,
    OID_PNP_SET_POWER,
};

ULONG SocSupportedOidsSize = sizeof(SocSupportedOids);

static
VOID
SocQueryStatistics(
    _In_ PSOC_ADAPTER Adapter,
    _Out_ PNDIS_STATISTICS_INFO Info
    )
{
    SOC_COUNTERS *C = &Adapter->Counters;
    ULONG64      HwErrors = 0;

    if (Adapter->State == SocStateRunning && KeGetCurrentIrql() <= DISPATCH_LEVEL)
    {
        SocDumpHardwareStatistics(Adapter);
        HwErrors = Adapter->HwStats->RxCrcErrors + Adapter->HwStats->RxAlignmentErrors;
    }

    NdisZeroMemory(Info, sizeof(*Info));
    Info->Header.Type       = NDIS_OBJECT_TYPE_DEFAULT;
    Info->Header.Revision   = NDIS_STATISTICS_INFO_REVISION_1;
    Info->Header.Size       = NDIS_SIZEOF_STATISTICS_INFO_REVISION_1;
    Info->SupportedStatistics = SOC_SUPPORTED_STATISTICS;

    Info->ifHCInUcastPkts       = (ULONG64)C->RxDirectedFrames;
    Info->ifHCInMulticastPkts   = (ULONG64)C->RxMulticastFrames;
    Info->ifHCInBroadcastPkts   = (ULONG64)C->RxBroadcastFrames;
    Info->ifHCInOctets          = (ULONG64)(C->RxDirectedBytes + C->RxMulticastBytes + C->RxBroadcastBytes);
    Info->ifInDiscards          = (ULONG64)C->RxDiscards + Adapter->HwStats->RxMissed;
    Info->ifInErrors            = (ULONG64)C->RxErrors + HwErrors;
    Info->ifHCOutUcastPkts      = (ULONG64)C->TxDirectedFrames;
    Info->ifHCOutMulticastPkts  = (ULONG64)C->TxMulticastFrames;
    Info->ifHCOutBroadcastPkts  = (ULONG64)C->TxBroadcastFrames;
    Info->ifHCOutOctets         = (ULONG64)(C->TxDirectedBytes + C->TxMulticastBytes + C->TxBroadcastBytes);
    Info->ifOutErrors           = (ULONG64)C->TxErrors;
    Info->ifOutDiscards         = (ULONG64)C->TxDiscards;
}

static
NDIS_STATUS
SocQuery(
    _In_ PSOC_ADAPTER Adapter,
    _Inout_ PNDIS_OID_REQUEST Request
    )
{
    NDIS_OID                Oid = Request->DATA.QUERY_INFORMATION.Oid;
    ULONG                   BufferLength = Request->DATA.QUERY_INFORMATION.InformationBufferLength;
    NDIS_STATUS             Status = NDIS_STATUS_SUCCESS;
    ULONG                   Value = 0;
    PVOID                   Source = &Value;
    ULONG                   SourceLength = sizeof(ULONG);
    NDIS_MEDIUM             Medium = NdisMedium802_3;
    NDIS_HARDWARE_STATUS    HardwareStatus = NdisHardwareStatusReady;
    NDIS_STATISTICS_INFO    Statistics;
    NDIS_INTERRUPT_MODERATION_PARAMETERS Moderation;

    switch (Oid)
    {
        case OID_GEN_SUPPORTED_LIST:
            Source = SocSupportedOids;
            SourceLength = SocSupportedOidsSize;
            break;
        case OID_GEN_HARDWARE_STATUS:
            Source = &HardwareStatus;
            SourceLength = sizeof(HardwareStatus);
            break;
        case OID_GEN_MEDIA_SUPPORTED:
        case OID_GEN_MEDIA_IN_USE:
            Source = &Medium;
            SourceLength = sizeof(Medium);
            break;
        case OID_GEN_MAXIMUM_LOOKAHEAD:
        case OID_GEN_CURRENT_LOOKAHEAD:
        case OID_GEN_MAXIMUM_FRAME_SIZE:
            Value = Adapter->MaxFrameSize - SOC_ETH_HEADER_SIZE;
            break;
        case OID_GEN_MAXIMUM_TOTAL_SIZE:
        case OID_GEN_TRANSMIT_BLOCK_SIZE:
        case OID_GEN_RECEIVE_BLOCK_SIZE:
            Value = Adapter->MaxFrameSize;
            break;
        case OID_GEN_TRANSMIT_BUFFER_SPACE:
            Value = Adapter->MaxFrameSize * SOC_TCB_COUNT;
            break;
        case OID_GEN_RECEIVE_BUFFER_SPACE:
            Value = SOC_RX_BUFFER_SIZE * SOC_RX_RING_SIZE;
            break;
        case OID_GEN_VENDOR_ID:
            Value = 0x00FFFFFF;
            break;
        case OID_GEN_VENDOR_DESCRIPTION:
            Source = (PVOID)SOC_VENDOR_DESCRIPTION;
            SourceLength = sizeof(SOC_VENDOR_DESCRIPTION);
            break;
        case OID_GEN_VENDOR_DRIVER_VERSION:
            Value = SOC_VENDOR_DRIVER_VERSION;
            break;
        case OID_GEN_CURRENT_PACKET_FILTER:
            Value = Adapter->PacketFilter;
            break;
        case OID_GEN_STATISTICS:
            SocQueryStatistics(Adapter, &Statistics);
            Source = &Statistics;
            SourceLength = sizeof(Statistics);
            break;
        case OID_GEN_INTERRUPT_MODERATION:
            NdisZeroMemory(&Moderation, sizeof(Moderation));
            Moderation.Header.Type      = NDIS_OBJECT_TYPE_DEFAULT;
            Moderation.Header.Revision  = NDIS_INTERRUPT_MODERATION_PARAMETERS_REVISION_1;
            Moderation.Header.Size      = NDIS_SIZEOF_INTERRUPT_MODERATION_PARAMETERS_REVISION_1;
            Moderation.InterruptModeration = NdisInterruptModerationNotSupported;
            Source = &Moderation;
            SourceLength = sizeof(Moderation);
            break;
        case OID_802_3_PERMANENT_ADDRESS:
            Source = Adapter->PermanentAddress;
            SourceLength = ETH_LENGTH_OF_ADDRESS;
            break;
        case OID_802_3_CURRENT_ADDRESS:
            Source = Adapter->CurrentAddress;
            SourceLength = ETH_LENGTH_OF_ADDRESS;
            break;
        case OID_802_3_MAXIMUM_LIST_SIZE:
            Value = SOC_MAX_MCAST_LIST;
            break;
        case OID_802_3_RCV_ERROR_ALIGNMENT:
            Value = (ULONG)Adapter->HwStats->RxAlignmentErrors;
            break;
        case OID_802_3_XMIT_ONE_COLLISION:
            Value = (ULONG)Adapter->HwStats->TxSingleCollisions;
            break;
        case OID_802_3_XMIT_MORE_COLLISIONS:
            Value = (ULONG)Adapter->HwStats->TxMultipleCollisions;
            break;
        case OID_PNP_QUERY_POWER:
            SourceLength = 0;
            break;
        default:
            Status = NDIS_STATUS_NOT_SUPPORTED;
            break;
    }

    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }

    if (SourceLength > BufferLength)
    {
        Request->DATA.QUERY_INFORMATION.BytesNeeded = SourceLength;
        return NDIS_STATUS_BUFFER_TOO_SHORT;
    }

    if (SourceLength != 0)
    {
        NdisMoveMemory(Request->DATA.QUERY_INFORMATION.InformationBuffer, Source, SourceLength);
    }
    Request->DATA.QUERY_INFORMATION.BytesWritten = SourceLength;
    return NDIS_STATUS_SUCCESS;
}

static
NDIS_STATUS
SocSetOffloadParameters(
    _In_ PSOC_ADAPTER Adapter,
    _In_ PNDIS_OFFLOAD_PARAMETERS Parameters
    )
{
    switch (Parameters->IPv4Checksum)
    {
        case NDIS_OFFLOAD_PARAMETERS_NO_CHANGE:
            break;
        case NDIS_OFFLOAD_PARAMETERS_RX_ENABLED_TX_DISABLED:
        case NDIS_OFFLOAD_PARAMETERS_TX_RX_ENABLED:
            Adapter->RxChecksumEnabled = TRUE;
            break;
        case NDIS_OFFLOAD_PARAMETERS_TX_RX_DISABLED:
        case NDIS_OFFLOAD_PARAMETERS_TX_ENABLED_RX_DISABLED:
            Adapter->RxChecksumEnabled = FALSE;
            break;
        default:
            return NDIS_STATUS_INVALID_PARAMETER;
    }

    if (Parameters->LsoV1 == NDIS_OFFLOAD_PARAMETERS_LSOV1_ENABLED ||
        Parameters->LsoV2IPv4 == NDIS_OFFLOAD_PARAMETERS_LSOV2_ENABLED)
    {
        return NDIS_STATUS_NOT_SUPPORTED;
    }

    SocProgramReceiveFilter(Adapter);
    return NDIS_STATUS_SUCCESS;
}

static
NDIS_STATUS
SocSet(
    _In_ PSOC_ADAPTER Adapter,
    _Inout_ PNDIS_OID_REQUEST Request
    )
{
    NDIS_OID    Oid = Request->DATA.SET_INFORMATION.Oid;
    PVOID       Buffer = Request->DATA.SET_INFORMATION.InformationBuffer;
    ULONG       Length = Request->DATA.SET_INFORMATION.InformationBufferLength;
    NDIS_STATUS Status = NDIS_STATUS_SUCCESS;
    ULONG       Value;

    switch (Oid)
    {
        case OID_GEN_CURRENT_PACKET_FILTER:
            if (Length < sizeof(ULONG))
            {
                Request->DATA.SET_INFORMATION.BytesNeeded = sizeof(ULONG);
                return NDIS_STATUS_INVALID_LENGTH;
            }
            Value = *(UNALIGNED ULONG *)Buffer;
            if (Value & ~SOC_SUPPORTED_FILTERS)
            {
                return NDIS_STATUS_NOT_SUPPORTED;
            }
            Adapter->PacketFilter = Value;
            SocProgramReceiveFilter(Adapter);
            Request->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
            break;

        case OID_GEN_CURRENT_LOOKAHEAD:
            if (Length < sizeof(ULONG))
            {
                Request->DATA.SET_INFORMATION.BytesNeeded = sizeof(ULONG);
                return NDIS_STATUS_INVALID_LENGTH;
            }
            Request->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
            break;

        case OID_802_3_MULTICAST_LIST:
            if (Length % ETH_LENGTH_OF_ADDRESS != 0)
            {
                return NDIS_STATUS_INVALID_LENGTH;
            }
            if (Length / ETH_LENGTH_OF_ADDRESS > SOC_MAX_MCAST_LIST)
            {
                return NDIS_STATUS_MULTICAST_FULL;
            }
            Adapter->MulticastCount = Length / ETH_LENGTH_OF_ADDRESS;
            if (Length != 0)
            {
                NdisMoveMemory(Adapter->MulticastList, Buffer, Length);
            }
            SocProgramReceiveFilter(Adapter);
            Request->DATA.SET_INFORMATION.BytesRead = Length;
            break;

        case OID_PNP_SET_POWER:
            if (Length < sizeof(NDIS_DEVICE_POWER_STATE))
            {
                Request->DATA.SET_INFORMATION.BytesNeeded = sizeof(NDIS_DEVICE_POWER_STATE);
                return NDIS_STATUS_INVALID_LENGTH;
            }
            Adapter->PowerState = *(PNDIS_DEVICE_POWER_STATE)Buffer;
            if (Adapter->PowerState == NdisDeviceStateD0)
            {
                (VOID)SocResetHardware(Adapter);
                SocStartHardware(Adapter);
            }
            else
            {
                SocStopHardware(Adapter);
            }
            Request->DATA.SET_INFORMATION.BytesRead = sizeof(NDIS_DEVICE_POWER_STATE);
            break;

        case OID_TCP_OFFLOAD_PARAMETERS:
            if (Length < NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_1)
            {
                Request->DATA.SET_INFORMATION.BytesNeeded = NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_1;
                return NDIS_STATUS_INVALID_LENGTH;
            }
            Status = SocSetOffloadParameters(Adapter, (PNDIS_OFFLOAD_PARAMETERS)Buffer);
            if (Status == NDIS_STATUS_SUCCESS)
            {
                Request->DATA.SET_INFORMATION.BytesRead = Length;
            }
            break;

        case OID_OFFLOAD_ENCAPSULATION:
        {
            PNDIS_OFFLOAD_ENCAPSULATION Encapsulation = (PNDIS_OFFLOAD_ENCAPSULATION)Buffer;

            if (Length < NDIS_SIZEOF_OFFLOAD_ENCAPSULATION_REVISION_1)
            {
                Request->DATA.SET_INFORMATION.BytesNeeded = NDIS_SIZEOF_OFFLOAD_ENCAPSULATION_REVISION_1;
                return NDIS_STATUS_INVALID_LENGTH;
            }
            if (Encapsulation->IPv4.Enabled == NDIS_OFFLOAD_SET_ON &&
                Encapsulation->IPv4.EncapsulationType != NDIS_ENCAPSULATION_IEEE_802_3)
            {
                return NDIS_STATUS_INVALID_PARAMETER;
            }
            Request->DATA.SET_INFORMATION.BytesRead = Length;
            break;
        }

        case OID_GEN_LINK_PARAMETERS:
        case OID_GEN_INTERRUPT_MODERATION:
            Request->DATA.SET_INFORMATION.BytesRead = Length;
            break;

        default:
            Status = NDIS_STATUS_NOT_SUPPORTED;
            break;
    }

    return Status;
}

_Use_decl_annotations_
NDIS_STATUS
SocOidRequest(
    NDIS_HANDLE         MiniportAdapterContext,
    PNDIS_OID_REQUEST   NdisRequest
    )
{
    PSOC_ADAPTER Adapter = (PSOC_ADAPTER)MiniportAdapterContext;

    switch (NdisRequest->RequestType)
    {
        case NdisRequestQueryInformation:
        case NdisRequestQueryStatistics:
            return SocQuery(Adapter, NdisRequest);

        case NdisRequestSetInformation:
            return SocSet(Adapter, NdisRequest);

        default:
            return NDIS_STATUS_NOT_SUPPORTED;
    }
}

_Use_decl_annotations_
VOID
SocCancelOidRequest(
    NDIS_HANDLE MiniportAdapterContext,
    PVOID       RequestId
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RequestId);
}
