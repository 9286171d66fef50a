/* test_ndis_surface.c — the NDIS names issue 11 adds, seen by an NDIS 6.20
 * miniport (NDIS620_MINIPORT, as a driver's build defines it): the version
 * chain, NBL info slots and accessors, 802.1Q / checksum / LSO / filtering
 * slot layouts, Ethernet address macros, context annotations inside a
 * function body, error-log, statistics, PM and OID values (facts §6.5-6.13).
 * Layouts are pinned by the headers' static asserts; this test checks
 * values and behaviour.  test_ndis_surface60.c is the NDIS 6.0 view.
 */
#define NDIS_MINIPORT_DRIVER
#define NDIS620_MINIPORT
#include <ndis.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

/* A driver defines it itself, with the same meaning (facts §6.12). */
#define ETH_IS_LOCALLY_ADMINISTERED(Address) \
    ((BOOLEAN)(((const UCHAR *)(Address))[0] & 0x02))

typedef struct _MY_ADAPTER { ULONG Unused; } MY_ADAPTER;

static void test_version_chain(void **state)
{
	(void)state;
	assert_int_equal(NDIS_MINIPORT_MAJOR_VERSION, 6);
	assert_int_equal(NDIS_MINIPORT_MINOR_VERSION, 20);
#if NDIS_SUPPORT_NDIS620 != 1 || NDIS_SUPPORT_NDIS61 != 1 || NDIS_SUPPORT_NDIS6 != 1
#error "NDIS620_MINIPORT selects 6.20, 6.1 and 6"
#endif
#if NDIS_SUPPORT_NDIS630 != 0 || NDIS_SUPPORT_60_COMPATIBLE_API != 0
#error "NDIS620_MINIPORT selects nothing above 6.20 and not the 6.0 API"
#endif
	/* statements inside a function body, expanding to nothing */
	NDIS_DECLARE_MINIPORT_DRIVER_CONTEXT(MY_ADAPTER);
	NDIS_DECLARE_MINIPORT_ADAPTER_CONTEXT(struct _MY_ADAPTER);
	NDIS_DECLARE_MINIPORT_ADDDEVICE_CONTEXT(MY_ADAPTER);
}

static void test_nbl_info_slots(void **state)
{
	NET_BUFFER_LIST nbl;
	NDIS_NET_BUFFER_LIST_8021Q_INFO q, back;
	NDIS_NET_BUFFER_LIST_FILTERING_INFO fi;

	(void)state;
	/* the facts' table; 6.20 ends at 18 slots */
	assert_int_equal(TcpIpChecksumNetBufferListInfo, 0);
	assert_int_equal(TcpOffloadBytesTransferred, 0);
	assert_int_equal(IPsecOffloadV2NetBufferListInfo, 1);
	assert_int_equal(TcpReceiveNoPush, 2);
	assert_int_equal(Ieee8021QNetBufferListInfo, 4);
	assert_int_equal(NetBufferListCancelId, 5);
	assert_int_equal(NetBufferListProtocolId, 7);
	assert_int_equal(WfpNetBufferListInfo, 10);
	assert_int_equal(IPsecOffloadV2HeaderNetBufferListInfo, 12);
	assert_int_equal(NetBufferListFilteringInfo, 14);
	assert_int_equal(NblReAuthWfpFlowContext, 16);
	assert_int_equal(NrtNameResolutionId, 17);
	assert_int_equal(MaxNetBufferListInfo, 18);
	assert_true(NDISDMA_NBL_INFO_SLOTS >= 27);   /* room for any version */

	memset(&nbl, 0, sizeof(nbl));
	/* 802.1Q: VlanId in bits 4..15, priority in bits 0..2 of the value */
	q.Value = NULL;
	q.TagHeader.UserPriority = 5;
	q.TagHeader.VlanId = 0x123;
	assert_int_equal((uintptr_t)q.Value, 0x1235);
	NET_BUFFER_LIST_INFO(&nbl, Ieee8021QNetBufferListInfo) = q.Value;
	back.Value = NET_BUFFER_LIST_INFO(&nbl, Ieee8021QNetBufferListInfo);
	assert_int_equal(back.TagHeader.VlanId, 0x123);
	assert_int_equal(back.TagHeader.UserPriority, 5);
	assert_ptr_equal(nbl.NetBufferListInfo[4], q.Value);

	NDIS_SET_NET_BUFFER_LIST_CANCEL_ID(&nbl, 0x77);
	assert_ptr_equal(NDIS_GET_NET_BUFFER_LIST_CANCEL_ID(&nbl), (PVOID)(ULONG_PTR)0x77);
	assert_ptr_equal(nbl.NetBufferListInfo[5], (PVOID)(ULONG_PTR)0x77);

	NET_BUFFER_LIST_RECEIVE_QUEUE_ID(&nbl) = 3;
	NET_BUFFER_LIST_RECEIVE_FILTER_ID(&nbl) = 9;
	fi.Value = NET_BUFFER_LIST_INFO(&nbl, NetBufferListFilteringInfo);
	assert_int_equal(fi.FilteringInfo.QueueId, 3);              /* 6.20 spelling */
	assert_int_equal(fi.FilteringInfo.QueueVPortInfo.QueueId, 3);
	assert_int_equal(fi.FilteringInfo.FilterId, 9);
	assert_int_equal(NDIS_DEFAULT_RECEIVE_QUEUE_ID, 0);
	assert_int_equal(NDIS_DEFAULT_RECEIVE_FILTER_ID, 0);
}

static void test_offload_slots(void **state)
{
	NDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO c;
	NDIS_TCP_LARGE_SEND_OFFLOAD_NET_BUFFER_LIST_INFO l;

	(void)state;
	c.Value = NULL;
	c.Transmit.IsIPv4 = 1;
	c.Transmit.TcpChecksum = 1;
	c.Transmit.TcpHeaderOffset = 34;
	assert_int_equal((uintptr_t)c.Value, 0x1u | 0x4u | (34u << 16));
	c.Value = NULL;
	c.Receive.IpChecksumSucceeded = 1;
	assert_int_equal((uintptr_t)c.Value, 0x20);
	l.Value = NULL;
	l.LsoV2Transmit.MSS = 1460;
	l.LsoV2Transmit.TcpHeaderOffset = 34;
	l.LsoV2Transmit.Type = NDIS_TCP_LARGE_SEND_OFFLOAD_V2_TYPE;
	l.LsoV2Transmit.IPVersion = NDIS_TCP_LARGE_SEND_OFFLOAD_IPv6;
	assert_int_equal((uintptr_t)l.Value, 1460u | (34u << 20) | (1u << 30) | (1u << 31));
	assert_int_equal(NDIS_TCP_LARGE_SEND_OFFLOAD_V1_TYPE, 0);
	assert_int_equal(NDIS_TCP_LARGE_SEND_OFFLOAD_IPv4, 0);
}

static void test_flags(void **state)
{
	(void)state;
	assert_int_equal(NDIS_RECEIVE_FLAGS_RESOURCES, 0x2);
	assert_int_equal(NDIS_RECEIVE_FLAGS_SHARED_MEMORY_INFO_VALID, 0x1000);
	assert_int_equal(NDIS_RECEIVE_FLAGS_MORE_NBLS, 0x2000);
	assert_int_equal(NDIS_RECEIVE_FLAGS_SWITCH_SINGLE_SOURCE, 0x8000);
	assert_int_equal(NDIS_RETURN_FLAGS_SWITCH_SINGLE_SOURCE, 0x4);
	assert_int_equal(NDIS_SEND_FLAGS_CHECK_FOR_LOOPBACK, 0x2);
	assert_int_equal(NDIS_SEND_FLAGS_SWITCH_DESTINATION_GROUP, 0x10);
	assert_int_equal(NDIS_SEND_COMPLETE_FLAGS_SINGLE_QUEUE, 0x2);
	assert_int_equal(NDIS_INDICATE_ALL_NBLS, 0xFFFFFFFFu);
	assert_int_equal(sizeof(NDIS_RECEIVE_THROTTLE_PARAMETERS), 8);
}

static void test_ethernet_macros(void **state)
{
	static const UCHAR bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const UCHAR mcast[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
	static const UCHAR local[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	UCHAR copy[6] = { 0 };
	ULONG result = 7;

	(void)state;
	assert_int_equal(ETH_LENGTH_OF_ADDRESS, 6);
	assert_int_equal(ETHERNET_LENGTH_OF_ADDRESS, 6);
	assert_true(ETH_IS_BROADCAST(bcast));
	assert_false(ETH_IS_BROADCAST(mcast));
	assert_true(ETH_IS_MULTICAST(bcast));
	assert_true(ETH_IS_MULTICAST(mcast));
	assert_false(ETH_IS_MULTICAST(local));
	assert_true(ETH_IS_LOCALLY_ADMINISTERED(local));
	assert_false(ETH_IS_LOCALLY_ADMINISTERED(mcast));
	if (result == 7)
		ETH_COPY_NETWORK_ADDRESS(copy, local)
	assert_memory_equal(copy, local, 6);
	ETH_COMPARE_NETWORK_ADDRESSES_EQ(copy, local, &result);
	assert_int_equal(result, 0);
	ETH_COMPARE_NETWORK_ADDRESSES_EQ(copy, mcast, &result);
	assert_int_equal(result, 1);
}

static void test_values(void **state)
{
	(void)state;
	assert_int_equal(NDIS_ERROR_CODE_TIMEOUT, 0x8000138Fu);
	assert_int_equal(EVENT_NDIS_RECEIVE_SPACE_SMALL, 0x40001395u);
	assert_int_equal(NDIS_ERROR_CODE_ADAPTER_DISABLED, 0x80001396u);
	assert_int_equal(NDIS_ERROR_CODE_HARDWARE_FAILURE, 0xC000138Au);
	assert_int_equal(NDIS_STATUS_SOFT_ERRORS, (NDIS_STATUS)0x80010003u);
	assert_int_equal(NDIS_STATUS_HARD_ERRORS, (NDIS_STATUS)0x80010004u);
	assert_int_equal(OID_GEN_STATISTICS, 0x00020106);
	assert_int_equal(OID_GEN_DIRECTED_FRAMES_RCV, 0x00020208);
	assert_int_equal(OID_GEN_RCV_CRC_ERROR, 0x0002020D);
	assert_int_equal(OID_GEN_LINK_SPEED_EX, 0x0001028B);
	assert_int_equal(OID_PM_REMOVE_WOL_PATTERN, 0xFD01010Bu);
	assert_int_equal(OID_TCP_OFFLOAD_PARAMETERS, 0xFC01020Cu);
	assert_int_equal(OID_802_3_DELETE_MULTICAST_ADDRESS, 0x01010209);
	assert_int_equal(NDIS_STATISTICS_FLAGS_VALID_XMIT_DISCARDS, 0x8000);
	assert_int_equal(NDIS_SIZEOF_STATISTICS_INFO_REVISION_1, 152);
	assert_int_equal(NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_1, 52);
	assert_int_equal(NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_2, 60);
	assert_int_equal(NDIS_SIZEOF_LINK_PARAMETERS_REVISION_1, 32);
	assert_int_equal(NDIS_SIZEOF_INTERRUPT_MODERATION_PARAMETERS_REVISION_1, 12);
	assert_int_equal(NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1, 136);
	assert_int_equal(NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2, 152);
	assert_int_equal(NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3, 160);
	assert_int_equal(NDIS_SIZEOF_STATUS_INDICATION_REVISION_1, 112);
	assert_int_equal(NDIS_DEVICE_WAKE_ON_MAGIC_PACKET_ENABLE, 0x4);
	assert_int_equal(NdisDeviceStateD3, 4);
	assert_int_equal(NDIS_INTERRUPT_MODERATION_CHANGE_NEEDS_REINITIALIZE, 0x2);
	assert_int_equal(NDIS_MAC_OPTION_8021Q_VLAN, 0x200);
	assert_int_equal(NDIS_PACKET_TYPE_NO_LOCAL, 0x10000);
	assert_true(NDIS_LINK_SPEED_UNKNOWN == ~(ULONG64)0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version_chain),
		cmocka_unit_test(test_nbl_info_slots),
		cmocka_unit_test(test_offload_slots),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_ethernet_macros),
		cmocka_unit_test(test_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
