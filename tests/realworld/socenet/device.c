/*++

Module Name:

    device.c

Abstract:

    Finding the device: the adapter's registry keywords, its assigned
    resources (register windows, interrupt) and its PCI identity.

Environment:

    Kernel mode, PASSIVE_LEVEL (MiniportInitializeEx).

--*/

#include "socenet.h"

#pragma alloc_text(PAGE, SocReadRegistry)
#pragma alloc_text(PAGE, SocMapResources)
#pragma alloc_text(PAGE, SocCheckPciDevice)

static const USHORT SocSupportedDeviceIds[] =
{
    SOC_PCI_DEVICE_ID_1G,
    SOC_PCI_DEVICE_ID_1G_LP,
};

//
// Shared with the user-mode diagnostics tool, which is built UNICODE.
//
static const TCHAR SocModelNames[][12] =
{
    TEXT("SNC-1G"),
    TEXT("SNC-1G-LP"),
};

VOID
SocReadRegistry(
    _In_ PSOC_ADAPTER Adapter
    )
/*++
    Standardized keywords; a missing or out-of-range value keeps the
    default.
--*/
{
    NDIS_STATUS                     Status;
    NDIS_HANDLE                     ConfigurationHandle;
    NDIS_CONFIGURATION_OBJECT       ConfigObject;
    PNDIS_CONFIGURATION_PARAMETER   Parameter;
    NDIS_STRING                     JumboKeyword = NDIS_STRING_CONST("*JumboPacket");
    NDIS_STRING                     PriorityVlanKeyword = RTL_CONSTANT_STRING(L"*PriorityVLANTag");
    NDIS_STRING                     ChecksumKeyword = RTL_CONSTANT_STRING(L"*IPChecksumOffloadIPv4");

    Adapter->MaxFrameSize = SOC_MAX_FRAME_SIZE;
    Adapter->PriorityVlanTag = TRUE;
    Adapter->RxChecksumEnabled = TRUE;

    NdisZeroMemory(&ConfigObject, sizeof(ConfigObject));
    ConfigObject.Header.Type     = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
    ConfigObject.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
    ConfigObject.Header.Size     = NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1;
    ConfigObject.NdisHandle      = Adapter->AdapterHandle;

    Status = NdisOpenConfigurationEx(&ConfigObject, &ConfigurationHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(SOC_WARN, "NdisOpenConfigurationEx failed 0x%08x, using defaults\n", Status);
        return;
    }

    NdisReadConfiguration(&Status, &Parameter, ConfigurationHandle, &JumboKeyword, NdisParameterInteger);
    if (Status == NDIS_STATUS_SUCCESS &&
        Parameter->ParameterData.IntegerData >= SOC_MAX_FRAME_SIZE &&
        Parameter->ParameterData.IntegerData <= SOC_MAX_JUMBO_FRAME_SIZE)
    {
        Adapter->MaxFrameSize = Parameter->ParameterData.IntegerData;
    }

    NdisReadConfiguration(&Status, &Parameter, ConfigurationHandle, &PriorityVlanKeyword, NdisParameterInteger);
    if (Status == NDIS_STATUS_SUCCESS)
    {
        Adapter->PriorityVlanTag = (BOOLEAN)(Parameter->ParameterData.IntegerData != 0);
    }

    NdisReadConfiguration(&Status, &Parameter, ConfigurationHandle, &ChecksumKeyword, NdisParameterInteger);
    if (Status == NDIS_STATUS_SUCCESS)
    {
        //
        // 0 disabled, 1 Tx, 2 Rx, 3 Rx and Tx: only receive is offloaded.
        //
        Adapter->RxChecksumEnabled = (BOOLEAN)((Parameter->ParameterData.IntegerData & 2) != 0);
    }

    NdisCloseConfiguration(ConfigurationHandle);
}

NDIS_STATUS
SocMapResources(
    _In_ PSOC_ADAPTER Adapter,
    _In_ PNDIS_MINIPORT_INIT_PARAMETERS InitParameters
    )
/*++
    BAR0 (registers) through NdisMMapIoSpace; a second memory range (the
    statistics window of the LP variant) through MmMapIoSpaceEx.
--*/
{
    PNDIS_RESOURCE_LIST             Resources = InitParameters->AllocatedResources;
    PCM_PARTIAL_RESOURCE_DESCRIPTOR Descriptor;
    ULONG                           i;
    ULONG                           MemoryRanges = 0;
    BOOLEAN                         HaveInterrupt = FALSE;
    NDIS_STATUS                     Status;

    if (Resources == NULL)
    {
        DEBUGP(SOC_ERROR, "no resources assigned\n");
        return NDIS_STATUS_RESOURCE_CONFLICT;
    }

    for (i = 0; i < Resources->Count; i++)
    {
        Descriptor = &Resources->PartialDescriptors[i];

        switch (Descriptor->Type)
        {
            case CmResourceTypeMemory:
                if (MemoryRanges == 0)
                {
                    Adapter->RegisterPhysical = Descriptor->u.Memory.Start;
                    Adapter->RegisterLength   = Descriptor->u.Memory.Length;
                }
                else if (MemoryRanges == 1 && Descriptor->u.Memory.Length >= SOC_STATS_WINDOW_SPACE)
                {
                    Adapter->StatsWindowLength = SOC_STATS_WINDOW_SPACE;
                    Adapter->StatsWindow = (PUCHAR)MmMapIoSpaceEx(Descriptor->u.Memory.Start,
                                                                  Adapter->StatsWindowLength,
                                                                  PAGE_READWRITE | PAGE_NOCACHE);
                    if (Adapter->StatsWindow == NULL)
                    {
                        Adapter->StatsWindowLength = 0;
                        DEBUGP(SOC_WARN, "statistics window not mapped, using DMA dumps\n");
                    }
                }
                MemoryRanges++;
                break;

            case CmResourceTypeInterrupt:
                HaveInterrupt = TRUE;
                Adapter->InterruptVector = Descriptor->u.Interrupt.Vector;
                break;

            default:
                break;
        }
    }

    if (MemoryRanges == 0 || !HaveInterrupt)
    {
        DEBUGP(SOC_ERROR, "resources incomplete: %u memory range(s), interrupt %s\n",
               MemoryRanges, HaveInterrupt ? "yes" : "no");
        return NDIS_STATUS_RESOURCE_CONFLICT;
    }

    if (Adapter->RegisterLength < SOC_REGISTER_SPACE)
    {
        DEBUGP(SOC_ERROR, "register window too small: 0x%x bytes\n", Adapter->RegisterLength);
        return NDIS_STATUS_RESOURCE_CONFLICT;
    }

    Status = NdisMMapIoSpace((PVOID *)&Adapter->Registers,
                             Adapter->AdapterHandle,
                             Adapter->RegisterPhysical,
                             SOC_REGISTER_SPACE);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        Adapter->Registers = NULL;
        return Status;
    }

    DEBUGP(SOC_INFO, "registers at PA 0x%I64x mapped to %p, vector %u\n",
           Adapter->RegisterPhysical.QuadPart, Adapter->Registers, Adapter->InterruptVector);
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
SocCheckPciDevice(
    _In_ PSOC_ADAPTER Adapter
    )
/*++
    Vendor/device/revision from PCI configuration space; memory decoding and
    bus mastering enabled in the Command register.
--*/
{
    PCI_COMMON_HEADER   Header;
    ULONG               BytesRead;
    ULONG               i;
    BOOLEAN             Known = FALSE;
    USHORT              Command;

    NdisZeroMemory(&Header, sizeof(Header));

    BytesRead = NdisMGetBusData(Adapter->AdapterHandle, PCI_WHICHSPACE_CONFIG, 0,
                                &Header, PCI_COMMON_HDR_LENGTH);
    if (BytesRead != PCI_COMMON_HDR_LENGTH)
    {
        DEBUGP(SOC_ERROR, "PCI configuration space unreadable (%u bytes)\n", BytesRead);
        return NDIS_STATUS_ADAPTER_NOT_FOUND;
    }

    if (Header.VendorID == SOC_PCI_VENDOR_ID)
    {
        for (i = 0; i < ARRAYSIZE(SocSupportedDeviceIds); i++)
        {
            if (Header.DeviceID == SocSupportedDeviceIds[i])
            {
                Known = TRUE;
                break;
            }
        }
    }

    if (!Known || Header.RevisionID < SOC_PCI_MIN_REVISION)
    {
        DEBUGP(SOC_ERROR, "not an SNC-1G: %04x:%04x rev %02x\n",
               Header.VendorID, Header.DeviceID, Header.RevisionID);
        NdisWriteErrorLogEntry(Adapter->AdapterHandle,
                               NDIS_ERROR_CODE_ADAPTER_NOT_FOUND,
                               3,
                               (ULONG)Header.VendorID,
                               (ULONG)Header.DeviceID,
                               (ULONG)Header.RevisionID);
        return NDIS_STATUS_ADAPTER_NOT_FOUND;
    }

    Adapter->PciDeviceId = Header.DeviceID;
    Adapter->PciRevision = Header.RevisionID;

    {
        WCHAR           ModelBuffer[RTL_NUMBER_OF(SocModelNames[0])];
        UNICODE_STRING  Model;
        ULONG           c;

        for (c = 0; c < RTL_NUMBER_OF(ModelBuffer) - 1 && SocModelNames[i][c] != 0; c++)
        {
            ModelBuffer[c] = (WCHAR)SocModelNames[i][c];
        }
        ModelBuffer[c] = 0;
        RtlInitUnicodeString(&Model, ModelBuffer);
        DEBUGP(SOC_INFO, "%wZ revision %u\n", &Model, Header.RevisionID);
    }

    Command = Header.Command;
    if ((Command & (PCI_ENABLE_MEMORY_SPACE | PCI_ENABLE_BUS_MASTER)) !=
        (PCI_ENABLE_MEMORY_SPACE | PCI_ENABLE_BUS_MASTER))
    {
        Command |= PCI_ENABLE_MEMORY_SPACE | PCI_ENABLE_BUS_MASTER;
        NdisMSetBusData(Adapter->AdapterHandle, PCI_WHICHSPACE_CONFIG,
                        FIELD_OFFSET(PCI_COMMON_HEADER, Command), &Command, sizeof(Command));

        Command = 0;
        NdisMGetBusData(Adapter->AdapterHandle, PCI_WHICHSPACE_CONFIG,
                        FIELD_OFFSET(PCI_COMMON_HEADER, Command), &Command, sizeof(Command));
        if (!(Command & PCI_ENABLE_BUS_MASTER))
        {
            DEBUGP(SOC_ERROR, "bus mastering cannot be enabled (command 0x%04x)\n", Command);
            return NDIS_STATUS_ADAPTER_NOT_FOUND;
        }
    }

    return NDIS_STATUS_SUCCESS;
}

