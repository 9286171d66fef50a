/*
 * ndisdma: <intrin.h> for drivers built on Linux: the compiler's own x86
 * intrinsic headers (SSE, AVX, ...) and the MSVC intrinsics every WDK
 * header already has (ndisdma_wdk_intrin.h).  The Windows name for them.
 */
#ifndef NDISDMA_WDK_INTRIN_TOP_H
#define NDISDMA_WDK_INTRIN_TOP_H
#if defined(__x86_64__)
/* Included before ndisdma's macros are defined when it comes first; after
 * <ndis.h> the parts it shares (__rdtsc, _mm_pause) are already in. */
#include <x86intrin.h>
#elif defined(__aarch64__)
#include <arm_acle.h>
#endif
#include "ndisdma_wdk_msvc.h"
#endif
