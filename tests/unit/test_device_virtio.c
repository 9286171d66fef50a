/* test_device_virtio.c — the virtio-net model driven by a scripted
 * driver-side sequence in C (not a miniport): register layout, reset and
 * feature negotiation, a frame through TX -> loopback -> RX with exact
 * bytes and order, the 32-bit DMA limit, bad register accesses.  Rings
 * and buffers are platform memory the bus can reach. */
#include <endian.h>
#include <errno.h>
#include <linux/virtio_config.h>
#include <linux/virtio_mmio.h>
#include <linux/virtio_net.h>
#include <linux/virtio_ring.h>
#include <string.h>
#include <time.h>

#include "device/virtio_net.h"
#include "harness.h"

#define QN 16u
#define BUF 2048u

struct mem { void *va; uint64_t pa; size_t bytes; };

struct drv {
	struct th t;
	struct device *d;
	atomic_int irqs;
	struct mem ring[2];     /* per queue: desc | avail | used */
	struct mem bufs;        /* QN rx buffers then QN tx buffers */
	uint16_t avail_idx[2];
};

static struct mem mem_get(struct th *t, size_t bytes, uint64_t limit)
{
	struct mem m = { .bytes = bytes };

	m.va = platform_alloc_contiguous(t->plat, bytes, limit, &m.pa);
	assert_non_null(m.va);
	memset(m.va, 0, bytes);
	return m;
}

static void mem_put(struct th *t, struct mem *m)
{
	platform_free_contiguous(t->plat, m->va, m->bytes);
}

static uint32_t rd(struct drv *x, uint32_t off)
{
	uint32_t v;

	assert_int_equal(device_mmio_read(x->d, off, 4, &v), 0);
	return v;
}

static void wr(struct drv *x, uint32_t off, uint32_t v)
{
	assert_int_equal(device_mmio_write(x->d, off, 4, v), 0);
}

static void on_irq(void *ctx)
{
	atomic_fetch_add(&((struct drv *)ctx)->irqs, 1);
}

static void drv_open(struct drv *x, enum platform_layout layout, unsigned dma_bits,
		     const char *backend)
{
	struct th_options o;
	struct virtio_net_params p = { .mac = { 2, 0, 0, 0, 0, 7 }, .dma_bits = dma_bits };
	char err[160];

	memset(x, 0, sizeof(*x));
	th_default_options(&o);
	o.layout = layout;
	th_setup(&x->t, &o);
	if (backend)
		assert_int_equal(backend_open(x->t.k, backend, &p.backend, err, sizeof(err)), 0);
	assert_int_equal(virtio_net_create(x->t.k, &p, &x->d), 0);
	device_set_irq_handler(x->d, on_irq, x);
}

static void drv_close(struct drv *x)
{
	device_destroy(x->d);
	for (int i = 0; i < 2; i++)
		if (x->ring[i].va)
			mem_put(&x->t, &x->ring[i]);
	if (x->bufs.va)
		mem_put(&x->t, &x->bufs);
	th_teardown(&x->t);
}

/* virtio 1.1 §3.1.1 driver initialisation up to FEATURES_OK. */
static void negotiate(struct drv *x, uint64_t features)
{
	wr(x, VIRTIO_MMIO_STATUS, 0);
	wr(x, VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	wr(x, VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
	for (uint32_t sel = 0; sel < 2; sel++) {
		wr(x, VIRTIO_MMIO_DRIVER_FEATURES_SEL, sel);
		wr(x, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(features >> (32 * sel)));
	}
	wr(x, VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
	   VIRTIO_CONFIG_S_FEATURES_OK);
}

#define GOOD_FEATURES ((1ull << VIRTIO_F_VERSION_1) | (1ull << VIRTIO_NET_F_MAC))

/* QueueNum, the ring addresses and QueueReady for ring x->ring[qi]. */
static void start_queue(struct drv *x, unsigned qi)
{
	struct mem *r = &x->ring[qi];
	uint64_t avail, used;

	avail = r->pa + QN * sizeof(struct vring_desc);
	used = r->pa + 4096;
	wr(x, VIRTIO_MMIO_QUEUE_SEL, qi);
	assert_int_equal(rd(x, VIRTIO_MMIO_QUEUE_NUM_MAX), VIRTIO_NET_QUEUE_MAX_DEFAULT);
	assert_int_equal(rd(x, VIRTIO_MMIO_QUEUE_READY), 0);
	wr(x, VIRTIO_MMIO_QUEUE_NUM, QN);
	wr(x, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)r->pa);
	wr(x, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(r->pa >> 32));
	wr(x, VIRTIO_MMIO_QUEUE_AVAIL_LOW, (uint32_t)avail);
	wr(x, VIRTIO_MMIO_QUEUE_AVAIL_HIGH, (uint32_t)(avail >> 32));
	wr(x, VIRTIO_MMIO_QUEUE_USED_LOW, (uint32_t)used);
	wr(x, VIRTIO_MMIO_QUEUE_USED_HIGH, (uint32_t)(used >> 32));
	wr(x, VIRTIO_MMIO_QUEUE_READY, 1);
	assert_int_equal(rd(x, VIRTIO_MMIO_QUEUE_READY), 1);
}

static void setup_queue(struct drv *x, unsigned qi, uint64_t ring_limit)
{
	x->ring[qi] = mem_get(&x->t, 8192, ring_limit);
	start_queue(x, qi);
}

static void bring_up(struct drv *x, uint64_t ring_limit, uint64_t buf_limit)
{
	negotiate(x, GOOD_FEATURES);
	assert_true(rd(x, VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK);
	setup_queue(x, 0, ring_limit);
	setup_queue(x, 1, ring_limit);
	x->bufs = mem_get(&x->t, 2 * QN * BUF, buf_limit);
	wr(x, VIRTIO_MMIO_STATUS, rd(x, VIRTIO_MMIO_STATUS) | VIRTIO_CONFIG_S_DRIVER_OK);
}

static struct vring_desc *desc(struct drv *x, unsigned qi) { return x->ring[qi].va; }
static struct vring_avail *avail(struct drv *x, unsigned qi)
{
	return (void *)((char *)x->ring[qi].va + QN * sizeof(struct vring_desc));
}
static struct vring_used *used(struct drv *x, unsigned qi)
{
	return (void *)((char *)x->ring[qi].va + 4096);
}

static void publish(struct drv *x, unsigned qi, uint16_t head)
{
	struct vring_avail *a = avail(x, qi);

	a->ring[x->avail_idx[qi] % QN] = htole16(head);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	a->idx = htole16(++x->avail_idx[qi]);
	wr(x, VIRTIO_MMIO_QUEUE_NOTIFY, qi);
}

static void set_desc(struct vring_desc *d, uint64_t pa, uint32_t len, uint16_t flags, uint16_t next)
{
	d->addr = htole64(pa);
	d->len = htole32(len);
	d->flags = htole16(flags);
	d->next = htole16(next);
}

static void post_rx(struct drv *x, unsigned n)
{
	for (uint16_t i = 0; i < n; i++) {
		set_desc(&desc(x, 0)[i], x->bufs.pa + (uint64_t)i * BUF, BUF, VRING_DESC_F_WRITE, 0);
		publish(x, 0, i);
	}
}

/* TX frame i: header in one descriptor, the frame split in two. */
static void send_frame(struct drv *x, uint16_t slot, const unsigned char *f, uint32_t len)
{
	unsigned char *b = (unsigned char *)x->bufs.va + (QN + slot) * BUF;
	uint64_t pa = x->bufs.pa + (uint64_t)(QN + slot) * BUF;
	uint16_t h = (uint16_t)(slot * 3 % QN);
	uint32_t half = len / 2;

	memset(b, 0, 12);
	memcpy(b + 64, f, len);
	set_desc(&desc(x, 1)[h], pa, 12, VRING_DESC_F_NEXT, (uint16_t)((h + 1) % QN));
	set_desc(&desc(x, 1)[(h + 1) % QN], pa + 64, half, VRING_DESC_F_NEXT, (uint16_t)((h + 2) % QN));
	set_desc(&desc(x, 1)[(h + 2) % QN], pa + 64 + half, len - half, 0, 0);
	publish(x, 1, h);
}

/* Polls a little-endian 16-bit field the device writes until its bits
 * in `mask` read `want` (up to 2 s). */
static bool wait_le16(const uint16_t *field, uint16_t mask, uint16_t want)
{
	for (int i = 0; i < 4000; i++) {
		if ((le16toh(__atomic_load_n(field, __ATOMIC_ACQUIRE)) & mask) == want)
			return true;
		struct timespec ts = { 0, 500000 };
		nanosleep(&ts, NULL);
	}
	return false;
}

static bool wait_used(struct drv *x, unsigned qi, uint16_t idx)
{
	return wait_le16(&used(x, qi)->idx, 0xFFFF, idx);
}

static void test_registers_and_negotiation(void **state)
{
	struct drv x;
	uint32_t v;

	(void)state;
	drv_open(&x, LAYOUT_CONTIGUOUS, 64, NULL);
	assert_int_equal(rd(&x, VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
	assert_int_equal(rd(&x, VIRTIO_MMIO_VERSION), 2);
	assert_int_equal(rd(&x, VIRTIO_MMIO_DEVICE_ID), 1);
	assert_int_not_equal(rd(&x, VIRTIO_MMIO_VENDOR_ID), 0);
	wr(&x, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	assert_int_equal(rd(&x, VIRTIO_MMIO_DEVICE_FEATURES),
			 (1u << VIRTIO_NET_F_MAC) | (1u << VIRTIO_NET_F_STATUS));
	wr(&x, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	assert_int_equal(rd(&x, VIRTIO_MMIO_DEVICE_FEATURES), 1u << (VIRTIO_F_VERSION_1 - 32));
	/* config space: mac then status (link up), byte and word reads */
	assert_int_equal(device_mmio_read(x.d, VIRTIO_MMIO_CONFIG + 5, 1, &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(device_mmio_read(x.d, VIRTIO_MMIO_CONFIG, 4, &v), 0);
	assert_int_equal(v, 0x00000002);
	assert_int_equal(device_mmio_read(x.d, VIRTIO_MMIO_CONFIG + 6, 2, &v), 0);
	assert_int_equal(v, VIRTIO_NET_S_LINK_UP);
	/* legacy driver (no VERSION_1): FEATURES_OK is refused */
	negotiate(&x, 1ull << VIRTIO_NET_F_MAC);
	assert_false(rd(&x, VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK);
	/* an unoffered feature is refused too */
	negotiate(&x, GOOD_FEATURES | (1ull << VIRTIO_NET_F_CSUM));
	assert_false(rd(&x, VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK);
	negotiate(&x, GOOD_FEATURES);
	assert_int_equal(rd(&x, VIRTIO_MMIO_STATUS), VIRTIO_CONFIG_S_ACKNOWLEDGE |
			 VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_FEATURES_OK);
	/* queue 2 does not exist; reset clears status and queues */
	wr(&x, VIRTIO_MMIO_QUEUE_SEL, 2);
	assert_int_equal(rd(&x, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
	setup_queue(&x, 0, UINT64_MAX);
	wr(&x, VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(rd(&x, VIRTIO_MMIO_STATUS), 0);
	wr(&x, VIRTIO_MMIO_QUEUE_SEL, 0);
	assert_int_equal(rd(&x, VIRTIO_MMIO_QUEUE_READY), 0);
	/* bad accesses: outside the window, odd size, misaligned */
	assert_int_equal(device_mmio_read(x.d, VIRTIO_NET_MMIO_LENGTH, 4, &v), -EINVAL);
	assert_int_equal(v, UINT32_MAX);
	assert_int_equal(device_mmio_read(x.d, 0, 3, &v), -EINVAL);
	assert_int_equal(device_mmio_write(x.d, 2, 4, 1), -EINVAL);
	assert_int_equal(atomic_load(&x.d->bad_mmio), 3);
	assert_int_equal(atomic_load(&x.irqs), 0);
	drv_close(&x);
}

static void test_loopback_exact_bytes(void **state)
{
	struct drv x;
	unsigned char f[8][1514];
	uint32_t lens[8] = { 60, 61, 128, 999, 1000, 1514, 64, 1513 };
	struct virtio_net_stats s;

	(void)state;
	drv_open(&x, LAYOUT_SCATTERED, 64, "loopback");
	bring_up(&x, UINT64_MAX, UINT64_MAX);
	post_rx(&x, 8);
	for (unsigned i = 0; i < 8; i++) {
		for (unsigned j = 0; j < lens[i]; j++)
			f[i][j] = (unsigned char)(i * 37 + j * 7);
		send_frame(&x, (uint16_t)i, f[i], lens[i]);
		assert_true(wait_used(&x, 1, (uint16_t)(i + 1)));
	}
	assert_true(wait_used(&x, 0, 8));
	for (unsigned i = 0; i < 8; i++) {   /* order kept, bytes exact */
		const unsigned char *b = (unsigned char *)x.bufs.va + (size_t)i * BUF;
		const struct virtio_net_hdr_v1 *h = (const void *)b;
		assert_int_equal(le32toh(used(&x, 0)->ring[i].id), i);
		assert_int_equal(le32toh(used(&x, 0)->ring[i].len), 12 + lens[i]);
		assert_int_equal(le16toh(h->num_buffers), 1);
		assert_memory_equal(b + 12, f[i], lens[i]);
		assert_int_equal(le32toh(used(&x, 1)->ring[i].len), 0);
	}
	assert_true(atomic_load(&x.irqs) > 0);
	assert_true(rd(&x, VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_MMIO_INT_VRING);
	wr(&x, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
	assert_int_equal(rd(&x, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	assert_true(virtio_net_get_stats(x.d, &s));
	assert_int_equal(s.tx_frames, 8);
	assert_int_equal(s.rx_frames, 8);
	assert_int_equal(s.rx_dropped, 0);
	assert_int_equal(s.device_errors, 0);
	drv_close(&x);
}

/* Backpressure: with no receive buffer the frame waits in the backlog
 * and arrives once the driver posts one. */
static void test_loopback_backlog(void **state)
{
	struct drv x;
	unsigned char f[100];
	struct virtio_net_stats s;

	(void)state;
	memset(f, 0x5A, sizeof(f));
	drv_open(&x, LAYOUT_CONTIGUOUS, 64, "loopback");
	bring_up(&x, UINT64_MAX, UINT64_MAX);
	send_frame(&x, 0, f, sizeof(f));
	assert_true(wait_used(&x, 1, 1));
	assert_true(virtio_net_get_stats(x.d, &s));
	assert_int_equal(s.rx_backlog, 1);
	post_rx(&x, 1);
	assert_true(wait_used(&x, 0, 1));
	assert_memory_equal((unsigned char *)x.bufs.va + 12, f, sizeof(f));
	drv_close(&x);
}

/* A 32-bit device and a transmit buffer above 4 GiB: the bus reports the
 * access (DMA-UNMAPPED, address limit) and the device needs a reset. */
static void test_dma_limit_32(void **state)
{
	struct drv x;
	unsigned char f[60] = { 1 };
	struct virtio_net_stats s;

	(void)state;
	drv_open(&x, LAYOUT_HIGH, 32, "loopback");
	bring_up(&x, 1ull << 32, UINT64_MAX);
	assert_true(x.bufs.pa >= (1ull << 32));
	send_frame(&x, 0, f, sizeof(f));
	for (int i = 0; i < 4000 && !(rd(&x, VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_NEEDS_RESET); i++) {
		struct timespec ts = { 0, 500000 };
		nanosleep(&ts, NULL);
	}
	assert_true(rd(&x, VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_NEEDS_RESET);
	assert_true(rd(&x, VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_MMIO_INT_CONFIG);
	assert_int_equal(used(&x, 1)->idx, 0);
	assert_true(virtio_net_get_stats(x.d, &s));
	assert_int_equal(s.device_errors, 1);
	assert_int_equal(s.tx_frames, 0);
	th_expect(&x.t, VF_DMA_UNMAPPED, 1);
	/* reset recovers */
	wr(&x, VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(rd(&x, VIRTIO_MMIO_STATUS), 0);
	drv_close(&x);
}

static bool wait_flags_clear(struct drv *x, unsigned qi)
{
	return wait_le16(&used(x, qi)->flags, VRING_USED_F_NO_NOTIFY, 0);
}

/* virtio 1.1 §2.6.10: a driver that honours VRING_USED_F_NO_NOTIFY
 * (no QueueNotify while the device says it is looking at the ring) loses
 * no frame, while the device's thread may be anywhere between its last
 * look and its sleep; an idle device leaves the flag clear, so the next
 * buffer is kicked. */
static void test_notification_suppression(void **state)
{
	struct drv x;
	unsigned char f[15][200];
	struct virtio_net_stats s;
	unsigned sent = 0, kicked = 0;

	(void)state;
	drv_open(&x, LAYOUT_CONTIGUOUS, 64, "loopback");
	bring_up(&x, UINT64_MAX, UINT64_MAX);
	post_rx(&x, QN);
	assert_true(wait_flags_clear(&x, 0));
	assert_true(wait_flags_clear(&x, 1));
	for (unsigned round = 0; round < 3; round++) {
		for (unsigned i = 0; i < 5; i++, sent++) {
			unsigned char *b = (unsigned char *)x.bufs.va + (QN + i) * BUF;
			uint64_t pa = x.bufs.pa + (uint64_t)(QN + i) * BUF;
			uint16_t h = (uint16_t)(i * 3), flags;
			struct vring_avail *a = avail(&x, 1);

			memset(f[sent], (int)(sent + 1), sizeof(f[sent]));
			memset(b, 0, 12);
			memcpy(b + 12, f[sent], sizeof(f[sent]));
			set_desc(&desc(&x, 1)[h], pa, 12 + sizeof(f[sent]), 0, 0);
			a->ring[x.avail_idx[1] % QN] = htole16(h);
			__atomic_thread_fence(__ATOMIC_RELEASE);
			a->idx = htole16(++x.avail_idx[1]);
			__atomic_thread_fence(__ATOMIC_SEQ_CST);   /* idx before flags */
			flags = le16toh(__atomic_load_n(&used(&x, 1)->flags, __ATOMIC_RELAXED));
			if (!(flags & VRING_USED_F_NO_NOTIFY)) {
				wr(&x, VIRTIO_MMIO_QUEUE_NOTIFY, 1);
				kicked++;
			}
		}
		assert_true(wait_used(&x, 1, (uint16_t)sent));
		assert_true(wait_used(&x, 0, (uint16_t)sent));
		assert_true(wait_flags_clear(&x, 1));
	}
	assert_true(kicked >= 3);   /* each round starts on an idle device */
	/* a driver that reuses its rings after a reset without zeroing them:
	 * the device writes used->flags when the ring starts, so a stale
	 * NO_NOTIFY does not silence the driver's kicks */
	wr(&x, VIRTIO_MMIO_STATUS, 0);
	negotiate(&x, GOOD_FEATURES);
	used(&x, 1)->flags = htole16(VRING_USED_F_NO_NOTIFY);
	start_queue(&x, 1);
	assert_int_equal(le16toh(used(&x, 1)->flags), 0);
	for (unsigned i = 0; i < sent; i++) {   /* every frame, in order */
		const unsigned char *b = (unsigned char *)x.bufs.va + (size_t)i * BUF;
		assert_int_equal(le32toh(used(&x, 0)->ring[i].len), 12 + sizeof(f[i]));
		assert_memory_equal(b + 12, f[i], sizeof(f[i]));
	}
	assert_true(virtio_net_get_stats(x.d, &s));
	assert_int_equal(s.tx_frames, sent);
	assert_int_equal(s.rx_frames, sent);
	assert_int_equal(s.device_errors, 0);
	drv_close(&x);
}

int main(void)
{
	/* --sched threads for every scenario here (docs/scheduling.md):
	 * the scenario's thread polls the used ring with nanosleep while
	 * the device model's thread fills it: real concurrency */
	th_default_sched = KSCHED_THREADS;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registers_and_negotiation),
		cmocka_unit_test(test_loopback_exact_bytes),
		cmocka_unit_test(test_loopback_backlog),
		cmocka_unit_test(test_dma_limit_32),
		cmocka_unit_test(test_notification_suppression),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
