/*
 * ndisdma WDK compatibility headers: the adapter's and the driver's
 * configuration (NdisOpenConfigurationEx, NdisRead/WriteConfiguration,
 * NdisReadNetworkAddress, subkeys, NdisCloseConfiguration) and the PCI
 * configuration space of the adapter's device (NdisMGetBusData,
 * NdisMSetBusData; the layout is in ndisdma_wdk_io.h).
 *
 * Included by ndis.h; drivers never include it directly.  ndisdma's
 * "registry" is a store per adapter that the machine keeps for the whole
 * run: seeded with the run's keywords (`ndisdma run --keyword NAME=VALUE`),
 * changed by NdisWriteConfiguration (docs/run.md, "Configuration").
 *
 * Clean-room: written from the public documentation of these calls, not
 * from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_CONFIG_H
#define NDISDMA_WDK_CONFIG_H

#include "ndisdma_wdk_base.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT
#define NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT 0xA9
#endif

typedef struct _NDIS_CONFIGURATION_OBJECT {
    NDIS_OBJECT_HEADER Header;      /* NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT */
    NDIS_HANDLE        NdisHandle;  /* MiniportAdapterHandle (or driver handle) */
    ULONG              Flags;
} NDIS_CONFIGURATION_OBJECT, *PNDIS_CONFIGURATION_OBJECT;

#define NDIS_CONFIGURATION_OBJECT_REVISION_1 1
#define NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_CONFIGURATION_OBJECT, Flags)
#define NDIS_CONFIG_FLAG_FILTER_INSTANCE_CONFIGURATION 0x00000001

NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_CONFIGURATION_OBJECT, NdisHandle) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_CONFIGURATION_OBJECT, Flags) == 16);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_CONFIGURATION_OBJECT) == 24);

typedef enum _NDIS_PARAMETER_TYPE {
    NdisParameterInteger = 0,
    NdisParameterHexInteger = 1,
    NdisParameterString = 2,
    NdisParameterMultiString = 3,
    NdisParameterBinary = 4
} NDIS_PARAMETER_TYPE, *PNDIS_PARAMETER_TYPE;

typedef struct _BINARY_DATA {
    USHORT Length;
    PVOID  Buffer;
} BINARY_DATA;

typedef struct _NDIS_CONFIGURATION_PARAMETER {
    NDIS_PARAMETER_TYPE ParameterType;
    union {
        ULONG       IntegerData;
        NDIS_STRING StringData;
        BINARY_DATA BinaryData;
    } ParameterData;
} NDIS_CONFIGURATION_PARAMETER, *PNDIS_CONFIGURATION_PARAMETER;

NDISDMA_WDK_STATIC_ASSERT(sizeof(BINARY_DATA) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_CONFIGURATION_PARAMETER, ParameterData) == 8);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_CONFIGURATION_PARAMETER) == 24);

/* Values of the predefined keyword "ProcessorType". */
typedef enum _NDIS_PROCESSOR_TYPE {
    NdisProcessorX86 = 0,
    NdisProcessorMips = 1,
    NdisProcessorAlpha = 2,
    NdisProcessorPpc = 3,
    NdisProcessorAmd64 = 4,
    NdisProcessorIA64 = 5,
    NdisProcessorArm = 6,
    NdisProcessorArm64 = 7
} NDIS_PROCESSOR_TYPE, *PNDIS_PROCESSOR_TYPE;

/* PASSIVE_LEVEL.  NDIS_STATUS_SUCCESS or NDIS_STATUS_RESOURCES (and
 * NDIS_STATUS_INVALID_PARAMETER for a malformed object in ndisdma). */
NDIS_STATUS NdisOpenConfigurationEx(
    _In_ PNDIS_CONFIGURATION_OBJECT ConfigObject,
    _Out_ PNDIS_HANDLE ConfigurationHandle);

/* PASSIVE_LEVEL.  *ParameterValue stays valid until the handle is closed;
 * NDIS_STATUS_FAILURE when the keyword is absent or its string value does
 * not convert to the requested integer.  A stored integer is returned as
 * NdisParameterInteger whatever ParameterType asks (NT ignores it), and a
 * HexInteger request reports back NdisParameterInteger.  Predefined:
 * "NdisVersion" (0x00060056: NDIS 6.86) and "ProcessorType"
 * (NdisProcessorAmd64). */
VOID NdisReadConfiguration(
    _Out_ PNDIS_STATUS Status,
    _Out_ PNDIS_CONFIGURATION_PARAMETER *ParameterValue,
    _In_ NDIS_HANDLE ConfigurationHandle,
    _In_ PNDIS_STRING Keyword,
    _In_ NDIS_PARAMETER_TYPE ParameterType);

/* PASSIVE_LEVEL.  Adds or replaces Keyword: NDIS_STATUS_SUCCESS,
 * NDIS_STATUS_NOT_SUPPORTED (a ParameterType outside the enumeration),
 * NDIS_STATUS_RESOURCES.  Later reads, and later openings of the same
 * adapter's configuration in this run, see the value. */
VOID NdisWriteConfiguration(
    _Out_ PNDIS_STATUS Status,
    _In_ NDIS_HANDLE ConfigurationHandle,
    _In_ PNDIS_STRING Keyword,
    _In_ PNDIS_CONFIGURATION_PARAMETER ParameterValue);

/* PASSIVE_LEVEL.  The "NetworkAddress" string keyword as bytes: pairs of
 * hex digits, hyphens allowed between pairs ("02-AA-BB-CC-DD-EE").
 * NDIS_STATUS_FAILURE when absent, not a string or not hex pairs.  The
 * length is not checked (the driver checks it and the multicast bit, and
 * falls back to its permanent address); the bytes live until the handle
 * is closed. */
VOID NdisReadNetworkAddress(
    _Out_ PNDIS_STATUS Status,
    _Out_ PVOID *NetworkAddress,
    _Out_ PUINT NetworkAddressLength,
    _In_ NDIS_HANDLE ConfigurationHandle);

/* Below DISPATCH_LEVEL.  Open an existing subkey of the key behind
 * ConfigurationHandle (a keyword "Sub\\Name=Value" creates subkey Sub):
 * NDIS_STATUS_SUCCESS or NDIS_STATUS_FAILURE.  A subkey handle reads,
 * writes and opens subkeys like any configuration handle and is closed
 * with NdisCloseConfiguration.  ByIndex enumerates from 0 until FAILURE;
 * KeyName's buffer lives until the subkey handle is closed. */
VOID NdisOpenConfigurationKeyByName(
    _Out_ PNDIS_STATUS Status,
    _In_ NDIS_HANDLE ConfigurationHandle,
    _In_ PNDIS_STRING SubKeyName,
    _Out_ PNDIS_HANDLE SubKeyHandle);
VOID NdisOpenConfigurationKeyByIndex(
    _Out_ PNDIS_STATUS Status,
    _In_ NDIS_HANDLE ConfigurationHandle,
    _In_ ULONG Index,
    _Out_ PNDIS_STRING KeyName,
    _Out_ PNDIS_HANDLE KeyHandle);

/* Frees everything obtained through the handle (parameters, network
 * address storage). */
VOID NdisCloseConfiguration(_In_ NDIS_HANDLE ConfigurationHandle);

/* Any IRQL.  The PCI configuration space of the adapter's device
 * (WhichSpace PCI_WHICHSPACE_CONFIG): the number of bytes read or written,
 * a short count meaning failure -- 0 for another space (the model has no
 * expansion ROM) or an adapter without a device; bytes past offset 0xFF
 * are not transferred.  Read-only fields keep their value on a write
 * (docs/devices.md). */
ULONG NdisMGetBusData(
    _In_ NDIS_HANDLE NdisMiniportHandle,
    _In_ ULONG WhichSpace,
    _In_ ULONG Offset,
    _Out_ PVOID Buffer,
    _In_ ULONG Length);
ULONG NdisMSetBusData(
    _In_ NDIS_HANDLE NdisMiniportHandle,
    _In_ ULONG WhichSpace,
    _In_ ULONG Offset,
    _In_ PVOID Buffer,
    _In_ ULONG Length);

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_CONFIG_H */
