/* adapter.c — the adapter-side NDIS calls a miniport makes:
 * NdisMSetMiniportAttributes, NdisMGetDeviceProperty and the completions
 * and indications that go up to the runtime (spec §13).
 */
#include "ndis/ndis_internal.h"

#include "kernel/ksched.h"

#include <errno.h>
#include <string.h>

static void report_header(struct ndis_adapter *a, const void *obj,
			  const NDIS_OBJECT_HEADER *h, const char *why,
			  const void *site)
{
	struct vf_facts f = { .handle = obj, .irql = -1, .call_site = site };

	vf_report(a->k->verifier, VF_REG_HEADER, &f,
		  "NdisMSetMiniportAttributes: %s (type 0x%02X revision %u size %u)",
		  why, h->Type, h->Revision, h->Size);
}

static NDIS_STATUS set_registration(struct ndis_adapter *a,
				    const NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES *r,
				    const void *site)
{
	if (r->Header.Revision < NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1 ||
	    r->Header.Revision > NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2) {
		report_header(a, r, &r->Header, "unsupported registration attributes revision", site);
		return NDIS_STATUS_BAD_VERSION;
	}
	if (r->Header.Size < NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1) {
		report_header(a, r, &r->Header, "registration attributes Size too small", site);
		return NDIS_STATUS_INVALID_PARAMETER;
	}
	a->context = r->MiniportAdapterContext;
	a->attribute_flags = r->AttributeFlags;   /* BUS_MASTER 0x40: spec §4 */
	a->interface_type = (ULONG)r->InterfaceType;
	a->check_for_hang_s = r->CheckForHangTimeInSeconds;   /* 0: 2 s (facts §6.2) */
	a->registration_attributes_set = true;
	kernel_trace(a->k, "  registration attributes: flags 0x%X%s",
		     (unsigned)r->AttributeFlags,
		     r->AttributeFlags & NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER ?
		     " (bus master)" : "");
	return NDIS_STATUS_SUCCESS;
}

/* Facts §6.9: PowerManagementCapabilitiesEx (general attributes revision
 * 2) is an NDIS_PM_CAPABILITIES of revision 1 (52 bytes, NDIS 6.20) or 2
 * (60 bytes, NDIS 6.30) with a DEFAULT header; kept for the run log. */
static NDIS_STATUS set_pm_caps(struct ndis_adapter *a, const NDIS_PM_CAPABILITIES *pm,
			       const void *site)
{
	USHORT need = 0;

	if (pm->Header.Revision == NDIS_PM_CAPABILITIES_REVISION_1)
		need = NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_1;
	else if (pm->Header.Revision == NDIS_PM_CAPABILITIES_REVISION_2)
		need = NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_2;
	if (pm->Header.Type != NDIS_OBJECT_TYPE_DEFAULT || need == 0 || pm->Header.Size < need) {
		report_header(a, pm, &pm->Header, pm->Header.Type != NDIS_OBJECT_TYPE_DEFAULT ?
			      "PowerManagementCapabilitiesEx Header.Type is not NDIS_OBJECT_TYPE_DEFAULT" :
			      need == 0 ? "PowerManagementCapabilitiesEx revision is neither 1 nor 2" :
			      "PowerManagementCapabilitiesEx Size is below its revision's size", site);
		return NDIS_STATUS_INVALID_PARAMETER;
	}
	memset(&a->pm_caps, 0, sizeof(a->pm_caps));
	memcpy(&a->pm_caps, pm, need);
	a->pm_caps_revision = pm->Header.Revision;
	kernel_trace(a->k, "  power management: revision %u, WoL patterns 0x%X, protocol offloads 0x%X, "
		     "wake-up events 0x%X", pm->Header.Revision, (unsigned)pm->SupportedWoLPacketPatterns,
		     (unsigned)pm->SupportedProtocolOffloads,
		     pm->Header.Revision >= 2 ? (unsigned)pm->SupportedWakeUpEvents : 0u);
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS set_general(struct ndis_adapter *a,
			       const NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES *g,
			       const void *site)
{
	USHORT need;
	size_t n;

	switch (g->Header.Revision) {
	case NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1:
		need = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
		break;
	case NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2:
		need = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
		break;
	default:
		report_header(a, g, &g->Header, "unsupported general attributes revision", site);
		return NDIS_STATUS_BAD_VERSION;
	}
	if (g->Header.Size < need) {
		report_header(a, g, &g->Header, "general attributes Size too small", site);
		return NDIS_STATUS_INVALID_PARAMETER;
	}
	a->pm_caps_revision = 0;
	if (g->Header.Revision >= NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2 &&
	    g->PowerManagementCapabilitiesEx != NULL &&
	    set_pm_caps(a, g->PowerManagementCapabilitiesEx, site) != NDIS_STATUS_SUCCESS)
		return NDIS_STATUS_INVALID_PARAMETER;
	n = g->Header.Size < sizeof(a->general) ? g->Header.Size : sizeof(a->general);
	memset(&a->general, 0, sizeof(a->general));
	memcpy(&a->general, g, n);
	a->general_attributes_set = true;
	return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS NdisMSetMiniportAttributes(NDIS_HANDLE NdisMiniportAdapterHandle,
				       PNDIS_MINIPORT_ADAPTER_ATTRIBUTES MiniportAttributes)
{
	const void *site = NDIS_CALLER();
	const NDIS_OBJECT_HEADER *h = (const NDIS_OBJECT_HEADER *)MiniportAttributes;
	struct ndis_adapter *a;

	if (!ndis_check_irql(kernel_current(), "NdisMSetMiniportAttributes",
			     KIRQL_PASSIVE, KIRQL_PASSIVE, site))
		return NDIS_STATUS_FAILURE;
	a = ndis_adapter_from_handle(NdisMiniportAdapterHandle,
				     "NdisMSetMiniportAttributes", site);
	if (!a)
		return NDIS_STATUS_INVALID_PARAMETER;
	if (!h)
		return NDIS_STATUS_INVALID_PARAMETER;
	switch (h->Type) {
	case NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES:
		return set_registration(a, &MiniportAttributes->RegistrationAttributes, site);
	case NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES:
		return set_general(a, &MiniportAttributes->GeneralAttributes, site);
	case NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES:
		return ndis_offload_set_attributes(a, &MiniportAttributes->OffloadAttributes, site);
	default:
		report_header(a, h, h, "unknown attributes type", site);
		return NDIS_STATUS_INVALID_PARAMETER;
	}
}

/* Documented: the alignment for buffers the driver carves out of shared
 * memory (the host data cache line), PASSIVE_LEVEL.  x86-64: 64 bytes. */
ULONG NdisMGetDmaAlignment(NDIS_HANDLE MiniportAdapterHandle)
{
	const void *site = NDIS_CALLER();

	ndis_check_irql(kernel_current(), "NdisMGetDmaAlignment",
			KIRQL_PASSIVE, KIRQL_PASSIVE, site);
	ndis_adapter_from_handle(MiniportAdapterHandle, "NdisMGetDmaAlignment", site);
	return 64;
}

VOID NdisMGetDeviceProperty(NDIS_HANDLE MiniportAdapterHandle,
			    PDEVICE_OBJECT *PhysicalDeviceObject,
			    PDEVICE_OBJECT *FunctionalDeviceObject,
			    PDEVICE_OBJECT *NextDeviceObject,
			    PCM_RESOURCE_LIST *AllocatedResources,
			    PCM_RESOURCE_LIST *AllocatedResourcesTranslated)
{
	const void *site = NDIS_CALLER();
	struct ndis_adapter *a;

	ndis_check_irql(kernel_current(), "NdisMGetDeviceProperty",
			KIRQL_PASSIVE, KIRQL_PASSIVE, site);
	a = ndis_adapter_from_handle(MiniportAdapterHandle, "NdisMGetDeviceProperty", site);
	/* each pointer is optional; the device objects are handles (io_irp.c) */
	if (PhysicalDeviceObject)
		*PhysicalDeviceObject = a ? a->device_objects[IO_DEVICE_PDO].handle : NULL;
	if (FunctionalDeviceObject)
		*FunctionalDeviceObject = a ? a->device_objects[IO_DEVICE_FDO].handle : NULL;
	if (NextDeviceObject)
		*NextDeviceObject = a ? a->device_objects[IO_DEVICE_LOWER].handle : NULL;
	if (AllocatedResources)
		*AllocatedResources = a ? a->cm_resources : NULL;
	if (AllocatedResourcesTranslated)
		*AllocatedResourcesTranslated = a ? a->cm_resources : NULL;
}

int ndis_adapter_devices_create(struct ndis_adapter *a)
{
	for (int role = IO_DEVICE_PDO; role <= IO_DEVICE_LOWER; role++) {
		if (io_device_object_create(&a->device_objects[role], a->k,
					    (enum io_device_role)role, a->device,
					    &a->resources) != 0) {
			ndis_adapter_devices_destroy(a);
			return -ENOMEM;
		}
	}
	return 0;
}

void ndis_adapter_devices_destroy(struct ndis_adapter *a)
{
	for (int role = IO_DEVICE_PDO; role <= IO_DEVICE_LOWER; role++)
		io_device_object_destroy(&a->device_objects[role]);
}

/* ---- up to the runtime ------------------------------------------------------ */

static struct ndis_adapter *upcall_adapter(NDIS_HANDLE h, const char *api,
					   const void *site)
{
	struct ndis_adapter *a;

	if (!ndis_check_irql(kernel_current(), api, KIRQL_PASSIVE, KIRQL_DISPATCH, site))
		return NULL;
	a = ndis_adapter_from_handle(h, api, site);
	return a && a->host ? a : NULL;
}

VOID NdisMIndicateStatusEx(NDIS_HANDLE MiniportAdapterHandle,
			   PNDIS_STATUS_INDICATION StatusIndication)
{
	const void *site = NDIS_CALLER();
	struct ndis_adapter *a;

	a = upcall_adapter(MiniportAdapterHandle, "NdisMIndicateStatusEx", site);
	if (!a || !StatusIndication)
		return;
	if (StatusIndication->Header.Type != NDIS_OBJECT_TYPE_STATUS_INDICATION) {
		struct vf_facts f = { .handle = StatusIndication, .irql = -1,
				      .call_site = site };

		vf_report(a->k->verifier, VF_REG_HEADER, &f,
			  "NdisMIndicateStatusEx: Header.Type 0x%02X is not NDIS_OBJECT_TYPE_STATUS_INDICATION",
			  StatusIndication->Header.Type);
		return;
	}
	if (!ndis_offload_indication(a, StatusIndication, site))
		return;   /* a malformed offload payload goes no further (reported) */
	if (a->host->indicate_status)
		a->host->indicate_status(a, StatusIndication);
}

VOID NdisMPauseComplete(NDIS_HANDLE MiniportAdapterHandle)
{
	struct ndis_adapter *a = upcall_adapter(MiniportAdapterHandle,
						"NdisMPauseComplete", NDIS_CALLER());

	if (a && a->host->pause_complete)
		a->host->pause_complete(a, NDIS_CALLER());
}

VOID NdisMRestartComplete(NDIS_HANDLE MiniportAdapterHandle, NDIS_STATUS Status)
{
	struct ndis_adapter *a = upcall_adapter(MiniportAdapterHandle,
						"NdisMRestartComplete", NDIS_CALLER());

	if (a && a->host->restart_complete)
		a->host->restart_complete(a, Status);
}

VOID NdisMOidRequestComplete(NDIS_HANDLE MiniportAdapterHandle,
			     PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status)
{
	struct ndis_adapter *a = upcall_adapter(MiniportAdapterHandle,
						"NdisMOidRequestComplete", NDIS_CALLER());

	if (a && a->host->oid_complete)
		a->host->oid_complete(a, OidRequest, Status);
}

VOID NdisMSendNetBufferListsComplete(NDIS_HANDLE MiniportAdapterHandle,
				     PNET_BUFFER_LIST NetBufferLists,
				     ULONG SendCompleteFlags)
{
	struct ndis_adapter *a;

	/* spec §9: a completion hands work to the protocol: a switch point */
	ksched_point(KSCHED_EV_CALL, 0, "NdisMSendNetBufferListsComplete", NDIS_CALLER());
	a = upcall_adapter(MiniportAdapterHandle, "NdisMSendNetBufferListsComplete",
			   NDIS_CALLER());

	if (a && NetBufferLists && a->host->send_complete)
		a->host->send_complete(a, NetBufferLists, SendCompleteFlags);
}

VOID NdisMIndicateReceiveNetBufferLists(NDIS_HANDLE MiniportAdapterHandle,
					PNET_BUFFER_LIST NetBufferLists,
					NDIS_PORT_NUMBER PortNumber,
					ULONG NumberOfNetBufferLists,
					ULONG ReceiveFlags)
{
	struct ndis_adapter *a;

	ksched_point(KSCHED_EV_CALL, 0, "NdisMIndicateReceiveNetBufferLists", NDIS_CALLER());
	a = upcall_adapter(MiniportAdapterHandle, "NdisMIndicateReceiveNetBufferLists",
			   NDIS_CALLER());

	if (a && NetBufferLists)
		ndis_interrupt_count_indicated(a, NumberOfNetBufferLists);
	if (a && NetBufferLists && a->host->indicate_receive)
		a->host->indicate_receive(a, NetBufferLists, PortNumber,
					  NumberOfNetBufferLists, ReceiveFlags);
}
