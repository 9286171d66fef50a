/*
 * ndisdma WDK compatibility headers: calling conventions, SAL annotations,
 * driver-analysis annotations and MSVC-only keywords.
 *
 * Miniport source written for the Windows kernel is full of annotations that
 * only Microsoft's static analysers read.  On Linux they carry no meaning, so
 * every one of them expands to nothing (spec section 1).  This file is
 * included by ndisdma_wdk_types.h; drivers never include it directly.
 *
 * Clean-room: written from the public documentation of the annotation
 * language, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_SAL_H
#define NDISDMA_WDK_SAL_H

/* MSVC pragmas in driver sources (alloc_text, warning, ...) mean nothing to
 * gcc/clang, and four-character pool tags ('gaTx') are the WDK idiom for
 * NdisAllocateMemoryWithTagPriority; keep both from failing a -Wall -Werror
 * build.  (g++ before 13 cannot silence -Wunknown-pragmas this way.) */
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic ignored "-Wunknown-pragmas"
#pragma GCC diagnostic ignored "-Wmultichar"
#endif

/* ---- calling conventions and linkage keywords -------------------------- */
/* x64 has one native calling convention; these are source compatibility. */
#ifndef NTAPI
#define NTAPI
#endif
#ifndef __stdcall
#define __stdcall
#endif
#ifndef __cdecl
#define __cdecl
#endif
#ifndef __fastcall
#define __fastcall
#endif
#ifndef WINAPI
#define WINAPI
#endif
#ifndef NTKERNELAPI
#define NTKERNELAPI
#endif
#ifndef NTHALAPI
#define NTHALAPI
#endif
#ifndef NTSYSAPI
#define NTSYSAPI
#endif
#ifndef NDIS_API
#define NDIS_API
#endif
#ifndef EXPORT
#define EXPORT
#endif
#ifndef DECLSPEC_IMPORT
#define DECLSPEC_IMPORT
#endif
#ifndef DECLSPEC_EXPORT
#define DECLSPEC_EXPORT __attribute__((visibility("default")))
#endif
#ifndef DECLSPEC_NOINLINE
#define DECLSPEC_NOINLINE __attribute__((noinline))
#endif
#ifndef DECLSPEC_NORETURN
#define DECLSPEC_NORETURN __attribute__((noreturn))
#endif
#ifndef DECLSPEC_ALIGN
#define DECLSPEC_ALIGN(x) __attribute__((aligned(x)))
#endif
#ifndef DECLSPEC_CACHEALIGN
#define DECLSPEC_CACHEALIGN DECLSPEC_ALIGN(64)
#endif
#ifndef DECLSPEC_SELECTANY
#define DECLSPEC_SELECTANY __attribute__((weak))
#endif
/* MSVC __forceinline is implicitly inline with internal-or-COMDAT linkage;
 * "static inline" is the portable C11 equivalent. */
#ifndef FORCEINLINE
#define FORCEINLINE static inline __attribute__((always_inline))
#endif
#ifndef NTAPI_INLINE
#define NTAPI_INLINE
#endif

/* ---- parameter direction (pre-SAL style) ------------------------------- */
#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif
#ifndef OPTIONAL
#define OPTIONAL
#endif
#ifndef UNALIGNED
#define UNALIGNED
#endif
#ifndef CONST
#define CONST const
#endif

/* ---- SAL 2 -------------------------------------------------------------- */
#define _In_
#define _In_opt_
#define _In_z_
#define _In_opt_z_
#define _In_reads_(s)
#define _In_reads_opt_(s)
#define _In_reads_bytes_(s)
#define _In_reads_bytes_opt_(s)
#define _In_reads_z_(s)
#define _In_reads_or_z_(s)
#define _In_reads_to_ptr_(p)
#define _In_NLS_string_(s)
#define _In_range_(lo, hi)
#define _Out_
#define _Out_opt_
#define _Out_writes_(s)
#define _Out_writes_opt_(s)
#define _Out_writes_bytes_(s)
#define _Out_writes_bytes_opt_(s)
#define _Out_writes_bytes_to_(s, c)
#define _Out_writes_bytes_all_(s)
#define _Out_writes_bytes_all_opt_(s)
#define _Out_writes_all_(s)
#define _Out_writes_all_opt_(s)
#define _Out_writes_z_(s)
#define _Out_writes_bytes_to_opt_(s, c)
#define _Out_writes_to_opt_(s, c)
#define _Out_writes_to_(s, c)
#define _Out_range_(lo, hi)
#define _Inout_
#define _Inout_opt_
#define _Inout_z_
#define _Inout_updates_(s)
#define _Inout_updates_opt_(s)
#define _Inout_updates_bytes_(s)
#define _Inout_updates_bytes_opt_(s)
#define _Inout_updates_all_(s)
#define _Inout_updates_bytes_all_(s)
#define _Inout_updates_to_(s, c)
#define _Outptr_
#define _Outptr_opt_
#define _Outptr_result_maybenull_
#define _Outptr_opt_result_maybenull_
#define _Outptr_result_buffer_(s)
#define _Outptr_result_bytebuffer_(s)
#define _Outptr_result_nullonfailure_
#define _Deref_out_
#define _Deref_out_opt_
#define _Deref_out_range_(lo, hi)
#define _Ret_
#define _Ret_maybenull_
#define _Ret_notnull_
#define _Ret_range_(lo, hi)
#define _Ret_writes_bytes_maybenull_(s)
#define _Result_nullonfailure_
#define _Result_zeroonfailure_
#define _Must_inspect_result_
#define _Check_return_
#define _Success_(expr)
#define _Return_type_success_(expr)
#define _Null_terminated_
#define _NullNull_terminated_
#define _Printf_format_string_
#define _Field_size_(s)
#define _Field_size_opt_(s)
#define _Field_size_bytes_(s)
#define _Field_size_bytes_opt_(s)
#define _Field_size_part_(s, c)
#define _Field_size_bytes_part_(s, c)
#define _Field_range_(lo, hi)
#define _Field_z_
#define _Struct_size_bytes_(s)
#define _Post_writable_byte_size_(s)
#define _Post_writable_size_(s)
#define _Post_readable_byte_size_(s)
#define _Post_maybenull_
#define _Post_notnull_
#define _Post_invalid_
#define _Post_ptr_invalid_
#define _Post_satisfies_(e)
#define _Pre_satisfies_(e)
#define _Pre_notnull_
#define _Pre_maybenull_
#define _Pre_valid_
#define _Pre_writable_byte_size_(s)
#define _Pre_readable_byte_size_(s)
#define _Notnull_
#define _Maybenull_
#define _Valid_
#define _Frees_ptr_
#define _Frees_ptr_opt_
#define _Reserved_
#define _Const_
#define _Unchanged_(e)
#define _Writable_bytes_(s)
#define _Readable_bytes_(s)
#define _Literal_
#define _Points_to_data_
#define _At_(target, annos)
#define _At_buffer_(t, i, b, a)
#define _When_(expr, annos)
#define _Use_decl_annotations_
#define _Analysis_assume_(expr)
#define _Analysis_assume_lock_held_(lock)
#define _Analysis_assume_lock_not_held_(lock)
#define _Analysis_noreturn_
#define _Analysis_mode_(mode)
#define _Function_class_(name)
#define _Dispatch_type_(type)
#define _Interlocked_
#define _Interlocked_operand_
#define _Guarded_by_(lock)
#define _Write_guarded_by_(lock)
#define _Has_lock_kind_(kind)
#define _Requires_lock_held_(lock)
#define _Requires_lock_not_held_(lock)
#define _Requires_exclusive_lock_held_(lock)
#define _Requires_shared_lock_held_(lock)
#define _Requires_no_locks_held_
#define _Acquires_lock_(lock)
#define _Acquires_exclusive_lock_(lock)
#define _Acquires_shared_lock_(lock)
#define _Releases_lock_(lock)
#define _Releases_exclusive_lock_(lock)
#define _Releases_shared_lock_(lock)
#define _Create_lock_level_(level)
#define _Lock_level_order_(a, b)
#define _Kernel_float_saved_
#define _Kernel_float_restored_
#define _Kernel_float_used_
#define _Kernel_requires_resource_held_(r)
#define _Kernel_requires_resource_not_held_(r)
#define _Kernel_acquires_resource_(r)
#define _Kernel_releases_resource_(r)
#define _Kernel_clear_do_init_(yes)
#define _Kernel_IoGetDmaAdapter_
#define _IRQL_requires_(irql)
#define _IRQL_requires_max_(irql)
#define _IRQL_requires_min_(irql)
#define _IRQL_requires_same_
#define _IRQL_raises_(irql)
#define _IRQL_saves_
#define _IRQL_restores_
#define _IRQL_saves_global_(kind, param)
#define _IRQL_restores_global_(kind, param)
#define _IRQL_always_function_max_(irql)
#define _IRQL_always_function_min_(irql)
#define _IRQL_uses_cancel_
#define _IRQL_is_cancel_
#define _IRQL_limited_to_(irql)
#define _Inexpressible_(x)
#define __analysis_assume(expr)

/* ---- legacy driver annotations (__drv_*) -------------------------------- */
#define __drv_aliasesMem
#define __drv_allocatesMem(kind)
#define __drv_freesMem(kind)
#define __drv_arg(expr, annos)
#define __drv_at(expr, annos)
#define __drv_when(cond, annos)
#define __drv_functionClass(name)
#define __drv_dispatchType(type)
#define __drv_maxIRQL(irql)
#define __drv_minIRQL(irql)
#define __drv_requiresIRQL(irql)
#define __drv_setsIRQL(irql)
#define __drv_raisesIRQL(irql)
#define __drv_savesIRQL
#define __drv_restoresIRQL
#define __drv_savesIRQLGlobal(kind, param)
#define __drv_restoresIRQLGlobal(kind, param)
#define __drv_sameIRQL
#define __drv_useCancelIRQL
#define __drv_isCancelIRQL
#define __drv_maxFunctionIRQL(irql)
#define __drv_minFunctionIRQL(irql)
#define __drv_acquiresResource(kind)
#define __drv_releasesResource(kind)
#define __drv_mustHold(kind)
#define __drv_neverHold(kind)
#define __drv_inTry
#define __drv_notInTry
#define __drv_preferredFunction(func, why)
#define __drv_reportError(why)
#define __drv_strictType(type, mode)
#define __drv_strictTypeMatch(mode)
#define __drv_clearDoInit(yesno)
#define __drv_floatSaved
#define __drv_floatRestored
#define __drv_floatUsed
#define __drv_formatString(kind)
#define __drv_in(annos)
#define __drv_out(annos)
#define __drv_valueIs(list)
#define __drv_constant
#define __drv_nonConstant
#define __drv_interlocked
#define __drv_Mode_impl(x)

/* ---- SAL 1 (C only: libstdc++ uses these names as identifiers) ---------- */
#ifndef __cplusplus
#define __in
#define __in_opt
#define __in_bcount(s)
#define __in_bcount_opt(s)
#define __in_ecount(s)
#define __out
#define __out_opt
#define __out_bcount(s)
#define __out_bcount_opt(s)
#define __out_ecount(s)
#define __inout
#define __inout_opt
#define __inout_bcount(s)
#define __deref_out
#define __deref_out_opt
#define __checkReturn
#define __success(expr)
#define __range(lo, hi)
#define __field_bcount(s)
#define __field_ecount(s)
#endif

/* ---- code-placement pragmas and paging checks --------------------------- */
/* Used only inside "#pragma alloc_text(...)", which gcc ignores. */
#define NDIS_INIT_FUNCTION(f)     alloc_text(INIT, f)
#define NDIS_PAGEABLE_FUNCTION(f) alloc_text(PAGE, f)
#define PAGED_CODE()        ((void)0)
#define PAGED_CODE_LOCKED() ((void)0)
#define INIT_CODE()         ((void)0)

#endif /* NDISDMA_WDK_SAL_H */
