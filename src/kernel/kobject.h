/* kobject.h — referenced kernel objects and their handles (facts 3:
 * ObReferenceObjectByHandle, ObDereferenceObject, ZwClose).
 *
 * An object a driver can hold a handle to (a system thread; an event) is
 * counted: its handle is one reference, each ObReference* one more.  It
 * is freed when the count reaches zero and its owner lets it go (a thread
 * object outlives neither its references nor its running thread).  Every
 * live object is in its machine's list, so a pointer a driver passes back
 * is checked against the list before it is believed.
 */
#ifndef NDISDMA_KOBJECT_H
#define NDISDMA_KOBJECT_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/dispatcher.h"

enum kobj_kind { KOBJ_THREAD = 1, KOBJ_EVENT = 2 };

struct kobj {
	uint8_t kind;
	bool listed;                /* in the machine's list */
	struct kernel *k;
	struct klink all;           /* the machine's objects (obj_lock) */
	int64_t refs;               /* handles + references (obj_lock) */
	void *handle;               /* its handle while open (obj_lock) */
	uint32_t access;            /* the rights its handle was granted */
	uint32_t attributes;        /* its handle's OBJ_* attributes */
	const void *image;          /* the module that made it (kunload.c) */
	const void *site;           /* the call that made it */
	void *body;                 /* what the driver holds */
	/* false while the object must stay (a thread still running) */
	bool (*can_free)(struct kobj *o);
	void (*free)(struct kobj *o);
};

/* Lists o and gives it a handle (its first reference).  -ENOMEM when no
 * handle can be had. */
int kobj_insert(struct kernel *k, struct kobj *o, void **handle);
/* A new reference through a handle: 0, -EBADF (not an open object handle
 * of this machine), -EPROTOTYPE (kind != 0 and the object is another kind). */
int kobj_reference_by_handle(struct kernel *k, const void *handle, enum kobj_kind kind,
			     struct kobj **out);
/* The listed object whose body is `body`, or NULL. */
struct kobj *kobj_from_body(struct kernel *k, const void *body);
/* References: the new count, or -1 when o had none (nothing changes). */
int64_t kobj_reference(struct kobj *o);
int64_t kobj_dereference(struct kobj *o);
/* Closes a handle (drops its reference): 0 or -EBADF. */
int kobj_close(struct kernel *k, const void *handle);
/* Frees o if nothing holds it any more (call when can_free may have
 * turned true). */
void kobj_release_if_unused(struct kobj *o);

#endif
