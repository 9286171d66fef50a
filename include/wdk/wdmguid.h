/*
 * ndisdma: <wdmguid.h> for drivers built on Linux: GUIDs of the WDM bus
 * interfaces and Plug and Play notifications.
 *
 * Each is DEFINE_GUID: a declaration, or a definition after <initguid.h>.
 * libndisdma defines all of them (src/wdm/guids.c), as wdmguid.lib does on
 * Windows, so a driver that only declares them links.
 *
 * Only GUIDs whose values are stated in Microsoft's public documentation
 * are here; the rest of the WDK's wdmguid.h (arbiter, translator, ACPI,
 * interrupt-route, PCMCIA and bus-type GUIDs, the power-setting GUIDs) is
 * left out until its values are checked, and a driver using one gets an
 * "undeclared identifier" error naming it (docs/compat.md).
 *
 * Clean-room: values are facts from the public documentation; nothing is
 * copied from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_WDMGUID_H
#define NDISDMA_WDK_WDMGUID_H

#include "ndisdma_wdk_guid.h"

/* IRP_MN_QUERY_INTERFACE: the bus driver's BUS_INTERFACE_STANDARD and the
 * PCI bus driver's PCI_BUS_INTERFACE_STANDARD. */
DEFINE_GUID(GUID_BUS_INTERFACE_STANDARD,
	    0x496B8280, 0x6F25, 0x11D0, 0xBE, 0xAF, 0x08, 0x00, 0x2B, 0xE2, 0x09, 0x2F);
DEFINE_GUID(GUID_PCI_BUS_INTERFACE_STANDARD,
	    0x496B8281, 0x6F25, 0x11D0, 0xBE, 0xAF, 0x08, 0x00, 0x2B, 0xE2, 0x09, 0x2F);

/* Plug and Play notification events (IoRegisterPlugPlayNotification). */
DEFINE_GUID(GUID_HWPROFILE_QUERY_CHANGE,
	    0xCB3A4001, 0x46F0, 0x11D0, 0xB0, 0x8F, 0x00, 0x60, 0x97, 0x13, 0x05, 0x3F);
DEFINE_GUID(GUID_HWPROFILE_CHANGE_CANCELLED,
	    0xCB3A4002, 0x46F0, 0x11D0, 0xB0, 0x8F, 0x00, 0x60, 0x97, 0x13, 0x05, 0x3F);
DEFINE_GUID(GUID_HWPROFILE_CHANGE_COMPLETE,
	    0xCB3A4003, 0x46F0, 0x11D0, 0xB0, 0x8F, 0x00, 0x60, 0x97, 0x13, 0x05, 0x3F);
DEFINE_GUID(GUID_DEVICE_INTERFACE_ARRIVAL,
	    0xCB3A4004, 0x46F0, 0x11D0, 0xB0, 0x8F, 0x00, 0x60, 0x97, 0x13, 0x05, 0x3F);
DEFINE_GUID(GUID_DEVICE_INTERFACE_REMOVAL,
	    0xCB3A4005, 0x46F0, 0x11D0, 0xB0, 0x8F, 0x00, 0x60, 0x97, 0x13, 0x05, 0x3F);
DEFINE_GUID(GUID_TARGET_DEVICE_QUERY_REMOVE,
	    0xCB3A4006, 0x46F0, 0x11D0, 0xB0, 0x8F, 0x00, 0x60, 0x97, 0x13, 0x05, 0x3F);
DEFINE_GUID(GUID_TARGET_DEVICE_REMOVE_CANCELLED,
	    0xCB3A4007, 0x46F0, 0x11D0, 0xB0, 0x8F, 0x00, 0x60, 0x97, 0x13, 0x05, 0x3F);
DEFINE_GUID(GUID_TARGET_DEVICE_REMOVE_COMPLETE,
	    0xCB3A4008, 0x46F0, 0x11D0, 0xB0, 0x8F, 0x00, 0x60, 0x97, 0x13, 0x05, 0x3F);

#endif /* NDISDMA_WDK_WDMGUID_H */
