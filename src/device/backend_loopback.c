/* backend_loopback.c — transmitted frames come back as received ones, in
 * order.  Lossless: the device keeps a bounded receive backlog and holds
 * its transmit queue while the backlog is full (virtio_net_rx.c). */
#include "device/backend.h"

static int loopback_transmit(struct backend *b, const void *frame, size_t len)
{
	backend_deliver(b, frame, len);
	return 0;
}

static const struct backend_ops loopback_ops = {
	.kind = "loopback",
	.lossless = true,
	.transmit = loopback_transmit,
};

int backend_loopback_open(struct backend *b, const char *arg, char *err, size_t errlen)
{
	(void)arg;
	(void)err;
	(void)errlen;
	b->ops = &loopback_ops;
	return 0;
}
