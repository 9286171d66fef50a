/* io_access.c — the register accessors beyond 8/16/32 bits (facts §5):
 * READ/WRITE_REGISTER_ULONG64 and the READ/WRITE_REGISTER_
 * BUFFER_* forms, over io.c's single accesses.
 *
 * A 64-bit access reaches the device model as two 32-bit ones, the lower
 * address first: the models have 32-bit registers (device.h), and a
 * driver reading a 64-bit counter this way sees what a 32-bit bus would
 * give it.  The buffer forms access the same register Count times, one
 * element each (facts §5: never merged into wider accesses).
 */
#include "ndis/ndis_internal.h"

#include <string.h>

static const char *read_name(ULONG width)
{
	switch (width) {
	case 1: return "READ_REGISTER_BUFFER_UCHAR";
	case 2: return "READ_REGISTER_BUFFER_USHORT";
	case 4: return "READ_REGISTER_BUFFER_ULONG";
	default: return "READ_REGISTER_BUFFER_ULONG64";
	}
}

static const char *write_name(ULONG width)
{
	switch (width) {
	case 1: return "WRITE_REGISTER_BUFFER_UCHAR";
	case 2: return "WRITE_REGISTER_BUFFER_USHORT";
	case 4: return "WRITE_REGISTER_BUFFER_ULONG";
	default: return "WRITE_REGISTER_BUFFER_ULONG64";
	}
}

static uint64_t read64(const volatile void *va, const char *api, const void *site)
{
	uint64_t lo = ndis_io_read(va, 4, api, site);
	uint64_t hi = ndis_io_read((const volatile char *)va + 4, 4, api, site);

	return lo | hi << 32;
}

static void write64(volatile void *va, uint64_t value, const char *api, const void *site)
{
	ndis_io_write(va, 4, (uint32_t)value, api, site);
	ndis_io_write((volatile char *)va + 4, 4, (uint32_t)(value >> 32), api, site);
}

ULONG64 NdisDmaIoRead64(volatile ULONG64 *Register)
{
	return read64(Register, "READ_REGISTER_ULONG64", NDIS_CALLER());
}

VOID NdisDmaIoWrite64(volatile ULONG64 *Register, ULONG64 Value)
{
	write64(Register, Value, "WRITE_REGISTER_ULONG64", NDIS_CALLER());
}

/* A buffer form's arguments: a NULL buffer for a non-zero count is a
 * caller mistake (REG-NULL); the width comes from the macros. */
static bool buffer_ok(const void *buffer, ULONG count, ULONG width, const char *api,
		      const void *site)
{
	struct kernel *k = kernel_current();

	if (width != 1 && width != 2 && width != 4 && width != 8)
		return false;
	if (count == 0 || buffer != NULL)
		return true;
	if (k)
		vf_report(k->verifier, VF_REG_NULL,
			  &(struct vf_facts){ .irql = -1, .call_site = site },
			  "%s: Buffer is NULL for a Count of %u", api, (unsigned)count);
	return false;
}

/* The element i of a buffer of `width`-byte values, as a 64-bit number
 * (buffers need not be aligned: memcpy). */
static uint64_t element_get(const void *buffer, ULONG i, ULONG width)
{
	uint64_t v = 0;

	memcpy(&v, (const char *)buffer + (size_t)i * width, width);   /* little-endian */
	return v;
}

static void element_put(void *buffer, ULONG i, ULONG width, uint64_t v)
{
	memcpy((char *)buffer + (size_t)i * width, &v, width);
}

VOID NdisDmaIoReadBuffer(volatile VOID *Register, PVOID Buffer, ULONG Count, ULONG Width)
{
	const void *site = NDIS_CALLER();
	const char *api = read_name(Width);

	if (!buffer_ok(Buffer, Count, Width, api, site))
		return;
	for (ULONG i = 0; i < Count; i++)
		element_put(Buffer, i, Width, Width == 8 ? read64(Register, api, site)
							 : ndis_io_read(Register, Width, api, site));
}

VOID NdisDmaIoWriteBuffer(volatile VOID *Register, const VOID *Buffer, ULONG Count, ULONG Width)
{
	const void *site = NDIS_CALLER();
	const char *api = write_name(Width);

	if (!buffer_ok(Buffer, Count, Width, api, site))
		return;
	for (ULONG i = 0; i < Count; i++) {
		uint64_t v = element_get(Buffer, i, Width);

		if (Width == 8)
			write64(Register, v, api, site);
		else
			ndis_io_write(Register, Width, (uint32_t)v, api, site);
	}
}
