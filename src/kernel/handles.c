/* handles.c — tagged handles (spec §4: "the handle is tagged (type,
 * adapter, generation): a stale, foreign or corrupted handle is detected on
 * every call, never dereferenced blindly").
 *
 * A handle is not a pointer.  Its 64 bits are
 *   63..48 magic 0x4E44 ("ND": never a canonical x86-64 address)
 *   47..40 machine id      39..36 type
 *   35..20 generation      19..0  slot index
 * Lookup decodes it and checks the slot of this machine's table: no
 * dereference of anything the driver gave us.  The layout and the inline
 * hot-path check live in handle_fast.h; this lookup names the failure.
 */
#include "kernel/kqueue.h"
#include "kernel/handle_fast.h"
#include "kernel/ksched.h"

#include <errno.h>
#include <stdlib.h>

#define HANDLE_CAPACITY (1u << 14)
#define HANDLE_NIL UINT32_MAX

_Static_assert(HANDLE_CAPACITY <= 1u << HANDLE_INDEX_BITS,
	       "every slot index fits the handle's index field");

const char *handle_error_name(enum handle_error e)
{
	switch (e) {
	case HANDLE_OK: return "ok";
	case HANDLE_GARBAGE: return "not a handle";
	case HANDLE_FOREIGN: return "handle of another machine";
	case HANDLE_STALE: return "stale handle (already released)";
	case HANDLE_WRONG_TYPE: return "handle of the wrong type";
	}
	return "?";
}

int kernel_handles_init(struct kernel *k)
{
	k->handles = calloc(HANDLE_CAPACITY, sizeof(*k->handles));
	if (!k->handles)
		return -ENOMEM;
	k->handle_capacity = HANDLE_CAPACITY;
	/* Slot 0 is never used, so no valid handle has index 0. */
	for (uint32_t i = 1; i < HANDLE_CAPACITY; i++)
		k->handles[i].next_free = i + 1 < HANDLE_CAPACITY ? i + 1 : HANDLE_NIL;
	k->handle_free_head = 1;
	pthread_mutex_init(&k->handle_lock, NULL);
	return 0;
}

void kernel_handles_fini(struct kernel *k)
{
	pthread_mutex_destroy(&k->handle_lock);
	free(k->handles);
	k->handles = NULL;
}

static uint64_t handle_encode(const struct kernel *k, uint32_t index, uint32_t tag)
{
	uint64_t gen = HANDLE_TAG_GEN(tag) & ((1u << HANDLE_GEN_BITS) - 1);
	uint64_t type = HANDLE_TAG_TYPE(tag);

	return HANDLE_MAGIC << HANDLE_MAGIC_SHIFT |
	       (uint64_t)k->id << HANDLE_MACHINE_SHIFT | type << HANDLE_TYPE_SHIFT |
	       gen << HANDLE_GEN_SHIFT | index;
}

void *kernel_handle_new(struct kernel *k, enum handle_type type, void *object)
{
	struct handle_slot *s;
	uint32_t index, gen;

	if (kernel_fault(k, "kernel.handle"))
		return NULL;
	kmutex_lock(k, &k->handle_lock);
	index = k->handle_free_head;
	if (index == HANDLE_NIL) {
		kmutex_unlock(k, &k->handle_lock);
		return NULL;
	}
	s = &k->handles[index];
	k->handle_free_head = s->next_free;
	gen = (HANDLE_TAG_GEN(atomic_load(&s->tag)) + 1) & ((1u << HANDLE_GEN_BITS) - 1);
	if (!gen)
		gen = 1;
	atomic_store(&s->object, object);
	atomic_store(&s->tag, HANDLE_TAG(gen, type));
	atomic_store(&s->value, handle_encode(k, index, HANDLE_TAG(gen, type)));
	atomic_fetch_add(&k->handles_live, 1);
	kmutex_unlock(k, &k->handle_lock);
	return (void *)(uintptr_t)handle_encode(k, index, HANDLE_TAG(gen, type));
}

void *kernel_handle_lookup(struct kernel *k, const void *handle,
			   enum handle_type type, enum handle_error *err)
{
	uint64_t v = (uint64_t)(uintptr_t)handle;
	uint32_t index = HANDLE_INDEX(v), gen = HANDLE_GEN(v);
	uint32_t htype = HANDLE_TYPE(v), tag;
	struct handle_slot *s;

	if (v >> HANDLE_MAGIC_SHIFT != HANDLE_MAGIC || !index || htype >= HANDLE_TYPE_COUNT ||
	    htype == HANDLE_NONE) {
		*err = HANDLE_GARBAGE;
		return NULL;
	}
	if (!k || HANDLE_MACHINE(v) != k->id) {
		*err = HANDLE_FOREIGN;
		return NULL;
	}
	if (index >= k->handle_capacity) {
		*err = HANDLE_GARBAGE;
		return NULL;
	}
	if (htype != (uint32_t)type) {
		*err = HANDLE_WRONG_TYPE;
		return NULL;
	}
	s = &k->handles[index];
	tag = atomic_load_explicit(&s->tag, memory_order_acquire);
	if (tag != HANDLE_TAG(gen, htype)) {
		*err = HANDLE_STALE;
		return NULL;
	}
	*err = HANDLE_OK;
	return atomic_load_explicit(&s->object, memory_order_relaxed);
}

void kernel_handle_retire(struct kernel *k, const void *handle)
{
	uint64_t v = (uint64_t)(uintptr_t)handle;
	uint32_t index = HANDLE_INDEX(v);
	uint32_t expect = HANDLE_TAG(HANDLE_GEN(v), HANDLE_TYPE(v));
	struct handle_slot *s;

	if (!index || index >= k->handle_capacity)
		return;
	s = &k->handles[index];
	kmutex_lock(k, &k->handle_lock);
	/* Keep the generation, clear the type: the old value is now stale. */
	if (atomic_load(&s->tag) == expect) {
		atomic_store(&s->value, 0);   /* the hot check fails from here */
		atomic_store(&s->tag, HANDLE_TAG(HANDLE_TAG_GEN(expect), 0));
		atomic_store(&s->object, NULL);
		s->next_free = k->handle_free_head;
		k->handle_free_head = index;
		atomic_fetch_sub(&k->handles_live, 1);
	}
	kmutex_unlock(k, &k->handle_lock);
}

uint32_t kernel_live_handles(struct kernel *k)
{
	return atomic_load(&k->handles_live);
}

void *kernel_handle_find(struct kernel *k, enum handle_type type,
			 bool (*match)(void *object, void *ctx), void *ctx)
{
	void *found = NULL;

	kmutex_lock(k, &k->handle_lock);
	for (uint32_t i = 1; i < k->handle_capacity && !found; i++) {
		void *obj = atomic_load(&k->handles[i].object);

		if (HANDLE_TAG_TYPE(atomic_load(&k->handles[i].tag)) == (uint32_t)type && obj &&
		    match(obj, ctx))
			found = obj;
	}
	kmutex_unlock(k, &k->handle_lock);
	return found;
}
