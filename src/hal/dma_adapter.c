/* dma_adapter.c — the front door of the DMA adapter (hal.h): the
 * constraints object kept from registration, the backend chosen once
 * (hal_backend.h), and every front-door call handed to the backend's ops
 * table (STYLE.md "one front door, several backends behind an ops table"):
 *   direct  the device reaches every address, nothing to bounce
 *   bounce  a 32-bit device (or stress bounce): map registers (spec §6)
 *   iommu   a device behind a DMA-remapping domain (spec §11): first, as
 *           the device then never sees a physical address at all
 */
#include "hal/hal_backend.h"

#include <errno.h>

uint32_t hal_default_map_registers(uint32_t max_elements, uint32_t lists,
				   uint32_t cap)
{
	uint64_t n;

	/* spec §6: `lists` concurrent maximal lists, capped */
	if (!lists)
		lists = HAL_MAP_REGISTER_LISTS;
	if (!cap)
		cap = HAL_MAP_REGISTER_CAP;
	n = (uint64_t)lists * (max_elements ? max_elements : 1);
	return n > cap ? cap : (uint32_t)n;
}

static const struct hal_ops *choose_backend(const struct hal_constraints *c)
{
	if (c->domain)
		return &hal_iommu_ops;
	if (c->address_limit != UINT64_MAX || (c->stress & KERNEL_STRESS_BOUNCE))
		return &hal_bounce_ops;
	return &hal_direct_ops;
}

int hal_adapter_create(struct kernel *k, const struct hal_constraints *c,
		       struct hal_adapter **out)
{
	struct hal_adapter *a;

	*out = NULL;
	if (!k || !c)
		return -EINVAL;
	a = kernel_zalloc(k, sizeof(*a), "hal.adapter");
	if (!a)
		return -ENOMEM;
	a->k = k;
	a->c = *c;
	if (!a->c.max_elements)
		a->c.max_elements = 1;
	a->ops = choose_backend(&a->c);
	if (a->ops->create(a) != 0) {
		kernel_free(k, a);
		return -ENOMEM;
	}
	*out = a;
	return 0;
}

void hal_adapter_destroy(struct hal_adapter *a)
{
	if (!a)
		return;
	a->ops->destroy(a);
	kernel_free(a->k, a);
}

const struct hal_constraints *hal_adapter_constraints(const struct hal_adapter *a)
{
	return &a->c;
}

const char *hal_adapter_backend(const struct hal_adapter *a)
{
	return a->ops->name;
}

bool hal_adapter_is_direct(const struct hal_adapter *a)
{
	return a->ops == &hal_direct_ops;
}

struct hal_iommu_fast hal_adapter_iommu(const struct hal_adapter *a)
{
	if (a->ops != &hal_iommu_ops)
		return (struct hal_iommu_fast){ NULL, 0 };
	return hal_iommu_fast_of(a);
}

bool hal_adapter_has_fast_build(const struct hal_adapter *a)
{
	/* the stress modes change the list: the checked build only */
	return a->ops->build_fast &&
	       !(a->c.stress & (KERNEL_STRESS_SPLIT | KERNEL_STRESS_BOUNCE));
}

void hal_adapter_map_registers(const struct hal_adapter *a, uint32_t *nfree,
			       uint32_t *ntotal)
{
	*nfree = a->mr ? map_registers_free_count(a->mr) : 0;
	*ntotal = a->mr ? a->mr->total : 0;
}

/* ---- a list's life: the backend's ops ------------------------------------- */

enum sg_build_error hal_sg_plan(const struct hal_adapter *a, const MDL *first,
				uint64_t bytes, struct sg_plan *plan)
{
	return a->ops->plan(a, first, bytes, plan);
}

enum hal_reserve hal_sg_reserve(struct hal_adapter *a, const struct sg_plan *plan,
				bool others_wait, struct hal_resources *res,
				const void *site)
{
	return a->ops->reserve(a, plan, others_wait, res, site);
}

void hal_sg_commit(struct hal_adapter *a, const MDL *first,
		   const struct sg_plan *plan, struct hal_resources *res,
		   bool to_device, SCATTER_GATHER_LIST *out)
{
	a->ops->commit(a, first, plan, res, to_device, out);
}

void hal_sg_complete(struct hal_adapter *a, struct hal_resources res, bool to_device)
{
	if (a->ops->complete)   /* NULL: nothing to copy back (iommu) */
		a->ops->complete(a, res, to_device);
}

void hal_sg_release(struct hal_adapter *a, struct hal_resources *res)
{
	a->ops->release(a, res);
}

/* hal_sg_end for a backend that copies back (bounce): out of line, so
 * one that does not ends in its release alone, a tail call. */
static __attribute__((noinline)) void end_completing(struct hal_adapter *a,
						     struct hal_resources *res,
						     bool to_device)
{
	a->ops->complete(a, *res, to_device);
	a->ops->release(a, res);
}

void hal_sg_end(struct hal_adapter *a, struct hal_resources *res, bool to_device)
{
	if (a->ops->complete)
		end_completing(a, res, to_device);
	else
		a->ops->release(a, res);
}

uint32_t hal_sg_build_fast(struct hal_adapter *a, const MDL *first,
			   uint64_t bytes, bool to_device,
			   SCATTER_GATHER_ELEMENT *e, uint32_t room,
			   struct hal_resources *res, const void *site)
{
	return a->ops->build_fast(a, first, bytes, to_device, e, room, res, site);
}
