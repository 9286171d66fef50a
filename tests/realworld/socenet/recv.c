/*++

Module Name:

    recv.c

Abstract:

    Receive path of socenet.  Receive buffer i of the shared-memory pool
    always backs descriptor i; its NBL and MDL are built once at
    initialization.  A buffer indicated to NDIS goes back to the device
    when NDIS returns its NBL.

--*/

#include "socenet.h"

#pragma alloc_text(PAGE, SocAllocateReceiveNbls)
#pragma alloc_text(PAGE, SocFreeReceiveNbls)

_Use_decl_annotations_
NDIS_STATUS
SocAllocateReceiveNbls(
    PSOC_ADAPTER Adapter
    )
{
    NET_BUFFER_LIST_POOL_PARAMETERS Parameters;
    ULONG                           i;

    PAGED_CODE();

    NdisZeroMemory(&Parameters, sizeof(Parameters));
    Parameters.Header.Type      = NDIS_OBJECT_TYPE_DEFAULT;
    Parameters.Header.Revision  = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    Parameters.Header.Size      = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    Parameters.ProtocolId       = NDIS_PROTOCOL_ID_DEFAULT;
    Parameters.fAllocateNetBuffer = TRUE;
    Parameters.ContextSize      = 0;
    Parameters.PoolTag          = SOC_TAG_NBL_POOL;
    Parameters.DataSize         = 0;

    Adapter->RxNblPool = NdisAllocateNetBufferListPool(Adapter->AdapterHandle, &Parameters);
    if (Adapter->RxNblPool == NULL)
    {
        return NDIS_STATUS_RESOURCES;
    }

    for (i = 0; i < SOC_RX_RING_SIZE; i++)
    {
        PSOC_RX_BUFFER Buffer = &Adapter->RxBuffers[i];

        Buffer->Mdl = NdisAllocateMdl(Adapter->AdapterHandle, Buffer->VirtualAddress, SOC_RX_BUFFER_SIZE);
        if (Buffer->Mdl == NULL)
        {
            return NDIS_STATUS_RESOURCES;
        }

        Buffer->Nbl = NdisAllocateNetBufferAndNetBufferList(Adapter->RxNblPool, 0, 0,
                                                            Buffer->Mdl, 0, SOC_RX_BUFFER_SIZE);
        if (Buffer->Nbl == NULL)
        {
            return NDIS_STATUS_RESOURCES;
        }

        Buffer->Nbl->SourceHandle = Adapter->AdapterHandle;
        NET_BUFFER_LIST_MINIPORT_RESERVED(Buffer->Nbl)[0] = Buffer;
        Buffer->WithNdis = FALSE;
    }

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
SocFreeReceiveNbls(
    PSOC_ADAPTER Adapter
    )
{
    ULONG i;

    PAGED_CODE();

    for (i = 0; i < SOC_RX_RING_SIZE; i++)
    {
        PSOC_RX_BUFFER Buffer = &Adapter->RxBuffers[i];

        ASSERT(!Buffer->WithNdis);

        if (Buffer->Nbl != NULL)
        {
            NdisFreeNetBufferList(Buffer->Nbl);
            Buffer->Nbl = NULL;
        }
        if (Buffer->Mdl != NULL)
        {
            NdisFreeMdl(Buffer->Mdl);
            Buffer->Mdl = NULL;
        }
    }

    if (Adapter->RxNblPool != NULL)
    {
        NdisFreeNetBufferListPool(Adapter->RxNblPool);
        Adapter->RxNblPool = NULL;
    }
}

static
VOID
SocGiveBufferToDevice(
    _In_ PSOC_ADAPTER Adapter,
    _In_ ULONG Index
    )
{
    PSOC_RX_DESC Descriptor = &Adapter->RxRing[Index];

    Descriptor->BufferAddress = (ULONG64)Adapter->RxBuffers[Index].PhysicalAddress.QuadPart;
    Descriptor->Length = 0;
    Descriptor->VlanTag = 0;
    KeMemoryBarrier();
    Descriptor->Status = SOC_DESC_OWN;
}

VOID
SocInitializeReceiveRing(
    _In_ PSOC_ADAPTER Adapter
    )
/*++
    Every buffer not with NDIS goes to the device.
--*/
{
    ULONG i;

    NdisAcquireSpinLock(&Adapter->RxLock);
    for (i = 0; i < SOC_RX_RING_SIZE; i++)
    {
        if (!Adapter->RxBuffers[i].WithNdis)
        {
            SocGiveBufferToDevice(Adapter, i);
        }
    }
    Adapter->RxNextToCheck = 0;
    Adapter->RxNextToRefill = 0;
    Adapter->RxToRefill = 0;
    NdisReleaseSpinLock(&Adapter->RxLock);

    SocWriteRegister(Adapter, SOC_REG_RX_TAIL, SOC_RX_RING_SIZE - 1);
}

static
VOID
SocRefillLocked(
    _In_ PSOC_ADAPTER Adapter
    )
/*++
    Caller holds RxLock.  Hands back, in ring order, every consumed
    descriptor whose buffer is home again.
--*/
{
    ULONG Refilled = 0;

    while (Adapter->RxToRefill != 0)
    {
        ULONG Index = Adapter->RxNextToRefill;

        if (Adapter->RxBuffers[Index].WithNdis)
        {
            break;
        }
        SocGiveBufferToDevice(Adapter, Index);
        Adapter->RxNextToRefill = SocRingNext(Index, SOC_RX_RING_SIZE);
        Adapter->RxToRefill--;
        Refilled++;
    }

    if (Refilled != 0)
    {
        SocWriteRegister(Adapter, SOC_REG_RX_TAIL,
                         (Adapter->RxNextToRefill + SOC_RX_RING_SIZE - 1) & (SOC_RX_RING_SIZE - 1));
    }
}

static
VOID
SocSetReceiveInfo(
    _In_ PSOC_ADAPTER Adapter,
    _In_ PNET_BUFFER_LIST Nbl,
    _In_ const SOC_RX_DESC *Descriptor
    )
/*++
    Out-of-band data of a received frame: the stripped 802.1Q tag and the
    checksum verdicts.
--*/
{
    NDIS_NET_BUFFER_LIST_8021Q_INFO             Ieee8021q;
    NDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO   Checksum;
    ULONG                                       Status = Descriptor->Status;

    Ieee8021q.Value = NULL;
    if ((Status & SOC_RXD_VLAN) && Adapter->PriorityVlanTag)
    {
        Ieee8021q.TagHeader.UserPriority = (Descriptor->VlanTag >> 13) & 0x7;
        Ieee8021q.TagHeader.CanonicalFormatId = 0;
        Ieee8021q.TagHeader.VlanId = Descriptor->VlanTag & 0x0FFF;
    }
    NET_BUFFER_LIST_INFO(Nbl, Ieee8021QNetBufferListInfo) = Ieee8021q.Value;

    Checksum.Value = NULL;
    if (Adapter->RxChecksumEnabled && (Status & SOC_RXD_IPV4))
    {
        if (Status & SOC_RXD_IP_CSUM_BAD)
        {
            Checksum.Receive.IpChecksumFailed = 1;
        }
        else if (Status & SOC_RXD_IP_CSUM_OK)
        {
            Checksum.Receive.IpChecksumSucceeded = 1;
        }

        if (Status & SOC_RXD_TCP)
        {
            if (Status & SOC_RXD_L4_CSUM_BAD)
            {
                Checksum.Receive.TcpChecksumFailed = 1;
            }
            else if (Status & SOC_RXD_L4_CSUM_OK)
            {
                Checksum.Receive.TcpChecksumSucceeded = 1;
            }
        }
        else if (Status & SOC_RXD_UDP)
        {
            if (Status & SOC_RXD_L4_CSUM_BAD)
            {
                Checksum.Receive.UdpChecksumFailed = 1;
            }
            else if (Status & SOC_RXD_L4_CSUM_OK)
            {
                Checksum.Receive.UdpChecksumSucceeded = 1;
            }
        }
    }
    NET_BUFFER_LIST_INFO(Nbl, TcpIpChecksumNetBufferListInfo) = Checksum.Value;
}

static
VOID
SocCountReceive(
    _In_ PSOC_ADAPTER Adapter,
    _In_reads_bytes_(Length) const UCHAR *Frame,
    _In_ ULONG Length
    )
{
    if (ETH_IS_BROADCAST(Frame))
    {
        InterlockedIncrement64(&Adapter->Counters.RxBroadcastFrames);
        InterlockedAdd64(&Adapter->Counters.RxBroadcastBytes, Length);
    }
    else if (ETH_IS_MULTICAST(Frame))
    {
        InterlockedIncrement64(&Adapter->Counters.RxMulticastFrames);
        InterlockedAdd64(&Adapter->Counters.RxMulticastBytes, Length);
    }
    else
    {
        InterlockedIncrement64(&Adapter->Counters.RxDirectedFrames);
        InterlockedAdd64(&Adapter->Counters.RxDirectedBytes, Length);
    }
}

_Use_decl_annotations_
BOOLEAN
SocIndicateReceives(
    PSOC_ADAPTER    Adapter,
    ULONG           MaxNbls
    )
/*++

Routine Description:

    From the interrupt DPC: indicate up to MaxNbls completed frames (the
    receive throttle of NDIS 6.20+).

Return Value:

    TRUE if completed frames remain in the ring.

--*/
{
    PNET_BUFFER_LIST    Head = NULL;
    PNET_BUFFER_LIST    Tail = NULL;
    ULONG               Count = 0;
    ULONG               Flags = NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL;
    BOOLEAN             More = FALSE;
    ULONG               Free = 0;
    ULONG               i;

    NdisDprAcquireSpinLock(&Adapter->RxLock);

    while (TRUE)
    {
        ULONG           Index = Adapter->RxNextToCheck;
        PSOC_RX_DESC    Descriptor = &Adapter->RxRing[Index];
        PSOC_RX_BUFFER  Buffer = &Adapter->RxBuffers[Index];
        ULONG           Status = Descriptor->Status;
        ULONG           Length;

        if ((Status & SOC_DESC_OWN) || !(Status & SOC_RXD_DONE) || Buffer->WithNdis)
        {
            break;
        }
        if (Count >= MaxNbls)
        {
            More = TRUE;
            break;
        }

        Adapter->RxNextToCheck = SocRingNext(Index, SOC_RX_RING_SIZE);
        Adapter->RxToRefill++;
        Length = Descriptor->Length;

        if ((Status & (SOC_RXD_ERROR | SOC_RXD_CRC_ERROR)) ||
            Length < SOC_ETH_HEADER_SIZE || Length > SOC_RX_BUFFER_SIZE ||
            Adapter->State != SocStateRunning)
        {
            if (Status & (SOC_RXD_ERROR | SOC_RXD_CRC_ERROR))
            {
                InterlockedIncrement64(&Adapter->Counters.RxErrors);
            }
            else
            {
                InterlockedIncrement64(&Adapter->Counters.RxDiscards);
            }
            Descriptor->Status = 0;
            continue;
        }

        NET_BUFFER_DATA_LENGTH(NET_BUFFER_LIST_FIRST_NB(Buffer->Nbl)) = Length;
        NET_BUFFER_LIST_NEXT_NBL(Buffer->Nbl) = NULL;
        SocSetReceiveInfo(Adapter, Buffer->Nbl, Descriptor);
        SocCountReceive(Adapter, (const UCHAR *)Buffer->VirtualAddress, Length);

        Buffer->WithNdis = TRUE;
        Descriptor->Status = 0;

        if (Head == NULL)
        {
            Head = Buffer->Nbl;
        }
        else
        {
            NET_BUFFER_LIST_NEXT_NBL(Tail) = Buffer->Nbl;
        }
        Tail = Buffer->Nbl;
        Count++;
    }

    SocRefillLocked(Adapter);

    for (i = 0; i < SOC_RX_RING_SIZE; i++)
    {
        if (!Adapter->RxBuffers[i].WithNdis)
        {
            Free++;
        }
    }

    NdisDprReleaseSpinLock(&Adapter->RxLock);

    if (Count != 0)
    {
        InterlockedAdd(&Adapter->RxWithNdis, (LONG)Count);

        //
        // With a quarter of the ring left, NDIS must copy and give the
        // buffers back at once.
        //
        if (Free < SOC_RX_RING_SIZE / 4)
        {
            Flags |= NDIS_RECEIVE_FLAGS_RESOURCES;
        }

        NdisMIndicateReceiveNetBufferLists(Adapter->AdapterHandle, Head,
                                           NDIS_DEFAULT_PORT_NUMBER, Count, Flags);

        if (Flags & NDIS_RECEIVE_FLAGS_RESOURCES)
        {
            SocReturnNetBufferLists(Adapter, Head, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
        }
    }

    return More;
}

_Use_decl_annotations_
VOID
SocReturnNetBufferLists(
    NDIS_HANDLE         MiniportAdapterContext,
    PNET_BUFFER_LIST    NetBufferLists,
    ULONG               ReturnFlags
    )
{
    PSOC_ADAPTER        Adapter = (PSOC_ADAPTER)MiniportAdapterContext;
    PNET_BUFFER_LIST    Nbl, Next;
    BOOLEAN             AtDispatch = (BOOLEAN)NDIS_TEST_RETURN_AT_DISPATCH_LEVEL(ReturnFlags);
    LONG                Returned = 0;

    if (AtDispatch)
    {
        NdisDprAcquireSpinLock(&Adapter->RxLock);
    }
    else
    {
        NdisAcquireSpinLock(&Adapter->RxLock);
    }

    for (Nbl = NetBufferLists; Nbl != NULL; Nbl = Next)
    {
        PSOC_RX_BUFFER Buffer = (PSOC_RX_BUFFER)NET_BUFFER_LIST_MINIPORT_RESERVED(Nbl)[0];

        Next = NET_BUFFER_LIST_NEXT_NBL(Nbl);
        NET_BUFFER_LIST_NEXT_NBL(Nbl) = NULL;

        ASSERT(Buffer->Nbl == Nbl && Buffer->WithNdis);

        NET_BUFFER_DATA_LENGTH(NET_BUFFER_LIST_FIRST_NB(Nbl)) = SOC_RX_BUFFER_SIZE;
        Buffer->WithNdis = FALSE;
        Returned++;
    }

    if (Adapter->State == SocStateRunning)
    {
        SocRefillLocked(Adapter);
    }

    if (AtDispatch)
    {
        NdisDprReleaseSpinLock(&Adapter->RxLock);
    }
    else
    {
        NdisReleaseSpinLock(&Adapter->RxLock);
    }

    InterlockedAdd(&Adapter->RxWithNdis, -Returned);
    SocTryCompletePause(Adapter);
}
