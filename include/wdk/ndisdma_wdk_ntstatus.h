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
#define STATUS_INSUFFICIENT_RESOURCES  ((NTSTATUS)0xC000009AL)
#define STATUS_NOT_SUPPORTED           ((NTSTATUS)0xC00000BBL)
#define STATUS_CANCELLED               ((NTSTATUS)0xC0000120L)

#ifdef __cplusplus
}
#endif

/* ---- ACPI (facility 0x14): what an ACPI method evaluation fails with ------- */
/* A driver evaluating _DSM or another method through IOCTL_ACPI_EVAL_METHOD
 * checks these, and returns STATUS_ACPI_INVALID_DATA itself when a result
 * is not the shape it expects.  Values are the public ntstatus.h ones. */
#define STATUS_ACPI_INVALID_OPCODE           ((NTSTATUS)0xC0140001L)
#define STATUS_ACPI_STACK_OVERFLOW           ((NTSTATUS)0xC0140002L)
#define STATUS_ACPI_ASSERT_FAILED            ((NTSTATUS)0xC0140003L)
#define STATUS_ACPI_INVALID_INDEX            ((NTSTATUS)0xC0140004L)
#define STATUS_ACPI_INVALID_ARGUMENT         ((NTSTATUS)0xC0140005L)
#define STATUS_ACPI_FATAL                    ((NTSTATUS)0xC0140006L)
#define STATUS_ACPI_INVALID_SUPERNAME        ((NTSTATUS)0xC0140007L)
#define STATUS_ACPI_INVALID_ARGTYPE          ((NTSTATUS)0xC0140008L)
#define STATUS_ACPI_INVALID_OBJTYPE          ((NTSTATUS)0xC0140009L)
#define STATUS_ACPI_INVALID_TARGETTYPE       ((NTSTATUS)0xC014000AL)
#define STATUS_ACPI_INCORRECT_ARGUMENT_COUNT ((NTSTATUS)0xC014000BL)
#define STATUS_ACPI_ADDRESS_NOT_MAPPED       ((NTSTATUS)0xC014000CL)
#define STATUS_ACPI_INVALID_EVENTTYPE        ((NTSTATUS)0xC014000DL)
#define STATUS_ACPI_HANDLER_COLLISION        ((NTSTATUS)0xC014000EL)
#define STATUS_ACPI_INVALID_DATA             ((NTSTATUS)0xC014000FL)
#define STATUS_ACPI_INVALID_REGION           ((NTSTATUS)0xC0140010L)
#define STATUS_ACPI_INVALID_ACCESS_SIZE      ((NTSTATUS)0xC0140011L)
#define STATUS_ACPI_ACQUIRE_GLOBAL_LOCK      ((NTSTATUS)0xC0140012L)
#define STATUS_ACPI_ALREADY_INITIALIZED      ((NTSTATUS)0xC0140013L)
#define STATUS_ACPI_NOT_INITIALIZED          ((NTSTATUS)0xC0140014L)
#define STATUS_ACPI_INVALID_MUTEX_LEVEL      ((NTSTATUS)0xC0140015L)
#define STATUS_ACPI_MUTEX_NOT_OWNED          ((NTSTATUS)0xC0140016L)
#define STATUS_ACPI_MUTEX_NOT_OWNER          ((NTSTATUS)0xC0140017L)
#define STATUS_ACPI_RS_ACCESS                ((NTSTATUS)0xC0140018L)
#define STATUS_ACPI_INVALID_TABLE            ((NTSTATUS)0xC0140019L)
#define STATUS_ACPI_REG_HANDLER_FAILED       ((NTSTATUS)0xC0140020L)
#define STATUS_ACPI_POWER_REQUEST_FAILED     ((NTSTATUS)0xC0140021L)

#endif /* NDISDMA_WDK_NTSTATUS_H */
