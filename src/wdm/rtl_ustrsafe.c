/* rtl_ustrsafe.c — the UNICODE_STRING routines of ntstrsafe.h (facts §4.5):
 * RtlUnicodeStringValidate, Init, Copy(String), Cat(String) and [V]Printf.
 * A UNICODE_STRING is counted: these set Length and never write a NUL.
 */
#include "wdm/strsafe_internal.h"

#include <string.h>

#include "fmt/fmt.h"
#include "fmt/utf.h"

#undef RtlUnicodeStringPrintf

#define US_MAX_BYTES (NTSTRSAFE_UNICODE_STRING_MAX_CCH * sizeof(WCHAR))

static bool valid(PCUNICODE_STRING s)
{
	return s != NULL && s->Length % 2 == 0 && s->MaximumLength % 2 == 0 &&
	       s->Length <= s->MaximumLength && s->MaximumLength <= US_MAX_BYTES &&
	       (s->Buffer != NULL || s->MaximumLength == 0);
}

NTSTATUS RtlUnicodeStringValidate(PCUNICODE_STRING SourceString)
{
	return valid(SourceString) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

NTSTATUS RtlUnicodeStringInit(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc)
{
	size_t n = 0;

	if (DestinationString == NULL)
		return STATUS_INVALID_PARAMETER;
	DestinationString->Length = DestinationString->MaximumLength = 0;
	DestinationString->Buffer = NULL;
	if (pszSrc == NULL)
		return STATUS_SUCCESS;
	while (n <= NTSTRSAFE_UNICODE_STRING_MAX_CCH && pszSrc[n] != 0)
		n++;
	if (n > NTSTRSAFE_UNICODE_STRING_MAX_CCH - 1)
		return STATUS_INVALID_PARAMETER;   /* with its NUL it would not fit */
	DestinationString->Buffer = (PWSTR)pszSrc;
	DestinationString->Length = (USHORT)(n * sizeof(WCHAR));
	DestinationString->MaximumLength = (USHORT)((n + 1) * sizeof(WCHAR));
	return STATUS_SUCCESS;
}

/* Puts `n` units after the first `keep` of dest; cut: STATUS_BUFFER_OVERFLOW. */
static NTSTATUS put(PUNICODE_STRING dest, size_t keep, const WCHAR *src, size_t n)
{
	size_t room = dest->MaximumLength / sizeof(WCHAR) - keep;
	size_t take = n < room ? n : room;

	if (take != 0)
		memmove(dest->Buffer + keep, src, take * sizeof(WCHAR));
	dest->Length = (USHORT)((keep + take) * sizeof(WCHAR));
	return take < n ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

static size_t string_units(NTSTRSAFE_PCWSTR s)
{
	size_t n = 0;

	while (n <= NTSTRSAFE_UNICODE_STRING_MAX_CCH && s[n] != 0)
		n++;
	return n;
}

NTSTATUS RtlUnicodeStringCopy(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString)
{
	if (!valid(DestinationString) || !valid(SourceString))
		return STATUS_INVALID_PARAMETER;
	return put(DestinationString, 0, SourceString->Buffer, SourceString->Length / sizeof(WCHAR));
}

NTSTATUS RtlUnicodeStringCopyString(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc)
{
	if (!valid(DestinationString) || pszSrc == NULL)
		return STATUS_INVALID_PARAMETER;
	return put(DestinationString, 0, pszSrc, string_units(pszSrc));
}

NTSTATUS RtlUnicodeStringCat(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString)
{
	if (!valid(DestinationString) || !valid(SourceString))
		return STATUS_INVALID_PARAMETER;
	return put(DestinationString, DestinationString->Length / sizeof(WCHAR),
		   SourceString->Buffer, SourceString->Length / sizeof(WCHAR));
}

NTSTATUS RtlUnicodeStringCatString(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc)
{
	if (!valid(DestinationString) || pszSrc == NULL)
		return STATUS_INVALID_PARAMETER;
	return put(DestinationString, DestinationString->Length / sizeof(WCHAR), pszSrc,
		   string_units(pszSrc));
}

static NTSTATUS print(PUNICODE_STRING dest, NTSTRSAFE_PCWSTR format, va_list ap,
		      const void *site)
{
	struct fmt_options options = { FMT_NO_NUL, wdm_take_caller_function(), site, NULL };
	struct fmt_result r;
	size_t cap;

	if (!valid(dest) || format == NULL)
		return STATUS_INVALID_PARAMETER;
	cap = dest->MaximumLength / sizeof(WCHAR);
	r = fmt_vformat_wide(cap ? dest->Buffer : NULL, cap, format, ap, &options);
	if (r.converted)
		wdm_check_irql(kernel_current(), "RtlUnicodeStringPrintf with a Unicode conversion",
			       PASSIVE_LEVEL, PASSIVE_LEVEL, site);
	dest->Length = (USHORT)((r.truncated ? cap : r.length) * sizeof(WCHAR));
	return r.truncated ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

NTSTATUS RtlUnicodeStringVPrintf(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszFormat,
				 va_list argList)
{
	return print(DestinationString, pszFormat, argList, WDM_CALLER());
}

NTSTATUS RtlUnicodeStringPrintf(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszFormat, ...)
{
	NTSTATUS status;
	va_list ap;

	va_start(ap, pszFormat);
	status = print(DestinationString, pszFormat, ap, WDM_CALLER());
	va_end(ap);
	return status;
}
