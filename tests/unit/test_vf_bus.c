/* test_vf_bus.c — the bus and the mapping tracker directly (issue 5):
 * shared blocks with guard pages at full level (DMA-OVERRUN before and
 * after the block, DMA-UNMAPPED once freed), the device's addressing
 * limit, pages with no memory behind them at standard level, overlapping
 * mappings and the freed ring of dma_track, faulting reads and writes.
 */
#include <errno.h>
#include <string.h>

#include "harness.h"
#include "device/bus.h"
#include "device/test_device.h"
#include "platform/platform.h"
#include "verifier/dma_track.h"

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

/* The last report's message has both fragments. */
static void expect_last_message(struct th *t, const char *a, const char *b)
{
	const char *msg = vf_record_at(t->vf, vf_stored(t->vf) - 1)->message;

	if (!strstr(msg, a) || !strstr(msg, b))
		fail_msg("message '%s' lacks '%s' or '%s'", msg, a, b);
}

static void test_shared_block_guards(void **state)
{
	struct th t;
	struct th_options o;
	NDIS_HANDLE dma;
	PVOID va;
	NDIS_PHYSICAL_ADDRESS pa;
	uint64_t p;
	unsigned char buf[64];
	struct bus *b;
	struct bus_config bc = { .device_name = "nic", .address_limit = UINT64_MAX };

	th_default_options(&o);
	o.level = VF_LEVEL_FULL;
	th_setup(&t, &o);
	dma = register_dma(&t);
	NdisMAllocateSharedMemory(t.adapter_handle, 1000, FALSE, &va, &pa);
	assert_non_null(va);
	p = (uint64_t)pa.QuadPart;
	assert_int_equal(((unsigned char *)va)[999], 0xA7);   /* poison, spec §7 */
	assert_int_equal(bus_create(t.k, &bc, &b), 0);
	/* inside: fine, both ways; the data is the block's */
	assert_int_equal(bus_write(b, p + 10, "abc", 3), 0);
	assert_int_equal(memcmp((char *)va + 10, "abc", 3), 0);
	assert_int_equal(bus_read(b, p, buf, sizeof(buf)), 0);
	/* running past Length, into the slack, into each guard page; the
	 * message says "guard page" only for the accesses that hit one */
	assert_int_equal(bus_read(b, p + 990, buf, 20), -EFAULT);
	assert_int_equal(buf[0], 0xFF);
	expect_last_message(&t, "runs past the end of shared block", "(past Length)");
	assert_int_equal(bus_write(b, p + 1000, buf, 1), -EFAULT);
	expect_last_message(&t, "runs past the end of shared block", "(past Length)");
	assert_int_equal(bus_read(b, p + 4095, buf, 2), -EFAULT);
	expect_last_message(&t, "runs past the end of shared block", "(guard page)");
	assert_int_equal(bus_read(b, p + 4096, buf, 1), -EFAULT);
	expect_last_message(&t, "runs past the end of shared block", "(guard page)");
	assert_int_equal(bus_read(b, p - 1, buf, 1), -EFAULT);
	expect_last_message(&t, "starts before shared block", "(guard page)");
	th_expect(&t, VF_DMA_OVERRUN, 5);
	/* the device cannot drive an address above its limit */
	assert_int_equal(test_device_dma(t.k, p + 100, p, 200, false), -EFAULT);
	th_expect(&t, VF_DMA_UNMAPPED, 1);
	assert_non_null(strstr(vf_record_at(t.vf, vf_stored(t.vf) - 1)->message,
			       "cannot drive"));
	NdisMFreeSharedMemory(t.adapter_handle, 1000, FALSE, va, pa);
	assert_int_equal(dma_track_live(t.k->dma_track), 0);
	/* freed: nothing maps it now */
	assert_int_equal(bus_read(b, p, buf, 4), -EFAULT);
	th_expect(&t, VF_DMA_UNMAPPED, 1);
	bus_destroy(b);
	NdisMDeregisterScatterGatherDma(dma);
	th_teardown(&t);
}

static void test_standard_level_translation_only(void **state)
{
	struct th t;
	unsigned char buf[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	th_setup(&t, NULL);
	assert_null(t.k->dma_track);   /* tracking is full level only */
	/* far beyond the sim's physical memory: no frame, no memory */
	assert_int_equal(test_device_dma(t.k, UINT64_MAX, 1ull << 60, 8, true), -EFAULT);
	th_expect(&t, VF_DMA_UNMAPPED, 1);
	assert_int_equal(test_device_dma(t.k, UINT64_MAX, 0, 0, false), 0);  /* empty */
	(void)buf;
	th_teardown(&t);
}

static void test_tracker_verdicts(void **state)
{
	struct dma_track *tr;
	struct dma_mapping m = { 0 }, hit;

	assert_int_equal(dma_track_create(&tr), 0);
	m.kind = DMA_MAP_ELEMENT;
	m.owner = (void *)0x1000;
	m.start = 0x10000;
	m.length = 0x800;
	m.to_device = true;
	dma_track_add(tr, &m);
	/* a second list maps the same page, device-to-memory */
	m.owner = (void *)0x2000;
	m.start = 0x10400;
	m.length = 0x400;
	m.to_device = false;
	dma_track_add(tr, &m);
	assert_int_equal(dma_track_check(tr, 0x10000, 0x800, false, &hit), DMA_OK);
	assert_int_equal(dma_track_check(tr, 0x10000, 0x10, true, &hit), DMA_V_DIRECTION);
	assert_ptr_equal(hit.owner, (void *)0x1000);
	/* the overlapping receive list makes this write legal */
	assert_int_equal(dma_track_check(tr, 0x10400, 0x10, true, &hit), DMA_OK);
	assert_ptr_equal(hit.owner, (void *)0x2000);
	assert_int_equal(dma_track_check(tr, 0x10700, 0x200, false, &hit), DMA_V_OVERRUN);
	assert_int_equal(dma_track_check(tr, 0x20000, 1, false, &hit), DMA_V_UNMAPPED);
	assert_int_equal(dma_track_remove(tr, (void *)0x1000, true), 1);
	assert_int_equal(dma_track_check(tr, 0x10000, 0x10, false, &hit), DMA_V_AFTER_FREE);
	assert_ptr_equal(hit.owner, (void *)0x1000);
	assert_int_equal(dma_track_check(tr, 0x10400, 0x10, false, &hit), DMA_OK);
	assert_int_equal(dma_track_remove(tr, (void *)0x2000, false), 1);
	assert_int_equal(dma_track_check(tr, 0x10400, 0x10, false, &hit), DMA_V_AFTER_FREE);
	assert_int_equal(dma_track_live(tr), 0);
	dma_track_destroy(tr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shared_block_guards),
		cmocka_unit_test(test_standard_level_translation_only),
		cmocka_unit_test(test_tracker_verdicts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
