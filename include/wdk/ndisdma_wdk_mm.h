/*
 * ndisdma WDK compatibility headers: memory management (Mm): contiguous
 * memory, physical addresses, I/O space mapping, MDL helpers (facts file
 * §2.3).
 *
 * Included at the end of wdm.h; drivers never include it directly.
 * Clean-room: written from the spec, the facts files and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_MM_H
#define NDISDMA_WDK_MM_H

#include "wdm.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum _MEMORY_CACHING_TYPE {
    MmNotMapped = -1,
    MmNonCached = 0,
    MmCached = 1,
    MmWriteCombined = 2,
    MmFrameBufferCached = 2,
    MmHardwareCoherentCached = 3,
    MmNonCachedUnordered = 4,
    MmUSWCCached = 5,
    MmMaximumCacheType = 6
} MEMORY_CACHING_TYPE;

/* Page protection (MmMapIoSpaceEx Protect). */
#define PAGE_NOACCESS          0x01
#define PAGE_READONLY          0x02
#define PAGE_READWRITE         0x04
#define PAGE_WRITECOPY         0x08
#define PAGE_EXECUTE           0x10
#define PAGE_EXECUTE_READ      0x20
#define PAGE_EXECUTE_READWRITE 0x40
#define PAGE_EXECUTE_WRITECOPY 0x80
#define PAGE_GUARD             0x100
#define PAGE_NOCACHE           0x200
#define PAGE_WRITECOMBINE      0x400

/* ---- physically contiguous memory ------------------------------------------- */
/*
 * From the machine's platform: whole pages, page aligned, every byte at or
 * above LowestAcceptableAddress and at or below HighestAcceptableAddress,
 * never crossing a multiple of a nonzero BoundaryAddressMultiple.  NULL on
 * failure.  The contents are uninitialized (a fixed pattern in ndisdma).
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
PVOID MmAllocateContiguousMemorySpecifyCache(_In_ SIZE_T NumberOfBytes,
                                             _In_ PHYSICAL_ADDRESS LowestAcceptableAddress,
                                             _In_ PHYSICAL_ADDRESS HighestAcceptableAddress,
                                             _In_opt_ PHYSICAL_ADDRESS BoundaryAddressMultiple,
                                             _In_ MEMORY_CACHING_TYPE CacheType);
_IRQL_requires_max_(DISPATCH_LEVEL)
PVOID MmAllocateContiguousMemory(_In_ SIZE_T NumberOfBytes,
                                 _In_ PHYSICAL_ADDRESS HighestAcceptableAddress);
/* BaseAddress exactly as returned. */
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID MmFreeContiguousMemory(_In_ PVOID BaseAddress);

/* The physical address of a valid VA: pool, contiguous memory, a register
 * window from MmMapIoSpace/NdisMMapIoSpace (its device address); 0 for an
 * address that is not mapped.  Not a device address for DMA. */
PHYSICAL_ADDRESS MmGetPhysicalAddress(_In_ PVOID BaseAddress);

/* ---- device registers --------------------------------------------------------- */
/*
 * The range must lie in the memory window (CmResourceTypeMemory) of one of
 * the machine's devices; it becomes a register window like NdisMMapIoSpace's
 * (accessed with READ_/WRITE_REGISTER_*), owned by that device's adapter.
 * NULL on failure.
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
PVOID MmMapIoSpace(_In_ PHYSICAL_ADDRESS PhysicalAddress, _In_ SIZE_T NumberOfBytes,
                   _In_ MEMORY_CACHING_TYPE CacheType);
/* Protect: exactly one of PAGE_READONLY, PAGE_READWRITE, PAGE_EXECUTE,
 * PAGE_EXECUTE_READ, PAGE_EXECUTE_READWRITE, optionally ORed with
 * PAGE_NOCACHE or PAGE_WRITECOMBINE; otherwise NULL.  A window mapped
 * without write access drops (and reports) writes. */
_IRQL_requires_max_(DISPATCH_LEVEL)
PVOID MmMapIoSpaceEx(_In_ PHYSICAL_ADDRESS PhysicalAddress, _In_ SIZE_T NumberOfBytes,
                     _In_ ULONG Protect);
/* NumberOfBytes as mapped. */
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID MmUnmapIoSpace(_In_ PVOID BaseAddress, _In_ SIZE_T NumberOfBytes);

/* ---- MDLs --------------------------------------------------------------------- */
/*
 * IoAllocateMdl allocates an MDL (header and PFN array) for the buffer; the
 * PFNs are filled by MmBuildMdlForNonPagedPool.  ndisdma's miniports pass
 * Irp == NULL: an MDL attached to an IRP is not supported (NULL).  IoFreeMdl
 * frees that one MDL, not the ones chained to it.
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
PMDL IoAllocateMdl(_In_opt_ PVOID VirtualAddress, _In_ ULONG Length,
                   _In_ BOOLEAN SecondaryBuffer, _In_ BOOLEAN ChargeQuota,
                   _Inout_opt_ PIRP Irp);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID IoFreeMdl(_In_ PMDL Mdl);
/* Fills the PFN array from the platform and maps the MDL (MappedSystemVa,
 * MDL_SOURCE_IS_NONPAGED_POOL): usable in a NET_BUFFER for SG DMA. */
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID MmBuildMdlForNonPagedPool(_Inout_ PMDL MemoryDescriptorList);

/* Initializes an MDL in caller storage of at least MmSizeOfMdl(BaseVa, Length)
 * bytes. */
#define MmInitializeMdl(MemoryDescriptorList, BaseVa, Length)                  \
    do {                                                                       \
        PMDL _ndisdma_mdl = (MemoryDescriptorList);                            \
        PVOID _ndisdma_va = (PVOID)(BaseVa);                                   \
        SIZE_T _ndisdma_len = (SIZE_T)(Length);                                \
        _ndisdma_mdl->Next = NULL;                                             \
        _ndisdma_mdl->Size = (CSHORT)(sizeof(MDL) + sizeof(PFN_NUMBER) *       \
            ADDRESS_AND_SIZE_TO_SPAN_PAGES(_ndisdma_va, _ndisdma_len));        \
        _ndisdma_mdl->MdlFlags = 0;                                            \
        _ndisdma_mdl->StartVa = PAGE_ALIGN(_ndisdma_va);                       \
        _ndisdma_mdl->ByteOffset = BYTE_OFFSET(_ndisdma_va);                   \
        _ndisdma_mdl->ByteCount = (ULONG)_ndisdma_len;                         \
    } while (0)

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_MM_H */
