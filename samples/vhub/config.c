/*
 * config.c — what a vhub adapter reads from its registry key at
 * MiniportInitializeEx, and the one value it writes there.
 *
 * - *ReceiveBuffers (integer, 16-4096, default 256): how many frames may
 *   wait on the adapter's receive queue.
 * - VhubReceiveDelay (integer, microseconds, 0-10000000, default 50): how
 *   long the receive timer lets frames gather before its DPC indicates
 *   them.
 * - VhubPermanentAddress (string "02-56-48-xx-xx-xx"): the adapter's
 *   permanent MAC.  A virtual adapter has no ROM to read it from, so the
 *   first initialize derives one (locally administered, from the tick count
 *   and the adapter's number) and writes it with NdisWriteConfiguration;
 *   every later initialize of the adapter reads the same address back, as
 *   a NIC reads its ROM.
 * - NetworkAddress (NdisReadNetworkAddress): the administrator's override
 *   of the current address, used only when it is a 6-byte unicast address.
 */
#include "vhub.h"
#include "config.tmh"

static NDIS_STRING VhubReceiveBuffersKeyword = NDIS_STRING_CONST("*ReceiveBuffers");
static NDIS_STRING VhubAddressKeyword = NDIS_STRING_CONST("VhubPermanentAddress");
static NDIS_STRING VhubReceiveDelayKeyword = NDIS_STRING_CONST("VhubReceiveDelay");

static BOOLEAN VhubIsUsableUnicast(const UCHAR *Address)
{
	static const UCHAR zero[VHUB_MAC_LENGTH] = { 0 };

	return (Address[0] & 0x01) == 0 &&
	       !NdisEqualMemory(Address, zero, VHUB_MAC_LENGTH);
}

static LONG VhubHexDigit(WCHAR c)
{
	if (c >= L'0' && c <= L'9')
		return c - L'0';
	if (c >= L'a' && c <= L'f')
		return c - L'a' + 10;
	if (c >= L'A' && c <= L'F')
		return c - L'A' + 10;
	return -1;
}

/* "02-56-48-0A-1B-03" or "0256480A1B03" into six bytes.  The registry
 * string is counted, not terminated: its length comes from the
 * UNICODE_STRING, checked as any length read from outside is. */
static BOOLEAN VhubParseAddress(PCUNICODE_STRING Text, UCHAR *Address)
{
	ULONG chars = Text->Length / sizeof(WCHAR);
	ULONG i = 0, n = 0;

	while (n < VHUB_MAC_LENGTH) {
		ULONG next;
		LONG hi, lo;

		if (!NT_SUCCESS(RtlULongAdd(i, 2, &next)) || next > chars)
			return FALSE;
		hi = VhubHexDigit(Text->Buffer[i]);
		lo = VhubHexDigit(Text->Buffer[i + 1]);
		if (hi < 0 || lo < 0)
			return FALSE;
		Address[n++] = (UCHAR)(hi << 4 | lo);
		i = next;
		if (n < VHUB_MAC_LENGTH && i < chars && Text->Buffer[i] == L'-')
			i++;
	}
	return i == chars;
}

/* A permanent address for an adapter that has none stored: 02-56-48 ("VH",
 * locally administered), two bytes of the tick count (adapters started at
 * different times differ) and the adapter's number (adapters started in the
 * same tick differ). */
static VOID VhubDeriveAddress(PVHUB_ADAPTER Adapter)
{
	LARGE_INTEGER ticks;

	KeQueryTickCount(&ticks);
	Adapter->PermanentAddress[0] = 0x02;
	Adapter->PermanentAddress[1] = 0x56;
	Adapter->PermanentAddress[2] = 0x48;
	Adapter->PermanentAddress[3] = (UCHAR)(ticks.LowPart >> 8);
	Adapter->PermanentAddress[4] = (UCHAR)ticks.LowPart;
	Adapter->PermanentAddress[5] = (UCHAR)Adapter->Number;
	VHUB_TRACE(TRACE_LEVEL_VERBOSE, VHUB_CONFIG, "%s: tick count %I64d gives %!MACADDR!",
		   Adapter->Name, ticks.QuadPart, Adapter->PermanentAddress);
}

/* Stores the permanent address as a string, so the next initialize of this
 * adapter (and an administrator reading the key) finds it. */
static NDIS_STATUS VhubSaveAddress(PVHUB_ADAPTER Adapter, NDIS_HANDLE Config)
{
	NDIS_CONFIGURATION_PARAMETER param;
	WCHAR text[3 * VHUB_MAC_LENGTH];
	const UCHAR *a = Adapter->PermanentAddress;
	size_t bytes;
	NDIS_STATUS status;
	NTSTATUS nt;

	nt = RtlStringCbPrintfW(text, sizeof(text), L"%02X-%02X-%02X-%02X-%02X-%02X",
				a[0], a[1], a[2], a[3], a[4], a[5]);
	if (NT_SUCCESS(nt))
		nt = RtlStringCbLengthW(text, sizeof(text), &bytes);
	if (!NT_SUCCESS(nt))
		return NDIS_STATUS_FAILURE;
	NdisZeroMemory(&param, sizeof(param));
	param.ParameterType = NdisParameterString;
	param.ParameterData.StringData.Buffer = text;
	param.ParameterData.StringData.Length = (USHORT)bytes;
	param.ParameterData.StringData.MaximumLength = (USHORT)sizeof(text);
	NdisWriteConfiguration(&status, Config, &VhubAddressKeyword, &param);
	VHUB_TRACE(TRACE_LEVEL_INFORMATION, VHUB_CONFIG, "%s: saved %wZ as %ws: %!STATUS!",
		   Adapter->Name, &VhubAddressKeyword, text, status);
	return status;
}

static VOID VhubReadReceiveBuffers(PVHUB_ADAPTER Adapter, NDIS_HANDLE Config)
{
	PNDIS_CONFIGURATION_PARAMETER param = NULL;
	NDIS_STATUS status;

	Adapter->RecvLimit = VHUB_RECV_LIMIT_DEFAULT;
	NdisReadConfiguration(&status, &param, Config, &VhubReceiveBuffersKeyword,
			      NdisParameterInteger);
	if (status != NDIS_STATUS_SUCCESS)
		return;   /* absent: the default */
	if (param->ParameterData.IntegerData < VHUB_RECV_LIMIT_MIN ||
	    param->ParameterData.IntegerData > VHUB_RECV_LIMIT_MAX) {
		VHUB_TRACE(TRACE_LEVEL_WARNING, VHUB_CONFIG,
			   "%s: %wZ %lu out of range, %lu used", Adapter->Name,
			   &VhubReceiveBuffersKeyword, param->ParameterData.IntegerData,
			   Adapter->RecvLimit);
		return;
	}
	Adapter->RecvLimit = param->ParameterData.IntegerData;
}

static VOID VhubReadReceiveDelay(PVHUB_ADAPTER Adapter, NDIS_HANDLE Config)
{
	PNDIS_CONFIGURATION_PARAMETER param = NULL;
	ULONG us = VHUB_RECV_DELAY_DEFAULT_US;
	NDIS_STATUS status;

	NdisReadConfiguration(&status, &param, Config, &VhubReceiveDelayKeyword,
			      NdisParameterInteger);
	if (status == NDIS_STATUS_SUCCESS) {
		if (param->ParameterData.IntegerData <= VHUB_RECV_DELAY_MAX_US)
			us = param->ParameterData.IntegerData;
		else
			VHUB_TRACE(TRACE_LEVEL_WARNING, VHUB_CONFIG,
				   "%s: %wZ %lu out of range, %lu used", Adapter->Name,
				   &VhubReceiveDelayKeyword, param->ParameterData.IntegerData, us);
	}
	/* 100 ns units; the range above keeps it in a ULONG, checked anyway */
	if (!NT_SUCCESS(RtlULongMult(us, 10, &Adapter->RecvDelay100ns)))
		Adapter->RecvDelay100ns = VHUB_RECV_DELAY_DEFAULT_US * 10;
}

/* The permanent address: read back, or derived and saved. */
static NDIS_STATUS VhubReadPermanentAddress(PVHUB_ADAPTER Adapter, NDIS_HANDLE Config)
{
	PNDIS_CONFIGURATION_PARAMETER param = NULL;
	NDIS_STATUS status;

	NdisReadConfiguration(&status, &param, Config, &VhubAddressKeyword, NdisParameterString);
	if (status == NDIS_STATUS_SUCCESS && param->ParameterType == NdisParameterString &&
	    VhubParseAddress(&param->ParameterData.StringData, Adapter->PermanentAddress) &&
	    VhubIsUsableUnicast(Adapter->PermanentAddress)) {
		VHUB_TRACE(TRACE_LEVEL_INFORMATION, VHUB_CONFIG, "%s: stored address %!MACADDR!",
			   Adapter->Name, Adapter->PermanentAddress);
		DbgPrint("vhub: %s: permanent address %02X-%02X-%02X-%02X-%02X-%02X read back\n",
			 Adapter->Name, Adapter->PermanentAddress[0], Adapter->PermanentAddress[1],
			 Adapter->PermanentAddress[2], Adapter->PermanentAddress[3],
			 Adapter->PermanentAddress[4], Adapter->PermanentAddress[5]);
		return NDIS_STATUS_SUCCESS;
	}
	VhubDeriveAddress(Adapter);
	status = VhubSaveAddress(Adapter, Config);
	DbgPrint("vhub: %s: permanent address %02X-%02X-%02X-%02X-%02X-%02X derived, saved 0x%08lX\n",
		 Adapter->Name, Adapter->PermanentAddress[0], Adapter->PermanentAddress[1],
		 Adapter->PermanentAddress[2], Adapter->PermanentAddress[3],
		 Adapter->PermanentAddress[4], Adapter->PermanentAddress[5], status);
	/* A key that cannot be written costs only the address's stability. */
	return NDIS_STATUS_SUCCESS;
}

static VOID VhubReadNetworkAddress(PVHUB_ADAPTER Adapter, NDIS_HANDLE Config)
{
	PVOID address = NULL;
	UINT length = 0;
	NDIS_STATUS status;

	NdisMoveMemory(Adapter->CurrentAddress, Adapter->PermanentAddress, VHUB_MAC_LENGTH);
	NdisReadNetworkAddress(&status, &address, &length, Config);
	if (status != NDIS_STATUS_SUCCESS)
		return;
	if (length != VHUB_MAC_LENGTH || !VhubIsUsableUnicast(address)) {
		VHUB_TRACE(TRACE_LEVEL_WARNING, VHUB_CONFIG,
			   "%s: NetworkAddress of %u bytes ignored (not a unicast MAC)",
			   Adapter->Name, length);
		return;
	}
	NdisMoveMemory(Adapter->CurrentAddress, address, VHUB_MAC_LENGTH);
	VHUB_TRACE(TRACE_LEVEL_INFORMATION, VHUB_CONFIG, "%s: NetworkAddress %!MACADDR!",
		   Adapter->Name, Adapter->CurrentAddress);
}

NDIS_STATUS VhubReadConfiguration(PVHUB_ADAPTER Adapter)
{
	NDIS_CONFIGURATION_OBJECT obj;
	NDIS_HANDLE config = NULL;
	NDIS_STATUS status;

	NdisZeroMemory(&obj, sizeof(obj));
	obj.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
	obj.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
	obj.Header.Size = NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1;
	obj.NdisHandle = Adapter->AdapterHandle;
	status = NdisOpenConfigurationEx(&obj, &config);
	if (status != NDIS_STATUS_SUCCESS) {
		VHUB_TRACE(TRACE_LEVEL_ERROR, VHUB_CONFIG, "%!FUNC!: %s: %!STATUS!",
			   Adapter->Name, status);
		return status;
	}
	VhubReadReceiveBuffers(Adapter, config);
	VhubReadReceiveDelay(Adapter, config);
	status = VhubReadPermanentAddress(Adapter, config);
	if (status == NDIS_STATUS_SUCCESS)
		VhubReadNetworkAddress(Adapter, config);
	NdisCloseConfiguration(config);
	return status;
}
