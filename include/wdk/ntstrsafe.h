/*
 * ndisdma WDK compatibility headers: <ntstrsafe.h>, safe string routines
 * for kernel drivers (facts §4.5; docs/debug.md "Safe strings").
 *
 * Every routine is an ndisdma export (the Printf forms format with
 * ndisdma's Microsoft-printf formatter, src/fmt, never glibc's).  Results:
 * - STATUS_SUCCESS: the whole result, NUL-terminated.
 * - STATUS_BUFFER_OVERFLOW (0x80000005, a warning: NT_SUCCESS is FALSE):
 *   cut to the buffer and still NUL-terminated.
 * - STATUS_INVALID_PARAMETER: a size above NTSTRSAFE_MAX_CCH characters; a
 *   NULL pointer (unless STRSAFE_IGNORE_NULLS); a zero-length destination
 *   (Cch: always; Cb and the Ex forms: unless the result is empty); for Cat,
 *   a destination with no NUL within its size; unknown Ex flags.
 * Cb sizes are bytes, Cch sizes characters (char or WCHAR).  The W forms'
 * formats are the wprintf family (%s wide, %S narrow).  A Unicode
 * conversion (%wZ %ws %S ... in an A format, %hs %S in a W one) above
 * PASSIVE_LEVEL is an IRQL report.  NTSTRSAFE_NO_CB_FUNCTIONS,
 * NTSTRSAFE_NO_CCH_FUNCTIONS and NTSTRSAFE_NO_UNICODE_STRING_FUNCTIONS hide
 * their groups.  The Printf macros drop an empty last argument
 * (RtlStringCbPrintfA(d, cb, fmt, )), as MSVC's preprocessor does.
 *
 * Clean-room: written from the spec, the facts files and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_NTSTRSAFE_H
#define NDISDMA_WDK_NTSTRSAFE_H

#include <stdarg.h>

#include "ntdef.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The calling function's name for __FUNCTION__ (ndisdma_wdk_debug.h). */
#ifndef NDISDMA_NAME_CALLER
extern __thread const char *NdisDmaCallerFunction;
#define NDISDMA_NAME_CALLER() (NdisDmaCallerFunction = __PRETTY_FUNCTION__)
#endif

typedef CHAR *NTSTRSAFE_PSTR;
typedef const CHAR *NTSTRSAFE_PCSTR;
typedef WCHAR *NTSTRSAFE_PWSTR;
typedef const WCHAR *NTSTRSAFE_PCWSTR;
typedef const WCHAR *NTSTRSAFE_PCUWSTR;

/* The largest buffer, in characters (facts §4.5); UNICODE_STRING forms
 * hold at most NTSTRSAFE_UNICODE_STRING_MAX_CCH (65534 bytes). */
#define NTSTRSAFE_MAX_CCH 2147483647
#define NTSTRSAFE_UNICODE_STRING_MAX_CCH 32767

/* Ex flags: the low byte is the fill byte. */
#define STRSAFE_IGNORE_NULLS     0x00000100  /* NULL source = "", NULL destination of size 0 */
#define STRSAFE_FILL_BEHIND_NULL 0x00000200  /* success: fill after the NUL */
#define STRSAFE_FILL_ON_FAILURE  0x00000400  /* failure: fill all, NUL-terminated */
#define STRSAFE_NULL_ON_FAILURE  0x00000800  /* failure: the empty string */
#define STRSAFE_NO_TRUNCATION    0x00001000  /* overflow: no partial result */
#define STRSAFE_VALID_FLAGS      0x00001FFF
#define STRSAFE_FILL_BYTE(x)     ((ULONG)(((x) & 0xFF) | STRSAFE_FILL_BEHIND_NULL))
#define STRSAFE_FAILURE_BYTE(x)  ((ULONG)(((x) & 0xFF) | STRSAFE_FILL_ON_FAILURE))
#define STRSAFE_GET_FILL_PATTERN(dwFlags) ((int)((dwFlags) & 0xFF))


#ifndef NTSTRSAFE_NO_CB_FUNCTIONS
/* ---- Cb: sizes in bytes ------------------------------------------------ */
NTSTATUS RtlStringCbCopyA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc);
NTSTATUS RtlStringCbCopyExA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc,
                             NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcbRemaining, ULONG dwFlags);
NTSTATUS RtlStringCbCopyNA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc, size_t cbToCopy);
NTSTATUS RtlStringCbCopyNExA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc, size_t cbToCopy,
                              NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcbRemaining, ULONG dwFlags);
NTSTATUS RtlStringCbCatA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc);
NTSTATUS RtlStringCbCatExA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc,
                            NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcbRemaining, ULONG dwFlags);
NTSTATUS RtlStringCbCatNA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc, size_t cbToAppend);
NTSTATUS RtlStringCbCatNExA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc, size_t cbToAppend,
                             NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcbRemaining, ULONG dwFlags);
NTSTATUS RtlStringCbPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszFormat, ...);
NTSTATUS RtlStringCbPrintfExA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PSTR *ppszDestEnd,
                               size_t *pcbRemaining, ULONG dwFlags, NTSTRSAFE_PCSTR pszFormat, ...);
NTSTATUS RtlStringCbVPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszFormat, va_list argList);
NTSTATUS RtlStringCbVPrintfExA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PSTR *ppszDestEnd,
                                size_t *pcbRemaining, ULONG dwFlags, NTSTRSAFE_PCSTR pszFormat,
                                va_list argList);
/* pcbLength is optional; 0 in it on failure. */
NTSTATUS RtlStringCbLengthA(NTSTRSAFE_PCSTR psz, size_t cbMax, size_t *pcbLength);
#define RtlStringCbPrintfA(pszDest, cbDest, pszFormat, ...) \
    (NDISDMA_NAME_CALLER(), RtlStringCbPrintfA(pszDest, cbDest, pszFormat __VA_OPT__(,) __VA_ARGS__))
#define RtlStringCbPrintfExA(pszDest, cbDest, ppszDestEnd, pcbRemaining, dwFlags, pszFormat, ...) \
    (NDISDMA_NAME_CALLER(), RtlStringCbPrintfExA(pszDest, cbDest, ppszDestEnd, pcbRemaining, \
                                                 dwFlags, pszFormat __VA_OPT__(,) __VA_ARGS__))
NTSTATUS RtlStringCbCopyW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc);
NTSTATUS RtlStringCbCopyExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc,
                             NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcbRemaining, ULONG dwFlags);
NTSTATUS RtlStringCbCopyNW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc, size_t cbToCopy);
NTSTATUS RtlStringCbCopyNExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc, size_t cbToCopy,
                              NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcbRemaining, ULONG dwFlags);
NTSTATUS RtlStringCbCatW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc);
NTSTATUS RtlStringCbCatExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc,
                            NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcbRemaining, ULONG dwFlags);
NTSTATUS RtlStringCbCatNW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc, size_t cbToAppend);
NTSTATUS RtlStringCbCatNExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc, size_t cbToAppend,
                             NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcbRemaining, ULONG dwFlags);
NTSTATUS RtlStringCbPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszFormat, ...);
NTSTATUS RtlStringCbPrintfExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PWSTR *ppszDestEnd,
                               size_t *pcbRemaining, ULONG dwFlags, NTSTRSAFE_PCWSTR pszFormat, ...);
NTSTATUS RtlStringCbVPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszFormat, va_list argList);
NTSTATUS RtlStringCbVPrintfExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PWSTR *ppszDestEnd,
                                size_t *pcbRemaining, ULONG dwFlags, NTSTRSAFE_PCWSTR pszFormat,
                                va_list argList);
NTSTATUS RtlStringCbLengthW(NTSTRSAFE_PCWSTR psz, size_t cbMax, size_t *pcbLength);
#define RtlStringCbPrintfW(pszDest, cbDest, pszFormat, ...) \
    (NDISDMA_NAME_CALLER(), RtlStringCbPrintfW(pszDest, cbDest, pszFormat __VA_OPT__(,) __VA_ARGS__))
#define RtlStringCbPrintfExW(pszDest, cbDest, ppszDestEnd, pcbRemaining, dwFlags, pszFormat, ...) \
    (NDISDMA_NAME_CALLER(), RtlStringCbPrintfExW(pszDest, cbDest, ppszDestEnd, pcbRemaining, \
                                                 dwFlags, pszFormat __VA_OPT__(,) __VA_ARGS__))
#endif /* NTSTRSAFE_NO_CB_FUNCTIONS */

#ifndef NTSTRSAFE_NO_CCH_FUNCTIONS
/* ---- Cch: sizes in characters ------------------------------------------------ */
NTSTATUS RtlStringCchCopyA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc);
NTSTATUS RtlStringCchCopyExA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc,
                             NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcchRemaining, ULONG dwFlags);
NTSTATUS RtlStringCchCopyNA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc, size_t cchToCopy);
NTSTATUS RtlStringCchCopyNExA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc, size_t cchToCopy,
                              NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcchRemaining, ULONG dwFlags);
NTSTATUS RtlStringCchCatA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc);
NTSTATUS RtlStringCchCatExA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc,
                            NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcchRemaining, ULONG dwFlags);
NTSTATUS RtlStringCchCatNA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc, size_t cchToAppend);
NTSTATUS RtlStringCchCatNExA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc, size_t cchToAppend,
                             NTSTRSAFE_PSTR *ppszDestEnd, size_t *pcchRemaining, ULONG dwFlags);
NTSTATUS RtlStringCchPrintfA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszFormat, ...);
NTSTATUS RtlStringCchPrintfExA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PSTR *ppszDestEnd,
                               size_t *pcchRemaining, ULONG dwFlags, NTSTRSAFE_PCSTR pszFormat, ...);
NTSTATUS RtlStringCchVPrintfA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszFormat, va_list argList);
NTSTATUS RtlStringCchVPrintfExA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PSTR *ppszDestEnd,
                                size_t *pcchRemaining, ULONG dwFlags, NTSTRSAFE_PCSTR pszFormat,
                                va_list argList);
/* pcchLength is optional; 0 in it on failure. */
NTSTATUS RtlStringCchLengthA(NTSTRSAFE_PCSTR psz, size_t cchMax, size_t *pcchLength);
#define RtlStringCchPrintfA(pszDest, cchDest, pszFormat, ...) \
    (NDISDMA_NAME_CALLER(), RtlStringCchPrintfA(pszDest, cchDest, pszFormat __VA_OPT__(,) __VA_ARGS__))
#define RtlStringCchPrintfExA(pszDest, cchDest, ppszDestEnd, pcchRemaining, dwFlags, pszFormat, ...) \
    (NDISDMA_NAME_CALLER(), RtlStringCchPrintfExA(pszDest, cchDest, ppszDestEnd, pcchRemaining, \
                                                 dwFlags, pszFormat __VA_OPT__(,) __VA_ARGS__))
NTSTATUS RtlStringCchCopyW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc);
NTSTATUS RtlStringCchCopyExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc,
                             NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcchRemaining, ULONG dwFlags);
NTSTATUS RtlStringCchCopyNW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc, size_t cchToCopy);
NTSTATUS RtlStringCchCopyNExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc, size_t cchToCopy,
                              NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcchRemaining, ULONG dwFlags);
NTSTATUS RtlStringCchCatW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc);
NTSTATUS RtlStringCchCatExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc,
                            NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcchRemaining, ULONG dwFlags);
NTSTATUS RtlStringCchCatNW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc, size_t cchToAppend);
NTSTATUS RtlStringCchCatNExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc, size_t cchToAppend,
                             NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcchRemaining, ULONG dwFlags);
NTSTATUS RtlStringCchPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszFormat, ...);
NTSTATUS RtlStringCchPrintfExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PWSTR *ppszDestEnd,
                               size_t *pcchRemaining, ULONG dwFlags, NTSTRSAFE_PCWSTR pszFormat, ...);
NTSTATUS RtlStringCchVPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszFormat, va_list argList);
NTSTATUS RtlStringCchVPrintfExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PWSTR *ppszDestEnd,
                                size_t *pcchRemaining, ULONG dwFlags, NTSTRSAFE_PCWSTR pszFormat,
                                va_list argList);
NTSTATUS RtlStringCchLengthW(NTSTRSAFE_PCWSTR psz, size_t cchMax, size_t *pcchLength);
#define RtlStringCchPrintfW(pszDest, cchDest, pszFormat, ...) \
    (NDISDMA_NAME_CALLER(), RtlStringCchPrintfW(pszDest, cchDest, pszFormat __VA_OPT__(,) __VA_ARGS__))
#define RtlStringCchPrintfExW(pszDest, cchDest, ppszDestEnd, pcchRemaining, dwFlags, pszFormat, ...) \
    (NDISDMA_NAME_CALLER(), RtlStringCchPrintfExW(pszDest, cchDest, ppszDestEnd, pcchRemaining, \
                                                 dwFlags, pszFormat __VA_OPT__(,) __VA_ARGS__))
#endif /* NTSTRSAFE_NO_CCH_FUNCTIONS */

#ifndef NTSTRSAFE_NO_UNICODE_STRING_FUNCTIONS
/* ---- UNICODE_STRING: counted, never NUL-terminated ----------------------------- */
/* A valid UNICODE_STRING: even Length <= even MaximumLength <= 65534, a
 * Buffer unless both are 0; anything else is STATUS_INVALID_PARAMETER. */
NTSTATUS RtlUnicodeStringValidate(PCUNICODE_STRING SourceString);
/* RtlInitUnicodeString that refuses (STATUS_INVALID_PARAMETER, the string
 * set empty) a source longer than NTSTRSAFE_UNICODE_STRING_MAX_CCH. */
NTSTATUS RtlUnicodeStringInit(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc);
/* Copy/Cat: as much as MaximumLength holds, Length set, no NUL;
 * STATUS_BUFFER_OVERFLOW when cut. */
NTSTATUS RtlUnicodeStringCopy(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString);
NTSTATUS RtlUnicodeStringCopyString(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc);
NTSTATUS RtlUnicodeStringCat(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString);
NTSTATUS RtlUnicodeStringCatString(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc);
/* Formats into Buffer, sets Length, writes no NUL (facts §4.5). */
NTSTATUS RtlUnicodeStringPrintf(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszFormat, ...);
NTSTATUS RtlUnicodeStringVPrintf(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszFormat,
                                 va_list argList);
#define RtlUnicodeStringPrintf(DestinationString, pszFormat, ...) \
    (NDISDMA_NAME_CALLER(), \
     RtlUnicodeStringPrintf(DestinationString, pszFormat __VA_OPT__(,) __VA_ARGS__))
#endif /* NTSTRSAFE_NO_UNICODE_STRING_FUNCTIONS */

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_NTSTRSAFE_H */
