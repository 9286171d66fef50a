/* io_acpi.c — IOCTL_ACPI_EVAL_METHOD and IOCTL_ACPI_EVAL_METHOD_EX (and
 * their ASYNC forms, completed at once) sent to a device model's PDO
 * (wdk-surface-facts §8; acpiioct.h; docs/devices.md "ACPI methods").
 *
 * The input buffer becomes acpi_values (src/device/acpi.h), the model's
 * method runs, and its result is written back as an
 * ACPI_EVAL_OUTPUT_BUFFER.  Statuses, checked in this order:
 *
 *   STATUS_INVALID_PARAMETER      malformed input: short buffer, a
 *                                 signature of the other IOCTL's family,
 *                                 ArgumentCount > 7, arguments outside
 *                                 Size, an unknown argument type, an _EX
 *                                 name without its NUL; or arguments the
 *                                 method does not take
 *   STATUS_OBJECT_NAME_NOT_FOUND  no such method on the device's object
 *                                 (what Windows' ACPI driver returns for
 *                                 a missing method: AE_NOT_FOUND)
 *   STATUS_BUFFER_TOO_SMALL       the output cannot hold the
 *                                 ACPI_EVAL_OUTPUT_BUFFER header (20 bytes)
 *   STATUS_BUFFER_OVERFLOW        the header fits, the arguments do not:
 *                                 Signature, Length = the bytes needed and
 *                                 Count are written, Information = 20
 *   STATUS_SUCCESS                Information = Length
 *
 * Integers come back as 4 bytes through IOCTL_ACPI_EVAL_METHOD when they
 * fit (8 otherwise) and always as 8 through the _EX IOCTL.
 */
#include "wdm/io_internal.h"

#include <acpiioct.h>
#include <string.h>

#include "device/acpi.h"
#include "device/device.h"

#define ACPI_MAX_ARGUMENTS 7     /* facts §8: ArgumentCount at most 7 */
#define ACPI_MAX_DEPTH 8         /* packages nested deeper are refused */
#define ARG_HEADER 4u            /* Type + DataLength */
#define OUT_HEADER 12u           /* Signature, Length, Count */

bool io_acpi_is_eval(ULONG code)
{
	return code == IOCTL_ACPI_EVAL_METHOD || code == IOCTL_ACPI_EVAL_METHOD_EX ||
	       code == IOCTL_ACPI_ASYNC_EVAL_METHOD || code == IOCTL_ACPI_ASYNC_EVAL_METHOD_EX;
}

/* ---- input: ACPI_METHOD_ARGUMENTs -> acpi_values ------------------------------- */

struct parse {
	struct acpi_value *vals;   /* flat storage; a package's elements adjacent */
	uint32_t used, cap;
	int depth;
};

static uint32_t arg_size(const uint8_t *p)
{
	uint16_t len;

	memcpy(&len, p + 2, sizeof(len));
	return ARG_HEADER + (len > 4 ? len : 4);
}

/* Number of arguments laid end to end in [p, end) exactly; -1 if they
 * do not tile it. */
static long count_args(const uint8_t *p, const uint8_t *end)
{
	long n = 0;

	while (p < end) {
		if ((size_t)(end - p) < ARG_HEADER + 4 || arg_size(p) > (size_t)(end - p))
			return -1;
		p += arg_size(p);
		n++;
	}
	return n;
}

/* The n top-level arguments lie inside the Size bytes of the array. */
static bool args_fit(const uint8_t *p, uint32_t size, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		if (size < ARG_HEADER + 4 || arg_size(p) > size)
			return false;
		size -= arg_size(p);
		p += arg_size(p);
	}
	return true;
}

static bool parse_list(struct parse *ps, const uint8_t *p, uint32_t n,
		       struct acpi_value *out);

static bool parse_one(struct parse *ps, const uint8_t *p, struct acpi_value *v)
{
	uint16_t type, len;
	const uint8_t *data = p + ARG_HEADER;
	long n;

	memcpy(&type, p, sizeof(type));
	memcpy(&len, p + 2, sizeof(len));
	memset(v, 0, sizeof(*v));
	switch (type) {
	case ACPI_METHOD_ARGUMENT_INTEGER:
		if (len < 1 || len > 8)
			return false;
		v->type = ACPI_INTEGER;
		for (int i = len - 1; i >= 0; i--)   /* little-endian, as on x64 */
			v->integer = v->integer << 8 | data[i];
		return true;
	case ACPI_METHOD_ARGUMENT_STRING:
		v->type = ACPI_STRING;
		v->bytes = data;
		v->length = (uint32_t)strnlen((const char *)data, len);
		return true;
	case ACPI_METHOD_ARGUMENT_BUFFER:
		v->type = ACPI_BUFFER;
		v->bytes = data;
		v->length = len;
		return true;
	case ACPI_METHOD_ARGUMENT_PACKAGE:
	case ACPI_METHOD_ARGUMENT_PACKAGE_EX:
		n = count_args(data, data + len);
		if (n < 0 || ps->depth >= ACPI_MAX_DEPTH || (uint32_t)n > ps->cap - ps->used)
			return false;
		v->type = ACPI_PACKAGE;
		v->count = (uint32_t)n;
		v->elements = &ps->vals[ps->used];
		ps->used += (uint32_t)n;
		ps->depth++;
		if (!parse_list(ps, data, (uint32_t)n, &ps->vals[ps->used - n]))
			return false;
		ps->depth--;
		return true;
	default:
		return false;
	}
}

static bool parse_list(struct parse *ps, const uint8_t *p, uint32_t n,
		       struct acpi_value *out)
{
	for (uint32_t i = 0; i < n; i++, p += arg_size(p))
		if (!parse_one(ps, p, &out[i]))
			return false;
	return true;
}

/* ---- input: the four buffer shapes of each IOCTL -------------------------------- */

struct request {
	char name[4];
	const char *path;          /* _EX: the NUL-terminated MethodName */
	const uint8_t *args;       /* complex: the Argument array */
	uint32_t args_size, nargs;
	struct acpi_value simple;  /* the simple forms' one argument */
	bool has_simple;
};

struct shape {
	ULONG signature;
	uint32_t name_len;         /* 4, or 256 for _EX */
	enum { SHAPE_NONE, SHAPE_INTEGER, SHAPE_STRING, SHAPE_COMPLEX } kind;
};

static const struct shape v1_shapes[] = {
	{ ACPI_EVAL_INPUT_BUFFER_SIGNATURE, 4, SHAPE_NONE },
	{ ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_SIGNATURE, 4, SHAPE_INTEGER },
	{ ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_SIGNATURE, 4, SHAPE_STRING },
	{ ACPI_EVAL_INPUT_BUFFER_COMPLEX_SIGNATURE, 4, SHAPE_COMPLEX },
};
static const struct shape ex_shapes[] = {
	{ ACPI_EVAL_INPUT_BUFFER_SIGNATURE_EX, 256, SHAPE_NONE },
	{ ACPI_EVAL_INPUT_BUFFER_SIMPLE_INTEGER_SIGNATURE_EX, 256, SHAPE_INTEGER },
	{ ACPI_EVAL_INPUT_BUFFER_SIMPLE_STRING_SIGNATURE_EX, 256, SHAPE_STRING },
	{ ACPI_EVAL_INPUT_BUFFER_COMPLEX_SIGNATURE_EX, 256, SHAPE_COMPLEX },
};

static const struct shape *find_shape(const uint8_t *in, uint32_t len, bool ex)
{
	const struct shape *s = ex ? ex_shapes : v1_shapes;
	ULONG sig;

	if (len < sizeof(sig))
		return NULL;
	memcpy(&sig, in, sizeof(sig));
	for (int i = 0; i < 4; i++)
		if (s[i].signature == sig)
			return &s[i];
	return NULL;
}

/* The part after the name: false when the buffer is too short for it. */
static bool read_tail(const struct shape *s, const uint8_t *t, uint32_t left, bool ex,
		      struct request *r)
{
	ULONG a, b;

	switch (s->kind) {
	case SHAPE_NONE:
		return true;
	case SHAPE_INTEGER:
		if (ex) {   /* ULONG64 at +264: 4 bytes of padding first */
			if (left < 12)
				return false;
			memcpy(&r->simple.integer, t + 4, 8);
		} else {
			if (left < 4)
				return false;
			memcpy(&a, t, 4);
			r->simple.integer = a;
		}
		r->simple.type = ACPI_INTEGER;
		r->has_simple = true;
		return true;
	case SHAPE_STRING:
		if (left < 4 || (memcpy(&a, t, 4), a > left - 4))
			return false;
		r->simple.type = ACPI_STRING;
		r->simple.bytes = t + 4;
		r->simple.length = (uint32_t)strnlen((const char *)t + 4, a);
		r->has_simple = true;
		return true;
	default:    /* SHAPE_COMPLEX: Size, ArgumentCount, Argument[] */
		if (left < 8)
			return false;
		memcpy(&a, t, 4);
		memcpy(&b, t + 4, 4);
		if (a > left - 8 || b > ACPI_MAX_ARGUMENTS)
			return false;
		r->args = t + 8;
		r->args_size = a;
		r->nargs = b;
		return true;
	}
}

static bool read_request(const uint8_t *in, uint32_t len, bool ex, struct request *r)
{
	const struct shape *s = find_shape(in, len, ex);

	memset(r, 0, sizeof(*r));
	if (!s || len < 4 + s->name_len)
		return false;
	if (ex) {
		if (!memchr(in + 4, '\0', 256))
			return false;
		r->path = (const char *)in + 4;
	} else {
		memcpy(r->name, in + 4, 4);
	}
	return read_tail(s, in + 4 + s->name_len, len - 4 - s->name_len, ex, r);
}

/* _EX: "NAME" relative to the device, or the device's path + ".NAME". */
static bool resolve_path(const struct acpi_object *obj, const char *path, char name[4])
{
	size_t n = strlen(path), plen = obj ? strlen(obj->path) : 0;

	if (n == 4) {
		memcpy(name, path, 4);
		return true;
	}
	if (obj && n == plen + 5 && memcmp(path, obj->path, plen) == 0 && path[plen] == '.') {
		memcpy(name, path + plen + 1, 4);
		return true;
	}
	return false;
}

/* ---- output: acpi_value -> ACPI_METHOD_ARGUMENTs --------------------------------- */

static uint32_t data_len(const struct acpi_value *v, bool ex)
{
	uint32_t n = 0;

	switch (v->type) {
	case ACPI_INTEGER:
		return ex || v->integer >> 32 ? 8 : 4;
	case ACPI_STRING:
		return v->length + 1;
	case ACPI_BUFFER:
		return v->length;
	default:
		for (uint32_t i = 0; i < v->count; i++) {
			uint32_t d = data_len(&v->elements[i], ex);
			n += ARG_HEADER + (d > 4 ? d : 4);
		}
		return n;
	}
}

static uint32_t out_arg_size(const struct acpi_value *v, bool ex)
{
	uint32_t d = data_len(v, ex);

	return ARG_HEADER + (d > 4 ? d : 4);
}

static uint8_t *write_arg(uint8_t *p, const struct acpi_value *v, bool ex)
{
	uint16_t type = (uint16_t)v->type, len = (uint16_t)data_len(v, ex);
	uint8_t *data = p + ARG_HEADER;

	memcpy(p, &type, 2);
	memcpy(p + 2, &len, 2);
	memset(data, 0, len > 4 ? len : 4);
	switch (v->type) {
	case ACPI_INTEGER:
		memcpy(data, &v->integer, len);   /* little-endian */
		break;
	case ACPI_STRING:
	case ACPI_BUFFER:
		if (v->length)
			memcpy(data, v->bytes, v->length);
		break;
	default:
		for (uint32_t i = 0; i < v->count; i++)
			data = write_arg(data, &v->elements[i], ex);
		break;
	}
	return p + out_arg_size(v, ex);
}

static NTSTATUS write_output(struct io_irp *irp, const struct acpi_value *v, bool ex)
{
	ULONG sig = ACPI_EVAL_OUTPUT_BUFFER_SIGNATURE, count = 1;
	ULONG need = OUT_HEADER + out_arg_size(v, ex);

	if (irp->out_len < sizeof(ACPI_EVAL_OUTPUT_BUFFER))
		return STATUS_BUFFER_TOO_SMALL;
	if (data_len(v, ex) > 0xFFFF)   /* DataLength is a USHORT */
		return STATUS_INVALID_PARAMETER;
	memset(irp->system, 0, irp->out_len);
	memcpy(irp->system, &sig, 4);
	memcpy(irp->system + 4, &need, 4);
	memcpy(irp->system + 8, &count, 4);
	if (irp->out_len < need) {
		irp->information = sizeof(ACPI_EVAL_OUTPUT_BUFFER);
		return STATUS_BUFFER_OVERFLOW;
	}
	write_arg(irp->system + OUT_HEADER, v, ex);
	irp->information = need;
	return STATUS_SUCCESS;
}

/* ---- the request ------------------------------------------------------------------- */

static NTSTATUS evaluate(struct io_device_object *o, struct io_irp *irp, const char name[4],
			 const struct acpi_value *args, uint32_t nargs, bool ex)
{
	struct acpi_result res;

	switch (acpi_evaluate(o->model, name, args, nargs, &res)) {
	case ACPI_NOT_FOUND:
		return STATUS_OBJECT_NAME_NOT_FOUND;
	case ACPI_BAD_ARGUMENTS:
		return STATUS_INVALID_PARAMETER;
	default:
		return write_output(irp, &res.value, ex);
	}
}

NTSTATUS io_acpi_eval(struct io_device_object *o, struct io_irp *irp, const void *site)
{
	bool ex = irp->code == IOCTL_ACPI_EVAL_METHOD_EX ||
		  irp->code == IOCTL_ACPI_ASYNC_EVAL_METHOD_EX;
	struct parse ps = { 0 };
	struct request r;
	char name[4];
	NTSTATUS st;

	/* facts §8: evaluation is allowed only below DISPATCH_LEVEL */
	wdm_check_irql(o->k, ex ? "IOCTL_ACPI_EVAL_METHOD_EX" : "IOCTL_ACPI_EVAL_METHOD",
		       KIRQL_PASSIVE, KIRQL_APC, site);
	if (!o->model || !o->model->acpi)
		return STATUS_INVALID_DEVICE_REQUEST;   /* no ACPI object behind it */
	if (!irp->system || !read_request(irp->system, irp->in_len, ex, &r))
		return STATUS_INVALID_PARAMETER;
	if (!ex)
		memcpy(name, r.name, 4);
	else if (!resolve_path(o->model->acpi, r.path, name))
		return STATUS_OBJECT_NAME_NOT_FOUND;
	if (r.has_simple)
		return evaluate(o, irp, name, &r.simple, 1, ex);
	if (!r.nargs)
		return evaluate(o, irp, name, NULL, 0, ex);
	if (!args_fit(r.args, r.args_size, r.nargs))
		return STATUS_INVALID_PARAMETER;
	/* an argument takes 8 bytes or more, a nested one 4 more of its
	 * package's: a bound on the values */
	ps.cap = r.args_size / ARG_HEADER;
	ps.vals = kernel_alloc(o->k, ps.cap * sizeof(*ps.vals), "io.acpi.args");
	if (!ps.vals)
		return STATUS_INSUFFICIENT_RESOURCES;
	ps.used = r.nargs;
	st = parse_list(&ps, r.args, r.nargs, ps.vals) ?
	     evaluate(o, irp, name, ps.vals, r.nargs, ex) : STATUS_INVALID_PARAMETER;
	kernel_free(o->k, ps.vals);
	return st;
}
