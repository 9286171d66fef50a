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

struct handle_slot {
	_Atomic uint32_t tag;   /* gen << 4 | type; type 0 = free */
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
	uint32_t index = (uint32_t)(v & 0xFFFFF);
	const struct handle_slot *s;

	if (index >= k->handle_capacity || ((v >> 36) & 0xF) != (uint64_t)type)
		return NULL;
	s = &k->handles[index];
	/* slot 0 is never used: its value stays 0, never a handle */
	if (atomic_load_explicit(&s->value, memory_order_acquire) != v)
		return NULL;
	return atomic_load_explicit(&s->object, memory_order_relaxed);
}

#endif
