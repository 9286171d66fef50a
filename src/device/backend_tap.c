/* backend_tap.c — "tap:NAME": a Linux TAP interface (/dev/net/tun,
 * TUNSETIFF with IFF_TAP | IFF_NO_PI).  Transmitted frames are written to
 * the interface; a reader thread delivers what the host sends.  Needs
 * CAP_NET_ADMIN (root); otherwise a clear error. */
#include "device/backend.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

struct tap_backend {
	int fd;
	int stop_pipe[2];
	pthread_t reader;
	bool reader_started;
	char ifname[IFNAMSIZ];
};

static int tap_transmit(struct backend *b, const void *frame, size_t len)
{
	struct tap_backend *t = b->priv;
	ssize_t n = write(t->fd, frame, len);

	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

/* One frame per read; stops when the stop pipe becomes readable. */
static void *tap_reader(void *arg)
{
	struct backend *b = arg;
	struct tap_backend *t = b->priv;
	unsigned char frame[65536];

	for (;;) {
		struct pollfd fds[2] = { { .fd = t->fd, .events = POLLIN },
					 { .fd = t->stop_pipe[0], .events = POLLIN } };

		if (poll(fds, 2, -1) < 0 && errno != EINTR)
			break;
		if (fds[1].revents)
			break;
		if (!(fds[0].revents & POLLIN))
			continue;
		ssize_t n = read(t->fd, frame, sizeof(frame));
		if (n > 0)
			backend_deliver(b, frame, (size_t)n);
	}
	return NULL;
}

static int tap_start(struct backend *b)
{
	struct tap_backend *t = b->priv;
	int rc = pthread_create(&t->reader, NULL, tap_reader, b);

	t->reader_started = rc == 0;
	return -rc;
}

static void tap_close(struct backend *b)
{
	struct tap_backend *t = b->priv;

	if (t->reader_started) {
		ssize_t w = write(t->stop_pipe[1], "x", 1);
		(void)w;
		pthread_join(t->reader, NULL);
	}
	close(t->stop_pipe[0]);
	close(t->stop_pipe[1]);
	close(t->fd);
	free(t);
}

static const struct backend_ops tap_ops = {
	.kind = "tap",
	.transmit = tap_transmit,
	.start = tap_start,
	.close = tap_close,
};

static int tap_create(struct tap_backend *t, const char *name, char *err, size_t errlen)
{
	struct ifreq ifr;

	if (strlen(name) >= IFNAMSIZ) {
		if (err)
			snprintf(err, errlen, "tap backend: interface name '%s' longer than %d",
				 name, IFNAMSIZ - 1);
		return -EINVAL;
	}
	t->fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (t->fd < 0) {
		int e = errno;
		if (err)
			snprintf(err, errlen, "tap backend: cannot open /dev/net/tun: %s%s",
				 strerror(e), e == EACCES || e == EPERM ? " (needs root)" : "");
		return -e;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	memcpy(ifr.ifr_name, name, strlen(name));
	if (ioctl(t->fd, TUNSETIFF, &ifr) < 0) {
		int e = errno;
		if (err)
			snprintf(err, errlen, "tap backend: TUNSETIFF %s: %s%s", name,
				 strerror(e), e == EPERM ? " (needs root / CAP_NET_ADMIN)" : "");
		close(t->fd);
		return -e;
	}
	memcpy(t->ifname, ifr.ifr_name, IFNAMSIZ);
	return 0;
}

int backend_tap_open(struct backend *b, const char *arg, char *err, size_t errlen)
{
	struct tap_backend *t = calloc(1, sizeof(*t));
	int rc;

	if (!t)
		return -ENOMEM;
	rc = tap_create(t, arg, err, errlen);
	if (!rc && pipe2(t->stop_pipe, O_CLOEXEC) < 0) {
		rc = -errno;
		close(t->fd);
	}
	if (rc) {
		free(t);
		return rc;
	}
	b->priv = t;
	b->ops = &tap_ops;
	return 0;
}
