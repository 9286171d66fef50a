/*
 * ndisdma WDK compatibility headers: the kernel executive (Ke): dispatcher
 * objects (events, semaphores, mutexes, timers) and waits, DPCs, spin locks,
 * IRQL, time and processors.
 *
 * Included at the end of wdm.h; drivers never include it directly.
 * Values, prototypes and x64 layouts: wdk-surface-facts.md section 1.
 * Opaque objects (KDPC, KTIMER, the dispatcher header) keep their Windows
 * sizes and the field names drivers use; the private fields are ndisdma's
 * (docs/runtime.md, "Kernel executive").
 *
 * Clean-room: written from the spec, the facts files and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_KE_H
#define NDISDMA_WDK_KE_H

#include "wdm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- wait and status values ---------------------------------------------------- */
typedef LONG KPRIORITY, *PKPRIORITY;

#ifndef STATUS_WAIT_0
#define STATUS_WAIT_0           ((NTSTATUS)0x00000000L)
#define STATUS_WAIT_1           ((NTSTATUS)0x00000001L)
#define STATUS_WAIT_2           ((NTSTATUS)0x00000002L)
#define STATUS_WAIT_3           ((NTSTATUS)0x00000003L)
#define STATUS_WAIT_63          ((NTSTATUS)0x0000003FL)
#endif
#ifndef STATUS_ABANDONED
#define STATUS_ABANDONED        ((NTSTATUS)0x00000080L)
#define STATUS_ABANDONED_WAIT_0 ((NTSTATUS)0x00000080L)
#define STATUS_ABANDONED_WAIT_63 ((NTSTATUS)0x000000BFL)
#endif
#ifndef STATUS_USER_APC
#define STATUS_USER_APC         ((NTSTATUS)0x000000C0L)
#endif
#ifndef STATUS_ALERTED
#define STATUS_ALERTED          ((NTSTATUS)0x00000101L)
#endif

#define THREAD_WAIT_OBJECTS  3    /* waits up to this many need no KWAIT_BLOCK array */
#define MAXIMUM_WAIT_OBJECTS 64

/* KeSetEvent / KeReleaseSemaphore priority boosts */
#ifndef IO_NO_INCREMENT
#define IO_NO_INCREMENT      0
#endif
#ifndef EVENT_INCREMENT
#define EVENT_INCREMENT      1
#endif
#ifndef IO_NETWORK_INCREMENT
#define IO_NETWORK_INCREMENT 2
#endif
#ifndef SEMAPHORE_INCREMENT
#define SEMAPHORE_INCREMENT  1
#endif

/* Thread priorities (KeSetPriorityThread) */
#define LOW_PRIORITY          0
#define LOW_REALTIME_PRIORITY 16
#define HIGH_PRIORITY         31
#define MAXIMUM_PRIORITY      32

typedef enum _MODE {
    KernelMode = 0,
    UserMode = 1,
    MaximumMode
} MODE;

typedef enum _KWAIT_REASON {
    Executive = 0,
    FreePage = 1,
    PageIn = 2,
    PoolAllocation = 3,
    DelayExecution = 4,
    Suspended = 5,
    UserRequest = 6
} KWAIT_REASON;

typedef enum _WAIT_TYPE {
    WaitAll = 0,
    WaitAny = 1
} WAIT_TYPE;

typedef enum _EVENT_TYPE {
    NotificationEvent = 0,
    SynchronizationEvent = 1
} EVENT_TYPE;

typedef enum _TIMER_TYPE {
    NotificationTimer = 0,
    SynchronizationTimer = 1
} TIMER_TYPE;

typedef enum _KDPC_IMPORTANCE {
    LowImportance = 0,
    MediumImportance = 1,
    HighImportance = 2,
    MediumHighImportance = 3
} KDPC_IMPORTANCE;

/* ---- dispatcher objects (x64 sizes: facts 1.3, 1.4) -------------------------------- */
/*
 * Every waitable object starts with this header.  SignalState is what
 * KeRead*State returns (> 0: signaled); the other fields are ndisdma's.
 */
typedef struct _DISPATCHER_HEADER {
    UCHAR      Type;           /* +0  object kind (private values) */
    UCHAR      Signalling;     /* +1  private (a timer: queued) */
    UCHAR      Size;           /* +2  object size in LONGs */
    UCHAR      Lock;           /* +3  private: the object's lock */
    volatile LONG SignalState; /* +4 */
    LIST_ENTRY WaitListHead;   /* +8  blocked waiters */
} DISPATCHER_HEADER, *PDISPATCHER_HEADER;

typedef struct _KEVENT {
    DISPATCHER_HEADER Header;
} KEVENT, *PKEVENT, *PRKEVENT;

typedef struct _KSEMAPHORE {
    DISPATCHER_HEADER Header;
    LONG Limit;                /* +24 */
} KSEMAPHORE, *PKSEMAPHORE, *PRKSEMAPHORE;

typedef struct _KMUTANT {
    DISPATCHER_HEADER Header;
    LIST_ENTRY MutantListEntry;        /* +24 private: the owner's list */
    struct _KTHREAD *OwnerThread;      /* +40 */
    BOOLEAN Abandoned;                 /* +48 */
    UCHAR ApcDisable;                  /* +49 */
} KMUTANT, *PKMUTANT, *PRKMUTANT, KMUTEX, *PKMUTEX, *PRKMUTEX;

struct _KDPC;

typedef struct _KTIMER {
    DISPATCHER_HEADER Header;
    ULARGE_INTEGER DueTime;            /* +24 private: expiry */
    LIST_ENTRY TimerListEntry;         /* +32 private: the timer queue */
    struct _KDPC *Dpc;                 /* +48 */
    ULONG Processor;                   /* +56 private */
    ULONG Period;                      /* +60 milliseconds, 0 = one-shot */
} KTIMER, *PKTIMER, *PRKTIMER;

typedef struct _KWAIT_BLOCK {
    LIST_ENTRY WaitListEntry;          /* +0  in the object's wait list */
    UCHAR WaitType;                    /* +16 */
    volatile UCHAR BlockState;         /* +17 */
    USHORT WaitKey;                    /* +18 index in the caller's array */
    LONG SpareLong;                    /* +20 */
    struct _KTHREAD *Thread;           /* +24 */
    PVOID Object;                      /* +32 */
    PVOID SparePtr;                    /* +40 */
} KWAIT_BLOCK, *PKWAIT_BLOCK, *PRKWAIT_BLOCK;

NDISDMA_WDK_STATIC_ASSERT(sizeof(DISPATCHER_HEADER) == 24);
NDISDMA_WDK_STATIC_ASSERT(offsetof(DISPATCHER_HEADER, SignalState) == 4);
NDISDMA_WDK_STATIC_ASSERT(offsetof(DISPATCHER_HEADER, WaitListHead) == 8);
NDISDMA_WDK_STATIC_ASSERT(sizeof(KEVENT) == 24);
NDISDMA_WDK_STATIC_ASSERT(sizeof(KSEMAPHORE) == 32);
NDISDMA_WDK_STATIC_ASSERT(offsetof(KSEMAPHORE, Limit) == 24);
NDISDMA_WDK_STATIC_ASSERT(sizeof(KMUTEX) == 56);
NDISDMA_WDK_STATIC_ASSERT(offsetof(KMUTEX, OwnerThread) == 40);
NDISDMA_WDK_STATIC_ASSERT(sizeof(KTIMER) == 64);
NDISDMA_WDK_STATIC_ASSERT(offsetof(KTIMER, DueTime) == 24);
NDISDMA_WDK_STATIC_ASSERT(offsetof(KTIMER, TimerListEntry) == 32);
NDISDMA_WDK_STATIC_ASSERT(offsetof(KTIMER, Dpc) == 48);
NDISDMA_WDK_STATIC_ASSERT(offsetof(KTIMER, Processor) == 56);
NDISDMA_WDK_STATIC_ASSERT(offsetof(KTIMER, Period) == 60);
NDISDMA_WDK_STATIC_ASSERT(sizeof(KWAIT_BLOCK) == 48);

/* ---- DPC objects (facts 1.2) --------------------------------------------------------- */
typedef VOID KDEFERRED_ROUTINE(
    _In_ struct _KDPC *Dpc,
    _In_opt_ PVOID DeferredContext,
    _In_opt_ PVOID SystemArgument1,
    _In_opt_ PVOID SystemArgument2);
typedef KDEFERRED_ROUTINE *PKDEFERRED_ROUTINE;

/* Opaque: drivers set it up with KeInitializeDpc and read only the four
 * documented fields.  +4 and +8..+23 are the queue link, +56 the machine. */
typedef struct _KDPC {
    UCHAR Type;                          /* +0 */
    UCHAR Importance;                    /* +1  KDPC_IMPORTANCE */
    volatile USHORT Number;              /* +2  target processor */
    ULONG Reserved;                      /* +4  private */
    LIST_ENTRY DpcListEntry;             /* +8  private */
    PKDEFERRED_ROUTINE DeferredRoutine;  /* +24 */
    PVOID DeferredContext;               /* +32 */
    PVOID SystemArgument1;               /* +40 */
    PVOID SystemArgument2;               /* +48 */
    PVOID DpcData;                       /* +56 private */
} KDPC, *PKDPC, *PRKDPC;

NDISDMA_WDK_STATIC_ASSERT(sizeof(KDPC) == 64);
NDISDMA_WDK_STATIC_ASSERT(offsetof(KDPC, Importance) == 1);
NDISDMA_WDK_STATIC_ASSERT(offsetof(KDPC, Number) == 2);
NDISDMA_WDK_STATIC_ASSERT(offsetof(KDPC, DpcListEntry) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(KDPC, DeferredRoutine) == 24);
NDISDMA_WDK_STATIC_ASSERT(offsetof(KDPC, DeferredContext) == 32);
NDISDMA_WDK_STATIC_ASSERT(offsetof(KDPC, SystemArgument1) == 40);
NDISDMA_WDK_STATIC_ASSERT(offsetof(KDPC, SystemArgument2) == 48);
NDISDMA_WDK_STATIC_ASSERT(offsetof(KDPC, DpcData) == 56);

typedef struct _KDPC_WATCHDOG_INFORMATION {
    ULONG DpcTimeLimit;      /* +0  0 = single-DPC timeout disabled */
    ULONG DpcTimeCount;      /* +4  time left for the current DPC */
    ULONG DpcWatchdogLimit;  /* +8  0 = cumulative watchdog disabled */
    ULONG DpcWatchdogCount;  /* +12 */
    ULONG Reserved;          /* +16 */
} KDPC_WATCHDOG_INFORMATION, *PKDPC_WATCHDOG_INFORMATION;

NDISDMA_WDK_STATIC_ASSERT(sizeof(KDPC_WATCHDOG_INFORMATION) == 20);
NDISDMA_WDK_STATIC_ASSERT(offsetof(KDPC_WATCHDOG_INFORMATION, DpcWatchdogCount) == 12);

/* ---- processors (facts 1.6) ------------------------------------------------------------ */
typedef struct _PROCESSOR_NUMBER {
    USHORT Group;
    UCHAR  Number;
    UCHAR  Reserved;
} PROCESSOR_NUMBER, *PPROCESSOR_NUMBER;

typedef struct _GROUP_AFFINITY {
    KAFFINITY Mask;
    USHORT    Group;
    USHORT    Reserved[3];
} GROUP_AFFINITY, *PGROUP_AFFINITY;

#define ALL_PROCESSOR_GROUPS 0xffff

NDISDMA_WDK_STATIC_ASSERT(sizeof(PROCESSOR_NUMBER) == 4);
NDISDMA_WDK_STATIC_ASSERT(offsetof(PROCESSOR_NUMBER, Number) == 2);
NDISDMA_WDK_STATIC_ASSERT(sizeof(GROUP_AFFINITY) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(GROUP_AFFINITY, Group) == 8);

/* ---- spin locks (facts 1.5) ------------------------------------------------------------ */
typedef struct _KSPIN_LOCK_QUEUE {
    struct _KSPIN_LOCK_QUEUE *volatile Next;
    PKSPIN_LOCK volatile Lock;
} KSPIN_LOCK_QUEUE, *PKSPIN_LOCK_QUEUE;

typedef struct _KLOCK_QUEUE_HANDLE {
    KSPIN_LOCK_QUEUE LockQueue;
    KIRQL OldIrql;
} KLOCK_QUEUE_HANDLE, *PKLOCK_QUEUE_HANDLE;

NDISDMA_WDK_STATIC_ASSERT(sizeof(KSPIN_LOCK_QUEUE) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(KSPIN_LOCK_QUEUE, Lock) == 8);
NDISDMA_WDK_STATIC_ASSERT(sizeof(KLOCK_QUEUE_HANDLE) == 24);
NDISDMA_WDK_STATIC_ASSERT(offsetof(KLOCK_QUEUE_HANDLE, OldIrql) == 16);

/* ---- IRQL ------------------------------------------------------------------------------- */
KIRQL KeRaiseIrqlToDpcLevel(VOID);

/* ---- DPCs -------------------------------------------------------------------------------- */
VOID KeInitializeDpc(_Out_ PRKDPC Dpc, _In_ PKDEFERRED_ROUTINE DeferredRoutine,
                     _In_opt_ PVOID DeferredContext);
BOOLEAN KeInsertQueueDpc(_Inout_ PRKDPC Dpc, _In_opt_ PVOID SystemArgument1,
                         _In_opt_ PVOID SystemArgument2);
BOOLEAN KeRemoveQueueDpc(_Inout_ PRKDPC Dpc);
VOID KeSetImportanceDpc(_Inout_ PRKDPC Dpc, _In_ KDPC_IMPORTANCE Importance);
VOID KeSetTargetProcessorDpc(_Inout_ PRKDPC Dpc, _In_ CCHAR Number);
NTSTATUS KeSetTargetProcessorDpcEx(_Inout_ PKDPC Dpc, _In_ PPROCESSOR_NUMBER ProcNumber);
VOID KeFlushQueuedDpcs(VOID);
NTSTATUS KeQueryDpcWatchdogInformation(_Out_ PKDPC_WATCHDOG_INFORMATION WatchdogInformation);

/* ---- timers ------------------------------------------------------------------------------ */
VOID KeInitializeTimer(_Out_ PKTIMER Timer);
VOID KeInitializeTimerEx(_Out_ PKTIMER Timer, _In_ TIMER_TYPE Type);
BOOLEAN KeSetTimer(_Inout_ PKTIMER Timer, _In_ LARGE_INTEGER DueTime, _In_opt_ PKDPC Dpc);
BOOLEAN KeSetTimerEx(_Inout_ PKTIMER Timer, _In_ LARGE_INTEGER DueTime, _In_ LONG Period,
                     _In_opt_ PKDPC Dpc);
BOOLEAN KeCancelTimer(_Inout_ PKTIMER Timer);
BOOLEAN KeReadStateTimer(_In_ PKTIMER Timer);

/* ---- events, semaphores, mutexes, waits -------------------------------------------------- */
VOID KeInitializeEvent(_Out_ PRKEVENT Event, _In_ EVENT_TYPE Type, _In_ BOOLEAN State);
LONG KeSetEvent(_Inout_ PRKEVENT Event, _In_ KPRIORITY Increment, _In_ BOOLEAN Wait);
VOID KeClearEvent(_Inout_ PRKEVENT Event);
LONG KeResetEvent(_Inout_ PRKEVENT Event);
LONG KeReadStateEvent(_In_ PRKEVENT Event);

VOID KeInitializeSemaphore(_Out_ PRKSEMAPHORE Semaphore, _In_ LONG Count, _In_ LONG Limit);
LONG KeReleaseSemaphore(_Inout_ PRKSEMAPHORE Semaphore, _In_ KPRIORITY Increment,
                        _In_ LONG Adjustment, _In_ BOOLEAN Wait);
LONG KeReadStateSemaphore(_In_ PRKSEMAPHORE Semaphore);

VOID KeInitializeMutex(_Out_ PRKMUTEX Mutex, _In_ ULONG Level);
LONG KeReleaseMutex(_Inout_ PRKMUTEX Mutex, _In_ BOOLEAN Wait);
LONG KeReadStateMutex(_In_ PRKMUTEX Mutex);

NTSTATUS KeWaitForSingleObject(_In_ PVOID Object, _In_ KWAIT_REASON WaitReason,
                               _In_ KPROCESSOR_MODE WaitMode, _In_ BOOLEAN Alertable,
                               _In_opt_ PLARGE_INTEGER Timeout);
NTSTATUS KeWaitForMultipleObjects(_In_ ULONG Count, _In_reads_(Count) PVOID Object[],
                                  _In_ WAIT_TYPE WaitType, _In_ KWAIT_REASON WaitReason,
                                  _In_ KPROCESSOR_MODE WaitMode, _In_ BOOLEAN Alertable,
                                  _In_opt_ PLARGE_INTEGER Timeout,
                                  _Out_opt_ PKWAIT_BLOCK WaitBlockArray);
NTSTATUS KeDelayExecutionThread(_In_ KPROCESSOR_MODE WaitMode, _In_ BOOLEAN Alertable,
                                _In_ PLARGE_INTEGER Interval);

/* ---- spin locks ----------------------------------------------------------------------------- */
VOID KeInitializeSpinLock(_Out_ PKSPIN_LOCK SpinLock);
KIRQL KeAcquireSpinLockRaiseToDpc(_Inout_ PKSPIN_LOCK SpinLock);
/* A macro as in the WDK: OldIrql is written once the lock is held. */
#define KeAcquireSpinLock(SpinLock, OldIrql) \
    (*(OldIrql) = KeAcquireSpinLockRaiseToDpc(SpinLock))
VOID KeReleaseSpinLock(_Inout_ PKSPIN_LOCK SpinLock, _In_ KIRQL NewIrql);
VOID KeAcquireSpinLockAtDpcLevel(_Inout_ PKSPIN_LOCK SpinLock);
VOID KeReleaseSpinLockFromDpcLevel(_Inout_ PKSPIN_LOCK SpinLock);
BOOLEAN KeTryToAcquireSpinLockAtDpcLevel(_Inout_ PKSPIN_LOCK SpinLock);
VOID KeAcquireInStackQueuedSpinLock(_Inout_ PKSPIN_LOCK SpinLock,
                                    _Out_ PKLOCK_QUEUE_HANDLE LockHandle);
VOID KeReleaseInStackQueuedSpinLock(_In_ PKLOCK_QUEUE_HANDLE LockHandle);
VOID KeAcquireInStackQueuedSpinLockAtDpcLevel(_Inout_ PKSPIN_LOCK SpinLock,
                                              _Out_ PKLOCK_QUEUE_HANDLE LockHandle);
VOID KeReleaseInStackQueuedSpinLockFromDpcLevel(_In_ PKLOCK_QUEUE_HANDLE LockHandle);

/* ---- time and processors ---------------------------------------------------------------------- */
VOID KeQuerySystemTime(_Out_ PLARGE_INTEGER CurrentTime);
VOID KeQuerySystemTimePrecise(_Out_ PLARGE_INTEGER CurrentTime);
VOID KeQueryTickCount(_Out_ PLARGE_INTEGER TickCount);
ULONG KeQueryTimeIncrement(VOID);
ULONGLONG KeQueryInterruptTime(VOID);
ULONG64 KeQueryInterruptTimePrecise(_Out_ PULONG64 QpcTimeStamp);
LARGE_INTEGER KeQueryPerformanceCounter(_Out_opt_ PLARGE_INTEGER PerformanceFrequency);
VOID KeStallExecutionProcessor(_In_ ULONG MicroSeconds);
ULONG KeGetCurrentProcessorNumber(VOID);
ULONG KeGetCurrentProcessorNumberEx(_Out_opt_ PPROCESSOR_NUMBER ProcNumber);
ULONG KeQueryActiveProcessorCount(_Out_opt_ PKAFFINITY ActiveProcessors);
ULONG KeQueryActiveProcessorCountEx(_In_ USHORT GroupNumber);

/* ---- threads ----------------------------------------------------------------------------------- */
PKTHREAD KeGetCurrentThread(VOID);
KPRIORITY KeSetPriorityThread(_Inout_ PKTHREAD Thread, _In_ KPRIORITY Priority);

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_KE_H */
