/* test_offload_runtime.c — what the runtime does for a miniport's task
 * offloads (issue 11, src/runtime/adapter_offload.c, docs/runtime.md "Task
 * offload"): after a restart OID_OFFLOAD_ENCAPSULATION then
 * OID_TCP_OFFLOAD_PARAMETERS of the revision the driver's NDIS version
 * knows, asking for its current configuration; nothing for a miniport
 * without offload attributes; both again after an addressing reset; a
 * refused offload OID is in the statistics and does not fail the restart;
 * OFFLOAD-INDICATE at the pause for a set never confirmed.  Also the power
 * profile event every initialized miniport gets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "runtime/runtime.h"

/* ---- a small offload miniport ------------------------------------------------ */

struct om_config {
	UCHAR minor;                  /* MinorNdisVersion */
	bool offloads;                /* sets offload attributes */
	bool indicate;                /* NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG after a set */
	NDIS_STATUS encapsulation_status, parameters_status;
};

struct om_log {
	uint32_t oids[16];
	int n;
	NDIS_OFFLOAD_ENCAPSULATION encapsulation;
	NDIS_OFFLOAD_PARAMETERS parameters;
	ULONG parameters_length;
	int pnp_events;
	ULONG profile, profile_length;
	KIRQL pnp_irql;
	bool restarted_before_pnp;
};

static struct om_config om_cfg;
static struct om_log om_log;
static NDIS_HANDLE om_driver;
static NDIS_OFFLOAD om_hw, om_cur;
static bool om_restarted;

static const UCHAR om_mac[6] = { 0x02, 0x4F, 0x4D, 0, 0, 1 };

static NDIS_STATUS om_attributes(NDIS_HANDLE h)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES r;
	NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES o;
	NDIS_STATUS st;

	memset(&r, 0, sizeof(r));
	r.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	r.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	r.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	r.MiniportAdapterContext = &om_log;
	st = NdisMSetMiniportAttributes(h, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&r);
	if (st != NDIS_STATUS_SUCCESS || !om_cfg.offloads)
		return st;
	memset(&om_hw, 0, sizeof(om_hw));
	om_hw.Header.Type = NDIS_OBJECT_TYPE_OFFLOAD;
	om_hw.Header.Revision = NDIS_OFFLOAD_REVISION_1;
	om_hw.Header.Size = NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_1;
	om_hw.Checksum.IPv4Transmit.Encapsulation = NDIS_ENCAPSULATION_IEEE_802_3;
	om_hw.Checksum.IPv4Transmit.TcpChecksum = NDIS_OFFLOAD_SUPPORTED;
	om_hw.Checksum.IPv4Receive.Encapsulation = NDIS_ENCAPSULATION_IEEE_802_3;
	om_hw.Checksum.IPv4Receive.TcpChecksum = NDIS_OFFLOAD_SUPPORTED;
	om_hw.Checksum.IPv4Receive.IpChecksum = NDIS_OFFLOAD_SUPPORTED;
	om_hw.Checksum.IPv6Transmit.Encapsulation = NDIS_ENCAPSULATION_IEEE_802_3;
	om_hw.Checksum.IPv6Transmit.UdpChecksum = NDIS_OFFLOAD_SUPPORTED;
	om_hw.LsoV1.IPv4.Encapsulation = NDIS_ENCAPSULATION_IEEE_802_3;
	om_hw.LsoV1.IPv4.MaxOffLoadSize = 32768;
	om_hw.LsoV1.IPv4.MinSegmentCount = 2;
	om_hw.LsoV2.IPv6.Encapsulation = NDIS_ENCAPSULATION_IEEE_802_3;
	om_hw.LsoV2.IPv6.MaxOffLoadSize = 32768;
	om_hw.LsoV2.IPv6.MinSegmentCount = 2;
	om_cur = om_hw;
	om_cur.LsoV1.IPv4.Encapsulation = NDIS_ENCAPSULATION_NOT_SUPPORTED;   /* off */
	memset(&o, 0, sizeof(o));
	o.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES;
	o.Header.Revision = NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1;
	o.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1;
	o.DefaultOffloadConfiguration = &om_cur;
	o.HardwareOffloadCapabilities = &om_hw;
	return NdisMSetMiniportAttributes(h, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&o);
}

static NDIS_HANDLE om_adapter;

static NDIS_STATUS om_initialize(NDIS_HANDLE h, NDIS_HANDLE drv, PNDIS_MINIPORT_INIT_PARAMETERS p)
{
	(void)drv; (void)p;
	om_adapter = h;
	return om_attributes(h);
}

static VOID om_indicate(void)
{
	NDIS_STATUS_INDICATION ind;

	memset(&ind, 0, sizeof(ind));
	ind.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;
	ind.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;
	ind.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
	ind.SourceHandle = om_adapter;
	ind.StatusCode = NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG;
	ind.StatusBuffer = &om_cur;
	ind.StatusBufferSize = om_cur.Header.Size;
	NdisMIndicateStatusEx(om_adapter, &ind);
}

static NDIS_STATUS om_oid(NDIS_HANDLE ctx, PNDIS_OID_REQUEST r)
{
	struct _NDIS_OID_SET *s = &r->DATA.SET_INFORMATION;

	(void)ctx;
	if (om_log.n < 16)
		om_log.oids[om_log.n++] = s->Oid;
	if (r->RequestType == NdisRequestQueryInformation) {
		if (s->Oid != OID_802_3_CURRENT_ADDRESS)
			return NDIS_STATUS_NOT_SUPPORTED;
		memcpy(r->DATA.QUERY_INFORMATION.InformationBuffer, om_mac, 6);
		r->DATA.QUERY_INFORMATION.BytesWritten = 6;
		return NDIS_STATUS_SUCCESS;
	}
	switch (s->Oid) {
	case OID_OFFLOAD_ENCAPSULATION:
		memcpy(&om_log.encapsulation, s->InformationBuffer, sizeof(om_log.encapsulation));
		return om_cfg.encapsulation_status;
	case OID_TCP_OFFLOAD_PARAMETERS:
		om_log.parameters_length = s->InformationBufferLength;
		memset(&om_log.parameters, 0, sizeof(om_log.parameters));
		memcpy(&om_log.parameters, s->InformationBuffer, s->InformationBufferLength);
		if (om_cfg.parameters_status == NDIS_STATUS_SUCCESS && om_cfg.indicate)
			om_indicate();
		return om_cfg.parameters_status;
	default:
		s->BytesRead = s->InformationBufferLength;
		return NDIS_STATUS_SUCCESS;
	}
}

static VOID om_halt(NDIS_HANDLE c, NDIS_HALT_ACTION a) { (void)c; (void)a; }
static VOID om_unload(PDRIVER_OBJECT o) { (void)o; NdisMDeregisterMiniportDriver(om_driver); }
static NDIS_STATUS om_pause(NDIS_HANDLE c, PNDIS_MINIPORT_PAUSE_PARAMETERS p)
{
	(void)c; (void)p;
	return NDIS_STATUS_SUCCESS;
}
static NDIS_STATUS om_restart(NDIS_HANDLE c, PNDIS_MINIPORT_RESTART_PARAMETERS p)
{
	(void)c; (void)p;
	om_restarted = true;
	return NDIS_STATUS_SUCCESS;
}
static VOID om_send(NDIS_HANDLE c, PNET_BUFFER_LIST l, NDIS_PORT_NUMBER n, ULONG f)
{
	NdisMSendNetBufferListsComplete(om_adapter, l, f & NDIS_SEND_FLAGS_DISPATCH_LEVEL ?
					NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
	(void)c; (void)n;
}
static VOID om_return(NDIS_HANDLE c, PNET_BUFFER_LIST l, ULONG f) { (void)c; (void)l; (void)f; }
static VOID om_cancel_send(NDIS_HANDLE c, PVOID id) { (void)c; (void)id; }
static VOID om_pnp(NDIS_HANDLE c, PNET_DEVICE_PNP_EVENT e)
{
	(void)c;
	if (e->DevicePnPEvent != NdisDevicePnPEventPowerProfileChanged)
		return;
	om_log.pnp_events++;
	om_log.pnp_irql = KeGetCurrentIrql();
	om_log.profile_length = e->InformationBufferLength;
	om_log.profile = *(PULONG)e->InformationBuffer;
	om_log.restarted_before_pnp = om_restarted;
}
static VOID om_shutdown(NDIS_HANDLE c, NDIS_SHUTDOWN_ACTION a) { (void)c; (void)a; }
static VOID om_cancel_oid(NDIS_HANDLE c, PVOID id) { (void)c; (void)id; }
static NDIS_STATUS om_reset(NDIS_HANDLE c, PBOOLEAN addressing)
{
	(void)c;
	*addressing = TRUE;
	return NDIS_STATUS_SUCCESS;
}

static int32_t om_driver_entry(void *driver_object, void *registry_path)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS c;

	memset(&c, 0, sizeof(c));
	c.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	c.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	c.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	c.MajorNdisVersion = 6;
	c.MinorNdisVersion = om_cfg.minor;
	c.InitializeHandlerEx = om_initialize;
	c.HaltHandlerEx = om_halt;
	c.UnloadHandler = om_unload;
	c.PauseHandler = om_pause;
	c.RestartHandler = om_restart;
	c.OidRequestHandler = om_oid;
	c.SendNetBufferListsHandler = om_send;
	c.ReturnNetBufferListsHandler = om_return;
	c.CancelSendHandler = om_cancel_send;
	c.DevicePnPEventNotifyHandler = om_pnp;
	c.ShutdownHandlerEx = om_shutdown;
	c.CancelOidRequestHandler = om_cancel_oid;
	c.ResetHandlerEx = om_reset;
	return NdisMRegisterMiniportDriver(driver_object, registry_path, NULL, &c, &om_driver);
}

/* ---- fixture ------------------------------------------------------------------ */

struct fx {
	struct ndisdma_machine *m;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	struct ndisdma_pools base;
};

static void up(struct fx *f, const struct om_config *c)
{
	struct ndisdma_config mc;
	char err[256] = "";

	om_cfg = *c;
	memset(&om_log, 0, sizeof(om_log));
	om_restarted = false;
	ndisdma_config_init(&mc);
	assert_int_equal(ndisdma_machine_create(&mc, &f->m, err, sizeof(err)), 0);
	ndisdma_thread_enter(f->m);
	ndisdma_machine_pools(f->m, &f->base);
	assert_int_equal(ndisdma_driver_load_builtin(f->m, "om", om_driver_entry, &f->d, err,
						     sizeof(err)), 0);
	if (ndisdma_adapter_initialize(f->d, NULL, &f->a, err, sizeof(err)))
		fail_msg("initialize: %s", err);
	if (ndisdma_adapter_restart(f->a, err, sizeof(err)))
		fail_msg("restart: %s", err);
}

static void down(struct fx *f, uint64_t reports)
{
	struct ndisdma_pools p;

	ndisdma_adapter_halt(f->a);
	ndisdma_driver_unload(f->d);
	ndisdma_machine_pools(f->m, &p);
	assert_int_equal(ndisdma_report_count(f->m, NULL), reports);
	assert_int_equal(p.live_driver_resources, f->base.live_driver_resources);
	assert_int_equal(p.live_handles, f->base.live_handles);
	ndisdma_thread_enter(NULL);
	ndisdma_machine_destroy(f->m);
}

static int count_oid(uint32_t oid)
{
	int n = 0;

	for (int i = 0; i < om_log.n; i++)
		n += om_log.oids[i] == oid;
	return n;
}

static const struct om_config om_630 = { 30, true, true, NDIS_STATUS_SUCCESS, NDIS_STATUS_SUCCESS };

/* ---- tests ---------------------------------------------------------------------- */

static void test_after_restart(void **state)
{
	const NDIS_OFFLOAD_PARAMETERS *p = &om_log.parameters;
	struct ndisdma_adapter_stats st;
	struct fx f;
	int enc = -1, par = -1;

	(void)state;
	up(&f, &om_630);
	for (int i = 0; i < om_log.n; i++) {
		if (om_log.oids[i] == OID_OFFLOAD_ENCAPSULATION)
			enc = i;
		if (om_log.oids[i] == OID_TCP_OFFLOAD_PARAMETERS)
			par = i;
	}
	assert_true(enc >= 0 && par == enc + 1);   /* encapsulation first */
	assert_int_equal(om_log.encapsulation.Header.Type, NDIS_OBJECT_TYPE_OFFLOAD_ENCAPSULATION);
	assert_int_equal(om_log.encapsulation.Header.Size, NDIS_SIZEOF_OFFLOAD_ENCAPSULATION_REVISION_1);
	assert_int_equal(om_log.encapsulation.IPv4.Enabled, NDIS_OFFLOAD_SET_ON);
	assert_int_equal(om_log.encapsulation.IPv6.EncapsulationType, NDIS_ENCAPSULATION_IEEE_802_3);
	assert_int_equal(om_log.encapsulation.IPv6.HeaderSize, 14);
	assert_int_equal(p->Header.Type, NDIS_OBJECT_TYPE_DEFAULT);
	assert_int_equal(p->Header.Revision, NDIS_OFFLOAD_PARAMETERS_REVISION_3);
	assert_int_equal(p->Header.Size, NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_3);
	assert_int_equal(om_log.parameters_length, NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_3);
	/* the configuration the miniport reported as current */
	assert_int_equal(p->IPv4Checksum, NDIS_OFFLOAD_PARAMETERS_RX_ENABLED_TX_DISABLED);
	assert_int_equal(p->TCPIPv4Checksum, NDIS_OFFLOAD_PARAMETERS_TX_RX_ENABLED);
	assert_int_equal(p->UDPIPv4Checksum, NDIS_OFFLOAD_PARAMETERS_TX_RX_DISABLED);
	assert_int_equal(p->UDPIPv6Checksum, NDIS_OFFLOAD_PARAMETERS_TX_ENABLED_RX_DISABLED);
	assert_int_equal(p->LsoV1, NDIS_OFFLOAD_PARAMETERS_LSOV1_DISABLED);   /* has it, off */
	assert_int_equal(p->LsoV2IPv4, NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);    /* has not */
	assert_int_equal(p->LsoV2IPv6, NDIS_OFFLOAD_PARAMETERS_LSOV2_ENABLED);
	assert_int_equal(p->IPsecV1, NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
	assert_int_equal(p->TcpConnectionIPv4, NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
	assert_int_equal(p->RscIPv4, NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
	assert_int_equal(p->Flags, 0);
	ndisdma_adapter_stats(f.a, &st);
	assert_true(st.offload_attributes);
	assert_int_equal(st.offload_oid_sets, 2);
	assert_int_equal(st.offload_encapsulation_status, NDIS_STATUS_SUCCESS);
	assert_int_equal(st.offload_parameters_status, NDIS_STATUS_SUCCESS);
	assert_int_equal(st.offload_config_indications, 1);
	down(&f, 0);
}

static void test_revision_by_version(void **state)
{
	static const struct { UCHAR minor, revision; USHORT size; } v[] = {
		{ 0, NDIS_OFFLOAD_PARAMETERS_REVISION_1, NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_1 },
		{ 1, NDIS_OFFLOAD_PARAMETERS_REVISION_2, NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_2 },
		{ 20, NDIS_OFFLOAD_PARAMETERS_REVISION_2, NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_2 },
		{ 30, NDIS_OFFLOAD_PARAMETERS_REVISION_3, NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_3 },
	};
	struct om_config c = om_630;
	struct fx f;

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		c.minor = v[i].minor;
		up(&f, &c);
		assert_int_equal(om_log.parameters.Header.Revision, v[i].revision);
		assert_int_equal(om_log.parameters.Header.Size, v[i].size);
		assert_int_equal(om_log.parameters_length, v[i].size);
		down(&f, 0);
	}
}

static void test_no_offloads(void **state)
{
	struct om_config c = om_630;
	struct ndisdma_adapter_stats st;
	struct fx f;

	(void)state;
	c.offloads = false;
	up(&f, &c);
	assert_int_equal(count_oid(OID_OFFLOAD_ENCAPSULATION), 0);
	assert_int_equal(count_oid(OID_TCP_OFFLOAD_PARAMETERS), 0);
	ndisdma_adapter_stats(f.a, &st);
	assert_false(st.offload_attributes);
	assert_int_equal(st.offload_oid_sets, 0);
	down(&f, 0);
}

static void test_refused_and_unconfirmed(void **state)
{
	struct om_config c = om_630;
	struct ndisdma_adapter_stats st;
	struct fx f;

	(void)state;
	/* refused: in the statistics, the adapter runs anyway, nothing awaited */
	c.encapsulation_status = NDIS_STATUS_NOT_SUPPORTED;
	c.parameters_status = NDIS_STATUS_INVALID_PARAMETER;
	up(&f, &c);
	assert_string_equal(ndisdma_adapter_state(f.a), "running");
	ndisdma_adapter_stats(f.a, &st);
	assert_int_equal(st.offload_encapsulation_status, (uint32_t)NDIS_STATUS_NOT_SUPPORTED);
	assert_int_equal(st.offload_parameters_status, (uint32_t)NDIS_STATUS_INVALID_PARAMETER);
	down(&f, 0);
	/* accepted, never confirmed by an indication: OFFLOAD-INDICATE at pause */
	c = om_630;
	c.indicate = false;
	up(&f, &c);
	assert_int_equal(ndisdma_report_count(f.m, "OFFLOAD-INDICATE"), 0);
	assert_int_equal(ndisdma_adapter_pause(f.a, NULL, 0), 0);
	assert_int_equal(ndisdma_report_count(f.m, "OFFLOAD-INDICATE"), 1);
	assert_int_equal(ndisdma_report_errors(f.m), 0);   /* a warning */
	down(&f, 1);
}

static void test_addressing_reset(void **state)
{
	struct ndisdma_reset_outcome o;
	struct fx f;

	(void)state;
	up(&f, &om_630);
	assert_int_equal(ndisdma_adapter_reset(f.a, "test", &o), 0);
	assert_true(o.addressing_reset && o.oids_resent);
	assert_int_equal(count_oid(OID_OFFLOAD_ENCAPSULATION), 2);
	assert_int_equal(count_oid(OID_TCP_OFFLOAD_PARAMETERS), 2);
	down(&f, 0);
}

static void test_power_profile(void **state)
{
	struct om_config c = om_630;
	struct fx f;

	(void)state;
	c.offloads = false;
	up(&f, &c);
	assert_int_equal(om_log.pnp_events, 1);
	assert_int_equal(om_log.pnp_irql, PASSIVE_LEVEL);
	assert_int_equal(om_log.profile_length, sizeof(ULONG));
	assert_int_equal(om_log.profile, NdisPowerProfileAcOnLine);
	assert_false(om_log.restarted_before_pnp);   /* after initialize, before restart */
	down(&f, 0);
	assert_int_equal(om_log.pnp_events, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_after_restart),
		cmocka_unit_test(test_revision_by_version),
		cmocka_unit_test(test_no_offloads),
		cmocka_unit_test(test_refused_and_unconfirmed),
		cmocka_unit_test(test_addressing_reset),
		cmocka_unit_test(test_power_profile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
