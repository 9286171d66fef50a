/* ndisdma_traffic.h — moving frames through a miniport: sends from above, the
 * traffic harness, hub traffic between adapters, the miniport's own statistics.
 * Part of ndisdma's own API; <ndisdma/ndisdma.h> includes it.
 */
#ifndef NDISDMA_NDISDMA_TRAFFIC_H
#define NDISDMA_NDISDMA_TRAFFIC_H

#include "ndisdma/ndisdma.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- moving frames: the protocol side above a miniport ----------- */

/* MiniportSendNetBufferLists(nbls) on this thread at PASSIVE_LEVEL, as a
 * protocol's NdisSendNetBufferLists would.  0, or -EINVAL when the adapter
 * is not running (nothing is sent; the NBLs stay the caller's). */
int ndisdma_adapter_send(struct ndisdma_adapter *a, void *nbls);

/* What the SG DMA channel of an adapter delivered since registration. */
struct ndisdma_dma_traffic {
	uint64_t lists;             /* MiniportProcessSGList deliveries */
	uint64_t elements;          /* SG elements in them */
	uint64_t bytes;             /* bytes they covered */
	uint64_t bounced_lists, bounced_bytes;  /* through map registers */
	uint64_t waited;            /* requests queued for map registers */
	uint64_t deferred;          /* callbacks after the allocate returned */
};
void ndisdma_adapter_dma_traffic(const struct ndisdma_adapter *a,
				 struct ndisdma_dma_traffic *t);

/* The traffic harness (src/runtime/traffic.c): sends `frames` test frames
 * of random sizes in random MDL fragmentations (random MDL count, split
 * points, gaps and DataOffset backfill, so CurrentMdlOffset is often not
 * 0), at most `window` in flight, and checks every received frame byte for
 * byte against what its sequence number and the seed say it must be.
 * With a responder IP it also answers ARP requests and ICMP echo requests
 * for that address (a small host above the miniport). */
struct ndisdma_traffic_result;
struct ndisdma_traffic_config {
	uint64_t frames;            /* test frames to send (0: none) */
	uint32_t min_size, max_size;/* frame bytes incl. the Ethernet header */
	uint32_t window;            /* NBLs in flight at most (0: 64) */
	uint32_t batch;             /* NBLs per send call at most (0: 8) */
	uint32_t max_mdls;          /* MDLs per frame at most (0: 8) */
	uint64_t seed;
	bool expect_echo;           /* loopback: every frame must come back once */
	const char *respond_ip;     /* "A.B.C.D" or NULL */
	double duration_s;          /* with no test frames: run this long (0: until *stop) */
	volatile int *stop;         /* set non-zero to end early (may be NULL) */
	uint64_t reset_every;       /* reset the adapter after every N test frames
				       handed to the miniport (0: never) */
	uint64_t pause_every;       /* pause and restart the adapter after every N
				       test frames handed over, frames in flight
				       (0: never) */
	bool halt_in_flight;        /* pause the adapter as soon as the last test
				       frame is handed over, frames still in
				       flight, and return: the caller halts it */
	unsigned progress_ms;       /* 0: no progress callback */
	void (*progress)(void *ctx, const struct ndisdma_traffic_result *r);
	void *progress_ctx;
};

struct ndisdma_traffic_result {
	uint64_t frames_sent, bytes_sent;       /* handed to the miniport */
	uint64_t send_completed, send_failed;   /* NBLs back, non-success status */
	/* of send_failed: completed with a failure status after an injected
	 * fault (--fault) happened while the NBL was with the miniport: the
	 * miniport failing a send for an injected fault is correct, not a
	 * traffic failure (docs/run.md "Exit status") */
	uint64_t send_failed_injected;
	uint64_t frames_received, bytes_received; /* test frames seen again */
	uint64_t mismatches;        /* wrong length or bytes */
	uint64_t duplicates;        /* a test frame seen more than once */
	uint64_t lost_frames;       /* expect_echo: sent, completed, never seen */
	/* of lost_frames: a fault was injected between the send and the
	 * indication of a later frame (or the end): a miniport that drops a
	 * frame it cannot allocate for is correct (docs/run.md "Exit status") */
	uint64_t lost_injected;
	uint64_t lost_completions;  /* NBLs the miniport never completed */
	uint64_t double_completions;/* an NBL completed twice */
	uint64_t frames_indicated;  /* every frame the miniport indicated */
	uint64_t other_frames;      /* indicated, neither a test frame nor answered */
	uint64_t pieces;            /* page pieces of the transmitted MDL chains */
	uint64_t arp_replies, icmp_replies;
	uint64_t in_flight;         /* now (progress) */
	struct ndisdma_dma_traffic dma;
	double seconds;
	uint64_t resets, resets_failed;         /* --reset-every resets */
	uint64_t pauses;            /* pause_every / halt_in_flight pauses */
	/* test frames not back when a pause completed and never seen after:
	 * a miniport may drop what it received while pausing (NDIS's
	 * Pausing state), so these are not lost_frames */
	uint64_t dropped_at_pause;
	uint64_t vlan_sent;         /* test frames sent with 802.1Q NBL info */
	uint64_t vlan_received;     /* test frames received with 802.1Q NBL info */
	uint64_t vlan_mismatches;   /* ... whose tag was not the one sent */
	/* what the harness saw, by destination class (unicast, multicast,
	 * broadcast): sends completed with success, and every frame indicated */
	uint64_t out_pkts[3], out_bytes[3];
	uint64_t in_pkts[3], in_bytes[3];
};

/* Runs on the calling thread until the frames are done (and, with
 * expect_echo, came back) or *stop / duration ends it.  The adapter must
 * be running; its traffic callbacks are taken for the run and cleared
 * after.  0, or -errno with a one-line reason in err. */
int ndisdma_traffic_run(struct ndisdma_adapter *a,
			const struct ndisdma_traffic_config *c,
			struct ndisdma_traffic_result *r, char *err, size_t errlen);

/* ---- hub traffic: frames a miniport moves between its own adapters ------
 * (src/runtime/traffic_hub.c; docs/run.md "Hub traffic").  Test frame seq
 * goes out on adapter (start + seq) mod n (start from the seed) to another
 * adapter's MAC (OID_802_3_CURRENT_ADDRESS, read at restart) drawn from the
 * seed, or, with probability 1/8, to the broadcast address; source the
 * sender's MAC; random MDL chains and 802.1Q NBL info as for
 * ndisdma_traffic_run.  It must be indicated exactly once, intact, on each
 * adapter that should receive it (the destination; every other adapter for
 * a broadcast) and on no other.  Uses frames, min_size, max_size, window,
 * max_mdls and seed of the config. */
#define NDISDMA_HUB_MAX_ADAPTERS 8u
struct ndisdma_hub_adapter_result {
	uint8_t mac[6];
	uint64_t sent;              /* test frames sent on this adapter */
	uint64_t completed, send_failed;
	uint64_t expected;          /* deliveries due here (of successful sends) */
	uint64_t received, bytes_received;  /* intact, once, and due here */
	uint64_t lost;              /* expected, never indicated here */
	uint64_t lost_injected;     /* of lost: put down to an injected fault,
				     * as ndisdma_traffic_result's */
	uint64_t duplicates;        /* indicated here more than once */
	uint64_t misdelivered;      /* indicated here, due elsewhere */
	uint64_t mismatches;        /* wrong length or bytes */
	uint64_t other;             /* not a test frame */
	uint64_t indicated;         /* every frame indicated here */
};
struct ndisdma_hub_result {
	unsigned adapters;
	uint64_t frames_sent, broadcasts, send_completed, send_failed;
	uint64_t send_failed_injected;   /* as in ndisdma_traffic_result */
	uint64_t expected, received, lost, duplicates, misdelivered, mismatches, other;
	uint64_t lost_injected;          /* of lost, as the adapters' */
	uint64_t in_flight, lost_completions, double_completions;
	uint64_t vlan_sent, vlan_received, vlan_mismatches;
	double seconds;
	struct ndisdma_hub_adapter_result per[NDISDMA_HUB_MAX_ADAPTERS];
};
/* a[0..n-1] running adapters of one driver, 2 <= n <= 8.  0, or -errno
 * with a one-line reason (the result holds what happened until then). */
int ndisdma_hub_run(struct ndisdma_adapter *const *a, unsigned n,
		    const struct ndisdma_traffic_config *c, struct ndisdma_hub_result *r,
		    char *err, size_t errlen);
/* A check failed: a delivery lost (not put down to an injected fault),
 * doubled, misdelivered or damaged, a failed send (not put down to an
 * injected fault), an NBL never completed or completed twice, a wrong tag. */
bool ndisdma_hub_failed(const struct ndisdma_hub_result *r);

/* ---- the miniport's own counters (docs/run.md "Statistics") ------
 * OID_GEN_STATISTICS queried from the miniport: the 18 NDIS_STATISTICS_INFO
 * counters in field order (ifInDiscards .. ifHCOutBroadcastOctets). */
#define NDISDMA_STATISTICS_COUNTERS 18
struct ndisdma_statistics {
	int32_t status;             /* of the query */
	bool valid;                 /* a well-formed NDIS_STATISTICS_INFO came back */
	const char *problem;        /* why not (NULL when valid) */
	uint32_t supported;         /* SupportedStatistics */
	uint64_t counter[NDISDMA_STATISTICS_COUNTERS];
};
int32_t ndisdma_adapter_statistics(struct ndisdma_adapter *a, struct ndisdma_statistics *s);
/* "ifHCInUcastPkts" ...; and its NDIS_STATISTICS_FLAGS_VALID_* bit. */
const char *ndisdma_statistics_name(unsigned i);
uint32_t ndisdma_statistics_flag(unsigned i);
/* What the traffic harness saw for counter i; false when the harness cannot
 * see it (discards and errors inside the miniport). */
bool ndisdma_statistics_expected(const struct ndisdma_traffic_result *r, unsigned i,
				 uint64_t *value);
/* Bit i set: counter i is valid, the harness sees it, and they differ. */
uint32_t ndisdma_statistics_disagree(const struct ndisdma_statistics *s,
				     const struct ndisdma_traffic_result *r);

#ifdef __cplusplus
}
#endif
#endif
