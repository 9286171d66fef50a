/*
 * adapter.c — the life of one vhub adapter: MiniportInitializeEx (attributes,
 * configuration, receive resources, joining the hub), MiniportHaltEx,
 * MiniportPause / MiniportRestart, MiniportResetEx, MiniportShutdownEx and
 * the PnP notification.
 *
 * Pause (facts: MiniportPause) must not complete while a send is
 * outstanding or an indicated NBL is not yet returned.  Busy counts those,
 * plus one reference that stands for "running": restart sets it to 1,
 * every accepted send NBL and every queued or indicated receive copy adds
 * one, and pause drops the running reference.  Whoever drops Busy to zero
 * completes the pause.
 */
#include "vhub.h"
#include "adapter.tmh"

static NDIS_STATUS VhubSetRegistrationAttributes(PVHUB_ADAPTER Adapter)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;

	NdisZeroMemory(&reg, sizeof(reg));
	reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.MiniportAdapterContext = Adapter;
	/* No device: not a bus master, no hardware, nothing to halt on suspend. */
	reg.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND;
	reg.CheckForHangTimeInSeconds = 0;
	reg.InterfaceType = NdisInterfaceInternal;
	return NdisMSetMiniportAttributes(Adapter->AdapterHandle,
		(PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
}

static NDIS_STATUS VhubSetGeneralAttributes(PVHUB_ADAPTER Adapter)
{
	NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES gen;

	NdisZeroMemory(&gen, sizeof(gen));
	gen.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
	gen.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	gen.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	gen.MediaType = NdisMedium802_3;
	gen.PhysicalMediumType = NdisPhysicalMediumUnspecified;
	gen.MtuSize = VHUB_MTU;
	gen.MaxXmitLinkSpeed = gen.XmitLinkSpeed = VHUB_LINK_SPEED;
	gen.MaxRcvLinkSpeed = gen.RcvLinkSpeed = VHUB_LINK_SPEED;
	gen.MediaConnectState = MediaConnectStateConnected;
	gen.MediaDuplexState = MediaDuplexStateFull;
	gen.LookaheadSize = VHUB_MTU;
	gen.MacOptions = NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA |
			 NDIS_MAC_OPTION_TRANSFERS_NOT_PEND |
			 NDIS_MAC_OPTION_NO_LOOPBACK |
			 NDIS_MAC_OPTION_8021Q_VLAN;
	gen.SupportedPacketFilters = VHUB_SUPPORTED_FILTERS;
	gen.MaxMulticastListSize = VHUB_MAX_MULTICAST;
	gen.MacAddressLength = VHUB_MAC_LENGTH;
	NdisMoveMemory(gen.PermanentMacAddress, Adapter->PermanentAddress, VHUB_MAC_LENGTH);
	NdisMoveMemory(gen.CurrentMacAddress, Adapter->CurrentAddress, VHUB_MAC_LENGTH);
	gen.RecvScaleCapabilities = NULL;
	gen.AccessType = NET_IF_ACCESS_BROADCAST;
	gen.DirectionType = NET_IF_DIRECTION_SENDRECEIVE;
	gen.ConnectionType = NET_IF_CONNECTION_DEDICATED;
	gen.IfType = IF_TYPE_ETHERNET_CSMACD;
	gen.IfConnectorPresent = FALSE;   /* virtual: no connector */
	gen.SupportedStatistics = NDIS_STATISTICS_XMIT_OK_SUPPORTED |
				  NDIS_STATISTICS_RCV_OK_SUPPORTED |
				  NDIS_STATISTICS_XMIT_ERROR_SUPPORTED |
				  NDIS_STATISTICS_RCV_NO_BUFFER_SUPPORTED |
				  NDIS_STATISTICS_GEN_STATISTICS_SUPPORTED;
	gen.SupportedPauseFunctions = NdisPauseFunctionsUnsupported;
	gen.AutoNegotiationFlags = NDIS_LINK_STATE_XMIT_LINK_SPEED_AUTO_NEGOTIATED |
				   NDIS_LINK_STATE_RCV_LINK_SPEED_AUTO_NEGOTIATED |
				   NDIS_LINK_STATE_DUPLEX_AUTO_NEGOTIATED;
	return NdisMSetMiniportAttributes(Adapter->AdapterHandle,
		(PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&gen);
}

static PVHUB_ADAPTER VhubAllocateAdapter(NDIS_HANDLE MiniportAdapterHandle)
{
	PVHUB_ADAPTER ad;

	ad = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(*ad), VHUB_TAG,
					       NormalPoolPriority);
	if (ad == NULL)
		return NULL;
	NdisZeroMemory(ad, sizeof(*ad));
	ad->AdapterHandle = MiniportAdapterHandle;
	ad->Number = (ULONG)InterlockedIncrement(&VhubAdapterCount);
	if (!NT_SUCCESS(RtlStringCbPrintfA(ad->Name, sizeof(ad->Name), "vhub%lu", ad->Number)))
		ad->Name[0] = '\0';
	ad->State = VhubPaused;
	ad->PacketFilter = 0;            /* nothing is received until a filter is set */
	ad->Lookahead = VHUB_MTU;
	NdisAllocateSpinLock(&ad->Lock);
	InitializeListHead(&ad->Link);
	return ad;
}

static VOID VhubFreeAdapter(PVHUB_ADAPTER Adapter)
{
	VhubReceiveFree(Adapter);
	NdisFreeSpinLock(&Adapter->Lock);
	NdisFreeMemory(Adapter, 0, 0);
}

NDIS_STATUS VhubInitializeEx(NDIS_HANDLE MiniportAdapterHandle,
			     NDIS_HANDLE MiniportDriverContext,
			     PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	PVHUB_ADAPTER ad;
	NDIS_STATUS status;

	UNREFERENCED_PARAMETER(MiniportDriverContext);
	ad = VhubAllocateAdapter(MiniportAdapterHandle);
	if (ad == NULL) {
		VHUB_TRACE(TRACE_LEVEL_ERROR, VHUB_INIT, "%!FUNC!: no memory for the adapter");
		return NDIS_STATUS_RESOURCES;
	}
	VHUB_TRACE(TRACE_LEVEL_INFORMATION, VHUB_INIT, "%!FUNC!: %s, %u resources at %!irql!",
		   ad->Name, MiniportInitParameters->AllocatedResources != NULL ?
		   MiniportInitParameters->AllocatedResources->Count : 0, KeGetCurrentIrql());

	/* facts: registration attributes come first, general attributes second */
	status = VhubSetRegistrationAttributes(ad);
	if (status == NDIS_STATUS_SUCCESS)
		status = VhubReadConfiguration(ad);
	if (status == NDIS_STATUS_SUCCESS)
		status = VhubSetGeneralAttributes(ad);
	if (status == NDIS_STATUS_SUCCESS)
		status = VhubReceiveInitialize(ad);
	if (status != NDIS_STATUS_SUCCESS) {
		VHUB_TRACE(TRACE_LEVEL_ERROR, VHUB_INIT, "%!FUNC!: %s failed: %!STATUS!",
			   ad->Name, status);
		DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL,
			   "vhub: %s initialization failed 0x%08lX\n", ad->Name, status);
		VhubFreeAdapter(ad);
		return status;
	}
	VhubListInsert(ad);
	VHUB_TRACE(TRACE_LEVEL_INFORMATION, VHUB_INIT,
		   "%s: permanent address %!MACADDR!, current address %!MACADDR!",
		   ad->Name, ad->PermanentAddress, ad->CurrentAddress);
	return NDIS_STATUS_SUCCESS;
}

/* NDIS pauses an adapter before halting it: nothing is queued, indicated
 * or being sent any more. */
VOID VhubHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	PVHUB_ADAPTER ad = (PVHUB_ADAPTER)MiniportAdapterContext;

	VHUB_TRACE(TRACE_LEVEL_INFORMATION, VHUB_INIT, "%!FUNC!: %s, action %d",
		   ad->Name, HaltAction);
	VhubListRemove(ad);
	ASSERT(InterlockedCompareExchange(&ad->SendsOutstanding, 0, 0) == 0);
	VhubFreeAdapter(ad);
}

/* ---- pause and restart ------------------------------------------------------------ */

/* Drops one Busy reference; the last one of a pausing adapter completes
 * the pause (MiniportPause returned NDIS_STATUS_PENDING, or is about to). */
VOID VhubReleaseBusy(PVHUB_ADAPTER Adapter)
{
	if (InterlockedDecrement(&Adapter->Busy) == 0) {
		VHUB_TRACE(TRACE_LEVEL_INFORMATION, VHUB_PNP, "%s: pause complete", Adapter->Name);
		NdisAcquireSpinLock(&Adapter->Lock);
		if (Adapter->State == VhubPausing)
			Adapter->State = VhubPaused;
		NdisReleaseSpinLock(&Adapter->Lock);
		NdisMPauseComplete(Adapter->AdapterHandle);
	}
}

NDIS_STATUS VhubPause(NDIS_HANDLE MiniportAdapterContext,
		      PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
	PVHUB_ADAPTER ad = (PVHUB_ADAPTER)MiniportAdapterContext;
	LONG busy;

	UNREFERENCED_PARAMETER(PauseParameters);
	NdisAcquireSpinLock(&ad->Lock);
	ad->State = VhubPausing;        /* new sends fail, no new copies queue */
	NdisReleaseSpinLock(&ad->Lock);
	/* Copies still waiting are dropped: a paused adapter indicates nothing. */
	VhubReceiveFlush(ad, FALSE);
	busy = InterlockedDecrement(&ad->Busy);
	if (busy == 0) {
		NdisAcquireSpinLock(&ad->Lock);
		ad->State = VhubPaused;
		NdisReleaseSpinLock(&ad->Lock);
		VHUB_TRACE(TRACE_LEVEL_INFORMATION, VHUB_PNP, "%!FUNC!: %s paused", ad->Name);
		return NDIS_STATUS_SUCCESS;
	}
	VHUB_TRACE(TRACE_LEVEL_INFORMATION, VHUB_PNP,
		   "%!FUNC!: %s waits for %d sends and indications", ad->Name, busy);
	return NDIS_STATUS_PENDING;
}

NDIS_STATUS VhubRestart(NDIS_HANDLE MiniportAdapterContext,
			PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
	PVHUB_ADAPTER ad = (PVHUB_ADAPTER)MiniportAdapterContext;

	UNREFERENCED_PARAMETER(RestartParameters);
	NdisAcquireSpinLock(&ad->Lock);
	InterlockedExchange(&ad->Busy, 1);   /* the running reference */
	ad->State = VhubRunning;
	NdisReleaseSpinLock(&ad->Lock);
	VHUB_TRACE(TRACE_LEVEL_INFORMATION, VHUB_PNP, "%!FUNC!: %s running at %!MACADDR!",
		   ad->Name, ad->CurrentAddress);
	return NDIS_STATUS_SUCCESS;
}

/* ---- reset, shutdown, PnP ---------------------------------------------------------------- */

/* The last send of the adapter to complete ends a pended reset. */
VOID VhubSendDone(PVHUB_ADAPTER Adapter)
{
	if (InterlockedDecrement(&Adapter->SendsOutstanding) == 0 &&
	    InterlockedExchange(&Adapter->ResetPending, 0) != 0) {
		VHUB_TRACE(TRACE_LEVEL_INFORMATION, VHUB_PNP, "%s: reset complete", Adapter->Name);
		NdisMResetComplete(Adapter->AdapterHandle, NDIS_STATUS_SUCCESS, FALSE);
	}
}

/* A virtual adapter has no hardware to reset: its receive queue is
 * discarded (as a NIC's receive ring would be), and the reset completes
 * when every send it accepted has completed (NDIS 6.30 makes this a rule;
 * it is right for every version).  The address and filters are kept:
 * AddressingReset FALSE. */
NDIS_STATUS VhubResetEx(NDIS_HANDLE MiniportAdapterContext, PBOOLEAN AddressingReset)
{
	PVHUB_ADAPTER ad = (PVHUB_ADAPTER)MiniportAdapterContext;
	LONG sends;

	*AddressingReset = FALSE;
	VhubReceiveFlush(ad, TRUE);
	InterlockedExchange(&ad->ResetPending, 1);
	sends = InterlockedCompareExchange(&ad->SendsOutstanding, 0, 0);
	if (sends == 0 && InterlockedExchange(&ad->ResetPending, 0) != 0) {
		VHUB_TRACE(TRACE_LEVEL_INFORMATION, VHUB_PNP, "%!FUNC!: %s reset", ad->Name);
		return NDIS_STATUS_SUCCESS;
	}
	VHUB_TRACE(TRACE_LEVEL_INFORMATION, VHUB_PNP, "%!FUNC!: %s waits for %d sends",
		   ad->Name, sends);
	return NDIS_STATUS_PENDING;
}

/* MiniportShutdownEx may run at any IRQL (a bug check): no lock, no wait,
 * no trace — only the state, so nothing more is moved. */
VOID VhubShutdownEx(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
	PVHUB_ADAPTER ad = (PVHUB_ADAPTER)MiniportAdapterContext;

	UNREFERENCED_PARAMETER(ShutdownAction);
	*(volatile VHUB_STATE *)&ad->State = VhubShutDown;
}

VOID VhubDevicePnPEventNotify(NDIS_HANDLE MiniportAdapterContext,
			      PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
	PVHUB_ADAPTER ad = (PVHUB_ADAPTER)MiniportAdapterContext;

	/* No device to lose: surprise removal and power profile changes are
	 * only noted; the halt that follows a removal cleans up. */
	VHUB_TRACE(TRACE_LEVEL_INFORMATION, VHUB_PNP, "%!FUNC!: %s event %d", ad->Name,
		   NetDevicePnPEvent->DevicePnPEvent);
}
