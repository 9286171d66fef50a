/* backend_pcap.c — "pcap:FILE": every transmitted frame is appended to a
 * libpcap capture (DLT_EN10MB, snaplen 65535) that tshark/tcpdump read.
 * Nothing is received.  Flushed after each frame so a reader sees it. */
#include "device/backend.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#ifdef NDISDMA_HAVE_PCAP
#include <pcap/pcap.h>

struct pcap_backend {
	pthread_mutex_t lock;
	pcap_t *dead;
	pcap_dumper_t *dumper;
};

static int pcap_transmit(struct backend *b, const void *frame, size_t len)
{
	struct pcap_backend *p = b->priv;
	struct pcap_pkthdr h;

	if (len > 65535)
		return -EMSGSIZE;
	memset(&h, 0, sizeof(h));
	gettimeofday(&h.ts, NULL);
	h.caplen = (bpf_u_int32)len;
	h.len = (bpf_u_int32)len;
	pthread_mutex_lock(&p->lock);
	pcap_dump((u_char *)p->dumper, &h, frame);
	int rc = pcap_dump_flush(p->dumper) ? -EIO : 0;
	pthread_mutex_unlock(&p->lock);
	return rc;
}

static void pcap_close_backend(struct backend *b)
{
	struct pcap_backend *p = b->priv;

	pcap_dump_close(p->dumper);
	pcap_close(p->dead);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

static const struct backend_ops pcap_ops = {
	.kind = "pcap",
	.transmit = pcap_transmit,
	.close = pcap_close_backend,
};

int backend_pcap_open(struct backend *b, const char *arg, char *err, size_t errlen)
{
	struct pcap_backend *p = calloc(1, sizeof(*p));

	if (!p)
		return -ENOMEM;
	p->dead = pcap_open_dead(DLT_EN10MB, 65535);
	if (!p->dead) {
		free(p);
		return -ENOMEM;
	}
	p->dumper = pcap_dump_open(p->dead, arg);
	if (!p->dumper) {
		if (err)
			snprintf(err, errlen, "pcap backend: cannot create '%s': %s",
				 arg, pcap_geterr(p->dead));
		pcap_close(p->dead);
		free(p);
		return -EIO;
	}
	pthread_mutex_init(&p->lock, NULL);
	b->priv = p;
	b->ops = &pcap_ops;
	return 0;
}

#else

int backend_pcap_open(struct backend *b, const char *arg, char *err, size_t errlen)
{
	(void)b;
	if (err)
		snprintf(err, errlen,
			 "pcap backend: ndisdma was built without libpcap (install libpcap-dev), cannot write '%s'",
			 arg);
	return -ENOTSUP;
}

#endif
