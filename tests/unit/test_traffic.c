/* test_traffic.c — the traffic harness of issue 6 (src/runtime/traffic*.c,
 * responder.c) with the virtio_net sample linked in:
 *   - responder: ARP and ICMP echo replies byte for byte, refusals;
 *   - layout: random MDL chains hold exactly the frame, CurrentMdlOffset
 *     is sometimes non-zero and CurrentMdl sometimes not the first MDL;
 *   - a loopback run at 64 and 32 bits, every frame back once, pools back;
 *   - pause with traffic in flight: a second thread pauses while frames
 *     are on the device; every NBL completes exactly once, nothing leaks.
 * Each scenario ends with no verifier report and pools at baseline.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <pthread.h>
#include <time.h>

#include "runtime/traffic.h"

int32_t ndisdma_builtin_virtio_net(void *driver_object, void *registry_path);

/* ---- responder -------------------------------------------------------------- */

static const uint8_t our_ip[4] = { 10, 77, 0, 2 };
static const uint8_t our_mac[6] = { 2, 0, 0, 0, 0, 1 };
static const uint8_t peer_mac[6] = { 0x52, 0x54, 0, 1, 2, 3 };

static size_t arp_request(uint8_t *f, const uint8_t target[4])
{
	static const uint8_t hdr[8] = { 0, 1, 8, 0, 6, 4, 0, 1 };

	memset(f, 0, 60);
	memset(f, 0xff, 6);
	memcpy(f + 6, peer_mac, 6);
	f[12] = 0x08;
	f[13] = 0x06;
	memcpy(f + 14, hdr, 8);
	memcpy(f + 22, peer_mac, 6);
	f[28] = 10, f[29] = 77, f[30] = 0, f[31] = 1;
	memcpy(f + 38, target, 4);
	return 60;
}

static void test_responder_arp(void **state)
{
	uint8_t in[60], out[1514];
	int kind;
	size_t n;
	static const uint8_t other[4] = { 10, 77, 0, 9 };

	(void)state;
	n = responder_answer(our_ip, our_mac, in, arp_request(in, our_ip), out, sizeof out, &kind);
	assert_int_equal(n, 60);
	assert_int_equal(kind, 1);
	assert_memory_equal(out, peer_mac, 6);          /* to the requester */
	assert_memory_equal(out + 6, our_mac, 6);
	assert_int_equal(out[21], 2);                   /* ARP reply */
	assert_memory_equal(out + 22, our_mac, 6);
	assert_memory_equal(out + 28, our_ip, 4);
	assert_memory_equal(out + 32, peer_mac, 6);
	assert_memory_equal(out + 38, in + 28, 4);
	/* not our address: no answer */
	n = responder_answer(our_ip, our_mac, in, arp_request(in, other), out, sizeof out, &kind);
	assert_int_equal(n, 0);
	assert_int_equal(kind, 0);
}

static uint16_t csum(const uint8_t *p, size_t len)
{
	uint32_t s = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static void test_responder_icmp(void **state)
{
	uint8_t in[98], out[1514];
	uint16_t c;
	int kind;
	size_t n;

	(void)state;
	memset(in, 0, sizeof in);
	memcpy(in, our_mac, 6);
	memcpy(in + 6, peer_mac, 6);
	in[12] = 0x08;
	in[14] = 0x45;
	in[17] = 84;                                    /* total length */
	in[22] = 64;
	in[23] = 1;                                     /* ICMP */
	in[26] = 10, in[27] = 77, in[28] = 0, in[29] = 1;
	memcpy(in + 30, our_ip, 4);
	c = csum(in + 14, 20);
	in[24] = (uint8_t)(c >> 8), in[25] = (uint8_t)c;
	in[34] = 8;                                     /* echo request */
	for (int i = 42; i < 98; i++)
		in[i] = (uint8_t)i;
	c = csum(in + 34, 64);
	in[36] = (uint8_t)(c >> 8), in[37] = (uint8_t)c;

	n = responder_answer(our_ip, our_mac, in, sizeof in, out, sizeof out, &kind);
	assert_int_equal(n, 98);
	assert_int_equal(kind, 2);
	assert_memory_equal(out, peer_mac, 6);
	assert_memory_equal(out + 26, our_ip, 4);       /* source: us */
	assert_memory_equal(out + 30, in + 26, 4);
	assert_int_equal(out[34], 0);                   /* echo reply */
	assert_int_equal(csum(out + 14, 20), 0);        /* checksums verify */
	assert_int_equal(csum(out + 34, 64), 0);
	assert_memory_equal(out + 42, in + 42, 56);     /* payload echoed */
	in[24] ^= 1;                                    /* bad header checksum */
	assert_int_equal(responder_answer(our_ip, our_mac, in, sizeof in, out, sizeof out, &kind), 0);
}

/* ---- layouts ------------------------------------------------------------------ */

static void test_layout(void **state)
{
	static uint8_t buf[4 * 4096 * 2] __attribute__((aligned(4096)));
	struct tr_frame_spec spec = { .seed = 5, .min_size = 60, .max_size = 1514 };
	struct tr_slot slot;
	NET_BUFFER_LIST nbl;
	NET_BUFFER nb;
	uint64_t pfns[8], rng = 1;
	uint8_t frame[1514], back[1514];
	unsigned offset_nonzero = 0, not_first = 0;

	(void)state;
	memset(&slot, 0, sizeof slot);
	memset(&nbl, 0, sizeof nbl);
	memset(&nb, 0, sizeof nb);
	nbl.FirstNetBuffer = &nb;
	slot.nbl = &nbl;
	slot.buf = buf;
	slot.pfns = pfns;
	for (int i = 0; i < 8; i++)
		pfns[i] = 100 + (uint64_t)i;
	assert_true(tr_slot_bytes(1514) <= sizeof buf);
	for (uint64_t seq = 0; seq < 2000; seq++) {
		uint32_t len = tr_frame_length(&spec, seq), pieces;
		uint64_t got;

		assert_in_range(len, 60, 1514);
		tr_frame_fill(&spec, seq, len, frame);
		pieces = tr_layout(&slot, frame, len, 8, &rng);
		assert_true(pieces >= 1);
		assert_int_equal(nb.DataLength, len);
		assert_int_equal(tr_gather(&nb, back, sizeof back), len);
		assert_memory_equal(back, frame, len);
		assert_null(tr_frame_check(&spec, seq, back, len));
		assert_true(tr_frame_parse(back, len, &got));
		assert_int_equal(got, seq);
		offset_nonzero += nb.CurrentMdlOffset != 0;
		not_first += nb.CurrentMdl != nb.MdlChain;
		back[len / 2] ^= 0x40;                  /* one flipped bit is seen */
		assert_non_null(tr_frame_check(&spec, seq, back, len));
	}
	assert_true(offset_nonzero > 100);
	assert_true(not_first > 10);
}

/* ---- runs through the virtio_net sample ------------------------------------------ */

struct fixture {
	struct ndisdma_machine *m;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	struct ndisdma_pools base;
};

static void up(struct fixture *f, unsigned bits, enum ndisdma_layout layout)
{
	struct ndisdma_config cfg;
	struct ndisdma_adapter_params p;
	static const char *p32[] = { "DmaBits=32", NULL };
	char err[256];

	ndisdma_config_init(&cfg);
	cfg.seed = 17;
	cfg.layout = layout;
	assert_int_equal(ndisdma_machine_create(&cfg, &f->m, err, sizeof err), 0);
	ndisdma_machine_pools(f->m, &f->base);
	assert_int_equal(ndisdma_driver_load_builtin(f->m, "virtio_net",
		ndisdma_builtin_virtio_net, &f->d, err, sizeof err), 0);
	memset(&p, 0, sizeof p);
	p.name = "vn0";
	p.device = "virtio-net";
	p.dma_bits = bits;
	p.params = bits == 32 ? p32 : NULL;
	assert_int_equal(ndisdma_adapter_initialize(f->d, &p, &f->a, err, sizeof err), 0);
	assert_int_equal(ndisdma_adapter_restart(f->a, err, sizeof err), 0);
}

static void down(struct fixture *f)
{
	struct ndisdma_pools now;

	ndisdma_adapter_halt(f->a);
	ndisdma_driver_unload(f->d);
	ndisdma_machine_pools(f->m, &now);
	assert_int_equal(ndisdma_report_count(f->m, NULL), 0);
	assert_int_equal(now.live_sg_lists, f->base.live_sg_lists);
	assert_int_equal(now.live_shared_blocks, f->base.live_shared_blocks);
	assert_int_equal(now.live_driver_resources, f->base.live_driver_resources);
	assert_int_equal(now.live_handles, f->base.live_handles);
	assert_int_equal(now.internal_allocations - now.internal_frees,
			 f->base.internal_allocations - f->base.internal_frees);
	ndisdma_machine_destroy(f->m);
}

static void loopback(unsigned bits, enum ndisdma_layout layout)
{
	struct ndisdma_traffic_config c = { .frames = 5000, .min_size = 60, .max_size = 1514,
					    .seed = 3, .expect_echo = true };
	struct ndisdma_traffic_result r;
	struct fixture f;
	char err[256];

	up(&f, bits, layout);
	assert_int_equal(ndisdma_traffic_run(f.a, &c, &r, err, sizeof err), 0);
	assert_int_equal(r.frames_sent, 5000);
	assert_int_equal(r.send_completed, 5000);
	assert_int_equal(r.frames_received, 5000);
	assert_int_equal(r.mismatches + r.lost_frames + r.duplicates, 0);
	assert_int_equal(r.lost_completions + r.double_completions + r.send_failed, 0);
	assert_int_equal(r.dma.lists, 5000);
	assert_true(r.dma.elements >= 5000);
	if (bits == 32 && layout == NDISDMA_LAYOUT_HIGH)
		assert_int_equal(r.dma.bounced_lists, 5000);
	down(&f);
}

static void test_loopback_64(void **state)
{
	(void)state;
	loopback(64, NDISDMA_LAYOUT_MIXED);
}

static void test_loopback_32_high(void **state)
{
	(void)state;
	loopback(32, NDISDMA_LAYOUT_HIGH);
}

struct pauser {
	struct ndisdma_adapter *a;
	int rc;
};

static void *pause_soon(void *arg)
{
	struct pauser *p = arg;
	struct timespec ts = { 0, 2 * 1000000l };
	struct ndisdma_adapter_stats st;

	/* pause once traffic is flowing (a window's worth completed), not
	 * after a fixed time: on a loaded machine the traffic may not have
	 * started within any fixed time, and the pause would race nothing */
	for (int i = 0; i < 15000; i++) {
		ndisdma_adapter_stats(p->a, &st);
		if (st.nbls_send_completed >= 64)
			break;
		nanosleep(&ts, NULL);
	}
	p->rc = ndisdma_adapter_pause(p->a, NULL, 0);
	return NULL;
}

/* spec §13: pause pends until every send completed; sends racing the
 * pause are completed with a status, never dropped. */
static void test_pause_with_traffic_in_flight(void **state)
{
	struct ndisdma_traffic_config c = { .frames = 2000000, .min_size = 60,
					    .max_size = 1514, .seed = 8, .window = 64 };
	struct ndisdma_traffic_result r;
	struct ndisdma_adapter_stats st;
	struct pauser p;
	struct fixture f;
	pthread_t th;
	char err[256];

	(void)state;
	up(&f, 64, NDISDMA_LAYOUT_SCATTERED);
	p.a = f.a;
	p.rc = -1;
	assert_int_equal(pthread_create(&th, NULL, pause_soon, &p), 0);
	assert_int_equal(ndisdma_traffic_run(f.a, &c, &r, err, sizeof err), -EIO);
	pthread_join(th, NULL);
	assert_int_equal(p.rc, 0);
	assert_true(r.frames_sent > 0 && r.frames_sent < c.frames);
	assert_int_equal(r.send_completed, r.frames_sent);   /* each exactly once */
	assert_int_equal(r.lost_completions + r.double_completions + r.mismatches, 0);
	ndisdma_adapter_stats(f.a, &st);
	assert_int_equal(st.nbls_send_completed, r.frames_sent);
	assert_string_equal(ndisdma_adapter_state(f.a), "paused");
	down(&f);
}

/* traffic_awaited.c: a frame owed leaves the list when it is seen or when
 * a later one is indicated, excused only if a fault came in between; the
 * end of the run closes every window; beyond TR_AWAITED_MAX the older half
 * falls out unexcused. */
struct awaited_probe {
	uint8_t seen[4096 / 8 + 1], excused[4096 / 8 + 1];
};

static bool probe_seen(void *ctx, uint64_t seq)
{
	const struct awaited_probe *p = ctx;

	return (p->seen[seq >> 3] >> (seq & 7)) & 1;
}

static void probe_excuse(void *ctx, uint64_t seq)
{
	struct awaited_probe *p = ctx;

	p->excused[seq >> 3] |= (uint8_t)(1u << (seq & 7));
}

static void test_awaited_windows(void **state)
{
	static struct awaited_probe p;
	struct tr_awaited w;

	(void)state;
	assert_int_equal(tr_awaited_init(&w), 0);
	tr_awaited_add(&w, 0, 5);
	tr_awaited_add(&w, 1, 5);
	tr_awaited_add(&w, 2, 6);
	tr_awaited_add(&w, 3, 7);
	p.seen[0] = 1u << 1;   /* frame 1 came back */
	/* frame 2 indicated, 6 faults so far: 0 (sent at 5) lost across a
	 * fault, 1 seen, 2 and 3 still owed */
	p.seen[0] |= 1u << 2;
	tr_awaited_close(&w, 2, 6, probe_seen, probe_excuse, &p);
	assert_int_equal(p.excused[0], 1u << 0);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.e[0].seq, 3);
	/* the run ends with no fault since frame 3's send: not excused */
	tr_awaited_close(&w, UINT64_MAX, 7, probe_seen, probe_excuse, &p);
	assert_int_equal(p.excused[0], 1u << 0);
	assert_int_equal(w.n, 0);
	/* more than the list holds: the older half goes, unexcused */
	for (uint64_t seq = 0; seq <= TR_AWAITED_MAX; seq++)
		tr_awaited_add(&w, seq, 0);
	assert_int_equal(w.n, TR_AWAITED_MAX / 2 + 1);
	assert_int_equal(w.e[0].seq, TR_AWAITED_MAX / 2);
	memset(&p, 0, sizeof(p));
	tr_awaited_close(&w, UINT64_MAX, 1, probe_seen, probe_excuse, &p);
	assert_int_equal(p.excused[0], 0);
	assert_int_equal(p.excused[TR_AWAITED_MAX / 2 / 8 - 1], 0);
	assert_int_equal(p.excused[TR_AWAITED_MAX / 2 / 8], 0xFF);
	assert_int_equal(p.excused[TR_AWAITED_MAX / 8], 1);
	assert_int_equal(w.n, 0);
	tr_awaited_fini(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_responder_arp),
		cmocka_unit_test(test_responder_icmp),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_loopback_64),
		cmocka_unit_test(test_loopback_32_high),
		cmocka_unit_test(test_pause_with_traffic_in_flight),
		cmocka_unit_test(test_awaited_windows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
