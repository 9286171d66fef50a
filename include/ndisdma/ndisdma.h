/* ndisdma.h — ndisdma's own API: a machine that hosts NDIS miniports.
 *
 * A machine owns everything (platform, verifier, DPC/work threads, drivers,
 * adapters); two machines in one process never share state.  Miniports
 * never include this header: they see only <ndis.h> (include/wdk).
 */
#ifndef NDISDMA_NDISDMA_H
#define NDISDMA_NDISDMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ndisdma_machine;
struct ndisdma_driver;
struct ndisdma_adapter;
struct ndisdma_bugcheck;

struct ndisdma_stuck;
/* A host's answer to a stuck seeded run (ndisdma_set_stuck_handler). */
typedef void (*ndisdma_stuck_handler)(struct ndisdma_machine *m,
				      const struct ndisdma_stuck *st, void *ctx);
/* A host's answer to a driver's KeBugCheckEx (ndisdma_set_bugcheck_handler). */
typedef void (*ndisdma_bugcheck_handler)(struct ndisdma_machine *m,
					 const struct ndisdma_bugcheck *bc, void *ctx);

enum ndisdma_platform { NDISDMA_PLATFORM_SIM = 0, NDISDMA_PLATFORM_HOST = 1 };
enum ndisdma_layout {
	NDISDMA_LAYOUT_CONTIGUOUS = 0,
	NDISDMA_LAYOUT_SCATTERED = 1,
	NDISDMA_LAYOUT_HIGH = 2,
	NDISDMA_LAYOUT_MIXED = 3,
};
enum ndisdma_verifier_level {
	NDISDMA_VERIFIER_OFF = 0,
	NDISDMA_VERIFIER_STANDARD = 1,
	NDISDMA_VERIFIER_FULL = 2,
};
enum ndisdma_stress {
	NDISDMA_STRESS_DEFER = 1u << 0,
	NDISDMA_STRESS_SPLIT = 1u << 1,
	NDISDMA_STRESS_BOUNCE = 1u << 2,
};
enum ndisdma_fault_mode {
	NDISDMA_FAULT_NONE = 0,
	NDISDMA_FAULT_NTH = 1,
	NDISDMA_FAULT_PROBABILITY = 2,
};

/* spec §11 DMA remapping (docs/run.md "IOMMU"): off, or every device
 * address a miniport sees is an IOVA of a per-adapter domain; strict
 * invalidates at unmap, lazy batches invalidations in a flush queue. */
enum ndisdma_iommu {
	NDISDMA_IOMMU_OFF = 0,
	NDISDMA_IOMMU_STRICT = 1,
	NDISDMA_IOMMU_LAZY = 2,
};

enum ndisdma_sched {
	NDISDMA_SCHED_THREADS = 0,
	NDISDMA_SCHED_SEEDED = 1,
	NDISDMA_SCHED_PCT = 2,
};

struct ndisdma_config {
	uint64_t seed;
	enum ndisdma_platform platform;
	enum ndisdma_layout layout;
	enum ndisdma_verifier_level verifier;
	unsigned stress;                 /* NDISDMA_STRESS_* */
	enum ndisdma_fault_mode fault_mode;
	uint64_t fault_nth;
	double fault_probability;
	bool stop_on_first;
	uint32_t map_register_lists;     /* spec §6 default 64 */
	uint32_t map_register_cap;       /* spec §6 default 4096 pages */
	/* spec §11 platform host (docs/run.md "Platforms"): bytes of memory
	 * below 4 GiB it reserves for 32-bit channels without an IOMMU (0:
	 * 32 MiB; at most 64 MiB), gathered at machine create when
	 * host_reserve_now (a shortfall then fails the create with the
	 * reason), else when a block below 4 GiB is first needed */
	uint64_t host_reserve;
	bool host_reserve_now;
#define NDISDMA_HOST_RESERVE_DEFAULT (32ull << 20)
#define NDISDMA_HOST_RESERVE_MAX (64ull << 20)
	FILE *log;                       /* lifecycle narration; NULL = quiet */
	FILE *report_text;               /* verifier text; default stderr */
	FILE *report_json;               /* verifier JSON lines; NULL = none */
	/* how long the runtime waits for NdisMResetComplete after a
	 * pended MiniportResetEx before reporting RESET-HUNG (0: 10000 ms), and
	 * MaxNblsToIndicate for NDIS 6.20+ MiniportInterruptDPCs (0: 64;
	 * 0xFFFFFFFF: NDIS_INDICATE_ALL_NBLS). */
	uint32_t reset_timeout_ms;
	uint32_t receive_throttle;
	/* spec §9, docs/scheduling.md: how the machine's contexts run.
	 * THREADS (the default here): free-running host threads; SEEDED: one
	 * at a time in an order drawn from the seed, on a virtual clock;
	 * PCT: randomized priorities with pct_depth - 1 change points drawn
	 * from the first pct_steps switch points (0: 200000). */
	enum ndisdma_sched sched;
	uint32_t pct_depth;
	uint64_t pct_steps;
	/* spec §11: DMA remapping for every adapter's device (default off) */
	enum ndisdma_iommu iommu;
};

/* spec §11: what the platform did (docs/run.md "Platforms"). */
struct ndisdma_platform_stats {
	bool real_frames;            /* host: device addresses are the PFNs */
	uint64_t frames_mapped;      /* VA pages with a frame now */
	uint64_t pagemap_reads;      /* host: /proc/self/pagemap entries read */
	uint64_t pinned_pages;       /* host: pages locked now */
	uint64_t reserve_pages;      /* host: pages below 4 GiB reserved */
	uint64_t reserve_free;       /* of them, in no block now */
};

/* Fills the defaults (seed 1, sim, contiguous, standard, no stress). */
void ndisdma_config_init(struct ndisdma_config *config);

/* 0, or a negative errno; a one-line reason goes to err (may be NULL). */
int ndisdma_machine_create(const struct ndisdma_config *config,
			   struct ndisdma_machine **out, char *err, size_t errlen);
/* The platform's counters.  Frames are read once per page, never per
 * packet: pagemap_reads does not grow with the frames sent. */
void ndisdma_platform_stats(const struct ndisdma_machine *m,
			    struct ndisdma_platform_stats *s);
/* Why the platform last refused something (a block below 4 GiB, a page it
 * could not pin: what the kernel refused and which option helps), copied
 * into buf; "" when nothing was refused.  Returns its length. */
size_t ndisdma_platform_why(const struct ndisdma_machine *m, char *buf, size_t len);
/* Halts and unloads whatever is still loaded, then frees the machine. */
void ndisdma_machine_destroy(struct ndisdma_machine *m);

/* Moves the machine's clock forward by ms milliseconds at once: its
 * interrupt time, tick count (KeQueryTickCount) and performance counter.
 * A host starting several adapters does this between them, as time passes
 * between the device starts of a PnP manager (docs/run.md "Several
 * adapters"); timers and waits are not affected. */
void ndisdma_machine_advance_time(struct ndisdma_machine *m, uint64_t ms);
/* Under --sched seeded or pct: a hash of every scheduling decision and
 * clock jump so far (the same seed and inputs give the same value); 0
 * under threads.  Switches: how many times the running context changed. */
uint64_t ndisdma_trace_hash(const struct ndisdma_machine *m);
uint64_t ndisdma_sched_switches(const struct ndisdma_machine *m);
/* The process exit status when the seeded scheduler finds the run stuck
 * (every context blocked for good, or one spinning on what nothing will
 * change): a STUCK report is recorded and the report streams flushed
 * first (docs/verifier-rules.md).  Then the machine's stuck handler runs,
 * on the context that found the run stuck, every other context parked for
 * good; it may write what it needs (a summary, SARIF: the STUCK report is
 * among the machine's reports) and must end the process; without one, or
 * if it returns, the process exits with NDISDMA_EXIT_STUCK.  `ndisdma run`
 * installs one that writes its summary, --json and SARIF and exits 8.  A
 * handler that waits for what a parked context holds ends the process at
 * once (exit 8). */
#define NDISDMA_EXIT_STUCK 8
struct ndisdma_stuck {
	const char *reason;         /* why no schedule can go on */
	const char *site;           /* the waiting (or spinning) driver call,
				     * "module!symbol+0xN", or "" */
};
/* fn NULL restores the default. */
void ndisdma_set_stuck_handler(struct ndisdma_machine *m, ndisdma_stuck_handler fn,
			       void *ctx);

/* Makes the calling thread work for machine m (for threads the machine did
 * not create that call the NDIS API, e.g. test threads).  Returns the
 * previous machine of this thread (NULL if none). */
struct ndisdma_machine *ndisdma_thread_enter(struct ndisdma_machine *m);

/* ---- drivers ------------------------------------------------------------ */

/* The DriverEntry of a miniport (DRIVER_INITIALIZE). */
typedef int32_t (*ndisdma_driver_entry)(void *driver_object, void *registry_path);

/* Loads PATH.so (dlopen, DriverEntry) and runs DriverEntry.  On failure a
 * one-line reason (missing file, not a shared object, no DriverEntry,
 * DriverEntry status, registration refused ...); when the driver imports
 * names ndisdma does not provide, a first line "PATH: N names ndisdma does
 * not provide:" and one line per name with its family (docs/run.md
 * "Missing names"; give errlen room for them). */
int ndisdma_driver_load(struct ndisdma_machine *m, const char *path,
			struct ndisdma_driver **out, char *err, size_t errlen);
/* Same for a miniport linked into the process. */
int ndisdma_driver_load_builtin(struct ndisdma_machine *m, const char *name,
				ndisdma_driver_entry entry,
				struct ndisdma_driver **out, char *err, size_t errlen);
/* Calls MiniportDriverUnload (adapters must be halted) and forgets it. */
void ndisdma_driver_unload(struct ndisdma_driver *d);

/* ---- for test miniports ---------------------------------------------------- */

/* The scriptable test device (src/device/test_device.h): the device of the
 * adapter performs one DMA access of Length bytes at Address, a read of
 * memory or (DeviceWrites) a write, checked by the verifier's DMA rules.
 * NDIS_STATUS_SUCCESS (0), or NDIS_STATUS_FAILURE when it faulted.  Test
 * miniports written only against <ndis.h> declare it themselves
 * (tests/verifier_miniports/vm.h); it is exported for them. */
int32_t NdisdmaTestDeviceDma(void *MiniportAdapterHandle, uint64_t Address,
			     uint32_t Length, uint8_t DeviceWrites);

/* ---- adapters (spec §13 state machine) ------------------------------------ */

struct ndisdma_adapter_params {
	const char *name;
	/* device resources passed in AllocatedResources (0: none) */
	uint64_t mmio_base;
	uint32_t mmio_length;
	uint32_t interrupt_vector;
	/* configuration keywords NdisReadConfiguration sees: "Key=Value"
	 * strings ("Sub\\Key=Value" in a subkey), NULL-terminated (NULL:
	 * none), e.g. "DmaBits=32".  They seed the configuration the machine
	 * keeps for this driver and adapter name the first time it is
	 * initialized; later initializations under the same name see that
	 * configuration, with what the miniport wrote (docs/run.md).  A
	 * keyword without '=' or with an empty name segment: -EINVAL. */
	const char *const *params;
	/* Device model behind the resources.  device: "virtio-net",
	 * or NULL for none.  With a device and mmio_length 0 the runtime picks
	 * the window (PA 0xFE000000 + 0x1000 * n, length 0x200) and vector.
	 * backend: "loopback" (default), "pcap:FILE" or "tap:NAME".
	 * dma_bits: the device's DMA reach, 32 or 64 (0: 64).  mac: NULL picks
	 * 02:00:00:00:00:01 + n.  queue_size: virtqueue QueueNumMax (0: 256). */
	const char *device;
	const char *backend;
	unsigned dma_bits;
	const uint8_t *mac;
	uint16_t queue_size;
};

/* MiniportInitializeEx -> Paused.  On failure HaltEx is not called and
 * every resource the driver took is reported (RES-LEAK) and reclaimed. */
int ndisdma_adapter_initialize(struct ndisdma_driver *d,
			       const struct ndisdma_adapter_params *params,
			       struct ndisdma_adapter **out, char *err, size_t errlen);
/* MiniportRestart (waits for NdisMRestartComplete when pended) -> Running,
 * then sets the packet filter and reads the MAC address by OID. */
int ndisdma_adapter_restart(struct ndisdma_adapter *a, char *err, size_t errlen);
/* MiniportPause (waits for NdisMPauseComplete when pended) -> Paused. */
int ndisdma_adapter_pause(struct ndisdma_adapter *a, char *err, size_t errlen);
/* MiniportHaltEx; HALT-DMA-LEAK and RES-LEAK reported and reclaimed. */
void ndisdma_adapter_halt(struct ndisdma_adapter *a);

/* ---- reset and hang detection (docs/run.md "Resets") -------------
 * MiniportResetEx at DISPATCH_LEVEL with no sends reaching the miniport
 * while it runs (sends wait; nothing in flight is aborted).  A pended reset
 * is waited for (config reset_timeout_ms, then RESET-HUNG).  With
 * AddressingReset the packet filter and multicast list last set are sent
 * again.  An NDIS 6.30+ miniport that completes the reset with sends still
 * outstanding is reported (RESET-SENDS).  NDIS_STATUS_HARD_ERRORS (or a reset
 * that never completed) marks the adapter failed (ndisdma_adapter_failed).
 * 0; -EINVAL when the adapter is not running; -ENOTSUP without a
 * MiniportResetEx. */
struct ndisdma_reset_outcome {
	int32_t status;            /* final NDIS_STATUS (PENDING: never completed) */
	bool pended;               /* MiniportResetEx returned PENDING */
	bool addressing_reset;
	bool oids_resent;          /* filter and multicast list sent again */
	uint64_t sends_outstanding;/* NBLs the miniport held at completion */
};
int ndisdma_adapter_reset(struct ndisdma_adapter *a, const char *why,
			  struct ndisdma_reset_outcome *out);
/* One hang check, as the runtime's periodic check (every
 * CheckForHangTimeInSeconds, 0: 2 s, while the adapter runs) does:
 * MiniportCheckForHangEx at PASSIVE_LEVEL, and an OID request outstanding
 * across two consecutive checks; either resets the adapter.  Returns 1 when
 * it reset, 0 when not, -EINVAL when the adapter is not running. */
int ndisdma_adapter_check_for_hang(struct ndisdma_adapter *a);
/* True after a reset failed (HARD_ERRORS, or never completed). */
bool ndisdma_adapter_failed(const struct ndisdma_adapter *a);

/* Synchronous OID query/set through MiniportOidRequest (waits when
 * pended).  Returns the NDIS_STATUS. */
int32_t ndisdma_adapter_oid(struct ndisdma_adapter *a, bool set, uint32_t oid,
			    void *buffer, uint32_t length, uint32_t *bytes_done);

/* ---- traffic seen above the miniport ---------------------------------------
 * NdisMSendNetBufferListsComplete and NdisMIndicateReceiveNetBufferLists end
 * here.  Without a callback the runtime only counts: completed sends are
 * dropped, received NBLs are returned to the miniport at once
 * (MiniportReturnNetBufferLists) unless the indication carried
 * NDIS_RECEIVE_FLAGS_RESOURCES.  A callback that keeps received NBLs gives
 * them back with ndisdma_adapter_return_nbls.  nbls are PNET_BUFFER_LIST. */
struct ndisdma_traffic_ops {
	void (*send_complete)(void *ctx, void *nbls, uint32_t flags);
	/* Return true when the callback keeps the NBLs (it must return them
	 * later); false lets the runtime return them now. */
	bool (*receive)(void *ctx, void *nbls, uint32_t count, uint32_t flags);
};
void ndisdma_adapter_set_traffic(struct ndisdma_adapter *a,
				 const struct ndisdma_traffic_ops *ops, void *ctx);
/* Calls MiniportReturnNetBufferLists for NBLs a receive callback kept. */
void ndisdma_adapter_return_nbls(struct ndisdma_adapter *a, void *nbls);

/* MiniportCancelSend(CancelId), as NDIS calls it when a protocol cancels the
 * sends it marked with NDIS_SET_NET_BUFFER_LIST_CANCEL_ID: the miniport
 * completes those it still holds with NDIS_STATUS_SEND_ABORTED (through
 * the send_complete callback).  0; -EINVAL when the adapter is not running,
 * pausing or paused (or cancel_id is NULL); -ENOTSUP without a
 * CancelSendHandler. */
int ndisdma_adapter_cancel_send(struct ndisdma_adapter *a, void *cancel_id);

#ifdef __cplusplus
}
#endif

/* the rest of the API, one header per idea */
#include "ndisdma/ndisdma_observe.h"
#include "ndisdma/ndisdma_traffic.h"
#include "ndisdma/ndisdma_reports.h"

#endif
