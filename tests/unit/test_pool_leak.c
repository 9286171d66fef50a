/* test_pool_leak.c — what a driver leaves at unload (POOL-LEAK,
 * LOOKASIDE-LEAK): one report per allocation site and tag with the count
 * and bytes, in allocation order, the site printed as file:line; pool,
 * contiguous memory, MDLs, RW locks with no owner handle and lookaside
 * lists all reclaimed (the machine's pools back at baseline); and
 * attribution by code module: a shared object's blocks are its own, and
 * drivers sharing a module (built-in ones) are checked with the last.
 *
 * The built-in drivers live in this test's binary, so the test's own calls
 * below stand for their code (same module), as a driver's would. */
#include <stdlib.h>

#include "runtime_miniport.h"

#define TAG_LEAK 'kaeL'
#define TAG_OTHR 'rhtO'

struct leak_fixture {
	struct rt_fixture f;
	char *text;
	size_t len;
	FILE *out;
};

static void lf_setup(struct leak_fixture *x)
{
	struct ndisdma_config c;
	char err[256] = "";

	tm_reset();
	x->text = NULL;
	x->out = open_memstream(&x->text, &x->len);
	assert_non_null(x->out);
	ndisdma_config_init(&c);
	c.report_text = x->out;
	assert_int_equal(ndisdma_machine_create(&c, &x->f.m, err, sizeof(err)), 0);
	ndisdma_thread_enter(x->f.m);
	ndisdma_machine_pools(x->f.m, &x->f.base);
	x->f.expected_reports = 0;
}

static void lf_teardown(struct leak_fixture *x)
{
	rt_fixture_teardown(&x->f);
	fclose(x->out);
	free(x->text);
}

static const char *message(struct rt_fixture *f, size_t i)
{
	static struct ndisdma_report r;

	return ndisdma_report_at(f->m, i, &r) ? r.message : "";
}

static PVOID volatile leaked_last;   /* never read: volatile keeps the store */

/* One call site, however often it runs (not inlined, and not a tail call:
 * the site is the return address). */
static __attribute__((noinline)) void leak_at_one_site(int *line)
{
	*line = __LINE__ + 1;
	leaked_last = ExAllocatePoolWithTag(NonPagedPoolNx, 100, TAG_LEAK);
}

static void test_unload_reports_each_site(void **state)
{
	struct leak_fixture x;
	struct ndisdma_driver *d;
	NPAGED_LOOKASIDE_LIST *la;
	PHYSICAL_ADDRESS high;
	char where[64];
	int line;
	PVOID e[2];

	lf_setup(&x);
	d = tm_load(&x.f);
	for (int i = 0; i < 3; i++)
		leak_at_one_site(&line);
	ExAllocatePoolWithTag(PagedPool, 50, TAG_OTHR);
	high.QuadPart = -1;
	assert_non_null(MmAllocateContiguousMemory(8192, high));
	assert_non_null(IoAllocateMdl(&x, 64, FALSE, FALSE, NULL));
	assert_non_null(NdisAllocateRWLock(NULL));
	/* a list never deleted, two entries cached, its head in leaked pool */
	la = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*la), TAG_OTHR);
	ExInitializeNPagedLookasideList(la, NULL, NULL, 0, 32, TAG_OTHR, 0);
	e[0] = ExAllocateFromNPagedLookasideList(la);
	e[1] = ExAllocateFromNPagedLookasideList(la);
	ExFreeToNPagedLookasideList(la, e[0]);
	ExFreeToNPagedLookasideList(la, e[1]);

	ndisdma_driver_unload(d);
	assert_int_equal(ndisdma_report_count(x.f.m, "LOOKASIDE-LEAK"), 1);
	assert_non_null(strstr(message(&x.f, 0), "driver unload: lookaside list"));
	assert_non_null(strstr(message(&x.f, 0), "2 cached entries reclaimed"));
	assert_int_equal(ndisdma_report_count(x.f.m, "POOL-LEAK"), 6);
	/* allocation order; the list's cached entries are not leaks of their own */
	assert_string_equal(message(&x.f, 1),
			    "driver unload: 3 pool blocks of tag 'Leak' (300 bytes) still allocated; reclaimed");
	assert_string_equal(message(&x.f, 2),
			    "driver unload: 1 pool block of tag 'Othr' (50 bytes) still allocated; reclaimed");
	assert_string_equal(message(&x.f, 3),
			    "driver unload: 1 contiguous memory block (8192 bytes) still allocated; reclaimed");
	assert_non_null(strstr(message(&x.f, 4), "driver unload: 1 MDL (IoAllocateMdl)"));
	assert_non_null(strstr(message(&x.f, 5), "1 NDIS_RW_LOCK_EX object of tag 'RWLK'"));
	assert_non_null(strstr(message(&x.f, 6), "1 pool block of tag 'Othr'"));   /* the head */
	/* the printed report names the allocating line */
	fflush(x.out);
	snprintf(where, sizeof(where), "test_pool_leak.c:%d)", line);
	if (system("command -v addr2line >/dev/null 2>&1") == 0)
		assert_non_null(strstr(x.text, where));
	assert_non_null(strstr(x.text, "(Windows: Driver Verifier bug check 0xC4 P1=0x62)"));
	x.f.expected_reports = 7;
	lf_teardown(&x);   /* every block reclaimed: pools at baseline */
}

/* A second built-in driver: the same module as tm. */
static NDIS_HANDLE twin_handle;

static VOID twin_unload(PDRIVER_OBJECT o)
{
	(void)o;
	NdisMDeregisterMiniportDriver(twin_handle);
}

static int32_t twin_entry(void *driver_object, void *registry_path)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS c;

	tm_fill_chars(&c);
	c.UnloadHandler = twin_unload;
	return NdisMRegisterMiniportDriver(driver_object, registry_path, NULL, &c, &twin_handle);
}

static void test_shared_module_checked_with_the_last(void **state)
{
	struct leak_fixture x;
	struct ndisdma_driver *d, *twin = NULL;
	char err[256];

	lf_setup(&x);
	d = tm_load(&x.f);
	assert_int_equal(ndisdma_driver_load_builtin(x.f.m, "twin", twin_entry, &twin, err,
						     sizeof(err)), 0);
	ExAllocatePoolWithTag(NonPagedPool, 10, TAG_LEAK);
	ndisdma_driver_unload(d);
	assert_int_equal(ndisdma_report_count(x.f.m, NULL), 0);   /* twin may own it */
	ndisdma_driver_unload(twin);
	assert_int_equal(ndisdma_report_count(x.f.m, "POOL-LEAK"), 1);
	x.f.expected_reports = 1;
	lf_teardown(&x);
}

static void test_shared_object_blamed_alone(void **state)
{
	struct leak_fixture x;
	struct ndisdma_driver *d, *so = NULL;
	char err[256];
	PVOID mine;

	lf_setup(&x);
	d = tm_load(&x.f);
	mine = ExAllocatePoolWithTag(NonPagedPool, 10, TAG_LEAK);
	if (ndisdma_driver_load(x.f.m, RT_SO_LEAKY_POOL, &so, err, sizeof(err)))
		fail_msg("load: %s", err);
	ndisdma_driver_unload(so);
	assert_int_equal(ndisdma_report_count(x.f.m, "POOL-LEAK"), 1);
	assert_string_equal(message(&x.f, 0),
			    "driver unload: 2 pool blocks of tag 'Laky' (128 bytes) still allocated; reclaimed");
	ExFreePool(mine);                                  /* not taken with the .so's */
	ndisdma_driver_unload(d);
	x.f.expected_reports = 1;
	lf_teardown(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unload_reports_each_site),
		cmocka_unit_test(test_shared_module_checked_with_the_last),
		cmocka_unit_test(test_shared_object_blamed_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
