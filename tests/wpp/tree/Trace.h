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

// begin_wpp config
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// USEPREFIX(TraceEvents, "[%!FUNC!] ");
// FUNC CHECK_STATUS{LEVEL=TRACE_LEVEL_ERROR}(STATUS,
//                                           MSG, ...);
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

#endif
