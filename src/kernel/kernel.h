/* kernel.h — the simulated OS services of one machine: per-thread IRQL,
 * tagged handles, DPC and work-item threads, seeded randomness, fault
 * injection and counters.  Everything above (hal, ndis, runtime) reaches
 * the machine through a struct kernel; there is no process-wide state
 * (spec §9, STYLE.md "two machines in one process").
 */
#ifndef NDISDMA_KERNEL_H
#define NDISDMA_KERNEL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/ksched.h"

struct verifier;
struct platform;

/* ---- IRQL (spec §9) ---------------------------------------------------- */

enum {
	KIRQL_PASSIVE = 0,
	KIRQL_APC = 1,
	KIRQL_DISPATCH = 2,
	KIRQL_DEVICE = 5,
	KIRQL_HIGH = 15,
};

struct iommu_cpu;

/* Per-thread state: which machine this thread works for, and its IRQL. */
struct kthread {
	struct kernel *kernel;
	uint8_t irql;
	uint8_t in_dpc;
	/* src/iommu's cache of this context's processor state
	 * (iova_cache.c): the domain it used last (its id, 0: none) and
	 * that domain's state of the processor.  Here, beside the IRQL, so
	 * a map or unmap reaches it with the one TLS address the packet's
	 * path already has; put aside while a DPC runs (kqueue.c), as a DPC
	 * runs on its target processor. */
	uint64_t iommu_domain;
	struct iommu_cpu *iommu_cpu;
};

extern __thread struct kthread kthread_self
	__attribute__((tls_model("initial-exec")));

static inline uint8_t kernel_irql(void) { return kthread_self.irql; }
static inline void kernel_set_irql(uint8_t irql) { kthread_self.irql = irql; }
static inline struct kernel *kernel_current(void) { return kthread_self.kernel; }
/* Returns the previous kernel so callers can restore it. */
struct kernel *kernel_enter(struct kernel *k);

/* ---- counters ----------------------------------------------------------
 * Tests assert on these (fast path: allocations and lock acquisitions
 * unchanged across many round trips).  Relaxed atomics.
 */
struct kernel_stats {
	atomic_uint_fast64_t allocations;      /* every kernel_alloc() */
	atomic_uint_fast64_t frees;
	atomic_uint_fast64_t lock_acquisitions;/* every klock_acquire() */
	atomic_uint_fast64_t dpcs_run;
	atomic_uint_fast64_t work_items_run;
	atomic_uint_fast64_t faults_injected;
	atomic_uint_fast64_t fault_points_seen;/* calls to kernel_fault() */
};

/* ---- fault injection (spec §10 --fault) -------------------------------- */

enum fault_mode { FAULT_NONE, FAULT_NTH, FAULT_PROBABILITY };

struct fault_config {
	enum fault_mode mode;
	uint64_t nth;        /* FAULT_NTH: fail the nth call (1-based) */
	double probability;  /* FAULT_PROBABILITY */
};

/* ---- configuration ----------------------------------------------------- */

struct kernel_config {
	uint64_t seed;
	int verifier_level;      /* enum vf_level */
	unsigned stress;         /* KERNEL_STRESS_* */
	struct fault_config fault;
	uint32_t map_register_lists;  /* spec §6: 64 concurrent maximal lists */
	uint32_t map_register_cap;    /* spec §6: 4096 pages */
	/* records per SG channel (outstanding lists, a power of two; 0:
	 * 4096, src/ndis/sg_records.c): the fuzz targets register a channel
	 * per input and use a small table (docs/fuzzing.md) */
	uint32_t sg_records;
	/* the pool table's records for a full tombstone ring are made with
	 * the table (src/wdm/ex_pool_table.c), so a machine that allocates
	 * and frees pool blocks over and over (fuzz_device, one adapter per
	 * input) mallocs no more than it frees from its first input on: a
	 * fuzzing engine's leak check (libFuzzer: an input with more mallocs
	 * than frees is run again under LeakSanitizer) stays quiet */
	bool pool_prefill;
	/* kernel_free keeps small blocks for kernel_alloc and kernel_zalloc
	 * to hand out again (struct kernel_cache): only on a solo machine's
	 * thread and never under a sanitizer.  fuzz_device sets it: an
	 * adapter per input allocates and frees a few hundred NBLs, MDLs and
	 * records, and glibc's calloc never takes its thread cache */
	bool object_cache;
	/* a STUCK run ends with abort() instead of _exit(8), so a fuzzing
	 * engine records the input as a crash (docs/fuzzing.md) */
	bool stuck_abort;
	void *trace_file;             /* FILE * for lifecycle narration, or NULL */
	uint32_t processors;          /* processors drivers see (0: 4) */
	/* spec §9 --sched: threads (0), seeded or pct (src/kernel/ksched.h) */
	int sched_mode;               /* enum ksched_mode */
	uint32_t pct_depth;
	uint64_t pct_steps;
	/* spec §11 --iommu: enum iommu_mode (src/iommu/iommu.h), 0 = off.
	 * On: every adapter's device drives IOVAs of its own domain, and the
	 * calls that hand out physical addresses note them (pa_origin.h). */
	int iommu_mode;
};

enum {
	KERNEL_STRESS_DEFER = 1u << 0,
	KERNEL_STRESS_SPLIT = 1u << 1,
	KERNEL_STRESS_BOUNCE = 1u << 2,
};

/* ---- deferred procedure calls and work items --------------------------
 * Intrusive: the caller owns the item, so queueing never allocates.
 * DPCs run on the machine's DPC thread at DISPATCH_LEVEL, work items on
 * its work thread at PASSIVE_LEVEL, both in FIFO order (a KDPC of high
 * importance goes to the head: src/kernel/kdpc.c).  The layout lets a
 * KDPC embed an item in its first 24 bytes (src/kernel/kdpc.h).
 */
struct kqueue_item {
	uint32_t embedder;       /* never touched by the queue */
	atomic_int queued;       /* non-zero from queueing until it runs */
	struct kqueue_item *next;
	void (*fn)(struct kqueue_item *item);
};

struct kqueue;

/* Returns false if the item was already queued (nothing happens). */
bool kernel_queue_dpc(struct kernel *k, struct kqueue_item *item);
bool kernel_queue_work(struct kernel *k, struct kqueue_item *item);
/* Block until every DPC and work item queued so far has run. PASSIVE only. */
void kernel_flush(struct kernel *k);

/* ---- locks -------------------------------------------------------------
 * Internal lock: a pthread mutex that counts acquisitions.
 */
struct klock {
	pthread_mutex_t mutex;
	struct kernel *kernel;
};

void klock_init(struct klock *l, struct kernel *k);
void klock_destroy(struct klock *l);
void klock_acquire(struct klock *l);
void klock_release(struct klock *l);

/* ---- tagged handles (spec §4: stale, foreign and garbage handles are
 * detected on every call, never dereferenced blindly) ------------------- */

enum handle_type {
	HANDLE_NONE = 0,
	HANDLE_DRIVER,
	HANDLE_ADAPTER,
	HANDLE_DMA,
	HANDLE_NBL_POOL,
	HANDLE_NB_POOL,
	HANDLE_WORK_ITEM,
	HANDLE_TIMER,
	HANDLE_INTERRUPT,
	HANDLE_DEVICE_OBJECT,   /* src/wdm/io_irp.c: PDEVICE_OBJECT */
	HANDLE_IRP,             /* src/wdm/io_irp.c: PIRP */
	HANDLE_KOBJECT,         /* src/wdm/ob_object.c: a thread (event) object's handle */
	HANDLE_RW_LOCK,         /* src/ndis/rwlock_ex.c: NdisAllocateRWLock */
	HANDLE_TYPE_COUNT,
};

enum handle_error {
	HANDLE_OK = 0,
	HANDLE_GARBAGE,   /* not a handle at all */
	HANDLE_FOREIGN,   /* a handle of another machine */
	HANDLE_STALE,     /* released, or its slot was reused */
	HANDLE_WRONG_TYPE,
};

const char *handle_error_name(enum handle_error e);

/* Returns the opaque handle value, or NULL when the table is full. */
void *kernel_handle_new(struct kernel *k, enum handle_type type, void *object);
/* Looks a handle up; on failure returns NULL and sets *err. */
void *kernel_handle_lookup(struct kernel *k, const void *handle,
			   enum handle_type type, enum handle_error *err);
void kernel_handle_retire(struct kernel *k, const void *handle);
/* Number of live handles (for pools-at-baseline checks). */
uint32_t kernel_live_handles(struct kernel *k);
/* The first live object of `type` for which match(obj,
 * ctx) is true (called under the handle lock: match must not call back
 * into the handle table), or NULL. */
void *kernel_handle_find(struct kernel *k, enum handle_type type,
			 bool (*match)(void *object, void *ctx), void *ctx);


/* ---- resource tracking ------------------------------------------------
 * Every resource a driver takes (memory, MDLs, pools, work items, timers,
 * shared memory, interrupts, ...) is linked into its owner's list, so a
 * halt or a failed initialization reports and reclaims what is left.
 * Intrusive: the resource embeds its struct kres.
 */
struct kres_list;

struct kres {
	struct kres *prev, *next;
	struct kres_list *list;
	const char *kind;        /* "memory", "mdl", "nbl-pool", ... */
	const void *site;        /* miniport call site that allocated it */
	size_t size;
	/* Frees the resource (called without the list lock, after unlink). */
	void (*reclaim)(struct kres *r);
};

struct kres_list {
	pthread_mutex_t lock;    /* kmutex_lock (ksched.h) of k */
	struct kernel *k;        /* the machine whose resources these are (NULL: none) */
	struct kres head;
	size_t count;
};

void kres_list_init(struct kres_list *l, struct kernel *k);
void kres_list_destroy(struct kres_list *l);
void kres_add(struct kres_list *l, struct kres *r, const char *kind,
	      const void *site, size_t size, void (*reclaim)(struct kres *));
void kres_remove(struct kres *r);
/* Unlinks every resource, calls report(r, ctx) then r->reclaim(r).
 * Returns how many there were. */
size_t kres_reclaim_all(struct kres_list *l,
			void (*report)(struct kres *r, void *ctx), void *ctx);

/* ---- debug output and bug checks (src/wdm/dbg_print.c,
 * ke_bugcheck.c; docs/debug.md) ------------------------------------------
 * The DbgPrint filter (facts §7): a message of level mask L from component
 * C is printed when L & (component_mask[C] | system_mask) != 0.  Component
 * ids past the table use the system mask alone.  ndisdma's default system
 * mask is all ones (every message shown); Windows' is 0x1 (errors). */
#define KERNEL_DBG_COMPONENTS 256
#define KERNEL_DBG_DEFAULT_MASK 0xFFFFFFFFu

struct kernel_bugcheck {
	uint32_t code;
	uint64_t parameters[4];
	const void *call_site;      /* the driver's KeBugCheckEx call */
};

/* The process exit status when a bug check ends a run and no host handler
 * does (NDISDMA_EXIT_BUGCHECK in include/ndisdma/ndisdma.h). */
#define KERNEL_BUGCHECK_EXIT 7
/* The process exit status when the seeded scheduler finds the run stuck
 * (STUCK; NDISDMA_EXIT_STUCK). */
#define KERNEL_STUCK_EXIT 8

/* Installed by the host (ndisdma_set_bugcheck_handler); must not return. */
typedef void (*kernel_bugcheck_fn)(void *ctx, const struct kernel_bugcheck *bc);

/* A stuck seeded run (STUCK, src/kernel/ksched_wait.c): why, and the
 * waiting or spinning driver call site the report names (may be NULL). */
struct kernel_stuck {
	const char *why;
	const void *call_site;
};
/* Installed by the host (ndisdma_set_stuck_handler); must not return. */
typedef void (*kernel_stuck_fn)(void *ctx, const struct kernel_stuck *st);
/* Ends a stuck run once its STUCK report is made and flushed: the host's
 * handler, if any (it writes its summary and SARIF and ends the process),
 * else, or if it returns, _exit(KERNEL_STUCK_EXIT).  Called on the task
 * that found the run stuck, the scheduler's lock released, that task
 * holding the baton: no other context of the machine runs again.
 * src/kernel/kstuck.c. */
_Noreturn void kernel_stuck_end(struct kernel *k, const struct kernel_stuck *st);

struct kernel_debug {
	_Atomic uint32_t system_mask;
	_Atomic uint32_t component_mask[KERNEL_DBG_COMPONENTS];
	_Atomic(kernel_bugcheck_fn) bugcheck;
	_Atomic(void *) bugcheck_ctx;
	atomic_flag bugchecking;    /* the first KeBugCheckEx of the machine */
	_Atomic(kernel_stuck_fn) stuck;
	_Atomic(void *) stuck_ctx;
	/* WPP tracing (src/wdm/wpp_trace.c, docs/wpp.md): the session level
	 * and flags WPP_INIT_TRACING gives the driver's control blocks.
	 * 0/0 (the default): no session, nothing traced. */
	_Atomic uint32_t wpp_level;
	_Atomic uint32_t wpp_flags;
};

/* ---- the machine's kernel --------------------------------------------- */

/* kernel_config.object_cache: freed blocks of up to 1 KiB, by the
 * allocator's usable size in 16-byte classes (src/kernel/kalloc.c), each
 * a LIFO list linked through the blocks' first word.  Touched only by
 * the solo machine's thread (ksched_solo), so no lock; kernel_destroy
 * frees what is kept. */
#define KERNEL_CACHE_CLASSES 64
struct kernel_cache {
	void *head[KERNEL_CACHE_CLASSES + 1];
	size_t bytes;               /* kept, at most KERNEL_CACHE_BYTES */
};

struct kernel {
	struct kernel_config config;
	struct verifier *verifier;
	struct platform *platform;
	struct kernel_stats stats;
	uint8_t id;                 /* distinguishes machines in handles */
	struct kernel_cache cache;  /* config.object_cache */

	/* seeded randomness: splitmix64 state, under rng_lock */
	pthread_mutex_t rng_lock;
	uint64_t rng_state;

	/* fault injection */
	atomic_uint_fast64_t fault_counter;
	const char *last_fault_site;

	struct kqueue *dpc_queue;
	struct kqueue *work_queue;

	/* handle table */
	pthread_mutex_t handle_lock;    /* kmutex_lock (ksched.h): new and retire */
	struct handle_slot *handles;
	uint32_t handle_capacity;
	uint32_t handle_free_head;
	_Atomic uint32_t handles_live;   /* kernel_live_handles: counted, not scanned */

	/* For the verifier: the live device-visible mappings
	 * (src/verifier/dma_track.h); only at verifier level full, else NULL. */
	struct dma_track *dma_track;
	/* spec §11: the physical addresses calls handed out, per page, for
	 * DMA-NOT-REMAPPABLE (src/verifier/pa_origin.h); only with the IOMMU
	 * on (config.iommu_mode), else NULL. */
	struct pa_origins *pa_origins;

	/* Register windows and I/O port ranges (src/ndis/io.c, ports.c),
	 * created on first use, freed by ndis_io_space_destroy()
	 * (src/ndis/ndis_internal.h). */
	_Atomic(struct io_space *) io_space;
	/* NdisGeneratePartialCancelId (src/ndis/cancel_id.c): the last
	 * partial cancel id handed out on this machine. */
	atomic_uint partial_cancel_id;

	/* The kernel executive's clock, processors, timer
	 * queue, objects and system threads (src/kernel/kexec.h). */
	struct kexec *exec;
	/* The machine's pool (src/wdm/wdm_pool.h): every
	 * pool, MDL and contiguous block and lookaside list of its drivers,
	 * created on first use, freed by wdm_machine_destroy(). */
	_Atomic(struct wdm_pool *) wdm_pool;
	/* The DbgPrint filter and the bug-check hook. */
	struct kernel_debug debug;
	/* The seeded scheduler (src/kernel/ksched.h); NULL under threads. */
	struct ksched *sched;
};

int kernel_create(const struct kernel_config *config, struct verifier *vf,
		  struct platform *platform, struct kernel **out);
void kernel_destroy(struct kernel *k);

/* What a driver whose code lies in the module at `image` (a
 * dli_fbase) left behind when it unloads: system threads (THREAD-LEAK),
 * set timers and queued DPCs (TIMER-LEAK) are reported, stopped and
 * cancelled (src/kernel/kunload.c).  False when a thread could not be
 * stopped: the module must then stay loaded. */
bool kernel_driver_unload(struct kernel *k, const void *image);

uint64_t kernel_random(struct kernel *k);           /* from the seed */
uint64_t kernel_random_below(struct kernel *k, uint64_t bound);
/* The stream starts again from the seed, as when the machine was made
 * (a fuzz target's fresh state per input, docs/fuzzing.md). */
void kernel_reseed(struct kernel *k);

/* Every internal allocation point calls this with a stable site name
 * ("sg.storage", "shm.block", ...); true means "fail this allocation".
 * An injected fault is reported (FAULT-INJECTED, a warning naming the site
 * and N); docs/verifier-rules.md "Fault injection points" lists every site
 * (checked against the sources by tests/verifier_docs.cmake). */
bool kernel_fault(struct kernel *k, const char *site);

/* malloc/calloc/free with fault injection and counting. */
void *kernel_alloc(struct kernel *k, size_t size, const char *site);
void *kernel_zalloc(struct kernel *k, size_t size, const char *site);
/* kernel_zalloc for an over-aligned type (align a power of two above
 * malloc's 16, e.g. a cache-line record): freed with kernel_free. */
void *kernel_zalloc_aligned(struct kernel *k, size_t align, size_t size, const char *site);
void kernel_free(struct kernel *k, void *p);
/* Frees the blocks kernel_free kept (kernel_config.object_cache); at the
 * machine's end, once it is no longer solo. */
void kernel_cache_drain(struct kernel *k);

/* One line of lifecycle narration ("  shared memory: 16384 bytes at PA ...")
 * to config.trace_file; nothing when it is NULL. */
void kernel_trace(struct kernel *k, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A statistic of machine k: on a solo machine's thread (ksched_solo) no
 * other thread adds to it, so the add needs no locked instruction (each
 * is a full barrier on x86, a few hundred per fuzz input); readers on
 * other threads still see whole values. */
static inline void kernel_count(const struct kernel *k, atomic_uint_fast64_t *counter,
				uint64_t n)
{
	if (ksched_solo(k))
		atomic_store_explicit(counter,
				      atomic_load_explicit(counter, memory_order_relaxed) + n,
				      memory_order_relaxed);
	else
		atomic_fetch_add_explicit(counter, n, memory_order_relaxed);
}

#endif
