/*
 * ndisdma WDK compatibility headers: NTSTATUS values (ntstatus.h) and the
 * NT_SUCCESS family.  Included by ndisdma_wdk_types.h.
 *
 * Clean-room: written from the spec, the facts files and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_NTSTATUS_H
#define NDISDMA_WDK_NTSTATUS_H

/* NTSTATUS itself is declared in ndisdma_wdk_types.h, which includes this
 * file at its end (so either may be included first). */
#include "ndisdma_wdk_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- NTSTATUS ------------------------------------------------------------- */
#define NT_SUCCESS(Status)     (((NTSTATUS)(Status)) >= 0)
#define NT_INFORMATION(Status) ((((ULONG)(Status)) >> 30) == 1)
#define NT_WARNING(Status)     ((((ULONG)(Status)) >> 30) == 2)
#define NT_ERROR(Status)       ((((ULONG)(Status)) >> 30) == 3)

#define STATUS_SUCCESS                 ((NTSTATUS)0x00000000L)
#define STATUS_TIMEOUT                 ((NTSTATUS)0x00000102L)
#define STATUS_PENDING                 ((NTSTATUS)0x00000103L)
#define STATUS_BUFFER_OVERFLOW         ((NTSTATUS)0x80000005L)
#define STATUS_UNSUCCESSFUL            ((NTSTATUS)0xC0000001L)
#define STATUS_INVALID_PARAMETER       ((NTSTATUS)0xC000000DL)
#define STATUS_INVALID_DEVICE_REQUEST  ((NTSTATUS)0xC0000010L)
#define STATUS_NO_MEMORY               ((NTSTATUS)0xC0000017L)
#define STATUS_BUFFER_TOO_SMALL        ((NTSTATUS)0xC0000023L)
#define STATUS_OBJECT_NAME_NOT_FOUND   ((NTSTATUS)0xC0000034L)
#define STATUS_INSUFFICIENT_RESOURCES  ((NTSTATUS)0xC000009AL)
#define STATUS_NOT_SUPPORTED           ((NTSTATUS)0xC00000BBL)
#define STATUS_CANCELLED               ((NTSTATUS)0xC0000120L)

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_NTSTATUS_H */
