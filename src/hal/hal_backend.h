/* hal_backend.h — what a DMA adapter is inside src/hal: the adapter object
 * and the ops table a backend fills (STYLE.md: one front door, backends
 * behind an ops table, chosen once at creation, never by `if` chains on
 * the hot path).  dma_adapter.c is the front door over it; each backend is
 * one file and one table:
 *   backend_direct.c  hal_direct_ops   the device reaches every address
 *   backend_bounce.c  hal_bounce_ops   map registers below 4 GiB (spec §6)
 *   backend_iommu.c   hal_iommu_ops    behind a DMA-remapping domain (§11)
 * Private to src/hal (and its unit tests).
 */
#ifndef NDISDMA_HAL_BACKEND_H
#define NDISDMA_HAL_BACKEND_H

#include "hal/hal.h"
#include "hal/map_registers.h"

struct hal_ops {
	const char *name;                    /* "direct", "bounce", "iommu" */
	/* set-up and teardown of the backend's state in the adapter */
	int (*create)(struct hal_adapter *a);
	void (*destroy)(struct hal_adapter *a);
	/* the front door's calls, one for one (hal.h) */
	enum sg_build_error (*plan)(const struct hal_adapter *a,
				    const MDL *first, uint64_t bytes,
				    struct sg_plan *plan);
	enum hal_reserve (*reserve)(struct hal_adapter *a,
				    const struct sg_plan *plan, bool others_wait,
				    struct hal_resources *res, const void *site);
	void (*commit)(struct hal_adapter *a, const MDL *first,
		       const struct sg_plan *plan, struct hal_resources *res,
		       bool to_device, SCATTER_GATHER_LIST *out);
	void (*complete)(struct hal_adapter *a, struct hal_resources res,
			 bool to_device);
	void (*release)(struct hal_adapter *a, struct hal_resources *res);
	/* the one-pass build (hal_sg_build_fast); NULL: none */
	uint32_t (*build_fast)(struct hal_adapter *a, const MDL *first,
			       uint64_t bytes, bool to_device,
			       SCATTER_GATHER_ELEMENT *e, uint32_t room,
			       struct hal_resources *res, const void *site);
};

struct hal_adapter {
	struct kernel *k;
	struct hal_constraints c;
	const struct hal_ops *ops;       /* chosen once at creation */
	struct map_register_pool *mr;    /* the bounce backend's pool, else NULL */
};

/* An IOMMU adapter's struct hal_iommu_fast (backend_iommu.c). */
struct hal_iommu_fast hal_iommu_fast_of(const struct hal_adapter *a);

extern const struct hal_ops hal_direct_ops;
extern const struct hal_ops hal_bounce_ops;
extern const struct hal_ops hal_iommu_ops;

#endif
