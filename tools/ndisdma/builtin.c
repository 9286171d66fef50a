/* builtin.c — miniports linked into the ndisdma binary.
 * samples/lifecycle is compiled with -DDriverEntry=ndisdma_builtin_lifecycle
 * (samples/lifecycle/CMakeLists.txt), so its DriverEntry lands here under
 * that name.  DRIVER_INITIALIZE returns an NTSTATUS (32-bit signed).
 */
#include "cli.h"

int32_t ndisdma_builtin_lifecycle(void *driver_object, void *registry_path);

static const struct builtin_driver lifecycle = {
	.name = "lifecycle",
	.entry = ndisdma_builtin_lifecycle,
};

const struct builtin_driver *builtin_default(void)
{
	return &lifecycle;
}
