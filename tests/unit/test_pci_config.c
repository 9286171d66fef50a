/* test_pci_config.c — the device models' PCI configuration space
 * (src/device/pci_config.c, virtio_net_pci.c; docs/devices.md) as
 * NdisMGetBusData / NdisMSetBusData reach it (src/ndis/bus_data.c): the
 * virtio-net header, ranges and short counts, read-only and
 * write-1-to-clear fields, BAR sizing, the power state, and what the
 * Command register gates: register decoding (Memory Space) and every DMA
 * of the device (Bus Master: DMA-NO-BUSMASTER).
 */
#include <errno.h>
#include <string.h>

#include "harness.h"
#include "device/bus.h"
#include "device/device.h"
#include "device/pci_config.h"
#include "device/test_device.h"
#include "device/virtio_net_internal.h"

#define BASE 0xFE003000ull

struct env {
	struct th t;
	struct device *d;
};

static void env_up(struct env *e, uint64_t base, uint32_t len)
{
	struct virtio_net_params p = {
		.mac = { 2, 0, 0, 0, 0, 9 }, .mmio_base = base, .mmio_length = len,
		.irq_line = 0x33, .slot = 6,
	};

	memset(e, 0, sizeof(*e));
	th_setup(&e->t, NULL);
	assert_int_equal(virtio_net_create(e->t.k, &p, &e->d), 0);
	e->t.adapter.device = e->d;   /* the model behind the adapter */
}

static void env_down(struct env *e)
{
	e->t.adapter.device = NULL;
	device_destroy(e->d);
	th_teardown(&e->t);
}

static ULONG get(struct env *e, ULONG off, void *buf, ULONG len)
{
	return NdisMGetBusData(e->t.adapter_handle, PCI_WHICHSPACE_CONFIG, off, buf, len);
}

static ULONG set(struct env *e, ULONG off, const void *buf, ULONG len)
{
	return NdisMSetBusData(e->t.adapter_handle, PCI_WHICHSPACE_CONFIG, off, (PVOID)buf, len);
}

static USHORT get16(struct env *e, ULONG off)
{
	USHORT v = 0;

	assert_int_equal(get(e, off, &v, 2), 2);
	return v;
}

static ULONG get32(struct env *e, ULONG off)
{
	ULONG v = 0;

	assert_int_equal(get(e, off, &v, 4), 4);
	return v;
}

static void put16(struct env *e, ULONG off, USHORT v)
{
	assert_int_equal(set(e, off, &v, 2), 2);
}

static void put32(struct env *e, ULONG off, ULONG v)
{
	assert_int_equal(set(e, off, &v, 4), 4);
}

#define OFF(f) ((ULONG)offsetof(PCI_COMMON_CONFIG, f))

static void virtio_net_header(void **state)
{
	PCI_COMMON_CONFIG c;
	struct env e;

	(void)state;
	env_up(&e, BASE, 0x200);
	memset(&c, 0xCC, sizeof(c));
	assert_int_equal(get(&e, 0, &c, sizeof(c)), 256);
	assert_int_equal(c.VendorID, 0x1AF4);
	assert_int_equal(c.DeviceID, 0x1041);
	assert_int_equal(c.Command, PCI_ENABLE_MEMORY_SPACE | PCI_ENABLE_BUS_MASTER);
	assert_int_equal(c.Status, PCI_STATUS_CAPABILITIES_LIST);
	assert_int_equal(c.RevisionID, 1);
	assert_int_equal(c.BaseClass, 0x02);
	assert_int_equal(c.SubClass, 0x00);
	assert_int_equal(c.HeaderType, PCI_DEVICE_TYPE);
	assert_int_equal(c.u.type0.BaseAddresses[0], (ULONG)BASE);   /* 32-bit memory BAR */
	assert_int_equal(c.u.type0.BaseAddresses[1], 0);
	assert_int_equal(c.u.type0.SubVendorID, 0x1AF4);
	assert_int_equal(c.u.type0.SubSystemID, 0x1100);
	assert_int_equal(c.u.type0.ROMBaseAddress, 0);
	assert_int_equal(c.u.type0.InterruptLine, 0x33);
	assert_int_equal(c.u.type0.InterruptPin, 1);
	/* the capability list: one power management capability */
	assert_int_equal(c.u.type0.CapabilitiesPtr, 0x40);
	assert_int_equal(c.DeviceSpecific[0], PCI_CAPABILITY_ID_POWER_MANAGEMENT);
	assert_int_equal(c.DeviceSpecific[1], 0);
	assert_int_equal(c.DeviceSpecific[2] | c.DeviceSpecific[3] << 8, 3);
	assert_int_equal(c.DeviceSpecific[4] & 3, 0);   /* D0 */
	for (int i = 8; i < 192; i++)
		assert_int_equal(c.DeviceSpecific[i], 0);
	env_down(&e);
}

static void ranges_and_spaces(void **state)
{
	UCHAR b[8] = { 0 };
	ULONG v = 0;
	struct env e;

	(void)state;
	env_up(&e, BASE, 0x200);
	/* running past 0xFF: the bytes before it; beyond: nothing */
	assert_int_equal(get(&e, 0xFE, b, 8), 2);
	assert_int_equal(get(&e, 0x100, b, 4), 0);
	assert_int_equal(get(&e, 0xFFFFFFFF, b, 4), 0);
	assert_int_equal(set(&e, 0xFF, b, 4), 1);
	assert_int_equal(set(&e, 0x100, b, 1), 0);
	/* no ROM, no other space; nothing to read into or a zero length */
	assert_int_equal(NdisMGetBusData(e.t.adapter_handle, PCI_WHICHSPACE_ROM, 0, &v, 4), 0);
	assert_int_equal(NdisMSetBusData(e.t.adapter_handle, PCI_WHICHSPACE_ROM, 0, &v, 4), 0);
	assert_int_equal(NdisMGetBusData(e.t.adapter_handle, 7, 0, &v, 4), 0);
	assert_int_equal(NdisMGetBusData(e.t.adapter_handle, PCI_WHICHSPACE_CONFIG, 0, NULL, 4), 0);
	assert_int_equal(get(&e, 0, &v, 0), 0);
	/* any IRQL */
	TH_AT_DISPATCH(assert_int_equal(get32(&e, 0), 0x10411AF4));
	kernel_set_irql(KIRQL_HIGH);
	assert_int_equal(get16(&e, OFF(DeviceID)), 0x1041);
	kernel_set_irql(KIRQL_PASSIVE);
	/* a handle that is none: reported, 0 */
	assert_int_equal(NdisMGetBusData((NDIS_HANDLE)&v, PCI_WHICHSPACE_CONFIG, 0, b, 4), 0);
	th_expect(&e.t, VF_HANDLE, 1);
	/* an adapter without a device model has no PCI function */
	e.t.adapter.device = NULL;
	assert_int_equal(get(&e, 0, &v, 4), 0);
	assert_int_equal(set(&e, 4, &v, 2), 0);
	e.t.adapter.device = e.d;
	env_down(&e);
}

static void read_only_fields(void **state)
{
	static const ULONG ro[] = { OFF(VendorID), OFF(RevisionID),
		OFF(u.type0.BaseAddresses[1]), OFF(u.type0.CIS), OFF(u.type0.SubVendorID),
		OFF(u.type0.ROMBaseAddress), OFF(u.type0.CapabilitiesPtr), OFF(u.type0.Reserved2),
		0x48, 0xFC };
	UCHAR before[256], after[256];
	struct env e;

	(void)state;
	env_up(&e, BASE, 0x200);
	get(&e, 0, before, 256);
	for (size_t i = 0; i < sizeof(ro) / sizeof(ro[0]); i++)
		put32(&e, ro[i], 0xA5A5A5A5u);   /* the write "happens": the count is full */
	put16(&e, OFF(HeaderType), 0xA5A5);                   /* HeaderType, BIST */
	put16(&e, OFF(u.type0.InterruptLine) + 1, 0xA5A5);   /* InterruptPin, MinimumGrant */
	get(&e, 0, after, 256);
	assert_memory_equal(before, after, 256);
	/* Command: only Memory Space, Bus Master, Parity and SERR# are implemented */
	put16(&e, OFF(Command), 0xFFFF);
	assert_int_equal(get16(&e, OFF(Command)), 0x0146);
	put16(&e, OFF(Command), 0x0006);
	/* Status: bit 3 and the capabilities bit are read-only, the error bits
	 * are write-1-to-clear */
	put16(&e, OFF(Status), 0xFFFF);
	assert_int_equal(get16(&e, OFF(Status)), PCI_STATUS_CAPABILITIES_LIST);
	e.d->pci->bytes[7] = 0xF9;   /* as if the device had signalled every error */
	put16(&e, OFF(Status), PCI_STATUS_RECEIVED_MASTER_ABORT);
	assert_int_equal(get16(&e, OFF(Status)), 0xF910 & ~PCI_STATUS_RECEIVED_MASTER_ABORT);
	put16(&e, OFF(Status), 0);   /* writing 0 clears nothing */
	assert_int_equal(get16(&e, OFF(Status)), 0xF910 & ~PCI_STATUS_RECEIVED_MASTER_ABORT);
	/* scratch registers are read/write */
	put16(&e, OFF(CacheLineSize), 0x4010);
	assert_int_equal(get16(&e, OFF(CacheLineSize)), 0x4010);
	put16(&e, OFF(u.type0.InterruptLine), 0x0107);
	assert_int_equal(get16(&e, OFF(u.type0.InterruptLine)), 0x0107);   /* pin stays 1 */
	env_down(&e);
}

static void bar_sizing(void **state)
{
	struct env e;

	(void)state;
	env_up(&e, BASE, 0x200);
	put32(&e, OFF(u.type0.BaseAddresses[0]), 0xFFFFFFFFu);
	assert_int_equal(get32(&e, OFF(u.type0.BaseAddresses[0])), 0xFFFFFE00u);   /* 512 bytes */
	put32(&e, OFF(u.type0.BaseAddresses[0]), (ULONG)BASE);
	assert_int_equal(get32(&e, OFF(u.type0.BaseAddresses[0])), (ULONG)BASE);
	env_down(&e);

	/* a window above 4 GiB: a 64-bit BAR over BAR0 and BAR1; an odd
	 * length decodes the next power of two */
	env_up(&e, 0x812340000ull, 0x300);
	assert_int_equal(get32(&e, OFF(u.type0.BaseAddresses[0])),
			 0x12340000u | PCI_TYPE_64BIT);
	assert_int_equal(get32(&e, OFF(u.type0.BaseAddresses[1])), 0x8);
	put32(&e, OFF(u.type0.BaseAddresses[0]), 0xFFFFFFFFu);
	put32(&e, OFF(u.type0.BaseAddresses[1]), 0xFFFFFFFFu);
	assert_int_equal(get32(&e, OFF(u.type0.BaseAddresses[0])), 0xFFFFFC00u | PCI_TYPE_64BIT);
	assert_int_equal(get32(&e, OFF(u.type0.BaseAddresses[1])), 0xFFFFFFFFu);
	env_down(&e);
}

/* ---- what the Command register and the power state gate ------------------------- */

static void memory_space_gates_registers(void **state)
{
	uint32_t v = 0;
	struct env e;

	(void)state;
	env_up(&e, BASE, 0x200);
	assert_int_equal(device_mmio_read(e.d, 0, 4, &v), 0);
	assert_int_equal(v, 0x74726976);   /* "virt" */
	put16(&e, OFF(Command), PCI_ENABLE_BUS_MASTER);
	assert_int_equal(device_mmio_read(e.d, 0, 4, &v), -EIO);
	assert_int_equal(v, 0xFFFFFFFFu);
	assert_int_equal(device_mmio_write(e.d, 0x70, 4, 1), -EIO);
	assert_int_equal(atomic_load(&e.d->bad_mmio), 2);
	put16(&e, OFF(Command), PCI_ENABLE_BUS_MASTER | PCI_ENABLE_MEMORY_SPACE);
	assert_int_equal(device_mmio_read(e.d, 0, 4, &v), 0);
	assert_int_equal(v, 0x74726976);
	env_down(&e);
}

static VOID process_sg(PDEVICE_OBJECT pdo, PVOID r, PSCATTER_GATHER_LIST l, PVOID c) {}

static NDIS_HANDLE register_dma(struct th *t)
{
	NDIS_SG_DMA_DESCRIPTION d;
	NDIS_HANDLE h = NULL;

	memset(&d, 0, sizeof(d));
	d.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	d.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
	d.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
	d.Flags = NDIS_SG_DMA_64_BIT_ADDRESS;
	d.MaximumPhysicalMapping = 65536;
	d.ProcessSGListHandler = process_sg;
	th_begin_init(t);
	assert_int_equal(NdisMRegisterScatterGatherDma(t->adapter_handle, &d, &h), 0);
	th_end_init(t);
	return h;
}

static void bus_master_gates_dma(void **state)
{
	unsigned char buf[16];
	NDIS_PHYSICAL_ADDRESS pa;
	NDIS_HANDLE dma;
	uint64_t p;
	PVOID va;
	struct env e;

	(void)state;
	env_up(&e, BASE, 0x200);
	dma = register_dma(&e.t);
	NdisMAllocateSharedMemory(e.t.adapter_handle, 4096, FALSE, &va, &pa);
	assert_non_null(va);
	p = (uint64_t)pa.QuadPart;
	memset(va, 0x11, 16);
	assert_int_equal(bus_read(e.d->bus, p, buf, 16), 0);
	assert_int_equal(buf[0], 0x11);
	/* Bus Master off: nothing moves, both ways, each access reported */
	put16(&e, OFF(Command), PCI_ENABLE_MEMORY_SPACE);
	assert_int_equal(bus_read(e.d->bus, p, buf, 16), -EFAULT);
	assert_int_equal(buf[0], 0xFF);
	assert_int_equal(bus_write(e.d->bus, p, "zz", 2), -EFAULT);
	assert_int_equal(((unsigned char *)va)[0], 0x11);
	th_expect(&e.t, VF_DMA_NO_BUSMASTER, 2);
	assert_non_null(strstr(vf_record_at(e.t.vf, vf_stored(e.t.vf) - 1)->message,
			       "Bus Master is disabled"));
	/* the adapter's test device is the same PCI function */
	assert_int_equal(NdisdmaTestDeviceDma(e.t.adapter_handle, p, 8, 0), NDIS_STATUS_FAILURE);
	th_expect(&e.t, VF_DMA_NO_BUSMASTER, 1);
	/* on again: the DMA goes through */
	put16(&e, OFF(Command), PCI_ENABLE_MEMORY_SPACE | PCI_ENABLE_BUS_MASTER);
	assert_int_equal(bus_write(e.d->bus, p, "zz", 2), 0);
	assert_int_equal(((unsigned char *)va)[0], 'z');
	assert_int_equal(NdisdmaTestDeviceDma(e.t.adapter_handle, p, 8, 0), NDIS_STATUS_SUCCESS);
	NdisMFreeSharedMemory(e.t.adapter_handle, 4096, FALSE, va, pa);
	NdisMDeregisterScatterGatherDma(dma);
	env_down(&e);
}

static void power_state(void **state)
{
	const ULONG pmcsr = 0x44;
	uint32_t v;
	unsigned char buf[4];
	struct env e;

	(void)state;
	env_up(&e, BASE, 0x200);
	/* D1 and D2 are not supported: the write changes nothing */
	put16(&e, pmcsr, 1);
	assert_int_equal(get16(&e, pmcsr) & 3, 0);
	put16(&e, pmcsr, 2);
	assert_int_equal(get16(&e, pmcsr) & 3, 0);
	assert_true(pci_config_masters(e.d->pci));
	/* D3hot: no decoding, no DMA, whatever Command says */
	put16(&e, pmcsr, 3);
	assert_int_equal(get16(&e, pmcsr), 0x000B);   /* D3hot, No_Soft_Reset */
	assert_false(pci_config_masters(e.d->pci));
	assert_int_equal(device_mmio_read(e.d, 0, 4, &v), -EIO);
	assert_int_equal(bus_read(e.d->bus, 0x1000, buf, 4), -EFAULT);
	th_expect(&e.t, VF_DMA_NO_BUSMASTER, 1);
	assert_int_equal(get16(&e, OFF(Command)), 0x0006);
	put16(&e, pmcsr, 0);
	assert_true(pci_config_masters(e.d->pci) && pci_config_decodes(e.d->pci));
	env_down(&e);
}

static void interrupt_status_bit(void **state)
{
	struct env e;

	(void)state;
	env_up(&e, BASE, 0x200);
	assert_int_equal(get16(&e, OFF(Status)) & PCI_STATUS_INTERRUPT_PENDING, 0);
	atomic_store(&vnet_of(e.d)->interrupt_status, 1);   /* the model asserts INTA# */
	assert_int_equal(get16(&e, OFF(Status)) & PCI_STATUS_INTERRUPT_PENDING,
			 PCI_STATUS_INTERRUPT_PENDING);
	assert_int_equal(get32(&e, OFF(Command)) >> 16 & PCI_STATUS_INTERRUPT_PENDING,
			 PCI_STATUS_INTERRUPT_PENDING);
	atomic_store(&vnet_of(e.d)->interrupt_status, 0);
	assert_int_equal(get16(&e, OFF(Status)) & PCI_STATUS_INTERRUPT_PENDING, 0);
	env_down(&e);
}

/* The generic space: a bad BAR request and a capability offset are refused. */
static void pci_config_unit(void **state)
{
	struct pci_ids ids = { .vendor = 0x8086, .device = 0x10D3, .base_class = 2 };
	struct pci_config c;
	uint32_t bar;

	(void)state;
	assert_int_equal(pci_config_init(&c, &ids), 0);
	pci_config_set_memory_bar(&c, 0, 0x1000, 100);   /* not a power of two */
	pci_config_set_memory_bar(&c, 6, 0x1000, 0x1000);
	pci_config_set_memory_bar(&c, 5, 0x100000000ull, 0x1000);   /* 64-bit needs two */
	pci_config_add_pm(&c, 0x41);
	assert_int_equal(pci_config_read(&c, 0x10, &bar, 4), 4);
	assert_int_equal(bar, 0);
	assert_int_equal(pci_config_read(&c, 0x24, &bar, 4), 4);
	assert_int_equal(bar, 0);
	assert_int_equal(c.bytes[0x34], 0);   /* no capability */
	assert_true(pci_config_masters(&c) && pci_config_decodes(&c));
	pci_config_destroy(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(virtio_net_header),
		cmocka_unit_test(ranges_and_spaces),
		cmocka_unit_test(read_only_fields),
		cmocka_unit_test(bar_sizing),
		cmocka_unit_test(memory_space_gates_registers),
		cmocka_unit_test(bus_master_gates_dma),
		cmocka_unit_test(power_state),
		cmocka_unit_test(interrupt_status_bit),
		cmocka_unit_test(pci_config_unit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
