/*++

Module Name:

    hw.h

Abstract:

    Register map and DMA descriptor formats of the SNC-1G Ethernet MAC found
    in the SoC families socenet supports (integrated PCIe endpoint, BAR0 =
    MAC registers, optional BAR2 = MAC statistics window), and its MDIO
    attached PHY.

--*/

#pragma once

#ifndef _SOCENET_HW_H_
#define _SOCENET_HW_H_

//
// PCI identity.
//
#define SOC_PCI_VENDOR_ID               0x1F7C
#define SOC_PCI_DEVICE_ID_1G            0x5E01
#define SOC_PCI_DEVICE_ID_1G_LP         0x5E02
#define SOC_PCI_MIN_REVISION            0x02

//
// BAR0 registers (32-bit, little-endian).
//
#define SOC_REG_CTRL                    0x000
#define     SOC_CTRL_RESET              0x00000001
#define     SOC_CTRL_TX_ENABLE          0x00000002
#define     SOC_CTRL_RX_ENABLE          0x00000004
#define     SOC_CTRL_PROMISCUOUS        0x00000008
#define     SOC_CTRL_ALL_MULTICAST      0x00000010
#define     SOC_CTRL_BROADCAST          0x00000020
#define     SOC_CTRL_MULTICAST_HASH     0x00000040
#define     SOC_CTRL_VLAN_STRIP         0x00000080
#define     SOC_CTRL_RX_CHECKSUM        0x00000100
#define     SOC_CTRL_JUMBO              0x00000200
#define SOC_REG_STATUS                  0x004
#define     SOC_STATUS_LINK_UP          0x00000001
#define     SOC_STATUS_SPEED_MASK       0x00000006
#define     SOC_STATUS_SPEED_10         0x00000000
#define     SOC_STATUS_SPEED_100        0x00000002
#define     SOC_STATUS_SPEED_1000       0x00000004
#define     SOC_STATUS_FULL_DUPLEX      0x00000008
#define     SOC_STATUS_RESET_BUSY       0x80000000
#define SOC_REG_INT_STATUS              0x008       // write 1 to clear
#define SOC_REG_INT_MASK                0x00C       // 1 = enabled
#define     SOC_INT_TX_DONE             0x00000001
#define     SOC_INT_RX_DONE             0x00000002
#define     SOC_INT_LINK_CHANGE         0x00000004
#define     SOC_INT_RX_NO_BUFFER        0x00000008
#define     SOC_INT_DMA_ERROR           0x00000010
#define     SOC_INT_ALL                 0x0000001F
#define SOC_REG_MAC_LOW                 0x010       // bytes 0..3
#define SOC_REG_MAC_HIGH                0x014       // bytes 4..5
#define SOC_REG_MCAST_HASH_LOW          0x018
#define SOC_REG_MCAST_HASH_HIGH         0x01C
#define SOC_REG_TX_RING_LOW             0x020
#define SOC_REG_TX_RING_HIGH            0x024
#define SOC_REG_TX_RING_SIZE            0x028
#define SOC_REG_TX_TAIL                 0x02C       // doorbell
#define SOC_REG_TX_HEAD                 0x030       // read only
#define SOC_REG_RX_RING_LOW             0x040
#define SOC_REG_RX_RING_HIGH            0x044
#define SOC_REG_RX_RING_SIZE            0x048
#define SOC_REG_RX_TAIL                 0x04C
#define SOC_REG_RX_HEAD                 0x050
#define SOC_REG_RX_BUFFER_SIZE          0x054
#define SOC_REG_STATS_ADDR_LOW          0x060       // 32-bit DMA engine
#define SOC_REG_STATS_CTRL              0x068
#define     SOC_STATS_CTRL_DUMP         0x00000001
#define     SOC_STATS_CTRL_CLEAR        0x00000002
#define SOC_REG_MDIO_CMD                0x070
#define     SOC_MDIO_DATA_MASK          0x0000FFFF
#define     SOC_MDIO_REG_SHIFT          16
#define     SOC_MDIO_PHY_SHIFT          21
#define     SOC_MDIO_READ               0x04000000
#define     SOC_MDIO_WRITE              0x08000000
#define     SOC_MDIO_BUSY               0x80000000
#define SOC_REG_MDIO_DATA               0x074
#define SOC_REG_VERSION                 0x0FC

#define SOC_REGISTER_SPACE              0x100
#define SOC_STATS_WINDOW_SPACE          0x100

//
// PHY (IEEE 802.3 clause 22).
//
#define PHY_REG_BMCR                    0x00
#define     PHY_BMCR_RESET              0x8000
#define     PHY_BMCR_AUTONEG_ENABLE     0x1000
#define     PHY_BMCR_RESTART_AUTONEG    0x0200
#define PHY_REG_BMSR                    0x01
#define     PHY_BMSR_LINK_STATUS        0x0004
#define     PHY_BMSR_AUTONEG_COMPLETE   0x0020
#define PHY_REG_ID1                     0x02
#define PHY_REG_ID2                     0x03

#define SOC_MDIO_POLL_US                5
#define SOC_MDIO_POLL_COUNT             40          // 200 us at most
#define SOC_RESET_POLL_US               10
#define SOC_RESET_POLL_COUNT            100

//
// DMA descriptors.  Both rings are arrays of 16-byte descriptors in
// shared memory; the device owns a descriptor while SOC_DESC_OWN is set.
//
#define SOC_DESC_OWN                    0x80000000

#define SOC_TXD_EOP                     0x00000001
#define SOC_TXD_SOP                     0x00000002
#define SOC_TXD_INSERT_VLAN             0x00000004
#define SOC_TXD_INTERRUPT               0x00000008

#define SOC_RXD_DONE                    0x00000001
#define SOC_RXD_ERROR                   0x00000002
#define SOC_RXD_VLAN                    0x00000004
#define SOC_RXD_IPV4                    0x00000008
#define SOC_RXD_IP_CSUM_OK              0x00000010
#define SOC_RXD_IP_CSUM_BAD             0x00000020
#define SOC_RXD_TCP                     0x00000040
#define SOC_RXD_UDP                     0x00000080
#define SOC_RXD_L4_CSUM_OK              0x00000100
#define SOC_RXD_L4_CSUM_BAD             0x00000200
#define SOC_RXD_CRC_ERROR               0x00000400

typedef struct _SOC_TX_DESC
{
    ULONG64     BufferAddress;
    USHORT      Length;
    USHORT      VlanTag;
    ULONG       Flags;
} SOC_TX_DESC, *PSOC_TX_DESC;

typedef struct _SOC_RX_DESC
{
    ULONG64     BufferAddress;
    USHORT      Length;         // written by the device
    USHORT      VlanTag;        // written by the device (SOC_RXD_VLAN)
    ULONG       Status;
} SOC_RX_DESC, *PSOC_RX_DESC;

C_ASSERT(sizeof(SOC_TX_DESC) == 16);
C_ASSERT(sizeof(SOC_RX_DESC) == 16);
C_ASSERT(FIELD_OFFSET(SOC_RX_DESC, Status) == 12);

//
// Counters the MAC dumps into host memory (SOC_REG_STATS_CTRL_DUMP).
//
typedef struct _SOC_HW_STATS
{
    ULONG64     RxCrcErrors;
    ULONG64     RxAlignmentErrors;
    ULONG64     RxMissed;
    ULONG64     RxOversize;
    ULONG64     TxSingleCollisions;
    ULONG64     TxMultipleCollisions;
    ULONG64     TxUnderruns;
    ULONG64     Reserved[9];
} SOC_HW_STATS, *PSOC_HW_STATS;

C_ASSERT(sizeof(SOC_HW_STATS) == 128);

//
// The Ethernet header as it sits in a frame.
//
#include <pshpack1.h>
typedef struct _SOC_ETH_HEADER
{
    UCHAR       Destination[6];
    UCHAR       Source[6];
    USHORT      EtherType;      // network byte order
} SOC_ETH_HEADER, *PSOC_ETH_HEADER;
#include <poppack.h>

C_ASSERT(sizeof(SOC_ETH_HEADER) == 14);

#endif // _SOCENET_HW_H_
