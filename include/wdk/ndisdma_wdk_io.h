/*
 * ndisdma WDK compatibility headers: the I/O manager (Io): IRPs, I/O status
 * blocks, device I/O control requests; PCI configuration space layout.
 *
 * Included at the end of wdm.h; drivers never include it directly.
 * Clean-room: written from the spec, the facts files and the public
 * documentation, not from any WDK or third-party header.
 *
 * DEVICE_OBJECT and IRP stay incomplete types (declared in wdm.h): a
 * miniport holds pointers to them (NdisMGetDeviceProperty,
 * IoBuildDeviceIoControlRequest) and hands them back, never looks inside.
 */
#ifndef NDISDMA_WDK_IO_H
#define NDISDMA_WDK_IO_H

#include "wdm.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef FASTCALL
#define FASTCALL   /* x64: one calling convention */
#endif

/* ---- I/O status block (wdk-surface-facts §3) -------------------------------- */
typedef struct _IO_STATUS_BLOCK {
    union {
        NTSTATUS Status;
        PVOID    Pointer;
    };
    ULONG_PTR Information;   /* bytes returned, or 0 on error */
} IO_STATUS_BLOCK, *PIO_STATUS_BLOCK;

NDISDMA_WDK_STATIC_ASSERT(sizeof(IO_STATUS_BLOCK) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(IO_STATUS_BLOCK, Information) == 8);

/* ---- I/O control codes ---------------------------------------------------------- */
#define CTL_CODE(DeviceType, Function, Method, Access) \
    (((ULONG)(DeviceType) << 16) | ((ULONG)(Access) << 14) | \
     ((ULONG)(Function) << 2) | (ULONG)(Method))
#define DEVICE_TYPE_FROM_CTL_CODE(Code) (((ULONG)(Code) & 0xFFFF0000u) >> 16)
#define METHOD_FROM_CTL_CODE(Code)      ((ULONG)(Code) & 3u)

#define METHOD_BUFFERED   0
#define METHOD_IN_DIRECT  1
#define METHOD_OUT_DIRECT 2
#define METHOD_NEITHER    3
#define METHOD_DIRECT_TO_HARDWARE   METHOD_IN_DIRECT
#define METHOD_DIRECT_FROM_HARDWARE METHOD_OUT_DIRECT

#define FILE_ANY_ACCESS     0
#define FILE_SPECIAL_ACCESS FILE_ANY_ACCESS
#define FILE_READ_ACCESS    0x0001
#define FILE_WRITE_ACCESS   0x0002

/* Device types a NIC driver meets (winioctl.h numbering; FILE_DEVICE_ACPI
 * 0x32 is the facts' value, acpiioct.h's IOCTLs use it). */
typedef ULONG DEVICE_TYPE;
#define FILE_DEVICE_NETWORK             0x00000012
#define FILE_DEVICE_NETWORK_FILE_SYSTEM 0x00000014
#define FILE_DEVICE_PHYSICAL_NETCARD    0x00000017
#define FILE_DEVICE_TRANSPORT           0x00000021
#define FILE_DEVICE_UNKNOWN             0x00000022
#define FILE_DEVICE_BUS_EXTENDER        0x0000002A
#define FILE_DEVICE_ACPI                0x00000032

/* Major function codes of the IRPs IoBuildDeviceIoControlRequest builds. */
#define IRP_MJ_DEVICE_CONTROL          0x0e
#define IRP_MJ_INTERNAL_DEVICE_CONTROL 0x0f

/* Priority boost argument of KeSetEvent / IoCompleteRequest. */
#ifndef IO_NO_INCREMENT
#define IO_NO_INCREMENT 0
#endif

/*
 * <= APC_LEVEL.  Builds a synchronous (threaded) device control IRP for
 * DeviceObject; NULL on failure (no memory, a NULL buffer with a non-zero
 * length, a DeviceObject that is none).  The I/O manager frees the IRP
 * after completion: the caller never frees it.  METHOD_BUFFERED requests
 * copy InputBuffer in at build time and OutputBuffer out at completion.
 */
PIRP IoBuildDeviceIoControlRequest(
    _In_ ULONG IoControlCode,
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_opt_ PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_opt_ PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _In_ BOOLEAN InternalDeviceIoControl,
    _In_opt_ PKEVENT Event,
    _Out_ PIO_STATUS_BLOCK IoStatusBlock);

/*
 * <= DISPATCH_LEVEL.  Sends Irp to DeviceObject's driver.  ndisdma's
 * targets (the PDO, FDO and next-lower device of an adapter) complete
 * every IRP before returning: the result is the final status, already in
 * the IRP's I/O status block, and its event is signalled (so a caller that
 * always waits on the event does not hang).  The IRP is gone afterwards.
 */
NTSTATUS FASTCALL IofCallDriver(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp);
#define IoCallDriver(DeviceObject, Irp) IofCallDriver((DeviceObject), (Irp))

/* ---- PCI configuration space (wdk-surface-facts §6.4) ----------------------- */
/* NdisMGetBusData / NdisMSetBusData WhichSpace (IRP_MN_READ_CONFIG). */
#define PCI_WHICHSPACE_CONFIG 0x0
#define PCI_WHICHSPACE_ROM    0x52696350   /* 'PciR' */

#define PCI_TYPE0_ADDRESSES 6

/* The type 0 (endpoint) header after the common 16 bytes. */
typedef struct _PCI_HEADER_TYPE_0 {
    ULONG  BaseAddresses[PCI_TYPE0_ADDRESSES];   /* +0x10 */
    ULONG  CIS;                                  /* +0x28 */
    USHORT SubVendorID;                          /* +0x2C */
    USHORT SubSystemID;                          /* +0x2E */
    ULONG  ROMBaseAddress;                       /* +0x30 */
    UCHAR  CapabilitiesPtr;                      /* +0x34 */
    UCHAR  Reserved1[3];
    ULONG  Reserved2;                            /* +0x38 */
    UCHAR  InterruptLine;                        /* +0x3C */
    UCHAR  InterruptPin;                         /* +0x3D */
    UCHAR  MinimumGrant;                         /* +0x3E */
    UCHAR  MaximumLatency;                       /* +0x3F */
} PCI_HEADER_TYPE_0, *PPCI_HEADER_TYPE_0;

/*
 * The header union is named u as in the WDK; ndisdma declares the type 0
 * (endpoint) layout only: bridges (type 1) and CardBus bridges (type 2)
 * are not devices a miniport drives.
 */
typedef struct _PCI_COMMON_HEADER {
    USHORT VendorID;                 /* +0x00 */
    USHORT DeviceID;                 /* +0x02 */
    USHORT Command;                  /* +0x04 PCI_ENABLE_* */
    USHORT Status;                   /* +0x06 PCI_STATUS_* */
    UCHAR  RevisionID;               /* +0x08 */
    UCHAR  ProgIf;                   /* +0x09 */
    UCHAR  SubClass;                 /* +0x0A */
    UCHAR  BaseClass;                /* +0x0B */
    UCHAR  CacheLineSize;            /* +0x0C */
    UCHAR  LatencyTimer;             /* +0x0D */
    UCHAR  HeaderType;               /* +0x0E PCI_*_TYPE, PCI_MULTIFUNCTION */
    UCHAR  BIST;                     /* +0x0F */
    union {
        struct _PCI_HEADER_TYPE_0 type0;
    } u;
} PCI_COMMON_HEADER, *PPCI_COMMON_HEADER;

#define PCI_COMMON_HDR_LENGTH 0x40

typedef struct _PCI_COMMON_CONFIG {
    USHORT VendorID;
    USHORT DeviceID;
    USHORT Command;
    USHORT Status;
    UCHAR  RevisionID;
    UCHAR  ProgIf;
    UCHAR  SubClass;
    UCHAR  BaseClass;
    UCHAR  CacheLineSize;
    UCHAR  LatencyTimer;
    UCHAR  HeaderType;
    UCHAR  BIST;
    union {
        struct _PCI_HEADER_TYPE_0 type0;
    } u;
    UCHAR  DeviceSpecific[192];      /* +0x40: capabilities live here */
} PCI_COMMON_CONFIG, *PPCI_COMMON_CONFIG;

/* A capability list entry (PCI spec): ID, then the offset of the next. */
typedef struct _PCI_CAPABILITIES_HEADER {
    UCHAR CapabilityID;
    UCHAR Next;
} PCI_CAPABILITIES_HEADER, *PPCI_CAPABILITIES_HEADER;

NDISDMA_WDK_STATIC_ASSERT(sizeof(PCI_COMMON_HEADER) == PCI_COMMON_HDR_LENGTH);
NDISDMA_WDK_STATIC_ASSERT(sizeof(PCI_COMMON_CONFIG) == 256);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, DeviceID) == 0x02);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, Command) == 0x04);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, Status) == 0x06);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, RevisionID) == 0x08);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, ProgIf) == 0x09);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, SubClass) == 0x0A);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, BaseClass) == 0x0B);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, CacheLineSize) == 0x0C);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, LatencyTimer) == 0x0D);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, HeaderType) == 0x0E);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, BIST) == 0x0F);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, u.type0.BaseAddresses) == 0x10);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, u.type0.CIS) == 0x28);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, u.type0.SubVendorID) == 0x2C);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, u.type0.SubSystemID) == 0x2E);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, u.type0.ROMBaseAddress) == 0x30);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, u.type0.CapabilitiesPtr) == 0x34);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, u.type0.Reserved2) == 0x38);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, u.type0.InterruptLine) == 0x3C);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, u.type0.InterruptPin) == 0x3D);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, u.type0.MinimumGrant) == 0x3E);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, u.type0.MaximumLatency) == 0x3F);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, DeviceSpecific) == 0x40);
NDISDMA_WDK_STATIC_ASSERT(sizeof(PCI_CAPABILITIES_HEADER) == 2);

/* Command register */
#define PCI_ENABLE_IO_SPACE               0x0001
#define PCI_ENABLE_MEMORY_SPACE           0x0002
#define PCI_ENABLE_BUS_MASTER             0x0004
#define PCI_ENABLE_SPECIAL_CYCLES         0x0008
#define PCI_ENABLE_WRITE_AND_INVALIDATE   0x0010
#define PCI_ENABLE_VGA_COMPATIBLE_PALETTE 0x0020
#define PCI_ENABLE_PARITY                 0x0040
#define PCI_ENABLE_WAIT_CYCLE             0x0080
#define PCI_ENABLE_SERR                   0x0100
#define PCI_ENABLE_FAST_BACK_TO_BACK      0x0200

/* Status register */
#define PCI_STATUS_INTERRUPT_PENDING      0x0008
#define PCI_STATUS_CAPABILITIES_LIST      0x0010
#define PCI_STATUS_66MHZ_CAPABLE          0x0020
#define PCI_STATUS_RECEIVED_MASTER_ABORT  0x2000
#define PCI_STATUS_SIGNALED_SYSTEM_ERROR  0x4000
#define PCI_STATUS_DETECTED_PARITY_ERROR  0x8000

/* HeaderType */
#define PCI_MULTIFUNCTION       0x80
#define PCI_DEVICE_TYPE         0x00
#define PCI_BRIDGE_TYPE         0x01
#define PCI_CARDBUS_BRIDGE_TYPE 0x02

#define PCI_INVALID_VENDORID 0xFFFF

/* Base address register bits */
#define PCI_ADDRESS_IO_SPACE            0x00000001
#define PCI_ADDRESS_MEMORY_TYPE_MASK    0x00000006
#define PCI_ADDRESS_MEMORY_PREFETCHABLE 0x00000008
#define PCI_ADDRESS_IO_ADDRESS_MASK     0xFFFFFFFC
#define PCI_ADDRESS_MEMORY_ADDRESS_MASK 0xFFFFFFF0
#define PCI_TYPE_32BIT 0
#define PCI_TYPE_64BIT 4

/* Capability IDs */
#define PCI_CAPABILITY_ID_POWER_MANAGEMENT 0x01
#define PCI_CAPABILITY_ID_MSI              0x05
#define PCI_CAPABILITY_ID_PCI_EXPRESS      0x10
#define PCI_CAPABILITY_ID_MSIX             0x11

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_IO_H */
