/* test_vhub_sample.c — the vhub sample (samples/vhub), linked in with its
 * DriverEntry renamed (tests/vhub.cmake), driven through the library's
 * adapter API as a PnP manager and a protocol would:
 * - the permanent MAC an adapter derives on its first initialize is saved
 *   in its configuration and read back on the next one (halt, initialize
 *   again under the same name), and only there;
 * - OIDs: permanent/current address, a counter read as ULONG and ULONG64,
 *   a buffer too short, the multicast list, a packet filter it cannot do,
 *   an OID it does not know;
 * - hub traffic between 3 adapters: each adapter's OID_GEN_STATISTICS and
 *   OID_GEN_XMIT_OK / OID_GEN_RCV_OK count exactly what the harness saw;
 * - a promiscuous adapter gets frames due elsewhere (the filter decides);
 * - a reset completes with the address kept (AddressingReset FALSE);
 * - MiniportCancelSend takes back the copies of the cancelled NBLs still
 *   waiting on a receive queue (the receiver's VhubReceiveDelay holds them
 *   there) and completes those NBLs with NDIS_STATUS_SEND_ABORTED, no
 *   other; a pause drops the copies still waiting, and their NBLs
 *   complete.
 * Every scenario ends with no report and every pool at its baseline.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "runtime/runtime.h"

int32_t ndisdma_vhub_driver_entry(void *driver_object, void *registry_path);

struct vh {
	struct ndisdma_machine *m;
	struct ndisdma_driver *d;
	struct ndisdma_pools base;
	char err[512];
};

static void vh_up(struct vh *f, uint64_t seed)
{
	struct ndisdma_config c;

	memset(f, 0, sizeof(*f));
	ndisdma_config_init(&c);
	c.seed = seed;
	c.report_text = NULL;
	assert_int_equal(ndisdma_machine_create(&c, &f->m, f->err, sizeof(f->err)), 0);
	ndisdma_machine_pools(f->m, &f->base);
	assert_int_equal(ndisdma_driver_load_builtin(f->m, "vhub", ndisdma_vhub_driver_entry,
						     &f->d, f->err, sizeof(f->err)), 0);
}

static void vh_down(struct vh *f)
{
	struct ndisdma_pools now;

	ndisdma_driver_unload(f->d);
	ndisdma_machine_pools(f->m, &now);
	assert_int_equal(now.live_driver_resources, 0);
	assert_int_equal(now.live_handles, f->base.live_handles);
	assert_int_equal(now.internal_allocations - now.internal_frees,
			 f->base.internal_allocations - f->base.internal_frees);
	assert_int_equal(ndisdma_report_count(f->m, NULL), 0);
	ndisdma_machine_destroy(f->m);
}

static struct ndisdma_adapter *vh_start(struct vh *f, const char *name,
					const char *const *params, uint8_t mac[6])
{
	struct ndisdma_adapter_params p;
	struct ndisdma_adapter_stats s;
	struct ndisdma_adapter *a = NULL;

	memset(&p, 0, sizeof(p));
	p.name = name;
	p.params = params;
	assert_int_equal(ndisdma_adapter_initialize(f->d, &p, &a, f->err, sizeof(f->err)), 0);
	assert_int_equal(ndisdma_adapter_restart(a, f->err, sizeof(f->err)), 0);
	ndisdma_adapter_stats(a, &s);
	assert_true(s.mac_valid);
	memcpy(mac, s.mac, 6);
	return a;
}

static int32_t vh_query(struct ndisdma_adapter *a, uint32_t oid, void *buf, uint32_t len,
			uint32_t *done)
{
	*done = 0;
	return ndisdma_adapter_oid(a, false, oid, buf, len, done);
}

static void test_saved_mac_comes_back(void **state)
{
	static const char *const keys[] = { "NetworkAddress=02-aa-bb-cc-dd-01", NULL };
	uint8_t first[6], again[6], other[6], perm[6], cur[6];
	struct ndisdma_adapter *a;
	uint32_t done;
	struct vh f;

	(void)state;
	vh_up(&f, 11);
	a = vh_start(&f, "ndisdma0", NULL, first);
	assert_int_equal(first[0], 0x02);
	assert_int_equal(first[1], 0x56);
	assert_int_equal(first[2], 0x48);
	assert_int_equal(vh_query(a, OID_802_3_PERMANENT_ADDRESS, perm, 6, &done), 0);
	assert_int_equal(done, 6);
	assert_memory_equal(perm, first, 6);
	ndisdma_adapter_pause(a, f.err, sizeof(f.err));
	ndisdma_adapter_halt(a);
	ndisdma_machine_advance_time(f.m, 5000);    /* another tick count */
	a = vh_start(&f, "ndisdma0", NULL, again);  /* VhubPermanentAddress read back */
	assert_memory_equal(first, again, 6);
	ndisdma_adapter_halt(a);
	a = vh_start(&f, "ndisdma1", keys, other);  /* its own key: derived anew */
	assert_int_equal(vh_query(a, OID_802_3_PERMANENT_ADDRESS, perm, 6, &done), 0);
	assert_memory_not_equal(perm, first, 6);
	assert_int_equal(vh_query(a, OID_802_3_CURRENT_ADDRESS, cur, 6, &done), 0);
	assert_memory_equal(cur, "\x02\xaa\xbb\xcc\xdd\x01", 6);   /* NetworkAddress */
	assert_memory_equal(other, cur, 6);
	ndisdma_adapter_halt(a);
	vh_down(&f);
}

static void test_oids(void **state)
{
	static const uint8_t groups[12] = { 0x01, 0x00, 0x5e, 0, 0, 1, 0x33, 0x33, 0, 0, 0, 1 };
	uint8_t mac[6], buf[64];
	uint64_t u64 = ~0ull;
	uint32_t done, u32 = ~0u, oids[128];
	struct ndisdma_adapter *a;
	bool statistics_listed = false;
	struct vh f;

	(void)state;
	vh_up(&f, 12);
	a = vh_start(&f, "ndisdma0", NULL, mac);
	assert_int_equal(vh_query(a, OID_GEN_XMIT_OK, &u32, 4, &done), 0);
	assert_int_equal(done, 4);
	assert_int_equal(u32, 0);
	assert_int_equal(vh_query(a, OID_GEN_RCV_OK, &u64, 8, &done), 0);
	assert_int_equal(done, 8);
	assert_int_equal(u64, 0);
	assert_int_equal(vh_query(a, OID_802_3_CURRENT_ADDRESS, buf, 4, &done),
			 NDIS_STATUS_BUFFER_TOO_SHORT);
	assert_int_equal(vh_query(a, OID_GEN_SUPPORTED_LIST, oids, sizeof(oids), &done), 0);
	for (uint32_t i = 0; i < done / 4; i++)
		statistics_listed |= oids[i] == OID_GEN_STATISTICS;
	assert_true(statistics_listed);
	assert_int_equal(vh_query(a, OID_GEN_MAXIMUM_FRAME_SIZE, &u32, 4, &done), 0);
	assert_int_equal(u32, 1500);
	assert_int_equal(vh_query(a, 0x00FFFF01u, buf, sizeof(buf), &done),
			 NDIS_STATUS_NOT_SUPPORTED);

	/* the multicast list: group addresses only, read back as set */
	assert_int_equal(ndisdma_adapter_oid(a, true, OID_802_3_MULTICAST_LIST, (void *)groups,
					     12, &done), 0);
	assert_int_equal(vh_query(a, OID_802_3_MULTICAST_LIST, buf, sizeof(buf), &done), 0);
	assert_int_equal(done, 12);
	assert_memory_equal(buf, groups, 12);
	assert_int_equal(ndisdma_adapter_oid(a, true, OID_802_3_MULTICAST_LIST, mac, 6, &done),
			 NDIS_STATUS_INVALID_DATA);
	assert_int_equal(ndisdma_adapter_oid(a, true, OID_802_3_MULTICAST_LIST, buf, 7, &done),
			 NDIS_STATUS_INVALID_LENGTH);
	/* a filter bit it does not support (source routing) */
	u32 = 0x10;
	assert_int_equal(ndisdma_adapter_oid(a, true, OID_GEN_CURRENT_PACKET_FILTER, &u32, 4,
					     &done), NDIS_STATUS_NOT_SUPPORTED);
	ndisdma_adapter_halt(a);
	vh_down(&f);
}

static void start_hub(struct vh *f, struct ndisdma_adapter **a, unsigned n)
{
	uint8_t mac[6];
	char name[24];

	for (unsigned i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "ndisdma%u", i);
		if (i)
			ndisdma_machine_advance_time(f->m, 1000);
		a[i] = vh_start(f, name, NULL, mac);
	}
}

static void hub_traffic(struct vh *f, struct ndisdma_adapter **a, unsigned n,
			struct ndisdma_hub_result *r)
{
	struct ndisdma_traffic_config c;

	memset(&c, 0, sizeof(c));
	c.frames = 1200;
	c.min_size = 60;
	c.max_size = 1514;
	c.seed = 3;
	assert_int_equal(ndisdma_hub_run(a, n, &c, r, f->err, sizeof(f->err)), 0);
}

static void test_statistics_count_the_hub(void **state)
{
	struct ndisdma_adapter *a[3];
	struct ndisdma_hub_result r;
	struct ndisdma_statistics s;
	uint64_t u64;
	uint32_t done;
	struct vh f;

	(void)state;
	vh_up(&f, 13);
	start_hub(&f, a, 3);
	hub_traffic(&f, a, 3, &r);
	assert_false(ndisdma_hub_failed(&r));
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(ndisdma_adapter_statistics(a[i], &s), 0);
		assert_true(s.valid);
		/* field order: 3 ucast in, 4 mcast in, 5 bcast in, 7-9 out, 0 discards */
		assert_int_equal(s.counter[3] + s.counter[5], r.per[i].received);
		assert_int_equal(s.counter[7] + s.counter[9], r.per[i].sent);
		assert_int_equal(s.counter[4] + s.counter[8] + s.counter[0], 0);
		assert_int_equal(s.counter[2], r.per[i].bytes_received);
		assert_int_equal(vh_query(a[i], OID_GEN_XMIT_OK, &u64, 8, &done), 0);
		assert_int_equal(u64, r.per[i].sent);
		assert_int_equal(vh_query(a[i], OID_GEN_RCV_OK, &u64, 8, &done), 0);
		assert_int_equal(u64, r.per[i].received);
	}
	for (unsigned i = 3; i-- > 0;)
		ndisdma_adapter_halt(a[i]);
	vh_down(&f);
}

static void test_filter_decides(void **state)
{
	uint32_t filter = NDIS_PACKET_TYPE_PROMISCUOUS, done;
	struct ndisdma_adapter *a[3];
	struct ndisdma_hub_result r;
	struct vh f;

	(void)state;
	vh_up(&f, 14);
	start_hub(&f, a, 3);
	assert_int_equal(ndisdma_adapter_oid(a[2], true, OID_GEN_CURRENT_PACKET_FILTER, &filter,
					     4, &done), 0);
	hub_traffic(&f, a, 3, &r);
	/* ndisdma2 also takes the frames ndisdma0 and ndisdma1 send each other */
	assert_true(r.per[2].misdelivered > 0);
	assert_int_equal(r.per[0].misdelivered + r.per[1].misdelivered, 0);
	assert_int_equal(r.lost + r.duplicates, 0);
	for (unsigned i = 3; i-- > 0;)
		ndisdma_adapter_halt(a[i]);
	vh_down(&f);
}

static void test_reset_keeps_the_address(void **state)
{
	struct ndisdma_reset_outcome o;
	struct ndisdma_adapter *a[2];
	struct ndisdma_hub_result r;
	struct vh f;

	(void)state;
	vh_up(&f, 15);
	start_hub(&f, a, 2);
	assert_int_equal(ndisdma_adapter_reset(a[1], "test", &o), 0);
	assert_int_equal(o.status, NDIS_STATUS_SUCCESS);
	assert_false(o.addressing_reset);
	assert_false(ndisdma_adapter_failed(a[1]));
	hub_traffic(&f, a, 2, &r);   /* and the hub still works */
	assert_false(ndisdma_hub_failed(&r));
	for (unsigned i = 2; i-- > 0;)
		ndisdma_adapter_halt(a[i]);
	vh_down(&f);
}

/* ---- cancel ------------------------------------------------------------------ */

struct sent {
	PNET_BUFFER_LIST nbl[2];
	NDIS_STATUS status[2];
	int completions[2];
};

static void on_send_complete(void *ctx, void *nbls, uint32_t flags)
{
	struct sent *s = ctx;

	(void)flags;
	for (PNET_BUFFER_LIST n = nbls; n; n = NET_BUFFER_LIST_NEXT_NBL(n))
		for (int i = 0; i < 2; i++)
			if (n == s->nbl[i]) {
				s->status[i] = NET_BUFFER_LIST_STATUS(n);
				s->completions[i]++;
			}
}

/* A 60-byte frame from src to dst in one MDL of pool memory. */
static PNET_BUFFER_LIST make_frame(NDIS_HANDLE pool, const uint8_t *dst, const uint8_t *src,
				   PMDL *mdl, void **buf)
{
	uint8_t *f = ExAllocatePoolWithTag(NonPagedPool, 60, 'tsvT');

	assert_non_null(f);
	memset(f, 0x5a, 60);
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	f[12] = 0x88;
	f[13] = 0xb5;
	*buf = f;
	*mdl = IoAllocateMdl(f, 60, FALSE, FALSE, NULL);
	assert_non_null(*mdl);
	MmBuildMdlForNonPagedPool(*mdl);
	return NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, *mdl, 0, 60);
}

static void test_cancel_send(void **state)
{
	static const char *const slow[] = { "VhubReceiveDelay=10000000", NULL };   /* 10 s */
	struct ndisdma_traffic_ops ops = { .send_complete = on_send_complete };
	NET_BUFFER_LIST_POOL_PARAMETERS pp;
	struct ndisdma_statistics s0, s1;
	struct ndisdma_adapter *a0, *a1;
	uint8_t mac0[6], mac1[6];
	struct sent sent;
	NDIS_HANDLE pool;
	PMDL mdl[2];
	void *buf[2];
	struct vh f;

	(void)state;
	vh_up(&f, 16);
	a0 = vh_start(&f, "ndisdma0", NULL, mac0);
	a1 = vh_start(&f, "ndisdma1", slow, mac1);
	ndisdma_thread_enter(f.m);
	memset(&pp, 0, sizeof(pp));
	pp.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	pp.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pp.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pp.fAllocateNetBuffer = TRUE;
	pool = NdisAllocateNetBufferListPool(NULL, &pp);
	assert_non_null(pool);
	memset(&sent, 0, sizeof(sent));
	for (int i = 0; i < 2; i++) {
		sent.nbl[i] = make_frame(pool, mac1, mac0, &mdl[i], &buf[i]);
		assert_non_null(sent.nbl[i]);
		NDIS_SET_NET_BUFFER_LIST_CANCEL_ID(sent.nbl[i], (PVOID)(uintptr_t)(0x1000 + i));
	}
	NET_BUFFER_LIST_NEXT_NBL(sent.nbl[0]) = sent.nbl[1];
	ndisdma_adapter_set_traffic(a0, &ops, &sent);

	assert_int_equal(ndisdma_adapter_send(a0, sent.nbl[0]), 0);
	/* both copies wait on ndisdma1's queue: neither NBL is complete */
	assert_int_equal(sent.completions[0] + sent.completions[1], 0);
	assert_int_equal(ndisdma_adapter_cancel_send(a0, (PVOID)(uintptr_t)0x7777), 0);
	assert_int_equal(sent.completions[0] + sent.completions[1], 0);
	assert_int_equal(ndisdma_adapter_cancel_send(a0, (PVOID)(uintptr_t)0x1000), 0);
	assert_int_equal(sent.completions[0], 1);
	assert_int_equal(sent.status[0], NDIS_STATUS_SEND_ABORTED);
	assert_int_equal(sent.completions[1], 0);
	/* the pause of ndisdma1 drops the other copy: its NBL completes */
	assert_int_equal(ndisdma_adapter_pause(a1, f.err, sizeof(f.err)), 0);
	assert_int_equal(sent.completions[1], 1);
	assert_int_equal(sent.status[1], NDIS_STATUS_SUCCESS);
	assert_int_equal(ndisdma_adapter_cancel_send(a0, NULL), -EINVAL);

	/* ifOutDiscards / ifHCOutUcastPkts of the sender, ifInDiscards and
	 * ifHCInUcastPkts of the receiver */
	assert_int_equal(ndisdma_adapter_statistics(a0, &s0), 0);
	assert_int_equal(ndisdma_adapter_statistics(a1, &s1), 0);
	assert_int_equal(s0.counter[11], 1);
	assert_int_equal(s0.counter[7], 1);
	assert_int_equal(s1.counter[0], 2);
	assert_int_equal(s1.counter[3], 0);

	ndisdma_adapter_set_traffic(a0, NULL, NULL);
	ndisdma_adapter_halt(a1);
	ndisdma_adapter_halt(a0);
	for (int i = 0; i < 2; i++) {
		NdisFreeNetBufferList(sent.nbl[i]);
		IoFreeMdl(mdl[i]);
		ExFreePoolWithTag(buf[i], 'tsvT');
	}
	NdisFreeNetBufferListPool(pool);
	ndisdma_thread_enter(NULL);
	vh_down(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_saved_mac_comes_back),
		cmocka_unit_test(test_oids),
		cmocka_unit_test(test_statistics_count_the_hub),
		cmocka_unit_test(test_filter_decides),
		cmocka_unit_test(test_reset_keeps_the_address),
		cmocka_unit_test(test_cancel_send),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
