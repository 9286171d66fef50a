/* test_runtime_driver.c — NdisMRegisterMiniportDriver validation rows
 * (spec §13; facts §6) and two machines in one process.
 */
#include "runtime_miniport.h"

/* ---- registration rows ----------------------------------------------------- */

static void bad_type(NDIS_MINIPORT_DRIVER_CHARACTERISTICS *c) { c->Header.Type = NDIS_OBJECT_TYPE_DEFAULT; }
static void rev0(NDIS_MINIPORT_DRIVER_CHARACTERISTICS *c) { c->Header.Revision = 0; }
static void rev4(NDIS_MINIPORT_DRIVER_CHARACTERISTICS *c) { c->Header.Revision = 4; }
static void short_rev2(NDIS_MINIPORT_DRIVER_CHARACTERISTICS *c)
{
	c->Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
}
static void short_rev3(NDIS_MINIPORT_DRIVER_CHARACTERISTICS *c)
{
	c->Header.Revision = 3;
	c->Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
}
static void ndis5(NDIS_MINIPORT_DRIVER_CHARACTERISTICS *c) { c->MajorNdisVersion = 5; }
static void rev1_ok(NDIS_MINIPORT_DRIVER_CHARACTERISTICS *c)
{
	c->Header.Revision = 1;
	c->Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
	c->DirectOidRequestHandler = tm_oid;   /* past revision 1: ignored */
}
static void rev3_big(NDIS_MINIPORT_DRIVER_CHARACTERISTICS *c)
{
	c->Header.Revision = 3;
	c->Header.Size = sizeof(*c) + 16;   /* larger is fine */
}

#define NO(field) \
	static void no_##field(NDIS_MINIPORT_DRIVER_CHARACTERISTICS *c) { c->field = NULL; }
NO(InitializeHandlerEx) NO(HaltHandlerEx) NO(UnloadHandler) NO(PauseHandler)
NO(RestartHandler) NO(OidRequestHandler) NO(SendNetBufferListsHandler)
NO(ReturnNetBufferListsHandler) NO(CancelSendHandler)
NO(DevicePnPEventNotifyHandler) NO(ShutdownHandlerEx) NO(CancelOidRequestHandler)
#undef NO

struct row {
	const char *name;
	void (*mutate)(NDIS_MINIPORT_DRIVER_CHARACTERISTICS *c);
	NDIS_STATUS status;
	const char *rule;     /* report expected, or NULL */
};

#define MISSING(field) { "missing " #field, no_##field, NDIS_STATUS_BAD_CHARACTERISTICS, NULL }
static const struct row rows[] = {
	{ "bad header type", bad_type, NDIS_STATUS_BAD_CHARACTERISTICS, "REG-HEADER" },
	{ "revision 0", rev0, NDIS_STATUS_BAD_CHARACTERISTICS, "REG-HEADER" },
	{ "revision 4", rev4, NDIS_STATUS_BAD_CHARACTERISTICS, "REG-HEADER" },
	{ "revision 2, revision 1 size", short_rev2, NDIS_STATUS_BAD_CHARACTERISTICS, "REG-HEADER" },
	{ "revision 3, revision 2 size", short_rev3, NDIS_STATUS_BAD_CHARACTERISTICS, "REG-HEADER" },
	{ "NDIS 5", ndis5, NDIS_STATUS_BAD_VERSION, NULL },
	{ "revision 1", rev1_ok, NDIS_STATUS_SUCCESS, NULL },
	{ "revision 3, larger size", rev3_big, NDIS_STATUS_SUCCESS, NULL },
	MISSING(InitializeHandlerEx), MISSING(HaltHandlerEx), MISSING(UnloadHandler),
	MISSING(PauseHandler), MISSING(RestartHandler), MISSING(OidRequestHandler),
	MISSING(SendNetBufferListsHandler), MISSING(ReturnNetBufferListsHandler),
	MISSING(CancelSendHandler), MISSING(DevicePnPEventNotifyHandler),
	MISSING(ShutdownHandlerEx), MISSING(CancelOidRequestHandler),
};

static void registration_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		struct ndisdma_driver *d = NULL;
		struct rt_fixture f;
		char err[256] = "", hex[16];
		int rc;

		rt_fixture_setup(&f);
		tm_cfg.mutate = r->mutate;
		rc = ndisdma_driver_load_builtin(f.m, "tm", tm_driver_entry, &d,
						 err, sizeof(err));
		if (tm_log.register_status != r->status)
			fail_msg("%s: status 0x%08X, expected 0x%08X", r->name,
				 (unsigned)tm_log.register_status, (unsigned)r->status);
		if (r->status == NDIS_STATUS_SUCCESS) {
			assert_int_equal(rc, 0);
			assert_non_null(d);
			ndisdma_driver_unload(d);
		} else {
			assert_int_not_equal(rc, 0);
			assert_null(d);
			/* DriverEntry returned the status: named in hex */
			snprintf(hex, sizeof(hex), "0x%08X", (unsigned)r->status);
			if (!strstr(err, hex))
				fail_msg("%s: message '%s' lacks %s", r->name, err, hex);
		}
		if (r->rule) {
			assert_int_equal(ndisdma_report_count(f.m, r->rule), 1);
			f.expected_reports = 1;
		}
		rt_fixture_teardown(&f);
	}
}

/* Characteristics are copied: changing them after registration changes
 * nothing (facts §6). */
static NDIS_MINIPORT_DRIVER_CHARACTERISTICS kept_chars;
static int32_t entry_keeps_chars(void *o, void *rp)
{
	NDIS_STATUS st;

	tm_fill_chars(&kept_chars);
	st = NdisMRegisterMiniportDriver(o, rp, NULL, &kept_chars, &tm_log.driver_handle);
	kept_chars.HaltHandlerEx = NULL;
	return st;
}

static void characteristics_copied(void **state)
{
	struct rt_fixture f;
	struct ndisdma_driver *d = NULL;

	(void)state;
	rt_fixture_setup(&f);
	assert_int_equal(ndisdma_driver_load_builtin(f.m, "tm", entry_keeps_chars, &d, NULL, 0), 0);
	ndisdma_adapter_halt(tm_init(d, NULL));
	assert_true(tm_event_is(tm_log.n - 1, "halt"));
	ndisdma_driver_unload(d);
	rt_fixture_teardown(&f);
}

static int32_t entry_no_register(void *o, void *rp)
{
	(void)o; (void)rp;
	return 0;
}

static int32_t entry_fails(void *o, void *rp)
{
	(void)o; (void)rp;
	return (int32_t)0xC0000001;
}

static int32_t entry_bad_object(void *o, void *rp)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS c;
	static char not_a_driver_object[1024];

	(void)o;
	tm_fill_chars(&c);
	return NdisMRegisterMiniportDriver((PDRIVER_OBJECT)(void *)(not_a_driver_object + 600),
					   rp, NULL, &c, &tm_log.driver_handle);
}

static void driver_entry_outcomes(void **state)
{
	struct rt_fixture f;
	struct ndisdma_driver *d = NULL;
	char err[256] = "";

	(void)state;
	rt_fixture_setup(&f);
	assert_int_not_equal(ndisdma_driver_load_builtin(f.m, "quiet", entry_no_register,
							 &d, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "without calling NdisMRegisterMiniportDriver"));
	assert_int_not_equal(ndisdma_driver_load_builtin(f.m, "failing", entry_fails,
							 &d, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "DriverEntry failed with status 0xC0000001"));
	assert_int_not_equal(ndisdma_driver_load_builtin(f.m, "bad", entry_bad_object,
							 &d, err, sizeof(err)), 0);
	assert_int_equal(ndisdma_report_count(f.m, "HANDLE"), 1);
	f.expected_reports = 1;
	rt_fixture_teardown(&f);
}

/* ---- two machines ------------------------------------------------------------- */

static void two_machines(void **state)
{
	struct rt_fixture fa, fb;
	struct ndisdma_driver *da, *db;
	struct ndisdma_adapter *aa, *ab;
	struct ndisdma_report r;
	NDIS_HANDLE ha, hb;   /* the test miniport keeps one driver handle */
	void *p;

	(void)state;
	rt_fixture_setup(&fa);
	da = tm_load(&fa);
	ha = tm_log.driver_handle;
	aa = tm_init(da, NULL);
	rt_fixture_setup(&fb);       /* this thread now works for B */
	tm_log.n = 0;
	db = tm_load(&fb);
	hb = tm_log.driver_handle;
	ab = tm_init(db, NULL);
	assert_ptr_not_equal(aa->na.handle, ab->na.handle);

	/* A's handle used while in B: foreign, reported by B only */
	p = NdisAllocateMemoryWithTagPriority(aa->na.handle, 64, 0, NormalPoolPriority);
	assert_null(p);
	assert_int_equal(ndisdma_report_count(fb.m, "HANDLE"), 1);
	assert_int_equal(ndisdma_report_count(fa.m, NULL), 0);
	assert_true(ndisdma_report_at(fb.m, 0, &r));
	assert_non_null(strstr(r.message, "foreign"));
	fb.expected_reports = 1;

	/* both run independently */
	assert_int_equal(ndisdma_adapter_restart(ab, NULL, 0), 0);
	ndisdma_thread_enter(fa.m);
	assert_int_equal(ndisdma_adapter_restart(aa, NULL, 0), 0);
	ndisdma_adapter_halt(aa);
	tm_log.driver_handle = ha;
	ndisdma_driver_unload(da);
	rt_fixture_check(&fa);
	ndisdma_adapter_halt(ab);   /* the runtime enters B for B's driver */
	tm_log.driver_handle = hb;
	ndisdma_driver_unload(db);
	ndisdma_thread_enter(fb.m);
	rt_fixture_teardown(&fb);
	ndisdma_thread_enter(fa.m);
	rt_fixture_teardown(&fa);
}

/* A stale adapter handle after halt is reported, not dereferenced. */
static void stale_adapter_handle(void **state)
{
	struct rt_fixture f;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	NDIS_HANDLE h;

	(void)state;
	rt_fixture_setup(&f);
	d = tm_load(&f);
	a = tm_init(d, NULL);
	h = a->na.handle;
	ndisdma_adapter_halt(a);
	assert_null(NdisAllocateIoWorkItem(h));
	NdisMPauseComplete(h);
	assert_int_equal(ndisdma_report_count(f.m, "HANDLE"), 2);
	f.expected_reports = 2;
	ndisdma_driver_unload(d);
	rt_fixture_teardown(&f);
}

/* NdisMSetMiniportAttributes: revision -> BAD_VERSION, size or type ->
 * INVALID_PARAMETER (REG-HEADER each); IRQL above PASSIVE -> IRQL with the
 * current IRQL in the facts. */
static void attribute_rows(void **state)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES r;
	NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES g;
	PNDIS_MINIPORT_ADAPTER_ATTRIBUTES ra = (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&r;
	PNDIS_MINIPORT_ADAPTER_ATTRIBUTES ga = (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&g;
	const struct vf_record *rec;
	struct rt_fixture f;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	KIRQL old;

	(void)state;
	rt_fixture_setup(&f);
	d = tm_load(&f);
	a = tm_init(d, NULL);
	memset(&r, 0, sizeof(r));
	r.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	r.Header.Revision = 3;
	r.Header.Size = sizeof(r);
	r.MiniportAdapterContext = a->na.context;
	assert_int_equal(NdisMSetMiniportAttributes(a->na.handle, ra), NDIS_STATUS_BAD_VERSION);
	r.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
	r.Header.Size = 8;
	assert_int_equal(NdisMSetMiniportAttributes(a->na.handle, ra), NDIS_STATUS_INVALID_PARAMETER);
	r.Header.Type = 0x42;
	assert_int_equal(NdisMSetMiniportAttributes(a->na.handle, ra), NDIS_STATUS_INVALID_PARAMETER);
	memset(&g, 0, sizeof(g));
	g.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
	g.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	g.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
	assert_int_equal(NdisMSetMiniportAttributes(a->na.handle, ga), NDIS_STATUS_INVALID_PARAMETER);
	assert_int_equal(ndisdma_report_count(f.m, "REG-HEADER"), 4);
	/* the flags recorded by the successful call stand */
	assert_int_equal(a->na.attribute_flags & NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER, 0x40);
	g.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	g.MtuSize = 9000;
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	assert_int_equal(NdisMSetMiniportAttributes(a->na.handle, ga), NDIS_STATUS_FAILURE);
	KeLowerIrql(old);
	assert_int_equal(ndisdma_report_count(f.m, "IRQL"), 1);
	rec = vf_record_at(f.m->vf, 4);
	assert_non_null(rec);
	assert_int_equal(rec->rule, VF_IRQL);
	assert_int_equal(rec->facts.irql, DISPATCH_LEVEL);
	assert_int_equal(NdisMSetMiniportAttributes(a->na.handle, ga), NDIS_STATUS_SUCCESS);
	assert_int_equal(a->na.general.MtuSize, 9000);
	f.expected_reports = 5;
	ndisdma_driver_unload(d);
	rt_fixture_teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(registration_rows),
		cmocka_unit_test(characteristics_copied),
		cmocka_unit_test(driver_entry_outcomes),
		cmocka_unit_test(two_machines),
		cmocka_unit_test(stale_adapter_handle),
		cmocka_unit_test(attribute_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
