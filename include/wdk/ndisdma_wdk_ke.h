/*
 * ndisdma WDK compatibility headers: the kernel executive (Ke): DPCs, timers,
 * events and waits, spin locks, time and processors.
 *
 * Included at the end of wdm.h; drivers never include it directly.
 * Clean-room: written from the spec, the facts files and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_KE_H
#define NDISDMA_WDK_KE_H

#include "wdm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Storage sized by ndisdma; the contents are private to the runtime. */
typedef struct _KEVENT {
    ULONG_PTR Opaque[4];
} KEVENT, *PKEVENT, *PRKEVENT;

typedef struct _KDPC {
    ULONG_PTR Opaque[8];
} KDPC, *PKDPC, *PRKDPC;

NDISDMA_WDK_STATIC_ASSERT(sizeof(KEVENT) == 32);
NDISDMA_WDK_STATIC_ASSERT(sizeof(KDPC) == 64);

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_KE_H */
