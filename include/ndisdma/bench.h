/* bench.h — the few machine facts `ndisdma bench` needs beyond ndisdma.h.
 *
 * The bench drives a built-in miniport through the public API, exactly as a
 * driver sees ndisdma; it needs one thing the runtime keeps private: the
 * MiniportAdapterContext the miniport gave NdisMSetMiniportAttributes, so
 * the bench can ask its own miniport to run a workload.
 */
#ifndef NDISDMA_BENCH_H
#define NDISDMA_BENCH_H

#include <ndisdma/ndisdma.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The MiniportAdapterContext of an initialized adapter, or NULL. */
void *ndisdma_adapter_miniport_context(const struct ndisdma_adapter *a);

#ifdef __cplusplus
}
#endif
#endif
