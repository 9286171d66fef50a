/* acpi.c — method lookup and result helpers of a model's ACPI object
 * (acpi.h). */
#include "device/acpi.h"

#include <string.h>

#include "device/device.h"

enum acpi_status acpi_evaluate(struct device *d, const char name[4],
			       const struct acpi_value *args, uint32_t nargs,
			       struct acpi_result *out)
{
	const struct acpi_object *o = d ? d->acpi : NULL;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; o && i < o->count; i++)
		if (memcmp(o->methods[i].name, name, 4) == 0)
			return o->methods[i].fn(d, args, nargs, out);
	return ACPI_NOT_FOUND;
}

void acpi_result_integer(struct acpi_result *out, uint64_t v)
{
	out->value.type = ACPI_INTEGER;
	out->value.integer = v;
}

void acpi_result_buffer(struct acpi_result *out, const void *bytes, uint32_t len)
{
	if (len > sizeof(out->storage))
		len = sizeof(out->storage);
	memcpy(out->storage, bytes, len);
	out->value.type = ACPI_BUFFER;
	out->value.bytes = out->storage;
	out->value.length = len;
}

void acpi_result_string(struct acpi_result *out, const char *s)
{
	acpi_result_buffer(out, s, (uint32_t)strlen(s));
	out->value.type = ACPI_STRING;
}

enum acpi_status acpi_dsm_arguments(const struct acpi_value *args, uint32_t nargs,
				    struct acpi_dsm_call *call)
{
	memset(call, 0, sizeof(*call));
	if (nargs != 4 || args[0].type != ACPI_BUFFER || args[0].length != 16 ||
	    args[1].type != ACPI_INTEGER || args[2].type != ACPI_INTEGER ||
	    args[3].type != ACPI_PACKAGE)
		return ACPI_BAD_ARGUMENTS;
	call->uuid = args[0].bytes;
	call->revision = args[1].integer;
	call->function = args[2].integer;
	call->package = &args[3];
	return ACPI_OK;
}
