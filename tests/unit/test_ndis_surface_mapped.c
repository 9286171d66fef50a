/* test_ndis_surface_mapped.c — on a runtime adapter with the virtio-net
 * device: NdisMoveMappedMemory / NdisZeroMappedMemory to, from and beside
 * a register window NdisMMapIoSpace made (the bytes go through the device
 * model; plain memory stays plain memory), and NdisMQueryAdapterInstanceName
 * giving the name the runtime gave the adapter, its buffer an adapter
 * resource (src/ndis/mapped_memory.c, instance_name.c).
 */
#include <linux/virtio_config.h>
#include <linux/virtio_mmio.h>

#include "runtime_miniport.h"

static struct ndisdma_adapter *up(struct rt_fixture *f, struct ndisdma_driver **d,
				  PUCHAR *regs)
{
	struct ndisdma_adapter_params p = { .name = "vnet", .device = "virtio-net" };
	struct ndisdma_adapter *a;
	PHYSICAL_ADDRESS pa;
	PVOID va = NULL;

	rt_fixture_setup(f);
	*d = tm_load(f);
	a = tm_init(*d, &p);
	pa.QuadPart = (LONGLONG)a->na.mmio_base;
	assert_int_equal(NdisMMapIoSpace(&va, a->na.handle, pa, 0x200), NDIS_STATUS_SUCCESS);
	*regs = va;
	return a;
}

static void down(struct rt_fixture *f, struct ndisdma_driver *d, struct ndisdma_adapter *a,
		 PUCHAR regs)
{
	NdisMUnmapIoSpace(a->na.handle, regs, 0x200);
	ndisdma_adapter_halt(a);
	ndisdma_driver_unload(d);
	rt_fixture_teardown(f);
}

static void test_move_from_and_to_registers(void **state)
{
	struct rt_fixture f;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	PUCHAR regs;
	UCHAR buf[8], mac[6];
	ULONG v = VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER;

	(void)state;
	a = up(&f, &d, &regs);
	/* from the device: magic "virt", then version 2 */
	memset(buf, 0xEE, sizeof(buf));
	NdisMoveMappedMemory(buf, regs + VIRTIO_MMIO_MAGIC_VALUE, 8);
	assert_memory_equal(buf, "virt\x02\x00\x00\x00", 8);
	/* 6 bytes of the configuration space: the MAC address, byte for byte */
	NdisMoveMappedMemory(mac, regs + VIRTIO_MMIO_CONFIG, sizeof(mac));
	for (unsigned i = 0; i < sizeof(mac); i++) {
		UCHAR b;

		NdisReadRegisterUchar(regs + VIRTIO_MMIO_CONFIG + i, &b);
		assert_int_equal(mac[i], b);
	}
	assert_int_equal(mac[0], 0x02);
	/* to the device: a register write, read back through the accessor */
	NdisMoveMappedMemory(regs + VIRTIO_MMIO_STATUS, &v, sizeof(v));
	NdisReadRegisterUlong(regs + VIRTIO_MMIO_STATUS, &v);
	assert_int_equal(v, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
	/* zeroing the register resets the status, as a write of 0 */
	NdisZeroMappedMemory(regs + VIRTIO_MMIO_STATUS, 4);
	NdisReadRegisterUlong(regs + VIRTIO_MMIO_STATUS, &v);
	assert_int_equal(v, 0);
	assert_int_equal(ndisdma_report_count(f.m, NULL), 0);
	down(&f, d, a, regs);
}

static void test_plain_memory(void **state)
{
	struct rt_fixture f;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	PUCHAR regs;
	UCHAR src[64], dst[64];

	(void)state;
	a = up(&f, &d, &regs);
	for (unsigned i = 0; i < sizeof(src); i++)
		src[i] = (UCHAR)(i * 7 + 1);
	memset(dst, 0, sizeof(dst));
	NdisMoveMappedMemory(dst + 1, src + 3, 50);
	assert_int_equal(dst[0], 0);
	assert_memory_equal(dst + 1, src + 3, 50);
	assert_int_equal(dst[51], 0);
	NdisZeroMappedMemory(src + 5, 10);
	assert_int_equal(src[4], 4 * 7 + 1);
	for (unsigned i = 5; i < 15; i++)
		assert_int_equal(src[i], 0);
	assert_int_equal(src[15], (UCHAR)(15 * 7 + 1));
	NdisMoveMappedMemory(dst, src, 0);   /* nothing */
	NdisZeroMappedMemory(NULL, 0);
	down(&f, d, a, regs);
}

static void test_instance_name_runtime(void **state)
{
	struct rt_fixture f;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	PUCHAR regs;
	NDIS_STRING name = { 0 }, leaked = { 0 };

	(void)state;
	a = up(&f, &d, &regs);
	assert_int_equal(NdisMQueryAdapterInstanceName(&name, a->na.handle), NDIS_STATUS_SUCCESS);
	assert_int_equal(name.Length, 8);
	assert_memory_equal(name.Buffer, L"vnet", 10);
	NdisFreeMemory(name.Buffer, 0, 0);
	/* one the miniport forgets is its adapter's: reported at halt, reclaimed */
	assert_int_equal(NdisMQueryAdapterInstanceName(&leaked, a->na.handle),
			 NDIS_STATUS_SUCCESS);
	NdisMUnmapIoSpace(a->na.handle, regs, 0x200);
	ndisdma_adapter_halt(a);
	assert_int_equal(ndisdma_report_count(f.m, "RES-LEAK"), 1);
	f.expected_reports = 1;
	ndisdma_driver_unload(d);
	rt_fixture_teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_move_from_and_to_registers),
		cmocka_unit_test(test_plain_memory),
		cmocka_unit_test(test_instance_name_runtime),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
