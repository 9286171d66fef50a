/* Rx.c — a second source of the wpp_build test's miniport: its .tmh is
 * spelled in upper case. */
#include <ndis.h>
#include "Trace.h"
#include "RX.tmh"

VOID RxTrace(ULONG Count)
{
    DEBUGP(MP_TRACE, "%!FUNC!: %u frames at %!irql!", Count, KeGetCurrentIrql());
}
