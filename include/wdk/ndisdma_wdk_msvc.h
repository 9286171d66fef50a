/*
 * ndisdma WDK compatibility headers: the MSVC dialect of Windows driver
 * source on gcc and clang (docs/msvc-c.md says what each form becomes and
 * what it cannot honour).
 *
 * Included first by ndisdma_wdk_sal.h, so every WDK header has it; drivers
 * never include it directly.  Contents, in order: the target macros a
 * driver tests (_WIN64, _AMD64_, NTDDI_VERSION ...), EXTERN_C, keywords
 * (__int64, __forceinline, __inline, calling conventions, pointer
 * qualifiers), __declspec(x) and the DECLSPEC_* forms, __pragma,
 * __FUNCSIG__, the MSVC intrinsics that are not the Interlocked* family,
 * TCHAR, and structured exception handling (__try/__except/__finally).
 *
 * Everything is a macro: clang with -fms-extensions knows many of these
 * names as keywords or builtins, and a macro overrides both silently,
 * while an inline function of the same name would clash with the builtin.
 * Compiler tests use __clang__, never __GNUC__ alone: clang's
 * -fms-compatibility undefines __GNUC__.  _MSC_VER is never defined:
 * drivers use it to guard code only MSVC can compile.
 *
 * Clean-room: written from the facts file (wpp-and-msvc-facts.md sections
 * 3 and 4) and Microsoft's public compiler documentation, not from any
 * WDK, MSVC or third-party header.
 */
#ifndef NDISDMA_WDK_MSVC_H
#define NDISDMA_WDK_MSVC_H

#include <stddef.h>
#include <stdint.h>

/* System intrinsic headers come before the macros below, so that no macro
 * rewrites their definitions: MSVC's wdm.h makes _mm_pause, _mm_mfence and
 * __rdtsc available without an include, and these two are cheap (the
 * complete <x86intrin.h> costs half a second per translation unit; a
 * driver's own <intrin.h> brings it, include/wdk/intrin.h). */
#if defined(__x86_64__)
#include <emmintrin.h>
/* gcc's and clang's <cpuid.h> define a five-argument __cpuid macro; taken
 * now, it can no longer redefine MSVC's two-argument one below. */
#include <cpuid.h>
#if defined(__has_include)
#if __has_include(<x86gprintrin.h>)
#include <x86gprintrin.h>
#endif
#endif
#endif
/* libstdc++ defines __try/__catch for its own headers; take its file now
 * so that the SEH forms below are the ones in force (see "SEH"). */
#if defined(__cplusplus) && defined(__has_include)
#if __has_include(<bits/exception_defines.h>)
#include <bits/exception_defines.h>
#endif
#endif

/* ---- target macros (never _MSC_VER) --------------------------------------
 * A Windows x64 kernel build predefines these; drivers test them.  The
 * library's own sources (NDISDMA_HOST_BUILD) do not see them: Linux headers
 * such as pcap's or cmocka's take Windows paths when _WIN32 is set.  The
 * WDK headers themselves never test them, so both views share one ABI. */
#if !defined(NDISDMA_HOST_BUILD)
#ifndef _WIN32
#define _WIN32 1
#endif
#ifndef _WIN64
#define _WIN64 1
#endif
#if defined(__x86_64__)
#ifndef _AMD64_
#define _AMD64_ 1
#endif
#ifndef _M_AMD64
#define _M_AMD64 100
#endif
#ifndef _M_X64
#define _M_X64 100
#endif
#elif defined(__aarch64__)
#ifndef _ARM64_
#define _ARM64_ 1
#endif
#ifndef _M_ARM64
#define _M_ARM64 1
#endif
#endif
#ifndef _KERNEL_MODE
#define _KERNEL_MODE 1
#endif
#endif /* !NDISDMA_HOST_BUILD */

/* Windows versions (the values of sdkddkver.h, Microsoft Learn "Using the
 * Windows Headers").  Default target: Windows 10 version 2004 (the first
 * with ExAllocatePool2); a driver or its build may choose another with
 * -DNTDDI_VERSION=... before any include, as with the WDK. */
#define NTDDI_WIN7          0x06010000
#define NTDDI_WIN8          0x06020000
#define NTDDI_WINBLUE       0x06030000
#define NTDDI_WINTHRESHOLD  0x0A000000
#define NTDDI_WIN10         0x0A000000
#define NTDDI_WIN10_TH2     0x0A000001
#define NTDDI_WIN10_RS1     0x0A000002
#define NTDDI_WIN10_RS2     0x0A000003
#define NTDDI_WIN10_RS3     0x0A000004
#define NTDDI_WIN10_RS4     0x0A000005
#define NTDDI_WIN10_RS5     0x0A000006
#define NTDDI_WIN10_19H1    0x0A000007
#define NTDDI_WIN10_VB      0x0A000008
#define NTDDI_WIN10_MN      0x0A000009
#define NTDDI_WIN10_FE      0x0A00000A
#define NTDDI_WIN10_CO      0x0A00000B
#define NTDDI_WIN10_NI      0x0A00000C
#define _WIN32_WINNT_WIN7   0x0601
#define _WIN32_WINNT_WIN8   0x0602
#define _WIN32_WINNT_WINBLUE 0x0603
#define _WIN32_WINNT_WIN10  0x0A00
#ifndef NTDDI_VERSION
#define NTDDI_VERSION NTDDI_WIN10_VB
#endif
#ifndef _WIN32_WINNT
#define _WIN32_WINNT (NTDDI_VERSION >> 16)
#endif
#ifndef WINVER
#define WINVER _WIN32_WINNT
#endif

/* ---- linkage --------------------------------------------------------------- */
#ifdef __cplusplus
#define EXTERN_C       extern "C"
#define EXTERN_C_START extern "C" {
#define EXTERN_C_END   }
#else
#define EXTERN_C       extern
#define EXTERN_C_START
#define EXTERN_C_END
#endif

/* ---- integer keywords and pointer qualifiers --------------------------------
 * __int64 is long long, the type MSVC's unsigned __int64 matches (ULONG64
 * is the same type).  The pointer qualifiers mean nothing on x64. */
#define __int8  char
#define __int16 short
#define __int32 int
#define __int64 long long
#define __w64
#define __ptr32
#define __ptr64
#define __sptr
#define __uptr
#define __unaligned
#ifndef UNALIGNED
#define UNALIGNED
#endif
#ifndef UNALIGNED64
#define UNALIGNED64
#endif
#ifndef POINTER_64
#define POINTER_64
#endif
#ifndef POINTER_32
#define POINTER_32
#endif

/* ---- calling conventions: all ignored by MSVC itself on x64 ---------------
 * Never ms_abi: source compatibility, one native convention (spec §1), and
 * a variadic __cdecl DbgPrint must keep the System V va_list. */
#define __stdcall
#define __cdecl
#define __fastcall
#define __thiscall
#define __vectorcall
#define __clrcall
#define _stdcall
#define _cdecl
#define _fastcall
#ifndef NTAPI
#define NTAPI
#endif
#ifndef WINAPI
#define WINAPI
#endif
#ifndef APIENTRY
#define APIENTRY
#endif
#ifndef CALLBACK
#define CALLBACK
#endif
#ifndef STDMETHODCALLTYPE
#define STDMETHODCALLTYPE
#endif
#ifndef FASTCALL
#define FASTCALL
#endif

/* ---- inline functions (docs/msvc-c.md "Inline functions") -------------------
 * MSVC gives a non-static inline function defined in a header COMDAT
 * linkage: every object file may carry it and the linker keeps one.  C99
 * inline semantics give no definition at all (undefined reference at -O0);
 * GNU semantics give one strong definition per object file, which the
 * link then merges: pkg-config --libs ndisdma and ndisdma::ndisdma carry
 * -Wl,--allow-multiple-definition for that.  static __inline and static
 * inline stay static.  In C++ inline already has COMDAT semantics.
 * A driver that wants C99 inline semantics defines NDISDMA_C99_INLINE. */
#ifdef __cplusplus
#define __inline       inline
#define __forceinline  inline
#elif !defined(NDISDMA_C99_INLINE)
#undef __inline
#define __inline       __inline__ __attribute__((__gnu_inline__))
#define inline         __inline__ __attribute__((__gnu_inline__))
#define __forceinline  __inline__ __attribute__((__gnu_inline__))
#else
#define __forceinline  __inline__
#endif
#ifndef FORCEINLINE
#define FORCEINLINE __forceinline
#endif
#ifndef CFORCEINLINE
#define CFORCEINLINE FORCEINLINE
#endif
#ifndef NTAPI_INLINE
#define NTAPI_INLINE
#endif

/* ---- __declspec ---------------------------------------------------------------
 * __declspec(name) becomes __ndisdma_declspec_name, __declspec(name(args))
 * __ndisdma_declspec_name(args); a name only MSVC can honour is an error
 * naming it ("unknown type name __ndisdma_declspec_property").  deprecated
 * is the one name written both ways; the probe below tells them apart. */
#define __NDISDMA_CAT(a, b)       __NDISDMA_CAT_(a, b)
#define __NDISDMA_CAT_(a, b)      a##b
#define __NDISDMA_SECOND(a, b, ...) b
#define __NDISDMA_IS_PROBE(...)   __NDISDMA_SECOND(__VA_ARGS__, 0, ~)
#define __NDISDMA_PROBE           ~, 1
#define __NDISDMA_DSP_deprecated(...) __NDISDMA_PROBE
#define __NDISDMA_DS0(x)          __ndisdma_declspec_##x
#define __NDISDMA_DS1(x)          __ndisdma_declspec_arg_##x
#undef __declspec
#define __declspec(x) __NDISDMA_CAT(__NDISDMA_DS, __NDISDMA_IS_PROBE(__NDISDMA_DSP_##x))(x)

#define __ndisdma_declspec_align(n)        __attribute__((__aligned__(n)))
#define __ndisdma_declspec_noinline        __attribute__((__noinline__))
#define __ndisdma_declspec_noreturn        __attribute__((__noreturn__))
#define __ndisdma_declspec_nothrow         __attribute__((__nothrow__))
#define __ndisdma_declspec_deprecated      __attribute__((__deprecated__))
#define __ndisdma_declspec_arg_deprecated(m) __attribute__((__deprecated__(m)))
/* selectany: one copy of external data survives the link (weak). */
#define __ndisdma_declspec_selectany       __attribute__((__weak__))
#define __ndisdma_declspec_dllexport       __attribute__((__visibility__("default")))
#define __ndisdma_declspec_dllimport
#ifdef __cplusplus
#define __ndisdma_declspec_thread          thread_local
#else
#define __ndisdma_declspec_thread          _Thread_local
#endif
#if defined(__clang__) || (defined(__GNUC__) && __GNUC__ >= 8)
#define __ndisdma_declspec_no_sanitize_address __attribute__((__no_sanitize_address__))
#else
#define __ndisdma_declspec_no_sanitize_address
#endif
/* Optimiser hints, C++/COM metadata, security and section placement:
 * nothing on this target (clang would emit real PAGE/INIT sections). */
#define __ndisdma_declspec_restrict
#define __ndisdma_declspec_noalias
#define __ndisdma_declspec_novtable
#define __ndisdma_declspec_naked
#define __ndisdma_declspec_safebuffers
#define __ndisdma_declspec_allocator
#define __ndisdma_declspec_empty_bases
#define __ndisdma_declspec_hybrid_patchable
#define __ndisdma_declspec_uuid(u)
#define __ndisdma_declspec_code_seg(s)
#define __ndisdma_declspec_allocate(s)
#define __ndisdma_declspec_guard(g)
#define __ndisdma_declspec_spectre(m)
#define __ndisdma_declspec_intrin_type

#ifndef DECLSPEC_ALIGN
#define DECLSPEC_ALIGN(x) __declspec(align(x))
#endif
#ifndef SYSTEM_CACHE_ALIGNMENT_SIZE
#define SYSTEM_CACHE_ALIGNMENT_SIZE 64
#endif
#ifndef DECLSPEC_CACHEALIGN
#define DECLSPEC_CACHEALIGN DECLSPEC_ALIGN(SYSTEM_CACHE_ALIGNMENT_SIZE)
#endif
#ifndef DECLSPEC_NOINLINE
#define DECLSPEC_NOINLINE __declspec(noinline)
#endif
#ifndef DECLSPEC_NORETURN
#define DECLSPEC_NORETURN __declspec(noreturn)
#endif
#ifndef DECLSPEC_NOTHROW
#define DECLSPEC_NOTHROW __declspec(nothrow)
#endif
#ifndef DECLSPEC_SELECTANY
#define DECLSPEC_SELECTANY __declspec(selectany)
#endif
#ifndef DECLSPEC_IMPORT
#define DECLSPEC_IMPORT __declspec(dllimport)
#endif
#ifndef DECLSPEC_EXPORT
#define DECLSPEC_EXPORT __declspec(dllexport)
#endif
#ifndef DECLSPEC_DEPRECATED
#define DECLSPEC_DEPRECATED __declspec(deprecated)
#endif
/* The WDK marks old DDIs with it only when DEPRECATE_DDI is defined. */
#ifndef DECLSPEC_DEPRECATED_DDK
#ifdef DEPRECATE_DDI
#define DECLSPEC_DEPRECATED_DDK DECLSPEC_DEPRECATED
#else
#define DECLSPEC_DEPRECATED_DDK
#endif
#endif
#ifndef DECLSPEC_NOVTABLE
#define DECLSPEC_NOVTABLE __declspec(novtable)
#endif
#ifndef DECLSPEC_UUID
#define DECLSPEC_UUID(x) __declspec(uuid(x))
#endif
#ifndef DECLSPEC_RESTRICT
#define DECLSPEC_RESTRICT __declspec(restrict)
#endif
#ifndef DECLSPEC_NOALIAS
#define DECLSPEC_NOALIAS __declspec(noalias)
#endif
#ifndef DECLSPEC_SAFEBUFFERS
#define DECLSPEC_SAFEBUFFERS __declspec(safebuffers)
#endif
#ifndef DECLSPEC_GUARDNOCF
#define DECLSPEC_GUARDNOCF __declspec(guard(nocf))
#endif
#ifndef DECLSPEC_GUARD_SUPPRESS
#define DECLSPEC_GUARD_SUPPRESS __declspec(guard(suppress))
#endif
#ifndef DECLSPEC_ADDRSAFE
#define DECLSPEC_ADDRSAFE
#endif
#ifndef DECLSPEC_NOSANITIZE_ADDRESS
#define DECLSPEC_NOSANITIZE_ADDRESS __declspec(no_sanitize_address)
#endif
#ifndef DECLSPEC_NOINITALL
#define DECLSPEC_NOINITALL
#endif
/* Exported-API markers of the WDK's own declarations. */
#ifndef NTKERNELAPI
#define NTKERNELAPI
#endif
#ifndef NTHALAPI
#define NTHALAPI
#endif
#ifndef NTSYSAPI
#define NTSYSAPI
#endif
#ifndef NTSYSCALLAPI
#define NTSYSCALLAPI
#endif
#ifndef NDIS_API
#define NDIS_API
#endif
#ifndef EXPORT
#define EXPORT
#endif

/* ---- pragmas and function names --------------------------------------------
 * __pragma(pack(push, 1)) really packs; MS-only pragmas become unknown
 * pragmas, silenced by -Wno-unknown-pragmas (pkg-config --cflags). */
#ifndef __pragma   /* clang's -fms-extensions has it built in */
#define __pragma(x) _Pragma(#x)
#endif
#define __FUNCSIG__   __PRETTY_FUNCTION__
#define __FUNCDNAME__ __func__

#include "ndisdma_wdk_intrin.h"

/* ---- TCHAR (docs/msvc-c.md "TCHAR") ------------------------------------------
 * Kernel code is Unicode: TCHAR is WCHAR (16-bit wchar_t, -fshort-wchar)
 * and TEXT("x") is L"x", unless the build chose the multi-byte character
 * set (_MBCS, Visual Studio's "Use Multi-Byte Character Set"). */
#if !defined(_MBCS) && !defined(NDISDMA_TCHAR_IS_CHAR)
#ifndef UNICODE
#define UNICODE 1
#endif
#ifndef _UNICODE
#define _UNICODE 1
#endif
typedef wchar_t TCHAR, _TCHAR, TBYTE, *PTCHAR, *PTBYTE, *PTSTR, *LPTSTR;
typedef const wchar_t *PCTSTR, *LPCTSTR;
#define __TEXT(q) L##q
#else
typedef char TCHAR, _TCHAR, TBYTE, *PTCHAR, *PTBYTE, *PTSTR, *LPTSTR;
typedef const char *PCTSTR, *LPCTSTR;
#define __TEXT(q) q
#endif
#define TEXT(q) __TEXT(q)
#define _TEXT(q) __TEXT(q)
#define _T(q)    __TEXT(q)

#include "ndisdma_wdk_seh.h"

#endif /* NDISDMA_WDK_MSVC_H */
