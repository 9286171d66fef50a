/*
 * conf_ke.c — conformance miniport: the kernel executive as NDIS 6
 * miniports use it, written only against <ndis.h> and the public WDK
 * documentation.  MiniportInitializeEx checks events and waits with
 * timeouts (WaitAny index, zero timeouts, a semaphore, a mutex and an
 * NDIS_MUTEX), time, tick, uptime and processor (and NDIS 6.20 processor
 * group) queries, Ke and in-stack queued spin locks, a DPC,
 * then starts a watchdog (a periodic KTIMER feeding a DPC that takes a
 * queued spin lock at DISPATCH_LEVEL) and a worker system thread fed by
 * events.  MiniportHaltEx cancels the timer, flushes the DPCs, stops the
 * worker with an event and waits for its end through
 * ObReferenceObjectByHandle + KeWaitForSingleObject.
 */
#define NDIS_MINIPORT_DRIVER 1
#define NDIS630_MINIPORT 1
#include <ndis.h>

#include "conf_check.h"

#define KC_TAG 'eKfC'

typedef struct _KC_ADAPTER {
	NDIS_HANDLE AdapterHandle;
	KSPIN_LOCK StatsLock;
	ULONG64 WatchdogTicks;          /* under StatsLock */
	KTIMER WatchdogTimer;
	KDPC WatchdogDpc;
	KEVENT WatchdogSeen;            /* set at the third watchdog run */
	volatile LONG WatchdogRuns;
	KDPC OneDpc;
	KEVENT OneDpcDone;
	KEVENT StopWorker;              /* notification */
	KEVENT WorkReady;               /* synchronization */
	KEVENT WorkDone;                /* synchronization */
	volatile LONG WorkItems;
	PKTHREAD Worker;
} KC_ADAPTER, *PKC_ADAPTER;

DRIVER_INITIALIZE DriverEntry;
MINIPORT_INITIALIZE KcInitialize;
MINIPORT_HALT KcHalt;
MINIPORT_UNLOAD KcUnload;
MINIPORT_PAUSE KcPause;
MINIPORT_RESTART KcRestart;
MINIPORT_OID_REQUEST KcOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS KcSend;
MINIPORT_RETURN_NET_BUFFER_LISTS KcReturn;
MINIPORT_CANCEL_SEND KcCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY KcPnpEvent;
MINIPORT_SHUTDOWN KcShutdown;
MINIPORT_CANCEL_OID_REQUEST KcCancelOid;
KDEFERRED_ROUTINE KcWatchdog;
KDEFERRED_ROUTINE KcOneDpc;
KSTART_ROUTINE KcWorker;

static NDIS_HANDLE g_DriverHandle;
static NDIS_MUTEX g_ConfigMutex;

/* Counters the DPC and the worker bump are read interlocked. */
static LONG
KcRead(volatile LONG *Value)
{
	return InterlockedCompareExchange(Value, 0, 0);
}

static LARGE_INTEGER
KcRelativeMs(LONG Ms)
{
	LARGE_INTEGER t;

	t.QuadPart = -10000LL * Ms;
	return t;
}

/* ---- DPCs and the worker --------------------------------------------------------- */

_Use_decl_annotations_
VOID
KcWatchdog(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
	PKC_ADAPTER a = (PKC_ADAPTER)DeferredContext;
	KLOCK_QUEUE_HANDLE lock;
	KDPC_WATCHDOG_INFORMATION wi;

	UNREFERENCED_PARAMETER(SystemArgument1);
	UNREFERENCED_PARAMETER(SystemArgument2);
	CONF_CHECK(Dpc == &a->WatchdogDpc);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	CONF_CHECK(KeGetCurrentProcessorNumberEx(NULL) <
		   KeQueryActiveProcessorCountEx(ALL_PROCESSOR_GROUPS));
	CONF_CHECK(KeQueryDpcWatchdogInformation(&wi) == STATUS_SUCCESS);
	KeAcquireInStackQueuedSpinLockAtDpcLevel(&a->StatsLock, &lock);
	a->WatchdogTicks++;
	KeReleaseInStackQueuedSpinLockFromDpcLevel(&lock);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	if (InterlockedIncrement(&a->WatchdogRuns) == 3) {
		KeSetEvent(&a->WatchdogSeen, IO_NO_INCREMENT, FALSE);
	}
}

_Use_decl_annotations_
VOID
KcOneDpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
	PKC_ADAPTER a = (PKC_ADAPTER)DeferredContext;

	UNREFERENCED_PARAMETER(Dpc);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	CONF_CHECK(SystemArgument1 == (PVOID)a && SystemArgument2 == (PVOID)(ULONG_PTR)7);
	KeSetEvent(&a->OneDpcDone, IO_NO_INCREMENT, FALSE);
}

_Use_decl_annotations_
VOID
KcWorker(PVOID StartContext)
{
	PKC_ADAPTER a = (PKC_ADAPTER)StartContext;
	PVOID objects[2];
	LARGE_INTEGER idle = KcRelativeMs(50);
	NTSTATUS status;

	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	CONF_CHECK(KeSetPriorityThread(KeGetCurrentThread(), LOW_REALTIME_PRIORITY) > 0);
	objects[0] = &a->StopWorker;
	objects[1] = &a->WorkReady;
	for (;;) {
		status = KeWaitForMultipleObjects(2, objects, WaitAny, Executive, KernelMode,
						  FALSE, &idle, NULL);
		if (status == STATUS_WAIT_0) {
			break;
		}
		if (status == STATUS_WAIT_1) {
			InterlockedIncrement(&a->WorkItems);
			KeSetEvent(&a->WorkDone, IO_NO_INCREMENT, FALSE);
			continue;
		}
		CONF_CHECK(status == STATUS_TIMEOUT);   /* idle */
	}
	PsTerminateSystemThread(STATUS_SUCCESS);
}

/* ---- MiniportInitializeEx checks --------------------------------------------------- */

static VOID
KcCheckEvents(VOID)
{
	KEVENT n, s[3];
	PVOID objects[3];
	LARGE_INTEGER zero, timeout;
	KSEMAPHORE sem;
	KMUTEX mutex;
	ULONG i;

	zero.QuadPart = 0;
	KeInitializeEvent(&n, NotificationEvent, FALSE);
	timeout = KcRelativeMs(10);
	CONF_CHECK(KeWaitForSingleObject(&n, Executive, KernelMode, FALSE, &timeout) ==
		   STATUS_TIMEOUT);
	CONF_CHECK(KeSetEvent(&n, IO_NO_INCREMENT, FALSE) == 0);
	CONF_CHECK(KeReadStateEvent(&n) != 0);
	CONF_CHECK(KeWaitForSingleObject(&n, Executive, KernelMode, FALSE, &zero) ==
		   STATUS_SUCCESS);
	CONF_CHECK(KeWaitForSingleObject(&n, Executive, KernelMode, FALSE, NULL) ==
		   STATUS_SUCCESS);   /* notification: stays signaled */
	CONF_CHECK(KeResetEvent(&n) != 0);
	for (i = 0; i < 3; i++) {
		KeInitializeEvent(&s[i], SynchronizationEvent, FALSE);
		objects[i] = &s[i];
	}
	KeSetEvent(&s[2], IO_NO_INCREMENT, FALSE);
	CONF_CHECK(KeWaitForMultipleObjects(3, objects, WaitAny, Executive, KernelMode, FALSE,
					    &zero, NULL) == STATUS_WAIT_0 + 2);
	CONF_CHECK(KeReadStateEvent(&s[2]) == 0);   /* synchronization: reset by the wait */
	KeSetEvent(&s[0], IO_NO_INCREMENT, FALSE);
	KeSetEvent(&s[1], IO_NO_INCREMENT, FALSE);
	CONF_CHECK(KeWaitForMultipleObjects(2, objects, WaitAll, Executive, KernelMode, FALSE,
					    &zero, NULL) == STATUS_SUCCESS);
	CONF_CHECK(KeWaitForMultipleObjects(2, objects, WaitAll, Executive, KernelMode, FALSE,
					    &zero, NULL) == STATUS_TIMEOUT);

	KeInitializeSemaphore(&sem, 0, 2);
	CONF_CHECK(KeReleaseSemaphore(&sem, IO_NO_INCREMENT, 2, FALSE) == 0);
	CONF_CHECK(KeReadStateSemaphore(&sem) == 2);
	CONF_CHECK(KeWaitForSingleObject(&sem, Executive, KernelMode, FALSE, &zero) ==
		   STATUS_SUCCESS);
	CONF_CHECK(KeReadStateSemaphore(&sem) == 1);

	KeInitializeMutex(&mutex, 0);
	CONF_CHECK(KeWaitForSingleObject(&mutex, Executive, KernelMode, FALSE, NULL) ==
		   STATUS_SUCCESS);
	CONF_CHECK(KeWaitForSingleObject(&mutex, Executive, KernelMode, FALSE, NULL) ==
		   STATUS_SUCCESS);   /* recursive for its owner */
	KeReleaseMutex(&mutex, FALSE);
	KeReleaseMutex(&mutex, FALSE);
	CONF_CHECK(KeReadStateMutex(&mutex) == 1);

	/* the NDIS form: a KMUTEX that remembers who holds it */
	NDIS_INIT_MUTEX(&g_ConfigMutex);
	NDIS_WAIT_FOR_MUTEX(&g_ConfigMutex);
	CONF_CHECK(KeReadStateMutex(&g_ConfigMutex.Mutex) == 0);
	NDIS_RELEASE_MUTEX(&g_ConfigMutex);
	CONF_CHECK(KeReadStateMutex(&g_ConfigMutex.Mutex) == 1);
}

static VOID
KcCheckTime(VOID)
{
	LARGE_INTEGER st, ndis, tick0, tick1, freq, pc0, pc1, delay, up0, up1;
	ULONGLONG it0, it1;
	PROCESSOR_NUMBER pn;
	KAFFINITY active;
	ULONG count, bits = 0, i;

	KeQuerySystemTime(&st);
	NdisGetCurrentSystemTime(&ndis);
	CONF_CHECK(ndis.QuadPart - st.QuadPart < 10000000);   /* same clock, < 1 s apart */
	KeQueryTickCount(&tick0);
	NdisGetSystemUpTimeEx(&up0);
	it0 = KeQueryInterruptTime();
	pc0 = KeQueryPerformanceCounter(&freq);
	CONF_CHECK(freq.QuadPart > 0);
	delay = KcRelativeMs(40);
	CONF_CHECK(KeDelayExecutionThread(KernelMode, FALSE, &delay) == STATUS_SUCCESS);
	KeQueryTickCount(&tick1);
	NdisGetSystemUpTimeEx(&up1);
	it1 = KeQueryInterruptTime();
	pc1 = KeQueryPerformanceCounter(NULL);
	/* elapsed = ticks x increment; make no assumption on the tick length */
	CONF_CHECK((tick1.QuadPart - tick0.QuadPart) * KeQueryTimeIncrement() >= 200000);
	CONF_CHECK(it1 > it0);
	CONF_CHECK(up1.QuadPart - up0.QuadPart >= 20);   /* milliseconds since boot */
	CONF_CHECK((pc1.QuadPart - pc0.QuadPart) * 1000 / freq.QuadPart >= 39);
	KeStallExecutionProcessor(20);

	count = KeQueryActiveProcessorCount(&active);
	for (i = 0; i < sizeof(active) * 8; i++) {
		bits += (ULONG)((active >> i) & 1);
	}
	CONF_CHECK(count >= 1 && bits == count);
	CONF_CHECK(KeQueryActiveProcessorCountEx(ALL_PROCESSOR_GROUPS) == count);
	CONF_CHECK(KeGetCurrentProcessorNumberEx(&pn) < count && pn.Group == 0);
	CONF_CHECK(KeGetCurrentProcessorNumber() < count);
	/* NDIS 6.20 processor groups: the same processors */
	CONF_CHECK((ULONG)NdisSystemProcessorCount() == count);
	CONF_CHECK(NdisActiveGroupCount() >= 1 && NdisMaxGroupCount() >= NdisActiveGroupCount());
	CONF_CHECK(NdisGroupActiveProcessorCount(ALL_PROCESSOR_GROUPS) == count);
	CONF_CHECK(NdisGroupMaxProcessorCount(0) >= NdisGroupActiveProcessorCount(0));
	CONF_CHECK(NdisGroupActiveProcessorMask(0) == active);
	CONF_CHECK(NdisCurrentProcessorIndex() < count);
}

static VOID
KcCheckSpinLocks(PKC_ADAPTER a)
{
	KSPIN_LOCK lock;
	KLOCK_QUEUE_HANDLE handle;
	KIRQL old;

	KeInitializeSpinLock(&lock);
	KeAcquireSpinLock(&lock, &old);
	CONF_CHECK(old == PASSIVE_LEVEL);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	CONF_CHECK(!KeTryToAcquireSpinLockAtDpcLevel(&lock));   /* busy */
	KeReleaseSpinLock(&lock, old);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	KeAcquireInStackQueuedSpinLock(&a->StatsLock, &handle);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	a->WatchdogTicks = 0;
	KeReleaseInStackQueuedSpinLock(&handle);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	old = KeRaiseIrqlToDpcLevel();
	CONF_CHECK(KeTryToAcquireSpinLockAtDpcLevel(&lock));
	KeReleaseSpinLockFromDpcLevel(&lock);
	KeLowerIrql(old);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
}

static VOID
KcCheckDpc(PKC_ADAPTER a)
{
	PROCESSOR_NUMBER bad;
	LARGE_INTEGER timeout = KcRelativeMs(10000);

	KeInitializeDpc(&a->OneDpc, KcOneDpc, a);
	KeInitializeEvent(&a->OneDpcDone, NotificationEvent, FALSE);
	KeSetImportanceDpc(&a->OneDpc, HighImportance);
	bad.Group = 0;
	bad.Number = 200;
	bad.Reserved = 0;
	CONF_CHECK(KeSetTargetProcessorDpcEx(&a->OneDpc, &bad) == STATUS_INVALID_PARAMETER);
	CONF_CHECK(!KeRemoveQueueDpc(&a->OneDpc));   /* not queued */
	CONF_CHECK(KeInsertQueueDpc(&a->OneDpc, a, (PVOID)(ULONG_PTR)7));
	CONF_CHECK(KeWaitForSingleObject(&a->OneDpcDone, Executive, KernelMode, FALSE,
					 &timeout) == STATUS_SUCCESS);
	KeFlushQueuedDpcs();
}

static NDIS_STATUS
KcStartWatchdog(PKC_ADAPTER a)
{
	LARGE_INTEGER due = KcRelativeMs(10), timeout = KcRelativeMs(10000);

	KeInitializeDpc(&a->WatchdogDpc, KcWatchdog, a);
	KeInitializeTimer(&a->WatchdogTimer);
	KeInitializeEvent(&a->WatchdogSeen, NotificationEvent, FALSE);
	CONF_CHECK(!KeSetTimerEx(&a->WatchdogTimer, due, 10, &a->WatchdogDpc));
	CONF_CHECK(KeWaitForSingleObject(&a->WatchdogSeen, Executive, KernelMode, FALSE,
					 &timeout) == STATUS_SUCCESS);
	return KcRead(&a->WatchdogRuns) >= 3 ? NDIS_STATUS_SUCCESS : NDIS_STATUS_FAILURE;
}

static NDIS_STATUS
KcStartWorker(PKC_ADAPTER a)
{
	OBJECT_ATTRIBUTES oa;
	HANDLE thread;
	PVOID object;
	LARGE_INTEGER timeout = KcRelativeMs(10000);
	NTSTATUS status;
	ULONG i;

	KeInitializeEvent(&a->StopWorker, NotificationEvent, FALSE);
	KeInitializeEvent(&a->WorkReady, SynchronizationEvent, FALSE);
	KeInitializeEvent(&a->WorkDone, SynchronizationEvent, FALSE);
	InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
	status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, &oa, NULL, NULL, KcWorker, a);
	CONF_CHECK(status == STATUS_SUCCESS);
	if (!NT_SUCCESS(status)) {
		return NDIS_STATUS_RESOURCES;
	}
	CONF_CHECK(ObReferenceObjectByHandle(thread, THREAD_ALL_ACCESS, *ExEventObjectType,
					     KernelMode, &object, NULL) ==
		   STATUS_OBJECT_TYPE_MISMATCH);
	status = ObReferenceObjectByHandle(thread, THREAD_ALL_ACCESS, *PsThreadType, KernelMode,
					   &object, NULL);
	CONF_CHECK(status == STATUS_SUCCESS);
	CONF_CHECK(ZwClose(thread) == STATUS_SUCCESS);
	if (!NT_SUCCESS(status)) {
		return NDIS_STATUS_FAILURE;
	}
	a->Worker = (PKTHREAD)object;
	for (i = 0; i < 3; i++) {
		KeSetEvent(&a->WorkReady, IO_NO_INCREMENT, FALSE);
		CONF_CHECK(KeWaitForSingleObject(&a->WorkDone, Executive, KernelMode, FALSE,
						 &timeout) == STATUS_SUCCESS);
	}
	CONF_CHECK(KcRead(&a->WorkItems) == 3);
	return NDIS_STATUS_SUCCESS;
}

/* Stops the worker and waits for its end (the documented pattern). */
static VOID
KcStopWorker(PKC_ADAPTER a)
{
	if (a->Worker == NULL) {
		return;
	}
	KeSetEvent(&a->StopWorker, IO_NO_INCREMENT, FALSE);
	CONF_CHECK(KeWaitForSingleObject(a->Worker, Executive, KernelMode, FALSE, NULL) ==
		   STATUS_SUCCESS);
	ObDereferenceObject(a->Worker);
	a->Worker = NULL;
}

static VOID
KcStopWatchdog(PKC_ADAPTER a)
{
	LONG runs;

	CONF_CHECK(KeCancelTimer(&a->WatchdogTimer));   /* periodic: still queued */
	KeFlushQueuedDpcs();
	runs = KcRead(&a->WatchdogRuns);
	CONF_CHECK(!KeCancelTimer(&a->WatchdogTimer));
	KeFlushQueuedDpcs();
	CONF_CHECK(KcRead(&a->WatchdogRuns) == runs);
}

_Use_decl_annotations_
NDIS_STATUS
KcInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
	     PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;
	PKC_ADAPTER a;
	NDIS_STATUS status;

	UNREFERENCED_PARAMETER(MiniportDriverContext);
	UNREFERENCED_PARAMETER(MiniportInitParameters);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	a = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(*a), KC_TAG,
					      NormalPoolPriority);
	if (a == NULL) {
		return NDIS_STATUS_RESOURCES;
	}
	NdisZeroMemory(a, sizeof(*a));
	a->AdapterHandle = MiniportAdapterHandle;
	KeInitializeSpinLock(&a->StatsLock);
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
	if (status == NDIS_STATUS_SUCCESS) {
		KcCheckEvents();
		KcCheckTime();
		KcCheckSpinLocks(a);
		KcCheckDpc(a);
		status = KcStartWatchdog(a);
	}
	if (status == NDIS_STATUS_SUCCESS) {
		status = KcStartWorker(a);
	}
	if (status != NDIS_STATUS_SUCCESS) {
		KeCancelTimer(&a->WatchdogTimer);
		KeFlushQueuedDpcs();
		KcStopWorker(a);
		NdisFreeMemory(a, sizeof(*a), 0);
	}
	return status;
}

_Use_decl_annotations_
VOID
KcHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	PKC_ADAPTER a = (PKC_ADAPTER)MiniportAdapterContext;
	KIRQL old;
	ULONG64 ticks;

	UNREFERENCED_PARAMETER(HaltAction);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	KcStopWatchdog(a);
	KeAcquireSpinLock(&a->StatsLock, &old);
	ticks = a->WatchdogTicks;
	KeReleaseSpinLock(&a->StatsLock, old);
	CONF_CHECK(ticks >= 3 && ticks == (ULONG64)KcRead(&a->WatchdogRuns));
	KcStopWorker(a);
	NdisFreeMemory(a, sizeof(*a), 0);
}

/* ---- the rest of a miniport ------------------------------------------------------- */

_Use_decl_annotations_
NDIS_STATUS KcRestart(NDIS_HANDLE MiniportAdapterContext,
		      PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RestartParameters);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS KcPause(NDIS_HANDLE MiniportAdapterContext,
		    PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(PauseParameters);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS KcOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest)
{
	static const UCHAR mac[6] = { 0x02, 0x4B, 0x45, 0x00, 0x00, 0x01 };

	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	if (OidRequest->RequestType == NdisRequestSetInformation &&
	    OidRequest->DATA.SET_INFORMATION.Oid == OID_GEN_CURRENT_PACKET_FILTER) {
		OidRequest->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
		return NDIS_STATUS_SUCCESS;
	}
	if (OidRequest->RequestType != NdisRequestQueryInformation ||
	    OidRequest->DATA.QUERY_INFORMATION.Oid != OID_802_3_CURRENT_ADDRESS) {
		return NDIS_STATUS_NOT_SUPPORTED;
	}
	if (OidRequest->DATA.QUERY_INFORMATION.InformationBufferLength < sizeof(mac)) {
		OidRequest->DATA.QUERY_INFORMATION.BytesNeeded = sizeof(mac);
		return NDIS_STATUS_BUFFER_TOO_SHORT;
	}
	NdisMoveMemory(OidRequest->DATA.QUERY_INFORMATION.InformationBuffer, mac, sizeof(mac));
	OidRequest->DATA.QUERY_INFORMATION.BytesWritten = sizeof(mac);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID KcSend(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
	    NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
	PKC_ADAPTER a = (PKC_ADAPTER)MiniportAdapterContext;
	PNET_BUFFER_LIST nbl;

	UNREFERENCED_PARAMETER(PortNumber);
	for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
		NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_SUCCESS;
	}
	NdisMSendNetBufferListsComplete(a->AdapterHandle, NetBufferLists,
					NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags) ?
					NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

_Use_decl_annotations_
VOID KcReturn(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
	      ULONG ReturnFlags)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(ReturnFlags);
	CONF_CHECK(NetBufferLists == NULL);
}

_Use_decl_annotations_
VOID KcCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(CancelId);
}

_Use_decl_annotations_
VOID KcPnpEvent(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

_Use_decl_annotations_
VOID KcShutdown(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(ShutdownAction);
}

_Use_decl_annotations_
VOID KcCancelOid(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RequestId);
}

_Use_decl_annotations_
VOID KcUnload(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	NdisMDeregisterMiniportDriver(g_DriverHandle);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS mc;

	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	NdisZeroMemory(&mc, sizeof(mc));
	mc.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	mc.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	mc.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	mc.MajorNdisVersion = NDIS_MINIPORT_MAJOR_VERSION;
	mc.MinorNdisVersion = NDIS_MINIPORT_MINOR_VERSION;
	mc.InitializeHandlerEx = KcInitialize;
	mc.HaltHandlerEx = KcHalt;
	mc.UnloadHandler = KcUnload;
	mc.PauseHandler = KcPause;
	mc.RestartHandler = KcRestart;
	mc.OidRequestHandler = KcOidRequest;
	mc.SendNetBufferListsHandler = KcSend;
	mc.ReturnNetBufferListsHandler = KcReturn;
	mc.CancelSendHandler = KcCancelSend;
	mc.DevicePnPEventNotifyHandler = KcPnpEvent;
	mc.ShutdownHandlerEx = KcShutdown;
	mc.CancelOidRequestHandler = KcCancelOid;
	return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &mc,
					   &g_DriverHandle);
}
