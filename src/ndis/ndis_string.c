/* ndis_string.c — the NDIS names of the counted-string routines:
 * NdisInitUnicodeString, NdisEqualString, NdisAnsiStringToUnicodeString,
 * NdisUnicodeStringToAnsiString, NdisUpcaseUnicodeString.  The work is
 * src/wdm's Rtl code (rtl_string.c, rtl_convert.c); what is NDIS's is the
 * IRQL rule, the NDIS_STATUS results and that the conversions write into
 * the caller's buffer, never allocating.
 *
 * A wrong IRQL is an IRQL report and the routine still does its work: each
 * is a computation on the caller's memory, and the report is the failure.
 * A NULL string (Windows: an access violation) is an RTL-ARGUMENT report
 * naming the driver's call, and nothing is written.
 */
#include "ndis/ndis_internal.h"

#include "wdm/rtl_internal.h"

/* The string is usable: present, and its Buffer present when it has
 * characters or room for them. */
static bool usable(const char *api, const void *s_, const char *what, const void *site)
{
	const UNICODE_STRING *s = s_;   /* STRING has the same layout */

	if (s == NULL || (s->Buffer == NULL && (s->Length || s->MaximumLength))) {
		rtl_bad_argument(api, site, "%s %s", what, s ? "has no Buffer" : "is NULL");
		return false;
	}
	return true;
}

static NDIS_STATUS converted(NTSTATUS st)
{
	/* a result longer than any counted string fits no destination either */
	if (st == STATUS_BUFFER_OVERFLOW || st == STATUS_INVALID_PARAMETER_2)
		return NDIS_STATUS_BUFFER_OVERFLOW;
	return st == STATUS_SUCCESS ? NDIS_STATUS_SUCCESS : NDIS_STATUS_FAILURE;
}

VOID NdisInitUnicodeString(PNDIS_STRING Destination, PCWSTR Source)
{
	const void *site = NDIS_CALLER();

	ndis_check_irql(kernel_current(), "NdisInitUnicodeString", KIRQL_PASSIVE,
			KIRQL_DISPATCH, site);
	if (!Destination) {
		rtl_bad_argument("NdisInitUnicodeString", site, "Destination is NULL");
		return;
	}
	RtlInitUnicodeString(Destination, Source);
}

BOOLEAN NdisEqualString(PNDIS_STRING String1, PNDIS_STRING String2, BOOLEAN CaseInsensitive)
{
	const void *site = NDIS_CALLER();

	ndis_check_irql(kernel_current(), "NdisEqualString", KIRQL_PASSIVE, KIRQL_PASSIVE, site);
	if (!usable("NdisEqualString", String1, "String1", site) ||
	    !usable("NdisEqualString", String2, "String2", site))
		return FALSE;
	return RtlEqualUnicodeString(String1, String2, CaseInsensitive);
}

NDIS_STATUS NdisAnsiStringToUnicodeString(PNDIS_STRING DestinationString,
					  PNDIS_ANSI_STRING SourceString)
{
	const void *site = NDIS_CALLER();
	const char *api = "NdisAnsiStringToUnicodeString";

	ndis_check_irql(kernel_current(), api, KIRQL_PASSIVE, KIRQL_PASSIVE, site);
	if (!usable(api, DestinationString, "DestinationString", site) ||
	    !usable(api, SourceString, "SourceString", site))
		return NDIS_STATUS_FAILURE;
	return converted(RtlAnsiStringToUnicodeString(DestinationString, SourceString, FALSE));
}

NDIS_STATUS NdisUnicodeStringToAnsiString(PNDIS_ANSI_STRING DestinationString,
					  PNDIS_STRING SourceString)
{
	const void *site = NDIS_CALLER();
	const char *api = "NdisUnicodeStringToAnsiString";

	ndis_check_irql(kernel_current(), api, KIRQL_PASSIVE, KIRQL_PASSIVE, site);
	if (!usable(api, DestinationString, "DestinationString", site) ||
	    !usable(api, SourceString, "SourceString", site))
		return NDIS_STATUS_FAILURE;
	return converted(RtlUnicodeStringToAnsiString(DestinationString, SourceString, FALSE));
}

/* Source's characters in upper case into Destination (which may be Source
 * itself); Destination unchanged when its MaximumLength is too small.
 * Nothing is appended: Length is Source's. */
NDIS_STATUS NdisUpcaseUnicodeString(PUNICODE_STRING DestinationString,
				    PUNICODE_STRING SourceString)
{
	const void *site = NDIS_CALLER();
	const char *api = "NdisUpcaseUnicodeString";
	USHORT units;

	ndis_check_irql(kernel_current(), api, KIRQL_PASSIVE, KIRQL_PASSIVE, site);
	if (!usable(api, DestinationString, "DestinationString", site) ||
	    !usable(api, SourceString, "SourceString", site))
		return NDIS_STATUS_FAILURE;
	if (SourceString->Length > DestinationString->MaximumLength)
		return NDIS_STATUS_BUFFER_OVERFLOW;
	units = SourceString->Length / sizeof(WCHAR);
	for (USHORT i = 0; i < units; i++)
		DestinationString->Buffer[i] = RtlUpcaseUnicodeChar(SourceString->Buffer[i]);
	DestinationString->Length = (USHORT)(units * sizeof(WCHAR));
	return NDIS_STATUS_SUCCESS;
}
