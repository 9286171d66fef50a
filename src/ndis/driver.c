/* driver.c — NdisMRegisterMiniportDriver / NdisMDeregisterMiniportDriver
 * (spec §13: validates the characteristics header, NDIS version 6.x and
 * the required handlers; facts §6: NDIS copies the characteristics).
 */
#include "ndis/ndis_internal.h"

#include <string.h>

static const USHORT chars_size[4] = {
	0,
	NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1,
	NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2,
	NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3,
};

/* The handlers facts §6 marks "Required", by name. */
static const char *missing_handler(const NDIS_MINIPORT_DRIVER_CHARACTERISTICS *c)
{
#define REQUIRE(field) if (!c->field) return #field
	REQUIRE(InitializeHandlerEx);
	REQUIRE(HaltHandlerEx);
	REQUIRE(UnloadHandler);
	REQUIRE(PauseHandler);
	REQUIRE(RestartHandler);
	REQUIRE(OidRequestHandler);
	REQUIRE(SendNetBufferListsHandler);
	REQUIRE(ReturnNetBufferListsHandler);
	REQUIRE(CancelSendHandler);
	REQUIRE(DevicePnPEventNotifyHandler);
	REQUIRE(ShutdownHandlerEx);
	REQUIRE(CancelOidRequestHandler);
#undef REQUIRE
	return NULL;
}

/* Returns the status the characteristics earn; *why says what is wrong. */
static NDIS_STATUS check_chars(const NDIS_MINIPORT_DRIVER_CHARACTERISTICS *c,
			       const char **why, bool *bad_header)
{
	*bad_header = false;
	if (!c) {
		*why = "NULL characteristics";
		return NDIS_STATUS_INVALID_PARAMETER;
	}
	*bad_header = true;
	if (c->Header.Type != NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS) {
		*why = "Header.Type is not NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS (0x8A)";
		return NDIS_STATUS_BAD_CHARACTERISTICS;
	}
	if (c->Header.Revision < 1 || c->Header.Revision > 3) {
		*why = "Header.Revision is not 1, 2 or 3";
		return NDIS_STATUS_BAD_CHARACTERISTICS;
	}
	if (c->Header.Size < chars_size[c->Header.Revision]) {
		*why = "Header.Size is smaller than its revision's size";
		return NDIS_STATUS_BAD_CHARACTERISTICS;
	}
	*bad_header = false;
	if (c->MajorNdisVersion != 6) {
		*why = "MajorNdisVersion is not 6 (ndisdma hosts NDIS 6.x miniports)";
		return NDIS_STATUS_BAD_VERSION;
	}
	*why = missing_handler(c);
	return *why ? NDIS_STATUS_BAD_CHARACTERISTICS : NDIS_STATUS_SUCCESS;
}

static void copy_chars(struct ndis_driver *d,
		       const NDIS_MINIPORT_DRIVER_CHARACTERISTICS *c)
{
	size_t n = c->Header.Size < sizeof(d->chars) ? c->Header.Size
						     : sizeof(d->chars);

	/* fields past the caller's revision stay NULL */
	memset(&d->chars, 0, sizeof(d->chars));
	memcpy(&d->chars, c, n);
	if (c->Header.Revision < 2) {
		d->chars.DirectOidRequestHandler = NULL;
		d->chars.CancelDirectOidRequestHandler = NULL;
	}
	if (c->Header.Revision < 3)
		d->chars.SynchronousOidRequestHandler = NULL;
}

static NDIS_STATUS register_driver(struct ndis_driver *d, NDIS_HANDLE context,
				   PNDIS_MINIPORT_DRIVER_CHARACTERISTICS c,
				   const void *site)
{
	struct vf_facts f = { .handle = c, .irql = -1, .call_site = site };
	const char *why = NULL;
	bool bad_header;
	NDIS_STATUS st;

	st = check_chars(c, &why, &bad_header);
	if (st != NDIS_STATUS_SUCCESS) {
		if (bad_header)   /* bug check 0x7C P1=0x21 on Windows */
			vf_report(d->k->verifier, VF_REG_HEADER, &f,
				  "NdisMRegisterMiniportDriver: %s (type 0x%02X revision %u size %u)",
				  why, c->Header.Type, c->Header.Revision, c->Header.Size);
		kernel_trace(d->k, "NdisMRegisterMiniportDriver: 0x%08X: %s",
			     (unsigned)st, why);
		return st;
	}
	if (d->registered)
		return NDIS_STATUS_FAILURE;   /* one registration per DriverEntry */
	copy_chars(d, c);
	d->driver_context = context;
	d->registered = true;
	/* facts §6: NDIS calls MiniportSetOptions from inside this call */
	if (d->chars.SetOptionsHandler) {
		st = d->chars.SetOptionsHandler(d->handle, context);
		if (st != NDIS_STATUS_SUCCESS) {
			d->registered = false;
			return st;
		}
	}
	return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS NdisMRegisterMiniportDriver(PDRIVER_OBJECT DriverObject,
					PUNICODE_STRING RegistryPath,
					NDIS_HANDLE MiniportDriverContext,
					PNDIS_MINIPORT_DRIVER_CHARACTERISTICS MiniportDriverCharacteristics,
					PNDIS_HANDLE NdisMiniportDriverHandle)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	struct ndis_driver *d;
	NDIS_STATUS st;

	(void)RegistryPath;
	if (NdisMiniportDriverHandle)
		*NdisMiniportDriverHandle = NULL;
	if (!ndis_check_irql(k, "NdisMRegisterMiniportDriver", KIRQL_PASSIVE,
			     KIRQL_PASSIVE, site))
		return NDIS_STATUS_FAILURE;
	d = ndis_driver_from_object(DriverObject);
	if (!d) {
		if (k) {
			struct vf_facts f = { .handle = DriverObject, .irql = -1,
					      .call_site = site };

			vf_report(k->verifier, VF_HANDLE, &f,
				  "NdisMRegisterMiniportDriver: %p is not the DRIVER_OBJECT passed to DriverEntry",
				  (void *)DriverObject);
		}
		return NDIS_STATUS_INVALID_PARAMETER;
	}
	if (!NdisMiniportDriverHandle)
		st = NDIS_STATUS_INVALID_PARAMETER;
	else
		st = register_driver(d, MiniportDriverContext,
				     MiniportDriverCharacteristics, site);
	d->register_called = true;
	d->register_status = st;
	if (st == NDIS_STATUS_SUCCESS)
		*NdisMiniportDriverHandle = d->handle;
	return st;
}

VOID NdisMDeregisterMiniportDriver(NDIS_HANDLE NdisMiniportDriverHandle)
{
	const void *site = NDIS_CALLER();
	struct ndis_driver *d;

	ndis_check_irql(kernel_current(), "NdisMDeregisterMiniportDriver",
			KIRQL_PASSIVE, KIRQL_PASSIVE, site);
	d = ndis_driver_from_handle(NdisMiniportDriverHandle,
				    "NdisMDeregisterMiniportDriver", site);
	if (d)
		d->registered = false;
}
