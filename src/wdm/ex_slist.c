/* ex_slist.c — sequenced singly linked lists (facts §4.1): lock-free on
 * the 16-byte SLIST_HEADER, ABA-safe.
 *
 * The header is two words updated together by one 16-byte compare-and-
 * exchange (cmpxchg16b on x86-64): Alignment = depth (bits 0..15) and a
 * sequence (bits 16..63) that changes with every push and pop; Region =
 * the first entry (HeaderX64's NextEntry for 16-aligned entries).  A pop
 * that read a first entry which another thread popped and pushed back
 * meanwhile fails its exchange on the sequence, so it never installs a
 * stale Next.
 *
 * That stale read is the one unusual access: a popper reads first->Next of
 * an entry another thread may already own, or have freed.  Windows accepts
 * it (the value is discarded when the exchange fails); so does this file,
 * in read_next(), hidden from ASan and TSan, which would otherwise report
 * the benign race.  Entries must stay mapped memory (pool and lookaside
 * entries are).
 */
#include "wdm/ex_slist.h"

typedef unsigned __int128 slist_word;

static inline slist_word pack(uint64_t alignment, uint64_t region)
{
	return (slist_word)region << 64 | alignment;
}

static inline uint64_t lo(slist_word w) { return (uint64_t)w; }
static inline void *first_of(slist_word w) { return (void *)(uintptr_t)(uint64_t)(w >> 64); }

/* The two words, each read atomically; a torn pair is caught by the
 * exchange.  Acquire on the word the exchange also writes first, so the
 * pusher's Next store happens before this thread's use of the entry. */
static inline slist_word load_header(const SLIST_HEADER *h)
{
	uint64_t a = __atomic_load_n(&h->Alignment, __ATOMIC_ACQUIRE);
	uint64_t r = __atomic_load_n(&h->Region, __ATOMIC_ACQUIRE);

	return pack(a, r);
}

/* cmpxchg16b: this function alone is built for it (noinline: inlined into
 * a caller built without it, clang would call a library routine) */
#if defined(__x86_64__)
__attribute__((noinline, target("cx16")))
#endif
static bool exchange(SLIST_HEADER *h, slist_word *expected, slist_word desired)
{
	slist_word seen = __sync_val_compare_and_swap((slist_word *)(void *)h, *expected,
						      desired);
	bool ok = seen == *expected;

	*expected = seen;
	return ok;
}

/* Next of an entry this thread does not own (see the top of the file). */
__attribute__((noinline, no_sanitize("address"), no_sanitize("thread")))
static void *read_next(const void *entry)
{
	return *(void *const volatile *)entry;
}

/* Alignment word after one push (+1) or pop (-1): depth and sequence. */
static inline uint64_t next_alignment(uint64_t a, int delta)
{
	uint64_t depth = (a + (uint64_t)(int64_t)delta) & 0xFFFF;

	return ((a >> 16) + 1) << 16 | depth;
}

void slist_init(SLIST_HEADER *h)
{
	__atomic_store_n(&h->Alignment, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&h->Region, 0, __ATOMIC_RELEASE);
}

void *slist_push(SLIST_HEADER *h, void *entry)
{
	slist_word old = load_header(h);

	for (;;) {
		void *first = first_of(old);

		*(void **)entry = first;
		if (exchange(h, &old, pack(next_alignment(lo(old), +1), (uintptr_t)entry)))
			return first;
	}
}

void *slist_pop(SLIST_HEADER *h)
{
	slist_word old = load_header(h);

	for (;;) {
		void *first = first_of(old);

		if (!first)
			return NULL;
		if (exchange(h, &old, pack(next_alignment(lo(old), -1),
					   (uintptr_t)read_next(first))))
			return first;
	}
}

void *slist_flush(SLIST_HEADER *h)
{
	slist_word old = load_header(h);

	for (;;) {
		void *first = first_of(old);

		if (!first)
			return NULL;
		if (exchange(h, &old, pack(((lo(old) >> 16) + 1) << 16, 0)))
			return first;
	}
}

uint16_t slist_depth(const SLIST_HEADER *h)
{
	return (uint16_t)(__atomic_load_n(&h->Alignment, __ATOMIC_RELAXED) & 0xFFFF);
}

/* ---- the exported routines (any IRQL; the lock is not used on x64) ------- */

VOID InitializeSListHead(PSLIST_HEADER SListHead)
{
	slist_init(SListHead);
}

PSLIST_ENTRY ExInterlockedPushEntrySList(PSLIST_HEADER ListHead, PSLIST_ENTRY ListEntry,
					 PKSPIN_LOCK Lock)
{
	(void)Lock;
	return slist_push(ListHead, ListEntry);
}

PSLIST_ENTRY ExInterlockedPopEntrySList(PSLIST_HEADER ListHead, PKSPIN_LOCK Lock)
{
	(void)Lock;
	return slist_pop(ListHead);
}

PSLIST_ENTRY ExInterlockedFlushSList(PSLIST_HEADER ListHead)
{
	return slist_flush(ListHead);
}

PSLIST_ENTRY ExpInterlockedPushEntrySList(PSLIST_HEADER ListHead, PSLIST_ENTRY ListEntry)
{
	return slist_push(ListHead, ListEntry);
}

PSLIST_ENTRY ExpInterlockedPopEntrySList(PSLIST_HEADER ListHead)
{
	return slist_pop(ListHead);
}

PSLIST_ENTRY ExpInterlockedFlushSList(PSLIST_HEADER ListHead)
{
	return slist_flush(ListHead);
}

USHORT ExQueryDepthSList(PSLIST_HEADER SListHead)
{
	return slist_depth(SListHead);
}
