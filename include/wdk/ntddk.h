/*
 * ndisdma: <ntddk.h> for miniports built on Linux (spec section 13).
 * The kernel surface of wdm.h plus the ntddk.h additions.
 *
 * Clean-room: written from the spec, the facts files and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_NTDDK_H
#define NDISDMA_WDK_NTDDK_H

#include "wdm.h"

#endif /* NDISDMA_WDK_NTDDK_H */
