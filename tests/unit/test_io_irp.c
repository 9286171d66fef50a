/* test_io_irp.c — synchronous device control IRPs (wdk-surface-facts §3;
 * src/wdm/io_irp.c): the device objects NdisMGetDeviceProperty hands out
 * and what each answers, completion (status block, event, METHOD_BUFFERED
 * copy), and every misuse: a stale IRP, a device object that is none,
 * buffers without memory, an IRP never sent, the IRQL rules, allocation
 * failures.
 */
#include "acpi_request.h"

static _Alignas(8) UCHAR out[256];

#define IOCTL_VENDOR_NEITHER CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_NEITHER, FILE_ANY_ACCESS)

static void routing(void **state)
{
	ACPI_EVAL_INPUT_BUFFER b = ar_simple("_STA");
	IO_STATUS_BLOCK iosb;
	NDIS_EVENT ev;
	PIRP irp;
	struct ar_env e;

	(void)state;
	ar_up(&e, "virtio-net");
	assert_true(e.pdo != e.fdo && e.fdo != e.next && e.pdo != e.next);
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD, &b, sizeof(b), out, sizeof(out),
				 &iosb), STATUS_SUCCESS);
	assert_int_equal(iosb.Information, 20);
	assert_int_equal(ar_call(e.next, IOCTL_ACPI_EVAL_METHOD, &b, sizeof(b), out,
				 sizeof(out), &iosb), STATUS_SUCCESS);
	/* NDIS's FDO takes no device control from the miniport */
	assert_int_equal(ar_call(e.fdo, IOCTL_ACPI_EVAL_METHOD, &b, sizeof(b), out, sizeof(out),
				 &iosb), STATUS_INVALID_DEVICE_REQUEST);
	assert_int_equal(iosb.Information, 0);
	/* IOCTLs the ACPI object does not serve */
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_ENUM_CHILDREN, &b, sizeof(b), out,
				 sizeof(out), &iosb), STATUS_INVALID_DEVICE_REQUEST);
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_ACQUIRE_GLOBAL_LOCK, &b, sizeof(b), out,
				 sizeof(out), &iosb), STATUS_INVALID_DEVICE_REQUEST);
	assert_int_equal(ar_call(e.pdo, IOCTL_VENDOR_NEITHER, &b, sizeof(b), out, sizeof(out),
				 &iosb), STATUS_INVALID_DEVICE_REQUEST);
	/* IRP_MJ_INTERNAL_DEVICE_CONTROL */
	NdisInitializeEvent(&ev);
	irp = IoBuildDeviceIoControlRequest(IOCTL_ACPI_EVAL_METHOD, e.pdo, &b, sizeof(b), out,
					    sizeof(out), TRUE, &ev.Event, &iosb);
	assert_non_null(irp);
	assert_int_equal(IoCallDriver(e.pdo, irp), STATUS_INVALID_DEVICE_REQUEST);
	assert_true(NdisWaitEvent(&ev, 1));
	assert_int_equal(iosb.Status, STATUS_INVALID_DEVICE_REQUEST);
	ar_down(&e);
}

static void no_device_model(void **state)
{
	ACPI_EVAL_INPUT_BUFFER b = ar_simple("_STA");
	IO_STATUS_BLOCK iosb;
	struct ar_env e;

	(void)state;
	ar_up(&e, NULL);   /* a virtual miniport: no PCI function, no ACPI object */
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD, &b, sizeof(b), out, sizeof(out),
				 &iosb), STATUS_INVALID_DEVICE_REQUEST);
	assert_int_equal(NdisMGetBusData(e.a->na.handle, PCI_WHICHSPACE_CONFIG, 0, out, 4), 0);
	ar_down(&e);
}

static void completion(void **state)
{
	ACPI_EVAL_INPUT_BUFFER b = ar_simple("_ADR");
	IO_STATUS_BLOCK iosb;
	PIRP irp;
	struct ar_env e;

	(void)state;
	ar_up(&e, "virtio-net");
	/* no event: fine; the input was copied at build time */
	irp = IoBuildDeviceIoControlRequest(IOCTL_ACPI_EVAL_METHOD, e.pdo, &b, sizeof(b), out,
					    sizeof(out), FALSE, NULL, &iosb);
	assert_non_null(irp);
	b = ar_simple("_XYZ");
	assert_int_equal(IoCallDriver(e.pdo, irp), STATUS_SUCCESS);
	assert_int_equal(iosb.Status, STATUS_SUCCESS);
	assert_int_equal(((PACPI_EVAL_OUTPUT_BUFFER)out)->Argument[0].Argument, 0x30000);
	ar_down(&e);
}

static void misuse(void **state)
{
	ACPI_EVAL_INPUT_BUFFER b = ar_simple("_STA");
	IO_STATUS_BLOCK iosb;
	NDIS_EVENT ev;
	PIRP irp;
	struct ar_env e;

	(void)state;
	ar_up(&e, "virtio-net");
	/* buffers: a NULL one needs a zero length; a status block is required */
	assert_null(IoBuildDeviceIoControlRequest(IOCTL_ACPI_EVAL_METHOD, e.pdo, NULL, 8, out,
						  sizeof(out), FALSE, NULL, &iosb));
	assert_null(IoBuildDeviceIoControlRequest(IOCTL_ACPI_EVAL_METHOD, e.pdo, &b, sizeof(b),
						  NULL, 20, FALSE, NULL, &iosb));
	assert_null(IoBuildDeviceIoControlRequest(IOCTL_ACPI_EVAL_METHOD, e.pdo, &b, sizeof(b),
						  out, sizeof(out), FALSE, NULL, NULL));
	/* a device object that is none */
	assert_null(IoBuildDeviceIoControlRequest(IOCTL_ACPI_EVAL_METHOD, (PDEVICE_OBJECT)&b,
						  &b, sizeof(b), out, sizeof(out), FALSE,
						  NULL, &iosb));
	assert_int_equal(ndisdma_report_count(e.f.m, "HANDLE"), 1);
	/* sent twice: the second time the IRP is gone */
	NdisInitializeEvent(&ev);
	irp = IoBuildDeviceIoControlRequest(IOCTL_ACPI_EVAL_METHOD, e.pdo, &b, sizeof(b), out,
					    sizeof(out), FALSE, &ev.Event, &iosb);
	assert_int_equal(IoCallDriver(e.pdo, irp), STATUS_SUCCESS);
	assert_int_equal(IoCallDriver(e.pdo, irp), STATUS_INVALID_PARAMETER);
	assert_int_equal(ndisdma_report_count(e.f.m, "HANDLE"), 2);
	/* sent to a device object that is none: completed, not lost */
	NdisResetEvent(&ev);
	irp = IoBuildDeviceIoControlRequest(IOCTL_ACPI_EVAL_METHOD, e.pdo, &b, sizeof(b), out,
					    sizeof(out), FALSE, &ev.Event, &iosb);
	assert_int_equal(IoCallDriver((PDEVICE_OBJECT)&iosb, irp), STATUS_INVALID_DEVICE_REQUEST);
	assert_true(NdisWaitEvent(&ev, 1));
	assert_int_equal(iosb.Status, STATUS_INVALID_DEVICE_REQUEST);
	assert_int_equal(ndisdma_report_count(e.f.m, "HANDLE"), 3);
	/* built, never sent: the adapter's resource, reported at halt */
	assert_non_null(IoBuildDeviceIoControlRequest(IOCTL_ACPI_EVAL_METHOD, e.pdo, &b,
						      sizeof(b), out, sizeof(out), FALSE,
						      NULL, &iosb));
	ndisdma_adapter_halt(e.a);
	assert_int_equal(ndisdma_report_count(e.f.m, "RES-LEAK"), 1);
	e.f.expected_reports = 4;
	ndisdma_driver_unload(e.d);
	rt_fixture_teardown(&e.f);
}

static void irql_rules(void **state)
{
	ACPI_EVAL_INPUT_BUFFER b = ar_simple("_STA");
	IO_STATUS_BLOCK iosb;
	PIRP irp = NULL;
	struct ar_env e;

	(void)state;
	ar_up(&e, "virtio-net");
	/* building: up to APC_LEVEL */
	AR_AT_DISPATCH(irp = IoBuildDeviceIoControlRequest(IOCTL_ACPI_EVAL_METHOD, e.pdo, &b,
							   sizeof(b), out, sizeof(out), FALSE,
							   NULL, &iosb));
	assert_null(irp);
	assert_int_equal(ndisdma_report_count(e.f.m, "IRQL"), 1);
	kernel_set_irql(KIRQL_APC);
	irp = IoBuildDeviceIoControlRequest(IOCTL_ACPI_EVAL_METHOD, e.pdo, &b, sizeof(b), out,
					    sizeof(out), FALSE, NULL, &iosb);
	kernel_set_irql(KIRQL_PASSIVE);
	assert_non_null(irp);
	/* sending at DISPATCH_LEVEL is allowed, evaluating a method is not:
	 * one report, and the request is still answered */
	AR_AT_DISPATCH(assert_int_equal(IoCallDriver(e.pdo, irp), STATUS_SUCCESS));
	assert_int_equal(ndisdma_report_count(e.f.m, "IRQL"), 2);
	/* FDO at DISPATCH: IoCallDriver's own rule holds, nothing evaluated */
	irp = IoBuildDeviceIoControlRequest(IOCTL_ACPI_EVAL_METHOD, e.fdo, &b, sizeof(b), out,
					    sizeof(out), FALSE, NULL, &iosb);
	AR_AT_DISPATCH(assert_int_equal(IoCallDriver(e.fdo, irp), STATUS_INVALID_DEVICE_REQUEST));
	assert_int_equal(ndisdma_report_count(e.f.m, "IRQL"), 2);
	e.f.expected_reports = 2;
	ar_down(&e);
}

/* Fail the next internal allocation point of the machine (FAULT_NTH). */
static void fail_next(struct kernel *k)
{
	k->config.fault.nth = atomic_load(&k->fault_counter) + 1;
}

static void allocation_failures(void **state)
{
	struct ndisdma_adapter_params p = { .name = "eth0", .device = "virtio-net" };
	struct ndisdma_config c;
	struct ar_args x;
	struct ar_env e;
	IO_STATUS_BLOCK iosb;
	_Alignas(8) UCHAR in[128];
	char err[128];
	ULONG n;
	PIRP irp;

	(void)state;
	tm_reset();
	ndisdma_config_init(&c);
	c.fault_mode = NDISDMA_FAULT_NTH;
	c.fault_nth = UINT64_MAX;   /* armed below, one point at a time */
	assert_int_equal(ndisdma_machine_create(&c, &e.f.m, err, sizeof(err)), 0);
	ndisdma_thread_enter(e.f.m);
	ndisdma_machine_pools(e.f.m, &e.f.base);
	e.d = tm_load(&e.f);
	e.a = tm_init(e.d, &p);
	NdisMGetDeviceProperty(e.a->na.handle, &e.pdo, NULL, NULL, NULL, NULL);
	ar_dsm(&x, &ar_dsm_uuid, 1, 1);
	n = ar_complex(in, "_DSM", &x, FALSE);
	/* io.irp: no IRP */
	fail_next(e.f.m->k);
	assert_null(IoBuildDeviceIoControlRequest(IOCTL_ACPI_EVAL_METHOD, e.pdo, in, n, out,
						  sizeof(out), FALSE, NULL, &iosb));
	/* io.acpi.args: the request fails with INSUFFICIENT_RESOURCES */
	irp = IoBuildDeviceIoControlRequest(IOCTL_ACPI_EVAL_METHOD, e.pdo, in, n, out,
					    sizeof(out), FALSE, NULL, &iosb);
	assert_non_null(irp);
	fail_next(e.f.m->k);
	assert_int_equal(IoCallDriver(e.pdo, irp), STATUS_INSUFFICIENT_RESOURCES);
	assert_int_equal(iosb.Information, 0);
	assert_int_equal(ndisdma_report_count(e.f.m, "FAULT-INJECTED"), 2);
	e.f.m->k->config.fault.nth = UINT64_MAX;
	e.f.expected_reports = 2;
	ar_down(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(routing),
		cmocka_unit_test(no_device_model),
		cmocka_unit_test(completion),
		cmocka_unit_test(misuse),
		cmocka_unit_test(irql_rules),
		cmocka_unit_test(allocation_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
