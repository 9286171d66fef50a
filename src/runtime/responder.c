/* responder.c — a very small IPv4 host above the miniport (real
 * network test): it answers ARP requests (RFC 826) and ICMP echo requests
 * (RFC 792) for one address, so Linux `ping` through a TAP interface gets
 * replies that crossed the miniport's receive and SG DMA transmit paths.
 * Pure functions: the traffic harness sends what they build.
 */
#include "runtime/traffic.h"

#include <stdio.h>
#include <string.h>

#define ETH_HLEN 14u
#define ETH_MIN_FRAME 60u
#define ETHERTYPE_IPV4 0x0800u
#define ETHERTYPE_ARP 0x0806u
#define ARP_LEN 28u
#define IP_PROTO_ICMP 1u
#define ICMP_ECHO_REQUEST 8u
#define ICMP_ECHO_REPLY 0u

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Internet checksum (RFC 1071) of len bytes. */
static uint16_t inet_checksum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += get16(p + i);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	return (uint16_t)~sum;
}

bool responder_parse_ip(const char *text, uint8_t ip[4])
{
	unsigned a, b, c, d;
	char tail;

	if (!text || sscanf(text, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4 ||
	    a > 255 || b > 255 || c > 255 || d > 255)
		return false;
	ip[0] = (uint8_t)a;
	ip[1] = (uint8_t)b;
	ip[2] = (uint8_t)c;
	ip[3] = (uint8_t)d;
	return true;
}

static size_t pad(uint8_t *out, size_t len)
{
	if (len < ETH_MIN_FRAME) {
		memset(out + len, 0, ETH_MIN_FRAME - len);
		len = ETH_MIN_FRAME;
	}
	return len;
}

static size_t answer_arp(const uint8_t ip[4], const uint8_t mac[6],
			 const uint8_t *in, size_t len, uint8_t *out)
{
	const uint8_t *a = in + ETH_HLEN;
	uint8_t *r = out + ETH_HLEN;

	if (len < ETH_HLEN + ARP_LEN || get16(a) != 1 || get16(a + 2) != ETHERTYPE_IPV4 ||
	    a[4] != 6 || a[5] != 4 || get16(a + 6) != 1 || memcmp(a + 24, ip, 4) != 0)
		return 0;
	memcpy(out, a + 8, 6);          /* to the requester */
	memcpy(out + 6, mac, 6);
	put16(out + 12, ETHERTYPE_ARP);
	memcpy(r, a, 6);                /* htype, ptype, hlen, plen */
	put16(r + 6, 2);                /* reply */
	memcpy(r + 8, mac, 6);          /* sender: us */
	memcpy(r + 14, ip, 4);
	memcpy(r + 18, a + 8, 6);       /* target: the requester */
	memcpy(r + 24, a + 14, 4);
	return pad(out, ETH_HLEN + ARP_LEN);
}

static size_t answer_icmp(const uint8_t ip[4], const uint8_t mac[6],
			  const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
	const uint8_t *h = in + ETH_HLEN;
	size_t ihl, total;
	uint8_t *rh = out + ETH_HLEN, *icmp;

	if (len < ETH_HLEN + 20 || (h[0] >> 4) != 4)
		return 0;
	ihl = (size_t)(h[0] & 0xF) * 4;
	total = get16(h + 2);
	if (ihl < 20 || total < ihl + 8 || ETH_HLEN + total > len || ETH_HLEN + total > cap ||
	    h[9] != IP_PROTO_ICMP || memcmp(h + 16, ip, 4) != 0 ||
	    (get16(h + 6) & 0x3FFF) != 0 ||          /* fragments are not reassembled */
	    h[ihl] != ICMP_ECHO_REQUEST || h[ihl + 1] != 0 ||
	    inet_checksum(h, ihl) != 0)
		return 0;
	memcpy(out, in + 6, 6);         /* back to the sender */
	memcpy(out + 6, mac, 6);
	put16(out + 12, ETHERTYPE_IPV4);
	memcpy(rh, h, total);
	memcpy(rh + 12, h + 16, 4);     /* source: us */
	memcpy(rh + 16, h + 12, 4);     /* destination: the pinger */
	rh[8] = 64;                     /* TTL */
	put16(rh + 10, 0);
	put16(rh + 10, inet_checksum(rh, ihl));
	icmp = rh + ihl;
	icmp[0] = ICMP_ECHO_REPLY;
	put16(icmp + 2, 0);
	put16(icmp + 2, inet_checksum(icmp, total - ihl));
	return pad(out, ETH_HLEN + total);
}

size_t responder_answer(const uint8_t ip[4], const uint8_t mac[6],
			const uint8_t *in, size_t len, uint8_t *out, size_t cap,
			int *kind)
{
	size_t n = 0;

	*kind = 0;
	if (len < ETH_HLEN || cap < ETH_MIN_FRAME || cap < ETH_HLEN + ARP_LEN)
		return 0;
	if (get16(in + 12) == ETHERTYPE_ARP && (n = answer_arp(ip, mac, in, len, out)))
		*kind = 1;
	else if (get16(in + 12) == ETHERTYPE_IPV4 &&
		 (n = answer_icmp(ip, mac, in, len, out, cap)))
		*kind = 2;
	return n;
}
