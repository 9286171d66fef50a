/*
 * constructs.c — MSVC-flavoured driver C as Windows sources write it,
 * compiled with the miniport flags by gcc, clang (also with
 * -fms-compatibility), g++ and clang++ (tests/scripts/msvc_build.sh), and
 * run: each check prints nothing when it holds.  What each construct
 * becomes is docs/msvc-c.md; the headers are ndisdma_wdk_msvc.h,
 * ndisdma_wdk_intrin.h, ndisdma_wdk_seh.h and ndisdma_wdk_guid.h.
 * Only macros and header inlines are used: nothing links to libndisdma.
 */
#include <ntddk.h>
#include <ndis.h>
#include <initguid.h>
#include <wdmguid.h>
#include <stdio.h>

static int g_failures;

#define CHECK(c) check((c) ? 1 : 0, #c, __LINE__)

static void check(int ok, const char *what, int line)
{
	if (!ok) {
		printf("constructs.c:%d: FAILED: %s\n", line, what);
		g_failures++;
	}
}

/* ---- target macros, never _MSC_VER ------------------------------------- */
#if !defined(_WIN64) || !defined(_WIN32) || !defined(_KERNEL_MODE) || \
    !defined(NTDDI_VERSION) || defined(_MSC_VER)
#error "target macros"
#endif
#if defined(__x86_64__) && (!defined(_AMD64_) || !defined(_M_AMD64) || !defined(_M_X64))
#error "x64 target macros"
#endif
#if NTDDI_VERSION < NTDDI_WIN10
#error "NTDDI_VERSION default"
#endif

/* ---- keywords ------------------------------------------------------------ */
C_ASSERT(sizeof(__int8) == 1 && sizeof(__int16) == 2 && sizeof(__int32) == 4);
C_ASSERT(sizeof(unsigned __int64) == 8 && sizeof(__int64 __w64) == 8);
C_ASSERT(sizeof(ULONG) == 4 && sizeof(LONG) == 4);   /* LLP64 */

typedef struct _UNALIGNED_HOLDER {
	UCHAR Byte;
	ULONG UNALIGNED *__ptr64 Pointer;
} UNALIGNED_HOLDER;

ULONG NTAPI StdcallFunction(ULONG a);
ULONG __stdcall StdcallFunction(ULONG a) { return a + 1; }
static ULONG __fastcall FastcallFunction(ULONG a) { return a + 2; }
static ULONG __cdecl CdeclFunction(ULONG a) { return a + 3; }

/* ---- __declspec -------------------------------------------------------- */
typedef struct DECLSPEC_ALIGN(16) _ALIGNED16 { UCHAR b; } ALIGNED16;
typedef struct _CACHE_LINE { DECLSPEC_CACHEALIGN ULONG Counter; } CACHE_LINE;
__declspec(align(32)) static UCHAR g_Aligned32[3];
C_ASSERT(sizeof(ALIGNED16) == 16);
C_ASSERT(sizeof(CACHE_LINE) == 64);
__declspec(selectany) ULONG g_SelectAny = 7;
DECLSPEC_SELECTANY ULONG g_SelectAny2 = 8;
__declspec(thread) static ULONG g_PerThread;
__declspec(noinline) static ULONG NoInline(ULONG a) { return a * 2; }
DECLSPEC_NOINLINE ULONG NoInline2(ULONG a);
DECLSPEC_NOINLINE ULONG NoInline2(ULONG a) { return a * 3; }
__declspec(noreturn) void NoReturn(void);
DECLSPEC_NORETURN void NoReturn2(void);
__declspec(deprecated) void OldApi(void);
__declspec(deprecated("use NewApi")) void OlderApi(void);
DECLSPEC_DEPRECATED_DDK void OldDdi(void);
__declspec(dllimport) ULONG ImportedData;
__declspec(nothrow) ULONG NoThrow(void);
__declspec(restrict) PVOID Restricted(void);
__declspec(noalias) void NoAlias(void);
__declspec(code_seg("PAGE")) static ULONG PagedCode(void) { return 5; }
__declspec(allocate(".data")) static ULONG g_Allocated = 1;
__declspec(safebuffers) static ULONG SafeBuffers(void) { return 6; }
__declspec(guard(nocf)) static ULONG GuardNoCf(void) { return 7; }
DECLSPEC_GUARDNOCF static ULONG GuardNoCf2(void) { return 8; }
struct DECLSPEC_UUID("0D9B4E52-4A4F-4F40-A1AD-4E0E4B4D1E01") DECLSPEC_NOVTABLE _COM_LIKE { ULONG x; };

/* ---- pragmas, packing --------------------------------------------------- */
#pragma warning(push)
#pragma warning(disable: 4201 4214)
#pragma alloc_text(PAGE, PagedCode)
#pragma prefast(suppress: 28167)
#pragma code_seg("PAGE")
#pragma code_seg()
#pragma data_seg("NONPAGED")
#pragma data_seg()
#pragma warning(pop)
#include <pshpack1.h>
typedef struct _PACKED1 { UCHAR a; ULONG b; } PACKED1;
#include <poppack.h>
#include <pshpack2.h>
typedef struct _PACKED2 { UCHAR a; ULONG b; } PACKED2;
#include <pshpack4.h>
typedef struct _PACKED4 { UCHAR a; ULONG64 b; } PACKED4;
#include <poppack.h>
#include <poppack.h>
#include <pshpack8.h>
typedef struct _PACKED8 { UCHAR a; ULONG64 b; } PACKED8;
#include <poppack.h>
typedef struct _UNPACKED { UCHAR a; ULONG b; } UNPACKED;
__pragma(pack(push, 1))
typedef struct _PRAGMA_PACKED { UCHAR a; ULONG b; } PRAGMA_PACKED;
__pragma(pack(pop))
C_ASSERT(sizeof(PACKED1) == 5 && sizeof(PACKED2) == 6 && sizeof(PACKED4) == 12);
C_ASSERT(sizeof(PACKED8) == 16 && sizeof(UNPACKED) == 8 && sizeof(PRAGMA_PACKED) == 5);

/* ---- MS extensions: a tagged anonymous member, MS bit-field layout ------ */
#ifndef __cplusplus   /* C only, in MSVC too */
typedef struct _INNER { ULONG a; ULONG b; } INNER;
typedef struct _OUTER { INNER; ULONG c; } OUTER;
C_ASSERT(sizeof(OUTER) == 12);
#endif
#if defined(__x86_64__)
/* -mms-bitfields: a change of declared type size starts a new unit */
typedef struct _MIXED_BITS { UCHAR a : 4; ULONG b : 4; } MIXED_BITS;
C_ASSERT(sizeof(MIXED_BITS) == 8);
typedef struct _SWITCH_PORT_SHAPE {
	UINT32 a; USHORT b; USHORT c : 1; UINT32 d : 1; UINT32 e : 1; USHORT f : 13;
} SWITCH_PORT_SHAPE;
C_ASSERT(sizeof(SWITCH_PORT_SHAPE) == 16);
#endif

/* ---- tentative definitions merge (-fcommon; C only), pool tags ---------- */
ULONG g_Tentative;
#ifndef __cplusplus
ULONG g_Tentative;
#endif
#define TAG_TEST 'tseT'

/* ---- EXTERN_C ------------------------------------------------------------- */
EXTERN_C_START
ULONG CLinkage(void);
EXTERN_C_END
EXTERN_C ULONG CLinkage2(void);
ULONG CLinkage(void) { return 11; }
ULONG CLinkage2(void) { return 12; }

/* ---- inline forms --------------------------------------------------------- */
static __inline ULONG StaticInline(ULONG a) { return a + 10; }
static FORCEINLINE ULONG StaticForceInline(ULONG a) { return a + 20; }
FORCEINLINE ULONG ForceInline(ULONG a) { return a + 30; }
__forceinline ULONG ForceInline2(ULONG a) { return a + 40; }
__inline ULONG PlainInline(ULONG a) { return a + 50; }

/* ---- GUIDs ------------------------------------------------------------------ */
DEFINE_GUID(GUID_CONSTRUCTS_TEST, 0x12345678, 0x9ABC, 0xDEF0,
	    0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF);
DEFINE_OLEGUID(GUID_CONSTRUCTS_OLE, 0x00020400, 0, 0);

static void guids(void)
{
	static const UCHAR bytes[16] = { 0x78, 0x56, 0x34, 0x12, 0xBC, 0x9A, 0xF0, 0xDE,
					 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF };
	GUID copy = GUID_CONSTRUCTS_TEST;

	CHECK(memcmp(&GUID_CONSTRUCTS_TEST, bytes, 16) == 0);
	CHECK(GUID_CONSTRUCTS_OLE.Data1 == 0x00020400 && GUID_CONSTRUCTS_OLE.Data4[0] == 0xC0 &&
	      GUID_CONSTRUCTS_OLE.Data4[7] == 0x46);
	CHECK(GUID_BUS_INTERFACE_STANDARD.Data1 == 0x496B8280);
#ifdef __cplusplus
	CHECK(IsEqualGUID(copy, GUID_CONSTRUCTS_TEST));
	CHECK(InlineIsEqualGUID(copy, GUID_CONSTRUCTS_TEST));
	CHECK(copy == GUID_CONSTRUCTS_TEST && copy != GUID_CONSTRUCTS_OLE);
	CHECK(!IsEqualGUID(copy, GUID_CONSTRUCTS_OLE));
#else
	CHECK(IsEqualGUID(&copy, &GUID_CONSTRUCTS_TEST));
	CHECK(InlineIsEqualGUID(&copy, &GUID_CONSTRUCTS_TEST));
	CHECK(!IsEqualGUID(&copy, &GUID_CONSTRUCTS_OLE));
	CHECK(!InlineIsEqualGUID(&copy, &GUID_CONSTRUCTS_OLE));
#endif
}

/* ---- SEH --------------------------------------------------------------------- */
static int g_FilterRuns;

static int Filter(ULONG code)
{
	g_FilterRuns++;
	return code == 0 ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH;
}

static ULONG seh_trace(ULONG leave_at)
{
	ULONG trace = 0;

	__try {
		trace = trace * 10 + 1;
		if (leave_at == 1)
			__leave;
		__try {
			trace = trace * 10 + 2;
			if (leave_at == 2)
				__leave;           /* the inner block only */
			trace = trace * 10 + 3;
		} __finally {
			trace = trace * 10 + (AbnormalTermination() ? 9 : 4);
		}
		trace = trace * 10 + 5;
	} __except (Filter(GetExceptionCode())) {
		trace = trace * 10 + 8;        /* never: nothing raises */
	}
	return trace;
}

static void seh(void)
{
	PEXCEPTION_POINTERS info = NULL;
	ULONG handled = 0;

	CHECK(seh_trace(0) == 12345);
	CHECK(seh_trace(1) == 1);
	CHECK(seh_trace(2) == 1245);
	CHECK(g_FilterRuns == 0);       /* the filter is never evaluated */
	__try {
		handled = 1;
	} __except (info = GetExceptionInformation(), EXCEPTION_EXECUTE_HANDLER) {
		handled = 2;
	}
	CHECK(handled == 1 && info == NULL);
	CHECK(EXCEPTION_EXECUTE_HANDLER == 1 && EXCEPTION_CONTINUE_SEARCH == 0 &&
	      EXCEPTION_CONTINUE_EXECUTION == -1);
	CHECK(sizeof(EXCEPTION_RECORD) == 152);
}

/* ---- intrinsics ------------------------------------------------------------- */
#if defined(__clang__)
/* clang says so when __assume's argument has side effects; MSVC discards
 * them silently, and the check below wants to see them discarded. */
#pragma clang diagnostic ignored "-Wassume"
#endif
static void intrinsics(void)
{
	ULONG index = 99, value = 0x00F0;
	unsigned long lp64_index = 99;    /* a driver's "unsigned long" is 64-bit here */
	ULONG64 wide = 0x8000000000000000ULL;
	int calls = 0, info[4] = { 0 };

	CHECK(_BitScanForward(&index, value) == 1 && index == 4);
	CHECK(_BitScanReverse(&index, value) == 1 && index == 7);
	index = 99;
	CHECK(_BitScanForward(&index, 0) == 0 && index == 99);
	CHECK(_BitScanForward(&lp64_index, 0x100u) == 1 && lp64_index == 8);
	CHECK(_BitScanForward64(&index, wide) == 1 && index == 63);
	CHECK(_BitScanReverse64(&index, 1ULL) == 1 && index == 0);
	CHECK(_BitScanReverse64(&index, 0ULL) == 0);
	CHECK(_byteswap_ulong(0x12345678) == 0x78563412);
	CHECK(_byteswap_ushort(0x1234) == 0x3412);
	CHECK(_byteswap_uint64(0x0102030405060708ULL) == 0x0807060504030201ULL);
	CHECK(_rotl(0x80000001u, 1) == 0x00000003u && _rotr(0x00000003u, 1) == 0x80000001u);
	CHECK(_rotl(0x12345678u, 32) == 0x12345678u && _lrotl(0x80000000u, 1) == 1u);
	CHECK(_rotl64(0x8000000000000001ULL, 4) == 0x18ULL);
	CHECK(_rotr64(0x18ULL, 4) == 0x8000000000000001ULL);
	CHECK(_rotl8(0x81, 1) == 0x03 && _rotr16(0x0001, 1) == 0x8000);
	CHECK(__popcnt(0xF0F0u) == 8 && __popcnt64(~0ULL) == 64 && __popcnt16(0x0101) == 2);
	CHECK(__lzcnt(0) == 32 && __lzcnt(1) == 31 && __lzcnt64(1) == 63 && __lzcnt16(1) == 15);
	CHECK(_rotl(++calls, 0) == 1 && calls == 1);   /* arguments evaluated once */
	CHECK(_BitScanForward(&index, (ULONG)++calls) == 1 && calls == 2);
	__assume(calls++ > 0);                         /* never evaluated */
	__noop(calls++);
	__annotation(L"not evaluated", calls++);
	CHECK(calls == 2);
	CHECK(_ReturnAddress() != NULL && _AddressOfReturnAddress() != NULL);
	__nop();
	YieldProcessor();
	__halt();
#if defined(__x86_64__)
	__cpuid(info, 0);
	CHECK(info[0] >= 1);                           /* highest standard leaf */
	__cpuidex(info, 1, 0);
	CHECK((info[3] & (1 << 26)) != 0);             /* SSE2 on every x86-64 */
	_mm_pause();
	CHECK(__rdtsc() != 0);
#endif
}

/* ---- strings, TCHAR, function names ------------------------------------------- */
#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

static void strings(void)
{
	TCHAR text[] = TEXT("ab");
	const WCHAR *wide = L"wide";
	UNICODE_STRING us = RTL_CONSTANT_STRING(L"name");

	CHECK(sizeof(TCHAR) == 2 && sizeof(text) == 6 && text[1] == 'b');
	CHECK(sizeof(_T("x")) == 4 && wide[3] == 'e');
	CHECK(us.Length == 8 && us.MaximumLength == 10);
	CHECK(strstr(__FUNCSIG__, "strings") != NULL);
	CHECK(strcmp(__FUNCDNAME__, "strings") == 0);
	CHECK(strcmp(STRINGIFY(__debugbreak()), "DbgBreakPoint()") == 0);
	CHECK(TAG_TEST == 0x74736554);
}

int main(void)
{
	ULONG unused = 0;

	UNREFERENCED_PARAMETER(unused);
	g_PerThread = 1;
	CHECK(((ULONG_PTR)g_Aligned32 & 31) == 0 && g_PerThread == 1);
	CHECK(g_SelectAny == 7 && g_SelectAny2 == 8 && g_Allocated == 1);
	CHECK(StdcallFunction(1) == 2 && FastcallFunction(1) == 3 && CdeclFunction(1) == 4);
	CHECK(NoInline(2) == 4 && NoInline2(2) == 6 && PagedCode() == 5);
	CHECK(SafeBuffers() == 6 && GuardNoCf() == 7 && GuardNoCf2() == 8);
	CHECK(CLinkage() == 11 && CLinkage2() == 12);
	CHECK(StaticInline(1) == 11 && StaticForceInline(1) == 21 && ForceInline(1) == 31);
	CHECK(ForceInline2(1) == 41 && PlainInline(1) == 51);
	g_Tentative = 3;
	do {
		g_Tentative++;
	} while (0, 0);
	CHECK(g_Tentative == 4);
	guids();
	seh();
	intrinsics();
	strings();
	if (g_failures == 0)
		printf("constructs: ok\n");
	return g_failures != 0;
}
