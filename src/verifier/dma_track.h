/* dma_track.h — the live device-visible mappings of one machine, keyed by
 * device (physical) address (spec §10 "tracking of every device access"):
 * every element of every delivered SG list and every live shared block
 * (with its guard pages), plus a bounded ring of the ranges of recently
 * freed lists, so the bus can tell DMA-UNMAPPED from DMA-AFTER-FREE,
 * DMA-DIRECTION and DMA-OVERRUN.
 *
 * Full verifier level only (docs/verifier-rules.md "Levels"): the tracker
 * exists when the kernel was created at level full, and the hooks that
 * feed it sit behind vf_enabled(vf, VF_LEVEL_FULL), after the real
 * operation (STYLE.md).  Thread-safe: one rwlock (device thread reads,
 * DPC and driver threads add and remove).  Depends on libc only.
 */
#ifndef NDISDMA_DMA_TRACK_H
#define NDISDMA_DMA_TRACK_H

#include <stdbool.h>
#include <stdint.h>

enum dma_map_kind {
	DMA_MAP_ELEMENT = 1,    /* one element of a delivered SG list */
	DMA_MAP_SHARED,         /* a shared memory block */
};

struct dma_mapping {
	uint64_t start;         /* device address */
	uint64_t length;
	enum dma_map_kind kind;
	const void *owner;      /* the SG list, or the block's VA */
	const void *handle;     /* DMA handle */
	const void *nb;         /* NET_BUFFER (elements) */
	const void *site;       /* the miniport call that made the mapping */
	uint32_t index;         /* element index */
	bool to_device;         /* NDIS_SG_LIST_WRITE_TO_DEVICE: device only reads */
	uint64_t guard;         /* shared: unmapped guard bytes on each side */
};

enum dma_verdict {
	DMA_OK = 0,
	DMA_V_UNMAPPED,         /* in no live mapping */
	DMA_V_AFTER_FREE,       /* in a recently freed list only */
	DMA_V_DIRECTION,        /* device write into a to-device element */
	DMA_V_OVERRUN,          /* starts inside a mapping, runs past its end,
				   or touches a shared block's guard page */
};

/* Recently freed ranges remembered for DMA-AFTER-FREE. */
#define DMA_TRACK_FREED_RING 256u

struct dma_track;

/* 0 or -ENOMEM. */
int dma_track_create(struct dma_track **out);
void dma_track_destroy(struct dma_track *t);

/* Adds one mapping (copied).  On out of memory the tracker marks itself
 * incomplete and from then on never calls an address unmapped (no false
 * report). */
void dma_track_add(struct dma_track *t, const struct dma_mapping *m);
/* Removes every mapping of `owner`; with `remember`, its ranges go to the
 * freed ring.  Returns how many were removed. */
unsigned dma_track_remove(struct dma_track *t, const void *owner, bool remember);

/* Classifies a device access [addr, addr + len).  *hit is the mapping
 * involved (zeroed for DMA_V_UNMAPPED; for DMA_OK the one that covers it). */
enum dma_verdict dma_track_check(struct dma_track *t, uint64_t addr,
				 uint64_t len, bool device_writes,
				 struct dma_mapping *hit);

/* True when [addr, addr + len) touches one of shared block m's guard
 * pages (before its first page, after its last), not just the slack past
 * its Length inside its last page (DMA-OVERRUN wording). */
bool dma_track_hits_guard(const struct dma_mapping *m, uint64_t addr, uint64_t len);

/* Live mappings (for tests: back to 0 after every scenario). */
unsigned dma_track_live(struct dma_track *t);

#endif
