/* good_miniport.c — a well-behaved NDIS 6 miniport built as a shared
 * object against <ndis.h> only (test_runtime_loader loads it).  It sets
 * its attributes, reads a configuration keyword, takes memory, a spin
 * lock, a work item and a timer, answers the runtime's OIDs, and gives
 * everything back in MiniportHaltEx.
 */
#include <ndis.h>

static NDIS_HANDLE driver_handle;

struct good_adapter {
	NDIS_HANDLE handle;
	NDIS_SPIN_LOCK lock;
	NDIS_HANDLE work;
	NDIS_HANDLE timer;
	ULONG dma_bits;
	ULONG filter;
};

static const UCHAR good_mac[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };

static VOID good_timer(PVOID s1, PVOID ctx, PVOID s2, PVOID s3)
{
	UNREFERENCED_PARAMETER(s1);
	UNREFERENCED_PARAMETER(ctx);
	UNREFERENCED_PARAMETER(s2);
	UNREFERENCED_PARAMETER(s3);
}

static ULONG read_dma_bits(NDIS_HANDLE h)
{
	NDIS_CONFIGURATION_OBJECT co;
	NDIS_STRING key = NDIS_STRING_CONST("DmaBits");
	PNDIS_CONFIGURATION_PARAMETER v = NULL;
	NDIS_HANDLE cfg = NULL;
	NDIS_STATUS st;
	ULONG bits = 64;

	NdisZeroMemory(&co, sizeof(co));
	co.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
	co.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
	co.Header.Size = NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1;
	co.NdisHandle = h;
	if (NdisOpenConfigurationEx(&co, &cfg) != NDIS_STATUS_SUCCESS)
		return bits;
	NdisReadConfiguration(&st, &v, cfg, &key, NdisParameterInteger);
	if (st == NDIS_STATUS_SUCCESS)
		bits = v->ParameterData.IntegerData;
	NdisCloseConfiguration(cfg);
	return bits;
}

static NDIS_STATUS set_attributes(NDIS_HANDLE h, struct good_adapter *ga)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES r;

	NdisZeroMemory(&r, sizeof(r));
	r.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	r.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	r.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	r.MiniportAdapterContext = ga;
	r.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE |
			   NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER;
	r.InterfaceType = NdisInterfacePci;
	return NdisMSetMiniportAttributes(h, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&r);
}

static void release(struct good_adapter *ga)
{
	if (ga->timer)
		NdisFreeTimerObject(ga->timer);
	if (ga->work)
		NdisFreeIoWorkItem(ga->work);
	NdisFreeSpinLock(&ga->lock);
	NdisFreeMemory(ga, sizeof(*ga), 0);
}

static NDIS_STATUS good_initialize(NDIS_HANDLE h, NDIS_HANDLE drv,
				   PNDIS_MINIPORT_INIT_PARAMETERS p)
{
	NDIS_TIMER_CHARACTERISTICS tc;
	struct good_adapter *ga;
	NDIS_STATUS st;

	UNREFERENCED_PARAMETER(drv);
	UNREFERENCED_PARAMETER(p);
	ga = NdisAllocateMemoryWithTagPriority(h, sizeof(*ga), 0x646F6F47u, NormalPoolPriority);
	if (!ga)
		return NDIS_STATUS_RESOURCES;
	NdisZeroMemory(ga, sizeof(*ga));
	ga->handle = h;
	NdisAllocateSpinLock(&ga->lock);
	st = set_attributes(h, ga);
	ga->dma_bits = read_dma_bits(h);
	ga->work = NdisAllocateIoWorkItem(h);
	NdisZeroMemory(&tc, sizeof(tc));
	tc.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
	tc.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
	tc.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
	tc.TimerFunction = good_timer;
	tc.FunctionContext = ga;
	if (st == NDIS_STATUS_SUCCESS)
		st = NdisAllocateTimerObject(h, &tc, &ga->timer);
	if (st == NDIS_STATUS_SUCCESS && (!ga->work || ga->dma_bits != 32))
		st = NDIS_STATUS_FAILURE;   /* the test passes DmaBits=32 */
	if (st != NDIS_STATUS_SUCCESS)
		release(ga);
	return st;
}

static VOID good_halt(NDIS_HANDLE ctx, NDIS_HALT_ACTION action)
{
	UNREFERENCED_PARAMETER(action);
	release(ctx);
}

static VOID good_unload(PDRIVER_OBJECT o)
{
	UNREFERENCED_PARAMETER(o);
	NdisMDeregisterMiniportDriver(driver_handle);
}

static NDIS_STATUS good_pause(NDIS_HANDLE ctx, PNDIS_MINIPORT_PAUSE_PARAMETERS p)
{
	UNREFERENCED_PARAMETER(ctx);
	UNREFERENCED_PARAMETER(p);
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS good_restart(NDIS_HANDLE ctx, PNDIS_MINIPORT_RESTART_PARAMETERS p)
{
	UNREFERENCED_PARAMETER(ctx);
	UNREFERENCED_PARAMETER(p);
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS good_oid(NDIS_HANDLE ctx, PNDIS_OID_REQUEST r)
{
	struct good_adapter *ga = ctx;

	if (r->RequestType == NdisRequestSetInformation &&
	    r->DATA.SET_INFORMATION.Oid == OID_GEN_CURRENT_PACKET_FILTER &&
	    r->DATA.SET_INFORMATION.InformationBufferLength >= sizeof(ULONG)) {
		NdisAcquireSpinLock(&ga->lock);
		NdisMoveMemory(&ga->filter, r->DATA.SET_INFORMATION.InformationBuffer,
			       sizeof(ULONG));
		NdisReleaseSpinLock(&ga->lock);
		r->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
		return NDIS_STATUS_SUCCESS;
	}
	if (r->RequestType == NdisRequestQueryInformation &&
	    r->DATA.QUERY_INFORMATION.Oid == OID_802_3_CURRENT_ADDRESS &&
	    r->DATA.QUERY_INFORMATION.InformationBufferLength >= 6) {
		NdisMoveMemory(r->DATA.QUERY_INFORMATION.InformationBuffer, good_mac, 6);
		r->DATA.QUERY_INFORMATION.BytesWritten = 6;
		return NDIS_STATUS_SUCCESS;
	}
	return NDIS_STATUS_NOT_SUPPORTED;
}

static VOID good_send(NDIS_HANDLE ctx, PNET_BUFFER_LIST nbl, NDIS_PORT_NUMBER port, ULONG flags)
{
	struct good_adapter *ga = ctx;

	UNREFERENCED_PARAMETER(port);
	NdisMSendNetBufferListsComplete(ga->handle, nbl,
					flags & NDIS_SEND_FLAGS_DISPATCH_LEVEL ?
					NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

static VOID good_return(NDIS_HANDLE ctx, PNET_BUFFER_LIST nbl, ULONG flags)
{
	UNREFERENCED_PARAMETER(ctx);
	UNREFERENCED_PARAMETER(nbl);
	UNREFERENCED_PARAMETER(flags);
}

static VOID good_cancel_send(NDIS_HANDLE ctx, PVOID id)
{
	UNREFERENCED_PARAMETER(ctx);
	UNREFERENCED_PARAMETER(id);
}

static VOID good_pnp(NDIS_HANDLE ctx, PNET_DEVICE_PNP_EVENT e)
{
	UNREFERENCED_PARAMETER(ctx);
	UNREFERENCED_PARAMETER(e);
}

static VOID good_shutdown(NDIS_HANDLE ctx, NDIS_SHUTDOWN_ACTION a)
{
	UNREFERENCED_PARAMETER(ctx);
	UNREFERENCED_PARAMETER(a);
}

static VOID good_cancel_oid(NDIS_HANDLE ctx, PVOID id)
{
	UNREFERENCED_PARAMETER(ctx);
	UNREFERENCED_PARAMETER(id);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS c;

	NdisZeroMemory(&c, sizeof(c));
	c.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	c.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	c.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	c.MajorNdisVersion = NDIS_MINIPORT_MAJOR_VERSION;
	c.MinorNdisVersion = NDIS_MINIPORT_MINOR_VERSION;
	c.InitializeHandlerEx = good_initialize;
	c.HaltHandlerEx = good_halt;
	c.UnloadHandler = good_unload;
	c.PauseHandler = good_pause;
	c.RestartHandler = good_restart;
	c.OidRequestHandler = good_oid;
	c.SendNetBufferListsHandler = good_send;
	c.ReturnNetBufferListsHandler = good_return;
	c.CancelSendHandler = good_cancel_send;
	c.DevicePnPEventNotifyHandler = good_pnp;
	c.ShutdownHandlerEx = good_shutdown;
	c.CancelOidRequestHandler = good_cancel_oid;
	return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &c,
					   &driver_handle);
}
