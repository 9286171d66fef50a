/* test_ndis_surface_sys.c — the NDIS system services of
 * ndisdma_wdk_ndis_sys.h and the NblFlags macros: NdisSetNblFlag and
 * friends with the NDIS_NBL_FLAGS_* values, NdisGetSystemUpTimeEx against
 * the tick count, NdisGeneratePartialCancelId's sequence, the NDIS string
 * routines (results, NDIS_STATUS_BUFFER_OVERFLOW leaving the destination
 * unchanged, IRQL and NULL reports), NDIS_MUTEX over KMUTEX, the processor
 * queries, and NdisMQueryAdapterInstanceName (src/ndis/event_time.c,
 * cancel_id.c, ndis_string.c, processors.c, instance_name.c).
 * test_ndis_surface_mapped.c covers a runtime adapter's mapped memory.
 */
#include <string.h>

#include "harness.h"

static void test_nbl_flags(void **state)
{
	NET_BUFFER_LIST nbl;

	(void)state;
	assert_int_equal(NDIS_NBL_FLAGS_SEND_READ_ONLY, 0x1);
	assert_int_equal(NDIS_NBL_FLAGS_RECV_READ_ONLY, 0x2);
	assert_int_equal(NDIS_NBL_FLAGS_HD_SPLIT, 0x100);
	assert_int_equal(NDIS_NBL_FLAGS_SPLIT_AT_UPPER_LAYER_PROTOCOL_HEADER, 0x200);
	assert_int_equal(NDIS_NBL_FLAGS_SPLIT_AT_UPPER_LAYER_PROTOCOL_PAYLOAD, 0x400);
	assert_int_equal(NDIS_NBL_FLAGS_IS_TCP, 0x1000);
	assert_int_equal(NDIS_NBL_FLAGS_IS_UDP, 0x2000);
	assert_int_equal(NDIS_NBL_FLAGS_IS_IPV4, 0x4000);
	assert_int_equal(NDIS_NBL_FLAGS_IS_IPV6, 0x8000);

	memset(&nbl, 0, sizeof(nbl));
	nbl.Flags = 0xA5A5;   /* a different field: left alone */
	NdisSetNblFlag(&nbl, NDIS_NBL_FLAGS_IS_IPV4);
	NdisSetNblFlag(&nbl, NDIS_NBL_FLAGS_IS_TCP | NDIS_NBL_FLAGS_HD_SPLIT);
	assert_int_equal(NET_BUFFER_LIST_NBL_FLAGS(&nbl), 0x5100);
	assert_true(NdisTestNblFlag(&nbl, NDIS_NBL_FLAGS_IS_TCP));
	assert_false(NdisTestNblFlag(&nbl, NDIS_NBL_FLAGS_IS_UDP));
	/* one of them set is enough for Flag, all of them for Flags */
	assert_true(NdisTestNblFlag(&nbl, NDIS_NBL_FLAGS_IS_UDP | NDIS_NBL_FLAGS_IS_TCP));
	assert_false(NdisTestNblFlags(&nbl, NDIS_NBL_FLAGS_IS_UDP | NDIS_NBL_FLAGS_IS_TCP));
	assert_true(NdisTestNblFlags(&nbl, NDIS_NBL_FLAGS_IS_IPV4 | NDIS_NBL_FLAGS_IS_TCP));
	NdisClearNblFlag(&nbl, NDIS_NBL_FLAGS_IS_TCP);
	assert_int_equal(nbl.NblFlags, 0x4100);
	assert_false(NdisTestNblFlag(&nbl, NDIS_NBL_FLAGS_IS_TCP));
	assert_int_equal(nbl.Flags, 0xA5A5);
	/* as statements in a branch, the way drivers write them */
	if (nbl.NblFlags)
		NdisClearNblFlag(&nbl, NDIS_NBL_FLAGS_IS_IPV4 | NDIS_NBL_FLAGS_HD_SPLIT);
	else
		NdisSetNblFlag(&nbl, NDIS_NBL_FLAGS_IS_IPV6);
	assert_int_equal(nbl.NblFlags, 0);
}

static void test_uptime(void **state)
{
	struct th t;
	LARGE_INTEGER before, up, after, up2;
	ULONG inc = KeQueryTimeIncrement();

	(void)state;
	th_setup(&t, NULL);
	KeQueryTickCount(&before);
	NdisGetSystemUpTimeEx(&up);
	KeQueryTickCount(&after);
	/* milliseconds of the tick count at the call */
	assert_true(up.QuadPart >= before.QuadPart * inc / 10000);
	assert_true(up.QuadPart <= after.QuadPart * inc / 10000);
	assert_true(up.QuadPart == before.QuadPart * inc / 10000 ||
		    up.QuadPart == after.QuadPart * inc / 10000);
	/* any IRQL, and never backwards */
	KIRQL old;
	KeRaiseIrql(HIGH_LEVEL, &old);
	NdisGetSystemUpTimeEx(&up2);
	KeLowerIrql(old);
	assert_true(up2.QuadPart >= up.QuadPart);
	NdisGetSystemUpTimeEx(NULL);
	th_expect(&t, VF_KE_ARG, 1);
	th_teardown(&t);
}

static void test_partial_cancel_id(void **state)
{
	struct th t;
	unsigned seen[256] = { 0 };
	UCHAR first, prev;

	(void)state;
	th_setup(&t, NULL);
	first = prev = NdisGeneratePartialCancelId();
	seen[first]++;
	for (int i = 1; i < 256; i++) {
		UCHAR id;

		if (i % 2)
			TH_AT_DISPATCH(id = NdisGeneratePartialCancelId());
		else
			id = NdisGeneratePartialCancelId();
		assert_int_equal(id, (UCHAR)(prev + 1));   /* each call a new one */
		seen[id]++;
		prev = id;
	}
	for (int v = 0; v < 256; v++)
		assert_int_equal(seen[v], 1);   /* 256 calls: every value once */
	assert_int_equal(NdisGeneratePartialCancelId(), first);   /* wrapped */
	/* above DISPATCH_LEVEL: reported, and still a new id */
	KIRQL old;
	KeRaiseIrql(HIGH_LEVEL, &old);
	prev = NdisGeneratePartialCancelId();
	KeLowerIrql(old);
	assert_int_equal(prev, (UCHAR)(first + 1));
	th_expect(&t, VF_IRQL, 1);
	th_teardown(&t);
}

static void test_init_and_equal(void **state)
{
	struct th t;
	NDIS_STRING a, b, c;
	BOOLEAN eq = FALSE;

	(void)state;
	th_setup(&t, NULL);
	NdisInitUnicodeString(&a, L"Speed");
	assert_ptr_equal(a.Buffer, L"Speed");
	assert_int_equal(a.Length, 10);
	assert_int_equal(a.MaximumLength, 12);
	NdisInitUnicodeString(&c, NULL);
	assert_int_equal(c.Length + c.MaximumLength, 0);
	TH_AT_DISPATCH(NdisInitUnicodeString(&b, L"SPEED"));   /* <= DISPATCH */
	assert_int_equal(b.Length, 10);
	assert_false(NdisEqualString(&a, &b, FALSE));
	assert_true(NdisEqualString(&a, &b, TRUE));
	assert_true(NdisEqualString(&a, &a, FALSE));
	NdisInitUnicodeString(&c, L"Speeds");
	assert_false(NdisEqualString(&a, &c, TRUE));
	/* PASSIVE_LEVEL only: reported, the answer still given */
	TH_AT_DISPATCH(eq = NdisEqualString(&a, &b, TRUE));
	assert_true(eq);
	th_expect(&t, VF_IRQL, 1);
	assert_false(NdisEqualString(&a, NULL, TRUE));
	NdisInitUnicodeString(NULL, L"x");
	th_expect(&t, VF_RTL_ARGUMENT, 2);
	th_teardown(&t);
}

static void test_conversions(void **state)
{
	struct th t;
	NDIS_ANSI_STRING ansi;
	NDIS_STRING uni;
	WCHAR wbuf[8];
	CHAR cbuf[8];
	NDIS_STATUS st = 0;

	(void)state;
	th_setup(&t, NULL);
	RtlInitAnsiString(&ansi, "eth0");
	uni.Buffer = wbuf;
	uni.Length = 0;
	uni.MaximumLength = sizeof(wbuf);
	assert_int_equal(NdisAnsiStringToUnicodeString(&uni, &ansi), NDIS_STATUS_SUCCESS);
	assert_ptr_equal(uni.Buffer, wbuf);   /* the caller's buffer */
	assert_int_equal(uni.Length, 8);
	assert_memory_equal(wbuf, L"eth0", 10);

	/* too small: NDIS_STATUS_BUFFER_OVERFLOW, destination unchanged */
	RtlInitAnsiString(&ansi, "ethernet0");
	assert_int_equal(NdisAnsiStringToUnicodeString(&uni, &ansi), NDIS_STATUS_BUFFER_OVERFLOW);
	assert_int_equal(uni.Length, 8);
	assert_memory_equal(wbuf, L"eth0", 10);

	NdisInitUnicodeString(&uni, L"Wake\x00C4");   /* UTF-16 to UTF-8 */
	ansi.Buffer = cbuf;
	ansi.Length = 0;
	ansi.MaximumLength = sizeof(cbuf);
	assert_int_equal(NdisUnicodeStringToAnsiString(&ansi, &uni), NDIS_STATUS_SUCCESS);
	assert_ptr_equal(ansi.Buffer, cbuf);
	assert_int_equal(ansi.Length, 6);
	assert_memory_equal(cbuf, "Wake\xC3\x84", 7);
	NdisInitUnicodeString(&uni, L"WakeOnMagic");
	ansi.MaximumLength = 4;
	assert_int_equal(NdisUnicodeStringToAnsiString(&ansi, &uni), NDIS_STATUS_BUFFER_OVERFLOW);
	assert_int_equal(ansi.Length, 6);
	assert_memory_equal(cbuf, "Wake\xC3\x84", 7);

	/* PASSIVE_LEVEL only; NULL strings: RTL-ARGUMENT and NDIS_STATUS_FAILURE */
	ansi.MaximumLength = sizeof(cbuf);
	NdisInitUnicodeString(&uni, L"ab");
	TH_AT_DISPATCH(st = NdisUnicodeStringToAnsiString(&ansi, &uni));
	assert_int_equal(st, NDIS_STATUS_SUCCESS);
	assert_int_equal(ansi.Length, 2);
	th_expect(&t, VF_IRQL, 1);
	assert_int_equal(NdisAnsiStringToUnicodeString(NULL, &ansi), NDIS_STATUS_FAILURE);
	assert_int_equal(NdisUnicodeStringToAnsiString(&ansi, NULL), NDIS_STATUS_FAILURE);
	th_expect(&t, VF_RTL_ARGUMENT, 2);
	th_teardown(&t);
}

static void test_upcase(void **state)
{
	struct th t;
	WCHAR src[] = L"rx\x00E9q-1", dst[8], small[2];
	UNICODE_STRING s, d, tiny;

	(void)state;
	th_setup(&t, NULL);
	RtlInitUnicodeString(&s, src);
	d.Buffer = dst;
	d.Length = 0;
	d.MaximumLength = sizeof(dst);
	assert_int_equal(NdisUpcaseUnicodeString(&d, &s), NDIS_STATUS_SUCCESS);
	assert_int_equal(d.Length, s.Length);
	assert_memory_equal(dst, L"RX\x00C9Q-1", s.Length);
	assert_memory_equal(src, L"rx\x00E9q-1", sizeof(src));   /* source untouched */
	/* in place */
	assert_int_equal(NdisUpcaseUnicodeString(&s, &s), NDIS_STATUS_SUCCESS);
	assert_memory_equal(src, L"RX\x00C9Q-1", sizeof(src));
	/* too small: unchanged */
	small[0] = small[1] = 'z';
	tiny.Buffer = small;
	tiny.Length = 0;
	tiny.MaximumLength = sizeof(small);
	assert_int_equal(NdisUpcaseUnicodeString(&tiny, &s), NDIS_STATUS_BUFFER_OVERFLOW);
	assert_int_equal(tiny.Length, 0);
	assert_int_equal(small[0], 'z');
	assert_int_equal(NdisUpcaseUnicodeString(&tiny, NULL), NDIS_STATUS_FAILURE);
	th_expect(&t, VF_RTL_ARGUMENT, 1);
	th_teardown(&t);
}

static void test_mutex(void **state)
{
	struct th t;
	NDIS_MUTEX m;
	ULONG me;

	(void)state;
	th_setup(&t, NULL);
	me = (ULONG)(ULONG_PTR)PsGetCurrentThreadId();
	memset(&m, 0xCC, sizeof(m));
	NDIS_INIT_MUTEX(&m);
	assert_int_equal(m.ThreadId, 0);
	assert_int_equal(KeReadStateMutex(&m.Mutex), 1);   /* free */
	NDIS_WAIT_FOR_MUTEX(&m);
	assert_int_equal(m.ThreadId, me);
	assert_int_equal(KeReadStateMutex(&m.Mutex), 0);   /* held */
	NDIS_WAIT_FOR_MUTEX(&m);                           /* again by its holder */
	assert_int_equal(KeReadStateMutex(&m.Mutex), -1);
	NDIS_RELEASE_MUTEX(&m);
	assert_int_equal(KeReadStateMutex(&m.Mutex), 0);
	NDIS_RELEASE_MUTEX(&m);
	assert_int_equal(m.ThreadId, 0);
	assert_int_equal(KeReadStateMutex(&m.Mutex), 1);
	/* a release by a thread that does not hold it: reported, unchanged */
	NDIS_RELEASE_MUTEX(&m);
	th_expect(&t, VF_KE_ARG, 1);
	assert_int_equal(KeReadStateMutex(&m.Mutex), 1);
	th_teardown(&t);
}

static void test_processors(void **state)
{
	struct th t;
	KAFFINITY active;
	ULONG index = 99;

	(void)state;
	th_setup(&t, NULL);
	/* docs/runtime.md "Processors": 4, one group */
	assert_int_equal(NdisSystemProcessorCount(), 4);
	assert_int_equal(NdisSystemProcessorCount(), (CCHAR)KeQueryActiveProcessorCount(&active));
	assert_int_equal(NdisMaxGroupCount(), 1);
	assert_int_equal(NdisActiveGroupCount(), 1);
	assert_int_equal(NdisGroupMaxProcessorCount(0), 4);
	assert_int_equal(NdisGroupActiveProcessorCount(0), 4);
	assert_int_equal(NdisGroupActiveProcessorCount(ALL_PROCESSOR_GROUPS), 4);
	assert_int_equal(NdisGroupMaxProcessorCount(ALL_PROCESSOR_GROUPS), 4);
	assert_int_equal(NdisGroupActiveProcessorMask(0), 0xF);
	assert_int_equal(NdisGroupActiveProcessorMask(0), active);
	/* a group that does not exist */
	assert_int_equal(NdisGroupMaxProcessorCount(1), 0);
	assert_int_equal(NdisGroupActiveProcessorCount(1), 0);
	assert_int_equal(NdisGroupActiveProcessorMask(1), 0);
	TH_AT_DISPATCH(index = NdisCurrentProcessorIndex());
	assert_true(index < 4);
	assert_int_equal(index, KeGetCurrentProcessorNumberEx(NULL));
	th_teardown(&t);
}

static void test_instance_name(void **state)
{
	struct th t;
	NDIS_STRING name;
	NDIS_STATUS st = 0;

	(void)state;
	th_setup(&t, NULL);
	/* the name the runtime gives the adapter, UTF-8 */
	strcpy(t.adapter.name, "nic \xC3\x84");
	memset(&name, 0, sizeof(name));
	assert_int_equal(NdisMQueryAdapterInstanceName(&name, t.adapter_handle),
			 NDIS_STATUS_SUCCESS);
	assert_non_null(name.Buffer);
	assert_int_equal(name.Length, 10);
	assert_int_equal(name.MaximumLength, 12);
	assert_memory_equal(name.Buffer, L"nic \x00C4", 12);   /* NUL past Length */
	NdisFreeMemory(name.Buffer, 0, 0);   /* as documented */

	/* not an adapter's handle; a NULL string; above PASSIVE_LEVEL */
	assert_int_equal(NdisMQueryAdapterInstanceName(&name, (NDIS_HANDLE)&name),
			 NDIS_STATUS_FAILURE);
	th_expect(&t, VF_HANDLE, 1);
	assert_int_equal(NdisMQueryAdapterInstanceName(NULL, t.adapter_handle),
			 NDIS_STATUS_INVALID_PARAMETER);
	th_expect(&t, VF_REG_NULL, 1);
	TH_AT_DISPATCH(st = NdisMQueryAdapterInstanceName(&name, t.adapter_handle));
	assert_int_equal(st, NDIS_STATUS_FAILURE);
	th_expect(&t, VF_IRQL, 1);
	th_teardown(&t);
}

/* Out of memory: NDIS_STATUS_RESOURCES and nothing returned. */
static void test_instance_name_fault(void **state)
{
	struct th t;
	struct th_options o;
	NDIS_STRING name = { 0 };

	(void)state;
	th_default_options(&o);
	th_setup(&t, &o);
	t.k->config.fault.mode = FAULT_NTH;   /* the next point fails */
	t.k->config.fault.nth = atomic_load(&t.k->fault_counter) + 1;
	assert_int_equal(NdisMQueryAdapterInstanceName(&name, t.adapter_handle),
			 NDIS_STATUS_RESOURCES);
	assert_string_equal(t.k->last_fault_site, "ndis.instance_name");
	assert_null(name.Buffer);
	th_teardown(&t);   /* FAULT-INJECTED counted by the harness */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nbl_flags),
		cmocka_unit_test(test_uptime),
		cmocka_unit_test(test_partial_cancel_id),
		cmocka_unit_test(test_init_and_equal),
		cmocka_unit_test(test_conversions),
		cmocka_unit_test(test_upcase),
		cmocka_unit_test(test_mutex),
		cmocka_unit_test(test_processors),
		cmocka_unit_test(test_instance_name),
		cmocka_unit_test(test_instance_name_fault),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
