/*
 * conf_sync_checks.h — conf_sync's MiniportInitializeEx checks and its
 * interrupt and timer callbacks, each asserting its documented IRQL.
 */

_Use_decl_annotations_
BOOLEAN
SyIsr(NDIS_HANDLE MiniportInterruptContext, PBOOLEAN QueueDefaultInterruptDpc,
      PULONG TargetProcessors)
{
	UNREFERENCED_PARAMETER(MiniportInterruptContext);
	UNREFERENCED_PARAMETER(TargetProcessors);
	CONF_CHECK(KeGetCurrentIrql() > DISPATCH_LEVEL);
	*QueueDefaultInterruptDpc = FALSE;
	return FALSE; /* this device never interrupts for us */
}

_Use_decl_annotations_
VOID
SyDpc(NDIS_HANDLE MiniportInterruptContext, PVOID MiniportDpcContext,
      PVOID ReceiveThrottleParameters, PVOID NdisReserved2)
{
	UNREFERENCED_PARAMETER(MiniportInterruptContext);
	UNREFERENCED_PARAMETER(MiniportDpcContext);
	UNREFERENCED_PARAMETER(ReceiveThrottleParameters);
	UNREFERENCED_PARAMETER(NdisReserved2);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
}

_Use_decl_annotations_
VOID SyEnableInterrupt(NDIS_HANDLE MiniportInterruptContext)
{
	UNREFERENCED_PARAMETER(MiniportInterruptContext);
}

_Use_decl_annotations_
VOID SyDisableInterrupt(NDIS_HANDLE MiniportInterruptContext)
{
	UNREFERENCED_PARAMETER(MiniportInterruptContext);
}

_Use_decl_annotations_
BOOLEAN
SySynchronize(NDIS_HANDLE SynchronizeContext)
{
	PSY_ADAPTER a = (PSY_ADAPTER)SynchronizeContext;

	CONF_CHECK(KeGetCurrentIrql() > DISPATCH_LEVEL);
	InterlockedIncrement(&a->SyncRuns);
	return TRUE;
}

_Use_decl_annotations_
VOID
SyOneShot(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
	  PVOID SystemSpecific3)
{
	PSY_ADAPTER a = (PSY_ADAPTER)FunctionContext;

	UNREFERENCED_PARAMETER(SystemSpecific1);
	UNREFERENCED_PARAMETER(SystemSpecific2);
	UNREFERENCED_PARAMETER(SystemSpecific3);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	InterlockedIncrement(&a->OneShotRuns);
	NdisSetEvent(&a->Event);
}

_Use_decl_annotations_
VOID
SyPeriodic(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
	   PVOID SystemSpecific3)
{
	PSY_ADAPTER a = (PSY_ADAPTER)FunctionContext;

	UNREFERENCED_PARAMETER(SystemSpecific1);
	UNREFERENCED_PARAMETER(SystemSpecific2);
	UNREFERENCED_PARAMETER(SystemSpecific3);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	if (InterlockedIncrement(&a->PeriodicRuns) == 3) {
		NdisSetEvent(&a->Event);
	}
}

static NDIS_HANDLE
SyTimer(PSY_ADAPTER a, PNDIS_TIMER_FUNCTION Function)
{
	NDIS_TIMER_CHARACTERISTICS tc;
	NDIS_HANDLE timer = NULL;
	NDIS_STATUS status;

	NdisZeroMemory(&tc, sizeof(tc));
	tc.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
	tc.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
	tc.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
	tc.AllocationTag = SY_TAG;
	tc.TimerFunction = Function;
	tc.FunctionContext = a;
	status = NdisAllocateTimerObject(a->AdapterHandle, &tc, &timer);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	return status == NDIS_STATUS_SUCCESS ? timer : NULL;
}

static VOID
SyCheckIrql(PSY_ADAPTER a)
{
	KIRQL old, old2;

	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	NdisAcquireSpinLock(&a->Lock);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	NdisDprAcquireSpinLock(&a->ListLock);     /* nested, already at DISPATCH */
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	NdisDprReleaseSpinLock(&a->ListLock);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	NdisReleaseSpinLock(&a->Lock);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);

	NDIS_RAISE_IRQL_TO_DISPATCH(&old);
	CONF_CHECK(old == PASSIVE_LEVEL);
	CONF_CHECK(NDIS_CURRENT_IRQL() == DISPATCH_LEVEL);
	NdisAcquireSpinLock(&a->Lock);            /* at DISPATCH: stays there */
	NdisReleaseSpinLock(&a->Lock);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	NDIS_LOWER_IRQL(old, DISPATCH_LEVEL);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);

	KeRaiseIrql(APC_LEVEL, &old);
	CONF_CHECK(old == PASSIVE_LEVEL && KeGetCurrentIrql() == APC_LEVEL);
	KeRaiseIrql(DISPATCH_LEVEL, &old2);
	CONF_CHECK(old2 == APC_LEVEL && KeGetCurrentIrql() == DISPATCH_LEVEL);
	KeLowerIrql(old2);
	KeLowerIrql(old);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
}

static VOID
SyCheckInterlocked(PSY_ADAPTER a)
{
	LONG v = 5;
	LIST_ENTRY e1, e2, e3;
	PLIST_ENTRY got;

	CONF_CHECK(NdisInterlockedIncrement(&v) == 6 && v == 6);
	CONF_CHECK(NdisInterlockedDecrement(&v) == 5 && v == 5);
	a->Counter = 10;
	NdisInterlockedAddUlong(&a->Counter, 7, &a->ListLock);
	CONF_CHECK(a->Counter == 17);
	CONF_CHECK(InterlockedExchange(&v, 9) == 5 && v == 9);
	CONF_CHECK(InterlockedCompareExchange(&v, 1, 9) == 9 && v == 1);
	CONF_CHECK(InterlockedCompareExchange(&v, 2, 9) == 1 && v == 1);
	CONF_CHECK(InterlockedExchangeAdd(&v, 4) == 1 && v == 5);

	InitializeListHead(&a->List);
	CONF_CHECK(NdisInterlockedRemoveHeadList(&a->List, &a->ListLock) == NULL);
	NdisInterlockedInsertTailList(&a->List, &e1, &a->ListLock);
	NdisInterlockedInsertTailList(&a->List, &e2, &a->ListLock);
	NdisInterlockedInsertHeadList(&a->List, &e3, &a->ListLock);
	got = NdisInterlockedRemoveHeadList(&a->List, &a->ListLock);
	CONF_CHECK(got == &e3);
	got = NdisInterlockedRemoveHeadList(&a->List, &a->ListLock);
	CONF_CHECK(got == &e1);
	CONF_CHECK(!IsListEmpty(&a->List));
	RemoveEntryList(&e2);
	CONF_CHECK(IsListEmpty(&a->List));
}

static VOID
SyCheckTime(PSY_ADAPTER a)
{
	LARGE_INTEGER t0, t1, t2;

	UNREFERENCED_PARAMETER(a);
	NdisGetCurrentSystemTime(&t0);
	CONF_CHECK(t0.QuadPart > 0);
	NdisMSleep(20000);                 /* 20 ms */
	NdisGetCurrentSystemTime(&t1);
	CONF_CHECK(t1.QuadPart - t0.QuadPart >= 150000);  /* >= 15 ms in 100 ns */
	CONF_CHECK(t1.QuadPart - t0.QuadPart < 50000000); /* < 5 s */
	NdisStallExecution(50);
	NdisGetCurrentSystemTime(&t2);
	CONF_CHECK(t2.QuadPart >= t1.QuadPart);
}

static VOID
SyCheckDeferred(PSY_ADAPTER a)
{
	LARGE_INTEGER due;

	NdisInitializeEvent(&a->Event);
	CONF_CHECK(!NdisWaitEvent(&a->Event, 10));        /* not signalled: times out */
	NdisSetEvent(&a->Event);
	CONF_CHECK(NdisWaitEvent(&a->Event, 0));          /* stays signalled */
	CONF_CHECK(NdisWaitEvent(&a->Event, 10));
	NdisResetEvent(&a->Event);
	CONF_CHECK(!NdisWaitEvent(&a->Event, 1));

	NdisQueueIoWorkItem(a->WorkItem, SyWork, a);
	CONF_CHECK(NdisWaitEvent(&a->Event, 10000));
	CONF_CHECK(a->WorkRuns == 1);
	NdisResetEvent(&a->Event);

	due.QuadPart = -10 * 1000 * 5;                      /* 5 ms */
	CONF_CHECK(!NdisSetTimerObject(a->OneShot, due, 0, NULL));
	CONF_CHECK(NdisWaitEvent(&a->Event, 10000));
	CONF_CHECK(a->OneShotRuns == 1);
	CONF_CHECK(!NdisCancelTimerObject(a->OneShot));   /* already ran */
	NdisResetEvent(&a->Event);

	due.QuadPart = -10 * 1000 * 1000 * 10;              /* 10 s: cancelled */
	CONF_CHECK(!NdisSetTimerObject(a->OneShot, due, 0, NULL));
	CONF_CHECK(NdisSetTimerObject(a->OneShot, due, 0, NULL)); /* was queued */
	CONF_CHECK(NdisCancelTimerObject(a->OneShot));
	NdisMSleep(1000);
	CONF_CHECK(a->OneShotRuns == 1);

	due.QuadPart = -10 * 1000;                          /* 1 ms, then every 2 ms */
	NdisSetTimerObject(a->Periodic, due, 2, NULL);
	CONF_CHECK(NdisWaitEvent(&a->Event, 10000));
	NdisCancelTimerObject(a->Periodic);
	CONF_CHECK(a->PeriodicRuns >= 3);
	NdisResetEvent(&a->Event);
}

static NDIS_STATUS
SyRegisterInterrupt(PSY_ADAPTER a, PNDIS_MINIPORT_INIT_PARAMETERS p)
{
	NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS ic;
	NDIS_STATUS status;
	ULONG i;
	BOOLEAN haveInterrupt = FALSE;

	for (i = 0; p->AllocatedResources != NULL && i < p->AllocatedResources->Count; i++) {
		if (p->AllocatedResources->PartialDescriptors[i].Type == CmResourceTypeInterrupt) {
			haveInterrupt = TRUE;
		}
	}
	CONF_CHECK(haveInterrupt);
	if (!haveInterrupt) {
		return NDIS_STATUS_SUCCESS;
	}
	NdisZeroMemory(&ic, sizeof(ic));
	ic.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT;
	ic.Header.Revision = NDIS_MINIPORT_INTERRUPT_REVISION_1;
	ic.Header.Size = NDIS_SIZEOF_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_1;
	ic.InterruptHandler = SyIsr;
	ic.InterruptDpcHandler = SyDpc;
	ic.DisableInterruptHandler = SyDisableInterrupt;
	ic.EnableInterruptHandler = SyEnableInterrupt;
	ic.MsiSupported = FALSE;
	status = NdisMRegisterInterruptEx(a->AdapterHandle, a, &ic, &a->Interrupt);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	if (status == NDIS_STATUS_SUCCESS) {
		CONF_CHECK(ic.InterruptType == NDIS_CONNECT_LINE_BASED);
		CONF_CHECK(NdisMSynchronizeWithInterruptEx(a->Interrupt, 0, SySynchronize, a));
		CONF_CHECK(a->SyncRuns == 1);
		CONF_CHECK_IRQL(PASSIVE_LEVEL);
	}
	return status;
}

static VOID
SyRelease(PSY_ADAPTER a)
{
	if (a->Interrupt != NULL) {
		NdisMDeregisterInterruptEx(a->Interrupt);
	}
	if (a->Deferred != NULL) {
		NdisCancelTimerObject(a->Deferred);
		NdisFreeTimerObject(a->Deferred);
	}
	if (a->Periodic != NULL) {
		NdisFreeTimerObject(a->Periodic);
	}
	if (a->OneShot != NULL) {
		NdisFreeTimerObject(a->OneShot);
	}
	if (a->WorkItem != NULL) {
		NdisFreeIoWorkItem(a->WorkItem);
	}
	NdisFreeSpinLock(&a->ListLock);
	NdisFreeSpinLock(&a->Lock);
	NdisFreeMemory(a, sizeof(*a), 0);
}

_Use_decl_annotations_
NDIS_STATUS
SyInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
	     PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;
	PSY_ADAPTER a;
	NDIS_STATUS status;

	UNREFERENCED_PARAMETER(MiniportDriverContext);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	a = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(*a), SY_TAG,
					      LowPoolPriority);
	if (a == NULL) {
		return NDIS_STATUS_RESOURCES;
	}
	NdisZeroMemory(a, sizeof(*a));
	a->AdapterHandle = MiniportAdapterHandle;
	NdisAllocateSpinLock(&a->Lock);
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
	a->WorkItem = NdisAllocateIoWorkItem(MiniportAdapterHandle);
	a->OneShot = SyTimer(a, SyOneShot);
	a->Periodic = SyTimer(a, SyPeriodic);
	a->Deferred = SyTimer(a, SyDeferred);
	if (status == NDIS_STATUS_SUCCESS &&
	    (a->WorkItem == NULL || a->OneShot == NULL || a->Periodic == NULL ||
	     a->Deferred == NULL)) {
		status = NDIS_STATUS_RESOURCES;
	}
	if (status == NDIS_STATUS_SUCCESS) {
		SyCheckIrql(a);
		SyCheckInterlocked(a);
		SyCheckTime(a);
		SyCheckDeferred(a);
		status = SyRegisterInterrupt(a, MiniportInitParameters);
	}
	if (status != NDIS_STATUS_SUCCESS) {
		SyRelease(a);
	}
	return status;
}

_Use_decl_annotations_
VOID
SyHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	PSY_ADAPTER a = (PSY_ADAPTER)MiniportAdapterContext;

	UNREFERENCED_PARAMETER(HaltAction);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	CONF_CHECK(a->PendingOid == NULL);
	CONF_CHECK(a->WorkRuns == 2); /* the check and the restart */
	SyRelease(a);
}
