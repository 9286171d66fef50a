/* test_register.c — NdisMRegisterScatterGatherDma (spec §4): every row of
 * the validation table (status, rule, nothing registered, handle NULL) in
 * its order, revisions 1 and 2, the ScatterGatherListSize formula and its
 * ULONG edge, the channel's constraints, and fault injection at every
 * internal allocation of a registration. */
#include "harness.h"

#include <string.h>

#include "hal/hal.h"
#include "ndis/sg_dma.h"
#include "ndisdma/ndisdma.h"

#define SENTINEL_SIZE 0xDEADBEEFu
#define BOGUS_HANDLE ((NDIS_HANDLE)(uintptr_t)0x5A5A5A5A)

static VOID process_sg(PDEVICE_OBJECT pdo, PVOID reserved,
		       PSCATTER_GATHER_LIST sgl, PVOID context)
{
}

static NDIS_SG_DMA_DESCRIPTION description(UCHAR revision, ULONG flags, ULONG max)
{
	NDIS_SG_DMA_DESCRIPTION d;

	memset(&d, 0, sizeof(d));
	d.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	d.Header.Revision = revision;
	d.Header.Size = revision == NDIS_SG_DMA_DESCRIPTION_REVISION_1
				? NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1
				: NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_2;
	d.Flags = flags;
	d.MaximumPhysicalMapping = max;
	d.ProcessSGListHandler = process_sg;
	d.ScatterGatherListSize = SENTINEL_SIZE;
	return d;
}

/* ---- one refusal: status, rule, no state left behind ------------------ */

struct refusal_case {
	const char *name;
	void (*arrange)(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
			NDIS_SG_DMA_DESCRIPTION **pd, PNDIS_HANDLE *ph);
	NDIS_STATUS status;
	enum vf_rule rule;
	bool in_init;
};

static void run_refusal(const struct refusal_case *c)
{
	struct th t;
	NDIS_SG_DMA_DESCRIPTION d = description(1, NDIS_SG_DMA_64_BIT_ADDRESS, 65536);
	NDIS_SG_DMA_DESCRIPTION *pd = &d;
	NDIS_HANDLE h = BOGUS_HANDLE;
	PNDIS_HANDLE ph = &h;
	th_setup(&t, NULL);
	if (c->in_init)
		th_begin_init(&t);
	if (c->arrange)
		c->arrange(&t, &d, &pd, &ph);
	NDIS_STATUS st = NdisMRegisterScatterGatherDma(t.adapter_handle, pd, ph);
	kernel_set_irql(KIRQL_PASSIVE);
	if (st != c->status)
		fail_msg("%s: status 0x%08X, expected 0x%08X", c->name,
			 (unsigned)st, (unsigned)c->status);
	th_expect(&t, c->rule, 1);
	/* nothing registered, outputs untouched or invalid */
	assert_null(t.adapter.dma);
	if (ph)
		assert_null(*ph);
	assert_int_equal(d.ScatterGatherListSize, SENTINEL_SIZE);
	th_end_init(&t);
	th_teardown(&t);
}

static void not_init(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
		     NDIS_SG_DMA_DESCRIPTION **pd, PNDIS_HANDLE *ph) { }
static void at_dispatch(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
			NDIS_SG_DMA_DESCRIPTION **pd, PNDIS_HANDLE *ph)
{
	kernel_set_irql(KIRQL_DISPATCH);
}
static void at_apc(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
		   NDIS_SG_DMA_DESCRIPTION **pd, PNDIS_HANDLE *ph)
{
	kernel_set_irql(KIRQL_APC);
}
static void not_bus_master(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
			   NDIS_SG_DMA_DESCRIPTION **pd, PNDIS_HANDLE *ph)
{
	t->adapter.attribute_flags = NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE;
}
static void ndis5_driver(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
			 NDIS_SG_DMA_DESCRIPTION **pd, PNDIS_HANDLE *ph)
{
	t->driver.chars.MajorNdisVersion = 5;
}
static void ndis5_bus_master_bit(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
				 NDIS_SG_DMA_DESCRIPTION **pd, PNDIS_HANDLE *ph)
{
	t->adapter.attribute_flags = 0x8 | NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE;
}
static void null_description(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
			     NDIS_SG_DMA_DESCRIPTION **pd, PNDIS_HANDLE *ph)
{
	*pd = NULL;
}
static void null_handle_ptr(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
			    NDIS_SG_DMA_DESCRIPTION **pd, PNDIS_HANDLE *ph)
{
	*ph = NULL;
}
static void revision_0(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
		       NDIS_SG_DMA_DESCRIPTION **pd, PNDIS_HANDLE *ph)
{
	d->Header.Revision = 0;
}
static void revision_3(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
		       NDIS_SG_DMA_DESCRIPTION **pd, PNDIS_HANDLE *ph)
{
	d->Header.Revision = 3;
	d->Header.Size = sizeof(*d);
}
static void wrong_type(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
		       NDIS_SG_DMA_DESCRIPTION **pd, PNDIS_HANDLE *ph)
{
	d->Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
}
static void size_35(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
		    NDIS_SG_DMA_DESCRIPTION **pd, PNDIS_HANDLE *ph)
{
	d->Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1 - 1;
}
static void rev2_size_of_rev1(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
			      NDIS_SG_DMA_DESCRIPTION **pd, PNDIS_HANDLE *ph)
{
	d->Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_2;
	d->Header.Size = 40;   /* sizeof without PdoOverride, still < 48 */
}
static void unknown_flag(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
			 NDIS_SG_DMA_DESCRIPTION **pd, PNDIS_HANDLE *ph)
{
	d->Flags |= 0x8;
}
static void high_flag(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
		      NDIS_SG_DMA_DESCRIPTION **pd, PNDIS_HANDLE *ph)
{
	d->Flags |= 0x80000000u;
}
static void hybrid_rev1(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
			NDIS_SG_DMA_DESCRIPTION **pd, PNDIS_HANDLE *ph)
{
	d->Flags |= NDIS_SG_DMA_HYBRID_DMA;
}
static void no_handler(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
		       NDIS_SG_DMA_DESCRIPTION **pd, PNDIS_HANDLE *ph)
{
	d->ProcessSGListHandler = NULL;
}
static void max_zero(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
		     NDIS_SG_DMA_DESCRIPTION **pd, PNDIS_HANDLE *ph)
{
	d->MaximumPhysicalMapping = 0;
}
/* several defects at once: the earliest row of the table decides */
static void dispatch_and_null(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
			      NDIS_SG_DMA_DESCRIPTION **pd, PNDIS_HANDLE *ph)
{
	*pd = NULL;
	kernel_set_irql(KIRQL_DISPATCH);
}
static void not_busmaster_and_bad_header(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
					 NDIS_SG_DMA_DESCRIPTION **pd,
					 PNDIS_HANDLE *ph)
{
	t->adapter.attribute_flags = 0;
	d->Header.Revision = 9;
}
static void header_and_flags(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
			     NDIS_SG_DMA_DESCRIPTION **pd, PNDIS_HANDLE *ph)
{
	d->Header.Type = 0;
	d->Flags = 0xFF;
	d->ProcessSGListHandler = NULL;
	d->MaximumPhysicalMapping = 0;
}
static void flags_and_handler(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
			      NDIS_SG_DMA_DESCRIPTION **pd, PNDIS_HANDLE *ph)
{
	d->Flags = 0x10;
	d->ProcessSGListHandler = NULL;
}
static void handler_and_max(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
			    NDIS_SG_DMA_DESCRIPTION **pd, PNDIS_HANDLE *ph)
{
	d->ProcessSGListHandler = NULL;
	d->MaximumPhysicalMapping = 0;
}

#define IP NDIS_STATUS_INVALID_PARAMETER
static const struct refusal_case refusals[] = {
	{ "outside MiniportInitializeEx", not_init, NDIS_STATUS_NOT_SUPPORTED, VF_REG_CONTEXT, false },
	{ "IRQL DISPATCH", at_dispatch, NDIS_STATUS_FAILURE, VF_IRQL, true },
	{ "IRQL APC", at_apc, NDIS_STATUS_FAILURE, VF_IRQL, true },
	{ "no bus-master attribute", not_bus_master, NDIS_STATUS_NOT_SUPPORTED, VF_REG_NOT_BUSMASTER, true },
	{ "NDIS 5 bus-master bit 0x8", ndis5_bus_master_bit, NDIS_STATUS_NOT_SUPPORTED, VF_REG_NOT_BUSMASTER, true },
	{ "NDIS 5 driver", ndis5_driver, NDIS_STATUS_NOT_SUPPORTED, VF_REG_NOT_BUSMASTER, true },
	{ "NULL description", null_description, IP, VF_REG_NULL, true },
	{ "NULL handle pointer", null_handle_ptr, IP, VF_REG_NULL, true },
	{ "revision 0", revision_0, NDIS_STATUS_BAD_VERSION, VF_REG_HEADER, true },
	{ "revision 3", revision_3, NDIS_STATUS_BAD_VERSION, VF_REG_HEADER, true },
	{ "wrong type", wrong_type, IP, VF_REG_HEADER, true },
	{ "revision 1 size 35", size_35, IP, VF_REG_HEADER, true },
	{ "revision 2 size 40", rev2_size_of_rev1, IP, VF_REG_HEADER, true },
	{ "unknown flag 0x8", unknown_flag, IP, VF_REG_FLAGS, true },
	{ "unknown flag 0x80000000", high_flag, IP, VF_REG_FLAGS, true },
	{ "HYBRID_DMA with revision 1", hybrid_rev1, IP, VF_REG_FLAGS, true },
	{ "NULL ProcessSGListHandler", no_handler, IP, VF_REG_NO_HANDLER, true },
	{ "MaximumPhysicalMapping 0", max_zero, IP, VF_REG_MAXMAP, true },
	{ "order: IRQL before REG-NULL", dispatch_and_null, NDIS_STATUS_FAILURE, VF_IRQL, true },
	{ "order: bus master before header", not_busmaster_and_bad_header, NDIS_STATUS_NOT_SUPPORTED, VF_REG_NOT_BUSMASTER, true },
	{ "order: header before flags", header_and_flags, IP, VF_REG_HEADER, true },
	{ "order: flags before handler", flags_and_handler, IP, VF_REG_FLAGS, true },
	{ "order: handler before maxmap", handler_and_max, IP, VF_REG_NO_HANDLER, true },
};

static void test_refusals(void **state)
{
	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++)
		run_refusal(&refusals[i]);
}

/* ---- REG-CONTEXT from another thread during MiniportInitializeEx ------- */

struct other_thread_call {
	struct th *t;
	NDIS_STATUS status;
	NDIS_HANDLE handle;
};

static void *register_elsewhere(void *arg)
{
	struct other_thread_call *c = arg;
	NDIS_SG_DMA_DESCRIPTION d = description(1, 0, 4096);

	kernel_enter(c->t->k);
	kernel_set_irql(KIRQL_PASSIVE);
	c->handle = BOGUS_HANDLE;
	c->status = NdisMRegisterScatterGatherDma(c->t->adapter_handle, &d, &c->handle);
	return NULL;
}

static void test_context_other_thread(void **state)
{
	struct th t;
	struct other_thread_call c = { .t = &t };
	pthread_t thread;

	/* its own host threads call into the machine: real concurrency (threads) */
	th_setup_threads(&t);
	th_begin_init(&t);
	assert_int_equal(pthread_create(&thread, NULL, register_elsewhere, &c), 0);
	pthread_join(thread, NULL);
	assert_int_equal(c.status, NDIS_STATUS_NOT_SUPPORTED);
	assert_null(c.handle);
	th_expect(&t, VF_REG_CONTEXT, 1);
	assert_null(t.adapter.dma);
	th_end_init(&t);
	th_teardown(&t);
}

/* ---- bad adapter handles ------------------------------------------------ */

static void test_bad_adapter_handle(void **state)
{
	struct th t;
	NDIS_SG_DMA_DESCRIPTION d = description(1, 0, 4096);
	NDIS_HANDLE h = BOGUS_HANDLE;
	int local;

	th_setup(&t, NULL);
	th_begin_init(&t);
	assert_int_equal(NdisMRegisterScatterGatherDma(&local, &d, &h), NDIS_STATUS_INVALID_PARAMETER);
	assert_null(h);
	h = BOGUS_HANDLE;
	assert_int_equal(NdisMRegisterScatterGatherDma(t.driver.handle, &d, &h),
			 NDIS_STATUS_INVALID_PARAMETER);   /* wrong type */
	assert_null(h);
	assert_int_equal(NdisMRegisterScatterGatherDma(NULL, &d, &h), NDIS_STATUS_INVALID_PARAMETER);
	th_expect(&t, VF_HANDLE, 3);
	assert_null(t.adapter.dma);
	assert_int_equal(d.ScatterGatherListSize, SENTINEL_SIZE);
	th_end_init(&t);
	th_teardown(&t);
}

/* ---- success ------------------------------------------------------------ */

static struct sg_channel *register_ok(struct th *t, NDIS_SG_DMA_DESCRIPTION *d,
				      NDIS_HANDLE *h)
{
	*h = BOGUS_HANDLE;
	assert_int_equal(NdisMRegisterScatterGatherDma(t->adapter_handle, d, h),
			 NDIS_STATUS_SUCCESS);
	assert_non_null(*h);
	assert_non_null(t->adapter.dma);
	enum handle_error err;
	/* the handle is tagged and resolves to the adapter's channel */
	assert_ptr_equal(kernel_handle_lookup(t->k, *h, HANDLE_DMA, &err), t->adapter.dma);
	return t->adapter.dma;
}

static void accept(UCHAR revision, USHORT size, ULONG flags)
{
	struct th t;
	NDIS_SG_DMA_DESCRIPTION d = description(revision, flags, 1514);
	NDIS_HANDLE h;
	int pdo;

	d.Header.Size = size;
	if (revision == 2)
		d.PdoOverride = (PDEVICE_OBJECT)&pdo;
	th_setup(&t, NULL);
	th_begin_init(&t);
	struct sg_channel *ch = register_ok(&t, &d, &h);
	assert_int_equal(ch->revision, revision);
	assert_int_equal(ch->flags, flags);
	assert_int_equal(d.ScatterGatherListSize, 16 + 24 * 2);
	assert_ptr_equal(ch->pdo_override, revision == 2 ? (void *)&pdo : NULL);
	assert_ptr_equal(ch->process_sg_list, process_sg);
	NdisMDeregisterScatterGatherDma(h);
	th_end_init(&t);
	th_teardown(&t);
}

static void test_revisions_and_sizes(void **state)
{
	accept(1, NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1, 0);
	accept(1, 40, NDIS_SG_DMA_64_BIT_ADDRESS);                  /* sizeof without PdoOverride */
	accept(1, sizeof(NDIS_SG_DMA_DESCRIPTION), NDIS_SG_DMA_V3_HAL_API);
	accept(2, NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_2, NDIS_SG_DMA_HYBRID_DMA);
	accept(2, 200, NDIS_SG_DMA_64_BIT_ADDRESS | NDIS_SG_DMA_V3_HAL_API |
		       NDIS_SG_DMA_HYBRID_DMA);
}

/* revision 1: PdoOverride lies past the structure the driver passed */
static void test_revision1_ignores_pdo(void **state)
{
	struct th t;
	NDIS_SG_DMA_DESCRIPTION d = description(1, 0, 4096);
	NDIS_HANDLE h;

	d.PdoOverride = (PDEVICE_OBJECT)&d;
	th_setup(&t, NULL);
	th_begin_init(&t);
	assert_null(register_ok(&t, &d, &h)->pdo_override);
	NdisMDeregisterScatterGatherDma(h);
	th_end_init(&t);
	th_teardown(&t);
}

static void test_list_size_formula(void **state)
{
	static const struct { ULONG max; ULONG size; } rows[] = {
		{ 1, 16 + 24 * 2 },
		{ 4096, 16 + 24 * 2 },
		{ 4097, 16 + 24 * 3 },
		{ 1514, 16 + 24 * 2 },
		{ 65536, 16 + 24 * 17 },
		{ 65537, 16 + 24 * 18 },
		{ 0xFFFFFFFFu, 16 + 24 * (0x100000 + 1) },   /* 25165864 */
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct th t;
		NDIS_SG_DMA_DESCRIPTION d = description(1, NDIS_SG_DMA_64_BIT_ADDRESS,
							rows[i].max);
		NDIS_HANDLE h;
		ULONG size = 0;

		assert_true(sg_list_size_for(rows[i].max, &size));
		assert_int_equal(size, rows[i].size);
		th_setup(&t, NULL);
		th_begin_init(&t);
		struct sg_channel *ch = register_ok(&t, &d, &h);
		assert_int_equal(d.ScatterGatherListSize, rows[i].size);
		assert_int_equal(ch->sg_list_size, rows[i].size);
		assert_int_equal(ch->max_mapping, rows[i].max);
		NdisMDeregisterScatterGatherDma(h);
		th_end_init(&t);
		th_teardown(&t);
	}
}

/* 16 + 24 * (P + 1) <= 0xFFFFFFFF  <=>  P <= 178956968 pages.  No ULONG
 * MaximumPhysicalMapping reaches it (0xFFFFFFFF is 0x100000 pages), so the
 * edge is checked on the 64-bit form of the same formula. */
static void test_list_size_overflow_edge(void **state)
{
	const uint64_t last_pages = 178956968ull;
	ULONG size = 7;

	assert_true(sg_list_size_for_bytes(last_pages * 4096, &size));
	assert_int_equal(size, 4294967272u);
	assert_true(sg_list_size_for_bytes(last_pages * 4096 - 4095, &size));
	assert_int_equal(size, 4294967272u);
	size = 7;
	assert_false(sg_list_size_for_bytes(last_pages * 4096 + 1, &size));
	assert_int_equal(size, 7);   /* untouched on refusal */
	assert_false(sg_list_size_for_bytes(UINT64_MAX, &size));
}

static void check_constraints(const struct th_options *o, ULONG flags, ULONG max,
			      uint64_t limit, uint32_t registers)
{
	struct th t;
	NDIS_SG_DMA_DESCRIPTION d = description(1, flags, max);
	NDIS_HANDLE h;

	th_setup(&t, o);
	th_begin_init(&t);
	struct sg_channel *ch = register_ok(&t, &d, &h);
	const struct hal_constraints *c = hal_adapter_constraints(ch->hal);
	assert_int_equal(c->address_limit, limit);
	assert_int_equal(c->max_mapping, max);
	assert_int_equal(c->max_elements, (max + 4095) / 4096 + 1);
	if (limit != UINT64_MAX)
		assert_int_equal(c->map_registers, registers);
	NdisMDeregisterScatterGatherDma(h);
	th_end_init(&t);
	th_teardown(&t);
}

static void test_channel_constraints(void **state)
{
	struct th_options o;

	th_default_options(&o);
	/* 32-bit: 64 lists of 17 elements = 1088 registers */
	check_constraints(&o, 0, 65536, PLATFORM_4GB, 64 * 17);
	/* capped at 4096 */
	check_constraints(&o, NDIS_SG_DMA_V3_HAL_API, 256 * 1024, PLATFORM_4GB, 4096);
	check_constraints(&o, NDIS_SG_DMA_64_BIT_ADDRESS, 65536, UINT64_MAX, 0);
	/* machine options */
	o.map_register_lists = 2;
	o.map_register_cap = 30;
	check_constraints(&o, 0, 8192, PLATFORM_4GB, 2 * 3);
	check_constraints(&o, 0, 65536, PLATFORM_4GB, 30);
}

static void test_twice(void **state)
{
	struct th t;
	NDIS_SG_DMA_DESCRIPTION d = description(1, 0, 4096);
	NDIS_SG_DMA_DESCRIPTION d2 = description(1, 0, 8192);
	NDIS_HANDLE h, h2 = BOGUS_HANDLE;

	th_setup(&t, NULL);
	th_begin_init(&t);
	struct sg_channel *ch = register_ok(&t, &d, &h);
	assert_int_equal(NdisMRegisterScatterGatherDma(t.adapter_handle, &d2, &h2),
			 NDIS_STATUS_FAILURE);
	th_expect(&t, VF_REG_TWICE, 1);
	assert_null(h2);
	assert_int_equal(d2.ScatterGatherListSize, SENTINEL_SIZE);
	assert_ptr_equal(t.adapter.dma, ch);   /* the first channel stays */
	NdisMDeregisterScatterGatherDma(h);
	/* after deregistration, registering again works */
	register_ok(&t, &d2, &h2);
	NdisMDeregisterScatterGatherDma(h2);
	th_end_init(&t);
	th_teardown(&t);
}

/* Every internal allocation of a registration fails in turn: RESOURCES,
 * no rule, nothing left (th_teardown checks allocations, handles, blocks). */
static void test_fault_at_every_step(void **state)
{
	bool succeeded = false;

	for (uint64_t nth = 1; nth <= 64 && !succeeded; nth++) {
		struct th t;
		struct th_options o;
		NDIS_SG_DMA_DESCRIPTION d = description(1, 0, 65536);
		NDIS_HANDLE h = BOGUS_HANDLE;

		th_default_options(&o);
		th_setup(&t, &o);
		th_begin_init(&t);
		/* armed after the fixture's own allocations */
		t.k->config.fault.mode = FAULT_NTH;
		t.k->config.fault.nth = nth;
		atomic_store(&t.k->fault_counter, 0);
		NDIS_STATUS st = NdisMRegisterScatterGatherDma(t.adapter_handle, &d, &h);
		if (st == NDIS_STATUS_SUCCESS) {
			succeeded = true;
			/* channel, hal adapter, its pool, lists, shm set, handle */
			assert_true(nth > 4);
			NdisMDeregisterScatterGatherDma(h);
		} else {
			assert_int_equal(st, NDIS_STATUS_RESOURCES);
			assert_null(h);
			assert_null(t.adapter.dma);
			assert_int_equal(d.ScatterGatherListSize, SENTINEL_SIZE);
			assert_int_equal(atomic_load(&t.k->stats.faults_injected), 1);
		}
		th_end_init(&t);
		th_teardown(&t);
	}
	assert_true(succeeded);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_context_other_thread),
		cmocka_unit_test(test_bad_adapter_handle),
		cmocka_unit_test(test_revisions_and_sizes),
		cmocka_unit_test(test_revision1_ignores_pdo),
		cmocka_unit_test(test_list_size_formula),
		cmocka_unit_test(test_list_size_overflow_edge),
		cmocka_unit_test(test_channel_constraints),
		cmocka_unit_test(test_twice),
		cmocka_unit_test(test_fault_at_every_step),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
