/* virtio_net_run.c — the virtio-net device thread (virtio 1.1 §5.1.6):
 * woken by QueueNotify, it moves transmitq chains to the backend and
 * backlogged frames into receiveq buffers, each behind a 12-byte
 * virtio_net_hdr_v1, then signals used buffers (InterruptStatus bit 0).
 *
 * Lossless backends (loopback) get backpressure: transmit waits while the
 * receive backlog is full, so no frame is dropped; others drop and count.
 */
#include "device/virtio_net_internal.h"

#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define VNET_KICK_RX (1u << 8)     /* a frame arrived from another thread */
#define VNET_SLOT_MIN 2048u        /* a backlog slot's first size: 1514 fits */

static bool running(const struct vnet *v)
{
	return (v->status & VIRTIO_CONFIG_S_DRIVER_OK) &&
	       !(v->status & VIRTIO_CONFIG_S_NEEDS_RESET);
}

static void used_notification(struct vnet *v, struct vnet_queue *q)
{
	if (!vnet_queue_wants_interrupt(v, q))
		return;
	atomic_fetch_or(&v->interrupt_status, VIRTIO_MMIO_INT_VRING);
	vnet_count(v, &v->stats.interrupts, 1);
	device_irq_raise(&v->dev);
}

/* ---- transmit ------------------------------------------------------------ */

/* bl_count is written under rx_lock with atomic stores, so the device
 * thread may look at it without the lock (one look per frame). */
static uint32_t backlog_count(struct vnet *v)
{
	return __atomic_load_n(&v->bl_count, __ATOMIC_ACQUIRE);
}

static void backlog_set_count(struct vnet *v, uint32_t n)
{
	__atomic_store_n(&v->bl_count, n, __ATOMIC_RELEASE);
}

static bool backlog_full(struct vnet *v)
{
	return backlog_count(v) >= VIRTIO_NET_RX_BACKLOG;
}

/* Gathers the device-readable part of a chain into v->frame. */
static int gather(struct vnet *v, const struct vnet_chain *c, size_t *total)
{
	*total = 0;
	if (!vnet_frame(v)) {
		vnet_device_error(v, "out of host memory for the transmit frame");
		return -1;
	}
	for (unsigned i = 0; i < c->n; i++) {
		const struct vnet_seg *s = &c->seg[i];
		if (s->write)
			continue;
		if (s->len > VNET_FRAME_BYTES - *total) {
			vnet_device_error(v, "transmit chain longer than the largest frame");
			return -1;
		}
		if (bus_read(v->dev.bus, s->addr, v->frame + *total, s->len)) {
			vnet_device_error(v, "transmit buffer not readable");
			return -1;
		}
		*total += s->len;
	}
	if (*total < VNET_HDR_LEN) {
		vnet_device_error(v, "transmit chain shorter than virtio_net_hdr");
		return -1;
	}
	return 0;
}

static int tx_one(struct vnet *v, struct vnet_queue *q)
{
	struct vnet_chain c;
	size_t total;
	int rc = vnet_queue_pop(v, q, &c);

	if (rc <= 0)
		return rc;
	if (gather(v, &c, &total))
		return -1;
	size_t len = total - VNET_HDR_LEN;
	if (v->backend)
		backend_transmit(v->backend, v->frame + VNET_HDR_LEN, len);
	vnet_count(v, &v->stats.tx_frames, 1);
	vnet_count(v, &v->stats.tx_bytes, len);
	return vnet_queue_put(v, q, c.head, 0) ? -1 : 1;
}

static bool do_tx(struct vnet *v)
{
	struct vnet_queue *q = &v->q[VNET_TXQ];
	unsigned done = 0;

	while (done < VNET_BATCH && !(v->lossless && backlog_full(v))) {
		if (tx_one(v, q) <= 0)
			break;
		done++;
	}
	/* the batch's used elements become visible at once (§2.6.8) */
	if (done && vnet_queue_publish(v, q) == 0)
		used_notification(v, q);
	return done > 0;
}

/* ---- receive --------------------------------------------------------------- */

/* Header then frame, scattered over the chain's device-writable buffers. */
static int scatter(struct vnet *v, const struct vnet_chain *c, const struct vnet_slot *s)
{
	struct virtio_net_hdr_v1 h = { .num_buffers = htole16(1) };
	const unsigned char *parts[2] = { (const unsigned char *)&h, s->data };
	size_t lens[2] = { VNET_HDR_LEN, s->len }, part = 0, off = 0;

	for (unsigned i = 0; i < c->n && part < 2; i++) {
		uint64_t addr = c->seg[i].addr;
		size_t room = c->seg[i].len;
		while (room && part < 2) {
			size_t n = lens[part] - off < room ? lens[part] - off : room;
			if (bus_write(v->dev.bus, addr, parts[part] + off, n)) {
				vnet_device_error(v, "receive buffer not writable");
				return -1;
			}
			addr += n, room -= n, off += n;
			if (off == lens[part])
				part++, off = 0;
		}
	}
	return 0;
}

static size_t writable_bytes(struct vnet *v, const struct vnet_chain *c)
{
	size_t cap = 0;

	for (unsigned i = 0; i < c->n; i++) {
		if (!c->seg[i].write) {
			vnet_device_error(v, "receive descriptor without VRING_DESC_F_WRITE");
			return 0;
		}
		cap += c->seg[i].len;
	}
	return cap;
}

/* The oldest frame is delivered.  Its slot, buffer still in cache,
 * changes places with the first free one, so the next frame offered lands
 * in it: the ring's buffers in use stay as many as the frames waiting, not
 * all VIRTIO_NET_RX_BACKLOG of them in turn (megabytes, out of cache).
 * With the ring full the two are the same slot. */
static void backlog_pop(struct vnet *v)
{
	struct vnet_slot *done, *next, keep;

	pthread_mutex_lock(&v->rx_lock);
	done = &v->backlog[v->bl_head];
	next = &v->backlog[(v->bl_head + v->bl_count) % VIRTIO_NET_RX_BACKLOG];
	keep = *next;
	*next = *done;
	*done = keep;
	v->bl_head = (v->bl_head + 1) % VIRTIO_NET_RX_BACKLOG;
	backlog_set_count(v, v->bl_count - 1);
	pthread_mutex_unlock(&v->rx_lock);
}

/* 1 delivered (or dropped as too large), 0 nothing to do, -1 error. */
static int rx_one(struct vnet *v, struct vnet_queue *q)
{
	struct vnet_chain c;
	struct vnet_slot *s;
	int rc;

	/* the oldest frame: producers only fill the slots past bl_head +
	 * bl_count (their release store of the count publishes the bytes),
	 * and bl_head moves only on this thread or under v->lock, which the
	 * device thread holds here (a reset's vnet_backlog_clear) */
	s = backlog_count(v) ? &v->backlog[v->bl_head] : NULL;
	if (!s || (rc = vnet_queue_pop(v, q, &c)) <= 0)
		return s ? rc : 0;
	size_t cap = writable_bytes(v, &c);
	if (v->status & VIRTIO_CONFIG_S_NEEDS_RESET)
		return -1;
	if (cap < VNET_HDR_LEN + s->len) {   /* §5.1.6.3: buffer too small: drop */
		q->last_avail--;
		vnet_count(v, &v->stats.rx_dropped, 1);
		backlog_pop(v);
		return 1;
	}
	if (scatter(v, &c, s) || vnet_queue_put(v, q, c.head, VNET_HDR_LEN + (uint32_t)s->len))
		return -1;
	vnet_count(v, &v->stats.rx_frames, 1);
	vnet_count(v, &v->stats.rx_bytes, s->len);
	backlog_pop(v);
	return 1;
}

static bool do_rx(struct vnet *v)
{
	struct vnet_queue *q = &v->q[VNET_RXQ];
	unsigned done = 0;

	while (done < VNET_BATCH && rx_one(v, q) > 0)
		done++;
	if (done && vnet_queue_publish(v, q) == 0)
		used_notification(v, q);
	return done > 0;
}

/* ---- the backlog ----------------------------------------------------------- */

unsigned char *vnet_frame(struct vnet *v)
{
	if (!v->frame)
		v->frame = malloc(VNET_FRAME_BYTES);
	return v->frame;
}

bool vnet_rx_offer(void *ctx, const void *frame, size_t len)
{
	struct vnet *v = ctx;
	struct vnet_slot *s;
	bool own_thread = v->thread_started && kcontext_is(v->task, v->thread);

	if (!len || len > VNET_MAX_FRAME)
		return false;
	pthread_mutex_lock(&v->rx_lock);
	if (!v->backlog &&
	    !(v->backlog = calloc(VIRTIO_NET_RX_BACKLOG, sizeof(*v->backlog)))) {
		pthread_mutex_unlock(&v->rx_lock);
		vnet_count(v, &v->stats.rx_dropped, 1);
		return false;
	}
	if (v->bl_count >= VIRTIO_NET_RX_BACKLOG) {
		pthread_mutex_unlock(&v->rx_lock);
		vnet_count(v, &v->stats.rx_dropped, 1);
		return false;
	}
	s = &v->backlog[(v->bl_head + v->bl_count) % VIRTIO_NET_RX_BACKLOG];
	if (s->cap < len) {
		/* at least a standard frame: a slot grown to each larger
		 * random size in turn would realloc on a tenth of all frames */
		size_t cap = len < VNET_SLOT_MIN ? VNET_SLOT_MIN : len;
		unsigned char *p = realloc(s->data, cap);
		if (!p) {
			pthread_mutex_unlock(&v->rx_lock);
			vnet_count(v, &v->stats.rx_dropped, 1);
			return false;
		}
		s->data = p;
		s->cap = cap;
	}
	memcpy(s->data, frame, len);
	s->len = len;
	backlog_set_count(v, v->bl_count + 1);
	pthread_mutex_unlock(&v->rx_lock);
	if (!own_thread) {
		kmutex_lock(v->dev.k, &v->lock);
		v->notify |= VNET_KICK_RX;
		kcond_signal(&v->cond);
		kmutex_unlock(v->dev.k, &v->lock);
	}
	return true;
}

/* Reset: frames still waiting are dropped (counted), as a NIC does. */
void vnet_backlog_clear(struct vnet *v)
{
	pthread_mutex_lock(&v->rx_lock);
	if (v->bl_count)
		vnet_count(v, &v->stats.rx_dropped, v->bl_count);
	v->bl_head = 0;
	backlog_set_count(v, 0);
	pthread_mutex_unlock(&v->rx_lock);
}

void vnet_backlog_free(struct vnet *v)
{
	for (unsigned i = 0; v->backlog && i < VIRTIO_NET_RX_BACKLOG; i++)
		free(v->backlog[i].data);
	free(v->backlog);
	v->backlog = NULL;
}

/* ---- the thread -------------------------------------------------------------- */

/* Notification suppression (virtio 1.1 §2.6.10.1): while the device is
 * looking at its rings it sets VRING_USED_F_NO_NOTIFY, so a driver that
 * honours it posts without a QueueNotify.  Before it sleeps it clears the
 * flag and looks again (work_left): a buffer made available between its
 * last look and the clear came without a notification. */
static void suppress(struct vnet *v, bool on)
{
	vnet_queue_suppress(v, &v->q[VNET_TXQ], on);
	vnet_queue_suppress(v, &v->q[VNET_RXQ], on);
}

/* What do_tx or do_rx would find to do now. */
static bool work_left(struct vnet *v)
{
	if (!running(v))
		return false;
	if (!(v->lossless && backlog_full(v)) && vnet_queue_has_avail(v, &v->q[VNET_TXQ]))
		return true;
	return backlog_count(v) && vnet_queue_has_avail(v, &v->q[VNET_RXQ]);
}

static void *vnet_thread(void *arg)
{
	struct vnet *v = arg;

	ksched_task_start(v->task);
	kernel_enter(v->dev.k);
	kmutex_lock(v->dev.k, &v->lock);
	while (!v->stop) {
		bool progress = false;
		if (ksched_active()) {   /* spec §9: a device step is a switch point */
			kmutex_unlock(v->dev.k, &v->lock);
			ksched_point(KSCHED_EV_STEP, 0, NULL, NULL);
			kmutex_lock(v->dev.k, &v->lock);
			if (v->stop)
				break;
		}
		v->notify = 0;
		if (running(v) && !v->hostile) {   /* hostile: the script moves frames */
			suppress(v, true);
			progress |= do_tx(v);
			progress |= do_rx(v);
			if (!progress) {
				suppress(v, false);
				/* the clear before the look, as the driver's
				 * avail->idx before its read of the flag */
				__atomic_thread_fence(__ATOMIC_SEQ_CST);
				progress = work_left(v);
			}
		}
		if (progress)
			continue;
		while (!v->stop && !v->notify)
			kcond_wait_k(v->dev.k, &v->cond, &v->lock, UINT64_MAX);
	}
	kmutex_unlock(v->dev.k, &v->lock);
	ksched_task_exit();
	return NULL;
}

int vnet_thread_start(struct vnet *v)
{
	int rc;

	v->task = ksched_task_new(v->dev.k, "device", &v->task_id);
	rc = ksched_spawn(v->dev.k, v->task, &v->thread, vnet_thread, v);
	if (rc)
		ksched_task_abandon(v->task);
	v->thread_started = rc == 0;
	return -rc;
}

/* thread_started stays set: a backend reader still running may read it. */
void vnet_thread_stop(struct vnet *v)
{
	if (!v->thread_started || v->stop)
		return;
	kmutex_lock(v->dev.k, &v->lock);
	v->stop = true;
	kcond_signal(&v->cond);
	kmutex_unlock(v->dev.k, &v->lock);
	ksched_reap(v->dev.k, v->task, v->task_id, v->thread);
}
