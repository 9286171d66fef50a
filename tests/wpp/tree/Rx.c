/* Rx.c — a second source of the wpp_build test's miniport: its .tmh is
 * spelled in upper case.  It traces the driver's own types (Trace.h),
 * numbered arguments, a wide MSG, a function without MSG and one that only
 * the recorder's FILTER enables. */
#include <ndis.h>
#include "Trace.h"
#include "Link.h"
#include "RX.tmh"

VOID RxTrace(ULONG Count)
{
    static const UCHAR data[5] = { 0xde, 0xad, 0xbe, 0xef, 0x01 };
    static const UCHAR mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };
    WPP_TEST_SSID ssid = { 4, "home" };
    UNICODE_STRING wide;
    STRING name;
    ULONG wppDepth = 2;

    RtlInitString(&name, "vhub");
    RtlInitUnicodeString(&wide, L"port");
    DEBUGP(MP_TRACE, "%!FUNC!: %u frames at %!irql!", Count, KeGetCurrentIrql());
    DEBUGP(MP_TRACE, "link %!LINKSTATE! %!LINKSTATE! %!LINKSTATE! %!LINKSTATE! %!LINKSTATE!",
           LinkDown, LinkTesting, LinkUnknown, LinkLast, 3);
    /* ItemList names are display names only: the values are numbers */
    DEBUGP(MP_TRACE, "kind %!PKTKIND! %!PKTKIND! offloads %!OFFLOADS! %!OFFLOADS! %!OFFLOADS! "
           "queue %!QUEUEKIND!", 1, 7, 0x5, 0x9, 0, (USHORT)1);
    DEBUGP(MP_TRACE, "dump %!HEXDUMP! name %!ANSISTRING! ssid %!DOT11SSID! %!WSTR! %!MAC! %d",
           LOG_LENSTR(sizeof(data), data), &name, &ssid, &wide, mac, 42);
    DEBUGP(MP_TRACE, "numbered %2!s! %1!d! %2!s! %3!HEXDUMP!", 5, "two", LOG_LENSTR(2, data));
    DEBUGP(MP_TRACE, L"wide %s %!STATUS! %hs", L"text", STATUS_SUCCESS, "narrow");
    FuncEntry();
    RecTrace("recorder %!COMPNAME! %!LEVEL! %d", 9);
}
