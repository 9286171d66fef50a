/*
 * ndisdma WDK compatibility headers: Interlocked* operations and memory
 * barriers (facts §5), as sequentially consistent compiler atomics.
 *
 * Each WDK name is a macro over an ndisdma inline function: clang with
 * -fms-extensions treats the _Interlocked* names as builtins, and a macro
 * wins over both compilers' builtins alike (wpp facts §3.2).  The macros
 * take the target through a cast, so LONG, ULONG and `volatile` targets
 * all work as they do with MSVC, and refuse at compile time a target of
 * the wrong size (a LONG64 given to InterlockedIncrement).  Return values:
 * Increment, Decrement and Add give the new value; Exchange,
 * CompareExchange, ExchangeAdd, And, Or and Xor the old one.
 *
 * Clean-room: written from the spec, the facts files and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_INTERLOCKED_H
#define NDISDMA_WDK_INTERLOCKED_H

#include "ndisdma_wdk_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define NDISDMA_IL_SEQ __ATOMIC_SEQ_CST

/* The target as T volatile *, after checking at compile time that it is
 * T-sized (the sign may differ: ULONG counters are common). */
#define NDISDMA_IL_TARGET(p, T) \
    ((void)sizeof(char[sizeof(*(p)) == sizeof(T) ? 1 : -1]), (T volatile *)(p))

/* ---- 32-, 64- and 16-bit operations ---------------------------------------- */
static inline LONG NdisDmaInterlockedIncrement(LONG volatile *Addend)
{
    return __atomic_add_fetch(Addend, 1, NDISDMA_IL_SEQ);
}
static inline LONG NdisDmaInterlockedDecrement(LONG volatile *Addend)
{
    return __atomic_sub_fetch(Addend, 1, NDISDMA_IL_SEQ);
}
static inline LONG NdisDmaInterlockedExchange(LONG volatile *Target, LONG Value)
{
    return __atomic_exchange_n(Target, Value, NDISDMA_IL_SEQ);
}
static inline LONG NdisDmaInterlockedCompareExchange(LONG volatile *Destination, LONG Exchange, LONG Comperand)
{
    __atomic_compare_exchange_n(Destination, &Comperand, Exchange, 0, NDISDMA_IL_SEQ,
                                NDISDMA_IL_SEQ);
    return Comperand;
}
static inline LONG NdisDmaInterlockedExchangeAdd(LONG volatile *Addend, LONG Value)
{
    return __atomic_fetch_add(Addend, Value, NDISDMA_IL_SEQ);
}
static inline LONG NdisDmaInterlockedAdd(LONG volatile *Addend, LONG Value)
{
    return __atomic_add_fetch(Addend, Value, NDISDMA_IL_SEQ);
}
static inline LONG NdisDmaInterlockedAnd(LONG volatile *Destination, LONG Value)
{
    return __atomic_fetch_and(Destination, Value, NDISDMA_IL_SEQ);
}
static inline LONG NdisDmaInterlockedOr(LONG volatile *Destination, LONG Value)
{
    return __atomic_fetch_or(Destination, Value, NDISDMA_IL_SEQ);
}
static inline LONG NdisDmaInterlockedXor(LONG volatile *Destination, LONG Value)
{
    return __atomic_fetch_xor(Destination, Value, NDISDMA_IL_SEQ);
}
static inline LONG64 NdisDmaInterlockedIncrement64(LONG64 volatile *Addend)
{
    return __atomic_add_fetch(Addend, 1, NDISDMA_IL_SEQ);
}
static inline LONG64 NdisDmaInterlockedDecrement64(LONG64 volatile *Addend)
{
    return __atomic_sub_fetch(Addend, 1, NDISDMA_IL_SEQ);
}
static inline LONG64 NdisDmaInterlockedExchange64(LONG64 volatile *Target, LONG64 Value)
{
    return __atomic_exchange_n(Target, Value, NDISDMA_IL_SEQ);
}
static inline LONG64 NdisDmaInterlockedCompareExchange64(LONG64 volatile *Destination, LONG64 Exchange, LONG64 Comperand)
{
    __atomic_compare_exchange_n(Destination, &Comperand, Exchange, 0, NDISDMA_IL_SEQ,
                                NDISDMA_IL_SEQ);
    return Comperand;
}
static inline LONG64 NdisDmaInterlockedExchangeAdd64(LONG64 volatile *Addend, LONG64 Value)
{
    return __atomic_fetch_add(Addend, Value, NDISDMA_IL_SEQ);
}
static inline LONG64 NdisDmaInterlockedAdd64(LONG64 volatile *Addend, LONG64 Value)
{
    return __atomic_add_fetch(Addend, Value, NDISDMA_IL_SEQ);
}
static inline LONG64 NdisDmaInterlockedAnd64(LONG64 volatile *Destination, LONG64 Value)
{
    return __atomic_fetch_and(Destination, Value, NDISDMA_IL_SEQ);
}
static inline LONG64 NdisDmaInterlockedOr64(LONG64 volatile *Destination, LONG64 Value)
{
    return __atomic_fetch_or(Destination, Value, NDISDMA_IL_SEQ);
}
static inline LONG64 NdisDmaInterlockedXor64(LONG64 volatile *Destination, LONG64 Value)
{
    return __atomic_fetch_xor(Destination, Value, NDISDMA_IL_SEQ);
}
static inline SHORT NdisDmaInterlockedIncrement16(SHORT volatile *Addend)
{
    return __atomic_add_fetch(Addend, 1, NDISDMA_IL_SEQ);
}
static inline SHORT NdisDmaInterlockedDecrement16(SHORT volatile *Addend)
{
    return __atomic_sub_fetch(Addend, 1, NDISDMA_IL_SEQ);
}
static inline SHORT NdisDmaInterlockedExchange16(SHORT volatile *Target, SHORT Value)
{
    return __atomic_exchange_n(Target, Value, NDISDMA_IL_SEQ);
}
static inline SHORT NdisDmaInterlockedCompareExchange16(SHORT volatile *Destination, SHORT Exchange, SHORT Comperand)
{
    __atomic_compare_exchange_n(Destination, &Comperand, Exchange, 0, NDISDMA_IL_SEQ,
                                NDISDMA_IL_SEQ);
    return Comperand;
}

static inline PVOID NdisDmaInterlockedExchangePointer(PVOID volatile *Target, PVOID Value)
{
    return __atomic_exchange_n(Target, Value, NDISDMA_IL_SEQ);
}
static inline PVOID NdisDmaInterlockedCompareExchangePointer(PVOID volatile *Destination,
                                                             PVOID Exchange, PVOID Comperand)
{
    __atomic_compare_exchange_n(Destination, &Comperand, Exchange, 0, NDISDMA_IL_SEQ,
                                NDISDMA_IL_SEQ);
    return Comperand;
}

/* ---- the WDK names ---------------------------------------------------------- */
#define InterlockedIncrement(addend) \
    NdisDmaInterlockedIncrement(NDISDMA_IL_TARGET(addend, LONG))
#define _InterlockedIncrement(addend) \
    NdisDmaInterlockedIncrement(NDISDMA_IL_TARGET(addend, LONG))
#define InterlockedDecrement(addend) \
    NdisDmaInterlockedDecrement(NDISDMA_IL_TARGET(addend, LONG))
#define _InterlockedDecrement(addend) \
    NdisDmaInterlockedDecrement(NDISDMA_IL_TARGET(addend, LONG))
#define InterlockedExchange(target, value) \
    NdisDmaInterlockedExchange(NDISDMA_IL_TARGET(target, LONG), (LONG)(value))
#define _InterlockedExchange(target, value) \
    NdisDmaInterlockedExchange(NDISDMA_IL_TARGET(target, LONG), (LONG)(value))
#define InterlockedCompareExchange(destination, exchange, comperand) \
    NdisDmaInterlockedCompareExchange(NDISDMA_IL_TARGET(destination, LONG), (LONG)(exchange), (LONG)(comperand))
#define _InterlockedCompareExchange(destination, exchange, comperand) \
    NdisDmaInterlockedCompareExchange(NDISDMA_IL_TARGET(destination, LONG), (LONG)(exchange), (LONG)(comperand))
#define InterlockedExchangeAdd(addend, value) \
    NdisDmaInterlockedExchangeAdd(NDISDMA_IL_TARGET(addend, LONG), (LONG)(value))
#define _InterlockedExchangeAdd(addend, value) \
    NdisDmaInterlockedExchangeAdd(NDISDMA_IL_TARGET(addend, LONG), (LONG)(value))
#define InterlockedAdd(addend, value) \
    NdisDmaInterlockedAdd(NDISDMA_IL_TARGET(addend, LONG), (LONG)(value))
#define _InterlockedAdd(addend, value) \
    NdisDmaInterlockedAdd(NDISDMA_IL_TARGET(addend, LONG), (LONG)(value))
#define InterlockedAnd(destination, value) \
    NdisDmaInterlockedAnd(NDISDMA_IL_TARGET(destination, LONG), (LONG)(value))
#define _InterlockedAnd(destination, value) \
    NdisDmaInterlockedAnd(NDISDMA_IL_TARGET(destination, LONG), (LONG)(value))
#define InterlockedOr(destination, value) \
    NdisDmaInterlockedOr(NDISDMA_IL_TARGET(destination, LONG), (LONG)(value))
#define _InterlockedOr(destination, value) \
    NdisDmaInterlockedOr(NDISDMA_IL_TARGET(destination, LONG), (LONG)(value))
#define InterlockedXor(destination, value) \
    NdisDmaInterlockedXor(NDISDMA_IL_TARGET(destination, LONG), (LONG)(value))
#define _InterlockedXor(destination, value) \
    NdisDmaInterlockedXor(NDISDMA_IL_TARGET(destination, LONG), (LONG)(value))
#define InterlockedIncrement64(addend) \
    NdisDmaInterlockedIncrement64(NDISDMA_IL_TARGET(addend, LONG64))
#define _InterlockedIncrement64(addend) \
    NdisDmaInterlockedIncrement64(NDISDMA_IL_TARGET(addend, LONG64))
#define InterlockedDecrement64(addend) \
    NdisDmaInterlockedDecrement64(NDISDMA_IL_TARGET(addend, LONG64))
#define _InterlockedDecrement64(addend) \
    NdisDmaInterlockedDecrement64(NDISDMA_IL_TARGET(addend, LONG64))
#define InterlockedExchange64(target, value) \
    NdisDmaInterlockedExchange64(NDISDMA_IL_TARGET(target, LONG64), (LONG64)(value))
#define _InterlockedExchange64(target, value) \
    NdisDmaInterlockedExchange64(NDISDMA_IL_TARGET(target, LONG64), (LONG64)(value))
#define InterlockedCompareExchange64(destination, exchange, comperand) \
    NdisDmaInterlockedCompareExchange64(NDISDMA_IL_TARGET(destination, LONG64), (LONG64)(exchange), (LONG64)(comperand))
#define _InterlockedCompareExchange64(destination, exchange, comperand) \
    NdisDmaInterlockedCompareExchange64(NDISDMA_IL_TARGET(destination, LONG64), (LONG64)(exchange), (LONG64)(comperand))
#define InterlockedExchangeAdd64(addend, value) \
    NdisDmaInterlockedExchangeAdd64(NDISDMA_IL_TARGET(addend, LONG64), (LONG64)(value))
#define _InterlockedExchangeAdd64(addend, value) \
    NdisDmaInterlockedExchangeAdd64(NDISDMA_IL_TARGET(addend, LONG64), (LONG64)(value))
#define InterlockedAdd64(addend, value) \
    NdisDmaInterlockedAdd64(NDISDMA_IL_TARGET(addend, LONG64), (LONG64)(value))
#define _InterlockedAdd64(addend, value) \
    NdisDmaInterlockedAdd64(NDISDMA_IL_TARGET(addend, LONG64), (LONG64)(value))
#define InterlockedAnd64(destination, value) \
    NdisDmaInterlockedAnd64(NDISDMA_IL_TARGET(destination, LONG64), (LONG64)(value))
#define _InterlockedAnd64(destination, value) \
    NdisDmaInterlockedAnd64(NDISDMA_IL_TARGET(destination, LONG64), (LONG64)(value))
#define InterlockedOr64(destination, value) \
    NdisDmaInterlockedOr64(NDISDMA_IL_TARGET(destination, LONG64), (LONG64)(value))
#define _InterlockedOr64(destination, value) \
    NdisDmaInterlockedOr64(NDISDMA_IL_TARGET(destination, LONG64), (LONG64)(value))
#define InterlockedXor64(destination, value) \
    NdisDmaInterlockedXor64(NDISDMA_IL_TARGET(destination, LONG64), (LONG64)(value))
#define _InterlockedXor64(destination, value) \
    NdisDmaInterlockedXor64(NDISDMA_IL_TARGET(destination, LONG64), (LONG64)(value))
#define InterlockedIncrement16(addend) \
    NdisDmaInterlockedIncrement16(NDISDMA_IL_TARGET(addend, SHORT))
#define _InterlockedIncrement16(addend) \
    NdisDmaInterlockedIncrement16(NDISDMA_IL_TARGET(addend, SHORT))
#define InterlockedDecrement16(addend) \
    NdisDmaInterlockedDecrement16(NDISDMA_IL_TARGET(addend, SHORT))
#define _InterlockedDecrement16(addend) \
    NdisDmaInterlockedDecrement16(NDISDMA_IL_TARGET(addend, SHORT))
#define InterlockedExchange16(target, value) \
    NdisDmaInterlockedExchange16(NDISDMA_IL_TARGET(target, SHORT), (SHORT)(value))
#define _InterlockedExchange16(target, value) \
    NdisDmaInterlockedExchange16(NDISDMA_IL_TARGET(target, SHORT), (SHORT)(value))
#define InterlockedCompareExchange16(destination, exchange, comperand) \
    NdisDmaInterlockedCompareExchange16(NDISDMA_IL_TARGET(destination, SHORT), (SHORT)(exchange), (SHORT)(comperand))
#define _InterlockedCompareExchange16(destination, exchange, comperand) \
    NdisDmaInterlockedCompareExchange16(NDISDMA_IL_TARGET(destination, SHORT), (SHORT)(exchange), (SHORT)(comperand))
#define InterlockedExchangePointer(target, value) \
    NdisDmaInterlockedExchangePointer(NDISDMA_IL_TARGET(target, PVOID), (PVOID)(value))
#define _InterlockedExchangePointer(target, value) InterlockedExchangePointer(target, value)
#define InterlockedCompareExchangePointer(destination, exchange, comperand) \
    NdisDmaInterlockedCompareExchangePointer(NDISDMA_IL_TARGET(destination, PVOID), \
                                             (PVOID)(exchange), (PVOID)(comperand))
#define _InterlockedCompareExchangePointer(destination, exchange, comperand) \
    InterlockedCompareExchangePointer(destination, exchange, comperand)

/* ---- barriers ------------------------------------------------------------------ */
#define KeMemoryBarrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define MemoryBarrier()   __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define KeMemoryBarrierWithoutFence() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define _ReadWriteBarrier() __atomic_signal_fence(__ATOMIC_SEQ_CST)

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_INTERLOCKED_H */
