/*
 * ndisdma WDK compatibility headers: SAL annotations and driver-analysis
 * annotations.
 *
 * Miniport source written for the Windows kernel is full of annotations that
 * only Microsoft's static analysers read.  On Linux they carry no meaning, so
 * every one of them expands to nothing (spec section 1).  This file is
 * included by ndisdma_wdk_types.h and by sal.h, specstrings.h and
 * driverspecs.h (the WDK's names for it); it includes ndisdma_wdk_msvc.h,
 * the MSVC keywords, so every WDK header has both.
 *
 * Clean-room: written from the public documentation of the annotation
 * language, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_SAL_H
#define NDISDMA_WDK_SAL_H

#include "ndisdma_wdk_msvc.h"

/* MSVC pragmas in driver sources (alloc_text, warning, ...) mean nothing to
 * gcc/clang, four-character pool tags ('gaTx') are the WDK idiom for
 * NdisAllocateMemoryWithTagPriority, and a tagged anonymous member
 * (-fms-extensions) is the WDK's way of embedding a header structure; keep
 * them from failing a -Wall -Werror build.  (g++ before 13 cannot silence
 * -Wunknown-pragmas this way: pkg-config --cflags ndisdma carries the flag.) */
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic ignored "-Wunknown-pragmas"
#pragma GCC diagnostic ignored "-Wmultichar"
#endif
#if defined(__clang__)
#pragma clang diagnostic ignored "-Wmicrosoft-anon-tag"
/* <pshpack1.h> ... <poppack.h> change the packing in an included file on
 * purpose (the WDK's idiom). */
#pragma clang diagnostic ignored "-Wpragma-pack"
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
#ifndef CONST
#define CONST const
#endif

/* ---- SAL 2 -------------------------------------------------------------- */
#define _In_
#define _In_opt_
#define _In_z_
#define _In_opt_z_
#define _In_reads_(...)
#define _In_reads_opt_(...)
#define _In_reads_bytes_(...)
#define _In_reads_bytes_opt_(...)
#define _In_reads_z_(...)
#define _In_reads_or_z_(...)
#define _In_reads_to_ptr_(...)
#define _In_NLS_string_(...)
#define _In_range_(...)
#define _Out_
#define _Out_opt_
#define _Out_writes_(...)
#define _Out_writes_opt_(...)
#define _Out_writes_bytes_(...)
#define _Out_writes_bytes_opt_(...)
#define _Out_writes_bytes_to_(...)
#define _Out_writes_bytes_all_(...)
#define _Out_writes_bytes_all_opt_(...)
#define _Out_writes_all_(...)
#define _Out_writes_all_opt_(...)
#define _Out_writes_z_(...)
#define _Out_writes_bytes_to_opt_(...)
#define _Out_writes_to_opt_(...)
#define _Out_writes_to_(...)
#define _Out_range_(...)
#define _Inout_
#define _Inout_opt_
#define _Inout_z_
#define _Inout_updates_(...)
#define _Inout_updates_opt_(...)
#define _Inout_updates_bytes_(...)
#define _Inout_updates_bytes_opt_(...)
#define _Inout_updates_all_(...)
#define _Inout_updates_bytes_all_(...)
#define _Inout_updates_to_(...)
#define _Outptr_
#define _Outptr_opt_
#define _Outptr_result_maybenull_
#define _Outptr_opt_result_maybenull_
#define _Outptr_result_buffer_(...)
#define _Outptr_result_bytebuffer_(...)
#define _Outptr_result_nullonfailure_
#define _Deref_out_
#define _Deref_out_opt_
#define _Deref_out_range_(...)
#define _Ret_
#define _Ret_maybenull_
#define _Ret_notnull_
#define _Ret_range_(...)
#define _Ret_writes_bytes_maybenull_(...)
#define _Result_nullonfailure_
#define _Result_zeroonfailure_
#define _Must_inspect_result_
#define _Check_return_
#define _Success_(...)
#define _Return_type_success_(...)
#define _Null_terminated_
#define _NullNull_terminated_
#define _Printf_format_string_
#define _Field_size_(...)
#define _Field_size_opt_(...)
#define _Field_size_bytes_(...)
#define _Field_size_bytes_opt_(...)
#define _Field_size_part_(...)
#define _Field_size_bytes_part_(...)
#define _Field_range_(...)
#define _Field_z_
#define _Struct_size_bytes_(...)
#define _Post_writable_byte_size_(...)
#define _Post_writable_size_(...)
#define _Post_readable_byte_size_(...)
#define _Post_maybenull_
#define _Post_notnull_
#define _Post_invalid_
#define _Post_ptr_invalid_
#define _Post_satisfies_(...)
#define _Pre_satisfies_(...)
#define _Pre_notnull_
#define _Pre_maybenull_
#define _Pre_valid_
#define _Pre_writable_byte_size_(...)
#define _Pre_readable_byte_size_(...)
#define _Notnull_
#define _Maybenull_
#define _Valid_
#define _Frees_ptr_
#define _Frees_ptr_opt_
#define _Reserved_
#define _Const_
#define _Unchanged_(...)
#define _Writable_bytes_(...)
#define _Readable_bytes_(...)
#define _Literal_
#define _Points_to_data_
#define _At_(...)
#define _At_buffer_(...)
#define _When_(...)
#define _Use_decl_annotations_
#define _Analysis_assume_(...)
#define _Analysis_assume_lock_held_(...)
#define _Analysis_assume_lock_not_held_(...)
#define _Analysis_noreturn_
#define _Analysis_mode_(...)
#define _Function_class_(...)
#define _Dispatch_type_(...)
#define _Interlocked_
#define _Interlocked_operand_
#define _Guarded_by_(...)
#define _Write_guarded_by_(...)
#define _Has_lock_kind_(...)
#define _Requires_lock_held_(...)
#define _Requires_lock_not_held_(...)
#define _Requires_exclusive_lock_held_(...)
#define _Requires_shared_lock_held_(...)
#define _Requires_no_locks_held_
#define _Acquires_lock_(...)
#define _Acquires_exclusive_lock_(...)
#define _Acquires_shared_lock_(...)
#define _Releases_lock_(...)
#define _Releases_exclusive_lock_(...)
#define _Releases_shared_lock_(...)
#define _Create_lock_level_(...)
#define _Lock_level_order_(...)
#define _Kernel_float_saved_
#define _Kernel_float_restored_
#define _Kernel_float_used_
#define _Kernel_requires_resource_held_(...)
#define _Kernel_requires_resource_not_held_(...)
#define _Kernel_acquires_resource_(...)
#define _Kernel_releases_resource_(...)
#define _Kernel_clear_do_init_(...)
#define _Kernel_IoGetDmaAdapter_
#define _IRQL_requires_(...)
#define _IRQL_requires_max_(...)
#define _IRQL_requires_min_(...)
#define _IRQL_requires_same_
#define _IRQL_raises_(...)
#define _IRQL_saves_
#define _IRQL_restores_
#define _IRQL_saves_global_(...)
#define _IRQL_restores_global_(...)
#define _IRQL_always_function_max_(...)
#define _IRQL_always_function_min_(...)
#define _IRQL_uses_cancel_
#define _IRQL_is_cancel_
#define _IRQL_limited_to_(...)
#define _Inexpressible_(...)
#define __analysis_assume(...)

/* ---- more SAL 2 (wpp-and-msvc-facts.md 3.4) ---------------------------- */
#define _COM_Outptr_
#define _Outref_
#define _Curr_
#define _Old_(...)
#define _Pre_
#define _Post_
#define _Pre_equal_to_(...)
#define _Post_equal_to_(...)
#define _Pre_z_
#define _Post_z_
#define _On_failure_(...)
#define _Always_(...)
#define _Deref_in_range_(...)
#define _Deref_pre_z_
#define _Deref_post_z_
#define _Deref_opt_out_
#define _Deref_post_opt_valid_
#define _Enum_is_bitflag_
#define _Notliteral_
#define _Strict_type_match_
#define _Ret_writes_(...)
#define _Ret_writes_bytes_(...)
#define _Ret_writes_maybenull_(...)
#define _Ret_writes_bytes_to_(...)
#define _Ret_z_
#define _Ret_maybenull_z_
#define _Ret_notnull_z_
#define _Ret_opt_z_
#define _Scanf_format_string_
#define _Printf_format_string_params_(...)
#define _In_defensive_(...)
#define _Pre_defensive_
#define _Post_defensive_
#define _In_opt_z_bytecount_(...)
#define _In_z_bytecount_(...)
#define _In_reads_bytes_to_ptr_(...)
#define _Inout_opt_z_
#define _Inout_updates_z_(...)
#define _Inout_updates_bytes_to_(...)
#define _Inout_updates_bytes_all_opt_(...)
#define _Inout_updates_all_opt_(...)
#define _Out_z_
#define _Out_opt_z_
#define _Out_writes_z_opt_(...)
#define _Out_writes_to_ptr_(...)
#define _Out_writes_bytes_to_ptr_(...)
#define _Outptr_opt_result_buffer_(...)
#define _Outptr_opt_result_bytebuffer_(...)
#define _Outptr_result_bytebuffer_maybenull_(...)
#define _Outptr_result_buffer_maybenull_(...)
#define _Outptr_result_maybenull_z_
#define _Outptr_result_z_
#define _Outptr_opt_result_z_
#define _Outptr_result_bytebuffer_to_(...)
#define _Outptr_result_buffer_to_(...)
#define _Field_size_full_(...)
#define _Field_size_full_opt_(...)
#define _Field_size_bytes_full_(...)
#define _Field_size_bytes_full_opt_(...)
#define _Field_size_part_opt_(...)
#define _Field_size_bytes_part_opt_(...)
#define _Field_z_opt_
#define _Benign_race_begin_
#define _Benign_race_end_
#define _No_competing_thread_
#define _No_competing_thread_begin_
#define _No_competing_thread_end_
#define _Acquires_nonreentrant_lock_(...)
#define _Releases_nonreentrant_lock_(...)
#define _Post_same_lock_(...)
#define _Requires_lock_not_held_all_
#define _Kernel_entry_(...)
#define _Kernel_enum_type_
#define _Flt_CompletionContext_Outptr_
#define _IRQL_lowers_
#define _Outptr_result_nullonfailure_opt_
#define _Must_inspect_impl_
#define _Check_return_opt_
#define _Check_return_wat_
#define _Pre_notnull_z_
#define _Pre_opt_valid_
#define _Post_valid_
#define _Post_ptr_invalid_opt_
#define _Null_terminated_opt_
#define _In_reads_bytes_opt_z_(...)

/* ---- legacy driver annotations (__drv_*) -------------------------------- */
#define __drv_aliasesMem
#define __drv_allocatesMem(...)
#define __drv_freesMem(...)
#define __drv_arg(...)
#define __drv_at(...)
#define __drv_when(...)
#define __drv_functionClass(...)
#define __drv_dispatchType(...)
#define __drv_maxIRQL(...)
#define __drv_minIRQL(...)
#define __drv_requiresIRQL(...)
#define __drv_setsIRQL(...)
#define __drv_raisesIRQL(...)
#define __drv_savesIRQL
#define __drv_restoresIRQL
#define __drv_savesIRQLGlobal(...)
#define __drv_restoresIRQLGlobal(...)
#define __drv_sameIRQL
#define __drv_useCancelIRQL
#define __drv_isCancelIRQL
#define __drv_maxFunctionIRQL(...)
#define __drv_minFunctionIRQL(...)
#define __drv_acquiresResource(...)
#define __drv_releasesResource(...)
#define __drv_mustHold(...)
#define __drv_neverHold(...)
#define __drv_inTry
#define __drv_notInTry
#define __drv_preferredFunction(...)
#define __drv_reportError(...)
#define __drv_strictType(...)
#define __drv_strictTypeMatch(...)
#define __drv_clearDoInit(...)
#define __drv_floatSaved
#define __drv_floatRestored
#define __drv_floatUsed
#define __drv_formatString(...)
#define __drv_in(...)
#define __drv_out(...)
#define __drv_valueIs(...)
#define __drv_constant
#define __drv_nonConstant
#define __drv_interlocked
#define __drv_Mode_impl(...)
#define __drv_typeExpr
#define __drv_allocatesMem_opt(...)

/* ---- SAL 1 (C only: libstdc++ uses these names as identifiers) ---------- */
#ifndef __cplusplus
#define __in
#define __in_opt
#define __in_bcount(...)
#define __in_bcount_opt(...)
#define __in_ecount(...)
#define __out
#define __out_opt
#define __out_bcount(...)
#define __out_bcount_opt(...)
#define __out_ecount(...)
#define __inout
#define __inout_opt
#define __inout_bcount(...)
#define __deref_out
#define __deref_out_opt
#define __checkReturn
#define __success(...)
#define __range(...)
#define __field_bcount(...)
#define __field_ecount(...)
#define __bcount(...)
#define __ecount(...)
#define __deref_ecount(...)
#define __reserved
#define __in_ecount_opt(...)
#define __out_ecount_opt(...)
#define __inout_ecount(...)
#define __inout_bcount_opt(...)
#define __deref_opt_out
#define __out_ecount_part(...)
#define __out_bcount_part(...)
#define __typefix(...)
#define __nullterminated
#define __in_z
#define __in_opt_z
#endif

/* ---- code-placement pragmas and paging checks --------------------------- */
/* Used only inside "#pragma alloc_text(...)", which gcc ignores. */
#define NDIS_INIT_FUNCTION(f)     alloc_text(INIT, f)
#define NDIS_PAGEABLE_FUNCTION(f) alloc_text(PAGE, f)
#define PAGED_CODE()        ((void)0)
#define PAGED_CODE_LOCKED() ((void)0)
#define INIT_CODE()         ((void)0)

#endif /* NDISDMA_WDK_SAL_H */
