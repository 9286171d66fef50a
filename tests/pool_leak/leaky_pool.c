/* leaky_pool.c — a miniport built as a shared object against <ndis.h>
 * only, for test_pool_leak: DriverEntry takes two pool blocks (tag 'Laky')
 * it never frees, so its unload is a POOL-LEAK naming this module's call
 * site, and nobody else's allocations are blamed on it. */
#include <ndis.h>

static NDIS_HANDLE driver_handle;
static PVOID volatile kept[2];   /* never read: volatile keeps the stores */

static NDIS_STATUS leaky_initialize(NDIS_HANDLE h, NDIS_HANDLE ctx,
				    PNDIS_MINIPORT_INIT_PARAMETERS p)
{
	UNREFERENCED_PARAMETER(h);
	UNREFERENCED_PARAMETER(ctx);
	UNREFERENCED_PARAMETER(p);
	return NDIS_STATUS_FAILURE;
}

static VOID leaky_halt(NDIS_HANDLE ctx, NDIS_HALT_ACTION a)
{
	UNREFERENCED_PARAMETER(ctx);
	UNREFERENCED_PARAMETER(a);
}

static VOID leaky_unload(PDRIVER_OBJECT o)
{
	UNREFERENCED_PARAMETER(o);
	NdisMDeregisterMiniportDriver(driver_handle);
}

static NDIS_STATUS leaky_pause(NDIS_HANDLE c, PNDIS_MINIPORT_PAUSE_PARAMETERS p)
{
	UNREFERENCED_PARAMETER(c);
	UNREFERENCED_PARAMETER(p);
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS leaky_restart(NDIS_HANDLE c, PNDIS_MINIPORT_RESTART_PARAMETERS p)
{
	UNREFERENCED_PARAMETER(c);
	UNREFERENCED_PARAMETER(p);
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS leaky_oid(NDIS_HANDLE c, PNDIS_OID_REQUEST r)
{
	UNREFERENCED_PARAMETER(c);
	UNREFERENCED_PARAMETER(r);
	return NDIS_STATUS_NOT_SUPPORTED;
}

static VOID leaky_send(NDIS_HANDLE c, PNET_BUFFER_LIST n, NDIS_PORT_NUMBER p, ULONG f)
{
	UNREFERENCED_PARAMETER(c);
	UNREFERENCED_PARAMETER(n);
	UNREFERENCED_PARAMETER(p);
	UNREFERENCED_PARAMETER(f);
}

static VOID leaky_return(NDIS_HANDLE c, PNET_BUFFER_LIST n, ULONG f)
{
	UNREFERENCED_PARAMETER(c);
	UNREFERENCED_PARAMETER(n);
	UNREFERENCED_PARAMETER(f);
}

static VOID leaky_cancel(NDIS_HANDLE c, PVOID id)
{
	UNREFERENCED_PARAMETER(c);
	UNREFERENCED_PARAMETER(id);
}

static VOID leaky_pnp(NDIS_HANDLE c, PNET_DEVICE_PNP_EVENT e)
{
	UNREFERENCED_PARAMETER(c);
	UNREFERENCED_PARAMETER(e);
}

static VOID leaky_shutdown(NDIS_HANDLE c, NDIS_SHUTDOWN_ACTION a)
{
	UNREFERENCED_PARAMETER(c);
	UNREFERENCED_PARAMETER(a);
}

/* One allocation site for both blocks (not a tail call: the site is the
 * return address). */
static DECLSPEC_NOINLINE VOID LeakyTake(ULONG i)
{
	kept[i] = ExAllocatePoolWithTag(NonPagedPoolNx, 64, 'ykaL');
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS c;

	for (ULONG i = 0; i < 2; i++)
		LeakyTake(i);
	NdisZeroMemory(&c, sizeof(c));
	c.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	c.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	c.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	c.MajorNdisVersion = 6;
	c.MinorNdisVersion = 30;
	c.InitializeHandlerEx = leaky_initialize;
	c.HaltHandlerEx = leaky_halt;
	c.UnloadHandler = leaky_unload;
	c.PauseHandler = leaky_pause;
	c.RestartHandler = leaky_restart;
	c.OidRequestHandler = leaky_oid;
	c.SendNetBufferListsHandler = leaky_send;
	c.ReturnNetBufferListsHandler = leaky_return;
	c.CancelSendHandler = leaky_cancel;
	c.DevicePnPEventNotifyHandler = leaky_pnp;
	c.ShutdownHandlerEx = leaky_shutdown;
	c.CancelOidRequestHandler = leaky_cancel;
	return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &c, &driver_handle);
}
