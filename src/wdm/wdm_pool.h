/* wdm_pool.h — the machine's pool: every block a driver gets from the
 * kernel (ExAllocatePool*, NdisAllocateMemoryWithTagPriority, IoAllocateMdl,
 * MmAllocateContiguousMemory*, NdisAllocateRWLock) is one record here, keyed
 * by its address, so a block from one family can be freed by the other as
 * Windows allows, and a wrong free (not a block, freed twice, another tag)
 * is a report (POOL-FREE-BAD), never a crash.  The records live outside the
 * driver's memory: nothing the driver passes is dereferenced to validate it.
 *
 * Ownership: NDIS blocks (and objects allocated with an NDIS handle) sit on
 * their owner's resource list (RES-LEAK at halt or unload, as before); the
 * rest belong to the driver whose code allocated them, found by code module
 * at unload (POOL-LEAK, wdm_driver_leaks).  The machine's live lookaside
 * lists are recorded here too (LOOKASIDE-LEAK).
 *
 * Private to src/wdm and src/ndis (src/ndis may call src/wdm, never the
 * reverse; docs/ARCHITECTURE.md).
 */
#ifndef NDISDMA_WDM_POOL_H
#define NDISDMA_WDM_POOL_H

#include "wdm/wdm_internal.h"

/* The pattern in memory the caller did not ask to be zeroed (spec §10
 * "determinism": a run's bytes do not depend on what malloc left). */
#define POOL_FILL 0xCD
/* Larger requests fail (NULL) without asking the C library. */
#define POOL_MAX_BYTES (1ull << 32)

enum pool_family {
	POOL_EX,          /* ExAllocatePool*, lookaside entries */
	POOL_NDIS,        /* NdisAllocateMemoryWithTagPriority */
	POOL_MDL,         /* IoAllocateMdl */
	POOL_CONTIGUOUS,  /* MmAllocateContiguousMemory*: platform pages */
	POOL_OBJECT,      /* an object NDIS allocates for the driver (RW lock) */
	POOL_FAMILIES
};
#define POOL_BIT(f) (1u << (f))

struct pool_block {
	struct kernel *k;
	struct pool_block *hnext;           /* hash chain */
	struct pool_block *older, *newer;   /* freed blocks kept to name a double free */
	void *va;
	size_t size;                        /* bytes asked for */
	uint64_t serial;                    /* allocation order in the machine */
	const void *site;                   /* the driver's allocating call */
	const void *free_site;
	ULONG tag;
	uint8_t family;
	bool live;
	bool tomb;                          /* freed: kept to name a double free */
	bool paged;                         /* freed at <= APC_LEVEL */
	bool owned;                         /* res is on an owner's list */
	struct kres res;                    /* NDIS: the adapter's or driver's */
	/* an object's other ties (its handle), undone before a leaked block
	 * is reclaimed at unload or shutdown; NULL for plain memory */
	void (*unlink)(struct pool_block *b);
};

struct pool_request {
	size_t size;
	ULONG tag;
	enum pool_family family;
	bool paged;
	bool zero;                          /* else filled with POOL_FILL */
	bool cache_aligned;                 /* at least 64-byte aligned */
	bool owned;                         /* the caller puts res on an owner
					     * list (RES-LEAK), not POOL-LEAK */
	void (*unlink)(struct pool_block *b);
	const void *site;
	const char *fault_point;            /* kernel_fault() site */
};

/* Allocates and records a block (alignment: >= PAGE_SIZE page aligned,
 * else a power of two >= 16 at least as large as the block, so it never
 * crosses a page).  NULL on failure (fault injected, too large, no
 * memory); then *out is NULL too. */
void *pool_alloc(struct kernel *k, const struct pool_request *rq,
		 struct pool_block **out);
/* Records memory allocated elsewhere (contiguous pages); NULL if the
 * record itself cannot be allocated. */
struct pool_block *pool_record(struct kernel *k, void *va,
			       const struct pool_request *rq);

/* What a free accepts. */
struct pool_free {
	const char *api;
	const void *site;
	unsigned families;                  /* POOL_BIT()s */
	bool check_tag;
	ULONG tag;
};

/* The live block at va, taken out of the table (only one caller can take
 * a block); otherwise reports POOL-FREE-BAD with the reason and returns
 * NULL.  The caller removes it from an owner list and releases it. */
struct pool_block *pool_take(struct kernel *k, const void *va,
			     const struct pool_free *f);
/* The live block that starts at va, taken, without a report; NULL when
 * there is none (a lookaside entry from a driver's own allocator). */
struct pool_block *pool_take_quiet(struct kernel *k, const void *va);
/* Takes b if it is still live (a reclaim racing with a free); false if
 * someone else took it. */
bool pool_take_block(struct kernel *k, struct pool_block *b);
/* Gives the memory back (live lookaside lists inside it are reported and
 * reclaimed first) and keeps the record as "freed at free_site". */
void pool_release(struct kernel *k, struct pool_block *b, const void *free_site);

/* pool_take then pool_release: a free with nothing else to do (an MDL,
 * contiguous memory); a bad address is reported and nothing happens. */
void pool_free(struct kernel *k, const void *va, const struct pool_free *f);

/* The live block holding va (any byte), or NULL; family and size into
 * the out parameters.  For checks that must not report. */
bool pool_lookup(struct kernel *k, const void *va, enum pool_family *family,
		 void **base, size_t *size);
/* Live blocks and bytes of one tag, every family (poolmon's view). */
void pool_tag_usage(struct kernel *k, ULONG tag, size_t *blocks, size_t *bytes);
/* "Fred" for 'derF' (the bytes of the ULONG in memory order; '.' for a
 * byte that is not printable ASCII). */
void pool_tag_text(ULONG tag, char out[5]);

/* A POOL_TYPE: false when it is not one (DontUseThisType, MaxPoolType,
 * unknown bits); else whether it is paged and cache aligned. */
bool pool_type_decode(POOL_TYPE type, bool *paged, bool *cache_aligned);
/* POOL-BAD-ALLOC: `api` asked for zero bytes or gave an invalid type. */
void pool_report_bad_alloc(struct kernel *k, const char *api, const void *site,
			   const char *what, long long value);
/* The documented free routine of each family ("ExFreePool", ...). */
const char *pool_family_free(enum pool_family f);

/* ---- lookaside lists (ex_lookaside.c uses these) ----------------------- */

/* Records a live list head (kept in the table's memory, not the driver's). */
void pool_lookaside_add(struct kernel *k, void *head, size_t head_size,
			ULONG tag, const void *site);
/* Forgets it; false if it was not recorded. */
bool pool_lookaside_remove(struct kernel *k, void *head);

/* ---- Mm -------------------------------------------------------------- */

/* The physical address of va from the platform (a frame is assigned on
 * first sight, as when an MDL is built); false, *pa = 0, for an address
 * not mapped in the process.  Register windows are the caller's business
 * (MmGetPhysicalAddress, src/ndis/mm_io.c). */
bool wdm_platform_pa(struct kernel *k, const void *va, uint64_t *pa);

/* ---- unload and shutdown --------------------------------------------- */

/* The load address of the module holding code address pc (dladdr), or
 * NULL: the identity a driver's allocations are attributed by. */
const void *wdm_code_module(const void *pc);
/* At the unload of the driver whose code is module `module` (no other
 * loaded driver in it): reports LOOKASIDE-LEAK for each of its lists not
 * deleted and POOL-LEAK per allocation site for its blocks still
 * allocated, then reclaims them.  `when` names the moment ("driver
 * unload").  Returns the number of reports. */
size_t wdm_driver_leaks(struct kernel *k, const void *module, const char *when);
/* Frees the machine's pool state, reporting and reclaiming what no driver
 * unload took (allocations from code outside any driver).  Call before
 * kernel_destroy (runtime: destroy_lower; unit tests: th_teardown). */
void wdm_machine_destroy(struct kernel *k);

#endif
