/*++

Module Name:

    socenet_guid.h

Abstract:

    The _DSM UUID of the SNC-1G ACPI device and its function indexes.
    DEFINE_GUID only declares GUID_SOCENET_DSM unless <initguid.h> was
    included first; acpi.c does that, so the GUID is defined exactly once.

--*/

#pragma once

// {6E1A4D2C-3F5B-4E8A-9C71-2B0D5A6F8E13}
DEFINE_GUID(GUID_SOCENET_DSM,
            0x6e1a4d2c, 0x3f5b, 0x4e8a, 0x9c, 0x71, 0x2b, 0x0d, 0x5a, 0x6f, 0x8e, 0x13);

#define SOC_DSM_REVISION                1
#define SOC_DSM_FUNCTION_QUERY          0       // mandatory: bitmask of supported functions
#define SOC_DSM_FUNCTION_MAC_ADDRESS    1       // BUFFER(6)
#define SOC_DSM_FUNCTION_PHY_ADDRESS    2       // INTEGER
