/* rtl_string.c — counted strings (facts §4.2): RtlInit*String,
 * RtlCopyUnicodeString, RtlUpcaseUnicodeChar, RtlEqualUnicodeString,
 * RtlCompareUnicodeString, RtlAppendUnicode*.  Lengths are bytes; a
 * UNICODE_STRING holds UTF-16 units.  A NULL where a string must be is an
 * RTL-ARGUMENT report (Windows: an access violation) and nothing is done.
 */
#include "wdm/rtl_internal.h"

#include <string.h>

#include "fmt/utf.h"

#define MAX_USTRING UNICODE_STRING_MAX_BYTES   /* 65534 */

VOID RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString)
{
	size_t bytes;

	if (DestinationString == NULL) {
		rtl_bad_argument("RtlInitUnicodeString", WDM_CALLER(), "DestinationString is NULL");
		return;
	}
	DestinationString->Buffer = (PWSTR)SourceString;
	if (SourceString == NULL) {
		DestinationString->Length = DestinationString->MaximumLength = 0;
		return;
	}
	bytes = utf16_strlen(SourceString) * sizeof(WCHAR);
	if (bytes > MAX_USTRING - sizeof(WCHAR))   /* clamped (facts §4.2) */
		bytes = MAX_USTRING - sizeof(WCHAR);
	DestinationString->Length = (USHORT)bytes;
	DestinationString->MaximumLength = (USHORT)(bytes + sizeof(WCHAR));
}

static void init_ansi(const char *api, PSTRING dest, PCSZ src, const void *site)
{
	size_t bytes;

	if (dest == NULL) {
		rtl_bad_argument(api, site, "DestinationString is NULL");
		return;
	}
	dest->Buffer = (PCHAR)src;
	if (src == NULL) {
		dest->Length = dest->MaximumLength = 0;
		return;
	}
	bytes = strlen(src);
	if (bytes > MAXUSHORT - 1)
		bytes = MAXUSHORT - 1;
	dest->Length = (USHORT)bytes;
	dest->MaximumLength = (USHORT)(bytes + 1);
}

VOID RtlInitAnsiString(PANSI_STRING DestinationString, PCSZ SourceString)
{
	init_ansi("RtlInitAnsiString", DestinationString, SourceString, WDM_CALLER());
}

VOID RtlInitString(PSTRING DestinationString, PCSZ SourceString)
{
	init_ansi("RtlInitString", DestinationString, SourceString, WDM_CALLER());
}

/* NUL after Length when MaximumLength leaves room for one. */
static void terminate(PUNICODE_STRING s)
{
	if ((size_t)s->Length + sizeof(WCHAR) <= s->MaximumLength)
		s->Buffer[s->Length / sizeof(WCHAR)] = 0;
}

static bool usable(const char *api, PCUNICODE_STRING s, const char *name, const void *site)
{
	if (s == NULL) {
		rtl_bad_argument(api, site, "%s is NULL", name);
		return false;
	}
	if (s->Buffer == NULL && (s->Length != 0 || s->MaximumLength != 0)) {
		rtl_bad_argument(api, site, "%s has no Buffer but Length %u, MaximumLength %u",
				 name, s->Length, s->MaximumLength);
		return false;
	}
	return true;
}

VOID RtlCopyUnicodeString(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString)
{
	const void *site = WDM_CALLER();
	size_t n;

	if (!usable("RtlCopyUnicodeString", DestinationString, "DestinationString", site))
		return;
	if (SourceString == NULL) {
		DestinationString->Length = 0;
		return;
	}
	if (!usable("RtlCopyUnicodeString", SourceString, "SourceString", site))
		return;
	n = SourceString->Length < DestinationString->MaximumLength ?
		SourceString->Length : DestinationString->MaximumLength;
	n &= ~(size_t)1;   /* whole characters */
	if (n != 0)
		memmove(DestinationString->Buffer, SourceString->Buffer, n);
	DestinationString->Length = (USHORT)n;
	terminate(DestinationString);
}

/* Upper case of the letters of ASCII, Latin-1, Latin Extended-A, Greek,
 * Cyrillic and the full-width Latin block; everything else is itself. */
WCHAR RtlUpcaseUnicodeChar(WCHAR c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7) ||
	    (c >= 0x3B1 && c <= 0x3CB && c != 0x3C2) || (c >= 0x430 && c <= 0x44F))
		return (WCHAR)(c - 0x20);
	if (c == 0xFF)
		return 0x178;
	if (c == 0x131 || c == 0x17F)
		return c == 0x131 ? 'I' : 'S';        /* dotless i, long s */
	if (c == 0x130)
		return c;
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
		return (WCHAR)(c & ~1u);              /* even upper, odd lower */
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return (WCHAR)(c % 2 == 0 ? c - 1 : c); /* odd upper, even lower */
	if (c == 0x3C2)
		return 0x3A3;                          /* final sigma */
	if (c == 0x3AC)
		return 0x386;
	if (c >= 0x3AD && c <= 0x3AF)
		return (WCHAR)(c - 0x25);
	if (c == 0x3CC)
		return 0x38C;
	if (c == 0x3CD || c == 0x3CE)
		return (WCHAR)(c - 0x3F);
	if (c >= 0x450 && c <= 0x45F)
		return (WCHAR)(c - 0x50);
	if (c >= 0xFF41 && c <= 0xFF5A)
		return (WCHAR)(c - 0x20);
	return c;
}

static WCHAR unit(PCUNICODE_STRING s, size_t i, BOOLEAN upcase)
{
	return upcase ? RtlUpcaseUnicodeChar(s->Buffer[i]) : s->Buffer[i];
}

static LONG compare(PCUNICODE_STRING a, PCUNICODE_STRING b, BOOLEAN ci)
{
	size_t na = a->Length / sizeof(WCHAR), nb = b->Length / sizeof(WCHAR);
	size_t n = na < nb ? na : nb;

	for (size_t i = 0; i < n; i++) {
		WCHAR x = unit(a, i, ci), y = unit(b, i, ci);
		if (x != y)
			return (LONG)x - (LONG)y;
	}
	return (LONG)na - (LONG)nb;
}

BOOLEAN RtlEqualUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
			      BOOLEAN CaseInSensitive)
{
	const void *site = WDM_CALLER();

	if (!usable("RtlEqualUnicodeString", String1, "String1", site) ||
	    !usable("RtlEqualUnicodeString", String2, "String2", site))
		return FALSE;
	if (String1->Length / sizeof(WCHAR) != String2->Length / sizeof(WCHAR))
		return FALSE;
	return compare(String1, String2, CaseInSensitive) == 0;
}

LONG RtlCompareUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
			     BOOLEAN CaseInSensitive)
{
	const void *site = WDM_CALLER();

	if (!usable("RtlCompareUnicodeString", String1, "String1", site) ||
	    !usable("RtlCompareUnicodeString", String2, "String2", site))
		return 0;
	return compare(String1, String2, CaseInSensitive);
}

/* Appends n bytes of src; STATUS_BUFFER_TOO_SMALL leaves dest unchanged. */
static NTSTATUS append(PUNICODE_STRING dest, const WCHAR *src, size_t n)
{
	n &= ~(size_t)1;
	if ((size_t)dest->Length + n > dest->MaximumLength)
		return STATUS_BUFFER_TOO_SMALL;
	if (n != 0)
		memmove((char *)dest->Buffer + dest->Length, src, n);
	dest->Length = (USHORT)(dest->Length + n);
	terminate(dest);
	return STATUS_SUCCESS;
}

NTSTATUS RtlAppendUnicodeToString(PUNICODE_STRING Destination, PCWSTR Source)
{
	if (!usable("RtlAppendUnicodeToString", Destination, "Destination", WDM_CALLER()))
		return STATUS_INVALID_PARAMETER;
	if (Source == NULL)
		return STATUS_SUCCESS;
	return append(Destination, Source, utf16_strlen(Source) * sizeof(WCHAR));
}

NTSTATUS RtlAppendUnicodeStringToString(PUNICODE_STRING Destination, PCUNICODE_STRING Source)
{
	const void *site = WDM_CALLER();

	if (!usable("RtlAppendUnicodeStringToString", Destination, "Destination", site) ||
	    !usable("RtlAppendUnicodeStringToString", Source, "Source", site))
		return STATUS_INVALID_PARAMETER;
	return append(Destination, Source->Buffer, Source->Length);
}
