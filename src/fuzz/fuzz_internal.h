/* fuzz_internal.h — shared by the fuzz targets (src/fuzz): the input
 * reader and each target's entry points.  include/ndisdma/fuzz.h is the
 * API; docs/fuzzing.md describes each target's input format. */
#ifndef NDISDMA_FUZZ_INTERNAL_H
#define NDISDMA_FUZZ_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ndisdma/fuzz.h"

/* Consumes the input front to back; past the end every read gives 0, so
 * any byte string is a valid input and a shorter one a prefix of it. */
struct fz_input {
	const uint8_t *p;
	size_t left;
};

static inline uint8_t fz_u8(struct fz_input *in)
{
	if (!in->left)
		return 0;
	in->left--;
	return *in->p++;
}

static inline uint16_t fz_u16(struct fz_input *in)
{
	uint16_t lo = fz_u8(in);
	return (uint16_t)(lo | (uint16_t)fz_u8(in) << 8);
}

static inline uint32_t fz_u32(struct fz_input *in)
{
	uint32_t lo = fz_u16(in);
	return lo | (uint32_t)fz_u16(in) << 16;
}

/* n bytes into out, zero-filled past the end of the input. */
static inline void fz_bytes(struct fz_input *in, void *out, size_t n)
{
	size_t take = n < in->left ? n : in->left;

	memcpy(out, in->p, take);
	memset((uint8_t *)out + take, 0, n - take);
	in->p += take;
	in->left -= take;
}

#define FZ_WHY 512

/* The behaviour hash of an input (ndisdma_fuzz_hash): FNV-1a over what
 * the target observed, in order -- never addresses or handle values,
 * which differ between a run and a replay alone. */
#define FZ_HASH_INIT 0xCBF29CE484222325ull

static inline void fz_hash(uint64_t *h, uint64_t v)
{
	for (int i = 0; i < 8; i++, v >>= 8)
		*h = (*h ^ (v & 0xFF)) * 0x100000001B3ull;
}

static inline void fz_hash_str(uint64_t *h, const char *s)
{
	while (s && *s)
		*h = (*h ^ (uint8_t)*s++) * 0x100000001B3ull;
	fz_hash(h, 0);
}

/* One target instance: made by open, run per input, freed by close.  The
 * one() functions return NULL or the finding, written into why, and
 * leave what they observed in *hash (started at FZ_HASH_INIT). */
struct fz_target_ops {
	int (*open)(const struct ndisdma_fuzz_config *c, void **state, char *err, size_t len);
	const char *(*one)(void *state, struct fz_input *in, uint64_t *hash, char *why,
			   size_t len);
	void (*close)(void *state);
};

extern const struct fz_target_ops fz_sg_description_ops;
extern const struct fz_target_ops fz_sg_build_ops;
extern const struct fz_target_ops fz_device_ops;

#endif
