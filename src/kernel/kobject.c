/* kobject.c — referenced objects and handles (see kobject.h). */
#include "kernel/kobject.h"

#include <errno.h>

#include "kernel/kexec.h"

/* obj_lock held: o is unused; unlist it and say whether to free it. */
static bool unlist_if_unused(struct kobj *o)
{
	if (o->refs != 0 || !o->listed || (o->can_free && !o->can_free(o)))
		return false;
	klink_del(&o->all);
	o->listed = false;
	return true;
}

int kobj_insert(struct kernel *k, struct kobj *o, void **handle)
{
	struct kexec *x = k->exec;

	*handle = NULL;
	o->k = k;
	o->handle = kernel_handle_new(k, HANDLE_KOBJECT, o);
	if (!o->handle)
		return -ENOMEM;
	pthread_mutex_lock(&x->obj_lock);
	o->refs = 1;
	o->listed = true;
	klink_add_tail(&x->objects, &o->all);
	*handle = o->handle;
	pthread_mutex_unlock(&x->obj_lock);
	return 0;
}

int kobj_reference_by_handle(struct kernel *k, const void *handle, enum kobj_kind kind,
			     struct kobj **out)
{
	struct kexec *x = k->exec;
	enum handle_error err;
	struct kobj *o;
	int r = 0;

	*out = NULL;
	pthread_mutex_lock(&x->obj_lock);
	o = kernel_handle_lookup(k, handle, HANDLE_KOBJECT, &err);
	if (!o || o->handle != handle)
		r = -EBADF;
	else if (kind && o->kind != kind)
		r = -EPROTOTYPE;
	else {
		o->refs++;
		*out = o;
	}
	pthread_mutex_unlock(&x->obj_lock);
	return r;
}

struct kobj *kobj_from_body(struct kernel *k, const void *body)
{
	struct kexec *x = k->exec;
	struct kobj *found = NULL;

	pthread_mutex_lock(&x->obj_lock);
	for (struct klink *e = x->objects.next; e != &x->objects; e = e->next) {
		struct kobj *o = KCONTAINER(e, struct kobj, all);

		if (o->body == body) {
			found = o;
			break;
		}
	}
	pthread_mutex_unlock(&x->obj_lock);
	return found;
}

int64_t kobj_reference(struct kobj *o)
{
	struct kexec *x = o->k->exec;
	int64_t n = -1;

	pthread_mutex_lock(&x->obj_lock);
	if (o->refs > 0)
		n = ++o->refs;
	pthread_mutex_unlock(&x->obj_lock);
	return n;
}

int64_t kobj_dereference(struct kobj *o)
{
	struct kexec *x = o->k->exec;
	bool unused = false;
	int64_t n = -1;

	pthread_mutex_lock(&x->obj_lock);
	if (o->refs > 0) {
		n = --o->refs;
		unused = unlist_if_unused(o);
	}
	pthread_mutex_unlock(&x->obj_lock);
	if (unused)
		o->free(o);
	return n;
}

int kobj_close(struct kernel *k, const void *handle)
{
	struct kexec *x = k->exec;
	enum handle_error err;
	bool unused = false;
	struct kobj *o;

	pthread_mutex_lock(&x->obj_lock);
	o = kernel_handle_lookup(k, handle, HANDLE_KOBJECT, &err);
	if (!o || o->handle != handle) {
		pthread_mutex_unlock(&x->obj_lock);
		return -EBADF;
	}
	kernel_handle_retire(k, handle);
	o->handle = NULL;
	o->refs--;
	unused = unlist_if_unused(o);
	pthread_mutex_unlock(&x->obj_lock);
	if (unused)
		o->free(o);
	return 0;
}

void kobj_release_if_unused(struct kobj *o)
{
	struct kexec *x = o->k->exec;
	bool unused;

	pthread_mutex_lock(&x->obj_lock);
	unused = unlist_if_unused(o);
	pthread_mutex_unlock(&x->obj_lock);
	if (unused)
		o->free(o);
}
