/*
 * ndisdma WDK compatibility headers: MSVC intrinsics a driver calls without
 * an include (bit scans, byte swaps, rotates, population counts, return
 * addresses, __assume, __noop, CPUID, pause).  The Interlocked* family and
 * the memory barriers are ndisdma_wdk_interlocked.h's.
 *
 * Included by ndisdma_wdk_msvc.h; drivers never include it directly.
 * Every intrinsic is a macro over a GCC/clang builtin: clang's
 * -fms-extensions predefines many of these names as builtins with LP64
 * prototypes, and a macro replaces them without a clash.  Each argument is
 * evaluated exactly once (statement expressions), as with a function.
 * MSVC's "unsigned long" is 32 bits (LLP64): these take and return
 * unsigned int for it, like ULONG.
 *
 * Clean-room: written from Microsoft's public intrinsic documentation
 * (learn.microsoft.com /cpp/intrinsics) and the facts file section 3.2.
 */
#ifndef NDISDMA_WDK_INTRIN_H
#define NDISDMA_WDK_INTRIN_H

/* ---- bit scans: 1 and *Index = the bit when Mask != 0, else 0 and *Index
 * unchanged (MSVC leaves it undefined) ------------------------------------ */
#undef _BitScanForward
#undef _BitScanReverse
#undef _BitScanForward64
#undef _BitScanReverse64
#define _BitScanForward(Index, Mask) __extension__ ({ \
	unsigned int __ndisdma_m = (unsigned int)(Mask); \
	__ndisdma_m != 0 ? (*(Index) = (unsigned int)__builtin_ctz(__ndisdma_m), (unsigned char)1) \
			 : (unsigned char)0; })
#define _BitScanReverse(Index, Mask) __extension__ ({ \
	unsigned int __ndisdma_m = (unsigned int)(Mask); \
	__ndisdma_m != 0 ? (*(Index) = 31u - (unsigned int)__builtin_clz(__ndisdma_m), (unsigned char)1) \
			 : (unsigned char)0; })
#define _BitScanForward64(Index, Mask) __extension__ ({ \
	unsigned long long __ndisdma_m = (unsigned long long)(Mask); \
	__ndisdma_m != 0 ? (*(Index) = (unsigned int)__builtin_ctzll(__ndisdma_m), (unsigned char)1) \
			 : (unsigned char)0; })
#define _BitScanReverse64(Index, Mask) __extension__ ({ \
	unsigned long long __ndisdma_m = (unsigned long long)(Mask); \
	__ndisdma_m != 0 ? (*(Index) = 63u - (unsigned int)__builtin_clzll(__ndisdma_m), (unsigned char)1) \
			 : (unsigned char)0; })

/* ---- byte swaps (0x12345678 -> 0x78563412) ---------------------------------- */
#undef _byteswap_ushort
#undef _byteswap_ulong
#undef _byteswap_uint64
#define _byteswap_ushort(v) ((unsigned short)__builtin_bswap16((unsigned short)(v)))
#define _byteswap_ulong(v)  ((unsigned int)__builtin_bswap32((unsigned int)(v)))
#define _byteswap_uint64(v) ((unsigned long long)__builtin_bswap64((unsigned long long)(v)))

/* ---- rotates: the count is taken modulo the width ---------------------------- */
#define __NDISDMA_ROTL(type, bits, v, s) __extension__ ({ \
	type __ndisdma_v = (type)(v); \
	unsigned int __ndisdma_s = (unsigned int)(s) & ((bits) - 1); \
	(type)(__ndisdma_s ? (type)((__ndisdma_v << __ndisdma_s) | \
				    (__ndisdma_v >> ((bits) - __ndisdma_s))) : __ndisdma_v); })
#define __NDISDMA_ROTR(type, bits, v, s) __extension__ ({ \
	type __ndisdma_v = (type)(v); \
	unsigned int __ndisdma_s = (unsigned int)(s) & ((bits) - 1); \
	(type)(__ndisdma_s ? (type)((__ndisdma_v >> __ndisdma_s) | \
				    (__ndisdma_v << ((bits) - __ndisdma_s))) : __ndisdma_v); })
#undef _rotl
#undef _rotr
#undef _lrotl
#undef _lrotr
#undef _rotl64
#undef _rotr64
#undef _rotl8
#undef _rotr8
#undef _rotl16
#undef _rotr16
#define _rotl(v, s)   __NDISDMA_ROTL(unsigned int, 32, v, s)
#define _rotr(v, s)   __NDISDMA_ROTR(unsigned int, 32, v, s)
#define _lrotl(v, s)  __NDISDMA_ROTL(unsigned int, 32, v, s)
#define _lrotr(v, s)  __NDISDMA_ROTR(unsigned int, 32, v, s)
#define _rotl64(v, s) __NDISDMA_ROTL(unsigned long long, 64, v, s)
#define _rotr64(v, s) __NDISDMA_ROTR(unsigned long long, 64, v, s)
#define _rotl8(v, s)  __NDISDMA_ROTL(unsigned char, 8, v, s)
#define _rotr8(v, s)  __NDISDMA_ROTR(unsigned char, 8, v, s)
#define _rotl16(v, s) __NDISDMA_ROTL(unsigned short, 16, v, s)
#define _rotr16(v, s) __NDISDMA_ROTR(unsigned short, 16, v, s)

/* ---- population and leading-zero counts (lzcnt of 0 is the width) ---------- */
#undef __popcnt16
#undef __popcnt
#undef __popcnt64
#undef __lzcnt16
#undef __lzcnt
#undef __lzcnt64
#define __popcnt16(v) ((unsigned short)__builtin_popcount((unsigned short)(v)))
#define __popcnt(v)   ((unsigned int)__builtin_popcount((unsigned int)(v)))
#define __popcnt64(v) ((unsigned long long)__builtin_popcountll((unsigned long long)(v)))
#define __lzcnt16(v) __extension__ ({ unsigned short __ndisdma_v = (unsigned short)(v); \
	(unsigned short)(__ndisdma_v ? __builtin_clz(__ndisdma_v) - 16 : 16); })
#define __lzcnt(v) __extension__ ({ unsigned int __ndisdma_v = (unsigned int)(v); \
	(unsigned int)(__ndisdma_v ? __builtin_clz(__ndisdma_v) : 32); })
#define __lzcnt64(v) __extension__ ({ unsigned long long __ndisdma_v = (unsigned long long)(v); \
	(unsigned long long)(__ndisdma_v ? __builtin_clzll(__ndisdma_v) : 64); })

/* ---- return addresses --------------------------------------------------------- */
#undef _ReturnAddress
#undef _AddressOfReturnAddress
#define _ReturnAddress() __builtin_return_address(0)
/* The slot the return address is in: just above the frame pointer that
 * __builtin_frame_address makes the function keep (x86-64 and AArch64). */
#define _AddressOfReturnAddress() \
	((void *)((char *)__builtin_frame_address(0) + sizeof(void *)))

/* ---- compiler hints ------------------------------------------------------------
 * __assume(e) generates no code and never evaluates e (Microsoft's
 * documentation); __assume(0) marks an unreachable point. */
#undef __assume
#if defined(__clang__)
#define __assume(e) __builtin_assume(e)
#else
#define __assume(e) \
	((__builtin_constant_p(e) && !(e)) ? __builtin_unreachable() : (void)0)
#endif
/* Arguments not evaluated (Microsoft: "the compiler evaluates nothing"). */
#undef __noop
#undef __annotation
#define __noop(...)       ((void)0)
#define __annotation(...) ((void)0)

/* ---- processor ------------------------------------------------------------------
 * __debugbreak is the kernel's breakpoint: DbgBreakPoint (debug output
 * family), which reports and continues in ndisdma.  __halt waits for the
 * next interrupt; in a user-space host one is always due (the simulated
 * clock), so it is one pause.  __nop is a NOP instruction. */
#undef __debugbreak
#define __debugbreak() DbgBreakPoint()
#undef __nop
#define __nop() __asm__ __volatile__("nop")
#if defined(__x86_64__)
#ifndef YieldProcessor
#define YieldProcessor() __builtin_ia32_pause()
#endif
#undef __halt
#define __halt() __builtin_ia32_pause()
/* MSVC's __cpuid(int[4], leaf) and __cpuidex(int[4], leaf, subleaf).
 * The compiler's <cpuid.h> (a five-argument __cpuid) was included first by
 * ndisdma_wdk_msvc.h, so these replace it for the rest of the file. */
#undef __cpuid
#undef __cpuidex
#define __cpuidex(CpuInfo, Leaf, SubLeaf) do { \
	int *__ndisdma_ci = (int *)(CpuInfo); \
	unsigned int __ndisdma_a, __ndisdma_b, __ndisdma_c, __ndisdma_d; \
	__asm__ __volatile__("cpuid" \
		: "=a"(__ndisdma_a), "=b"(__ndisdma_b), "=c"(__ndisdma_c), "=d"(__ndisdma_d) \
		: "a"((unsigned int)(Leaf)), "c"((unsigned int)(SubLeaf))); \
	__ndisdma_ci[0] = (int)__ndisdma_a; __ndisdma_ci[1] = (int)__ndisdma_b; \
	__ndisdma_ci[2] = (int)__ndisdma_c; __ndisdma_ci[3] = (int)__ndisdma_d; \
} while (0)
#define __cpuid(CpuInfo, Leaf) __cpuidex(CpuInfo, Leaf, 0)
#elif defined(__aarch64__)
#ifndef YieldProcessor
#define YieldProcessor() __asm__ __volatile__("yield")
#endif
#undef __halt
#define __halt() __asm__ __volatile__("yield")
#endif

#endif /* NDISDMA_WDK_INTRIN_H */
