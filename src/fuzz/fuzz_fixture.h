/* fuzz_fixture.h — one machine's lower layers (verifier, sim platform,
 * kernel) and a driver and adapter object, for the fuzz targets that call
 * the NDIS SG DMA API directly (fuzz_sg_description, fuzz_sg_build).
 *
 * A fixture is made once and reused for every input: each input starts
 * from the same state (no channel, PASSIVE_LEVEL, no fault armed, report
 * counts cleared) and must leave it exactly as it found it — every pool,
 * live allocation, handle and contiguous block back at the baseline taken
 * when the fixture was made (fz_fixture_check).  That is the "nothing
 * leaked" oracle, and it is what makes reuse a fresh state per input.
 */
#ifndef NDISDMA_FUZZ_FIXTURE_H
#define NDISDMA_FUZZ_FIXTURE_H

#include <stdio.h>

#include "kernel/kernel.h"
#include "ndis/ndis_internal.h"
#include "platform/platform.h"
#include "verifier/verifier.h"

struct fz_fixture {
	struct verifier *vf;
	struct platform *plat;
	struct kernel *k;
	struct ndis_driver driver;
	struct ndis_adapter adapter;
	uint64_t base_live_allocs;
	uint32_t base_handles;
	struct platform_stats base_platform;
	size_t base_driver_resources, base_adapter_resources;
};

/* 0 or -1.  narrate: verifier text and lifecycle lines go there (NULL:
 * silent).  The calling thread enters the machine at PASSIVE_LEVEL. */
int fz_fixture_init(struct fz_fixture *f, enum platform_layout layout,
		    uint64_t seed, FILE *narrate);
void fz_fixture_fini(struct fz_fixture *f);

/* Start of an input: report counts cleared, no fault armed, PASSIVE_LEVEL,
 * the adapter paused with its registration attributes as made. */
void fz_fixture_reset(struct fz_fixture *f);
/* Puts the adapter "inside MiniportInitializeEx" on this thread. */
void fz_fixture_begin_init(struct fz_fixture *f);
void fz_fixture_end_init(struct fz_fixture *f);

/* Every verifier rule reported this input, with its count, into *hash. */
void fz_fixture_hash_reports(struct fz_fixture *f, uint64_t *hash);

/* End of an input: DPCs and work items flushed; NULL, or why the state is
 * not the baseline (written into why). */
const char *fz_fixture_check(struct fz_fixture *f, char *why, size_t len);

#endif
