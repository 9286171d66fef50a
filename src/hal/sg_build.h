/* sg_build.h — the generic list builder (sg_build.c): MDL chain ->
 * SCATTER_GATHER_LIST elements in two phases, count what a list needs
 * (elements, map registers), then commit it into storage the caller
 * reserved.  The backends' plan and commit are this walk with or without
 * bouncing; the rules are in sg_pieces.h.  Private to src/hal (and its
 * unit tests).
 */
#ifndef NDISDMA_HAL_SG_BUILD_H
#define NDISDMA_HAL_SG_BUILD_H

#include "hal/hal_backend.h"
#include "hal/map_registers.h"

/* Phase 1: elements and bounced pieces (can_bounce: pieces the device
 * cannot reach, or all under stress BOUNCE, take map registers). */
enum sg_build_error sg_build_count(const struct hal_constraints *c, bool can_bounce,
				   const MDL *first, uint64_t bytes,
				   struct sg_plan *plan);

/* Phase 2: the list into `out` (room for plan->elements).  With a pool
 * (`mr`, the bounce backend's), bounced pieces take the registers of
 * res->regs in order (plan->bounce_pages of them), copied now for
 * write-to-device, and res->bounced counts their bytes; without one,
 * nothing bounces. */
void sg_build_commit(const struct hal_constraints *c, struct map_register_pool *mr,
		     const MDL *first, const struct sg_plan *plan,
		     struct hal_resources *res, bool to_device,
		     SCATTER_GATHER_LIST *out);

#endif
