/* ndis_internal.h — the NDIS-side objects behind the handles a miniport
 * holds: the miniport driver block, the adapter block and the SG DMA
 * channel.  The runtime creates drivers and adapters and drives their
 * lifecycle; the NDIS API functions (src/ndis/) find them through the
 * tagged handles of src/kernel.
 */
#ifndef NDISDMA_NDIS_INTERNAL_H
#define NDISDMA_NDIS_INTERNAL_H

#include <ndis.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "kernel/kernel.h"
#include "verifier/verifier.h"
#include "wdm/io_internal.h"

struct config_key;

/* The miniport call site of an exported API function (spec §10: reports
 * name the driver's call).  Use only directly inside the exported function. */
#define NDIS_CALLER() __builtin_return_address(0)

/* Bytes reserved for the DRIVER_OBJECT (x64 sizeof is 0x150). */
#define NDIS_DRIVER_OBJECT_STORAGE 512

struct ndis_driver {
	struct kernel *k;
	void *handle;                          /* NdisMiniportDriverHandle */
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS chars;  /* copied: facts §6 */
	NDIS_HANDLE driver_context;
	bool registered;
	struct kres_list resources;            /* driver-wide resources */
	/* For the runtime: the DRIVER_OBJECT handed to
	 * DriverEntry lives here, so NdisMRegisterMiniportDriver finds this
	 * block from it (checked by magic and handle, never trusted blindly). */
	uint64_t object_magic;                 /* NDIS_DRIVER_OBJECT_MAGIC */
	_Alignas(16) unsigned char driver_object[NDIS_DRIVER_OBJECT_STORAGE];
	NDIS_STATUS register_status;           /* last NdisMRegisterMiniportDriver */
	bool register_called;
	/* The driver's Parameters key (config_store.h), set by the runtime;
	 * NULL: none (its configuration reads find nothing). */
	struct config_key *config;
};

#define NDIS_DRIVER_OBJECT_MAGIC 0x4E44495344525652ull  /* "NDISDRVR" */

/* The driver block behind a DRIVER_OBJECT the runtime created, or NULL. */
struct ndis_driver *ndis_driver_from_object(const void *driver_object);

enum adapter_state {
	ADAPTER_HALTED = 0,
	ADAPTER_INITIALIZING,
	ADAPTER_PAUSED,
	ADAPTER_RESTARTING,
	ADAPTER_RUNNING,
	ADAPTER_PAUSING,
	ADAPTER_HALTING,
};

struct ndis_adapter;

/* What NDIS calls the protocol/runtime side does above the miniport. */
struct ndis_adapter_host_ops {
	void (*pause_complete)(struct ndis_adapter *a, const void *site);   /* the driver's call */
	void (*restart_complete)(struct ndis_adapter *a, NDIS_STATUS status);
	void (*oid_complete)(struct ndis_adapter *a, PNDIS_OID_REQUEST req,
			     NDIS_STATUS status);
	void (*send_complete)(struct ndis_adapter *a, PNET_BUFFER_LIST nbls,
			      ULONG flags);
	void (*indicate_receive)(struct ndis_adapter *a, PNET_BUFFER_LIST nbls,
				 NDIS_PORT_NUMBER port, ULONG count, ULONG flags);
	void (*indicate_status)(struct ndis_adapter *a,
				PNDIS_STATUS_INDICATION ind);
	/* src/ndis/reset.c: NdisMResetComplete; false
	 * when no pended MiniportResetEx waits for it. */
	bool (*reset_complete)(struct ndis_adapter *a, NDIS_STATUS status,
			       BOOLEAN addressing_reset);
};

struct sg_channel;

/* offload.c: what NDIS knows of an adapter's task offloads --
 * the offload attributes' two NDIS_OFFLOAD structures (copied, zero past
 * their Header.Size), updated by the NDIS_STATUS_TASK_OFFLOAD_* indications,
 * and whether an OID_TCP_OFFLOAD_PARAMETERS set still waits for its
 * NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG.  All-zero is "no offloads";
 * `lock` guards the rest (a spin: sections are a few dozen bytes). */
struct ndis_offload {
	atomic_flag lock;
	bool attributes_set;
	NDIS_OFFLOAD hardware;                 /* HardwareOffloadCapabilities */
	NDIS_OFFLOAD current;                  /* DefaultOffloadConfiguration, then indications */
	bool awaiting_indication;              /* a parameters set is in flight or done */
	bool indicated_since;                  /* ... and CURRENT_CONFIG came after it */
	uint64_t current_indications, hardware_indications;
};

struct ndis_adapter {
	struct kernel *k;
	struct ndis_driver *driver;
	void *handle;                          /* MiniportAdapterHandle */
	NDIS_HANDLE context;                   /* MiniportAdapterContext */
	/* The adapter's name in the runtime (UTF-8; the name its log lines
	 * and reports give it), its instance name for
	 * NdisMQueryAdapterInstanceName (src/ndis/instance_name.c). */
	char name[96];
	ULONG attribute_flags;                 /* registration attributes */
	ULONG interface_type;
	bool registration_attributes_set;
	bool general_attributes_set;
	NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES general;
	_Atomic int state;                     /* enum adapter_state */
	/* the thread inside MiniportInitializeEx (spec §4 REG-CONTEXT) */
	uintptr_t init_context;      /* kcontext_self() in MiniportInitializeEx */
	bool in_initialize;

	struct sg_channel *dma;                /* NULL until registered */
	struct kres_list resources;            /* this adapter's resources */
	PNDIS_RESOURCE_LIST resource_list;     /* AllocatedResources */

	const struct ndis_adapter_host_ops *host;
	void *host_context;
	/* The adapter's key in the machine's registry (config_store.h), set
	 * by the runtime; NULL: none (its configuration reads find nothing). */
	struct config_key *config;
	/* NdisMGetDeviceProperty: the PDO, FDO and next-lower device
	 * (io_internal.h; ndis_adapter_devices_create), and the
	 * CM_RESOURCE_LIST whose partial list is resource_list */
	struct io_device_object device_objects[3];
	PCM_RESOURCE_LIST cm_resources;
	/* src/ndis/io.c, interrupt.c: the device model
	 * behind AllocatedResources (NULL: none), set by the runtime before
	 * MiniportInitializeEx, and what the miniport connected to it. */
	struct device *device;
	/* spec §11: the IOMMU domain of the adapter's device (NULL: the
	 * IOMMU is off, or the adapter has not started DMA): made with the
	 * device, or at NdisMRegisterScatterGatherDma for an adapter without
	 * a device model (iommu_adapter.c); destroyed after the adapter is
	 * halted (src/runtime/machine_iommu.c). */
	struct iommu_domain *iommu;
	uint64_t mmio_base;
	uint32_t mmio_length;
	uint32_t interrupt_vector;
	struct ndis_interrupt *interrupt;     /* NdisMRegisterInterruptEx */
	/* src/ndis/ports.c: the CmResourceTypePort range
	 * the host gave the adapter (port_length 0: none), decoded by device. */
	uint32_t port_base, port_length;
	atomic_uint_fast64_t isr_calls, dpc_calls, error_log_entries;
	/* registration attributes' CheckForHangTimeInSeconds
	 * (src/ndis/adapter.c; the runtime's hang check, spec §13), the
	 * revision of the general attributes' PowerManagementCapabilitiesEx (0:
	 * none), the receive-throttle budget the runtime gives an NDIS 6.20+
	 * MiniportInterruptDPC (src/ndis/interrupt.c) and what the DPCs did. */
	UINT check_for_hang_s;
	uint8_t pm_caps_revision;
	NDIS_PM_CAPABILITIES pm_caps;
	uint32_t throttle_budget;
	atomic_uint_fast64_t dpc_requeues, throttle_exceeded, dpc_nbls_indicated;
	/* src/ndis/offload.c: the task offload state. */
	struct ndis_offload offload;
};

/* Resolve a handle of the current machine; on failure report HANDLE with
 * the reason and return NULL.  `api` names the caller for the message. */
struct ndis_adapter *ndis_adapter_from_handle(NDIS_HANDLE h, const char *api,
					      const void *site);
struct ndis_driver *ndis_driver_from_handle(NDIS_HANDLE h, const char *api,
					    const void *site);
struct sg_channel *ndis_dma_from_handle(NDIS_HANDLE h, const char *api,
					const void *site);

/* The resource list that owns what a handle allocates (adapter or driver
 * handle); NULL if the handle is neither. */
struct kres_list *ndis_owner_resources(NDIS_HANDLE h);

/* adapter.c: the PDO, FDO and next-lower device objects of an adapter
 * (after its device model is attached): 0 or -ENOMEM; destroy retires
 * them (safe on a never created set). */
int ndis_adapter_devices_create(struct ndis_adapter *a);
void ndis_adapter_devices_destroy(struct ndis_adapter *a);

/* spec §11 (iommu_adapter.c): the adapter's IOMMU domain, made once when
 * the machine runs with the IOMMU on (kernel_config.iommu_mode): with its
 * device, or at NdisMRegisterScatterGatherDma for an adapter whose DMA
 * engine is the test device.  It spans the device's whole IOVA space;
 * each mapping is held below its channel's reach (the HAL's iommu
 * backend: 4 GiB for a 32-bit channel), so one domain serves a 64-bit
 * channel, then a 32-bit one registered after it.  0 (also with the
 * IOMMU off, or a domain already made), or -ENOMEM. */
int ndis_adapter_iommu_start(struct ndis_adapter *a);
/* After the adapter's halt and its device's destruction; NULL safe. */
void ndis_adapter_iommu_stop(struct ndis_adapter *a);

/* The machine's device access table (kernel->io_space): the register
 * windows NdisMMapIoSpace/MmMapIoSpace* mapped (io.c) and the I/O port
 * ranges NdisMRegisterIoPortRange registered (ports.c), each a resource
 * of its adapter, under one read/write lock: accesses read, mapping and
 * registering write. */
struct io_window;
struct port_range;
struct io_space {
	pthread_rwlock_t lock;
	struct io_window *windows;
	struct io_window *spare;     /* unmapped, reservation kept (io.c) */
	struct port_range *ports;
};
/* io.c: the table, created on first use; NULL without memory. */
struct io_space *ndis_io_space(struct kernel *k);
/* io.c: frees the table (entries are adapter resources, reclaimed at
 * halt); call before kernel_destroy. */
void ndis_io_space_destroy(struct kernel *k);
/* io.c (shared with MmMapIoSpace*): maps [pa, pa + len) of a's
 * device window (the caller checked it lies inside) as a register window,
 * a resource of a ("io-space"); readonly drops and reports writes. */
NDIS_STATUS ndis_io_map(struct ndis_adapter *a, uint64_t pa, size_t len, bool readonly,
			const void *site, PVOID *va);
/* Unmaps the window at va of length len (of adapter a; any adapter when a
 * is NULL); otherwise reports HANDLE naming `api` and returns false. */
bool ndis_io_unmap(struct kernel *k, const struct ndis_adapter *a, PVOID va, size_t len,
		   const char *api, const void *site);
/* The device address behind va when it lies in a register window. */
bool ndis_io_window_pa(struct kernel *k, const void *va, uint64_t *pa);

/* io.c: one register access of size 1, 2 or 4 as `api` would
 * make it (reported from `site` when va is in no window: all ones read). */
uint32_t ndis_io_read(const volatile void *va, unsigned size, const char *api,
		      const void *site);
void ndis_io_write(volatile void *va, unsigned size, uint32_t value, const char *api,
		   const void *site);

/* interrupt.c: counts NBLs indicated from inside a's throttled
 * MiniportInterruptDPC on this thread (facts §6.10); nothing elsewhere. */
void ndis_interrupt_count_indicated(struct ndis_adapter *a, ULONG nbls);
/* interrupt.c: blocks until no assertion of a's line waits for its ISR and
 * none runs (returns at once without an interrupt).  fuzz_device waits
 * for this after each step of a hostile device, so the next step starts
 * from what the ISR did. */
void ndis_interrupt_wait_idle(struct ndis_adapter *a);
/* offload.c: NdisMSetMiniportAttributes with offload
 * attributes: validates them (REG-HEADER, REG-NULL, OFFLOAD-CONFIG) and
 * keeps the two NDIS_OFFLOAD structures. */
NDIS_STATUS ndis_offload_set_attributes(struct ndis_adapter *a,
					const NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES *o,
					const void *site);
/* NdisMIndicateStatusEx of an NDIS_STATUS_TASK_OFFLOAD_* code: validates
 * the NDIS_OFFLOAD payload and applies it; false when it is malformed (the
 * indication is reported and goes no further).  Other codes: true. */
bool ndis_offload_indication(struct ndis_adapter *a, const NDIS_STATUS_INDICATION *ind,
			     const void *site);
/* For the host: a copy of the state (hardware and current may be NULL). */
bool ndis_offload_snapshot(struct ndis_adapter *a, NDIS_OFFLOAD *hardware,
			   NDIS_OFFLOAD *current, uint64_t *current_indications,
			   uint64_t *hardware_indications);
/* The host is about to set OID_TCP_OFFLOAD_PARAMETERS (begin), and how it
 * ended (end, with the status); ndis_offload_check_indicated reports
 * OFFLOAD-INDICATE when a successful set had no CURRENT_CONFIG after it
 * (the host calls it when the adapter pauses) and forgets the set. */
void ndis_offload_parameters_begin(struct ndis_adapter *a);
void ndis_offload_parameters_end(struct ndis_adapter *a, NDIS_STATUS status);
void ndis_offload_check_indicated(struct ndis_adapter *a, const char *when);

/* error_log.c: "NDIS_ERROR_CODE_HARDWARE_FAILURE" for 0xC000138A, or NULL. */
const char *ndis_error_code_name(NDIS_ERROR_CODE code);

/* IRQL check shared by every entry point: returns true when the current
 * IRQL satisfies min <= irql <= max; otherwise reports IRQL (spec §9). */
bool wdm_irql_report(struct kernel *k, const char *api, uint8_t min, uint8_t max,
		     const void *site);   /* src/wdm/wdm_irql.c */
static inline bool ndis_check_irql(struct kernel *k, const char *api, uint8_t min,
				   uint8_t max, const void *site)
{
	uint8_t irql = kernel_irql();

	if (__builtin_expect(irql >= min && irql <= max, 1))
		return true;
	return wdm_irql_report(k, api, min, max, site);
}

#endif
