/* ports.c — I/O ports (facts §2.3 and §5):
 * NdisMRegisterIoPortRange / NdisMDeregisterIoPortRange over the adapter's
 * CmResourceTypePort range, and the port accessors behind READ_PORT_*,
 * WRITE_PORT_*, their buffer forms and NdisRawRead/WritePort*.
 *
 * A port range is a resource of the adapter, like a register window: the
 * host gives the adapter one (ndis_adapter.port_base/port_length) only
 * when its device model decodes I/O ports (device.port_length), and a
 * registration outside it fails with NDIS_STATUS_RESOURCE_CONFLICT, as
 * NdisMMapIoSpace does outside the memory resource.  The runtime's
 * virtio-net model decodes no ports (its registers are memory-mapped), so
 * today every registration by a runtime adapter is such a conflict
 * (docs/runtime.md "I/O ports").
 *
 * On x64 the port value a driver uses is the port number itself, so
 * *PortOffset is InitialPort; an access finds its range in the machine's
 * table (kernel->io_space, ndis_internal.h) and reaches the model by offset.
 */
#include <stdlib.h>
#include <string.h>

#include "device/device.h"
#include "kernel/ksched.h"
#include "ndis/ndis_internal.h"

#define PORT_SPACE_END 0x10000u   /* x86 I/O space: 64 Ki ports */

struct port_range {
	struct port_range *next;
	struct kres res;                 /* on the adapter: "io-port" */
	struct kernel *k;
	uint32_t first, count;           /* ports [first, first + count) */
	uint32_t offset;                 /* of `first` inside the device's range */
	struct device *device;
};

static void range_reclaim(struct kres *r)
{
	struct port_range *p = (struct port_range *)((char *)r - offsetof(struct port_range, res));
	struct io_space *s = atomic_load(&p->k->io_space);

	pthread_rwlock_wrlock(&s->lock);
	for (struct port_range **pp = &s->ports; *pp; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	pthread_rwlock_unlock(&s->lock);
	kernel_free(p->k, p);
}

/* The adapter's port resource holds [first, first + count). */
static bool in_resource(const struct ndis_adapter *a, uint64_t first, uint64_t count)
{
	return a->device && a->port_length && count && first >= a->port_base &&
	       count <= a->port_length && first - a->port_base <= a->port_length - count;
}

NDIS_STATUS NdisMRegisterIoPortRange(PVOID *PortOffset, NDIS_HANDLE MiniportAdapterHandle,
				     UINT InitialPort, UINT NumberOfPorts)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	struct ndis_adapter *a;
	struct io_space *s;
	struct port_range *p;

	if (!PortOffset) {
		vf_report(k ? k->verifier : NULL, VF_REG_NULL,
			  &(struct vf_facts){ .irql = -1, .call_site = site },
			  "NdisMRegisterIoPortRange: PortOffset is NULL");
		return NDIS_STATUS_INVALID_PARAMETER;
	}
	*PortOffset = NULL;
	if (!ndis_check_irql(k, "NdisMRegisterIoPortRange", KIRQL_PASSIVE, KIRQL_PASSIVE, site))
		return NDIS_STATUS_FAILURE;
	a = ndis_adapter_from_handle(MiniportAdapterHandle, "NdisMRegisterIoPortRange", site);
	if (!a)
		return NDIS_STATUS_INVALID_PARAMETER;
	if (!in_resource(a, InitialPort, NumberOfPorts) ||
	    (uint64_t)InitialPort + NumberOfPorts > PORT_SPACE_END) {
		kernel_trace(k, "  NdisMRegisterIoPortRange: ports 0x%x +%u are not in the adapter's "
			     "port resource (%s)", InitialPort, NumberOfPorts,
			     a->port_length ? "outside it" : "it has none");
		return NDIS_STATUS_RESOURCE_CONFLICT;
	}
	s = ndis_io_space(k);
	p = s ? kernel_alloc(k, sizeof(*p), "ndis.ioport") : NULL;
	if (!p)
		return NDIS_STATUS_RESOURCES;
	memset(p, 0, sizeof(*p));
	p->k = k;
	p->first = InitialPort;
	p->count = NumberOfPorts;
	p->offset = InitialPort - a->port_base;
	p->device = a->device;
	pthread_rwlock_wrlock(&s->lock);
	p->next = s->ports;
	s->ports = p;
	pthread_rwlock_unlock(&s->lock);
	kres_add(&a->resources, &p->res, "io-port", site, NumberOfPorts, range_reclaim);
	kernel_trace(k, "  NdisMRegisterIoPortRange: ports 0x%x +%u (%s)", InitialPort,
		     NumberOfPorts, a->device->name);
	*PortOffset = (PVOID)(ULONG_PTR)InitialPort;
	return NDIS_STATUS_SUCCESS;
}

VOID NdisMDeregisterIoPortRange(NDIS_HANDLE MiniportAdapterHandle, UINT InitialPort,
				UINT NumberOfPorts, PVOID PortOffset)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	struct ndis_adapter *a;
	struct io_space *s;
	struct port_range *p = NULL;

	ndis_check_irql(k, "NdisMDeregisterIoPortRange", KIRQL_PASSIVE, KIRQL_PASSIVE, site);
	a = ndis_adapter_from_handle(MiniportAdapterHandle, "NdisMDeregisterIoPortRange", site);
	if (!a)
		return;
	s = atomic_load(&k->io_space);
	if (s) {
		pthread_rwlock_rdlock(&s->lock);
		for (p = s->ports; p && !(p->first == InitialPort && p->res.list == &a->resources);
		     p = p->next)
			;
		pthread_rwlock_unlock(&s->lock);
	}
	if (!p || p->count != NumberOfPorts || PortOffset != (PVOID)(ULONG_PTR)InitialPort) {
		vf_report(k->verifier, VF_HANDLE,
			  &(struct vf_facts){ .irql = -1, .call_site = site,
					      .address = InitialPort, .length = NumberOfPorts,
					      .has_address = 1 },
			  "NdisMDeregisterIoPortRange: ports 0x%x +%u (PortOffset %p) were not "
			  "registered by NdisMRegisterIoPortRange for this adapter%s",
			  InitialPort, NumberOfPorts, PortOffset,
			  p ? " (NumberOfPorts or PortOffset differs)" : "");
		return;
	}
	kres_remove(&p->res);
	range_reclaim(&p->res);
}

/* ---- port access ------------------------------------------------------------- */

/* The range holding [port, port + size) and the device offset, or NULL
 * (reported: no registered range holds the port). */
static struct port_range *lookup(struct kernel *k, ULONG_PTR port, unsigned size,
				 uint32_t *offset, const char *api, const void *site)
{
	struct io_space *s = k ? atomic_load(&k->io_space) : NULL;
	struct port_range *p = NULL;

	if (s) {
		pthread_rwlock_rdlock(&s->lock);
		for (p = s->ports; p; p = p->next)
			if (port >= p->first && port - p->first < p->count &&
			    size <= p->count - (port - p->first))
				break;
		if (p)
			*offset = p->offset + (uint32_t)(port - p->first);
		pthread_rwlock_unlock(&s->lock);
	}
	if (p)
		return p;
	if (k)
		vf_report(k->verifier, VF_HANDLE,
			  &(struct vf_facts){ .irql = -1, .call_site = site,
					      .address = port, .length = size, .has_address = 1 },
			  "%s: port 0x%llx is in no range registered with NdisMRegisterIoPortRange",
			  api, (unsigned long long)port);
	return NULL;
}

static const char *port_api(bool write, ULONG width)
{
	static const char *const names[2][3] = {
		{ "READ_PORT_UCHAR", "READ_PORT_USHORT", "READ_PORT_ULONG" },
		{ "WRITE_PORT_UCHAR", "WRITE_PORT_USHORT", "WRITE_PORT_ULONG" },
	};

	return names[write][width == 1 ? 0 : width == 2 ? 1 : 2];
}

static uint32_t port_read(ULONG_PTR port, ULONG width, const void *site)
{
	struct kernel *k = kernel_current();
	uint32_t off, value = width >= 4 ? UINT32_MAX : (1u << (8 * width)) - 1;
	struct port_range *p;

	/* spec §9: a switch point, before any lock (io.c's io_read) */
	ksched_point(KSCHED_EV_REG_READ, KSCHED_REG_READ_NS, port_api(false, width), site);
	p = lookup(k, port, width, &off, port_api(false, width), site);
	if (p)
		device_port_read(p->device, off, width, &value);
	return value;
}

static void port_write(ULONG_PTR port, ULONG width, uint32_t value, const void *site)
{
	struct kernel *k = kernel_current();
	uint32_t off;
	struct port_range *p = lookup(k, port, width, &off, port_api(true, width), site);

	if (p)
		device_port_write(p->device, off, width, value);
}

static bool width_ok(ULONG width)
{
	return width == 1 || width == 2 || width == 4;
}

ULONG NdisDmaPortRead(ULONG_PTR Port, ULONG Width)
{
	return width_ok(Width) ? port_read(Port, Width, NDIS_CALLER()) : UINT32_MAX;
}

VOID NdisDmaPortWrite(ULONG_PTR Port, ULONG Width, ULONG Value)
{
	if (width_ok(Width))
		port_write(Port, Width, Value, NDIS_CALLER());
}

static bool buffer_ok(const void *buffer, ULONG count, ULONG width, bool write,
		      const void *site)
{
	struct kernel *k = kernel_current();

	if (!width_ok(width))
		return false;
	if (count == 0 || buffer != NULL)
		return true;
	if (k)
		vf_report(k->verifier, VF_REG_NULL,
			  &(struct vf_facts){ .irql = -1, .call_site = site },
			  "%s (buffer form): Buffer is NULL for a Count of %u",
			  port_api(write, width), (unsigned)count);
	return false;
}

VOID NdisDmaPortReadBuffer(ULONG_PTR Port, PVOID Buffer, ULONG Count, ULONG Width)
{
	const void *site = NDIS_CALLER();

	if (!buffer_ok(Buffer, Count, Width, false, site))
		return;
	for (ULONG i = 0; i < Count; i++) {
		uint32_t v = port_read(Port, Width, site);

		memcpy((char *)Buffer + (size_t)i * Width, &v, Width);   /* little-endian */
	}
}

VOID NdisDmaPortWriteBuffer(ULONG_PTR Port, const VOID *Buffer, ULONG Count, ULONG Width)
{
	const void *site = NDIS_CALLER();

	if (!buffer_ok(Buffer, Count, Width, true, site))
		return;
	for (ULONG i = 0; i < Count; i++) {
		uint32_t v = 0;

		memcpy(&v, (const char *)Buffer + (size_t)i * Width, Width);
		port_write(Port, Width, v, site);
	}
}
