/* ob_object.c — objects (facts 3): ObReferenceObjectByHandle,
 * ObfReferenceObject, ObfDereferenceObject (ObReferenceObject and
 * ObDereferenceObject are macros over them), and the object types
 * *PsThreadType and *ExEventObjectType.
 *
 * The objects are src/kernel/kobject.c's: counted, on their machine's
 * list, so a pointer a driver hands back is looked up before it is
 * believed.  A reference dropped that was never taken is KE-ARG (Windows:
 * bug check 0x18 REFERENCE_BY_POINTER), and nothing changes. */
#include "wdm/ke_internal.h"

#include <errno.h>

#include "kernel/kobject.h"

struct _OBJECT_TYPE {
	const char *name;
	enum kobj_kind kind;
};

static struct _OBJECT_TYPE thread_type = { "Thread", KOBJ_THREAD };
static struct _OBJECT_TYPE event_type = { "Event", KOBJ_EVENT };
static POBJECT_TYPE thread_type_ptr = &thread_type;
static POBJECT_TYPE event_type_ptr = &event_type;

POBJECT_TYPE *PsThreadType = &thread_type_ptr;
POBJECT_TYPE *ExEventObjectType = &event_type_ptr;

static bool known_type(POBJECT_TYPE t)
{
	return t == &thread_type || t == &event_type;
}

NTSTATUS ObReferenceObjectByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess,
				   POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
				   PVOID *Object, POBJECT_HANDLE_INFORMATION HandleInformation)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();
	struct kobj *o;
	int rc;

	if (Object)
		*Object = NULL;
	wdm_check_irql(k, "ObReferenceObjectByHandle", KIRQL_PASSIVE, KIRQL_PASSIVE, site);
	if (!Object) {
		ke_report_arg(k, Handle, site, "ObReferenceObjectByHandle: Object is NULL");
		return STATUS_INVALID_PARAMETER;
	}
	if (!k || !k->exec)
		return STATUS_INVALID_HANDLE;
	rc = kobj_reference_by_handle(k, Handle,
				      ObjectType && known_type(ObjectType) ? ObjectType->kind : 0, &o);
	if (rc == -EBADF)
		return STATUS_INVALID_HANDLE;
	if (rc)
		return STATUS_OBJECT_TYPE_MISMATCH;
	if (ObjectType && !known_type(ObjectType)) {
		/* a type ndisdma makes no handles for: the object is not one */
		kobj_dereference(o);
		return STATUS_OBJECT_TYPE_MISMATCH;
	}
	/* a user-mode request checks the handle (KernelMode skips the checks) */
	if (AccessMode != KernelMode) {
		NTSTATUS st = STATUS_SUCCESS;

		if (o->attributes & OBJ_KERNEL_HANDLE)
			st = STATUS_INVALID_HANDLE;
		else if (DesiredAccess & ~o->access)
			st = STATUS_ACCESS_DENIED;
		if (st != STATUS_SUCCESS) {
			kobj_dereference(o);
			return st;
		}
	}
	if (HandleInformation) {
		HandleInformation->HandleAttributes = o->attributes;
		HandleInformation->GrantedAccess = o->access;
	}
	*Object = o->body;
	return STATUS_SUCCESS;
}

static struct kobj *object_of(PVOID Object, const char *api, const void *site)
{
	struct kernel *k = kernel_current();
	struct kobj *o;

	wdm_check_irql(k, api, KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	o = k && k->exec && Object ? kobj_from_body(k, Object) : NULL;
	if (!o)
		ke_report_arg(k, Object, site, "%s: %p is not an object (from ObReferenceObjectByHandle or a system thread)",
			      api, Object);
	return o;
}

LONG_PTR ObfReferenceObject(PVOID Object)
{
	const void *site = WDM_CALLER();
	struct kobj *o = object_of(Object, "ObReferenceObject", site);
	int64_t n;

	if (!o)
		return 0;
	n = kobj_reference(o);
	if (n < 0)
		ke_report_arg(o->k, Object, site, "ObReferenceObject: object %p has no reference left",
			      Object);
	return (LONG_PTR)(n < 0 ? 0 : n);
}

LONG_PTR ObfDereferenceObject(PVOID Object)
{
	const void *site = WDM_CALLER();
	struct kobj *o = object_of(Object, "ObDereferenceObject", site);
	struct kernel *k = kernel_current();
	int64_t n;

	if (!o)
		return 0;
	n = kobj_dereference(o);   /* o may be gone now */
	if (n < 0)
		ke_report_arg(k, Object, site,
			      "ObDereferenceObject: object %p has no reference left to drop",
			      Object);
	return (LONG_PTR)(n < 0 ? 0 : n);
}
