/*
 * ndisdma WDK compatibility headers: reading the adapter's configuration
 * (NdisOpenConfigurationEx, NdisReadConfiguration, NdisCloseConfiguration).
 *
 * Included by ndis.h; drivers never include it directly.  ndisdma's
 * "registry" is the list of Key=Value keywords the machine was given for
 * the adapter (e.g. `ndisdma run --param DmaBits=32`).
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

/* PASSIVE_LEVEL.  NDIS_STATUS_SUCCESS or NDIS_STATUS_RESOURCES (and
 * NDIS_STATUS_INVALID_PARAMETER for a malformed object in ndisdma). */
NDIS_STATUS NdisOpenConfigurationEx(
    _In_ PNDIS_CONFIGURATION_OBJECT ConfigObject,
    _Out_ PNDIS_HANDLE ConfigurationHandle);

/* PASSIVE_LEVEL.  *ParameterValue stays valid until the handle is closed;
 * NDIS_STATUS_FAILURE when the keyword is absent or not of that type. */
VOID NdisReadConfiguration(
    _Out_ PNDIS_STATUS Status,
    _Out_ PNDIS_CONFIGURATION_PARAMETER *ParameterValue,
    _In_ NDIS_HANDLE ConfigurationHandle,
    _In_ PNDIS_STRING Keyword,
    _In_ NDIS_PARAMETER_TYPE ParameterType);

/* The "NetworkAddress" keyword (a locally administered MAC address). */
VOID NdisReadNetworkAddress(
    _Out_ PNDIS_STATUS Status,
    _Out_ PVOID *NetworkAddress,
    _Out_ PUINT NetworkAddressLength,
    _In_ NDIS_HANDLE ConfigurationHandle);
VOID NdisCloseConfiguration(_In_ NDIS_HANDLE ConfigurationHandle);

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_CONFIG_H */
