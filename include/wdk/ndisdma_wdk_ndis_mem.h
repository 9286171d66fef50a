/*
 * ndisdma WDK compatibility headers: NDIS lookaside lists, read/write locks and
 * the shared-data alignment.
 *
 * Included at the end of wdm.h; drivers never include it directly.
 * Clean-room: written from the spec, the facts files and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_NDIS_MEM_H
#define NDISDMA_WDK_NDIS_MEM_H

#include "ndisdma_wdk_base.h"

#ifdef __cplusplus
extern "C" {
#endif

/* (filled family by family) */

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_NDIS_MEM_H */
