/* bench_api.c — include/ndisdma/bench.h: machine facts for `ndisdma bench`. */
#include <ndisdma/bench.h>

#include "runtime/runtime.h"

void *ndisdma_adapter_miniport_context(const struct ndisdma_adapter *a)
{
	if (!a || !a->na.registration_attributes_set)
		return NULL;
	return a->na.context;
}
