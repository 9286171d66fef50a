/* shared_memory.c — NdisMAllocateSharedMemory, NdisMFreeSharedMemory and
 * NdisMAllocateSharedMemoryAsyncEx (spec §7).  Every live block is recorded
 * out of band in its channel (VA, PA, length, Cached, call site): free must
 * match it exactly, and deregistration reports and reclaims what is left
 * (DEREG-SHM-LEAK, spec §8).  Async requests complete at PASSIVE_LEVEL on
 * the machine's work thread, exactly once, and never after deregistration.
 */
#include "ndis/sg_dma.h"

#include "ndis/shm_set.h"

#define ALLOC_API "NdisMAllocateSharedMemory"
#define FREE_API "NdisMFreeSharedMemory"
#define ASYNC_API "NdisMAllocateSharedMemoryAsyncEx"

static void report(struct sg_channel *ch, struct kernel *k, enum vf_rule rule,
		   const struct shm_block *b, const void *site, const char *msg,
		   const char *api)
{
	struct vf_facts f = { 0 };

	f.handle = ch ? ch->handle : NULL;
	f.irql = -1;
	f.call_site = site;
	if (b) {
		f.address = b->pa;
		f.has_address = 1;
		f.length = b->length;
		f.alloc_site = b->site;
	}
	vf_report(k->verifier, rule, &f, "%s: %s", api, msg);
}

/* ---- the synchronous calls ---------------------------------------------- */

VOID NdisMAllocateSharedMemory(NDIS_HANDLE MiniportAdapterHandle, ULONG Length,
			       BOOLEAN Cached, PVOID *VirtualAddress,
			       PNDIS_PHYSICAL_ADDRESS PhysicalAddress)
{
	const void *site = NDIS_CALLER();
	struct ndis_adapter *a;
	struct shm_block *b;

	if (VirtualAddress)
		*VirtualAddress = NULL;      /* the only failure signal */
	if (PhysicalAddress)
		PhysicalAddress->QuadPart = 0;
	a = ndis_adapter_from_handle(MiniportAdapterHandle, ALLOC_API, site);
	if (!a || !ndis_check_irql(a->k, ALLOC_API, KIRQL_PASSIVE, KIRQL_PASSIVE, site))
		return;
	if (!a->dma) {
		report(NULL, a->k, VF_SHM_NO_DMA, NULL, site,
		       "no SG DMA channel registered (call NdisMRegisterScatterGatherDma first)",
		       ALLOC_API);
		return;
	}
	if (!VirtualAddress || !PhysicalAddress || !Length)
		return;
	b = shm_block_alloc(a->dma, Length, Cached, site);
	if (!b)
		return;
	*VirtualAddress = b->va;
	PhysicalAddress->QuadPart = (LONGLONG)b->pa;
}

VOID NdisMFreeSharedMemory(NDIS_HANDLE MiniportAdapterHandle, ULONG Length,
			   BOOLEAN Cached, PVOID VirtualAddress,
			   NDIS_PHYSICAL_ADDRESS PhysicalAddress)
{
	const void *site = NDIS_CALLER();
	struct shm_block req = { .va = VirtualAddress, .length = Length,
				 .cached = Cached,
				 .pa = (uint64_t)PhysicalAddress.QuadPart };
	struct shm_block seen, *taken;
	struct ndis_adapter *a;
	const char *why;

	a = ndis_adapter_from_handle(MiniportAdapterHandle, FREE_API, site);
	if (!a || !ndis_check_irql(a->k, FREE_API, KIRQL_PASSIVE, KIRQL_DISPATCH, site))
		return;
	if (!a->dma) {
		report(NULL, a->k, VF_SHM_FREE_MISMATCH, &req, site,
		       "no SG DMA channel, so no shared memory to free", FREE_API);
		return;
	}
	/* spec §7: a bad free changes nothing */
	switch (shm_block_take(a->dma, &req, &taken, &seen, &why)) {
	case SHM_TAKE_OK:
		shm_block_release(a->dma, taken);
		break;
	case SHM_TAKE_FREED:
		report(a->dma, a->k, VF_SHM_DOUBLE_FREE, &seen, site,
		       "block already freed", FREE_API);
		break;
	case SHM_TAKE_MISMATCH:
		report(a->dma, a->k, VF_SHM_FREE_MISMATCH, &seen, site, why, FREE_API);
		break;
	case SHM_TAKE_UNKNOWN:
		report(a->dma, a->k, VF_SHM_FREE_MISMATCH, &req, site,
		       "VirtualAddress is not a live shared block of this adapter",
		       FREE_API);
		break;
	}
}

/* ---- the asynchronous call ------------------------------------------------ */

NDIS_STATUS NdisMAllocateSharedMemoryAsyncEx(NDIS_HANDLE MiniportDmaHandle,
					     ULONG Length, BOOLEAN Cached,
					     PVOID Context)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	struct sg_channel *ch;

	if (!k)
		return NDIS_STATUS_FAILURE;
	ch = ndis_dma_from_handle(MiniportDmaHandle, ASYNC_API, site);
	if (!ch)
		return NDIS_STATUS_INVALID_PARAMETER;
	if (!ndis_check_irql(k, ASYNC_API, KIRQL_PASSIVE, KIRQL_DISPATCH, site))
		return NDIS_STATUS_FAILURE;
	if (!ch->shm_complete) {
		report(ch, k, VF_SHM_NO_HANDLER, NULL, site,
		       "no SharedMemAllocateCompleteHandler in the DMA description",
		       ASYNC_API);
		return NDIS_STATUS_FAILURE;
	}
	return shm_async_submit(ch, Length, Cached, Context, site);
}
