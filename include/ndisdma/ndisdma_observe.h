/* ndisdma_observe.h — what a machine and its adapters report: counters, device and
 * IOMMU statistics, the DMA channel, the pools.
 * Part of ndisdma's own API; <ndisdma/ndisdma.h> includes it.
 */
#ifndef NDISDMA_NDISDMA_OBSERVE_H
#define NDISDMA_NDISDMA_OBSERVE_H

#include "ndisdma/ndisdma.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- observations -------------------------------------------------------- */

struct ndisdma_adapter_stats {
	uint64_t send_completes;       /* NdisMSendNetBufferListsComplete calls */
	uint64_t nbls_send_completed;
	uint64_t receive_indications;  /* NdisMIndicateReceiveNetBufferLists calls */
	uint64_t nbls_received;
	uint64_t nbls_returned;        /* MiniportReturnNetBufferLists NBLs */
	uint64_t status_indications;   /* NdisMIndicateStatusEx calls */
	uint64_t oid_requests;
	uint32_t last_status_code;     /* StatusCode of the last indication */
	bool mac_valid;                /* OID_802_3_CURRENT_ADDRESS answered */
	uint8_t mac[6];
	uint64_t nbls_sent;            /* NBLs handed to MiniportSendNetBufferLists */
	uint64_t resets;               /* MiniportResetEx calls */
	uint64_t resets_pended, resets_soft_errors, resets_hard_errors;
	uint64_t resets_in_progress;   /* returned NDIS_STATUS_RESET_IN_PROGRESS */
	uint64_t resets_hung;          /* pended and never completed */
	uint64_t addressing_resets;    /* AddressingReset TRUE: OIDs sent again */
	uint64_t hang_checks;          /* MiniportCheckForHangEx calls */
	uint64_t hang_resets;          /* resets CheckForHang asked for */
	uint64_t oid_hang_resets;      /* resets for an OID stuck across two checks */
	uint32_t packet_filter;        /* last OID_GEN_CURRENT_PACKET_FILTER set */
	uint32_t multicast_count;      /* addresses in the last multicast list set */
	/* task offload (docs/runtime.md "Task offload") */
	bool offload_attributes;       /* the miniport set offload attributes */
	uint64_t offload_oid_sets;     /* offload OIDs the runtime sent */
	uint32_t offload_encapsulation_status;  /* last OID_OFFLOAD_ENCAPSULATION set */
	uint32_t offload_parameters_status;     /* last OID_TCP_OFFLOAD_PARAMETERS set */
	uint64_t offload_config_indications;    /* NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG */
	uint64_t offload_capability_indications; /* ..._HARDWARE_CAPABILITIES */
};
void ndisdma_adapter_stats(const struct ndisdma_adapter *a,
			   struct ndisdma_adapter_stats *s);
/* The device model behind an adapter (zero when it has none). */
struct ndisdma_device_stats {
	bool present;
	uint64_t mmio_base;
	uint32_t mmio_length, interrupt_vector;
	uint64_t tx_frames, tx_bytes;      /* device read from the transmitq */
	uint64_t rx_frames, rx_bytes;      /* device wrote into the receiveq */
	uint64_t rx_dropped, rx_backlog;
	uint64_t interrupts;               /* lines raised */
	uint64_t isr_calls, dpc_calls;     /* MiniportInterrupt / ...DPC runs */
	uint64_t device_errors;            /* device-side faults (NEEDS_RESET) */
	uint64_t backend_tx_frames, backend_rx_frames, backend_errors;
	uint64_t error_log_entries;        /* NdisWriteErrorLogEntry calls */
	/* NDIS 6.20+ receive throttle (facts §6.10) */
	uint32_t throttle_budget;          /* MaxNblsToIndicate given (0: not 6.20+) */
	uint64_t dpc_requeues;             /* DPCs run again for MoreNblsPending */
	uint64_t dpc_nbls_indicated;       /* NBLs indicated inside throttled DPCs */
	uint64_t throttle_exceeded;        /* DPCs that indicated above their budget */
	uint8_t pm_caps_revision;          /* PowerManagementCapabilitiesEx (0: none) */
	/* the driver brought the virtio-net device up (set DRIVER_OK, virtio
	 * 1.1 §3.1.1) at least once; false: a miniport for other hardware */
	bool driver_ok;
};
void ndisdma_adapter_device_stats(const struct ndisdma_adapter *a,
				  struct ndisdma_device_stats *s);

/* "halted", "initializing", "paused", "restarting", "running", "pausing",
 * "halting" */
const char *ndisdma_adapter_state(const struct ndisdma_adapter *a);

/* spec §11, docs/run.md "IOMMU": the machine's IOMMU domains (one per
 * adapter that does DMA), those destroyed so far and those live now. */
struct ndisdma_iommu_stats {
	enum ndisdma_iommu mode;
	uint64_t domains;                  /* domains made */
	uint64_t maps, unmaps;             /* SG lists and shared blocks */
	uint64_t mapped_pages;             /* live now */
	uint64_t flushes;                  /* lazy: flush-queue drains */
	uint64_t cache_hits, cache_misses; /* IOVA allocator's per-CPU caches */
	uint64_t faults;                   /* device accesses refused */
};
void ndisdma_machine_iommu_stats(struct ndisdma_machine *m, struct ndisdma_iommu_stats *s);

struct ndisdma_dma_info {
	bool registered;
	uint8_t revision;
	uint32_t flags;
	uint32_t max_mapping;
	uint32_t sg_list_size;
	uint64_t address_limit;
	uint32_t map_registers;
	void *pdo_override;
};
int ndisdma_adapter_dma_info(const struct ndisdma_adapter *a,
			     struct ndisdma_dma_info *info);

/* Counters a test compares before and after a scenario: every pool and
 * live object count must return to its baseline. */
struct ndisdma_pools {
	uint64_t live_sg_lists;
	uint64_t queued_sg_requests;
	uint64_t live_shared_blocks;
	uint64_t shared_bytes;
	uint64_t map_registers_free;
	uint64_t map_registers_total;
	uint64_t live_driver_resources;   /* memory, MDLs, pools, ... */
	uint64_t live_handles;
	uint64_t internal_allocations;    /* kernel_alloc total */
	uint64_t internal_frees;
	uint64_t lock_acquisitions;
	uint64_t faults_injected;
	uint64_t fault_points_seen;
};
void ndisdma_machine_pools(const struct ndisdma_machine *m, struct ndisdma_pools *p);

#ifdef __cplusplus
}
#endif
#endif
