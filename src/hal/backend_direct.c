/* backend_direct.c — the direct backend (hal_direct_ops): the device
 * reaches every address (64-bit, no IOMMU), so a list is the MDLs' pages
 * as they are, merged (spec §5); nothing is reserved, bounced or copied.
 * Its one-pass build is hal_sg_build_direct, which the fast path calls
 * inline (sg_build_direct.h); the table's entry serves any other caller.
 */
#include "hal/sg_build.h"
#include "hal/sg_build_direct.h"

static int direct_create(struct hal_adapter *a)
{
	a->c.map_registers = 0;
	return 0;
}

static void direct_destroy(struct hal_adapter *a)
{
	(void)a;
}

static enum sg_build_error direct_plan(const struct hal_adapter *a, const MDL *first,
				       uint64_t bytes, struct sg_plan *plan)
{
	return sg_build_count(&a->c, false, first, bytes, plan);
}

static enum hal_reserve direct_reserve(struct hal_adapter *a, const struct sg_plan *plan,
				       bool others_wait, struct hal_resources *res,
				       const void *site)
{
	(void)a;
	(void)others_wait;
	(void)site;
	*res = HAL_RESOURCES_NONE;
	/* a direct plan never bounces; one that did could never be served */
	return plan->bounce_pages ? HAL_NEVER : HAL_RESERVED;
}

static void direct_commit(struct hal_adapter *a, const MDL *first,
			  const struct sg_plan *plan, struct hal_resources *res,
			  bool to_device, SCATTER_GATHER_LIST *out)
{
	sg_build_commit(&a->c, NULL, first, plan, res, to_device, out);
}

static void direct_complete(struct hal_adapter *a, struct hal_resources res,
			    bool to_device)
{
	(void)a;
	(void)res;
	(void)to_device;   /* the device wrote the NET_BUFFER itself */
}

static void direct_release(struct hal_adapter *a, struct hal_resources *res)
{
	(void)a;
	*res = HAL_RESOURCES_NONE;
}

static uint32_t direct_build_fast(struct hal_adapter *a, const MDL *first,
				  uint64_t bytes, bool to_device,
				  SCATTER_GATHER_ELEMENT *e, uint32_t room,
				  struct hal_resources *res, const void *site)
{
	(void)a;
	(void)to_device;
	(void)site;
	*res = HAL_RESOURCES_NONE;
	return hal_sg_build_direct(first, bytes, e, room);
}

const struct hal_ops hal_direct_ops = {
	.name = "direct",
	.create = direct_create,
	.destroy = direct_destroy,
	.plan = direct_plan,
	.reserve = direct_reserve,
	.commit = direct_commit,
	.complete = direct_complete,
	.release = direct_release,
	.build_fast = direct_build_fast,
};
