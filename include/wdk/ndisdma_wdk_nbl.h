/*
 * ndisdma WDK compatibility headers: NET_BUFFER, NET_BUFFER_LIST, their
 * pools, and the accessor macros miniports use (spec section 3, facts
 * file section 7).
 *
 * Included by ndis.h; drivers never include it directly.
 *
 * Clean-room: written from the spec, the facts file and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_NBL_H
#define NDISDMA_WDK_NBL_H

#include "ndisdma_wdk_base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _NET_BUFFER NET_BUFFER, *PNET_BUFFER;
typedef struct _NET_BUFFER_LIST NET_BUFFER_LIST, *PNET_BUFFER_LIST;
typedef struct _NET_BUFFER_LIST_CONTEXT NET_BUFFER_LIST_CONTEXT, *PNET_BUFFER_LIST_CONTEXT;
typedef struct _NET_BUFFER_SHARED_MEMORY NET_BUFFER_SHARED_MEMORY, *PNET_BUFFER_SHARED_MEMORY;

/* ---- NET_BUFFER ------------------------------------------------------------- */
typedef union _NET_BUFFER_DATA_LENGTH {
    ULONG  DataLength;
    SIZE_T stDataLength;
} NET_BUFFER_DATA_LENGTH, *PNET_BUFFER_DATA_LENGTH;

typedef struct _NET_BUFFER_DATA {
    PNET_BUFFER Next;                   /* +0x00 */
    PMDL        CurrentMdl;             /* +0x08 first MDL in use */
    ULONG       CurrentMdlOffset;       /* +0x10 data start in CurrentMdl */
    union {                             /* +0x18 */
        ULONG  DataLength;              /* bytes of data */
        SIZE_T stDataLength;
    };
    PMDL        MdlChain;               /* +0x20 first MDL of the chain */
    ULONG       DataOffset;             /* +0x28 chain start to data (backfill) */
} NET_BUFFER_DATA, *PNET_BUFFER_DATA;

typedef union _NET_BUFFER_HEADER {
    NET_BUFFER_DATA NetBufferData;
    SLIST_HEADER    Link;
} NET_BUFFER_HEADER, *PNET_BUFFER_HEADER;

struct _NET_BUFFER {
    union {
        struct {
            PNET_BUFFER Next;
            PMDL        CurrentMdl;
            ULONG       CurrentMdlOffset;
            union {
                ULONG  DataLength;
                SIZE_T stDataLength;
            };
            PMDL        MdlChain;
            ULONG       DataOffset;
        };
        SLIST_HEADER      Link;
        NET_BUFFER_HEADER NetBufferHeader;
    };                                                  /* +0x00 */
    USHORT      ChecksumBias;                           /* +0x30 */
    USHORT      Reserved;                               /* +0x32 */
    NDIS_HANDLE NdisPoolHandle;                         /* +0x38 */
    DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT) PVOID NdisReserved[2];     /* +0x40 */
    DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT) PVOID ProtocolReserved[6]; /* +0x50 */
    DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT) PVOID MiniportReserved[4]; /* +0x80 */
    NDIS_PHYSICAL_ADDRESS DataPhysicalAddress;          /* +0xA0 */
    union {                                             /* +0xA8 */
        PNET_BUFFER_SHARED_MEMORY SharedMemoryInfo;
        PSCATTER_GATHER_LIST      ScatterGatherList;
    };
};

NDISDMA_WDK_STATIC_ASSERT(sizeof(NET_BUFFER_DATA) == 0x30);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER_DATA, Next) == 0x00);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER_DATA, CurrentMdl) == 0x08);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER_DATA, CurrentMdlOffset) == 0x10);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER_DATA, DataLength) == 0x18);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER_DATA, MdlChain) == 0x20);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER_DATA, DataOffset) == 0x28);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NET_BUFFER_HEADER) == 0x30);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER, Next) == 0x00);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER, CurrentMdl) == 0x08);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER, CurrentMdlOffset) == 0x10);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER, DataLength) == 0x18);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER, MdlChain) == 0x20);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER, DataOffset) == 0x28);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER, ChecksumBias) == 0x30);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER, Reserved) == 0x32);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER, NdisPoolHandle) == 0x38);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER, NdisReserved) == 0x40);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER, ProtocolReserved) == 0x50);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER, MiniportReserved) == 0x80);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER, DataPhysicalAddress) == 0xA0);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER, ScatterGatherList) == 0xA8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER, SharedMemoryInfo) == 0xA8);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NET_BUFFER) == 0xB0);
NDISDMA_WDK_STATIC_ASSERT(NDISDMA_WDK_ALIGNOF(NET_BUFFER) == 16);

/* ---- NET_BUFFER_LIST ----------------------------------------------------------- */
/*
 * NetBufferListInfo slots (facts §6.11).  The names a driver sees, and
 * MaxNetBufferListInfo (the last enumerator), follow the NDIS version it
 * selects (NDIS6xx_MINIPORT, ndisdma_wdk_base.h): 11 for 6.0, 13 for 6.1,
 * 18 for 6.20, 24 for 6.30-6.40, 26 for 6.50-6.70 and 27 for 6.80+ (x64).
 * The array in NET_BUFFER_LIST, though, always has NDISDMA_NBL_INFO_SLOTS
 * entries, so one NBL serves a driver of any version (the runtime allocates
 * every NBL with that capacity) and the structure's layout never depends
 * on the version.
 */
#define NDISDMA_NBL_INFO_SLOTS 29

typedef enum _NDIS_NET_BUFFER_LIST_INFO {
    TcpIpChecksumNetBufferListInfo = 0,
    TcpOffloadBytesTransferred = 0,
    IPsecOffloadV1NetBufferListInfo = 1,
    IPsecOffloadV2NetBufferListInfo = 1,
    TcpLargeSendNetBufferListInfo = 2,
    TcpReceiveNoPush = 2,
    ClassificationHandleNetBufferListInfo = 3,
    Ieee8021QNetBufferListInfo = 4,
    NetBufferListCancelId = 5,
    MediaSpecificInformation = 6,
    NetBufferListFrameType = 7,
    NetBufferListProtocolId = 7,
    NetBufferListHashValue = 8,
    NetBufferListHashInfo = 9,
    WfpNetBufferListInfo = 10,
#if NDIS_SUPPORT_NDIS61
    IPsecOffloadV2TunnelNetBufferListInfo = 11,
    IPsecOffloadV2HeaderNetBufferListInfo = 12,
#endif
#if NDIS_SUPPORT_NDIS620
    NetBufferListCorrelationId = 13,
    NetBufferListFilteringInfo = 14,
    MediaSpecificInformationEx = 15,
    NblOriginalInterfaceIfIndex = 16,
    NblReAuthWfpFlowContext = 16,
    TcpReceiveBytesTransferred = 17,
    NrtNameResolutionId = 17,
    UdpRecvSegCoalesceOffloadInfo = 17,
#endif
#if NDIS_SUPPORT_NDIS630
    SwitchForwardingReserved = 18,
    SwitchForwardingDetail = 19,
    VirtualSubnetInfo = 20,
    IMReserved = 21,
    TcpRecvSegCoalesceInfo = 22,
    UdpSegmentationOffloadInfo = 22,
    RscTcpTimestampDelta = 23,
    TcpSendOffloadsSupplementalNetBufferListInfo = 23,
#endif
#if NDIS_SUPPORT_NDIS650
    GftOffloadInformation = 24,
    GftFlowEntryId = 25,
#endif
#if NDIS_SUPPORT_NDIS680
    NetBufferListInfoReserved3 = 26,
    MaxNetBufferListInfo = 27
#elif NDIS_SUPPORT_NDIS650
    MaxNetBufferListInfo = 26
#elif NDIS_SUPPORT_NDIS630
    MaxNetBufferListInfo = 24
#elif NDIS_SUPPORT_NDIS620
    MaxNetBufferListInfo = 18
#elif NDIS_SUPPORT_NDIS61
    MaxNetBufferListInfo = 13
#else
    MaxNetBufferListInfo = 11
#endif
} NDIS_NET_BUFFER_LIST_INFO, *PNDIS_NET_BUFFER_LIST_INFO;

NDISDMA_WDK_STATIC_ASSERT(MaxNetBufferListInfo <= NDISDMA_NBL_INFO_SLOTS);

struct _NET_BUFFER_LIST_CONTEXT {
    PNET_BUFFER_LIST_CONTEXT Next;      /* +0 */
    USHORT Size;                        /* +8  bytes of ContextData */
    USHORT Offset;                      /* +10 first used byte */
    DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT) UCHAR ContextData[]; /* +16 */
};

NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER_LIST_CONTEXT, ContextData) == 16);

typedef struct _NET_BUFFER_LIST_DATA {
    PNET_BUFFER_LIST Next;
    PNET_BUFFER      FirstNetBuffer;
} NET_BUFFER_LIST_DATA, *PNET_BUFFER_LIST_DATA;

typedef union _NET_BUFFER_LIST_HEADER {
    NET_BUFFER_LIST_DATA NetBufferListData;
    SLIST_HEADER         Link;
} NET_BUFFER_LIST_HEADER, *PNET_BUFFER_LIST_HEADER;

struct _NET_BUFFER_LIST {
    union {
        struct {
            PNET_BUFFER_LIST Next;          /* +0x00 */
            PNET_BUFFER      FirstNetBuffer;/* +0x08 */
        };
        SLIST_HEADER           Link;
        NET_BUFFER_LIST_HEADER NetBufferListHeader;
    };
    PNET_BUFFER_LIST_CONTEXT Context;       /* +0x10 */
    PNET_BUFFER_LIST ParentNetBufferList;   /* +0x18 */
    NDIS_HANDLE      NdisPoolHandle;        /* +0x20 */
    DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT) PVOID NdisReserved[2];     /* +0x30 */
    DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT) PVOID ProtocolReserved[4]; /* +0x40 */
    DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT) PVOID MiniportReserved[2]; /* +0x60 */
    PVOID            Scratch;               /* +0x70 */
    NDIS_HANDLE      SourceHandle;          /* +0x78 */
    ULONG            NblFlags;              /* +0x80 */
    LONG             ChildRefCount;         /* +0x84 */
    ULONG            Flags;                 /* +0x88 */
    union {                                 /* +0x8C */
        NDIS_STATUS Status;
        ULONG       NdisReserved2;
    };
    PVOID NetBufferListInfo[NDISDMA_NBL_INFO_SLOTS];  /* +0x90, facts §6.11 */
};

NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER_LIST, Next) == 0x00);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER_LIST, FirstNetBuffer) == 0x08);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER_LIST, Context) == 0x10);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER_LIST, ParentNetBufferList) == 0x18);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER_LIST, NdisPoolHandle) == 0x20);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER_LIST, NdisReserved) == 0x30);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER_LIST, ProtocolReserved) == 0x40);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER_LIST, MiniportReserved) == 0x60);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER_LIST, Scratch) == 0x70);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER_LIST, SourceHandle) == 0x78);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER_LIST, NblFlags) == 0x80);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER_LIST, ChildRefCount) == 0x84);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER_LIST, Flags) == 0x88);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER_LIST, Status) == 0x8C);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER_LIST, NetBufferListInfo) == 0x90);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NET_BUFFER_LIST) == 0x180);
NDISDMA_WDK_STATIC_ASSERT(NDISDMA_WDK_ALIGNOF(NET_BUFFER_LIST) == 16);

/* ---- accessors (lvalues where the field is) ---------------------------------- */
#define NET_BUFFER_NEXT_NB(_NB)              ((_NB)->Next)
#define NET_BUFFER_FIRST_MDL(_NB)            ((_NB)->MdlChain)
#define NET_BUFFER_CURRENT_MDL(_NB)          ((_NB)->CurrentMdl)
#define NET_BUFFER_CURRENT_MDL_OFFSET(_NB)   ((_NB)->CurrentMdlOffset)
#define NET_BUFFER_DATA_LENGTH(_NB)          ((_NB)->DataLength)
#define NET_BUFFER_DATA_OFFSET(_NB)          ((_NB)->DataOffset)
#define NET_BUFFER_CHECKSUM_BIAS(_NB)        ((_NB)->ChecksumBias)
#define NET_BUFFER_MINIPORT_RESERVED(_NB)    ((_NB)->MiniportReserved)
#define NET_BUFFER_PROTOCOL_RESERVED(_NB)    ((_NB)->ProtocolReserved)
#define NET_BUFFER_DATA_PHYSICAL_ADDRESS(_NB) ((_NB)->DataPhysicalAddress)

#define NET_BUFFER_LIST_NEXT_NBL(_NBL)           ((_NBL)->Next)
#define NET_BUFFER_LIST_FIRST_NB(_NBL)           ((_NBL)->FirstNetBuffer)
#define NET_BUFFER_LIST_STATUS(_NBL)             ((_NBL)->Status)
#define NET_BUFFER_LIST_FLAGS(_NBL)              ((_NBL)->Flags)
#define NET_BUFFER_LIST_NBL_FLAGS(_NBL)          ((_NBL)->NblFlags)
#define NET_BUFFER_LIST_MINIPORT_RESERVED(_NBL)  ((_NBL)->MiniportReserved)
#define NET_BUFFER_LIST_PROTOCOL_RESERVED(_NBL)  ((_NBL)->ProtocolReserved)
#define NET_BUFFER_LIST_CONTEXT_DATA_START(_NBL) \
    ((PVOID)((_NBL)->Context->ContextData + (_NBL)->Context->Offset))
#define NET_BUFFER_LIST_CONTEXT_DATA_SIZE(_NBL) \
    ((ULONG)((_NBL)->Context->Size - (_NBL)->Context->Offset))

/* ---- NblFlags: what NDIS and the drivers say about an NBL's data ------------- */
/* Read-only data on send or receive; the header-data split attributes a
 * miniport sets on receive (NDIS 6.1); the protocols a receiving miniport
 * found in the frame.  IS_LOOPBACK_PACKET is not provided (docs/compat.md). */
#define NDIS_NBL_FLAGS_SEND_READ_ONLY                         0x00000001
#define NDIS_NBL_FLAGS_RECV_READ_ONLY                         0x00000002
#define NDIS_NBL_FLAGS_HD_SPLIT                               0x00000100
#define NDIS_NBL_FLAGS_SPLIT_AT_UPPER_LAYER_PROTOCOL_HEADER   0x00000200
#define NDIS_NBL_FLAGS_SPLIT_AT_UPPER_LAYER_PROTOCOL_PAYLOAD  0x00000400
#define NDIS_NBL_FLAGS_IS_TCP                                 0x00001000
#define NDIS_NBL_FLAGS_IS_UDP                                 0x00002000
#define NDIS_NBL_FLAGS_IS_IPV4                                0x00004000
#define NDIS_NBL_FLAGS_IS_IPV6                                0x00008000

/* Set and clear are statements on the lvalue; NdisTestNblFlag is TRUE when
 * any bit of _F is set, NdisTestNblFlags only when all of them are. */
#define NdisSetNblFlag(_NBL, _F)    ((_NBL)->NblFlags |= (_F))
#define NdisClearNblFlag(_NBL, _F)  ((_NBL)->NblFlags &= ~(_F))
#define NdisTestNblFlag(_NBL, _F)   (((_NBL)->NblFlags & (_F)) != 0)
#define NdisTestNblFlags(_NBL, _F)  (((_NBL)->NblFlags & (_F)) == (_F))

/* ---- NET_BUFFER_LIST info slots (facts §6.11) ----------------------------------- */
/* The slot itself, an lvalue PVOID: read it or assign it. */
#define NET_BUFFER_LIST_INFO(_NBL, _Id)          ((_NBL)->NetBufferListInfo[(_Id)])

/* Each per-slot structure is one pointer-sized union over the slot value;
 * the bit-fields are all of one 32-bit type, so the layout is the same with
 * and without -mms-bitfields. */
typedef struct _NDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO {
    union {
        struct {
            ULONG IsIPv4 : 1;
            ULONG IsIPv6 : 1;
            ULONG TcpChecksum : 1;
            ULONG UdpChecksum : 1;
            ULONG IpHeaderChecksum : 1;
            ULONG Reserved : 11;
            ULONG TcpHeaderOffset : 10;
        } Transmit;
        struct {
            ULONG TcpChecksumFailed : 1;
            ULONG UdpChecksumFailed : 1;
            ULONG IpChecksumFailed : 1;
            ULONG TcpChecksumSucceeded : 1;
            ULONG UdpChecksumSucceeded : 1;
            ULONG IpChecksumSucceeded : 1;
            ULONG Loopback : 1;
            ULONG TcpChecksumValueInvalid : 1;   /* NDIS 6.30 */
            ULONG IpChecksumValueInvalid : 1;    /* NDIS 6.30 */
        } Receive;
        PVOID Value;
    };
} NDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO, *PNDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO;

#define NDIS_TCP_LARGE_SEND_OFFLOAD_V1_TYPE 0
#define NDIS_TCP_LARGE_SEND_OFFLOAD_V2_TYPE 1
#define NDIS_TCP_LARGE_SEND_OFFLOAD_IPv4    0
#define NDIS_TCP_LARGE_SEND_OFFLOAD_IPv6    1

typedef struct _NDIS_TCP_LARGE_SEND_OFFLOAD_NET_BUFFER_LIST_INFO {
    union {
        struct {
            ULONG Unused : 30;
            ULONG Type : 1;
            ULONG Reserved2 : 1;
        } Transmit;
        struct {
            ULONG MSS : 20;
            ULONG TcpHeaderOffset : 10;
            ULONG Type : 1;
            ULONG Reserved2 : 1;
        } LsoV1Transmit;
        struct {
            ULONG TcpPayload : 30;   /* written by the driver at completion */
            ULONG Type : 1;
            ULONG Reserved2 : 1;
        } LsoV1TransmitComplete;
        struct {
            ULONG MSS : 20;
            ULONG TcpHeaderOffset : 10;
            ULONG Type : 1;
            ULONG IPVersion : 1;
        } LsoV2Transmit;
        struct {
            ULONG Reserved : 30;
            ULONG Type : 1;
            ULONG Reserved2 : 1;
        } LsoV2TransmitComplete;
        PVOID Value;
    };
} NDIS_TCP_LARGE_SEND_OFFLOAD_NET_BUFFER_LIST_INFO,
  *PNDIS_TCP_LARGE_SEND_OFFLOAD_NET_BUFFER_LIST_INFO;

typedef struct _NDIS_NET_BUFFER_LIST_8021Q_INFO {
    union {
        struct {
            UINT32 UserPriority : 3;
            UINT32 CanonicalFormatId : 1;   /* 0 for Ethernet */
            UINT32 VlanId : 12;
            UINT32 Reserved : 16;
        } TagHeader;
        struct {
            UINT32 UserPriority : 3;
            UINT32 CanonicalFormatId : 1;
            UINT32 VlanId : 12;
            UINT32 WMMInfo : 4;
            UINT32 Reserved : 12;
        } WLanTagHeader;
        PVOID Value;
    };
} NDIS_NET_BUFFER_LIST_8021Q_INFO, *PNDIS_NET_BUFFER_LIST_8021Q_INFO;

/* NetBufferListFilteringInfo (NDIS 6.20+).  NDIS 6.20 code names the queue
 * FilteringInfo.QueueId, later code FilteringInfo.QueueVPortInfo.QueueId:
 * both spell the same USHORT here. */
typedef struct _NDIS_NET_BUFFER_LIST_FILTERING_INFO {
    union {
        struct {
            USHORT FilterId;
            union {
                USHORT QueueId;
                union {
                    USHORT QueueId;
                    USHORT VPortId;
                } QueueVPortInfo;
            };
        } FilteringInfo;
        PVOID Value;
    };
} NDIS_NET_BUFFER_LIST_FILTERING_INFO, *PNDIS_NET_BUFFER_LIST_FILTERING_INFO;

NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO) == 8);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_TCP_LARGE_SEND_OFFLOAD_NET_BUFFER_LIST_INFO) == 8);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_NET_BUFFER_LIST_8021Q_INFO) == 8);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_NET_BUFFER_LIST_FILTERING_INFO) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_NET_BUFFER_LIST_FILTERING_INFO, FilteringInfo.FilterId) == 0);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_NET_BUFFER_LIST_FILTERING_INFO, FilteringInfo.QueueId) == 2);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_NET_BUFFER_LIST_FILTERING_INFO,
                                   FilteringInfo.QueueVPortInfo.VPortId) == 2);

/* The cancel id of an NBL (MiniportCancelSend compares it). */
#define NDIS_SET_NET_BUFFER_LIST_CANCEL_ID(_NBL, _CancelId) \
    (NET_BUFFER_LIST_INFO((_NBL), NetBufferListCancelId) = (PVOID)(ULONG_PTR)(_CancelId))
#define NDIS_GET_NET_BUFFER_LIST_CANCEL_ID(_NBL) \
    (NET_BUFFER_LIST_INFO((_NBL), NetBufferListCancelId))

#if NDIS_SUPPORT_NDIS620
#define NDIS_DEFAULT_RECEIVE_QUEUE_ID  0
#define NDIS_DEFAULT_RECEIVE_FILTER_ID 0
/* USHORT lvalues in the NetBufferListFilteringInfo slot. */
#define NET_BUFFER_LIST_RECEIVE_QUEUE_ID(_NBL)                              \
    (((PNDIS_NET_BUFFER_LIST_FILTERING_INFO)&NET_BUFFER_LIST_INFO(          \
        (_NBL), NetBufferListFilteringInfo))->FilteringInfo.QueueVPortInfo.QueueId)
#define NET_BUFFER_LIST_RECEIVE_FILTER_ID(_NBL)                             \
    (((PNDIS_NET_BUFFER_LIST_FILTERING_INFO)&NET_BUFFER_LIST_INFO(          \
        (_NBL), NetBufferListFilteringInfo))->FilteringInfo.FilterId)
#endif

/* ---- MDL helpers ------------------------------------------------------------- */
static inline VOID ndisdma_wdk_query_mdl(PMDL Mdl, PVOID *VirtualAddress,
                                         PULONG Length, ULONG Priority)
{
    if (VirtualAddress != NULL)
        *VirtualAddress = MmGetSystemAddressForMdlSafe(Mdl, Priority);
    *Length = MmGetMdlByteCount(Mdl);
}

/* System VA (NULL on failure; optional) and byte count of one MDL. */
#define NdisQueryMdl(_Mdl, _VirtualAddress, _Length, _Priority)          \
    ndisdma_wdk_query_mdl((_Mdl), (PVOID *)(_VirtualAddress),            \
                          (PULONG)(_Length), (ULONG)(_Priority))
/* Offset in the first page and byte count of one MDL. */
#define NdisQueryMdlOffset(_Mdl, _Offset, _Length)                       \
    do {                                                                 \
        *(_Offset) = MmGetMdlByteOffset(_Mdl);                           \
        *(_Length) = MmGetMdlByteCount(_Mdl);                            \
    } while (0)
#define NdisGetNextMdl(_CurrentMdl, _NextMdl) \
    ((*(_NextMdl)) = (_CurrentMdl)->Next)
#define NDIS_MDL_LINKAGE(_Mdl)    ((_Mdl)->Next)
#define NDIS_BUFFER_LINKAGE(_Mdl) ((_Mdl)->Next)
/* Number of physical pages the MDL spans. */
#define NdisGetMdlPhysicalArraySize(_Mdl, _ArraySize)                    \
    (*(_ArraySize) = ADDRESS_AND_SIZE_TO_SPAN_PAGES(                     \
         MmGetMdlVirtualAddress(_Mdl), MmGetMdlByteCount(_Mdl)))
#define NdisQueryMdlLength(_Mdl) MmGetMdlByteCount(_Mdl)
/* Sets the byte count of an MDL (at most the length it was built with). */
#define NdisAdjustMdlLength(_Mdl, _Length) ((_Mdl)->ByteCount = (ULONG)(_Length))

/* MDL allocator/free callbacks of NdisRetreat/AdvanceNetBufferDataStart. */
typedef PMDL (NTAPI NET_BUFFER_ALLOCATE_MDL)(_Inout_ PULONG BufferSize);
typedef NET_BUFFER_ALLOCATE_MDL *NET_BUFFER_ALLOCATE_MDL_HANDLER;
typedef VOID (NTAPI NET_BUFFER_FREE_MDL)(_In_ PMDL Mdl);
typedef NET_BUFFER_FREE_MDL *NET_BUFFER_FREE_MDL_HANDLER;

/* ---- pools -------------------------------------------------------------------- */
#define NDIS_PROTOCOL_ID_DEFAULT 0x00
#define NDIS_PROTOCOL_ID_TCP_IP  0x02
#define NDIS_PROTOCOL_ID_IPX     0x06
#define NDIS_PROTOCOL_ID_NBF     0x07
#define NDIS_PROTOCOL_ID_MAX     0x0F
#define NDIS_PROTOCOL_ID_MASK    0x0F

typedef struct _NET_BUFFER_LIST_POOL_PARAMETERS {
    NDIS_OBJECT_HEADER Header;          /* DEFAULT, REVISION_1 */
    UCHAR   ProtocolId;                 /* NDIS_PROTOCOL_ID_* */
    BOOLEAN fAllocateNetBuffer;         /* NBLs come with one NET_BUFFER */
    USHORT  ContextSize;                /* bytes, multiple of MEMORY_ALLOCATION_ALIGNMENT */
    ULONG   PoolTag;
    ULONG   DataSize;                   /* >0: each NB gets a data buffer and MDL */
} NET_BUFFER_LIST_POOL_PARAMETERS, *PNET_BUFFER_LIST_POOL_PARAMETERS;

#define NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1 1
#define NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NET_BUFFER_LIST_POOL_PARAMETERS, DataSize)

typedef struct _NET_BUFFER_POOL_PARAMETERS {
    NDIS_OBJECT_HEADER Header;          /* DEFAULT, REVISION_1 */
    ULONG PoolTag;
    ULONG DataSize;
} NET_BUFFER_POOL_PARAMETERS, *PNET_BUFFER_POOL_PARAMETERS;

#define NET_BUFFER_POOL_PARAMETERS_REVISION_1 1
#define NDIS_SIZEOF_NET_BUFFER_POOL_PARAMETERS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NET_BUFFER_POOL_PARAMETERS, DataSize)

NDISDMA_WDK_STATIC_ASSERT(offsetof(NET_BUFFER_LIST_POOL_PARAMETERS, ContextSize) == 6);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NET_BUFFER_LIST_POOL_PARAMETERS) == 16);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NET_BUFFER_POOL_PARAMETERS) == 12);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1 == 16);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_NET_BUFFER_POOL_PARAMETERS_REVISION_1 == 12);

/* ---- send / return / receive flags (facts §6.11) ------------------------------- */
#define NDIS_SEND_FLAGS_DISPATCH_LEVEL                   0x00000001
#define NDIS_SEND_FLAGS_CHECK_FOR_LOOPBACK               0x00000002
#define NDIS_SEND_FLAGS_SINGLE_QUEUE                     0x00000004
#define NDIS_SEND_FLAGS_SWITCH_DESTINATION_GROUP         0x00000010
#define NDIS_SEND_FLAGS_SWITCH_SINGLE_SOURCE             0x00000020
#define NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL          0x00000001
#define NDIS_SEND_COMPLETE_FLAGS_SINGLE_QUEUE            0x00000002
#define NDIS_SEND_COMPLETE_FLAGS_SWITCH_SINGLE_SOURCE    0x00000004
#define NDIS_RETURN_FLAGS_DISPATCH_LEVEL                 0x00000001
#define NDIS_RETURN_FLAGS_SINGLE_QUEUE                   0x00000002
#define NDIS_RETURN_FLAGS_SWITCH_SINGLE_SOURCE           0x00000004
#define NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL                0x00000001
#define NDIS_RECEIVE_FLAGS_RESOURCES                     0x00000002
#define NDIS_RECEIVE_FLAGS_SINGLE_ETHER_TYPE             0x00000100
#define NDIS_RECEIVE_FLAGS_SINGLE_VLAN                   0x00000200
#define NDIS_RECEIVE_FLAGS_PERFECT_FILTERED              0x00000400
#define NDIS_RECEIVE_FLAGS_SINGLE_QUEUE                  0x00000800
#define NDIS_RECEIVE_FLAGS_SHARED_MEMORY_INFO_VALID      0x00001000
#define NDIS_RECEIVE_FLAGS_MORE_NBLS                     0x00002000
#define NDIS_RECEIVE_FLAGS_SWITCH_DESTINATION_GROUP      0x00004000
#define NDIS_RECEIVE_FLAGS_SWITCH_SINGLE_SOURCE          0x00008000

#define NDIS_TEST_SEND_AT_DISPATCH_LEVEL(_Flags) \
    (((_Flags) & NDIS_SEND_FLAGS_DISPATCH_LEVEL) ? TRUE : FALSE)
#define NDIS_TEST_SEND_COMPLETE_AT_DISPATCH_LEVEL(_Flags) \
    (((_Flags) & NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL) ? TRUE : FALSE)
#define NDIS_TEST_RETURN_AT_DISPATCH_LEVEL(_Flags) \
    (((_Flags) & NDIS_RETURN_FLAGS_DISPATCH_LEVEL) ? TRUE : FALSE)
#define NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(_Flags) \
    (((_Flags) & NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL) ? TRUE : FALSE)
/* Receive indications without NDIS_RECEIVE_FLAGS_RESOURCES may be kept. */
#define NDIS_TEST_RECEIVE_CAN_PEND(_Flags) \
    (((_Flags) & NDIS_RECEIVE_FLAGS_RESOURCES) ? FALSE : TRUE)
#define NDIS_TEST_RECEIVE_CANNOT_PEND(_Flags) \
    (((_Flags) & NDIS_RECEIVE_FLAGS_RESOURCES) ? TRUE : FALSE)
#define NDIS_SET_SEND_FLAG(_Flags, _Flag)          ((_Flags) |= (_Flag))
#define NDIS_SET_SEND_COMPLETE_FLAG(_Flags, _Flag) ((_Flags) |= (_Flag))
#define NDIS_SET_RETURN_FLAG(_Flags, _Flag)        ((_Flags) |= (_Flag))
#define NDIS_SET_RECEIVE_FLAG(_Flags, _Flag)       ((_Flags) |= (_Flag))

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_NBL_H */
