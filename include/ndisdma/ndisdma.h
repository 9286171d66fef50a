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
 * first (docs/verifier-rules.md). */
#define NDISDMA_EXIT_STUCK 8

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
};
void ndisdma_adapter_device_stats(const struct ndisdma_adapter *a,
				  struct ndisdma_device_stats *s);

/* "halted", "initializing", "paused", "restarting", "running", "pausing",
 * "halting" */
const char *ndisdma_adapter_state(const struct ndisdma_adapter *a);

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

/* ---- moving frames: the protocol side above a miniport ----------- */

/* MiniportSendNetBufferLists(nbls) on this thread at PASSIVE_LEVEL, as a
 * protocol's NdisSendNetBufferLists would.  0, or -EINVAL when the adapter
 * is not running (nothing is sent; the NBLs stay the caller's). */
int ndisdma_adapter_send(struct ndisdma_adapter *a, void *nbls);

/* What the SG DMA channel of an adapter delivered since registration. */
struct ndisdma_dma_traffic {
	uint64_t lists;             /* MiniportProcessSGList deliveries */
	uint64_t elements;          /* SG elements in them */
	uint64_t bytes;             /* bytes they covered */
	uint64_t bounced_lists, bounced_bytes;  /* through map registers */
	uint64_t waited;            /* requests queued for map registers */
	uint64_t deferred;          /* callbacks after the allocate returned */
};
void ndisdma_adapter_dma_traffic(const struct ndisdma_adapter *a,
				 struct ndisdma_dma_traffic *t);

/* The traffic harness (src/runtime/traffic.c): sends `frames` test frames
 * of random sizes in random MDL fragmentations (random MDL count, split
 * points, gaps and DataOffset backfill, so CurrentMdlOffset is often not
 * 0), at most `window` in flight, and checks every received frame byte for
 * byte against what its sequence number and the seed say it must be.
 * With a responder IP it also answers ARP requests and ICMP echo requests
 * for that address (a small host above the miniport). */
struct ndisdma_traffic_result;
struct ndisdma_traffic_config {
	uint64_t frames;            /* test frames to send (0: none) */
	uint32_t min_size, max_size;/* frame bytes incl. the Ethernet header */
	uint32_t window;            /* NBLs in flight at most (0: 64) */
	uint32_t batch;             /* NBLs per send call at most (0: 8) */
	uint32_t max_mdls;          /* MDLs per frame at most (0: 8) */
	uint64_t seed;
	bool expect_echo;           /* loopback: every frame must come back once */
	const char *respond_ip;     /* "A.B.C.D" or NULL */
	double duration_s;          /* with no test frames: run this long (0: until *stop) */
	volatile int *stop;         /* set non-zero to end early (may be NULL) */
	uint64_t reset_every;       /* reset the adapter after every N test frames
				       handed to the miniport (0: never) */
	uint64_t pause_every;       /* pause and restart the adapter after every N
				       test frames handed over, frames in flight
				       (0: never) */
	bool halt_in_flight;        /* pause the adapter as soon as the last test
				       frame is handed over, frames still in
				       flight, and return: the caller halts it */
	unsigned progress_ms;       /* 0: no progress callback */
	void (*progress)(void *ctx, const struct ndisdma_traffic_result *r);
	void *progress_ctx;
};

struct ndisdma_traffic_result {
	uint64_t frames_sent, bytes_sent;       /* handed to the miniport */
	uint64_t send_completed, send_failed;   /* NBLs back, non-success status */
	/* of send_failed: completed with a failure status after an injected
	 * fault (--fault) happened while the NBL was with the miniport: the
	 * miniport failing a send for an injected fault is correct, not a
	 * traffic failure (docs/run.md "Exit status") */
	uint64_t send_failed_injected;
	uint64_t frames_received, bytes_received; /* test frames seen again */
	uint64_t mismatches;        /* wrong length or bytes */
	uint64_t duplicates;        /* a test frame seen more than once */
	uint64_t lost_frames;       /* expect_echo: sent, completed, never seen */
	uint64_t lost_completions;  /* NBLs the miniport never completed */
	uint64_t double_completions;/* an NBL completed twice */
	uint64_t frames_indicated;  /* every frame the miniport indicated */
	uint64_t other_frames;      /* indicated, neither a test frame nor answered */
	uint64_t pieces;            /* page pieces of the transmitted MDL chains */
	uint64_t arp_replies, icmp_replies;
	uint64_t in_flight;         /* now (progress) */
	struct ndisdma_dma_traffic dma;
	double seconds;
	uint64_t resets, resets_failed;         /* --reset-every resets */
	uint64_t pauses;            /* pause_every / halt_in_flight pauses */
	/* test frames not back when a pause completed and never seen after:
	 * a miniport may drop what it received while pausing (NDIS's
	 * Pausing state), so these are not lost_frames */
	uint64_t dropped_at_pause;
	uint64_t vlan_sent;         /* test frames sent with 802.1Q NBL info */
	uint64_t vlan_received;     /* test frames received with 802.1Q NBL info */
	uint64_t vlan_mismatches;   /* ... whose tag was not the one sent */
	/* what the harness saw, by destination class (unicast, multicast,
	 * broadcast): sends completed with success, and every frame indicated */
	uint64_t out_pkts[3], out_bytes[3];
	uint64_t in_pkts[3], in_bytes[3];
};

/* Runs on the calling thread until the frames are done (and, with
 * expect_echo, came back) or *stop / duration ends it.  The adapter must
 * be running; its traffic callbacks are taken for the run and cleared
 * after.  0, or -errno with a one-line reason in err. */
int ndisdma_traffic_run(struct ndisdma_adapter *a,
			const struct ndisdma_traffic_config *c,
			struct ndisdma_traffic_result *r, char *err, size_t errlen);

/* ---- hub traffic: frames a miniport moves between its own adapters ------
 * (src/runtime/traffic_hub.c; docs/run.md "Hub traffic").  Test frame seq
 * goes out on adapter (start + seq) mod n (start from the seed) to another
 * adapter's MAC (OID_802_3_CURRENT_ADDRESS, read at restart) drawn from the
 * seed, or, with probability 1/8, to the broadcast address; source the
 * sender's MAC; random MDL chains and 802.1Q NBL info as for
 * ndisdma_traffic_run.  It must be indicated exactly once, intact, on each
 * adapter that should receive it (the destination; every other adapter for
 * a broadcast) and on no other.  Uses frames, min_size, max_size, window,
 * max_mdls and seed of the config. */
#define NDISDMA_HUB_MAX_ADAPTERS 8u
struct ndisdma_hub_adapter_result {
	uint8_t mac[6];
	uint64_t sent;              /* test frames sent on this adapter */
	uint64_t completed, send_failed;
	uint64_t expected;          /* deliveries due here (of successful sends) */
	uint64_t received, bytes_received;  /* intact, once, and due here */
	uint64_t lost;              /* expected, never indicated here */
	uint64_t duplicates;        /* indicated here more than once */
	uint64_t misdelivered;      /* indicated here, due elsewhere */
	uint64_t mismatches;        /* wrong length or bytes */
	uint64_t other;             /* not a test frame */
	uint64_t indicated;         /* every frame indicated here */
};
struct ndisdma_hub_result {
	unsigned adapters;
	uint64_t frames_sent, broadcasts, send_completed, send_failed;
	uint64_t send_failed_injected;   /* as in ndisdma_traffic_result */
	uint64_t expected, received, lost, duplicates, misdelivered, mismatches, other;
	uint64_t in_flight, lost_completions, double_completions;
	uint64_t vlan_sent, vlan_received, vlan_mismatches;
	double seconds;
	struct ndisdma_hub_adapter_result per[NDISDMA_HUB_MAX_ADAPTERS];
};
/* a[0..n-1] running adapters of one driver, 2 <= n <= 8.  0, or -errno
 * with a one-line reason (the result holds what happened until then). */
int ndisdma_hub_run(struct ndisdma_adapter *const *a, unsigned n,
		    const struct ndisdma_traffic_config *c, struct ndisdma_hub_result *r,
		    char *err, size_t errlen);
/* A check failed: a delivery lost, doubled, misdelivered or damaged, a
 * failed send (not put down to an injected fault), an NBL never completed or completed twice, a wrong tag. */
bool ndisdma_hub_failed(const struct ndisdma_hub_result *r);

/* ---- the miniport's own counters (docs/run.md "Statistics") ------
 * OID_GEN_STATISTICS queried from the miniport: the 18 NDIS_STATISTICS_INFO
 * counters in field order (ifInDiscards .. ifHCOutBroadcastOctets). */
#define NDISDMA_STATISTICS_COUNTERS 18
struct ndisdma_statistics {
	int32_t status;             /* of the query */
	bool valid;                 /* a well-formed NDIS_STATISTICS_INFO came back */
	const char *problem;        /* why not (NULL when valid) */
	uint32_t supported;         /* SupportedStatistics */
	uint64_t counter[NDISDMA_STATISTICS_COUNTERS];
};
int32_t ndisdma_adapter_statistics(struct ndisdma_adapter *a, struct ndisdma_statistics *s);
/* "ifHCInUcastPkts" ...; and its NDIS_STATISTICS_FLAGS_VALID_* bit. */
const char *ndisdma_statistics_name(unsigned i);
uint32_t ndisdma_statistics_flag(unsigned i);
/* What the traffic harness saw for counter i; false when the harness cannot
 * see it (discards and errors inside the miniport). */
bool ndisdma_statistics_expected(const struct ndisdma_traffic_result *r, unsigned i,
				 uint64_t *value);
/* Bit i set: counter i is valid, the harness sees it, and they differ. */
uint32_t ndisdma_statistics_disagree(const struct ndisdma_statistics *s,
				     const struct ndisdma_traffic_result *r);

/* ---- verifier reports (spec §10) ------------------------------------------ */

struct ndisdma_report {
	const char *rule;       /* stable id, e.g. "SGL-DOUBLE-FREE" */
	const char *severity;   /* "error" | "warning" */
	const char *windows;    /* closest Windows counterpart or "none" */
	const char *message;    /* one line */
	const char *site;       /* miniport call site, "" if unknown */
	const void *handle, *list, *nb;
	uint64_t address, length;
};

/* Number of reports of `rule` (NULL: all), repeats included. */
uint64_t ndisdma_report_count(const struct ndisdma_machine *m, const char *rule);
uint64_t ndisdma_report_errors(const struct ndisdma_machine *m);
/* The i-th stored report; false past the end. */
bool ndisdma_report_at(const struct ndisdma_machine *m, size_t i,
		       struct ndisdma_report *out);
void ndisdma_reports_clear(struct ndisdma_machine *m);
int ndisdma_reports_write_sarif(const struct ndisdma_machine *m, FILE *out);
/* Text: level, totals, then one line per rule that fired: id, count
 * (repeats included), severity (the text stream printed only the first). */
void ndisdma_reports_print_summary(const struct ndisdma_machine *m, FILE *out);

/* ---- a driver's debug output and bug checks (docs/debug.md) ------
 * DbgPrint, DbgPrintEx, vDbgPrintEx and KdPrint write one line each to the
 * machine's log (config.log; nothing with log NULL).  A message of level
 * mask L (Level 0-31: 1 << Level, else Level itself) from component C is
 * printed when L & (mask of C | the system-wide mask) != 0 (facts §7).
 * Default: system-wide mask 0xFFFFFFFF, every message is shown (Windows'
 * default, 0x1, shows errors only: set it to reproduce that).  component:
 * a DPFLTR component id 0-255 (77 IHVDRIVER, 80 IHVNETWORK, 101 DEFAULT)
 * or NDISDMA_DBGPRINT_SYSTEM.  Returns 0, or -EINVAL for another id. */
#define NDISDMA_DBGPRINT_SYSTEM (-1)
int ndisdma_dbgprint_filter(struct ndisdma_machine *m, int component, uint32_t mask);
/* The mask set for `component` (0 for an id past 255). */
uint32_t ndisdma_dbgprint_mask(const struct ndisdma_machine *m, int component);
/* WPP tracing (docs/wpp.md): the trace session a driver's
 * WPP_INIT_TRACING enables, one level (TRACE_LEVEL_*, 0-255: a message of
 * level <= it) and one flags mask for each of its control GUIDs.
 * Default 0/0: no session, the driver's trace calls print nothing. */
void ndisdma_trace_session(struct ndisdma_machine *m, uint8_t level, uint32_t flags);

/* KeBugCheckEx never returns.  The library prints the STOP line (code and
 * parameters) to stderr and the log, records a BUGCHECK report and flushes
 * the report streams (config.report_text, config.report_json), then calls
 * the machine's bug-check handler on the driver's thread.  A handler may
 * write what it needs (SARIF, a summary) and must end the process (the
 * machine's other threads are still running); without one, or if it
 * returns, the process exits with NDISDMA_EXIT_BUGCHECK.  `ndisdma run`
 * installs one that writes its SARIF file and summary and exits 7. */
#define NDISDMA_EXIT_BUGCHECK 7
struct ndisdma_bugcheck {
	uint32_t code;              /* BugCheckCode */
	uint64_t parameters[4];     /* BugCheckParameter1..4 */
	const char *site;           /* the driver's call, "module!symbol+0xN" */
};
/* fn NULL restores the default. */
void ndisdma_set_bugcheck_handler(struct ndisdma_machine *m, ndisdma_bugcheck_handler fn,
				  void *ctx);

#ifdef __cplusplus
}
#endif
#endif
