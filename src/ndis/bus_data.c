/* bus_data.c — NdisMGetBusData / NdisMSetBusData: the PCI configuration
 * space of the device model behind an adapter (wdk-surface-facts §6.4;
 * src/device/pci_config.h; docs/devices.md).
 *
 * Both are callable at any IRQL and return the bytes transferred; a short
 * count is the failure (the calls have no status): 0 for a space other
 * than PCI_WHICHSPACE_CONFIG (the models have no expansion ROM), for an
 * adapter without a device model (a virtual miniport has no PCI function),
 * or for a bad handle (reported, HANDLE); an access running past 0xFF
 * transfers the bytes before it.
 */
#include "ndis/ndis_internal.h"

#include "device/device.h"

static struct ndis_adapter *bus_adapter(NDIS_HANDLE h, ULONG which, PVOID buf, ULONG len,
					const char *api, const void *site)
{
	struct ndis_adapter *a = ndis_adapter_from_handle(h, api, site);

	if (!a || which != PCI_WHICHSPACE_CONFIG || !len || !buf || !a->device)
		return NULL;
	return a;
}

ULONG NdisMGetBusData(NDIS_HANDLE NdisMiniportHandle, ULONG WhichSpace, ULONG Offset,
		      PVOID Buffer, ULONG Length)
{
	struct ndis_adapter *a = bus_adapter(NdisMiniportHandle, WhichSpace, Buffer, Length,
					     "NdisMGetBusData", NDIS_CALLER());

	return a ? device_pci_read(a->device, Offset, Buffer, Length) : 0;
}

ULONG NdisMSetBusData(NDIS_HANDLE NdisMiniportHandle, ULONG WhichSpace, ULONG Offset,
		      PVOID Buffer, ULONG Length)
{
	struct ndis_adapter *a = bus_adapter(NdisMiniportHandle, WhichSpace, Buffer, Length,
					     "NdisMSetBusData", NDIS_CALLER());

	return a ? device_pci_write(a->device, Offset, Buffer, Length) : 0;
}
