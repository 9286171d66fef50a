/*
 * ndisdma WDK compatibility headers: the I/O manager (Io): IRPs, I/O status
 * blocks, device I/O control requests; PCI configuration space layout.
 *
 * Included at the end of wdm.h; drivers never include it directly.
 * Clean-room: written from the spec, the facts files and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_IO_H
#define NDISDMA_WDK_IO_H

#include "wdm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* (filled family by family) */

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_IO_H */
