/* inline_main.c — calls the header's inline functions from a third file
 * and checks both others computed the same (see inline.h). */
#include <stdio.h>
#include "inline.h"

#ifdef __cplusplus
ULONG g_SharedCounter;
#endif

int main(void)
{
	ULONG expect = InlineAdd(7, 1) + ForceInlineMul(7, 2) + ForceInlineSub(7, 1) +
		       PlainInlineXor(7, 3) + StaticInlineOr(7, 4) + StaticForceInlineAnd(7, 5) +
		       InlineViaPointer(7);
	int bad = 0;

	bad |= InlineFromA(7) != expect;
	bad |= InlineFromB(7) != expect;
	bad |= g_SharedCounter != 2;                 /* one counter, not two */
	bad |= GuidFromA()->Data1 != 0x01020304 || GuidFromB()->Data4[7] != 0x10;
	bad |= GuidFromA() != GuidFromB();           /* one GUID object */
	printf("inline: %s (expect %u, shared counter %u)\n", bad ? "FAILED" : "ok",
	       (unsigned)expect, (unsigned)g_SharedCounter);
	return bad;
}
