/* rtl_convert.c — RtlUnicodeStringToInteger, RtlIntegerToUnicodeString and
 * the ANSI <-> Unicode string conversions (facts §4.2; docs/debug.md
 * "Character sets": ndisdma's ANSI code page is UTF-8).
 */
#include "wdm/rtl_internal.h"

#include <string.h>

#include "fmt/utf.h"

static bool valid_base(ULONG base)
{
	return base == 0 || base == 2 || base == 8 || base == 10 || base == 16;
}

static int digit_value(WCHAR c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

static bool space(WCHAR c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Base 0: 0x, 0o and 0b prefixes, else decimal (facts §4.2). */
static ULONG prefix_base(const WCHAR *s, size_t n, size_t *i)
{
	if (*i + 1 < n && s[*i] == '0') {
		WCHAR p = s[*i + 1] | 0x20;
		ULONG base = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
		if (base != 0) {
			*i += 2;
			return base;
		}
	}
	return 10;
}

NTSTATUS RtlUnicodeStringToInteger(PCUNICODE_STRING String, ULONG Base, PULONG Value)
{
	const void *site = WDM_CALLER();
	size_t n, i = 0;
	bool negative = false;
	ULONG v = 0;
	int d;

	if (String == NULL || Value == NULL || (String->Buffer == NULL && String->Length)) {
		rtl_bad_argument("RtlUnicodeStringToInteger", site, "%s is NULL",
				 Value == NULL ? "Value" : "String");
		return STATUS_INVALID_PARAMETER;
	}
	wdm_check_irql(kernel_current(), "RtlUnicodeStringToInteger", PASSIVE_LEVEL,
		       PASSIVE_LEVEL, site);
	if (!valid_base(Base))
		return STATUS_INVALID_PARAMETER;
	n = String->Length / sizeof(WCHAR);
	while (i < n && space(String->Buffer[i]))
		i++;
	if (i < n && (String->Buffer[i] == '+' || String->Buffer[i] == '-'))
		negative = String->Buffer[i++] == '-';
	if (Base == 0)
		Base = prefix_base(String->Buffer, n, &i);
	while (i < n && (d = digit_value(String->Buffer[i])) < (int)Base) {
		v = v * Base + (ULONG)d;   /* wraps modulo 2^32, as documented here */
		i++;
	}
	*Value = negative ? 0u - v : v;
	return STATUS_SUCCESS;
}

NTSTATUS RtlIntegerToUnicodeString(ULONG Value, ULONG Base, PUNICODE_STRING String)
{
	const void *site = WDM_CALLER();
	char digits[33];
	size_t n = 0;

	if (String == NULL || (String->Buffer == NULL && String->MaximumLength)) {
		rtl_bad_argument("RtlIntegerToUnicodeString", site, "String is NULL");
		return STATUS_INVALID_PARAMETER;
	}
	wdm_check_irql(kernel_current(), "RtlIntegerToUnicodeString", PASSIVE_LEVEL,
		       PASSIVE_LEVEL, site);
	if (!valid_base(Base))
		return STATUS_INVALID_PARAMETER;
	if (Base == 0)
		Base = 10;
	do {
		digits[n++] = "0123456789ABCDEF"[Value % Base];
		Value /= Base;
	} while (Value != 0);
	if ((n + 1) * sizeof(WCHAR) > String->MaximumLength)
		return STATUS_BUFFER_OVERFLOW;
	for (size_t i = 0; i < n; i++)
		String->Buffer[i] = (WCHAR)digits[n - 1 - i];
	String->Buffer[n] = 0;
	String->Length = (USHORT)(n * sizeof(WCHAR));
	return STATUS_SUCCESS;
}

/* ---- ANSI (UTF-8) <-> Unicode (UTF-16) ------------------------------------ */

/* Where a conversion writes: a new buffer of `bytes` + terminator, or the
 * caller's (STATUS_BUFFER_OVERFLOW when it does not hold `bytes`). */
static NTSTATUS destination(void **buffer, USHORT *max, size_t bytes, size_t nul,
			    size_t limit, BOOLEAN allocate)
{
	if (bytes > (allocate ? limit - nul : limit))
		return STATUS_INVALID_PARAMETER_2;
	if (!allocate)
		return bytes <= *max ? STATUS_SUCCESS : STATUS_BUFFER_OVERFLOW;
	*buffer = rtl_alloc(bytes + nul);
	if (*buffer == NULL)
		return STATUS_NO_MEMORY;
	*max = (USHORT)(bytes + nul);
	return STATUS_SUCCESS;
}

NTSTATUS RtlAnsiStringToUnicodeString(PUNICODE_STRING DestinationString,
				      PCANSI_STRING SourceString, BOOLEAN AllocateDestinationString)
{
	const void *site = WDM_CALLER();
	const unsigned char *src;
	size_t units, at = 0;
	void *buffer;
	USHORT max;
	NTSTATUS status;

	if (DestinationString == NULL || SourceString == NULL ||
	    (SourceString->Buffer == NULL && SourceString->Length) ||
	    (!AllocateDestinationString && DestinationString->Buffer == NULL &&
	     DestinationString->MaximumLength)) {
		rtl_bad_argument("RtlAnsiStringToUnicodeString", site, "a NULL string or Buffer");
		return STATUS_INVALID_PARAMETER;
	}
	src = (const unsigned char *)SourceString->Buffer;
	units = src != NULL ? utf8_to_utf16_length(src, SourceString->Length) : 0;
	buffer = DestinationString->Buffer;
	max = DestinationString->MaximumLength;
	status = destination(&buffer, &max, units * sizeof(WCHAR), sizeof(WCHAR),
			     UNICODE_STRING_MAX_BYTES, AllocateDestinationString);
	if (status != STATUS_SUCCESS)
		return status;
	DestinationString->Buffer = buffer;
	DestinationString->MaximumLength = max;
	for (size_t i = 0; i < SourceString->Length;) {
		uint32_t cp;
		uint16_t u[2];
		i += utf8_decode(src + i, SourceString->Length - i, &cp);
		for (size_t k = 0, m = utf16_encode(cp, u); k < m; k++)
			DestinationString->Buffer[at++] = u[k];
	}
	DestinationString->Length = (USHORT)(units * sizeof(WCHAR));
	if ((size_t)DestinationString->Length + sizeof(WCHAR) <= DestinationString->MaximumLength)
		DestinationString->Buffer[units] = 0;
	return STATUS_SUCCESS;
}

NTSTATUS RtlUnicodeStringToAnsiString(PANSI_STRING DestinationString,
				      PCUNICODE_STRING SourceString, BOOLEAN AllocateDestinationString)
{
	const void *site = WDM_CALLER();
	size_t units, bytes, at = 0;
	void *buffer;
	USHORT max;
	NTSTATUS status;

	if (DestinationString == NULL || SourceString == NULL ||
	    (SourceString->Buffer == NULL && SourceString->Length) ||
	    (!AllocateDestinationString && DestinationString->Buffer == NULL &&
	     DestinationString->MaximumLength)) {
		rtl_bad_argument("RtlUnicodeStringToAnsiString", site, "a NULL string or Buffer");
		return STATUS_INVALID_PARAMETER;
	}
	units = SourceString->Length / sizeof(WCHAR);
	bytes = units ? utf16_to_utf8_length(SourceString->Buffer, units) : 0;
	buffer = DestinationString->Buffer;
	max = DestinationString->MaximumLength;
	status = destination(&buffer, &max, bytes, 1, MAXUSHORT, AllocateDestinationString);
	if (status != STATUS_SUCCESS)
		return status;
	DestinationString->Buffer = buffer;
	DestinationString->MaximumLength = max;
	for (size_t i = 0; i < units;) {
		uint32_t cp;
		unsigned char b[4];
		i += utf16_decode(SourceString->Buffer + i, units - i, &cp);
		size_t m = utf8_encode(cp, b);
		memcpy(DestinationString->Buffer + at, b, m);
		at += m;
	}
	DestinationString->Length = (USHORT)bytes;
	if (bytes + 1 <= DestinationString->MaximumLength)
		DestinationString->Buffer[bytes] = '\0';
	return STATUS_SUCCESS;
}

/* Frees what a conversion allocated; a Buffer it did not allocate is an
 * RTL-ARGUMENT report and is left alone. */
static void free_string(const char *api, void **buffer, USHORT *length, USHORT *max,
			const void *site)
{
	if (*buffer != NULL && !rtl_owns(*buffer)) {
		rtl_bad_argument(api, site, "Buffer %p was not allocated by an Rtl conversion",
				 *buffer);
		return;
	}
	if (*buffer != NULL)
		rtl_free(*buffer);
	*buffer = NULL;
	*length = *max = 0;
}

VOID RtlFreeUnicodeString(PUNICODE_STRING UnicodeString)
{
	void *buffer;

	if (UnicodeString == NULL) {
		rtl_bad_argument("RtlFreeUnicodeString", WDM_CALLER(), "UnicodeString is NULL");
		return;
	}
	buffer = UnicodeString->Buffer;
	free_string("RtlFreeUnicodeString", &buffer, &UnicodeString->Length,
		    &UnicodeString->MaximumLength, WDM_CALLER());
	UnicodeString->Buffer = buffer;
}

VOID RtlFreeAnsiString(PANSI_STRING AnsiString)
{
	void *buffer;

	if (AnsiString == NULL) {
		rtl_bad_argument("RtlFreeAnsiString", WDM_CALLER(), "AnsiString is NULL");
		return;
	}
	buffer = AnsiString->Buffer;
	free_string("RtlFreeAnsiString", &buffer, &AnsiString->Length,
		    &AnsiString->MaximumLength, WDM_CALLER());
	AnsiString->Buffer = buffer;
}
