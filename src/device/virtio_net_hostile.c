/* virtio_net_hostile.c — the virtio-net model's hostile mode, for
 * fuzz_device (docs/fuzzing.md "The hostile script").
 *
 * In hostile mode the device thread idles: the device does only what a
 * byte script says, one operation per call of virtio_net_hostile_op, on
 * the caller's thread, under the model's lock.  So which bytes are
 * consumed and in which order depends on the script alone, never on
 * thread timing.  The operations are what a broken or malicious device
 * can do to a driver through the virtio interface: publish used elements
 * with any id and length (for buffers it took, or never took), move
 * used->idx anywhere, write any frame of any size, raise the interrupt
 * with any status or none, change the link status and MAC in config space
 * (with a config interrupt), and fail (DEVICE_NEEDS_RESET).  It never
 * writes outside what the driver handed it: receive data goes only into
 * device-writable descriptors of a chain it took, clamped to their sizes
 * (a longer frame is cut, a used length may still claim more), and rings
 * are reached through the bus like every access of the model, so a
 * verifier report in a hostile run is the driver's.
 */
#include "device/virtio_net_internal.h"

#include <endian.h>
#include <string.h>

static uint8_t s_u8(struct virtio_net_script *s)
{
	if (!s->left)
		return 0;
	s->left--;
	return *s->p++;
}

static uint16_t s_u16(struct virtio_net_script *s)
{
	uint16_t lo = s_u8(s);
	return (uint16_t)(lo | (uint16_t)s_u8(s) << 8);
}

static uint32_t s_u32(struct virtio_net_script *s)
{
	uint32_t lo = s_u16(s);
	return lo | (uint32_t)s_u16(s) << 16;
}

enum { H_IRQ = 1, H_ID = 2, H_LEN = 4, H_BROADCAST = 8 };

static void raise_used(struct vnet *v, struct vnet_queue *q, bool now)
{
	/* interrupt timing is the script's: now, or left for a later IRQ op
	 * (VRING_AVAIL_F_NO_INTERRUPT is still honoured) */
	if (now && vnet_queue_wants_interrupt(v, q)) {
		atomic_fetch_or(&v->interrupt_status, VIRTIO_MMIO_INT_VRING);
		vnet_count(v, &v->stats.interrupts, 1);
		device_irq_raise(&v->dev);
	}
}

/* The id and length to publish: the honest ones unless the script says. */
static void used_fields(struct virtio_net_script *s, uint8_t f, uint16_t *id, uint32_t *len)
{
	if (f & H_ID)
		*id = s_u16(s);
	if (f & H_LEN)
		*len = s_u32(s);
}

static bool op_tx(struct vnet *v, struct virtio_net_script *s)
{
	struct vnet_queue *q = &v->q[VNET_TXQ];
	uint8_t f = s_u8(s);
	struct vnet_chain c;
	uint16_t id;
	uint32_t len = 0;
	size_t total = 0;

	if (vnet_queue_pop(v, q, &c) <= 0) {
		kernel_trace(v->dev.k, "  %s hostile: TX, nothing to take", v->dev.name);
		return false;
	}
	id = c.head;
	used_fields(s, f, &id, &len);
	for (unsigned i = 0; vnet_frame(v) && i < c.n; i++) {   /* the device reads the frame */
		size_t n = c.seg[i].len;
		if (c.seg[i].write || n > VNET_FRAME_BYTES - total)
			continue;
		if (bus_read(v->dev.bus, c.seg[i].addr, v->frame + total, n))
			break;
		total += n;
	}
	kernel_trace(v->dev.k, "  %s hostile: TX chain %u (%u descriptors, %zu bytes read), "
		     "used id %u len %u%s", v->dev.name, c.head, c.n, total, id, len,
		     f & H_IRQ ? ", interrupt" : "");
	vnet_count(v, &v->stats.tx_frames, 1);
	if (vnet_queue_push(v, q, id, len) == 0)
		raise_used(v, q, f & H_IRQ);
	return id != c.head || len != 0;
}

/* Header then frame into the chain's writable buffers, cut to fit. */
static size_t write_frame(struct vnet *v, const struct vnet_chain *c,
			  const unsigned char *frame, size_t len)
{
	struct virtio_net_hdr_v1 h = { .num_buffers = htole16(1) };
	unsigned char *buf = vnet_frame(v);
	size_t want = VNET_HDR_LEN + len, done = 0;

	if (!buf)
		return 0;
	memcpy(buf, &h, VNET_HDR_LEN);
	memcpy(buf + VNET_HDR_LEN, frame, len);
	for (unsigned i = 0; i < c->n && done < want; i++) {
		size_t n = c->seg[i].len < want - done ? c->seg[i].len : want - done;
		if (!c->seg[i].write)
			continue;
		if (bus_write(v->dev.bus, c->seg[i].addr, buf + done, n))
			break;
		done += n;
	}
	return done;
}

static bool op_rx(struct vnet *v, struct virtio_net_script *s)
{
	struct vnet_queue *q = &v->q[VNET_RXQ];
	uint8_t f = s_u8(s);
	size_t size = s_u16(s) % (VNET_MAX_FRAME + 1 - VNET_HDR_LEN), take;
	unsigned char frame[VNET_MAX_FRAME];
	struct vnet_chain c;
	uint16_t id;
	uint32_t len, written;

	/* the frame's bytes come from the script (zeros past its end) */
	take = size < s->left ? size : s->left;
	memcpy(frame, s->p, take);
	memset(frame + take, 0, size - take);
	s->p += take;
	s->left -= take;
	if ((f & H_BROADCAST) && size >= 6)
		memset(frame, 0xFF, 6);
	if (vnet_queue_pop(v, q, &c) <= 0) {
		kernel_trace(v->dev.k, "  %s hostile: RX of %zu bytes, no buffer to take",
			     v->dev.name, size);
		return false;
	}
	id = c.head;
	len = written = (uint32_t)write_frame(v, &c, frame, size);
	used_fields(s, f, &id, &len);
	kernel_trace(v->dev.k, "  %s hostile: RX frame of %zu bytes into chain %u, used id %u "
		     "len %u%s", v->dev.name, size, c.head, id, len, f & H_IRQ ? ", interrupt" : "");
	vnet_count(v, &v->stats.rx_frames, 1);
	if (vnet_queue_push(v, q, id, len) == 0)
		raise_used(v, q, f & H_IRQ);
	return id != c.head || len != written;
}

static bool op_used(struct vnet *v, struct virtio_net_script *s)
{
	uint8_t f = s_u8(s);
	struct vnet_queue *q = &v->q[f & 1 ? VNET_TXQ : VNET_RXQ];
	uint16_t id = s_u16(s);
	uint32_t len = s_u32(s);

	kernel_trace(v->dev.k, "  %s hostile: used element id %u len %u on the %s queue, "
		     "nothing taken%s", v->dev.name, id, len, f & 1 ? "transmit" : "receive",
		     f & H_ID ? ", interrupt" : "");
	if (!q->ready || !q->num)
		return false;
	if (vnet_queue_push(v, q, id, len) == 0)
		raise_used(v, q, f & H_ID);
	return true;
}

static bool op_idx(struct vnet *v, struct virtio_net_script *s)
{
	uint8_t f = s_u8(s);
	struct vnet_queue *q = &v->q[f & 1 ? VNET_TXQ : VNET_RXQ];
	uint16_t idx = s_u16(s);
	__le16 raw = htole16(idx);

	kernel_trace(v->dev.k, "  %s hostile: used->idx of the %s queue set to %u (was %u)",
		     v->dev.name, f & 1 ? "transmit" : "receive", idx, q->used_idx);
	if (!q->ready || !q->num || idx == q->used_idx)
		return false;
	if (bus_write(v->dev.bus, q->used + offsetof(struct vring_used, idx), &raw, 2) == 0)
		q->used_idx = q->used_published = idx;
	return true;
}

static void op_irq(struct vnet *v, struct virtio_net_script *s)
{
	uint8_t bits = s_u8(s) & (VIRTIO_MMIO_INT_VRING | VIRTIO_MMIO_INT_CONFIG);

	kernel_trace(v->dev.k, "  %s hostile: interrupt, InterruptStatus |= %u", v->dev.name, bits);
	atomic_fetch_or(&v->interrupt_status, bits);
	device_irq_raise(&v->dev);
}

static void op_config(struct vnet *v, struct virtio_net_script *s)
{
	uint8_t f = s_u8(s);

	v->config_status = f & VIRTIO_NET_S_LINK_UP;
	if (f & 0x80)
		for (unsigned i = 0; i < 6; i++)
			v->mac[i] = s_u8(s);
	v->config_generation++;
	kernel_trace(v->dev.k, "  %s hostile: config change, link %s%s, generation %u",
		     v->dev.name, v->config_status ? "up" : "down", f & 0x80 ? ", new MAC" : "",
		     v->config_generation);
	atomic_fetch_or(&v->interrupt_status, VIRTIO_MMIO_INT_CONFIG);
	device_irq_raise(&v->dev);
}

int virtio_net_hostile_op(struct device *d, uint8_t op, struct virtio_net_script *s)
{
	struct vnet *v = virtio_net_model(d);
	bool lied = false;

	if (!v || !v->hostile)
		return -1;
	kmutex_lock(v->dev.k, &v->lock);
	switch (op % VNET_HOSTILE_OPS) {
	case VNET_HOSTILE_TX: lied = op_tx(v, s); break;
	case VNET_HOSTILE_RX: lied = op_rx(v, s); break;
	case VNET_HOSTILE_USED: lied = op_used(v, s); break;
	case VNET_HOSTILE_IDX: lied = op_idx(v, s); break;
	case VNET_HOSTILE_IRQ: op_irq(v, s); break;
	case VNET_HOSTILE_CONFIG: op_config(v, s); break;
	default:
		kernel_trace(v->dev.k, "  %s hostile: device error", v->dev.name);
		vnet_device_error(v, "the hostile script failed the device");
		break;
	}
	kmutex_unlock(v->dev.k, &v->lock);
	return lied;
}

int virtio_net_set_hostile(struct device *d, bool on)
{
	struct vnet *v = virtio_net_model(d);

	if (!v)
		return -1;
	kmutex_lock(v->dev.k, &v->lock);
	v->hostile = on;
	/* back to normal: look at both queues again, as after a notify, and
	 * signal used buffers the script published without an interrupt */
	v->notify |= (1u << VNET_QUEUES) - 1;
	kcond_signal(&v->cond);
	if (!on && v->q[VNET_RXQ].ready) {
		atomic_fetch_or(&v->interrupt_status, VIRTIO_MMIO_INT_VRING);
		device_irq_raise(&v->dev);
	}
	kmutex_unlock(v->dev.k, &v->lock);
	return 0;
}
