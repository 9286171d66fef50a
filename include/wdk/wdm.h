/*
 * ndisdma WDK compatibility headers: the WDM subset an NDIS miniport uses.
 *
 * Self-sufficient: a driver may include <wdm.h> alone.  ndis.h includes it.
 * Contents: IRQL, MDL (facts file section 7), scatter/gather lists (facts
 * section 4), opaque kernel objects, CM hardware resource descriptors, and
 * the register-access and IRQL entry points ndisdma exports.
 *
 * Clean-room: written from the spec, the facts file and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_WDM_H
#define NDISDMA_WDK_WDM_H

#include "ndisdma_wdk_types.h"
#include "ndisdma_wdk_interlocked.h"
#include "ndisdma_wdk_debug.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- IRQL (x64 values) ---------------------------------------------------- */
#define PASSIVE_LEVEL  0
#define LOW_LEVEL      0
#define APC_LEVEL      1
#define DISPATCH_LEVEL 2
#define SYNCH_LEVEL    12
#define CLOCK_LEVEL    13
#define IPI_LEVEL      14
#define POWER_LEVEL    14
#define PROFILE_LEVEL  15
#define HIGH_LEVEL     15

/* ndisdma simulates IRQL per thread (spec section 9). */
KIRQL KeGetCurrentIrql(VOID);
VOID KeRaiseIrql(KIRQL NewIrql, PKIRQL OldIrql);
VOID KeLowerIrql(KIRQL NewIrql);

/* ---- opaque kernel objects ------------------------------------------------- */
typedef struct _DEVICE_OBJECT DEVICE_OBJECT, *PDEVICE_OBJECT;
typedef struct _DRIVER_OBJECT DRIVER_OBJECT, *PDRIVER_OBJECT;
typedef struct _EPROCESS EPROCESS, *PEPROCESS;
typedef struct _KTHREAD KTHREAD, *PKTHREAD;
typedef struct _KINTERRUPT KINTERRUPT, *PKINTERRUPT;
typedef struct _IRP IRP, *PIRP;
typedef struct _DMA_ADAPTER DMA_ADAPTER, *PDMA_ADAPTER;

typedef enum _KINTERRUPT_MODE {
    LevelSensitive = 0,
    Latched = 1
} KINTERRUPT_MODE;

typedef enum _KINTERRUPT_POLARITY {
    InterruptPolarityUnknown = 0,
    InterruptActiveHigh = 1,
    InterruptActiveLow = 2
} KINTERRUPT_POLARITY, *PKINTERRUPT_POLARITY;

/* ---- driver entry ----------------------------------------------------------- */
typedef NTSTATUS (NTAPI DRIVER_INITIALIZE)(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath);
typedef DRIVER_INITIALIZE *PDRIVER_INITIALIZE;

typedef VOID (NTAPI DRIVER_UNLOAD)(_In_ PDRIVER_OBJECT DriverObject);
typedef DRIVER_UNLOAD *PDRIVER_UNLOAD;

/* ---- memory descriptor lists ------------------------------------------------ */
/*
 * An MDL describes ByteCount bytes starting ByteOffset into the page at
 * StartVa.  It is followed in memory by one PFN_NUMBER per page spanned:
 * the physical truth that SG list building reads (spec section 3).
 */
typedef struct _MDL {
    struct _MDL       *Next;            /* +0  next MDL of a chain */
    CSHORT             Size;            /* +8  MDL + PFN array, bytes */
    CSHORT             MdlFlags;        /* +10 MDL_* */
    struct _EPROCESS  *Process;         /* +16 */
    PVOID              MappedSystemVa;  /* +24 */
    PVOID              StartVa;         /* +32 page-aligned */
    ULONG              ByteCount;       /* +40 */
    ULONG              ByteOffset;      /* +44 offset into the first page */
} MDL, *PMDL;
typedef MDL *PMDLX;

NDISDMA_WDK_STATIC_ASSERT(sizeof(MDL) == 48);
NDISDMA_WDK_STATIC_ASSERT(offsetof(MDL, Next) == 0);
NDISDMA_WDK_STATIC_ASSERT(offsetof(MDL, Size) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(MDL, MdlFlags) == 10);
NDISDMA_WDK_STATIC_ASSERT(offsetof(MDL, Process) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(MDL, MappedSystemVa) == 24);
NDISDMA_WDK_STATIC_ASSERT(offsetof(MDL, StartVa) == 32);
NDISDMA_WDK_STATIC_ASSERT(offsetof(MDL, ByteCount) == 40);
NDISDMA_WDK_STATIC_ASSERT(offsetof(MDL, ByteOffset) == 44);

#define MDL_MAPPED_TO_SYSTEM_VA     0x0001
#define MDL_PAGES_LOCKED            0x0002
#define MDL_SOURCE_IS_NONPAGED_POOL 0x0004
#define MDL_ALLOCATED_FIXED_SIZE    0x0008
#define MDL_PARTIAL                 0x0010
#define MDL_PARTIAL_HAS_BEEN_MAPPED 0x0020
#define MDL_IO_PAGE_READ            0x0040
#define MDL_WRITE_OPERATION         0x0080
#define MDL_PARENT_MAPPED_SYSTEM_VA 0x0100
#define MDL_FREE_EXTRA_PTES         0x0200
#define MDL_DESCRIBES_AWE           0x0400
#define MDL_IO_SPACE                0x0800
#define MDL_NETWORK_HEADER          0x1000
#define MDL_MAPPING_CAN_FAIL        0x2000
#define MDL_ALLOCATED_MUST_SUCCEED  0x4000
#define MDL_INTERNAL                0x8000

#define MDL_MAPPING_FLAGS \
    (MDL_MAPPED_TO_SYSTEM_VA | MDL_PAGES_LOCKED | MDL_SOURCE_IS_NONPAGED_POOL | \
     MDL_PARTIAL_HAS_BEEN_MAPPED | MDL_PARENT_MAPPED_SYSTEM_VA | MDL_IO_SPACE)

/* Page priority for MmGetSystemAddressForMdlSafe, optionally ORed with the
 * MdlMapping* modifiers. */
typedef enum _MM_PAGE_PRIORITY {
    LowPagePriority = 0,
    NormalPagePriority = 16,
    HighPagePriority = 32
} MM_PAGE_PRIORITY;

#define MdlMappingNoWrite   0x80000000
#define MdlMappingNoExecute 0x40000000

#define MmGetMdlPfnArray(Mdl)       ((PPFN_NUMBER)((Mdl) + 1))
#define MmGetMdlVirtualAddress(Mdl) \
    ((PVOID)((PCHAR)((Mdl)->StartVa) + (Mdl)->ByteOffset))
#define MmGetMdlByteCount(Mdl)      ((Mdl)->ByteCount)
#define MmGetMdlByteOffset(Mdl)     ((Mdl)->ByteOffset)
#define MmGetMdlBaseVa(Mdl)         ((Mdl)->StartVa)
#define MmSizeOfMdl(Base, Length) \
    ((SIZE_T)(sizeof(MDL) + \
              sizeof(PFN_NUMBER) * ADDRESS_AND_SIZE_TO_SPAN_PAGES(Base, Length)))

/*
 * Documented: returns MappedSystemVa when the MDL is already mapped
 * (MDL_MAPPED_TO_SYSTEM_VA or MDL_SOURCE_IS_NONPAGED_POOL), otherwise maps
 * the pages.  Every ndisdma MDL describes memory that is mapped in the
 * process, so the "otherwise" case is its virtual address.
 */
static inline PVOID MmGetSystemAddressForMdlSafe(PMDL Mdl, ULONG Priority)
{
    (void)Priority;
    if (Mdl->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL))
        return Mdl->MappedSystemVa;
    if (Mdl->StartVa == NULL)
        return NULL;   /* nothing to map: the documented failure, NULL */
    return MmGetMdlVirtualAddress(Mdl);
}

/* ---- scatter/gather lists (facts section 4) --------------------------------- */
typedef struct _SCATTER_GATHER_ELEMENT {
    PHYSICAL_ADDRESS Address;   /* +0  device-visible address */
    ULONG            Length;    /* +8  bytes */
    ULONG_PTR        Reserved;  /* +16 */
} SCATTER_GATHER_ELEMENT, *PSCATTER_GATHER_ELEMENT;

typedef struct _SCATTER_GATHER_LIST {
    ULONG                  NumberOfElements;   /* +0 */
    ULONG_PTR              Reserved;           /* +8 */
    SCATTER_GATHER_ELEMENT Elements[];         /* +16 */
} SCATTER_GATHER_LIST, *PSCATTER_GATHER_LIST;

NDISDMA_WDK_STATIC_ASSERT(sizeof(SCATTER_GATHER_ELEMENT) == 24);
NDISDMA_WDK_STATIC_ASSERT(offsetof(SCATTER_GATHER_ELEMENT, Address) == 0);
NDISDMA_WDK_STATIC_ASSERT(offsetof(SCATTER_GATHER_ELEMENT, Length) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(SCATTER_GATHER_ELEMENT, Reserved) == 16);
NDISDMA_WDK_STATIC_ASSERT(sizeof(SCATTER_GATHER_LIST) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(SCATTER_GATHER_LIST, NumberOfElements) == 0);
NDISDMA_WDK_STATIC_ASSERT(offsetof(SCATTER_GATHER_LIST, Reserved) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(SCATTER_GATHER_LIST, Elements) == 16);

/* ---- hardware resources ------------------------------------------------------ */
typedef enum _INTERFACE_TYPE {
    InterfaceTypeUndefined = -1,
    Internal = 0,
    Isa = 1,
    Eisa = 2,
    MicroChannel = 3,
    TurboChannel = 4,
    PCIBus = 5,
    VMEBus = 6,
    NuBus = 7,
    PCMCIABus = 8,
    CBus = 9,
    MPIBus = 10,
    MPSABus = 11,
    ProcessorInternal = 12,
    InternalPowerBus = 13,
    PNPISABus = 14,
    PNPBus = 15,
    Vmcs = 16,
    ACPIBus = 17,
    MaximumInterfaceType
} INTERFACE_TYPE, *PINTERFACE_TYPE;

#define CmResourceTypeNull            0
#define CmResourceTypePort            1
#define CmResourceTypeInterrupt       2
#define CmResourceTypeMemory          3
#define CmResourceTypeDma             4
#define CmResourceTypeDeviceSpecific  5
#define CmResourceTypeBusNumber       6
#define CmResourceTypeMemoryLarge     7
#define CmResourceTypeNonArbitrated   128
#define CmResourceTypeConfigData      128
#define CmResourceTypeDevicePrivate   129
#define CmResourceTypePcCardConfig    130
#define CmResourceTypeMfCardConfig    131

typedef enum _CM_SHARE_DISPOSITION {
    CmResourceShareUndetermined = 0,
    CmResourceShareDeviceExclusive = 1,
    CmResourceShareDriverExclusive = 2,
    CmResourceShareShared = 3
} CM_SHARE_DISPOSITION;

#define CM_RESOURCE_INTERRUPT_LEVEL_SENSITIVE 0x0000
#define CM_RESOURCE_INTERRUPT_LATCHED         0x0001
#define CM_RESOURCE_INTERRUPT_MESSAGE         0x0002

#define CM_RESOURCE_MEMORY_READ_WRITE    0x0000
#define CM_RESOURCE_MEMORY_READ_ONLY     0x0001
#define CM_RESOURCE_MEMORY_WRITE_ONLY    0x0002
#define CM_RESOURCE_MEMORY_PREFETCHABLE  0x0004
#define CM_RESOURCE_MEMORY_COMBINEDWRITE 0x0008
#define CM_RESOURCE_MEMORY_24            0x0010
#define CM_RESOURCE_MEMORY_CACHEABLE     0x0020

#define CM_RESOURCE_PORT_MEMORY 0x0000
#define CM_RESOURCE_PORT_IO     0x0001

/* Windows packs the resource descriptors to 4 bytes. */
#pragma pack(push, 4)
typedef struct _CM_PARTIAL_RESOURCE_DESCRIPTOR {
    UCHAR  Type;              /* CmResourceType* */
    UCHAR  ShareDisposition;  /* CM_SHARE_DISPOSITION */
    USHORT Flags;             /* CM_RESOURCE_* of the type */
    union {
        struct {
            PHYSICAL_ADDRESS Start;
            ULONG Length;
        } Generic;
        struct {
            PHYSICAL_ADDRESS Start;
            ULONG Length;
        } Port;
        struct {
            ULONG Level;
            ULONG Vector;
            KAFFINITY Affinity;
        } Interrupt;
        struct {
            union {
                struct {
                    union {
                        USHORT Reserved;
                        USHORT Group;
                    };
                    USHORT MessageCount;
                    ULONG Vector;
                    KAFFINITY Affinity;
                } Raw;
                struct {
                    ULONG Level;
                    ULONG Vector;
                    KAFFINITY Affinity;
                } Translated;
            };
        } MessageInterrupt;
        struct {
            PHYSICAL_ADDRESS Start;
            ULONG Length;
        } Memory;
        struct {
            ULONG Channel;
            ULONG Port;
            ULONG Reserved1;
        } Dma;
        struct {
            ULONG Data[3];
        } DevicePrivate;
        struct {
            ULONG Start;
            ULONG Length;
            ULONG Reserved;
        } BusNumber;
        struct {
            ULONG DataSize;
            ULONG Reserved1;
            ULONG Reserved2;
        } DeviceSpecificData;
        struct {
            PHYSICAL_ADDRESS Start;
            ULONG Length40;
        } Memory40;
        struct {
            PHYSICAL_ADDRESS Start;
            ULONG Length48;
        } Memory48;
        struct {
            PHYSICAL_ADDRESS Start;
            ULONG Length64;
        } Memory64;
    } u;
} CM_PARTIAL_RESOURCE_DESCRIPTOR, *PCM_PARTIAL_RESOURCE_DESCRIPTOR;

typedef struct _CM_PARTIAL_RESOURCE_LIST {
    USHORT Version;
    USHORT Revision;
    ULONG  Count;
    CM_PARTIAL_RESOURCE_DESCRIPTOR PartialDescriptors[1];   /* Count entries */
} CM_PARTIAL_RESOURCE_LIST, *PCM_PARTIAL_RESOURCE_LIST;

typedef struct _CM_FULL_RESOURCE_DESCRIPTOR {
    INTERFACE_TYPE InterfaceType;
    ULONG BusNumber;
    CM_PARTIAL_RESOURCE_LIST PartialResourceList;
} CM_FULL_RESOURCE_DESCRIPTOR, *PCM_FULL_RESOURCE_DESCRIPTOR;

typedef struct _CM_RESOURCE_LIST {
    ULONG Count;
    CM_FULL_RESOURCE_DESCRIPTOR List[1];                    /* Count entries */
} CM_RESOURCE_LIST, *PCM_RESOURCE_LIST;
#pragma pack(pop)

NDISDMA_WDK_STATIC_ASSERT(sizeof(CM_PARTIAL_RESOURCE_DESCRIPTOR) == 20);
NDISDMA_WDK_STATIC_ASSERT(offsetof(CM_PARTIAL_RESOURCE_DESCRIPTOR, ShareDisposition) == 1);
NDISDMA_WDK_STATIC_ASSERT(offsetof(CM_PARTIAL_RESOURCE_DESCRIPTOR, Flags) == 2);
NDISDMA_WDK_STATIC_ASSERT(offsetof(CM_PARTIAL_RESOURCE_DESCRIPTOR, u) == 4);
NDISDMA_WDK_STATIC_ASSERT(offsetof(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Memory.Length) == 12);
NDISDMA_WDK_STATIC_ASSERT(offsetof(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Interrupt.Vector) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Interrupt.Affinity) == 12);
NDISDMA_WDK_STATIC_ASSERT(offsetof(CM_PARTIAL_RESOURCE_LIST, PartialDescriptors) == 8);
NDISDMA_WDK_STATIC_ASSERT(sizeof(CM_PARTIAL_RESOURCE_LIST) == 28);
NDISDMA_WDK_STATIC_ASSERT(offsetof(CM_FULL_RESOURCE_DESCRIPTOR, PartialResourceList) == 8);
NDISDMA_WDK_STATIC_ASSERT(sizeof(CM_RESOURCE_LIST) == 40);

/* ---- MSI message table (NdisMRegisterInterruptEx, message-based) ------------- */
typedef struct _IO_INTERRUPT_MESSAGE_INFO_ENTRY {
    PHYSICAL_ADDRESS    MessageAddress;
    KAFFINITY           TargetProcessorSet;
    PKINTERRUPT         InterruptObject;
    ULONG               MessageData;
    ULONG               Vector;
    KIRQL               Irql;
    KINTERRUPT_MODE     Mode;
    KINTERRUPT_POLARITY Polarity;
} IO_INTERRUPT_MESSAGE_INFO_ENTRY, *PIO_INTERRUPT_MESSAGE_INFO_ENTRY;

typedef struct _IO_INTERRUPT_MESSAGE_INFO {
    KIRQL UnifiedIrql;
    ULONG MessageCount;
    IO_INTERRUPT_MESSAGE_INFO_ENTRY MessageInfo[1];         /* MessageCount */
} IO_INTERRUPT_MESSAGE_INFO, *PIO_INTERRUPT_MESSAGE_INFO;

/* ---- device register access -------------------------------------------------- */
/*
 * Register windows mapped by NdisMMapIoSpace belong to ndisdma's device
 * model, so every access goes through the runtime (which also orders it like
 * an uncached MMIO access).  These are ndisdma exports; the WDK names below
 * and the NdisRead/WriteRegister* macros in ndis.h expand to them.
 */
UCHAR  NdisDmaIoRead8(volatile UCHAR *Register);
USHORT NdisDmaIoRead16(volatile USHORT *Register);
ULONG  NdisDmaIoRead32(volatile ULONG *Register);
VOID   NdisDmaIoWrite8(volatile UCHAR *Register, UCHAR Value);
VOID   NdisDmaIoWrite16(volatile USHORT *Register, USHORT Value);
VOID   NdisDmaIoWrite32(volatile ULONG *Register, ULONG Value);

#define READ_REGISTER_UCHAR(Register)  NdisDmaIoRead8((volatile UCHAR *)(Register))
#define READ_REGISTER_USHORT(Register) NdisDmaIoRead16((volatile USHORT *)(Register))
#define READ_REGISTER_ULONG(Register)  NdisDmaIoRead32((volatile ULONG *)(Register))
#define WRITE_REGISTER_UCHAR(Register, Value) \
    NdisDmaIoWrite8((volatile UCHAR *)(Register), (UCHAR)(Value))
#define WRITE_REGISTER_USHORT(Register, Value) \
    NdisDmaIoWrite16((volatile USHORT *)(Register), (USHORT)(Value))
#define WRITE_REGISTER_ULONG(Register, Value) \
    NdisDmaIoWrite32((volatile ULONG *)(Register), (ULONG)(Value))

#ifdef __cplusplus
}
#endif

/* The kernel services drivers call, one header per family. */
#include "ndisdma_wdk_ke.h"
#include "ndisdma_wdk_ex.h"
#include "ndisdma_wdk_mm.h"
#include "ndisdma_wdk_ps.h"
#include "ndisdma_wdk_rtl.h"
#include "ndisdma_wdk_io.h"
/* 64-bit and buffer register forms, I/O ports (beside the accessors above). */
#include "ndisdma_wdk_ioaccess.h"
/* WPP tracing's runtime and the TRACE_LEVEL_* values (what an ndisdma-wpp
 * .tmh calls; docs/wpp.md). */
#include "ndisdma_wdk_wpp.h"
/* The in-flight recorder's API (wpp facts §1.11). */
#include "WppRecorder.h"

#endif /* NDISDMA_WDK_WDM_H */
