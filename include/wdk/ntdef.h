/*
 * ndisdma: <ntdef.h> for miniports built on Linux (spec section 13).
 * Base types (LLP64 widths), lists, structure and page macros.
 *
 * Clean-room: written from the spec, the facts files and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_NTDEF_H
#define NDISDMA_WDK_NTDEF_H

#include "ndisdma_wdk_types.h"

#endif /* NDISDMA_WDK_NTDEF_H */
