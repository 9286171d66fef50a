/* runtime.h — the objects behind include/ndisdma/ndisdma.h: a machine,
 * the miniport drivers it loaded and the adapters they drive (spec §13).
 *
 * machine.c            machine, threads, reports, pools
 * driver_loader.c      dlopen / DriverEntry / MiniportDriverUnload
 * adapter_lifecycle.c  Initialize -> Paused <-> Running -> Halt
 * adapter_host.c       what NDIS indicates up to the "protocol" side
 * adapter_reset.c      MiniportResetEx, the hang check and its thread
 * adapter_stats.c      OID_GEN_STATISTICS at the end of a run
 * adapter_offload.c    the offload OIDs after a restart
 */
#ifndef NDISDMA_RUNTIME_H
#define NDISDMA_RUNTIME_H

#include <ndisdma/ndisdma.h>
#include <pthread.h>

#include "kernel/kernel.h"
#include "ndis/config_store.h"
#include "ndis/ndis_internal.h"
#include "platform/platform.h"
#include "verifier/verifier.h"

/* Addresses of the multicast list the runtime remembers for an addressing
 * reset (larger lists are not remembered; the reset sends the first ones). */
#define RT_MCAST_MAX 32

struct ndisdma_machine {
	struct ndisdma_config config;
	struct verifier *vf;
	struct platform *platform;
	struct kernel *k;
	pthread_mutex_t lock;                 /* the two lists below */
	struct ndisdma_driver *drivers;
	struct ndisdma_adapter *adapters;
	unsigned devices_created;             /* device_host.c, under lock */
	/* machine_iommu.c, under lock: the counts of the IOMMU domains
	 * destroyed so far (spec §11) */
	struct ndisdma_iommu_stats iommu_done;
	/* The configuration of every driver and adapter this run
	 * (src/ndis/config_store.h): kept across halts and unloads. */
	struct config_registry *registry;
	/* debug_host.c: the host's KeBugCheckEx handler */
	ndisdma_bugcheck_handler bugcheck_fn;
	void *bugcheck_ctx;
	ndisdma_stuck_handler stuck_fn;
	void *stuck_ctx;
};

struct ndisdma_driver {
	struct ndisdma_machine *m;
	struct ndisdma_driver *next;
	char name[96];
	void *dl;                             /* dlopen handle, NULL if built in */
	const void *image;                    /* its module's base (dladdr) */
	UNICODE_STRING registry_path;
	WCHAR registry_buffer[128];
	struct ndis_driver nd;                /* holds the DRIVER_OBJECT */
};

/* Completion of one request the runtime waits for (pause, restart, OID). */
struct rt_wait {
	bool armed;                           /* a pended request is outstanding */
	bool done;
	NDIS_STATUS status;
};

struct ndisdma_adapter {
	struct ndisdma_machine *m;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *next;
	struct ndis_adapter na;

	pthread_mutex_t lock;                 /* waits and stats below */
	pthread_cond_t cond;
	struct rt_wait pause, restart, oid;
	NDIS_OID_REQUEST oid_req;             /* outlives a timed-out wait */
	pthread_mutex_t oid_serial;           /* one OID at a time, as NDIS */

	struct ndisdma_traffic_ops traffic;
	void *traffic_ctx;
	struct ndisdma_adapter_stats stats;

	void *resources;                      /* AllocatedResources storage */

	/* resets (adapter_reset.c).  send_gate: sends take it for
	 * reading, a reset for writing, so no send reaches the miniport while
	 * a reset runs.  Under lock: the reset wait and what completed it, the
	 * OID sequence the hang check watches, the addressing state NDIS would
	 * restore (packet filter, multicast list) and the hang-check thread. */
	pthread_rwlock_t send_gate;
	struct rt_wait reset;
	BOOLEAN reset_addressing;
	uint64_t reset_outstanding;           /* sends held at completion */
	bool failed;                          /* a reset failed */
	uint64_t oid_seq, hang_oid_seen;
	bool filter_set;
	ULONG filter;
	uint32_t mcast_count;
	uint8_t mcast[RT_MCAST_MAX][6];
	pthread_t hang_thread;
	struct ktask *hang_task;          /* the seeded scheduler's (spec §9) */
	uint32_t hang_task_id;
	bool hang_running, hang_stop;
	pthread_cond_t hang_cond;
};

/* Run driver code on this thread for machine k at PASSIVE_LEVEL (spec §9). */
struct rt_call {
	struct kernel *prev;
	uint8_t irql;
};
void rt_enter(struct kernel *k, struct rt_call *c);
void rt_leave(struct rt_call *c, const char *handler);

/* machine.c: link / unlink under the machine lock. */
void rt_machine_add_driver(struct ndisdma_machine *m, struct ndisdma_driver *d);
void rt_machine_remove_driver(struct ndisdma_machine *m, struct ndisdma_driver *d);
void rt_machine_add_adapter(struct ndisdma_machine *m, struct ndisdma_adapter *a);
void rt_machine_remove_adapter(struct ndisdma_machine *m, struct ndisdma_adapter *a);

/* Report RES-LEAK for each resource left in l, then reclaim them all. */
size_t rt_reclaim_leaks(struct kernel *k, struct kres_list *l, const char *when);
/* driver_leaks.c: LOOKASIDE-LEAK and POOL-LEAK for what the
 * driver's code allocated and left (unless another loaded driver shares
 * its module), then reclaims it.  Returns the number of reports. */
size_t rt_driver_leaks(struct ndisdma_driver *d, const char *when);

/* adapter_host.c: the host ops every runtime adapter uses. */
extern const struct ndis_adapter_host_ops rt_adapter_host_ops;
/* Wait up to timeout_ms for w (armed) to complete; false on timeout. */
bool rt_wait_for(struct ndisdma_adapter *a, struct rt_wait *w, unsigned timeout_ms);
void rt_wait_arm(struct ndisdma_adapter *a, struct rt_wait *w);

/* Default time the runtime waits for a pended pause/restart/OID/reset. */
#define RT_PEND_TIMEOUT_MS 10000u
/* Default MaxNblsToIndicate for NDIS 6.20+ interrupt DPCs (docs/run.md). */
#define RT_THROTTLE_DEFAULT 64u

/* adapter_reset.c: the periodic hang check while the adapter runs
 * (started after a successful restart, stopped before a pause), and what
 * a successful OID set means for an addressing reset. */
void rt_hang_check_start(struct ndisdma_adapter *a);
bool rt_reset_complete(struct ndis_adapter *na, NDIS_STATUS st, BOOLEAN addressing);
void rt_hang_check_stop(struct ndisdma_adapter *a);
/* PAUSE-SENDS: a pause completing with sends outstanding (adapter_host.c). */
void rt_pause_check_sends(struct ndisdma_adapter *a, const void *site);
void rt_note_oid_set(struct ndisdma_adapter *a, uint32_t oid, const void *buffer,
		     uint32_t length);

/* device_host.c: the device model named by p->device, with
 * the window and vector it got written into eff (a copy of p, or zeros);
 * 0 or -errno with a reason.  Detach after the adapter's resources were
 * reclaimed. */
int rt_device_attach(struct ndisdma_adapter *a, const struct ndisdma_adapter_params *p,
		     struct ndisdma_adapter_params *eff, char *err, size_t errlen);
void rt_device_detach(struct ndisdma_adapter *a);
/* The adapter's IOMMU domain goes, its counts kept for the machine
 * (machine_iommu.c); after its device (nothing drives IOVAs then). */
void rt_iommu_retire(struct ndisdma_adapter *a);

/* adapter_offload.c: OID_OFFLOAD_ENCAPSULATION and
 * OID_TCP_OFFLOAD_PARAMETERS for a miniport that set offload attributes
 * (after a restart and an addressing reset); true when both succeeded or
 * there was nothing to send. */
bool rt_offload_send(struct ndisdma_adapter *a);

/* Formats a one-line reason into err (may be NULL). */
void rt_error(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
