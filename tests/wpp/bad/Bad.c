/* Bad.c — wrong trace calls ndisdma-wpp must refuse, each naming its line. */
#include <ndis.h>
#include "../tree/Trace.h"
#include "bad.tmh"

VOID Bad(ULONG Count)
{
    DEBUGP(MP_TRACE, "two %d %d", Count);
    DEBUGP(MP_TRACE, "%!NOSUCHTYPE!", Count);
    DEBUGP(MP_TRACE, Count);
    TraceEvents(TRACE_LEVEL_ERROR, "no flags");
    DEBUGP(MP_TRACE, "gap %2!d!", Count);
    DEBUGP(MP_TRACE, "mixed %1!d! %d", Count, Count);
    DEBUGP(MP_TRACE, "%0!d!", Count);
    DEBUGP(MP_TRACE, "star %1!*d!", Count, Count);
    DEBUGP(MP_TRACE, "user type %!IPV6X!", Count);
    DEBUGP(MP_TRACE, "never closed %d",
           Count;
}
