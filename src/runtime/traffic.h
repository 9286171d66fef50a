/* traffic.h — the protocol side above a miniport: the traffic
 * harness behind ndisdma_traffic_run.
 *
 * traffic.c         the run: slots, the send loop, completions, receives
 * traffic_frame.c   what a test frame contains (from seed and sequence
 *                   number), and laying it out in random MDL chains
 * traffic_send.c    ndisdma_adapter_send, ndisdma_adapter_dma_traffic
 * responder.c       ARP and ICMP echo replies for one IPv4 address
 * traffic_hub.c     ndisdma_hub_run: test frames between the adapters of
 *                   a miniport that forwards among them
 * traffic_awaited.c frames a receiver still owes: a lost one put down to
 *                   an injected fault
 *
 * A test frame: Ethernet header (destination = the adapter's MAC, source
 * TR_SOURCE_MAC, EtherType TR_ETHERTYPE), then "NDMA", the 64-bit sequence
 * number and the 16-bit length (little-endian), then bytes generated from
 * (seed, sequence number).  The receiver regenerates and compares it.
 */
#ifndef NDISDMA_TRAFFIC_H
#define NDISDMA_TRAFFIC_H

#include "runtime/runtime.h"

#include <string.h>

#define TR_ETHERTYPE 0x88B5u          /* IEEE 802 local experimental 1 */
#define TR_HEADER_BYTES 28u           /* Ethernet 14 + magic 4 + seq 8 + len 2 */
#define TR_MAX_FRAME 9216u
#define TR_MAX_MDLS 16u
#define TR_MDL_PAGES 8u               /* pages one harness MDL may span */
#define TR_MAX_BACKFILL 192u

/* A harness MDL: the MDL followed by its PFN array (spec §3). */
struct tr_mdl {
	MDL mdl;
	PFN_NUMBER pfn[TR_MDL_PAGES];
};

struct tr_slot {
	struct tr_slot *next_free;
	PNET_BUFFER_LIST nbl;
	uint8_t *buf;                     /* page-aligned, buf_bytes */
	uint64_t *pfns;                   /* one per page of buf */
	struct tr_mdl mdls[TR_MAX_MDLS];
	uint64_t seq;
	uint32_t len;                     /* frame bytes */
	uint8_t cls;                      /* TR_UNICAST / MULTICAST / BROADCAST */
	bool test_frame;
	bool in_flight;
	uint64_t faults_at_send;          /* the machine's injected faults then */
};

/* Destination classes (NDIS_STATISTICS_INFO directed / multicast /
 * broadcast counters). */
enum { TR_UNICAST = 0, TR_MULTICAST = 1, TR_BROADCAST = 2 };

static inline uint8_t tr_class(const uint8_t *dst)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	if (memcmp(dst, bcast, 6) == 0)
		return TR_BROADCAST;
	return (dst[0] & 1) ? TR_MULTICAST : TR_UNICAST;
}

/* The 802.1Q NBL info the harness gives test frame seq (NULL: none):
 * every fourth frame, VLAN 1..4094 and priority from seq (facts §6.11). */
static inline PVOID tr_vlan_info(uint64_t seq)
{
	NDIS_NET_BUFFER_LIST_8021Q_INFO q;

	if (seq % 4 != 1)
		return NULL;
	q.Value = NULL;
	q.TagHeader.UserPriority = (UINT32)(seq % 8);
	q.TagHeader.VlanId = (UINT32)(1 + seq % 4094);
	return q.Value;
}

/* Faults injected on the machine so far (--fault; kernel_fault). */
static inline uint64_t tr_faults_now(struct kernel *k)
{
	return atomic_load(&k->stats.faults_injected);
}

/* A send completed with a failure status is put down to an injected fault
 * when one was injected while the NBL was with the miniport (after it was
 * handed over): a miniport that fails a send because an allocation failed
 * is behaving as documented (docs/run.md "Exit status"). */
static inline bool tr_fault_since(struct kernel *k, uint64_t faults_at_send)
{
	return tr_faults_now(k) > faults_at_send;
}

/* Test frames a receiver still owes (traffic_awaited.c): the ones whose
 * send completed successfully and that it has not indicated yet, oldest
 * first, at most TR_AWAITED_MAX (a receiver that owes more, one that never
 * indicates, loses the older half, never excused). */
#define TR_AWAITED_MAX 4096u
struct tr_awaited {
	struct { uint64_t seq, faults_at_send; } *e;
	unsigned n;
};
int tr_awaited_init(struct tr_awaited *w);
void tr_awaited_fini(struct tr_awaited *w);
void tr_awaited_add(struct tr_awaited *w, uint64_t seq, uint64_t faults_at_send);
/* The receiver indicated test frames sent up to `later` (UINT64_MAX: the
 * run ended) with `faults` injected so far: what it has seen leaves the
 * list; so does what was sent before `later`, its window closed, through
 * excuse() when a fault came in that window. */
void tr_awaited_close(struct tr_awaited *w, uint64_t later, uint64_t faults,
		      bool (*seen)(void *ctx, uint64_t seq),
		      void (*excuse)(void *ctx, uint64_t seq), void *ctx);

/* 64-bit mixing (splitmix64 finaliser): frame contents and layout. */
static inline uint64_t tr_mix(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ull;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
	return x ^ (x >> 31);
}

struct tr_frame_spec {
	uint64_t seed;
	uint32_t min_size, max_size;
	uint8_t dst[6];
};

extern const uint8_t tr_source_mac[6];

/* traffic_frame.c */
uint32_t tr_frame_length(const struct tr_frame_spec *s, uint64_t seq);
void tr_frame_fill(const struct tr_frame_spec *s, uint64_t seq, uint32_t len,
		   uint8_t *out);
/* True when f looks like a test frame; *seq from its header. */
bool tr_frame_parse(const uint8_t *f, uint32_t len, uint64_t *seq);
/* NULL when frame f (len bytes) is exactly test frame `seq`, else the
 * reason it is not. */
const char *tr_frame_check(const struct tr_frame_spec *s, uint64_t seq,
			   const uint8_t *f, uint32_t len);

/* Lays `len` bytes of `frame` out in the slot's buffer as a random MDL
 * chain (1..max_mdls MDLs, random split points and gaps, random DataOffset
 * backfill) and points the slot's NET_BUFFER at it.  *rng advances.
 * Returns the page pieces the SG list of the NET_BUFFER spans. */
uint32_t tr_layout(struct tr_slot *slot, const uint8_t *frame, uint32_t len,
		   uint32_t max_mdls, uint64_t *rng);
/* Bytes of a slot buffer for frames up to max_size. */
size_t tr_slot_bytes(uint32_t max_size);
/* The NBL pool (with NET_BUFFERs) the harness's slots come from. */
NDIS_HANDLE tr_nbl_pool(void);
/* A slot: a page-aligned buffer of `bytes`, its PFNs looked up once, and
 * an NBL from `pool` pointing back at the slot (ProtocolReserved[0]).
 * Once made it goes on the free list *free_list.  -ENOMEM on failure;
 * tr_slot_fini frees what was made either way. */
int tr_slot_init(struct kernel *k, NDIS_HANDLE pool, size_t bytes, struct tr_slot *s,
		 struct tr_slot **free_list);
/* Frees a slot, unless the miniport still owns its NBL (leaked, never
 * reused). */
void tr_slot_fini(struct kernel *k, size_t bytes, struct tr_slot *s);
/* Copies the data of nb (up to cap bytes) into out; returns the bytes
 * its MDL chain really holds (DataLength unless the chain is short). */
uint32_t tr_gather(PNET_BUFFER nb, uint8_t *out, uint32_t cap);
/* For each NET_BUFFER of the NBL chain: copies its data into buf
 * (TR_MAX_FRAME bytes, the caller's, under the caller's lock) and calls
 * fn with it and the NBL's 802.1Q info, unless the MDL chain holds other
 * than DataLength bytes or more than TR_MAX_FRAME (fn may change the
 * bytes).  With in_place, data that lies in one MDL is passed where it
 * is, not copied: fn must then only read it.  *indicated gets every
 * NET_BUFFER, *mismatches those fn was not called for. */
void tr_each_frame(PNET_BUFFER_LIST nbls, uint8_t *buf, bool in_place,
		   void (*fn)(void *ctx, uint8_t *frame, uint32_t len, PVOID vlan), void *ctx,
		   uint64_t *indicated, uint64_t *mismatches);

/* responder.c: a reply to an ARP request or ICMP echo request for ip
 * (network order), from mac; 0 when in is neither.  *kind: 1 ARP, 2 ICMP. */
size_t responder_answer(const uint8_t ip[4], const uint8_t mac[6],
			const uint8_t *in, size_t len, uint8_t *out, size_t cap,
			int *kind);
/* "A.B.C.D" -> 4 bytes; false if it is not one. */
bool responder_parse_ip(const char *text, uint8_t ip[4]);

#endif
