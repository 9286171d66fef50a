/*
 * ndisdma WDK compatibility headers: the task-offload family an Ethernet
 * miniport reports and is configured with (NDIS 6.0-6.30): NDIS_OFFLOAD and
 * its per-task parts, NDIS_OFFLOAD_PARAMETERS (OID_TCP_OFFLOAD_PARAMETERS),
 * NDIS_OFFLOAD_ENCAPSULATION (OID_OFFLOAD_ENCAPSULATION), the TCP chimney
 * NDIS_TCP_CONNECTION_OFFLOAD the offload attributes point to, and the
 * offload status codes.
 *
 * Included at the end of ndisdma_wdk_oid.h (so by ndis.h and ntddndis.h);
 * drivers never include it directly.
 *
 * The facts files give no layout for these structures: the field lists are
 * the ones the public NDIS reference pages document, laid out with the
 * LLP64 rules (ULONG 4, pointer 8) and pinned below by static asserts.
 * Every bit-field is a ULONG, so the layout is the same with and without
 * -mms-bitfields.  Like the other ndisdma structures, each one always
 * carries the fields of its latest revision ndisdma knows (revision 3 of
 * NDIS_OFFLOAD and NDIS_OFFLOAD_PARAMETERS, NDIS 6.30); a driver says which
 * revision it fills in Header.Revision and Header.Size.
 *
 * Clean-room: written from the public documentation, not from any WDK or
 * third-party header.
 */
#ifndef NDISDMA_WDK_OFFLOAD_H
#define NDISDMA_WDK_OFFLOAD_H

#include "ndisdma_wdk_base.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- object types and common values ---------------------------------------- */
#define NDIS_OBJECT_TYPE_OFFLOAD               0xA7
#define NDIS_OBJECT_TYPE_OFFLOAD_ENCAPSULATION 0xA8

/* Encapsulation bit masks: which framings a task works with. */
#define NDIS_ENCAPSULATION_NOT_SUPPORTED            0x00000000
#define NDIS_ENCAPSULATION_NULL                     0x00000001
#define NDIS_ENCAPSULATION_IEEE_802_3               0x00000002
#define NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q       0x00000004
#define NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q_IN_OOB 0x00000008
#define NDIS_ENCAPSULATION_IEEE_LLC_SNAP_ROUTED     0x00000010

/* The 2-bit capability fields of NDIS_OFFLOAD. */
#define NDIS_OFFLOAD_NOT_SUPPORTED 0
#define NDIS_OFFLOAD_SUPPORTED     1

/* Enabled fields of NDIS_OFFLOAD_ENCAPSULATION (and the NDIS 6.30
 * EncapsulatedPacketTaskOffload of NDIS_OFFLOAD_PARAMETERS). */
#define NDIS_OFFLOAD_SET_NO_CHANGE 0
#define NDIS_OFFLOAD_SET_ON        1
#define NDIS_OFFLOAD_SET_OFF       2

/* ---- NDIS_OFFLOAD parts ------------------------------------------------------ */
/* Checksum tasks, one 8-byte group per IP version and direction. */
typedef struct _NDIS_TCP_IP_CHECKSUM_OFFLOAD {
    struct {
        ULONG Encapsulation;                    /* NDIS_ENCAPSULATION_* */
        ULONG IpOptionsSupported : 2;           /* NDIS_OFFLOAD_(NOT_)SUPPORTED */
        ULONG TcpOptionsSupported : 2;
        ULONG TcpChecksum : 2;
        ULONG UdpChecksum : 2;
        ULONG IpChecksum : 2;
    } IPv4Transmit;
    struct {
        ULONG Encapsulation;
        ULONG IpOptionsSupported : 2;
        ULONG TcpOptionsSupported : 2;
        ULONG TcpChecksum : 2;
        ULONG UdpChecksum : 2;
        ULONG IpChecksum : 2;
    } IPv4Receive;
    struct {
        ULONG Encapsulation;
        ULONG IpExtensionHeadersSupported : 2;
        ULONG TcpOptionsSupported : 2;
        ULONG TcpChecksum : 2;
        ULONG UdpChecksum : 2;
    } IPv6Transmit;
    struct {
        ULONG Encapsulation;
        ULONG IpExtensionHeadersSupported : 2;
        ULONG TcpOptionsSupported : 2;
        ULONG TcpChecksum : 2;
        ULONG UdpChecksum : 2;
    } IPv6Receive;
} NDIS_TCP_IP_CHECKSUM_OFFLOAD, *PNDIS_TCP_IP_CHECKSUM_OFFLOAD;

/* Large send offload version 1 (IPv4 only). */
typedef struct _NDIS_TCP_LARGE_SEND_OFFLOAD_V1 {
    struct {
        ULONG Encapsulation;
        ULONG MaxOffLoadSize;                   /* bytes of one large packet */
        ULONG MinSegmentCount;
        ULONG TcpOptions : 2;
        ULONG IpOptions : 2;
    } IPv4;
} NDIS_TCP_LARGE_SEND_OFFLOAD_V1, *PNDIS_TCP_LARGE_SEND_OFFLOAD_V1;

/* IPsec task offload version 1 (what NDIS_OFFLOAD's layout needs). */
typedef struct _NDIS_IPSEC_OFFLOAD_V1 {
    struct {
        ULONG Encapsulation;
        ULONG AhEspCombined;
        ULONG TransportTunnelCombined;
        ULONG IPv4Options;
        ULONG Flags;
    } Supported;
    struct {
        ULONG Md5 : 2;
        ULONG Sha_1 : 2;
        ULONG Transport : 2;
        ULONG Tunnel : 2;
        ULONG Send : 2;
        ULONG Receive : 2;
    } IPv4AH;
    struct {
        ULONG Des : 2;
        ULONG Reserved : 2;
        ULONG TripleDes : 2;
        ULONG NullEsp : 2;
        ULONG Transport : 2;
        ULONG Tunnel : 2;
        ULONG Send : 2;
        ULONG Receive : 2;
    } IPv4ESP;
} NDIS_IPSEC_OFFLOAD_V1, *PNDIS_IPSEC_OFFLOAD_V1;

/* Large send offload version 2 (IPv4 and IPv6). */
typedef struct _NDIS_TCP_LARGE_SEND_OFFLOAD_V2 {
    struct {
        ULONG Encapsulation;
        ULONG MaxOffLoadSize;
        ULONG MinSegmentCount;
    } IPv4;
    struct {
        ULONG Encapsulation;
        ULONG MaxOffLoadSize;
        ULONG MinSegmentCount;
        ULONG IpExtensionHeadersSupported : 2;
        ULONG TcpOptionsSupported : 2;
    } IPv6;
} NDIS_TCP_LARGE_SEND_OFFLOAD_V2, *PNDIS_TCP_LARGE_SEND_OFFLOAD_V2;

/* IPsec task offload version 2 (NDIS 6.1). */
typedef struct _NDIS_IPSEC_OFFLOAD_V2 {
    ULONG   Encapsulation;
    BOOLEAN IPv6Supported;
    BOOLEAN IPv4Options;
    BOOLEAN IPv6NonIPsecExtensionHeaders;
    BOOLEAN Ah;
    BOOLEAN Esp;
    BOOLEAN AhEspCombined;
    BOOLEAN Transport;
    BOOLEAN Tunnel;
    BOOLEAN TransportTunnelCombined;
    BOOLEAN LsoSupported;
    BOOLEAN ExtendedSequenceNumbers;
    ULONG   UdpEsp;
    ULONG   AuthenticationAlgorithms;
    ULONG   EncryptionAlgorithms;
    ULONG   SaOffloadCapacity;
} NDIS_IPSEC_OFFLOAD_V2, *PNDIS_IPSEC_OFFLOAD_V2;

/* Receive segment coalescing (NDIS 6.30). */
typedef struct _NDIS_TCP_RECV_SEG_COALESCE_OFFLOAD {
    struct {
        BOOLEAN Enabled;
    } IPv4;
    struct {
        BOOLEAN Enabled;
    } IPv6;
} NDIS_TCP_RECV_SEG_COALESCE_OFFLOAD, *PNDIS_TCP_RECV_SEG_COALESCE_OFFLOAD;

/* Tasks on encapsulated (NVGRE) packets (NDIS 6.30). */
typedef struct _NDIS_ENCAPSULATED_PACKET_TASK_OFFLOAD {
    ULONG TransmitChecksumOffloadSupported : 4;
    ULONG ReceiveChecksumOffloadSupported : 4;
    ULONG LsoV2Supported : 4;
    ULONG RssSupported : 4;
    ULONG VmqSupported : 4;
    ULONG MaxHeaderSizeSupported;
} NDIS_ENCAPSULATED_PACKET_TASK_OFFLOAD, *PNDIS_ENCAPSULATED_PACKET_TASK_OFFLOAD;

/* ---- NDIS_OFFLOAD: capabilities or the current configuration --------------- */
/* The offload attributes (DefaultOffloadConfiguration, HardwareOffload-
 * Capabilities) and the NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG /
 * _HARDWARE_CAPABILITIES indications carry one.  Revision 1: NDIS 6.0,
 * through Flags; 2: NDIS 6.1, adds IPsecV2; 3: NDIS 6.30, adds Rsc and
 * EncapsulatedPacketTaskOffloadGre. */
typedef struct _NDIS_OFFLOAD {
    NDIS_OBJECT_HEADER                 Header;     /* NDIS_OBJECT_TYPE_OFFLOAD */
    NDIS_TCP_IP_CHECKSUM_OFFLOAD       Checksum;
    NDIS_TCP_LARGE_SEND_OFFLOAD_V1     LsoV1;
    NDIS_IPSEC_OFFLOAD_V1              IPsecV1;
    NDIS_TCP_LARGE_SEND_OFFLOAD_V2     LsoV2;
    ULONG                              Flags;
    /* revision 2 */
    NDIS_IPSEC_OFFLOAD_V2              IPsecV2;
    /* revision 3 */
    NDIS_TCP_RECV_SEG_COALESCE_OFFLOAD Rsc;
    NDIS_ENCAPSULATED_PACKET_TASK_OFFLOAD EncapsulatedPacketTaskOffloadGre;
} NDIS_OFFLOAD, *PNDIS_OFFLOAD;

#define NDIS_OFFLOAD_REVISION_1 1
#define NDIS_OFFLOAD_REVISION_2 2
#define NDIS_OFFLOAD_REVISION_3 3
#define NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_1 RTL_SIZEOF_THROUGH_FIELD(NDIS_OFFLOAD, Flags)
#define NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_2 RTL_SIZEOF_THROUGH_FIELD(NDIS_OFFLOAD, IPsecV2)
#define NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_3 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_OFFLOAD, EncapsulatedPacketTaskOffloadGre)

/* ---- NDIS_TCP_CONNECTION_OFFLOAD (TCP chimney) ------------------------------- */
/* Only reachable through the offload attributes' two chimney pointers,
 * which an Ethernet miniport without chimney offload leaves NULL. */
typedef struct _NDIS_TCP_CONNECTION_OFFLOAD {
    NDIS_OBJECT_HEADER Header;                  /* NDIS_OBJECT_TYPE_DEFAULT */
    ULONG Encapsulation;
    ULONG SupportIPv4 : 2;
    ULONG SupportIPv6 : 2;
    ULONG SupportIPv6ExtensionHeaders : 2;
    ULONG SupportSack : 2;
    ULONG CongestionAlgorithm : 4;              /* revision 2 (NDIS 6.1) */
    ULONG TcpConnectionOffloadCapacity;
    ULONG Flags;
} NDIS_TCP_CONNECTION_OFFLOAD, *PNDIS_TCP_CONNECTION_OFFLOAD;

#define NDIS_TCP_CONNECTION_OFFLOAD_REVISION_1 1
#define NDIS_TCP_CONNECTION_OFFLOAD_REVISION_2 2
#define NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_TCP_CONNECTION_OFFLOAD, Flags)
#define NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_REVISION_2 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_TCP_CONNECTION_OFFLOAD, Flags)

/* ---- NDIS_OFFLOAD_PARAMETERS (OID_TCP_OFFLOAD_PARAMETERS set) ---------------- */
/* Each UCHAR is one of the values below; NO_CHANGE (0) leaves the task as
 * it is.  Header.Type is NDIS_OBJECT_TYPE_DEFAULT.  Revision 1: NDIS 6.0,
 * through Flags; 2: NDIS 6.1, adds IPsecV2/IPsecV2IPv4; 3: NDIS 6.30, adds
 * RscIPv4/RscIPv6 and the encapsulated-packet pair. */
typedef struct _NDIS_OFFLOAD_PARAMETERS {
    NDIS_OBJECT_HEADER Header;
    UCHAR IPv4Checksum;                 /* checksum values */
    UCHAR TCPIPv4Checksum;
    UCHAR UDPIPv4Checksum;
    UCHAR TCPIPv6Checksum;
    UCHAR UDPIPv6Checksum;
    UCHAR LsoV1;                        /* NDIS_OFFLOAD_PARAMETERS_LSOV1_* */
    UCHAR IPsecV1;                      /* NDIS_OFFLOAD_PARAMETERS_IPSECV1_* */
    UCHAR LsoV2IPv4;                    /* NDIS_OFFLOAD_PARAMETERS_LSOV2_* */
    UCHAR LsoV2IPv6;
    UCHAR TcpConnectionIPv4;            /* NDIS_OFFLOAD_PARAMETERS_CONNECTION_OFFLOAD_* */
    UCHAR TcpConnectionIPv6;
    ULONG Flags;                        /* NDIS_OFFLOAD_PARAMETERS_SKIP_REGISTRY_UPDATE */
    /* revision 2 */
    UCHAR IPsecV2;                      /* NDIS_OFFLOAD_PARAMETERS_IPSECV2_* */
    UCHAR IPsecV2IPv4;
    /* revision 3 */
    struct {
        UCHAR RscIPv4;                  /* NDIS_OFFLOAD_PARAMETERS_RSC_* */
        UCHAR RscIPv6;
    };
    struct {
        UCHAR EncapsulatedPacketTaskOffload;   /* NDIS_OFFLOAD_SET_* */
        UCHAR EncapsulationTypes;              /* NDIS_ENCAPSULATION_TYPE_* */
    };
} NDIS_OFFLOAD_PARAMETERS, *PNDIS_OFFLOAD_PARAMETERS;

#define NDIS_OFFLOAD_PARAMETERS_REVISION_1 1
#define NDIS_OFFLOAD_PARAMETERS_REVISION_2 2
#define NDIS_OFFLOAD_PARAMETERS_REVISION_3 3
#define NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_OFFLOAD_PARAMETERS, Flags)
#define NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_2 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_OFFLOAD_PARAMETERS, IPsecV2IPv4)
#define NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_3 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_OFFLOAD_PARAMETERS, EncapsulationTypes)

#define NDIS_OFFLOAD_PARAMETERS_NO_CHANGE                  0
/* IPv4Checksum, TCPIPv4Checksum, UDPIPv4Checksum, TCPIPv6Checksum, UDPIPv6Checksum */
#define NDIS_OFFLOAD_PARAMETERS_TX_RX_DISABLED             1
#define NDIS_OFFLOAD_PARAMETERS_TX_ENABLED_RX_DISABLED     2
#define NDIS_OFFLOAD_PARAMETERS_RX_ENABLED_TX_DISABLED     3
#define NDIS_OFFLOAD_PARAMETERS_TX_RX_ENABLED              4
/* LsoV1 */
#define NDIS_OFFLOAD_PARAMETERS_LSOV1_DISABLED             1
#define NDIS_OFFLOAD_PARAMETERS_LSOV1_ENABLED              2
/* IPsecV1 */
#define NDIS_OFFLOAD_PARAMETERS_IPSECV1_DISABLED           1
#define NDIS_OFFLOAD_PARAMETERS_IPSECV1_AH_ENABLED         2
#define NDIS_OFFLOAD_PARAMETERS_IPSECV1_ESP_ENABLED        3
#define NDIS_OFFLOAD_PARAMETERS_IPSECV1_AH_AND_ESP_ENABLED 4
/* LsoV2IPv4, LsoV2IPv6 */
#define NDIS_OFFLOAD_PARAMETERS_LSOV2_DISABLED             1
#define NDIS_OFFLOAD_PARAMETERS_LSOV2_ENABLED              2
/* TcpConnectionIPv4, TcpConnectionIPv6 */
#define NDIS_OFFLOAD_PARAMETERS_CONNECTION_OFFLOAD_DISABLED 1
#define NDIS_OFFLOAD_PARAMETERS_CONNECTION_OFFLOAD_ENABLED 2
/* IPsecV2, IPsecV2IPv4 */
#define NDIS_OFFLOAD_PARAMETERS_IPSECV2_DISABLED           1
#define NDIS_OFFLOAD_PARAMETERS_IPSECV2_AH_ENABLED         2
#define NDIS_OFFLOAD_PARAMETERS_IPSECV2_ESP_ENABLED        3
#define NDIS_OFFLOAD_PARAMETERS_IPSECV2_AH_AND_ESP_ENABLED 4
/* RscIPv4, RscIPv6 */
#define NDIS_OFFLOAD_PARAMETERS_RSC_DISABLED               1
#define NDIS_OFFLOAD_PARAMETERS_RSC_ENABLED                2
/* Flags: the miniport applies the change without writing the matching
 * standardized keywords back to the registry. */
#define NDIS_OFFLOAD_PARAMETERS_SKIP_REGISTRY_UPDATE       0x00000001
/* EncapsulationTypes */
#define NDIS_ENCAPSULATION_TYPE_GRE_MAC                    0x00000001

/* ---- NDIS_OFFLOAD_ENCAPSULATION (OID_OFFLOAD_ENCAPSULATION set) -------------- */
/* What framing the protocol above uses, per IP version: Enabled is an
 * NDIS_OFFLOAD_SET_* value, EncapsulationType an NDIS_ENCAPSULATION_* bit,
 * HeaderSize the bytes of the MAC header (14 for untagged Ethernet). */
typedef struct _NDIS_OFFLOAD_ENCAPSULATION {
    NDIS_OBJECT_HEADER Header;          /* NDIS_OBJECT_TYPE_OFFLOAD_ENCAPSULATION */
    struct {
        ULONG Enabled;
        ULONG EncapsulationType;
        ULONG HeaderSize;
    } IPv4;
    struct {
        ULONG Enabled;
        ULONG EncapsulationType;
        ULONG HeaderSize;
    } IPv6;
} NDIS_OFFLOAD_ENCAPSULATION, *PNDIS_OFFLOAD_ENCAPSULATION;

#define NDIS_OFFLOAD_ENCAPSULATION_REVISION_1 1
#define NDIS_SIZEOF_OFFLOAD_ENCAPSULATION_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_OFFLOAD_ENCAPSULATION, IPv6)

/* ---- status codes a miniport indicates with NdisMIndicateStatusEx ------------ */
/* StatusBuffer: an NDIS_OFFLOAD with the configuration now in force (after
 * every OID_TCP_OFFLOAD_PARAMETERS set the miniport handled) ... */
#define NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG        ((NDIS_STATUS)0x40020006L)
/* ... or with what the hardware can do, when that changed. */
#define NDIS_STATUS_TASK_OFFLOAD_HARDWARE_CAPABILITIES ((NDIS_STATUS)0x40020007L)
/* NDIS to protocols: the encapsulation settings changed (the name's
 * spelling is the documented one). */
#define NDIS_STATUS_OFFLOAD_ENCASPULATION_CHANGE       ((NDIS_STATUS)0x40020008L)

/* ---- x64 layouts ------------------------------------------------------------- */
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_TCP_IP_CHECKSUM_OFFLOAD) == 32);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_TCP_IP_CHECKSUM_OFFLOAD, IPv4Receive) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_TCP_IP_CHECKSUM_OFFLOAD, IPv6Transmit) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_TCP_IP_CHECKSUM_OFFLOAD, IPv6Receive) == 24);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_TCP_LARGE_SEND_OFFLOAD_V1) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_TCP_LARGE_SEND_OFFLOAD_V1, IPv4.MinSegmentCount) == 8);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_IPSEC_OFFLOAD_V1) == 28);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_IPSEC_OFFLOAD_V1, IPv4AH) == 20);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_IPSEC_OFFLOAD_V1, IPv4ESP) == 24);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_TCP_LARGE_SEND_OFFLOAD_V2) == 28);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_TCP_LARGE_SEND_OFFLOAD_V2, IPv6) == 12);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_IPSEC_OFFLOAD_V2) == 32);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_IPSEC_OFFLOAD_V2, ExtendedSequenceNumbers) == 14);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_IPSEC_OFFLOAD_V2, UdpEsp) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_IPSEC_OFFLOAD_V2, SaOffloadCapacity) == 28);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_TCP_RECV_SEG_COALESCE_OFFLOAD) == 2);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_ENCAPSULATED_PACKET_TASK_OFFLOAD) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_ENCAPSULATED_PACKET_TASK_OFFLOAD, MaxHeaderSizeSupported) == 4);

NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OFFLOAD, Checksum) == 4);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OFFLOAD, LsoV1) == 36);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OFFLOAD, IPsecV1) == 52);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OFFLOAD, LsoV2) == 80);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OFFLOAD, Flags) == 108);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OFFLOAD, IPsecV2) == 112);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OFFLOAD, Rsc) == 144);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OFFLOAD, EncapsulatedPacketTaskOffloadGre) == 148);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_OFFLOAD) == 156);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_1 == 112);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_2 == 144);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_3 == 156);

NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_TCP_CONNECTION_OFFLOAD, Encapsulation) == 4);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_TCP_CONNECTION_OFFLOAD, TcpConnectionOffloadCapacity) == 12);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_TCP_CONNECTION_OFFLOAD, Flags) == 16);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_TCP_CONNECTION_OFFLOAD) == 20);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_REVISION_1 == 20);

NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OFFLOAD_PARAMETERS, IPv4Checksum) == 4);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OFFLOAD_PARAMETERS, LsoV1) == 9);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OFFLOAD_PARAMETERS, TcpConnectionIPv6) == 14);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OFFLOAD_PARAMETERS, Flags) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OFFLOAD_PARAMETERS, IPsecV2) == 20);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OFFLOAD_PARAMETERS, IPsecV2IPv4) == 21);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OFFLOAD_PARAMETERS, RscIPv4) == 22);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OFFLOAD_PARAMETERS, RscIPv6) == 23);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OFFLOAD_PARAMETERS, EncapsulatedPacketTaskOffload) == 24);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OFFLOAD_PARAMETERS, EncapsulationTypes) == 25);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_OFFLOAD_PARAMETERS) == 28);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_1 == 20);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_2 == 22);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_3 == 26);

NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OFFLOAD_ENCAPSULATION, IPv4.Enabled) == 4);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OFFLOAD_ENCAPSULATION, IPv4.HeaderSize) == 12);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OFFLOAD_ENCAPSULATION, IPv6.Enabled) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OFFLOAD_ENCAPSULATION, IPv6.HeaderSize) == 24);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_OFFLOAD_ENCAPSULATION) == 28);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_OFFLOAD_ENCAPSULATION_REVISION_1 == 28);

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_OFFLOAD_H */
