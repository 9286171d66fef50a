/* test_wpp_trace.c — the WPP runtime entries (src/wdm/wpp_trace.c,
 * include/wdk/ndisdma_wdk_wpp.h; docs/wpp.md): WPP_INIT_TRACING gives the
 * control blocks the machine's session, WPP_CLEANUP takes it back, a trace
 * message is one line of the run's log formatted by src/fmt, and the
 * public session API (ndisdma_trace_session).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "ndisdma_wdk_wpp.h"
#include <ndisdma/ndisdma.h>
#include "runtime/runtime.h"

static FILE *log_file;

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

static void setup_log(struct th *t)
{
	th_setup(t, NULL);
	log_file = tmpfile();
	assert_non_null(log_file);
	t->k->config.trace_file = log_file;
}

static void teardown_log(struct th *t)
{
	t->k->config.trace_file = NULL;
	fclose(log_file);
	th_teardown(t);
}

static void test_init_cleanup(void **state)
{
	struct th t;
	NDISDMA_WPP_CONTROL_BLOCK cb[2];

	setup_log(&t);
	memset(cb, 0, sizeof(cb));
	/* default: no session */
	NdisDmaWppInit(cb, 2);
	assert_true(cb[0].Initialized && cb[1].Initialized);
	assert_int_equal(cb[0].Level, 0);
	assert_int_equal(cb[1].Flags[0], 0);
	atomic_store(&t.k->debug.wpp_level, 4);
	atomic_store(&t.k->debug.wpp_flags, 0x5);
	NdisDmaWppInit(cb, 2);
	assert_int_equal(cb[0].Level, 4);
	assert_int_equal(cb[1].Level, 4);
	assert_int_equal(cb[0].Flags[0], 0x5);
	assert_int_equal(cb[0].FlagsLen, 1);
	NdisDmaWppCleanup(cb, 2);
	assert_false(cb[0].Initialized || cb[1].Initialized);
	assert_int_equal(cb[0].Flags[0], 0);
	NdisDmaWppInit(NULL, 3);       /* nothing to do, no crash */
	NdisDmaWppCleanup(NULL, 3);
	teardown_log(&t);
}

static void test_trace_line(void **state)
{
	struct th t;
	UNICODE_STRING name;

	setup_log(&t);
	RtlInitUnicodeString(&name, L"vhub0");
	NdisDmaWppTrace("/x/y/Device.c", 17, "MpInit", "TRACE_LEVEL_ERROR", "DBG_INIT", "",
			"%!FUNC! failed %!STATUS! %lx %I64x %wZ %ws\n", 0xc000009au, 0xffffffffu,
			0x123456789ull, &name, L"wide");
	NdisDmaWppTrace("Rx.c", 3, "f", "", "", "", "lvl=%!LEVEL! a\nb");
	assert_string_equal(take_log(),
			    "WPP Device.c:17: MpInit failed 0xc000009a(STATUS_INSUFFICIENT_RESOURCES)"
			    " ffffffff 123456789 vhub0 wide\n"
			    "WPP Rx.c:3: lvl= a\\nb\n");
	teardown_log(&t);
}

static void test_long_line(void **state)
{
	struct th t;
	char big[1500];

	setup_log(&t);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	NdisDmaWppTrace("a.c", 1, "f", "", "", "", "%s", big);
	const char *log = take_log();
	assert_non_null(strstr(log, " [cut at 1024 bytes: 476 more]\n"));
	teardown_log(&t);
}

static void test_public_session(void **state)
{
	struct ndisdma_machine *m;
	char err[128];

	assert_int_equal(ndisdma_machine_create(NULL, &m, err, sizeof(err)), 0);
	assert_int_equal(atomic_load(&m->k->debug.wpp_level), 0);
	assert_int_equal(atomic_load(&m->k->debug.wpp_flags), 0);
	ndisdma_trace_session(m, 5, 0x3);
	assert_int_equal(atomic_load(&m->k->debug.wpp_level), 5);
	assert_int_equal(atomic_load(&m->k->debug.wpp_flags), 0x3);
	ndisdma_machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_cleanup),
		cmocka_unit_test(test_trace_line),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_public_session),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
