/* handles.c — from a handle a miniport holds to the NDIS object behind it,
 * and the IRQL rule every entry point checks (spec §4 "a stale, foreign or
 * corrupted handle is detected on every call", spec §9).
 */
#include "ndis/ndis_internal.h"
#include "wdm/wdm_internal.h"

#include <stddef.h>

/* One word for the message: "foreign", "stale", ... */
static const char *handle_error_word(enum handle_error e)
{
	switch (e) {
	case HANDLE_GARBAGE: return "garbage";
	case HANDLE_FOREIGN: return "foreign";
	case HANDLE_STALE: return "stale";
	case HANDLE_WRONG_TYPE: return "of the wrong type";
	default: return "invalid";
	}
}

static void report_handle(struct kernel *k, NDIS_HANDLE h, const char *what,
			  enum handle_error err, const char *api, const void *site)
{
	struct vf_facts f = { 0 };

	f.handle = h;
	f.irql = -1;
	f.call_site = site;
	vf_report(k->verifier, VF_HANDLE, &f, "%s: %s %p is %s (%s)",
		  api, what, h, handle_error_word(err), handle_error_name(err));
}

/* A handle is resolved against the machine this thread works for; a
 * thread that works for no machine cannot report, so it only fails. */
static void *lookup(NDIS_HANDLE h, enum handle_type type, const char *what,
		    const char *api, const void *site)
{
	struct kernel *k = kernel_current();
	enum handle_error err = HANDLE_GARBAGE;
	void *obj;

	if (!k)
		return NULL;
	obj = kernel_handle_lookup(k, h, type, &err);
	if (!obj)
		report_handle(k, h, what, err, api, site);
	return obj;
}

struct ndis_adapter *ndis_adapter_from_handle(NDIS_HANDLE h, const char *api,
					      const void *site)
{
	return lookup(h, HANDLE_ADAPTER, "adapter handle", api, site);
}

struct ndis_driver *ndis_driver_from_handle(NDIS_HANDLE h, const char *api,
					    const void *site)
{
	return lookup(h, HANDLE_DRIVER, "driver handle", api, site);
}

struct sg_channel *ndis_dma_from_handle(NDIS_HANDLE h, const char *api,
					const void *site)
{
	return lookup(h, HANDLE_DMA, "DMA handle", api, site);
}

struct kres_list *ndis_owner_resources(NDIS_HANDLE h)
{
	struct kernel *k = kernel_current();
	enum handle_error err;
	struct ndis_adapter *a;
	struct ndis_driver *d;

	if (!k)
		return NULL;
	a = kernel_handle_lookup(k, h, HANDLE_ADAPTER, &err);
	if (a)
		return &a->resources;
	d = kernel_handle_lookup(k, h, HANDLE_DRIVER, &err);
	return d ? &d->resources : NULL;
}

struct ndis_driver *ndis_driver_from_object(const void *driver_object)
{
	struct kernel *k = kernel_current();
	struct ndis_driver *d;
	enum handle_error err;
	uintptr_t base;

	if (!k || !driver_object)
		return NULL;
	base = (uintptr_t)driver_object - offsetof(struct ndis_driver, driver_object);
	if (base % _Alignof(struct ndis_driver))
		return NULL;   /* not where a driver block could be */
	d = (struct ndis_driver *)base;
	if (d->object_magic != NDIS_DRIVER_OBJECT_MAGIC)
		return NULL;
	/* the block must also be a live driver of this machine */
	return kernel_handle_lookup(k, d->handle, HANDLE_DRIVER, &err) == d ? d : NULL;
}

