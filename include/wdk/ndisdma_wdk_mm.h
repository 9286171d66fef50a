/*
 * ndisdma WDK compatibility headers: memory management (Mm): contiguous
 * memory, physical addresses, I/O space mapping, MDL helpers.
 *
 * Included at the end of wdm.h; drivers never include it directly.
 * Clean-room: written from the spec, the facts files and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_MM_H
#define NDISDMA_WDK_MM_H

#include "wdm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* (filled family by family) */

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_MM_H */
