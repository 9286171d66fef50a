/* builtin.c — miniports linked into the ndisdma binary.
 * Each sample is compiled with -DDriverEntry=ndisdma_builtin_<name>
 * (samples/<name>/CMakeLists.txt), so its DriverEntry lands here under
 * that name.  DRIVER_INITIALIZE returns an NTSTATUS (32-bit signed).
 * The default of `ndisdma run` is the virtio-net sample.
 */
#include <string.h>

#include "cli.h"

int32_t ndisdma_builtin_lifecycle(void *driver_object, void *registry_path);
int32_t ndisdma_builtin_virtio_net(void *driver_object, void *registry_path);

static const struct builtin_driver builtins[] = {
	{ .name = "virtio_net", .entry = ndisdma_builtin_virtio_net, .device = true },
	{ .name = "lifecycle", .entry = ndisdma_builtin_lifecycle, .device = false },
};

const struct builtin_driver *builtin_default(void)
{
	return &builtins[0];
}

const struct builtin_driver *builtin_find(const char *name)
{
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		if (strcmp(builtins[i].name, name) == 0)
			return &builtins[i];
	return NULL;
}
