/* traffic_awaited.c — frames a receiver still owes, for putting a lost
 * one down to an injected fault (docs/run.md "Exit status", "Hub
 * traffic").
 *
 * A miniport that cannot allocate what a received frame needs (an NBL, a
 * copy's buffer) under --fault drops the frame, as a NIC short of buffers
 * drops one: documented behaviour, not a lost frame.  A test frame due on
 * a receiver and never seen there is put down to an injected fault when
 * one was injected between the frame's send and the receiver's indication
 * of a test frame sent after it (or the end of the run, if none came): the
 * time the miniport had the frame, or its copy, on the way to that
 * receiver, since a receiver's frames keep their order.  A frame joins the
 * list when its send completes successfully and leaves it when it is seen
 * or its window closes.
 */
#include "runtime/traffic.h"

#include <stdlib.h>

int tr_awaited_init(struct tr_awaited *w)
{
	w->n = 0;
	w->e = malloc(TR_AWAITED_MAX * sizeof(*w->e));
	return w->e ? 0 : -1;
}

void tr_awaited_fini(struct tr_awaited *w)
{
	free(w->e);
	w->e = NULL;
	w->n = 0;
}

void tr_awaited_add(struct tr_awaited *w, uint64_t seq, uint64_t faults_at_send)
{
	if (w->n == TR_AWAITED_MAX) {   /* the older half is never excused */
		memmove(w->e, w->e + TR_AWAITED_MAX / 2, TR_AWAITED_MAX / 2 * sizeof(*w->e));
		w->n = TR_AWAITED_MAX / 2;
	}
	w->e[w->n].seq = seq;
	w->e[w->n++].faults_at_send = faults_at_send;
}

void tr_awaited_close(struct tr_awaited *w, uint64_t later, uint64_t faults,
		      bool (*seen)(void *ctx, uint64_t seq),
		      void (*excuse)(void *ctx, uint64_t seq), void *ctx)
{
	unsigned kept = 0;

	for (unsigned i = 0; i < w->n; i++) {
		if (seen(ctx, w->e[i].seq))
			continue;
		if (w->e[i].seq < later) {
			if (faults > w->e[i].faults_at_send)
				excuse(ctx, w->e[i].seq);
			continue;
		}
		w->e[kept++] = w->e[i];
	}
	w->n = kept;
}
