/*++

Module Name:

    acpi.c

Abstract:

    The SNC-1G has no EEPROM: firmware hands the MAC address (and the PHY's
    MDIO address) to the driver through the device's ACPI _DSM method.  The
    method is evaluated synchronously with IOCTL_ACPI_EVAL_METHOD sent to
    the physical device object.

Environment:

    Kernel mode, PASSIVE_LEVEL (MiniportInitializeEx).

--*/

#include "socenet.h"
#include <acpiioct.h>

//
// Define (not just declare) GUID_SOCENET_DSM in this translation unit.
//
#include <initguid.h>
#include "socenet_guid.h"

#pragma alloc_text(PAGE, SocAcpiReadMacAddress)

#define SOC_DSM_OUTPUT_INITIAL_SIZE     (sizeof(ACPI_EVAL_OUTPUT_BUFFER_V1) + 32)

static
NTSTATUS
SocBuildDsmInput(
    _In_ ULONG FunctionIndex,
    _Outptr_result_bytebuffer_(*InputSize) PACPI_EVAL_INPUT_BUFFER_COMPLEX_V1 *Input,
    _Out_ PULONG InputSize
    )
/*++
    _DSM(UUID, Revision, Function, Package() {}) as an
    ACPI_EVAL_INPUT_BUFFER_COMPLEX: BUFFER(16), INTEGER, INTEGER, PACKAGE.
--*/
{
    NTSTATUS                            Status;
    ULONG                               ArgumentsSize;
    ULONG                               TotalSize;
    PACPI_EVAL_INPUT_BUFFER_COMPLEX_V1  Buffer;
    PACPI_METHOD_ARGUMENT               Argument;

    *Input = NULL;
    *InputSize = 0;

    ArgumentsSize = ACPI_METHOD_ARGUMENT_LENGTH(sizeof(GUID));
    Status = RtlULongAdd(ArgumentsSize, ACPI_METHOD_ARGUMENT_LENGTH(sizeof(ULONG)), &ArgumentsSize);
    if (NT_SUCCESS(Status))
    {
        Status = RtlULongAdd(ArgumentsSize, ACPI_METHOD_ARGUMENT_LENGTH(sizeof(ULONG)), &ArgumentsSize);
    }
    if (NT_SUCCESS(Status))
    {
        Status = RtlULongAdd(ArgumentsSize, ACPI_METHOD_ARGUMENT_LENGTH(0), &ArgumentsSize);
    }
    if (NT_SUCCESS(Status))
    {
        Status = RtlULongAdd((ULONG)FIELD_OFFSET(ACPI_EVAL_INPUT_BUFFER_COMPLEX_V1, Argument),
                             ArgumentsSize, &TotalSize);
    }
    if (!NT_SUCCESS(Status))
    {
        return Status;
    }

    Buffer = (PACPI_EVAL_INPUT_BUFFER_COMPLEX_V1)ExAllocatePool2(POOL_FLAG_NON_PAGED, TotalSize, SOC_TAG_ACPI);
    if (Buffer == NULL)
    {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    Buffer->Signature = ACPI_EVAL_INPUT_BUFFER_COMPLEX_SIGNATURE;
    Buffer->MethodNameAsUlong = (ULONG)'MSD_';
    Buffer->Size = ArgumentsSize;
    Buffer->ArgumentCount = 4;

    //
    // Arg0: the UUID, in the in-memory layout of a GUID (ToUUID order).
    //
    Argument = &Buffer->Argument[0];
    ACPI_METHOD_SET_ARGUMENT_BUFFER(Argument, &GUID_SOCENET_DSM, sizeof(GUID));

    //
    // Arg1: revision; Arg2: function index.
    //
    Argument = ACPI_METHOD_NEXT_ARGUMENT(Argument);
    ACPI_METHOD_SET_ARGUMENT_INTEGER(Argument, SOC_DSM_REVISION);

    Argument = ACPI_METHOD_NEXT_ARGUMENT(Argument);
    ACPI_METHOD_SET_ARGUMENT_INTEGER(Argument, FunctionIndex);

    //
    // Arg3: an empty package.
    //
    Argument = ACPI_METHOD_NEXT_ARGUMENT(Argument);
    Argument->Type = ACPI_METHOD_ARGUMENT_PACKAGE;
    Argument->DataLength = 0;

    *Input = Buffer;
    *InputSize = TotalSize;
    return STATUS_SUCCESS;
}

static
NTSTATUS
SocSendAcpiIoctl(
    _In_ PDEVICE_OBJECT Pdo,
    _In_reads_bytes_(InputSize) PVOID Input,
    _In_ ULONG InputSize,
    _Out_writes_bytes_(OutputSize) PVOID Output,
    _In_ ULONG OutputSize,
    _Out_ PULONG_PTR Information
    )
{
    KEVENT          Event;
    IO_STATUS_BLOCK IoStatus;
    PIRP            Irp;
    NTSTATUS        Status;

    *Information = 0;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    RtlZeroMemory(&IoStatus, sizeof(IoStatus));

    Irp = IoBuildDeviceIoControlRequest(IOCTL_ACPI_EVAL_METHOD,
                                        Pdo,
                                        Input,
                                        InputSize,
                                        Output,
                                        OutputSize,
                                        FALSE,
                                        &Event,
                                        &IoStatus);
    if (Irp == NULL)
    {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    //
    // The I/O manager frees the IRP when it completes.
    //
    Status = IoCallDriver(Pdo, Irp);
    if (Status == STATUS_PENDING)
    {
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
        Status = IoStatus.Status;
    }

    *Information = IoStatus.Information;
    return Status;
}

static
NTSTATUS
SocEvaluateDsm(
    _In_ PDEVICE_OBJECT Pdo,
    _In_ ULONG FunctionIndex,
    _Outptr_ PACPI_EVAL_OUTPUT_BUFFER_V1 *Result
    )
/*++

Routine Description:

    Evaluates one _DSM function.  A result that does not fit the first
    output buffer (STATUS_BUFFER_OVERFLOW, the header telling the size
    needed) is fetched again with a buffer of that size.

Return Value:

    STATUS_SUCCESS with *Result (free with ExFreePoolWithTag(SOC_TAG_ACPI)),
    or the failure status of the evaluation; STATUS_ACPI_INVALID_DATA when
    the output is malformed.

--*/
{
    NTSTATUS                            Status;
    PACPI_EVAL_INPUT_BUFFER_COMPLEX_V1  Input = NULL;
    ULONG                               InputSize = 0;
    PACPI_EVAL_OUTPUT_BUFFER_V1         Output = NULL;
    ULONG                               OutputSize = SOC_DSM_OUTPUT_INITIAL_SIZE;
    ULONG_PTR                           Information = 0;
    ULONG                               Attempt;

    *Result = NULL;

    Status = SocBuildDsmInput(FunctionIndex, &Input, &InputSize);
    if (!NT_SUCCESS(Status))
    {
        return Status;
    }

    for (Attempt = 0; Attempt < 2; Attempt++)
    {
        Output = (PACPI_EVAL_OUTPUT_BUFFER_V1)ExAllocatePoolWithTag(NonPagedPoolNx, OutputSize, SOC_TAG_ACPI);
        if (Output == NULL)
        {
            Status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }
        RtlZeroMemory(Output, OutputSize);

        Status = SocSendAcpiIoctl(Pdo, Input, InputSize, Output, OutputSize, &Information);

        if (Status == STATUS_BUFFER_OVERFLOW &&
            Information >= sizeof(ACPI_EVAL_OUTPUT_BUFFER_V1) &&
            Output->Signature == ACPI_EVAL_OUTPUT_BUFFER_SIGNATURE &&
            Output->Length > OutputSize &&
            Attempt == 0)
        {
            OutputSize = Output->Length;
            ExFreePoolWithTag(Output, SOC_TAG_ACPI);
            Output = NULL;
            continue;
        }
        break;
    }

    ExFreePoolWithTag(Input, SOC_TAG_ACPI);

    if (NT_SUCCESS(Status))
    {
        if (Output->Signature != ACPI_EVAL_OUTPUT_BUFFER_SIGNATURE || Output->Count == 0)
        {
            Status = STATUS_ACPI_INVALID_DATA;
        }
    }

    if (!NT_SUCCESS(Status))
    {
        if (Output != NULL)
        {
            ExFreePoolWithTag(Output, SOC_TAG_ACPI);
        }
        return Status;
    }

    *Result = Output;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
SocAcpiReadMacAddress(
    PSOC_ADAPTER    Adapter,
    PUCHAR          MacAddress
    )
/*++

Routine Description:

    Asks firmware for the permanent MAC address (and the PHY address).

Return Value:

    STATUS_SUCCESS; STATUS_NO_SUCH_DEVICE without a PDO; STATUS_NOT_SUPPORTED
    when the _DSM does not offer the MAC function; the evaluation's status
    otherwise.

--*/
{
    NTSTATUS                    Status;
    PDEVICE_OBJECT              Pdo = NULL;
    PACPI_EVAL_OUTPUT_BUFFER_V1 Output = NULL;
    PACPI_METHOD_ARGUMENT       Argument;
    UCHAR                       Supported;

    PAGED_CODE();

    RtlZeroMemory(MacAddress, ETH_LENGTH_OF_ADDRESS);

    NdisMGetDeviceProperty(Adapter->AdapterHandle, &Pdo, NULL, NULL, NULL, NULL);
    if (Pdo == NULL)
    {
        return STATUS_NO_SUCH_DEVICE;
    }

    //
    // Function 0: which functions does this firmware implement?
    //
    Status = SocEvaluateDsm(Pdo, SOC_DSM_FUNCTION_QUERY, &Output);
    if (!NT_SUCCESS(Status))
    {
        DEBUGP(SOC_ERROR, __FUNCTION__ ": _DSM query failed 0x%08x\n", Status);
        return Status;
    }

    Argument = (PACPI_METHOD_ARGUMENT)&Output->Argument[0];
    Supported = 0;
    if (Argument->Type == ACPI_METHOD_ARGUMENT_BUFFER && Argument->DataLength >= 1)
    {
        Supported = Argument->Data[0];
    }
    else if (Argument->Type == ACPI_METHOD_ARGUMENT_INTEGER)
    {
        Supported = (UCHAR)Argument->Argument;
    }
    ExFreePoolWithTag(Output, SOC_TAG_ACPI);
    Output = NULL;

    if (!(Supported & 0x1) || !(Supported & (1 << SOC_DSM_FUNCTION_MAC_ADDRESS)))
    {
        DEBUGP(SOC_ERROR, __FUNCTION__ ": _DSM functions 0x%02x, no MAC address\n", Supported);
        return STATUS_NOT_SUPPORTED;
    }

    //
    // Function 1: the MAC address, a 6-byte buffer.
    //
    Status = SocEvaluateDsm(Pdo, SOC_DSM_FUNCTION_MAC_ADDRESS, &Output);
    if (!NT_SUCCESS(Status))
    {
        return Status;
    }

    Argument = (PACPI_METHOD_ARGUMENT)&Output->Argument[0];
    if (Argument->Type != ACPI_METHOD_ARGUMENT_BUFFER || Argument->DataLength != ETH_LENGTH_OF_ADDRESS)
    {
        DEBUGP(SOC_ERROR, __FUNCTION__ ": _DSM MAC has type %u length %u\n",
               Argument->Type, Argument->DataLength);
        ExFreePoolWithTag(Output, SOC_TAG_ACPI);
        return STATUS_ACPI_INVALID_DATA;
    }
    RtlCopyMemory(MacAddress, Argument->Data, ETH_LENGTH_OF_ADDRESS);
    ExFreePoolWithTag(Output, SOC_TAG_ACPI);
    Output = NULL;

    //
    // Function 2 (optional): the PHY's MDIO address; default 1.
    //
    Adapter->PhyAddress = 1;
    if (Supported & (1 << SOC_DSM_FUNCTION_PHY_ADDRESS))
    {
        Status = SocEvaluateDsm(Pdo, SOC_DSM_FUNCTION_PHY_ADDRESS, &Output);
        if (NT_SUCCESS(Status))
        {
            Argument = (PACPI_METHOD_ARGUMENT)&Output->Argument[0];
            if (Argument->Type == ACPI_METHOD_ARGUMENT_INTEGER && Argument->Argument < 32)
            {
                Adapter->PhyAddress = Argument->Argument;
            }
            ExFreePoolWithTag(Output, SOC_TAG_ACPI);
        }
    }

    DEBUGP(SOC_INFO, __FUNCTION__ ": firmware MAC %02x-%02x-%02x-%02x-%02x-%02x, PHY %u\n",
           MacAddress[0], MacAddress[1], MacAddress[2],
           MacAddress[3], MacAddress[4], MacAddress[5], Adapter->PhyAddress);

    return STATUS_SUCCESS;
}
