/*
 * ndisdma WDK compatibility headers: structured exception handling
 * (__try/__except/__finally/__leave) as GCC/clang local labels.
 *
 * Included by ndisdma_wdk_msvc.h; drivers never include it directly.
 * docs/msvc-c.md "Structured exception handling" is the contract:
 *   __try { body } __except (filter) { handler }
 *   __try { body } __finally { termination }
 * - body runs; __leave jumps to its end (each __try block has its own
 *   local label, so nested blocks leave the innermost one);
 * - the handler never runs and the filter is never evaluated: nothing in
 *   a user-space host raises an SEH exception, and a real fault (a bad
 *   pointer) is a fault of the process, as on Windows it is a bug check
 *   for a raised IRQL or an unprobed kernel address;
 * - the termination block runs after the body ends normally or by
 *   __leave, with AbnormalTermination() FALSE; a return, goto or break
 *   out of the body skips it (MSVC would run it).
 * gcc knows none of these keywords; clang parses them with -fms-extensions
 * but refuses SEH on Linux targets.  The macros override both.
 *
 * Clean-room: the label scheme is the facts file's (section 3.3); the
 * names and values are Microsoft's public documentation.
 */
#ifndef NDISDMA_WDK_SEH_H
#define NDISDMA_WDK_SEH_H

#define EXCEPTION_EXECUTE_HANDLER     1
#define EXCEPTION_CONTINUE_SEARCH     0
#define EXCEPTION_CONTINUE_EXECUTION  (-1)
#define EXCEPTION_MAXIMUM_PARAMETERS  15
#define EXCEPTION_NONCONTINUABLE      0x1

/* What GetExceptionInformation() points to (x64 layout, 152 bytes). */
typedef struct _EXCEPTION_RECORD {
    int32_t ExceptionCode;                       /* NTSTATUS */
    uint32_t ExceptionFlags;
    struct _EXCEPTION_RECORD *ExceptionRecord;
    void *ExceptionAddress;
    uint32_t NumberParameters;
    uintptr_t ExceptionInformation[EXCEPTION_MAXIMUM_PARAMETERS];
} EXCEPTION_RECORD, *PEXCEPTION_RECORD;
typedef struct _CONTEXT CONTEXT, *PCONTEXT;
typedef struct _EXCEPTION_POINTERS {
    PEXCEPTION_RECORD ExceptionRecord;
    PCONTEXT ContextRecord;
} EXCEPTION_POINTERS, *PEXCEPTION_POINTERS;

#ifdef __cplusplus
static_assert(sizeof(EXCEPTION_RECORD) == 152, "EXCEPTION_RECORD is 152 bytes on x64");
static_assert(offsetof(EXCEPTION_RECORD, ExceptionInformation) == 32, "x64 layout");
#else
_Static_assert(sizeof(EXCEPTION_RECORD) == 152, "EXCEPTION_RECORD is 152 bytes on x64");
_Static_assert(offsetof(EXCEPTION_RECORD, ExceptionInformation) == 32, "x64 layout");
#endif

/* Valid only in a filter or handler, which never run: each still has the
 * documented type, so dead handler code compiles and type-checks. */
#define GetExceptionCode()        ((int32_t)0)
#define _exception_code()         GetExceptionCode()
#define GetExceptionInformation() ((PEXCEPTION_POINTERS)0)
#define _exception_info()         GetExceptionInformation()
#define AbnormalTermination()     0
#define _abnormal_termination()   AbnormalTermination()

#undef __try
#undef __except
#undef __finally
#undef __leave
/* The filter sits behind "0 &&": type-checked, its functions used (no
 * "unneeded static function" warning), never evaluated.  Variadic: a
 * filter may be a comma expression. */
#define __try        { __label__ __ndisdma_seh_end;
#define __ndisdma_seh_end_of_body \
	__ndisdma_seh_end: __attribute__((__unused__)); }
#define __except(...) \
	__ndisdma_seh_end_of_body if (0 && (__VA_ARGS__))
#define __finally    __ndisdma_seh_end_of_body if (1)
#define __leave      goto __ndisdma_seh_end

#ifdef __cplusplus
/* libstdc++'s headers write __try { } __catch (x) { } with one catch
 * clause; msvc.h took its definitions first, so later libstdc++ headers
 * compile with these (their handlers never ran without exceptions
 * either).  A libstdc++ header with several __catch clauses must be
 * included before <ndis.h> (docs/msvc-c.md). */
#undef __catch
#define __catch(x) __ndisdma_seh_end_of_body if (0)
#endif

#endif /* NDISDMA_WDK_SEH_H */
