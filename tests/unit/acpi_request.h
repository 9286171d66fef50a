/* acpi_request.h — what test_io_irp.c and test_io_acpi.c share (not a test
 * on its own): an adapter of the runtime's test miniport in front of a
 * virtio-net model, its PDO/FDO/next-lower device objects, one synchronous
 * IOCTL round trip as a driver makes it, and a builder for ACPI method
 * argument lists (acpiioct.h macros).
 */
#ifndef ACPI_REQUEST_H
#define ACPI_REQUEST_H

#include "runtime_miniport.h"

#include <acpiioct.h>

/* Helpers: not every test file uses every one. */
#pragma GCC diagnostic ignored "-Wunused-function"

/* The first device of a machine: PCI device 3, MAC 02:00:00:00:00:01
 * (src/runtime/device_host.c). */
static const UCHAR ar_mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
/* 257aa341-7d04-4ab8-88a7-de08a9d0fd62, docs/devices.md */
static const GUID ar_dsm_uuid = { 0x257aa341, 0x7d04, 0x4ab8,
				  { 0x88, 0xa7, 0xde, 0x08, 0xa9, 0xd0, 0xfd, 0x62 } };

#define AR_AT_DISPATCH(stmt) do { \
	uint8_t old_irql_ = kernel_irql(); \
	kernel_set_irql(KIRQL_DISPATCH); \
	stmt; \
	kernel_set_irql(old_irql_); \
} while (0)

struct ar_env {
	struct rt_fixture f;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	PDEVICE_OBJECT pdo, fdo, next;
};

static void ar_up(struct ar_env *e, const char *device)
{
	struct ndisdma_adapter_params p = { .name = "eth0", .device = device };

	rt_fixture_setup(&e->f);
	e->d = tm_load(&e->f);
	e->a = tm_init(e->d, &p);
	NdisMGetDeviceProperty(e->a->na.handle, &e->pdo, &e->fdo, &e->next, NULL, NULL);
	assert_non_null(e->pdo);
	assert_non_null(e->fdo);
	assert_non_null(e->next);
}

static void ar_down(struct ar_env *e)
{
	ndisdma_adapter_halt(e->a);
	ndisdma_driver_unload(e->d);
	rt_fixture_teardown(&e->f);
}

/* Build + IoCallDriver + the event, as a driver does; the event must be
 * signalled and the status final. */
static NTSTATUS ar_call(PDEVICE_OBJECT to, ULONG code, void *in, ULONG in_len, void *out,
			ULONG out_len, IO_STATUS_BLOCK *iosb)
{
	NDIS_EVENT ev;
	PIRP irp;
	NTSTATUS st;

	NdisInitializeEvent(&ev);
	memset(iosb, 0xEE, sizeof(*iosb));
	irp = IoBuildDeviceIoControlRequest(code, to, in, in_len, out, out_len, FALSE,
					    &ev.Event, iosb);
	assert_non_null(irp);
	st = IoCallDriver(to, irp);
	assert_int_not_equal(st, STATUS_PENDING);
	assert_true(NdisWaitEvent(&ev, 1));
	assert_int_equal(iosb->Status, st);
	return st;
}

/* ---- argument lists ------------------------------------------------------------- */

struct ar_args {
	UCHAR b[1024];
	ULONG n;
	ULONG open[4];      /* offsets of the packages being built */
	int depth;
	ULONG count;        /* top-level arguments */
};

static PACPI_METHOD_ARGUMENT ar_next(struct ar_args *x)
{
	if (x->depth == 0)
		x->count++;
	return (PACPI_METHOD_ARGUMENT)(x->b + x->n);
}

static void ar_int(struct ar_args *x, ULONG v)
{
	PACPI_METHOD_ARGUMENT a = ar_next(x);

	ACPI_METHOD_SET_ARGUMENT_INTEGER(a, v);
	x->n += ACPI_METHOD_ARGUMENT_LENGTH_FROM_ARGUMENT(a);
}

static void ar_buffer(struct ar_args *x, const void *data, USHORT len)
{
	PACPI_METHOD_ARGUMENT a = ar_next(x);

	ACPI_METHOD_SET_ARGUMENT_BUFFER(a, data, len);
	x->n += ACPI_METHOD_ARGUMENT_LENGTH_FROM_ARGUMENT(a);
}

static void ar_string(struct ar_args *x, const char *s)
{
	PACPI_METHOD_ARGUMENT a = ar_next(x);

	ACPI_METHOD_SET_ARGUMENT_STRING(a, s);
	x->n += ACPI_METHOD_ARGUMENT_LENGTH_FROM_ARGUMENT(a);
}

static void ar_package(struct ar_args *x)
{
	PACPI_METHOD_ARGUMENT a = ar_next(x);

	a->Type = ACPI_METHOD_ARGUMENT_PACKAGE;
	a->DataLength = 0;
	x->open[x->depth++] = x->n;
	x->n += 4;
}

static void ar_end(struct ar_args *x)
{
	ULONG at = x->open[--x->depth];
	PACPI_METHOD_ARGUMENT a = (PACPI_METHOD_ARGUMENT)(x->b + at);

	a->DataLength = (USHORT)(x->n - at - 4);
	if (a->DataLength < sizeof(ULONG)) {   /* an empty package still takes a ULONG */
		memset(x->b + x->n, 0, 4);
		x->n = at + 8;
	}
}

/* The _DSM convention's four arguments, Arg3 an empty package. */
static void ar_dsm(struct ar_args *x, const GUID *uuid, ULONG revision, ULONG function)
{
	memset(x, 0, sizeof(*x));
	ar_buffer(x, uuid, 16);
	ar_int(x, revision);
	ar_int(x, function);
	ar_package(x);
	ar_end(x);
}

/* An ACPI_EVAL_INPUT_BUFFER_COMPLEX(_EX) of x for `name` into buf. */
static ULONG ar_complex(void *buf, const char *name, const struct ar_args *x, BOOLEAN ex)
{
	if (ex) {
		PACPI_EVAL_INPUT_BUFFER_COMPLEX_EX in = buf;

		memset(in, 0, sizeof(*in));
		in->Signature = ACPI_EVAL_INPUT_BUFFER_COMPLEX_SIGNATURE_EX;
		strcpy(in->MethodName, name);
		in->Size = x->n;
		in->ArgumentCount = x->count;
		memcpy(in->Argument, x->b, x->n);
		return FIELD_OFFSET(ACPI_EVAL_INPUT_BUFFER_COMPLEX_EX, Argument) + x->n;
	} else {
		PACPI_EVAL_INPUT_BUFFER_COMPLEX in = buf;

		in->Signature = ACPI_EVAL_INPUT_BUFFER_COMPLEX_SIGNATURE;
		memcpy(in->MethodName, name, 4);
		in->Size = x->n;
		in->ArgumentCount = x->count;
		memcpy(in->Argument, x->b, x->n);
		return FIELD_OFFSET(ACPI_EVAL_INPUT_BUFFER_COMPLEX, Argument) + x->n;
	}
}

static ACPI_EVAL_INPUT_BUFFER ar_simple(const char *name)
{
	ACPI_EVAL_INPUT_BUFFER in;

	in.Signature = ACPI_EVAL_INPUT_BUFFER_SIGNATURE;
	memcpy(in.MethodName, name, 4);
	return in;
}

#endif
