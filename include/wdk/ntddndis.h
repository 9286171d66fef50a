/*
 * ndisdma: <ntddndis.h> for miniports built on Linux (spec section 13).
 * OIDs, media types and the NDIS structures OIDs carry.
 *
 * Clean-room: written from the spec, the facts files and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_NTDDNDIS_H
#define NDISDMA_WDK_NTDDNDIS_H

#include "ndisdma_wdk_oid.h"

#endif /* NDISDMA_WDK_NTDDNDIS_H */
