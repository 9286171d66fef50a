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

/* ---- NET_BUFFER_LIST -------------------------------------------------------- */
/*
 * NetBufferListInfo slots.  Windows grows this array release by release
 * (19, 23, 26 and 29 slots are seen); ndisdma reserves 29, the count of
 * recent releases, so MaxNetBufferListInfo == 29 and sizeof == 0x180.
 * Only the long-stable indices are named.
 */
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
    MaxNetBufferListInfo = 29
} NDIS_NET_BUFFER_LIST_INFO, *PNDIS_NET_BUFFER_LIST_INFO;

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
    PVOID NetBufferListInfo[MaxNetBufferListInfo];  /* +0x90 */
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
#define NET_BUFFER_LIST_INFO(_NBL, _Id)          ((_NBL)->NetBufferListInfo[(_Id)])

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

/* ---- send / return / receive flags -------------------------------------------- */
#define NDIS_SEND_FLAGS_DISPATCH_LEVEL          0x00000001
#define NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL 0x00000001
#define NDIS_RETURN_FLAGS_DISPATCH_LEVEL        0x00000001
#define NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL       0x00000001
#define NDIS_RECEIVE_FLAGS_RESOURCES            0x00000002
#define NDIS_RECEIVE_FLAGS_SINGLE_ETHER_TYPE    0x00000100
#define NDIS_RECEIVE_FLAGS_SINGLE_VLAN          0x00000200
#define NDIS_RECEIVE_FLAGS_PERFECT_FILTERED     0x00000400
#define NDIS_RECEIVE_FLAGS_SINGLE_QUEUE         0x00000800

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
