/* backend.h — where a NIC model's frames go and come from:
 *
 *   "loopback"   every transmitted frame comes back as a received one, in
 *                order (lossless: the device holds transmit while its
 *                receive backlog is full, so nothing is dropped);
 *   "pcap:FILE"  transmitted frames are written to FILE (libpcap,
 *                DLT_EN10MB, snaplen 65535); nothing is received;
 *   "tap:NAME"   a Linux TAP interface (/dev/net/tun, IFF_TAP|IFF_NO_PI):
 *                transmitted frames are written to it, a reader thread
 *                delivers what the host sends (needs CAP_NET_ADMIN).
 *
 * A frame here is a plain Ethernet frame (no virtio_net_hdr).
 */
#ifndef NDISDMA_BACKEND_H
#define NDISDMA_BACKEND_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/kernel.h"

struct backend;

/* The device's receive entry: takes a copy of the frame (it may queue
 * it); false when it dropped the frame.  May be called from any thread,
 * including from inside backend_transmit. */
typedef bool (*backend_rx_fn)(void *ctx, const void *frame, size_t len);

struct backend_ops {
	const char *kind;                /* "loopback", "pcap", "tap" */
	bool lossless;                   /* loopback: device applies backpressure */
	int (*transmit)(struct backend *b, const void *frame, size_t len);
	int (*start)(struct backend *b); /* reader threads; NULL if none */
	void (*close)(struct backend *b);
};

struct backend_stats {
	uint64_t tx_frames, tx_bytes;    /* accepted by the backend */
	uint64_t rx_frames, rx_bytes;    /* handed to the device */
	uint64_t rx_dropped;             /* the device refused them */
	uint64_t errors;                 /* write/read failures */
};

struct backend {
	const struct backend_ops *ops;
	struct kernel *k;
	backend_rx_fn rx;
	void *rx_ctx;
	char spec[128];
	void *priv;
	struct backend_stats stats;
};

/* Opens "loopback", "pcap:FILE" or "tap:NAME" (NULL means loopback).
 * 0, or -errno with a one-line reason in err (unknown kind, file cannot
 * be created, TAP needs root, ...). */
int backend_open(struct kernel *k, const char *spec, struct backend **out,
		 char *err, size_t errlen);
/* Set the receive entry, then start delivering (reader threads). */
int backend_attach(struct backend *b, backend_rx_fn rx, void *ctx);
/* 0, or -errno (counted in errors). */
int backend_transmit(struct backend *b, const void *frame, size_t len);
/* For backends: deliver one received frame to the attached device. */
bool backend_deliver(struct backend *b, const void *frame, size_t len);
void backend_get_stats(struct backend *b, struct backend_stats *s);
/* Stops reader threads, flushes files, frees b (NULL is fine). */
void backend_close(struct backend *b);

/* The concrete kinds (backend_*.c). */
int backend_loopback_open(struct backend *b, const char *arg, char *err, size_t errlen);
int backend_pcap_open(struct backend *b, const char *arg, char *err, size_t errlen);
int backend_tap_open(struct backend *b, const char *arg, char *err, size_t errlen);

#endif
