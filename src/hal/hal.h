/* hal.h — the DMA adapter under NDIS, its one front door (STYLE.md, FreeBSD
 * busdma): src/ndis sees this header only, and `struct hal_adapter` stays
 * opaque above src/hal.  A backend is chosen once, at creation, and fills
 * one ops table (hal_backend.h):
 *   direct  the device reaches every address (64-bit, no IOMMU):
 *           backend_direct.c
 *   bounce  32-bit device (or stress bounce): map registers below 4 GiB,
 *           spec §6: backend_bounce.c
 *   iommu   the device sits behind a DMA-remapping domain (spec §11):
 *           every address it is given is an IOVA, nothing bounces:
 *           backend_iommu.c
 *
 * A list's life through the front door (spec §5, §6):
 *   hal_sg_plan     phase 1: what the list needs (elements, registers);
 *                   touches nothing
 *   hal_sg_reserve  the plan's resources, all or nothing (or "wait": the
 *                   pool is only short now; "never": larger than the pool)
 *   hal_sg_commit   phase 2: the elements into storage the caller reserved;
 *                   write-to-device data copied into bounce pages now
 *   hal_sg_complete at free: device-to-memory data back to the NET_BUFFER
 *   hal_sg_release  the resources back to the backend
 *   (hal_sg_end     both, in one call: the free of a list)
 * The fast path (NdisMAllocateNetBufferSGList on a fast channel) makes a
 * list in one pass instead: hal_sg_build_fast through the backend, or
 * inline on a direct adapter, hal_sg_build_direct (sg_build_direct.h), and
 * on an IOMMU adapter, hal_sg_build_iommu and hal_sg_end_iommu
 * (sg_build_iommu.h) -- the two bypasses, as Linux's dma-mapping calls
 * dma-direct and dma-iommu directly.
 */
#ifndef NDISDMA_HAL_H
#define NDISDMA_HAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wdm.h>

#include "kernel/kernel.h"

struct iommu_domain;

/* ---- numbers with one source --------------------------------------------- */

/* spec §3: a SCATTER_GATHER_LIST is its header then its elements (the WDK
 * layouts, pinned by static asserts in include/wdk/wdm.h). */
#define SG_LIST_HEADER_BYTES ((uint32_t)offsetof(SCATTER_GATHER_LIST, Elements))
#define SG_ELEMENT_BYTES ((uint32_t)sizeof(SCATTER_GATHER_ELEMENT))

static inline uint64_t sg_list_bytes(uint64_t elements)
{
	return SG_LIST_HEADER_BYTES + (uint64_t)SG_ELEMENT_BYTES * elements;
}

/* Elements a list of `bytes` bytes of storage holds (bytes >= the header). */
static inline uint32_t sg_list_room(uint64_t bytes)
{
	return (uint32_t)((bytes - SG_LIST_HEADER_BYTES) / SG_ELEMENT_BYTES);
}

/* BYTES_TO_PAGES (include/wdk, PAGE_SIZE pages) in 64 bits: the WDK macro
 * truncates to a ULONG, and the list-size formula is checked in 64 bits. */
static inline uint64_t hal_bytes_to_pages(uint64_t bytes)
{
	return (bytes >> PAGE_SHIFT) + ((bytes & (PAGE_SIZE - 1)) != 0);
}

/* spec §4: the elements of a maximal list, BYTES_TO_PAGES(max) + 1 (a
 * NET_BUFFER of max bytes at any page offset). */
static inline uint64_t hal_max_elements(uint64_t max_mapping)
{
	return hal_bytes_to_pages(max_mapping) + 1;
}

/* spec §6 defaults, machine options (ndisdma_machine_config): registers
 * for 64 concurrent maximal lists, capped at 4096 pages (16 MiB). */
#define HAL_MAP_REGISTER_LISTS 64u
#define HAL_MAP_REGISTER_CAP 4096u

/* Registers for `lists` concurrent maximal lists, capped at `cap` (0: the
 * defaults above). */
uint32_t hal_default_map_registers(uint32_t max_elements, uint32_t lists,
				   uint32_t cap);

/* ---- the adapter ----------------------------------------------------------- */

struct hal_constraints {
	uint64_t address_limit;  /* first byte the device cannot reach:
				    1 << 32, or UINT64_MAX for 64-bit */
	uint32_t max_mapping;    /* MaximumPhysicalMapping */
	uint32_t max_elements;   /* hal_max_elements(max_mapping) */
	uint32_t map_registers;  /* bounce pool pages; 0 at creation: the
				    machine's default when one is needed */
	unsigned stress;         /* KERNEL_STRESS_SPLIT | KERNEL_STRESS_BOUNCE
				    (BOUNCE means nothing behind an IOMMU) */
	struct iommu_domain *domain;  /* the device's DMA-remapping domain
				    (src/iommu/iommu.h), the caller's, alive
				    as long as the adapter; NULL: no IOMMU */
};

struct hal_adapter;

/* 0, or -ENOMEM (fault injected or out of memory). */
int hal_adapter_create(struct kernel *k, const struct hal_constraints *c,
		       struct hal_adapter **out);
void hal_adapter_destroy(struct hal_adapter *a);
const struct hal_constraints *hal_adapter_constraints(const struct hal_adapter *a);
/* The backend's name: "direct", "bounce", "iommu". */
const char *hal_adapter_backend(const struct hal_adapter *a);
/* A direct adapter: the fast path may build with hal_sg_build_direct. */
bool hal_adapter_is_direct(const struct hal_adapter *a);
/* What hal_sg_build_iommu needs of an adapter behind an IOMMU, kept by
 * the fast path beside its channel. */
struct hal_iommu_fast {
	struct iommu_domain *d;        /* the domain; NULL: not such an adapter */
	uint64_t limit;                /* the channel's address limit
					  (hal_constraints.address_limit: it
					  bounds the list's IOVAs, spec §11);
					  0 when it reaches the whole domain
					  (iommu_who.limit's "the domain's") */
};
/* An adapter whose backend is the IOMMU's: its domain and limit, else
 * d NULL.  The fast path may then build with hal_sg_build_iommu and end
 * a list with hal_sg_end_iommu (sg_build_iommu.h). */
struct hal_iommu_fast hal_adapter_iommu(const struct hal_adapter *a);
/* The backend has a one-pass build the fast path may use (no stress mode
 * changes the list). */
bool hal_adapter_has_fast_build(const struct hal_adapter *a);
/* Map registers free and in all (both 0 without a pool), for the pools
 * snapshot; free is exact as of one instant. */
void hal_adapter_map_registers(const struct hal_adapter *a, uint32_t *nfree,
			       uint32_t *ntotal);

/* ---- a list's plan and resources ------------------------------------------ */

enum sg_build_error {
	SG_BUILD_OK = 0,
	SG_BUILD_NO_MDL,        /* CurrentMdl NULL */
	SG_BUILD_ZERO,          /* nothing to map */
	SG_BUILD_SHORT_CHAIN,   /* chain ends before `bytes` */
	SG_BUILD_BAD_MDL,       /* an MDL without a system address */
	SG_BUILD_TOO_MANY,      /* more than UINT32_MAX elements */
};
const char *sg_build_error_name(enum sg_build_error e);

/* Phase 1 result: what a list needs. */
struct sg_plan {
	uint64_t bytes;          /* CurrentMdlOffset + DataLength */
	uint32_t elements;
	union {
		uint32_t bounce_pages;   /* bounce: map registers */
		uint32_t iova_pages;     /* iommu: IOVA pages of its range */
	};
};

/* What a list holds from its backend between build and release.  A value:
 * src/ndis keeps it in its record and hands it back, never looks inside
 * but through the two inlines below. */
struct hal_resources {
	uint32_t regs;           /* bounce: map-register chain; iommu: the
				    list's first IOVA page (iova >> 12, a
				    domain's IOVAs lie below 2^44); else
				    UINT32_MAX */
	uint32_t bounced;        /* bytes bounced through them (< 4 GiB:
				    at most MAP_REGISTER_MAX pages); 0 for
				    iommu */
};

#define HAL_RESOURCES_NONE ((struct hal_resources){ UINT32_MAX, 0 })

/* The list holds backend resources: complete and release must run. */
static inline bool hal_resources_held(struct hal_resources r)
{
	return r.regs != UINT32_MAX;
}

static inline uint32_t hal_resources_bounced(struct hal_resources r)
{
	return r.bounced;
}

/* Phase 1: count elements and map registers; touches nothing. */
enum sg_build_error hal_sg_plan(const struct hal_adapter *a,
				const struct _MDL *first, uint64_t bytes,
				struct sg_plan *plan);

enum hal_reserve {
	HAL_RESERVED,            /* *res holds what the plan needs */
	HAL_SHORT,               /* fits the pool, not its free part now */
	HAL_NEVER,               /* spec §6: larger than the whole pool */
};
/* All or nothing; *res is HAL_RESOURCES_NONE unless HAL_RESERVED.  A
 * plan that needs nothing is always HAL_RESERVED.  others_wait: requests
 * already wait for resources, so one that needs some waits behind them
 * (spec §5 FIFO): HAL_SHORT, or HAL_NEVER, nothing taken.  Lock-free, any
 * thread, any IRQL.  site: the miniport's call site of the allocate call
 * (NDIS_CALLER), kept by a backend whose resources a fault can name
 * (iommu: the mapping's maker, IOMMU-FAULT), or NULL. */
enum hal_reserve hal_sg_reserve(struct hal_adapter *a, const struct sg_plan *plan,
				bool others_wait, struct hal_resources *res,
				const void *site);

/* Phase 2: the list into `out` (room for plan->elements), the bounced
 * pieces through the reserved resources in order, copied now for
 * write-to-device; res->bounced counts their bytes. */
void hal_sg_commit(struct hal_adapter *a, const struct _MDL *first,
		   const struct sg_plan *plan, struct hal_resources *res,
		   bool to_device, SCATTER_GATHER_LIST *out);

/* At free: what the device wrote into bounce pages reaches the NET_BUFFER
 * (spec §6: the device is done then).  Nothing for write-to-device. */
void hal_sg_complete(struct hal_adapter *a, struct hal_resources res,
		     bool to_device);
/* The resources back to the backend; *res becomes HAL_RESOURCES_NONE. */
void hal_sg_release(struct hal_adapter *a, struct hal_resources *res);
/* A list's end in one call (the free of a list that holds resources):
 * hal_sg_complete, then hal_sg_release. */
void hal_sg_end(struct hal_adapter *a, struct hal_resources *res, bool to_device);

/* The fast path's one-pass build (a backend with hal_adapter_has_fast_build,
 * bytes > 0): the list hal_sg_plan + hal_sg_commit make, into e[0..room)
 * (room >= 1), its resources reserved and used in the same pass.  Returns
 * the element count, or 0 with nothing held for anything it leaves to the
 * checked path (short chain, an MDL without a system address, no room,
 * registers short).  site: as hal_sg_reserve's. */
uint32_t hal_sg_build_fast(struct hal_adapter *a, const struct _MDL *first,
			   uint64_t bytes, bool to_device,
			   SCATTER_GATHER_ELEMENT *e, uint32_t room,
			   struct hal_resources *res, const void *site);

/* ---- common buffers (common_buffer.c) -------------------------------------- */

/* Physically contiguous, page-aligned blocks addressable by the adapter's
 * device (spec §7).  *addr is the address the device uses: the physical
 * address, or, behind an IOMMU (constraints.domain), the IOVA the block
 * is mapped at (readable and writable by the device, `call` -- static
 * storage, the NDIS call that allocates -- and `site`, the miniport's call
 * site of it, or NULL, kept for fault narration; any frame will do, the
 * IOVA lies below the channel's address limit).  NULL on failure. */
void *hal_common_buffer_alloc(struct hal_adapter *a, size_t bytes,
			      const char *call, const void *site, uint64_t *addr);
/* `addr` as the alloc returned it (behind an IOMMU the block is unmapped
 * first). */
void hal_common_buffer_free(struct hal_adapter *a, void *va, size_t bytes,
			    uint64_t addr);
/* For the verifier: guard bytes on each side of a block
 * (one page at verifier level full, else 0). */
size_t hal_common_buffer_guard(const struct kernel *k);

#endif
