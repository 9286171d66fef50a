/*
 * ndisdma WDK compatibility headers: device power states and the power
 * management capabilities a miniport reports (facts §6.9).
 *
 * Included by ndisdma_wdk_oid.h (so by ndis.h and ntddndis.h); drivers
 * never include it directly.
 *
 * Clean-room: written from the spec, the facts file and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_PM_H
#define NDISDMA_WDK_PM_H

#include "ndisdma_wdk_base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum _NDIS_DEVICE_POWER_STATE {
    NdisDeviceStateUnspecified = 0,
    NdisDeviceStateD0 = 1,
    NdisDeviceStateD1 = 2,
    NdisDeviceStateD2 = 3,
    NdisDeviceStateD3 = 4,
    NdisDeviceStateMaximum = 5
} NDIS_DEVICE_POWER_STATE, *PNDIS_DEVICE_POWER_STATE;

/* ---- power management (facts §6.9) -------------------------------------- */
typedef struct _NDIS_PM_WAKE_UP_CAPABILITIES {
    NDIS_DEVICE_POWER_STATE MinMagicPacketWakeUp;
    NDIS_DEVICE_POWER_STATE MinPatternWakeUp;
    NDIS_DEVICE_POWER_STATE MinLinkChangeWakeUp;
} NDIS_PM_WAKE_UP_CAPABILITIES, *PNDIS_PM_WAKE_UP_CAPABILITIES;

/* OID_PNP_CAPABILITIES; general attributes PowerManagementCapabilities. */
typedef struct _NDIS_PNP_CAPABILITIES {
    ULONG Flags;                        /* NDIS_DEVICE_WAKE_* below */
    NDIS_PM_WAKE_UP_CAPABILITIES WakeUpCapabilities;
} NDIS_PNP_CAPABILITIES, *PNDIS_PNP_CAPABILITIES;

#define NDIS_DEVICE_WAKE_UP_ENABLE                0x00000001  /* set by NDIS only */
#define NDIS_DEVICE_WAKE_ON_PATTERN_MATCH_ENABLE  0x00000002
#define NDIS_DEVICE_WAKE_ON_MAGIC_PACKET_ENABLE   0x00000004

NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_PM_WAKE_UP_CAPABILITIES) == 12);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_PNP_CAPABILITIES) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_PNP_CAPABILITIES, WakeUpCapabilities) == 4);

/* OID_PNP_ADD_WAKE_UP_PATTERN: the mask (MaskSize bytes) follows the
 * structure; PatternOffset counts from the start of the InformationBuffer. */
typedef struct _NDIS_PM_PACKET_PATTERN {
    ULONG Priority;
    ULONG Reserved;
    ULONG MaskSize;
    ULONG PatternOffset;
    ULONG PatternSize;
    ULONG PatternFlags;
} NDIS_PM_PACKET_PATTERN, *PNDIS_PM_PACKET_PATTERN;

NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_PM_PACKET_PATTERN) == 24);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_PM_PACKET_PATTERN, PatternFlags) == 20);

/* General attributes PowerManagementCapabilitiesEx (NDIS 6.20+): revision 1
 * ends at MinLinkChangeWakeUp (52 bytes), revision 2 (NDIS 6.30) at
 * MediaSpecificWakeUpEvents (60 bytes). */
typedef struct _NDIS_PM_CAPABILITIES {
    NDIS_OBJECT_HEADER      Header;                     /* +0  DEFAULT */
    ULONG                   Flags;                      /* +4 */
    ULONG                   SupportedWoLPacketPatterns; /* +8  NDIS_PM_WOL_* */
    ULONG                   NumTotalWoLPatterns;        /* +12 */
    ULONG                   MaxWoLPatternSize;          /* +16 */
    ULONG                   MaxWoLPatternOffset;        /* +20 */
    ULONG                   MaxWoLPacketSaveBuffer;     /* +24 */
    ULONG                   SupportedProtocolOffloads;  /* +28 NDIS_PM_PROTOCOL_OFFLOAD_* */
    ULONG                   NumArpOffloadIPv4Addresses; /* +32 */
    ULONG                   NumNSOffloadIPv6Addresses;  /* +36 */
    NDIS_DEVICE_POWER_STATE MinMagicPacketWakeUp;       /* +40 */
    NDIS_DEVICE_POWER_STATE MinPatternWakeUp;           /* +44 */
    NDIS_DEVICE_POWER_STATE MinLinkChangeWakeUp;        /* +48 end of revision 1 */
    ULONG                   SupportedWakeUpEvents;      /* +52 revision 2 (NDIS 6.30) */
    ULONG                   MediaSpecificWakeUpEvents;  /* +56 */
} NDIS_PM_CAPABILITIES, *PNDIS_PM_CAPABILITIES;

#define NDIS_PM_CAPABILITIES_REVISION_1 1
#define NDIS_PM_CAPABILITIES_REVISION_2 2
#define NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_PM_CAPABILITIES, MinLinkChangeWakeUp)
#define NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_2 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_PM_CAPABILITIES, MediaSpecificWakeUpEvents)

NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_PM_CAPABILITIES, Flags) == 4);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_PM_CAPABILITIES, SupportedProtocolOffloads) == 28);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_PM_CAPABILITIES, MinMagicPacketWakeUp) == 40);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_PM_CAPABILITIES, MinLinkChangeWakeUp) == 48);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_PM_CAPABILITIES, SupportedWakeUpEvents) == 52);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_PM_CAPABILITIES, MediaSpecificWakeUpEvents) == 56);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_1 == 52);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_2 == 60);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_PM_CAPABILITIES) == 60);

/* NDIS_PM_CAPABILITIES bit values, from the public OID_PM_* / NDIS_PM_*
 * documentation (not in the facts file's tables: see docs/run.md). */
#define NDIS_PM_WOL_BITMAP_PATTERN_SUPPORTED        0x00000001
#define NDIS_PM_WOL_MAGIC_PACKET_SUPPORTED          0x00000002
#define NDIS_PM_WOL_IPV4_TCP_SYN_SUPPORTED          0x00000004
#define NDIS_PM_WOL_IPV6_TCP_SYN_SUPPORTED          0x00000008
#define NDIS_PM_WOL_IPV4_DEST_ADDR_WILDCARD_SUPPORTED 0x00000200
#define NDIS_PM_WOL_IPV6_DEST_ADDR_WILDCARD_SUPPORTED 0x00000800
#define NDIS_PM_WOL_EAPOL_REQUEST_ID_MESSAGE_SUPPORTED 0x00010000
#define NDIS_PM_PROTOCOL_OFFLOAD_ARP_SUPPORTED      0x00000001
#define NDIS_PM_PROTOCOL_OFFLOAD_NS_SUPPORTED       0x00000002
#define NDIS_PM_PROTOCOL_OFFLOAD_80211_RSN_REKEY_SUPPORTED 0x00000080
#define NDIS_PM_WAKE_PACKET_INDICATION_SUPPORTED    0x00000001   /* Flags, 6.30 */
#define NDIS_PM_SELECTIVE_SUSPEND_SUPPORTED         0x00000002   /* Flags, 6.30 */
#define NDIS_PM_WAKE_ON_MEDIA_CONNECT_SUPPORTED     0x00000001   /* SupportedWakeUpEvents */
#define NDIS_PM_WAKE_ON_MEDIA_DISCONNECT_SUPPORTED  0x00000002

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_PM_H */
