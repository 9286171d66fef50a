/* runtime_miniport.h — a small built-in NDIS 6 miniport for the runtime
 * tests (test_runtime_*.c include it; it is not a test on its own).  It
 * records the order of the handler calls and the IRQL each one saw, and
 * can pend pause / restart / OID requests (completed from an NDIS I/O work
 * item), fail its initialization, and leak memory on purpose.
 */
#ifndef RUNTIME_MINIPORT_H
#define RUNTIME_MINIPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "runtime/runtime.h"

struct tm_config {
	NDIS_STATUS init_status;      /* what MiniportInitializeEx returns */
	bool leak_in_init;            /* failing init keeps its memory */
	bool leak_in_halt;            /* halt forgets to free its context */
	bool pend_pause, pend_restart, pend_oid;
	bool register_dma;            /* NdisMRegisterScatterGatherDma in init */
	bool leak_dma;                /* ... and never deregister it */
	void (*mutate)(NDIS_MINIPORT_DRIVER_CHARACTERISTICS *c);
};

#define TM_EVENTS 64
struct tm_log {
	char ev[TM_EVENTS][24];
	uint8_t irql[TM_EVENTS];
	int n;
	NDIS_STATUS register_status;
	NDIS_HANDLE driver_handle;
	ULONG resource_count;
	UCHAR resource_types[4];
	int returns;                  /* MiniportReturnNetBufferLists calls */
	KIRQL return_irql;
};

static struct tm_config tm_cfg;
static struct tm_log tm_log;

static const uint8_t tm_mac[6] = { 0x02, 0x00, 0x5E, 0x10, 0x20, 0x30 };

enum tm_op { TM_NONE, TM_PAUSE, TM_RESTART, TM_OID };

struct tm_adapter {
	NDIS_HANDLE h;
	NDIS_HANDLE work;
	enum tm_op op;
	PNDIS_OID_REQUEST req;
	NDIS_STATUS req_status;
	ULONG filter;
	NDIS_HANDLE dma;
};

static void tm_event(const char *what)
{
	if (tm_log.n < TM_EVENTS) {
		snprintf(tm_log.ev[tm_log.n], sizeof(tm_log.ev[0]), "%s", what);
		tm_log.irql[tm_log.n] = KeGetCurrentIrql();
		tm_log.n++;
	}
}

static void tm_reset(void)
{
	memset(&tm_cfg, 0, sizeof(tm_cfg));
	memset(&tm_log, 0, sizeof(tm_log));
}

static void tm_complete(PVOID ctx, NDIS_HANDLE work)
{
	struct tm_adapter *ta = ctx;

	(void)work;
	switch (ta->op) {
	case TM_PAUSE:
		NdisMPauseComplete(ta->h);
		break;
	case TM_RESTART:
		NdisMRestartComplete(ta->h, NDIS_STATUS_SUCCESS);
		break;
	case TM_OID:
		NdisMOidRequestComplete(ta->h, ta->req, ta->req_status);
		break;
	case TM_NONE:
		break;
	}
}

static NDIS_STATUS tm_pend(struct tm_adapter *ta, enum tm_op op)
{
	ta->op = op;
	NdisQueueIoWorkItem(ta->work, tm_complete, ta);
	return NDIS_STATUS_PENDING;
}

static NDIS_STATUS tm_set_attributes(NDIS_HANDLE h, struct tm_adapter *ta)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES r;
	NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES g;
	NDIS_STATUS st;

	memset(&r, 0, sizeof(r));
	r.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	r.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	r.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	r.MiniportAdapterContext = ta;
	r.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE |
			   NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER;
	r.InterfaceType = NdisInterfacePci;
	st = NdisMSetMiniportAttributes(h, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&r);
	if (st != NDIS_STATUS_SUCCESS)
		return st;
	memset(&g, 0, sizeof(g));
	g.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
	g.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	g.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	g.MediaType = NdisMedium802_3;
	g.MtuSize = 1500;
	g.MacAddressLength = 6;
	memcpy(g.CurrentMacAddress, tm_mac, 6);
	memcpy(g.PermanentMacAddress, tm_mac, 6);
	return NdisMSetMiniportAttributes(h, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&g);
}

static VOID tm_process_sg(PDEVICE_OBJECT o, PVOID r, PSCATTER_GATHER_LIST l, PVOID ctx)
{
	(void)o; (void)r; (void)l; (void)ctx;
}

static NDIS_STATUS tm_register_dma(struct tm_adapter *ta)
{
	NDIS_SG_DMA_DESCRIPTION dd;

	memset(&dd, 0, sizeof(dd));
	dd.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	dd.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
	dd.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
	dd.Flags = NDIS_SG_DMA_64_BIT_ADDRESS;
	dd.MaximumPhysicalMapping = 1514;
	dd.ProcessSGListHandler = tm_process_sg;
	return NdisMRegisterScatterGatherDma(ta->h, &dd, &ta->dma);
}

static void tm_record_resources(PNDIS_MINIPORT_INIT_PARAMETERS p)
{
	PNDIS_RESOURCE_LIST rl = p->AllocatedResources;

	tm_log.resource_count = rl ? rl->Count : 0;
	for (ULONG i = 0; rl && i < rl->Count && i < 4; i++)
		tm_log.resource_types[i] = rl->PartialDescriptors[i].Type;
}

static NDIS_STATUS tm_initialize(NDIS_HANDLE h, NDIS_HANDLE drv_ctx,
				 PNDIS_MINIPORT_INIT_PARAMETERS p)
{
	struct tm_adapter *ta;
	NDIS_STATUS st;

	(void)drv_ctx;
	tm_event(p->Header.Type == NDIS_OBJECT_TYPE_MINIPORT_INIT_PARAMETERS ?
		 "initialize" : "initialize-bad-header");
	tm_record_resources(p);
	ta = NdisAllocateMemoryWithTagPriority(h, sizeof(*ta), 0x6D74544Eu, NormalPoolPriority);
	if (!ta)
		return NDIS_STATUS_RESOURCES;
	NdisZeroMemory(ta, sizeof(*ta));
	ta->h = h;
	ta->work = NdisAllocateIoWorkItem(h);
	st = ta->work ? tm_set_attributes(h, ta) : NDIS_STATUS_RESOURCES;
	if (st == NDIS_STATUS_SUCCESS && tm_cfg.register_dma)
		st = tm_register_dma(ta);
	if (st == NDIS_STATUS_SUCCESS)
		st = tm_cfg.init_status;
	if (st != NDIS_STATUS_SUCCESS && !tm_cfg.leak_in_init) {
		if (ta->work)
			NdisFreeIoWorkItem(ta->work);
		NdisFreeMemory(ta, sizeof(*ta), 0);
	}
	return st;
}

static VOID tm_halt(NDIS_HANDLE ctx, NDIS_HALT_ACTION action)
{
	struct tm_adapter *ta = ctx;

	tm_event(action == NdisHaltDeviceDisabled ? "halt" : "halt-other");
	NdisFreeIoWorkItem(ta->work);
	if (ta->dma && !tm_cfg.leak_dma)
		NdisMDeregisterScatterGatherDma(ta->dma);
	if (!tm_cfg.leak_in_halt)
		NdisFreeMemory(ta, sizeof(*ta), 0);
}

static VOID tm_unload(PDRIVER_OBJECT o)
{
	(void)o;
	tm_event("unload");
	NdisMDeregisterMiniportDriver(tm_log.driver_handle);
}

static NDIS_STATUS tm_pause(NDIS_HANDLE ctx, PNDIS_MINIPORT_PAUSE_PARAMETERS p)
{
	(void)p;
	tm_event(tm_cfg.pend_pause ? "pause-pend" : "pause");
	return tm_cfg.pend_pause ? tm_pend(ctx, TM_PAUSE) : NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS tm_restart(NDIS_HANDLE ctx, PNDIS_MINIPORT_RESTART_PARAMETERS p)
{
	(void)p;
	tm_event(tm_cfg.pend_restart ? "restart-pend" : "restart");
	return tm_cfg.pend_restart ? tm_pend(ctx, TM_RESTART) : NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS tm_oid_answer(struct tm_adapter *ta, PNDIS_OID_REQUEST r)
{
	struct _NDIS_OID_QUERY *q = &r->DATA.QUERY_INFORMATION;

	if (r->RequestType == NdisRequestSetInformation &&
	    q->Oid == OID_GEN_CURRENT_PACKET_FILTER) {
		if (q->InformationBufferLength < sizeof(ULONG))
			return NDIS_STATUS_INVALID_LENGTH;
		memcpy(&ta->filter, q->InformationBuffer, sizeof(ULONG));
		r->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
		return NDIS_STATUS_SUCCESS;
	}
	if (r->RequestType == NdisRequestQueryInformation &&
	    q->Oid == OID_802_3_CURRENT_ADDRESS) {
		if (q->InformationBufferLength < 6) {
			q->BytesNeeded = 6;
			return NDIS_STATUS_BUFFER_TOO_SHORT;
		}
		memcpy(q->InformationBuffer, tm_mac, 6);
		q->BytesWritten = 6;
		return NDIS_STATUS_SUCCESS;
	}
	return NDIS_STATUS_NOT_SUPPORTED;
}

static NDIS_STATUS tm_oid(NDIS_HANDLE ctx, PNDIS_OID_REQUEST r)
{
	struct tm_adapter *ta = ctx;
	NDIS_STATUS st = tm_oid_answer(ta, r);

	tm_event(tm_cfg.pend_oid ? "oid-pend" : "oid");
	if (!tm_cfg.pend_oid)
		return st;
	ta->req = r;
	ta->req_status = st;
	return tm_pend(ta, TM_OID);
}

static VOID tm_send(NDIS_HANDLE ctx, PNET_BUFFER_LIST nbl, NDIS_PORT_NUMBER port, ULONG flags)
{
	struct tm_adapter *ta = ctx;

	(void)port;
	NdisMSendNetBufferListsComplete(ta->h, nbl, flags & 1);
}

static VOID tm_return(NDIS_HANDLE ctx, PNET_BUFFER_LIST nbl, ULONG flags)
{
	(void)ctx; (void)nbl; (void)flags;
	tm_log.returns++;
	tm_log.return_irql = KeGetCurrentIrql();
}

static VOID tm_cancel_send(NDIS_HANDLE ctx, PVOID id) { (void)ctx; (void)id; }
static VOID tm_pnp(NDIS_HANDLE ctx, PNET_DEVICE_PNP_EVENT e) { (void)ctx; (void)e; }
static VOID tm_shutdown(NDIS_HANDLE ctx, NDIS_SHUTDOWN_ACTION a) { (void)ctx; (void)a; }
static VOID tm_cancel_oid(NDIS_HANDLE ctx, PVOID id) { (void)ctx; (void)id; }

static void tm_fill_chars(NDIS_MINIPORT_DRIVER_CHARACTERISTICS *c)
{
	memset(c, 0, sizeof(*c));
	c->Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	c->Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	c->Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	c->MajorNdisVersion = 6;
	c->MinorNdisVersion = 30;
	c->InitializeHandlerEx = tm_initialize;
	c->HaltHandlerEx = tm_halt;
	c->UnloadHandler = tm_unload;
	c->PauseHandler = tm_pause;
	c->RestartHandler = tm_restart;
	c->OidRequestHandler = tm_oid;
	c->SendNetBufferListsHandler = tm_send;
	c->ReturnNetBufferListsHandler = tm_return;
	c->CancelSendHandler = tm_cancel_send;
	c->DevicePnPEventNotifyHandler = tm_pnp;
	c->ShutdownHandlerEx = tm_shutdown;
	c->CancelOidRequestHandler = tm_cancel_oid;
}

static int32_t tm_driver_entry(void *driver_object, void *registry_path)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS c;

	tm_event("driver-entry");
	tm_fill_chars(&c);
	if (tm_cfg.mutate)
		tm_cfg.mutate(&c);
	tm_log.register_status = NdisMRegisterMiniportDriver(
		driver_object, registry_path, NULL, &c, &tm_log.driver_handle);
	return tm_log.register_status;
}

/* ---- machine fixture ------------------------------------------------------- */

struct rt_fixture {
	struct ndisdma_machine *m;
	struct ndisdma_pools base;
	uint64_t expected_reports;
};

static inline void rt_fixture_setup(struct rt_fixture *f)
{
	struct ndisdma_config c;
	char err[256] = "";

	tm_reset();
	ndisdma_config_init(&c);
	assert_int_equal(ndisdma_machine_create(&c, &f->m, err, sizeof(err)), 0);
	ndisdma_thread_enter(f->m);
	ndisdma_machine_pools(f->m, &f->base);
	f->expected_reports = 0;
}

/* No report beyond the expected ones; every pool back at baseline. */
static inline void rt_fixture_check(struct rt_fixture *f)
{
	struct ndisdma_pools p;

	kernel_flush(f->m->k);
	ndisdma_machine_pools(f->m, &p);
	assert_int_equal(ndisdma_report_count(f->m, NULL), f->expected_reports);
	assert_int_equal(p.live_driver_resources, f->base.live_driver_resources);
	assert_int_equal(p.live_handles, f->base.live_handles);
	assert_int_equal(p.internal_allocations - p.internal_frees,
			 f->base.internal_allocations - f->base.internal_frees);
}

static inline void rt_fixture_teardown(struct rt_fixture *f)
{
	rt_fixture_check(f);
	ndisdma_thread_enter(NULL);
	ndisdma_machine_destroy(f->m);
	f->m = NULL;
}

static inline struct ndisdma_driver *tm_load(struct rt_fixture *f)
{
	struct ndisdma_driver *d = NULL;
	char err[256] = "";

	if (ndisdma_driver_load_builtin(f->m, "tm", tm_driver_entry, &d, err, sizeof(err)))
		fail_msg("load: %s", err);
	return d;
}

static inline struct ndisdma_adapter *tm_init(struct ndisdma_driver *d,
				       const struct ndisdma_adapter_params *p)
{
	struct ndisdma_adapter *a = NULL;
	char err[256] = "";

	if (ndisdma_adapter_initialize(d, p, &a, err, sizeof(err)))
		fail_msg("initialize: %s", err);
	return a;
}

static inline bool tm_event_is(int i, const char *what)
{
	return i < tm_log.n && strcmp(tm_log.ev[i], what) == 0;
}

#endif
