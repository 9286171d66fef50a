/*
 * ndisdma: <ndis.h> for NDIS 6 miniports built on Linux (spec section 13).
 *
 * A miniport includes this header and nothing else from ndisdma; build with
 * `-I include/wdk` (or `pkg-config --cflags ndisdma`).  Select the NDIS
 * version with NDIS6xx_MINIPORT before including, as with the WDK (default
 * NDIS 6.30).
 *
 * Layout of the pieces, each included in dependency order:
 *   wdm.h                    the kernel surface (itself in pieces):
 *     ndisdma_wdk_sal.h        MSVC keywords, calling conventions, SAL (empty)
 *     ndisdma_wdk_types.h      LLP64 base types, lists, RTL/page macros
 *     ndisdma_wdk_ntstatus.h   NTSTATUS values
 *     ndisdma_wdk_interlocked.h Interlocked*, barriers
 *     ndisdma_wdk_debug.h      DbgPrint, KdPrint, ASSERT
 *     (wdm.h itself)           IRQL, MDL, SG lists, CM resources, registers
 *     ndisdma_wdk_ke.h         DPCs, timers, events, waits, spin locks, time
 *     ndisdma_wdk_ex.h         pool, lookaside lists, interlocked lists
 *     ndisdma_wdk_mm.h         contiguous memory, I/O space, MDL helpers
 *     ndisdma_wdk_ps.h         system threads, objects, handles
 *     ndisdma_wdk_rtl.h        strings, bitmaps, byte swapping
 *     ndisdma_wdk_io.h         IRPs, device I/O control, PCI config space
 *     ndisdma_wdk_ioaccess.h   64-bit and buffer register forms, I/O ports
 *   ndisdma_wdk_base.h       NDIS versions, NDIS_STATUS, object header, locks
 *   ndisdma_wdk_config.h     NdisOpenConfigurationEx / NdisReadConfiguration
 *   ndisdma_wdk_oid.h        media enums, link state, packet filters, OIDs
 *     ndisdma_wdk_offload.h    task offload structures and status codes
 *   ndisdma_wdk_nbl.h        NET_BUFFER(_LIST), accessors, pools, MDL queries
 *   ndisdma_wdk_miniport.h   role function types, init/pause/restart, OIDs
 *   ndisdma_wdk_attributes.h characteristics, attributes, SG DMA description
 *   ndisdma_wdk_api.h        the exported NDIS functions
 *   ndisdma_wdk_ndis_mem.h   NDIS lookaside lists and read/write locks
 *   ndisdma_wdk_ndis_sys.h   uptime, cancel ids, strings, NDIS_MUTEX, processors
 *
 * Every structure's size and field offsets are checked by static asserts in
 * these headers, so every miniport build verifies the ABI ndisdma expects.
 *
 * Clean-room: written from the spec, the facts file and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_NDIS_H
#define NDISDMA_WDK_NDIS_H

#include "wdm.h"
#include "ndisdma_wdk_base.h"
#include "ndisdma_wdk_config.h"
#include "ndisdma_wdk_oid.h"
#include "ndisdma_wdk_nbl.h"
#include "ndisdma_wdk_miniport.h"
#include "ndisdma_wdk_attributes.h"
#include "ndisdma_wdk_api.h"
#include "ndisdma_wdk_ndis_mem.h"
#include "ndisdma_wdk_ndis_sys.h"

#endif /* NDISDMA_WDK_NDIS_H */
