/* Trace.h — the WPP configuration of the wpp_build test's miniport
 * (tests/scripts/wpp_build.sh), written the way public NDIS drivers write
 * theirs: the control GUID and its flags, a begin_wpp config block, and
 * the driver's own condition macros.  DEBUGP is configured only on the
 * tool's command line (-func:), as a Windows project does in its
 * WppTraceFunction setting.
 */
#ifndef WPP_TEST_TRACE_H
#define WPP_TEST_TRACE_H

#define WPP_CONTROL_GUIDS \
    WPP_DEFINE_CONTROL_GUID(WppTestGuid, (6a1f4d0e, 2b3c, 4d5e, 8f90, a1b2c3d4e5f6), \
        WPP_DEFINE_BIT(MP_TRACE)      /* 0x1 */ \
        WPP_DEFINE_BIT(MP_INFO)       /* 0x2 */ \
        WPP_DEFINE_BIT(DBG_INIT)      /* 0x4 */ \
        )

/* A no-op fallback for builds without WPP: the .tmh replaces it. */
#define DEBUGP(...)

/* The argument of %!HEXDUMP! (DEFINE_CPLX_TYPE below): LOG_LENSTR makes
 * one from a length and a pointer, as public drivers' trace headers do. */
typedef struct _WPP_HEXDUMP {
    const VOID *Buffer;
    USHORT Length;
} WPP_HEXDUMP;

static __inline WPP_HEXDUMP WppTestHexDump(const VOID *Buffer, ULONG Length)
{
    WPP_HEXDUMP dump;

    dump.Buffer = Buffer;
    dump.Length = (USHORT)Length;
    return dump;
}
#define LOG_LENSTR(len, ptr) WppTestHexDump((ptr), (ULONG)(len))

/* The argument of %!DOT11SSID!: a length and up to 32 bytes. */
typedef struct _WPP_TEST_SSID {
    ULONG uSSIDLength;
    UCHAR ucSSID[32];
} WPP_TEST_SSID;

/* The configuration: TraceEvents with a prefix; CHECK_STATUS with a suffix
 * that takes a stringised parameter and a variable; FuncEntry, without
 * MSG, whose message is its prefix (with an argument from the caller);
 * RecTrace, an IFR-style function whose condition macros are only the
 * recorder's FILTER and ARGS (its suffix comes before its FUNC); IfrTrace,
 * which names the in-flight recorder's log it writes to (IFRLOG); and the
 * driver's own types: an enum (ItemEnum, found in Link.h), a list, a bit
 * set, a TYPEMACRO and the complex types public drivers define (%!HEXDUMP!
 * with LOG_LENSTR, %!ANSISTRING!, %!DOT11SSID!, a counted wide string and
 * a MAC address). */
// begin_wpp config
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// USEPREFIX(TraceEvents, "[%!FUNC!] ");
// FUNC CHECK_STATUS{LEVEL=TRACE_LEVEL_ERROR}(STATUS,
//                                           MSG, ...);
// USESUFFIX(CHECK_STATUS, " [%s, pre %d]", #STATUS, WppTestPre);
// FUNC FuncEntry{LEVEL=TRACE_LEVEL_VERBOSE, FLAGS=MP_TRACE}();
// USEPREFIX(FuncEntry, "%!STDPREFIX!--> %!FUNC! depth %d", wppDepth);
// USESUFFIX(RecTrace, " (recorder)");
// FUNC RecTrace{COMPNAME=RX_PATH, LEVEL=TRACE_LEVEL_ERROR}(MSG, ...);
// FUNC IfrTrace{LEVEL=TRACE_LEVEL_ERROR, FLAGS=DBG_INIT}(IFRLOG, MSG, ...);
// CUSTOM_TYPE(LINKSTATE, ItemEnum(LINK_STATE));
// CUSTOM_TYPE(PKTKIND, ItemListLong(PktData, PktControl, PktMgmt));
// CUSTOM_TYPE(OFFLOADS, ItemSetLong(OffCsum, OffLso, OffRss));
// TYPEMACRO(QUEUEKIND, ItemListShort(TxQueue, RxQueue));
// DEFINE_CPLX_TYPE(HEXDUMP, WPP_LOGHEXDUMP, WPP_HEXDUMP, ItemHEXDump, "s", _HEX_, 0, 2);
// WPP_FLAGS(-DWPP_LOGHEXDUMP(x)=WPP_LOGPAIR(sizeof(USHORT),&(x).Length)WPP_LOGPAIR((x).Length,(x).Buffer));
// DEFINE_CPLX_TYPE(ANSISTRING, WPP_LOGANSISTR, const STRING *, ItemPString, "s", _ANSI_, 0, 2);
// WPP_FLAGS(-DWPP_LOGANSISTR(x)=WPP_LOGPAIR(sizeof(USHORT),&(x)->Length)WPP_LOGPAIR((x)->Length,(x)->Buffer));
// DEFINE_CPLX_TYPE(DOT11SSID, WPP_LOGSSID, const WPP_TEST_SSID *, ItemPString, "s", _SSID_, 0, 2);
// WPP_FLAGS(-DWPP_LOGSSID(x)=WPP_LOGPAIR(4,&(x)->uSSIDLength)WPP_LOGPAIR((x)->uSSIDLength,(x)->ucSSID));
// DEFINE_CPLX_TYPE(WSTR, WPP_LOGWSTR, PCUNICODE_STRING, ItemPWString, "s", _WSTR_, 0, 2);
// WPP_FLAGS(-DWPP_LOGWSTR(x)=WPP_LOGPAIR(sizeof(USHORT),&(x)->Length)WPP_LOGPAIR((x)->Length,(x)->Buffer));
// DEFINE_CPLX_TYPE(MAC, WPP_LOGMAC, const UCHAR *, ItemMACAddr, "s", _MAC_, 0, 1);
// WPP_FLAGS(-DWPP_LOGMAC(x)=WPP_LOGPAIR(6,(x)));
// end_wpp

/* TraceEvents: the message's level must be within the session's and its
 * flag enabled. */
#define WPP_LEVEL_FLAGS_ENABLED(lvl, flags) \
    (WPP_LEVEL_ENABLED(flags) && WPP_CONTROL(WPP_BIT_ ## flags).Level >= lvl)
#define WPP_LEVEL_FLAGS_LOGGER(lvl, flags) WPP_LEVEL_LOGGER(flags)

/* CHECK_STATUS: traces only a failed status; PRE and POST run whether or
 * not tracing is on (they count, so the test can see it). */
extern int WppTestPre, WppTestPost;
#define WPP_LEVEL_STATUS_PRE(lvl, status) { WppTestPre++; if (!NT_SUCCESS(status)) {
#define WPP_LEVEL_STATUS_POST(lvl, status) } WppTestPost++; }
#define WPP_LEVEL_STATUS_ENABLED(lvl, status) \
    (WPP_CONTROL(WPP_BIT_DBG_INIT).Level >= lvl)
#define WPP_LEVEL_STATUS_LOGGER(lvl, status) WPP_LEVEL_LOGGER(DBG_INIT)

/* RecTrace: only the in-flight recorder's macros (wpp facts §1.8); the
 * filter counts its runs so the test can see it decides. */
extern int WppTestFilter;
#define WPP_RECORDER_COMPNAME_LEVEL_FILTER(comp, lvl) \
    (WppTestFilter++, WPP_CONTROL(WPP_BIT_DBG_INIT).Level >= (lvl))
#define WPP_RECORDER_COMPNAME_LEVEL_ARGS(comp, lvl) \
    WPP_CONTROL(WPP_BIT_DBG_INIT).AutoLogContext, (lvl), WPP_BIT_DBG_INIT

#endif
