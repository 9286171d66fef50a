/* test_dbgprint.c — DbgPrint, DbgPrintEx, vDbgPrintEx(WithPrefix) (facts
 * §7; src/wdm/dbg_print.c): one log line per call, the component/level
 * filter, 512-byte lines, escapes, the IRQL rule for Unicode conversions,
 * no floating point; RtlAssert (ASSERT-FAILED) and DbgBreakPoint
 * (BREAKPOINT); the public filter API (ndisdma_dbgprint_filter).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include <ndisdma/ndisdma.h>

static FILE *log_file;

static void setup_log(struct th *t)
{
	th_setup(t, NULL);
	log_file = tmpfile();
	assert_non_null(log_file);
	t->k->config.trace_file = log_file;
}

/* The log so far, then empties it. */
static const char *take_log(void)
{
	static char text[8192];
	size_t n;

	fflush(log_file);
	rewind(log_file);
	n = fread(text, 1, sizeof(text) - 1, log_file);
	text[n] = '\0';
	fclose(log_file);
	log_file = tmpfile();
	kernel_current()->config.trace_file = log_file;
	return text;
}

static void teardown_log(struct th *t)
{
	t->k->config.trace_file = NULL;
	fclose(log_file);
	th_teardown(t);
}

static void test_lines(void **state)
{
	struct th t;

	setup_log(&t);
	assert_int_equal(DbgPrint("hello %d %lx %I64X\n", 5, 0xffffffffu, 0xabcull), STATUS_SUCCESS);
	assert_int_equal(DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL, "w%s\n", "x"),
			 STATUS_SUCCESS);
	DbgPrintEx(200, 7, "odd\n");
	DbgPrintEx(DPFLTR_IHVBUS_ID, DPFLTR_MASK | 0x30, "masked\n");
	assert_string_equal(take_log(),
			    "DbgPrint: hello 5 ffffffff ABC\n"
			    "DbgPrintEx IHVDRIVER WARNING: wx\n"
			    "DbgPrintEx component 200 level 7: odd\n"
			    "DbgPrintEx IHVBUS mask 0x30: masked\n");
	/* control characters never break the line; trailing newlines end it */
	DbgPrint("a\nb\tc\x01\r\n\n");
	assert_string_equal(take_log(), "DbgPrint: a\\nb\tc\\x01\n");
	/* no floating point in DbgPrint: printed as written, argument consumed */
	DbgPrint("%.1f then %d\n", 2.5, 7);
	assert_string_equal(take_log(), "DbgPrint: %.1f then 7\n");
	assert_int_equal(DbgPrint(NULL), (ULONG)STATUS_INVALID_PARAMETER);
	assert_string_equal(take_log(), "");
	teardown_log(&t);
}

static ULONG with_prefix(const char *prefix, ULONG id, ULONG level, const char *format, ...)
{
	va_list ap;
	ULONG status;

	va_start(ap, format);
	status = prefix != NULL ? vDbgPrintExWithPrefix(prefix, id, level, format, ap)
				: vDbgPrintEx(id, level, format, ap);
	va_end(ap);
	return status;
}

static void test_va_list_forms(void **state)
{
	struct th t;

	setup_log(&t);
	assert_int_equal(with_prefix(NULL, DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "n=%u\n", 3u),
			 STATUS_SUCCESS);
	with_prefix("[nic0] ", DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "n=%u\n", 4u);
	assert_string_equal(take_log(), "DbgPrintEx IHVNETWORK INFO: n=3\n"
			    "DbgPrintEx IHVNETWORK ERROR: [nic0] n=4\n");
	teardown_log(&t);
}

/* facts §7: printed when (1 << Level, or Level >= 32 itself) meets
 * component mask | system mask. */
static void test_filter(void **state)
{
	struct th t;

	setup_log(&t);
	atomic_store(&t.k->debug.system_mask, 0x1);   /* Windows' default */
	DbgPrint("info, hidden\n");
	DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "error shown\n");
	DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_TRACE_LEVEL, "trace hidden\n");
	assert_string_equal(take_log(), "DbgPrintEx IHVNETWORK ERROR: error shown\n");
	atomic_store(&t.k->debug.system_mask, 0);
	atomic_store(&t.k->debug.component_mask[DPFLTR_IHVNETWORK_ID], 0x4);
	DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_TRACE_LEVEL, "net trace\n");
	DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "net error hidden\n");
	DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "driver trace hidden\n");
	DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_MASK | 0x6, "mask meets 0x4\n");
	DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_MASK | 0x8, "mask misses\n");
	DbgPrintEx(999, DPFLTR_ERROR_LEVEL, "past the table: system mask only\n");
	assert_string_equal(take_log(), "DbgPrintEx IHVNETWORK TRACE: net trace\n"
			    "DbgPrintEx IHVNETWORK mask 0x6: mask meets 0x4\n");
	atomic_store(&t.k->debug.system_mask, KERNEL_DBG_DEFAULT_MASK);
	DbgPrintEx(999, 31, "level 31\n");
	assert_string_equal(take_log(), "DbgPrintEx component 999 level 31: level 31\n");
	teardown_log(&t);
}

/* Windows sends 512 bytes per call: the line keeps 511 and says what was cut. */
static void test_512_bytes(void **state)
{
	struct th t;
	char want[700], big[601];

	setup_log(&t);
	memset(big, 'q', 600);
	big[600] = '\0';
	DbgPrint("%s", big);
	snprintf(want, sizeof(want), "DbgPrint: %.511s [cut at 512 bytes: 89 more]\n", big);
	assert_string_equal(take_log(), want);
	/* a UTF-8 character is not cut in half: 510 bytes + a 3-byte euro sign */
	DbgPrint("%.510s%ws", big, L"\u20ac");
	snprintf(want, sizeof(want), "DbgPrint: %.510s [cut at 512 bytes: 3 more]\n", big);
	assert_string_equal(take_log(), want);
	teardown_log(&t);
}

/* facts §7: the Unicode conversions are valid only at PASSIVE_LEVEL. */
static void test_unicode_irql(void **state)
{
	struct th t;
	UNICODE_STRING u = RTL_CONSTANT_STRING(L"nic");

	setup_log(&t);
	DbgPrint("%wZ %ws\n", &u, L"at passive");
	TH_AT_DISPATCH(DbgPrint("%s %d\n", "narrow at dispatch", 1));
	th_assert_reports(&t);
	TH_AT_DISPATCH(DbgPrint("%wZ\n", &u));
	th_expect(&t, VF_IRQL, 1);
	assert_string_equal(take_log(), "DbgPrint: nic at passive\n"
			    "DbgPrint: narrow at dispatch 1\n" "DbgPrint: nic\n");
	teardown_log(&t);
}

static void test_assert_and_breakpoint(void **state)
{
	struct th t;
	const struct vf_record *rec;

	setup_log(&t);
	RtlAssert((PVOID)"x == 1", (PVOID)"drv.c", 42, (PSTR)"why");
	th_expect(&t, VF_ASSERT_FAILED, 1);
	rec = vf_record_at(t.vf, vf_stored(t.vf) - 1);
	assert_string_equal(rec->message, "assertion failed: x == 1 (\"why\") at drv.c:42");
	assert_non_null(rec->facts.call_site);
	DbgBreakPoint();
	DbgBreakPointWithStatus(0x80000003);
	th_expect(&t, VF_BREAKPOINT, 2);
	const char *log = take_log();
	assert_non_null(strstr(log, "*** Assertion failed: why x == 1 (Source File: drv.c, line 42)\n"));
	assert_non_null(strstr(log, "*** DbgBreakPoint at "));
	assert_non_null(strstr(log, "*** DbgBreakPointWithStatus(0x80000003) at "));
	teardown_log(&t);
}

/* The macros (DBG is 1 by default): each evaluates its expression once. */
static int evaluations;
static int count(int v)
{
	evaluations++;
	return v;
}

static void test_assert_macros(void **state)
{
	struct th t;

	setup_log(&t);
	assert_int_equal(DBG, 1);
	ASSERT(count(1) == 1);
	NT_ASSERT(count(1));
	ASSERTMSG("fine", count(2) == 2);
	th_assert_reports(&t);
	assert_int_equal(evaluations, 3);
	ASSERT(count(0));
	NT_ASSERTMSG("msg", count(0));
	th_expect(&t, VF_ASSERT_FAILED, 2);
	assert_true(NT_VERIFY(count(5)) == TRUE);
	assert_true(NT_VERIFYMSG("m", count(0)) == FALSE);
	th_expect(&t, VF_ASSERT_FAILED, 1);
	assert_int_equal(evaluations, 7);
	KdPrint(("kd %d\n", 1));
	KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "kdex\n"));
	KdBreakPoint();
	th_expect(&t, VF_BREAKPOINT, 1);
	const char *log = take_log();
	assert_non_null(strstr(log, "DbgPrint: kd 1\nDbgPrintEx IHVDRIVER ERROR: kdex\n"));
	teardown_log(&t);
}

/* The public API: a machine's filter, set and read back. */
static void test_public_filter(void **state)
{
	struct ndisdma_machine *m;
	char err[128];

	assert_int_equal(ndisdma_machine_create(NULL, &m, err, sizeof(err)), 0);
	assert_int_equal(ndisdma_dbgprint_mask(m, NDISDMA_DBGPRINT_SYSTEM), 0xFFFFFFFFu);
	assert_int_equal(ndisdma_dbgprint_mask(m, 80), 0);
	assert_int_equal(ndisdma_dbgprint_filter(m, NDISDMA_DBGPRINT_SYSTEM, 1), 0);
	assert_int_equal(ndisdma_dbgprint_filter(m, 80, 0xF), 0);
	assert_int_equal(ndisdma_dbgprint_filter(m, 256, 1), -EINVAL);
	assert_int_equal(ndisdma_dbgprint_filter(m, -2, 1), -EINVAL);
	assert_int_equal(ndisdma_dbgprint_mask(m, NDISDMA_DBGPRINT_SYSTEM), 1);
	assert_int_equal(ndisdma_dbgprint_mask(m, 80), 0xF);
	assert_int_equal(ndisdma_dbgprint_mask(m, 300), 0);
	ndisdma_machine_destroy(m);
}

/* Outside any machine a line goes to stderr. */
static void test_no_machine(void **state)
{
	struct kernel *prev = kernel_enter(NULL);
	FILE *capture = tmpfile();
	int saved = dup(STDERR_FILENO);
	char text[256];
	size_t n;

	fflush(stderr);
	dup2(fileno(capture), STDERR_FILENO);
	assert_int_equal(DbgPrint("alone %d\n", 9), STATUS_SUCCESS);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(capture);
	n = fread(text, 1, sizeof(text) - 1, capture);
	text[n] = '\0';
	fclose(capture);
	kernel_enter(prev);
	assert_string_equal(text, "DbgPrint: alone 9\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_va_list_forms),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_512_bytes),
		cmocka_unit_test(test_unicode_irql),
		cmocka_unit_test(test_assert_and_breakpoint),
		cmocka_unit_test(test_assert_macros),
		cmocka_unit_test(test_public_filter),
		cmocka_unit_test(test_no_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
