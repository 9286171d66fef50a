/* virtio_net_queue.c — split virtqueues (virtio 1.1 §2.6) read and
 * written only through the bus: descriptor table, available ring, used
 * ring, little-endian, 64-bit addresses.  A ring or descriptor the device
 * cannot reach or read is a device error (DEVICE_NEEDS_RESET). */
#include "device/virtio_net_internal.h"

#include <endian.h>
#include <stddef.h>
#include <stdio.h>

/* Every device access goes through the bus, which reports faults (and,
 * for a 32-bit device, addresses past its limit: spec §10). */
static int dev_read(struct vnet *v, uint64_t addr, void *buf, size_t len, const char *what)
{
	char why[96];

	if (bus_read(v->dev.bus, addr, buf, len) == 0 && vnet_reachable(v, addr, len))
		return 0;
	snprintf(why, sizeof(why), "cannot read %s at 0x%llx", what, (unsigned long long)addr);
	vnet_device_error(v, why);
	return -1;
}

static int dev_write(struct vnet *v, uint64_t addr, const void *buf, size_t len, const char *what)
{
	char why[96];

	if (bus_write(v->dev.bus, addr, buf, len) == 0 && vnet_reachable(v, addr, len))
		return 0;
	snprintf(why, sizeof(why), "cannot write %s at 0x%llx", what, (unsigned long long)addr);
	vnet_device_error(v, why);
	return -1;
}

static int avail_idx(struct vnet *v, struct vnet_queue *q, uint16_t *idx)
{
	__le16 raw;

	if (dev_read(v, q->avail + offsetof(struct vring_avail, idx), &raw, 2, "avail idx"))
		return -1;
	*idx = le16toh(raw);
	return 0;
}

bool vnet_queue_has_avail(struct vnet *v, struct vnet_queue *q)
{
	uint16_t idx;

	return q->ready && avail_idx(v, q, &idx) == 0 && idx != q->last_avail;
}

bool vnet_queue_wants_interrupt(struct vnet *v, struct vnet_queue *q)
{
	__le16 raw;

	if (dev_read(v, q->avail + offsetof(struct vring_avail, flags), &raw, 2, "avail flags"))
		return false;
	return !(le16toh(raw) & VRING_AVAIL_F_NO_INTERRUPT);
}

static int read_desc(struct vnet *v, struct vnet_queue *q, uint16_t i, struct vring_desc *d)
{
	if (i >= q->num) {
		vnet_device_error(v, "descriptor index past QueueNum");
		return -1;
	}
	return dev_read(v, q->desc + (uint64_t)i * sizeof(*d), d, sizeof(*d), "descriptor");
}

/* §2.6.5: follow VRING_DESC_F_NEXT; a chain longer than the table is a
 * loop.  Indirect descriptors are not offered, so the flag is an error. */
static int walk_chain(struct vnet *v, struct vnet_queue *q, struct vnet_chain *c)
{
	uint16_t i = c->head;
	struct vring_desc d;

	for (c->n = 0;; c->n++) {
		if (c->n >= q->num || c->n >= VNET_MAX_SEGS) {
			vnet_device_error(v, "descriptor chain loops or is too long");
			return -1;
		}
		if (read_desc(v, q, i, &d))
			return -1;
		uint16_t flags = le16toh(d.flags);
		struct vnet_seg *s = &c->seg[c->n];
		s->addr = le64toh(d.addr);
		s->len = le32toh(d.len);
		s->write = flags & VRING_DESC_F_WRITE;
		if (flags & VRING_DESC_F_INDIRECT) {
			vnet_device_error(v, "indirect descriptor (feature not offered)");
			return -1;
		}
		/* buffers past the DMA reach fault in the bus (reported with
		 * the address limit) when the device moves the data */
		if (!(flags & VRING_DESC_F_NEXT))
			break;
		i = le16toh(d.next);
	}
	c->n++;
	return 0;
}

int vnet_queue_pop(struct vnet *v, struct vnet_queue *q, struct vnet_chain *c)
{
	uint16_t idx;
	__le16 head;
	uint64_t at;

	if (!q->ready || (v->status & VIRTIO_CONFIG_S_NEEDS_RESET))
		return 0;
	/* §2.6.13: the entries before the avail->idx the device last read
	 * are the driver's; idx is read again only when they are used up
	 * (one read a batch, as a device caches it) */
	if (q->avail_seen == q->last_avail) {
		if (avail_idx(v, q, &idx))
			return -1;
		if (idx == q->last_avail)
			return 0;
		if ((uint16_t)(idx - q->last_avail) > q->num) {
			vnet_device_error(v, "avail idx moved more than QueueNum");
			return -1;
		}
		q->avail_seen = idx;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);   /* ring before idx */
	}
	at = q->avail + offsetof(struct vring_avail, ring) + 2ull * (q->last_avail % q->num);
	if (dev_read(v, at, &head, 2, "avail ring"))
		return -1;
	c->head = le16toh(head);
	if (walk_chain(v, q, c))
		return -1;
	q->last_avail++;
	return 1;
}

/* §2.6.8: the element first, then used->idx (release). */
int vnet_queue_put(struct vnet *v, struct vnet_queue *q, uint16_t head, uint32_t len)
{
	struct vring_used_elem e = { .id = htole32(head), .len = htole32(len) };
	uint64_t at = q->used + offsetof(struct vring_used, ring) +
		      sizeof(e) * (uint64_t)(q->used_idx % q->num);

	if (dev_write(v, at, &e, sizeof(e), "used ring"))
		return -1;
	q->used_idx++;
	return 0;
}

int vnet_queue_publish(struct vnet *v, struct vnet_queue *q)
{
	__le16 idx;

	if (q->used_published == q->used_idx)
		return 0;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	idx = htole16(q->used_idx);
	if (dev_write(v, q->used + offsetof(struct vring_used, idx), &idx, 2, "used idx"))
		return -1;
	q->used_published = q->used_idx;
	return 0;
}

int vnet_queue_suppress(struct vnet *v, struct vnet_queue *q, bool on)
{
	__le16 flags = htole16(on ? VRING_USED_F_NO_NOTIFY : 0);

	if (!q->ready || q->no_notify == on)
		return 0;
	if (dev_write(v, q->used + offsetof(struct vring_used, flags), &flags, 2, "used flags"))
		return -1;
	q->no_notify = on;
	return 0;
}

int vnet_queue_push(struct vnet *v, struct vnet_queue *q, uint16_t head, uint32_t len)
{
	return vnet_queue_put(v, q, head, len) ? -1 : vnet_queue_publish(v, q);
}
