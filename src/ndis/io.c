/* io.c — device register access (spec §13 "Device access"):
 * NdisMMapIoSpace / NdisMUnmapIoSpace over the adapter's CmResourceTypeMemory
 * window, NdisDmaIoRead/Write8/16/32 (behind NdisRead/WriteRegister*) routed
 * to the device model whose mapped window holds the address
 * (NdisWriteErrorLogEntry is in error_log.c).
 *
 * The VA handed out is a reserved PROT_NONE mapping: a plain dereference
 * faults, as it would without the accessor; every access goes through the
 * machine's window table (kernel->io_space) to device_mmio_read/write.
 * An unmapped window's reservation (and its record) is kept on the
 * table's spare list for a later window of the same size instead of an
 * munmap and a new mmap per adapter (fuzz_device maps one per input): it
 * is PROT_NONE all its life, so a dereference of a stale window address
 * still faults, and an accessor call through it is still "in no register
 * window" until the VA is mapped again, which, as with mmap reusing the
 * hole just unmapped, makes it a window of the new mapping.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "device/device.h"
#include "kernel/ksched.h"
#include "ndis/ndis_internal.h"

struct io_window {
	struct io_window *next;
	struct kres res;                 /* on the adapter: "io-space" */
	struct kernel *k;
	uintptr_t va;
	size_t length;                   /* as mapped by the miniport */
	size_t reserved;                 /* page-rounded mmap length */
	uint32_t offset;                 /* of va inside the device window */
	struct device *device;
	uint64_t pa;                     /* device address of va */
	bool readonly;                   /* MmMapIoSpaceEx without write access */
};

struct io_space *ndis_io_space(struct kernel *k)
{
	struct io_space *s = atomic_load(&k->io_space), *none = NULL;

	if (s)
		return s;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	pthread_rwlock_init(&s->lock, NULL);
	if (atomic_compare_exchange_strong(&k->io_space, &none, s))
		return s;
	pthread_rwlock_destroy(&s->lock);
	free(s);
	return none;
}

/* Spare windows kept at most (io_space.spare): an adapter maps one or two. */
#define SPARE_WINDOWS 8

void ndis_io_space_destroy(struct kernel *k)
{
	struct io_space *s = atomic_exchange(&k->io_space, NULL);

	if (!s)
		return;
	while (s->spare) {
		struct io_window *w = s->spare;

		s->spare = w->next;
		munmap((void *)w->va, w->reserved);
		free(w);
	}
	pthread_rwlock_destroy(&s->lock);
	free(s);   /* windows and ranges are adapter resources, reclaimed at halt */
}

/* The window leaves the table for the spare list (or, when that is
 * full, goes back to the system). */
static void window_reclaim(struct kres *r)
{
	struct io_window *w = (struct io_window *)((char *)r - offsetof(struct io_window, res));
	struct kernel *k = w->k;
	struct io_space *s = atomic_load(&k->io_space);
	unsigned spares = 0;

	krw_wrlock(k, &s->lock);
	for (struct io_window **p = &s->windows; *p; p = &(*p)->next)
		if (*p == w) {
			*p = w->next;
			break;
		}
	for (struct io_window *x = s->spare; x; x = x->next)
		spares++;
	if (spares < SPARE_WINDOWS) {
		w->next = s->spare;
		s->spare = w;
		w = NULL;
	}
	krw_unlock(k, &s->lock);
	if (w) {
		munmap((void *)w->va, w->reserved);
		free(w);
	}
}

/* A spare window of reserved bytes, taken off the list; NULL: none. */
static struct io_window *spare_take(struct kernel *k, struct io_space *s, size_t reserved)
{
	struct io_window *w = NULL;

	krw_wrlock(k, &s->lock);
	for (struct io_window **p = &s->spare; *p; p = &(*p)->next)
		if ((*p)->reserved == reserved) {
			w = *p;
			*p = w->next;
			break;
		}
	krw_unlock(k, &s->lock);
	return w;
}

/* spec §13: the range must lie in the adapter's CmResourceTypeMemory window. */
static bool in_window(const struct ndis_adapter *a, uint64_t pa, uint64_t len)
{
	return a->device && len && pa >= a->mmio_base &&
	       len <= a->mmio_length && pa - a->mmio_base <= a->mmio_length - len;
}

NDIS_STATUS ndis_io_map(struct ndis_adapter *a, uint64_t pa, size_t len, bool readonly,
			const void *site, PVOID *va)
{
	struct io_space *s = ndis_io_space(a->k);
	long page = sysconf(_SC_PAGESIZE);
	size_t reserved = ((size_t)len + (size_t)page - 1) & ~((size_t)page - 1);
	struct io_window *w;
	void *p;

	if (!s)
		return NDIS_STATUS_RESOURCES;
	if ((w = spare_take(a->k, s, reserved))) {
		p = (void *)w->va;
		memset(w, 0, sizeof(*w));
	} else {
		if (!(w = calloc(1, sizeof(*w))))
			return NDIS_STATUS_RESOURCES;
		p = mmap(NULL, reserved, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
			 -1, 0);
		if (p == MAP_FAILED) {
			free(w);
			return NDIS_STATUS_RESOURCES;
		}
	}
	w->reserved = reserved;
	w->k = a->k;
	w->va = (uintptr_t)p;
	w->length = len;
	w->offset = (uint32_t)(pa - a->mmio_base);
	w->device = a->device;
	w->pa = pa;
	w->readonly = readonly;
	krw_wrlock(a->k, &s->lock);
	w->next = s->windows;
	s->windows = w;
	krw_unlock(a->k, &s->lock);
	kres_add(&a->resources, &w->res, "io-space", site, len, window_reclaim);
	kernel_trace(a->k, "  register window: PA 0x%llx +0x%zx -> %p (%s)",
		     (unsigned long long)pa, len, p, a->device->name);
	*va = p;
	return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS NdisMMapIoSpace(PVOID *VirtualAddress, NDIS_HANDLE MiniportAdapterHandle,
			    NDIS_PHYSICAL_ADDRESS PhysicalAddress, UINT Length)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	struct ndis_adapter *a;
	uint64_t pa = (uint64_t)PhysicalAddress.QuadPart;

	if (!VirtualAddress) {
		vf_report(k ? k->verifier : NULL, VF_REG_NULL, &(struct vf_facts){ .irql = -1, .call_site = site },
			  "NdisMMapIoSpace: VirtualAddress is NULL");
		return NDIS_STATUS_INVALID_PARAMETER;
	}
	*VirtualAddress = NULL;
	if (!ndis_check_irql(k, "NdisMMapIoSpace", KIRQL_PASSIVE, KIRQL_PASSIVE, site))
		return NDIS_STATUS_FAILURE;
	a = ndis_adapter_from_handle(MiniportAdapterHandle, "NdisMMapIoSpace", site);
	if (!a)
		return NDIS_STATUS_INVALID_PARAMETER;
	if (!in_window(a, pa, Length)) {
		kernel_trace(k, "  NdisMMapIoSpace: PA 0x%llx +0x%x is not in the adapter's memory resource",
			     (unsigned long long)pa, Length);
		return NDIS_STATUS_RESOURCE_CONFLICT;
	}
	return ndis_io_map(a, pa, Length, false, site, VirtualAddress);
}

/* The window mapped at va (of adapter a, or of any adapter when a is NULL). */
static struct io_window *window_at(struct kernel *k, const void *va,
				   const struct ndis_adapter *a)
{
	struct io_space *s = atomic_load(&k->io_space);
	struct io_window *w = NULL;

	if (s) {
		krw_rdlock(k, &s->lock);
		for (w = s->windows; w && !(w->va == (uintptr_t)va &&
					 (!a || w->res.list == &a->resources)); w = w->next)
			;
		krw_unlock(k, &s->lock);
	}
	return w;
}

bool ndis_io_unmap(struct kernel *k, const struct ndis_adapter *a, PVOID va, size_t len,
		   const char *api, const void *site)
{
	struct io_window *w = window_at(k, va, a);

	if (!w || w->length != len) {
		vf_report(k->verifier, VF_HANDLE,
			  &(struct vf_facts){ .irql = -1, .call_site = site,
					      .address = (uintptr_t)va,
					      .length = len, .has_address = 1 },
			  "%s: %p +0x%zx is not a register window mapped%s%s",
			  api, va, len, a ? " by NdisMMapIoSpace for this adapter" : "",
			  w ? " (length differs)" : "");
		return false;
	}
	kres_remove(&w->res);
	window_reclaim(&w->res);
	return true;
}

VOID NdisMUnmapIoSpace(NDIS_HANDLE MiniportAdapterHandle, PVOID VirtualAddress, UINT Length)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	struct ndis_adapter *a;

	ndis_check_irql(k, "NdisMUnmapIoSpace", KIRQL_PASSIVE, KIRQL_PASSIVE, site);
	a = ndis_adapter_from_handle(MiniportAdapterHandle, "NdisMUnmapIoSpace", site);
	if (a)
		ndis_io_unmap(k, a, VirtualAddress, Length, "NdisMUnmapIoSpace", site);
}

bool ndis_io_window_pa(struct kernel *k, const void *va, uint64_t *pa)
{
	struct io_space *s = k ? atomic_load(&k->io_space) : NULL;
	uintptr_t p = (uintptr_t)va;
	bool found = false;

	if (!s)
		return false;
	krw_rdlock(k, &s->lock);
	for (struct io_window *w = s->windows; w && !found; w = w->next)
		if (p >= w->va && p - w->va < w->reserved) {
			*pa = w->pa + (p - w->va);
			found = true;
		}
	krw_unlock(k, &s->lock);
	return found;
}

/* ---- register access --------------------------------------------------------- */

/* The window holding [va, va+size) and the device offset, or NULL
 * (reported: the address is no mapped register). */
static struct io_window *lookup(struct kernel *k, const volatile void *va, unsigned size,
				uint32_t *offset, const char *api, const void *site)
{
	struct io_space *s = k ? atomic_load(&k->io_space) : NULL;
	uintptr_t p = (uintptr_t)va;
	struct io_window *w = NULL;

	if (s) {
		krw_rdlock(k, &s->lock);
		for (w = s->windows; w; w = w->next)
			if (p >= w->va && p - w->va < w->length && size <= w->length - (p - w->va))
				break;
		krw_unlock(k, &s->lock);
	}
	if (w) {
		*offset = w->offset + (uint32_t)(p - w->va);
		return w;
	}
	if (k)
		vf_report(k->verifier, VF_HANDLE,
			  &(struct vf_facts){ .irql = -1, .call_site = site,
					      .address = p, .length = size, .has_address = 1 },
			  "%s: %p is in no register window mapped by NdisMMapIoSpace", api, (const void *)va);
	return NULL;
}

static uint32_t io_read(const volatile void *va, unsigned size, const char *api, const void *site)
{
	struct kernel *k = kernel_current();
	uint32_t off, value = size == 4 ? UINT32_MAX : (1u << (8 * size)) - 1;
	struct io_window *w;

	/* spec §9: a register read is a switch point (a driver polling a
	 * register lets the device run), before any lock is taken */
	ksched_point(KSCHED_EV_REG_READ, KSCHED_REG_READ_NS, api, site);
	w = lookup(k, va, size, &off, api, site);
	if (w)
		device_mmio_read(w->device, off, size, &value);
	return value;
}

static void io_write(volatile void *va, unsigned size, uint32_t value, const char *api,
		     const void *site)
{
	struct kernel *k = kernel_current();
	uint32_t off;
	struct io_window *w = lookup(k, va, size, &off, api, site);

	if (w && w->readonly) {
		vf_report(k->verifier, VF_HANDLE,
			  &(struct vf_facts){ .irql = -1, .call_site = site,
					      .address = (uintptr_t)va, .length = size,
					      .has_address = 1 },
			  "%s: %p is in a register window mapped read-only (MmMapIoSpaceEx "
			  "PAGE_READONLY): the write is dropped", api, (const void *)va);
		return;
	}
	if (w)
		device_mmio_write(w->device, off, size, value);
}

UCHAR NdisDmaIoRead8(volatile UCHAR *Register)
{
	return (UCHAR)io_read(Register, 1, "NdisReadRegisterUchar", NDIS_CALLER());
}

USHORT NdisDmaIoRead16(volatile USHORT *Register)
{
	return (USHORT)io_read(Register, 2, "NdisReadRegisterUshort", NDIS_CALLER());
}

ULONG NdisDmaIoRead32(volatile ULONG *Register)
{
	return io_read(Register, 4, "NdisReadRegisterUlong", NDIS_CALLER());
}

VOID NdisDmaIoWrite8(volatile UCHAR *Register, UCHAR Value)
{
	io_write(Register, 1, Value, "NdisWriteRegisterUchar", NDIS_CALLER());
}

VOID NdisDmaIoWrite16(volatile USHORT *Register, USHORT Value)
{
	io_write(Register, 2, Value, "NdisWriteRegisterUshort", NDIS_CALLER());
}

VOID NdisDmaIoWrite32(volatile ULONG *Register, ULONG Value)
{
	io_write(Register, 4, Value, "NdisWriteRegisterUlong", NDIS_CALLER());
}

/* For io_access.c (the 64-bit and buffer forms): one access of `size`
 * bytes, reported as `api` from `site` when va is in no window. */
uint32_t ndis_io_read(const volatile void *va, unsigned size, const char *api,
		      const void *site)
{
	return io_read(va, size, api, site);
}

void ndis_io_write(volatile void *va, unsigned size, uint32_t value, const char *api,
		   const void *site)
{
	io_write(va, size, value, api, site);
}
