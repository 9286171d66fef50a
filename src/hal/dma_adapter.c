/* dma_adapter.c — the DMA adapter under NDIS: the constraints object kept
 * from registration and the backend chosen once (STYLE.md "one front door,
 * several backends behind an ops table"):
 *   direct  the device reaches every address, nothing to bounce
 *   bounce  a 32-bit device (or stress bounce): map registers (spec §6)
 */
#include "hal/sg_build.h"

#include <errno.h>

#include "platform/platform.h"

uint32_t hal_default_map_registers(uint32_t max_elements, uint32_t lists,
				   uint32_t cap)
{
	uint64_t n;

	/* spec §6: 64 concurrent maximal lists, capped at 4096 pages */
	if (!lists)
		lists = 64;
	if (!cap)
		cap = 4096;
	n = (uint64_t)lists * (max_elements ? max_elements : 1);
	return n > cap ? cap : (uint32_t)n;
}

static bool needs_bounce_backend(const struct hal_constraints *c)
{
	return c->address_limit != UINT64_MAX ||
	       (c->stress & KERNEL_STRESS_BOUNCE);
}

static int create_register_pool(struct hal_adapter *a)
{
	struct kernel *k = a->k;
	uint32_t n = a->c.map_registers;

	if (!n) {
		n = hal_default_map_registers(a->c.max_elements,
					      k->config.map_register_lists,
					      k->config.map_register_cap);
		a->c.map_registers = n;
	}
	/* Bounce pages always lie below 4 GiB: addressable by any device. */
	return map_registers_create(k, n, PLATFORM_4GB, &a->mr);
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
	if (needs_bounce_backend(&a->c)) {
		a->ops = &hal_bounce_ops;
		if (create_register_pool(a) != 0) {
			kernel_free(k, a);
			return -ENOMEM;
		}
	} else {
		a->ops = &hal_direct_ops;
		a->c.map_registers = 0;
	}
	*out = a;
	return 0;
}

void hal_adapter_destroy(struct hal_adapter *a)
{
	if (!a)
		return;
	if (a->mr)
		map_registers_destroy(a->mr);
	kernel_free(a->k, a);
}

const struct hal_constraints *hal_adapter_constraints(const struct hal_adapter *a)
{
	return &a->c;
}
