/* handle_fast.h — the tagged handle layout and the hot-path check
 * (spec §4: "a stale, foreign or corrupted handle is detected on every
 * call, never dereferenced blindly").  Private to src/: handles.c owns the
 * table; hot APIs (the SG list calls, issue 7) inline the check here and
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

struct handle_slot {
	_Atomic uint32_t tag;   /* gen << 4 | type; type 0 = free */
	uint32_t next_free;
	void *_Atomic object;
};

/* The object of a valid handle of `type` on machine k, else NULL (then
 * kernel_handle_lookup() says why).  Decode, one compare of the fixed
 * bits, a bound, one load of the slot's tag: no dereference of anything
 * the driver gave. */
static inline void *kernel_handle_fast(const struct kernel *k, const void *handle,
				       enum handle_type type)
{
	uint64_t v = (uint64_t)(uintptr_t)handle;
	uint64_t fixed = HANDLE_MAGIC << 12 | (uint64_t)k->id << 4 | (uint64_t)type;
	uint32_t index = (uint32_t)(v & 0xFFFFF);
	uint32_t want = (uint32_t)((v >> 20) & 0xFFFF) << 4 | (uint32_t)type;
	const struct handle_slot *s;

	if ((v >> 36) != fixed || index >= k->handle_capacity)
		return NULL;
	s = &k->handles[index];
	/* slot 0 is never used: its tag stays 0, never a valid type */
	if (atomic_load_explicit(&s->tag, memory_order_acquire) != want)
		return NULL;
	return atomic_load_explicit(&s->object, memory_order_relaxed);
}

#endif
