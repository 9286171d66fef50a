/* common_buffer.c — memory the CPU and the device share (spec §7): whole
 * pages, page-aligned, physically contiguous and entirely below the
 * adapter's address limit (below 4 GiB on a 32-bit channel), or, behind
 * an IOMMU (spec §11), anywhere and mapped into the device's domain, the
 * device given the IOVA.  Each block is
 * an internal allocation ("shm.block": fault injection point, counted in
 * the kernel's allocation counters so a leak shows at baseline).
 */
#include "hal/hal_backend.h"

#include "iommu/iommu.h"

#include "platform/platform.h"
#include "verifier/verifier.h"

/* spec §7, §10 full: one unmapped guard page on each side of every block
 * (the mapping tracker knows the block, not its guards, so a device access
 * there is DMA-OVERRUN).  The level is fixed for the machine's life, so
 * alloc and free agree. */
size_t hal_common_buffer_guard(const struct kernel *k)
{
	return k->dma_track && vf_enabled(k->verifier, VF_LEVEL_FULL) ?
	       PLATFORM_PAGE_SIZE : 0;
}

static size_t whole_pages(size_t bytes)
{
	return (size_t)hal_bytes_to_pages(bytes) * PAGE_SIZE;
}

/* Behind an IOMMU: the block's pages (contiguous frames from pa) mapped
 * into one IOVA range, readable and writable; its guard pages are not
 * mapped, so a device access there faults. */
static int map_block(struct iommu_domain *d, uint64_t pa, size_t bytes,
		     const struct iommu_who *who, uint64_t *iova)
{
	uint32_t pages = (uint32_t)(bytes >> PAGE_SHIFT);
	uint64_t pfn[64];
	int err = iommu_iova_alloc_for(d, who, pages, iova);

	for (uint32_t done = 0; !err && done < pages;) {
		uint32_t n = pages - done < 64 ? pages - done : 64;

		for (uint32_t i = 0; i < n; i++)
			pfn[i] = (pa >> PAGE_SHIFT) + done + i;
		iommu_map_pages(d, *iova, done, pfn, n, IOMMU_READ | IOMMU_WRITE);
		done += n;
	}
	return err;
}

void *hal_common_buffer_alloc(struct hal_adapter *a, size_t bytes,
			      const char *call, const void *site, uint64_t *addr)
{
	/* spec §11: the IOVA below the channel's reach (4 GiB for a 32-bit
	 * one), the frames anywhere */
	const struct iommu_who who = { call, site, a->c.address_limit };
	struct kernel *k = a->k;
	struct iommu_domain *d = a->c.domain;
	size_t guard = hal_common_buffer_guard(k), whole = whole_pages(bytes);
	uint64_t pa;
	char *va;

	*addr = 0;
	if (!bytes || whole > UINT32_MAX || kernel_fault(k, "shm.block"))
		return NULL;
	/* spec §11: behind an IOMMU any frame will do, the IOVA is below the
	 * device's limit */
	va = platform_alloc_contiguous(k->platform, whole + 2 * guard,
				       d ? UINT64_MAX : a->c.address_limit, &pa);
	if (!va)
		return NULL;
	pa += guard;
	if (d && map_block(d, pa, whole, &who, addr)) {
		platform_free_contiguous(k->platform, va, whole + 2 * guard);
		return NULL;
	}
	if (!d)
		*addr = pa;
	kernel_count(k, &k->stats.allocations, 1);
	return va + guard;
}

void hal_common_buffer_free(struct hal_adapter *a, void *va, size_t bytes,
			    uint64_t addr)
{
	struct kernel *k = a->k;
	size_t guard = hal_common_buffer_guard(k), whole = whole_pages(bytes);

	if (!va)
		return;
	if (a->c.domain)
		iommu_unmap(a->c.domain, addr, (uint32_t)(whole >> PAGE_SHIFT));
	platform_free_contiguous(k->platform, (char *)va - guard, whole + 2 * guard);
	kernel_count(k, &k->stats.frees, 1);
}
