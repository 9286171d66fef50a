/* acpi.h — the ACPI namespace object of a device model: its path and its
 * control methods, evaluated for a driver's IOCTL_ACPI_EVAL_METHOD(_EX)
 * (src/wdm/io_acpi.c turns the IOCTL buffers into acpi_values and the
 * result back; wdk-surface-facts §8).  Values are the four ACPI object
 * kinds a method takes and returns; nothing here allocates.
 */
#ifndef NDISDMA_DEVICE_ACPI_H
#define NDISDMA_DEVICE_ACPI_H

#include <stddef.h>
#include <stdint.h>

struct device;

enum acpi_type {
	ACPI_INTEGER = 0,    /* ACPI_METHOD_ARGUMENT_INTEGER */
	ACPI_STRING = 1,
	ACPI_BUFFER = 2,
	ACPI_PACKAGE = 3,
};

struct acpi_value {
	enum acpi_type type;
	uint64_t integer;                   /* INTEGER */
	const uint8_t *bytes;               /* STRING (no NUL) or BUFFER */
	uint32_t length;
	const struct acpi_value *elements;  /* PACKAGE */
	uint32_t count;
};

/* A method's result: one value whose bytes may live in storage. */
#define ACPI_RESULT_STORAGE 64
struct acpi_result {
	struct acpi_value value;
	uint8_t storage[ACPI_RESULT_STORAGE];
};

enum acpi_status {
	ACPI_OK = 0,
	ACPI_NOT_FOUND,       /* no such method on this object */
	ACPI_BAD_ARGUMENTS,   /* the method's argument count or types */
};

typedef enum acpi_status (*acpi_method_fn)(struct device *d, const struct acpi_value *args,
					   uint32_t nargs, struct acpi_result *out);

struct acpi_method {
	char name[4];         /* "_DSM": a name segment, not NUL-terminated */
	acpi_method_fn fn;
};

/* What a model publishes in struct device (device.h). */
struct acpi_object {
	char path[32];        /* "\\_SB.PCI0.S18" */
	const struct acpi_method *methods;
	size_t count;
};

/* Evaluates method `name` (4 characters) of d's object. */
enum acpi_status acpi_evaluate(struct device *d, const char name[4],
			       const struct acpi_value *args, uint32_t nargs,
			       struct acpi_result *out);

/* Result helpers (the bytes are copied into out->storage, clipped). */
void acpi_result_integer(struct acpi_result *out, uint64_t v);
void acpi_result_buffer(struct acpi_result *out, const void *bytes, uint32_t len);
void acpi_result_string(struct acpi_result *out, const char *s);

/* The _DSM convention (ACPI §9.1.1, wdk-surface-facts §8): Arg0 a 16-byte
 * UUID buffer, Arg1 the revision, Arg2 the function index, Arg3 a package.
 * ACPI_BAD_ARGUMENTS when the four arguments do not have those kinds. */
struct acpi_dsm_call {
	const uint8_t *uuid;  /* 16 bytes, ToUUID order */
	uint64_t revision;
	uint64_t function;
	const struct acpi_value *package;
};
enum acpi_status acpi_dsm_arguments(const struct acpi_value *args, uint32_t nargs,
				    struct acpi_dsm_call *call);

#endif
