/* backend.c — opening a frame backend by its spec string, and the
 * counters every kind shares (backend.h). */
#include "device/backend.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/ksched.h"

static int open_kind(struct backend *b, const char *spec, char *err, size_t errlen)
{
	if (!strcmp(spec, "loopback"))
		return backend_loopback_open(b, "", err, errlen);
	if (!strncmp(spec, "pcap:", 5) && spec[5])
		return backend_pcap_open(b, spec + 5, err, errlen);
	if (!strncmp(spec, "tap:", 4) && spec[4])
		return backend_tap_open(b, spec + 4, err, errlen);
	if (err)
		snprintf(err, errlen,
			 "unknown backend '%s' (loopback, pcap:FILE or tap:NAME)", spec);
	return -EINVAL;
}

int backend_open(struct kernel *k, const char *spec, struct backend **out,
		 char *err, size_t errlen)
{
	struct backend *b;
	int rc;

	*out = NULL;
	if (!spec)
		spec = "loopback";
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->k = k;
	snprintf(b->spec, sizeof(b->spec), "%s", spec);
	rc = open_kind(b, spec, err, errlen);
	if (rc) {
		free(b);
		return rc;
	}
	*out = b;
	return 0;
}

int backend_attach(struct backend *b, backend_rx_fn rx, void *ctx)
{
	b->rx = rx;
	b->rx_ctx = ctx;
	return b->ops->start ? b->ops->start(b) : 0;
}

/* The counters are atomic (a snapshot needs no more than each field
 * whole).  Under the seeded scheduler only the baton holder runs, so an
 * add is a load and a store; a locked add (several of them on each
 * frame's path) costs far more, and is kept for real concurrency. */
static void count(uint64_t *field, uint64_t n)
{
	if (ksched_active())
		__atomic_store_n(field, __atomic_load_n(field, __ATOMIC_RELAXED) + n,
				 __ATOMIC_RELAXED);
	else
		__atomic_fetch_add(field, n, __ATOMIC_RELAXED);
}

int backend_transmit(struct backend *b, const void *frame, size_t len)
{
	int rc = b->ops->transmit(b, frame, len);

	if (rc) {
		count(&b->stats.errors, 1);
	} else {
		count(&b->stats.tx_frames, 1);
		count(&b->stats.tx_bytes, len);
	}
	return rc;
}

bool backend_deliver(struct backend *b, const void *frame, size_t len)
{
	bool taken = b->rx && b->rx(b->rx_ctx, frame, len);

	if (taken) {
		count(&b->stats.rx_frames, 1);
		count(&b->stats.rx_bytes, len);
	} else {
		count(&b->stats.rx_dropped, 1);
	}
	return taken;
}

void backend_get_stats(struct backend *b, struct backend_stats *s)
{
	s->tx_frames = __atomic_load_n(&b->stats.tx_frames, __ATOMIC_RELAXED);
	s->tx_bytes = __atomic_load_n(&b->stats.tx_bytes, __ATOMIC_RELAXED);
	s->rx_frames = __atomic_load_n(&b->stats.rx_frames, __ATOMIC_RELAXED);
	s->rx_bytes = __atomic_load_n(&b->stats.rx_bytes, __ATOMIC_RELAXED);
	s->rx_dropped = __atomic_load_n(&b->stats.rx_dropped, __ATOMIC_RELAXED);
	s->errors = __atomic_load_n(&b->stats.errors, __ATOMIC_RELAXED);
}

void backend_close(struct backend *b)
{
	if (!b)
		return;
	if (b->ops && b->ops->close)
		b->ops->close(b);
	free(b);
}
