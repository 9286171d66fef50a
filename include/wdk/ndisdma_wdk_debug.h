/*
 * ndisdma WDK compatibility headers: debug output, assertions, breakpoints
 * and bug checks (DbgPrint, KdPrint, DPFLTR_*, ASSERT, NT_ASSERT,
 * DbgBreakPoint, KeBugCheckEx) — facts §7; docs/debug.md.
 *
 * What a driver sees differs from Windows in three documented ways:
 * - DBG is 1 unless the build says otherwise (-DDBG=0): ndisdma is a test
 *   harness, so ASSERT, NT_ASSERT and KdPrint are active by default.
 * - A failed assertion is a verifier report (ASSERT-FAILED) naming the
 *   expression and file:line, and the driver goes on; a breakpoint is a
 *   BREAKPOINT report.  KeBugCheckEx ends the run (BUGCHECK).
 * - __FUNCTION__ is a string literal, so `__FUNCTION__ ": x"` compiles as
 *   with MSVC; the formatter prints the calling function's name in its
 *   place.  DbgPrint and friends are also function-like macros that drop
 *   an empty last argument (`DbgPrint(fmt, )`), as MSVC's preprocessor
 *   does (docs/msvc-c.md, "Function names and empty __VA_ARGS__").
 *
 * Clean-room: written from the spec, the facts files and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_DEBUG_H
#define NDISDMA_WDK_DEBUG_H

#include <stdarg.h>

#include "ndisdma_wdk_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Checked build unless the driver's build says -DDBG=0 (docs/debug.md). */
#ifndef DBG
#define DBG 1
#endif

typedef const CHAR *PCCH;

/* ---- __FUNCTION__ as MSVC has it: a literal (docs/msvc-c.md) ------------- */
/* gcc and clang make __FUNCTION__ an identifier that cannot be pasted to a
 * literal.  Here it is a distinctive literal that src/fmt replaces, in a
 * format or in a %s argument, by the name of the function that called
 * DbgPrint / RtlStringCb*Printf / ... .  Define NDISDMA_NO_FUNCTION_MARKER
 * to keep the compiler's own __FUNCTION__. */
#ifndef NDISDMA_NO_FUNCTION_MARKER
#undef __FUNCTION__
#define __FUNCTION__  "\x1a" "__FUNCTION__" "\x1a"
#undef __FUNCTIONW__
#define __FUNCTIONW__ L"" __FUNCTION__
#endif

/* ---- debug output filter (facts §7, [MINGW dpfilter.h] values) ----------- */
#define DPFLTR_ERROR_LEVEL   0
#define DPFLTR_WARNING_LEVEL 1
#define DPFLTR_TRACE_LEVEL   2
#define DPFLTR_INFO_LEVEL    3
#define DPFLTR_MASK          0x80000000

/* Component ids: drivers should use only the IHV ones. */
typedef enum _DPFLTR_TYPE {
    DPFLTR_IHVDRIVER_ID = 77,
    DPFLTR_IHVVIDEO_ID = 78,
    DPFLTR_IHVAUDIO_ID = 79,
    DPFLTR_IHVNETWORK_ID = 80,
    DPFLTR_IHVSTREAMING_ID = 81,
    DPFLTR_IHVBUS_ID = 82,
    DPFLTR_DEFAULT_ID = 101
} DPFLTR_TYPE;

/*
 * One line of the run's log per call (at most 512 bytes, as Windows sends;
 * longer text is cut and the cut is marked), formatted with Microsoft
 * printf rules by ndisdma's formatter, never glibc's: %lx is 32-bit, %I64x
 * and %Ix exist, %ws/%S/%wZ are UTF-16.  A message is printed when its
 * level mask (Level 0-31: 1 << Level; 32 and above: Level itself) meets
 * the component's mask or the system-wide one; ndisdma's default shows
 * everything (`ndisdma run --dbgprint MASK`).  DbgPrint is DbgPrintEx
 * (DPFLTR_DEFAULT_ID, DPFLTR_INFO_LEVEL, ...).  Returns STATUS_SUCCESS
 * (STATUS_INVALID_PARAMETER for a NULL format).  Floating-point
 * conversions are not supported (as documented): printed as written.
 */
ULONG DbgPrint(_In_z_ _Printf_format_string_ PCSTR Format, ...);
ULONG DbgPrintEx(_In_ ULONG ComponentId, _In_ ULONG Level,
                 _In_z_ _Printf_format_string_ PCSTR Format, ...);
ULONG vDbgPrintEx(_In_ ULONG ComponentId, _In_ ULONG Level, _In_z_ PCCH Format,
                  _In_ va_list arglist);
/* vDbgPrintEx with Prefix printed before the message. */
ULONG vDbgPrintExWithPrefix(_In_z_ PCCH Prefix, _In_ ULONG ComponentId, _In_ ULONG Level,
                            _In_z_ PCCH Format, _In_ va_list arglist);

/* The calling function's name, set by the DbgPrint, DbgPrintEx and
 * RtlString*Printf macros just before the call: what __FUNCTION__ prints
 * (exact even when the caller is inlined or the call is a tail call).  A
 * call that bypasses the macros ((DbgPrint)(...), a pointer) is named from
 * its return address instead. */
#ifndef NDISDMA_NAME_CALLER
extern __thread const char *NdisDmaCallerFunction;
#define NDISDMA_NAME_CALLER() (NdisDmaCallerFunction = __PRETTY_FUNCTION__)
#endif

/* MSVC's preprocessor drops the comma before an empty __VA_ARGS__, so a
 * driver macro `#define P(f, ...) DbgPrint(f, __VA_ARGS__)` used as P("x")
 * calls DbgPrint("x", ).  These macros drop that empty last argument;
 * &DbgPrint, (DbgPrint)(...) and calls with arguments are unchanged. */
#define DbgPrint(Format, ...) \
    (NDISDMA_NAME_CALLER(), DbgPrint(Format __VA_OPT__(,) __VA_ARGS__))
#define DbgPrintEx(ComponentId, Level, Format, ...) \
    (NDISDMA_NAME_CALLER(), DbgPrintEx(ComponentId, Level, Format __VA_OPT__(,) __VA_ARGS__))

/* ---- breakpoints and assertions -------------------------------------------- */
/* A BREAKPOINT report (a warning) naming the call site; execution goes on
 * (Windows: a breakpoint exception, a bug check with no debugger). */
VOID DbgBreakPoint(VOID);
VOID DbgBreakPointWithStatus(_In_ ULONG Status);

/* What ASSERT and NT_ASSERT call when the expression is false: an
 * ASSERT-FAILED report with the expression, file:line and message, a line
 * in the log, and execution goes on (never an abort). */
VOID RtlAssert(_In_ PVOID VoidFailedAssertion, _In_ PVOID VoidFileName,
               _In_ ULONG LineNumber, _In_opt_ PSTR MutableMessage);

#ifndef __debugbreak
#define __debugbreak() DbgBreakPoint()
#endif

#if DBG
#define KdPrint(_x_)              ((void)DbgPrint _x_)
#define KdPrintEx(_x_)            ((void)DbgPrintEx _x_)
#define vKdPrintEx(_x_)           ((void)vDbgPrintEx _x_)
#define vKdPrintExWithPrefix(_x_) ((void)vDbgPrintExWithPrefix _x_)
#define KdBreakPoint()            DbgBreakPoint()
#define KdBreakPointWithStatus(s) DbgBreakPointWithStatus(s)

#define NDISDMA_ASSERT_FAILED(e, m) \
    RtlAssert((PVOID)(e), (PVOID)__FILE__, (ULONG)__LINE__, (PSTR)(m))
#define ASSERT(e) \
    ((void)((e) ? 0 : (NDISDMA_ASSERT_FAILED(#e, NULL), 0)))
#define ASSERTMSG(msg, e) \
    ((void)((e) ? 0 : (NDISDMA_ASSERT_FAILED(#e, msg), 0)))
#define NT_ASSERT(e)           ASSERT(e)
#define NT_ASSERTMSG(msg, e)   ASSERTMSG(msg, e)
#define NT_ASSERT_ASSUME(e)    ASSERT(e)
#define NT_VERIFY(e) \
    ((e) ? (BOOLEAN)TRUE : (NDISDMA_ASSERT_FAILED(#e, NULL), (BOOLEAN)FALSE))
#define NT_VERIFYMSG(msg, e) \
    ((e) ? (BOOLEAN)TRUE : (NDISDMA_ASSERT_FAILED(#e, msg), (BOOLEAN)FALSE))
#define DbgRaiseAssertionFailure() \
    NDISDMA_ASSERT_FAILED("DbgRaiseAssertionFailure()", NULL)
#else
/* Free build (-DDBG=0): as on Windows the expression is not evaluated (it
 * may name fields that exist only when DBG), and KdPrint is nothing. */
#define KdPrint(_x_)              ((void)0)
#define KdPrintEx(_x_)            ((void)0)
#define vKdPrintEx(_x_)           ((void)0)
#define vKdPrintExWithPrefix(_x_) ((void)0)
#define KdBreakPoint()            ((void)0)
#define KdBreakPointWithStatus(s) ((void)0)
#define ASSERT(e)                 ((void)0)
#define ASSERTMSG(msg, e)         ((void)0)
#define NT_ASSERT(e)              ((void)0)
#define NT_ASSERTMSG(msg, e)      ((void)0)
#define NT_ASSERT_ASSUME(e)       ((void)0)
/* NT_VERIFY always evaluates its expression and yields it as a BOOLEAN. */
#define NT_VERIFY(e)              ((e) ? (BOOLEAN)TRUE : (BOOLEAN)FALSE)
#define NT_VERIFYMSG(msg, e)      ((e) ? (BOOLEAN)TRUE : (BOOLEAN)FALSE)
#define DbgRaiseAssertionFailure() ((void)0)
#endif

/* ---- bug checks -------------------------------------------------------------- */
/* Never returns: the run ends with the code and parameters printed, a
 * BUGCHECK report (reports flushed, JSON lines and SARIF written by the
 * tool) and exit status 7 (`ndisdma run`; include/ndisdma/ndisdma.h
 * describes what a host program can install instead).  Drivers should log
 * and go on rather than bug-check (facts §7). */
DECLSPEC_NORETURN VOID KeBugCheckEx(_In_ ULONG BugCheckCode, _In_ ULONG_PTR BugCheckParameter1,
                                    _In_ ULONG_PTR BugCheckParameter2,
                                    _In_ ULONG_PTR BugCheckParameter3,
                                    _In_ ULONG_PTR BugCheckParameter4);
DECLSPEC_NORETURN VOID KeBugCheck(_In_ ULONG BugCheckCode);

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_DEBUG_H */
