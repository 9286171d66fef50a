/* instance_name.c — NdisMQueryAdapterInstanceName: the adapter's friendly
 * name as an NDIS_STRING whose Buffer NDIS allocates and the miniport frees
 * with NdisFreeMemory.
 *
 * The name is the one the runtime gives the adapter (its log lines and
 * reports use it: ndisdma_adapter_params.name, else the driver's name),
 * converted from UTF-8 to UTF-16 and NUL-terminated past Length.  The
 * buffer is NDIS memory of the adapter (src/ndis/memory.c's block format),
 * so one the miniport forgets is a RES-LEAK at halt and is reclaimed.
 */
#include "ndis/ndis_internal.h"
#include "wdm/wdm_pool.h"

#include <stddef.h>
#include <string.h>

#include "fmt/utf.h"

/* The pool tag of the name buffers: "Inst" in a pool dump. */
#define INSTANCE_NAME_TAG ((ULONG)'I' | (ULONG)'n' << 8 | (ULONG)'s' << 16 | (ULONG)'t' << 24)

static void name_reclaim(struct kres *r)
{
	struct pool_block *b = (struct pool_block *)
		((char *)r - offsetof(struct pool_block, res));

	if (pool_take_block(b->k, b))
		pool_release(b->k, b, NULL);
}

/* name (UTF-8) as UTF-16 into out, which holds units + 1 WCHARs. */
static void to_utf16(const char *name, size_t len, WCHAR *out, size_t units)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t at = 0;

	for (size_t i = 0; i < len && at < units;) {
		uint32_t cp;
		uint16_t u[2];

		i += utf8_decode(s + i, len - i, &cp);
		for (size_t j = 0, m = utf16_encode(cp, u); j < m && at < units; j++)
			out[at++] = u[j];
	}
	out[at] = 0;
}

/* documented at PASSIVE_LEVEL */
NDIS_STATUS NdisMQueryAdapterInstanceName(PNDIS_STRING pAdapterInstanceName,
					  NDIS_HANDLE MiniportHandle)
{
	const char *api = "NdisMQueryAdapterInstanceName";
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	struct pool_request rq = { 0 };
	struct ndis_adapter *a;
	struct pool_block *b;
	size_t len, units;
	WCHAR *buffer;

	if (!ndis_check_irql(k, api, KIRQL_PASSIVE, KIRQL_PASSIVE, site))
		return NDIS_STATUS_FAILURE;
	a = ndis_adapter_from_handle(MiniportHandle, api, site);   /* else HANDLE */
	if (!a)
		return NDIS_STATUS_FAILURE;
	if (!pAdapterInstanceName) {
		struct vf_facts f = { .irql = -1, .call_site = site };

		vf_report(k->verifier, VF_REG_NULL, &f, "%s: pAdapterInstanceName is NULL", api);
		return NDIS_STATUS_INVALID_PARAMETER;
	}
	len = strlen(a->name);
	units = utf8_to_utf16_length((const unsigned char *)a->name, len);
	rq.size = (units + 1) * sizeof(WCHAR);
	rq.tag = INSTANCE_NAME_TAG;
	rq.family = POOL_NDIS;   /* freed by NdisFreeMemory */
	rq.owned = true;
	rq.site = site;
	rq.fault_point = "ndis.instance_name";
	buffer = pool_alloc(k, &rq, &b);
	if (!buffer)
		return NDIS_STATUS_RESOURCES;
	kres_add(&a->resources, &b->res, "memory", site, rq.size, name_reclaim);
	to_utf16(a->name, len, buffer, units);
	pAdapterInstanceName->Buffer = buffer;
	pAdapterInstanceName->Length = (USHORT)(units * sizeof(WCHAR));
	pAdapterInstanceName->MaximumLength = (USHORT)rq.size;
	return NDIS_STATUS_SUCCESS;
}
