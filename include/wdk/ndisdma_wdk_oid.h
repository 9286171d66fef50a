/*
 * ndisdma WDK compatibility headers: media and interface enumerations, link
 * state, packet filters, MAC options and the common OIDs (power management:
 * ndisdma_wdk_pm.h).
 *
 * Included by ndis.h; drivers never include it directly.
 *
 * Clean-room: written from the spec, the facts file and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_OID_H
#define NDISDMA_WDK_OID_H

#include "ndisdma_wdk_base.h"
#include "ndisdma_wdk_pm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- media ----------------------------------------------------------------- */
typedef enum _NDIS_MEDIUM {
    NdisMedium802_3 = 0,
    NdisMedium802_5 = 1,
    NdisMediumFddi = 2,
    NdisMediumWan = 3,
    NdisMediumLocalTalk = 4,
    NdisMediumDix = 5,
    NdisMediumArcnetRaw = 6,
    NdisMediumArcnet878_2 = 7,
    NdisMediumAtm = 8,
    NdisMediumWirelessWan = 9,
    NdisMediumIrda = 10,
    NdisMediumBpc = 11,
    NdisMediumCoWan = 12,
    NdisMedium1394 = 13,
    NdisMediumInfiniBand = 14,
    NdisMediumTunnel = 15,
    NdisMediumNative802_11 = 16,
    NdisMediumLoopback = 17,
    NdisMediumWiMAX = 18,
    NdisMediumIP = 19,
    NdisMediumMax
} NDIS_MEDIUM, *PNDIS_MEDIUM;

typedef enum _NDIS_PHYSICAL_MEDIUM {
    NdisPhysicalMediumUnspecified = 0,
    NdisPhysicalMediumWirelessLan = 1,
    NdisPhysicalMediumCableModem = 2,
    NdisPhysicalMediumPhoneLine = 3,
    NdisPhysicalMediumPowerLine = 4,
    NdisPhysicalMediumDSL = 5,
    NdisPhysicalMediumFibreChannel = 6,
    NdisPhysicalMedium1394 = 7,
    NdisPhysicalMediumWirelessWan = 8,
    NdisPhysicalMediumNative802_11 = 9,
    NdisPhysicalMediumBluetooth = 10,
    NdisPhysicalMediumInfiniband = 11,
    NdisPhysicalMediumWiMax = 12,
    NdisPhysicalMediumUWB = 13,
    NdisPhysicalMedium802_3 = 14,
    NdisPhysicalMedium802_5 = 15,
    NdisPhysicalMediumIrda = 16,
    NdisPhysicalMediumWiredWAN = 17,
    NdisPhysicalMediumWiredCoWan = 18,
    NdisPhysicalMediumOther = 19
} NDIS_PHYSICAL_MEDIUM, *PNDIS_PHYSICAL_MEDIUM;

typedef enum _NET_IF_MEDIA_CONNECT_STATE {
    MediaConnectStateUnknown = 0,
    MediaConnectStateConnected = 1,
    MediaConnectStateDisconnected = 2
} NET_IF_MEDIA_CONNECT_STATE, NDIS_MEDIA_CONNECT_STATE, *PNDIS_MEDIA_CONNECT_STATE;

typedef enum _NET_IF_MEDIA_DUPLEX_STATE {
    MediaDuplexStateUnknown = 0,
    MediaDuplexStateHalf = 1,
    MediaDuplexStateFull = 2
} NET_IF_MEDIA_DUPLEX_STATE, NDIS_MEDIA_DUPLEX_STATE, *PNDIS_MEDIA_DUPLEX_STATE;

typedef enum _NDIS_MEDIA_STATE {
    NdisMediaStateConnected = 0,
    NdisMediaStateDisconnected = 1
} NDIS_MEDIA_STATE, *PNDIS_MEDIA_STATE;

typedef enum _NDIS_HARDWARE_STATUS {
    NdisHardwareStatusReady = 0,
    NdisHardwareStatusInitializing = 1,
    NdisHardwareStatusReset = 2,
    NdisHardwareStatusClosing = 3,
    NdisHardwareStatusNotReady = 4
} NDIS_HARDWARE_STATUS, *PNDIS_HARDWARE_STATUS;

typedef enum _NDIS_SUPPORTED_PAUSE_FUNCTIONS {
    NdisPauseFunctionsUnsupported = 0,
    NdisPauseFunctionsSendOnly = 1,
    NdisPauseFunctionsReceiveOnly = 2,
    NdisPauseFunctionsSendAndReceive = 3,
    NdisPauseFunctionsUnknown = 4
} NDIS_SUPPORTED_PAUSE_FUNCTIONS, *PNDIS_SUPPORTED_PAUSE_FUNCTIONS;

/*
 * NET_IF_LINK_SPEED_UNKNOWN's value is not in the facts (§9): ndisdma uses
 * all-ones ULONG64, the value NDIS_LINK_STATE speeds can never reach.
 */
#define NET_IF_LINK_SPEED_UNKNOWN ((ULONG64)-1)
#define NDIS_LINK_SPEED_UNKNOWN   NET_IF_LINK_SPEED_UNKNOWN

/* ---- interface (IF-MIB) attributes ------------------------------------------- */
typedef enum _NET_IF_ACCESS_TYPE {
    NET_IF_ACCESS_LOOPBACK = 1,
    NET_IF_ACCESS_BROADCAST = 2,
    NET_IF_ACCESS_POINT_TO_POINT = 3,
    NET_IF_ACCESS_POINT_TO_MULTI_POINT = 4,
    NET_IF_ACCESS_MAXIMUM = 5
} NET_IF_ACCESS_TYPE, *PNET_IF_ACCESS_TYPE;

typedef enum _NET_IF_DIRECTION_TYPE {
    NET_IF_DIRECTION_SENDRECEIVE = 0,
    NET_IF_DIRECTION_SENDONLY = 1,
    NET_IF_DIRECTION_RECEIVEONLY = 2,
    NET_IF_DIRECTION_MAXIMUM = 3
} NET_IF_DIRECTION_TYPE, *PNET_IF_DIRECTION_TYPE;

typedef enum _NET_IF_CONNECTION_TYPE {
    NET_IF_CONNECTION_DEDICATED = 1,
    NET_IF_CONNECTION_PASSIVE = 2,
    NET_IF_CONNECTION_DEMAND = 3,
    NET_IF_CONNECTION_MAXIMUM = 4
} NET_IF_CONNECTION_TYPE, *PNET_IF_CONNECTION_TYPE;

#define IF_TYPE_OTHER             1
#define IF_TYPE_ETHERNET_CSMACD   6
#define IF_TYPE_SOFTWARE_LOOPBACK 24
#define IF_TYPE_IEEE80211         71

#define IF_MAX_PHYS_ADDRESS_LENGTH   32
#define NDIS_MAX_PHYS_ADDRESS_LENGTH IF_MAX_PHYS_ADDRESS_LENGTH

/* ---- Ethernet address macros (facts §6.12, xfilter.h semantics) ------------- */
#define ETH_LENGTH_OF_ADDRESS      6
#define ETHERNET_LENGTH_OF_ADDRESS 6

/* TRUE for a group address (broadcast included). */
#define ETH_IS_MULTICAST(Address) ((BOOLEAN)(((const UCHAR *)(Address))[0] & 0x01))
/* All six bytes 0xFF.  (Facts §9: one public header tests only the first
 * two; for any group address that differs, e.g. FF:FF:00:.., the six-byte
 * test is the one that says what "broadcast" means.) */
#define ETH_IS_BROADCAST(Address)                                        \
    ((BOOLEAN)((((const UCHAR *)(Address))[0] == 0xff) &&                \
               (((const UCHAR *)(Address))[1] == 0xff) &&                \
               (((const UCHAR *)(Address))[2] == 0xff) &&                \
               (((const UCHAR *)(Address))[3] == 0xff) &&                \
               (((const UCHAR *)(Address))[4] == 0xff) &&                \
               (((const UCHAR *)(Address))[5] == 0xff)))
/* ETH_IS_LOCALLY_ADMINISTERED is not here: the kernel headers do not define
 * it, drivers do (facts §6.12), and any definition here would clash with
 * theirs when the tokens differ. */
/* Statement-like (a braced block), as documented: six bytes from S to D. */
#define ETH_COPY_NETWORK_ADDRESS(_D, _S)                                  \
    {                                                                    \
        UCHAR *ndisdma_eth_d_ = (UCHAR *)(_D);                           \
        const UCHAR *ndisdma_eth_s_ = (const UCHAR *)(_S);               \
        ndisdma_eth_d_[0] = ndisdma_eth_s_[0];                           \
        ndisdma_eth_d_[1] = ndisdma_eth_s_[1];                           \
        ndisdma_eth_d_[2] = ndisdma_eth_s_[2];                           \
        ndisdma_eth_d_[3] = ndisdma_eth_s_[3];                           \
        ndisdma_eth_d_[4] = ndisdma_eth_s_[4];                           \
        ndisdma_eth_d_[5] = ndisdma_eth_s_[5];                           \
    }
/* *(_Result) = 0 when the two addresses are equal, 1 otherwise. */
#define ETH_COMPARE_NETWORK_ADDRESSES_EQ(_A, _B, _Result)                 \
    {                                                                    \
        const UCHAR *ndisdma_eth_a_ = (const UCHAR *)(_A);               \
        const UCHAR *ndisdma_eth_b_ = (const UCHAR *)(_B);               \
        *(_Result) = (ndisdma_eth_a_[0] != ndisdma_eth_b_[0] ||          \
                      ndisdma_eth_a_[1] != ndisdma_eth_b_[1] ||          \
                      ndisdma_eth_a_[2] != ndisdma_eth_b_[2] ||          \
                      ndisdma_eth_a_[3] != ndisdma_eth_b_[3] ||          \
                      ndisdma_eth_a_[4] != ndisdma_eth_b_[4] ||          \
                      ndisdma_eth_a_[5] != ndisdma_eth_b_[5]) ? 1 : 0;   \
    }

/* ---- link state (NdisMIndicateStatusEx with NDIS_STATUS_LINK_STATE) --------- */
typedef struct _NDIS_LINK_STATE {
    NDIS_OBJECT_HEADER             Header;   /* DEFAULT, REVISION_1 */
    NDIS_MEDIA_CONNECT_STATE       MediaConnectState;
    NDIS_MEDIA_DUPLEX_STATE        MediaDuplexState;
    ULONG64                        XmitLinkSpeed;
    ULONG64                        RcvLinkSpeed;
    NDIS_SUPPORTED_PAUSE_FUNCTIONS PauseFunctions;
    ULONG                          AutoNegotiationFlags;
} NDIS_LINK_STATE, *PNDIS_LINK_STATE;

#define NDIS_LINK_STATE_REVISION_1 1
#define NDIS_SIZEOF_LINK_STATE_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_LINK_STATE, AutoNegotiationFlags)

NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_LINK_STATE, MediaConnectState) == 4);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_LINK_STATE, MediaDuplexState) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_LINK_STATE, XmitLinkSpeed) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_LINK_STATE, RcvLinkSpeed) == 24);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_LINK_STATE, PauseFunctions) == 32);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_LINK_STATE, AutoNegotiationFlags) == 36);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_LINK_STATE) == 40);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_LINK_STATE_REVISION_1 == 40);

#define NDIS_LINK_STATE_XMIT_LINK_SPEED_AUTO_NEGOTIATED  0x00000001
#define NDIS_LINK_STATE_RCV_LINK_SPEED_AUTO_NEGOTIATED   0x00000002
#define NDIS_LINK_STATE_DUPLEX_AUTO_NEGOTIATED           0x00000004
#define NDIS_LINK_STATE_PAUSE_FUNCTIONS_AUTO_NEGOTIATED  0x00000008

/* ---- link parameters (OID_GEN_LINK_PARAMETERS set) --------------------------- */
typedef struct _NDIS_LINK_PARAMETERS {
    NDIS_OBJECT_HEADER             Header;   /* DEFAULT, REVISION_1 */
    NDIS_MEDIA_DUPLEX_STATE        MediaDuplexState;
    ULONG64                        XmitLinkSpeed;
    ULONG64                        RcvLinkSpeed;
    NDIS_SUPPORTED_PAUSE_FUNCTIONS PauseFunctions;
    ULONG                          AutoNegotiationFlags;
} NDIS_LINK_PARAMETERS, *PNDIS_LINK_PARAMETERS;

#define NDIS_LINK_PARAMETERS_REVISION_1 1
#define NDIS_SIZEOF_LINK_PARAMETERS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_LINK_PARAMETERS, AutoNegotiationFlags)

NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_LINK_PARAMETERS, MediaDuplexState) == 4);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_LINK_PARAMETERS, XmitLinkSpeed) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_LINK_PARAMETERS, RcvLinkSpeed) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_LINK_PARAMETERS, PauseFunctions) == 24);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_LINK_PARAMETERS, AutoNegotiationFlags) == 28);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_LINK_PARAMETERS) == 32);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_LINK_PARAMETERS_REVISION_1 == 32);

/* ---- NDIS_STATISTICS_INFO (OID_GEN_STATISTICS, facts §6.7) --------------------- */
typedef struct _NDIS_STATISTICS_INFO {
    NDIS_OBJECT_HEADER Header;               /* DEFAULT, REVISION_1, 152 */
    ULONG   SupportedStatistics;             /* NDIS_STATISTICS_FLAGS_VALID_* */
    ULONG64 ifInDiscards;
    ULONG64 ifInErrors;
    ULONG64 ifHCInOctets;
    ULONG64 ifHCInUcastPkts;
    ULONG64 ifHCInMulticastPkts;
    ULONG64 ifHCInBroadcastPkts;
    ULONG64 ifHCOutOctets;
    ULONG64 ifHCOutUcastPkts;
    ULONG64 ifHCOutMulticastPkts;
    ULONG64 ifHCOutBroadcastPkts;
    ULONG64 ifOutErrors;
    ULONG64 ifOutDiscards;
    ULONG64 ifHCInUcastOctets;
    ULONG64 ifHCInMulticastOctets;
    ULONG64 ifHCInBroadcastOctets;
    ULONG64 ifHCOutUcastOctets;
    ULONG64 ifHCOutMulticastOctets;
    ULONG64 ifHCOutBroadcastOctets;
} NDIS_STATISTICS_INFO, *PNDIS_STATISTICS_INFO;

#define NDIS_STATISTICS_INFO_REVISION_1 1
#define NDIS_SIZEOF_STATISTICS_INFO_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_STATISTICS_INFO, ifHCOutBroadcastOctets)

#define NDISDMA_WDK_STATS_OFFSET(f, o) \
    NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_STATISTICS_INFO, f) == (o))
NDISDMA_WDK_STATS_OFFSET(SupportedStatistics, 4);
NDISDMA_WDK_STATS_OFFSET(ifInDiscards, 8);
NDISDMA_WDK_STATS_OFFSET(ifInErrors, 16);
NDISDMA_WDK_STATS_OFFSET(ifHCInOctets, 24);
NDISDMA_WDK_STATS_OFFSET(ifHCInUcastPkts, 32);
NDISDMA_WDK_STATS_OFFSET(ifHCInMulticastPkts, 40);
NDISDMA_WDK_STATS_OFFSET(ifHCInBroadcastPkts, 48);
NDISDMA_WDK_STATS_OFFSET(ifHCOutOctets, 56);
NDISDMA_WDK_STATS_OFFSET(ifHCOutUcastPkts, 64);
NDISDMA_WDK_STATS_OFFSET(ifHCOutMulticastPkts, 72);
NDISDMA_WDK_STATS_OFFSET(ifHCOutBroadcastPkts, 80);
NDISDMA_WDK_STATS_OFFSET(ifOutErrors, 88);
NDISDMA_WDK_STATS_OFFSET(ifOutDiscards, 96);
NDISDMA_WDK_STATS_OFFSET(ifHCInUcastOctets, 104);
NDISDMA_WDK_STATS_OFFSET(ifHCInMulticastOctets, 112);
NDISDMA_WDK_STATS_OFFSET(ifHCInBroadcastOctets, 120);
NDISDMA_WDK_STATS_OFFSET(ifHCOutUcastOctets, 128);
NDISDMA_WDK_STATS_OFFSET(ifHCOutMulticastOctets, 136);
NDISDMA_WDK_STATS_OFFSET(ifHCOutBroadcastOctets, 144);
#undef NDISDMA_WDK_STATS_OFFSET
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_STATISTICS_INFO) == 152);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_STATISTICS_INFO_REVISION_1 == 152);

/* SupportedStatistics bit -> the counter it validates (facts §6.7). */
#define NDIS_STATISTICS_FLAGS_VALID_DIRECTED_FRAMES_RCV    0x00000001 /* ifHCInUcastPkts */
#define NDIS_STATISTICS_FLAGS_VALID_MULTICAST_FRAMES_RCV   0x00000002 /* ifHCInMulticastPkts */
#define NDIS_STATISTICS_FLAGS_VALID_BROADCAST_FRAMES_RCV   0x00000004 /* ifHCInBroadcastPkts */
#define NDIS_STATISTICS_FLAGS_VALID_BYTES_RCV              0x00000008 /* ifHCInOctets */
#define NDIS_STATISTICS_FLAGS_VALID_RCV_DISCARDS           0x00000010 /* ifInDiscards */
#define NDIS_STATISTICS_FLAGS_VALID_RCV_ERROR              0x00000020 /* ifInErrors */
#define NDIS_STATISTICS_FLAGS_VALID_DIRECTED_FRAMES_XMIT   0x00000040 /* ifHCOutUcastPkts */
#define NDIS_STATISTICS_FLAGS_VALID_MULTICAST_FRAMES_XMIT  0x00000080 /* ifHCOutMulticastPkts */
#define NDIS_STATISTICS_FLAGS_VALID_BROADCAST_FRAMES_XMIT  0x00000100 /* ifHCOutBroadcastPkts */
#define NDIS_STATISTICS_FLAGS_VALID_BYTES_XMIT             0x00000200 /* ifHCOutOctets */
#define NDIS_STATISTICS_FLAGS_VALID_XMIT_ERROR             0x00000400 /* ifOutErrors */
#define NDIS_STATISTICS_FLAGS_VALID_XMIT_DISCARDS          0x00008000 /* ifOutDiscards */
#define NDIS_STATISTICS_FLAGS_VALID_DIRECTED_BYTES_RCV     0x00010000 /* ifHCInUcastOctets */
#define NDIS_STATISTICS_FLAGS_VALID_MULTICAST_BYTES_RCV    0x00020000 /* ifHCInMulticastOctets */
#define NDIS_STATISTICS_FLAGS_VALID_BROADCAST_BYTES_RCV    0x00040000 /* ifHCInBroadcastOctets */
#define NDIS_STATISTICS_FLAGS_VALID_DIRECTED_BYTES_XMIT    0x00080000 /* ifHCOutUcastOctets */
#define NDIS_STATISTICS_FLAGS_VALID_MULTICAST_BYTES_XMIT   0x00100000 /* ifHCOutMulticastOctets */
#define NDIS_STATISTICS_FLAGS_VALID_BROADCAST_BYTES_XMIT   0x00200000 /* ifHCOutBroadcastOctets */

NDISDMA_WDK_STATIC_ASSERT((NDIS_STATISTICS_FLAGS_VALID_DIRECTED_FRAMES_RCV |
    NDIS_STATISTICS_FLAGS_VALID_MULTICAST_FRAMES_RCV | NDIS_STATISTICS_FLAGS_VALID_BROADCAST_FRAMES_RCV |
    NDIS_STATISTICS_FLAGS_VALID_BYTES_RCV | NDIS_STATISTICS_FLAGS_VALID_RCV_DISCARDS |
    NDIS_STATISTICS_FLAGS_VALID_RCV_ERROR | NDIS_STATISTICS_FLAGS_VALID_DIRECTED_FRAMES_XMIT |
    NDIS_STATISTICS_FLAGS_VALID_MULTICAST_FRAMES_XMIT | NDIS_STATISTICS_FLAGS_VALID_BROADCAST_FRAMES_XMIT |
    NDIS_STATISTICS_FLAGS_VALID_BYTES_XMIT | NDIS_STATISTICS_FLAGS_VALID_XMIT_ERROR |
    NDIS_STATISTICS_FLAGS_VALID_XMIT_DISCARDS | NDIS_STATISTICS_FLAGS_VALID_DIRECTED_BYTES_RCV |
    NDIS_STATISTICS_FLAGS_VALID_MULTICAST_BYTES_RCV | NDIS_STATISTICS_FLAGS_VALID_BROADCAST_BYTES_RCV |
    NDIS_STATISTICS_FLAGS_VALID_DIRECTED_BYTES_XMIT | NDIS_STATISTICS_FLAGS_VALID_MULTICAST_BYTES_XMIT |
    NDIS_STATISTICS_FLAGS_VALID_BROADCAST_BYTES_XMIT) == 0x003F87FF);

/* ---- NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES.SupportedStatistics ---------- */
#define NDIS_STATISTICS_XMIT_OK_SUPPORTED                 0x00000001
#define NDIS_STATISTICS_RCV_OK_SUPPORTED                  0x00000002
#define NDIS_STATISTICS_XMIT_ERROR_SUPPORTED              0x00000004
#define NDIS_STATISTICS_RCV_ERROR_SUPPORTED               0x00000008
#define NDIS_STATISTICS_RCV_NO_BUFFER_SUPPORTED           0x00000010
#define NDIS_STATISTICS_DIRECTED_BYTES_XMIT_SUPPORTED     0x00000020
#define NDIS_STATISTICS_DIRECTED_FRAMES_XMIT_SUPPORTED    0x00000040
#define NDIS_STATISTICS_MULTICAST_BYTES_XMIT_SUPPORTED    0x00000080
#define NDIS_STATISTICS_MULTICAST_FRAMES_XMIT_SUPPORTED   0x00000100
#define NDIS_STATISTICS_BROADCAST_BYTES_XMIT_SUPPORTED    0x00000200
#define NDIS_STATISTICS_BROADCAST_FRAMES_XMIT_SUPPORTED   0x00000400
#define NDIS_STATISTICS_DIRECTED_BYTES_RCV_SUPPORTED      0x00000800
#define NDIS_STATISTICS_DIRECTED_FRAMES_RCV_SUPPORTED     0x00001000
#define NDIS_STATISTICS_MULTICAST_BYTES_RCV_SUPPORTED     0x00002000
#define NDIS_STATISTICS_MULTICAST_FRAMES_RCV_SUPPORTED    0x00004000
#define NDIS_STATISTICS_BROADCAST_BYTES_RCV_SUPPORTED     0x00008000
#define NDIS_STATISTICS_BROADCAST_FRAMES_RCV_SUPPORTED    0x00010000
#define NDIS_STATISTICS_RCV_CRC_ERROR_SUPPORTED           0x00020000
#define NDIS_STATISTICS_TRANSMIT_QUEUE_LENGTH_SUPPORTED   0x00040000
#define NDIS_STATISTICS_BYTES_RCV_SUPPORTED               0x00080000
#define NDIS_STATISTICS_BYTES_XMIT_SUPPORTED              0x00100000
#define NDIS_STATISTICS_RCV_DISCARDS_SUPPORTED            0x00200000
#define NDIS_STATISTICS_GEN_STATISTICS_SUPPORTED          0x00400000
#define NDIS_STATISTICS_XMIT_DISCARDS_SUPPORTED           0x08000000

/* ---- packet filter (OID_GEN_CURRENT_PACKET_FILTER) --------------------------- */
#define NDIS_PACKET_TYPE_DIRECTED       0x00000001
#define NDIS_PACKET_TYPE_MULTICAST      0x00000002
#define NDIS_PACKET_TYPE_ALL_MULTICAST  0x00000004
#define NDIS_PACKET_TYPE_BROADCAST      0x00000008
#define NDIS_PACKET_TYPE_SOURCE_ROUTING 0x00000010
#define NDIS_PACKET_TYPE_PROMISCUOUS    0x00000020
#define NDIS_PACKET_TYPE_SMT            0x00000040
#define NDIS_PACKET_TYPE_ALL_LOCAL      0x00000080
#define NDIS_PACKET_TYPE_GROUP          0x00001000
#define NDIS_PACKET_TYPE_ALL_FUNCTIONAL 0x00002000
#define NDIS_PACKET_TYPE_FUNCTIONAL     0x00004000
#define NDIS_PACKET_TYPE_MAC_FRAME      0x00008000
#define NDIS_PACKET_TYPE_NO_LOCAL       0x00010000

/* ---- MAC options (general attributes MacOptions, OID_GEN_MAC_OPTIONS) -------- */
#define NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA             0x00000001
#define NDIS_MAC_OPTION_RECEIVE_SERIALIZED              0x00000002
#define NDIS_MAC_OPTION_TRANSFERS_NOT_PEND              0x00000004
#define NDIS_MAC_OPTION_NO_LOOPBACK                     0x00000008
#define NDIS_MAC_OPTION_FULL_DUPLEX                     0x00000010
#define NDIS_MAC_OPTION_EOTX_INDICATION                 0x00000020
#define NDIS_MAC_OPTION_8021P_PRIORITY                  0x00000040
#define NDIS_MAC_OPTION_SUPPORTS_MAC_ADDRESS_OVERWRITE  0x00000080
#define NDIS_MAC_OPTION_RECEIVE_AT_DPC                  0x00000100
#define NDIS_MAC_OPTION_8021Q_VLAN                      0x00000200
#define NDIS_MAC_OPTION_RESERVED                        0x80000000

/* ---- OIDs ---------------------------------------------------------------------- */
#define OID_GEN_SUPPORTED_LIST            0x00010101
#define OID_GEN_HARDWARE_STATUS           0x00010102
#define OID_GEN_MEDIA_SUPPORTED           0x00010103
#define OID_GEN_MEDIA_IN_USE              0x00010104
#define OID_GEN_MAXIMUM_LOOKAHEAD         0x00010105
#define OID_GEN_MAXIMUM_FRAME_SIZE        0x00010106
#define OID_GEN_LINK_SPEED                0x00010107
#define OID_GEN_TRANSMIT_BUFFER_SPACE     0x00010108
#define OID_GEN_RECEIVE_BUFFER_SPACE      0x00010109
#define OID_GEN_TRANSMIT_BLOCK_SIZE       0x0001010A
#define OID_GEN_RECEIVE_BLOCK_SIZE        0x0001010B
#define OID_GEN_VENDOR_ID                 0x0001010C
#define OID_GEN_VENDOR_DESCRIPTION        0x0001010D
#define OID_GEN_CURRENT_PACKET_FILTER     0x0001010E
#define OID_GEN_CURRENT_LOOKAHEAD         0x0001010F
#define OID_GEN_DRIVER_VERSION            0x00010110
#define OID_GEN_MAXIMUM_TOTAL_SIZE        0x00010111
#define OID_GEN_PROTOCOL_OPTIONS          0x00010112
#define OID_GEN_MAC_OPTIONS               0x00010113
#define OID_GEN_MEDIA_CONNECT_STATUS      0x00010114
#define OID_GEN_MAXIMUM_SEND_PACKETS      0x00010115
#define OID_GEN_VENDOR_DRIVER_VERSION     0x00010116
#define OID_GEN_SUPPORTED_GUIDS           0x00010117
#define OID_GEN_NETWORK_LAYER_ADDRESSES   0x00010118
#define OID_GEN_TRANSPORT_HEADER_OFFSET   0x00010119
#define OID_GEN_MEDIA_CAPABILITIES        0x00010201
#define OID_GEN_PHYSICAL_MEDIUM           0x00010202
#define OID_GEN_RECEIVE_SCALE_CAPABILITIES 0x00010203
#define OID_GEN_RECEIVE_SCALE_PARAMETERS  0x00010204
#define OID_GEN_MAX_LINK_SPEED            0x00010206
#define OID_GEN_LINK_STATE                0x00010207
#define OID_GEN_LINK_PARAMETERS           0x00010208
#define OID_GEN_INTERRUPT_MODERATION      0x00010209
#define OID_GEN_PHYSICAL_MEDIUM_EX        0x00010213
#define OID_GEN_VLAN_ID                   0x0001021C
#define OID_GEN_MEDIA_CONNECT_STATUS_EX   0x0001028A
#define OID_GEN_LINK_SPEED_EX             0x0001028B
#define OID_GEN_MEDIA_DUPLEX_STATE        0x0001028C

#define OID_GEN_XMIT_OK                   0x00020101
#define OID_GEN_RCV_OK                    0x00020102
#define OID_GEN_XMIT_ERROR                0x00020103
#define OID_GEN_RCV_ERROR                 0x00020104
#define OID_GEN_RCV_NO_BUFFER             0x00020105
#define OID_GEN_STATISTICS                0x00020106   /* NDIS_STATISTICS_INFO */

#define OID_GEN_DIRECTED_BYTES_XMIT       0x00020201
#define OID_GEN_DIRECTED_FRAMES_XMIT      0x00020202
#define OID_GEN_MULTICAST_BYTES_XMIT      0x00020203
#define OID_GEN_MULTICAST_FRAMES_XMIT     0x00020204
#define OID_GEN_BROADCAST_BYTES_XMIT      0x00020205
#define OID_GEN_BROADCAST_FRAMES_XMIT     0x00020206
#define OID_GEN_DIRECTED_BYTES_RCV        0x00020207
#define OID_GEN_DIRECTED_FRAMES_RCV       0x00020208
#define OID_GEN_MULTICAST_BYTES_RCV       0x00020209
#define OID_GEN_MULTICAST_FRAMES_RCV      0x0002020A
#define OID_GEN_BROADCAST_BYTES_RCV       0x0002020B
#define OID_GEN_BROADCAST_FRAMES_RCV      0x0002020C
#define OID_GEN_RCV_CRC_ERROR             0x0002020D
#define OID_GEN_TRANSMIT_QUEUE_LENGTH     0x0002020E
#define OID_GEN_BYTES_RCV                 0x00020219
#define OID_GEN_BYTES_XMIT                0x0002021A
#define OID_GEN_RCV_DISCARDS              0x0002021B
#define OID_GEN_XMIT_DISCARDS             0x0002021C

#define OID_802_3_PERMANENT_ADDRESS       0x01010101
#define OID_802_3_CURRENT_ADDRESS         0x01010102
#define OID_802_3_MULTICAST_LIST          0x01010103
#define OID_802_3_MAXIMUM_LIST_SIZE       0x01010104
#define OID_802_3_MAC_OPTIONS             0x01010105
#define OID_802_3_RCV_ERROR_ALIGNMENT     0x01020101
#define OID_802_3_XMIT_ONE_COLLISION      0x01020102
#define OID_802_3_XMIT_MORE_COLLISIONS    0x01020103
#define OID_802_3_XMIT_DEFERRED           0x01020201
#define OID_802_3_XMIT_MAX_COLLISIONS     0x01020202
#define OID_802_3_RCV_OVERRUN             0x01020203
#define OID_802_3_XMIT_UNDERRUN           0x01020204
#define OID_802_3_XMIT_HEARTBEAT_FAILURE  0x01020205
#define OID_802_3_XMIT_TIMES_CRS_LOST     0x01020206
#define OID_802_3_XMIT_LATE_COLLISIONS    0x01020207
#define OID_802_3_ADD_MULTICAST_ADDRESS   0x01010208
#define OID_802_3_DELETE_MULTICAST_ADDRESS 0x01010209

#define OID_OFFLOAD_ENCAPSULATION         0x0101010A
#define OID_TCP_OFFLOAD_CURRENT_CONFIG    0xFC01020B
#define OID_TCP_OFFLOAD_PARAMETERS        0xFC01020C
#define OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES 0xFC01020D

#define OID_PNP_CAPABILITIES              0xFD010100
#define OID_PNP_SET_POWER                 0xFD010101
#define OID_PNP_QUERY_POWER               0xFD010102   /* NDIS_DEVICE_POWER_STATE */
#define OID_PNP_ADD_WAKE_UP_PATTERN       0xFD010103   /* NDIS_PM_PACKET_PATTERN */
#define OID_PNP_REMOVE_WAKE_UP_PATTERN    0xFD010104
#define OID_PNP_ENABLE_WAKE_UP            0xFD010106
#define OID_PM_PARAMETERS                 0xFD010109   /* NDIS 6.20+ */
#define OID_PM_ADD_WOL_PATTERN            0xFD01010A
#define OID_PM_REMOVE_WOL_PATTERN         0xFD01010B

/* ---- interrupt moderation (OID_GEN_INTERRUPT_MODERATION) ---------------------- */
typedef enum _NDIS_INTERRUPT_MODERATION {
    NdisInterruptModerationUnknown = 0,
    NdisInterruptModerationNotSupported = 1,
    NdisInterruptModerationEnabled = 2,
    NdisInterruptModerationDisabled = 3
} NDIS_INTERRUPT_MODERATION, *PNDIS_INTERRUPT_MODERATION;

typedef struct _NDIS_INTERRUPT_MODERATION_PARAMETERS {
    NDIS_OBJECT_HEADER        Header;   /* DEFAULT, REVISION_1 */
    ULONG                     Flags;
    NDIS_INTERRUPT_MODERATION InterruptModeration;
} NDIS_INTERRUPT_MODERATION_PARAMETERS, *PNDIS_INTERRUPT_MODERATION_PARAMETERS;

#define NDIS_INTERRUPT_MODERATION_PARAMETERS_REVISION_1 1
#define NDIS_SIZEOF_INTERRUPT_MODERATION_PARAMETERS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_INTERRUPT_MODERATION_PARAMETERS, InterruptModeration)

/* Flags of a query reply: what a change of moderation takes. */
#define NDIS_INTERRUPT_MODERATION_CHANGE_NEEDS_RESET        0x00000001
#define NDIS_INTERRUPT_MODERATION_CHANGE_NEEDS_REINITIALIZE 0x00000002

NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_INTERRUPT_MODERATION_PARAMETERS, Flags) == 4);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_INTERRUPT_MODERATION_PARAMETERS, InterruptModeration) == 8);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_INTERRUPT_MODERATION_PARAMETERS) == 12);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_INTERRUPT_MODERATION_PARAMETERS_REVISION_1 == 12);

#ifdef __cplusplus
}
#endif

/* The task-offload structures the offload OIDs above carry. */
#include "ndisdma_wdk_offload.h"

#endif /* NDISDMA_WDK_OID_H */
