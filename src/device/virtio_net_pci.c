/* virtio_net_pci.c — what the virtio-net model shows beside its registers
 * (docs/devices.md): its PCI configuration space and its ACPI object.
 *
 * PCI ids, virtio 1.1 §4.1.2.1: vendor 0x1AF4; a non-transitional
 * (modern) device has device id 0x1040 + the virtio device id (network
 * card: 1), so 0x1041, revision 1 or higher, and a subsystem device id of
 * 0x40 or more -- 0x1AF4:0x1100 here.  Class: network controller (0x02),
 * Ethernet (0x00).  BAR0 decodes the register window that AllocatedResources
 * names (the model's virtio-mmio layout: ndisdma does not model the virtio
 * PCI capabilities); INTA#; a power management capability at 0x40.
 *
 * ACPI object "\\_SB.PCI0.Snn" (nn = devfn in hex, as firmware names PCI
 * slots), with _ADR, _STA and a _DSM under ndisdma's own UUID
 * vnet_dsm_uuid, as a board vendor defines one:
 *   revision >= 1, function 0: Buffer {0x03} (functions 0 and 1);
 *   function 1: the permanent MAC address, Buffer (6).
 * Any other UUID, revision 0 or another function: Buffer {0x00}
 * ("nothing supported", ACPI §9.1.1).
 */
#include "device/virtio_net_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "device/pci_config.h"

#define VNET_PCI_VENDOR    0x1AF4u
#define VNET_PCI_DEVICE    0x1041u   /* 0x1040 + VIRTIO_ID_NET */
#define VNET_PCI_SUBSYSTEM 0x1100u
#define VNET_PCI_PM_CAP    0x40u
#define VNET_STA_PRESENT   0x0Fu     /* present, enabled, shown, functioning */

/* 257aa341-7d04-4ab8-88a7-de08a9d0fd62 in ToUUID byte order (Data1..3
 * little-endian, Data4 as written): also docs/devices.md. */
const uint8_t vnet_dsm_uuid[16] = {
	0x41, 0xa3, 0x7a, 0x25, 0x04, 0x7d, 0xb8, 0x4a,
	0x88, 0xa7, 0xde, 0x08, 0xa9, 0xd0, 0xfd, 0x62,
};

static uint8_t vnet_slot(struct device *d)
{
	return vnet_of(d)->slot;
}

/* _ADR of a PCI device: (device << 16) | function (ACPI §6.1.1). */
static enum acpi_status vnet_adr(struct device *d, const struct acpi_value *args,
				 uint32_t nargs, struct acpi_result *out)
{
	if (nargs)
		return ACPI_BAD_ARGUMENTS;
	acpi_result_integer(out, (uint64_t)vnet_slot(d) << 16);
	return ACPI_OK;
}

static enum acpi_status vnet_sta(struct device *d, const struct acpi_value *args,
				 uint32_t nargs, struct acpi_result *out)
{
	if (nargs)
		return ACPI_BAD_ARGUMENTS;
	acpi_result_integer(out, VNET_STA_PRESENT);
	return ACPI_OK;
}

static enum acpi_status vnet_dsm(struct device *d, const struct acpi_value *args,
				 uint32_t nargs, struct acpi_result *out)
{
	static const uint8_t none = 0x00, supported = 0x03;
	struct acpi_dsm_call call;
	enum acpi_status st = acpi_dsm_arguments(args, nargs, &call);

	if (st != ACPI_OK)
		return st;
	if (memcmp(call.uuid, vnet_dsm_uuid, 16) != 0 || call.revision < 1 ||
	    call.function > 1) {
		acpi_result_buffer(out, &none, 1);
		return ACPI_OK;
	}
	if (call.function == 0)
		acpi_result_buffer(out, &supported, 1);
	else
		acpi_result_buffer(out, vnet_of(d)->mac, 6);
	return ACPI_OK;
}

static const struct acpi_method vnet_methods[] = {
	{ { '_', 'A', 'D', 'R' }, vnet_adr },
	{ { '_', 'S', 'T', 'A' }, vnet_sta },
	{ { '_', 'D', 'S', 'M' }, vnet_dsm },
};

static uint32_t pow2_at_least(uint32_t n)
{
	uint32_t p = 16;

	while (p < n && p < 0x80000000u)
		p <<= 1;
	return p;
}

int vnet_pci_init(struct vnet *v, const struct virtio_net_params *p)
{
	static const struct pci_ids ids = {
		.vendor = VNET_PCI_VENDOR, .device = VNET_PCI_DEVICE,
		.subsystem_vendor = VNET_PCI_VENDOR, .subsystem = VNET_PCI_SUBSYSTEM,
		.revision = 1, .base_class = 0x02, .sub_class = 0x00, .prog_if = 0,
	};
	struct pci_config *c = calloc(1, sizeof(*c));
	int rc;

	if (!c)
		return -ENOMEM;
	if ((rc = pci_config_init(c, &ids))) {
		free(c);
		return rc;
	}
	if (p->mmio_length)
		pci_config_set_memory_bar(c, 0, p->mmio_base, pow2_at_least(p->mmio_length));
	pci_config_set_interrupt(c, p->irq_line, 1 /* INTA# */);
	pci_config_add_pm(c, VNET_PCI_PM_CAP);
	v->dev.pci = c;
	v->slot = p->slot;
	snprintf(v->acpi.path, sizeof(v->acpi.path), "\\_SB.PCI0.S%02X",
		 (unsigned)(p->slot << 3) & 0xFFu);
	v->acpi.methods = vnet_methods;
	v->acpi.count = sizeof(vnet_methods) / sizeof(vnet_methods[0]);
	v->dev.acpi = &v->acpi;
	return 0;
}
