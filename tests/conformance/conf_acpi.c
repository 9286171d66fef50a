/*
 * conf_acpi.c — conformance miniport: evaluating ACPI control methods of
 * its device as the public docs describe it ("Evaluating ACPI control
 * methods synchronously", the _DSM convention), written without ndisdma's
 * source.  MiniportInitializeEx gets the device objects from
 * NdisMGetDeviceProperty, builds IOCTL_ACPI_EVAL_METHOD(_EX) requests with
 * IoBuildDeviceIoControlRequest, sends them with IoCallDriver and waits on
 * the event when they pend.  It asks the board's _DSM (ndisdma's UUID,
 * docs/devices.md) which functions it has and reads the MAC address
 * through function 1, sizing the output the documented way (a first call
 * with just the header: STATUS_BUFFER_OVERFLOW and the Length needed),
 * compares it with the address in the device's registers, and checks
 * _ADR, _STA, an unknown method, an unknown UUID, a too small output and
 * the FDO.
 */
#define NDIS_MINIPORT_DRIVER 1
#define NDIS630_MINIPORT 1
#include <ndis.h>
#include <acpiioct.h>

#include "conf_check.h"
#include "conf_nic.h"

#define CA_DSM_REVISION     1
#define CA_DSM_QUERY        0
#define CA_DSM_MAC_ADDRESS  1

/* The board vendor's _DSM UUID: 257aa341-7d04-4ab8-88a7-de08a9d0fd62. */
static const GUID CaDsmUuid = { 0x257aa341, 0x7d04, 0x4ab8,
				{ 0x88, 0xa7, 0xde, 0x08, 0xa9, 0xd0, 0xfd, 0x62 } };

/* Send one IOCTL to Target and wait for it: the documented sequence. */
static NTSTATUS
CaSend(PDEVICE_OBJECT Target, ULONG Code, PVOID In, ULONG InLength, PVOID Out,
       ULONG OutLength, PIO_STATUS_BLOCK Iosb)
{
	NDIS_EVENT done;   /* an NDIS event is a KEVENT */
	NTSTATUS status;
	PIRP irp;

	NdisInitializeEvent(&done);
	irp = IoBuildDeviceIoControlRequest(Code, Target, In, InLength, Out, OutLength, FALSE,
					    &done.Event, Iosb);
	if (irp == NULL) {
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	status = IoCallDriver(Target, irp);
	if (status == STATUS_PENDING) {
		NdisWaitEvent(&done, 0);
		status = Iosb->Status;
	}
	return status;
}

/* _DSM(Uuid, revision 1, Function, empty package) into Out. */
static NTSTATUS
CaDsm(PDEVICE_OBJECT Target, const GUID *Uuid, ULONG Function, PACPI_EVAL_OUTPUT_BUFFER Out,
      ULONG OutLength, PIO_STATUS_BLOCK Iosb)
{
	UCHAR buffer[FIELD_OFFSET(ACPI_EVAL_INPUT_BUFFER_COMPLEX, Argument) + 64];
	PACPI_EVAL_INPUT_BUFFER_COMPLEX in = (PACPI_EVAL_INPUT_BUFFER_COMPLEX)buffer;
	PACPI_METHOD_ARGUMENT arg;

	NdisZeroMemory(buffer, sizeof(buffer));
	in->Signature = ACPI_EVAL_INPUT_BUFFER_COMPLEX_SIGNATURE;
	in->MethodNameAsUlong = (ULONG)'MSD_';
	in->ArgumentCount = 4;
	arg = in->Argument;
	ACPI_METHOD_SET_ARGUMENT_BUFFER(arg, Uuid, sizeof(GUID));
	arg = ACPI_METHOD_NEXT_ARGUMENT(arg);
	ACPI_METHOD_SET_ARGUMENT_INTEGER(arg, CA_DSM_REVISION);
	arg = ACPI_METHOD_NEXT_ARGUMENT(arg);
	ACPI_METHOD_SET_ARGUMENT_INTEGER(arg, Function);
	arg = ACPI_METHOD_NEXT_ARGUMENT(arg);
	arg->Type = ACPI_METHOD_ARGUMENT_PACKAGE;   /* Arg3: no parameters */
	arg->DataLength = 0;
	arg = ACPI_METHOD_NEXT_ARGUMENT(arg);
	in->Size = (ULONG)((PUCHAR)arg - (PUCHAR)in->Argument);
	return CaSend(Target, IOCTL_ACPI_EVAL_METHOD, in,
		      FIELD_OFFSET(ACPI_EVAL_INPUT_BUFFER_COMPLEX, Argument) + in->Size, Out,
		      OutLength, Iosb);
}

/* Function 1, sized as the docs say: header first, then what it needs. */
static BOOLEAN
CaReadMac(PNIC_ADAPTER a, PDEVICE_OBJECT Target, PUCHAR Mac)
{
	ACPI_EVAL_OUTPUT_BUFFER probe;
	PACPI_EVAL_OUTPUT_BUFFER out;
	IO_STATUS_BLOCK iosb;
	NTSTATUS status;
	ULONG length;
	BOOLEAN ok = FALSE;

	status = CaDsm(Target, &CaDsmUuid, CA_DSM_MAC_ADDRESS, &probe, sizeof(probe), &iosb);
	CONF_CHECK(status == STATUS_BUFFER_OVERFLOW);
	CONF_CHECK(probe.Signature == ACPI_EVAL_OUTPUT_BUFFER_SIGNATURE);
	if (status != STATUS_BUFFER_OVERFLOW || probe.Length < sizeof(probe)) {
		return FALSE;
	}
	length = probe.Length;
	out = NdisAllocateMemoryWithTagPriority(a->AdapterHandle, length, NIC_TAG,
						NormalPoolPriority);
	if (out == NULL) {
		return FALSE;
	}
	status = CaDsm(Target, &CaDsmUuid, CA_DSM_MAC_ADDRESS, out, length, &iosb);
	CONF_CHECK(NT_SUCCESS(status) && iosb.Information == length);
	if (NT_SUCCESS(status) && out->Signature == ACPI_EVAL_OUTPUT_BUFFER_SIGNATURE &&
	    out->Count == 1 && out->Argument[0].Type == ACPI_METHOD_ARGUMENT_BUFFER &&
	    out->Argument[0].DataLength == ETH_LENGTH_OF_ADDRESS) {
		NdisMoveMemory(Mac, out->Argument[0].Data, ETH_LENGTH_OF_ADDRESS);
		ok = TRUE;
	}
	NdisFreeMemory(out, length, 0);
	return ok;
}

/* Function 0: which functions the board implements. */
static UCHAR
CaQuery(PDEVICE_OBJECT Target, const GUID *Uuid)
{
	UCHAR buffer[sizeof(ACPI_EVAL_OUTPUT_BUFFER) + 16];
	PACPI_EVAL_OUTPUT_BUFFER out = (PACPI_EVAL_OUTPUT_BUFFER)buffer;
	IO_STATUS_BLOCK iosb;
	NTSTATUS status;

	status = CaDsm(Target, Uuid, CA_DSM_QUERY, out, sizeof(buffer), &iosb);
	CONF_CHECK(status == STATUS_SUCCESS);
	if (status != STATUS_SUCCESS || out->Count < 1 ||
	    out->Argument[0].Type != ACPI_METHOD_ARGUMENT_BUFFER ||
	    out->Argument[0].DataLength < 1) {
		return 0;
	}
	return out->Argument[0].Data[0];
}

static NTSTATUS
CaSimple(PDEVICE_OBJECT Target, ULONG Name, PULONG Value)
{
	ACPI_EVAL_INPUT_BUFFER in;
	ACPI_EVAL_OUTPUT_BUFFER out;
	IO_STATUS_BLOCK iosb;
	NTSTATUS status;

	in.Signature = ACPI_EVAL_INPUT_BUFFER_SIGNATURE;
	in.MethodNameAsUlong = Name;
	status = CaSend(Target, IOCTL_ACPI_EVAL_METHOD, &in, sizeof(in), &out, sizeof(out), &iosb);
	if (NT_SUCCESS(status)) {
		CONF_CHECK(out.Count == 1 && out.Argument[0].Type == ACPI_METHOD_ARGUMENT_INTEGER);
		*Value = out.Argument[0].Argument;
	} else {
		CONF_CHECK(iosb.Information == 0);
	}
	return status;
}

/* IOCTL_ACPI_EVAL_METHOD_EX: a path name and 64-bit integers. */
static VOID
CaEx(PDEVICE_OBJECT Target)
{
	ACPI_EVAL_INPUT_BUFFER_EX in;
	UCHAR buffer[sizeof(ACPI_EVAL_OUTPUT_BUFFER) + 8];
	PACPI_EVAL_OUTPUT_BUFFER out = (PACPI_EVAL_OUTPUT_BUFFER)buffer;
	IO_STATUS_BLOCK iosb;
	NDIS_EVENT done;
	NTSTATUS status;
	ULONG64 sta = 0;
	PIRP irp;

	NdisZeroMemory(&in, sizeof(in));
	in.Signature = ACPI_EVAL_INPUT_BUFFER_SIGNATURE_EX;
	NdisMoveMemory(in.MethodName, "_STA", 5);
	/* some drivers always wait, pending or not: the event is set either way */
	NdisInitializeEvent(&done);
	irp = IoBuildDeviceIoControlRequest(IOCTL_ACPI_EVAL_METHOD_EX, Target, &in, sizeof(in),
					    out, sizeof(buffer), FALSE, &done.Event, &iosb);
	CONF_CHECK(irp != NULL);
	if (irp == NULL) {
		return;
	}
	status = IoCallDriver(Target, irp);
	CONF_CHECK(NdisWaitEvent(&done, 5000));
	CONF_CHECK(status == STATUS_PENDING || status == iosb.Status);
	CONF_CHECK(iosb.Status == STATUS_SUCCESS);
	CONF_CHECK(out->Argument[0].Type == ACPI_METHOD_ARGUMENT_INTEGER &&
		   out->Argument[0].DataLength == sizeof(ULONG64));
	NdisMoveMemory(&sta, out->Argument[0].Data, sizeof(sta));
	CONF_CHECK(sta == 0x0F);
}

static NDIS_STATUS
NicConfigure(PNIC_ADAPTER a)
{
	static const GUID other = { 0x3e5b41c6, 0xeb1d, 0x4260,
				    { 0x9d, 0x15, 0xc7, 0x1f, 0xba, 0xda, 0xe4, 0x14 } };
	PDEVICE_OBJECT pdo = NULL, fdo = NULL, next = NULL;
	ACPI_EVAL_OUTPUT_BUFFER out;
	IO_STATUS_BLOCK iosb;
	UCHAR mac[ETH_LENGTH_OF_ADDRESS], functions;
	ULONG value = 0;

	NdisMGetDeviceProperty(a->AdapterHandle, &pdo, &fdo, &next, NULL, NULL);
	CONF_CHECK(pdo != NULL && fdo != NULL && next != NULL);
	if (next == NULL) {
		return NDIS_STATUS_FAILURE;
	}
	functions = CaQuery(next, &CaDsmUuid);
	CONF_CHECK((functions & 0x01) != 0);                        /* some functions */
	CONF_CHECK((functions & (1 << CA_DSM_MAC_ADDRESS)) != 0);   /* ... the MAC one */
	CONF_CHECK(CaQuery(next, &other) == 0);                     /* not this board's */
	if (functions & (1 << CA_DSM_MAC_ADDRESS)) {
		CONF_CHECK(CaReadMac(a, next, mac));
		CONF_CHECK(NdisEqualMemory(mac, a->PermanentMac, ETH_LENGTH_OF_ADDRESS));
		NdisMoveMemory(a->CurrentMac, mac, ETH_LENGTH_OF_ADDRESS);
	}
	/* the PDO answers too; simple methods */
	CONF_CHECK(CaSimple(pdo, (ULONG)'ATS_', &value) == STATUS_SUCCESS && value == 0x0F);
	CONF_CHECK(CaSimple(pdo, (ULONG)'RDA_', &value) == STATUS_SUCCESS &&
		   (value & 0xFFFF) == 0);                          /* function 0 */
	CONF_CHECK(CaSimple(pdo, (ULONG)'ZYX_', &value) == STATUS_OBJECT_NAME_NOT_FOUND);
	/* the output header must fit */
	CONF_CHECK(CaDsm(next, &CaDsmUuid, CA_DSM_QUERY, &out, 8, &iosb) ==
		   STATUS_BUFFER_TOO_SMALL);
	CONF_CHECK(iosb.Information == 0);
	/* the FDO is NDIS's: no ACPI there */
	CONF_CHECK(!NT_SUCCESS(CaSimple(fdo, (ULONG)'ATS_', &value)));
	CaEx(next);
	return NDIS_STATUS_SUCCESS;
}
