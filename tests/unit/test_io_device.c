/* test_io_device.c — device access through the NDIS API on a runtime
 * adapter with the virtio-net device: the window and vector in
 * AllocatedResources, NdisMMapIoSpace + NdisRead/WriteRegister*,
 * NdisMRegisterInterruptEx delivering MiniportInterrupt at device IRQL and
 * MiniportInterruptDPC at DISPATCH, NdisMSynchronizeWithInterruptEx,
 * bad characteristics, unmapped register addresses, error log entries. */
#include <errno.h>
#include <linux/virtio_config.h>
#include <linux/virtio_mmio.h>
#include <time.h>

#include "device/device.h"
#include "runtime_miniport.h"

struct irq_log {
	atomic_int isr, dpc;
	atomic_int isr_irql, dpc_irql;
	atomic_int bad_irql;
};
static struct irq_log il;

static BOOLEAN t_isr(NDIS_HANDLE ctx, PBOOLEAN queue_dpc, PULONG targets)
{
	(void)targets;
	assert_ptr_equal(ctx, &il);
	atomic_store(&il.isr_irql, KeGetCurrentIrql());
	atomic_fetch_add(&il.isr, 1);
	*queue_dpc = TRUE;
	return TRUE;
}

static VOID t_dpc(NDIS_HANDLE ctx, PVOID dpc_ctx, PVOID r1, PVOID r2)
{
	(void)ctx; (void)dpc_ctx; (void)r1; (void)r2;
	atomic_store(&il.dpc_irql, KeGetCurrentIrql());
	atomic_fetch_add(&il.dpc, 1);
}

static BOOLEAN t_sync(PVOID ctx)
{
	*(KIRQL *)ctx = KeGetCurrentIrql();
	return TRUE;
}

static void chars_init(NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS *c)
{
	memset(c, 0, sizeof(*c));
	c->Header.Type = NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT;
	c->Header.Revision = NDIS_MINIPORT_INTERRUPT_REVISION_1;
	c->Header.Size = NDIS_SIZEOF_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_1;
	c->InterruptHandler = t_isr;
	c->InterruptDpcHandler = t_dpc;
}

static struct ndisdma_adapter *up(struct rt_fixture *f, struct ndisdma_driver **d)
{
	struct ndisdma_adapter_params p = { .name = "vnet", .device = "virtio-net" };

	memset(&il, 0, sizeof(il));
	rt_fixture_setup(f);
	*d = tm_load(f);
	return tm_init(*d, &p);
}

static void down(struct rt_fixture *f, struct ndisdma_driver *d, struct ndisdma_adapter *a)
{
	ndisdma_adapter_halt(a);
	ndisdma_driver_unload(d);
	rt_fixture_teardown(f);
}

static void wait_for(atomic_int *v, int n)
{
	for (int i = 0; i < 4000 && atomic_load(v) < n; i++) {
		struct timespec ts = { 0, 500000 };
		nanosleep(&ts, NULL);
	}
	assert_true(atomic_load(v) >= n);
}

static void test_resources_and_registers(void **state)
{
	struct rt_fixture f;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	PVOID regs = NULL;
	ULONG v;
	UCHAR b;
	NDIS_PHYSICAL_ADDRESS pa;

	(void)state;
	a = up(&f, &d);
	assert_int_equal(tm_log.resource_count, 2);
	assert_int_equal(tm_log.resource_types[0], CmResourceTypeMemory);
	assert_int_equal(tm_log.resource_types[1], CmResourceTypeInterrupt);
	assert_int_equal(a->na.mmio_base, 0xFE000000ull);
	pa.QuadPart = (LONGLONG)a->na.mmio_base;
	assert_int_equal(NdisMMapIoSpace(&regs, a->na.handle, pa, 0x200), NDIS_STATUS_SUCCESS);
	assert_non_null(regs);
	NdisReadRegisterUlong((PULONG)regs + VIRTIO_MMIO_MAGIC_VALUE / 4, &v);
	assert_int_equal(v, 0x74726976);
	NdisReadRegisterUlong((PUCHAR)regs + VIRTIO_MMIO_VERSION, &v);
	assert_int_equal(v, 2);
	NdisWriteRegisterUlong((PUCHAR)regs + VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	NdisReadRegisterUlong((PUCHAR)regs + VIRTIO_MMIO_STATUS, &v);
	assert_int_equal(v, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	NdisReadRegisterUchar((PUCHAR)regs + VIRTIO_MMIO_CONFIG, &b);   /* mac[0] */
	assert_int_equal(b, 0x02);
	/* outside the resource: refused; not a mapped register: reported */
	pa.QuadPart += 0x1000;
	PVOID other = (PVOID)1;
	assert_int_equal(NdisMMapIoSpace(&other, a->na.handle, pa, 4), NDIS_STATUS_RESOURCE_CONFLICT);
	assert_null(other);
	NdisReadRegisterUlong((PUCHAR)regs + 0x200, &v);
	assert_int_equal(v, 0xFFFFFFFFu);
	f.expected_reports += 1;
	assert_int_equal(ndisdma_report_count(f.m, "HANDLE"), 1);
	NdisWriteErrorLogEntry(a->na.handle, NDIS_ERROR_CODE_INTERRUPT_CONNECT, 2, 7ul, 9ul);
	f.expected_reports += 1;   /* ERROR-LOG, a warning (docs/verifier-rules.md) */
	assert_int_equal(ndisdma_report_count(f.m, "ERROR-LOG"), 1);
	struct ndisdma_device_stats s;
	ndisdma_adapter_device_stats(a, &s);
	assert_true(s.present);
	assert_int_equal(s.error_log_entries, 1);
	assert_int_equal(s.mmio_length, 0x200);
	NdisMUnmapIoSpace(a->na.handle, regs, 0x200);
	down(&f, d, a);
}

static void test_interrupt_irqls(void **state)
{
	struct rt_fixture f;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS c;
	NDIS_HANDLE ih = NULL;
	KIRQL seen = 0;

	(void)state;
	a = up(&f, &d);
	chars_init(&c);
	assert_int_equal(NdisMRegisterInterruptEx(a->na.handle, &il, &c, &ih), NDIS_STATUS_SUCCESS);
	assert_non_null(ih);
	assert_int_equal(c.InterruptType, NDIS_CONNECT_LINE_BASED);
	/* the line is taken now */
	NDIS_HANDLE ih2 = NULL;
	assert_int_equal(NdisMRegisterInterruptEx(a->na.handle, &il, &c, &ih2),
			 NDIS_STATUS_RESOURCE_CONFLICT);
	device_irq_raise(a->na.device);
	wait_for(&il.dpc, 1);
	assert_int_equal(atomic_load(&il.isr_irql), KIRQL_DEVICE);
	assert_int_equal(atomic_load(&il.dpc_irql), DISPATCH_LEVEL);
	assert_true(NdisMSynchronizeWithInterruptEx(ih, 0, t_sync, &seen));
	assert_int_equal(seen, KIRQL_DEVICE);
	assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
	NdisMDeregisterInterruptEx(ih);
	int before = atomic_load(&il.isr);
	device_irq_raise(a->na.device);   /* disconnected: nobody is called */
	kernel_flush(f.m->k);
	assert_int_equal(atomic_load(&il.isr), before);
	struct ndisdma_device_stats s;
	ndisdma_adapter_device_stats(a, &s);
	assert_int_equal(s.isr_calls, (uint64_t)before);
	assert_true(s.dpc_calls >= 1);
	down(&f, d, a);
}

static void test_interrupt_bad_characteristics(void **state)
{
	struct rt_fixture f;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS c;
	NDIS_HANDLE ih = (NDIS_HANDLE)1;

	(void)state;
	a = up(&f, &d);
	chars_init(&c);
	c.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	assert_int_equal(NdisMRegisterInterruptEx(a->na.handle, &il, &c, &ih),
			 NDIS_STATUS_INVALID_PARAMETER);
	assert_null(ih);
	chars_init(&c);
	c.InterruptDpcHandler = NULL;
	assert_int_equal(NdisMRegisterInterruptEx(a->na.handle, &il, &c, &ih),
			 NDIS_STATUS_INVALID_PARAMETER);
	assert_int_equal(ndisdma_report_count(f.m, "REG-HEADER"), 1);
	assert_int_equal(ndisdma_report_count(f.m, "REG-NULL"), 1);
	f.expected_reports += 2;
	/* a leaked interrupt is reported and reclaimed at halt */
	chars_init(&c);
	assert_int_equal(NdisMRegisterInterruptEx(a->na.handle, &il, &c, &ih), NDIS_STATUS_SUCCESS);
	ndisdma_adapter_halt(a);
	assert_int_equal(ndisdma_report_count(f.m, "RES-LEAK"), 1);
	f.expected_reports += 1;
	ndisdma_driver_unload(d);
	rt_fixture_teardown(&f);
}

static void test_no_device(void **state)
{
	struct rt_fixture f;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS c;
	NDIS_HANDLE ih = NULL;
	struct ndisdma_adapter_params bad = { .device = "e1000" };
	char err[200] = "";

	(void)state;
	rt_fixture_setup(&f);
	d = tm_load(&f);
	assert_int_equal(ndisdma_adapter_initialize(d, &bad, &a, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "unknown device"));
	bad.device = "virtio-net";
	bad.backend = "carrier-pigeon";
	assert_int_equal(ndisdma_adapter_initialize(d, &bad, &a, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "unknown backend"));
	a = tm_init(d, NULL);
	chars_init(&c);
	assert_int_equal(NdisMRegisterInterruptEx(a->na.handle, &il, &c, &ih),
			 NDIS_STATUS_RESOURCE_CONFLICT);
	down(&f, d, a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resources_and_registers),
		cmocka_unit_test(test_interrupt_irqls),
		cmocka_unit_test(test_interrupt_bad_characteristics),
		cmocka_unit_test(test_no_device),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
