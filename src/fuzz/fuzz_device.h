/* fuzz_device.h — state of the hostile-device fuzz target (fuzz_device.c:
 * the adapter and the script; fuzz_device_traffic.c: frames sent from
 * above and what comes back). */
#ifndef NDISDMA_FUZZ_DEVICE_H
#define NDISDMA_FUZZ_DEVICE_H

#include <pthread.h>

#include "fuzz/fuzz_internal.h"
#include "ndisdma/ndisdma.h"
#include <ndis.h>

#define FZ_SLOTS 32u
#define FZ_FRAME_MAX 1514u

struct fz_slot {
	uint8_t *buf;
	PMDL mdl;
	PNET_BUFFER_LIST nbl;
	bool in_flight;
};

struct fz_device {
	struct ndisdma_machine *m;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;         /* during an input */
	uint64_t seed;
	bool lied;                         /* the script lied about ownership */
	bool spent;                        /* a finding left the adapter up */
	struct ndisdma_pools base;         /* after the driver was loaded */
	/* a finding seen in a callback (another thread): the first one */
	pthread_mutex_t lock;              /* kmutex_lock (kernel/ksched.h) */
	const char *finding;
	char *why;
	size_t why_len;
	uint64_t *hash;                    /* ndisdma_fuzz_hash, under lock */
	NDIS_HANDLE nbl_pool;
	struct fz_slot slot[FZ_SLOTS];
	volatile uint8_t sink;
};

extern const struct ndisdma_traffic_ops fz_traffic_ops;

/* Waits until the ISR and every DPC and work item it caused have run. */
void fz_quiesce(struct ndisdma_adapter *a);

int fz_sends_init(struct fz_device *f, char *err, size_t len);
void fz_sends_fini(struct fz_device *f);
/* OP_SEND: count and size from the input, sent through
 * MiniportSendNetBufferLists. */
void fz_send(struct fz_device *f, struct fz_input *in);
/* NULL, or how many sends never came back. */
const char *fz_sends_all_completed(struct fz_device *f, char *why, size_t len);
void fz_sends_reset(struct fz_device *f);

void device_close_state(struct fz_device *f);

#endif
