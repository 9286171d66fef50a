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
	/* Added for the runtime (issue 3): the DRIVER_OBJECT handed to
	 * DriverEntry lives here, so NdisMRegisterMiniportDriver finds this
	 * block from it (checked by magic and handle, never trusted blindly). */
	uint64_t object_magic;                 /* NDIS_DRIVER_OBJECT_MAGIC */
	_Alignas(16) unsigned char driver_object[NDIS_DRIVER_OBJECT_STORAGE];
	NDIS_STATUS register_status;           /* last NdisMRegisterMiniportDriver */
	bool register_called;
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
	void (*pause_complete)(struct ndis_adapter *a);
	void (*restart_complete)(struct ndis_adapter *a, NDIS_STATUS status);
	void (*oid_complete)(struct ndis_adapter *a, PNDIS_OID_REQUEST req,
			     NDIS_STATUS status);
	void (*send_complete)(struct ndis_adapter *a, PNET_BUFFER_LIST nbls,
			      ULONG flags);
	void (*indicate_receive)(struct ndis_adapter *a, PNET_BUFFER_LIST nbls,
				 NDIS_PORT_NUMBER port, ULONG count, ULONG flags);
	void (*indicate_status)(struct ndis_adapter *a,
				PNDIS_STATUS_INDICATION ind);
	/* Added for issue 11 (src/ndis/reset.c): NdisMResetComplete; false
	 * when no pended MiniportResetEx waits for it. */
	bool (*reset_complete)(struct ndis_adapter *a, NDIS_STATUS status,
			       BOOLEAN addressing_reset);
};

struct sg_channel;

struct ndis_adapter {
	struct kernel *k;
	struct ndis_driver *driver;
	void *handle;                          /* MiniportAdapterHandle */
	NDIS_HANDLE context;                   /* MiniportAdapterContext */
	ULONG attribute_flags;                 /* registration attributes */
	ULONG interface_type;
	bool registration_attributes_set;
	bool general_attributes_set;
	NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES general;
	_Atomic int state;                     /* enum adapter_state */
	/* the thread inside MiniportInitializeEx (spec §4 REG-CONTEXT) */
	pthread_t init_thread;
	bool in_initialize;

	struct sg_channel *dma;                /* NULL until registered */
	struct kres_list resources;            /* this adapter's resources */
	PNDIS_RESOURCE_LIST resource_list;     /* AllocatedResources */

	const struct ndis_adapter_host_ops *host;
	void *host_context;
	/* Added for the runtime (issue 3): NdisReadConfiguration keywords,
	 * "Key=Value", NULL-terminated (NULL: none). */
	const char *const *config_params;
	/* NdisMGetDeviceProperty: opaque PDO/FDO/next device storage and the
	 * CM_RESOURCE_LIST whose partial list is resource_list */
	_Alignas(16) unsigned char device_objects[3][64];
	PCM_RESOURCE_LIST cm_resources;
	/* Added for issue 6 (src/ndis/io.c, interrupt.c): the device model
	 * behind AllocatedResources (NULL: none), set by the runtime before
	 * MiniportInitializeEx, and what the miniport connected to it. */
	struct device *device;
	uint64_t mmio_base;
	uint32_t mmio_length;
	uint32_t interrupt_vector;
	struct ndis_interrupt *interrupt;     /* NdisMRegisterInterruptEx */
	atomic_uint_fast64_t isr_calls, dpc_calls, error_log_entries;
	/* Added for issue 11: registration attributes' CheckForHangTimeInSeconds
	 * (src/ndis/adapter.c; the runtime's hang check, spec §13), the
	 * revision of the general attributes' PowerManagementCapabilitiesEx (0:
	 * none), the receive-throttle budget the runtime gives an NDIS 6.20+
	 * MiniportInterruptDPC (src/ndis/interrupt.c) and what the DPCs did. */
	UINT check_for_hang_s;
	uint8_t pm_caps_revision;
	NDIS_PM_CAPABILITIES pm_caps;
	uint32_t throttle_budget;
	atomic_uint_fast64_t dpc_requeues, throttle_exceeded, dpc_nbls_indicated;
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

/* io.c (issue 6): frees the machine's table of register windows mapped
 * by NdisMMapIoSpace (kernel->io_space); call before kernel_destroy. */
void ndis_io_space_destroy(struct kernel *k);

/* interrupt.c (issue 11): counts NBLs indicated from inside a's throttled
 * MiniportInterruptDPC on this thread (facts §6.10); nothing elsewhere. */
void ndis_interrupt_count_indicated(struct ndis_adapter *a, ULONG nbls);
/* error_log.c: "NDIS_ERROR_CODE_HARDWARE_FAILURE" for 0xC000138A, or NULL. */
const char *ndis_error_code_name(NDIS_ERROR_CODE code);

/* IRQL check shared by every entry point: returns true when the current
 * IRQL satisfies min <= irql <= max; otherwise reports IRQL (spec §9). */
bool ndis_check_irql(struct kernel *k, const char *api, uint8_t min,
		     uint8_t max, const void *site);

#endif
