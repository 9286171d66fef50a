/*
 * trace.h — the WPP configuration of the vhub sample.
 *
 * The control GUID and its flags, and the driver's own condition macros for
 * its one trace function, VHUB_TRACE(LEVEL, FLAGS, MSG, ...).  VHUB_TRACE
 * is configured only on the tool's command line
 * (-func:VHUB_TRACE(LEVEL,FLAGS,MSG,...)), as a Windows project does in its
 * WppTraceFunction setting; the generated .tmh replaces the fallback below.
 * WPP facts §0-§1; docs/wpp.md.
 */
#ifndef VHUB_TRACE_H
#define VHUB_TRACE_H

#define WPP_CONTROL_GUIDS \
    WPP_DEFINE_CONTROL_GUID(VhubTraceGuid, (5d0b3c2e, 7a41, 4f6c, 9e12, 0c4d2b7f8a31), \
        WPP_DEFINE_BIT(VHUB_INIT)     /* 0x01 driver entry, initialize, halt */ \
        WPP_DEFINE_BIT(VHUB_CONFIG)   /* 0x02 configuration reads and writes */ \
        WPP_DEFINE_BIT(VHUB_OID)      /* 0x04 OID requests */ \
        WPP_DEFINE_BIT(VHUB_SEND)     /* 0x08 send path */ \
        WPP_DEFINE_BIT(VHUB_RECV)     /* 0x10 receive path */ \
        WPP_DEFINE_BIT(VHUB_PNP)      /* 0x20 pause, restart, reset, shutdown */ \
        )

/* Without the generated header (a build that does not run the WPP tool)
 * the trace calls compile to nothing. */
#define VHUB_TRACE(...)

/* A message prints when its flag is on in the session and its level is
 * within the session's level (WPP facts §0: the driver's own
 * WPP_<conditions>_ENABLED/_LOGGER decide). */
#define WPP_LEVEL_FLAGS_ENABLED(lvl, flags) \
    (WPP_LEVEL_ENABLED(flags) && WPP_CONTROL(WPP_BIT_ ## flags).Level >= lvl)
#define WPP_LEVEL_FLAGS_LOGGER(lvl, flags) WPP_LEVEL_LOGGER(flags)

#endif /* VHUB_TRACE_H */
