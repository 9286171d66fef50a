/* sg_channel.c — NdisMRegisterScatterGatherDma and
 * NdisMDeregisterScatterGatherDma (spec §4, §8): the description is
 * validated once, row by row in the order of the §4 table, into a channel
 * whose constraints every later call trusts; the handle is tagged.
 * Registration is two-phase: every resource is reserved first, then the
 * channel is published; a failure undoes exactly what was reserved.
 */
#include "ndis/sg_dma.h"

#include <errno.h>
#include <string.h>

#include "kernel/ksched.h"
#include "platform/platform.h"

#define REGISTER_API "NdisMRegisterScatterGatherDma"
#define DEREGISTER_API "NdisMDeregisterScatterGatherDma"

#define SG_DMA_KNOWN_FLAGS (NDIS_SG_DMA_64_BIT_ADDRESS | \
			    NDIS_SG_DMA_V3_HAL_API | NDIS_SG_DMA_HYBRID_DMA)

bool sg_list_size_for_bytes(uint64_t max_mapping, ULONG *size)
{
	/* spec §4: 16 + 24 * (BYTES_TO_PAGES(max) + 1), in 64 bits; pages
	 * are below 2^52, so the product cannot wrap */
	uint64_t s = sg_list_bytes(hal_max_elements(max_mapping));

	if (s > UINT32_MAX)
		return false;
	*size = (ULONG)s;
	return true;
}

bool sg_list_size_for(ULONG max_mapping, ULONG *size)
{
	return sg_list_size_for_bytes(max_mapping, size);
}

/* ---- validation (spec §4 table, in order) ----------------------------- */

/* Why a registration is refused: the status, the rule, one line. */
struct reg_refusal {
	NDIS_STATUS status;
	enum vf_rule rule;        /* VF_RULE_COUNT: already reported */
	const char *reason;
};

static bool refuse(struct reg_refusal *r, NDIS_STATUS status,
		   enum vf_rule rule, const char *reason)
{
	r->status = status;
	r->rule = rule;
	r->reason = reason;
	return false;
}

static bool check_caller(struct ndis_adapter *a, const void *site,
			 struct reg_refusal *r)
{
	if (!a->in_initialize || kcontext_self() != a->init_context)
		return refuse(r, NDIS_STATUS_NOT_SUPPORTED, VF_REG_CONTEXT,
			      "not called from MiniportInitializeEx of this adapter");
	if (!ndis_check_irql(a->k, REGISTER_API, KIRQL_PASSIVE, KIRQL_PASSIVE, site))
		return refuse(r, NDIS_STATUS_FAILURE, VF_RULE_COUNT, NULL);
	if (!(a->attribute_flags & NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER))
		return refuse(r, NDIS_STATUS_NOT_SUPPORTED, VF_REG_NOT_BUSMASTER,
			      "the adapter did not set NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER (0x40)");
	if (!a->driver || a->driver->chars.MajorNdisVersion < 6)
		return refuse(r, NDIS_STATUS_NOT_SUPPORTED, VF_REG_NOT_BUSMASTER,
			      "the driver registered with an NDIS version below 6.0");
	return true;
}

static bool check_header(const NDIS_SG_DMA_DESCRIPTION *d, struct reg_refusal *r)
{
	USHORT need;

	if (d->Header.Revision == NDIS_SG_DMA_DESCRIPTION_REVISION_1)
		need = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
	else if (d->Header.Revision == NDIS_SG_DMA_DESCRIPTION_REVISION_2)
		need = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_2;
	else
		return refuse(r, NDIS_STATUS_BAD_VERSION, VF_REG_HEADER,
			      "Header.Revision is not 1 or 2");
	if (d->Header.Type != NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION)
		return refuse(r, NDIS_STATUS_INVALID_PARAMETER, VF_REG_HEADER,
			      "Header.Type is not NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION (0x83)");
	/* larger is fine: drivers often pass sizeof */
	if (d->Header.Size < need)
		return refuse(r, NDIS_STATUS_INVALID_PARAMETER, VF_REG_HEADER,
			      "Header.Size is smaller than its revision's size (36 / 48)");
	return true;
}

static bool check_description(const NDIS_SG_DMA_DESCRIPTION *d,
			      const PNDIS_HANDLE out, ULONG *size,
			      struct reg_refusal *r)
{
	if (!d || !out)
		return refuse(r, NDIS_STATUS_INVALID_PARAMETER, VF_REG_NULL,
			      !d ? "DmaDescription is NULL"
				 : "pNdisMiniportDmaHandle is NULL");
	if (!check_header(d, r))
		return false;
	if (d->Flags & ~(ULONG)SG_DMA_KNOWN_FLAGS)
		return refuse(r, NDIS_STATUS_INVALID_PARAMETER, VF_REG_FLAGS,
			      "Flags has unknown bits");
	if ((d->Flags & NDIS_SG_DMA_HYBRID_DMA) &&
	    d->Header.Revision < NDIS_SG_DMA_DESCRIPTION_REVISION_2)
		return refuse(r, NDIS_STATUS_INVALID_PARAMETER, VF_REG_FLAGS,
			      "NDIS_SG_DMA_HYBRID_DMA needs revision 2");
	if (!d->ProcessSGListHandler)
		return refuse(r, NDIS_STATUS_INVALID_PARAMETER, VF_REG_NO_HANDLER,
			      "ProcessSGListHandler is NULL");
	if (!d->MaximumPhysicalMapping)
		return refuse(r, NDIS_STATUS_INVALID_PARAMETER, VF_REG_MAXMAP,
			      "MaximumPhysicalMapping is 0");
	if (!sg_list_size_for(d->MaximumPhysicalMapping, size))
		return refuse(r, NDIS_STATUS_INVALID_PARAMETER, VF_REG_MAXMAP,
			      "ScatterGatherListSize would not fit a ULONG");
	return true;
}

static void report_refusal(struct kernel *k, const struct reg_refusal *r,
			   NDIS_HANDLE adapter, const NDIS_SG_DMA_DESCRIPTION *d,
			   const void *site)
{
	struct vf_facts f = { 0 };

	if (r->rule == VF_RULE_COUNT)
		return;
	f.handle = adapter;
	f.irql = -1;
	f.call_site = site;
	if (d && r->rule == VF_REG_MAXMAP)
		f.length = d->MaximumPhysicalMapping;
	vf_report(k->verifier, r->rule, &f, "%s: %s (status 0x%08X)",
		  REGISTER_API, r->reason, (unsigned)r->status);
}

/* ---- reservation and commit ------------------------------------------- */

static void fill_constraints(const struct sg_channel *ch, struct hal_constraints *c)
{
	memset(c, 0, sizeof(*c));
	/* spec §4: without 64-bit addressing every element lies below 4 GiB */
	c->address_limit = (ch->flags & NDIS_SG_DMA_64_BIT_ADDRESS)
				   ? UINT64_MAX : PLATFORM_4GB;
	c->max_mapping = ch->max_mapping;
	c->max_elements = (uint32_t)hal_max_elements(ch->max_mapping);
	/* map_registers 0: the machine's spec §6 default, when the backend
	 * needs a pool (hal_default_map_registers) */
	c->stress = ch->k->config.stress;
	/* spec §11: behind the IOMMU the HAL's iommu backend maps every list
	 * and shared block into the adapter's domain (NULL: off) */
	c->domain = ch->adapter->iommu;
}

static void fill_channel(struct sg_channel *ch, struct ndis_adapter *a,
			 const NDIS_SG_DMA_DESCRIPTION *d, ULONG size,
			 const void *site)
{
	ch->k = a->k;
	ch->adapter = a;
	ch->register_site = site;
	ch->revision = d->Header.Revision;
	ch->flags = d->Flags;        /* V3_HAL_API recorded, same behaviour */
	ch->max_mapping = d->MaximumPhysicalMapping;
	ch->sg_list_size = size;
	ch->process_sg_list = d->ProcessSGListHandler;
	ch->shm_complete = d->SharedMemAllocateCompleteHandler;
	if (d->Header.Revision >= NDIS_SG_DMA_DESCRIPTION_REVISION_2)
		ch->pdo_override = d->PdoOverride;
}

/* Undo whatever part of the reservation was made (spec §4: "nothing was
 * registered"), and for a live channel, deregister it. */
static void release_channel(struct sg_channel *ch)
{
	struct kernel *k = ch->k;

	if (ch->handle)
		kernel_handle_retire(k, ch->handle);
	/* shared memory first: async requests still queued complete with a
	 * NULL VA here instead of running during the lists' flush and
	 * handing out blocks that are already leaks */
	if (ch->shm)
		shm_set_teardown(ch);
	if (ch->lists)
		sg_lists_teardown(ch);
	if (ch->hal)
		hal_adapter_destroy(ch->hal);
	if (ch->adapter->dma == ch)
		ch->adapter->dma = NULL;
	kernel_free(k, ch);
}

static int reserve_channel(struct sg_channel *ch)
{
	struct hal_constraints c;

	/* spec §11: an adapter without a device model gets its domain now
	 * (its DMA engine is the test device); one with a device has it */
	if (ndis_adapter_iommu_start(ch->adapter))
		return -ENOMEM;
	fill_constraints(ch, &c);
	if (hal_adapter_create(ch->k, &c, &ch->hal))
		return -ENOMEM;
	if (sg_lists_create(ch) || !ch->lists)
		return -ENOMEM;
	if (shm_set_create(ch) || !ch->shm)
		return -ENOMEM;
	ch->handle = kernel_handle_new(ch->k, HANDLE_DMA, ch);
	return ch->handle ? 0 : -ENOMEM;
}

static NDIS_STATUS register_channel(struct ndis_adapter *a,
				    PNDIS_SG_DMA_DESCRIPTION d, ULONG size,
				    const void *site, PNDIS_HANDLE out)
{
	struct sg_channel *ch = kernel_zalloc(a->k, sizeof(*ch), "dma.channel");

	if (!ch)
		return NDIS_STATUS_RESOURCES;
	fill_channel(ch, a, d, size, site);
	if (reserve_channel(ch)) {
		release_channel(ch);
		return NDIS_STATUS_RESOURCES;
	}
	/* commit: nothing below can fail */
	a->dma = ch;
	d->ScatterGatherListSize = size;
	*out = ch->handle;
	kernel_trace(a->k, "  SG DMA: registered, %s-bit, MaximumPhysicalMapping %u, "
		     "ScatterGatherListSize %u", (ch->flags & NDIS_SG_DMA_64_BIT_ADDRESS)
		     ? "64" : "32", (unsigned)ch->max_mapping, (unsigned)size);
	return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS NdisMRegisterScatterGatherDma(NDIS_HANDLE MiniportAdapterHandle,
					  PNDIS_SG_DMA_DESCRIPTION DmaDescription,
					  PNDIS_HANDLE pNdisMiniportDmaHandle)
{
	const void *site = NDIS_CALLER();
	struct reg_refusal r;
	struct ndis_adapter *a;
	ULONG size = 0;

	if (pNdisMiniportDmaHandle)
		*pNdisMiniportDmaHandle = NULL;   /* outputs invalid on entry */
	a = ndis_adapter_from_handle(MiniportAdapterHandle, REGISTER_API, site);
	if (!a)
		return NDIS_STATUS_INVALID_PARAMETER;
	if (!check_caller(a, site, &r) ||
	    !check_description(DmaDescription, pNdisMiniportDmaHandle, &size, &r)) {
		report_refusal(a->k, &r, MiniportAdapterHandle, DmaDescription, site);
		return r.status;
	}
	if (a->dma) {
		r = (struct reg_refusal){ NDIS_STATUS_FAILURE, VF_REG_TWICE,
					  "the adapter already has a DMA channel" };
		report_refusal(a->k, &r, MiniportAdapterHandle, DmaDescription, site);
		return r.status;
	}
	return register_channel(a, DmaDescription, size, site, pNdisMiniportDmaHandle);
}

/* ---- deregistration (spec §8) ------------------------------------------ */

void sg_channel_destroy(struct sg_channel *ch)
{
	if (!ch)
		return;
	kernel_trace(ch->k, "  SG DMA: deregistered");
	/* the handle goes stale first: a racing call is refused, not served */
	release_channel(ch);
}

VOID NdisMDeregisterScatterGatherDma(NDIS_HANDLE NdisMiniportDmaHandle)
{
	const void *site = NDIS_CALLER();
	/* spec §8: twice or a bad handle: HANDLE, no effect */
	struct sg_channel *ch = ndis_dma_from_handle(NdisMiniportDmaHandle,
						     DEREGISTER_API, site);

	if (!ch)
		return;
	if (!ndis_check_irql(ch->k, DEREGISTER_API, KIRQL_PASSIVE, KIRQL_PASSIVE, site))
		return;
	sg_channel_destroy(ch);
}
