/* test_mm_io.c — MmMapIoSpace / MmMapIoSpaceEx / MmUnmapIoSpace (facts
 * §2.3) on a runtime adapter with the virtio-net device: the same register
 * windows NdisMMapIoSpace makes (reached through the device model by
 * READ_/WRITE_REGISTER_*), MmGetPhysicalAddress of a register, Protect and
 * cache checks, a read-only window dropping writes, wrong unmaps reported,
 * and a window left mapped at halt reported as the adapter's RES-LEAK. */
#include <linux/virtio_config.h>
#include <linux/virtio_mmio.h>

#include "runtime_miniport.h"

static struct ndisdma_adapter *up(struct rt_fixture *f, struct ndisdma_driver **d)
{
	struct ndisdma_adapter_params p = { .name = "vnet", .device = "virtio-net" };

	rt_fixture_setup(f);
	*d = tm_load(f);
	return tm_init(*d, &p);
}

static PHYSICAL_ADDRESS at(uint64_t v)
{
	PHYSICAL_ADDRESS p;

	p.QuadPart = (LONGLONG)v;
	return p;
}

static void test_map_and_access(void **state)
{
	struct rt_fixture f;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	PUCHAR regs;
	uint64_t base;

	(void)state;
	a = up(&f, &d);
	base = a->na.mmio_base;
	regs = MmMapIoSpace(at(base), 0x200, MmNonCached);
	assert_non_null(regs);
	assert_int_equal(READ_REGISTER_ULONG((PULONG)(regs + VIRTIO_MMIO_MAGIC_VALUE)), 0x74726976);
	WRITE_REGISTER_ULONG((PULONG)(regs + VIRTIO_MMIO_STATUS), VIRTIO_CONFIG_S_ACKNOWLEDGE);
	assert_int_equal(READ_REGISTER_ULONG((PULONG)(regs + VIRTIO_MMIO_STATUS)),
			 VIRTIO_CONFIG_S_ACKNOWLEDGE);
	/* the register's physical address is the device's */
	assert_int_equal(MmGetPhysicalAddress(regs + 8).QuadPart, (LONGLONG)(base + 8));
	/* a window may start inside the device's window, at DISPATCH_LEVEL */
	PUCHAR cfg;
	KIRQL old;
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	cfg = MmMapIoSpaceEx(at(base + VIRTIO_MMIO_CONFIG), 6, PAGE_READWRITE | PAGE_NOCACHE);
	KeLowerIrql(old);
	assert_non_null(cfg);
	assert_int_equal(READ_REGISTER_UCHAR(cfg), 0x02);   /* mac[0], as test_io_device */
	MmUnmapIoSpace(cfg, 6);
	MmUnmapIoSpace(regs, 0x200);
	/* unmapped: an access is reported, as for NdisMMapIoSpace windows */
	assert_int_equal(READ_REGISTER_ULONG((PULONG)regs), 0xFFFFFFFFu);
	f.expected_reports += 1;
	assert_int_equal(ndisdma_report_count(f.m, "HANDLE"), 1);
	ndisdma_adapter_halt(a);
	ndisdma_driver_unload(d);
	rt_fixture_teardown(&f);
}

static void test_refusals(void **state)
{
	static const ULONG bad_protect[] = {
		0, PAGE_NOACCESS, PAGE_GUARD, PAGE_WRITECOPY, PAGE_READWRITE | PAGE_READONLY,
		PAGE_READWRITE | PAGE_NOCACHE | PAGE_WRITECOMBINE, PAGE_NOCACHE,
	};
	struct rt_fixture f;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	uint64_t base;
	PUCHAR ro;

	(void)state;
	a = up(&f, &d);
	base = a->na.mmio_base;
	for (size_t i = 0; i < sizeof(bad_protect) / sizeof(bad_protect[0]); i++)
		assert_null(MmMapIoSpaceEx(at(base), 0x100, bad_protect[i]));
	assert_null(MmMapIoSpace(at(base), 0x100, (MEMORY_CACHING_TYPE)MmMaximumCacheType));
	assert_null(MmMapIoSpace(at(base + 0x1000), 4, MmNonCached));   /* no device there */
	assert_null(MmMapIoSpace(at(base), 0x10000, MmNonCached));      /* past the window */
	assert_null(MmMapIoSpace(at(0x1000), 4, MmNonCached));
	/* read-only: reads work, a write is dropped and reported */
	ro = MmMapIoSpaceEx(at(base), 0x100, PAGE_READONLY);
	assert_non_null(ro);
	assert_int_equal(READ_REGISTER_ULONG((PULONG)(ro + VIRTIO_MMIO_MAGIC_VALUE)), 0x74726976);
	WRITE_REGISTER_ULONG((PULONG)(ro + VIRTIO_MMIO_STATUS), VIRTIO_CONFIG_S_ACKNOWLEDGE);
	assert_int_equal(READ_REGISTER_ULONG((PULONG)(ro + VIRTIO_MMIO_STATUS)), 0);
	assert_int_equal(ndisdma_report_count(f.m, "HANDLE"), 1);
	MmUnmapIoSpace(ro, 0x80);                       /* not the mapped length */
	MmUnmapIoSpace(ro + 4, 0x100);                  /* not the base */
	assert_int_equal(ndisdma_report_count(f.m, "HANDLE"), 3);
	MmUnmapIoSpace(ro, 0x100);
	f.expected_reports += 3;
	ndisdma_adapter_halt(a);
	ndisdma_driver_unload(d);
	rt_fixture_teardown(&f);
}

static void test_window_left_at_halt(void **state)
{
	struct rt_fixture f;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	struct ndisdma_report r;

	(void)state;
	a = up(&f, &d);
	assert_non_null(MmMapIoSpace(at(a->na.mmio_base), 0x100, MmNonCached));
	ndisdma_adapter_halt(a);
	assert_int_equal(ndisdma_report_count(f.m, "RES-LEAK"), 1);
	assert_true(ndisdma_report_at(f.m, 0, &r));
	assert_non_null(strstr(r.message, "io-space of 256 bytes"));
	f.expected_reports += 1;
	ndisdma_driver_unload(d);
	rt_fixture_teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_and_access),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_window_left_at_halt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
