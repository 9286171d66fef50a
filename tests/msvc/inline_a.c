/* inline_a.c — one of the files including inline.h (see there). */
#include <ndis.h>
#include <initguid.h>   /* both files define GUID_INLINE_TEST: one survives */
#include "inline.h"

ULONG InlineFromA(ULONG x)
{
	ULONG (*fn)(ULONG) = InlineViaPointer;

	g_SharedCounter++;
	return InlineAdd(x, 1) + ForceInlineMul(x, 2) + ForceInlineSub(x, 1) +
	       PlainInlineXor(x, 3) + StaticInlineOr(x, 4) + StaticForceInlineAnd(x, 5) +
	       fn(x);
}

const GUID *GuidFromA(void)
{
	return &GUID_INLINE_TEST;
}
