/*
 * conf_config.c — conformance miniport: the adapter's configuration and
 * its PCI configuration space as the public NDIS docs describe them,
 * written without ndisdma's source.  MiniportInitializeEx reads keywords
 * (integers, hex, strings, the predefined NdisVersion and ProcessorType, a
 * subkey by name and by index), writes values of each type and reads them
 * back through a new handle, takes NdisReadNetworkAddress's address only
 * when it is a 6-byte unicast one (falling back to the permanent address
 * otherwise, as the docs tell drivers to), uses the driver's own
 * configuration, and checks the device is the virtio network card it
 * drives with NdisMGetBusData: ids, class, BAR, interrupt line, Command,
 * the capability list, read-only fields.
 *
 * conf_host runs it with ConfExpect=1 and the keywords the checks name
 * (variant "config"); without ConfExpect (`ndisdma run --driver`) it
 * checks only what holds for any configuration.
 */
#define NDIS_MINIPORT_DRIVER 1
#define NDIS630_MINIPORT 1
#include <ndis.h>

#include "conf_check.h"
#include "conf_nic.h"

#define VIRTIO_PCI_VENDOR 0x1AF4

static NDIS_HANDLE
CcOpen(NDIS_HANDLE Owner)
{
	NDIS_CONFIGURATION_OBJECT co;
	NDIS_HANDLE h = NULL;
	NDIS_STATUS status;

	NdisZeroMemory(&co, sizeof(co));
	co.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
	co.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
	co.Header.Size = NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1;
	co.NdisHandle = Owner;
	status = NdisOpenConfigurationEx(&co, &h);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS && h != NULL);
	return status == NDIS_STATUS_SUCCESS ? h : NULL;
}

static BOOLEAN
CcReadUlong(NDIS_HANDLE h, PNDIS_STRING Key, NDIS_PARAMETER_TYPE Type, PULONG Value)
{
	PNDIS_CONFIGURATION_PARAMETER p = NULL;
	NDIS_STATUS status;

	NdisReadConfiguration(&status, &p, h, Key, Type);
	if (status != NDIS_STATUS_SUCCESS) {
		CONF_CHECK(status == NDIS_STATUS_FAILURE);
		return FALSE;
	}
	CONF_CHECK(p->ParameterType == NdisParameterInteger);
	*Value = p->ParameterData.IntegerData;
	return TRUE;
}

static BOOLEAN
CcStringIs(NDIS_HANDLE h, PNDIS_STRING Key, const WCHAR *Text, USHORT Bytes)
{
	PNDIS_CONFIGURATION_PARAMETER p = NULL;
	NDIS_STATUS status;

	NdisReadConfiguration(&status, &p, h, Key, NdisParameterString);
	return status == NDIS_STATUS_SUCCESS && p->ParameterType == NdisParameterString &&
	       p->ParameterData.StringData.Length == Bytes &&
	       NdisEqualMemory(p->ParameterData.StringData.Buffer, Text, Bytes);
}

/* The keywords conf_host gives ("config" variant). */
static VOID
CcExpectedKeywords(NDIS_HANDLE h)
{
	NDIS_STRING speed = NDIS_STRING_CONST("ConfSpeed"), mask = NDIS_STRING_CONST("ConfMask");
	NDIS_STRING ndi = NDIS_STRING_CONST("Ndi"), params = NDIS_STRING_CONST("Params");
	NDIS_STRING mode = NDIS_STRING_CONST("Mode"), name;
	NDIS_HANDLE sub = NULL, sub2 = NULL;
	NDIS_STATUS status;
	ULONG v = 0;

	CONF_CHECK(CcReadUlong(h, &speed, NdisParameterInteger, &v) && v == 100);
	CONF_CHECK(CcReadUlong(h, &mask, NdisParameterHexInteger, &v) && v == 0xFF);
	CONF_CHECK(!CcReadUlong(h, &mask, NdisParameterInteger, &v));   /* "ff" is no decimal */
	NdisOpenConfigurationKeyByName(&status, h, &ndi, &sub);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	if (status == NDIS_STATUS_SUCCESS) {
		NdisOpenConfigurationKeyByName(&status, sub, &params, &sub2);
		CONF_CHECK(status == NDIS_STATUS_SUCCESS);
		if (status == NDIS_STATUS_SUCCESS) {
			CONF_CHECK(CcStringIs(sub2, &mode, L"fast", 8));
			NdisCloseConfiguration(sub2);
		}
		NdisCloseConfiguration(sub);
	}
	NdisOpenConfigurationKeyByIndex(&status, h, 0, &name, &sub);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS && name.Length == 6 &&
		   NdisEqualMemory(name.Buffer, L"Ndi", 6));
	if (status == NDIS_STATUS_SUCCESS) {
		NdisCloseConfiguration(sub);
	}
	NdisOpenConfigurationKeyByIndex(&status, h, 1, &name, &sub);
	CONF_CHECK(status == NDIS_STATUS_FAILURE);
}

static VOID
CcWrite(NDIS_HANDLE h)
{
	NDIS_STRING written = NDIS_STRING_CONST("ConfWritten"), hex = NDIS_STRING_CONST("ConfHex");
	NDIS_STRING text = NDIS_STRING_CONST("ConfText"), bad = NDIS_STRING_CONST("ConfBad");
	NDIS_STRING value = NDIS_STRING_CONST("conf");
	NDIS_CONFIGURATION_PARAMETER p;
	NDIS_STATUS status;

	NdisZeroMemory(&p, sizeof(p));
	p.ParameterType = NdisParameterInteger;
	p.ParameterData.IntegerData = 0x1234;
	NdisWriteConfiguration(&status, h, &written, &p);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	p.ParameterType = NdisParameterHexInteger;
	p.ParameterData.IntegerData = 0xBEEF;
	NdisWriteConfiguration(&status, h, &hex, &p);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	p.ParameterType = NdisParameterString;
	p.ParameterData.StringData = value;
	NdisWriteConfiguration(&status, h, &text, &p);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	p.ParameterType = (NDIS_PARAMETER_TYPE)42;
	NdisWriteConfiguration(&status, h, &bad, &p);
	CONF_CHECK(status == NDIS_STATUS_NOT_SUPPORTED);
}

/* A new handle sees what the last one wrote. */
static VOID
CcReadBack(NDIS_HANDLE h)
{
	NDIS_STRING written = NDIS_STRING_CONST("ConfWritten"), hex = NDIS_STRING_CONST("ConfHex");
	NDIS_STRING text = NDIS_STRING_CONST("ConfText"), bad = NDIS_STRING_CONST("ConfBad");
	ULONG v = 0;

	CONF_CHECK(CcReadUlong(h, &written, NdisParameterInteger, &v) && v == 0x1234);
	CONF_CHECK(CcReadUlong(h, &hex, NdisParameterHexInteger, &v) && v == 0xBEEF);
	CONF_CHECK(CcStringIs(h, &text, L"conf", 8));
	CONF_CHECK(!CcReadUlong(h, &bad, NdisParameterInteger, &v));
}

/* NdisReadNetworkAddress, validated as the docs ask of the driver. */
static VOID
CcNetworkAddress(PNIC_ADAPTER a, NDIS_HANDLE h, BOOLEAN Expect)
{
	PUCHAR addr = NULL;
	UINT length = 0;
	NDIS_STATUS status;

	NdisReadNetworkAddress(&status, (PVOID *)&addr, &length, h);
	if (status == NDIS_STATUS_SUCCESS && length == ETH_LENGTH_OF_ADDRESS &&
	    !ETH_IS_MULTICAST(addr) &&
	    (addr[0] | addr[1] | addr[2] | addr[3] | addr[4] | addr[5]) != 0) {
		NdisMoveMemory(a->CurrentMac, addr, ETH_LENGTH_OF_ADDRESS);
	}
	if (Expect) {   /* conf_host gives 03-11-22-33-44-55: a multicast address */
		CONF_CHECK(status == NDIS_STATUS_SUCCESS && length == 6 && addr[0] == 0x03);
		CONF_CHECK(NdisEqualMemory(a->CurrentMac, a->PermanentMac, 6));
	} else {
		CONF_CHECK(status == NDIS_STATUS_SUCCESS || (addr == NULL && length == 0));
	}
}

static VOID
CcRegistry(PNIC_ADAPTER a)
{
	NDIS_STRING expect = NDIS_STRING_CONST("ConfExpect");
	NDIS_STRING version = NDIS_STRING_CONST("NdisVersion");
	NDIS_STRING cpu = NDIS_STRING_CONST("ProcessorType");
	NDIS_STRING global = NDIS_STRING_CONST("ConfDriverWide");
	NDIS_CONFIGURATION_PARAMETER p;
	NDIS_HANDLE h;
	NDIS_STATUS status;
	ULONG v = 0, expected = 0;

	h = CcOpen(a->AdapterHandle);
	if (h == NULL) {
		return;
	}
	CONF_CHECK(CcReadUlong(h, &version, NdisParameterInteger, &v) && (v >> 16) == 6);
	CONF_CHECK(CcReadUlong(h, &cpu, NdisParameterInteger, &v) && v == NdisProcessorAmd64);
	CcReadUlong(h, &expect, NdisParameterInteger, &expected);
	if (expected == 1) {
		CcExpectedKeywords(h);
	}
	CcWrite(h);
	CcNetworkAddress(a, h, expected == 1);
	NdisCloseConfiguration(h);
	h = CcOpen(a->AdapterHandle);
	if (h != NULL) {
		CcReadBack(h);
		NdisCloseConfiguration(h);
	}
	/* the driver's own Parameters key is another key */
	h = CcOpen(g_NicDriverHandle);
	if (h != NULL) {
		NdisZeroMemory(&p, sizeof(p));
		p.ParameterType = NdisParameterInteger;
		p.ParameterData.IntegerData = 7;
		NdisWriteConfiguration(&status, h, &global, &p);
		CONF_CHECK(status == NDIS_STATUS_SUCCESS);
		CONF_CHECK(CcReadUlong(h, &global, NdisParameterInteger, &v) && v == 7);
		NdisCloseConfiguration(h);
	}
}

/* The device, checked the way a driver checks it is on its hardware. */
static NDIS_STATUS
CcPciDevice(PNIC_ADAPTER a)
{
	PCI_COMMON_CONFIG cfg;
	PPCI_CAPABILITIES_HEADER cap;
	UCHAR at, found = 0;
	USHORT command, vendor = 0;
	ULONG n;

	n = NdisMGetBusData(a->AdapterHandle, PCI_WHICHSPACE_CONFIG, 0, &cfg, sizeof(cfg));
	CONF_CHECK(n == sizeof(cfg));
	if (n < PCI_COMMON_HDR_LENGTH || cfg.VendorID != VIRTIO_PCI_VENDOR) {
		CONF_CHECK(!"not a virtio device");
		return NDIS_STATUS_NOT_SUPPORTED;   /* not our hardware */
	}
	CONF_CHECK(cfg.DeviceID == 0x1041 || cfg.DeviceID == 0x1000);   /* network card */
	CONF_CHECK(cfg.BaseClass == 0x02 && cfg.SubClass == 0x00);
	CONF_CHECK((cfg.HeaderType & ~PCI_MULTIFUNCTION) == PCI_DEVICE_TYPE);
	CONF_CHECK((cfg.u.type0.BaseAddresses[0] & PCI_ADDRESS_IO_SPACE) == 0);
	CONF_CHECK((cfg.u.type0.BaseAddresses[0] & PCI_ADDRESS_MEMORY_ADDRESS_MASK) ==
		   (ULONG)a->RegisterBase.QuadPart);
	CONF_CHECK(cfg.u.type0.InterruptPin != 0 &&
		   cfg.u.type0.InterruptLine == (UCHAR)a->InterruptVector);
	CONF_CHECK((cfg.Command & (PCI_ENABLE_MEMORY_SPACE | PCI_ENABLE_BUS_MASTER)) ==
		   (PCI_ENABLE_MEMORY_SPACE | PCI_ENABLE_BUS_MASTER));
	/* walk the capability list */
	CONF_CHECK(cfg.Status & PCI_STATUS_CAPABILITIES_LIST);
	for (at = cfg.u.type0.CapabilitiesPtr, n = 0; at >= PCI_COMMON_HDR_LENGTH && n < 48;
	     at = cap->Next, n++) {
		cap = (PPCI_CAPABILITIES_HEADER)((PUCHAR)&cfg + at);
		if (cap->CapabilityID == PCI_CAPABILITY_ID_POWER_MANAGEMENT) {
			found = at;
		}
	}
	CONF_CHECK(found != 0);
	/* enable bus mastering the way drivers do: read, OR, write back */
	n = NdisMGetBusData(a->AdapterHandle, PCI_WHICHSPACE_CONFIG,
			    FIELD_OFFSET(PCI_COMMON_CONFIG, Command), &command, sizeof(command));
	command |= PCI_ENABLE_BUS_MASTER | PCI_ENABLE_MEMORY_SPACE;
	CONF_CHECK(NdisMSetBusData(a->AdapterHandle, PCI_WHICHSPACE_CONFIG,
				   FIELD_OFFSET(PCI_COMMON_CONFIG, Command), &command,
				   sizeof(command)) == sizeof(command));
	/* the vendor id is read-only; there is no ROM; past the space: short */
	NdisMSetBusData(a->AdapterHandle, PCI_WHICHSPACE_CONFIG, 0, &vendor, sizeof(vendor));
	NdisMGetBusData(a->AdapterHandle, PCI_WHICHSPACE_CONFIG, 0, &vendor, sizeof(vendor));
	CONF_CHECK(vendor == VIRTIO_PCI_VENDOR);
	CONF_CHECK(NdisMGetBusData(a->AdapterHandle, PCI_WHICHSPACE_ROM, 0, &cfg, 4) == 0);
	CONF_CHECK(NdisMGetBusData(a->AdapterHandle, PCI_WHICHSPACE_CONFIG, 0xFC, &cfg, 8) == 4);
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS
NicConfigure(PNIC_ADAPTER a)
{
	NDIS_STATUS status = CcPciDevice(a);

	if (status == NDIS_STATUS_SUCCESS) {
		CcRegistry(a);
	}
	return status;
}
