/* io_irp.c — synchronous device control IRPs (wdk-surface-facts §3):
 * IoBuildDeviceIoControlRequest, IofCallDriver, and the device objects
 * they target (io_internal.h).
 *
 * Every ndisdma target completes an IRP inside IofCallDriver, so the call
 * returns the final status (never STATUS_PENDING); completion does what
 * the I/O manager does for a threaded IRP: copies a METHOD_BUFFERED
 * result (Information bytes, unless the status is an error) to the
 * caller's OutputBuffer, writes the caller's IO_STATUS_BLOCK, signals the
 * caller's event (a driver that always waits on it does not hang) and
 * frees the IRP.  An IRP built but never sent is a resource of the target
 * device's adapter: RES-LEAK at halt.
 */
#include "wdm/io_internal.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernel/kernel.h"

int io_device_object_create(struct io_device_object *o, struct kernel *k,
			    enum io_device_role role, struct device *model,
			    struct kres_list *owner)
{
	o->k = k;
	o->role = role;
	o->model = model;
	o->owner = owner;
	o->handle = kernel_handle_new(k, HANDLE_DEVICE_OBJECT, o);
	return o->handle ? 0 : -ENOMEM;
}

void io_device_object_destroy(struct io_device_object *o)
{
	if (o->handle)
		kernel_handle_retire(o->k, o->handle);
	o->handle = NULL;
}

static void report_handle(struct kernel *k, const void *h, enum handle_error e,
			  const char *api, const char *what, const void *site)
{
	struct vf_facts f = { .handle = h, .irql = -1, .call_site = site };

	vf_report(k->verifier, VF_HANDLE, &f, "%s: %p is not %s (%s)", api, h, what,
		  handle_error_name(e));
}

static struct io_device_object *device_of(struct kernel *k, PDEVICE_OBJECT d,
					  const char *api, const void *site)
{
	enum handle_error e;
	struct io_device_object *o = kernel_handle_lookup(k, d, HANDLE_DEVICE_OBJECT, &e);

	if (!o)
		report_handle(k, d, e, api, "a device object", site);
	return o;
}

static void irp_free(struct io_irp *irp)
{
	kernel_handle_retire(irp->k, irp->handle);
	kernel_free(irp->k, irp->system);
	kernel_free(irp->k, irp);
}

static void irp_reclaim(struct kres *r)
{
	irp_free((struct io_irp *)(void *)((char *)r - offsetof(struct io_irp, res)));
}

/* The KEVENT storage holds the state word NDIS events use
 * (src/ndis/event_time.c): set it and wake the waiters. */
static void signal_event(PKEVENT event)
{
	uint32_t *word = (uint32_t *)(void *)event;

	__atomic_store_n(word, 1, __ATOMIC_RELEASE);
	syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

static bool buffers_ok(PVOID in, ULONG in_len, PVOID out, ULONG out_len)
{
	/* facts §3: a NULL buffer requires a zero length */
	return (in || !in_len) && (out || !out_len);
}

static struct io_irp *irp_new(struct kernel *k, ULONG code, bool buffered, ULONG in_len,
			      ULONG out_len)
{
	struct io_irp *irp = kernel_zalloc(k, sizeof(*irp), "io.irp");
	size_t sys = in_len > out_len ? in_len : out_len;

	if (!irp)
		return NULL;
	irp->k = k;
	irp->code = code;
	if (buffered && sys) {
		irp->system = kernel_zalloc(k, sys, "io.irp.buffer");
		if (!irp->system) {
			kernel_free(k, irp);
			return NULL;
		}
	}
	irp->handle = kernel_handle_new(k, HANDLE_IRP, irp);
	if (!irp->handle) {
		kernel_free(k, irp->system);
		kernel_free(k, irp);
		return NULL;
	}
	return irp;
}

PIRP IoBuildDeviceIoControlRequest(ULONG IoControlCode, PDEVICE_OBJECT DeviceObject,
				   PVOID InputBuffer, ULONG InputBufferLength,
				   PVOID OutputBuffer, ULONG OutputBufferLength,
				   BOOLEAN InternalDeviceIoControl, PKEVENT Event,
				   PIO_STATUS_BLOCK IoStatusBlock)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();
	bool buffered = METHOD_FROM_CTL_CODE(IoControlCode) == METHOD_BUFFERED;
	struct io_device_object *o;
	struct io_irp *irp;

	if (!k || !wdm_check_irql(k, "IoBuildDeviceIoControlRequest", KIRQL_PASSIVE,
				  KIRQL_APC, site))
		return NULL;
	o = device_of(k, DeviceObject, "IoBuildDeviceIoControlRequest", site);
	if (!o || !IoStatusBlock ||
	    !buffers_ok(InputBuffer, InputBufferLength, OutputBuffer, OutputBufferLength))
		return NULL;
	irp = irp_new(k, IoControlCode, buffered, InputBufferLength, OutputBufferLength);
	if (!irp)
		return NULL;
	irp->major = InternalDeviceIoControl ? IRP_MJ_INTERNAL_DEVICE_CONTROL
					     : IRP_MJ_DEVICE_CONTROL;
	irp->input = InputBuffer;
	irp->output = OutputBuffer;
	irp->in_len = InputBufferLength;
	irp->out_len = OutputBufferLength;
	irp->event = Event;
	irp->iosb = IoStatusBlock;
	if (irp->system && InputBufferLength)   /* METHOD_BUFFERED: copied now */
		memcpy(irp->system, InputBuffer, InputBufferLength);
	kres_add(o->owner, &irp->res, "irp", site, sizeof(*irp), irp_reclaim);
	return (PIRP)irp->handle;
}

/* What the target device does with the request. */
static NTSTATUS dispatch(struct io_device_object *o, struct io_irp *irp, const void *site)
{
	if (irp->major != IRP_MJ_DEVICE_CONTROL || o->role == IO_DEVICE_FDO ||
	    !io_acpi_is_eval(irp->code))
		return STATUS_INVALID_DEVICE_REQUEST;
	return io_acpi_eval(o, irp, site);
}

/* The I/O manager's completion of a threaded IRP (facts §3). */
static void complete(struct io_irp *irp, NTSTATUS status)
{
	ULONG_PTR info = NT_ERROR(status) ? 0 : irp->information;

	if (irp->system && irp->output && info)
		memcpy(irp->output, irp->system, info < irp->out_len ? info : irp->out_len);
	irp->iosb->Status = status;
	irp->iosb->Information = info;
	if (irp->event)
		signal_event(irp->event);
	irp_free(irp);
}

NTSTATUS FASTCALL IofCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();
	struct io_device_object *o;
	struct io_irp *irp;
	enum handle_error e;
	NTSTATUS status;

	if (!k)
		return STATUS_INVALID_PARAMETER;
	wdm_check_irql(k, "IoCallDriver", KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	irp = kernel_handle_lookup(k, Irp, HANDLE_IRP, &e);
	if (!irp) {   /* nothing to complete: a stale IRP was completed already */
		report_handle(k, Irp, e, "IoCallDriver", "a live IRP", site);
		return STATUS_INVALID_PARAMETER;
	}
	kres_remove(&irp->res);   /* the I/O manager's from now on */
	o = device_of(k, DeviceObject, "IoCallDriver", site);
	status = o ? dispatch(o, irp, site) : STATUS_INVALID_DEVICE_REQUEST;
	complete(irp, status);
	return status;
}
