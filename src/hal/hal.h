/* hal.h — the DMA adapter under NDIS: one front door, backends behind an
 * ops table chosen once at creation (STYLE.md, FreeBSD busdma):
 *   direct  the device reaches every address (64-bit, no IOMMU)
 *   bounce  32-bit device: map registers below 4 GiB (spec §6)
 * The IOMMU backend will slot in the same way.
 */
#ifndef NDISDMA_HAL_H
#define NDISDMA_HAL_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/kernel.h"

struct hal_constraints {
	uint64_t address_limit;  /* first byte the device cannot reach:
				    1 << 32, or UINT64_MAX for 64-bit */
	uint32_t max_mapping;    /* MaximumPhysicalMapping */
	uint32_t max_elements;   /* BYTES_TO_PAGES(max_mapping) + 1 */
	uint32_t map_registers;  /* bounce pool pages, 0 if none needed */
	unsigned stress;         /* KERNEL_STRESS_SPLIT | KERNEL_STRESS_BOUNCE */
};

struct hal_adapter;

/* 0, or -ENOMEM (fault injected or out of memory). */
int hal_adapter_create(struct kernel *k, const struct hal_constraints *c,
		       struct hal_adapter **out);
void hal_adapter_destroy(struct hal_adapter *a);
const struct hal_constraints *hal_adapter_constraints(const struct hal_adapter *a);

/* common_buffer.c: physically contiguous, page-aligned blocks addressable
 * by the device (spec §7). NULL on failure. */
void *hal_common_buffer_alloc(struct kernel *k, const struct hal_constraints *c,
			      size_t bytes, uint64_t *pa);
void hal_common_buffer_free(struct kernel *k, void *va, size_t bytes);
/* For the verifier: guard bytes on each side of a block
 * (one page at verifier level full, else 0). */
size_t hal_common_buffer_guard(const struct kernel *k);

#endif
