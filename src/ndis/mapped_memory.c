/* mapped_memory.c — NdisMoveMappedMemory and NdisZeroMappedMemory: copies
 * to, from or between ranges of mapped device memory, and zeroing it.
 *
 * On Windows a register window is memory the processor reaches with plain
 * loads and stores, so these are memory copies there.  Here a window
 * (NdisMMapIoSpace, src/ndis/io.c) is a PROT_NONE reservation every access
 * to which goes through the device model; so a range that touches a window
 * is moved in register accesses (the widest of 4, 2 and 1 bytes the
 * alignment of the window side allows), and one that does not is plain
 * memory.  An access in no window of a range that touches one is ordinary
 * memory too.  Any IRQL, as the memory routines; ranges must not overlap.
 */
#include "ndis/ndis_internal.h"

#include <string.h>
#include <unistd.h>

/* Windows are whole reserved pages, so looking at every page the range
 * covers finds any window it touches. */
static bool touches_window(struct kernel *k, const void *p, size_t len)
{
	uintptr_t a = (uintptr_t)p, end = a + len, page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uint64_t pa;

	for (; a < end; a = (a | (page - 1)) + 1)
		if (ndis_io_window_pa(k, (const void *)a, &pa))
			return true;
	return false;
}

static bool in_window(struct kernel *k, uintptr_t a)
{
	uint64_t pa;

	return ndis_io_window_pa(k, (const void *)a, &pa);
}

/* The widest access at a (window side: aligned) with n bytes left. */
static unsigned width(uintptr_t a, size_t n)
{
	if (n >= 4 && a % 4 == 0)
		return 4;
	if (n >= 2 && a % 2 == 0)
		return 2;
	return 1;
}

static uint32_t load(struct kernel *k, uintptr_t a, unsigned w, const void *site)
{
	uint32_t v = 0;

	if (in_window(k, a))
		return ndis_io_read((const volatile void *)a, w, "NdisMoveMappedMemory", site);
	memcpy(&v, (const void *)a, w);   /* little endian, as the registers */
	return v;
}

static void store(struct kernel *k, uintptr_t a, unsigned w, uint32_t v, const char *api,
		  const void *site)
{
	if (in_window(k, a))
		ndis_io_write((volatile void *)a, w, v, api, site);
	else
		memcpy((void *)a, &v, w);
}

/* Unit by unit; a unit is as wide as both sides allow. */
static void move_units(struct kernel *k, uintptr_t d, uintptr_t s, size_t len,
		       const char *api, const void *site)
{
	for (size_t i = 0; i < len;) {
		unsigned w = width(d + i, len - i), ws = s ? width(s + i, len - i) : w;

		w = ws < w ? ws : w;
		store(k, d + i, w, s ? load(k, s + i, w, site) : 0, api, site);
		i += w;
	}
}

VOID NdisMoveMappedMemory(PVOID Destination, PVOID Source, ULONG Length)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();

	if (Length == 0)
		return;
	if (!touches_window(k, Destination, Length) && !touches_window(k, Source, Length)) {
		memmove(Destination, Source, Length);
		return;
	}
	move_units(k, (uintptr_t)Destination, (uintptr_t)Source, Length,
		   "NdisMoveMappedMemory", site);
}

VOID NdisZeroMappedMemory(PVOID Destination, ULONG Length)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();

	if (Length == 0)
		return;
	if (!touches_window(k, Destination, Length)) {
		memset(Destination, 0, Length);
		return;
	}
	move_units(k, (uintptr_t)Destination, 0, Length, "NdisZeroMappedMemory", site);
}
