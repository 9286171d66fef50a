/* TIMER-LEAK: a periodic kernel timer (a watchdog with its DPC) is still
 * set when the driver unloads. */
#define VM_CUSTOM_HALT
#include "vm.h"

static KTIMER Watchdog;
static KDPC WatchdogDpc;
static volatile LONG WatchdogRuns;

static VOID WatchdogRoutine(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
	UNREFERENCED_PARAMETER(Dpc);
	UNREFERENCED_PARAMETER(Context);
	UNREFERENCED_PARAMETER(Arg1);
	UNREFERENCED_PARAMETER(Arg2);
	InterlockedIncrement(&WatchdogRuns);
}

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	LARGE_INTEGER Due;

	UNREFERENCED_PARAMETER(Adapter);
	KeInitializeDpc(&WatchdogDpc, WatchdogRoutine, NULL);
	KeInitializeTimer(&Watchdog);
	Due.QuadPart = -10 * 1000 * 10000LL;   /* 10 s, then every 10 s */
	KeSetTimerEx(&Watchdog, Due, 10000, &WatchdogDpc);
	return NDIS_STATUS_SUCCESS;
}

static VOID VmHalt(VM_ADAPTER *Adapter)
{
	/* doc:begin */
#ifdef FIXED
	KeCancelTimer(&Watchdog);   /* no new expiry ... */
	KeFlushQueuedDpcs();        /* ... and no DPC of it still to run */
#endif
	/* doc:end */
	VmDeregister(Adapter);
}
