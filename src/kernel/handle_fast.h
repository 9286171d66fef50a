/* handle_fast.h — the tagged handle layout and the hot-path check
 * (spec §4: "a stale, foreign or corrupted handle is detected on every
 * call, never dereferenced blindly").  Private to src/: handles.c owns the
 * table; hot APIs (the SG list calls) inline the check here and
 * call kernel_handle_lookup() only to name a failure.
 *
 * A handle's 64 bits are
 *   63..48 magic 0x4E44 ("ND": never a canonical x86-64 address)
 *   47..40 machine id      39..36 type
 *   35..20 generation      19..0  slot index
 */
#ifndef NDISDMA_KERNEL_HANDLE_FAST_H
#define NDISDMA_KERNEL_HANDLE_FAST_H

#include "kernel/kernel.h"

#define HANDLE_MAGIC 0x4E44ull

/* The fields of a handle, bit 0 up: one source for every encode/decode. */
#define HANDLE_INDEX_BITS 20u
#define HANDLE_GEN_SHIFT 20u
#define HANDLE_GEN_BITS 16u
#define HANDLE_TYPE_SHIFT 36u
#define HANDLE_TYPE_BITS 4u
#define HANDLE_MACHINE_SHIFT 40u
#define HANDLE_MACHINE_BITS 8u
#define HANDLE_MAGIC_SHIFT 48u

/* Field `bits` wide at `shift` of handle value v. */
#define HANDLE_FIELD(v, shift, bits) \
	((uint32_t)(((uint64_t)(v) >> (shift)) & ((1ull << (bits)) - 1)))
#define HANDLE_INDEX(v) HANDLE_FIELD(v, 0, HANDLE_INDEX_BITS)
#define HANDLE_GEN(v) HANDLE_FIELD(v, HANDLE_GEN_SHIFT, HANDLE_GEN_BITS)
#define HANDLE_TYPE(v) HANDLE_FIELD(v, HANDLE_TYPE_SHIFT, HANDLE_TYPE_BITS)
#define HANDLE_MACHINE(v) HANDLE_FIELD(v, HANDLE_MACHINE_SHIFT, HANDLE_MACHINE_BITS)

/* A slot's tag: the generation above the type (type 0: free). */
#define HANDLE_TAG(gen, type) ((uint32_t)(gen) << HANDLE_TYPE_BITS | (uint32_t)(type))
#define HANDLE_TAG_TYPE(tag) ((tag) & ((1u << HANDLE_TYPE_BITS) - 1))
#define HANDLE_TAG_GEN(tag) ((tag) >> HANDLE_TYPE_BITS)

_Static_assert(HANDLE_INDEX_BITS <= HANDLE_GEN_SHIFT &&
	       HANDLE_GEN_SHIFT + HANDLE_GEN_BITS <= HANDLE_TYPE_SHIFT &&
	       HANDLE_TYPE_SHIFT + HANDLE_TYPE_BITS <= HANDLE_MACHINE_SHIFT &&
	       HANDLE_MACHINE_SHIFT + HANDLE_MACHINE_BITS <= HANDLE_MAGIC_SHIFT,
	       "handle fields overlap");
_Static_assert(HANDLE_TYPE_COUNT <= 1u << HANDLE_TYPE_BITS,
	       "every handle type fits the type field");

struct handle_slot {
	_Atomic uint32_t tag;   /* HANDLE_TAG(gen, type); type 0 = free */
	uint32_t next_free;
	void *_Atomic object;
	/* the live handle's whole value, 0 when free: the hot check is one
	 * compare (it carries the magic, machine id, type and generation) */
	_Atomic uint64_t value;
};

/* The object of a valid handle of `type` on machine k, else NULL (then
 * kernel_handle_lookup() says why).  A bound, one load and compare of the
 * slot's live value, the type bits: no dereference of anything the driver
 * gave. */
static inline void *kernel_handle_fast(const struct kernel *k, const void *handle,
				       enum handle_type type)
{
	uint64_t v = (uint64_t)(uintptr_t)handle;
	uint32_t index = HANDLE_INDEX(v);
	const struct handle_slot *s;

	if (index >= k->handle_capacity || HANDLE_TYPE(v) != (uint32_t)type)
		return NULL;
	s = &k->handles[index];
	/* slot 0 is never used: its value stays 0, never a handle */
	if (atomic_load_explicit(&s->value, memory_order_acquire) != v)
		return NULL;
	return atomic_load_explicit(&s->object, memory_order_relaxed);
}

#endif
