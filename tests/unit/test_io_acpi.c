/* test_io_acpi.c — IOCTL_ACPI_EVAL_METHOD(_EX) to a virtio-net model's PDO
 * (wdk-surface-facts §8; src/wdm/io_acpi.c; docs/devices.md "ACPI
 * methods"): simple, string, integer and complex inputs, the _DSM
 * convention (function 0's bitmask, the MAC function, unknown UUID,
 * revision and function), every status path and argument shape, the
 * output header and overflow, and the _EX names and 64-bit integers.
 */
#include "acpi_request.h"

#define OUT_HDR ((ULONG)FIELD_OFFSET(ACPI_EVAL_OUTPUT_BUFFER, Argument))

static _Alignas(8) UCHAR in[2048];
static _Alignas(8) UCHAR out[512];

static PACPI_EVAL_OUTPUT_BUFFER result(void)
{
	return (PACPI_EVAL_OUTPUT_BUFFER)out;
}

/* One result argument of `type` and `len` data bytes, Information right. */
static PACPI_METHOD_ARGUMENT one_result(const IO_STATUS_BLOCK *iosb, USHORT type, USHORT len)
{
	PACPI_EVAL_OUTPUT_BUFFER o = result();

	assert_int_equal(iosb->Status, STATUS_SUCCESS);
	assert_int_equal(o->Signature, ACPI_EVAL_OUTPUT_BUFFER_SIGNATURE);
	assert_int_equal(o->Count, 1);
	assert_int_equal(o->Length, OUT_HDR + ACPI_METHOD_ARGUMENT_LENGTH(len));
	assert_int_equal(iosb->Information, o->Length);
	assert_int_equal(o->Argument[0].Type, type);
	assert_int_equal(o->Argument[0].DataLength, len);
	return &o->Argument[0];
}

static NTSTATUS dsm(struct ar_env *e, const GUID *uuid, ULONG rev, ULONG fn, BOOLEAN ex,
		    IO_STATUS_BLOCK *iosb)
{
	struct ar_args x;
	ULONG n;

	ar_dsm(&x, uuid, rev, fn);
	n = ar_complex(in, "_DSM", &x, ex);
	memset(out, 0xCC, sizeof(out));
	return ar_call(e->next, ex ? IOCTL_ACPI_EVAL_METHOD_EX : IOCTL_ACPI_EVAL_METHOD, in, n,
		       out, sizeof(out), iosb);
}

static void simple_methods(void **state)
{
	ACPI_EVAL_INPUT_BUFFER b;
	IO_STATUS_BLOCK iosb;
	struct ar_env e;

	(void)state;
	ar_up(&e, "virtio-net");
	b = ar_simple("_ADR");
	ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD, &b, sizeof(b), out, sizeof(out), &iosb);
	assert_int_equal(one_result(&iosb, ACPI_METHOD_ARGUMENT_INTEGER, 4)->Argument, 0x00030000);
	assert_int_equal(iosb.Information, sizeof(ACPI_EVAL_OUTPUT_BUFFER));
	b = ar_simple("_STA");
	ar_call(e.next, IOCTL_ACPI_EVAL_METHOD, &b, sizeof(b), out, sizeof(out), &iosb);
	assert_int_equal(one_result(&iosb, ACPI_METHOD_ARGUMENT_INTEGER, 4)->Argument, 0x0F);
	/* the asynchronous form, answered at once */
	ar_call(e.pdo, IOCTL_ACPI_ASYNC_EVAL_METHOD, &b, sizeof(b), out, sizeof(out), &iosb);
	assert_int_equal(one_result(&iosb, ACPI_METHOD_ARGUMENT_INTEGER, 4)->Argument, 0x0F);
	ar_down(&e);
}

static void dsm_functions(void **state)
{
	static const GUID other = { 0x12345678, 0x1234, 0x5678, { 1, 2, 3, 4, 5, 6, 7, 8 } };
	IO_STATUS_BLOCK iosb;
	PACPI_METHOD_ARGUMENT a;
	struct ar_env e;

	(void)state;
	ar_up(&e, "virtio-net");
	/* function 0: the bitmask of supported functions (0 and 1) */
	dsm(&e, &ar_dsm_uuid, 1, 0, FALSE, &iosb);
	a = one_result(&iosb, ACPI_METHOD_ARGUMENT_BUFFER, 1);
	assert_int_equal(a->Data[0], 0x03);
	/* function 1: the permanent MAC address */
	dsm(&e, &ar_dsm_uuid, 1, 1, FALSE, &iosb);
	a = one_result(&iosb, ACPI_METHOD_ARGUMENT_BUFFER, 6);
	assert_memory_equal(a->Data, ar_mac, 6);
	assert_int_equal(iosb.Information, 22);
	/* a later revision still has them; revision 0, another function or
	 * another UUID: nothing supported */
	dsm(&e, &ar_dsm_uuid, 3, 1, FALSE, &iosb);
	assert_memory_equal(one_result(&iosb, ACPI_METHOD_ARGUMENT_BUFFER, 6)->Data, ar_mac, 6);
	dsm(&e, &ar_dsm_uuid, 0, 0, FALSE, &iosb);
	assert_int_equal(one_result(&iosb, ACPI_METHOD_ARGUMENT_BUFFER, 1)->Data[0], 0);
	dsm(&e, &ar_dsm_uuid, 1, 2, FALSE, &iosb);
	assert_int_equal(one_result(&iosb, ACPI_METHOD_ARGUMENT_BUFFER, 1)->Data[0], 0);
	dsm(&e, &other, 1, 0, FALSE, &iosb);
	assert_int_equal(one_result(&iosb, ACPI_METHOD_ARGUMENT_BUFFER, 1)->Data[0], 0);
	dsm(&e, &other, 1, 1, FALSE, &iosb);
	assert_int_equal(one_result(&iosb, ACPI_METHOD_ARGUMENT_BUFFER, 1)->Data[0], 0);
	/* through the _EX IOCTL */
	dsm(&e, &ar_dsm_uuid, 1, 1, TRUE, &iosb);
	assert_memory_equal(one_result(&iosb, ACPI_METHOD_ARGUMENT_BUFFER, 6)->Data, ar_mac, 6);
	ar_down(&e);
}

static NTSTATUS complex_call(struct ar_env *e, const char *name, const struct ar_args *x,
			     IO_STATUS_BLOCK *iosb)
{
	ULONG n = ar_complex(in, name, x, FALSE);

	return ar_call(e->pdo, IOCTL_ACPI_EVAL_METHOD, in, n, out, sizeof(out), iosb);
}

static void dsm_argument_shapes(void **state)
{
	static const UCHAR bytes[3] = { 7, 8, 9 };
	IO_STATUS_BLOCK iosb;
	struct ar_args x;
	struct ar_env e;

	(void)state;
	ar_up(&e, "virtio-net");
	/* Arg3 a package of every kind, one nested: parsed, then ignored */
	memset(&x, 0, sizeof(x));
	ar_buffer(&x, &ar_dsm_uuid, 16);
	ar_int(&x, 1);
	ar_int(&x, 1);
	ar_package(&x);
	ar_int(&x, 5);
	ar_string(&x, "hello");
	ar_buffer(&x, bytes, 3);
	ar_package(&x);
	ar_int(&x, 6);
	ar_end(&x);
	ar_end(&x);
	assert_int_equal(complex_call(&e, "_DSM", &x, &iosb), STATUS_SUCCESS);
	assert_memory_equal(one_result(&iosb, ACPI_METHOD_ARGUMENT_BUFFER, 6)->Data, ar_mac, 6);
	/* PACKAGE_EX is a package too */
	((PACPI_METHOD_ARGUMENT)(x.b + 36))->Type = ACPI_METHOD_ARGUMENT_PACKAGE_EX;  /* Arg3 */
	assert_int_equal(complex_call(&e, "_DSM", &x, &iosb), STATUS_SUCCESS);
	/* three arguments */
	memset(&x, 0, sizeof(x));
	ar_buffer(&x, &ar_dsm_uuid, 16);
	ar_int(&x, 1);
	ar_int(&x, 1);
	assert_int_equal(complex_call(&e, "_DSM", &x, &iosb), STATUS_INVALID_PARAMETER);
	assert_int_equal(iosb.Information, 0);
	/* a 15-byte UUID; a string revision */
	memset(&x, 0, sizeof(x));
	ar_buffer(&x, &ar_dsm_uuid, 15);
	ar_int(&x, 1);
	ar_int(&x, 1);
	ar_package(&x);
	ar_end(&x);
	assert_int_equal(complex_call(&e, "_DSM", &x, &iosb), STATUS_INVALID_PARAMETER);
	memset(&x, 0, sizeof(x));
	ar_buffer(&x, &ar_dsm_uuid, 16);
	ar_string(&x, "1");
	ar_int(&x, 1);
	ar_package(&x);
	ar_end(&x);
	assert_int_equal(complex_call(&e, "_DSM", &x, &iosb), STATUS_INVALID_PARAMETER);
	/* arguments to a method that takes none */
	memset(&x, 0, sizeof(x));
	ar_int(&x, 1);
	assert_int_equal(complex_call(&e, "_STA", &x, &iosb), STATUS_INVALID_PARAMETER);
	ar_down(&e);
}

static void simple_argument_forms(void **state)
{
	ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER si;
	_Alignas(4) UCHAR s[32];
	PACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING ss = (PACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING)s;
	IO_STATUS_BLOCK iosb;
	struct ar_env e;

	(void)state;
	ar_up(&e, "virtio-net");
	si.Signature = ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_SIGNATURE;
	memcpy(si.MethodName, "_STA", 4);
	si.IntegerArgument = 1;
	/* one argument: _STA takes none, _DSM takes four */
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD, &si, sizeof(si), out,
				 sizeof(out), &iosb), STATUS_INVALID_PARAMETER);
	memcpy(si.MethodName, "_DSM", 4);
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD, &si, sizeof(si), out,
				 sizeof(out), &iosb), STATUS_INVALID_PARAMETER);
	/* short of its integer */
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD, &si, 10, out, sizeof(out),
				 &iosb), STATUS_INVALID_PARAMETER);
	ss->Signature = ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_SIGNATURE;
	memcpy(ss->MethodName, "_STA", 4);
	ss->StringLength = 4;
	memcpy(ss->String, "abc", 4);
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD, s, 16, out, sizeof(out), &iosb),
			 STATUS_INVALID_PARAMETER);
	/* StringLength past the buffer */
	ss->StringLength = 40;
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD, s, 16, out, sizeof(out), &iosb),
			 STATUS_INVALID_PARAMETER);
	/* a string argument to a method that does not exist */
	ss->StringLength = 4;
	memcpy(ss->MethodName, "_XYZ", 4);
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD, s, 16, out, sizeof(out), &iosb),
			 STATUS_OBJECT_NAME_NOT_FOUND);
	ar_down(&e);
}

/* A raw complex input: header of `count` arguments and `size` bytes. */
static ULONG raw_complex(ULONG count, ULONG size, const void *args, ULONG args_len)
{
	PACPI_EVAL_INPUT_BUFFER_COMPLEX c = (PACPI_EVAL_INPUT_BUFFER_COMPLEX)in;

	c->Signature = ACPI_EVAL_INPUT_BUFFER_COMPLEX_SIGNATURE;
	memcpy(c->MethodName, "_DSM", 4);
	c->Size = size;
	c->ArgumentCount = count;
	memcpy(c->Argument, args, args_len);
	return 16 + args_len;
}

static void malformed_input(void **state)
{
	struct ar_args x;
	IO_STATUS_BLOCK iosb;
	ACPI_EVAL_INPUT_BUFFER b = ar_simple("_ADR");
	ULONG n, sig = ACPI_EVAL_OUTPUT_BUFFER_SIGNATURE;
	struct ar_env e;

#define BAD(n) assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD, in, (n), out, \
					  sizeof(out), &iosb), STATUS_INVALID_PARAMETER)
	(void)state;
	ar_up(&e, "virtio-net");
	ar_dsm(&x, &ar_dsm_uuid, 1, 1);
	/* more than 7 arguments; Size beyond the buffer; arguments beyond Size */
	BAD(raw_complex(8, x.n, x.b, x.n));
	BAD(raw_complex(4, x.n + 8, x.b, x.n));
	BAD(raw_complex(4, x.n - 8, x.b, x.n));
	/* an unknown type; integer DataLength 0 and 9 */
	n = raw_complex(4, x.n, x.b, x.n);
	((PACPI_METHOD_ARGUMENT)(in + 16))->Type = 9;
	BAD(n);
	n = raw_complex(4, x.n, x.b, x.n);
	((PACPI_METHOD_ARGUMENT)(in + 16 + 20))->DataLength = 0;
	BAD(n);
	n = raw_complex(4, x.n, x.b, x.n);
	((PACPI_METHOD_ARGUMENT)(in + 16 + 20))->DataLength = 9;
	BAD(n);
	/* a package whose elements do not fill its DataLength */
	memset(&x, 0, sizeof(x));
	ar_buffer(&x, &ar_dsm_uuid, 16);
	ar_int(&x, 1);
	ar_int(&x, 1);
	ar_package(&x);
	ar_int(&x, 5);
	ar_end(&x);
	((PACPI_METHOD_ARGUMENT)(x.b + 36))->DataLength = 12;   /* 8 + 4 stray bytes */
	x.n += 4;
	BAD(raw_complex(4, x.n, x.b, x.n));
	((PACPI_METHOD_ARGUMENT)(x.b + 36))->DataLength = 8;    /* as built: fine */
	x.n -= 4;
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD, in, raw_complex(4, x.n, x.b, x.n),
				 out, sizeof(out), &iosb), STATUS_SUCCESS);
	/* shorter than a header, another family's signature, the output one */
	memcpy(in, &b, sizeof(b));
	BAD(6);
	memcpy(in, &sig, 4);
	BAD(8);
	b.Signature = ACPI_EVAL_INPUT_BUFFER_SIGNATURE_EX;
	memcpy(in, &b, sizeof(b));
	BAD(8);
	/* no input at all */
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD, NULL, 0, out, sizeof(out), &iosb),
			 STATUS_INVALID_PARAMETER);
	ar_down(&e);
#undef BAD
}

static void unknown_method(void **state)
{
	ACPI_EVAL_INPUT_BUFFER b = ar_simple("_XYZ");
	IO_STATUS_BLOCK iosb;
	struct ar_env e;

	(void)state;
	ar_up(&e, "virtio-net");
	memset(out, 0xCC, sizeof(out));
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD, &b, sizeof(b), out, sizeof(out),
				 &iosb), STATUS_OBJECT_NAME_NOT_FOUND);
	assert_int_equal(iosb.Information, 0);
	assert_int_equal(out[0], 0xCC);   /* an error copies nothing back */
	ar_down(&e);
}

static void output_sizes(void **state)
{
	ACPI_EVAL_INPUT_BUFFER b = ar_simple("_ADR");
	IO_STATUS_BLOCK iosb;
	struct ar_args x;
	ULONG n;
	struct ar_env e;

	(void)state;
	ar_up(&e, "virtio-net");
	/* the header does not fit */
	memset(out, 0xCC, sizeof(out));
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD, &b, sizeof(b), out,
				 sizeof(ACPI_EVAL_OUTPUT_BUFFER) - 1, &iosb), STATUS_BUFFER_TOO_SMALL);
	assert_int_equal(iosb.Information, 0);
	assert_int_equal(out[0], 0xCC);
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD, &b, sizeof(b), NULL, 0, &iosb),
			 STATUS_BUFFER_TOO_SMALL);
	/* an integer result fits the structure exactly */
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD, &b, sizeof(b), out,
				 sizeof(ACPI_EVAL_OUTPUT_BUFFER), &iosb), STATUS_SUCCESS);
	/* the MAC needs 22: the header reports it (a warning: copied back) */
	ar_dsm(&x, &ar_dsm_uuid, 1, 1);
	n = ar_complex(in, "_DSM", &x, FALSE);
	memset(out, 0xCC, sizeof(out));
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD, in, n, out,
				 sizeof(ACPI_EVAL_OUTPUT_BUFFER), &iosb), STATUS_BUFFER_OVERFLOW);
	assert_int_equal(iosb.Information, sizeof(ACPI_EVAL_OUTPUT_BUFFER));
	assert_int_equal(result()->Signature, ACPI_EVAL_OUTPUT_BUFFER_SIGNATURE);
	assert_int_equal(result()->Length, 22);
	assert_int_equal(result()->Count, 1);
	assert_int_equal(out[sizeof(ACPI_EVAL_OUTPUT_BUFFER)], 0xCC);
	/* again with what it asked for */
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD, in, n, out, result()->Length,
				 &iosb), STATUS_SUCCESS);
	assert_memory_equal(one_result(&iosb, ACPI_METHOD_ARGUMENT_BUFFER, 6)->Data, ar_mac, 6);
	ar_down(&e);
}

static ULONG ex_input(ULONG sig, const char *name)
{
	PACPI_EVAL_INPUT_BUFFER_EX b = (PACPI_EVAL_INPUT_BUFFER_EX)in;

	memset(in, 0, sizeof(in));
	b->Signature = sig;
	strcpy(b->MethodName, name);
	return sizeof(*b);
}

static void ex_forms(void **state)
{
	PACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_EX si = (PACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_EX)in;
	IO_STATUS_BLOCK iosb;
	ULONG64 v = 0;
	ULONG n;
	struct ar_env e;

	(void)state;
	ar_up(&e, "virtio-net");
	/* relative name; 64-bit integers */
	n = ex_input(ACPI_EVAL_INPUT_BUFFER_SIGNATURE_EX, "_ADR");
	ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD_EX, in, n, out, sizeof(out), &iosb);
	memcpy(&v, one_result(&iosb, ACPI_METHOD_ARGUMENT_INTEGER, 8)->Data, 8);
	assert_int_equal(v, 0x00030000);
	/* the device's full path; another device's path; a bare path */
	n = ex_input(ACPI_EVAL_INPUT_BUFFER_SIGNATURE_EX, "\\_SB.PCI0.S18._STA");
	ar_call(e.next, IOCTL_ACPI_EVAL_METHOD_EX, in, n, out, sizeof(out), &iosb);
	memcpy(&v, one_result(&iosb, ACPI_METHOD_ARGUMENT_INTEGER, 8)->Data, 8);
	assert_int_equal(v, 0x0F);
	n = ex_input(ACPI_EVAL_INPUT_BUFFER_SIGNATURE_EX, "\\_SB.PCI0.S20._STA");
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD_EX, in, n, out, sizeof(out), &iosb),
			 STATUS_OBJECT_NAME_NOT_FOUND);
	n = ex_input(ACPI_EVAL_INPUT_BUFFER_SIGNATURE_EX, "\\_SB.PCI0.S18");
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD_EX, in, n, out, sizeof(out), &iosb),
			 STATUS_OBJECT_NAME_NOT_FOUND);
	/* a name without its NUL; a V1 signature on the _EX IOCTL */
	n = ex_input(ACPI_EVAL_INPUT_BUFFER_SIGNATURE_EX, "");
	memset(in + 4, 'A', 256);
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD_EX, in, n, out, sizeof(out), &iosb),
			 STATUS_INVALID_PARAMETER);
	n = ex_input(ACPI_EVAL_INPUT_BUFFER_SIGNATURE, "_ADR");
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD_EX, in, n, out, sizeof(out), &iosb),
			 STATUS_INVALID_PARAMETER);
	/* a 64-bit integer argument: _ADR takes none; short of it */
	n = ex_input(ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_SIGNATURE_EX, "_ADR");
	si->IntegerArgument = 1ull << 40;
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD_EX, in, sizeof(*si), out,
				 sizeof(out), &iosb), STATUS_INVALID_PARAMETER);
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_EVAL_METHOD_EX, in, 268, out, sizeof(out),
				 &iosb), STATUS_INVALID_PARAMETER);
	/* the asynchronous _EX form */
	n = ex_input(ACPI_EVAL_INPUT_BUFFER_SIGNATURE_EX, "_STA");
	assert_int_equal(ar_call(e.pdo, IOCTL_ACPI_ASYNC_EVAL_METHOD_EX, in, n, out, sizeof(out),
				 &iosb), STATUS_SUCCESS);
	ar_down(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(simple_methods),
		cmocka_unit_test(dsm_functions),
		cmocka_unit_test(dsm_argument_shapes),
		cmocka_unit_test(simple_argument_forms),
		cmocka_unit_test(malformed_input),
		cmocka_unit_test(unknown_method),
		cmocka_unit_test(output_sizes),
		cmocka_unit_test(ex_forms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
