/*
 * ndisdma: <ntifs.h> for miniports built on Linux (spec section 13).
 * Everything ntddk.h declares (KeQueryPerformanceCounter and
 * KeStallExecutionProcessor are documented under ntifs.h).
 *
 * Clean-room: written from the spec, the facts files and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_NTIFS_H
#define NDISDMA_WDK_NTIFS_H

#include "ntddk.h"

#endif /* NDISDMA_WDK_NTIFS_H */
