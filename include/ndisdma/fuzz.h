/* fuzz.h — ndisdma's fuzz targets as a library API (docs/fuzzing.md).
 *
 * Three targets, each a function of one input (a byte string):
 *   sg_description  NDIS_SG_DMA_DESCRIPTION bytes and adapter state into
 *                   NdisMRegisterScatterGatherDma: the status exactly as
 *                   spec §4, the verifier rule named, nothing leaked;
 *   sg_build        a NET_BUFFER/MDL chain, offsets, channel limits and
 *                   stress modes into NdisMAllocateNetBufferSGList: the
 *                   list compared with an independent reference builder
 *                   (same elements, or the same documented failure);
 *   device          a hostile virtio-net device, driven by the input as a
 *                   byte script (docs/fuzzing.md "The hostile script"),
 *                   against a loaded miniport.
 * An input either passes or is a finding (a reason string); a crash,
 * sanitizer report or hang is a finding the fuzzing engine sees itself.
 * libFuzzer's LLVMFuzzerTestOneInput (tests/fuzz/) and `ndisdma fuzz`
 * are thin wrappers around ndisdma_fuzz_one().
 */
#ifndef NDISDMA_FUZZ_H
#define NDISDMA_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ndisdma/ndisdma.h"

#ifdef __cplusplus
extern "C" {
#endif

enum ndisdma_fuzz_target {
	NDISDMA_FUZZ_DEVICE = 0,
	NDISDMA_FUZZ_SG_BUILD = 1,
	NDISDMA_FUZZ_SG_DESCRIPTION = 2,
};
#define NDISDMA_FUZZ_TARGETS 3

/* "device", "sg_build", "sg_description"; NULL past the end. */
const char *ndisdma_fuzz_target_name(enum ndisdma_fuzz_target t);
/* The target of that name, or -1. */
int ndisdma_fuzz_target_parse(const char *name);

struct ndisdma_fuzz_config {
	enum ndisdma_fuzz_target target;
	/* device: the miniport, a PATH.so or, when driver is NULL, the
	 * built-in entry under builtin_name (both NULL: -EINVAL). */
	const char *driver;
	const char *builtin_name;
	ndisdma_driver_entry builtin_entry;
	uint64_t seed;                  /* the machine's seed (0: 1) */
	/* NULL: quiet.  Else the lifecycle, every verifier report and (device)
	 * every step of the hostile script are narrated there (replay). */
	FILE *narrate;
};

struct ndisdma_fuzz;

/* 0, or -errno with a one-line reason in err. */
int ndisdma_fuzz_open(const struct ndisdma_fuzz_config *c, struct ndisdma_fuzz **out,
		      char *err, size_t errlen);
/* 0: the input passed.  1: a finding, named by ndisdma_fuzz_finding().
 * A device finding seen while the script ran (an NBL promise broken)
 * leaves that adapter as it was: the instance then refuses further inputs
 * (a finding saying so) and close does not halt it -- end the process, as
 * libFuzzer does at a finding. */
int ndisdma_fuzz_one(struct ndisdma_fuzz *f, const uint8_t *data, size_t size);
/* The last finding's one-line reason ("" after a passing input). */
const char *ndisdma_fuzz_finding(const struct ndisdma_fuzz *f);
/* A hash of what the last input did as the target saw it (device: each
 * step, every send completion and receive indication, each verifier
 * report's rule; sg_*: status, rules, the list's shape) and its outcome.
 * Each input starts from the same state, so an input gives the same hash
 * alone (a new instance, `ndisdma run --replay`) as inside a long run
 * (docs/fuzzing.md "Fresh state per input"; tests/unit/test_fuzz_fresh.c). */
uint64_t ndisdma_fuzz_hash(const struct ndisdma_fuzz *f);
void ndisdma_fuzz_close(struct ndisdma_fuzz *f);

#ifdef __cplusplus
}
#endif
#endif
