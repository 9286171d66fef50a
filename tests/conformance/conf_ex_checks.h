/*
 * conf_ex_checks.h — conf_ex's lookaside routines, timer DPC and the checks
 * MiniportInitializeEx runs, each against the documented behaviour.
 */

/* ---- the driver's own lookaside routines -------------------------------- */

_Use_decl_annotations_
PVOID
ExRxAllocate(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
	CONF_CHECK(NumberOfBytes == sizeof(EX_RX_CONTEXT));
	CONF_CHECK(Tag == EX_RX_TAG);
	CONF_CHECK(PoolType == NonPagedPool || PoolType == NonPagedPoolNx);
	InterlockedIncrement(&g_RxAllocs);
	return ExAllocatePoolWithTag(NonPagedPoolNx, NumberOfBytes, Tag);
}

_Use_decl_annotations_
VOID
ExRxFree(PVOID Buffer)
{
	InterlockedIncrement(&g_RxFrees);
	ExFreePoolWithTag(Buffer, EX_RX_TAG);
}

_Use_decl_annotations_
PVOID
ExTxAllocate(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag, PLOOKASIDE_LIST_EX Lookaside)
{
	PEX_ADAPTER a = CONTAINING_RECORD(Lookaside, EX_ADAPTER, TxLookaside);

	CONF_CHECK(PoolType == NonPagedPoolNx);
	CONF_CHECK(NumberOfBytes == sizeof(EX_TX_BUFFER));
	CONF_CHECK(Tag == EX_TX_TAG);
	InterlockedIncrement(&a->TxAllocs);
	return ExAllocatePool2(POOL_FLAG_NON_PAGED, NumberOfBytes, Tag);
}

_Use_decl_annotations_
VOID
ExTxFree(PVOID Buffer, PLOOKASIDE_LIST_EX Lookaside)
{
	PEX_ADAPTER a = CONTAINING_RECORD(Lookaside, EX_ADAPTER, TxLookaside);

	InterlockedIncrement(&a->TxFrees);
	ExFreePool(Buffer);
}

/* ---- pool --------------------------------------------------------------- */

static BOOLEAN
ExAllZero(const UCHAR *p, SIZE_T n)
{
	SIZE_T i;

	for (i = 0; i < n; i++) {
		if (p[i] != 0) {
			return FALSE;
		}
	}
	return TRUE;
}

static VOID
ExCheckPool(VOID)
{
	PUCHAR small, zeroed, big, paged;
	KIRQL old;

	small = ExAllocatePoolWithTag(NonPagedPoolNx, 100, EX_TAG);
	CONF_CHECK(small != NULL);
	/* 16-byte aligned, within one page */
	CONF_CHECK(((ULONG_PTR)small & (MEMORY_ALLOCATION_ALIGNMENT - 1)) == 0);
	CONF_CHECK(PAGE_ALIGN(small) == PAGE_ALIGN(small + 99));
	zeroed = ExAllocatePoolZero(NonPagedPoolNx, 200, EX_TAG);
	CONF_CHECK(zeroed != NULL && ExAllZero(zeroed, 200));
	big = ExAllocatePool2(POOL_FLAG_NON_PAGED, 2 * PAGE_SIZE + 8, EX_TAG);
	CONF_CHECK(big != NULL && BYTE_OFFSET(big) == 0);  /* >= a page: page aligned */
	CONF_CHECK(big != NULL && ExAllZero(big, 2 * PAGE_SIZE + 8));
	/* ExAllocatePool2's documented failures */
	CONF_CHECK(ExAllocatePool2(POOL_FLAG_NON_PAGED, 16, 0) == NULL);
	CONF_CHECK(ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_PAGED, 16, EX_TAG) == NULL);
	CONF_CHECK(ExAllocatePool2(POOL_FLAG_NON_PAGED | 0x800, 16, EX_TAG) == NULL);
	paged = ExAllocatePool2(POOL_FLAG_PAGED | POOL_FLAG_OPTIONAL_END, 16, EX_TAG);
	CONF_CHECK(paged != NULL);                          /* unknown optional: ignored */
	/* nonpaged pool at DISPATCH_LEVEL */
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	{
		PVOID p = ExAllocatePoolWithTag(NonPagedPoolNx, 64, EX_TAG);

		CONF_CHECK(p != NULL);
		if (p != NULL) {
			ExFreePoolWithTag(p, EX_TAG);
		}
	}
	KeLowerIrql(old);
	if (paged != NULL) {
		ExFreePoolWithTag(paged, EX_TAG);
	}
	if (big != NULL) {
		ExFreePool(big);
	}
	if (zeroed != NULL) {
		ExFreePoolWithTag(zeroed, EX_TAG);
	}
	if (small != NULL) {
		ExFreePoolWithTag(small, EX_TAG);
	}
}

/* ---- lookaside lists ----------------------------------------------------- */

static VOID
ExCheckLookaside(PEX_ADAPTER a)
{
	PEX_RX_CONTEXT rx[4];
	PEX_TX_BUFFER tx[2];
	LOOKASIDE_LIST_EX bad;
	ULONG i;
	KIRQL old;

	NdisInitializeNPagedLookasideList(&a->RxLookaside, ExRxAllocate, ExRxFree, 0,
					  sizeof(EX_RX_CONTEXT), EX_RX_TAG, 0);
	for (i = 0; i < 4; i++) {
		rx[i] = NdisAllocateFromNPagedLookasideList(&a->RxLookaside);
		CONF_CHECK(rx[i] != NULL);
		if (rx[i] != NULL) {
			rx[i]->Index = i;
		}
	}
	CONF_CHECK(g_RxAllocs == 4);
	for (i = 0; i < 4; i++) {
		if (rx[i] != NULL) {
			NdisFreeToNPagedLookasideList(&a->RxLookaside, rx[i]);
		}
	}
	CONF_CHECK(g_RxFrees == 0);                         /* kept for reuse */
	/* the most recently freed entry comes back first, without a new allocation */
	rx[0] = NdisAllocateFromNPagedLookasideList(&a->RxLookaside);
	CONF_CHECK(rx[0] == rx[3] && g_RxAllocs == 4);
	if (rx[0] != NULL) {
		NdisFreeToNPagedLookasideList(&a->RxLookaside, rx[0]);
	}

	CONF_CHECK(ExInitializeLookasideListEx(&bad, NULL, NULL, DontUseThisType, 0, 64,
					       EX_TX_TAG, 0) == STATUS_INVALID_PARAMETER_4);
	CONF_CHECK(ExInitializeLookasideListEx(&bad, NULL, NULL, NonPagedPoolNx,
					       EX_LOOKASIDE_LIST_EX_FLAGS_RAISE_ON_FAIL |
					       EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE, 64,
					       EX_TX_TAG, 0) == STATUS_INVALID_PARAMETER_5);
	CONF_CHECK(ExInitializeLookasideListEx(&a->TxLookaside, ExTxAllocate, ExTxFree,
					       NonPagedPoolNx, 0, sizeof(EX_TX_BUFFER),
					       EX_TX_TAG, 0) == STATUS_SUCCESS);
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	tx[0] = ExAllocateFromLookasideListEx(&a->TxLookaside);
	tx[1] = ExAllocateFromLookasideListEx(&a->TxLookaside);
	CONF_CHECK(tx[0] != NULL && tx[1] != NULL && tx[0] != tx[1]);
	CONF_CHECK(tx[0] != NULL && ExAllZero(tx[0]->Data, sizeof(tx[0]->Data)));
	for (i = 0; i < 2; i++) {
		if (tx[i] != NULL) {
			ExFreeToLookasideListEx(&a->TxLookaside, tx[i]);
		}
	}
	KeLowerIrql(old);
	CONF_CHECK(a->TxAllocs == 2 && a->TxFrees == 0);
	ExFlushLookasideListEx(&a->TxLookaside);           /* every cached entry freed */
	CONF_CHECK(a->TxFrees == 2);
}

/* ---- S-lists and interlocked lists ---------------------------------------- */

static VOID
ExCheckSLists(PEX_ADAPTER a)
{
	PSLIST_ENTRY e;
	SLIST_HEADER scratch;
	ULONG i;

	a->Descriptors = ExAllocatePoolZero(NonPagedPoolNx,
					    EX_DESCRIPTORS * sizeof(EX_DESCRIPTOR), EX_TAG);
	CONF_CHECK(a->Descriptors != NULL);
	if (a->Descriptors == NULL) {
		return;
	}
	InitializeSListHead(&a->FreeDescriptors);
	CONF_CHECK(QueryDepthSList(&a->FreeDescriptors) == 0);
	CONF_CHECK(InterlockedPopEntrySList(&a->FreeDescriptors) == NULL);
	for (i = 0; i < EX_DESCRIPTORS; i++) {
		a->Descriptors[i].Id = i;
		e = InterlockedPushEntrySList(&a->FreeDescriptors, &a->Descriptors[i].Link);
		CONF_CHECK(e == (i == 0 ? NULL : &a->Descriptors[i - 1].Link));
	}
	CONF_CHECK(ExQueryDepthSList(&a->FreeDescriptors) == EX_DESCRIPTORS);
	e = InterlockedPopEntrySList(&a->FreeDescriptors);  /* LIFO */
	CONF_CHECK(e == &a->Descriptors[EX_DESCRIPTORS - 1].Link);
	InterlockedPushEntrySList(&a->FreeDescriptors, e);

	/* the NDIS wrappers on a second list */
	NdisInitializeSListHead(&scratch);
	CONF_CHECK(NdisInterlockedPushEntrySList(&scratch, &a->Descriptors[0].Link,
						 &a->SListLock) == NULL);
	CONF_CHECK(NdisQueryDepthSList(&scratch) == 1);
	e = ExInterlockedFlushSList(&a->FreeDescriptors);   /* the whole chain */
	CONF_CHECK(e == &a->Descriptors[EX_DESCRIPTORS - 1].Link);
	CONF_CHECK(ExQueryDepthSList(&a->FreeDescriptors) == 0);
	CONF_CHECK(NdisInterlockedPopEntrySList(&scratch, &a->SListLock) ==
		   (PVOID)&a->Descriptors[0].Link);
	for (i = 0; i < EX_DESCRIPTORS; i++) {
		ExInterlockedPushEntrySList(&a->FreeDescriptors, &a->Descriptors[i].Link, NULL);
	}
}

static VOID
ExCheckInterlockedLists(PEX_ADAPTER a)
{
	LIST_ENTRY e[2];
	SINGLE_LIST_ENTRY s[2];

	InitializeListHead(&a->Pending);
	CONF_CHECK(ExInterlockedRemoveHeadList(&a->Pending, &a->ListLock.SpinLock) == NULL);
	CONF_CHECK(ExInterlockedInsertTailList(&a->Pending, &e[0], &a->ListLock.SpinLock) == NULL);
	/* tail insert returns the previous last entry, head insert the first */
	CONF_CHECK(ExInterlockedInsertTailList(&a->Pending, &e[1], &a->ListLock.SpinLock) == &e[0]);
	CONF_CHECK(ExInterlockedRemoveHeadList(&a->Pending, &a->ListLock.SpinLock) == &e[0]);
	CONF_CHECK(ExInterlockedInsertHeadList(&a->Pending, &e[0], &a->ListLock.SpinLock) == &e[1]);
	CONF_CHECK(ExInterlockedRemoveHeadList(&a->Pending, &a->ListLock.SpinLock) == &e[0]);
	CONF_CHECK(ExInterlockedRemoveHeadList(&a->Pending, &a->ListLock.SpinLock) == &e[1]);
	CONF_CHECK(IsListEmpty(&a->Pending));
	a->Stack.Next = NULL;
	CONF_CHECK(ExInterlockedPushEntryList(&a->Stack, &s[0], &a->ListLock.SpinLock) == NULL);
	CONF_CHECK(ExInterlockedPushEntryList(&a->Stack, &s[1], &a->ListLock.SpinLock) == &s[0]);
	CONF_CHECK(ExInterlockedPopEntryList(&a->Stack, &a->ListLock.SpinLock) == &s[1]);
	CONF_CHECK(ExInterlockedPopEntryList(&a->Stack, &a->ListLock.SpinLock) == &s[0]);
	CONF_CHECK(ExInterlockedPopEntryList(&a->Stack, &a->ListLock.SpinLock) == NULL);
}

/* ---- the RW lock, at PASSIVE_LEVEL and from a DPC -------------------------- */

_Use_decl_annotations_
VOID
ExTimer(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
	PVOID SystemSpecific3)
{
	PEX_ADAPTER a = (PEX_ADAPTER)FunctionContext;
	LOCK_STATE_EX read, write;

	UNREFERENCED_PARAMETER(SystemSpecific1);
	UNREFERENCED_PARAMETER(SystemSpecific2);
	UNREFERENCED_PARAMETER(SystemSpecific3);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	NdisAcquireRWLockRead(a->TableLock, &read, NDIS_RWL_AT_DISPATCH_LEVEL);
	CONF_CHECK(a->Table[3] == 3);
	NdisReleaseRWLock(a->TableLock, &read);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);                   /* restored to the caller's */
	NdisAcquireRWLockWrite(a->TableLock, &write, NDIS_RWL_AT_DISPATCH_LEVEL);
	a->Table[3] = 33;
	NdisReleaseRWLock(a->TableLock, &write);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	NdisSetEvent(&a->TimerDone);
}

static VOID
ExCheckRwLock(PEX_ADAPTER a)
{
	NDIS_TIMER_CHARACTERISTICS tc;
	LOCK_STATE_EX outer, inner;
	LARGE_INTEGER due;
	ULONG i;

	a->TableLock = NdisAllocateRWLock(a->AdapterHandle);
	CONF_CHECK(a->TableLock != NULL);
	if (a->TableLock == NULL) {
		return;
	}
	NdisAcquireRWLockWrite(a->TableLock, &outer, 0);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);                   /* acquiring raises */
	for (i = 0; i < RTL_NUMBER_OF(a->Table); i++) {
		a->Table[i] = i;
	}
	NdisReleaseRWLock(a->TableLock, &outer);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);                    /* and release restores */
	NdisAcquireRWLockRead(a->TableLock, &outer, 0);
	NdisAcquireRWLockRead(a->TableLock, &inner, NDIS_RWL_AT_DISPATCH_LEVEL);  /* recursive */
	CONF_CHECK(a->Table[15] == 15);
	NdisReleaseRWLock(a->TableLock, &inner);
	NdisReleaseRWLock(a->TableLock, &outer);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);

	NdisZeroMemory(&tc, sizeof(tc));
	tc.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
	tc.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
	tc.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
	tc.AllocationTag = EX_TAG;
	tc.TimerFunction = ExTimer;
	tc.FunctionContext = a;
	CONF_CHECK(NdisAllocateTimerObject(a->AdapterHandle, &tc, &a->Timer) ==
		   NDIS_STATUS_SUCCESS);
	if (a->Timer == NULL) {
		return;
	}
	NdisInitializeEvent(&a->TimerDone);
	due.QuadPart = -10000;   /* 1 ms */
	NdisSetTimerObject(a->Timer, due, 0, NULL);
	CONF_CHECK(NdisWaitEvent(&a->TimerDone, 5000));
	NdisAcquireRWLockRead(a->TableLock, &outer, 0);
	CONF_CHECK(a->Table[3] == 33);                     /* the DPC's write */
	NdisReleaseRWLock(a->TableLock, &outer);
}

/* ---- initialize and halt --------------------------------------------------- */

static VOID
ExRelease(PEX_ADAPTER a)
{
	if (a->Timer != NULL) {
		NdisFreeTimerObject(a->Timer);
	}
	if (a->TableLock != NULL) {
		NdisFreeRWLock(a->TableLock);
	}
	if (a->Descriptors != NULL) {
		ExFreePoolWithTag(a->Descriptors, EX_TAG);
	}
	/* delete hands every cached entry to the driver's Free routine */
	NdisDeleteNPagedLookasideList(&a->RxLookaside);
	CONF_CHECK(g_RxFrees == g_RxAllocs);
	ExDeleteLookasideListEx(&a->TxLookaside);
	CONF_CHECK(a->TxFrees == a->TxAllocs);
	NdisFreeSpinLock(&a->SListLock);
	NdisFreeSpinLock(&a->ListLock);
	ExFreePoolWithTag(a, EX_TAG);
}

_Use_decl_annotations_
NDIS_STATUS
ExInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
	     PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;
	PEX_ADAPTER a;
	NDIS_STATUS status;

	UNREFERENCED_PARAMETER(MiniportDriverContext);
	UNREFERENCED_PARAMETER(MiniportInitParameters);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	a = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*a), EX_TAG);
	if (a == NULL) {
		return NDIS_STATUS_RESOURCES;
	}
	CONF_CHECK(a->AdapterHandle == NULL && a->Table[15] == 0);   /* zeroed */
	a->AdapterHandle = MiniportAdapterHandle;
	NdisAllocateSpinLock(&a->SListLock);
	NdisAllocateSpinLock(&a->ListLock);
	NdisZeroMemory(&reg, sizeof(reg));
	reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.MiniportAdapterContext = a;
	reg.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE;
	reg.InterfaceType = NdisInterfacePNPBus;
	status = NdisMSetMiniportAttributes(MiniportAdapterHandle,
					    (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	ExCheckPool();
	ExCheckLookaside(a);
	ExCheckSLists(a);
	ExCheckInterlockedLists(a);
	ExCheckRwLock(a);
	if (status != NDIS_STATUS_SUCCESS) {
		ExRelease(a);
	}
	return status;
}

_Use_decl_annotations_
VOID
ExHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	UNREFERENCED_PARAMETER(HaltAction);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	ExRelease((PEX_ADAPTER)MiniportAdapterContext);
}
