/*++

Module Name:

    hw.c

Abstract:

    SNC-1G MAC and PHY programming: reset, ring setup, receive filter,
    MDIO access (polled with KeStallExecutionProcessor), link state, and
    hardware counters.

--*/

#include "socenet.h"

#pragma alloc_text(PAGE, SocResetHardware)

_Use_decl_annotations_
BOOLEAN
SocMdioRead(
    PSOC_ADAPTER    Adapter,
    ULONG           Register,
    PUSHORT         Value
    )
{
    ULONG Command;
    ULONG i;

    SocWriteRegister(Adapter, SOC_REG_MDIO_CMD,
                     SOC_MDIO_READ |
                     (Adapter->PhyAddress << SOC_MDIO_PHY_SHIFT) |
                     (Register << SOC_MDIO_REG_SHIFT));

    for (i = 0; i < SOC_MDIO_POLL_COUNT; i++)
    {
        KeStallExecutionProcessor(SOC_MDIO_POLL_US);
        Command = SocReadRegister(Adapter, SOC_REG_MDIO_CMD);
        if (!(Command & SOC_MDIO_BUSY))
        {
            *Value = (USHORT)(SocReadRegister(Adapter, SOC_REG_MDIO_DATA) & SOC_MDIO_DATA_MASK);
            return TRUE;
        }
    }

    *Value = 0xFFFF;
    return FALSE;
}

_Use_decl_annotations_
BOOLEAN
SocMdioWrite(
    PSOC_ADAPTER    Adapter,
    ULONG           Register,
    USHORT          Value
    )
{
    ULONG i;

    SocWriteRegister(Adapter, SOC_REG_MDIO_CMD,
                     SOC_MDIO_WRITE |
                     (Adapter->PhyAddress << SOC_MDIO_PHY_SHIFT) |
                     (Register << SOC_MDIO_REG_SHIFT) |
                     Value);

    for (i = 0; i < SOC_MDIO_POLL_COUNT; i++)
    {
        KeStallExecutionProcessor(SOC_MDIO_POLL_US);
        if (!(SocReadRegister(Adapter, SOC_REG_MDIO_CMD) & SOC_MDIO_BUSY))
        {
            return TRUE;
        }
    }
    return FALSE;
}

_Use_decl_annotations_
NDIS_STATUS
SocResetHardware(
    PSOC_ADAPTER Adapter
    )
/*++
    Resets the MAC, checks the PHY answers, starts auto-negotiation and
    programs the address, rings and counter block.  The MAC is left with
    interrupts masked and both engines off.
--*/
{
    ULONG   i;
    ULONG   Status;
    USHORT  PhyId1 = 0, PhyId2 = 0;
    USHORT  Bmcr;

    PAGED_CODE();

    SocWriteRegister(Adapter, SOC_REG_INT_MASK, 0);
    SocWriteRegister(Adapter, SOC_REG_CTRL, SOC_CTRL_RESET);

    for (i = 0; i < SOC_RESET_POLL_COUNT; i++)
    {
        KeStallExecutionProcessor(SOC_RESET_POLL_US);
        Status = SocReadRegister(Adapter, SOC_REG_STATUS);
        if (!(Status & SOC_STATUS_RESET_BUSY))
        {
            break;
        }
    }
    if (i == SOC_RESET_POLL_COUNT)
    {
        DEBUGP(SOC_ERROR, "MAC reset did not finish\n");
        return NDIS_STATUS_HARD_ERRORS;
    }

    if (!SocMdioRead(Adapter, PHY_REG_ID1, &PhyId1) ||
        !SocMdioRead(Adapter, PHY_REG_ID2, &PhyId2) ||
        PhyId1 == 0xFFFF)
    {
        DEBUGP(SOC_ERROR, "no PHY at MDIO address %u\n", Adapter->PhyAddress);
        return NDIS_STATUS_HARD_ERRORS;
    }
    DEBUGP(SOC_INFO, "PHY %04x:%04x at %u, MAC version 0x%08x\n",
           PhyId1, PhyId2, Adapter->PhyAddress, SocReadRegister(Adapter, SOC_REG_VERSION));

    if (SocMdioRead(Adapter, PHY_REG_BMCR, &Bmcr))
    {
        Bmcr |= PHY_BMCR_AUTONEG_ENABLE | PHY_BMCR_RESTART_AUTONEG;
        (VOID)SocMdioWrite(Adapter, PHY_REG_BMCR, Bmcr);
    }

    //
    // Station address.
    //
    SocWriteRegister(Adapter, SOC_REG_MAC_LOW,
                     (ULONG)Adapter->CurrentAddress[0] |
                     ((ULONG)Adapter->CurrentAddress[1] << 8) |
                     ((ULONG)Adapter->CurrentAddress[2] << 16) |
                     ((ULONG)Adapter->CurrentAddress[3] << 24));
    SocWriteRegister(Adapter, SOC_REG_MAC_HIGH,
                     (ULONG)Adapter->CurrentAddress[4] |
                     ((ULONG)Adapter->CurrentAddress[5] << 8));

    //
    // Rings.
    //
    SocWriteRegister(Adapter, SOC_REG_TX_RING_LOW, Adapter->TxRingPhysical.LowPart);
    SocWriteRegister(Adapter, SOC_REG_TX_RING_HIGH, (ULONG)Adapter->TxRingPhysical.HighPart);
    SocWriteRegister(Adapter, SOC_REG_TX_RING_SIZE, SOC_TX_RING_SIZE);
    SocWriteRegister(Adapter, SOC_REG_TX_TAIL, 0);

    SocWriteRegister(Adapter, SOC_REG_RX_RING_LOW, Adapter->RxRingPhysical.LowPart);
    SocWriteRegister(Adapter, SOC_REG_RX_RING_HIGH, (ULONG)Adapter->RxRingPhysical.HighPart);
    SocWriteRegister(Adapter, SOC_REG_RX_RING_SIZE, SOC_RX_RING_SIZE);
    SocWriteRegister(Adapter, SOC_REG_RX_BUFFER_SIZE, SOC_RX_BUFFER_SIZE);

    SocWriteRegister(Adapter, SOC_REG_STATS_ADDR_LOW, Adapter->HwStatsPhysical.LowPart);
    SocWriteRegister(Adapter, SOC_REG_STATS_CTRL, SOC_STATS_CTRL_CLEAR);

    SocInitializeReceiveRing(Adapter);

    return NDIS_STATUS_SUCCESS;
}

VOID
SocStartHardware(
    _In_ PSOC_ADAPTER Adapter
    )
{
    Adapter->InterruptMask = SOC_INT_ALL;
    SocProgramReceiveFilter(Adapter);
    SocWriteRegister(Adapter, SOC_REG_INT_STATUS, SOC_INT_ALL);
    SocWriteRegister(Adapter, SOC_REG_INT_MASK, Adapter->InterruptMask);
}

VOID
SocStopHardware(
    _In_ PSOC_ADAPTER Adapter
    )
{
    SocWriteRegister(Adapter, SOC_REG_INT_MASK, 0);
    SocWriteRegister(Adapter, SOC_REG_CTRL, 0);
    SocWriteRegister(Adapter, SOC_REG_INT_STATUS, SOC_INT_ALL);
}

static
ULONG
SocMulticastHashBit(
    _In_reads_bytes_(ETH_LENGTH_OF_ADDRESS) const UCHAR *Address
    )
{
    ULONG Crc = 0xFFFFFFFF;
    ULONG i, Bit;

    for (i = 0; i < ETH_LENGTH_OF_ADDRESS; i++)
    {
        ULONG Byte = Address[i];
        for (Bit = 0; Bit < 8; Bit++, Byte >>= 1)
        {
            Crc = (Crc >> 1) ^ (((Crc ^ Byte) & 1) ? 0xEDB88320 : 0);
        }
    }
    return Crc >> 26;
}

VOID
SocProgramReceiveFilter(
    _In_ PSOC_ADAPTER Adapter
    )
/*++
    Packet filter and multicast hash into CTRL and the hash registers.
--*/
{
    ULONG   Control;
    ULONG64 Hash = 0;
    ULONG   i;
    ULONG   Filter = Adapter->PacketFilter;

    Control = SocReadRegister(Adapter, SOC_REG_CTRL);
    Control &= ~(SOC_CTRL_PROMISCUOUS | SOC_CTRL_ALL_MULTICAST | SOC_CTRL_BROADCAST |
                 SOC_CTRL_MULTICAST_HASH | SOC_CTRL_VLAN_STRIP | SOC_CTRL_RX_CHECKSUM);

    if (Filter & NDIS_PACKET_TYPE_PROMISCUOUS)
    {
        Control |= SOC_CTRL_PROMISCUOUS;
    }
    if (Filter & NDIS_PACKET_TYPE_ALL_MULTICAST)
    {
        Control |= SOC_CTRL_ALL_MULTICAST;
    }
    if (Filter & NDIS_PACKET_TYPE_BROADCAST)
    {
        Control |= SOC_CTRL_BROADCAST;
    }
    if (Filter & NDIS_PACKET_TYPE_MULTICAST)
    {
        for (i = 0; i < Adapter->MulticastCount; i++)
        {
            Hash |= 1ULL << SocMulticastHashBit(Adapter->MulticastList[i]);
        }
        Control |= SOC_CTRL_MULTICAST_HASH;
    }
    if (Adapter->PriorityVlanTag)
    {
        Control |= SOC_CTRL_VLAN_STRIP;
    }
    if (Adapter->RxChecksumEnabled)
    {
        Control |= SOC_CTRL_RX_CHECKSUM;
    }

    SocWriteRegister(Adapter, SOC_REG_MCAST_HASH_LOW, (ULONG)Hash);
    SocWriteRegister(Adapter, SOC_REG_MCAST_HASH_HIGH, (ULONG)(Hash >> 32));
    SocWriteRegister(Adapter, SOC_REG_CTRL, Control);
}

_Use_decl_annotations_
VOID
SocUpdateLinkState(
    PSOC_ADAPTER    Adapter,
    BOOLEAN         Indicate
    )
/*++
    Reads the MAC's view of the PHY; with Indicate, reports a change to
    NDIS with NDIS_STATUS_LINK_STATE.
--*/
{
    ULONG                       Status = SocReadRegister(Adapter, SOC_REG_STATUS);
    NDIS_MEDIA_CONNECT_STATE    NewState;
    ULONG64                     Speed;
    NDIS_LINK_STATE             LinkState;
    NDIS_STATUS_INDICATION      Indication;

    if (Status & SOC_STATUS_LINK_UP)
    {
        NewState = MediaConnectStateConnected;
        switch (Status & SOC_STATUS_SPEED_MASK)
        {
            case SOC_STATUS_SPEED_10:   Speed = 10000000ULL;    break;
            case SOC_STATUS_SPEED_100:  Speed = 100000000ULL;   break;
            case SOC_STATUS_SPEED_1000: Speed = 1000000000ULL;  break;
            default:
                //
                // Reserved encoding: the MAC never reports it.
                //
                KeBugCheckEx(SOC_BUGCHECK_CODE, 2, (ULONG_PTR)Adapter, Status, 0);
        }
        Adapter->DuplexState = (Status & SOC_STATUS_FULL_DUPLEX) ? MediaDuplexStateFull : MediaDuplexStateHalf;
    }
    else
    {
        NewState = MediaConnectStateDisconnected;
        Speed = NDIS_LINK_SPEED_UNKNOWN;
        Adapter->DuplexState = MediaDuplexStateUnknown;
    }

    if (NewState == Adapter->MediaState && Speed == Adapter->LinkSpeed)
    {
        return;
    }

    Adapter->MediaState = NewState;
    Adapter->LinkSpeed = Speed;

    if (!Indicate)
    {
        return;
    }

    NdisZeroMemory(&LinkState, sizeof(LinkState));
    LinkState.Header.Type       = NDIS_OBJECT_TYPE_DEFAULT;
    LinkState.Header.Revision   = NDIS_LINK_STATE_REVISION_1;
    LinkState.Header.Size       = NDIS_SIZEOF_LINK_STATE_REVISION_1;
    LinkState.MediaConnectState = NewState;
    LinkState.MediaDuplexState  = Adapter->DuplexState;
    LinkState.XmitLinkSpeed     = Speed;
    LinkState.RcvLinkSpeed      = Speed;
    LinkState.PauseFunctions    = NdisPauseFunctionsSendAndReceive;
    LinkState.AutoNegotiationFlags = NDIS_LINK_STATE_XMIT_LINK_SPEED_AUTO_NEGOTIATED |
                                     NDIS_LINK_STATE_RCV_LINK_SPEED_AUTO_NEGOTIATED |
                                     NDIS_LINK_STATE_DUPLEX_AUTO_NEGOTIATED;

    NdisZeroMemory(&Indication, sizeof(Indication));
    Indication.Header.Type      = NDIS_OBJECT_TYPE_STATUS_INDICATION;
    Indication.Header.Revision  = NDIS_STATUS_INDICATION_REVISION_1;
    Indication.Header.Size      = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
    Indication.SourceHandle     = Adapter->AdapterHandle;
    Indication.StatusCode       = NDIS_STATUS_LINK_STATE;
    Indication.StatusBuffer     = &LinkState;
    Indication.StatusBufferSize = sizeof(LinkState);

    NdisMIndicateStatusEx(Adapter->AdapterHandle, &Indication);
}

VOID
SocDumpHardwareStatistics(
    _In_ PSOC_ADAPTER Adapter
    )
/*++
    Asks the MAC to DMA its counters into Adapter->HwStats (a few
    microseconds).  With the LP variant's statistics window the counters
    are read from registers instead.
--*/
{
    ULONG i;

    if (Adapter->StatsWindow != NULL)
    {
        READ_REGISTER_BUFFER_ULONG((volatile ULONG *)Adapter->StatsWindow,
                                   (PULONG)Adapter->HwStats,
                                   sizeof(SOC_HW_STATS) / sizeof(ULONG));
        return;
    }

    SocWriteRegister(Adapter, SOC_REG_STATS_CTRL, SOC_STATS_CTRL_DUMP);
    for (i = 0; i < 10; i++)
    {
        KeStallExecutionProcessor(2);
        if (!(SocReadRegister(Adapter, SOC_REG_STATS_CTRL) & SOC_STATS_CTRL_DUMP))
        {
            break;
        }
    }
    KeMemoryBarrier();
}

_Use_decl_annotations_
VOID
SocLinkDpc(
    PKDPC   Dpc,
    PVOID   DeferredContext,
    PVOID   SystemArgument1,
    PVOID   SystemArgument2
    )
/*++
    Queued by the interrupt DPC (KeInsertQueueDpc) on LINK_CHANGE.
--*/
{
    PSOC_ADAPTER Adapter = (PSOC_ADAPTER)DeferredContext;
    USHORT       Bmsr;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    //
    // BMSR latches link-down: read it twice for the current state.
    //
    (VOID)SocMdioRead(Adapter, PHY_REG_BMSR, &Bmsr);
    if (SocMdioRead(Adapter, PHY_REG_BMSR, &Bmsr))
    {
        DEBUGP(SOC_INFO, "PHY BMSR 0x%04x (link %s, autoneg %s)\n", Bmsr,
               (Bmsr & PHY_BMSR_LINK_STATUS) ? "up" : "down",
               (Bmsr & PHY_BMSR_AUTONEG_COMPLETE) ? "complete" : "running");
    }

    SocUpdateLinkState(Adapter, (BOOLEAN)(Adapter->State != SocStateHalted));
}
