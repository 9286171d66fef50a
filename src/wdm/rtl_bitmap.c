/* rtl_bitmap.c — RTL_BITMAP routines (facts §4.2): bit i is bit (i % 32)
 * of Buffer[i / 32]; bits past SizeOfBitMap in the last ULONG are never
 * read or written.  A bit or range past SizeOfBitMap, or a NULL header, is
 * an RTL-ARGUMENT report; the part inside the bitmap is still done and
 * nothing outside it is touched (Windows: memory corruption).
 */
#include "wdm/rtl_internal.h"

static bool header_ok(const char *api, PRTL_BITMAP h, const void *site)
{
	if (h == NULL || (h->Buffer == NULL && h->SizeOfBitMap != 0)) {
		rtl_bad_argument(api, site, "%s", h == NULL ? "BitMapHeader is NULL"
				 : "the bitmap has no Buffer");
		return false;
	}
	return true;
}

/* [start, start + count) cut to the bitmap; false (and a report) if it had
 * to be cut. */
static bool range_ok(const char *api, PRTL_BITMAP h, ULONG start, ULONG *count,
		     const void *site)
{
	ULONGLONG end = (ULONGLONG)start + *count;

	if (end <= h->SizeOfBitMap)
		return true;
	rtl_bad_argument(api, site, "bits %u..%llu past SizeOfBitMap %u", start,
			 (unsigned long long)end - 1,
			 h->SizeOfBitMap);
	*count = start >= h->SizeOfBitMap ? 0 : h->SizeOfBitMap - start;
	return false;
}

static bool get(PRTL_BITMAP h, ULONG i)
{
	return (h->Buffer[i / 32] >> (i % 32)) & 1;
}

static void put(PRTL_BITMAP h, ULONG start, ULONG count, bool set)
{
	for (ULONG i = start; i < start + count; i++) {
		if (set)
			h->Buffer[i / 32] |= 1u << (i % 32);
		else
			h->Buffer[i / 32] &= ~(1u << (i % 32));
	}
}

VOID RtlInitializeBitMap(PRTL_BITMAP BitMapHeader, PULONG BitMapBuffer, ULONG SizeOfBitMap)
{
	if (BitMapHeader == NULL) {
		rtl_bad_argument("RtlInitializeBitMap", WDM_CALLER(), "BitMapHeader is NULL");
		return;
	}
	BitMapHeader->SizeOfBitMap = SizeOfBitMap;
	BitMapHeader->Buffer = BitMapBuffer;   /* the bits are not cleared */
}

static void set_range(const char *api, PRTL_BITMAP h, ULONG start, ULONG count, bool set,
		      const void *site)
{
	if (!header_ok(api, h, site))
		return;
	range_ok(api, h, start, &count, site);
	put(h, start, count, set);
}

VOID RtlClearAllBits(PRTL_BITMAP BitMapHeader)
{
	if (header_ok("RtlClearAllBits", BitMapHeader, WDM_CALLER()))
		put(BitMapHeader, 0, BitMapHeader->SizeOfBitMap, false);
}

VOID RtlSetAllBits(PRTL_BITMAP BitMapHeader)
{
	if (header_ok("RtlSetAllBits", BitMapHeader, WDM_CALLER()))
		put(BitMapHeader, 0, BitMapHeader->SizeOfBitMap, true);
}

VOID RtlClearBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber)
{
	set_range("RtlClearBit", BitMapHeader, BitNumber, 1, false, WDM_CALLER());
}

VOID RtlSetBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber)
{
	set_range("RtlSetBit", BitMapHeader, BitNumber, 1, true, WDM_CALLER());
}

VOID RtlClearBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG NumberToClear)
{
	set_range("RtlClearBits", BitMapHeader, StartingIndex, NumberToClear, false, WDM_CALLER());
}

VOID RtlSetBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG NumberToSet)
{
	set_range("RtlSetBits", BitMapHeader, StartingIndex, NumberToSet, true, WDM_CALLER());
}

BOOLEAN RtlTestBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber)
{
	const void *site = WDM_CALLER();
	ULONG count = 1;

	if (!header_ok("RtlTestBit", BitMapHeader, site) ||
	    !range_ok("RtlTestBit", BitMapHeader, BitNumber, &count, site))
		return FALSE;
	return get(BitMapHeader, BitNumber);
}

/* All of [start, start + length) equal to `set`; a range past the bitmap
 * is reported and answers FALSE. */
static BOOLEAN all(const char *api, PRTL_BITMAP h, ULONG start, ULONG length, bool set,
		   const void *site)
{
	if (!header_ok(api, h, site) || !range_ok(api, h, start, &length, site))
		return FALSE;
	for (ULONG i = start; i < start + length; i++)
		if (get(h, i) != set)
			return FALSE;
	return TRUE;
}

BOOLEAN RtlAreBitsClear(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG Length)
{
	return all("RtlAreBitsClear", BitMapHeader, StartingIndex, Length, false, WDM_CALLER());
}

BOOLEAN RtlAreBitsSet(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG Length)
{
	return all("RtlAreBitsSet", BitMapHeader, StartingIndex, Length, true, WDM_CALLER());
}

static ULONG count_set(PRTL_BITMAP h)
{
	ULONG n = 0, whole = h->SizeOfBitMap / 32, rest = h->SizeOfBitMap % 32;

	for (ULONG i = 0; i < whole; i++)
		n += (ULONG)__builtin_popcount(h->Buffer[i]);
	if (rest != 0)
		n += (ULONG)__builtin_popcount(h->Buffer[whole] & ((1u << rest) - 1));
	return n;
}

ULONG RtlNumberOfSetBits(PRTL_BITMAP BitMapHeader)
{
	if (!header_ok("RtlNumberOfSetBits", BitMapHeader, WDM_CALLER()))
		return 0;
	return count_set(BitMapHeader);
}

ULONG RtlNumberOfClearBits(PRTL_BITMAP BitMapHeader)
{
	if (!header_ok("RtlNumberOfClearBits", BitMapHeader, WDM_CALLER()))
		return 0;
	return BitMapHeader->SizeOfBitMap - count_set(BitMapHeader);
}

ULONG RtlNumberOfSetBitsUlongPtr(ULONG_PTR Target)
{
	return (ULONG)__builtin_popcountll(Target);
}

ULONG RtlFindFirstRunClear(PRTL_BITMAP BitMapHeader, PULONG StartingIndex)
{
	const void *site = WDM_CALLER();
	ULONG i = 0, start;

	if (StartingIndex == NULL) {
		rtl_bad_argument("RtlFindFirstRunClear", site, "StartingIndex is NULL");
		return 0;
	}
	*StartingIndex = 0;
	if (!header_ok("RtlFindFirstRunClear", BitMapHeader, site))
		return 0;
	while (i < BitMapHeader->SizeOfBitMap && get(BitMapHeader, i))
		i++;
	if (i == BitMapHeader->SizeOfBitMap)
		return 0;
	start = i;
	while (i < BitMapHeader->SizeOfBitMap && !get(BitMapHeader, i))
		i++;
	*StartingIndex = start;
	return i - start;
}
