/* unresolved.c — a miniport calling an NDIS function ndisdma does not
 * provide: loading it must fail with the function's name (spec §13). */
#include <ndis.h>

VOID NdisNotProvidedByNdisdma(NDIS_HANDLE Handle);

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(RegistryPath);
	NdisNotProvidedByNdisdma(DriverObject);
	return STATUS_SUCCESS;
}
