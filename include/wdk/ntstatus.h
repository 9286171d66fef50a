/*
 * ndisdma: <ntstatus.h> for miniports built on Linux (spec section 13).
 * NTSTATUS values.
 *
 * Clean-room: written from the spec, the facts files and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_NTSTATUS_TOP_H
#define NDISDMA_WDK_NTSTATUS_TOP_H

#include "ndisdma_wdk_types.h"

#endif /* NDISDMA_WDK_NTSTATUS_TOP_H */
