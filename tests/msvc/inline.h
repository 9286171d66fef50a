/*
 * inline.h — a driver header as Windows trees write them: non-static
 * __inline, FORCEINLINE and inline functions defined in the header, static
 * ones beside them, a tentative definition and a GUID, included by
 * several files (inline_a.c, inline_b.c, inline_main.c).  MSVC keeps one
 * copy of each (COMDAT); so must the ndisdma build at -O0 and -O2
 * (docs/msvc-c.md "Inline functions", tests/scripts/msvc_build.sh).
 */
#ifndef INLINE_TEST_H
#define INLINE_TEST_H

#include <ndis.h>

__inline ULONG InlineAdd(ULONG a, ULONG b)
{
	return a + b;
}

FORCEINLINE ULONG ForceInlineMul(ULONG a, ULONG b)
{
	return a * b;
}

__forceinline ULONG ForceInlineSub(ULONG a, ULONG b)
{
	return a - b;
}

inline ULONG PlainInlineXor(ULONG a, ULONG b)
{
	return a ^ b;
}

static __inline ULONG StaticInlineOr(ULONG a, ULONG b)
{
	return a | b;
}

static FORCEINLINE ULONG StaticForceInlineAnd(ULONG a, ULONG b)
{
	return a & b;
}

/* A helper whose address is taken: it must exist out of line. */
__inline ULONG InlineViaPointer(ULONG a)
{
	return a + 1000;
}

#ifndef __cplusplus
ULONG g_SharedCounter;             /* tentative: one object (-fcommon) */
#else
extern ULONG g_SharedCounter;
#endif

DEFINE_GUID(GUID_INLINE_TEST, 0x01020304, 0x0506, 0x0708,
	    0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10);

EXTERN_C ULONG InlineFromA(ULONG x);
EXTERN_C ULONG InlineFromB(ULONG x);
EXTERN_C const GUID *GuidFromA(void);
EXTERN_C const GUID *GuidFromB(void);

#endif
