/* kdpc.h — KDPCs on the machine's DPC thread (facts 1.2; spec §9).
 *
 * A KDPC embeds the DPC queue's item in its first 24 bytes: Type,
 * Importance and Number are the item's `embedder` word, the queued word
 * sits at +4 and the link and the runner at +8..+23 (KDPC's private
 * DpcListEntry).  DeferredRoutine, DeferredContext and SystemArgument1/2
 * keep their documented offsets; DpcData (+56) names the machine.
 *
 * Inserting queues the item with KQ_HOLD: when the DPC thread takes it,
 * the runner copies routine, context and arguments under the queue's lock
 * before the DPC can be queued again, so each run gets the arguments of
 * its own insertion (KeInsertQueueDpc during a run queues the next one).
 */
#ifndef NDISDMA_KDPC_H
#define NDISDMA_KDPC_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/kernel.h"

struct kdpc;
typedef void kdpc_routine(struct kdpc *dpc, void *context, void *arg1, void *arg2);

struct kdpc {
	struct kqueue_item item;   /* +0 */
	kdpc_routine *routine;     /* +24 DeferredRoutine */
	void *context;             /* +32 DeferredContext */
	void *arg1;                /* +40 SystemArgument1 */
	void *arg2;                /* +48 SystemArgument2 */
	struct kernel *k;          /* +56 DpcData: the machine */
};

#define KDPC_TYPE 0x13          /* Header.Type of an initialized KDPC */
/* Header.Type of a KDPC the runtime itself uses (an NDIS timer object's):
 * never a driver's, whatever module the runtime is linked into. */
#define KDPC_TYPE_RUNTIME 0x93
#define KDPC_TARGETED 0x8000u   /* Number: a target processor was set */

/* The bytes of item.embedder. */
static inline uint8_t kdpc_type(const struct kdpc *d)
{
	return __atomic_load_n((const uint8_t *)&d->item.embedder, __ATOMIC_RELAXED);
}

static inline uint8_t kdpc_importance(const struct kdpc *d)
{
	return __atomic_load_n((const uint8_t *)&d->item.embedder + 1, __ATOMIC_RELAXED);
}

static inline void kdpc_set_importance(struct kdpc *d, uint8_t importance)
{
	__atomic_store_n((uint8_t *)&d->item.embedder + 1, importance, __ATOMIC_RELAXED);
}

static inline uint16_t kdpc_number(const struct kdpc *d)
{
	return __atomic_load_n((const uint16_t *)((const uint8_t *)&d->item.embedder + 2),
			       __ATOMIC_RELAXED);
}

static inline void kdpc_set_number(struct kdpc *d, uint16_t number)
{
	__atomic_store_n((uint16_t *)((uint8_t *)&d->item.embedder + 2), number,
			 __ATOMIC_RELAXED);
}

void kdpc_init(struct kdpc *d, kdpc_routine *routine, void *context);
/* The same, for a DPC of the runtime's own (KDPC_TYPE_RUNTIME). */
void kdpc_init_runtime(struct kdpc *d, kdpc_routine *routine, void *context);
/* Queues d on machine k (d's own machine when k is NULL): true if queued,
 * false if it already was (or no machine is known). */
bool kdpc_insert(struct kernel *k, struct kdpc *d, void *arg1, void *arg2);
/* The same, for a DPC that runs on `processor` unless targeted (a timer's
 * DPC runs where the timer was set). */
bool kdpc_insert_from(struct kernel *k, struct kdpc *d, void *arg1, void *arg2,
		      uint32_t processor);
/* True when d was queued and now will not run for that insertion. */
bool kdpc_remove(struct kernel *k, struct kdpc *d);
/* Takes every queued DPC pred() accepts out of machine k's queue. */
size_t kdpc_remove_if(struct kernel *k, bool (*pred)(struct kdpc *d, void *ctx), void *ctx);

#endif
