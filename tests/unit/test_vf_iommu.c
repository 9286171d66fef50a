/* test_vf_iommu.c — the IOMMU's users (spec §11): an adapter gets its
 * domain at registration when the machine runs with the IOMMU on, and
 * none with it off; the bus translates device addresses through it
 * (shared memory reached at its IOVA); a stale IOVA is dropped and
 * reported IOMMU-FAULT with the last mapping's site and unmap time; a
 * mapping for the other direction only is IOMMU-FAULT; a physical address
 * from MmGetPhysicalAddress, from an MDL's PFN array or built by hand is
 * DMA-NOT-REMAPPABLE naming the call; under lazy invalidation at full level
 * the stale window is still caught (DMA-UNMAPPED) until the flush, then
 * the IOMMU faults; a 32-bit channel's IOVAs lie below 4 GiB over high
 * memory, a 64-bit channel's above (a truncated one faults), and a 32-bit
 * channel registered after a 64-bit one gets IOVAs below 4 GiB again; the
 * fault names the driver's call site of the mapping call; the pa_origin
 * table on its own.
 */
#include <errno.h>
#include <string.h>

#include "harness.h"
#include "device/bus.h"
#include "device/test_device.h"
#include "iommu/iommu.h"
#include "platform/platform.h"
#include "verifier/pa_origin.h"

static VOID process_sg(PDEVICE_OBJECT pdo, PVOID r, PSCATTER_GATHER_LIST l, PVOID c) {}

static NDIS_HANDLE register_dma(struct th *t, bool bits64)
{
	NDIS_SG_DMA_DESCRIPTION d;
	NDIS_HANDLE h = NULL;

	memset(&d, 0, sizeof(d));
	d.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	d.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
	d.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
	d.Flags = bits64 ? NDIS_SG_DMA_64_BIT_ADDRESS : 0;
	d.MaximumPhysicalMapping = 65536;
	d.ProcessSGListHandler = process_sg;
	th_begin_init(t);
	assert_int_equal(NdisMRegisterScatterGatherDma(t->adapter_handle, &d, &h), 0);
	th_end_init(t);
	return h;
}

static void setup(struct th *t, enum iommu_mode mode, enum vf_level level,
		  enum platform_layout layout)
{
	struct th_options o;

	th_default_options(&o);
	o.iommu_mode = (int)mode;
	o.level = level;
	o.layout = layout;
	th_setup(t, &o);
}

static struct bus *make_bus(struct th *t)
{
	struct bus_config bc = { .device_name = "nic", .address_limit = UINT64_MAX,
				 .domain = t->adapter.iommu };
	struct bus *b;

	assert_int_equal(bus_create(t->k, &bc, &b), 0);
	return b;
}

static const struct vf_record *last(struct th *t)
{
	return vf_record_at(t->vf, vf_stored(t->vf) - 1);
}

static void expect_last(struct th *t, const char *a, const char *b)
{
	const char *msg = last(t)->message;

	if (!strstr(msg, a) || (b && !strstr(msg, b)))
		fail_msg("message '%s' lacks '%s' or '%s'", msg, a, b ? b : "");
}

static uint64_t faults(struct th *t)
{
	struct iommu_stats s;

	iommu_domain_stats(t->adapter.iommu, &s);
	return s.faults;
}

static void test_off_no_domain(void **state)
{
	struct th t;
	NDIS_HANDLE dma;
	PVOID va;
	NDIS_PHYSICAL_ADDRESS pa;
	unsigned char buf[16];

	setup(&t, IOMMU_OFF, VF_LEVEL_STANDARD, LAYOUT_CONTIGUOUS);
	dma = register_dma(&t, true);
	assert_null(t.adapter.iommu);
	assert_null(t.k->pa_origins);
	NdisMAllocateSharedMemory(t.adapter_handle, 4096, FALSE, &va, &pa);
	assert_non_null(va);
	/* the physical address is the device address: it works */
	assert_int_equal(test_device_dma(t.k, UINT64_MAX,
					 (uint64_t)MmGetPhysicalAddress(va).QuadPart, 16, false), 0);
	assert_int_equal((uint64_t)pa.QuadPart, (uint64_t)MmGetPhysicalAddress(va).QuadPart);
	(void)buf;
	NdisMFreeSharedMemory(t.adapter_handle, 4096, FALSE, va, pa);
	NdisMDeregisterScatterGatherDma(dma);
	th_teardown(&t);
}

static void test_shared_memory_through_domain(void **state)
{
	struct th t;
	NDIS_HANDLE dma;
	PVOID va;
	NDIS_PHYSICAL_ADDRESS pa;
	unsigned char buf[64];
	struct bus *b;
	uint64_t iova;

	setup(&t, IOMMU_STRICT, VF_LEVEL_STANDARD, LAYOUT_SCATTERED);
	dma = register_dma(&t, true);
	assert_non_null(t.adapter.iommu);
	assert_non_null(t.k->pa_origins);
	NdisMAllocateSharedMemory(t.adapter_handle, 6000, FALSE, &va, &pa);
	assert_non_null(va);
	iova = (uint64_t)pa.QuadPart;
	b = make_bus(&t);
	/* written at its IOVA, both pages, reaches the block */
	memset(buf, 0x3C, sizeof(buf));
	assert_int_equal(bus_write(b, iova + 4096 - 10, buf, 20), 0);
	assert_int_equal(((unsigned char *)va)[4090], 0x3C);
	assert_int_equal(((unsigned char *)va)[4105], 0x3C);
	((unsigned char *)va)[100] = 0x77;
	assert_int_equal(bus_read(b, iova + 100, buf, 1), 0);
	assert_int_equal(buf[0], 0x77);
	NdisMFreeSharedMemory(t.adapter_handle, 6000, FALSE, va, pa);
	/* strict: the IOVA is gone at once; read faults with 0xFF */
	buf[0] = 0;
	assert_int_equal(bus_read(b, iova + 100, buf, 4), -EFAULT);
	assert_int_equal(buf[0], 0xFF);
	th_expect(&t, VF_IOMMU_FAULT, 1);
	expect_last(&t, "no live mapping; the last one", "was unmapped at");
	expect_last(&t, "+2 pages) by NdisMAllocateSharedMemory called from", NULL);
	/* the driver's call site of the mapping call: this function */
	expect_last(&t, "test_shared_memory_through_domain", NULL);
	assert_non_null(last(&t)->facts.call_site);
	assert_true(strstr(last(&t)->site, "test_shared_memory_through_domain") != NULL);
	assert_string_equal(last(&t)->facts.direction, "to-device");
	assert_int_equal(faults(&t), 1);
	/* an IOVA no mapping ever covered, far from memory */
	assert_int_equal(bus_write(b, 1ull << 40, buf, 4), -EFAULT);
	th_expect(&t, VF_IOMMU_FAULT, 1);
	expect_last(&t, "no mapping in its IOMMU domain ever covered it", NULL);
	bus_destroy(b);
	NdisMDeregisterScatterGatherDma(dma);
	th_teardown(&t);
}

static void test_direction_not_permitted(void **state)
{
	struct th t;
	NDIS_HANDLE dma;
	uint64_t pfn, iova;
	unsigned char buf[8] = { 0 };
	static unsigned char page[4096] __attribute__((aligned(4096)));
	struct bus *b;

	setup(&t, IOMMU_STRICT, VF_LEVEL_STANDARD, LAYOUT_CONTIGUOUS);
	dma = register_dma(&t, true);
	assert_int_equal(platform_pfns(t.k->platform, page, sizeof(page), &pfn), 0);
	assert_int_equal(iommu_map(t.adapter.iommu, &pfn, 1, IOMMU_READ, NULL, &iova), 0);
	b = make_bus(&t);
	assert_int_equal(bus_read(b, iova, buf, 8), 0);
	assert_int_equal(bus_write(b, iova, buf, 8), -EFAULT);   /* read-only for it */
	th_expect(&t, VF_IOMMU_FAULT, 1);
	expect_last(&t, "for the other direction only", NULL);
	assert_int_equal(iommu_unmap(t.adapter.iommu, iova, 1), 0);
	bus_destroy(b);
	NdisMDeregisterScatterGatherDma(dma);
	th_teardown(&t);
}

static void test_physical_addresses_named(void **state)
{
	struct th t;
	NDIS_HANDLE dma;
	PVOID mem;
	PMDL mdl;
	uint64_t pa, pfn;
	unsigned char buf[8];
	static unsigned char hand[4096] __attribute__((aligned(4096)));
	struct bus *b;

	setup(&t, IOMMU_STRICT, VF_LEVEL_STANDARD, LAYOUT_SCATTERED);
	dma = register_dma(&t, true);
	b = make_bus(&t);
	th_begin_init(&t);
	/* MmGetPhysicalAddress */
	mem = NdisAllocateMemoryWithTagPriority(t.adapter_handle, 8192, 'tsmi', NormalPoolPriority);
	assert_non_null(mem);
	pa = (uint64_t)MmGetPhysicalAddress((char *)mem + 4100).QuadPart;
	assert_int_equal(bus_read(b, pa, buf, 8), -EFAULT);
	th_expect(&t, VF_DMA_NOT_REMAPPABLE, 1);
	expect_last(&t, "MmGetPhysicalAddress handed out", "drives IOVAs only");
	assert_non_null(last(&t)->facts.call_site);
	/* an MDL's PFN array (NdisAllocateMdl) */
	mdl = NdisAllocateMdl(t.adapter_handle, mem, 8192);
	assert_non_null(mdl);
	pfn = MmGetMdlPfnArray(mdl)[1];
	assert_int_equal(bus_write(b, pfn << PAGE_SHIFT, buf, 8), -EFAULT);
	th_expect(&t, VF_DMA_NOT_REMAPPABLE, 1);
	expect_last(&t, "NdisAllocateMdl", "MmGetMdlPfnArray");
	/* a physical address no call handed out */
	assert_int_equal(platform_pfns(t.k->platform, hand, sizeof(hand), &pfn), 0);
	assert_int_equal(bus_read(b, (pfn << PAGE_SHIFT) + 8, buf, 8), -EFAULT);
	th_expect(&t, VF_DMA_NOT_REMAPPABLE, 1);
	expect_last(&t, "no call handed out", "built by");
	assert_int_equal(faults(&t), 3);
	NdisFreeMdl(mdl);
	NdisFreeMemory(mem, 0, 0);
	th_end_init(&t);
	bus_destroy(b);
	NdisMDeregisterScatterGatherDma(dma);
	th_teardown(&t);
}

static void test_lazy_stale_window(void **state)
{
	struct th t;
	NDIS_HANDLE dma;
	PVOID va;
	NDIS_PHYSICAL_ADDRESS pa;
	unsigned char buf[8];
	struct bus *b;
	uint64_t iova;

	setup(&t, IOMMU_LAZY, VF_LEVEL_FULL, LAYOUT_CONTIGUOUS);
	dma = register_dma(&t, true);
	NdisMAllocateSharedMemory(t.adapter_handle, 4096, FALSE, &va, &pa);
	assert_non_null(va);
	iova = (uint64_t)pa.QuadPart;
	b = make_bus(&t);
	assert_int_equal(bus_read(b, iova, buf, 8), 0);
	NdisMFreeSharedMemory(t.adapter_handle, 4096, FALSE, va, pa);
	/* queued, not invalidated: it still translates, the tracker says */
	assert_int_equal(bus_read(b, iova, buf, 8), -EFAULT);
	assert_int_equal(buf[0], 0xFF);
	th_expect(&t, VF_DMA_UNMAPPED, 1);
	expect_last(&t, "lazy IOMMU invalidation pending", NULL);
	assert_int_equal(faults(&t), 0);
	iommu_flush(t.adapter.iommu);
	assert_int_equal(bus_read(b, iova, buf, 8), -EFAULT);
	th_expect(&t, VF_IOMMU_FAULT, 1);
	bus_destroy(b);
	NdisMDeregisterScatterGatherDma(dma);
	th_teardown(&t);
}

static void test_32bit_channel_below_4g(void **state)
{
	struct th t;
	NDIS_HANDLE dma;
	PVOID va;
	NDIS_PHYSICAL_ADDRESS pa;
	struct bus *b;
	unsigned char buf[8];

	setup(&t, IOMMU_STRICT, VF_LEVEL_STANDARD, LAYOUT_HIGH);
	dma = register_dma(&t, false);
	/* the domain spans the device's reach; the channel holds its IOVAs */
	assert_true(iommu_domain_iova_limit(t.adapter.iommu) > 1ull << 32);
	NdisMAllocateSharedMemory(t.adapter_handle, 4096, FALSE, &va, &pa);
	assert_non_null(va);
	assert_true((uint64_t)pa.QuadPart + 4096 <= 1ull << 32);
	/* the memory itself lies above 4 GiB: reached through the IOMMU */
	assert_true((uint64_t)MmGetPhysicalAddress(va).QuadPart >= 1ull << 32);
	b = make_bus(&t);
	((unsigned char *)va)[5] = 0x42;
	assert_int_equal(bus_read(b, (uint64_t)pa.QuadPart, buf, 8), 0);
	assert_int_equal(buf[5], 0x42);
	bus_destroy(b);
	NdisMFreeSharedMemory(t.adapter_handle, 4096, FALSE, va, pa);
	NdisMDeregisterScatterGatherDma(dma);
	th_teardown(&t);
}

/* A 64-bit channel's shared memory lies above 4 GiB in IOVA, so a
 * driver that truncates the address to 32 bits hands the device an IOVA
 * nothing maps: IOMMU-FAULT.  Deregistered, and registered again as a
 * 32-bit channel on the same adapter (the same domain), the shared
 * memory lies below 4 GiB. */
static void test_64bit_then_32bit_channel(void **state)
{
	struct th t;
	NDIS_HANDLE dma;
	PVOID va;
	NDIS_PHYSICAL_ADDRESS pa;
	struct bus *b;
	unsigned char buf[8];
	struct iommu_domain *d;

	setup(&t, IOMMU_LAZY, VF_LEVEL_STANDARD, LAYOUT_SCATTERED);
	dma = register_dma(&t, true);
	d = t.adapter.iommu;
	NdisMAllocateSharedMemory(t.adapter_handle, 4096, FALSE, &va, &pa);
	assert_non_null(va);
	assert_true((uint64_t)pa.QuadPart >= 1ull << 32);
	b = make_bus(&t);
	assert_int_equal(bus_read(b, (uint64_t)pa.QuadPart, buf, 8), 0);
	/* the driver truncated it */
	assert_int_equal(bus_read(b, (uint32_t)pa.QuadPart, buf, 8), -EFAULT);
	th_expect(&t, VF_IOMMU_FAULT, 1);
	NdisMFreeSharedMemory(t.adapter_handle, 4096, FALSE, va, pa);
	NdisMDeregisterScatterGatherDma(dma);
	iommu_flush(d);   /* its high IOVA now sits in the cache */

	dma = register_dma(&t, false);
	assert_ptr_equal(t.adapter.iommu, d);   /* the same domain */
	for (int i = 0; i < 3; i++) {
		NdisMAllocateSharedMemory(t.adapter_handle, 4096, FALSE, &va, &pa);
		assert_non_null(va);
		assert_true((uint64_t)pa.QuadPart + 4096 <= 1ull << 32);
		assert_int_equal(bus_read(b, (uint64_t)pa.QuadPart, buf, 8), 0);
		NdisMFreeSharedMemory(t.adapter_handle, 4096, FALSE, va, pa);
		iommu_flush(d);
	}
	bus_destroy(b);
	NdisMDeregisterScatterGatherDma(dma);
	th_teardown(&t);
}

static void test_pa_origin_table(void **state)
{
	struct pa_origins *t;
	struct pa_origin o;
	uint64_t pfns[3] = { 7, 9, 11 };
	static const char site;

	assert_int_equal(pa_origins_create(&t), 0);
	assert_false(pa_origin_find(t, 0x5000, &o));
	pa_origin_note(t, 0x5ff0, 0x20, "A", &site);   /* two pages */
	assert_true(pa_origin_find(t, 0x5000, &o));
	assert_string_equal(o.call, "A");
	assert_ptr_equal(o.site, &site);
	assert_true(pa_origin_find(t, 0x6abc, &o));
	assert_false(pa_origin_find(t, 0x7000, &o));
	pa_origin_note_pfns(t, pfns, 3, "B", NULL);
	assert_true(pa_origin_find(t, 9ull << 12, &o));
	assert_string_equal(o.call, "B");
	pa_origin_note(t, 0x5000, 0, "C", NULL);   /* a later call wins */
	assert_true(pa_origin_find(t, 0x5123, &o));
	assert_string_equal(o.call, "C");
	/* more pages than slots: bounded, the latest are found */
	for (uint64_t p = 100; p < 100 + 3 * PA_ORIGIN_SLOTS; p++)
		pa_origin_note(t, p << 12, 0, "D", NULL);
	assert_true(pa_origin_find(t, (99 + 3 * PA_ORIGIN_SLOTS) << 12, &o));
	assert_string_equal(o.call, "D");
	pa_origins_destroy(t);
	/* NULL table: the IOMMU is off, nothing is noted */
	pa_origin_note(NULL, 0, 0, "E", NULL);
	assert_false(pa_origin_find(NULL, 0, &o));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_off_no_domain),
		cmocka_unit_test(test_shared_memory_through_domain),
		cmocka_unit_test(test_direction_not_permitted),
		cmocka_unit_test(test_physical_addresses_named),
		cmocka_unit_test(test_lazy_stale_window),
		cmocka_unit_test(test_32bit_channel_below_4g),
		cmocka_unit_test(test_64bit_then_32bit_channel),
		cmocka_unit_test(test_pa_origin_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
