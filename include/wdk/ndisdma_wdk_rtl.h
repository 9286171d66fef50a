/*
 * ndisdma WDK compatibility headers: run-time library (Rtl): counted
 * strings, integer conversion, bitmaps, byte swapping, memory comparison
 * (facts §4.2; lists and the memory macros are in ndisdma_wdk_types.h,
 * safe strings in ntstrsafe.h, safe integers in ntintsafe.h).
 *
 * Lengths of counted strings are in bytes.  ndisdma's "ANSI" code page is
 * UTF-8: the ANSI <-> Unicode conversions are UTF-8 <-> UTF-16, exact for
 * every string (docs/debug.md, "Character sets").
 *
 * Included at the end of wdm.h; drivers never include it directly.
 * Clean-room: written from the spec, the facts files and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_RTL_H
#define NDISDMA_WDK_RTL_H

#include "wdm.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef const ANSI_STRING *PCANSI_STRING;
typedef const STRING *PCSTRING;

/* The longest counted strings: a UNICODE_STRING holds at most 32767
 * characters (MaximumLength 65534 bytes). */
#define UNICODE_STRING_MAX_BYTES ((USHORT)65534)
#define UNICODE_STRING_MAX_CHARS (32767)

/* ---- counted strings ----------------------------------------------------- */
/* Stores the pointer; Length = bytes before the NUL, MaximumLength = Length
 * + the terminator.  NULL gives 0/0/NULL.  An overlong source is clamped to
 * Length 65532 / MaximumLength 65534 (UNICODE) or 65534 / 65535 (ANSI). */
VOID RtlInitUnicodeString(_Out_ PUNICODE_STRING DestinationString, _In_opt_ PCWSTR SourceString);
VOID RtlInitAnsiString(_Out_ PANSI_STRING DestinationString, _In_opt_ PCSZ SourceString);
VOID RtlInitString(_Out_ PSTRING DestinationString, _In_opt_ PCSZ SourceString);

/* Copies min(Source->Length, Destination->MaximumLength) bytes and sets
 * Destination->Length (NUL-terminated when there is room); NULL Source:
 * Length 0.  MaximumLength and Buffer are unchanged. */
VOID RtlCopyUnicodeString(_Inout_ PUNICODE_STRING DestinationString,
                          _In_opt_ PCUNICODE_STRING SourceString);

/* PASSIVE_LEVEL.  Skips leading white space, takes an optional + or -;
 * Base 0 reads a 0x (16), 0o (8) or 0b (2) prefix, else decimal; Base 2,
 * 8, 10 and 16 take no prefix.  Parsing stops at the first character that
 * is not a digit of the base and what was read is the value (nothing read:
 * 0, STATUS_SUCCESS, as documented); it wraps modulo 2^32.  Another Base:
 * STATUS_INVALID_PARAMETER. */
NTSTATUS RtlUnicodeStringToInteger(_In_ PCUNICODE_STRING String, _In_opt_ ULONG Base,
                                   _Out_ PULONG Value);
/* PASSIVE_LEVEL.  Base 0 (= 10), 2, 8, 10 or 16 (upper-case digits), else
 * STATUS_INVALID_PARAMETER; the digits and a NUL must fit MaximumLength,
 * else STATUS_BUFFER_OVERFLOW and the string is unchanged. */
NTSTATUS RtlIntegerToUnicodeString(_In_ ULONG Value, _In_opt_ ULONG Base,
                                   _Inout_ PUNICODE_STRING String);

/* Case-insensitive comparisons compare upper-cased characters
 * (RtlUpcaseUnicodeChar: ASCII, Latin-1, Latin Extended-A, Greek and
 * Cyrillic letters). */
WCHAR RtlUpcaseUnicodeChar(_In_ WCHAR SourceCharacter);
BOOLEAN RtlEqualUnicodeString(_In_ PCUNICODE_STRING String1, _In_ PCUNICODE_STRING String2,
                              _In_ BOOLEAN CaseInSensitive);
/* < 0, 0, > 0: the first differing character decides, then the length. */
LONG RtlCompareUnicodeString(_In_ PCUNICODE_STRING String1, _In_ PCUNICODE_STRING String2,
                             _In_ BOOLEAN CaseInSensitive);

/* STATUS_BUFFER_TOO_SMALL and Destination unchanged when the result would
 * not fit MaximumLength; NUL-terminated when there is room. */
NTSTATUS RtlAppendUnicodeToString(_Inout_ PUNICODE_STRING Destination, _In_opt_ PCWSTR Source);
NTSTATUS RtlAppendUnicodeStringToString(_Inout_ PUNICODE_STRING Destination,
                                        _In_ PCUNICODE_STRING Source);

/* UTF-8 -> UTF-16.  AllocateDestinationString TRUE: a new NUL-terminated
 * buffer, freed with RtlFreeUnicodeString (STATUS_NO_MEMORY if it cannot
 * be had).  FALSE: into DestinationString's buffer, STATUS_BUFFER_OVERFLOW
 * if it does not fit.  A result over 65534 bytes: STATUS_INVALID_PARAMETER_2. */
NTSTATUS RtlAnsiStringToUnicodeString(_Inout_ PUNICODE_STRING DestinationString,
                                      _In_ PCANSI_STRING SourceString,
                                      _In_ BOOLEAN AllocateDestinationString);
VOID RtlFreeUnicodeString(_Inout_ PUNICODE_STRING UnicodeString);
/* UTF-16 -> UTF-8, the same rules (a result over 65535 bytes:
 * STATUS_INVALID_PARAMETER_2); RtlFreeAnsiString frees an allocated one. */
NTSTATUS RtlUnicodeStringToAnsiString(_Inout_ PANSI_STRING DestinationString,
                                      _In_ PCUNICODE_STRING SourceString,
                                      _In_ BOOLEAN AllocateDestinationString);
VOID RtlFreeAnsiString(_Inout_ PANSI_STRING AnsiString);

/* ---- memory ------------------------------------------------------------------ */
/* The number of leading bytes that are equal (Length if all): not memcmp. */
SIZE_T RtlCompareMemory(_In_ const VOID *Source1, _In_ const VOID *Source2, _In_ SIZE_T Length);

/* ---- bitmaps ------------------------------------------------------------------ */
/* Bit i is bit (i % 32) of Buffer[i / 32]; the caller synchronizes. */
typedef struct _RTL_BITMAP {
    ULONG  SizeOfBitMap;   /* bits */
    PULONG Buffer;         /* ULONG-aligned, a multiple of 4 bytes */
} RTL_BITMAP, *PRTL_BITMAP;

NDISDMA_WDK_STATIC_ASSERT(sizeof(RTL_BITMAP) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(RTL_BITMAP, Buffer) == 8);

/* Does not clear the bits. */
VOID RtlInitializeBitMap(_Out_ PRTL_BITMAP BitMapHeader, _In_opt_ PULONG BitMapBuffer,
                         _In_ ULONG SizeOfBitMap);
VOID RtlClearAllBits(_In_ PRTL_BITMAP BitMapHeader);
VOID RtlSetAllBits(_In_ PRTL_BITMAP BitMapHeader);
/* A bit or range outside SizeOfBitMap is an RTL-ARGUMENT report and
 * touches nothing outside the bitmap (such a bit reads as clear). */
VOID RtlClearBit(_In_ PRTL_BITMAP BitMapHeader, _In_ ULONG BitNumber);
VOID RtlSetBit(_In_ PRTL_BITMAP BitMapHeader, _In_ ULONG BitNumber);
BOOLEAN RtlTestBit(_In_ PRTL_BITMAP BitMapHeader, _In_ ULONG BitNumber);
VOID RtlClearBits(_In_ PRTL_BITMAP BitMapHeader, _In_ ULONG StartingIndex,
                  _In_ ULONG NumberToClear);
VOID RtlSetBits(_In_ PRTL_BITMAP BitMapHeader, _In_ ULONG StartingIndex, _In_ ULONG NumberToSet);
BOOLEAN RtlAreBitsClear(_In_ PRTL_BITMAP BitMapHeader, _In_ ULONG StartingIndex, _In_ ULONG Length);
BOOLEAN RtlAreBitsSet(_In_ PRTL_BITMAP BitMapHeader, _In_ ULONG StartingIndex, _In_ ULONG Length);
ULONG RtlNumberOfSetBits(_In_ PRTL_BITMAP BitMapHeader);
ULONG RtlNumberOfClearBits(_In_ PRTL_BITMAP BitMapHeader);
/* Population count of a pointer-sized value. */
ULONG RtlNumberOfSetBitsUlongPtr(_In_ ULONG_PTR Target);
/* The length of the first (lowest) run of clear bits and its start in
 * *StartingIndex; 0 (and *StartingIndex 0) if every bit is set. */
ULONG RtlFindFirstRunClear(_In_ PRTL_BITMAP BitMapHeader, _Out_ PULONG StartingIndex);
#define RtlCheckBit(BitMapHeader, BitPosition) \
    ((((BitMapHeader)->Buffer[(BitPosition) / 32]) >> ((BitPosition) % 32)) & 0x1)

/* ---- byte swapping (0x12345678 -> 0x78563412) --------------------------------- */
static inline USHORT RtlUshortByteSwap(USHORT Source) { return __builtin_bswap16(Source); }
static inline ULONG RtlUlongByteSwap(ULONG Source) { return __builtin_bswap32(Source); }
static inline ULONGLONG RtlUlonglongByteSwap(ULONGLONG Source) { return __builtin_bswap64(Source); }

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_RTL_H */
