/* io_internal.h — the I/O manager's objects behind PDEVICE_OBJECT and PIRP
 * (wdk-surface-facts §3, §8).
 *
 * A driver never looks inside either (ndisdma_wdk_io.h keeps them
 * incomplete), so both are tagged handles of the machine (kernel.h): a
 * stale IRP (already completed) or a garbage device object is recognised
 * without touching the driver's pointer.
 *
 * Device objects belong to an adapter (src/ndis creates its PDO, FDO and
 * next-lower device for NdisMGetDeviceProperty).  The PDO and the
 * next-lower device stand for the device model's PCI function with its
 * ACPI object: they answer IRP_MJ_DEVICE_CONTROL with the ACPI evaluation
 * IOCTLs (io_acpi.c).  The FDO is NDIS's own: it takes no device control
 * requests from the miniport.  Every other request completes with
 * STATUS_INVALID_DEVICE_REQUEST.
 */
#ifndef NDISDMA_WDM_IO_INTERNAL_H
#define NDISDMA_WDM_IO_INTERNAL_H

#include "wdm/wdm_internal.h"

struct device;

enum io_device_role {
	IO_DEVICE_PDO = 0,     /* the bus driver's PDO (with the ACPI filter) */
	IO_DEVICE_FDO = 1,     /* NDIS's functional device object */
	IO_DEVICE_LOWER = 2,   /* the next-lower device of the FDO: the PDO's stack */
};

struct io_device_object {
	struct kernel *k;
	enum io_device_role role;
	struct device *model;      /* NULL: no device model (a virtual miniport) */
	struct kres_list *owner;   /* the adapter's resources: IRPs not yet sent */
	void *handle;              /* the PDEVICE_OBJECT drivers hold */
};

/* Creates the handle; 0 or -ENOMEM (no handle slot, or an injected fault). */
int io_device_object_create(struct io_device_object *o, struct kernel *k,
			    enum io_device_role role, struct device *model,
			    struct kres_list *owner);
/* Retires the handle (NULL handle: nothing). */
void io_device_object_destroy(struct io_device_object *o);

/* One IRP of IoBuildDeviceIoControlRequest, alive until its completion. */
struct io_irp {
	struct kres res;           /* in the target's owner list until sent */
	struct kernel *k;
	void *handle;              /* the PIRP drivers hold */
	UCHAR major;               /* IRP_MJ_(INTERNAL_)DEVICE_CONTROL */
	ULONG code;                /* IoControlCode */
	PVOID input;               /* METHOD_NEITHER/direct: the caller's */
	PVOID output;
	ULONG in_len, out_len;
	unsigned char *system;     /* METHOD_BUFFERED: max(in, out) bytes */
	PKEVENT event;             /* signalled at completion (may be NULL) */
	PIO_STATUS_BLOCK iosb;     /* the caller's, written at completion */
	ULONG_PTR information;     /* the IRP's IoStatus.Information */
};

/* io_acpi.c: IOCTL_ACPI_(ASYNC_)EVAL_METHOD(_EX) against the model's ACPI
 * object; fills irp->system and irp->information, returns the status. */
NTSTATUS io_acpi_eval(struct io_device_object *o, struct io_irp *irp, const void *site);
/* True for the four evaluation IOCTLs io_acpi_eval serves. */
bool io_acpi_is_eval(ULONG code);

#endif
