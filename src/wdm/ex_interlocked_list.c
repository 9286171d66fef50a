/* ex_interlocked_list.c — ExInterlocked{Insert,Remove}*List and
 * ExInterlocked{Push,Pop}EntryList (facts §4.1): the list routines of
 * wdm.h done under the caller's KSPIN_LOCK, callable at any IRQL.
 *
 * The lock word follows the Ke convention (0 free, KeInitializeSpinLock
 * zeroes it; src/ndis/sync.c stores the owner there).  It is taken here by
 * a private acquire/release on the word itself, since Ke's spin lock is
 * being reworked at the same time; the integrator may route both through
 * one primitive.  Nothing runs while it is held, so the IRQL is left as it
 * is (on Windows interrupts are disabled for these few instructions).
 */
#include "wdm/wdm_internal.h"
#include "kernel/ksched.h"

#include <sched.h>

static void lock_word(KSPIN_LOCK *lock)
{
	KSPIN_LOCK owner = (KSPIN_LOCK)kcontext_self();
	unsigned spins = 0;

	for (;;) {
		KSPIN_LOCK expected = 0;

		if (__atomic_compare_exchange_n(lock, &expected, owner, false,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return;
		while (__atomic_load_n(lock, __ATOMIC_RELAXED) != 0)
			kspin_backoff(&spins);
	}
}

static void unlock_word(KSPIN_LOCK *lock)
{
	__atomic_store_n(lock, 0, __ATOMIC_RELEASE);
}

PLIST_ENTRY ExInterlockedInsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry,
					PKSPIN_LOCK Lock)
{
	PLIST_ENTRY first;

	lock_word(Lock);
	first = ListHead->Flink;
	InsertHeadList(ListHead, ListEntry);
	unlock_word(Lock);
	return first == ListHead ? NULL : first;
}

PLIST_ENTRY ExInterlockedInsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry,
					PKSPIN_LOCK Lock)
{
	PLIST_ENTRY last;

	lock_word(Lock);
	last = ListHead->Blink;
	InsertTailList(ListHead, ListEntry);
	unlock_word(Lock);
	return last == ListHead ? NULL : last;
}

PLIST_ENTRY ExInterlockedRemoveHeadList(PLIST_ENTRY ListHead, PKSPIN_LOCK Lock)
{
	PLIST_ENTRY first = NULL;

	lock_word(Lock);
	if (!IsListEmpty(ListHead))
		first = RemoveHeadList(ListHead);
	unlock_word(Lock);
	return first;
}

PSINGLE_LIST_ENTRY ExInterlockedPushEntryList(PSINGLE_LIST_ENTRY ListHead,
					      PSINGLE_LIST_ENTRY ListEntry, PKSPIN_LOCK Lock)
{
	PSINGLE_LIST_ENTRY first;

	lock_word(Lock);
	first = ListHead->Next;
	PushEntryList(ListHead, ListEntry);
	unlock_word(Lock);
	return first;
}

PSINGLE_LIST_ENTRY ExInterlockedPopEntryList(PSINGLE_LIST_ENTRY ListHead, PKSPIN_LOCK Lock)
{
	PSINGLE_LIST_ENTRY first;

	lock_word(Lock);
	first = PopEntryList(ListHead);
	unlock_word(Lock);
	return first;
}
