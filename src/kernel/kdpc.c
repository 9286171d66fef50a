/* kdpc.c — KDPCs (see kdpc.h). */
#include "kernel/kdpc.h"

#include <string.h>

#include "kernel/kexec.h"
#include "kernel/kqueue.h"

/* KDPC_IMPORTANCE values (facts 1.2) */
enum { LOW_IMPORTANCE = 0, MEDIUM_IMPORTANCE = 1, HIGH_IMPORTANCE = 2 };

struct dpc_run {
	kdpc_routine *routine;
	void *context, *arg1, *arg2;
	uint16_t number;
};

/* Under the queue's lock, before the DPC may be queued again. */
static void capture(struct kqueue_item *item, void *ctx)
{
	struct kdpc *d = (struct kdpc *)item;
	struct dpc_run *r = ctx;

	r->routine = d->routine;
	r->context = d->context;
	r->arg1 = d->arg1;
	r->arg2 = d->arg2;
	r->number = kdpc_number(d);
}

static void dpc_run(struct kqueue_item *item)
{
	struct kdpc *d = (struct kdpc *)item;
	struct kernel *k = kernel_current();
	struct dpc_run r;

	kqueue_release(k->dpc_queue, item, capture, &r);
	/* runs on the processor it targets, else the one that queued it */
	ke_processor_enter_dpc(r.number & 0xFF);
	r.routine(d, r.context, r.arg1, r.arg2);
	ke_processor_leave_dpc();
}

void kdpc_init(struct kdpc *d, kdpc_routine *routine, void *context)
{
	memset(d, 0, sizeof(*d));
	*(uint8_t *)&d->item.embedder = KDPC_TYPE;
	kdpc_set_importance(d, MEDIUM_IMPORTANCE);
	atomic_init(&d->item.queued, 0);
	d->item.fn = dpc_run;
	d->routine = routine;
	d->context = context;
	d->k = kernel_current();
}

struct insert_args {
	void *arg1, *arg2;
	uint16_t processor;
};

/* Under the queue's lock, once the insertion is sure. */
static void commit(struct kqueue_item *item, void *ctx)
{
	struct kdpc *d = (struct kdpc *)item;
	struct insert_args *a = ctx;

	d->arg1 = a->arg1;
	d->arg2 = a->arg2;
	if (!(kdpc_number(d) & KDPC_TARGETED))
		kdpc_set_number(d, a->processor);
}

void kdpc_init_runtime(struct kdpc *d, kdpc_routine *routine, void *context)
{
	kdpc_init(d, routine, context);
	*(uint8_t *)&d->item.embedder = KDPC_TYPE_RUNTIME;
}

bool kdpc_insert_from(struct kernel *k, struct kdpc *d, void *arg1, void *arg2,
		      uint32_t processor)
{
	struct insert_args a = { arg1, arg2, (uint16_t)processor };
	unsigned flags = KQ_HOLD;

	/* facts 1.2: High goes to the head of the queue, the others to the tail */
	if (kdpc_importance(d) == HIGH_IMPORTANCE)
		flags |= KQ_FRONT;
	return kqueue_push_ex(k->dpc_queue, &d->item, flags, commit, &a);
}

bool kdpc_insert(struct kernel *k, struct kdpc *d, void *arg1, void *arg2)
{
	if (!k)
		k = d->k;
	if (!k)
		return false;
	return kdpc_insert_from(k, d, arg1, arg2, ke_processor_current(k));
}

bool kdpc_remove(struct kernel *k, struct kdpc *d)
{
	if (!k)
		k = d->k;
	return k && kqueue_remove(k->dpc_queue, &d->item);
}

struct remove_if {
	bool (*pred)(struct kdpc *d, void *ctx);
	void *ctx;
};

static bool is_dpc_and(struct kqueue_item *item, void *ctx)
{
	struct remove_if *r = ctx;

	return item->fn == dpc_run && r->pred((struct kdpc *)item, r->ctx);
}

size_t kdpc_remove_if(struct kernel *k, bool (*pred)(struct kdpc *d, void *ctx), void *ctx)
{
	struct remove_if r = { pred, ctx };

	return kqueue_remove_if(k->dpc_queue, is_dpc_and, &r);
}
