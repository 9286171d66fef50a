/* runtime.h — the objects behind include/ndisdma/ndisdma.h: a machine,
 * the miniport drivers it loaded and the adapters they drive (spec §13).
 *
 * machine.c            machine, threads, reports, pools
 * driver_loader.c      dlopen / DriverEntry / MiniportDriverUnload
 * adapter_lifecycle.c  Initialize -> Paused <-> Running -> Halt
 * adapter_host.c       what NDIS indicates up to the "protocol" side
 */
#ifndef NDISDMA_RUNTIME_H
#define NDISDMA_RUNTIME_H

#include <ndisdma/ndisdma.h>
#include <pthread.h>

#include "kernel/kernel.h"
#include "ndis/ndis_internal.h"
#include "platform/platform.h"
#include "verifier/verifier.h"

struct ndisdma_machine {
	struct ndisdma_config config;
	struct verifier *vf;
	struct platform *platform;
	struct kernel *k;
	pthread_mutex_t lock;                 /* the two lists below */
	struct ndisdma_driver *drivers;
	struct ndisdma_adapter *adapters;
	unsigned devices_created;             /* device_host.c, under lock */
	/* issue 11 (debug_host.c): the host's KeBugCheckEx handler */
	ndisdma_bugcheck_handler bugcheck_fn;
	void *bugcheck_ctx;
};

struct ndisdma_driver {
	struct ndisdma_machine *m;
	struct ndisdma_driver *next;
	char name[96];
	void *dl;                             /* dlopen handle, NULL if built in */
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

	char **params;                        /* copied "Key=Value" strings */
	void *resources;                      /* AllocatedResources storage */
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

/* adapter_host.c: the host ops every runtime adapter uses. */
extern const struct ndis_adapter_host_ops rt_adapter_host_ops;
/* Wait up to timeout_ms for w (armed) to complete; false on timeout. */
bool rt_wait_for(struct ndisdma_adapter *a, struct rt_wait *w, unsigned timeout_ms);
void rt_wait_arm(struct ndisdma_adapter *a, struct rt_wait *w);

/* Default time the runtime waits for a pended pause/restart/OID. */
#define RT_PEND_TIMEOUT_MS 10000u

/* device_host.c (issue 6): the device model named by p->device, with
 * the window and vector it got written into eff (a copy of p, or zeros);
 * 0 or -errno with a reason.  Detach after the adapter's resources were
 * reclaimed. */
int rt_device_attach(struct ndisdma_adapter *a, const struct ndisdma_adapter_params *p,
		     struct ndisdma_adapter_params *eff, char *err, size_t errlen);
void rt_device_detach(struct ndisdma_adapter *a);

/* Formats a one-line reason into err (may be NULL). */
void rt_error(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
