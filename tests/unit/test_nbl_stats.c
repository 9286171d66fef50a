/* test_nbl_stats.c — issue 11: NBL info through the traffic harness, the
 * OID_GEN_STATISTICS comparison, and PowerManagementCapabilitiesEx.
 *
 * The miniport is runtime_miniport.h's with a software loopback as its
 * send handler: each sent NBL comes back as a received one over the same
 * MDLs, carrying the sent 802.1Q NBL info (or, to prove the check, a wrong
 * tag), and OID_GEN_STATISTICS answers what it counted (or a lie, or a bad
 * header).
 */
#include "runtime_miniport.h"

#include "runtime/traffic.h"

enum lb_mode { LB_HONEST, LB_WRONG_TAG, LB_LIE, LB_BAD_HEADER };

static struct {
	enum lb_mode mode;
	NDIS_HANDLE pool;
	ULONG64 pkts[2][3], bytes[2][3];   /* [out, in][class] */
} lb;

static ULONG class_of(PNET_BUFFER nb)
{
	UCHAR storage[6];
	PUCHAR dst = NdisGetDataBuffer(nb, 6, storage, 1, 0);

	if (dst == NULL || ETH_IS_BROADCAST(dst))
		return 2;
	return ETH_IS_MULTICAST(dst) ? 1 : 0;
}

static VOID lb_send(NDIS_HANDLE ctx, PNET_BUFFER_LIST nbls, NDIS_PORT_NUMBER port, ULONG flags)
{
	struct tm_adapter *ta = ctx;

	(void)port;
	(void)flags;
	for (PNET_BUFFER_LIST nbl = nbls; nbl; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
		PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl);
		ULONG cls = class_of(nb);
		PNET_BUFFER_LIST rx = NdisAllocateNetBufferAndNetBufferList(
			lb.pool, 0, 0, NET_BUFFER_FIRST_MDL(nb), NET_BUFFER_DATA_OFFSET(nb),
			NET_BUFFER_DATA_LENGTH(nb));
		NDIS_NET_BUFFER_LIST_8021Q_INFO q;

		assert_non_null(rx);
		q.Value = NET_BUFFER_LIST_INFO(nbl, Ieee8021QNetBufferListInfo);
		if (q.Value != NULL && lb.mode == LB_WRONG_TAG)
			q.TagHeader.VlanId = q.TagHeader.VlanId == 4094 ? 1 : q.TagHeader.VlanId + 1;
		NET_BUFFER_LIST_INFO(rx, Ieee8021QNetBufferListInfo) = q.Value;
		lb.pkts[0][cls]++;
		lb.bytes[0][cls] += NET_BUFFER_DATA_LENGTH(nb);
		lb.pkts[1][cls]++;
		lb.bytes[1][cls] += NET_BUFFER_DATA_LENGTH(nb);
		/* RESOURCES: ours again when the call returns */
		NdisMIndicateReceiveNetBufferLists(ta->h, rx, NDIS_DEFAULT_PORT_NUMBER, 1,
						   NDIS_RECEIVE_FLAGS_RESOURCES);
		NdisFreeNetBufferList(rx);
		NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_SUCCESS;
	}
	NdisMSendNetBufferListsComplete(ta->h, nbls, 0);
}

static NDIS_STATUS lb_statistics(PNDIS_OID_REQUEST r)
{
	struct _NDIS_OID_QUERY *q = &r->DATA.QUERY_INFORMATION;
	NDIS_STATISTICS_INFO s;

	if (q->InformationBufferLength < sizeof(s)) {
		q->BytesNeeded = sizeof(s);
		return NDIS_STATUS_BUFFER_TOO_SHORT;
	}
	memset(&s, 0, sizeof(s));
	s.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	s.Header.Revision = NDIS_STATISTICS_INFO_REVISION_1;
	s.Header.Size = lb.mode == LB_BAD_HEADER ? 100 : NDIS_SIZEOF_STATISTICS_INFO_REVISION_1;
	s.SupportedStatistics = 0x003F87FF;
	s.ifHCOutUcastPkts = lb.pkts[0][0] + (lb.mode == LB_LIE);
	s.ifHCOutMulticastPkts = lb.pkts[0][1];
	s.ifHCOutBroadcastPkts = lb.pkts[0][2];
	s.ifHCOutUcastOctets = lb.bytes[0][0];
	s.ifHCOutMulticastOctets = lb.bytes[0][1];
	s.ifHCOutBroadcastOctets = lb.bytes[0][2];
	s.ifHCOutOctets = lb.bytes[0][0] + lb.bytes[0][1] + lb.bytes[0][2];
	s.ifHCInUcastPkts = lb.pkts[1][0];
	s.ifHCInMulticastPkts = lb.pkts[1][1];
	s.ifHCInBroadcastPkts = lb.pkts[1][2];
	s.ifHCInUcastOctets = lb.bytes[1][0];
	s.ifHCInMulticastOctets = lb.bytes[1][1];
	s.ifHCInBroadcastOctets = lb.bytes[1][2];
	s.ifHCInOctets = lb.bytes[1][0] + lb.bytes[1][1] + lb.bytes[1][2];
	memcpy(q->InformationBuffer, &s, sizeof(s));
	q->BytesWritten = sizeof(s);
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS lb_oid(NDIS_HANDLE ctx, PNDIS_OID_REQUEST r)
{
	if (r->RequestType == NdisRequestQueryInformation &&
	    r->DATA.QUERY_INFORMATION.Oid == OID_GEN_STATISTICS)
		return lb_statistics(r);
	return tm_oid(ctx, r);
}

static void lb_mutate(NDIS_MINIPORT_DRIVER_CHARACTERISTICS *c)
{
	c->SendNetBufferListsHandler = lb_send;
	c->OidRequestHandler = lb_oid;
}

static struct ndisdma_adapter *lb_up(struct rt_fixture *f, struct ndisdma_driver **d,
				     enum lb_mode mode)
{
	NET_BUFFER_LIST_POOL_PARAMETERS pp;
	struct ndisdma_adapter *a;
	char err[256];

	rt_fixture_setup(f);
	memset(&lb, 0, sizeof(lb));
	lb.mode = mode;
	memset(&pp, 0, sizeof(pp));
	pp.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	pp.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pp.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pp.fAllocateNetBuffer = TRUE;
	lb.pool = NdisAllocateNetBufferListPool(NULL, &pp);
	assert_non_null(lb.pool);
	tm_cfg.mutate = lb_mutate;
	*d = tm_load(f);
	a = tm_init(*d, NULL);
	if (ndisdma_adapter_restart(a, err, sizeof(err)) != 0)
		fail_msg("restart: %s", err);
	return a;
}

static void lb_down(struct rt_fixture *f, struct ndisdma_driver *d, struct ndisdma_adapter *a)
{
	assert_int_equal(ndisdma_adapter_pause(a, NULL, 0), 0);
	ndisdma_adapter_halt(a);
	ndisdma_driver_unload(d);
	NdisFreeNetBufferListPool(lb.pool);
	rt_fixture_teardown(f);
}

static void lb_traffic(struct ndisdma_adapter *a, struct ndisdma_traffic_result *r)
{
	struct ndisdma_traffic_config c = { .frames = 200, .min_size = 60, .max_size = 1514,
					    .seed = 11, .expect_echo = true };
	char err[256];

	if (ndisdma_traffic_run(a, &c, r, err, sizeof(err)) != 0)
		fail_msg("traffic: %s", err);
	assert_int_equal(r->frames_received, 200);
	assert_int_equal(r->lost_frames + r->mismatches + r->duplicates, 0);
}

/* 802.1Q NBL info set by the harness reaches the miniport and comes back
 * where the miniport sets it on the received NBL; statistics agree. */
static void test_vlan_round_trip_and_statistics(void **state)
{
	struct ndisdma_traffic_result r;
	struct ndisdma_statistics s;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	struct rt_fixture f;
	uint64_t want;

	(void)state;
	a = lb_up(&f, &d, LB_HONEST);
	lb_traffic(a, &r);
	assert_int_equal(r.vlan_sent, 50);   /* every fourth test frame */
	assert_int_equal(r.vlan_received, 50);
	assert_int_equal(r.vlan_mismatches, 0);
	assert_int_equal(r.out_pkts[TR_UNICAST], 200);
	assert_int_equal(r.in_pkts[TR_UNICAST], 200);
	assert_int_equal(r.out_bytes[TR_UNICAST], r.bytes_sent);
	assert_int_equal(ndisdma_adapter_statistics(a, &s), NDIS_STATUS_SUCCESS);
	assert_true(s.valid);
	assert_null(s.problem);
	assert_int_equal(s.supported, 0x003F87FF);
	assert_int_equal(s.counter[7], 200);   /* ifHCOutUcastPkts */
	assert_string_equal(ndisdma_statistics_name(7), "ifHCOutUcastPkts");
	assert_int_equal(ndisdma_statistics_flag(7), NDIS_STATISTICS_FLAGS_VALID_DIRECTED_FRAMES_XMIT);
	assert_true(ndisdma_statistics_expected(&r, 2, &want));   /* ifHCInOctets */
	assert_int_equal(want, r.bytes_received);
	assert_false(ndisdma_statistics_expected(&r, 0, &want));  /* ifInDiscards */
	assert_int_equal(ndisdma_statistics_disagree(&s, &r), 0);
	lb_down(&f, d, a);
}

static void test_wrong_tag_is_counted(void **state)
{
	struct ndisdma_traffic_result r;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	struct rt_fixture f;

	(void)state;
	a = lb_up(&f, &d, LB_WRONG_TAG);
	lb_traffic(a, &r);
	assert_int_equal(r.vlan_received, 50);
	assert_int_equal(r.vlan_mismatches, 50);
	lb_down(&f, d, a);
}

static void test_statistics_disagreement_and_bad_answer(void **state)
{
	struct ndisdma_traffic_result r;
	struct ndisdma_statistics s;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	struct rt_fixture f;

	(void)state;
	a = lb_up(&f, &d, LB_LIE);
	lb_traffic(a, &r);
	assert_int_equal(ndisdma_adapter_statistics(a, &s), NDIS_STATUS_SUCCESS);
	assert_int_equal(ndisdma_statistics_disagree(&s, &r), 1u << 7);   /* only that one */
	s.supported &= ~NDIS_STATISTICS_FLAGS_VALID_DIRECTED_FRAMES_XMIT;  /* not claimed: */
	assert_int_equal(ndisdma_statistics_disagree(&s, &r), 0);         /* not compared */
	lb.mode = LB_BAD_HEADER;
	assert_int_equal(ndisdma_adapter_statistics(a, &s), NDIS_STATUS_SUCCESS);
	assert_false(s.valid);
	assert_non_null(s.problem);
	assert_int_equal(ndisdma_statistics_disagree(&s, &r), 0);
	lb_down(&f, d, a);
}

/* The miniport does not answer: a failed query, nothing compared. */
static void test_statistics_not_answered(void **state)
{
	struct ndisdma_traffic_result r;
	struct ndisdma_statistics s;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	struct rt_fixture f;

	(void)state;
	rt_fixture_setup(&f);
	d = tm_load(&f);
	a = tm_init(d, NULL);
	assert_int_equal(ndisdma_adapter_restart(a, NULL, 0), 0);
	memset(&r, 0, sizeof(r));
	assert_int_equal(ndisdma_adapter_statistics(a, &s), NDIS_STATUS_NOT_SUPPORTED);
	assert_false(s.valid);
	assert_int_equal(ndisdma_statistics_disagree(&s, &r), 0);
	assert_int_equal(ndisdma_adapter_pause(a, NULL, 0), 0);
	ndisdma_adapter_halt(a);
	ndisdma_driver_unload(d);
	rt_fixture_teardown(&f);
}

/* ---- PowerManagementCapabilitiesEx (facts §6.9) ------------------------------------- */

static NDIS_STATUS set_pm(struct ndisdma_adapter *a, UCHAR type, UCHAR rev, USHORT size)
{
	NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES g;
	NDIS_PM_CAPABILITIES pm;

	memset(&pm, 0, sizeof(pm));
	pm.Header.Type = type;
	pm.Header.Revision = rev;
	pm.Header.Size = size;
	pm.SupportedWoLPacketPatterns = NDIS_PM_WOL_MAGIC_PACKET_SUPPORTED;
	pm.MinMagicPacketWakeUp = NdisDeviceStateD3;
	pm.SupportedWakeUpEvents = NDIS_PM_WAKE_ON_MEDIA_CONNECT_SUPPORTED;
	memset(&g, 0, sizeof(g));
	g.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
	g.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	g.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	g.MediaType = NdisMedium802_3;
	g.PowerManagementCapabilitiesEx = &pm;
	return NdisMSetMiniportAttributes(a->na.handle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&g);
}

static void test_pm_capabilities_by_header(void **state)
{
	struct ndisdma_device_stats ds;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	struct rt_fixture f;

	(void)state;
	rt_fixture_setup(&f);
	d = tm_load(&f);
	a = tm_init(d, NULL);
	assert_int_equal(set_pm(a, NDIS_OBJECT_TYPE_DEFAULT, NDIS_PM_CAPABILITIES_REVISION_1,
				NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_1), NDIS_STATUS_SUCCESS);
	ndisdma_adapter_device_stats(a, &ds);
	assert_int_equal(ds.pm_caps_revision, 1);
	assert_int_equal(a->na.pm_caps.SupportedWakeUpEvents, 0);   /* not in revision 1 */
	assert_int_equal(set_pm(a, NDIS_OBJECT_TYPE_DEFAULT, NDIS_PM_CAPABILITIES_REVISION_2,
				NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_2), NDIS_STATUS_SUCCESS);
	ndisdma_adapter_device_stats(a, &ds);
	assert_int_equal(ds.pm_caps_revision, 2);
	assert_int_equal(a->na.pm_caps.SupportedWakeUpEvents, NDIS_PM_WAKE_ON_MEDIA_CONNECT_SUPPORTED);
	assert_int_equal(a->na.pm_caps.MinMagicPacketWakeUp, NdisDeviceStateD3);
	/* bad headers: a report each, refused */
	assert_int_equal(set_pm(a, 0x81, 2, 60), NDIS_STATUS_INVALID_PARAMETER);
	assert_int_equal(set_pm(a, NDIS_OBJECT_TYPE_DEFAULT, 2, 52), NDIS_STATUS_INVALID_PARAMETER);
	assert_int_equal(set_pm(a, NDIS_OBJECT_TYPE_DEFAULT, 3, 60), NDIS_STATUS_INVALID_PARAMETER);
	assert_int_equal(ndisdma_report_count(f.m, "REG-HEADER"), 3);
	f.expected_reports = 3;
	ndisdma_adapter_halt(a);
	ndisdma_driver_unload(d);
	rt_fixture_teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vlan_round_trip_and_statistics),
		cmocka_unit_test(test_wrong_tag_is_counted),
		cmocka_unit_test(test_statistics_disagreement_and_bad_answer),
		cmocka_unit_test(test_statistics_not_answered),
		cmocka_unit_test(test_pm_capabilities_by_header),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
