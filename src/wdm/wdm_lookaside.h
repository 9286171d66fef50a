/* wdm_lookaside.h — the lookaside list core (src/wdm/ex_lookaside.c) the Ex
 * routines and the NDIS ones (src/ndis/lookaside.c) share: each exported
 * routine checks its IRQL, then calls one of these with its own name and
 * the driver's call site.
 */
#ifndef NDISDMA_WDM_LOOKASIDE_H
#define NDISDMA_WDM_LOOKASIDE_H

#include "wdm/wdm_pool.h"

/* The fixed depth every list gets (GENERAL_LOOKASIDE.Depth). */
#define LOOKASIDE_DEPTH 256

enum la_kind { LA_NPAGED = 1, LA_PAGED, LA_EX, LA_NDIS };

struct la_params {
	enum la_kind kind;
	PVOID allocate;          /* PALLOCATE_FUNCTION(_EX) or NULL */
	PVOID free;              /* PFREE_FUNCTION(_EX) or NULL */
	POOL_TYPE type;          /* entries' pool (with lookaside Flags) */
	SIZE_T size;
	ULONG tag;
	const void *site;
};

/* The head is validated by the callers of la_init (not NULL). */
void la_init(struct kernel *k, GENERAL_LOOKASIDE_POOL *L, size_t head_size,
	     const struct la_params *p);
/* The rest validate the head (HANDLE when it is NULL, never initialized,
 * deleted or of another kind). */
PVOID la_allocate(struct kernel *k, GENERAL_LOOKASIDE_POOL *L, enum la_kind kind,
		  const char *api, const void *site);
void la_free(struct kernel *k, GENERAL_LOOKASIDE_POOL *L, enum la_kind kind,
	     PVOID Entry, const char *api, const void *site);
void la_flush(struct kernel *k, GENERAL_LOOKASIDE_POOL *L, enum la_kind kind,
	      const char *api, const void *site);
void la_delete(struct kernel *k, GENERAL_LOOKASIDE_POOL *L, enum la_kind kind,
	       const char *api, const void *site);

#endif
