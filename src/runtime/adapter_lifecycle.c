/* adapter_lifecycle.c — the adapter state machine of spec §13:
 *
 *   initialize: MiniportInitializeEx at PASSIVE            -> Paused
 *   restart:    MiniportRestart (may pend)                 -> Running,
 *               then the packet filter and MAC address by OID
 *               and the periodic hang check (adapter_reset.c)
 *   pause:      [hang check stopped] MiniportPause (may pend) -> Paused
 *   halt:       [pause] MiniportHaltEx(NdisHaltDeviceDisabled) -> Halted,
 *               then HALT-DMA-LEAK and RES-LEAK for what is left, reclaimed
 *
 * A failed initialization gets no MiniportHaltEx; what it left behind is
 * reported and reclaimed the same way.
 */
#include "runtime/runtime.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/ksched.h"
#include "kernel/ktime.h"

#include "ndis/sg_dma.h"

/* ---- AllocatedResources ------------------------------------------------------ */

/* A CM_RESOURCE_LIST with one full descriptor; its partial list is what
 * MiniportInitializeEx sees in AllocatedResources. */
static int build_resources(struct ndisdma_adapter *a, const struct ndisdma_adapter_params *p)
{
	size_t bytes = sizeof(CM_RESOURCE_LIST) + 2 * sizeof(CM_PARTIAL_RESOURCE_DESCRIPTOR);
	PCM_RESOURCE_LIST full = calloc(1, bytes);
	PCM_PARTIAL_RESOURCE_LIST part;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;

	if (!full)
		return -ENOMEM;
	full->Count = 1;
	full->List[0].InterfaceType = PCIBus;
	part = &full->List[0].PartialResourceList;
	part->Version = 1;
	part->Revision = 1;
	d = part->PartialDescriptors;
	if (p && p->mmio_length) {
		d->Type = CmResourceTypeMemory;
		d->ShareDisposition = CmResourceShareDeviceExclusive;
		d->Flags = CM_RESOURCE_MEMORY_READ_WRITE;
		d->u.Memory.Start.QuadPart = (LONGLONG)p->mmio_base;
		d->u.Memory.Length = p->mmio_length;
		d++;
		part->Count++;
	}
	if (p && p->interrupt_vector) {
		d->Type = CmResourceTypeInterrupt;
		d->ShareDisposition = CmResourceShareDeviceExclusive;
		d->Flags = CM_RESOURCE_INTERRUPT_LEVEL_SENSITIVE;
		d->u.Interrupt.Level = p->interrupt_vector;
		d->u.Interrupt.Vector = p->interrupt_vector;
		d->u.Interrupt.Affinity = 1;
		part->Count++;
	}
	a->resources = full;
	a->na.cm_resources = full;
	a->na.resource_list = part;
	return 0;
}

/* The adapter's key in the machine's registry: "adapter:" + driver +
 * "\\" + adapter name, seeded from the keywords the first time that
 * identity initializes, and the same key (with what the miniport wrote)
 * every time after (src/ndis/config_store.h). */
static int open_config(struct ndisdma_adapter *a, const struct ndisdma_adapter_params *p,
		       const char *name, char *err, size_t errlen)
{
	char identity[256];
	const char *bad;
	int rc;

	snprintf(identity, sizeof(identity), "adapter:%s\\%s", a->d->name, name);
	rc = config_registry_open(a->m->registry, identity, p ? p->params : NULL,
				  &a->na.config, &bad);
	if (rc == -EINVAL)
		rt_error(err, errlen, "%s: bad keyword '%s' (NAME=VALUE, NAME may be "
			 "Sub\\...\\Name)", name, bad);
	return rc;
}

/* ---- creation and teardown ---------------------------------------------------- */

static void adapter_free(struct ndisdma_adapter *a)
{
	ndis_adapter_devices_destroy(&a->na);
	if (a->na.handle)
		kernel_handle_retire(a->m->k, a->na.handle);
	kres_list_destroy(&a->na.resources);
	rt_device_detach(a);   /* after its interrupt and windows were reclaimed */
	free(a->resources);
	pthread_mutex_destroy(&a->oid_serial);
	pthread_rwlock_destroy(&a->send_gate);
	pthread_cond_destroy(&a->hang_cond);
	pthread_cond_destroy(&a->cond);
	pthread_mutex_destroy(&a->lock);
	free(a);
}

static struct ndisdma_adapter *adapter_new(struct ndisdma_driver *d,
					   const struct ndisdma_adapter_params *p,
					   const char *name, int *rc, char *err, size_t errlen)
{
	struct ndisdma_adapter *a = calloc(1, sizeof(*a));
	struct ndisdma_adapter_params eff;   /* p with the device's resources */

	*rc = -ENOMEM;
	if (!a)
		return NULL;
	a->m = d->m;
	a->d = d;
	pthread_mutex_init(&a->lock, NULL);
	kwait_cond_init(&a->cond);
	pthread_mutex_init(&a->oid_serial, NULL);
	pthread_rwlock_init(&a->send_gate, NULL);
	kwait_cond_init(&a->hang_cond);
	kres_list_init(&a->na.resources, d->m->k);
	a->na.k = d->m->k;
	a->na.driver = &d->nd;
	snprintf(a->na.name, sizeof(a->na.name), "%s", name);
	a->na.host = &rt_adapter_host_ops;
	a->na.host_context = a;
	a->na.throttle_budget = d->m->config.receive_throttle ? d->m->config.receive_throttle
							      : RT_THROTTLE_DEFAULT;
	a->na.handle = kernel_handle_new(d->m->k, HANDLE_ADAPTER, &a->na);
	if (a->na.handle && (*rc = rt_device_attach(a, p, &eff, err, errlen))) {
		adapter_free(a);
		return NULL;
	}
	*rc = -ENOMEM;
	if (!a->na.handle || build_resources(a, &eff) ||
	    ndis_adapter_devices_create(&a->na) ||
	    (*rc = open_config(a, p, name, err, errlen))) {
		adapter_free(a);
		return NULL;
	}
	*rc = 0;
	return a;
}

/* After MiniportHaltEx, or a failed MiniportInitializeEx: what the
 * miniport left behind is reported and reclaimed (spec §8, §13). */
static void reclaim_after(struct ndisdma_adapter *a, const char *when)
{
	struct kernel *k = a->m->k;
	struct rt_call c;

	rt_enter(k, &c);
	kernel_flush(k);   /* queued work items and DPCs finish first */
	if (a->na.dma) {
		struct vf_facts f = { .handle = a->na.dma->handle, .irql = -1,
				      .alloc_site = a->na.dma->register_site };

		vf_report(k->verifier, VF_HALT_DMA_LEAK, &f,
			  "%s returned with the SG DMA channel still registered (deregistered now)",
			  when);
		sg_channel_destroy(a->na.dma);
		a->na.dma = NULL;
	}
	rt_reclaim_leaks(k, &a->na.resources, when);
	kernel_flush(k);
	rt_leave(&c, "adapter cleanup");
}

/* ---- initialize ------------------------------------------------------------------ */

static NDIS_STATUS call_initialize(struct ndisdma_adapter *a)
{
	NDIS_MINIPORT_INIT_PARAMETERS ip;
	struct rt_call c;
	NDIS_STATUS st;

	memset(&ip, 0, sizeof(ip));
	ip.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_INIT_PARAMETERS;
	ip.Header.Revision = NDIS_MINIPORT_INIT_PARAMETERS_REVISION_1;
	ip.Header.Size = NDIS_SIZEOF_MINIPORT_INIT_PARAMETERS_REVISION_1;
	ip.AllocatedResources = a->na.resource_list;
	ip.IfIndex = 1;

	atomic_store(&a->na.state, ADAPTER_INITIALIZING);
	/* spec §4 REG-CONTEXT: "inside MiniportInitializeEx of this adapter" */
	a->na.init_context = kcontext_self();
	a->na.in_initialize = true;
	rt_enter(a->m->k, &c);
	st = a->d->nd.chars.InitializeHandlerEx(a->na.handle, a->d->nd.driver_context, &ip);
	rt_leave(&c, "MiniportInitializeEx");
	a->na.in_initialize = false;
	return st;
}

/* NDIS tells an initialized miniport the system's power profile
 * (MiniportDevicePnPEventNotify, NdisDevicePnPEventPowerProfileChanged,
 * InformationBuffer a ULONG NDIS_POWER_PROFILE); ndisdma's host is on AC
 * power and never changes (docs/runtime.md). */
static void notify_power_profile(struct ndisdma_adapter *a)
{
	ULONG profile = NdisPowerProfileAcOnLine;
	NET_DEVICE_PNP_EVENT ev;
	struct rt_call c;

	memset(&ev, 0, sizeof(ev));
	ev.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	ev.Header.Revision = NET_DEVICE_PNP_EVENT_REVISION_1;
	ev.Header.Size = NDIS_SIZEOF_NET_DEVICE_PNP_EVENT_REVISION_1;
	ev.PortNumber = NDIS_DEFAULT_PORT_NUMBER;
	ev.DevicePnPEvent = NdisDevicePnPEventPowerProfileChanged;
	ev.InformationBuffer = &profile;
	ev.InformationBufferLength = sizeof(profile);
	kernel_trace(a->m->k, "MiniportDevicePnPEventNotify: power profile AC on line");
	rt_enter(a->m->k, &c);
	a->d->nd.chars.DevicePnPEventNotifyHandler(a->na.context, &ev);
	rt_leave(&c, "MiniportDevicePnPEventNotify");
}

int ndisdma_adapter_initialize(struct ndisdma_driver *d,
			       const struct ndisdma_adapter_params *params,
			       struct ndisdma_adapter **out, char *err, size_t errlen)
{
	const char *name = params && params->name ? params->name : d->name;
	struct ndisdma_adapter *a;
	NDIS_STATUS st;
	int rc;

	*out = NULL;
	if (!d->nd.registered) {
		rt_error(err, errlen, "%s: driver is not registered", name);
		return -EINVAL;
	}
	a = adapter_new(d, params, name, &rc, err, errlen);
	if (!a) {
		if (rc == -ENOMEM)
			rt_error(err, errlen, "%s: out of memory", name);
		return rc;
	}
	kernel_trace(d->m->k, "MiniportInitializeEx %s", name);
	st = call_initialize(a);
	if (st == NDIS_STATUS_SUCCESS && !a->na.registration_attributes_set) {
		rt_error(err, errlen,
			 "%s: MiniportInitializeEx succeeded without setting registration attributes",
			 name);
		st = NDIS_STATUS_FAILURE;   /* no adapter context: it cannot run */
	} else if (st != NDIS_STATUS_SUCCESS) {
		rt_error(err, errlen, "%s: MiniportInitializeEx failed with status 0x%08X",
			 name, (unsigned)st);
	}
	if (st != NDIS_STATUS_SUCCESS) {
		/* documented: no MiniportHaltEx after a failed initialization */
		reclaim_after(a, "failed MiniportInitializeEx");
		atomic_store(&a->na.state, ADAPTER_HALTED);
		adapter_free(a);
		return -EIO;
	}
	atomic_store(&a->na.state, ADAPTER_PAUSED);
	notify_power_profile(a);
	rt_machine_add_adapter(d->m, a);
	*out = a;
	return 0;
}

/* ---- restart and pause --------------------------------------------------------------- */

/* Calls a pause/restart handler; waits for its completion when it pends. */
static NDIS_STATUS call_maybe_pending(struct ndisdma_adapter *a, struct rt_wait *w,
				      bool restart, const char *handler)
{
	NDIS_MINIPORT_RESTART_PARAMETERS rp;
	NDIS_MINIPORT_PAUSE_PARAMETERS pp;
	struct rt_call c;
	NDIS_STATUS st;

	memset(&rp, 0, sizeof(rp));
	rp.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	rp.Header.Revision = NDIS_MINIPORT_RESTART_PARAMETERS_REVISION_1;
	rp.Header.Size = NDIS_SIZEOF_MINIPORT_RESTART_PARAMETERS_REVISION_1;
	memset(&pp, 0, sizeof(pp));
	pp.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	pp.Header.Revision = NDIS_MINIPORT_PAUSE_PARAMETERS_REVISION_1;
	pp.Header.Size = NDIS_SIZEOF_MINIPORT_PAUSE_PARAMETERS_REVISION_1;
	pp.PauseReason = NDIS_PAUSE_NDIS_INTERNAL;

	rt_wait_arm(a, w);
	rt_enter(a->m->k, &c);
	st = restart ? a->d->nd.chars.RestartHandler(a->na.context, &rp)
		     : a->d->nd.chars.PauseHandler(a->na.context, &pp);
	rt_leave(&c, handler);
	if (st != NDIS_STATUS_PENDING) {
		pthread_mutex_lock(&a->lock);
		w->armed = false;   /* a completion now would be a stray one */
		pthread_mutex_unlock(&a->lock);
		if (!restart && st == NDIS_STATUS_SUCCESS)
			/* completed by MiniportPause itself: the report names it */
			rt_pause_check_sends(a, (const void *)a->d->nd.chars.PauseHandler);
		return st;
	}
	if (!rt_wait_for(a, w, RT_PEND_TIMEOUT_MS))
		return NDIS_STATUS_PENDING;   /* never completed */
	return w->status;
}

static int query_mac(struct ndisdma_adapter *a)
{
	ULONG filter = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_MULTICAST |
		       NDIS_PACKET_TYPE_BROADCAST;
	uint8_t mac[6];
	uint32_t done = 0;
	int32_t st;

	st = ndisdma_adapter_oid(a, true, OID_GEN_CURRENT_PACKET_FILTER, &filter,
				 sizeof(filter), &done);
	if (st != NDIS_STATUS_SUCCESS)
		return st;
	st = ndisdma_adapter_oid(a, false, OID_802_3_CURRENT_ADDRESS, mac, sizeof(mac), &done);
	if (st != NDIS_STATUS_SUCCESS)
		return st;
	pthread_mutex_lock(&a->lock);
	memcpy(a->stats.mac, mac, sizeof(mac));
	a->stats.mac_valid = done == sizeof(mac);
	pthread_mutex_unlock(&a->lock);
	return NDIS_STATUS_SUCCESS;
}

int ndisdma_adapter_restart(struct ndisdma_adapter *a, char *err, size_t errlen)
{
	NDIS_STATUS st;

	if (atomic_load(&a->na.state) != ADAPTER_PAUSED) {
		rt_error(err, errlen, "restart: adapter is %s, not paused",
			 ndisdma_adapter_state(a));
		return -EINVAL;
	}
	kernel_trace(a->m->k, "MiniportRestart");
	atomic_store(&a->na.state, ADAPTER_RESTARTING);
	st = call_maybe_pending(a, &a->restart, true, "MiniportRestart");
	if (st != NDIS_STATUS_SUCCESS) {
		atomic_store(&a->na.state, ADAPTER_PAUSED);
		rt_error(err, errlen, st == NDIS_STATUS_PENDING ?
			 "MiniportRestart pended and NdisMRestartComplete never came (0x%08X)" :
			 "MiniportRestart failed with status 0x%08X", (unsigned)st);
		return -EIO;
	}
	atomic_store(&a->na.state, ADAPTER_RUNNING);
	/* as a protocol would: packet filter, then the MAC address */
	st = query_mac(a);
	if (st != NDIS_STATUS_SUCCESS) {
		rt_error(err, errlen, "OID after restart failed with status 0x%08X",
			 (unsigned)st);
		return -EIO;
	}
	rt_offload_send(a);   /* a failure is in the statistics, not fatal */
	rt_hang_check_start(a);
	return 0;
}

int ndisdma_adapter_pause(struct ndisdma_adapter *a, char *err, size_t errlen)
{
	NDIS_STATUS st;

	if (atomic_load(&a->na.state) != ADAPTER_RUNNING) {
		rt_error(err, errlen, "pause: adapter is %s, not running",
			 ndisdma_adapter_state(a));
		return -EINVAL;
	}
	rt_hang_check_stop(a);   /* no check or reset from here on */
	kernel_trace(a->m->k, "MiniportPause");
	atomic_store(&a->na.state, ADAPTER_PAUSING);
	st = call_maybe_pending(a, &a->pause, false, "MiniportPause");
	/* documented: pause cannot fail; the adapter is paused either way */
	atomic_store(&a->na.state, ADAPTER_PAUSED);
	ndis_offload_check_indicated(&a->na, "the adapter paused");
	if (st != NDIS_STATUS_SUCCESS) {
		rt_error(err, errlen, st == NDIS_STATUS_PENDING ?
			 "MiniportPause pended and NdisMPauseComplete never came" :
			 "MiniportPause returned 0x%08X (only SUCCESS or PENDING are allowed)",
			 (unsigned)st);
		return -EIO;
	}
	return 0;
}

/* ---- halt ------------------------------------------------------------------------------ */

void ndisdma_adapter_halt(struct ndisdma_adapter *a)
{
	struct rt_call c;

	if (!a)
		return;
	if (atomic_load(&a->na.state) == ADAPTER_RUNNING)
		ndisdma_adapter_pause(a, NULL, 0);   /* spec §13: pause before halt */
	rt_machine_remove_adapter(a->m, a);
	kernel_trace(a->m->k, "MiniportHaltEx");
	atomic_store(&a->na.state, ADAPTER_HALTING);
	rt_enter(a->m->k, &c);
	a->d->nd.chars.HaltHandlerEx(a->na.context, NdisHaltDeviceDisabled);
	rt_leave(&c, "MiniportHaltEx");
	reclaim_after(a, "MiniportHaltEx");
	atomic_store(&a->na.state, ADAPTER_HALTED);
	adapter_free(a);
}

/* ---- OID requests ------------------------------------------------------------------------ */

static void fill_request(NDIS_OID_REQUEST *r, bool set, uint32_t oid, void *buffer,
			 uint32_t length)
{
	memset(r, 0, sizeof(*r));
	r->Header.Type = NDIS_OBJECT_TYPE_OID_REQUEST;
	r->Header.Revision = NDIS_OID_REQUEST_REVISION_1;
	r->Header.Size = NDIS_SIZEOF_OID_REQUEST_REVISION_1;
	r->RequestType = set ? NdisRequestSetInformation : NdisRequestQueryInformation;
	r->PortNumber = NDIS_DEFAULT_PORT_NUMBER;
	r->Timeout = RT_PEND_TIMEOUT_MS / 1000;
	/* QUERY and SET share Oid / InformationBuffer / InformationBufferLength */
	r->DATA.QUERY_INFORMATION.Oid = oid;
	r->DATA.QUERY_INFORMATION.InformationBuffer = buffer;
	r->DATA.QUERY_INFORMATION.InformationBufferLength = length;
}

int32_t ndisdma_adapter_oid(struct ndisdma_adapter *a, bool set, uint32_t oid,
			    void *buffer, uint32_t length, uint32_t *bytes_done)
{
	NDIS_OID_REQUEST *r = &a->oid_req;
	struct rt_call c;
	NDIS_STATUS st;

	if (bytes_done)
		*bytes_done = 0;
	ksched_mutex_lock(&a->oid_serial);   /* NDIS serializes OID requests */
	fill_request(r, set, oid, buffer, length);
	pthread_mutex_lock(&a->lock);
	a->stats.oid_requests++;
	a->oid_seq++;   /* the hang check watches it */
	pthread_mutex_unlock(&a->lock);
	rt_wait_arm(a, &a->oid);
	rt_enter(a->m->k, &c);
	st = a->d->nd.chars.OidRequestHandler(a->na.context, r);
	rt_leave(&c, "MiniportOidRequest");
	if (st == NDIS_STATUS_PENDING)
		st = rt_wait_for(a, &a->oid, RT_PEND_TIMEOUT_MS) ? a->oid.status
								   : NDIS_STATUS_REQUEST_ABORTED;
	else {
		pthread_mutex_lock(&a->lock);
		a->oid.armed = false;
		pthread_mutex_unlock(&a->lock);
	}
	if (bytes_done)
		*bytes_done = set ? r->DATA.SET_INFORMATION.BytesRead
				  : r->DATA.QUERY_INFORMATION.BytesWritten;
	if (set && st == NDIS_STATUS_SUCCESS)
		rt_note_oid_set(a, oid, buffer, length);   /* restored by an addressing reset */
	ksched_mutex_unlock(&a->oid_serial);
	return st;
}

int ndisdma_adapter_dma_info(const struct ndisdma_adapter *a,
			     struct ndisdma_dma_info *info)
{
	const struct sg_channel *ch = a->na.dma;
	const struct hal_constraints *hc;

	memset(info, 0, sizeof(*info));
	if (!ch)
		return 0;
	info->registered = true;
	info->revision = ch->revision;
	info->flags = ch->flags;
	info->max_mapping = ch->max_mapping;
	info->sg_list_size = ch->sg_list_size;
	info->pdo_override = ch->pdo_override;
	if (ch->hal) {
		hc = hal_adapter_constraints(ch->hal);
		info->address_limit = hc->address_limit;
		info->map_registers = hc->map_registers;
	}
	return 0;
}
