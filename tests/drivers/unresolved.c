/* unresolved.c — a miniport calling names ndisdma does not provide, in
 * several families, and one the C library has with another meaning
 * (wcslen: 32-bit wchar_t): loading it must fail with every one of them
 * listed, one line each with its family (spec §13, docs/run.md "Missing
 * names"). */
#include <ndis.h>

VOID NdisNotProvidedByNdisdma(NDIS_HANDLE Handle);
VOID KeNotProvidedByNdisdma(PVOID Object);
NTSTATUS RtlNotProvidedByNdisdma(PCWSTR Text);
SIZE_T wcslen(const WCHAR *Text);
int _snwprintf(WCHAR *Buffer, SIZE_T Count, const WCHAR *Format, ...);

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	WCHAR text[16];
	SIZE_T (*volatile length)(const WCHAR *) = wcslen;   /* clang folds wcslen(p) == 0 */

	UNREFERENCED_PARAMETER(RegistryPath);
	NdisNotProvidedByNdisdma(DriverObject);
	KeNotProvidedByNdisdma(DriverObject);
	_snwprintf(text, 16, L"%d", 1);
	if (length(text) == 0)
		return RtlNotProvidedByNdisdma(text);
	return STATUS_SUCCESS;
}
