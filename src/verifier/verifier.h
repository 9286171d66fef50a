/* verifier.h — the DMA verifier: rule catalogue, reports (spec §10).
 *
 * Called from every layer at named check points; calls nothing back.
 * Each report carries a stable rule id, one line, the facts, and the
 * miniport call site.  The first report of each rule is printed, repeats
 * are counted.
 */
#ifndef NDISDMA_VERIFIER_H
#define NDISDMA_VERIFIER_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum vf_level { VF_LEVEL_OFF = 0, VF_LEVEL_STANDARD = 1, VF_LEVEL_FULL = 2 };
enum vf_severity { VF_WARNING = 1, VF_ERROR = 2 };

/* X(enum suffix, rule id, severity, Windows counterpart, meaning)
 * Ids are stable: tests, docs/verifier-rules.md and SARIF use them. */
#define VF_RULES(X) \
	X(REG_CONTEXT, "REG-CONTEXT", VF_ERROR, "none", "NdisMRegisterScatterGatherDma called outside MiniportInitializeEx of this adapter") \
	X(IRQL, "IRQL", VF_ERROR, "bug check 0xE6 P1=0x13; SDV Irql_Gather_DMA_Function", "API called at the wrong IRQL") \
	X(REG_NOT_BUSMASTER, "REG-NOT-BUSMASTER", VF_ERROR, "none (NDIS_STATUS_NOT_SUPPORTED)", "SG DMA registered by an adapter that is not a bus master or an NDIS < 6.0 driver") \
	X(REG_NULL, "REG-NULL", VF_ERROR, "none", "NULL description or handle pointer") \
	X(REG_HEADER, "REG-HEADER", VF_ERROR, "bug check 0x7C P1=0x21", "bad NDIS_OBJECT_HEADER in a description") \
	X(REG_FLAGS, "REG-FLAGS", VF_ERROR, "none", "unknown Flags bits, or HYBRID_DMA with revision 1") \
	X(REG_NO_HANDLER, "REG-NO-HANDLER", VF_ERROR, "none", "ProcessSGListHandler is NULL") \
	X(REG_MAXMAP, "REG-MAXMAP", VF_ERROR, "none", "MaximumPhysicalMapping is 0 or its list size overflows a ULONG") \
	X(REG_TWICE, "REG-TWICE", VF_ERROR, "none", "adapter already has a DMA channel") \
	X(HANDLE, "HANDLE", VF_ERROR, "bug check 0xE6 P1=0x18 (adapter already released)", "bad, stale or foreign handle") \
	X(SGL_BAD_NB, "SGL-BAD-NB", VF_ERROR, "bug check 0xE6 P1=0x21 (zero-length mapping)", "NET_BUFFER cannot be mapped") \
	X(SGL_TOO_LONG, "SGL-TOO-LONG", VF_ERROR, "none", "DataLength exceeds MaximumPhysicalMapping") \
	X(SGL_FLAGS, "SGL-FLAGS", VF_ERROR, "none", "unknown Flags bits in NdisMAllocateNetBufferSGList") \
	X(SGL_TWICE, "SGL-TWICE", VF_ERROR, "none", "NET_BUFFER already has a live SG list on this handle") \
	X(SGL_FREE_UNKNOWN, "SGL-FREE-UNKNOWN", VF_ERROR, "none", "free of a list ndisdma never delivered") \
	X(SGL_DOUBLE_FREE, "SGL-DOUBLE-FREE", VF_ERROR, "bug check 0xE6 P1=0x06", "SG list freed twice") \
	X(SGL_FREE_WRONG_NB, "SGL-FREE-WRONG-NB", VF_ERROR, "none", "SG list freed with a different NET_BUFFER") \
	X(SGL_MODIFIED, "SGL-MODIFIED", VF_ERROR, "none", "SG list changed by the miniport after delivery") \
	X(SHM_NO_DMA, "SHM-NO-DMA", VF_ERROR, "none", "shared memory allocated before the SG DMA channel was registered") \
	X(SHM_FREE_MISMATCH, "SHM-FREE-MISMATCH", VF_ERROR, "none", "NdisMFreeSharedMemory arguments differ from the allocation") \
	X(SHM_DOUBLE_FREE, "SHM-DOUBLE-FREE", VF_ERROR, "bug check 0x7C P1=0x03; 0xE6 P1=0x03", "shared memory freed twice") \
	X(SHM_NO_HANDLER, "SHM-NO-HANDLER", VF_ERROR, "none", "async shared memory without SharedMemAllocateCompleteHandler") \
	X(DEREG_SGL_LEAK, "DEREG-SGL-LEAK", VF_ERROR, "bug check 0xE6 P1=0x0A", "channel deregistered with SG lists outstanding") \
	X(DEREG_PENDING, "DEREG-PENDING", VF_ERROR, "none", "channel deregistered with SG requests still queued") \
	X(DEREG_SHM_LEAK, "DEREG-SHM-LEAK", VF_ERROR, "bug check 0xE6 P1=0x07", "channel deregistered with shared memory outstanding") \
	X(HALT_DMA_LEAK, "HALT-DMA-LEAK", VF_ERROR, "SDV Init_RegisterSG", "MiniportHaltEx returned with the DMA channel registered") \
	X(RES_LEAK, "RES-LEAK", VF_ERROR, "bug check 0x7C P1=0x08..0x0E (resources not released)", "adapter resource not released at halt or failed initialization") \
	X(DMA_UNMAPPED, "DMA-UNMAPPED", VF_ERROR, "bug check 0xE6 P1=0x26", "device accessed an address in no live mapping") \
	X(DMA_AFTER_FREE, "DMA-AFTER-FREE", VF_ERROR, "none", "device accessed a freed SG list") \
	X(DMA_DIRECTION, "DMA-DIRECTION", VF_ERROR, "none", "device wrote a write-to-device list") \
	X(DMA_OVERRUN, "DMA-OVERRUN", VF_ERROR, "bug check 0xE6 P1=0x0F", "device access past an element or shared block") \
	X(DMA_CPU_RACE, "DMA-CPU-RACE", VF_ERROR, "none", "CPU changed transmit data while the device owned it") \
	X(RESET_STRAY, "RESET-STRAY", VF_ERROR, "none (NDIS ignores it or bug-checks)", "NdisMResetComplete without a pended MiniportResetEx") \
	X(RESET_STATUS, "RESET-STATUS", VF_ERROR, "none", "MiniportResetEx or NdisMResetComplete gave a status the reset contract does not allow") \
	X(RESET_HUNG, "RESET-HUNG", VF_ERROR, "none (the reset never ends; the adapter hangs)", "a pended MiniportResetEx never called NdisMResetComplete") \
	X(RESET_SENDS, "RESET-SENDS", VF_ERROR, "none", "an NDIS 6.30+ miniport completed a reset with sends still outstanding") \
	X(ERROR_LOG, "ERROR-LOG", VF_WARNING, "System event log entry (EVENT_NDIS_*)", "the miniport wrote an error-log entry (NdisWriteErrorLogEntry)") \
	X(DMA_NO_BUSMASTER, "DMA-NO-BUSMASTER", VF_ERROR, "none (the DMA never reaches memory: PCI Bus Master Enable is clear)", "device DMA while its PCI Bus Master enable is clear") \
	X(THREAD_LEAK, "THREAD-LEAK", VF_ERROR, "bug check 0xCE DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS", "system thread still running, or its handle or a reference still held, when the driver unloads") \
	X(TIMER_LEAK, "TIMER-LEAK", VF_ERROR, "bug check 0xC7 TIMER_OR_DPC_INVALID", "kernel timer still set, or DPC still queued, when the driver unloads") \
	X(KE_ARG, "KE-ARG", VF_ERROR, "bug checks 0xC MAXIMUM_WAIT_OBJECTS_EXCEEDED, 0x10 SPIN_LOCK_NOT_OWNED, 0x18 REFERENCE_BY_POINTER; exceptions STATUS_MUTANT_NOT_OWNED, STATUS_SEMAPHORE_LIMIT_EXCEEDED", "kernel routine called with an object or argument its documentation forbids") \
	X(POOL_BAD_ALLOC, "POOL-BAD-ALLOC", VF_ERROR, "Driver Verifier bug check 0xC4 P1=0x00 (zero-byte request); 0xC2 BAD_POOL_CALLER (invalid pool type)", "zero-byte pool request or an invalid POOL_TYPE") \
	X(POOL_FREE_BAD, "POOL-FREE-BAD", VF_ERROR, "bug check 0xC2 BAD_POOL_CALLER", "free of an address that is not a live block of that kind: never allocated, inside a block, freed twice, another family or another tag") \
	X(POOL_LEAK, "POOL-LEAK", VF_ERROR, "Driver Verifier bug check 0xC4 P1=0x62", "pool, MDLs or contiguous memory still allocated when the driver unloads") \
	X(LOOKASIDE_LEAK, "LOOKASIDE-LEAK", VF_ERROR, "bug check 0xCE DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS", "lookaside list not deleted before its driver unloads or its memory is freed") \
	X(RWLOCK_MISUSE, "RWLOCK-MISUSE", VF_ERROR, "none (a deadlock or a corrupted lock)", "NDIS read/write lock released when not held, read promoted to write, or freed while held") \
	X(ASSERT_FAILED, "ASSERT-FAILED", VF_ERROR, "assertion breakpoint: the kernel debugger breaks in (NT_ASSERT: int 0x2c, STATUS_ASSERTION_FAILURE)", "an ASSERT, NT_ASSERT or NT_VERIFY of the driver failed (execution goes on)") \
	X(BREAKPOINT, "BREAKPOINT", VF_WARNING, "breakpoint exception (int 3): the debugger breaks in; a bug check without one", "DbgBreakPoint, KdBreakPoint or __debugbreak reached (execution goes on)") \
	X(BUGCHECK, "BUGCHECK", VF_ERROR, "the bug check itself: the system stops", "the driver called KeBugCheckEx or KeBugCheck: the run ends") \
	X(RTL_ARGUMENT, "RTL-ARGUMENT", VF_ERROR, "none (an access violation or silent memory corruption)", "an Rtl routine got an argument its documentation forbids") \
	X(OFFLOAD_CONFIG, "OFFLOAD-CONFIG", VF_ERROR, "none (TCP/IP hands down work the NIC cannot do)", "an offload configuration enables a task the miniport's hardware capabilities do not support") \
	X(OFFLOAD_INDICATE, "OFFLOAD-INDICATE", VF_WARNING, "none (the protocols keep a stale offload configuration)", "an OID_TCP_OFFLOAD_PARAMETERS set succeeded with no NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG indication after it") \
	X(STUCK, "STUCK", VF_ERROR, "none (the system hangs: a deadlock, or a bug check 0x133 DPC_WATCHDOG_VIOLATION for a spin at DISPATCH_LEVEL)", "under the seeded scheduler, a wait no schedule can satisfy or a spin nothing will end: the run ends") \
	X(PAUSE_SENDS, "PAUSE-SENDS", VF_ERROR, "none (NDIS completes the pause; the late send completions reach a protocol that was told the adapter is paused)", "a miniport completed a pause with sends still outstanding") \
	X(IOMMU_FAULT, "IOMMU-FAULT", VF_ERROR, "bug check 0xE6 P1=0x26 (IOMMU-detected DMA violation)", "device access to an IOVA with no live mapping in its IOMMU domain (dropped)") \
	X(DMA_NOT_REMAPPABLE, "DMA-NOT-REMAPPABLE", VF_ERROR, "the driver is not DMA-remapping compatible (DmaRemappingCompatible INF opt-in; Kernel DMA Protection); bug check 0xE6 P1=0x26 when its device faults", "device given a physical address (MmGetPhysicalAddress, an MDL's PFN array, or built by hand) instead of a device address from its SG list or shared memory: it faults behind the IOMMU") \
	X(FAULT_INJECTED, "FAULT-INJECTED", VF_WARNING, "Driver Verifier low resources simulation", "an internal allocation was failed on purpose (--fault)")

enum vf_rule {
#define VF_ENUM(e, id, sev, win, text) VF_##e,
	VF_RULES(VF_ENUM)
#undef VF_ENUM
	VF_RULE_COUNT
};

struct vf_rule_info {
	const char *id;
	enum vf_severity severity;
	const char *windows;   /* closest Windows counterpart, or "none" */
	const char *meaning;
};

const struct vf_rule_info *vf_rule_info(enum vf_rule rule);
/* Rule by id string ("SGL-DOUBLE-FREE"); VF_RULE_COUNT if unknown. */
enum vf_rule vf_rule_by_id(const char *id);

/* The facts of one report. Zero-initialise and fill what applies. */
struct vf_facts {
	const void *handle;
	const void *list;
	const void *nb;
	uint64_t address;
	uint64_t length;
	int has_address;
	int irql;               /* -1: not applicable */
	const char *direction;  /* "to-device", "from-device", NULL */
	const void *call_site;  /* return address of the miniport's call */
	const void *alloc_site; /* call site that allocated the object */
};

struct vf_config {
	enum vf_level level;
	bool stop_on_first;     /* first error-level report exits the process */
	FILE *text;             /* first report of each rule printed here (NULL: silent) */
	FILE *json;             /* every report as a JSON line (NULL: none) */
};

/* One stored report (the first VF_STORED_MAX are kept in full). */
#define VF_MESSAGE_MAX 240
struct vf_record {
	enum vf_rule rule;
	struct vf_facts facts;
	char message[VF_MESSAGE_MAX];
	char site[160];         /* resolved call site "module!symbol+0x12" */
};

struct verifier;

/* Public prefix of struct verifier (its first member), so a check point
 * costs one predictable branch when the verifier is off (spec §10). */
struct vf_head {
	enum vf_level level;
};

/* True when `vf` exists and runs at `at_least` or above (never at OFF). */
#ifndef NDISDMA_VF_COMPILED_OUT
static inline bool vf_enabled(const struct verifier *vf, enum vf_level at_least)
{
	if (vf == NULL)
		return false;
	enum vf_level level = ((const struct vf_head *)(const void *)vf)->level;
	return level != VF_LEVEL_OFF && level >= at_least;
}
#else
/* Measurement build only (-DNDISDMA_VF_COMPILED_OUT): every check point
 * folds away, the baseline that --verifier off is compared with
 * (docs/verifier-rules.md, "Cost at level off"). */
static inline bool vf_enabled(const struct verifier *vf, enum vf_level at_least)
{
	(void)vf;
	(void)at_least;
	return false;
}
#endif

struct verifier *vf_create(const struct vf_config *config);
void vf_destroy(struct verifier *vf);
enum vf_level vf_level(const struct verifier *vf);

void vf_report(struct verifier *vf, enum vf_rule rule,
	       const struct vf_facts *facts, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Flushes the text and JSON report streams (before the process ends). */
void vf_flush(struct verifier *vf);

/* Test and tool API. */
uint64_t vf_count(const struct verifier *vf, enum vf_rule rule);
uint64_t vf_total(const struct verifier *vf);
uint64_t vf_errors(const struct verifier *vf);
size_t vf_stored(const struct verifier *vf);
const struct vf_record *vf_record_at(const struct verifier *vf, size_t i);
void vf_clear(struct verifier *vf);
/* Where the first report of each rule is printed from now on (NULL:
 * nowhere); returns where it was printed until now. */
FILE *vf_swap_text(struct verifier *vf, FILE *text);
/* Tool summary: one line per rule that fired (id, count, severity), then
 * the totals. */
void vf_print_summary(const struct verifier *vf, FILE *out);
/* Write every stored report as SARIF 2.1.0. Returns 0 or -errno. */
int vf_write_sarif(const struct verifier *vf, FILE *out);

/* Resolve a code address to "module!symbol+0xN" (dladdr). */
void vf_describe_site(const void *addr, char *buf, size_t len);
/* The name of the function whose call returns to `call_site` (a return
 * address), static functions included when the module has a .symtab;
 * false when unknown.  For the __FUNCTION__ marker (src/fmt/fmt.h). */
bool vf_site_function(const void *call_site, char *buf, size_t len);
/* "module!function" without an offset (stable across builds; bug checks
 * and assertions), or vf_describe_site's text when the function is
 * unknown. */
void vf_describe_function(const void *addr, char *buf, size_t len);

#endif
