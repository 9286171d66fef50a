/* bench_set.h — a set of NET_BUFFERs of one shape, shared by the bench
 * miniport (which builds them through the NDIS API) and the baselines
 * (which read the same MDLs' PFN arrays).  Includes <ndis.h>.
 */
#ifndef NDISDMA_BENCH_SET_H
#define NDISDMA_BENCH_SET_H

#include <ndis.h>

#include "bench_tool.h"

typedef struct _BENCH_ADAPTER BENCH_ADAPTER, *PBENCH_ADAPTER;

/* What MiniportProcessSGList gets as Context: the driver's request. */
typedef struct _BENCH_REQUEST {
	PSCATTER_GATHER_LIST List;
	ULONG64 Elements;
} BENCH_REQUEST;

struct bench_set {
	PBENCH_ADAPTER adapter;
	struct bench_shape shape;
	PUCHAR arena;                   /* packet data, page-aligned slots */
	SIZE_T arena_bytes;
	PVOID arena_alloc;              /* what NdisFreeMemory gets back */
	NDIS_HANDLE nb_pool;
	PNET_BUFFER *nbs;
	PMDL *mdls;                     /* nbs * shape.nmdls */
	PSCATTER_GATHER_LIST storage;   /* the driver's preallocated list */
	ULONG storage_bytes;
	BENCH_REQUEST request;
	/* baselines: scratch element array, the pieces above 4 GiB of each
	 * NET_BUFFER (memcpy baseline) and the pages they are copied to */
	SCATTER_GATHER_ELEMENT *scratch;
	ULONG scratch_elements;
	struct bench_piece *pieces;
	ULONG *piece_first;             /* nbs + 1 indexes into pieces */
	PUCHAR bounce;                  /* one page per piece of a packet */
	ULONG64 pages_total, pages_high;
};

/* A piece of a NET_BUFFER the bounce path copies (above 4 GiB). */
struct bench_piece {
	PUCHAR va;
	ULONG length;
	ULONG page_offset;
};

/* bench_miniport.c: the adapter's handles and its ScatterGatherListSize. */
NDIS_HANDLE bench_adapter_handle(PBENCH_ADAPTER ad);
ULONG bench_adapter_sg_list_size(PBENCH_ADAPTER ad);

#endif
