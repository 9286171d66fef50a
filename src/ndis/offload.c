/* offload.c — task offload: the offload attributes a miniport
 * sets from MiniportInitializeEx (NdisMSetMiniportAttributes with
 * NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES), the NDIS_STATUS_TASK_OFFLOAD_*
 * indications it makes afterwards, and the bookkeeping the runtime needs
 * for the OID_TCP_OFFLOAD_PARAMETERS sets it sends (docs/runtime.md
 * "Task offload").
 *
 * ndisdma's device models compute no checksums and segment nothing; what
 * this file keeps is what NDIS keeps: the capabilities and the current
 * configuration a protocol above would be told, and the checks on them.
 */
#include "ndis/ndis_internal.h"

#include "kernel/ksched.h"

#include <sched.h>
#include <string.h>

static void ol_lock(struct ndis_offload *o)
{
	unsigned spins = 256;   /* yield at once */

	while (atomic_flag_test_and_set_explicit(&o->lock, memory_order_acquire))
		kspin_backoff(&spins);
}

static void ol_unlock(struct ndis_offload *o)
{
	atomic_flag_clear_explicit(&o->lock, memory_order_release);
}

/* ---- NDIS_OFFLOAD ------------------------------------------------------------- */

/* The bytes an NDIS_OFFLOAD of this revision has at least (0: a revision
 * ndisdma does not know; it knows those of NDIS 6.0, 6.1 and 6.30). */
static USHORT offload_size_for(UCHAR revision)
{
	switch (revision) {
	case NDIS_OFFLOAD_REVISION_1: return NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_1;
	case NDIS_OFFLOAD_REVISION_2: return NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_2;
	case NDIS_OFFLOAD_REVISION_3: return NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_3;
	default: return 0;
	}
}

/* NULL when o is a well-formed NDIS_OFFLOAD within `avail` bytes. */
static const char *offload_header_problem(const NDIS_OFFLOAD *o, size_t avail)
{
	USHORT need = offload_size_for(o->Header.Revision);

	if (o->Header.Type != NDIS_OBJECT_TYPE_OFFLOAD)
		return "Header.Type is not NDIS_OBJECT_TYPE_OFFLOAD";
	if (need == 0)
		return "Header.Revision is not NDIS_OFFLOAD_REVISION_1, 2 or 3";
	if (o->Header.Size < need)
		return "Header.Size is below its revision's NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_n";
	if (o->Header.Size > avail)
		return "Header.Size is larger than StatusBufferSize";
	return NULL;
}

/* The revision's part of src; the fields of later revisions read as 0. */
static void offload_copy(NDIS_OFFLOAD *dst, const NDIS_OFFLOAD *src)
{
	size_t n = offload_size_for(src->Header.Revision);

	memset(dst, 0, sizeof(*dst));
	memcpy(dst, src, n < sizeof(*dst) ? n : sizeof(*dst));
}

/* The first task the configuration c turns on that the capabilities h do
 * not offer, named by its field path; NULL when c stays within h.  A
 * 2-bit field is on when it is NDIS_OFFLOAD_SUPPORTED, a mask when it has
 * bits h lacks; a large-send size may not exceed the hardware's, nor its
 * segment count go below the hardware's minimum. */
#define ON_BEYOND(f) \
	do { if (c->f == NDIS_OFFLOAD_SUPPORTED && h->f != NDIS_OFFLOAD_SUPPORTED) return #f; } while (0)
#define BITS_BEYOND(f) \
	do { if (c->f & ~h->f) return #f; } while (0)
#define LSO_BEYOND(g) \
	do { \
		BITS_BEYOND(g.Encapsulation); \
		if (c->g.Encapsulation && c->g.MaxOffLoadSize > h->g.MaxOffLoadSize) \
			return #g ".MaxOffLoadSize"; \
		if (c->g.Encapsulation && c->g.MinSegmentCount < h->g.MinSegmentCount) \
			return #g ".MinSegmentCount"; \
	} while (0)

static const char *checksum_beyond(const NDIS_OFFLOAD *c, const NDIS_OFFLOAD *h)
{
	BITS_BEYOND(Checksum.IPv4Transmit.Encapsulation);
	ON_BEYOND(Checksum.IPv4Transmit.IpOptionsSupported);
	ON_BEYOND(Checksum.IPv4Transmit.TcpOptionsSupported);
	ON_BEYOND(Checksum.IPv4Transmit.TcpChecksum);
	ON_BEYOND(Checksum.IPv4Transmit.UdpChecksum);
	ON_BEYOND(Checksum.IPv4Transmit.IpChecksum);
	BITS_BEYOND(Checksum.IPv4Receive.Encapsulation);
	ON_BEYOND(Checksum.IPv4Receive.IpOptionsSupported);
	ON_BEYOND(Checksum.IPv4Receive.TcpOptionsSupported);
	ON_BEYOND(Checksum.IPv4Receive.TcpChecksum);
	ON_BEYOND(Checksum.IPv4Receive.UdpChecksum);
	ON_BEYOND(Checksum.IPv4Receive.IpChecksum);
	BITS_BEYOND(Checksum.IPv6Transmit.Encapsulation);
	ON_BEYOND(Checksum.IPv6Transmit.IpExtensionHeadersSupported);
	ON_BEYOND(Checksum.IPv6Transmit.TcpOptionsSupported);
	ON_BEYOND(Checksum.IPv6Transmit.TcpChecksum);
	ON_BEYOND(Checksum.IPv6Transmit.UdpChecksum);
	BITS_BEYOND(Checksum.IPv6Receive.Encapsulation);
	ON_BEYOND(Checksum.IPv6Receive.IpExtensionHeadersSupported);
	ON_BEYOND(Checksum.IPv6Receive.TcpOptionsSupported);
	ON_BEYOND(Checksum.IPv6Receive.TcpChecksum);
	ON_BEYOND(Checksum.IPv6Receive.UdpChecksum);
	return NULL;
}

static const char *offload_beyond(const NDIS_OFFLOAD *c, const NDIS_OFFLOAD *h)
{
	const char *why = checksum_beyond(c, h);

	if (why)
		return why;
	LSO_BEYOND(LsoV1.IPv4);
	ON_BEYOND(LsoV1.IPv4.TcpOptions);
	ON_BEYOND(LsoV1.IPv4.IpOptions);
	LSO_BEYOND(LsoV2.IPv4);
	LSO_BEYOND(LsoV2.IPv6);
	ON_BEYOND(LsoV2.IPv6.IpExtensionHeadersSupported);
	ON_BEYOND(LsoV2.IPv6.TcpOptionsSupported);
	BITS_BEYOND(IPsecV1.Supported.Encapsulation);
	BITS_BEYOND(IPsecV2.Encapsulation);
	if (c->Rsc.IPv4.Enabled && !h->Rsc.IPv4.Enabled)
		return "Rsc.IPv4.Enabled";
	if (c->Rsc.IPv6.Enabled && !h->Rsc.IPv6.Enabled)
		return "Rsc.IPv6.Enabled";
	BITS_BEYOND(EncapsulatedPacketTaskOffloadGre.TransmitChecksumOffloadSupported);
	BITS_BEYOND(EncapsulatedPacketTaskOffloadGre.ReceiveChecksumOffloadSupported);
	BITS_BEYOND(EncapsulatedPacketTaskOffloadGre.LsoV2Supported);
	return NULL;
}

#undef ON_BEYOND
#undef BITS_BEYOND
#undef LSO_BEYOND

/* ---- reports -------------------------------------------------------------------- */

static void report(struct ndis_adapter *a, enum vf_rule rule, const void *obj,
		   const void *site, const char *fmt, const char *api, const char *what,
		   const char *why)
{
	struct vf_facts f = { .handle = obj, .irql = -1, .call_site = site };

	vf_report(a->k->verifier, rule, &f, fmt, api, what, why);
}

#define REPORT_HEADER(a, obj, site, api, what, why) \
	report((a), VF_REG_HEADER, (obj), (site), "%s: %s: %s", (api), (what), (why))

/* ---- NdisMSetMiniportAttributes ------------------------------------------------ */

#define SET_API "NdisMSetMiniportAttributes"

/* Chimney structures are only checked: ndisdma offloads no connections. */
static bool connection_ok(struct ndis_adapter *a, const NDIS_TCP_CONNECTION_OFFLOAD *t,
			  const char *what, const void *site)
{
	const char *why = NULL;

	if (t == NULL)
		return true;
	if (t->Header.Type != NDIS_OBJECT_TYPE_DEFAULT)
		why = "Header.Type is not NDIS_OBJECT_TYPE_DEFAULT";
	else if (t->Header.Revision != NDIS_TCP_CONNECTION_OFFLOAD_REVISION_1 &&
		 t->Header.Revision != NDIS_TCP_CONNECTION_OFFLOAD_REVISION_2)
		why = "Header.Revision is not NDIS_TCP_CONNECTION_OFFLOAD_REVISION_1 or 2";
	else if (t->Header.Size < NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_REVISION_1)
		why = "Header.Size is below NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_REVISION_1";
	if (why)
		REPORT_HEADER(a, t, site, SET_API, what, why);
	return why == NULL;
}

static NDIS_STATUS check_attributes(struct ndis_adapter *a,
				    const NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES *o,
				    const void *site)
{
	const char *why;

	if (o->Header.Revision != NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1) {
		REPORT_HEADER(a, o, site, SET_API, "offload attributes",
			      "Header.Revision is not NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1");
		return NDIS_STATUS_BAD_VERSION;
	}
	if (o->Header.Size < NDIS_SIZEOF_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1) {
		REPORT_HEADER(a, o, site, SET_API, "offload attributes",
			      "Header.Size is below NDIS_SIZEOF_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1");
		return NDIS_STATUS_INVALID_PARAMETER;
	}
	if (o->DefaultOffloadConfiguration == NULL || o->HardwareOffloadCapabilities == NULL) {
		report(a, VF_REG_NULL, o, site, "%s: offload attributes: %s is NULL%s", SET_API,
		       o->DefaultOffloadConfiguration == NULL ? "DefaultOffloadConfiguration"
							      : "HardwareOffloadCapabilities",
		       " (both NDIS_OFFLOAD structures are required)");
		return NDIS_STATUS_INVALID_PARAMETER;
	}
	if ((why = offload_header_problem(o->DefaultOffloadConfiguration, SIZE_MAX))) {
		REPORT_HEADER(a, o->DefaultOffloadConfiguration, site, SET_API,
			      "DefaultOffloadConfiguration", why);
		return NDIS_STATUS_INVALID_PARAMETER;
	}
	if ((why = offload_header_problem(o->HardwareOffloadCapabilities, SIZE_MAX))) {
		REPORT_HEADER(a, o->HardwareOffloadCapabilities, site, SET_API,
			      "HardwareOffloadCapabilities", why);
		return NDIS_STATUS_INVALID_PARAMETER;
	}
	if (!connection_ok(a, o->DefaultTcpConnectionOffloadConfiguration,
			   "DefaultTcpConnectionOffloadConfiguration", site) ||
	    !connection_ok(a, o->TcpConnectionOffloadHardwareCapabilities,
			   "TcpConnectionOffloadHardwareCapabilities", site))
		return NDIS_STATUS_INVALID_PARAMETER;
	return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS ndis_offload_set_attributes(struct ndis_adapter *a,
					const NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES *o,
					const void *site)
{
	struct ndis_offload *ol = &a->offload;
	NDIS_STATUS st = check_attributes(a, o, site);
	const char *beyond;

	if (st != NDIS_STATUS_SUCCESS)
		return st;
	ol_lock(ol);
	offload_copy(&ol->hardware, o->HardwareOffloadCapabilities);
	offload_copy(&ol->current, o->DefaultOffloadConfiguration);
	ol->attributes_set = true;
	beyond = offload_beyond(&ol->current, &ol->hardware);
	ol_unlock(ol);
	/* ndisdma's decision: accepted (NDIS documents no status for it), but
	 * a protocol trusting it would hand down work the NIC cannot do. */
	if (beyond)
		report(a, VF_OFFLOAD_CONFIG, o->DefaultOffloadConfiguration, site,
		       "%s: DefaultOffloadConfiguration turns on %s, which %s does not offer",
		       SET_API, beyond, "HardwareOffloadCapabilities");
	kernel_trace(a->k, "  offload attributes: capabilities revision %u, configuration revision %u",
		     o->HardwareOffloadCapabilities->Header.Revision,
		     o->DefaultOffloadConfiguration->Header.Revision);
	return NDIS_STATUS_SUCCESS;
}

/* ---- NdisMIndicateStatusEx --------------------------------------------------- */

#define IND_API "NdisMIndicateStatusEx"

bool ndis_offload_indication(struct ndis_adapter *a, const NDIS_STATUS_INDICATION *ind,
			     const void *site)
{
	bool current = ind->StatusCode == NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG;
	const char *name = current ? "NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG"
				   : "NDIS_STATUS_TASK_OFFLOAD_HARDWARE_CAPABILITIES";
	struct ndis_offload *ol = &a->offload;
	const NDIS_OFFLOAD *o = ind->StatusBuffer;
	const char *why, *beyond = NULL;

	if (!current && ind->StatusCode != NDIS_STATUS_TASK_OFFLOAD_HARDWARE_CAPABILITIES)
		return true;
	if (o == NULL) {
		report(a, VF_REG_NULL, ind, site, "%s: %s: %s", IND_API, name,
		       "StatusBuffer is NULL (it must point to an NDIS_OFFLOAD)");
		return false;
	}
	why = ind->StatusBufferSize < sizeof(NDIS_OBJECT_HEADER) ?
	      "StatusBufferSize is too small for an NDIS_OFFLOAD" :
	      offload_header_problem(o, ind->StatusBufferSize);
	if (why) {
		REPORT_HEADER(a, o, site, IND_API, name, why);
		return false;
	}
	ol_lock(ol);
	if (current) {
		offload_copy(&ol->current, o);
		ol->current_indications++;
		ol->indicated_since = true;
	} else {
		offload_copy(&ol->hardware, o);
		ol->hardware_indications++;
	}
	if (ol->attributes_set)
		beyond = offload_beyond(&ol->current, &ol->hardware);
	ol_unlock(ol);
	if (beyond)
		report(a, VF_OFFLOAD_CONFIG, o, site,
		       "%s: after %s the current configuration turns on %s, which the "
		       "hardware capabilities do not offer", IND_API, name, beyond);
	return true;
}

bool ndis_offload_snapshot(struct ndis_adapter *a, NDIS_OFFLOAD *hardware,
			   NDIS_OFFLOAD *current, uint64_t *current_indications,
			   uint64_t *hardware_indications)
{
	struct ndis_offload *ol = &a->offload;
	bool set;

	ol_lock(ol);
	set = ol->attributes_set;
	if (hardware)
		*hardware = ol->hardware;
	if (current)
		*current = ol->current;
	if (current_indications)
		*current_indications = ol->current_indications;
	if (hardware_indications)
		*hardware_indications = ol->hardware_indications;
	ol_unlock(ol);
	return set;
}

/* ---- OID_TCP_OFFLOAD_PARAMETERS and its indication ----------------------------- */

void ndis_offload_check_indicated(struct ndis_adapter *a, const char *when)
{
	struct ndis_offload *ol = &a->offload;
	struct vf_facts f = { .handle = a->handle, .irql = -1 };
	bool missing;

	ol_lock(ol);
	missing = ol->awaiting_indication && !ol->indicated_since;
	ol->awaiting_indication = false;
	ol_unlock(ol);
	if (missing)
		vf_report(a->k->verifier, VF_OFFLOAD_INDICATE, &f,
			  "the miniport completed an OID_TCP_OFFLOAD_PARAMETERS set with "
			  "NDIS_STATUS_SUCCESS and made no NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG "
			  "indication before %s", when);
}

void ndis_offload_parameters_begin(struct ndis_adapter *a)
{
	struct ndis_offload *ol = &a->offload;

	ndis_offload_check_indicated(a, "the next OID_TCP_OFFLOAD_PARAMETERS set");
	ol_lock(ol);
	ol->awaiting_indication = true;
	ol->indicated_since = false;   /* an indication during the set counts */
	ol_unlock(ol);
}

void ndis_offload_parameters_end(struct ndis_adapter *a, NDIS_STATUS status)
{
	struct ndis_offload *ol = &a->offload;

	if (status == NDIS_STATUS_SUCCESS)
		return;
	ol_lock(ol);
	ol->awaiting_indication = false;   /* a refused set changes nothing */
	ol_unlock(ol);
}
