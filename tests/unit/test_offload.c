/* test_offload.c — task offload on the NDIS side (issue 11,
 * src/ndis/offload.c): the offload attributes of NdisMSetMiniportAttributes
 * (every header and pointer check with its status and rule, revisions 1-3,
 * the configuration against the capabilities), the NDIS_STATUS_TASK_
 * OFFLOAD_* indications (payload checks, what is applied, what reaches the
 * host), and the OID_TCP_OFFLOAD_PARAMETERS bookkeeping behind
 * OFFLOAD-INDICATE. */
#include "harness.h"

#include <string.h>

#include "ndisdma/ndisdma.h"

static int indicated;   /* indications that reached the host */

static void host_indicate(struct ndis_adapter *a, PNDIS_STATUS_INDICATION ind)
{
	(void)a;
	(void)ind;
	indicated++;
}

static const struct ndis_adapter_host_ops host = { .indicate_status = host_indicate };

static void setup(struct th *t)
{
	th_setup(t, NULL);
	t->adapter.host = &host;
	indicated = 0;
	th_begin_init(t);
}

static void teardown(struct th *t)
{
	th_end_init(t);
	th_teardown(t);
}

static void capabilities(NDIS_OFFLOAD *o, UCHAR revision)
{
	static const USHORT size[4] = { 0, NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_1,
					NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_2,
					NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_3 };

	memset(o, 0, sizeof(*o));
	o->Header.Type = NDIS_OBJECT_TYPE_OFFLOAD;
	o->Header.Revision = revision;
	o->Header.Size = size[revision];
	o->Checksum.IPv4Transmit.Encapsulation = NDIS_ENCAPSULATION_IEEE_802_3;
	o->Checksum.IPv4Transmit.TcpChecksum = NDIS_OFFLOAD_SUPPORTED;
	o->Checksum.IPv4Transmit.IpChecksum = NDIS_OFFLOAD_SUPPORTED;
	o->Checksum.IPv4Receive.Encapsulation = NDIS_ENCAPSULATION_IEEE_802_3;
	o->Checksum.IPv4Receive.UdpChecksum = NDIS_OFFLOAD_SUPPORTED;
	o->Checksum.IPv6Receive.Encapsulation = NDIS_ENCAPSULATION_IEEE_802_3;
	o->Checksum.IPv6Receive.TcpChecksum = NDIS_OFFLOAD_SUPPORTED;
	o->LsoV2.IPv4.Encapsulation = NDIS_ENCAPSULATION_IEEE_802_3;
	o->LsoV2.IPv4.MaxOffLoadSize = 64000;
	o->LsoV2.IPv4.MinSegmentCount = 2;
}

struct attrs {
	NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES a;
	NDIS_OFFLOAD hw, cur;
	NDIS_TCP_CONNECTION_OFFLOAD tcp;
};

static void attrs_init(struct attrs *x, UCHAR revision)
{
	memset(x, 0, sizeof(*x));
	capabilities(&x->hw, revision);
	x->cur = x->hw;
	x->a.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES;
	x->a.Header.Revision = NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1;
	x->a.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1;
	x->a.DefaultOffloadConfiguration = &x->cur;
	x->a.HardwareOffloadCapabilities = &x->hw;
	x->tcp.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	x->tcp.Header.Revision = NDIS_TCP_CONNECTION_OFFLOAD_REVISION_2;
	x->tcp.Header.Size = NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_REVISION_2;
}

static NDIS_STATUS set(struct th *t, struct attrs *x)
{
	return NdisMSetMiniportAttributes(t->adapter_handle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&x->a);
}

static const char *last_message(struct th *t)
{
	size_t n = vf_stored(t->vf);

	return n ? vf_record_at(t->vf, n - 1)->message : "";
}

/* ---- attributes ----------------------------------------------------------- */

static void test_attributes_accepted(void **state)
{
	NDIS_OFFLOAD hw, cur;
	struct attrs x;
	struct th t;

	(void)state;
	for (UCHAR rev = 1; rev <= 3; rev++) {
		setup(&t);
		attrs_init(&x, rev);
		x.a.DefaultTcpConnectionOffloadConfiguration = &x.tcp;   /* checked, kept nowhere */
		x.a.TcpConnectionOffloadHardwareCapabilities = &x.tcp;
		x.cur.LsoV2.IPv4.Encapsulation = NDIS_ENCAPSULATION_NOT_SUPPORTED;   /* off */
		assert_false(ndis_offload_snapshot(&t.adapter, NULL, NULL, NULL, NULL));
		assert_int_equal(set(&t, &x), NDIS_STATUS_SUCCESS);
		assert_true(ndis_offload_snapshot(&t.adapter, &hw, &cur, NULL, NULL));
		assert_memory_equal(&hw, &x.hw, x.hw.Header.Size);
		assert_memory_equal(&cur, &x.cur, x.cur.Header.Size);
		teardown(&t);
	}
}

/* A structure is copied as far as its revision goes: later fields of a
 * revision-1 NDIS_OFFLOAD are neither read nor compared. */
static void test_attributes_revision_bounds(void **state)
{
	NDIS_OFFLOAD cur;
	struct attrs x;
	struct th t;

	(void)state;
	setup(&t);
	attrs_init(&x, NDIS_OFFLOAD_REVISION_1);
	memset(&x.cur.IPsecV2, 0xFF, sizeof(NDIS_OFFLOAD) - NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_1);
	assert_int_equal(set(&t, &x), NDIS_STATUS_SUCCESS);   /* no OFFLOAD-CONFIG */
	ndis_offload_snapshot(&t.adapter, NULL, &cur, NULL, NULL);
	assert_int_equal(cur.IPsecV2.Encapsulation, 0);
	assert_int_equal(cur.Rsc.IPv4.Enabled, 0);
	teardown(&t);
}

struct refusal {
	const char *name;
	void (*arrange)(struct attrs *x);
	NDIS_STATUS status;
	enum vf_rule rule;
};

static void bad_revision(struct attrs *x) { x->a.Header.Revision = 2; }
static void small_size(struct attrs *x) { x->a.Header.Size = 32; }
static void no_default(struct attrs *x) { x->a.DefaultOffloadConfiguration = NULL; }
static void no_hardware(struct attrs *x) { x->a.HardwareOffloadCapabilities = NULL; }
static void hw_type(struct attrs *x) { x->hw.Header.Type = NDIS_OBJECT_TYPE_DEFAULT; }
static void cur_revision(struct attrs *x) { x->cur.Header.Revision = 4; x->cur.Header.Size = 200; }
static void cur_size(struct attrs *x)
{
	x->cur.Header.Revision = NDIS_OFFLOAD_REVISION_2;
	x->cur.Header.Size = NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_1;
}
static void tcp_type(struct attrs *x)
{
	x->tcp.Header.Type = NDIS_OBJECT_TYPE_OFFLOAD;
	x->a.DefaultTcpConnectionOffloadConfiguration = &x->tcp;
}
static void tcp_revision(struct attrs *x)
{
	x->tcp.Header.Revision = 3;
	x->a.TcpConnectionOffloadHardwareCapabilities = &x->tcp;
}
static void tcp_size(struct attrs *x)
{
	x->tcp.Header.Size = 16;
	x->a.TcpConnectionOffloadHardwareCapabilities = &x->tcp;
}

static const struct refusal refusals[] = {
	{ "attributes revision", bad_revision, NDIS_STATUS_BAD_VERSION, VF_REG_HEADER },
	{ "attributes size", small_size, NDIS_STATUS_INVALID_PARAMETER, VF_REG_HEADER },
	{ "no default", no_default, NDIS_STATUS_INVALID_PARAMETER, VF_REG_NULL },
	{ "no hardware", no_hardware, NDIS_STATUS_INVALID_PARAMETER, VF_REG_NULL },
	{ "hardware type", hw_type, NDIS_STATUS_INVALID_PARAMETER, VF_REG_HEADER },
	{ "current revision", cur_revision, NDIS_STATUS_INVALID_PARAMETER, VF_REG_HEADER },
	{ "current size", cur_size, NDIS_STATUS_INVALID_PARAMETER, VF_REG_HEADER },
	{ "chimney type", tcp_type, NDIS_STATUS_INVALID_PARAMETER, VF_REG_HEADER },
	{ "chimney revision", tcp_revision, NDIS_STATUS_INVALID_PARAMETER, VF_REG_HEADER },
	{ "chimney size", tcp_size, NDIS_STATUS_INVALID_PARAMETER, VF_REG_HEADER },
};

static void test_attributes_refused(void **state)
{
	struct attrs x;
	struct th t;

	(void)state;
	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		setup(&t);
		attrs_init(&x, NDIS_OFFLOAD_REVISION_3);
		refusals[i].arrange(&x);
		if (set(&t, &x) != refusals[i].status)
			fail_msg("%s: wrong status", refusals[i].name);
		th_expect(&t, refusals[i].rule, 1);
		/* nothing kept: the adapter still has no offloads */
		assert_false(ndis_offload_snapshot(&t.adapter, NULL, NULL, NULL, NULL));
		teardown(&t);
	}
}

struct beyond {
	void (*arrange)(struct attrs *x);
	const char *field;
};

static void b_tcp(struct attrs *x) { x->cur.Checksum.IPv4Receive.TcpChecksum = NDIS_OFFLOAD_SUPPORTED; }
static void b_encap(struct attrs *x)
{
	x->cur.Checksum.IPv6Transmit.Encapsulation = NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q;
}
static void b_lso_size(struct attrs *x) { x->cur.LsoV2.IPv4.MaxOffLoadSize = 65000; }
static void b_lso_segments(struct attrs *x) { x->cur.LsoV2.IPv4.MinSegmentCount = 1; }
static void b_lso_v1(struct attrs *x) { x->cur.LsoV1.IPv4.Encapsulation = NDIS_ENCAPSULATION_IEEE_802_3; }
static void b_rsc(struct attrs *x) { x->cur.Rsc.IPv6.Enabled = TRUE; }

static const struct beyond beyonds[] = {
	{ b_tcp, "Checksum.IPv4Receive.TcpChecksum" },
	{ b_encap, "Checksum.IPv6Transmit.Encapsulation" },
	{ b_lso_size, "LsoV2.IPv4.MaxOffLoadSize" },
	{ b_lso_segments, "LsoV2.IPv4.MinSegmentCount" },
	{ b_lso_v1, "LsoV1.IPv4.Encapsulation" },
	{ b_rsc, "Rsc.IPv6.Enabled" },
};

/* Accepted (no status is documented for it), but reported by name. */
static void test_configuration_beyond_capabilities(void **state)
{
	struct attrs x;
	struct th t;

	(void)state;
	for (size_t i = 0; i < sizeof(beyonds) / sizeof(beyonds[0]); i++) {
		setup(&t);
		attrs_init(&x, NDIS_OFFLOAD_REVISION_3);
		beyonds[i].arrange(&x);
		assert_int_equal(set(&t, &x), NDIS_STATUS_SUCCESS);
		th_expect(&t, VF_OFFLOAD_CONFIG, 1);
		assert_non_null(strstr(last_message(&t), beyonds[i].field));
		assert_true(ndis_offload_snapshot(&t.adapter, NULL, NULL, NULL, NULL));
		teardown(&t);
	}
}

/* ---- indications ------------------------------------------------------------ */

static void indicate(struct th *t, NDIS_STATUS code, PVOID buffer, ULONG size)
{
	NDIS_STATUS_INDICATION ind;

	memset(&ind, 0, sizeof(ind));
	ind.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;
	ind.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;
	ind.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
	ind.SourceHandle = t->adapter_handle;
	ind.StatusCode = code;
	ind.StatusBuffer = buffer;
	ind.StatusBufferSize = size;
	NdisMIndicateStatusEx(t->adapter_handle, &ind);
}

static void test_indications_applied(void **state)
{
	NDIS_OFFLOAD cur, hw, o;
	uint64_t nc = 0, nh = 0;
	struct attrs x;
	struct th t;

	(void)state;
	setup(&t);
	attrs_init(&x, NDIS_OFFLOAD_REVISION_3);
	assert_int_equal(set(&t, &x), NDIS_STATUS_SUCCESS);
	o = x.cur;
	o.Checksum.IPv4Transmit.TcpChecksum = NDIS_OFFLOAD_NOT_SUPPORTED;   /* switched off */
	TH_AT_DISPATCH(indicate(&t, NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG, &o, sizeof(o)));
	ndis_offload_snapshot(&t.adapter, &hw, &cur, &nc, &nh);
	assert_int_equal(cur.Checksum.IPv4Transmit.TcpChecksum, NDIS_OFFLOAD_NOT_SUPPORTED);
	assert_int_equal(nc, 1);
	/* new hardware capabilities, then a current configuration beyond them */
	o = x.hw;
	o.LsoV2.IPv4.MaxOffLoadSize = 32000;
	indicate(&t, NDIS_STATUS_TASK_OFFLOAD_HARDWARE_CAPABILITIES, &o, sizeof(o));
	th_expect(&t, VF_OFFLOAD_CONFIG, 1);   /* the current 64000 exceeds it now */
	ndis_offload_snapshot(&t.adapter, &hw, NULL, &nc, &nh);
	assert_int_equal(hw.LsoV2.IPv4.MaxOffLoadSize, 32000);
	assert_int_equal(nh, 1);
	/* a revision 1 payload in a buffer of exactly its size */
	capabilities(&o, NDIS_OFFLOAD_REVISION_1);
	o.LsoV2.IPv4.MaxOffLoadSize = 32000;
	indicate(&t, NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG, &o, NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_1);
	th_expect(&t, VF_OFFLOAD_CONFIG, 0);
	assert_int_equal(indicated, 3);   /* all went up to the host */
	/* other status codes are not offload payloads */
	indicate(&t, NDIS_STATUS_LINK_STATE, NULL, 0);
	assert_int_equal(indicated, 4);
	teardown(&t);
}

static void test_indications_malformed(void **state)
{
	NDIS_OFFLOAD o;
	uint64_t nc = 0;
	struct th t;

	(void)state;
	setup(&t);
	capabilities(&o, NDIS_OFFLOAD_REVISION_2);
	indicate(&t, NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG, NULL, sizeof(o));
	th_expect(&t, VF_REG_NULL, 1);
	indicate(&t, NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG, &o, 2);   /* not even a header */
	th_expect(&t, VF_REG_HEADER, 1);
	indicate(&t, NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG, &o, NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_1);
	th_expect(&t, VF_REG_HEADER, 1);   /* Size says revision 2, the buffer is smaller */
	o.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	indicate(&t, NDIS_STATUS_TASK_OFFLOAD_HARDWARE_CAPABILITIES, &o, sizeof(o));
	th_expect(&t, VF_REG_HEADER, 1);
	assert_non_null(strstr(last_message(&t), "NDIS_STATUS_TASK_OFFLOAD_HARDWARE_CAPABILITIES"));
	assert_int_equal(indicated, 0);   /* none went further */
	ndis_offload_snapshot(&t.adapter, NULL, NULL, &nc, NULL);
	assert_int_equal(nc, 0);
	teardown(&t);
}

/* ---- OID_TCP_OFFLOAD_PARAMETERS and the indication after it ---------------- */

static void test_parameters_indication(void **state)
{
	struct attrs x;
	struct th t;

	(void)state;
	setup(&t);
	attrs_init(&x, NDIS_OFFLOAD_REVISION_3);
	assert_int_equal(set(&t, &x), NDIS_STATUS_SUCCESS);
	/* indicated during the set: fine */
	ndis_offload_parameters_begin(&t.adapter);
	indicate(&t, NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG, &x.cur, sizeof(x.cur));
	ndis_offload_parameters_end(&t.adapter, NDIS_STATUS_SUCCESS);
	ndis_offload_check_indicated(&t.adapter, "the adapter paused");
	th_expect(&t, VF_OFFLOAD_INDICATE, 0);
	/* refused: nothing was expected */
	ndis_offload_parameters_begin(&t.adapter);
	ndis_offload_parameters_end(&t.adapter, NDIS_STATUS_INVALID_PARAMETER);
	ndis_offload_check_indicated(&t.adapter, "the adapter paused");
	th_expect(&t, VF_OFFLOAD_INDICATE, 0);
	/* succeeded, never indicated: at the pause */
	ndis_offload_parameters_begin(&t.adapter);
	ndis_offload_parameters_end(&t.adapter, NDIS_STATUS_SUCCESS);
	ndis_offload_check_indicated(&t.adapter, "the adapter paused");
	th_expect(&t, VF_OFFLOAD_INDICATE, 1);
	assert_non_null(strstr(last_message(&t), "before the adapter paused"));
	ndis_offload_check_indicated(&t.adapter, "the adapter paused");   /* once */
	th_expect(&t, VF_OFFLOAD_INDICATE, 0);
	/* ... or at the next set, which starts its own wait */
	ndis_offload_parameters_begin(&t.adapter);
	ndis_offload_parameters_end(&t.adapter, NDIS_STATUS_SUCCESS);
	ndis_offload_parameters_begin(&t.adapter);
	th_expect(&t, VF_OFFLOAD_INDICATE, 1);
	indicate(&t, NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG, &x.cur, sizeof(x.cur));
	ndis_offload_parameters_end(&t.adapter, NDIS_STATUS_SUCCESS);
	ndis_offload_check_indicated(&t.adapter, "the adapter paused");
	th_expect(&t, VF_OFFLOAD_INDICATE, 0);
	teardown(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attributes_accepted),
		cmocka_unit_test(test_attributes_revision_bounds),
		cmocka_unit_test(test_attributes_refused),
		cmocka_unit_test(test_configuration_beyond_capabilities),
		cmocka_unit_test(test_indications_applied),
		cmocka_unit_test(test_indications_malformed),
		cmocka_unit_test(test_parameters_indication),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
